/* index_write.h - the write side of the index: what the indexer may do to it.
 *
 * search/ owns the index; the indexer turns files into documents
 * (search/docbuild.h) and hands them over here, without seeing Xapian.  A
 * writer holds the database lock from ix_open() to ix_close().  Changes are
 * made in transactions: everything between ix_begin() and ix_commit() becomes
 * visible to readers at once, or (on ix_cancel(), a crash or a kill) not at
 * all.  A document is stored under its uid (hex BLAKE2b-128 of the file's
 * path, search/schema.h); its page texts and citations go to the page store
 * (search/pagestore.h) in the same transaction.
 *
 * Errors as everywhere (base/error.h): -1 or NULL with *err.  Strings given
 * are borrowed for the call; strings returned are malloc()ed for the caller. */
#ifndef KINDEX_INDEX_WRITE_H
#define KINDEX_INDEX_WRITE_H

#include <stddef.h>

#include "base/error.h"
#include "base/util.h"
#include "search/docdata.h"

struct ix_writer;
struct ix_doc; /* a built document (search/docbuild.h) */

/* Opens (creating when missing) the index in db_dir and takes its lock. */
struct ix_writer *ix_open(const char *db_dir, struct error **err);
/* Commits a pending transaction's changes and closes.  Accepts NULL. */
void ix_close(struct ix_writer *w);

/* ERR_INPUT when the index was made with another SCHEMA_VERSION (an empty
 * index has none and passes).  db_dir only names it in the message. */
int ix_check_schema(struct ix_writer *w, const char *db_dir, struct error **err);
/* Records this build's SCHEMA_VERSION (in the current transaction). */
int ix_set_schema(struct ix_writer *w, struct error **err);

/* Transactions.  ix_begin() in a transaction and ix_commit() outside one do
 * nothing. */
int ix_begin(struct ix_writer *w, struct error **err);
int ix_commit(struct ix_writer *w, struct error **err);
int ix_cancel(struct ix_writer *w, struct error **err);
int ix_in_transaction(const struct ix_writer *w);

/* Number of documents, uncommitted changes included. */
unsigned ix_doccount(struct ix_writer *w);

/* Calls fn for every document of the index, in uid order, with its internal
 * id, its fingerprint (VAL_FINGERPRINT) and path, until fn returns non-zero. */
typedef int (*ix_doc_fn)(void *ctx, const char *uid, unsigned docid, const char *fingerprint,
			 const char *path);
int ix_each_doc(struct ix_writer *w, ix_doc_fn fn, void *ctx, struct error **err);

/* The stored data of document docid, opened into dd with its pages read
 * from the page store (docdata_close() releases it). */
int ix_load_doc(struct ix_writer *w, unsigned docid, struct docdata *dd, struct error **err);
/* How many pages document docid has (0 when unknown). */
int ix_doc_pages(struct ix_writer *w, unsigned docid);

/* Stores d under uid, replacing the document there, and moves its
 * citations into the page store.  Starts a transaction when none is open. */
int ix_put_doc(struct ix_writer *w, const char *uid, struct ix_doc *d, struct error **err);
/* Deletes the document uid, its pages_stored pages and its citations. */
int ix_delete_doc(struct ix_writer *w, const char *uid, int pages_stored, struct error **err);

/* The page store: how many chunks n_pages pages take; chunk (0-based) of
 * the pages packed for storage, appended to out (may run in a worker); the
 * packed chunk stored for uid; the chunks from first_chunk (0-based) to the
 * one holding page to_page removed. */
int ix_page_chunks(int n_pages);
int ix_pack_pages(char *const *pages, const size_t *lens, int n_pages, int chunk, struct buf *out,
		  struct error **err);
int ix_put_pages(struct ix_writer *w, const char *uid, int chunk, const char *packed, size_t len,
		 struct error **err);
int ix_delete_pages(struct ix_writer *w, const char *uid, int first_chunk, int to_page,
		    struct error **err);

/* Adds len bytes of NUL-separated words (each counted once) to the
 * spelling data behind "did you mean"; written by the next commit. */
int ix_add_spelling_words(struct ix_writer *w, const char *words, size_t len, struct error **err);

/* Keeps the display name of the court or body a built document names
 * (META_COURT_NAME), so facets can name courts without loading documents.
 * *code receives the court's code (malloc()ed, NULL when it has none or no
 * name), so the caller can record each court once. */
int ix_doc_court(const struct ix_doc *d, char **code, char **name, struct error **err);
int ix_set_court_name(struct ix_writer *w, const char *code, const char *name, struct error **err);

/* Records which phrase terms (search/phrases.h) every document of the
 * index has (META_PHRASES): those the builder adds with ctx's phrases that
 * the documents already there have too (all in an empty index).  Call
 * before adding documents; starts a transaction when it has something to
 * write. */
struct search_ctx;
int ix_record_phrases(struct ix_writer *w, struct search_ctx *ctx, struct error **err);

/* Writes a compacted copy of the index in db_dir into the new directory
 * dst, swaps the two (renameat2 RENAME_EXCHANGE) while w holds the lock,
 * and reopens w on the compacted index.  dst is left holding the old index
 * (or a failed copy) for the caller to remove.  On failure *w may be NULL
 * (the reopen failed). */
int ix_compact_swap(struct ix_writer **w, const char *db_dir, const char *dst, struct error **err);

/* Shards: an index may hold only the documents whose uid hashes to K of N
 * (1 <= K <= N), so that N indexes searched together through a Xapian stub
 * file (search/xapian_c.h) hold every document once.  ix_shard_of() is
 * the shard (1..n) of uid (hex); n 0 gives 0. */
unsigned ix_shard_of(const char *uid, unsigned n);
/* Refuses (ERR_INPUT) to write shard k of n (n 0: no shards) into an index
 * that records another layout (META_SHARD), which would put documents on
 * two shards; an index without a record takes any. */
int ix_check_shard(struct ix_writer *w, const char *db_dir, unsigned k, unsigned n,
		   struct error **err);
/* Records the layout (n 0: none; an index never sharded records nothing). */
int ix_set_shard(struct ix_writer *w, unsigned k, unsigned n, struct error **err);

/* Built documents travel from worker processes as bytes. */
char *ix_doc_serialise(const struct ix_doc *d, size_t *len, struct error **err);
struct ix_doc *ix_doc_unserialise(const char *data, size_t len, struct error **err);
void ix_doc_free(struct ix_doc *d);

#endif
