/* export.h - a collection of passages as a handout or a reference list.
 *
 *   docx  Word: the collection's title, each passage as a quotation, its
 *         citation under it and in a footnote (libzip + libxml2's writer);
 *   pdf   print-ready A4 (cairo + pango);
 *   ris   one record per passage, for Zotero and EndNote (rulings CASE,
 *         reports RPRT, UN documents and the rest GEN);
 *   csv   a row per passage (RFC 4180; cells that a spreadsheet would take
 *         for a formula are prefixed with ').
 *
 * Each appends the file's bytes to out and returns 0, or -1 with *err (only
 * docx and pdf can fail).  nl: 1 for the Dutch citations and labels.
 */
#ifndef KINDEX_EXPORT_H
#define KINDEX_EXPORT_H

#include <stddef.h>

#include "base/util.h"
#include "web/store.h"

enum export_format { EXPORT_DOCX, EXPORT_PDF, EXPORT_RIS, EXPORT_CSV };

/* "docx", "pdf", "ris", "csv" -> the format; -1 for anything else. */
int export_format_parse(const char *name);
const char *export_content_type(enum export_format f);
const char *export_extension(enum export_format f);

int export_collection(enum export_format f, const char *title, const struct store_item *items,
		      size_t n, int nl, struct buf *out, struct error **err);

#endif
