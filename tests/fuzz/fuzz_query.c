/* fuzz_query.c - libFuzzer target for the query side: the user's words, the
 * article filters and the web layer's parameter parsing, run against a real
 * index.
 *
 * The index is built once, at start-up, by the indexer's own code path
 * (cmd_index over a few PDFs of corpus/samples, extraction in worker
 * processes as in `kindex index`), into a temporary folder; or, when
 * $KINDEX_FUZZ_DB names an existing index, that one is used.  Each input is
 * then used
 *   (1) as the q of a search_req (first byte: sort, passages, offset), with
 *       and without facets, and for search_highlight;
 *   (2) split on '\n' into up to SEARCH_MAX_ARTICLES article specs;
 *   (3) split on '&' and '=' into web_kv pairs for web_params_parse, whose
 *       request is then run too (web_params_to_req, API and page form), and
 *       as a Cookie header, a form body, a redirect target and a document id.
 * Failures with ERR_QUERY / ERR_INPUT are expected; any other error, a crash,
 * a leak or undefined behaviour is a finding.
 *
 *   tests/fuzz/build-query.sh
 *   build-fuzz/fuzz_query -max_total_time=600 tests/fuzz/corpus_query */
#include <ftw.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "search/search.h"
#include "web/params.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct search_db *db;

/* The PDFs the fuzz index is built from: small, Dutch and English, with
 * citations of articles, so that art: filters and phrases have hits. */
static const char *const samples[] = {
	"corpus/samples/un/CRC-C-GC-14_best-interests.pdf",
	"corpus/samples/legislation/Aanwijzing_kindermishandeling_BWBR0028884.pdf",
};

static void fatal(const char *what, struct error *err)
{
	fprintf(stderr, "fuzz_query: %s: %s\n", what, err ? err->msg : "failed");
	exit(2);
}

static char tmp_dir[] = "/tmp/kindex-fuzz-XXXXXX";

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* Removes the fuzz index built at start-up when the fuzzer exits. */
static void remove_tmp(void)
{
	nftw(tmp_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *build_index(void)
{
	const char *given = getenv("KINDEX_FUZZ_DB");
	if (given && *given)
		return given;
	if (mkdtemp(tmp_dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	atexit(remove_tmp);
	static char db_dir[sizeof(tmp_dir) + 8];
	snprintf(db_dir, sizeof(db_dir), "%s/db", tmp_dir);
	char *argv[16];
	int argc = 0;
	argv[argc++] = "index";
	argv[argc++] = "--db";
	argv[argc++] = db_dir;
	argv[argc++] = "--jobs";
	argv[argc++] = "2";
	argv[argc++] = "--quiet";
	const char *root = getenv("KINDEX_ROOT");
	static char paths[2][4096];
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		snprintf(paths[i], sizeof(paths[i]), "%s/%s", root ? root : ".", samples[i]);
		argv[argc++] = paths[i];
	}
	argv[argc] = NULL;
	/* cmd_index sets SIGINT/SIGTERM handlers of its own: keep libFuzzer's. */
	struct sigaction old_int, old_term;
	sigaction(SIGINT, NULL, &old_int);
	sigaction(SIGTERM, NULL, &old_term);
	int rc = cmd_index(argc, argv);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	fflush(stdout);
	if (rc != 0) {
		fprintf(stderr, "fuzz_query: building the index failed (%d); run from the "
				"repository root or set KINDEX_ROOT or KINDEX_FUZZ_DB\n", rc);
		exit(2);
	}
	return db_dir;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *dir = build_index();
	struct error *err = NULL;
	db = search_open(dir, &err);
	if (db == NULL)
		fatal("opening the index", err);
	if (search_doccount(db) == 0)
		fatal("the index is empty", NULL);
	return 0;
}

/* An error the request deserves is fine; anything else is a finding. */
static void expect_user_error(struct error *err, const char *where)
{
	if (err == NULL)
		return;
	if (err->code != ERR_QUERY && err->code != ERR_INPUT) {
		fprintf(stderr, "fuzz_query: %s: unexpected %s error: %s\n", where,
			error_code_name(err->code), err->msg);
		abort();
	}
	error_free(err);
}

static void run(const struct search_req *req, const char *where)
{
	struct error *err = NULL;
	struct search_result *res = search_run(db, req, &err);
	if (res == NULL) {
		expect_user_error(err, where);
		return;
	}
	char *json = search_result_json(res, 0);
	if (json == NULL)
		abort();
	free(json);
	for (size_t i = 0; i < res->n_hits; i++)
		for (size_t k = 0; k < res->hits[i].n_passages; k++)
			if (res->hits[i].passages[k].html == NULL)
				abort();
	search_result_free(res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 4096)
		return 0;
	uint8_t flags = data[0];
	char *s = malloc(size);
	if (s == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	size_t len = size - 1;

	/* (1) the words */
	struct search_req req = { 0 };
	req.q = s;
	req.sort_date = flags & 1;
	req.passages = 1 + (flags >> 1) % 3;
	req.offset = (flags & 8) ? 1 : 0;
	req.limit = 3;
	req.facets = (flags >> 4) & 1;
	run(&req, "q");
	{
		struct error *err = NULL;
		static const char text[] = "Het belang van het kind (artikel 3 IVRK) "
					   "weegt zwaar; the best interests of the child.";
		char *h = search_highlight(db, s, text, sizeof(text) - 1,
					   (flags & 32) ? "en" : "nl", &err);
		if (h == NULL)
			expect_user_error(err, "highlight");
		free(h);
	}

	/* (2) article specs, one per line */
	{
		char *copy = strdup(s);
		struct search_req a = { 0 };
		a.limit = 2;
		a.facets = 1;
		char *save = NULL;
		for (char *tok = strtok_r(copy, "\n", &save);
		     tok && a.n_articles < SEARCH_MAX_ARTICLES; tok = strtok_r(NULL, "\n", &save))
			a.articles[a.n_articles++] = tok;
		if (flags & 64)
			a.q = "kind";
		run(&a, "articles");
		free(copy);
	}

	/* (3) the web layer's parameters: "k=v&k=v", values raw */
	{
		struct web_kv kv[32];
		size_t n = 0;
		char *copy = malloc(len + 1);
		memcpy(copy, s, len + 1);
		char *p = copy;
		while (p && n < 32) {
			char *amp = strchr(p, '&');
			if (amp)
				*amp = '\0';
			char *eq = strchr(p, '=');
			if (eq)
				*eq = '\0';
			kv[n].key = p;
			kv[n].val = eq ? eq + 1 : "";
			kv[n].val_len = strlen(kv[n].val);
			n++;
			p = amp ? amp + 1 : NULL;
		}
		struct web_params wp;
		memset(&wp, 0, sizeof(wp));
		struct error *err = NULL;
		if (web_params_parse(kv, n, &wp, &err) == 0) {
			struct search_req wr;
			web_params_to_req(&wp, (flags >> 7) & 1, &wr);
			run(&wr, "web params");
			struct buf url = BUF_INIT;
			web_params_url(&wp, "/search", &url);
			buf_free(&url);
			(void)web_params_has_filters(&wp);
		} else {
			expect_user_error(err, "web_params_parse");
		}
		free(copy);
		char out[256];
		(void)web_cookie_get(s, "kindex_session", out, sizeof(out));
		(void)web_form_get(s, len, "q", out, sizeof(out));
		(void)web_next_is_safe(s);
		unsigned id;
		(void)web_parse_doc_id(s, &id);
	}
	free(s);
	return 0;
}
