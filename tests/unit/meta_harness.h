/* meta_harness.h - what the unit tests of the metadata rules share: the
 * shipped rules loaded once for a group (setup/teardown for
 * cmocka_run_group_tests) and detection over page texts written in the
 * test.  Include after <cmocka.h>; run from the repository root. */
#ifndef KINDEX_TESTS_META_HARNESS_H
#define KINDEX_TESTS_META_HARNESS_H

#include <stdio.h>
#include <string.h>

#include "indexer/meta.h"

static struct meta_rules *rules;

static int setup(void **state)
{
	(void)state;
	struct error *err = NULL;
	rules = meta_rules_load(META_RULES_DEFAULT_PATH, &err);
	if (rules == NULL) {
		fprintf(stderr, "cannot load rules: %s\n", err ? err->msg : "?");
		error_free(err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	meta_rules_free(rules);
	return 0;
}

/* Runs meta_detect() on pages (NULL-terminated, at most 8), a file name
 * and a PDF title (or NULL) into m, asserting that it succeeds; returns
 * the error it left (NULL expected). */
static struct error *detect_pages(struct meta *m, const char *path, const char *title,
				  const char *const *pages)
{
	struct pdf_text t = { 0 };
	char *pv[8];
	size_t lens[8];
	while (pages[t.n_pages] != NULL && t.n_pages < 8) {
		pv[t.n_pages] = (char *)pages[t.n_pages];
		lens[t.n_pages] = strlen(pages[t.n_pages]);
		t.text_bytes += lens[t.n_pages];
		t.n_pages++;
	}
	t.pages = pv;
	t.page_lens = lens;
	t.title = (char *)title;
	memset(m, 0, sizeof(*m));
	struct error *err = NULL;
	assert_int_equal(meta_detect(rules, &t, path, m, &err), 0);
	return err;
}

#endif
