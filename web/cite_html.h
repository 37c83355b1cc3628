/* cite_html.h - the citation parts of the search and document pages:
 * what a query understood, pinpoints, permanent addresses, citation counts,
 * links to cited documents inside and outside the collection, the article
 * filter's all/any switch.  Kept apart from web/pages.c, which calls these
 * where they belong; the same conventions (pages.h) hold: all text escaped.
 */
#ifndef KINDEX_WEB_CITE_HTML_H
#define KINDEX_WEB_CITE_HTML_H

#include "search/docdata.h"
#include "search/paras.h"
#include "search/search.h"
#include "web/pages.h"
#include "web/params.h"

/* "Gezocht op art. 3 lid 1 IVRK + woord · zoek de woorden letterlijk"
 * when the query was read as citations; nothing otherwise. */
void cite_html_understood(struct page *p, const struct web_params *wp,
			  const struct search_result *res);
/* Chips after the article filters: the page of a single article, or the
 * switch between all and any of several. */
void cite_html_article_chips(struct page *p, const struct web_params *wp);
/* Under a hit's metadata: its other copies and language versions, and how
 * often the collection cites it. */
void cite_html_hit_extras(struct page *p, const struct search_hit *h);
/* After passage i's page link: " · para. 45" (r.o. 4.3, § 206) linking to
 * the anchor on the document page (q: the words, to keep highlighted). */
void cite_html_pinpoint(struct page *p, const struct search_hit *h, size_t i, const char *q);
/* A <dt>/<dd> pair with the document's permanent address /doc/<ident>. */
void cite_html_permalink(struct page *p, const char *ident);
/* The paragraph numbers of a document with n_pages pages, and one page's
 * escaped HTML with #para-N anchors appended to out. */
void cite_html_doc_paras(struct docdata *dd, int n_pages, struct para_marks *pm);
void cite_html_page_text(struct buf *out, const struct para_marks *pm, int page,
			 const char *html);
/* One <li> of "Genoemde documenten": to the document when the collection
 * has it, else to its public source (marked external), else to a search. */
void cite_html_cited_doc(struct page *p, struct search_db *db, const char *ident);
/* "Alle N →" under "Geciteerd door (N)". */
void cite_html_cited_by_all(struct page *p, const char *ident, unsigned total);

#endif
