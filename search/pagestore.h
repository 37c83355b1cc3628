/* pagestore.h - the text of every page, kept apart from the document data.
 *
 * Pages are kept in chunks of PAGESTORE_CHUNK, each a Xapian metadata entry
 * of the index itself, key "P<uid>:<chunk>" (chunk 0 holds pages 1-16).
 * Since issue 19 a chunk holds each page as a zstd frame of its own behind
 * a binary header, and chunk 0 also the paragraph numbers of the whole
 * document (pagestore.c describes the layout); indexes written before hold
 * the chunk's page texts joined by form feeds in one frame (a 4-byte
 * little-endian length, then one zstd frame, or before zstd a zlib
 * stream), which is still read.  Chunks compress
 * nearly as well as whole documents and a page costs at most a chunk.  Kept in the
 * index, pages are written in the same transaction as their document and
 * survive compaction; kept apart, a hit loads only the page it shows
 * instead of a whole document's text.
 *
 * Ownership: returned text is malloc()ed and belongs to the caller. */
#ifndef KINDEX_PAGESTORE_H
#define KINDEX_PAGESTORE_H

#include <stddef.h>

#include "base/error.h"
#include "base/util.h"
#include "search/xapian_c.h"

#define PAGESTORE_CHUNK 16

/* How many chunks n_pages pages take. */
int pagestore_chunks(int n_pages);

/* Appends the stored form of chunk (0-based) of the n_pages pages to out.
 * Returns 0 or -1 with *err. */
int pagestore_pack(char *const *pages, const size_t *lens, int n_pages, int chunk,
		   struct buf *out, struct error **err);

/* Writes chunk (0-based) of document uid, already packed. */
int pagestore_put_packed(struct xc_writer *w, const char *uid, int chunk, const char *packed,
			 size_t len, struct error **err);

/* Removes the chunks holding pages from..to (inclusive; from must start a
 * chunk) of document uid. */
int pagestore_delete(struct xc_writer *w, const char *uid, int from, int to, struct error **err);

/* The pages of chunk (0-based) of document uid: an array of PAGESTORE_CHUNK
 * slots of which the first *n_pages hold NUL-terminated page texts, or NULL
 * with ERR_NOTFOUND when the chunk is not stored, or another error.  Free
 * with pagestore_free_chunk(); a caller may take a page out (and set its
 * slot to NULL) to keep it. */
char **pagestore_get_chunk(struct xc_reader *r, const char *uid, int chunk, int *n_pages,
			   struct error **err);
void pagestore_free_chunk(char **pages, int n_pages);
/* The stored form of one chunk of a document, kept by whoever reads
 * several pages of it (a hit reads a chunk for each page it shows, for its
 * pinpoints and for its first page's citation): zeroed before the first
 * use, released with pagestore_blob_free().  Only for one document and
 * one open revision. */
struct pagestore_blob {
	int chunk;   /* which chunk data holds */
	char *data;  /* NULL: none yet */
	size_t len;
};
void pagestore_blob_free(struct pagestore_blob *b);

/* The same, but of a chunk of the per-page format only page want (0-based
 * within the chunk; -1: all) is unpacked, the other slots left NULL; a
 * chunk of an older format is unpacked whole.  keep (may be NULL) holds the
 * chunk last read of this document: reused when it is the one asked for,
 * else replaced by it. */
char **pagestore_get_chunk_page(struct xc_reader *r, const char *uid, int chunk, int want,
				int *n_pages, struct pagestore_blob *keep, struct error **err);

/* Appends to out the paragraph numbers of document uid as the indexer found
 * them (paras_scan() over all its pages, kept in chunk 0).  Returns 0, or
 * -1 with ERR_NOTFOUND when the index holds none for it (a chunk of an
 * older format: scan the pages), ERR_DB when they are damaged. */
struct para_marks;
int pagestore_get_marks(struct xc_reader *r, const char *uid, struct para_marks *out,
			struct pagestore_blob *keep, struct error **err);

/* A document's citations (JSON text, search/docdata.h) are kept the same
 * way, key "C<uid>", apart from its data: a search reads the data of every
 * hit, the citations only for an article search's passages and the document
 * view.  len 0 removes them. */
int pagestore_put_citations(struct xc_writer *w, const char *uid, const char *json, size_t len,
			    struct error **err);
/* The citations of uid (malloc()ed, NUL-terminated, length in *len), or NULL
 * with ERR_NOTFOUND when none are stored, or another error. */
char *pagestore_get_citations(struct xc_reader *r, const char *uid, size_t *len,
			      struct error **err);

/* The text of page of document uid (NUL-terminated, length in *len), or
 * NULL with ERR_NOTFOUND when the page is not stored, or another error. */
char *pagestore_get(struct xc_reader *r, const char *uid, int page, size_t *len,
		    struct error **err);

#endif
