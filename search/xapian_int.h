/* xapian_int.h - what the two halves of the C wrapper share: the handles'
 * definitions, the string helper and the GUARD ... END_GUARD that turns
 * every exception into a struct error.  Only search/xapian_c.cc (the read
 * side: readers, queries, matches) and search/xapian_write.cc (the write
 * side and documents) include it. */
#ifndef KINDEX_XAPIAN_INT_H
#define KINDEX_XAPIAN_INT_H

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <new>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include "base/xalloc.h"
#include "search/facets.h"
#include "search/xapian_c.h"

struct xc_writer {
	Xapian::WritableDatabase db;
	Xapian::TermGenerator tg;
	bool in_txn = false;
	struct xc_reader *view = nullptr;
	/* Spelling words of the current batch with their document counts,
	 * added to the database once per batch at commit: one Xapian call
	 * per distinct word instead of one per word and document. */
	std::unordered_map<std::string, unsigned> spelling;
};

struct xc_reader {
	Xapian::Database db;
	std::shared_ptr<const FacetColumn> col = nullptr;  /* see search/facets.h */
	struct xc_facet_share *share = nullptr;   /* borrowed; NULL: none */
	std::string dir = "";                 /* "" for a writer's view */
	/* A second handle on the same revision, for counting facets in a
	 * thread of their own while db ranks (see xc_enquire()). */
	std::unique_ptr<Xapian::Database> count_db = nullptr;
	std::mutex count_lock;                /* held while count_db is in use */
	/* Opened from a stub file naming several databases or a remote one:
	 * db combines shards (added in this order, so that a docid d of db is
	 * docid (d - 1) / n + 1 of shard (d - 1) % n), each also held on its
	 * own for what Xapian reads from the first database only (metadata). */
	std::string stub = "";
	std::vector<Xapian::Database> shards;
	bool remote = false;                  /* a shard is remote */
	unsigned long generation = 0;         /* reopens that changed something */
	unsigned long count_generation = 0;   /* of count_db (a stub's) */
	/* Over a remote shard every lookup is a round trip: term frequencies
	 * and the shard of a document, as found at this generation. */
	std::unordered_map<std::string, Xapian::doccount> termfreqs;
	std::unordered_map<std::string, unsigned> shard_of;
	/* The last document read (a remote shard sends its data and values
	 * in one answer: a hit's data, path and collapse key are one trip). */
	Xapian::docid last_id = 0;
	Xapian::Document last_doc;
	/* Spelling data for a stub with a remote shard (which serves none):
	 * the database STUB.spelling, when there is one. */
	std::unique_ptr<Xapian::Database> spelling;
	explicit xc_reader(const Xapian::Database &d) : db(d) {}
};

struct xc_doc {
	Xapian::Document doc;
	Xapian::termpos pos = 0;
};

struct xc_query {
	Xapian::Query q;
};

struct xc_mset {
	Xapian::MSet mset;
	Xapian::doccount first = 0;  /* the page asked for starts at mset[first] */
	Xapian::doccount count = 0;  /* and has this many items */
	FacetCounts fc;              /* the facet counts, once counted */
	/* Counting the facets, until joined; what it threw. */
	mutable std::thread counter;
	mutable std::exception_ptr count_error = nullptr;
	void join() const
	{
		if (counter.joinable())
			counter.join();
	}
	~xc_mset() { join(); }
};

inline char *dup_string(const std::string &s, size_t *len)
{
	char *p = static_cast<char *>(malloc(s.size() + 1));
	if (!p)
		throw std::bad_alloc();
	memcpy(p, s.data(), s.size());
	p[s.size()] = '\0';
	if (len)
		*len = s.size();
	return p;
}

#define GUARD try {
#define END_GUARD(fail)                                                                  \
	}                                                                                \
	catch (const Xapian::QueryParserError &e)                                        \
	{                                                                                \
		error_set(err, ERR_QUERY, "%s", e.get_msg().c_str());                    \
		return fail;                                                             \
	}                                                                                \
	catch (const Xapian::DatabaseLockError &e)                                       \
	{                                                                                \
		error_set(err, ERR_BUSY, "index is in use by another writer: %s",        \
			  e.get_msg().c_str());                                          \
		return fail;                                                             \
	}                                                                                \
	catch (const Xapian::DatabaseModifiedError &e)                                   \
	{                                                                                \
		error_set(err, ERR_STALE, "%s", e.get_msg().c_str());                    \
		return fail;                                                             \
	}                                                                                \
	catch (const Xapian::DatabaseNotFoundError &e)                                   \
	{                                                                                \
		error_set(err, ERR_NOTFOUND, "%s", e.get_msg().c_str());                 \
		return fail;                                                             \
	}                                                                                \
	catch (const Xapian::DocNotFoundError &e)                                        \
	{                                                                                \
		error_set(err, ERR_NOTFOUND, "%s", e.get_msg().c_str());                 \
		return fail;                                                             \
	}                                                                                \
	catch (const Xapian::NetworkError &e)                                            \
	{                                                                                \
		error_set(err, ERR_BUSY, "a shard of the index is unreachable: %s: %s",  \
			  e.get_type(), e.get_msg().c_str());                            \
		return fail;                                                             \
	}                                                                                \
	catch (const Xapian::UnimplementedError &e)                                      \
	{                                                                                \
		/* e.g. NEAR over a wildcard: the query's fault, not the server's */    \
		error_set(err, ERR_QUERY, "unsupported query: %s", e.get_msg().c_str()); \
		return fail;                                                             \
	}                                                                                \
	catch (const Xapian::InvalidArgumentError &e)                                    \
	{                                                                                \
		error_set(err, ERR_INPUT, "%s", e.get_msg().c_str());                    \
		return fail;                                                             \
	}                                                                                \
	catch (const Xapian::Error &e)                                                   \
	{                                                                                \
		error_set(err, ERR_DB, "%s: %s", e.get_type(), e.get_msg().c_str());     \
		return fail;                                                             \
	}                                                                                \
	catch (const std::bad_alloc &)                                                   \
	{                                                                                \
		xalloc_die(); /* base/error.h (5) */                                     \
	}                                                                                \
	catch (const std::exception &e)                                                  \
	{                                                                                \
		error_set(err, ERR_INTERNAL, "%s", e.what());                            \
		return fail;                                                             \
	}                                                                                \
	catch (...)                                                                      \
	{                                                                                \
		error_set(err, ERR_INTERNAL, "unknown C++ exception");                   \
		return fail;                                                             \
	}

/* For entry points without an err parameter. */
#define NOERR struct error **err = nullptr

/* This thread's caching stemmer for lang (throws on an unknown name): it
 * remembers its answers, a few MB a thread at most (xapian_write.cc).  Kept
 * per thread: a Stem's reference count is not atomic. */
Xapian::Stem cached_stem(const char *lang);

#endif
