/* cite_inst.c - instrument names and references to them (see cite_int.h). */
#include "search/cite_int.h"

/* ---------------------------------------------------------------------
 * Instruments
 */


struct inst_name {
	const char *name;
	const char *code;
	unsigned flags;
};

/* Sorted by the lower-cased first letter (cite_parse_name() searches it by that
 * letter); within a letter, longer names first where one is a prefix of
 * another. */
static const struct inst_name cite_names[] = {
	{ "African Charter on the Rights and Welfare of the Child", "ACRWC", INST_TREATY },
	/* statutes of other countries: "Act No. 14.908, arts. 16 and 19" */
	{ "Act", "OTHER", INST_CS },
	{ "Algemene wet bestuursrecht", "AWB", 0 },
	{ "Awb", "AWB", INST_CS },
	{ "Boek 1 van het Burgerlijk Wetboek", "BW", 0 },
	{ "Burgerlijk Wetboek", "BW", 0 },
	{ "Boek 1 BW", "BW", 0 },
	{ "BW", "BW", INST_CS },
	{ "BUPO-verdrag", "ICCPR", INST_TREATY },
	{ "BUPO", "ICCPR", INST_TREATY | INST_CS },
	{ "Convention on the Rights of the Child", "CRC", INST_TREATY },
	/* a slip, but a common one, also in the Committees' own texts */
	{ "Convention of the Rights of the Child", "CRC", INST_TREATY },
	{ "Constitution", "OTHER", INST_CS },
	{ "Code", "OTHER", INST_CS },
	/* the Committee's name says which convention "the Convention" is */
	{ "Committee on the Rights of the Child", "CRC", INST_TREATY },
	{ "Comit\xc3\xa9 voor de Rechten van het Kind", "CRC", INST_TREATY },
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
	{ "Decree", "OTHER", INST_CS },
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
	{ "Internationaal Verdrag van de Rechten van het Kind", "CRC", INST_TREATY },
	{ "Internationaal Verdrag voor de Rechten van het Kind", "CRC", INST_TREATY },
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
	{ "Kinderrechtencomit\xc3\xa9", "CRC", INST_TREATY },
	{ "Law", "OTHER", INST_CS },
	{ "Ley", "OTHER", INST_CS },
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
	{ "United Nations (UN) Convention on the Rights of the Child", "CRC", INST_TREATY },
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
	{ "VN-Kinderrechtencomit\xc3\xa9", "CRC", INST_TREATY },
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
int cite_article_in_range(const char *code, int art)
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

int cite_is_crc_family(const char *code)
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
				/* the rest of the title, where it is written out */
				static const char *const tails[] = { " van kinderen, kinderprostitutie en kinderpornografie",
					" van kinderen", ", child prostitution and child pornography" };
				for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
					size_t x = word_at(sc, e, tails[t]);
					if (x) {
						e = x;
						break;
					}
				}
				*end = e;
				return keys[k].code;
			}
		}
	}
	return NULL;
}


/* Words after "Protocol" or "Verdrag"/"Convention" that start a name. */
static int starts_name(const struct scan *sc, size_t p)
{
	static const char *const w[] = { "inzake", "betreffende", "tot", "ter", "over",
		"voor", "on", "against", "relating", "for", "to", "bij" };
	if (p + 1 >= sc->n || sc->s[p] != ' ')
		return 0;
	/* "ARTICLE 14 OF THE CONVENTION COMBINED WITH": in capitals a capital
	 * says nothing */
	int caps = p >= 2 && isupper((unsigned char)sc->s[p - 1]) && isupper((unsigned char)sc->s[p - 2]);
	if (isupper((unsigned char)sc->s[p + 1]) && !caps)
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
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		if (!(e = word_at(sc, p + 1, w[i])))
			continue;
		if (i < 6 || i == 11)
			return 1;       /* Dutch names go on in lower case */
		/* English names go on with a capital: "Convention on the Rights
		 * of the Child", "Protocol to the Convention", but not "article 2
		 * of the Convention to include ..." */
		size_t d;
		if ((d = word_at(sc, e, " the ")))
			e = d - 1;
		return e + 1 < sc->n && sc->s[e] == ' ' && isupper((unsigned char)sc->s[e + 1]);
	}
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
	/* not "PROTOCOL 4 - 106 4": a line of a table of contents in capitals
	 * (a page number), unless "No." says it is a protocol's number */
	int caps_bare = q == e && p + 1 < sc->n && isupper((unsigned char)sc->s[p + 1]);
	if (!optional && !caps_bare && q < sc->n && sc->s[q] == ' ' && (r = read_num(sc, q + 1, &num)) &&
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

/* The number after the name of a statute: " No. 14.908", " (No. 19.968)",
 * " No 5", " nr. 12/2003".  Returns the end of it, or p when there is none. */
static size_t statute_number(const struct scan *sc, size_t p)
{
	size_t q = p, r;
	int paren = 0;
	if (q + 1 < sc->n && sc->s[q] == ' ' && sc->s[q + 1] == '(') {
		paren = 1;
		q += 2;
	} else {
		q = skip_space(sc, q);
	}
	if (!(r = word_at(sc, q, "No.")) && !(r = word_at(sc, q, "No")) && !(r = word_at(sc, q, "nr.")) &&
	    !(r = word_at(sc, q, "no.")))
		return p;
	r = skip_space(sc, r);
	size_t d = r;
	while (d < sc->n && (isdigit((unsigned char)sc->s[d]) ||
			     ((sc->s[d] == '.' || sc->s[d] == '/' || sc->s[d] == '-') && d + 1 < sc->n &&
			      isdigit((unsigned char)sc->s[d + 1]))))
		d++;
	if (d == r)
		return p;
	if (paren) {
		if (d >= sc->n || sc->s[d] != ')')
			return p;
		d++;
	}
	return d;
}

/* "IVRK47": an abbreviation in capitals with a footnote number glued to it
 * (a PDF's text layer loses the superscript).  Returns the end of the
 * abbreviation or 0. */
static size_t footnoted_abbrev(const struct scan *sc, size_t p, const char *name)
{
	size_t l = strlen(name);
	if (l < 3 || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != l || p + l >= sc->n ||
	    strncmp(sc->s + p, name, l) != 0)
		return 0;
	size_t d = p + l;
	while (d < sc->n && d - (p + l) < 4 && isdigit((unsigned char)sc->s[d]))
		d++;
	if (d == p + l || d - (p + l) > 3 || (d < sc->n && (is_alnum_u((unsigned char)sc->s[d]) || sc->s[d] == '/')))
		return 0;
	return p + l;
}

/* Recognises an instrument name at p (no preposition, no article word).
 * Returns the end or 0.  Back references come back with in->backref set and
 * code "?T" (a treaty) or "?P" (a protocol); the caller resolves them. */
size_t cite_parse_name(const struct scan *sc, size_t p, struct inst *in)
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
			e = footnoted_abbrev(sc, p, nm->name);
		if (e == 0)
			continue;
		if (e < sc->n && sc->s[e] == '/')
			continue;       /* "CRC/C/GC/14" is a symbol */
		copy_str(in->code, sizeof(in->code), nm->code);
		in->flags = nm->flags;
		if (strcmp(nm->code, "OTHER") == 0 && !(nm->flags & INST_TREATY))
			e = statute_number(sc, e);
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
void cite_resolve_backref(const struct scan *sc, struct inst *in)
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
void cite_note_mention(struct scan *sc, const struct inst *in, size_t end)
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
static size_t parse_trailing_direct(struct scan *sc, size_t p, struct inst *in)
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
		cite_resolve_backref(sc, in);
		return e;
	}
	if ((e = cite_parse_name(sc, q, in)) && !in->backref) {
		cite_note_mention(sc, in, e);
		return skip_definition(sc, e);
	}
	/* The Court's notation for an article of a protocol to the ECHR: "Art 2
	 * P1" (Article 2 of Protocol No. 1), "Art 14 (+ Art 1 P12)" */
	int num;
	if (q == p + 1 && q + 1 < sc->n && sc->s[q] == 'P' && (e = read_num(sc, q + 1, &num)) &&
	    num >= 1 && num <= 16 && !(e < sc->n && is_alnum_u((unsigned char)sc->s[e]))) {
		snprintf(in->code, sizeof(in->code), "ECHR-P%d", num);
		in->flags = INST_PROTOCOL;
		return e;
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
		/* not "CRC/C/83/D/21/2017": the running header of the next page */
		if (up >= 2 && k - q >= 2 && !(k < sc->n && (is_alnum_u((unsigned char)sc->s[k]) || sc->s[k] == '/'))) {
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
	if ((e = cite_parse_name(sc, q, in))) {
		in->quoted = quoted;
		cite_resolve_backref(sc, in);
		cite_note_mention(sc, in, e);
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

/* Is cite_names sorted as cite_parse_name() needs?  For assert(). */
int cite_names_sorted(void)
{
	for (size_t i = 1; i < sizeof(cite_names) / sizeof(cite_names[0]); i++)
		if (lc((unsigned char)cite_names[i - 1].name[0]) > lc((unsigned char)cite_names[i].name[0]))
			return 0;
	return 1;
}

/* Is in a named instrument that is not "OTHER"? */
static int known_name(const struct inst *in)
{
	return !in->backref && strcmp(in->code, "OTHER") != 0 && in->code[0] != '\0';
}

/* The instrument of an apposition after an article group: ", een
 * sleutelartikel uit het Verdrag inzake de rechten van het kind", ", the
 * key provision of the Convention on the Rights of the Child".  p is at the
 * comma.  Returns the end of the name or 0. */
static size_t parse_apposition(struct scan *sc, size_t p, struct inst *in)
{
	static const char *const preps[] = { "uit het ", "uit de ", "van het ", "van de ", "of the ", "in the ",
		"in het ", "under the " };
	size_t lim = p + 100 < sc->n ? p + 100 : sc->n;
	for (size_t q = p + 1; q < lim; q++) {
		char ch = sc->s[q];
		if (ch == '.' || ch == ';' || ch == ':' || ch == '(' || ch == ')' || ch == ',' ||
		    isdigit((unsigned char)ch))
			return 0;
		if (sc->s[q - 1] != ' ')
			continue;
		if (word_at(sc, q, "artikel") || word_at(sc, q, "article") || word_at(sc, q, "art") ||
		    word_at(sc, q, "artikelen") || word_at(sc, q, "articles"))
			return 0;
		for (size_t i = 0; i < sizeof(preps) / sizeof(preps[0]); i++) {
			size_t e = word_at(sc, q, preps[i]), x;
			if (e && (x = cite_parse_name(sc, e, in)) && known_name(in)) {
				cite_note_mention(sc, in, x);
				return x;
			}
		}
	}
	return 0;
}

size_t cite_parse_trailing(struct scan *sc, size_t p, struct inst *in)
{
	size_t e = parse_trailing_direct(sc, p, in);
	if (e)
		return e;
	/* "Artikel 3: Internationaal Verdrag inzake de rechten van het kind" */
	if (p + 2 < sc->n && sc->s[p] == ':' && sc->s[p + 1] == ' ' &&
	    (e = cite_parse_name(sc, p + 2, in)) && known_name(in)) {
		cite_note_mention(sc, in, e);
		return e;
	}
	if (p < sc->n && sc->s[p] == ',' && (e = parse_apposition(sc, p, in)))
		return e;
	/* "Article 4 (prohibition of collective expulsions of aliens) of Protocol
	 * No. 4", "Article 12 (the right of the child to be heard) of the UN
	 * Convention ...": the article's title in brackets between the number
	 * and the instrument.  A title is words in lower case, no number. */
	if (p + 2 < sc->n && sc->s[p] == ' ' && sc->s[p + 1] == '(' && islower((unsigned char)sc->s[p + 2])) {
		size_t q = p + 2, lim = p + 120 < sc->n ? p + 120 : sc->n;
		while (q < lim && sc->s[q] != ')' && sc->s[q] != '(' && !isdigit((unsigned char)sc->s[q]))
			q++;
		if (q < lim && sc->s[q] == ')' && (e = parse_trailing_direct(sc, q + 1, in)) && in->code[0] != '\0')
			return e;
	}
	memset(in, 0, sizeof(*in));
	return 0;
}
