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

#define HARNESS_NAME "test_server"
#define HARNESS_TMP "server"
#include "tests/unit/serve_harness.h"

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
