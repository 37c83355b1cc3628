/* facets.cc - the facet engine (see facets.h). */
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fcntl.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "search/facets.h"

/* The facet values and collapse groups of every document, in memory, so
 * that counting facets over all matches reads no values (see
 * facet_column()).  Built on the first faceted query of a revision. */
struct FacetColumn {
	std::string key;                 /* revision, last docid, doccount, slots */
	Xapian::docid last = 0;
	std::vector<uint32_t> group;     /* [docid]: collapse group + 1; 0: none */
	std::vector<uint32_t> start;     /* [docid]..[docid + 1]: range in codes */
	std::vector<uint32_t> codes;     /* indexes into dict */
	std::vector<std::pair<unsigned, std::string>> dict;  /* (section, value) */
	uint32_t n_groups = 0;
	/* The packed facet value of each document that shares its collapse
	 * group with others: a group is counted by the member whose value is
	 * least, the same member however the documents are numbered (in one
	 * database or over shards). */
	std::vector<uint32_t> group_size;  /* [group] */
	std::unordered_map<Xapian::docid, std::string> shared;
};

namespace {
/* Numbers distinct byte strings 0, 1, 2, ... in the order first seen; a
 * lookup allocates nothing unless the string is new (the facet column looks
 * up millions of short strings). */
class Interner {
      public:
	/* The number of (tag, p[0..n)). */
	uint32_t id(unsigned char tag, const char *p, size_t n)
	{
		probe.assign(1, static_cast<char>(tag));
		probe.append(p, n);
		auto it = ids.find(std::string_view(probe));
		if (it != ids.end())
			return it->second;
		/* A deque does not move its strings, so the views stay valid. */
		keys.push_back(probe);
		uint32_t id = static_cast<uint32_t>(keys.size() - 1);
		ids.emplace(std::string_view(keys.back()), id);
		return id;
	}
	size_t size() const { return keys.size(); }

      private:
	std::deque<std::string> keys;  /* the tag byte, then the string */
	std::unordered_map<std::string_view, uint32_t> ids;
	std::string probe;
};

/* Calls fn(section, offset, length) for every non-empty value of the packed
 * facet value val: sections split by o's section separator, values within
 * one by its separator. */
template <typename F> void for_each_packed(const std::string &val, const struct xc_run_opts *o, F fn)
{
	size_t from = 0;
	for (unsigned sec = 0; from <= val.size(); sec++) {
		size_t to = val.find(o->facet_section_sep, from);
		if (to == std::string::npos)
			to = val.size();
		size_t a = from;
		while (a < to) {
			size_t b = o->facet_separator ? val.find(o->facet_separator, a)
						       : std::string::npos;
			if (b == std::string::npos || b > to)
				b = to;
			if (b > a)
				fn(sec, a, b - a);
			a = b + 1;
		}
		from = to + 1;
	}
}

std::shared_ptr<const FacetColumn> build_column(Xapian::Database &db, const struct xc_run_opts *o,
						 const std::string &key);

/* The column kept beside the index, "<dir>.facets", so that a process that
 * searches once (kindex search) reads it instead of building it from every
 * document's values: written by the first process that builds the column
 * for a revision (atomically: a temporary file renamed), read by the next
 * ones while its key (uuid, revision, ...) is the index's.  A file of
 * another revision, a damaged or short one, or one that cannot be written
 * (a read-only folder) only means the column is built.  Layout (native
 * byte order, all u32 but the header): "KFCOL1\n\0", u64 length and u64
 * checksum of the rest; the key (length, bytes), last, n_groups,
 * group[last + 1], start[last + 2], the codes (count, codes), the dict
 * (count, then section, length, bytes each), group_size[n_groups + 1], the
 * shared values (count, then docid, length, bytes each). */
const char COL_MAGIC[8] = { 'K', 'F', 'C', 'O', 'L', '1', '\n', '\0' };

std::string column_path(const std::string &dir)
{
	std::string p = dir;
	while (p.size() > 1 && p.back() == '/')
		p.pop_back();
	return p + ".facets";
}

uint64_t col_checksum(const std::string &b, size_t from)
{
	uint64_t h = 0x9E3779B97F4A7C15ull;
	size_t i = from;
	for (; i + 8 <= b.size(); i += 8) {
		uint64_t w;
		memcpy(&w, b.data() + i, 8);
		h = (h ^ w) * 0x100000001B3ull;
		h ^= h >> 29;
	}
	for (; i < b.size(); i++)
		h = (h ^ static_cast<unsigned char>(b[i])) * 0x100000001B3ull;
	return h;
}

void put32(std::string &b, uint32_t v)
{
	b.append(reinterpret_cast<const char *>(&v), 4);
}

void put_vec(std::string &b, const std::vector<uint32_t> &v)
{
	if (!v.empty())
		b.append(reinterpret_cast<const char *>(v.data()), v.size() * 4);
}

void put_str(std::string &b, const std::string &s)
{
	put32(b, static_cast<uint32_t>(s.size()));
	b.append(s);
}

void save_column(const std::string &dir, const FacetColumn &c)
{
	std::string b(COL_MAGIC, 8);
	b.append(16, '\0');
	put_str(b, c.key);
	put32(b, c.last);
	put32(b, c.n_groups);
	put_vec(b, c.group);
	put_vec(b, c.start);
	put32(b, static_cast<uint32_t>(c.codes.size()));
	put_vec(b, c.codes);
	put32(b, static_cast<uint32_t>(c.dict.size()));
	for (const auto &e : c.dict) {
		put32(b, e.first);
		put_str(b, e.second);
	}
	put_vec(b, c.group_size);
	put32(b, static_cast<uint32_t>(c.shared.size()));
	for (const auto &e : c.shared) {
		put32(b, e.first);
		put_str(b, e.second);
	}
	uint64_t len = b.size() - 24, sum = col_checksum(b, 24);
	memcpy(&b[8], &len, 8);
	memcpy(&b[16], &sum, 8);
	std::string path = column_path(dir);
	std::string tmp = path + ".tmp." + std::to_string(getpid());
	/* Private like the index's own files. */
	int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd < 0 ? nullptr : fdopen(fd, "wb");
	if (f == nullptr) {
		if (fd >= 0) {
			close(fd);
			unlink(tmp.c_str());
		}
		return;
	}
	bool ok = fwrite(b.data(), 1, b.size(), f) == b.size();
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp.c_str(), path.c_str()) != 0)
		unlink(tmp.c_str());
}

/* Reads what save_column() wrote, checking every count and index against
 * the bytes there are. */
class ColReader {
      public:
	explicit ColReader(const std::string &buf) : b(buf), at(24) {}
	bool u32(uint32_t &v)
	{
		if (b.size() - at < 4)
			return false;
		memcpy(&v, b.data() + at, 4);
		at += 4;
		return true;
	}
	bool vec(std::vector<uint32_t> &v, uint64_t n)
	{
		if ((b.size() - at) / 4 < n)
			return false;
		v.resize(n);
		if (n)
			memcpy(v.data(), b.data() + at, n * 4);
		at += n * 4;
		return true;
	}
	bool str(std::string &s)
	{
		uint32_t n;
		if (!u32(n) || b.size() - at < n)
			return false;
		s.assign(b, at, n);
		at += n;
		return true;
	}
	bool done() const { return at == b.size(); }

      private:
	const std::string &b;
	size_t at;
};

std::shared_ptr<const FacetColumn> load_column(const std::string &dir, const std::string &key)
{
	FILE *f = fopen(column_path(dir).c_str(), "rb");
	if (f == nullptr)
		return nullptr;
	std::string b;
	char head[24];
	uint64_t len = 0, sum = 0;
	bool ok = fread(head, 1, 24, f) == 24 && memcmp(head, COL_MAGIC, 8) == 0;
	if (ok) {
		memcpy(&len, head + 8, 8);
		memcpy(&sum, head + 16, 8);
		ok = len < (uint64_t(1) << 34);
	}
	if (ok) {
		b.assign(head, 24);
		b.resize(24 + len);
		ok = fread(&b[24], 1, len, f) == len && fgetc(f) == EOF &&
		     col_checksum(b, 24) == sum;
	}
	fclose(f);
	if (!ok)
		return nullptr;
	std::shared_ptr<FacetColumn> c = std::make_shared<FacetColumn>();
	ColReader r(b);
	uint32_t n = 0, last = 0;
	if (!r.str(c->key) || c->key != key || !r.u32(last) || !r.u32(c->n_groups) ||
	    !r.vec(c->group, uint64_t(last) + 1) || !r.vec(c->start, uint64_t(last) + 2) ||
	    !r.u32(n) || !r.vec(c->codes, n) || !r.u32(n))
		return nullptr;
	c->last = last;
	c->dict.resize(n);
	for (auto &e : c->dict)
		if (!r.u32(e.first) || !r.str(e.second))
			return nullptr;
	if (!r.vec(c->group_size, uint64_t(c->n_groups) + 1) || !r.u32(n))
		return nullptr;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t d;
		std::string v;
		if (!r.u32(d) || !r.str(v))
			return nullptr;
		c->shared.emplace(d, std::move(v));
	}
	/* Every index in range: a file that passed the checksum but was
	 * written wrong must not make the count read out of bounds. */
	if (!r.done() || c->start.back() != c->codes.size())
		return nullptr;
	for (size_t d = 1; d < c->start.size(); d++)
		if (c->start[d] < c->start[d - 1])
			return nullptr;
	for (uint32_t code : c->codes)
		if (code >= c->dict.size())
			return nullptr;
	for (uint32_t g : c->group)
		if (g > c->n_groups)
			return nullptr;
	return c;
}

/* The facet column for the packed facet slot and the collapse slot of o,
 * current for db's revision: the reader's own (cache) when current, else
 * the one its share holds for that revision (built under the share's lock,
 * so once for all the readers sharing it), else a new one.  (A writer's view within a transaction keeps
 * its revision: documents replaced in it are not seen.) */
std::shared_ptr<const FacetColumn> facet_column(Xapian::Database &db,
						std::shared_ptr<const FacetColumn> &cache,
						xc_facet_share *share, const struct xc_run_opts *o,
						const std::string &dir)
{
	std::string key = db.get_uuid() + ":" + std::to_string(db.get_revision()) + ":" +
			  std::to_string(db.get_lastdocid()) + ":" +
			  std::to_string(db.get_doccount()) + ":" +
			  std::to_string(o->facet_packed_slot) + ":" +
			  std::to_string(o->collapse_slot) + ":" + o->facet_section_sep +
			  o->facet_separator;
	if (cache && cache->key == key)
		return cache;
	auto get = [&]() {
		std::shared_ptr<const FacetColumn> c;
		if (!dir.empty())
			c = load_column(dir, key);
		if (!c) {
			c = build_column(db, o, key);
			if (!dir.empty())
				save_column(dir, *c);
		}
		return c;
	};
	if (share == nullptr) {
		cache = get();
		return cache;
	}
	std::lock_guard<std::mutex> hold(share->lock);
	if (!share->col || share->col->key != key)
		share->col = get();
	cache = share->col;
	return cache;
}

/* One pass over each value stream. */
std::shared_ptr<const FacetColumn> build_column(Xapian::Database &db, const struct xc_run_opts *o,
						 const std::string &key)
{
	std::shared_ptr<FacetColumn> c = std::make_shared<FacetColumn>();
	c->key = key;
	c->last = db.get_lastdocid();
	c->group.assign(c->last + 1, 0);
	c->start.assign(c->last + 2, 0);
	if (o->collapse_slot >= 0) {
		Interner groups;
		Xapian::valueno slot = static_cast<Xapian::valueno>(o->collapse_slot);
		for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
			Xapian::docid d = v.get_docid();
			if (d > c->last)
				break;
			const std::string g = *v;
			c->group[d] = groups.id(0, g.data(), g.size()) + 1;
		}
		c->n_groups = static_cast<uint32_t>(groups.size());
		c->group_size.assign(c->n_groups + 1, 0);
		for (Xapian::docid d = 1; d <= c->last; d++)
			if (c->group[d])
				c->group_size[c->group[d]]++;
	}
	Interner dict;
	Xapian::docid next = 1;  /* the first docid whose start is not set */
	for (auto v = db.valuestream_begin(o->facet_packed_slot);
	     v != db.valuestream_end(o->facet_packed_slot); ++v) {
		Xapian::docid d = v.get_docid();
		if (d > c->last)
			break;
		for (; next <= d; next++)
			c->start[next] = static_cast<uint32_t>(c->codes.size());
		const std::string val = *v;
		if (c->group[d] && c->group_size[c->group[d]] > 1)
			c->shared.emplace(d, val);
		for_each_packed(val, o, [&](unsigned sec, size_t a, size_t len) {
			uint32_t code = dict.id(static_cast<unsigned char>(sec), val.data() + a, len);
			if (code == c->dict.size())
				c->dict.emplace_back(sec, std::string(val, a, len));
			c->codes.push_back(code);
		});
	}
	for (; next <= c->last + 1; next++)
		c->start[next] = static_cast<uint32_t>(c->codes.size());
	return c;
}

/* Counts, for every match, its facet values from the column; a collapse
 * group is counted once, like the results show it, by its member whose
 * packed value is least (see FacetColumn::shared; finish() counts those). */
class ColumnSpy : public Xapian::MatchSpy {
      public:
	const FacetColumn &c;
	std::vector<Xapian::doccount> counts;
	std::vector<bool> seen;
	std::vector<Xapian::docid> rep;      /* [group]: its member counted */
	std::vector<uint32_t> shared_groups; /* groups whose rep is to count */
	Xapian::doccount distinct = 0;
	explicit ColumnSpy(const FacetColumn &col)
	    : c(col), counts(col.dict.size(), 0), seen(col.n_groups + 1, false)
	{
	}
	void add(Xapian::docid d)
	{
		for (uint32_t i = c.start[d]; i < c.start[d + 1]; i++)
			counts[c.codes[i]]++;
	}
	const std::string &packed(Xapian::docid d) const
	{
		static const std::string none;
		auto it = c.shared.find(d);
		return it == c.shared.end() ? none : it->second;
	}
	void operator()(const Xapian::Document &doc, double) override
	{
		Xapian::docid d = doc.get_docid();
		if (d > c.last)
			return;
		uint32_t g = c.group[d];
		if (g && c.group_size[g] > 1) {
			if (rep.empty())
				rep.assign(c.n_groups + 1, 0);
			if (!seen[g]) {
				seen[g] = true;
				distinct++;
				rep[g] = d;
				shared_groups.push_back(g);
			} else if (packed(d) < packed(rep[g])) {
				rep[g] = d;
			}
			return;
		}
		if (g) {
			if (seen[g])
				return;
			seen[g] = true;
		}
		distinct++;
		add(d);
	}
	void finish()
	{
		for (uint32_t g : shared_groups)
			add(rep[g]);
		shared_groups.clear();
	}
};

Xapian::Query bool_form(const Xapian::Query &q);

/* Appends the alternatives of q (the leaves of nested OR-like operators,
 * in boolean form) to out. */
void alternatives(const Xapian::Query &q, std::vector<Xapian::Query> &out)
{
	switch (q.get_type()) {
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_SYNONYM:
	case Xapian::Query::OP_MAX:
		for (size_t i = 0; i < q.get_num_subqueries(); i++)
			alternatives(q.get_subquery(i), out);
		return;
	case Xapian::Query::OP_SCALE_WEIGHT:
		alternatives(q.get_subquery(0), out);
		return;
	default:
		out.push_back(bool_form(q));
	}
}

/* Does an alternative of type AND, PHRASE or NEAR need a term from terms
 * among its direct parts (so that it matches only where that term does)? */
bool needs_one_of(const Xapian::Query &q, const std::set<std::string> &terms)
{
	auto t = q.get_type();
	if (t != Xapian::Query::OP_AND && t != Xapian::Query::OP_FILTER &&
	    t != Xapian::Query::OP_PHRASE && t != Xapian::Query::OP_NEAR)
		return false;
	for (size_t i = 0; i < q.get_num_subqueries(); i++) {
		Xapian::Query sub = q.get_subquery(i);
		if (sub.get_type() == Xapian::Query::LEAF_TERM &&
		    terms.count(*sub.get_terms_begin()))
			return true;
	}
	return false;
}

/* q as a query that matches the same documents with less work, for
 * counting: weights dropped (OP_SCALE_WEIGHT, the optional side of
 * AND_MAYBE), nested ORs and synonyms flattened, repeated alternatives
 * taken once, and an alternative left out where it can only match
 * documents a single-term alternative beside it matches anyway ("immigration
 * detention" beside "detention"). */
Xapian::Query bool_form(const Xapian::Query &q)
{
	std::vector<Xapian::Query> subs;
	switch (q.get_type()) {
	case Xapian::Query::OP_SCALE_WEIGHT:
	case Xapian::Query::OP_AND_MAYBE:
		return bool_form(q.get_subquery(0));
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_SYNONYM:
	case Xapian::Query::OP_MAX: {
		std::vector<Xapian::Query> alts;
		alternatives(q, alts);
		std::set<std::string> terms, seen;
		for (const auto &a : alts)
			if (a.get_type() == Xapian::Query::LEAF_TERM)
				terms.insert(*a.get_terms_begin());
		/* Repeats by their term when they are one (most are: a
		 * synonym group), else by description (a string built from
		 * the whole subquery, costly to make for each). */
		for (const auto &a : alts) {
			if (needs_one_of(a, terms))
				continue;
			std::string key = a.get_type() == Xapian::Query::LEAF_TERM
						  ? "T" + *a.get_terms_begin()
						  : "D" + a.get_description();
			if (seen.insert(key).second)
				subs.push_back(a);
		}
		return Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end());
	}
	case Xapian::Query::OP_AND:
	case Xapian::Query::OP_FILTER:
		for (size_t i = 0; i < q.get_num_subqueries(); i++)
			subs.push_back(bool_form(q.get_subquery(i)));
		return Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end());
	case Xapian::Query::OP_AND_NOT:
		for (size_t i = 1; i < q.get_num_subqueries(); i++)
			subs.push_back(bool_form(q.get_subquery(i)));
		return Xapian::Query(Xapian::Query::OP_AND_NOT, bool_form(q.get_subquery(0)),
				     Xapian::Query(Xapian::Query::OP_OR, subs.begin(), subs.end()));
	default:
		return q;
	}
}

} // namespace

/* Counts the facets of o over every match of q: a second, unranked pass
 * (weights are not computed) whose spy reads the facet column. */
void facets_count(Xapian::Database &db, std::shared_ptr<const FacetColumn> &cache,
		  xc_facet_share *share, const Xapian::Query &q, const struct xc_run_opts *o,
		  FacetCounts &out, const std::string &dir)
{
	std::shared_ptr<const FacetColumn> held = facet_column(db, cache, share, o, dir);
	const FacetColumn &col = *held;
	Xapian::Enquire all(db);
	all.set_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, bool_form(q), 0));
	all.set_weighting_scheme(Xapian::BoolWeight());
	ColumnSpy spy(col);
	all.add_matchspy(&spy);
	all.get_mset(0, 0, db.get_doccount());
	spy.finish();
	out.distinct = spy.distinct;
	out.counted = true;
	for (size_t i = 0; i < o->n_facet_slots; i++) {
		/* Sorted as indexes into the dict (no strings moved), most
		 * frequent first, ties by value; values of a slot are distinct. */
		std::vector<uint32_t> idx;
		for (size_t k = 0; k < col.dict.size(); k++)
			if (spy.counts[k] && col.dict[k].first == o->facet_slots[i])
				idx.push_back(static_cast<uint32_t>(k));
		std::sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) {
			return spy.counts[a] != spy.counts[b] ? spy.counts[a] > spy.counts[b]
							      : col.dict[a].second < col.dict[b].second;
		});
		std::vector<std::pair<std::string, Xapian::doccount>> v;
		v.reserve(idx.size());
		for (uint32_t k : idx)
			v.emplace_back(col.dict[k].second, spy.counts[k]);
		out.facets.emplace_back(o->facet_slots[i], std::move(v));
	}
}

namespace {
/* Adds n to the count of every (section, value) in the packed facet value
 * val (sections split by o's section separator, values within one by its
 * separator). */
void add_packed(std::map<std::pair<unsigned, std::string>, long> &counts, const std::string &val,
		const struct xc_run_opts *o, long n)
{
	for_each_packed(val, o, [&](unsigned sec, size_t a, size_t len) {
		counts[std::make_pair(sec, std::string(val, a, len))] += n;
	});
}
} // namespace

void facets_count_shards(Xapian::Database &db, const Xapian::Query &q,
			 const struct xc_run_opts *o, FacetCounts &out)
{
	Xapian::Query counting(Xapian::Query::OP_SCALE_WEIGHT, bool_form(q), 0);
	Xapian::Enquire all(db);
	all.set_query(counting);
	all.set_weighting_scheme(Xapian::BoolWeight());
	Xapian::ValueCountMatchSpy facets(o->facet_packed_slot);
	std::unique_ptr<Xapian::ValueCountMatchSpy> groups;
	all.add_matchspy(&facets);
	if (o->collapse_slot >= 0) {
		groups.reset(new Xapian::ValueCountMatchSpy(
			static_cast<Xapian::valueno>(o->collapse_slot)));
		all.add_matchspy(groups.get());
	}
	all.get_mset(0, 0, db.get_doccount());
	std::map<std::pair<unsigned, std::string>, long> counts;
	for (auto v = facets.values_begin(); v != facets.values_end(); ++v)
		add_packed(counts, *v, o, static_cast<long>(v.get_termfreq()));
	Xapian::doccount distinct = static_cast<Xapian::doccount>(facets.get_total());
	if (groups) {
		/* Groups matched more than once: read their matches, keep the
		 * first of each and take the others off. */
		std::vector<Xapian::Query> keys;
		Xapian::doccount extra = 0;
		Xapian::valueno cslot = static_cast<Xapian::valueno>(o->collapse_slot);
		for (auto v = groups->values_begin(); v != groups->values_end(); ++v) {
			if (v.get_termfreq() < 2)
				continue;
			keys.emplace_back(Xapian::Query::OP_VALUE_RANGE, cslot, *v, *v);
			extra += v.get_termfreq();
		}
		if (!keys.empty()) {
			/* Their matches once more: a spy takes every one off, and
			 * collapsing with the least packed value first keeps each
			 * group's least, which is counted (no document is read:
			 * the sort key carries the value). */
			Xapian::Enquire dups(db);
			dups.set_query(Xapian::Query(
				Xapian::Query::OP_FILTER, counting,
				Xapian::Query(Xapian::Query::OP_OR, keys.begin(), keys.end())));
			dups.set_weighting_scheme(Xapian::BoolWeight());
			dups.set_collapse_key(cslot);
			dups.set_sort_by_value(o->facet_packed_slot, false);
			Xapian::ValueCountMatchSpy all_dups(o->facet_packed_slot);
			dups.add_matchspy(&all_dups);
			Xapian::MSet m = dups.get_mset(0, static_cast<Xapian::doccount>(keys.size()),
						       db.get_doccount());
			for (auto v = all_dups.values_begin(); v != all_dups.values_end(); ++v)
				add_packed(counts, *v, o, -static_cast<long>(v.get_termfreq()));
			for (auto i = m.begin(); i != m.end(); ++i)
				add_packed(counts, i.get_sort_key(), o, +1);
			distinct -= static_cast<Xapian::doccount>(all_dups.get_total() - m.size());
			(void)extra;
		}
	}
	out.distinct = distinct;
	out.counted = true;
	for (size_t i = 0; i < o->n_facet_slots; i++) {
		std::vector<std::pair<std::string, Xapian::doccount>> v;
		for (const auto &kv : counts)
			if (kv.second > 0 && kv.first.first == o->facet_slots[i])
				v.emplace_back(kv.first.second,
					       static_cast<Xapian::doccount>(kv.second));
		std::sort(v.begin(), v.end(), [](const auto &a, const auto &b) {
			return a.second != b.second ? a.second > b.second : a.first < b.first;
		});
		out.facets.emplace_back(o->facet_slots[i], std::move(v));
	}
}

struct xc_facet_share *xc_facet_share_new(void)
{
	try {
		return new xc_facet_share();
	} catch (...) {
		xalloc_die(); /* base/error.h (5) */
	}
}

void xc_facet_share_free(struct xc_facet_share *s)
{
	delete s;
}
