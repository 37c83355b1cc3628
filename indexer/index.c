/* index.c - `kindex index`: files in, documents out.
 *
 * The run: walk the paths; compare each file's fingerprint (size, mtime and
 * its metadata overrides) with what the index holds; send new and changed
 * files to the extraction pool; build each document (language, metadata,
 * citations, terms) and write it in batches, each batch one Xapian
 * transaction; finally remove documents whose file is gone.  A file whose
 * only change is its sidecar is rebuilt from the page texts already in the
 * index, without extracting the PDF again.  Ctrl-C (SIGINT/SIGTERM)
 * finishes the current document, commits the batch and stops. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stdint.h>
#include <unistd.h>

#include "cli/commands.h"
#include "indexer/docbuild.h"
#include "indexer/meta.h"
#include "indexer/ocr.h"
#include "indexer/pool.h"
#include "indexer/walk.h"
#include "search/docdata.h"
#include "search/pagestore.h"
#include "search/phrases.h"
#include "search/schema.h"
#include "base/util.h"
#include "search/xapian_c.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* What the index already holds about one file. */
struct known {
	char uid[33];
	xc_docid docid;
	char *fingerprint;
	char *path;
	int seen;          /* the file was found in this run */
};

struct run {
	const char *db_dir;
	struct xc_writer *w;
	struct meta_rules *rules;
	struct known *known;
	size_t n_known, cap_known;
	int in_batch;
	size_t batch_docs, batch_bytes;
	size_t batch_max_docs, batch_max_bytes;
	int tty, quiet, compacted;
	size_t done, total;
	/* Summary counts. */
	size_t added, updated, unchanged, meta_only, removed, notext;
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
	char **p = realloc(*list, (*n + 1) * sizeof(char *));
	if (p == NULL)
		abort();
	*list = p;
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

static int load_known_term(void *ctx, const char *term, size_t len, unsigned freq)
{
	(void)freq;
	struct run *r = ctx;
	if (len != 1 + 32)
		return 0;
	if (r->n_known == r->cap_known) {
		r->cap_known = r->cap_known ? r->cap_known * 2 : 256;
		r->known = realloc(r->known, r->cap_known * sizeof(struct known));
		if (r->known == NULL)
			abort();
	}
	struct known *k = &r->known[r->n_known];
	memset(k, 0, sizeof(*k));
	memcpy(k->uid, term + 1, 32);
	struct xc_reader *rd = xc_writer_reader(r->w);
	k->docid = xc_reader_find(rd, term, NULL);
	if (k->docid == 0)
		return 0;
	size_t l;
	k->fingerprint = xc_reader_value(rd, k->docid, VAL_FINGERPRINT, &l, NULL);
	k->path = xc_reader_value(rd, k->docid, VAL_PATH, &l, NULL);
	if (k->fingerprint == NULL || k->path == NULL) {
		free(k->fingerprint);
		free(k->path);
		return 0;
	}
	r->n_known++;
	return 0;
}

static int load_known(struct run *r, struct error **err)
{
	if (xc_reader_allterms(xc_writer_reader(r->w), PFX_ID, load_known_term, r, err) < 0)
		return -1;
	if (r->n_known)
		qsort(r->known, r->n_known, sizeof(struct known), cmp_known);
	return 0;
}

static int batch_begin(struct run *r, struct error **err)
{
	if (r->in_batch)
		return 0;
	if (xc_writer_begin(r->w, err) < 0)
		return -1;
	r->in_batch = 1;
	r->batch_docs = r->batch_bytes = 0;
	return 0;
}

static int batch_commit(struct run *r, struct error **err)
{
	if (!r->in_batch)
		return 0;
	r->in_batch = 0;
	return xc_writer_commit(r->w, err);
}


/* Records which phrase terms (search/phrases.h) every document of the index
 * has: those this run adds that the documents already there have too (all
 * of them in an empty index; none in an index made before phrase terms).
 * Written in the run's first batch, so it holds for every committed state. */
static int record_phrases(struct run *r, struct error **err)
{
	struct xc_reader *rd = xc_writer_reader(r->w);
	size_t len = 0;
	char *old = xc_reader_metadata_len(rd, PHRASES_META, &len, err);
	if (old == NULL)
		return -1;
	struct phrase_set *have = xc_reader_doccount(rd) == 0 ? NULL : phrase_set_parse(old, len);
	char *keep = phrase_set_format(phrases_shared(), have);
	int rc = 0;
	if (strcmp(keep, old) != 0 &&
	    (batch_begin(r, err) < 0 || xc_writer_set_metadata(r->w, PHRASES_META, keep, err) < 0))
		rc = -1;
	free(keep);
	free(old);
	phrase_set_free(have);
	return rc;
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

/* Moves the citations out of d's data into the page store (see
 * search/docdata.h), in the current batch. */
static int store_citations(struct run *r, const char *uid, struct xc_doc *d, struct error **err)
{
	size_t len = 0;
	char *data = xc_doc_data(d, &len, err);
	if (data == NULL)
		return -1;
	size_t jlen = strnlen(data, len);
	const char *cits = jlen < len ? data + jlen + 1 : "";
	size_t clen = jlen < len ? strnlen(cits, len - jlen - 1) : 0;
	if (jlen + 1 + clen < len) {
		/* Pages kept in the data (never written by this indexer). */
		free(data);
		return 0;
	}
	/* "[]": none; the key is removed, as a changed document may have
	 * had some. */
	int rc = pagestore_put_citations(r->w, uid, cits, clen > 2 ? clen : 0, err);
	if (rc == 0 && clen > 0)
		rc = xc_doc_set_data(d, data, jlen + 1, err);
	free(data);
	return rc;
}

/* Writes one built document into the current batch. */
static int write_doc(struct run *r, const char *uid, struct xc_doc *d, size_t bytes,
		     struct error **err)
{
	if (batch_begin(r, err) < 0)
		return -1;
	if (store_citations(r, uid, d, err) < 0)
		return -1;
	char term[40];
	snprintf(term, sizeof(term), PFX_ID "%s", uid);
	if (xc_writer_replace(r->w, term, d, err) == 0)
		return -1;
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
	size_t cap = 1024, n = 0;
	uint32_t *slots = calloc(cap, sizeof(uint32_t)); /* offset + 1, 0 = empty */
	if (slots == NULL)
		return;
	char w[41];
	for (int pg = 0; pg < t->n_pages && n < MAX_WORDS; pg++) {
		const char *p = t->pages[pg], *end = p + t->page_lens[pg];
		while (p < end && n < MAX_WORDS) {
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
			uint32_t h = 2166136261u;
			for (size_t i = 0; i < l; i++)
				h = (h ^ (unsigned char)w[i]) * 16777619u;
			size_t k = h & (cap - 1);
			int dup = 0;
			while (slots[k]) {
				if (strcmp(out->s + slots[k] - 1, w) == 0) {
					dup = 1;
					break;
				}
				k = (k + 1) & (cap - 1);
			}
			if (dup)
				continue;
			slots[k] = (uint32_t)out->len + 1;
			buf_add(out, w, l + 1);
			n++;
			if (n * 2 > cap) {
				/* Grow and rehash. */
				size_t ncap = cap * 2;
				uint32_t *ns = calloc(ncap, sizeof(uint32_t));
				if (ns == NULL)
					break;
				for (size_t i = 0; i < cap; i++) {
					if (!slots[i])
						continue;
					const char *ww = out->s + slots[i] - 1;
					uint32_t hh = 2166136261u;
					for (; *ww; ww++)
						hh = (hh ^ (unsigned char)*ww) * 16777619u;
					size_t kk = hh & (ncap - 1);
					while (ns[kk])
						kk = (kk + 1) & (ncap - 1);
					ns[kk] = slots[i];
				}
				free(slots);
				slots = ns;
				cap = ncap;
			}
		}
	}
	free(slots);
}

/* The worker's job: read, hash and extract the PDF, build its document and
 * send it back serialised.  Runs in a worker process, in parallel.
 * Reply: u8 notext, u32 pages, u64 text bytes, u32+bytes warning, u32+bytes
 * distinct words (NUL-separated), what OCR did (indexer/ocr.h), the packed
 * page chunks (u32+bytes each), then the serialised document. */
static int index_job(void *ctx, const char *path, struct buf *out, char **reason)
{
	const struct meta_rules *rules = ctx;
	struct error *err = NULL;
	size_t len = 0;
	struct stat st;
	char *data = util_read_file(path, MAX_FILE_BYTES, &len, &err);
	struct pdf_text *t = NULL;
	struct xc_doc *d = NULL;
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
	t = pdf_text_extract_ocr(data, len, hash, &ost, &err);
	if (t == NULL)
		goto out;
	struct docbuild_file f = {
		.path = path,
		.size = (long long)st.st_size,
		.mtime = (long long)st.st_mtime,
		.hash = hash,
	};
	d = docbuild(NULL, rules, &f, t, &warning, &err);
	if (d == NULL || (ser = xc_doc_serialise(d, &ser_len, &err)) == NULL)
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
	for (int i = 0; i < pagestore_chunks(t->n_pages); i++) {
		size_t at = out->len;
		uint32_t plen = 0;
		buf_add(out, (const char *)&plen, sizeof(plen));
		if (pagestore_pack(t->pages, t->page_lens, t->n_pages, i, out, &err) < 0)
			goto out;
		plen = (uint32_t)(out->len - at - sizeof(plen));
		memcpy(out->s + at, &plen, sizeof(plen));
	}
	buf_add(out, ser, ser_len);
	rc = 0;
out:
	if (rc < 0)
		*reason = strdup(err ? err->msg : "failed");
	free(ser);
	free(warning);
	free(ost.failures);
	xc_doc_free(d);
	pdf_text_free(t);
	free(data);
	error_free(err);
	return rc;
}

/* How many pages document id has in the page store (0 when unknown). */
static int stored_pages(struct run *r, xc_docid id)
{
	size_t len;
	char *raw = xc_reader_data(xc_writer_reader(r->w), id, &len, NULL);
	struct docdata dd;
	if (raw == NULL || docdata_open(&dd, raw, len, NULL) < 0)
		return 0;
	int n = (int)docdata_int(&dd, "pages");
	docdata_close(&dd);
	return n;
}

/* Keeps "court:<code>" -> display name as database metadata, so facets
 * can name courts without loading documents. */
static int record_court_name(struct run *r, const struct xc_doc *d, struct error **err)
{
	size_t clen, nlen;
	char *code = xc_doc_value(d, VAL_COURT, &clen, err);
	char *name = code ? xc_doc_value(d, VAL_COURT_NAME, &nlen, err) : NULL;
	int rc = code && name ? 0 : -1;
	if (rc == 0 && clen && nlen && clen < 64) {
		int seen = 0;
		for (size_t i = 0; i < r->n_courts && !seen; i++)
			seen = strcmp(r->courts[i], code) == 0;
		if (!seen) {
			if (batch_begin(r, err) < 0)
				rc = -1;
			else {
				char key[80];
				snprintf(key, sizeof(key), "court:%s", code);
				rc = xc_writer_set_metadata(r->w, key, name, err);
				list_add(&r->courts, &r->n_courts, code, "");
			}
		}
	}
	free(code);
	free(name);
	return rc;
}

/* Writes a document a worker built into the index. */
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
		char *w = strndup(warning, wlen);
		list_add(&r->warnings, &r->n_warnings, res->path, w ? w : "");
		free(w);
	}
	/* The packed pages; written once the document is. */
	const char *pages_at = p;
	uint32_t n_chunks = (uint32_t)pagestore_chunks((int)n_pages);
	for (uint32_t i = 0; i < n_chunks; i++) {
		const char *chunk;
		uint32_t plen;
		if (take_block(&p, end, &chunk, &plen) < 0)
			return error_set(err, ERR_INTERNAL, "%s: short reply from worker", res->path);
	}
	struct xc_doc *d = xc_doc_unserialise(p, (size_t)(end - p), err);
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
	int old_pages = k ? stored_pages(r, k->docid) : 0;
	int rc = xc_writer_add_spelling_words(r->w, words, words_len, err);
	if (rc == 0)
		rc = record_court_name(r, d, err);
	if (rc == 0)
		rc = batch_begin(r, err);
	const char *q = pages_at;
	for (uint32_t i = 0; rc == 0 && i < n_chunks; i++) {
		const char *chunk = NULL;
		uint32_t plen = 0;
		take_block(&q, end, &chunk, &plen); /* checked above */
		rc = pagestore_put_packed(r->w, uid, (int)i, chunk, plen, err);
	}
	if (rc == 0 && pagestore_chunks(old_pages) > (int)n_chunks)
		rc = pagestore_delete(r->w, uid, (int)n_chunks * PAGESTORE_CHUNK + 1, old_pages, err);
	if (rc == 0)
		rc = write_doc(r, uid, d, bytes, err);
	xc_doc_free(d);
	return rc;
}

/* Rebuilds a document whose sidecar changed from the text in the index. */
static int reindex_from_store(struct run *r, struct known *k, const char *path, struct stat *st,
			      struct error **err)
{
	struct xc_reader *rd = xc_writer_reader(r->w);
	size_t len;
	char *raw = xc_reader_data(rd, k->docid, &len, err);
	if (raw == NULL)
		return -1;
	struct docdata dd;
	if (docdata_open(&dd, raw, len, err) < 0)
		return -1;
	docdata_use_store(&dd, rd);
	struct pdf_text *t = docbuild_text_from_store(&dd);
	struct docbuild_file f = {
		.path = path,
		.size = (long long)st->st_size,
		.mtime = (long long)st->st_mtime,
		.hash = docdata_str(&dd, "hash"),
	};
	char *warning = NULL;
	struct xc_doc *d = t ? docbuild(r->w, r->rules, &f, t, &warning, err) : NULL;
	if (t == NULL)
		error_set(err, ERR_NOMEM, "out of memory");
	int rc = -1;
	if (d != NULL) {
		if (warning)
			list_add(&r->warnings, &r->n_warnings, path, warning);
		rc = write_doc(r, f.uid, d, t->text_bytes, err);
	}
	free(warning);
	xc_doc_free(d);
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
	int rc = -1;
	if (xc_compact(r->db_dir, tmp.s, err) < 0)
		goto out;
	if (renameat2(AT_FDCWD, tmp.s, AT_FDCWD, r->db_dir, RENAME_EXCHANGE) < 0) {
		error_set(err, ERR_IO, "swapping in the compacted index: %s", strerror(errno));
		goto out;
	}
	xc_writer_close(r->w);
	r->w = xc_writer_open(r->db_dir, err);
	if (r->w == NULL)
		goto out;
	r->compacted = 1;
	rc = 0;
out:
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

static void usage(void)
{
	fprintf(stderr,
		"usage: kindex index [--db DIR] [--jobs N] [--timeout SECONDS] [--mem-limit MB]\n"
		"                    [--batch N] [--no-compact] [--quiet]\n"
		"                    [--no-ocr] [--ocr-timeout SECONDS-PER-PAGE] PATH...\n");
}

int cmd_index(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "mem-limit", required_argument, NULL, 'm' },
		{ "batch", required_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-compact", no_argument, NULL, 'C' },
		{ "no-ocr", no_argument, NULL, 'O' },
		{ "ocr-timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run r = { .db_dir = default_db_dir(), .batch_max_docs = 500,
			 .batch_max_bytes = 64u << 20 };
	struct pool_opts po = { 0 };
	unsigned long v;
	int c, no_compact = 0, no_ocr = 0;
	unsigned ocr_page_s = 60;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': r.db_dir = optarg; break;
		case 'j':
			if (util_parse_uint(optarg, 256, &v) < 0 || v == 0)
				goto bad;
			po.n_workers = (int)v;
			break;
		case 't':
			if (util_parse_uint(optarg, 86400, &v) < 0 || v == 0)
				goto bad;
			po.timeout_s = (unsigned)v;
			break;
		case 'm':
			if (util_parse_uint(optarg, 1u << 20, &v) < 0 || v < 64)
				goto bad;
			po.mem_limit_mb = v;
			break;
		case 'b':
			if (util_parse_uint(optarg, 1000000, &v) < 0 || v == 0)
				goto bad;
			r.batch_max_docs = v;
			break;
		case 'q': r.quiet = 1; break;
		case 'C': no_compact = 1; break;
		case 'O': no_ocr = 1; break;
		case 'T':
			if (util_parse_uint(optarg, 3600, &v) < 0 || v == 0)
				goto bad;
			ocr_page_s = (unsigned)v;
			break;
		case 'h': usage(); return 0;
		default: goto bad;
		}
	}
	if (optind >= argc)
		goto bad;
	/* "dir/" and "dir" are one index (the compacted copy goes beside it). */
	char db_dir[4096];
	snprintf(db_dir, sizeof(db_dir), "%s", r.db_dir);
	for (size_t n = strlen(db_dir); n > 1 && db_dir[n - 1] == '/'; n--)
		db_dir[n - 1] = '\0';
	r.db_dir = db_dir;

	struct error *err = NULL;
	int status = 2;
	double t0 = util_now_ms();
	struct walk_result wr;
	struct pool *pool = NULL;
	walk_paths(argv + optind, (size_t)(argc - optind), &wr, &err);
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
	po.job_ctx = r.rules;
	pool = pool_new(&po, &err);
	if (pool == NULL)
		goto out;
	r.w = xc_writer_open(r.db_dir, &err);
	if (r.w == NULL)
		goto out;
	remove_stale_compactions(r.db_dir);
	{
		char *ver = xc_reader_metadata(xc_writer_reader(r.w), SCHEMA_META_VERSION, &err);
		if (ver == NULL)
			goto out;
		int other = *ver && strcmp(ver, SCHEMA_VERSION) != 0;
		if (other)
			error_set(&err, ERR_INPUT,
				  "%s was made by another version of kindex (schema %s, this is %s); "
				  "index into a new folder",
				  r.db_dir, ver, SCHEMA_VERSION);
		free(ver);
		if (other)
			goto out;
	}
	if (load_known(&r, &err) < 0 || record_phrases(&r, &err) < 0)
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
			char term[40];
			snprintf(term, sizeof(term), PFX_ID "%s", k->uid);
			int pages = stored_pages(&r, k->docid);
			if (batch_begin(&r, &err) < 0 || xc_writer_delete(r.w, term, &err) < 0 ||
			    pagestore_delete(r.w, k->uid, 1, pages, &err) < 0 ||
			    pagestore_put_citations(r.w, k->uid, "", 0, &err) < 0)
				goto out;
			r.removed++;
		}
	}
	if (batch_begin(&r, &err) < 0 ||
	    xc_writer_set_metadata(r.w, SCHEMA_META_VERSION, SCHEMA_VERSION, &err) < 0 ||
	    batch_commit(&r, &err) < 0)
		goto out;
	/* After a run that wrote most of the index, compact it: it becomes
	 * about a quarter smaller and faster to search. */
	unsigned n_docs = xc_reader_doccount(xc_writer_reader(r.w));
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
	if (r.in_batch && err == NULL && batch_commit(&r, &err) < 0)
		status = 2;
	if (r.tty && !r.quiet)
		fprintf(stderr, "\r\033[K");
	if (err) {
		fprintf(stderr, "kindex index: %s\n", err->msg);
		status = 2;
	}
	if (r.w) {
		double secs = (util_now_ms() - t0) / 1000.0;
		printf("indexed %zu new, %zu changed, %zu metadata-only; %zu unchanged (not "
		       "re-extracted); %zu removed; %zu failed; %zu without text\n",
		       r.added, r.updated, r.meta_only, r.unchanged, r.removed, r.n_failed, r.notext);
		printf("%zu pages, %.1f MB of text in %.1f s; index: %s (%u documents%s)\n", r.pages,
		       (double)r.text_bytes / 1e6, secs, r.db_dir,
		       xc_reader_doccount(xc_writer_reader(r.w)), r.compacted ? ", compacted" : "");
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
	xc_writer_close(r.w);
	meta_rules_free(r.rules);
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
bad:
	usage();
	return 2;
}
