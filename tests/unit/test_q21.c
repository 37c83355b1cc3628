/* test_q21.c - unit tests for canonical identifiers (search/ident.h),
 * paragraph numbers (search/paras.h) and citations typed in a query
 * (search/query_cite.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "search/ident.h"
#include "search/paras.h"
#include "search/query_cite.h"

static void expect_canon(const char *in, const char *want, enum ident_kind kind)
{
	char out[128];
	enum ident_kind k = ident_canonical(in, out, sizeof(out));
	if (strcmp(out, want) != 0 || k != kind)
		fail_msg("\"%s\" -> \"%s\" (kind %d), want \"%s\" (kind %d)", in, out, k, want, kind);
}

static void test_canonical(void **state)
{
	(void)state;
	expect_canon("CRC/C/GC/14", "CRC/C/GC/14", IDENT_UN);
	expect_canon(" crc/c/gc/14 ", "CRC/C/GC/14", IDENT_UN);
	expect_canon("CRC/C/GC/9/Corr.1", "CRC/C/GC/9", IDENT_UN);
	expect_canon("CRC/GC/2001/1", "CRC/C/GC/1", IDENT_UN);
	expect_canon("CRC/GC/2003/5", "CRC/C/GC/5", IDENT_UN);
	expect_canon("CRC/C/GC/7/Rev.1", "CRC/C/GC/7", IDENT_UN);
	expect_canon("CRC/C/15/Add.255", "CRC/C/15/ADD.255", IDENT_UN);
	expect_canon("CRC/C/79/D/12/2017", "CRC/C/79/D/12/2017", IDENT_UN);
	expect_canon("ECLI:NL:RVS:2019:1234", "ECLI:NL:RVS:2019:1234", IDENT_ECLI);
	expect_canon("ecli:nl:rvs:2019:1234", "ECLI:NL:RVS:2019:1234", IDENT_ECLI);
	expect_canon("ECLI_NL_HR_1995_AA3911", "ECLI:NL:HR:1995:AA3911", IDENT_ECLI);
	expect_canon("ECLI.NL.RVS.2019.TEST.0001", "ECLI:NL:RVS:2019:TEST.0001", IDENT_ECLI);
	expect_canon("57325/00", "57325/00", IDENT_APPNO);
	expect_canon("no. 57325/00", "57325/00", IDENT_APPNO);
	expect_canon("Application no. 57325/00", "57325/00", IDENT_APPNO);
	expect_canon("BWBV0002508", "BWBV0002508", IDENT_OTHER);
}

static void test_external(void **state)
{
	(void)state;
	char u[300];
	assert_int_equal(ident_external_url("ECLI:NL:RVS:2019:1234", u, sizeof(u)), 0);
	assert_string_equal(u, "https://uitspraken.rechtspraak.nl/details?id=ECLI:NL:RVS:2019:1234");
	assert_int_equal(ident_external_url("57325/00", u, sizeof(u)), 0);
	assert_non_null(strstr(u, "hudoc.echr.coe.int"));
	assert_non_null(strstr(u, "57325%2F00"));
	assert_int_equal(ident_external_url("CRC/C/GC/9/Corr.1", u, sizeof(u)), 0);
	assert_non_null(strstr(u, "symbolno=CRC%2FC%2FGC%2F9"));
	assert_int_equal(ident_external_url("BWBV0002508", u, sizeof(u)), -1);
	assert_string_equal(u, "");
	/* Nothing that could break out of an attribute. */
	assert_int_equal(ident_external_url("CRC/C/\"><script>", u, sizeof(u)), 0);
	assert_null(strchr(u, '"'));
	assert_null(strchr(u, '<'));
}

static void scan1(const char *text, struct para_marks *pm)
{
	size_t len = strlen(text);
	const char *pages[1] = { text };
	memset(pm, 0, sizeof(*pm));
	paras_scan(pages, &len, 1, pm);
}

static void test_paras(void **state)
{
	(void)state;
	struct para_marks pm;
	const char *un = "Introduction\n1.The Committee notes.\nIt adds 66 words\n2. Second paragraph\n"
			 "and 2019. more\n3.\nThird.\n12. A stray list item\n";
	scan1(un, &pm);
	assert_int_equal(pm.n, 3);
	assert_string_equal(pm.m[0].num, "1");
	assert_string_equal(pm.m[2].num, "3");
	assert_null(paras_at(&pm, 1, 3));
	assert_string_equal(paras_at(&pm, 1, (size_t)(strstr(un, "notes") - un)), "1");
	assert_string_equal(paras_at(&pm, 1, (size_t)(strstr(un, "Third") - un)), "3");
	assert_string_equal(paras_at(&pm, 1, (size_t)(strstr(un, "stray") - un)), "3");
	paras_free(&pm);

	const char *nl = "2.3.De grief faalt.\n3.In de tweede grief\n3.1.Zoals de Afdeling\n"
			 "3.2 Voor zover\n66 van dat commentaar\n4.Slotsom\n";
	scan1(nl, &pm);
	/* "2.3" is the first: its top number (2) is low enough. */
	assert_int_equal(pm.n, 5);
	assert_string_equal(pm.m[1].num, "3");
	assert_string_equal(pm.m[2].num, "3.1");
	assert_string_equal(pm.m[3].num, "3.2");
	assert_string_equal(pm.m[4].num, "4");
	assert_string_equal(paras_at(&pm, 1, (size_t)(strstr(nl, "commentaar") - nl)), "3.2");

	char *html = paras_anchor_html(&pm, 1, "3.1.<mark>Zoals</mark> de\n3.2 Voor\n");
	assert_string_equal(html, "<span class=\"para\" id=\"para-3.1\"></span>3.1.<mark>Zoals</mark> de\n"
				  "<span class=\"para\" id=\"para-3.2\"></span>3.2 Voor\n");
	free(html);
	paras_free(&pm);

	assert_int_equal(paras_locate("a  b\nc  the words here", 23, "…the words here"), 8);
	assert_int_equal(paras_locate("x", 1, "…not there at all"), -1);
}

static void test_query_cites(void **state)
{
	(void)state;
	struct query_cites qc;
	struct buf rest = BUF_INIT;
	assert_int_equal(query_cites_read("art. 3 lid 1 IVRK verblijfsvergunning", &rest, &qc, NULL), 0);
	assert_int_equal(qc.n_specs, 1);
	assert_string_equal(qc.specs[0], "CRC:3(1)");
	assert_string_equal(qc.label_nl, "art. 3 lid 1 IVRK");
	assert_string_equal(qc.label_en, "art. 3(1) CRC");
	assert_non_null(strstr(buf_str(&rest), "verblijfsvergunning"));
	assert_null(strstr(buf_str(&rest), "IVRK"));
	buf_free(&rest);

	struct buf r2 = BUF_INIT;
	assert_int_equal(query_cites_read("GC 14 cites:CRC/C/GC/8 57325/00", &r2, &qc, NULL), 0);
	assert_int_equal(qc.n_specs, 0);
	assert_int_equal(qc.n_idents, 2);
	assert_string_equal(qc.idents[0], "CRC/C/GC/14");
	assert_string_equal(qc.idents[1], "57325/00");
	assert_non_null(strstr(buf_str(&r2), "cites:CRC/C/GC/8"));
	buf_free(&r2);

	struct buf r3 = BUF_INIT;
	assert_int_equal(query_cites_read("communication No. 12/2017 2017/123 57325/0", &r3, &qc, NULL), 0);
	assert_int_equal(qc.n_idents, 1);
	assert_string_equal(qc.idents[0], "COMM:12/2017");
	assert_string_equal(qc.label_en, "communication 12/2017");
	buf_free(&r3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_external),
		cmocka_unit_test(test_paras),
		cmocka_unit_test(test_query_cites),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
