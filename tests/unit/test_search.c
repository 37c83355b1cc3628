/* test_search.c - the search core (search/search.h) against a small index
 * built from synthetic PDFs (tests/unit/synth.h): query building with its
 * filters, facet counts, date sort, passages and the page each names, and
 * the page texts a loaded document hands out (search/docdata.h). */
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
#include "search/docdata.h"
#include "search/search.h"
#include "tests/unit/synth.h"

static char *tmp;
static char db_dir[4200];

static int setup(void **state)
{
	(void)state;
	tmp = synth_tmpdir("search");
	if (tmp == NULL || synth_corpus(tmp) < 0) {
		fprintf(stderr, "test_search: could not build the test index in %s\n",
			tmp ? tmp : "?");
		return -1;
	}
	snprintf(db_dir, sizeof(db_dir), "%s/db", tmp);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	synth_rmrf(tmp);
	free(tmp);
	return 0;
}

static struct search_db *open_db(void)
{
	struct error *err = NULL;
	struct search_db *db = search_open(db_dir, &err);
	if (db == NULL)
		fail_msg("search_open: %s", err ? err->msg : "?");
	return db;
}

static struct search_result *run(struct search_db *db, struct search_req *req)
{
	struct error *err = NULL;
	struct search_result *r = search_run(db, req, &err);
	if (r == NULL)
		fail_msg("search_run: %s", err ? err->msg : "?");
	return r;
}

/* The count of value in facet name, or -1 when it is not listed. */
static long facet_count(const struct search_result *r, const char *name, const char *value)
{
	for (int k = 0; k < SEARCH_N_FACETS; k++) {
		if (r->facets[k].name == NULL || strcmp(r->facets[k].name, name) != 0)
			continue;
		for (size_t i = 0; i < r->facets[k].n; i++)
			if (strcmp(r->facets[k].v[i].value, value) == 0)
				return (long)r->facets[k].v[i].count;
		return -1;
	}
	return -1;
}

static const struct search_hit *hit_by_court(const struct search_result *r, const char *court)
{
	for (size_t i = 0; i < r->n_hits; i++)
		if (strcmp(r->hits[i].court, court) == 0)
			return &r->hits[i];
	return NULL;
}

static void test_index_holds_the_corpus(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	assert_int_equal(search_doccount(db), 4);
	search_close(db);
}

/* A word in three documents: three hits, and every facet counts exactly
 * the documents that have each value. */
static void test_facets_count_documents(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct search_req req = { .q = "zebrapad", .facets = 1 };
	struct search_result *r = run(db, &req);
	assert_int_equal(r->n_hits, 3);
	assert_int_equal(r->total, 3);
	assert_true(r->facets_exact);
	assert_int_equal(facet_count(r, "court", "RVS"), 1);
	assert_int_equal(facet_count(r, "court", "CRVB"), 1);
	assert_int_equal(facet_count(r, "court", "ECHR"), 1);
	assert_int_equal(facet_count(r, "court", "ZZWALRUS"), -1); /* not a match */
	assert_int_equal(facet_count(r, "type", "ruling"), 3);
	assert_int_equal(facet_count(r, "type", "report"), -1);
	assert_int_equal(facet_count(r, "lang", "nl"), 2);
	assert_int_equal(facet_count(r, "lang", "en"), 1);
	assert_int_equal(facet_count(r, "year", "2019"), 1);
	assert_int_equal(facet_count(r, "year", "2021"), 1);
	assert_int_equal(facet_count(r, "year", "2015"), 1);
	search_result_free(r);

	/* Without words: every document. */
	struct search_req all = { .facets = 1 };
	r = run(db, &all);
	assert_int_equal(r->total, 4);
	assert_int_equal(facet_count(r, "type", "ruling"), 3);
	assert_int_equal(facet_count(r, "type", "report"), 1);
	assert_int_equal(facet_count(r, "lang", "en"), 2);
	assert_int_equal(facet_count(r, "year", "2010"), 1);
	search_result_free(r);
	search_close(db);
}

static void test_filters(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct search_result *r;

	struct search_req court = { .q = "zebrapad", .court = "RVS" };
	r = run(db, &court);
	assert_int_equal(r->n_hits, 1);
	assert_string_equal(r->hits[0].court, "RVS");
	search_result_free(r);

	struct search_req lang = { .q = "zebrapad", .lang = "en" };
	r = run(db, &lang);
	assert_int_equal(r->n_hits, 1);
	assert_string_equal(r->hits[0].court, "ECHR");
	assert_string_equal(r->hits[0].lang, "en");
	search_result_free(r);

	struct search_req type = { .q = "zebrapad", .type = "report" };
	r = run(db, &type);
	assert_int_equal(r->n_hits, 0);
	search_result_free(r);
	struct search_req type2 = { .type = "report" };
	r = run(db, &type2);
	assert_int_equal(r->n_hits, 1);
	assert_string_equal(r->hits[0].type, "report");
	search_result_free(r);

	struct search_req from = { .q = "zebrapad", .year_from = 2016 };
	r = run(db, &from);
	assert_int_equal(r->n_hits, 2);
	assert_non_null(hit_by_court(r, "RVS"));
	assert_non_null(hit_by_court(r, "CRVB"));
	search_result_free(r);

	struct search_req to = { .q = "zebrapad", .year_to = 2019 };
	r = run(db, &to);
	assert_int_equal(r->n_hits, 2);
	assert_non_null(hit_by_court(r, "RVS"));
	assert_non_null(hit_by_court(r, "ECHR"));
	search_result_free(r);

	struct search_req both = { .q = "zebrapad", .year_from = 2019, .year_to = 2019 };
	r = run(db, &both);
	assert_int_equal(r->n_hits, 1);
	assert_string_equal(r->hits[0].court, "RVS");
	search_result_free(r);

	/* A bad filter value is the caller's error, not a failure. */
	struct error *err = NULL;
	struct search_req bad = { .q = "zebrapad", .court = "R\"VS<" };
	assert_null(search_run(db, &bad, &err));
	assert_non_null(err);
	assert_true(err->code == ERR_INPUT || err->code == ERR_QUERY);
	error_free(err);
	err = NULL;
	struct search_req years = { .q = "zebrapad", .year_from = 12000 };
	assert_null(search_run(db, &years, &err));
	assert_non_null(err);
	error_free(err);
	search_close(db);
}

/* No words: newest first; sort_date -1 still lists every document. */
static void test_date_sort(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct search_req req = { .sort_date = 1 };
	struct search_result *r = run(db, &req);
	assert_int_equal(r->n_hits, 4);
	assert_true(r->by_date);
	assert_string_equal(r->hits[0].date, "2021-03-02");
	assert_string_equal(r->hits[3].date, "2010");
	for (size_t i = 1; i < r->n_hits; i++)
		assert_true(strcmp(r->hits[i - 1].date, r->hits[i].date) > 0);
	search_result_free(r);

	struct search_req deflt = { 0 };
	r = run(db, &deflt);
	assert_true(r->by_date);
	assert_string_equal(r->hits[0].date, "2021-03-02");
	search_result_free(r);

	struct search_req words = { .q = "zebrapad", .sort_date = 1 };
	r = run(db, &words);
	assert_int_equal(r->n_hits, 3);
	assert_string_equal(r->hits[0].date, "2021-03-02");
	assert_string_equal(r->hits[2].date, "2015-07-07");
	search_result_free(r);

	struct search_req rel = { .q = "zebrapad" };
	r = run(db, &rel);
	assert_false(r->by_date);
	search_result_free(r);
	search_close(db);
}

static void test_paging(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct search_req p1 = { .sort_date = 1, .limit = 2 };
	struct search_req p2 = { .sort_date = 1, .limit = 2, .offset = 2 };
	struct search_result *a = run(db, &p1), *b = run(db, &p2);
	assert_int_equal(a->n_hits, 2);
	assert_int_equal(b->n_hits, 2);
	assert_int_equal(a->total, 4);
	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < 2; j++)
			assert_int_not_equal(a->hits[i].id, b->hits[j].id);
	assert_string_equal(b->hits[0].date, "2015-07-07");
	search_result_free(a);
	search_result_free(b);
	search_close(db);
}

/* Does passage text hold word (case-insensitively)? */
static int has_word(const char *text, const char *word)
{
	return text != NULL && strcasestr(text, word) != NULL;
}

/* A word only on page 2 (or 3): the passage names that page, its text holds
 * the word, and the HTML marks it. */
static void test_passage_names_its_page(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	static const struct {
		const char *word;
		int page;
	} cases[] = { { "olifantspaadje", 2 }, { "kangoeroebrug", 3 }, { "aangehouden", 1 } };
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct search_req req = { .q = cases[c].word, .passages = 3 };
		struct search_result *r = run(db, &req);
		assert_int_equal(r->n_hits, 1);
		assert_string_equal(r->hits[0].court, "RVS");
		assert_int_equal(r->hits[0].pages, 3);
		assert_true(r->hits[0].n_passages >= 1);
		const struct search_passage *ps = &r->hits[0].passages[0];
		if (ps->page != cases[c].page)
			fail_msg("%s: passage names page %d, expected %d", cases[c].word, ps->page,
				 cases[c].page);
		assert_true(has_word(ps->text, cases[c].word));
		assert_non_null(strstr(ps->html, "<mark>"));
		char mark[64];
		snprintf(mark, sizeof(mark), "<mark>%s</mark>", cases[c].word);
		assert_non_null(strcasestr(ps->html, mark));
		search_result_free(r);
	}
	search_close(db);
}

/* Passages are escaped text: markup in a page comes back as entities. */
static void test_passage_escaped(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct search_req req = { .q = "walrusrapport" };
	struct search_result *r = run(db, &req);
	assert_int_equal(r->n_hits, 1);
	assert_true(r->hits[0].n_passages >= 1);
	const char *html = r->hits[0].passages[0].html;
	assert_null(strstr(html, "<script"));
	assert_non_null(strstr(html, "&lt;script&gt;"));
	assert_non_null(strstr(r->hits[0].passages[0].text, "<script>"));
	/* The metadata is raw text (search.h (3)): the page escapes it. */
	assert_non_null(strstr(r->hits[0].title, "<script>"));
	search_result_free(r);
	search_close(db);
}

/* The page texts of a loaded document, each with its own words: what
 * `kindex show --text` and the document page print. */
static void test_doc_pages(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct search_req req = { .q = "olifantspaadje" };
	struct search_result *r = run(db, &req);
	assert_int_equal(r->n_hits, 1);
	unsigned id = r->hits[0].id;
	search_result_free(r);

	struct docdata dd;
	struct error *err = NULL;
	assert_int_equal(search_doc_load(db, id, &dd, &err), 0);
	assert_int_equal(docdata_int(&dd, "pages"), 3);
	static const char *const words[] = { "zebrapad", "olifantspaadje", "kangoeroebrug" };
	/* In both orders: the cache must hand out the page asked for, whether
	 * it was filled by that page or by another one of its chunk. */
	static const int order[] = { 1, 2, 3, 3, 2, 1 };
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int pg = order[i];
		const char *t;
		size_t n;
		assert_int_equal(docdata_page(&dd, pg, &t, &n), 0);
		char *s = strndup(t, n);
		for (int w = 0; w < 3; w++) {
			if ((strstr(s, words[w]) != NULL) != (w == pg - 1))
				fail_msg("page %d: \"%s\" %s", pg, words[w],
					 w == pg - 1 ? "missing" : "found on the wrong page");
		}
		free(s);
	}
	const char *t;
	size_t n;
	assert_int_equal(docdata_page(&dd, 4, &t, &n), -1);
	assert_int_equal(docdata_page(&dd, 0, &t, &n), -1);
	/* Page starts rise with the pages. */
	assert_true(docdata_page_start(&dd, 2) > docdata_page_start(&dd, 1));
	assert_true(docdata_page_start(&dd, 3) > docdata_page_start(&dd, 2));
	docdata_close(&dd);

	/* A fresh load, pages asked for from the last. */
	assert_int_equal(search_doc_load(db, id, &dd, &err), 0);
	assert_int_equal(docdata_page(&dd, 3, &t, &n), 0);
	assert_non_null(memmem(t, n, "kangoeroebrug", 13));
	assert_int_equal(docdata_page(&dd, 1, &t, &n), 0);
	assert_non_null(memmem(t, n, "zebrapad", 8));
	assert_null(memmem(t, n, "olifantspaadje", 14));
	docdata_close(&dd);

	assert_int_equal(search_doc_load(db, 999, &dd, &err), -1);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	assert_int_equal(search_doc_by_path(db, "/no/such.pdf"), 0);
	search_close(db);
}

/* Highlighting of a page (the document view) marks the query's words only. */
static void test_highlight(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	const char *text = "Het kind stak het zebrapad over; <b>daarna</b> niets & zo.";
	struct error *err = NULL;
	char *h = search_highlight(db, "zebrapad", text, strlen(text), "nl", &err);
	assert_non_null(h);
	assert_non_null(strstr(h, "<mark>zebrapad</mark>"));
	assert_null(strstr(h, "<b>"));
	assert_non_null(strstr(h, "&lt;b&gt;"));
	assert_non_null(strstr(h, "&amp;"));
	char *plain = search_html_to_text(h);
	assert_string_equal(plain, text);
	free(plain);
	free(h);
	search_close(db);
}

/* The cache key changes with every field of the request. */
static void test_cache_key(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct search_req a = { .q = "zebrapad" }, b = a;
	char *ka = search_cache_key(db, &a), *kb;
	b.court = "RVS";
	kb = search_cache_key(db, &b);
	assert_string_not_equal(ka, kb);
	free(kb);
	b = a;
	b.year_from = 2000;
	kb = search_cache_key(db, &b);
	assert_string_not_equal(ka, kb);
	free(kb);
	b = a;
	b.offset = 10;
	kb = search_cache_key(db, &b);
	assert_string_not_equal(ka, kb);
	free(kb);
	free(ka);
	search_close(db);
}

/* The facet column kept beside the index ("DB.facets"): written by the
 * first faceted search, read by the next process; a damaged, short or
 * foreign file gives the same counts (the column is built and the file
 * written anew), never a crash. */
static void check_zebrapad_facets(void)
{
	struct search_db *db = open_db();
	struct search_req req = { .q = "zebrapad", .facets = 1 };
	struct search_result *r = run(db, &req);
	assert_int_equal(r->total, 3);
	assert_int_equal(facet_count(r, "court", "RVS"), 1);
	assert_int_equal(facet_count(r, "court", "CRVB"), 1);
	assert_int_equal(facet_count(r, "court", "ECHR"), 1);
	assert_int_equal(facet_count(r, "type", "ruling"), 3);
	assert_int_equal(facet_count(r, "lang", "nl"), 2);
	assert_int_equal(facet_count(r, "lang", "en"), 1);
	assert_int_equal(facet_count(r, "year", "2019"), 1);
	search_result_free(r);
	search_close(db);
}

static void test_facet_column_file(void **state)
{
	(void)state;
	char path[4300];
	snprintf(path, sizeof(path), "%s.facets", db_dir);
	unlink(path);
	check_zebrapad_facets();
	size_t len = 0;
	char *good = util_read_file(path, 0, &len, NULL);
	assert_non_null(good);
	assert_true(len > 24);
	check_zebrapad_facets(); /* read from the file */
	for (int kind = 0; kind < 4; kind++) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		if (kind == 0) { /* one byte changed, everywhere in turn */
			fclose(f);
			for (size_t at = 0; at < len; at += 7) {
				char *bad = malloc(len);
				memcpy(bad, good, len);
				bad[at] ^= 0x21;
				f = fopen(path, "wb");
				assert_int_equal(fwrite(bad, 1, len, f), len);
				fclose(f);
				free(bad);
				check_zebrapad_facets();
			}
			continue;
		} else if (kind == 1) { /* short */
			assert_int_equal(fwrite(good, 1, len / 2, f), len / 2);
		} else if (kind == 2) { /* longer */
			assert_int_equal(fwrite(good, 1, len, f), len);
			fputs("more", f);
		} else { /* not ours */
			fputs("KFCOL1\n", f);
		}
		fclose(f);
		check_zebrapad_facets();
		/* Written anew, whole. */
		size_t now = 0;
		char *again = util_read_file(path, 0, &now, NULL);
		assert_non_null(again);
		assert_int_equal(now, len);
		assert_memory_equal(again, good, len);
		free(again);
	}
	free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_holds_the_corpus),
		cmocka_unit_test(test_facets_count_documents),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_date_sort),
		cmocka_unit_test(test_paging),
		cmocka_unit_test(test_passage_names_its_page),
		cmocka_unit_test(test_passage_escaped),
		cmocka_unit_test(test_doc_pages),
		cmocka_unit_test(test_highlight),
		cmocka_unit_test(test_cache_key),
		cmocka_unit_test(test_facet_column_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
