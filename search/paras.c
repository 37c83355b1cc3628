/* paras.c - paragraph numbers (see paras.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "search/paras.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads a paragraph number at s (a line start after its blanks; e marks
 * the end).  Returns its length including a final full stop, 0 when there
 * is none; num gets the number, top its first part. */
static size_t read_number(const char *s, const char *e, char num[16], int *top)
{
	const char *p = s;
	int levels = 0, dot_end = 0;
	size_t k = 0;
	*top = 0;
	for (;;) {
		const char *d = p;
		int v = 0;
		while (p < e && is_digit(*p) && p - d < 3)
			v = v * 10 + (*p++ - '0');
		if (p == d || (p < e && is_digit(*p)) || *d == '0')
			return 0;
		if (levels == 0)
			*top = v;
		if (k + (size_t)(p - d) + 2 >= 16)
			return 0;
		if (levels > 0)
			num[k++] = '.';
		memcpy(num + k, d, (size_t)(p - d));
		k += (size_t)(p - d);
		levels++;
		dot_end = 0;
		if (p < e && *p == '.') {
			p++;
			dot_end = 1;
			if (p < e && is_digit(*p) && levels < 3)
				continue;
		}
		break;
	}
	num[k] = '\0';
	if (levels == 1 && !dot_end)
		return 0; /* "66 van dat commentaar": a wrapped line */
	/* What follows: the line's end, or the first word. */
	const char *f = p;
	while (f < e && (*f == ' ' || *f == '\t'))
		f++;
	if (f == e || *f == '\n' || *f == '\r')
		return (size_t)(p - s);
	unsigned char c = (unsigned char)*f;
	if ((c >= 'A' && c <= 'Z') || c >= 0x80 || c == '(' || c == '"' || c == '[' || c == '\'' ||
	    c == '<' || c == '&') /* '<' and '&': a tag or entity in escaped text */
		return (size_t)(p - s);
	return 0;
}

void paras_scan(const char *const *pages, const size_t *lens, int n_pages,
		struct para_marks *out)
{
	int last = -1;
	for (int pg = 0; pg < n_pages; pg++) {
		const char *t = pages[pg], *e = t + lens[pg];
		for (const char *line = t; line < e;) {
			const char *s = line;
			while (s < e && (*s == ' ' || *s == '\t'))
				s++;
			char num[16];
			int top;
			if (s < e && is_digit(*s) && read_number(s, e, num, &top) > 0 &&
			    (last < 0 ? top <= 2 : top >= last && top <= last + 3)) {
				/* One number once: "3." then "3.1." both count, a
				 * second "3." does not. */
				int again = out->n > 0 && strcmp(out->m[out->n - 1].num, num) == 0;
				if (!again) {
					if (out->n == out->cap) {
						out->cap = out->cap ? out->cap * 2 : 64;
						out->m = realloc(out->m, out->cap * sizeof(*out->m));
						if (out->m == NULL)
							abort();
					}
					struct para_mark *m = &out->m[out->n++];
					m->page = pg + 1;
					m->off = (size_t)(s - t);
					snprintf(m->num, sizeof(m->num), "%s", num);
					last = top;
				}
			}
			const char *nl = memchr(line, '\n', (size_t)(e - line));
			line = nl ? nl + 1 : e;
		}
	}
}

void paras_free(struct para_marks *pm)
{
	free(pm->m);
	memset(pm, 0, sizeof(*pm));
}

const char *paras_at(const struct para_marks *pm, int page, size_t off)
{
	const struct para_mark *best = NULL;
	for (size_t i = 0; i < pm->n; i++) {
		const struct para_mark *m = &pm->m[i];
		if (m->page > page || (m->page == page && m->off > off))
			break;
		best = m;
	}
	return best && best->page == page ? best->num : NULL;
}

static int blank(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

long paras_locate(const char *text, size_t len, const char *passage)
{
	const char *ell = "…";
	size_t el = strlen(ell);
	const char *p = passage;
	while (*p == ' ' || strncmp(p, ell, el) == 0)
		p += *p == ' ' ? 1 : el;
	/* The first 40 bytes, or up to an ellipsis. */
	size_t n = 0;
	while (p[n] && n < 40 && strncmp(p + n, ell, el) != 0)
		n++;
	while (n > 0 && p[n - 1] == ' ')
		n--;
	if (n < 8)
		return -1;
	for (size_t i = 0; i < len; i++) {
		size_t a = i, b = 0;
		while (a < len && b < n) {
			if (blank(p[b]) && blank(text[a])) {
				while (b < n && blank(p[b]))
					b++;
				while (a < len && blank(text[a]))
					a++;
			} else if (p[b] == text[a]) {
				a++;
				b++;
			} else {
				break;
			}
		}
		if (b == n)
			return (long)i;
	}
	return -1;
}

char *paras_anchor_html(const struct para_marks *pm, int page, const char *html)
{
	struct buf out = BUF_INIT;
	size_t k = 0;
	while (k < pm->n && pm->m[k].page < page)
		k++;
	const char *e = html + strlen(html);
	for (const char *line = html; line < e;) {
		const char *nl = memchr(line, '\n', (size_t)(e - line));
		const char *le = nl ? nl + 1 : e;
		const char *s = line;
		/* Blanks and tags (<mark>) before the number. */
		for (;;) {
			while (s < le && (*s == ' ' || *s == '\t'))
				s++;
			if (s < le && *s == '<') {
				const char *gt = memchr(s, '>', (size_t)(le - s));
				if (gt == NULL)
					break;
				s = gt + 1;
				continue;
			}
			break;
		}
		char num[16];
		int top;
		size_t j = k;
		if (s < le && is_digit(*s) && read_number(s, le, num, &top) > 0)
			while (j < pm->n && pm->m[j].page == page && strcmp(num, pm->m[j].num) != 0)
				j++;
		if (s < le && is_digit(*s) && j < pm->n && pm->m[j].page == page &&
		    strcmp(num, pm->m[j].num) == 0) {
			buf_add(&out, line, (size_t)(s - line));
			buf_addf(&out, "<span class=\"para\" id=\"para-%s\"></span>", num);
			buf_add(&out, s, (size_t)(le - s));
			k = j + 1;
		} else {
			buf_add(&out, line, (size_t)(le - line));
		}
		line = le;
	}
	if (out.s == NULL)
		buf_adds(&out, "");
	return buf_detach(&out);
}
