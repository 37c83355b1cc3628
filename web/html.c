/* html.c - the page frame and the small items the page modules share
 * (see html.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/cite.h"
#include "search/docdata.h"
#include "search/vocab.h"
#include "web/html.h"

/* ---- small formatting helpers ---- */

/* Appends date (YYYY-MM-DD, YYYY-MM or YYYY) written out: "14 mei 2019". */
void html_date(struct page *p, const char *date)
{
	int y = 0, m = 0, d = 0;
	int n = sscanf(date, "%4d-%2d-%2d", &y, &m, &d);
	if (n >= 2 && m >= 1 && m <= 12) {
		const char *mn = vocab_month_name(m, T(p, "nl", "en"));
		if (n == 3 && d >= 1 && d <= 31)
			buf_addf(&p->b, "%d %s %d", d, mn, y);
		else
			buf_addf(&p->b, "%s %d", mn, y);
		return;
	}
	H(p, date);
}

/* Appends n with a thousands separator: "1.234" / "1,234". */
void html_count(struct page *p, unsigned n)
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

const char *html_lang_name(const struct page *p, const char *code)
{
	return vocab_lang_label(code, T(p, "nl", "en"));
}

static void add_instrument(struct page *p, const char *code)
{
	const char *name = vocab_instrument_label(code, T(p, "nl", "en"));
	if (name != NULL) {
		H(p, name);
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
void html_article_label(struct page *p, const char *spec)
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
int html_is_article_filter(const char *spec)
{
	struct cite c;
	return strlen(spec) < 64 && cite_parse_article(spec, &c) == 0;
}

/* Appends href="URL" for the search page of wp (escaped). */
void html_href(struct page *p, const struct web_params *wp, const char *path)
{
	struct buf u = BUF_INIT;
	web_params_url(wp, path, &u);
	A(p, "href=\"");
	H(p, buf_str(&u));
	A(p, "\"");
	buf_free(&u);
}

/* Appends href="/path?key=value" with value percent-encoded and escaped. */
void html_href1(struct page *p, const char *path, const char *key, const char *val)
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

void html_begin(struct page *p, const char *title)
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
	A(p, "kindex</title><link rel=\"stylesheet\" href=\"" WEB_CSS_PATH "\">"
	     "<script src=\"/static/kindex.js\" defer></script></head>\n<body>");
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
		A(p, "</a><a href=\"/collections\">");
		A(p, T(p, "Collecties", "Collections"));
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

void html_end(struct page *p)
{
	A(p, "</main>\n<footer class=\"wrap\">kindex · Defence for Children – ECPAT Nederland · ");
	A(p, T(p, "Alleen voor medewerkers", "Staff only"));
	A(p, "</footer></body></html>\n");
}

/* ---- shared pieces of the search and document pages ---- */

/* See html.h: the court list's name wins only over the list's own name. */
const char *html_court_display(const struct page *p, const char *code, const char *stored)
{
	const char *primary = vocab_court_label(p->vocab, code, "en");
	if (primary != NULL && (stored[0] == '\0' || strcmp(stored, primary) == 0))
		return vocab_court_label(p->vocab, code, T(p, "nl", "en"));
	return stored[0] ? stored : code;
}

/* The metadata line of a hit or document: type · court · date · ident. */
void html_meta_line(struct page *p, const char *type, const char *court_name, const char *court,
		      const char *date, const char *ident)
{
	A(p, "<p class=\"meta\"><span class=\"type\">");
	H(p, vocab_type_label(type && type[0] ? type : NULL, T(p, "nl", "en")));
	A(p, "</span>");
	if (court_name[0] || court[0]) {
		A(p, "<span>");
		H(p, html_court_display(p, court, court_name));
		A(p, "</span>");
	}
	if (date[0]) {
		A(p, "<span><time datetime=\"");
		H(p, date);
		A(p, "\">");
		html_date(p, date);
		A(p, "</time></span>");
	}
	if (ident[0]) {
		A(p, "<span class=\"ident\">");
		H(p, ident);
		A(p, "</span>");
	}
	A(p, "</p>");
}

void html_doc_href(struct page *p, unsigned id, const char *q, const char *suffix)
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

/* See html.h: internal source codes ("text:page1:'Datum uitspraak'",
 * "ident:bwb", "sidecar:X.pdf.meta") as words a reader understands. */
const char *html_source_words(const struct page *p, const char *src)
{
	static const struct {
		const char *prefix, *nl, *en;
	} words[] = {
		{ "sidecar", "correctie door een medewerker", "corrected by staff" },
		{ "table", "correctie door een medewerker", "corrected by staff" },
		{ "override", "correctie door een medewerker", "corrected by staff" },
		{ "ecli", "uit de ECLI", "from the ECLI" },
		{ "ident", "uit het kenmerk", "from the identifier" },
		{ "pdf-title", "uit de titel van de PDF", "from the PDF's title" },
		{ "pdf-", "uit de gegevens van de PDF", "from the PDF's properties" },
		{ "file", "uit de bestandsnaam", "from the file name" },
		{ "filename", "uit de bestandsnaam", "from the file name" },
		{ "meta:", "uit de gegevens van het document", "from the document's details" },
		{ "text", "uit de tekst", "from the text" },
		{ "rule", "uit de vaste gegevens van kindex", "from kindex's own lists" },
		{ "court-type", "uit de instantie", "from the court or body" },
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strncmp(src, words[i].prefix, strlen(words[i].prefix)) == 0)
			return T(p, words[i].nl, words[i].en);
	return T(p, "automatisch herkend", "recognised automatically");
}

/* See html.h: constructed example documents ("VOORBEELDDOCUMENT", ECLIs
 * with ":TEST.") carry a badge wherever they are shown. */
int html_is_constructed(const char *ident, const char *path)
{
	return (ident != NULL && strstr(ident, ":TEST.") != NULL) ||
	       (path != NULL && strstr(path, ".TEST.") != NULL);
}

void html_constructed_badge(struct page *p)
{
	A(p, "<span class=\"badge constructed\" title=\"");
	A(p, T(p, "Dit document is geconstrueerd voor tests en voorbeelden; het is geen echte "
		  "uitspraak.",
	       "This document was constructed for tests and examples; it is not real case law."));
	A(p, "\">");
	A(p, T(p, "Voorbeeld – geen echte uitspraak", "Example – not real case law"));
	A(p, "</span>");
}

/* The facts lawyers filter by, as one line under the title: "Views:
 * schending van art. 3, 20, 37 · Spanje · D.D."; "Grote Kamer · schending
 * · Tsjechië"; "Bestuursrecht; Vreemdelingenrecht · hoger beroep ·
 * zittingsplaats Zwolle". */
void html_doc_facts(struct page *p, const struct docdata *dd)
{
	const char *outcome = docdata_meta(dd, "outcome"), *violated = docdata_meta(dd, "violated");
	const char *state = docdata_meta(dd, "state"), *formation = docdata_meta(dd, "formation");
	const char *parties = docdata_meta(dd, "parties"), *area = docdata_meta(dd, "area");
	const char *procedure = docdata_meta(dd, "procedure"), *seat = docdata_meta(dd, "seat");
	if (!outcome[0] && !state[0] && !formation[0] && !area[0] && !procedure[0] && !seat[0])
		return;
	const char *lang = T(p, "nl", "en");
	int n = 0;
	A(p, "<p class=\"facts\">");
#define SEP() (n++ ? A(p, " · ") : (void)0)
	if (formation[0]) {
		SEP();
		H(p, vocab_formation_label(formation, lang));
	}
	if (outcome[0]) {
		SEP();
		A(p, "<strong class=\"outcome\">");
		H(p, vocab_outcome_label(outcome, lang));
		if (violated[0]) {
			/* "3(1); 12" -> "art. 3(1), 12" */
			A(p, T(p, " van art. ", " of art. "));
			for (const char *v = violated; *v; v++)
				if (*v == ';')
					A(p, ",");
				else
					buf_add_html(&p->b, v, 1);
		}
		A(p, "</strong>");
	}
	if (state[0]) {
		SEP();
		for (const char *s = state; *s;) {
			size_t k = strcspn(s, ";");
			char one[96];
			snprintf(one, sizeof(one), "%.*s", (int)(k < 95 ? k : 95), s);
			H(p, vocab_state_label(p->vocab, one, lang));
			s += k;
			if (*s) {
				s += strspn(s, "; ");
				A(p, ", ");
			}
		}
	}
	if (parties[0]) {
		SEP();
		H(p, parties);
	}
	if (area[0]) {
		SEP();
		H(p, area);
	}
	if (procedure[0]) {
		SEP();
		H(p, procedure);
	}
	if (seat[0]) {
		SEP();
		A(p, T(p, "zittingsplaats ", "seat "));
		H(p, seat);
	}
#undef SEP
	A(p, "</p>");
}

