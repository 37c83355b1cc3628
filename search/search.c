/* search.c - from a request to ranked, highlighted, faceted results.
 *
 * Query construction:
 *  - art:SPEC / artikel:SPEC / article:SPEC tokens are taken out of the
 *    user's words and become article terms (search/cite.h), like
 *    req->articles.  An article term's wdf is how often a document cites
 *    it, so documents that cite the article more rank higher.
 *  - Plain words (no operators, quotes, fields or wildcards) are analysed
 *    (search/analyze.h): split into units, the longest phrases the synonym
 *    list or the Dutch-English glossary knows, else single words; each unit
 *    is one OP_SYNONYM of its forms, its equivalents and its translations,
 *    each form stemmed in every language the index holds, plus a small
 *    bonus for the forms in the language typed (unit_query); a phrase unit
 *    also searches its words, each at W_PHRASE_WORD, so that the phrase
 *    adds to its words instead of replacing them; the units are OR-ed.
 *    "artikel 12", "article 37" become the article's term.
 *  - Other queries are parsed by Xapian's QueryParser once per language the
 *    index holds (Dutch, English, French stemmers and stopwords) and the
 *    parses are OR-ed: stems of each language meet the documents of that
 *    language, whatever language the query is typed in.
 *  - Filters (type, court, language, years) restrict without ranking.
 *  - Duplicates (same identifier or same content) collapse to one hit.
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
#include "search/ident.h"
#include "search/lang.h"
#include "search/paras.h"
#include "search/phrases.h"
#include "search/query_cite.h"
#include "search/query_facts.h"
#include "search/schema.h"
#include "search/citeas.h"
#include "search/search.h"
#include "base/util.h"
#include "search/xapian_c.h"

struct search_db {
	struct xc_reader *r;
	struct search_ctx *ctx;      /* caches (borrowed unless own_ctx) */
	int own_ctx;
	struct phrase_set *phrases;  /* phrase terms every document has */
	char *dir;
	dev_t dev;        /* the index directory's identity when opened: the */
	ino_t ino;        /* indexer may swap in a compacted copy */
};

static const struct xc_field query_fields[] = {
	{ "title", PFX_TITLE, 0 },
	{ "titel", PFX_TITLE, 0 },
	{ "type", PFX_TYPE, 1 },
	{ "court", PFX_COURT, 1 },
	{ "instantie", PFX_COURT, 1 },
	{ "lang", PFX_LANG, 1 },
	{ "taal", PFX_LANG, 1 },
	{ "year", PFX_YEAR, 1 },
	{ "jaar", PFX_YEAR, 1 },
	{ "cites", PFX_CITES, 1 },
	{ "ecli", PFX_CITES "ECLI:", 1 },
	{ "id", PFX_IDENT, 1 },
	/* Articles inside a query with operators (see rewrite_fields): the
	 * value is already the article's key, "CRC:3.1", in hex digits. */
	{ "art", PFX_ARTICLE, XC_FIELD_TERM },
	{ "artikel", PFX_ARTICLE, XC_FIELD_TERM },
	{ "article", PFX_ARTICLE, XC_FIELD_TERM },
	{ "artikelen", PFX_ARTICLE, XC_FIELD_TERM },
};

static const char *const parse_langs[] = { "nl", "en", "fr" };

/* (Re)reads which phrases the index holds as terms (search/phrases.h); an
 * unreadable list only means phrases are matched by positions. */
static void load_phrases(struct search_db *db)
{
	size_t len = 0;
	char *text = xc_reader_metadata_len(db->r, META_PHRASES, &len, NULL);
	phrase_set_free(db->phrases);
	db->phrases = phrase_set_parse(text ? text : "", text ? len : 0);
	free(text);
}

struct search_db *search_open(const char *dir, struct error **err)
{
	struct search_ctx *ctx = search_ctx_new();
	struct search_db *db = search_open_in(ctx, dir, err);
	if (db == NULL)
		search_ctx_free(ctx);
	else
		db->own_ctx = 1;
	return db;
}

struct search_ctx *search_db_ctx(struct search_db *db)
{
	return db->ctx;
}

struct search_db *search_open_in(struct search_ctx *ctx, const char *dir, struct error **err)
{
	struct search_db *db = calloc(1, sizeof(*db));
	if (db == NULL) {
		error_set(err, ERR_NOMEM, "out of memory");
		return NULL;
	}
	struct error *e = NULL;
	db->r = xc_reader_open(dir, &e);
	if (db->r == NULL) {
		if (e && e->code == ERR_NOTFOUND)
			error_set(err, ERR_NOTFOUND, "no index in %s (run `kindex index` first): %s",
				  dir, e->msg);
		else
			error_set(err, e ? e->code : ERR_DB, "%s", e ? e->msg : "cannot open index");
		error_free(e);
		free(db);
		return NULL;
	}
	db->ctx = ctx;
	xc_reader_share_facets(db->r, search_ctx_facets(ctx));
	struct stat st;
	if (stat(dir, &st) == 0) {
		db->dev = st.st_dev;
		db->ino = st.st_ino;
	}
	db->dir = strdup(dir);
	if (db->dir == NULL)
		abort();
	load_phrases(db);
	return db;
}

int search_reopen(struct search_db *db, struct error **err)
{
	struct stat st;
	if (stat(db->dir, &st) == 0 && (st.st_dev != db->dev || st.st_ino != db->ino)) {
		/* A new directory (a compacted index) took the old one's place. */
		struct xc_reader *r = xc_reader_open(db->dir, err);
		if (r == NULL)
			return -1;
		xc_reader_close(db->r);
		db->r = r;
		xc_reader_share_facets(db->r, search_ctx_facets(db->ctx));
		db->dev = st.st_dev;
		db->ino = st.st_ino;
		load_phrases(db);
		return 1;
	}
	int rc = xc_reader_reopen(db->r, err);
	if (rc == 1)
		load_phrases(db);
	return rc;
}

void search_close(struct search_db *db)
{
	if (db == NULL)
		return;
	xc_reader_close(db->r);
	if (db->own_ctx)
		search_ctx_free(db->ctx);
	phrase_set_free(db->phrases);
	free(db->dir);
	free(db);
}

unsigned search_doccount(struct search_db *db)
{
	return xc_reader_doccount(db->r);
}

/* ---- building the query ---- */

/* Copies q into out, without the art:SPEC tokens, which go to specs. */
static int split_articles(const char *q, struct buf *out, char specs[][64], size_t *n_specs,
			  struct error **err)
{
	static const char *const keys[] = { "art:", "artikel:", "article:", "artikelen:", NULL };
	const char *p = q;
	while (*p) {
		int at_word = p == q || isspace((unsigned char)p[-1]) || p[-1] == '(';
		size_t klen = 0;
		for (int k = 0; at_word && keys[k]; k++)
			if (strncasecmp(p, keys[k], strlen(keys[k])) == 0)
				klen = strlen(keys[k]);
		if (!klen) {
			buf_addc(out, *p++);
			continue;
		}
		const char *s = p + klen, *e = s;
		while (*e && !isspace((unsigned char)*e) && *e != ')')
			e++;
		/* Allow "art:3(1)": keep closing brackets that belong to the spec. */
		while (*e == ')' && memchr(s, '(', (size_t)(e - s)) != NULL &&
		       (e[1] == '\0' || isspace((unsigned char)e[1]) || e[1] == '(')) {
			e++;
			while (*e && !isspace((unsigned char)*e) && *e != ')')
				e++;
		}
		size_t len = (size_t)(e - s);
		if (len == 0 || len >= 64)
			return error_set(err, ERR_QUERY, "article expected after \"%.*s\"", (int)klen, p);
		if (*n_specs >= SEARCH_MAX_ARTICLES)
			return error_set(err, ERR_QUERY, "too many articles (at most %d)",
					 SEARCH_MAX_ARTICLES);
		memcpy(specs[*n_specs], s, len);
		specs[*n_specs][len] = '\0';
		(*n_specs)++;
		buf_addc(out, ' ');
		p = e;
	}
	return 0;
}

/* 1 when q uses Xapian's boolean operators or brackets outside quotes:
 * then art: terms stay in the words and combine like any other term. */
static int has_operators(const char *q)
{
	static const char *const ops[] = { "AND", "OR", "NOT", "XOR", NULL };
	int quoted = 0;
	for (const char *p = q; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		if (quoted)
			continue;
		/* A bracket opens a group at a word's start; "3(1)" and
		 * "art:3(1)" are specs. */
		if (*p == '(' && (p == q || isspace((unsigned char)p[-1]) || p[-1] == '(' ||
				  p[-1] == '+' || p[-1] == '-'))
			return 1;
		if (p != q && !isspace((unsigned char)p[-1]))
			continue;
		for (int i = 0; ops[i]; i++) {
			size_t n = strlen(ops[i]);
			if (strncmp(p, ops[i], n) == 0 && (p[n] == '\0' || isspace((unsigned char)p[n])))
				return 1;
		}
	}
	return 0;
}

enum field_norm { FN_ART, FN_UPPER, FN_LOWER, FN_IDENT };

/* Copies q into out with the values of field:value tokens written as the
 * index holds them: court codes upper case, types and languages lower case,
 * identifiers canonical (search/ident.h), and articles (kept only when
 * keep_art, else left for split_articles) as their keys "CRC:3.1"; the
 * terms of those articles go to art_terms (up to SEARCH_MAX_ARTICLES). */
static int rewrite_fields(const char *q, int keep_art, struct buf *out,
			  char art_terms[][64], size_t *n_art, struct error **err)
{
	static const struct {
		const char *name;
		enum field_norm norm;
	} fields[] = {
		{ "art:", FN_ART },	   { "artikel:", FN_ART }, { "article:", FN_ART },
		{ "artikelen:", FN_ART },  { "court:", FN_UPPER }, { "instantie:", FN_UPPER },
		{ "type:", FN_LOWER },	   { "lang:", FN_LOWER },  { "taal:", FN_LOWER },
		{ "cites:", FN_IDENT },	   { "id:", FN_IDENT },	   { "ecli:", FN_UPPER },
	};
	int quoted = 0;
	const char *p = q;
	while (*p) {
		if (*p == '"')
			quoted = !quoted;
		int at_word = p == q || isspace((unsigned char)p[-1]) || p[-1] == '(' ||
			      ((p[-1] == '+' || p[-1] == '-') &&
			       (p - 1 == q || isspace((unsigned char)p[-2]) || p[-2] == '('));
		int f = -1;
		for (size_t k = 0; !quoted && at_word && k < sizeof(fields) / sizeof(fields[0]); k++)
			if (strncasecmp(p, fields[k].name, strlen(fields[k].name)) == 0)
				f = (int)k;
		if (f < 0 || (fields[f].norm == FN_ART && !keep_art)) {
			buf_addc(out, *p++);
			continue;
		}
		size_t klen = strlen(fields[f].name);
		const char *s = p + klen, *e = s;
		while (*e && !isspace((unsigned char)*e) && *e != ')' && *e != '"')
			e++;
		/* "art:3(1)": closing brackets that belong to the spec. */
		while (fields[f].norm == FN_ART && *e == ')' && memchr(s, '(', (size_t)(e - s)) &&
		       (e[1] == '\0' || isspace((unsigned char)e[1]) || e[1] == '(' || e[1] == ')')) {
			const char *o = s;
			int open = 0;
			for (; o < e; o++)
				open += *o == '(' ? 1 : *o == ')' ? -1 : 0;
			if (open <= 0)
				break;
			e++;
			while (*e && !isspace((unsigned char)*e) && *e != ')')
				e++;
		}
		size_t len = (size_t)(e - s);
		if (len == 0 || len >= 64) {
			if (fields[f].norm == FN_ART)
				return error_set(err, ERR_QUERY, "article expected after \"%.*s\"",
						 (int)klen, p);
			buf_add(out, p, (size_t)(e - p));
			p = e;
			continue;
		}
		char v[64], norm[128];
		memcpy(v, s, len);
		v[len] = '\0';
		switch (fields[f].norm) {
		case FN_ART: {
			struct cite c;
			char terms[6][64];
			int nt;
			if (cite_parse_article(v, &c) < 0 || (nt = cite_article_terms(&c, terms, 6)) <= 0)
				return error_set(err, ERR_QUERY,
						 "\"%s\" is not an article (try 3, 3.1, 37.b or OPSC:2)", v);
			/* Hex: the parser reads a weighted field's value as a word. */
			const char *key = terms[nt - 1] + strlen(PFX_ARTICLE);
			for (size_t i = 0; key[i] && 2 * i + 2 < sizeof(norm); i++)
				snprintf(norm + 2 * i, 3, "%02x", (unsigned char)key[i]);
			if (*n_art < SEARCH_MAX_ARTICLES)
				snprintf(art_terms[(*n_art)++], 64, "%s", terms[nt - 1]);
			break;
		}
		case FN_UPPER:
		case FN_LOWER:
			for (size_t i = 0; i <= len; i++)
				norm[i] = (char)(fields[f].norm == FN_UPPER ? toupper((unsigned char)v[i])
									    : tolower((unsigned char)v[i]));
			break;
		case FN_IDENT:
			ident_canonical(v, norm, sizeof(norm));
			break;
		}
		buf_add(out, p, klen);
		buf_adds(out, norm);
		p = e;
	}
	return 0;
}

static struct xc_query *combine_take(enum xc_op op, struct xc_query *a, struct xc_query *b,
				     struct error **err)
{
	struct xc_query *q = xc_query_combine(op, a, b, err);
	xc_query_free(a);
	xc_query_free(b);
	return q;
}

/* Queries combined with one operator, each taken once: a query that
 * Xapian describes like one already taken (words that stem alike, a phrase
 * the same in two languages) adds nothing but work. */
struct distinct {
	struct xc_query *all;
	char **descs;
	size_t n;
};

static void free_strs(char **s, size_t n);

/* Adds q (taking it) to d with op.  Returns 0, or -1 with *err, after
 * which d holds nothing. */
static int distinct_add(struct distinct *d, enum xc_op op, struct xc_query *q,
			struct error **err)
{
	char *desc = xc_query_describe(q);
	for (size_t i = 0; desc && i < d->n; i++) {
		if (strcmp(d->descs[i], desc) == 0) {
			free(desc);
			xc_query_free(q);
			return 0;
		}
	}
	if (desc) {
		char **p = realloc(d->descs, (d->n + 1) * sizeof(char *));
		if (p == NULL)
			abort();
		d->descs = p;
		p[d->n++] = desc;
	}
	d->all = d->all ? combine_take(op, d->all, q, err) : q;
	if (d->all == NULL) {
		free_strs(d->descs, d->n);
		memset(d, 0, sizeof(*d));
		return -1;
	}
	return 0;
}

/* The combined query (NULL when none was added); d is empty afterwards. */
static struct xc_query *distinct_take(struct distinct *d)
{
	struct xc_query *q = d->all;
	free_strs(d->descs, d->n);
	memset(d, 0, sizeof(*d));
	return q;
}

/* Copies q into out with every word* outside quotes turned into
 * XC_STEM_WILDCARD_FIELD:word (a field prefix before it stays:
 * title:kind* is left to Xapian). */
static void rewrite_wildcards(const char *q, struct buf *out)
{
	int quoted = 0;
	const char *p = q;
	while (*p) {
		if (*p == '"') {
			quoted = !quoted;
			buf_addc(out, *p++);
			continue;
		}
		if (quoted || isspace((unsigned char)*p) || *p == '(' || *p == ')') {
			buf_addc(out, *p++);
			continue;
		}
		const char *s = p;
		while (*p && !isspace((unsigned char)*p) && *p != '(' && *p != ')' && *p != '"')
			p++;
		size_t n = (size_t)(p - s);
		int plain = n >= 3 && s[n - 1] == '*';
		for (size_t i = 0; plain && i + 1 < n; i++)
			plain = (unsigned char)s[i] >= 0x80 || isalnum((unsigned char)s[i]) ||
				((s[i] == '+' || s[i] == '-') && i == 0);
		if (!plain) {
			buf_add(out, s, n);
			continue;
		}
		if (s[0] == '+' || s[0] == '-') {
			buf_addc(out, s[0]);
			s++;
			n--;
		}
		buf_adds(out, XC_STEM_WILDCARD_FIELD ":");
		buf_add(out, s, n - 1);
	}
}

/* Parses words with Xapian's QueryParser in every language present in the
 * index and ORs the parses: the way for queries with operators, phrases,
 * wildcards or fields. */
static struct xc_query *parse_words_xapian(struct search_db *db, const char *words, char **corrected,
				    struct error **err)
{
	/* word* expands over the stems the index keeps (see
	 * XC_PARSE_STEM_WILDCARD): rewritten to the field that does it. */
	struct buf rewritten = BUF_INIT;
	rewrite_wildcards(words, &rewritten);
	struct distinct d = { 0 };
	for (size_t i = 0; i < sizeof(parse_langs) / sizeof(parse_langs[0]); i++) {
		const char *lang = parse_langs[i];
		char lt[8];
		snprintf(lt, sizeof(lt), PFX_LANG "%s", lang);
		if (i > 0 && xc_reader_termfreq(db->r, lt) == 0)
			continue;
		unsigned flags = XC_PARSE_BOOLEAN | XC_PARSE_PHRASE | XC_PARSE_LOVEHATE |
				 XC_PARSE_STEM_WILDCARD;
		if (i == 0 && corrected)
			flags |= XC_PARSE_SPELLING;
		struct xc_query *q = xc_query_parse(db->r, buf_str(&rewritten), flags, lang_stemmer(lang),
						    query_fields,
						    sizeof(query_fields) / sizeof(query_fields[0]),
						    lang_stopwords_all(), 1000,
						    i == 0 ? corrected : NULL, err);
		if (q == NULL || distinct_add(&d, XC_OP_OR, q, err) < 0) {
			xc_query_free(distinct_take(&d));
			buf_free(&rewritten);
			return NULL;
		}
	}
	buf_free(&rewritten);
	return distinct_take(&d);
}

/* ---- plain queries: words, analysed ---- */

/* The weight of the typed language's forms of a unit, added to that of the
 * unit in both languages (see unit_query). */
#define W_SAME_LANGUAGE 0.1
/* The weight of an article named in the words ("artikel 12 IVRK"). */
#define W_ARTICLE 1.0
/* The weight of each word of a phrase the synonym list or glossary knows,
 * searched beside the phrase: the phrase adds to its words, it does not
 * replace them (a document saying "detention of juveniles" still counts
 * for "juvenile detention"), and weighs most.  Tuned on the tuning half of
 * tests/data (bench/ranking-README.md). */
#define W_PHRASE_WORD 0.25
/* BM25's k1 and b for ranked searches (Xapian's defaults are 1 and 0.5):
 * a word repeated in a document counts a little longer before it
 * saturates, and long documents are normalised a little more.  Tuned like
 * W_PHRASE_WORD. */
#define BM25_K1 2.0
#define BM25_B 0.75

/* 1 when q is plain words (no operators, quotes, fields or wildcards), so
 * that kindex may analyse it itself. */
static int plain_query(const char *q)
{
	static const char *const ops[] = { "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", NULL };
	for (const char *p = q; *p; p++) {
		if (strchr("\"():*+[]{}~^/\\_", *p))
			return 0;
		int word_start = p == q || isspace((unsigned char)p[-1]);
		if (*p == '-' && word_start)
			return 0;
		if (!word_start)
			continue;
		for (int i = 0; ops[i]; i++) {
			size_t n = strlen(ops[i]);
			if (strncmp(p, ops[i], n) == 0 && (p[n] == '\0' || isspace((unsigned char)p[n])))
				return 0;
		}
	}
	return 1;
}

struct term_set {
	char t[24][ANALYZE_MAX_WORD + 2];
	size_t n;
};

static int collect_set(void *ctx, const char *term, size_t len, unsigned freq)
{
	(void)freq;
	struct term_set *s = ctx;
	if (len >= sizeof(s->t[0]))
		return 0;
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->t[i]) == len && memcmp(s->t[i], term, len) == 0)
			return 0;
	if (s->n < sizeof(s->t) / sizeof(s->t[0])) {
		memcpy(s->t[s->n], term, len);
		s->t[s->n++][len] = '\0';
	}
	return 0;
}

/* The languages whose stemmers a query uses: those the index holds. */
static size_t index_langs(struct search_db *db, const char *langs[3])
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof(parse_langs) / sizeof(parse_langs[0]); i++) {
		char lt[8];
		snprintf(lt, sizeof(lt), PFX_LANG "%s", parse_langs[i]);
		if (i == 0 || xc_reader_termfreq(db->r, lt) > 0)
			langs[n++] = parse_langs[i];
	}
	return n;
}

/* One form (a word or a phrase of words, normalised) as a query matching
 * it in any language: a word is the OP_SYNONYM of its stems, so that a word
 * counts once however many languages stem it alike or apart (with the word
 * as found inside Dutch compounds, ANALYZE_PFX_PART); a phrase is
 * the phrase of stems, in each language. */
static struct xc_query *form_query(struct search_db *db, const char *form, struct error **err)
{
	const char *langs[3];
	size_t nl = index_langs(db, langs);
	if (strchr(form, ' ') == NULL) {
		struct term_set ts = { .n = 0 };
		for (size_t i = 0; i < nl; i++) {
			struct xc_query *q = xc_query_parse(db->r, form, 0, lang_stemmer(langs[i]),
							    NULL, 0, NULL, 0, NULL, err);
			if (q == NULL)
				return NULL;
			xc_query_terms(q, collect_set, &ts);
			xc_query_free(q);
		}
		/* The word inside Dutch compounds (see search/docbuild.c). */
		char part[ANALYZE_MAX_WORD + 8];
		snprintf(part, sizeof(part), ANALYZE_PFX_PART "%s", form);
		collect_set(&ts, part, strlen(part), 0);
		struct xc_query *all = NULL;
		for (size_t i = 0; i < ts.n; i++) {
			struct xc_query *t = xc_query_term(ts.t[i], 1, err);
			if (t == NULL) {
				xc_query_free(all);
				return NULL;
			}
			all = all ? combine_take(XC_OP_SYNONYM, all, t, err) : t;
			if (all == NULL)
				return NULL;
		}
		return all;
	}
	/* A phrase: the stems of its words in order, in each language.
	 * Stopwords are left out and the window widened to cover them: the
	 * match is nearly the same, and the huge posting lists of "van", "het",
	 * "of", "the" are never read.  Where the index holds the phrase as a
	 * term (search/phrases.h), that term: the same documents, without
	 * reading positions. */
	struct distinct d = { 0 };
	for (size_t i = 0; i < nl; i++) {
		struct phrase_pattern *pp = malloc(sizeof(*pp));
		if (pp == NULL)
			abort();
		struct xc_query *q = NULL;
		int indexed = phrase_pattern(form, lang_stemmer(langs[i]), 0, pp) == 0 &&
			      phrase_set_has(db->phrases, pp->term);
		if (pp->n == 0) {  /* only stopwords */
			free(pp);
			continue;
		}
		if (indexed) {
			q = xc_query_term(pp->term, 1, err);
		} else if (pp->n == 1) {
			q = xc_query_term(pp->stems[0], 1, err);
		} else {
			const char *terms[ANALYZE_MAX_PHRASE];
			for (size_t k = 0; k < pp->n; k++)
				terms[k] = pp->stems[k];
			q = xc_query_phrase(terms, pp->n, pp->window, err);
		}
		free(pp);
		if (q == NULL || distinct_add(&d, XC_OP_SYNONYM, q, err) < 0) {
			xc_query_free(distinct_take(&d));
			return NULL;
		}
	}
	return distinct_take(&d);
}

/* The OP_SYNONYM of forms[0..n) (NULL for none), one level deep, each
 * term or phrase once. */
static struct xc_query *forms_query(struct search_db *db, const char *const *forms, size_t n,
				    struct error **err)
{
	struct distinct d = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct xc_query *q = form_query(db, forms[i], err);
		if (q == NULL || distinct_add(&d, XC_OP_SYNONYM, q, err) < 0) {
			xc_query_free(distinct_take(&d));
			return NULL;
		}
	}
	struct xc_query *all = distinct_take(&d);
	if (all == NULL)
		return NULL;
	struct xc_query *flat = xc_query_flatten(all, err);
	xc_query_free(all);
	return flat;
}

/* The query of one unit of a plain query (a word, or a phrase the synonym
 * list or glossary knows): one OP_SYNONYM of the unit, its equivalents and
 * its translations, so that a document in either language is weighed by
 * the statistics of the concept in both languages together (a common
 * English term does not drown its Dutch translation, which is rare in a
 * mostly English collection, nor the other way round), plus a bonus
 * (W_SAME_LANGUAGE) for the forms in the language typed, so that where
 * both match, those documents rank first. */
static struct xc_query *unit_query(struct search_db *db, const char *unit,
				   const struct analyze_entry *e, struct error **err)
{
	const char *forms[128];
	size_t n = 0;
	forms[n++] = unit;
	for (size_t i = 0; i < e->n_same && n < 64; i++)
		forms[n++] = e->same[i];
	size_t n_same = n;
	for (size_t i = 0; i < e->n_other && n < 128; i++)
		forms[n++] = e->other[i];
	struct xc_query *q = forms_query(db, forms, n, err);
	if (q == NULL || n == n_same)
		return q;
	struct xc_query *same = forms_query(db, forms, n_same, err);
	struct xc_query *s = same ? xc_query_scale(same, W_SAME_LANGUAGE, err) : NULL;
	xc_query_free(same);
	if (s == NULL) {
		xc_query_free(q);
		return NULL;
	}
	/* The forms typed are among all forms: AND_MAYBE matches and weighs
	 * like OR here, but reads them only for documents that already match,
	 * and not at all when they cannot change the ranking. */
	return combine_take(XC_OP_AND_MAYBE, q, s, err);
}

/* A query that is one quoted phrase of plain words ("best interests of the
 * child"): its words in order, adjacent, stopwords included, in each
 * language, as Xapian's parser would make it.  Where the index holds the
 * phrase as a term (search/phrases.h), that term; where it holds only the
 * looser form without stopwords, only the documents with that term are
 * checked.  NULL without *err when q is something else. */
static struct xc_query *quoted_phrase(struct search_db *db, const char *q, struct error **err)
{
	while (isspace((unsigned char)*q))
		q++;
	size_t len = strlen(q);
	while (len > 0 && isspace((unsigned char)q[len - 1]))
		len--;
	if (len < 3 || q[0] != '"' || q[len - 1] != '"' || len > 512)
		return NULL;
	char inner[512];
	memcpy(inner, q + 1, len - 2);
	inner[len - 2] = '\0';
	if (!plain_query(inner))
		return NULL;
	char words[ANALYZE_MAX_PHRASE + 1][ANALYZE_MAX_WORD];
	size_t nw = analyze_words(inner, words, ANALYZE_MAX_PHRASE + 1);
	if (nw < 2 || nw > ANALYZE_MAX_PHRASE)
		return NULL;  /* longer phrases: Xapian's parser */
	const char *langs[3];
	size_t nl = index_langs(db, langs);
	struct distinct d = { 0 };
	for (size_t i = 0; i < nl; i++) {
		const char *stemmer = lang_stemmer(langs[i]);
		char stems[ANALYZE_MAX_PHRASE][ANALYZE_MAX_WORD + 8];
		const char *terms[ANALYZE_MAX_PHRASE];
		for (size_t k = 0; k < nw; k++) {
			char *st = xc_stem(stemmer, words[k]);
			const char *w = st ? st : words[k];
			stems[k][0] = 'Z';
			snprintf(stems[k] + 1, sizeof(stems[k]) - 1, "%.*s", ANALYZE_MAX_WORD, w);
			free(st);
			terms[k] = stems[k];
		}
		struct phrase_pattern *pp = malloc(sizeof(*pp));
		if (pp == NULL)
			abort();
		/* The phrase exactly as a term; else its words' positions,
		 * checked only where the looser phrase term is. */
		int exact = phrase_pattern(inner, stemmer, 1, pp) == 0 &&
			    phrase_set_has(db->phrases, pp->term);
		struct xc_query *ph = exact ? xc_query_term(pp->term, 1, err)
					    : xc_query_phrase(terms, nw, 0, err);
		if (ph == NULL) {
			free(pp);
			xc_query_free(distinct_take(&d));
			return NULL;
		}
		if (!exact && phrase_pattern(inner, stemmer, 0, pp) == 0 &&
		    phrase_set_has(db->phrases, pp->term)) {
			struct xc_query *t = xc_query_term(pp->term, 1, err);
			if (t == NULL)
				xc_query_free(ph);
			ph = t ? combine_take(XC_OP_FILTER, ph, t, err) : NULL;
		}
		free(pp);
		if (ph == NULL || distinct_add(&d, XC_OP_OR, ph, err) < 0) {
			xc_query_free(distinct_take(&d));
			return NULL;
		}
	}
	return distinct_take(&d);
}

static int is_article_word(const char *w)
{
	return strcmp(w, "artikel") == 0 || strcmp(w, "article") == 0 || strcmp(w, "art") == 0;
}

/* Parses a query of words: splits it into units (the longest phrases the
 * synonym list and glossary know, else single words; stopwords outside
 * phrases are dropped) and ORs the units' queries. */
static struct xc_query *parse_words(struct search_db *db, const char *words, char **corrected,
				    struct error **err)
{
	if (!plain_query(words)) {
		struct xc_query *q = quoted_phrase(db, words, err);
		if (q == NULL && (err == NULL || *err == NULL))
			return parse_words_xapian(db, words, corrected, err);
		return q;
	}
	if (corrected) {
		/* Only for the spelling suggestion. */
		struct xc_query *q = parse_words_xapian(db, words, corrected, err);
		if (q == NULL)
			return NULL;
		xc_query_free(q);
	}
	/* A broken data file must not stop searching: without it, words are
	 * searched as typed. */
	const struct analyze *an = search_ctx_analyze(db->ctx);
	char w[64][ANALYZE_MAX_WORD];
	size_t n = analyze_words(words, w, 64);
	const char *wp[64];
	for (size_t i = 0; i < n; i++)
		wp[i] = w[i];
	struct xc_query *all = NULL;
	for (size_t i = 0; i < n;) {
		/* "artikel 12 (IVRK)", "article 37": the article's citation term,
		 * weighted by how often a document cites it, instead of the
		 * number as a word. */
		if (i + 1 < n && is_article_word(w[i]) && w[i + 1][0] >= '1' && w[i + 1][0] <= '9' &&
		    strlen(w[i + 1]) <= 2) {
			char spec[32];
			snprintf(spec, sizeof(spec), "%s:%s",
				 i + 2 < n && (strcmp(w[i + 2], "evrm") == 0 || strcmp(w[i + 2], "echr") == 0)
					 ? "ECHR" : "CRC", w[i + 1]);
			struct cite c;
			char terms[6][64];
			int nt;
			if (cite_parse_article(spec, &c) == 0 && (nt = cite_article_terms(&c, terms, 6)) > 0) {
				struct xc_query *t = xc_query_term(terms[nt - 1], 1, err);
				struct xc_query *st = t ? xc_query_scale(t, W_ARTICLE, err) : NULL;
				xc_query_free(t);
				if (st == NULL) {
					xc_query_free(all);
					return NULL;
				}
				all = all ? combine_take(XC_OP_OR, all, st, err) : st;
				if (all == NULL) {
					return NULL;
				}
				i += 2;
				continue;
			}
		}
		struct analyze_entry e;
		size_t span = analyze_lookup(an, wp + i, n - i, &e);
		char unit[ANALYZE_MAX_PHRASE * ANALYZE_MAX_WORD];
		if (span == 0) {
			span = 1;
			if (lang_is_stopword(w[i], strlen(w[i]))) {
				i++;
				continue;
			}
		}
		unit[0] = '\0';
		for (size_t k = 0; k < span; k++) {
			if (k)
				strcat(unit, " ");
			strcat(unit, w[i + k]);
		}
		struct xc_query *q = unit_query(db, unit, &e, err);
		/* A phrase's words, each with what the lists know of it alone. */
		for (size_t k = 0; q && span > 1 && k < span; k++) {
			if (lang_is_stopword(w[i + k], strlen(w[i + k])))
				continue;
			struct analyze_entry we;
			if (analyze_lookup(an, wp + i + k, 1, &we) == 0)
				memset(&we, 0, sizeof(we));
			struct xc_query *wq = unit_query(db, w[i + k], &we, err);
			struct xc_query *sq = wq ? xc_query_scale(wq, W_PHRASE_WORD, err) : NULL;
			xc_query_free(wq);
			if (sq == NULL) {
				xc_query_free(q);
				q = NULL;
				break;
			}
			q = combine_take(XC_OP_OR, q, sq, err);
		}
		i += span;
		if (q == NULL || (all = all ? combine_take(XC_OP_OR, all, q, err) : q) == NULL) {
			xc_query_free(all);
			return NULL;
		}
	}
	if (all == NULL)
		return xc_query_combine(XC_OP_OR, NULL, NULL, err);
	return all;
}

static struct xc_query *term_filter(const char *prefix, const char *value, struct error **err)
{
	char term[200];
	if (snprintf(term, sizeof(term), "%s%s", prefix, value) >= (int)sizeof(term)) {
		error_set(err, ERR_INPUT, "filter value too long");
		return NULL;
	}
	return xc_query_term(term, 1, err);
}

static int valid_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 40)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return 0;
	return 1;
}

struct term_list {
	char **t;
	size_t n;
	double idf[256]; /* each term's weight for choosing pages (once a query) */
};

struct built {
	struct xc_query *q;       /* the whole query */
	struct xc_query *words;   /* the word part (may be NULL) */
	struct xc_mset *hl;       /* statistics of the words' terms, for snippets */
	struct term_list *terms;  /* the words' content terms */
	char art_terms[SEARCH_MAX_ARTICLES][64];
	size_t n_art;             /* art_terms: the filters, then those in the words */
	size_t n_art_filter;      /* of which filters (ANDed, or ORed: articles_any) */
	int has_words;
	struct query_cites qc;    /* citations typed in the words */
	char *rest_words;         /* the words without them */
};

static void built_clear(struct built *b);

/* A known item's weight: far above any words' (see known_items). */
#define W_KNOWN 500.0
/* A case name's title match. */
#define W_CASE_NAME 50.0

/* 1 when words read like a case name or a document's short name: every
 * word capitalised, or a connecting "v.", "v", "c.", "tegen", "and". */
static int looks_like_name(const char *w)
{
	int n = 0;
	char tok[64];
	for (const char *p = w; *p;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		const char *s = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		size_t len = (size_t)(p - s);
		if (len == 0)
			break;
		if (len >= sizeof(tok))
			return 0;
		memcpy(tok, s, len);
		tok[len] = '\0';
		if (strcmp(tok, "v.") == 0 || strcmp(tok, "v") == 0 || strcmp(tok, "c.") == 0 ||
		    strcmp(tok, "tegen") == 0 || strcmp(tok, "and") == 0 || strcmp(tok, "others") == 0)
			continue;
		if (!isupper((unsigned char)tok[0]))
			return 0;
		n++;
	}
	return n > 0 && n <= 6;
}

struct comm_find {
	char suffix[40];   /* "/D/12/2017" */
	char ident[64];    /* the first symbol ending so */
	int n;
};

static int find_comm(void *ctx, const char *term, size_t len, unsigned freq)
{
	(void)freq;
	struct comm_find *cf = ctx;
	size_t sl = strlen(cf->suffix), pl = strlen(PFX_IDENT);
	if (len > sl + pl && len - pl < sizeof(cf->ident) &&
	    memcmp(term + len - sl, cf->suffix, sl) == 0) {
		memcpy(cf->ident, term + pl, len - pl);
		cf->ident[len - pl] = '\0';
		cf->n++;
		return 1;
	}
	return 0;
}

/* Known items first: the documents whose own identifier was typed
 * (b->qc.idents: the document itself weighs W_KNOWN, those citing it count
 * as matches), and, for words that read like a name, the few documents
 * (at most 3) whose title holds every one of them ("D.H. v. Czech
 * Republic", "Catan").  ORed into the words. */
static int known_items(struct search_db *db, struct built *b, struct error **err)
{
	struct xc_query *known = NULL;
	for (size_t i = 0; i < b->qc.n_idents; i++) {
		char t[96];
		if (strncmp(b->qc.idents[i], "COMM:", 5) == 0) {
			/* A communication number: the Views "…/D/12/2017". */
			struct comm_find cf = { .n = 0 };
			snprintf(cf.suffix, sizeof(cf.suffix), "/D/%s", b->qc.idents[i] + 5);
			xc_reader_allterms(db->r, PFX_IDENT "CRC/C/", find_comm, &cf, NULL);
			/* Not in the collection: the term matches nothing, so the
			 * query does not fall back to every document. */
			if (cf.n > 0)
				snprintf(b->qc.idents[i], sizeof(b->qc.idents[i]), "%s", cf.ident);
		}
		snprintf(t, sizeof(t), PFX_IDENT "%s", b->qc.idents[i]);
		struct xc_query *self = xc_query_term(t, 1, err);
		struct xc_query *ss = self ? xc_query_scale(self, W_KNOWN, err) : NULL;
		xc_query_free(self);
		snprintf(t, sizeof(t), PFX_CITES "%s", b->qc.idents[i]);
		struct xc_query *citing = ss ? xc_query_term(t, 1, err) : NULL;
		struct xc_query *one = citing ? combine_take(XC_OP_OR, ss, citing, err) : NULL;
		if (citing == NULL)
			xc_query_free(ss);
		if (one == NULL || (known = known ? combine_take(XC_OP_OR, known, one, err) : one) == NULL) {
			xc_query_free(known);
			return -1;
		}
	}
	const char *w = b->rest_words;
	if (b->qc.n_idents == 0 && b->has_words && plain_query(w) && looks_like_name(w)) {
		/* Every word in the title: "title:D.H. AND title:Czech …". */
		struct buf tq = BUF_INIT;
		char tok[64];
		for (const char *p = w; *p;) {
			while (*p && isspace((unsigned char)*p))
				p++;
			const char *s = p;
			while (*p && !isspace((unsigned char)*p))
				p++;
			size_t len = (size_t)(p - s);
			if (len == 0 || len >= sizeof(tok))
				continue;
			memcpy(tok, s, len);
			tok[len] = '\0';
			if (!isupper((unsigned char)tok[0]) || lang_is_stopword(tok, len))
				continue;
			buf_addf(&tq, "%stitle:%s", tq.len ? " AND " : "", tok);
		}
		struct xc_query *t = NULL;
		if (tq.len) /* stemmed as titles are indexed, in each language */
			t = parse_words_xapian(db, buf_str(&tq), NULL, NULL);
		buf_free(&tq);
		if (t && !xc_query_is_empty(t)) {
			struct xc_run_opts o = { .limit = 0, .check_at_least = 10, .sort_slot = -1,
						 .collapse_slot = -1 };
			struct xc_mset *m = xc_enquire(db->r, t, &o, NULL);
			unsigned n = m ? xc_mset_estimated(m) : 0;
			xc_mset_free(m);

			if (n >= 1 && n <= 3) {
				struct xc_query *st = xc_query_scale(t, W_CASE_NAME, err);
				if (st == NULL) {
					xc_query_free(t);
					xc_query_free(known);
					return -1;
				}
				known = known ? combine_take(XC_OP_OR, known, st, err) : st;
				if (known == NULL) {
					xc_query_free(t);
					return -1;
				}
			}
		}
		xc_query_free(t);
	}
	if (known == NULL)
		return 0;
	if (b->words) {
		b->words = combine_take(XC_OP_OR, b->words, known, err);
		if (b->words == NULL)
			return -1;
	} else {
		b->words = known;
	}
	b->has_words = 1;
	return 0;
}

static int build_query(struct search_db *db, const struct search_req *req, struct built *b,
		       struct error **err)
{
	char specs[SEARCH_MAX_ARTICLES][64];
	size_t n_specs = 0;
	struct buf words = BUF_INIT;
	const char *q = req->q ? req->q : "";
	memset(b, 0, sizeof(*b));

	if (strlen(q) > SEARCH_MAX_QUERY)
		return error_set(err, ERR_QUERY, "query too long (at most %d bytes)",
				 SEARCH_MAX_QUERY);
	if (!util_utf8_valid(q, strlen(q)))
		return error_set(err, ERR_QUERY, "query is not valid UTF-8");
	/* outcome:, state:, area: filters (search/query_facts.h) */
	struct query_facts qf;
	char qrest[SEARCH_MAX_QUERY + 1];
	struct buf qb = BUF_INIT;
	int qfrc = query_facts_split(q, &qb, &qf, err);
	snprintf(qrest, sizeof(qrest), "%s", buf_str(&qb));
	buf_free(&qb);
	if (qfrc < 0)
		return -1;
	q = qrest;
	for (size_t i = 0; i < req->n_articles && i < SEARCH_MAX_ARTICLES; i++) {
		if (strlen(req->articles[i]) >= 64)
			return error_set(err, ERR_INPUT, "article too long");
		snprintf(specs[n_specs++], 64, "%s", req->articles[i]);
	}
	/* Field values as the index holds them; art: terms either taken out
	 * as filters (a query without operators) or left in to combine with
	 * AND, OR, NOT and brackets like any term (their terms noted for the
	 * passages). */
	int keep_art = has_operators(q);
	char q_arts[SEARCH_MAX_ARTICLES][64];
	size_t n_q_arts = 0;
	struct buf fixed = BUF_INIT;
	if (rewrite_fields(q, keep_art, &fixed, q_arts, &n_q_arts, err) < 0 ||
	    (keep_art ? (buf_adds(&words, buf_str(&fixed)), 0)
		      : split_articles(buf_str(&fixed), &words, specs, &n_specs, err)) < 0) {
		buf_free(&fixed);
		buf_free(&words);
		return -1;
	}
	buf_free(&fixed);
	/* Citations typed as lawyers write them: "art. 3 lid 1 IVRK" is the
	 * article's filter, "General Comment No. 14" or an ECLI a known item;
	 * the rest are words.  Not in queries with operators, nor when the
	 * words were asked for as plain words. */
	if (!keep_art && !req->literal) {
		struct buf rest = BUF_INIT;
		if (query_cites_read(buf_str(&words), &rest, &b->qc, err) < 0) {
			buf_free(&rest);
			buf_free(&words);
			return -1;
		}
		for (size_t i = 0; i < b->qc.n_specs && n_specs < SEARCH_MAX_ARTICLES; i++)
			snprintf(specs[n_specs++], 64, "%s", b->qc.specs[i]);
		buf_free(&words);
		words = rest;
	}
	for (size_t i = 0; i < n_specs; i++) {
		struct cite c;
		char terms[6][64];
		if (cite_parse_article(specs[i], &c) < 0) {
			buf_free(&words);
			return error_set(err, ERR_QUERY,
					 "\"%s\" is not an article (try 3, 3.1, 37.b or OPSC:2)",
					 specs[i]);
		}
		int nt = cite_article_terms(&c, terms, 6);
		if (nt <= 0) {
			buf_free(&words);
			return error_set(err, ERR_QUERY, "\"%s\" is not an article", specs[i]);
		}
		snprintf(b->art_terms[b->n_art++], 64, "%s", terms[nt - 1]);
	}
	b->n_art_filter = b->n_art;
	for (size_t i = 0; qf.violation && i < b->n_art; i++) /* art. found violated */
		query_facts_violated_term(b->art_terms[i], b->art_terms[i], sizeof(b->art_terms[i]));
	for (size_t i = 0; i < n_q_arts && b->n_art < SEARCH_MAX_ARTICLES; i++)
		snprintf(b->art_terms[b->n_art++], 64, "%s", q_arts[i]);

	/* Words. */
	const char *w = buf_str(&words);
	while (*w && isspace((unsigned char)*w))
		w++;
	if (*w) {
		b->words = parse_words(db, w, NULL, err);
		if (b->words == NULL) {
			buf_free(&words);
			return -1;
		}
		b->has_words = !xc_query_is_empty(b->words);
	}
	b->rest_words = strdup(w);
	buf_free(&words);
	if (b->rest_words == NULL)
		abort();
	if (known_items(db, b, err) < 0) {
		built_clear(b);
		return -1;
	}

	struct xc_query *main = NULL;
	if (b->has_words) {
		main = xc_query_combine(XC_OP_AND, b->words, NULL, err);
		if (main == NULL)
			return -1;
	}
	/* Article filters: all of them, or (req->articles_any) any. */
	struct xc_query *arts = NULL;
	for (size_t i = 0; i < b->n_art_filter; i++) {
		struct xc_query *t = xc_query_term(b->art_terms[i], 1, err);
		if (t == NULL)
			goto fail;
		arts = arts ? combine_take(req->articles_any ? XC_OP_OR : XC_OP_AND, arts, t, err) : t;
		if (arts == NULL)
			goto fail;
	}
	if (arts) {
		main = main ? combine_take(XC_OP_AND, main, arts, err) : arts;
		if (main == NULL)
			goto fail;
	}
	if (main == NULL) {
		main = xc_query_all(err);
		if (main == NULL)
			goto fail;
	}
	for (size_t i = 0; i < qf.n; i++) {
		struct xc_query *f = xc_query_term(qf.terms[i], 1, err);
		if (f == NULL || (main = combine_take(XC_OP_FILTER, main, f, err)) == NULL)
			goto fail;
	}

	/* Filters. */
	struct {
		const char *prefix, *value, *what;
	} filters[] = {
		{ PFX_TYPE, req->type, "type" },
		{ PFX_COURT, req->court, "court" },
		{ PFX_LANG, req->lang, "language" },
	};
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		if (filters[i].value == NULL || *filters[i].value == '\0')
			continue;
		if (!valid_code(filters[i].value)) {
			error_set(err, ERR_INPUT, "invalid %s \"%.40s\"", filters[i].what,
				  filters[i].value);
			goto fail;
		}
		struct xc_query *f = term_filter(filters[i].prefix, filters[i].value, err);
		if (f == NULL || (main = combine_take(XC_OP_FILTER, main, f, err)) == NULL)
			goto fail;
	}
	if (req->year_from || req->year_to) {
		if (req->year_from < 0 || req->year_from > 9999 || req->year_to < 0 ||
		    req->year_to > 9999) {
			error_set(err, ERR_INPUT, "years must lie between 0 and 9999");
			goto fail;
		}
		char lo[8], hi[8];
		snprintf(lo, sizeof(lo), "%04d", req->year_from);
		snprintf(hi, sizeof(hi), "%04d\xff", req->year_to);
		struct xc_query *f = xc_query_value_range(VAL_DATE, req->year_from ? lo : "0",
							  req->year_to ? hi : NULL, err);
		if (f == NULL || (main = combine_take(XC_OP_FILTER, main, f, err)) == NULL)
			goto fail;
	}
	b->q = main;
	return 0;
fail:
	xc_query_free(main);
	built_clear(b);
	return -1;
}

/* ---- passages ---- */

/* The stemmer a document of lang was indexed with (search/docbuild.c:
 * English for languages kindex does not know). */
static const char *doc_stemmer(const char *lang)
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
static int prepare_highlight(struct search_db *db, struct built *b, struct error **err)
{
	b->terms = calloc(1, sizeof(*b->terms));
	if (b->terms == NULL || (b->terms->t = calloc(256, sizeof(char *))) == NULL)
		abort();
	xc_query_terms(b->words, collect_term, b->terms);
	double N = (double)xc_reader_doccount(db->r) + 1;
	for (size_t i = 0; i < b->terms->n; i++) {
		double idf = log(N / ((double)xc_reader_termfreq(db->r, b->terms->t[i]) + 0.5));
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

static void built_clear(struct built *b)
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

/* Chooses up to max pages where the query's terms occur most, weighting a
 * term by its rarity; anchors[k] is where on pages[k] they are densest. */
static int best_pages(struct search_db *db, unsigned id, const struct docdata *dd,
		      const struct term_list *tl, int *pages, unsigned *anchors, int max)
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
static char *page_passage(const struct built *b, const char *text, size_t len, unsigned anchor,
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
	size_t to = from + 6 * width + 1024;
	if (to >= len || from >= len) {
		to = len;
	} else {
		while (to < len && text[to] != ' ' && text[to] != '\n')
			to++;
	}
#define SNIPPET(t, l) \
	xc_mset_snippet(b->hl, (t), (l), width, stemmer, "<mark>", "</mark>", "…", NULL)
	if (from == 0 && to == len)
		return SNIPPET(text, len);
	char *html = SNIPPET(text + from, to - from);
	if (html == NULL || strstr(html, "<mark>") == NULL) {
		free(html);
		return SNIPPET(text, len);
	}
#undef SNIPPET
	/* Xapian marks what it left out of the stretch; mark what the
	 * stretch left out of the page. */
	size_t hl = strlen(html), el = strlen("…");
	int lead = from > 0 && strncmp(html, "…", el) != 0;
	int tail = to < len && (hl < el || strcmp(html + hl - el, "…") != 0);
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

static void add_passage(struct search_hit *h, int page, char *html)
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
static void article_passages(const struct built *b, struct docdata *dd,
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
		size_t start = 0, end = 0;
		if (json_object_object_get_ex(c, "start", &v))
			start = (size_t)json_object_get_int64(v);
		if (json_object_object_get_ex(c, "end", &v))
			end = (size_t)json_object_get_int64(v);
		const char *text;
		size_t len;
		if (docdata_page(dd, page, &text, &len) < 0 || start > end || end > len)
			continue;
		add_passage(h, page, window_html(text, len, start, end, width));
		last_page = page;
	}
}

/* Pinpoints: each passage names the paragraph it starts in, where the
 * document numbers its paragraphs (search/paras.h). */
static void hit_paras(struct docdata *dd, struct search_hit *h)
{
	if (h->n_passages == 0 || h->pages <= 0)
		return;
	int n = h->pages;
	const char **texts = calloc((size_t)n, sizeof(char *));
	size_t *lens = calloc((size_t)n, sizeof(size_t));
	if (texts == NULL || lens == NULL)
		abort();
	for (int pg = 1; pg <= n; pg++)
		if (docdata_page(dd, pg, &texts[pg - 1], &lens[pg - 1]) < 0) {
			texts[pg - 1] = "";
			lens[pg - 1] = 0;
		}
	struct para_marks pm = { 0 };
	paras_scan(texts, lens, n, &pm);
	for (size_t k = 0; k < h->n_passages && pm.n > 0; k++) {
		struct search_passage *ps = &h->passages[k];
		if (ps->page < 1 || ps->page > n || ps->text == NULL)
			continue;
		long off = paras_locate(texts[ps->page - 1], lens[ps->page - 1], ps->text);
		const char *num = off >= 0 ? paras_at(&pm, ps->page, (size_t)off) : NULL;
		if (num)
			snprintf(ps->para, sizeof(ps->para), "%s", num);
	}
	paras_free(&pm);
	free(texts);
	free(lens);
}

static char *strdup_or_empty(const char *s)
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
	p[(*n)++] = strdup_or_empty(s);
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
		    const struct xc_mset *m, unsigned i, struct search_hit *h, struct error **err)

{
	h->id = xc_mset_docid(m, i);
	h->score = xc_mset_weight(m, i);
	struct docdata dd;
	if (search_doc_load(db, h->id, &dd, err) < 0)
		return -1;
	h->path = strdup_or_empty(docdata_str(&dd, "path"));
	h->title = strdup_or_empty(docdata_str(&dd, "title"));
	h->lang = strdup_or_empty(docdata_str(&dd, "lang"));
	h->type = strdup_or_empty(docdata_meta(&dd, "type"));
	h->court = strdup_or_empty(docdata_meta(&dd, "court"));
	h->court_name = strdup_or_empty(docdata_meta(&dd, "court_name"));
	h->date = strdup_or_empty(docdata_meta(&dd, "date"));
	h->ident = strdup_or_empty(docdata_meta(&dd, "ident"));
	if (h->ident[0])
		h->cited_by = search_cited_count(db, h->ident);
	h->pages = (int)docdata_int(&dd, "pages");
	struct json_object *o;
	if (json_object_object_get_ex(dd.json, "notext", &o))
		h->notext = json_object_get_boolean(o);
	if (json_object_object_get_ex(dd.json, "articles", &o)) {
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
	if (json_object_object_get_ex(dd.json, "cites", &o))
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
	if (b->has_words && b->hl) {
		int pages[SEARCH_MAX_PASSAGES];
		unsigned anchors[SEARCH_MAX_PASSAGES];
		int np = best_pages(db, h->id, &dd, b->terms, pages, anchors, want);
		for (int k = 0; k < np; k++) {
			const char *text;
			size_t len;
			if (docdata_page(&dd, pages[k], &text, &len) < 0)
				continue;
			char *html = page_passage(b, text, len, anchors[k], width,
						  doc_stemmer(h->lang));
			add_passage(h, pages[k], html);
		}
	}
	if (h->n_passages == 0 && b->n_art > 0)
		article_passages(b, &dd, h, want, width);
	if (h->n_passages == 0 && h->pages > 0) {
		/* Words that only matched the title, or a filter-only search:
		 * the opening of the first page with text. */
		for (int pg = 1; pg <= h->pages; pg++) {
			const char *text;
			size_t len;
			if (docdata_page(&dd, pg, &text, &len) < 0 || len == 0)
				continue;
			size_t n = len < width ? len : width;
			while (n < len && ((unsigned char)text[n] & 0xC0) == 0x80)
				n++;
			struct buf hb = BUF_INIT;
			buf_add_html(&hb, text, n);
			if (n < len)
				buf_adds(&hb, "…");
			add_passage(h, pg, buf_detach(&hb));
			break;
		}
	}
	hit_paras(&dd, h);
	h->ocr_pages = (int)docdata_int(&dd, "ocr_pages");
	for (size_t k = 0; k < h->n_passages; k++)
		h->passages[k].ocr_conf = docdata_page_ocr(&dd, h->passages[k].page);
	docdata_close(&dd);
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
	for (size_t i = 0; i < sizeof(parse_langs) / sizeof(parse_langs[0]); i++) {
		char *stem = xc_stem(lang_stemmer(parse_langs[i]), word);
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
		if (!letters || lang_is_stopword(w[i], len) || is_article_word(w[i]) ||
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

unsigned search_doc_by_ident(struct search_db *db, const char *ident)
{
	char term[200], canon[160];
	/* The canonical form (search/ident.h) first; then as typed, upper
	 * case, for an index written before identifiers were canonical. */
	ident_canonical(ident, canon, sizeof(canon));
	int n = snprintf(term, sizeof(term), PFX_IDENT "%s", canon);
	if (n > 0 && (size_t)n < sizeof(term)) {
		unsigned id = xc_reader_find(db->r, term, NULL);
		if (id)
			return id;
	}
	n = snprintf(term, sizeof(term), PFX_IDENT "%s", ident);
	if (n <= 0 || (size_t)n >= sizeof(term))
		return 0;
	for (char *p = term + strlen(PFX_IDENT); *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return xc_reader_find(db->r, term, NULL);
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
	free_strs(res2->unknown, res2->n_unknown);
	res2->unknown = res->unknown;
	res2->n_unknown = res->n_unknown;
	res->unknown = NULL;
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
	if (build_query(db, req, &b, err) < 0)
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
		/* With facets, every match is counted anyway (exact totals):
		 * the ranking need only be sure of the page. */
		.check_at_least = req->offset + limit + (req->facets ? 0 : 100),
		.sort_slot = by_date ? (int)VAL_DATE : -1,
		.sort_descending = 1,
		.collapse_slot = VAL_DUPKEY,
		.facet_slots = req->facets ? sections : NULL,
		.n_facet_slots = req->facets ? SEARCH_N_FACETS : 0,
		.facet_packed_slot = VAL_FACETS,
		.facet_section_sep = FACET_SECTION_SEP,
		.facet_separator = '\n',
		.bm25_k1 = BM25_K1,
		.bm25_b = BM25_B,
	};
	struct xc_mset *m = NULL;
	if (b.has_words && prepare_highlight(db, &b, err) < 0)
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
	for (unsigned i = 0; i < n; i++) {
		if (fill_hit(db, req, &b, m, i, &res->hits[i], err) < 0)
			goto fail;
		res->n_hits = i + 1;
	}
	double t3 = util_now_ms();
	res->ms_hits = t3 - t2;
	if (xc_mset_wait(m, err) < 0)
		goto fail;
	res->ms_count = util_now_ms() - t3;
	res->total = xc_mset_estimated(m);
	if (b.has_words && req->q)
		find_unknown(db, req->q, res);
	if (b.has_words && (res->total < 5 || res->n_unknown > 0) && req->q)
		res->corrected = suggest_spelling(db, req->q);
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
	built_clear(&b);
	res->ms = util_now_ms() - t0;
	return res;
fail:
	xc_mset_free(m);
	built_clear(&b);
	search_result_free(res);
	return NULL;
}

static void free_strs(char **s, size_t n)
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
		free_strs(h->articles, h->n_articles);
		free_strs(h->cites, h->n_cites);
		free_strs(h->dups, h->n_dups);
		for (size_t k = 0; k < h->n_passages; k++) {
			free(h->passages[k].html);
			free(h->passages[k].text);
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
	free_strs(res->unknown, res->n_unknown);
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

/* {"nl": …, "en": …}: how document id cites itself at the passage ps (NULL:
 * the document as a whole); NULL when the document cannot be read. */
static struct json_object *cite_as_json(const struct citeas *cs, struct search_db *db,
					unsigned id, const struct search_passage *ps)
{
	struct citeas_pin pin = { .para = ps ? ps->para : NULL, .page = ps ? ps->page : 0 };
	struct json_object *o = json_object_new_object();
	static const char *const langs[] = { "nl", "en" };
	for (int i = 0; i < 2; i++) {
		char *s = citeas_doc(cs, db, id, langs[i], ps ? &pin : NULL, NULL);
		if (s == NULL) {
			json_object_put(o);
			return NULL;
		}
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
	if (res->n_unknown)
		json_object_object_add(root, "unknown", jstrs(res->unknown, res->n_unknown));
	if (res->instead_of)
		json_object_object_add(root, "instead_of", jstr(res->instead_of));
	if (res->understood) {
		json_object_object_add(root, "understood", jstr(res->understood));
		json_object_object_add(root, "understood_en", jstr(res->understood_en));
	}
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
			if (cs != NULL && db != NULL)
				json_object_object_add(p, "cite_as",
						       cite_as_json(cs, db, h->id, &h->passages[k]));
			json_object_array_add(ps, p);
		}
		if (h->n_passages > 0)
			json_object_object_add(o, "snippet",
					       json_object_get(json_object_array_get_idx(ps, 0)));
		else
			json_object_object_add(o, "snippet", NULL);
		json_object_object_add(o, "passages", ps);
		if (cs != NULL && db != NULL)
			json_object_object_add(o, "cite_as",
					       cite_as_json(cs, db, h->id,
							    h->n_passages ? &h->passages[0] : NULL));
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

/* ---- one document ---- */

int search_doc_load(struct search_db *db, unsigned id, struct docdata *dd, struct error **err)
{
	size_t len;
	if (id == 0 || id > xc_reader_lastdocid(db->r))
		return error_set(err, ERR_NOTFOUND, "no document %u", id);
	char *raw = xc_reader_data(db->r, id, &len, err);
	if (raw == NULL)
		return -1;
	if (docdata_open(dd, raw, len, err) < 0)
		return -1;
	docdata_use_store(dd, db->r);
	return 0;
}

unsigned search_doc_by_path(struct search_db *db, const char *path)
{
	char term[40];
	snprintf(term, sizeof(term), PFX_ID);
	util_hash_hex(path, strlen(path), term + strlen(PFX_ID));
	return xc_reader_find(db->r, term, NULL);
}

char *search_highlight(struct search_db *db, const char *q, const char *text, size_t len,
		       const char *lang, struct error **err)
{
	struct search_req req = { .q = q, .limit = 1 };
	struct built b = { 0 };
	char *html = NULL;
	if (q != NULL && *q != '\0') {
		if (build_query(db, &req, &b, err) < 0)
			return NULL;
		if (b.has_words && prepare_highlight(db, &b, err) == 0)
			html = xc_mset_snippet(b.hl, text, len, len + 16, doc_stemmer(lang),
					       "<mark>", "</mark>", "", err);
		int failed = b.has_words && html == NULL;
		built_clear(&b);
		if (failed)
			return NULL;
	}
	if (html == NULL) {
		struct buf hb = BUF_INIT;
		buf_add_html(&hb, text, len);
		html = buf_detach(&hb);
	}
	return html;
}

void search_doc_list_clear(struct search_doc_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].title);
		free(l->items[i].date);
		free(l->items[i].ident);
		free(l->items[i].type);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static int list_from_mset(struct search_db *db, const struct xc_mset *m, unsigned skip,
			  size_t max, struct search_doc_list *out, struct error **err)
{
	for (unsigned i = 0; i < xc_mset_size(m) && out->n < max; i++) {
		unsigned id = xc_mset_docid(m, i);
		if (id == skip)
			continue;
		struct docdata dd;
		if (search_doc_load(db, id, &dd, err) < 0)
			return -1;
		struct search_doc_ref *p = realloc(out->items, (out->n + 1) * sizeof(*p));
		if (p == NULL)
			abort();
		out->items = p;
		p[out->n].id = id;
		p[out->n].title = strdup_or_empty(docdata_str(&dd, "title"));
		p[out->n].date = strdup_or_empty(docdata_meta(&dd, "date"));
		p[out->n].ident = strdup_or_empty(docdata_meta(&dd, "ident"));
		p[out->n].type = strdup_or_empty(docdata_meta(&dd, "type"));
		out->n++;
		docdata_close(&dd);
	}
	return 0;
}

unsigned search_cited_count(struct search_db *db, const char *ident)
{
	char id[200], term[220];
	ident_canonical(ident, id, sizeof(id));
	snprintf(term, sizeof(term), PFX_CITES "%s", id);
	return xc_reader_termfreq(db->r, term);
}

int search_cited_by(struct search_db *db, const char *ident, size_t max,
		    struct search_doc_list *out, struct error **err)
{
	if (ident == NULL || *ident == '\0')
		return 0;
	char id[200];
	ident_canonical(ident, id, sizeof(id));
	struct xc_query *q = term_filter(PFX_CITES, id, err);
	if (q == NULL)
		return -1;
	struct xc_run_opts o = { .limit = (unsigned)max, .sort_slot = VAL_DATE,
				 .sort_descending = 1, .collapse_slot = VAL_DUPKEY,
				 .check_at_least = SEARCH_MAX_OFFSET };
	struct xc_mset *m = xc_enquire(db->r, q, &o, err);
	xc_query_free(q);
	if (m == NULL)
		return -1;
	out->total = xc_mset_estimated(m);
	int rc = list_from_mset(db, m, 0, max, out, err);
	xc_mset_free(m);
	return rc;
}

int search_more_like_this(struct search_db *db, unsigned id, size_t max,
			  struct search_doc_list *out, struct error **err)
{
	xc_docid docs[1] = { id };
	struct xc_query *q = xc_expand(db->r, docs, 1, 40, err);
	if (q == NULL)
		return -1;
	struct xc_run_opts o = { .limit = (unsigned)max + 1, .sort_slot = -1,
				 .collapse_slot = VAL_DUPKEY };
	struct xc_mset *m = xc_enquire(db->r, q, &o, err);
	xc_query_free(q);
	if (m == NULL)
		return -1;
	int rc = list_from_mset(db, m, id, max, out, err);
	xc_mset_free(m);
	return rc;
}

unsigned search_article_count(struct search_db *db, const char *inst, int art)
{
	char term[64];
	snprintf(term, sizeof(term), PFX_ARTICLE "%s:%d", inst, art);
	return xc_reader_termfreq(db->r, term);
}
