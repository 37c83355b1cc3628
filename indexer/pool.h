/* pool.h - work on files in a pool of worker processes.
 *
 * Each worker is a forked child that reads file paths from a pipe, runs the
 * caller's job function on each (for the indexer: extract the PDF with
 * poppler and build its Xapian document) under a time and memory limit, and
 * sends the job's bytes back.  A PDF that crashes poppler, loops or
 * allocates without bound takes down only its worker: the pool reports that
 * file as failed with the reason and starts a new worker.  The parent, which
 * owns the index, never runs poppler itself.
 *
 * Usage:
 *	struct pool *p = pool_new(&opts, &err);
 *	while (more files or pool_busy(p)) {
 *		while (have file && pool_can_submit(p)) pool_submit(p, path, tag);
 *		struct pool_result *r = pool_next(p, &err);  // blocks for one result
 *		... use r ...; pool_result_free(r);
 *	}
 *	pool_free(p);
 */
#ifndef KINDEX_POOL_H
#define KINDEX_POOL_H

#include <stddef.h>
#include <sys/types.h>

#include "base/error.h"
#include "base/util.h"

/* The job, run in a worker for each path: appends its result to out and
 * returns 0, or returns -1 and sets *reason (malloc()ed) to say why the file
 * failed.  It runs in a child process: it may use everything the parent had
 * when the pool started (ctx included), but its changes stay in the child. */
typedef int (*pool_job_fn)(void *ctx, const char *path, struct buf *out, char **reason);

struct pool_opts {
	pool_job_fn job;        /* required */
	void *job_ctx;
	int n_workers;          /* 0: number of online CPUs */
	unsigned timeout_s;     /* wall-clock limit per file (0: 120 s) */
	size_t mem_limit_mb;    /* address-space limit per worker (0: 4096) */
};

struct pool_result {
	char *path;             /* as submitted */
	void *tag;              /* as submitted */
	int ok;                 /* 1: the job succeeded */
	char *data;             /* when ok: the bytes the job produced */
	size_t len;
	char *reason;           /* when !ok: why, for the user */
	double ms;              /* time the worker spent */
};

struct pool *pool_new(const struct pool_opts *opts, struct error **err);
/* Kills and reaps all workers.  Accepts NULL. */
void pool_free(struct pool *p);
int pool_can_submit(const struct pool *p);
int pool_busy(const struct pool *p);
/* Queues path (copied) for extraction.  Returns 0 or -1 with *err. */
int pool_submit(struct pool *p, const char *path, void *tag, struct error **err);
/* Waits for the next finished file.  Returns NULL with *err only when the
 * pool itself fails; a failed file is a result with ok == 0. */
struct pool_result *pool_next(struct pool *p, struct error **err);
void pool_result_free(struct pool_result *r);

#endif
