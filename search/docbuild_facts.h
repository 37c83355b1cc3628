/* docbuild_facts.h - the facts lawyers filter by, as the builder stores
 * them (indexer/meta.h: state, outcome, violated articles, formation,
 * parties, area, procedure, seat).
 *
 * Each known fact goes into the document's metadata JSON ("meta": {"state":
 * {"value", "source"}, ...}); state, outcome, area and the violated
 * articles also become boolean terms (search/schema.h PFX_STATE ...), and
 * state, outcome and area become facet sections appended to the packed
 * facet value.  Term values are lower case with '_' for spaces
 * ("XSTczech_republic", "XOUno_violation", "XARbestuursrecht"); violated
 * articles use the article keys of the XA terms ("XVACRC:3.1" and its
 * parent "XVACRC:3"; ECtHR "XVAECHR:14", "XVAECHR-P1:2"). */
#ifndef KINDEX_DOCBUILD_FACTS_H
#define KINDEX_DOCBUILD_FACTS_H

#include <json-c/json.h>

#include "base/error.h"
#include "base/util.h"
#include "search/docbuild.h"

struct xc_doc;

/* The facet sections docbuild_facts() appends, after the five of
 * search/schema.h (type, court, year, lang, articles). */
enum { FACT_SECTION_STATE = 5, FACT_SECTION_OUTCOME = 6, FACT_SECTION_AREA = 7 };

/* Writes a fact value as a term value (lower case, '_' for spaces) into
 * out (size n).  Returns out. */
char *docbuild_fact_term(const char *value, char *out, size_t n);

/* Adds the facts of in to d (terms), facets (sections, each preceded by
 * FACET_SECTION_SEP) and jm (the "meta" JSON object).  Returns 0, or -1
 * with *err. */
int docbuild_facts(struct xc_doc *d, const struct docbuild_input *in, struct buf *facets,
		   struct json_object *jm, struct error **err);

#endif
