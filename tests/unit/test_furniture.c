/* test_furniture.c - unit tests for search/furniture.c: page numbers and
 * running headers are cut from a page's edges for passages, and nothing
 * that is the page's own text is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "search/furniture.h"

static int pn(const char *s)
{
	return furniture_page_number(s, strlen(s));
}

static int hd(const char *s)
{
	return furniture_header(s, strlen(s));
}

static void test_page_numbers(void **state)
{
	(void)state;
	const char *yes[] = { "3",        " 12 ", "- 3 -",        "– 14 –",
			      "3 / 12",   "3/12", "Page 3 of 12", "pagina 3 van 12",
			      "Pagina 7", "p. 4", "blz. 2",       "1234",
			      NULL };
	const char *no[] = { "3.",
			     "4.3",
			     "45.",
			     "12345",
			     "3 lid",
			     "art. 3",
			     "3 and 4",
			     "- 3",
			     "",
			     "Page",
			     "2 / x",
			     "CRC/C/GC/14",
			     "3 of the Convention",
			     NULL };
	for (int i = 0; yes[i] != NULL; i++)
		if (!pn(yes[i]))
			fail_msg("not taken for a page number: \"%s\"", yes[i]);
	for (int i = 0; no[i] != NULL; i++)
		if (pn(no[i]))
			fail_msg("taken for a page number: \"%s\"", no[i]);
}

static void test_headers(void **state)
{
	(void)state;
	const char *yes[] = { "CRC/C/GC/14",
			      "CRC/C/79/D/12/2017",
			      "A/HRC/40/50",
			      "CRC/C/GC/5/Corr.1",
			      "CRC/C/GC/21, CMW/C/GC/4",
			      "CRC/C/79/D/12/2017 & CRC/C/79/D/13/2017",
			      "CEDAW/C/GC/31/Rev.1–CRC/C/GC/18/Rev.1",
			      "GE.19-12345",
			      "BWBR0019574",
			      "BWBV0002003",
			      "CRC/C/NOR/CO/5-6",
			      "E/CN.4/1989/48",
			      NULL };
	const char *no[] = { "Inleiding",
			     "European Court of Human Rights",
			     "ECLI:NL:RVS:2019:1234",
			     "BWBR001957",
			     "CRC",
			     "artikel 3/4",
			     "I/O",
			     "CRC/C/GC/14 para. 3",
			     "Article 3",
			     "VOORBEELDDOCUMENT – geconstrueerd",
			     NULL };
	for (int i = 0; yes[i] != NULL; i++)
		if (!hd(yes[i]))
			fail_msg("not taken for a running header: \"%s\"", yes[i]);
	for (int i = 0; no[i] != NULL; i++)
		if (hd(no[i]))
			fail_msg("taken for a running header: \"%s\"", no[i]);
}

static void body(const char *text, const char *want)
{
	size_t s, e, len = strlen(text);
	page_body(text, len, &s, &e);
	assert_true(s <= e && e <= len);
	if (e - s != strlen(want) || strncmp(text + s, want, e - s) != 0)
		fail_msg("body of \"%s\" is \"%.*s\", not \"%s\"", text, (int)(e - s), text + s,
			 want);
}

static void test_page_body(void **state)
{
	(void)state;
	/* the case that was seen: a footer's page number after the page's last words */
	body("volgt uit artikel 3, eerste\n3\n\n", "volgt uit artikel 3, eerste");
	body("CRC/C/79/D/12/2017\n\n2\n1.1 The author is\nthe mother.\n",
	     "1.1 The author is\nthe mother.");
	body("BWBR0019574\nArtikel 1\nIn deze wet\n2 / 17\n", "Artikel 1\nIn deze wet");
	body("Page 3 of 12\nThe Committee notes\n", "The Committee notes");
	/* paragraph numbers at the edges stay */
	body("45.\nThe Committee\n4.3\n", "45.\nThe Committee\n4.3");
	/* a page that is only furniture keeps its text */
	body("12\n", "12\n");
	body("", "");
	/* the page's own last line with a number in it stays */
	body("zie artikel\n3 lid 1\n", "zie artikel\n3 lid 1");
	/* no line endings at all */
	body("Just one line of text", "Just one line of text");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_numbers),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_page_body),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
