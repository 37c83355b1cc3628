/* test_meta_facts.c - unit tests for the UN facts of indexer/meta_facts.c
 * with the shipped data/meta-rules.txt and data/states.txt: the State
 * party from the cover block and from the formulas that name it ("a
 * violation by the Netherlands", "against Swedish authorities"), the
 * operative paragraph of the Views of every UN committee, footnotes left
 * out, the conclusion before a bare "decides:", States by their Dutch names, and
 * the continuation lines of a Dutch header.
 *
 * Run from the repository root.  The texts are written here, modelled on
 * the forms of the documents (each test says which); none is copied.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indexer/meta.h"

#include "meta_harness.h"

/* Detects m from pages (NULL-terminated), a file name and a PDF title. */
static void detect(struct meta *m, const char *path, const char *title, const char *const *pages)
{
	assert_null(detect_pages(m, path, title, pages));
}

static const char *val(const struct meta_field *f)
{
	return f->value ? f->value : "";
}

#define CRC_HEAD                                                                                 \
	"CRC/C/90/D/70/2019\nUnited Nations CRC/C/90/D/70/2019\n"                                \
	"Convention on the Rights of the Child\nViews adopted by the Committee under the "       \
	"Optional Protocol to the Convention on the Rights of the Child on a communications "   \
	"procedure, concerning communication No. 70/2019\n"

/* A Dublin transfer: the body names the country the family passed through
 * more often than the State party; the cover block says which it is. */
static void test_state_party_block(void **state)
{
	(void)state;
	const char *pages[] = {
		CRC_HEAD
		"Communication submitted by: A.B. (represented by counsel)\n"
		"Alleged victims: C.B. and D.B.\nState party: Switzerland\n"
		"Date of communication: 3 March 2019\n"
		"1.1 The authors were registered by the Italian authorities on arrival. The Italian "
		"authorities did not provide shelter, and the Italian courts dismissed the claim.\n",
		"10. The Committee, acting under article 10 (5) of the Optional Protocol, is of the "
		"view that the facts before it disclose a violation of article 3 of the Convention.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/v.pdf", NULL, pages);
	assert_string_equal(val(&m.state), "Switzerland");
	assert_string_equal(val(&m.outcome), "violation");
	meta_clear(&m);

	/* No cover block, but "a violation by Switzerland": that formula
	 * outweighs a dozen mentions of the country the family came through. */
	const char *formula[] = {
		CRC_HEAD
		"1.1 The authors claim to be victims of a violation by Switzerland of article 3. "
		"They lived in Austria, applied for asylum in Austria, were registered in Austria, "
		"fell ill in Austria, worked in Austria, studied in Austria, moved within Austria, "
		"married in Austria, had a child in Austria, were heard in Austria, appealed in "
		"Austria and waited in Austria.\n",
		NULL
	};
	detect(&m, "/corpus/v.pdf", NULL, formula);
	assert_string_equal(val(&m.state), "Switzerland");
	meta_clear(&m);
}

/* "a violation by the Netherlands": the formula names the State party,
 * with "the" before its name (a Human Rights Committee View: the
 * Netherlands did not accept the CRC's procedure). */
static void test_state_violation_by_the(void **state)
{
	(void)state;
	const char *pages[] = {
		"1.1 The author of the communication is N.K., born in 2004. She claims to be a "
		"victim of a violation by the Netherlands of article 16 of the Covenant. She "
		"travelled with her mother, whom the Belgian authorities had registered.\n",
		"8. The Committee, acting under article 5 (4) of the Optional Protocol, is of the "
		"view that the facts before it do not disclose a violation of article 16.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/v.pdf", "CCPR/C/120/D/2326/2013", pages);
	assert_string_equal(val(&m.state), "Netherlands");
	assert_string_equal(val(&m.outcome), "no violation");
	meta_clear(&m);
}

/* "complaint against Swedish authorities" outweighs the courts of the
 * country the author came from (a Human Rights Committee decision: Sweden
 * did not accept the CRC's procedure). */
static void test_state_against(void **state)
{
	(void)state;
	const char *pages[] = {
		"1. The author is N.B. The Argentine courts granted a divorce; the Argentine "
		"courts also ruled on custody.\n"
		"2.1 The author lodges his complaint against Swedish authorities, who placed the "
		"children in care.\n"
		"7. The Committee therefore decides: (a) That the communication is inadmissible "
		"under article 7 (e) of the Optional Protocol;\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/v.pdf", "CCPR/C/25/D/175/1984", pages);
	assert_string_equal(val(&m.state), "Sweden");
	assert_string_equal(val(&m.outcome), "inadmissible");
	meta_clear(&m);
}

/* The Human Rights Committee's Views, their symbol only in the PDF title:
 * the same facts as the CRC's, from its own operative formula. */
static void test_hrc_views(void **state)
{
	(void)state;
	const char *pages[] = {
		"1. The author of the communication is L.P., a citizen of the Czech Republic. He "
		"claims that he and his son are victims of a violation by the Czech Republic of "
		"article 17 of the Covenant.\n"
		"2.1 His son lives with the mother in Prague.\n",
		"8. The Human Rights Committee, acting under article 5, paragraph 4, of the "
		"Optional Protocol to the International Covenant on Civil and Political Rights, is "
		"of the view that the facts before it disclose a violation of article 17, in "
		"conjunction with article 2 of the Covenant.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/hrc.pdf", "CCPR/C/75/D/946/2000", pages);
	assert_string_equal(val(&m.type), "un_views");
	assert_string_equal(val(&m.court), "HRCTTEE");
	assert_string_equal(val(&m.state), "Czech Republic");
	assert_string_equal(val(&m.outcome), "violation");
	assert_string_equal(val(&m.violated), "17; 2");
	meta_clear(&m);
}

/* "decides: (a) that the communication is inadmissible", then a footnote
 * that speaks of a violation: the footnote block at the foot of the page is
 * no part of the operative paragraph. */
static void test_operative_footnotes(void **state)
{
	(void)state;
	const char *pages[] = {
		CRC_HEAD
		"1.1 The author is a national of Ireland. The Irish authorities refused.\n",
		"13.   The Committee therefore decides:\n"
		"      (a) That the communication is inadmissible under article 7 (e) of the\n"
		"      Optional Protocol;\n"
		"\n"
		"4\n"
		"     The author alleged a violation of article 12 of the Convention at a later stage.\n"
		"5\n"
		"     Application No. 41615/07.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/v.pdf", NULL, pages);
	assert_string_equal(val(&m.outcome), "inadmissible");
	meta_clear(&m);

	/* The text stops after "decides:" and footnotes follow: the conclusion
	 * just before, "declares it inadmissible", is the outcome. */
	const char *stop[] = {
		CRC_HEAD
		"1.1 The author is a national of Spain. The Spanish courts refused.\n"
		"9.6 The Committee considers that the claim is not substantiated and declares it "
		"inadmissible under article 7 (f) of the Optional Protocol.\n"
		"10.   The Committee on the Rights of the Child decides:\n"
		"\n"
		"12\n"
		"     The author claimed a violation of article 9 in his comments.\n",
		NULL
	};
	detect(&m, "/corpus/v.pdf", NULL, stop);
	assert_string_equal(val(&m.outcome), "inadmissible");
	meta_clear(&m);

	/* poppler's layout of the same page: the first footnote's mark above
	 * the last paragraph, the next one's glued to its text */
	const char *poppler[] = {
		CRC_HEAD
		"1.1 The author is a national of Ireland. The Irish authorities refused.\n",
		"CRC/C/90/D/70/2019\n13.\n4\nThe Committee therefore decides: (a) That the "
		"communication is inadmissible under article 7\n(e) of the Optional Protocol;\n"
		"No further information was provided.\n5\nThe author alleged a violation of "
		"article 12 of the Convention.\n6Application No. 41615/07.\n",
		NULL
	};
	detect(&m, "/corpus/v.pdf", NULL, poppler);
	assert_string_equal(val(&m.outcome), "inadmissible");
	meta_clear(&m);
}

/* A decision on admissibility only: no outcome. */
static void test_admissibility_only(void **state)
{
	(void)state;
	const char *pages[] = {
		"1.1 The authors of the 10 communications are nationals of Guatemala. They claim "
		"that the State party has violated their rights under article 12 of the Covenant.\n"
		"8. Accordingly, the Committee decides: (a) That the 10 communications are "
		"admissible insofar as they raise issues under article 14 (1); (b) To request the "
		"State party to submit observations on the merits.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/hrc.pdf", "CCPR/C/136/D/4023/2021", pages);
	assert_string_equal(val(&m.type), "un_views");
	assert_string_equal(val(&m.outcome), "");
	meta_clear(&m);
}

/* A View in Dutch translation names the State by its Dutch name. */
static void test_state_dutch_name(void **state)
{
	(void)state;
	const char *pages[] = {
		CRC_HEAD
		"1.1 De auteur stelt dat Spanje artikel 3 heeft geschonden. De autoriteiten van "
		"Spanje weigerden; Spanje heeft niet gereageerd.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/v.pdf", NULL, pages);
	assert_string_equal(val(&m.state), "Spain");
	meta_clear(&m);
}

/* A rechtspraak.nl header whose Rechtsgebied runs over two lines. */
static void test_dutch_area_continued(void **state)
{
	(void)state;
	const char *pages[] = {
		"ECLI:NL:HR:1995:AA3911\n"
		"Instantie                 Hoge Raad\n"
		"Uitspraakdatum            23-06-1995\n"
		"Rechtsgebied              Civiel recht\n"
		"                          Civiel recht; Personen- en familierecht\n"
		"Procedure                 Cassatie\n"
		"Vindplaatsen              Rechtspraak.nl\n"
		"                          RvdW 1995, 143\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/ECLI_NL_HR_1995_AA3911.pdf", NULL, pages);
	assert_string_equal(val(&m.area), "Civiel recht; Personen- en familierecht");
	meta_clear(&m);

	/* poppler's layout: label and value glued, the next line at the margin */
	const char *glued[] = {
		"ECLI:NL:HR:1995:AA3911\nInstantieHoge Raad\nUitspraakdatum23-06-1995\n"
		"RechtsgebiedCiviel recht\nCiviel recht; Personen- en familierecht\n"
		"ProcedureCassatie\nVervangtAA3911\nAG7030\n",
		NULL
	};
	detect(&m, "/corpus/ECLI_NL_HR_1995_AA3911.pdf", NULL, glued);
	assert_string_equal(val(&m.area), "Civiel recht; Personen- en familierecht");
	meta_clear(&m);
}

/* A View's conclusion, then an individual opinion that argues for a
 * violation: the conclusion, which comes first, counts. */
static void test_view_then_opinion(void **state)
{
	(void)state;
	const char *pages[] = {
		"1.1 The author of the communication is N., born in 1947. He claims a violation by "
		"Norway of article 17 of the Covenant.\n"
		"8. The Committee therefore decides: (a) That the communication is inadmissible "
		"under article 2 of the Optional Protocol;\n"
		"1. In this case, we respectfully disagree with the decision: for us the complaint "
		"is admissible and the facts constitute a violation of article 17.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/hrc.pdf", "CCPR/C/143/D/4367/2023", pages);
	assert_string_equal(val(&m.outcome), "inadmissible");
	assert_string_equal(val(&m.state), "Norway");
	meta_clear(&m);
}

/* The rechtsgebied in the layouts of web pages that carry a ruling's
 * header: the label alone on its line, the value after one space, a
 * table's cells, a value glued to the next label, and no labels at all. */
static void test_dutch_area_layouts(void **state)
{
	(void)state;
	static const struct {
		const char *page, *area;
	} cases[] = {
		{ "ECLI:NL:RBMNE:2020:9999\nInstantie\nRechtbank Midden-Nederland\nRechtsgebieden\n"
		  "Personen- en familierecht\nBijzondere kenmerken\nEerste aanleg - meervoudig\n",
		  "Personen- en familierecht" },
		{ "ECLI:NL:RBMNE:2026:9999\nInstantie Rechtbank Midden-Nederland\n"
		  "Rechtsgebied Civiel recht; Personen- en familierecht\n",
		  "Civiel recht; Personen- en familierecht" },
		{ "ECLI:NL:GHAMS:2024:9999\nZaaknummer | 200.1/01 |\nRechtsgebieden | Civiel recht |\n",
		  "Civiel recht" },
		{ "ECLI:NL:RBMNE:2017:9999\nRechtsgebied\nCiviel recht; Personen- en familierechtVindplaatsen\n",
		  "Civiel recht; Personen- en familierecht" },
		{ "ECLI:NL:CRVB:2024:9999\nCentrale Raad van Beroep\n18-10-2024\n22/1 JW\n"
		  "Socialezekerheidsrecht\nHoger beroep\n",
		  "Socialezekerheidsrecht" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *pages[] = { cases[i].page, NULL };
		struct meta m;
		detect(&m, "/corpus/r.pdf", NULL, pages);
		assert_string_equal(val(&m.area), cases[i].area);
		meta_clear(&m);
	}
	/* a sector heading deep in the ruling is no header value */
	const char *body[] = {
		"ECLI:NL:RBDHA:2026:9999\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"
		"16\n17\n18\n19\n20\nRECHTBANK DEN HAAG\nBestuursrecht\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/r.pdf", NULL, body);
	assert_string_equal(val(&m.area), "");
	meta_clear(&m);
}

/* The candidates for the State party are the parties to the procedure of
 * the body that decides (data/states.txt).  A Human Rights Committee View
 * against Australia, which did not accept the CRC's procedure, on the
 * removal of the author to Argentina, which did: the country of origin is
 * named more often, the State party wins by its frames. */
static void test_state_by_procedure_hrc(void **state)
{
	(void)state;
	const char *pages[] = {
		"1.1 The author of the communication is J.R., a national of Argentina born in "
		"1971. He claims that his removal to Argentina would violate his rights and those "
		"of his son under articles 17, 23 and 24 of the Covenant.\n"
		"2.1 The author left Argentina in 1994. In Argentina he had been a teacher; his "
		"parents still live in Argentina. The Australian authorities cancelled his visa "
		"in 2001 and ordered his removal to Argentina.\n"
		"4.1 The State party submits that the communication is inadmissible.\n",
		"8. The Human Rights Committee, acting under article 5, paragraph 4, of the "
		"Optional Protocol to the International Covenant on Civil and Political Rights, is "
		"of the view that the removal of the author to Argentina would violate his "
		"rights under articles 17 and 23 of the Covenant; the State party must refrain "
		"from removing him. Australia is requested to report within 180 days.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/hrc.pdf", "CCPR/C/80/D/1100/2002", pages);
	assert_string_equal(val(&m.court), "HRCTTEE");
	assert_string_equal(val(&m.state), "Australia");
	meta_clear(&m);
}

/* A CRC View never names a State that did not accept the CRC's procedure:
 * a Dublin transfer from Switzerland to Sweden, Sweden named most, and by
 * its authorities. */
static void test_state_by_procedure_crc(void **state)
{
	(void)state;
	const char *pages[] = {
		CRC_HEAD
		"1.1 The author of the communication is A.K., born in 2002. He applied for "
		"asylum in Switzerland in 2018; the Swiss authorities declared him an adult. The "
		"Swedish authorities had registered him as an "
		"adult; Sweden had rejected his first application, and Sweden agreed to take him "
		"back. He claims that his transfer to Sweden violates articles 3 and 12.\n"
		"2.1 In Sweden he had lived in a reception centre; the Swedish authorities "
		"assessed his age in Sweden.\n",
		"9. The Committee, acting under article 10 (5) of the Optional Protocol, is of the "
		"view that the facts before it disclose a violation of articles 3 and 12.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/v.pdf", NULL, pages);
	assert_string_equal(val(&m.court), "CRC");
	assert_string_equal(val(&m.state), "Switzerland");
	meta_clear(&m);

	/* Only a non-party named: no State rather than the wrong one. */
	const char *only_sweden[] = {
		CRC_HEAD
		"1.1 The author claims that the State party's decision to transfer him to Sweden "
		"violates article 3. The Swedish authorities had heard him; Sweden agreed to take "
		"him back; in Sweden he would be alone.\n",
		NULL
	};
	detect(&m, "/corpus/v.pdf", NULL, only_sweden);
	assert_null(m.state.value);
	meta_clear(&m);
}

/* A child against its own State: "a national of Finland" and the Protocol
 * "entered into force for the State party" without naming it; the
 * nationality is the only State named.  (A nationality counted against the
 * State before: no State was found.) */
static void test_state_own_national(void **state)
{
	(void)state;
	const char *pages[] = {
		CRC_HEAD
		"1.1 The author of the communication is R.N., a national of Finland born in 1982. "
		"She submits the communication on behalf of her son. The Optional Protocol entered "
		"into force for the State party on 12 February 2016.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/v.pdf", NULL, pages);
	assert_string_equal(val(&m.state), "Finland");
	meta_clear(&m);
}

/* The Human Rights Committee's other words for the outcome (learnt from
 * test sets 2-4, seen): "do not reveal a breach", "reveals breaches of". */
static void test_hrc_breach(void **state)
{
	(void)state;
	const char *none[] = {
		"1. The author is S.J., a national of Ghana. He claims to be a victim of a "
		"violation by Norway of article 24 of the Covenant.\n",
		"9. The Human Rights Committee, acting under article 5, paragraph 4, of the "
		"Optional Protocol, is of the view that the facts before it do not reveal a breach "
		"of any articles of the Covenant.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/hrc.pdf", "CCPR/C/74/D/700/1998", none);
	assert_string_equal(val(&m.state), "Norway");
	assert_string_equal(val(&m.outcome), "no violation");
	meta_clear(&m);

	const char *breaches[] = {
		"1. The author claims that her son is a victim of violations by Paraguay of "
		"articles 7 and 9 of the Covenant.\n",
		"12. It is the Committee's view, acting under article 5 (4) of the Optional "
		"Protocol, that the information before it reveals breaches of articles 7, 9 and "
		"10 (1) of the Covenant.\n",
		NULL
	};
	detect(&m, "/corpus/hrc.pdf", "CCPR/C/19/D/999/1980", breaches);
	assert_string_equal(val(&m.outcome), "violation");
	assert_string_equal(val(&m.violated), "7; 9; 10(1)");
	meta_clear(&m);
}

/* A symbol cited in a footnote of page 1 ("E/CN.4/2000/64/Add.1") does not
 * beat the View's own symbol in the PDF title; "Casanovas v France" cites
 * another case and does not count for France. */
static void test_hrc_cited_symbol_and_case(void **state)
{
	(void)state;
	const char *pages[] = {
		"1.1 The author of the communication is G.R., a German national. He claims that "
		"he and his daughter are victims of violations by the State party of articles 14 "
		"and 17 of the Covenant.\n"
		"2.1 The courts of Germany gave custody to the mother, who lives in Germany. "
		"The author invokes "
		"Casanovas v France, where the European Commission had declared a similar case "
		"inadmissible, Casanovas v France again on the reservation, and Casanovas v "
		"France on standing; see also "
		"E/CN.4/2000/64/Add.1, para. 12.\n"
		"9. The Committee therefore decides: (a) that the communication is inadmissible;\n",
		NULL
	};
	struct meta m;
	detect(&m, "/corpus/hrc.pdf", "CCPR/C/70/D/888/1998", pages);
	assert_string_equal(val(&m.ident), "CCPR/C/70/D/888/1998");
	assert_string_equal(val(&m.type), "un_views");
	assert_string_equal(val(&m.state), "Germany");
	assert_string_equal(val(&m.outcome), "inadmissible");
	meta_clear(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_party_block),
		cmocka_unit_test(test_state_violation_by_the),
		cmocka_unit_test(test_state_against),
		cmocka_unit_test(test_hrc_views),
		cmocka_unit_test(test_operative_footnotes),
		cmocka_unit_test(test_admissibility_only),
		cmocka_unit_test(test_state_dutch_name),
		cmocka_unit_test(test_dutch_area_continued),
		cmocka_unit_test(test_view_then_opinion),
		cmocka_unit_test(test_dutch_area_layouts),
		cmocka_unit_test(test_state_by_procedure_hrc),
		cmocka_unit_test(test_state_by_procedure_crc),
		cmocka_unit_test(test_state_own_national),
		cmocka_unit_test(test_hrc_breach),
		cmocka_unit_test(test_hrc_cited_symbol_and_case),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
