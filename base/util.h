/* util.h - small primitives shared by every module: a growable string
 * buffer, HTML escaping, file reading and hashing.
 *
 * struct buf invariants (as git's strbuf): `s` is always NUL-terminated
 * after the first append, `len` excludes the NUL, and a zeroed buf
 * (BUF_INIT) is a valid empty buffer.  Allocation failure aborts the
 * process, as everywhere (base/error.h (5), base/xalloc.h). */
#ifndef KINDEX_UTIL_H
#define KINDEX_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

struct buf {
	char *s;
	size_t len, cap;
};
#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const char *s, size_t len);
/* Makes room for n more bytes after len (for writing into b->s directly). */
void buf_reserve(struct buf *b, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' replaced by HTML entities. */
void buf_add_html(struct buf *b, const char *s, size_t len);
void buf_adds_html(struct buf *b, const char *s);
/* Appends s percent-encoded for a URL query component. */
void buf_adds_url(struct buf *b, const char *s);
/* The content as a C string ("" for an empty buffer); borrowed. */
const char *buf_str(const struct buf *b);
/* Hands over the storage (never NULL); the buf is empty afterwards and the
 * caller frees the result with free(). */
char *buf_detach(struct buf *b);
void buf_reset(struct buf *b);   /* empties, keeps storage */
void buf_free(struct buf *b);    /* releases storage; b is BUF_INIT again */

/* Reads a whole file.  max_bytes 0 means no limit; a larger file fails with
 * ERR_INPUT.  Returns malloc()ed bytes (NUL-terminated) and *len. */
char *util_read_file(const char *path, size_t max_bytes, size_t *len, struct error **err);

/* Writes data to path atomically (temporary file + rename). */
int util_write_file_atomic(const char *path, const char *data, size_t len, struct error **err);

/* Hex BLAKE2b-128 of data into out (33 bytes with the NUL). */
void util_hash_hex(const void *data, size_t len, char out[33]);

/* 1 when s[0..len) is valid UTF-8. */
int util_utf8_valid(const char *s, size_t len);

/* Current time in milliseconds from a monotonic clock. */
double util_now_ms(void);

/* Line parsing for the data files, in place: util_word() splits the next
 * word (ended by a space or tab) off *s and returns it, or NULL at the end
 * of the line; util_trim() cuts spaces, tabs and line ends off both ends of
 * s and returns the start. */
char *util_word(char **s);
char *util_trim(char *s);

/* Parses a non-negative decimal integer no larger than max.  Returns 0, or
 * -1 when s is not such a number. */
int util_parse_uint(const char *s, unsigned long max, unsigned long *out);

/* The path of a data file shipped with kindex (e.g. "meta-rules.txt"):
 * in $KINDEX_DATA when set, else in the data folder the build was made
 * from.  Returns malloc()ed text. */
char *util_data_path(const char *name);

#endif
