/* params.c - parsing and validating what a request carries (see params.h).
 *
 * Every value is checked for length, NUL bytes and UTF-8 before it is
 * copied; the copies are bounded by the struct's fixed arrays, so a request
 * can never make this module allocate or overflow. */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "search/vocab.h"
#include "search/cite.h"
#include "web/params.h"

/* 1 when the value is text: no NUL bytes and valid UTF-8. */
static int is_text(const char *s, size_t len)
{
	return memchr(s, '\0', len) == NULL && util_utf8_valid(s, len);
}

/* 1 when s is a non-empty code of letters, digits, '_' and '-'. */
static int is_code(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}

/* Copies a code-like value into out (size n), rejecting anything else. */
static int set_code(const struct web_kv *kv, char *out, size_t n, struct error **err)
{
	if (kv->val_len == 0) {
		out[0] = '\0';
		return 0;
	}
	if (kv->val_len >= n || !is_code(kv->val, kv->val_len))
		return error_set(err, ERR_INPUT, "parameter %s: not a valid code", kv->key);
	memcpy(out, kv->val, kv->val_len);
	out[kv->val_len] = '\0';
	return 0;
}

static int set_year(const struct web_kv *kv, int *out, struct error **err)
{
	unsigned long y;
	if (kv->val_len == 0) {
		*out = 0;
		return 0;
	}
	if (util_parse_uint(kv->val, 9999, &y) < 0 || y == 0)
		return error_set(err, ERR_INPUT, "parameter %s: not a year", kv->key);
	*out = (int)y;
	return 0;
}

int web_params_add_article(struct web_params *p, const char *spec)
{
	if (strlen(spec) >= sizeof(p->articles[0]))
		return -1;
	for (size_t i = 0; i < p->n_articles; i++)
		if (strcmp(p->articles[i], spec) == 0)
			return 0;
	if (p->n_articles >= SEARCH_MAX_ARTICLES)
		return -1;
	snprintf(p->articles[p->n_articles++], sizeof(p->articles[0]), "%s", spec);
	return 0;
}

void web_params_del_article(struct web_params *p, size_t i)
{
	if (i >= p->n_articles)
		return;
	memmove(p->articles[i], p->articles[i + 1],
		(p->n_articles - i - 1) * sizeof(p->articles[0]));
	p->n_articles--;
}

static int parse_one(const struct web_kv *a, struct web_params *p, struct error **err);

int web_params_parse(const struct web_kv *kv, size_t n, struct web_params *p,
		     struct error **err)
{
	memset(p, 0, sizeof(*p));
	p->page = 1;
	for (size_t i = 0; i < n; i++) {
		if (parse_one(&kv[i], p, err) < 0) {
			snprintf(p->bad, sizeof(p->bad), "%s", kv[i].key);
			p->bad_text = kv[i].val != NULL && !is_text(kv[i].val, kv[i].val_len);
			return -1;
		}
	}
	if (p->year_from && p->year_to && p->year_from > p->year_to) {
		int t = p->year_from;
		p->year_from = p->year_to;
		p->year_to = t;
	}
	return 0;
}

/* Parses one argument into p.  Returns 0 or -1 with *err. */
static int parse_one(const struct web_kv *kv, struct web_params *p, struct error **err)
{
	const struct web_kv *a = kv;
	const char *k = a->key;
	if (a->val == NULL)
		return 0; /* "?flag" without '=': treat as absent */
	if (!is_text(a->val, a->val_len))
		return error_set(err, ERR_INPUT, "parameter %s: not valid UTF-8 text", k);
	if (strcmp(k, "q") == 0) {
		if (a->val_len > SEARCH_MAX_QUERY)
			return error_set(err, ERR_QUERY,
					 "the query is too long (at most %d bytes)",
					 SEARCH_MAX_QUERY);
		memcpy(p->q, a->val, a->val_len);
		p->q[a->val_len] = '\0';
	} else if (strcmp(k, "article") == 0) {
		struct cite c;
		if (a->val_len == 0)
			return 0;
		if (a->val_len >= sizeof(p->articles[0]) || cite_parse_article(a->val, &c) < 0)
			return error_set(err, ERR_INPUT, "article: unknown article \"%.63s\"",
					 a->val);
		if (web_params_add_article(p, a->val) < 0)
			return error_set(err, ERR_INPUT, "article: at most %d articles",
					 SEARCH_MAX_ARTICLES);
	} else if (strcmp(k, "art_op") == 0) {
		if (a->val_len && strcmp(a->val, "any") != 0 && strcmp(a->val, "all") != 0)
			return error_set(err, ERR_INPUT, "art_op: must be \"all\" or \"any\"");
		p->articles_any = strcmp(a->val, "any") == 0;
	} else if (strcmp(k, "plain") == 0) {
		p->plain = a->val_len > 0 && strcmp(a->val, "0") != 0;
	} else if (strcmp(k, "type") == 0) {
		if (set_code(a, p->type, sizeof(p->type), err) < 0)
			return -1;
		if (p->type[0] && !vocab_is_type(p->type))
			return error_set(err, ERR_INPUT, "type: unknown document type");
	} else if (strcmp(k, "court") == 0) {
		if (set_code(a, p->court, sizeof(p->court), err) < 0)
			return -1;
	} else if (strcmp(k, "lang") == 0) {
		if (set_code(a, p->lang, sizeof(p->lang), err) < 0)
			return -1;
	} else if (strcmp(k, "from") == 0) {
		if (set_year(a, &p->year_from, err) < 0)
			return -1;
	} else if (strcmp(k, "to") == 0) {
		if (set_year(a, &p->year_to, err) < 0)
			return -1;
	} else if (strcmp(k, "sort") == 0) {
		/* Not given: relevance, or newest first when there are no
		 * words to weigh (search_req.sort_date). */
		if (a->val_len == 0)
			p->sort_date = 0;
		else if (strcmp(a->val, "relevance") == 0)
			p->sort_date = -1;
		else if (strcmp(a->val, "date") == 0)
			p->sort_date = 1;
		else
			return error_set(err, ERR_INPUT,
					 "sort: must be \"relevance\" or \"date\"");
	} else if (strcmp(k, "page") == 0) {
		unsigned long pg;
		if (a->val_len == 0)
			return 0;
		if (util_parse_uint(a->val, WEB_MAX_PAGE, &pg) < 0 || pg == 0)
			return error_set(err, ERR_INPUT, "page: must be a number from 1 to %d",
					 WEB_MAX_PAGE);
		p->page = (int)pg;
	} else if (strcmp(k, "limit") == 0 || strcmp(k, "offset") == 0 ||
		   strcmp(k, "passages") == 0) {
		unsigned long v, max = k[0] == 'l' ? SEARCH_MAX_LIMIT
				       : k[0] == 'o' ? SEARCH_MAX_OFFSET
						     : SEARCH_MAX_PASSAGES;
		if (a->val_len == 0)
			return 0;
		if (util_parse_uint(a->val, max, &v) < 0 || (k[0] != 'o' && v == 0))
			return error_set(err, ERR_INPUT, "%s: must be a number up to %lu", k, max);
		if (k[0] == 'l') {
			p->limit = (unsigned)v;
		} else if (k[0] == 'o') {
			p->offset = (unsigned)v;
			p->has_offset = 1;
		} else {
			p->passages = (int)v;
		}
	} else if (strcmp(k, "exact") == 0) {
		if (a->val_len != 0 && strcmp(a->val, "1") != 0 && strcmp(a->val, "0") != 0)
			return error_set(err, ERR_INPUT, "exact: must be 1 or 0");
		p->exact = a->val_len != 0 && a->val[0] == '1';
	} else if (strcmp(k, "lang_ui") == 0) {
		if (strcmp(a->val, "nl") == 0)
			p->ui = WEB_UI_NL;
		else if (strcmp(a->val, "en") == 0)
			p->ui = WEB_UI_EN;
		else if (a->val_len != 0)
			return error_set(err, ERR_INPUT, "lang_ui: must be \"nl\" or \"en\"");
	}
	return 0;
}

void web_params_to_req(const struct web_params *p, int api, struct search_req *req)
{
	memset(req, 0, sizeof(*req));
	req->q = p->q;
	for (size_t i = 0; i < p->n_articles; i++)
		req->articles[i] = p->articles[i];
	req->n_articles = p->n_articles;
	req->articles_any = p->articles_any;
	req->literal = p->plain;
	req->type = p->type[0] ? p->type : NULL;
	req->court = p->court[0] ? p->court : NULL;
	req->lang = p->lang[0] ? p->lang : NULL;
	req->year_from = p->year_from;
	req->year_to = p->year_to;
	req->sort_date = p->sort_date;
	req->no_correct = p->exact;
	req->facets = 1;
	if (api) {
		req->limit = p->limit ? p->limit : 10;
		req->offset = p->has_offset ? p->offset : (unsigned)(p->page - 1) * req->limit;
		if (req->offset > SEARCH_MAX_OFFSET)
			req->offset = SEARCH_MAX_OFFSET;
		req->passages = p->passages;
	} else {
		req->offset = (unsigned)(p->page - 1) * WEB_PAGE_SIZE;
		req->limit = WEB_PAGE_SIZE;
		req->passages = 2;
	}
}

/* Appends "&key=value" (or "?key=value" for the first). */
static void url_arg(struct buf *b, int *first, const char *key, const char *val)
{
	buf_addc(b, *first ? '?' : '&');
	*first = 0;
	buf_adds(b, key);
	buf_addc(b, '=');
	buf_adds_url(b, val);
}

void web_params_url(const struct web_params *p, const char *path, struct buf *b)
{
	int first = 1;
	char num[16];
	buf_adds(b, path);
	if (p->q[0])
		url_arg(b, &first, "q", p->q);
	for (size_t i = 0; i < p->n_articles; i++)
		url_arg(b, &first, "article", p->articles[i]);
	if (p->articles_any && p->n_articles > 1)
		url_arg(b, &first, "art_op", "any");
	if (p->plain)
		url_arg(b, &first, "plain", "1");
	if (p->type[0])
		url_arg(b, &first, "type", p->type);
	if (p->court[0])
		url_arg(b, &first, "court", p->court);
	if (p->lang[0])
		url_arg(b, &first, "lang", p->lang);
	if (p->year_from) {
		snprintf(num, sizeof(num), "%d", p->year_from);
		url_arg(b, &first, "from", num);
	}
	if (p->year_to) {
		snprintf(num, sizeof(num), "%d", p->year_to);
		url_arg(b, &first, "to", num);
	}
	if (p->sort_date)
		url_arg(b, &first, "sort", p->sort_date > 0 ? "date" : "relevance");
	if (p->page > 1) {
		snprintf(num, sizeof(num), "%d", p->page);
		url_arg(b, &first, "page", num);
	}
	if (p->exact)
		url_arg(b, &first, "exact", "1");
}

int web_params_has_filters(const struct web_params *p)
{
	return p->n_articles || p->type[0] || p->court[0] || p->lang[0] || p->year_from ||
	       p->year_to;
}

int web_cookie_get(const char *header, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	const char *s = header;
	if (s == NULL || n == 0)
		return -1;
	while (*s) {
		while (*s == ' ' || *s == ';' || *s == '\t')
			s++;
		const char *end = strchr(s, ';');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (len > nl && strncmp(s, name, nl) == 0 && s[nl] == '=') {
			size_t vl = len - nl - 1;
			const char *v = s + nl + 1;
			while (vl > 0 && v[vl - 1] == ' ')
				vl--;
			if (vl >= n)
				return -1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return 0;
		}
		if (end == NULL)
			break;
		s = end + 1;
	}
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int web_form_get(const char *body, size_t len, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	size_t i = 0;
	if (body == NULL || n == 0)
		return -1;
	while (i < len) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		if (end - i > nl && memcmp(body + i, name, nl) == 0 && body[i + nl] == '=') {
			size_t o = 0;
			for (size_t j = i + nl + 1; j < end; j++) {
				int c = (unsigned char)body[j];
				if (c == '+') {
					c = ' ';
				} else if (c == '%') {
					int h = j + 2 < end ? hexval(body[j + 1]) : -1;
					int l = j + 2 < end ? hexval(body[j + 2]) : -1;
					if (h < 0 || l < 0)
						return -1;
					c = h * 16 + l;
					j += 2;
				}
				if (c == 0 || o + 1 >= n)
					return -1;
				out[o++] = (char)c;
			}
			out[o] = '\0';
			return util_utf8_valid(out, o) ? 0 : -1;
		}
		i = end + 1;
	}
	return -1;
}

int web_next_is_safe(const char *s)
{
	size_t len;
	if (s == NULL || s[0] != '/' || s[1] == '/' || s[1] == '\\')
		return 0;
	len = strlen(s);
	if (len > WEB_MAX_NEXT)
		return 0;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '\\')
			return 0;
	return 1;
}

int web_parse_doc_id(const char *s, unsigned *out)
{
	unsigned long v;
	if (util_parse_uint(s, UINT_MAX - 1, &v) < 0 || v == 0)
		return -1;
	*out = (unsigned)v;
	return 0;
}
