/* ident.h - document identifiers in one canonical form, so that a citation
 * and the document it names meet however each writes the identifier.
 *
 * Kinds: ECLIs ("ECLI:NL:RVS:2019:1234"; also written with '.', '_' or
 * spaces between the parts), UN symbols ("CRC/C/GC/14"; a corrigendum
 * "CRC/C/GC/9/Corr.1" is the document it corrects; the Committee's older
 * symbols of General Comments 1-6, "CRC/GC/2001/1", are today's
 * "CRC/C/GC/1"), and ECtHR application numbers ("no. 57325/00" is
 * "57325/00").  Plain C; no allocation.
 */
#ifndef KINDEX_IDENT_H
#define KINDEX_IDENT_H

#include <stddef.h>

enum ident_kind { IDENT_OTHER, IDENT_ECLI, IDENT_UN, IDENT_APPNO };

/* Writes the canonical form of identifier in (any case, surrounding
 * blanks) into out (n bytes, NUL-terminated, truncated to fit).  Returns
 * its kind; IDENT_OTHER for anything else, which is written upper-cased. */
enum ident_kind ident_canonical(const char *in, char *out, size_t n);

/* The public address of an identifier not in the collection: rechtspraak.nl
 * for a Dutch ECLI, HUDOC for an ECtHR ECLI or application number, the UN
 * treaty body database for a UN symbol; written into out (n bytes).
 * Returns 0, or -1 when there is none (out is then ""). */
int ident_external_url(const char *ident, char *out, size_t n);

#endif
