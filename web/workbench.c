/* workbench.c - collections, exports, saved searches and feeds over HTTP
 * (see workbench.h).  The data is in web/store.c, the files in
 * web/export.c, the citations in search/citeas.c; this file is requests
 * and pages. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/docdata.h"
#include "web/export.h"
#include "web/pages.h"
#include "web/store.h"
#include "web/workbench.h"

#define WB_MAX_SAVED_HITS 100   /* matches a saved search or feed looks at */
#define WB_PAGE_TEXT 1200       /* bytes of a page kept when no passage is given */

#define TR(rq, nl_, en_) ((rq)->page != NULL && (rq)->page->en ? (en_) : (nl_))
#define A(p, s) buf_adds(&(p)->b, (s))
#define H(p, s) buf_adds_html(&(p)->b, (s))

struct workbench {
	char *path;
	const struct citeas *cs;
};

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
	struct workbench *wb = calloc(1, sizeof(*wb));
	if (wb == NULL || (wb->path = strdup(store_path)) == NULL)
		abort();
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

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int workbench_owns(const char *url)
{
	return strcmp(url, "/api/collections") == 0 || starts(url, "/api/collections/") ||
	       strcmp(url, "/api/saved") == 0 || starts(url, "/api/saved/") ||
	       strcmp(url, "/collections") == 0 || starts(url, "/collections/") ||
	       starts(url, "/saved/") || strcmp(url, "/saved") == 0 || starts(url, "/feed/") ||
	       strcmp(url, WB_JS_PATH) == 0;
}

int workbench_public(const char *url)
{
	return starts(url, "/feed/") || strcmp(url, WB_JS_PATH) == 0;
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
	"});\n";

/* ---- replies ---- */

static void json_reply(struct wb_reply *rp, unsigned status, struct json_object *o)
{
	rp->status = status;
	rp->ctype = "application/json; charset=utf-8";
	if (o != NULL) {
		buf_adds(&rp->body, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		buf_addc(&rp->body, '\n');
		json_object_put(o);
	}
}

static void json_err(struct wb_reply *rp, unsigned status, const char *code, const char *msg)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "error", json_object_new_string(code));
	json_object_object_add(o, "message", json_object_new_string(msg));
	json_reply(rp, status, o);
}

static unsigned err_status(const struct error *e)
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

static void redirect(struct wb_reply *rp, const char *to)
{
	rp->status = 303;
	rp->ctype = "text/plain; charset=utf-8";
	snprintf(rp->location, sizeof(rp->location), "%s", to);
}

/* An HTML error page in the site's frame. */
static void html_err(const struct wb_req *rq, struct wb_reply *rp, unsigned status,
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

static void html_store_err(const struct wb_req *rq, struct wb_reply *rp, struct error *e)
{
	unsigned st = err_status(e);
	if (st == 404)
		html_err(rq, rp, 404, TR(rq, "Deze collectie of zoekopdracht bestaat niet.",
					 "This collection or search does not exist."));
	else if (st == 400)
		html_err(rq, rp, 400, e->msg);
	else {
		fprintf(stderr, "kindex serve: workbench: %s\n", e->msg);
		html_err(rq, rp, st, TR(rq, "De collecties kunnen nu niet worden gelezen of bewaard.",
					"Collections cannot be read or saved right now."));
	}
	error_free(e);
}

static void api_store_err(struct wb_reply *rp, struct error *e)
{
	unsigned st = err_status(e);
	if (st >= 500)
		fprintf(stderr, "kindex serve: workbench: %s\n", e->msg);
	json_err(rp, st, st == 404 ? "notfound" : st == 400 ? "input" : "store",
		 st >= 500 ? "the collections cannot be read or written right now" : e->msg);
	error_free(e);
}

/* ---- request parsing ---- */

/* Splits url after prefix into up to max '/'-separated segments (pointing
 * into a copy in store, NUL-terminated).  Returns the count, or -1 for an
 * empty segment or too many. */
static int segments(const char *url, const char *prefix, char *store, size_t cap, char **seg,
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

static int parse_id(const char *s, int64_t *id)
{
	unsigned long v;
	if (s == NULL || util_parse_uint(s, 1UL << 52, &v) < 0 || v == 0)
		return -1;
	*id = (int64_t)v;
	return 0;
}

static const char *arg(const struct wb_req *rq, const char *key)
{
	for (size_t i = 0; i < rq->n_args; i++)
		if (strcmp(rq->args[i].key, key) == 0 && rq->args[i].val != NULL &&
		    strlen(rq->args[i].val) == rq->args[i].val_len)
			return rq->args[i].val;
	return NULL;
}

/* The JSON object of the body; NULL (with rp answered 400) when it is not
 * one. */
static struct json_object *body_json(const struct wb_req *rq, struct wb_reply *rp)
{
	if (rq->body == NULL || rq->body_len == 0) {
		json_err(rp, 400, "input", "a JSON object is required");
		return NULL;
	}
	struct json_tokener *tok = json_tokener_new_ex(8);
	if (tok == NULL)
		abort();
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
		json_err(rp, 400, "input", "the body is not a JSON object");
		return NULL;
	}
	return o;
}

/* A string member; *out NULL when absent.  -1 when present but not a string. */
static int jstr(struct json_object *o, const char *key, const char **out)
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
static char *form(const struct wb_req *rq, const char *name, size_t max)
{
	char *out = malloc(max + 1);
	if (out == NULL)
		abort();
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
static int item_from_doc(const struct workbench *wb, struct search_db *db, unsigned id, int page,
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
	const char *title = docdata_meta(&dd, "title");
	it->doc_path = strdup(docdata_str(&dd, "path"));
	it->doc_uid = strdup(dd.uid);
	it->doc_ident = strdup(docdata_meta(&dd, "ident"));
	it->doc_title = strdup(*title ? title : docdata_str(&dd, "title"));
	it->doc_type = strdup(docdata_meta(&dd, "type"));
	const char *court = docdata_meta(&dd, "court_name");
	it->doc_court = strdup(*court ? court : docdata_meta(&dd, "court"));
	it->doc_date = strdup(docdata_meta(&dd, "date"));
	it->page = page;
	it->para = strdup(para ? para : "");
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
			*page_text = strndup(t, len);
		}
	}
	docdata_close(&dd);
	struct citeas_pin pin = { .para = para, .page = page };
	it->cite_nl = citeas_doc(wb->cs, db, id, "nl", page ? &pin : NULL, NULL);
	it->cite_en = citeas_doc(wb->cs, db, id, "en", page ? &pin : NULL, NULL);
	if (!it->doc_path || !it->doc_uid || !it->doc_ident || !it->doc_title || !it->doc_type ||
	    !it->doc_court || !it->doc_date || !it->para || !it->cite_nl || !it->cite_en)
		abort();
	return 0;
}

/* text with every run of white space (PDF line breaks among them) made one
 * space, as a quotation is written; malloc()ed. */
static char *flow(const char *text)
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

static void item_fields_free(struct store_item *it)
{
	free(it->doc_path), free(it->doc_uid), free(it->doc_ident), free(it->doc_title);
	free(it->doc_type), free(it->doc_court), free(it->doc_date), free(it->para);
	free(it->cite_nl), free(it->cite_en);
}

/* The document an item refers to, in the index as it is now, or 0 when it
 * has gone. */
static unsigned item_doc(struct search_db *db, const struct store_item *it)
{
	if (db == NULL)
		return 0;
	unsigned id = search_doc_by_path(db, it->doc_path);
	if (id == 0 && it->doc_ident[0])
		id = search_doc_by_ident(db, it->doc_ident);
	return id;
}

/* ---- saved searches: running them ---- */

static int hexv(int c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* Decodes "a=1&b=x%20y" into kv (pointing into store). */
static int decode_query(const char *qs, char *store, size_t cap, struct web_kv *kv, size_t max,
			size_t *n)
{
	*n = 0;
	if (strlen(qs) >= cap)
		return -1;
	size_t o = 0;
	for (const char *p = qs; *p;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len > 0) {
			if (*n == max)
				return -1;
			char *key = store + o;
			kv[*n].key = key;
			kv[*n].val = NULL;
			kv[*n].val_len = 0;
			char *start = key;
			for (size_t i = 0; i < len; i++) {
				int c = (unsigned char)p[i];
				if (c == '=' && kv[*n].val == NULL) {
					store[o++] = '\0';
					start = store + o;
					kv[*n].val = start;
					continue;
				}
				if (c == '+')
					c = ' ';
				else if (c == '%' && i + 2 < len && hexv(p[i + 1]) >= 0 &&
					 hexv(p[i + 2]) >= 0) {
					c = hexv(p[i + 1]) * 16 + hexv(p[i + 2]);
					i += 2;
				}
				store[o++] = (char)c;
			}
			store[o++] = '\0';
			if (kv[*n].val == NULL)
				kv[*n].val = store + o - 1; /* "" */
			kv[*n].val_len = strlen(kv[*n].val);
			(*n)++;
		}
		p += len + (amp ? 1 : 0);
	}
	return 0;
}

/* Runs saved search q ("?q=..&article=.." as the search page's URL, or plain
 * words) newest first.  Returns the result or NULL with *err. */
static struct search_result *run_saved(struct search_db *db, const char *q, struct error **err)
{
	struct web_kv kv[64];
	size_t n = 0;
	char store[4200];
	if (q[0] == '?') {
		if (decode_query(q + 1, store, sizeof(store), kv, 64, &n) < 0) {
			error_set(err, ERR_INPUT, "the saved search is not valid");
			return NULL;
		}
	} else {
		kv[0] = (struct web_kv){ "q", q, strlen(q) };
		n = 1;
	}
	struct web_params *wp = calloc(1, sizeof(*wp));
	if (wp == NULL)
		abort();
	struct search_result *res = NULL;
	if (web_params_parse(kv, n, wp, err) == 0) {
		struct search_req req;
		web_params_to_req(wp, 1, &req);
		req.sort_date = 1;
		req.offset = 0;
		req.limit = WB_MAX_SAVED_HITS;
		req.facets = 0;
		req.passages = 1;
		res = search_run(db, &req, err);
	}
	free(wp);
	return res;
}

/* How many matches of sv are new to its user under which; -1 when it
 * cannot be run. */
static int saved_new(struct store *s, struct search_db *db, const struct store_saved *sv,
		     const char *which, unsigned *total, struct error **err)
{
	struct search_result *res = run_saved(db, sv->q, err);
	if (res == NULL)
		return -1;
	*total = res->total;
	const char **keys = calloc(res->n_hits + 1, sizeof(*keys));
	unsigned char *unseen = calloc(res->n_hits + 1, 1);
	if (keys == NULL || unseen == NULL)
		abort();
	for (size_t i = 0; i < res->n_hits; i++)
		keys[i] = res->hits[i].path;
	int n = -1;
	if (store_seen_unseen(s, sv->id, which, keys, res->n_hits, unseen, err) == 0) {
		n = 0;
		for (size_t i = 0; i < res->n_hits; i++)
			n += unseen[i];
	}
	free(keys);
	free(unseen);
	search_result_free(res);
	return n;
}

/* Records every current match of sv as seen under which. */
static int saved_mark(struct store *s, struct search_db *db, const struct store_saved *sv,
		      const char *which, struct error **err)
{
	struct search_result *res = run_saved(db, sv->q, err);
	if (res == NULL)
		return -1;
	const char **keys = calloc(res->n_hits + 1, sizeof(*keys));
	if (keys == NULL)
		abort();
	for (size_t i = 0; i < res->n_hits; i++)
		keys[i] = res->hits[i].path;
	int r = store_seen_mark(s, sv->id, which, keys, res->n_hits, err);
	free(keys);
	search_result_free(res);
	return r;
}

static void feed_path(const struct store_saved *sv, struct buf *b)
{
	buf_adds(b, "/feed/");
	buf_adds(b, sv->token);
}

/* ---- JSON views ---- */

static struct json_object *item_json(const struct store_item *it, struct search_db *db)
{
	struct json_object *o = json_object_new_object();
	unsigned id = item_doc(db, it);
	json_object_object_add(o, "id", json_object_new_int64(it->id));
	json_object_object_add(o, "pos", json_object_new_int((int)it->pos));
	json_object_object_add(o, "doc", id ? json_object_new_int64(id) : NULL);
	json_object_object_add(o, "gone", json_object_new_boolean(id == 0));
	json_object_object_add(o, "path", json_object_new_string(it->doc_path));
	json_object_object_add(o, "ident", json_object_new_string(it->doc_ident));
	json_object_object_add(o, "title", json_object_new_string(it->doc_title));
	json_object_object_add(o, "page", json_object_new_int(it->page));
	json_object_object_add(o, "para", it->para[0] ? json_object_new_string(it->para) : NULL);
	json_object_object_add(o, "text", json_object_new_string(it->text));
	json_object_object_add(o, "note", json_object_new_string(it->note));
	struct json_object *c = json_object_new_object();
	json_object_object_add(c, "nl", json_object_new_string(it->cite_nl));
	json_object_object_add(c, "en", json_object_new_string(it->cite_en));
	json_object_object_add(o, "cite_as", c);
	return o;
}

static struct json_object *saved_json(const struct store_saved *sv, int n_new)
{
	struct json_object *o = json_object_new_object();
	struct buf f = BUF_INIT;
	feed_path(sv, &f);
	json_object_object_add(o, "id", json_object_new_int64(sv->id));
	json_object_object_add(o, "name", json_object_new_string(sv->name));
	json_object_object_add(o, "q", json_object_new_string(sv->q));
	json_object_object_add(o, "feed", json_object_new_string(buf_str(&f)));
	if (n_new >= 0)
		json_object_object_add(o, "new", json_object_new_int(n_new));
	buf_free(&f);
	return o;
}

/* ---- the API ---- */

static void api_collections(const struct workbench *wb, const struct wb_req *rq,
			    struct wb_reply *rp, struct store *s)
{
	char store_[256], *seg[4];
	int n = segments(rq->url, "/api/collections", store_, sizeof(store_), seg, 4);
	int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	int post = strcmp(rq->method, "POST") == 0, del = strcmp(rq->method, "DELETE") == 0;
	struct error *err = NULL;
	int64_t id = 0, item = 0;
	if (n < 0 || (n >= 1 && parse_id(seg[0], &id) < 0)) {
		json_err(rp, 404, "notfound", "no such collection");
		return;
	}
	if (n == 0 && get) {
		struct store_collection *v;
		size_t k;
		if (store_coll_list(s, rq->user, &v, &k, &err) < 0)
			return api_store_err(rp, err);
		struct json_object *o = json_object_new_object(), *a = json_object_new_array();
		for (size_t i = 0; i < k; i++) {
			struct json_object *c = json_object_new_object();
			json_object_object_add(c, "id", json_object_new_int64(v[i].id));
			json_object_object_add(c, "name", json_object_new_string(v[i].name));
			json_object_object_add(c, "items", json_object_new_int((int)v[i].n_items));
			json_object_array_add(a, c);
			store_coll_clear(&v[i]);
		}
		free(v);
		json_object_object_add(o, "collections", a);
		return json_reply(rp, 200, o);
	}
	if (n == 0 && post) {
		struct json_object *b = body_json(rq, rp);
		const char *name;
		if (b == NULL)
			return;
		if (jstr(b, "name", &name) < 0 || name == NULL) {
			json_object_put(b);
			return json_err(rp, 400, "input", "\"name\" (a string) is required");
		}
		if (store_coll_create(s, rq->user, name, &id, &err) < 0) {
			json_object_put(b);
			return api_store_err(rp, err);
		}
		json_object_put(b);
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(id));
		return json_reply(rp, 201, o);
	}
	if (n == 1 && get) {
		struct store_collection c;
		struct store_item *items;
		size_t k;
		if (store_coll_get(s, rq->user, id, &c, &items, &k, &err) < 0)
			return api_store_err(rp, err);
		struct json_object *o = json_object_new_object(), *a = json_object_new_array();
		json_object_object_add(o, "id", json_object_new_int64(c.id));
		json_object_object_add(o, "name", json_object_new_string(c.name));
		for (size_t i = 0; i < k; i++)
			json_object_array_add(a, item_json(&items[i], rq->db));
		json_object_object_add(o, "items", a);
		store_items_free(items, k);
		store_coll_clear(&c);
		return json_reply(rp, 200, o);
	}
	if (n == 1 && del) {
		if (store_coll_delete(s, rq->user, id, &err) < 0)
			return api_store_err(rp, err);
		return json_reply(rp, 204, NULL);
	}
	if (n == 1 && post) { /* rename */
		struct json_object *b = body_json(rq, rp);
		const char *name;
		if (b == NULL)
			return;
		if (jstr(b, "name", &name) < 0 || name == NULL) {
			json_object_put(b);
			return json_err(rp, 400, "input", "\"name\" (a string) is required");
		}
		int r = store_coll_rename(s, rq->user, id, name, &err);
		json_object_put(b);
		if (r < 0)
			return api_store_err(rp, err);
		return json_reply(rp, 200, json_object_new_object());
	}
	if (n == 2 && strcmp(seg[1], "export") == 0 && get) {
		int f = export_format_parse(arg(rq, "format"));
		if (f < 0)
			return json_err(rp, 400, "input", "format must be docx, pdf, ris or csv");
		struct store_collection c;
		struct store_item *items;
		size_t k;
		if (store_coll_get(s, rq->user, id, &c, &items, &k, &err) < 0)
			return api_store_err(rp, err);
		const char *lang = arg(rq, "lang");
		int nl = lang ? strcmp(lang, "en") != 0 : !(rq->page && rq->page->en);
		if (export_collection((enum export_format)f, c.name, items, k, nl, &rp->body, &err) <
		    0) {
			store_items_free(items, k);
			store_coll_clear(&c);
			return api_store_err(rp, err);
		}
		rp->status = 200;
		rp->ctype = export_content_type((enum export_format)f);
		/* A file name of the collection's name, safe in a header. */
		size_t o = 0;
		for (const char *p = c.name; *p && o < 80; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')
				rp->filename[o++] = *p;
			else if (o > 0 && rp->filename[o - 1] != '-')
				rp->filename[o++] = '-';
		if (o == 0)
			o = (size_t)snprintf(rp->filename, 40, "kindex-%lld", (long long)id);
		snprintf(rp->filename + o, sizeof(rp->filename) - o, ".%s",
			 export_extension((enum export_format)f));
		store_items_free(items, k);
		store_coll_clear(&c);
		return;
	}
	if (n == 2 && strcmp(seg[1], "items") == 0 && post) {
		struct json_object *b = body_json(rq, rp), *dv, *pv;
		if (b == NULL)
			return;
		const char *text, *note, *para;
		unsigned long doc = 0;
		int page = 0;
		if (json_object_object_get_ex(b, "doc", &dv) && json_object_is_type(dv, json_type_int))
			doc = (unsigned long)json_object_get_int64(dv);
		else if (json_object_object_get_ex(b, "doc", &dv) &&
			 json_object_is_type(dv, json_type_string) && rq->db != NULL) {
			const char *ds = json_object_get_string(dv);
			if (util_parse_uint(ds, 0xFFFFFFFEUL, &doc) < 0)
				doc = search_doc_by_ident(rq->db, ds);
		}
		if (json_object_object_get_ex(b, "page", &pv)) {
			if (!json_object_is_type(pv, json_type_int) || json_object_get_int64(pv) < 0 ||
			    json_object_get_int64(pv) > 100000) {
				json_object_put(b);
				return json_err(rp, 400, "input", "\"page\" must be a page number");
			}
			page = (int)json_object_get_int64(pv);
		}
		if (jstr(b, "text", &text) < 0 || jstr(b, "note", &note) < 0 ||
		    jstr(b, "para", &para) < 0) {
			json_object_put(b);
			return json_err(rp, 400, "input", "text, note and para must be strings");
		}
		if (doc == 0 || doc > 0xFFFFFFFEUL) {
			json_object_put(b);
			return json_err(rp, 400, "input",
					"\"doc\" must name a document of the index (its id or identifier)");
		}
		struct store_item it = { 0 };
		char *page_text = NULL;
		if (item_from_doc(wb, rq->db, (unsigned)doc, page, para, &it,
				  text && *text ? NULL : &page_text, &err) < 0) {
			json_object_put(b);
			if (err->code == ERR_NOTFOUND) {
				error_free(err);
				return json_err(rp, 400, "input", "no such document in the index");
			}
			return api_store_err(rp, err);
		}
		it.text = flow(text && *text ? text : page_text);
		it.note = (char *)(note ? note : "");
		int r = store_item_add(s, rq->user, id, &it, &item, &err);
		item_fields_free(&it);
		free(it.text);
		free(page_text);
		json_object_put(b);
		if (r < 0)
			return api_store_err(rp, err);
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(item));
		return json_reply(rp, 201, o);
	}
	if (n == 3 && strcmp(seg[1], "items") == 0 && parse_id(seg[2], &item) == 0 && del) {
		if (store_item_delete(s, rq->user, id, item, &err) < 0)
			return api_store_err(rp, err);
		return json_reply(rp, 204, NULL);
	}
	if (n == 3 && strcmp(seg[1], "items") == 0 && parse_id(seg[2], &item) == 0 && post) {
		/* {"note": "..."} and/or {"pos": N} */
		struct json_object *b = body_json(rq, rp), *pv;
		const char *note;
		if (b == NULL)
			return;
		int r = 0;
		if (jstr(b, "note", &note) < 0) {
			json_object_put(b);
			return json_err(rp, 400, "input", "\"note\" must be a string");
		}
		if (note != NULL)
			r = store_item_note(s, rq->user, id, item, note, &err);
		if (r == 0 && json_object_object_get_ex(b, "pos", &pv)) {
			if (!json_object_is_type(pv, json_type_int) || json_object_get_int64(pv) < 1 ||
			    json_object_get_int64(pv) > STORE_MAX_ITEMS) {
				json_object_put(b);
				return json_err(rp, 400, "input", "\"pos\" must be a position");
			}
			r = store_item_move(s, rq->user, id, item, (unsigned)json_object_get_int64(pv),
					    &err);
		}
		json_object_put(b);
		if (r < 0)
			return api_store_err(rp, err);
		return json_reply(rp, 200, json_object_new_object());
	}
	if (n >= 1 && n <= 3 && (get || post || del))
		return json_err(rp, 404, "notfound", "no such collection or passage");
	json_err(rp, 405, "method", "method not allowed");
}

static void api_saved(const struct wb_req *rq, struct wb_reply *rp, struct store *s)
{
	char store_[128], *seg[2];
	int n = segments(rq->url, "/api/saved", store_, sizeof(store_), seg, 2);
	int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	int post = strcmp(rq->method, "POST") == 0, del = strcmp(rq->method, "DELETE") == 0;
	struct error *err = NULL;
	int64_t id = 0;
	if (n < 0 || (n >= 1 && parse_id(seg[0], &id) < 0)) {
		json_err(rp, 404, "notfound", "no such saved search");
		return;
	}
	if (n == 0 && post) {
		struct json_object *b = body_json(rq, rp);
		const char *name, *q;
		if (b == NULL)
			return;
		if (jstr(b, "name", &name) < 0 || jstr(b, "q", &q) < 0 || name == NULL || q == NULL) {
			json_object_put(b);
			return json_err(rp, 400, "input", "\"name\" and \"q\" (strings) are required");
		}
		/* The search must run now: a query that cannot would never alert. */
		struct search_result *res = rq->db ? run_saved(rq->db, q, &err) : NULL;
		if (res == NULL) {
			json_object_put(b);
			if (err == NULL)
				return json_err(rp, 503, "noindex", "the index cannot be opened");
			return api_store_err(rp, err);
		}
		search_result_free(res);
		struct store_saved sv;
		if (store_saved_create(s, rq->user, name, q, &sv, &err) < 0) {
			json_object_put(b);
			return api_store_err(rp, err);
		}
		json_object_put(b);
		/* What matches now is not new. */
		if (saved_mark(s, rq->db, &sv, "web", &err) < 0 ||
		    saved_mark(s, rq->db, &sv, "alerts", &err) < 0) {
			store_saved_clear(&sv);
			return api_store_err(rp, err);
		}
		struct json_object *o = saved_json(&sv, -1);
		store_saved_clear(&sv);
		return json_reply(rp, 201, o);
	}
	if (n == 0 && get) {
		struct store_saved *v;
		size_t k;
		if (store_saved_list(s, rq->user, &v, &k, &err) < 0)
			return api_store_err(rp, err);
		struct json_object *o = json_object_new_object(), *a = json_object_new_array();
		for (size_t i = 0; i < k; i++) {
			unsigned total = 0;
			struct error *e2 = NULL;
			int nn = rq->db ? saved_new(s, rq->db, &v[i], "web", &total, &e2) : -1;
			error_free(e2);
			json_object_array_add(a, saved_json(&v[i], nn));
		}
		store_saved_free(v, k);
		json_object_object_add(o, "saved", a);
		return json_reply(rp, 200, o);
	}
	if (n == 1 && del) {
		if (store_saved_delete(s, rq->user, id, &err) < 0)
			return api_store_err(rp, err);
		return json_reply(rp, 204, NULL);
	}
	if (n == 1 && get) {
		struct store_saved sv;
		if (store_saved_get(s, rq->user, id, &sv, &err) < 0)
			return api_store_err(rp, err);
		unsigned total = 0;
		struct error *e2 = NULL;
		int nn = rq->db ? saved_new(s, rq->db, &sv, "web", &total, &e2) : -1;
		error_free(e2);
		struct json_object *o = saved_json(&sv, nn);
		store_saved_clear(&sv);
		return json_reply(rp, 200, o);
	}
	if (n == 2 && strcmp(seg[1], "token") == 0 && post) {
		struct store_saved sv;
		if (store_saved_new_token(s, rq->user, id, &err) < 0 ||
		    store_saved_get(s, rq->user, id, &sv, &err) < 0)
			return api_store_err(rp, err);
		struct json_object *o = saved_json(&sv, -1);
		store_saved_clear(&sv);
		return json_reply(rp, 200, o);
	}
	if (n <= 2 && (get || post || del))
		return json_err(rp, 404, "notfound", "no such saved search");
	json_err(rp, 405, "method", "method not allowed");
}

/* ---- the Atom feed ---- */

static void xml_text(struct buf *b, const char *s)
{
	/* XML 1.0 forbids most control characters; buf_add_html escapes
	 * & < > " ', which XML reads as well. */
	struct buf c = BUF_INIT;
	for (const char *p = s ? s : ""; *p; p++)
		buf_addc(&c, (unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' ? ' ' : *p);
	buf_add_html(b, buf_str(&c), c.len);
	buf_free(&c);
}

static void atom_date(struct buf *b, const char *date, double fallback)
{
	if (date && strlen(date) == 10 && date[4] == '-' && date[7] == '-') {
		buf_addf(b, "%sT00:00:00Z", date);
		return;
	}
	char t[32];
	time_t tt = (time_t)fallback;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_adds(b, t);
}

static void feed(const struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp,
		 struct store *s)
{
	const char *token = rq->url + strlen("/feed/");
	struct store_saved sv;
	struct error *err = NULL;
	if (store_saved_by_token(s, token, &sv, &err) < 0) {
		error_free(err);
		rp->status = 404;
		rp->ctype = "text/plain; charset=utf-8";
		buf_adds(&rp->body, "No such feed.\n");
		return;
	}
	struct search_result *res = rq->db ? run_saved(rq->db, sv.q, &err) : NULL;
	if (res == NULL) {
		store_saved_clear(&sv);
		rp->status = err && err_status(err) == 400 ? 400 : 503;
		rp->ctype = "text/plain; charset=utf-8";
		buf_adds(&rp->body, "The search cannot be run right now.\n");
		error_free(err);
		return;
	}
	struct buf *b = &rp->body;
	const char *base = rq->base_url ? rq->base_url : "";
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>kindex: ");
	xml_text(b, sv.name);
	buf_addf(b, "</title>\n<id>urn:kindex:saved:%lld:%.0f</id>\n<updated>", (long long)sv.id,
		 sv.created);
	atom_date(b, NULL, (double)time(NULL));
	buf_adds(b, "</updated>\n<author><name>kindex</name></author>\n<link rel=\"self\" href=\"");
	xml_text(b, base);
	buf_adds(b, "/feed/");
	xml_text(b, token);
	buf_adds(b, "\"/>\n");
	for (size_t i = 0; i < res->n_hits; i++) {
		const struct search_hit *h = &res->hits[i];
		char hash[33];
		util_hash_hex(h->path, strlen(h->path), hash);
		buf_adds(b, "<entry>\n<title>");
		xml_text(b, h->title[0] ? h->title : h->path);
		buf_addf(b, "</title>\n<id>urn:kindex:doc:%s</id>\n<updated>", hash);
		atom_date(b, h->date, sv.created);
		buf_adds(b, "</updated>\n<link href=\"");
		xml_text(b, base);
		buf_addf(b, "/doc/%u\"/>\n<summary>", h->id);
		char *cite = citeas_doc(wb->cs, rq->db, h->id, "nl", NULL, NULL);
		xml_text(b, cite ? cite : h->title);
		free(cite);
		buf_adds(b, "</summary>\n</entry>\n");
	}
	buf_adds(b, "</feed>\n");
	rp->status = 200;
	rp->ctype = "application/atom+xml; charset=utf-8";
	search_result_free(res);
	store_saved_clear(&sv);
}

/* ---- the pages ---- */

static void date_of(struct buf *b, double t)
{
	char s[32];
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M", &tm);
	buf_adds(b, s);
}

static void csrf_field(struct page *p)
{
	A(p, "<input type=\"hidden\" name=\"csrf\" value=\"");
	H(p, p->csrf ? p->csrf : "");
	A(p, "\">");
}

static void finish_page(struct page *p, struct wb_reply *rp, unsigned status)
{
	page_end(p);
	rp->status = status;
	rp->ctype = "text/html; charset=utf-8";
	rp->html = 1;
	buf_add(&rp->body, buf_str(&p->b), p->b.len);
	buf_reset(&p->b);
}

static void page_collections(const struct wb_req *rq, struct wb_reply *rp, struct store *s)
{
	struct page *p = rq->page;
	struct store_collection *v;
	struct store_saved *sv;
	size_t k, ks;
	struct error *err = NULL;
	if (store_coll_list(s, rq->user, &v, &k, &err) < 0)
		return html_store_err(rq, rp, err);
	if (store_saved_list(s, rq->user, &sv, &ks, &err) < 0) {
		for (size_t i = 0; i < k; i++)
			store_coll_clear(&v[i]);
		free(v);
		return html_store_err(rq, rp, err);
	}
	buf_reset(&p->b);
	page_begin(p, TR(rq, "Collecties", "Collections"));
	A(p, "<h1>");
	A(p, TR(rq, "Collecties", "Collections"));
	A(p, "</h1>");
	if (k == 0) {
		A(p, "<p class=\"note\">");
		A(p, TR(rq, "Nog geen collecties. Bewaar een passage vanuit een zoekresultaat, of maak "
			    "hieronder een collectie.",
			"No collections yet. Keep a passage from a search result, or make a collection "
			"below."));
		A(p, "</p>");
	} else {
		A(p, "<ul class=\"collections\">");
		for (size_t i = 0; i < k; i++) {
			buf_addf(&p->b, "<li><a href=\"/collections/%lld\">", (long long)v[i].id);
			H(p, v[i].name);
			buf_addf(&p->b, "</a> <span class=\"muted\">%u %s · ", v[i].n_items,
				 v[i].n_items == 1 ? TR(rq, "passage", "passage")
						   : TR(rq, "passages", "passages"));
			date_of(&p->b, v[i].updated);
			A(p, "</span></li>");
		}
		A(p, "</ul>");
	}
	A(p, "<form class=\"new-coll\" method=\"post\" action=\"/collections\">");
	csrf_field(p);
	A(p, "<label>");
	A(p, TR(rq, "Nieuwe collectie", "New collection"));
	buf_addf(&p->b, " <input name=\"name\" required maxlength=\"%d\"></label> <button "
			"type=\"submit\">",
		 STORE_MAX_NAME);
	A(p, TR(rq, "Maken", "Create"));
	A(p, "</button></form>");

	A(p, "<h2>");
	A(p, TR(rq, "Bewaarde zoekopdrachten", "Saved searches"));
	A(p, "</h2>");
	if (ks == 0) {
		A(p, "<p class=\"note\">");
		A(p, TR(rq, "Bewaar een zoekopdracht met de knop onder de zoekresultaten.",
			"Save a search with the button below the search results."));
		A(p, "</p>");
	} else {
		A(p, "<ul class=\"saved\">");
		for (size_t i = 0; i < ks; i++) {
			unsigned total = 0;
			struct error *e2 = NULL;
			int nn = rq->db ? saved_new(s, rq->db, &sv[i], "web", &total, &e2) : -1;
			error_free(e2);
			buf_addf(&p->b, "<li><a href=\"/saved/%lld\">", (long long)sv[i].id);
			H(p, sv[i].name);
			A(p, "</a>");
			if (nn > 0)
				buf_addf(&p->b, " <strong class=\"new\">%d %s</strong>", nn,
					 TR(rq, "nieuw", "new"));
			A(p, " <a class=\"feed\" href=\"");
			struct buf f = BUF_INIT;
			feed_path(&sv[i], &f);
			H(p, buf_str(&f));
			buf_free(&f);
			A(p, "\">Atom</a>");
			buf_addf(&p->b, " <form class=\"inline\" method=\"post\" "
					"action=\"/saved/%lld/token\">",
				 (long long)sv[i].id);
			csrf_field(p);
			A(p, "<button type=\"submit\">");
			A(p, TR(rq, "Nieuw feedadres", "New feed address"));
			buf_addf(&p->b, "</button></form> <form class=\"inline\" method=\"post\" "
					"action=\"/saved/%lld/delete\">",
				 (long long)sv[i].id);
			csrf_field(p);
			A(p, "<button type=\"submit\">");
			A(p, TR(rq, "Verwijderen", "Delete"));
			A(p, "</button></form></li>");
		}
		A(p, "</ul>");
	}
	for (size_t i = 0; i < k; i++)
		store_coll_clear(&v[i]);
	free(v);
	store_saved_free(sv, ks);
	finish_page(p, rp, 200);
}

static void item_action(struct page *p, int64_t coll, const struct store_item *it,
			const char *action, const char *label)
{
	buf_addf(&p->b, "<form class=\"inline\" method=\"post\" action=\"/collections/%lld/items/%lld/%s\">",
		 (long long)coll, (long long)it->id, action);
	csrf_field(p);
	A(p, "<button type=\"submit\">");
	A(p, label);
	A(p, "</button></form>");
}

static void page_collection(const struct wb_req *rq, struct wb_reply *rp, struct store *s,
			    int64_t id)
{
	struct page *p = rq->page;
	struct store_collection c;
	struct store_item *items;
	size_t k;
	struct error *err = NULL;
	if (store_coll_get(s, rq->user, id, &c, &items, &k, &err) < 0)
		return html_store_err(rq, rp, err);
	int nl = !p->en;
	buf_reset(&p->b);
	page_begin(p, c.name);
	A(p, "<p class=\"crumbs\"><a href=\"/collections\">");
	A(p, TR(rq, "Collecties", "Collections"));
	A(p, "</a></p><h1>");
	H(p, c.name);
	A(p, "</h1><p class=\"export\">");
	A(p, TR(rq, "Exporteren als", "Export as"));
	static const char *const fmts[][2] = { { "docx", "Word" },
					       { "pdf", "PDF" },
					       { "ris", "RIS (Zotero, EndNote)" },
					       { "csv", "CSV" } };
	for (size_t i = 0; i < 4; i++)
		buf_addf(&p->b, " <a class=\"btn\" href=\"/api/collections/%lld/export?format=%s&amp;lang=%s\">%s</a>",
			 (long long)id, fmts[i][0], nl ? "nl" : "en", fmts[i][1]);
	A(p, "</p>");
	if (k == 0) {
		A(p, "<p class=\"note\">");
		A(p, TR(rq, "Deze collectie is nog leeg. Bewaar passages vanuit de zoekresultaten of "
			    "een document.",
			"This collection is empty. Keep passages from the search results or a "
			"document."));
		A(p, "</p>");
	}
	A(p, "<ol class=\"items\">");
	for (size_t i = 0; i < k; i++) {
		const struct store_item *it = &items[i];
		unsigned doc = item_doc(rq->db, it);
		const char *cite = nl ? it->cite_nl : it->cite_en;
		buf_addf(&p->b, "<li class=\"item\" id=\"item-%lld\"><h2>", (long long)it->id);
		if (doc) {
			buf_addf(&p->b, "<a href=\"/doc/%u", doc);
			if (it->page > 0)
				buf_addf(&p->b, "#p-%d", it->page);
			A(p, "\">");
			H(p, it->doc_title);
			A(p, "</a>");
		} else {
			H(p, it->doc_title);
			A(p, " <span class=\"gone\">");
			A(p, TR(rq, "(niet meer in de index)", "(no longer in the index)"));
			A(p, "</span>");
		}
		A(p, "</h2><blockquote class=\"passage\"><p>");
		H(p, it->text);
		A(p, "</p></blockquote><p class=\"cite\"><span class=\"cite-text\">");
		H(p, cite);
		A(p, "</span> <button type=\"button\" class=\"copy\" data-copy=\"");
		H(p, cite);
		A(p, "\" data-done=\"");
		A(p, TR(rq, "Gekopieerd", "Copied"));
		A(p, "\">");
		A(p, TR(rq, "Kopieer citaat", "Copy citation"));
		A(p, "</button></p>");
		buf_addf(&p->b, "<form class=\"note-form\" method=\"post\" "
				"action=\"/collections/%lld/items/%lld/note\">",
			 (long long)id, (long long)it->id);
		csrf_field(p);
		buf_addf(&p->b, "<label>%s <textarea name=\"note\" rows=\"2\" maxlength=\"%d\">",
			 TR(rq, "Notitie", "Note"), STORE_MAX_NOTE);
		H(p, it->note);
		A(p, "</textarea></label> <button type=\"submit\">");
		A(p, TR(rq, "Notitie bewaren", "Save note"));
		A(p, "</button></form><div class=\"item-actions\">");
		if (i > 0)
			item_action(p, id, it, "up", TR(rq, "Omhoog", "Move up"));
		if (i + 1 < k)
			item_action(p, id, it, "down", TR(rq, "Omlaag", "Move down"));
		item_action(p, id, it, "delete", TR(rq, "Verwijderen", "Remove"));
		A(p, "</div></li>");
	}
	A(p, "</ol>");
	buf_addf(&p->b, "<form class=\"rename\" method=\"post\" action=\"/collections/%lld/rename\">",
		 (long long)id);
	csrf_field(p);
	A(p, "<label>");
	A(p, TR(rq, "Naam", "Name"));
	buf_addf(&p->b, " <input name=\"name\" required maxlength=\"%d\" value=\"", STORE_MAX_NAME);
	H(p, c.name);
	A(p, "\"></label> <button type=\"submit\">");
	A(p, TR(rq, "Hernoemen", "Rename"));
	buf_addf(&p->b, "</button></form><form class=\"delete\" method=\"post\" "
			"action=\"/collections/%lld/delete\">",
		 (long long)id);
	csrf_field(p);
	A(p, "<button type=\"submit\" class=\"danger\">");
	A(p, TR(rq, "Collectie verwijderen", "Delete collection"));
	A(p, "</button></form>");
	store_items_free(items, k);
	store_coll_clear(&c);
	finish_page(p, rp, 200);
}

/* POST /collections/add: a passage from a hit or the document page.  Without
 * `coll`, a page asks which collection; with it, the passage is kept. */
static void page_add(const struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp,
		     struct store *s)
{
	struct page *p = rq->page;
	char *doc_s = form(rq, "doc", 16), *page_s = form(rq, "page", 8);
	char *para = form(rq, "para", 32), *text = form(rq, "text", STORE_MAX_TEXT);
	char *coll_s = form(rq, "coll", 24), *name = form(rq, "name", STORE_MAX_NAME);
	char *note = form(rq, "note", STORE_MAX_NOTE);
	unsigned long doc = 0, page = 0;
	struct error *err = NULL;
	struct store_item it = { 0 };
	char *page_text = NULL;
	if (doc_s == NULL || util_parse_uint(doc_s, 0xFFFFFFFEUL, &doc) < 0 || doc == 0 ||
	    (page_s != NULL && *page_s && util_parse_uint(page_s, 100000, &page) < 0)) {
		html_err(rq, rp, 400, TR(rq, "Deze passage kan niet worden bewaard: het document of "
					     "de pagina ontbreekt.",
					 "This passage cannot be kept: the document or page is missing."));
		goto out;
	}
	if (item_from_doc(wb, rq->db, (unsigned)doc, (int)page, para, &it,
			  text && *text ? NULL : &page_text, &err) < 0) {
		if (err->code == ERR_NOTFOUND || err->code == ERR_INPUT) {
			error_free(err);
			html_err(rq, rp, 400, TR(rq, "Dit document of deze pagina bestaat niet.",
						 "This document or page does not exist."));
		} else {
			html_store_err(rq, rp, err);
		}
		goto out;
	}
	it.text = flow(text && *text ? text : page_text);
	it.note = note ? note : (char *)"";
	int64_t coll = 0;
	if (coll_s != NULL && strcmp(coll_s, "new") == 0) {
		if (store_coll_create(s, rq->user, name && *name ? name : TR(rq, "Nieuwe collectie",
									      "New collection"),
				      &coll, &err) < 0) {
			html_store_err(rq, rp, err);
			goto out;
		}
	} else if (coll_s != NULL && parse_id(coll_s, &coll) < 0) {
		html_err(rq, rp, 404, TR(rq, "Deze collectie bestaat niet.",
					 "This collection does not exist."));
		goto out;
	}
	if (coll != 0) {
		int64_t item;
		if (store_item_add(s, rq->user, coll, &it, &item, &err) < 0) {
			html_store_err(rq, rp, err);
			goto out;
		}
		char to[96];
		snprintf(to, sizeof(to), "/collections/%lld#item-%lld", (long long)coll,
			 (long long)item);
		redirect(rp, to);
		goto out;
	}
	/* Which collection? */
	struct store_collection *v;
	size_t k;
	if (store_coll_list(s, rq->user, &v, &k, &err) < 0) {
		html_store_err(rq, rp, err);
		goto out;
	}
	buf_reset(&p->b);
	page_begin(p, TR(rq, "Passage bewaren", "Keep passage"));
	A(p, "<h1>");
	A(p, TR(rq, "Passage bewaren", "Keep passage"));
	A(p, "</h1><blockquote class=\"passage\"><p>");
	H(p, it.text);
	A(p, "</p></blockquote><p class=\"cite\">");
	H(p, p->en ? it.cite_en : it.cite_nl);
	A(p, "</p><form method=\"post\" action=\"/collections/add\">");
	csrf_field(p);
	A(p, "<input type=\"hidden\" name=\"doc\" value=\"");
	H(p, doc_s);
	A(p, "\"><input type=\"hidden\" name=\"page\" value=\"");
	H(p, page_s ? page_s : "");
	A(p, "\"><input type=\"hidden\" name=\"para\" value=\"");
	H(p, para ? para : "");
	A(p, "\"><input type=\"hidden\" name=\"text\" value=\"");
	H(p, it.text);
	A(p, "\"><fieldset><legend>");
	A(p, TR(rq, "In collectie", "In collection"));
	A(p, "</legend>");
	for (size_t i = 0; i < k; i++) {
		buf_addf(&p->b, "<label><input type=\"radio\" name=\"coll\" value=\"%lld\"%s> ",
			 (long long)v[i].id, i == 0 ? " checked" : "");
		H(p, v[i].name);
		A(p, "</label><br>");
		store_coll_clear(&v[i]);
	}
	free(v);
	buf_addf(&p->b, "<label><input type=\"radio\" name=\"coll\" value=\"new\"%s> ",
		 k == 0 ? " checked" : "");
	A(p, TR(rq, "Nieuwe collectie:", "New collection:"));
	buf_addf(&p->b, "</label> <input name=\"name\" maxlength=\"%d\" aria-label=\"%s\"></fieldset>",
		 STORE_MAX_NAME, TR(rq, "Naam van de nieuwe collectie", "Name of the new collection"));
	buf_addf(&p->b, "<label>%s <textarea name=\"note\" rows=\"2\" maxlength=\"%d\"></textarea></label>",
		 TR(rq, "Notitie", "Note"), STORE_MAX_NOTE);
	A(p, "<p><button type=\"submit\">");
	A(p, TR(rq, "Bewaren", "Keep"));
	A(p, "</button></p></form>");
	finish_page(p, rp, 200);
out:
	if (it.doc_path != NULL)
		item_fields_free(&it);
	free(it.text);
	free(page_text);
	free(doc_s), free(page_s), free(para), free(text), free(coll_s), free(name), free(note);
}

static void html_posts(const struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp,
		       struct store *s)
{
	struct error *err = NULL;
	char store_[256], *seg[5];
	if (strcmp(rq->url, "/collections/add") == 0)
		return page_add(wb, rq, rp, s);
	if (strcmp(rq->url, "/collections") == 0) {
		char *name = form(rq, "name", STORE_MAX_NAME);
		int64_t id;
		int r = store_coll_create(s, rq->user, name ? name : "", &id, &err);
		free(name);
		if (r < 0)
			return html_store_err(rq, rp, err);
		char to[64];
		snprintf(to, sizeof(to), "/collections/%lld", (long long)id);
		return redirect(rp, to);
	}
	if (strcmp(rq->url, "/saved") == 0) {
		char *name = form(rq, "name", STORE_MAX_NAME), *q = form(rq, "q", 4096);
		struct store_saved sv;
		int r = -1;
		struct search_result *res = rq->db && q ? run_saved(rq->db, q, &err) : NULL;
		if (res != NULL) {
			search_result_free(res);
			r = store_saved_create(s, rq->user, name && *name ? name : q, q, &sv, &err);
			if (r == 0) {
				if (saved_mark(s, rq->db, &sv, "web", &err) < 0 ||
				    saved_mark(s, rq->db, &sv, "alerts", &err) < 0)
					r = -1;
				store_saved_clear(&sv);
			}
		} else if (err == NULL) {
			err = error_new(ERR_INPUT, "%s", TR(rq, "Er is geen zoekopdracht om te bewaren.",
							    "There is no search to save."));
		}
		free(name), free(q);
		if (r < 0)
			return html_store_err(rq, rp, err);
		return redirect(rp, "/collections");
	}
	int n = segments(rq->url, "/saved", store_, sizeof(store_), seg, 2);
	int64_t id, item;
	if (n == 2 && parse_id(seg[0], &id) == 0) {
		int r = strcmp(seg[1], "delete") == 0  ? store_saved_delete(s, rq->user, id, &err)
			: strcmp(seg[1], "token") == 0 ? store_saved_new_token(s, rq->user, id, &err)
						       : (err = error_new(ERR_NOTFOUND, "no such action"), -1);
		if (r < 0)
			return html_store_err(rq, rp, err);
		return redirect(rp, "/collections");
	}
	n = segments(rq->url, "/collections", store_, sizeof(store_), seg, 4);
	if (n < 2 || parse_id(seg[0], &id) < 0)
		return html_err(rq, rp, 404, TR(rq, "Deze pagina bestaat niet.",
						"This page does not exist."));
	char to[96];
	snprintf(to, sizeof(to), "/collections/%lld", (long long)id);
	int r;
	if (n == 2 && strcmp(seg[1], "rename") == 0) {
		char *name = form(rq, "name", STORE_MAX_NAME);
		r = store_coll_rename(s, rq->user, id, name ? name : "", &err);
		free(name);
	} else if (n == 2 && strcmp(seg[1], "delete") == 0) {
		r = store_coll_delete(s, rq->user, id, &err);
		snprintf(to, sizeof(to), "/collections");
	} else if (n == 4 && strcmp(seg[1], "items") == 0 && parse_id(seg[2], &item) == 0) {
		if (strcmp(seg[3], "delete") == 0) {
			r = store_item_delete(s, rq->user, id, item, &err);
		} else if (strcmp(seg[3], "note") == 0) {
			char *note = form(rq, "note", STORE_MAX_NOTE);
			r = note ? store_item_note(s, rq->user, id, item, note, &err)
				 : error_set(&err, ERR_INPUT, "%s",
					     TR(rq, "De notitie is te lang of ongeldig.",
						"The note is too long or not valid."));
			free(note);
			snprintf(to, sizeof(to), "/collections/%lld#item-%lld", (long long)id,
				 (long long)item);
		} else if (strcmp(seg[3], "up") == 0 || strcmp(seg[3], "down") == 0) {
			struct store_collection c;
			struct store_item *items;
			size_t k;
			r = store_coll_get(s, rq->user, id, &c, &items, &k, &err);
			if (r == 0) {
				unsigned pos = 0;
				for (size_t i = 0; i < k; i++)
					if (items[i].id == item)
						pos = (unsigned)i + 1;
				store_items_free(items, k);
				store_coll_clear(&c);
				if (pos == 0)
					r = error_set(&err, ERR_NOTFOUND, "no such passage");
				else
					r = store_item_move(s, rq->user, id, item,
							    seg[3][0] == 'u' ? (pos > 1 ? pos - 1 : 1)
									     : pos + 1,
							    &err);
			}
			snprintf(to, sizeof(to), "/collections/%lld#item-%lld", (long long)id,
				 (long long)item);
		} else {
			r = error_set(&err, ERR_NOTFOUND, "no such action");
		}
	} else {
		r = error_set(&err, ERR_NOTFOUND, "no such action");
	}
	if (r < 0)
		return html_store_err(rq, rp, err);
	redirect(rp, to);
}

void workbench_handle(struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp)
{
	int api = starts(rq->url, "/api/");
	int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	int post = strcmp(rq->method, "POST") == 0;
	if (strcmp(rq->url, WB_JS_PATH) == 0) {
		rp->status = 200;
		rp->ctype = "text/javascript; charset=utf-8";
		buf_adds(&rp->body, wb_js);
		return;
	}
	if (!starts(rq->url, "/feed/") && rq->user == NULL) {
		/* The server sends the unauthenticated elsewhere; this is a
		 * second lock on the door. */
		if (api)
			return json_err(rp, 401, "auth", "authentication required");
		return html_err(rq, rp, 403, TR(rq, "Log eerst in.", "Please log in first."));
	}
	if (!get && !post && !(api && strcmp(rq->method, "DELETE") == 0)) {
		if (api)
			return json_err(rp, 405, "method", "method not allowed");
		return html_err(rq, rp, 405, TR(rq, "Deze methode wordt hier niet ondersteund.",
						"This method is not supported here."));
	}
	if (!get && !csrf_ok(rq)) {
		if (api)
			return json_err(rp, 403, "csrf",
					"a write needs the session's CSRF token (X-CSRF-Token) or Basic auth");
		return html_err(rq, rp, 403, TR(rq, "Het formulier was verlopen; probeer het opnieuw.",
						"The form had expired; please try again."));
	}
	struct error *err = NULL;
	struct store *s = store_open(wb->path, &err);
	if (s == NULL) {
		fprintf(stderr, "kindex serve: workbench: %s\n", err->msg);
		error_free(err);
		if (api)
			return json_err(rp, 503, "store", "the collections cannot be opened right now");
		return html_err(rq, rp, 503, TR(rq, "De collecties kunnen nu niet worden geopend.",
						"Collections cannot be opened right now."));
	}
	int64_t id;
	if (starts(rq->url, "/feed/") && get)
		feed(wb, rq, rp, s);
	else if (starts(rq->url, "/feed/"))
		json_err(rp, 405, "method", "method not allowed");
	else if (starts(rq->url, "/api/collections"))
		api_collections(wb, rq, rp, s);
	else if (starts(rq->url, "/api/saved"))
		api_saved(rq, rp, s);
	else if (post)
		html_posts(wb, rq, rp, s);
	else if (strcmp(rq->url, "/collections") == 0)
		page_collections(rq, rp, s);
	else if (starts(rq->url, "/collections/") &&
		 parse_id(rq->url + strlen("/collections/"), &id) == 0)
		page_collection(rq, rp, s, id);
	else if (starts(rq->url, "/saved/") && parse_id(rq->url + strlen("/saved/"), &id) == 0) {
		/* Opening a saved search: its matches are seen, then the search page. */
		struct store_saved sv;
		if (store_saved_get(s, rq->user, id, &sv, &err) < 0) {
			html_store_err(rq, rp, err);
		} else {
			struct error *e2 = NULL;
			if (rq->db != NULL && saved_mark(s, rq->db, &sv, "web", &e2) < 0)
				error_free(e2);
			struct buf to = BUF_INIT;
			if (sv.q[0] == '?') {
				buf_adds(&to, "/search");
				buf_adds(&to, sv.q);
			} else {
				buf_adds(&to, "/search?q=");
				buf_adds_url(&to, sv.q);
			}
			redirect(rp, buf_str(&to));
			buf_free(&to);
			store_saved_clear(&sv);
		}
	} else
		html_err(rq, rp, 404, TR(rq, "Deze pagina bestaat niet.", "This page does not exist."));
	store_close(s);
}
