/* doclookup.c - one document: by path or identifier, its passages, who
 * cites it, documents like it. */
#include <ctype.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "search/analyze.h"
#include "search/cite.h"
#include "search/context.h"
#include "search/ident.h"
#include "search/lang.h"
#include "search/paras.h"
#include "search/phrases.h"
#include "search/query_cite.h"
#include "search/schema.h"
#include "search/citeas.h"
#include "search/search.h"
#include "base/util.h"
#include "search/xapian_c.h"
#include "search/search_int.h"


unsigned search_doc_by_ident(struct search_db *db, const char *ident)
{
	char term[200], canon[160];
	/* The canonical form (search/ident.h) first; then as typed, upper
	 * case, for an index written before identifiers were canonical. */
	ident_canonical(ident, canon, sizeof(canon));
	int n = snprintf(term, sizeof(term), PFX_IDENT "%s", canon);
	if (n > 0 && (size_t)n < sizeof(term)) {
		unsigned id = xc_reader_find(db->r, term, NULL);
		if (id)
			return id;
	}
	n = snprintf(term, sizeof(term), PFX_IDENT "%s", ident);
	if (n <= 0 || (size_t)n >= sizeof(term))
		return 0;
	for (char *p = term + strlen(PFX_IDENT); *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return xc_reader_find(db->r, term, NULL);
}

/* ---- one document ---- */

int search_doc_load(struct search_db *db, unsigned id, struct docdata *dd, struct error **err)
{
	size_t len;
	if (id == 0 || id > xc_reader_lastdocid(db->r))
		return error_set(err, ERR_NOTFOUND, "no document %u", id);
	char *raw = xc_reader_data(db->r, id, &len, err);
	if (raw == NULL)
		return -1;
	if (docdata_open(dd, raw, len, err) < 0)
		return -1;
	docdata_use_store(dd, db->r);
	return 0;
}

unsigned search_doc_by_path(struct search_db *db, const char *path)
{
	char term[40];
	snprintf(term, sizeof(term), PFX_ID);
	util_hash_hex(path, strlen(path), term + strlen(PFX_ID));
	return xc_reader_find(db->r, term, NULL);
}

char *search_highlight(struct search_db *db, const char *q, const char *text, size_t len,
		       const char *lang, struct error **err)
{
	struct search_req req = { .q = q, .limit = 1 };
	struct built b = { 0 };
	char *html = NULL;
	if (q != NULL && *q != '\0') {
		if (search_build_query(db, &req, &b, err) < 0)
			return NULL;
		if (b.has_words && search_prepare_highlight(db, &b, err) == 0)
			html = xc_mset_snippet(b.hl, text, len, len + 16, search_doc_stemmer(lang),
					       "<mark>", "</mark>", "", err);
		int failed = b.has_words && html == NULL;
		search_built_clear(&b);
		if (failed)
			return NULL;
	}
	if (html == NULL) {
		struct buf hb = BUF_INIT;
		buf_add_html(&hb, text, len);
		html = buf_detach(&hb);
	}
	return html;
}

void search_doc_list_clear(struct search_doc_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].title);
		free(l->items[i].date);
		free(l->items[i].ident);
		free(l->items[i].type);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

static int list_from_mset(struct search_db *db, const struct xc_mset *m, unsigned skip,
			  size_t max, struct search_doc_list *out, struct error **err)
{
	for (unsigned i = 0; i < xc_mset_size(m) && out->n < max; i++) {
		unsigned id = xc_mset_docid(m, i);
		if (id == skip)
			continue;
		struct docdata dd;
		if (search_doc_load(db, id, &dd, err) < 0)
			return -1;
		struct search_doc_ref *p = realloc(out->items, (out->n + 1) * sizeof(*p));
		if (p == NULL)
			abort();
		out->items = p;
		p[out->n].id = id;
		p[out->n].title = search_strdup_or_empty(docdata_str(&dd, "title"));
		p[out->n].date = search_strdup_or_empty(docdata_meta(&dd, "date"));
		p[out->n].ident = search_strdup_or_empty(docdata_meta(&dd, "ident"));
		p[out->n].type = search_strdup_or_empty(docdata_meta(&dd, "type"));
		out->n++;
		docdata_close(&dd);
	}
	return 0;
}

unsigned search_cited_count(struct search_db *db, const char *ident)
{
	char id[200], term[220];
	ident_canonical(ident, id, sizeof(id));
	snprintf(term, sizeof(term), PFX_CITES "%s", id);
	return xc_reader_termfreq(db->r, term);
}

int search_cited_by(struct search_db *db, const char *ident, size_t max,
		    struct search_doc_list *out, struct error **err)
{
	if (ident == NULL || *ident == '\0')
		return 0;
	char id[200];
	ident_canonical(ident, id, sizeof(id));
	struct xc_query *q = search_term_filter(PFX_CITES, id, err);
	if (q == NULL)
		return -1;
	struct xc_run_opts o = { .limit = (unsigned)max, .sort_slot = VAL_DATE,
				 .sort_descending = 1, .collapse_slot = VAL_DUPKEY,
				 .check_at_least = SEARCH_MAX_OFFSET };
	struct xc_mset *m = xc_enquire(db->r, q, &o, err);
	xc_query_free(q);
	if (m == NULL)
		return -1;
	out->total = xc_mset_estimated(m);
	int rc = list_from_mset(db, m, 0, max, out, err);
	xc_mset_free(m);
	return rc;
}

int search_more_like_this(struct search_db *db, unsigned id, size_t max,
			  struct search_doc_list *out, struct error **err)
{
	xc_docid docs[1] = { id };
	struct xc_query *q = xc_expand(db->r, docs, 1, 40, err);
	if (q == NULL)
		return -1;
	struct xc_run_opts o = { .limit = (unsigned)max + 1, .sort_slot = -1,
				 .collapse_slot = VAL_DUPKEY };
	struct xc_mset *m = xc_enquire(db->r, q, &o, err);
	xc_query_free(q);
	if (m == NULL)
		return -1;
	int rc = list_from_mset(db, m, id, max, out, err);
	xc_mset_free(m);
	return rc;
}

unsigned search_article_count(struct search_db *db, const char *inst, int art)
{
	char term[64];
	snprintf(term, sizeof(term), PFX_ARTICLE "%s:%d", inst, art);
	return xc_reader_termfreq(db->r, term);
}
