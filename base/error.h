/* error.h - how kindex reports failures from library code.
 *
 * (1) Library code never prints and never exits.  A function that can fail
 *     takes `struct error **err` as its last argument, returns NULL or -1 on
 *     failure and, when err is not NULL, sets *err to a new error.
 * (2) On success *err is left unchanged.
 * (3) The caller owns the error and releases it with error_free(), which
 *     accepts NULL.
 * (4) The code tells callers how to react (the web layer answers 400 for
 *     ERR_QUERY and ERR_INPUT, 404 for ERR_NOTFOUND, 503 for ERR_BUSY, 500
 *     for the rest).
 * (5) Running out of memory is not an error but the end of the process:
 *     allocations go through base/xalloc.h (and struct buf, json-c's and
 *     GLib's allocators behave alike), which abort with "kindex: out of
 *     memory"; an exception std::bad_alloc from Xapian ends the same way
 *     (search/xapian_c.cc).  So no caller checks an allocation, and no
 *     function returns an error for one.  Where memory is really bounded,
 *     the process is the unit that fails: an indexing worker runs under
 *     --mem-limit, and the pool reports its death as "ran out of memory"
 *     for that one file (indexer/pool.c).  ERR_NOMEM remains only in code
 *     not yet converted to this policy.
 */
#ifndef KINDEX_ERROR_H
#define KINDEX_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

enum error_code {
	ERR_IO = 1,     /* a file or directory could not be read or written */
	ERR_DB,         /* Xapian reported a database error */
	ERR_QUERY,      /* the user's query is malformed */
	ERR_INPUT,      /* other bad input: an argument, a parameter, a file */
	ERR_NOMEM,      /* an allocation failed (not converted yet: see (5)) */
	ERR_BUSY,       /* the index is locked by another writer */
	ERR_NOTFOUND,   /* no such document */
	ERR_PDF,        /* a PDF could not be opened or read */
	ERR_INTERNAL,   /* a bug: should not happen */
	ERR_STALE,      /* the index changed under a reader: reopen and retry */
};

struct error {
	enum error_code code;
	char *msg;      /* human readable, one line, no trailing newline */
};

/* Creates an error with a printf-style message.  Never returns NULL: when
 * memory runs out it returns a static out-of-memory error, which
 * error_free() recognises. */
struct error *error_new(enum error_code code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Sets *err to error_new(code, ...) when err is not NULL and *err is NULL
 * (the first error wins).  Always returns -1 so that callers can write
 * `return error_set(err, ERR_IO, "...")`. */
int error_set(struct error **err, enum error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Releases an error.  Accepts NULL. */
void error_free(struct error *e);

/* A short English name for a code, e.g. "query".  Static storage. */
const char *error_code_name(enum error_code code);

#ifdef __cplusplus
}
#endif

#endif
