/* query_cite.c - citations typed into the search box (see query_cite.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "search/cite.h"
#include "search/ident.h"
#include "search/query_cite.h"

static int filter_instrument(const char *inst)
{
	static const char *const ok[] = { "CRC", "OPSC", "OPAC", "OPIC", "ECHR", NULL };
	for (int i = 0; ok[i]; i++)
		if (strcmp(inst, ok[i]) == 0)
			return 1;
	return 0;
}

static void join(char *dst, size_t n, const char *s)
{
	size_t l = strlen(dst);
	snprintf(dst + l, n - l, "%s%s", l ? " + " : "", s);
}

/* "art. 3 lid 1 onder b IVRK" and "art. 3(1)(b) CRC". */
static void article_labels(const struct cite *c, char *nl, size_t nn, char *en, size_t ne)
{
	const char *inst_nl = strcmp(c->instrument, "CRC") == 0    ? "IVRK"
			      : strcmp(c->instrument, "ECHR") == 0 ? "EVRM"
								   : c->instrument;
	int k = snprintf(nl, nn, "art. %d", c->article);
	if (c->paragraph[0] && k > 0 && (size_t)k < nn)
		k += snprintf(nl + k, nn - (size_t)k, " lid %s", c->paragraph);
	if (c->letter[0] && k > 0 && (size_t)k < nn)
		k += snprintf(nl + k, nn - (size_t)k, " onder %s", c->letter);
	if (k > 0 && (size_t)k < nn)
		snprintf(nl + k, nn - (size_t)k, " %s", inst_nl);
	char lab[64];
	cite_format(c, lab, sizeof(lab));
	snprintf(en, ne, "art. %s %s", lab, c->instrument);
}

/* "GC 14", "GC14", "AC 14" (algemeen commentaar): the General Comment's
 * symbol, which the recogniser leaves to documents that say more. */
static size_t short_gc(const char *p, int at_word, char *ident, size_t n)
{
	if (!at_word || !(strncasecmp(p, "gc", 2) == 0 || strncasecmp(p, "ac", 2) == 0))
		return 0;
	const char *s = p + 2;
	while (*s == ' ' || *s == '.')
		s++;
	if (strncasecmp(s, "nr", 2) == 0 || strncasecmp(s, "no", 2) == 0) {
		s += 2;
		while (*s == ' ' || *s == '.')
			s++;
	}
	int num = 0;
	const char *d = s;
	while (isdigit((unsigned char)*d) && d - s < 3)
		num = num * 10 + (*d++ - '0');
	if (d == s || num == 0 || isalnum((unsigned char)*d) || *d == '/')
		return 0;
	snprintf(ident, n, "CRC/C/GC/%d", num);
	return (size_t)(d - p);
}

/* A bare application number "57325/00" (the recogniser wants "no."). */
static size_t bare_appno(const char *p, int at_word, char *ident, size_t n)
{
	if (!at_word)
		return 0;
	const char *e = p;
	while (*e && !isspace((unsigned char)*e))
		e++;
	char tok[32];
	size_t len = (size_t)(e - p);
	if (len >= sizeof(tok))
		return 0;
	memcpy(tok, p, len);
	tok[len] = '\0';
	char c[64];
	if (ident_canonical(tok, c, sizeof(c)) != IDENT_APPNO)
		return 0;
	snprintf(ident, n, "%s", c);
	return len;
}

/* A communication number "12/2017" (a year after the slash): the Views
 * it gave rise to are CRC/C/<session>/D/12/2017.  ident gets "COMM:12/2017". */
static size_t bare_communication(const char *p, int at_word, char *ident, size_t n)
{
	if (!at_word)
		return 0;
	size_t i = 0;
	while (isdigit((unsigned char)p[i]) && i < 5)
		i++;
	if (i == 0 || p[i] != '/' || p[0] == '0')
		return 0;
	for (int k = 1; k <= 4; k++)
		if (!isdigit((unsigned char)p[i + (size_t)k]))
			return 0;
	if (isdigit((unsigned char)p[i + 5]) || (p[i + 1] != '1' && p[i + 1] != '2'))
		return 0;
	snprintf(ident, n, "COMM:%.*s", (int)(i + 5), p);
	return i + 5;
}

static void add_ident(struct query_cites *out, const char *id)
{
	if (strncmp(id, "COMM:", 5) == 0) {
		/* Kept as is: search.c looks the Views up by the number. */
		for (size_t i = 0; i < out->n_idents; i++)
			if (strcmp(out->idents[i], id) == 0)
				return;
		if (out->n_idents >= QUERY_CITE_MAX)
			return;
		snprintf(out->idents[out->n_idents++], 64, "%s", id);
		char l[80];
		snprintf(l, sizeof(l), "communicatie %s", id + 5);
		join(out->label_nl, sizeof(out->label_nl), l);
		snprintf(l, sizeof(l), "communication %s", id + 5);
		join(out->label_en, sizeof(out->label_en), l);
		return;
	}
	char c[64];
	ident_canonical(id, c, sizeof(c));
	for (size_t i = 0; i < out->n_idents; i++)
		if (strcmp(out->idents[i], c) == 0)
			return;
	if (out->n_idents >= QUERY_CITE_MAX)
		return;
	snprintf(out->idents[out->n_idents++], 64, "%s", c);
	join(out->label_nl, sizeof(out->label_nl), c);
	join(out->label_en, sizeof(out->label_en), c);
}

int query_cites_read(const char *q, struct buf *rest, struct query_cites *out,
		     struct error **err)
{
	(void)err;
	memset(out, 0, sizeof(*out));
	size_t len = strlen(q);
	struct cite_list l = { 0 };
	const char *pages[1] = { q };
	cite_scan_pages(pages, &len, 1, NULL, &l);
	/* Spans to leave out of the words, in text order. */
	size_t cut_s[QUERY_CITE_MAX * 2], cut_e[QUERY_CITE_MAX * 2], n_cut = 0;
	for (size_t i = 0; i < l.n && n_cut < QUERY_CITE_MAX * 2; i++) {
		const struct cite *c = &l.items[i];
		if (c->start >= c->end || c->end > len)
			continue;
		/* The value of a field ("cites:CRC/C/GC/14") is the user's own. */
		size_t ts = c->start;
		while (ts > 0 && !isspace((unsigned char)q[ts - 1]) && q[ts - 1] != '(')
			ts--;
		if (memchr(q + ts, ':', c->start - ts) != NULL)
			continue;
		if (c->kind == CITE_ARTICLE) {
			if (!filter_instrument(c->instrument) || out->n_specs >= QUERY_CITE_MAX)
				continue;
			char label[64], spec[80];
			cite_format(c, label, sizeof(label));
			snprintf(spec, sizeof(spec), "%s:%s", c->instrument, label);
			struct cite pc;
			if (cite_parse_article(spec, &pc) < 0 || strlen(spec) >= 64)
				continue; /* an impossible article stays words */
			memcpy(out->specs[out->n_specs++], spec, strlen(spec) + 1); /* < 64 */
			char nl[96], en[96];
			article_labels(c, nl, sizeof(nl), en, sizeof(en));
			join(out->label_nl, sizeof(out->label_nl), nl);
			join(out->label_en, sizeof(out->label_en), en);
		} else {
			add_ident(out, c->ident);
		}
		cut_s[n_cut] = c->start;
		cut_e[n_cut++] = c->end;
	}
	cite_list_clear(&l);
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		while (k < n_cut && cut_e[k] <= i)
			k++;
		if (k < n_cut && i >= cut_s[k]) {
			buf_addc(rest, ' ');
			i = cut_e[k];
			continue;
		}
		int at_word = i == 0 || isspace((unsigned char)q[i - 1]);
		char id[64];
		size_t m = short_gc(q + i, at_word, id, sizeof(id));
		if (m == 0)
			m = bare_appno(q + i, at_word, id, sizeof(id));
		if (m == 0)
			m = bare_communication(q + i, at_word, id, sizeof(id));
		if (m > 0 && (q[i + m] == '\0' || isspace((unsigned char)q[i + m]))) {
			add_ident(out, id);
			buf_addc(rest, ' ');
			i += m;
			continue;
		}
		buf_addc(rest, q[i++]);
	}
	if (rest->s == NULL)
		buf_adds(rest, "");
	return 0;
}
