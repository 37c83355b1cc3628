/* user_cmd.c - `kindex user add|del|passwd|list`: the staff accounts of
 * the web server, kept in the users file (see web/auth.h).
 *
 * Passwords are read from the terminal without echo (asked twice), or as
 * one line from stdin when stdin is not a terminal, so that scripts can
 * pipe them in.  Nothing else ever sees the plain password: it is hashed
 * with argon2id and wiped. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/commands.h"
#include "base/util.h"
#include "web/auth.h"

#define MIN_PASSWORD 8

static int usage(int help)
{
	fprintf(help ? stdout : stderr,
		"usage: kindex user add|passwd NAME [--users FILE] [--db DIR]\n"
		"       kindex user del NAME [--users FILE] [--db DIR]\n"
		"       kindex user list [--users FILE] [--db DIR]\n"
		"The users file defaults to <DIR>.users beside the index.\n"
		"The password is read from stdin when it is not a terminal.\n");
	return help ? 0 : 2;
}

/* Reads one line into buf (n bytes) from stdin, echo off when it is a
 * terminal.  Returns 0, or -1 on end of input or an over-long line. */
static int read_line(const char *prompt, char *buf, size_t n)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO);
	int r = 0;
	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		} else {
			tty = 0;
		}
	}
	if (fgets(buf, (int)n, stdin) == NULL)
		r = -1;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (r == 0) {
		size_t len = strlen(buf);
		if (len > 0 && buf[len - 1] == '\n')
			buf[--len] = '\0';
		else if (len == n - 1)
			r = -1; /* too long */
		if (len > 0 && buf[len - 1] == '\r')
			buf[--len] = '\0';
	}
	return r;
}

/* Asks for a new password into pw (n bytes).  Returns 0 or -1. */
static int ask_password(char *pw, size_t n)
{
	char again[AUTH_PASSWORD_MAX + 2];
	if (read_line("New password: ", pw, n) < 0) {
		fprintf(stderr, "kindex user: no password given (or longer than %d bytes)\n",
			AUTH_PASSWORD_MAX);
		return -1;
	}
	if (strlen(pw) < MIN_PASSWORD) {
		fprintf(stderr, "kindex user: the password needs at least %d characters\n",
			MIN_PASSWORD);
		return -1;
	}
	if (isatty(STDIN_FILENO)) {
		if (read_line("Again: ", again, sizeof(again)) < 0 || strcmp(again, pw) != 0) {
			sodium_memzero(again, sizeof(again));
			fprintf(stderr, "kindex user: the passwords differ\n");
			return -1;
		}
		sodium_memzero(again, sizeof(again));
	}
	return 0;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "users", required_argument, NULL, 'u' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *users_path = NULL, *db = default_db_dir();
	char path[4096];
	int c, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "u:d:h", opts, NULL)) != -1) {
		if (c == 'u')
			users_path = optarg;
		else if (c == 'd')
			db = optarg;
		else
			return usage(c == 'h');
	}
	if (optind >= argc)
		return usage(0);
	const char *verb = argv[optind];
	const char *name = optind + 1 < argc ? argv[optind + 1] : NULL;
	int is_list = strcmp(verb, "list") == 0;
	if ((is_list && name != NULL) || (!is_list && (name == NULL || optind + 2 != argc)))
		return usage(0);
	if (users_path == NULL) {
		if (users_default_path(db, path, sizeof(path)) < 0) {
			fprintf(stderr, "kindex user: index path too long\n");
			return 2;
		}
		users_path = path;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "kindex user: libsodium could not start\n");
		return 2;
	}

	struct users u = { 0 };
	struct error *err = NULL;
	if (users_load(users_path, &u, &err) < 0) {
		fprintf(stderr, "kindex user: %s\n", err->msg);
		error_free(err);
		return 2;
	}
	if (is_list) {
		for (size_t i = 0; i < u.n; i++)
			printf("%s\n", u.v[i].name);
		goto out;
	}
	if (!users_name_is_valid(name)) {
		fprintf(stderr, "kindex user: invalid user name \"%s\" (1-%d letters, digits, . _ @ -)\n",
			name, AUTH_NAME_MAX);
		rc = 2;
		goto out;
	}
	if (strcmp(verb, "del") == 0) {
		if (users_del(&u, name) < 0) {
			fprintf(stderr, "kindex user: no user \"%s\"\n", name);
			rc = 1;
			goto out;
		}
	} else if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) {
		int exists = users_find(&u, name) != NULL;
		char pw[AUTH_PASSWORD_MAX + 2];
		char hash[crypto_pwhash_STRBYTES];
		if (verb[0] == 'a' && exists) {
			fprintf(stderr, "kindex user: \"%s\" exists already (use passwd)\n", name);
			rc = 1;
			goto out;
		}
		if (verb[0] == 'p' && !exists) {
			fprintf(stderr, "kindex user: no user \"%s\" (use add)\n", name);
			rc = 1;
			goto out;
		}
		if (ask_password(pw, sizeof(pw)) < 0) {
			sodium_memzero(pw, sizeof(pw));
			rc = 2;
			goto out;
		}
		int r = users_hash_password(pw, hash, sizeof(hash), &err);
		sodium_memzero(pw, sizeof(pw));
		if (r < 0 || users_set(&u, name, hash, &err) < 0) {
			fprintf(stderr, "kindex user: %s\n", err->msg);
			error_free(err);
			rc = 2;
			goto out;
		}
	} else {
		rc = usage(0);
		goto out;
	}
	if (users_save(users_path, &u, &err) < 0) {
		fprintf(stderr, "kindex user: %s\n", err->msg);
		error_free(err);
		rc = 2;
		goto out;
	}
	fprintf(stderr, "kindex user: %s %s in %s\n", name,
		verb[0] == 'd' ? "removed" : verb[0] == 'a' ? "added" : "updated", users_path);
out:
	users_clear(&u);
	return rc;
}
