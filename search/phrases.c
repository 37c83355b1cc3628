/* phrases.c - multi-word terms of the data files as single index terms (see
 * phrases.h).  A set is a sorted array of patterns, searched by bsearch. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/lang.h"
#include "search/phrases.h"
#include "base/util.h"
#include "search/xapian_c.h"
#include "base/xalloc.h"

struct phrase_set {
	struct phrase_pattern *p;
	size_t n, cap;
	/* A set read back from META_PHRASES holds terms only: pointers into
	 * its own copy of the text (p stays NULL).  A search opens one per
	 * index, so it costs a scan of the text, not a pattern (~1 kB) per
	 * term. */
	char *text;
	char **terms;
};

int phrase_pattern(const char *form, const char *stem_lang, int exact, struct phrase_pattern *p)
{
	char words[ANALYZE_MAX_PHRASE][ANALYZE_MAX_WORD];
	size_t nw = analyze_words(form, words, ANALYZE_MAX_PHRASE);
	memset(p, 0, sizeof(*p));
	for (size_t k = 0; k < nw; k++) {
		if (!exact && lang_is_stopword(words[k], strlen(words[k])))
			continue;
		char *stem = xc_stem(stem_lang, words[k]);
		if (stem == NULL || *stem == '\0') {
			free(stem);
			continue;
		}
		snprintf(p->stems[p->n], sizeof(p->stems[p->n]), "Z%s", stem);
		free(stem);
		p->n++;
	}
	if (p->n < 2 || (exact && p->n != nw))
		return -1;
	p->window = p->n == nw ? 0 : (unsigned)nw;
	struct buf b = BUF_INIT;
	buf_addf(&b, PFX_PHRASE "%u:", p->window);
	for (size_t i = 0; i < p->n; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, p->stems[i] + 1);
	}
	int fits = b.len < sizeof(p->term);
	if (fits)
		memcpy(p->term, buf_str(&b), b.len + 1);
	buf_free(&b);
	return fits ? 0 : -1;
}

static int cmp_pattern(const void *a, const void *b)
{
	return strcmp(((const struct phrase_pattern *)a)->term,
		      ((const struct phrase_pattern *)b)->term);
}

static struct phrase_set *set_new(void)
{
	return xcalloc(1, sizeof(struct phrase_set));
}

static struct phrase_pattern *set_push(struct phrase_set *s)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->p = xreallocarray(s->p, s->cap, sizeof(*s->p));
	}
	return &s->p[s->n++];
}

/* Sorts s and drops repeated terms. */
static void set_finish(struct phrase_set *s)
{
	if (s->n == 0)
		return;
	qsort(s->p, s->n, sizeof(*s->p), cmp_pattern);
	size_t k = 1;
	for (size_t i = 1; i < s->n; i++)
		if (strcmp(s->p[i].term, s->p[k - 1].term) != 0)
			s->p[k++] = s->p[i];
	s->n = k;
}

struct build_ctx {
	struct phrase_set *s;
	const char *const *stemmers;
	size_t n;
};

static int add_form(void *ctx, const char *phrase)
{
	struct build_ctx *c = ctx;
	for (size_t i = 0; i < c->n; i++)
		for (int exact = 0; exact < 2; exact++) {
			struct phrase_pattern pp;
			if (phrase_pattern(phrase, c->stemmers[i], exact, &pp) == 0)
				*set_push(c->s) = pp;
		}
	return 0;
}

struct phrase_set *phrase_set_build(const struct analyze *a, const char *const *stemmers,
				    size_t n)
{
	struct build_ctx c = { set_new(), stemmers, n };
	analyze_each_phrase(a, add_form, &c);
	set_finish(c.s);
	return c.s;
}

static int cmp_term(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct phrase_set *phrase_set_parse(const char *text, size_t len)
{
	struct phrase_set *s = set_new();
	s->text = xmalloc(len + 1);
	memcpy(s->text, text, len);
	s->text[len] = '\0';
	size_t lines = 1;
	for (const char *q = s->text; (q = memchr(q, '\n', (size_t)(s->text + len - q))); q++)
		lines++;
	s->terms = xcalloc(lines, sizeof(char *));
	int sorted = 1;
	char *p = s->text, *end = s->text + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		p[n] = '\0';
		if (n > 0 && n < PHRASE_MAX_TERM && strlen(p) == n) {
			if (s->n > 0 && strcmp(s->terms[s->n - 1], p) >= 0)
				sorted = 0;
			s->terms[s->n++] = p;
		}
		p += n + 1;
	}
	/* The indexer writes them sorted and once each; anything else is put
	 * right here. */
	if (!sorted && s->n > 1) {
		qsort(s->terms, s->n, sizeof(char *), cmp_term);
		size_t k = 1;
		for (size_t i = 1; i < s->n; i++)
			if (strcmp(s->terms[i], s->terms[k - 1]) != 0)
				s->terms[k++] = s->terms[i];
		s->n = k;
	}
	return s;
}

void phrase_set_free(struct phrase_set *s)
{
	if (s == NULL)
		return;
	free(s->p);
	free(s->text);
	free(s->terms);
	free(s);
}

size_t phrase_set_size(const struct phrase_set *s)
{
	return s ? s->n : 0;
}

const struct phrase_pattern *phrase_set_get(const struct phrase_set *s, size_t i)
{
	return s && s->p && i < s->n ? &s->p[i] : NULL;
}

int phrase_set_has(const struct phrase_set *s, const char *term)
{
	if (s == NULL || s->n == 0 || strlen(term) >= PHRASE_MAX_TERM)
		return 0;
	if (s->terms)
		return bsearch(&term, s->terms, s->n, sizeof(char *), cmp_term) != NULL;
	struct phrase_pattern *probe = xmalloc(sizeof(*probe));
	strcpy(probe->term, term);
	int found = bsearch(probe, s->p, s->n, sizeof(*s->p), cmp_pattern) != NULL;
	free(probe);
	return found;
}

char *phrase_set_format(const struct phrase_set *s, const struct phrase_set *other)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "");
	for (size_t i = 0; s && i < s->n; i++) {
		const char *t = s->terms ? s->terms[i] : s->p[i].term;
		if (other == NULL || phrase_set_has(other, t)) {
			buf_adds(&b, t);
			buf_addc(&b, '\n');
		}
	}
	return buf_detach(&b);
}

struct phrase_counter {
	struct phrase_set *set;
	struct xc_phrases *xp;      /* the same, prepared for counting */
};

struct phrase_counter *phrase_counter_new(const struct analyze *a)
{
	static const char *const stemmers[] = { "dutch", "english", "french" };
	struct phrase_counter *pc = xcalloc(1, sizeof(*pc));
	struct phrase_set *set = pc->set = phrase_set_build(a, stemmers, 3);
	struct xc_phrase *ph = xcalloc(set->n ? set->n : 1, sizeof(*ph));
	const char **terms = xcalloc(set->n * ANALYZE_MAX_PHRASE + 1, sizeof(*terms));
	for (size_t i = 0; i < set->n; i++) {
		const struct phrase_pattern *pp = &set->p[i];
		const char **t = terms + i * ANALYZE_MAX_PHRASE;
		for (size_t k = 0; k < pp->n; k++)
			t[k] = pp->stems[k];
		ph[i] = (struct xc_phrase){ t, pp->n, pp->window };
	}
	pc->xp = xc_phrases_new(ph, set->n, NULL);
	if (pc->xp == NULL)
		xalloc_die(); /* its only failure */
	free(ph);
	free(terms);
	return pc;
}

void phrase_counter_free(struct phrase_counter *pc)
{
	if (pc == NULL)
		return;
	phrase_set_free(pc->set);
	xc_phrases_free(pc->xp);
	free(pc);
}

const struct phrase_set *phrase_counter_set(const struct phrase_counter *pc)
{
	return pc->set;
}

int phrases_add_terms(const struct phrase_counter *pc, struct xc_doc *d, struct error **err)
{
	const struct phrase_set *s = pc->set;
	if (s->n == 0)
		return 0;
	unsigned *counts = xcalloc(s->n, sizeof(*counts));
	int added = 0;
	if (xc_doc_count_phrases(d, pc->xp, counts, err) < 0) {
		free(counts);
		return -1;
	}
	for (size_t i = 0; i < s->n; i++) {
		if (counts[i] == 0)
			continue;
		if (xc_doc_add_term(d, s->p[i].term, counts[i], err) < 0) {
			free(counts);
			return -1;
		}
		added++;
	}
	free(counts);
	return added;
}
