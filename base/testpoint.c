/* testpoint.c - stop points for tests (see testpoint.h). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/testpoint.h"

static int tp_ready;
static char tp_name[64];
static long tp_at;       /* stop at this hit of tp_name; 0: never */
static long tp_hits;
static const char *tp_file, *tp_log;

static void tp_init(void)
{
	tp_ready = 1;
	tp_file = getenv("KINDEX_TESTPOINT_FILE");
	tp_log = getenv("KINDEX_TESTPOINT_LOG");
	const char *spec = getenv("KINDEX_TESTPOINT");
	const char *colon = spec ? strrchr(spec, ':') : NULL;
	if (colon == NULL || (size_t)(colon - spec) >= sizeof(tp_name))
		return;
	memcpy(tp_name, spec, (size_t)(colon - spec));
	tp_name[colon - spec] = '\0';
	tp_at = strtol(colon + 1, NULL, 10);
}

/* Appends s to the file path with one write (O_APPEND: lines of several
 * processes do not mix). */
static void tp_append(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	ssize_t n = write(fd, s, strlen(s));
	(void)n;
	close(fd);
}

void testpoint(const char *name)
{
	if (!tp_ready)
		tp_init();
	if (tp_log) {
		char line[80];
		snprintf(line, sizeof(line), "%s\n", name);
		tp_append(tp_log, line);
	}
	if (tp_at <= 0 || strcmp(name, tp_name) != 0 || ++tp_hits != tp_at)
		return;
	if (tp_file) {
		char line[100];
		snprintf(line, sizeof(line), "%s %ld %d\n", name, tp_hits, (int)getpid());
		tp_append(tp_file, line);
	}
	raise(SIGSTOP);
}
