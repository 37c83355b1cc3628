/* daemon.c - web_serve: TLS, the listening socket, the libmicrohttpd
 * daemon and its threads, until a signal stops it.  The routes are in
 * server.c, the connections' limits in conn.c. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "search/context.h"
#include "search/vocab.h"
#include "search/citeas.h"
#include "base/util.h"
#include "web/auth.h"
#include "web/workbench.h"
#include "web/throttle.h"
#include "web/serve.h"
#include "web/server_int.h"

/* TLS 1.2 and 1.3 only, forward-secret key exchange (ECDHE, DHE) only, with
 * AEAD ciphers (GnuTLS priority string). */
#define WEB_TLS_PRIORITIES                                                              \
	"SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:" \
	"+DHE-RSA:-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:"              \
	"+AES-128-CCM:+AES-256-CCM"

/* ---- the daemon ---- */

int web_serve(const struct web_serve_opts *o)
{
	struct server srv = { 0 };
	const char *bind_addr = o->bind_addr, *users_path = o->users_path, *cert = o->cert,
		   *key = o->key;
	const char *wb_path = o->wb_path;
	char *wb_default = NULL;
	unsigned long port = o->port, threads = o->threads;
	int rc = -1, insecure = o->insecure;
	unsigned long per_address = o->per_address;
	char *cert_pem = NULL, *key_pem = NULL;
	pthread_t watchdog_thread;
	int watchdog_started = 0;
	struct error *err = NULL;
	struct MHD_Daemon *d = NULL;

	srv.db_dir = o->db_dir;
	srv.cache = o->cache;
	if (sodium_init() < 0) {
		fprintf(stderr, "kindex serve: libsodium could not start\n");
		return -1;
	}
	if (cert != NULL) {
		size_t len;
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			fprintf(stderr, "kindex serve: this libmicrohttpd has no TLS support\n");
			return -1;
		}
		/* The key, like ssh's, must not be writable by others. */
		int kfd = open(key, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (kfd < 0) {
			fprintf(stderr, "kindex serve: %s: %s\n", key, strerror(errno));
			goto out;
		}
		int kok = auth_check_secret_mode(kfd, key, "kindex serve", &err);
		close(kfd);
		if (kok < 0) {
			fprintf(stderr, "kindex serve: %s\n", err->msg);
			goto out;
		}
		cert_pem = util_read_file(cert, 1 << 20, &len, &err);
		if (cert_pem != NULL)
			key_pem = util_read_file(key, 1 << 20, &len, &err);
		if (key_pem == NULL) {
			fprintf(stderr, "kindex serve: %s\n", err->msg);
			goto out;
		}
		srv.tls = 1;
	}

	/* The address to listen on. */
	struct addrinfo hints = { 0 }, *ai = NULL;
	char portstr[8];
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
	snprintf(portstr, sizeof(portstr), "%lu", port);
	if (getaddrinfo(bind_addr, portstr, &hints, &ai) != 0 || ai == NULL) {
		fprintf(stderr, "kindex serve: --bind needs a numeric address, not \"%s\"\n", bind_addr);
		goto out;
	}
	int bind_loopback = 0, bind_any6 = 0;
	if (ai->ai_family == AF_INET) {
		const struct sockaddr_in *sa = (const struct sockaddr_in *)ai->ai_addr;
		bind_loopback = (ntohl(sa->sin_addr.s_addr) >> 24) == 127;
	} else if (ai->ai_family == AF_INET6) {
		const struct sockaddr_in6 *sa = (const struct sockaddr_in6 *)ai->ai_addr;
		bind_loopback = IN6_IS_ADDR_LOOPBACK(&sa->sin6_addr);
		bind_any6 = IN6_IS_ADDR_UNSPECIFIED(&sa->sin6_addr);
	}
	if (!bind_loopback && !srv.tls) {
		if (!insecure) {
			fprintf(stderr,
				"kindex serve: refusing to serve plain HTTP on %s: passwords and "
				"session cookies would cross the network in clear.\n"
				"  Give --tls-cert FILE --tls-key FILE, bind to 127.0.0.1 behind a TLS "
				"proxy, or add --insecure-http if you accept the risk.\n",
				bind_addr);
			freeaddrinfo(ai);
			goto out;
		}
		fprintf(stderr, "kindex serve: WARNING: plain HTTP on %s (--insecure-http): "
				"passwords and sessions can be read by anyone on the network\n",
			bind_addr);
	}

	srv.lograte = weblog_rate_new();
	srv.per_address = (unsigned)per_address;
	pthread_mutex_init(&srv.conn_mu, NULL);
	if (srv.lograte == NULL) {
		fprintf(stderr, "kindex serve: out of memory\n");
		freeaddrinfo(ai);
		goto out;
	}
	srv.auth = auth_new(users_path, &err);
	if (srv.auth == NULL) {
		fprintf(stderr, "kindex serve: %s\n", err->msg);
		freeaddrinfo(ai);
		goto out;
	}
	pthread_key_create(&srv.db_key, web_close_db);
	if (wb_path == NULL)
		wb_path = wb_default = workbench_default_path(srv.db_dir);
	srv.cs = citeas_load(NULL, &err);
	srv.wb = srv.cs ? workbench_new(wb_path, srv.cs, &err) : NULL;
	if (srv.wb == NULL) {
		fprintf(stderr, "kindex serve: %s\n", err->msg);
		freeaddrinfo(ai);
		goto out;
	}
	srv.ctx = search_ctx_new();
	{
		/* The courts' Dutch names come from the court list the indexer
		 * uses too; without it the pages show the names the index stores. */
		char *courts_path = util_data_path(VOCAB_COURTS_FILE);
		struct error *rerr = NULL;
		srv.vocab = courts_path ? vocab_load(courts_path, &rerr) : NULL;
		if (srv.vocab == NULL)
			fprintf(stderr, "kindex serve: warning: %s: %s; courts are named as the index "
					"stores them\n", courts_path ? courts_path : VOCAB_COURTS_FILE,
				rerr ? rerr->msg : "out of memory");
		error_free(rerr);
		free(courts_path);
	}

	/* Signals are taken by sigwait below; the daemon's threads inherit
	 * the blocked mask. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* poll, not epoll: with libmicrohttpd 0.9.75's edge-triggered epoll, a
	 * client that sends a few bytes and its FIN together was not noticed
	 * closing until the connection timeout (tests/reliability/server-test.py,
	 * "garbage then half-close").  At 256 connections at most, poll costs
	 * nothing that shows. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* The listening socket is made here, so that "::" takes IPv4 too
	 * (IPV6_V6ONLY off) and a failure to listen is told apart from a
	 * failure of TLS. */
	int lfd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0), one = 1,
	    v6only = !bind_any6;
	if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (ai->ai_family == AF_INET6 &&
	     setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only)) < 0) ||
	    bind(lfd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(lfd, 128) < 0) {
		fprintf(stderr, "kindex serve: cannot listen on %s port %lu: %s\n", bind_addr, port,
			strerror(errno));
		if (lfd >= 0)
			close(lfd);
		freeaddrinfo(ai);
		goto out;
	}
	unsigned bound_port = (unsigned)port;
	{
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		if (getsockname(lfd, (struct sockaddr *)&ss, &sl) == 0)
			bound_port = ntohs(ss.ss_family == AF_INET6
						   ? ((struct sockaddr_in6 *)&ss)->sin6_port
						   : ((struct sockaddr_in *)&ss)->sin_port);
	}
	if (srv.tls)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem tls_opts[] = {
		{ MHD_OPTION_HTTPS_MEM_CERT, 0, cert_pem },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, key_pem },
		{ MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)WEB_TLS_PRIORITIES },
		{ MHD_OPTION_END, 0, NULL },
	};
	/* The logger first (libmicrohttpd says so at every start otherwise);
	 * without TLS the array is just its END. */
	const size_t tls_end = sizeof(tls_opts) / sizeof(tls_opts[0]) - 1;
	d = MHD_start_daemon(flags, (uint16_t)port, web_on_accept, &srv, web_on_request, &srv,
			     MHD_OPTION_EXTERNAL_LOGGER, web_mhd_log, &srv,
			     MHD_OPTION_LISTEN_SOCKET, lfd,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)WEB_MAX_CONNECTIONS,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			     MHD_OPTION_NOTIFY_CONNECTION, web_on_connection, &srv,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
			     MHD_OPTION_NOTIFY_COMPLETED, web_on_completed, &srv,
			     MHD_OPTION_ARRAY, srv.tls ? tls_opts : &tls_opts[tls_end],
			     MHD_OPTION_END);
	if (d == NULL) {
		/* The socket listens already: what failed is TLS (or memory). */
		close(lfd);
		if (srv.tls)
			fprintf(stderr, "kindex serve: cannot start TLS: the key %s does not match the "
					"certificate %s, or one of them is not a valid PEM file\n",
				key, cert);
		else
			fprintf(stderr, "kindex serve: cannot start the server on %s port %lu\n",
				bind_addr, port);
		freeaddrinfo(ai);
		goto out;
	}
	if (pthread_create(&watchdog_thread, NULL, web_watchdog, &srv) == 0)
		watchdog_started = 1;
	{
		unsigned p = bound_port;
		printf("kindex: serving %s on %s://%s%s%s:%u/ (%lu threads; users in %s)\n",
		       srv.db_dir, srv.tls ? "https" : "http", ai->ai_family == AF_INET6 ? "[" : "",
		       bind_addr, ai->ai_family == AF_INET6 ? "]" : "", p, threads, users_path);
		fflush(stdout);
	}
	freeaddrinfo(ai);
	int sig = 0;
	sigwait(&sigs, &sig);
	fprintf(stderr, "kindex serve: stopping\n");
	rc = 0;
out:
	if (watchdog_started) {
		__atomic_store_n(&srv.watchdog_stop, 1, __ATOMIC_RELEASE);
		pthread_join(watchdog_thread, NULL);
	}
	if (d != NULL)
		MHD_stop_daemon(d);
	search_ctx_free(srv.ctx);
	workbench_free(srv.wb);
	citeas_free(srv.cs);
	free(wb_default);
	vocab_free(srv.vocab);
	weblog_rate_free(srv.lograte);
	auth_free(srv.auth);
	error_free(err);
	free(cert_pem);
	if (key_pem != NULL) {
		sodium_memzero(key_pem, strlen(key_pem));
		free(key_pem);
	}
	return rc;
}
