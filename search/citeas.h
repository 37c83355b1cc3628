/* citeas.h - how a document cites itself: "HR 23 juni 1995,
 * ECLI:NL:HR:1995:AA3911, r.o. 3.2" in Dutch (the Leidraad voor juridische
 * auteurs) and its English counterpart.
 *
 * The formats, court abbreviations and State names come from a data file
 * staff can extend (data/cite-formats.txt; its top documents the format).
 * Load it once with citeas_load() and share the result between threads: it
 * is read-only after loading.
 *
 * Values come from the metadata kindex already recognises (type, court,
 * date, identifier, title); what the metadata lacks (the seat of a Dutch
 * court, the ECtHR formation, the case name, a General Comment's number) is
 * taken from the title or the first page when they say it, else left out
 * with the part of the citation that needs it.
 */
#ifndef KINDEX_CITEAS_H
#define KINDEX_CITEAS_H

#include "base/error.h"

struct citeas;

/* What is known of one document; every field may be NULL or "". */
struct citeas_doc {
	const char *type;       /* "ruling", "un_views", ... */
	const char *court;      /* metadata code: "RBDHA", "ECTHR", "CRC" */
	const char *court_name; /* its name, for a body without an abbreviation */
	const char *date;       /* "YYYY", "YYYY-MM" or "YYYY-MM-DD" */
	const char *ident;      /* ECLI, UN symbol, application number */
	const char *title;
	const char *seat;       /* zittingsplaats, when the metadata has it */
	const char *formation;  /* "Grand Chamber", "Chamber", "Committee" */
	const char *case_name;  /* "D.D. v. Spain" */
	const char *page1;      /* the first page's text, for what the rest lacks */
};

/* A pinpoint: the paragraph ("4.3", "45") when known, else the page. */
struct citeas_pin {
	const char *para;       /* NULL or "" when not known */
	int page;               /* 0: none */
};

/* Reads the formats from path (NULL: the data file shipped with kindex).
 * Returns NULL with *err when the file is missing or a line is malformed
 * (the message names the line). */
struct citeas *citeas_load(const char *path, struct error **err);
void citeas_free(struct citeas *c);

/* The citation of d in lang ("nl" or "en"; anything else is "en"), with the
 * pinpoint pin when not NULL.  Returns malloc()ed UTF-8 text, never NULL. */
char *citeas_format(const struct citeas *c, const struct citeas_doc *d, const char *lang,
		    const struct citeas_pin *pin);

/* The citation of document id of the index db (its metadata and first
 * page), in lang, with pin when not NULL.  malloc()ed, or NULL with *err
 * (ERR_NOTFOUND when there is no such document). */
struct search_db;
char *citeas_doc(const struct citeas *c, struct search_db *db, unsigned id, const char *lang,
		 const struct citeas_pin *pin, struct error **err);

/* What citeas_doc() reads of document id, read once for several citations
 * (both languages, each passage of a hit): d is ready for citeas_format()
 * between citeas_src_open() (0, or -1 with *err) and citeas_src_close(). */
struct docdata;
struct citeas_src {
	struct citeas_doc d;
	struct docdata *dd;     /* owned (NULL from citeas_src_from()) */
	char *page1;            /* owned */
	char case_buf[400];
};
int citeas_src_open(struct citeas_src *src, struct search_db *db, unsigned id, struct error **err);
/* The same from a document's data read already (borrowed: dd must outlive
 * src, and citeas_src_close() leaves it open).  Returns 0. */
int citeas_src_from(struct citeas_src *src, struct docdata *dd);
void citeas_src_close(struct citeas_src *src);

/* A date "YYYY-MM-DD" written out: "8 juni 2023" / "8 June 2023" ("YYYY-MM":
 * "juni 2023"; "YYYY": "2023"; anything else as it is).  malloc()ed. */
char *citeas_date(const char *date, const char *lang);

#endif
