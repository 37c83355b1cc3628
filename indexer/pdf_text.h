/* pdf_text.h - text of a PDF, page by page, through poppler-glib.
 *
 * This is the only module that includes poppler headers, and the only one
 * that uses GLib for more than its hash table (GHashTable, the one hash
 * table of the C code: see README's Layout).  Text comes back as UTF-8, one
 * string per page, with form feeds removed, line ends as '\n' and invalid
 * sequences replaced, so that downstream code can trust it.
 *
 * pdf_text_extract_ocr() also reads by OCR (indexer/ocr.h) every page whose
 * text layer is empty or nearly so and that shows an image: it renders the
 * page with cairo (grey, at the configured dpi, 300 by default, smaller for
 * pages too large to render whole) and takes tesseract's text, or the text
 * the OCR cache holds for that page of a file with the same content.  Each
 * page is rendered and read in a child process with its own time limit, so
 * a page that makes poppler or tesseract hang, crash or exhaust memory
 * costs only itself.
 *
 * Ownership: pdf_text_extract() returns a struct the caller releases with
 * pdf_text_free() (which accepts NULL); every string inside belongs to it.
 */
#ifndef KINDEX_PDF_TEXT_H
#define KINDEX_PDF_TEXT_H

#include <stddef.h>
#include <time.h>

#include "base/error.h"

struct pdf_text {
	int n_pages;
	char **pages;          /* n_pages UTF-8 strings, never NULL */
	size_t *page_lens;     /* strlen of each page */
	size_t text_bytes;     /* sum of page_lens */
	char *title;           /* the PDF's Title entry or NULL */
	char *author;          /* Author or NULL */
	char *subject;         /* Subject or NULL */
	char *keywords;        /* Keywords or NULL */
	time_t creation_date;  /* 0 when absent */
	time_t mod_date;       /* 0 when absent */
	/* OCR (pdf_text_extract_ocr only): per page, tesseract's mean
	 * confidence 0-100 when the page's text comes from OCR, else -1;
	 * NULL when no page's text does. */
	int *ocr_conf;
	int ocr_pages;         /* pages whose text comes from OCR */
	int ocr_pending;       /* pages that need OCR and were not read (OCR off,
				* or the file's OCR time ran out): a later run
				* should try again */
};

/* Extracts the text of every page of the PDF at path.  Returns NULL and sets
 * *err (ERR_PDF with a reason a person understands: "not a PDF", "encrypted",
 * "damaged: ...", ERR_IO for unreadable files) on failure.  A PDF with pages
 * but no text layer succeeds with empty pages; callers decide what that
 * means. */
struct pdf_text *pdf_text_extract(const char *path, struct error **err);

/* Same, from a buffer already in memory (the buffer is borrowed and must
 * outlive the call only). */
struct pdf_text *pdf_text_extract_mem(const void *data, size_t len, struct error **err);

/* Same, and reads by OCR the pages that need it, under the settings of
 * ocr_configure(), using the cache under the file's content hash (hex).
 * A page that OCR cannot read keeps its (empty) text and is named in
 * stats->failures; it does not fail the file.  stats (may be NULL) is
 * filled; its failures belong to the caller. */
struct ocr_stats;
struct pdf_text *pdf_text_extract_ocr(const void *data, size_t len, const char *hash,
				      struct ocr_stats *stats, struct error **err);

/* 1 when text (len bytes) is too thin to be a page's real text layer: a
 * page number, a stamp.  The page is read by OCR when it shows an image. */
int pdf_text_needs_ocr(const char *text, size_t len);

void pdf_text_free(struct pdf_text *t);

#endif
