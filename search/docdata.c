/* docdata.c - reading a document's stored data (see docdata.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/docdata.h"
#include "search/pagestore.h"
#include "base/xalloc.h"

int docdata_open(struct docdata *dd, char *raw, size_t len, struct error **err)
{
	memset(dd, 0, sizeof(*dd));
	dd->raw = raw;
	dd->raw_len = len;
	size_t jlen = strnlen(raw, len);
	struct json_tokener *tok = json_tokener_new();
	if (tok == NULL)
		xalloc_die();
	dd->json = json_tokener_parse_ex(tok, raw, (int)jlen);
	json_tokener_free(tok);
	if (dd->json == NULL || !json_object_is_type(dd->json, json_type_object)) {
		docdata_close(dd);
		return error_set(err, ERR_DB, "stored document data is not valid");
	}
	dd->pages = raw + len;
	dd->cits_raw = raw + len;
	if (jlen < len) {
		const char *c = raw + jlen + 1;
		size_t clen = strnlen(c, len - jlen - 1);
		dd->cits_raw = c;
		dd->cits_len = clen;
		if (jlen + 1 + clen < len) {
			dd->pages = c + clen + 1;
			dd->pages_len = len - jlen - 2 - clen;
		}
	}
	return 0;
}

static struct json_object *parse_citations(const char *text, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	if (tok == NULL)
		return NULL;
	struct json_object *c = json_tokener_parse_ex(tok, text, (int)len);
	json_tokener_free(tok);
	if (c && !json_object_is_type(c, json_type_array)) {
		json_object_put(c);
		c = NULL;
	}
	return c;
}

struct json_object *docdata_citations(struct docdata *dd)
{
	if (dd->cits != NULL || dd->cits_tried)
		return dd->cits;
	dd->cits_tried = 1;
	if (dd->cits_len > 0) {
		dd->cits = parse_citations(dd->cits_raw, dd->cits_len);
	} else if (dd->store != NULL) {
		/* Kept apart from the data (search/pagestore.h). */
		size_t len = 0;
		struct error *err = NULL;
		char *text = pagestore_get_citations(dd->store, dd->uid, &len, &err);
		error_free(err);
		if (text) {
			dd->cits = parse_citations(text, len);
			free(text);
		}
	}
	return dd->cits;
}

void docdata_use_store(struct docdata *dd, struct xc_reader *r)
{
	dd->store = r;
	if (dd->blob == NULL)
		dd->blob = xcalloc(1, sizeof(*dd->blob));
	const char *uid = docdata_str(dd, "uid");
	if (*uid)
		snprintf(dd->uid, sizeof(dd->uid), "%s", uid);
	else
		util_hash_hex(docdata_str(dd, "path"), strlen(docdata_str(dd, "path")), dd->uid);
}

void docdata_close(struct docdata *dd)
{
	for (int i = 0; i < dd->n_page_cache; i++)
		free(dd->page_cache[i]);
	free(dd->page_cache);
	pagestore_blob_free(dd->blob);
	free(dd->blob);
	if (dd->cits)
		json_object_put(dd->cits);
	if (dd->json)
		json_object_put(dd->json);
	free(dd->raw);
	memset(dd, 0, sizeof(*dd));
}

const char *docdata_str(const struct docdata *dd, const char *key)
{
	struct json_object *o;
	if (dd->json && json_object_object_get_ex(dd->json, key, &o) &&
	    json_object_is_type(o, json_type_string))
		return json_object_get_string(o);
	return "";
}

long long docdata_int(const struct docdata *dd, const char *key)
{
	struct json_object *o;
	if (dd->json && json_object_object_get_ex(dd->json, key, &o))
		return (long long)json_object_get_int64(o);
	return 0;
}

static const char *meta_member(const struct docdata *dd, const char *field, const char *which)
{
	struct json_object *m, *f, *v;
	if (dd->json && json_object_object_get_ex(dd->json, "meta", &m) &&
	    json_object_object_get_ex(m, field, &f) && json_object_object_get_ex(f, which, &v) &&
	    json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return "";
}

const char *docdata_meta(const struct docdata *dd, const char *field)
{
	return meta_member(dd, field, "value");
}

const char *docdata_meta_source(const struct docdata *dd, const char *field)
{
	return meta_member(dd, field, "source");
}

int docdata_page(struct docdata *dd, int page, const char **text, size_t *len)
{
	if (page < 1)
		return -1;
	if (dd->store != NULL && dd->pages_len == 0) {
		int n = (int)docdata_int(dd, "pages");
		if (page > n)
			return -1;
		if (dd->page_cache == NULL) {
			dd->page_cache = xcalloc((size_t)n, sizeof(char *));
			dd->n_page_cache = n;
		}
		if (dd->page_cache[page - 1] == NULL) {
			/* A chunk of one frame costs the whole chunk: keep all
			 * its pages, as a hit's passages are often on
			 * neighbouring pages (a per-page chunk gives one). */
			struct error *err = NULL;
			int chunk = (page - 1) / PAGESTORE_CHUNK, got = 0;
			char **pages = pagestore_get_chunk_page(dd->store, dd->uid, chunk,
								(page - 1) % PAGESTORE_CHUNK, &got,
								dd->blob, &err);
			error_free(err);
			if (pages == NULL)
				return -1;
			for (int k = 0; k < got; k++) {
				int i = chunk * PAGESTORE_CHUNK + k;
				if (i < n && dd->page_cache[i] == NULL) {
					dd->page_cache[i] = pages[k];
					pages[k] = NULL;
				}
			}
			pagestore_free_chunk(pages, got);
			if (dd->page_cache[page - 1] == NULL)
				return -1;
		}
		*text = dd->page_cache[page - 1];
		*len = strlen(*text);
		return 0;
	}
	const char *p = dd->pages, *end = dd->pages + dd->pages_len;
	for (int i = 1; i < page; i++) {
		const char *ff = memchr(p, '\f', (size_t)(end - p));
		if (ff == NULL)
			return -1;
		p = ff + 1;
	}
	const char *ff = memchr(p, '\f', (size_t)(end - p));
	*text = p;
	*len = (size_t)((ff ? ff : end) - p);
	return 0;
}

unsigned docdata_page_start(const struct docdata *dd, int page)
{
	struct json_object *a;
	if (page < 1 || !dd->json || !json_object_object_get_ex(dd->json, "page_pos", &a) ||
	    !json_object_is_type(a, json_type_array) || (size_t)page > json_object_array_length(a))
		return 0;
	return (unsigned)json_object_get_int64(json_object_array_get_idx(a, (size_t)page - 1));
}

unsigned *docdata_page_starts(const struct docdata *dd, size_t *n)
{
	struct json_object *a;
	*n = 0;
	if (!dd->json || !json_object_object_get_ex(dd->json, "page_pos", &a) ||
	    !json_object_is_type(a, json_type_array) || json_object_array_length(a) == 0)
		return NULL;
	size_t len = json_object_array_length(a);
	unsigned *v = xreallocarray(NULL, len, sizeof(*v));
	for (size_t i = 0; i < len; i++)
		v[i] = (unsigned)json_object_get_int64(json_object_array_get_idx(a, i));
	*n = len;
	return v;
}

int docdata_page_ocr(const struct docdata *dd, int page)
{
	struct json_object *a;
	if (!json_object_object_get_ex(dd->json, "ocr", &a) ||
	    !json_object_is_type(a, json_type_array))
		return -1;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *o = json_object_array_get_idx(a, i), *p, *c;
		if (json_object_object_get_ex(o, "page", &p) && json_object_get_int(p) == page &&
		    json_object_object_get_ex(o, "confidence", &c))
			return json_object_get_int(c);
	}
	return -1;
}
