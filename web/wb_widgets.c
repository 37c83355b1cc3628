/* wb_widgets.c - the workbench's pieces on other pages: a hit's citation
 * with its copy button and "keep" form, the document page's citation, and
 * the form that saves a search (see workbench.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/citeas.h"
#include "web/html.h"
#include "web/wb_internal.h"
#include "web/workbench.h"

/* The citation line: the text, selectable, and a button that copies it
 * (static/kindex.js; without script the text is still there to select). */
static void cite_line(struct page *p, const char *cite)
{
	A(p, "<p class=\"cite\"><span class=\"cite-label\">");
	A(p, T(p, "Citeren als", "Cite as"));
	A(p, "</span> <span class=\"cite-text\">");
	H(p, cite);
	A(p, "</span> ");
	wb_copy_button(p, cite, "Kopieer", "Copy");
	A(p, "</p>");
}

void wb_copy_button(struct page *p, const char *text, const char *nl, const char *en)
{
	A(p, "<button type=\"button\" class=\"copy\" data-copy=\"");
	H(p, text);
	A(p, "\" data-done=\"");
	A(p, T(p, "Gekopieerd", "Copied"));
	A(p, "\">");
	A(p, T(p, nl, en));
	A(p, "</button>");
}

void wb_hit_tools(struct page *p, const struct search_hit *h, const struct search_passage *ps,
		  const char *para)
{
	if (p->cs == NULL || p->user == NULL)
		return;
	struct citeas_doc d = { .type = h->type, .court = h->court, .date = h->date,
				.ident = h->ident, .title = h->title };
	struct citeas_pin pin = { .para = para, .page = ps ? ps->page : 0 };
	char *cite = citeas_format(p->cs, &d, p->en ? "en" : "nl", ps ? &pin : NULL);
	cite_line(p, cite);
	free(cite);
	if (ps == NULL)
		return;
	A(p, "<form class=\"keep\" method=\"post\" action=\"/collections/add\">"
	     "<input type=\"hidden\" name=\"csrf\" value=\"");
	H(p, p->csrf ? p->csrf : "");
	buf_addf(&p->b, "\"><input type=\"hidden\" name=\"doc\" value=\"%u\">"
			"<input type=\"hidden\" name=\"page\" value=\"%d\">",
		 h->id, ps->page);
	A(p, "<input type=\"hidden\" name=\"para\" value=\"");
	H(p, para ? para : "");
	A(p, "\"><input type=\"hidden\" name=\"text\" value=\"");
	H(p, ps->text ? ps->text : "");
	A(p, "\"><button type=\"submit\">");
	A(p, T(p, "Passage bewaren", "Keep passage"));
	A(p, "</button></form>");
}

void wb_doc_cite(struct page *p, struct search_db *db, unsigned id)
{
	if (p->cs == NULL)
		return;
	char *cite = citeas_doc(p->cs, db, id, p->en ? "en" : "nl", NULL, NULL);
	if (cite != NULL)
		cite_line(p, cite);
	free(cite);
}

void wb_page_keep_form(const struct page *p, struct buf *b, unsigned id, int page)
{
	if (p->user == NULL)
		return;
	buf_adds(b, "<form class=\"keep inline\" method=\"post\" action=\"/collections/add\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"");
	buf_adds_html(b, p->csrf ? p->csrf : "");
	buf_addf(b, "\"><input type=\"hidden\" name=\"doc\" value=\"%u\">"
			"<input type=\"hidden\" name=\"page\" value=\"%d\"><button type=\"submit\">%s</button></form>",
		 id, page, T(p, "Pagina bewaren", "Keep page"));
}

void wb_save_search_form(struct page *p, const struct web_params *wp)
{
	if (p->user == NULL || (!wp->q[0] && !web_params_has_filters(wp)))
		return;
	struct web_params w = *wp;
	w.page = 1;
	struct buf q = BUF_INIT;
	web_params_url(&w, "", &q);
	A(p, "<form class=\"save-search\" method=\"post\" action=\"/saved\">"
	     "<input type=\"hidden\" name=\"csrf\" value=\"");
	H(p, p->csrf ? p->csrf : "");
	A(p, "\"><input type=\"hidden\" name=\"q\" value=\"");
	H(p, buf_str(&q));
	A(p, "\"><label>");
	A(p, T(p, "Deze zoekopdracht bewaren als", "Save this search as"));
	buf_addf(&p->b, " <input name=\"name\" maxlength=\"%d\" value=\"", STORE_MAX_NAME);
	H(p, wp->q[0] ? wp->q : T(p, "Zoekopdracht", "Search"));
	A(p, "\"></label> <button type=\"submit\">");
	A(p, T(p, "Bewaren", "Save"));
	A(p, "</button> <span class=\"sub\">");
	A(p, T(p, "U ziet dan wat er nieuw bij komt, en krijgt een feed.",
	       "You then see what is new, and get a feed."));
	A(p, "</span></form>");
	buf_free(&q);
}
