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
	tmp = synth_tmpdir("servelinks");
	if (tmp == NULL || synth_corpus(tmp) < 0) {
		fprintf(stderr, "test_serve_links: could not build the test index\n");
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
		fprintf(stderr, "test_serve_links: users: %s\n", err ? err->msg : "?");
		return -1;
	}
	users_clear(&u);
	if (start_server() < 0) {
		fprintf(stderr, "test_serve_links: the server did not start\n");
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
