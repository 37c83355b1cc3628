/* ocr.c - page images to text through libtesseract's C API, and the OCR
 * cache (see ocr.h). */
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tesseract/capi.h>

#include "indexer/ocr.h"

static struct ocr_config cfg;
static char *cfg_cache_dir, *cfg_langs;
static TessBaseAPI *engine;
static int engine_broken;     /* creating it failed: do not try per page */

void ocr_configure(const struct ocr_config *c)
{
	free(cfg_cache_dir);
	free(cfg_langs);
	cfg = *c;
	cfg_cache_dir = c->cache_dir ? strdup(c->cache_dir) : NULL;
	cfg_langs = strdup(c->langs ? c->langs : "nld+eng");
	cfg.cache_dir = cfg_cache_dir;
	cfg.langs = cfg_langs;
	if (cfg.page_ms == 0)
		cfg.page_ms = 60000;
	if (cfg.dpi <= 0)
		cfg.dpi = 300;
	engine_broken = 0;
}

void ocr_configure_index(const char *db_dir, int enabled, unsigned page_s, unsigned file_s)
{
	struct buf dir = BUF_INIT;
	const char *env = getenv("KINDEX_OCR_CACHE");
	if (env && *env)
		buf_adds(&dir, env);
	else
		buf_addf(&dir, "%s.ocr-cache", db_dir);
	struct ocr_config c = { .enabled = enabled, .cache_dir = dir.s, .page_ms = page_s * 1000u,
				.file_ms = file_s * 700u };
	ocr_configure(&c);
	buf_free(&dir);
}

const struct ocr_config *ocr_settings(void)
{
	return &cfg;
}

/* One OpenMP thread.  libgomp reads OMP_THREAD_LIMIT once, when it is
 * loaded (with the program, as libtesseract links it), so setting the
 * variable now only reaches programs started later; what holds tesseract
 * to one thread in this process is max-active-levels 0, which makes every
 * parallel region run on the calling thread alone.  Looked up at run time:
 * a tesseract built without OpenMP has no libgomp. */
static void one_thread(void)
{
	setenv("OMP_THREAD_LIMIT", "1", 1);
	void (*set_levels)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
	void (*set_threads)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_num_threads");
	if (set_levels)
		set_levels(0);
	if (set_threads)
		set_threads(1);
}

int ocr_start(struct error **err)
{
	if (engine)
		return 0;
	if (engine_broken)
		return error_set(err, ERR_INTERNAL, "tesseract could not start (languages %s)",
				 cfg.langs ? cfg.langs : "nld+eng");
	one_thread();
	engine = TessBaseAPICreate();
	if (engine == NULL)
		return error_set(err, ERR_NOMEM, "out of memory starting tesseract");
	/* Its messages ("Estimating resolution", "Empty page") name no file;
	 * failures are reported through *err. */
	char *vars[] = { "debug_file" }, *vals[] = { "/dev/null" };
	if (TessBaseAPIInit4(engine, NULL, cfg.langs ? cfg.langs : "nld+eng", OEM_LSTM_ONLY, NULL,
			     0, vars, vals, 1, 0) != 0) {
		TessBaseAPIDelete(engine);
		engine = NULL;
		engine_broken = 1;
		return error_set(err, ERR_INTERNAL,
				 "tesseract could not load the languages %s (tesseract-ocr-nld, "
				 "tesseract-ocr-eng installed?)",
				 cfg.langs ? cfg.langs : "nld+eng");
	}
	/* Page layout as the tesseract command finds it. */
	TessBaseAPISetPageSegMode(engine, PSM_AUTO);
	return 0;
}

void ocr_shutdown(void)
{
	if (engine) {
		TessBaseAPIEnd(engine);
		TessBaseAPIDelete(engine);
	}
	engine = NULL;
}

char *ocr_image(const unsigned char *gray, int w, int h, int stride, int dpi, int *conf,
		struct error **err)
{
	if (w <= 0 || h <= 0 || stride < w)
		return error_set(err, ERR_INPUT, "empty page image"), NULL;
	if (ocr_start(err) < 0)
		return NULL;
	ETEXT_DESC *mon = TessMonitorCreate();
	if (mon == NULL)
		return error_set(err, ERR_NOMEM, "out of memory"), NULL;
	unsigned limit = cfg.page_ms ? cfg.page_ms : 60000;
	TessMonitorSetDeadlineMSecs(mon, (int)limit);
	double t0 = util_now_ms();
	TessBaseAPISetImage(engine, gray, w, h, 1, stride);
	TessBaseAPISetSourceResolution(engine, dpi);
	int rc = TessBaseAPIRecognize(engine, mon);
	double took = util_now_ms() - t0;
	TessMonitorDelete(mon);
	char *out = NULL;
	if (rc != 0 || took > limit) {
		if (took > limit)
			error_set(err, ERR_PDF, "OCR took longer than %.0f s: stopped", limit / 1000.0);
		else
			error_set(err, ERR_PDF, "tesseract could not read the page image");
	} else {
		char *text = TessBaseAPIGetUTF8Text(engine);
		out = strdup(text ? text : "");
		if (text)
			TessDeleteText(text);
		*conf = TessBaseAPIMeanTextConf(engine);
		if (*conf < 0)
			*conf = 0;
		if (out == NULL)
			error_set(err, ERR_NOMEM, "out of memory");
	}
	TessBaseAPIClear(engine);
	return out;
}

/* ---- the cache ---- */

#define CACHE_MAGIC "kindex-ocr 1"

/* dir/ab/<hash>-<page>; 0, or -1 when the hash is not plain hex. */
static int cache_path(struct buf *b, const char *dir, const char *hash, int page)
{
	size_t n = strlen(hash);
	if (n < 8 || n > 64 || strspn(hash, "0123456789abcdef") != n)
		return -1;
	buf_addf(b, "%s/%.2s/%s-%d", dir, hash, hash, page);
	return 0;
}

char *ocr_cache_get(const char *dir, const char *hash, int page, int *conf, char **failed)
{
	*failed = NULL;
	if (dir == NULL)
		return NULL;
	struct buf path = BUF_INIT;
	char *data = NULL, *out = NULL;
	size_t len;
	if (cache_path(&path, dir, hash, page) < 0)
		goto done;
	data = util_read_file(path.s, 64u << 20, &len, NULL);
	if (data == NULL)
		goto done;
	/* "kindex-ocr 1\t<conf>\n<text>"; anything else is ignored (and
	 * overwritten when the page is read again). */
	size_t ml = strlen(CACHE_MAGIC);
	char *nl = memchr(data, '\n', len);
	if (len < ml + 3 || memcmp(data, CACHE_MAGIC "\t", ml + 1) != 0 || nl == NULL)
		goto done;
	char *end;
	long c = strtol(data + ml + 1, &end, 10);
	if (end != nl || c < -1 || c > 100 || !util_utf8_valid(nl + 1, len - (size_t)(nl + 1 - data)))
		goto done;
	if (c < 0)
		*failed = strdup(nl + 1);
	else {
		out = strdup(nl + 1);
		*conf = (int)c;
	}
done:
	free(data);
	buf_free(&path);
	return out;
}

int ocr_cache_put(const char *dir, const char *hash, int page, const char *text, int conf,
		  struct error **err)
{
	if (dir == NULL)
		return 0;
	struct buf path = BUF_INIT, data = BUF_INIT;
	int rc = -1;
	if (cache_path(&path, dir, hash, page) < 0) {
		error_set(err, ERR_INPUT, "OCR cache: bad content hash");
		goto out;
	}
	/* The two folders: dir, then dir/ab. */
	char *slash = strrchr(path.s, '/');
	*slash = '\0';
	if ((mkdir(dir, 0777) < 0 && errno != EEXIST) || (mkdir(path.s, 0777) < 0 && errno != EEXIST)) {
		error_set(err, ERR_IO, "OCR cache %s: %s", path.s, strerror(errno));
		goto out;
	}
	*slash = '/';
	buf_addf(&data, CACHE_MAGIC "\t%d\n", conf < 0 ? -1 : conf);
	buf_adds(&data, text ? text : "");
	rc = util_write_file_atomic(path.s, data.s, data.len, err);
out:
	buf_free(&path);
	buf_free(&data);
	return rc;
}

/* ---- the worker's report ---- */

void ocr_stats_add(struct ocr_stats *sum, const struct ocr_stats *s)
{
	sum->pages += s->pages;
	sum->recognised += s->recognised;
	sum->failed += s->failed;
	sum->pending += s->pending;
	sum->ms += s->ms;
}

void ocr_print_summary(FILE *f, const struct ocr_stats *sum)
{
	if (!cfg.enabled)
		fprintf(f, "OCR: off (--no-ocr); %u pages from the cache; %u pages left for a run "
			   "with OCR\n",
			sum->pages, sum->pending);
	else
		fprintf(f, "OCR: %u page%s read by OCR (%u recognised now, the rest from the cache) "
			   "in %.1f s; %u failed; %u left for the next run (the file's time limit)\n",
			sum->pages, sum->pages == 1 ? "" : "s", sum->recognised, sum->ms / 1000.0,
			sum->failed, sum->pending);
}

void ocr_stats_put(struct buf *out, const struct ocr_stats *s)
{
	uint32_t v[4] = { s->pages, s->recognised, s->failed, s->pending };
	buf_add(out, (const char *)v, sizeof(v));
	buf_add(out, (const char *)&s->ms, sizeof(s->ms));
	uint32_t fl = s->failures ? (uint32_t)strlen(s->failures) : 0;
	buf_add(out, (const char *)&fl, sizeof(fl));
	if (fl)
		buf_add(out, s->failures, fl);
}

int ocr_stats_take(const char **p, const char *end, struct ocr_stats *s)
{
	uint32_t v[4], fl;
	memset(s, 0, sizeof(*s));
	if ((size_t)(end - *p) < sizeof(v) + sizeof(s->ms) + sizeof(fl))
		return -1;
	memcpy(v, *p, sizeof(v));
	memcpy(&s->ms, *p + sizeof(v), sizeof(s->ms));
	memcpy(&fl, *p + sizeof(v) + sizeof(s->ms), sizeof(fl));
	const char *f = *p + sizeof(v) + sizeof(s->ms) + sizeof(fl);
	if ((size_t)(end - f) < fl)
		return -1;
	s->pages = v[0];
	s->recognised = v[1];
	s->failed = v[2];
	s->pending = v[3];
	if (fl && (s->failures = strndup(f, fl)) == NULL)
		return -1;
	*p = f + fl;
	return 0;
}
