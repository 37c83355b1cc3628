/* cite_norm.c - normalisation of page texts for the citation recogniser (see cite_int.h). */
#include "search/cite_int.h"

static int is_ws_byte(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

/* The length of the page once trailing white space and a lone page number
 * on its last line ("3", "- 3 -", "5 / 15") are removed. */
static size_t page_effective_len(const char *p, size_t len)
{
	size_t e = len;
	while (e > 0 && is_ws_byte((unsigned char)p[e - 1]))
		e--;
	size_t b = e;
	int digits = 0, dashes = 0, slashes = 0;
	while (b > 0 && p[b - 1] != '\n') {
		unsigned char c = (unsigned char)p[b - 1];
		if (isdigit(c))
			digits++;
		else if (c == '-')
			dashes++;
		else if (c == '/')
			slashes++;
		else if (c != ' ' && c != '\t')
			return e;
		b--;
	}
	if (b == 0 || digits == 0 || digits > (slashes ? 8 : 4) || dashes > 2 || slashes > 1 ||
	    (slashes && dashes))
		return e;
	while (b > 0 && is_ws_byte((unsigned char)p[b - 1]))
		b--;
	return b;
}

static int is_lower_ascii(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/* Builds the normalised text of the pages. */
void cite_norm_build(struct norm *nb, const char *const *pages, const size_t *lens,
		     int n_pages, const size_t *base)
{
	size_t total = 0;
	for (int i = 0; i < n_pages; i++)
		total += lens[i] + 1;
	nb->s = xmalloc(total + 1);
	nb->map = xreallocarray(NULL, total + 1, sizeof(*nb->map));
	nb->n = 0;
	char *o = nb->s;
	size_t *m = nb->map;
	size_t on = 0;
	int pend_space = 0;     /* white space seen since the last byte written */
	int pend_nl = 0;        /* ... and it held a line or page end */
	int soft = 0;           /* a soft hyphen came just before that space */
	size_t space_at = 0;    /* offset of the first byte of that space */

	for (int pg = 0; pg < n_pages; pg++) {
		const unsigned char *p = (const unsigned char *)pages[pg];
		size_t len = p != NULL ? page_effective_len(pages[pg], lens[pg]) : 0;
		if (pg > 0) {
			if (!pend_space)
				space_at = base[pg];
			pend_space = 1;
			pend_nl = 1;
		}
		for (size_t i = 0; i < len;) {
			unsigned char c = p[i];
			size_t at = base[pg] + i;
			size_t clen = 1;    /* bytes of input consumed */
			int ws = 0, drop = 0, dash = 0;
			if (is_ws_byte(c)) {
				ws = 1;
				if (c == '\n' || c == '\f' || c == '\r')
					pend_nl = 1;
			} else if (c == 0xc2 && i + 1 < len && p[i + 1] == 0xa0) {
				ws = 1, clen = 2;
			} else if (c == 0xc2 && i + 1 < len && p[i + 1] == 0xad) {
				drop = 1, clen = 2, soft = 1;
			} else if (c == 0xe2 && i + 2 < len && p[i + 1] == 0x80) {
				unsigned char d = p[i + 2];
				clen = 3;
				if (d <= 0x8a || d == 0xaf)
					ws = 1;
				else if (d == 0x8b)
					drop = 1;
				else if (d >= 0x90 && d <= 0x93)
					dash = 1;
				else
					clen = 1;
			} else if (c == 0xe3 && i + 2 < len && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
				ws = 1, clen = 3;
			}
			if (ws) {
				if (!pend_space)
					space_at = at;
				pend_space = 1;
				i += clen;
				continue;
			}
			if (drop) {
				i += clen;
				continue;
			}
			unsigned char outc = dash ? '-' : c;
			if (pend_space) {
				int join = 0;
				if (pend_nl && soft && on > 0) {
					join = 1;
				} else if (pend_nl && on >= 2 && o[on - 1] == '-') {
					unsigned char b = (unsigned char)o[on - 2];
					if ((is_lower_ascii(b) || b >= 0x80) && is_lower_ascii(outc)) {
						on--;   /* "rech-\nten" -> "rechten" */
						join = 1;
					} else if (isalnum(b) && (isupper(outc) || isdigit(outc))) {
						join = 1;       /* "VN-\nComité", "5-\n6" */
					}
				}
				if (!join && on > 0) {
					o[on] = ' ';
					m[on++] = space_at;
				}
				pend_space = pend_nl = 0;
			}
			soft = 0;
			if (dash) {
				o[on] = '-';
				m[on++] = at;
				i += clen;
				continue;
			}
			o[on] = (char)c;
			m[on++] = at;
			i++;
		}
	}
	o[on] = '\0';
	m[on] = total;
	nb->n = on;
}
