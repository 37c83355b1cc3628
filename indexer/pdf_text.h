/* pdf_text.h - text of a PDF, page by page, through poppler-glib.
 *
 * This is the only module that includes poppler or GLib headers.  Text comes
 * back as UTF-8, one string per page, with form feeds removed, line ends as
 * '\n' and invalid sequences replaced, so that downstream code can trust it.
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

void pdf_text_free(struct pdf_text *t);

#endif
