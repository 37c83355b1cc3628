/* xalloc.h - allocation that cannot fail (the policy is in base/error.h).
 *
 * Each behaves as its libc namesake but never returns NULL: when memory
 * runs out it calls xalloc_die(), which writes "kindex: out of memory" to
 * stderr and aborts.  Sizes of zero are allowed (a unique pointer or NULL
 * may come back, as from libc; both may be freed). */
#ifndef KINDEX_XALLOC_H
#define KINDEX_XALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

__attribute__((noreturn)) void xalloc_die(void);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc() to n elements of size bytes, failing on overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#ifdef __cplusplus
}
#endif

#endif
