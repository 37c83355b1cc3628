/* space.c - naming a full disk (see space.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#include "base/util.h"
#include "indexer/space.h"

int space_note(const char *dir, struct error *e)
{
	struct statvfs sv;
	if (e == NULL || e->code == ERR_NOMEM || e->msg == NULL)
		return 0;
	if (statvfs(dir, &sv) < 0) {
		/* The index folder may not exist yet: ask about its parent. */
		struct buf parent = BUF_INIT;
		const char *slash = strrchr(dir, '/');
		buf_add(&parent, slash && slash != dir ? dir : ".",
			slash && slash != dir ? (size_t)(slash - dir) : 1);
		int r = statvfs(buf_str(&parent), &sv);
		buf_free(&parent);
		if (r < 0)
			return 0;
	}
	unsigned long long avail = (unsigned long long)sv.f_bavail * sv.f_frsize;
	if (avail >= SPACE_FULL_BYTES)
		return 0;
	struct buf b = BUF_INIT;
	buf_addf(&b, "the disk holding %s is full (%llu KB free); free some space and run again (%s)",
		 dir, avail / 1024, e->msg);
	free(e->msg);
	e->msg = buf_detach(&b);
	return 1;
}
