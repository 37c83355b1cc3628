/* test_ocr.c - unit tests for indexer/ocr.c and the OCR part of
 * indexer/pdf_text.c: the cache gives back what went in and ignores what
 * it did not write; the worker's report survives the pipe and a short one
 * is refused; which pages are thin enough to need OCR; tesseract reads a
 * line rendered with cairo; a scan's page comes from the cache without
 * tesseract, and with OCR off or the file's OCR time spent it is left
 * pending. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer/ocr.h"
#include "indexer/pdf_text.h"
#include "base/util.h"

#define HASH "0123456789abcdef0123456789abcdef"

static char *temp_dir(void)
{
	char *d = strdup("/tmp/kindex-test-ocr-XXXXXX");
	assert_non_null(mkdtemp(d));
	return d;
}

static void remove_tree(const char *dir)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_cache_round_trip(void **state)
{
	(void)state;
	char *dir = temp_dir();
	char cache[300];
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	int conf = -5;
	char *failed = NULL;
	/* Nothing yet. */
	assert_null(ocr_cache_get(cache, HASH, 1, &conf, &failed));
	assert_null(failed);
	/* Text with its confidence, per page. */
	assert_int_equal(ocr_cache_put(cache, HASH, 1, "Het belang van het kind\nrégel twee", 87, NULL), 0);
	assert_int_equal(ocr_cache_put(cache, HASH, 2, "", 0, NULL), 0);
	char *t = ocr_cache_get(cache, HASH, 1, &conf, &failed);
	assert_non_null(t);
	assert_string_equal(t, "Het belang van het kind\nrégel twee");
	assert_int_equal(conf, 87);
	assert_null(failed);
	free(t);
	t = ocr_cache_get(cache, HASH, 2, &conf, &failed);
	assert_non_null(t);
	assert_string_equal(t, "");
	free(t);
	assert_null(ocr_cache_get(cache, HASH, 3, &conf, &failed));
	/* A failure is remembered with its reason. */
	assert_int_equal(ocr_cache_put(cache, HASH, 3, "page too large", -1, NULL), 0);
	assert_null(ocr_cache_get(cache, HASH, 3, &conf, &failed));
	assert_non_null(failed);
	assert_string_equal(failed, "page too large");
	free(failed);
	/* A file the cache did not write is ignored, not trusted. */
	char path[400];
	snprintf(path, sizeof(path), "%s/01/%s-1", cache, HASH);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("kindex-ocr 1\t999\nforged", f);
	fclose(f);
	assert_null(ocr_cache_get(cache, HASH, 1, &conf, &failed));
	assert_null(failed);
	/* A hash that is not hex cannot name a path. */
	struct error *err = NULL;
	assert_int_equal(ocr_cache_put(cache, "../../etc/x", 1, "x", 1, &err), -1);
	assert_non_null(err);
	error_free(err);
	assert_null(ocr_cache_get(cache, "../../etc/x", 1, &conf, &failed));
	/* No cache folder: nothing kept, nothing found. */
	assert_int_equal(ocr_cache_put(NULL, HASH, 1, "x", 1, NULL), 0);
	assert_null(ocr_cache_get(NULL, HASH, 1, &conf, &failed));
	remove_tree(dir);
	free(dir);
}

static void test_stats_round_trip(void **state)
{
	(void)state;
	struct ocr_stats in = { 3, 2, 1, 4, 1234.5, strdup("page 7: took longer than 60 s") };
	struct buf b = BUF_INIT;
	buf_adds(&b, "x");
	ocr_stats_put(&b, &in);
	buf_adds(&b, "tail");
	const char *p = b.s + 1, *end = b.s + b.len;
	struct ocr_stats out;
	assert_int_equal(ocr_stats_take(&p, end, &out), 0);
	assert_int_equal(out.pages, 3);
	assert_int_equal(out.recognised, 2);
	assert_int_equal(out.failed, 1);
	assert_int_equal(out.pending, 4);
	assert_true(out.ms == 1234.5);
	assert_string_equal(out.failures, in.failures);
	assert_memory_equal(p, "tail", 4);
	free(out.failures);
	/* Every shorter record is refused. */
	for (const char *e = b.s + 1; e < end - 4; e++) {
		p = b.s + 1;
		assert_int_equal(ocr_stats_take(&p, e, &out), -1);
		assert_null(out.failures);
	}
	free(in.failures);
	buf_free(&b);
}

static void test_needs_ocr(void **state)
{
	(void)state;
	assert_int_equal(pdf_text_needs_ocr("", 0), 1);
	assert_int_equal(pdf_text_needs_ocr("- 3 -", 5), 1);
	const char *stamp = "ECLI:NL:HR:1995:AA3911"; /* 18 letters and digits */
	assert_int_equal(pdf_text_needs_ocr(stamp, strlen(stamp)), 1);
	const char *line = "Het belang van het kind staat voorop.";
	assert_int_equal(pdf_text_needs_ocr(line, strlen(line)), 0);
	/* Non-ASCII letters count once each. */
	const char *greek = "αβγδεζηθικλμνξοπρστυφχψωαβγδ";
	assert_int_equal(pdf_text_needs_ocr(greek, strlen(greek)), 0);
}

static void test_reads_rendered_line(void **state)
{
	(void)state;
	struct ocr_config c = { .enabled = 1 };
	ocr_configure(&c);
	const int w = 2400, h = 400;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_select_font_face(cr, "serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 50);
	cairo_move_to(cr, 100, 200);
	cairo_show_text(cr, "Het belang van het kind staat voorop in de uitspraak.");
	cairo_destroy(cr);
	cairo_surface_flush(s);
	unsigned char *gray = malloc((size_t)w * h);
	const unsigned char *rows = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			gray[(size_t)y * w + x] = rows[(size_t)y * stride + (size_t)x * 4 + 1];
	cairo_surface_destroy(s);
	int conf = -1;
	struct error *err = NULL;
	char *text = ocr_image(gray, w, h, w, 300, &conf, &err);
	assert_null(err);
	assert_non_null(text);
	assert_non_null(strstr(text, "belang"));
	assert_non_null(strstr(text, "uitspraak"));
	assert_true(conf >= 50 && conf <= 100);
	free(text);
	/* A second page on the same engine; nonsense sizes are refused. */
	text = ocr_image(gray, w, h, w, 300, &conf, &err);
	assert_non_null(text);
	free(text);
	assert_null(ocr_image(gray, 0, h, w, 300, &conf, &err));
	assert_non_null(err);
	error_free(err);
	free(gray);
	ocr_shutdown();
	/* cairo's toy font API keeps fontconfig's patterns and configuration
	 * until told (found at run time: fontconfig comes in through cairo). */
	cairo_debug_reset_static_data();
	void (*fc_fini)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "FcFini");
	if (fc_fini)
		fc_fini();
}

static void test_scan_from_cache(void **state)
{
	(void)state;
	size_t len;
	char *pdf = util_read_file(KINDEX_DATADIR "/../corpus/samples/scans/ECLI_NL_HR_1995_AA3911-scan.pdf",
				   0, &len, NULL);
	assert_non_null(pdf);
	char hash[33];
	util_hash_hex(pdf, len, hash);
	char *dir = temp_dir();
	const char *cached = "Instantie Hoge Raad\nUitspraakdatum 23-06-1995 gecachte tekst";
	assert_int_equal(ocr_cache_put(dir, hash, 1, cached, 77, NULL), 0);
	/* From the cache: tesseract is not started (the engine would be
	 * broken by the language "none"). */
	struct ocr_config c = { .enabled = 1, .cache_dir = dir, .langs = "none" };
	ocr_configure(&c);
	struct ocr_stats st;
	struct error *err = NULL;
	struct pdf_text *t = pdf_text_extract_ocr(pdf, len, hash, &st, &err);
	assert_non_null(t);
	assert_int_equal(t->n_pages, 1);
	assert_string_equal(t->pages[0], cached);
	assert_int_equal(t->ocr_pages, 1);
	assert_non_null(t->ocr_conf);
	assert_int_equal(t->ocr_conf[0], 77);
	assert_int_equal(t->ocr_pending, 0);
	assert_int_equal(st.pages, 1);
	assert_int_equal(st.recognised, 0);
	assert_null(st.failures);
	pdf_text_free(t);
	/* OCR off and nothing cached: the page is left for a later run. */
	remove_tree(dir);
	struct ocr_config off = { .enabled = 0, .cache_dir = dir };
	ocr_configure(&off);
	t = pdf_text_extract_ocr(pdf, len, hash, &st, &err);
	assert_non_null(t);
	assert_int_equal(t->text_bytes, 0);
	assert_int_equal(t->ocr_pages, 0);
	assert_null(t->ocr_conf);
	assert_int_equal(t->ocr_pending, 1);
	assert_int_equal(st.pending, 1);
	pdf_text_free(t);
	/* OCR on, but the file's OCR time already spent: left for later,
	 * and tesseract is not started. */
	struct ocr_config spent = { .enabled = 1, .cache_dir = dir, .langs = "none", .file_ms = 1 };
	ocr_configure(&spent);
	t = pdf_text_extract_ocr(pdf, len, hash, &st, &err);
	assert_non_null(t);
	assert_int_equal(t->ocr_pending, 1);
	assert_int_equal(st.pending, 1);
	assert_int_equal(st.failed, 0);
	pdf_text_free(t);
	/* The plain extraction never reads by OCR. */
	t = pdf_text_extract_mem(pdf, len, &err);
	assert_non_null(t);
	assert_int_equal(t->ocr_pending, 0);
	pdf_text_free(t);
	free(dir);
	free(pdf);
	struct ocr_config none = { 0 };
	ocr_configure(&none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_round_trip),
		cmocka_unit_test(test_stats_round_trip),
		cmocka_unit_test(test_needs_ocr),
		cmocka_unit_test(test_reads_rendered_line),
		cmocka_unit_test(test_scan_from_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
