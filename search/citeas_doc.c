/* citeas_doc.c - the citation of a document of the index (see citeas.h):
 * the glue between the stored metadata and citeas_format(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "search/citeas.h"
#include "search/docdata.h"
#include "search/search.h"

#define PAGE1_MAX 6000 /* bytes of the first page looked at (the header) */

int citeas_src_open(struct citeas_src *src, struct search_db *db, unsigned id, struct error **err)
{
	struct docdata *dd = xcalloc(1, sizeof(*dd));
	if (search_doc_load(db, id, dd, err) < 0) {
		free(dd);
		memset(src, 0, sizeof(*src));
		return -1;
	}
	citeas_src_from(src, dd);
	src->dd = dd;
	return 0;
}

int citeas_src_from(struct citeas_src *src, struct docdata *dd)
{
	memset(src, 0, sizeof(*src));
	const char *text = NULL;
	size_t len = 0;
	if (docdata_page(dd, 1, &text, &len) == 0 && text != NULL) {
		if (len > PAGE1_MAX)
			len = PAGE1_MAX;
		src->page1 = xstrndup(text, len);
	}
	const char *title = docdata_meta(dd, "title");
	/* The case name: the parties against the State ("Y.B. v. Belgium"),
	 * when the metadata names them apart. */
	const char *parties = docdata_meta(dd, "parties"), *state = docdata_meta(dd, "state");
	if (*parties && *state && strstr(parties, " v. ") == NULL) {
		snprintf(src->case_buf, sizeof(src->case_buf), "%s v. %s", parties, state);
		parties = src->case_buf;
	}
	src->d = (struct citeas_doc){
		.type = docdata_meta(dd, "type"),
		.court = docdata_meta(dd, "court"),
		.court_name = docdata_meta(dd, "court_name"),
		.date = docdata_meta(dd, "date"),
		.ident = docdata_meta(dd, "ident"),
		.title = *title ? title : docdata_str(dd, "title"),
		.seat = docdata_meta(dd, "seat"),
		.formation = docdata_meta(dd, "formation"),
		.case_name = parties,
		.page1 = src->page1,
	};
	return 0;
}

void citeas_src_close(struct citeas_src *src)
{
	if (src->dd) {
		docdata_close(src->dd);
		free(src->dd);
	}
	free(src->page1);
	memset(src, 0, sizeof(*src));
}

char *citeas_doc(const struct citeas *c, struct search_db *db, unsigned id, const char *lang,
		 const struct citeas_pin *pin, struct error **err)
{
	struct citeas_src src;
	if (citeas_src_open(&src, db, id, err) < 0)
		return NULL;
	char *out = citeas_format(c, &src.d, lang, pin);
	citeas_src_close(&src);
	return out;
}
