/* cite.h - the citation language of kindex: finding references to articles
 * of the UN Convention on the Rights of the Child (CRC, in Dutch IVRK) and
 * its Optional Protocols, to other instruments (ECHR, BW, ...), and to
 * documents (UN symbols, General Comments, ECLI numbers, ECtHR application
 * numbers) in running Dutch and English text, and normalising them.
 *
 * Conventions:
 * (1) Plain C and libc only.  Input is untrusted UTF-8 (any byte sequence is
 *     handled safely; invalid UTF-8 is passed through untouched).
 * (2) The scanner makes one normalising pass over the text of a document
 *     (whitespace, non-breaking spaces, hyphenation at line ends, page
 *     numbers at page ends) and one recognising pass with cheap checks at
 *     word starts.  It allocates two buffers per call, never per character.
 * (3) Instruments are short upper-case codes: "CRC", "OPSC", "OPAC", "OPIC",
 *     "ECHR", "ECHR-P1" (articles of Protocol No. 1 to the ECHR; likewise
 *     -P4, -P7, -P12 ...), "BW", "AWB", "VW2000", "VB2000", "SR", "SV",
 *     "JW", "GW", "CHARTER", "EU", "ICCPR", "ICESCR", "CRPD", "CAT",
 *     "CEDAW", "REFUGEE", "HAGUE1980", "HAGUE1993", "HAGUE1996", "ACRWC",
 *     and "OTHER" for an instrument that is named but not known.  Only CRC
 *     and its protocols are meant when a caller says "CRC article".
 * (4) Document citations (kind CITE_DOC) use instrument "UNDOC" (a UN
 *     symbol such as "CRC/C/GC/14"), "GC" (a General Comment of the CRC
 *     Committee by name, normalised to its symbol), "ECLI" or "APPNO".
 * (5) Nothing here fails: running out of memory ends the process
 *     (base/error.h (5)).
 * (6) Strings in struct cite are NUL-terminated and truncated to fit.
 */
#ifndef KINDEX_CITE_H
#define KINDEX_CITE_H

#include <stddef.h>

#include "base/error.h"

enum cite_kind {
	CITE_ARTICLE,   /* an article of a treaty or statute */
	CITE_DOC,       /* UN symbol, General Comment, ECLI, application no. */
};

struct cite {
	enum cite_kind kind;
	char instrument[16];  /* see conventions (3) and (4) */
	int article;          /* CITE_ARTICLE: 1..; 0 for CITE_DOC */
	char paragraph[8];    /* "1" or "" */
	char letter[8];       /* "b" or "" */
	char sub[8];          /* "iii" or "" */
	char ident[64];       /* CITE_DOC: normalised identifier, e.g.
	                       * "CRC/C/GC/14", "ECLI:NL:RVS:2019:1234",
	                       * "12345/07"; CITE_ARTICLE: "" or, for Dutch
	                       * book-numbered articles, "1:247" */
	int page;             /* 1-based page where the citation starts */
	size_t start, end;    /* byte offsets of the matched text within the
	                       * text of `page`; a citation that runs onto the
	                       * next page has end clamped to that page's
	                       * length */
	char text[160];       /* the matched text, whitespace normalised to
	                       * single spaces, dashes to '-', words hyphenated
	                       * at line ends joined; truncated on a UTF-8
	                       * boundary */
};

struct cite_opts {
	int un_crc_context;   /* 1: a document of the CRC Committee: bare "the
	                       * Convention" means the CRC, a bare "the Optional
	                       * Protocol" the communications procedure (OPIC)
	                       * and an article without instrument the CRC */
	int echr_context;     /* 1: a judgment of the ECtHR: bare "the
	                       * Convention" and an article without instrument
	                       * mean the ECHR */
	const char *default_instrument; /* NULL, or the code of the treaty whose
	                       * own text this is ("CRC" for the Convention):
	                       * "article 29" and "dit artikel" in running text
	                       * mean that treaty; "Article 29" headings are
	                       * not citations */
};

/* A growable array of citations.  Initialise with {0}. */
struct cite_list {
	struct cite *items;
	size_t n, cap;
};

/* Scans the n_pages UTF-8 page texts of one document (pages[i] holds
 * page_lens[i] bytes, need not be NUL-terminated, may be NULL when its length
 * is 0) and appends every citation found to out, in text order.  Citations
 * may run across a page end.  opts may be NULL (no context). */
void cite_scan_pages(const char *const *pages, const size_t *page_lens, int n_pages,
		     const struct cite_opts *opts, struct cite_list *out);

/* Frees the items and leaves an empty list that can be reused.  Accepts
 * NULL.  Can't fail. */
void cite_list_clear(struct cite_list *l);

/* Writes a label like "3(1)(b)(iii)" for an article citation, or the ident
 * of a document citation, into buf (at most n bytes, NUL-terminated when
 * n > 0).  Returns the length the label has, like snprintf. */
int cite_format(const struct cite *c, char *buf, size_t n);

/* Parses a user's article spec: "3", "3.1", "3(1)", "37.b", "37(b)",
 * "40.2.b", "40(2)(b)(iii)", "40.2.b.iii", "OPSC:2", "OPSC 2", "ECHR:8",
 * "crc 3".  The instrument defaults to CRC; known instruments are CRC (1..54),
 * OPSC (1..17), OPAC (1..13), OPIC (1..24) and ECHR (1..59).  A CRC spec must
 * name a part the Convention has (cite_crc_possible(): not 6.16, 27(28) or
 * 13.b).  Fills *out (a CITE_ARTICLE with page 0 and empty text) and returns
 * 0, or returns -1 when the spec is malformed, out of range or names no such
 * part (then *out is unspecified; cite_article_problem() says why). */
int cite_parse_article(const char *spec, struct cite *out);

/* Why cite_parse_article() refuses spec, for an error message: writes a
 * sentence such as "article 6 of the Convention has no paragraph 16" or
 * "article 13 of the Convention has no letter (b)" into buf (at most n
 * bytes, NUL-terminated when n > 0; it holds only digits, ASCII letters
 * and punctuation of its own, never the raw spec) and returns -1; returns
 * 0 with buf empty when spec is fine. */
int cite_article_problem(const char *spec, char *buf, size_t n);

/* Index terms for an article citation, most general first, with prefix
 * "XA": "XACRC:3", "XACRC:3.1", "XACRC:3.1.b", "XACRC:3.1.b.iii"; a letter
 * without paragraph gives "XACRC:37.b" (paragraphs are digits, letters are
 * not, so the two cannot be confused).  Writes up to max terms into terms
 * and returns how many it wrote; 0 for a document citation.  The last term
 * is the most specific one: the query term for a parsed spec. */
int cite_article_terms(const struct cite *c, char terms[][64], int max);

/* Orders article keys ("CRC:12.1") by instrument, then article number, then
 * the rest, so that 2 comes before 10 and an article right before its
 * paragraphs: < 0, 0 or > 0 as for strcmp(). */
int cite_key_cmp(const char *a, const char *b);

/* Can this reference to the CRC exist?  Checks the article (1..54), the
 * paragraph, letter and sub-item against the Convention's text (table
 * generated by search/cite_crc_gen.py): 3(1), 37(b), 40(2)(b)(vii) can, 6(16),
 * 27(28), 13(b) (a letter without the paragraph that holds it) and 40(2)(b)(ix)
 * cannot.  NULL or "" means no such part.  Returns 1 or 0. */
int cite_crc_possible(int article, const char *paragraph, const char *letter, const char *sub);

/* What cite_query_articles() understood in a user's query. */
#define CITE_QUERY_MAX 16
struct cite_query {
	int n;                          /* articles recognised, 0..CITE_QUERY_MAX */
	char keys[CITE_QUERY_MAX][64];  /* their index terms, most specific form,
	                                 * as cite_article_terms() makes them:
	                                 * "XACRC:3.1", "XAOPSC:2", "XAECHR:8";
	                                 * no duplicates, in query order */
	char *rest;                     /* owned, malloc()ed: the query with the
	                                 * text of those citations removed, white
	                                 * space collapsed and trimmed; the query
	                                 * itself, byte for byte, when n == 0 */
	char desc[256];                 /* what was understood, for the page:
	                                 * "art. 3 lid 1 IVRK" (lang "nl") or
	                                 * "art. 3(1) CRC", several joined by ", ";
	                                 * "" when n == 0; truncated to fit */
};

/* Reads the citations in a user's query with the same recogniser that reads
 * documents: "artikel 3 lid 1 IVRK verblijfsvergunning" gives the key
 * "XACRC:3.1", rest "verblijfsvergunning" and desc "art. 3 lid 1 IVRK".
 * Every form recognised in documents works (Dutch and English, lid /
 * paragraph / letter, IVRK / VRK / Kinderrechtenverdrag / CRC, the optional
 * protocols, the ECHR).  A query is read as kindex's users mean it: "het
 * verdrag", "the Convention" and an article without instrument ("artikel 3")
 * are the CRC, "the Optional Protocol" the communications procedure (as in
 * cite_opts.un_crc_context).  Only citations of the CRC, OPSC, OPAC, OPIC
 * and ECHR become keys (the instruments cite_parse_article() knows);
 * citations of other instruments ("art. 1:247 BW") and impossible CRC
 * references stay in rest as plain words.  lang: "nl" for Dutch
 * descriptions, anything else (or NULL) for English.  q must be
 * NUL-terminated UTF-8; it may be empty.  Fills *out (free its rest with
 * cite_query_clear()). */
void cite_query_articles(const char *q, const char *lang, struct cite_query *out);

/* Frees out->rest and empties *out.  Accepts NULL.  Can't fail. */
void cite_query_clear(struct cite_query *out);

/* A short title of CRC article 1..54 in "nl" or "en" (anything else gives
 * English), for the web's article picker.  Static storage; NULL when the
 * article is out of range. */
const char *cite_crc_article_title(int article, const char *lang);

#endif
