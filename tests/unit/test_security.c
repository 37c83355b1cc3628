/* test_security.c - the findings of issue 14 that can be tested without a
 * server: sessions end when the password changes, the throttle never locks
 * the right user out from elsewhere and holds under simultaneous guesses and
 * a flushed table, the global bound on password checks, users files others
 * can write, util_parse_uint above its maximum, log lines escaped and rate
 * limited. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"
#include "web/auth.h"
#include "web/throttle.h"

/* A users file with anna:PASSWORD (and bert when two), mode 0600. */
static void write_users(const char *path, const char *anna_pw, int two)
{
	struct users u = { 0 };
	struct error *err = NULL;
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(users_hash_password(anna_pw, hash, sizeof(hash), &err), 0);
	assert_int_equal(users_set(&u, "anna", hash, &err), 0);
	if (two)
		assert_int_equal(users_set(&u, "bert", hash, &err), 0);
	usleep(20000); /* a different mtime */
	assert_int_equal(users_save(path, &u, &err), 0);
	users_clear(&u);
}

static void temp_path(char *path)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
}

static void test_parse_uint_above_max(void **state)
{
	(void)state;
	unsigned long v = 0;
	/* A single digit larger than the maximum. */
	assert_int_equal(util_parse_uint("9", 3, &v), -1);
	assert_int_equal(util_parse_uint("7", 3, &v), -1);
	assert_int_equal(util_parse_uint("4", 3, &v), -1);
	assert_int_equal(util_parse_uint("3", 3, &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(util_parse_uint("0", 0, &v), 0);
	assert_int_equal(util_parse_uint("1", 0, &v), -1);
	assert_int_equal(util_parse_uint("65536", 65535, &v), -1);
	assert_int_equal(util_parse_uint("65535", 65535, &v), 0);
}

static void test_passwd_ends_sessions(void **state)
{
	(void)state;
	char path[] = "/tmp/kindex-sec-users-XXXXXX";
	struct error *err = NULL;
	char id[AUTH_TOKEN_LEN + 1], csrf[AUTH_TOKEN_LEN + 1], id_b[AUTH_TOKEN_LEN + 1];
	char user[AUTH_NAME_MAX + 1], csrf2[AUTH_TOKEN_LEN + 1];
	temp_path(path);
	write_users(path, "first password", 1);
	struct auth *a = auth_new(path, &err);
	assert_non_null(a);
	auth_session_new(a, "anna", 100, id, csrf);
	auth_session_new(a, "bert", 100, id_b, csrf);
	assert_int_equal(auth_session_get(a, id, 101, user, csrf2), 0);

	/* anna's password changes: her session ends, bert's does not. */
	struct users u = { 0 };
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(users_load(path, &u, &err), 0);
	assert_int_equal(users_hash_password("second password", hash, sizeof(hash), &err), 0);
	assert_int_equal(users_set(&u, "anna", hash, &err), 0);
	usleep(20000);
	assert_int_equal(users_save(path, &u, &err), 0);
	users_clear(&u);
	assert_int_equal(auth_session_get(a, id, 102, user, csrf2), -1);
	assert_int_equal(auth_session_get(a, id_b, 102, user, csrf2), 0);
	assert_string_equal(user, "bert");

	/* Deleted and added again with no request between: the old session
	 * does not come back to life. */
	auth_session_new(a, "anna", 200, id, csrf);
	assert_int_equal(auth_session_get(a, id, 201, user, csrf2), 0);
	assert_int_equal(users_load(path, &u, &err), 0);
	assert_int_equal(users_del(&u, "anna"), 0);
	usleep(20000);
	assert_int_equal(users_save(path, &u, &err), 0);
	users_clear(&u);
	write_users(path, "third password", 1);
	assert_int_equal(auth_session_get(a, id, 202, user, csrf2), -1);
	auth_free(a);
	unlink(path);
}

static void test_no_lockout_from_elsewhere(void **state)
{
	(void)state;
	char path[] = "/tmp/kindex-sec-users-XXXXXX";
	struct error *err = NULL;
	int wait_s = 0;
	temp_path(path);
	write_users(path, "right password", 0);
	struct auth *a = auth_new(path, &err);
	assert_non_null(a);
	/* An attacker locks anna at its own address ... */
	double now = 1000;
	for (int i = 0; i < 8; i++, now += 0.5)
		(void)auth_check_password(a, "anna", "guess", "203.0.113.9", now, &wait_s);
	assert_int_equal(auth_check_password(a, "anna", "guess", "203.0.113.9", now, &wait_s),
			 AUTH_THROTTLED);
	/* ... and anna, elsewhere, still gets in at once. */
	assert_int_equal(auth_check_password(a, "anna", "right password", "192.0.2.1", now, &wait_s),
			 AUTH_OK);
	auth_free(a);
	unlink(path);
}

struct race {
	struct auth *a;
	pthread_barrier_t *go;
	enum auth_result r;
};

static void *guess(void *p)
{
	struct race *r = p;
	int wait_s;
	pthread_barrier_wait(r->go);
	r->r = auth_check_password(r->a, "anna", "guess", "198.51.100.7", 500, &wait_s);
	return NULL;
}

static void test_simultaneous_guesses(void **state)
{
	(void)state;
	enum { N = 40 };
	char path[] = "/tmp/kindex-sec-users-XXXXXX";
	struct error *err = NULL;
	temp_path(path);
	write_users(path, "right password", 0);
	struct auth *a = auth_new(path, &err);
	assert_non_null(a);
	pthread_barrier_t go;
	pthread_barrier_init(&go, NULL, N);
	pthread_t th[N];
	struct race r[N];
	for (int i = 0; i < N; i++) {
		r[i].a = a;
		r[i].go = &go;
		assert_int_equal(pthread_create(&th[i], NULL, guess, &r[i]), 0);
	}
	int bad = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(th[i], NULL);
		bad += r[i].r == AUTH_BAD;
	}
	pthread_barrier_destroy(&go);
	/* As many real checks as one guess after another would get. */
	assert_int_equal(auth_verify_count(a), AUTH_FREE_FAILURES + 1);
	assert_int_equal(bad, AUTH_FREE_FAILURES + 1);
	auth_free(a);
	unlink(path);
}

static void test_flush_keeps_locks(void **state)
{
	(void)state;
	struct throttle *t = calloc(1, sizeof(*t));
	assert_non_null(t);
	double now = 1000;
	for (int i = 0; i < 12; i++)
		throttle_fail(t, "u:anna@203.0.113.9", now);
	assert_true(throttle_wait(t, "u:anna@203.0.113.9", now) > 0);
	/* Failures from twice as many addresses as the table has slots. */
	char key[64];
	for (int i = 0; i < 2 * THROTTLE_SLOTS; i++) {
		snprintf(key, sizeof(key), "ip:10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
		throttle_fail(t, key, now + 1);
	}
	assert_true(throttle_wait(t, "u:anna@203.0.113.9", now + 1) > 0);
	free(t);
}

static void test_global_budget(void **state)
{
	(void)state;
	char path[] = "/tmp/kindex-sec-users-XXXXXX";
	struct error *err = NULL;
	int wait_s = 0, throttled = 0;
	temp_path(path);
	write_users(path, "right password", 0);
	struct auth *a = auth_new(path, &err);
	assert_non_null(a);
	/* Each guess from an address of its own, all at one moment. */
	char ip[32];
	for (int i = 0; i < (int)AUTH_VERIFY_BURST + 5; i++) {
		snprintf(ip, sizeof(ip), "10.9.0.%d", i);
		throttled += auth_check_password(a, "nobody", "x", ip, 77, &wait_s) == AUTH_THROTTLED;
	}
	assert_int_equal(auth_verify_count(a), (unsigned long)AUTH_VERIFY_BURST);
	assert_int_equal(throttled, 5);
	/* A second later the budget has room again. */
	assert_int_equal(auth_check_password(a, "anna", "right password", "192.0.2.1", 78, &wait_s),
			 AUTH_OK);
	auth_free(a);
	unlink(path);
}

static void test_users_file_mode(void **state)
{
	(void)state;
	char path[] = "/tmp/kindex-sec-users-XXXXXX";
	struct users u = { 0 };
	struct error *err = NULL;
	temp_path(path);
	write_users(path, "right password", 0);
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(users_load(path, &u, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err->msg, "others can write"));
	error_free(err);
	err = NULL;
	assert_int_equal(chmod(path, 0620), 0);
	assert_int_equal(users_load(path, &u, &err), -1);
	error_free(err);
	err = NULL;
	/* Readable by others: loaded, with a warning. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(users_load(path, &u, &err), 0);
	assert_int_equal(u.n, 1);
	users_clear(&u);
	/* The server does not take a world-writable file either. */
	assert_int_equal(chmod(path, 0666), 0);
	struct auth *a = auth_new(path, &err);
	assert_non_null(a);
	assert_int_equal(auth_user_count(a), 0);
	assert_int_equal(auth_users_broken(a), 1);
	auth_free(a);
	unlink(path);
}

static void test_log_escape(void **state)
{
	(void)state;
	char out[128];
	weblog_escape("ad\nmin\x1b[2J\"x\\", out, sizeof(out));
	assert_string_equal(out, "ad\\nmin\\x1b[2J\\\"x\\\\");
	/* Cut at the buffer, never in the middle of an escape. */
	char small[6];
	weblog_escape("\n\n\n\n", small, sizeof(small));
	assert_string_equal(small, "\\n\\n");
	/* UTF-8 stays; invalid bytes are escaped. */
	weblog_escape("jeugd\xc3\xa9\xff", out, sizeof(out));
	assert_string_equal(out, "jeugd\xc3\xa9\\xff");
}

static void test_log_rate(void **state)
{
	(void)state;
	struct weblog_rate *r = weblog_rate_new();
	assert_non_null(r);
	unsigned dropped = 0;
	int allowed = 0;
	for (int i = 0; i < 10000; i++)
		allowed += weblog_rate_allow(r, "203.0.113.9", 50.0 + i * 1e-4, &dropped);
	/* A burst, then about one a second: 1 s passes in this loop. */
	assert_true(allowed <= WEBLOG_BURST + 2);
	assert_true(allowed >= WEBLOG_BURST);
	/* Another address is not silenced by the first. */
	assert_true(weblog_rate_allow(r, "192.0.2.1", 51.0, &dropped));
	/* After a quiet spell the first is heard again and told what it lost. */
	assert_true(weblog_rate_allow(r, "203.0.113.9", 200.0, &dropped));
	assert_true(dropped > 9000);
	weblog_rate_free(r);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_uint_above_max),
		cmocka_unit_test(test_passwd_ends_sessions),
		cmocka_unit_test(test_no_lockout_from_elsewhere),
		cmocka_unit_test(test_simultaneous_guesses),
		cmocka_unit_test(test_flush_keeps_locks),
		cmocka_unit_test(test_global_budget),
		cmocka_unit_test(test_users_file_mode),
		cmocka_unit_test(test_log_escape),
		cmocka_unit_test(test_log_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
