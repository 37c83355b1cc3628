/* meta_dump.c - prints what the metadata recogniser (indexer/meta*.c) finds
 * in one document.
 *
 * usage: meta_dump [-r rules] [-t title] [-a author] [-s subject] PDF-PATH < TEXT
 *
 * TEXT is the output of `pdftotext -layout PDF -`: pages separated by form
 * feeds.  The PDF path is used for file-name cues and overrides only; the
 * PDF's own metadata can be passed with -t/-a/-s (pdfinfo prints it).
 * Output: one line per field, "field<TAB>value<TAB>source", with empty value
 * and source when the field is unknown.  Exit status 0, 1 when an override
 * file is broken (reported on stderr, detected fields still printed), 2 on
 * usage or fatal errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer/meta.h"

static void usage(void)
{
	fprintf(stderr, "usage: meta_dump [-r rules] [-t title] [-a author] [-s subject] "
		"PDF-PATH < TEXT\n");
	exit(2);
}

static char *read_all(FILE *f, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	if (buf == NULL)
		return NULL;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			char *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void print_field(const char *name, const struct meta_field *f)
{
	printf("%s\t%s\t%s\n", name, f->value ? f->value : "", f->source ? f->source : "");
}

int main(int argc, char **argv)
{
	const char *rules = META_RULES_DEFAULT_PATH;
	struct pdf_text t = { 0 };
	int c;
	while ((c = getopt(argc, argv, "r:t:a:s:")) != -1) {
		switch (c) {
		case 'r': rules = optarg; break;
		case 't': t.title = *optarg ? optarg : NULL; break;
		case 'a': t.author = *optarg ? optarg : NULL; break;
		case 's': t.subject = *optarg ? optarg : NULL; break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	const char *path = argv[optind];

	struct error *err = NULL;
	struct meta_rules *r = meta_rules_load(rules, &err);
	if (r == NULL) {
		fprintf(stderr, "meta_dump: %s\n", err->msg);
		error_free(err);
		return 2;
	}
	size_t len;
	char *text = read_all(stdin, &len);
	if (text == NULL) {
		fprintf(stderr, "meta_dump: out of memory\n");
		return 2;
	}
	/* Split on form feeds; pdftotext ends every page with one. */
	size_t cap = 16;
	t.pages = malloc(cap * sizeof(*t.pages));
	for (char *p = text; t.pages != NULL && *p != '\0';) {
		char *ff = strchr(p, '\f');
		if (ff != NULL)
			*ff = '\0';
		if ((size_t)t.n_pages == cap) {
			char **np = realloc(t.pages, cap * 2 * sizeof(*np));
			if (np == NULL)
				break;
			t.pages = np;
			cap *= 2;
		}
		t.pages[t.n_pages++] = p;
		if (ff == NULL)
			break;
		p = ff + 1;
	}

	struct meta m = { 0 };
	int status = 0;
	if (meta_detect(r, &t, path, &m, &err) < 0) {
		fprintf(stderr, "meta_dump: %s\n", err->msg);
		error_free(err);
		return 2;
	}
	if (meta_apply_overrides(path, &m, &err) < 0) {
		fprintf(stderr, "meta_dump: %s\n", err->msg);
		error_free(err);
		err = NULL;
		status = 1;
	}
	if (meta_fill_court_name(r, &m, &err) < 0) {
		fprintf(stderr, "meta_dump: %s\n", err->msg);
		error_free(err);
		return 2;
	}
	print_field("type", &m.type);
	print_field("court", &m.court);
	print_field("court_name", &m.court_name);
	print_field("date", &m.date);
	print_field("ident", &m.ident);
	print_field("title", &m.title);
	print_field("lang", &m.lang);
	print_field("state", &m.state);
	print_field("outcome", &m.outcome);
	print_field("violated", &m.violated);
	print_field("formation", &m.formation);
	print_field("parties", &m.parties);
	print_field("area", &m.area);
	print_field("procedure", &m.procedure);
	print_field("seat", &m.seat);
	char fp[64];
	meta_overrides_fingerprint(path, fp, sizeof(fp));
	printf("fingerprint\t%s\t\n", fp);
	meta_clear(&m);
	meta_rules_free(r);
	free(t.pages);
	free(text);
	return status;
}
