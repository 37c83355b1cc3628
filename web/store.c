/* store.c - collections and saved searches in SQLite (see store.h). */
#include <errno.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/util.h"
#include "base/xalloc.h"
#include "web/store.h"

struct store {
	sqlite3 *db;
	char *path;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS collections ("
	" id INTEGER PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,"
	" created REAL NOT NULL, updated REAL NOT NULL);"
	"CREATE INDEX IF NOT EXISTS collections_owner ON collections(owner);"
	"CREATE TABLE IF NOT EXISTS items ("
	" id INTEGER PRIMARY KEY,"
	" coll INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL, doc_path TEXT NOT NULL, doc_uid TEXT NOT NULL,"
	" doc_ident TEXT NOT NULL, doc_title TEXT NOT NULL, doc_type TEXT NOT NULL,"
	" doc_court TEXT NOT NULL, doc_date TEXT NOT NULL, page INTEGER NOT NULL,"
	" para TEXT NOT NULL, text TEXT NOT NULL, note TEXT NOT NULL,"
	" cite_nl TEXT NOT NULL, cite_en TEXT NOT NULL, created REAL NOT NULL);"
	"CREATE INDEX IF NOT EXISTS items_coll ON items(coll, pos);"
	"CREATE TABLE IF NOT EXISTS saved ("
	" id INTEGER PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, q TEXT NOT NULL,"
	" token TEXT NOT NULL UNIQUE, created REAL NOT NULL, last_seen REAL NOT NULL);"
	"CREATE TABLE IF NOT EXISTS seen ("
	" saved INTEGER NOT NULL REFERENCES saved(id) ON DELETE CASCADE,"
	" which TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (saved, which, key));";

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int db_error(struct store *s, struct error **err, const char *what)
{
	int rc = sqlite3_errcode(s->db);
	if (rc == SQLITE_NOMEM)
		xalloc_die(); /* base/error.h (5) */
	enum error_code code = rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? ERR_BUSY
			       : rc == SQLITE_FULL			 ? ERR_IO
									 : ERR_DB;
	return error_set(err, code, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

static char *dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return xstrdup(t ? (const char *)t : "");
}

/* Refuses a file or folder that others may write (as ssh does with its
 * keys): anyone could add or change another user's collections. */
static int check_mode(const char *path, struct error **err)
{
	struct stat st;
	if (stat(path, &st) == 0 && (st.st_mode & 0022) != 0)
		return error_set(err, ERR_INPUT,
				 "%s: others may write it (mode %03o); refusing it (chmod go-w)", path,
				 (unsigned)(st.st_mode & 0777));
	return 0;
}

struct store *store_open(const char *path, struct error **err)
{
	if (check_mode(path, err) < 0)
		return NULL;
	struct store *s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	/* New files are for the server's user alone. */
	mode_t old = umask(077);
	int rc = sqlite3_open_v2(path, &s->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	umask(old);
	if (rc != SQLITE_OK) {
		if (s->db == NULL) /* sqlite could not allocate the handle */
			xalloc_die();
		db_error(s, err, "cannot open");
		store_close(s);
		return NULL;
	}
	sqlite3_busy_timeout(s->db, 5000);
	char *msg = NULL;
	/* quick_check first: a corrupt file is reported, never rebuilt. */
	if (sqlite3_exec(s->db,
			 "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
			 NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(s->db, "PRAGMA quick_check;", NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(s->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
		error_set(err, sqlite3_errcode(s->db) == SQLITE_BUSY ? ERR_BUSY : ERR_DB,
			  "%s: %s", path, msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		store_close(s);
		return NULL;
	}
	return s;
}

void store_close(struct store *s)
{
	if (s == NULL)
		return;
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

/* Prepares sql; binds nothing.  NULL with *err on failure. */
static sqlite3_stmt *prep(struct store *s, const char *sql, struct error **err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_error(s, err, "prepare");
		return NULL;
	}
	return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *t)
{
	sqlite3_bind_text(st, i, t ? t : "", -1, SQLITE_TRANSIENT);
}

/* Runs a statement that returns no rows; finalises it. */
static int run(struct store *s, sqlite3_stmt *st, struct error **err)
{
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(s, err, "write");
	return 0;
}

static int exec(struct store *s, const char *sql, struct error **err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(s, err, sql);
	return 0;
}

static int begin(struct store *s, struct error **err)
{
	return exec(s, "BEGIN IMMEDIATE", err);
}

static int commit(struct store *s, struct error **err)
{
	if (exec(s, "COMMIT", err) < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

static void rollback(struct store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int check_name(const char *name, struct error **err)
{
	size_t n = name ? strlen(name) : 0;
	if (n == 0 || n > STORE_MAX_NAME || !util_utf8_valid(name, n))
		return error_set(err, ERR_INPUT, "a name must be 1 to %d bytes of UTF-8",
				 STORE_MAX_NAME);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return error_set(err, ERR_INPUT, "a name may not hold control characters");
	return 0;
}

static int check_text(const char *t, size_t max, const char *what, struct error **err)
{
	size_t n = t ? strlen(t) : 0;
	if (n > max)
		return error_set(err, ERR_INPUT, "the %s is too long (at most %zu bytes)", what, max);
	if (!util_utf8_valid(t ? t : "", n))
		return error_set(err, ERR_INPUT, "the %s is not valid UTF-8", what);
	return 0;
}

/* 0 when collection id belongs to owner, else ERR_NOTFOUND. */
static int own_coll(struct store *s, const char *owner, int64_t id, struct error **err)
{
	sqlite3_stmt *st = prep(s, "SELECT 1 FROM collections WHERE id=? AND owner=?", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, owner);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_error(s, err, "read");
	return error_set(err, ERR_NOTFOUND, "no such collection");
}

/* Begins a write transaction on collection id of owner: 0, or -1 with *err
 * and no transaction left open (ERR_NOTFOUND when owner has no such
 * collection). */
static int begin_coll(struct store *s, const char *owner, int64_t id, struct error **err)
{
	if (begin(s, err) < 0)
		return -1;
	if (own_coll(s, owner, id, err) < 0) {
		rollback(s);
		return -1;
	}
	return 0;
}

static int touch_coll(struct store *s, int64_t id, struct error **err)
{
	sqlite3_stmt *st = prep(s, "UPDATE collections SET updated=? WHERE id=?", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_double(st, 1, now_s());
	sqlite3_bind_int64(st, 2, id);
	return run(s, st, err);
}

/* Fails with ERR_INPUT ("at most max what") when owner has max rows
 * already, as counted by sql ("SELECT count(*) FROM ... WHERE owner=?"). */
static int check_quota(struct store *s, const char *sql, const char *owner, int max,
		       const char *what, struct error **err)
{
	sqlite3_stmt *st = prep(s, sql, err);
	if (st == NULL)
		return -1;
	bind_text(st, 1, owner);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (n >= max)
		return error_set(err, ERR_INPUT, "at most %d %s", max, what);
	return 0;
}

/* ---- collections ---- */

int store_coll_create(struct store *s, const char *owner, const char *name, int64_t *id,
		      struct error **err)
{
	if (check_name(name, err) < 0 || begin(s, err) < 0)
		return -1;
	if (check_quota(s, "SELECT count(*) FROM collections WHERE owner=?", owner,
			STORE_MAX_COLLECTIONS, "collections", err) < 0)
		goto fail;
	sqlite3_stmt *st =
		prep(s, "INSERT INTO collections(owner,name,created,updated) VALUES(?,?,?,?)", err);
	if (st == NULL)
		goto fail;
	double t = now_s();
	bind_text(st, 1, owner);
	bind_text(st, 2, name);
	sqlite3_bind_double(st, 3, t);
	sqlite3_bind_double(st, 4, t);
	if (run(s, st, err) < 0)
		goto fail;
	*id = sqlite3_last_insert_rowid(s->db);
	return commit(s, err);
fail:
	rollback(s);
	return -1;
}

int store_coll_rename(struct store *s, const char *owner, int64_t id, const char *name,
		      struct error **err)
{
	if (check_name(name, err) < 0 || begin_coll(s, owner, id, err) < 0)
		return -1;
	sqlite3_stmt *st = prep(s, "UPDATE collections SET name=?, updated=? WHERE id=?", err);
	if (st == NULL)
		goto fail;
	bind_text(st, 1, name);
	sqlite3_bind_double(st, 2, now_s());
	sqlite3_bind_int64(st, 3, id);
	if (run(s, st, err) < 0)
		goto fail;
	return commit(s, err);
fail:
	rollback(s);
	return -1;
}

int store_coll_delete(struct store *s, const char *owner, int64_t id, struct error **err)
{
	if (begin_coll(s, owner, id, err) < 0)
		return -1;
	sqlite3_stmt *st = prep(s, "DELETE FROM collections WHERE id=?", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if (run(s, st, err) < 0)
		goto fail;
	return commit(s, err);
fail:
	rollback(s);
	return -1;
}

int store_coll_list(struct store *s, const char *owner, struct store_collection **out, size_t *n,
		    struct error **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = prep(s,
				"SELECT c.id, c.name, c.created, c.updated,"
				" (SELECT count(*) FROM items i WHERE i.coll=c.id)"
				" FROM collections c WHERE owner=? ORDER BY updated DESC, id DESC",
				err);
	if (st == NULL)
		return -1;
	bind_text(st, 1, owner);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		struct store_collection *c = &(*out)[(*n)++];
		c->id = sqlite3_column_int64(st, 0);
		c->name = dup_col(st, 1);
		c->created = sqlite3_column_double(st, 2);
		c->updated = sqlite3_column_double(st, 3);
		c->n_items = (unsigned)sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			store_coll_clear(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return db_error(s, err, "read");
	}
	return 0;
}

void store_coll_clear(struct store_collection *c)
{
	if (c == NULL)
		return;
	free(c->name);
	c->name = NULL;
}

static void item_clear(struct store_item *it)
{
	free(it->doc_path), free(it->doc_uid), free(it->doc_ident), free(it->doc_title);
	free(it->doc_type), free(it->doc_court), free(it->doc_date);
	free(it->para), free(it->text), free(it->note), free(it->cite_nl), free(it->cite_en);
}

void store_items_free(struct store_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		item_clear(&items[i]);
	free(items);
}

int store_coll_get(struct store *s, const char *owner, int64_t id, struct store_collection *c,
		   struct store_item **items, size_t *n, struct error **err)
{
	memset(c, 0, sizeof(*c));
	*items = NULL;
	*n = 0;
	sqlite3_stmt *st = prep(s,
				"SELECT id, name, created, updated FROM collections"
				" WHERE id=? AND owner=?",
				err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, owner);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c->id = sqlite3_column_int64(st, 0);
		c->name = dup_col(st, 1);
		c->created = sqlite3_column_double(st, 2);
		c->updated = sqlite3_column_double(st, 3);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ERR_NOTFOUND, "no such collection");
	if (rc != SQLITE_ROW)
		return db_error(s, err, "read");
	st = prep(s,
		  "SELECT id, pos, doc_path, doc_uid, doc_ident, doc_title, doc_type, doc_court,"
		  " doc_date, page, para, text, note, cite_nl, cite_en, created"
		  " FROM items WHERE coll=? ORDER BY pos, id",
		  err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	size_t cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*items = xreallocarray(*items, cap, sizeof(**items));
		}
		struct store_item *it = &(*items)[(*n)++];
		it->id = sqlite3_column_int64(st, 0);
		it->pos = (unsigned)sqlite3_column_int(st, 1);
		it->doc_path = dup_col(st, 2);
		it->doc_uid = dup_col(st, 3);
		it->doc_ident = dup_col(st, 4);
		it->doc_title = dup_col(st, 5);
		it->doc_type = dup_col(st, 6);
		it->doc_court = dup_col(st, 7);
		it->doc_date = dup_col(st, 8);
		it->page = sqlite3_column_int(st, 9);
		it->para = dup_col(st, 10);
		it->text = dup_col(st, 11);
		it->note = dup_col(st, 12);
		it->cite_nl = dup_col(st, 13);
		it->cite_en = dup_col(st, 14);
		it->created = sqlite3_column_double(st, 15);
	}
	sqlite3_finalize(st);
	c->n_items = (unsigned)*n;
	if (rc == SQLITE_DONE)
		return 0;
	db_error(s, err, "read");
fail:
	store_items_free(*items, *n);
	*items = NULL;
	*n = 0;
	store_coll_clear(c);
	return -1;
}

int store_item_add(struct store *s, const char *owner, int64_t coll, const struct store_item *it,
		   int64_t *item_id, struct error **err)
{
	if (check_text(it->text, STORE_MAX_TEXT, "passage", err) < 0 ||
	    check_text(it->note, STORE_MAX_NOTE, "note", err) < 0 ||
	    check_text(it->doc_title, STORE_MAX_TEXT, "title", err) < 0 ||
	    begin_coll(s, owner, coll, err) < 0)
		return -1;
	sqlite3_stmt *st = prep(s, "SELECT count(*), coalesce(max(pos),0) FROM items WHERE coll=?",
				err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, coll);
	int count = 0, maxpos = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		count = sqlite3_column_int(st, 0);
		maxpos = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (count >= STORE_MAX_ITEMS) {
		error_set(err, ERR_INPUT, "a collection holds at most %d passages", STORE_MAX_ITEMS);
		goto fail;
	}
	st = prep(s,
		  "INSERT INTO items(coll,pos,doc_path,doc_uid,doc_ident,doc_title,doc_type,"
		  "doc_court,doc_date,page,para,text,note,cite_nl,cite_en,created)"
		  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
		  err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, coll);
	sqlite3_bind_int(st, 2, maxpos + 1);
	bind_text(st, 3, it->doc_path);
	bind_text(st, 4, it->doc_uid);
	bind_text(st, 5, it->doc_ident);
	bind_text(st, 6, it->doc_title);
	bind_text(st, 7, it->doc_type);
	bind_text(st, 8, it->doc_court);
	bind_text(st, 9, it->doc_date);
	sqlite3_bind_int(st, 10, it->page);
	bind_text(st, 11, it->para);
	bind_text(st, 12, it->text);
	bind_text(st, 13, it->note);
	bind_text(st, 14, it->cite_nl);
	bind_text(st, 15, it->cite_en);
	sqlite3_bind_double(st, 16, now_s());
	if (run(s, st, err) < 0)
		goto fail;
	if (item_id != NULL)
		*item_id = sqlite3_last_insert_rowid(s->db);
	if (touch_coll(s, coll, err) < 0)
		goto fail;
	return commit(s, err);
fail:
	rollback(s);
	return -1;
}

/* Runs sql (binding coll, item as the last two parameters after those the
 * caller bound) and fails with ERR_NOTFOUND when no row changed. */
static int change_item(struct store *s, const char *owner, int64_t coll, int64_t item,
		       const char *sql, const char *text, struct error **err)
{
	if (begin_coll(s, owner, coll, err) < 0)
		return -1;
	sqlite3_stmt *st = prep(s, sql, err);
	if (st == NULL)
		goto fail;
	int i = 1;
	if (text != NULL)
		bind_text(st, i++, text);
	sqlite3_bind_int64(st, i++, coll);
	sqlite3_bind_int64(st, i, item);
	if (run(s, st, err) < 0)
		goto fail;
	if (sqlite3_changes(s->db) == 0) {
		error_set(err, ERR_NOTFOUND, "no such passage in this collection");
		goto fail;
	}
	if (touch_coll(s, coll, err) < 0)
		goto fail;
	return commit(s, err);
fail:
	rollback(s);
	return -1;
}

int store_item_delete(struct store *s, const char *owner, int64_t coll, int64_t item,
		      struct error **err)
{
	/* The items after it move up: positions stay 1..n. */
	if (begin_coll(s, owner, coll, err) < 0)
		return -1;
	sqlite3_stmt *st = prep(s, "SELECT pos FROM items WHERE coll=? AND id=?", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, coll);
	sqlite3_bind_int64(st, 2, item);
	int rc = sqlite3_step(st);
	int pos = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			error_set(err, ERR_NOTFOUND, "no such passage in this collection");
		else
			db_error(s, err, "read");
		goto fail;
	}
	st = prep(s, "DELETE FROM items WHERE id=?", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, item);
	if (run(s, st, err) < 0)
		goto fail;
	st = prep(s, "UPDATE items SET pos=pos-1 WHERE coll=? AND pos>?", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, coll);
	sqlite3_bind_int(st, 2, pos);
	if (run(s, st, err) < 0 || touch_coll(s, coll, err) < 0)
		goto fail;
	return commit(s, err);
fail:
	rollback(s);
	return -1;
}

int store_item_note(struct store *s, const char *owner, int64_t coll, int64_t item,
		    const char *note, struct error **err)
{
	if (check_text(note, STORE_MAX_NOTE, "note", err) < 0)
		return -1;
	return change_item(s, owner, coll, item, "UPDATE items SET note=? WHERE coll=? AND id=?",
			   note ? note : "", err);
}

int store_item_move(struct store *s, const char *owner, int64_t coll, int64_t item, unsigned pos,
		    struct error **err)
{
	if (begin_coll(s, owner, coll, err) < 0)
		return -1;
	/* Renumber 1..n with item at pos: read the order, rewrite it. */
	sqlite3_stmt *st = prep(s, "SELECT id FROM items WHERE coll=? ORDER BY pos, id", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, coll);
	int64_t ids[STORE_MAX_ITEMS + 1];
	size_t n = 0;
	int found = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < STORE_MAX_ITEMS + 1) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id == item)
			found = 1;
		else
			ids[n++] = id;
	}
	sqlite3_finalize(st);
	if (!found) {
		error_set(err, ERR_NOTFOUND, "no such passage in this collection");
		goto fail;
	}
	if (pos < 1)
		pos = 1;
	if (pos > n + 1)
		pos = (unsigned)n + 1;
	memmove(&ids[pos], &ids[pos - 1], (n - (pos - 1)) * sizeof(ids[0]));
	ids[pos - 1] = item;
	n++;
	for (size_t i = 0; i < n; i++) {
		st = prep(s, "UPDATE items SET pos=? WHERE id=?", err);
		if (st == NULL)
			goto fail;
		sqlite3_bind_int(st, 1, (int)i + 1);
		sqlite3_bind_int64(st, 2, ids[i]);
		if (run(s, st, err) < 0)
			goto fail;
	}
	if (touch_coll(s, coll, err) < 0)
		goto fail;
	return commit(s, err);
fail:
	rollback(s);
	return -1;
}

/* ---- saved searches ---- */

static void new_token(char out[STORE_TOKEN_LEN + 1])
{
	unsigned char raw[STORE_TOKEN_LEN / 2];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, STORE_TOKEN_LEN + 1, raw, sizeof(raw));
}

static void saved_row(sqlite3_stmt *st, struct store_saved *sv)
{
	sv->id = sqlite3_column_int64(st, 0);
	sv->name = dup_col(st, 1);
	sv->q = dup_col(st, 2);
	sv->token = dup_col(st, 3);
	sv->created = sqlite3_column_double(st, 4);
	sv->last_seen = sqlite3_column_double(st, 5);
	sv->owner = dup_col(st, 6);
}

#define SAVED_COLS "id, name, q, token, created, last_seen, owner"

int store_saved_create(struct store *s, const char *owner, const char *name, const char *q,
		       struct store_saved *out, struct error **err)
{
	memset(out, 0, sizeof(*out));
	if (check_name(name, err) < 0 || check_text(q, 4096, "search", err) < 0)
		return -1;
	if (begin(s, err) < 0)
		return -1;
	if (check_quota(s, "SELECT count(*) FROM saved WHERE owner=?", owner, STORE_MAX_SAVED,
			"saved searches", err) < 0)
		goto fail;
	char token[STORE_TOKEN_LEN + 1];
	new_token(token);
	sqlite3_stmt *st = prep(s, "INSERT INTO saved(owner,name,q,token,created,last_seen) VALUES(?,?,?,?,?,?)",
		  err);
	if (st == NULL)
		goto fail;
	double t = now_s();
	bind_text(st, 1, owner);
	bind_text(st, 2, name);
	bind_text(st, 3, q);
	bind_text(st, 4, token);
	sqlite3_bind_double(st, 5, t);
	sqlite3_bind_double(st, 6, t);
	if (run(s, st, err) < 0)
		goto fail;
	int64_t id = sqlite3_last_insert_rowid(s->db);
	if (commit(s, err) < 0)
		return -1;
	return store_saved_get(s, owner, id, out, err);
fail:
	rollback(s);
	return -1;
}

int store_saved_delete(struct store *s, const char *owner, int64_t id, struct error **err)
{
	sqlite3_stmt *st = prep(s, "DELETE FROM saved WHERE id=? AND owner=?", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, owner);
	if (run(s, st, err) < 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return error_set(err, ERR_NOTFOUND, "no such saved search");
	return 0;
}

int store_saved_list(struct store *s, const char *owner, struct store_saved **out, size_t *n,
		     struct error **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = prep(s,
				owner ? "SELECT " SAVED_COLS " FROM saved WHERE owner=? ORDER BY id"
				      : "SELECT " SAVED_COLS " FROM saved ORDER BY owner, id",
				err);
	if (st == NULL)
		return -1;
	if (owner)
		bind_text(st, 1, owner);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		saved_row(st, &(*out)[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_saved_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(s, err, "read");
	}
	return 0;
}

/* Steps st (bound, finalised here) for one saved search into out; none is
 * ERR_NOTFOUND with the message missing. */
static int saved_one(struct store *s, sqlite3_stmt *st, struct store_saved *out,
		     const char *missing, struct error **err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		saved_row(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return error_set(err, ERR_NOTFOUND, "%s", missing);
	return db_error(s, err, "read");
}

int store_saved_get(struct store *s, const char *owner, int64_t id, struct store_saved *out,
		    struct error **err)
{
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st = prep(s, "SELECT " SAVED_COLS " FROM saved WHERE id=? AND owner=?", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, owner);
	return saved_one(s, st, out, "no such saved search", err);
}

int store_saved_by_token(struct store *s, const char *token, struct store_saved *out,
			 struct error **err)
{
	memset(out, 0, sizeof(*out));
	if (token == NULL || strlen(token) != STORE_TOKEN_LEN)
		return error_set(err, ERR_NOTFOUND, "no such feed");
	sqlite3_stmt *st = prep(s, "SELECT " SAVED_COLS " FROM saved WHERE token=?", err);
	if (st == NULL)
		return -1;
	bind_text(st, 1, token);
	return saved_one(s, st, out, "no such feed", err);
}

int store_saved_new_token(struct store *s, const char *owner, int64_t id, struct error **err)
{
	char token[STORE_TOKEN_LEN + 1];
	new_token(token);
	sqlite3_stmt *st = prep(s, "UPDATE saved SET token=? WHERE id=? AND owner=?", err);
	if (st == NULL)
		return -1;
	bind_text(st, 1, token);
	sqlite3_bind_int64(st, 2, id);
	bind_text(st, 3, owner);
	if (run(s, st, err) < 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return error_set(err, ERR_NOTFOUND, "no such saved search");
	return 0;
}

void store_saved_clear(struct store_saved *sv)
{
	if (sv == NULL)
		return;
	free(sv->owner), free(sv->name), free(sv->q), free(sv->token);
	memset(sv, 0, sizeof(*sv));
}

void store_saved_free(struct store_saved *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_saved_clear(&v[i]);
	free(v);
}

int store_seen_unseen(struct store *s, int64_t saved, const char *which, const char *const *keys,
		      size_t n, unsigned char *unseen, struct error **err)
{
	sqlite3_stmt *st = prep(s, "SELECT 1 FROM seen WHERE saved=? AND which=? AND key=?", err);
	if (st == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, saved);
		bind_text(st, 2, which);
		bind_text(st, 3, keys[i]);
		int rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return db_error(s, err, "read");
		}
		unseen[i] = rc == SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return 0;
}

int store_seen_mark(struct store *s, int64_t saved, const char *which, const char *const *keys,
		    size_t n, struct error **err)
{
	if (n > STORE_MAX_SEEN)
		n = STORE_MAX_SEEN;
	if (begin(s, err) < 0)
		return -1;
	sqlite3_stmt *st = prep(s, "INSERT OR IGNORE INTO seen(saved,which,key) VALUES(?,?,?)", err);
	if (st == NULL)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, saved);
		bind_text(st, 2, which);
		bind_text(st, 3, keys[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			db_error(s, err, "write");
			goto fail;
		}
	}
	sqlite3_finalize(st);
	st = prep(s, "UPDATE saved SET last_seen=? WHERE id=?", err);
	if (st == NULL)
		goto fail;
	sqlite3_bind_double(st, 1, now_s());
	sqlite3_bind_int64(st, 2, saved);
	if (run(s, st, err) < 0)
		goto fail;
	return commit(s, err);
fail:
	rollback(s);
	return -1;
}
