/* index.h - a run of the indexer: files in, documents out.
 *
 * The command-line front end (cli/index_cmd.c) parses the options into a
 * struct index_opts and calls index_run(), which walks the paths, extracts
 * new and changed PDFs in a pool of worker processes, hands the documents
 * to the index (search/index_write.h), removes those whose file is gone,
 * and prints its progress (stderr, on a terminal) and summary (stdout). */
#ifndef KINDEX_INDEX_H
#define KINDEX_INDEX_H

#include <stddef.h>

struct index_opts {
	const char *db_dir;         /* the index folder; created when missing */
	int jobs;                   /* worker processes (0: one per core) */
	unsigned timeout_s;         /* per PDF (0: the pool's default) */
	unsigned long mem_limit_mb; /* per worker (0: the pool's default) */
	size_t batch_docs;          /* documents per transaction (0: 500) */
	int quiet;                  /* no progress line */
	int no_compact;             /* never compact after the run */
	int follow_symlinks;        /* follow links, to files under the given folders only */
	int group_read;             /* the index readable by the group (0750/0640), not private */
	int no_ocr;                 /* pages without text stay without (no OCR) */
	unsigned ocr_timeout_s;     /* per page read by OCR (0: 60) */
};

/* Indexes the files and folders paths[0..n).  Returns the process exit
 * status: 0 success, 1 some files failed, 2 fatal failure, 130 stopped by
 * SIGINT/SIGTERM (at a batch boundary). */
int index_run(const struct index_opts *o, char *const *paths, size_t n);

#endif
