/* docdata.c - reading a document's stored data (see docdata.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/docdata.h"
#include "search/pagestore.h"
#include "base/xalloc.h"

/* ---- the header, read quickly ----
 * json-c's tokener costs ~180 instructions a byte of a header (a hit's
 * header is read on every search).  What its writer stores is plain JSON:
 * objects, arrays, strings without \u escapes, integers, true, false, null.
 * fast_value() reads just that into the same json-c objects and gives up
 * (NULL, *bad set) on anything else, which json-c then reads as before. */
struct fast {
	const char *p, *end;
	int bad;
};

static void fast_ws(struct fast *f)
{
	while (f->p < f->end && (*f->p == ' ' || *f->p == '\n' || *f->p == '\t' || *f->p == '\r'))
		f->p++;
}

/* A string's text, unescaped, into *out, its length in *n: into buf (of
 * size FAST_BUF) when it fits, else malloc()ed (*out != buf). */
enum { FAST_BUF = 256 };
static int fast_string(struct fast *f, char *buf, char **out, size_t *n)
{
	const char *s = ++f->p;
	size_t esc = 0;
	while (f->p < f->end && *f->p != '"') {
		unsigned char c = (unsigned char)*f->p;
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			if (f->p + 1 >= f->end || strchr("\"\\/bfnrt", f->p[1]) == NULL || f->p[1] == 0)
				return -1;
			esc++;
			f->p++;
		}
		f->p++;
	}
	if (f->p >= f->end)
		return -1;
	size_t len = (size_t)(f->p - s);
	char *t = len - esc < FAST_BUF ? buf : xmalloc(len - esc + 1), *w = t;
	for (const char *r = s; r < f->p; r++) {
		if (*r != '\\') {
			*w++ = *r;
			continue;
		}
		switch (*++r) {
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		default: *w++ = *r; break; /* " \ / */
		}
	}
	*w = 0;
	f->p++;
	*out = t;
	*n = (size_t)(w - t);
	return 0;
}

static struct json_object *fast_value(struct fast *f, int depth);

static struct json_object *fast_container(struct fast *f, int depth, int is_obj)
{
	struct json_object *o = is_obj ? json_object_new_object() : json_object_new_array();
	if (o == NULL)
		xalloc_die();
	f->p++;
	fast_ws(f);
	if (f->p < f->end && *f->p == (is_obj ? '}' : ']')) {
		f->p++;
		return o;
	}
	for (;;) {
		char kbuf[FAST_BUF], *key = kbuf;
		size_t kl;
		fast_ws(f);
		if (is_obj) {
			if (f->p >= f->end || *f->p != '"' || fast_string(f, kbuf, &key, &kl) < 0)
				goto bad;
			fast_ws(f);
			if (f->p >= f->end || *f->p != ':' || strlen(key) != kl) {
				if (key != kbuf)
					free(key);
				goto bad;
			}
			f->p++;
			fast_ws(f);
		}
		struct json_object *v = fast_value(f, depth + 1);
		if (f->bad) {
			if (key != kbuf)
				free(key);
			goto bad;
		}
		if (is_obj) {
			json_object_object_add(o, key, v);
			if (key != kbuf)
				free(key);
		} else {
			json_object_array_add(o, v);
		}
		fast_ws(f);
		if (f->p < f->end && *f->p == ',') {
			f->p++;
			continue;
		}
		if (f->p < f->end && *f->p == (is_obj ? '}' : ']')) {
			f->p++;
			return o;
		}
		goto bad;
	}
bad:
	f->bad = 1;
	json_object_put(o);
	return NULL;
}

static struct json_object *fast_value(struct fast *f, int depth)
{
	if (depth > 30 || f->p >= f->end) {
		f->bad = 1;
		return NULL;
	}
	char c = *f->p;
	if (c == '{' || c == '[')
		return fast_container(f, depth, c == '{');
	if (c == '"') {
		char buf[FAST_BUF], *t;
		size_t n;
		if (fast_string(f, buf, &t, &n) < 0) {
			f->bad = 1;
			return NULL;
		}
		struct json_object *o = json_object_new_string_len(t, (int)n);
		if (t != buf)
			free(t);
		return o;
	}
	static const char *const words[] = { "true", "false", "null" };
	for (int i = 0; i < 3 && c >= 'f' && c <= 't'; i++) {
		size_t wl = strlen(words[i]);
		if ((size_t)(f->end - f->p) >= wl && memcmp(f->p, words[i], wl) == 0) {
			f->p += wl;
			if (f->p < f->end && ((*f->p >= 'a' && *f->p <= 'z') || (*f->p >= '0' && *f->p <= '9'))) {
				f->bad = 1;
				return NULL;
			}
			return i < 2 ? json_object_new_boolean(i == 0) : NULL;
		}
	}
	/* An integer of at most 18 digits, without a leading zero. */
	const char *s = f->p;
	int neg = 0;
	if (*f->p == '-') {
		neg = 1;
		f->p++;
	}
	const char *d = f->p;
	long long v = 0;
	while (f->p < f->end && *f->p >= '0' && *f->p <= '9' && f->p - d < 19)
		v = v * 10 + (*f->p++ - '0');
	size_t nd = (size_t)(f->p - d);
	if (nd == 0 || nd > 18 || (nd > 1 && *d == '0') || (neg && nd == 1 && *d == '0') ||
	    (f->p < f->end && (*f->p == '.' || *f->p == 'e' || *f->p == 'E' ||
			       (*f->p >= '0' && *f->p <= '9') || (*f->p >= 'a' && *f->p <= 'z') ||
			       (*f->p >= 'A' && *f->p <= 'Z')))) {
		f->p = s;
		f->bad = 1;
		return NULL;
	}
	return json_object_new_int64(neg ? -v : v);
}

/* The header object, read by fast_value() or else by json-c. */
struct json_object *docdata_parse_header(const char *text, size_t len)
{
	struct fast f = { text, text + len, 0 };
	fast_ws(&f);
	if (f.p < f.end && *f.p == '{') {
		struct json_object *o = fast_value(&f, 0);
		if (!f.bad)
			return o;
	}
	struct json_tokener *tok = json_tokener_new();
	if (tok == NULL)
		xalloc_die();
	struct json_object *o = json_tokener_parse_ex(tok, text, (int)len);
	json_tokener_free(tok);
	return o;
}

int docdata_open(struct docdata *dd, char *raw, size_t len, struct error **err)
{
	memset(dd, 0, sizeof(*dd));
	dd->raw = raw;
	dd->raw_len = len;
	size_t jlen = strnlen(raw, len);
	dd->json = docdata_parse_header(raw, jlen);
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
