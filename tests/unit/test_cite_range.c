/* test_cite_range.c - the article ranges of the instruments with a fixed
 * number of articles (search/cite_inst.c, cite_article_in_range) at their
 * edges, and what a user is told for an article past the last one.
 *
 * The Convention's structure table (cite_crc_possible) refuses article 55
 * as well, so a range one too wide is invisible to the recogniser and to
 * cite_parse_article(); it shows in the range itself and in the reason
 * cite_article_problem() gives: "the Convention has articles 1 to 54", not
 * "article 55 of the Convention has no paragraph". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "search/cite.h"
#include "search/cite_int.h"

static void test_ranges_at_the_edges(void **state)
{
	(void)state;
	static const struct {
		const char *code;
		int last;
	} r[] = {
		{ "CRC", 54 }, { "OPSC", 17 }, { "OPAC", 13 }, { "OPIC", 24 }, { "ECHR", 59 },
	};
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		if (!cite_article_in_range(r[i].code, 1) || !cite_article_in_range(r[i].code, r[i].last))
			fail_msg("%s: articles 1 and %d must be in range", r[i].code, r[i].last);
		if (cite_article_in_range(r[i].code, r[i].last + 1) || cite_article_in_range(r[i].code, 0))
			fail_msg("%s: articles 0 and %d must be out of range", r[i].code, r[i].last + 1);
	}
}

static void test_past_the_last_article(void **state)
{
	(void)state;
	struct cite c;
	char why[160];
	assert_int_equal(cite_parse_article("54", &c), 0);
	assert_int_equal(cite_parse_article("55", &c), -1);
	assert_int_equal(cite_article_problem("54", why, sizeof(why)), 0);
	assert_int_equal(cite_article_problem("55", why, sizeof(why)), -1);
	if (strstr(why, "1 to 54") == NULL)
		fail_msg("article 55: the reason should be the Convention's range, got \"%s\"", why);
	assert_int_equal(cite_article_problem("OPSC:18", why, sizeof(why)), -1);
	assert_int_equal(cite_article_problem("OPSC:17", why, sizeof(why)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges_at_the_edges),
		cmocka_unit_test(test_past_the_last_article),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
