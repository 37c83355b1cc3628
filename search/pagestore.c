/* pagestore.c - page texts as compressed metadata entries (see pagestore.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "search/pagestore.h"

#define MAX_PAGE_BYTES (64u << 20)

static void chunk_key(char *key, size_t n, const char *uid, int chunk)
{
	snprintf(key, n, "P%s:%d", uid, chunk);
}

int pagestore_chunks(int n_pages)
{
	return n_pages <= 0 ? 0 : (n_pages + PAGESTORE_CHUNK - 1) / PAGESTORE_CHUNK;
}

static int pack_text(const char *text, size_t len, struct buf *out, struct error **err)
{
	if (len > MAX_PAGE_BYTES)
		return error_set(err, ERR_INPUT, "page text too long (%zu bytes)", len);
	uLongf bound = compressBound((uLong)len);
	uint32_t n = (uint32_t)len;
	size_t start = out->len;
	buf_add(out, (const char *)&n, sizeof(n));
	buf_reserve(out, bound);
	uLongf got = bound;
	/* Level 3: a tenth larger than zlib's default 6 for a third of its
	 * CPU time (measured on the shared corpus's text). */
	if (compress2((Bytef *)out->s + start + sizeof(n), &got, (const Bytef *)text, (uLong)len,
		      3) != Z_OK) {
		out->len = start;
		return error_set(err, ERR_INTERNAL, "zlib could not compress a page");
	}
	out->len = start + sizeof(n) + got;
	out->s[out->len] = '\0';
	return 0;
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
	char *v = malloc(len + 1);
	if (v == NULL)
		return error_set(err, ERR_NOMEM, "out of memory");
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

char *pagestore_get(struct xc_reader *r, const char *uid, int page, size_t *len,
		    struct error **err)
{
	char key[64];
	size_t plen = 0;
	if (page < 1) {
		error_set(err, ERR_NOTFOUND, "no page %d", page);
		return NULL;
	}
	chunk_key(key, sizeof(key), uid, (page - 1) / PAGESTORE_CHUNK);
	char *packed = xc_reader_metadata_len(r, key, &plen, err);
	if (packed == NULL)
		return NULL;
	uint32_t n;
	if (plen < sizeof(n)) {
		free(packed);
		error_set(err, ERR_NOTFOUND, "page %d is not stored", page);
		return NULL;
	}
	memcpy(&n, packed, sizeof(n));
	char *text = n <= MAX_PAGE_BYTES ? malloc((size_t)n + 1) : NULL;
	uLongf got = n;
	if (text == NULL || uncompress((Bytef *)text, &got, (const Bytef *)packed + sizeof(n),
				       (uLong)(plen - sizeof(n))) != Z_OK || got != n) {
		free(text);
		free(packed);
		error_set(err, ERR_DB, "stored text of page %d is damaged", page);
		return NULL;
	}
	free(packed);
	text[n] = '\0';
	/* The page within its chunk. */
	const char *p = text, *end = text + n;
	for (int i = (page - 1) % PAGESTORE_CHUNK; i > 0; i--) {
		const char *ff = memchr(p, '\f', (size_t)(end - p));
		if (ff == NULL) {
			free(text);
			error_set(err, ERR_NOTFOUND, "page %d is not stored", page);
			return NULL;
		}
		p = ff + 1;
	}
	const char *ff = memchr(p, '\f', (size_t)(end - p));
	size_t l = (size_t)((ff ? ff : end) - p);
	memmove(text, p, l);
	text[l] = '\0';
	*len = l;
	return text;
}
