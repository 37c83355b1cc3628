/* query_facts.h - the query terms of the facts lawyers filter by:
 * `outcome:violation` (uitkomst:schending), `outcome:"no violation"`,
 * `outcome:inadmissible` (niet-ontvankelijk), `outcome:discontinued`,
 * `state:Spain` (staat:), `area:Strafrecht` (rechtsgebied:).  They become
 * boolean filters on the terms search/docbuild_facts.h stores.  With
 * outcome:violation, an article of the same query (`art:3.1`) means an
 * article found violated, so that `outcome:violation art:3.1` lists the
 * Views that found a violation of art. 3(1). */
#ifndef KINDEX_QUERY_FACTS_H
#define KINDEX_QUERY_FACTS_H

#include <stddef.h>

#include "base/error.h"
#include "base/util.h"

#define QUERY_FACTS_MAX 8

struct query_facts {
	char terms[QUERY_FACTS_MAX][128]; /* full terms: "XOUviolation", "XSTspain" */
	size_t n;
	int violation; /* outcome:violation is among them */
};

/* Copies q into rest without the fact terms, which go to f.  Returns 0, or
 * -1 with *err (ERR_QUERY: an unknown outcome, too many fact terms). */
int query_facts_split(const char *q, struct buf *rest, struct query_facts *f, struct error **err);

/* An article term "XACRC:3.1" as the term of an article found violated
 * ("XVACRC:3.1"), into out (size n; may be art_term itself).  Returns out. */
char *query_facts_violated_term(const char *art_term, char *out, size_t n);

#endif
