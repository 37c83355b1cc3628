/* facets.h - the facet engine behind xc_enquire() (C++, inside search/).
 *
 * Counts the facet values of every match of a query, a collapse group
 * once: a second, unranked pass over the query whose match spy looks each
 * match up in a facet column, an in-memory copy of the packed facet slot
 * and the collapse slot of every document (built once per revision of the
 * index, and shared by the readers that share an xc_facet_share).  xapian_c.cc runs it
 * in a thread of its own while the page is ranked. */
#ifndef KINDEX_FACETS_H
#define KINDEX_FACETS_H

#include <xapian.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "search/xapian_c.h"

struct FacetColumn;

/* The facet column that readers at one revision share (xapian_c.h). */
struct xc_facet_share {
	std::mutex lock;
	std::shared_ptr<const FacetColumn> col;
};

/* What a count found. */
struct FacetCounts {
	bool counted = false;        /* the count ran: distinct is exact */
	Xapian::doccount distinct = 0;  /* matches, a collapse group once */
	/* per slot of the run's facet_slots: (value, count), most frequent
	 * first, ties by value */
	std::vector<std::pair<unsigned, std::vector<std::pair<std::string, Xapian::doccount>>>> facets;
};

/* Counts the facets of o over every match of q in db into out, a collapse
 * group once, by its matching member whose packed facet value is least
 * (the same member whatever the docids: one database or shards).  cache is
 * the caller's handle on the facet column, replaced when db has moved on to
 * another revision, from share when not NULL.  dir, when not empty, is the
 * index's folder: the column of each revision is kept beside it
 * ("<dir>.facets") and read from there by the next process instead of
 * being built again.  Throws Xapian's exceptions. */
void facets_count(Xapian::Database &db, std::shared_ptr<const FacetColumn> &cache,
		  xc_facet_share *share, const Xapian::Query &q, const struct xc_run_opts *o,
		  FacetCounts &out, const std::string &dir = std::string());

/* The same over a database that combines shards, some of them perhaps
 * remote (no facet column, whose values would have to cross the network):
 * Xapian's ValueCountMatchSpy, which each remote shard runs where its data
 * is and whose counts Xapian merges, counts the packed facet values and
 * the collapse values of every match; the packed values are split into
 * their sections here.  A collapse group with several matches is counted
 * once, by its member whose packed value is least, as facets_count() does
 * (its matches are read and counted anew).  The same numbers as facets_count() over one database of
 * all the documents.  Throws Xapian's exceptions. */
void facets_count_shards(Xapian::Database &db, const Xapian::Query &q,
			 const struct xc_run_opts *o, FacetCounts &out);

#endif
