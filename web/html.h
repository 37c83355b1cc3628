/* html.h - the pieces the page modules share: the page frame, escaping
 * shorthands and the small formatted items (dates, counts, labels, links)
 * that more than one page shows.  Internal to web/: only pages.c,
 * page_search.c, page_doc.c and the workbench's pages include it.
 *
 * Conventions:
 * (1) Every function appends to p->b; none fails (running out of memory
 *     ends the process: base/error.h (5)).
 * (2) Text that is not our own markup goes through H (buf_adds_html); links
 *     are built percent-encoded first and then escaped for the attribute.
 * (3) Strings returned are static, owned by p->vocab or borrowed from the
 *     arguments; nothing here keeps state.
 */
#ifndef KINDEX_WEB_HTML_H
#define KINDEX_WEB_HTML_H

#include "web/pages.h"

/* Dutch or English text by the page's language. */
#define T(p, nl, en_) ((p)->en ? (en_) : (nl))
/* Appends s escaped for HTML text and attributes. */
#define H(p, s) buf_adds_html(&(p)->b, (s))
/* Appends s as it is: markup of our own only. */
#define A(p, s) buf_adds(&(p)->b, (s))

/* Opens the document: head, header bar with navigation and language switch,
 * and <main>; title (raw text, may be NULL) goes before " – kindex". */
void html_begin(struct page *p, const char *title);
/* Closes <main> and the document with the footer. */
void html_end(struct page *p);

/* Appends date (YYYY-MM-DD, YYYY-MM or YYYY) written out: "14 mei 2019". */
void html_date(struct page *p, const char *date);
/* Appends n with a thousands separator: "1.234" / "1,234". */
void html_count(struct page *p, unsigned n);
/* The name of document language code in the page's language (not escaped). */
const char *html_lang_name(const struct page *p, const char *code);
/* Appends the display label of an article ("art. 3(1) IVRK"), escaped; spec
 * is a filter value "CRC:3" or "3.1", a hit's label "3(1)" or "ECHR 8", or
 * a stored key "VW2000:29.2". */
void html_article_label(struct page *p, const char *spec);
/* 1 when spec can be used as an article filter. */
int html_is_article_filter(const char *spec);

/* Appends href="URL" for the page at path with the search state wp. */
void html_href(struct page *p, const struct web_params *wp, const char *path);
/* Appends href="/path?key=value" with value percent-encoded and escaped. */
void html_href1(struct page *p, const char *path, const char *key, const char *val);
/* Appends href="/doc/ID[suffix][?q=...]" for document id. */
void html_doc_href(struct page *p, unsigned id, const char *q, const char *suffix);

/* The name to show for court code, given the name a document stores: the
 * court list's name in the page's language when the stored one is the
 * list's own (a name corrected by a sidecar stays as it is), else the
 * stored name, else the code.  Not escaped. */
const char *html_court_display(const struct page *p, const char *code, const char *stored);

/* How a metadata field was found, in words for readers instead of the
 * stored source code ("ident:bwb" -> "uit het kenmerk").  Static text. */
const char *html_source_words(const struct page *p, const char *src);

/* 1 for a constructed example document (an ECLI with ":TEST."), which
 * html_constructed_badge() marks on every hit and document page. */
int html_is_constructed(const char *ident, const char *path);
void html_constructed_badge(struct page *p);

/* The facts of a document (outcome and articles found violated, State,
 * formation, parties; rechtsgebied, procedure, seat) as one line <p
 * class="facts">, in the page's language; nothing when it has none. */
struct docdata;
void html_doc_facts(struct page *p, const struct docdata *dd);
/* Appends the metadata line of a hit or document: type · court · date ·
 * ident (empty strings leave a part out). */
void html_meta_line(struct page *p, const char *type, const char *court_name, const char *court,
		    const char *date, const char *ident);

#endif
