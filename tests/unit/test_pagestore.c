/* test_pagestore.c - unit tests for search/pagestore.c: every page comes
 * back as it went in, across chunk boundaries; chunks written in the older
 * zlib format are still read; a damaged chunk is an error, not a crash; a
 * chunk of the per-page format gives one page without the others, and the
 * paragraph numbers kept in chunk 0 are those a scan of all pages finds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "search/docdata.h"
#include "search/pagestore.h"
#include "search/paras.h"
#include "base/util.h"
#include "search/xapian_c.h"

#define N_PAGES (2 * PAGESTORE_CHUNK + 3)

struct fixture {
	char dir[64];
	struct xc_writer *w;
	char *pages[N_PAGES];
	size_t lens[N_PAGES];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/kindex-test-ps-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->w = xc_writer_open(f->dir, NULL);
	if (f->w == NULL)
		return -1;
	/* Pages of different lengths and contents, one of them empty, with
	 * non-ASCII text. */
	srand(7);
	for (int i = 0; i < N_PAGES; i++) {
		struct buf b = BUF_INIT;
		int words = i == 5 ? 0 : 1 + rand() % 400;
		for (int k = 0; k < words; k++)
			buf_addf(&b, "%s%d ", k % 7 ? "woord" : "belang-van-het-kind-é", rand() % 1000);
		buf_addf(&b, "%s", i == 5 ? "" : "pagina");
		f->lens[i] = b.len;
		f->pages[i] = buf_detach(&b);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	xc_writer_close(f->w);
	for (int i = 0; i < N_PAGES; i++)
		free(f->pages[i]);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void put_all(struct fixture *f, const char *uid)
{
	for (int c = 0; c < pagestore_chunks(N_PAGES); c++) {
		struct buf out = BUF_INIT;
		assert_int_equal(pagestore_pack(f->pages, f->lens, N_PAGES, c, &out, NULL), 0);
		assert_int_equal(pagestore_put_packed(f->w, uid, c, out.s, out.len, NULL), 0);
		buf_free(&out);
	}
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	put_all(f, "doc1");
	struct xc_reader *r = xc_writer_reader(f->w);
	for (int i = 0; i < N_PAGES; i++) {
		size_t len = 99;
		char *t = pagestore_get(r, "doc1", i + 1, &len, NULL);
		assert_non_null(t);
		assert_int_equal(len, f->lens[i]);
		assert_memory_equal(t, f->pages[i], len);
		free(t);
	}
	/* A whole chunk at once: the last one is short. */
	int n = 0;
	char **pages = pagestore_get_chunk(r, "doc1", 2, &n, NULL);
	assert_non_null(pages);
	assert_int_equal(n, N_PAGES - 2 * PAGESTORE_CHUNK);
	for (int k = 0; k < n; k++)
		assert_string_equal(pages[k], f->pages[2 * PAGESTORE_CHUNK + k]);
	pagestore_free_chunk(pages, n);
	/* Past the end, before the start, another document. */
	struct error *err = NULL;
	size_t len;
	assert_null(pagestore_get(r, "doc1", 0, &len, &err));
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	err = NULL;
	assert_null(pagestore_get(r, "doc1", 3 * PAGESTORE_CHUNK + 1, &len, &err));
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	err = NULL;
	assert_null(pagestore_get(r, "doc2", 1, &len, &err));
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	/* Deleting the chunks removes every page. */
	assert_int_equal(pagestore_delete(f->w, "doc1", 1, N_PAGES, NULL), 0);
	for (int i = 0; i < N_PAGES; i += PAGESTORE_CHUNK) {
		err = NULL;
		assert_null(pagestore_get(r, "doc1", i + 1, &len, &err));
		assert_int_equal(err->code, ERR_NOTFOUND);
		error_free(err);
	}
}

/* The format before zstd: a 4-byte length, then a zlib stream. */
static void test_reads_zlib_chunks(void **state)
{
	struct fixture *f = *state;
	struct buf joined = BUF_INIT;
	for (int i = 0; i < PAGESTORE_CHUNK; i++) {
		if (i)
			buf_addc(&joined, '\f');
		buf_add(&joined, f->pages[i], f->lens[i]);
	}
	uLongf zlen = compressBound((uLong)joined.len);
	char *packed = malloc(4 + zlen);
	uint32_t n = (uint32_t)joined.len;
	memcpy(packed, &n, 4);
	assert_int_equal(compress2((Bytef *)packed + 4, &zlen, (const Bytef *)joined.s,
				   (uLong)joined.len, 6),
			 Z_OK);
	assert_int_equal(xc_writer_set_metadata_len(f->w, "Pold:0", packed, 4 + zlen, NULL), 0);
	struct xc_reader *r = xc_writer_reader(f->w);
	for (int i = 0; i < PAGESTORE_CHUNK; i++) {
		size_t len;
		char *t = pagestore_get(r, "old", i + 1, &len, NULL);
		assert_non_null(t);
		assert_int_equal(len, f->lens[i]);
		assert_memory_equal(t, f->pages[i], len);
		free(t);
	}
	struct buf z = BUF_INIT;
	assert_int_equal(pagestore_pack(f->pages, f->lens, N_PAGES, 0, &z, NULL), 0);
	/* Damaged: truncated, or a length that does not match. */
	struct error *err = NULL;
	size_t len;
	assert_int_equal(xc_writer_set_metadata_len(f->w, "Pbad:0", z.s, z.len / 2, NULL), 0);
	assert_null(pagestore_get(r, "bad", 1, &len, &err));
	assert_int_equal(err->code, ERR_DB);
	error_free(err);
	err = NULL;
	uint32_t wrong = (uint32_t)joined.len + 1;
	memcpy(packed, &wrong, 4);
	assert_int_equal(xc_writer_set_metadata_len(f->w, "Pbad2:0", packed, 4 + zlen, NULL), 0);
	assert_null(pagestore_get(r, "bad2", 1, &len, &err));
	assert_int_equal(err->code, ERR_DB);
	error_free(err);
	err = NULL;
	assert_int_equal(xc_writer_set_metadata_len(f->w, "Pbad3:0", "ab", 2, NULL), 0);
	assert_null(pagestore_get(r, "bad3", 1, &len, &err));
	assert_int_equal(err->code, ERR_DB);
	error_free(err);
	buf_free(&z);
	buf_free(&joined);
	free(packed);
}

/* Citations kept apart from the data are found through docdata. */
static void test_citations(void **state)
{
	struct fixture *f = *state;
	const char *cits = "[{\"page\":2,\"kind\":\"article\",\"inst\":\"CRC\",\"label\":\"3(1)\"}]";
	assert_int_equal(pagestore_put_citations(f->w, "doc9", cits, strlen(cits), NULL), 0);
	struct xc_reader *r = xc_writer_reader(f->w);
	size_t len = 0;
	char *back = pagestore_get_citations(r, "doc9", &len, NULL);
	assert_non_null(back);
	assert_int_equal(len, strlen(cits));
	assert_string_equal(back, cits);
	free(back);
	/* The data of such a document has an empty citations part. */
	const char data[] = "{\"uid\":\"doc9\",\"pages\":3}\0";
	struct docdata dd;
	assert_int_equal(docdata_open(&dd, strndup(data, sizeof(data) - 1), sizeof(data) - 1, NULL), 0);
	assert_null(docdata_citations(&dd)); /* no store given */
	docdata_close(&dd);
	assert_int_equal(docdata_open(&dd, strndup(data, sizeof(data) - 1), sizeof(data) - 1, NULL), 0);
	docdata_use_store(&dd, r);
	struct json_object *c = docdata_citations(&dd);
	assert_non_null(c);
	assert_int_equal(json_object_array_length(c), 1);
	docdata_close(&dd);
	/* Removed. */
	assert_int_equal(pagestore_put_citations(f->w, "doc9", "", 0, NULL), 0);
	struct error *err = NULL;
	assert_null(pagestore_get_citations(r, "doc9", &len, &err));
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
}

/* The per-page format: one page unpacked alone; the others stay NULL. */
static void test_one_page(void **state)
{
	struct fixture *f = *state;
	put_all(f, "doc1");
	struct xc_reader *r = xc_writer_reader(f->w);
	int n = 0;
	char **pages = pagestore_get_chunk_page(r, "doc1", 1, 3, &n, NULL, NULL);
	assert_non_null(pages);
	assert_int_equal(n, PAGESTORE_CHUNK);
	for (int k = 0; k < n; k++)
		if (k == 3)
			assert_string_equal(pages[k], f->pages[PAGESTORE_CHUNK + 3]);
		else
			assert_null(pages[k]);
	pagestore_free_chunk(pages, n);
	/* The empty page (5) comes back empty. */
	size_t len = 99;
	char *t = pagestore_get(r, "doc1", 6, &len, NULL);
	assert_non_null(t);
	assert_int_equal(len, 0);
	free(t);
}

/* Paragraph numbers stored with the pages equal a scan of all the pages,
 * also where a number's run crosses a chunk boundary. */
static void test_marks(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < N_PAGES; i++) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "Kop van pagina %d\n", i + 1);
		for (int k = 0; k < 3; k++)
			buf_addf(&b, "%d. Overweging %d op pagina %d.\n12. stray\n", 3 * i + k + 1,
				 k, i + 1);
		if (i == 20)
			buf_addf(&b, "4.3 Een genummerde alinea\n");
		free(f->pages[i]);
		f->lens[i] = b.len;
		f->pages[i] = buf_detach(&b);
	}
	put_all(f, "doc1");
	struct xc_reader *r = xc_writer_reader(f->w);
	struct para_marks got = { 0 }, want = { 0 };
	assert_int_equal(pagestore_get_marks(r, "doc1", &got, NULL, NULL), 0);
	paras_scan((const char *const *)f->pages, f->lens, N_PAGES, &want);
	assert_true(want.n > 3 * PAGESTORE_CHUNK);
	assert_int_equal(got.n, want.n);
	for (size_t k = 0; k < want.n; k++) {
		assert_int_equal(got.m[k].page, want.m[k].page);
		assert_int_equal(got.m[k].off, want.m[k].off);
		assert_string_equal(got.m[k].num, want.m[k].num);
	}
	paras_free(&got);
	paras_free(&want);
	/* A document without them (chunks of the older format): ERR_NOTFOUND. */
	struct error *err = NULL;
	assert_int_equal(pagestore_get_marks(r, "nosuch", &got, NULL, &err), -1);
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
}

/* The format of one zstd frame per chunk (before issue 19) is still read,
 * and has no marks; a damaged per-page header is an error. */
static void test_reads_v1_and_damage(void **state)
{
	struct fixture *f = *state;
	struct buf joined = BUF_INIT;
	for (int i = 0; i < PAGESTORE_CHUNK; i++) {
		if (i)
			buf_addc(&joined, '\f');
		buf_add(&joined, f->pages[i], f->lens[i]);
	}
	size_t bound = ZSTD_compressBound(joined.len);
	char *packed = malloc(4 + bound);
	uint32_t n = (uint32_t)joined.len;
	memcpy(packed, &n, 4);
	size_t zl = ZSTD_compress(packed + 4, bound, joined.s, joined.len, 3);
	assert_false(ZSTD_isError(zl));
	assert_int_equal(xc_writer_set_metadata_len(f->w, "Pv1:0", packed, 4 + zl, NULL), 0);
	struct xc_reader *r = xc_writer_reader(f->w);
	for (int i = 0; i < PAGESTORE_CHUNK; i++) {
		size_t len;
		char *t = pagestore_get(r, "v1", i + 1, &len, NULL);
		assert_non_null(t);
		assert_int_equal(len, f->lens[i]);
		assert_memory_equal(t, f->pages[i], len);
		free(t);
	}
	struct para_marks pm = { 0 };
	struct error *err = NULL;
	assert_int_equal(pagestore_get_marks(r, "v1", &pm, NULL, &err), -1);
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	/* Each byte of a per-page chunk's header changed in turn: damaged or
	 * still whole, never a crash or a wrong page length. */
	struct buf z = BUF_INIT;
	assert_int_equal(pagestore_pack(f->pages, f->lens, N_PAGES, 0, &z, NULL), 0);
	for (size_t at = 4; at < 12 + 8 * PAGESTORE_CHUNK; at++) {
		char *bad = malloc(z.len);
		memcpy(bad, z.s, z.len);
		bad[at] ^= 0x5a;
		assert_int_equal(xc_writer_set_metadata_len(f->w, "Pbad:0", bad, z.len, NULL), 0);
		size_t len = 0;
		err = NULL;
		char *t = pagestore_get(r, "bad", 2, &len, &err);
		if (t == NULL)
			assert_int_equal(err->code, ERR_DB);
		else
			assert_int_equal(len, strlen(t));
		free(t);
		error_free(err);
		err = NULL;
		struct para_marks m = { 0 };
		if (pagestore_get_marks(r, "bad", &m, NULL, &err) == 0)
			paras_free(&m);
		error_free(err);
		free(bad);
	}
	buf_free(&z);
	buf_free(&joined);
	free(packed);
}

/* A chunk kept for a document (struct pagestore_blob) serves its other
 * pages and its pinpoints without reading the store again; another chunk
 * replaces it. */
static void test_kept_chunk(void **state)
{
	struct fixture *f = *state;
	put_all(f, "doc1");
	struct xc_reader *r = xc_writer_reader(f->w);
	struct pagestore_blob keep = { 0 };
	int n = 0;
	char **pages = pagestore_get_chunk_page(r, "doc1", 0, 2, &n, &keep, NULL);
	assert_non_null(pages);
	assert_string_equal(pages[2], f->pages[2]);
	pagestore_free_chunk(pages, n);
	assert_int_equal(keep.chunk, 0);
	assert_non_null(keep.data);
	/* Gone from the store: still there for this document's reader. */
	assert_int_equal(pagestore_delete(f->w, "doc1", 1, PAGESTORE_CHUNK, NULL), 0);
	pages = pagestore_get_chunk_page(r, "doc1", 0, 7, &n, &keep, NULL);
	assert_non_null(pages);
	assert_string_equal(pages[7], f->pages[7]);
	pagestore_free_chunk(pages, n);
	struct para_marks pm = { 0 };
	assert_int_equal(pagestore_get_marks(r, "doc1", &pm, &keep, NULL), 0);
	paras_free(&pm);
	struct error *err = NULL;
	assert_null(pagestore_get_chunk_page(r, "doc1", 0, 7, &n, NULL, &err));
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	/* Another chunk is read and kept instead. */
	pages = pagestore_get_chunk_page(r, "doc1", 1, 0, &n, &keep, NULL);
	assert_non_null(pages);
	assert_string_equal(pages[0], f->pages[PAGESTORE_CHUNK]);
	pagestore_free_chunk(pages, n);
	assert_int_equal(keep.chunk, 1);
	err = NULL;
	assert_null(pagestore_get_chunk_page(r, "doc1", 0, 7, &n, &keep, &err));
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	pagestore_blob_free(&keep);
}

/* The stored header read without json-c's tokener (docdata_parse_header):
 * the same objects as json-c's for what the indexer writes, for what it
 * leaves to json-c (escapes \u, doubles, long integers), and for every
 * truncation and many damaged bytes of a header: equal or both NULL. */
static void same_as_json_c(const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *want = json_tokener_parse_ex(tok, text, (int)len);
	json_tokener_free(tok);
	struct json_object *got = docdata_parse_header(text, len);
	if (want == NULL || got == NULL) {
		if ((want == NULL) != (got == NULL))
			fail_msg("json-c %s, fast %s: %.*s", want ? "parses" : "fails",
				 got ? "parses" : "fails", (int)len, text);
	} else {
		const char *a = json_object_to_json_string_ext(want, JSON_C_TO_STRING_PLAIN);
		const char *b = json_object_to_json_string_ext(got, JSON_C_TO_STRING_PLAIN);
		if (strcmp(a, b) != 0)
			fail_msg("json-c %s, fast %s", a, b);
	}
	json_object_put(want);
	json_object_put(got);
}

static void test_header_parse(void **state)
{
	(void)state;
	struct json_object *h = json_object_new_object();
	json_object_object_add(h, "path", json_object_new_string("/a/b \"c\"\\d.pdf"));
	json_object_object_add(h, "title", json_object_new_string("Belang van het kind –\tline\nnext"));
	json_object_object_add(h, "pages", json_object_new_int64(12));
	json_object_object_add(h, "mtime", json_object_new_int64(-1796559219));
	json_object_object_add(h, "notext", json_object_new_boolean(0));
	json_object_object_add(h, "empty", json_object_new_object());
	json_object_object_add(h, "none", NULL);
	struct json_object *pp = json_object_new_array();
	for (int i = 0; i < 5; i++)
		json_object_array_add(pp, json_object_new_int64(i * 317));
	json_object_array_add(pp, json_object_new_boolean(1));
	json_object_array_add(pp, NULL);
	json_object_object_add(h, "page_pos", pp);
	json_object_object_add(h, "none2", json_object_new_array());
	struct json_object *arts = json_object_new_object();
	char key[32];
	for (int i = 1; i <= 40; i++) {
		snprintf(key, sizeof(key), "CRC:%d.%d", i, i % 3);
		json_object_object_add(arts, key, json_object_new_int64(i));
	}
	json_object_object_add(h, "articles", arts);
	struct json_object *meta = json_object_new_object(), *f = json_object_new_object();
	json_object_object_add(f, "value", json_object_new_string("RVS"));
	json_object_object_add(f, "source", json_object_new_string("ECLI"));
	json_object_object_add(meta, "court", f);
	json_object_object_add(h, "meta", meta);
	char *hdr = strdup(json_object_to_json_string_ext(h, JSON_C_TO_STRING_PLAIN));
	json_object_put(h);
	size_t n = strlen(hdr);
	same_as_json_c(hdr, n);
	/* The fast reader took it (no fallback hides a fault): its objects
	 * are json-c's, so only a difference above would show; check one. */
	struct json_object *o = docdata_parse_header(hdr, n), *v;
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "title", &v));
	assert_string_equal(json_object_get_string(v), "Belang van het kind –\tline\nnext");
	json_object_put(o);
	static const char *const others[] = {
		"{\"a\":\"\\u00e9\\u0001\"}", "{\"a\":1.5}", "{\"a\":12345678901234567890}",
		"{\"a\":-0}", "{\"a\":01}", "{\"a\":1,\"a\":2}", " \n{ \"a\" : [ 1 , 2 ] }\r\n",
		"{}", "{\"a\":[]}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":[1,]}", "{\"a\":1,}",
		"{\"a\" 1}", "{\"a\":\"x}", "{\"a\":\"\\q\"}", "{\"a\":{\"b\":{\"c\":[[[]]]}}}",
		"[1]", "{\"a\":1}tail", "{\"a\":-}", "{\"a\":TRUE}", "{'a':1}",
	};
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		same_as_json_c(others[i], strlen(others[i]));
	/* Deeper than json-c allows: both refuse. */
	char deep[200];
	memset(deep, '[', 100);
	memcpy(deep, "{\"a\":", 5);
	memset(deep + 100, ']', 95);
	deep[195] = '}';
	same_as_json_c(deep, 196);
	/* Every truncation, and damage at every byte. */
	for (size_t k = 0; k < n; k++)
		same_as_json_c(hdr, k);
	static const char bad[] = "\"}],:\\x0-{[ t\x01";
	for (size_t k = 0; k < n; k++)
		for (size_t b = 0; b < sizeof(bad) - 1; b++) {
			char save = hdr[k];
			hdr[k] = bad[b];
			same_as_json_c(hdr, n);
			hdr[k] = save;
		}
	free(hdr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_zlib_chunks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_citations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_v1_and_damage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_chunk, setup, teardown),
		cmocka_unit_test(test_header_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
