/* test_phrases.c - unit tests for search/phrases.c and the phrase counting in
 * the Xapian wrapper: a phrase term must match exactly the documents the
 * phrase query it replaces matches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search/phrases.h"
#include "base/util.h"
#include "search/xapian_c.h"

static void test_pattern(void **state)
{
	(void)state;
	struct phrase_pattern p;
	assert_int_equal(phrase_pattern("belang van het kind", "dutch", 0, &p), 0);
	assert_string_equal(p.term, "XK4:belang kind");
	assert_int_equal(p.n, 2);
	assert_int_equal(p.window, 4);
	assert_string_equal(p.stems[0], "Zbelang");
	assert_string_equal(p.stems[1], "Zkind");
	/* Typed in quotes: every word, adjacent. */
	assert_int_equal(phrase_pattern("belang van het kind", "dutch", 1, &p), 0);
	assert_string_equal(p.term, "XK0:belang van het kind");
	assert_int_equal(p.n, 4);
	assert_int_equal(p.window, 0);
	/* No stopwords: both kinds are the same adjacent pattern. */
	assert_int_equal(phrase_pattern("Sexual Exploitation", "english", 0, &p), 0);
	assert_string_equal(p.term, "XK0:sexual exploit");
	/* One word that counts is no phrase, but its stem is there. */
	assert_int_equal(phrase_pattern("het kind", "dutch", 0, &p), -1);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.stems[0], "Zkind");
	assert_int_equal(phrase_pattern("van het", "dutch", 0, &p), -1);
	assert_int_equal(p.n, 0);
}

static void test_sets(void **state)
{
	(void)state;
	struct analyze *an = analyze_open(NULL, NULL);
	assert_non_null(an);
	const char *const stemmers[] = { "dutch", "english" };
	struct phrase_set *s = phrase_set_build(an, stemmers, 2);
	assert_true(phrase_set_size(s) > 100);
	assert_true(phrase_set_has(s, "XK4:belang kind"));
	assert_true(phrase_set_has(s, "XK0:best interest of the child"));
	assert_false(phrase_set_has(s, "XK0:no such phrase"));
	/* Sorted, without repeats. */
	for (size_t i = 1; i < phrase_set_size(s); i++)
		assert_true(strcmp(phrase_set_get(s, i - 1)->term, phrase_set_get(s, i)->term) < 0);
	/* The metadata format round-trips; the intersection keeps only what
	 * both have. */
	char *all = phrase_set_format(s, NULL);
	struct phrase_set *back = phrase_set_parse(all, strlen(all));
	assert_int_equal(phrase_set_size(back), phrase_set_size(s));
	for (size_t i = 0; i < phrase_set_size(s); i++)
		assert_true(phrase_set_has(back, phrase_set_get(s, i)->term));
	assert_false(phrase_set_has(back, "XK0:no such phrase"));
	char *again = phrase_set_format(back, NULL);
	assert_string_equal(again, all);
	free(again);
	const char *old = "XK4:belang kind\nXK0:gone phrase\n";
	struct phrase_set *o = phrase_set_parse(old, strlen(old));
	char *both = phrase_set_format(s, o);
	assert_string_equal(both, "XK4:belang kind\n");
	/* Read unsorted (and with a repeat), it is sorted on reading. */
	const char *unsorted = "XK4:zz\nXK0:aa\nXK4:zz\n\nXK2:mm";
	struct phrase_set *u = phrase_set_parse(unsorted, strlen(unsorted));
	assert_int_equal(phrase_set_size(u), 3);
	assert_true(phrase_set_has(u, "XK0:aa") && phrase_set_has(u, "XK2:mm") &&
		    phrase_set_has(u, "XK4:zz"));
	char *uf = phrase_set_format(u, NULL);
	assert_string_equal(uf, "XK0:aa\nXK2:mm\nXK4:zz\n");
	free(uf);
	phrase_set_free(u);
	struct phrase_set *empty = phrase_set_parse("", 0);
	char *none = phrase_set_format(s, empty);
	assert_string_equal(none, "");
	phrase_set_free(empty);
	free(all);
	free(both);
	free(none);
	phrase_set_free(back);
	phrase_set_free(o);
	phrase_set_free(s);
	analyze_free(an);
}

static unsigned count_one(const char *text, const char *form, int exact)
{
	struct phrase_pattern p;
	assert_int_equal(phrase_pattern(form, "dutch", exact, &p), 0);
	struct xc_doc *d = xc_doc_new();
	assert_int_equal(xc_doc_index_text(d, NULL, text, strlen(text), 1, "", "dutch", NULL), 0);
	const char *terms[ANALYZE_MAX_PHRASE];
	for (size_t i = 0; i < p.n; i++)
		terms[i] = p.stems[i];
	struct xc_phrase ph = { terms, p.n, p.window };
	struct xc_phrases *prep = xc_phrases_new(&ph, 1, NULL);
	assert_non_null(prep);
	unsigned c = 99;
	assert_int_equal(xc_doc_count_phrases(d, prep, &c, NULL), 0);
	xc_phrases_free(prep);
	xc_doc_free(d);
	return c;
}

static void test_count(void **state)
{
	(void)state;
	assert_int_equal(count_one("Het belang van het kind staat voorop.", "belang van het kind", 0), 1);
	assert_int_equal(count_one("Het belang van het kind staat voorop.", "belang van het kind", 1), 1);
	/* Another stopword in between: the loose pattern, not the exact one. */
	assert_int_equal(count_one("het belang van een kind", "belang van het kind", 0), 1);
	assert_int_equal(count_one("het belang van een kind", "belang van het kind", 1), 0);
	/* "belangen" stems like "belang" ("kinderen" not like "kind"); twice
	 * counts twice. */
	assert_int_equal(count_one("belangen van het kind; belang van de kinderen. belang van het kind",
				   "belang van het kind", 0),
			 2);
	/* Too far apart, or in the wrong order. */
	assert_int_equal(count_one("belang van het jonge kind", "belang van het kind", 0), 0);
	assert_int_equal(count_one("kind van het belang", "belang van het kind", 0), 0);
	assert_int_equal(count_one("geen van deze woorden", "belang van het kind", 0), 0);
}

/* Random texts over a small vocabulary, indexed with their phrase terms:
 * for every pattern the term's documents are the phrase query's. */
static void test_term_equals_phrase_query(void **state)
{
	(void)state;
	char dir[] = "/tmp/kindex-test-phrases-XXXXXX";
	assert_non_null(mkdtemp(dir));
	static const char *const vocab[] = { "het", "belang", "van", "kind", "de", "kinderen",
					     "belangen", "een", "hoogste", "recht", "op", "onderwijs" };
	static const char *const forms[] = { "belang van het kind", "hoogste belang van het kind",
					     "recht op onderwijs", "belang van de kinderen" };
	struct phrase_pattern pats[8];
	size_t np = 0;
	for (size_t f = 0; f < 4; f++)
		for (int exact = 0; exact < 2; exact++)
			assert_int_equal(phrase_pattern(forms[f], "dutch", exact, &pats[np++]), 0);
	const char *terms[8][ANALYZE_MAX_PHRASE];
	struct xc_phrase ph[8];
	for (size_t i = 0; i < np; i++) {
		for (size_t k = 0; k < pats[i].n; k++)
			terms[i][k] = pats[i].stems[k];
		ph[i] = (struct xc_phrase){ terms[i], pats[i].n, pats[i].window };
	}

	struct xc_phrases *prep = xc_phrases_new(ph, np, NULL);
	assert_non_null(prep);
	struct xc_writer *w = xc_writer_open(dir, NULL);
	assert_non_null(w);
	unsigned seed = 12345;
	for (int doc = 0; doc < 300; doc++) {
		struct buf text = BUF_INIT;
		int words = 5 + (int)(rand_r(&seed) % 60);
		for (int i = 0; i < words; i++) {
			buf_adds(&text, vocab[rand_r(&seed) % 12]);
			buf_addc(&text, ' ');
		}
		struct xc_doc *d = xc_doc_new();
		assert_int_equal(xc_doc_index_text(d, NULL, text.s, text.len, 1, "", "dutch", NULL), 0);
		unsigned counts[8];
		assert_int_equal(xc_doc_count_phrases(d, prep, counts, NULL), 0);
		for (size_t i = 0; i < np; i++)
			if (counts[i])
				assert_int_equal(xc_doc_add_term(d, pats[i].term, counts[i], NULL), 0);
		char id[32];
		snprintf(id, sizeof(id), "Qdoc%d", doc);
		assert_int_equal(xc_doc_add_boolean_term(d, id, NULL), 0);
		assert_true(xc_writer_replace(w, id, d, NULL) > 0);
		xc_doc_free(d);
		buf_free(&text);
	}
	xc_writer_close(w);
	xc_phrases_free(prep);

	struct xc_reader *r = xc_reader_open(dir, NULL);
	assert_non_null(r);
	unsigned last = xc_reader_lastdocid(r);
	int found_some = 0;
	for (size_t i = 0; i < np; i++) {
		struct xc_query *q = xc_query_phrase(terms[i], pats[i].n, pats[i].window, NULL);
		struct xc_run_opts o = { .limit = last, .sort_slot = -1, .collapse_slot = -1 };
		struct xc_mset *m = xc_enquire(r, q, &o, NULL);
		assert_non_null(m);
		unsigned by_phrase = xc_mset_size(m);
		for (unsigned k = 0; k < by_phrase; k++) {
			struct error *e = NULL;
			unsigned *pos = NULL;
			/* Every document the phrase finds has the term ... */
			int n = xc_reader_positions(r, xc_mset_docid(m, k), terms[i][0], &pos, &e);
			assert_true(n > 0);
			free(pos);
		}
		/* ... and no other has it. */
		assert_int_equal(xc_reader_termfreq(r, pats[i].term), by_phrase);
		struct xc_query *t = xc_query_term(pats[i].term, 1, NULL);
		struct xc_mset *mt = xc_enquire(r, t, &o, NULL);
		assert_int_equal(xc_mset_size(mt), by_phrase);
		for (unsigned k = 0; k < by_phrase; k++) {
			int same = 0;
			for (unsigned j = 0; j < by_phrase; j++)
				same |= xc_mset_docid(mt, k) == xc_mset_docid(m, j);
			assert_true(same);
		}
		found_some += by_phrase > 0;
		xc_mset_free(mt);
		xc_query_free(t);
		xc_mset_free(m);
		xc_query_free(q);
	}
	assert_true(found_some >= 4); /* the test is not vacuous */
	xc_reader_close(r);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_term_equals_phrase_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
