/* main.c - the `kindex` command: dispatches to its subcommands.
 *
 * Built twice.  `kindex` (this file as is) holds the commands that only read
 * an index (search, show, user, alerts) and links only the light libraries,
 * so that a search starts in about a millisecond; the commands that need
 * poppler, tesseract, cairo, libmicrohttpd, ... (index, cite, serve) live in
 * a second executable, kindex-heavy (this file with -DKINDEX_HEAVY, every
 * command linked in), which `kindex` execs in its own place: same process,
 * arguments, environment and standard streams, so users, scripts and
 * systemd units see one program.  kindex-heavy is looked for beside the
 * running binary, then in KINDEX_LIBEXECDIR (the install's PREFIX/lib/kindex). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"

#ifdef KINDEX_HEAVY
#define HEAVY_CMD(fn) fn
#else
#define HEAVY_CMD(fn) NULL /* run by kindex-heavy */
#endif

#define HEAVY_NAME "kindex-heavy"

static const struct {
	const char *name;
	int (*fn)(int, char **); /* NULL: exec kindex-heavy */
	const char *help;
} commands[] = {
	{ "index", HEAVY_CMD(cmd_index), "index PDF files and folders" },
	{ "search", cmd_search, "search the index" },
	{ "cite", HEAVY_CMD(cmd_cite), "print the citations found in PDF files" },
	{ "show", cmd_show, "print what the index holds about one document" },
	{ "serve", HEAVY_CMD(cmd_serve), "start the web server for staff" },
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

#ifndef KINDEX_HEAVY
/* Replaces this process with kindex-heavy and the same arguments; returns
 * (exit status 2) only when no kindex-heavy could be started. */
static int exec_heavy(char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + sizeof(HEAVY_NAME)];
	const char *tried[2];
	int n = 0, err = ENOENT;
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len > 0) {
		self[len] = '\0';
		char *slash = strrchr(self, '/');
		if (slash) {
			slash[1] = '\0';
			snprintf(path, sizeof(path), "%s%s", self, HEAVY_NAME);
			execv(path, argv);
			err = errno;
			tried[n++] = self;
		}
	}
#ifdef KINDEX_LIBEXECDIR
	snprintf(path, sizeof(path), "%s/%s", KINDEX_LIBEXECDIR, HEAVY_NAME);
	execv(path, argv);
	if (n == 0 || errno != ENOENT)
		err = errno;
	tried[n++] = KINDEX_LIBEXECDIR "/";
#endif
	fprintf(stderr, "kindex %s: cannot start %s (needed for this command): %s; looked in", argv[1],
		HEAVY_NAME, strerror(err));
	for (int i = 0; i < n; i++)
		fprintf(stderr, "%s %s", i ? "," : "", tried[i]);
	fprintf(stderr, "%s\n", n ? "" : " nothing (no /proc/self/exe)");
	return 2;
}
#endif

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
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
#ifndef KINDEX_HEAVY
		if (commands[i].fn == NULL)
			return exec_heavy(argv);
#endif
		return commands[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "kindex: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
