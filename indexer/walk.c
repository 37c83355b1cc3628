/* walk.c - recursive, loop-safe collection of PDF files (see walk.h). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "indexer/walk.h"
#include "base/util.h"
#include "base/xalloc.h"

struct seen {
	dev_t *dev;
	ino_t *ino;
	size_t n, cap;
};


static void push(char ***items, size_t *n, char *s)
{
	/* Grows in powers of two: capacity is implied by n. */
	if ((*n & (*n - 1)) == 0) {
		size_t cap = *n ? *n * 2 : 1;
		*items = xreallocarray(*items, cap, sizeof(char *));
	}
	(*items)[(*n)++] = s;
}

static void warn(struct walk_result *out, const char *path, const char *why)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s: %s", path, why);
	push(&out->warnings, &out->n_warnings, buf_detach(&b));
}

static int seen_before(struct seen *s, dev_t dev, ino_t ino)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->dev[i] == dev && s->ino[i] == ino)
			return 1;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->dev = xreallocarray(s->dev, s->cap, sizeof(dev_t));
		s->ino = xreallocarray(s->ino, s->cap, sizeof(ino_t));
	}
	s->dev[s->n] = dev;
	s->ino[s->n] = ino;
	s->n++;
	return 0;
}

static int is_pdf_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && strcasecmp(name + n - 4, ".pdf") == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct walk {
	struct seen seen;
	struct walk_result *out;
	int flags;
};

/* 1 when path (a real path) is one of the roots or inside one. */
static int under_roots(const struct walk_result *out, const char *path)
{
	for (size_t i = 0; i < out->n_roots; i++) {
		size_t n = strlen(out->roots[i]);
		if (strncmp(path, out->roots[i], n) == 0 &&
		    (path[n] == '/' || path[n] == '\0' || (n == 1 && out->roots[i][0] == '/')))
			return 1;
	}
	return 0;
}

static void walk_dir(struct walk *w, const char *dir, int depth);

/* One entry of a folder: p is its path, name its last part. */
static void walk_entry(struct walk *w, const char *p, const char *name, int depth)
{
	struct walk_result *out = w->out;
	struct stat st;
	if (lstat(p, &st) < 0) {
		if (is_pdf_name(name))
			warn(out, p, strerror(errno));
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		struct stat ts;
		int to_dir = stat(p, &ts) == 0 && S_ISDIR(ts.st_mode);
		if (!(w->flags & WALK_FOLLOW_SYMLINKS)) {
			if (to_dir || is_pdf_name(name))
				warn(out, p, "symbolic link; not followed (--follow-symlinks follows "
					     "links within the indexed folders)");
			return;
		}
		char *real = realpath(p, NULL);
		if (real == NULL) {
			if (to_dir || is_pdf_name(name) || errno == ELOOP)
				warn(out, p, errno == ELOOP ? "symbolic link loop" : strerror(errno));
			return;
		}
		if (!under_roots(out, real)) {
			if (to_dir || is_pdf_name(name))
				warn(out, p, "symbolic link to outside the indexed folders; not followed");
			free(real);
			return;
		}
		if (lstat(real, &st) < 0) {
			warn(out, p, strerror(errno));
			free(real);
			return;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!seen_before(&w->seen, st.st_dev, st.st_ino))
				walk_dir(w, real, depth + 1);
		} else if (S_ISREG(st.st_mode) && (is_pdf_name(name) || is_pdf_name(real))) {
			push(&out->files, &out->n_files, real);
			return;
		} else if (is_pdf_name(name)) {
			warn(out, p, "not a regular file; skipped");
		}
		free(real);
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!seen_before(&w->seen, st.st_dev, st.st_ino))
			walk_dir(w, p, depth + 1);
	} else if (is_pdf_name(name)) {
		if (S_ISREG(st.st_mode))
			push(&out->files, &out->n_files, xstrdup(p));
		else
			warn(out, p, "not a regular file (a FIFO, device or socket); skipped");
	}
}

static void walk_dir(struct walk *w, const char *dir, int depth)
{
	struct walk_result *out = w->out;
	if (depth > 64) {
		warn(out, dir, "folders nested too deep; skipped");
		return;
	}
	DIR *d = opendir(dir);
	if (d == NULL) {
		warn(out, dir, strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		push(&names, &n, xstrdup(e->d_name));
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct buf p = BUF_INIT;
		buf_addf(&p, "%s/%s", dir, names[i]);
		walk_entry(w, p.s, names[i], depth);
		buf_free(&p);
		free(names[i]);
	}
	free(names);
}

int walk_paths(char *const *paths, size_t n, struct walk_result *out, struct error **err)
{
	return walk_paths_flags(paths, n, 0, out, err);
}

int walk_paths_flags(char *const *paths, size_t n, int flags, struct walk_result *out,
		     struct error **err)
{
	(void)err;
	memset(out, 0, sizeof(*out));
	struct walk w = { .out = out, .flags = flags };
	/* The roots first: links are followed only to inside them. */
	char **abs = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		abs[i] = realpath(paths[i], NULL);
		if (abs[i] == NULL)
			warn(out, paths[i], strerror(errno));
		else
			push(&out->roots, &out->n_roots, xstrdup(abs[i]));
	}
	for (size_t i = 0; i < n; i++) {
		if (abs[i] == NULL)
			continue;
		struct stat st;
		if (stat(abs[i], &st) < 0) {
			warn(out, paths[i], strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			if (!seen_before(&w.seen, st.st_dev, st.st_ino))
				walk_dir(&w, abs[i], 0);
		} else if (S_ISREG(st.st_mode)) {
			push(&out->files, &out->n_files, abs[i]);
			abs[i] = NULL;
		} else {
			warn(out, paths[i], "not a file or folder");
		}
		free(abs[i]);
	}
	free(abs);
	/* The same file reached twice (through two links) is indexed once. */
	if (out->n_files > 1) {
		qsort(out->files, out->n_files, sizeof(char *), cmp_str);
		size_t j = 1;
		for (size_t i = 1; i < out->n_files; i++) {
			if (strcmp(out->files[i], out->files[j - 1]) == 0)
				free(out->files[i]);
			else
				out->files[j++] = out->files[i];
		}
		out->n_files = j;
	}
	free(w.seen.dev);
	free(w.seen.ino);
	return 0;
}

void walk_result_clear(struct walk_result *w)
{
	for (size_t i = 0; i < w->n_files; i++)
		free(w->files[i]);
	for (size_t i = 0; i < w->n_roots; i++)
		free(w->roots[i]);
	for (size_t i = 0; i < w->n_warnings; i++)
		free(w->warnings[i]);
	free(w->files);
	free(w->roots);
	free(w->warnings);
	memset(w, 0, sizeof(*w));
}
