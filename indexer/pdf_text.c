/* pdf_text.c - text of a PDF page by page through poppler-glib.
 *
 * The only file that includes poppler or GLib.  Everything handed out is
 * plain malloc()ed C strings, so GLib's allocator never leaks past here. */
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <poppler.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/ocr.h"
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

/* A page with fewer letters and digits than this is read by OCR (when it
 * shows an image): a page number or a stamp is not a text layer. */
#define OCR_MIN_CHARS 24
/* The largest page image rendered for OCR: A2 at 300 dpi is 35 million
 * pixels.  A larger page is rendered at a lower resolution, down to
 * OCR_MIN_DPI; a page larger still is not read. */
#define OCR_MAX_PIXELS 40e6
#define OCR_MIN_DPI 100

int pdf_text_needs_ocr(const char *text, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n < OCR_MIN_CHARS; i++) {
		unsigned char c = (unsigned char)text[i];
		/* ASCII letters and digits, and the first byte of every
		 * non-ASCII character. */
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0xC0)
			n++;
	}
	return n < OCR_MIN_CHARS;
}

/* 1 when the page draws at least one image. */
static int page_has_image(PopplerPage *page)
{
	GList *imgs = poppler_page_get_image_mapping(page);
	int has = imgs != NULL;
	poppler_page_free_image_mapping(imgs);
	return has;
}

/* Renders page grey (one byte a pixel, white background) for OCR.
 * Returns malloc()ed pixels with *w, *h (stride = width) and the dpi used,
 * or NULL with a reason in *err. */
static unsigned char *render_gray(PopplerPage *page, int dpi, int *w, int *h, int *dpi_used,
				  struct error **err)
{
	double pw = 0, ph = 0;
	poppler_page_get_size(page, &pw, &ph);
	if (!(pw >= 1 && ph >= 1) || !isfinite(pw) || !isfinite(ph)) {
		error_set(err, ERR_PDF, "page has no size");
		return NULL;
	}
	double scale = dpi / 72.0;
	double px = pw * scale * ph * scale;
	if (px > OCR_MAX_PIXELS)
		scale *= sqrt(OCR_MAX_PIXELS / px);
	/* cairo's image surfaces are at most 32767 pixels a side. */
	if (pw * scale > 32767)
		scale = 32767 / pw;
	if (ph * scale > 32767)
		scale = 32767 / ph;
	if (scale * 72 < OCR_MIN_DPI) {
		error_set(err, ERR_PDF, "page too large to read by OCR (%.0f x %.0f cm)",
			  pw / 72 * 2.54, ph / 72 * 2.54);
		return NULL;
	}
	*w = (int)ceil(pw * scale);
	*h = (int)ceil(ph * scale);
	*dpi_used = (int)lround(scale * 72);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *w, *h);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		error_set(err, ERR_NOMEM, "no memory to render the page (%d x %d pixels)", *w, *h);
		return NULL;
	}
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render_for_printing(page, cr);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	unsigned char *gray = st == CAIRO_STATUS_SUCCESS ? malloc((size_t)*w * (size_t)*h) : NULL;
	if (gray) {
		const unsigned char *rows = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);
		for (int y = 0; y < *h; y++) {
			const uint32_t *row = (const uint32_t *)(rows + (size_t)y * (size_t)stride);
			unsigned char *o = gray + (size_t)y * (size_t)*w;
			for (int x = 0; x < *w; x++) {
				uint32_t v = row[x];
				/* ITU-R BT.601 luma, in integers. */
				o[x] = (unsigned char)((((v >> 16) & 0xff) * 77 + ((v >> 8) & 0xff) * 150 +
							(v & 0xff) * 29) >> 8);
			}
		}
	} else {
		error_set(err, st == CAIRO_STATUS_SUCCESS ? ERR_NOMEM : ERR_PDF,
			  "the page could not be rendered (%s)", cairo_status_to_string(st));
	}
	cairo_surface_destroy(s);
	return gray;
}

static void note_failure(struct ocr_stats *st, int page, const char *why)
{
	struct buf b = BUF_INIT;
	if (st->failures) {
		buf_adds(&b, st->failures);
		buf_adds(&b, "; ");
		free(st->failures);
	}
	buf_addf(&b, "page %d: %s", page, why);
	st->failures = buf_detach(&b);
	st->failed++;
}

/* Reads page i (0-based) of doc by OCR when it needs it, replacing t's
 * text of that page; from the cache when it has the page. */
static void ocr_page(PopplerDocument *doc, int i, struct pdf_text *t, const char *hash,
		     struct ocr_stats *st, double t_start)
{
	const struct ocr_config *oc = ocr_settings();
	PopplerPage *page = poppler_document_get_page(doc, i);
	if (page == NULL || !page_has_image(page))
		goto out;
	int conf = -1;
	char *failed = NULL;
	char *text = ocr_cache_get(oc->cache_dir, hash, i + 1, &conf, &failed);
	if (text == NULL && failed) {
		note_failure(st, i + 1, failed);
		free(failed);
		goto out;
	}
	if (text == NULL) {
		if (!oc->enabled || (oc->file_ms && util_now_ms() - t_start > oc->file_ms)) {
			t->ocr_pending++;
			goto out;
		}
		struct error *err = NULL;
		double t0 = util_now_ms();
		int w = 0, h = 0, dpi = 0;
		unsigned char *gray = render_gray(page, oc->dpi, &w, &h, &dpi, &err);
		if (gray)
			text = ocr_image(gray, w, h, w, dpi, &conf, &err);
		free(gray);
		st->ms += util_now_ms() - t0;
		if (text == NULL && err->code != ERR_NOMEM && err->code != ERR_INTERNAL)
			ocr_cache_put(oc->cache_dir, hash, i + 1, err->msg, -1, NULL);
		else if (text)
			ocr_cache_put(oc->cache_dir, hash, i + 1, text, conf, NULL);
		if (text == NULL) {
			note_failure(st, i + 1, err->msg);
			error_free(err);
			goto out;
		}
		st->recognised++;
	}
	size_t len = 0;
	char *clean = clean_page_text(text, &len);
	free(text);
	if (clean == NULL)
		goto out;
	/* OCR that found no more than the text layer has, or only specks
	 * (a photograph), is not used. */
	if (len <= t->page_lens[i] || pdf_text_needs_ocr(clean, len)) {
		free(clean);
		goto out;
	}
	if (t->ocr_conf == NULL) {
		t->ocr_conf = malloc((size_t)t->n_pages * sizeof(int));
		if (t->ocr_conf == NULL) {
			free(clean);
			goto out;
		}
		for (int k = 0; k < t->n_pages; k++)
			t->ocr_conf[k] = -1;
	}
	t->text_bytes += len - t->page_lens[i];
	free(t->pages[i]);
	t->pages[i] = clean;
	t->page_lens[i] = len;
	t->ocr_conf[i] = conf;
	t->ocr_pages++;
	st->pages++;
out:
	if (page)
		g_object_unref(page);
}

static struct pdf_text *extract(const void *data, size_t len, const char *hash,
				struct ocr_stats *stats, struct error **err)
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
	if (hash) {
		double t_start = util_now_ms();
		for (int i = 0; i < n; i++)
			if (pdf_text_needs_ocr(t->pages[i], t->page_lens[i]))
				ocr_page(doc, i, t, hash, stats, t_start);
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

struct pdf_text *pdf_text_extract_mem(const void *data, size_t len, struct error **err)
{
	return extract(data, len, NULL, NULL, err);
}

struct pdf_text *pdf_text_extract_ocr(const void *data, size_t len, const char *hash,
				      struct ocr_stats *stats, struct error **err)
{
	struct ocr_stats unused = { 0 };
	if (stats == NULL)
		stats = &unused;
	else
		memset(stats, 0, sizeof(*stats));
	struct pdf_text *t = extract(data, len, hash, stats, err);
	if (stats == &unused)
		free(unused.failures);
	return t;
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
	free(t->ocr_conf);
	free(t->title);
	free(t->author);
	free(t->subject);
	free(t->keywords);
	free(t);
}
