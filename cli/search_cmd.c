/* cli.c - `kindex search` and `kindex show`: the index from a terminal. */
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "search/search.h"
#include "base/util.h"

/* Prints passage HTML to a terminal: marks in bold (or [..] when not a
 * terminal), entities decoded. */
static void print_passage(const char *html, int tty)
{
	struct buf b = BUF_INIT;
	for (const char *p = html; *p;) {
		if (strncmp(p, "<mark>", 6) == 0) {
			buf_adds(&b, tty ? "\033[1m" : "**");
			p += 6;
		} else if (strncmp(p, "</mark>", 7) == 0) {
			buf_adds(&b, tty ? "\033[0m" : "**");
			p += 7;
		} else {
			buf_addc(&b, *p++);
		}
	}
	char *text = search_html_to_text(buf_str(&b));
	printf("    %s\n", text);
	free(text);
	buf_free(&b);
}

static void search_usage(void)
{
	fprintf(stderr,
		"usage: kindex search [--db DIR] [--json] [--limit N] [--offset N]\n"
		"                     [--article SPEC]... [--type T] [--court C] [--lang L]\n"
		"                     [--from YEAR] [--to YEAR] [--sort relevance|date]\n"
		"                     [--passages N] [QUERY]\n"
		"QUERY uses Xapian's syntax: AND OR NOT, \"phrases\", word*, title:word,\n"
		"and art:3.1 for an article of the Convention (art:OPSC:2 for a protocol).\n");
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
	/* Counting the facets also makes the total exact. */
	req.facets = 1;

	struct error *err = NULL;
	struct search_db *db = search_open(db_dir, &err);
	struct search_result *res = db ? search_run(db, &req, &err) : NULL;
	int status = 0;
	if (res == NULL) {
		fprintf(stderr, "kindex search: %s\n", err ? err->msg : "failed");
		status = err && (err->code == ERR_QUERY || err->code == ERR_INPUT) ? 2 : 1;
	} else if (json) {
		char *s = search_result_json(res, 1);
		puts(s);
		free(s);
	} else {
		int tty = isatty(STDOUT_FILENO);
		printf("%u document%s found (%.1f ms)\n", res->total, res->total == 1 ? "" : "s",
		       res->ms);
		if (res->corrected)
			printf("did you mean: %s\n", res->corrected);
		for (size_t i = 0; i < res->n_hits; i++) {
			const struct search_hit *h = &res->hits[i];
			printf("\n%u. %s\n", req.offset + (unsigned)i + 1, h->title);
			printf("   %s  [id %u, score %.2f, %d page%s, %s", h->path, h->id, h->score,
			       h->pages, h->pages == 1 ? "" : "s", h->lang);
			if (*h->type)
				printf(", %s", h->type);
			if (*h->court)
				printf(", %s", h->court);
			if (*h->date)
				printf(", %s", h->date);
			printf("]\n");
			if (*h->ident)
				printf("   %s\n", h->ident);
			for (size_t k = 0; k < h->n_passages; k++) {
				printf("   p. %d:\n", h->passages[k].page);
				print_passage(h->passages[k].html, tty);
			}
			for (size_t k = 0; k < h->n_dups; k++)
				printf("   also at: %s\n", h->dups[k]);
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
	printf("%-12s %s", label, *v ? v : "(unknown)");
	const char *src = docdata_meta_source(dd, field);
	if (*src)
		printf("    [found by: %s]", src);
	printf("\n");
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
		fprintf(stderr, "kindex show: %s: %s\n", arg, err ? err->msg : "not in the index");
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
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		printf("id           %lu\n", id);
		printf("path         %s\n", docdata_str(&dd, "path"));
		printf("title        %s    [found by: %s]\n", docdata_str(&dd, "title"),
		       docdata_str(&dd, "title_source"));
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
		printf("size         %lld bytes\nhash         %s\n", docdata_int(&dd, "size"),
		       docdata_str(&dd, "hash"));
		struct json_object *o;
		if (json_object_object_get_ex(dd.json, "articles", &o)) {
			printf("articles    ");
			json_object_object_foreach(o, key, val)
				printf(" %s×%d", key, json_object_get_int(val));
			printf("\n");
		}
		if (json_object_object_get_ex(dd.json, "cites", &o)) {
			printf("cites       ");
			for (size_t i = 0; i < json_object_array_length(o); i++)
				printf(" %s", json_object_get_string(json_object_array_get_idx(o, i)));
			printf("\n");
		}
		if (text) {
			for (int p = 1; p <= (int)docdata_int(&dd, "pages"); p++) {
				const char *t;
				size_t len;
				if (docdata_page(&dd, p, &t, &len) == 0)
					printf("\n--- page %d ---\n%.*s\n", p, (int)len, t);
			}
		}
	}
	docdata_close(&dd);
	search_close(db);
	return 0;
}
