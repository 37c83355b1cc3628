/* ocr.h - text of page images through libtesseract, and a cache of it.
 *
 * The only module that includes tesseract or leptonica headers.  The
 * indexer configures OCR once (ocr_configure) before its workers fork;
 * each worker creates one tesseract engine on the first page it must read
 * and keeps it for every later page and file (loading the Dutch and
 * English models takes longer than reading a page).  The engine runs one
 * thread: OpenMP is held to one thread per worker, as several workers each
 * running tesseract's own threads on the same cores make it far slower.
 *
 * The cache keeps what OCR read of a page, keyed by the file's content hash
 * and the page number, as one small file per page beside the index
 * (DB.ocr-cache/ab/<hash>-<page>), so that re-runs, metadata corrections and
 * re-indexing never read a page twice.  A page that failed is cached as
 * failed, with its reason, so a poisoned page is not retried on every run.
 *
 * Ownership: strings returned are malloc()ed and belong to the caller;
 * ocr_configure copies what it is given.
 */
#ifndef KINDEX_OCR_H
#define KINDEX_OCR_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"
#include "base/util.h"

struct ocr_config {
	int enabled;            /* 0: no page is read by OCR (--no-ocr) */
	const char *cache_dir;  /* NULL: no cache */
	const char *langs;      /* tesseract languages; NULL: "nld+eng" */
	unsigned page_ms;       /* time limit per page; 0: 60000 */
	unsigned file_ms;       /* OCR time one file may use; 0: no limit */
	int dpi;                /* 0: 300 */
};

/* Copies c into the process's OCR settings (inherited by forked workers). */
void ocr_configure(const struct ocr_config *c);
/* The indexer's settings: the cache in DB_DIR.ocr-cache beside the index
 * (compaction replaces the index's own folder), or where
 * $KINDEX_OCR_CACHE says; page_s seconds a page; OCR may use 70 % of the
 * worker's file_s seconds a file, leaving the rest for a later run. */
void ocr_configure_index(const char *db_dir, int enabled, unsigned page_s, unsigned file_s);
/* The settings in force (never NULL; OCR is disabled until configured). */
const struct ocr_config *ocr_settings(void);

/* Reads the text of an 8-bit grey image (0 black, 255 white), width w,
 * height h, stride bytes per row, at dpi.  Returns malloc()ed UTF-8 text
 * and tesseract's mean word confidence (0-100) in *conf, or NULL with *err
 * (the page's time limit passed, the engine could not start).  The engine
 * is created on first use and kept. */
char *ocr_image(const unsigned char *gray, int w, int h, int stride, int dpi, int *conf,
		struct error **err);

/* Creates the engine now (ocr_image does when needed), so that processes
 * forked later share it.  0, or -1 with *err. */
int ocr_start(struct error **err);

/* Releases the engine (a later ocr_image creates it again). */
void ocr_shutdown(void);

/* The cache.  ocr_cache_get returns the cached text of page (1-based) of
 * the file with content hash, with *conf its confidence, or NULL when the
 * page is not cached; a page cached as failed returns NULL with *failed
 * set to the reason (malloc()ed).  ocr_cache_put records text (conf >= 0)
 * or a failure (text is the reason, conf -1); written atomically. */
char *ocr_cache_get(const char *dir, const char *hash, int page, int *conf, char **failed);
int ocr_cache_put(const char *dir, const char *hash, int page, const char *text, int conf,
		  struct error **err);

/* What OCR did for one file, sent from the worker to the indexer. */
struct ocr_stats {
	unsigned pages;         /* pages whose text comes from OCR */
	unsigned recognised;    /* of those, read now (not from the cache) */
	unsigned failed;        /* pages that needed OCR and got none */
	unsigned pending;       /* pages left for a later run (OCR off, or the
				 * file's OCR time ran out) */
	double ms;              /* time spent rendering and recognising */
	char *failures;         /* "page 3: reason; page 9: reason" or NULL; owned */
};

/* Adds the counts of s to sum. */
void ocr_stats_add(struct ocr_stats *sum, const struct ocr_stats *s);
/* Prints the summary line "OCR: ..." of a run with the settings in force. */
void ocr_print_summary(FILE *f, const struct ocr_stats *sum);

/* Appends s to out (u32 pages, recognised, failed, pending; f64 ms;
 * u32+bytes failures). */
void ocr_stats_put(struct buf *out, const struct ocr_stats *s);
/* Takes the record off *p (advancing it); 0, or -1 when too short.
 * s->failures is malloc()ed (NULL when none). */
int ocr_stats_take(const char **p, const char *end, struct ocr_stats *s);

#endif
