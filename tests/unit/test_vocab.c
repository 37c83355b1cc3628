/* test_vocab.c - unit tests for search/vocab.c (labels of types, languages,
 * instruments, months; the court list) and for the "courts" line by which
 * the indexer's rules read that list.
 *
 * Run from the repository root: the tests load data/courts.txt and
 * data/meta-rules.txt.  Scratch files go to a fresh directory under /tmp
 * that the tests remove again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "indexer/meta.h"
#include "search/vocab.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_fixed_labels(void **state)
{
	(void)state;
	assert_string_equal(vocab_type_label("un_views", "nl"), "Views / beslissing (VN)");
	assert_string_equal(vocab_type_label("un_views", "en"), "UN Views / decision");
	assert_string_equal(vocab_type_label("nonsense", "NL"), "Overig");
	assert_string_equal(vocab_type_label(NULL, NULL), "Other");
	for (size_t i = 0; vocab_types[i] != NULL; i++)
		assert_true(vocab_is_type(vocab_types[i]));
	assert_false(vocab_is_type("Ruling"));
	assert_false(vocab_is_type(NULL));

	assert_string_equal(vocab_lang_label("fr", "nl"), "Frans");
	assert_string_equal(vocab_lang_label("fr", "en"), "French");
	assert_string_equal(vocab_lang_label("de", "nl"), "Overig");

	assert_string_equal(vocab_instrument_label("CRC", "nl"), "IVRK");
	assert_string_equal(vocab_instrument_label("VW2000", "en"), "Aliens Act 2000");
	assert_null(vocab_instrument_label("ECHR-P1", "nl"));
	assert_string_equal(vocab_instrument_title("OPIC", "nl"),
			    "Facultatief Protocol inzake een communicatieprocedure");
	assert_string_equal(vocab_instrument_title("OPAC", "en"),
			    "Optional Protocol on the involvement of children in armed conflict");
	assert_null(vocab_instrument_title("CRC", "en"));

	assert_string_equal(vocab_month_name(5, "nl"), "mei");
	assert_string_equal(vocab_month_name(12, "en"), "December");
	assert_null(vocab_month_name(0, "nl"));
	assert_null(vocab_month_name(13, "en"));
}

/* The shipped court list, as the web server loads it. */
static void test_shipped_courts(void **state)
{
	(void)state;
	struct error *err = NULL;
	struct vocab *v = vocab_load("data/" VOCAB_COURTS_FILE, &err);
	assert_non_null(v);
	assert_true(vocab_n_courts(v) > 50);
	assert_string_equal(vocab_court_label(v, "CRC", "nl"), "VN-Kinderrechtencomité");
	assert_string_equal(vocab_court_label(v, "CRC", "en"),
			    "UN Committee on the Rights of the Child");
	assert_string_equal(vocab_court_label(v, "HR", "nl"), "Hoge Raad");
	assert_null(vocab_court_label(v, "NOSUCHCOURT", "nl"));
	long ci = vocab_court_index(v, "RVS");
	assert_true(ci >= 0);
	assert_string_equal(vocab_court_at(v, (size_t)ci)->type, "ruling");
	/* The rules read the same list: same codes, same names. */
	struct meta_rules *r = meta_rules_load(META_RULES_DEFAULT_PATH, &err);
	assert_non_null(r);
	for (size_t i = 0; i < vocab_n_courts(v); i++) {
		const struct vocab_court *c = vocab_court_at(v, i);
		assert_string_equal(meta_court_label(r, c->code, "nl"),
				    vocab_court_label(v, c->code, "nl"));
		assert_string_equal(meta_court_label(r, c->code, "en"), c->name);
	}
	meta_rules_free(r);
	vocab_free(v);
	vocab_free(NULL);
	assert_null(vocab_court_label(NULL, "CRC", "nl"));
}

static void test_court_file_errors(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_vocab.XXXXXX", path[128], rules[128], cmd[160];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/courts.txt", dir);
	snprintf(rules, sizeof(rules), "%s/rules.txt", dir);
	struct error *err = NULL;

	assert_null(vocab_load("/nonexistent/courts.txt", &err));
	assert_int_equal(err->code, ERR_IO);
	error_free(err);
	err = NULL;

	write_file(path, "# list\ncourt A ruling Court A\ncourt A - Court A again\n");
	assert_null(vocab_load(path, &err));
	assert_int_equal(err->code, ERR_INPUT);
	assert_non_null(strstr(err->msg, "courts.txt:3: court code defined twice"));
	error_free(err);
	err = NULL;

	write_file(path, "court A judgment Court A\n");
	assert_null(vocab_load(path, &err));
	assert_non_null(strstr(err->msg, ":1: unknown document type"));
	error_free(err);
	err = NULL;

	/* Only court lines belong in the list. */
	write_file(path, "court A ruling Court A\nname A Court A\n");
	assert_null(vocab_load(path, &err));
	assert_non_null(strstr(err->msg, ":2: unknown keyword"));
	error_free(err);
	err = NULL;

	/* A rules file names its list relative to its own folder. */
	write_file(path, "court A - Court A | Hof A\n");
	write_file(rules, "courts courts.txt\nname A hof a\n");
	struct meta_rules *r = meta_rules_load(rules, &err);
	assert_non_null(r);
	assert_string_equal(meta_court_label(r, "A", "nl"), "Hof A");
	meta_rules_free(r);

	/* An error in the list names the list's file and line. */
	write_file(path, "\ncourt A\n");
	assert_null(meta_rules_load(rules, &err));
	assert_non_null(strstr(err->msg, "courts.txt:2: court needs CODE TYPE DISPLAY"));
	error_free(err);
	err = NULL;

	write_file(rules, "courts\n");
	assert_null(meta_rules_load(rules, &err));
	assert_non_null(strstr(err->msg, "rules.txt:1: courts needs one FILE"));
	error_free(err);
	err = NULL;

	write_file(rules, "courts missing.txt\n");
	assert_null(meta_rules_load(rules, &err));
	assert_int_equal(err->code, ERR_IO);
	error_free(err);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* States with the procedures they are party to: the new four-field line,
 * the old three-field line (a candidate everywhere), and bad lines. */
static void test_state_procedures(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_vocab.XXXXXX", path[128], cmd[160];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/states.txt", dir);
	struct error *err = NULL;

	write_file(path, "procedure opic CRC\nprocedure ccpr HRCTTEE\n"
			 "state Spain | Spanje | Spanish; Espagne | opic ccpr\n"
			 "state Australia | Australi\xc3\xab | Australian | ccpr\n"
			 "state Atlantis | Atlantis | Atlantean\n");
	struct vocab *v = vocab_load(path, &err);
	assert_non_null(v);
	assert_int_equal(vocab_n_states(v), 3);
	size_t es = (size_t)vocab_state_index(v, "Spain");
	size_t au = (size_t)vocab_state_index(v, "Australia");
	size_t at = (size_t)vocab_state_index(v, "Atlantis");
	assert_string_equal(vocab_state_at(v, es)->aliases[2], "Espagne");
	assert_null(vocab_state_at(v, es)->aliases[3]);
	assert_true(vocab_procedure_bit(v, "OPIC") != 0);
	assert_int_equal(vocab_procedure_bit(v, "cedaw"), 0);
	/* A CRC View: only OPIC States; Human Rights Committee: ICCPR-OP1 States. */
	assert_true(vocab_state_party_before(v, es, "CRC"));
	assert_false(vocab_state_party_before(v, au, "CRC"));
	assert_true(vocab_state_party_before(v, au, "HRCTTEE"));
	/* A court without a procedure, or no court: every State. */
	assert_true(vocab_state_party_before(v, au, "HR"));
	assert_true(vocab_state_party_before(v, au, NULL));
	/* The old format names no procedures: a candidate everywhere. */
	assert_true(vocab_state_party_before(v, at, "CRC"));
	assert_true(vocab_state_party_before(v, at, "HRCTTEE"));
	vocab_free(v);

	write_file(path, "state Spain | Spanje | Spanish | opic\n");
	assert_null(vocab_load(path, &err));
	assert_non_null(strstr(err->msg, ":1: unknown procedure tag"));
	error_free(err);
	err = NULL;

	write_file(path, "procedure opic\n");
	assert_null(vocab_load(path, &err));
	assert_non_null(strstr(err->msg, ":1: procedure needs 'TAG COURT'"));
	error_free(err);
	err = NULL;

	write_file(path, "procedure opic CRC\nprocedure OPIC CRC\n");
	assert_null(vocab_load(path, &err));
	assert_non_null(strstr(err->msg, ":2: procedure defined twice"));
	error_free(err);
	err = NULL;

	write_file(path, "procedure opic CRC\nstate Spain | Spanje | Spanish | opic | x\n");
	assert_null(vocab_load(path, &err));
	assert_non_null(strstr(err->msg, ":2: state needs"));
	error_free(err);
	err = NULL;

	/* The shipped list: every State is party to some procedure. */
	v = vocab_load("data/" VOCAB_COURTS_FILE, &err);
	assert_non_null(v);
	assert_true(vocab_n_states(v) > 120);
	for (size_t i = 0; i < vocab_n_states(v); i++)
		assert_true(vocab_state_at(v, i)->procs != 0);
	assert_true(vocab_state_party_before(v, (size_t)vocab_state_index(v, "Australia"),
					     "HRCTTEE"));
	assert_false(vocab_state_party_before(v, (size_t)vocab_state_index(v, "Australia"),
					      "CRC"));
	assert_false(vocab_state_party_before(v, (size_t)vocab_state_index(v, "Canada"),
					      "ECTHR"));
	vocab_free(v);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_labels),
		cmocka_unit_test(test_shipped_courts),
		cmocka_unit_test(test_court_file_errors),
		cmocka_unit_test(test_state_procedures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
