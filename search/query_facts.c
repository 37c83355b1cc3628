/* query_facts.c - the query terms of the facts (see query_facts.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "search/docbuild_facts.h"
#include "search/query_facts.h"
#include "search/schema.h"

static const struct {
	const char *word, *prefix;
} fields[] = {
	{ "outcome", PFX_OUTCOME }, { "uitkomst", PFX_OUTCOME },  { "state", PFX_STATE },
	{ "staat", PFX_STATE },	    { "area", PFX_AREA },	  { "rechtsgebied", PFX_AREA },
};

/* Outcome words in both languages -> the stored value. */
static const struct {
	const char *word, *value;
} outcomes[] = {
	{ "violation", "violation" },	      { "schending", "violation" },
	{ "no violation", "no violation" },   { "no_violation", "no violation" },
	{ "geen schending", "no violation" }, { "geen_schending", "no violation" },
	{ "inadmissible", "inadmissible" },   { "niet-ontvankelijk", "inadmissible" },
	{ "discontinued", "discontinued" },   { "doorgehaald", "discontinued" },
	{ "beëindigd", "discontinued" },
};

/* The field word ending at a ':' at s (whole word), or -1. */
static int field_at(const char *q, const char *s, size_t *len)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		size_t n = strlen(fields[i].word);
		if (strncasecmp(s, fields[i].word, n) == 0 && s[n] == ':' &&
		    (s == q || isspace((unsigned char)s[-1]) || s[-1] == '(')) {
			*len = n + 1;
			return (int)i;
		}
	}
	return -1;
}

int query_facts_split(const char *q, struct buf *rest, struct query_facts *f, struct error **err)
{
	memset(f, 0, sizeof(*f));
	int quoted = 0;
	for (const char *s = q; *s;) {
		size_t flen;
		int fi = quoted ? -1 : field_at(q, s, &flen);
		if (fi < 0) {
			if (*s == '"')
				quoted = !quoted;
			buf_addc(rest, *s++);
			continue;
		}
		/* the value: "quoted words" or up to the next space or ')' */
		const char *v = s + flen, *ve;
		if (*v == '"') {
			v++;
			ve = strchr(v, '"');
			if (ve == NULL)
				ve = v + strlen(v);
			s = *ve ? ve + 1 : ve;
		} else {
			ve = v;
			while (*ve && !isspace((unsigned char)*ve) && *ve != ')')
				ve++;
			s = ve;
		}
		char value[96];
		size_t vn = (size_t)(ve - v);
		if (vn == 0 || vn >= sizeof(value))
			return error_set(err, ERR_QUERY, "%s: needs a value", fields[fi].word);
		memcpy(value, v, vn);
		value[vn] = '\0';
		const char *stored = value;
		if (strcmp(fields[fi].prefix, PFX_OUTCOME) == 0) {
			stored = NULL;
			for (size_t k = 0; k < sizeof(outcomes) / sizeof(outcomes[0]); k++)
				if (strcasecmp(outcomes[k].word, value) == 0)
					stored = outcomes[k].value;
			if (stored == NULL)
				return error_set(err, ERR_QUERY,
						 "\"%s\" is not an outcome (violation, no violation, "
						 "inadmissible, discontinued)",
						 value);
			if (strcmp(stored, "violation") == 0)
				f->violation = 1;
		}
		if (f->n == QUERY_FACTS_MAX)
			return error_set(err, ERR_QUERY, "too many outcome, state or area terms");
		char tv[96];
		docbuild_fact_term(stored, tv, sizeof(tv));
		snprintf(f->terms[f->n++], sizeof(f->terms[0]), "%s%s", fields[fi].prefix, tv);
		buf_addc(rest, ' ');
	}
	return 0;
}

char *query_facts_violated_term(const char *art_term, char *out, size_t n)
{
	size_t pl = strlen(PFX_ARTICLE);
	char t[160]; /* art_term and out may be the same buffer */
	if (strncmp(art_term, PFX_ARTICLE, pl) == 0)
		snprintf(t, sizeof(t), "%s%s", PFX_VIOLATED, art_term + pl);
	else
		snprintf(t, sizeof(t), "%s", art_term);
	snprintf(out, n, "%s", t);
	return out;
}
