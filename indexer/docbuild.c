/* docbuild.c - from extracted text to a Xapian document (see docbuild.h). */
#include <ctype.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "indexer/docbuild.h"
#include "search/analyze.h"
#include "search/cite.h"
#include "search/lang.h"
#include "search/phrases.h"
#include "search/schema.h"
#include "base/util.h"

/* How many citations the stored data keeps in full (counts keep all). */
#define MAX_STORED_CITATIONS 2000

static int meaningful_pdf_title(const char *title, const char *path)
{
	if (title == NULL)
		return 0;
	size_t n = strlen(title);
	if (n < 4 || n > 400)
		return 0;
	static const char *const junk[] = { "untitled", "microsoft word", "document",
					    "no title", "titel", "title", "pdf", NULL };
	for (int i = 0; junk[i]; i++)
		if (strncasecmp(title, junk[i], strlen(junk[i])) == 0 &&
		    (strlen(junk[i]) == n || strcmp(junk[i], "microsoft word") == 0))
			return 0;
	const char *ext = strrchr(title, '.');
	if (ext && (strcasecmp(ext, ".doc") == 0 || strcasecmp(ext, ".docx") == 0 ||
		    strcasecmp(ext, ".pdf") == 0 || strcasecmp(ext, ".rtf") == 0))
		return 0;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strncmp(title, base, n) == 0)
		return 0;
	int letters = 0;
	for (const char *p = title; *p; p++)
		letters += isalpha((unsigned char)*p) != 0;
	return letters >= 3;
}

/* A line that reads like a heading: some words, mostly letters, not a
 * boiler-plate marker, not only an identifier. */
static int heading_like(const char *s, size_t n)
{
	if (n < 8 || n > 250)
		return 0;
	if (strncmp(s, "VOORBEELDDOCUMENT", 17) == 0 || strncmp(s, "SYNTHETI", 8) == 0 ||
	    strncmp(s, "ECLI:", 5) == 0)
		return 0;
	size_t letters = 0, spaces = 0, slashes = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalpha(c) || c >= 0x80)
			letters++;
		else if (c == ' ')
			spaces++;
		else if (c == '/')
			slashes++;
	}
	return spaces >= 1 && letters * 2 >= n && slashes < 3;
}

char *docbuild_title(const struct pdf_text *t, const char *path, const char **source)
{
	if (meaningful_pdf_title(t->title, path)) {
		*source = "pdf-title";
		return strdup(t->title);
	}
	if (t->n_pages > 0) {
		const char *p = t->pages[0], *end = p + t->page_lens[0];
		for (int line = 0; p < end && line < 40; line++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *e = nl ? nl : end;
			while (p < e && (*p == ' ' || *p == '\t'))
				p++;
			size_t n = (size_t)(e - p);
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				n--;
			if (heading_like(p, n)) {
				*source = "text:first-heading-line";
				return strndup(p, n);
			}
			p = e + 1;
		}
	}
	*source = "file-name";
	const char *base = strrchr(path, '/');
	return strdup(base ? base + 1 : path);
}

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

static void meta_to_json(struct json_object *meta, const char *name, const struct meta_field *f)
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
	struct artcount *p = realloc(*a, (*n + 1) * sizeof(**a));
	if (p == NULL)
		abort();
	*a = p;
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

struct xc_doc *docbuild(struct xc_writer *w, const struct meta_rules *rules,
			struct docbuild_file *f, const struct pdf_text *t, char **warning,
			struct error **err)
{
	struct meta m = { 0 };
	struct cite_list cites = { 0 };
	struct artcount *arts = NULL;
	size_t n_arts = 0;
	struct xc_doc *d = NULL;
	struct json_object *root = json_object_new_object();
	struct json_object *jcit = NULL;   /* the citations, stored apart */
	char *title = NULL;
	struct buf data = BUF_INIT, artval = BUF_INIT;
	struct error *merr = NULL;
	const struct analyze *an = NULL;
	int ok = 0;

	*warning = NULL;
	util_hash_hex(f->path, strlen(f->path), f->uid);

	/* Language: from the first pages' text. */
	struct buf sample = BUF_INIT;
	for (int i = 0; i < t->n_pages && sample.len < 64 * 1024; i++) {
		buf_add(&sample, t->pages[i], t->page_lens[i]);
		buf_addc(&sample, '\n');
	}
	const char *lang = lang_detect(buf_str(&sample), sample.len);
	buf_free(&sample);

	if (meta_detect(rules, t, f->path, &m, err) < 0)
		goto out;
	if (meta_apply_overrides(f->path, &m, &merr) < 0) {
		*warning = strdup(merr->msg);
		error_free(merr);
	}
	if (meta_fill_court_name(rules, &m, err) < 0)
		goto out;
	if (m.lang.value && lang_is_known(m.lang.value))
		lang = m.lang.value;
	const char *title_source;
	if (m.title.value) {
		title = strdup(m.title.value);
		title_source = m.title.source ? m.title.source : "override";
	} else if (t->ocr_conf && t->ocr_conf[0] >= 0 && m.type.value &&
		   strcmp(m.type.value, "ruling") == 0 && m.ident.value && m.court_name.value &&
		   !meaningful_pdf_title(t->title, f->path)) {
		/* A scanned ruling: OCR runs the labels and values of its
		 * first page's table together ("Instantie Hoge Raad"), so it is
		 * titled by its identifier, court and date. */
		struct buf tb = BUF_INIT;
		buf_addf(&tb, "%s, %s%s%s", m.ident.value, m.court_name.value,
			 m.date.value ? ", " : "", m.date.value ? m.date.value : "");
		title = buf_detach(&tb);
		title_source = "ocr:identifier-court-date";
	} else {
		title = docbuild_title(t, f->path, &title_source);
	}
	if (title == NULL) {
		error_set(err, ERR_NOMEM, "out of memory");
		goto out;
	}

	struct cite_opts copts = { 0 };
	if (m.court.value && strcmp(m.court.value, "CRC") == 0)
		copts.un_crc_context = 1;
	if (m.type.value && strncmp(m.type.value, "un_", 3) == 0)
		copts.un_crc_context = 1;
	if (m.court.value && strcmp(m.court.value, "ECTHR") == 0)
		copts.echr_context = 1;
	/* In the text of a treaty itself, "article 29" and "dit artikel" are
	 * that treaty's articles. */
	if (m.type.value && strcmp(m.type.value, "treaty") == 0 && m.ident.value)
		copts.default_instrument = treaty_instrument(m.ident.value);
	if (cite_scan_pages((const char *const *)t->pages, t->page_lens, t->n_pages, &copts,
			    &cites, err) < 0)
		goto out;

	d = xc_doc_new();
	if (d == NULL) {
		error_set(err, ERR_NOMEM, "out of memory");
		goto out;
	}
	/* A document in no language kindex knows is stemmed as English, so
	 * that its words are found like everyone else's. */
	const char *stemmer = lang_stemmer(lang) ? lang_stemmer(lang) : "english";

	/* Terms: the title (also as body text, weighted up), then every page. */
	if (xc_doc_index_text(d, NULL, title, strlen(title), 1, PFX_TITLE, stemmer, err) < 0)
		goto out;
	xc_doc_increase_termpos(d, SCHEMA_PAGE_GAP);
	if (xc_doc_index_text(d, w, title, strlen(title), 3, "", stemmer, err) < 0)
		goto out;
	struct json_object *page_pos = json_object_new_array();
	json_object_object_add(root, "page_pos", page_pos);
	/* Dutch compounds add the words they contain (see add_compound_text). */
	if (strcmp(lang, "nl") == 0)
		an = analyze_shared(); /* a broken list only costs the extra words */
	for (int i = 0; i < t->n_pages; i++) {
		unsigned start = xc_doc_increase_termpos(d, SCHEMA_PAGE_GAP);
		json_object_array_add(page_pos, json_object_new_int64(start));
		if (xc_doc_index_text(d, w, t->pages[i], t->page_lens[i], 1, "", stemmer, err) < 0)
			goto out;
		if (an && add_compound_text(d, an, t->pages[i], t->page_lens[i], err) < 0)
			goto out;
	}
	/* The phrases of the synonym list and glossary, as one term each. */
	if (phrases_add_terms(d, err) < 0)
		goto out;

	if (add_term_checked(d, PFX_ID, f->uid, err) < 0 ||
	    add_term_checked(d, PFX_HASH, f->hash, err) < 0 ||
	    add_term_checked(d, PFX_LANG, lang, err) < 0)
		goto out;
	if (t->text_bytes == 0 && xc_doc_add_boolean_term(d, TERM_NOTEXT, err) < 0)
		goto out;
	const char *type = m.type.value ? m.type.value : "other";
	if (add_term_checked(d, PFX_TYPE, type, err) < 0)
		goto out;
	if (m.court.value && add_term_checked(d, PFX_COURT, m.court.value, err) < 0)
		goto out;
	char year[5] = "";
	if (m.date.value && strlen(m.date.value) >= 4 && isdigit((unsigned char)m.date.value[0])) {
		memcpy(year, m.date.value, 4);
		if (add_term_checked(d, PFX_YEAR, year, err) < 0)
			goto out;
	}
	char *ident = NULL;
	if (m.ident.value) {
		ident = strdup(m.ident.value);
		if (ident == NULL)
			goto out;
		upcase(ident);
		int rc = add_term_checked(d, PFX_IDENT, ident, err);
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
			snprintf(id, sizeof(id), "%s", c->ident);
			upcase(id);
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
	const char *date = m.date.value ? m.date.value : "";
	const char *dupkey = ident ? ident : f->hash;
	snprintf(num, sizeof(num), "%lld", f->mtime);
	char fp[160], ofp[100];
	meta_overrides_fingerprint(f->path, ofp, sizeof(ofp));
	/* Pages still waiting for OCR make the fingerprint differ from any
	 * file's, so that the next run extracts the file again. */
	snprintf(fp, sizeof(fp), "%s%lld:%lld:%s", t->ocr_pending ? "ocr-pending:" : "", f->size,
		 f->mtime, ofp);
	struct buf facets = BUF_INIT;
	buf_addf(&facets, "%s%c%s%c%s%c%s%c%s", type, FACET_SECTION_SEP,
		 m.court.value ? m.court.value : "", FACET_SECTION_SEP, year, FACET_SECTION_SEP, lang,
		 FACET_SECTION_SEP, buf_str(&artval));
	int frc = xc_doc_add_value(d, VAL_FACETS, facets.s, facets.len, err);
	buf_free(&facets);
	if (frc < 0)
		goto out_ident;
	if (xc_doc_add_value(d, VAL_DATE, date, strlen(date), err) < 0 ||
	    xc_doc_add_value(d, VAL_TYPE, type, strlen(type), err) < 0 ||
	    (m.court.value &&
	     xc_doc_add_value(d, VAL_COURT, m.court.value, strlen(m.court.value), err) < 0) ||
	    (m.court_name.value && xc_doc_add_value(d, VAL_COURT_NAME, m.court_name.value,
						    strlen(m.court_name.value), err) < 0) ||
	    xc_doc_add_value(d, VAL_YEAR, year, strlen(year), err) < 0 ||
	    xc_doc_add_value(d, VAL_LANG, lang, strlen(lang), err) < 0 ||
	    xc_doc_add_value(d, VAL_ARTICLES, buf_str(&artval), artval.len, err) < 0 ||
	    xc_doc_add_value(d, VAL_DUPKEY, dupkey, strlen(dupkey), err) < 0 ||
	    xc_doc_add_value(d, VAL_MTIME, num, strlen(num), err) < 0 ||
	    xc_doc_add_value(d, VAL_FINGERPRINT, fp, strlen(fp), err) < 0 ||
	    xc_doc_add_value(d, VAL_PATH, f->path, strlen(f->path), err) < 0)
		goto out_ident;

	/* Stored data: the JSON header, NUL, the pages joined by form feeds. */
	json_set_str(root, "path", f->path);
	json_set_str(root, "uid", f->uid);
	json_object_object_add(root, "size", json_object_new_int64(f->size));
	json_object_object_add(root, "mtime", json_object_new_int64(f->mtime));
	json_set_str(root, "hash", f->hash);
	json_set_str(root, "lang", lang);
	json_set_str(root, "title", title);
	json_set_str(root, "title_source", title_source);
	if (t->title)
		json_set_str(root, "pdf_title", t->title);
	json_object_object_add(root, "pages", json_object_new_int(t->n_pages));
	json_object_object_add(root, "notext", json_object_new_boolean(t->text_bytes == 0));
	/* The pages read by OCR, with tesseract's mean confidence. */
	json_object_object_add(root, "ocr_pages", json_object_new_int(t->ocr_pages));
	if (t->ocr_conf) {
		struct json_object *jo = json_object_new_array();
		for (int i = 0; i < t->n_pages; i++) {
			if (t->ocr_conf[i] < 0)
				continue;
			struct json_object *o = json_object_new_object();
			json_object_object_add(o, "page", json_object_new_int(i + 1));
			json_object_object_add(o, "confidence", json_object_new_int(t->ocr_conf[i]));
			json_object_array_add(jo, o);
		}
		json_object_object_add(root, "ocr", jo);
	}
	struct json_object *jm = json_object_new_object();
	json_object_object_add(root, "meta", jm);
	meta_to_json(jm, "type", &m.type);
	meta_to_json(jm, "court", &m.court);
	meta_to_json(jm, "court_name", &m.court_name);
	meta_to_json(jm, "date", &m.date);
	meta_to_json(jm, "ident", &m.ident);
	meta_to_json(jm, "title", &m.title);
	meta_to_json(jm, "lang", &m.lang);
	if (!m.lang.value) {
		struct meta_field lf = { (char *)lang, "text:stopword-count" };
		meta_to_json(jm, "lang", &lf);
	}
	buf_adds(&data, json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
	buf_addc(&data, '\0');
	buf_adds(&data, json_object_to_json_string_ext(jcit, JSON_C_TO_STRING_PLAIN));
	/* The pages go to the page store (search/pagestore.h), not here. */
	if (xc_doc_set_data(d, data.s, data.len, err) < 0)
		goto out_ident;
	ok = 1;
out_ident:
	free(ident);
out:
	if (!ok) {
		xc_doc_free(d);
		d = NULL;
	}
	free(title);
	free(arts);
	buf_free(&data);
	buf_free(&artval);
	json_object_put(root);
	json_object_put(jcit);
	cite_list_clear(&cites);
	meta_clear(&m);
	return d;
}

struct pdf_text *docbuild_text_from_store(struct docdata *dd)
{
	struct pdf_text *t = calloc(1, sizeof(*t));
	if (t == NULL)
		return NULL;
	int n = (int)docdata_int(dd, "pages");
	if (n < 0)
		n = 0;
	t->pages = calloc(n ? (size_t)n : 1, sizeof(char *));
	t->page_lens = calloc(n ? (size_t)n : 1, sizeof(size_t));
	if (t->pages == NULL || t->page_lens == NULL)
		goto fail;
	for (int i = 0; i < n; i++) {
		const char *p = "";
		size_t len = 0;
		docdata_page(dd, i + 1, &p, &len);
		t->pages[i] = strndup(p, len);
		if (t->pages[i] == NULL)
			goto fail;
		t->page_lens[i] = len;
		t->text_bytes += len;
		t->n_pages = i + 1;
	}
	struct json_object *jo;
	if (json_object_object_get_ex(dd->json, "ocr", &jo) &&
	    json_object_is_type(jo, json_type_array) && n > 0) {
		if ((t->ocr_conf = malloc((size_t)n * sizeof(int))) == NULL)
			goto fail;
		for (int i = 0; i < n; i++)
			t->ocr_conf[i] = -1;
		for (size_t i = 0; i < json_object_array_length(jo); i++) {
			struct json_object *o = json_object_array_get_idx(jo, i), *pg, *cf;
			if (!json_object_object_get_ex(o, "page", &pg) ||
			    !json_object_object_get_ex(o, "confidence", &cf))
				continue;
			int k = json_object_get_int(pg);
			if (k >= 1 && k <= n && t->ocr_conf[k - 1] < 0) {
				t->ocr_conf[k - 1] = json_object_get_int(cf);
				t->ocr_pages++;
			}
		}
	}
	const char *pt = docdata_str(dd, "pdf_title");
	if (*pt && (t->title = strdup(pt)) == NULL)
		goto fail;
	return t;
fail:
	pdf_text_free(t);
	return NULL;
}
