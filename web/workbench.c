/* workbench.c - collections, exports, saved searches and feeds over HTTP
 * (see workbench.h).  The data is in web/store.c, the files in
 * web/export.c, the citations in search/citeas.c; this file is requests
 * and pages. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/xalloc.h"
#include "search/docdata.h"
#include "web/export.h"
#include "web/wb_internal.h"

char *workbench_default_path(const char *db_dir)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(db_dir);
	while (n > 1 && db_dir[n - 1] == '/')
		n--;
	buf_add(&b, db_dir, n);
	buf_adds(&b, ".workbench.sqlite");
	return buf_detach(&b);
}

struct workbench *workbench_new(const char *store_path, const struct citeas *cs,
				struct error **err)
{
	/* Open once now, so that a corrupt or unwritable file stops the
	 * server at its start with the file's name, not at the first save. */
	struct store *s = store_open(store_path, err);
	if (s == NULL)
		return NULL;
	store_close(s);
	struct workbench *wb = xcalloc(1, sizeof(*wb));
	wb->path = xstrdup(store_path);
	wb->cs = cs;
	return wb;
}

void workbench_free(struct workbench *wb)
{
	if (wb == NULL)
		return;
	free(wb->path);
	free(wb);
}

int wb_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int workbench_owns(const char *url)
{
	return strcmp(url, "/api/collections") == 0 || wb_starts(url, "/api/collections/") ||
	       strcmp(url, "/api/saved") == 0 || wb_starts(url, "/api/saved/") ||
	       strcmp(url, "/collections") == 0 || wb_starts(url, "/collections/") ||
	       wb_starts(url, "/saved/") || strcmp(url, "/saved") == 0 || wb_starts(url, "/feed/") ||
	       strcmp(url, WB_JS_PATH) == 0;
}

int workbench_public(const char *url)
{
	return wb_starts(url, "/feed/") || strcmp(url, WB_JS_PATH) == 0;
}

/* The script of the copy buttons: the page's CSP allows scripts from the
 * server itself only, so it is a file, not inline. */
static const char wb_js[] =
	"'use strict';\n"
	"function kxCopy(text) {\n"
	"  if (navigator.clipboard && window.isSecureContext)\n"
	"    return navigator.clipboard.writeText(text);\n"
	"  var t = document.createElement('textarea');\n"
	"  t.value = text; t.setAttribute('readonly', ''); t.style.position = 'fixed';\n"
	"  t.style.opacity = '0'; document.body.appendChild(t); t.select();\n"
	"  try { document.execCommand('copy'); } finally { document.body.removeChild(t); }\n"
	"  return Promise.resolve();\n"
	"}\n"
	"document.addEventListener('click', function (e) {\n"
	"  var b = e.target.closest ? e.target.closest('button[data-copy]') : null;\n"
	"  if (!b) return;\n"
	"  kxCopy(b.getAttribute('data-copy')).then(function () {\n"
	"    var old = b.textContent;\n"
	"    b.textContent = b.getAttribute('data-done') || '\\u2713';\n"
	"    setTimeout(function () { b.textContent = old; }, 1500);\n"
	"  });\n"
	"});\n"
	/* pages (web/page_search.c): arrow keys within a hit's chip group,
	 * which is one tab stop; a note when pasted text was cut */
	"document.addEventListener('keydown', function (e) {\n"
	"  var g = e.target.closest ? e.target.closest('ul[data-roving] a') : null;\n"
	"  if (!g || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;\n"
	"  var all = Array.prototype.slice.call(g.closest('ul').querySelectorAll('a'));\n"
	"  var n = all[(all.indexOf(g) + (e.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length];\n"
	"  g.tabIndex = -1; n.tabIndex = 0; n.focus(); e.preventDefault();\n"
	"});\n"
	"if (window.matchMedia && matchMedia('(max-width: 56rem)').matches)\n"
	"  document.querySelectorAll('details.refine').forEach(function (d) { d.open = false; });\n"
	"document.addEventListener('paste', function (e) {\n"
	"  var q = e.target, m = q.maxLength, note = document.getElementById('q-cut');\n"
	"  if (!note || q.id !== 'q' || m <= 0 || !e.clipboardData) return;\n"
	"  var t = e.clipboardData.getData('text');\n"
	"  var room = m - q.value.length + (q.selectionEnd - q.selectionStart);\n"
	"  note.hidden = t.length <= room;\n"
	"});\n";

/* ---- replies ---- */

void wb_json_reply(struct wb_reply *rp, unsigned status, struct json_object *o)
{
	rp->status = status;
	rp->ctype = "application/json; charset=utf-8";
	if (o != NULL) {
		buf_adds(&rp->body, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		buf_addc(&rp->body, '\n');
		json_object_put(o);
	}
}

void wb_json_err(struct wb_reply *rp, unsigned status, const char *code, const char *msg)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "error", json_object_new_string(code));
	json_object_object_add(o, "message", json_object_new_string(msg));
	wb_json_reply(rp, status, o);
}

unsigned wb_err_status(const struct error *e)
{
	switch (e->code) {
	case ERR_INPUT:
	case ERR_QUERY:
		return 400;
	case ERR_NOTFOUND:
		return 404;
	case ERR_BUSY:
		return 503;
	default:
		return 500;
	}
}

void wb_redirect(struct wb_reply *rp, const char *to)
{
	rp->status = 303;
	rp->ctype = "text/plain; charset=utf-8";
	snprintf(rp->location, sizeof(rp->location), "%s", to);
}

/* An HTML error page in the site's frame. */
void wb_html_err(const struct wb_req *rq, struct wb_reply *rp, unsigned status,
		     const char *msg)
{
	struct page *p = rq->page;
	buf_reset(&p->b);
	rp->status = (unsigned)page_error(p, (int)status, msg);
	rp->ctype = "text/html; charset=utf-8";
	rp->html = 1;
	buf_add(&rp->body, buf_str(&p->b), p->b.len);
	buf_reset(&p->b);
}

void wb_html_store_err(const struct wb_req *rq, struct wb_reply *rp, struct error *e)
{
	unsigned st = wb_err_status(e);
	if (st == 404)
		wb_html_err(rq, rp, 404, TR(rq, "Deze collectie of zoekopdracht bestaat niet.",
					 "This collection or search does not exist."));
	else if (st == 400)
		wb_html_err(rq, rp, 400, e->msg);
	else {
		fprintf(stderr, "kindex serve: workbench: %s\n", e->msg);
		wb_html_err(rq, rp, st, TR(rq, "De collecties kunnen nu niet worden gelezen of bewaard.",
					"Collections cannot be read or saved right now."));
	}
	error_free(e);
}

void wb_api_store_err(struct wb_reply *rp, struct error *e)
{
	unsigned st = wb_err_status(e);
	if (st >= 500)
		fprintf(stderr, "kindex serve: workbench: %s\n", e->msg);
	wb_json_err(rp, st, st == 404 ? "notfound" : st == 400 ? "input" : "store",
		 st >= 500 ? "the collections cannot be read or written right now" : e->msg);
	error_free(e);
}

/* ---- request parsing ---- */

/* Splits url after prefix into up to max '/'-separated wb_segments (pointing
 * into a copy in store, NUL-terminated).  Returns the count, or -1 for an
 * empty segment or too many. */
int wb_segments(const char *url, const char *prefix, char *store, size_t cap, char **seg,
		    int max)
{
	const char *rest = url + strlen(prefix);
	if (*rest == '\0')
		return 0;
	if (*rest != '/' || strlen(rest) >= cap)
		return -1;
	strcpy(store, rest + 1);
	int n = 0;
	for (char *s = store; s != NULL;) {
		char *slash = strchr(s, '/');
		if (slash)
			*slash = '\0';
		if (*s == '\0' || n == max)
			return -1;
		seg[n++] = s;
		s = slash ? slash + 1 : NULL;
	}
	return n;
}

int wb_parse_id(const char *s, int64_t *id)
{
	unsigned long v;
	if (s == NULL || util_parse_uint(s, 1UL << 52, &v) < 0 || v == 0)
		return -1;
	*id = (int64_t)v;
	return 0;
}

const char *wb_arg(const struct wb_req *rq, const char *key)
{
	for (size_t i = 0; i < rq->n_args; i++)
		if (strcmp(rq->args[i].key, key) == 0 && rq->args[i].val != NULL &&
		    strlen(rq->args[i].val) == rq->args[i].val_len)
			return rq->args[i].val;
	return NULL;
}

/* The JSON object of the body; NULL (with rp answered 400) when it is not
 * one. */
struct json_object *wb_body_json(const struct wb_req *rq, struct wb_reply *rp)
{
	if (rq->body == NULL || rq->body_len == 0) {
		wb_json_err(rp, 400, "input", "a JSON object is required");
		return NULL;
	}
	struct json_tokener *tok = json_tokener_new_ex(8);
	if (tok == NULL)
		xalloc_die(); /* json-c returns NULL only when out of memory */
	struct json_object *o = json_tokener_parse_ex(tok, rq->body, (int)rq->body_len);
	int ok = json_tokener_get_error(tok) == json_tokener_success && o != NULL &&
		 json_object_is_type(o, json_type_object);
	size_t used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (size_t i = used; ok && i < rq->body_len; i++)
		if (rq->body[i] != ' ' && rq->body[i] != '\n' && rq->body[i] != '\r' &&
		    rq->body[i] != '\t')
			ok = 0;
	if (!ok) {
		json_object_put(o);
		wb_json_err(rp, 400, "input", "the body is not a JSON object");
		return NULL;
	}
	return o;
}

/* A string member; *out NULL when absent.  -1 when present but not a string. */
int wb_jstr(struct json_object *o, const char *key, const char **out)
{
	struct json_object *v;
	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	*out = json_object_get_string(v);
	return strlen(*out) == (size_t)json_object_get_string_len(v) ? 0 : -1;
}

/* Form field name of the POST body, malloc()ed (NULL when absent or not
 * text). */
char *wb_form(const struct wb_req *rq, const char *name, size_t max)
{
	char *out = xmalloc(max + 1);
	if (web_form_get(rq->body, rq->body_len, name, out, max + 1) < 0) {
		free(out);
		return NULL;
	}
	return out;
}

static int csrf_ok(const struct wb_req *rq)
{
	if (rq->basic)
		return 1;
	if (rq->csrf == NULL || rq->csrf[0] == '\0')
		return 0;
	const char *given = rq->csrf_header;
	char field[80];
	if (given == NULL && web_form_get(rq->body, rq->body_len, "csrf", field, sizeof(field)) == 0)
		given = field;
	if (given == NULL || strlen(given) != strlen(rq->csrf))
		return 0;
	unsigned char diff = 0;
	for (size_t i = 0; given[i]; i++)
		diff |= (unsigned char)(given[i] ^ rq->csrf[i]);
	return diff == 0;
}

/* ---- documents ---- */

/* Fills it's document fields and citations from document id of the index,
 * at page (1..pages, or 0).  Returns 0, or -1 with *err (ERR_NOTFOUND,
 * ERR_INPUT for a page out of range). */
int wb_item_from_doc(const struct workbench *wb, struct search_db *db, unsigned id, int page,
			 const char *para, struct store_item *it, char **page_text,
			 struct error **err)
{
	struct docdata dd;
	if (db == NULL)
		return error_set(err, ERR_BUSY, "the index cannot be opened");
	if (search_doc_load(db, id, &dd, err) < 0)
		return -1;
	long long pages = docdata_int(&dd, "pages");
	if (page < 0 || page > pages) {
		docdata_close(&dd);
		return error_set(err, ERR_INPUT, "the document has %lld pages", pages);
	}
	/* The citations first: they read the document again and may find it
	 * gone (the index changed), before anything is filled in. */
	struct citeas_pin pin = { .para = para, .page = page };
	char *cite_nl = citeas_doc(wb->cs, db, id, "nl", page ? &pin : NULL, err);
	char *cite_en = cite_nl ? citeas_doc(wb->cs, db, id, "en", page ? &pin : NULL, err) : NULL;
	if (cite_en == NULL) {
		free(cite_nl);
		docdata_close(&dd);
		return -1;
	}
	it->cite_nl = cite_nl;
	it->cite_en = cite_en;
	const char *title = docdata_meta(&dd, "title");
	it->doc_path = xstrdup(docdata_str(&dd, "path"));
	it->doc_uid = xstrdup(dd.uid);
	it->doc_ident = xstrdup(docdata_meta(&dd, "ident"));
	it->doc_title = xstrdup(*title ? title : docdata_str(&dd, "title"));
	it->doc_type = xstrdup(docdata_meta(&dd, "type"));
	const char *court = docdata_meta(&dd, "court_name");
	it->doc_court = xstrdup(*court ? court : docdata_meta(&dd, "court"));
	it->doc_date = xstrdup(docdata_meta(&dd, "date"));
	it->page = page;
	it->para = xstrdup(para ? para : "");
	if (page_text != NULL) {
		*page_text = NULL;
		const char *t;
		size_t len;
		if (page > 0 && docdata_page(&dd, page, &t, &len) == 0) {
			if (len > WB_PAGE_TEXT) {
				len = WB_PAGE_TEXT;
				while (len > 0 && ((unsigned char)t[len] & 0xC0) == 0x80)
					len--; /* not inside a UTF-8 sequence */
			}
			*page_text = xstrndup(t, len);
		}
	}
	docdata_close(&dd);
	return 0;
}

/* text with every run of white space (PDF line breaks among them) made one
 * space, as a quotation is written; malloc()ed. */
char *wb_flow(const char *text)
{
	struct buf b = BUF_INIT;
	int space = 0;
	for (const char *p = text ? text : ""; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == '\f') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *p);
	}
	return buf_detach(&b);
}

void wb_item_fields_free(struct store_item *it)
{
	free(it->doc_path), free(it->doc_uid), free(it->doc_ident), free(it->doc_title);
	free(it->doc_type), free(it->doc_court), free(it->doc_date), free(it->para);
	free(it->cite_nl), free(it->cite_en);
}

/* The document an item refers to, in the index as it is now, or 0 when it
 * has gone. */
unsigned wb_item_doc(struct search_db *db, const struct store_item *it)
{
	if (db == NULL)
		return 0;
	unsigned id = search_doc_by_path(db, it->doc_path);
	if (id == 0 && it->doc_ident[0])
		id = search_doc_by_ident(db, it->doc_ident);
	return id;
}

void workbench_handle(struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp)
{
	int api = wb_starts(rq->url, "/api/");
	int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	int post = strcmp(rq->method, "POST") == 0;
	if (strcmp(rq->url, WB_JS_PATH) == 0) {
		rp->status = 200;
		rp->ctype = "text/javascript; charset=utf-8";
		buf_adds(&rp->body, wb_js);
		return;
	}
	if (!wb_starts(rq->url, "/feed/") && rq->user == NULL) {
		/* The server sends the unauthenticated elsewhere; this is a
		 * second lock on the door. */
		if (api)
			return wb_json_err(rp, 401, "auth", "authentication required");
		return wb_html_err(rq, rp, 403, TR(rq, "Log eerst in.", "Please log in first."));
	}
	if (!get && !post && !(api && strcmp(rq->method, "DELETE") == 0)) {
		if (api)
			return wb_json_err(rp, 405, "method", "method not allowed");
		return wb_html_err(rq, rp, 405, TR(rq, "Deze methode wordt hier niet ondersteund.",
						"This method is not supported here."));
	}
	if (!get && !csrf_ok(rq)) {
		if (api)
			return wb_json_err(rp, 403, "csrf",
					"a write needs the session's CSRF token (X-CSRF-Token) or Basic auth");
		return wb_html_err(rq, rp, 403, TR(rq, "Het formulier was verlopen; probeer het opnieuw.",
						"The form had expired; please try again."));
	}
	struct error *err = NULL;
	struct store *s = store_open(wb->path, &err);
	if (s == NULL) {
		fprintf(stderr, "kindex serve: workbench: %s\n", err->msg);
		error_free(err);
		if (api)
			return wb_json_err(rp, 503, "store", "the collections cannot be opened right now");
		return wb_html_err(rq, rp, 503, TR(rq, "De collecties kunnen nu niet worden geopend.",
						"Collections cannot be opened right now."));
	}
	int64_t id;
	if (wb_starts(rq->url, "/feed/") && get)
		wb_feed(wb, rq, rp, s);
	else if (wb_starts(rq->url, "/feed/"))
		wb_json_err(rp, 405, "method", "method not allowed");
	else if (wb_starts(rq->url, "/api/collections"))
		wb_api_collections(wb, rq, rp, s);
	else if (wb_starts(rq->url, "/api/saved"))
		wb_api_saved(rq, rp, s);
	else if (post)
		wb_html_posts(wb, rq, rp, s);
	else if (strcmp(rq->url, "/collections") == 0)
		wb_page_collections(rq, rp, s);
	else if (wb_starts(rq->url, "/collections/") &&
		 wb_parse_id(rq->url + strlen("/collections/"), &id) == 0)
		wb_page_collection(rq, rp, s, id);
	else if (wb_starts(rq->url, "/saved/") && wb_parse_id(rq->url + strlen("/saved/"), &id) == 0) {
		/* Opening a saved search: its matches are seen, then the search page. */
		struct store_saved sv;
		if (store_saved_get(s, rq->user, id, &sv, &err) < 0) {
			wb_html_store_err(rq, rp, err);
		} else {
			struct error *e2 = NULL;
			if (rq->db != NULL && wb_saved_mark(s, rq->db, &sv, "web", &e2) < 0)
				error_free(e2);
			struct buf to = BUF_INIT;
			if (sv.q[0] == '?') {
				buf_adds(&to, "/search");
				buf_adds(&to, sv.q);
			} else {
				buf_adds(&to, "/search?q=");
				buf_adds_url(&to, sv.q);
			}
			wb_redirect(rp, buf_str(&to));
			buf_free(&to);
			store_saved_clear(&sv);
		}
	} else
		wb_html_err(rq, rp, 404, TR(rq, "Deze pagina bestaat niet.", "This page does not exist."));
	store_close(s);
}

