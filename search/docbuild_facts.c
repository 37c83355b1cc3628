/* docbuild_facts.c - the facts lawyers filter by, as stored (see
 * docbuild_facts.h). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "search/docbuild_facts.h"
#include "search/schema.h"
#include "search/xapian_c.h"

char *docbuild_fact_term(const char *value, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = value; *p && o + 1 < n; p++) {
		unsigned char c = (unsigned char)*p;
		out[o++] = c == ' ' ? '_' : (char)tolower(c);
	}
	if (n)
		out[o] = '\0';
	return out;
}

static int term(struct xc_doc *d, const char *prefix, const char *value, struct error **err)
{
	char v[160], t[200];
	docbuild_fact_term(value, v, sizeof(v));
	if (*v == '\0' || snprintf(t, sizeof(t), "%s%s", prefix, v) >= (int)sizeof(t))
		return 0;
	return xc_doc_add_boolean_term(d, t, err);
}

/* Calls fn for every part of a "; " list. */
static int each_part(const char *list, int (*fn)(const char *part, void *ctx), void *ctx)
{
	char part[160];
	for (const char *p = list; p && *p;) {
		p += strspn(p, "; ");
		size_t n = strcspn(p, ";");
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n > 0 && n < sizeof(part)) {
			memcpy(part, p, n);
			part[n] = '\0';
			if (fn(part, ctx) < 0)
				return -1;
		}
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

struct term_ctx {
	struct xc_doc *d;
	const char *prefix;
	const char *instrument; /* violated: "CRC" or "ECHR" */
	struct buf *facets;
	int first;
	struct error **err;
};

static int add_term_part(const char *part, void *vc)
{
	struct term_ctx *c = vc;
	if (c->facets) {
		if (!c->first)
			buf_addc(c->facets, '\n');
		buf_adds(c->facets, part);
		c->first = 0;
	}
	return term(c->d, c->prefix, part, c->err);
}

/* "3(1)" -> "CRC:3.1" and "CRC:3"; "P1-2" -> "ECHR-P1:2". */
static int add_violated_part(const char *part, void *vc)
{
	struct term_ctx *c = vc;
	char key[96], parent[96];
	const char *inst = c->instrument;
	char pinst[32];
	if (part[0] == 'P' && isdigit((unsigned char)part[1]) && part[2] == '-') {
		if (snprintf(pinst, sizeof(pinst), "%s-P%c", inst, part[1]) >= (int)sizeof(pinst))
			return 0;
		inst = pinst;
		part += 3;
	}
	size_t num = strspn(part, "0123456789");
	if (num == 0)
		return 0;
	if (num > 8 || snprintf(parent, sizeof(parent), "%s:%.*s", inst, (int)num, part) >= (int)sizeof(parent))
		return 0;
	const char *para = part + num;
	if (*para == '(') {
		int pl = (int)strcspn(para + 1, ")");
		char t[128];
		if (pl <= 8 && snprintf(key, sizeof(key), "%s.%.*s", parent, pl, para + 1) < (int)sizeof(key) &&
		    snprintf(t, sizeof(t), "%s%s", PFX_VIOLATED, key) < (int)sizeof(t) &&
		    xc_doc_add_boolean_term(c->d, t, c->err) < 0)
			return -1;
	}
	char t[128];
	if (snprintf(t, sizeof(t), "%s%s", PFX_VIOLATED, parent) >= (int)sizeof(t))
		return 0;
	return xc_doc_add_boolean_term(c->d, t, c->err);
}

static void to_json(struct json_object *jm, const char *name, const struct docbuild_field *f)
{
	if (f->value == NULL)
		return;
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "value", json_object_new_string(f->value));
	json_object_object_add(o, "source", json_object_new_string(f->source ? f->source : ""));
	json_object_object_add(jm, name, o);
}

int docbuild_facts(struct xc_doc *d, const struct docbuild_input *in, struct buf *facets,
		   struct json_object *jm, struct error **err)
{
	const struct {
		const char *name;
		const struct docbuild_field *f;
	} all[] = {
		{ "state", &in->state },	 { "outcome", &in->outcome },
		{ "violated", &in->violated },	 { "formation", &in->formation },
		{ "parties", &in->parties },	 { "area", &in->area },
		{ "procedure", &in->procedure }, { "seat", &in->seat },
	};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		to_json(jm, all[i].name, all[i].f);

	struct term_ctx c = { .d = d, .err = err, .first = 1 };
	c.prefix = PFX_STATE;
	c.facets = facets;
	buf_addc(facets, FACET_SECTION_SEP);
	if (in->state.value && each_part(in->state.value, add_term_part, &c) < 0)
		return -1;
	buf_addc(facets, FACET_SECTION_SEP);
	c.first = 1;
	c.prefix = PFX_OUTCOME;
	if (in->outcome.value && add_term_part(in->outcome.value, &c) < 0)
		return -1;
	buf_addc(facets, FACET_SECTION_SEP);
	c.first = 1;
	c.prefix = PFX_AREA;
	if (in->area.value && each_part(in->area.value, add_term_part, &c) < 0)
		return -1;
	if (in->violated.value) {
		struct term_ctx v = { .d = d, .err = err, .prefix = PFX_VIOLATED };
		v.instrument = in->court.value && strcmp(in->court.value, "ECTHR") == 0 ? "ECHR" : "CRC";
		if (each_part(in->violated.value, add_violated_part, &v) < 0)
			return -1;
	}
	return 0;
}
