/* test_serve_links.c - `kindex serve` hands out a document's PDF only as
 * the regular file that was indexed, never through a symbolic link
 * (web/server.c, the /doc/N/pdf route), also when the link leads to a
 * byte-for-byte copy with the same size and time, which the size, time and
 * hash checks cannot tell from the original.
 *
 * Proven here: a PDF replaced by a link to such a copy is refused (409) with
 * the reason "symbolic link" (the O_NOFOLLOW open); the folder of the PDFs
 * replaced by a link to a copy of it is refused (409; the realpath check,
 * since O_NOFOLLOW only sees the last name); the original is served again
 * once restored.  The server runs as in test_server.c: cmd_serve in a child
 * process over the synthetic index of tests/unit/synth.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <dirent.h>
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

#define HARNESS_NAME "test_serve_links"
#define HARNESS_TMP "servelinks"
#include "tests/unit/serve_harness.h"

/* Copies src to dst with the same bytes and modification time. */
static void copy_same(const char *src, const char *dst)
{
	FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		assert_int_equal(fwrite(chunk, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	struct stat st;
	assert_int_equal(stat(src, &st), 0);
	struct timespec ts[2] = { st.st_atim, st.st_mtim };
	assert_int_equal(utimensat(AT_FDCWD, dst, ts, 0), 0);
}

/* GET /doc/1/pdf with session sid. */
static struct resp get_pdf(const char *sid)
{
	char cookie[200];
	snprintf(cookie, sizeof(cookie), "kx_sess=%s", sid);
	return http("GET", "/doc/1/pdf", cookie, NULL, NULL);
}

static int is_pdf(const struct resp *r)
{
	return r->status == 200 && strncmp(r->body, "%PDF-", 5) == 0;
}

/* Each PDF of docs replaced by a link to a same-bytes, same-time copy
 * outside: refused, and for being a link. */
static void test_file_replaced_by_link(void **state)
{
	(void)state;
	char *sid = login(USER);
	struct resp r = get_pdf(sid);
	if (!is_pdf(&r))
		fail_msg("the untouched PDF is not served: %d", r.status);
	resp_free(&r);

	char docs[4300], outside[4300], p[4600], q[4600], bak[4600];
	snprintf(docs, sizeof(docs), "%s/docs", tmp);
	snprintf(outside, sizeof(outside), "%s/outside", tmp);
	assert_int_equal(mkdir(outside, 0700), 0);
	DIR *d = opendir(docs);
	assert_non_null(d);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 4 || strcmp(e->d_name + l - 4, ".pdf") != 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", docs, e->d_name);
		snprintf(q, sizeof(q), "%s/%s", outside, e->d_name);
		snprintf(bak, sizeof(bak), "%s/%s.bak", outside, e->d_name);
		copy_same(p, q);
		assert_int_equal(rename(p, bak), 0);
		assert_int_equal(symlink(q, p), 0);
		n++;
	}
	closedir(d);
	assert_true(n >= 3);

	r = get_pdf(sid);
	if (r.status != 409 || strstr(r.body, "symboli") == NULL)
		fail_msg("a PDF replaced by a link to an identical copy: %d, expected 409 naming "
			 "the symbolic link", r.status);
	assert_null(strstr(r.body, "%PDF-"));
	resp_free(&r);

	/* Restored: served again. */
	d = opendir(outside);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 8 || strcmp(e->d_name + l - 8, ".pdf.bak") != 0)
			continue;
		snprintf(bak, sizeof(bak), "%s/%s", outside, e->d_name);
		snprintf(p, sizeof(p), "%s/%.*s", docs, (int)(l - 4), e->d_name);
		assert_int_equal(unlink(p), 0);
		assert_int_equal(rename(bak, p), 0);
	}
	closedir(d);
	r = get_pdf(sid);
	if (!is_pdf(&r))
		fail_msg("the restored PDF is not served: %d", r.status);
	resp_free(&r);
	free(sid);
}

/* The folder of the PDFs replaced by a link to a same-bytes, same-times
 * copy: the last name is no link, so only the path check refuses it. */
static void test_folder_replaced_by_link(void **state)
{
	(void)state;
	char *sid = login(USER);
	char docs[4300], copy[4300], bak[4300], p[4600], q[4600];
	snprintf(docs, sizeof(docs), "%s/docs", tmp);
	snprintf(copy, sizeof(copy), "%s/docs-copy", tmp);
	snprintf(bak, sizeof(bak), "%s/docs-orig", tmp);
	assert_int_equal(mkdir(copy, 0700), 0);
	DIR *d = opendir(docs);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", docs, e->d_name);
		snprintf(q, sizeof(q), "%s/%s", copy, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode))
			copy_same(p, q);
	}
	closedir(d);
	assert_int_equal(rename(docs, bak), 0);
	assert_int_equal(symlink(copy, docs), 0);

	struct resp r = get_pdf(sid);
	int status = r.status, served = is_pdf(&r);
	resp_free(&r);
	assert_int_equal(unlink(docs), 0);
	assert_int_equal(rename(bak, docs), 0);
	if (status != 409 || served)
		fail_msg("a PDF reached through a linked folder: %d, expected 409", status);

	r = get_pdf(sid);
	if (!is_pdf(&r))
		fail_msg("the PDF is not served once its folder is back: %d", r.status);
	resp_free(&r);
	free(sid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_replaced_by_link),
		cmocka_unit_test(test_folder_replaced_by_link),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
