/* pages.c - HTML rendering of the search, article, document, login and
 * error pages (see pages.h).
 *
 * Layout: a header bar with the navigation, a main column and, on wide
 * screens, an aside (facets, or a document's citations).  No JavaScript:
 * every state is a URL, every action a link or a form.  Text in both
 * languages sits side by side through T(p, dutch, english). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/meta.h"
#include "search/cite.h"
#include "web/pages.h"

#define T(p, nl, en_) ((p)->en ? (en_) : (nl))
#define H(p, s) buf_adds_html(&(p)->b, (s))
#define A(p, s) buf_adds(&(p)->b, (s))

/* ---- small formatting helpers ---- */

static const char *const month_nl[] = { "januari", "februari", "maart", "april", "mei", "juni",
					"juli", "augustus", "september", "oktober", "november",
					"december" };
static const char *const month_en[] = { "January", "February", "March", "April", "May", "June",
					"July", "August", "September", "October", "November",
					"December" };

/* Appends date (YYYY-MM-DD, YYYY-MM or YYYY) written out: "14 mei 2019". */
static void add_date(struct page *p, const char *date)
{
	int y = 0, m = 0, d = 0;
	int n = sscanf(date, "%4d-%2d-%2d", &y, &m, &d);
	if (n >= 2 && m >= 1 && m <= 12) {
		const char *mn = p->en ? month_en[m - 1] : month_nl[m - 1];
		if (n == 3 && d >= 1 && d <= 31)
			buf_addf(&p->b, "%d %s %d", d, mn, y);
		else
			buf_addf(&p->b, "%s %d", mn, y);
		return;
	}
	H(p, date);
}

/* Appends n with a thousands separator: "1.234" / "1,234". */
static void add_count(struct page *p, unsigned n)
{
	char s[16], o[24];
	size_t len = (size_t)snprintf(s, sizeof(s), "%u", n), k = 0;
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			o[k++] = p->en ? ',' : '.';
		o[k++] = s[i];
	}
	o[k] = '\0';
	A(p, o);
}

static const char *lang_name(const struct page *p, const char *code)
{
	if (strcmp(code, "nl") == 0)
		return T(p, "Nederlands", "Dutch");
	if (strcmp(code, "en") == 0)
		return T(p, "Engels", "English");
	if (strcmp(code, "fr") == 0)
		return T(p, "Frans", "French");
	return T(p, "Overig", "Other");
}

/* Names of instruments as lawyers write them, Dutch and English. */
static const struct {
	const char *code, *nl, *en;
} instruments[] = {
	{ "CRC", "IVRK", "CRC" },
	{ "ECHR", "EVRM", "ECHR" },
	{ "AWB", "Awb", "GALA (Awb)" },
	{ "VW2000", "Vw 2000", "Aliens Act 2000" },
	{ "VB2000", "Vb 2000", "Aliens Decree 2000" },
	{ "SR", "Sr", "Criminal Code (Sr)" },
	{ "SV", "Sv", "Code of Criminal Procedure (Sv)" },
	{ "JW", "Jeugdwet", "Youth Act" },
	{ "GW", "Grondwet", "Constitution (Gw)" },
	{ "BW", "BW", "Civil Code (BW)" },
	{ "CHARTER", "Handvest EU", "EU Charter" },
	{ "EU", "VWEU", "TFEU" },
	{ "ICCPR", "IVBPR", "ICCPR" },
	{ "ICESCR", "IVESCR", "ICESCR" },
	{ "CRPD", "VN-Verdrag Handicap", "CRPD" },
	{ "CAT", "VN-Antifolterverdrag", "CAT" },
	{ "CEDAW", "VN-Vrouwenverdrag", "CEDAW" },
	{ "REFUGEE", "Vluchtelingenverdrag", "Refugee Convention" },
	{ "HAGUE1980", "HKOV 1980", "Hague Convention 1980" },
	{ "HAGUE1993", "Haags Adoptieverdrag 1993", "Hague Convention 1993" },
	{ "HAGUE1996", "HKBV 1996", "Hague Convention 1996" },
	{ "ACRWC", "ACRWC", "ACRWC" },
	{ "OTHER", "(ander instrument)", "(other instrument)" },
};

static void add_instrument(struct page *p, const char *code)
{
	for (size_t i = 0; i < sizeof(instruments) / sizeof(instruments[0]); i++)
		if (strcmp(instruments[i].code, code) == 0) {
			H(p, T(p, instruments[i].nl, instruments[i].en));
			return;
		}
	if (strncmp(code, "ECHR-P", 6) == 0) {
		A(p, T(p, "Prot. ", "Prot. "));
		H(p, code + 6);
		A(p, T(p, " EVRM", " ECHR"));
		return;
	}
	H(p, code);
}

/* Appends the display label of an article: a filter value "CRC:3" or
 * "3.1", a hit's label "3(1)" or "ECHR 8", a stored key "VW2000:29.2",
 * giving "art. 3 IVRK", "art. 3(1) IVRK", "art. 8 EVRM", "art. 29(2)
 * Vw 2000". */
static void add_article_label(struct page *p, const char *spec)
{
	struct cite c;
	char label[64], inst[24] = "CRC";
	const char *rest = spec;
	size_t k = 0;
	while ((spec[k] >= 'A' && spec[k] <= 'Z') || (spec[k] >= '0' && spec[k] <= '9' && k > 0) ||
	       (spec[k] == '-' && k > 0))
		k++;
	if (k > 0 && k < sizeof(inst) && (spec[k] == ':' || spec[k] == ' ')) {
		memcpy(inst, spec, k);
		inst[k] = '\0';
		rest = spec + k + 1;
	}
	if (cite_parse_article(spec, &c) == 0) {
		cite_format(&c, label, sizeof(label));
		snprintf(inst, sizeof(inst), "%s", c.instrument);
	} else {
		/* "29.2.b" -> "29(2)(b)"; other forms as they are. */
		size_t o = 0;
		int open = 0;
		for (const char *s = rest; *s && o + 3 < sizeof(label); s++) {
			if (*s == '.') {
				if (open)
					label[o++] = ')';
				label[o++] = '(';
				open = 1;
			} else {
				label[o++] = *s;
			}
		}
		if (open)
			label[o++] = ')';
		label[o] = '\0';
	}
	A(p, "art. ");
	H(p, label);
	A(p, " ");
	add_instrument(p, inst);
}

/* 1 when spec can be used as an article filter. */
static int is_article_filter(const char *spec)
{
	struct cite c;
	return strlen(spec) < 64 && cite_parse_article(spec, &c) == 0;
}

/* Appends href="URL" for the search page of wp (escaped). */
static void add_href(struct page *p, const struct web_params *wp, const char *path)
{
	struct buf u = BUF_INIT;
	web_params_url(wp, path, &u);
	A(p, "href=\"");
	H(p, buf_str(&u));
	A(p, "\"");
	buf_free(&u);
}

/* Appends href="/path?key=value" with value percent-encoded and escaped. */
static void add_href1(struct page *p, const char *path, const char *key, const char *val)
{
	struct buf u = BUF_INIT;
	buf_adds(&u, path);
	if (key != NULL && val != NULL && val[0]) {
		buf_addc(&u, '?');
		buf_adds(&u, key);
		buf_addc(&u, '=');
		buf_adds_url(&u, val);
	}
	A(p, "href=\"");
	H(p, buf_str(&u));
	A(p, "\"");
	buf_free(&u);
}

/* ---- page frame ---- */

static void page_begin(struct page *p, const char *title)
{
	A(p, "<!doctype html>\n<html lang=\"");
	A(p, T(p, "nl", "en"));
	A(p, "\"><head><meta charset=\"utf-8\">"
	     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	     "<meta name=\"referrer\" content=\"same-origin\"><title>");
	if (title != NULL && title[0]) {
		H(p, title);
		A(p, " – ");
	}
	A(p, "kindex</title><link rel=\"stylesheet\" href=\"" WEB_CSS_PATH "\"></head>\n<body>");
	A(p, "<a class=\"skip\" href=\"#main\">");
	A(p, T(p, "Naar de inhoud", "Skip to content"));
	A(p, "</a>\n<header class=\"top\"><div class=\"wrap\">"
	     "<a class=\"brand\" href=\"/\"><span class=\"logo\" aria-hidden=\"true\">§</span>kindex</a>"
	     "<span class=\"tagline\">");
	A(p, T(p, "Kinderrechten in rechtspraak en VN-documenten",
	       "Children's rights in case law and UN documents"));
	A(p, "</span><nav aria-label=\"");
	A(p, T(p, "Hoofdmenu", "Main menu"));
	A(p, "\">");
	if (p->user != NULL) {
		A(p, "<a href=\"/\">");
		A(p, T(p, "Zoeken", "Search"));
		A(p, "</a><a href=\"/articles\">");
		A(p, T(p, "Artikelen IVRK", "CRC articles"));
		A(p, "</a>");
	}
	/* The language switch sets a cookie and comes back here. */
	{
		struct buf u = BUF_INIT;
		buf_adds(&u, "/lang?set=");
		buf_adds(&u, p->en ? "nl" : "en");
		if (p->here != NULL && web_next_is_safe(p->here)) {
			buf_adds(&u, "&next=");
			buf_adds_url(&u, p->here);
		}
		A(p, "<a class=\"lang\" href=\"");
		H(p, buf_str(&u));
		A(p, p->en ? "\" lang=\"nl\" hreflang=\"nl\">Nederlands</a>"
			   : "\" lang=\"en\" hreflang=\"en\">English</a>");
		buf_free(&u);
	}
	if (p->user != NULL) {
		A(p, "<form class=\"logout\" method=\"post\" action=\"/logout\">"
		     "<input type=\"hidden\" name=\"csrf\" value=\"");
		H(p, p->csrf ? p->csrf : "");
		A(p, "\"><span class=\"who\" title=\"");
		A(p, T(p, "Ingelogd als", "Signed in as"));
		A(p, "\">");
		H(p, p->user);
		A(p, "</span><button type=\"submit\">");
		A(p, T(p, "Uitloggen", "Log out"));
		A(p, "</button></form>");
	}
	A(p, "</nav></div></header>\n<main id=\"main\" class=\"wrap\">");
}

static void page_end(struct page *p)
{
	A(p, "</main>\n<footer class=\"wrap\">kindex · Defence for Children – ECPAT Nederland · ");
	A(p, T(p, "Alleen voor medewerkers", "Staff only"));
	A(p, "</footer></body></html>\n");
}

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
	A(p, "\"><button type=\"submit\">");
	A(p, T(p, "Zoeken", "Search"));
	A(p, "</button></div>");
	/* Filters that have no control of their own ride along. */
	for (size_t i = 0; i < wp->n_articles; i++) {
		A(p, "<input type=\"hidden\" name=\"article\" value=\"");
		H(p, wp->articles[i]);
		A(p, "\">");
	}
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
	for (size_t i = 0; meta_types[i] != NULL; i++)
		add_option(p, meta_types[i], meta_type_label(meta_types[i], T(p, "nl", "en")),
			   strcmp(wp->type, meta_types[i]) == 0);
	A(p, "</select></div>");

	A(p, "<div><label for=\"f-lang\">");
	A(p, T(p, "Taal van het document", "Document language"));
	A(p, "</label><select id=\"f-lang\" name=\"lang\">");
	add_option(p, "", T(p, "Alle talen", "All languages"), wp->lang[0] == '\0');
	add_option(p, "nl", lang_name(p, "nl"), strcmp(wp->lang, "nl") == 0);
	add_option(p, "en", lang_name(p, "en"), strcmp(wp->lang, "en") == 0);
	add_option(p, "fr", lang_name(p, "fr"), strcmp(wp->lang, "fr") == 0);
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
	static const struct {
		const char *inst;
		int max;
		const char *nl, *en;
	} protos[] = {
		{ "OPSC", 17, "Facultatief Protocol inzake verkoop van kinderen, kinderprostitutie "
			      "en kinderpornografie",
		  "Optional Protocol on the sale of children, child prostitution and child "
		  "pornography" },
		{ "OPAC", 13, "Facultatief Protocol inzake de betrokkenheid van kinderen bij "
			      "gewapende conflicten",
		  "Optional Protocol on the involvement of children in armed conflict" },
		{ "OPIC", 24, "Facultatief Protocol inzake een communicatieprocedure",
		  "Optional Protocol on a communications procedure" },
	};
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
		add_href(p, &w, "/search");
		buf_addf(&p->b, "><span class=\"no\">%d</span> <span class=\"t\">", art);
		const char *title = cite_crc_article_title(art, T(p, "nl", "en"));
		H(p, title ? title : "");
		A(p, "</span> <span class=\"count\" aria-label=\"");
		add_count(p, n);
		A(p, T(p, " documenten\">", " documents\">"));
		add_count(p, n);
		A(p, "</span></a></li>");
	}
	A(p, "</ol>");
	for (size_t k = 0; k < sizeof(protos) / sizeof(protos[0]); k++) {
		A(p, "<h3>");
		H(p, protos[k].inst);
		A(p, " – ");
		A(p, T(p, protos[k].nl, protos[k].en));
		A(p, "</h3><ol class=\"arts small\">");
		for (int art = 1; art <= protos[k].max; art++) {
			char spec[32];
			struct web_params w = base;
			unsigned n = search_article_count(db, protos[k].inst, art);
			snprintf(spec, sizeof(spec), "%s:%d", protos[k].inst, art);
			web_params_add_article(&w, spec);
			buf_addf(&p->b, "<li%s><a ", n ? "" : " class=\"zero\"");
			add_href(p, &w, "/search");
			buf_addf(&p->b, "><span class=\"no\">art. %d</span> <span class=\"count\">", art);
			add_count(p, n);
			A(p, "</span></a></li>");
		}
		A(p, "</ol>");
	}
	A(p, "</section>");
}

int page_home(struct page *p, struct search_db *db, const struct web_params *wp)
{
	p->db = db;
	page_begin(p, T(p, "Zoeken", "Search"));
	A(p, "<h1 class=\"visually-hidden\">");
	A(p, T(p, "Zoeken", "Search"));
	A(p, "</h1>");
	search_form(p, wp, 1);
	buf_addf(&p->b, "<p class=\"stats\">");
	add_count(p, search_doccount(db));
	A(p, T(p, " documenten in de index.</p>", " documents in the index.</p>"));
	article_picker(p, db, wp);
	page_end(p);
	return 200;
}

int page_articles(struct page *p, struct search_db *db, const struct web_params *wp)
{
	p->db = db;
	page_begin(p, T(p, "Artikelen IVRK", "CRC articles"));
	article_picker(p, db, wp);
	page_end(p);
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
	return T(p, "Artikel", "Article");
}

/* The name to show for court code, given the name a document stores: the
 * rules' name in the page's language when the stored one is the rules' own
 * (a name corrected by a sidecar stays as it is), else the stored name, else
 * the code. */
static const char *court_display(const struct page *p, const char *code, const char *stored)
{
	const char *primary = meta_court_label(p->rules, code, "en");
	if (primary != NULL && (stored[0] == '\0' || strcmp(stored, primary) == 0))
		return meta_court_label(p->rules, code, T(p, "nl", "en"));
	return stored[0] ? stored : code;
}

/* The display name of court code in the page's language from the rules,
 * else as the index records it, else from the hits on this page, else the
 * code.  The result is valid until the next call in this thread. */
static const char *court_label(const struct page *p, struct search_db *db,
			       const struct search_result *res, const char *code)
{
	static __thread char name[160];
	const char *ruled = meta_court_label(p->rules, code, T(p, "nl", "en"));
	if (ruled != NULL)
		return ruled;
	char *n = db ? search_court_name(db, code) : NULL;
	if (n) {
		snprintf(name, sizeof(name), "%s", n);
		free(n);
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
		H(p, meta_type_label(value, T(p, "nl", "en")));
	else if (strcmp(name, "court") == 0)
		H(p, court_label(p, p->db, res, value));
	else if (strcmp(name, "lang") == 0)
		H(p, lang_name(p, value));
	else if (strcmp(name, "article") == 0)
		add_article_label(p, value);
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

static void facets(struct page *p, struct search_result *res, const struct web_params *wp)
{
	static const char *const order[] = { "type", "article", "court", "year", "lang" };
	A(p, "<aside class=\"facets\" aria-labelledby=\"facets-h\"><h2 id=\"facets-h\">");
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
		for (size_t i = 0; i < f->n && i < max; i++) {
			struct web_params w = *wp;
			if (f->v[i].value == NULL || f->v[i].value[0] == '\0')
				continue;
			int active = facet_apply(&w, f->name, f->v[i].value);
			int linkable = strcmp(f->name, "article") != 0 ||
				       is_article_filter(f->v[i].value);
			A(p, "<li>");
			if (!linkable) {
				A(p, "<span>");
			} else if (active) {
				A(p, "<span class=\"on\" aria-current=\"true\">");
			} else {
				A(p, "<a ");
				add_href(p, &w, "/search");
				A(p, ">");
			}
			add_facet_value_label(p, res, f->name, f->v[i].value);
			A(p, active || !linkable ? "</span>" : "</a>");
			A(p, " <span class=\"count\">");
			add_count(p, f->v[i].count);
			A(p, "</span></li>");
		}
		A(p, "</ul></section>");
	}
	A(p, "</aside>");
}

/* One removable chip for an active filter. */
static void active_chip(struct page *p, const struct web_params *without, const char *kind,
			const char *label_raw, const char *article)
{
	A(p, "<li><a class=\"chip on\" ");
	add_href(p, without, "/search");
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
		add_article_label(p, article);
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
	if (wp->type[0]) {
		struct web_params w = *wp;
		w.page = 1;
		w.type[0] = '\0';
		active_chip(p, &w, T(p, "Soort", "Type"), meta_type_label(wp->type, T(p, "nl", "en")),
			    NULL);
	}
	if (wp->court[0]) {
		struct web_params w = *wp;
		w.page = 1;
		w.court[0] = '\0';
		active_chip(p, &w, T(p, "Instantie", "Court"),
			    court_label(p, p->db, res, wp->court), NULL);
	}
	if (wp->lang[0]) {
		struct web_params w = *wp;
		w.page = 1;
		w.lang[0] = '\0';
		active_chip(p, &w, T(p, "Taal", "Language"), lang_name(p, wp->lang), NULL);
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
		add_href(p, &w, "/search");
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
	add_href(p, &w, "/search");
	A(p, ">");
	A(p, label);
	A(p, "</a>");
}

/* The metadata line of a hit or document: type · court · date · ident. */
static void meta_line(struct page *p, const char *type, const char *court_name, const char *court,
		      const char *date, const char *ident)
{
	A(p, "<p class=\"meta\"><span class=\"type\">");
	H(p, meta_type_label(type && type[0] ? type : NULL, T(p, "nl", "en")));
	A(p, "</span>");
	if (court_name[0] || court[0]) {
		A(p, "<span>");
		H(p, court_display(p, court, court_name));
		A(p, "</span>");
	}
	if (date[0]) {
		A(p, "<span><time datetime=\"");
		H(p, date);
		A(p, "\">");
		add_date(p, date);
		A(p, "</time></span>");
	}
	if (ident[0]) {
		A(p, "<span class=\"ident\">");
		H(p, ident);
		A(p, "</span>");
	}
	A(p, "</p>");
}

static void doc_href(struct page *p, unsigned id, const char *q, const char *suffix)
{
	struct buf u = BUF_INIT;
	buf_addf(&u, "/doc/%u%s", id, suffix ? suffix : "");
	if (q != NULL && q[0]) {
		buf_adds(&u, "?q=");
		buf_adds_url(&u, q);
	}
	A(p, "href=\"");
	H(p, buf_str(&u));
	A(p, "\"");
	buf_free(&u);
}

static void hit(struct page *p, const struct search_hit *h, const struct web_params *wp)
{
	A(p, "<li class=\"hit\"><h3><a ");
	doc_href(p, h->id, wp->q, NULL);
	A(p, ">");
	H(p, h->title[0] ? h->title : h->path);
	A(p, "</a></h3>");
	meta_line(p, h->type, h->court_name, h->court, h->date, h->ident);
	if (h->n_articles > 0) {
		A(p, "<ul class=\"chips arts\" aria-label=\"");
		A(p, T(p, "Genoemde artikelen", "Articles cited"));
		A(p, "\">");
		for (size_t i = 0; i < h->n_articles && i < 12; i++) {
			A(p, "<li>");
			if (is_article_filter(h->articles[i])) {
				A(p, "<a class=\"chip\" ");
				add_href1(p, "/search", "article", h->articles[i]);
				A(p, " title=\"");
				A(p, T(p, "Zoek documenten die dit artikel noemen",
				       "Find documents citing this article"));
				A(p, "\">");
				add_article_label(p, h->articles[i]);
				A(p, "</a>");
			} else {
				A(p, "<span class=\"chip\">");
				add_article_label(p, h->articles[i]);
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
		if (h->passages[i].ocr_conf >= 0)
			buf_addf(&p->b, " · <span class=\"ocr\">%s %d%%</span>",
				 T(p, "tekst uit OCR, zekerheid", "text read by OCR, confidence"),
				 h->passages[i].ocr_conf);
		A(p, "</footer></blockquote>");
	}
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
		add_href(p, &w, "/search");
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
		add_href(p, &w, "/search");
		buf_addf(&p->b, " aria-label=\"%s %u\">%u</a></li>", T(p, "Pagina", "Page"), i, i);
	}
	if (cur < pages) {
		struct web_params w = *wp;
		w.page = (int)cur + 1;
		A(p, "<li><a rel=\"next\" ");
		add_href(p, &w, "/search");
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
		add_href(p, &w, "/search");
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
	page_begin(p, wp->q[0] ? wp->q : T(p, "Zoekresultaten", "Search results"));
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
		H(p, err->msg);
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
		page_end(p);
		return status;
	}

	A(p, "<div class=\"layout\"><div class=\"results\">");
	active_filters(p, wp, res);
	if (res->corrected != NULL && res->corrected[0]) {
		struct web_params w = *wp;
		snprintf(w.q, sizeof(w.q), "%s", res->corrected);
		w.page = 1;
		A(p, "<p class=\"didyoumean\">");
		A(p, T(p, "Bedoelde u ", "Did you mean "));
		A(p, "<a ");
		add_href(p, &w, "/search");
		A(p, ">");
		H(p, res->corrected);
		A(p, "</a>?</p>");
	}
	if (res->n_hits == 0 && res->total == 0) {
		no_results(p, wp);
	} else {
		A(p, "<div class=\"summary\"><p role=\"status\"><strong>");
		add_count(p, res->total);
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
	}
	A(p, "</div>");
	facets(p, res, wp);
	A(p, "</div>");
	search_result_free(res);
	page_end(p);
	return status;
}

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
		H(p, meta_type_label(value, T(p, "nl", "en")));
	} else if (strcmp(field, "date") == 0) {
		add_date(p, value);
	} else {
		H(p, value);
	}
	if (src[0]) {
		A(p, "<details class=\"src\"><summary>");
		A(p, T(p, "hoe gevonden", "how found"));
		A(p, "</summary><code>");
		H(p, src);
		A(p, "</code></details>");
	}
	A(p, "</dd>");
}

static void doc_list(struct page *p, const struct search_doc_list *l)
{
	A(p, "<ul class=\"docs\">");
	for (size_t i = 0; i < l->n; i++) {
		const struct search_doc_ref *r = &l->items[i];
		A(p, "<li><a ");
		doc_href(p, r->id, NULL, NULL);
		A(p, ">");
		H(p, r->title && r->title[0] ? r->title : "?");
		A(p, "</a>");
		if ((r->date && r->date[0]) || (r->ident && r->ident[0])) {
			A(p, "<span class=\"sub\">");
			if (r->date && r->date[0])
				add_date(p, r->date);
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

	page_begin(p, title[0] ? title : base);
	if (q != NULL && q[0]) {
		A(p, "<p class=\"crumbs\"><a ");
		add_href1(p, "/search", "q", q);
		A(p, ">");
		A(p, T(p, "← Terug naar de resultaten", "← Back to the results"));
		A(p, "</a></p>");
	}
	A(p, "<h1 class=\"doctitle\">");
	H(p, title[0] ? title : base);
	A(p, "</h1>");
	meta_line(p, docdata_meta(&dd, "type"), docdata_meta(&dd, "court_name"),
		  docdata_meta(&dd, "court"), docdata_meta(&dd, "date"), ident);
	A(p, "<p class=\"actions\"><a class=\"btn\" ");
	doc_href(p, id, NULL, "/pdf");
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
		  court_display(p, docdata_meta(&dd, "court"), docdata_meta(&dd, "court_name")));
	doc_field(p, &dd, T(p, "Datum", "Date"), "date", docdata_meta(&dd, "date"));
	doc_field(p, &dd, T(p, "Kenmerk", "Identifier"), "ident", ident);
	A(p, "<dt>");
	A(p, T(p, "Taal", "Language"));
	A(p, "</dt><dd>");
	H(p, lang[0] ? lang_name(p, lang) : "?");
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
	for (int pg = 1; pg <= n_pages; pg++) {
		const char *text;
		size_t len;
		if (docdata_page(&dd, pg, &text, &len) < 0)
			break;
		char *html = NULL;
		if (q != NULL && q[0]) {
			struct error *e2 = NULL;
			html = search_highlight(db, q, text, len, lang, &e2);
			error_free(e2);
		}
		buf_addf(&pages, "<section class=\"page\" id=\"p-%d\"><h2>%s %d <a class=\"pg\" "
				 "href=\"/doc/%u/pdf#page=%d\">PDF</a></h2><div class=\"text\">",
			 pg, T(p, "Pagina", "Page"), pg, id, pg);
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
			buf_adds(&pages, html); /* escaped by search_highlight */
			free(html);
		} else {
			buf_add_html(&pages, text, len);
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
	buf_free(&jump);
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
			v[n].crc = is_article_filter(key);
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
				add_href1(p, "/search", "article", v[i].key);
				A(p, ">");
				add_article_label(p, v[i].key);
				A(p, "</a>");
			} else {
				A(p, "<span class=\"chip plain\">");
				add_article_label(p, v[i].key);
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
			struct buf qq = BUF_INIT;
			if (c == NULL)
				continue;
			unsigned cited = search_doc_by_ident(db, c);
			A(p, "<li><a ");
			if (cited) {
				/* In the index: straight to it. */
				buf_addf(&qq, "/doc/%u", cited);
				A(p, "href=\"");
				H(p, buf_str(&qq));
				A(p, "\"");
			} else {
				/* Elsewhere: the documents that cite it too. */
				buf_adds(&qq, "cites:");
				buf_adds(&qq, c);
				add_href1(p, "/search", "q", buf_str(&qq));
			}
			A(p, ">");
			H(p, c);
			A(p, "</a></li>");
			buf_free(&qq);
		}
		A(p, "</ul></section>");
	}
	if (ident[0]) {
		struct search_doc_list l = { 0 };
		struct error *e2 = NULL;
		if (search_cited_by(db, ident, 30, &l, &e2) == 0)
			doc_list_section(p, T(p, "Geciteerd door", "Cited by"), &l);
		error_free(e2);
		search_doc_list_clear(&l);
	}
	{
		struct search_doc_list l = { 0 };
		struct error *e2 = NULL;
		if (search_more_like_this(db, id, 8, &l, &e2) == 0)
			doc_list_section(p, T(p, "Vergelijkbare documenten", "More like this"), &l);
		error_free(e2);
		search_doc_list_clear(&l);
	}
	A(p, "</aside></div>");
	docdata_close(&dd);
	page_end(p);
	return 200;
}

/* ---- login and errors ---- */

int page_login(struct page *p, const char *token, const char *next, const char *msg,
	       int status)
{
	page_begin(p, T(p, "Inloggen", "Log in"));
	A(p, "<div class=\"login box\"><h1>");
	A(p, T(p, "Inloggen", "Log in"));
	A(p, "</h1><p>");
	A(p, T(p, "kindex is alleen toegankelijk voor medewerkers van Defence for Children – "
		  "ECPAT Nederland.",
	       "kindex is for staff of Defence for Children – ECPAT Nederland only."));
	A(p, "</p>");
	if (msg != NULL) {
		A(p, "<p class=\"msg error\" role=\"alert\">");
		H(p, msg);
		A(p, "</p>");
	}
	A(p, "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"");
	H(p, token);
	A(p, "\"><input type=\"hidden\" name=\"next\" value=\"");
	H(p, next ? next : "/");
	A(p, "\"><label for=\"user\">");
	A(p, T(p, "Gebruikersnaam", "User name"));
	A(p, "</label><input id=\"user\" name=\"user\" autocomplete=\"username\" required "
	     "maxlength=\"64\" autofocus><label for=\"password\">");
	A(p, T(p, "Wachtwoord", "Password"));
	A(p, "</label><input id=\"password\" name=\"password\" type=\"password\" "
	     "autocomplete=\"current-password\" required maxlength=\"1024\"><button type=\"submit\">");
	A(p, T(p, "Inloggen", "Log in"));
	A(p, "</button></form></div>");
	page_end(p);
	return status;
}

int page_bad_params(struct page *p, const struct web_params *wp, const char *detail)
{
	const char *k = wp->bad, *msg;
	char buf[160];
	if (wp->bad_text)
		msg = T(p, "De aanvraag bevat ongeldige tekens. Typ de zoekvraag opnieuw in.",
			"The request contains invalid characters. Please retype the query.");
	else if (strcmp(k, "q") == 0)
		msg = T(p, "De zoekvraag is te lang. Gebruik minder woorden.",
			"The query is too long. Use fewer words.");
	else if (strcmp(k, "article") == 0)
		msg = T(p, "Dit artikel is onbekend. Schrijf bijvoorbeeld 3, 3.1, 37(b) of OPSC:2 "
			   "(IVRK-artikelen 1 tot en met 54).",
			"Unknown article. Write for example 3, 3.1, 37(b) or OPSC:2 (CRC articles 1 "
			"to 54).");
	else if (strcmp(k, "page") == 0) {
		snprintf(buf, sizeof(buf),
			 p->en ? "The page number must be a number from 1 to %d."
			       : "Het paginanummer moet een getal van 1 tot en met %d zijn.",
			 WEB_MAX_PAGE);
		msg = buf;
	} else if (strcmp(k, "sort") == 0)
		msg = T(p, "Sorteren kan alleen op relevantie of op datum.",
			"Results can only be sorted by relevance or by date.");
	else if (strcmp(k, "from") == 0 || strcmp(k, "to") == 0)
		msg = T(p, "Een jaartal bestaat uit vier cijfers, bijvoorbeeld 2019.",
			"A year has four digits, for example 2019.");
	else
		msg = T(p, "Een van de filters in het adres is ongeldig.",
			"One of the filters in the address is not valid.");
	page_begin(p, T(p, "Ongeldige aanvraag", "Bad request"));
	A(p, "<div class=\"empty error\"><h1>");
	A(p, T(p, "Ongeldige aanvraag", "Bad request"));
	A(p, "</h1><p class=\"msg\">");
	H(p, msg);
	A(p, "</p><p class=\"hint\">");
	A(p, T(p, "Technische melding: ", "Technical message: "));
	A(p, "<code>");
	H(p, detail);
	A(p, "</code></p><p><a href=\"/\">");
	A(p, T(p, "Opnieuw zoeken", "Search again"));
	A(p, "</a></p></div>");
	page_end(p);
	return 400;
}

int page_error(struct page *p, int status, const char *msg)
{
	const char *title;
	switch (status) {
	case 400: title = T(p, "Ongeldige aanvraag", "Bad request"); break;
	case 403: title = T(p, "Geen toegang", "Forbidden"); break;
	case 404: title = T(p, "Niet gevonden", "Not found"); break;
	case 405: title = T(p, "Methode niet toegestaan", "Method not allowed"); break;
	case 413: title = T(p, "Aanvraag te groot", "Request too large"); break;
	case 429: title = T(p, "Te veel pogingen", "Too many attempts"); break;
	case 503: title = T(p, "Tijdelijk niet beschikbaar", "Temporarily unavailable"); break;
	default: title = T(p, "Er ging iets mis", "Something went wrong"); break;
	}
	page_begin(p, title);
	A(p, "<div class=\"empty error\"><h1>");
	H(p, title);
	A(p, "</h1><p class=\"msg\">");
	H(p, msg);
	A(p, "</p><p><a href=\"/\">");
	A(p, T(p, "Naar de zoekpagina", "Go to the search page"));
	A(p, "</a></p></div>");
	page_end(p);
	return status;
}
