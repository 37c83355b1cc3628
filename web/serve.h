/* serve.h - run the staff web front end (web/server.c).
 *
 * The command line (cli/serve_cmd.c) fills struct web_serve_opts; web_serve
 * listens, serves until SIGINT or SIGTERM, and stops.  It tells what went
 * wrong on stderr, prefixed "kindex serve:". */
#ifndef KINDEX_WEB_SERVE_H
#define KINDEX_WEB_SERVE_H

/* Connections one address may hold by default, and the server's limit. */
#define WEB_PER_ADDRESS 16
#define WEB_MAX_CONNECTIONS 256

struct web_serve_opts {
	const char *db_dir;          /* the index directory */
	const char *bind_addr;       /* numeric address to listen on */
	unsigned long port;          /* 0: any free port */
	unsigned long threads;       /* 1..256 */
	const char *users_path;      /* the users file */
	const char *cert, *key;      /* TLS certificate and key (PEM files), or both NULL */
	const char *wb_path;         /* workbench file, or NULL for the default */
	int cache;                   /* 1: answer /api/search from the cache */
	int insecure;                /* 1: plain HTTP off loopback allowed */
	unsigned long per_address;   /* 1..WEB_MAX_CONNECTIONS */
};

/* Serves until a signal: 0 when stopped by SIGINT/SIGTERM, -1 when it
 * could not start (the reason is on stderr).  The strings in o are
 * borrowed for the call. */
int web_serve(const struct web_serve_opts *o);

#endif
