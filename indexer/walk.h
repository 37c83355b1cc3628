/* walk.h - finding the PDF files under the paths given to `kindex index`.
 *
 * Folders are walked recursively in sorted order; files whose name ends in
 * ".pdf" (any case) are collected, as are files named directly on the
 * command line whatever their name.  Symbolic links are followed, but a
 * folder already visited (a link loop, or two links to one folder) is
 * walked once.  Problems (unreadable folders, dangling links) are recorded
 * as warnings; they never stop the walk. */
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

/* Walks paths[0..n).  Returns 0, or -1 with *err only when memory runs out.
 * A path that does not exist is a warning, not an error. */
int walk_paths(char *const *paths, size_t n, struct walk_result *out, struct error **err);
void walk_result_clear(struct walk_result *w);

#endif
