/* page_search.c - the home page, the article picker and the search results
 * page (see pages.h): the search form, facets, active filters, hits and
 * pagination.  Every state is a URL (web_params_url), every action a link
 * or a form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/cite.h"
#include "web/cite_html.h"
#include "web/html.h"
#include "web/workbench.h"

/* ---- the search form ---- */

static void add_option(struct page *p, const char *value, const char *label, int selected)
{
	A(p, "<option value=\"");
	H(p, value);
	A(p, selected ? "\" selected>" : "\">");
	H(p, label);
	A(p, "</option>");
}

static void search_form(struct page *p, const struct web_params *wp, int big)
{
	char num[16];
	A(p, big ? "<form class=\"search big\" role=\"search\" action=\"/search\" method=\"get\">"
		 : "<form class=\"search\" role=\"search\" action=\"/search\" method=\"get\">");
	A(p, "<label for=\"q\">");
	A(p, T(p, "Zoek in uitspraken, VN-documenten en rapporten",
	       "Search rulings, UN documents and reports"));
	A(p, "</label><div class=\"qrow\"><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"1024\" "
	     "autocomplete=\"off\" placeholder=\"");
	A(p, T(p, "bijv. belang van het kind", "e.g. best interests of the child"));
	A(p, "\" value=\"");
	H(p, wp->q);
	A(p, "\" aria-describedby=\"q-cut\"><button type=\"submit\">");
	A(p, T(p, "Zoeken", "Search"));
	A(p, "</button></div><p id=\"q-cut\" class=\"note qcut\" role=\"status\" hidden>");
	A(p, T(p, "De geplakte tekst was langer dan 1.024 tekens en is ingekort; alleen het begin "
		  "wordt gezocht.",
	       "The pasted text was longer than 1,024 characters and was cut; only its beginning "
	       "is searched."));
	A(p, "</p>");
	/* Filters that have no control of their own ride along. */
	for (size_t i = 0; i < wp->n_articles; i++) {
		A(p, "<input type=\"hidden\" name=\"article\" value=\"");
		H(p, wp->articles[i]);
		A(p, "\">");
	}
	if (wp->articles_any)
		A(p, "<input type=\"hidden\" name=\"art_op\" value=\"any\">");
	if (wp->court[0]) {
		A(p, "<input type=\"hidden\" name=\"court\" value=\"");
		H(p, wp->court);
		A(p, "\">");
	}
	A(p, "<details class=\"adv\"");
	if (wp->type[0] || wp->lang[0] || wp->year_from || wp->year_to || wp->sort_date)
		A(p, " open");
	A(p, "><summary>");
	A(p, T(p, "Meer zoekopties", "More options"));
	A(p, "</summary><div class=\"advgrid\">");

	A(p, "<div><label for=\"f-type\">");
	A(p, T(p, "Soort document", "Document type"));
	A(p, "</label><select id=\"f-type\" name=\"type\">");
	add_option(p, "", T(p, "Alle soorten", "All types"), wp->type[0] == '\0');
	for (size_t i = 0; vocab_types[i] != NULL; i++)
		add_option(p, vocab_types[i], vocab_type_label(vocab_types[i], T(p, "nl", "en")),
			   strcmp(wp->type, vocab_types[i]) == 0);
	A(p, "</select></div>");

	A(p, "<div><label for=\"f-lang\">");
	A(p, T(p, "Taal van het document", "Document language"));
	A(p, "</label><select id=\"f-lang\" name=\"lang\">");
	add_option(p, "", T(p, "Alle talen", "All languages"), wp->lang[0] == '\0');
	add_option(p, "nl", html_lang_name(p, "nl"), strcmp(wp->lang, "nl") == 0);
	add_option(p, "en", html_lang_name(p, "en"), strcmp(wp->lang, "en") == 0);
	add_option(p, "fr", html_lang_name(p, "fr"), strcmp(wp->lang, "fr") == 0);
	A(p, "</select></div>");

	A(p, "<div><label for=\"f-from\">");
	A(p, T(p, "Vanaf jaar", "From year"));
	A(p, "</label><input id=\"f-from\" name=\"from\" inputmode=\"numeric\" pattern=\"[0-9]{4}\" "
	     "maxlength=\"4\" size=\"4\" value=\"");
	if (wp->year_from) {
		snprintf(num, sizeof(num), "%d", wp->year_from);
		A(p, num);
	}
	A(p, "\"></div><div><label for=\"f-to\">");
	A(p, T(p, "Tot en met jaar", "To year"));
	A(p, "</label><input id=\"f-to\" name=\"to\" inputmode=\"numeric\" pattern=\"[0-9]{4}\" "
	     "maxlength=\"4\" size=\"4\" value=\"");
	if (wp->year_to) {
		snprintf(num, sizeof(num), "%d", wp->year_to);
		A(p, num);
	}
	A(p, "\"></div>");

	A(p, "<div><label for=\"f-art\">");
	A(p, T(p, "Artikel (bijv. 3, 3.1, OPSC:2)", "Article (e.g. 3, 3.1, OPSC:2)"));
	A(p, "</label><input id=\"f-art\" name=\"article\" maxlength=\"40\" size=\"8\"></div>");

	A(p, "<div><label for=\"f-sort\">");
	A(p, T(p, "Sorteren op", "Sort by"));
	A(p, "</label><select id=\"f-sort\" name=\"sort\">");
	/* Relevance unless asked for keeps the default: newest first when
	 * there are no words. */
	add_option(p, wp->sort_date < 0 ? "relevance" : "", T(p, "relevantie", "relevance"),
		   wp->sort_date <= 0);
	add_option(p, "date", T(p, "datum (nieuwste eerst)", "date (newest first)"),
		   wp->sort_date > 0);
	A(p, "</select></div></div><p class=\"hint\">");
	A(p, T(p, "Tips: zet woorden tussen \"aanhalingstekens\" voor een exacte zinsnede; "
		  "gebruik OR voor alternatieven en NOT om uit te sluiten; art:3.1 zoekt op "
		  "artikel 3 lid 1 IVRK; jeugd* vindt ook jeugdzorg en jeugdwet.",
	       "Tips: put words in \"quotes\" for an exact phrase; use OR for alternatives "
	       "and NOT to exclude; art:3.1 searches for article 3(1) CRC; youth* also finds "
	       "youthful."));
	A(p, "</p></details></form>");
}

/* ---- the article picker ---- */

static void article_picker(struct page *p, struct search_db *db, const struct web_params *wp)
{
	/* The CRC's Optional Protocols and their number of articles. */
	static const struct {
		const char *inst;
		int max;
	} protos[] = { { "OPSC", 17 }, { "OPAC", 13 }, { "OPIC", 24 } };
	struct web_params base = *wp;
	base.page = 1;
	A(p, "<section class=\"picker\" aria-labelledby=\"picker-h\"><h2 id=\"picker-h\">");
	A(p, T(p, "Zoeken op artikel van het Kinderrechtenverdrag (IVRK)",
	       "Search by article of the Convention on the Rights of the Child (CRC)"));
	A(p, "</h2><p class=\"hint\">");
	A(p, T(p, "Het getal achter elk artikel is het aantal documenten dat het artikel noemt.",
	       "The number after each article is how many documents cite it."));
	A(p, "</p><ol class=\"arts\">");
	for (int art = 1; art <= 54; art++) {
		char spec[16];
		struct web_params w = base;
		unsigned n = search_article_count(db, "CRC", art);
		snprintf(spec, sizeof(spec), "%d", art);
		web_params_add_article(&w, spec);
		buf_addf(&p->b, "<li%s><a ", n ? "" : " class=\"zero\"");
		html_href(p, &w, "/search");
		buf_addf(&p->b, "><span class=\"no\">%d</span> <span class=\"t\">", art);
		const char *title = cite_crc_article_title(art, T(p, "nl", "en"));
		H(p, title ? title : "");
		A(p, "</span> <span class=\"count\" aria-label=\"");
		html_count(p, n);
		A(p, T(p, " documenten\">", " documents\">"));
		html_count(p, n);
		A(p, "</span></a></li>");
	}
	A(p, "</ol>");
	for (size_t k = 0; k < sizeof(protos) / sizeof(protos[0]); k++) {
		A(p, "<h3>");
		H(p, protos[k].inst);
		A(p, " – ");
		H(p, vocab_instrument_title(protos[k].inst, T(p, "nl", "en")));
		A(p, "</h3><ol class=\"arts small\">");
		for (int art = 1; art <= protos[k].max; art++) {
			char spec[32];
			struct web_params w = base;
			unsigned n = search_article_count(db, protos[k].inst, art);
			snprintf(spec, sizeof(spec), "%s:%d", protos[k].inst, art);
			web_params_add_article(&w, spec);
			buf_addf(&p->b, "<li%s><a ", n ? "" : " class=\"zero\"");
			html_href(p, &w, "/search");
			buf_addf(&p->b, "><span class=\"no\">art. %d</span> <span class=\"count\">", art);
			html_count(p, n);
			A(p, "</span></a></li>");
		}
		A(p, "</ol>");
	}
	A(p, "</section>");
}

int page_home(struct page *p, struct search_db *db, const struct web_params *wp)
{
	p->db = db;
	html_begin(p, T(p, "Zoeken", "Search"));
	A(p, "<h1 class=\"visually-hidden\">");
	A(p, T(p, "Zoeken", "Search"));
	A(p, "</h1>");
	search_form(p, wp, 1);
	buf_addf(&p->b, "<p class=\"stats\">");
	html_count(p, search_doccount(db));
	A(p, T(p, " documenten in de index.</p>", " documents in the index.</p>"));
	article_picker(p, db, wp);
	html_end(p);
	return 200;
}

int page_articles(struct page *p, struct search_db *db, const struct web_params *wp)
{
	p->db = db;
	html_begin(p, T(p, "Artikelen IVRK", "CRC articles"));
	article_picker(p, db, wp);
	html_end(p);
	return 200;
}

/* ---- search results ---- */

static const char *facet_title(const struct page *p, const char *name)
{
	if (strcmp(name, "type") == 0)
		return T(p, "Soort document", "Document type");
	if (strcmp(name, "court") == 0)
		return T(p, "Instantie", "Court or body");
	if (strcmp(name, "year") == 0)
		return T(p, "Jaar", "Year");
	if (strcmp(name, "lang") == 0)
		return T(p, "Taal", "Language");
	if (strcmp(name, "state") == 0)
		return T(p, "Staat", "State");
	if (strcmp(name, "outcome") == 0)
		return T(p, "Uitkomst", "Outcome");
	if (strcmp(name, "area") == 0)
		return T(p, "Rechtsgebied", "Area of law");
	return T(p, "Artikel", "Article");
}

/* The display name of court code in the page's language from the court
 * list, else as the index records it (copied into name, n bytes, owned by
 * the caller), else from the hits on this page, else the code.  The result
 * is valid as long as name, res and code are. */
static const char *court_label(const struct page *p, struct search_db *db,
			       const struct search_result *res, const char *code, char *name,
			       size_t n)
{
	const char *listed = vocab_court_label(p->vocab, code, T(p, "nl", "en"));
	if (listed != NULL)
		return listed;
	char *stored = db ? search_court_name(db, code) : NULL;
	if (stored) {
		snprintf(name, n, "%s", stored);
		free(stored);
		return name;
	}
	for (size_t i = 0; res && i < res->n_hits; i++)
		if (strcmp(res->hits[i].court, code) == 0 && res->hits[i].court_name[0])
			return res->hits[i].court_name;
	return code;
}

static void add_facet_value_label(struct page *p, const struct search_result *res,
				  const char *name, const char *value)
{
	if (strcmp(name, "type") == 0)
		H(p, vocab_type_label(value, T(p, "nl", "en")));
	else if (strcmp(name, "court") == 0) {
		char stored[160];
		H(p, court_label(p, p->db, res, value, stored, sizeof(stored)));
	} else if (strcmp(name, "lang") == 0)
		H(p, html_lang_name(p, value));
	else if (strcmp(name, "article") == 0)
		html_article_label(p, value);
	else if (strcmp(name, "state") == 0)
		H(p, vocab_state_label(p->vocab, value, T(p, "nl", "en")));
	else if (strcmp(name, "outcome") == 0)
		H(p, vocab_outcome_label(value, T(p, "nl", "en")));
	else
		H(p, value);
}

/* Applies a facet value to w.  Returns 1 when it is already applied. */
static int facet_apply(struct web_params *w, const char *name, const char *value)
{
	if (strcmp(name, "type") == 0) {
		if (strcmp(w->type, value) == 0)
			return 1;
		snprintf(w->type, sizeof(w->type), "%s", value);
	} else if (strcmp(name, "court") == 0) {
		if (strcmp(w->court, value) == 0)
			return 1;
		snprintf(w->court, sizeof(w->court), "%s", value);
	} else if (strcmp(name, "lang") == 0) {
		if (strcmp(w->lang, value) == 0)
			return 1;
		snprintf(w->lang, sizeof(w->lang), "%s", value);
	} else if (strcmp(name, "state") == 0 || strcmp(name, "outcome") == 0 ||
		   strcmp(name, "area") == 0) {
		/* The facts are query terms (search/query_facts.h): the facet
		 * adds `outcome:violation` to the words. */
		char term[200];
		snprintf(term, sizeof(term), strchr(value, ' ') ? "%s:\"%s\"" : "%s:%s", name, value);
		if (strstr(w->q, term) != NULL)
			return 1;
		size_t ql = strlen(w->q);
		if (ql + 1 + strlen(term) >= sizeof(w->q))
			return 1;
		snprintf(w->q + ql, sizeof(w->q) - ql, "%s%s", ql ? " " : "", term);
		w->page = 1;
	} else if (strcmp(name, "year") == 0) {
		int y = atoi(value);
		if (w->year_from == y && w->year_to == y)
			return 1;
		w->year_from = w->year_to = y;
	} else {
		for (size_t i = 0; i < w->n_articles; i++)
			if (strcmp(w->articles[i], value) == 0)
				return 1;
		if (web_params_add_article(w, value) < 0)
			return 1;
	}
	w->page = 1;
	return 0;
}

static int cmp_count(const void *a, const void *b)
{
	const struct search_facet_value *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->value, y->value);
}

/* Article facet: usable filters first, then by count, then in the order of
 * the Convention (3 before 10), then by label. */
static int cmp_article(const void *a, const void *b)
{
	const struct search_facet_value *x = a, *y = b;
	struct cite cx, cy;
	int px = cite_parse_article(x->value, &cx) == 0, py = cite_parse_article(y->value, &cy) == 0;
	if (px != py)
		return py - px;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if (px && strcmp(cx.instrument, cy.instrument) == 0 && cx.article != cy.article)
		return cx.article - cy.article;
	return strcmp(x->value, y->value);
}

static int cmp_value_desc(const void *a, const void *b)
{
	const struct search_facet_value *x = a, *y = b;
	return strcmp(y->value, x->value);
}

/* The search's error message in the page's language: the messages of the
 * query parser and of search.c are English; Dutch pages say the same in
 * Dutch and never show the English text. */
static void query_message(struct page *p, const char *msg)
{
	if (p->en) {
		H(p, msg);
		return;
	}
	const char *q1 = strchr(msg, '"');
	const char *q2 = q1 ? strchr(q1 + 1, '"') : NULL;
	if (q1 && q2 && strstr(q2, "is not an article") != NULL) {
		A(p, "&quot;");
		buf_add_html(&p->b, q1 + 1, (size_t)(q2 - q1 - 1));
		A(p, "&quot; is geen artikel");
		if (strstr(q2, "(try") != NULL)
			A(p, " (probeer bijvoorbeeld 3, 3.1, 37.b of OPSC:2)");
		A(p, ".");
	} else if (strstr(msg, "NOT") != NULL || strstr(msg, "AND") != NULL ||
		   strstr(msg, "OR ") != NULL || strstr(msg, "Syntax") != NULL) {
		A(p, "De zoekvraag is niet compleet: AND, OR en NOT moeten tussen twee woorden of "
		     "zoektermen staan.");
	} else if (strstr(msg, "quote") != NULL || strstr(msg, "bracket") != NULL ||
		   strstr(msg, "parenthes") != NULL) {
		A(p, "Een aanhalingsteken of haakje staat niet op zijn plaats.");
	} else if (strstr(msg, "too long") != NULL) {
		A(p, "De zoekvraag is te lang (ten hoogste 1.024 tekens).");
	} else {
		A(p, "Deze zoekvraag begrijpt kindex niet.");
	}
}

static void facets(struct page *p, struct search_result *res, const struct web_params *wp)
{
	static const char *const order[] = { "type", "outcome", "state", "area", "article", "court",
					     "year", "lang" };
	/* Before the results in the page, so that on a narrow screen the
	 * facets come first (folded away behind "Verfijnen"); on a wide one
	 * the grid puts them beside the results. */
	A(p, "<details class=\"refine\" open><summary>");
	A(p, T(p, "Verfijnen", "Refine"));
	A(p, "</summary><aside class=\"facets\" aria-labelledby=\"facets-h\"><h2 id=\"facets-h\">");
	A(p, T(p, "Verfijnen", "Refine"));
	A(p, "</h2>");
	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
		struct search_facet *f = NULL;
		for (size_t k = 0; k < SEARCH_N_FACETS; k++)
			if (res->facets[k].name && strcmp(res->facets[k].name, order[o]) == 0)
				f = &res->facets[k];
		if (f == NULL || f->n == 0)
			continue;
		qsort(f->v, f->n, sizeof(f->v[0]),
		      strcmp(f->name, "year") == 0      ? cmp_value_desc
		      : strcmp(f->name, "article") == 0 ? cmp_article
							: cmp_count);
		size_t max = strcmp(f->name, "year") == 0 ? 15 : 12;
		A(p, "<section class=\"facet\"><h3>");
		A(p, facet_title(p, f->name));
		A(p, "</h3><ul>");
		for (size_t i = 0; i < f->n; i++) {
			struct web_params w = *wp;
			if (i == max) {
				/* The rest behind "meer": every value stays choosable. */
				buf_addf(&p->b, "</ul><details class=\"more\"><summary>%s (%zu)</summary><ul>",
					 T(p, "meer", "more"), f->n - max);
			}
			if (f->v[i].value == NULL || f->v[i].value[0] == '\0')
				continue;
			int active = facet_apply(&w, f->name, f->v[i].value);
			int linkable = strcmp(f->name, "article") != 0 ||
				       html_is_article_filter(f->v[i].value);
			A(p, "<li>");
			if (!linkable) {
				A(p, "<span>");
			} else if (active) {
				A(p, "<span class=\"on\" aria-current=\"true\">");
			} else {
				A(p, "<a ");
				html_href(p, &w, "/search");
				A(p, ">");
			}
			add_facet_value_label(p, res, f->name, f->v[i].value);
			A(p, active || !linkable ? "</span>" : "</a>");
			A(p, " <span class=\"count\">");
			html_count(p, f->v[i].count);
			A(p, "</span></li>");
		}
		A(p, f->n > max ? "</ul></details></section>" : "</ul></section>");
	}
	A(p, "</aside></details>");
}

/* One removable chip for an active filter. */
static void active_chip(struct page *p, const struct web_params *without, const char *kind,
			const char *label_raw, const char *article)
{
	A(p, "<li><a class=\"chip on\" ");
	html_href(p, without, "/search");
	A(p, " aria-label=\"");
	A(p, T(p, "Filter verwijderen: ", "Remove filter: "));
	H(p, kind);
	A(p, " ");
	if (article)
		H(p, article);
	else
		H(p, label_raw);
	A(p, "\"><span class=\"k\">");
	H(p, kind);
	A(p, ":</span> ");
	if (article)
		html_article_label(p, article);
	else
		H(p, label_raw);
	A(p, " <span aria-hidden=\"true\" class=\"x\">×</span></a></li>");
}

static void active_filters(struct page *p, const struct web_params *wp,
			   const struct search_result *res)
{
	char yr[32];
	if (!web_params_has_filters(wp))
		return;
	A(p, "<div class=\"active\"><span class=\"lbl\">");
	A(p, T(p, "Actieve filters:", "Active filters:"));
	A(p, "</span><ul class=\"chips\">");
	for (size_t i = 0; i < wp->n_articles; i++) {
		struct web_params w = *wp;
		w.page = 1;
		web_params_del_article(&w, i);
		active_chip(p, &w, T(p, "Artikel", "Article"), NULL, wp->articles[i]);
	}
	cite_html_article_chips(p, wp);
	if (wp->type[0]) {
		struct web_params w = *wp;
		w.page = 1;
		w.type[0] = '\0';
		active_chip(p, &w, T(p, "Soort", "Type"), vocab_type_label(wp->type, T(p, "nl", "en")),
			    NULL);
	}
	if (wp->court[0]) {
		struct web_params w = *wp;
		w.page = 1;
		w.court[0] = '\0';
		char name[160];
		active_chip(p, &w, T(p, "Instantie", "Court"),
			    court_label(p, p->db, res, wp->court, name, sizeof(name)), NULL);
	}
	if (wp->lang[0]) {
		struct web_params w = *wp;
		w.page = 1;
		w.lang[0] = '\0';
		active_chip(p, &w, T(p, "Taal", "Language"), html_lang_name(p, wp->lang), NULL);
	}
	if (wp->year_from || wp->year_to) {
		struct web_params w = *wp;
		w.page = 1;
		w.year_from = w.year_to = 0;
		if (wp->year_from == wp->year_to)
			snprintf(yr, sizeof(yr), "%d", wp->year_from);
		else if (wp->year_from && wp->year_to)
			snprintf(yr, sizeof(yr), "%d–%d", wp->year_from, wp->year_to);
		else if (wp->year_from)
			snprintf(yr, sizeof(yr), "%s %d", T(p, "vanaf", "from"), wp->year_from);
		else
			snprintf(yr, sizeof(yr), "%s %d", T(p, "t/m", "to"), wp->year_to);
		active_chip(p, &w, T(p, "Jaar", "Year"), yr, NULL);
	}
	{
		struct web_params w;
		memset(&w, 0, sizeof(w));
		w.page = 1;
		memcpy(w.q, wp->q, sizeof(w.q));
		w.sort_date = wp->sort_date;
		A(p, "<li><a class=\"clear\" ");
		html_href(p, &w, "/search");
		A(p, ">");
		A(p, T(p, "Filters wissen", "Clear filters"));
		A(p, "</a></li>");
	}
	A(p, "</ul></div>");
}

/* One choice of the sort switch: the order the results are in as text, the
 * other as a link to the first page sorted that way. */
static void sort_choice(struct page *p, const struct web_params *wp,
			const struct search_result *res, int by_date, const char *label)
{
	if (res->by_date == by_date) {
		A(p, " <span aria-current=\"true\">");
		A(p, label);
		A(p, "</span>");
		return;
	}
	struct web_params w = *wp;
	w.page = 1;
	w.sort_date = by_date ? 1 : -1;
	A(p, " <a ");
	html_href(p, &w, "/search");
	A(p, ">");
	A(p, label);
	A(p, "</a>");
}

static void hit(struct page *p, const struct search_hit *h, const struct web_params *wp)
{
	A(p, "<li class=\"hit\"><h3><a ");
	html_doc_href(p, h->id, wp->q, NULL);
	A(p, ">");
	H(p, h->title[0] ? h->title : h->path);
	A(p, "</a></h3>");
	if (html_is_constructed(h->ident, h->path))
		html_constructed_badge(p);
	html_meta_line(p, h->type, h->court_name, h->court, h->date, h->ident);
	if (p->db != NULL) {
		/* outcome, State, rechtsgebied: what a lawyer scans a list for */
		struct docdata dd;
		memset(&dd, 0, sizeof(dd));
		struct error *e = NULL;
		if (search_doc_load(p->db, h->id, &dd, &e) == 0) {
			html_doc_facts(p, &dd);
			docdata_close(&dd);
		}
		error_free(e);
	}
	cite_html_hit_extras(p, h);
	if (h->n_articles > 0) {
		/* One tab stop for the group: the first chip; the arrow keys move
		 * within it (static/kindex.js). */
		A(p, "<ul class=\"chips arts\" data-roving=\"1\" aria-label=\"");
		A(p, T(p, "Genoemde artikelen", "Articles cited"));
		A(p, "\">");
		for (size_t i = 0; i < h->n_articles && i < 12; i++) {
			A(p, "<li>");
			if (html_is_article_filter(h->articles[i])) {
				A(p, i == 0 ? "<a class=\"chip\" " : "<a class=\"chip\" tabindex=\"-1\" ");
				html_href1(p, "/search", "article", h->articles[i]);
				A(p, " title=\"");
				A(p, T(p, "Zoek documenten die dit artikel noemen",
				       "Find documents citing this article"));
				A(p, "\">");
				html_article_label(p, h->articles[i]);
				A(p, "</a>");
			} else {
				A(p, "<span class=\"chip\">");
				html_article_label(p, h->articles[i]);
				A(p, "</span>");
			}
			A(p, "</li>");
		}
		if (h->n_articles > 12)
			buf_addf(&p->b, "<li class=\"more\">+%zu</li>", h->n_articles - 12);
		A(p, "</ul>");
	}
	for (size_t i = 0; i < h->n_passages; i++) {
		A(p, "<blockquote class=\"passage\"><p>");
		A(p, h->passages[i].html); /* escaped by search (search.h (3)) */
		A(p, "</p><footer><a class=\"pg\" ");
		{
			char frag[32];
			snprintf(frag, sizeof(frag), "/pdf#page=%d", h->passages[i].page);
			A(p, "href=\"");
			buf_addf(&p->b, "/doc/%u%s", h->id, frag);
			A(p, "\"");
		}
		buf_addf(&p->b, " title=\"%s\">p. %d</a> · <a ",
			 T(p, "Open de PDF op deze pagina", "Open the PDF at this page"),
			 h->passages[i].page);
		{
			struct buf u = BUF_INIT;
			buf_addf(&u, "/doc/%u", h->id);
			if (wp->q[0]) {
				buf_adds(&u, "?q=");
				buf_adds_url(&u, wp->q);
			}
			buf_addf(&u, "#p-%d", h->passages[i].page);
			A(p, "href=\"");
			H(p, buf_str(&u));
			A(p, "\"");
			buf_free(&u);
		}
		A(p, ">");
		A(p, T(p, "tekst", "text"));
		A(p, "</a>");
		cite_html_pinpoint(p, h, i, wp->q);
		if (h->passages[i].ocr_conf >= 0)
			buf_addf(&p->b, " · <span class=\"ocr\">%s %d%%</span>",
				 T(p, "tekst uit OCR, zekerheid", "text read by OCR, confidence"),
				 h->passages[i].ocr_conf);
		A(p, "</footer></blockquote>");
		if (i == 0)
			wb_hit_tools(p, h, &h->passages[i], NULL);
	}
	if (h->n_passages == 0)
		wb_hit_tools(p, h, NULL, NULL);
	if (h->notext) {
		A(p, "<p class=\"note\">");
		A(p, T(p, "Dit document heeft geen tekstlaag (scan); alleen de gegevens zijn "
			  "doorzoekbaar.",
		       "This document has no text layer (a scan); only its metadata is "
		       "searchable."));
		A(p, "</p>");
	}
	A(p, "</li>");
}

static void pagination(struct page *p, const struct web_params *wp, unsigned total)
{
	unsigned pages = (total + WEB_PAGE_SIZE - 1) / WEB_PAGE_SIZE;
	if (pages > WEB_MAX_PAGE)
		pages = WEB_MAX_PAGE;
	if (pages <= 1)
		return;
	A(p, "<nav class=\"pages\" aria-label=\"");
	A(p, T(p, "Paginering", "Pagination"));
	A(p, "\"><ul>");
	unsigned cur = (unsigned)wp->page;
	if (cur > 1) {
		struct web_params w = *wp;
		w.page = (int)cur - 1;
		A(p, "<li><a rel=\"prev\" ");
		html_href(p, &w, "/search");
		A(p, ">");
		A(p, T(p, "← Vorige", "← Previous"));
		A(p, "</a></li>");
	}
	unsigned lo = cur > 4 ? cur - 4 : 1, hi = lo + 8 > pages ? pages : lo + 8;
	for (unsigned i = lo; i <= hi; i++) {
		struct web_params w = *wp;
		w.page = (int)i;
		if (i == cur) {
			buf_addf(&p->b, "<li><span aria-current=\"page\">%u</span></li>", i);
			continue;
		}
		A(p, "<li><a ");
		html_href(p, &w, "/search");
		buf_addf(&p->b, " aria-label=\"%s %u\">%u</a></li>", T(p, "Pagina", "Page"), i, i);
	}
	if (cur < pages) {
		struct web_params w = *wp;
		w.page = (int)cur + 1;
		A(p, "<li><a rel=\"next\" ");
		html_href(p, &w, "/search");
		A(p, ">");
		A(p, T(p, "Volgende →", "Next →"));
		A(p, "</a></li>");
	}
	A(p, "</ul></nav>");
}

static void no_results(struct page *p, const struct web_params *wp)
{
	A(p, "<div class=\"empty\"><h2>");
	A(p, T(p, "Geen documenten gevonden", "No documents found"));
	A(p, "</h2><p>");
	A(p, T(p, "Probeer het volgende:", "Things to try:"));
	A(p, "</p><ul><li>");
	A(p, T(p, "controleer de spelling, of gebruik minder of algemenere woorden;",
	       "check the spelling, or use fewer or more general words;"));
	A(p, "</li><li>");
	A(p, T(p, "zoek met OR naar alternatieven (bijv. <i>pleeggezin OR pleegzorg</i>) of met * "
		  "naar woordvormen (<i>uithuisplaats*</i>);",
	       "use OR for alternatives (e.g. <i>detention OR custody</i>) or * for word forms "
	       "(<i>detain*</i>);"));
	A(p, "</li>");
	if (web_params_has_filters(wp)) {
		struct web_params w;
		memset(&w, 0, sizeof(w));
		w.page = 1;
		memcpy(w.q, wp->q, sizeof(w.q));
		A(p, "<li>");
		A(p, T(p, "zoek zonder filters: ", "search without filters: "));
		A(p, "<a ");
		html_href(p, &w, "/search");
		A(p, ">");
		A(p, T(p, "Filters wissen", "Clear filters"));
		A(p, "</a>;</li>");
	}
	A(p, "<li>");
	A(p, T(p, "kies een artikel uit de <a href=\"/articles\">lijst van IVRK-artikelen</a>.",
	       "pick an article from the <a href=\"/articles\">list of CRC articles</a>."));
	A(p, "</li></ul></div>");
}

int page_search(struct page *p, struct search_db *db, struct web_params *wp)
{
	p->db = db;
	struct search_req req;
	struct error *err = NULL;
	struct search_result *res;
	int status = 200;

	web_params_to_req(wp, 0, &req);
	res = search_run(db, &req, &err);
	html_begin(p, wp->q[0] ? wp->q : T(p, "Zoekresultaten", "Search results"));
	A(p, "<h1 class=\"visually-hidden\">");
	A(p, T(p, "Zoekresultaten", "Search results"));
	A(p, "</h1>");
	search_form(p, wp, 0);
	if (res == NULL) {
		int bad = err->code == ERR_QUERY || err->code == ERR_INPUT;
		status = bad ? 400 : err->code == ERR_BUSY ? 503 : 500;
		A(p, "<div class=\"empty error\" role=\"alert\"><h2>");
		A(p, bad ? T(p, "Deze zoekvraag kan niet worden uitgevoerd",
			     "This query cannot be run")
			 : T(p, "Het zoeken is mislukt", "The search failed"));
		A(p, "</h2><p class=\"msg\">");
		query_message(p, err->msg);
		A(p, "</p><p>");
		A(p, bad ? T(p, "Controleer haakjes en aanhalingstekens, en gebruik AND, OR en NOT "
				"tussen woorden (niet aan het begin of eind).",
			     "Check brackets and quotes, and put AND, OR and NOT between words (not at "
			     "the start or end).")
			 : T(p, "Probeer het over een ogenblik opnieuw.", "Please try again shortly."));
		A(p, "</p></div>");
		if (!bad)
			fprintf(stderr, "kindex serve: search: %s\n", err->msg);
		error_free(err);
		html_end(p);
		return status;
	}

	A(p, "<div class=\"layout\">");
	if (res->total > 0)
		facets(p, res, wp);
	A(p, "<div class=\"results\">");
	active_filters(p, wp, res);
	if (res->instead_of != NULL && res->corrected != NULL) {
		/* The words typed found nothing: these are the results of the
		 * correction, and the words typed are one click away. */
		struct web_params w = *wp;
		snprintf(w.q, sizeof(w.q), "%s", res->instead_of);
		w.page = 1;
		w.exact = 1;
		A(p, "<p class=\"didyoumean\" role=\"status\">");
		A(p, T(p, "Resultaten voor ", "Results for "));
		A(p, "<strong>");
		H(p, res->corrected);
		A(p, "</strong>; ");
		A(p, T(p, "zoek in plaats daarvan op ", "search instead for "));
		A(p, "<a ");
		html_href(p, &w, "/search");
		A(p, ">");
		H(p, res->instead_of);
		A(p, "</a></p>");
	} else if (res->corrected != NULL && res->corrected[0]) {
		struct web_params w = *wp;
		snprintf(w.q, sizeof(w.q), "%s", res->corrected);
		w.page = 1;
		w.exact = 0;
		A(p, "<p class=\"didyoumean\">");
		A(p, T(p, "Bedoelde u ", "Did you mean "));
		A(p, "<a ");
		html_href(p, &w, "/search");
		A(p, ">");
		H(p, res->corrected);
		A(p, "</a>?</p>");
	}
	if (res->n_unknown > 0) {
		A(p, "<p class=\"unknown\">");
		A(p, T(p, "Niet gevonden in de documenten: ", "Not found in the documents: "));
		for (size_t i = 0; i < res->n_unknown; i++) {
			if (i)
				A(p, ", ");
			A(p, "<em>");
			H(p, res->unknown[i]);
			A(p, "</em>");
			if (res->unknown_en && res->unknown_en[i]) {
				A(p, T(p, " (gezocht op de Engelse vertaling: ",
				       " (searched as its English translation: "));
				H(p, res->unknown_en[i]);
				A(p, ")");
			}
		}
		A(p, "</p>");
	}
	cite_html_understood(p, wp, res);
	if (res->n_hits == 0 && res->total == 0) {
		no_results(p, wp);
	} else {
		A(p, "<div class=\"summary\"><p role=\"status\"><strong>");
		html_count(p, res->total);
		A(p, "</strong> ");
		A(p, res->total == 1 ? T(p, "resultaat", "result") : T(p, "resultaten", "results"));
		{
			char ms[32];
			snprintf(ms, sizeof(ms), " (%.2f s)", res->ms / 1000.0);
			if (!p->en)
				for (char *c = ms; *c; c++)
					if (*c == '.')
						*c = ',';
			A(p, ms);
		}
		if (wp->page > 1)
			buf_addf(&p->b, " · %s %d", T(p, "pagina", "page"), wp->page);
		A(p, "</p><p class=\"sort\">");
		A(p, T(p, "Sorteren:", "Sort:"));
		sort_choice(p, wp, res, 0, T(p, "relevantie", "relevance"));
		A(p, " |");
		sort_choice(p, wp, res, 1, T(p, "datum", "date"));
		A(p, "</p></div>");
		buf_addf(&p->b, "<ol class=\"hits\" start=\"%d\">", (wp->page - 1) * WEB_PAGE_SIZE + 1);
		for (size_t i = 0; i < res->n_hits; i++)
			hit(p, &res->hits[i], wp);
		A(p, "</ol>");
		if (res->n_hits == 0) {
			A(p, "<p>");
			A(p, T(p, "Geen resultaten meer op deze pagina.", "No more results on this page."));
			A(p, "</p>");
		}
		pagination(p, wp, res->total);
		wb_save_search_form(p, wp);
	}
	A(p, "</div>");
	A(p, "</div>");
	search_result_free(res);
	html_end(p);
	return status;
}
