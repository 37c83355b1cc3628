/* pagestore.c - page texts as compressed metadata entries (see pagestore.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "search/pagestore.h"
#include "search/paras.h"
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

/* The chunk format since issue 19 ("v2"): each page its own zstd frame, so
 * that a hit unpacks the one page it shows and not its 15 neighbours, and in
 * chunk 0 the paragraph numbers of the whole document (search/paras.h), so
 * that a passage's pinpoint needs no other page.  Little-endian:
 *
 *   u32 V2_MAGIC, u32 n (pages in the chunk, 1..PAGESTORE_CHUNK),
 *   u32 marks_len (0 but in chunk 0), u32 end[n] (where each page's frame
 *   ends, counted from the first frame), u32 raw[n] (each page's length),
 *   the marks (marks_len bytes: u32 count, then per mark u32 page, u32 off,
 *   u8 length and the number's bytes), then the frames (an empty page has
 *   none).
 *
 * The magic read as the older formats' length is over MAX_PAGE_BYTES, so a
 * kindex from before refuses such a chunk as damaged instead of misreading
 * it; chunks of the older formats (one frame for all the pages) are still
 * read.  Per page, the shared corpus's page texts take about a third more
 * room than per chunk (pages of ~3 kB compress less on their own). */
#define V2_MAGIC 0x32504BFFu /* "\xffKP2" */
#define V2_HEAD 12u

static void put_u32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };
	buf_add(b, (const char *)c, 4);
}

static uint32_t get_u32(const char *p)
{
	const unsigned char *c = (const unsigned char *)p;
	return (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
}

/* The paragraph marks of all n_pages pages, as chunk 0 keeps them.  A page
 * is measured up to a NUL as the reader will (docdata_page() uses strlen). */
static void pack_marks(char *const *pages, const size_t *lens, int n_pages, struct buf *out)
{
	size_t *l = xcalloc(n_pages > 0 ? (size_t)n_pages : 1, sizeof(size_t));
	for (int i = 0; i < n_pages; i++)
		l[i] = strnlen(pages[i], lens[i]);
	struct para_marks pm = { 0 };
	paras_scan((const char *const *)pages, l, n_pages, &pm);
	put_u32(out, (uint32_t)pm.n);
	for (size_t k = 0; k < pm.n; k++) {
		size_t nl = strnlen(pm.m[k].num, sizeof(pm.m[k].num) - 1);
		put_u32(out, (uint32_t)pm.m[k].page);
		put_u32(out, (uint32_t)pm.m[k].off);
		buf_addc(out, (char)nl);
		buf_add(out, pm.m[k].num, nl);
	}
	paras_free(&pm);
	free(l);
}

int pagestore_pack(char *const *pages, const size_t *lens, int n_pages, int chunk,
		   struct buf *out, struct error **err)
{
	int first = chunk * PAGESTORE_CHUNK;
	int n = n_pages - first < PAGESTORE_CHUNK ? n_pages - first : PAGESTORE_CHUNK;
	if (n < 1)
		return error_set(err, ERR_INPUT, "no pages in chunk %d", chunk);
	struct buf marks = BUF_INIT, frames = BUF_INIT;
	if (chunk == 0)
		pack_marks(pages, lens, n_pages, &marks);
	uint32_t ends[PAGESTORE_CHUNK];
	int rc = 0;
	for (int k = 0; k < n && rc == 0; k++) {
		size_t len = lens[first + k];
		if (len > MAX_PAGE_BYTES) {
			rc = error_set(err, ERR_INPUT, "page text too long (%zu bytes)", len);
			break;
		}
		if (len > 0) {
			size_t bound = ZSTD_compressBound(len);
			buf_reserve(&frames, bound);
			size_t got = ZSTD_compress(frames.s + frames.len, bound, pages[first + k],
						   len, PACK_LEVEL);
			if (ZSTD_isError(got))
				rc = error_set(err, ERR_INTERNAL,
					       "zstd could not compress a page: %s",
					       ZSTD_getErrorName(got));
			else
				frames.len += got;
		}
		ends[k] = (uint32_t)frames.len;
	}
	if (rc == 0) {
		put_u32(out, V2_MAGIC);
		put_u32(out, (uint32_t)n);
		put_u32(out, (uint32_t)marks.len);
		for (int k = 0; k < n; k++)
			put_u32(out, ends[k]);
		for (int k = 0; k < n; k++)
			put_u32(out, (uint32_t)lens[first + k]);
		buf_add(out, buf_str(&marks), marks.len);
		buf_add(out, buf_str(&frames), frames.len);
	}
	buf_free(&marks);
	buf_free(&frames);
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

/* The stored entry key of document uid as it is, or NULL with ERR_NOTFOUND
 * when there is none.  Read from the shard that holds the document when r
 * combines several (xc_reader_doc_metadata()). */
static char *get_packed(struct xc_reader *r, const char *uid, const char *key, const char *what,
			size_t *plen, struct error **err)
{
	char id_term[64];
	snprintf(id_term, sizeof(id_term), PFX_ID "%s", uid);
	*plen = 0;
	char *packed = xc_reader_doc_metadata(r, id_term, key, plen, err);
	if (packed != NULL && *plen == 0) {
		free(packed);
		error_set(err, ERR_NOTFOUND, "%s not stored", what);
		return NULL;
	}
	return packed;
}

/* The unpacked entry key of document uid (a format of one frame), or NULL
 * with ERR_NOTFOUND when there is none, ERR_DB when it is damaged (what
 * names it in messages). */
static char *get_unpacked(struct xc_reader *r, const char *uid, const char *key, const char *what,
			  size_t *len, struct error **err)
{
	size_t plen = 0;
	char *packed = get_packed(r, uid, key, what, &plen, err);
	if (packed == NULL)
		return NULL;
	char *text = unpack_text(packed, plen, len);
	free(packed);
	if (text == NULL)
		error_set(err, ERR_DB, "stored %s damaged", what);
	return text;
}

/* A chunk of the v2 format, its header checked. */
struct v2 {
	uint32_t n;
	const char *marks; /* marks_len bytes */
	uint32_t marks_len;
	uint32_t end[PAGESTORE_CHUNK], raw[PAGESTORE_CHUNK];
	const char *frames;
};

/* 1 when packed is a v2 chunk (h filled in), 0 when it is of an older
 * format, -1 when it is a damaged v2 chunk. */
static int v2_open(const char *packed, size_t plen, struct v2 *h)
{
	if (plen < 4 || get_u32(packed) != V2_MAGIC)
		return 0;
	if (plen < V2_HEAD)
		return -1;
	h->n = get_u32(packed + 4);
	h->marks_len = get_u32(packed + 8);
	if (h->n < 1 || h->n > PAGESTORE_CHUNK)
		return -1;
	size_t head = V2_HEAD + 8u * h->n;
	if (plen < head || plen - head < h->marks_len)
		return -1;
	uint32_t last = 0;
	for (uint32_t k = 0; k < h->n; k++) {
		h->end[k] = get_u32(packed + V2_HEAD + 4u * k);
		h->raw[k] = get_u32(packed + V2_HEAD + 4u * (h->n + k));
		if (h->end[k] < last || h->raw[k] > MAX_PAGE_BYTES ||
		    (h->raw[k] == 0) != (h->end[k] == last))
			return -1;
		last = h->end[k];
	}
	h->marks = packed + head;
	h->frames = h->marks + h->marks_len;
	if (plen - head - h->marks_len != last)
		return -1;
	return 1;
}

/* Page k of a v2 chunk (malloc()ed, NUL-terminated), NULL when damaged. */
static char *v2_page(const struct v2 *h, uint32_t k)
{
	uint32_t from = k == 0 ? 0 : h->end[k - 1];
	char *text = xmalloc((size_t)h->raw[k] + 1);
	if (h->raw[k] > 0) {
		size_t got = ZSTD_decompress(text, h->raw[k], h->frames + from, h->end[k] - from);
		if (ZSTD_isError(got) || got != h->raw[k]) {
			free(text);
			return NULL;
		}
	}
	text[h->raw[k]] = '\0';
	return text;
}

void pagestore_blob_free(struct pagestore_blob *b)
{
	if (b == NULL)
		return;
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* The stored chunk (borrowed from keep, or malloc()ed into *own), or NULL
 * with *err. */
static const char *get_chunk(struct xc_reader *r, const char *uid, int chunk, const char *what,
			     size_t *plen, struct pagestore_blob *keep, char **own,
			     struct error **err)
{
	*own = NULL;
	if (keep && keep->data && keep->chunk == chunk) {
		*plen = keep->len;
		return keep->data;
	}
	char key[64];
	chunk_key(key, sizeof(key), uid, chunk);
	char *packed = get_packed(r, uid, key, what, plen, err);
	if (packed == NULL || keep == NULL)
		return *own = packed;
	free(keep->data);
	keep->chunk = chunk;
	keep->data = packed;
	keep->len = *plen;
	return packed;
}

char **pagestore_get_chunk_page(struct xc_reader *r, const char *uid, int chunk, int want,
				int *n_pages, struct pagestore_blob *keep, struct error **err)
{
	char what[64], *own;
	size_t n = 0, plen = 0;
	snprintf(what, sizeof(what), "text of pages %d-%d is", chunk * PAGESTORE_CHUNK + 1,
		 (chunk + 1) * PAGESTORE_CHUNK);
	const char *packed = get_chunk(r, uid, chunk, what, &plen, keep, &own, err);
	if (packed == NULL)
		return NULL;
	struct v2 h;
	int v = v2_open(packed, plen, &h);
	if (v != 0) {
		char **pages = v > 0 ? xcalloc(PAGESTORE_CHUNK, sizeof(char *)) : NULL;
		for (uint32_t k = 0; pages && k < h.n; k++) {
			if (want >= 0 && (uint32_t)want != k)
				continue;
			pages[k] = v2_page(&h, k);
			if (pages[k] == NULL) {
				pagestore_free_chunk(pages, (int)h.n);
				pages = NULL;
			}
		}
		free(own);
		if (pages == NULL)
			error_set(err, ERR_DB, "stored %s damaged", what);
		else
			*n_pages = (int)h.n;
		return pages;
	}
	char *text = unpack_text(packed, plen, &n);
	free(own);
	if (text == NULL) {
		error_set(err, ERR_DB, "stored %s damaged", what);
		return NULL;
	}
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

char **pagestore_get_chunk(struct xc_reader *r, const char *uid, int chunk, int *n_pages,
			   struct error **err)
{
	return pagestore_get_chunk_page(r, uid, chunk, -1, n_pages, NULL, err);
}

int pagestore_get_marks(struct xc_reader *r, const char *uid, struct para_marks *out,
			struct pagestore_blob *keep, struct error **err)
{
	size_t plen = 0;
	char *own;
	const char *packed = get_chunk(r, uid, 0, "text of pages 1-16 is", &plen, keep, &own, err);
	if (packed == NULL)
		return -1;
	struct v2 h;
	int v = v2_open(packed, plen, &h);
	if (v <= 0 || h.marks_len < 4) {
		free(own);
		if (v < 0)
			return error_set(err, ERR_DB, "stored text of pages 1-16 is damaged");
		return error_set(err, ERR_NOTFOUND, "no paragraph numbers stored");
	}
	const char *p = h.marks + 4, *e = h.marks + h.marks_len;
	uint32_t count = get_u32(h.marks);
	for (uint32_t i = 0; i < count; i++) {
		if (e - p < 9 || (unsigned char)p[8] >= sizeof(out->m[0].num) ||
		    e - p - 9 < (unsigned char)p[8]) {
			free(own);
			paras_free(out);
			return error_set(err, ERR_DB, "stored paragraph numbers damaged");
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 64;
			out->m = xreallocarray(out->m, out->cap, sizeof(*out->m));
		}
		struct para_mark *m = &out->m[out->n++];
		m->page = (int)get_u32(p);
		m->off = get_u32(p + 4);
		size_t nl = (unsigned char)p[8];
		memcpy(m->num, p + 9, nl);
		m->num[nl] = '\0';
		p += 9 + nl;
	}
	free(own);
	return 0;
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
	char **pages =
		pagestore_get_chunk_page(r, uid, (page - 1) / PAGESTORE_CHUNK, want, &n, NULL, err);
	if (pages == NULL)
		return NULL;
	if (want >= n || pages[want] == NULL) {
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
