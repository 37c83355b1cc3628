/* results.c - running a search: hits, duplicates, facets, spelling, and
 * the results as JSON. */
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
#include "search/ident.h"
#include "search/lang.h"
#include "search/paras.h"
#include "search/phrases.h"
#include "search/query_cite.h"
#include "search/xlate.h"
#include "search/schema.h"
#include "search/citeas.h"
#include "search/search.h"
#include "base/util.h"
#include "base/xalloc.h"
#include "search/docdata.h"
#include "search/furniture.h"
#include "search/xapian_c.h"
#include "search/search_int.h"


char *search_strdup_or_empty(const char *s)
{
	char *d = strdup(s ? s : "");
	if (d == NULL)
		abort();
	return d;
}

static void push_str(char ***list, size_t *n, const char *s)
{
	char **p = realloc(*list, (*n + 1) * sizeof(char *));
	if (p == NULL)
		abort();
	*list = p;
	p[(*n)++] = search_strdup_or_empty(s);
}

static int cmp_article_key(const void *a, const void *b)
{
	return cite_key_cmp(*(const char *const *)a, *(const char *const *)b);
}

struct dup_ctx {
	struct search_db *db;
	struct search_hit *h;
	unsigned self;
	const char *key;  /* the collapse key copies share, or NULL: any */
};

static int add_dup(void *ctx, unsigned id, unsigned wdf)
{
	(void)wdf;
	struct dup_ctx *d = ctx;
	if (id == d->self || d->h->n_dups >= 20)
		return d->h->n_dups >= 20;
	size_t len;
	if (d->key) {
		/* Same identifier: a copy only with the same collapse key (the
		 * same date: see search/docbuild.c). */
		char *k = xc_reader_value(d->db->r, id, VAL_DUPKEY, &len, NULL);
		int same = k && strcmp(k, d->key) == 0;
		free(k);
		if (!same)
			return 0;
	}
	char *path = xc_reader_value(d->db->r, id, VAL_PATH, &len, NULL);
	if (path) {
		int seen = 0;
		for (size_t i = 0; i < d->h->n_dups && !seen; i++)
			seen = strcmp(d->h->dups[i], path) == 0;
		if (!seen && strcmp(path, d->h->path) != 0)
			push_str(&d->h->dups, &d->h->n_dups, path);
	}
	free(path);
	return 0;
}

static int fill_hit(struct search_db *db, const struct search_req *req, const struct built *b,
		    const struct xc_mset *m, unsigned i, const unsigned char *has,
		    struct search_hit *h, struct error **err)

{
	h->id = xc_mset_docid(m, i);
	h->score = xc_mset_weight(m, i);
	/* Kept with the hit (h->dd) for citing it: read once. */
	struct docdata *dd = xcalloc(1, sizeof(*dd));
	if (search_doc_load(db, h->id, dd, err) < 0) {
		free(dd);
		return -1;
	}
	h->path = search_strdup_or_empty(docdata_str(dd, "path"));
	h->title = search_strdup_or_empty(docdata_str(dd, "title"));
	h->lang = search_strdup_or_empty(docdata_str(dd, "lang"));
	h->type = search_strdup_or_empty(docdata_meta(dd, "type"));
	h->court = search_strdup_or_empty(docdata_meta(dd, "court"));
	h->court_name = search_strdup_or_empty(docdata_meta(dd, "court_name"));
	h->date = search_strdup_or_empty(docdata_meta(dd, "date"));
	h->ident = search_strdup_or_empty(docdata_meta(dd, "ident"));
	if (h->ident[0])
		h->cited_by = search_cited_count(db, h->ident);
	h->pages = (int)docdata_int(dd, "pages");
	struct json_object *o;
	if (json_object_object_get_ex(dd->json, "notext", &o))
		h->notext = json_object_get_boolean(o);
	if (!req->no_hit_cites && json_object_object_get_ex(dd->json, "articles", &o)) {
		/* The most specific citations: "3" is left out when "3.1" is
		 * there.  CRC articles are labelled "3(1)", others "ECHR 8".
		 * Sorted, a more specific key follows its general one at once. */
		size_t n = (size_t)json_object_object_length(o), k = 0;
		const char **keys = calloc(n ? n : 1, sizeof(char *));
		if (keys == NULL)
			abort();
		int sorted = 1;
		json_object_object_foreach(o, key, val)
		{
			(void)val;
			if (k > 0 && sorted && cite_key_cmp(keys[k - 1], key) > 0)
				sorted = 0;
			keys[k++] = key;
		}
		/* The indexer stores them in order (older indexes may not). */
		if (!sorted)
			qsort(keys, k, sizeof(char *), cmp_article_key);
		for (size_t j = 0; j < k; j++) {
			size_t kl = strlen(keys[j]);
			if (j + 1 < k && strncmp(keys[j + 1], keys[j], kl) == 0 && keys[j + 1][kl] == '.')
				continue;
			struct cite c;
			char label[64], full[96];
			if (cite_parse_article(keys[j], &c) < 0)
				continue;
			cite_format(&c, label, sizeof(label));
			if (strcmp(c.instrument, "CRC") == 0)
				snprintf(full, sizeof(full), "%s", label);
			else
				snprintf(full, sizeof(full), "%s %s", c.instrument, label);
			push_str(&h->articles, &h->n_articles, full);
		}
		free(keys);
	}
	if (!req->no_hit_cites && json_object_object_get_ex(dd->json, "cites", &o))
		for (size_t k = 0; k < json_object_array_length(o); k++)
			push_str(&h->cites, &h->n_cites,
				 json_object_get_string(json_object_array_get_idx(o, k)));

	/* Other copies of the same document (collapsed away). */
	if (xc_mset_collapse_count(m, i) > 0) {
		char term[160];
		size_t len;
		char *key = xc_reader_value(db->r, h->id, VAL_DUPKEY, &len, NULL);
		struct dup_ctx dc = { db, h, h->id, NULL };
		if (key && *h->ident) {
			/* "IDENT|date" (or, in an older index, the identifier). */
			char *bar = strchr(key, '|');
			dc.key = key;
			snprintf(term, sizeof(term), PFX_IDENT "%.*s",
				 bar ? (int)(bar - key) : (int)strlen(key), key);
		} else {
			snprintf(term, sizeof(term), PFX_HASH "%s", key ? key : "");
		}
		xc_reader_postings(db->r, term, add_dup, &dc, NULL);
		free(key);
	}

	int want = req->passages > 0 ? req->passages : 1;
	if (want > SEARCH_MAX_PASSAGES)
		want = SEARCH_MAX_PASSAGES;
	size_t width = req->snippet_bytes > 0 ? (size_t)req->snippet_bytes : 300;
	/* Words and an article together ("artikel 3 lid 1 IVRK
	 * verblijfsvergunning", or words with --article): with room for two
	 * passages or more, the last one is kept for a place where the
	 * document cites the article — where the court applies it. */
	int want_words = b->n_art > 0 && b->has_words && want >= 2 ? want - 1 : want;
	if (b->has_words && b->hl) {
		int pages[SEARCH_MAX_PASSAGES];
		unsigned anchors[SEARCH_MAX_PASSAGES];
		int np = search_best_pages(db, h->id, dd, b->terms, has, pages, anchors, want_words);
		for (int k = 0; k < np; k++) {
			const char *text;
			size_t len;
			if (docdata_page(dd, pages[k], &text, &len) < 0)
				continue;
			char *html = search_page_passage(b, text, len, anchors[k], width,
						  search_doc_stemmer(h->lang));
			search_add_passage(h, pages[k], html);
		}
	}
	if ((int)h->n_passages < want && b->n_art > 0)
		search_article_passages(b, dd, h, want, width);
	if (h->n_passages == 0 && h->pages > 0) {
		/* Words that only matched the title, or a filter-only search:
		 * the opening of the first page with text. */
		for (int pg = 1; pg <= h->pages; pg++) {
			const char *text;
			size_t len;
			if (docdata_page(dd, pg, &text, &len) < 0 || len == 0)
				continue;
			/* not the running header or page number it starts with */
			size_t bs, be;
			page_body(text, len, &bs, &be);
			text += bs;
			len = be - bs;
			size_t n = len < width ? len : width;
			while (n < len && ((unsigned char)text[n] & 0xC0) == 0x80)
				n++;
			struct buf hb = BUF_INIT;
			buf_add_html(&hb, text, n);
			if (n < len)
				buf_adds(&hb, "…");
			search_add_passage(h, pg, buf_detach(&hb));
			break;
		}
	}
	search_hit_paras(dd, h);
	h->ocr_pages = (int)docdata_int(dd, "ocr_pages");
	for (size_t k = 0; k < h->n_passages; k++)
		h->passages[k].ocr_conf = docdata_page_ocr(dd, h->passages[k].page);
	h->dd = dd;
	return 0;
}

static int add_facet(void *ctx, const char *value, size_t len, unsigned count)
{
	struct search_facet *f = ctx;
	if (f->n >= 200)
		return 1;
	if (strcmp(f->name, "article") == 0) {
		/* Only what can be searched for: the Convention, its
		 * protocols and the ECHR. */
		char spec[64];
		struct cite c;
		if (len >= sizeof(spec))
			return 0;
		memcpy(spec, value, len);
		spec[len] = '\0';
		if (cite_parse_article(spec, &c) < 0)
			return 0;
	}
	struct search_facet_value *v = realloc(f->v, (f->n + 1) * sizeof(*v));
	if (v == NULL)
		abort();
	f->v = v;
	v[f->n].value = strndup(value, len);
	v[f->n].count = count;
	f->n++;
	return 0;
}

/* 1 when some document holds word (its stem in any language). */
static int word_is_indexed(struct search_db *db, const char *word)
{
	for (size_t i = 0; i < sizeof(search_parse_langs) / sizeof(search_parse_langs[0]); i++) {
		char *stem = xc_stem(lang_stemmer(search_parse_langs[i]), word);
		if (stem == NULL)
			continue;
		char term[80];
		snprintf(term, sizeof(term), "Z%s", stem);
		free(stem);
		if (xc_reader_termfreq(db->r, term) > 0)
			return 1;
	}
	return 0;
}

/* "Did you mean": each plain word of the query (letters only, at least 4
 * bytes, not a stopword) that no document contains is replaced by Xapian's
 * spelling suggestion from the index.  NULL when nothing changes. */
static char *suggest_spelling(struct search_db *db, const char *q)
{
	struct buf out = BUF_INIT;
	int changed = 0;
	const char *p = q;
	while (*p) {
		const char *s = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - s);
		int plain = n >= 4 && n < 64;
		for (size_t i = 0; i < n && plain; i++)
			plain = isalpha((unsigned char)s[i]) || ((unsigned char)s[i] & 0x80);
		char word[64];
		if (plain) {
			for (size_t i = 0; i < n; i++)
				word[i] = (char)tolower((unsigned char)s[i]);
			word[n] = '\0';
			plain = !lang_is_stopword(word, n) && !word_is_indexed(db, word);
		}
		char *sugg = plain ? xc_reader_spelling(db->r, word) : NULL;
		if (sugg) {
			buf_adds(&out, sugg);
			changed = 1;
			free(sugg);
		} else {
			buf_add(&out, s, n);
		}
		while (*p && isspace((unsigned char)*p))
			buf_addc(&out, *p++);
	}
	if (!changed) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

/* 1 when some document holds word in some form: its stem in any
 * language, the word inside Dutch compounds, or an equivalent or
 * translation the synonym list or glossary gives (a phrase counts as held:
 * its words are searched). */
static int word_known(struct search_db *db, const struct analyze *an, const char *word)
{
	if (word_is_indexed(db, word))
		return 1;
	char part[ANALYZE_MAX_WORD + 8];
	snprintf(part, sizeof(part), ANALYZE_PFX_PART "%.*s", ANALYZE_MAX_WORD, word);
	if (xc_reader_termfreq(db->r, part) > 0)
		return 1;
	struct analyze_entry e;
	const char *one[1] = { word };
	if (analyze_lookup(an, one, 1, &e) == 0)
		return 0;
	for (size_t i = 0; i < e.n_same + e.n_other; i++) {
		const char *f = i < e.n_same ? e.same[i] : e.other[i - e.n_same];
		if (strchr(f, ' ') != NULL || word_is_indexed(db, f))
			return 1;
	}
	return 0;
}

/* Fills res->unknown with the words of q (user syntax) that no document
 * holds in any form (word_known): words of letters, outside field names
 * and operators, stopwords and article numbers left out; each once. */
static void find_unknown(struct search_db *db, const char *q, struct search_result *res)
{
	static const char *const ops[] = { "and", "or", "not", "xor", "near", "adj", NULL };
	const struct analyze *an = search_ctx_analyze(db->ctx);
	char w[64][ANALYZE_MAX_WORD];
	/* Field values (type:ruling, art:3) are no words to look up. */
	struct buf words = BUF_INIT;
	for (const char *p = q; *p;) {
		const char *s = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (memchr(s, ':', (size_t)(p - s)) == NULL)
			buf_add(&words, s, (size_t)(p - s));
		buf_addc(&words, ' ');
		while (*p && isspace((unsigned char)*p))
			p++;
	}
	size_t n = analyze_words(buf_str(&words), w, 64);
	buf_free(&words);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(w[i]);
		int letters = len >= 2;
		for (size_t k = 0; k < len && letters; k++)
			letters = isalpha((unsigned char)w[i][k]) || ((unsigned char)w[i][k] & 0x80) ||
				  w[i][k] == '\'';
		for (int k = 0; ops[k] && letters; k++)
			letters = strcmp(w[i], ops[k]) != 0;
		if (!letters || lang_is_stopword(w[i], len) || search_is_article_word(w[i]) ||
		    word_known(db, an, w[i]))
			continue;
		int seen = 0;
		for (size_t k = 0; k < res->n_unknown && !seen; k++)
			seen = strcmp(res->unknown[k], w[i]) == 0;
		if (seen)
			continue;
		char **u = realloc(res->unknown, (res->n_unknown + 1) * sizeof(char *));
		if (u == NULL || (u[res->n_unknown] = strdup(w[i])) == NULL)
			abort();
		res->unknown = u;
		/* The query searched a word no document holds by its
		 * translations (search/query.c): say which. */
		char **en = realloc(res->unknown_en, (res->n_unknown + 1) * sizeof(char *));
		if (en == NULL)
			abort();
		res->unknown_en = en;
		const char *tr[XLATE_MAX];
		size_t ntr = xlate_nl_en(w[i], tr, XLATE_MAX);
		en[res->n_unknown] = NULL;
		if (ntr > 0) {
			struct buf t = BUF_INIT;
			for (size_t k = 0; k < ntr; k++) {
				if (k)
					buf_adds(&t, ", ");
				buf_adds(&t, tr[k]);
			}
			en[res->n_unknown] = buf_detach(&t);
		}
		res->n_unknown++;
	}
}

/* The display name of a court or body code, as the indexer recorded it
 * (see search.h). */
char *search_court_name(struct search_db *db, const char *code)
{
	char key[96];
	snprintf(key, sizeof(key), META_COURT_NAME "%s", code);
	char *v = xc_reader_metadata(db->r, key, NULL);
	if (v && *v == '\0') {
		free(v);
		v = NULL;
	}
	return v;
}

char *search_cache_key(struct search_db *db, const struct search_req *req)
{
	struct buf b = BUF_INIT;
	char version[128];
	xc_reader_version(db->r, version, sizeof(version));
	/* Fields are separated by bytes that cannot occur in valid input. */
	buf_addf(&b, "%s\x1f%s\x1f", version, req->q ? req->q : "");
	for (size_t i = 0; i < req->n_articles && i < SEARCH_MAX_ARTICLES; i++)
		buf_addf(&b, "%s\x1e", req->articles[i]);
	buf_addf(&b, "\x1f%s\x1f%s\x1f%s\x1f%d\x1f%d\x1f%d\x1f%u\x1f%u\x1f%d\x1f%d\x1f%d",
		 req->type ? req->type : "", req->court ? req->court : "",
		 req->lang ? req->lang : "", req->year_from, req->year_to, req->sort_date,
		 req->offset, req->limit, req->facets, req->passages, req->snippet_bytes);
	buf_addf(&b, "\x1f%d\x1f%d", req->articles_any, req->literal);
	buf_addf(&b, "\x1f%d", req->no_correct);
	buf_addf(&b, "\x1f%d\x1f%d", req->exact_total, req->no_hit_cites);
	return buf_detach(&b);
}

static struct search_result *search_run_once(struct search_db *db, const struct search_req *req,
					     struct error **err);

/* When res (the answer to req) found nothing and its words have a
 * spelling correction, the answer to the corrected words instead, saying so
 * (instead_of) and keeping the words not found; otherwise res.  Takes res. */
static struct search_result *run_corrected(struct search_db *db, const struct search_req *req,
					   struct search_result *res)
{
	if (res->total > 0 || res->corrected == NULL || req->no_correct || req->q == NULL)
		return res;
	struct search_req r2 = *req;
	r2.q = res->corrected;
	r2.no_correct = 1;
	struct search_result *res2 = search_run(db, &r2, NULL);
	if (res2 == NULL || res2->total == 0) {
		search_result_free(res2);
		return res;
	}
	free(res2->corrected);
	res2->corrected = res->corrected;
	res->corrected = NULL;
	search_free_strs(res2->unknown, res2->n_unknown);
	search_free_strs(res2->unknown_en, res2->unknown_en ? res2->n_unknown : 0);
	res2->unknown = res->unknown;
	res2->unknown_en = res->unknown_en;
	res2->n_unknown = res->n_unknown;
	res->unknown = NULL;
	res->unknown_en = NULL;
	res->n_unknown = 0;
	res2->instead_of = strdup(req->q);
	if (res2->instead_of == NULL)
		abort();
	res2->ms += res->ms;
	search_result_free(res);
	return res2;
}

struct search_result *search_run(struct search_db *db, const struct search_req *req,
				 struct error **err)
{
	/* A reader whose revision the indexer has since overwritten (it
	 * committed twice during a query) reopens and tries again. */
	for (int attempt = 0;; attempt++) {
		struct error *e = NULL;
		struct search_result *res = search_run_once(db, req, &e);
		if (res != NULL || e == NULL || e->code != ERR_STALE || attempt == 3 ||
		    search_reopen(db, NULL) < 0) {
			if (res == NULL && e != NULL && e->code == ERR_STALE)
				e->code = ERR_BUSY;
			if (err && *err == NULL)
				*err = e;
			else
				error_free(e);
			return res ? run_corrected(db, req, res) : NULL;
		}
		error_free(e);
	}
}

static struct search_result *search_run_once(struct search_db *db, const struct search_req *req,
					     struct error **err)
{
	double t0 = util_now_ms();
	struct built b;
	if (req->offset > SEARCH_MAX_OFFSET) {
		error_set(err, ERR_INPUT, "offset too large (at most %d)", SEARCH_MAX_OFFSET);
		return NULL;
	}
	if (search_build_query(db, req, &b, err) < 0)
		return NULL;
	struct search_result *res = calloc(1, sizeof(*res));
	if (res == NULL)
		abort();
	double t1 = util_now_ms();
	res->ms_query = t1 - t0;
	if (b.qc.n_specs || b.qc.n_idents) {
		/* What the query was read as: "art. 3 lid 1 IVRK + verblijfsvergunning". */
		const char *w = b.rest_words ? b.rest_words : "";
		size_t wl = strlen(w);
		while (wl > 0 && isspace((unsigned char)w[wl - 1]))
			wl--;
		struct buf u = BUF_INIT;
		buf_addf(&u, "%s%s%.*s", b.qc.label_nl, wl ? " + " : "", (int)wl, w);
		res->understood = buf_detach(&u);
		buf_addf(&u, "%s%s%.*s", b.qc.label_en, wl ? " + " : "", (int)wl, w);
		res->understood_en = buf_detach(&u);
	}
	/* Sections of VAL_FACETS, in this order (see schema.h). */
	static const unsigned sections[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	static const char *const names[] = { "type",  "court",   "year", "lang",
					     "article", "state", "outcome", "area" };
	unsigned limit = req->limit ? req->limit : 10;
	if (limit > SEARCH_MAX_LIMIT)
		limit = SEARCH_MAX_LIMIT;
	/* Without words, newest first, unless relevance (citation counts) was
	 * asked for. */
	int by_date = req->sort_date > 0 || (req->sort_date == 0 && !b.has_words);
	struct xc_run_opts o = {
		.offset = req->offset,
		.limit = limit,
		/* Some matches beyond the page, with facets too (whose count
		 * gives the totals): Xapian 1.4's pruning can drop a document
		 * of the page otherwise (bench/results-20.md). */
		.check_at_least = req->offset + limit + 100,
		.sort_slot = by_date ? (int)VAL_DATE : -1,
		.sort_descending = 1,
		.collapse_slot = VAL_DUPKEY,
		/* Equal weights by path, not by docid: the same order on
		 * one index and on shards (whose docids interleave). */
		.tie_slot = VAL_PATH,
		.facet_slots = req->facets ? sections : NULL,
		.n_facet_slots = req->facets ? SEARCH_N_FACETS : 0,
		.facet_packed_slot = VAL_FACETS,
		.facet_section_sep = FACET_SECTION_SEP,
		.facet_separator = '\n',
		.bm25_k1 = BM25_K1,
		.bm25_b = BM25_B,
	};
	struct xc_mset *m = NULL;
	if (b.has_words && search_prepare_highlight(db, &b, err) < 0)
		goto fail;
	if (getenv("KINDEX_DESCRIBE")) {
		/* For whoever tunes queries: the query as Xapian runs it. */
		char *dq = xc_query_describe(b.q);
		fprintf(stderr, "%s\n", dq ? dq : "?");
		free(dq);
	}
	m = xc_enquire(db->r, b.q, &o, err);
	if (m == NULL)
		goto fail;
	unsigned n = xc_mset_size(m);
	double t2 = util_now_ms();
	res->ms_match = t2 - t1;
	/* The hits are read while the facets are still being counted. */
	res->hits = calloc(n ? n : 1, sizeof(struct search_hit));
	if (res->hits == NULL)
		abort();
	/* Which hits hold which of the words' terms, for all hits at once. */
	unsigned char *has = NULL;
	if (b.has_words && b.hl && b.terms && n > 0) {
		unsigned *ids = xcalloc(n, sizeof(*ids));
		for (unsigned i = 0; i < n; i++)
			ids[i] = xc_mset_docid(m, i);
		has = search_terms_in_hits(db, b.terms, ids, n);
		free(ids);
	}
	for (unsigned i = 0; i < n; i++) {
		if (fill_hit(db, req, &b, m, i, has ? has + (size_t)i * 256 : NULL, &res->hits[i],
			     err) < 0) {
			free(has);
			goto fail;
		}
		res->n_hits = i + 1;
	}
	free(has);
	double t3 = util_now_ms();
	res->ms_hits = t3 - t2;
	if (xc_mset_wait(m, err) < 0)
		goto fail;
	res->ms_count = util_now_ms() - t3;
	res->total = xc_mset_estimated(m);
	if (!req->facets && req->exact_total) {
		/* The total without the facet count, from a match of its own
		 * that checks every match (the page's match keeps its
		 * check_at_least: more changes what Xapian 1.4 prunes, and
		 * so the page).  Then Xapian's lower bound is exact after
		 * collapsing; its estimate still allows for unseen duplicates. */
		struct xc_run_opts oc = { .limit = 1, .sort_slot = -1,
					  .collapse_slot = VAL_DUPKEY, .bool_weight = 1 };
		oc.check_at_least = xc_reader_doccount(db->r);
		struct xc_mset *mc = xc_enquire(db->r, b.q, &oc, err);
		if (mc == NULL)
			goto fail;
		res->total = xc_mset_lower_bound(mc);
		xc_mset_free(mc);
	}
	if (b.has_words && req->q)
		find_unknown(db, req->q, res);
	if (b.has_words && (res->total < 5 || res->n_unknown > 0) && req->q)
		res->corrected = suggest_spelling(db, req->q);
	res->no_spelling = !xc_reader_spelling_available(db->r);
	res->total_lower = xc_mset_lower_bound(m);
	res->total_upper = xc_mset_upper_bound(m);
	res->facets_exact = 1;
	res->by_date = by_date;
	for (int k = 0; k < SEARCH_N_FACETS; k++) {
		res->facets[k].name = names[k];
		if (req->facets && (unsigned)k < o.n_facet_slots)
			xc_mset_facets(m, sections[k], add_facet, &res->facets[k]);
	}
	xc_mset_free(m);
	search_built_clear(&b);
	res->ms = util_now_ms() - t0;
	return res;
fail:
	xc_mset_free(m);
	search_built_clear(&b);
	search_result_free(res);
	return NULL;
}

void search_free_strs(char **s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

void search_result_free(struct search_result *res)
{
	if (res == NULL)
		return;
	for (size_t i = 0; i < res->n_hits; i++) {
		struct search_hit *h = &res->hits[i];
		free(h->path), free(h->title), free(h->lang), free(h->type), free(h->court);
		free(h->court_name), free(h->date), free(h->ident);
		search_free_strs(h->articles, h->n_articles);
		search_free_strs(h->cites, h->n_cites);
		search_free_strs(h->dups, h->n_dups);
		for (size_t k = 0; k < h->n_passages; k++) {
			free(h->passages[k].html);
			free(h->passages[k].text);
		}
		if (h->dd) {
			docdata_close(h->dd);
			free(h->dd);
		}
	}
	free(res->hits);
	for (int k = 0; k < SEARCH_N_FACETS; k++) {
		for (size_t i = 0; i < res->facets[k].n; i++)
			free(res->facets[k].v[i].value);
		free(res->facets[k].v);
	}
	free(res->corrected);
	free(res->understood);
	free(res->understood_en);
	search_free_strs(res->unknown_en, res->unknown_en ? res->n_unknown : 0);
	search_free_strs(res->unknown, res->n_unknown);
	free(res->instead_of);
	free(res);
}

static struct json_object *jstr(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static struct json_object *jstrs(char **s, size_t n)
{
	struct json_object *a = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(a, jstr(s[i]));
	return a;
}

/* {"nl": …, "en": …}: how the document read into src cites itself at the
 * passage ps (NULL: the document as a whole). */
static struct json_object *cite_as_json(const struct citeas *cs, const struct citeas_src *src,
					const struct search_passage *ps)
{
	struct citeas_pin pin = { .para = ps ? ps->para : NULL, .page = ps ? ps->page : 0 };
	struct json_object *o = json_object_new_object();
	static const char *const langs[] = { "nl", "en" };
	for (int i = 0; i < 2; i++) {
		char *s = citeas_format(cs, &src->d, langs[i], ps ? &pin : NULL);
		json_object_object_add(o, langs[i], jstr(s));
		free(s);
	}
	return o;
}

char *search_result_json(const struct search_result *res, int pretty)
{
	return search_result_json_cite(res, pretty, NULL, NULL);
}

char *search_result_json_cite(const struct search_result *res, int pretty, const struct citeas *cs,
			      struct search_db *db)
{
	struct json_object *root = json_object_new_object();
	json_object_object_add(root, "total", json_object_new_int64(res->total));
	json_object_object_add(root, "total_lower", json_object_new_int64(res->total_lower));
	json_object_object_add(root, "total_upper", json_object_new_int64(res->total_upper));
	json_object_object_add(root, "ms", json_object_new_double(res->ms));
	struct json_object *parts = json_object_new_object();
	json_object_object_add(parts, "query", json_object_new_double(res->ms_query));
	json_object_object_add(parts, "match", json_object_new_double(res->ms_match));
	json_object_object_add(parts, "hits", json_object_new_double(res->ms_hits));
	json_object_object_add(parts, "count_wait", json_object_new_double(res->ms_count));
	json_object_object_add(root, "ms_parts", parts);
	json_object_object_add(root, "facets_exact", json_object_new_boolean(res->facets_exact));
	json_object_object_add(root, "sort", json_object_new_string(res->by_date ? "date" : "relevance"));
	if (res->corrected)
		json_object_object_add(root, "corrected", jstr(res->corrected));
	if (res->n_unknown) {
		json_object_object_add(root, "unknown", jstrs(res->unknown, res->n_unknown));
		struct json_object *tr = NULL;
		for (size_t i = 0; i < res->n_unknown; i++) {
			if (res->unknown_en == NULL || res->unknown_en[i] == NULL)
				continue;
			if (tr == NULL)
				tr = json_object_new_object();
			json_object_object_add(tr, res->unknown[i], jstr(res->unknown_en[i]));
		}
		if (tr != NULL)
			json_object_object_add(root, "translated", tr);
	}
	if (res->instead_of)
		json_object_object_add(root, "instead_of", jstr(res->instead_of));
	if (res->understood) {
		json_object_object_add(root, "understood", jstr(res->understood));
		json_object_object_add(root, "understood_en", jstr(res->understood_en));
	}
	if (res->no_spelling)
		json_object_object_add(root, "spelling", json_object_new_string("unavailable"));
	struct json_object *hits = json_object_new_array();
	json_object_object_add(root, "results", hits);
	for (size_t i = 0; i < res->n_hits; i++) {
		const struct search_hit *h = &res->hits[i];
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(h->id));
		json_object_object_add(o, "path", jstr(h->path));
		json_object_object_add(o, "title", jstr(h->title));
		json_object_object_add(o, "score", json_object_new_double(h->score));
		json_object_object_add(o, "pages", json_object_new_int(h->pages));
		json_object_object_add(o, "lang", jstr(h->lang));
		json_object_object_add(o, "type", jstr(h->type));
		json_object_object_add(o, "court", jstr(h->court));
		json_object_object_add(o, "court_name", jstr(h->court_name));
		json_object_object_add(o, "date", jstr(h->date));
		json_object_object_add(o, "ident", jstr(h->ident));
		json_object_object_add(o, "cited_by", json_object_new_int64(h->cited_by));
		json_object_object_add(o, "notext", json_object_new_boolean(h->notext));
		json_object_object_add(o, "ocr_pages", json_object_new_int(h->ocr_pages));
		json_object_object_add(o, "articles", jstrs(h->articles, h->n_articles));
		json_object_object_add(o, "cites", jstrs(h->cites, h->n_cites));
		json_object_object_add(o, "duplicates", jstrs(h->dups, h->n_dups));
		/* Its data and first page, read once for all its citations;
		 * "cite_as": null when they cannot be read. */
		struct citeas_src src;
		int cite = cs != NULL && db != NULL;
		int have_src = cite && (h->dd ? citeas_src_from(&src, h->dd)
					      : citeas_src_open(&src, db, h->id, NULL)) == 0;
		struct json_object *ps = json_object_new_array();
		for (size_t k = 0; k < h->n_passages; k++) {
			struct json_object *p = json_object_new_object();
			json_object_object_add(p, "page", json_object_new_int(h->passages[k].page));
			if (h->passages[k].para[0])
				json_object_object_add(p, "para", jstr(h->passages[k].para));
			json_object_object_add(p, "text", jstr(h->passages[k].text));
			json_object_object_add(p, "html", jstr(h->passages[k].html));
			if (h->passages[k].ocr_conf >= 0)
				json_object_object_add(p, "ocr_confidence",
						       json_object_new_int(h->passages[k].ocr_conf));
			if (cite)
				json_object_object_add(p, "cite_as",
						       have_src ? cite_as_json(cs, &src, &h->passages[k])
								: NULL);
			json_object_array_add(ps, p);
		}
		if (h->n_passages > 0)
			json_object_object_add(o, "snippet",
					       json_object_get(json_object_array_get_idx(ps, 0)));
		else
			json_object_object_add(o, "snippet", NULL);
		json_object_object_add(o, "passages", ps);
		if (cite && have_src && h->n_passages > 0) /* the first passage's */
			json_object_object_add(
				o, "cite_as",
				json_object_get(json_object_object_get(
					json_object_array_get_idx(ps, 0), "cite_as")));
		else if (cite)
			json_object_object_add(o, "cite_as",
					       have_src ? cite_as_json(cs, &src, NULL) : NULL);
		if (have_src)
			citeas_src_close(&src);
		json_object_array_add(hits, o);
	}
	struct json_object *facets = json_object_new_object();
	json_object_object_add(root, "facets", facets);
	for (int k = 0; k < SEARCH_N_FACETS; k++) {
		if (res->facets[k].name == NULL)
			continue;
		struct json_object *f = json_object_new_object();
		for (size_t i = 0; i < res->facets[k].n; i++)
			json_object_object_add(f, res->facets[k].v[i].value,
					       json_object_new_int64(res->facets[k].v[i].count));
		json_object_object_add(facets, res->facets[k].name, f);
	}
	char *s = strdup(json_object_to_json_string_ext(
		root, (pretty ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN) |
			      JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	if (s == NULL)
		abort();
	return s;
}
