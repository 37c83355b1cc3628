/* test_index_write.c - unit tests for the write side of the index
 * (search/index_write.h), the builder (search/docbuild.h) and the context
 * that owns the caches (search/context.h). */
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
#include "search/context.h"
#include "search/docbuild.h"
#include "search/index_write.h"
#include "search/phrases.h"
#include "search/rcache.h"
#include "search/schema.h"
#include "search/xapian_c.h"

static void remove_dir(const char *dir)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* A document as the indexer describes one: Dutch, a ruling citing
 * article 3 of the Convention on its second page. */
static struct ix_doc *build(struct search_ctx *ctx, const char *path, char uid[33])
{
	static char p1[] = "Uitspraak van de Raad van State over een verblijfsvergunning.";
	static char p2[] = "Het belang van het kind (artikel 3 van het IVRK) weegt zwaar.";
	static char *pages[] = { p1, p2 };
	static const size_t lens[] = { sizeof(p1) - 1, sizeof(p2) - 1 };
	struct docbuild_input in = {
		.path = path, .size = 10, .mtime = 20, .hash = "00112233445566778899aabbccddeeff",
		.fingerprint = "10:20:", .lang = "nl", .title = "Uitspraak", .title_source = "test",
		.pages = pages, .page_lens = lens, .n_pages = 2,
		.text_bytes = lens[0] + lens[1],
		.type = { "ruling", "test" }, .court = { "RVS", "test" },
		.court_name = { "Raad van State", "test" }, .date = { "2020-01-02", "test" },
	};
	struct error *err = NULL;
	struct ix_doc *d = docbuild(ctx, &in, uid, &err);
	assert_null(err);
	assert_non_null(d);
	return d;
}

struct seen {
	int n;
	char uid[33], fingerprint[64], path[64];
};

static int on_doc(void *ctx, const char *uid, unsigned docid, const char *fingerprint,
		  const char *path)
{
	struct seen *s = ctx;
	assert_true(docid > 0);
	s->n++;
	snprintf(s->uid, sizeof(s->uid), "%s", uid);
	snprintf(s->fingerprint, sizeof(s->fingerprint), "%s", fingerprint);
	snprintf(s->path, sizeof(s->path), "%s", path);
	return 0;
}

static void test_put_and_delete(void **state)
{
	(void)state;
	char dir[] = "/tmp/kindex-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct search_ctx *ctx = search_ctx_new();
	struct error *err = NULL;
	struct ix_writer *w = ix_open(dir, &err);
	assert_non_null(w);
	assert_int_equal(ix_check_schema(w, dir, &err), 0); /* empty: no version yet */
	assert_false(ix_in_transaction(w));

	char uid[33];
	struct ix_doc *d = build(ctx, "/corpus/a.pdf", uid);
	char *pages[] = { "een", "twee" };
	size_t lens[] = { 3, 4 };
	struct buf packed = BUF_INIT;
	assert_int_equal(ix_page_chunks(2), 1);
	assert_int_equal(ix_pack_pages(pages, lens, 2, 0, &packed, &err), 0);
	assert_int_equal(ix_put_pages(w, uid, 0, packed.s, packed.len, &err), 0);
	assert_true(ix_in_transaction(w)); /* a write opens one */
	assert_int_equal(ix_put_doc(w, uid, d, &err), 0);
	assert_int_equal(ix_set_schema(w, &err), 0);
	assert_int_equal(ix_commit(w, &err), 0);
	assert_false(ix_in_transaction(w));
	assert_int_equal(ix_commit(w, &err), 0); /* outside one: nothing */
	ix_doc_free(d);
	buf_free(&packed);

	assert_int_equal(ix_doccount(w), 1);
	struct seen s = { 0 };
	assert_int_equal(ix_each_doc(w, on_doc, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.uid, uid);
	assert_string_equal(s.fingerprint, "10:20:");
	assert_string_equal(s.path, "/corpus/a.pdf");

	/* The stored document: its data, its pages from the page store, its
	 * citations moved there too. */
	unsigned id = 0;
	{
		struct xc_reader *r = xc_reader_open(dir, &err);
		assert_non_null(r);
		char term[40];
		snprintf(term, sizeof(term), PFX_ID "%s", uid);
		id = xc_reader_find(r, term, &err);
		assert_true(id > 0);
		assert_int_equal(xc_reader_termfreq(r, PFX_ARTICLE "CRC:3"), 1);
		char *court = xc_reader_metadata(r, META_COURT_NAME "RVS", &err);
		assert_string_equal(court, ""); /* only ix_set_court_name writes it */
		free(court);
		xc_reader_close(r);
	}
	assert_int_equal(ix_doc_pages(w, id), 2);
	struct docdata dd;
	assert_int_equal(ix_load_doc(w, id, &dd, &err), 0);
	const char *text;
	size_t len;
	assert_int_equal(docdata_page(&dd, 2, &text, &len), 0);
	assert_string_equal(text, "twee");
	assert_non_null(docdata_citations(&dd));
	docdata_close(&dd);

	/* Court names, under their schema key. */
	assert_int_equal(ix_set_court_name(w, "RVS", "Raad van State", &err), 0);
	/* Deleting removes the document, its pages and its citations. */
	assert_int_equal(ix_delete_doc(w, uid, 2, &err), 0);
	assert_int_equal(ix_commit(w, &err), 0);
	assert_int_equal(ix_doccount(w), 0);
	ix_close(w);
	assert_null(err);

	struct xc_reader *r = xc_reader_open(dir, &err);
	assert_non_null(r);
	char *court = xc_reader_metadata(r, META_COURT_NAME "RVS", &err);
	assert_string_equal(court, "Raad van State");
	free(court);
	char key[64];
	snprintf(key, sizeof(key), META_PAGES "%s:0", uid);
	char *chunk = xc_reader_metadata(r, key, &err);
	assert_string_equal(chunk, "");
	free(chunk);
	xc_reader_close(r);
	search_ctx_free(ctx);
	remove_dir(dir);
}

static void test_schema_refused(void **state)
{
	(void)state;
	char dir[] = "/tmp/kindex-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct error *err = NULL;
	struct xc_writer *xw = xc_writer_open(dir, &err);
	assert_non_null(xw);
	assert_int_equal(xc_writer_set_metadata(xw, META_SCHEMA_VERSION, "2", &err), 0);
	xc_writer_close(xw);

	struct ix_writer *w = ix_open(dir, &err);
	assert_non_null(w);
	assert_int_equal(ix_check_schema(w, dir, &err), -1);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_INPUT);
	assert_non_null(strstr(err->msg, "schema 2"));
	error_free(err);
	ix_close(w);
	remove_dir(dir);
}

static void test_context(void **state)
{
	(void)state;
	struct search_ctx *a = search_ctx_new(), *b = search_ctx_new();
	/* Loaded once per context, and each context has its own. */
	assert_ptr_equal(search_ctx_phrases(a), search_ctx_phrases(a));
	assert_ptr_not_equal(search_ctx_phrases(a), search_ctx_phrases(b));
	assert_true(phrase_set_size(phrase_counter_set(search_ctx_phrases(a))) > 100);
	assert_ptr_not_equal(search_ctx_cache(a), search_ctx_cache(b));
	rcache_put(search_ctx_cache(a), "k", "v");
	assert_null(rcache_get(search_ctx_cache(b), "k"));
	char *v = rcache_get(search_ctx_cache(a), "k");
	assert_string_equal(v, "v");
	free(v);
	search_ctx_free(a);
	search_ctx_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_and_delete),
		cmocka_unit_test(test_schema_refused),
		cmocka_unit_test(test_context),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
