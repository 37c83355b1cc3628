/* query_cite.h - citations typed into the search box.
 *
 * A lawyer types "art. 3 lid 1 IVRK verblijfsvergunning", "article 3(1) CRC",
 * "General Comment No. 14", "GC 14" or "ECLI:NL:RVS:2019:1234".  The
 * recogniser that reads documents (search/cite.h) reads the query: article
 * citations become article filters, document citations known items, and
 * what is left are the words.  A thin adapter until cite.h offers one.
 */
#ifndef KINDEX_QUERY_CITE_H
#define KINDEX_QUERY_CITE_H

#include <stddef.h>

#include "base/error.h"
#include "base/util.h"

#define QUERY_CITE_MAX 8

struct query_cites {
	char specs[QUERY_CITE_MAX][64];   /* article specs, "CRC:3.1.b" */
	size_t n_specs;
	char idents[QUERY_CITE_MAX][64];  /* canonical identifiers (ident.h), or
	                                   * "COMM:12/2017" for a communication
	                                   * number (the Views' symbol ends in
	                                   * "/D/12/2017") */
	size_t n_idents;
	char label_nl[512], label_en[512]; /* "art. 3 lid 1 IVRK", "art. 3(1) CRC",
	                                   * and the identifiers, joined by " + " */
};

/* Reads the citations in q (UTF-8, NUL-terminated) into *out and appends
 * q without them to rest.  Only articles of the CRC, its protocols and the
 * ECHR become filters; other instruments stay words.  Returns 0: nothing
 * here fails (base/error.h (5)); err stays only until the caller in
 * search/search.c stops passing it. */
int query_cites_read(const char *q, struct buf *rest, struct query_cites *out,
		     struct error **err);

#endif
