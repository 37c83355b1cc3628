/* search_cmd.c - `kindex search` and `kindex show`: the index from a terminal. */
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "search/citeas.h"
#include "search/search.h"
#include "base/util.h"
#include "base/xalloc.h"

/* Writes s to stdout with control characters (C0, DEL, C1) and invalid
 * UTF-8 as \xHH, so that text from the index (file names, titles, page
 * text) can never move the cursor or retitle the terminal.  keep_nl: a
 * newline or tab passes (page text); \x01 and \x02 become the start and
 * end of bold (marks). */
static void tput(const char *s, int keep_nl, int tty)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		/* A run of printable ASCII at once (most of any text). */
		const unsigned char *q = p;
		while (*q >= 0x20 && *q < 0x7f)
			q++;
		if (q > p) {
			fwrite(p, 1, (size_t)(q - p), stdout);
			p = q;
			continue;
		}
		unsigned c = *p;
		size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
			 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		for (size_t i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				n = 0;
		if (c == 1 || c == 2) {
			fputs(c == 1 ? (tty ? "\033[1m" : "**") : (tty ? "\033[0m" : "**"), stdout);
		} else if (keep_nl && (c == '\n' || c == '\t')) {
			putchar((int)c);
		} else if (n == 0 || c < 0x20 || c == 0x7f || (c == 0xc2 && p[1] < 0xa0)) {
			printf("\\x%02x", c);
			n = 1; /* the bytes after it are looked at on their own */
		} else {
			fwrite(p, 1, n, stdout);
		}
		p += n;
	}
}

/* Prints passage HTML to a terminal: marks in bold (or **..** when not a
 * terminal), entities decoded, control characters escaped. */
static void print_passage(const char *html, int tty)
{
	struct buf b = BUF_INIT;
	for (const char *p = html; *p;) {
		if (strncmp(p, "<mark>", 6) == 0) {
			buf_addc(&b, '\x01');
			p += 6;
		} else if (strncmp(p, "</mark>", 7) == 0) {
			buf_addc(&b, '\x02');
			p += 7;
		} else if (*p == 1 || *p == 2) {
			p++;
		} else {
			buf_addc(&b, *p++);
		}
	}
	char *text = search_html_to_text(buf_str(&b));
	fputs("    ", stdout);
	tput(text, 0, tty);
	putchar('\n');
	free(text);
	buf_free(&b);
}

static void search_usage(void)
{
	fprintf(stderr,
		"usage: kindex search [--db DIR] [--json] [--limit N] [--offset N]\n"
		"                     [--article SPEC]... [--type T] [--court C] [--lang L]\n"
		"                     [--from YEAR] [--to YEAR] [--sort relevance|date]\n"
		"                     [--passages N] [--any-article] [--plain] [--exact] [QUERY]\n"
		"QUERY uses Xapian's syntax: AND OR NOT, \"phrases\", word*, title:word,\n"
		"and art:3.1 for an article of the Convention (art:OPSC:2 for a protocol).\n"
		"A query that finds nothing runs its spelling correction instead, unless --exact.\n");
}

static int parse_year(const char *s, int *out)
{
	unsigned long v;
	if (util_parse_uint(s, 9999, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

int cmd_search(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },	  { "json", no_argument, NULL, 'J' },
		{ "limit", required_argument, NULL, 'n' },  { "offset", required_argument, NULL, 'o' },
		{ "article", required_argument, NULL, 'a' }, { "type", required_argument, NULL, 't' },
		{ "court", required_argument, NULL, 'c' },  { "lang", required_argument, NULL, 'l' },
		{ "from", required_argument, NULL, 'F' },   { "to", required_argument, NULL, 'T' },
		{ "sort", required_argument, NULL, 's' },   { "passages", required_argument, NULL, 'p' },
		{ "any-article", no_argument, NULL, 'A' }, { "plain", no_argument, NULL, 'P' },
		{ "exact", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },	  { NULL, 0, NULL, 0 },
	};
	const char *db_dir = default_db_dir();
	struct search_req req = { .limit = 10 };
	int json = 0, c;
	unsigned long v;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:n:a:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_dir = optarg; break;
		case 'J': json = 1; break;
		case 'E': req.no_correct = 1; break;
		case 'n':
			if (util_parse_uint(optarg, SEARCH_MAX_LIMIT, &v) < 0 || v == 0) {
				fprintf(stderr, "kindex search: --limit must be 1..%d\n",
					SEARCH_MAX_LIMIT);
				return 2;
			}
			req.limit = (unsigned)v;
			break;
		case 'o':
			if (util_parse_uint(optarg, SEARCH_MAX_OFFSET, &v) < 0) {
				fprintf(stderr, "kindex search: --offset must be 0..%d\n",
					SEARCH_MAX_OFFSET);
				return 2;
			}
			req.offset = (unsigned)v;
			break;
		case 'a':
			if (req.n_articles >= SEARCH_MAX_ARTICLES) {
				fprintf(stderr, "kindex search: at most %d articles\n",
					SEARCH_MAX_ARTICLES);
				return 2;
			}
			req.articles[req.n_articles++] = optarg;
			break;
		case 'A': req.articles_any = 1; break;
		case 'P': req.literal = 1; break;
		case 't': req.type = optarg; break;
		case 'c': req.court = optarg; break;
		case 'l': req.lang = optarg; break;
		case 'F':
		case 'T':
			if (parse_year(optarg, c == 'F' ? &req.year_from : &req.year_to) < 0) {
				fprintf(stderr, "kindex search: a year is 4 digits, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 's':
			if (strcmp(optarg, "date") == 0)
				req.sort_date = 1;
			else if (strcmp(optarg, "relevance") == 0)
				req.sort_date = -1;
			else {
				fprintf(stderr, "kindex search: --sort is relevance or date\n");
				return 2;
			}
			break;
		case 'p':
			if (util_parse_uint(optarg, SEARCH_MAX_PASSAGES, &v) < 0 || v == 0) {
				fprintf(stderr, "kindex search: --passages must be 1..%d\n",
					SEARCH_MAX_PASSAGES);
				return 2;
			}
			req.passages = (int)v;
			break;
		case 'h': search_usage(); return 0;
		default: search_usage(); return 2;
		}
	}
	/* The remaining arguments form the query. */
	struct buf q = BUF_INIT;
	for (int i = optind; i < argc; i++) {
		if (q.len)
			buf_addc(&q, ' ');
		buf_adds(&q, argv[i]);
	}
	req.q = buf_str(&q);
	/* --json prints the facets (counting them also makes the total
	 * exact); text prints none, so its total is counted by the match
	 * alone, without the facets' second pass. */
	req.facets = json;
	req.exact_total = 1;
	req.no_hit_cites = !json;

	struct error *err = NULL;
	struct search_db *db = search_open(db_dir, &err);
	struct search_result *res = db ? search_run(db, &req, &err) : NULL;
	int status = 0;
	if (res == NULL) {
		fprintf(stderr, "kindex search: %s\n", err ? err->msg : "failed");
		status = err && (err->code == ERR_QUERY || err->code == ERR_INPUT) ? 2 : 1;
	} else if (json) {
		/* Each hit cites itself; without the formats, the hits still come. */
		struct error *cerr = NULL;
		struct citeas *cs = citeas_load(NULL, &cerr);
		if (cs == NULL) {
			fprintf(stderr, "kindex search: warning: %s\n", cerr->msg);
			error_free(cerr);
		}
		char *s = search_result_json_cite(res, 1, cs, db);
		puts(s);
		free(s);
		citeas_free(cs);
	} else {
		int tty = isatty(STDOUT_FILENO);
		printf("%u document%s found (%.1f ms)\n", res->total, res->total == 1 ? "" : "s",
		       res->ms);
		if (res->n_unknown) {
			fputs("not found:", stdout);
			for (size_t i = 0; i < res->n_unknown; i++) {
				putchar(' ');
				tput(res->unknown[i], 0, tty);
				if (res->unknown_en && res->unknown_en[i]) {
					fputs(" (searched as: ", stdout);
					tput(res->unknown_en[i], 0, tty);
					putchar(')');
				}
			}
			putchar('\n');
		}
		if (res->instead_of && res->corrected) {
			fputs("results for: ", stdout);
			tput(res->corrected, 0, tty);
			fputs("; search instead for (--exact): ", stdout);
			tput(res->instead_of, 0, tty);
			putchar('\n');
		} else if (res->corrected) {
			fputs("did you mean: ", stdout);
			tput(res->corrected, 0, tty);
			putchar('\n');
		}
		for (size_t i = 0; i < res->n_hits; i++) {
			const struct search_hit *h = &res->hits[i];
			printf("\n%u. ", req.offset + (unsigned)i + 1);
			tput(h->title, 0, tty);
			fputs("\n   ", stdout);
			tput(h->path, 0, tty);
			printf("  [id %u, score %.2f, %d page%s, ", h->id, h->score, h->pages,
			       h->pages == 1 ? "" : "s");
			tput(h->lang, 0, tty);
			const char *more[] = { h->type, h->court, h->date };
			for (size_t k = 0; k < 3; k++)
				if (*more[k]) {
					fputs(", ", stdout);
					tput(more[k], 0, tty);
				}
			printf("]\n");
			if (*h->ident) {
				fputs("   ", stdout);
				tput(h->ident, 0, tty);
				putchar('\n');
			}
			for (size_t k = 0; k < h->n_passages; k++) {
				if (h->passages[k].para[0])
					printf("   p. %d, para. %s:\n", h->passages[k].page,
					       h->passages[k].para);
				else
					printf("   p. %d:\n", h->passages[k].page);
				print_passage(h->passages[k].html, tty);
			}
			for (size_t k = 0; k < h->n_dups; k++) {
				fputs("   also at: ", stdout);
				tput(h->dups[k], 0, tty);
				putchar('\n');
			}
		}
	}
	search_result_free(res);
	search_close(db);
	error_free(err);
	buf_free(&q);
	return status;
}

static void show_field(struct docdata *dd, const char *label, const char *field)
{
	const char *v = docdata_meta(dd, field);
	printf("%-12s ", label);
	tput(*v ? v : "(unknown)", 0, 0);
	const char *src = docdata_meta_source(dd, field);
	if (*src) {
		fputs("    [found by: ", stdout);
		tput(src, 0, 0);
		putchar(']');
	}
	printf("\n");
}

/* "cite_as": {"nl": …, "en": …}: how the document cites itself
 * (search/citeas.h); left out when the formats cannot be read. */
static void add_cite_as(struct json_object *o, struct search_db *db, unsigned id)
{
	struct error *err = NULL;
	struct citeas *cs = citeas_load(NULL, &err);
	if (cs == NULL) {
		fprintf(stderr, "kindex show: %s\n", err->msg);
		error_free(err);
		return;
	}
	struct json_object *c = json_object_new_object();
	static const char *const langs[] = { "nl", "en" };
	for (int i = 0; i < 2; i++) {
		char *s = citeas_doc(cs, db, id, langs[i], NULL, NULL);
		json_object_object_add(c, langs[i], s ? json_object_new_string(s) : NULL);
		free(s);
	}
	json_object_object_add(o, "cite_as", c);
	citeas_free(cs);
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'J' },
		{ "text", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_dir = default_db_dir();
	int json = 0, text = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_dir = optarg; break;
		case 'J': json = 1; break;
		case 'x': text = 1; break;
		default:
			fprintf(stderr, "usage: kindex show [--db DIR] [--json] [--text] ID|PATH\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: kindex show [--db DIR] [--json] [--text] ID|PATH\n");
		return 2;
	}
	struct error *err = NULL;
	struct search_db *db = search_open(db_dir, &err);
	if (db == NULL) {
		fprintf(stderr, "kindex show: %s\n", err->msg);
		error_free(err);
		return 1;
	}
	const char *arg = argv[optind];
	unsigned long id = 0;
	if (util_parse_uint(arg, UINT_MAX, &id) < 0) {
		char *abs = realpath(arg, NULL);
		id = search_doc_by_path(db, abs ? abs : arg);
		free(abs);
	}
	struct docdata dd;
	if (id == 0 || search_doc_load(db, (unsigned)id, &dd, &err) < 0) {
		/* The argument may hold anything: escape it too. */
		fprintf(stderr, "kindex show: ");
		for (const unsigned char *q = (const unsigned char *)arg; *q; q++) {
			if (*q < 0x20 || *q == 0x7f)
				fprintf(stderr, "\\x%02x", *q);
			else
				fputc(*q, stderr);
		}
		fprintf(stderr, ": %s\n", err ? err->msg : "not in the index");
		error_free(err);
		search_close(db);
		return 1;
	}
	if (json) {
		struct json_object *o = json_object_get(dd.json);
		json_object_object_add(o, "id", json_object_new_int64((int64_t)id));
		struct json_object *cits = docdata_citations(&dd);
		json_object_object_add(o, "citations",
				       cits ? json_object_get(cits) : json_object_new_array());
		json_object_object_del(o, "page_pos");
		add_cite_as(o, db, (unsigned)id);
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		printf("id           %lu\n", id);
		fputs("path         ", stdout);
		tput(docdata_str(&dd, "path"), 0, 0);
		fputs("\ntitle        ", stdout);
		tput(docdata_str(&dd, "title"), 0, 0);
		fputs("    [found by: ", stdout);
		tput(docdata_str(&dd, "title_source"), 0, 0);
		fputs("]\n", stdout);
		show_field(&dd, "type", "type");
		show_field(&dd, "court", "court");
		show_field(&dd, "court name", "court_name");
		show_field(&dd, "date", "date");
		show_field(&dd, "identifier", "ident");
		show_field(&dd, "language", "lang");
		struct json_object *nt;
		int notext = json_object_object_get_ex(dd.json, "notext", &nt) &&
			     json_object_get_boolean(nt);
		printf("pages        %lld%s\n", docdata_int(&dd, "pages"),
		       notext ? " (no text layer)" : "");
		if (docdata_int(&dd, "ocr_pages") > 0) {
			printf("read by OCR ");
			for (int p = 1; p <= (int)docdata_int(&dd, "pages"); p++)
				if (docdata_page_ocr(&dd, p) >= 0)
					printf(" p. %d (confidence %d%%)", p, docdata_page_ocr(&dd, p));
			printf("\n");
		}
		printf("size         %lld bytes\nhash         ", docdata_int(&dd, "size"));
		tput(docdata_str(&dd, "hash"), 0, 0);
		putchar('\n');
		struct json_object *o;
		if (json_object_object_get_ex(dd.json, "articles", &o)) {
			printf("articles    ");
			json_object_object_foreach(o, key, val) {
				putchar(' ');
				tput(key, 0, 0);
				printf("×%d", json_object_get_int(val));
			}
			printf("\n");
		}
		if (json_object_object_get_ex(dd.json, "cites", &o)) {
			printf("cites       ");
			for (size_t i = 0; i < json_object_array_length(o); i++) {
				putchar(' ');
				tput(json_object_get_string(json_object_array_get_idx(o, i)), 0, 0);
			}
			printf("\n");
		}
		if (text) {
			for (int p = 1; p <= (int)docdata_int(&dd, "pages"); p++) {
				const char *t;
				size_t len;
				if (docdata_page(&dd, p, &t, &len) == 0) {
					char *pt = xstrndup(t, len);
					printf("\n--- page %d ---\n", p);
					tput(pt, 1, 0);
					putchar('\n');
					free(pt);
				}
			}
		}
	}
	docdata_close(&dd);
	search_close(db);
	return 0;
}
