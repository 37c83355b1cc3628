/* context.c - what one process keeps between searches (see context.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "search/analyze.h"
#include "search/context.h"
#include "search/phrases.h"
#include "search/rcache.h"
#include "search/xapian_c.h"

struct search_ctx {
	pthread_mutex_t lock; /* guards the loading below */
	int analyze_loaded;
	struct analyze *analyze;
	struct phrase_counter *phrases;
	struct rcache *cache;
	struct xc_facet_share *facets;
	char *analyze_cache; /* the compiled analyzer's file, or NULL */
};

struct search_ctx *search_ctx_new(void)
{
	struct search_ctx *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->cache = rcache_new();
	c->facets = xc_facet_share_new();
	return c;
}

void search_ctx_free(struct search_ctx *c)
{
	if (c == NULL)
		return;
	phrase_counter_free(c->phrases);
	analyze_free(c->analyze);
	rcache_free(c->cache);
	xc_facet_share_free(c->facets);
	free(c->analyze_cache);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* Loads the analyzer once; c->lock held. */
static void load_analyze(struct search_ctx *c)
{
	if (c->analyze_loaded)
		return;
	struct error *err = NULL;
	c->analyze = analyze_open_cached(NULL, c->analyze_cache, &err);
	error_free(err);
	c->analyze_loaded = 1;
}

const struct analyze *search_ctx_analyze(struct search_ctx *c)
{
	pthread_mutex_lock(&c->lock);
	load_analyze(c);
	const struct analyze *a = c->analyze;
	pthread_mutex_unlock(&c->lock);
	return a;
}

const struct phrase_counter *search_ctx_phrases(struct search_ctx *c)
{
	pthread_mutex_lock(&c->lock);
	load_analyze(c);
	if (c->phrases == NULL)
		c->phrases = phrase_counter_new(c->analyze);
	const struct phrase_counter *p = c->phrases;
	pthread_mutex_unlock(&c->lock);
	return p;
}

void search_ctx_cache_beside(struct search_ctx *c, const char *index_dir)
{
	pthread_mutex_lock(&c->lock);
	if (c->analyze_cache == NULL && !c->analyze_loaded && index_dir && *index_dir) {
		size_t n = strlen(index_dir);
		while (n > 1 && index_dir[n - 1] == '/')
			n--;
		c->analyze_cache = xmalloc(n + sizeof(".analyze"));
		memcpy(c->analyze_cache, index_dir, n);
		memcpy(c->analyze_cache + n, ".analyze", sizeof(".analyze"));
	}
	pthread_mutex_unlock(&c->lock);
}

struct rcache *search_ctx_cache(struct search_ctx *c)
{
	return c->cache;
}

struct xc_facet_share *search_ctx_facets(struct search_ctx *c)
{
	return c->facets;
}
