/* search.c - opening, reopening and closing an index for searching.
 *
 * The search itself is in query.c (the request to a Xapian query),
 * results.c (running it: hits, facets, JSON), passages.c (passages and
 * highlighting) and doclookup.c (one document, citing documents, more
 * like this); search_int.h holds what they share. */
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

const char *const search_parse_langs[3] = { "nl", "en", "fr" };

/* (Re)reads which phrases the index holds as terms (search/phrases.h); an
 * unreadable list only means phrases are matched by positions. */
static void load_phrases(struct search_db *db)
{
	size_t len = 0;
	char *text = xc_reader_metadata_len(db->r, META_PHRASES, &len, NULL);
	phrase_set_free(db->phrases);
	db->phrases = phrase_set_parse(text ? text : "", text ? len : 0);
	free(text);
}

struct search_db *search_open(const char *dir, struct error **err)
{
	struct search_ctx *ctx = search_ctx_new();
	struct search_db *db = search_open_in(ctx, dir, err);
	if (db == NULL)
		search_ctx_free(ctx);
	else
		db->own_ctx = 1;
	return db;
}

struct search_ctx *search_db_ctx(struct search_db *db)
{
	return db->ctx;
}

struct search_db *search_open_in(struct search_ctx *ctx, const char *dir, struct error **err)
{
	struct search_db *db = calloc(1, sizeof(*db));
	if (db == NULL) {
		error_set(err, ERR_NOMEM, "out of memory");
		return NULL;
	}
	struct error *e = NULL;
	db->r = xc_reader_open(dir, &e);
	if (db->r == NULL) {
		if (e && e->code == ERR_NOTFOUND)
			error_set(err, ERR_NOTFOUND, "no index in %s (run `kindex index` first): %s",
				  dir, e->msg);
		else
			error_set(err, e ? e->code : ERR_DB, "%s", e ? e->msg : "cannot open index");
		error_free(e);
		free(db);
		return NULL;
	}
	db->ctx = ctx;
	search_ctx_cache_beside(ctx, dir);
	xc_reader_share_facets(db->r, search_ctx_facets(ctx));
	struct stat st;
	if (stat(dir, &st) == 0) {
		db->dev = st.st_dev;
		db->ino = st.st_ino;
	}
	db->dir = strdup(dir);
	if (db->dir == NULL)
		abort();
	load_phrases(db);
	return db;
}

int search_reopen(struct search_db *db, struct error **err)
{
	struct stat st;
	if (stat(db->dir, &st) == 0 && (st.st_dev != db->dev || st.st_ino != db->ino)) {
		/* A new directory (a compacted index) took the old one's place. */
		struct xc_reader *r = xc_reader_open(db->dir, err);
		if (r == NULL)
			return -1;
		xc_reader_close(db->r);
		db->r = r;
		xc_reader_share_facets(db->r, search_ctx_facets(db->ctx));
		db->dev = st.st_dev;
		db->ino = st.st_ino;
		load_phrases(db);
		return 1;
	}
	int rc = xc_reader_reopen(db->r, err);
	if (rc == 1)
		load_phrases(db);
	return rc;
}

void search_close(struct search_db *db)
{
	if (db == NULL)
		return;
	xc_reader_close(db->r);
	if (db->own_ctx)
		search_ctx_free(db->ctx);
	phrase_set_free(db->phrases);
	free(db->dir);
	free(db);
}

unsigned search_doccount(struct search_db *db)
{
	return xc_reader_doccount(db->r);
}
