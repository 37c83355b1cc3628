/* meta_rules.h - the insides of the metadata recogniser, shared by its
 * parts and by nothing else: meta_rules.c reads the rules file into struct
 * meta_rules, meta_detect.c applies them to a document, meta_sidecar.c
 * applies staff overrides, and meta.c holds what they all use (text
 * normalisation, the fields of struct meta).  The public interface is
 * meta.h.
 *
 * Conventions: as in meta.h.  A struct meta_rules owns all its strings and
 * compiled patterns; the court list is a struct vocab (search/vocab.h), and
 * rules refer to a court by its index in that list.
 */
#ifndef KINDEX_META_RULES_H
#define KINDEX_META_RULES_H

#include <ctype.h>
#include <regex.h>
#include <stddef.h>

#include "indexer/meta.h"
#include "search/vocab.h"

/* Regions of a document that a rule may look in (the WHERE of the rules
 * file; meta_detect.c sets their sizes). */
enum where { WHERE_TOP, WHERE_HEAD, WHERE_FRONT, WHERE_END };

struct name_rule { size_t court; char *phrase; };
struct ecli_rule { char *cc_court; size_t court; };
struct ident_rule {
	char *kind, *type;
	long court;           /* index into courts, -1 for none */
	regex_t re;
	char *tmpl;           /* NULL: whole match */
	int compiled;         /* re must be regfree()d */
};
struct instrument_rule { char *id, *type, *date; size_t court; };
struct cue_rule { char *type; int weight; enum where where; char *phrase; };
struct label_rule { int is_date; enum where where; char *phrase; };
struct session_rule { char *prefix; int first, year, per; };   /* per 0: symbolyear */
struct month_rule { int month; char *word; };
/* The rules for the facts lawyers filter by (meta_facts.c): see the top
 * comment of data/meta-rules.txt for each keyword. */
enum fact_kind {
	FACT_OPERATIVE, FACT_OUTCOME, FACT_VIOLATED, FACT_FORMATION, FACT_LABEL,
	FACT_PROCEDURE, FACT_AREA, FACT_PARTIES, FACT_RESPONDENT, FACT_STATECUE,
	FACT_AREANAME,
};
struct fact_rule {
	enum fact_kind kind;
	char *scope;   /* court code (CRC, ECTHR), or the field of a label rule */
	char *value;   /* the value the rule gives, or NULL */
	int weight;
	char *phrase;  /* flattened */
};

#define VEC(T) struct { T *v; size_t n, cap; }

struct meta_rules {
	struct vocab *courts;           /* courts and bodies (search/vocab.h) */
	VEC(struct name_rule) names;
	VEC(struct ecli_rule) eclis;
	VEC(struct ident_rule) idents;
	VEC(struct instrument_rule) instruments;
	VEC(struct cue_rule) cues;
	VEC(struct label_rule) labels;
	VEC(struct session_rule) sessions;
	VEC(struct month_rule) months;
	VEC(struct fact_rule) facts;
};

/* Recognises state, outcome, violated articles, formation, parties (UN
 * views, ECtHR), area, procedure and seat (Dutch rulings) in t, once type,
 * court and identifier of m are known (meta_facts.c).  Returns 0, or -1
 * with *err (ERR_NOMEM). */
int meta_detect_facts(const struct meta_rules *r, const struct pdf_text *t, struct meta *m,
		      struct error **err);

/* Parses the fact keywords of the rules file (kw and the rest of the line
 * s).  Returns 1 when kw is one of them and the line was taken, 0 when kw
 * is not a fact keyword, -1 with a static reason in *why. */
int meta_parse_fact_rule(struct meta_rules *r, const char *kw, char *s, const char **why);

/* Makes room for one more element of a VEC; returns its address (zeroed) or
 * NULL when memory runs out. */
void *meta_vec_push(void **v, size_t *n, size_t *cap, size_t size);
#define PUSH(vec) meta_vec_push((void **)&(vec).v, &(vec).n, &(vec).cap, sizeof(*(vec).v))

/* Index of court code in the rules' court list, or -1. */
static inline long meta_court_index(const struct meta_rules *r, const char *code)
{
	return vocab_court_index(r->courts, code);
}

/* Court ci of the rules (an index meta_court_index() gave). */
static inline const struct vocab_court *meta_court_at(const struct meta_rules *r, long ci)
{
	return vocab_court_at(r->courts, (size_t)ci);
}

/* 1 for a byte that belongs to a word: ASCII letters and digits, and every
 * byte of a UTF-8 sequence. */
static inline int meta_is_word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* Returns a malloc()ed copy of s[0..len) with whitespace runs (including
 * no-break and thin spaces) as one space, curly quotes as ASCII quotes and
 * dashes as '-', without leading space.  NULL on allocation failure. */
char *meta_flatten(const char *s, size_t len);

/* 1 when s is a date as the rules and overrides write it: YYYY, YYYY-MM or
 * YYYY-MM-DD with a month of 1..12 and a day of 1..31. */
int meta_is_iso_date(const char *s);

/* Frees f's strings and leaves it unknown. */
void meta_field_clear(struct meta_field *f);

/* Sets f to copies of value and the printf-formatted source.  Returns 0, or
 * -1 with *err (ERR_NOMEM; f unchanged). */
int meta_field_set(struct meta_field *f, struct error **err, const char *value,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
