/* meta.h - what a document is: type, court or body, date and identifier.
 *
 * The indexer hands over the extracted text of a PDF (struct pdf_text); this
 * module recognises the kind of document (ruling, UN general comment, views,
 * report, ...), the court or body that issued it (a stable code such as
 * "RVS" or "CRC" plus a display name), its date (YYYY-MM-DD, YYYY-MM or
 * YYYY) and its identifier (ECLI, UN symbol, ECtHR application numbers, BWB
 * id).  Staff corrections in sidecar files and folder tables override what
 * the recogniser found.
 *
 * The module's parts: meta_rules.c (the rules file), meta_detect.c
 * (recognition), meta_sidecar.c (staff overrides) and meta.c (what they
 * share); meta_rules.h is their internal header.
 *
 * Conventions:
 * (1) The recognition rules live in a text file (data/meta-rules.txt, whose
 *     top comment documents the format; its courts come from the court list
 *     of the vocabulary, data/courts.txt, named on its "courts" line), loaded
 *     once with meta_rules_load() and released with meta_rules_free().  A
 *     loaded rule set is read-only and may be shared between threads.
 * (2) Every field comes with the way it was found ("ecli-court-code",
 *     "text:page1:'Datum uitspraak'", "sidecar:X.pdf.meta", ...), so that a
 *     wrong value can be traced to the rule or file that produced it.
 * (3) A struct meta owns all its strings; meta_clear() frees them and leaves
 *     the struct zeroed, ready for reuse.  Both members of a field are NULL
 *     when the field is unknown, and both are set otherwise.
 * (4) Functions that can fail take `struct error **err` last and return -1
 *     or NULL (see base/error.h).  Odd or empty text is never a failure:
 *     the fields simply stay unknown.
 * (5) Nothing here prints, exits or keeps global mutable state.
 */
#ifndef KINDEX_META_H
#define KINDEX_META_H

#include <stddef.h>

#include "indexer/pdf_text.h"
#include "base/error.h"
#include "search/vocab.h"

/* The rules file shipped with kindex, relative to the repository root. */
#define META_RULES_DEFAULT_PATH "data/meta-rules.txt"

/* Corrections by staff: NAME.pdf + META_SIDECAR_SUFFIX next to the PDF, or
 * META_TABLE_NAME in the PDF's folder. */
#define META_SIDECAR_SUFFIX ".meta"
#define META_TABLE_NAME "kindex-meta.tsv"

struct meta_field {
	char *value;    /* NULL when unknown */
	char *source;   /* how value was found; NULL when unknown */
};

struct meta {
	struct meta_field type;        /* "ruling", "un_views", ... (see below) */
	struct meta_field court;       /* code: "RVS", "ECTHR", "CRC", ... */
	struct meta_field court_name;  /* display name for court */
	struct meta_field date;        /* YYYY-MM-DD, YYYY-MM or YYYY */
	struct meta_field ident;       /* ECLI, UN symbol, "12345/07; ...", BWB id */
	struct meta_field title;       /* only set by overrides here */
	struct meta_field lang;        /* only set by overrides here */
	/* What lawyers filter by (meta_facts.c): */
	struct meta_field state;       /* "Spain"; "Moldova; Russia" (English names, data/states.txt) */
	struct meta_field outcome;     /* "violation", "no violation", "inadmissible", "discontinued" */
	struct meta_field violated;    /* articles found violated: "3(1); 12; P1-2" */
	struct meta_field formation;   /* ECtHR: "Grand Chamber", "Chamber", "Committee" */
	struct meta_field parties;     /* "D.D."; "Lavida and Others" (as the case is named) */
	struct meta_field area;        /* rechtsgebied: "Bestuursrecht; Vreemdelingenrecht" */
	struct meta_field procedure;   /* "eerste aanleg", "hoger beroep", "cassatie", "voorlopige voorziening" */
	struct meta_field seat;        /* zittingsplaats: "Zwolle" */
};

/* The document types and their labels belong to the vocabulary
 * (search/vocab.h); these names remain for the callers that use them. */
#define meta_types vocab_types
#define meta_type_label vocab_type_label

struct meta_rules;

/* Loads the rules file at path and the court list its "courts" line names
 * (relative to path's folder).  Returns a rule set the caller releases with
 * meta_rules_free(), or NULL with *err: ERR_IO when a file cannot be read,
 * ERR_INPUT naming file and line when a line is malformed (unknown keyword,
 * bad regular expression, unknown type or court code), ERR_NOMEM. */
struct meta_rules *meta_rules_load(const char *path, struct error **err);

/* Releases a rule set.  Accepts NULL. */
void meta_rules_free(struct meta_rules *r);

/* Fills m (which must be zeroed or cleared) from the extracted text and the
 * PDF's own metadata.  path is used only for cues in the file name (an ECLI
 * or BWB id in it, a UN symbol written with dashes) and may be NULL.
 * Returns 0, or -1 with *err on allocation failure (m then holds whatever
 * was found so far and must still be cleared).  Never fails because of odd
 * text. */
int meta_detect(const struct meta_rules *r, const struct pdf_text *t,
		const char *path, struct meta *m, struct error **err);

/* Applies the staff corrections for the PDF at pdf_path: first the rows of
 * the folder table META_TABLE_NAME (columns: file name, field, value) whose
 * file name is the PDF's, then the sidecar pdf_path + META_SIDECAR_SUFFIX
 * (`field: value` lines), so that the sidecar wins.  Fields: type, court,
 * court_name, date, identifier (or ident), title, lang.  The value "-" makes
 * a field unknown.  Overriding court without court_name clears court_name
 * (see meta_fill_court_name()).  Returns the number of distinct fields
 * overridden (0 when there is no override file), or -1 with *err when an
 * override file exists but cannot be read (ERR_IO) or has a malformed line,
 * an unknown field or type, or a malformed date (ERR_INPUT, the message
 * names file and line); m is left unchanged on failure. */
int meta_apply_overrides(const char *pdf_path, struct meta *m, struct error **err);

/* Writes into buf (size n, always NUL-terminated when n > 0) a fingerprint of
 * the override entries applying to pdf_path: a hash of the sidecar's bytes
 * and of the table rows for this PDF.  "" when there are none.  Compare it
 * with the stored one to notice a changed correction without re-extracting
 * the PDF.  64 bytes are always enough.  Cannot fail. */
void meta_overrides_fingerprint(const char *pdf_path, char *buf, size_t n);

/* When m has a court code but no court name, looks the code up in the rules
 * and sets court_name (source "rule:court CODE").  Returns 0, or -1 with
 * *err on allocation failure. */
int meta_fill_court_name(const struct meta_rules *r, struct meta *m, struct error **err);

/* Frees all fields of m and leaves it zeroed.  Accepts NULL. */
void meta_clear(struct meta *m);

/* The display name of court code in lang ("nl": the Dutch name where the
 * court list gives one, as in "UN Committee on the Rights of the Child |
 * VN-Kinderrechtencomité"; else the name documents store).  NULL for a code
 * the rules don't define or a NULL r.  Valid as long as r; cannot fail.
 * The same as vocab_court_label() on the court list the rules read. */
const char *meta_court_label(const struct meta_rules *r, const char *code, const char *lang);

#endif
