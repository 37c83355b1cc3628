/* xlate.h - a general Dutch -> English dictionary, for the words of a query
 * that the synonym list and the glossary (search/analyze.h) do not know.
 *
 * Most documents staff search are English; a Dutch query word the glossary
 * does not translate ("elektriciteit", "stemrecht") reaches only the few
 * Dutch documents.  This module looks such words up in FreeDict's
 * Dutch-English dictionary as Debian installs it (package
 * dict-freedict-nld-eng: /usr/share/dictd/freedict-nld-eng.index and
 * .dict.dz, dictd format), read at run time; the files are not part of
 * kindex.  $KINDEX_DICT names another path without the extension
 * (tests use a small one).  Without the files there are no translations,
 * and searching works as before.
 *
 * The dictionary is general and knows one sense as well as another
 * ("uitzetting": expansion), so the query side weighs its translations
 * well below the words typed (search/query.c, W_DICT).
 */
#ifndef KINDEX_XLATE_H
#define KINDEX_XLATE_H

#include <stddef.h>

#define XLATE_MAX 4  /* translations kept per Dutch word */

/* Writes to out (at most max) the English translations of the Dutch word w
 * (lower case, as analyze_words() makes it): each a word or a short phrase
 * in lower case, senses in the dictionary's order.  A word that is not a
 * headword is tried without a plural ending ("-s", "-'s", "-en").  Returns
 * how many were written; 0 when the word is unknown or no dictionary is
 * installed.  The strings are borrowed and live until the process ends.
 * Thread-safe: the dictionary is read once, on the first call. */
size_t xlate_nl_en(const char *w, const char *out[], size_t max);

/* How many Dutch headwords the dictionary holds (0: none loaded); reads it
 * if not yet read. */
size_t xlate_size(void);

#endif
