/* docbuild.c - from a described file to an index document (see docbuild.h). */
#include <ctype.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "search/docbuild.h"
#include "search/docbuild_facts.h"
#include "search/analyze.h"
#include "search/cite.h"
#include "search/context.h"
#include "search/ixdoc.h"
#include "search/ident.h"
#include "search/lang.h"
#include "search/phrases.h"
#include "search/schema.h"
#include "base/util.h"
#include "base/xalloc.h"

/* How many citations the stored data keeps in full (counts keep all). */
#define MAX_STORED_CITATIONS 2000

/* The instrument code of a treaty text by its BWB identifier, or NULL. */
static const char *treaty_instrument(const char *ident)
{
	static const struct {
		const char *bwb, *inst;
	} known[] = {
		{ "BWBV0002508", "CRC" },
		{ "BWBV0001752", "OPSC" },
		{ "BWBV0004034", "OPAC" },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcasecmp(ident, known[i].bwb) == 0)
			return known[i].inst;
	return NULL;
}

static void json_set_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

static void meta_to_json(struct json_object *meta, const char *name,
			 const struct docbuild_field *f)
{
	if (f->value == NULL)
		return;
	struct json_object *o = json_object_new_object();
	json_set_str(o, "value", f->value);
	json_set_str(o, "source", f->source ? f->source : "");
	json_object_object_add(meta, name, o);
}

/* Upper-cases ASCII in place (identifiers are case-insensitive). */
static void upcase(char *s)
{
	for (; *s; s++)
		*s = (char)toupper((unsigned char)*s);
}

static int add_term_checked(struct xc_doc *d, const char *prefix, const char *value,
			    struct error **err)
{
	char term[240];
	int n = snprintf(term, sizeof(term), "%s%s", prefix, value);
	if (n <= 0 || (size_t)n >= sizeof(term))
		return 0; /* Xapian terms are bounded; an absurd value is skipped */
	return xc_doc_add_boolean_term(d, term, err);
}

/* Article counts, keyed "CRC:3.1" (the term suffix). */
struct artcount {
	char key[64];
	char label[96];
	unsigned n;
};

static int cmp_artcount(const void *a, const void *b)
{
	return cite_key_cmp(((const struct artcount *)a)->key, ((const struct artcount *)b)->key);
}

static void count_article(struct artcount **a, size_t *n, const char *key, const char *label)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*a)[i].key, key) == 0) {
			(*a)[i].n++;
			return;
		}
	}
	struct artcount *p = *a = xreallocarray(*a, *n + 1, sizeof(**a));
	snprintf(p[*n].key, sizeof(p[*n].key), "%s", key);
	snprintf(p[*n].label, sizeof(p[*n].label), "%s", label);
	p[*n].n = 1;
	(*n)++;
}

/* Dutch compounds: after each page of a Dutch document, the words its
 * compounds contain (analyze_compound_words) are indexed as extra terms
 * with prefix ANALYZE_PFX_PART, unstemmed, once per occurrence of the
 * compound; the query side searches every word typed under that prefix
 * too.  So a search for "gezinshereniging" finds a document that only
 * speaks of a "gezinsherenigingsverzoek".  (The wrapper stems only while
 * indexing text, which adds positions: a gap keeps phrases of the real
 * text from running into them, and the upper-case prefix keeps passages
 * from being chosen by them.) */
static int add_compound_text(struct xc_doc *d, const struct analyze *an, const char *text,
			     size_t len, struct error **err)
{
	struct buf extra = BUF_INIT;
	const char *p = text, *end = text + len;
	while (p < end) {
		while (p < end && !((unsigned char)*p >= 0x80 || isalpha((unsigned char)*p)))
			p++;
		const char *s = p;
		while (p < end && ((unsigned char)*p >= 0x80 || isalpha((unsigned char)*p)))
			p++;
		size_t n = (size_t)(p - s);
		if (n < ANALYZE_MIN_COMPOUND || n >= ANALYZE_MAX_WORD)
			continue;
		char wd[ANALYZE_MAX_WORD];
		for (size_t k = 0; k < n; k++)
			wd[k] = (char)tolower((unsigned char)s[k]);
		wd[n] = '\0';
		char sub[ANALYZE_MAX_PARTS * 2][ANALYZE_MAX_WORD];
		int ns = analyze_compound_words(an, wd, sub, ANALYZE_MAX_PARTS * 2);
		for (int k = 0; k < ns; k++) {
			buf_adds(&extra, sub[k]);
			buf_addc(&extra, ' ');
		}
	}
	int rc = 0;
	if (extra.len > 0) {
		xc_doc_increase_termpos(d, SCHEMA_PAGE_GAP / 10);
		rc = xc_doc_index_text(d, NULL, extra.s, extra.len, 1, ANALYZE_PFX_PART, NULL, err);
	}
	buf_free(&extra);
	return rc;
}

struct ix_doc *docbuild(struct search_ctx *ctx, const struct docbuild_input *in, char uid[33],
			struct error **err)
{
	struct cite_list cites = { 0 };
	struct artcount *arts = NULL;
	size_t n_arts = 0;
	struct xc_doc *d = NULL;
	struct json_object *root = json_object_new_object();
	struct json_object *jfacts = NULL; /* the facts' part of "meta" */
	struct json_object *jcit = NULL;   /* the citations, stored apart */
	struct buf data = BUF_INIT, artval = BUF_INIT;
	const struct analyze *an = NULL;
	const struct docbuild_input *m = in;
	const char *lang = in->lang, *title = in->title;
	int ok = 0;

	util_hash_hex(in->path, strlen(in->path), uid);

	struct cite_opts copts = { 0 };
	if (m->court.value && strcmp(m->court.value, "CRC") == 0)
		copts.un_crc_context = 1;
	if (m->type.value && strncmp(m->type.value, "un_", 3) == 0)
		copts.un_crc_context = 1;
	if (m->court.value && strcmp(m->court.value, "ECTHR") == 0)
		copts.echr_context = 1;
	/* In the text of a treaty itself, "article 29" and "dit artikel" are
	 * that treaty's articles. */
	if (m->type.value && strcmp(m->type.value, "treaty") == 0 && m->ident.value)
		copts.default_instrument = treaty_instrument(m->ident.value);
	cite_scan_pages((const char *const *)in->pages, in->page_lens, in->n_pages, &copts, &cites);

	d = xc_doc_new();
	/* A document in no language kindex knows is stemmed as English, so
	 * that its words are found like everyone else's. */
	const char *stemmer = lang_stemmer(lang) ? lang_stemmer(lang) : "english";

	/* Terms: the title (also as body text, weighted up), then every page. */
	if (xc_doc_index_text(d, NULL, title, strlen(title), 1, PFX_TITLE, stemmer, err) < 0)
		goto out;
	xc_doc_increase_termpos(d, SCHEMA_PAGE_GAP);
	if (xc_doc_index_text(d, NULL, title, strlen(title), 3, "", stemmer, err) < 0)
		goto out;
	struct json_object *page_pos = json_object_new_array();
	json_object_object_add(root, "page_pos", page_pos);
	/* Dutch compounds add the words they contain (see add_compound_text). */
	if (strcmp(lang, "nl") == 0)
		an = search_ctx_analyze(ctx); /* a broken list only costs the extra words */
	for (int i = 0; i < in->n_pages; i++) {
		unsigned start = xc_doc_increase_termpos(d, SCHEMA_PAGE_GAP);
		json_object_array_add(page_pos, json_object_new_int64(start));
		if (xc_doc_index_text(d, NULL, in->pages[i], in->page_lens[i], 1, "", stemmer, err) < 0)
			goto out;
		if (an && add_compound_text(d, an, in->pages[i], in->page_lens[i], err) < 0)
			goto out;
	}
	/* The phrases of the synonym list and glossary, as one term each. */
	if (phrases_add_terms(search_ctx_phrases(ctx), d, err) < 0)
		goto out;

	if (add_term_checked(d, PFX_ID, uid, err) < 0 ||
	    add_term_checked(d, PFX_HASH, in->hash, err) < 0 ||
	    add_term_checked(d, PFX_LANG, lang, err) < 0)
		goto out;
	if (in->text_bytes == 0 && xc_doc_add_boolean_term(d, TERM_NOTEXT, err) < 0)
		goto out;
	const char *type = m->type.value ? m->type.value : "other";
	if (add_term_checked(d, PFX_TYPE, type, err) < 0)
		goto out;
	if (m->court.value && add_term_checked(d, PFX_COURT, m->court.value, err) < 0)
		goto out;
	char year[5] = "";
	if (m->date.value && strlen(m->date.value) >= 4 && isdigit((unsigned char)m->date.value[0])) {
		memcpy(year, m->date.value, 4);
		if (add_term_checked(d, PFX_YEAR, year, err) < 0)
			goto out;
	}
	char *ident = NULL;
	if (m->ident.value) {
		ident = xstrdup(m->ident.value);
		upcase(ident);
		/* The identifier's term in canonical form (search/ident.h), with a
		 * wdf of 1 so that a query for it can weigh it (known items). */
		char canon[128], term[160];
		ident_canonical(ident, canon, sizeof(canon));
		snprintf(term, sizeof(term), PFX_IDENT "%s", canon);
		int rc = xc_doc_add_term(d, term, 1, err);
		if (rc == 0 && strcmp(canon, ident) != 0)
			rc = add_term_checked(d, PFX_IDENT, ident, err);
		/* A judgment in several applications ("43370/04; 18454/06"):
		 * each number is its identifier too. */
		for (const char *part = ident; rc == 0 && strchr(ident, ';') && *part;) {
			size_t pl = strcspn(part, ";");
			char one[64];
			if (pl > 0 && pl < sizeof(one)) {
				memcpy(one, part, pl);
				one[pl] = '\0';
				ident_canonical(one, canon, sizeof(canon));
				snprintf(term, sizeof(term), PFX_IDENT "%s", canon);
				rc = xc_doc_add_term(d, term, 1, err);
			}
			part += pl + (part[pl] == ';');
		}
		if (rc < 0) {
			free(ident);
			goto out;
		}
	}

	/* Citations: terms with counts, the stored list, facet values. */
	jcit = json_object_new_array();
	struct json_object *jcites = json_object_new_array();
	json_object_object_add(root, "cites", jcites);
	for (size_t i = 0; i < cites.n; i++) {
		const struct cite *c = &cites.items[i];
		char label[64];
		cite_format(c, label, sizeof(label));
		if (c->kind == CITE_DOC) {
			char id[80];
			ident_canonical(c->ident, id, sizeof(id));
			if (ident && strcmp(id, ident) == 0)
				continue; /* a document naming itself */
			int dup = 0;
			for (size_t j = 0; j < json_object_array_length(jcites) && !dup; j++)
				dup = strcmp(json_object_get_string(json_object_array_get_idx(jcites, j)),
					     id) == 0;
			if (!dup) {
				json_object_array_add(jcites, json_object_new_string(id));
				if (add_term_checked(d, PFX_CITES, id, err) < 0)
					goto out_ident;
			}
		} else {
			char terms[6][64];
			int nt = cite_article_terms(c, terms, 6);
			for (int k = 0; k < nt; k++) {
				/* The facet and the counts keep article and paragraph. */
				if (k > 1)
					break;
				char lab[96];
				const char *suffix = terms[k] + strlen(PFX_ARTICLE);
				if (k == 0)
					snprintf(lab, sizeof(lab), "%s %d", c->instrument, c->article);
				else
					snprintf(lab, sizeof(lab), "%s %s", c->instrument, label);
				count_article(&arts, &n_arts, suffix, lab);
			}
			for (int k = 2; k < nt; k++)
				count_article(&arts, &n_arts, terms[k] + strlen(PFX_ARTICLE), label);
		}
		if (json_object_array_length(jcit) < MAX_STORED_CITATIONS) {
			struct json_object *o = json_object_new_object();
			json_object_object_add(o, "page", json_object_new_int(c->page));
			json_set_str(o, "kind", c->kind == CITE_DOC ? "doc" : "article");
			json_set_str(o, "inst", c->instrument);
			json_set_str(o, "label", label);
			json_object_object_add(o, "start", json_object_new_int64((int64_t)c->start));
			json_object_object_add(o, "end", json_object_new_int64((int64_t)c->end));
			json_set_str(o, "text", c->text);
			json_object_array_add(jcit, o);
		}
	}
	/* In the treaty's order, so that readers need not sort them. */
	if (n_arts > 1)
		qsort(arts, n_arts, sizeof(*arts), cmp_artcount);
	struct json_object *jarts = json_object_new_object();
	json_object_object_add(root, "articles", jarts);
	for (size_t i = 0; i < n_arts; i++) {
		char term[80];
		snprintf(term, sizeof(term), PFX_ARTICLE "%s", arts[i].key);
		/* wdf = how often: citing more ranks higher. */
		if (xc_doc_add_term(d, term, arts[i].n, err) < 0)
			goto out_ident;
		json_object_object_add(jarts, arts[i].key, json_object_new_int((int)arts[i].n));
		if (artval.len)
			buf_addc(&artval, '\n');
		buf_adds(&artval, arts[i].key);
	}

	/* Values. */
	char num[64];
	const char *date = m->date.value ? m->date.value : "";
	/* Only true copies fold: the same identifier and the same date (a
	 * Chamber and a Grand Chamber judgment in one application are two
	 * judgments), else the same file content. */
	char dupbuf[200];
	if (ident) {
		char canon[128];
		ident_canonical(ident, canon, sizeof(canon));
		snprintf(dupbuf, sizeof(dupbuf), "%s|%s", canon, date);
	}
	const char *dupkey = ident ? dupbuf : in->hash;
	snprintf(num, sizeof(num), "%lld", in->mtime);
	const char *fp = in->fingerprint;
	struct buf facets = BUF_INIT;
	buf_addf(&facets, "%s%c%s%c%s%c%s%c%s", type, FACET_SECTION_SEP,
		 m->court.value ? m->court.value : "", FACET_SECTION_SEP, year, FACET_SECTION_SEP, lang,
		 FACET_SECTION_SEP, buf_str(&artval));
	jfacts = json_object_new_object();
	int frc = docbuild_facts(d, in, &facets, jfacts, err);
	if (frc == 0)
		frc = xc_doc_add_value(d, VAL_FACETS, facets.s, facets.len, err);
	buf_free(&facets);
	if (frc < 0)
		goto out_ident;
	if (xc_doc_add_value(d, VAL_DATE, date, strlen(date), err) < 0 ||
	    xc_doc_add_value(d, VAL_TYPE, type, strlen(type), err) < 0 ||
	    (m->court.value &&
	     xc_doc_add_value(d, VAL_COURT, m->court.value, strlen(m->court.value), err) < 0) ||
	    (m->court_name.value && xc_doc_add_value(d, VAL_COURT_NAME, m->court_name.value,
						    strlen(m->court_name.value), err) < 0) ||
	    xc_doc_add_value(d, VAL_YEAR, year, strlen(year), err) < 0 ||
	    xc_doc_add_value(d, VAL_LANG, lang, strlen(lang), err) < 0 ||
	    xc_doc_add_value(d, VAL_ARTICLES, buf_str(&artval), artval.len, err) < 0 ||
	    xc_doc_add_value(d, VAL_DUPKEY, dupkey, strlen(dupkey), err) < 0 ||
	    xc_doc_add_value(d, VAL_MTIME, num, strlen(num), err) < 0 ||
	    xc_doc_add_value(d, VAL_FINGERPRINT, fp, strlen(fp), err) < 0 ||
	    xc_doc_add_value(d, VAL_PATH, in->path, strlen(in->path), err) < 0)
		goto out_ident;

	/* Stored data: the JSON header, NUL, the pages joined by form feeds. */
	json_set_str(root, "path", in->path);
	json_set_str(root, "uid", uid);
	json_object_object_add(root, "size", json_object_new_int64(in->size));
	json_object_object_add(root, "mtime", json_object_new_int64(in->mtime));
	json_set_str(root, "hash", in->hash);
	json_set_str(root, "lang", lang);
	json_set_str(root, "title", title);
	json_set_str(root, "title_source", in->title_source);
	if (in->pdf_title)
		json_set_str(root, "pdf_title", in->pdf_title);
	json_object_object_add(root, "pages", json_object_new_int(in->n_pages));
	json_object_object_add(root, "notext", json_object_new_boolean(in->text_bytes == 0));
	/* The pages read by OCR, with tesseract's mean confidence. */
	json_object_object_add(root, "ocr_pages", json_object_new_int(in->ocr_pages));
	if (in->ocr_conf) {
		struct json_object *jo = json_object_new_array();
		for (int i = 0; i < in->n_pages; i++) {
			if (in->ocr_conf[i] < 0)
				continue;
			struct json_object *o = json_object_new_object();
			json_object_object_add(o, "page", json_object_new_int(i + 1));
			json_object_object_add(o, "confidence", json_object_new_int(in->ocr_conf[i]));
			json_object_array_add(jo, o);
		}
		json_object_object_add(root, "ocr", jo);
	}
	struct json_object *jm = json_object_new_object();
	json_object_object_add(root, "meta", jm);
	meta_to_json(jm, "type", &m->type);
	meta_to_json(jm, "court", &m->court);
	meta_to_json(jm, "court_name", &m->court_name);
	meta_to_json(jm, "date", &m->date);
	meta_to_json(jm, "ident", &m->ident);
	meta_to_json(jm, "title", &m->meta_title);
	meta_to_json(jm, "lang", &m->meta_lang);
	if (!m->meta_lang.value) {
		struct docbuild_field lf = { lang, "text:stopword-count" };
		meta_to_json(jm, "lang", &lf);
	}
	json_object_object_foreach(jfacts, fk, fv)
		json_object_object_add(jm, fk, json_object_get(fv));
	buf_adds(&data, json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
	buf_addc(&data, '\0');
	buf_adds(&data, json_object_to_json_string_ext(jcit, JSON_C_TO_STRING_PLAIN));
	/* The pages go to the page store (search/pagestore.h), not here. */
	if (xc_doc_set_data(d, data.s, data.len, err) < 0)
		goto out_ident;
	ok = 1;
out_ident:
	free(ident);
out:;
	struct ix_doc *res = NULL;
	if (ok) {
		res = xmalloc(sizeof(*res));
		res->d = d;
	} else {
		xc_doc_free(d);
	}
	free(arts);
	buf_free(&data);
	buf_free(&artval);
	json_object_put(root);
	json_object_put(jcit);
	json_object_put(jfacts);
	cite_list_clear(&cites);
	return res;
}
