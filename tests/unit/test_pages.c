/* test_pages.c - the HTML pages (web/pages.h) escape every field that comes
 * from a document or a request: title, court name, file name, query (in
 * <title>, the search box, links), user name, CSRF token, the login page's
 * next and message, error messages.  Rendered against the synthetic index of
 * tests/unit/synth.h, whose hostile document carries markup in its title,
 * court name, file name and text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "web/pages.h"
#include "web/params.h"
#include "tests/unit/synth.h"

static char *tmp;
static char db_dir[4200];

/* What a request or document may carry: no page may ever contain it raw. */
#define EVIL_Q "\"'><script>alert('q')</script>&amp;"

static int setup(void **state)
{
	(void)state;
	tmp = synth_tmpdir("pages");
	if (tmp == NULL || synth_corpus(tmp) < 0) {
		fprintf(stderr, "test_pages: could not build the test index\n");
		return -1;
	}
	snprintf(db_dir, sizeof(db_dir), "%s/db", tmp);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	synth_rmrf(tmp);
	free(tmp);
	return 0;
}

/* The markup we write ourselves never contains these, but for the one
 * script element of our own (the copy buttons' file); hostile input would. */
#define OWN_SCRIPT "<script src=\"/static/kindex.js\" defer></script>"
static void assert_no_raw_markup(const char *page, const char *what)
{
	static const char *const raw[] = {
		"<script", "</script", "<b>", "\"'>", "&amp;amp;amp;", "alert('q')</",
	};
	/* Our own script element, once, in the head; then the rest is checked. */
	struct buf b = BUF_INIT;
	const char *own = strstr(page, OWN_SCRIPT);
	if (own != NULL) {
		buf_add(&b, page, (size_t)(own - page));
		buf_adds(&b, own + strlen(OWN_SCRIPT));
		if (strstr(own + strlen(OWN_SCRIPT), OWN_SCRIPT) != NULL)
			fail_msg("%s: our script element twice", what);
	} else {
		buf_adds(&b, page);
	}
	const char *html = buf_str(&b);
	for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++)
		if (strstr(html, raw[i]) != NULL)
			fail_msg("%s: raw \"%s\" in the page:\n...%.300s", what, raw[i],
				 strstr(html, raw[i]) - (strstr(html, raw[i]) - html > 150 ? 150 : 0));
	buf_free(&b);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *s = hay; (s = strstr(s, needle)) != NULL; s += strlen(needle))
		n++;
	return n;
}

static struct search_db *open_db(void)
{
	struct error *err = NULL;
	struct search_db *db = search_open(db_dir, &err);
	if (db == NULL)
		fail_msg("search_open: %s", err ? err->msg : "?");
	return db;
}

static void parse(struct web_params *wp, const char *q, const char *court)
{
	struct web_kv kv[2];
	size_t n = 0;
	if (q) {
		kv[n].key = "q";
		kv[n].val = q;
		kv[n].val_len = strlen(q);
		n++;
	}
	if (court) {
		kv[n].key = "court";
		kv[n].val = court;
		kv[n].val_len = strlen(court);
		n++;
	}
	struct error *err = NULL;
	if (web_params_parse(kv, n, wp, &err) < 0)
		fail_msg("web_params_parse: %s", err ? err->msg : "?");
}

static void page_init(struct page *p, int en)
{
	memset(p, 0, sizeof(*p));
	p->b = (struct buf)BUF_INIT;
	p->en = en;
	p->user = "mallory<b>&'\"";
	p->csrf = "\"><script>csrf</script>";
	p->here = "/search?q=%3Cscript%3E";
}

/* A hostile query comes back escaped in <title>, the search box and every
 * link, in both languages. */
static void test_search_page_escapes_query(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	for (int en = 0; en < 2; en++) {
		struct web_params wp;
		parse(&wp, "walrusrapport " EVIL_Q, NULL);
		struct page p;
		page_init(&p, en);
		int st = page_search(&p, db, &wp);
		assert_true(st == 200 || st == 400);
		const char *html = buf_str(&p.b);
		assert_no_raw_markup(html, "search page");
		/* The <title> holds the query, escaped. */
		const char *t = strstr(html, "<title>");
		assert_non_null(t);
		const char *te = strstr(t, "</title>");
		assert_non_null(te);
		char *title = strndup(t, (size_t)(te - t));
		assert_non_null(strstr(title, "&lt;script&gt;alert(&#39;q&#39;)&lt;/script&gt;"));
		assert_non_null(strstr(title, "&quot;&#39;&gt;"));
		free(title);
		/* The search box's value, escaped. */
		assert_non_null(strstr(html, "value=\"walrusrapport &quot;&#39;&gt;&lt;script&gt;"));
		/* User name and CSRF token in the header. */
		assert_non_null(strstr(html, "mallory&lt;b&gt;&amp;&#39;&quot;"));
		assert_non_null(strstr(html, "value=\"&quot;&gt;&lt;script&gt;csrf"));
		buf_free(&p.b);
	}
	search_close(db);
}

/* The hostile document's title, court name and passage come back escaped in
 * a result list. */
static void test_search_page_escapes_hits(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct web_params wp;
	parse(&wp, "walrusrapport", NULL);
	struct page p;
	page_init(&p, 1);
	assert_int_equal(page_search(&p, db, &wp), 200);
	const char *html = buf_str(&p.b);
	assert_no_raw_markup(html, "search page with a hostile hit");
	/* The title: "Walrus <script>alert(1)</script>\"'&amp;" */
	assert_non_null(strstr(html, ">Walrus &lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"
				     "&amp;amp;</a>"));
	/* The passage: escaped, with the word marked. */
	assert_non_null(strstr(html, "<mark>walrusrapport</mark>"));
	assert_non_null(strstr(html, "describes &lt;script&gt;alert(1)&lt;/script&gt;"));
	/* The court name, wherever it is shown. */
	assert_true(count(html, "Court &lt;script&gt;alert(1)&lt;/script&gt;") >= 1);
	buf_free(&p.b);
	search_close(db);
}

/* The document page shows title, court name, file name and page text. */
static void test_doc_page_escapes_fields(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct search_req req = { .q = "walrusrapport" };
	struct error *err = NULL;
	struct search_result *r = search_run(db, &req, &err);
	assert_non_null(r);
	assert_int_equal(r->n_hits, 1);
	unsigned id = r->hits[0].id;
	search_result_free(r);
	for (int withq = 0; withq < 2; withq++) {
		struct page p;
		page_init(&p, 0);
		int st = page_doc(&p, db, id, withq ? "walrusrapport " EVIL_Q : NULL);
		assert_int_equal(st, 200);
		const char *html = buf_str(&p.b);
		assert_no_raw_markup(html, "document page");
		const char *t = strstr(html, "<title>");
		assert_non_null(t);
		assert_int_equal(strncmp(t, "<title>Walrus &lt;script&gt;alert(1)&lt;/script&gt;", 51),
				 0);
		assert_non_null(strstr(html, "Court &lt;script&gt;alert(1)&lt;/script&gt;"));
		/* The file name "hostile<b>&'x.pdf". */
		assert_non_null(strstr(html, "hostile&lt;b&gt;&amp;&#39;x.pdf"));
		/* The page text (with a query, its words are marked in it). */
		if (withq) {
			assert_non_null(strstr(html, "<mark>walrusrapport</mark>"));
			assert_non_null(strstr(html, "&lt;<mark>script</mark>&gt;"));
			assert_non_null(strstr(html, "&lt;script&gt;alert(&#39;q&#39;)"));
		} else {
			assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; and "
						     "&quot;quotes&quot; &amp; &#39;apostrophes&#39;"));
		}
		buf_free(&p.b);
	}
	/* An unknown document: 404, never a crash. */
	struct page p;
	page_init(&p, 0);
	assert_int_equal(page_doc(&p, db, 4242, NULL), 404);
	buf_free(&p.b);
	search_close(db);
}

/* The court filter, echoed in a hidden field and the filter chips. */
static void test_court_filter_escaped(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct web_kv kv[] = {
		{ "q", "zebrapad", 8 },
		{ "court", "RVS", 3 },
	};
	struct web_params wp;
	assert_int_equal(web_params_parse(kv, 2, &wp, NULL), 0);
	struct page p;
	page_init(&p, 0);
	assert_int_equal(page_search(&p, db, &wp), 200);
	assert_no_raw_markup(buf_str(&p.b), "court filter");
	assert_non_null(strstr(buf_str(&p.b), "name=\"court\" value=\"RVS\""));
	buf_free(&p.b);
	search_close(db);
}

static void test_login_and_error_pages(void **state)
{
	(void)state;
	struct page p;
	page_init(&p, 0);
	p.user = NULL;
	int st = page_login(&p, "tok\"><script>x</script>", "/search?q=%22%3E", "msg <script>m</script> & '", 403);
	assert_int_equal(st, 403);
	const char *html = buf_str(&p.b);
	assert_no_raw_markup(html, "login page");
	assert_non_null(strstr(html, "msg &lt;script&gt;m&lt;/script&gt; &amp; &#39;"));
	assert_non_null(strstr(html, "tok&quot;&gt;&lt;script&gt;"));
	buf_free(&p.b);

	page_init(&p, 1);
	st = page_error(&p, 404, "No <script>e</script> \"here\" & 'there'");
	assert_int_equal(st, 404);
	assert_no_raw_markup(buf_str(&p.b), "error page");
	assert_non_null(strstr(buf_str(&p.b), "No &lt;script&gt;e&lt;/script&gt; &quot;here&quot; &amp; &#39;there&#39;"));
	buf_free(&p.b);

	/* Refused parameters: the explanation names them, escaped. */
	struct web_kv kv[] = { { "page", "<script>", 8 } };
	struct web_params wp;
	struct error *err = NULL;
	assert_int_equal(web_params_parse(kv, 1, &wp, &err), -1);
	page_init(&p, 0);
	st = page_bad_params(&p, &wp, err->msg);
	error_free(err);
	assert_int_equal(st, 400);
	assert_no_raw_markup(buf_str(&p.b), "bad-parameters page");
	buf_free(&p.b);
}

static void test_home_and_articles(void **state)
{
	(void)state;
	struct search_db *db = open_db();
	struct web_params wp;
	parse(&wp, NULL, NULL);
	struct page p;
	page_init(&p, 0);
	assert_int_equal(page_home(&p, db, &wp), 200);
	assert_no_raw_markup(buf_str(&p.b), "home page");
	buf_free(&p.b);
	page_init(&p, 1);
	assert_int_equal(page_articles(&p, db, &wp), 200);
	assert_no_raw_markup(buf_str(&p.b), "articles page");
	buf_free(&p.b);
	search_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_page_escapes_query),
		cmocka_unit_test(test_search_page_escapes_hits),
		cmocka_unit_test(test_doc_page_escapes_fields),
		cmocka_unit_test(test_court_filter_escaped),
		cmocka_unit_test(test_login_and_error_pages),
		cmocka_unit_test(test_home_and_articles),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
