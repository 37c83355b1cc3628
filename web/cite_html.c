/* cite_html.c - the citation parts of the pages (see cite_html.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/ident.h"
#include "web/cite_html.h"

#define T(p, nl, en_) ((p)->en ? (en_) : (nl))
#define H(p, s) buf_adds_html(&(p)->b, (s))
#define A(p, s) buf_adds(&(p)->b, (s))

/* Appends href="URL" for wp's search at path. */
static void href_params(struct page *p, const struct web_params *wp, const char *path)
{
	struct buf u = BUF_INIT;
	web_params_url(wp, path, &u);
	A(p, "href=\"");
	H(p, buf_str(&u));
	A(p, "\"");
	buf_free(&u);
}

/* Appends href="/search?q=cites:<canonical ident>". */
static void href_cites(struct page *p, const char *ident)
{
	char canon[128];
	struct buf u = BUF_INIT, q = BUF_INIT;
	ident_canonical(ident, canon, sizeof(canon));
	buf_addf(&q, "cites:%s", canon);
	buf_adds(&u, "/search?q=");
	buf_adds_url(&u, buf_str(&q));
	A(p, "href=\"");
	H(p, buf_str(&u));
	A(p, "\"");
	buf_free(&u);
	buf_free(&q);
}

void cite_html_understood(struct page *p, const struct web_params *wp,
			  const struct search_result *res)
{
	if (res->understood == NULL)
		return;
	struct web_params w = *wp;
	w.plain = 1;
	w.page = 1;
	A(p, "<p class=\"understood\">");
	A(p, T(p, "Gezocht op ", "Searched for "));
	A(p, "<strong>");
	H(p, p->en ? res->understood_en : res->understood);
	A(p, "</strong> · <a ");
	href_params(p, &w, "/search");
	A(p, ">");
	A(p, T(p, "zoek de woorden letterlijk", "search the words as plain words"));
	A(p, "</a></p>");
}

void cite_html_article_chips(struct page *p, const struct web_params *wp)
{
	if (wp->n_articles == 1) {
		/* The article's own page: its text, its interpretation, by forum. */
		struct buf u = BUF_INIT;
		buf_adds(&u, "/articles/");
		buf_adds_url(&u, wp->articles[0]);
		A(p, "<li class=\"artpage\"><a href=\"");
		H(p, buf_str(&u));
		A(p, "\">");
		A(p, T(p, "artikelpagina →", "article page →"));
		A(p, "</a></li>");
		buf_free(&u);
	} else if (wp->n_articles > 1) {
		/* Several articles: all of them, or any one. */
		struct web_params w = *wp;
		w.page = 1;
		w.articles_any = !wp->articles_any;
		A(p, "<li class=\"artop\">");
		A(p, wp->articles_any ? T(p, "één van deze artikelen", "any of these articles")
				      : T(p, "al deze artikelen", "all of these articles"));
		A(p, " · <a ");
		href_params(p, &w, "/search");
		A(p, ">");
		A(p, wp->articles_any ? T(p, "alle", "all") : T(p, "één van", "any"));
		A(p, "</a></li>");
	}
}

void cite_html_hit_extras(struct page *p, const struct search_hit *h)
{
	if (h->n_dups > 0) {
		/* Other copies and language versions: shown, not hidden. */
		A(p, "<p class=\"citedby\">");
		A(p, T(p, "Ook in: ", "Also in: "));
		for (size_t i = 0; i < h->n_dups && i < 5; i++) {
			const char *slash = strrchr(h->dups[i], '/');
			unsigned did = p->db ? search_doc_by_path(p->db, h->dups[i]) : 0;
			if (i)
				A(p, ", ");
			if (did)
				buf_addf(&p->b, "<a href=\"/doc/%u\">", did);
			H(p, slash ? slash + 1 : h->dups[i]);
			if (did)
				A(p, "</a>");
		}
		A(p, "</p>");
	}
	if (h->cited_by > 0) {
		/* How often the collection cites it, and by whom. */
		A(p, "<p class=\"citedby\"><a ");
		href_cites(p, h->ident);
		buf_addf(&p->b, ">%s %u×</a></p>", T(p, "Geciteerd", "Cited"), h->cited_by);
	}
}

void cite_html_pinpoint(struct page *p, const struct search_hit *h, size_t i, const char *q)
{
	if (i >= h->n_passages || !h->passages[i].para[0])
		return;
	/* As lawyers cite it: § 206, r.o. 4.3, para. 45. */
	const char *lbl = strcmp(h->court, "ECTHR") == 0 ? "§"
			  : strcmp(h->lang, "nl") == 0    ? "r.o."
							  : "para.";
	struct buf u = BUF_INIT;
	buf_addf(&u, "/doc/%u", h->id);
	if (q && q[0]) {
		buf_adds(&u, "?q=");
		buf_adds_url(&u, q);
	}
	buf_adds(&u, "#para-");
	buf_adds(&u, h->passages[i].para);
	A(p, " · <a class=\"para\" href=\"");
	H(p, buf_str(&u));
	A(p, "\">");
	H(p, lbl);
	A(p, " ");
	H(p, h->passages[i].para);
	A(p, "</a>");
	buf_free(&u);
}

void cite_html_permalink(struct page *p, const char *ident)
{
	if (ident == NULL || !ident[0])
		return;
	/* Ids change on re-indexing, identifiers do not. */
	char canon[128];
	struct buf u = BUF_INIT;
	ident_canonical(ident, canon, sizeof(canon));
	buf_adds(&u, "/doc/");
	buf_adds_url(&u, canon);
	A(p, "<dt>");
	A(p, T(p, "Vaste link", "Permanent link"));
	A(p, "</dt><dd><a class=\"permalink\" href=\"");
	H(p, buf_str(&u));
	A(p, "\">");
	H(p, buf_str(&u));
	A(p, "</a></dd>");
	buf_free(&u);
}

void cite_html_doc_paras(struct docdata *dd, int n_pages, struct para_marks *pm)
{
	size_t n = (size_t)(n_pages > 0 ? n_pages : 1);
	const char **t = calloc(n, sizeof(char *));
	size_t *l = calloc(n, sizeof(size_t));
	if (t == NULL || l == NULL)
		abort();
	for (int pg = 1; pg <= n_pages; pg++)
		if (docdata_page(dd, pg, &t[pg - 1], &l[pg - 1]) < 0) {
			t[pg - 1] = "";
			l[pg - 1] = 0;
		}
	paras_scan(t, l, n_pages, pm);
	free(t);
	free(l);
}

void cite_html_page_text(struct buf *out, const struct para_marks *pm, int page,
			 const char *html)
{
	char *anch = paras_anchor_html(pm, page, html);
	buf_adds(out, anch);
	free(anch);
}

void cite_html_cited_doc(struct page *p, struct search_db *db, const char *c)
{
	unsigned cited = search_doc_by_ident(db, c);
	char ext[300] = "";
	A(p, "<li><a ");
	if (cited) {
		/* In the index: straight to it. */
		buf_addf(&p->b, "href=\"/doc/%u\"", cited);
	} else if (ident_external_url(c, ext, sizeof(ext)) == 0) {
		/* Not in the collection: its public source. */
		A(p, "class=\"ext\" rel=\"noopener noreferrer\" href=\"");
		H(p, ext);
		A(p, "\"");
	} else {
		/* Elsewhere: the documents that cite it too. */
		href_cites(p, c);
	}
	A(p, ">");
	H(p, c);
	A(p, "</a>");
	if (!cited && ext[0]) {
		A(p, " <span class=\"extmark\">");
		A(p, T(p, "(extern)", "(external)"));
		A(p, "</span>");
	}
	A(p, "</li>");
}

void cite_html_cited_by_all(struct page *p, const char *ident, unsigned total)
{
	A(p, "<p class=\"more\"><a ");
	href_cites(p, ident);
	buf_addf(&p->b, ">%s %u →</a></p>", T(p, "Alle", "All"), total);
}
