/* test_cite_pages.c - citations name the page they start on and their
 * offsets within it (search/cite.h), also at the very edges of a page:
 * its first byte, its last, and a page of nothing but the citation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "search/cite.h"

static void scan(const char *const *pages, int n, struct cite_list *l)
{
	size_t lens[8];
	for (int i = 0; i < n; i++)
		lens[i] = strlen(pages[i]);
	cite_scan_pages(pages, lens, n, NULL, l);
}

static const struct cite *find(const struct cite_list *l, const char *ident)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].ident, ident) == 0)
			return &l->items[i];
	return NULL;
}

/* The citation begins page 2 (and page 3 is nothing else). */
static void test_citation_at_page_start(void **state)
{
	(void)state;
	static const char *const pages[] = {
		"Eerste pagina zonder verwijzing, met gewone woorden.",
		"ECLI:NL:HR:2012:BV1234 is de uitspraak waarop de rechtbank steunt.",
		"ECLI:NL:RVS:2019:1234",
	};
	struct cite_list l = { 0 };
	scan(pages, 3, &l);
	const struct cite *c = find(&l, "ECLI:NL:HR:2012:BV1234");
	assert_non_null(c);
	assert_int_equal(c->page, 2);
	assert_int_equal(c->start, 0);
	assert_int_equal(c->end, strlen("ECLI:NL:HR:2012:BV1234"));
	c = find(&l, "ECLI:NL:RVS:2019:1234");
	assert_non_null(c);
	assert_int_equal(c->page, 3);
	assert_int_equal(c->start, 0);
	assert_int_equal(c->end, strlen(pages[2]));
	cite_list_clear(&l);
}

/* The citation ends page 1; the next page starts with other words. */
static void test_citation_at_page_end(void **state)
{
	(void)state;
	static const char *const pages[] = {
		"De rechtbank verwijst naar ECLI:NL:RBDHA:2014:1234",
		"Tweede pagina met gewone woorden.",
	};
	struct cite_list l = { 0 };
	scan(pages, 2, &l);
	const struct cite *c = find(&l, "ECLI:NL:RBDHA:2014:1234");
	assert_non_null(c);
	assert_int_equal(c->page, 1);
	assert_int_equal(c->start, strlen("De rechtbank verwijst naar "));
	assert_int_equal(c->end, strlen(pages[0]));
	assert_memory_equal(pages[0] + c->start, "ECLI:", 5);
	cite_list_clear(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_citation_at_page_start),
		cmocka_unit_test(test_citation_at_page_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
