/* meta_sidecar.c - staff corrections of document metadata (see meta.h):
 * the sidecar NAME.pdf.meta and the folder table kindex-meta.tsv, applied
 * over what the recogniser found, and the fingerprint that tells the
 * indexer a correction changed. */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "indexer/meta_rules.h"

/* ---- overrides --------------------------------------------------------- */

enum ov_field { OV_TYPE, OV_COURT, OV_COURT_NAME, OV_DATE, OV_IDENT, OV_TITLE, OV_LANG, OV_N };

static const char *const ov_names[OV_N] = {
	"type", "court", "court_name", "date", "identifier", "title", "lang",
};

struct ov_entry { enum ov_field field; char *value; char *source; };
struct ov_list { struct ov_entry *v; size_t n, cap; };

static void ov_list_free(struct ov_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].value);
		free(l->v[i].source);
	}
	free(l->v);
}

static int ov_field_of(const char *name)
{
	if (strcasecmp(name, "ident") == 0)
		return OV_IDENT;
	for (int i = 0; i < OV_N; i++)
		if (strcasecmp(name, ov_names[i]) == 0)
			return i;
	return -1;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* Checks and records one override.  Returns 0 or -1 with *err. */
static int ov_add(struct ov_list *l, const char *file, int lineno, const char *fname,
		  const char *value, const char *source, struct error **err)
{
	int f = ov_field_of(fname);
	if (f < 0)
		return error_set(err, ERR_INPUT, "%s:%d: unknown field '%s'", file, lineno, fname);
	if (*value == '\0')
		return error_set(err, ERR_INPUT, "%s:%d: empty value (use '-' for unknown)", file,
				 lineno);
	if (strcmp(value, "-") != 0) {
		if (f == OV_TYPE && !vocab_is_type(value))
			return error_set(err, ERR_INPUT, "%s:%d: unknown type '%s'", file, lineno,
					 value);
		if (f == OV_DATE && !meta_is_iso_date(value))
			return error_set(err, ERR_INPUT,
					 "%s:%d: date must be YYYY, YYYY-MM or YYYY-MM-DD", file,
					 lineno);
	}
	struct ov_entry *e = PUSH(*l);
	if (e == NULL)
		return error_set(err, ERR_NOMEM, "out of memory");
	e->field = (enum ov_field)f;
	e->value = strdup(value);
	e->source = strdup(source);
	if (e->value == NULL || e->source == NULL)
		return error_set(err, ERR_NOMEM, "out of memory");
	return 0;
}

/* Paths of the sidecar and folder table for pdf_path, malloc()ed. */
static int override_paths(const char *pdf_path, char **sidecar, char **table, const char **base)
{
	const char *slash = strrchr(pdf_path, '/');
	*base = slash ? slash + 1 : pdf_path;
	int dl = slash ? (int)(slash - pdf_path + 1) : 0;
	*sidecar = *table = NULL;
	if (asprintf(sidecar, "%s%s", pdf_path, META_SIDECAR_SUFFIX) < 0) {
		*sidecar = NULL;
		return -1;
	}
	if (asprintf(table, "%.*s%s", dl, pdf_path, META_TABLE_NAME) < 0) {
		*table = NULL;
		free(*sidecar);
		*sidecar = NULL;
		return -1;
	}
	return 0;
}

/* Reads the folder table rows for base into l (when collect) or feeds the
 * matching rows to the hash *h.  Returns 0 (also when there is no table), or
 * -1 with *err. */
static int read_table(const char *table, const char *base, struct ov_list *l, uint64_t *h,
		      int *found, struct error **err)
{
	FILE *f = fopen(table, "r");
	if (f == NULL) {
		if (errno == ENOENT)
			return 0;
		return error_set(err, ERR_IO, "%s: %s", table, strerror(errno));
	}
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;
	const char *tbase = strrchr(table, '/');
	char src[300];
	snprintf(src, sizeof(src), "table:%s", tbase ? tbase + 1 : table);
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		char *p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (t1 == NULL || t2 == NULL || strchr(t2 + 1, '\t') != NULL) {
			rc = error_set(err, ERR_INPUT, "%s:%d: expected 3 tab-separated columns "
				       "(file, field, value)", table, lineno);
			break;
		}
		*t1 = *t2 = '\0';
		char *file = trim(line), *field = trim(t1 + 1), *value = trim(t2 + 1);
		if (lineno == 1 && strcasecmp(file, "file") == 0 && strcasecmp(field, "field") == 0)
			continue;   /* header */
		if (strncmp(file, "./", 2) == 0)
			file += 2;
		if (l != NULL) {
			/* Check every row, so that a broken table is noticed. */
			struct ov_list scratch = { 0 };
			int match = strcmp(file, base) == 0;
			if (ov_add(match ? l : &scratch, table, lineno, field, value, src, err) < 0) {
				ov_list_free(&scratch);
				rc = -1;
				break;
			}
			ov_list_free(&scratch);
		}
		if (h != NULL && strcmp(file, base) == 0) {
			for (const char *q = field; ; q++) {
				*h = (*h ^ (unsigned char)*q) * 1099511628211ULL;
				if (*q == '\0')
					break;
			}
			for (const char *q = value; ; q++) {
				*h = (*h ^ (unsigned char)*q) * 1099511628211ULL;
				if (*q == '\0')
					break;
			}
			*found = 1;
		}
	}
	if (rc == 0 && ferror(f))
		rc = error_set(err, ERR_IO, "%s: read error", table);
	free(line);
	fclose(f);
	return rc;
}

static int read_sidecar(const char *sidecar, struct ov_list *l, struct error **err)
{
	FILE *f = fopen(sidecar, "r");
	if (f == NULL) {
		if (errno == ENOENT)
			return 0;
		return error_set(err, ERR_IO, "%s: %s", sidecar, strerror(errno));
	}
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;
	const char *sbase = strrchr(sidecar, '/');
	char src[300];
	snprintf(src, sizeof(src), "sidecar:%s", sbase ? sbase + 1 : sidecar);
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		char *colon = strchr(p, ':');
		if (colon == NULL) {
			rc = error_set(err, ERR_INPUT, "%s:%d: expected 'field: value'", sidecar,
				       lineno);
			break;
		}
		*colon = '\0';
		if (ov_add(l, sidecar, lineno, trim(p), trim(colon + 1), src, err) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(f))
		rc = error_set(err, ERR_IO, "%s: read error", sidecar);
	free(line);
	fclose(f);
	return rc;
}

int meta_apply_overrides(const char *pdf_path, struct meta *m, struct error **err)
{
	assert(pdf_path != NULL && m != NULL);
	char *sidecar, *table;
	const char *base;
	struct ov_list l = { 0 };
	int rc = -1;

	if (override_paths(pdf_path, &sidecar, &table, &base) < 0)
		return error_set(err, ERR_NOMEM, "out of memory");
	if (read_table(table, base, &l, NULL, NULL, err) < 0 || read_sidecar(sidecar, &l, err) < 0)
		goto out;

	/* Copy first so that m is unchanged if memory runs out. */
	struct meta_field nf[OV_N] = { 0 };
	unsigned set = 0;
	for (size_t i = 0; i < l.n; i++) {
		struct meta_field *f = &nf[l.v[i].field];
		meta_field_clear(f);
		set |= 1u << l.v[i].field;
		if (strcmp(l.v[i].value, "-") == 0)
			continue;
		f->value = strdup(l.v[i].value);
		f->source = strdup(l.v[i].source);
		if (f->value == NULL || f->source == NULL) {
			for (int k = 0; k < OV_N; k++)
				meta_field_clear(&nf[k]);
			error_set(err, ERR_NOMEM, "out of memory");
			goto out;
		}
	}
	struct meta_field *dst[OV_N] = {
		&m->type, &m->court, &m->court_name, &m->date, &m->ident, &m->title, &m->lang,
	};
	rc = 0;
	for (int k = 0; k < OV_N; k++) {
		if (!(set & (1u << k)))
			continue;
		meta_field_clear(dst[k]);
		*dst[k] = nf[k];
		rc++;
	}
	/* A new court code makes the detected display name stale. */
	if ((set & (1u << OV_COURT)) && !(set & (1u << OV_COURT_NAME)))
		meta_field_clear(&m->court_name);
out:
	ov_list_free(&l);
	free(sidecar);
	free(table);
	return rc;
}

void meta_overrides_fingerprint(const char *pdf_path, char *buf, size_t n)
{
	if (n == 0)
		return;
	buf[0] = '\0';
	char *sidecar, *table;
	const char *base;
	if (pdf_path == NULL || override_paths(pdf_path, &sidecar, &table, &base) < 0)
		return;
	char sbuf[32] = "", tbuf[32] = "";
	FILE *f = fopen(sidecar, "rb");
	if (f != NULL) {
		uint64_t h = 14695981039346656037ULL;
		int c;
		while ((c = getc(f)) != EOF)
			h = (h ^ (unsigned char)c) * 1099511628211ULL;
		snprintf(sbuf, sizeof(sbuf), "s:%016llx", (unsigned long long)h);
		fclose(f);
	} else if (errno != ENOENT) {
		snprintf(sbuf, sizeof(sbuf), "s:unreadable");
	}
	uint64_t th = 14695981039346656037ULL;
	int found = 0;
	struct error *e = NULL;
	if (read_table(table, base, NULL, &th, &found, &e) < 0) {
		snprintf(tbuf, sizeof(tbuf), "t:unreadable");
		error_free(e);
	} else if (found) {
		snprintf(tbuf, sizeof(tbuf), "t:%016llx", (unsigned long long)th);
	}
	snprintf(buf, n, "%s%s%s", sbuf, *sbuf && *tbuf ? ";" : "", tbuf);
	free(sidecar);
	free(table);
}
