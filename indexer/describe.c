/* describe.c - what a file is: language, metadata, title (see describe.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "indexer/describe.h"
#include "search/lang.h"
#include "base/util.h"
#include "base/xalloc.h"

static int meaningful_pdf_title(const char *title, const char *path)
{
	if (title == NULL)
		return 0;
	size_t n = strlen(title);
	if (n < 4 || n > 400)
		return 0;
	static const char *const junk[] = { "untitled", "microsoft word", "document",
					    "no title", "titel", "title", "pdf", NULL };
	for (int i = 0; junk[i]; i++)
		if (strncasecmp(title, junk[i], strlen(junk[i])) == 0 &&
		    (strlen(junk[i]) == n || strcmp(junk[i], "microsoft word") == 0))
			return 0;
	const char *ext = strrchr(title, '.');
	if (ext && (strcasecmp(ext, ".doc") == 0 || strcasecmp(ext, ".docx") == 0 ||
		    strcasecmp(ext, ".pdf") == 0 || strcasecmp(ext, ".rtf") == 0))
		return 0;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strncmp(title, base, n) == 0)
		return 0;
	int letters = 0;
	for (const char *p = title; *p; p++)
		letters += isalpha((unsigned char)*p) != 0;
	return letters >= 3;
}

/* A line that reads like a heading: some words, mostly letters, not a
 * boiler-plate marker, not only an identifier. */
static int heading_like(const char *s, size_t n)
{
	if (n < 8 || n > 250)
		return 0;
	if (strncmp(s, "VOORBEELDDOCUMENT", 17) == 0 || strncmp(s, "SYNTHETI", 8) == 0 ||
	    strncmp(s, "ECLI:", 5) == 0 || strncmp(s, "BWBR", 4) == 0)
		return 0;
	/* a source line as "BWBR0019574 • wetten.overheid.nl" */
	if (memmem(s, n, "wetten.overheid.nl", 18) != NULL || memmem(s, n, " \xe2\x80\xa2 ", 5) != NULL)
		return 0;
	size_t letters = 0, spaces = 0, slashes = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalpha(c) || c >= 0x80)
			letters++;
		else if (c == ' ')
			spaces++;
		else if (c == '/')
			slashes++;
	}
	return spaces >= 1 && letters * 2 >= n && slashes < 3;
}

/* The short title of an Act whose long title ends with it in brackets:
 * "Wet van 1 maart 2014 inzake ... (Jeugdwet)" -> "Jeugdwet".  NULL when
 * the title is short or has none. */
static char *short_title(const char *title)
{
	size_t n = title ? strlen(title) : 0;
	if (n < 120 || title[n - 1] != ')')
		return NULL;
	int depth = 0;
	for (size_t i = n; i-- > 0;) {
		if (title[i] == ')')
			depth++;
		else if (title[i] == '(' && --depth == 0) {
			size_t len = n - i - 2;
			if (len < 4 || len > 120)
				return NULL;
			return xstrndup(title + i + 1, len);
		}
	}
	return NULL;
}

char *describe_title(const struct pdf_text *t, const char *path, const char **source)
{
	char *st = short_title(t->title);
	if (st != NULL) {
		*source = "pdf-title:short-title";
		return st;
	}
	if (meaningful_pdf_title(t->title, path)) {
		*source = "pdf-title";
		return xstrdup(t->title);
	}
	if (t->n_pages > 0) {
		const char *p = t->pages[0], *end = p + t->page_lens[0];
		for (int line = 0; p < end && line < 40; line++) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *e = nl ? nl : end;
			while (p < e && (*p == ' ' || *p == '\t'))
				p++;
			size_t n = (size_t)(e - p);
			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				n--;
			if (heading_like(p, n)) {
				*source = "text:first-heading-line";
				return xstrndup(p, n);
			}
			p = e + 1;
		}
	}
	*source = "file-name";
	const char *base = strrchr(path, '/');
	return xstrdup(base ? base + 1 : path);
}

int describe_file(struct describe *d, const struct meta_rules *rules, const char *path,
		  long long size, long long mtime, const char *hash, const struct pdf_text *t,
		  char **warning, struct error **err)
{
	struct error *merr = NULL;
	memset(d, 0, sizeof(*d));
	*warning = NULL;

	/* Language: from the first pages' text. */
	struct buf sample = BUF_INIT;
	for (int i = 0; i < t->n_pages && sample.len < 64 * 1024; i++) {
		buf_add(&sample, t->pages[i], t->page_lens[i]);
		buf_addc(&sample, '\n');
	}
	const char *lang = lang_detect(buf_str(&sample), sample.len);
	buf_free(&sample);

	if (meta_detect(rules, t, path, &d->m, err) < 0)
		return -1;
	if (meta_apply_overrides(path, &d->m, &merr) < 0) {
		*warning = strdup(merr->msg);
		error_free(merr);
	}
	if (meta_fill_court_name(rules, &d->m, err) < 0)
		return -1;
	if (d->m.lang.value && lang_is_known(d->m.lang.value))
		lang = d->m.lang.value;
	const char *title_source;
	if (d->m.title.value) {
		d->title = xstrdup(d->m.title.value);
		title_source = d->m.title.source ? d->m.title.source : "override";
	} else if (d->m.type.value && strcmp(d->m.type.value, "un_views") == 0 &&
		   d->m.parties.value && d->m.ident.value) {
		/* Views as the Committee names them: "D.D. v. Spain (CRC/C/80/D/4/2016)" */
		struct buf tb = BUF_INIT;
		if (d->m.state.value)
			buf_addf(&tb, "%s v. %s (%s)", d->m.parties.value, d->m.state.value,
				 d->m.ident.value);
		else
			buf_addf(&tb, "%s (%s)", d->m.parties.value, d->m.ident.value);
		d->title = buf_detach(&tb);
		title_source = "meta:parties+state+ident";
	} else if (t->ocr_conf && t->ocr_conf[0] >= 0 && d->m.type.value &&
		   strcmp(d->m.type.value, "ruling") == 0 && d->m.ident.value &&
		   d->m.court_name.value && !meaningful_pdf_title(t->title, path)) {
		/* A scanned ruling: OCR runs the labels and values of its
		 * first page's table together ("Instantie Hoge Raad"), so it is
		 * titled by its identifier, court and date. */
		struct buf tb = BUF_INIT;
		buf_addf(&tb, "%s, %s%s%s", d->m.ident.value, d->m.court_name.value,
			 d->m.date.value ? ", " : "", d->m.date.value ? d->m.date.value : "");
		d->title = buf_detach(&tb);
		title_source = "ocr:identifier-court-date";
	} else {
		d->title = describe_title(t, path, &title_source);
	}

	char ofp[100];
	meta_overrides_fingerprint(path, ofp, sizeof(ofp));
	/* Pages still waiting for OCR make the fingerprint differ from any
	 * file's, so that the next run extracts the file again. */
	snprintf(d->fingerprint, sizeof(d->fingerprint), "%s%lld:%lld:%s",
		 t->ocr_pending ? "ocr-pending:" : "", size, mtime, ofp);

	struct docbuild_input *in = &d->in;
	in->path = path;
	in->size = size;
	in->mtime = mtime;
	in->hash = hash;
	in->fingerprint = d->fingerprint;
	in->lang = lang;
	in->title = d->title;
	in->title_source = title_source;
	in->pdf_title = t->title;
	in->pages = t->pages;
	in->page_lens = t->page_lens;
	in->n_pages = t->n_pages;
	in->text_bytes = t->text_bytes;
	in->ocr_pages = t->ocr_pages;
	in->ocr_conf = t->ocr_conf;
	const struct meta_field *from[] = { &d->m.type,	 &d->m.court,	  &d->m.court_name,
					    &d->m.date,	 &d->m.ident,	  &d->m.title,
					    &d->m.lang,	 &d->m.state,	  &d->m.outcome,
					    &d->m.violated, &d->m.formation, &d->m.parties,
					    &d->m.area,	 &d->m.procedure, &d->m.seat };
	struct docbuild_field *to[] = { &in->type,	&in->court,	&in->court_name,
					&in->date,	&in->ident,	&in->meta_title,
					&in->meta_lang, &in->state,	&in->outcome,
					&in->violated,	&in->formation, &in->parties,
					&in->area,	&in->procedure, &in->seat };
	for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
		to[i]->value = from[i]->value;
		to[i]->source = from[i]->source;
	}
	return 0;
}

void describe_clear(struct describe *d)
{
	meta_clear(&d->m);
	free(d->title);
	memset(d, 0, sizeof(*d));
}

struct pdf_text *describe_text_from_store(struct docdata *dd)
{
	struct pdf_text *t = xcalloc(1, sizeof(*t));
	int n = (int)docdata_int(dd, "pages");
	if (n < 0)
		n = 0;
	t->pages = xcalloc(n ? (size_t)n : 1, sizeof(char *));
	t->page_lens = xcalloc(n ? (size_t)n : 1, sizeof(size_t));
	for (int i = 0; i < n; i++) {
		const char *p = "";
		size_t len = 0;
		docdata_page(dd, i + 1, &p, &len);
		t->pages[i] = xstrndup(p, len);
		t->page_lens[i] = len;
		t->text_bytes += len;
		t->n_pages = i + 1;
	}
	/* The pages read by OCR, as the stored data lists them. */
	struct json_object *jo;
	if (json_object_object_get_ex(dd->json, "ocr", &jo) &&
	    json_object_is_type(jo, json_type_array) && n > 0) {
		t->ocr_conf = xmalloc((size_t)n * sizeof(int));
		for (int i = 0; i < n; i++)
			t->ocr_conf[i] = -1;
		for (size_t i = 0; i < json_object_array_length(jo); i++) {
			struct json_object *o = json_object_array_get_idx(jo, i), *pg, *cf;
			if (!json_object_object_get_ex(o, "page", &pg) ||
			    !json_object_object_get_ex(o, "confidence", &cf))
				continue;
			int k = json_object_get_int(pg);
			if (k >= 1 && k <= n && t->ocr_conf[k - 1] < 0) {
				t->ocr_conf[k - 1] = json_object_get_int(cf);
				t->ocr_pages++;
			}
		}
	}
	const char *pt = docdata_str(dd, "pdf_title");
	if (*pt)
		t->title = xstrdup(pt);
	return t;
}
