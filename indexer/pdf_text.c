/* pdf_text.c - text of a PDF page by page through poppler-glib.
 *
 * The only file that includes poppler, and the only one that uses GLib for
 * more than GHashTable.  Everything handed out is plain malloc()ed C
 * strings, so no GLib string leaks past here. */
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <poppler.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "indexer/ocr.h"
#include "indexer/pdf_text.h"
#include "base/util.h"
#include "base/xalloc.h"

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
			out = xstrdup(s);
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
	char *out = xmalloc(n + 1);
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
	cairo_status_t sst = cairo_surface_status(s);
	if (sst == CAIRO_STATUS_NO_MEMORY)
		xalloc_die();
	if (sst != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		error_set(err, ERR_PDF, "the page could not be rendered (%d x %d pixels: %s)", *w,
			  *h, cairo_status_to_string(sst));
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
	if (st == CAIRO_STATUS_NO_MEMORY)
		xalloc_die();
	unsigned char *gray = st == CAIRO_STATUS_SUCCESS ? xmalloc((size_t)*w * (size_t)*h) : NULL;
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
		error_set(err, ERR_PDF, "the page could not be rendered (%s)",
			  cairo_status_to_string(st));
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

/* The child's side of read_isolated: renders and reads page i and writes
 * u8 status (0 text, 1 failed, 2 no image on the page), i32 confidence,
 * u32 length and the text (or the reason) to fd. */
static void __attribute__((noreturn)) read_in_child(PopplerDocument *doc, int i, int fd)
{
	const struct ocr_config *oc = ocr_settings();
	struct error *err = NULL;
	unsigned char status = 1;
	int conf = -1;
	char *text = NULL;
	PopplerPage *page = poppler_document_get_page(doc, i);
	if (page == NULL) {
		error_set(&err, ERR_PDF, "the page cannot be read");
	} else if (!page_has_image(page)) {
		status = 2;
	} else {
		int w = 0, h = 0, dpi = 0;
		unsigned char *gray = render_gray(page, oc->dpi, &w, &h, &dpi, &err);
		if (gray)
			text = ocr_image(gray, w, h, w, dpi, &conf, &err);
		free(gray);
		status = text ? 0 : 1;
	}
	const char *msg = status == 0 ? text : status == 1 ? err->msg : "";
	uint32_t len = (uint32_t)strlen(msg);
	struct buf b = BUF_INIT;
	buf_addc(&b, (char)status);
	buf_add(&b, (const char *)&conf, sizeof(conf));
	buf_add(&b, (const char *)&len, sizeof(len));
	buf_add(&b, msg, len);
	size_t off = 0;
	while (off < b.len) {
		ssize_t n = write(fd, b.s + off, b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(1);
		off += (size_t)n;
	}
	_exit(0);
}

/* Renders and reads page i in a child process with its own time limit, so
 * that a page that makes poppler or tesseract crash, loop or allocate
 * without bound (an image claiming 100,000 x 100,000 pixels over a
 * corrupt stream) costs only that page, not the file.  The child shares
 * the worker's tesseract engine, copy-on-write.  Returns 0 with *text
 * (malloc()ed; NULL when the page shows no image) and *conf, or -1 with
 * *err (the page's reason). */
static int read_isolated(PopplerDocument *doc, int i, double limit_ms, char **text, int *conf,
			 struct error **err)
{
	*text = NULL;
	if (ocr_start(err) < 0)
		return -1;
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return error_set(err, ERR_IO, "pipe: %s", strerror(errno));
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return error_set(err, ERR_IO, "fork: %s", strerror(errno));
	}
	if (pid == 0) {
		close(fds[0]);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(1);
		read_in_child(doc, i, fds[1]);
	}
	close(fds[1]);
	struct buf in = BUF_INIT;
	double end = util_now_ms() + limit_ms;
	int timed_out = 0;
	for (;;) {
		double left = end - util_now_ms();
		if (left <= 0) {
			timed_out = 1;
			break;
		}
		struct pollfd pfd = { fds[0], POLLIN, 0 };
		int r = poll(&pfd, 1, (int)left + 1);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;
		char chunk[65536];
		ssize_t n = read(fds[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&in, chunk, (size_t)n);
	}
	close(fds[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	int rc = -1;
	uint32_t len = 0;
	const size_t head = 1 + sizeof(int) + sizeof(len);
	if (in.len >= head)
		memcpy(&len, in.s + 1 + sizeof(int), sizeof(len));
	if (timed_out) {
		error_set(err, ERR_PDF, "took longer than %.0f s to read by OCR: stopped",
			  limit_ms / 1000.0);
	} else if (in.len < head || in.len - head != len) {
		/* A crash is the page's doing and is remembered (ERR_PDF); a
		 * kill from outside (the OOM killer, a signal to the group) is
		 * not. */
		int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
		int own = sig == SIGSEGV || sig == SIGABRT || sig == SIGBUS || sig == SIGFPE ||
			  sig == SIGILL;
		if (sig)
			error_set(err, own ? ERR_PDF : ERR_IO, "rendering or OCR %s (signal %d: %s)",
				  own ? "crashed" : "was stopped", sig, strsignal(sig));
		else
			error_set(err, ERR_PDF, "rendering or OCR stopped (exit %d)",
				  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	} else if (in.s[0] == 1) {
		error_set(err, ERR_PDF, "%.*s", (int)len, in.s + head);
	} else {
		memcpy(conf, in.s + 1, sizeof(int));
		if (in.s[0] == 0)
			*text = xstrndup(in.s + head, len);
		rc = 0;
	}
	buf_free(&in);
	return rc;
}

/* Reads page i (0-based) of doc by OCR when it needs it, replacing t's
 * text of that page; from the cache when it has the page. */
static void ocr_page(PopplerDocument *doc, int i, struct pdf_text *t, const char *hash,
		     struct ocr_stats *st, double t_start)
{
	const struct ocr_config *oc = ocr_settings();
	int conf = -1;
	char *failed = NULL;
	char *text = ocr_cache_get(oc->cache_dir, hash, i + 1, &conf, &failed);
	/* A page that ran out of time is tried again under a longer limit. */
	unsigned long was_s;
	if (failed && sscanf(failed, "took longer than %lu s", &was_s) == 1 &&
	    oc->page_ms > was_s * 1000 && oc->enabled) {
		free(failed);
		failed = NULL;
	}
	if (text == NULL && failed) {
		note_failure(st, i + 1, failed);
		free(failed);
		return;
	}
	if (text == NULL) {
		/* The page's time: its own limit, within what is left of the
		 * file's. */
		double left = oc->file_ms ? oc->file_ms - (util_now_ms() - t_start) : oc->page_ms;
		if (!oc->enabled || left < 1000) {
			t->ocr_pending++;
			st->pending++;
			return;
		}
		struct error *err = NULL;
		double t0 = util_now_ms();
		int rc = read_isolated(doc, i, left < oc->page_ms ? left : oc->page_ms, &text, &conf,
				       &err);
		st->ms += util_now_ms() - t0;
		if (rc < 0) {
			/* A page that fails is remembered as failed, unless what
			 * failed was this machine (a kill from outside such as the
			 * OOM killer, tesseract missing). */
			if (err->code == ERR_PDF)
				ocr_cache_put(oc->cache_dir, hash, i + 1, err->msg, -1, NULL);
			note_failure(st, i + 1, err->msg);
			error_free(err);
			return;
		}
		/* No image: cached as nothing to read. */
		ocr_cache_put(oc->cache_dir, hash, i + 1, text ? text : "", text ? conf : 0, NULL);
		if (text == NULL)
			return;
		st->recognised++;
	}
	size_t len = 0;
	char *clean = clean_page_text(text, &len);
	free(text);
	/* OCR that found no more than the text layer has, or only specks
	 * (a photograph), is not used. */
	if (len <= t->page_lens[i] || pdf_text_needs_ocr(clean, len)) {
		free(clean);
		return;
	}
	if (t->ocr_conf == NULL) {
		t->ocr_conf = xreallocarray(NULL, (size_t)t->n_pages, sizeof(int));
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

	struct pdf_text *t = xcalloc(1, sizeof(*t));
	int n = poppler_document_get_n_pages(doc);
	if (n < 0)
		n = 0;
	t->pages = xcalloc(n ? (size_t)n : 1, sizeof(char *));
	t->page_lens = xcalloc(n ? (size_t)n : 1, sizeof(size_t));
	for (int i = 0; i < n; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *raw = page ? poppler_page_get_text(page) : NULL;
		t->pages[i] = clean_page_text(raw, &t->page_lens[i]);
		g_free(raw);
		if (page)
			g_object_unref(page);
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
