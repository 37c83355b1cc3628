/* vocab.h - the one vocabulary: the codes kindex stores and the labels
 * people read for them, in Dutch and English.
 *
 * Two kinds of vocabulary live here:
 * - Courts and bodies come from a data file (data/courts.txt,
 *   VOCAB_COURTS_FILE), one line per court: `court CODE TYPE DISPLAY`, where TYPE is the
 *   document type the court usually issues ('-' for none) and DISPLAY is
 *   'name' or 'English name | Dutch name'.  Documents store the first name;
 *   the Dutch interface shows the second.  The indexer's rule file
 *   (data/meta-rules.txt) takes its courts from the same file, so detection,
 *   the pages and the server agree on every code and name.
 * - Fixed sets that the code itself branches on (document types, document
 *   languages, instruments and their titles, months) are tables in
 *   vocab.c: a new type or instrument needs code anyway.  CRC article
 *   titles stay with the citation recogniser (cite_crc_article_title() in
 *   search/cite.h).
 *
 * Conventions:
 * (1) A struct vocab is built once (vocab_load(), or vocab_new() and
 *     vocab_read()/vocab_parse_court() line by line) and then only read: it
 *     may be shared between threads.  vocab_free() releases it.
 * (2) Label functions take lang "nl" for Dutch (compared on the first two
 *     letters, case ignored); anything else, NULL included, gives English.
 *     Returned strings are static or owned by the vocab and valid as long
 *     as it is.
 * (3) Functions that can fail take `struct error **err` last and return -1
 *     or NULL (see base/error.h).  Nothing here prints or keeps global
 *     mutable state.
 */
#ifndef KINDEX_VOCAB_H
#define KINDEX_VOCAB_H

#include <stddef.h>

#include "base/error.h"

/* The court list shipped with kindex, a file name in the data directory
 * (util_data_path()). */
#define VOCAB_COURTS_FILE "courts.txt"

/* The document types, in the order facets list them.  NULL-terminated,
 * static storage. */
extern const char *const vocab_types[];

/* 1 when s is one of vocab_types. */
int vocab_is_type(const char *s);

/* Display label of a document type: "ruling" -> "Uitspraak" / "Ruling".
 * Unknown or NULL types give "Overig" / "Other".  Never NULL. */
const char *vocab_type_label(const char *type, const char *lang);

/* Name of a document language code ("nl" -> "Nederlands" / "Dutch");
 * unknown codes give "Overig" / "Other".  Never NULL. */
const char *vocab_lang_label(const char *code, const char *lang);

/* Short name of an instrument code as lawyers write it ("CRC" -> "IVRK" /
 * "CRC", "VW2000" -> "Vw 2000" / "Aliens Act 2000").  NULL for a code not
 * in the table (the ECHR protocols "ECHR-P1".. are composed by the caller). */
const char *vocab_instrument_label(const char *code, const char *lang);

/* Full title of an instrument ("OPSC" -> "Optional Protocol on the sale of
 * children, child prostitution and child pornography"); NULL for a code
 * without one (today the CRC's three Optional Protocols have one). */
const char *vocab_instrument_title(const char *code, const char *lang);

/* Name of month 1..12 ("mei" / "May"); NULL outside that range. */
const char *vocab_month_name(int month, const char *lang);

struct vocab_court {
	char *code;      /* "RVS", "CRC", ... */
	char *type;      /* usual document type, or NULL */
	char *name;      /* the name documents store */
	char *name_nl;   /* Dutch name, or NULL when it is name */
};

struct vocab;

/* An empty vocabulary, or NULL with *err (ERR_NOMEM). */
struct vocab *vocab_new(struct error **err);

/* Reads the court lines of the file at path into v ('#' comment lines and
 * blank lines are skipped; any other keyword is an error).  Returns 0, or
 * -1 with *err: ERR_IO when the file cannot be read, ERR_INPUT naming file
 * and line for a malformed line, ERR_NOMEM.  v keeps the courts read before
 * a failure. */
int vocab_read(struct vocab *v, const char *path, struct error **err);

/* vocab_new() and vocab_read(): the courts of the file at path, or NULL
 * with *err. */
struct vocab *vocab_load(const char *path, struct error **err);

/* Adds one court from args, the words after the keyword "court": "CODE
 * TYPE DISPLAY".  args is modified.  Returns 0, or -1 with a static reason
 * in *why ("out of memory" when allocation failed). */
int vocab_parse_court(struct vocab *v, char *args, const char **why);

/* Releases v.  Accepts NULL. */
void vocab_free(struct vocab *v);

/* Number of courts, and court i (0 <= i < vocab_n_courts(v)). */
size_t vocab_n_courts(const struct vocab *v);
const struct vocab_court *vocab_court_at(const struct vocab *v, size_t i);

/* Index of court code, or -1 when v (which may be NULL) does not know it. */
long vocab_court_index(const struct vocab *v, const char *code);

/* Display name of court code in lang (the Dutch name where the file gives
 * one), or NULL for a code v does not define or a NULL v. */
const char *vocab_court_label(const struct vocab *v, const char *code, const char *lang);

/* States (parties to the Convention, respondents before the ECtHR): lines
 * `state English name | Dutch name | alias; alias` in a vocabulary file
 * (data/states.txt, included from courts.txt by an `include states.txt`
 * line).  Documents store the English name; aliases (adjectives, French
 * names) are what the recogniser also looks for. */
struct vocab_state {
	char *name;      /* "Spain" */
	char *name_nl;   /* "Spanje" */
	char **aliases;  /* NULL-terminated; the first is name */
	unsigned procs;  /* bit i: party to procedure i (see below); 0: no tags given */
};

/* Complaints procedures: `procedure TAG COURT` lines (before the states that
 * use TAG) say which court or body hears the complaints of a procedure
 * ("procedure opic CRC"); a state line's fourth field lists the tags of the
 * procedures the State is party to (`state Spain | Spanje | Spanish |
 * opic ccpr cedaw coe`).  A case before COURT can only be against a State
 * party to its procedure.  At most VOCAB_MAX_PROCS procedures. */
#define VOCAB_MAX_PROCS 16
int vocab_parse_procedure(struct vocab *v, char *args, const char **why);
/* Bit of procedure TAG (case ignored), or 0 when v does not know it. */
unsigned vocab_procedure_bit(const struct vocab *v, const char *tag);
/* 1 when state i can be the State party of a case before court: court has
 * no procedure, or the state line gave no tags (the old three-field
 * format), or the State is party to court's procedure.  NULL court: 1. */
int vocab_state_party_before(const struct vocab *v, size_t i, const char *court);

/* Adds one state from args (the words after the keyword "state"):
 * "English | Dutch [| aliases [| procedure tags]]"; args is modified.
 * Returns 0, or -1 with a static reason in *why. */
int vocab_parse_state(struct vocab *v, char *args, const char **why);
size_t vocab_n_states(const struct vocab *v);
const struct vocab_state *vocab_state_at(const struct vocab *v, size_t i);
/* Index of a state by its English name (case ignored), or -1. */
long vocab_state_index(const struct vocab *v, const char *name);
/* Label of a stored state name: Dutch in "nl"; name itself when unknown. */
const char *vocab_state_label(const struct vocab *v, const char *name, const char *lang);

/* Outcomes of a case as stored ("violation", "no violation", "inadmissible",
 * "discontinued"), NULL-terminated, and their labels ("schending", ...). */
extern const char *const vocab_outcomes[];
const char *vocab_outcome_label(const char *code, const char *lang);
/* ECtHR formations as stored ("Grand Chamber", "Chamber", "Committee") and
 * their labels ("Grote Kamer", ...).  Unknown codes give the code. */
const char *vocab_formation_label(const char *code, const char *lang);

#endif
