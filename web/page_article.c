/* page_article.c - one page per article of the Convention: /articles/3,
 * /articles/3.1, /articles/37.b (and the protocols' articles, OPSC:2).
 *
 * The page holds the article's text in Dutch and English (from the treaty
 * in the index: the Convention's bilingual Tractatenblad text, BWBV0002508),
 * the General Comments that interpret it with the passages where they do
 * (each with its paragraph number), and then the Committee's Views, the
 * ECtHR's judgments and the Dutch rulings that apply it, grouped by forum,
 * newest first, each group with its count.  For a Dutch ruling the page
 * says whether the court held the provision directly applicable ("een
 * ieder verbindend", art. 93 and 94 Grondwet) when the ruling says so in a
 * sentence that names the article.
 *
 * Everything not our own markup goes through buf_adds_html (pages.h (2)).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "search/vocab.h"
#include "search/cite.h"
#include "search/docdata.h"
#include "web/pages.h"

#define T(p, nl, en_) ((p)->en ? (en_) : (nl))
#define H(p, s) buf_adds_html(&(p)->b, (s))
#define A(p, s) buf_adds(&(p)->b, (s))

/* The Convention's text in the index: the BWB identifier of the Dutch
 * treaty database. */
#define CRC_TREATY_IDENT "BWBV0002508"

/* The text of the treaty document, pages joined, without the running
 * header (the identifier) and footer ("27 / 33") lines.  malloc()ed or
 * NULL. */
static char *treaty_text(struct search_db *db)
{
	unsigned id = search_doc_by_ident(db, CRC_TREATY_IDENT);
	struct docdata dd;
	if (id == 0 || search_doc_load(db, id, &dd, NULL) < 0)
		return NULL;
	struct buf out = BUF_INIT;
	for (int pg = 1;; pg++) {
		const char *text;
		size_t len;
		if (docdata_page(&dd, pg, &text, &len) < 0)
			break;
		for (const char *l = text, *e = text + len; l < e;) {
			const char *nl = memchr(l, '\n', (size_t)(e - l));
			size_t ll = nl ? (size_t)(nl - l) : (size_t)(e - l);
			int a, b, used = 0;
			char line[64];
			int skip = ll == strlen(CRC_TREATY_IDENT) && strncmp(l, CRC_TREATY_IDENT, ll) == 0;
			if (!skip && ll < sizeof(line)) {
				memcpy(line, l, ll);
				line[ll] = '\0';
				skip = sscanf(line, "%d / %d%n", &a, &b, &used) == 2 && (size_t)used == ll;
			}
			if (!skip) {
				buf_add(&out, l, ll);
				buf_addc(&out, '\n');
			}
			l += ll + 1;
		}
	}
	docdata_close(&dd);
	return buf_detach(&out);
}

/* 1 when the line [l, l+n) is "<word> <digits>", setting *num. */
static int heading(const char *l, size_t n, const char *word, int *num)
{
	size_t w = strlen(word);
	if (n <= w + 1 || strncmp(l, word, w) != 0 || l[w] != ' ')
		return 0;
	int v = 0;
	for (size_t i = w + 1; i < n; i++) {
		if (!isdigit((unsigned char)l[i]))
			return 0;
		v = v * 10 + (l[i] - '0');
	}
	*num = v;
	return 1;
}

/* Where paragraph para ("1") of an article's text starts: "1. " at the
 * start of the text or of a line, or after a blank.  NULL when absent. */
static const char *para_start(const char *s, const char *e, int para)
{
	char pat[16];
	int n = snprintf(pat, sizeof(pat), "%d.", para);
	for (const char *p = s; p + n <= e; p++) {
		if (strncmp(p, pat, (size_t)n) != 0)
			continue;
		if (p > s && !isspace((unsigned char)p[-1]))
			continue;
		if (p + n < e && isdigit((unsigned char)p[n]))
			continue;
		return p;
	}
	return NULL;
}

/* The text of article art (its paragraph para when > 0 and found) in the
 * language whose heading word is word ("Article", "Artikel"), into out. */
static int article_text(const char *all, const char *word, int art, int para, struct buf *out)
{
	const char *start = NULL, *end = NULL;
	for (const char *l = all; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		int num;
		if (start == NULL && heading(l, n, word, &num) && num == art) {
			start = nl ? nl + 1 : l + n;
		} else if (start && (heading(l, n, word, &num) || strncmp(l, "PART", 4) == 0 ||
				     strncmp(l, "DEEL", 4) == 0)) {
			end = l;
			break;
		}
		l = nl ? nl + 1 : l + n;
	}
	if (start == NULL)
		return -1;
	if (end == NULL)
		end = start + strlen(start);
	if (para > 0) {
		const char *ps = para_start(start, end, para);
		if (ps) {
			const char *pe = para_start(ps + 1, end, para + 1);
			start = ps;
			end = pe ? pe : end;
		}
	}
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	/* Lines joined into paragraphs: a line break stays only before a
	 * numbered paragraph ("2. ") or a lettered item ("b."). */
	for (const char *c = start; c < end; c++) {
		if (*c != '\n') {
			buf_addc(out, *c);
			continue;
		}
		const char *n = c + 1;
		int item = n + 1 < end && ((isdigit((unsigned char)n[0]) &&
					    (n[1] == '.' || (isdigit((unsigned char)n[1]) && n + 2 < end &&
							     n[2] == '.'))) ||
					   (islower((unsigned char)n[0]) && n[1] == '.'));
		buf_addc(out, item ? '\n' : ' ');
	}
	return 0;
}

/* For a Dutch ruling: what it holds on direct applicability of the
 * article, from the first sentence that names both ("een ieder
 * verbindend", "rechtstreekse werking", "direct toepasbaar") and the
 * article.  Writes the sentence into quote; returns 1 (applicable), -1
 * (not), 0 (the ruling does not say). */
static int direct_effect(struct search_db *db, unsigned id, int art, struct buf *quote)
{
	static const char *const cues[] = { "een ieder verbind", "rechtstreekse werking",
					    "rechtstreeks werk", "direct toepasbaar",
					    "rechtstreeks toepasbaar", NULL };
	struct docdata dd;
	if (search_doc_load(db, id, &dd, NULL) < 0)
		return 0;
	int verdict = 0;
	char a1[24], a2[24];
	snprintf(a1, sizeof(a1), "artikel %d", art);
	snprintf(a2, sizeof(a2), "art. %d", art);
	for (int pg = 1; verdict == 0; pg++) {
		const char *text;
		size_t len;
		if (docdata_page(&dd, pg, &text, &len) < 0)
			break;
		/* Sentences end at ". " followed by a capital, or at the page. */
		const char *s = text, *e = text + len;
		while (s < e && verdict == 0) {
			/* A sentence ends at ". " before a capital or a numbered
			 * paragraph ("betrokken.\n3.1.Zoals"). */
			const char *q = s;
			while (q + 1 < e && !(q[0] == '.' && isspace((unsigned char)q[1]) && q + 2 < e &&
					      (isupper((unsigned char)q[2]) ||
					       (q[1] == '\n' && isdigit((unsigned char)q[2])))))
				q++;
			q = q + 1 < e ? q + 1 : e;
			size_t n = (size_t)(q - s);
			char *sent = strndup(s, n);
			if (sent == NULL)
				abort();
			for (char *c = sent; *c; c++)
				if (*c == '\n')
					*c = ' ';
			int cue = 0;
			for (int i = 0; cues[i] && !cue; i++)
				cue = strcasestr(sent, cues[i]) != NULL;
			const char *m1 = strcasestr(sent, a1), *m2 = strcasestr(sent, a2);
			const char *m = m1 ? m1 : m2;
			size_t ml = m1 ? strlen(a1) : strlen(a2);
			/* A party's argument is not the court's holding. */
			int argued = strstr(sent, "betoogt") || strstr(sent, "stelt dat") ||
				     strstr(sent, "voert aan") || strstr(sent, "aangevoerd");
			if (cue && m && !argued && !isdigit((unsigned char)m[ml])) {
				int neg = strstr(sent, " geen ") != NULL || strstr(sent, " niet ") != NULL;
				verdict = neg ? -1 : 1;
				buf_adds(quote, sent);
			}
			free(sent);
			s = q;
			while (s < e && isspace((unsigned char)*s))
				s++;
		}
	}
	docdata_close(&dd);
	return verdict;
}

struct forum {
	const char *nl, *en;   /* the group's heading */
	const char *type;      /* document type filter */
	const char *court;     /* court filter, or NULL */
	const char *lang;      /* language filter, or NULL */
	int by_relevance;      /* 1: those citing it most first */
};

static const struct forum forums[] = {
	{ "Algemene commentaren van het VN-Kinderrechtencomité",
	  "General Comments of the UN Committee on the Rights of the Child", "un_general_comment", NULL,
	  NULL, 1 },
	{ "Views van het VN-Kinderrechtencomité", "Views of the UN Committee on the Rights of the Child",
	  "un_views", NULL, NULL, 0 },
	{ "Uitspraken van het EHRM", "Judgments of the European Court of Human Rights", "ruling", "ECTHR",
	  NULL, 0 },
	{ "Nederlandse uitspraken", "Dutch rulings", "ruling", NULL, "nl", 0 },
};

#define ARTICLE_GROUP_MAX 20

static void forum_section(struct page *p, struct search_db *db, const struct forum *f,
			  const char *spec, const struct cite *c)
{
	struct search_req req = { .type = f->type, .court = f->court, .lang = f->lang,
				  .sort_date = f->by_relevance ? -1 : 1, .limit = ARTICLE_GROUP_MAX,
				  .passages = f->by_relevance ? 2 : 1, .snippet_bytes = 360 };
	req.articles[0] = spec;
	req.n_articles = 1;
	struct error *err = NULL;
	struct search_result *res = search_run(db, &req, &err);
	A(p, "<section class=\"forum\"><h2>");
	A(p, T(p, f->nl, f->en));
	buf_addf(&p->b, " <span class=\"count\">%u</span></h2>", res ? res->total : 0);
	if (res == NULL) {
		A(p, "<p class=\"msg error\">");
		H(p, err ? err->msg : "search failed");
		A(p, "</p></section>");
		error_free(err);
		return;
	}
	if (res->total == 0) {
		A(p, "<p class=\"unknown\">");
		A(p, T(p, "Geen documenten in de collectie.", "No documents in the collection."));
		A(p, "</p>");
	}
	A(p, "<ol class=\"forum-docs\">");
	for (size_t i = 0; i < res->n_hits; i++) {
		const struct search_hit *h = &res->hits[i];
		buf_addf(&p->b, "<li><a href=\"/doc/%u\">", h->id);
		H(p, h->title[0] ? h->title : h->path);
		A(p, "</a> <span class=\"sub\">");
		H(p, h->date);
		if (h->date[0] && h->ident[0])
			A(p, " · ");
		H(p, h->ident);
		A(p, "</span>");
		if (f->lang && strcmp(f->lang, "nl") == 0 && strcmp(c->instrument, "CRC") == 0) {
			struct buf quote = BUF_INIT;
			int v = direct_effect(db, h->id, c->article, &quote);
			if (v != 0) {
				A(p, "<p class=\"direct\"><strong>");
				A(p, v > 0 ? T(p, "Een ieder verbindend (rechtstreeks toepasbaar)",
					      "Directly applicable (een ieder verbindend)")
					   : T(p, "Niet een ieder verbindend (niet rechtstreeks toepasbaar)",
					       "Not directly applicable (niet een ieder verbindend)"));
				A(p, "</strong>: <q>");
				H(p, buf_str(&quote));
				A(p, "</q></p>");
			}
			buf_free(&quote);
		}
		for (size_t k = 0; k < h->n_passages; k++) {
			A(p, "<blockquote class=\"passage\"><p>");
			A(p, h->passages[k].html); /* escaped by search (search.h (3)) */
			buf_addf(&p->b, "</p><footer><a href=\"/doc/%u#p-%d\">p. %d</a>", h->id,
				 h->passages[k].page, h->passages[k].page);
			if (h->passages[k].para[0]) {
				A(p, " · <a class=\"para\" href=\"");
				buf_addf(&p->b, "/doc/%u#para-", h->id);
				H(p, h->passages[k].para);
				A(p, "\">");
				A(p, strcmp(h->court, "ECTHR") == 0 ? "§ "
				     : strcmp(h->lang, "nl") == 0  ? "r.o. "
								   : "para. ");
				H(p, h->passages[k].para);
				A(p, "</a>");
			}
			A(p, "</footer></blockquote>");
		}
		A(p, "</li>");
	}
	A(p, "</ol>");
	if (res->total > res->n_hits) {
		struct buf u = BUF_INIT;
		buf_adds(&u, "/search?article=");
		buf_adds_url(&u, spec);
		buf_adds(&u, "&type=");
		buf_adds_url(&u, f->type);
		if (f->court) {
			buf_adds(&u, "&court=");
			buf_adds_url(&u, f->court);
		}
		if (f->lang) {
			buf_adds(&u, "&lang=");
			buf_adds_url(&u, f->lang);
		}
		A(p, "<p class=\"more\"><a href=\"");
		H(p, buf_str(&u));
		buf_addf(&p->b, "\">%s %u →</a></p>", T(p, "Alle", "All"), res->total);
		buf_free(&u);
	}
	A(p, "</section>");
	search_result_free(res);
}

int page_article(struct page *p, struct search_db *db, const char *spec)
{
	p->db = db;
	struct cite c;
	char label[64], heading_text[160];
	if (strlen(spec) >= 32 || cite_parse_article(spec, &c) < 0 ||
	    (strcmp(c.instrument, "CRC") != 0 && strncmp(c.instrument, "OP", 2) != 0)) {
		page_frame_begin(p, T(p, "Onbekend artikel", "Unknown article"));
		A(p, "<div class=\"empty\"><h1>");
		A(p, T(p, "Dit artikel bestaat niet", "No such article"));
		A(p, "</h1><p>");
		A(p, T(p, "Kies een artikel in de lijst.", "Pick an article from the list."));
		A(p, " <a href=\"/articles\">");
		A(p, T(p, "Artikelen IVRK", "CRC articles"));
		A(p, "</a></p></div>");
		page_frame_end(p);
		return 404;
	}
	int is_crc = strcmp(c.instrument, "CRC") == 0;
	cite_format(&c, label, sizeof(label));
	const char *inst = is_crc ? T(p, "IVRK", "CRC") : c.instrument;
	if (p->en)
		snprintf(heading_text, sizeof(heading_text), "Article %s %s", label, inst);
	else
		snprintf(heading_text, sizeof(heading_text), "Artikel %d%s%s%s%s %s", c.article,
			 c.paragraph[0] ? " lid " : "", c.paragraph, c.letter[0] ? " onder " : "",
			 c.letter, inst);
	page_frame_begin(p, heading_text);
	A(p, "<nav class=\"crumbs\"><a href=\"/articles\">");
	A(p, T(p, "Artikelen IVRK", "CRC articles"));
	A(p, "</a> › </nav><h1>");
	H(p, heading_text);
	const char *title = is_crc ? cite_crc_article_title(c.article, T(p, "nl", "en")) : NULL;
	if (title) {
		A(p, " <span class=\"sub\">– ");
		H(p, title);
		A(p, "</span>");
	}
	A(p, "</h1>");

	/* The article's text, Dutch and English side by side. */
	if (is_crc) {
		char *all = treaty_text(db);
		int para = c.paragraph[0] ? atoi(c.paragraph) : 0;
		struct buf nl = BUF_INIT, en = BUF_INIT;
		int have_nl = all && article_text(all, "Artikel", c.article, para, &nl) == 0;
		int have_en = all && article_text(all, "Article", c.article, para, &en) == 0;
		A(p, "<div class=\"arttext\">");
		const struct {
			int have;
			struct buf *b;
			const char *lang, *name_nl, *name_en;
		} cols[2] = { { have_nl, &nl, "nl", "Nederlands", "Dutch" },
			      { have_en, &en, "en", "Engels", "English" } };
		for (int i = 0; i < 2; i++) {
			buf_addf(&p->b, "<section class=\"page\" lang=\"%s\"><h2>", cols[i].lang);
			A(p, T(p, cols[i].name_nl, cols[i].name_en));
			A(p, "</h2><div class=\"text\">");
			if (cols[i].have)
				H(p, buf_str(cols[i].b));
			else
				A(p, T(p, "<span class=\"unknown\">(tekst niet in de collectie)</span>",
				       "<span class=\"unknown\">(text not in the collection)</span>"));
			A(p, "</div></section>");
		}
		A(p, "</div>");
		free(all);
		buf_free(&nl);
		buf_free(&en);
	}
	{
		struct buf u = BUF_INIT;
		buf_adds(&u, "/search?article=");
		buf_adds_url(&u, spec);
		A(p, "<p class=\"more\"><a href=\"");
		H(p, buf_str(&u));
		A(p, "\">");
		A(p, T(p, "Alle documenten die dit artikel noemen →",
		       "All documents citing this article →"));
		A(p, "</a></p>");
		buf_free(&u);
	}
	for (size_t i = 0; i < sizeof(forums) / sizeof(forums[0]); i++)
		forum_section(p, db, &forums[i], spec, &c);
	page_frame_end(p);
	return 200;
}
