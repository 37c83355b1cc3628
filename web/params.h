/* params.h - the web layer's request input: search parameters, cookies,
 * form bodies and redirect targets, parsed and validated before anything
 * else sees them.
 *
 * Conventions:
 * (1) Everything here is pure: no I/O, no global state, no libmicrohttpd
 *     types, so that tests/unit/test_web.c can drive it with plain strings.
 * (2) Parsed values are copied into fixed-size members of the caller's
 *     struct; nothing is allocated and nothing needs freeing.
 * (3) Validation rejects early: a value that is too long, not UTF-8, holds
 *     a NUL byte or is out of range makes the whole request fail with
 *     ERR_INPUT (or ERR_QUERY for the words), which the server answers with
 *     400 and the message.  Unknown parameter names are ignored.
 * (4) Functions that can fail take `struct error **err` last and return -1
 *     (see base/error.h).
 */
#ifndef KINDEX_WEB_PARAMS_H
#define KINDEX_WEB_PARAMS_H

#include <stddef.h>

#include "base/error.h"
#include "search/search.h"
#include "base/util.h"

#define WEB_PAGE_SIZE 20                 /* hits per result page */
#define WEB_MAX_PAGE (SEARCH_MAX_OFFSET / WEB_PAGE_SIZE)
#define WEB_MAX_NEXT 2048                /* bytes of a redirect target */

/* One decoded query-string argument; the value may hold any bytes. */
struct web_kv {
	const char *key;
	const char *val;
	size_t val_len;
};

enum web_ui_lang { WEB_UI_DEFAULT = 0, WEB_UI_NL, WEB_UI_EN };

/* The whole state of a search page: everything the URL carries. */
struct web_params {
	char q[SEARCH_MAX_QUERY + 1];
	char articles[SEARCH_MAX_ARTICLES][64]; /* as given: "3.1", "OPSC:2" */
	size_t n_articles;
	int articles_any;            /* ?art_op=any: any of the articles, not all */
	int plain;                   /* ?plain=1: the words as plain words */
	char type[32];               /* one of vocab_types, or "" */
	char court[32];              /* court code, or "" */
	char lang[8];                /* document language, or "" */
	int year_from, year_to;      /* 0: open */
	int sort_date;               /* 1: newest first; -1: by relevance;
	                              * 0: relevance when there are words */
	int page;                    /* 1-based */
	int exact;                   /* ?exact=1: no correction run instead */
	enum web_ui_lang ui;         /* ?lang_ui=, WEB_UI_DEFAULT when absent */
	/* For /api/search only, as the CLI's options: */
	unsigned limit;              /* 1..SEARCH_MAX_LIMIT; 0: default */
	unsigned offset;             /* 0..SEARCH_MAX_OFFSET */
	int has_offset;              /* 1: offset was given (else from page) */
	int passages;                /* 1..SEARCH_MAX_PASSAGES; 0: default */
	/* After a failed parse: the parameter that was refused, and 1 when it
	 * was refused for not being text (NUL byte, invalid UTF-8). */
	char bad[16];
	int bad_text;
};

/* Fills *p from the n arguments in kv.  Returns 0, or -1 with *err
 * (ERR_INPUT naming the parameter, ERR_QUERY for an over-long query);
 * *p is then partly filled and must not be used. */
int web_params_parse(const struct web_kv *kv, size_t n, struct web_params *p,
		     struct error **err);

/* Fills req from p (borrowing p's strings, so p must outlive req).  For
 * the HTML pages (api 0): WEB_PAGE_SIZE hits of 2 passages from page; for
 * the API (api 1): the CLI's defaults (10 hits, 1 passage), limit, offset
 * and passages when given, so /api/search answers as `kindex search --json`. */
void web_params_to_req(const struct web_params *p, int api, struct search_req *req);

/* Appends the URL of the search page for p: "/search?q=...&article=...",
 * percent-encoded, leaving out empty and default values (page 1, relevance).
 * The result is a URL, not HTML: escape it with buf_adds_html before it
 * goes into an attribute.  Can't fail. */
void web_params_url(const struct web_params *p, const char *path, struct buf *b);

/* 1 when p narrows the search by any filter (article, type, court, lang,
 * year). */
int web_params_has_filters(const struct web_params *p);

/* Adds article spec to p unless it is there already or p is full.
 * Returns 0, or -1 when it could not be added. */
int web_params_add_article(struct web_params *p, const char *spec);
/* Removes article i from p.  Can't fail. */
void web_params_del_article(struct web_params *p, size_t i);

/* Finds cookie name in a Cookie header ("a=1; b=2") and copies its value
 * into out (n bytes with the NUL).  Returns 0, or -1 when it is missing or
 * longer than n - 1. */
int web_cookie_get(const char *header, const char *name, char *out, size_t n);

/* Finds field name in an application/x-www-form-urlencoded body of len
 * bytes and copies its decoded value into out (n bytes with the NUL).
 * Returns 0, or -1 when it is missing, too long, holds a NUL byte or is not
 * valid UTF-8. */
int web_form_get(const char *body, size_t len, const char *name, char *out, size_t n);

/* 1 when s may be used as a redirect target after login: a local path
 * ("/..." but not "//..." or "/\..."), at most WEB_MAX_NEXT bytes, no
 * control characters. */
int web_next_is_safe(const char *s);

/* Parses a document id from the URL segment s ("123"): 1..UINT_MAX-1.
 * Returns 0, or -1 when s is not such a number. */
int web_parse_doc_id(const char *s, unsigned *out);

#endif
