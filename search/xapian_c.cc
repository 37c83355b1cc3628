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

static char *dup_string(const std::string &s, size_t *len)
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

/* ---- write side ---- */

struct xc_writer *xc_writer_open(const char *db_dir, struct error **err)
{
	GUARD
	xc_writer *w = new xc_writer{Xapian::WritableDatabase(db_dir, Xapian::DB_CREATE_OR_OPEN),
				      Xapian::TermGenerator(), false, nullptr, {}};
	try {
		w->view = new xc_reader(w->db);
	} catch (...) {
		delete w;
		throw;
	}
	return w;
	END_GUARD(nullptr)
}

/* Gives the batch's spelling words to the database (see xc_writer.spelling). */
static void flush_spelling(struct xc_writer *w)
{
	for (const auto &kv : w->spelling)
		w->db.add_spelling(kv.first, kv.second);
	w->spelling.clear();
}

void xc_writer_close(struct xc_writer *w)
{
	if (!w)
		return;
	try {
		if (w->in_txn) {
			w->db.cancel_transaction();
		} else {
			/* Outside a transaction close() commits; so do the words. */
			flush_spelling(w);
		}
		w->db.close();
	} catch (...) {
	}
	delete w->view;
	delete w;
}

int xc_writer_begin(struct xc_writer *w, struct error **err)
{
	GUARD
	w->db.begin_transaction(true);
	w->in_txn = true;
	return 0;
	END_GUARD(-1)
}

int xc_writer_commit(struct xc_writer *w, struct error **err)
{
	GUARD
	flush_spelling(w);
	if (w->in_txn) {
		w->in_txn = false;
		w->db.commit_transaction();
	} else {
		w->db.commit();
	}
	return 0;
	END_GUARD(-1)
}

int xc_writer_cancel(struct xc_writer *w, struct error **err)
{
	GUARD
	w->spelling.clear();
	if (w->in_txn) {
		w->in_txn = false;
		w->db.cancel_transaction();
	}
	return 0;
	END_GUARD(-1)
}

xc_docid xc_writer_replace(struct xc_writer *w, const char *id_term, const struct xc_doc *d,
			   struct error **err)
{
	GUARD
	return w->db.replace_document(id_term, d->doc);
	END_GUARD(0)
}

int xc_writer_delete(struct xc_writer *w, const char *term, struct error **err)
{
	GUARD
	w->db.delete_document(term);
	return 0;
	END_GUARD(-1)
}

int xc_writer_set_value(struct xc_writer *w, xc_docid id, unsigned slot, const char *val,
			size_t len, struct error **err)
{
	GUARD
	/* Xapian rewrites only what changed of a document it handed out. */
	Xapian::Document doc = w->db.get_document(id);
	doc.add_value(slot, std::string(val, len));
	w->db.replace_document(id, doc);
	return 0;
	END_GUARD(-1)
}

int xc_writer_set_metadata(struct xc_writer *w, const char *key, const char *value,
			   struct error **err)
{
	GUARD
	w->db.set_metadata(key, value);
	return 0;
	END_GUARD(-1)
}

int xc_writer_set_metadata_len(struct xc_writer *w, const char *key, const char *value,
			       size_t len, struct error **err)
{
	GUARD
	w->db.set_metadata(key, std::string(value, len));
	return 0;
	END_GUARD(-1)
}

struct xc_reader *xc_writer_reader(struct xc_writer *w)
{
	return w ? w->view : nullptr;
}

int xc_compact(const char *src, const char *dst, struct error **err)
{
	GUARD
	Xapian::Database db(src);
	/* Not Compactor::FULLER: Xapian 1.4 overruns a block when it later adds to
	 * a table compacted that tightly (found by tests/reliability). */
	db.compact(dst, Xapian::DBCOMPACT_NO_RENUMBER);
	return 0;
	END_GUARD(-1)
}

/* ---- documents ---- */

struct xc_doc *xc_doc_new(void)
{
	try {
		return new xc_doc();
	} catch (...) {
		xalloc_die(); /* base/error.h (5) */
	}
}

void xc_doc_free(struct xc_doc *d)
{
	delete d;
}

char *xc_doc_serialise(const struct xc_doc *d, size_t *len, struct error **err)
{
	GUARD
	return dup_string(d->doc.serialise(), len);
	END_GUARD(nullptr)
}

struct xc_doc *xc_doc_unserialise(const char *data, size_t len, struct error **err)
{
	GUARD
	xc_doc *d = new xc_doc();
	try {
		d->doc = Xapian::Document::unserialise(std::string(data, len));
	} catch (...) {
		delete d;
		throw;
	}
	return d;
	END_GUARD(nullptr)
}

char *xc_doc_data(const struct xc_doc *d, size_t *len, struct error **err)
{
	GUARD
	return dup_string(d->doc.get_data(), len);
	END_GUARD(nullptr)
}

int xc_doc_set_data(struct xc_doc *d, const char *data, size_t len, struct error **err)
{
	GUARD
	d->doc.set_data(std::string(data, len));
	return 0;
	END_GUARD(-1)
}

char *xc_doc_value(const struct xc_doc *d, unsigned slot, size_t *len, struct error **err)
{
	GUARD
	return dup_string(d->doc.get_value(slot), len);
	END_GUARD(nullptr)
}

int xc_doc_add_value(struct xc_doc *d, unsigned slot, const char *val, size_t len,
		     struct error **err)
{
	GUARD
	d->doc.add_value(slot, std::string(val, len));
	return 0;
	END_GUARD(-1)
}

int xc_doc_add_term(struct xc_doc *d, const char *term, unsigned wdf, struct error **err)
{
	GUARD
	d->doc.add_term(term, wdf);
	return 0;
	END_GUARD(-1)
}

int xc_doc_add_boolean_term(struct xc_doc *d, const char *term, struct error **err)
{
	GUARD
	d->doc.add_boolean_term(term);
	return 0;
	END_GUARD(-1)
}

namespace {
/* A stemmer that remembers its answers.  Text repeats its words (a page of a
 * ruling has a few hundred distinct ones), and a Snowball stemmer costs
 * several times a hash lookup, so the indexer stems each distinct word once
 * (and the highlighter, which stems every word of a passage, mostly too).
 * The memory is bounded, a few MB a thread: the table is emptied when it
 * reaches kMax words. */
class CachingStem : public Xapian::StemImplementation {
	static constexpr size_t kMax = 1 << 16;
	Xapian::Stem inner;
	std::unordered_map<std::string, std::string> memo;

public:
	explicit CachingStem(const std::string &lang) : inner(lang) {}
	std::string operator()(const std::string &word) override
	{
		auto it = memo.find(word);
		if (it != memo.end())
			return it->second;
		if (memo.size() >= kMax)
			memo.clear();
		return memo.emplace(word, inner(word)).first->second;
	}
	std::string get_description() const override { return inner.get_description(); }
};

/* This thread's caching stemmer for lang (throws on an unknown name).  Kept
 * per thread: a Stem's reference count is not atomic. */
Xapian::Stem cached_stem(const char *lang)
{
	thread_local std::map<std::string, Xapian::Stem> stems;
	auto it = stems.find(lang);
	if (it != stems.end())
		return it->second;
	Xapian::Stem s(new CachingStem(lang));
	stems.emplace(lang, s);
	return s;
}
} // namespace

int xc_doc_index_text(struct xc_doc *d, struct xc_writer *w, const char *text, size_t len,
		      unsigned wdf_inc, const char *prefix, const char *stem_lang,
		      struct error **err)
{
	GUARD
	Xapian::TermGenerator local;
	Xapian::TermGenerator &tg = w ? w->tg : local;
	tg.set_document(d->doc);
	tg.set_termpos(d->pos);
	tg.set_flags(0);
	std::string pre(prefix ? prefix : "");
	Xapian::Utf8Iterator it(text, len);
	if (stem_lang && *stem_lang) {
		/* Only stems, with positions: phrases match any word form, and
		 * the index stays small (the exact words would add a third to
		 * its size and to the indexing time). */
		tg.set_stemmer(cached_stem(stem_lang));
		tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
		tg.index_text(it, wdf_inc, pre);
	} else {
		tg.set_stemmer(Xapian::Stem());
		tg.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
		tg.index_text(it, wdf_inc, pre);
	}
	d->pos = tg.get_termpos();
	d->doc = tg.get_document();
	return 0;
	END_GUARD(-1)
}

namespace {
/* Does the phrase start at p (a position of pos[0])?  The next term is
 * taken at its first position after the previous one, which gives the
 * shortest span from p. */
bool phrase_at(const std::vector<const std::vector<Xapian::termpos> *> &pos, Xapian::termpos p,
	       unsigned window)
{
	Xapian::termpos last = p;
	for (size_t k = 1; k < pos.size(); k++) {
		const auto &v = *pos[k];
		if (window == 0) {
			if (!std::binary_search(v.begin(), v.end(), p + k))
				return false;
			continue;
		}
		auto it = std::upper_bound(v.begin(), v.end(), last);
		if (it == v.end() || *it - p >= window)
			return false;
		last = *it;
	}
	return true;
}
} // namespace

struct xc_phrases {
	std::vector<std::string> terms;             /* sorted, distinct */
	std::vector<std::vector<uint32_t>> phrase;  /* indexes into terms, in order */
	std::vector<unsigned> window;
};

struct xc_phrases *xc_phrases_new(const struct xc_phrase *ph, size_t n, struct error **err)
{
	GUARD
	std::unique_ptr<xc_phrases> p(new xc_phrases());
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < ph[i].n; k++)
			p->terms.emplace_back(ph[i].terms[k]);
	std::sort(p->terms.begin(), p->terms.end());
	p->terms.erase(std::unique(p->terms.begin(), p->terms.end()), p->terms.end());
	for (size_t i = 0; i < n; i++) {
		std::vector<uint32_t> idx;
		for (size_t k = 0; k < ph[i].n; k++)
			idx.push_back(static_cast<uint32_t>(
				std::lower_bound(p->terms.begin(), p->terms.end(), ph[i].terms[k]) -
				p->terms.begin()));
		p->phrase.push_back(std::move(idx));
		p->window.push_back(ph[i].window);
	}
	return p.release();
	END_GUARD(nullptr)
}

void xc_phrases_free(struct xc_phrases *p)
{
	delete p;
}

int xc_doc_count_phrases(const struct xc_doc *d, const struct xc_phrases *p, unsigned *counts,
			 struct error **err)
{
	GUARD
	/* The positions of the terms the phrases use: one merge of the
	 * document's sorted terms with the phrases' sorted terms. */
	std::vector<std::vector<Xapian::termpos>> pos(p->terms.size());
	size_t i = 0;
	for (auto t = d->doc.termlist_begin(); t != d->doc.termlist_end() && i < p->terms.size();
	     ++t) {
		const std::string term = *t;
		while (i < p->terms.size() && p->terms[i] < term)
			i++;
		if (i < p->terms.size() && p->terms[i] == term)
			pos[i].assign(t.positionlist_begin(), t.positionlist_end());
	}
	std::vector<const std::vector<Xapian::termpos> *> v;
	for (size_t ph = 0; ph < p->phrase.size(); ph++) {
		counts[ph] = 0;
		v.clear();
		for (uint32_t k : p->phrase[ph]) {
			if (pos[k].empty())
				break;
			v.push_back(&pos[k]);
		}
		if (v.size() != p->phrase[ph].size() || v.size() < 2)
			continue;
		for (Xapian::termpos at : *v[0])
			if (phrase_at(v, at, p->window[ph]))
				counts[ph]++;
	}
	return 0;
	END_GUARD(-1)
}

int xc_writer_add_spelling_words(struct xc_writer *w, const char *words, size_t len,
				 struct error **err)
{
	GUARD
	const char *p = words, *end = words + len;
	while (p < end) {
		size_t n = strnlen(p, (size_t)(end - p));
		if (n)
			w->spelling[std::string(p, n)]++;
		p += n + 1;
	}
	return 0;
	END_GUARD(-1)
}

unsigned xc_doc_increase_termpos(struct xc_doc *d, unsigned delta)
{
	d->pos += delta;
	return d->pos + 1;
}

unsigned xc_doc_termpos(const struct xc_doc *d)
{
	return d->pos;
}

/* ---- read side ---- */

struct xc_reader *xc_reader_open(const char *db_dir, struct error **err)
{
	GUARD
	xc_reader *r = new xc_reader(Xapian::Database(db_dir));
	r->dir = db_dir;
	return r;
	END_GUARD(nullptr)
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
	return r->db.reopen() ? 1 : 0;
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

char *xc_reader_data(struct xc_reader *r, xc_docid id, size_t *len, struct error **err)
{
	GUARD
	return dup_string(r->db.get_document(id, Xapian::DOC_ASSUME_VALID).get_data(), len);
	END_GUARD(nullptr)
}

char *xc_reader_value(struct xc_reader *r, xc_docid id, unsigned slot, size_t *len,
		      struct error **err)
{
	GUARD
	return dup_string(r->db.get_document(id).get_value(slot), len);
	END_GUARD(nullptr)
}

char *xc_reader_metadata(struct xc_reader *r, const char *key, struct error **err)
{
	GUARD
	return dup_string(r->db.get_metadata(key), nullptr);
	END_GUARD(nullptr)
}

char *xc_reader_metadata_len(struct xc_reader *r, const char *key, size_t *len,
			     struct error **err)
{
	GUARD
	return dup_string(r->db.get_metadata(key), len);
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

char *xc_reader_spelling(struct xc_reader *r, const char *word)
{
	NOERR;
	GUARD
	std::string s = r->db.get_spelling_suggestion(word);
	return s.empty() ? nullptr : dup_string(s, nullptr);
	END_GUARD(nullptr)
}

unsigned xc_reader_spelling_freq(struct xc_reader *r, const char *word)
{
	NOERR;
	GUARD
	Xapian::TermIterator it = r->db.spellings_begin();
	it.skip_to(word);
	return it != r->db.spellings_end() && *it == word ? it.get_termfreq() : 0;
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
	if (flags & XC_PARSE_SPELLING)
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
	if (r->dir.empty())
		return false;
	{
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
			facets_count(*r->count_db, r->col, r->share, own, &copy, m->fc);
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
	if (o->bm25_k1 > 0)
		enq.set_weighting_scheme(Xapian::BM25Weight(o->bm25_k1, 0, 1, o->bm25_b, 0.5));
	if (o->sort_slot >= 0)
		enq.set_sort_by_value_then_relevance(o->sort_slot, o->sort_descending != 0);
	if (o->collapse_slot >= 0)
		enq.set_collapse_key(o->collapse_slot);
	xc_mset *m = new xc_mset();
	try {
		/* Facets are counted over every match while the page is ranked:
		 * in a second thread when possible (xc_mset_wait() joins it). */
		bool counting = o->n_facet_slots > 0 && start_counting(r, q->q, o, m);
		m->mset = enq.get_mset(o->offset, o->limit, o->check_at_least);
		m->count = m->mset.size();
		if (o->n_facet_slots > 0 && !counting)
			facets_count(r->db, r->col, r->share, q->q, o, m->fc);
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
