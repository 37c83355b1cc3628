/* pagestore.c - page texts as compressed metadata entries (see pagestore.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "search/pagestore.h"
#include "search/schema.h"
#include "base/xalloc.h"

#define MAX_PAGE_BYTES (64u << 20)

static void chunk_key(char *key, size_t n, const char *uid, int chunk)
{
	snprintf(key, n, META_PAGES "%s:%d", uid, chunk);
}

int pagestore_chunks(int n_pages)
{
	return n_pages <= 0 ? 0 : (n_pages + PAGESTORE_CHUNK - 1) / PAGESTORE_CHUNK;
}

/* zstd at level 3: against zlib at level 3 (the previous format, still read)
 * it made the shared corpus's index a little smaller and its indexing CPU 3 %
 * less, and unpacking, which a search pays for each passage it shows, fell
 * from a third of a search's time to a tenth (with each chunk unpacked once
 * a hit: docdata.c). */
#define PACK_LEVEL 3

static int pack_text(const char *text, size_t len, struct buf *out, struct error **err)
{
	if (len > MAX_PAGE_BYTES)
		return error_set(err, ERR_INPUT, "page text too long (%zu bytes)", len);
	size_t bound = ZSTD_compressBound(len);
	uint32_t n = (uint32_t)len;
	size_t start = out->len;
	buf_add(out, (const char *)&n, sizeof(n));
	buf_reserve(out, bound);
	size_t got = ZSTD_compress(out->s + start + sizeof(n), bound, text, len, PACK_LEVEL);
	if (ZSTD_isError(got)) {
		out->len = start;
		return error_set(err, ERR_INTERNAL, "zstd could not compress a page: %s",
				 ZSTD_getErrorName(got));
	}
	out->len = start + sizeof(n) + got;
	out->s[out->len] = '\0';
	return 0;
}

/* Unpacks a stored chunk (either format) into a malloc()ed NUL-terminated
 * string of *n bytes; NULL when it is damaged. */
static char *unpack_text(const char *packed, size_t plen, size_t *len)
{
	uint32_t n;
	if (plen < sizeof(n))
		return NULL;
	memcpy(&n, packed, sizeof(n));
	const unsigned char *z = (const unsigned char *)packed + sizeof(n);
	size_t zlen = plen - sizeof(n);
	if (n > MAX_PAGE_BYTES)
		return NULL;
	char *text = xmalloc((size_t)n + 1);
	int ok;
	if (zlen >= 4 && z[0] == 0x28 && z[1] == 0xB5 && z[2] == 0x2F && z[3] == 0xFD) {
		size_t got = ZSTD_decompress(text, n, z, zlen);
		ok = !ZSTD_isError(got) && got == n;
	} else {
		uLongf got = n;
		ok = uncompress((Bytef *)text, &got, z, (uLong)zlen) == Z_OK && got == n;
	}
	if (!ok) {
		free(text);
		return NULL;
	}
	text[n] = '\0';
	*len = n;
	return text;
}

int pagestore_pack(char *const *pages, const size_t *lens, int n_pages, int chunk,
		   struct buf *out, struct error **err)
{
	struct buf joined = BUF_INIT;
	int first = chunk * PAGESTORE_CHUNK;
	for (int i = first; i < n_pages && i < first + PAGESTORE_CHUNK; i++) {
		if (i > first)
			buf_addc(&joined, '\f');
		buf_add(&joined, pages[i], lens[i]);
	}
	int rc = pack_text(buf_str(&joined), joined.len, out, err);
	buf_free(&joined);
	return rc;
}

int pagestore_put_packed(struct xc_writer *w, const char *uid, int chunk, const char *packed,
			 size_t len, struct error **err)
{
	char key[64];
	chunk_key(key, sizeof(key), uid, chunk);
	/* Xapian metadata values are strings; an empty one deletes the key,
	 * which a packed page never is (it has its 4-byte length). */
	char *v = xmalloc(len + 1);
	memcpy(v, packed, len);
	v[len] = '\0';
	int rc = xc_writer_set_metadata_len(w, key, v, len, err);
	free(v);
	return rc;
}

int pagestore_delete(struct xc_writer *w, const char *uid, int from, int to, struct error **err)
{
	if (from < 1)
		from = 1;
	for (int c = (from - 1) / PAGESTORE_CHUNK; c < pagestore_chunks(to); c++) {
		char key[64];
		chunk_key(key, sizeof(key), uid, c);
		if (xc_writer_set_metadata(w, key, "", err) < 0)
			return -1;
	}
	return 0;
}

/* The unpacked entry key of document uid (either format), or NULL with
 * ERR_NOTFOUND when there is none, ERR_DB when it is damaged (what names it
 * in messages).  Read from the shard that holds the document when r
 * combines several (xc_reader_doc_metadata()). */
static char *get_unpacked(struct xc_reader *r, const char *uid, const char *key, const char *what,
			  size_t *len, struct error **err)
{
	size_t plen = 0;
	char id_term[64];
	snprintf(id_term, sizeof(id_term), PFX_ID "%s", uid);
	char *packed = xc_reader_doc_metadata(r, id_term, key, &plen, err);
	if (packed == NULL)
		return NULL;
	if (plen == 0) {
		free(packed);
		error_set(err, ERR_NOTFOUND, "%s not stored", what);
		return NULL;
	}
	char *text = unpack_text(packed, plen, len);
	free(packed);
	if (text == NULL)
		error_set(err, ERR_DB, "stored %s damaged", what);
	return text;
}

char **pagestore_get_chunk(struct xc_reader *r, const char *uid, int chunk, int *n_pages,
			   struct error **err)
{
	char key[64], what[64];
	size_t n = 0;
	chunk_key(key, sizeof(key), uid, chunk);
	snprintf(what, sizeof(what), "text of pages %d-%d is", chunk * PAGESTORE_CHUNK + 1,
		 (chunk + 1) * PAGESTORE_CHUNK);
	char *text = get_unpacked(r, uid, key, what, &n, err);
	if (text == NULL)
		return NULL;
	char **pages = xcalloc(PAGESTORE_CHUNK, sizeof(char *));
	/* The pages, split at form feeds: the first in place, the others
	 * copied so that each can be freed on its own. */
	int k = 0;
	char *p = text, *end = text + n;
	while (k < PAGESTORE_CHUNK) {
		char *ff = memchr(p, '\f', (size_t)(end - p));
		if (ff)
			*ff = '\0';
		pages[k] = k == 0 ? p : xstrdup(p);
		k++;
		if (ff == NULL)
			break;
		p = ff + 1;
	}
	*n_pages = k;
	return pages;
}

void pagestore_free_chunk(char **pages, int n_pages)
{
	if (pages == NULL)
		return;
	for (int i = 0; i < n_pages; i++)
		free(pages[i]);
	free(pages);
}

char *pagestore_get(struct xc_reader *r, const char *uid, int page, size_t *len,
		    struct error **err)
{
	if (page < 1) {
		error_set(err, ERR_NOTFOUND, "no page %d", page);
		return NULL;
	}
	int n = 0, want = (page - 1) % PAGESTORE_CHUNK;
	char **pages = pagestore_get_chunk(r, uid, (page - 1) / PAGESTORE_CHUNK, &n, err);
	if (pages == NULL)
		return NULL;
	if (want >= n) {
		pagestore_free_chunk(pages, n);
		error_set(err, ERR_NOTFOUND, "page %d is not stored", page);
		return NULL;
	}
	char *text = pages[want];
	pages[want] = NULL;
	pagestore_free_chunk(pages, n);
	*len = strlen(text);
	return text;
}

int pagestore_put_citations(struct xc_writer *w, const char *uid, const char *json, size_t len,
			    struct error **err)
{
	char key[64];
	snprintf(key, sizeof(key), META_CITATIONS "%s", uid);
	if (len == 0)
		return xc_writer_set_metadata(w, key, "", err);
	struct buf out = BUF_INIT;
	int rc = pack_text(json, len, &out, err);
	if (rc == 0)
		rc = xc_writer_set_metadata_len(w, key, out.s, out.len, err);
	buf_free(&out);
	return rc;
}

char *pagestore_get_citations(struct xc_reader *r, const char *uid, size_t *len,
			      struct error **err)
{
	char key[64];
	snprintf(key, sizeof(key), META_CITATIONS "%s", uid);
	return get_unpacked(r, uid, key, "citations are", len, err);
}
