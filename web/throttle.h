/* throttle.h - the server's log lines: escaped, and rate-limited per client
 * address so that one client cannot flood the log.
 *
 * Conventions:
 * (1) Anything that came from a client (user names, paths, queries) goes
 *     through weblog_escape before it is logged: control characters,
 *     quotes, backslashes and invalid UTF-8 become \n, \", \\ or \xHH, so a
 *     log line is always one line and never carries an escape sequence.
 * (2) Each address may write WEBLOG_BURST lines at once, then one every
 *     WEBLOG_INTERVAL seconds; what is dropped is counted and announced with
 *     the next line that address may write.  The table has WEBLOG_SLOTS
 *     slots (least recently used reused); beyond that all addresses share
 *     one more bucket, so the log as a whole is bounded too.
 * (3) A struct weblog_rate locks itself; times are passed in (seconds, any
 *     monotonic origin) so tests can drive the clock.
 */
#ifndef KINDEX_WEB_THROTTLE_H
#define KINDEX_WEB_THROTTLE_H

#include <stddef.h>

#define WEBLOG_BURST 20
#define WEBLOG_INTERVAL 1.0
#define WEBLOG_SLOTS 256

/* Escapes s into out (n bytes, always NUL-terminated; cut before an escape
 * that would not fit). */
void weblog_escape(const char *s, char *out, size_t n);

struct weblog_rate;
/* Never NULL; free with weblog_rate_free(). */
struct weblog_rate *weblog_rate_new(void);
void weblog_rate_free(struct weblog_rate *r);
/* 1 when addr may log a line at time now, else 0.  When 1, *dropped is set
 * to the number of its lines dropped since its last allowed one. */
int weblog_rate_allow(struct weblog_rate *r, const char *addr, double now, unsigned *dropped);

/* Writes "kindex serve: " + the formatted line to stderr when addr may log
 * (r NULL: always), noting dropped lines first.  Arguments that came from
 * a client must be escaped already. */
void weblog(struct weblog_rate *r, const char *addr, double now, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
