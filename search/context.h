/* context.h - what one process keeps between searches and documents.
 *
 * The analyzer of the data folder (synonyms, glossary, compound parts:
 * search/analyze.h), the phrase terms built from it (search/phrases.h), the
 * answer cache (search/rcache.h) and the facet column that readers share
 * (search/xapian_c.h).  The program creates one context (the server at
 * start, a command for its run, the indexer before it forks its workers),
 * passes it down, and frees it at the end; nothing of this is a process
 * global.  The analyzer and the phrases are loaded on first use; data-file
 * edits take effect with the next context.
 *
 * Thread safe: what is loaded on first use is loaded once, under the
 * context's lock, and only read afterwards. */
#ifndef KINDEX_CONTEXT_H
#define KINDEX_CONTEXT_H

struct analyze;
struct phrase_counter;
struct rcache;
struct xc_facet_share;
struct search_ctx;

/* A new context whose analyzer reads the data folder (util_data_path()).
 * Never NULL. */
struct search_ctx *search_ctx_new(void);
/* Releases c and all it holds.  Accepts NULL. */
void search_ctx_free(struct search_ctx *c);

/* The analyzer; NULL when its files cannot be read (searching and indexing
 * then do without synonyms and compounds). */
const struct analyze *search_ctx_analyze(struct search_ctx *c);
/* Keeps the analyzer compiled beside the index in index_dir
 * ("<index_dir>.analyze", search/analyze.h: analyze_open_cached()), so that
 * the next process reads it instead of parsing the data files.  The first
 * folder given before the analyzer is loaded counts. */
void search_ctx_cache_beside(struct search_ctx *c, const char *index_dir);
/* The phrase terms of the analyzer, prepared for counting.  Never NULL. */
const struct phrase_counter *search_ctx_phrases(struct search_ctx *c);
/* The answer cache.  Never NULL. */
struct rcache *search_ctx_cache(struct search_ctx *c);
/* The facet column readers share.  Never NULL. */
struct xc_facet_share *search_ctx_facets(struct search_ctx *c);

#endif
