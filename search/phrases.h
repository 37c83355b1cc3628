/* phrases.h - the multi-word terms of the synonym list and the glossary,
 * indexed as single terms.
 *
 * A phrase of common words ("belang van het kind", "best interests of the
 * child") costs a position check in every document that holds all its
 * words; at 100,000 documents, with the variants and translations a plain
 * query expands to, that is seconds.  So the indexer counts in every
 * document each phrase the data files know and adds one term per phrase it
 * finds (wdf = how often), and the query side searches that term instead
 * of the phrase: the same documents, read from one posting list.
 *
 * A phrase's pattern is what the query side matched before there were such
 * terms: the stems of its words in one language, stopwords left out and the
 * window widened to the phrase's length to cover them (window 0 when no
 * word was left out: adjacent, in order).  Its term is PFX_PHRASE, the
 * window, ':' and the stems without their "Z", e.g. "XK4:belang kind".  A
 * phrase with stopwords also has an exact pattern, all its words adjacent,
 * for when it is typed in quotes: "XK0:belang van het kind".
 *
 * The database metadata META_PHRASES lists the terms whose patterns every
 * document was counted for (one a line, sorted).  The query side uses a
 * term only when it is listed, and the phrase query otherwise (an index
 * made before a phrase was added to the data files, or by an older kindex).
 */
#ifndef KINDEX_PHRASES_H
#define KINDEX_PHRASES_H

#include <stddef.h>

#include "search/analyze.h"
#include "search/schema.h"
#include "search/xapian_c.h"

#define PFX_PHRASE "XK"
#define PHRASE_MAX_TERM 240          /* Xapian's limit is 245 bytes */

struct phrase_pattern {
	char term[PHRASE_MAX_TERM];               /* the index term */
	char stems[ANALYZE_MAX_PHRASE][ANALYZE_MAX_WORD + 8]; /* "Z<stem>", in order */
	size_t n;                                 /* at least 2 */
	unsigned window;                          /* 0: adjacent; else the span */
};

/* The pattern of form (words as analyze_words() splits them) under the
 * Xapian stemmer stem_lang.  With exact, stopwords are kept and the words
 * must be adjacent: the pattern of the quoted phrase "form".  Returns 0, or
 * -1 when form has fewer than two words that count (it is no phrase) or its
 * term would be too long. */
int phrase_pattern(const char *form, const char *stem_lang, int exact, struct phrase_pattern *p);

/* A sorted set of patterns (or, read back from META_PHRASES, of terms only:
 * phrase_set_get() then gives NULL). */
struct phrase_set;

/* The patterns (both kinds) of every phrase a holds, under each of the n
 * stemmers, without repeats.  a may be NULL (an empty set).  Never NULL. */
struct phrase_set *phrase_set_build(const struct analyze *a, const char *const *stemmers,
				    size_t n);
/* The set of the terms listed in text (META_PHRASES's format). */
struct phrase_set *phrase_set_parse(const char *text, size_t len);
void phrase_set_free(struct phrase_set *s);
size_t phrase_set_size(const struct phrase_set *s);
const struct phrase_pattern *phrase_set_get(const struct phrase_set *s, size_t i);
int phrase_set_has(const struct phrase_set *s, const char *term);
/* The terms of s that are also in other (all of them when other is NULL),
 * in META_PHRASES's format (malloc()ed, "" when none). */
char *phrase_set_format(const struct phrase_set *s, const struct phrase_set *other);

/* The patterns of every phrase of analyzer a under the Dutch, English and
 * French stemmers, prepared for counting in documents: what the indexer
 * counts.  Owned by the caller (search/context.h keeps one per process);
 * only read after phrase_counter_new(), so threads may share one.  Never
 * NULL. */
struct phrase_counter;
struct phrase_counter *phrase_counter_new(const struct analyze *a);
void phrase_counter_free(struct phrase_counter *pc);
const struct phrase_set *phrase_counter_set(const struct phrase_counter *pc);

/* Counts every pattern of pc in d (a document whose text has been indexed,
 * with positions) and adds the term of each one found, with wdf =
 * occurrences.  Returns how many terms were added, or -1 with *err. */
int phrases_add_terms(const struct phrase_counter *pc, struct xc_doc *d, struct error **err);

#endif
