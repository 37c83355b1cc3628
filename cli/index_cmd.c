/* index_cmd.c - `kindex index`: the options, then indexer/index.h. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"
#include "cli/commands.h"
#include "indexer/index.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: kindex index [--db DIR] [--jobs N] [--timeout SECONDS] [--mem-limit MB]\n"
		"                    [--batch N] [--no-compact] [--quiet] [--follow-symlinks]\n"
		"                    [--group-read] [--no-ocr] [--ocr-timeout SECONDS-PER-PAGE]\n"
		"                    [--shard K/N] PATH...\n"
		"  --shard K/N  keep only the documents whose id hashes to shard K of N (1..N);\n"
		"               search the N indexes together through a Xapian stub file\n");
}

/* Creates the folders above the index folder dir (as mkdir -p), so that
 * `--db a/b` works when a/ does not exist yet; Xapian creates dir itself.
 * On failure says which folder could not be made and why. */
static int make_parents(const char *dir)
{
	char path[4096];
	if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path)) {
		fprintf(stderr, "kindex index: the index folder name is too long\n");
		return -1;
	}
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		struct stat st;
		if (stat(path, &st) != 0 && mkdir(path, 0777) != 0 && errno != EEXIST) {
			fprintf(stderr,
				"kindex index: cannot create the folder %s for the index: %s\n",
				path, strerror(errno));
			return -1;
		}
		if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			fprintf(stderr,
				"kindex index: %s is not a folder, so the index %s cannot go "
				"there\n",
				path, dir);
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int cmd_index(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "timeout", required_argument, NULL, 't' },
		{ "mem-limit", required_argument, NULL, 'm' },
		{ "batch", required_argument, NULL, 'b' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-compact", no_argument, NULL, 'C' },
		{ "follow-symlinks", no_argument, NULL, 'L' },
		{ "group-read", no_argument, NULL, 'G' },
		{ "no-ocr", no_argument, NULL, 'O' },
		{ "ocr-timeout", required_argument, NULL, 'T' },
		{ "shard", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct index_opts o = { .db_dir = default_db_dir() };
	unsigned long v;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:j:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db_dir = optarg; break;
		case 'j':
			if (util_parse_uint(optarg, 256, &v) < 0 || v == 0)
				goto bad;
			o.jobs = (int)v;
			break;
		case 't':
			if (util_parse_uint(optarg, 86400, &v) < 0 || v == 0)
				goto bad;
			o.timeout_s = (unsigned)v;
			break;
		case 'm':
			if (util_parse_uint(optarg, 1u << 20, &v) < 0 || v < 64)
				goto bad;
			o.mem_limit_mb = v;
			break;
		case 'b':
			if (util_parse_uint(optarg, 1000000, &v) < 0 || v == 0)
				goto bad;
			o.batch_docs = v;
			break;
		case 'q': o.quiet = 1; break;
		case 'C': o.no_compact = 1; break;
		case 'L': o.follow_symlinks = 1; break;
		case 'G': o.group_read = 1; break;
		case 'O': o.no_ocr = 1; break;
		case 'T':
			if (util_parse_uint(optarg, 3600, &v) < 0 || v == 0)
				goto bad;
			o.ocr_timeout_s = (unsigned)v;
			break;
		case 'S': {
			unsigned k = 0, n = 0;
			char extra;
			if (sscanf(optarg, "%u/%u%c", &k, &n, &extra) != 2 || n == 0 || n > 1024 ||
			    k == 0 || k > n)
				goto bad;
			o.shard_k = k;
			o.shard_n = n;
			break;
		}
		case 'h': usage(); return 0;
		default: goto bad;
		}
	}
	if (optind >= argc)
		goto bad;
	if (make_parents(o.db_dir) < 0)
		return 2;
	return index_run(&o, argv + optind, (size_t)(argc - optind));
bad:
	usage();
	return 2;
}
