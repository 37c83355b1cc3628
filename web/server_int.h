/* server_int.h - private to web/: the state the daemon (server.c) and its
 * connection bookkeeping (conn.c) share.  Not part of the web API; see
 * web/serve.h for that. */
#ifndef KINDEX_WEB_SERVER_INT_H
#define KINDEX_WEB_SERVER_INT_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>

#include "web/serve.h"

/* Slow clients (slowloris): a request's headers and body must arrive
 * within WEB_REQUEST_DEADLINE seconds of its start (the connection's accept
 * or the end of the previous request), however steadily they trickle in;
 * the idle timeout alone resets on every byte.  One address holds at most
 * WEB_PER_ADDRESS connections (--max-per-address), except 127.0.0.1 and ::1,
 * where a reverse proxy on the same machine connects from for everyone. */
#define WEB_REQUEST_DEADLINE 15

struct server {
	const char *db_dir;
	struct auth *auth;
	pthread_key_t db_key;        /* this thread's struct search_db */
	int tls;                     /* 1: served over TLS */
	int cache;                   /* 1: answer /api/search from the cache */
	struct vocab *vocab;         /* courts' names in Dutch and English, or NULL */
	struct search_ctx *ctx;      /* caches shared by the threads */
	struct citeas *cs;           /* citation formats (data/cite-formats.txt) */
	struct workbench *wb;        /* collections and saved searches */
	struct weblog_rate *lograte; /* log lines per client address */
	unsigned per_address;        /* connections one address may hold */
	pthread_mutex_t conn_mu;     /* guards the list of connections */
	struct conn *conns;          /* open connections, for the deadline */
	int watchdog_stop;
};

/* Per connection (MHD's socket context): when its current request began,
 * for the deadline, and its address, for the limit per address. */
struct conn {
	struct conn *next, *prev;
	int fd;
	double start;                /* accept, or the end of the last request */
	int responding;              /* 1: the request is read; answering */
	int counted;                 /* 1: counts against its address */
	char addr[64];
};

/* Seconds on the monotonic clock. */
double web_now_s(void);

/* conn.c: the deadline and the limit per address (libmicrohttpd callbacks;
 * cls is the struct server). */
void web_conn_mark(struct server *srv, struct MHD_Connection *c, int responding);
void web_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
		       enum MHD_ConnectionNotificationCode code);
enum MHD_Result web_on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen);
void *web_watchdog(void *arg);
__attribute__((format(printf, 2, 0))) void web_mhd_log(void *cls, const char *fmt, va_list ap);


/* server.c: the routes, as libmicrohttpd's request callbacks (cls is the
 * struct server), and the destructor of a thread's struct search_db. */
enum MHD_Result web_on_request(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *upload_data,
			       size_t *upload_data_size, void **req_cls);
void web_on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
		      enum MHD_RequestTerminationCode toe);
void web_close_db(void *db);

#endif
