/* xapian_c.cc - implementation of the C interface in xapian_c.h.
 *
 * Every entry point is wrapped in GUARD ... END_GUARD, which turns any
 * exception into a struct error.  Handles hold Xapian objects by value, so a
 * constructor either succeeds or throws with nothing half-made to clean. */
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
#include "search/xapian_int.h"

/* ---- read side ---- */

namespace {
/* How long a remote shard may take to connect and to answer (milliseconds):
 * $KINDEX_SHARD_TIMEOUT_MS, else 5000. */
unsigned shard_timeout_ms()
{
	const char *e = getenv("KINDEX_SHARD_TIMEOUT_MS");
	long v = e ? strtol(e, nullptr, 10) : 0;
	return v > 0 && v < 3600000 ? static_cast<unsigned>(v) : 5000;
}

bool is_regular_file(const std::string &path)
{
	struct stat st;
	return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/* Appends the databases a Xapian stub file names to out, as Xapian reads
 * it (lines "auto PATH", "glass PATH", "chert PATH", "remote HOST:PORT",
 * "remote :PROGRAM ARGS", "inmemory"; "#" comments; a relative path is
 * taken from the stub's folder; a PATH that is a stub itself is read in
 * turn), but opening remote ones with kindex's timeouts.  Sets *remote when
 * one is remote. */
void open_stub(const std::string &stub, std::vector<Xapian::Database> &out, bool *remote,
	       int depth)
{
	if (depth > 8)
		throw Xapian::DatabaseOpeningError("stub files nest too deep: " + stub);
	FILE *f = fopen(stub.c_str(), "r");
	if (!f)
		throw Xapian::DatabaseNotFoundError("cannot read stub file " + stub);
	std::string base = stub.substr(0, stub.find_last_of('/') + 1);
	char line[4096];
	unsigned lineno = 0;
	unsigned tmo = shard_timeout_ms();
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		std::string l(line);
		while (!l.empty() && (l.back() == '\n' || l.back() == '\r' || l.back() == ' ' ||
				      l.back() == '\t'))
			l.pop_back();
		size_t b = l.find_first_not_of(" \t");
		if (b == std::string::npos || l[b] == '#')
			continue;
		l.erase(0, b);
		size_t sp = l.find_first_of(" \t");
		std::string kind = l.substr(0, sp);
		std::string arg = sp == std::string::npos ? "" : l.substr(l.find_first_not_of(" \t", sp));
		try {
			if (kind == "inmemory") {
				out.push_back(Xapian::Database(std::string(), Xapian::DB_BACKEND_INMEMORY));
			} else if (kind == "remote" && !arg.empty() && arg[0] == ':') {
				std::string cmd = arg.substr(1), args;
				size_t s2 = cmd.find(' ');
				if (s2 != std::string::npos) {
					args = cmd.substr(s2 + 1);
					cmd.erase(s2);
				}
				out.push_back(Xapian::Remote::open(cmd, args, tmo));
				*remote = true;
			} else if (kind == "remote") {
				size_t colon = arg.rfind(':');
				if (colon == std::string::npos || colon == 0)
					throw Xapian::DatabaseOpeningError("expected HOST:PORT");
				unsigned port = static_cast<unsigned>(atoi(arg.c_str() + colon + 1));
				out.push_back(Xapian::Remote::open(arg.substr(0, colon), port, tmo, tmo));
				*remote = true;
			} else if ((kind == "auto" || kind == "glass" || kind == "chert") && !arg.empty()) {
				std::string path = arg[0] == '/' ? arg : base + arg;
				if (is_regular_file(path))
					open_stub(path, out, remote, depth + 1);
				else
					out.push_back(Xapian::Database(path));
			} else {
				throw Xapian::DatabaseOpeningError("unknown line");
			}
		} catch (const Xapian::DatabaseOpeningError &e) {
			fclose(f);
			std::string where = stub + ":" + std::to_string(lineno) + ": ";
			if (e.get_type() == std::string("DatabaseNotFoundError"))
				throw Xapian::DatabaseNotFoundError(where + e.get_msg());
			if (e.get_type() != std::string("DatabaseOpeningError"))
				throw;
			throw Xapian::DatabaseOpeningError(where + e.get_msg() + ": " + l);
		} catch (...) {
			fclose(f);
			throw;
		}
	}
	fclose(f);
	if (out.empty())
		throw Xapian::DatabaseOpeningError("stub file names no database: " + stub);
}

/* The databases a stub names (open_stub()), joined into one that searches
 * them all; shards receives them one by one. */
Xapian::Database join_stub(const std::string &stub, std::vector<Xapian::Database> &shards,
			   bool *remote)
{
	open_stub(stub, shards, remote, 0);
	Xapian::Database all;
	for (const auto &sh : shards)
		all.add_database(sh);
	return all;
}

/* Does r combine shards (or read a remote one)? */
bool sharded(const struct xc_reader *r)
{
	return !r->stub.empty();
}
} // namespace

struct xc_reader *xc_reader_open(const char *db_dir, struct error **err)
{
	GUARD
	if (is_regular_file(db_dir)) {
		/* A stub file: one local database is read as before. */
		std::vector<Xapian::Database> shards;
		bool remote = false;
		Xapian::Database all = join_stub(db_dir, shards, &remote);
		if (shards.size() > 1 || remote) {
			xc_reader *r = new xc_reader(all);
			r->stub = db_dir;
			r->shards = std::move(shards);
			r->remote = remote;
			if (remote) {
				try {
					r->spelling.reset(new Xapian::Database(r->stub + ".spelling"));
				} catch (const Xapian::Error &) {
					/* none: no suggestions */
				}
			}
			return r;
		}
	}
	xc_reader *r = new xc_reader(Xapian::Database(db_dir));
	r->dir = db_dir;
	return r;
	END_GUARD(nullptr)
}

unsigned xc_reader_shards(struct xc_reader *r)
{
	return sharded(r) ? static_cast<unsigned>(r->shards.size()) : 1;
}

int xc_reader_is_remote(struct xc_reader *r)
{
	return r->remote;
}

unsigned xc_reader_shard_of(struct xc_reader *r, xc_docid id)
{
	return sharded(r) && id > 0 ? (id - 1) % r->shards.size() : 0;
}

void xc_reader_share_facets(struct xc_reader *r, struct xc_facet_share *s)
{
	r->share = s;
}

void xc_reader_close(struct xc_reader *r)
{
	delete r;
}

int xc_reader_reopen(struct xc_reader *r, struct error **err)
{
	GUARD
	if (!sharded(r))
		return r->db.reopen() ? 1 : 0;
	/* The combined handle shares its shards' connections (add_database);
	 * a shard that fails throws, and the caller opens the reader afresh
	 * once it is back. */
	bool changed;
	try {
		changed = r->db.reopen();
	} catch (const Xapian::NetworkError &) {
		/* xapian-tcpsrv closes a connection left idle for a while (its
		 * --idle-timeout, a minute by default): connect afresh, once; a
		 * shard that is really down throws again. */
		std::vector<Xapian::Database> shards;
		bool remote = false;
		r->db = join_stub(r->stub, shards, &remote);
		r->shards = std::move(shards);
		changed = true;
	}
	if (changed) {
		r->generation++;
		r->termfreqs.clear();
		r->shard_of.clear();
		r->last_id = 0;
	}
	return changed ? 1 : 0;
	END_GUARD(-1)
}

unsigned xc_reader_doccount(struct xc_reader *r)
{
	try {
		return r->db.get_doccount();
	} catch (...) {
		return 0;
	}
}

void xc_reader_version(struct xc_reader *r, char *out, size_t n)
{
	if (sharded(r)) {
		/* A remote database tells no revision: its uuid and counts, and
		 * how often a reopen saw a change, stand for it. */
		try {
			std::string v = std::to_string(r->generation);
			for (auto &s : r->shards) {
				v += "/" + s.get_uuid() + ":" + std::to_string(s.get_doccount()) +
				     ":" + std::to_string(s.get_lastdocid()) + ":" +
				     std::to_string(s.get_total_length());
				try {
					v += ":" + std::to_string(s.get_revision());
				} catch (const Xapian::Error &) {
				}
			}
			snprintf(out, n, "%s", v.c_str());
		} catch (...) {
			snprintf(out, n, "?");
		}
		return;
	}
	try {
		snprintf(out, n, "%s:%lu", r->db.get_uuid().c_str(),
			 static_cast<unsigned long>(r->db.get_revision()));
	} catch (...) {
		snprintf(out, n, "?");
	}
}

xc_docid xc_reader_lastdocid(struct xc_reader *r)
{
	try {
		return r->db.get_lastdocid();
	} catch (...) {
		return 0;
	}
}

unsigned xc_reader_termfreq(struct xc_reader *r, const char *term)
{
	try {
		if (sharded(r)) {
			auto it = r->termfreqs.find(term);
			if (it != r->termfreqs.end())
				return it->second;
			Xapian::doccount f = r->db.get_termfreq(term);
			if (r->termfreqs.size() >= 100000)
				r->termfreqs.clear();
			r->termfreqs.emplace(term, f);
			return f;
		}
		return r->db.get_termfreq(term);
	} catch (...) {
		return 0;
	}
}

xc_docid xc_reader_find(struct xc_reader *r, const char *term, struct error **err)
{
	GUARD
	Xapian::PostingIterator p = r->db.postlist_begin(term);
	return p == r->db.postlist_end(term) ? 0 : *p;
	END_GUARD(0)
}

namespace {
/* Document id of r; over shards the last one read is kept. */
Xapian::Document document(struct xc_reader *r, xc_docid id, unsigned flags)
{
	if (!sharded(r))
		return r->db.get_document(id, flags);
	if (r->last_id != id) {
		r->last_id = 0;
		r->last_doc = r->db.get_document(id);
		r->last_id = id;
	}
	return r->last_doc;
}
} // namespace

char *xc_reader_data(struct xc_reader *r, xc_docid id, size_t *len, struct error **err)
{
	GUARD
	return dup_string(document(r, id, Xapian::DOC_ASSUME_VALID).get_data(), len);
	END_GUARD(nullptr)
}

char *xc_reader_value(struct xc_reader *r, xc_docid id, unsigned slot, size_t *len,
		      struct error **err)
{
	GUARD
	return dup_string(document(r, id, 0).get_value(slot), len);
	END_GUARD(nullptr)
}

namespace {
/* Metadata of r: of its database, or merged over its shards (xapian_c.h). */
std::string metadata(struct xc_reader *r, const char *key)
{
	if (!sharded(r))
		return r->db.get_metadata(key);
	bool index_wide = strncmp(key, "kindex.", 7) == 0;
	std::string first;
	bool have = false;
	for (auto &s : r->shards) {
		std::string v = s.get_metadata(key);
		if (!have && (index_wide || !v.empty())) {
			first = v;
			have = true;
		} else if (have && (index_wide || !v.empty()) && v != first) {
			return std::string();
		}
	}
	return first;
}
} // namespace

char *xc_reader_metadata(struct xc_reader *r, const char *key, struct error **err)
{
	GUARD
	return dup_string(metadata(r, key), nullptr);
	END_GUARD(nullptr)
}

char *xc_reader_metadata_len(struct xc_reader *r, const char *key, size_t *len,
			     struct error **err)
{
	GUARD
	return dup_string(metadata(r, key), len);
	END_GUARD(nullptr)
}

char *xc_reader_doc_metadata(struct xc_reader *r, const char *id_term, const char *key,
			     size_t *len, struct error **err)
{
	GUARD
	if (!sharded(r))
		return dup_string(r->db.get_metadata(key), len);
	auto it = r->shard_of.find(id_term);
	if (it == r->shard_of.end()) {
		Xapian::PostingIterator p = r->db.postlist_begin(id_term);
		if (p == r->db.postlist_end(id_term))
			return dup_string(std::string(), len);
		if (r->shard_of.size() >= 100000)
			r->shard_of.clear();
		it = r->shard_of.emplace(id_term, (*p - 1) % r->shards.size()).first;
	}
	return dup_string(r->shards[it->second].get_metadata(key), len);
	END_GUARD(nullptr)
}

int xc_reader_allterms(struct xc_reader *r, const char *prefix, xc_term_fn fn, void *ctx,
		       struct error **err)
{
	GUARD
	for (auto t = r->db.allterms_begin(prefix); t != r->db.allterms_end(prefix); ++t) {
		std::string s = *t;
		if (fn(ctx, s.c_str(), s.size(), t.get_termfreq()))
			break;
	}
	return 0;
	END_GUARD(-1)
}

int xc_reader_termlist(struct xc_reader *r, xc_docid id, const char *prefix, xc_term_fn fn,
		       void *ctx, struct error **err)
{
	GUARD
	auto t = r->db.termlist_begin(id);
	std::string pre(prefix ? prefix : "");
	if (!pre.empty())
		t.skip_to(pre);
	for (; t != r->db.termlist_end(id); ++t) {
		std::string s = *t;
		if (s.compare(0, pre.size(), pre) != 0)
			break;
		if (fn(ctx, s.c_str(), s.size(), t.get_wdf()))
			break;
	}
	return 0;
	END_GUARD(-1)
}

int xc_reader_postings(struct xc_reader *r, const char *term, xc_posting_fn fn, void *ctx,
		       struct error **err)
{
	GUARD
	for (auto p = r->db.postlist_begin(term); p != r->db.postlist_end(term); ++p)
		if (fn(ctx, *p, p.get_wdf()))
			break;
	return 0;
	END_GUARD(-1)
}

int xc_reader_positions(struct xc_reader *r, xc_docid id, const char *term, unsigned **out,
			struct error **err)
{
	*out = nullptr;
	GUARD
	std::vector<unsigned> v;
	for (auto p = r->db.positionlist_begin(id, term); p != r->db.positionlist_end(id, term); ++p)
		v.push_back(*p);
	if (v.empty())
		return 0;
	*out = static_cast<unsigned *>(malloc(v.size() * sizeof(unsigned)));
	if (!*out)
		throw std::bad_alloc();
	memcpy(*out, v.data(), v.size() * sizeof(unsigned));
	return static_cast<int>(v.size());
	END_GUARD(-1)
}

char *xc_stem(const char *stem_lang, const char *word)
{
	NOERR;
	GUARD
	Xapian::Stem st(stem_lang);
	return dup_string(st(Xapian::Unicode::tolower(word)), nullptr);
	END_GUARD(nullptr)
}

int xc_word_term(const char *stem_lang, const char *word, char *out, size_t n)
{
	size_t len = 0;
	for (; word[len]; len++)
		if (word[len] < 'a' || word[len] > 'z' || len >= 64)
			return -1;
	if (len == 0)
		return -1;
	try {
		std::string t;
		if (stem_lang && *stem_lang)
			t = "Z" + cached_stem(stem_lang)(std::string(word, len));
		else
			t.assign(word, len);
		if (t.size() + 1 > n)
			return -1;
		memcpy(out, t.data(), t.size());
		out[t.size()] = '\0';
		return static_cast<int>(t.size());
	} catch (...) {
		return -1;
	}
}

int xc_reader_spelling_available(struct xc_reader *r)
{
	return !r->remote || r->spelling;
}

namespace {
/* Where r's spelling data is; NULL: nowhere. */
Xapian::Database *spelling_db(struct xc_reader *r)
{
	if (r->spelling)
		return r->spelling.get();
	return r->remote ? nullptr : &r->db;
}
} // namespace

char *xc_reader_spelling(struct xc_reader *r, const char *word)
{
	NOERR;
	GUARD
	Xapian::Database *db = spelling_db(r);
	if (db == nullptr)
		return nullptr;
	std::string s = db->get_spelling_suggestion(word);
	return s.empty() ? nullptr : dup_string(s, nullptr);
	END_GUARD(nullptr)
}

unsigned xc_reader_spelling_freq(struct xc_reader *r, const char *word)
{
	NOERR;
	GUARD
	Xapian::Database *db = spelling_db(r);
	if (db == nullptr)
		return 0;
	Xapian::TermIterator it = db->spellings_begin();
	it.skip_to(word);
	return it != db->spellings_end() && *it == word ? it.get_termfreq() : 0;
	END_GUARD(0)
}

/* ---- queries ---- */

namespace {
/* "kxstem:kinderbescherm" -> every stem starting with that (OP_WILDCARD over
 * "Z" terms): the index keeps stems only, so a user's word* expands over
 * them. */
class StemWildcard : public Xapian::FieldProcessor {
	unsigned max_expansion;

      public:
	explicit StemWildcard(unsigned m) : max_expansion(m) {}
	Xapian::Query operator()(const std::string &str) override
	{
		std::string t = "Z" + Xapian::Unicode::tolower(str);
		return Xapian::Query(Xapian::Query::OP_WILDCARD, t, max_expansion,
				     Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
	}
};

/* A field whose value is a term as the indexer wrote it: prefix + value,
 * without the ':' QueryParser puts between a multi-letter prefix and a
 * capitalised value (the indexer adds terms directly, without one). */
class PrefixTerm : public Xapian::FieldProcessor {
	std::string prefix;
	bool hex;

      public:
	PrefixTerm(const char *p, bool h) : prefix(p), hex(h) {}
	Xapian::Query operator()(const std::string &str) override
	{
		if (!hex)
			return Xapian::Query(prefix + str);
		/* The parser reads a weighted field's value as a word: its
		 * caller writes it in hex digits (XC_FIELD_TERM). */
		std::string v;
		for (size_t i = 0; i + 1 < str.size(); i += 2)
			v += (char)std::stoi(str.substr(i, 2), nullptr, 16);
		return Xapian::Query(prefix + v);
	}
};
} // namespace

struct xc_query *xc_query_parse(struct xc_reader *r, const char *text, unsigned flags,
				const char *stem_lang, const struct xc_field *fields,
				size_t n_fields, const char *const *stopwords,
				unsigned max_expansion, char **corrected, struct error **err)
{
	if (corrected)
		*corrected = nullptr;
	GUARD
	Xapian::QueryParser qp;
	Xapian::SimpleStopper stopper;
	qp.set_database(r->db);
	if (stem_lang && *stem_lang) {
		qp.set_stemmer(Xapian::Stem(stem_lang));
		qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
	}
	if (stopwords) {
		for (size_t i = 0; stopwords[i]; i++)
			stopper.add(stopwords[i]);
		qp.set_stopper(&stopper);
	}
	if (flags & XC_PARSE_STEM_WILDCARD)
		qp.add_prefix(XC_STEM_WILDCARD_FIELD,
			      (new StemWildcard(max_expansion ? max_expansion : 1000))->release());
	for (size_t i = 0; i < n_fields; i++) {
		if (fields[i].boolean == XC_FIELD_TERM)
			qp.add_prefix(fields[i].name,
				      (new PrefixTerm(fields[i].prefix, true))->release());
		else if (fields[i].boolean)
			qp.add_boolean_prefix(fields[i].name,
					      (new PrefixTerm(fields[i].prefix, false))->release());
		else
			qp.add_prefix(fields[i].name, fields[i].prefix);
	}
	unsigned f = Xapian::QueryParser::FLAG_DEFAULT & ~Xapian::QueryParser::FLAG_BOOLEAN &
		     ~Xapian::QueryParser::FLAG_PHRASE & ~Xapian::QueryParser::FLAG_LOVEHATE;
	if (flags & XC_PARSE_BOOLEAN)
		f |= Xapian::QueryParser::FLAG_BOOLEAN;
	if (flags & XC_PARSE_PHRASE)
		f |= Xapian::QueryParser::FLAG_PHRASE;
	if (flags & XC_PARSE_LOVEHATE)
		f |= Xapian::QueryParser::FLAG_LOVEHATE;
	if (flags & XC_PARSE_WILDCARD)
		f |= Xapian::QueryParser::FLAG_WILDCARD;
	if (flags & XC_PARSE_BOOLEAN_ANY_CASE)
		f |= Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE;
	if ((flags & XC_PARSE_SPELLING) && !r->remote) /* none served remotely */
		f |= Xapian::QueryParser::FLAG_SPELLING_CORRECTION;
	if (max_expansion)
		qp.set_max_expansion(max_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
				     Xapian::QueryParser::FLAG_WILDCARD |
					     Xapian::QueryParser::FLAG_PARTIAL);
	Xapian::Query q = qp.parse_query(text, f);
	if (corrected && (flags & XC_PARSE_SPELLING)) {
		std::string c = qp.get_corrected_query_string();
		if (!c.empty())
			*corrected = dup_string(c, nullptr);
	}
	return new xc_query{q};
	END_GUARD(nullptr)
}

struct xc_query *xc_query_term(const char *term, unsigned wdf_or_qf, struct error **err)
{
	GUARD
	return new xc_query{Xapian::Query(term, wdf_or_qf ? wdf_or_qf : 1)};
	END_GUARD(nullptr)
}

struct xc_query *xc_query_all(struct error **err)
{
	GUARD
	return new xc_query{Xapian::Query::MatchAll};
	END_GUARD(nullptr)
}

struct xc_query *xc_query_phrase(const char *const *terms, size_t n, unsigned window,
				 struct error **err)
{
	GUARD
	std::vector<Xapian::Query> v;
	for (size_t i = 0; i < n; i++)
		v.emplace_back(terms[i]);
	if (v.size() == 1)
		return new xc_query{v[0]};
	return new xc_query{Xapian::Query(Xapian::Query::OP_PHRASE, v.begin(), v.end(), window)};
	END_GUARD(nullptr)
}

struct xc_query *xc_query_terms_or(const char *const *terms, size_t n, struct error **err)
{
	GUARD
	std::vector<Xapian::Query> v;
	for (size_t i = 0; i < n; i++)
		v.emplace_back(terms[i]);
	return new xc_query{Xapian::Query(Xapian::Query::OP_OR, v.begin(), v.end())};
	END_GUARD(nullptr)
}

static Xapian::Query::op map_op(enum xc_op op)
{
	switch (op) {
	case XC_OP_AND: return Xapian::Query::OP_AND;
	case XC_OP_OR: return Xapian::Query::OP_OR;
	case XC_OP_AND_NOT: return Xapian::Query::OP_AND_NOT;
	case XC_OP_FILTER: return Xapian::Query::OP_FILTER;
	case XC_OP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
	case XC_OP_SYNONYM: return Xapian::Query::OP_SYNONYM;
	}
	return Xapian::Query::OP_AND;
}

struct xc_query *xc_query_combine(enum xc_op op, const struct xc_query *a,
				  const struct xc_query *b, struct error **err)
{
	GUARD
	if (!a && !b)
		return new xc_query{Xapian::Query()};
	if (!a)
		return new xc_query{b->q};
	if (!b)
		return new xc_query{a->q};
	return new xc_query{Xapian::Query(map_op(op), a->q, b->q)};
	END_GUARD(nullptr)
}

namespace {
void flatten_into(const Xapian::Query &q, Xapian::Query::op op, std::vector<Xapian::Query> &out,
		  std::set<std::string> &seen)
{
	if (q.get_type() == op) {
		for (size_t i = 0; i < q.get_num_subqueries(); i++)
			flatten_into(q.get_subquery(i), op, out, seen);
		return;
	}
	if (seen.insert(q.get_description()).second)
		out.push_back(q);
}

/* parts[lo..hi) as a balanced tree of two-way OP_SYNONYMs, in their order.
 * Xapian 1.4 estimates a synonym's term frequency (its idf) by combining
 * its subqueries pairwise, rounding each step, in an order it chooses per
 * database from that database's own frequencies: a flat synonym of many
 * terms gets a different estimate on each shard of a stub, so one document
 * weighs differently there than in one index.  Nested two-way synonyms are
 * kept as they are (only an OP_OR of two is combined each step), so the
 * estimate is the same wherever the query runs. */
Xapian::Query synonym_tree(const std::vector<Xapian::Query> &parts, size_t lo, size_t hi)
{
	if (hi - lo == 1)
		return parts[lo];
	size_t mid = lo + (hi - lo) / 2;
	return Xapian::Query(Xapian::Query::OP_SYNONYM, synonym_tree(parts, lo, mid),
			     synonym_tree(parts, mid, hi));
}
} // namespace

struct xc_query *xc_query_flatten(const struct xc_query *q, struct error **err)
{
	GUARD
	auto op = static_cast<Xapian::Query::op>(q->q.get_type());
	if (op != Xapian::Query::OP_SYNONYM && op != Xapian::Query::OP_OR)
		return new xc_query{ q->q };
	std::vector<Xapian::Query> parts;
	std::set<std::string> seen;
	flatten_into(q->q, op, parts, seen);
	if (op == Xapian::Query::OP_SYNONYM && parts.size() > 2)
		return new xc_query{ synonym_tree(parts, 0, parts.size()) };
	return new xc_query{ Xapian::Query(op, parts.begin(), parts.end()) };
	END_GUARD(nullptr)
}

struct xc_query *xc_query_scale(const struct xc_query *q, double factor, struct error **err)
{
	GUARD
	return new xc_query{Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
	END_GUARD(nullptr)
}

struct xc_query *xc_query_value_range(unsigned slot, const char *lo, const char *hi,
				      struct error **err)
{
	GUARD
	if (lo && hi)
		return new xc_query{Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi)};
	if (lo)
		return new xc_query{Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo)};
	if (hi)
		return new xc_query{Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi)};
	return new xc_query{Xapian::Query::MatchAll};
	END_GUARD(nullptr)
}

int xc_query_is_empty(const struct xc_query *q)
{
	return !q || q->q.empty();
}

int xc_query_terms(const struct xc_query *q, xc_term_fn fn, void *ctx)
{
	NOERR;
	GUARD
	for (auto t = q->q.get_unique_terms_begin(); t != q->q.get_unique_terms_end(); ++t) {
		std::string s = *t;
		if (fn(ctx, s.c_str(), s.size(), 0))
			break;
	}
	return 0;
	END_GUARD(-1)
}

char *xc_query_describe(const struct xc_query *q)
{
	NOERR;
	GUARD
	return dup_string(q->q.get_description(), nullptr);
	END_GUARD(nullptr)
}

void xc_query_free(struct xc_query *q)
{
	delete q;
}

/* ---- running ---- */

namespace {
/* Starts counting the facets of q in a thread of its own on r's second
 * handle, when that can be brought to r's revision; returns false (and
 * starts nothing) otherwise. */
bool start_counting(struct xc_reader *r, const Xapian::Query &q, const struct xc_run_opts *o,
		    xc_mset *m)
{
	if (sharded(r)) {
		/* A second set of connections to the shards, brought up to
		 * date when the reader's reopen saw a change. */
		std::lock_guard<std::mutex> hold(r->count_lock);
		if (!r->count_db) {
			std::vector<Xapian::Database> shards;
			bool remote = false;
			r->count_db.reset(new Xapian::Database(join_stub(r->stub, shards, &remote)));
		} else {
			/* Brought up to date, and connected afresh if the
			 * shards closed an idle connection. */
			try {
				r->count_db->reopen();
			} catch (const Xapian::NetworkError &) {
				std::vector<Xapian::Database> shards;
				bool remote = false;
				r->count_db.reset(new Xapian::Database(join_stub(r->stub, shards, &remote)));
			}
		}
		r->count_generation = r->generation;
	} else {
		if (r->dir.empty())
			return false;
		std::lock_guard<std::mutex> hold(r->count_lock);
		if (!r->count_db)
			r->count_db.reset(new Xapian::Database(r->dir));
		if (r->count_db->get_revision() != r->db.get_revision())
			r->count_db->reopen();
		if (r->count_db->get_revision() != r->db.get_revision() ||
		    r->count_db->get_uuid() != r->db.get_uuid())
			return false;
	}
	std::vector<unsigned> slots(o->facet_slots, o->facet_slots + o->n_facet_slots);
	struct xc_run_opts copy = *o;
	/* Xapian counts references to the parts of a query without locking:
	 * the thread gets a copy that shares nothing with q. */
	std::string serialised = q.serialise();
	m->counter = std::thread([r, serialised, copy, slots, m]() mutable {
		copy.facet_slots = slots.data();
		std::lock_guard<std::mutex> hold(r->count_lock);
		try {
			Xapian::Query own = Xapian::Query::unserialise(serialised);
			if (sharded(r))
				facets_count_shards(*r->count_db, own, &copy, m->fc);
			else
				facets_count(*r->count_db, r->col, r->share, own, &copy, m->fc, r->dir);
		} catch (...) {
			m->count_error = std::current_exception();
		}
	});
	return true;
}
} // namespace

struct xc_mset *xc_enquire(struct xc_reader *r, const struct xc_query *q,
			   const struct xc_run_opts *o, struct error **err)
{
	GUARD
	Xapian::Enquire enq(r->db);
	enq.set_query(q->q);
	if (o->bool_weight)
		enq.set_weighting_scheme(Xapian::BoolWeight());
	else if (o->bm25_k1 > 0)
		enq.set_weighting_scheme(Xapian::BM25Weight(o->bm25_k1, 0, 1, o->bm25_b, 0.5));
	if (o->sort_slot >= 0)
		enq.set_sort_by_value_then_relevance(o->sort_slot, o->sort_descending != 0);
	else if (o->tie_slot > 0)
		enq.set_sort_by_relevance_then_value(o->tie_slot, false);
	if (o->collapse_slot >= 0)
		enq.set_collapse_key(o->collapse_slot);
	xc_mset *m = new xc_mset();
	try {
		/* Facets are counted over every match while the page is ranked:
		 * in a second thread when possible (xc_mset_wait() joins it). */
		bool counting = o->n_facet_slots > 0 && start_counting(r, q->q, o, m);
		m->mset = enq.get_mset(o->offset, o->limit, o->check_at_least);
		m->count = m->mset.size();
		if (o->n_facet_slots > 0 && !counting && sharded(r))
			facets_count_shards(r->db, q->q, o, m->fc);
		else if (o->n_facet_slots > 0 && !counting)
			facets_count(r->db, r->col, r->share, q->q, o, m->fc, r->dir);
	} catch (...) {
		delete m;
		throw;
	}
	return m;
	END_GUARD(nullptr)
}

void xc_mset_free(struct xc_mset *m)
{
	delete m;
}

int xc_mset_wait(struct xc_mset *m, struct error **err)
{
	GUARD
	m->join();
	if (m->count_error) {
		std::exception_ptr e = m->count_error;
		m->count_error = nullptr;
		std::rethrow_exception(e);
	}
	return 0;
	END_GUARD(-1)
}

unsigned xc_mset_size(const struct xc_mset *m)
{
	return m->count;
}

unsigned xc_mset_estimated(const struct xc_mset *m)
{
	m->join();
	return m->fc.counted ? m->fc.distinct : m->mset.get_matches_estimated();
}

unsigned xc_mset_lower_bound(const struct xc_mset *m)
{
	m->join();
	return m->fc.counted ? m->fc.distinct : m->mset.get_matches_lower_bound();
}

unsigned xc_mset_upper_bound(const struct xc_mset *m)
{
	m->join();
	return m->fc.counted ? m->fc.distinct : m->mset.get_matches_upper_bound();
}

xc_docid xc_mset_docid(const struct xc_mset *m, unsigned i)
{
	return *(m->mset[m->first + i]);
}

double xc_mset_weight(const struct xc_mset *m, unsigned i)
{
	return m->mset[m->first + i].get_weight();
}

unsigned xc_mset_collapse_count(const struct xc_mset *m, unsigned i)
{
	return m->mset[m->first + i].get_collapse_count();
}

int xc_mset_facets(const struct xc_mset *m, unsigned slot, xc_term_fn fn, void *ctx)
{
	m->join();
	for (const auto &f : m->fc.facets) {
		if (f.first != slot)
			continue;
		for (const auto &kv : f.second)
			if (fn(ctx, kv.first.c_str(), kv.first.size(), kv.second))
				return 0;
		return 0;
	}
	return -1;
}

char *xc_mset_snippet(const struct xc_mset *m, const char *text, size_t len, size_t max_len,
		      const char *stem_lang, const char *hi_start, const char *hi_end,
		      const char *omit, struct error **err)
{
	GUARD
	Xapian::Stem stem = (stem_lang && *stem_lang) ? cached_stem(stem_lang) : Xapian::Stem();
	std::string t(text, len);
	/* The quick pass takes the first good passage; when it holds no match
	 * at all, look at the whole text (four times the work). */
	/* Without SNIPPET_BACKGROUND_MODEL: it looks up the frequency of
	 * every other word of the page in the index, which made snippets
	 * nine tenths of a search's time, and picked the same passages
	 * where the query's words are. */
	std::string s = m->mset.snippet(t, max_len, stem, 0, hi_start, hi_end, omit);
	if (hi_start && *hi_start && s.find(hi_start) == std::string::npos)
		s = m->mset.snippet(t, max_len, stem, Xapian::MSet::SNIPPET_EXHAUSTIVE, hi_start,
				    hi_end, omit);
	return dup_string(s, nullptr);
	END_GUARD(nullptr)
}

namespace {
class ContentTermsOnly : public Xapian::ExpandDecider {
      public:
	bool operator()(const std::string &t) const override
	{
		if (t.empty())
			return false;
		unsigned char c = static_cast<unsigned char>(t[0]);
		if (c >= 'A' && c <= 'Z')
			return c == 'Z' && t.size() > 4;
		return t.size() > 3;
	}
};
} // namespace

struct xc_query *xc_expand(struct xc_reader *r, const xc_docid *docs, size_t n_docs,
			   unsigned n_terms, struct error **err)
{
	GUARD
	Xapian::Enquire enq(r->db);
	Xapian::RSet rset;
	for (size_t i = 0; i < n_docs; i++)
		rset.add_document(docs[i]);
	ContentTermsOnly decider;
	Xapian::ESet eset = enq.get_eset(n_terms, rset, &decider);
	std::vector<Xapian::Query> terms;
	for (auto t = eset.begin(); t != eset.end(); ++t)
		terms.emplace_back(*t);
	return new xc_query{Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())};
	END_GUARD(nullptr)
}
