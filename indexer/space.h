/* space.h - naming a full disk in an indexer error.  Xapian reports a
 * failed write as "Error writing block N" without saying why; when the
 * filesystem of the index has (almost) no room left, that is why. */
#ifndef KINDEX_SPACE_H
#define KINDEX_SPACE_H

#include "base/error.h"

/* Bytes below which a filesystem counts as full. */
#define SPACE_FULL_BYTES (4u << 20)

/* When e is not NULL and the filesystem holding dir (or, when dir does
 * not exist, its parent) has less than SPACE_FULL_BYTES available,
 * rewrites e's message to start with "the disk holding DIR is full".
 * Returns 1 when it did, else 0. */
int space_note(const char *dir, struct error *e);

#endif
