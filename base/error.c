/* error.c - creation and release of struct error (see error.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/error.h"

static struct error oom_error = { ERR_NOMEM, "out of memory" };

static struct error *error_vnew(enum error_code code, const char *fmt, va_list ap)
{
	struct error *e = malloc(sizeof(*e));
	if (e == NULL)
		return &oom_error;
	e->code = code;
	if (vasprintf(&e->msg, fmt, ap) < 0) {
		free(e);
		return &oom_error;
	}
	return e;
}

struct error *error_new(enum error_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct error *e = error_vnew(code, fmt, ap);
	va_end(ap);
	return e;
}

int error_set(struct error **err, enum error_code code, const char *fmt, ...)
{
	if (err == NULL || *err != NULL)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	*err = error_vnew(code, fmt, ap);
	va_end(ap);
	return -1;
}

void error_free(struct error *e)
{
	if (e == NULL || e == &oom_error)
		return;
	free(e->msg);
	free(e);
}

const char *error_code_name(enum error_code code)
{
	switch (code) {
	case ERR_IO: return "io";
	case ERR_DB: return "database";
	case ERR_QUERY: return "query";
	case ERR_INPUT: return "input";
	case ERR_NOMEM: return "memory";
	case ERR_BUSY: return "busy";
	case ERR_NOTFOUND: return "not found";
	case ERR_PDF: return "pdf";
	case ERR_INTERNAL: return "internal";
	case ERR_STALE: return "stale";
	}
	return "unknown";
}
