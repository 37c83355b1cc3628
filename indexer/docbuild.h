/* docbuild.h - one extracted PDF becomes one Xapian document.
 *
 * Decides the document's language, title, metadata (indexer/meta.h) and
 * citations (search/cite.h), and lays them out as search/schema.h says:
 * terms with positions page after page (each page's first position is
 * recorded, so hits can name their page), facet values and the stored data
 * (search/docdata.h).  The page texts themselves are stored by the caller
 * (search/pagestore.h). */
#ifndef KINDEX_DOCBUILD_H
#define KINDEX_DOCBUILD_H

#include "indexer/meta.h"
#include "indexer/pdf_text.h"
#include "search/docdata.h"
#include "search/xapian_c.h"

struct docbuild_file {
	const char *path;       /* absolute */
	long long size, mtime;
	const char *hash;       /* hex content hash */
	char uid[33];           /* set by docbuild(): hex hash of the path */
};

/* Builds the document.  w (may be NULL) receives spelling data.  A problem
 * that does not stop indexing (a malformed sidecar) is returned in
 * *warning (malloc()ed) and the document is built without it.  Returns the
 * document (caller frees with xc_doc_free) or NULL with *err. */
struct xc_doc *docbuild(struct xc_writer *w, const struct meta_rules *rules,
			struct docbuild_file *f, const struct pdf_text *t, char **warning,
			struct error **err);

/* Recreates the extracted text (pages and the PDF's own title) from a
 * stored document, so it can be rebuilt without poppler.  NULL when out of
 * memory. */
struct pdf_text *docbuild_text_from_store(struct docdata *dd);

/* The title docbuild would choose: the PDF's own title when meaningful,
 * else the first heading-like line of the first page, else the file name.
 * *source says which.  Returns malloc()ed text. */
char *docbuild_title(const struct pdf_text *t, const char *path, const char **source);

#endif
