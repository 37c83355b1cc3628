/* test_shards.c - a stub database of shards (search/xapian_c.h): facets,
 * totals and per-document metadata equal to one database of the same
 * documents, read locally and through Xapian's remote backend
 * (xapian-progsrv); the shard of a uid (search/index_write.h). */
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
#include "search/index_write.h"
#include "search/xapian_c.h"

#define N_DOCS 60

static char tmpdir[] = "/tmp/kindex-shards-XXXXXX";

/* Document i: a word every third document has, facets packed as the index
 * packs them (type, year, articles), and a collapse key shared by pairs of
 * documents (duplicates) from i = 40 on. */
static struct xc_doc *make_doc(int i)
{
	struct xc_doc *d = xc_doc_new();
	char term[32], facets[128], key[32];
	snprintf(term, sizeof(term), "Qdoc%d", i);
	assert_int_equal(xc_doc_add_boolean_term(d, term, NULL), 0);
	assert_int_equal(xc_doc_add_term(d, "Zall", 1, NULL), 0);
	if (i % 3 == 0)
		assert_int_equal(xc_doc_add_term(d, "Zthird", 1 + i % 5, NULL), 0);
	/* Words of a synonym group, each in a few documents, unevenly over
	 * the shards. */
	if (i % 2 == 0) {
		snprintf(term, sizeof(term), "Zsyn%d", i % 9);
		assert_int_equal(xc_doc_add_term(d, term, 1 + i % 4, NULL), 0);
		snprintf(term, sizeof(term), "Zsyn%d", i * 5 % 11);
		assert_int_equal(xc_doc_add_term(d, term, 1, NULL), 0);
	} else {
		snprintf(term, sizeof(term), "Zsyn%d", i * 3 % 11);
		assert_int_equal(xc_doc_add_term(d, term, 2, NULL), 0);
	}
	snprintf(facets, sizeof(facets), "%s\x1f%d\x1f" "CRC:%d\nCRC:%d", i % 4 ? "ruling" : "report",
		 2000 + i % 7, 1 + i % 5, 3 + i % 2 * 9);
	assert_int_equal(xc_doc_add_value(d, 11, facets, strlen(facets), NULL), 0);
	if (i >= 40)
		snprintf(key, sizeof(key), "dup%d", i / 2);
	else
		snprintf(key, sizeof(key), "k%d", i);
	assert_int_equal(xc_doc_add_value(d, 6, key, strlen(key), NULL), 0);
	return d;
}

static void put(struct xc_writer *w, int i)
{
	char term[32], key[32], val[32];
	struct xc_doc *d = make_doc(i);
	snprintf(term, sizeof(term), "Qdoc%d", i);
	assert_int_not_equal(xc_writer_replace(w, term, d, NULL), 0);
	xc_doc_free(d);
	snprintf(key, sizeof(key), "Pdoc%d:0", i);
	snprintf(val, sizeof(val), "pages of doc%d", i);
	assert_int_equal(xc_writer_set_metadata(w, key, val, NULL), 0);
}

static int setup(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	char path[256];
	snprintf(path, sizeof(path), "%s/one", tmpdir);
	struct xc_writer *one = xc_writer_open(path, NULL);
	snprintf(path, sizeof(path), "%s/a", tmpdir);
	struct xc_writer *a = xc_writer_open(path, NULL);
	snprintf(path, sizeof(path), "%s/b", tmpdir);
	struct xc_writer *b = xc_writer_open(path, NULL);
	assert_true(one && a && b);
	for (int i = 0; i < N_DOCS; i++) {
		put(one, i);
		/* Unevenly, and a duplicate pair split over both shards. */
		put(i % 3 == 1 ? b : a, i);
	}
	assert_int_equal(xc_writer_set_metadata(a, "court:RVS", "Raad van State", NULL), 0);
	assert_int_equal(xc_writer_set_metadata(b, "court:HR", "Hoge Raad", NULL), 0);
	assert_int_equal(xc_writer_set_metadata(a, "kindex.phrases", "x", NULL), 0);
	assert_int_equal(xc_writer_set_metadata(b, "kindex.phrases", "y", NULL), 0);
	assert_int_equal(xc_writer_set_metadata(a, "kindex.schema", "3", NULL), 0);
	assert_int_equal(xc_writer_set_metadata(b, "kindex.schema", "3", NULL), 0);
	xc_writer_close(one);
	xc_writer_close(a);
	xc_writer_close(b);
	FILE *f;
	snprintf(path, sizeof(path), "%s/local.stub", tmpdir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "# two local shards\nauto a\n\nauto %s/b\n", tmpdir);
	fclose(f);
	snprintf(path, sizeof(path), "%s/remote.stub", tmpdir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "auto a\nremote :xapian-progsrv %s/b\n", tmpdir);
	fclose(f);
	snprintf(path, sizeof(path), "%s/spelled.stub", tmpdir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "remote :xapian-progsrv %s/a\nremote :xapian-progsrv %s/b\n", tmpdir, tmpdir);
	fclose(f);
	snprintf(path, sizeof(path), "%s/spelled.stub.spelling", tmpdir);
	struct xc_writer *sp = xc_writer_open(path, NULL);
	assert_non_null(sp);
	static const char words[] = "kinderbescherming\0gezinshereniging";
	assert_int_equal(xc_writer_add_spelling_words(sp, words, sizeof(words), NULL), 0);
	assert_int_equal(xc_writer_commit(sp, NULL), 0);
	xc_writer_close(sp);
	snprintf(path, sizeof(path), "%s/bad.stub", tmpdir);
	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "auto a\nremote nonsense\n");
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static struct xc_reader *open_db(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	struct error *err = NULL;
	struct xc_reader *r = xc_reader_open(path, &err);
	if (r == NULL)
		fail_msg("%s: %s", path, err ? err->msg : "?");
	return r;
}

static int add_facet(void *ctx, const char *term, size_t len, unsigned freq)
{
	buf_addf(ctx, "%.*s=%u;", (int)len, term, freq);
	return 0;
}

/* Total, facets of every section, and the ranked page (as the values of
 * its documents' id terms) of q over r, as text. */
static char *run(struct xc_reader *r, const char *term)
{
	static const unsigned sections[] = { 0, 1, 2 };
	struct xc_run_opts o = { .limit = 100, .sort_slot = -1, .collapse_slot = 6,
				 .facet_slots = sections, .n_facet_slots = 3,
				 .facet_packed_slot = 11, .facet_section_sep = '\x1f',
				 .facet_separator = '\n' };
	struct xc_query *q = xc_query_term(term, 1, NULL);
	struct error *err = NULL;
	struct xc_mset *m = xc_enquire(r, q, &o, &err);
	if (m == NULL)
		fail_msg("%s", err->msg);
	assert_int_equal(xc_mset_wait(m, NULL), 0);
	struct buf b = BUF_INIT;
	buf_addf(&b, "total %u|", xc_mset_estimated(m));
	for (unsigned s = 0; s < 3; s++) {
		assert_int_equal(xc_mset_facets(m, s, add_facet, &b), 0);
		buf_addc(&b, '|');
	}
	xc_mset_free(m);
	xc_query_free(q);
	return buf_detach(&b);
}

static void test_stub_equals_one_index(void **state)
{
	(void)state;
	struct xc_reader *one = open_db("one");
	struct xc_reader *local = open_db("local.stub");
	struct xc_reader *remote = open_db("remote.stub");
	assert_int_equal(xc_reader_shards(one), 1);
	assert_int_equal(xc_reader_shards(local), 2);
	assert_int_equal(xc_reader_shards(remote), 2);
	assert_false(xc_reader_is_remote(local));
	assert_true(xc_reader_is_remote(remote));
	assert_int_equal(xc_reader_doccount(remote), N_DOCS);
	const char *terms[] = { "Zall", "Zthird", "Znone" };
	for (size_t i = 0; i < 3; i++) {
		char *a = run(one, terms[i]);
		char *b = run(local, terms[i]);
		char *c = run(remote, terms[i]);
		assert_string_equal(a, b);
		assert_string_equal(a, c);
		if (i == 0) /* 60 documents, 10 duplicate pairs: 50 distinct */
			assert_true(strncmp(a, "total 50|", 9) == 0);
		free(a);
		free(b);
		free(c);
	}
	xc_reader_close(one);
	xc_reader_close(local);
	xc_reader_close(remote);
}

/* The ranked page of the OP_SYNONYM of Zsyn0..Zsyn10, as "key=weight;" (key: the collapse value), with equal
 * weights ordered by that key. */
static char *ranked_synonym(struct xc_reader *r)
{
	struct xc_query *q = NULL;
	for (int k = 0; k < 11; k++) {
		char term[32];
		snprintf(term, sizeof(term), "Zsyn%d", k);
		struct xc_query *t = xc_query_term(term, 1, NULL);
		struct xc_query *both = q ? xc_query_combine(XC_OP_SYNONYM, q, t, NULL) : NULL;
		if (q) {
			xc_query_free(q);
			xc_query_free(t);
			q = both;
		} else {
			q = t;
		}
	}
	struct xc_query *flat = xc_query_flatten(q, NULL);
	xc_query_free(q);
	struct xc_run_opts o = { .limit = 10, .sort_slot = -1, .collapse_slot = 6, .tie_slot = 6 };
	struct error *err = NULL;
	struct xc_mset *m = xc_enquire(r, flat, &o, &err);
	if (m == NULL)
		fail_msg("%s", err->msg);
	struct buf b = BUF_INIT;
	for (unsigned i = 0; i < xc_mset_size(m); i++) {
		size_t len = 0;
		char *key = xc_reader_value(r, xc_mset_docid(m, i), 6, &len, NULL);
		buf_addf(&b, "%s=%.12g;", key ? key : "?", xc_mset_weight(m, i));
		free(key);
	}
	xc_mset_free(m);
	xc_query_free(flat);
	return buf_detach(&b);
}

/* Xapian 1.4 estimates a synonym's frequency by pairing its parts in an
 * order taken from each database's own frequencies: a flat synonym of
 * many words weighed documents differently on shards than in one index.
 * xc_query_flatten builds it as a fixed tree, and equal weights are
 * ordered by a value rather than by docid (which differs). */
static void test_synonym_ranks_alike(void **state)
{
	(void)state;
	struct xc_reader *one = open_db("one");
	struct xc_reader *local = open_db("local.stub");
	struct xc_reader *remote = open_db("remote.stub");
	char *a = ranked_synonym(one);
	char *b = ranked_synonym(local);
	char *c = ranked_synonym(remote);
	assert_true(strlen(a) > 50);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	free(a);
	free(b);
	free(c);
	xc_reader_close(one);
	xc_reader_close(local);
	xc_reader_close(remote);
}

static void test_metadata_over_shards(void **state)
{
	(void)state;
	struct xc_reader *remote = open_db("remote.stub");
	size_t len;
	for (int i = 0; i < N_DOCS; i++) {
		char term[32], key[32], want[32];
		snprintf(term, sizeof(term), "Qdoc%d", i);
		snprintf(key, sizeof(key), "Pdoc%d:0", i);
		snprintf(want, sizeof(want), "pages of doc%d", i);
		char *v = xc_reader_doc_metadata(remote, term, key, &len, NULL);
		assert_non_null(v);
		assert_string_equal(v, want);
		free(v);
		/* docid -> shard as Xapian interleaves them */
		xc_docid id = xc_reader_find(remote, term, NULL);
		assert_int_equal(xc_reader_shard_of(remote, id), i % 3 == 1 ? 1 : 0);
	}
	char *v = xc_reader_doc_metadata(remote, "Qnodoc", "Pnodoc:0", &len, NULL);
	assert_string_equal(v, "");
	free(v);
	/* A court named on one shard only; index-wide keys must agree. */
	v = xc_reader_metadata(remote, "court:HR", NULL);
	assert_string_equal(v, "Hoge Raad");
	free(v);
	v = xc_reader_metadata(remote, "court:RVS", NULL);
	assert_string_equal(v, "Raad van State");
	free(v);
	v = xc_reader_metadata(remote, "kindex.phrases", NULL);
	assert_string_equal(v, "");
	free(v);
	v = xc_reader_metadata(remote, "kindex.schema", NULL);
	assert_string_equal(v, "3");
	free(v);
	/* No revision over a remote, but a version all the same. */
	char ver[256];
	xc_reader_version(remote, ver, sizeof(ver));
	assert_string_not_equal(ver, "?");
	assert_int_equal(xc_reader_reopen(remote, NULL), 0);
	/* Spelling is not served remotely: none, and said so. */
	assert_false(xc_reader_spelling_available(remote));
	assert_null(xc_reader_spelling(remote, "al"));
	xc_reader_close(remote);
}

static void test_spelling_beside_stub(void **state)
{
	(void)state;
	struct xc_reader *r = open_db("spelled.stub");
	assert_true(xc_reader_is_remote(r));
	assert_true(xc_reader_spelling_available(r));
	char *s = xc_reader_spelling(r, "kinderbeschermng");
	assert_non_null(s);
	assert_string_equal(s, "kinderbescherming");
	free(s);
	assert_int_equal(xc_reader_spelling_freq(r, "gezinshereniging"), 1);
	xc_reader_close(r);
}

static void test_bad_stub(void **state)
{
	(void)state;
	char path[256];
	snprintf(path, sizeof(path), "%s/bad.stub", tmpdir);
	struct error *err = NULL;
	assert_null(xc_reader_open(path, &err));
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "bad.stub:2"));
	error_free(err);
}

static void test_shard_of(void **state)
{
	(void)state;
	unsigned count[4] = { 0 };
	char uid[33];
	for (int i = 0; i < 4000; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/docs/%d.pdf", i);
		util_hash_hex(path, strlen(path), uid);
		unsigned s = ix_shard_of(uid, 4);
		assert_true(s >= 1 && s <= 4);
		assert_int_equal(ix_shard_of(uid, 4), s); /* stable */
		count[s - 1]++;
	}
	for (int s = 0; s < 4; s++) /* about 1000 each */
		assert_true(count[s] > 850 && count[s] < 1150);
	assert_int_equal(ix_shard_of(uid, 0), 0);
	assert_int_equal(ix_shard_of(uid, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stub_equals_one_index),
		cmocka_unit_test(test_synonym_ranks_alike),
		cmocka_unit_test(test_metadata_over_shards),
		cmocka_unit_test(test_spelling_beside_stub),
		cmocka_unit_test(test_bad_stub),
		cmocka_unit_test(test_shard_of),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
