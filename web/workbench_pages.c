/* workbench_pages.c - the pages of collections and saved searches, and the
 * form posts they send (see workbench.h). */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "search/docdata.h"
#include "web/export.h"
#include "web/wb_internal.h"

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
	html_end(p);
	rp->status = status;
	rp->ctype = "text/html; charset=utf-8";
	rp->html = 1;
	buf_add(&rp->body, buf_str(&p->b), p->b.len);
	buf_reset(&p->b);
}

void wb_page_collections(const struct wb_req *rq, struct wb_reply *rp, struct store *s)
{
	struct page *p = rq->page;
	struct store_collection *v;
	struct store_saved *sv;
	size_t k, ks;
	struct error *err = NULL;
	if (store_coll_list(s, rq->user, &v, &k, &err) < 0)
		return wb_html_store_err(rq, rp, err);
	if (store_saved_list(s, rq->user, &sv, &ks, &err) < 0) {
		for (size_t i = 0; i < k; i++)
			store_coll_clear(&v[i]);
		free(v);
		return wb_html_store_err(rq, rp, err);
	}
	buf_reset(&p->b);
	html_begin(p, TR(rq, "Collecties", "Collections"));
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
			int nn = rq->db ? wb_saved_new(s, rq->db, &sv[i], "web", &total, &e2) : -1;
			error_free(e2);
			buf_addf(&p->b, "<li><a href=\"/saved/%lld\">", (long long)sv[i].id);
			H(p, sv[i].name);
			A(p, "</a>");
			if (nn > 0)
				buf_addf(&p->b, " <strong class=\"new\">%d %s</strong>", nn,
					 TR(rq, "nieuw", "new"));
			A(p, " <a class=\"feed\" href=\"");
			struct buf f = BUF_INIT;
			wb_feed_path(&sv[i], &f);
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

void wb_page_collection(const struct wb_req *rq, struct wb_reply *rp, struct store *s,
			    int64_t id)
{
	struct page *p = rq->page;
	struct store_collection c;
	struct store_item *items;
	size_t k;
	struct error *err = NULL;
	if (store_coll_get(s, rq->user, id, &c, &items, &k, &err) < 0)
		return wb_html_store_err(rq, rp, err);
	int nl = !p->en;
	buf_reset(&p->b);
	html_begin(p, c.name);
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
		unsigned doc = wb_item_doc(rq->db, it);
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
		A(p, "</span> ");
		wb_copy_button(p, cite, "Kopieer citaat", "Copy citation");
		A(p, "</p>");
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
	A(p, "</ol><details class=\"box\"><summary>");
	A(p, TR(rq, "Collectie beheren", "Manage collection"));
	A(p, "</summary>");
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
	A(p, "</button></form></details>");
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
	char *doc_s = wb_form(rq, "doc", 16), *page_s = wb_form(rq, "page", 8);
	char *para = wb_form(rq, "para", 32), *text = wb_form(rq, "text", STORE_MAX_TEXT);
	char *coll_s = wb_form(rq, "coll", 24), *name = wb_form(rq, "name", STORE_MAX_NAME);
	char *note = wb_form(rq, "note", STORE_MAX_NOTE);
	unsigned long doc = 0, page = 0;
	struct error *err = NULL;
	struct store_item it = { 0 };
	char *page_text = NULL;
	if (doc_s == NULL || util_parse_uint(doc_s, 0xFFFFFFFEUL, &doc) < 0 || doc == 0 ||
	    (page_s != NULL && *page_s && util_parse_uint(page_s, 100000, &page) < 0)) {
		wb_html_err(rq, rp, 400, TR(rq, "Deze passage kan niet worden bewaard: het document of "
					     "de pagina ontbreekt.",
					 "This passage cannot be kept: the document or page is missing."));
		goto out;
	}
	if (wb_item_from_doc(wb, rq->db, (unsigned)doc, (int)page, para, &it,
			  text && *text ? NULL : &page_text, &err) < 0) {
		if (err->code == ERR_NOTFOUND || err->code == ERR_INPUT) {
			error_free(err);
			wb_html_err(rq, rp, 400, TR(rq, "Dit document of deze pagina bestaat niet.",
						 "This document or page does not exist."));
		} else {
			wb_html_store_err(rq, rp, err);
		}
		goto out;
	}
	it.text = wb_flow(text && *text ? text : page_text);
	it.note = note ? note : (char *)"";
	int64_t coll = 0;
	if (coll_s != NULL && strcmp(coll_s, "new") == 0) {
		if (store_coll_create(s, rq->user, name && *name ? name : TR(rq, "Nieuwe collectie",
									      "New collection"),
				      &coll, &err) < 0) {
			wb_html_store_err(rq, rp, err);
			goto out;
		}
	} else if (coll_s != NULL && wb_parse_id(coll_s, &coll) < 0) {
		wb_html_err(rq, rp, 404, TR(rq, "Deze collectie bestaat niet.",
					 "This collection does not exist."));
		goto out;
	}
	if (coll != 0) {
		int64_t item;
		if (store_item_add(s, rq->user, coll, &it, &item, &err) < 0) {
			wb_html_store_err(rq, rp, err);
			goto out;
		}
		char to[96];
		snprintf(to, sizeof(to), "/collections/%lld#item-%lld", (long long)coll,
			 (long long)item);
		wb_redirect(rp, to);
		goto out;
	}
	/* Which collection? */
	struct store_collection *v;
	size_t k;
	if (store_coll_list(s, rq->user, &v, &k, &err) < 0) {
		wb_html_store_err(rq, rp, err);
		goto out;
	}
	buf_reset(&p->b);
	html_begin(p, TR(rq, "Passage bewaren", "Keep passage"));
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
		wb_item_fields_free(&it);
	free(it.text);
	free(page_text);
	free(doc_s), free(page_s), free(para), free(text), free(coll_s), free(name), free(note);
}

void wb_html_posts(const struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp,
		       struct store *s)
{
	struct error *err = NULL;
	char store_[256], *seg[5];
	if (strcmp(rq->url, "/collections/add") == 0)
		return page_add(wb, rq, rp, s);
	if (strcmp(rq->url, "/collections") == 0) {
		char *name = wb_form(rq, "name", STORE_MAX_NAME);
		int64_t id;
		int r = store_coll_create(s, rq->user, name ? name : "", &id, &err);
		free(name);
		if (r < 0)
			return wb_html_store_err(rq, rp, err);
		char to[64];
		snprintf(to, sizeof(to), "/collections/%lld", (long long)id);
		return wb_redirect(rp, to);
	}
	if (strcmp(rq->url, "/saved") == 0) {
		char *name = wb_form(rq, "name", STORE_MAX_NAME), *q = wb_form(rq, "q", 4096);
		struct store_saved sv;
		int r = -1;
		struct search_result *res = rq->db && q ? wb_run_saved(rq->db, q, &err) : NULL;
		if (res != NULL) {
			search_result_free(res);
			r = store_saved_create(s, rq->user, name && *name ? name : q, q, &sv, &err);
			if (r == 0) {
				if (wb_saved_mark(s, rq->db, &sv, "web", &err) < 0 ||
				    wb_saved_mark(s, rq->db, &sv, "alerts", &err) < 0)
					r = -1;
				store_saved_clear(&sv);
			}
		} else if (err == NULL) {
			err = error_new(ERR_INPUT, "%s", TR(rq, "Er is geen zoekopdracht om te bewaren.",
							    "There is no search to save."));
		}
		free(name), free(q);
		if (r < 0)
			return wb_html_store_err(rq, rp, err);
		return wb_redirect(rp, "/collections");
	}
	int n = wb_segments(rq->url, "/saved", store_, sizeof(store_), seg, 2);
	int64_t id, item;
	if (n == 2 && wb_parse_id(seg[0], &id) == 0) {
		int r = strcmp(seg[1], "delete") == 0  ? store_saved_delete(s, rq->user, id, &err)
			: strcmp(seg[1], "token") == 0 ? store_saved_new_token(s, rq->user, id, &err)
						       : (err = error_new(ERR_NOTFOUND, "no such action"), -1);
		if (r < 0)
			return wb_html_store_err(rq, rp, err);
		return wb_redirect(rp, "/collections");
	}
	n = wb_segments(rq->url, "/collections", store_, sizeof(store_), seg, 4);
	if (n < 2 || wb_parse_id(seg[0], &id) < 0)
		return wb_html_err(rq, rp, 404, TR(rq, "Deze pagina bestaat niet.",
						"This page does not exist."));
	char to[96];
	snprintf(to, sizeof(to), "/collections/%lld", (long long)id);
	int r;
	if (n == 2 && strcmp(seg[1], "rename") == 0) {
		char *name = wb_form(rq, "name", STORE_MAX_NAME);
		r = store_coll_rename(s, rq->user, id, name ? name : "", &err);
		free(name);
	} else if (n == 2 && strcmp(seg[1], "delete") == 0) {
		r = store_coll_delete(s, rq->user, id, &err);
		snprintf(to, sizeof(to), "/collections");
	} else if (n == 4 && strcmp(seg[1], "items") == 0 && wb_parse_id(seg[2], &item) == 0) {
		if (strcmp(seg[3], "delete") == 0) {
			r = store_item_delete(s, rq->user, id, item, &err);
		} else if (strcmp(seg[3], "note") == 0) {
			char *note = wb_form(rq, "note", STORE_MAX_NOTE);
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
		return wb_html_store_err(rq, rp, err);
	wb_redirect(rp, to);
}

