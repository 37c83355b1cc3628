/* docbuild.h - the builder: one described file becomes one index document.
 *
 * The indexer says what a file is (indexer/describe.h: language, metadata,
 * title, page texts) in a plain struct docbuild_input; the builder finds its
 * citations (search/cite.h) and lays everything out as search/schema.h
 * says: terms with positions page after page (each page's first position is
 * recorded, so hits can name their page), phrase terms, facet values and
 * the stored data (search/docdata.h).  The page texts themselves are stored
 * apart (search/index_write.h, ix_put_pages). */
#ifndef KINDEX_DOCBUILD_H
#define KINDEX_DOCBUILD_H

#include <stddef.h>

#include "base/error.h"
#include "search/index_write.h"

/* One metadata field and how it was found; value NULL when unknown. */
struct docbuild_field {
	const char *value;
	const char *source;
};

/* Everything the builder is told about a file.  All borrowed. */
struct docbuild_input {
	const char *path;           /* absolute */
	long long size, mtime;
	const char *hash;           /* hex content hash */
	const char *fingerprint;    /* "<size>:<mtime>:<overrides>" (VAL_FINGERPRINT) */
	const char *lang;           /* language code (search/lang.h) */
	const char *title;          /* the title chosen, and how */
	const char *title_source;
	const char *pdf_title;      /* the PDF's own title, NULL when none */
	char *const *pages;         /* n_pages UTF-8 texts */
	const size_t *page_lens;
	int n_pages;
	size_t text_bytes;          /* 0: no text layer */
	int ocr_pages;              /* pages read by OCR */
	const int *ocr_conf;        /* n_pages OCR confidences (-1: not OCR), or NULL */
	struct docbuild_field type, court, court_name, date, ident;
	struct docbuild_field meta_title, meta_lang; /* set only by overrides */
	/* The facts lawyers filter by (search/docbuild_facts.h) */
	struct docbuild_field state, outcome, violated, formation, parties, area, procedure, seat;
};

/* Builds the document with the analyzer and phrase terms of ctx
 * (search/context.h); uid receives the hex hash of the path it is stored
 * under.  Returns the document (free with ix_doc_free) or NULL with *err. */
struct search_ctx;
struct ix_doc *docbuild(struct search_ctx *ctx, const struct docbuild_input *in, char uid[33],
			struct error **err);

#endif
