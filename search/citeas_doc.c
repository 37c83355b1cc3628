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

char *citeas_doc(const struct citeas *c, struct search_db *db, unsigned id, const char *lang,
		 const struct citeas_pin *pin, struct error **err)
{
	struct docdata dd;
	if (search_doc_load(db, id, &dd, err) < 0)
		return NULL;
	const char *text = NULL;
	size_t len = 0;
	char *page1 = NULL;
	if (docdata_page(&dd, 1, &text, &len) == 0 && text != NULL) {
		if (len > PAGE1_MAX)
			len = PAGE1_MAX;
		page1 = xstrndup(text, len);
	}
	const char *title = docdata_meta(&dd, "title");
	/* The case name: the parties against the State ("Y.B. v. Belgium"),
	 * when the metadata names them apart. */
	const char *parties = docdata_meta(&dd, "parties"), *state = docdata_meta(&dd, "state");
	char case_buf[400];
	if (*parties && *state && strstr(parties, " v. ") == NULL) {
		snprintf(case_buf, sizeof(case_buf), "%s v. %s", parties, state);
		parties = case_buf;
	}
	struct citeas_doc d = {
		.type = docdata_meta(&dd, "type"),
		.court = docdata_meta(&dd, "court"),
		.court_name = docdata_meta(&dd, "court_name"),
		.date = docdata_meta(&dd, "date"),
		.ident = docdata_meta(&dd, "ident"),
		.title = *title ? title : docdata_str(&dd, "title"),
		.seat = docdata_meta(&dd, "seat"),
		.formation = docdata_meta(&dd, "formation"),
		.case_name = parties,
		.page1 = page1,
	};
	char *out = citeas_format(c, &d, lang, pin);
	free(page1);
	docdata_close(&dd);
	return out;
}
