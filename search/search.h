/* search.h - the query side of kindex: one call from a request to results.
 *
 * Both the command line (`kindex search`) and the web server use this, so
 * they answer the same request with the same hits.  A request holds the
 * user's words (with Xapian's syntax: AND OR NOT, "phrases", word*, title:,
 * plus art:3.1 for articles of the Convention) and filters; the result holds
 * hits with their metadata and highlighted passages naming their page, and
 * facet counts for the whole result.
 *
 * Conventions:
 * (1) A struct search_db is one open index; it is NOT thread safe.  Use one
 *     per thread (search_open is cheap: Xapian shares the OS page cache).
 * (2) Results are owned by the caller and released with search_result_free.
 * (3) Passage HTML is escaped text with the matched words in <mark>…</mark>;
 *     it is safe to put into a page as is.  Every other string is raw text
 *     and must be escaped by whoever puts it into HTML.
 * (4) Errors: ERR_QUERY / ERR_INPUT for a bad request (answer 400),
 *     ERR_NOTFOUND for an unknown document (404), others are failures.
 */
#ifndef KINDEX_SEARCH_H
#define KINDEX_SEARCH_H

#include <stddef.h>

#include "search/docdata.h"
#include "base/error.h"

#define SEARCH_MAX_QUERY 1024      /* bytes of user query accepted */
#define SEARCH_MAX_ARTICLES 8      /* article filters per request */
#define SEARCH_MAX_LIMIT 100       /* hits per page */
#define SEARCH_MAX_OFFSET 100000
#define SEARCH_MAX_PASSAGES 3
#define SEARCH_FACET_LIMIT 2000    /* facets are exact up to this many matches */

struct search_db;

struct search_req {
	const char *q;               /* the user's words; NULL or "" for none */
	const char *articles[SEARCH_MAX_ARTICLES]; /* "3", "3.1", "OPSC:2" */
	size_t n_articles;
	int articles_any;            /* 1: a document citing any of the articles
	                              * matches; 0: it must cite all */
	int literal;                 /* 1: q is words only; citations typed in it
	                              * ("art. 3 lid 1 IVRK") are not read */
	const char *type;            /* type code, or NULL */
	const char *court;           /* court code, or NULL */
	const char *lang;            /* "nl", "en", "fr", or NULL */
	int year_from, year_to;      /* 0: open */
	int sort_date;               /* 1: newest first; -1: by relevance;
	                              * 0: relevance, but a request without
	                              * words lists newest first */
	unsigned offset, limit;      /* limit 0 means 10 */
	int facets;                  /* 1: count facets */
	int no_hit_cites;            /* 1: the hits' articles and cites are left
	                              * out (empty): the CLI's text shows neither */
	int exact_total;             /* 1, with facets 0: the total exact all the
	                              * same (the match itself counts every
	                              * match, no second pass) */
	int passages;                /* passages per hit, 1..3 (0 means 1) */
	int snippet_bytes;           /* length of a passage, 0: 300 */
	int no_correct;              /* 1: when q finds nothing, do not run its
	                              * spelling correction instead */
};

struct search_passage {
	int page;                    /* 1-based */
	char para[16];               /* the number of the paragraph it starts in
	                              * ("45", "4.3"; search/paras.h), or "" */
	char *html;                  /* escaped, with <mark> */
	char *text;                  /* plain text, no marks */
	int ocr_conf;                /* the page was read by OCR with this mean
	                              * confidence (0-100); -1: the PDF's text */
};

struct docdata;
struct search_hit {
	unsigned id;                 /* the document's id in the index */
	double score;
	char *path, *title, *lang;
	char *type, *court, *court_name, *date, *ident;  /* "" when unknown */
	int pages;
	unsigned cited_by;           /* how many documents of the collection cite it */
	int notext;                  /* 1: no text layer */
	int ocr_pages;               /* pages whose text was read by OCR */
	char **articles;             /* labels "CRC 3(1)", "ECHR 8" ... */
	size_t n_articles;
	char **cites;                /* documents cited: UN symbols, ECLIs */
	size_t n_cites;
	char **dups;                 /* other paths of the same document */
	size_t n_dups;
	struct search_passage passages[SEARCH_MAX_PASSAGES];
	size_t n_passages;
	/* The stored data as the search read it (search/docdata.h), kept to
	 * cite the hit without reading it again (citeas_src_from()); owned,
	 * closed by search_result_free(); its pages come from the index, so
	 * it is read only while the index stays open and is not reopened. */
	struct docdata *dd;
};

struct search_facet_value {
	char *value;                 /* the filter value: "ruling", "RVS", "2019", "CRC:3" */
	unsigned count;
};

struct search_facet {
	const char *name;            /* "type", "court", "year", "lang", "article" */
	struct search_facet_value *v;
	size_t n;
};

enum { SEARCH_N_FACETS = 8 }; /* the five above, state, outcome, area */

struct search_result {
	unsigned total;              /* estimated number of matching documents */
	unsigned total_lower, total_upper;
	struct search_hit *hits;
	size_t n_hits;
	struct search_facet facets[SEARCH_N_FACETS];
	char *corrected;             /* "did you mean" query, or NULL */
	char **unknown;              /* words of q that no document holds in */
	size_t n_unknown;            /* any form (nor their equivalents) */
	char **unknown_en;           /* per unknown word: the English translations
	                              * searched in its place ("electricity, power",
	                              * search/xlate.h), or NULL */
	char *instead_of;            /* NULL, or q when it found nothing and
	                              * these are the results of corrected */
	char *understood;            /* citations read in the words and the words
	                              * left: "art. 3 lid 1 IVRK + woord", or NULL */
	char *understood_en;         /* the same in English: "art. 3(1) CRC + woord" */
	int no_spelling;             /* 1: the index cannot suggest spellings
	                              * (a remote shard: search/xapian_c.h) */
	int facets_exact;            /* 0: facets counted over the best
	                              * SEARCH_FACET_LIMIT matches only */
	int by_date;                 /* 1: newest first; 0: by relevance */
	double ms;                   /* time taken */
	double ms_query, ms_match, ms_hits, ms_count; /* of which: building the
	                             * query, ranking, reading the hits, and
	                             * waiting for the facet count that ran
	                             * beside the last two */
};

/* Opens the index in dir.  ERR_NOTFOUND when there is none yet. */
struct search_db *search_open(const char *dir, struct error **err);
/* The same, with the caches of ctx (search/context.h; borrowed, must
 * outlive the handle); search_open() gives the handle a context of its
 * own. */
struct search_ctx;
struct search_db *search_open_in(struct search_ctx *ctx, const char *dir, struct error **err);
/* The context the handle uses. */
struct search_ctx *search_db_ctx(struct search_db *db);
/* Picks up what the indexer has committed since.  Returns 1 when the index
 * changed, 0 when not, -1 with *err. */
int search_reopen(struct search_db *db, struct error **err);
void search_close(struct search_db *db);
unsigned search_doccount(struct search_db *db);

/* A string that identifies request req on the index as it is now (every
 * field of the request and the index version), for caching answers
 * (search/rcache.h).  malloc()ed. */
char *search_cache_key(struct search_db *db, const struct search_req *req);

/* Runs a request.  Returns the result or NULL with *err. */
struct search_result *search_run(struct search_db *db, const struct search_req *req,
				 struct error **err);
void search_result_free(struct search_result *res);

/* The result as one JSON object (see README "JSON output"); malloc()ed.
 * With cs (search/citeas.h) and db, each hit and each passage carries
 * "cite_as": {"nl", "en"}, the citation with the passage's pinpoint (the
 * hit's: its first passage's). */
struct citeas;
char *search_result_json(const struct search_result *res, int pretty);
char *search_result_json_cite(const struct search_result *res, int pretty, const struct citeas *cs,
			      struct search_db *db);

/* ---- one document ---- */

/* Loads the stored data of document id into *dd (release with
 * docdata_close).  ERR_NOTFOUND when there is no such document. */
int search_doc_load(struct search_db *db, unsigned id, struct docdata *dd, struct error **err);
/* The id of the document stored for path (absolute), or 0. */
unsigned search_doc_by_path(struct search_db *db, const char *path);

/* Highlights the words of query q (user syntax, may be NULL) in text,
 * returning escaped HTML with <mark> around matches (malloc()ed).  Used for
 * the page texts of the document view.  lang: the document's language. */
char *search_highlight(struct search_db *db, const char *q, const char *text, size_t len,
		       const char *lang, struct error **err);

/* A short list of documents: id, title, and extra (date or ident). */
struct search_doc_ref {
	unsigned id;
	char *title, *date, *ident, *type;
};
struct search_doc_list {
	struct search_doc_ref *items;
	size_t n;
	unsigned total;              /* search_cited_by: how many in all */
};
void search_doc_list_clear(struct search_doc_list *l);
/* Documents that cite identifier ident (an ECLI, UN symbol or application
 * number, in any of its forms: search/ident.h), newest first, up to max;
 * out->total says how many there are in all. */
int search_cited_by(struct search_db *db, const char *ident, size_t max,
		    struct search_doc_list *out, struct error **err);
/* How many documents cite identifier ident (any of its forms), counting
 * every copy; 0 for none or an empty ident. */
unsigned search_cited_count(struct search_db *db, const char *ident);
/* Documents most like document id (relevance feedback), up to max. */
int search_more_like_this(struct search_db *db, unsigned id, size_t max,
			  struct search_doc_list *out, struct error **err);

/* The document whose own identifier (ECLI, UN symbol) is ident, or 0. */
unsigned search_doc_by_ident(struct search_db *db, const char *ident);

/* The display name of court or body code ("RVS" -> "Raad van State"), as
 * the indexer found it, or NULL; malloc()ed. */
char *search_court_name(struct search_db *db, const char *code);

/* How many documents cite article art of instrument inst ("CRC", "OPSC",
 * ...), for the article picker. */
unsigned search_article_count(struct search_db *db, const char *inst, int art);

/* Escaped-HTML helper shared with the CLI: removes <mark> tags and turns
 * entities back into text.  malloc()ed. */
char *search_html_to_text(const char *html);

#endif
