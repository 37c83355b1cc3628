/* test_server.c - the access rules of `kindex serve` (web/server.c), on the
 * real server: cmd_serve runs in a child process on a free loopback port
 * over the synthetic index of tests/unit/synth.h, and the test talks HTTP to
 * it with plain sockets.
 *
 * Proven here: every HTML route without a session goes to /login, every API
 * route answers 401; an unknown ("stale") session cookie and one ended by
 * logout are refused the same way; POST /login without, or with a wrong,
 * CSRF token or pre-session cookie is 403 and starts no session; POST
 * /logout with a missing or wrong token is 403 and ends nothing; a session
 * ends at its expiry (web/auth.h, driven clock). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "web/auth.h"
#include "tests/unit/synth.h"

#define USER "tester"
#define PASSWORD "correct horse battery"

static char *tmp;
static char db_dir[4200], users_path[4200];
static pid_t server_pid = -1;
static int port;

/* ---- a tiny HTTP client ---- */

struct resp {
	int status;
	char *head;     /* the header block, lower-cased names kept as sent */
	char *body;
};

static void resp_free(struct resp *r)
{
	free(r->head);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* Sends one request (Connection: close) and reads the whole answer. */
static struct resp http(const char *method, const char *path, const char *cookie,
			const char *extra_header, const char *body)
{
	struct resp r = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct timeval tv = { .tv_sec = 20 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		fail_msg("connect to port %d failed", port);
	struct buf q = BUF_INIT;
	buf_addf(&q, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n", method, path,
		 port);
	if (cookie != NULL && cookie[0])
		buf_addf(&q, "Cookie: %s\r\n", cookie);
	if (extra_header != NULL)
		buf_addf(&q, "%s\r\n", extra_header);
	if (body != NULL)
		buf_addf(&q, "Content-Type: application/x-www-form-urlencoded\r\n"
			     "Content-Length: %zu\r\n", strlen(body));
	buf_adds(&q, "\r\n");
	if (body != NULL)
		buf_adds(&q, body);
	size_t off = 0;
	while (off < q.len) {
		ssize_t n = write(fd, q.s + off, q.len - off);
		if (n <= 0)
			break; /* the server may answer (413) before reading it all */
		off += (size_t)n;
	}
	buf_free(&q);
	struct buf in = BUF_INIT;
	char chunk[8192];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&in, chunk, (size_t)n);
	close(fd);
	const char *s = buf_str(&in);
	const char *end = strstr(s, "\r\n\r\n");
	if (end == NULL || sscanf(s, "HTTP/1.%*d %d", &r.status) != 1)
		fail_msg("%s %s: no HTTP answer (%zu bytes)", method, path, in.len);
	r.head = strndup(s, (size_t)(end - s) + 2);
	r.body = strdup(end + 4);
	buf_free(&in);
	return r;
}

/* The value of header name (case-insensitive), or NULL; malloc()ed. */
static char *header_value(const struct resp *r, const char *name)
{
	size_t nl = strlen(name);
	for (const char *l = r->head; l && *l; l = strstr(l, "\r\n") ? strstr(l, "\r\n") + 2 : NULL) {
		if (strncasecmp(l, name, nl) == 0 && l[nl] == ':') {
			const char *v = l + nl + 1;
			while (*v == ' ')
				v++;
			return strndup(v, strcspn(v, "\r\n"));
		}
	}
	return NULL;
}

/* The value of cookie name set by r (the first Set-Cookie for it), or NULL. */
static char *set_cookie(const struct resp *r, const char *name)
{
	size_t nl = strlen(name);
	for (const char *l = r->head; l && *l; l = strstr(l, "\r\n") ? strstr(l, "\r\n") + 2 : NULL) {
		if (strncasecmp(l, "Set-Cookie:", 11) != 0)
			continue;
		const char *v = l + 11;
		while (*v == ' ')
			v++;
		if (strncmp(v, name, nl) == 0 && v[nl] == '=')
			return strndup(v + nl + 1, strcspn(v + nl + 1, ";\r\n"));
	}
	return NULL;
}

static void assert_to_login(const struct resp *r, const char *what)
{
	char *loc = header_value(r, "Location");
	if (r->status != 303 || loc == NULL || strncmp(loc, "/login", 6) != 0)
		fail_msg("%s: expected 303 to /login, got %d (Location %s)", what, r->status,
			 loc ? loc : "none");
	free(loc);
	if (strstr(r->body, "zebrapad") != NULL || strstr(r->body, "Walrus") != NULL)
		fail_msg("%s: the refusal shows indexed content", what);
}

/* ---- the server ---- */

static int start_server(void)
{
	int pfd[2];
	if (pipe(pfd) < 0)
		return -1;
	fflush(NULL);
	server_pid = fork();
	if (server_pid < 0)
		return -1;
	if (server_pid == 0) {
		close(pfd[0]);
		dup2(pfd[1], 1);
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0 && getenv("TEST_SERVER_LOG") == NULL)
			dup2(devnull, 2);
		char *argv[] = { "serve", "--db", db_dir, "--users", users_path, "--port", "0",
				 "--bind", "127.0.0.1", "--threads", "2", "--no-cache", NULL };
		_exit(cmd_serve(12, argv));
	}
	close(pfd[1]);
	FILE *f = fdopen(pfd[0], "r");
	char line[4096];
	port = 0;
	if (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		const char *c = strstr(line, "127.0.0.1:");
		if (c != NULL)
			port = atoi(c + 10);
	}
	if (f != NULL)
		fclose(f);
	return port > 0 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	tmp = synth_tmpdir("server");
	if (tmp == NULL || synth_corpus(tmp) < 0) {
		fprintf(stderr, "test_server: could not build the test index\n");
		return -1;
	}
	snprintf(db_dir, sizeof(db_dir), "%s/db", tmp);
	snprintf(users_path, sizeof(users_path), "%s/users", tmp);
	struct users u = { 0 };
	char hash[crypto_pwhash_STRBYTES];
	struct error *err = NULL;
	if (users_hash_password(PASSWORD, hash, sizeof(hash), &err) < 0 ||
	    users_set(&u, USER, hash, &err) < 0 || users_set(&u, "other", hash, &err) < 0 ||
	    users_save(users_path, &u, &err) < 0) {
		fprintf(stderr, "test_server: users: %s\n", err ? err->msg : "?");
		return -1;
	}
	users_clear(&u);
	if (start_server() < 0) {
		fprintf(stderr, "test_server: the server did not start\n");
		if (server_pid > 0) {
			kill(server_pid, SIGTERM);
			waitpid(server_pid, NULL, 0);
		}
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	synth_rmrf(tmp);
	free(tmp);
	return 0;
}

/* GET /login: the pre-session cookie and the form's token. */
static void login_form(char **pre, char **token)
{
	struct resp r = http("GET", "/login", NULL, NULL, NULL);
	assert_int_equal(r.status, 200);
	*pre = set_cookie(&r, "kx_pre");
	assert_non_null(*pre);
	assert_int_equal(strlen(*pre), AUTH_TOKEN_LEN);
	const char *v = strstr(r.body, "name=\"csrf\" value=\"");
	assert_non_null(v);
	v += strlen("name=\"csrf\" value=\"");
	*token = strndup(v, strcspn(v, "\""));
	assert_int_equal(strlen(*token), AUTH_TOKEN_LEN);
	resp_free(&r);
}

/* Logs in; returns the session cookie's value (malloc()ed). */
static char *login(const char *user)
{
	char *pre, *token, cookie[200], body[400];
	login_form(&pre, &token);
	snprintf(cookie, sizeof(cookie), "kx_pre=%s", pre);
	snprintf(body, sizeof(body), "csrf=%s&user=%s&password=correct+horse+battery&next=%%2F",
		 token, user);
	struct resp r = http("POST", "/login", cookie, NULL, body);
	if (r.status != 303)
		fail_msg("login: status %d", r.status);
	char *sid = set_cookie(&r, "kx_sess");
	assert_non_null(sid);
	assert_int_equal(strlen(sid), AUTH_TOKEN_LEN);
	/* The session cookie is out of reach of scripts and other sites. */
	const char *line = strstr(r.head, "kx_sess=");
	assert_non_null(line);
	char *attrs = strndup(line, strcspn(line, "\r\n"));
	assert_non_null(strstr(attrs, "; HttpOnly"));
	assert_non_null(strstr(attrs, "SameSite=Strict"));
	free(attrs);
	resp_free(&r);
	free(pre);
	free(token);
	return sid;
}

/* The CSRF token in a page's logout form. */
static char *page_csrf(const char *sid)
{
	char cookie[200];
	snprintf(cookie, sizeof(cookie), "kx_sess=%s", sid);
	struct resp r = http("GET", "/", cookie, NULL, NULL);
	assert_int_equal(r.status, 200);
	const char *v = strstr(r.body, "name=\"csrf\" value=\"");
	assert_non_null(v);
	v += strlen("name=\"csrf\" value=\"");
	char *t = strndup(v, strcspn(v, "\""));
	resp_free(&r);
	assert_int_equal(strlen(t), AUTH_TOKEN_LEN);
	return t;
}

static const char *const html_routes[] = {
	"/", "/search?q=zebrapad", "/search?q=walrusrapport&court=RVS", "/articles", "/doc/1",
	"/doc/2?q=zebrapad", "/doc/1/pdf", "/doc/999", "/nosuchpage",
};
static const char *const api_routes[] = {
	"/api/search?q=zebrapad", "/api/doc/1", "/api/doc/1/text", "/api/nosuch",
};

/* Without a session cookie, with an unknown one, and with garbage. */
static void test_routes_without_session(void **state)
{
	(void)state;
	static const char *const cookies[] = {
		NULL,
		"kx_sess=0000000000000000000000000000000000000000000000000000000000000000",
		"kx_sess=abc",
		"kx_lang=en; kx_sess=",
	};
	for (size_t c = 0; c < sizeof(cookies) / sizeof(cookies[0]); c++) {
		for (size_t i = 0; i < sizeof(html_routes) / sizeof(html_routes[0]); i++) {
			struct resp r = http("GET", html_routes[i], cookies[c], NULL, NULL);
			char what[300];
			snprintf(what, sizeof(what), "GET %s with cookie %s", html_routes[i],
				 cookies[c] ? cookies[c] : "(none)");
			assert_to_login(&r, what);
			resp_free(&r);
		}
		for (size_t i = 0; i < sizeof(api_routes) / sizeof(api_routes[0]); i++) {
			struct resp r = http("GET", api_routes[i], cookies[c], NULL, NULL);
			if (r.status != 401)
				fail_msg("GET %s without a session: %d, expected 401", api_routes[i],
					 r.status);
			assert_null(strstr(r.body, "zebrapad"));
			resp_free(&r);
		}
		/* A POST to logout without a session changes nothing and
		 * shows nothing. */
		struct resp r = http("POST", "/logout", cookies[c], NULL, "csrf=x");
		assert_true(r.status == 303 || r.status == 403);
		assert_null(set_cookie(&r, "kx_sess"));
		resp_free(&r);
	}
	/* The public routes stay public. */
	struct resp r = http("GET", "/static/kindex.css", NULL, NULL, NULL);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	r = http("GET", "/login", NULL, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "zebrapad"));
	resp_free(&r);
}

/* Basic authentication opens the API only, and only with the password. */
static void test_api_basic(void **state)
{
	(void)state;
	char hdr[200], b64[120];
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)USER ":" PASSWORD,
			  strlen(USER ":" PASSWORD), sodium_base64_VARIANT_ORIGINAL);
	snprintf(hdr, sizeof(hdr), "Authorization: Basic %s", b64);
	struct resp r = http("GET", "/api/search?q=zebrapad", NULL, hdr, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "zebrapad"));
	resp_free(&r);
	r = http("GET", "/search?q=zebrapad", NULL, hdr, NULL);
	assert_to_login(&r, "HTML page with Basic credentials");
	resp_free(&r);
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)USER ":wrong", strlen(USER ":wrong"),
			  sodium_base64_VARIANT_ORIGINAL);
	snprintf(hdr, sizeof(hdr), "Authorization: Basic %s", b64);
	r = http("GET", "/api/search?q=zebrapad", NULL, hdr, NULL);
	assert_int_equal(r.status, 401);
	resp_free(&r);
}

/* POST /login needs the pre-session cookie and its token. */
static void test_login_csrf(void **state)
{
	(void)state;
	char *pre, *token, cookie[200], body[400];
	login_form(&pre, &token);
	snprintf(cookie, sizeof(cookie), "kx_pre=%s", pre);
	char wrong[AUTH_TOKEN_LEN + 1];
	memcpy(wrong, token, sizeof(wrong));
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	struct {
		const char *what, *cookie;
		char body[400];
	} cases[4];
	cases[0].what = "no token";
	cases[0].cookie = cookie;
	snprintf(cases[0].body, sizeof(cases[0].body),
		 "user=" USER "&password=correct+horse+battery&next=%%2F");
	cases[1].what = "wrong token";
	cases[1].cookie = cookie;
	snprintf(cases[1].body, sizeof(cases[1].body),
		 "csrf=%s&user=" USER "&password=correct+horse+battery", wrong);
	cases[2].what = "no pre-session cookie";
	cases[2].cookie = NULL;
	snprintf(cases[2].body, sizeof(cases[2].body),
		 "csrf=%s&user=" USER "&password=correct+horse+battery", token);
	cases[3].what = "empty token";
	cases[3].cookie = cookie;
	snprintf(cases[3].body, sizeof(cases[3].body),
		 "csrf=&user=" USER "&password=correct+horse+battery");
	for (size_t i = 0; i < 4; i++) {
		struct resp r = http("POST", "/login", cases[i].cookie, NULL, cases[i].body);
		if (r.status != 403)
			fail_msg("POST /login, %s: %d, expected 403", cases[i].what, r.status);
		char *sid = set_cookie(&r, "kx_sess");
		if (sid != NULL && sid[0])
			fail_msg("POST /login, %s: a session was started", cases[i].what);
		free(sid);
		resp_free(&r);
	}
	/* The right token with a wrong password: 403, no session. */
	snprintf(body, sizeof(body), "csrf=%s&user=other&password=nope", token);
	struct resp r = http("POST", "/login", cookie, NULL, body);
	assert_int_equal(r.status, 403);
	assert_null(set_cookie(&r, "kx_sess"));
	resp_free(&r);
	/* And right: a session. */
	snprintf(body, sizeof(body), "csrf=%s&user=" USER "&password=correct+horse+battery", token);
	r = http("POST", "/login", cookie, NULL, body);
	assert_int_equal(r.status, 303);
	char *sid = set_cookie(&r, "kx_sess");
	assert_non_null(sid);
	assert_int_equal(strlen(sid), AUTH_TOKEN_LEN);
	free(sid);
	resp_free(&r);
	free(pre);
	free(token);
}

/* With a session every page opens; logout needs the session's token. */
static void test_session_and_logout(void **state)
{
	(void)state;
	char *sid = login(USER), cookie[200], body[200];
	snprintf(cookie, sizeof(cookie), "kx_sess=%s", sid);
	struct resp r = http("GET", "/search?q=zebrapad", cookie, NULL, NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Uitspraak zebrapad RVS"));
	resp_free(&r);
	r = http("GET", "/api/search?q=zebrapad", cookie, NULL, NULL);
	assert_int_equal(r.status, 200);
	resp_free(&r);

	char *csrf = page_csrf(sid);
	char wrong[AUTH_TOKEN_LEN + 1];
	memcpy(wrong, csrf, sizeof(wrong));
	wrong[AUTH_TOKEN_LEN - 1] = wrong[AUTH_TOKEN_LEN - 1] == '0' ? '1' : '0';
	const char *bodies[] = { "", "csrf=", "x=1", NULL };
	snprintf(body, sizeof(body), "csrf=%s", wrong);
	bodies[3] = body;
	for (size_t i = 0; i < 4; i++) {
		r = http("POST", "/logout", cookie, NULL, bodies[i]);
		if (r.status != 403)
			fail_msg("POST /logout with body \"%.20s\": %d, expected 403", bodies[i],
				 r.status);
		resp_free(&r);
		/* The session lives on. */
		r = http("GET", "/", cookie, NULL, NULL);
		assert_int_equal(r.status, 200);
		resp_free(&r);
	}
	/* Another session's token does not do either. */
	char *sid2 = login("other");
	char *csrf2 = page_csrf(sid2);
	assert_string_not_equal(csrf, csrf2);
	snprintf(body, sizeof(body), "csrf=%s", csrf2);
	r = http("POST", "/logout", cookie, NULL, body);
	assert_int_equal(r.status, 403);
	resp_free(&r);

	snprintf(body, sizeof(body), "csrf=%s", csrf);
	r = http("POST", "/logout", cookie, NULL, body);
	assert_int_equal(r.status, 303);
	resp_free(&r);
	/* The ended session is refused everywhere. */
	for (size_t i = 0; i < sizeof(html_routes) / sizeof(html_routes[0]); i++) {
		r = http("GET", html_routes[i], cookie, NULL, NULL);
		assert_to_login(&r, "a page after logout");
		resp_free(&r);
	}
	r = http("GET", "/api/search?q=zebrapad", cookie, NULL, NULL);
	assert_int_equal(r.status, 401);
	resp_free(&r);
	/* The other session is still there. */
	snprintf(cookie, sizeof(cookie), "kx_sess=%s", sid2);
	r = http("GET", "/", cookie, NULL, NULL);
	assert_int_equal(r.status, 200);
	resp_free(&r);
	free(csrf);
	free(csrf2);
	free(sid);
	free(sid2);
}

/* A POST body over the limit is refused before anything reads it. */
static void test_body_too_big(void **state)
{
	(void)state;
	size_t n = 64 * 1024;
	char *body = malloc(n + 1);
	assert_non_null(body);
	memcpy(body, "csrf=", 5);
	memset(body + 5, 'a', n - 5);
	body[n] = '\0';
	struct resp r = http("POST", "/login", NULL, NULL, body);
	assert_int_equal(r.status, 413);
	assert_null(set_cookie(&r, "kx_sess"));
	resp_free(&r);
	free(body);
}

/* A session lives AUTH_SESSION_TTL seconds (the server's clock cannot be
 * driven from here, web/auth.h's can). */
static void test_session_expiry(void **state)
{
	(void)state;
	struct error *err = NULL;
	struct auth *a = auth_new(users_path, &err);
	assert_non_null(a);
	char id[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
	char user[AUTH_NAME_MAX + 1], c2[AUTH_TOKEN_LEN + 1];
	double t0 = 5000;
	auth_session_new(a, USER, t0, id, csrf);
	assert_int_equal(auth_session_get(a, id, t0 + 1, user, c2), 0);
	assert_string_equal(user, USER);
	assert_string_equal(c2, csrf);
	assert_int_equal(auth_session_get(a, id, t0 + AUTH_SESSION_TTL - 1, user, c2), 0);
	assert_int_equal(auth_session_get(a, id, t0 + AUTH_SESSION_TTL + 1, user, c2), -1);
	/* Gone for good, also when asked with an earlier clock. */
	assert_int_equal(auth_session_get(a, id, t0 + 2, user, c2), -1);

	auth_session_new(a, USER, t0, id, csrf);
	auth_session_end(a, id);
	assert_int_equal(auth_session_get(a, id, t0 + 1, user, c2), -1);
	/* The password check. */
	int wait_s = 0;
	assert_int_equal(auth_check_password(a, USER, PASSWORD, "1.2.3.4", t0, &wait_s), AUTH_OK);
	assert_int_equal(auth_check_password(a, USER, "wrong", "1.2.3.4", t0, &wait_s), AUTH_BAD);
	assert_int_equal(auth_check_password(a, "nobody", PASSWORD, "1.2.3.5", t0, &wait_s),
			 AUTH_BAD);
	auth_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_without_session),
		cmocka_unit_test(test_api_basic),
		cmocka_unit_test(test_login_csrf),
		cmocka_unit_test(test_session_and_logout),
		cmocka_unit_test(test_body_too_big),
		cmocka_unit_test(test_session_expiry),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
