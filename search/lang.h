/* lang.h - document languages: detection by stopword counts, and the
 * stemmer and stopword list for each language kindex knows.
 *
 * Languages are ISO 639-1 codes: "nl", "en", "fr"; "other" when none wins.
 * All returned strings are static. */
#ifndef KINDEX_LANG_H
#define KINDEX_LANG_H

#include <stddef.h>

/* Detects the language of text by counting common function words of each
 * language in (at most) the first max_bytes bytes.  Never fails. */
const char *lang_detect(const char *text, size_t len);

/* Xapian stemmer name for lang ("dutch", "english", "french"), or NULL. */
const char *lang_stemmer(const char *lang);

/* NULL-terminated list of stopwords for lang, or NULL. */
const char *const *lang_stopwords(const char *lang);

/* NULL-terminated union of the stopwords of every language kindex knows:
 * queries are parsed with it, since a query's language is unknown. */
const char *const *lang_stopwords_all(void);

/* 1 when the word (UTF-8, lower case, len bytes) is a stopword in any
 * language kindex knows. */
int lang_is_stopword(const char *word, size_t len);

/* 1 when lang is one kindex knows. */
int lang_is_known(const char *lang);

#endif
