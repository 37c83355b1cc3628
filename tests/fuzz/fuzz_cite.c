/* fuzz_cite.c - libFuzzer target for the citation recogniser.
 *
 * The input is split on form feeds into pages and scanned twice (without
 * context and with both context flags); every citation found is checked for
 * sane fields.  The first byte of the input, when it is one of '0'..'3',
 * is not special: options are derived from the input length instead so that
 * all inputs exercise the text path. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/cite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct cite_list *l, const size_t *lens, int n_pages)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct cite *c = &l->items[i];
		char buf[64];
		char terms[8][64];
		assert(c->page >= 1 && c->page <= n_pages);
		assert(c->start <= c->end || c->end == lens[c->page - 1]);
		assert(c->end <= lens[c->page - 1]);
		assert(memchr(c->text, '\0', sizeof(c->text)) != NULL);
		assert(memchr(c->instrument, '\0', sizeof(c->instrument)) != NULL);
		(void)cite_format(c, buf, sizeof(buf));
		(void)cite_article_terms(c, terms, 8);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int n_pages = 1;
	for (size_t i = 0; i < size; i++)
		n_pages += data[i] == '\f';
	const char **pages = malloc((size_t)n_pages * sizeof(*pages));
	size_t *lens = malloc((size_t)n_pages * sizeof(*lens));
	if (pages == NULL || lens == NULL) {
		free(pages);
		free(lens);
		return 0;
	}
	int k = 0;
	size_t start = 0;
	for (size_t i = 0; i <= size; i++) {
		if (i == size || data[i] == '\f') {
			/* each page gets its own exact-size copy so ASan sees overreads */
			char *pg = malloc(i - start + 1);
			if (pg == NULL)
				abort();
			memcpy(pg, data + start, i - start);
			pages[k] = pg;
			lens[k++] = i - start;
			start = i + 1;
		}
	}
	struct cite_opts opts[3] = { { 0, 0, NULL }, { 1, 1, NULL }, { 0, 0, "CRC" } };
	for (int o = 0; o < 3; o++) {
		struct cite_list l = { 0 };
		cite_scan_pages(pages, lens, n_pages, &opts[o], &l);
		check(&l, lens, n_pages);
		cite_list_clear(&l);
	}
	/* the query side gets the same bytes as a spec */
	char *spec = malloc(size + 1);
	if (spec != NULL) {
		memcpy(spec, data, size);
		spec[size] = '\0';
		struct cite c;
		char terms[8][64];
		if (cite_parse_article(spec, &c) == 0)
			(void)cite_article_terms(&c, terms, 8);
		/* ... and as a query: the rest is never longer than the query */
		struct cite_query cq;
		cite_query_articles(spec, "nl", &cq);
		if (cq.n < 0 || cq.n > CITE_QUERY_MAX || strlen(cq.rest) > strlen(spec))
			abort();
		cite_query_clear(&cq);
		free(spec);
	}
	for (int i = 0; i < n_pages; i++)
		free((void *)pages[i]);
	free(pages);
	free(lens);
	return 0;
}
