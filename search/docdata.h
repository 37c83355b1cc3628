/* docdata.h - the stored data of one indexed document.
 *
 * Layout: a JSON object (the header), a NUL byte, a JSON array of the
 * citations, and optionally a NUL byte and the text of every page joined by
 * form feeds ('\f' never occurs inside a page's text).  The index keeps
 * the pages apart (search/pagestore.h) and leaves that part out; it keeps
 * the citations apart too (an empty array part here), as they can be ten
 * times the header and a search reads the data of every hit (indexes
 * written before hold them here, which is still read).  The header is
 * parsed on every load; the citations only when asked for.  The header holds:
 *   path, size, mtime, hash, lang, title, title_source, pages (count),
 *   page_pos (array: first term position of each page), notext (bool),
 *   ocr_pages (pages read by OCR), ocr: [ { page, confidence } ... ],
 *   meta: { field: { value, source } } for type, court, court_name, date,
 *         ident (and title, lang when overridden),
 *   articles: { "CRC:3(1)": count, ... },
 *   cites: [ "CRC/C/GC/14", "ECLI:NL:...", ... ];
 * the citations array: [ { page, kind, inst, label, start, end, text } ... ]
 * (the first 2000 citations).
 * Writers build it with json-c; readers use docdata_open().
 */
#ifndef KINDEX_DOCDATA_H
#define KINDEX_DOCDATA_H

#include <json-c/json.h>
#include <stddef.h>

#include "base/error.h"

struct xc_reader;
struct pagestore_blob;

struct docdata {
	struct json_object *json;   /* the parsed header; owned */
	char *raw;                  /* the stored bytes; owned */
	size_t raw_len;
	const char *pages;          /* into raw: page texts joined by '\f' */
	size_t pages_len;
	const char *cits_raw;       /* into raw: the citations' JSON text */
	size_t cits_len;
	struct json_object *cits;   /* parsed on demand; owned */
	int cits_tried;             /* cits was looked for */
	struct xc_reader *store;    /* where pages are, when not in raw */
	char uid[33];               /* the document's id in the page store */
	char **page_cache;          /* pages loaded from the store; owned */
	int n_page_cache;
	struct pagestore_blob *blob; /* the chunk last read from the store, for
	                              * its other pages; owned */
};

/* Parses raw (taking ownership of it, also on failure).  Returns 0 or -1
 * with *err. */
int docdata_open(struct docdata *dd, char *raw, size_t len, struct error **err);
void docdata_close(struct docdata *dd);
/* The header's JSON text (len bytes) as json-c reads it, most headers
 * without json-c's tokener; NULL when it is not JSON.  Caller owns. */
struct json_object *docdata_parse_header(const char *text, size_t len);

/* A string member of the header ("" when missing); borrowed from dd. */
const char *docdata_str(const struct docdata *dd, const char *key);
long long docdata_int(const struct docdata *dd, const char *key);
/* meta.<field>.value / .source, "" when missing; borrowed. */
const char *docdata_meta(const struct docdata *dd, const char *field);
const char *docdata_meta_source(const struct docdata *dd, const char *field);

/* The citations array (parsed on first use, from the data or from the
 * store given to docdata_use_store(); NULL when absent or malformed).
 * Borrowed from dd. */
struct json_object *docdata_citations(struct docdata *dd);

/* Tells dd to take its pages from the page store of r (search/pagestore.h):
 * the stored data of schema 2 keeps no page texts.  r is borrowed. */
void docdata_use_store(struct docdata *dd, struct xc_reader *r);

/* The text of page (1-based) and its length, borrowed from dd; 0, or -1
 * when out of range or unreadable. */
int docdata_page(struct docdata *dd, int page, const char **text, size_t *len);
/* The mean confidence (0-100) tesseract gave page (1-based) when its
 * text was read by OCR; -1 when the text is the PDF's own. */
int docdata_page_ocr(const struct docdata *dd, int page);
/* The term position at which page (1-based) starts; 0 when unknown. */
unsigned docdata_page_start(const struct docdata *dd, int page);
/* The term position at which each page starts ([0]: page 1), malloc()ed,
 * for walking many positions at once; NULL with *n = 0 when unknown. */
unsigned *docdata_page_starts(const struct docdata *dd, size_t *n);

#endif
