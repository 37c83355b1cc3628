/* workbench.h - what staff do with what they found: collections of
 * passages (kept, annotated, reordered, exported), citations ready to copy,
 * saved searches with "n new" and an Atom feed each.
 *
 * The server hands every request whose path is the workbench's to
 * workbench_handle(): the JSON API under /api/collections and /api/saved,
 * the pages under /collections and /saved, and the feeds under /feed/.
 * Feeds are the only part answered without a session: their unguessable
 * token is the credential.  Everything else is private to its user: another
 * user's collection or saved search is a 404, exactly like one that does not
 * exist.  Writes need the session's CSRF token (a form field `csrf`, or the
 * header X-CSRF-Token for the API), or Basic auth on /api/.
 */
#ifndef KINDEX_WORKBENCH_H
#define KINDEX_WORKBENCH_H

#include <stddef.h>

#include "base/util.h"
#include "search/citeas.h"
#include "search/search.h"
#include "web/params.h"
#include "web/store.h"

#define WB_JS_PATH "/static/kindex.js" /* the copy buttons' script */

struct page;
struct workbench;

/* Opens the workbench whose data lives in store_path (created when absent;
 * a corrupt or unwritable file is an error, never replaced).  cs (borrowed)
 * formats the citations. */
struct workbench *workbench_new(const char *store_path, const struct citeas *cs,
				struct error **err);
void workbench_free(struct workbench *wb);

/* The file beside index folder db_dir: "kindex-db" -> "kindex-db.workbench.sqlite".
 * malloc()ed. */
char *workbench_default_path(const char *db_dir);

struct wb_req {
	const char *method;          /* "GET", "HEAD", "POST", "DELETE" */
	const char *url;             /* the path, without the query */
	const char *user;            /* NULL: nobody is signed in */
	const char *csrf;            /* the session's CSRF token; NULL with Basic auth */
	const char *csrf_header;     /* X-CSRF-Token as sent, or NULL */
	int basic;                   /* 1: the user came with Basic auth */
	const char *body;
	size_t body_len;
	const struct web_kv *args;   /* the query string's arguments */
	size_t n_args;
	const char *base_url;        /* "https://host:port", for feed links */
	struct search_db *db;        /* the index, or NULL when it cannot be opened */
	struct page *page;           /* for the HTML pages: language, user, csrf */
};

struct wb_reply {
	unsigned status;
	const char *ctype;           /* static */
	struct buf body;             /* owned by the caller after the call */
	char filename[160];          /* attachment name, "" when none */
	char location[1024];         /* redirect target, "" when none */
	int html;                    /* 1: body is a page (security headers for HTML) */
};

/* 1 when the path is the workbench's, whatever the request's fate. */
int workbench_owns(const char *url);
/* 1 when the path is answered without a session (the feeds). */
int workbench_public(const char *url);

/* Answers rq into rp (zeroed by the caller).  Never fails: errors become
 * 4xx/5xx replies that say what was wrong. */
void workbench_handle(struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp);

/* Pieces on other pages (web/wb_widgets.c); each writes nothing when there
 * is no signed-in user or no citation formats.  A hit's citation (with the
 * passage's pinpoint) and its "keep" form; para may be NULL. */
void wb_hit_tools(struct page *p, const struct search_hit *h, const struct search_passage *ps,
		  const char *para);
/* The document page's citation with its copy button. */
void wb_doc_cite(struct page *p, struct search_db *db, unsigned id);
/* A button that keeps a page of document id, appended to b. */
void wb_page_keep_form(const struct page *p, struct buf *b, unsigned id, int page);
/* The form under the results that saves the search. */
void wb_save_search_form(struct page *p, const struct web_params *wp);

/* For `kindex alerts`: runs every saved search of user (NULL: everybody's)
 * and calls fn with the matches it has not reported before (newest first,
 * at most 100 looked at), then records them as reported.  fn borrows
 * everything it is given.  Returns 0, or -1 with *err. */
typedef void (*workbench_alert_fn)(void *ctx, const struct store_saved *sv,
				   const struct search_hit *const *hits, size_t n);
int workbench_alerts(const char *store_path, struct search_db *db, const char *user,
		     workbench_alert_fn fn, void *ctx, struct error **err);

#endif
