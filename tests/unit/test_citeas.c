/* test_citeas.c - unit tests for search/citeas.c: citations as the Leidraad
 * writes them, from the data file shipped in data/, and a data file that is
 * wrong is refused with its line named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "search/citeas.h"

static struct citeas *cs;

static int setup(void **state)
{
	(void)state;
	struct error *err = NULL;
	cs = citeas_load(NULL, &err);
	if (cs == NULL) {
		fprintf(stderr, "%s\n", err->msg);
		error_free(err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	citeas_free(cs);
	return 0;
}

static void expect(const struct citeas_doc *d, const char *lang, const struct citeas_pin *pin,
		   const char *want)
{
	char *got = citeas_format(cs, d, lang, pin);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "got:  %s\nwant: %s\n", got, want);
	assert_string_equal(got, want);
	free(got);
}

static void test_dutch_rulings(void **state)
{
	(void)state;
	struct citeas_doc rb = { .type = "ruling", .court = "RBDHA", .date = "2023-06-08",
				 .ident = "ECLI:NL:RBDHA:2023:TEST.0006",
				 .title = "Rechtbank Den Haag, zp Amsterdam, 8 juni 2023, NL22.14502" };
	expect(&rb, "nl", NULL,
	       "Rb. Den Haag (zittingsplaats Amsterdam) 8 juni 2023, ECLI:NL:RBDHA:2023:TEST.0006");
	expect(&rb, "en", NULL,
	       "District Court The Hague (sitting at Amsterdam) 8 June 2023, "
	       "ECLI:NL:RBDHA:2023:TEST.0006");
	struct citeas_pin ro = { .para = "4.3", .page = 4 };
	expect(&rb, "nl", &ro,
	       "Rb. Den Haag (zittingsplaats Amsterdam) 8 juni 2023, ECLI:NL:RBDHA:2023:TEST.0006, "
	       "r.o. 4.3");

	/* The seat from the first page when the title does not say it. */
	struct citeas_doc rb2 = { .type = "ruling", .court = "RBDHA", .date = "2014-11-20",
				  .ident = "ECLI:NL:RBDHA:2014:TEST.0005", .title = "Uitspraak",
				  .page1 = "RECHTBANK DEN HAAG\nZittingsplaats Zwolle\nBestuursrecht" };
	expect(&rb2, "nl", NULL,
	       "Rb. Den Haag (zittingsplaats Zwolle) 20 november 2014, ECLI:NL:RBDHA:2014:TEST.0005");

	struct citeas_doc rvs = { .type = "ruling", .court = "RVS", .date = "2019-05-22",
				  .ident = "ECLI:NL:RVS:2019:TEST.0001",
				  .title = "Raad van State 22 mei 2019" };
	expect(&rvs, "nl", NULL, "ABRvS 22 mei 2019, ECLI:NL:RVS:2019:TEST.0001");
	/* The seat of the court below is not the Council of State's. */
	rvs.page1 = "RAAD VAN STATE\nuitspraak op het hoger beroep tegen de uitspraak van de "
		    "rechtbank Den Haag, zittingsplaats Utrecht, van 3 mei 2023";
	expect(&rvs, "nl", NULL, "ABRvS 22 mei 2019, ECLI:NL:RVS:2019:TEST.0001");
	struct citeas_doc hr = { .type = "ruling", .court = "HR", .date = "1995-06-23",
				 .ident = "ECLI:NL:HR:1995:AA3911" };
	struct citeas_pin page = { .page = 4 };
	expect(&hr, "nl", &page, "HR 23 juni 1995, ECLI:NL:HR:1995:AA3911, p. 4");
	struct citeas_doc hof = { .type = "ruling", .court = "GHARL", .date = "2018-10-30",
				  .ident = "ECLI:NL:GHARL:2018:TEST.0009" };
	expect(&hof, "nl", NULL, "Hof Arnhem-Leeuwarden 30 oktober 2018, ECLI:NL:GHARL:2018:TEST.0009");
	struct citeas_doc crvb = { .type = "ruling", .court = "CRVB", .date = "2014-02-06",
				   .ident = "ECLI:NL:CRVB:2014:355" };
	expect(&crvb, "nl", NULL, "CRvB 6 februari 2014, ECLI:NL:CRVB:2014:355");
}

static void test_echr(void **state)
{
	(void)state;
	struct citeas_doc gc = {
		.type = "ruling", .court = "ECTHR", .date = "2007-11-13", .ident = "57325/00",
		.title = "CASE OF D.H. AND OTHERS v. THE CZECH REPUBLIC (Application no. 57325/00)",
		.page1 = "GRAND CHAMBER\n\nCASE OF D.H. AND OTHERS v. THE CZECH REPUBLIC"
	};
	expect(&gc, "nl", NULL,
	       "EHRM (GK) 13 november 2007, nr. 57325/00, ECLI:CE:ECHR:2007:1113JUD005732500 "
	       "(D.H. e.a./Tsjechië)");
	expect(&gc, "en", NULL,
	       "ECtHR (GC) 13 November 2007, no. 57325/00, ECLI:CE:ECHR:2007:1113JUD005732500 "
	       "(D.H. and Others v. the Czech Republic)");
	/* The Chamber judgment of the same case: referred to the Grand Chamber
	 * later, which is not its own formation; its ECLI as printed. */
	struct citeas_doc ch1 = {
		.type = "ruling", .court = "ECTHR", .date = "2006-02-07", .ident = "57325/00",
		.title = "CASE OF D.H. AND OTHERS v. THE CZECH REPUBLIC (Application no. 57325/00)",
		.page1 = "Application no. 57325/00 • Chamber • Judgment of 2006-02-07\n"
			 "ECLI:CE:ECHR:2006:0207JUD005732500 • HUDOC 001-72317\nSECOND SECTION\n"
			 "THIS CASE WAS REFERRED TO THE GRAND CHAMBER, WHICH DELIVERED\n"
	};
	expect(&ch1, "nl", NULL,
	       "EHRM 7 februari 2006, nr. 57325/00, ECLI:CE:ECHR:2006:0207JUD005732500 "
	       "(D.H. e.a./Tsjechië)");
	/* The French version of the Grand Chamber judgment. */
	struct citeas_doc fr = {
		.type = "ruling", .court = "ECTHR", .date = "2007-11-13", .ident = "57325/00",
		.title = "AFFAIRE D.H. ET AUTRES c. RÉPUBLIQUE TCHÈQUE (Requête no 57325/00)",
		.page1 = "GRANDE CHAMBRE\nAFFAIRE D.H. ET AUTRES c. RÉPUBLIQUE TCHÈQUE\n"
	};
	expect(&fr, "nl", NULL,
	       "EHRM (GK) 13 november 2007, nr. 57325/00, ECLI:CE:ECHR:2007:1113JUD005732500 "
	       "(D.H. e.a./Tsjechië)");
	fr.title = "AFFAIRE D.H. ET AUTRES c. REPUBLIQUE TCHEQUE"; /* accents lost */
	expect(&fr, "nl", NULL,
	       "EHRM (GK) 13 november 2007, nr. 57325/00, ECLI:CE:ECHR:2007:1113JUD005732500 "
	       "(D.H. e.a./Tsjechië)");
	struct citeas_pin para = { .para = "206", .page = 50 };
	struct citeas_doc ch = {
		.type = "ruling", .court = "ECTHR", .date = "2023-03-30", .ident = "24408/16",
		.title = "CASE OF SZOLCSÁN v. HUNGARY (Application no. 24408/16)",
		.page1 = "FIRST SECTION\nCASE OF SZOLCSÁN v. HUNGARY"
	};
	expect(&ch, "nl", &para,
	       "EHRM 30 maart 2023, nr. 24408/16, ECLI:CE:ECHR:2023:0330JUD002440816 "
	       "(Szolcsán/Hongarije), § 206");
}

static void test_un(void **state)
{
	(void)state;
	struct citeas_doc gc = { .type = "un_general_comment", .court = "CRC", .date = "2013-05-29",
				 .ident = "CRC/C/GC/14",
				 .title = "CRC/C/GC/14 – General Comment No. 14 on the right …" };
	expect(&gc, "nl", NULL,
	       "VN-Kinderrechtencomité, General Comment No. 14 (2013), 29 mei 2013, CRC/C/GC/14");
	struct citeas_pin par = { .para = "45", .page = 9 };
	expect(&gc, "nl", &par,
	       "VN-Kinderrechtencomité, General Comment No. 14 (2013), 29 mei 2013, CRC/C/GC/14, "
	       "par. 45");
	expect(&gc, "en", &par,
	       "UN Committee on the Rights of the Child, General Comment No. 14 (2013), 29 May 2013, "
	       "CRC/C/GC/14, para. 45");
	/* The Committee's older symbol. */
	struct citeas_doc gc1 = { .type = "un_general_comment", .court = "CRC", .date = "2001-04-17",
				  .ident = "CRC/GC/2001/1" };
	expect(&gc1, "nl", NULL,
	       "VN-Kinderrechtencomité, General Comment No. 1 (2001), 17 april 2001, CRC/GC/2001/1");
	struct citeas_doc views = { .type = "un_views", .court = "CRC", .date = "2019-02-04",
				    .ident = "CRC/C/80/D/4/2016", .case_name = "D.D. v. Spain" };
	expect(&views, "nl", NULL, "VN-Kinderrechtencomité 4 februari 2019, CRC/C/80/D/4/2016 (D.D./Spanje)");
	/* Without a case name the part that needs it is left out. */
	struct citeas_doc v2 = { .type = "un_views", .court = "CRC", .date = "2022",
				 .ident = "CRC/C/90/D/93/2019" };
	expect(&v2, "nl", NULL, "VN-Kinderrechtencomité 2022, CRC/C/90/D/93/2019");
}

static void test_other_and_dates(void **state)
{
	(void)state;
	struct citeas_doc rep = { .type = "report", .court = "DCI-ECPAT", .date = "2021-03",
				  .title = "Kinderrechten in de jeugdzorg" };
	struct citeas_pin page = { .page = 12 };
	expect(&rep, "nl", &page, "DCI-ECPAT, Kinderrechten in de jeugdzorg, maart 2021, p. 12");
	char *d = citeas_date("2020-13-01", "nl");
	assert_string_equal(d, "2020-13-01"); /* not a date: as it is */
	free(d);
	d = citeas_date("", "en");
	assert_string_equal(d, "");
	free(d);
	d = citeas_date("1999-01-05", "en");
	assert_string_equal(d, "5 January 1999");
	free(d);
}

static void test_bad_file(void **state)
{
	(void)state;
	char path[] = "/tmp/kindex-citeas-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "abbr HR HR\nformat ruling xx {court}\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	struct error *err = NULL;
	assert_null(citeas_load(path, &err));
	assert_non_null(err);
	assert_non_null(strstr(err->msg, ":2:"));
	error_free(err);
	err = NULL;
	assert_null(citeas_load("/nonexistent/cite-formats.txt", &err));
	assert_non_null(err);
	error_free(err);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dutch_rulings),
		cmocka_unit_test(test_echr),
		cmocka_unit_test(test_un),
		cmocka_unit_test(test_other_and_dates),
		cmocka_unit_test(test_bad_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
