/* main.c - the `kindex` command: dispatches to its subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} commands[] = {
	{ "index", cmd_index, "index PDF files and folders" },
	{ "search", cmd_search, "search the index" },
	{ "cite", cmd_cite, "print the citations found in PDF files" },
	{ "show", cmd_show, "print what the index holds about one document" },
	{ "serve", cmd_serve, "start the web server for staff" },
	{ "user", cmd_user, "manage the web server's accounts" },
	{ "alerts", cmd_alerts, "print what is new for each saved search (for cron)" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: kindex COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nThe index is in ./kindex-db unless --db DIR or $KINDEX_DB says otherwise.\n"
		   "`kindex COMMAND --help` shows a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "kindex: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
