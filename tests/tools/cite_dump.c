/* cite_dump.c - prints the citations the recogniser finds in page texts.
 *
 * usage: cite_dump [-u] [-e] [-d instrument] [file]
 *        cite_dump -q [-l lang] [file]
 *   Reads UTF-8 text (e.g. `pdftotext -layout doc.pdf -` output) from file or
 *   stdin, splits it into pages on form feeds and prints one TSV line per
 *   citation: page, instrument, article, paragraph, letter, sub, text.  For a
 *   document citation the article column holds the identifier.
 *   -u  the text is a document of the UN CRC Committee (cite_opts.un_crc_context)
 *   -e  the text is a judgment of the ECtHR (cite_opts.echr_context)
 *   -d  the text is that of the treaty with this code, e.g. CRC
 *       (cite_opts.default_instrument)
 *   -q  each input line is a user's query: prints cite_query_articles()'s
 *       keys (space-separated), rest and description, tab-separated
 *   -l  the language of the descriptions with -q ("nl" or "en", default nl)
 * Exit status: 0 success, 1 input or memory failure, 2 usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "search/cite.h"

static void usage(void)
{
	(void)fprintf(stderr, "usage: cite_dump [-u] [-e] [-d instrument] [file]\n"
		      "       cite_dump -q [-l lang] [file]\n");
	exit(2);
}

/* Reads all of f into a malloc()ed buffer; NULL on failure. */
static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	if (buf == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		if (k == 0)
			break;
		n += k;
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* -q: one query per line. */
static int dump_queries(char *text, size_t len, const char *lang)
{
	int rc = 0;
	char *line = text;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		char *q = strndup(line, (size_t)(text + i - line));
		line = text + i + 1;
		if (q == NULL) {
			rc = 1;
			break;
		}
		struct cite_query cq;
		if (q[0] != '\0') {
			cite_query_articles(q, lang, &cq);
			for (int k = 0; k < cq.n; k++)
				printf("%s%s", k ? " " : "", cq.keys[k]);
			printf("\t%s\t%s\n", cq.rest, cq.desc);
			cite_query_clear(&cq);
		}
		free(q);
	}
	free(text);
	return rc;
}

int main(int argc, char **argv)
{
	struct cite_opts opts = { 0, 0, NULL };
	int ch, query = 0;
	const char *lang = "nl";
	while ((ch = getopt(argc, argv, "ued:ql:")) != -1) {
		switch (ch) {
		case 'u': opts.un_crc_context = 1; break;
		case 'e': opts.echr_context = 1; break;
		case 'd': opts.default_instrument = optarg; break;
		case 'q': query = 1; break;
		case 'l': lang = optarg; break;
		default: usage();
		}
	}
	if (argc - optind > 1)
		usage();
	FILE *f = stdin;
	if (optind < argc && (f = fopen(argv[optind], "rb")) == NULL) {
		perror(argv[optind]);
		return 1;
	}
	size_t len = 0;
	char *text = read_all(f, &len);
	if (f != stdin)
		fclose(f);
	if (text == NULL) {
		(void)fprintf(stderr, "cite_dump: cannot read input\n");
		return 1;
	}
	if (query)
		return dump_queries(text, len, lang);
	int n_pages = 1;
	for (size_t i = 0; i < len; i++)
		n_pages += text[i] == '\f';
	const char **pages = malloc((size_t)n_pages * sizeof(*pages));
	size_t *lens = malloc((size_t)n_pages * sizeof(*lens));
	if (pages == NULL || lens == NULL) {
		(void)fprintf(stderr, "cite_dump: out of memory\n");
		return 1;
	}
	int k = 0;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || text[i] == '\f') {
			pages[k] = text + start;
			lens[k++] = i - start;
			start = i + 1;
		}
	}
	struct cite_list l = { 0 };
	int rc = 0;
	cite_scan_pages(pages, lens, n_pages, &opts, &l);
	for (size_t i = 0; i < l.n; i++) {
		const struct cite *c = &l.items[i];
		if (c->kind == CITE_DOC)
			printf("%d\t%s\t%s\t\t\t\t%s\n", c->page, c->instrument, c->ident, c->text);
		else
			printf("%d\t%s\t%d\t%s\t%s\t%s\t%s\n", c->page, c->instrument, c->article,
			       c->paragraph, c->letter, c->sub, c->text);
	}
	cite_list_clear(&l);
	free(pages);
	free(lens);
	free(text);
	return rc;
}
