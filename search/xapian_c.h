/* xapian_c.h - the C interface to the parts of Xapian that kindex uses.
 *
 * Xapian is C++; this header, xapian_c.cc and the facet engine behind
 * xc_enquire() (facets.{h,cc}) are the only C++ contact in kindex.  No
 * search logic lives here: the schema (prefixes, value slots), query
 * building and result shaping are in search/.  Conventions:
 *
 * (1) Handles are opaque.  Every *_open has one *_close, every *_new one
 *     *_free; all of them accept NULL.
 * (2) Functions that can fail take `struct error **err` last, return NULL or
 *     -1 and set *err (see base/error.h; running out of memory, Xapian's
 *     std::bad_alloc too, ends the process as base/error.h (5) says).  Xapian's own message is kept.
 *     A malformed user query is ERR_QUERY; a locked database ERR_BUSY; a
 *     missing database or document ERR_NOTFOUND; a revision overwritten by
 *     the writer while being read ERR_STALE (reopen and retry); other
 *     Xapian errors ERR_DB.  On success *err is unchanged.
 * (3) `const char *` arguments are borrowed for the call.  `char *` results
 *     are malloc()ed and belong to the caller (free()).  Strings that carry
 *     a length (document data, values) may contain NUL bytes.
 * (4) No C++ exception crosses this header.
 * (5) A reader is not thread safe; use one per thread.  (Internally a
 *     faceted query also counts in a second thread, on a second handle of
 *     the database; see xc_mset_wait().)  A writer holds the database lock
 *     from open to close.
 */
#ifndef KINDEX_XAPIAN_C_H
#define KINDEX_XAPIAN_C_H

#include <stddef.h>

#include "base/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned xc_docid;      /* 0 means "no document" */

struct xc_writer;               /* a writable database */
struct xc_reader;               /* a read-only database */
struct xc_doc;                  /* a document being built for the writer */
struct xc_query;                /* a query tree */
struct xc_mset;                 /* one page of results with facet counts */

/* ---- write side ------------------------------------------------------ */

/* Opens (creating when missing) the database in directory db_dir. */
struct xc_writer *xc_writer_open(const char *db_dir, struct error **err);
/* Commits pending changes (when not in a transaction) and closes. */
void xc_writer_close(struct xc_writer *w);

/* Transactions: all changes between begin and commit become visible to
 * readers at once, or (on cancel, crash or kill) not at all. */
int xc_writer_begin(struct xc_writer *w, struct error **err);
int xc_writer_commit(struct xc_writer *w, struct error **err);
int xc_writer_cancel(struct xc_writer *w, struct error **err);

/* Adds d, replacing any document indexed by the unique term id_term.
 * Returns the document's id, or 0 with *err. d stays owned by the caller. */
xc_docid xc_writer_replace(struct xc_writer *w, const char *id_term,
			   const struct xc_doc *d, struct error **err);
/* Sets one value of the stored document id (its terms stay as they are).
 * Returns 0 or -1 with *err (ERR_NOTFOUND: no such document). */
int xc_writer_set_value(struct xc_writer *w, xc_docid id, unsigned slot, const char *val,
			size_t len, struct error **err);
/* Deletes every document indexed by term.  Returns 0 or -1. */
int xc_writer_delete(struct xc_writer *w, const char *term, struct error **err);

/* Key/value metadata stored in the database (e.g. the schema version). */
int xc_writer_set_metadata(struct xc_writer *w, const char *key,
			   const char *value, struct error **err);

/* The same with a value of len bytes (may hold NUL bytes); an empty value
 * deletes the key. */
int xc_writer_set_metadata_len(struct xc_writer *w, const char *key, const char *value,
			       size_t len, struct error **err);

/* A read view on the writer's own database, including uncommitted changes
 * of the current transaction.  Borrowed: valid until xc_writer_close(),
 * must not be closed by the caller. */
struct xc_reader *xc_writer_reader(struct xc_writer *w);

/* Writes a compacted copy of the database in src to the new directory dst
 * (smaller, and faster to search).  Returns 0 or -1 with *err. */
int xc_compact(const char *src, const char *dst, struct error **err);

/* ---- documents --------------------------------------------------------- */

/* Never NULL (base/error.h (5)). */
struct xc_doc *xc_doc_new(void);
void xc_doc_free(struct xc_doc *d);

/* The document as bytes, to rebuild it in another process with
 * xc_doc_unserialise (malloc()ed, length in *len). */
char *xc_doc_serialise(const struct xc_doc *d, size_t *len, struct error **err);
struct xc_doc *xc_doc_unserialise(const char *data, size_t len, struct error **err);

/* The document's stored data (any bytes). Returns 0 or -1 with *err. */
int xc_doc_set_data(struct xc_doc *d, const char *data, size_t len, struct error **err);
/* A copy of the stored data (malloc()ed, NUL-terminated, length in *len),
 * or NULL with *err. */
char *xc_doc_data(const struct xc_doc *d, size_t *len, struct error **err);
/* The value in slot of a document being built (malloc()ed, "" when empty). */
char *xc_doc_value(const struct xc_doc *d, unsigned slot, size_t *len, struct error **err);
int xc_doc_add_value(struct xc_doc *d, unsigned slot, const char *val, size_t len,
		     struct error **err);
/* A term without position; boolean terms get wdf 0. */
int xc_doc_add_term(struct xc_doc *d, const char *term, unsigned wdf, struct error **err);
int xc_doc_add_boolean_term(struct xc_doc *d, const char *term, struct error **err);

/* Splits text into words and indexes them with prefix (may be "") at
 * increasing positions after the last one indexed for d.  With a stemmer
 * (stem_lang: a Xapian stemmer name such as "dutch" or "english") only the
 * stems are indexed, "Z"-prefixed, with positions; without one (NULL or "")
 * the exact words.  w (may be NULL) only lends its term generator, which
 * saves setting one up per call; nothing is written to it (spelling:
 * xc_writer_add_spelling_words).
 * Returns 0 or -1 with *err (an unknown stemmer name is ERR_INPUT). */
int xc_doc_index_text(struct xc_doc *d, struct xc_writer *w, const char *text, size_t len,
		      unsigned wdf_inc, const char *prefix, const char *stem_lang,
		      struct error **err);
/* Adds words (len bytes of NUL-separated words, each counted once) to w's
 * spelling dictionary, which Xapian uses for "did you mean".  The words are
 * counted in memory and written by the next xc_writer_commit() (dropped by
 * xc_writer_cancel()). */
int xc_writer_add_spelling_words(struct xc_writer *w, const char *words, size_t len,
				 struct error **err);

/* Leaves a gap in the position sequence (so phrases don't span it) and
 * returns the next position to be used. */
unsigned xc_doc_increase_termpos(struct xc_doc *d, unsigned delta);
unsigned xc_doc_termpos(const struct xc_doc *d);

/* A phrase to count in a document: terms in this order, adjacent (window 0)
 * or all within window positions (as xc_query_phrase). */
struct xc_phrase {
	const char *const *terms;
	size_t n;                   /* at least 2 */
	unsigned window;
};
/* Phrases prepared for counting in many documents (their terms sorted
 * once).  The strings are copied. */
struct xc_phrases;
struct xc_phrases *xc_phrases_new(const struct xc_phrase *ph, size_t n, struct error **err);
void xc_phrases_free(struct xc_phrases *p);
/* How often each of p's phrases occurs in d, into counts[0..n) in the order
 * given to xc_phrases_new(): the number of positions of a phrase's first
 * term where the phrase starts.  Returns 0 or -1 with *err. */
int xc_doc_count_phrases(const struct xc_doc *d, const struct xc_phrases *p, unsigned *counts,
			 struct error **err);

/* ---- read side --------------------------------------------------------- */

/* Opens the database in directory db_dir, or the databases a Xapian stub
 * file db_dir names ("auto PATH", "remote HOST:PORT", "remote :PROGRAM
 * ARGS" lines, see Xapian's documentation) searched as one: statistics,
 * ranking and facet counts are those of one database of all their
 * documents.  Remote shards are opened with a timeout of
 * $KINDEX_SHARD_TIMEOUT_MS (default 5000) for connecting and for each
 * answer; one that is down or slower gives ERR_BUSY, here and in every call
 * on the reader (reopen it, or open it afresh once the shard is back). */
struct xc_reader *xc_reader_open(const char *db_dir, struct error **err);
void xc_reader_close(struct xc_reader *r);
/* How many databases r searches (1 unless opened from a stub naming more),
 * and on which of them (0-based) document id is. */
unsigned xc_reader_shards(struct xc_reader *r);
unsigned xc_reader_shard_of(struct xc_reader *r, xc_docid id);
/* Is one of them remote? */
int xc_reader_is_remote(struct xc_reader *r);

/* Counting facets reads an in-memory column of every document's facet
 * values, built once per revision of the index (search/facets.h).  Readers
 * given one share (each reader of a server's threads) build it once between
 * them; a reader without one builds its own.  The share must outlive the
 * readers given it; xc_facet_share_new() never returns NULL. */
struct xc_facet_share;
struct xc_facet_share *xc_facet_share_new(void);
void xc_facet_share_free(struct xc_facet_share *s);
void xc_reader_share_facets(struct xc_reader *r, struct xc_facet_share *s);
/* Brings the reader up to the latest committed revision.  Returns 1 when it
 * changed, 0 when it was current, -1 with *err. */
int xc_reader_reopen(struct xc_reader *r, struct error **err);

unsigned xc_reader_doccount(struct xc_reader *r);
/* "<uuid>:<revision>" of the open revision: changes with every commit and
 * with a swapped-in index (written into out, at least 64 bytes). */
void xc_reader_version(struct xc_reader *r, char *out, size_t n);
/* The last docid in use (docids may have gaps). */
xc_docid xc_reader_lastdocid(struct xc_reader *r);
/* Number of documents indexed by term (0 when none or on error). */
unsigned xc_reader_termfreq(struct xc_reader *r, const char *term);
/* The first document indexed by term, or 0 when there is none. */
xc_docid xc_reader_find(struct xc_reader *r, const char *term, struct error **err);

/* The stored data of docid (malloc()ed, NUL-terminated, length in *len).
 * NULL with ERR_NOTFOUND when there is no such document. */
char *xc_reader_data(struct xc_reader *r, xc_docid id, size_t *len, struct error **err);
/* The value in slot (malloc()ed, "" when empty). */
char *xc_reader_value(struct xc_reader *r, xc_docid id, unsigned slot, size_t *len,
		      struct error **err);
/* Database metadata (malloc()ed, "" when unset).  Over several shards
 * (Xapian itself reads the first one only): the value they give, those
 * that have none left aside; "" when they differ.  Keys starting with
 * "kindex." are index-wide: every shard must give the same value, unset
 * included, else "". */
char *xc_reader_metadata(struct xc_reader *r, const char *key, struct error **err);
/* The same, with its length in *len (values may hold NUL bytes). */
char *xc_reader_metadata_len(struct xc_reader *r, const char *key, size_t *len,
			     struct error **err);

/* Metadata kept for one document (key), read from the shard that holds
 * the document indexed by id_term (as xc_reader_metadata_len; "" when no
 * document has id_term).  Over one database, simply its metadata. */
char *xc_reader_doc_metadata(struct xc_reader *r, const char *id_term, const char *key,
			     size_t *len, struct error **err);

/* Calls fn for every term in the database starting with prefix, with its
 * document frequency, in sorted order, until fn returns non-zero. */
typedef int (*xc_term_fn)(void *ctx, const char *term, size_t len, unsigned freq);
int xc_reader_allterms(struct xc_reader *r, const char *prefix, xc_term_fn fn, void *ctx,
		       struct error **err);
/* Calls fn for every term of document id starting with prefix, with its wdf. */
int xc_reader_termlist(struct xc_reader *r, xc_docid id, const char *prefix, xc_term_fn fn,
		       void *ctx, struct error **err);
/* Calls fn for every document containing term (freq = wdf). */
typedef int (*xc_posting_fn)(void *ctx, xc_docid id, unsigned wdf);
int xc_reader_postings(struct xc_reader *r, const char *term, xc_posting_fn fn, void *ctx,
		       struct error **err);
/* Positions of term in document id, into a malloc()ed array (*out, count
 * returned; 0 and *out == NULL when none). -1 with *err on failure. */
int xc_reader_positions(struct xc_reader *r, xc_docid id, const char *term, unsigned **out,
			struct error **err);
/* The stem of word (lower-cased) by stemmer stem_lang, malloc()ed; NULL on
 * an unknown stemmer. */
char *xc_stem(const char *stem_lang, const char *word);
/* The term xc_query_parse(r, word, 0, stem_lang, NULL, 0, NULL, 0, ...)
 * makes of a word of the letters a-z alone (1..64 of them): "Z" and its
 * stem (by a stemmer kept for the thread), or the word itself without
 * stem_lang; into out (size n), NUL-terminated.  Its length, or -1 for any
 * other word (or out too small): then parse it. */
int xc_word_term(const char *stem_lang, const char *word, char *out, size_t n);
/* Can r suggest spellings?  Not when a shard is remote: Xapian's remote
 * backend does not serve spelling data (the two functions below then give
 * none), unless a local database STUB.spelling lies beside the stub file
 * (any Xapian database: its spelling data is used, e.g. a copy of a shard
 * or a compacted merge of all). */
int xc_reader_spelling_available(struct xc_reader *r);
/* A spelling correction for word from the index's spelling data, or NULL when
 * there is none (malloc()ed). */
char *xc_reader_spelling(struct xc_reader *r, const char *word);
/* How many documents gave word to the spelling data (0 when none). */
unsigned xc_reader_spelling_freq(struct xc_reader *r, const char *word);

/* ---- queries ------------------------------------------------------------ */

enum xc_op { XC_OP_AND, XC_OP_OR, XC_OP_AND_NOT, XC_OP_FILTER, XC_OP_AND_MAYBE, XC_OP_SYNONYM };

/* Parser flags (combine with |). */
enum {
	XC_PARSE_BOOLEAN = 1,       /* AND OR NOT ( ) */
	XC_PARSE_PHRASE = 2,        /* "quoted phrases" */
	XC_PARSE_LOVEHATE = 4,      /* +word -word */
	XC_PARSE_WILDCARD = 8,      /* word* */
	XC_PARSE_BOOLEAN_ANY_CASE = 16,
	XC_PARSE_SPELLING = 32,     /* compute a corrected query string */
	XC_PARSE_STEM_WILDCARD = 64,/* XC_STEM_WILDCARD_FIELD:prefix expands over stems */
};

/* The field the caller rewrites word* to when it gives XC_PARSE_STEM_WILDCARD. */
#define XC_STEM_WILDCARD_FIELD "kxstem"

/* A field prefix the parser knows: `title:word` -> term prefix "S". A
 * boolean field filters (`art:3` -> "XACRC:3") instead of ranking. */
struct xc_field {
	const char *name;           /* as typed by the user, e.g. "title" */
	const char *prefix;         /* term prefix, e.g. "S" */
	int boolean;                /* 1: boolean filter field, the term prefix +
	                             * value as typed; XC_FIELD_TERM: a weighted
	                             * term, prefix + value written in hex digits */
};
#define XC_FIELD_TERM 2

/* Parses a user's query with Xapian's QueryParser.  stem_lang is a stemmer
 * name or NULL; stems are Z-prefixed.  Stopwords in stopwords (NULL
 * terminated, may be NULL) are ignored where Xapian allows it.  max_expansion
 * bounds how many terms one wildcard may expand to (0: Xapian's default).
 * On success returns the query; when XC_PARSE_SPELLING was given and a
 * correction exists, *corrected (may be NULL) receives it (malloc()ed).
 * A syntax error gives NULL with ERR_QUERY. */
struct xc_query *xc_query_parse(struct xc_reader *r, const char *text, unsigned flags,
				const char *stem_lang, const struct xc_field *fields,
				size_t n_fields, const char *const *stopwords,
				unsigned max_expansion, char **corrected, struct error **err);
struct xc_query *xc_query_term(const char *term, unsigned wdf_or_qf, struct error **err);
/* Matches every document. */
struct xc_query *xc_query_all(struct error **err);
/* The terms in this order within window positions (OP_PHRASE); window 0
 * means exactly adjacent.  n must be at least 1. */
struct xc_query *xc_query_phrase(const char *const *terms, size_t n, unsigned window,
				 struct error **err);
/* OR of the n terms (n may be 0: an empty query). */
struct xc_query *xc_query_terms_or(const char *const *terms, size_t n, struct error **err);
/* Combines a and b (either may be NULL: the other is returned copied).
 * Neither is consumed. */
struct xc_query *xc_query_combine(enum xc_op op, const struct xc_query *a,
				  const struct xc_query *b, struct error **err);
/* q with nested OP_SYNONYM and OP_OR flattened into one level of their
 * operator and repeated parts taken once (a synonym of synonyms weighs a
 * document by the sum of its parts' wdf either way); a synonym of more than
 * two parts is then built again as a balanced tree of two-way synonyms, in
 * the parts' order, so that Xapian estimates its statistics alike on one
 * index and on shards (see xapian_c.cc). */
struct xc_query *xc_query_flatten(const struct xc_query *q, struct error **err);
/* Multiplies the query's weight by factor. */
struct xc_query *xc_query_scale(const struct xc_query *q, double factor, struct error **err);
/* Matches documents whose value in slot lies in [lo, hi] (string compare;
 * lo or hi NULL: open end). */
struct xc_query *xc_query_value_range(unsigned slot, const char *lo, const char *hi,
				      struct error **err);
int xc_query_is_empty(const struct xc_query *q);
/* The distinct terms of the query, in order, through fn (freq = 0). */
int xc_query_terms(const struct xc_query *q, xc_term_fn fn, void *ctx);
/* Xapian's description of the query (malloc()ed); for debugging. */
char *xc_query_describe(const struct xc_query *q);
void xc_query_free(struct xc_query *q);

/* ---- running a query ----------------------------------------------------- */

struct xc_run_opts {
	unsigned offset, limit;     /* the page of results wanted */
	unsigned check_at_least;    /* make counts exact up to this many (0: none) */
	int sort_slot;              /* -1: relevance; else sort by this value */
	int sort_descending;        /* with sort_slot */
	int collapse_slot;          /* -1: none; else show one per value */
	int tie_slot;               /* > 0, ranking by relevance: equal weights
	                             * in ascending order of this value (a key
	                             * that is the same in every layout of the
	                             * index, unlike the docid); 0: by docid */
	const unsigned *facet_slots;/* count these sections of facet_packed_slot
	                             * over every match (NULL: no facets) */
	size_t n_facet_slots;
	unsigned facet_packed_slot; /* holds every section, split by */
	char facet_section_sep;     /* this byte, and the values within a */
	char facet_separator;       /* section by this one (0: one value) */
	double bm25_k1, bm25_b;     /* 0: Xapian's defaults */
	int bool_weight;            /* 1: every match weighs 0 (a count) */
};

struct xc_mset *xc_enquire(struct xc_reader *r, const struct xc_query *q,
			   const struct xc_run_opts *opts, struct error **err);
/* Frees m (waiting for its facet count, if one is running).  Free every
 * mset before closing its reader. */
void xc_mset_free(struct xc_mset *m);
/* Facets are counted in a thread of their own (on a second handle of the
 * reader's database) while the page is ranked and its hits are read; this
 * waits for the count and reports its failure (ERR_STALE: reopen and run
 * again).  The total and facet functions below wait too, but say nothing
 * of a failure: they then give Xapian's estimates and no facets. */
int xc_mset_wait(struct xc_mset *m, struct error **err);
unsigned xc_mset_size(const struct xc_mset *m);
/* The number of matches: Xapian's estimate and its bounds, or, when facets
 * were counted (which visits every match), the exact number of distinct
 * matches (a collapse group counts once) for all three. */
unsigned xc_mset_estimated(const struct xc_mset *m);
unsigned xc_mset_lower_bound(const struct xc_mset *m);
unsigned xc_mset_upper_bound(const struct xc_mset *m);
xc_docid xc_mset_docid(const struct xc_mset *m, unsigned i);
double xc_mset_weight(const struct xc_mset *m, unsigned i);
/* How many other documents shared the collapse value of result i. */
unsigned xc_mset_collapse_count(const struct xc_mset *m, unsigned i);
/* Facet counts of slot (one of opts->facet_slots) over every match, a
 * collapse group once, through fn: most frequent first, ties by value. */
int xc_mset_facets(const struct xc_mset *m, unsigned slot, xc_term_fn fn, void *ctx);
/* Xapian's snippet of text for this result set: at most max_len bytes
 * around the best matching words, which are wrapped in hi_start/hi_end.
 * The text is escaped for HTML by Xapian (&, <, >); omit marks cut text.
 * stem_lang must be the stemmer the text was indexed with. */
char *xc_mset_snippet(const struct xc_mset *m, const char *text, size_t len, size_t max_len,
		      const char *stem_lang, const char *hi_start, const char *hi_end,
		      const char *omit, struct error **err);
/* Terms that best describe the documents docs[] (relevance feedback, for
 * "more like this"), as an OR query of up to n_terms terms, skipping terms
 * whose prefix is upper case (boolean terms) unless they start with "Z". */
struct xc_query *xc_expand(struct xc_reader *r, const xc_docid *docs, size_t n_docs,
			   unsigned n_terms, struct error **err);

#ifdef __cplusplus
}
#endif
#endif
