/* meta.c - what the parts of the metadata recogniser share (see
 * meta_rules.h): growing rule vectors, text normalisation, the date form of
 * rules and overrides, and the fields of struct meta.
 *
 * The parts: meta_rules.c reads the rules file, meta_detect.c recognises
 * type, court, date and identifier, meta_sidecar.c applies staff overrides.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/meta_rules.h"

void *meta_vec_push(void **v, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void *nv = realloc(*v, ncap * size);
		if (nv == NULL)
			return NULL;
		*v = nv;
		*cap = ncap;
	}
	void *p = (char *)*v + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

/* ---- text normalisation ------------------------------------------------ */

char *meta_flatten(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	if (out == NULL)
		return NULL;
	size_t o = 0;
	int space = 1;       /* suppresses leading and repeated spaces */
	for (size_t i = 0; i < len; i++) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t left = len - i;
		int c = -1;      /* replacement byte, -2 for whitespace */
		size_t skip = 0;
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v') {
			c = -2;
		} else if (left >= 2 && p[0] == 0xc2 && p[1] == 0xa0) {
			c = -2, skip = 1;
		} else if (left >= 3 && p[0] == 0xe2 && p[1] == 0x80) {
			switch (p[2]) {
			case 0x98: case 0x99: case 0x9b: case 0xb2: c = '\''; break;
			case 0x9c: case 0x9d: case 0x9e: case 0xb3: c = '"'; break;
			case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: c = '-'; break;
			case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85:
			case 0x86: case 0x87: case 0x88: case 0x89: case 0x8a: case 0xaf:
				c = -2; break;
			default: break;
			}
			if (c != -1)
				skip = 2;
		}
		if (c == -2) {
			if (!space)
				out[o++] = ' ';
			space = 1;
		} else {
			out[o++] = c >= 0 ? (char)c : (char)*p;
			space = 0;
		}
		i += skip;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return out;
}

int meta_is_iso_date(const char *s)
{
	size_t n = strlen(s);
	if (n != 4 && n != 7 && n != 10)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	if (n >= 7) {
		int mo = atoi(s + 5);
		if (mo < 1 || mo > 12)
			return 0;
	}
	if (n == 10) {
		int d = atoi(s + 8);
		if (d < 1 || d > 31)
			return 0;
	}
	return 1;
}

/* ---- fields ------------------------------------------------------------ */

void meta_field_clear(struct meta_field *f)
{
	free(f->value);
	free(f->source);
	f->value = f->source = NULL;
}

int meta_field_set(struct meta_field *f, struct error **err, const char *value,
		   const char *fmt, ...)
{
	char *v = strdup(value), *src = NULL;
	va_list ap;
	va_start(ap, fmt);
	int rc = vasprintf(&src, fmt, ap);
	va_end(ap);
	if (v == NULL || rc < 0) {
		free(v);
		if (rc >= 0)
			free(src);
		return error_set(err, ERR_NOMEM, "out of memory");
	}
	meta_field_clear(f);
	f->value = v;
	f->source = src;
	return 0;
}

void meta_clear(struct meta *m)
{
	if (m == NULL)
		return;
	meta_field_clear(&m->type);
	meta_field_clear(&m->court);
	meta_field_clear(&m->court_name);
	meta_field_clear(&m->date);
	meta_field_clear(&m->ident);
	meta_field_clear(&m->title);
	meta_field_clear(&m->lang);
	struct meta_field *facts[] = { &m->state,   &m->outcome, &m->violated,  &m->formation,
				       &m->parties, &m->area,    &m->procedure, &m->seat };
	for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
		meta_field_clear(facts[i]);
}
