/* pdf_text.c - text of a PDF page by page through poppler-glib.
 *
 * The only file that includes poppler or GLib.  Everything handed out is
 * plain malloc()ed C strings, so GLib's allocator never leaks past here. */
#include <errno.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/pdf_text.h"
#include "base/util.h"

/* Copies a GLib string (may be NULL) into malloc()ed storage, or NULL when
 * it is NULL or only whitespace. */
static char *take_gstr(gchar *s)
{
	char *out = NULL;
	if (s != NULL) {
		const char *p = s;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p)
			out = strdup(s);
	}
	g_free(s);
	return out;
}

/* Makes page text safe for everything downstream: valid UTF-8, no NUL, no
 * form feed (the page separator in stored data), no carriage returns. */
static char *clean_page_text(const char *raw, size_t *len_out)
{
	gchar *valid = g_utf8_make_valid(raw ? raw : "", -1);
	size_t n = strlen(valid);
	char *out = malloc(n + 1);
	if (out == NULL) {
		g_free(valid);
		return NULL;
	}
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = valid[i];
		if (c == '\f' || c == '\r')
			c = (c == '\r' && valid[i + 1] == '\n') ? 0 : '\n';
		if (c)
			out[j++] = c;
	}
	/* Trim trailing whitespace. */
	while (j > 0 && (out[j - 1] == '\n' || out[j - 1] == ' '))
		j--;
	out[j] = '\0';
	g_free(valid);
	*len_out = j;
	return out;
}

static time_t pdf_date(PopplerDocument *doc, int creation)
{
	GDateTime *dt = creation ? poppler_document_get_creation_date_time(doc)
				 : poppler_document_get_modification_date_time(doc);
	if (dt == NULL)
		return 0;
	time_t t = (time_t)g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

struct pdf_text *pdf_text_extract_mem(const void *data, size_t len, struct error **err)
{
	/* Poppler accepts a lot of junk; a PDF must start (near) with %PDF-. */
	if (len < 8 || memmem(data, len < 1024 ? len : 1024, "%PDF-", 5) == NULL) {
		error_set(err, ERR_PDF, "not a PDF (no %%PDF- header)");
		return NULL;
	}
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *gerr = NULL;
	PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	if (doc == NULL) {
		if (gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED)
			error_set(err, ERR_PDF, "encrypted (needs a password)");
		else
			error_set(err, ERR_PDF, "damaged: %s", gerr ? gerr->message : "cannot be opened");
		if (gerr)
			g_error_free(gerr);
		g_bytes_unref(bytes);
		return NULL;
	}

	struct pdf_text *t = calloc(1, sizeof(*t));
	int n = poppler_document_get_n_pages(doc);
	if (t == NULL)
		goto nomem;
	if (n < 0)
		n = 0;
	t->pages = calloc(n ? (size_t)n : 1, sizeof(char *));
	t->page_lens = calloc(n ? (size_t)n : 1, sizeof(size_t));
	if (t->pages == NULL || t->page_lens == NULL)
		goto nomem;
	for (int i = 0; i < n; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *raw = page ? poppler_page_get_text(page) : NULL;
		t->pages[i] = clean_page_text(raw, &t->page_lens[i]);
		g_free(raw);
		if (page)
			g_object_unref(page);
		if (t->pages[i] == NULL)
			goto nomem;
		t->n_pages = i + 1;
		t->text_bytes += t->page_lens[i];
	}
	t->title = take_gstr(poppler_document_get_title(doc));
	t->author = take_gstr(poppler_document_get_author(doc));
	t->subject = take_gstr(poppler_document_get_subject(doc));
	t->keywords = take_gstr(poppler_document_get_keywords(doc));
	t->creation_date = pdf_date(doc, 1);
	t->mod_date = pdf_date(doc, 0);
	g_object_unref(doc);
	g_bytes_unref(bytes);
	return t;

nomem:
	pdf_text_free(t);
	g_object_unref(doc);
	g_bytes_unref(bytes);
	error_set(err, ERR_NOMEM, "out of memory");
	return NULL;
}

struct pdf_text *pdf_text_extract(const char *path, struct error **err)
{
	size_t len;
	char *data = util_read_file(path, 0, &len, err);
	if (data == NULL)
		return NULL;
	struct pdf_text *t = pdf_text_extract_mem(data, len, err);
	free(data);
	return t;
}

void pdf_text_free(struct pdf_text *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->n_pages; i++)
		free(t->pages[i]);
	free(t->pages);
	free(t->page_lens);
	free(t->title);
	free(t->author);
	free(t->subject);
	free(t->keywords);
	free(t);
}
