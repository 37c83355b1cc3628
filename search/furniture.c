/* furniture.c - page numbers and running headers at a page's edges; see
 * furniture.h. */
#include "furniture.h"

#include <ctype.h>
#include <string.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int is_dash(const char *s, size_t n, size_t *w)
{
	if (n >= 1 && s[0] == '-') {
		*w = 1;
		return 1;
	}
	/* "–" U+2013 and "—" U+2014 */
	if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94)) {
		*w = 3;
		return 1;
	}
	return 0;
}

/* Skips spaces; returns the new position. */
static size_t skip_sp(const char *s, size_t i, size_t n)
{
	while (i < n && is_space(s[i]))
		i++;
	return i;
}

/* Reads a number of one to four digits at s[i]; returns its end, or 0. */
static size_t number(const char *s, size_t i, size_t n)
{
	size_t j = i;
	while (j < n && j - i < 5 && isdigit((unsigned char)s[j]))
		j++;
	if (j == i || j - i > 4 || (j < n && isdigit((unsigned char)s[j])))
		return 0;
	return j;
}

/* Matches word (ASCII, any case) at s[i]; returns its end, or 0. */
static size_t word(const char *s, size_t i, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n - i < k || strncasecmp(s + i, w, k) != 0)
		return 0;
	if (i + k < n && isalpha((unsigned char)s[i + k]))
		return 0;
	return i + k;
}

int furniture_page_number(const char *s, size_t n)
{
	size_t i = skip_sp(s, 0, n), w, e;
	while (n > i && is_space(s[n - 1]))
		n--;
	if (i >= n || n - i > 32)
		return 0;
	/* "Page", "pagina", "blz.", "p." before the number */
	static const char *const lead[] = { "page", "pagina", "blz.", "blz", "p.", "pag.", NULL };
	for (int k = 0; lead[k] != NULL; k++) {
		if ((e = word(s, i, n, lead[k])) != 0) {
			i = skip_sp(s, e, n);
			break;
		}
	}
	int dashed = 0;
	if (is_dash(s + i, n - i, &w)) {
		dashed = 1;
		i = skip_sp(s, i + w, n);
	}
	if ((e = number(s, i, n)) == 0)
		return 0;
	i = skip_sp(s, e, n);
	if (dashed) {
		if (!is_dash(s + i, n - i, &w))
			return 0;
		i = skip_sp(s, i + w, n);
		return i == n;
	}
	if (i == n)
		return 1;
	/* "3 / 12", "3/12", "3 of 12", "3 van 12" */
	if (s[i] == '/')
		e = i + 1;
	else if ((e = word(s, i, n, "of")) == 0 && (e = word(s, i, n, "van")) == 0)
		return 0;
	i = skip_sp(s, e, n);
	if ((e = number(s, i, n)) == 0)
		return 0;
	return skip_sp(s, e, n) == n;
}

/* A document symbol: a capital first, then letters, digits and . - ( ),
 * with at least one slash, a digit or "GC", and no lower-case run longer
 * than "Rev"/"Corr"/"Add". */
static int symbol(const char *s, size_t n)
{
	if (n < 4 || !isupper((unsigned char)s[0]))
		return 0;
	int slash = 0, digit = 0, lower = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '/')
			slash++;
		else if (isdigit(c))
			digit = 1;
		else if (islower(c)) {
			if (++lower > 4)
				return 0;
			continue;
		} else if (!isupper(c) && c != '.' && c != '-' && c != '(' && c != ')')
			return 0;
		lower = 0;
	}
	if (slash > 0)
		return digit || strstr(s, "GC") != NULL;
	/* GE.19-12345 */
	if (n >= 6 && s[0] == 'G' && s[1] == 'E' && s[2] == '.' && digit)
		return 1;
	/* BWBR0019574, BWBV0002003 */
	if (n == 11 && strncmp(s, "BWB", 3) == 0 && isupper((unsigned char)s[3])) {
		for (size_t i = 4; i < n; i++)
			if (!isdigit((unsigned char)s[i]))
				return 0;
		return 1;
	}
	return 0;
}

int furniture_header(const char *s, size_t n)
{
	size_t i = skip_sp(s, 0, n), syms = 0;
	while (n > i && is_space(s[n - 1]))
		n--;
	if (i >= n || n - i > 120)
		return 0;
	/* one or more symbols joined by ", ", " & ", "–" */
	while (i < n) {
		size_t j = i, w;
		while (j < n && !is_space(s[j]) && s[j] != ',' && s[j] != '&' &&
		       !is_dash(s + j, n - j, &w))
			j++;
		/* a dash inside a symbol (GE.19-12345, CRC/C/NOR/CO/5-6) belongs
		 * to it when a digit follows */
		while (j < n && is_dash(s + j, n - j, &w) && w == 1 && j + 1 < n &&
		       isdigit((unsigned char)s[j + 1])) {
			j++;
			while (j < n && !is_space(s[j]) && s[j] != ',' && s[j] != '&' &&
			       !is_dash(s + j, n - j, &w))
				j++;
		}
		char tok[64];
		if (j - i == 0 || j - i >= sizeof tok)
			return 0;
		memcpy(tok, s + i, j - i);
		tok[j - i] = '\0';
		if (!symbol(tok, j - i))
			return 0;
		syms++;
		i = skip_sp(s, j, n);
		if (i < n && (s[i] == ',' || s[i] == '&'))
			i = skip_sp(s, i + 1, n);
		else if (i < n && is_dash(s + i, n - i, &w))
			i = skip_sp(s, i + w, n);
	}
	return syms > 0;
}

/* The line of text[0..len) that starts at i: its end (the '\n' or len). */
static size_t line_end(const char *text, size_t len, size_t i)
{
	const char *nl = memchr(text + i, '\n', len - i);
	return nl != NULL ? (size_t)(nl - text) : len;
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_space(s[i]))
			return 0;
	return 1;
}

void page_body(const char *text, size_t len, size_t *start, size_t *end)
{
	size_t s = 0, e = len;
	/* the top: blank lines, then at most two header or page-number lines */
	for (int taken = 0; s < len;) {
		size_t le = line_end(text, len, s);
		if (blank(text + s, le - s)) {
			s = le < len ? le + 1 : le;
			continue;
		}
		if (taken < 2 && (furniture_header(text + s, le - s) ||
				  furniture_page_number(text + s, le - s))) {
			taken++;
			s = le < len ? le + 1 : le;
			continue;
		}
		break;
	}
	/* the bottom: blank lines, then at most two page-number lines */
	for (int taken = 0; e > s;) {
		size_t ls = e;
		while (ls > s && text[ls - 1] != '\n')
			ls--;
		if (blank(text + ls, e - ls)) {
			e = ls > s ? ls - 1 : ls;
			continue;
		}
		if (taken < 2 && furniture_page_number(text + ls, e - ls)) {
			taken++;
			e = ls > s ? ls - 1 : ls;
			continue;
		}
		break;
	}
	if (s >= e) {
		*start = 0;
		*end = len;
		return;
	}
	*start = s;
	*end = e;
}
