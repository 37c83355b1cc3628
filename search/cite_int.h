/* cite_int.h - what the parts of the citation recogniser share (not a public
 * header: only search/cite*.c include it).
 *
 * The recogniser is split by job:
 *   cite.c          the scan loop, formatting, the query side, article titles
 *   cite_norm.c     normalisation of page texts into one buffer
 *   cite_inst.c     instrument names, back references, trailing instruments
 *   cite_article.c  article groups ("artikel 3, eerste lid, van het IVRK")
 *   cite_ids.c      document identifiers (UN symbols, ECLIs, application
 *                   numbers, General Comments)
 */
#ifndef KINDEX_CITE_INT_H
#define KINDEX_CITE_INT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* memmem */
#endif
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "search/cite.h"
#include "base/xalloc.h"

#define CITE_MAX_ITEMS 64   /* articles in one group, after range expansion */
#define CITE_MAX_SUB 4      /* paragraphs, letters or sub-items per article */
#define CITE_FIRST_GAP 48   /* bytes between "IVRK ..." and "artikel" */
#define CITE_IMPLICIT_GAP 300 /* bytes back to the citation an article inherits from */
#define CITE_PASSAGE_GAP 600 /* ... back to the instrument a passage is about */
#define CITE_SAME_GAP 2000  /* ... when that citation has the same article number */

struct norm {
	char *s;        /* normalised text, NUL-terminated */
	size_t *map;    /* map[i]: offset in the concatenated pages of s[i] */
	size_t n;       /* bytes in s */
};

struct scan {
	const char *s;                  /* normalised text */
	size_t n;
	const size_t *map;
	const size_t *base;             /* offset of each page in the concatenation */
	const size_t *lens;
	int n_pages;
	int un_crc, echr;               /* from cite_opts */
	char dflt[16];                  /* cite_opts.default_instrument or "" */
	int heading_art;                /* last "Artikel N" heading without instrument */
	char last_treaty[16];           /* for "het verdrag", "the Convention" */
	char last_protocol[16];         /* for "dat protocol", "the Protocol" */
	char mention[16];               /* last instrument named anywhere */
	size_t mention_end;             /* ... and where that name ended */
	int has_mention;
	char last_inst[16];             /* last article citation emitted */
	int last_art;
	size_t last_end;
	int has_last;
	struct {
		char inst[16];
		int art;
		size_t end;
	} recent[8];                    /* ring of the last article citations */
	unsigned n_recent;
	char foreign[16];               /* a bare "(art. 5 (a))" taken as another
	                                 * treaty's in a CRC Committee document */
	size_t foreign_end;
	int has_foreign;
	struct cite_list *out;
	size_t first_out;               /* out->n when this scan started */
};

static inline int is_alnum_u(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* ASCII lower case without the locale lookup of tolower(). */
static inline int lc(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Does the text at p start with word w (ASCII, case-insensitive), ending at a
 * word boundary?  Spaces in w match the single spaces of normalised text.
 * Returns the position after it, or 0. */
static inline size_t word_at(const struct scan *sc, size_t p, const char *w)
{
	size_t k = 0;
	for (; w[k] != '\0'; k++) {
		if (p + k >= sc->n || lc((unsigned char)sc->s[p + k]) != lc((unsigned char)w[k]))
			return 0;
	}
	size_t e = p + k;
	unsigned char last = (unsigned char)w[k - 1];
	if (is_alnum_u(last) && e < sc->n && is_alnum_u((unsigned char)sc->s[e]))
		return 0;
	return e;
}

/* Same, but exact case for the first byte (abbreviations like "Sr"). */
static inline size_t word_at_cs(const struct scan *sc, size_t p, const char *w)
{
	if (p >= sc->n || sc->s[p] != w[0])
		return 0;
	return word_at(sc, p, w);
}

static inline size_t skip_space(const struct scan *sc, size_t p)
{
	if (p < sc->n && sc->s[p] == ' ')
		p++;
	return p;
}

static inline size_t skip_comma(const struct scan *sc, size_t p)
{
	p = skip_space(sc, p);
	if (p < sc->n && sc->s[p] == ',')
		p = skip_space(sc, p + 1);
	return p;
}

/* Reads 1..4 digits at p; returns the end or 0. */
static inline size_t read_num(const struct scan *sc, size_t p, int *val)
{
	int v = 0, k = 0;
	while (p + k < sc->n && isdigit((unsigned char)sc->s[p + k])) {
		if (k == 4)
			return 0;
		v = v * 10 + (sc->s[p + k] - '0');
		k++;
	}
	if (k == 0)
		return 0;
	*val = v;
	return p + k;
}

static inline void copy_str(char *dst, size_t cap, const char *src)
{
	size_t k = strlen(src);
	if (k >= cap)
		k = cap - 1;
	memcpy(dst, src, k);
	dst[k] = '\0';
}

static inline int is_roman(const char *t)
{
	static const char *const r[] = { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x" };
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (strcmp(t, r[i]) == 0)
			return 1;
	return 0;
}

/* Reads a lower-case letter token of 1..4 letters at p ending at a word
 * boundary (a letter like "b" or a roman numeral like "iii"). */
static inline size_t read_letters(const struct scan *sc, size_t p, char *buf, size_t cap)
{
	size_t k = 0;
	while (p + k < sc->n && isalpha((unsigned char)sc->s[p + k])) {
		if (k + 1 >= cap || k >= 4)
			return 0;
		buf[k] = (char)lc((unsigned char)sc->s[p + k]);
		k++;
	}
	if (k == 0 || (p + k < sc->n && is_alnum_u((unsigned char)sc->s[p + k])))
		return 0;
	buf[k] = '\0';
	if (k > 1 && !is_roman(buf))
		return 0;
	return p + k;
}

/* Reads a Dutch ordinal ("eerste" .. "twaalfde"); returns the end or 0. */
static inline size_t read_ordinal(const struct scan *sc, size_t p, int *val)
{
	static const char *const cite_ordinals[] = {
		"eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende",
		"achtste", "negende", "tiende", "elfde", "twaalfde",
	};
	if (p >= sc->n || !strchr("etdvzanETDVZAN", sc->s[p]) || sc->s[p] == '\0')
		return 0;
	for (int i = 0; i < 12; i++) {
		size_t e = word_at(sc, p, cite_ordinals[i]);
		if (e) {
			*val = i + 1;
			return e;
		}
	}
	return 0;
}

enum {
	INST_TREATY = 1,        /* "het verdrag"/"the Convention" may refer to it */
	INST_PROTOCOL = 2,      /* "dat protocol" may refer to it */
	INST_CS = 4,            /* match the first letter case-sensitively */
};

/* The result of recognising an instrument name. */
struct inst {
	char code[16];
	unsigned flags;
	int backref;            /* it was "het verdrag", "dat protocol", ... */
	int quoted;             /* "this Convention", "the present Convention":
	                         * words of a treaty quoted in a judgment */
};

struct item {
	int art;
	int odd;                        /* "8a" or "1:247": not a CRC article */
	char ident[16];                 /* "1:247" */
	char paras[CITE_MAX_SUB][8];
	int np;
	char letters[CITE_MAX_SUB][8];
	int nl;
	char subs[CITE_MAX_SUB][8];
	int ns;
};

struct group {
	struct item items[CITE_MAX_ITEMS];
	int n;
	int heading;                    /* "Article 1 - Prohibition ...": a
	                                 * heading with a title after it */
	int kw_from;                    /* first item after the last repeated
	                                 * keyword ("article 14 in conjunction
	                                 * with article 2 ..." -> 1), else 0 */
};

/* cite_norm.c: builds the normalised text of the pages (see cite.c).
 * base[i] is the offset of page i in the concatenation. */
void cite_norm_build(struct norm *nb, const char *const *pages, const size_t *lens,
		    int n_pages, const size_t *base);

/* cite_inst.c */
int cite_article_in_range(const char *code, int art);
int cite_is_crc_family(const char *code);
size_t cite_parse_name(const struct scan *sc, size_t p, struct inst *in);
void cite_note_mention(struct scan *sc, const struct inst *in, size_t end);
void cite_resolve_backref(const struct scan *sc, struct inst *in);
size_t cite_parse_trailing(struct scan *sc, size_t p, struct inst *in);
int cite_names_sorted(void);

/* cite_article.c */
void cite_emit_doc(struct scan *sc, const char *inst, const char *ident, size_t a, size_t b);
size_t cite_scan_group(struct scan *sc, size_t p, struct group *g, size_t start);
size_t cite_scan_para_first(struct scan *sc, size_t p);
size_t cite_scan_list_header(struct scan *sc, size_t p, struct group *g);
size_t cite_scan_bare(struct scan *sc, size_t p);
size_t cite_scan_hudoc_protocol(struct scan *sc, size_t p);

/* cite_ids.c */
size_t cite_scan_symbol(struct scan *sc, size_t p);
size_t cite_scan_ecli(struct scan *sc, size_t p);
size_t cite_scan_appno(struct scan *sc, size_t p);
size_t cite_scan_gc(struct scan *sc, size_t p);

#endif
