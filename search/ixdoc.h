/* ixdoc.h - what a built document is, inside search/ only: the Xapian
 * document the builder (docbuild.c) made and the writer (index_write.c)
 * stores.  Everyone else holds a struct ix_doc * as an opaque handle. */
#ifndef KINDEX_IXDOC_H
#define KINDEX_IXDOC_H

#include "search/xapian_c.h"

struct ix_doc {
	struct xc_doc *d; /* owned */
};

#endif
