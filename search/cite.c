/* cite.c - the citation recogniser (see cite.h).
 *
 * How it works.  cite_scan_pages() first copies the pages of a document into
 * one normalised buffer (struct norm): every run of white space, including
 * line and page ends and the Unicode no-break spaces, becomes one ' '; words
 * hyphenated at a line end are joined; soft hyphens vanish; the dashes
 * U+2010..U+2013 become '-'; a lone page number on the last line of a page
 * is dropped, so that "artikel 3, eerste <page number> lid" still reads as
 * one citation.  A parallel array maps every normalised byte back to its
 * offset in the original pages.
 *
 * The recogniser then walks the normalised text once.  At each word start it
 * dispatches on the first letter to a few hand-written parsers: an article
 * group ("artikel", "art.", "article", "arts." followed by numbers, lists,
 * ranges, paragraphs and letters, then an instrument), a paragraph-first
 * group ("het tweede lid van artikel 12"), a mention of an instrument (which
 * feeds the back references "het verdrag", "dat protocol", "the
 * Convention"), and document identifiers.  Parsers return the position just
 * after what they matched, or 0 when they did not match; they never read
 * past the end of the buffer.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* memmem */
#endif
#include <assert.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "search/cite.h"

#define CITE_MAX_ITEMS 64   /* articles in one group, after range expansion */
#define CITE_MAX_SUB 4      /* paragraphs, letters or sub-items per article */
#define CITE_FIRST_GAP 48   /* bytes between "IVRK ..." and "artikel" */
#define CITE_IMPLICIT_GAP 300 /* bytes back to the citation an article inherits from */
#define CITE_SAME_GAP 2000  /* ... when that citation has the same article number */

/* ---------------------------------------------------------------------
 * Normalisation
 */

struct norm {
	char *s;        /* normalised text, NUL-terminated */
	size_t *map;    /* map[i]: offset in the concatenated pages of s[i] */
	size_t n;       /* bytes in s */
};

static int is_ws_byte(unsigned char c)
{
	return c <= 0x20 || c == 0x7f;
}

/* The length of the page once trailing white space and a lone page number
 * on its last line ("3", "- 3 -") are removed. */
static size_t page_effective_len(const char *p, size_t len)
{
	size_t e = len;
	while (e > 0 && is_ws_byte((unsigned char)p[e - 1]))
		e--;
	size_t b = e;
	int digits = 0, dashes = 0;
	while (b > 0 && p[b - 1] != '\n') {
		unsigned char c = (unsigned char)p[b - 1];
		if (isdigit(c))
			digits++;
		else if (c == '-')
			dashes++;
		else if (c != ' ' && c != '\t')
			return e;
		b--;
	}
	if (b == 0 || digits == 0 || digits > 4 || dashes > 2)
		return e;
	while (b > 0 && is_ws_byte((unsigned char)p[b - 1]))
		b--;
	return b;
}

static int is_lower_ascii(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/* Builds the normalised text of the pages.  Returns 0 or -1 when memory runs
 * out. */
static int norm_build(struct norm *nb, const char *const *pages, const size_t *lens,
		      int n_pages, const size_t *base)
{
	size_t total = 0;
	for (int i = 0; i < n_pages; i++) {
		if (lens[i] > SIZE_MAX / 2 - total - 2)
			return -1;
		total += lens[i] + 1;
	}
	nb->s = malloc(total + 1);
	nb->map = malloc((total + 1) * sizeof(*nb->map));
	nb->n = 0;
	if (nb->s == NULL || nb->map == NULL) {
		free(nb->s);
		free(nb->map);
		nb->s = NULL;
		nb->map = NULL;
		return -1;
	}
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
	return 0;
}

/* ---------------------------------------------------------------------
 * Scanner state and small text helpers
 */

struct scan {
	const char *s;                  /* normalised text */
	size_t n;
	const size_t *map;
	const size_t *base;             /* offset of each page in the concatenation */
	const size_t *lens;
	int n_pages;
	int un_crc, echr;               /* from cite_opts */
	char dflt[16];                  /* cite_opts.default_instrument or "" */
	int heading_art;                /* last "Artikel N" heading without instrument */
	char last_treaty[16];           /* for "het verdrag", "the Convention" */
	char last_protocol[16];         /* for "dat protocol", "the Protocol" */
	char mention[16];               /* last instrument named anywhere */
	size_t mention_end;             /* ... and where that name ended */
	int has_mention;
	char last_inst[16];             /* last article citation emitted */
	int last_art;
	size_t last_end;
	int has_last;
	struct {
		char inst[16];
		int art;
		size_t end;
	} recent[8];                    /* ring of the last article citations */
	unsigned n_recent;
	struct cite_list *out;
	size_t first_out;               /* out->n when this scan started */
	int failed;                     /* an allocation failed */
};

static int is_alnum_u(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* ASCII lower case without the locale lookup of tolower(). */
static int lc(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Does the text at p start with word w (ASCII, case-insensitive), ending at a
 * word boundary?  Spaces in w match the single spaces of normalised text.
 * Returns the position after it, or 0. */
static size_t word_at(const struct scan *sc, size_t p, const char *w)
{
	size_t k = 0;
	for (; w[k] != '\0'; k++) {
		if (p + k >= sc->n || lc((unsigned char)sc->s[p + k]) != lc((unsigned char)w[k]))
			return 0;
	}
	size_t e = p + k;
	unsigned char last = (unsigned char)w[k - 1];
	if (is_alnum_u(last) && e < sc->n && is_alnum_u((unsigned char)sc->s[e]))
		return 0;
	return e;
}

/* Same, but exact case for the first byte (abbreviations like "Sr"). */
static size_t word_at_cs(const struct scan *sc, size_t p, const char *w)
{
	if (p >= sc->n || sc->s[p] != w[0])
		return 0;
	return word_at(sc, p, w);
}

static size_t skip_space(const struct scan *sc, size_t p)
{
	if (p < sc->n && sc->s[p] == ' ')
		p++;
	return p;
}

static size_t skip_comma(const struct scan *sc, size_t p)
{
	p = skip_space(sc, p);
	if (p < sc->n && sc->s[p] == ',')
		p = skip_space(sc, p + 1);
	return p;
}

/* Reads 1..4 digits at p; returns the end or 0. */
static size_t read_num(const struct scan *sc, size_t p, int *val)
{
	int v = 0, k = 0;
	while (p + k < sc->n && isdigit((unsigned char)sc->s[p + k])) {
		if (k == 4)
			return 0;
		v = v * 10 + (sc->s[p + k] - '0');
		k++;
	}
	if (k == 0)
		return 0;
	*val = v;
	return p + k;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
	size_t k = strlen(src);
	if (k >= cap)
		k = cap - 1;
	memcpy(dst, src, k);
	dst[k] = '\0';
}

static int is_roman(const char *t)
{
	static const char *const r[] = { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x" };
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (strcmp(t, r[i]) == 0)
			return 1;
	return 0;
}

/* Reads a lower-case letter token of 1..4 letters at p ending at a word
 * boundary (a letter like "b" or a roman numeral like "iii"). */
static size_t read_letters(const struct scan *sc, size_t p, char *buf, size_t cap)
{
	size_t k = 0;
	while (p + k < sc->n && isalpha((unsigned char)sc->s[p + k])) {
		if (k + 1 >= cap || k >= 4)
			return 0;
		buf[k] = (char)lc((unsigned char)sc->s[p + k]);
		k++;
	}
	if (k == 0 || (p + k < sc->n && is_alnum_u((unsigned char)sc->s[p + k])))
		return 0;
	buf[k] = '\0';
	if (k > 1 && !is_roman(buf))
		return 0;
	return p + k;
}

static const char *const cite_ordinals[] = {
	"eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende",
	"achtste", "negende", "tiende", "elfde", "twaalfde",
};

/* Reads a Dutch ordinal ("eerste" .. "twaalfde"); returns the end or 0. */
static size_t read_ordinal(const struct scan *sc, size_t p, int *val)
{
	if (p >= sc->n || !strchr("etdvzanETDVZAN", sc->s[p]) || sc->s[p] == '\0')
		return 0;
	for (int i = 0; i < 12; i++) {
		size_t e = word_at(sc, p, cite_ordinals[i]);
		if (e) {
			*val = i + 1;
			return e;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Instruments
 */

enum {
	INST_TREATY = 1,        /* "het verdrag"/"the Convention" may refer to it */
	INST_PROTOCOL = 2,      /* "dat protocol" may refer to it */
	INST_CS = 4,            /* match the first letter case-sensitively */
};

struct inst_name {
	const char *name;
	const char *code;
	unsigned flags;
};

/* Sorted by the lower-cased first letter (parse_name() searches it by that
 * letter); within a letter, longer names first where one is a prefix of
 * another. */
static const struct inst_name cite_names[] = {
	{ "African Charter on the Rights and Welfare of the Child", "ACRWC", INST_TREATY },
	{ "Algemene wet bestuursrecht", "AWB", 0 },
	{ "Awb", "AWB", INST_CS },
	{ "Boek 1 van het Burgerlijk Wetboek", "BW", 0 },
	{ "Burgerlijk Wetboek", "BW", 0 },
	{ "Boek 1 BW", "BW", 0 },
	{ "BW", "BW", INST_CS },
	{ "Convention on the Rights of the Child", "CRC", INST_TREATY },
	{ "Convention on the Rights of Persons with Disabilities", "CRPD", INST_TREATY },
	{ "Convention on the Elimination of All Forms of Discrimination against Women", "CEDAW", INST_TREATY },
	{ "Convention against Torture", "CAT", INST_TREATY },
	{ "Convention relating to the Status of Refugees", "REFUGEE", INST_TREATY },
	{ "Convention on the Civil Aspects of International Child Abduction", "HAGUE1980", INST_TREATY },
	{ "Convention on Protection of Children and Co-operation in Respect of Intercountry Adoption", "HAGUE1993", INST_TREATY },
	{ "Convention for the Protection of Human Rights and Fundamental Freedoms", "ECHR", INST_TREATY },
	{ "CRC", "CRC", INST_TREATY | INST_CS },
	{ "Charter of Fundamental Rights of the European Union", "CHARTER", 0 },
	{ "Charter", "CHARTER", INST_CS },
	{ "Covenant", "OTHER", INST_TREATY | INST_CS },
	{ "CRPD", "CRPD", INST_TREATY },
	{ "CEDAW", "CEDAW", INST_TREATY },
	{ "Dublinverordening", "EU", 0 },
	{ "Directive", "EU", INST_CS },
	{ "Europees Verdrag tot bescherming van de rechten van de mens en de fundamentele vrijheden", "ECHR", INST_TREATY },
	{ "Europees Verdrag tot bescherming van de rechten van de mens", "ECHR", INST_TREATY },
	{ "Europees Verdrag voor de Rechten van de Mens", "ECHR", INST_TREATY },
	{ "Europees Verdrag van de Rechten van de Mens", "ECHR", INST_TREATY },
	{ "European Convention on Human Rights", "ECHR", INST_TREATY },
	{ "European Convention for the Protection of Human Rights and Fundamental Freedoms", "ECHR", INST_TREATY },
	{ "EVRM", "ECHR", INST_TREATY },
	{ "ECHR", "ECHR", INST_TREATY },
	{ "EU Charter", "CHARTER", 0 },
	{ "Grondwet", "GW", 0 },
	{ "Gw", "GW", INST_CS },
	{ "Handvest van de grondrechten van de Europese Unie", "CHARTER", 0 },
	{ "Handvest", "CHARTER", 0 },
	{ "Haags Kinderontvoeringsverdrag", "HAGUE1980", INST_TREATY },
	{ "Haags Adoptieverdrag", "HAGUE1993", INST_TREATY },
	{ "Haags Kinderbeschermingsverdrag", "HAGUE1996", INST_TREATY },
	{ "Internationaal Verdrag inzake de rechten van het kind", "CRC", INST_TREATY },
	{ "Internationaal Verdrag inzake burgerrechten en politieke rechten", "ICCPR", INST_TREATY },
	{ "Internationaal Verdrag inzake economische, sociale en culturele rechten", "ICESCR", INST_TREATY },
	{ "IVRK", "CRC", INST_TREATY },
	{ "International Covenant on Civil and Political Rights", "ICCPR", INST_TREATY },
	{ "International Covenant on Economic, Social and Cultural Rights", "ICESCR", INST_TREATY },
	{ "IVBPR", "ICCPR", INST_TREATY },
	{ "ICCPR", "ICCPR", INST_TREATY },
	{ "IVESCR", "ICESCR", INST_TREATY },
	{ "ICESCR", "ICESCR", INST_TREATY },
	{ "Jeugdwet", "JW", 0 },
	{ "Kinderrechtenverdrag", "CRC", INST_TREATY },
	{ "OPSC", "OPSC", INST_PROTOCOL },
	{ "OPAC", "OPAC", INST_PROTOCOL },
	{ "OPIC", "OPIC", INST_PROTOCOL },
	{ "OP3", "OPIC", INST_PROTOCOL },
	{ "Refugee Convention", "REFUGEE", INST_TREATY },
	{ "Richtlijn", "EU", INST_CS },
	{ "Regulation", "EU", INST_CS },
	{ "Sr", "SR", INST_CS },
	{ "Sv", "SV", INST_CS },
	{ "TFEU", "EU", 0 },
	{ "United Nations Convention on the Rights of the Child", "CRC", INST_TREATY },
	{ "UN Convention on the Rights of the Child", "CRC", INST_TREATY },
	{ "UNCRC", "CRC", INST_TREATY },
	{ "United Nations Convention", "OTHER", INST_TREATY },
	{ "Verdrag van de Verenigde Naties inzake de rechten van het kind", "CRC", INST_TREATY },
	{ "VN-Verdrag inzake de rechten van het kind", "CRC", INST_TREATY },
	{ "Verdrag inzake de rechten van het kind", "CRC", INST_TREATY },
	{ "Verdrag inzake de rechten van personen met een handicap", "CRPD", INST_TREATY },
	{ "Verdrag inzake de burgerrechtelijke aspecten van internationale ontvoering van kinderen", "HAGUE1980", INST_TREATY },
	{ "Verdrag betreffende de status van vluchtelingen", "REFUGEE", INST_TREATY },
	{ "VN-Kinderrechtenverdrag", "CRC", INST_TREATY },
	{ "VRK", "CRC", INST_TREATY },
	{ "Verdrag tot bescherming van de rechten van de mens en de fundamentele vrijheden", "ECHR", INST_TREATY },
	{ "Verdrag tot bescherming van de rechten van de mens", "ECHR", INST_TREATY },
	{ "Vluchtelingenverdrag", "REFUGEE", INST_TREATY },
	{ "Vreemdelingenwet 2000", "VW2000", 0 },
	{ "Vreemdelingenwet", "VW2000", 0 },
	{ "Vw 2000", "VW2000", INST_CS },
	{ "Vw", "VW2000", INST_CS },
	{ "Vreemdelingenbesluit 2000", "VB2000", 0 },
	{ "Vreemdelingenbesluit", "VB2000", 0 },
	{ "Vb 2000", "VB2000", INST_CS },
	{ "Vb", "VB2000", INST_CS },
	{ "VWEU", "EU", 0 },
	{ "VN-verdrag Handicap", "CRPD", INST_TREATY },
	{ "VN-Gehandicaptenverdrag", "CRPD", INST_TREATY },
	{ "Verordening", "EU", INST_CS },
	{ "Wetboek van Strafrecht", "SR", 0 },
	{ "Wetboek van Strafvordering", "SV", 0 },
};

/* Is the article number valid for the instrument?  Protocols and the CRC
 * have a fixed number of articles. */
static int article_in_range(const char *code, int art)
{
	if (art < 1)
		return 0;
	if (strcmp(code, "CRC") == 0)
		return art <= 54;
	if (strcmp(code, "OPSC") == 0)
		return art <= 17;
	if (strcmp(code, "OPAC") == 0)
		return art <= 13;
	if (strcmp(code, "OPIC") == 0)
		return art <= 24;
	if (strcmp(code, "ECHR") == 0)
		return art <= 59;
	if (strncmp(code, "ECHR-P", 6) == 0)
		return art <= 10;
	return art <= 9999;
}

static int is_crc_family(const char *code)
{
	return strcmp(code, "CRC") == 0 || strcmp(code, "OPSC") == 0 ||
	       strcmp(code, "OPAC") == 0 || strcmp(code, "OPIC") == 0;
}

/* Looks from p (just after the word "Protocol") for the subject of an
 * Optional Protocol to the CRC, within the same clause.  Returns the code or
 * NULL; *end is set after the keyword found. */
static const char *protocol_subject(const struct scan *sc, size_t p, size_t *end)
{
	static const struct {
		const char *key;
		const char *code;
	} keys[] = {
		{ "verkoop", "OPSC" }, { "sale of children", "OPSC" },
		{ "gewapende conflict", "OPAC" }, { "armed conflict", "OPAC" },
		{ "communicatieprocedure", "OPIC" }, { "communications procedure", "OPIC" },
	};
	size_t lim = p + 200 < sc->n ? p + 200 : sc->n;
	for (size_t q = p; q < lim; q++) {
		char ch = sc->s[q];
		if (ch == ';' || ch == ')' || (ch == '.' && q + 1 < sc->n && sc->s[q + 1] == ' '))
			return NULL;
		if (q > 0 && is_alnum_u((unsigned char)sc->s[q - 1]))
			continue;
		if (word_at(sc, q, "artikel") || word_at(sc, q, "article") || word_at(sc, q, "art"))
			return NULL;
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			size_t l = strlen(keys[k].key);
			if (q + l <= sc->n && strncasecmp(sc->s + q, keys[k].key, l) == 0) {
				size_t e = q + l;
				while (e < sc->n && is_alnum_u((unsigned char)sc->s[e]))
					e++;
				*end = e;
				return keys[k].code;
			}
		}
	}
	return NULL;
}

/* The result of recognising an instrument name. */
struct inst {
	char code[16];
	unsigned flags;
	int backref;            /* it was "het verdrag", "dat protocol", ... */
	int quoted;             /* "this Convention", "the present Convention":
	                         * words of a treaty quoted in a judgment */
};

/* Words after "Protocol" or "Verdrag"/"Convention" that start a name. */
static int starts_name(const struct scan *sc, size_t p)
{
	static const char *const w[] = { "inzake", "betreffende", "tot", "ter", "over",
		"voor", "on", "against", "relating", "for", "to", "bij" };
	if (p + 1 >= sc->n || sc->s[p] != ' ')
		return 0;
	if (isupper((unsigned char)sc->s[p + 1]))
		return 1;       /* "Verdrag Handicap", "Convention Against ..." */
	size_t e;
	if ((e = word_at(sc, p + 1, "van")) || (e = word_at(sc, p + 1, "of"))) {
		/* "Verdrag van Lanzarote", "Verdrag van de Raad van Europa",
		 * but not "het verdrag van toepassing" */
		size_t d;
		if ((d = word_at(sc, e, " de ")) || (d = word_at(sc, e, " the ")))
			return d < sc->n && isupper((unsigned char)sc->s[d]);
		return e + 1 < sc->n && sc->s[e] == ' ' && isupper((unsigned char)sc->s[e + 1]);
	}
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (word_at(sc, p + 1, w[i]))
			return 1;
	return 0;
}

/* Protocols: ECHR protocols by number, the CRC protocols by subject, back
 * references to the last protocol otherwise.  p is at "Protocol", "Eerste
 * Protocol", "Optional Protocol", ... */
static size_t parse_protocol(const struct scan *sc, size_t p, struct inst *in)
{
	size_t e;
	int optional = 0;
	if ((e = word_at(sc, p, "Eerste Protocol")) || (e = word_at(sc, p, "First Protocol"))) {
		copy_str(in->code, sizeof(in->code), "ECHR-P1");
		in->flags = INST_PROTOCOL;
		return e;
	}
	if ((e = word_at(sc, p, "Optional Protocols")) || (e = word_at(sc, p, "Facultatieve Protocollen")))
		return 0;
	if ((e = word_at(sc, p, "Optional Protocol")) || (e = word_at(sc, p, "Facultatief Protocol")) ||
	    (e = word_at(sc, p, "Optioneel Protocol")))
		optional = 1;
	else if (!(e = word_at(sc, p, "Protocol")))
		return 0;
	/* "Protocol No. 1", "Protocol nr. 12", "Protocol 1" */
	size_t q = e;
	size_t r;
	if ((r = word_at(sc, q, " No.")) || (r = word_at(sc, q, " nr.")) || (r = word_at(sc, q, " no.")))
		q = r;
	int num;
	if (!optional && q < sc->n && sc->s[q] == ' ' && (r = read_num(sc, q + 1, &num)) &&
	    num >= 1 && num <= 16 && !(r < sc->n && is_alnum_u((unsigned char)sc->s[r]))) {
		snprintf(in->code, sizeof(in->code), "ECHR-P%d", num);
		in->flags = INST_PROTOCOL;
		return r;
	}
	size_t kend = 0;
	const char *code = protocol_subject(sc, e, &kend);
	if (code != NULL) {
		copy_str(in->code, sizeof(in->code), code);
		in->flags = INST_PROTOCOL;
		return kend;
	}
	if (starts_name(sc, e)) {
		copy_str(in->code, sizeof(in->code), "OTHER");
		in->flags = INST_PROTOCOL;
		return e;
	}
	in->backref = 1;
	in->flags = INST_PROTOCOL;
	copy_str(in->code, sizeof(in->code), "?P");
	return e;
}

/* Recognises an instrument name at p (no preposition, no article word).
 * Returns the end or 0.  Back references come back with in->backref set and
 * code "?T" (a treaty) or "?P" (a protocol); the caller resolves them. */
static size_t parse_name(const struct scan *sc, size_t p, struct inst *in)
{
	memset(in, 0, sizeof(*in));
	if (p >= sc->n)
		return 0;
	int first = lc((unsigned char)sc->s[p]);
	int second = p + 1 < sc->n ? lc((unsigned char)sc->s[p + 1]) : 0;
	size_t n_names = sizeof(cite_names) / sizeof(cite_names[0]);
	size_t lo = 0, hi = n_names;     /* first entry whose letter >= first */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (lc((unsigned char)cite_names[mid].name[0]) < first)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < n_names && lc((unsigned char)cite_names[i].name[0]) == first; i++) {
		const struct inst_name *nm = &cite_names[i];
		/* every name has at least two characters */
		if (lc((unsigned char)nm->name[0]) != first || lc((unsigned char)nm->name[1]) != second)
			continue;
		size_t e = (nm->flags & INST_CS) ? word_at_cs(sc, p, nm->name) : word_at(sc, p, nm->name);
		if (e == 0)
			continue;
		if (e < sc->n && sc->s[e] == '/')
			continue;       /* "CRC/C/GC/14" is a symbol */
		copy_str(in->code, sizeof(in->code), nm->code);
		in->flags = nm->flags;
		return e;
	}
	/* the generic names start with these letters only */
	if (first != 'e' && first != 'f' && first != 'o' && first != 'p' && first != 'v' && first != 'c')
		return 0;
	size_t e = parse_protocol(sc, p, in);
	if (e)
		return e;
	if ((e = word_at(sc, p, "European Convention")) || (e = word_at(sc, p, "Europees Verdrag"))) {
		copy_str(in->code, sizeof(in->code), "OTHER");
		in->flags = INST_TREATY;
		return e;
	}
	if ((e = word_at(sc, p, "verdrag")) || (e = word_at(sc, p, "Convention"))) {
		if (starts_name(sc, e)) {
			copy_str(in->code, sizeof(in->code), "OTHER");
			in->flags = INST_TREATY;
			return e;
		}
		in->backref = 1;
		in->flags = INST_TREATY;
		copy_str(in->code, sizeof(in->code), "?T");
		return e;
	}
	return 0;
}

/* Resolves a back reference to a code, using the context. */
static void resolve_backref(const struct scan *sc, struct inst *in)
{
	if (!in->backref)
		return;
	if (strcmp(in->code, "?T") == 0) {
		if (sc->echr && in->quoted && sc->last_treaty[0] != '\0')
			copy_str(in->code, sizeof(in->code), sc->last_treaty);
		else if (sc->un_crc)
			copy_str(in->code, sizeof(in->code), "CRC");
		else if (sc->echr)
			copy_str(in->code, sizeof(in->code), "ECHR");
		else if (sc->last_treaty[0] != '\0')
			copy_str(in->code, sizeof(in->code), sc->last_treaty);
		else
			copy_str(in->code, sizeof(in->code), "OTHER");
	} else {
		if (sc->last_protocol[0] != '\0')
			copy_str(in->code, sizeof(in->code), sc->last_protocol);
		else if (sc->un_crc)
			copy_str(in->code, sizeof(in->code), "OPIC");
		else
			copy_str(in->code, sizeof(in->code), "OTHER");
	}
}

/* Remembers a named (not back-referenced) instrument for later references. */
static void note_mention(struct scan *sc, const struct inst *in, size_t end)
{
	if (in->backref)
		return;
	if (in->flags & INST_TREATY)
		copy_str(sc->last_treaty, sizeof(sc->last_treaty), in->code);
	if (in->flags & INST_PROTOCOL)
		copy_str(sc->last_protocol, sizeof(sc->last_protocol), in->code);
	copy_str(sc->mention, sizeof(sc->mention), in->code);
	sc->mention_end = end;
	sc->has_mention = 1;
}

/* Skips a parenthetical that defines or repeats an instrument:
 * " (IVRK)", " (hierna: het IVRK)", " (hereinafter "the Convention")". */
static size_t skip_definition(const struct scan *sc, size_t p)
{
	size_t q = skip_space(sc, p);
	if (q >= sc->n || sc->s[q] != '(')
		return p;
	size_t lim = q + 80 < sc->n ? q + 80 : sc->n;
	for (size_t r = q + 1; r < lim; r++) {
		if (sc->s[r] == '(')
			return p;
		if (sc->s[r] == ')') {
			size_t len = r - q;
			static const char *const keys[] = { "hierna", "herein", "IVRK", "EVRM", "CRC",
				"ECHR", "VRK", "Protocol", "protocol", "OPSC", "OPAC", "OPIC" };
			for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
				if (memmem(sc->s + q, len, keys[k], strlen(keys[k])) != NULL)
					return r + 1;
			return p;
		}
	}
	return p;
}

/* The instrument after an article group: ", van het IVRK", " IVRK",
 * " of the Convention", " daarvan", " van de Vreemdelingenwet 2000".
 * Returns the end and fills *in, or returns 0 (no instrument named). */
static size_t parse_trailing(struct scan *sc, size_t p, struct inst *in)
{
	static const char *const preps[] = { "van", "of", "uit", "under", "in", "der", "to" };
	static const char *const dets[] = { "het", "de", "dat", "die", "deze", "dit", "the",
		"this", "that", "its", "present", "above", "said", "hun" };
	size_t q = skip_comma(sc, p);
	size_t e;
	int quoted = 0;
	memset(in, 0, sizeof(*in));
	if ((e = word_at(sc, q, "daarvan")) || (e = word_at(sc, q, "thereof"))) {
		in->backref = 1;
		copy_str(in->code, sizeof(in->code), "?T");
		resolve_backref(sc, in);
		return e;
	}
	if ((e = parse_name(sc, q, in)) && !in->backref) {
		note_mention(sc, in, e);
		return skip_definition(sc, e);
	}
	/* An unknown abbreviation right after the number: "artikel 20 VWEU" */
	int func_word = 0;
	for (size_t i = 0; i < sizeof(preps) / sizeof(preps[0]); i++)
		func_word |= word_at(sc, q, preps[i]) != 0;
	func_word |= word_at(sc, q, "AND") != 0 || word_at(sc, q, "EN") != 0 || word_at(sc, q, "OR") != 0;
	if (!func_word && q == p + 1 && q < sc->n && isupper((unsigned char)sc->s[q])) {
		size_t k = q;
		int up = 0;
		while (k < sc->n && isalnum((unsigned char)sc->s[k]) && k - q < 10)
			up += isupper((unsigned char)sc->s[k++]) != 0;
		if (up >= 2 && k - q >= 2 && !(k < sc->n && is_alnum_u((unsigned char)sc->s[k]))) {
			copy_str(in->code, sizeof(in->code), "OTHER");
			return k;
		}
	}
	int prep = 0, det = 0;
	for (size_t i = 0; i < sizeof(preps) / sizeof(preps[0]); i++) {
		if ((e = word_at(sc, q, preps[i])) && e < sc->n && sc->s[e] == ' ') {
			q = e + 1;
			prep = 1;
			break;
		}
	}
	if (!prep)
		return 0;
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof(dets) / sizeof(dets[0]); i++) {
			if ((e = word_at(sc, q, dets[i])) && e < sc->n && sc->s[e] == ' ') {
				quoted |= i >= 7 && i != 8;     /* this, its, present, above, said */
				q = e + 1;
				det = 1;
				break;
			}
		}
	}
	if ((e = parse_name(sc, q, in))) {
		in->quoted = quoted;
		resolve_backref(sc, in);
		note_mention(sc, in, e);
		return skip_definition(sc, e);
	}
	/* An unknown instrument: "van de wet", "of the Civil Code", "of Law No. 5". */
	if (q < sc->n && (isupper((unsigned char)sc->s[q]) ||
			  (det && (word_at(sc, q - 4, "het") || word_at(sc, q - 3, "de"))))) {
		if (word_at(sc, q, "the") || word_at(sc, q, "child"))
			return 0;
		e = q;
		while (e < sc->n && is_alnum_u((unsigned char)sc->s[e]))
			e++;
		copy_str(in->code, sizeof(in->code), "OTHER");
		return e;
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Output
 */

static int list_push(struct scan *sc, const struct cite *c)
{
	struct cite_list *l = sc->out;
	if (sc->failed)
		return -1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct cite *it = realloc(l->items, cap * sizeof(*it));
		if (it == NULL) {
			sc->failed = 1;
			return -1;
		}
		l->items = it;
		l->cap = cap;
	}
	l->items[l->n++] = *c;
	return 0;
}

/* Page (0-based) holding concatenated offset off. */
static int page_of(const struct scan *sc, size_t off)
{
	int lo = 0, hi = sc->n_pages - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (sc->base[mid] <= off)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Fills the position and text fields of c for normalised span [a, b). */
static void set_span(const struct scan *sc, struct cite *c, size_t a, size_t b)
{
	if (b > sc->n)
		b = sc->n;
	if (a >= b)
		a = b > 0 ? b - 1 : 0;
	size_t ga = sc->map[a];
	size_t gb = b > 0 ? sc->map[b - 1] + 1 : ga;
	int pg = page_of(sc, ga);
	c->page = pg + 1;
	c->start = ga - sc->base[pg];
	c->end = gb - sc->base[pg];
	if (c->end > sc->lens[pg])
		c->end = sc->lens[pg];
	size_t len = b - a;
	if (len >= sizeof(c->text)) {
		len = sizeof(c->text) - 1;
		while (len > 0 && ((unsigned char)sc->s[a + len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(c->text, sc->s + a, len);
	c->text[len] = '\0';
}

static void emit_article(struct scan *sc, const char *inst, int art, const char *para,
			 const char *letter, const char *sub, const char *ident, size_t a, size_t b)
{
	struct cite c;
	memset(&c, 0, sizeof(c));
	c.kind = CITE_ARTICLE;
	copy_str(c.instrument, sizeof(c.instrument), inst);
	c.article = art;
	copy_str(c.paragraph, sizeof(c.paragraph), para);
	copy_str(c.letter, sizeof(c.letter), letter);
	copy_str(c.sub, sizeof(c.sub), sub);
	copy_str(c.ident, sizeof(c.ident), ident);
	set_span(sc, &c, a, b);
	list_push(sc, &c);
}

static void emit_doc(struct scan *sc, const char *inst, const char *ident, size_t a, size_t b)
{
	struct cite c;
	memset(&c, 0, sizeof(c));
	c.kind = CITE_DOC;
	copy_str(c.instrument, sizeof(c.instrument), inst);
	copy_str(c.ident, sizeof(c.ident), ident);
	set_span(sc, &c, a, b);
	list_push(sc, &c);
}

/* ---------------------------------------------------------------------
 * Article groups
 */

struct item {
	int art;
	int odd;                        /* "8a" or "1:247": not a CRC article */
	char ident[16];                 /* "1:247" */
	char paras[CITE_MAX_SUB][8];
	int np;
	char letters[CITE_MAX_SUB][8];
	int nl;
	char subs[CITE_MAX_SUB][8];
	int ns;
};

struct group {
	struct item items[CITE_MAX_ITEMS];
	int n;
};

static void add_tok(char list[][8], int *n, const char *t)
{
	if (*n < CITE_MAX_SUB)
		copy_str(list[(*n)++], 8, t);
}

/* A list of single letters or roman numerals after "onder"/"sub":
 * "b", "b en c", "ii en iii", "b, c en d".  Letters go to the letter list
 * unless the item already has a letter and the token is roman, then to
 * subs. */
static size_t parse_letter_list(const struct scan *sc, size_t p, struct item *it)
{
	char t[8];
	size_t e = read_letters(sc, p, t, sizeof(t));
	if (!e)
		return 0;
	int to_sub = it->nl > 0 && is_roman(t);
	if (!to_sub && strlen(t) > 1 && it->nl == 0 && !is_roman(t))
		return 0;
	for (;;) {
		if (to_sub)
			add_tok(it->subs, &it->ns, t);
		else
			add_tok(it->letters, &it->nl, t);
		size_t q = e, r;
		if ((r = word_at(sc, q, " en ")) || (r = word_at(sc, q, " and ")) ||
		    (r = word_at(sc, q, ", ")) || (r = word_at(sc, q, " of ")) || (r = word_at(sc, q, " or "))) {
			size_t r2 = read_letters(sc, r, t, sizeof(t));
			if (r2 && (to_sub ? is_roman(t) : strlen(t) == 1) &&
			    !(r2 < sc->n && sc->s[r2] == '.')) {
				e = r2;
				continue;
			}
		}
		return e;
	}
}

/* A list of paragraph numbers: "1", "1 en 2", "1 and 2". */
static size_t parse_num_list(const struct scan *sc, size_t p, char list[][8], int *n)
{
	int v;
	size_t e = read_num(sc, p, &v);
	if (!e || (e < sc->n && isalpha((unsigned char)sc->s[e])))
		return 0;
	for (;;) {
		char t[8];
		snprintf(t, sizeof(t), "%d", v);
		add_tok(list, n, t);
		size_t r;
		if ((r = word_at(sc, e, " en ")) || (r = word_at(sc, e, " and "))) {
			size_t r2 = read_num(sc, r, &v);
			if (r2 && !word_at(sc, skip_space(sc, r2), "of") && !(r2 < sc->n && isalpha((unsigned char)sc->s[r2]))) {
				e = r2;
				continue;
			}
		}
		return e;
	}
}

/* Subdivisions after an article number, in any of the Dutch and English
 * forms; returns the end (p itself when there are none). */
static size_t parse_subdivisions(const struct scan *sc, size_t p, struct item *it)
{
	for (int guard = 0; guard < 12; guard++) {
		size_t q = p, e;
		int ord;
		/* "(1)", "(b)", "(iii)", also without a space */
		size_t r = skip_space(sc, q);
		if (r < sc->n && sc->s[r] == '(') {
			int v;
			char t[16];
			size_t x;
			if ((x = read_num(sc, r + 1, &v)) && x < sc->n && sc->s[x] == ')' &&
			    it->np == 0 && it->nl == 0 && v < 100) {
				snprintf(t, sizeof(t), "%d", v);
				add_tok(it->paras, &it->np, t);
				p = x + 1;
				continue;
			}
			if ((x = read_letters(sc, r + 1, t, sizeof(t))) && x < sc->n && sc->s[x] == ')') {
				if (it->nl == 0 && (strlen(t) == 1))
					add_tok(it->letters, &it->nl, t);
				else if (it->nl > 0 && is_roman(t))
					add_tok(it->subs, &it->ns, t);
				else
					return p;
				p = x + 1;
				continue;
			}
			return p;
		}
		/* "3.1" */
		if (q + 1 < sc->n && sc->s[q] == '.' && isdigit((unsigned char)sc->s[q + 1]) && it->np == 0) {
			int v;
			size_t x = read_num(sc, q + 1, &v);
			if (x && !(x < sc->n && (isalnum((unsigned char)sc->s[x]) ||
						 (sc->s[x] == '.' && x + 1 < sc->n && isdigit((unsigned char)sc->s[x + 1]))))) {
				char t[8];
				snprintf(t, sizeof(t), "%d", v);
				add_tok(it->paras, &it->np, t);
				p = x;
				continue;
			}
			return p;
		}
		q = skip_comma(sc, p);
		/* "eerste lid", "tweede en derde lid" */
		if ((e = read_ordinal(sc, q, &ord))) {
			int ords[CITE_MAX_SUB], no = 0;
			ords[no++] = ord;
			size_t x = e, y;
			while ((y = word_at(sc, x, " en ")) || (y = word_at(sc, x, ", "))) {
				size_t z = read_ordinal(sc, y, &ord);
				if (!z)
					break;
				if (no < CITE_MAX_SUB)
					ords[no++] = ord;
				x = z;
			}
			if ((y = word_at(sc, x, " lid")) || (y = word_at(sc, x, " leden"))) {
				for (int i = 0; i < no; i++) {
					char t[8];
					snprintf(t, sizeof(t), "%d", ords[i]);
					add_tok(it->paras, &it->np, t);
				}
				p = y;
				continue;
			}
			return p;
		}
		/* "lid 1", "leden 2 en 3" */
		if ((e = word_at(sc, q, "lid ")) || (e = word_at(sc, q, "leden "))) {
			size_t x = parse_num_list(sc, e, it->paras, &it->np);
			if (x) {
				p = x;
				continue;
			}
			return p;
		}
		/* "para. 1", "paragraph 1", "paragraphs 1 and 2", "par. 1", "§ 1" */
		if ((e = word_at(sc, q, "paragraphs ")) || (e = word_at(sc, q, "paragraph ")) ||
		    (e = word_at(sc, q, "paras. ")) || (e = word_at(sc, q, "para. ")) ||
		    (e = word_at(sc, q, "para ")) || (e = word_at(sc, q, "par. ")) ||
		    (e = word_at(sc, q, "\xc2\xa7 "))) {
			size_t x = parse_num_list(sc, e, it->paras, &it->np);
			if (x) {
				p = x;
				continue;
			}
			return p;
		}
		/* "aanhef en onder b", "onder b", "sub b", "subparagraph (b)" */
		if ((e = word_at(sc, q, "aanhef en ")))
			q = e;
		if ((e = word_at(sc, q, "onderdeel ")) || (e = word_at(sc, q, "onder ")) ||
		    (e = word_at(sc, q, "sub ")) || (e = word_at(sc, q, "letter "))) {
			size_t x = parse_letter_list(sc, e, it);
			if (x) {
				p = x;
				continue;
			}
			return p;
		}
		if ((e = word_at(sc, q, "subparagraph ")) || (e = word_at(sc, q, "sub-paragraph "))) {
			char t[8];
			size_t x;
			if (e < sc->n && sc->s[e] == '(' && (x = read_letters(sc, e + 1, t, sizeof(t))) &&
			    x < sc->n && sc->s[x] == ')' && strlen(t) == 1) {
				add_tok(it->letters, &it->nl, t);
				p = x + 1;
				continue;
			}
			return p;
		}
		return p;
	}
	return p;
}

/* An article number with its subdivisions.  Returns the end or 0. */
static size_t parse_item(const struct scan *sc, size_t p, struct item *it)
{
	memset(it, 0, sizeof(*it));
	size_t e = read_num(sc, p, &it->art);
	if (!e)
		return 0;
	if (e + 1 < sc->n && sc->s[e] == ':' && isdigit((unsigned char)sc->s[e + 1])) {
		int v;
		size_t x = read_num(sc, e + 1, &v);
		if (!x)
			return 0;
		snprintf(it->ident, sizeof(it->ident), "%d:%d", it->art, v);
		it->art = v;
		it->odd = 1;
		e = x;
	}
	/* "8a", "7bis": Dutch and other numbering, never CRC */
	size_t k = e;
	while (k < sc->n && isalpha((unsigned char)sc->s[k]) && k - e < 8)
		k++;
	if (k > e) {
		if (k < sc->n && isalnum((unsigned char)sc->s[k]))
			return 0;
		it->odd = 1;
		e = k;
	}
	if (e < sc->n && (isdigit((unsigned char)sc->s[e]) || sc->s[e] == '/' ||
			  (sc->s[e] == ',' && e + 1 < sc->n && isdigit((unsigned char)sc->s[e + 1]))))
		return 0;       /* "12/2017", "3,5" */
	return parse_subdivisions(sc, e, it);
}

static size_t article_keyword(const struct scan *sc, size_t p)
{
	static const char *const kws[] = { "artikelen", "artikel", "articles", "article", "artt.",
		"arts.", "art.", "arts", "art" };
	for (size_t i = 0; i < sizeof(kws) / sizeof(kws[0]); i++) {
		size_t e = word_at(sc, p, kws[i]);
		if (e && e < sc->n && sc->s[e] == ' ' && e + 1 < sc->n && isdigit((unsigned char)sc->s[e + 1]))
			return e + 1;
		if (e && kws[i][strlen(kws[i]) - 1] == '.' && e < sc->n && isdigit((unsigned char)sc->s[e]))
			return e;
	}
	return 0;
}

/* Connectors between items of one group. */
static size_t parse_connector(const struct scan *sc, size_t p, int *range, int *keyword)
{
	static const char *const ranges[] = { " tot en met ", " t/m ", " to ", " through ", " tot ",
		" - ", "-", " until " };
	static const char *const joins[] = { ", en ", ", and ", " en ", " and ", " & ", ", or ", " or ",
		" of ", ", ", " alsmede ", " juncto ", " jo. ", " jo ", " in samenhang met ",
		" in verbinding met ", " in conjunction with ", " read in conjunction with ",
		" read together with ", " taken together with ", " together with ", " as well as ",
		" and/or " };
	size_t q = p, e;
	if (q < sc->n && sc->s[q] == ',' && q + 1 < sc->n && sc->s[q + 1] == ' ' &&
	    (word_at(sc, q + 2, "in") || word_at(sc, q + 2, "read") || word_at(sc, q + 2, "juncto") ||
	     word_at(sc, q + 2, "alsmede") || word_at(sc, q + 2, "taken")))
		q++;
	*range = 0;
	*keyword = 0;
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if ((e = word_at(sc, q, ranges[i])) && e < sc->n && isdigit((unsigned char)sc->s[e])) {
			*range = 1;
			return e;
		}
	}
	for (size_t i = 0; i < sizeof(joins) / sizeof(joins[0]); i++) {
		if (!(e = word_at(sc, q, joins[i])))
			continue;
		if (e < sc->n && isdigit((unsigned char)sc->s[e]))
			return e;
		size_t k = article_keyword(sc, e);
		if (k) {
			*keyword = 1;
			return k;
		}
		if (word_at(sc, e, "het") || word_at(sc, e, "de")) {
			size_t d = word_at(sc, e, "het") ? e + 4 : e + 3;
			if ((k = article_keyword(sc, d))) {
				*keyword = 1;
				return k;
			}
		}
	}
	return 0;
}

/* Chooses the instrument for a group without one named after it. */
static int implicit_instrument(const struct scan *sc, size_t start, int lower_kw, int art, char *code)
{
	if (sc->has_mention && sc->mention_end <= start && start - sc->mention_end <= CITE_FIRST_GAP) {
		int clean = 1;
		for (size_t i = sc->mention_end; i < start; i++) {
			char ch = sc->s[i];
			if (ch == '.' || ch == ';' || ch == ':' || ch == '(' || ch == ')') {
				if (ch == '.' && i > 0 && i > sc->mention_end && word_at(sc, i - 3, "art"))
					continue;
				clean = 0;
				break;
			}
		}
		if (clean) {
			copy_str(code, 16, sc->mention);
			return 1;
		}
	}
	if (sc->un_crc) {
		copy_str(code, 16, "CRC");
		return 1;
	}
	if (sc->echr) {
		copy_str(code, 16, "ECHR");
		return 1;
	}
	/* "het tweede lid van artikel 12" a little after "artikel 12 IVRK" */
	for (unsigned i = 0; lower_kw && i < sc->n_recent && i < 8; i++) {
		unsigned k = (sc->n_recent - 1 - i) % 8;
		if (sc->recent[k].art == art && start >= sc->recent[k].end &&
		    start - sc->recent[k].end <= CITE_SAME_GAP) {
			copy_str(code, 16, sc->recent[k].inst);
			return 1;
		}
	}
	if (lower_kw && sc->dflt[0] != '\0') {
		copy_str(code, 16, sc->dflt);
		return 1;
	}
	if (lower_kw && sc->has_last && start >= sc->last_end && start - sc->last_end <= CITE_IMPLICIT_GAP) {
		copy_str(code, 16, sc->last_inst);
		return 1;
	}
	return 0;
}

/* Emits the citations of a parsed group. */
static void emit_group(struct scan *sc, const struct group *g, const char *code, size_t a, size_t b)
{
	for (int i = 0; i < g->n; i++) {
		const struct item *it = &g->items[i];
		if (!article_in_range(code, it->art))
			continue;
		if (it->odd && (is_crc_family(code) || strncmp(code, "ECHR", 4) == 0))
			continue;
		int np = it->np ? it->np : 1, nl = it->nl ? it->nl : 1, ns = it->ns ? it->ns : 1;
		for (int x = 0; x < np; x++)
			for (int y = 0; y < nl; y++)
				for (int z = 0; z < ns; z++)
					emit_article(sc, code, it->art, it->np ? it->paras[x] : "",
						     it->nl ? it->letters[y] : "", it->ns ? it->subs[z] : "",
						     it->ident, a, b);
		copy_str(sc->last_inst, sizeof(sc->last_inst), code);
		sc->last_art = it->art;
		sc->has_last = 1;
		unsigned k = sc->n_recent++ % 8;
		copy_str(sc->recent[k].inst, sizeof(sc->recent[k].inst), code);
		sc->recent[k].art = it->art;
		sc->recent[k].end = b;
	}
	sc->last_end = b;
}

/* Parses the items of a group from p (just after the keyword) into g.
 * Returns the end of the last item, or 0. */
static size_t parse_items(const struct scan *sc, size_t p, struct group *g)
{
	size_t e = parse_item(sc, p, &g->items[g->n]);
	if (!e)
		return 0;
	g->n++;
	for (;;) {
		int range, kw;
		size_t q = parse_connector(sc, e, &range, &kw);
		if (!q)
			return e;
		struct item it;
		size_t r = parse_item(sc, q, &it);
		if (!r)
			return e;
		if (range) {
			int from = g->items[g->n - 1].art;
			if (it.art <= from || it.art - from > CITE_MAX_ITEMS)
				return e;
			for (int a = from + 1; a < it.art && g->n < CITE_MAX_ITEMS - 1; a++) {
				memset(&g->items[g->n], 0, sizeof(struct item));
				g->items[g->n++].art = a;
			}
		}
		if (g->n >= CITE_MAX_ITEMS)
			return e;
		g->items[g->n++] = it;
		e = r;
	}
}

/* An article group at p (a word start).  Returns its end or 0. */
static size_t scan_group(struct scan *sc, size_t p, struct group *g, size_t start)
{
	size_t k = article_keyword(sc, p);
	if (!k)
		return 0;
	int lower_kw = islower((unsigned char)sc->s[p]);
	size_t e = parse_items(sc, k, g);
	if (!e)
		return 0;
	struct inst in;
	size_t t = parse_trailing(sc, e, &in);
	char code[16];
	int demonstrative = p >= 4 && (word_at(sc, p - 4, "dat") || word_at(sc, p - 4, "die") ||
				       (p >= 5 && (word_at(sc, p - 5, "that") || word_at(sc, p - 5, "this"))));
	if (t) {
		copy_str(code, sizeof(code), in.code);
		e = t;
	} else if (e + 3 < sc->n && sc->s[e] == ' ' && isdigit((unsigned char)sc->s[e + 1]) &&
		   sc->s[e + 2] == '.' && !lower_kw) {
		sc->heading_art = g->items[0].art;
		return e;       /* "Article 5 1. The States Parties": a heading */
	} else if (demonstrative) {
		/* "dat artikel 24": the article cited last with that number */
		size_t i = sc->out->n;
		while (i > sc->first_out && !(sc->out->items[i - 1].kind == CITE_ARTICLE &&
					      sc->out->items[i - 1].article == g->items[0].art))
			i--;
		if (i == sc->first_out)
			return e;
		copy_str(code, sizeof(code), sc->out->items[i - 1].instrument);
	} else if (!implicit_instrument(sc, start, lower_kw, g->items[0].art, code)) {
		if (!lower_kw && g->n == 1) {
			sc->heading_art = g->items[0].art;  /* "Artikel 9" opening an article */
			if (sc->dflt[0] != '\0')
				return e;
		}
		copy_str(code, sizeof(code), "OTHER");
	}
	emit_group(sc, g, code, start, e);
	return e;
}

/* "het tweede lid van artikel 12 ...", "onderdeel c van dat artikel",
 * "paragraph 2 of article 3".  p is at the ordinal or the word. */
static size_t scan_para_first(struct scan *sc, size_t p)
{
	struct item pre;
	memset(&pre, 0, sizeof(pre));
	size_t e, q;
	int ord;
	if ((e = read_ordinal(sc, p, &ord))) {
		int ords[CITE_MAX_SUB], no = 0;
		ords[no++] = ord;
		size_t y;
		while ((y = word_at(sc, e, " en ")) || (y = word_at(sc, e, ", "))) {
			size_t z = read_ordinal(sc, y, &ord);
			if (!z)
				break;
			if (no < CITE_MAX_SUB)
				ords[no++] = ord;
			e = z;
		}
		if (!(y = word_at(sc, e, " lid")) && !(y = word_at(sc, e, " leden")))
			return 0;
		for (int i = 0; i < no; i++) {
			char t[8];
			snprintf(t, sizeof(t), "%d", ords[i]);
			add_tok(pre.paras, &pre.np, t);
		}
		e = y;
	} else if ((e = word_at(sc, p, "onderdeel ")) || (e = word_at(sc, p, "onder ")) ||
		   (e = word_at(sc, p, "sub "))) {
		e = parse_letter_list(sc, e, &pre);
		if (!e || pre.nl == 0)
			return 0;
	} else if ((e = word_at(sc, p, "paragraphs ")) || (e = word_at(sc, p, "paragraph "))) {
		e = parse_num_list(sc, e, pre.paras, &pre.np);
		if (!e)
			return 0;
		char t[8];
		size_t x;
		if (e + 1 < sc->n && sc->s[e] == ' ' && sc->s[e + 1] == '(' &&
		    (x = read_letters(sc, e + 2, t, sizeof(t))) && x < sc->n && sc->s[x] == ')' && strlen(t) == 1) {
			add_tok(pre.letters, &pre.nl, t);
			e = x + 1;
		}
	} else if ((e = word_at(sc, p, "subparagraph ")) || (e = word_at(sc, p, "sub-paragraph "))) {
		char t[8];
		size_t x;
		if (!(e < sc->n && sc->s[e] == '(' && (x = read_letters(sc, e + 1, t, sizeof(t))) &&
		      x < sc->n && sc->s[x] == ')' && strlen(t) == 1))
			return 0;
		add_tok(pre.letters, &pre.nl, t);
		e = x + 1;
	} else {
		return 0;
	}
	if (!(q = word_at(sc, e, " van ")) && !(q = word_at(sc, e, " of ")))
		return 0;
	size_t r;
	if ((r = word_at(sc, q, "dat artikel")) || (r = word_at(sc, q, "die bepaling")) ||
	    (r = word_at(sc, q, "dit artikel")) || (r = word_at(sc, q, "that article")) ||
	    (r = word_at(sc, q, "this article")) || (r = word_at(sc, q, "the same article"))) {
		int own = (word_at(sc, q, "dit artikel") || word_at(sc, q, "this article")) &&
			  sc->dflt[0] != '\0' && sc->heading_art > 0;
		if (!sc->has_last && !own)
			return 0;
		struct group g;
		g.n = 1;
		g.items[0] = pre;
		g.items[0].art = own ? sc->heading_art : sc->last_art;
		char code[16];
		copy_str(code, sizeof(code), own ? sc->dflt : sc->last_inst);
		emit_group(sc, &g, code, p, r);
		return r;
	}
	size_t k = article_keyword(sc, q);
	if (!k)
		return 0;
	struct group g;
	g.n = 0;
	size_t x = parse_items(sc, k, &g);
	if (!x)
		return 0;
	/* the pre-position subdivisions belong to the first article */
	struct item *it = &g.items[0];
	for (int i = 0; i < pre.np; i++)
		add_tok(it->paras, &it->np, pre.paras[i]);
	for (int i = 0; i < pre.nl; i++)
		add_tok(it->letters, &it->nl, pre.letters[i]);
	struct inst in;
	size_t t = parse_trailing(sc, x, &in);
	char code[16];
	if (t) {
		copy_str(code, sizeof(code), in.code);
		x = t;
	} else if (!implicit_instrument(sc, q, islower((unsigned char)sc->s[q]), g.items[0].art, code)) {
		copy_str(code, sizeof(code), "OTHER");
	}
	emit_group(sc, &g, code, p, x);
	return x;
}

/* ---------------------------------------------------------------------
 * Document identifiers
 */

static int is_symbol_char(unsigned char c)
{
	return isalnum(c) || c == '/' || c == '.' || c == '-';
}

/* "CRC/C/GC/14", "CRC/C/NLD/CO/5-6", "CRC/C/79/D/12/2017". */
static size_t scan_symbol(struct scan *sc, size_t p)
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
	emit_doc(sc, "UNDOC", id, p, e);
	return e;
}

/* "ECLI:NL:RVS:2019:1234", "ECLI: NL: RVS: 2019: TEST.0001". */
static size_t scan_ecli(struct scan *sc, size_t p)
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
	emit_doc(sc, "ECLI", id, p, e);
	return e;
}

/* "no. 12345/07", "nos. 43370/04, 8252/05 and 18454/06", "nr. 29217/12". */
static size_t scan_appno(struct scan *sc, size_t p)
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
		emit_doc(sc, "APPNO", id, p, z);
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
static size_t scan_gc(struct scan *sc, size_t p)
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
	emit_doc(sc, "GC", id, p, end);
	return end;
}

/* ---------------------------------------------------------------------
 * The scan
 */

static size_t scan_word(struct scan *sc, size_t p)
{
	struct group g;
	size_t e;
	unsigned char c = (unsigned char)sc->s[p];
	switch (lc(c)) {
	case 'a':
		if (c == 'a' || c == 'A') {
			g.n = 0;
			if ((e = scan_group(sc, p, &g, p)))
				return e;
			if ((e = scan_gc(sc, p)))
				return e;
			if ((e = scan_para_first(sc, p)))
				return e;
		}
		break;
	case 'c':
		if ((e = scan_symbol(sc, p)))
			return e;
		break;
	case 'e':
		if ((e = scan_ecli(sc, p)))
			return e;
		if ((e = scan_para_first(sc, p)))
			return e;
		break;
	case 'g':
		if ((e = scan_gc(sc, p)))
			return e;
		break;
	case 'j':
		if ((e = scan_gc(sc, p)))
			return e;
		break;
	case 'n':
		if ((e = scan_appno(sc, p)))
			return e;
		if ((e = scan_para_first(sc, p)))
			return e;
		break;
	case 'd': case 't': case 'v': case 'z': case 'o': case 's': case 'p':
		if ((e = scan_para_first(sc, p)))
			return e;
		break;
	default:
		break;
	}
	struct inst in;
	if (isalpha(c) && (e = parse_name(sc, p, &in)) != 0) {
		if (!in.backref)
			note_mention(sc, &in, e);
		return e;
	}
	return 0;
}

/* Is cite_names sorted as parse_name() needs?  For assert(). */
static int names_sorted(void)
{
	for (size_t i = 1; i < sizeof(cite_names) / sizeof(cite_names[0]); i++)
		if (lc((unsigned char)cite_names[i - 1].name[0]) > lc((unsigned char)cite_names[i].name[0]))
			return 0;
	return 1;
}

int cite_scan_pages(const char *const *pages, const size_t *page_lens, int n_pages,
		    const struct cite_opts *opts, struct cite_list *out, struct error **err)
{
	assert(n_pages <= 0 || (pages != NULL && page_lens != NULL));
	assert(out != NULL);
	assert(names_sorted());
	if (n_pages <= 0)
		return 0;
	size_t *base = malloc((size_t)n_pages * sizeof(*base));
	if (base == NULL)
		return error_set(err, ERR_NOMEM, "citations: out of memory");
	size_t acc = 0;
	for (int i = 0; i < n_pages; i++) {
		base[i] = acc;
		acc += page_lens[i] + 1;
	}
	struct norm nb;
	if (norm_build(&nb, pages, page_lens, n_pages, base) < 0) {
		free(base);
		return error_set(err, ERR_NOMEM, "citations: out of memory");
	}
	struct scan sc;
	memset(&sc, 0, sizeof(sc));
	sc.s = nb.s;
	sc.n = nb.n;
	sc.map = nb.map;
	sc.base = base;
	sc.lens = page_lens;
	sc.n_pages = n_pages;
	sc.un_crc = opts != NULL && opts->un_crc_context;
	sc.echr = opts != NULL && opts->echr_context;
	if (opts != NULL && opts->default_instrument != NULL)
		copy_str(sc.dflt, sizeof(sc.dflt), opts->default_instrument);
	sc.out = out;
	sc.first_out = out->n;

	size_t p = 0;
	while (p < sc.n && !sc.failed) {
		unsigned char c = (unsigned char)sc.s[p];
		if (!isalpha(c) || (p > 0 && is_alnum_u((unsigned char)sc.s[p - 1]))) {
			p++;
			continue;
		}
		size_t e = scan_word(&sc, p);
		if (e > p) {
			p = e;
			continue;
		}
		while (p < sc.n && is_alnum_u((unsigned char)sc.s[p]))
			p++;
	}
	int failed = sc.failed;
	free(nb.s);
	free(nb.map);
	free(base);
	if (failed)
		return error_set(err, ERR_NOMEM, "citations: out of memory");
	return 0;
}

void cite_list_clear(struct cite_list *l)
{
	if (l == NULL)
		return;
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

int cite_format(const struct cite *c, char *buf, size_t n)
{
	if (c->kind == CITE_DOC)
		return snprintf(buf, n, "%s", c->ident);
	char p[16] = "", l[16] = "", s[16] = "";
	if (c->paragraph[0])
		snprintf(p, sizeof(p), "(%s)", c->paragraph);
	if (c->letter[0])
		snprintf(l, sizeof(l), "(%s)", c->letter);
	if (c->sub[0])
		snprintf(s, sizeof(s), "(%s)", c->sub);
	return snprintf(buf, n, "%d%s%s%s", c->article, p, l, s);
}

/* ---------------------------------------------------------------------
 * Query side
 */

int cite_parse_article(const char *spec, struct cite *out)
{
	static const char *const insts[] = { "CRC", "OPSC", "OPAC", "OPIC", "ECHR" };
	memset(out, 0, sizeof(*out));
	out->kind = CITE_ARTICLE;
	copy_str(out->instrument, sizeof(out->instrument), "CRC");
	const char *p = spec;
	while (*p == ' ')
		p++;
	if (isalpha((unsigned char)*p)) {
		size_t k = 0;
		while (isalpha((unsigned char)p[k]))
			k++;
		int found = 0;
		for (size_t i = 0; i < sizeof(insts) / sizeof(insts[0]); i++) {
			if (strlen(insts[i]) == k && strncasecmp(p, insts[i], k) == 0) {
				copy_str(out->instrument, sizeof(out->instrument), insts[i]);
				found = 1;
			}
		}
		if (!found)
			return -1;
		p += k;
		if (*p == ':' || *p == ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	if (!isdigit((unsigned char)*p))
		return -1;
	long art = 0;
	while (isdigit((unsigned char)*p)) {
		art = art * 10 + (*p - '0');
		if (art > 10000)
			return -1;
		p++;
	}
	out->article = (int)art;
	if (!article_in_range(out->instrument, out->article))
		return -1;
	/* Subdivisions: ".x" or "(x)", digits = paragraph, one letter = letter,
	 * a roman numeral after a letter = sub-item. */
	while (*p != '\0' && *p != ' ') {
		char tok[8];
		size_t k = 0;
		int paren = 0;
		if (*p == '.')
			p++;
		else if (*p == '(')
			p++, paren = 1;
		else
			return -1;
		while (isalnum((unsigned char)*p)) {
			if (k + 1 >= sizeof(tok))
				return -1;
			tok[k++] = (char)tolower((unsigned char)*p++);
		}
		tok[k] = '\0';
		if (paren) {
			if (*p != ')')
				return -1;
			p++;
		}
		if (k == 0)
			return -1;
		if (isdigit((unsigned char)tok[0])) {
			for (size_t i = 0; i < k; i++)
				if (!isdigit((unsigned char)tok[i]))
					return -1;
			if (out->paragraph[0] || out->letter[0] || k > 2)
				return -1;
			copy_str(out->paragraph, sizeof(out->paragraph), tok);
		} else if (out->letter[0] == '\0' && k == 1) {
			copy_str(out->letter, sizeof(out->letter), tok);
		} else if (out->letter[0] != '\0' && out->sub[0] == '\0' && is_roman(tok)) {
			copy_str(out->sub, sizeof(out->sub), tok);
		} else {
			return -1;
		}
	}
	while (*p == ' ')
		p++;
	return *p == '\0' ? 0 : -1;
}

int cite_article_terms(const struct cite *c, char terms[][64], int max)
{
	if (c->kind != CITE_ARTICLE || max <= 0)
		return 0;
	char buf[64];
	int n = 0;
	int len = snprintf(buf, sizeof(buf), "XA%s:%d", c->instrument, c->article);
	if (len < 0 || (size_t)len >= sizeof(buf))
		return 0;
	copy_str(terms[n++], 64, buf);
	const char *parts[3] = { c->paragraph, c->letter, c->sub };
	for (int i = 0; i < 3 && n < max; i++) {
		if (parts[i][0] == '\0')
			continue;
		size_t cur = strlen(buf);
		int w = snprintf(buf + cur, sizeof(buf) - cur, ".%s", parts[i]);
		if (w < 0 || (size_t)w >= sizeof(buf) - cur)
			break;
		copy_str(terms[n++], 64, buf);
	}
	return n;
}

/* ---------------------------------------------------------------------
 * Short titles of the CRC articles
 */

static const char *const cite_titles_nl[54] = {
	"Definitie van het kind",
	"Non-discriminatie",
	"Belang van het kind",
	"Verwezenlijking van rechten",
	"Leiding door ouders",
	"Recht op leven en ontwikkeling",
	"Naam en nationaliteit",
	"Behoud van identiteit",
	"Scheiding van ouders",
	"Gezinshereniging",
	"Ongeoorloofde overbrenging naar het buitenland",
	"Recht van het kind om gehoord te worden",
	"Vrijheid van meningsuiting",
	"Vrijheid van gedachte, geweten en godsdienst",
	"Vrijheid van vereniging en vergadering",
	"Bescherming van de privacy",
	"Toegang tot informatie en media",
	"Verantwoordelijkheid van de ouders",
	"Bescherming tegen kindermishandeling",
	"Kinderen zonder gezin",
	"Adoptie",
	"Vluchtelingenkinderen",
	"Kinderen met een handicap",
	"Gezondheidszorg",
	"Periodieke evaluatie van plaatsing",
	"Sociale zekerheid",
	"Levensstandaard",
	"Recht op onderwijs",
	"Doelstellingen van het onderwijs",
	"Kinderen van minderheden en inheemse volken",
	"Vrije tijd, spel en cultuur",
	"Bescherming tegen economische uitbuiting",
	"Bescherming tegen drugs",
	"Bescherming tegen seksuele uitbuiting",
	"Voorkoming van ontvoering en kinderhandel",
	"Bescherming tegen andere vormen van uitbuiting",
	"Verbod op foltering en vrijheidsbeneming",
	"Kinderen in gewapende conflicten",
	"Herstel en re-integratie",
	"Kinderstrafrecht",
	"Gunstiger bepalingen",
	"Bekendheid van het verdrag",
	"Comité voor de Rechten van het Kind",
	"Rapportage door staten",
	"Samenwerking met het Comité",
	"Ondertekening",
	"Bekrachtiging",
	"Toetreding",
	"Inwerkingtreding",
	"Wijzigingen",
	"Voorbehouden",
	"Opzegging",
	"Depositaris",
	"Authentieke teksten",
};

static const char *const cite_titles_en[54] = {
	"Definition of the child",
	"Non-discrimination",
	"Best interests of the child",
	"Implementation of rights",
	"Parental guidance",
	"Life, survival and development",
	"Name and nationality",
	"Preservation of identity",
	"Separation from parents",
	"Family reunification",
	"Illicit transfer and non-return",
	"Respect for the views of the child",
	"Freedom of expression",
	"Freedom of thought, conscience and religion",
	"Freedom of association and peaceful assembly",
	"Right to privacy",
	"Access to information and media",
	"Parental responsibilities",
	"Protection from violence, abuse and neglect",
	"Children deprived of a family environment",
	"Adoption",
	"Refugee children",
	"Children with disabilities",
	"Health and health services",
	"Periodic review of placement",
	"Social security",
	"Standard of living",
	"Right to education",
	"Aims of education",
	"Children of minorities and indigenous peoples",
	"Leisure, play and culture",
	"Child labour",
	"Drug abuse",
	"Sexual exploitation and abuse",
	"Abduction, sale and trafficking",
	"Other forms of exploitation",
	"Torture and deprivation of liberty",
	"Armed conflicts",
	"Rehabilitative care",
	"Juvenile justice",
	"Respect for higher standards",
	"Making the Convention known",
	"Committee on the Rights of the Child",
	"Reports by States parties",
	"Cooperation with the Committee",
	"Signature",
	"Ratification",
	"Accession",
	"Entry into force",
	"Amendments",
	"Reservations",
	"Denunciation",
	"Depositary",
	"Authentic texts",
};

const char *cite_crc_article_title(int article, const char *lang)
{
	if (article < 1 || article > 54)
		return NULL;
	if (lang != NULL && strcmp(lang, "nl") == 0)
		return cite_titles_nl[article - 1];
	return cite_titles_en[article - 1];
}

int cite_key_cmp(const char *x, const char *y)
{
	const char *cx = strchr(x, ':'), *cy = strchr(y, ':');
	if (cx == NULL || cy == NULL)
		return strcmp(x, y);
	size_t lx = (size_t)(cx - x), ly = (size_t)(cy - y);
	int c = strncmp(x, y, lx < ly ? lx : ly);
	if (c != 0 || lx != ly)
		return c != 0 ? c : (lx < ly ? -1 : 1);
	char *ex, *ey;
	long nx = strtol(cx + 1, &ex, 10), ny = strtol(cy + 1, &ey, 10);
	if (nx != ny)
		return nx < ny ? -1 : 1;
	return strcmp(ex, ey);
}
