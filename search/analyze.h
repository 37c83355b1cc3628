/* analyze.h - the language knowledge kindex adds to Xapian's stemming:
 * Dutch compound splitting, synonyms and abbreviations, and a bilingual
 * (Dutch <-> English) glossary of children's-rights terms.
 *
 * The knowledge lives in data files staff can extend without recompiling
 * (each documents its format at its top):
 *   synonyms.txt    groups of equivalent terms ("ivrk = crc = vrk")
 *   glossary.tsv    Dutch TAB English, variants separated by "|"
 *   dutch-parts.txt words Dutch compounds are built from (derived from the
 *                   OpenTaal word list by data/make-dutch-parts.py)
 * found through util_data_path(); a missing file only disables its part.
 *
 * Conventions:
 * (1) Words are UTF-8, lower case (analyze_words() folds ASCII), without
 *     spaces; phrases are words joined by single spaces.
 * (2) A struct analyze is read-only after analyze_open() and may be shared
 *     by threads.  Every string it returns is borrowed and lives until
 *     analyze_free().
 */
#ifndef KINDEX_ANALYZE_H
#define KINDEX_ANALYZE_H

#include <stddef.h>

#include "base/error.h"

#define ANALYZE_MAX_WORD 64      /* bytes of one word, with the NUL */
#define ANALYZE_MAX_PARTS 8      /* parts of one compound */
#define ANALYZE_MAX_PHRASE 10    /* words of one synonym or glossary entry */
#define ANALYZE_MIN_COMPOUND 10  /* shorter words are never split */
/* Term prefix of the words inside Dutch compounds, as the indexer adds
 * them (unstemmed, lower case: "XPhereniging"); upper case, so passages
 * are not chosen by them. */
#define ANALYZE_PFX_PART "XP"

struct analyze;

/* Loads the data files from dir (NULL: the data folder, util_data_path()).
 * Missing files are not an error; a file that cannot be read or a line
 * that cannot be understood is ERR_INPUT naming file and line.  Returns the
 * analyzer or NULL with *err. */
struct analyze *analyze_open(const char *dir, struct error **err);
/* The same, but read from a compiled copy in the file cache_path when that
 * holds one made from data files of exactly the same bytes, and otherwise
 * loaded as analyze_open() does and compiled into cache_path (written
 * atomically; a failure to write is ignored).  cache_path NULL: as
 * analyze_open().  A copy from other files, of another format or damaged
 * is never used. */
struct analyze *analyze_open_cached(const char *dir, const char *cache_path, struct error **err);
/* (The analyzer of the data folder that a process shares is kept by its
 * context, search/context.h.) */

/* Releases a. Accepts NULL. */
void analyze_free(struct analyze *a);

/* Sizes of what was loaded: synonym/glossary groups and compound parts. */
size_t analyze_n_groups(const struct analyze *a);
size_t analyze_n_parts(const struct analyze *a);

/* Splits text into words as a user types them: runs of letters and digits
 * (bytes >= 0x80 count as letters), ASCII folded to lower case; an
 * apostrophe between letters stays ("children's"); hyphens and other
 * punctuation separate.  Over-long words are cut to
 * ANALYZE_MAX_WORD - 1 bytes (on a UTF-8 boundary).  Returns how many words
 * were stored (at most max).  Never fails. */
size_t analyze_words(const char *text, char words[][ANALYZE_MAX_WORD], size_t max);

/* Splits a Dutch compound into the words it is made of, dropping linking
 * morphemes (s, e, en, er): "gezinsherenigingsverzoek" -> gezin, hereniging,
 * verzoek.  Every part is a word of dutch-parts.txt of at least 4 bytes;
 * among splits the one with the fewest parts wins, then the one whose
 * parts are the most unequal in length (largest sum of squared lengths:
 * "kind|er|rechter" before a split into two middling halves).  Returns the number
 * of parts (>= 2) written to parts, or 0 when word is no compound (shorter
 * than ANALYZE_MIN_COMPOUND, no split, or no word list loaded). */
int analyze_split(const struct analyze *a, const char *word,
		  char parts[][ANALYZE_MAX_WORD], int max_parts);

/* The words a compound contains, for indexing: each part and each run of
 * adjacent parts short of the whole word, as it is written inside word
 * (without a trailing linking morpheme): "gezinsherenigingsverzoek" ->
 * gezin, hereniging, verzoek, gezinshereniging, herenigingsverzoek.
 * Returns how many were written to out (at most max), 0 for no compound. */
int analyze_compound_words(const struct analyze *a, const char *word,
			   char out[][ANALYZE_MAX_WORD], int max);

/* What the synonym list and the glossary know of a phrase. */
struct analyze_entry {
	const char *const *same;  /* equivalents in the same language */
	size_t n_same;            /* (synonyms, abbreviations, inflections) */
	const char *const *other; /* translations into the other language */
	size_t n_other;
};

/* Finds the longest phrase starting at words[0] (at most n words) that the
 * synonym list or the glossary holds.  Returns how many words it spans and
 * fills *e (lists without the phrase itself; they may repeat a form), or 0
 * when none does.  Every synonym group and glossary line containing the
 * phrase contributes. */
size_t analyze_lookup(const struct analyze *a, const char *const *words, size_t n,
		      struct analyze_entry *e);

/* Calls fn for every distinct phrase of several words the synonym list and
 * the glossary hold (each form once, in sorted order), until fn returns
 * non-zero.  a may be NULL (no calls). */
void analyze_each_phrase(const struct analyze *a, int (*fn)(void *ctx, const char *phrase),
			 void *ctx);

#endif
