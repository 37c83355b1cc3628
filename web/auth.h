/* auth.h - who may use the web server: the users file, password checks
 * slowed down after failures, in-memory sessions and CSRF tokens.
 *
 * Conventions:
 * (1) The users file holds one account per line, "name:hash", where hash is
 *     libsodium's crypto_pwhash_str (argon2id) string; '#' lines are
 *     comments.  It is written atomically with mode 0600 and re-read by the
 *     server whenever it changes on disk, so `kindex user add|del|passwd`
 *     takes effect without a restart (a deleted user's sessions end).
 * (2) Tokens (session ids, CSRF tokens) are 256 random bits from libsodium,
 *     written as 64 lowercase hex digits (AUTH_TOKEN_LEN) and compared in
 *     constant time.
 * (3) A struct auth is shared by all server threads; every function on it
 *     takes its mutex, so callers need no locking.  A struct throttle is NOT
 *     locked by itself (struct auth locks around it).
 * (4) Times are passed in (seconds, any monotonic origin) so that tests can
 *     drive the clock.  Functions that can fail take `struct error **err`
 *     last (see base/error.h).  sodium_init() must have succeeded before
 *     anything here is called.
 */
#ifndef KINDEX_WEB_AUTH_H
#define KINDEX_WEB_AUTH_H

#include <stddef.h>

#include "base/error.h"

#define AUTH_TOKEN_LEN 64            /* hex digits of a token */
#define AUTH_NAME_MAX 64             /* bytes of a user name */
#define AUTH_PASSWORD_MAX 1024       /* bytes of a password */
#define AUTH_SESSION_TTL (8 * 3600)  /* seconds a session lives */
#define AUTH_MAX_SESSIONS 4096

/* ---- the users file ---- */

struct users_entry {
	char name[AUTH_NAME_MAX + 1];
	char *hash;                  /* owned */
};

struct users {
	struct users_entry *v;
	size_t n;
};

/* 1 when name is a valid user name: 1..AUTH_NAME_MAX bytes of letters,
 * digits and . _ @ -. */
int users_name_is_valid(const char *name);

/* Loads path into *u (which must be zeroed).  A missing file gives an
 * empty list.  As ssh does with its keys, a file that others than its owner
 * can write (mode & 022) is refused (ERR_INPUT), and one they can read
 * gets a warning on stderr.  Returns 0, or -1 with *err (ERR_IO, or
 * ERR_INPUT naming the line). */
int users_load(const char *path, struct users *u, struct error **err);
/* Writes *u to path atomically, mode 0600.  Returns 0 or -1 with *err. */
int users_save(const char *path, const struct users *u, struct error **err);
/* The entry for name, or NULL; borrowed from u. */
struct users_entry *users_find(const struct users *u, const char *name);
/* Sets (adds or replaces) name's hash, copying it.  Returns 0 or -1 with
 * *err (ERR_INPUT for an invalid name). */
int users_set(struct users *u, const char *name, const char *hash, struct error **err);
/* Removes name.  Returns 0, or -1 when there is no such user. */
int users_del(struct users *u, const char *name);
/* Frees the entries and leaves an empty list.  Accepts NULL. */
void users_clear(struct users *u);

/* The users file that belongs to index db_dir: "<db_dir>.users" beside the
 * index directory (trailing slashes removed), into out (n bytes).  Returns
 * 0, or -1 when it does not fit. */
int users_default_path(const char *db_dir, char *out, size_t n);

/* Checks the mode of a secret file (users file, TLS key) opened as fd:
 * refuses one writable by group or others (-1 with *err, ERR_INPUT), and
 * warns on stderr, prefixed by who, when group or others can read it.
 * Returns 0 when it may be used. */
int auth_check_secret_mode(int fd, const char *path, const char *who, struct error **err);

/* Hashes password with argon2id (libsodium's interactive limits) into out
 * (crypto_pwhash_STRBYTES).  Returns 0, or -1 with *err (ERR_INTERNAL) when
 * out is too small. */
int users_hash_password(const char *password, char *out, size_t n, struct error **err);

/* ---- slowing down repeated failures ---- */

/* Failures per key.  After AUTH_FREE_FAILURES failures each further one
 * locks the key for 2^(k) seconds (k counting from 0), capped at
 * AUTH_MAX_LOCK seconds; a success clears the key.  auth_check_password
 * keeps two keys per attempt: the user name together with the address
 * ("u:NAME@ADDR"), so that failures from elsewhere never lock the real user
 * out, and the address alone ("ip:ADDR"), so that one address cannot try
 * many names.  When the table is full, a free or unlocked slot is reused
 * before a locked one (the lock ending soonest), so flushing the table with
 * failures from many addresses does not lift the locks. */
#define AUTH_FREE_FAILURES 3
#define AUTH_MAX_LOCK 900
#define THROTTLE_SLOTS 1024
/* Password verifications (argon2id, 64 MiB each) are bounded for the whole
 * server: at most AUTH_VERIFY_BURST at once after a quiet spell, then
 * AUTH_VERIFY_RATE a second; beyond that a login is answered "throttled"
 * without any work. */
#define AUTH_VERIFY_RATE 10.0
#define AUTH_VERIFY_BURST 20.0

struct throttle_slot {
	char key[AUTH_NAME_MAX + 64];
	unsigned failures;
	double locked_until, last;
};

struct throttle {
	struct throttle_slot slot[THROTTLE_SLOTS];
};

/* Seconds key must still wait before it may try again (0: go ahead). */
double throttle_wait(const struct throttle *t, const char *key, double now);
/* Records a failure of key at time now.  Can't fail: when the table is
 * full a slot is reused (see above). */
void throttle_fail(struct throttle *t, const char *key, double now);
/* Forgets key's failures. */
void throttle_clear(struct throttle *t, const char *key);

/* ---- the shared state of the server ---- */

struct auth;

enum auth_result {
	AUTH_OK = 0,
	AUTH_BAD,        /* wrong user name or password */
	AUTH_THROTTLED,  /* too many failures: wait */
};

/* Opens the authentication state for users_path (which need not exist
 * yet).  Returns NULL with *err. */
struct auth *auth_new(const char *users_path, struct error **err);
void auth_free(struct auth *a);
/* How many accounts the users file holds now (re-reading it when changed). */
size_t auth_user_count(struct auth *a);
/* 1 when the users file exists but could not be read or parsed at the last
 * look (the server then keeps the last good list, or none). */
int auth_users_broken(struct auth *a);
/* How many password verifications (argon2id) have run: for tests. */
unsigned long auth_verify_count(struct auth *a);

/* Checks user's password; ip names the client for the throttle.  Unknown
 * users take as long as known ones.  On AUTH_THROTTLED *wait_s says how
 * many seconds are left.  The throttle is checked and the attempt recorded
 * (as a failure, undone on success) in one step before the verification,
 * so simultaneous guesses get no more verifications than sequential ones. */
enum auth_result auth_check_password(struct auth *a, const char *user, const char *password,
				     const char *ip, double now, int *wait_s);

/* As auth_check_password, for HTTP Basic credentials sent with every API
 * request: a success is remembered for AUTH_BASIC_TTL seconds (as a keyed
 * hash of user and password, never the password), so that only the first
 * request pays for argon2id.  The memory is dropped when the users file
 * changes. */
#define AUTH_BASIC_TTL 300
enum auth_result auth_check_basic(struct auth *a, const char *user, const char *password,
				  const char *ip, double now, int *wait_s);

/* Starts a session for user at time now: writes its id and its CSRF token
 * (AUTH_TOKEN_LEN + 1 bytes each).  When the table is full the session
 * closest to expiry is dropped.  Can't fail. */
void auth_session_new(struct auth *a, const char *user, double now, char *id, char *csrf);
/* Looks up session id: copies its user (AUTH_NAME_MAX + 1 bytes) and CSRF
 * token (AUTH_TOKEN_LEN + 1 bytes) and returns 0, or returns -1 when there
 * is no such live session (expired, ended, its user was deleted, or the
 * user's password changed since it began: a session carries a fingerprint
 * of the password hash it was opened under). */
int auth_session_get(struct auth *a, const char *id, double now, char *user, char *csrf);
/* Ends session id (if any). */
void auth_session_end(struct auth *a, const char *id);

/* Pre-session CSRF (the login form): a random nonce goes into a cookie and
 * its keyed hash into the form; a POST must bring both.  auth_pre_new writes
 * a fresh nonce and token (AUTH_TOKEN_LEN + 1 bytes each);
 * auth_pre_check returns 1 when token belongs to nonce. */
void auth_pre_new(struct auth *a, char *nonce, char *token);
int auth_pre_check(struct auth *a, const char *nonce, const char *token);

/* 1 when a and b are equal tokens (constant time in their length). */
int auth_token_equal(const char *a, const char *b);

#endif
