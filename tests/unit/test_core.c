/* test_core.c - unit tests for util, lang, docdata and the Xapian wrapper. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search/cite.h"
#include "search/docdata.h"
#include "search/lang.h"
#include "search/rcache.h"
#include "base/util.h"
#include "search/xapian_c.h"

static void test_buf_html_escapes_everything(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds_html(&b, "<a href=\"x\">Tom & 'Jerry'</a>");
	assert_string_equal(buf_str(&b),
			    "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
	buf_free(&b);
	assert_null(b.s);
	assert_string_equal(buf_str(&b), "");
}

static void test_buf_url(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds_url(&b, "art:3.1 belang & kind/é");
	assert_string_equal(buf_str(&b), "art%3A3.1%20belang%20%26%20kind%2F%C3%A9");
	buf_free(&b);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(util_utf8_valid("abc é ü €", strlen("abc é ü €")));
	assert_false(util_utf8_valid("\xC3", 1));            /* truncated */
	assert_false(util_utf8_valid("\xC0\xAF", 2));        /* overlong */
	assert_false(util_utf8_valid("\xED\xA0\x80", 3));    /* surrogate */
	assert_false(util_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_true(util_utf8_valid("\xF0\x9F\x98\x80", 4));
}

static void test_parse_uint(void **state)
{
	(void)state;
	unsigned long v;
	assert_int_equal(util_parse_uint("42", 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(util_parse_uint("101", 100, &v), -1);
	assert_int_equal(util_parse_uint("-1", 100, &v), -1);
	assert_int_equal(util_parse_uint("", 100, &v), -1);
	assert_int_equal(util_parse_uint("4x", 100, &v), -1);
	assert_int_equal(util_parse_uint("99999999999999999999999", ~0UL, &v), -1);
}

static void test_lang_detect(void **state)
{
	(void)state;
	const char *nl = "De rechtbank overweegt dat het belang van het kind een eerste "
			 "overweging is bij alle beslissingen die kinderen aangaan.";
	const char *en = "The Committee considers that the best interests of the child shall "
			 "be a primary consideration in all actions concerning children.";
	const char *fr = "La Cour estime que les enfants ont été placés dans des classes "
			 "spéciales pour des raisons qui ne sont pas justifiées.";
	assert_string_equal(lang_detect(nl, strlen(nl)), "nl");
	assert_string_equal(lang_detect(en, strlen(en)), "en");
	assert_string_equal(lang_detect(fr, strlen(fr)), "fr");
	assert_string_equal(lang_detect("12345 67 89", 11), "other");
	assert_string_equal(lang_stemmer("nl"), "dutch");
	assert_null(lang_stemmer("xx"));
	assert_true(lang_is_stopword("het", 3));
	assert_true(lang_is_stopword("the", 3));
	assert_false(lang_is_stopword("kind", 4));
}

static void test_docdata_pages(void **state)
{
	(void)state;
	const char json[] = "{\"path\":\"/x.pdf\",\"pages\":3,\"page_pos\":[1,120,300],"
			    "\"meta\":{\"type\":{\"value\":\"ruling\",\"source\":\"rule\"}}}";
	const char cits[] = "[{\"page\":2,\"label\":\"3(1)\"}]";
	const char pages[] = "first page\fsecond\fthird page";
	size_t len = sizeof(json) + sizeof(cits) + sizeof(pages) - 1;
	char *raw = malloc(len);
	memcpy(raw, json, sizeof(json));
	memcpy(raw + sizeof(json), cits, sizeof(cits));
	memcpy(raw + sizeof(json) + sizeof(cits), pages, sizeof(pages) - 1);
	struct docdata dd;
	assert_int_equal(docdata_open(&dd, raw, len, NULL), 0);
	assert_string_equal(docdata_str(&dd, "path"), "/x.pdf");
	assert_string_equal(docdata_str(&dd, "missing"), "");
	assert_string_equal(docdata_meta(&dd, "type"), "ruling");
	assert_string_equal(docdata_meta_source(&dd, "type"), "rule");
	const char *t;
	size_t n;
	assert_int_equal(docdata_page(&dd, 2, &t, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(t, "second", 6);
	assert_int_equal(docdata_page(&dd, 3, &t, &n), 0);
	assert_memory_equal(t, "third page", n);
	assert_int_equal(docdata_page(&dd, 4, &t, &n), -1);
	assert_int_equal(docdata_page(&dd, 0, &t, &n), -1);
	size_t n_starts;
	unsigned *starts = docdata_page_starts(&dd, &n_starts);
	/* Both against the "page_pos" written above, not against each other. */
	assert_int_equal(n_starts, 3);
	assert_int_equal(starts[0], 1);
	assert_int_equal(starts[1], 120);
	assert_int_equal(starts[2], 300);
	free(starts);
	assert_int_equal(docdata_page_start(&dd, 1), 1);
	assert_int_equal(docdata_page_start(&dd, 2), 120);
	assert_int_equal(docdata_page_start(&dd, 3), 300);
	assert_int_equal(docdata_page_start(&dd, 4), 0);
	assert_int_equal(docdata_page_start(&dd, 0), 0);
	struct json_object *c = docdata_citations(&dd);
	assert_non_null(c);
	assert_int_equal(json_object_array_length(c), 1);
	assert_ptr_equal(docdata_citations(&dd), c); /* parsed once */
	docdata_close(&dd);

	struct error *err = NULL;
	char *bad = strdup("not json");
	assert_int_equal(docdata_open(&dd, bad, strlen(bad), &err), -1);
	assert_non_null(err);
	error_free(err);
}

static int join_term(void *ctx, const char *term, size_t len, unsigned freq)
{
	(void)freq;
	char *out = ctx;
	size_t ol = strlen(out);
	if (ol + len + 2 < 512) {
		if (ol)
			out[ol++] = '|';
		memcpy(out + ol, term, len);
		out[ol + len] = '\0';
	}
	return 0;
}

/* xc_word_term(), the query parser's term for a word of a-z without the
 * parser (search/query.c), is the parser's own: checked for every word of
 * the data files (and a few the parser could read as operators), with each
 * stemmer and none; any other word is left to the parser (-1). */
static void check_word_term(struct xc_reader *r, const char *word)
{
	static const char *const stemmers[] = { "dutch", "english", "french", NULL };
	int plain = *word != '\0' && strlen(word) <= 64;
	for (const char *c = word; *c; c++)
		if (*c < 'a' || *c > 'z')
			plain = 0;
	for (size_t i = 0; i < 4; i++) {
		char fast[512], parsed[512] = "";
		int n = xc_word_term(stemmers[i], word, fast, sizeof(fast));
		if (!plain) {
			assert_int_equal(n, -1);
			continue;
		}
		assert_int_equal(n, (int)strlen(fast));
		struct error *err = NULL;
		struct xc_query *q = xc_query_parse(r, word, 0, stemmers[i], NULL, 0, NULL, 0, NULL, &err);
		assert_non_null(q);
		xc_query_terms(q, join_term, parsed);
		xc_query_free(q);
		if (strcmp(fast, parsed) != 0)
			fail_msg("%s (%s): parser %s, xc_word_term %s", word,
				 stemmers[i] ? stemmers[i] : "no stemmer", parsed, fast);
	}
}

static void check_word_terms(struct xc_reader *r)
{
	static const char *const odd[] = { "and", "or", "not", "xor", "near", "adj", "a", "s", "nt",
					   "Kind", "kind's", "art3", "covid-19", "financiële", "",
					   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		check_word_term(r, odd[i]);
	static const char *const files[] = { KINDEX_DATADIR "/synonyms.txt", KINDEX_DATADIR "/glossary.tsv" };
	size_t words = 0;
	for (size_t f = 0; f < 2; f++) {
		FILE *fp = fopen(files[f], "r");
		assert_non_null(fp);
		char line[4096];
		while (fgets(line, sizeof(line), fp)) {
			char *save = NULL;
			for (char *w = strtok_r(line, " \t\n,;=|()\"", &save); w;
			     w = strtok_r(NULL, " \t\n,;=|()\"", &save)) {
				check_word_term(r, w);
				words++;
			}
		}
		fclose(fp);
	}
	assert_true(words > 500);
}

static int count_term(void *ctx, const char *term, size_t len, unsigned freq)
{
	(void)term, (void)len;
	*(unsigned *)ctx += freq;
	return 0;
}

/* Article keys in treaty order: by instrument, then number, then paragraph. */
static void test_article_key_order(void **state)
{
	(void)state;
	assert_true(cite_key_cmp("CRC:3", "CRC:16") < 0);
	assert_true(cite_key_cmp("CRC:16", "CRC:3") > 0);
	assert_true(cite_key_cmp("CRC:27", "CRC:27.1") < 0);
	assert_true(cite_key_cmp("CRC:27.1", "CRC:28") < 0);
	assert_true(cite_key_cmp("CRC:3.1", "CRC:3.2") < 0);
	assert_true(cite_key_cmp("CRC:54", "OPAC:4") < 0);
	assert_int_equal(cite_key_cmp("ECHR:8", "ECHR:8"), 0);
}

/* A writer on a new index in dir (a mkdtemp() template). */
static struct xc_writer *temp_writer(char *dir)
{
	assert_non_null(mkdtemp(dir));
	struct error *err = NULL;
	struct xc_writer *w = xc_writer_open(dir, &err);
	assert_non_null(w);
	return w;
}

/* Removes a temporary index made by temp_writer(). */
static void remove_temp_dir(const char *dir)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* Spelling words are counted per document and written at commit: a
 * cancelled batch adds nothing, and so does a word given by no document. */
static void test_spelling_batches(void **state)
{
	(void)state;
	char dir[] = "/tmp/kindex-test-XXXXXX";
	struct xc_writer *w = temp_writer(dir);
	struct error *err = NULL;
	static const char doc1[] = "kinderen\0ouders", doc2[] = "kinderen\0rechter";
	assert_int_equal(xc_writer_begin(w, &err), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(xc_writer_add_spelling_words(w, doc1, sizeof(doc1), &err), 0);
	assert_int_equal(xc_writer_commit(w, &err), 0);
	assert_int_equal(xc_writer_begin(w, &err), 0);
	assert_int_equal(xc_writer_add_spelling_words(w, doc2, sizeof(doc2), &err), 0);
	assert_int_equal(xc_writer_commit(w, &err), 0);
	assert_int_equal(xc_writer_begin(w, &err), 0);
	assert_int_equal(xc_writer_add_spelling_words(w, doc2, sizeof(doc2), &err), 0);
	assert_int_equal(xc_writer_cancel(w, &err), 0);
	/* Outside a transaction, closing commits the words too. */
	static const char doc3[] = "voogdij";
	assert_int_equal(xc_writer_add_spelling_words(w, doc3, sizeof(doc3), &err), 0);
	xc_writer_close(w);
	assert_null(err);

	struct xc_reader *r = xc_reader_open(dir, &err);
	assert_non_null(r);
	assert_int_equal(xc_reader_spelling_freq(r, "kinderen"), 4);
	assert_int_equal(xc_reader_spelling_freq(r, "ouders"), 3);
	assert_int_equal(xc_reader_spelling_freq(r, "rechter"), 1);
	assert_int_equal(xc_reader_spelling_freq(r, "voogdij"), 1);
	assert_int_equal(xc_reader_spelling_freq(r, "jeugdzorg"), 0);
	xc_reader_close(r);
	remove_temp_dir(dir);
}

static void test_wrapper_roundtrip(void **state)
{
	(void)state;
	char dir[] = "/tmp/kindex-test-XXXXXX";
	struct xc_writer *w = temp_writer(dir);
	struct error *err = NULL;
	assert_int_equal(xc_writer_begin(w, &err), 0);
	struct xc_doc *d = xc_doc_new();
	const char *text = "De kinderen werden gehoord over het belang van het kind.";
	assert_int_equal(xc_doc_index_text(d, w, text, strlen(text), 1, "", "dutch", &err), 0);
	assert_int_equal(xc_doc_add_boolean_term(d, "Qdoc1", &err), 0);
	assert_int_equal(xc_doc_add_value(d, 0, "2019-05-22", 10, &err), 0);
	assert_int_equal(xc_doc_set_data(d, "data\0with nul", 13, &err), 0);
	assert_int_not_equal(xc_writer_replace(w, "Qdoc1", d, &err), 0);
	xc_doc_free(d);
	static const char words[] = "kinderbescherming\0gezinshereniging";
	assert_int_equal(xc_writer_add_spelling_words(w, words, sizeof(words), &err), 0);
	assert_int_equal(xc_writer_commit(w, &err), 0);

	/* A second writer on the same index is refused with ERR_BUSY. */
	struct xc_writer *w2 = xc_writer_open(dir, &err);
	assert_null(w2);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_BUSY);
	error_free(err);
	err = NULL;
	xc_writer_close(w);

	struct xc_reader *r = xc_reader_open(dir, &err);
	assert_non_null(r);
	assert_int_equal(xc_reader_doccount(r), 1);
	xc_docid id = xc_reader_find(r, "Qdoc1", &err);
	assert_int_not_equal(id, 0);
	size_t len;
	char *data = xc_reader_data(r, id, &len, &err);
	assert_int_equal(len, 13);
	assert_memory_equal(data, "data\0with nul", 13);
	free(data);
	char *sug = xc_reader_spelling(r, "kinderbeschermng");
	assert_non_null(sug);
	assert_string_equal(sug, "kinderbescherming");
	free(sug);
	assert_null(xc_reader_spelling(r, "qqqqqqqqqq"));
	/* Only stems are indexed, with positions. */
	unsigned *pos = NULL;
	assert_int_equal(xc_reader_positions(r, id, "Zkinder", &pos, &err), 1);
	free(pos);
	assert_int_equal(xc_reader_termfreq(r, "kinderen"), 0);
	char *st = xc_stem("dutch", "Kinderen");
	assert_string_equal(st, "kinder");
	free(st);
	check_word_terms(r);

	/* word* expands over stems through the stem-wildcard field. */
	struct xc_query *wq = xc_query_parse(r, XC_STEM_WILDCARD_FIELD ":kind", XC_PARSE_STEM_WILDCARD,
					     "dutch", NULL, 0, NULL, 0, NULL, &err);
	assert_non_null(wq);
	struct xc_run_opts wo = { .limit = 10, .sort_slot = -1, .collapse_slot = -1 };
	struct xc_mset *wm = xc_enquire(r, wq, &wo, &err);
	assert_non_null(wm);
	assert_int_equal(xc_mset_size(wm), 1);
	xc_mset_free(wm);
	xc_query_free(wq);

	/* A phrase in the query parser matches; a syntax error is ERR_QUERY. */
	struct xc_query *q = xc_query_parse(r, "\"belang van het kind\"", XC_PARSE_PHRASE, "dutch",
					    NULL, 0, NULL, 0, NULL, &err);
	assert_non_null(q);
	struct xc_run_opts o = { .limit = 10, .sort_slot = -1, .collapse_slot = -1 };
	struct xc_mset *m = xc_enquire(r, q, &o, &err);
	assert_non_null(m);
	assert_int_equal(xc_mset_size(m), 1);
	char *sn = xc_mset_snippet(m, text, strlen(text), 200, "dutch", "<b>", "</b>", "…", &err);
	assert_non_null(sn);
	xc_mset_free(m);
	xc_query_free(q);
	free(sn);
	q = xc_query_parse(r, "belang AND (", XC_PARSE_BOOLEAN, "dutch", NULL, 0, NULL, 0, NULL,
			   &err);
	assert_null(q);
	assert_int_equal(err->code, ERR_QUERY);
	error_free(err);
	err = NULL;
	unsigned total = 0;
	assert_int_equal(xc_reader_allterms(r, "Z", count_term, &total, &err), 0);
	assert_true(total >= 5);
	xc_reader_close(r);

	/* Opening a folder without an index fails with Xapian's message. */
	r = xc_reader_open("/nonexistent/kindex", &err);
	assert_null(r);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_NOTFOUND);
	assert_true(strlen(err->msg) > 0);
	error_free(err);
	remove_temp_dir(dir);
}

static void test_rcache(void **state)
{
	(void)state;
	struct rcache *c = rcache_new();
	assert_null(rcache_get(c, "k1"));
	rcache_put(c, "k1", "v1");
	rcache_put(c, "k2", "v2");
	char *v = rcache_get(c, "k1");
	assert_string_equal(v, "v1");
	free(v);
	rcache_put(c, "k1", "v1b"); /* replaces */
	v = rcache_get(c, "k1");
	assert_string_equal(v, "v1b");
	free(v);
	/* Filling it evicts the least recently used: k2 (k1 was just used). */
	char key[32];
	for (int i = 0; i < RCACHE_MAX_ENTRIES - 1; i++) {
		snprintf(key, sizeof(key), "fill%d", i);
		rcache_put(c, key, "x");
	}
	v = rcache_get(c, "k1");
	assert_non_null(v);
	free(v);
	rcache_put(c, "one-more", "y");
	assert_null(rcache_get(c, "k2"));
	v = rcache_get(c, "one-more");
	assert_string_equal(v, "y");
	free(v);
	rcache_clear(c);
	assert_null(rcache_get(c, "k1"));
	rcache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_html_escapes_everything),
		cmocka_unit_test(test_buf_url),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_lang_detect),
		cmocka_unit_test(test_docdata_pages),
		cmocka_unit_test(test_wrapper_roundtrip),
		cmocka_unit_test(test_spelling_batches),
		cmocka_unit_test(test_article_key_order),
		cmocka_unit_test(test_rcache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
