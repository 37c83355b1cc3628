/* alerts_cmd.c - `kindex alerts`: what is new for each saved search since
 * the last run, for cron and mail. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "cli/commands.h"
#include "search/citeas.h"
#include "search/search.h"
#include "web/workbench.h"

struct alerts_ctx {
	const struct citeas *cs;
	struct search_db *db;
	unsigned searches, fresh;
};

/* A line for the terminal: control characters (escape sequences from a
 * document's metadata among them) become spaces. */
static void print_clean(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		putchar(*p < 0x20 || *p == 0x7f ? ' ' : *p);
}

static void report(void *ctx, const struct store_saved *sv, const struct search_hit *const *hits,
		   size_t n)
{
	struct alerts_ctx *a = ctx;
	a->searches++;
	if (n == 0)
		return;
	a->fresh += (unsigned)n;
	print_clean(sv->owner);
	fputs(": ", stdout);
	print_clean(sv->name);
	printf(": %zu new\n", n);
	for (size_t i = 0; i < n; i++) {
		char *cite = citeas_doc(a->cs, a->db, hits[i]->id, "nl", NULL, NULL);
		fputs("  ", stdout);
		print_clean(cite ? cite : hits[i]->title);
		fputs("\n    ", stdout);
		print_clean(hits[i]->title[0] ? hits[i]->title : hits[i]->path);
		putchar('\n');
		free(cite);
	}
}

static int usage(int help)
{
	fprintf(help ? stdout : stderr,
		"usage: kindex alerts [--db DIR] [--user NAME] [--workbench FILE]\n"
		"Prints, per saved search, the matches that are new since the last run, and\n"
		"remembers them as reported.  Exit status 0 also when nothing is new.\n");
	return help ? 0 : 2;
}

int cmd_alerts(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "workbench", required_argument, NULL, 'W' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_dir = default_db_dir(), *user = NULL, *wb_path = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:u:W:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_dir = optarg; break;
		case 'u': user = optarg; break;
		case 'W': wb_path = optarg; break;
		case 'h': return usage(1);
		default: return usage(0);
		}
	}
	if (optind != argc)
		return usage(0);
	char *def = wb_path ? NULL : workbench_default_path(db_dir);
	struct error *err = NULL;
	struct citeas *cs = citeas_load(NULL, &err);
	struct search_db *db = cs ? search_open(db_dir, &err) : NULL;
	int rc = 2;
	if (db != NULL) {
		struct alerts_ctx a = { cs, db, 0, 0 };
		if (workbench_alerts(wb_path ? wb_path : def, db, user, report, &a, &err) == 0) {
			fprintf(stderr, "kindex alerts: %u saved searches, %u new matches\n", a.searches,
				a.fresh);
			rc = 0;
		}
	}
	if (rc != 0)
		fprintf(stderr, "kindex alerts: %s\n", err ? err->msg : "failed");
	error_free(err);
	search_close(db);
	citeas_free(cs);
	free(def);
	return rc;
}
