/* test_analyze.c - unit tests for search/analyze.c: word splitting, Dutch
 * compounds, synonyms and the glossary, on the shipped data files and on
 * small files written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search/analyze.h"
#include "base/util.h"

static int has(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void test_words_fold_and_split(void **state)
{
	(void)state;
	char w[8][ANALYZE_MAX_WORD];
	size_t n = analyze_words("Roma-kinderen, IVRK art. 12 beëindiging", w, 8);
	assert_int_equal(n, 6);
	assert_string_equal(w[0], "roma");
	assert_string_equal(w[1], "kinderen");
	assert_string_equal(w[2], "ivrk");
	assert_string_equal(w[4], "12");
	assert_string_equal(w[5], "beëindiging");
	assert_int_equal(analyze_words("children's 'rights'", w, 8), 2);
	assert_string_equal(w[0], "children's");
	assert_string_equal(w[1], "rights");
	assert_int_equal(analyze_words("  --  ", w, 8), 0);
	assert_int_equal(analyze_words("a b c", w, 2), 2);
}

static void test_words_cut_on_utf8_boundary(void **state)
{
	(void)state;
	char w[1][ANALYZE_MAX_WORD];
	char text[200];
	/* 62 x 'a' then "ë" (2 bytes): the cut must not split the ë. */
	memset(text, 'a', 62);
	strcpy(text + 62, "ëëë");
	assert_int_equal(analyze_words(text, w, 1), 1);
	assert_int_equal(strlen(w[0]), 62);
	assert_true(util_utf8_valid(w[0], strlen(w[0])));
}

static void test_split_shipped_list(void **state)
{
	(void)state;
	struct error *err = NULL;
	struct analyze *a = analyze_open(NULL, &err);
	assert_non_null(a);
	assert_null(err);
	if (analyze_n_parts(a) == 0) {
		analyze_free(a);
		skip();
	}
	char p[ANALYZE_MAX_PARTS][ANALYZE_MAX_WORD];
	assert_int_equal(analyze_split(a, "gezinsherenigingsverzoek", p, ANALYZE_MAX_PARTS), 3);
	assert_string_equal(p[0], "gezin");
	assert_string_equal(p[1], "hereniging");
	assert_string_equal(p[2], "verzoek");
	assert_int_equal(analyze_split(a, "lijfstraffen", p, ANALYZE_MAX_PARTS), 2);
	assert_string_equal(p[0], "lijf");
	assert_string_equal(p[1], "straffen");
	assert_int_equal(analyze_split(a, "kinderrechter", p, ANALYZE_MAX_PARTS), 2);
	assert_string_equal(p[0], "kind");
	assert_string_equal(p[1], "rechter");
	/* Short words and non-words are left alone. */
	assert_int_equal(analyze_split(a, "kinderen", p, ANALYZE_MAX_PARTS), 0);
	assert_int_equal(analyze_split(a, "xqzwvkjhgfdsa", p, ANALYZE_MAX_PARTS), 0);
	analyze_free(a);
}

static void test_compound_words_for_indexing(void **state)
{
	(void)state;
	struct analyze *a = analyze_open(NULL, NULL);
	assert_non_null(a);
	if (analyze_n_parts(a) == 0) {
		analyze_free(a);
		skip();
	}
	char w[16][ANALYZE_MAX_WORD];
	int n = analyze_compound_words(a, "gezinsherenigingsverzoek", w, 16);
	const char *list[16];
	for (int i = 0; i < n; i++)
		list[i] = w[i];
	assert_int_equal(n, 5);
	assert_true(has(list, (size_t)n, "gezin"));
	assert_true(has(list, (size_t)n, "hereniging"));
	assert_true(has(list, (size_t)n, "verzoek"));
	/* A run of parts keeps its linking s inside, not at its end. */
	assert_true(has(list, (size_t)n, "gezinshereniging"));
	assert_true(has(list, (size_t)n, "herenigingsverzoek"));
	assert_int_equal(analyze_compound_words(a, "kind", w, 16), 0);
	analyze_free(a);
}

static char *write_dir(const char *syn, const char *glos, const char *parts)
{
	char tmpl[] = "/tmp/test-analyze-XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	const char *names[] = { "synonyms.txt", "glossary.tsv", "dutch-parts.txt" };
	const char *texts[] = { syn, glos, parts };
	for (int i = 0; i < 3; i++) {
		if (texts[i] == NULL)
			continue;
		char path[256];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_int_equal(util_write_file_atomic(path, texts[i], strlen(texts[i]), NULL), 0);
	}
	return strdup(dir);
}

static void remove_dir(char *dir)
{
	const char *names[] = { "synonyms.txt", "glossary.tsv", "dutch-parts.txt" };
	for (int i = 0; i < 3; i++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
	free(dir);
}

static void test_lookup_longest_phrase_merges_lines(void **state)
{
	(void)state;
	char *dir = write_dir("# comment\nivrk = VRK = Kinderrechtenverdrag = CRC\n"
			      "ots = ondertoezichtstelling  # the measure\n",
			      "# nl\ten\nbelang van het kind|belangen van het kind\tbest interests of the child\n"
			      "kind|kinderen\tchild|children\n"
			      "kinderrechtenverdrag\tconvention on the rights of the child\n",
			      NULL);
	struct error *err = NULL;
	struct analyze *a = analyze_open(dir, &err);
	assert_null(err);
	assert_non_null(a);
	assert_int_equal(analyze_n_groups(a), 5);
	assert_int_equal(analyze_n_parts(a), 0);
	struct analyze_entry e;
	const char *q1[] = { "belang", "van", "het", "kind", "verblijf" };
	assert_int_equal(analyze_lookup(a, q1, 5, &e), 4);
	assert_int_equal(e.n_same, 1);
	assert_string_equal(e.same[0], "belangen van het kind");
	assert_int_equal(e.n_other, 1);
	assert_string_equal(e.other[0], "best interests of the child");
	/* The English side finds the Dutch one. */
	const char *q2[] = { "best", "interests", "of", "the", "child" };
	assert_int_equal(analyze_lookup(a, q2, 5, &e), 5);
	assert_true(has(e.other, e.n_other, "belang van het kind"));
	/* Synonym group and glossary line merge; case is folded. */
	const char *q3[] = { "kinderrechtenverdrag" };
	assert_int_equal(analyze_lookup(a, q3, 1, &e), 1);
	assert_true(has(e.same, e.n_same, "ivrk"));
	assert_true(has(e.same, e.n_same, "crc"));
	assert_true(has(e.other, e.n_other, "convention on the rights of the child"));
	const char *q4[] = { "kinderen" };
	assert_int_equal(analyze_lookup(a, q4, 1, &e), 1);
	assert_true(has(e.same, e.n_same, "kind"));
	assert_true(has(e.other, e.n_other, "children"));
	const char *q5[] = { "verblijf" };
	assert_int_equal(analyze_lookup(a, q5, 1, &e), 0);
	assert_int_equal(e.n_same + e.n_other, 0);
	analyze_free(a);
	remove_dir(dir);
}

static void test_bad_lines_are_reported(void **state)
{
	(void)state;
	char *dir = write_dir("ivrk\n", NULL, NULL);
	struct error *err = NULL;
	assert_null(analyze_open(dir, &err));
	assert_non_null(err);
	assert_int_equal(err->code, ERR_INPUT);
	assert_non_null(strstr(err->msg, "synonyms.txt:1"));
	error_free(err);
	remove_dir(dir);
	dir = write_dir(NULL, "\nkind child\n", NULL);
	err = NULL;
	assert_null(analyze_open(dir, &err));
	assert_non_null(strstr(err->msg, "glossary.tsv:2"));
	error_free(err);
	remove_dir(dir);
}

static void test_missing_files_disable_only_their_part(void **state)
{
	(void)state;
	char *dir = write_dir(NULL, NULL, "# parts\nstraffen\nlijf\n");
	struct analyze *a = analyze_open(dir, NULL);
	assert_non_null(a);
	assert_int_equal(analyze_n_groups(a), 0);
	assert_int_equal(analyze_n_parts(a), 2); /* unsorted input is sorted */
	char p[ANALYZE_MAX_PARTS][ANALYZE_MAX_WORD];
	/* Too short to be split (ANALYZE_MIN_COMPOUND). */
	assert_int_equal(analyze_split(a, "lijfstraf", p, ANALYZE_MAX_PARTS), 0);
	assert_int_equal(analyze_split(a, "lijfstraffen", p, ANALYZE_MAX_PARTS), 2);
	struct analyze_entry e;
	const char *q[] = { "kind" };
	assert_int_equal(analyze_lookup(a, q, 1, &e), 0);
	analyze_free(a);
	analyze_free(NULL);
	assert_int_equal(analyze_lookup(NULL, q, 1, &e), 0);
	assert_int_equal(analyze_split(NULL, "lijfstraffen", p, ANALYZE_MAX_PARTS), 0);
	remove_dir(dir);
}

struct split_job {
	const struct analyze *a;
	int parts;
};

static void *split_thread(void *arg)
{
	struct split_job *j = arg;
	char p[ANALYZE_MAX_PARTS][ANALYZE_MAX_WORD];
	j->parts = analyze_split(j->a, "lijfstraffen", p, ANALYZE_MAX_PARTS);
	return NULL;
}

/* The word list is read on the first split, not by analyze_open (a search
 * process rarely needs it); threads that split at once on a fresh
 * analyzer all see the whole list (and ASan sees no second copy leak). */
static void test_parts_load_on_first_split_in_any_thread(void **state)
{
	(void)state;
	char *dir = write_dir(NULL, NULL, "straffen\nlijf\n");
	struct analyze *a = analyze_open(dir, NULL);
	assert_non_null(a);
	struct split_job jobs[4];
	pthread_t t[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct split_job){ a, -1 };
		assert_int_equal(pthread_create(&t[i], NULL, split_thread, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(jobs[i].parts, 2);
	}
	assert_int_equal(analyze_n_parts(a), 2);
	analyze_free(a);
	remove_dir(dir);
}

static void test_shipped_data_loads(void **state)
{
	(void)state;
	struct error *err = NULL;
	struct analyze *a = analyze_open(NULL, &err);
	if (err)
		fail_msg("%s", err->msg);
	assert_true(analyze_n_groups(a) > 100);
	struct analyze_entry e;
	const char *q[] = { "leeftijdsonderzoek" };
	assert_int_equal(analyze_lookup(a, q, 1, &e), 1);
	assert_true(has(e.other, e.n_other, "age assessment"));
	const char *q2[] = { "ivrk" };
	assert_int_equal(analyze_lookup(a, q2, 1, &e), 1);
	assert_true(has(e.same, e.n_same, "crc"));
	analyze_free(a);
}

/* What the small files of test_lookup_longest_phrase_merges_lines know,
 * looked up in a. */
static void check_small_files(const struct analyze *a)
{
	assert_non_null(a);
	assert_int_equal(analyze_n_groups(a), 5);
	struct analyze_entry e;
	const char *q1[] = { "belang", "van", "het", "kind", "verblijf" };
	assert_int_equal(analyze_lookup(a, q1, 5, &e), 4);
	assert_int_equal(e.n_same, 1);
	assert_string_equal(e.same[0], "belangen van het kind");
	assert_int_equal(e.n_other, 1);
	assert_string_equal(e.other[0], "best interests of the child");
	const char *q3[] = { "kinderrechtenverdrag" };
	assert_int_equal(analyze_lookup(a, q3, 1, &e), 1);
	assert_true(has(e.same, e.n_same, "ivrk") && has(e.same, e.n_same, "crc"));
	assert_true(has(e.other, e.n_other, "convention on the rights of the child"));
	const char *q5[] = { "verblijf" };
	assert_int_equal(analyze_lookup(a, q5, 1, &e), 0);
	char p[ANALYZE_MAX_PARTS][ANALYZE_MAX_WORD];
	assert_int_equal(analyze_split(a, "lijfstraffen", p, ANALYZE_MAX_PARTS), 2);
}

/* The compiled copy (analyze_open_cached()): the same lookups as parsing;
 * not used once a data file changed; a damaged copy is never used. */
static void test_compiled_copy(void **state)
{
	(void)state;
	const char *syn = "# comment\nivrk = VRK = Kinderrechtenverdrag = CRC\n"
			  "ots = ondertoezichtstelling  # the measure\n";
	const char *glos =
		"# nl\ten\nbelang van het kind|belangen van het kind\tbest interests of the child\n"
		"kind|kinderen\tchild|children\n"
		"kinderrechtenverdrag\tconvention on the rights of the child\n";
	char *dir = write_dir(syn, glos, "straffen\nlijf\n");
	char cache[300];
	snprintf(cache, sizeof(cache), "%s/compiled", dir);
	struct analyze *a = analyze_open_cached(dir, cache, NULL);
	check_small_files(a);
	analyze_free(a);
	size_t len = 0;
	char *good = util_read_file(cache, 0, &len, NULL);
	assert_non_null(good);
	a = analyze_open_cached(dir, cache, NULL); /* from the copy */
	check_small_files(a);
	analyze_free(a);
	/* Damaged anywhere: parsed instead, and compiled anew. */
	for (size_t at = 0; at < len; at += 3) {
		char *bad = malloc(len);
		memcpy(bad, good, len);
		bad[at] ^= 0x44;
		assert_int_equal(util_write_file_atomic(cache, bad, at % 2 ? len : at, NULL), 0);
		free(bad);
		a = analyze_open_cached(dir, cache, NULL);
		check_small_files(a);
		analyze_free(a);
	}
	size_t len2 = 0;
	char *again = util_read_file(cache, 0, &len2, NULL);
	assert_int_equal(len2, len);
	assert_memory_equal(again, good, len);
	free(again);
	free(good);
	/* A data file changed: its new line counts, the copy is not used. */
	char path[300];
	snprintf(path, sizeof(path), "%s/synonyms.txt", dir);
	const char *syn2 = "ivrk = VRK = Kinderrechtenverdrag = CRC\nots = ondertoezichtstelling\n"
			   "verblijf = verblijfsrecht\n";
	assert_int_equal(util_write_file_atomic(path, syn2, strlen(syn2), NULL), 0);
	a = analyze_open_cached(dir, cache, NULL);
	assert_non_null(a);
	struct analyze_entry e;
	const char *q[] = { "verblijf" };
	assert_int_equal(analyze_lookup(a, q, 1, &e), 1);
	assert_true(has(e.same, e.n_same, "verblijfsrecht"));
	analyze_free(a);
	a = analyze_open_cached(dir, cache, NULL); /* the new copy */
	assert_int_equal(analyze_lookup(a, q, 1, &e), 1);
	assert_int_equal(analyze_n_groups(a), 6);
	analyze_free(a);
	/* A copy that cannot be written: parsed, and no harm. */
	a = analyze_open_cached(dir, "/nonexistent-dir/compiled", NULL);
	assert_non_null(a);
	assert_int_equal(analyze_n_groups(a), 6);
	analyze_free(a);
	unlink(cache);
	remove_dir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_fold_and_split),
		cmocka_unit_test(test_words_cut_on_utf8_boundary),
		cmocka_unit_test(test_split_shipped_list),
		cmocka_unit_test(test_compound_words_for_indexing),
		cmocka_unit_test(test_lookup_longest_phrase_merges_lines),
		cmocka_unit_test(test_bad_lines_are_reported),
		cmocka_unit_test(test_missing_files_disable_only_their_part),
		cmocka_unit_test(test_parts_load_on_first_split_in_any_thread),
		cmocka_unit_test(test_shipped_data_loads),
		cmocka_unit_test(test_compiled_copy),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
