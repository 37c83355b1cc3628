/* pages.h - the HTML pages of the web server, rendered on the server.
 *
 * The pages live in page_search.c (home, articles, search results),
 * page_doc.c (one document) and pages.c (login, bad parameters, errors);
 * html.c holds the frame and the pieces they share (web/html.h, internal).
 *
 * Conventions:
 * (1) Every page_* function writes one complete HTML document into p->b and
 *     returns the HTTP status to answer with (200, 400, 404, 500, 503); an
 *     error is rendered as a page explaining what to try, never a crash.
 * (2) Every string that is not markup of our own goes through
 *     buf_adds_html (base/util.h), the one escaping primitive; URLs are
 *     built percent-encoded first and then escaped for the attribute.  The
 *     only exception is search passages and search_highlight output, which
 *     search.h documents as escaped HTML.
 * (3) Dutch is the default language, English when p->en is 1.
 * (4) Pages borrow everything in struct page; nothing here keeps state, and
 *     any scratch buffer a page needs is its own (on its stack or in p->b).
 */
#ifndef KINDEX_WEB_PAGES_H
#define KINDEX_WEB_PAGES_H

#include "search/search.h"
#include "search/vocab.h"
#include "base/util.h"
#include "web/params.h"

struct page {
	struct buf b;            /* the output; owned by the caller */
	int en;                  /* 1: English, 0: Dutch */
	const char *user;        /* logged-in user, or NULL on the login page */
	const char *csrf;        /* the session's CSRF token for forms */
	const char *here;        /* this page's local URL (path?query), raw */
	struct search_db *db;    /* set by the page functions for their helpers */
	const struct vocab *vocab; /* courts' names by language, or NULL */
	const struct citeas *cs;   /* citation formats, or NULL */
};

/* The stylesheet, served at WEB_CSS_PATH. */
#define WEB_CSS_PATH "/static/kindex.css"
extern const char web_css[];

int page_home(struct page *p, struct search_db *db, const struct web_params *wp);
int page_search(struct page *p, struct search_db *db, struct web_params *wp);
int page_articles(struct page *p, struct search_db *db, const struct web_params *wp);
int page_doc(struct page *p, struct search_db *db, unsigned id, const char *q);
/* One page per article, /articles/3 and /articles/3.1 (web/page_article.c):
 * spec is the part after /articles/.  404 for an unknown article. */
int page_article(struct page *p, struct search_db *db, const char *spec);
/* The page frame (header, menu, footer) for pages in other files. */
void page_frame_begin(struct page *p, const char *title);
void page_frame_end(struct page *p);
/* The login form: token is the pre-session CSRF token, next where to go
 * afterwards (already checked with web_next_is_safe), msg an error or NULL. */
int page_login(struct page *p, const char *token, const char *next, const char *msg,
	       int status);
/* The 400 page for parameters web_params_parse refused: a plain-language
 * explanation of wp->bad, with detail (the parser's message) below it. */
int page_bad_params(struct page *p, const struct web_params *wp, const char *detail);
/* An error page with status and message (raw text). */
int page_error(struct page *p, int status, const char *msg);

#endif
