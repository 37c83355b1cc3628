/* pool.c - worker processes that extract PDFs (see pool.h).
 *
 * Messages on the pipes are length-prefixed: a 32-bit length, then the
 * bytes.  Parent to worker: the path.  Worker to parent: a result record
 * (see put_result/parse_result).  Strings in a record are a 32-bit length
 * and the bytes, or the length STR_NULL for a missing value. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "indexer/pool.h"
#include "base/util.h"
#include "base/xalloc.h"

/* Under AddressSanitizer (GCC defines __SANITIZE_ADDRESS__, clang says so
 * through __has_feature) a worker cannot live under an address-space limit:
 * the shadow memory alone is terabytes of reservations. */
#if defined(__SANITIZE_ADDRESS__)
#define POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_ASAN 1
#endif
#endif

#define STR_NULL 0xFFFFFFFFu
#define MAX_MSG (1u << 30)

struct job {
	char *path;
	void *tag;
};

struct worker {
	pid_t pid;
	int to_fd, from_fd;
	int busy;
	struct job job;
	double started_ms;
	struct buf in;        /* bytes received for the current result */
};

struct pool {
	struct pool_opts opts;
	struct worker *w;
	int n;
	struct job *queue;    /* ring of pending jobs */
	size_t q_head, q_len, q_cap;
};

/* ---- worker side ---- */

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, void *data, size_t len)
{
	char *p = data;
	while (len > 0) {
		ssize_t r = read(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

static void put_u32(struct buf *b, uint32_t v)
{
	buf_add(b, (const char *)&v, sizeof(v));
}

static void put_str(struct buf *b, const char *s, size_t len)
{
	if (s == NULL) {
		put_u32(b, STR_NULL);
		return;
	}
	put_u32(b, (uint32_t)len);
	buf_add(b, s, len);
}

static void put_cstr(struct buf *b, const char *s)
{
	put_str(b, s, s ? strlen(s) : 0);
}

static void worker_handle(int out_fd, const char *path, const struct pool_opts *o)
{
	struct buf msg = BUF_INIT;
	char *reason = NULL;
	put_u32(&msg, 0); /* length, patched below */
	buf_addc(&msg, 1);
	if (o->job(o->job_ctx, path, &msg, &reason) < 0) {
		buf_reset(&msg);
		put_u32(&msg, 0);
		buf_addc(&msg, 0);
		put_cstr(&msg, reason ? reason : "failed");
	}
	uint32_t total = (uint32_t)(msg.len - sizeof(uint32_t));
	memcpy(msg.s, &total, sizeof(total));
	if (write_all(out_fd, msg.s, msg.len) < 0)
		_exit(3);
	buf_free(&msg);
	free(reason);
}

static void worker_main(int in_fd, int out_fd, const struct pool_opts *o)
{
#if !defined(POOL_ASAN)
	struct rlimit rl = { o->mem_limit_mb << 20, o->mem_limit_mb << 20 };
	setrlimit(RLIMIT_AS, &rl);
#endif
	signal(SIGINT, SIG_IGN); /* the parent decides when to stop */
	signal(SIGPIPE, SIG_DFL);
	for (;;) {
		uint32_t len;
		if (read_all(in_fd, &len, sizeof(len)) < 0 || len == 0 || len > 65536)
			_exit(0);
		char *path = xmalloc(len + 1);
		if (read_all(in_fd, path, len) < 0)
			_exit(0);
		path[len] = '\0';
		alarm(o->timeout_s + 5); /* backstop should the parent die */
		worker_handle(out_fd, path, o);
		alarm(0);
		free(path);
	}
}

/* ---- parent side ---- */

static int spawn(struct pool *p, struct worker *w, struct error **err)
{
	int down[2], up[2];
	if (pipe2(down, O_CLOEXEC) < 0)
		return error_set(err, ERR_IO, "pipe: %s", strerror(errno));
	if (pipe2(up, O_CLOEXEC) < 0) {
		close(down[0]);
		close(down[1]);
		return error_set(err, ERR_IO, "pipe: %s", strerror(errno));
	}
	fflush(NULL);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(down[0]), close(down[1]), close(up[0]), close(up[1]);
		return error_set(err, ERR_IO, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		/* Keep only stdin/err and our two pipes, so the worker holds no
		 * copy of the index's file descriptors. */
		if (dup2(down[0], 3) < 0 || dup2(up[1], 4) < 0)
			_exit(2);
		/* A worker must not outlive an indexer killed with SIGKILL. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(0);
		int devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, 1);
#if !defined(POOL_ASAN)
			/* What a dying worker prints ("kindex: out of memory",
			 * "terminate called after throwing std::bad_alloc",
			 * GLib's allocation errors)
			 * names no file; the parent reports every failure. */
			dup2(devnull, 2);
#endif
		}
		close_range(5, ~0U, 0);
		worker_main(3, 4, &p->opts);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	w->pid = pid;
	w->to_fd = down[1];
	w->from_fd = up[0];
	w->busy = 0;
	buf_reset(&w->in);
	return 0;
}

/* Closes the worker's pipes and waits for it; *status and *ru describe
 * how it ended (ru may be NULL). */
static void reap(struct worker *w, int *status, struct rusage *ru)
{
	struct rusage unused;
	if (w->to_fd >= 0)
		close(w->to_fd);
	if (w->from_fd >= 0)
		close(w->from_fd);
	w->to_fd = w->from_fd = -1;
	if (w->pid > 0) {
		while (wait4(w->pid, status, 0, ru ? ru : &unused) < 0 && errno == EINTR)
			;
	}
	w->pid = 0;
}

struct pool *pool_new(const struct pool_opts *opts, struct error **err)
{
	struct pool *p = xcalloc(1, sizeof(*p));
	p->opts = *opts;
	if (p->opts.n_workers <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		p->opts.n_workers = n > 0 ? (int)n : 1;
	}
	if (p->opts.timeout_s == 0)
		p->opts.timeout_s = 120;
	if (p->opts.mem_limit_mb == 0)
		p->opts.mem_limit_mb = 4096;
	signal(SIGPIPE, SIG_IGN);
	p->w = xcalloc((size_t)p->opts.n_workers, sizeof(*p->w));
	for (int i = 0; i < p->opts.n_workers; i++) {
		p->w[i].to_fd = p->w[i].from_fd = -1;
		if (spawn(p, &p->w[i], err) < 0) {
			pool_free(p);
			return NULL;
		}
		p->n = i + 1;
	}
	return p;
}

void pool_free(struct pool *p)
{
	if (p == NULL)
		return;
	/* Idle workers see their pipe close and exit by themselves (so that
	 * tools like valgrind see them end normally); busy ones, and any that
	 * has not gone within a second, are killed. */
	for (int i = 0; i < p->n; i++) {
		struct worker *w = &p->w[i];
		if (w->pid > 0 && w->busy)
			kill(w->pid, SIGKILL);
		if (w->to_fd >= 0)
			close(w->to_fd);
		w->to_fd = -1;
	}
	for (int i = 0; i < p->n; i++) {
		struct worker *w = &p->w[i];
		for (int tries = 0; w->pid > 0 && tries < 100; tries++) {
			int st;
			if (waitpid(w->pid, &st, WNOHANG) == w->pid) {
				w->pid = 0;
				break;
			}
			usleep(10000);
		}
		if (w->pid > 0)
			kill(w->pid, SIGKILL);
		int st;
		reap(w, &st, NULL);
		free(w->job.path);
		buf_free(&w->in);
	}
	for (size_t i = 0; i < p->q_len; i++)
		free(p->queue[(p->q_head + i) % p->q_cap].path);
	free(p->queue);
	free(p->w);
	free(p);
}

int pool_can_submit(const struct pool *p)
{
	return p->q_len < (size_t)p->n;
}

int pool_busy(const struct pool *p)
{
	if (p->q_len)
		return 1;
	for (int i = 0; i < p->n; i++)
		if (p->w[i].busy)
			return 1;
	return 0;
}

static int dispatch(struct worker *w, struct job job)
{
	uint32_t len = (uint32_t)strlen(job.path);
	w->job = job;
	w->busy = 1;
	w->started_ms = util_now_ms();
	buf_reset(&w->in);
	if (write_all(w->to_fd, &len, sizeof(len)) < 0 || write_all(w->to_fd, job.path, len) < 0)
		return -1; /* the worker is dead: pool_next sees EOF */
	return 0;
}

static void dispatch_pending(struct pool *p)
{
	for (int i = 0; i < p->n && p->q_len; i++) {
		if (p->w[i].busy || p->w[i].pid <= 0)
			continue;
		struct job j = p->queue[p->q_head];
		p->q_head = (p->q_head + 1) % p->q_cap;
		p->q_len--;
		dispatch(&p->w[i], j);
	}
}

int pool_submit(struct pool *p, const char *path, void *tag, struct error **err)
{
	if (strlen(path) > 65536)
		return error_set(err, ERR_INPUT, "path too long");
	if (p->q_len == p->q_cap) {
		size_t cap = p->q_cap ? p->q_cap * 2 : 16;
		struct job *q = xreallocarray(NULL, cap, sizeof(*q));
		for (size_t i = 0; i < p->q_len; i++)
			q[i] = p->queue[(p->q_head + i) % p->q_cap];
		free(p->queue);
		p->queue = q;
		p->q_cap = cap;
		p->q_head = 0;
	}
	struct job j = { xstrdup(path), tag };
	p->queue[(p->q_head + p->q_len) % p->q_cap] = j;
	p->q_len++;
	dispatch_pending(p);
	return 0;
}

/* A reader over a received record. */
struct rd {
	const char *p, *end;
	int bad;
};

static uint32_t get_u32(struct rd *r)
{
	uint32_t v = 0;
	if ((size_t)(r->end - r->p) < sizeof(v)) {
		r->bad = 1;
		return 0;
	}
	memcpy(&v, r->p, sizeof(v));
	r->p += sizeof(v);
	return v;
}

static char *get_str(struct rd *r, size_t *len_out)
{
	uint32_t len = get_u32(r);
	if (r->bad || len == STR_NULL)
		return NULL;
	if ((size_t)(r->end - r->p) < len) {
		r->bad = 1;
		return NULL;
	}
	char *s = xmalloc((size_t)len + 1);
	memcpy(s, r->p, len);
	s[len] = '\0';
	r->p += len;
	if (len_out)
		*len_out = len;
	return s;
}

static struct pool_result *new_result(struct worker *w)
{
	struct pool_result *res = xcalloc(1, sizeof(*res));
	res->path = w->job.path;
	res->tag = w->job.tag;
	res->ms = util_now_ms() - w->started_ms;
	w->job.path = NULL;
	w->busy = 0;
	return res;
}

static struct pool_result *parse_result(struct worker *w)
{
	struct pool_result *res = new_result(w);
	struct rd r = { w->in.s + sizeof(uint32_t), w->in.s + w->in.len, 0 };
	int ok = r.p < r.end ? *r.p++ : 0;
	if (!ok) {
		res->reason = get_str(&r, NULL);
		if (res->reason == NULL)
			res->reason = xstrdup("failed");
		return res;
	}
	res->len = (size_t)(r.end - r.p);
	res->data = xmalloc(res->len + 1);
	memcpy(res->data, r.p, res->len);
	res->data[res->len] = '\0';
	res->ok = 1;
	return res;
}

enum lost_why { LOST_DIED, LOST_TIMEOUT, LOST_TOO_BIG };

/* The worker died or was killed: describe why, start a new one. */
static struct pool_result *worker_lost(struct pool *p, struct worker *w, enum lost_why how,
				       struct error **err)
{
	int status = 0;
	struct rusage ru = { 0 };
	if (how != LOST_DIED)
		kill(w->pid, SIGKILL);
	reap(w, &status, &ru);
	struct pool_result *res = new_result(w);
	/* A worker that hits its address-space limit dies of whatever its
	 * allocator does then: abort() from base/xalloc.c, from GLib or from an
	 * uncaught std::bad_alloc, or a crash on an unchecked NULL in a
	 * library.  Its peak resident
	 * size tells that apart from a plain crash. */
	int near_limit = (unsigned long long)ru.ru_maxrss * 1024 >=
			 (unsigned long long)p->opts.mem_limit_mb * (1u << 20) / 2;
	char why[160];
	if (how == LOST_TIMEOUT)
		snprintf(why, sizeof(why), "took longer than %u s to extract: stopped",
			 p->opts.timeout_s);
	else if (how == LOST_TOO_BIG)
		snprintf(why, sizeof(why), "extraction produced more than %u MB: stopped",
			 MAX_MSG >> 20);
	else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(why, sizeof(why), "took too long to extract: stopped");
	else if ((WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) &&
		 near_limit)
		snprintf(why, sizeof(why),
			 "ran out of memory (over the %zu MB limit, --mem-limit): stopped",
			 p->opts.mem_limit_mb);
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "extraction crashed (signal %d: %s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(why, sizeof(why), "extraction failed (exit %d)", WEXITSTATUS(status));
	else
		snprintf(why, sizeof(why), "extraction worker stopped unexpectedly");
	if (res)
		res->reason = xstrdup(why);
	if (spawn(p, w, err) < 0) {
		pool_result_free(res);
		return NULL;
	}
	dispatch_pending(p);
	return res;
}

struct pool_result *pool_next(struct pool *p, struct error **err)
{
	for (;;) {
		/* Every busy worker is polled (and its time limit checked), however
		 * many there are: --jobs and the CPU count may exceed any fixed
		 * size, and an unpolled worker's finished result would be taken
		 * for a timeout. */
		struct pollfd fds[p->n];
		int map[p->n], nf = 0;
		double now = util_now_ms(), wait_ms = -1;
		for (int i = 0; i < p->n; i++) {
			struct worker *w = &p->w[i];
			if (!w->busy)
				continue;
			double left = w->started_ms + p->opts.timeout_s * 1000.0 - now;
			if (left <= 0)
				return worker_lost(p, w, LOST_TIMEOUT, err);
			if (wait_ms < 0 || left < wait_ms)
				wait_ms = left;
			fds[nf].fd = w->from_fd;
			fds[nf].events = POLLIN;
			map[nf++] = i;
		}
		if (nf == 0) {
			error_set(err, ERR_INTERNAL, "pool_next called with nothing queued");
			return NULL;
		}
		int r = poll(fds, (nfds_t)nf, (int)wait_ms + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			error_set(err, ERR_IO, "poll: %s", strerror(errno));
			return NULL;
		}
		for (int k = 0; k < nf; k++) {
			if (!(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			struct worker *w = &p->w[map[k]];
			char chunk[65536];
			ssize_t got = read(w->from_fd, chunk, sizeof(chunk));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				return worker_lost(p, w, LOST_DIED, err);
			buf_add(&w->in, chunk, (size_t)got);
			if (w->in.len < sizeof(uint32_t))
				continue;
			uint32_t need;
			memcpy(&need, w->in.s, sizeof(need));
			if (need > MAX_MSG)
				return worker_lost(p, w, LOST_TOO_BIG, err);
			if (w->in.len < need + sizeof(uint32_t))
				continue;
			struct pool_result *res = parse_result(w);
			buf_reset(&w->in);
			dispatch_pending(p);
			return res;
		}
	}
}

void pool_result_free(struct pool_result *r)
{
	if (r == NULL)
		return;
	free(r->path);
	free(r->reason);
	free(r->data);
	free(r);
}
