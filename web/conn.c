/* conn.c - the web server's connections: the deadline for reading a
 * request (a watchdog thread) and the limit per client address; and
 * libmicrohttpd's own log lines.  See server.c, convention (5). */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "web/server_int.h"
#include "web/throttle.h"

/* ---- connections: the deadline and the limit per address ---- */

/* 1 for the addresses a local reverse proxy connects from. */
static int addr_exempt(const char *addr)
{
	return strcmp(addr, "127.0.0.1") == 0 || strcmp(addr, "::1") == 0;
}

static void sockaddr_text(const struct sockaddr *sa, char *out, size_t n)
{
	snprintf(out, n, "?");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)n);
}

/* The request on c is read (responding 1: the deadline stops) or done
 * (responding 0: the next one starts its own deadline now). */
void web_conn_mark(struct server *srv, struct MHD_Connection *c, int responding)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn *k = ci ? ci->socket_context : NULL;
	if (k == NULL)
		return;
	pthread_mutex_lock(&srv->conn_mu);
	k->responding = responding;
	if (!responding)
		k->start = web_now_s();
	pthread_mutex_unlock(&srv->conn_mu);
}

void web_on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		struct conn *k = calloc(1, sizeof(*k));
		if (k == NULL)
			return;
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		const union MHD_ConnectionInfo *ai =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		k->fd = ci ? (int)ci->connect_fd : -1;
		sockaddr_text(ai ? ai->client_addr : NULL, k->addr, sizeof(k->addr));
		k->start = web_now_s();
		pthread_mutex_lock(&srv->conn_mu);
		k->next = srv->conns;
		if (srv->conns)
			srv->conns->prev = k;
		srv->conns = k;
		pthread_mutex_unlock(&srv->conn_mu);
		*socket_context = k;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context != NULL) {
		/* Called before MHD closes the socket: once k is off the list the
		 * watchdog never touches its descriptor again. */
		struct conn *k = *socket_context;
		pthread_mutex_lock(&srv->conn_mu);
		if (k->prev)
			k->prev->next = k->next;
		else
			srv->conns = k->next;
		if (k->next)
			k->next->prev = k->prev;
		pthread_mutex_unlock(&srv->conn_mu);
		free(k);
		*socket_context = NULL;
	}
}

/* Refuses a connection from an address that holds its share already. */
enum MHD_Result web_on_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct server *srv = cls;
	char text[64];
	unsigned n = 0;
	(void)addrlen;
	sockaddr_text(addr, text, sizeof(text));
	if (addr_exempt(text))
		return MHD_YES;
	pthread_mutex_lock(&srv->conn_mu);
	for (struct conn *k = srv->conns; k != NULL; k = k->next)
		n += strcmp(k->addr, text) == 0;
	pthread_mutex_unlock(&srv->conn_mu);
	if (n < srv->per_address)
		return MHD_YES;
	weblog(srv->lograte, text, web_now_s(), "refused a connection from %s: it has %u open", text, n);
	return MHD_NO;
}

/* Ends, once a second, the connections whose request is overdue.
 * shutdown() makes MHD see the end of the stream and close it in its own
 * thread. */
void *web_watchdog(void *arg)
{
	struct server *srv = arg;
	while (!__atomic_load_n(&srv->watchdog_stop, __ATOMIC_ACQUIRE)) {
		struct timespec ts = { 0, 250 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		double now = web_now_s();
		pthread_mutex_lock(&srv->conn_mu);
		for (struct conn *k = srv->conns; k != NULL; k = k->next) {
			if (k->responding || k->fd < 0 || now - k->start <= WEB_REQUEST_DEADLINE)
				continue;
			weblog(srv->lograte, k->addr, now,
			       "closed a connection from %s: its request took over %d s", k->addr,
			       WEB_REQUEST_DEADLINE);
			shutdown(k->fd, SHUT_RDWR);
			k->fd = -1;
		}
		pthread_mutex_unlock(&srv->conn_mu);
	}
	return NULL;
}

/* libmicrohttpd's own messages, rate-limited as one more client. */
__attribute__((format(printf, 2, 0))) void web_mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct server *srv = cls;
	char line[512], esc[1024];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '))
		line[--n] = '\0';
	weblog_escape(line, esc, sizeof(esc));
	weblog(srv->lograte, "(libmicrohttpd)", web_now_s(), "%s", esc);
}
