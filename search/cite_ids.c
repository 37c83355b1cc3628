/* cite_ids.c - document identifiers: UN symbols, ECLIs, application numbers, General Comments (see cite_int.h). */
#include "search/cite_int.h"

/* ---------------------------------------------------------------------
 * Document identifiers
 */

static int is_symbol_char(unsigned char c)
{
	return isalnum(c) || c == '/' || c == '.' || c == '-';
}

/* "CRC/C/GC/14", "CRC/C/NLD/CO/5-6", "CRC/C/79/D/12/2017". */
size_t cite_scan_symbol(struct scan *sc, size_t p)
{
	if (p + 5 >= sc->n || strncmp(sc->s + p, "CRC/", 4) != 0 || !isalnum((unsigned char)sc->s[p + 4]))
		return 0;
	char id[64];
	size_t k = 0, e = p;
	while (e < sc->n && k < sizeof(id) - 1) {
		unsigned char c = (unsigned char)sc->s[e];
		if (is_symbol_char(c)) {
			id[k++] = (char)c;
			e++;
		} else if (c == ' ' && k > 0 && id[k - 1] == '/' && e + 1 < sc->n &&
			   isalnum((unsigned char)sc->s[e + 1])) {
			e++;    /* "CRC/C/ GC/14" broken at a line end */
		} else {
			break;
		}
	}
	while (k > 0 && (id[k - 1] == '.' || id[k - 1] == '-' || id[k - 1] == '/')) {
		k--;
		e--;
	}
	id[k] = '\0';
	if (k < 7)
		return 0;
	for (size_t i = 0; i < k; i++)
		id[i] = (char)toupper((unsigned char)id[i]);
	/* "Rev" and "Add" keep their case in UN symbols */
	for (char *r = strstr(id, "/REV."); r != NULL; r = strstr(r + 1, "/REV."))
		memcpy(r + 1, "Rev", 3);
	for (char *r = strstr(id, "/ADD."); r != NULL; r = strstr(r + 1, "/ADD."))
		memcpy(r + 1, "Add", 3);
	cite_emit_doc(sc, "UNDOC", id, p, e);
	return e;
}

/* "ECLI:NL:RVS:2019:1234", "ECLI: NL: RVS: 2019: TEST.0001". */
size_t cite_scan_ecli(struct scan *sc, size_t p)
{
	if (p + 5 >= sc->n || strncasecmp(sc->s + p, "ECLI:", 5) != 0)
		return 0;
	char id[64];
	size_t k = 0, e = p;
	int parts = 1;
	memcpy(id, "ECLI", 4);
	k = 4;
	e = p + 4;
	while (e < sc->n && parts < 5) {
		if (sc->s[e] != ':')
			break;
		size_t x = e + 1;
		if (x < sc->n && sc->s[x] == ' ')
			x++;
		size_t y = x;
		while (y < sc->n && (isalnum((unsigned char)sc->s[y]) || sc->s[y] == '.') && y - x < 25)
			y++;
		while (y > x && sc->s[y - 1] == '.')
			y--;
		if (y == x || k + 1 + (y - x) >= sizeof(id))
			break;
		id[k++] = ':';
		for (size_t i = x; i < y; i++)
			id[k++] = (char)toupper((unsigned char)sc->s[i]);
		parts++;
		e = y;
	}
	if (parts != 5)
		return 0;
	id[k] = '\0';
	cite_emit_doc(sc, "ECLI", id, p, e);
	return e;
}

/* "no. 12345/07", "nos. 43370/04, 8252/05 and 18454/06", "nr. 29217/12". */
size_t cite_scan_appno(struct scan *sc, size_t p)
{
	size_t e;
	if (!(e = word_at(sc, p, "nos. ")) && !(e = word_at(sc, p, "no. ")) && !(e = word_at(sc, p, "nr. ")) &&
	    !(e = word_at(sc, p, "nrs. ")))
		return 0;
	size_t end = 0;
	for (int i = 0; i < 16; i++) {
		int y;
		size_t x2 = e;
		while (x2 < sc->n && isdigit((unsigned char)sc->s[x2]) && x2 - e < 6)
			x2++;
		if (x2 == e || x2 >= sc->n || sc->s[x2] != '/')
			break;
		size_t z = read_num(sc, x2 + 1, &y);
		if (!z || z - x2 - 1 != 2 || (z < sc->n && (isalnum((unsigned char)sc->s[z]) || sc->s[z] == '/')))
			break;
		char id[16];
		size_t len = z - e;
		memcpy(id, sc->s + e, len);
		id[len] = '\0';
		cite_emit_doc(sc, "APPNO", id, p, z);
		end = z;
		size_t r;
		if ((r = word_at(sc, z, ", ")) || (r = word_at(sc, z, " and ")) || (r = word_at(sc, z, " en ")) ||
		    (r = word_at(sc, z, "; ")))
			e = r;
		else
			break;
	}
	return end;
}

/* "General Comment No. 14", "general comment No. 6 (2005)", "algemeen
 * commentaar nr. 14", the CRC's half of joint general comments. */
size_t cite_scan_gc(struct scan *sc, size_t p)
{
	size_t e, x;
	int joint = 0;
	if ((e = word_at(sc, p, "joint general comment"))) {
		joint = 1;
	} else if (!(e = word_at(sc, p, "general comment")) && !(e = word_at(sc, p, "algemeen commentaar")) &&
		   !(e = word_at(sc, p, "general comments")) && !(e = word_at(sc, p, "algemene commentaar"))) {
		return 0;
	}
	size_t q = e;
	if ((x = word_at(sc, q, " Nos.")) || (x = word_at(sc, q, " No.")) || (x = word_at(sc, q, " nr.")) ||
	    (x = word_at(sc, q, " no")) || (x = word_at(sc, q, " nummer")))
		q = x;
	if (!(q < sc->n && sc->s[q] == ' '))
		return 0;
	int num;
	size_t r = read_num(sc, q + 1, &num);
	if (!r || (r < sc->n && (isalnum((unsigned char)sc->s[r]) || sc->s[r] == '/')))
		return 0;
	size_t end = r;
	/* "(2005)" */
	if (r + 7 <= sc->n && sc->s[r] == ' ' && sc->s[r + 1] == '(' && isdigit((unsigned char)sc->s[r + 2]) &&
	    sc->s[r + 6] == ')')
		end = r + 7;
	/* Whose comment is it?  "of the Committee on Economic, ...", "of the
	 * Human Rights Committee" are not the CRC's. */
	size_t w = end;
	if ((x = word_at(sc, w, " of the "))) {
		if (word_at(sc, x, "Committee on the Rights of the Child")) {
			end = x + strlen("Committee on the Rights of the Child");
		} else if (word_at(sc, x, "Committee") || word_at(sc, x, "Human Rights Committee")) {
			if (!joint)
				return r;
			/* joint: look for "No. M of the Committee on the Rights of the Child" */
			size_t lim = x + 260 < sc->n ? x + 260 : sc->n;
			for (size_t y = x; y + 4 < lim; y++) {
				size_t z = word_at(sc, y, "No. ");
				int m;
				size_t z2;
				if (z && (z2 = read_num(sc, z, &m)) &&
				    (word_at(sc, z2, " of the Committee on the Rights of the Child"))) {
					num = m;
					end = z2 + strlen(" of the Committee on the Rights of the Child");
					goto emit;
				}
			}
			return r;
		}
	}
	/* "Human Rights Committee general comment No. 17", "CESCR general comment" */
	if (p >= 10) {
		size_t from = p >= 60 ? p - 60 : 0;
		const char *bad[] = { "Human Rights Committee", "Economic, Social and Cultural Rights", "CESCR",
			"Committee against Torture", "CEDAW", "Persons with Disabilities", "Migrant Workers" };
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			if (!joint && memmem(sc->s + from, p - from, bad[i], strlen(bad[i])) != NULL)
				return r;
	}
emit:
	if (num < 1 || num > 40)
		return end;
	char id[32];
	snprintf(id, sizeof(id), "CRC/C/GC/%d", num);
	cite_emit_doc(sc, "GC", id, p, end);
	return end;
}
