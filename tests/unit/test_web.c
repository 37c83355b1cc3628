/* test_web.c - the web layer without a browser: parameter validation, URL
 * building, cookies, form bodies, redirect targets, the login throttle,
 * users file, sessions and CSRF tokens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "web/auth.h"
#include "web/params.h"

#define KV(k, v) { k, v, sizeof(v) - 1 }

static int parse(const struct web_kv *kv, size_t n, struct web_params *p, enum error_code *code)
{
	struct error *err = NULL;
	int r = web_params_parse(kv, n, p, &err);
	if (r < 0) {
		assert_non_null(err);
		*code = err->code;
		error_free(err);
	} else {
		assert_null(err);
	}
	return r;
}

static void test_params_good(void **state)
{
	(void)state;
	struct web_kv kv[] = { KV("q", "belang van het kind"), KV("article", "3.1"),
			       KV("article", "OPSC:2"), KV("article", "3.1"), KV("type", "ruling"),
			       KV("court", "RVS"), KV("lang", "nl"), KV("from", "2020"),
			       KV("to", "2015"), KV("sort", "date"), KV("page", "3"),
			       KV("lang_ui", "en"), KV("utm_source", "x") };
	struct web_params p;
	enum error_code code;
	assert_int_equal(parse(kv, sizeof(kv) / sizeof(kv[0]), &p, &code), 0);
	assert_string_equal(p.q, "belang van het kind");
	assert_int_equal(p.n_articles, 2); /* the duplicate is dropped */
	assert_string_equal(p.articles[1], "OPSC:2");
	assert_string_equal(p.type, "ruling");
	assert_int_equal(p.year_from, 2015); /* swapped into order */
	assert_int_equal(p.year_to, 2020);
	assert_int_equal(p.sort_date, 1);
	assert_int_equal(p.page, 3);
	assert_int_equal(p.ui, WEB_UI_EN);

	struct search_req req;
	web_params_to_req(&p, 0, &req);
	assert_int_equal(req.offset, 2 * WEB_PAGE_SIZE);
	assert_int_equal(req.n_articles, 2);
	assert_string_equal(req.court, "RVS");
}

static void test_params_bad(void **state)
{
	(void)state;
	struct web_params p;
	enum error_code code;
	static char longq[SEARCH_MAX_QUERY + 2];
	memset(longq, 'a', sizeof(longq) - 1);
	struct {
		struct web_kv kv;
		enum error_code want;
	} cases[] = {
		{ KV("page", "abc"), ERR_INPUT },
		{ KV("page", "0"), ERR_INPUT },
		{ KV("page", "99999999999999999999"), ERR_INPUT },
		{ KV("page", "-1"), ERR_INPUT },
		{ KV("sort", "random"), ERR_INPUT },
		{ KV("q", "\xff\xfe"), ERR_INPUT },
		{ KV("q", "ab\0cd"), ERR_INPUT },
		{ { "q", longq, sizeof(longq) - 1 }, ERR_QUERY },
		{ KV("article", "99"), ERR_INPUT },
		{ KV("article", "drie"), ERR_INPUT },
		{ KV("type", "novel"), ERR_INPUT },
		{ KV("court", "<script>"), ERR_INPUT },
		{ KV("from", "20x0"), ERR_INPUT },
		{ KV("lang_ui", "de"), ERR_INPUT },
		{ KV("exact", "yes"), ERR_INPUT },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		code = 0;
		assert_int_equal(parse(&cases[i].kv, 1, &p, &code), -1);
		assert_int_equal(code, cases[i].want);
		assert_string_equal(p.bad, cases[i].kv.key); /* for the 400 page */
		assert_int_equal(p.bad_text, i == 5 || i == 6);
	}
	/* A query of exactly the maximum is fine. */
	struct web_kv ok = { "q", longq, SEARCH_MAX_QUERY };
	assert_int_equal(parse(&ok, 1, &p, &code), 0);

	struct web_kv many[SEARCH_MAX_ARTICLES + 1];
	char specs[SEARCH_MAX_ARTICLES + 1][16];
	for (int i = 0; i <= SEARCH_MAX_ARTICLES; i++) {
		snprintf(specs[i], sizeof(specs[i]), "%d", i + 1);
		many[i] = (struct web_kv){ "article", specs[i], strlen(specs[i]) };
	}
	assert_int_equal(parse(many, SEARCH_MAX_ARTICLES, &p, &code), 0);
	assert_int_equal(parse(many, SEARCH_MAX_ARTICLES + 1, &p, &code), -1);
}

static void test_params_url(void **state)
{
	(void)state;
	struct web_kv kv[] = { KV("q", "\"kind & ouder\" <x>"), KV("article", "3.1"),
			       KV("page", "1"), KV("sort", "relevance") };
	struct web_params p;
	enum error_code code;
	struct buf b = BUF_INIT;
	assert_int_equal(parse(kv, 4, &p, &code), 0);
	web_params_url(&p, "/search", &b);
	/* Relevance asked for is kept: without words the default is by date. */
	assert_string_equal(buf_str(&b),
			    "/search?q=%22kind%20%26%20ouder%22%20%3Cx%3E&article=3.1&sort=relevance");
	assert_int_equal(web_params_has_filters(&p), 1);
	web_params_del_article(&p, 0);
	assert_int_equal(web_params_has_filters(&p), 0);
	/* sort given empty is the default, and leaves the URL. */
	struct web_kv kv2[] = { KV("q", "kind"), KV("sort", "") };
	assert_int_equal(parse(kv2, 2, &p, &code), 0);
	assert_int_equal(p.sort_date, 0);
	buf_reset(&b);
	web_params_url(&p, "/search", &b);
	assert_string_equal(buf_str(&b), "/search?q=kind");
	struct web_kv kv3[] = { KV("q", "kind"), KV("sort", "date") };
	assert_int_equal(parse(kv3, 2, &p, &code), 0);
	buf_reset(&b);
	web_params_url(&p, "/search", &b);
	assert_string_equal(buf_str(&b), "/search?q=kind&sort=date");
	/* exact=1 (no correction run instead) survives into the URL and the
	 * request. */
	struct web_kv kv4[] = { KV("q", "kind"), KV("exact", "1") };
	assert_int_equal(parse(kv4, 2, &p, &code), 0);
	buf_reset(&b);
	web_params_url(&p, "/search", &b);
	assert_string_equal(buf_str(&b), "/search?q=kind&exact=1");
	struct search_req req;
	web_params_to_req(&p, 1, &req);
	assert_int_equal(req.no_correct, 1);
	buf_free(&b);
}

static void test_cookie(void **state)
{
	(void)state;
	char v[65];
	assert_int_equal(web_cookie_get("a=1; kx_sess=abc; b=2", "kx_sess", v, sizeof(v)), 0);
	assert_string_equal(v, "abc");
	assert_int_equal(web_cookie_get("kx_sess=first", "kx_sess", v, sizeof(v)), 0);
	assert_string_equal(v, "first");
	assert_int_equal(web_cookie_get("xkx_sess=1; kx_sess_x=2", "kx_sess", v, sizeof(v)), -1);
	assert_int_equal(web_cookie_get(NULL, "kx_sess", v, sizeof(v)), -1);
	assert_int_equal(web_cookie_get("kx_sess=toolong", "kx_sess", v, 4), -1);
	assert_int_equal(web_cookie_get("kx_lang=en;", "kx_lang", v, sizeof(v)), 0);
	assert_string_equal(v, "en");
}

static void test_form(void **state)
{
	(void)state;
	const char *body = "user=anna&password=p%40ss+word%21&next=%2Fsearch%3Fq%3Dkind&bad=%zz"
			   "&nul=a%00b&empty=";
	char v[64];
	size_t len = strlen(body);
	assert_int_equal(web_form_get(body, len, "user", v, sizeof(v)), 0);
	assert_string_equal(v, "anna");
	assert_int_equal(web_form_get(body, len, "password", v, sizeof(v)), 0);
	assert_string_equal(v, "p@ss word!");
	assert_int_equal(web_form_get(body, len, "next", v, sizeof(v)), 0);
	assert_string_equal(v, "/search?q=kind");
	assert_int_equal(web_form_get(body, len, "bad", v, sizeof(v)), -1);
	assert_int_equal(web_form_get(body, len, "nul", v, sizeof(v)), -1);
	assert_int_equal(web_form_get(body, len, "empty", v, sizeof(v)), 0);
	assert_string_equal(v, "");
	assert_int_equal(web_form_get(body, len, "missing", v, sizeof(v)), -1);
	assert_int_equal(web_form_get(body, len, "user", v, 3), -1); /* too long */
	assert_int_equal(web_form_get("x=%c3%28", 8, "x", v, sizeof(v)), -1); /* not UTF-8 */
}

static void test_next(void **state)
{
	(void)state;
	assert_true(web_next_is_safe("/"));
	assert_true(web_next_is_safe("/search?q=kind"));
	assert_false(web_next_is_safe("//evil.example/"));
	assert_false(web_next_is_safe("/\\evil.example"));
	assert_false(web_next_is_safe("https://evil.example/"));
	assert_false(web_next_is_safe("/a\r\nSet-Cookie: x=1"));
	assert_false(web_next_is_safe(""));
	assert_false(web_next_is_safe(NULL));
	unsigned id;
	assert_int_equal(web_parse_doc_id("42", &id), 0);
	assert_int_equal(id, 42);
	assert_int_equal(web_parse_doc_id("0", &id), -1);
	assert_int_equal(web_parse_doc_id("..", &id), -1);
	assert_int_equal(web_parse_doc_id("4294967296", &id), -1);
}

static void test_throttle(void **state)
{
	(void)state;
	struct throttle *t = calloc(1, sizeof(*t));
	assert_non_null(t);
	double now = 1000;
	for (int i = 0; i < AUTH_FREE_FAILURES; i++) {
		assert_true(throttle_wait(t, "u:anna", now) == 0);
		throttle_fail(t, "u:anna", now);
	}
	assert_true(throttle_wait(t, "u:anna", now) == 0);
	throttle_fail(t, "u:anna", now); /* 4th: 1 s */
	assert_true(throttle_wait(t, "u:anna", now) == 1);
	assert_true(throttle_wait(t, "u:bert", now) == 0); /* others unaffected */
	now += 1;
	throttle_fail(t, "u:anna", now); /* 5th: 2 s */
	assert_true(throttle_wait(t, "u:anna", now) == 2);
	for (int i = 0; i < 30; i++)
		throttle_fail(t, "u:anna", now);
	assert_true(throttle_wait(t, "u:anna", now) == AUTH_MAX_LOCK);
	throttle_clear(t, "u:anna");
	assert_true(throttle_wait(t, "u:anna", now) == 0);
	/* A full table reuses slots instead of failing: the least recently
	 * used goes (here "u:carl", locked before the table filled up), the
	 * newest keys keep counting, and a new key still gets a slot. */
	for (int i = 0; i <= AUTH_FREE_FAILURES; i++)
		throttle_fail(t, "u:carl", now);
	assert_true(throttle_wait(t, "u:carl", now) == 1);
	char key[32];
	double last = now + 1 + THROTTLE_SLOTS + 9;
	for (int i = 0; i < THROTTLE_SLOTS + 10; i++) {
		snprintf(key, sizeof(key), "ip:10.0.%d.%d", i / 256, i % 256);
		throttle_fail(t, key, now + 1 + i);
	}
	assert_true(throttle_wait(t, "u:carl", now) == 0); /* evicted */
	/* the newest key's one failure is still counted */
	for (int i = 0; i < AUTH_FREE_FAILURES; i++)
		throttle_fail(t, key, last);
	assert_true(throttle_wait(t, key, last) == 1);
	for (int i = 0; i <= AUTH_FREE_FAILURES; i++)
		throttle_fail(t, "u:dora", last);
	assert_true(throttle_wait(t, "u:dora", last) == 1);
	free(t);
}

static void test_users_and_sessions(void **state)
{
	(void)state;
	char path[] = "/tmp/kindex-test-users-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path); /* a missing file is an empty list */

	struct users u = { 0 };
	struct error *err = NULL;
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(users_load(path, &u, &err), 0);
	assert_int_equal(u.n, 0);
	assert_int_equal(users_hash_password("correct horse", hash, sizeof(hash), &err), 0);
	assert_int_equal(users_set(&u, "anna", hash, &err), 0);
	assert_int_equal(users_set(&u, "bad name", hash, &err), -1);
	error_free(err);
	err = NULL;
	assert_int_equal(users_set(&u, "bert", hash, &err), 0);
	assert_int_equal(users_del(&u, "bert"), 0);
	assert_int_equal(users_del(&u, "bert"), -1);
	assert_int_equal(users_save(path, &u, &err), 0);
	users_clear(&u);

	struct auth *a = auth_new(path, &err);
	assert_non_null(a);
	assert_int_equal(auth_user_count(a), 1);
	int wait_s = 0;
	assert_int_equal(auth_check_password(a, "anna", "correct horse", "127.0.0.1", 10, &wait_s),
			 AUTH_OK);
	assert_int_equal(auth_check_password(a, "anna", "wrong", "127.0.0.1", 10, &wait_s), AUTH_BAD);
	assert_int_equal(auth_check_password(a, "nobody", "x", "127.0.0.1", 10, &wait_s), AUTH_BAD);
	assert_int_equal(auth_check_basic(a, "anna", "correct horse", "127.0.0.1", 10, &wait_s), AUTH_OK);
	assert_int_equal(auth_check_basic(a, "anna", "correct horse", "127.0.0.1", 11, &wait_s), AUTH_OK);
	assert_int_equal(auth_check_basic(a, "anna", "correct hors", "127.0.0.1", 11, &wait_s), AUTH_BAD);

	char id[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1];
	char user[AUTH_NAME_MAX + 1], csrf2[AUTH_TOKEN_LEN + 1];
	auth_session_new(a, "anna", 100, id, csrf);
	assert_int_equal(strlen(id), AUTH_TOKEN_LEN);
	assert_int_equal(auth_session_get(a, id, 101, user, csrf2), 0);
	assert_string_equal(user, "anna");
	assert_true(auth_token_equal(csrf, csrf2));
	assert_int_equal(auth_session_get(a, "deadbeef", 101, user, csrf2), -1);
	assert_int_equal(auth_session_get(a, id, 100 + AUTH_SESSION_TTL + 1, user, csrf2), -1);
	auth_session_new(a, "anna", 200, id, csrf);
	auth_session_end(a, id);
	assert_int_equal(auth_session_get(a, id, 201, user, csrf2), -1);

	/* Deleting the user ends the session. */
	auth_session_new(a, "anna", 300, id, csrf);
	assert_int_equal(users_load(path, &u, &err), 0);
	assert_int_equal(users_del(&u, "anna"), 0);
	usleep(20000); /* a different mtime */
	assert_int_equal(users_save(path, &u, &err), 0);
	users_clear(&u);
	assert_int_equal(auth_session_get(a, id, 301, user, csrf2), -1);

	/* Pre-session CSRF tokens. */
	char nonce[AUTH_TOKEN_LEN + 1], token[AUTH_TOKEN_LEN + 1];
	auth_pre_new(a, nonce, token);
	assert_true(auth_pre_check(a, nonce, token));
	token[0] = token[0] == 'a' ? 'b' : 'a';
	assert_false(auth_pre_check(a, nonce, token));
	assert_false(auth_pre_check(a, "", ""));
	assert_false(auth_token_equal("abc", "abc")); /* not a token */

	auth_free(a);
	unlink(path);
}

static void test_throttled_login(void **state)
{
	(void)state;
	char path[] = "/tmp/kindex-test-users-XXXXXX";
	int fd = mkstemp(path);
	struct error *err = NULL;
	assert_true(fd >= 0);
	close(fd);
	struct auth *a = auth_new(path, &err);
	assert_non_null(a);
	int wait_s = 0;
	for (int i = 0; i <= AUTH_FREE_FAILURES; i++)
		assert_int_equal(auth_check_password(a, "x", "y", "10.1.1.1", 50, &wait_s), AUTH_BAD);
	assert_int_equal(auth_check_password(a, "x", "y", "10.1.1.1", 50, &wait_s), AUTH_THROTTLED);
	assert_true(wait_s >= 1);
	/* The address is throttled too, whatever the user name. */
	assert_int_equal(auth_check_password(a, "other", "y", "10.1.1.1", 50, &wait_s),
			 AUTH_THROTTLED);
	auth_free(a);
	unlink(path);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params_good),
		cmocka_unit_test(test_params_bad),
		cmocka_unit_test(test_params_url),
		cmocka_unit_test(test_cookie),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_users_and_sessions),
		cmocka_unit_test(test_throttled_login),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
