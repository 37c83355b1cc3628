/* xapian_write.cc - the write side of the C interface in xapian_c.h:
 * writers, transactions, compaction, and the documents the builder makes
 * (terms, values, positions, phrase counts).  See xapian_c.cc for the
 * conventions (GUARD ... END_GUARD in search/xapian_int.h). */
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

} // namespace

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

