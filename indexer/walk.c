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
		char **p = realloc(*items, cap * sizeof(char *));
		if (p == NULL)
			abort();
		*items = p;
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
		s->dev = realloc(s->dev, s->cap * sizeof(dev_t));
		s->ino = realloc(s->ino, s->cap * sizeof(ino_t));
		if (!s->dev || !s->ino)
			abort();
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

static void walk_dir(const char *dir, struct seen *seen, struct walk_result *out, int depth)
{
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
		char *s = strdup(e->d_name);
		if (s == NULL)
			abort();
		push(&names, &n, s);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct buf p = BUF_INIT;
		buf_addf(&p, "%s/%s", dir, names[i]);
		struct stat st;
		if (stat(p.s, &st) < 0) {
			if (is_pdf_name(names[i]) || errno == ELOOP)
				warn(out, p.s, errno == ELOOP ? "symbolic link loop" : strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			if (!seen_before(seen, st.st_dev, st.st_ino))
				walk_dir(p.s, seen, out, depth + 1);
		} else if (S_ISREG(st.st_mode) && is_pdf_name(names[i])) {
			push(&out->files, &out->n_files, buf_detach(&p));
		}
		buf_free(&p);
		free(names[i]);
	}
	free(names);
}

int walk_paths(char *const *paths, size_t n, struct walk_result *out, struct error **err)
{
	(void)err;
	memset(out, 0, sizeof(*out));
	struct seen seen = { 0 };
	for (size_t i = 0; i < n; i++) {
		char *abs = realpath(paths[i], NULL);
		if (abs == NULL) {
			warn(out, paths[i], strerror(errno));
			continue;
		}
		struct stat st;
		if (stat(abs, &st) < 0) {
			warn(out, paths[i], strerror(errno));
			free(abs);
			continue;
		}
		push(&out->roots, &out->n_roots, strdup(abs));
		if (S_ISDIR(st.st_mode)) {
			if (!seen_before(&seen, st.st_dev, st.st_ino))
				walk_dir(abs, &seen, out, 0);
			free(abs);
		} else if (S_ISREG(st.st_mode)) {
			push(&out->files, &out->n_files, abs);
		} else {
			warn(out, paths[i], "not a file or folder");
			free(abs);
		}
	}
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
	free(seen.dev);
	free(seen.ino);
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
