/* cite_query.c - the citations in a user's query (see cite.h). */
#include "search/cite_int.h"

/* Is the instrument one whose articles the index keys (cite_parse_article)? */
static int keyed_instrument(const char *code)
{
	return strcmp(code, "CRC") == 0 || strcmp(code, "OPSC") == 0 || strcmp(code, "OPAC") == 0 ||
	       strcmp(code, "OPIC") == 0 || strcmp(code, "ECHR") == 0;
}

/* "art. 3 lid 1 IVRK", "art. 37 onder b IVRK" (nl) or "art. 3(1) CRC". */
static void describe(const struct cite *c, int nl, char *buf, size_t n)
{
	const char *inst = c->instrument;
	if (nl && strcmp(inst, "CRC") == 0)
		inst = "IVRK";
	else if (nl && strcmp(inst, "ECHR") == 0)
		inst = "EVRM";
	if (!nl) {
		char lab[64];
		cite_format(c, lab, sizeof(lab));
		snprintf(buf, n, "art. %s %s", lab, inst);
		return;
	}
	char p[24] = "", l[24] = "", s[24] = "";
	if (c->paragraph[0] != '\0')
		snprintf(p, sizeof(p), " lid %s", c->paragraph);
	if (c->letter[0] != '\0')
		snprintf(l, sizeof(l), " onder %s", c->letter);
	if (c->sub[0] != '\0')
		snprintf(s, sizeof(s), " sub %s", c->sub);
	snprintf(buf, n, "art. %d%s%s%s %s", c->article, p, l, s, inst);
}

/* Appends s to the description, ", "-separated, when it fits whole. */
static void desc_add(char *desc, size_t cap, const char *s)
{
	size_t len = strlen(desc), add = strlen(s) + (len ? 2 : 0);
	if (len + add >= cap)
		return;
	if (len)
		strcat(desc, ", ");
	strcat(desc, s);
}

void cite_query_clear(struct cite_query *out)
{
	if (out == NULL)
		return;
	free(out->rest);
	memset(out, 0, sizeof(*out));
}

void cite_query_articles(const char *q, const char *lang, struct cite_query *out)
{
	memset(out, 0, sizeof(*out));
	size_t len = strlen(q);
	struct cite_opts opts = { 1, 0, NULL };
	struct cite_list l = { 0 };
	const char *pages[1] = { q };
	cite_scan_pages(pages, &len, 1, &opts, &l);
	unsigned char *drop = xcalloc(len + 1, 1);
	out->rest = xmalloc(len + 1);
	int nl = lang != NULL && strcmp(lang, "nl") == 0;
	for (size_t i = 0; i < l.n; i++) {
		const struct cite *c = &l.items[i];
		if (c->kind != CITE_ARTICLE || !keyed_instrument(c->instrument))
			continue;
		char terms[6][64];
		int nt = cite_article_terms(c, terms, 6);
		if (nt <= 0)
			continue;
		for (size_t b = c->start; b < c->end && b < len; b++)
			drop[b] = 1;
		int dup = 0;
		for (int k = 0; k < out->n && !dup; k++)
			dup = strcmp(out->keys[k], terms[nt - 1]) == 0;
		if (dup || out->n == CITE_QUERY_MAX)
			continue;
		copy_str(out->keys[out->n++], sizeof(out->keys[0]), terms[nt - 1]);
		char d[96];
		describe(c, nl, d, sizeof(d));
		desc_add(out->desc, sizeof(out->desc), d);
	}
	cite_list_clear(&l);
	if (out->n == 0) {
		memcpy(out->rest, q, len + 1);
		free(drop);
		return;
	}
	/* "art. 22 VRK en art. 8 EVRM": the word that joined two citations
	 * goes with them */
	for (size_t i = 0; i < len;) {
		if (drop[i]) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && !drop[j])
			j++;
		if (i > 0 && j < len) {
			size_t a = i, b = j;
			while (a < b && ((unsigned char)q[a] <= ' ' || q[a] == ','))
				a++;
			while (b > a && (unsigned char)q[b - 1] <= ' ')
				b--;
			static const char *const joins[] = { "", "en", "and", "of", "or", "&", "juncto", "jo.",
				"in samenhang met", "in conjunction with" };
			for (size_t k = 0; k < sizeof(joins) / sizeof(joins[0]); k++)
				if (strlen(joins[k]) == b - a && strncasecmp(q + a, joins[k], b - a) == 0)
					memset(drop + i, 1, j - i);
		}
		i = j;
	}
	/* the words around the citations, white space collapsed; the commas
	 * and semicolons a citation leaves at either end go too */
	size_t o = 0;
	int space = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)q[i];
		if (drop[i] || ch <= ' ') {
			space = o > 0;
			continue;
		}
		if (space)
			out->rest[o++] = ' ';
		space = 0;
		out->rest[o++] = (char)ch;
	}
	out->rest[o] = '\0';
	size_t a = 0;
	while (out->rest[a] == ',' || out->rest[a] == ';' || out->rest[a] == ' ')
		a++;
	while (o > a && (out->rest[o - 1] == ',' || out->rest[o - 1] == ';' || out->rest[o - 1] == ' '))
		o--;
	memmove(out->rest, out->rest + a, o - a);
	out->rest[o - a] = '\0';
	free(drop);
}
