/* citeas.c - a document's citation in Dutch and English (see citeas.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/xalloc.h"
#include "search/citeas.h"

#define CITEAS_MAX_LINE 1024

struct abbr {
	char *code, *nl, *en;
};
struct state {
	char *en, *nl;
};
struct format {
	char *kind, *lang, *tmpl;
};
struct pinfmt {
	char *kind, *lang, *para, *page;
};

struct citeas {
	struct abbr *abbr;
	size_t n_abbr;
	struct state *state;
	size_t n_state;
	struct format *fmt;
	size_t n_fmt;
	struct pinfmt *pin;
	size_t n_pin;
};

/* ---- loading ---- */

/* Splits "a | b" into trimmed a and b (b NULL when there is no '|'). */
static void split_bar(char *s, char **a, char **b)
{
	char *bar = strchr(s, '|');
	if (bar != NULL) {
		*bar = '\0';
		*b = util_trim(bar + 1);
	} else {
		*b = NULL;
	}
	*a = util_trim(s);
}

static void *grow(void *v, size_t n, size_t size)
{
	/* One element more; n is small (lines of a data file). */
	return xreallocarray(v, n + 1, size);
}

static int parse_line(struct citeas *c, char *line, const char *path, unsigned lineno,
		      struct error **err)
{
	char *rest = line;
	char *dir = util_word(&rest);
	if (dir == NULL || dir[0] == '#')
		return 0;
	if (strcmp(dir, "abbr") == 0) {
		char *code = util_word(&rest), *nl, *en;
		if (code == NULL || *util_trim(rest) == '\0')
			goto bad;
		split_bar(rest, &nl, &en);
		c->abbr = grow(c->abbr, c->n_abbr, sizeof(*c->abbr));
		c->abbr[c->n_abbr++] = (struct abbr){ xstrdup(code), xstrdup(nl),
						      xstrdup(en && *en ? en : nl) };
		return 0;
	}
	if (strcmp(dir, "state") == 0) {
		char *en, *nl;
		split_bar(rest, &en, &nl);
		if (*en == '\0' || nl == NULL || *nl == '\0')
			goto bad;
		c->state = grow(c->state, c->n_state, sizeof(*c->state));
		c->state[c->n_state++] = (struct state){ xstrdup(en), xstrdup(nl) };
		return 0;
	}
	if (strcmp(dir, "format") == 0 || strcmp(dir, "pin") == 0) {
		char *kind = util_word(&rest), *lang = util_word(&rest);
		rest = util_trim(rest);
		if (kind == NULL || lang == NULL || *rest == '\0' ||
		    (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0))
			goto bad;
		if (dir[0] == 'f') {
			c->fmt = grow(c->fmt, c->n_fmt, sizeof(*c->fmt));
			c->fmt[c->n_fmt++] = (struct format){ xstrdup(kind), xstrdup(lang),
							      xstrdup(rest) };
		} else {
			char *para, *page;
			split_bar(rest, &para, &page);
			if (*para == '\0' || page == NULL || *page == '\0')
				goto bad;
			c->pin = grow(c->pin, c->n_pin, sizeof(*c->pin));
			c->pin[c->n_pin++] = (struct pinfmt){ xstrdup(kind), xstrdup(lang),
							      xstrdup(para), xstrdup(page) };
		}
		return 0;
	}
bad:
	return error_set(err, ERR_INPUT, "%s:%u: not a valid line (see the file's top)", path,
			 lineno);
}

struct citeas *citeas_load(const char *path, struct error **err)
{
	char *def = NULL;
	if (path == NULL)
		path = def = util_data_path("cite-formats.txt");
	size_t len;
	char *text = util_read_file(path, 1 << 20, &len, err);
	struct citeas *c = NULL;
	if (text == NULL)
		goto out;
	c = xcalloc(1, sizeof(*c));
	unsigned lineno = 0;
	for (char *line = text, *next; line != NULL && *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (strlen(line) > CITEAS_MAX_LINE) {
			error_set(err, ERR_INPUT, "%s:%u: line too long", path, lineno);
			goto fail;
		}
		if (parse_line(c, line, path, lineno, err) < 0)
			goto fail;
	}
	if (c->n_fmt == 0) {
		error_set(err, ERR_INPUT, "%s: no format lines", path);
		goto fail;
	}
	goto out;
fail:
	citeas_free(c);
	c = NULL;
out:
	free(text);
	free(def);
	return c;
}

void citeas_free(struct citeas *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->n_abbr; i++)
		free(c->abbr[i].code), free(c->abbr[i].nl), free(c->abbr[i].en);
	for (size_t i = 0; i < c->n_state; i++)
		free(c->state[i].en), free(c->state[i].nl);
	for (size_t i = 0; i < c->n_fmt; i++)
		free(c->fmt[i].kind), free(c->fmt[i].lang), free(c->fmt[i].tmpl);
	for (size_t i = 0; i < c->n_pin; i++)
		free(c->pin[i].kind), free(c->pin[i].lang), free(c->pin[i].para),
			free(c->pin[i].page);
	free(c->abbr);
	free(c->state);
	free(c->fmt);
	free(c->pin);
	free(c);
}

/* ---- values ---- */

static const char *const months_nl[] = { "januari", "februari", "maart",     "april",
					 "mei",     "juni",     "juli",      "augustus",
					 "september", "oktober", "november", "december" };
static const char *const months_en[] = { "January", "February", "March",     "April",
					 "May",     "June",     "July",      "August",
					 "September", "October", "November", "December" };

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

char *citeas_date(const char *date, const char *lang)
{
	const char *const *m = lang && strcmp(lang, "nl") == 0 ? months_nl : months_en;
	struct buf b = BUF_INIT;
	size_t n = date ? strlen(date) : 0;
	if (n >= 7 && digits(date, 4) && date[4] == '-' && digits(date + 5, 2)) {
		int mon = (date[5] - '0') * 10 + (date[6] - '0');
		if (mon >= 1 && mon <= 12) {
			if (n == 10 && date[7] == '-' && digits(date + 8, 2)) {
				int day = (date[8] - '0') * 10 + (date[9] - '0');
				buf_addf(&b, "%d %s %.4s", day, m[mon - 1], date);
			} else if (n == 7) {
				buf_addf(&b, "%s %.4s", m[mon - 1], date);
			}
		}
	}
	if (b.len == 0)
		buf_adds(&b, date ? date : "");
	return buf_detach(&b);
}

/* Case-insensitive (ASCII) search for needle in hay, at most within the
 * first lim bytes (0: no limit). */
static const char *find_ci(const char *hay, const char *needle, size_t lim)
{
	size_t n = strlen(needle), h = strlen(hay);
	if (lim && h > lim)
		h = lim;
	int c0 = tolower((unsigned char)needle[0]); /* a call only where it may match */
	for (size_t i = 0; i + n <= h; i++)
		if (tolower((unsigned char)hay[i]) == c0 && strncasecmp(hay + i, needle, n) == 0)
			return hay + i;
	return NULL;
}

/* The capitalised place name after "zittingsplaats " or "zp " in s. */
static void find_seat(const char *s, struct buf *out)
{
	static const char *const cues[] = { "zittingsplaats ", "zp " };
	if (s == NULL)
		return;
	const size_t lim = 1500; /* the seat stands in a ruling's header */
	for (size_t k = 0; k < 2; k++) {
		for (const char *p = s; (size_t)(p - s) < lim &&
					(p = find_ci(p, cues[k], lim - (size_t)(p - s))) != NULL;
		     p++) {
			/* a word boundary before the cue */
			if (p > s && isalnum((unsigned char)p[-1]))
				continue;
			const char *v = p + strlen(cues[k]);
			if (!isupper((unsigned char)*v) && *v != '\'')
				continue;
			const char *e = v;
			while (*e != '\0' && (isalnum((unsigned char)*e) || *e == '-' || *e == '\'' ||
					      (unsigned char)*e >= 0x80))
				e++;
			/* "'s-Hertogenbosch": the apostrophe form */
			buf_add(out, v, (size_t)(e - v));
			return;
		}
	}
}

/* Lower-cases the letters after the first of an upper-case word (ASCII and
 * Latin-1 letters in UTF-8); words with a full stop inside ("D.H.") stay. */
static void add_word_titlecase(struct buf *b, const char *w, size_t n)
{
	if (memchr(w, '.', n) != NULL) {
		buf_add(b, w, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)w[i];
		if (i == 0) {
			buf_addc(b, (char)ch);
			if (ch == 0xC3 && i + 1 < n)
				buf_addc(b, w[++i]);
			continue;
		}
		if (ch >= 'A' && ch <= 'Z')
			buf_addc(b, (char)(ch + 32));
		else if (ch == 0xC3 && i + 1 < n && (unsigned char)w[i + 1] >= 0x80 &&
			 (unsigned char)w[i + 1] <= 0x9E && (unsigned char)w[i + 1] != 0x97) {
			buf_addc(b, (char)ch);
			buf_addc(b, (char)((unsigned char)w[++i] + 0x20));
		} else
			buf_addc(b, (char)ch);
	}
}

static int all_upper(const char *s, size_t n)
{
	int letters = 0;
	for (size_t i = 0; i < n; i++) {
		if (islower((unsigned char)s[i]))
			return 0;
		if (isupper((unsigned char)s[i]))
			letters++;
	}
	return letters > 0;
}

/* Appends s (n bytes), title-cased word by word when it is all upper case,
 * with "and others" written as and_others. */
static void add_party(struct buf *b, const char *s, size_t n, const char *and_others)
{
	int upper = all_upper(s, n);
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != ' ')
			j++;
		if (j - i == 3 && strncasecmp(s + i, "and", 3) == 0 && n - j >= 7 &&
		    strncasecmp(s + j, " others", 7) == 0 && (j + 7 == n || s[j + 7] == ' ')) {
			buf_adds(b, and_others);
			j += 7;
		} else if (j - i == 2 && strncasecmp(s + i, "et", 2) == 0 && n - j >= 7 &&
			   strncasecmp(s + j, " autres", 7) == 0 && (j + 7 == n || s[j + 7] == ' ')) {
			buf_adds(b, and_others); /* a French title: "D.H. ET AUTRES" */
			j += 7;
		} else if (upper) {
			add_word_titlecase(b, s + i, j - i);
		} else {
			buf_add(b, s + i, j - i);
		}
		if (j < n)
			buf_addc(b, ' ');
		i = j + 1;
	}
}

/* s[0..n) lower-cased and without accents ("RÉPUBLIQUE", "Republique" ->
 * "republique"), for comparing names however a title writes them: ASCII and
 * the Latin-1 letters of UTF-8 (C3 xx). */
static void skeleton(const char *s, size_t n, struct buf *out)
{
	static const char latin1[64] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
				       "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0xBF) {
			buf_addc(out, latin1[(unsigned char)s[++i] - 0x80]);
			continue;
		}
		buf_addc(out, (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch));
	}
}

static const char *state_nl(const struct citeas *c, const char *name, size_t n)
{
	struct buf want = BUF_INIT, have = BUF_INIT;
	const char *nl = NULL;
	skeleton(name, n, &want);
	for (size_t i = 0; i < c->n_state && nl == NULL; i++) {
		buf_reset(&have);
		skeleton(c->state[i].en, strlen(c->state[i].en), &have);
		if (strcmp(buf_str(&have), buf_str(&want)) == 0)
			nl = c->state[i].nl;
	}
	buf_free(&want);
	buf_free(&have);
	return nl;
}

/* "D.H. AND OTHERS v. THE CZECH REPUBLIC" / "D.D. v. Spain" as the case
 * name of a citation: "D.H. e.a./Tsjechië" in Dutch, "D.H. and Others v. the
 * Czech Republic" in English. */
static void case_name(const struct citeas *c, const char *s, size_t n, int nl, struct buf *out)
{
	const char *v = NULL;
	for (size_t i = 0; i + 4 <= n; i++)
		if (strncmp(s + i, " v. ", 4) == 0 || strncmp(s + i, " c. ", 4) == 0) {
			v = s + i;
			break;
		}
	if (v == NULL) {
		add_party(out, s, n, nl ? "e.a." : "and Others");
		return;
	}
	add_party(out, s, (size_t)(v - s), nl ? "e.a." : "and Others");
	const char *st = v + 4, *end = s + n;
	int the = 0;
	if (end - st > 4 && strncasecmp(st, "the ", 4) == 0) {
		the = 1;
		st += 4;
	}
	const char *dutch = nl ? state_nl(c, st, (size_t)(end - st)) : NULL;
	buf_adds(out, nl ? "/" : " v. ");
	if (dutch != NULL) {
		buf_adds(out, dutch);
		return;
	}
	if (the && !nl)
		buf_adds(out, "the ");
	add_party(out, st, (size_t)(end - st), nl ? "e.a." : "and Others");
}

/* The ECtHR case name from a title "CASE OF X v. Y (Application no. …)". */
static int echr_case(const char *title, const char **s, size_t *n)
{
	const char *p = title ? find_ci(title, "case of ", 0) : NULL;
	if (p != NULL)
		p += 8;
	else if (title && (p = find_ci(title, "affaire ", 0)) != NULL)
		p += 8; /* the French version of a judgment */
	else
		return -1;
	const char *e = strchr(p, '(');
	if (e == NULL)
		e = p + strlen(p);
	while (e > p && (e[-1] == ' ' || e[-1] == '-'))
		e--;
	if (e == p)
		return -1;
	*s = p;
	*n = (size_t)(e - p);
	return 0;
}

/* An application number "57325/00" in s after "Application no." or as s. */
static void find_appno(const char *s, int whole, struct buf *out)
{
	if (s == NULL)
		return;
	const char *p = s;
	if (!whole) {
		p = find_ci(s, "application no", 6000);
		if (p == NULL)
			return;
		p += 14;
		while (*p == '.' || *p == 's' || *p == ' ' || *p == ':')
			p++;
	}
	const char *q = p;
	while (isdigit((unsigned char)*q))
		q++;
	if (q - p < 1 || q - p > 6 || *q != '/' || !isdigit((unsigned char)q[1]) ||
	    !isdigit((unsigned char)q[2]) || isdigit((unsigned char)q[3]))
		return;
	if (whole && q[3] != '\0')
		return;
	buf_add(out, p, (size_t)(q + 3 - p));
}

/* The ECtHR judgment's ECLI from its date and application number:
 * ECLI:CE:ECHR:2007:1113JUD005732500. */
static void echr_ecli(const char *date, const char *appno, struct buf *out)
{
	if (date == NULL || strlen(date) != 10 || appno == NULL || *appno == '\0')
		return;
	const char *slash = strchr(appno, '/');
	if (slash == NULL)
		return;
	buf_addf(out, "ECLI:CE:ECHR:%.4s:%.2s%.2sJUD%07d%s", date, date + 5, date + 8,
		 atoi(appno), slash + 1);
}

/* 1 when the first page says the judgment is the Grand Chamber's: a line
 * "GRAND CHAMBER" (the formation's heading), "sitting as a Grand Chamber", or
 * HUDOC's "• Grand Chamber •".  A Chamber judgment may say that the case was
 * "REFERRED TO THE GRAND CHAMBER" later, which is not its own formation. */
static int grand_chamber(const char *page1)
{
	if (page1 == NULL)
		return 0;
	if (strstr(page1, "sitting as a Grand Chamber") || strstr(page1, "• Grand Chamber •") ||
	    strstr(page1, "siégeant en une Grande Chambre") || strstr(page1, "• Grande Chambre •"))
		return 1;
	static const char *const heads[] = { "GRAND CHAMBER", "GRANDE CHAMBRE" };
	for (int k = 0; k < 2; k++)
		for (const char *p = page1; (p = strstr(p, heads[k])) != NULL; p++) {
			int start = p == page1 || p[-1] == '\n';
			const char *e = p + strlen(heads[k]);
			while (*e == ' ' || *e == '\r')
				e++;
			if (start && (*e == '\n' || *e == '\0'))
				return 1;
		}
	return 0;
}

/* The ECtHR's own ECLI as the first page prints it; -1 when it does not. */
static int find_ecli(const char *page1, struct buf *out)
{
	const char *p = page1 ? strstr(page1, "ECLI:CE:ECHR:") : NULL;
	if (p == NULL)
		return -1;
	const char *e = p;
	while (isalnum((unsigned char)*e) || *e == ':' || *e == '.')
		e++;
	buf_add(out, p, (size_t)(e - p));
	return 0;
}

/* A General Comment's number from its symbol (CRC/C/GC/14, CRC/GC/2001/1)
 * or its title ("General Comment No. 14"). */
static void gc_number(const char *ident, const char *title, struct buf *out)
{
	const char *p = ident ? strstr(ident, "/GC/") : NULL;
	if (p != NULL) {
		p += 4;
		if (strlen(p) > 5 && digits(p, 4) && p[4] == '/') /* CRC/GC/2001/1 */
			p += 5;
		const char *e = p;
		while (isdigit((unsigned char)*e))
			e++;
		if (e > p) {
			buf_add(out, p, (size_t)(e - p));
			return;
		}
	}
	p = title ? find_ci(title, "comment no. ", 0) : NULL;
	if (p != NULL) {
		p += 12;
		const char *e = p;
		while (isdigit((unsigned char)*e))
			e++;
		buf_add(out, p, (size_t)(e - p));
	}
}

static const char *court_abbr(const struct citeas *c, const char *code, int nl)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < c->n_abbr; i++)
		if (strcmp(c->abbr[i].code, code) == 0)
			return nl ? c->abbr[i].nl : c->abbr[i].en;
	return NULL;
}

/* The values a template may name. */
enum { V_COURT, V_SEAT, V_DATE, V_YEAR, V_IDENT, V_APPNO, V_ECLI, V_FORMATION, V_CASE,
       V_NUMBER, V_TITLE, V_N };
static const char *const vnames[V_N] = { "court", "seat",      "date", "year",   "ident", "appno",
					  "ecli",  "formation", "case", "number", "title" };

static void values(const struct citeas *c, const struct citeas_doc *d, int nl, struct buf v[V_N])
{
	int echr = d->court && strcmp(d->court, "ECTHR") == 0;
	const char *ab = court_abbr(c, d->court, nl);
	buf_adds(&v[V_COURT], ab			       ? ab
			      : d->court_name && *d->court_name ? d->court_name
			      : d->court			? d->court
								: "");
	if (d->seat && *d->seat)
		buf_adds(&v[V_SEAT], d->seat);
	else if (d->type && strcmp(d->type, "ruling") == 0 && d->court &&
		 strncmp(d->court, "RB", 2) == 0) {
		/* Only a district court sits in several places; the header
		 * names the seat (a higher court's ruling names the seat of
		 * the court below, which is not its own). */
		find_seat(d->title, &v[V_SEAT]);
		if (v[V_SEAT].len == 0)
			find_seat(d->page1, &v[V_SEAT]);
	}
	char *date = citeas_date(d->date, nl ? "nl" : "en");
	buf_adds(&v[V_DATE], date);
	free(date);
	if (d->date && strlen(d->date) >= 4 && digits(d->date, 4))
		buf_add(&v[V_YEAR], d->date, 4);
	buf_adds(&v[V_IDENT], d->ident ? d->ident : "");
	find_appno(d->ident, 1, &v[V_APPNO]);
	if (v[V_APPNO].len == 0)
		find_appno(d->title, 0, &v[V_APPNO]);
	if (v[V_APPNO].len == 0)
		find_appno(d->page1, 0, &v[V_APPNO]);
	if (d->ident && strncmp(d->ident, "ECLI:", 5) == 0)
		buf_adds(&v[V_ECLI], d->ident);
	else if (echr && find_ecli(d->page1, &v[V_ECLI]) < 0)
		echr_ecli(d->date, buf_str(&v[V_APPNO]), &v[V_ECLI]);
	const char *f = d->formation;
	if ((f == NULL || *f == '\0') && echr && grand_chamber(d->page1))
		f = "Grand Chamber";
	if (f && strcasecmp(f, "Grand Chamber") == 0)
		buf_adds(&v[V_FORMATION], nl ? "GK" : "GC");
	const char *cs;
	size_t cn;
	if (d->case_name && *d->case_name)
		case_name(c, d->case_name, strlen(d->case_name), nl, &v[V_CASE]);
	else if (echr && echr_case(d->title, &cs, &cn) == 0)
		case_name(c, cs, cn, nl, &v[V_CASE]);
	gc_number(d->ident, d->title, &v[V_NUMBER]);
	buf_adds(&v[V_TITLE], d->title ? d->title : "");
}

/* Renders template t[0..n) into out; returns 1 when a placeholder in it was
 * empty (so an optional part is left out). */
static int render(const char *t, size_t n, struct buf v[V_N], struct buf *out)
{
	int empty = 0;
	size_t i = 0;
	while (i < n) {
		if (t[i] == '[') {
			size_t depth = 1, j = i + 1;
			while (j < n && depth > 0) {
				if (t[j] == '[')
					depth++;
				else if (t[j] == ']')
					depth--;
				j++;
			}
			struct buf part = BUF_INIT;
			if (!render(t + i + 1, (j - i) - 2, v, &part))
				buf_add(out, buf_str(&part), part.len);
			buf_free(&part);
			i = j;
			continue;
		}
		if (t[i] == '{') {
			const char *close = memchr(t + i, '}', n - i);
			if (close != NULL) {
				size_t k = (size_t)(close - (t + i)) - 1;
				int known = 0;
				for (int x = 0; x < V_N; x++)
					if (strlen(vnames[x]) == k && strncmp(vnames[x], t + i + 1, k) == 0) {
						known = 1;
						if (v[x].len == 0)
							empty = 1;
						buf_add(out, buf_str(&v[x]), v[x].len);
					}
				if (known) {
					i = (size_t)(close - t) + 1;
					continue;
				}
			}
		}
		buf_addc(out, t[i++]);
	}
	return empty;
}

/* The line of kind type/court, type, or "*" for lang, most specific first. */
static int kind_rank(const char *kind, const struct citeas_doc *d)
{
	if (strcmp(kind, "*") == 0)
		return 1;
	const char *type = d->type ? d->type : "";
	size_t tl = strlen(type);
	if (strcmp(kind, type) == 0)
		return 2;
	if (strncmp(kind, type, tl) == 0 && kind[tl] == '/' && d->court &&
	    strcmp(kind + tl + 1, d->court) == 0)
		return 3;
	return 0;
}

char *citeas_format(const struct citeas *c, const struct citeas_doc *d, const char *lang,
		    const struct citeas_pin *pin)
{
	int nl = lang && strcmp(lang, "nl") == 0;
	const char *ln = nl ? "nl" : "en";
	const struct format *best = NULL;
	int rank = 0;
	for (size_t i = 0; i < c->n_fmt; i++) {
		int r = strcmp(c->fmt[i].lang, ln) == 0 ? kind_rank(c->fmt[i].kind, d) : 0;
		if (r > rank)
			rank = r, best = &c->fmt[i];
	}
	struct buf v[V_N];
	for (int i = 0; i < V_N; i++)
		v[i] = (struct buf)BUF_INIT;
	values(c, d, nl, v);
	struct buf out = BUF_INIT;
	if (best != NULL)
		render(best->tmpl, strlen(best->tmpl), v, &out);
	else
		buf_add(&out, buf_str(&v[V_TITLE]), v[V_TITLE].len);
	if (pin != NULL && ((pin->para && *pin->para) || pin->page > 0)) {
		const struct pinfmt *pf = NULL;
		rank = 0;
		for (size_t i = 0; i < c->n_pin; i++) {
			int r = strcmp(c->pin[i].lang, ln) == 0 ? kind_rank(c->pin[i].kind, d) : 0;
			if (r > rank)
				rank = r, pf = &c->pin[i];
		}
		if (pin->para && *pin->para)
			buf_addf(&out, ", %s %s", pf ? pf->para : "para.", pin->para);
		else
			buf_addf(&out, ", %s %d", pf ? pf->page : "p.", pin->page);
	}
	for (int i = 0; i < V_N; i++)
		buf_free(&v[i]);
	return buf_detach(&out);
}
