/* passages.c - the passages of a hit: pages, highlighting, pinpoints.
 *
 * Passages: for word queries the page where the query's terms occur most
 * (by their positions) is snippeted by Xapian; for article-only queries the
 * passage is the citation itself; otherwise the start of the first page. */
#include <ctype.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "search/analyze.h"
#include "search/cite.h"
#include "search/context.h"
#include "search/furniture.h"
#include "search/ident.h"
#include "search/lang.h"
#include "search/pagestore.h"
#include "search/paras.h"
#include "search/phrases.h"
#include "search/query_cite.h"
#include "search/schema.h"
#include "search/citeas.h"
#include "search/search.h"
#include "base/util.h"
#include "base/xalloc.h"
#include "search/xapian_c.h"
#include "search/search_int.h"


/* ---- passages ---- */

/* The stemmer a document of lang was indexed with (search/docbuild.c:
 * English for languages kindex does not know). */
const char *search_doc_stemmer(const char *lang)
{
	const char *s = lang_stemmer(lang);
	return s ? s : "english";
}

static int collect_term(void *ctx, const char *term, size_t len, unsigned freq)
{
	(void)freq;
	struct term_list *l = ctx;
	/* A phrase term marks the words of its phrase: "XK4:belang kind" ->
	 * Zbelang, Zkind. */
	size_t pl = strlen(PFX_PHRASE);
	const char *colon = len > pl && strncmp(term, PFX_PHRASE, pl) == 0 ? memchr(term, ':', len) : NULL;
	if (colon) {
		const char *p = colon + 1, *end = term + len;
		while (p < end) {
			const char *sp = memchr(p, ' ', (size_t)(end - p));
			size_t n = sp ? (size_t)(sp - p) : (size_t)(end - p);
			char stem[ANALYZE_MAX_WORD + 8];
			if (n > 0 && n < sizeof(stem) - 1) {
				stem[0] = 'Z';
				memcpy(stem + 1, p, n);
				stem[n + 1] = '\0';
				if (collect_term(ctx, stem, n + 1, 0))
					return 1;
			}
			p += n + 1;
		}
		return 0;
	}
	/* Boolean filter terms (upper-case prefixes other than Z) don't mark
	 * passages. */
	if (len == 0 || (isupper((unsigned char)term[0]) && term[0] != 'Z'))
		return 0;
	const char *w = term[0] == 'Z' ? term + 1 : term;
	size_t wl = term[0] == 'Z' ? len - 1 : len;
	if (lang_is_stopword(w, wl))
		return 0;
	/* A word of the query is often also a word of one of its phrases:
	 * each term once, or its positions are read once per mention. */
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->t[i]) == len && memcmp(l->t[i], term, len) == 0)
			return 0;
	if (l->n >= 256)
		return 1;
	l->t[l->n++] = strndup(term, len);
	return 0;
}

/* Collects the content terms of the words and the statistics Xapian's
 * snippets need (an OR of those terms: Xapian does not highlight terms
 * inside phrases on its own). */
int search_prepare_highlight(struct search_db *db, struct built *b, struct error **err)
{
	b->terms = calloc(1, sizeof(*b->terms));
	if (b->terms == NULL || (b->terms->t = calloc(256, sizeof(char *))) == NULL)
		abort();
	xc_query_terms(b->words, collect_term, b->terms);
	double N = (double)xc_reader_doccount(db->r) + 1;
	for (size_t i = 0; i < b->terms->n; i++) {
		b->terms->tf[i] = xc_reader_termfreq(db->r, b->terms->t[i]);
		double idf = log(N / ((double)b->terms->tf[i] + 0.5));
		b->terms->idf[i] = idf < 0.1 ? 0.1 : idf;
	}
	struct xc_query *q = xc_query_terms_or((const char *const *)b->terms->t, b->terms->n, err);
	if (q == NULL)
		return -1;
	struct xc_run_opts o = { .limit = 0, .sort_slot = -1, .collapse_slot = -1 };
	b->hl = xc_enquire(db->r, q, &o, err);
	xc_query_free(q);
	return b->hl ? 0 : -1;
}

void search_built_clear(struct built *b)
{
	free(b->rest_words);
	xc_query_free(b->q);
	xc_query_free(b->words);
	xc_mset_free(b->hl);
	if (b->terms) {
		for (size_t i = 0; i < b->terms->n; i++)
			free(b->terms->t[i]);
		free(b->terms->t);
		free(b->terms);
	}
	memset(b, 0, sizeof(*b));
}

struct match {
	unsigned pos;
	int page;
	int term; /* index in the term list */
};

static int cmp_match(const void *a, const void *b)
{
	unsigned x = ((const struct match *)a)->pos, y = ((const struct match *)b)->pos;
	return x < y ? -1 : x > y;
}

/* Where on page (word index from its start) the query's terms are densest:
 * the run of 30 words whose matches weigh most, a term counting in full
 * once and a little for each repeat, as pages are chosen. */
static unsigned page_anchor(const struct docdata *dd, int page, const struct match *all, size_t n,
			    const struct term_list *tl)
{
	enum { RUN = 30 };
	struct match *on = malloc((n ? n : 1) * sizeof(*on));
	if (on == NULL)
		return 0;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (all[i].page == page)
			on[m++] = all[i];
	unsigned anchor = 0;
	if (m > 0) {
		qsort(on, m, sizeof(*on), cmp_match);
		unsigned char seen[256];
		size_t best = 0;
		double best_w = -1;
		for (size_t i = 0; i < m; i++) {
			memset(seen, 0, sizeof(seen));
			double w = 0;
			for (size_t j = i; j < m && on[j].pos < on[i].pos + RUN; j++) {
				double idf = tl->idf[on[j].term];
				w += seen[on[j].term] ? idf * 0.3 : idf;
				seen[on[j].term] = 1;
			}
			if (w > best_w) {
				best_w = w;
				best = i;
			}
		}
		unsigned start = docdata_page_start(dd, page);
		anchor = on[best].pos > start ? on[best].pos - start : 0;
	}
	free(on);
	return anchor;
}

/* Postings of a term up to which search_terms_in_hits() reads them all. */
#define FEW_POSTINGS 2000

struct in_hits {
	const unsigned *sorted; /* the hits' ids, ascending */
	const size_t *index;    /* each one's place among the hits */
	size_t n;
	unsigned char *has;
	size_t term;
};

static int mark_hit(void *ctx, xc_docid id, unsigned wdf)
{
	(void)wdf;
	struct in_hits *c = ctx;
	if (c->n == 0 || id > c->sorted[c->n - 1])
		return 1; /* past the last hit: postings come in order */
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->sorted[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->n && c->sorted[lo] == id)
		c->has[c->index[lo] * 256 + c->term] = 1;
	return 0;
}

static const unsigned *sort_ids;

static int cmp_index_by_id(const void *a, const void *b)
{
	unsigned x = sort_ids[*(const size_t *)a], y = sort_ids[*(const size_t *)b];
	return x < y ? -1 : x > y;
}

unsigned char *search_terms_in_hits(struct search_db *db, const struct term_list *tl,
				    const unsigned *ids, size_t n)
{
	unsigned char *has = xcalloc(n ? n * 256 : 1, 1);
	size_t *index = xcalloc(n ? n : 1, sizeof(*index));
	unsigned *sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	for (size_t k = 0; k < n; k++)
		index[k] = k;
	for (size_t k = 1; k < n; k++)
		if (ids[k] < ids[k - 1]) {
			sort_ids = ids; /* qsort has no context argument in C11 */
			qsort(index, n, sizeof(*index), cmp_index_by_id);
			break;
		}
	for (size_t k = 0; k < n; k++)
		sorted[k] = ids[index[k]];
	struct in_hits c = { sorted, index, n, has, 0 };
	for (size_t i = 0; i < tl->n; i++) {
		if (tl->tf[i] == 0)
			continue; /* in no document */
		if (tl->tf[i] > FEW_POSTINGS) {
			for (size_t k = 0; k < n; k++)
				has[k * 256 + i] = 1; /* not looked up: maybe */
			continue;
		}
		c.term = i;
		if (xc_reader_postings(db->r, tl->t[i], mark_hit, &c, NULL) < 0)
			for (size_t k = 0; k < n; k++)
				has[k * 256 + i] = 1;
	}
	free(index);
	free(sorted);
	return has;
}

/* Chooses up to max pages where the query's terms occur most, weighting a
 * term by its rarity; anchors[k] is where on pages[k] they are densest. */
int search_best_pages(struct search_db *db, unsigned id, const struct docdata *dd,
		      const struct term_list *tl, const unsigned char *has, int *pages,
		      unsigned *anchors, int max)
{
	int n_pages = (int)docdata_int(dd, "pages");
	if (n_pages <= 0)
		return 0;
	double *score = calloc((size_t)n_pages + 1, sizeof(double));
	size_t n_all = 0, cap = 256;
	struct match *all = malloc(cap * sizeof(*all));
	if (score == NULL || all == NULL) {
		free(score);
		free(all);
		return 0;
	}
	size_t n_starts = 0;
	unsigned *starts = docdata_page_starts(dd, &n_starts);
	for (size_t i = 0; i < tl->n && n_starts > 0; i++) {
		/* A term no document holds (of a query's synonyms and
		 * translations, some are in none) has no positions to read. */
		if (tl->tf[i] == 0 || (has && !has[i]))
			continue;
		unsigned *pos = NULL;
		int np = xc_reader_positions(db->r, id, tl->t[i], &pos, NULL);
		if (np <= 0)
			continue;
		double idf = tl->idf[i];
		/* Count distinct terms per page more than repeats.  Positions
		 * come in order, so the page only moves forward. */
		int last = -1;
		size_t at = 0;
		for (int k = 0; k < np; k++) {
			while (at + 1 < n_starts && starts[at + 1] <= pos[k])
				at++;
			int pg = (int)at + 1;
			if (pg > n_pages)
				continue;
			score[pg] += pg == last ? idf * 0.3 : idf;
			last = pg;
			if (n_all == cap) {
				struct match *a2 = realloc(all, cap * 2 * sizeof(*all));
				if (a2 == NULL)
					continue; /* the anchors only see fewer matches */
				all = a2;
				cap *= 2;
			}
			all[n_all++] = (struct match){ pos[k], pg, (int)i };
		}
		free(pos);
	}
	free(starts);
	int n = 0;
	for (; n < max; n++) {
		int best = 0;
		for (int p = 1; p <= n_pages; p++)
			if (score[p] > 0 && (best == 0 || score[p] > score[best]))
				best = p;
		if (best == 0)
			break;
		pages[n] = best;
		anchors[n] = page_anchor(dd, best, all, n_all, tl);
		score[best] = 0;
	}
	free(score);
	free(all);
	return n;
}

/* A passage of page text around word number anchor, highlighted by Xapian.
 * Xapian's snippet stems every word it looks at and, for a query of many
 * terms (a synonym group), reads the whole page; a page is ten times the
 * passage, so it first gets the stretch from a little before the anchor
 * (words counted the way TermGenerator splits them, near enough), and the
 * whole page only when that holds no match. */
char *search_page_passage(const struct built *b, const char *text, size_t len, unsigned anchor,
			  size_t width, const char *stemmer)
{
	enum { LEAD_WORDS = 25 };
	size_t from = 0, words = 0, skip = anchor > LEAD_WORDS ? anchor - LEAD_WORDS : 0;
	if (skip > 0) {
		int in_word = 0;
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)text[i];
			int w = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				c >= 0x80;
			if (w && !in_word && words++ == skip) {
				from = i;
				break;
			}
			in_word = w;
		}
	}
	/* Passages come from the page's body: a footer's page number or a
	 * running header is not part of what the page says. */
	size_t bs, be;
	page_body(text, len, &bs, &be);
	if (from < bs)
		from = bs;
	size_t to = from + 6 * width + 1024;
	if (to >= be || from >= be) {
		to = be;
	} else {
		while (to < be && text[to] != ' ' && text[to] != '\n')
			to++;
	}
	if (from > to)
		from = bs;
#define SNIPPET(t, l) \
	xc_mset_snippet(b->hl, (t), (l), width, stemmer, "<mark>", "</mark>", "…", NULL)
	if (from == bs && to == be)
		return SNIPPET(text + bs, be - bs);
	char *html = SNIPPET(text + from, to - from);
	if (html == NULL || strstr(html, "<mark>") == NULL) {
		free(html);
		return SNIPPET(text + bs, be - bs);
	}
#undef SNIPPET
	/* Xapian marks what it left out of the stretch; mark what the
	 * stretch left out of the page. */
	size_t hl = strlen(html), el = strlen("…");
	int lead = from > bs && strncmp(html, "…", el) != 0;
	int tail = to < be && (hl < el || strcmp(html + hl - el, "…") != 0);
	if (!lead && !tail)
		return html;
	struct buf out = BUF_INIT;
	if (lead)
		buf_adds(&out, "…");
	buf_add(&out, html, hl);
	if (tail)
		buf_adds(&out, "…");
	free(html);
	return buf_detach(&out);
}

/* Escaped HTML of text[start..end) with mark[ms..me) in <mark>; the window
 * is snapped to UTF-8 and word boundaries. */
static char *window_html(const char *text, size_t len, size_t ms, size_t me, size_t width)
{
	size_t start = ms > width / 2 ? ms - width / 2 : 0;
	size_t end = me + width / 2 < len ? me + width / 2 : len;
	while (start > 0 && start < ms && text[start - 1] != ' ' && text[start - 1] != '\n')
		start++;
	while (start < ms && ((unsigned char)text[start] & 0xC0) == 0x80)
		start++;
	while (end < len && end > me && text[end] != ' ' && text[end] != '\n')
		end--;
	while (end < len && ((unsigned char)text[end] & 0xC0) == 0x80)
		end++;
	struct buf b = BUF_INIT;
	if (start > 0)
		buf_adds(&b, "…");
	buf_add_html(&b, text + start, ms - start);
	buf_adds(&b, "<mark>");
	buf_add_html(&b, text + ms, me - ms);
	buf_adds(&b, "</mark>");
	buf_add_html(&b, text + me, end - me);
	if (end < len)
		buf_adds(&b, "…");
	/* Line breaks inside a passage read as spaces. */
	for (size_t i = 0; i < b.len; i++)
		if (b.s[i] == '\n')
			b.s[i] = ' ';
	return buf_detach(&b);
}

char *search_html_to_text(const char *html)
{
	struct buf b = BUF_INIT;
	for (const char *p = html; *p;) {
		if (*p == '<') {
			const char *e = strchr(p, '>');
			if (e) {
				p = e + 1;
				continue;
			}
		}
		if (*p == '&') {
			static const struct {
				const char *ent, *ch;
			} ents[] = { { "&amp;", "&" }, { "&lt;", "<" },	 { "&gt;", ">" },
				     { "&quot;", "\"" }, { "&#39;", "'" } };
			size_t k;
			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
				if (strncmp(p, ents[k].ent, strlen(ents[k].ent)) == 0)
					break;
			if (k < sizeof(ents) / sizeof(ents[0])) {
				buf_adds(&b, ents[k].ch);
				p += strlen(ents[k].ent);
				continue;
			}
		}
		buf_addc(&b, *p == '\n' ? ' ' : *p);
		p++;
	}
	return buf_detach(&b);
}

void search_add_passage(struct search_hit *h, int page, char *html)
{
	if (h->n_passages >= SEARCH_MAX_PASSAGES || html == NULL) {
		free(html);
		return;
	}
	for (char *p = html; *p; p++)
		if (*p == '\n')
			*p = ' ';
	struct search_passage *ps = &h->passages[h->n_passages++];
	ps->page = page;
	ps->html = html;
	ps->text = search_html_to_text(html);
}

/* Passages where one of the searched articles is cited. */
void search_article_passages(const struct built *b, struct docdata *dd,
			     struct search_hit *h, int max, size_t width)
{
	struct json_object *cits = docdata_citations(dd);
	if (cits == NULL)
		return;
	size_t n = json_object_array_length(cits);
	int last_page = 0;
	for (size_t i = 0; i < n && (int)h->n_passages < max; i++) {
		struct json_object *c = json_object_array_get_idx(cits, i), *v;
		if (!json_object_object_get_ex(c, "kind", &v) ||
		    strcmp(json_object_get_string(v), "article") != 0)
			continue;
		const char *inst = "", *label = "";
		if (json_object_object_get_ex(c, "inst", &v))
			inst = json_object_get_string(v);
		if (json_object_object_get_ex(c, "label", &v))
			label = json_object_get_string(v);
		/* Does this citation fall under one of the searched terms?  Its
		 * terms are recomputed from the label. */
		char spec[80];
		snprintf(spec, sizeof(spec), "%s:%s", inst, label);
		struct cite pc;
		if (cite_parse_article(spec, &pc) < 0)
			continue;
		char terms[6][64];
		int nt = cite_article_terms(&pc, terms, 6), match = 0;
		for (int k = 0; k < nt && !match; k++)
			for (size_t a = 0; a < b->n_art && !match; a++)
				match = strcmp(terms[k], b->art_terms[a]) == 0;
		if (!match)
			continue;
		int page = json_object_object_get_ex(c, "page", &v) ? json_object_get_int(v) : 0;
		if (page == last_page)
			continue;
		/* a page that already has a passage (of the query's words) */
		int shown = 0;
		for (size_t k = 0; k < h->n_passages && !shown; k++)
			shown = h->passages[k].page == page;
		if (shown)
			continue;
		size_t start = 0, end = 0;
		if (json_object_object_get_ex(c, "start", &v))
			start = (size_t)json_object_get_int64(v);
		if (json_object_object_get_ex(c, "end", &v))
			end = (size_t)json_object_get_int64(v);
		const char *text;
		size_t len;
		if (docdata_page(dd, page, &text, &len) < 0 || start > end || end > len)
			continue;
		size_t bs, be;
		page_body(text, len, &bs, &be);
		if (start >= bs && end <= be)
			search_add_passage(h, page, window_html(text + bs, be - bs, start - bs, end - bs, width));
		else
			search_add_passage(h, page, window_html(text, len, start, end, width));
		last_page = page;
	}
}

/* Pinpoints: each passage names the paragraph it starts in, where the
 * document numbers its paragraphs (search/paras.h). */
void search_hit_paras(struct docdata *dd, struct search_hit *h)
{
	if (h->n_passages == 0 || h->pages <= 0)
		return;
	int n = h->pages;
	struct para_marks pm = { 0 };
	const char **texts = NULL;
	size_t *lens = NULL;
	struct error *err = NULL;
	/* The numbers the indexer found, kept with the pages; without them (an
	 * index from before issue 19) every page is read and scanned. */
	if (dd->store == NULL || dd->pages_len > 0 ||
	    pagestore_get_marks(dd->store, dd->uid, &pm, dd->blob, &err) < 0) {
		error_free(err);
		texts = calloc((size_t)n, sizeof(char *));
		lens = calloc((size_t)n, sizeof(size_t));
		if (texts == NULL || lens == NULL)
			abort();
		for (int pg = 1; pg <= n; pg++)
			if (docdata_page(dd, pg, &texts[pg - 1], &lens[pg - 1]) < 0) {
				texts[pg - 1] = "";
				lens[pg - 1] = 0;
			}
		paras_scan(texts, lens, n, &pm);
	}
	for (size_t k = 0; k < h->n_passages && pm.n > 0; k++) {
		struct search_passage *ps = &h->passages[k];
		if (ps->page < 1 || ps->page > n || ps->text == NULL)
			continue;
		const char *text = "";
		size_t len = 0;
		if (texts) {
			text = texts[ps->page - 1];
			len = lens[ps->page - 1];
		} else if (docdata_page(dd, ps->page, &text, &len) < 0) {
			continue;
		}
		long off = paras_locate(text, len, ps->text);
		const char *num = off >= 0 ? paras_at(&pm, ps->page, (size_t)off) : NULL;
		if (num)
			snprintf(ps->para, sizeof(ps->para), "%s", num);
	}
	paras_free(&pm);
	free(texts);
	free(lens);
}
