/* test_meta.c - unit tests for indexer/meta.c (document type, court, date,
 * identifier, staff overrides).
 *
 * Run from the repository root: the tests load data/meta-rules.txt.  Page
 * texts are built here, so no PDF is needed; override files are written to a
 * fresh directory under /tmp that the tests remove again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "indexer/meta.h"

struct fixture {
	struct meta_rules *rules;
	char dir[64];   /* scratch directory for override files */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct error *err = NULL;
	if (fx == NULL)
		return -1;
	fx->rules = meta_rules_load(META_RULES_DEFAULT_PATH, &err);
	if (fx->rules == NULL) {
		fprintf(stderr, "cannot load rules: %s\n", err ? err->msg : "?");
		error_free(err);
		free(fx);
		return -1;
	}
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_meta.XXXXXX");
	if (mkdtemp(fx->dir) == NULL) {
		meta_rules_free(fx->rules);
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fx->dir);
	meta_rules_free(fx->rules);
	free(fx);
	return 0;
}

/* Runs meta_detect on up to three pages of text; m must be cleared after. */
static void detect(const struct fixture *fx, struct meta *m, const char *path, const char *p1,
		   const char *p2, const char *p3, const char *title)
{
	char *pages[3] = { (char *)p1, (char *)p2, (char *)p3 };
	struct pdf_text t = { 0 };
	struct error *err = NULL;
	t.n_pages = p3 ? 3 : p2 ? 2 : p1 ? 1 : 0;
	t.pages = pages;
	t.title = (char *)title;
	memset(m, 0, sizeof(*m));
	assert_int_equal(meta_detect(fx->rules, &t, path, m, &err), 0);
	assert_null(err);
}

static void assert_field(const struct meta_field *f, const char *value, const char *source)
{
	if (value == NULL) {
		assert_null(f->value);
		assert_null(f->source);
		return;
	}
	assert_non_null(f->value);
	assert_string_equal(f->value, value);
	assert_non_null(f->source);
	if (source != NULL)
		assert_string_equal(f->source, source);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ---- rules ------------------------------------------------------------- */

static void test_rules_missing_file(void **state)
{
	(void)state;
	struct error *err = NULL;
	assert_null(meta_rules_load("/nonexistent/meta-rules.txt", &err));
	assert_non_null(err);
	assert_int_equal(err->code, ERR_IO);
	error_free(err);
	meta_rules_free(NULL);
}

static void test_rules_malformed_line(void **state)
{
	struct fixture *fx = *state;
	char path[128];
	struct error *err = NULL;
	snprintf(path, sizeof(path), "%s/rules.txt", fx->dir);

	write_file(path, "# ok\ncourt X ruling Some court\nname Y Unknown body\n");
	assert_null(meta_rules_load(path, &err));
	assert_non_null(err);
	assert_int_equal(err->code, ERR_INPUT);
	assert_non_null(strstr(err->msg, "rules.txt:3:"));
	error_free(err);
	err = NULL;

	write_file(path, "ident k ruling - ECLI:(unclosed\n");
	assert_null(meta_rules_load(path, &err));
	assert_non_null(strstr(err->msg, ":1: bad regular expression"));
	error_free(err);
	err = NULL;

	write_file(path, "frobnicate\n");
	assert_null(meta_rules_load(path, &err));
	assert_non_null(strstr(err->msg, "unknown keyword"));
	error_free(err);
	err = NULL;

	/* A small valid file that staff might write. */
	write_file(path, "court KR ruling Kinderrechter\nname KR kinderrechter\n"
		   "month 3 maart\nlabel date head datum\n");
	struct meta_rules *r = meta_rules_load(path, &err);
	assert_non_null(r);
	char *pages[1] = { "De kinderrechter, datum 12 maart 2019." };
	struct pdf_text t = { .n_pages = 1, .pages = pages };
	struct meta m = { 0 };
	assert_int_equal(meta_detect(r, &t, NULL, &m, &err), 0);
	assert_field(&m.court, "KR", NULL);
	assert_field(&m.type, "ruling", "court-type:KR");
	assert_field(&m.date, "2019-03-12", "text:page1:'datum'");
	meta_clear(&m);
	meta_rules_free(r);
}

/* A court's name in Dutch where the rules give one, else its one name. */
static void test_court_labels(void **state)
{
	struct fixture *fx = *state;
	const struct meta_rules *r = fx->rules;
	assert_string_equal(meta_court_label(r, "CRC", "nl"), "VN-Kinderrechtencomité");
	assert_string_equal(meta_court_label(r, "CRC", "en"), "UN Committee on the Rights of the Child");
	assert_string_equal(meta_court_label(r, "ECTHR", "nl"), "Europees Hof voor de Rechten van de Mens");
	assert_string_equal(meta_court_label(r, "RVS", "nl"), "Raad van State (ABRvS)");
	assert_string_equal(meta_court_label(r, "RVS", "en"), "Raad van State (ABRvS)");
	assert_null(meta_court_label(r, "NOSUCHCOURT", "nl"));
	assert_null(meta_court_label(NULL, "CRC", "nl"));

	char path[128];
	struct error *err = NULL;
	snprintf(path, sizeof(path), "%s/rules.txt", fx->dir);
	write_file(path, "court X ruling Court X   |   Hof X\n");
	struct meta_rules *own = meta_rules_load(path, &err);
	assert_non_null(own);
	assert_string_equal(meta_court_label(own, "X", "nl"), "Hof X");
	assert_string_equal(meta_court_label(own, "X", "en"), "Court X");
	meta_rules_free(own);
	write_file(path, "court X ruling Court X | Hof X | Cour X\n");
	assert_null(meta_rules_load(path, &err));
	assert_non_null(strstr(err->msg, "Dutch name"));
	error_free(err);
}

/* ---- Dutch rulings ----------------------------------------------------- */

static void test_nl_constructed_ruling(void **state)
{
	struct meta m;
	detect(*state, &m, "corpus/ECLI.NL.RVS.2019.TEST.0001.pdf",
	       " VOORBEELDDOCUMENT – geconstrueerd voor testdoeleinden, geen echte uitspraak\n\n"
	       "ECLI:NL:RVS:2019:TEST.0001\n"
	       "Instantie: Raad van State\n"
	       "Datum uitspraak: 22-05-2019\n"
	       "Zaaknummer: 201809876/1/V1\n"
	       "                                  Datum uitspraak: 22 mei 2019\n"
	       "                            AFDELING BESTUURSRECHTSPRAAK\n"
	       "tegen de uitspraak van de rechtbank Den Haag van 14 september 2018\n",
	       NULL, NULL, NULL);
	assert_field(&m.type, "ruling", "ident:ecli");
	assert_field(&m.court, "RVS", "ecli-court-code");
	assert_field(&m.court_name, "Raad van State (ABRvS)", NULL);
	assert_field(&m.date, "2019-05-22", "text:page1:'Datum uitspraak'");
	assert_field(&m.ident, "ECLI:NL:RVS:2019:TEST.0001", "text:page1:ecli");
	assert_null(m.title.value);
	assert_null(m.lang.value);
	meta_clear(&m);
}

static void test_nl_ruling_without_ecli(void **state)
{
	struct meta m;
	/* No ECLI: the court comes from its name, the date from a Dutch month. */
	detect(*state, &m, "uitspraak.pdf",
	       "                         RECHTBANK DEN HAAG\n"
	       "                         Zittingsplaats Haarlem\n"
	       "zaaknummer: NL19.1234\n"
	       "uitspraak van de enkelvoudige kamer van\n"
	       "Datum uitspraak: 12 maart\n2019\n"
	       "De Hoge Raad heeft in zijn arrest van 1 januari 2010 ...\n",
	       NULL, NULL, NULL);
	assert_field(&m.court, "RBDHA", "text:page1:rule:court-name 'Rechtbank Den Haag'");
	assert_field(&m.court_name, "Rechtbank Den Haag", NULL);
	assert_field(&m.type, "ruling", NULL);
	assert_field(&m.date, "2019-03-12", "text:page1:'Datum uitspraak'");
	assert_null(m.ident.value);
	meta_clear(&m);
}

static void test_nl_rechtspraak_header(void **state)
{
	struct meta m;
	/* The rechtspraak.nl layout; the old court code GHARN is known. */
	detect(*state, &m, "x.pdf",
	       "ECLI:NL:GHARN:2008:BG4803\n"
	       "Instantie               Gerechtshof Arnhem\n"
	       "Uitspraakdatum          19-11-2008\n"
	       "Publicatiedatum         05-04-2013\n",
	       NULL, NULL, NULL);
	assert_field(&m.court, "GHARN", "ecli-court-code");
	assert_field(&m.court_name, "Gerechtshof Arnhem", NULL);
	assert_field(&m.date, "2008-11-19", "text:page1:'Uitspraakdatum'");
	meta_clear(&m);

	/* An ECLI court code without a rule still gives its code. */
	detect(*state, &m, "x.pdf", "ECLI:NL:RBXYZ:2020:123\nUitspraakdatum 01-02-2020\n",
	       NULL, NULL, NULL);
	assert_field(&m.court, "RBXYZ", "ecli-court-code(unknown)");
	assert_null(m.court_name.value);
	meta_clear(&m);

	/* The "Instantie" label decides when there is no ECLI. */
	detect(*state, &m, "x.pdf",
	       "Instantie Gerechtshof Arnhem-Leeuwarden\nDatum uitspraak 30-10-2018\n",
	       NULL, NULL, NULL);
	assert_field(&m.court, "GHARL", "text:page1:'Instantie'");
	meta_clear(&m);
}

static void test_scan_from_file_name(void **state)
{
	struct meta m;
	detect(*state, &m, "/corpus/scans/ECLI_NL_HR_1984_AC8252-scan.pdf", "", NULL, NULL, NULL);
	assert_field(&m.type, "ruling", "ident:ecli");
	assert_field(&m.court, "HR", "ecli-court-code");
	assert_field(&m.date, "1984", "ecli-year");
	assert_field(&m.ident, "ECLI:NL:HR:1984:AC8252", "filename:ecli");
	meta_clear(&m);

	detect(*state, &m, "scans/Uitvoeringswet_BWBR0019574-scan.pdf", NULL, NULL, NULL, NULL);
	assert_field(&m.type, "legislation", "ident:bwb");
	assert_field(&m.ident, "BWBR0019574", "filename:bwb");
	assert_null(m.court.value);
	assert_null(m.date.value);
	meta_clear(&m);
}

/* ---- European Court of Human Rights ------------------------------------ */

static void test_echr_judgment(void **state)
{
	struct meta m;
	detect(*state, &m, "judgment.pdf",
	       "                                  FIFTH SECTION\n"
	       "                      CASE OF X v. THE NETHERLANDS\n"
	       "                         (Application no. 12345/07)\n"
	       "                                  JUDGMENT\n"
	       "                                  STRASBOURG\n"
	       "                                12 October 2010\n"
	       "In the case of X v. the Netherlands, The European Court of Human Rights\n",
	       NULL, NULL, NULL);
	assert_field(&m.type, "ruling", "ident:echr-appno");
	assert_field(&m.court, "ECTHR", "ident:echr-appno");
	assert_field(&m.court_name, "European Court of Human Rights", NULL);
	assert_field(&m.date, "2010-10-12", "text:page1:'STRASBOURG'");
	assert_field(&m.ident, "12345/07", "text:page1:echr-appno");
	meta_clear(&m);

	detect(*state, &m, "arret.pdf",
	       "Cour européenne des droits de l’homme\n"
	       "(Requêtes nos 43370/04, 8252/05 et\n18454/06)\nARRÊT\nSTRASBOURG\n5 juin 2008\n",
	       NULL, NULL, NULL);
	assert_field(&m.court, "ECTHR", NULL);
	assert_field(&m.ident, "43370/04; 8252/05; 18454/06", NULL);
	assert_field(&m.date, "2008-06-05", NULL);
	meta_clear(&m);
}

/* ---- UN documents ------------------------------------------------------ */

static void test_un_views(void **state)
{
	struct meta m;
	detect(*state, &m, "views.pdf",
	       "United Nations                                   CRC/C/79/D/12/2017\n"
	       "Convention on the Rights of the Child\n"
	       "Views adopted by the Committee under the Optional Protocol to the Convention\n"
	       "on the Rights of the Child on a communications procedure concerning\n"
	       "communication No. 12/2017*\n"
	       "Communication submitted by: C.E.\n"
	       "Date of adoption of Views: 27 September 2018\n"
	       "See general comment No. 14 (2013), CRC/C/GC/14.\n",
	       NULL, NULL, NULL);
	assert_field(&m.type, "un_views", NULL);
	assert_field(&m.court, "CRC", "ident:un-symbol");
	assert_field(&m.court_name, "UN Committee on the Rights of the Child", NULL);
	assert_field(&m.date, "2018-09-27", "text:page1:'Date of adoption of Views'");
	assert_field(&m.ident, "CRC/C/79/D/12/2017", "text:page1:un-symbol");
	meta_clear(&m);

	/* Without a date in the text, the session in the symbol gives the year. */
	detect(*state, &m, "x.pdf",
	       "CRC/C/85/D/34/2017\nUnited Nations CRC/C/85/D/34/2017\n"
	       "Decision adopted by the Committee under the Optional Protocol to the\n",
	       NULL, NULL, NULL);
	assert_field(&m.type, "un_views", NULL);
	assert_field(&m.date, "2020", "rule:session CRC/C/");
	meta_clear(&m);

	/* Inadmissibility decision, symbol only in the PDF title. */
	detect(*state, &m, "CRC-C-86-D-R-77-2019.pdf",
	       "United Nations\nConvention on the Rights of the Child\n"
	       "Committee on the Rights of the Child\n"
	       "Decision adopted by the Committee under the Optional Protocol to the\n",
	       NULL, NULL, "Committee on the Rights of the Child – decision under OPIC");
	assert_field(&m.type, "un_views", NULL);
	assert_field(&m.court, "CRC", NULL);
	assert_null(m.ident.value);   /* "CRC/C/86" is only part of a symbol */
	assert_null(m.date.value);
	meta_clear(&m);
}

static void test_un_general_comment(void **state)
{
	struct meta m;
	detect(*state, &m, "gc.pdf",
	       "CRC/C/GC/14\nUnited Nations CRC/C/GC/14\nConvention on the Rights of the Child\n"
	       "Committee on the Rights of the Child\n"
	       "General Comment No. 14 on the right of the child to have his or her best\n"
	       "interests taken as a primary consideration (art. 3, para. 1)\n"
	       "(adopted 29 May 2013)\n",
	       NULL, NULL, NULL);
	assert_field(&m.type, "un_general_comment", NULL);
	assert_field(&m.court, "CRC", NULL);
	assert_field(&m.date, "2013-05-29", "text:page1:'(adopted'");
	assert_field(&m.ident, "CRC/C/GC/14", NULL);
	meta_clear(&m);

	/* Joint comment: the CRC symbol wins over the earlier CEDAW one. */
	detect(*state, &m, "gc18.pdf",
	       "CEDAW/C/GC/31/Rev.1–CRC/C/GC/18/Rev.1\n"
	       "Committee on the Elimination of Discrimination against Women\n"
	       "Committee on the Rights of the Child\n(adopted 8 May 2019)\n",
	       NULL, NULL, NULL);
	assert_field(&m.ident, "CRC/C/GC/18/Rev.1", NULL);
	assert_field(&m.court, "CRC", NULL);
	meta_clear(&m);
}

static void test_un_concluding_observations(void **state)
{
	struct meta m;
	detect(*state, &m, "co.pdf",
	       "United Nations                                    CRC/C/NLD/CO/5-6\n"
	       "Convention on the Rights of the Child           Distr.: General\n"
	       "                                                 9 March 2022\n"
	       "Committee on the Rights of the Child\n"
	       "Concluding observations on the combined fifth and sixth periodic\n"
	       "reports of the Netherlands*\n",
	       NULL, NULL, NULL);
	assert_field(&m.type, "un_concluding_observations", NULL);
	assert_field(&m.court, "CRC", NULL);
	assert_field(&m.ident, "CRC/C/NLD/CO/5-6", NULL);
	meta_clear(&m);
}

static void test_sr_report(void **state)
{
	struct meta m;
	detect(*state, &m, "report.pdf",
	       "A/HRC/14/25\nUnited Nations A/HRC/14/25\nGeneral Assembly\n"
	       "Human Rights Council\n"
	       "Report of the Special Rapporteur on the right to education\n"
	       "The right to education of migrants, refugees and asylum-seekers\n"
	       "1. The reports of these missions are in A/HRC/14/25/Add.2 and A/HRC/11/8.\n",
	       NULL, NULL, NULL);
	assert_field(&m.type, "report", "text:page1:cue 'Report of the Special Rapporteur'");
	assert_field(&m.court, "SR-EDUCATION", NULL);
	assert_field(&m.ident, "A/HRC/14/25", "text:page1:un-symbol");
	assert_field(&m.date, "2010", "rule:session A/HRC/");
	meta_clear(&m);
}

/* ---- legislation and treaties ------------------------------------------ */

static void test_legislation(void **state)
{
	struct meta m;
	detect(*state, &m, "Jeugdwet.pdf",
	       "BWBR0034925 • wetten.overheid.nl\n"
	       "Wet van 1 maart 2014 inzake regels over de gemeentelijke\n"
	       "verantwoordelijkheid (Jeugdwet)\n"
	       "Wij Willem-Alexander, bij de gratie Gods, Koning der Nederlanden\n",
	       NULL, NULL, NULL);
	assert_field(&m.type, "legislation", "ident:bwb");
	assert_field(&m.court, "LEGISLATURE", NULL);
	assert_field(&m.date, "2014-03-01", "text:page1:'Wet van'");
	assert_field(&m.ident, "BWBR0034925", NULL);
	meta_clear(&m);

	detect(*state, &m, "Richtlijn.pdf",
	       "BWBR0034086 • wetten.overheid.nl\nRichtlijn strafvordering kinderpornografie 2013\n",
	       NULL, NULL, "Richtlijn strafvordering kinderpornografie 2013");
	assert_field(&m.court, "OM", NULL);
	assert_field(&m.date, "2013", "pdf-title-year");
	meta_clear(&m);
}

static void test_treaty(void **state)
{
	struct meta m;
	detect(*state, &m, "crc.pdf",
	       "BWBV0002508 • Tractatenblad / wetten.overheid.nl\n"
	       "Verdrag inzake de rechten van het kind\nConvention on the Rights of the Child\n"
	       "Preamble\nThe States Parties to the present Convention, ...\n",
	       NULL, NULL, NULL);
	assert_field(&m.type, "treaty", "rule:instrument BWBV0002508");
	assert_field(&m.court, "UNGA", "rule:instrument");
	assert_field(&m.date, "1989-11-20", "rule:instrument BWBV0002508");
	assert_field(&m.ident, "BWBV0002508", NULL);
	meta_clear(&m);
}

static void test_dates_end_of_document(void **state)
{
	struct meta m;
	detect(*state, &m, "order.pdf",
	       "IN THE SUPREME COURT OF INDIA\nSMW (CRL.) No(s).04 OF 2019\nO R D E R\n",
	       "2. The delay in such matters ...\n",
	       "Let the matter be listed on 07.02.2020.\nNew Delhi\nDecember 18, 2019\n", NULL);
	assert_field(&m.court, "SCI", NULL);
	assert_field(&m.ident, "SMW (CRL.) No. 4 of 2019", NULL);
	assert_field(&m.date, "2019-12-18", "text:last-page:'New Delhi'");
	meta_clear(&m);
}

/* ---- odd input ---------------------------------------------------------- */

static void test_odd_text(void **state)
{
	struct meta m;
	/* Nothing to go on. */
	detect(*state, &m, NULL, NULL, NULL, NULL, NULL);
	assert_null(m.type.value);
	assert_null(m.court.value);
	assert_null(m.date.value);
	assert_null(m.ident.value);
	meta_clear(&m);

	/* Truncated patterns and impossible dates. */
	detect(*state, &m, "", "ECLI:NL:\nDatum uitspraak: 31-13-2019\nUitspraakdatum 2019-02-\n"
	       "(adopted 99 May 2013)\nApplication no. /07\nCRC/C/GC/\n",
	       "\xff\xfe\xc3", "", NULL);
	assert_null(m.date.value);
	assert_null(m.ident.value);
	meta_clear(&m);

	/* A long page of junk bytes. */
	size_t n = 200000;
	char *junk = malloc(n + 1);
	assert_non_null(junk);
	for (size_t i = 0; i < n; i++)
		junk[i] = (char)(1 + (i * 7919) % 255);
	junk[n] = '\0';
	detect(*state, &m, "junk.pdf", junk, junk, junk, junk);
	meta_clear(&m);
	free(junk);
	meta_clear(NULL);
}

static void test_type_labels(void **state)
{
	(void)state;
	assert_string_equal(meta_type_label("ruling", "nl"), "Uitspraak");
	assert_string_equal(meta_type_label("ruling", "en"), "Ruling");
	assert_string_equal(meta_type_label("un_views", NULL), "UN Views / decision");
	assert_string_equal(meta_type_label("nonsense", "nl"), "Overig");
	assert_string_equal(meta_type_label(NULL, "en"), "Other");
	for (size_t i = 0; meta_types[i] != NULL; i++) {
		assert_non_null(meta_type_label(meta_types[i], "nl"));
		assert_string_not_equal(meta_type_label(meta_types[i], "en"), "");
	}
}

/* ---- overrides ---------------------------------------------------------- */

static void test_overrides(void **state)
{
	struct fixture *fx = *state;
	char pdf[128], side[160], table[160], fp1[64], fp2[64], fp3[64];
	struct error *err = NULL;
	struct meta m;
	snprintf(pdf, sizeof(pdf), "%s/uitspraak.pdf", fx->dir);
	snprintf(side, sizeof(side), "%s.meta", pdf);
	snprintf(table, sizeof(table), "%s/kindex-meta.tsv", fx->dir);

	detect(fx, &m, pdf, "ECLI:NL:RVS:2019:TEST.0001\nDatum uitspraak: 22 mei 2019\n",
	       NULL, NULL, NULL);
	meta_overrides_fingerprint(pdf, fp1, sizeof(fp1));
	assert_string_equal(fp1, "");
	assert_int_equal(meta_apply_overrides(pdf, &m, &err), 0);

	/* Folder table: rows of other files are ignored, the header is skipped. */
	write_file(table, "file\tfield\tvalue\n"
		   "other.pdf\tdate\t2001-01-01\n"
		   "uitspraak.pdf\tdate\t2019-05-23\n"
		   "uitspraak.pdf\tlang\tnl\n");
	meta_overrides_fingerprint(pdf, fp2, sizeof(fp2));
	assert_string_not_equal(fp2, "");
	assert_int_equal(meta_apply_overrides(pdf, &m, &err), 2);
	assert_field(&m.date, "2019-05-23", "table:kindex-meta.tsv");
	assert_field(&m.lang, "nl", "table:kindex-meta.tsv");
	assert_field(&m.court, "RVS", "ecli-court-code");

	/* A changed row for another file does not change this PDF's fingerprint. */
	write_file(table, "file\tfield\tvalue\n"
		   "other.pdf\tdate\t2002-02-02\n"
		   "uitspraak.pdf\tdate\t2019-05-23\n"
		   "uitspraak.pdf\tlang\tnl\n");
	meta_overrides_fingerprint(pdf, fp3, sizeof(fp3));
	assert_string_equal(fp2, fp3);

	/* The sidecar wins over the table; "-" makes a field unknown; a new
	 * court code clears the stale display name. */
	write_file(side, "# correction by staff\n"
		   "date: 2019-06-01\n"
		   "court: CRVB\n"
		   "identifier: ECLI:NL:CRVB:2019:1\n"
		   "title:  Een titel: met dubbele punt \n"
		   "type: -\n");
	meta_overrides_fingerprint(pdf, fp3, sizeof(fp3));
	assert_string_not_equal(fp2, fp3);
	assert_int_equal(meta_apply_overrides(pdf, &m, &err), 6);
	assert_null(err);
	assert_field(&m.date, "2019-06-01", "sidecar:uitspraak.pdf.meta");
	assert_field(&m.court, "CRVB", "sidecar:uitspraak.pdf.meta");
	assert_null(m.court_name.value);
	assert_field(&m.ident, "ECLI:NL:CRVB:2019:1", NULL);
	assert_field(&m.title, "Een titel: met dubbele punt", NULL);
	assert_null(m.type.value);
	assert_int_equal(meta_fill_court_name(fx->rules, &m, &err), 0);
	assert_field(&m.court_name, "Centrale Raad van Beroep", "rule:court CRVB");

	/* Changing the sidecar changes the fingerprint. */
	write_file(side, "date: 2019-06-02\n");
	meta_overrides_fingerprint(pdf, fp1, sizeof(fp1));
	assert_string_not_equal(fp1, fp3);
	meta_clear(&m);
	assert_null(m.date.value);
	assert_null(m.court.source);
}

static void test_overrides_malformed(void **state)
{
	struct fixture *fx = *state;
	char pdf[128], side[160], table[160];
	struct error *err = NULL;
	struct meta m = { 0 };
	snprintf(pdf, sizeof(pdf), "%s/b.pdf", fx->dir);
	snprintf(side, sizeof(side), "%s.meta", pdf);
	snprintf(table, sizeof(table), "%s/kindex-meta.tsv", fx->dir);
	remove(table);

	write_file(side, "date: 2019-01-01\nthis line has no colon\n");
	assert_int_equal(meta_apply_overrides(pdf, &m, &err), -1);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_INPUT);
	assert_non_null(strstr(err->msg, "b.pdf.meta:2:"));
	assert_null(m.date.value);   /* unchanged on failure */
	error_free(err);
	err = NULL;

	write_file(side, "colour: red\n");
	assert_int_equal(meta_apply_overrides(pdf, &m, &err), -1);
	assert_non_null(strstr(err->msg, "b.pdf.meta:1: unknown field"));
	error_free(err);
	err = NULL;

	write_file(side, "type: verdict\n");
	assert_int_equal(meta_apply_overrides(pdf, &m, &err), -1);
	assert_non_null(strstr(err->msg, "unknown type"));
	error_free(err);
	err = NULL;

	write_file(side, "date: 12 maart 2019\n");
	assert_int_equal(meta_apply_overrides(pdf, &m, &err), -1);
	assert_non_null(strstr(err->msg, "YYYY-MM-DD"));
	error_free(err);
	err = NULL;
	remove(side);

	/* A broken table row is an error even when it names another file. */
	write_file(table, "a.pdf\ttype\n");
	assert_int_equal(meta_apply_overrides(pdf, &m, &err), -1);
	assert_non_null(strstr(err->msg, "kindex-meta.tsv:1:"));
	error_free(err);
	err = NULL;
	remove(table);

	/* An override file that exists but cannot be read (mode 000).  Root
	 * reads any file, so as root (CI) the reading is done by a child that
	 * has given up root for "nobody", as the indexer does under setpriv
	 * in the reliability tests; the folder lets it in. */
	write_file(side, "date: 2019\n");
	assert_int_equal(chmod(side, 0), 0);
	if (geteuid() != 0) {
		assert_int_equal(meta_apply_overrides(pdf, &m, &err), -1);
		assert_int_equal(err->code, ERR_IO);
		assert_non_null(strstr(err->msg, "b.pdf.meta: "));
		error_free(err);
		err = NULL;
	} else {
		assert_int_equal(chmod(fx->dir, 0711), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
				_exit(3);
			struct meta cm = { 0 };
			int crc = meta_apply_overrides(pdf, &cm, &err);
			/* 0: refused with the sidecar's I/O error; 1: anything else */
			_exit(crc == -1 && err != NULL && err->code == ERR_IO &&
					      strstr(err->msg, "b.pdf.meta: Permission denied") != NULL && cm.date.value == NULL
				      ? 0 : 1);
		}
		int wst = 0;
		assert_int_equal(waitpid(pid, &wst, 0), pid);
		assert_true(WIFEXITED(wst));
		assert_int_equal(WEXITSTATUS(wst), 0);
		assert_int_equal(chmod(fx->dir, 0700), 0);
	}
	remove(side);
	meta_clear(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules_missing_file),
		cmocka_unit_test(test_rules_malformed_line),
		cmocka_unit_test(test_court_labels),
		cmocka_unit_test(test_nl_constructed_ruling),
		cmocka_unit_test(test_nl_ruling_without_ecli),
		cmocka_unit_test(test_nl_rechtspraak_header),
		cmocka_unit_test(test_scan_from_file_name),
		cmocka_unit_test(test_echr_judgment),
		cmocka_unit_test(test_un_views),
		cmocka_unit_test(test_un_general_comment),
		cmocka_unit_test(test_un_concluding_observations),
		cmocka_unit_test(test_sr_report),
		cmocka_unit_test(test_legislation),
		cmocka_unit_test(test_treaty),
		cmocka_unit_test(test_dates_end_of_document),
		cmocka_unit_test(test_odd_text),
		cmocka_unit_test(test_type_labels),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_overrides_malformed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
