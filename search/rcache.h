/* rcache.h - a cache of search answers.
 *
 * Staff page through results, refine and go back; scripts repeat queries.
 * The cache keeps the JSON answers to recent requests, keyed by the
 * request and the index version it was answered from (search_cache_key),
 * so a commit of the indexer makes every older entry unreachable.  Bounded
 * in entries and bytes; least recently used entries go first.
 *
 * One cache serves a process: its context (search/context.h) owns it.
 * Thread safe (one mutex).  Strings passed in are copied; rcache_get
 * returns a malloc()ed copy that the caller frees. */
#ifndef KINDEX_RCACHE_H
#define KINDEX_RCACHE_H

#include <stddef.h>

#define RCACHE_MAX_ENTRIES 512
#define RCACHE_MAX_BYTES (32u << 20)

struct rcache;

/* An empty cache; rcache_free() releases it (accepts NULL). */
struct rcache *rcache_new(void);
void rcache_free(struct rcache *c);

/* The cached value of key, or NULL. */
char *rcache_get(struct rcache *c, const char *key);
/* Stores value under key (replacing an older one).  Values larger than an
 * eighth of RCACHE_MAX_BYTES are not kept.  Can't fail. */
void rcache_put(struct rcache *c, const char *key, const char *value);
/* Empties the cache. */
void rcache_clear(struct rcache *c);

#endif
