/* store.h - what users keep: collections of passages and saved searches.
 *
 * Kept in an SQLite database beside the index, never inside it: for the
 * index folder kindex-db the file is kindex-db.workbench.sqlite (`kindex
 * serve --workbench FILE` names another).  Every change is
 * one SQLite transaction, so a kill mid-write loses at most that change;
 * WAL mode lets readers go on while one writer writes.
 *
 * Conventions:
 * (1) Every call names the owner (a user name); a collection or saved search
 *     of another owner is ERR_NOTFOUND, exactly as one that does not exist,
 *     so that nobody learns what others keep.
 * (2) Strings handed in are copied; strings handed out are malloc()ed and
 *     released with the matching *_free / *_clear function.
 * (3) A struct store is one connection; it is NOT thread safe.  Open one per
 *     thread (SQLite serialises the writers).
 * (4) A corrupt or locked file is an error (ERR_DB / ERR_BUSY) that names
 *     the file; it is never replaced or emptied.
 * (5) Items refer to their document by identity (its path, page-store uid
 *     and identifier), never by the index's document id, which changes when
 *     the folder is indexed anew.
 */
#ifndef KINDEX_STORE_H
#define KINDEX_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define STORE_MAX_NAME 200      /* bytes of a collection's or search's name */
#define STORE_MAX_NOTE 4000     /* bytes of a note */
#define STORE_MAX_TEXT 20000    /* bytes of a passage */
#define STORE_MAX_ITEMS 1000    /* items in one collection */
#define STORE_MAX_COLLECTIONS 500
#define STORE_MAX_SAVED 200
#define STORE_MAX_SEEN 5000     /* documents remembered as seen per search */
#define STORE_TOKEN_LEN 64      /* a feed token: 256 random bits in hex */

struct store;

struct store_collection {
	int64_t id;
	char *name;
	double created, updated;   /* seconds since the epoch */
	unsigned n_items;
};

/* One kept passage, with what is needed to cite it even when the document
 * has left the index. */
struct store_item {
	int64_t id;
	unsigned pos;              /* 1-based order in its collection */
	char *doc_path, *doc_uid, *doc_ident, *doc_title;
	char *doc_type, *doc_court, *doc_date;
	int page;                  /* 0: the document as a whole */
	char *para;                /* paragraph number, "" when unknown */
	char *text;                /* the passage */
	char *note;
	char *cite_nl, *cite_en;   /* the citation with its pinpoint */
	double created;
};

struct store_saved {
	int64_t id;
	char *owner;
	char *name;
	char *q;                   /* the query string of the search page
	                            * ("q=...&type=ruling"), as saved */
	char *token;               /* the feed's token */
	double created, last_seen;
};

/* Opens (creating when absent) path.  Refuses a file or folder that others
 * may write. */
struct store *store_open(const char *path, struct error **err);
void store_close(struct store *s);

/* ---- collections ---- */
int store_coll_create(struct store *s, const char *owner, const char *name, int64_t *id,
		      struct error **err);
int store_coll_rename(struct store *s, const char *owner, int64_t id, const char *name,
		      struct error **err);
int store_coll_delete(struct store *s, const char *owner, int64_t id, struct error **err);
/* The owner's collections, newest change first; *out malloc()ed. */
int store_coll_list(struct store *s, const char *owner, struct store_collection **out, size_t *n,
		    struct error **err);
/* One collection and its items in order. */
int store_coll_get(struct store *s, const char *owner, int64_t id, struct store_collection *c,
		   struct store_item **items, size_t *n, struct error **err);
void store_coll_clear(struct store_collection *c);
void store_items_free(struct store_item *items, size_t n);

/* Adds it (its id and pos are ignored) at the end; *item_id receives the
 * new item's id. */
int store_item_add(struct store *s, const char *owner, int64_t coll, const struct store_item *it,
		   int64_t *item_id, struct error **err);
int store_item_delete(struct store *s, const char *owner, int64_t coll, int64_t item,
		      struct error **err);
int store_item_note(struct store *s, const char *owner, int64_t coll, int64_t item,
		    const char *note, struct error **err);
/* Moves item to position pos (1-based; clamped), shifting the others. */
int store_item_move(struct store *s, const char *owner, int64_t coll, int64_t item, unsigned pos,
		    struct error **err);

/* ---- saved searches ---- */
int store_saved_create(struct store *s, const char *owner, const char *name, const char *q,
		       struct store_saved *out, struct error **err);
int store_saved_delete(struct store *s, const char *owner, int64_t id, struct error **err);
/* The owner's saved searches (owner NULL: everybody's, for `kindex alerts`). */
int store_saved_list(struct store *s, const char *owner, struct store_saved **out, size_t *n,
		     struct error **err);
int store_saved_get(struct store *s, const char *owner, int64_t id, struct store_saved *out,
		    struct error **err);
/* The saved search whose feed token is token (any owner); ERR_NOTFOUND. */
int store_saved_by_token(struct store *s, const char *token, struct store_saved *out,
			 struct error **err);
/* A new token for the feed (the old one stops working). */
int store_saved_new_token(struct store *s, const char *owner, int64_t id, struct error **err);
void store_saved_clear(struct store_saved *sv);
void store_saved_free(struct store_saved *v, size_t n);

/* What a saved search has shown: keys (document paths) of its matches.
 * store_seen_count tells how many of keys[0..n) were not seen yet under
 * which ("web": the page, "alerts": `kindex alerts`); store_seen_mark
 * records them all as seen. */
int store_seen_unseen(struct store *s, int64_t saved, const char *which, const char *const *keys,
		      size_t n, unsigned char *unseen, struct error **err);
int store_seen_mark(struct store *s, int64_t saved, const char *which, const char *const *keys,
		    size_t n, struct error **err);

#endif
