/* rcache.c - the answer cache (see rcache.h).
 *
 * A small array scanned linearly: at a few hundred entries a scan of
 * hashes costs microseconds, far below the milliseconds a search costs. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/rcache.h"
#include "base/xalloc.h"

struct entry {
	uint64_t hash;
	char *key, *value;
	size_t bytes;
	uint64_t used;        /* clock of the last use */
};

struct rcache {
	struct entry entries[RCACHE_MAX_ENTRIES];
	size_t total_bytes;
	uint64_t clock_now;
	pthread_mutex_t lock;
};

struct rcache *rcache_new(void)
{
	struct rcache *c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void rcache_free(struct rcache *c)
{
	if (c == NULL)
		return;
	rcache_clear(c);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void drop(struct rcache *c, struct entry *e)
{
	c->total_bytes -= e->bytes;
	free(e->key);
	free(e->value);
	memset(e, 0, sizeof(*e));
}

char *rcache_get(struct rcache *c, const char *key)
{
	uint64_t h = hash_str(key);
	char *out = NULL;
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < RCACHE_MAX_ENTRIES; i++) {
		struct entry *e = &c->entries[i];
		if (e->key && e->hash == h && strcmp(e->key, key) == 0) {
			e->used = ++c->clock_now;
			out = xstrdup(e->value);
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return out;
}

void rcache_put(struct rcache *c, const char *key, const char *value)
{
	size_t bytes = strlen(key) + strlen(value) + 2;
	if (bytes > RCACHE_MAX_BYTES / 8)
		return;
	char *k = xstrdup(key), *v = xstrdup(value);
	uint64_t h = hash_str(key);
	pthread_mutex_lock(&c->lock);
	struct entry *slot = NULL, *oldest = NULL;
	for (size_t i = 0; i < RCACHE_MAX_ENTRIES; i++) {
		struct entry *e = &c->entries[i];
		if (e->key && e->hash == h && strcmp(e->key, key) == 0) {
			drop(c, e);
			slot = e;
			break;
		}
		if (e->key == NULL && slot == NULL)
			slot = e;
		if (e->key && (oldest == NULL || e->used < oldest->used))
			oldest = e;
	}
	if (slot == NULL) {
		drop(c, oldest);
		slot = oldest;
	}
	/* Make room in bytes, oldest first. */
	while (c->total_bytes + bytes > RCACHE_MAX_BYTES) {
		struct entry *o = NULL;
		for (size_t i = 0; i < RCACHE_MAX_ENTRIES; i++)
			if (c->entries[i].key && (o == NULL || c->entries[i].used < o->used))
				o = &c->entries[i];
		if (o == NULL)
			break;
		drop(c, o);
	}
	slot->hash = h;
	slot->key = k;
	slot->value = v;
	slot->bytes = bytes;
	slot->used = ++c->clock_now;
	c->total_bytes += bytes;
	pthread_mutex_unlock(&c->lock);
}

void rcache_clear(struct rcache *c)
{
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < RCACHE_MAX_ENTRIES; i++)
		if (c->entries[i].key)
			drop(c, &c->entries[i]);
	pthread_mutex_unlock(&c->lock);
}
