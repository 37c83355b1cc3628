/* ident.c - canonical identifiers (see ident.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "search/ident.h"

static void copy_upper(const char *s, size_t len, char *out, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < len && k + 1 < n; i++)
		out[k++] = (char)toupper((unsigned char)s[i]);
	if (n)
		out[k] = '\0';
}

/* "57325/00", at most 6 digits, '/', 2 digits. */
static int is_appno(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && isdigit((unsigned char)s[i]))
		i++;
	if (i < 1 || i > 6 || i + 3 != len || s[i] != '/')
		return 0;
	return isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]);
}

enum ident_kind ident_canonical(const char *in, char *out, size_t n)
{
	char tmp[128];
	if (n == 0)
		return IDENT_OTHER;
	out[0] = '\0';
	while (*in && isspace((unsigned char)*in))
		in++;
	size_t len = strlen(in);
	while (len > 0 && isspace((unsigned char)in[len - 1]))
		len--;
	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	/* Application numbers: "no. 57325/00", "nr. 57325/00", "appl. no. …". */
	const char *p = in;
	size_t plen = len;
	for (;;) {
		static const char *const words[] = { "application ", "appl. ", "app. ", "no. ", "nr. ",
						      "no ", "nr ", NULL };
		int hit = 0;
		for (int i = 0; words[i]; i++) {
			size_t w = strlen(words[i]);
			if (plen > w && strncasecmp(p, words[i], w) == 0) {
				p += w;
				plen -= w;
				hit = 1;
			}
		}
		if (!hit)
			break;
	}
	if (is_appno(p, plen)) {
		copy_upper(p, plen, out, n);
		return IDENT_APPNO;
	}
	copy_upper(in, len, tmp, sizeof(tmp));
	/* ECLI with other separators between its five parts. */
	if (strncmp(tmp, "ECLI", 4) == 0 && (tmp[4] == ':' || tmp[4] == '.' || tmp[4] == '_' ||
					     tmp[4] == ' ')) {
		int seps = 0;
		for (char *c = tmp + 4; *c && seps < 4; c++) {
			if (*c == ':' || *c == '.' || *c == '_' || *c == ' ') {
				*c = ':';
				seps++;
			}
		}
		snprintf(out, n, "%s", tmp);
		return IDENT_ECLI;
	}
	if (strchr(tmp, '/') == NULL || !isalpha((unsigned char)tmp[0])) {
		snprintf(out, n, "%s", tmp);
		return IDENT_OTHER;
	}
	/* UN symbols: no blanks around the slashes; a corrigendum is the
	 * document it corrects. */
	char *w = tmp;
	for (char *r = tmp; *r; r++)
		if (!isspace((unsigned char)*r))
			*w++ = *r;
	*w = '\0';
	char *corr = strstr(tmp, "/CORR");
	if (corr)
		*corr = '\0';
	/* A revised General Comment ("CRC/C/GC/7/Rev.1") replaces the one
	 * it revises, which is how others cite it. */
	char *rev = strncmp(tmp, "CRC/C/GC/", 9) == 0 ? strstr(tmp, "/REV") : NULL;
	if (rev)
		*rev = '\0';
	int year, num, used = 0;
	if (sscanf(tmp, "CRC/GC/%4d/%d%n", &year, &num, &used) == 2 && tmp[used] == '\0' &&
	    year >= 1990 && year < 2100 && num > 0) {
		snprintf(out, n, "CRC/C/GC/%d", num);
		return IDENT_UN;
	}
	snprintf(out, n, "%s", tmp);
	return IDENT_UN;
}

/* Appends s to out (n bytes) with everything but unreserved characters
 * percent-encoded. */
static void url_encode(const char *s, char *out, size_t n)
{
	size_t k = strlen(out);
	for (; *s && k + 4 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':')
			out[k++] = (char)c;
		else
			k += (size_t)snprintf(out + k, n - k, "%%%02X", c);
	}
	out[k] = '\0';
}

int ident_external_url(const char *ident, char *out, size_t n)
{
	char c[128];
	if (n == 0)
		return -1;
	out[0] = '\0';
	enum ident_kind k = ident_canonical(ident, c, sizeof(c));
	const char *base = NULL, *tail = "";
	if (k == IDENT_ECLI && strncmp(c, "ECLI:NL:", 8) == 0)
		base = "https://uitspraken.rechtspraak.nl/details?id=";
	else if (k == IDENT_ECLI && strncmp(c, "ECLI:CE:ECHR:", 13) == 0) {
		base = "https://hudoc.echr.coe.int/eng#{%22ecli%22:[%22";
		tail = "%22]}";
	} else if (k == IDENT_APPNO) {
		base = "https://hudoc.echr.coe.int/eng#{%22appno%22:[%22";
		tail = "%22]}";
	} else if (k == IDENT_UN)
		base = "https://tbinternet.ohchr.org/_layouts/15/treatybodyexternal/Download.aspx?symbolno=";
	if (base == NULL)
		return -1;
	if (snprintf(out, n, "%s", base) >= (int)n) {
		out[0] = '\0';
		return -1;
	}
	url_encode(c, out, n);
	if (strlen(out) + strlen(tail) + 1 > n) {
		out[0] = '\0';
		return -1;
	}
	strcat(out, tail);
	return 0;
}
