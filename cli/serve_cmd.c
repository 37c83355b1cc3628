/* serve_cmd.c - `kindex serve`: its options; the server itself is
 * web_serve (web/server.c). */
#include <getopt.h>
#include <stdio.h>

#include "cli/commands.h"
#include "base/util.h"
#include "web/auth.h"
#include "web/serve.h"

static int usage(int help)
{
	fprintf(help ? stdout : stderr, "usage: kindex serve [--db DIR] [--bind ADDR] [--port N] [--threads N]\n"
			"                    [--users FILE] [--tls-cert FILE --tls-key FILE] [--no-cache]\n"
			"                    [--workbench FILE] [--insecure-http] [--max-per-address N]\n"
			"Off loopback, plain HTTP needs --insecure-http (passwords would cross the\n"
			"network in clear); give a TLS certificate and key instead.\n");
	return help ? 0 : 2;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "bind", required_argument, NULL, 'b' },
		{ "port", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "no-cache", no_argument, NULL, 'N' },
		{ "users", required_argument, NULL, 'u' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "workbench", required_argument, NULL, 'W' },
		{ "insecure-http", no_argument, NULL, 'I' },
		{ "max-per-address", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct web_serve_opts o = { 0 };
	char upath[4096];
	int c;

	o.db_dir = default_db_dir();
	o.bind_addr = "127.0.0.1";
	o.port = 8080;
	o.threads = 4;
	o.per_address = WEB_PER_ADDRESS;
	o.cache = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:b:p:t:u:C:K:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db_dir = optarg; break;
		case 'b': o.bind_addr = optarg; break;
		case 'p':
			if (util_parse_uint(optarg, 65535, &o.port) < 0) {
				fprintf(stderr, "kindex serve: port must be a number between 0 (any free port) and 65535\n");
				return 2;
			}
			break;
		case 't':
			if (util_parse_uint(optarg, 256, &o.threads) < 0 || o.threads == 0) {
				fprintf(stderr, "kindex serve: threads must be a number between 1 and 256\n");
				return 2;
			}
			break;
		case 'u': o.users_path = optarg; break;
		case 'N': o.cache = 0; break;
		case 'C': o.cert = optarg; break;
		case 'K': o.key = optarg; break;
		case 'W': o.wb_path = optarg; break;
		case 'I': o.insecure = 1; break;
		case 'M':
			if (util_parse_uint(optarg, WEB_MAX_CONNECTIONS, &o.per_address) < 0 ||
			    o.per_address == 0) {
				fprintf(stderr, "kindex serve: --max-per-address must be a number between 1 and %d\n",
					WEB_MAX_CONNECTIONS);
				return 2;
			}
			break;
		case 'h': return usage(1);
		default: return usage(0);
		}
	}
	if (optind != argc || (o.cert == NULL) != (o.key == NULL))
		return usage(0);
	if (o.users_path == NULL) {
		if (users_default_path(o.db_dir, upath, sizeof(upath)) < 0)
			return usage(0);
		o.users_path = upath;
	}
	return web_serve(&o) < 0 ? 2 : 0;
}
