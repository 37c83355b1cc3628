/* serve_harness.h - the real `kindex serve` for unit tests: builds the
 * synthetic index of tests/unit/synth.h and a users file, starts cmd_serve
 * in a child process on a free loopback port (setup/teardown), and talks
 * HTTP to it with plain sockets (http(), set_cookie(), login()).
 *
 * Included by one test file per binary (test_server.c, test_serve_links.c),
 * after it defines HARNESS_NAME ("test_server") and HARNESS_TMP (the
 * temporary folder's name), USER and PASSWORD. */
#ifndef KINDEX_SERVE_HARNESS_H
#define KINDEX_SERVE_HARNESS_H

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
	tmp = synth_tmpdir(HARNESS_TMP);
	if (tmp == NULL || synth_corpus(tmp) < 0) {
		fprintf(stderr, HARNESS_NAME ": could not build the test index\n");
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
		fprintf(stderr, HARNESS_NAME ": users: %s\n", err ? err->msg : "?");
		return -1;
	}
	users_clear(&u);
	if (start_server() < 0) {
		fprintf(stderr, HARNESS_NAME ": the server did not start\n");
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

#endif
