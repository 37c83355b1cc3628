/* schema.h - how kindex lays documents out in its Xapian database.
 *
 * The indexer writes and the query side reads by these names only, and
 * Xapian's own tools (xapian-delve, quest) can inspect the result.  One
 * Xapian document per file.  Changing anything here means bumping
 * SCHEMA_VERSION: the indexer refuses to add to an index of another version.
 *
 * Terms
 *   Q<hash>      unique id: hex BLAKE2b-128 of the file's absolute path
 *   H<hash>      content hash (hex BLAKE2b-128 of the file's bytes)
 *   XT<type>     document type (ruling, un_general_comment, ...)
 *   XC<code>     court or body code (RVS, HR, ECTHR, CRC, ...)
 *   XY<yyyy>     year of the document's date
 *   XL<lang>     language: nl, en, fr, other
 *   XI<ident>    the document's own identifier (ECLI, UN symbol, application
 *                number) in canonical form (search/ident.h), wdf 1 so that a
 *                query can weigh it (known items); also as found, upper case,
 *                and each number of a judgment in several applications
 *   XD<ident>    an identifier the document cites, canonical (search/ident.h)
 *   XA<inst>:<art>[.<para>][.<letter>]
 *                an article it cites, e.g. XACRC:3, XACRC:3.1; wdf = how
 *                often, so that citing more ranks higher
 *   XN           the document has no text layer (image-only scan)
 *   S...         title words (stems: ZS...)
 *   Z...         stems of body words, with positions; unprefixed: the exact
 *                words, without positions
 *
 * Values (slots)
 *   VAL_DATE     "YYYY-MM-DD" (or shorter), sorts as a string
 *   VAL_TYPE, VAL_COURT, VAL_YEAR, VAL_LANG: as the terms, for facets
 *   VAL_ARTICLES articles cited, "CRC:3\nCRC:3.1\n..." (facet, multi-valued)
 *   VAL_DUPKEY   collapse key: "<canonical identifier>|<date>" if there is an
 *                identifier (a Chamber and a Grand Chamber judgment differ),
 *                else the content hash
 *   VAL_MTIME    file mtime, decimal seconds
 *   VAL_FINGERPRINT  "<size>:<mtime>:<override fingerprint>" to skip unchanged files
 *   VAL_PATH     the file's absolute path
 *   VAL_FACETS   the facet values in one slot, so counting reads one value
 *                per document: type, court, year, lang, articles, separated
 *                by FACET_SECTION_SEP (articles among themselves by '\n')
 *   VAL_COURT_NAME  display name of the court or body; also kept as
 *                database metadata META_COURT_NAME <code> for facets
 *
 * Document data
 *   A JSON object (metadata, page count, page start positions) and a NUL
 *   byte; the page texts and the citations are kept apart, as metadata
 *   (below).  Older indexes hold the citations and the page texts after the
 *   NUL, which is still read.  See search/docdata.h.
 *
 * Metadata (database key/value entries)
 *   kindex.schema    SCHEMA_VERSION of the index
 *   kindex.phrases   the phrase terms every document has (search/phrases.h)
 *   kindex.shard     "K/N" when the index is shard K of N (kindex index
 *                    --shard): it holds the documents whose uid hashes to K
 *   court:<code>     display name of a court or body, for facets
 *   P<uid>:<chunk>   page texts of a document, 16 pages a chunk
 *                    (search/pagestore.h)
 *   C<uid>           the citations found in a document (JSON array)
 */
#ifndef KINDEX_SCHEMA_H
#define KINDEX_SCHEMA_H

#define SCHEMA_VERSION "4"

/* Database metadata keys (see "Metadata" above). */
#define META_SCHEMA_VERSION "kindex.schema"
#define META_PHRASES "kindex.phrases"
#define META_SHARD "kindex.shard"
#define META_COURT_NAME "court:"       /* + court code */
#define META_PAGES "P"                 /* + uid ":" chunk */
#define META_CITATIONS "C"             /* + uid */

#define PFX_ID "Q"
#define PFX_HASH "H"
#define PFX_TYPE "XT"
#define PFX_COURT "XC"
#define PFX_YEAR "XY"
#define PFX_LANG "XL"
#define PFX_IDENT "XI"
#define PFX_CITES "XD"
#define PFX_ARTICLE "XA"
#define TERM_NOTEXT "XN"
#define PFX_TITLE "S"
#define PFX_STATE "XST"     /* facts: search/docbuild_facts.h */
#define PFX_OUTCOME "XOU"
#define PFX_AREA "XAR"
#define PFX_VIOLATED "XVA"

enum schema_slot {
	VAL_DATE = 0,
	VAL_TYPE = 1,
	VAL_COURT = 2,
	VAL_YEAR = 3,
	VAL_LANG = 4,
	VAL_ARTICLES = 5,
	VAL_DUPKEY = 6,
	VAL_MTIME = 7,
	VAL_FINGERPRINT = 8,
	VAL_PATH = 9,
	VAL_COURT_NAME = 10,
	VAL_FACETS = 11,
};

#define FACET_SECTION_SEP '\x1f'

/* Gap in term positions between pages, so phrases don't span pages. */
#define SCHEMA_PAGE_GAP 100

#endif
