/* describe.h - what a file is, told to the builder (search/docbuild.h).
 *
 * From a PDF's extracted text and the metadata rules: its language, its
 * metadata (indexer/meta.h, with the staff's sidecar corrections) and its
 * title, gathered in a struct describe that fills a docbuild_input. */
#ifndef KINDEX_DESCRIBE_H
#define KINDEX_DESCRIBE_H

#include "indexer/meta.h"
#include "indexer/pdf_text.h"
#include "search/docbuild.h"
#include "search/docdata.h"

struct describe {
	struct docbuild_input in; /* what docbuild() takes; borrows from below */
	struct meta m;
	char *title;
	char fingerprint[160];
};

/* Describes the file at path (size, mtime, content hash given) with text t,
 * which must outlive d.  A problem that does not stop indexing (a malformed
 * sidecar) is returned in *warning (malloc()ed) and the file is described
 * without it.  Returns 0, or -1 with *err; describe_clear() either way. */
int describe_file(struct describe *d, const struct meta_rules *rules, const char *path,
		  long long size, long long mtime, const char *hash, const struct pdf_text *t,
		  char **warning, struct error **err);
void describe_clear(struct describe *d);

/* Recreates the extracted text (pages and the PDF's own title) from a
 * stored document, so it can be described again without poppler. */
struct pdf_text *describe_text_from_store(struct docdata *dd);

/* The title a description chooses when no correction names one: the PDF's
 * own title when meaningful, else the first heading-like line of the first
 * page, else the file name.  *source says which.  Returns malloc()ed text. */
char *describe_title(const struct pdf_text *t, const char *path, const char **source);

#endif
