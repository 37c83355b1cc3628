/* auth.c - users file, login throttle, sessions and CSRF tokens (see
 * auth.h).
 *
 * One mutex guards the whole struct auth.  Password hashing is slow on
 * purpose (argon2id, about 0.1 s and 64 MiB), so auth_check_password does
 * its verification outside the lock: it copies the stored hash under the
 * lock, verifies, then takes the lock again to record the outcome. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "base/xalloc.h"
#include "web/auth.h"

/* ---- users file ---- */

int users_name_is_valid(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len > AUTH_NAME_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '@' || c == '-'))
			return 0;
	}
	return 1;
}

void users_clear(struct users *u)
{
	if (u == NULL)
		return;
	for (size_t i = 0; i < u->n; i++)
		free(u->v[i].hash);
	free(u->v);
	u->v = NULL;
	u->n = 0;
}

struct users_entry *users_find(const struct users *u, const char *name)
{
	for (size_t i = 0; i < u->n; i++)
		if (strcmp(u->v[i].name, name) == 0)
			return &u->v[i];
	return NULL;
}

int users_set(struct users *u, const char *name, const char *hash, struct error **err)
{
	struct users_entry *e;
	if (!users_name_is_valid(name))
		return error_set(err, ERR_INPUT,
				 "invalid user name (1-%d letters, digits, . _ @ -)", AUTH_NAME_MAX);
	if (strchr(hash, ':') != NULL || strchr(hash, '\n') != NULL)
		return error_set(err, ERR_INPUT, "invalid password hash");
	e = users_find(u, name);
	if (e == NULL) {
		u->v = xreallocarray(u->v, u->n + 1, sizeof(*u->v));
		e = &u->v[u->n++];
		snprintf(e->name, sizeof(e->name), "%s", name);
		e->hash = NULL;
	}
	free(e->hash);
	e->hash = xstrdup(hash);
	return 0;
}

int users_del(struct users *u, const char *name)
{
	struct users_entry *e = users_find(u, name);
	if (e == NULL)
		return -1;
	free(e->hash);
	size_t i = (size_t)(e - u->v);
	memmove(&u->v[i], &u->v[i + 1], (u->n - i - 1) * sizeof(u->v[0]));
	u->n--;
	return 0;
}

int auth_check_secret_mode(int fd, const char *path, const char *who, struct error **err)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(err, ERR_INPUT, "%s: not a regular file", path);
	if (st.st_mode & 022)
		return error_set(err, ERR_INPUT,
				 "%s: others can write it (mode %04o); refused: "
				 "`chmod go-w %s` (better: chmod 600)",
				 path, (unsigned)(st.st_mode & 07777), path);
	if (st.st_mode & 044)
		fprintf(stderr, "%s: warning: %s can be read by others (mode %04o); "
				"`chmod 600` it\n",
			who, path, (unsigned)(st.st_mode & 07777));
	return 0;
}

/* Reads the secret file path (at most max bytes) after checking its mode;
 * never blocks on a FIFO.  Returns the NUL-terminated contents or NULL with
 * *err; *missing is set to 1 when the file does not exist. */
static char *read_secret(const char *path, size_t max, int *missing, struct error **err)
{
	*missing = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		*missing = errno == ENOENT;
		error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (auth_check_secret_mode(fd, path, "kindex", err) < 0) {
		close(fd);
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[4096];
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
			break;
		}
		if (r == 0) {
			close(fd);
			buf_adds(&b, "");
			return buf_detach(&b);
		}
		if (b.len + (size_t)r > max) {
			error_set(err, ERR_INPUT, "%s: larger than %zu bytes", path, max);
			break;
		}
		buf_add(&b, chunk, (size_t)r);
	}
	close(fd);
	if (b.s != NULL)
		sodium_memzero(b.s, b.cap);
	buf_free(&b);
	return NULL;
}

int users_load(const char *path, struct users *u, struct error **err)
{
	struct error *e = NULL;
	int missing;
	char *data = read_secret(path, 1 << 20, &missing, &e);
	if (data == NULL) {
		if (missing) {
			error_free(e);
			return 0; /* no users yet */
		}
		if (err != NULL && *err == NULL)
			*err = e;
		else
			error_free(e);
		return -1;
	}
	int lineno = 0;
	char *save = NULL;
	for (char *line = strtok_r(data, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		size_t l = strlen(line);
		if (l > 0 && line[l - 1] == '\r')
			line[--l] = '\0';
		if (l == 0 || line[0] == '#')
			continue;
		char *colon = strchr(line, ':');
		if (colon == NULL) {
			free(data);
			users_clear(u);
			return error_set(err, ERR_INPUT, "%s: line %d: expected name:hash", path,
					 lineno);
		}
		*colon = '\0';
		if (users_set(u, line, colon + 1, err) < 0) {
			free(data);
			users_clear(u);
			return -1;
		}
	}
	free(data);
	return 0;
}

int users_save(const char *path, const struct users *u, struct error **err)
{
	struct buf b = BUF_INIT;
	int r;
	buf_adds(&b, "# kindex users: name:argon2id hash.  Manage with `kindex user`.\n");
	for (size_t i = 0; i < u->n; i++)
		buf_addf(&b, "%s:%s\n", u->v[i].name, u->v[i].hash);
	r = util_write_file_atomic(path, buf_str(&b), b.len, err);
	buf_free(&b);
	if (r == 0)
		(void)chmod(path, 0600);
	return r;
}

int users_default_path(const char *db_dir, char *out, size_t n)
{
	size_t len = strlen(db_dir);
	while (len > 1 && db_dir[len - 1] == '/')
		len--;
	int w = snprintf(out, n, "%.*s.users", (int)len, db_dir);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

int users_hash_password(const char *password, char *out, size_t n, struct error **err)
{
	if (n < crypto_pwhash_STRBYTES)
		return error_set(err, ERR_INTERNAL, "hash buffer too small");
	/* Fails only when the hash's working memory cannot be had. */
	if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		xalloc_die();
	return 0;
}

/* ---- throttle ---- */

static struct throttle_slot *throttle_find(const struct throttle *t, const char *key)
{
	for (size_t i = 0; i < THROTTLE_SLOTS; i++)
		if (t->slot[i].key[0] && strcmp(t->slot[i].key, key) == 0)
			return (struct throttle_slot *)&t->slot[i];
	return NULL;
}

double throttle_wait(const struct throttle *t, const char *key, double now)
{
	const struct throttle_slot *s = throttle_find(t, key);
	if (s == NULL || s->locked_until <= now)
		return 0;
	return s->locked_until - now;
}

void throttle_fail(struct throttle *t, const char *key, double now)
{
	struct throttle_slot *s = throttle_find(t, key);
	if (s == NULL) {
		/* A free slot, else the least recently used unlocked one,
		 * else the one whose lock ends first: failures from many
		 * addresses must not flush the locks out of the table. */
		s = NULL;
		for (size_t i = 0; i < THROTTLE_SLOTS; i++) {
			struct throttle_slot *c = &t->slot[i];
			if (c->key[0] == '\0') {
				s = c;
				break;
			}
			int c_locked = c->locked_until > now;
			if (s == NULL) {
				s = c;
				continue;
			}
			int s_locked = s->locked_until > now;
			if (c_locked != s_locked ? !c_locked
			    : c_locked	      ? c->locked_until < s->locked_until
					      : c->last < s->last)
				s = c;
		}
		memset(s, 0, sizeof(*s));
		snprintf(s->key, sizeof(s->key), "%s", key);
	} else if (now - s->last > 24 * 3600) {
		s->failures = 0; /* an old streak is forgiven */
	}
	s->failures++;
	s->last = now;
	if (s->failures > AUTH_FREE_FAILURES) {
		unsigned k = s->failures - AUTH_FREE_FAILURES - 1;
		double lock = k >= 10 ? AUTH_MAX_LOCK : (double)(1u << k);
		if (lock > AUTH_MAX_LOCK)
			lock = AUTH_MAX_LOCK;
		s->locked_until = now + lock;
	}
}

void throttle_clear(struct throttle *t, const char *key)
{
	struct throttle_slot *s = throttle_find(t, key);
	if (s != NULL)
		memset(s, 0, sizeof(*s));
}

/* ---- sessions and the shared state ---- */

struct session {
	char id[AUTH_TOKEN_LEN + 1];     /* "" for a free slot */
	char csrf[AUTH_TOKEN_LEN + 1];
	char user[AUTH_NAME_MAX + 1];
	unsigned char gen[16];           /* fingerprint of the user's hash then */
	double expires;
};

struct auth {
	pthread_mutex_t mu;
	char *users_path;
	struct users users;              /* as last read */
	struct timespec users_mtime;     /* of the file as last read */
	off_t users_size;
	ino_t users_ino;
	int users_seen;                  /* 1: the file existed at last read */
	int users_broken;                /* 1: the last read failed */
	double verify_tokens, verify_at; /* the global budget of verifications */
	unsigned long verify_count;
	char dummy_hash[crypto_pwhash_STRBYTES]; /* for unknown users */
	unsigned char key[crypto_auth_KEYBYTES]; /* signs pre-session tokens */
	struct throttle throttle;
	struct session sessions[AUTH_MAX_SESSIONS];
	struct basic_ok {
		unsigned char mac[crypto_generichash_BYTES];
		double expires;
	} basic[64];                     /* recent good Basic credentials */
};

static void random_token(char *out)
{
	unsigned char r[AUTH_TOKEN_LEN / 2];
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(out, AUTH_TOKEN_LEN + 1, r, sizeof(r));
}

int auth_token_equal(const char *a, const char *b)
{
	size_t la = strlen(a);
	if (la != AUTH_TOKEN_LEN || strlen(b) != la)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

/* The fingerprint of a stored password hash that sessions carry. */
static void hash_gen(const char *hash, unsigned char gen[16])
{
	crypto_generichash(gen, 16, (const unsigned char *)hash, strlen(hash), NULL, 0);
}

/* Re-reads the users file when it changed; drops the sessions of users
 * that are gone.  Called with the mutex held.  On a read error the last
 * good list stays in force. */
static void users_refresh(struct auth *a)
{
	struct stat st;
	int exists = stat(a->users_path, &st) == 0;
	if (exists == a->users_seen && !a->users_broken &&
	    (!exists || (st.st_mtim.tv_sec == a->users_mtime.tv_sec &&
			 st.st_mtim.tv_nsec == a->users_mtime.tv_nsec &&
			 st.st_size == a->users_size && st.st_ino == a->users_ino)))
		return;
	struct users fresh = { 0 };
	struct error *e = NULL;
	if (users_load(a->users_path, &fresh, &e) < 0) {
		if (!a->users_broken)
			fprintf(stderr, "kindex serve: %s\n", e->msg);
		error_free(e);
		a->users_broken = 1;
		return;
	}
	a->users_broken = 0;
	users_clear(&a->users);
	a->users = fresh;
	a->users_seen = exists;
	if (exists) {
		a->users_mtime = st.st_mtim;
		a->users_size = st.st_size;
		a->users_ino = st.st_ino;
	}
	memset(a->basic, 0, sizeof(a->basic));
	/* Sessions of users that are gone, or whose password changed, end. */
	for (size_t i = 0; i < AUTH_MAX_SESSIONS; i++) {
		struct session *se = &a->sessions[i];
		if (se->id[0] == '\0')
			continue;
		struct users_entry *ue = users_find(&a->users, se->user);
		unsigned char gen[sizeof(se->gen)];
		if (ue != NULL)
			hash_gen(ue->hash, gen);
		if (ue == NULL || sodium_memcmp(gen, se->gen, sizeof(gen)) != 0)
			memset(se, 0, sizeof(*se));
	}
}

struct auth *auth_new(const char *users_path, struct error **err)
{
	struct auth *a = xcalloc(1, sizeof(*a));
	char pw[AUTH_TOKEN_LEN + 1];
	a->users_path = xstrdup(users_path);
	pthread_mutex_init(&a->mu, NULL);
	crypto_auth_keygen(a->key);
	random_token(pw);
	if (users_hash_password(pw, a->dummy_hash, sizeof(a->dummy_hash), err) < 0) {
		auth_free(a);
		return NULL;
	}
	pthread_mutex_lock(&a->mu);
	users_refresh(a);
	pthread_mutex_unlock(&a->mu);
	return a;
}

void auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	pthread_mutex_destroy(&a->mu);
	users_clear(&a->users);
	free(a->users_path);
	sodium_memzero(a, sizeof(*a));
	free(a);
}

int auth_users_broken(struct auth *a)
{
	pthread_mutex_lock(&a->mu);
	users_refresh(a);
	int r = a->users_broken;
	pthread_mutex_unlock(&a->mu);
	return r;
}

unsigned long auth_verify_count(struct auth *a)
{
	pthread_mutex_lock(&a->mu);
	unsigned long n = a->verify_count;
	pthread_mutex_unlock(&a->mu);
	return n;
}

size_t auth_user_count(struct auth *a)
{
	size_t n;
	pthread_mutex_lock(&a->mu);
	users_refresh(a);
	n = a->users.n;
	pthread_mutex_unlock(&a->mu);
	return n;
}

/* Takes one verification from the global budget; called with the mutex
 * held.  Returns 0, or -1 when the budget is spent for now. */
static int verify_budget_take(struct auth *a, double now)
{
	if (a->verify_at == 0 || now < a->verify_at) {
		a->verify_tokens = AUTH_VERIFY_BURST;
		a->verify_at = now;
	}
	a->verify_tokens += (now - a->verify_at) * AUTH_VERIFY_RATE;
	if (a->verify_tokens > AUTH_VERIFY_BURST)
		a->verify_tokens = AUTH_VERIFY_BURST;
	a->verify_at = now;
	if (a->verify_tokens < 1)
		return -1;
	a->verify_tokens -= 1;
	return 0;
}

enum auth_result auth_check_password(struct auth *a, const char *user, const char *password,
				     const char *ip, double now, int *wait_s)
{
	char ukey[sizeof(((struct throttle_slot *)0)->key)];
	char ikey[sizeof(ukey)];
	char hash[crypto_pwhash_STRBYTES];
	int known = 0;
	double w;

	snprintf(ukey, sizeof(ukey), "u:%.*s@%s", AUTH_NAME_MAX, user, ip ? ip : "?");
	snprintf(ikey, sizeof(ikey), "ip:%s", ip ? ip : "?");
	/* Check and record in one step: the attempt counts as a failure
	 * from now on, and is forgiven when the password proves right. */
	pthread_mutex_lock(&a->mu);
	w = throttle_wait(&a->throttle, ukey, now);
	double wi = throttle_wait(&a->throttle, ikey, now);
	if (wi > w)
		w = wi;
	if (w <= 0 && verify_budget_take(a, now) < 0)
		w = 1 / AUTH_VERIFY_RATE;
	if (w > 0) {
		pthread_mutex_unlock(&a->mu);
		*wait_s = (int)w + 1;
		return AUTH_THROTTLED;
	}
	throttle_fail(&a->throttle, ukey, now);
	throttle_fail(&a->throttle, ikey, now);
	a->verify_count++;
	users_refresh(a);
	struct users_entry *e = users_name_is_valid(user) ? users_find(&a->users, user) : NULL;
	snprintf(hash, sizeof(hash), "%s", e ? e->hash : a->dummy_hash);
	known = e != NULL;
	pthread_mutex_unlock(&a->mu);

	/* Slow on purpose, and as slow for unknown users. */
	int ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0 && known;

	if (ok) {
		pthread_mutex_lock(&a->mu);
		throttle_clear(&a->throttle, ukey);
		throttle_clear(&a->throttle, ikey);
		pthread_mutex_unlock(&a->mu);
	}
	sodium_memzero(hash, sizeof(hash));
	return ok ? AUTH_OK : AUTH_BAD;
}

/* The keyed hash of user and password that the Basic cache holds. */
static void basic_mac(const struct auth *a, const char *user, const char *password,
		      unsigned char *mac)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, a->key, sizeof(a->key), crypto_generichash_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)user, strlen(user) + 1);
	crypto_generichash_update(&st, (const unsigned char *)password, strlen(password));
	crypto_generichash_final(&st, mac, crypto_generichash_BYTES);
}

enum auth_result auth_check_basic(struct auth *a, const char *user, const char *password,
				  const char *ip, double now, int *wait_s)
{
	unsigned char mac[crypto_generichash_BYTES];
	int hit = 0;
	basic_mac(a, user, password, mac);
	pthread_mutex_lock(&a->mu);
	users_refresh(a);
	for (size_t i = 0; i < sizeof(a->basic) / sizeof(a->basic[0]); i++)
		if (a->basic[i].expires > now && sodium_memcmp(a->basic[i].mac, mac, sizeof(mac)) == 0)
			hit = 1;
	pthread_mutex_unlock(&a->mu);
	if (hit)
		return AUTH_OK;
	enum auth_result r = auth_check_password(a, user, password, ip, now, wait_s);
	if (r == AUTH_OK) {
		pthread_mutex_lock(&a->mu);
		struct basic_ok *slot = &a->basic[0];
		for (size_t i = 0; i < sizeof(a->basic) / sizeof(a->basic[0]); i++)
			if (a->basic[i].expires < slot->expires)
				slot = &a->basic[i];
		memcpy(slot->mac, mac, sizeof(mac));
		slot->expires = now + AUTH_BASIC_TTL;
		pthread_mutex_unlock(&a->mu);
	}
	return r;
}

void auth_session_new(struct auth *a, const char *user, double now, char *id, char *csrf)
{
	struct session *s;
	random_token(id);
	random_token(csrf);
	pthread_mutex_lock(&a->mu);
	s = &a->sessions[0];
	for (size_t i = 0; i < AUTH_MAX_SESSIONS; i++) {
		struct session *c = &a->sessions[i];
		if (c->id[0] == '\0' || c->expires <= now) {
			s = c;
			break;
		}
		if (c->expires < s->expires)
			s = c;
	}
	memcpy(s->id, id, AUTH_TOKEN_LEN + 1);
	memcpy(s->csrf, csrf, AUTH_TOKEN_LEN + 1);
	snprintf(s->user, sizeof(s->user), "%s", user);
	{
		struct users_entry *ue = users_find(&a->users, user);
		if (ue != NULL)
			hash_gen(ue->hash, s->gen);
		else
			memset(s->gen, 0xff, sizeof(s->gen)); /* matches no hash: ends */
	}
	s->expires = now + AUTH_SESSION_TTL;
	pthread_mutex_unlock(&a->mu);
}

/* The live session with id, or NULL.  Called with the mutex held. */
static struct session *session_find(struct auth *a, const char *id, double now)
{
	struct session *found = NULL;
	if (strlen(id) != AUTH_TOKEN_LEN)
		return NULL;
	for (size_t i = 0; i < AUTH_MAX_SESSIONS; i++) {
		struct session *s = &a->sessions[i];
		if (s->id[0] == '\0')
			continue;
		if (s->expires <= now) {
			memset(s, 0, sizeof(*s));
			continue;
		}
		if (auth_token_equal(s->id, id))
			found = s;
	}
	return found;
}

int auth_session_get(struct auth *a, const char *id, double now, char *user, char *csrf)
{
	int r = -1;
	pthread_mutex_lock(&a->mu);
	users_refresh(a);
	struct session *s = session_find(a, id, now);
	if (s != NULL) {
		/* The user must still exist with the password of the login. */
		struct users_entry *ue = users_find(&a->users, s->user);
		unsigned char gen[sizeof(s->gen)];
		if (ue != NULL)
			hash_gen(ue->hash, gen);
		if (ue == NULL || sodium_memcmp(gen, s->gen, sizeof(gen)) != 0) {
			memset(s, 0, sizeof(*s));
			s = NULL;
		}
	}
	if (s != NULL) {
		memcpy(user, s->user, sizeof(s->user));
		memcpy(csrf, s->csrf, sizeof(s->csrf));
		r = 0;
	}
	pthread_mutex_unlock(&a->mu);
	return r;
}

void auth_session_end(struct auth *a, const char *id)
{
	pthread_mutex_lock(&a->mu);
	struct session *s = session_find(a, id, 0);
	if (s != NULL)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&a->mu);
}

/* The keyed hash of nonce as hex (AUTH_TOKEN_LEN + 1 bytes). */
static void pre_sign(const struct auth *a, const char *nonce, char *out)
{
	unsigned char mac[crypto_auth_BYTES];
	crypto_auth(mac, (const unsigned char *)nonce, strlen(nonce), a->key);
	sodium_bin2hex(out, AUTH_TOKEN_LEN + 1, mac, AUTH_TOKEN_LEN / 2);
}

void auth_pre_new(struct auth *a, char *nonce, char *token)
{
	random_token(nonce);
	pre_sign(a, nonce, token);
}

int auth_pre_check(struct auth *a, const char *nonce, const char *token)
{
	char want[AUTH_TOKEN_LEN + 1];
	if (strlen(nonce) != AUTH_TOKEN_LEN)
		return 0;
	pre_sign(a, nonce, want);
	return auth_token_equal(want, token);
}
