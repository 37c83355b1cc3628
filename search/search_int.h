/* search_int.h - private to search/: what the parts of the search
 * (search.c, query.c, passages.c, results.c, doclookup.c) share.  Not an
 * API: the public one is search/search.h. */
#ifndef KINDEX_SEARCH_INT_H
#define KINDEX_SEARCH_INT_H

#include <stddef.h>
#include <sys/types.h>

#include "search/docdata.h"
#include "search/query_cite.h"
#include "search/search.h"
#include "search/xapian_c.h"

struct search_db {
	struct xc_reader *r;
	struct search_ctx *ctx;      /* caches (borrowed unless own_ctx) */
	int own_ctx;
	struct phrase_set *phrases;  /* phrase terms every document has */
	char *dir;
	dev_t dev;        /* the index directory's identity when opened: the */
	ino_t ino;        /* indexer may swap in a compacted copy */
};

/* The languages queries are parsed and stemmed in (search.c). */
extern const char *const search_parse_langs[3];

/* BM25's k1 and b for ranked searches (Xapian's defaults are 1 and 0.5):
 * a word repeated in a document counts a little longer before it
 * saturates, and long documents are normalised a little more.  Tuned like
 * W_PHRASE_WORD; k1 3 (2.5-4 alike) on the larger tuning set of round 2
 * (bench/ranking-README.md). */
#define BM25_K1 3.0
#define BM25_B 0.75

struct term_list {
	char **t;
	size_t n;
	double idf[256]; /* each term's weight for choosing pages (once a query) */
	unsigned tf[256];  /* how many documents hold it (0: no positions to read,
	                    * which is also a round trip per hit over a remote shard) */
};

struct built {
	struct xc_query *q;       /* the whole query */
	struct xc_query *words;   /* the word part (may be NULL) */
	struct xc_mset *hl;       /* statistics of the words' terms, for snippets */
	struct term_list *terms;  /* the words' content terms */
	char art_terms[SEARCH_MAX_ARTICLES][64];
	size_t n_art;             /* art_terms: the filters, then those in the words */
	size_t n_art_filter;      /* of which filters (ANDed, or ORed: articles_any) */
	int has_words;
	struct query_cites qc;    /* citations typed in the words */
	char *rest_words;         /* the words without them */
};

/* query.c */
int search_build_query(struct search_db *db, const struct search_req *req, struct built *b,
		       struct error **err);
struct xc_query *search_term_filter(const char *prefix, const char *value, struct error **err);
int search_is_article_word(const char *w);

/* passages.c */
void search_built_clear(struct built *b);
const char *search_doc_stemmer(const char *lang);
int search_prepare_highlight(struct search_db *db, struct built *b, struct error **err);
/* Which of the n documents ids hold which terms of tl, as has[k * 256 + i]
 * (hit k, term i): 0 when it is known not to (no positions to read), 1
 * when it does or may.  A term in few documents is looked up once in its
 * postings for all hits, not once per hit in the positions.  malloc()ed. */
unsigned char *search_terms_in_hits(struct search_db *db, const struct term_list *tl,
				    const unsigned *ids, size_t n);
/* has: the hit's 256 flags from search_terms_in_hits(), or NULL. */
int search_best_pages(struct search_db *db, unsigned id, const struct docdata *dd,
		      const struct term_list *tl, const unsigned char *has, int *pages,
		      unsigned *anchors, int max);
char *search_page_passage(const struct built *b, const char *text, size_t len, unsigned anchor,
			  size_t width, const char *stemmer);
void search_add_passage(struct search_hit *h, int page, char *html);
void search_article_passages(const struct built *b, struct docdata *dd,
			     struct search_hit *h, int max, size_t width);
void search_hit_paras(struct docdata *dd, struct search_hit *h);

/* results.c */
void search_free_strs(char **s, size_t n);
char *search_strdup_or_empty(const char *s);

#endif
