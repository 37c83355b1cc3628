/* server.c - `kindex serve`: the libmicrohttpd daemon, its routes, and the
 * access rules around them.
 *
 * Conventions:
 * (1) The daemon runs a pool of polling threads (epoll); each thread keeps
 *     its own struct search_db (pthread key, closed when the thread ends)
 *     and calls search_reopen before each request, so new commits of the
 *     indexer show without a restart.  Shared state lives in struct server,
 *     which travels through MHD's cls; struct auth locks itself.
 * (2) Every response is made by reply(): create -> check -> add headers ->
 *     queue -> destroy, with the security headers on each one.
 * (3) Input is rejected early: method, URL length, parameter validation
 *     (web/params.c), body size (WEB_MAX_BODY), all before any search.
 * (4) Staff only: without a session, HTML routes redirect to /login and
 *     /api/ routes answer 401 (they also take HTTP Basic authentication,
 *     over loopback or TLS only).  POSTs carry a CSRF token: the session's
 *     for /logout, a signed double-submit cookie for /login.
 * (5) Off loopback the server speaks TLS (1.2+, forward-secret suites) or
 *     refuses to start, unless --insecure-http.  A request must be read
 *     within WEB_REQUEST_DEADLINE seconds (a watchdog thread ends the
 *     connections that are late); each address holds WEB_PER_ADDRESS
 *     connections at most.  Log lines go through web/throttle.h: escaped,
 *     and limited per client address.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "search/context.h"
#include "search/vocab.h"
#include "search/rcache.h"
#include "search/citeas.h"
#include "search/search.h"
#include "base/util.h"
#include "web/auth.h"
#include "web/pages.h"
#include "web/params.h"
#include "web/workbench.h"
#include "web/throttle.h"

#define WEB_MAX_BODY (16 * 1024)     /* bytes of a POST body */
#define WEB_MAX_URL 4096             /* bytes of a path */
#define WEB_MAX_ARGS 64              /* query arguments */
#define COOKIE_SESSION "kx_sess"
#define COOKIE_PRE "kx_pre"
#define COOKIE_LANG "kx_lang"
/* Slow clients (slowloris): a request's headers and body must arrive
 * within WEB_REQUEST_DEADLINE seconds of its start (the connection's accept
 * or the end of the previous request), however steadily they trickle in;
 * the idle timeout alone resets on every byte.  One address holds at most
 * WEB_PER_ADDRESS connections (--max-per-address), except 127.0.0.1 and ::1,
 * where a reverse proxy on the same machine connects from for everyone. */
#define WEB_REQUEST_DEADLINE 15
#define WEB_PER_ADDRESS 16
#define WEB_MAX_CONNECTIONS 256
/* TLS 1.2 and 1.3 only, forward-secret key exchange (ECDHE, DHE) only, with
 * AEAD ciphers (GnuTLS priority string). */
#define WEB_TLS_PRIORITIES                                                              \
	"SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:" \
	"+DHE-RSA:-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:"              \
	"+AES-128-CCM:+AES-256-CCM"

struct server {
	const char *db_dir;
	struct auth *auth;
	pthread_key_t db_key;        /* this thread's struct search_db */
	int tls;                     /* 1: served over TLS */
	int cache;                   /* 1: answer /api/search from the cache */
	struct vocab *vocab;         /* courts' names in Dutch and English, or NULL */
	struct search_ctx *ctx;      /* caches shared by the threads */
	struct citeas *cs;           /* citation formats (data/cite-formats.txt) */
	struct workbench *wb;        /* collections and saved searches */
	struct weblog_rate *lograte; /* log lines per client address */
	unsigned per_address;        /* connections one address may hold */
	pthread_mutex_t conn_mu;     /* guards the list of connections */
	struct conn *conns;          /* open connections, for the deadline */
	int watchdog_stop;
};

/* Per connection (MHD's socket context): when its current request began,
 * for the deadline, and its address, for the limit per address. */
struct conn {
	struct conn *next, *prev;
	int fd;
	double start;                /* accept, or the end of the last request */
	int responding;              /* 1: the request is read; answering */
	int counted;                 /* 1: counts against its address */
	char addr[64];
};

/* Per request: the POST body as it arrives. */
struct request {
	struct buf body;
	int too_big;
};

/* What to send back; reply() turns it into an MHD response. */
struct reply {
	unsigned status;
	const char *ctype;
	struct buf body;             /* owned; sent and freed by reply() */
	const char *location;        /* for redirects */
	char cookies[3][200];        /* Set-Cookie values, "" when unused */
	int fd;                      /* >= 0: send this file instead of body */
	off_t fd_size;
	const char *disposition;     /* Content-Disposition, or NULL */
	int public_cache;            /* 1: may be cached (the stylesheet) */
	int basic_challenge;         /* 1: add WWW-Authenticate */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void add_security_headers(struct MHD_Response *r, int html)
{
	MHD_add_response_header(r, "Content-Security-Policy",
				html ? "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
				       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
				     : "default-src 'none'; frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

static enum MHD_Result reply(struct MHD_Connection *c, struct reply *rp)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	if (rp->fd >= 0) {
		r = MHD_create_response_from_fd64((uint64_t)rp->fd_size, rp->fd);
		if (r == NULL)
			close(rp->fd);
		buf_free(&rp->body);
	} else {
		size_t len = rp->body.len;
		char *s = buf_detach(&rp->body);
		r = MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE);
		if (r == NULL)
			free(s);
	}
	if (r == NULL)
		return MHD_NO;
	add_security_headers(r, rp->ctype != NULL && strncmp(rp->ctype, "text/", 5) == 0);
	{
		/* Over TLS, tell browsers to stay on it. */
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_DAEMON);
		const union MHD_DaemonInfo *di =
			ci ? MHD_get_daemon_info(ci->daemon, MHD_DAEMON_INFO_FLAGS) : NULL;
		if (di != NULL && (di->flags & MHD_USE_TLS))
			MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	}
	if (rp->ctype != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rp->ctype);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
				rp->public_cache ? "public, max-age=3600" : "no-store");
	if (rp->location != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rp->location);
	if (rp->disposition != NULL)
		MHD_add_response_header(r, "Content-Disposition", rp->disposition);
	if (rp->basic_challenge)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Basic realm=\"kindex\", charset=\"UTF-8\"");
	for (size_t i = 0; i < 3; i++)
		if (rp->cookies[i][0])
			MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, rp->cookies[i]);
	ret = MHD_queue_response(c, rp->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void reply_init(struct reply *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->fd = -1;
	rp->status = 200;
	rp->ctype = "text/html; charset=utf-8";
}

/* Adds a Set-Cookie value to rp. */
static void set_cookie(struct reply *rp, const struct server *srv, const char *name,
		       const char *value, const char *path, long max_age, int http_only,
		       const char *same_site)
{
	for (size_t i = 0; i < 3; i++) {
		if (rp->cookies[i][0])
			continue;
		snprintf(rp->cookies[i], sizeof(rp->cookies[i]),
			 "%s=%s; Path=%s; Max-Age=%ld; SameSite=%s%s%s", name, value, path, max_age,
			 same_site, http_only ? "; HttpOnly" : "", srv->tls ? "; Secure" : "");
		return;
	}
}

/* ---- request helpers ---- */

struct args {
	struct web_kv kv[WEB_MAX_ARGS];
	size_t n;
	int overflow;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   size_t key_size, const char *value, size_t value_size)
{
	struct args *a = cls;
	(void)kind;
	(void)key_size;
	if (a->n >= WEB_MAX_ARGS) {
		a->overflow = 1;
		return MHD_NO;
	}
	a->kv[a->n].key = key;
	a->kv[a->n].val = value;
	a->kv[a->n].val_len = value ? value_size : 0;
	a->n++;
	return MHD_YES;
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static int get_cookie(struct MHD_Connection *c, const char *name, char *out, size_t n)
{
	return web_cookie_get(header(c, MHD_HTTP_HEADER_COOKIE), name, out, n);
}

/* The client's address as text into out; "?" when unknown.  *loopback is
 * set to 1 for 127.0.0.0/8 and ::1. */
static void client_addr(struct MHD_Connection *c, char *out, size_t n, int *loopback)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	*loopback = 0;
	snprintf(out, n, "?");
	if (ci == NULL || ci->client_addr == NULL)
		return;
	if (ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *s = (const struct sockaddr_in *)ci->client_addr;
		inet_ntop(AF_INET, &s->sin_addr, out, (socklen_t)n);
		*loopback = (ntohl(s->sin_addr.s_addr) >> 24) == 127;
	} else if (ci->client_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)ci->client_addr;
		inet_ntop(AF_INET6, &s->sin6_addr, out, (socklen_t)n);
		*loopback = IN6_IS_ADDR_LOOPBACK(&s->sin6_addr);
	}
}

/* This thread's index, reopened to the latest commit.  NULL with *err. */
static struct search_db *thread_db(struct server *srv, struct error **err)
{
	struct search_db *db = pthread_getspecific(srv->db_key);
	if (db == NULL) {
		db = search_open_in(srv->ctx, srv->db_dir, err);
		if (db == NULL)
			return NULL;
		pthread_setspecific(srv->db_key, db);
		return db;
	}
	if (search_reopen(db, err) < 0) {
		/* Start afresh next time (the index may have been rebuilt). */
		search_close(db);
		pthread_setspecific(srv->db_key, NULL);
		return NULL;
	}
	return db;
}

static void close_db(void *db)
{
	search_close(db);
}

/* ---- responses ---- */

static enum MHD_Result html_error(struct MHD_Connection *c, struct page *p, unsigned status,
				  const char *msg)
{
	struct reply rp;
	reply_init(&rp);
	buf_free(&p->b);
	rp.status = (unsigned)page_error(p, (int)status, msg);
	rp.body = p->b;
	p->b = (struct buf)BUF_INIT;
	return reply(c, &rp);
}

static enum MHD_Result json_error(struct MHD_Connection *c, unsigned status, const char *code,
				  const char *msg, int challenge)
{
	struct reply rp;
	struct json_object *o = json_object_new_object(), *e = json_object_new_object();
	reply_init(&rp);
	json_object_object_add(e, "code", json_object_new_string(code));
	json_object_object_add(e, "message", json_object_new_string(msg));
	json_object_object_add(o, "error", e);
	buf_adds(&rp.body, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	buf_addc(&rp.body, '\n');
	json_object_put(o);
	rp.status = status;
	rp.ctype = "application/json; charset=utf-8";
	rp.basic_challenge = challenge;
	return reply(c, &rp);
}

static enum MHD_Result redirect(struct MHD_Connection *c, struct reply *rp, const char *to)
{
	rp->status = 303;
	rp->location = to;
	buf_adds(&rp->body, "");
	return reply(c, rp);
}

/* Redirects to /login, remembering where the user wanted to go. */
static enum MHD_Result to_login(struct MHD_Connection *c, const char *url, const struct args *a)
{
	struct reply rp;
	struct buf here = BUF_INIT, to = BUF_INIT;
	enum MHD_Result ret;
	reply_init(&rp);
	buf_adds(&here, url);
	for (size_t i = 0; i < a->n; i++) {
		buf_addc(&here, i == 0 ? '?' : '&');
		buf_adds_url(&here, a->kv[i].key);
		if (a->kv[i].val != NULL) {
			buf_addc(&here, '=');
			buf_adds_url(&here, a->kv[i].val);
		}
	}
	buf_adds(&to, "/login");
	if (strcmp(url, "/") != 0 && web_next_is_safe(buf_str(&here))) {
		buf_adds(&to, "?next=");
		buf_adds_url(&to, buf_str(&here));
	}
	ret = redirect(c, &rp, buf_str(&to));
	buf_free(&here);
	buf_free(&to);
	return ret;
}

/* ---- routes ---- */

/* The document whose identifier is path ("ECLI:NL:RVS:2019:1234",
 * "CRC/C/GC/14", "57325/00"), or path without a final "/pdf" (then *tail
 * points at it; else NULL).  0 when there is none. */
static unsigned doc_by_ident(struct search_db *db, const char *path, const char **tail)
{
	char id[200];
	size_t n = strlen(path);
	*tail = NULL;
	if (n == 0 || n >= sizeof(id))
		return 0;
	unsigned d = search_doc_by_ident(db, path);
	if (d || n <= 4 || strcmp(path + n - 4, "/pdf") != 0)
		return d;
	memcpy(id, path, n - 4);
	id[n - 4] = '\0';
	d = search_doc_by_ident(db, id);
	if (d)
		*tail = path + n - 4;
	return d;
}

static enum MHD_Result serve_login_form(struct MHD_Connection *c, struct server *srv,
					struct page *p, const char *next, const char *msg,
					unsigned status)
{
	struct reply rp;
	char nonce[AUTH_TOKEN_LEN + 1], token[AUTH_TOKEN_LEN + 1];
	reply_init(&rp);
	auth_pre_new(srv->auth, nonce, token);
	set_cookie(&rp, srv, COOKIE_PRE, nonce, "/login", 3600, 1, "Strict");
	if (msg == NULL && auth_users_broken(srv->auth))
		msg = p->en ? "The users file cannot be read; the server's log says why. Fix it "
			      "(or its permissions) before adding accounts."
			    : "Het gebruikersbestand kan niet worden gelezen; het log van de server "
			      "zegt waarom. Herstel het (of de rechten) voordat u accounts toevoegt.";
	else if (msg == NULL && auth_user_count(srv->auth) == 0)
		msg = p->en ? "There are no accounts yet: create one with `kindex user add NAME`."
			    : "Er zijn nog geen accounts: maak er een aan met `kindex user add NAAM`.";
	rp.status = (unsigned)page_login(p, token, next && web_next_is_safe(next) ? next : "/", msg,
					 (int)status);
	rp.body = p->b;
	p->b = (struct buf)BUF_INIT;
	return reply(c, &rp);
}

static enum MHD_Result serve_login_post(struct MHD_Connection *c, struct server *srv,
					struct page *p, const struct request *rq)
{
	char csrf[AUTH_TOKEN_LEN + 1], nonce[AUTH_TOKEN_LEN + 1];
	char user[AUTH_NAME_MAX + 1], next[WEB_MAX_NEXT + 1];
	char *pw = NULL;
	char ip[64];
	int loopback, wait_s = 0;
	struct reply rp;
	enum MHD_Result ret;
	const char *body = buf_str(&rq->body);

	if (web_form_get(body, rq->body.len, "next", next, sizeof(next)) < 0 ||
	    !web_next_is_safe(next))
		snprintf(next, sizeof(next), "/");
	if (get_cookie(c, COOKIE_PRE, nonce, sizeof(nonce)) < 0 ||
	    web_form_get(body, rq->body.len, "csrf", csrf, sizeof(csrf)) < 0 ||
	    !auth_pre_check(srv->auth, nonce, csrf))
		return serve_login_form(c, srv, p, next,
					p->en ? "The form had expired. Please try again."
					      : "Het formulier was verlopen. Probeer het opnieuw.",
					403);
	pw = sodium_malloc(AUTH_PASSWORD_MAX + 1);
	if (pw == NULL)
		return MHD_NO;
	if (web_form_get(body, rq->body.len, "user", user, sizeof(user)) < 0 ||
	    web_form_get(body, rq->body.len, "password", pw, AUTH_PASSWORD_MAX + 1) < 0) {
		sodium_free(pw);
		return serve_login_form(c, srv, p, next,
					p->en ? "Please enter your user name and password."
					      : "Vul uw gebruikersnaam en wachtwoord in.",
					400);
	}
	client_addr(c, ip, sizeof(ip), &loopback);
	enum auth_result ar = auth_check_password(srv->auth, user, pw, ip, now_s(), &wait_s);
	sodium_free(pw);
	if (ar == AUTH_THROTTLED) {
		char msg[200];
		char esc[4 * AUTH_NAME_MAX + 1];
		weblog_escape(user, esc, sizeof(esc));
		weblog(srv->lograte, ip, now_s(), "login for \"%s\" from %s throttled", esc, ip);
		snprintf(msg, sizeof(msg),
			 p->en ? "Too many failed attempts. Try again in %d seconds."
			       : "Te veel mislukte pogingen. Probeer het over %d seconden opnieuw.",
			 wait_s);
		return serve_login_form(c, srv, p, next, msg, 429);
	}
	if (ar != AUTH_OK) {
		char esc[4 * AUTH_NAME_MAX + 1];
		weblog_escape(user, esc, sizeof(esc));
		weblog(srv->lograte, ip, now_s(), "failed login for \"%s\" from %s", esc, ip);
		return serve_login_form(c, srv, p, next,
					p->en ? "Unknown user name or wrong password."
					      : "Onbekende gebruikersnaam of onjuist wachtwoord.",
					403);
	}
	char sid[AUTH_TOKEN_LEN + 1], scsrf[AUTH_TOKEN_LEN + 1];
	auth_session_new(srv->auth, user, now_s(), sid, scsrf);
	reply_init(&rp);
	set_cookie(&rp, srv, COOKIE_SESSION, sid, "/", AUTH_SESSION_TTL, 1, "Strict");
	set_cookie(&rp, srv, COOKIE_PRE, "", "/login", 0, 1, "Strict");
	ret = redirect(c, &rp, next);
	sodium_memzero(sid, sizeof(sid));
	return ret;
}

static enum MHD_Result serve_lang(struct MHD_Connection *c, struct server *srv,
				  const struct args *a)
{
	struct reply rp;
	const char *set = NULL, *next = "/";
	reply_init(&rp);
	for (size_t i = 0; i < a->n; i++) {
		if (a->kv[i].val == NULL)
			continue;
		if (strcmp(a->kv[i].key, "set") == 0)
			set = a->kv[i].val;
		else if (strcmp(a->kv[i].key, "next") == 0 && web_next_is_safe(a->kv[i].val))
			next = a->kv[i].val;
	}
	if (set != NULL && (strcmp(set, "nl") == 0 || strcmp(set, "en") == 0))
		set_cookie(&rp, srv, COOKIE_LANG, set, "/", 365L * 24 * 3600, 0, "Lax");
	return redirect(c, &rp, next);
}

/* Hashes what is left of fd from offset 0 the way the indexer hashed the
 * file (util_hash_hex: 128-bit BLAKE2b) into out.  Returns 0 or -1. */
static int hash_fd(int fd, char out[33])
{
	crypto_generichash_state st;
	unsigned char h[16], chunk[65536];
	off_t off = 0;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (;;) {
		ssize_t r = pread(fd, chunk, sizeof(chunk), off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		crypto_generichash_update(&st, chunk, (unsigned long long)r);
		off += r;
	}
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, 33, h, sizeof(h));
	return 0;
}

/* Files up to this size are hashed before they are served, to make sure
 * they are the file that was indexed (size and mtime are always checked). */
#define WEB_PDF_HASH_MAX ((off_t)64 << 20)

static enum MHD_Result serve_pdf(struct MHD_Connection *c, struct server *srv, struct page *p,
				 struct search_db *db, unsigned id, const char *ip)
{
	struct docdata dd;
	struct error *err = NULL;
	struct reply rp;
	struct stat st;
	char disp[300];
	memset(&dd, 0, sizeof(dd));
	if (search_doc_load(db, id, &dd, &err) < 0) {
		int nf = err->code == ERR_NOTFOUND;
		error_free(err);
		return html_error(c, p, nf ? 404 : 500,
				  nf ? (p->en ? "No such document." : "Dit document bestaat niet.")
				     : (p->en ? "The document could not be loaded."
					      : "Het document kon niet worden geladen."));
	}
	/* The path comes from the index, never from the request.  Opening
	 * never blocks (a FIFO put in its place), never follows a link, and
	 * what is opened must be the regular file that was indexed. */
	const char *path = docdata_str(&dd, "path");
	char esc[1024];
	weblog_escape(path, esc, sizeof(esc));
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		int e = errno;
		weblog(srv->lograte, ip, now_s(), "pdf of %u: %s: %s", id, esc,
		       e == ELOOP ? "a symbolic link; not served" : strerror(e));
		docdata_close(&dd);
		if (e == ELOOP)
			return html_error(c, p, 409,
					  p->en ? "The PDF file has been replaced by a symbolic link "
						  "since it was indexed, and is not served."
						: "Het PDF-bestand is sinds het indexeren vervangen door "
						  "een symbolische koppeling en wordt niet getoond.");
		return html_error(c, p, 404,
				  p->en ? "The PDF file is no longer where it was indexed."
					: "Het PDF-bestand staat niet meer op de plek waar het is "
					  "geïndexeerd.");
	}
	const char *why = NULL;
	char *real = NULL;
	char hash[33];
	const char *want_hash = docdata_str(&dd, "hash");
	if (fstat(fd, &st) < 0)
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if ((real = realpath(path, NULL)) == NULL || strcmp(real, path) != 0)
		why = "reached through a symbolic link";
	else if ((long long)st.st_size != docdata_int(&dd, "size") ||
		 (long long)st.st_mtime != docdata_int(&dd, "mtime"))
		why = "changed since it was indexed (size or time)";
	else if (*want_hash && st.st_size <= WEB_PDF_HASH_MAX &&
		 (hash_fd(fd, hash) < 0 || strcmp(hash, want_hash) != 0))
		why = "changed since it was indexed (contents)";
	free(real);
	if (why != NULL) {
		weblog(srv->lograte, ip, now_s(), "pdf of %u: %s: %s; not served", id, esc, why);
		close(fd);
		docdata_close(&dd);
		return html_error(c, p, 409,
				  p->en ? "The PDF file at this place is not the one that was indexed "
					  "(it was changed, replaced or moved since). Index its folder "
					  "again to show the file as it is now."
					: "Het PDF-bestand op deze plek is niet het bestand dat is "
					  "geïndexeerd (het is sindsdien gewijzigd, vervangen of "
					  "verplaatst). Indexeer de map opnieuw om het bestand te tonen "
					  "zoals het nu is.");
	}
	/* A file name safe inside the quoted header value. */
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char name[200];
	size_t k = 0;
	for (const char *s = base; *s && k + 1 < sizeof(name); s++)
		name[k++] = (*s >= 0x20 && *s < 0x7f && *s != '"' && *s != '\\') ? *s : '_';
	name[k] = '\0';
	snprintf(disp, sizeof(disp), "inline; filename=\"%s\"", name);
	docdata_close(&dd);
	reply_init(&rp);
	rp.ctype = "application/pdf";
	rp.fd = fd;
	rp.fd_size = st.st_size;
	rp.disposition = disp;
	return reply(c, &rp);
}

static enum MHD_Result serve_api(struct MHD_Connection *c, struct server *srv,
				 struct search_db *db, const char *url, const struct args *a,
				 int cache)
{
	struct reply rp;
	struct error *err = NULL;
	reply_init(&rp);
	rp.ctype = "application/json; charset=utf-8";
	if (strcmp(url, "/api/search") == 0) {
		struct web_params wp;
		struct search_req req;
		struct search_result *res;
		if (web_params_parse(a->kv, a->n, &wp, &err) < 0)
			goto bad;
		web_params_to_req(&wp, 1, &req);
		/* Answers are cached per request and index version. */
		char *key = cache ? search_cache_key(db, &req) : NULL;
		struct rcache *rc = search_ctx_cache(search_db_ctx(db));
		char *json = key ? rcache_get(rc, key) : NULL;
		if (json == NULL) {
			res = search_run(db, &req, &err);
			if (res == NULL) {
				free(key);
				goto bad;
			}
			json = search_result_json_cite(res, 0, srv->cs, db);
			search_result_free(res);
			if (json && key)
				rcache_put(rc, key, json);
		}
		free(key);
		if (json == NULL)
			return json_error(c, 500, "internal", "out of memory", 0);
		buf_adds(&rp.body, json);
		buf_addc(&rp.body, '\n');
		free(json);
		return reply(c, &rp);
	}
	if (strncmp(url, "/api/doc/", 9) == 0) {
		unsigned id;
		struct docdata dd;
		memset(&dd, 0, sizeof(dd));
		if (web_parse_doc_id(url + 9, &id) < 0)
			return json_error(c, 404, "notfound", "no such document", 0);
		if (search_doc_load(db, id, &dd, &err) < 0)
			goto bad;
		json_object_object_add(dd.json, "id", json_object_new_int64(id));
		buf_adds(&rp.body, json_object_to_json_string_ext(dd.json, JSON_C_TO_STRING_PLAIN));
		buf_addc(&rp.body, '\n');
		docdata_close(&dd);
		return reply(c, &rp);
	}
	return json_error(c, 404, "notfound", "no such route", 0);
bad: {
	unsigned st = err->code == ERR_QUERY || err->code == ERR_INPUT ? 400
		      : err->code == ERR_NOTFOUND                      ? 404
		      : err->code == ERR_BUSY                          ? 503
									: 500;
	enum MHD_Result ret = json_error(c, st, error_code_name(err->code), err->msg, 0);
	if (st == 500) {
		char ip[64], esc[512];
		int lb;
		client_addr(c, ip, sizeof(ip), &lb);
		weblog_escape(url, esc, sizeof(esc));
		weblog(srv->lograte, ip, now_s(), "%s: %s", esc, err->msg);
	}
	error_free(err);
	buf_free(&rp.body);
	return ret;
}
}

/* 1 when this connection may use HTTP Basic: over TLS, or from loopback. */
static int basic_allowed(struct MHD_Connection *c, const struct server *srv)
{
	char ip[64];
	int loopback;
	client_addr(c, ip, sizeof(ip), &loopback);
	return loopback || srv->tls;
}

/* Checks HTTP Basic credentials for the API.  Returns 1 when they are good;
 * 0 when absent or wrong; -1 when throttled. */
static int basic_auth(struct MHD_Connection *c, struct server *srv, char *user_out)
{
	const char *h = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
	unsigned char dec[AUTH_NAME_MAX + AUTH_PASSWORD_MAX + 4];
	size_t dlen = 0;
	char ip[64];
	int loopback, wait_s, r = 0;
	if (h == NULL || strncasecmp(h, "Basic ", 6) != 0)
		return 0;
	client_addr(c, ip, sizeof(ip), &loopback);
	if (!loopback && !srv->tls)
		return 0; /* never accept a password sent in the clear over a network */
	if (sodium_base642bin(dec, sizeof(dec) - 1, h + 6, strlen(h + 6), NULL, &dlen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		return 0;
	dec[dlen] = '\0';
	char *colon = memchr(dec, ':', dlen);
	if (colon == NULL || (size_t)(colon - (char *)dec) > AUTH_NAME_MAX ||
	    strlen((char *)dec) != dlen) {
		sodium_memzero(dec, sizeof(dec));
		return 0;
	}
	*colon = '\0';
	enum auth_result ar =
		auth_check_basic(srv->auth, (char *)dec, colon + 1, ip, now_s(), &wait_s);
	if (ar != AUTH_OK) {
		char esc[4 * AUTH_NAME_MAX + 1];
		weblog_escape((char *)dec, esc, sizeof(esc));
		weblog(srv->lograte, ip, now_s(), "%s Basic login for \"%s\" from %s",
		       ar == AUTH_THROTTLED ? "throttled" : "failed", esc, ip);
	}
	if (ar == AUTH_OK) {
		size_t ul = (size_t)(colon - (char *)dec); /* <= AUTH_NAME_MAX, checked above */
		memcpy(user_out, dec, ul);
		user_out[ul] = '\0';
		r = 1;
	} else if (ar == AUTH_THROTTLED) {
		r = -1;
	}
	sodium_memzero(dec, sizeof(dec));
	return r;
}

/* Hands a request to the workbench (web/workbench.h) and sends its reply.
 * user NULL: nobody is signed in (only feeds get here so); basic: the user
 * came with Basic auth, which needs no CSRF token. */
static enum MHD_Result serve_workbench(struct MHD_Connection *c, struct server *srv,
				       const char *url, const char *method, struct request *rq,
				       const struct args *a, struct page *p, const char *user,
				       const char *csrf, int basic)
{
	struct error *err = NULL;
	struct search_db *db = thread_db(srv, &err);
	error_free(err);
	char base[300];
	const char *host = header(c, MHD_HTTP_HEADER_HOST);
	snprintf(base, sizeof(base), "%s://%s", srv->tls ? "https" : "http",
		 host && strlen(host) < 256 && strpbrk(host, "\"<>/ ") == NULL ? host : "localhost");
	struct wb_req wq = {
		.method = method, .url = url, .user = user, .csrf = csrf,
		.csrf_header = header(c, "X-CSRF-Token"), .basic = basic,
		.body = buf_str(&rq->body), .body_len = rq->body.len,
		.args = a->kv, .n_args = a->n, .base_url = base, .db = db, .page = p,
	};
	struct wb_reply wr = { 0 };
	struct reply rp;
	char disp[220];
	p->here = url;
	workbench_handle(srv->wb, &wq, &wr);
	buf_free(&p->b);
	reply_init(&rp);
	rp.status = wr.status;
	rp.ctype = wr.ctype;
	rp.body = wr.body;
	if (wr.location[0])
		rp.location = wr.location;
	if (wr.filename[0]) {
		snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", wr.filename);
		rp.disposition = disp;
	}
	if (strcmp(url, WB_JS_PATH) == 0)
		rp.public_cache = 1;
	return reply(c, &rp);
}

static enum MHD_Result handle(struct server *srv, struct MHD_Connection *c, const char *url,
			      const char *method, struct request *rq)
{
	struct args a = { 0 };
	struct page p = { 0 };
	char lang[8];
	int is_get = strcmp(method, MHD_HTTP_METHOD_GET) == 0 ||
		     strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
	int is_post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	int is_api = strncmp(url, "/api/", 5) == 0;
	int is_delete = strcmp(method, MHD_HTTP_METHOD_DELETE) == 0 && is_api && workbench_owns(url);
	struct reply rp;

	MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, collect_arg, &a);
	p.vocab = srv->vocab;
	p.cs = srv->cs;
	p.en = get_cookie(c, COOKIE_LANG, lang, sizeof(lang)) == 0 && strcmp(lang, "en") == 0;
	for (size_t i = 0; i < a.n; i++)
		if (strcmp(a.kv[i].key, "lang_ui") == 0 && a.kv[i].val != NULL)
			p.en = strcmp(a.kv[i].val, "en") == 0 ? 1
			       : strcmp(a.kv[i].val, "nl") == 0 ? 0
								 : p.en;

	/* Reject early. */
	if (!is_get && !is_post && !is_delete)
		return is_api ? json_error(c, 405, "method", "method not allowed", 0)
			      : html_error(c, &p, 405, p.en ? "This method is not supported."
							    : "Deze methode wordt niet ondersteund.");
	if (strlen(url) > WEB_MAX_URL || !util_utf8_valid(url, strlen(url)))
		return html_error(c, &p, 400, p.en ? "The address is too long or not valid."
						   : "Het adres is te lang of ongeldig.");
	if (a.overflow)
		return html_error(c, &p, 400, p.en ? "Too many parameters." : "Te veel parameters.");
	if (rq->too_big)
		return html_error(c, &p, 413, p.en ? "The request is too large."
						   : "De aanvraag is te groot.");

	/* Public routes. */
	if (strcmp(url, WEB_CSS_PATH) == 0 && is_get) {
		reply_init(&rp);
		rp.ctype = "text/css; charset=utf-8";
		rp.public_cache = 1;
		buf_adds(&rp.body, web_css);
		return reply(c, &rp);
	}
	if (strcmp(url, "/favicon.ico") == 0) {
		reply_init(&rp);
		rp.status = 204;
		return reply(c, &rp);
	}
	if (strcmp(url, "/lang") == 0 && is_get)
		return serve_lang(c, srv, &a);
	if (workbench_public(url)) /* feeds: their token is the credential */
		return serve_workbench(c, srv, url, method, rq, &a, &p, NULL, NULL, 0);

	/* Who is asking? */
	char sid[AUTH_TOKEN_LEN + 1], user[AUTH_NAME_MAX + 1], csrf[AUTH_TOKEN_LEN + 1];
	int have_session = get_cookie(c, COOKIE_SESSION, sid, sizeof(sid)) == 0 &&
			   auth_session_get(srv->auth, sid, now_s(), user, csrf) == 0;
	if (!have_session)
		csrf[0] = '\0';

	if (strcmp(url, "/login") == 0) {
		const char *next = "/";
		for (size_t i = 0; i < a.n; i++)
			if (strcmp(a.kv[i].key, "next") == 0 && a.kv[i].val &&
			    web_next_is_safe(a.kv[i].val))
				next = a.kv[i].val;
		if (is_post)
			return serve_login_post(c, srv, &p, rq);
		if (have_session) {
			reply_init(&rp);
			return redirect(c, &rp, next);
		}
		return serve_login_form(c, srv, &p, next, NULL, 200);
	}

	if (!have_session) {
		if (is_api) {
			int b = basic_auth(c, srv, user);
			if (b < 0)
				return json_error(c, 429, "throttled", "too many failed logins", 0);
			if (b == 0)
				return json_error(c, 401, "auth", "authentication required",
						  basic_allowed(c, srv));
		} else {
			return to_login(c, url, &a);
		}
	}
	p.user = user;
	p.csrf = csrf;
	if (workbench_owns(url))
		return serve_workbench(c, srv, url, method, rq, &a, &p, user,
				       have_session ? csrf : NULL, !have_session);

	if (is_post) {
		char form_csrf[AUTH_TOKEN_LEN + 1];
		if (strcmp(url, "/logout") != 0)
			return html_error(c, &p, 405, p.en ? "This method is not supported here."
							   : "Deze methode wordt hier niet ondersteund.");
		if (!have_session ||
		    web_form_get(buf_str(&rq->body), rq->body.len, "csrf", form_csrf,
				 sizeof(form_csrf)) < 0 ||
		    !auth_token_equal(form_csrf, csrf))
			return html_error(c, &p, 403, p.en ? "The form had expired; please try again."
							   : "Het formulier was verlopen; probeer het opnieuw.");
		auth_session_end(srv->auth, sid);
		reply_init(&rp);
		set_cookie(&rp, srv, COOKIE_SESSION, "", "/", 0, 1, "Strict");
		return redirect(c, &rp, "/login");
	}

	/* Everything below reads the index. */
	struct error *err = NULL;
	struct search_db *db = thread_db(srv, &err);
	if (db == NULL) {
		int none = err->code == ERR_NOTFOUND;
		if (!none)
			weblog(srv->lograte, "(index)", now_s(), "index: %s", err->msg);
		error_free(err);
		if (is_api)
			return json_error(c, 503, "noindex", "the index cannot be opened", 0);
		return html_error(c, &p, 503,
				  none ? (p.en ? "There is no index yet. Run `kindex index` first."
					       : "Er is nog geen index. Voer eerst `kindex index` uit.")
				       : (p.en ? "The index cannot be opened right now."
					       : "De index kan nu niet worden geopend."));
	}
	if (is_api)
		return serve_api(c, srv, db, url, &a, srv->cache);

	struct web_params wp;
	struct buf here = BUF_INIT;
	enum MHD_Result ret;
	int status;
	if (web_params_parse(a.kv, a.n, &wp, &err) < 0) {
		reply_init(&rp);
		rp.status = (unsigned)page_bad_params(&p, &wp, err->msg);
		rp.body = p.b;
		error_free(err);
		return reply(c, &rp);
	}
	if (wp.ui != WEB_UI_DEFAULT)
		p.en = wp.ui == WEB_UI_EN;
	reply_init(&rp);
	if (wp.ui != WEB_UI_DEFAULT)
		set_cookie(&rp, srv, COOKIE_LANG, p.en ? "en" : "nl", "/", 365L * 24 * 3600, 0, "Lax");

	if (strcmp(url, "/") == 0) {
		web_params_url(&wp, "/", &here);
		p.here = buf_str(&here);
		status = page_home(&p, db, &wp);
	} else if (strcmp(url, "/search") == 0) {
		web_params_url(&wp, "/search", &here);
		p.here = buf_str(&here);
		status = page_search(&p, db, &wp);
	} else if (strcmp(url, "/articles") == 0) {
		web_params_url(&wp, "/articles", &here);
		p.here = buf_str(&here);
		status = page_articles(&p, db, &wp);
	} else if (strncmp(url, "/articles/", 10) == 0) {
		buf_adds(&here, url);
		p.here = buf_str(&here);
		status = page_article(&p, db, url + 10);
	} else if (strncmp(url, "/doc/", 5) == 0) {
		char seg[16];
		const char *rest = url + 5, *slash = strchr(rest, '/');
		size_t sl = slash ? (size_t)(slash - rest) : strlen(rest);
		unsigned id = 0;
		if (sl < sizeof(seg)) {
			memcpy(seg, rest, sl);
			seg[sl] = '\0';
			if (web_parse_doc_id(seg, &id) < 0 ||
			    (slash != NULL && strcmp(slash, "/pdf") != 0))
				id = 0; /* "57325/00" is an application number */
		}
		/* /doc/<identifier>: an ECLI, UN symbol or application number
		 * (URL-encoded; its slashes arrive decoded), then maybe /pdf. */
		if (id == 0)
			id = doc_by_ident(db, rest, &slash);
		if (id == 0 || (slash != NULL && strcmp(slash, "/pdf") != 0)) {
			buf_free(&here);
			return html_error(c, &p, 404, p.en ? "No such document." : "Dit document bestaat niet.");
		}
		if (slash != NULL) {
			buf_free(&here);
			char ip[64];
			int lb;
			client_addr(c, ip, sizeof(ip), &lb);
			return serve_pdf(c, srv, &p, db, id, ip);
		}
		buf_addf(&here, "/doc/%u", id);
		if (wp.q[0]) {
			buf_adds(&here, "?q=");
			buf_adds_url(&here, wp.q);
		}
		p.here = buf_str(&here);
		status = page_doc(&p, db, id, wp.q);
	} else {
		buf_free(&here);
		return html_error(c, &p, 404, p.en ? "This page does not exist."
						   : "Deze pagina bestaat niet.");
	}
	rp.status = (unsigned)status;
	rp.body = p.b;
	ret = reply(c, &rp);
	buf_free(&here);
	return ret;
}

/* ---- connections: the deadline and the limit per address ---- */

/* 1 for the addresses a local reverse proxy connects from. */
static int addr_exempt(const char *addr)
{
	return strcmp(addr, "127.0.0.1") == 0 || strcmp(addr, "::1") == 0;
}

static void sockaddr_text(const struct sockaddr *sa, char *out, size_t n)
{
	snprintf(out, n, "?");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)n);
}

/* The request on c is read (responding 1: the deadline stops) or done
 * (responding 0: the next one starts its own deadline now). */
static void conn_mark(struct server *srv, struct MHD_Connection *c, int responding)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *k = ci ? ci->socket_context : NULL;
	if (k == NULL)
		return;
	pthread_mutex_lock(&srv->conn_mu);
	k->responding = responding;
	if (!responding)
		k->start = now_s();
	pthread_mutex_unlock(&srv->conn_mu);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn *k = calloc(1, sizeof(*k));
		if (k == NULL)
			return;
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ai =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		k->fd = ci ? (int)ci->connect_fd : -1;
		sockaddr_text(ai ? ai->client_addr : NULL, k->addr, sizeof(k->addr));
		k->start = now_s();
		pthread_mutex_lock(&srv->conn_mu);
		k->next = srv->conns;
		if (srv->conns)
			srv->conns->prev = k;
		srv->conns = k;
		pthread_mutex_unlock(&srv->conn_mu);
		*socket_context = k;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context != NULL) {
		/* Called before MHD closes the socket: once k is off the list the
		 * watchdog never touches its descriptor again. */
		struct conn *k = *socket_context;
		pthread_mutex_lock(&srv->conn_mu);
		if (k->prev)
			k->prev->next = k->next;
		else
			srv->conns = k->next;
		if (k->next)
			k->next->prev = k->prev;
		pthread_mutex_unlock(&srv->conn_mu);
		free(k);
		*socket_context = NULL;
	}
}

/* Refuses a connection from an address that holds its share already. */
static enum MHD_Result on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct server *srv = cls;
	char text[64];
	unsigned n = 0;
	(void)addrlen;
	sockaddr_text(addr, text, sizeof(text));
	if (addr_exempt(text))
		return MHD_YES;
	pthread_mutex_lock(&srv->conn_mu);
	for (struct conn *k = srv->conns; k != NULL; k = k->next)
		n += strcmp(k->addr, text) == 0;
	pthread_mutex_unlock(&srv->conn_mu);
	if (n < srv->per_address)
		return MHD_YES;
	weblog(srv->lograte, text, now_s(), "refused a connection from %s: it has %u open", text, n);
	return MHD_NO;
}

/* Ends, once a second, the connections whose request is overdue.
 * shutdown() makes MHD see the end of the stream and close it in its own
 * thread. */
static void *watchdog(void *arg)
{
	struct server *srv = arg;
	while (!__atomic_load_n(&srv->watchdog_stop, __ATOMIC_ACQUIRE)) {
		struct timespec ts = { 0, 250 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		double now = now_s();
		pthread_mutex_lock(&srv->conn_mu);
		for (struct conn *k = srv->conns; k != NULL; k = k->next) {
			if (k->responding || k->fd < 0 || now - k->start <= WEB_REQUEST_DEADLINE)
				continue;
			weblog(srv->lograte, k->addr, now,
			       "closed a connection from %s: its request took over %d s", k->addr,
			       WEB_REQUEST_DEADLINE);
			shutdown(k->fd, SHUT_RDWR);
			k->fd = -1;
		}
		pthread_mutex_unlock(&srv->conn_mu);
	}
	return NULL;
}

/* libmicrohttpd's own messages, rate-limited as one more client. */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct server *srv = cls;
	char line[512], esc[1024];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
	weblog_escape(line, esc, sizeof(esc));
	weblog(srv->lograte, "(libmicrohttpd)", now_s(), "%s", esc);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **req_cls)
{
	struct server *srv = cls;
	struct request *rq = *req_cls;
	(void)version;
	if (rq == NULL) {
		rq = calloc(1, sizeof(*rq));
		if (rq == NULL)
			return MHD_NO;
		*req_cls = rq;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (rq->body.len + *upload_data_size > WEB_MAX_BODY)
			rq->too_big = 1;
		else
			buf_add(&rq->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	conn_mark(srv, c, 1);
	return handle(srv, c, url, method, rq);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *req_cls;
	(void)toe;
	conn_mark(cls, c, 0);
	if (rq == NULL)
		return;
	if (rq->body.s != NULL)
		sodium_memzero(rq->body.s, rq->body.cap); /* may hold a password */
	buf_free(&rq->body);
	free(rq);
	*req_cls = NULL;
}

/* ---- the command ---- */

static int usage(int help)
{
	fprintf(help ? stdout : stderr, "usage: kindex serve [--db DIR] [--bind ADDR] [--port N] [--threads N]\n"
			"                    [--users FILE] [--tls-cert FILE --tls-key FILE] [--no-cache]\n"
			"                    [--workbench FILE] [--insecure-http] [--max-per-address N]\n"
			"Off loopback, plain HTTP needs --insecure-http (passwords would cross the\n"
			"network in clear); give a TLS certificate and key instead.\n");
	return help ? 0 : 2;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "bind", required_argument, NULL, 'b' },
		{ "port", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "no-cache", no_argument, NULL, 'N' },
		{ "users", required_argument, NULL, 'u' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "workbench", required_argument, NULL, 'W' },
		{ "insecure-http", no_argument, NULL, 'I' },
		{ "max-per-address", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct server srv = { 0 };
	const char *bind_addr = "127.0.0.1", *users_path = NULL, *cert = NULL, *key = NULL;
	const char *wb_path = NULL;
	char *wb_default = NULL;
	unsigned long port = 8080, threads = 4;
	char upath[4096];
	int c, rc = 2, insecure = 0;
	unsigned long per_address = WEB_PER_ADDRESS;
	char *cert_pem = NULL, *key_pem = NULL;
	pthread_t watchdog_thread;
	int watchdog_started = 0;
	struct error *err = NULL;
	struct MHD_Daemon *d = NULL;

	srv.db_dir = default_db_dir();
	srv.cache = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:b:p:t:u:C:K:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': srv.db_dir = optarg; break;
		case 'b': bind_addr = optarg; break;
		case 'p':
			if (util_parse_uint(optarg, 65535, &port) < 0) {
				fprintf(stderr, "kindex serve: port must be a number between 0 (any free port) and 65535\n");
				return 2;
			}
			break;
		case 't':
			if (util_parse_uint(optarg, 256, &threads) < 0 || threads == 0) {
				fprintf(stderr, "kindex serve: threads must be a number between 1 and 256\n");
				return 2;
			}
			break;
		case 'u': users_path = optarg; break;
		case 'N': srv.cache = 0; break;
		case 'C': cert = optarg; break;
		case 'K': key = optarg; break;
		case 'W': wb_path = optarg; break;
		case 'I': insecure = 1; break;
		case 'M':
			if (util_parse_uint(optarg, WEB_MAX_CONNECTIONS, &per_address) < 0 ||
			    per_address == 0) {
				fprintf(stderr, "kindex serve: --max-per-address must be a number between 1 and %d\n",
					WEB_MAX_CONNECTIONS);
				return 2;
			}
			break;
		case 'h': return usage(1);
		default: return usage(0);
		}
	}
	if (optind != argc || (cert == NULL) != (key == NULL))
		return usage(0);
	if (users_path == NULL) {
		if (users_default_path(srv.db_dir, upath, sizeof(upath)) < 0)
			return usage(0);
		users_path = upath;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "kindex serve: libsodium could not start\n");
		return 2;
	}
	if (cert != NULL) {
		size_t len;
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			fprintf(stderr, "kindex serve: this libmicrohttpd has no TLS support\n");
			return 2;
		}
		/* The key, like ssh's, must not be writable by others. */
		int kfd = open(key, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (kfd < 0) {
			fprintf(stderr, "kindex serve: %s: %s\n", key, strerror(errno));
			goto out;
		}
		int kok = auth_check_secret_mode(kfd, key, "kindex serve", &err);
		close(kfd);
		if (kok < 0) {
			fprintf(stderr, "kindex serve: %s\n", err->msg);
			goto out;
		}
		cert_pem = util_read_file(cert, 1 << 20, &len, &err);
		if (cert_pem != NULL)
			key_pem = util_read_file(key, 1 << 20, &len, &err);
		if (key_pem == NULL) {
			fprintf(stderr, "kindex serve: %s\n", err->msg);
			goto out;
		}
		srv.tls = 1;
	}

	/* The address to listen on. */
	struct addrinfo hints = { 0 }, *ai = NULL;
	char portstr[8];
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
	snprintf(portstr, sizeof(portstr), "%lu", port);
	if (getaddrinfo(bind_addr, portstr, &hints, &ai) != 0 || ai == NULL) {
		fprintf(stderr, "kindex serve: --bind needs a numeric address, not \"%s\"\n", bind_addr);
		goto out;
	}
	int bind_loopback = 0, bind_any6 = 0;
	if (ai->ai_family == AF_INET) {
		const struct sockaddr_in *sa = (const struct sockaddr_in *)ai->ai_addr;
		bind_loopback = (ntohl(sa->sin_addr.s_addr) >> 24) == 127;
	} else if (ai->ai_family == AF_INET6) {
		const struct sockaddr_in6 *sa = (const struct sockaddr_in6 *)ai->ai_addr;
		bind_loopback = IN6_IS_ADDR_LOOPBACK(&sa->sin6_addr);
		bind_any6 = IN6_IS_ADDR_UNSPECIFIED(&sa->sin6_addr);
	}
	if (!bind_loopback && !srv.tls) {
		if (!insecure) {
			fprintf(stderr,
				"kindex serve: refusing to serve plain HTTP on %s: passwords and "
				"session cookies would cross the network in clear.\n"
				"  Give --tls-cert FILE --tls-key FILE, bind to 127.0.0.1 behind a TLS "
				"proxy, or add --insecure-http if you accept the risk.\n",
				bind_addr);
			freeaddrinfo(ai);
			goto out;
		}
		fprintf(stderr, "kindex serve: WARNING: plain HTTP on %s (--insecure-http): "
				"passwords and sessions can be read by anyone on the network\n",
			bind_addr);
	}

	srv.lograte = weblog_rate_new();
	srv.per_address = (unsigned)per_address;
	pthread_mutex_init(&srv.conn_mu, NULL);
	if (srv.lograte == NULL) {
		fprintf(stderr, "kindex serve: out of memory\n");
		freeaddrinfo(ai);
		goto out;
	}
	srv.auth = auth_new(users_path, &err);
	if (srv.auth == NULL) {
		fprintf(stderr, "kindex serve: %s\n", err->msg);
		freeaddrinfo(ai);
		goto out;
	}
	pthread_key_create(&srv.db_key, close_db);
	if (wb_path == NULL)
		wb_path = wb_default = workbench_default_path(srv.db_dir);
	srv.cs = citeas_load(NULL, &err);
	srv.wb = srv.cs ? workbench_new(wb_path, srv.cs, &err) : NULL;
	if (srv.wb == NULL) {
		fprintf(stderr, "kindex serve: %s\n", err->msg);
		freeaddrinfo(ai);
		goto out;
	}
	srv.ctx = search_ctx_new();
	{
		/* The courts' Dutch names come from the court list the indexer
		 * uses too; without it the pages show the names the index stores. */
		char *courts_path = util_data_path(VOCAB_COURTS_FILE);
		struct error *rerr = NULL;
		srv.vocab = courts_path ? vocab_load(courts_path, &rerr) : NULL;
		if (srv.vocab == NULL)
			fprintf(stderr, "kindex serve: warning: %s: %s; courts are named as the index "
					"stores them\n", courts_path ? courts_path : VOCAB_COURTS_FILE,
				rerr ? rerr->msg : "out of memory");
		error_free(rerr);
		free(courts_path);
	}

	/* Signals are taken by sigwait below; the daemon's threads inherit
	 * the blocked mask. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* poll, not epoll: with libmicrohttpd 0.9.75's edge-triggered epoll, a
	 * client that sends a few bytes and its FIN together was not noticed
	 * closing until the connection timeout (tests/reliability/server-test.py,
	 * "garbage then half-close").  At 256 connections at most, poll costs
	 * nothing that shows. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* The listening socket is made here, so that "::" takes IPv4 too
	 * (IPV6_V6ONLY off) and a failure to listen is told apart from a
	 * failure of TLS. */
	int lfd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), one = 1,
	    v6only = !bind_any6;
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (ai->ai_family == AF_INET6 &&
	     setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only)) < 0) ||
	    bind(lfd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(lfd, 128) < 0) {
		fprintf(stderr, "kindex serve: cannot listen on %s port %lu: %s\n", bind_addr, port,
			strerror(errno));
		if (lfd >= 0)
			close(lfd);
		freeaddrinfo(ai);
		goto out;
	}
	unsigned bound_port = (unsigned)port;
	{
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		if (getsockname(lfd, (struct sockaddr *)&ss, &sl) == 0)
			bound_port = ntohs(ss.ss_family == AF_INET6
						   ? ((struct sockaddr_in6 *)&ss)->sin6_port
						   : ((struct sockaddr_in *)&ss)->sin_port);
	}
	if (srv.tls)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, cert_pem },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, key_pem },
		{ MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)WEB_TLS_PRIORITIES },
		{ MHD_OPTION_END, 0, NULL },
	};
	d = MHD_start_daemon(flags, (uint16_t)port, on_accept, &srv, on_request, &srv,
			     MHD_OPTION_LISTEN_SOCKET, lfd,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)WEB_MAX_CONNECTIONS,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			     MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
			     MHD_OPTION_EXTERNAL_LOGGER, mhd_log, &srv,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
			     MHD_OPTION_ARRAY, srv.tls ? tls_opts : &tls_opts[2],
			     MHD_OPTION_END);
	if (d == NULL) {
		/* The socket listens already: what failed is TLS (or memory). */
		close(lfd);
		if (srv.tls)
			fprintf(stderr, "kindex serve: cannot start TLS: the key %s does not match the "
					"certificate %s, or one of them is not a valid PEM file\n",
				key, cert);
		else
			fprintf(stderr, "kindex serve: cannot start the server on %s port %lu\n",
				bind_addr, port);
		freeaddrinfo(ai);
		goto out;
	}
	if (pthread_create(&watchdog_thread, NULL, watchdog, &srv) == 0)
		watchdog_started = 1;
	{
		unsigned p = bound_port;
		printf("kindex: serving %s on %s://%s%s%s:%u/ (%lu threads; users in %s)\n",
		       srv.db_dir, srv.tls ? "https" : "http", ai->ai_family == AF_INET6 ? "[" : "",
		       bind_addr, ai->ai_family == AF_INET6 ? "]" : "", p, threads, users_path);
		fflush(stdout);
	}
	freeaddrinfo(ai);
	int sig = 0;
	sigwait(&sigs, &sig);
	fprintf(stderr, "kindex serve: stopping\n");
	rc = 0;
out:
	if (watchdog_started) {
		__atomic_store_n(&srv.watchdog_stop, 1, __ATOMIC_RELEASE);
		pthread_join(watchdog_thread, NULL);
	}
	if (d != NULL)
		MHD_stop_daemon(d);
	search_ctx_free(srv.ctx);
	workbench_free(srv.wb);
	citeas_free(srv.cs);
	free(wb_default);
	vocab_free(srv.vocab);
	weblog_rate_free(srv.lograte);
	auth_free(srv.auth);
	error_free(err);
	free(cert_pem);
	if (key_pem != NULL) {
		sodium_memzero(key_pem, strlen(key_pem));
		free(key_pem);
	}
	return rc;
}
