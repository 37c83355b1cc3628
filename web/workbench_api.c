/* workbench_api.c - the JSON API of collections and saved searches (see
 * workbench.h for the routes and who may use them). */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/docdata.h"
#include "web/export.h"
#include "web/wb_internal.h"

/* ---- JSON views ---- */

static struct json_object *item_json(const struct store_item *it, struct search_db *db)
{
	struct json_object *o = json_object_new_object();
	unsigned id = wb_item_doc(db, it);
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
	wb_feed_path(sv, &f);
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

void wb_api_collections(const struct workbench *wb, const struct wb_req *rq,
			    struct wb_reply *rp, struct store *s)
{
	char store_[256], *seg[4];
	int n = wb_segments(rq->url, "/api/collections", store_, sizeof(store_), seg, 4);
	int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	int post = strcmp(rq->method, "POST") == 0, del = strcmp(rq->method, "DELETE") == 0;
	struct error *err = NULL;
	int64_t id = 0, item = 0;
	if (n < 0 || (n >= 1 && wb_parse_id(seg[0], &id) < 0)) {
		wb_json_err(rp, 404, "notfound", "no such collection");
		return;
	}
	if (n == 0 && get) {
		struct store_collection *v;
		size_t k;
		if (store_coll_list(s, rq->user, &v, &k, &err) < 0)
			return wb_api_store_err(rp, err);
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
		return wb_json_reply(rp, 200, o);
	}
	if (n == 0 && post) {
		struct json_object *b = wb_body_json(rq, rp);
		const char *name;
		if (b == NULL)
			return;
		if (wb_jstr(b, "name", &name) < 0 || name == NULL) {
			json_object_put(b);
			return wb_json_err(rp, 400, "input", "\"name\" (a string) is required");
		}
		if (store_coll_create(s, rq->user, name, &id, &err) < 0) {
			json_object_put(b);
			return wb_api_store_err(rp, err);
		}
		json_object_put(b);
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(id));
		return wb_json_reply(rp, 201, o);
	}
	if (n == 1 && get) {
		struct store_collection c;
		struct store_item *items;
		size_t k;
		if (store_coll_get(s, rq->user, id, &c, &items, &k, &err) < 0)
			return wb_api_store_err(rp, err);
		struct json_object *o = json_object_new_object(), *a = json_object_new_array();
		json_object_object_add(o, "id", json_object_new_int64(c.id));
		json_object_object_add(o, "name", json_object_new_string(c.name));
		for (size_t i = 0; i < k; i++)
			json_object_array_add(a, item_json(&items[i], rq->db));
		json_object_object_add(o, "items", a);
		store_items_free(items, k);
		store_coll_clear(&c);
		return wb_json_reply(rp, 200, o);
	}
	if (n == 1 && del) {
		if (store_coll_delete(s, rq->user, id, &err) < 0)
			return wb_api_store_err(rp, err);
		return wb_json_reply(rp, 204, NULL);
	}
	if (n == 1 && post) { /* rename */
		struct json_object *b = wb_body_json(rq, rp);
		const char *name;
		if (b == NULL)
			return;
		if (wb_jstr(b, "name", &name) < 0 || name == NULL) {
			json_object_put(b);
			return wb_json_err(rp, 400, "input", "\"name\" (a string) is required");
		}
		int r = store_coll_rename(s, rq->user, id, name, &err);
		json_object_put(b);
		if (r < 0)
			return wb_api_store_err(rp, err);
		return wb_json_reply(rp, 200, json_object_new_object());
	}
	if (n == 2 && strcmp(seg[1], "export") == 0 && get) {
		int f = export_format_parse(wb_arg(rq, "format"));
		if (f < 0)
			return wb_json_err(rp, 400, "input", "format must be docx, pdf, ris or csv");
		struct store_collection c;
		struct store_item *items;
		size_t k;
		if (store_coll_get(s, rq->user, id, &c, &items, &k, &err) < 0)
			return wb_api_store_err(rp, err);
		const char *lang = wb_arg(rq, "lang");
		int nl = lang ? strcmp(lang, "en") != 0 : !(rq->page && rq->page->en);
		if (export_collection((enum export_format)f, c.name, items, k, nl, &rp->body, &err) <
		    0) {
			store_items_free(items, k);
			store_coll_clear(&c);
			return wb_api_store_err(rp, err);
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
		struct json_object *b = wb_body_json(rq, rp), *dv, *pv;
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
				return wb_json_err(rp, 400, "input", "\"page\" must be a page number");
			}
			page = (int)json_object_get_int64(pv);
		}
		if (wb_jstr(b, "text", &text) < 0 || wb_jstr(b, "note", &note) < 0 ||
		    wb_jstr(b, "para", &para) < 0) {
			json_object_put(b);
			return wb_json_err(rp, 400, "input", "text, note and para must be strings");
		}
		if (doc == 0 || doc > 0xFFFFFFFEUL) {
			json_object_put(b);
			return wb_json_err(rp, 400, "input",
					"\"doc\" must name a document of the index (its id or identifier)");
		}
		struct store_item it = { 0 };
		char *page_text = NULL;
		if (wb_item_from_doc(wb, rq->db, (unsigned)doc, page, para, &it,
				  text && *text ? NULL : &page_text, &err) < 0) {
			json_object_put(b);
			if (err->code == ERR_NOTFOUND) {
				error_free(err);
				return wb_json_err(rp, 400, "input", "no such document in the index");
			}
			return wb_api_store_err(rp, err);
		}
		it.text = wb_flow(text && *text ? text : page_text);
		it.note = (char *)(note ? note : "");
		int r = store_item_add(s, rq->user, id, &it, &item, &err);
		wb_item_fields_free(&it);
		free(it.text);
		free(page_text);
		json_object_put(b);
		if (r < 0)
			return wb_api_store_err(rp, err);
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(item));
		return wb_json_reply(rp, 201, o);
	}
	if (n == 3 && strcmp(seg[1], "items") == 0 && wb_parse_id(seg[2], &item) == 0 && del) {
		if (store_item_delete(s, rq->user, id, item, &err) < 0)
			return wb_api_store_err(rp, err);
		return wb_json_reply(rp, 204, NULL);
	}
	if (n == 3 && strcmp(seg[1], "items") == 0 && wb_parse_id(seg[2], &item) == 0 && post) {
		/* {"note": "..."} and/or {"pos": N} */
		struct json_object *b = wb_body_json(rq, rp), *pv;
		const char *note;
		if (b == NULL)
			return;
		int r = 0;
		if (wb_jstr(b, "note", &note) < 0) {
			json_object_put(b);
			return wb_json_err(rp, 400, "input", "\"note\" must be a string");
		}
		if (note != NULL)
			r = store_item_note(s, rq->user, id, item, note, &err);
		if (r == 0 && json_object_object_get_ex(b, "pos", &pv)) {
			if (!json_object_is_type(pv, json_type_int) || json_object_get_int64(pv) < 1 ||
			    json_object_get_int64(pv) > STORE_MAX_ITEMS) {
				json_object_put(b);
				return wb_json_err(rp, 400, "input", "\"pos\" must be a position");
			}
			r = store_item_move(s, rq->user, id, item, (unsigned)json_object_get_int64(pv),
					    &err);
		}
		json_object_put(b);
		if (r < 0)
			return wb_api_store_err(rp, err);
		return wb_json_reply(rp, 200, json_object_new_object());
	}
	if (n >= 1 && n <= 3 && (get || post || del))
		return wb_json_err(rp, 404, "notfound", "no such collection or passage");
	wb_json_err(rp, 405, "method", "method not allowed");
}

void wb_api_saved(const struct wb_req *rq, struct wb_reply *rp, struct store *s)
{
	char store_[128], *seg[2];
	int n = wb_segments(rq->url, "/api/saved", store_, sizeof(store_), seg, 2);
	int get = strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0;
	int post = strcmp(rq->method, "POST") == 0, del = strcmp(rq->method, "DELETE") == 0;
	struct error *err = NULL;
	int64_t id = 0;
	if (n < 0 || (n >= 1 && wb_parse_id(seg[0], &id) < 0)) {
		wb_json_err(rp, 404, "notfound", "no such saved search");
		return;
	}
	if (n == 0 && post) {
		struct json_object *b = wb_body_json(rq, rp);
		const char *name, *q;
		if (b == NULL)
			return;
		if (wb_jstr(b, "name", &name) < 0 || wb_jstr(b, "q", &q) < 0 || name == NULL || q == NULL) {
			json_object_put(b);
			return wb_json_err(rp, 400, "input", "\"name\" and \"q\" (strings) are required");
		}
		/* The search must run now: a query that cannot would never alert. */
		struct search_result *res = rq->db ? wb_run_saved(rq->db, q, &err) : NULL;
		if (res == NULL) {
			json_object_put(b);
			if (err == NULL)
				return wb_json_err(rp, 503, "noindex", "the index cannot be opened");
			return wb_api_store_err(rp, err);
		}
		search_result_free(res);
		struct store_saved sv;
		if (store_saved_create(s, rq->user, name, q, &sv, &err) < 0) {
			json_object_put(b);
			return wb_api_store_err(rp, err);
		}
		json_object_put(b);
		/* What matches now is not new. */
		if (wb_saved_mark(s, rq->db, &sv, "web", &err) < 0 ||
		    wb_saved_mark(s, rq->db, &sv, "alerts", &err) < 0) {
			store_saved_clear(&sv);
			return wb_api_store_err(rp, err);
		}
		struct json_object *o = saved_json(&sv, -1);
		store_saved_clear(&sv);
		return wb_json_reply(rp, 201, o);
	}
	if (n == 0 && get) {
		struct store_saved *v;
		size_t k;
		if (store_saved_list(s, rq->user, &v, &k, &err) < 0)
			return wb_api_store_err(rp, err);
		struct json_object *o = json_object_new_object(), *a = json_object_new_array();
		for (size_t i = 0; i < k; i++) {
			unsigned total = 0;
			struct error *e2 = NULL;
			int nn = rq->db ? wb_saved_new(s, rq->db, &v[i], "web", &total, &e2) : -1;
			error_free(e2);
			json_object_array_add(a, saved_json(&v[i], nn));
		}
		store_saved_free(v, k);
		json_object_object_add(o, "saved", a);
		return wb_json_reply(rp, 200, o);
	}
	if (n == 1 && del) {
		if (store_saved_delete(s, rq->user, id, &err) < 0)
			return wb_api_store_err(rp, err);
		return wb_json_reply(rp, 204, NULL);
	}
	if (n == 1 && get) {
		struct store_saved sv;
		if (store_saved_get(s, rq->user, id, &sv, &err) < 0)
			return wb_api_store_err(rp, err);
		unsigned total = 0;
		struct error *e2 = NULL;
		int nn = rq->db ? wb_saved_new(s, rq->db, &sv, "web", &total, &e2) : -1;
		error_free(e2);
		struct json_object *o = saved_json(&sv, nn);
		store_saved_clear(&sv);
		return wb_json_reply(rp, 200, o);
	}
	if (n == 2 && strcmp(seg[1], "token") == 0 && post) {
		struct store_saved sv;
		if (store_saved_new_token(s, rq->user, id, &err) < 0 ||
		    store_saved_get(s, rq->user, id, &sv, &err) < 0)
			return wb_api_store_err(rp, err);
		struct json_object *o = saved_json(&sv, -1);
		store_saved_clear(&sv);
		return wb_json_reply(rp, 200, o);
	}
	if (n <= 2 && (get || post || del))
		return wb_json_err(rp, 404, "notfound", "no such saved search");
	wb_json_err(rp, 405, "method", "method not allowed");
}

