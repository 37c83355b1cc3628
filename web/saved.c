/* saved.c - saved searches: running them newest first, what is new to
 * their user, and their Atom feeds (see workbench.h). */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/xalloc.h"
#include "search/docdata.h"
#include "web/export.h"
#include "web/wb_internal.h"

/* ---- saved searches: running them ---- */

static int hexv(int c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* Decodes "a=1&b=x%20y" into kv (pointing into store). */
static int decode_query(const char *qs, char *store, size_t cap, struct web_kv *kv, size_t max,
			size_t *n)
{
	*n = 0;
	if (strlen(qs) >= cap)
		return -1;
	size_t o = 0;
	for (const char *p = qs; *p;) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len > 0) {
			if (*n == max)
				return -1;
			char *key = store + o;
			kv[*n].key = key;
			kv[*n].val = NULL;
			kv[*n].val_len = 0;
			char *start = key;
			for (size_t i = 0; i < len; i++) {
				int c = (unsigned char)p[i];
				if (c == '=' && kv[*n].val == NULL) {
					store[o++] = '\0';
					start = store + o;
					kv[*n].val = start;
					continue;
				}
				if (c == '+')
					c = ' ';
				else if (c == '%' && i + 2 < len && hexv(p[i + 1]) >= 0 &&
					 hexv(p[i + 2]) >= 0) {
					c = hexv(p[i + 1]) * 16 + hexv(p[i + 2]);
					i += 2;
				}
				store[o++] = (char)c;
			}
			store[o++] = '\0';
			if (kv[*n].val == NULL)
				kv[*n].val = store + o - 1; /* "" */
			kv[*n].val_len = strlen(kv[*n].val);
			(*n)++;
		}
		p += len + (amp ? 1 : 0);
	}
	return 0;
}

/* Runs saved search q ("?q=..&article=.." as the search page's URL, or plain
 * words) newest first.  Returns the result or NULL with *err. */
struct search_result *wb_run_saved(struct search_db *db, const char *q, struct error **err)
{
	struct web_kv kv[64];
	size_t n = 0;
	char store[4200];
	if (q[0] == '?') {
		if (decode_query(q + 1, store, sizeof(store), kv, 64, &n) < 0) {
			error_set(err, ERR_INPUT, "the saved search is not valid");
			return NULL;
		}
	} else {
		kv[0] = (struct web_kv){ "q", q, strlen(q) };
		n = 1;
	}
	struct web_params *wp = xcalloc(1, sizeof(*wp));
	struct search_result *res = NULL;
	if (web_params_parse(kv, n, wp, err) == 0) {
		struct search_req req;
		web_params_to_req(wp, 1, &req);
		req.sort_date = 1;
		req.offset = 0;
		req.limit = WB_MAX_SAVED_HITS;
		req.facets = 0;
		req.passages = 1;
		res = search_run(db, &req, err);
	}
	free(wp);
	return res;
}

/* How many matches of sv are new to its user under which; -1 when it
 * cannot be run. */
int wb_saved_new(struct store *s, struct search_db *db, const struct store_saved *sv,
		     const char *which, unsigned *total, struct error **err)
{
	struct search_result *res = wb_run_saved(db, sv->q, err);
	if (res == NULL)
		return -1;
	*total = res->total;
	const char **keys = xcalloc(res->n_hits + 1, sizeof(*keys));
	unsigned char *unseen = xcalloc(res->n_hits + 1, 1);
	for (size_t i = 0; i < res->n_hits; i++)
		keys[i] = res->hits[i].path;
	int n = -1;
	if (store_seen_unseen(s, sv->id, which, keys, res->n_hits, unseen, err) == 0) {
		n = 0;
		for (size_t i = 0; i < res->n_hits; i++)
			n += unseen[i];
	}
	free(keys);
	free(unseen);
	search_result_free(res);
	return n;
}

/* Records every current match of sv as seen under which. */
int wb_saved_mark(struct store *s, struct search_db *db, const struct store_saved *sv,
		      const char *which, struct error **err)
{
	struct search_result *res = wb_run_saved(db, sv->q, err);
	if (res == NULL)
		return -1;
	const char **keys = xcalloc(res->n_hits + 1, sizeof(*keys));
	for (size_t i = 0; i < res->n_hits; i++)
		keys[i] = res->hits[i].path;
	int r = store_seen_mark(s, sv->id, which, keys, res->n_hits, err);
	free(keys);
	search_result_free(res);
	return r;
}

void wb_feed_path(const struct store_saved *sv, struct buf *b)
{
	buf_adds(b, "/feed/");
	buf_adds(b, sv->token);
}

/* ---- the Atom feed ---- */

static void xml_text(struct buf *b, const char *s)
{
	/* XML 1.0 forbids most control characters; buf_add_html escapes
	 * & < > " ', which XML reads as well. */
	struct buf c = BUF_INIT;
	for (const char *p = s ? s : ""; *p; p++)
		buf_addc(&c, (unsigned char)*p < 0x20 && *p != '\t' && *p != '\n' ? ' ' : *p);
	buf_add_html(b, buf_str(&c), c.len);
	buf_free(&c);
}

static void atom_date(struct buf *b, const char *date, double fallback)
{
	if (date && strlen(date) == 10 && date[4] == '-' && date[7] == '-') {
		buf_addf(b, "%sT00:00:00Z", date);
		return;
	}
	char t[32];
	time_t tt = (time_t)fallback;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_adds(b, t);
}

void wb_feed(const struct workbench *wb, const struct wb_req *rq, struct wb_reply *rp,
		 struct store *s)
{
	const char *token = rq->url + strlen("/feed/");
	struct store_saved sv;
	struct error *err = NULL;
	if (store_saved_by_token(s, token, &sv, &err) < 0) {
		error_free(err);
		rp->status = 404;
		rp->ctype = "text/plain; charset=utf-8";
		buf_adds(&rp->body, "No such feed.\n");
		return;
	}
	struct search_result *res = rq->db ? wb_run_saved(rq->db, sv.q, &err) : NULL;
	if (res == NULL) {
		store_saved_clear(&sv);
		rp->status = err && wb_err_status(err) == 400 ? 400 : 503;
		rp->ctype = "text/plain; charset=utf-8";
		buf_adds(&rp->body, "The search cannot be run right now.\n");
		error_free(err);
		return;
	}
	struct buf *b = &rp->body;
	const char *base = rq->base_url ? rq->base_url : "";
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>kindex: ");
	xml_text(b, sv.name);
	buf_addf(b, "</title>\n<id>urn:kindex:saved:%lld:%.0f</id>\n<updated>", (long long)sv.id,
		 sv.created);
	atom_date(b, NULL, (double)time(NULL));
	buf_adds(b, "</updated>\n<author><name>kindex</name></author>\n<link rel=\"self\" href=\"");
	xml_text(b, base);
	buf_adds(b, "/feed/");
	xml_text(b, token);
	buf_adds(b, "\"/>\n");
	for (size_t i = 0; i < res->n_hits; i++) {
		const struct search_hit *h = &res->hits[i];
		char hash[33];
		util_hash_hex(h->path, strlen(h->path), hash);
		buf_adds(b, "<entry>\n<title>");
		xml_text(b, h->title[0] ? h->title : h->path);
		buf_addf(b, "</title>\n<id>urn:kindex:doc:%s</id>\n<updated>", hash);
		atom_date(b, h->date, sv.created);
		buf_adds(b, "</updated>\n<link href=\"");
		xml_text(b, base);
		buf_addf(b, "/doc/%u\"/>\n<summary>", h->id);
		char *cite = citeas_doc(wb->cs, rq->db, h->id, "nl", NULL, NULL);
		xml_text(b, cite ? cite : h->title);
		free(cite);
		buf_adds(b, "</summary>\n</entry>\n");
	}
	buf_adds(b, "</feed>\n");
	rp->status = 200;
	rp->ctype = "application/atom+xml; charset=utf-8";
	search_result_free(res);
	store_saved_clear(&sv);
}


int workbench_alerts(const char *store_path, struct search_db *db, const char *user,
		     workbench_alert_fn fn, void *ctx, struct error **err)
{
	struct store *s = store_open(store_path, err);
	if (s == NULL)
		return -1;
	struct store_saved *v;
	size_t n;
	int ret = -1;
	if (store_saved_list(s, user, &v, &n, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct search_result *res = wb_run_saved(db, v[i].q, err);
		if (res == NULL)
			goto out_list;
		const char **keys = xcalloc(res->n_hits + 1, sizeof(*keys));
		unsigned char *unseen = xcalloc(res->n_hits + 1, 1);
		const struct search_hit **fresh = xcalloc(res->n_hits + 1, sizeof(*fresh));
		for (size_t k = 0; k < res->n_hits; k++)
			keys[k] = res->hits[k].path;
		int r = store_seen_unseen(s, v[i].id, "alerts", keys, res->n_hits, unseen, err);
		size_t nf = 0;
		for (size_t k = 0; r == 0 && k < res->n_hits; k++)
			if (unseen[k])
				fresh[nf++] = &res->hits[k];
		if (r == 0) {
			fn(ctx, &v[i], fresh, nf);
			/* Seen only once reported. */
			r = store_seen_mark(s, v[i].id, "alerts", keys, res->n_hits, err);
		}
		free(keys);
		free(unseen);
		free(fresh);
		search_result_free(res);
		if (r < 0)
			goto out_list;
	}
	ret = 0;
out_list:
	store_saved_free(v, n);
out:
	store_close(s);
	return ret;
}
