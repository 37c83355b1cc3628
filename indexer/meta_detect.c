/* meta_detect.c - recognition of document type, court, date and
 * identifier (see meta.h).
 *
 * How it works: the text of pages 1 and 2 and of the last page is flattened
 * (whitespace runs become one space, curly quotes and dashes become ASCII)
 * so that phrases and patterns match across line breaks.  Then, in order:
 * the identifier (first ident rule that matches page 1, page 2, the PDF
 * title, the file name), the court from the strongest cue available (ECLI
 * court code, known instrument, identifier, "Instantie" label, court names),
 * the type (strongest weighted cue), and the date (labels, instrument, ECLI
 * year, session of the UN symbol, year in the title or file name).  The
 * rules come from the rules file (meta_rules.c); only the order of cues is
 * fixed here.
 */
#include <assert.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "indexer/meta_rules.h"

#define TOP_LEN 600      /* region "top": first characters of page 1 */
#define HEAD_LEN 2000    /* region "head" */
#define SYMBOL_TOP_LEN 200 /* where ident rules go by rule order, not position */
#define MAX_GROUPS 10    /* \0..\9 in ident templates */

#define W_IDENT 80       /* weight of the type an identifier implies */
#define W_INSTRUMENT 90  /* weight of a known instrument's type */
#define W_BODY 20        /* weight of a body's usual type */

/* ---- phrases ----------------------------------------------------------- */

/* Finds phrase (already flattened) in hay[from..len) as whole words, ignoring
 * ASCII case.  Returns the position or -1. */
static long find_phrase(const char *hay, size_t len, size_t from, const char *phrase)
{
	size_t pl = strlen(phrase);
	if (pl == 0 || pl > len)
		return -1;
	for (size_t i = from; i + pl <= len; i++) {
		if (strncasecmp(hay + i, phrase, pl) != 0)
			continue;
		if (meta_is_word_byte((unsigned char)phrase[0]) && i > 0 &&
		    meta_is_word_byte((unsigned char)hay[i - 1]))
			continue;
		/* A digit may follow at once: poppler glues table cells, as in
		 * "Uitspraakdatum06-02-2014". */
		if (meta_is_word_byte((unsigned char)phrase[pl - 1]) && i + pl < len &&
		    meta_is_word_byte((unsigned char)hay[i + pl]) &&
		    !(hay[i + pl] >= '0' && hay[i + pl] <= '9'))
			continue;
		return (long)i;
	}
	return -1;
}

/* ---- dates ------------------------------------------------------------- */

/* Matches a month word at s (whole word, ASCII case ignored); returns the
 * month and sets *len, or 0. */
static int month_at(const struct meta_rules *r, const char *s, size_t *len)
{
	int best = 0;
	size_t best_len = 0;
	for (size_t i = 0; i < r->months.n; i++) {
		const char *w = r->months.v[i].word;
		size_t wl = strlen(w);
		if (wl > best_len && strncasecmp(s, w, wl) == 0 &&
		    !meta_is_word_byte((unsigned char)s[wl])) {
			best = r->months.v[i].month;
			best_len = wl;
		}
	}
	/* An abbreviation may carry a full stop: "jan." */
	if (best && s[best_len] == '.')
		best_len++;
	*len = best_len;
	return best;
}

/* Reads up to max digits at s; returns the number of digits read. */
static int digits(const char *s, int max, int *val)
{
	int n = 0, v = 0;
	while (n < max && isdigit((unsigned char)s[n]))
		v = v * 10 + (s[n++] - '0');
	*val = v;
	return n;
}

static int valid_ymd(int y, int mo, int d)
{
	return y >= 1800 && y <= 2199 && mo >= 1 && mo <= 12 && d >= 0 && d <= 31;
}

/* Formats y-mo-d (d 0: month only, mo 0: year only) into out[11]. */
static void format_date(char *out, int y, int mo, int d)
{
	if (mo == 0)
		snprintf(out, 11, "%04d", y);
	else if (d == 0)
		snprintf(out, 11, "%04d-%02d", y, mo);
	else
		snprintf(out, 11, "%04d-%02d-%02d", y, mo, d);
}

/* Parses a date starting at s (flattened text).  On success writes ISO form
 * into out[11] and returns 1. */
static int parse_date_at(const struct meta_rules *r, const char *s, char *out)
{
	int a, b, c, na, nb, nc;
	size_t ml;
	int mo;

	na = digits(s, 4, &a);
	if (na == 4 && (s[4] == '-' || s[4] == '.' || s[4] == '/')) {
		/* 2019-05-22, 2019.12.18 */
		nb = digits(s + 5, 2, &b);
		if (nb >= 1 && s[5 + nb] == s[4] && (nc = digits(s + 6 + nb, 2, &c)) >= 1 &&
		    !isdigit((unsigned char)s[6 + nb + nc]) && valid_ymd(a, b, c) && c > 0) {
			format_date(out, a, b, c);
			return 1;
		}
		return 0;
	}
	if (na >= 1 && na <= 2) {
		const char *p = s + na;
		if (*p == '-' || *p == '/' || *p == '.') {
			/* 22-05-2019, 13/11/2007 */
			char sep = *p;
			nb = digits(p + 1, 2, &b);
			if (nb >= 1 && p[1 + nb] == sep && (nc = digits(p + 2 + nb, 4, &c)) == 4 &&
			    !isdigit((unsigned char)p[2 + nb + nc]) && valid_ymd(c, b, a) && a > 0) {
				format_date(out, c, b, a);
				return 1;
			}
			return 0;
		}
		/* 22 mei 2019, 25th day of October 1980, 1er juin 2008 */
		if (strncasecmp(p, "st", 2) == 0 || strncasecmp(p, "nd", 2) == 0 ||
		    strncasecmp(p, "rd", 2) == 0 || strncasecmp(p, "th", 2) == 0 ||
		    strncasecmp(p, "er", 2) == 0)
			p += 2;
		if (*p != ' ')
			return 0;
		p++;
		if (strncasecmp(p, "day of ", 7) == 0)
			p += 7;
		if ((mo = month_at(r, p, &ml)) == 0)
			return 0;
		p += ml;
		if (*p == ',')
			p++;
		if (*p == ' ')
			p++;
		if (digits(p, 4, &c) == 4 && !isdigit((unsigned char)p[4]) && valid_ymd(c, mo, a) &&
		    a > 0) {
			format_date(out, c, mo, a);
			return 1;
		}
		return 0;
	}
	if (na == 0 && (mo = month_at(r, s, &ml)) != 0) {
		/* December 18, 2019 or May 2019 */
		const char *p = s + ml;
		if (*p != ' ')
			return 0;
		p++;
		nb = digits(p, 4, &b);
		if (nb >= 1 && nb <= 2 && p[nb] == ',' && p[nb + 1] == ' ' &&
		    digits(p + nb + 2, 4, &c) == 4 && !isdigit((unsigned char)p[nb + 6]) &&
		    valid_ymd(c, mo, b) && b > 0) {
			format_date(out, c, mo, b);
			return 1;
		}
		if (nb == 4 && !isdigit((unsigned char)p[4]) && valid_ymd(b, mo, 0)) {
			format_date(out, b, mo, 0);
			return 1;
		}
	}
	return 0;
}

/* ---- detection --------------------------------------------------------- */

struct doc {
	char *front;        /* pages 1 and 2, flattened */
	size_t p1_len;      /* length of page 1 inside front */
	size_t p2_start;    /* start of page 2 inside front */
	size_t front_len;
	char *end;          /* last page (when there are more than 2), flattened */
	size_t end_len;
	char *title, *author, *subject;   /* flattened PDF metadata or NULL */
	char *fname;        /* base name without .pdf */
	char *fname_sym;    /* fname up to '_' with '-' as '/', e.g. CRC/C/GC/14 */
	char *fname_ecli;   /* ECLI spelled in the file name, or NULL */
};

static size_t region_len(const struct doc *d, enum where w)
{
	size_t n = w == WHERE_TOP ? TOP_LEN : w == WHERE_HEAD ? HEAD_LEN : d->front_len;
	if (w != WHERE_FRONT && n > d->p1_len)
		n = d->p1_len;
	return n;
}

static const char *page_name(const struct doc *d, size_t pos)
{
	return pos >= d->p2_start && d->p2_start > 0 ? "page2" : "page1";
}

static void doc_free(struct doc *d)
{
	free(d->front);
	free(d->end);
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->fname);
	free(d->fname_sym);
	free(d->fname_ecli);
}

static char *flatten_opt(const char *s)
{
	return s ? meta_flatten(s, strlen(s)) : NULL;
}

/* Builds the flattened views of the document.  Returns 0 or -1 (ENOMEM). */
static int doc_init(struct doc *d, const struct pdf_text *t, const char *path)
{
	memset(d, 0, sizeof(*d));
	const char *p1 = t && t->n_pages > 0 && t->pages[0] ? t->pages[0] : "";
	const char *p2 = t && t->n_pages > 1 && t->pages[1] ? t->pages[1] : "";
	char *f1 = meta_flatten(p1, strlen(p1)), *f2 = meta_flatten(p2, strlen(p2));
	if (f1 == NULL || f2 == NULL) {
		free(f1);
		free(f2);
		return -1;
	}
	size_t l1 = strlen(f1), l2 = strlen(f2);
	d->front = malloc(l1 + l2 + 2);
	if (d->front == NULL) {
		free(f1);
		free(f2);
		return -1;
	}
	memcpy(d->front, f1, l1);
	d->p1_len = l1;
	d->p2_start = l1 + 1;
	d->front[l1] = ' ';
	memcpy(d->front + l1 + 1, f2, l2 + 1);
	d->front_len = l1 + 1 + l2;
	free(f1);
	free(f2);
	if (t && t->n_pages > 2 && t->pages[t->n_pages - 1]) {
		const char *pl = t->pages[t->n_pages - 1];
		if ((d->end = meta_flatten(pl, strlen(pl))) == NULL)
			return -1;
		d->end_len = strlen(d->end);
	}
	if (t) {
		if ((t->title && (d->title = flatten_opt(t->title)) == NULL) ||
		    (t->author && (d->author = flatten_opt(t->author)) == NULL) ||
		    (t->subject && (d->subject = flatten_opt(t->subject)) == NULL))
			return -1;
	}
	if (path != NULL) {
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		size_t bl = strlen(base);
		if (bl > 4 && strcasecmp(base + bl - 4, ".pdf") == 0)
			bl -= 4;
		if ((d->fname = strndup(base, bl)) == NULL)
			return -1;
		size_t sl = strcspn(d->fname, "_ ");
		if ((d->fname_sym = strndup(d->fname, sl)) == NULL)
			return -1;
		for (char *q = d->fname_sym; *q; q++)
			if (*q == '-')
				*q = '/';
		/* ECLI_NL_HR_1984_AC8252-scan, ECLI.NL.RVS.2019.TEST.0001 */
		if (strncasecmp(d->fname, "ECLI", 4) == 0 && strchr("._:", d->fname[4]) &&
		    d->fname[4] != '\0') {
			char *e = strdup(d->fname);
			if (e == NULL)
				return -1;
			int seps = 0;
			size_t i;
			for (i = 4; e[i] != '\0'; i++) {
				if (seps < 4 && strchr("._:", e[i])) {
					e[i] = ':';
					seps++;
				} else if (seps == 4 && (e[i] == '-' || e[i] == ' ' || e[i] == '_')) {
					break;
				}
			}
			e[i] = '\0';
			for (char *q = e; *q; q++)
				*q = (char)toupper((unsigned char)*q);
			if (seps == 4 && e[strlen(e) - 1] != ':')
				d->fname_ecli = e;
			else
				free(e);
		}
	}
	return 0;
}

struct ident_hit {
	const struct ident_rule *rule;
	char *value;        /* malloc()ed */
	const char *where;  /* "text:page1", "pdf-title", "filename" */
};

/* Builds the identifier value for a match of rule ir in s. */
static char *ident_value(const struct ident_rule *ir, const char *s, const regmatch_t *g)
{
	size_t len = (size_t)(g[0].rm_eo - g[0].rm_so);
	const char *m = s + g[0].rm_so;
	if (ir->tmpl == NULL) {
		char *v = strndup(m, len);
		if (v && strcmp(ir->kind, "ecli") == 0)
			for (char *q = v; *q; q++)
				*q = (char)toupper((unsigned char)*q);
		/* A symbol or ECLI does not end in a full stop. */
		if (v && strlen(v) > 1 && v[strlen(v) - 1] == '.')
			v[strlen(v) - 1] = '\0';
		return v;
	}
	char *out;
	size_t o = 0;
	if (strcmp(ir->tmpl, "{appnos}") == 0) {
		/* Every number/yy in the match, in order, joined by "; ".  Each
		 * separator is at least one byte, so 2 * len is room enough. */
		if ((out = malloc(2 * len + 1)) == NULL)
			return NULL;
		for (size_t i = 0; i < len;) {
			if (!isdigit((unsigned char)m[i])) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < len && isdigit((unsigned char)m[j]))
				j++;
			if (j + 3 <= len && m[j] == '/' && isdigit((unsigned char)m[j + 1]) &&
			    isdigit((unsigned char)m[j + 2]) &&
			    (j + 3 == len || !isdigit((unsigned char)m[j + 3]))) {
				if (o > 0) {
					memcpy(out + o, "; ", 2);
					o += 2;
				}
				memcpy(out + o, m + i, j + 3 - i);
				o += j + 3 - i;
				j += 3;
			}
			i = j;
		}
		out[o] = '\0';
		return out;
	}
	/* Room: every \N can expand to at most len bytes. */
	size_t need = 1;
	for (const char *p = ir->tmpl; *p; p++)
		need += (p[0] == '\\' && isdigit((unsigned char)p[1])) ? len : 1;
	if ((out = malloc(need)) == NULL)
		return NULL;
	for (const char *p = ir->tmpl; *p; p++) {
		if (p[0] == '\\' && isdigit((unsigned char)p[1])) {
			int k = p[1] - '0';
			if (k < MAX_GROUPS && g[k].rm_so >= 0) {
				memcpy(out + o, s + g[k].rm_so, (size_t)(g[k].rm_eo - g[k].rm_so));
				o += (size_t)(g[k].rm_eo - g[k].rm_so);
			}
			p++;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	return out;
}

/* Earliest match of ir in s[0..len) that starts and ends at a boundary (no
 * letter, digit or '/' just before or after it, so that a part of a longer
 * symbol does not count).  Returns 1 with groups in g. */
static int ident_match(const struct ident_rule *ir, const char *s, size_t len, regmatch_t *g)
{
	size_t off = 0;
	while (off < len) {
		g[0].rm_so = (regoff_t)off;
		g[0].rm_eo = (regoff_t)len;
		if (regexec(&ir->re, s, MAX_GROUPS, g, REG_STARTEND) != 0)
			return 0;
		size_t st = (size_t)g[0].rm_so, en = (size_t)g[0].rm_eo;
		int start_ok = st == 0 || (!meta_is_word_byte((unsigned char)s[st - 1]) && s[st - 1] != '/');
		int end_ok = en >= len || (!meta_is_word_byte((unsigned char)s[en]) && s[en] != '/');
		if (start_ok && end_ok)
			return 1;
		off = st + 1;
	}
	return 0;
}

/* Finds the document's identifier; returns 0 (hit->rule NULL when none) or
 * -1 on ENOMEM. */
static int find_ident(const struct meta_rules *r, const struct doc *d, struct ident_hit *hit)
{
	struct ident_src { const char *s; size_t len; const char *where; } src[5];
	int ns = 0;
	regmatch_t g[MAX_GROUPS];

	memset(hit, 0, sizeof(*hit));
	/* A typed symbol in the PDF title ("CCPR/C/78/D/950/2000": un_views)
	 * beats an untyped one below the top lines of the text, which is a
	 * citation ("E/CN.4/2000/64/Add.1" in a footnote). */
	int title_typed = 0;
	for (size_t i = 0; d->title && i < r->idents.n && !title_typed; i++)
		title_typed = r->idents.v[i].type != NULL && strcmp(r->idents.v[i].type, "-") != 0 &&
			      ident_match(&r->idents.v[i], d->title, strlen(d->title), g);
	src[ns++] = (struct ident_src){ d->front, d->p1_len, "text:page1" };
	if (d->front_len > d->p2_start)
		src[ns++] = (struct ident_src){ d->front + d->p2_start, d->front_len - d->p2_start,
					      "text:page2" };
	if (d->title)
		src[ns++] = (struct ident_src){ d->title, strlen(d->title), "pdf-title" };
	if (d->fname_sym)
		src[ns++] = (struct ident_src){ d->fname_sym, strlen(d->fname_sym), "filename" };
	if (d->fname)
		src[ns++] = (struct ident_src){ d->fname, strlen(d->fname), "filename" };
	for (int k = 0; k < ns; k++) {
		if (strcmp(src[k].where, "filename") == 0 && d->fname_ecli) {
			/* The file name spells an ECLI with other separators. */
			for (size_t i = 0; i < r->idents.n; i++) {
				const struct ident_rule *ir = &r->idents.v[i];
				if (strcmp(ir->kind, "ecli") == 0 &&
				    ident_match(ir, d->fname_ecli, strlen(d->fname_ecli), g)) {
					hit->rule = ir;
					hit->value = strdup(d->fname_ecli);
					hit->where = "filename";
					return hit->value ? 0 : -1;
				}
			}
		}
		/* In the first lines of page 1 the first rule wins, so
		 * that a joint symbol gives its CRC part; elsewhere the earliest
		 * match wins, so that a cited symbol does not beat the own one. */
		int text = strncmp(src[k].where, "text:", 5) == 0;
		size_t top = text && k == 0 && src[k].len > SYMBOL_TOP_LEN ? SYMBOL_TOP_LEN : src[k].len;
		for (int pass = 0; pass < (top < src[k].len ? 2 : 1); pass++) {
			size_t len = pass == 0 ? top : src[k].len;
			int by_pos = pass == 1 || (text && k > 0);
			const struct ident_rule *best = NULL;
			regmatch_t bg[MAX_GROUPS];
			for (size_t i = 0; i < r->idents.n; i++) {
				const struct ident_rule *ir = &r->idents.v[i];
				if (!ident_match(ir, src[k].s, len, g))
					continue;
				if (best != NULL && g[0].rm_so >= bg[0].rm_so)
					continue;
				best = ir;
				memcpy(bg, g, sizeof(bg));
				if (!by_pos)
					break;
			}
			if (best == NULL)
				continue;
			if (text && by_pos && title_typed &&
			    (best->type == NULL || strcmp(best->type, "-") == 0))
				continue;
			char *v = ident_value(best, src[k].s, bg);
			if (v == NULL)
				return -1;
			if (*v == '\0') {
				free(v);
				continue;
			}
			hit->rule = best;
			hit->value = v;
			hit->where = src[k].where;
			return 0;
		}
	}
	return 0;
}

static const struct instrument_rule *find_instrument(const struct meta_rules *r, const char *id)
{
	for (size_t i = 0; id != NULL && i < r->instruments.n; i++)
		if (strcasecmp(r->instruments.v[i].id, id) == 0)
			return &r->instruments.v[i];
	return NULL;
}

/* Longest court name starting exactly at s[pos] (type-compatible). */
static long name_at(const struct meta_rules *r, const char *s, size_t len, size_t pos,
		    const char *doc_type, size_t *name_idx)
{
	long best = -1;
	size_t best_len = 0;
	for (size_t i = 0; i < r->names.n; i++) {
		const struct name_rule *nr = &r->names.v[i];
		const char *ct = meta_court_at(r, nr->court)->type;
		size_t pl = strlen(nr->phrase);
		if (doc_type && ct && strcmp(ct, doc_type) != 0)
			continue;
		if (pl <= best_len || pos + pl > len || strncasecmp(s + pos, nr->phrase, pl) != 0)
			continue;
		if (meta_is_word_byte((unsigned char)nr->phrase[pl - 1]) && pos + pl < len &&
		    meta_is_word_byte((unsigned char)s[pos + pl]))
			continue;
		best = (long)nr->court;
		best_len = pl;
		*name_idx = i;
	}
	return best;
}

/* Earliest (then longest) court name in s[0..len).  Returns the court index
 * or -1; sets *name_idx. */
static long earliest_name(const struct meta_rules *r, const char *s, size_t len,
			  const char *doc_type, size_t *name_idx)
{
	long best_pos = -1, best = -1;
	size_t best_len = 0;
	for (size_t i = 0; i < r->names.n; i++) {
		const struct name_rule *nr = &r->names.v[i];
		const char *ct = meta_court_at(r, nr->court)->type;
		if (doc_type && ct && strcmp(ct, doc_type) != 0)
			continue;
		long p = find_phrase(s, len, 0, nr->phrase);
		size_t pl = strlen(nr->phrase);
		if (p < 0)
			continue;
		if (best_pos < 0 || p < best_pos || (p == best_pos && pl > best_len)) {
			best_pos = p;
			best = (long)nr->court;
			best_len = pl;
			*name_idx = i;
		}
	}
	return best;
}

static int set_court(const struct meta_rules *r, struct meta *m, size_t ci,
		     const char *source, struct error **err)
{
	const struct vocab_court *c = meta_court_at(r, ci);
	if (meta_field_set(&m->court, err, c->code, "%s", source) < 0 ||
	    meta_field_set(&m->court_name, err, c->name, "rule:court %s", c->code) < 0)
		return -1;
	return 0;
}

/* Court from a court label ("Instantie Centrale Raad van Beroep"). */
static int court_from_label(const struct meta_rules *r, const struct doc *d, struct meta *m,
			    struct error **err)
{
	long best_pos = -1, best_court = -1;
	const char *best_label = NULL;
	for (size_t i = 0; i < r->labels.n; i++) {
		const struct label_rule *lr = &r->labels.v[i];
		if (lr->is_date || lr->where == WHERE_END)
			continue;
		size_t len = region_len(d, lr->where);
		for (long p = find_phrase(d->front, len, 0, lr->phrase); p >= 0;
		     p = find_phrase(d->front, len, (size_t)p + 1, lr->phrase)) {
			size_t v = (size_t)p + strlen(lr->phrase);
			while (v < d->front_len && (d->front[v] == ' ' || d->front[v] == ':'))
				v++;
			size_t ni;
			long c = name_at(r, d->front, d->front_len, v, NULL, &ni);
			if (c >= 0 && (best_pos < 0 || p < best_pos)) {
				best_pos = p;
				best_court = c;
				best_label = lr->phrase;
			}
		}
	}
	if (best_court < 0)
		return 0;
	char src[160];
	snprintf(src, sizeof(src), "text:%s:'%s'", page_name(d, (size_t)best_pos), best_label);
	return set_court(r, m, (size_t)best_court, src, err);
}

/* The court from an ECLI (CC:COURT part). */
static int court_from_ecli(const struct meta_rules *r, const char *ecli, struct meta *m,
			   struct error **err)
{
	const char *cc = ecli + 5;   /* after "ECLI:" */
	const char *colon = strchr(cc, ':');
	if (strncasecmp(ecli, "ECLI:", 5) != 0 || colon == NULL)
		return 0;
	const char *end = strchr(colon + 1, ':');
	if (end == NULL)
		return 0;
	size_t n = (size_t)(end - cc);
	for (size_t i = 0; i < r->eclis.n; i++)
		if (strlen(r->eclis.v[i].cc_court) == n &&
		    strncasecmp(r->eclis.v[i].cc_court, cc, n) == 0)
			return set_court(r, m, r->eclis.v[i].court, "ecli-court-code", err);
	/* Unknown court: keep its code, no display name. */
	char code[32];
	size_t cl = (size_t)(end - colon - 1);
	if (cl == 0 || cl >= sizeof(code))
		return 0;
	memcpy(code, colon + 1, cl);
	code[cl] = '\0';
	return meta_field_set(&m->court, err, code, "ecli-court-code(unknown)");
}

struct type_vote { const char *type; int weight; long pos; char src[200]; };

static void vote(struct type_vote *best, const char *type, int weight, long pos, const char *fmt,
		 ...) __attribute__((format(printf, 5, 6)));
static void vote(struct type_vote *best, const char *type, int weight, long pos, const char *fmt,
		 ...)
{
	if (best->type != NULL &&
	    (weight < best->weight || (weight == best->weight && pos >= best->pos)))
		return;
	best->type = type;
	best->weight = weight;
	best->pos = pos;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(best->src, sizeof(best->src), fmt, ap);
	va_end(ap);
}

static void type_from_cues(const struct meta_rules *r, const struct doc *d, struct type_vote *best)
{
	for (size_t i = 0; i < r->cues.n; i++) {
		const struct cue_rule *cr = &r->cues.v[i];
		long p = -1;
		const char *where = NULL;
		if (cr->where == WHERE_END) {
			if (d->end && (p = find_phrase(d->end, d->end_len, 0, cr->phrase)) >= 0)
				where = "last-page";
		} else if ((p = find_phrase(d->front, region_len(d, cr->where), 0, cr->phrase)) >= 0) {
			where = page_name(d, (size_t)p);
		}
		if (where != NULL) {
			vote(best, cr->type, cr->weight, p, "text:%s:cue '%s'", where, cr->phrase);
			continue;
		}
		/* The PDF title is a weaker place for the same cue. */
		if (d->title && find_phrase(d->title, strlen(d->title), 0, cr->phrase) >= 0)
			vote(best, cr->type, cr->weight - 5, LONG_MAX / 2, "pdf-title:cue '%s'",
			     cr->phrase);
	}
}

/* Finds the earliest label date in s[0..len); returns its position or -1. */
static long date_from_labels(const struct meta_rules *r, const char *s, size_t len,
			     const struct doc *d, int end_region, char *out, const char **label)
{
	long best = -1;
	for (size_t i = 0; i < r->labels.n; i++) {
		const struct label_rule *lr = &r->labels.v[i];
		if (!lr->is_date || (lr->where == WHERE_END) != end_region)
			continue;
		size_t rl = end_region ? len : region_len(d, lr->where);
		for (long p = find_phrase(s, rl, 0, lr->phrase); p >= 0;
		     p = find_phrase(s, rl, (size_t)p + 1, lr->phrase)) {
			if (best >= 0 && p >= best)
				break;
			size_t v = (size_t)p + strlen(lr->phrase);
			while (v < len && (s[v] == ' ' || s[v] == ':' || s[v] == ',' || s[v] == '\n' ||
					   s[v] == '\t'))
				v++;
			char tmp[11];
			if (v < len && parse_date_at(r, s + v, tmp)) {
				best = p;
				memcpy(out, tmp, sizeof(tmp));
				*label = lr->phrase;
				break;
			}
		}
	}
	return best;
}

/* A year from the symbol's session number or the year written in it. */
static int date_from_symbol(const struct meta_rules *r, const char *ident, char *out,
			    const char **prefix)
{
	for (size_t i = 0; i < r->sessions.n; i++) {
		const struct session_rule *sr = &r->sessions.v[i];
		size_t pl = strlen(sr->prefix);
		int n;
		if (strncasecmp(ident, sr->prefix, pl) != 0)
			continue;
		int nd = digits(ident + pl, 4, &n);
		if (nd == 0 || (ident[pl + nd] != '/' && ident[pl + nd] != '\0'))
			continue;
		int y;
		if (sr->per == 0) {
			if (nd != 4)
				continue;
			y = n;
		} else {
			int k = n - sr->first;
			y = sr->year + (k >= 0 ? k / sr->per : -((-k + sr->per - 1) / sr->per));
		}
		if (!valid_ymd(y, 1, 1))
			continue;
		format_date(out, y, 0, 0);
		*prefix = sr->prefix;
		return 1;
	}
	return 0;
}

/* A 4-digit year (1900-2099) standing alone at the end of s, or in s. */
static int year_in(const char *s, int at_end_only, char *out)
{
	size_t n = strlen(s);
	for (size_t i = n; i >= 4; i--) {
		const char *p = s + i - 4;
		if ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) {
			if (isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]) &&
			    (i - 4 == 0 || !isalnum((unsigned char)p[-1])) &&
			    (i == n || !isalnum((unsigned char)p[4]))) {
				memcpy(out, p, 4);
				out[4] = '\0';
				return 1;
			}
		}
		if (at_end_only)
			return 0;
	}
	return 0;
}

/* The year part of an ECLI (ECLI:NL:HR:1984:AC8252 -> 1984). */
static int ecli_year(const char *ecli, char *out)
{
	const char *p = ecli;
	for (int k = 0; k < 3 && p != NULL; k++) {
		p = strchr(p, ':');
		if (p != NULL)
			p++;
	}
	int y;
	if (p == NULL || digits(p, 4, &y) != 4 || p[4] != ':' || !valid_ymd(y, 1, 1))
		return 0;
	format_date(out, y, 0, 0);
	return 1;
}

int meta_detect(const struct meta_rules *r, const struct pdf_text *t, const char *path,
		struct meta *m, struct error **err)
{
	assert(r != NULL && m != NULL);
	struct doc d;
	struct ident_hit id = { 0 };
	int rc = -1;
	char buf[11];

	if (doc_init(&d, t, path) < 0) {
		error_set(err, ERR_NOMEM, "out of memory");
		goto out;
	}
	if (find_ident(r, &d, &id) < 0) {
		error_set(err, ERR_NOMEM, "out of memory");
		goto out;
	}
	int is_ecli = id.rule && strcmp(id.rule->kind, "ecli") == 0;
	const struct instrument_rule *inst = id.rule ? find_instrument(r, id.value) : NULL;
	if (id.rule && meta_field_set(&m->ident, err, id.value, "%s:%s", id.where, id.rule->kind) < 0)
		goto out;

	/* Court, first pass: cues that do not depend on the type. */
	if (is_ecli && court_from_ecli(r, id.value, m, err) < 0)
		goto out;
	if (!m->court.value && inst &&
	    set_court(r, m, inst->court, "rule:instrument", err) < 0)
		goto out;
	if (!m->court.value && id.rule && id.rule->court >= 0) {
		char src[64];
		snprintf(src, sizeof(src), "ident:%s", id.rule->kind);
		if (set_court(r, m, (size_t)id.rule->court, src, err) < 0)
			goto out;
	}
	if (!m->court.value && court_from_label(r, &d, m, err) < 0)
		goto out;

	/* Type: the strongest cue. */
	struct type_vote tv = { 0 };
	if (inst)
		vote(&tv, inst->type, W_INSTRUMENT, -1, "rule:instrument %s", inst->id);
	if (id.rule && id.rule->type)
		vote(&tv, id.rule->type, W_IDENT, -1, "ident:%s", id.rule->kind);
	type_from_cues(r, &d, &tv);
	if (m->court.value) {
		long ci = meta_court_index(r, m->court.value);
		if (ci >= 0 && meta_court_at(r, ci)->type)
			vote(&tv, meta_court_at(r, ci)->type, W_BODY, LONG_MAX / 2, "court-type:%s",
			     m->court.value);
	}

	/* Court, second pass: names, compatible with the type found so far. */
	if (!m->court.value) {
		const char *meta_srcs[3] = { d.title, d.author, d.subject };
		const char *meta_names[3] = { "pdf-title", "pdf-author", "pdf-subject" };
		size_t ni = 0;
		long c = earliest_name(r, d.front, region_len(&d, WHERE_HEAD), tv.type, &ni);
		const char *where = "text:page1";
		for (int k = 0; c < 0 && k < 3; k++)
			if (meta_srcs[k]) {
				c = earliest_name(r, meta_srcs[k], strlen(meta_srcs[k]), tv.type, &ni);
				where = meta_names[k];
			}
		if (c >= 0) {
			char src[200];
			snprintf(src, sizeof(src), "%s:rule:court-name '%s'", where,
				 r->names.v[ni].phrase);
			if (set_court(r, m, (size_t)c, src, err) < 0)
				goto out;
			if (meta_court_at(r, c)->type)
				vote(&tv, meta_court_at(r, c)->type, W_BODY, LONG_MAX / 2,
				     "court-type:%s", m->court.value);
		}
	}
	if (tv.type && meta_field_set(&m->type, err, tv.type, "%s", tv.src) < 0)
		goto out;

	/* Date. */
	const char *label = NULL;
	long p = date_from_labels(r, d.front, d.front_len, &d, 0, buf, &label);
	const char *prefix;
	if (p >= 0) {
		if (meta_field_set(&m->date, err, buf, "text:%s:'%s'", page_name(&d, (size_t)p), label) < 0)
			goto out;
	} else if (inst && inst->date) {
		if (meta_field_set(&m->date, err, inst->date, "rule:instrument %s", inst->id) < 0)
			goto out;
	} else if (d.end && date_from_labels(r, d.end, d.end_len, &d, 1, buf, &label) >= 0) {
		if (meta_field_set(&m->date, err, buf, "text:last-page:'%s'", label) < 0)
			goto out;
	} else if (is_ecli && ecli_year(id.value, buf)) {
		if (meta_field_set(&m->date, err, buf, "ecli-year") < 0)
			goto out;
	} else if (id.rule && date_from_symbol(r, id.value, buf, &prefix)) {
		if (meta_field_set(&m->date, err, buf, "rule:session %s", prefix) < 0)
			goto out;
	} else if (d.title && year_in(d.title, 1, buf)) {
		if (meta_field_set(&m->date, err, buf, "pdf-title-year") < 0)
			goto out;
	} else if (d.fname && tv.type &&
		   (strcmp(tv.type, "report") == 0 || strcmp(tv.type, "legislation") == 0 ||
		    strcmp(tv.type, "other") == 0) &&
		   year_in(d.fname, 0, buf)) {
		if (meta_field_set(&m->date, err, buf, "filename-year") < 0)
			goto out;
	}
	if (meta_detect_facts(r, t, m, err) < 0)
		goto out;
	rc = 0;
out:
	free(id.value);
	doc_free(&d);
	return rc;
}

int meta_fill_court_name(const struct meta_rules *r, struct meta *m, struct error **err)
{
	if (m->court.value == NULL || m->court_name.value != NULL)
		return 0;
	long ci = meta_court_index(r, m->court.value);
	if (ci < 0)
		return 0;
	return meta_field_set(&m->court_name, err, meta_court_at(r, ci)->name, "rule:court %s",
			 meta_court_at(r, ci)->code);
}
