/* test_indexer.c - the indexer's parts through their headers: finding files
 * (indexer/walk.h: symbolic links, loops, non-regular files), the worker
 * pool (indexer/pool.h: results, a worker that crashes or hangs), PDF text
 * (indexer/pdf_text.h: a sample PDF of the project, a synthetic one, junk),
 * building a document (indexer/docbuild.h), and `kindex index` itself in
 * small batches: every document committed, a second run changing nothing, a
 * removed file leaving the index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indexer/describe.h"
#include "search/context.h"
#include "search/docbuild.h"
#include "search/ixdoc.h"
#include "indexer/meta.h"
#include "indexer/pdf_text.h"
#include "indexer/pool.h"
#include "indexer/walk.h"
#include "search/search.h"
#include "tests/unit/synth.h"

static const char *const one_page[] = { "A page about the best interests of the child.\n"
					"Second line with the word quokkabeleid in it." };

static char *path_in(const char *dir, const char *name)
{
	char *p = NULL;
	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	return p;
}

static int has_file(const struct walk_result *w, const char *suffix)
{
	size_t n = strlen(suffix);
	int count = 0;
	for (size_t i = 0; i < w->n_files; i++) {
		size_t l = strlen(w->files[i]);
		if (l >= n && strcmp(w->files[i] + l - n, suffix) == 0)
			count++;
	}
	return count;
}

/* ---- walk ---- */

static void test_walk(void **state)
{
	(void)state;
	char *d = synth_tmpdir("walk");
	assert_non_null(d);
	char *sub = path_in(d, "sub"), *deep = path_in(d, "sub/deeper");
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(mkdir(deep, 0700), 0);
	char *a = path_in(d, "a.pdf"), *b = path_in(d, "sub/B.PDF"), *c = path_in(d, "sub/deeper/c.pdf");
	char *txt = path_in(d, "notes.txt"), *fifo = path_in(d, "fifo.pdf");
	char *loop = path_in(d, "sub/loop"), *link = path_in(d, "link.pdf");
	char *dangling = path_in(d, "gone.pdf"), *other = path_in(d, "sub/again");
	assert_int_equal(synth_pdf(a, one_page, 1, NULL), 0);
	assert_int_equal(synth_pdf(b, one_page, 1, NULL), 0);
	assert_int_equal(synth_pdf(c, one_page, 1, NULL), 0);
	assert_int_equal(synth_write(txt, "not a pdf"), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(symlink("..", loop), 0);               /* a loop */
	assert_int_equal(symlink("sub/deeper/c.pdf", link), 0); /* a linked file */
	assert_int_equal(symlink("nowhere.pdf", dangling), 0);
	assert_int_equal(symlink("deeper", other), 0);          /* a second way in */

	struct walk_result w;
	char *args[] = { d };
	/* By default links are not followed (issue 14): a.pdf, B.PDF and c.pdf
	 * through its own folder only. */
	assert_int_equal(walk_paths(args, 1, &w, NULL), 0);
	assert_int_equal(has_file(&w, "/a.pdf"), 1);
	assert_int_equal(has_file(&w, "/link.pdf"), 0);
	assert_int_equal(has_file(&w, "/c.pdf"), 1);
	assert_int_equal(w.n_files, 3);
	walk_result_clear(&w);
	/* With --follow-symlinks, links inside the folder are followed and
	 * stored under their real path: a.pdf, B.PDF, c.pdf (through its
	 * folder, through sub/again, through the loop, through link.pdf): each
	 * file once, and nothing else. */
	assert_int_equal(walk_paths_flags(args, 1, WALK_FOLLOW_SYMLINKS, &w, NULL), 0);
	assert_int_equal(w.n_roots, 1);
	assert_int_equal(has_file(&w, "/a.pdf"), 1);
	assert_int_equal(has_file(&w, "/B.PDF"), 1);
	assert_int_equal(has_file(&w, "/link.pdf"), 0);
	assert_int_equal(has_file(&w, "/fifo.pdf"), 0);
	assert_int_equal(has_file(&w, "/notes.txt"), 0);
	assert_int_equal(has_file(&w, "/c.pdf"), 1);
	assert_int_equal(w.n_files, 3);
	for (size_t i = 0; i < w.n_files; i++) {
		assert_true(w.files[i][0] == '/');
		assert_null(strstr(w.files[i], "/loop/"));
		if (i > 0)
			assert_true(strcmp(w.files[i - 1], w.files[i]) < 0);
	}
	/* The dangling link is a warning naming it. */
	int warned = 0;
	for (size_t i = 0; i < w.n_warnings; i++)
		warned += strstr(w.warnings[i], "gone.pdf") != NULL;
	assert_int_equal(warned, 1);
	walk_result_clear(&w);

	/* Named directly: any file, whatever its name; a missing path or a
	 * FIFO is a warning. */
	char *args2[] = { txt, "/no/such/path", fifo, a, a };
	assert_int_equal(walk_paths(args2, 5, &w, NULL), 0);
	assert_int_equal(w.n_files, 2);
	assert_int_equal(has_file(&w, "/notes.txt"), 1);
	assert_int_equal(has_file(&w, "/a.pdf"), 1);
	assert_int_equal(w.n_warnings, 2);
	walk_result_clear(&w);

	synth_rmrf(d);
	free(d);
	free(sub), free(deep), free(a), free(b), free(c), free(txt), free(fifo);
	free(loop), free(link), free(dangling), free(other);
}

/* ---- pool ---- */

static int test_job(void *ctx, const char *path, struct buf *out, char **reason)
{
	(void)ctx;
	if (strstr(path, "crash") != NULL) {
		signal(SIGSEGV, SIG_DFL); /* cmocka's handler is inherited */
		raise(SIGSEGV);
	}
	if (strstr(path, "hang") != NULL)
		for (;;)
			pause();
	if (strstr(path, "exit") != NULL)
		_exit(3);
	if (strstr(path, "fail") != NULL) {
		*reason = strdup("refused by the job");
		return -1;
	}
	buf_adds(out, "done:");
	buf_adds(out, path);
	return 0;
}

static void test_pool_survives_bad_workers(void **state)
{
	(void)state;
	struct pool_opts o = { .job = test_job, .n_workers = 2, .timeout_s = 1 };
	struct error *err = NULL;
	struct pool *p = pool_new(&o, &err);
	assert_non_null(p);
	static const char *const paths[] = { "ok1", "crash1", "ok2", "hang1", "fail1",
					     "ok3", "exit1", "ok4", "crash2", "ok5" };
	size_t n = sizeof(paths) / sizeof(paths[0]), next = 0, got = 0;
	int seen[10] = { 0 };
	while (next < n || pool_busy(p)) {
		while (next < n && pool_can_submit(p)) {
			assert_int_equal(pool_submit(p, paths[next], (void *)(uintptr_t)(next + 1), &err), 0);
			next++;
		}
		struct pool_result *r = pool_next(p, &err);
		assert_non_null(r);
		size_t i = (uintptr_t)r->tag - 1;
		assert_true(i < n);
		assert_string_equal(r->path, paths[i]);
		seen[i]++;
		got++;
		if (strncmp(paths[i], "ok", 2) == 0) {
			assert_true(r->ok);
			char want[64];
			snprintf(want, sizeof(want), "done:%s", paths[i]);
			assert_int_equal(r->len, strlen(want));
			assert_memory_equal(r->data, want, r->len);
		} else {
			assert_false(r->ok);
			assert_non_null(r->reason);
			if (strncmp(paths[i], "crash", 5) == 0) {
				if (strstr(r->reason, "crashed") == NULL)
					fail_msg("%s: reason \"%s\"", paths[i], r->reason);
			} else if (strncmp(paths[i], "hang", 4) == 0)
				assert_non_null(strstr(r->reason, "longer than 1 s"));
			else if (strncmp(paths[i], "fail", 4) == 0)
				assert_string_equal(r->reason, "refused by the job");
			else
				assert_non_null(strstr(r->reason, "exit 3"));
		}
		pool_result_free(r);
	}
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(seen[i], 1);
	pool_free(p);
}

/* ---- pdf_text and docbuild ---- */

static void test_pdf_text(void **state)
{
	(void)state;
	struct error *err = NULL;
	/* A real PDF of the project's samples. */
	struct pdf_text *t =
		pdf_text_extract(KINDEX_DATADIR "/../corpus/samples/un/CRC-C-GC-14_best-interests.pdf", &err);
	if (t == NULL)
		fail_msg("sample PDF: %s", err ? err->msg : "?");
	assert_true(t->n_pages > 5);
	size_t sum = 0;
	int found = 0;
	for (int i = 0; i < t->n_pages; i++) {
		assert_non_null(t->pages[i]);
		assert_int_equal(strlen(t->pages[i]), t->page_lens[i]);
		assert_null(strchr(t->pages[i], '\f'));
		assert_true(util_utf8_valid(t->pages[i], t->page_lens[i]));
		sum += t->page_lens[i];
		found += strcasestr(t->pages[i], "best interests") != NULL;
	}
	assert_int_equal(sum, t->text_bytes);
	assert_true(found > 3);
	pdf_text_free(t);

	/* A synthetic one: its pages in order, its title. */
	char *d = synth_tmpdir("pdf");
	char *p = path_in(d, "x.pdf");
	static const char *const pages[] = { "first page text", "second (page) text", "third \\ page" };
	assert_int_equal(synth_pdf(p, pages, 3, "Mijn titel"), 0);
	t = pdf_text_extract(p, &err);
	assert_non_null(t);
	assert_int_equal(t->n_pages, 3);
	assert_non_null(strstr(t->pages[0], "first page text"));
	assert_non_null(strstr(t->pages[1], "second (page) text"));
	assert_non_null(strstr(t->pages[2], "third \\ page"));
	assert_non_null(t->title);
	assert_string_equal(t->title, "Mijn titel");

	/* docbuild: the title, the language, the page starts. */
	struct error *e2 = NULL;
	char *rules_path = util_data_path("meta-rules.txt");
	struct meta_rules *rules = meta_rules_load(rules_path, &e2);
	free(rules_path);
	assert_non_null(rules);
	const char *source = NULL;
	char *title = describe_title(t, p, &source);
	assert_string_equal(title, "Mijn titel");
	assert_non_null(source);
	free(title);
	struct describe desc;
	char *warning = NULL, uid[33] = "";
	if (describe_file(&desc, rules, p, 100, 1, "00ff", t, &warning, &e2) < 0)
		fail_msg("describe_file: %s", e2 ? e2->msg : "?");
	struct search_ctx *ctx = search_ctx_new();
	struct ix_doc *doc = docbuild(ctx, &desc.in, uid, &e2);
	if (doc == NULL)
		fail_msg("docbuild: %s", e2 ? e2->msg : "?");
	assert_int_equal(strlen(uid), 32);
	size_t len = 0;
	char *data = xc_doc_data(doc->d, &len, &e2);
	assert_non_null(data);
	struct docdata dd;
	assert_int_equal(docdata_open(&dd, data, len, &e2), 0);
	assert_string_equal(docdata_str(&dd, "path"), p);
	assert_int_equal(docdata_int(&dd, "pages"), 3);
	assert_true(docdata_page_start(&dd, 2) > docdata_page_start(&dd, 1));
	assert_true(docdata_page_start(&dd, 3) > docdata_page_start(&dd, 2));
	docdata_close(&dd);
	ix_doc_free(doc);
	describe_clear(&desc);
	search_ctx_free(ctx);
	free(warning);
	meta_rules_free(rules);
	pdf_text_free(t);

	/* Junk: a clear error, not a crash. */
	assert_int_equal(synth_write(p, "%PDF-1.4\nthis is not really a pdf\n"), 0);
	t = pdf_text_extract(p, &err);
	assert_null(t);
	assert_non_null(err);
	assert_int_equal(err->code, ERR_PDF);
	error_free(err);
	err = NULL;
	t = pdf_text_extract_mem("hello", 5, &err);
	assert_null(t);
	assert_non_null(err);
	error_free(err);
	err = NULL;
	t = pdf_text_extract("/no/such/file.pdf", &err);
	assert_null(t);
	assert_non_null(err);
	error_free(err);
	synth_rmrf(d);
	free(d);
	free(p);
}

/* ---- kindex index, in batches ---- */

static unsigned count_hits(const char *db_dir, const char *q)
{
	struct error *err = NULL;
	struct search_db *db = search_open(db_dir, &err);
	if (db == NULL)
		fail_msg("search_open: %s", err ? err->msg : "?");
	struct search_req req = { .q = q, .limit = 50 };
	struct search_result *r = search_run(db, &req, &err);
	assert_non_null(r);
	unsigned n = (unsigned)r->n_hits;
	search_result_free(r);
	search_close(db);
	return n;
}

static unsigned doccount(const char *db_dir)
{
	struct search_db *db = search_open(db_dir, NULL);
	assert_non_null(db);
	unsigned n = search_doccount(db);
	search_close(db);
	return n;
}

static void test_index_batches(void **state)
{
	(void)state;
	char *d = synth_tmpdir("index");
	char *docs = path_in(d, "docs"), *db = path_in(d, "db"), *log = path_in(d, "log");
	assert_int_equal(mkdir(docs, 0700), 0);
	enum { N = 7 };
	char name[64], text[200];
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "doc%d.pdf", i);
		snprintf(text, sizeof(text),
			 "Document number %d about the rights of the child.\n"
			 "It holds the shared word quokkabeleid and its own word uniek%dx.", i, i);
		char *p = path_in(docs, name);
		const char *pg[] = { text };
		assert_int_equal(synth_pdf(p, pg, 1, NULL), 0);
		free(p);
	}
	/* A file that is not a PDF fails alone. */
	char *bad = path_in(docs, "broken.pdf");
	assert_int_equal(synth_write(bad, "%PDF-1.4 broken"), 0);

	char *argv[] = { "index", "--db", db, "--batch", "2", "--jobs", "2", "--quiet", docs, NULL };
	int rc = synth_run_index(argv, log);
	assert_int_equal(rc, 1); /* partial: broken.pdf failed */
	assert_int_equal(doccount(db), N);
	assert_int_equal(count_hits(db, "quokkabeleid"), N);
	for (int i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "uniek%dx", i);
		assert_int_equal(count_hits(db, name), 1);
	}

	/* Again, nothing changed: nothing re-extracted, same documents. */
	unlink(bad);
	rc = synth_run_index(argv, log);
	assert_int_equal(rc, 0);
	size_t len;
	char *out = util_read_file(log, 1 << 20, &len, NULL);
	assert_non_null(out);
	char want[64];
	snprintf(want, sizeof(want), "%d unchanged", N);
	if (strstr(out, want) == NULL)
		fail_msg("second run: \"%s\" not in:\n%s", want, out);
	free(out);
	assert_int_equal(doccount(db), N);

	/* A removed file leaves the index; a changed one is updated. */
	char *gone = path_in(docs, "doc3.pdf");
	assert_int_equal(unlink(gone), 0);
	char *changed = path_in(docs, "doc4.pdf");
	const char *pg[] = { "Document four rewritten with the word vernieuwdwoord only." };
	sleep(1); /* a new mtime */
	assert_int_equal(synth_pdf(changed, pg, 1, NULL), 0);
	rc = synth_run_index(argv, log);
	assert_int_equal(rc, 0);
	assert_int_equal(doccount(db), N - 1);
	assert_int_equal(count_hits(db, "uniek3x"), 0);
	assert_int_equal(count_hits(db, "uniek4x"), 0);
	assert_int_equal(count_hits(db, "vernieuwdwoord"), 1);
	assert_int_equal(count_hits(db, "quokkabeleid"), N - 2);

	synth_rmrf(d);
	free(d), free(docs), free(db), free(log), free(bad), free(gone), free(changed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_pool_survives_bad_workers),
		cmocka_unit_test(test_pdf_text),
		cmocka_unit_test(test_index_batches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
