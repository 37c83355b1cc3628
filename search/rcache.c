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

static struct entry entries[RCACHE_MAX_ENTRIES];
static size_t total_bytes;
static uint64_t clock_now;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void drop(struct entry *e)
{
	total_bytes -= e->bytes;
	free(e->key);
	free(e->value);
	memset(e, 0, sizeof(*e));
}

char *rcache_get(const char *key)
{
	uint64_t h = hash_str(key);
	char *out = NULL;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < RCACHE_MAX_ENTRIES; i++) {
		struct entry *e = &entries[i];
		if (e->key && e->hash == h && strcmp(e->key, key) == 0) {
			e->used = ++clock_now;
			out = xstrdup(e->value);
			break;
		}
	}
	pthread_mutex_unlock(&lock);
	return out;
}

void rcache_put(const char *key, const char *value)
{
	size_t bytes = strlen(key) + strlen(value) + 2;
	if (bytes > RCACHE_MAX_BYTES / 8)
		return;
	char *k = xstrdup(key), *v = xstrdup(value);
	uint64_t h = hash_str(key);
	pthread_mutex_lock(&lock);
	struct entry *slot = NULL, *oldest = NULL;
	for (size_t i = 0; i < RCACHE_MAX_ENTRIES; i++) {
		struct entry *e = &entries[i];
		if (e->key && e->hash == h && strcmp(e->key, key) == 0) {
			drop(e);
			slot = e;
			break;
		}
		if (e->key == NULL && slot == NULL)
			slot = e;
		if (e->key && (oldest == NULL || e->used < oldest->used))
			oldest = e;
	}
	if (slot == NULL) {
		drop(oldest);
		slot = oldest;
	}
	/* Make room in bytes, oldest first. */
	while (total_bytes + bytes > RCACHE_MAX_BYTES) {
		struct entry *o = NULL;
		for (size_t i = 0; i < RCACHE_MAX_ENTRIES; i++)
			if (entries[i].key && (o == NULL || entries[i].used < o->used))
				o = &entries[i];
		if (o == NULL)
			break;
		drop(o);
	}
	slot->hash = h;
	slot->key = k;
	slot->value = v;
	slot->bytes = bytes;
	slot->used = ++clock_now;
	total_bytes += bytes;
	pthread_mutex_unlock(&lock);
}

void rcache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < RCACHE_MAX_ENTRIES; i++)
		if (entries[i].key)
			drop(&entries[i]);
	pthread_mutex_unlock(&lock);
}
