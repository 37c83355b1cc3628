/* throttle.c - escaped, rate-limited log lines (see throttle.h). */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "web/throttle.h"

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n;
	unsigned c = s[0];
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void weblog_escape(const char *s, char *out, size_t n)
{
	size_t k = 0;
	const unsigned char *p = (const unsigned char *)s;
	if (n == 0)
		return;
	while (*p) {
		char tmp[8];
		size_t len;
		const char *src = tmp;
		unsigned c = *p;
		if (c == '\n' || c == '\r' || c == '\t') {
			tmp[0] = '\\';
			tmp[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
			len = 2;
			p++;
		} else if (c == '"' || c == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)c;
			len = 2;
			p++;
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			len = 4;
			p++;
		} else if (c < 0x80) {
			tmp[0] = (char)c;
			len = 1;
			p++;
		} else if ((len = utf8_len(p)) > 0) {
			/* C1 controls (U+0080..U+009F) are escapes too. */
			if (c == 0xc2 && p[1] < 0xa0) {
				snprintf(tmp, sizeof(tmp), "\\x%02x", c);
				len = 4;
				p++;
			} else {
				src = (const char *)p;
				p += len;
			}
		} else {
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			len = 4;
			p++;
		}
		if (k + len + 1 > n)
			break;
		memcpy(out + k, src, len);
		k += len;
	}
	out[k] = '\0';
}

struct slot {
	char addr[64];
	double tokens, at, last;
	unsigned dropped;
};

struct weblog_rate {
	pthread_mutex_t mu;
	struct slot slot[WEBLOG_SLOTS];
	struct slot shared;              /* all addresses together */
};

struct weblog_rate *weblog_rate_new(void)
{
	struct weblog_rate *r = xcalloc(1, sizeof(*r));
	pthread_mutex_init(&r->mu, NULL);
	return r;
}

void weblog_rate_free(struct weblog_rate *r)
{
	if (r == NULL)
		return;
	pthread_mutex_destroy(&r->mu);
	free(r);
}

/* Refills s to now and takes a token from it when it has one. */
static int bucket_take(struct slot *s, double now, double burst, double interval)
{
	if (s->at == 0 || now < s->at) {
		s->tokens = burst;
		s->at = now;
	}
	s->tokens += (now - s->at) / interval;
	if (s->tokens > burst)
		s->tokens = burst;
	s->at = now;
	if (s->tokens < 1)
		return 0;
	s->tokens -= 1;
	return 1;
}

int weblog_rate_allow(struct weblog_rate *r, const char *addr, double now, unsigned *dropped)
{
	struct slot *s = NULL, *lru = &r->slot[0];
	int ok;
	pthread_mutex_lock(&r->mu);
	for (size_t i = 0; i < WEBLOG_SLOTS; i++) {
		struct slot *c = &r->slot[i];
		if (c->addr[0] && strcmp(c->addr, addr) == 0) {
			s = c;
			break;
		}
		if (c->last < lru->last)
			lru = c;
	}
	if (s == NULL) {
		s = lru;
		memset(s, 0, sizeof(*s));
		snprintf(s->addr, sizeof(s->addr), "%s", addr);
	}
	s->last = now;
	/* The whole log gets ten times what one address may write. */
	ok = bucket_take(s, now, WEBLOG_BURST, WEBLOG_INTERVAL) &&
	     bucket_take(&r->shared, now, 10 * WEBLOG_BURST, WEBLOG_INTERVAL / 10);
	if (ok) {
		*dropped = s->dropped;
		s->dropped = 0;
	} else {
		s->dropped++;
	}
	pthread_mutex_unlock(&r->mu);
	return ok;
}

void weblog(struct weblog_rate *r, const char *addr, double now, const char *fmt, ...)
{
	unsigned dropped = 0;
	char line[1024];
	va_list ap;
	if (r != NULL && !weblog_rate_allow(r, addr ? addr : "?", now, &dropped))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (dropped > 0)
		fprintf(stderr, "kindex serve: (%u lines about %s dropped: too many)\n", dropped,
			addr ? addr : "?");
	fprintf(stderr, "kindex serve: %s\n", line);
}
