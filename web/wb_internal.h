/* wb_internal.h - what the files of the workbench share (web/workbench.c:
 * routing and helpers; web/workbench_api.c: the JSON API; web/saved.c:
 * running saved searches and their feeds; web/workbench_pages.c: the HTML
 * pages; web/wb_widgets.c: its pieces on other pages).  Not for use outside
 * them: web/workbench.h is the interface. */
#ifndef KINDEX_WB_INTERNAL_H
#define KINDEX_WB_INTERNAL_H

#include <json-c/json.h>
#include <stdint.h>

#include "search/citeas.h"
#include "web/html.h"
#include "web/pages.h"
#include "web/store.h"
#include "web/workbench.h"

#define WB_MAX_SAVED_HITS 100   /* matches a saved search or feed looks at */
#define WB_PAGE_TEXT 1200       /* bytes of a page kept when no passage is given */

#define TR(rq, nl_, en_) ((rq)->page != NULL && (rq)->page->en ? (en_) : (nl_))

struct workbench {
	char *path;
	const struct citeas *cs;
};

int wb_starts(const char *s, const char *prefix);
void wb_json_reply(struct wb_reply *rp, unsigned status, struct json_object *o);
void wb_json_err(struct wb_reply *rp, unsigned status, const char *code, const char *msg);
unsigned wb_err_status(const struct error *e);
void wb_redirect(struct wb_reply *rp, const char *to);
void wb_html_err(const struct wb_req *rq, struct wb_reply *rp, unsigned status,
		     const char *msg);
void wb_html_store_err(const struct wb_req *rq, struct wb_reply *rp, struct error *e);
void wb_api_store_err(struct wb_reply *rp, struct error *e);
int wb_segments(const char *url, const char *prefix, char *store, size_t cap, char **seg,
		    int max);
int wb_parse_id(const char *s, int64_t *id);
const char *wb_arg(const struct wb_req *rq, const char *key);
struct json_object *wb_body_json(const struct wb_req *rq, struct wb_reply *rp);
/* Appends a button that copies text (static/kindex.js), labelled nl or en
 * in p's language. */
void wb_copy_button(struct page *p, const char *text, const char *nl, const char *en);
int wb_jstr(struct json_object *o, const char *key, const char **out);
char *wb_form(const struct wb_req *rq, const char *name, size_t max);
int wb_item_from_doc(const struct workbench *wb, struct search_db *db, unsigned id, int page,
			 const char *para, struct store_item *it, char **page_text,
			 struct error **err);
char *wb_flow(const char *text);
void wb_item_fields_free(struct store_item *it);
unsigned wb_item_doc(struct search_db *db, const struct store_item *it);
struct search_result *wb_run_saved(struct search_db *db, const char *q, struct error **err);
int wb_saved_new(struct store *s, struct search_db *db, const struct store_saved *sv,
		     const char *which, unsigned *total, struct error **err);
int wb_saved_mark(struct store *s, struct search_db *db, const struct store_saved *sv,
		      const char *which, struct error **err);
void wb_feed_path(const struct store_saved *sv, struct buf *b);
void wb_api_collections(const struct workbench *wb, const struct wb_req *rq,
			    struct wb_reply *rp, struct store *s);
void wb_api_saved(const struct wb_req *rq, struct wb_reply *rp, struct store *s);
void wb_feed(const struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp,
		 struct store *s);
void wb_page_collections(const struct wb_req *rq, struct wb_reply *rp, struct store *s);
void wb_page_collection(const struct wb_req *rq, struct wb_reply *rp, struct store *s,
			    int64_t id);
void wb_html_posts(const struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp,
		       struct store *s);

#endif
