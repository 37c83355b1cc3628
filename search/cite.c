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
#include <assert.h>

#include "search/cite_int.h"

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
			if ((e = cite_scan_list_header(sc, p, &g)))
				return e;
			g.n = 0;
			if ((e = cite_scan_group(sc, p, &g, p)))
				return e;
			if ((e = cite_scan_gc(sc, p)))
				return e;
			if ((e = cite_scan_para_first(sc, p)))
				return e;
		}
		break;
	case 'c':
		if ((e = cite_scan_symbol(sc, p)))
			return e;
		break;
	case 'e':
		if ((e = cite_scan_ecli(sc, p)))
			return e;
		if ((e = cite_scan_para_first(sc, p)))
			return e;
		break;
	case 'g':
		if ((e = cite_scan_gc(sc, p)))
			return e;
		break;
	case 'j':
		if ((e = cite_scan_gc(sc, p)))
			return e;
		break;
	case 'n':
		if ((e = cite_scan_appno(sc, p)))
			return e;
		if ((e = cite_scan_para_first(sc, p)))
			return e;
		break;
	case 'd': case 't': case 'v': case 'z': case 'o': case 's': case 'p':
		if (c == 'P' && (e = cite_scan_hudoc_protocol(sc, p)))
			return e;
		if ((e = cite_scan_para_first(sc, p)))
			return e;
		break;
	default:
		break;
	}
	struct inst in;
	if (isalpha(c) && (e = cite_parse_name(sc, p, &in)) != 0) {
		if (!in.backref) {
			cite_note_mention(sc, &in, e);
		} else {
			/* "het verdrag zegt in artikel 3": the passage is about
			 * the treaty referred to, not the law named before it;
			 * "the present Convention" quotes a treaty's own words */
			in.quoted = (p >= 8 && word_at(sc, p - 8, "present ")) ||
				    (p >= 5 && (word_at(sc, p - 5, "this ") || word_at(sc, p - 5, "deze "))) ||
				    (p >= 4 && word_at(sc, p - 4, "dit "));
			int treaty = strcmp(in.code, "?T") == 0;
			cite_resolve_backref(sc, &in);
			/* "In contrast, the Convention separates the right to
			 * health (art. 24) ...": with no instrument named before,
			 * a reader of a collection on children's rights takes the
			 * Convention a passage is about for the CRC */
			if (treaty && !sc->has_mention && !in.quoted && strcmp(in.code, "OTHER") == 0)
				copy_str(in.code, sizeof(in.code), "CRC");
			/* "Lanzarote-verdrag", "BUPO-verdrag": the name of a treaty
			 * we do not know, no reference back */
			if (treaty && p > 0 && sc->s[p - 1] == '-') {
				copy_str(in.code, sizeof(in.code), "OTHER");
				copy_str(sc->last_treaty, sizeof(sc->last_treaty), "OTHER");
			}
			copy_str(sc->mention, sizeof(sc->mention), in.code);
			sc->mention_end = e;
			sc->has_mention = 1;
		}
		return e;
	}
	return 0;
}


void cite_scan_pages(const char *const *pages, const size_t *page_lens, int n_pages,
		     const struct cite_opts *opts, struct cite_list *out)
{
	assert(n_pages <= 0 || (pages != NULL && page_lens != NULL));
	assert(out != NULL);
	assert(cite_names_sorted());
	if (n_pages <= 0)
		return;
	size_t *base = xreallocarray(NULL, (size_t)n_pages, sizeof(*base));
	size_t acc = 0;
	for (int i = 0; i < n_pages; i++) {
		base[i] = acc;
		acc += page_lens[i] + 1;
	}
	struct norm nb;
	cite_norm_build(&nb, pages, page_lens, n_pages, base);
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
	while (p < sc.n) {
		unsigned char c = (unsigned char)sc.s[p];
		if (c == '(' && p + 1 < sc.n && isdigit((unsigned char)sc.s[p + 1])) {
			size_t e = cite_scan_bare(&sc, p);
			if (e > p) {
				p = e;
				continue;
			}
		}
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
	free(nb.s);
	free(nb.map);
	free(base);
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

/* cite_parse_article() without the check of the Convention's structure. */
static int parse_spec(const char *spec, struct cite *out)
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
	if (!cite_article_in_range(out->instrument, out->article))
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

int cite_parse_article(const char *spec, struct cite *out)
{
	if (parse_spec(spec, out) < 0)
		return -1;
	/* "6.16", "27(28)", "13.b": no such part of the Convention */
	if (strcmp(out->instrument, "CRC") == 0 &&
	    !cite_crc_possible(out->article, out->paragraph, out->letter, out->sub))
		return -1;
	return 0;
}

int cite_article_problem(const char *spec, char *buf, size_t n)
{
	struct cite c;
	if (n > 0)
		buf[0] = '\0';
	if (parse_spec(spec, &c) < 0) {
		snprintf(buf, n, "not an article (try 3, 3.1, 37.b or OPSC:2; the Convention has articles 1 to 54)");
		return -1;
	}
	if (strcmp(c.instrument, "CRC") != 0 || cite_crc_possible(c.article, c.paragraph, c.letter, c.sub))
		return 0;
	if (!cite_crc_possible(c.article, c.paragraph, "", ""))
		snprintf(buf, n, "article %d of the Convention has no paragraph %s", c.article, c.paragraph);
	else if (!cite_crc_possible(c.article, c.paragraph, c.letter, ""))
		snprintf(buf, n, "article %d%s%s%s of the Convention has no letter (%s)", c.article,
			 c.paragraph[0] ? "(" : "", c.paragraph, c.paragraph[0] ? ")" : "", c.letter);
	else
		snprintf(buf, n, "article %d%s%s%s(%s) of the Convention has no item (%s)", c.article,
			 c.paragraph[0] ? "(" : "", c.paragraph, c.paragraph[0] ? ")" : "", c.letter, c.sub);
	return -1;
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
