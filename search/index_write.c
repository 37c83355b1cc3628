/* index_write.c - the write side of the index (see index_write.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/context.h"
#include "search/index_write.h"
#include "search/ixdoc.h"
#include "search/pagestore.h"
#include "search/phrases.h"
#include "search/schema.h"
#include "search/xapian_c.h"
#include "base/testpoint.h"
#include "base/xalloc.h"

struct ix_writer {
	struct xc_writer *xw;
	int in_tx;
};

struct ix_writer *ix_open(const char *db_dir, struct error **err)
{
	struct ix_writer *w = xcalloc(1, sizeof(*w));
	w->xw = xc_writer_open(db_dir, err);
	if (w->xw == NULL) {
		free(w);
		return NULL;
	}
	return w;
}

void ix_close(struct ix_writer *w)
{
	if (w == NULL)
		return;
	xc_writer_close(w->xw);
	free(w);
}

int ix_check_schema(struct ix_writer *w, const char *db_dir, struct error **err)
{
	char *ver = xc_reader_metadata(xc_writer_reader(w->xw), META_SCHEMA_VERSION, err);
	if (ver == NULL)
		return -1;
	int rc = 0;
	if (*ver && strcmp(ver, SCHEMA_VERSION) != 0)
		rc = error_set(err, ERR_INPUT,
			       "%s was made by another version of kindex (schema %s, this is %s); "
			       "index into a new folder",
			       db_dir, ver, SCHEMA_VERSION);
	free(ver);
	return rc;
}

int ix_set_schema(struct ix_writer *w, struct error **err)
{
	return xc_writer_set_metadata(w->xw, META_SCHEMA_VERSION, SCHEMA_VERSION, err);
}

int ix_begin(struct ix_writer *w, struct error **err)
{
	if (w->in_tx)
		return 0;
	testpoint("batch");
	if (xc_writer_begin(w->xw, err) < 0)
		return -1;
	w->in_tx = 1;
	return 0;
}

int ix_commit(struct ix_writer *w, struct error **err)
{
	if (!w->in_tx)
		return 0;
	w->in_tx = 0;
	testpoint("commit");
	return xc_writer_commit(w->xw, err);
}

int ix_cancel(struct ix_writer *w, struct error **err)
{
	if (!w->in_tx)
		return 0;
	w->in_tx = 0;
	return xc_writer_cancel(w->xw, err);
}

int ix_in_transaction(const struct ix_writer *w)
{
	return w->in_tx;
}

unsigned ix_doccount(struct ix_writer *w)
{
	return xc_reader_doccount(xc_writer_reader(w->xw));
}

struct each_ctx {
	struct xc_reader *rd;
	ix_doc_fn fn;
	void *ctx;
};

static int each_doc_term(void *ctx, const char *term, size_t len, unsigned freq)
{
	(void)freq;
	struct each_ctx *e = ctx;
	char uid[33];
	if (len != strlen(PFX_ID) + 32)
		return 0;
	memcpy(uid, term + strlen(PFX_ID), 32);
	uid[32] = '\0';
	xc_docid id = xc_reader_find(e->rd, term, NULL);
	if (id == 0)
		return 0;
	size_t l;
	char *fp = xc_reader_value(e->rd, id, VAL_FINGERPRINT, &l, NULL);
	char *path = xc_reader_value(e->rd, id, VAL_PATH, &l, NULL);
	int rc = fp && path ? e->fn(e->ctx, uid, id, fp, path) : 0;
	free(fp);
	free(path);
	return rc;
}

int ix_each_doc(struct ix_writer *w, ix_doc_fn fn, void *ctx, struct error **err)
{
	struct each_ctx e = { xc_writer_reader(w->xw), fn, ctx };
	return xc_reader_allterms(e.rd, PFX_ID, each_doc_term, &e, err);
}

int ix_load_doc(struct ix_writer *w, unsigned docid, struct docdata *dd, struct error **err)
{
	struct xc_reader *rd = xc_writer_reader(w->xw);
	size_t len;
	char *raw = xc_reader_data(rd, docid, &len, err);
	if (raw == NULL || docdata_open(dd, raw, len, err) < 0)
		return -1;
	docdata_use_store(dd, rd);
	return 0;
}

int ix_doc_pages(struct ix_writer *w, unsigned docid)
{
	size_t len;
	char *raw = xc_reader_data(xc_writer_reader(w->xw), docid, &len, NULL);
	struct docdata dd;
	if (raw == NULL || docdata_open(&dd, raw, len, NULL) < 0)
		return 0;
	int n = (int)docdata_int(&dd, "pages");
	docdata_close(&dd);
	return n;
}

/* Moves the citations out of d's data into the page store (see
 * search/docdata.h), in the current transaction. */
static int store_citations(struct ix_writer *w, const char *uid, struct xc_doc *d,
			   struct error **err)
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
	int rc = pagestore_put_citations(w->xw, uid, cits, clen > 2 ? clen : 0, err);
	if (rc == 0 && clen > 0)
		rc = xc_doc_set_data(d, data, jlen + 1, err);
	free(data);
	return rc;
}

int ix_put_doc(struct ix_writer *w, const char *uid, struct ix_doc *d, struct error **err)
{
	if (ix_begin(w, err) < 0 || store_citations(w, uid, d->d, err) < 0)
		return -1;
	char term[40];
	snprintf(term, sizeof(term), PFX_ID "%s", uid);
	return xc_writer_replace(w->xw, term, d->d, err) == 0 ? -1 : 0;
}

int ix_delete_doc(struct ix_writer *w, const char *uid, int pages_stored, struct error **err)
{
	char term[40];
	snprintf(term, sizeof(term), PFX_ID "%s", uid);
	if (ix_begin(w, err) < 0 || xc_writer_delete(w->xw, term, err) < 0 ||
	    pagestore_delete(w->xw, uid, 1, pages_stored, err) < 0 ||
	    pagestore_put_citations(w->xw, uid, "", 0, err) < 0)
		return -1;
	return 0;
}

int ix_page_chunks(int n_pages)
{
	return pagestore_chunks(n_pages);
}

int ix_pack_pages(char *const *pages, const size_t *lens, int n_pages, int chunk, struct buf *out,
		  struct error **err)
{
	return pagestore_pack(pages, lens, n_pages, chunk, out, err);
}

int ix_put_pages(struct ix_writer *w, const char *uid, int chunk, const char *packed, size_t len,
		 struct error **err)
{
	if (ix_begin(w, err) < 0)
		return -1;
	return pagestore_put_packed(w->xw, uid, chunk, packed, len, err);
}

int ix_delete_pages(struct ix_writer *w, const char *uid, int first_chunk, int to_page,
		    struct error **err)
{
	if (ix_begin(w, err) < 0)
		return -1;
	return pagestore_delete(w->xw, uid, first_chunk * PAGESTORE_CHUNK + 1, to_page, err);
}

int ix_add_spelling_words(struct ix_writer *w, const char *words, size_t len, struct error **err)
{
	return xc_writer_add_spelling_words(w->xw, words, len, err);
}

int ix_doc_court(const struct ix_doc *d, char **code, char **name, struct error **err)
{
	size_t clen, nlen;
	*code = *name = NULL;
	char *c = xc_doc_value(d->d, VAL_COURT, &clen, err);
	char *n = c ? xc_doc_value(d->d, VAL_COURT_NAME, &nlen, err) : NULL;
	if (c == NULL || n == NULL) {
		free(c);
		return -1;
	}
	if (clen && nlen && clen < 64) {
		*code = c;
		*name = n;
	} else {
		free(c);
		free(n);
	}
	return 0;
}

int ix_set_court_name(struct ix_writer *w, const char *code, const char *name, struct error **err)
{
	if (ix_begin(w, err) < 0)
		return -1;
	char key[80];
	snprintf(key, sizeof(key), META_COURT_NAME "%s", code);
	return xc_writer_set_metadata(w->xw, key, name, err);
}

int ix_record_phrases(struct ix_writer *w, struct search_ctx *ctx, struct error **err)
{
	struct xc_reader *rd = xc_writer_reader(w->xw);
	size_t len = 0;
	char *old = xc_reader_metadata_len(rd, META_PHRASES, &len, err);
	if (old == NULL)
		return -1;
	struct phrase_set *have = xc_reader_doccount(rd) == 0 ? NULL : phrase_set_parse(old, len);
	char *keep = phrase_set_format(phrase_counter_set(search_ctx_phrases(ctx)), have);
	int rc = 0;
	if (strcmp(keep, old) != 0 &&
	    (ix_begin(w, err) < 0 || xc_writer_set_metadata(w->xw, META_PHRASES, keep, err) < 0))
		rc = -1;
	free(keep);
	free(old);
	phrase_set_free(have);
	return rc;
}

int ix_compact_swap(struct ix_writer **w, const char *db_dir, const char *dst, struct error **err)
{
	if (xc_compact(db_dir, dst, err) < 0)
		return -1;
	testpoint("compact");
	if (renameat2(AT_FDCWD, dst, AT_FDCWD, db_dir, RENAME_EXCHANGE) < 0)
		return error_set(err, ERR_IO, "swapping in the compacted index: %s",
				 strerror(errno));
	testpoint("swap");
	ix_close(*w);
	*w = ix_open(db_dir, err);
	return *w ? 0 : -1;
}

char *ix_doc_serialise(const struct ix_doc *d, size_t *len, struct error **err)
{
	return xc_doc_serialise(d->d, len, err);
}

struct ix_doc *ix_doc_unserialise(const char *data, size_t len, struct error **err)
{
	struct ix_doc *d = xmalloc(sizeof(*d));
	d->d = xc_doc_unserialise(data, len, err);
	if (d->d == NULL) {
		free(d);
		return NULL;
	}
	return d;
}

void ix_doc_free(struct ix_doc *d)
{
	if (d == NULL)
		return;
	xc_doc_free(d->d);
	free(d);
}
