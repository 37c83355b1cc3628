/* query.c - from a request to a Xapian query.
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
 */
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
#include "search/search_int.h"
#include "search/xlate.h"


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

/* 1 when p starts with one of the words ops (NULL-terminated), ending
 * there or at a space. */
static int word_of(const char *p, const char *const *ops)
{
	for (int i = 0; ops[i]; i++) {
		size_t n = strlen(ops[i]);
		if (strncmp(p, ops[i], n) == 0 && (p[n] == '\0' || isspace((unsigned char)p[n])))
			return 1;
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
		if (word_of(p, ops))
			return 1;
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
		search_free_strs(d->descs, d->n);
		memset(d, 0, sizeof(*d));
		return -1;
	}
	return 0;
}

/* The combined query (NULL when none was added); d is empty afterwards. */
static struct xc_query *distinct_take(struct distinct *d)
{
	struct xc_query *q = d->all;
	search_free_strs(d->descs, d->n);
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
	for (size_t i = 0; i < sizeof(search_parse_langs) / sizeof(search_parse_langs[0]); i++) {
		const char *lang = search_parse_langs[i];
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

/* Adds the number of documents holding term to the count in ctx. */
static int sum_freq(void *ctx, const char *term, size_t len, unsigned freq)
{
	(void)freq;
	struct { struct search_db *db; unsigned long n; } *c = ctx;
	char t[ANALYZE_MAX_WORD * 2];
	if (len < sizeof(t)) {
		memcpy(t, term, len);
		t[len] = '\0';
		c->n += xc_reader_termfreq(c->db->r, t);
	}
	return 0;
}

/* 1 when no document holds any term of q (a word in none of its forms). */
static int query_matches_nothing(struct search_db *db, const struct xc_query *q)
{
	struct { struct search_db *db; unsigned long n; } c = { db, 0 };
	xc_query_terms(q, sum_freq, &c);
	return c.n == 0;
}

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
		if (word_of(p, ops))
			return 0;
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
	for (size_t i = 0; i < sizeof(search_parse_langs) / sizeof(search_parse_langs[0]); i++) {
		char lt[8];
		snprintf(lt, sizeof(lt), PFX_LANG "%s", search_parse_langs[i]);
		if (i == 0 || xc_reader_termfreq(db->r, lt) > 0)
			langs[n++] = search_parse_langs[i];
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
			/* A word of a-z: its term without a query parser. */
			char wt[ANALYZE_MAX_WORD + 8];
			int wl = xc_word_term(lang_stemmer(langs[i]), form, wt, sizeof(wt));
			if (wl >= 0) {
				collect_set(&ts, wt, (size_t)wl, 0);
				continue;
			}
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

int search_is_article_word(const char *w)
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
		if (i + 1 < n && search_is_article_word(w[i]) && w[i + 1][0] >= '1' && w[i + 1][0] <= '9' &&
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
		/* A word that no document holds in any form and the lists do not
		 * know ("elektriciteit" in a mostly English collection): a general
		 * dictionary's translations stand in for it (search/xlate.h).  Only
		 * then: for words the index holds, the translations did not change
		 * the ranking of the tuning queries (bench/ranking-README.md), and
		 * the dictionary knows wrong senses as well as right ones. */
		const char *tr[XLATE_MAX];
		size_t ntr = q && span == 1 && e.n_same + e.n_other == 0 && query_matches_nothing(db, q)
				     ? xlate_nl_en(w[i], tr, XLATE_MAX) : 0;
		if (ntr > 0) {
			struct xc_query *tq = forms_query(db, tr, ntr, err);
			q = tq ? combine_take(XC_OP_OR, q, tq, err) : (xc_query_free(q), NULL);
		}
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

struct xc_query *search_term_filter(const char *prefix, const char *value, struct error **err)
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

int search_build_query(struct search_db *db, const struct search_req *req, struct built *b,
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
		search_built_clear(b);
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
		struct xc_query *f = search_term_filter(filters[i].prefix, filters[i].value, err);
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
	search_built_clear(b);
	return -1;
}
