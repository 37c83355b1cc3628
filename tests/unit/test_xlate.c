/* test_xlate.c - the Dutch -> English dictionary of the query side
 * (search/xlate.h) on a small dictd dictionary written here ($KINDEX_DICT),
 * and its use by the query (search/query.c): a word that no document holds
 * is searched by its translations; a word the index holds is not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "search/xlate.h"
#include "tests/unit/synth.h"

static char *tmp;

/* dictd's base-64 number. */
static void b64(long v, char *out)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char rev[16];
	int n = 0;
	do {
		rev[n++] = digits[v % 64];
		v /= 64;
	} while (v > 0);
	for (int i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

/* Writes NAME.index and a plain NAME.dict of the entries (headword, text). */
static void write_dict(const char *base, const char *const entries[][2], size_t n)
{
	char path[4300];
	snprintf(path, sizeof(path), "%s.dict", base);
	FILE *d = fopen(path, "w");
	snprintf(path, sizeof(path), "%s.index", base);
	FILE *x = fopen(path, "w");
	assert_non_null(d);
	assert_non_null(x);
	long off = 0;
	for (size_t i = 0; i < n; i++) {
		long len = (long)strlen(entries[i][1]);
		char o[16], l[16];
		b64(off, o);
		b64(len, l);
		fputs(entries[i][1], d);
		fprintf(x, "%s\t%s\t%s\n", entries[i][0], o, l);
		off += len;
	}
	fclose(d);
	fclose(x);
}

static int setup(void **state)
{
	(void)state;
	tmp = synth_tmpdir("xlate");
	if (tmp == NULL || synth_corpus(tmp) < 0)
		return -1;
	static const char *const entries[][2] = {
		{ "00-database-info", "This is no entry\nnonsense\n" },
		{ "elektriciteit", "elektriciteit /e/\nelectricity\n" },
		{ "kind", "kind /kint/\n1. child, offspring (young one)\n2. infant; the; 3d-model\n3. bairn\n" },
		{ "meisje", "meisje /m/\ngirl\n" },
		{ "goede morgen", "goede morgen\ngood morning\n" },
		/* Not what they mean: to tell which words are translated. */
		{ "verzoeker", "verzoeker /v/\napplicant\n" },
		{ "dagelijks", "dagelijks /d/\napplicant\n" },
	};
	char base[4200];
	snprintf(base, sizeof(base), "%s/nld-eng", tmp);
	write_dict(base, entries, sizeof(entries) / sizeof(entries[0]));
	setenv("KINDEX_DICT", base, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	synth_rmrf(tmp);
	free(tmp);
	return 0;
}

static void test_lookup(void **state)
{
	(void)state;
	const char *t[XLATE_MAX];
	assert_int_equal(xlate_size(), 5);
	assert_int_equal(xlate_nl_en("elektriciteit", t, XLATE_MAX), 1);
	assert_string_equal(t[0], "electricity");
	/* Senses in order, numbers and remarks gone, stopwords and words with
	 * digits left out, at most XLATE_MAX. */
	assert_int_equal(xlate_nl_en("kind", t, XLATE_MAX), 4);
	assert_string_equal(t[0], "child");
	assert_string_equal(t[1], "offspring");
	assert_string_equal(t[2], "infant");
	assert_string_equal(t[3], "bairn");
	assert_int_equal(xlate_nl_en("kind", t, 2), 2);
	/* A plural ending. */
	assert_int_equal(xlate_nl_en("meisjes", t, XLATE_MAX), 1);
	assert_string_equal(t[0], "girl");
	assert_int_equal(xlate_nl_en("meisje's", t, XLATE_MAX), 1);
	/* Unknown words, headwords of several words, the database's own lines. */
	assert_int_equal(xlate_nl_en("zebrapad", t, XLATE_MAX), 0);
	assert_int_equal(xlate_nl_en("goede", t, XLATE_MAX), 0);
	assert_int_equal(xlate_nl_en("00-database-info", t, XLATE_MAX), 0);
	assert_int_equal(xlate_nl_en(NULL, t, XLATE_MAX), 0);
}

static size_t hits(const char *q, const char **first_court)
{
	struct error *err = NULL;
	char db_dir[4200];
	snprintf(db_dir, sizeof(db_dir), "%s/db", tmp);
	struct search_db *db = search_open(db_dir, &err);
	assert_non_null(db);
	struct search_req req = { .q = q };
	struct search_result *r = search_run(db, &req, &err);
	assert_non_null(r);
	size_t n = r->n_hits;
	static char court[32];
	snprintf(court, sizeof(court), "%s", n ? r->hits[0].court : "");
	*first_court = court;
	search_result_free(r);
	search_close(db);
	return n;
}

/* "verzoeker" is in no document: its translation "applicant" finds the
 * English judgment.  "dagelijks" is in the Dutch ruling: searched as
 * typed, without the (here deliberately wrong) translation. */
static void test_query_translates_only_words_no_document_holds(void **state)
{
	(void)state;
	const char *court;
	assert_int_equal(hits("verzoeker", &court), 1);
	assert_string_equal(court, "ECHR");
	assert_int_equal(hits("dagelijks", &court), 1);
	assert_string_equal(court, "CRVB");
	/* Beside other words: the unknown word still counts. */
	assert_true(hits("zebrapad verzoeker", &court) >= 3);
	assert_string_equal(court, "ECHR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_query_translates_only_words_no_document_holds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
