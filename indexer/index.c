/* index.c - a run of the indexer: files in, documents out (see index.h).
 *
 * The run: walk the paths; compare each file's fingerprint (size, mtime and
 * its metadata overrides) with what the index holds; send new and changed
 * files to the extraction pool, where each is described (describe.h) and
 * built into a document (search/docbuild.h); hand the documents to the
 * index (search/index_write.h) in batches, each batch one transaction;
 * finally remove documents whose file is gone.  A file whose
 * only change is its sidecar is rebuilt from the page texts already in the
 * index, without extracting the PDF again.  Ctrl-C (SIGINT/SIGTERM)
 * finishes the current document, commits the batch and stops. */
#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdint.h>
#include <unistd.h>

#include "indexer/describe.h"
#include "indexer/index.h"
#include "indexer/meta.h"
#include "indexer/ocr.h"
#include "indexer/pool.h"
#include "indexer/space.h"
#include "indexer/walk.h"
#include "search/context.h"
#include "search/docbuild.h"
#include "search/docdata.h"
#include "search/index_write.h"
#include "base/testpoint.h"
#include "base/util.h"
#include "base/xalloc.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* What the index already holds about one file. */
struct known {
	char uid[33];
	unsigned docid;
	char *fingerprint;
	char *path;
	int seen;          /* the file was found in this run */
};

struct run {
	const char *db_dir;
	struct ix_writer *w;
	struct meta_rules *rules;
	struct search_ctx *ctx;     /* the analyzer and phrases the builder uses */
	struct known *known;
	size_t n_known, cap_known;
	size_t batch_docs, batch_bytes;
	size_t batch_max_docs, batch_max_bytes;
	int tty, quiet, compacted;
	size_t done, total;
	/* Summary counts. */
	size_t added, updated, unchanged, meta_only, removed, notext;
	size_t ok_added, ok_updated, ok_meta_only, ok_removed; /* as of the last commit */
	unsigned ok_docs;
	char **failed;      /* "path: reason" */
	size_t n_failed;
	char **warnings;
	size_t n_warnings;
	char **courts;      /* court codes whose name was recorded this run */
	size_t n_courts;
	double extract_ms;
	size_t pages, text_bytes;
	struct ocr_stats ocr;   /* summed over the files (failures unused) */
};

/* Appends s with control characters written as \n, \t or \xHH, so that
 * a file name holding a newline still makes one line of the summary. */
static void add_oneline(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_addf(b, "\\x%02x", c);
		else
			buf_addc(b, (char)c);
	}
}

static void list_add(char ***list, size_t *n, const char *path, const char *why)
{
	*list = xreallocarray(*list, *n + 1, sizeof(char *));
	struct buf b = BUF_INIT;
	add_oneline(&b, path);
	if (*why) {
		buf_adds(&b, ": ");
		add_oneline(&b, why);
	}
	(*list)[(*n)++] = buf_detach(&b);
}

static int cmp_known(const void *a, const void *b)
{
	return strcmp(((const struct known *)a)->uid, ((const struct known *)b)->uid);
}

static struct known *find_known(struct run *r, const char *uid)
{
	struct known key;
	if (r->n_known == 0)
		return NULL; /* bsearch() must not be given a NULL array */
	snprintf(key.uid, sizeof(key.uid), "%s", uid);
	return bsearch(&key, r->known, r->n_known, sizeof(struct known), cmp_known);
}

static int load_known_doc(void *ctx, const char *uid, unsigned docid, const char *fingerprint,
			  const char *path)
{
	struct run *r = ctx;
	if (r->n_known == r->cap_known) {
		r->cap_known = r->cap_known ? r->cap_known * 2 : 256;
		r->known = xreallocarray(r->known, r->cap_known, sizeof(struct known));
	}
	struct known *k = &r->known[r->n_known];
	memset(k, 0, sizeof(*k));
	snprintf(k->uid, sizeof(k->uid), "%s", uid);
	k->docid = docid;
	k->fingerprint = xstrdup(fingerprint);
	k->path = xstrdup(path);
	r->n_known++;
	return 0;
}

static int load_known(struct run *r, struct error **err)
{
	if (ix_each_doc(r->w, load_known_doc, r, err) < 0)
		return -1;
	if (r->n_known)
		qsort(r->known, r->n_known, sizeof(struct known), cmp_known);
	return 0;
}

/* A batch is one transaction of the index; its counts start at zero. */
static int batch_begin(struct run *r, struct error **err)
{
	return ix_begin(r->w, err);
}

static int batch_commit(struct run *r, struct error **err)
{
	r->batch_docs = r->batch_bytes = 0;
	if (ix_commit(r->w, err) < 0)
		return -1;
	r->ok_added = r->added, r->ok_updated = r->updated;
	r->ok_meta_only = r->meta_only, r->ok_removed = r->removed;
	r->ok_docs = ix_doccount(r->w);
	return 0;
}

static void progress(struct run *r, const char *path)
{
	if (!r->tty || r->quiet)
		return;
	const char *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	fprintf(stderr, "\r\033[K[%zu/%zu] %.60s", r->done, r->total, name);
	fflush(stderr);
}

/* Writes one built document into the current batch. */
static int write_doc(struct run *r, const char *uid, struct ix_doc *d, size_t bytes,
		     struct error **err)
{
	if (batch_begin(r, err) < 0 || ix_put_doc(r->w, uid, d, err) < 0)
		return -1;
	testpoint("doc");
	r->batch_docs++;
	r->batch_bytes += bytes;
	if (r->batch_docs >= r->batch_max_docs || r->batch_bytes >= r->batch_max_bytes)
		return batch_commit(r, err);
	return 0;
}

#define MAX_FILE_BYTES ((size_t)1 << 30)

/* Appends the distinct words of t (runs of letters, ASCII folded to lower
 * case, 4 to 40 bytes) to out, NUL-separated: the document's share of the
 * spelling dictionary behind "did you mean". */
static void collect_words(const struct pdf_text *t, struct buf *out)
{
	enum { MAX_WORDS = 65536 };
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
	char w[41];
	for (int pg = 0; pg < t->n_pages && g_hash_table_size(seen) < MAX_WORDS; pg++) {
		const char *p = t->pages[pg], *end = p + t->page_lens[pg];
		while (p < end && g_hash_table_size(seen) < MAX_WORDS) {
			unsigned char c = (unsigned char)*p;
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0)) {
				p++;
				continue;
			}
			size_t l = 0;
			while (p < end) {
				c = (unsigned char)*p;
				if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80))
					break;
				if (l < sizeof(w) - 1)
					w[l] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
				l++;
				p++;
			}
			if (l < 4 || l >= sizeof(w))
				continue;
			w[l] = '\0';
			if (g_hash_table_contains(seen, w))
				continue;
			g_hash_table_add(seen, xstrdup(w));
			buf_add(out, w, l + 1);
		}
	}
	g_hash_table_destroy(seen);
}

/* The worker's job: read, hash and extract the PDF, build its document and
 * send it back serialised.  Runs in a worker process, in parallel.
 * Reply: u8 notext, u32 pages, u64 text bytes, u32+bytes warning, u32+bytes
 * distinct words (NUL-separated), what OCR did (indexer/ocr.h), the packed
 * page chunks (u32+bytes each), then the serialised document. */
static int index_job(void *ctx, const char *path, struct buf *out, char **reason)
{
	const struct run *r = ctx;
	struct error *err = NULL;
	size_t len = 0;
	struct stat st;
	char *data = util_read_file(path, MAX_FILE_BYTES, &len, &err);
	struct pdf_text *t = NULL;
	struct ix_doc *d = NULL;
	struct describe desc = { 0 };
	char *warning = NULL, *ser = NULL;
	size_t ser_len = 0;
	struct ocr_stats ost = { 0 };
	int rc = -1;
	if (data == NULL)
		goto out;
	if (len == 0) {
		err = error_new(ERR_PDF, "empty file");
		goto out;
	}
	if (stat(path, &st) < 0) {
		err = error_new(ERR_IO, "%s", strerror(errno));
		goto out;
	}
	char hash[33];
	util_hash_hex(data, len, hash);
	testpoint("extract");
	t = pdf_text_extract_ocr(data, len, hash, &ost, &err);
	if (t == NULL)
		goto out;
	char uid[33];
	if (describe_file(&desc, r->rules, path, (long long)st.st_size, (long long)st.st_mtime, hash,
			  t, &warning, &err) < 0)
		goto out;
	d = docbuild(r->ctx, &desc.in, uid, &err);
	if (d == NULL || (ser = ix_doc_serialise(d, &ser_len, &err)) == NULL)
		goto out;
	uint32_t n_pages = (uint32_t)t->n_pages, wlen = warning ? (uint32_t)strlen(warning) : 0;
	uint64_t bytes = t->text_bytes;
	buf_addc(out, t->text_bytes == 0);
	buf_add(out, (const char *)&n_pages, sizeof(n_pages));
	buf_add(out, (const char *)&bytes, sizeof(bytes));
	buf_add(out, (const char *)&wlen, sizeof(wlen));
	buf_add(out, warning ? warning : "", wlen);
	{
		struct buf words = BUF_INIT;
		collect_words(t, &words);
		uint32_t wl = (uint32_t)words.len;
		buf_add(out, (const char *)&wl, sizeof(wl));
		buf_add(out, buf_str(&words), words.len);
		buf_free(&words);
	}
	ocr_stats_put(out, &ost);
	/* The pages, packed in chunks for the page store (compressed here, in
	 * parallel). */
	for (int i = 0; i < ix_page_chunks(t->n_pages); i++) {
		size_t at = out->len;
		uint32_t plen = 0;
		buf_add(out, (const char *)&plen, sizeof(plen));
		if (ix_pack_pages(t->pages, t->page_lens, t->n_pages, i, out, &err) < 0)
			goto out;
		plen = (uint32_t)(out->len - at - sizeof(plen));
		memcpy(out->s + at, &plen, sizeof(plen));
	}
	buf_add(out, ser, ser_len);
	rc = 0;
out:
	if (rc < 0)
		*reason = xstrdup(err ? err->msg : "failed");
	free(ser);
	free(warning);
	free(ost.failures);
	ix_doc_free(d);
	describe_clear(&desc);
	pdf_text_free(t);
	free(data);
	error_free(err);
	return rc;
}

/* Keeps the display name of the court or body d names, once per run. */
static int record_court_name(struct run *r, const struct ix_doc *d, struct error **err)
{
	char *code, *name;
	int rc = ix_doc_court(d, &code, &name, err);
	if (rc == 0 && code) {
		int seen = 0;
		for (size_t i = 0; i < r->n_courts && !seen; i++)
			seen = strcmp(r->courts[i], code) == 0;
		if (!seen) {
			if (batch_begin(r, err) < 0)
				rc = -1;
			else {
				rc = ix_set_court_name(r->w, code, name, err);
				list_add(&r->courts, &r->n_courts, code, "");
			}
		}
	}
	free(code);
	free(name);
	return rc;
}

/* Takes a length-prefixed block (u32 length, then the bytes) off *p.
 * Returns 0, or -1 when the reply is shorter than it says. */
static int take_block(const char **p, const char *end, const char **data, uint32_t *len)
{
	if ((size_t)(end - *p) < sizeof(*len))
		return -1;
	memcpy(len, *p, sizeof(*len));
	*p += sizeof(*len);
	if ((size_t)(end - *p) < *len)
		return -1;
	*data = *p;
	*p += *len;
	return 0;
}

/* Writes a document a worker built into the index. */
static int index_built(struct run *r, struct pool_result *res, struct error **err)
{
	const char *p = res->data, *end = res->data + res->len;
	uint32_t n_pages, wlen, words_len;
	uint64_t bytes;
	const char *warning, *words;
	if ((size_t)(end - p) < 1 + sizeof(n_pages) + sizeof(bytes))
		return error_set(err, ERR_INTERNAL, "%s: short reply from worker", res->path);
	int notext = *p++;
	memcpy(&n_pages, p, sizeof(n_pages));
	p += sizeof(n_pages);
	memcpy(&bytes, p, sizeof(bytes));
	p += sizeof(bytes);
	if (take_block(&p, end, &warning, &wlen) < 0 ||
	    take_block(&p, end, &words, &words_len) < 0)
		return error_set(err, ERR_INTERNAL, "%s: short reply from worker", res->path);
	struct ocr_stats ost;
	if (ocr_stats_take(&p, end, &ost) < 0)
		return error_set(err, ERR_INTERNAL, "%s: short reply from worker", res->path);
	ocr_stats_add(&r->ocr, &ost);
	if (ost.failures) {
		struct buf why = BUF_INIT;
		buf_addf(&why, "not read by OCR: %s", ost.failures);
		list_add(&r->warnings, &r->n_warnings, res->path, why.s);
		buf_free(&why);
		free(ost.failures);
	}
	if (wlen) {
		char *w = xstrndup(warning, wlen);
		list_add(&r->warnings, &r->n_warnings, res->path, w);
		free(w);
	}
	/* The packed pages; written once the document is. */
	const char *pages_at = p;
	uint32_t n_chunks = (uint32_t)ix_page_chunks((int)n_pages);
	for (uint32_t i = 0; i < n_chunks; i++) {
		const char *chunk;
		uint32_t plen;
		if (take_block(&p, end, &chunk, &plen) < 0)
			return error_set(err, ERR_INTERNAL, "%s: short reply from worker", res->path);
	}
	struct ix_doc *d = ix_doc_unserialise(p, (size_t)(end - p), err);
	if (d == NULL)
		return -1;
	if (notext) {
		r->notext++;
		list_add(&r->warnings, &r->n_warnings, res->path,
			 n_pages == 0 ? "no pages: indexed by metadata only"
				      : "no text layer (image-only scan?): indexed by metadata "
					"only, needs OCR");
	}
	r->pages += n_pages;
	r->text_bytes += bytes;
	char uid[33];
	util_hash_hex(res->path, strlen(res->path), uid);
	struct known *k = res->tag;
	int old_pages = k ? ix_doc_pages(r->w, k->docid) : 0;
	int rc = ix_add_spelling_words(r->w, words, words_len, err);
	if (rc == 0)
		rc = record_court_name(r, d, err);
	if (rc == 0)
		rc = batch_begin(r, err);
	const char *q = pages_at;
	for (uint32_t i = 0; rc == 0 && i < n_chunks; i++) {
		const char *chunk = NULL;
		uint32_t plen = 0;
		take_block(&q, end, &chunk, &plen); /* checked above */
		rc = ix_put_pages(r->w, uid, (int)i, chunk, plen, err);
	}
	if (rc == 0 && ix_page_chunks(old_pages) > (int)n_chunks)
		rc = ix_delete_pages(r->w, uid, (int)n_chunks, old_pages, err);
	if (rc == 0)
		rc = write_doc(r, uid, d, bytes, err);
	ix_doc_free(d);
	return rc;
}

/* Rebuilds a document whose sidecar changed from the text in the index. */
static int reindex_from_store(struct run *r, struct known *k, const char *path, struct stat *st,
			      struct error **err)
{
	struct docdata dd;
	if (ix_load_doc(r->w, k->docid, &dd, err) < 0)
		return -1;
	struct pdf_text *t = describe_text_from_store(&dd);
	struct describe desc = { 0 };
	char *warning = NULL, uid[33];
	struct ix_doc *d = NULL;
	if (describe_file(&desc, r->rules, path, (long long)st->st_size,
			       (long long)st->st_mtime, docdata_str(&dd, "hash"), t, &warning,
			       err) == 0)
		d = docbuild(r->ctx, &desc.in, uid, err);
	int rc = -1;
	if (d != NULL) {
		if (warning)
			list_add(&r->warnings, &r->n_warnings, path, warning);
		rc = write_doc(r, uid, d, t->text_bytes, err);
	}
	free(warning);
	ix_doc_free(d);
	describe_clear(&desc);
	pdf_text_free(t);
	docdata_close(&dd);
	return rc;
}

/* Removes a folder of plain files (a Xapian database).  Best effort. */
static void remove_flat_dir(const char *dir)
{
	struct buf path = BUF_INIT;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			buf_reset(&path);
			buf_addf(&path, "%s/%s", dir, e->d_name);
			unlink(path.s);
		}
		closedir(d);
		rmdir(dir);
	}
	buf_free(&path);
}

/* Removes "<db_dir>.compact-*" folders that an indexer killed while
 * compacting left behind (a partial copy, or the old index after the swap):
 * each is as large as the index.  Called while holding the writer lock, so
 * no other indexer is compacting this index now. */
static void remove_stale_compactions(const char *db_dir)
{
	struct buf parent = BUF_INIT, prefix = BUF_INIT, path = BUF_INIT;
	const char *slash = strrchr(db_dir, '/');
	if (slash == NULL)
		buf_adds(&parent, ".");
	else if (slash == db_dir)
		buf_adds(&parent, "/");
	else
		buf_add(&parent, db_dir, (size_t)(slash - db_dir));
	buf_addf(&prefix, "%s.compact-", slash ? slash + 1 : db_dir);
	DIR *d = opendir(parent.s);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strncmp(e->d_name, prefix.s, prefix.len) != 0)
				continue;
			buf_reset(&path);
			buf_addf(&path, "%s/%s", parent.s, e->d_name);
			remove_flat_dir(path.s);
		}
		closedir(d);
	}
	buf_free(&parent);
	buf_free(&prefix);
	buf_free(&path);
}

/* Compacts the index into a sibling directory and swaps the two atomically
 * (renameat2 RENAME_EXCHANGE), while the writer still holds the lock so
 * that no other indexer can write meanwhile.  Readers notice the new
 * directory on their next reopen. */
static int compact_in_place(struct run *r, struct error **err)
{
	struct buf tmp = BUF_INIT;
	buf_addf(&tmp, "%s.compact-%d", r->db_dir, (int)getpid());
	int rc = ix_compact_swap(&r->w, r->db_dir, tmp.s, err);
	if (rc == 0)
		r->compacted = 1;
	/* Remove what is left: the old index, or a failed copy. */
	remove_flat_dir(tmp.s);
	buf_free(&tmp);
	return rc;
}

static void print_list(const char *head, char **list, size_t n)
{
	if (n == 0)
		return;
	printf("%s (%zu):\n", head, n);
	for (size_t i = 0; i < n; i++)
		printf("  %s\n", list[i]);
}

int index_run(const struct index_opts *o, char *const *paths, size_t n_paths)
{
	struct run r = { .batch_max_docs = o->batch_docs ? o->batch_docs : 500,
			 .batch_max_bytes = 64u << 20, .quiet = o->quiet };
	struct pool_opts po = { .n_workers = o->jobs, .timeout_s = o->timeout_s,
				.mem_limit_mb = o->mem_limit_mb };
	int no_compact = o->no_compact;
	int walk_flags = o->follow_symlinks ? WALK_FOLLOW_SYMLINKS : 0;
	mode_t mask = o->group_read ? 027 : 077; /* the index is private unless --group-read */
	int no_ocr = o->no_ocr;
	unsigned ocr_page_s = o->ocr_timeout_s ? o->ocr_timeout_s : 60;
	/* "dir/" and "dir" are one index (the compacted copy goes beside it). */
	char db_dir[4096];
	snprintf(db_dir, sizeof(db_dir), "%s", o->db_dir);
	for (size_t n = strlen(db_dir); n > 1 && db_dir[n - 1] == '/'; n--)
		db_dir[n - 1] = '\0';
	r.db_dir = db_dir;

	struct error *err = NULL;
	int status = 2;
	double t0 = util_now_ms();
	struct walk_result wr;
	struct pool *pool = NULL;
	umask(mask);
	walk_paths_flags(paths, n_paths, walk_flags, &wr, &err);
	for (size_t i = 0; i < wr.n_warnings; i++)
		list_add(&r.failed, &r.n_failed, wr.warnings[i], "");
	r.tty = isatty(STDERR_FILENO);

	char *rules_path = util_data_path("meta-rules.txt");
	r.rules = meta_rules_load(rules_path, &err);
	free(rules_path);
	if (r.rules == NULL)
		goto out;
	ocr_configure_index(r.db_dir, !no_ocr, ocr_page_s, po.timeout_s ? po.timeout_s : 120);
	/* Workers first, so they hold no descriptors of the database. */
	po.job = index_job;
	r.ctx = search_ctx_new();
	po.job_ctx = &r;
	pool = pool_new(&po, &err);
	if (pool == NULL)
		goto out;
	r.w = ix_open(r.db_dir, &err);
	if (r.w == NULL)
		goto out;
	remove_stale_compactions(r.db_dir);
	if (ix_check_schema(r.w, r.db_dir, &err) < 0)
		goto out;
	r.ok_docs = ix_doccount(r.w);
	if (load_known(&r, &err) < 0 || ix_record_phrases(r.w, r.ctx, &err) < 0)
		goto out;
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	r.total = wr.n_files;
	size_t next = 0;
	while (!stop_requested && (next < wr.n_files || pool_busy(pool))) {
		/* Feed the pool, deciding per file whether it needs work. */
		while (!stop_requested && next < wr.n_files && pool_can_submit(pool)) {
			const char *path = wr.files[next++];
			struct stat st;
			if (stat(path, &st) < 0) {
				list_add(&r.failed, &r.n_failed, path, strerror(errno));
				r.done++;
				continue;
			}
			char uid[33], fp[160], ofp[100];
			util_hash_hex(path, strlen(path), uid);
			meta_overrides_fingerprint(path, ofp, sizeof(ofp));
			snprintf(fp, sizeof(fp), "%lld:%lld:%s", (long long)st.st_size,
				 (long long)st.st_mtime, ofp);
			struct known *k = find_known(&r, uid);
			if (k)
				k->seen = 1;
			if (k && strcmp(k->fingerprint, fp) == 0) {
				r.unchanged++;
				r.done++;
				continue;
			}
			size_t plen = strlen(fp) - strlen(ofp);
			if (k && strncmp(k->fingerprint, fp, plen) == 0) {
				/* Only the overrides changed. */
				r.done++;
				progress(&r, path);
				if (reindex_from_store(&r, k, path, &st, &err) < 0)
					goto out;
				r.meta_only++;
				continue;
			}
			if (pool_submit(pool, path, k, &err) < 0)
				goto out;
		}
		if (!pool_busy(pool))
			continue;
		struct pool_result *res = pool_next(pool, &err);
		if (res == NULL)
			goto out;
		r.done++;
		progress(&r, res->path);
		r.extract_ms += res->ms;
		if (!res->ok) {
			list_add(&r.failed, &r.n_failed, res->path, res->reason);
		} else {
			if (index_built(&r, res, &err) < 0) {
				pool_result_free(res);
				goto out;
			}
			if (res->tag)
				r.updated++;
			else
				r.added++;
		}
		pool_result_free(res);
	}

	/* Remove what is gone: documents under the given roots whose file was
	 * not found, and any document whose file no longer exists. */
	if (!stop_requested) {
		for (size_t i = 0; i < r.n_known; i++) {
			struct known *k = &r.known[i];
			if (k->seen)
				continue;
			int under_root = 0;
			for (size_t j = 0; j < wr.n_roots && !under_root; j++) {
				size_t n = strlen(wr.roots[j]);
				under_root = strncmp(k->path, wr.roots[j], n) == 0 &&
					     (k->path[n] == '/' || k->path[n] == '\0');
			}
			struct stat st;
			if (!under_root && stat(k->path, &st) == 0)
				continue;
			int pages = ix_doc_pages(r.w, k->docid);
			if (batch_begin(&r, &err) < 0 || ix_delete_doc(r.w, k->uid, pages, &err) < 0)
				goto out;
			r.removed++;
		}
	}
	if (batch_begin(&r, &err) < 0 ||
	    ix_set_schema(r.w, &err) < 0 ||
	    batch_commit(&r, &err) < 0)
		goto out;
	/* After a run that wrote most of the index, compact it: it becomes
	 * about a quarter smaller and faster to search. */
	unsigned n_docs = ix_doccount(r.w);
	if (!stop_requested && !no_compact && n_docs > 0 &&
	    (r.added + r.updated + r.meta_only) * 2 >= n_docs) {
		if (compact_in_place(&r, &err) < 0) {
			if (r.w == NULL)
				goto out;
			/* The documents are committed; compaction only saves
			 * space, so its failure (say, a read-only parent folder)
			 * must not fail the run. */
			struct buf why = BUF_INIT;
			buf_addf(&why, "not compacted: %s", err->msg);
			list_add(&r.warnings, &r.n_warnings, r.db_dir, why.s);
			buf_free(&why);
			error_free(err);
			err = NULL;
		}
	}
	status = r.n_failed ? 1 : 0;

out:
	if (r.w && ix_in_transaction(r.w) && err == NULL && batch_commit(&r, &err) < 0)
		status = 2;
	if (r.tty && !r.quiet)
		fprintf(stderr, "\r\033[K");
	if (err) {
		space_note(r.db_dir, err);
		fprintf(stderr, "kindex index: %s\n", err->msg);
		status = 2;
		/* The summary counts only what was committed. */
		r.added = r.ok_added, r.updated = r.ok_updated;
		r.meta_only = r.ok_meta_only, r.removed = r.ok_removed;
	}
	if (r.w) {
		double secs = (util_now_ms() - t0) / 1000.0;
		printf("indexed %zu new, %zu changed, %zu metadata-only; %zu unchanged (not "
		       "re-extracted); %zu removed; %zu failed; %zu without text\n",
		       r.added, r.updated, r.meta_only, r.unchanged, r.removed, r.n_failed, r.notext);
		printf("%zu pages, %.1f MB of text in %.1f s; index: %s (%u documents%s)\n", r.pages,
		       (double)r.text_bytes / 1e6, secs, r.db_dir,
		       err ? r.ok_docs : ix_doccount(r.w), r.compacted ? ", compacted" : "");
		ocr_print_summary(stdout, &r.ocr);
		print_list("failed", r.failed, r.n_failed);
		print_list("warnings", r.warnings, r.n_warnings);
		if (stop_requested) {
			printf("interrupted: stopped after the last complete batch; run again to "
			       "finish\n");
			status = 130;
		}
	}
	pool_free(pool);
	ix_close(r.w);
	meta_rules_free(r.rules);
	search_ctx_free(r.ctx);
	for (size_t i = 0; i < r.n_known; i++) {
		free(r.known[i].fingerprint);
		free(r.known[i].path);
	}
	free(r.known);
	for (size_t i = 0; i < r.n_failed; i++)
		free(r.failed[i]);
	free(r.failed);
	for (size_t i = 0; i < r.n_warnings; i++)
		free(r.warnings[i]);
	free(r.warnings);
	for (size_t i = 0; i < r.n_courts; i++)
		free(r.courts[i]);
	free(r.courts);
	walk_result_clear(&wr);
	error_free(err);
	return status;
}
