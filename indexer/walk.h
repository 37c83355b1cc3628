/* walk.h - finding the PDF files under the paths given to `kindex index`.
 *
 * Folders are walked recursively in sorted order; regular files whose name
 * ends in ".pdf" (any case) are collected, as are regular files named
 * directly on the command line whatever their name (a path given there is
 * resolved, links and all: naming it is consent).  Inside the folders only
 * regular files and folders count: FIFOs, devices and sockets are skipped
 * (with a warning when named *.pdf), and symbolic links are not followed
 * (a warning for each link named *.pdf or leading to a folder) unless
 * WALK_FOLLOW_SYMLINKS is given; even then a link is followed only when
 * its target lies inside one of the folders given, and the file is
 * collected under its real path.  A folder already visited is walked once.
 * Problems are recorded as warnings; they never stop the walk. */
#ifndef KINDEX_WALK_H
#define KINDEX_WALK_H

#include <stddef.h>

#include "base/error.h"

struct walk_result {
	char **files;      /* absolute paths; owned */
	size_t n_files;
	char **roots;      /* absolute paths of the arguments; owned */
	size_t n_roots;
	char **warnings;   /* "PATH: reason"; owned */
	size_t n_warnings;
};

/* Walks paths[0..n).  Returns 0: a path that does not exist or cannot be
 * read is a warning, not an error, and running out of memory ends the
 * process (base/error.h (5)); err is not used (it stays until the caller in
 * indexer/index.c stops passing it). */
int walk_paths(char *const *paths, size_t n, struct walk_result *out, struct error **err);
/* As walk_paths, with WALK_* flags. */
#define WALK_FOLLOW_SYMLINKS 1
int walk_paths_flags(char *const *paths, size_t n, int flags, struct walk_result *out,
		     struct error **err);
void walk_result_clear(struct walk_result *w);

#endif
