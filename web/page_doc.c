/* page_doc.c - the page of one document (see pages.h): its metadata with
 * the source of each field, the passages that match the query, the
 * articles and documents it cites and the documents that cite it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "search/cite.h"
#include "web/cite_html.h"
#include "web/html.h"
#include "web/workbench.h"

/* ---- one document ---- */

static void doc_field(struct page *p, const struct docdata *dd, const char *label,
		      const char *field, const char *value)
{
	const char *src = docdata_meta_source(dd, field);
	A(p, "<dt>");
	A(p, label);
	A(p, "</dt><dd>");
	if (value == NULL || value[0] == '\0') {
		A(p, "<span class=\"unknown\">");
		A(p, T(p, "onbekend", "unknown"));
		A(p, "</span>");
	} else if (strcmp(field, "type") == 0) {
		H(p, vocab_type_label(value, T(p, "nl", "en")));
	} else if (strcmp(field, "date") == 0) {
		html_date(p, value);
	} else {
		H(p, value);
	}
	if (src[0] && value != NULL && value[0]) {
		A(p, " <span class=\"src\">(");
		A(p, html_source_words(p, src));
		A(p, ")</span>");
	}
	A(p, "</dd>");
}

/* Adds to l (up to max) documents like document id when the words alone
 * found few: of the same type citing its most cited article of the
 * Convention, then of the same court and type, then of the same type and
 * language, newest first.  A scan (notext) gets only the latter two.
 * Errors leave l as it is. */
static void similar_fill(struct search_db *db, struct docdata *dd, unsigned id, int notext,
			 size_t max, struct search_doc_list *l)
{
	const char *type = docdata_meta(dd, "type"), *court = docdata_meta(dd, "court");
	const char *top = NULL;
	int top_n = 0;
	struct json_object *o;
	if (!notext && json_object_object_get_ex(dd->json, "articles", &o)) {
		json_object_object_foreach(o, key, val)
		{
			int c = json_object_get_int(val);
			if (html_is_article_filter(key) && c > top_n) {
				top = key;
				top_n = c;
			}
		}
	}
	const char *lang = docdata_str(dd, "lang");
	for (int pass = 0; pass < 3 && l->n < max; pass++) {
		struct search_req req = { .limit = 20, .sort_date = 1 };
		req.type = type[0] ? type : NULL;
		if (pass == 2) {
			/* last: the same type in the same language, newest first */
			if (!type[0] || !lang[0])
				continue;
			req.lang = lang;
		} else if (pass == 0) {
			if (top == NULL)
				continue;
			req.articles[0] = top;
			req.n_articles = 1;
			req.sort_date = -1;
		} else {
			if (!court[0])
				continue;
			req.court = court;
		}
		struct error *err = NULL;
		struct search_result *res = search_run(db, &req, &err);
		error_free(err);
		for (size_t i = 0; res != NULL && i < res->n_hits && l->n < max; i++) {
			const struct search_hit *h = &res->hits[i];
			int seen = h->id == id;
			for (size_t k = 0; k < l->n && !seen; k++)
				seen = l->items[k].id == h->id;
			if (seen)
				continue;
			struct search_doc_ref *nv = realloc(l->items, (l->n + 1) * sizeof(*nv));
			if (nv == NULL)
				break;
			l->items = nv;
			l->items[l->n] = (struct search_doc_ref){
				.id = h->id,
				.title = xstrdup(h->title),
				.date = xstrdup(h->date),
				.ident = xstrdup(h->ident),
				.type = xstrdup(h->type),
			};
			l->n++;
		}
		search_result_free(res);
	}
}

static void doc_list(struct page *p, const struct search_doc_list *l)
{
	A(p, "<ul class=\"docs\">");
	for (size_t i = 0; i < l->n; i++) {
		const struct search_doc_ref *r = &l->items[i];
		A(p, "<li><a ");
		html_doc_href(p, r->id, NULL, NULL);
		A(p, ">");
		H(p, r->title && r->title[0] ? r->title : "?");
		A(p, "</a>");
		if ((r->date && r->date[0]) || (r->ident && r->ident[0])) {
			A(p, "<span class=\"sub\">");
			if (r->date && r->date[0])
				html_date(p, r->date);
			if (r->date && r->date[0] && r->ident && r->ident[0])
				A(p, " · ");
			if (r->ident && r->ident[0])
				H(p, r->ident);
			A(p, "</span>");
		}
		A(p, "</li>");
	}
	A(p, "</ul>");
}

struct art_count {
	const char *key;
	int count;
	int crc; /* 1: usable as a filter (CRC, protocols, ECHR) */
};

static int cmp_art_count(const void *a, const void *b)
{
	const struct art_count *x = a, *y = b;
	if (x->crc != y->crc)
		return y->crc - x->crc;
	if (x->count != y->count)
		return y->count - x->count;
	return cite_key_cmp(x->key, y->key);
}

/* A side section listing documents under title; nothing when l is empty. */
static void doc_list_section(struct page *p, const char *title, const struct search_doc_list *l)
{
	if (l->n == 0)
		return;
	A(p, "<section class=\"facet\"><h2>");
	A(p, title);
	A(p, "</h2>");
	doc_list(p, l);
	A(p, "</section>");
}

/* 1 when q is words that belong together ("right to be heard", with or
 * without quotes): two or more words, no operators or field prefixes. */
static int phrase_like(const char *q)
{
	if (q == NULL || strchr(q, ':') || strstr(q, " OR ") || strstr(q, " AND ") ||
	    strstr(q, "NOT ") || strchr(q, '(') || strchr(q, '*') || strchr(q, '+'))
		return 0;
	int words = 0, in = 0;
	for (const char *s = q; *s; s++) {
		int w = isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80;
		words += w && !in;
		in = w;
	}
	return words >= 2;
}

/* Length of the literal occurrence of the words of q at t (ASCII case
 * ignored, any run of spaces or line breaks between words), or 0. */
static size_t literal_at(const char *t, const char *end, const char *q)
{
	const char *a = t;
	while (*q == ' ' || *q == '"')
		q++;
	if (a > t || (a < end && !isalnum((unsigned char)*a)))
		return 0;
	while (*q) {
		if (*q == ' ' || *q == '"') {
			while (*q == ' ' || *q == '"')
				q++;
			if (*q == '\0')
				break;
			size_t ws = 0;
			while (a + ws < end && isspace((unsigned char)a[ws]))
				ws++;
			if (ws == 0)
				return 0;
			a += ws;
			continue;
		}
		if (a >= end || tolower((unsigned char)*a) != tolower((unsigned char)*q))
			return 0;
		a++;
		q++;
	}
	if (a < end && (isalnum((unsigned char)*a) || (unsigned char)*a >= 0x80))
		return 0;
	return (size_t)(a - t);
}

/* The page text with every literal occurrence of q marked, escaped; NULL
 * when q does not occur on the page. */
static char *literal_highlight(const char *text, size_t len, const char *q)
{
	struct buf b = BUF_INIT;
	size_t from = 0;
	int found = 0;
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (isalnum((unsigned char)text[i - 1]) || (unsigned char)text[i - 1] >= 0x80))
			continue;
		size_t n = literal_at(text + i, text + len, q);
		if (n == 0)
			continue;
		buf_add_html(&b, text + from, i - from);
		buf_adds(&b, "<mark>");
		buf_add_html(&b, text + i, n);
		buf_adds(&b, "</mark>");
		from = i + n;
		i += n - 1;
		found = 1;
	}
	if (!found) {
		buf_free(&b);
		return NULL;
	}
	buf_add_html(&b, text + from, len - from);
	return buf_detach(&b);
}

/* Counts "<mark>" in html. */
static int count_marks(const char *html)
{
	int n = 0;
	for (const char *s = html; (s = strstr(s, "<mark>")) != NULL; s += 6)
		n++;
	return n;
}

int page_doc(struct page *p, struct search_db *db, unsigned id, const char *q)
{
	p->db = db;
	struct docdata dd;
	struct error *err = NULL;
	struct json_object *o;
	memset(&dd, 0, sizeof(dd));
	if (search_doc_load(db, id, &dd, &err) < 0) {
		int st = err->code == ERR_NOTFOUND ? 404 : 500;
		if (st == 500)
			fprintf(stderr, "kindex serve: doc %u: %s\n", id, err->msg);
		error_free(err);
		return page_error(p, st,
				  st == 404 ? T(p, "Dit document bestaat niet (meer) in de index.",
						"This document is not (or no longer) in the index.")
					    : T(p, "Het document kon niet worden geladen.",
						"The document could not be loaded."));
	}
	const char *title = docdata_str(&dd, "title");
	const char *path = docdata_str(&dd, "path");
	const char *lang = docdata_str(&dd, "lang");
	const char *ident = docdata_meta(&dd, "ident");
	int n_pages = (int)docdata_int(&dd, "pages");
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;

	html_begin(p, title[0] ? title : base);
	if (q != NULL && q[0]) {
		A(p, "<p class=\"crumbs\"><a ");
		html_href1(p, "/search", "q", q);
		A(p, ">");
		A(p, T(p, "← Terug naar de resultaten", "← Back to the results"));
		A(p, "</a></p>");
	}
	A(p, "<h1 class=\"doctitle\">");
	H(p, title[0] ? title : base);
	A(p, "</h1>");
	if (html_is_constructed(ident, path))
		html_constructed_badge(p);
	html_doc_facts(p, &dd);
	html_meta_line(p, docdata_meta(&dd, "type"), docdata_meta(&dd, "court_name"),
		  docdata_meta(&dd, "court"), docdata_meta(&dd, "date"), ident);
	wb_doc_cite(p, db, id);
	A(p, "<p class=\"actions\"><a class=\"btn\" ");
	html_doc_href(p, id, NULL, "/pdf");
	A(p, " type=\"application/pdf\">");
	A(p, T(p, "PDF openen", "Open PDF"));
	buf_addf(&p->b, "</a> <span class=\"sub\">%d %s</span></p>", n_pages,
		 n_pages == 1 ? T(p, "pagina", "page") : T(p, "pagina's", "pages"));

	A(p, "<div class=\"layout\"><div class=\"results\">");
	A(p, "<details class=\"box\"><summary>");
	A(p, T(p, "Gegevens van het document", "Document details"));
	A(p, "</summary><dl class=\"fields\">");
	doc_field(p, &dd, T(p, "Titel", "Title"), "title", title);
	doc_field(p, &dd, T(p, "Soort", "Type"), "type", docdata_meta(&dd, "type"));
	doc_field(p, &dd, T(p, "Instantie", "Court or body"), "court_name",
		  html_court_display(p, docdata_meta(&dd, "court"), docdata_meta(&dd, "court_name")));
	doc_field(p, &dd, T(p, "Datum", "Date"), "date", docdata_meta(&dd, "date"));
	doc_field(p, &dd, T(p, "Kenmerk", "Identifier"), "ident", ident);
	cite_html_permalink(p, ident);
	A(p, "<dt>");
	A(p, T(p, "Taal", "Language"));
	A(p, "</dt><dd>");
	H(p, lang[0] ? html_lang_name(p, lang) : "?");
	A(p, "</dd><dt>");
	A(p, T(p, "Bestand", "File"));
	A(p, "</dt><dd><code>");
	H(p, base);
	A(p, "</code></dd></dl></details>");

	/* Search within the document. */
	buf_addf(&p->b, "<form class=\"inline\" method=\"get\" action=\"/doc/%u\" role=\"search\">", id);
	A(p, "<label for=\"dq\">");
	A(p, T(p, "Markeer woorden in dit document", "Highlight words in this document"));
	A(p, "</label><div class=\"qrow\"><input id=\"dq\" name=\"q\" type=\"search\" maxlength=\"1024\" "
	     "value=\"");
	H(p, q ? q : "");
	A(p, "\"><button type=\"submit\">");
	A(p, T(p, "Markeren", "Highlight"));
	A(p, "</button></div></form>");

	/* Page texts, highlighted; the jump list is written after them into
	 * its own buffer and put in front. */
	struct buf pages = BUF_INIT, jump = BUF_INIT;
	int with_hits = 0;
	struct para_marks pm = { 0 };
	cite_html_doc_paras(&dd, n_pages, &pm);
	/* Words that belong together ("right to be heard") are marked where
	 * they stand together, when the document has them so: the search's
	 * highlighter marks each word (and the concepts the query adds), so
	 * that "right" would mark every "Rights of the Child". */
	char **hl = xcalloc(n_pages > 0 ? (size_t)n_pages : 1, sizeof(char *));
	int literal = 0;
	for (int pg = 1; q != NULL && phrase_like(q) && pg <= n_pages; pg++) {
		const char *text;
		size_t len;
		if (docdata_page(&dd, pg, &text, &len) < 0)
			break;
		if ((hl[pg - 1] = literal_highlight(text, len, q)) != NULL)
			literal = 1;
	}
	for (int pg = 1; !literal && q != NULL && q[0] && pg <= n_pages; pg++) {
		const char *text;
		size_t len;
		if (docdata_page(&dd, pg, &text, &len) < 0)
			break;
		struct error *e2 = NULL;
		hl[pg - 1] = search_highlight(db, q, text, len, lang, &e2);
		error_free(e2);
	}
	for (int pg = 1; pg <= n_pages; pg++) {
		const char *text;
		size_t len;
		if (docdata_page(&dd, pg, &text, &len) < 0)
			break;
		char *html = hl[pg - 1];
		hl[pg - 1] = NULL;
		buf_addf(&pages, "<section class=\"page\" id=\"p-%d\"><h2>%s %d <a class=\"pg\" "
				 "href=\"/doc/%u/pdf#page=%d\">PDF</a></h2>",
			 pg, T(p, "Pagina", "Page"), pg, id, pg);
		wb_page_keep_form(p, &pages, id, pg);
		buf_adds(&pages, "<div class=\"text\">");
		if (docdata_page_ocr(&dd, pg) >= 0)
			buf_addf(&pages, "<p class=\"note ocr\">%s %d%%)</p>",
				 T(p, "Deze tekst is door OCR gelezen uit een scan (tesseract, zekerheid",
				   "This text was read by OCR from a scan (tesseract, confidence"),
				 docdata_page_ocr(&dd, pg));
		size_t blank = 0;
		while (blank < len && (text[blank] == ' ' || text[blank] == '\n' || text[blank] == '\t' ||
				       text[blank] == '\r'))
			blank++;
		if (blank == len) {
			buf_addf(&pages, "<span class=\"unknown\">%s</span>",
				 T(p, "(geen tekst op deze pagina)", "(no text on this page)"));
			free(html);
		} else if (html != NULL) {
			int m = count_marks(html);
			if (m > 0) {
				buf_addf(&jump, "<li><a href=\"#p-%d\">p. %d</a> <span class=\"count\">%d</span></li>",
					 pg, pg, m);
				with_hits++;
			}
			cite_html_page_text(&pages, &pm, pg, html); /* escaped by search_highlight */
			free(html);
		} else {
			struct buf esc = BUF_INIT;
			buf_add_html(&esc, text, len);
			cite_html_page_text(&pages, &pm, pg, buf_str(&esc));
			buf_free(&esc);
		}
		buf_adds(&pages, "</div></section>");
	}
	if (q != NULL && q[0]) {
		A(p, "<nav class=\"jump\" aria-label=\"");
		A(p, T(p, "Pagina's met treffers", "Pages with matches"));
		A(p, "\"><h2>");
		A(p, T(p, "Treffers op pagina", "Matches on page"));
		A(p, "</h2>");
		if (with_hits) {
			A(p, "<ul>");
			A(p, buf_str(&jump));
			A(p, "</ul>");
		} else {
			A(p, "<p>");
			A(p, T(p, "De zoekwoorden komen niet letterlijk in de tekst voor.",
			       "The search words do not occur literally in the text."));
			A(p, "</p>");
		}
		A(p, "</nav>");
	}
	if (n_pages == 0 || pages.len == 0) {
		A(p, "<p class=\"note\">");
		A(p, T(p, "Van dit document is geen tekst beschikbaar (bijvoorbeeld een scan). Open de PDF.",
		       "No text is available for this document (e.g. a scan). Open the PDF."));
		A(p, "</p>");
	}
	A(p, buf_str(&pages));
	buf_free(&pages);
	paras_free(&pm);
	buf_free(&jump);
	for (int pg = 0; pg < n_pages; pg++)
		free(hl[pg]);
	free(hl);
	A(p, "</div><aside class=\"facets\">");

	/* Articles cited: the Convention and its protocols first, then by how
	 * often they are cited, then in the treaty's order (3 before 16). */
	if (json_object_object_get_ex(dd.json, "articles", &o) &&
	    json_object_object_length(o) > 0) {
		size_t n = 0, cap = (size_t)json_object_object_length(o);
		struct art_count *v = calloc(cap, sizeof(*v));
		json_object_object_foreach(o, key, val)
		{
			if (v == NULL || n >= cap)
				break;
			v[n].key = key;
			v[n].count = json_object_get_int(val);
			v[n].crc = html_is_article_filter(key);
			n++;
		}
		if (v != NULL)
			qsort(v, n, sizeof(*v), cmp_art_count);
		A(p, "<section class=\"facet\"><h2>");
		A(p, T(p, "Genoemde artikelen", "Articles cited"));
		A(p, "</h2><ul class=\"chips\">");
		for (size_t i = 0; i < n; i++) {
			A(p, "<li>");
			if (v[i].crc) {
				A(p, "<a class=\"chip\" ");
				html_href1(p, "/search", "article", v[i].key);
				A(p, ">");
				html_article_label(p, v[i].key);
				A(p, "</a>");
			} else {
				A(p, "<span class=\"chip plain\">");
				html_article_label(p, v[i].key);
				A(p, "</span>");
			}
			buf_addf(&p->b, " <span class=\"count\">%d×</span></li>", v[i].count);
		}
		A(p, "</ul></section>");
		free(v);
	}
	if (json_object_object_get_ex(dd.json, "cites", &o) && json_object_array_length(o) > 0) {
		A(p, "<section class=\"facet\"><h2>");
		A(p, T(p, "Genoemde documenten", "Documents cited"));
		A(p, "</h2><ul class=\"docs\">");
		for (size_t i = 0; i < json_object_array_length(o) && i < 60; i++) {
			const char *c = json_object_get_string(json_object_array_get_idx(o, i));
			if (c != NULL)
				cite_html_cited_doc(p, db, c);
		}
		A(p, "</ul></section>");
	}
	if (ident[0]) {
		struct search_doc_list l = { 0 };
		struct error *e2 = NULL;
		if (search_cited_by(db, ident, 30, &l, &e2) == 0 && l.n > 0) {
			/* A count, and all of them a click away. */
			char h[96];
			snprintf(h, sizeof(h), "%s (%u)", T(p, "Geciteerd door", "Cited by"), l.total);
			doc_list_section(p, h, &l);
			cite_html_cited_by_all(p, ident, l.total);
		}
		error_free(e2);
		search_doc_list_clear(&l);
	}
	{
		struct search_doc_list l = { 0 };
		struct error *e2 = NULL;
		/* A scan has no words to compare: its "similar" documents would be
		 * chance; it gets the documents of the same court and type. */
		int notext = json_object_object_get_ex(dd.json, "notext", &o) &&
			     json_object_get_boolean(o);
		if ((notext || search_more_like_this(db, id, 8, &l, &e2) == 0) && l.n < 4)
			similar_fill(db, &dd, id, notext, 8, &l);
		if (e2 == NULL)
			doc_list_section(p, T(p, "Vergelijkbare documenten", "More like this"), &l);
		error_free(e2);
		search_doc_list_clear(&l);
	}
	A(p, "</aside></div>");
	docdata_close(&dd);
	html_end(p);
	return 200;
}
