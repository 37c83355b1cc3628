/* distinct - gives every document of an index its own collapse key.
 *
 * bench/growth measures a corpus larger than the one it extracted by
 * merging K copies of an index with xapian-compact.  The copies would
 * collapse into one result each (same identifier, same content hash) and
 * every match would tie with K - 1 others, which no real archive does; this
 * appends the document id to each document's collapse key (VAL_DUPKEY), so
 * that the merged index searches like K times as many different documents.
 * Only values are rewritten; terms, positions and page texts stay.
 *
 * usage: build/distinct DB */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/schema.h"
#include "base/util.h"
#include "search/xapian_c.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: distinct DB\n");
		return 2;
	}
	struct error *err = NULL;
	struct xc_writer *w = xc_writer_open(argv[1], &err);
	if (w == NULL) {
		fprintf(stderr, "distinct: %s\n", err->msg);
		return 1;
	}
	struct xc_reader *r = xc_writer_reader(w);
	xc_docid last = xc_reader_lastdocid(r);
	unsigned changed = 0;
	for (xc_docid id = 1; id <= last; id++) {
		size_t len = 0;
		char *key = xc_reader_value(r, id, VAL_DUPKEY, &len, NULL);
		if (key == NULL)
			continue;  /* no such document */
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s#%u", key, id);
		free(key);
		if (xc_writer_set_value(w, id, VAL_DUPKEY, b.s, b.len, &err) < 0) {
			fprintf(stderr, "distinct: document %u: %s\n", id, err->msg);
			buf_free(&b);
			xc_writer_close(w);
			return 1;
		}
		buf_free(&b);
		if (++changed % 20000 == 0 && xc_writer_commit(w, &err) < 0) {
			fprintf(stderr, "distinct: %s\n", err->msg);
			xc_writer_close(w);
			return 1;
		}
	}
	xc_writer_close(w);
	printf("%u documents given their own collapse key\n", changed);
	return 0;
}
