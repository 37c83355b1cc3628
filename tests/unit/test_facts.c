/* test_facts.c - unit tests for the facts lawyers filter by
 * (indexer/meta_facts.c with the shipped data/meta-rules.txt, the States of
 * data/states.txt in search/vocab.c, their terms in search/docbuild_facts.c).
 *
 * Run from the repository root.  The texts are written here, modelled on
 * the documents' forms (UN views, HUDOC judgments, rechtspraak.nl rulings).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "indexer/describe.h"
#include "indexer/meta.h"
#include "search/docbuild_facts.h"
#include "search/query_facts.h"
#include "search/vocab.h"

#include "meta_harness.h"

/* Detects m from pages (NULL-terminated) and a file name. */
static void detect(struct meta *m, const char *path, const char *const *pages)
{
	detect_pages(m, path, NULL, pages);
}

static const char *val(const struct meta_field *f)
{
	return f->value ? f->value : "";
}

static void test_views_violation(void **state)
{
	(void)state;
	const char *pages[] = {
		"CRC/C/80/D/4/2016\nUnited Nations CRC/C/80/D/4/2016\n"
		"Convention on the Rights of the Child\nViews adopted by the Committee under the "
		"Optional Protocol to the Convention on the Rights of the Child on a communications "
		"procedure, concerning communication No. 4/2016\n"
		"1.1. The author of the communication is D.D., a national of Mali born in 1999. "
		"He claims that the Spanish authorities returned him.\n"
		"2.1 The Spanish authorities and the Spanish courts refused. See A.L. v. France "
		"(CRC/C/1/D/1/2015), A.L. v. France, A.L. v. France, A.L. v. France.\n",
		"14. The Committee, acting under article 10 (5) of the Optional Protocol, is of the "
		"view that the facts before it amount to a violation of articles 3 (1), 20 and 37 (a) "
		"of the Convention.\n15. The State party should provide reparation.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/x/CRC-C-80-D-4-2016.pdf", pages);
	assert_string_equal(val(&m.type), "un_views");
	assert_string_equal(val(&m.state), "Spain"); /* not France: cited cases do not count */
	assert_string_equal(val(&m.outcome), "violation");
	assert_string_equal(val(&m.violated), "3(1); 20; 37(a)");
	assert_string_equal(val(&m.parties), "D.D.");
	assert_null(m.formation.value);
	assert_null(m.area.value);
	meta_clear(&m);
}

static void test_views_no_violation_and_inadmissible(void **state)
{
	(void)state;
	const char *no[] = {
		"CRC/C/92/D/101/2019\nDecision adopted by the Committee under the Optional Protocol "
		"concerning communication No. 101/2019\n1.1 The author of the communication is "
		"Z.M. and A.B. Z.M. lives in Switzerland. The Swiss authorities decided; the Swiss "
		"authorities refused.\n",
		"10. The Committee, acting under article 10 (5) of the Optional Protocol, is of the "
		"view that the facts before it do not disclose a violation of articles 3 and 37 of "
		"the Convention.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/x/CRC-C-92-D-101-2019.pdf", no);
	assert_string_equal(val(&m.outcome), "no violation");
	assert_null(m.violated.value);
	assert_string_equal(val(&m.parties), "Z.M. and A.B.");
	meta_clear(&m);

	/* "decides:" with nothing readable after it: the paragraph before. */
	const char *inad[] = {
		"CRC/C/74/D/5/2016\nDecision adopted by the Committee concerning communication "
		"No. 5/2016\n1.1 The author of the communication is J.A.B.S.\n",
		"4.5 The Committee therefore finds the communication manifestly ill-founded and "
		"inadmissible under article 7 (f) of the Optional Protocol.\n5. The Committee "
		"decides:\n\n3 According to article 52 of the Civil Code.\n",
		NULL
	};
	detect(&m, "/x/CRC-C-74-D-5-2016.pdf", inad);
	assert_string_equal(val(&m.outcome), "inadmissible");
	assert_non_null(strstr(val(&m.outcome) ? m.outcome.source : "", "before-operative"));
	meta_clear(&m);
}

static void test_echr(void **state)
{
	(void)state;
	const char *pages[] = {
		"European Court of Human Rights\nCASE OF D.H. AND OTHERS v. THE CZECH REPUBLIC\n"
		"Application no. 57325/00 \xe2\x80\xa2 Grand Chamber \xe2\x80\xa2 Judgment of 2007-11-13\n"
		"GRAND CHAMBER\nThe European Court of Human Rights, sitting as a Grand Chamber "
		"composed of:\n",
		"FOR THESE REASONS, THE COURT 1. Dismisses the Government's preliminary objection; "
		"2. Holds by thirteen votes to four that there has been a violation of Article 14 of "
		"the Convention, read in conjunction with Article 2 of Protocol No. 1; 3. Holds that "
		"the respondent State is to pay. Done in English.\n",
		NULL
	};
	struct meta m;
	detect(&m, "/x/ECHR_001-83256_DH-v-Czech-Republic.pdf", pages);
	assert_string_equal(val(&m.court), "ECTHR");
	assert_string_equal(val(&m.formation), "Grand Chamber");
	assert_string_equal(val(&m.state), "Czech Republic");
	assert_string_equal(val(&m.outcome), "violation");
	assert_string_equal(val(&m.violated), "14; P1-2");
	assert_string_equal(val(&m.parties), "D.H. and Others");
	meta_clear(&m);

	/* A Chamber that found no violation; the French title case. */
	const char *fr[] = {
		"Cour europ\xc3\xa9" "enne des droits de l'homme\nAFFAIRE SAMPANIS ET AUTRES c. "
		"GR\xc3\x88" "CE\nRequ\xc3\xaate n\xc2\xb0 32526/05 \xe2\x80\xa2 Chambre "
		"\xe2\x80\xa2 Arr\xc3\xaat du 05/06/2008\nsi\xc3\xa9geant en une chambre\n",
		"PAR CES MOTIFS, LA COUR 1. Dit qu'il n'y a pas eu violation de l'article 13. "
		"Fait en fran\xc3\xa7" "ais.\n",
		NULL
	};
	detect(&m, "/x/ECHR_001-86797_Sampanis-c-Grece_fr.pdf", fr);
	assert_string_equal(val(&m.formation), "Chamber");
	assert_string_equal(val(&m.state), "Greece");
	assert_string_equal(val(&m.outcome), "no violation");
	meta_clear(&m);
}

static void test_dutch(void **state)
{
	(void)state;
	const char *header[] = {
		"ECLI:NL:RBSGR:2012:BZ0845\n"
		"Instantie               Rechtbank 's-Gravenhage\n"
		"Uitspraakdatum          05-12-2012\n"
		"Rechtsgebied            Bestuursrecht; Vreemdelingenrecht\n"
		"Procedure               Voorlopige voorziening\n"
		"Zittingsplaats          Haarlem\n"
		"Inhoudsindicatie        Het rechtsgebied van deze zaak ...\n",
		NULL
	};
	struct meta m;
	detect(&m, "/x/ECLI_NL_RBSGR_2012_BZ0845.pdf", header);
	assert_string_equal(val(&m.area), "Bestuursrecht; Vreemdelingenrecht");
	assert_string_equal(val(&m.procedure), "voorlopige voorziening");
	assert_string_equal(val(&m.seat), "Haarlem");
	assert_null(m.state.value);
	assert_null(m.outcome.value);
	meta_clear(&m);

	/* poppler glues the header's cells: "RechtsgebiedCiviel recht" */
	const char *glued[] = {
		"ECLI:NL:RBALM:2005:AU7924\nInstantieRechtbank Almelo\nUitspraakdatum30-11-2005\n"
		"RechtsgebiedCiviel recht; Personen- en familierecht\n"
		"ProcedureEerste aanleg - enkelvoudig\n",
		NULL
	};
	detect(&m, "/x/ECLI_NL_RBALM_2005_AU7924.pdf", glued);
	assert_string_equal(val(&m.area), "Civiel recht; Personen- en familierecht");
	assert_string_equal(val(&m.procedure), "eerste aanleg");
	meta_clear(&m);

	/* No header: procedure and area from the text. */
	const char *bare[] = {
		"ECLI:NL:HR:2012:1234\nHOGE RAAD DER NEDERLANDEN\nSTRAFKAMER\nARREST op het beroep in "
		"cassatie tegen een arrest van het Gerechtshof, in de strafzaak tegen de verdachte. "
		"De officier van justitie heeft gevorderd. Artikel 300 Wetboek van Strafrecht.\n",
		NULL
	};
	detect(&m, "/x/ECLI_NL_HR_2012_1234.pdf", bare);
	assert_string_equal(val(&m.procedure), "cassatie");
	assert_string_equal(val(&m.area), "Strafrecht");
	assert_null(m.seat.value);
	meta_clear(&m);

	/* Other documents get none of these facts. */
	const char *gc[] = { "CRC/C/GC/14\nGeneral comment No. 14 (2013)\nSpain Spain Spain\n", NULL };
	detect(&m, "/x/CRC-C-GC-14.pdf", gc);
	assert_null(m.state.value);
	assert_null(m.outcome.value);
	meta_clear(&m);
}

static void test_vocab_states_and_labels(void **state)
{
	(void)state;
	struct error *err = NULL;
	struct vocab *v = vocab_load("data/" VOCAB_COURTS_FILE, &err);
	assert_non_null(v);
	assert_true(vocab_n_states(v) >= 40);
	assert_string_equal(vocab_state_label(v, "Spain", "nl"), "Spanje");
	assert_string_equal(vocab_state_label(v, "Spain", "en"), "Spain");
	assert_string_equal(vocab_state_label(v, "Czech Republic", "nl"), "Tsjechi\xc3\xab");
	assert_string_equal(vocab_state_label(v, "Atlantis", "nl"), "Atlantis");
	assert_string_equal(vocab_outcome_label("violation", "nl"), "schending");
	assert_string_equal(vocab_outcome_label("no violation", "nl"), "geen schending");
	assert_string_equal(vocab_outcome_label("inadmissible", "nl"), "niet-ontvankelijk");
	assert_string_equal(vocab_outcome_label("inadmissible", "en"), "inadmissible");
	assert_string_equal(vocab_formation_label("Grand Chamber", "nl"), "Grote Kamer");
	assert_string_equal(vocab_type_label("un_views", "nl"), "Views / beslissing (VN)");
	vocab_free(v);

	/* A malformed state line names file and line. */
	char path[] = "/tmp/test_facts.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("# states\nstate Spain\n", f);
	fclose(f);
	v = vocab_load(path, &err);
	assert_null(v);
	assert_non_null(strstr(err->msg, ":2: state needs"));
	error_free(err);
	remove(path);
}

static void test_fact_terms(void **state)
{
	(void)state;
	char t[64];
	assert_string_equal(docbuild_fact_term("Czech Republic", t, sizeof(t)), "czech_republic");
	assert_string_equal(docbuild_fact_term("no violation", t, sizeof(t)), "no_violation");
	assert_string_equal(docbuild_fact_term("Bestuursrecht", t, 4), "bes");
}

/* Legislation by its title, not by the source line of wetten.overheid.nl. */
static void test_legislation_title(void **state)
{
	(void)state;
	char p1[] = "BWBR0019574\nBWBR0019574 \xe2\x80\xa2 wetten.overheid.nl\n"
		    "Wet van 16 februari 2006 tot uitvoering van het verdrag\n";
	char *pages[] = { p1 };
	size_t lens[] = { sizeof(p1) - 1 };
	struct pdf_text t = { .pages = pages, .page_lens = lens, .n_pages = 1 };
	const char *src;
	char *title = describe_title(&t, "/x/Uitvoeringswet_BWBR0019574.pdf", &src);
	assert_string_equal(title, "Wet van 16 februari 2006 tot uitvoering van het verdrag");
	free(title);
	char long_title[] = "Wet van 16 februari 2006 tot uitvoering van het op 19 oktober 1996 te "
			    "'s-Gravenhage tot stand gekomen verdrag inzake de bevoegdheid, het "
			    "toepasselijke recht en de samenwerking (Uitvoeringswet internationale "
			    "kinderbescherming)";
	t.title = long_title;
	title = describe_title(&t, "/x/Uitvoeringswet_BWBR0019574.pdf", &src);
	assert_string_equal(title, "Uitvoeringswet internationale kinderbescherming");
	free(title);
}

static void test_query_facts(void **state)
{
	(void)state;
	struct query_facts f;
	struct buf rest = BUF_INIT;
	struct error *err = NULL;
	assert_int_equal(query_facts_split("outcome:violation art:3.1 staat:Spain "
					   "rechtsgebied:\"Personen- en familierecht\" kind",
					   &rest, &f, &err), 0);
	assert_int_equal(f.n, 3);
	assert_true(f.violation);
	assert_string_equal(f.terms[0], "XOUviolation");
	assert_string_equal(f.terms[1], "XSTspain");
	assert_string_equal(f.terms[2], "XARpersonen-_en_familierecht");
	assert_non_null(strstr(buf_str(&rest), "art:3.1"));
	assert_non_null(strstr(buf_str(&rest), "kind"));
	assert_null(strstr(buf_str(&rest), "outcome"));
	buf_free(&rest);

	assert_int_equal(query_facts_split("uitkomst:\"geen schending\"", &rest, &f, &err), 0);
	assert_string_equal(f.terms[0], "XOUno_violation");
	assert_false(f.violation);
	buf_free(&rest);

	/* inside quotes a field is words; an unknown outcome is an error */
	assert_int_equal(query_facts_split("\"the outcome:violation\"", &rest, &f, &err), 0);
	assert_int_equal(f.n, 0);
	buf_free(&rest);
	assert_int_equal(query_facts_split("outcome:maybe", &rest, &f, &err), -1);
	assert_int_equal(err->code, ERR_QUERY);
	error_free(err);
	err = NULL;
	buf_free(&rest);

	char t[64] = "XACRC:3.1";
	assert_string_equal(query_facts_violated_term(t, t, sizeof(t)), "XVACRC:3.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_views_violation),
		cmocka_unit_test(test_views_no_violation_and_inadmissible),
		cmocka_unit_test(test_echr),
		cmocka_unit_test(test_dutch),
		cmocka_unit_test(test_vocab_states_and_labels),
		cmocka_unit_test(test_fact_terms),
		cmocka_unit_test(test_legislation_title),
		cmocka_unit_test(test_query_facts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
