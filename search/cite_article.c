/* cite_article.c - article groups and their subdivisions (see cite_int.h). */
#include "search/cite_int.h"

/* ---------------------------------------------------------------------
 * Output
 */

static void list_push(struct scan *sc, const struct cite *c)
{
	struct cite_list *l = sc->out;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		l->items = xreallocarray(l->items, cap, sizeof(*l->items));
		l->cap = cap;
	}
	l->items[l->n++] = *c;
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

void cite_emit_doc(struct scan *sc, const char *inst, const char *ident, size_t a, size_t b)
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
		int en = 0;
		if ((r = word_at(sc, e, " en ")) || (r = word_at(sc, e, " and "))) {
			en = sc->s[e + 1] == 'e';
			size_t r2 = read_num(sc, r, &v);
			/* not "1 en 2 of 3" (Dutch "of" is "or"); "1 and 4 of the
			 * Convention" is a list */
			if (r2 && !(en && word_at(sc, skip_space(sc, r2), "of")) &&
			    !(r2 < sc->n && isalpha((unsigned char)sc->s[r2]))) {
				e = r2;
				continue;
			}
		}
		return e;
	}
}

/* The paragraphs that follow a first "(n)" of the same article: "3 (1) and
 * (2)", "9 (1), (2) and (4)", "3 (1) en (3)".  A paragraph in brackets after a
 * connector has no article number of its own, so it can only belong to the
 * article before; the numbers must rise, as a list of one article's
 * paragraphs does.  p is just after the first ")"; last is its number.
 * Returns the end of the list (p when there is none). */
static size_t parse_para_list(const struct scan *sc, size_t p, struct item *it, int last)
{
	static const char *const joins[] = { ", and (", ", en (", ", or (", ", (", " and (", " en (",
		" or (", " of (" };
	for (;;) {
		size_t y = 0, z;
		int v;
		for (size_t i = 0; i < sizeof(joins) / sizeof(joins[0]) && !y; i++)
			y = word_at(sc, p, joins[i]);
		if (!y || !(z = read_num(sc, y, &v)) || z >= sc->n || sc->s[z] != ')' || v <= last || v >= 100)
			return p;
		char t[16];
		snprintf(t, sizeof(t), "%d", v);
		add_tok(it->paras, &it->np, t);
		last = v;
		p = z + 1;
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
			/* not "Article 2 (1) States Parties shall ...": the number
			 * of the first paragraph of the treaty text quoted */
			if ((x = read_num(sc, r + 1, &v)) && x < sc->n && sc->s[x] == ')' &&
			    it->np == 0 && it->nl == 0 && v < 100 &&
			    !word_at(sc, x + 1, " States Parties") && !word_at(sc, x + 1, " De Staten die partij")) {
				snprintf(t, sizeof(t), "%d", v);
				add_tok(it->paras, &it->np, t);
				p = parse_para_list(sc, x + 1, it, v);
				continue;
			}
			if ((x = read_letters(sc, r + 1, t, sizeof(t))) && x < sc->n && sc->s[x] == ')') {
				if (it->nl == 0 && (strlen(t) == 1)) {
					add_tok(it->letters, &it->nl, t);
					/* "7 (c), (e) and (f)" */
					size_t y, z;
					while ((y = word_at(sc, x + 1, ", and (")) || (y = word_at(sc, x + 1, ", (")) ||
					       (y = word_at(sc, x + 1, " and (")) || (y = word_at(sc, x + 1, " en (")) ||
					       (y = word_at(sc, x + 1, " or ("))) {
						if (!(z = read_letters(sc, y, t, sizeof(t))) || strlen(t) != 1 ||
						    z >= sc->n || sc->s[z] != ')')
							break;
						add_tok(it->letters, &it->nl, t);
						x = z;
					}
				} else if (it->nl > 0 && is_roman(t)) {
					add_tok(it->subs, &it->ns, t);
				} else {
					return p;
				}
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
		/* "37.b", "Article 15.b of the Statute" */
		if (q + 2 < sc->n && sc->s[q] == '.' && sc->s[q + 1] >= 'a' && sc->s[q + 1] <= 'z' &&
		    !is_alnum_u((unsigned char)sc->s[q + 2]) && it->nl == 0) {
			char t[2] = { sc->s[q + 1], '\0' };
			add_tok(it->letters, &it->nl, t);
			p = q + 2;
			continue;
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
		    (e = word_at(sc, q, "\xc2\xa7\xc2\xa7 ")) || (e = word_at(sc, q, "\xc2\xa7 "))) {
			size_t x = parse_num_list(sc, e, it->paras, &it->np);
			if (x) {
				p = x;
				continue;
			}
			return p;
		}
		/* "aanhef en onder b", "aanhef, onder b", "onder b", "sub b",
		 * "subparagraph (b)" */
		if ((e = word_at(sc, q, "aanhef en ")) || (e = word_at(sc, q, "aanhef, ")) ||
		    (e = word_at(sc, q, "aanhef ")))
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
	size_t e;
	if (p < sc->n && sc->s[p] == '(') {
		/* "article (7) (e)": a typo for "article 7 (e)" */
		e = read_num(sc, p + 1, &it->art);
		if (!e || e >= sc->n || sc->s[e] != ')')
			return 0;
		return parse_subdivisions(sc, e + 1, it);
	}
	e = read_num(sc, p, &it->art);
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
	/* "22-bis", "5-ter": numbering of other instruments */
	if (e + 2 < sc->n && sc->s[e] == '-' && (word_at(sc, e + 1, "bis") || word_at(sc, e + 1, "ter") ||
						 word_at(sc, e + 1, "quater"))) {
		it->odd = 1;
		e = word_at(sc, e + 1, "bis") ? e + 4 : word_at(sc, e + 1, "ter") ? e + 4 : e + 7;
		return parse_subdivisions(sc, e, it);
	}
	/* "8a", "7bis": Dutch and other numbering, never CRC */
	size_t k = e;
	while (k < sc->n && isalpha((unsigned char)sc->s[k]) && k - e < 8)
		k++;
	if (k > e && ((k - e == 2 && strncmp(sc->s + e, "en", 2) == 0) ||
		      (k - e == 3 && strncmp(sc->s + e, "and", 3) == 0)) &&
	    k + 1 < sc->n && sc->s[k] == ' ' && isdigit((unsigned char)sc->s[k + 1]))
		return parse_subdivisions(sc, e, it);   /* "19en 34": see parse_connector() */
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
		/* "article (7) (e)", singular keywords only */
		if (e && (i == 1 || i == 3 || i == 6) && e + 3 < sc->n && sc->s[e] == ' ' && sc->s[e + 1] == '(' &&
		    isdigit((unsigned char)sc->s[e + 2]))
			return e + 1;
		if (e && kws[i][strlen(kws[i]) - 1] == '.' && e < sc->n && isdigit((unsigned char)sc->s[e]))
			return e;
	}
	/* "Article3", "artikel19": the space lost in a PDF's text layer
	 * (cite_scan_group() takes it only with an instrument named after it) */
	static const char *const glued[] = { "artikelen", "artikel", "articles", "article" };
	for (size_t i = 0; i < sizeof(glued) / sizeof(glued[0]); i++) {
		size_t l = strlen(glued[i]);
		if (p + l < sc->n && strncasecmp(sc->s + p, glued[i], l) == 0 &&
		    isdigit((unsigned char)sc->s[p + l]))
			return p + l;
	}
	return 0;
}

/* Is the keyword at p plural ("arts.", "articles", "artikelen", "artt.")? */
static int plural_keyword(const struct scan *sc, size_t p)
{
	return word_at(sc, p, "arts") || word_at(sc, p, "articles") || word_at(sc, p, "artikelen") ||
	       word_at(sc, p, "artt");
}

/* Connectors between items of one group. */
static size_t parse_connector(const struct scan *sc, size_t p, int semi, int *range, int *keyword)
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
	/* "artikel 19en 34": a conjunction glued to the number */
	if (q > 0 && isdigit((unsigned char)sc->s[q - 1]) &&
	    ((e = word_at(sc, q, "en ")) || (e = word_at(sc, q, "and "))) && e < sc->n &&
	    isdigit((unsigned char)sc->s[e]))
		return e;
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		if ((e = word_at(sc, q, ranges[i])) && e < sc->n && isdigit((unsigned char)sc->s[e])) {
			*range = 1;
			return e;
		}
	}
	/* "(arts. 19; 28, para. 2; and 37)": after a plural keyword only */
	if (semi && ((e = word_at(sc, q, "; and ")) || (e = word_at(sc, q, "; en ")) || (e = word_at(sc, q, "; "))) &&
	    e < sc->n && isdigit((unsigned char)sc->s[e])) {
		/* the item must end like one: "28, para. 2;", "37)", "19 and" */
		size_t d = e;
		while (d < sc->n && isdigit((unsigned char)sc->s[d]))
			d++;
		if (d >= sc->n || strchr(",;).", sc->s[d]) || word_at(sc, d, " and ") || word_at(sc, d, " en ") ||
		    word_at(sc, d, " ("))
			return e;
		return 0;
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

/* Does a sentence end between a and b?  A full stop after a word of four
 * or more letters or digits or after a bracket, then a capital; or after a
 * word of five or more letters, then a paragraph number ("rights. 31. The").
 * "art. 4", "No. 5", "para. 2", "Mr. Smith" end none. */
static int sentence_break(const struct scan *sc, size_t a, size_t b)
{
	for (size_t i = a; i + 2 < b && i + 2 < sc->n; i++) {
		if (sc->s[i] != '.' || sc->s[i + 1] != ' ')
			continue;
		size_t w = i;
		while (w > a && isalnum((unsigned char)sc->s[w - 1]))
			w--;
		unsigned char next = (unsigned char)sc->s[i + 2];
		if (isupper(next) && (i - w >= 4 || (i > a && (sc->s[i - 1] == ')' || sc->s[i - 1] == '"'))))
			return 1;
		if (isdigit(next) && i - w >= 5 && isalpha((unsigned char)sc->s[i - 1]))
			return 1;
	}
	return 0;
}

/* Can any part the group names be the CRC's?  "art. 4 (1)" and "art. 5 (a)"
 * cannot: article 4 has no paragraphs, article 5 no letters. */
static int crc_possible_group(const struct group *g)
{
	for (int i = 0; i < g->n; i++) {
		const struct item *it = &g->items[i];
		int np = it->np ? it->np : 1, nl = it->nl ? it->nl : 1;
		for (int x = 0; x < np; x++)
			for (int y = 0; y < nl; y++)
				if (!it->odd && cite_crc_possible(it->art, it->np ? it->paras[x] : "",
								  it->nl ? it->letters[y] : "", ""))
					return 1;
	}
	return 0;
}

/* In a document of the CRC Committee, a bare reference in brackets, "(arts.
 * 2 and 3)", is the Convention's unless the passage is about another treaty
 * the document names: a joint general recommendation/comment of the CRC and
 * CEDAW Committees says "States parties to the Convention on the
 * Elimination of All Forms of Discrimination against Women are obliged ...
 * (arts. 2 and 3)".  The other treaty is taken when it is the treaty named
 * last and (1) it is named in the same sentence, or (2) a bare reference
 * before in the same sentence was already taken as its, or (3) the CRC has
 * no such part ("(art. 5 (a))").  Returns 1 and sets code, or 0. */
static int foreign_treaty(const struct scan *sc, size_t start, const struct group *g, char *code)
{
	if (!sc->has_mention || sc->mention_end > start || strcmp(sc->mention, sc->last_treaty) != 0 ||
	    strcmp(sc->mention, "OTHER") == 0 || cite_is_crc_family(sc->mention))
		return 0;
	size_t gap = start - sc->mention_end;
	if ((gap <= CITE_PASSAGE_GAP && !sentence_break(sc, sc->mention_end, start)) ||
	    (sc->has_foreign && strcmp(sc->foreign, sc->mention) == 0 && sc->foreign_end <= start &&
	     !sentence_break(sc, sc->foreign_end, start)) ||
	    (gap <= CITE_SAME_GAP && !crc_possible_group(g))) {
		copy_str(code, 16, sc->mention);
		return 1;
	}
	return 0;
}

/* Chooses the instrument for a group without one named after it.  lower_kw:
 * the keyword was "artikel", not "Artikel" (a heading); rich: the group has
 * more than a bare number ("Article 24.1 and 24.2 (a)"), so it is no heading
 * even with a capital; paren: the keyword follows "(". */
static int implicit_instrument(struct scan *sc, size_t start, int lower_kw, int rich, int paren,
			       const struct group *g, char *code)
{
	int art = g->items[0].art;
	int heading = !lower_kw && !paren && g->n == 1 && g->heading;
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
	/* "the Decree ... reads as follows: Article 45 ...": a national
	 * provision quoted in a decision or judgment */
	if ((sc->un_crc || sc->echr) && !lower_kw && !rich && sc->has_mention && sc->mention_end <= start &&
	    start - sc->mention_end <= CITE_IMPLICIT_GAP && strcmp(sc->mention, "OTHER") == 0) {
		copy_str(code, 16, "OTHER");
		return 1;
	}
	/* "the Optional Protocol on the involvement of children in armed
	 * conflict (art. 4)": a protocol named earlier in the sentence */
	if (sc->un_crc && sc->has_mention && cite_is_crc_family(sc->mention) && strcmp(sc->mention, "CRC") != 0 &&
	    sc->mention_end <= start && start - sc->mention_end <= 2 * CITE_FIRST_GAP &&
	    memmem(sc->s + sc->mention_end, start - sc->mention_end, ". ", 2) == NULL) {
		copy_str(code, 16, sc->mention);
		return 1;
	}
	/* "Article 1 - Prohibition of Sale of Children": the headings of a
	 * report under a protocol (a State's report on the Optional Protocol
	 * on the sale of children) are that protocol's articles */
	if (sc->un_crc && heading) {
		if (sc->has_mention && cite_is_crc_family(sc->mention) && strcmp(sc->mention, "CRC") != 0 &&
		    sc->mention_end <= start && start - sc->mention_end <= CITE_PASSAGE_GAP &&
		    cite_article_in_range(sc->mention, art)) {
			copy_str(code, 16, sc->mention);
			return 1;
		}
		if (sc->has_last && cite_is_crc_family(sc->last_inst) && strcmp(sc->last_inst, "CRC") != 0 &&
		    start >= sc->last_end && start - sc->last_end <= CITE_PASSAGE_GAP &&
		    cite_article_in_range(sc->last_inst, art)) {
			copy_str(code, 16, sc->last_inst);
			return 1;
		}
	}
	if (sc->un_crc && paren && foreign_treaty(sc, start, g, code)) {
		copy_str(sc->foreign, sizeof(sc->foreign), code);
		sc->has_foreign = 1;
		return 1;
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
	/* A passage about an instrument that does not name it again: "Het
	 * Kinderrechtenverdrag beschermt kinderen tegen geweld (artikel 19)".
	 * The instrument named last, as a reader takes it. */
	if ((lower_kw || rich) && sc->has_mention && sc->mention_end <= start &&
	    start - sc->mention_end <= CITE_PASSAGE_GAP) {
		copy_str(code, 16, sc->mention);
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
	const char *whole = code;
	for (int i = 0; i < g->n; i++) {
		const struct item *it = &g->items[i];
		/* "Article 14 in conjunction with Article 2 of Protocol No. 1":
		 * the protocol is named for the last article only, and the
		 * protocols have no article 13 */
		code = whole;
		if (strncmp(whole, "ECHR-P", 6) == 0 && (i < g->kw_from || !cite_article_in_range(whole, it->art)))
			code = "ECHR";
		/* "the direct relevance to article 19 of the Optional Protocol on
		 * the sale of children": that protocol has 17 articles, so the
		 * article is the Convention's */
		if (cite_is_crc_family(whole) && strcmp(whole, "CRC") != 0 && !cite_article_in_range(whole, it->art) &&
		    (sc->un_crc || strcmp(sc->last_treaty, "CRC") == 0))
			code = "CRC";
		if (!cite_article_in_range(code, it->art))
			continue;
		if (it->odd && (cite_is_crc_family(code) || strncmp(code, "ECHR", 4) == 0))
			continue;
		int np = it->np ? it->np : 1, nl = it->nl ? it->nl : 1, ns = it->ns ? it->ns : 1;
		int crc = strcmp(code, "CRC") == 0, emitted = 0;
		for (int x = 0; x < np; x++)
			for (int y = 0; y < nl; y++)
				for (int z = 0; z < ns; z++) {
					const char *pa = it->np ? it->paras[x] : "";
					const char *le = it->nl ? it->letters[y] : "";
					const char *su = it->ns ? it->subs[z] : "";
					/* "article 6 (16)": no such part of the CRC */
					if (crc && !cite_crc_possible(it->art, pa, le, su))
						continue;
					emit_article(sc, code, it->art, pa, le, su, it->ident, a, b);
					emitted = 1;
				}
		if (!emitted)
			continue;
		copy_str(sc->last_inst, sizeof(sc->last_inst), code);
		sc->last_art = it->art;
		sc->has_last = 1;
		unsigned k = sc->n_recent++ % 8;
		copy_str(sc->recent[k].inst, sizeof(sc->recent[k].inst), code);
		sc->recent[k].art = it->art;
		sc->recent[k].end = b;
	}
	sc->last_end = b;
	if (sc->has_foreign && strcmp(whole, sc->foreign) == 0)
		sc->foreign_end = b;
}

/* Parses the items of a group from p (just after the keyword) into g; semi:
 * the keyword was plural, so "; " joins items too.  Returns the end of the
 * last item, or 0. */
static size_t parse_items(const struct scan *sc, size_t p, struct group *g, int semi)
{
	size_t e = parse_item(sc, p, &g->items[g->n]);
	g->kw_from = 0;
	g->heading = 0;
	if (!e)
		return 0;
	g->n++;
	for (;;) {
		int range, kw;
		size_t q = parse_connector(sc, e, semi, &range, &kw);
		if (!q)
			return e;
		struct item it;
		size_t r = parse_item(sc, q, &it);
		if (!r)
			return e;
		if (kw && g->n < CITE_MAX_ITEMS)
			g->kw_from = g->n;
		if (range) {
			int from = g->items[g->n - 1].art;
			/* "Art. 6-1", "(art. 8-1)": the Court's notation for article
			 * 6, paragraph 1, which no range can be */
			if (sc->echr && it.art < from && it.art < 10 && q > 0 && sc->s[q - 1] == '-' &&
			    g->items[g->n - 1].np == 0 && it.np == 0 && it.nl == 0) {
				char t[16];
				snprintf(t, sizeof(t), "%d", it.art);
				add_tok(g->items[g->n - 1].paras, &g->items[g->n - 1].np, t);
				e = r;
				continue;
			}
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

/* The marginal notes of the Court's older judgments, which repeat the
 * article just cited in a short code: "Article 8 (1) (art. 8-1) of the
 * Convention", "Article 2 of the Protocol (P1-2)", "(art. 14+P1-2, art.
 * 14+8)".  p is just after the citation.  Returns the end of the note (p when
 * there is none); *proto is set to the protocol number of a note "(P<k>-<art>)"
 * on the article art, else left alone. */
static size_t marginal_note(const struct scan *sc, size_t p, int art, int *proto)
{
	size_t q = p < sc->n && sc->s[p] == ' ' ? p + 1 : p;
	if (q + 4 >= sc->n || sc->s[q] != '(' ||
	    !(word_at(sc, q + 1, "art.") || (sc->s[q + 1] == 'P' && isdigit((unsigned char)sc->s[q + 2]))))
		return p;
	size_t r = q + 1;
	while (r < sc->n && r - q < 48 && sc->s[r] != ')') {
		if (!strchr("0123456789Part.+-, ", sc->s[r]))
			return p;
		r++;
	}
	if (r >= sc->n || sc->s[r] != ')')
		return p;
	int k, a;
	size_t x, y;
	if (sc->s[q + 1] == 'P' && (x = read_num(sc, q + 2, &k)) && x < sc->n && sc->s[x] == '-' &&
	    (y = read_num(sc, x + 1, &a)) && a == art && k >= 1 && k <= 16)
		*proto = k;
	return r + 1;
}

/* "Article 1 (Definition of the child): ... Article 2 (Non-discrimination):
 * ...": a heading with a capital after one of a known instrument with a
 * lower number, in the same passage, is that instrument's next article. */
static int next_heading(const struct scan *sc, size_t start, int lower_kw, const struct group *g, char *code)
{
	if (lower_kw || g->n != 1 || sc->dflt[0] != '\0' || !sc->has_last || start < sc->last_end ||
	    start - sc->last_end > CITE_PASSAGE_GAP || strcmp(sc->last_inst, "OTHER") == 0 ||
	    g->items[0].art <= sc->last_art || !cite_article_in_range(sc->last_inst, g->items[0].art))
		return 0;
	copy_str(code, 16, sc->last_inst);
	return 1;
}

/* An article group at p (a word start).  Returns its end or 0. */
size_t cite_scan_group(struct scan *sc, size_t p, struct group *g, size_t start)
{
	size_t k = article_keyword(sc, p);
	struct inst in;
	if (!k) {
		/* "artikel van 3 IVRK": only with a known instrument after it */
		size_t v = word_at(sc, p, "artikel van ");
		size_t x, y;
		if (!v || v >= sc->n || !isdigit((unsigned char)sc->s[v]) || !(x = parse_items(sc, v, g, 0)) ||
		    !(y = cite_parse_trailing(sc, x, &in)) || in.backref || strcmp(in.code, "OTHER") == 0)
			return 0;
		emit_group(sc, g, in.code, start, y);
		return y;
	}
	int lower_kw = islower((unsigned char)sc->s[p]);
	size_t e = parse_items(sc, k, g, plural_keyword(sc, p));
	if (!e)
		return 0;
	{
		size_t h = e;
		if (word_at(sc, h, " - ") || word_at(sc, h, ": "))
			h += h < sc->n && sc->s[h] == ':' ? 2 : 3;
		else if (word_at(sc, h, " \xe2\x80\x93 "))
			h += 5;
		g->heading = h > e && h < sc->n && isupper((unsigned char)sc->s[h]);
	}
	int proto = 0;
	if (sc->echr)
		e = marginal_note(sc, e, g->n == 1 ? g->items[0].art : -1, &proto);
	size_t t = cite_parse_trailing(sc, e, &in);
	if (sc->echr && g->n == 1 && t) {
		size_t m = marginal_note(sc, t, g->items[0].art, &proto);
		if (m > t && proto) {
			/* "Article 2 of the Protocol (P1-2)" */
			snprintf(in.code, sizeof(in.code), "ECHR-P%d", proto);
			in.backref = 0;
		}
		t = m;
	}
	if (isalpha((unsigned char)sc->s[k - 1]) &&
	    (!t || in.backref || strcmp(in.code, "OTHER") == 0 || in.code[0] == '\0'))
		return 0;       /* "Article3" with no instrument named after it */
	char code[16];
	int demonstrative = p >= 4 && (word_at(sc, p - 4, "dat") || word_at(sc, p - 4, "die") ||
				       (p >= 5 && (word_at(sc, p - 5, "that") || word_at(sc, p - 5, "this"))));
	/* "draft article 47 of the draft articles": a draft is no treaty */
	int draft = p >= 6 && word_at(sc, p - 6, "draft ");
	/* "Article 19 contains ...": a sentence, no heading */
	int running = !lower_kw && g->n == 1 && e + 1 < sc->n && sc->s[e] == ' ' &&
		      islower((unsigned char)sc->s[e + 1]) && (p < 2 || (sc->s[p - 1] == ' ' && sc->s[p - 2] == '.'));
	/* "... provides in Article 9 that ...": English writes the keyword
	 * with a capital inside a sentence too; after a small word of the
	 * sentence ("in", "under", "by") it is no heading */
	static const char *const small[] = { " in ", " under ", " by ", " of ", " to ", " with ", " and " };
	for (size_t i = 0; !lower_kw && !running && i < sizeof(small) / sizeof(small[0]); i++) {
		size_t l = strlen(small[i]);
		running = p >= l && memcmp(sc->s + p - l, small[i], l) == 0 && p > l &&
			  islower((unsigned char)sc->s[p - l + 1]);
	}
	/* "Among its provisions, Article 22 requires ...", "the CRC, Article
	 * 12 both reflects ...": after a comma or a word of the sentence and
	 * before a verb in lower case */
	if (!lower_kw && !running && g->n == 1 && e + 1 < sc->n && sc->s[e] == ' ' &&
	    islower((unsigned char)sc->s[e + 1]) && p >= 2 && sc->s[p - 1] == ' ' &&
	    (sc->s[p - 2] == ',' || islower((unsigned char)sc->s[p - 2])))
		running = 1;
	/* "Article 8 States Parties shall ...": a treaty's own text quoted under
	 * its heading, in a passage about that treaty */
	size_t tq = e;
	while (tq < sc->n && tq - e < 4 && strchr(" .:-", sc->s[tq]))
		tq++;
	int treaty_text = !lower_kw && g->n == 1 && tq > e && sc->dflt[0] == '\0' &&
			  (word_at(sc, tq, "States Parties") || word_at(sc, tq, "The States Parties") ||
			   word_at(sc, tq, "De Staten die partij zijn"));
	/* "Kinderrecht Artikel 3: ...": a right of the Convention by its
	 * number */
	int kinderrecht = p >= 12 && (word_at(sc, p - 12, "kinderrecht ") != 0);
	/* "... separately." Article 48 "The grounds ..."": the next article of
	 * national law quoted the same way as the one before; a quotation may
	 * be long when the previous one ends right before */
	int after_quote = p >= 2 && sc->s[p - 1] == ' ' &&
			  (sc->s[p - 2] == '"' || (p >= 4 && memcmp(sc->s + p - 4, "\xe2\x80\x9d", 3) == 0));
	int quoted_next = (sc->un_crc || sc->echr) && !lower_kw && g->n == 1 && !t && e + 1 < sc->n &&
			  sc->s[e] == ' ' && (sc->s[e + 1] == '"' ||
			   (e + 4 <= sc->n && memcmp(sc->s + e + 1, "\xe2\x80\x9c", 3) == 0)) &&
			  sc->has_last && strcmp(sc->last_inst, "OTHER") == 0 && start >= sc->last_end &&
			  start - sc->last_end <= (after_quote ? 4 * CITE_SAME_GAP : CITE_SAME_GAP);
	if (draft || quoted_next) {
		copy_str(code, sizeof(code), "OTHER");
		if (t)
			e = t;
	} else if (t) {
		copy_str(code, sizeof(code), in.code);
		e = t;
	} else if (e + 3 < sc->n && sc->s[e] == ' ' && isdigit((unsigned char)sc->s[e + 1]) &&
		   sc->s[e + 2] == '.' && !lower_kw) {
		sc->heading_art = g->items[0].art;
		/* "Article 5 1. The States Parties": a heading; in a decision of
		 * the CRC Committee ("Article 6 3.3. The authors claim") it names
		 * the CRC article the claims are about */
		if (sc->un_crc && sc->dflt[0] == '\0' && g->n == 1)
			emit_group(sc, g, "CRC", start, e);
		return e;
	} else if (demonstrative) {
		/* "dat artikel 24": the article cited last with that number */
		size_t i = sc->out->n;
		while (i > sc->first_out && !(sc->out->items[i - 1].kind == CITE_ARTICLE &&
					      sc->out->items[i - 1].article == g->items[0].art))
			i--;
		if (i == sc->first_out)
			return e;
		copy_str(code, sizeof(code), sc->out->items[i - 1].instrument);
	} else if (kinderrecht && sc->dflt[0] == '\0' && cite_article_in_range("CRC", g->items[0].art)) {
		copy_str(code, sizeof(code), "CRC");
	} else if (!implicit_instrument(sc, start, lower_kw || running || treaty_text,
					       g->n > 1 || g->items[0].np || g->items[0].nl || (p > 0 && sc->s[p - 1] == '('),
					       p > 0 && sc->s[p - 1] == '(', g, code) &&
		   !next_heading(sc, start, lower_kw, g, code)) {
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
size_t cite_scan_para_first(struct scan *sc, size_t p)
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
	} else if ((e = word_at(sc, p, "subparagraphs ")) || (e = word_at(sc, p, "subparagraph ")) ||
		   (e = word_at(sc, p, "sub-paragraph "))) {
		/* "subparagraph (b)", "subparagraphs (b), (c), (d) and (e)" */
		char t[8];
		size_t x, y;
		if (!(e < sc->n && sc->s[e] == '(' && (x = read_letters(sc, e + 1, t, sizeof(t))) &&
		      x < sc->n && sc->s[x] == ')' && strlen(t) == 1))
			return 0;
		add_tok(pre.letters, &pre.nl, t);
		e = x + 1;
		while ((y = word_at(sc, e, ", and (")) || (y = word_at(sc, e, ", (")) || (y = word_at(sc, e, " and (")) ||
		       (y = word_at(sc, e, " or ("))) {
			if (!(x = read_letters(sc, y, t, sizeof(t))) || strlen(t) != 1 || x >= sc->n || sc->s[x] != ')')
				break;
			add_tok(pre.letters, &pre.nl, t);
			e = x + 1;
		}
	} else {
		return 0;
	}
	if (!(q = word_at(sc, e, " van ")) && !(q = word_at(sc, e, " of "))) {
		/* "Ingevolge artikel 12, eerste lid, van het IVRK ... Ingevolge
		 * het tweede lid ...": a paragraph of the article just cited */
		if (pre.np == 0 || p < 4 || !word_at(sc, p - 4, "het") || !sc->has_last || p < sc->last_end ||
		    p - sc->last_end > CITE_PASSAGE_GAP)
			return 0;
		struct group g;
		g.n = 1;
		g.kw_from = 0;
		g.items[0] = pre;
		g.items[0].art = sc->last_art;
		char code[16];
		copy_str(code, sizeof(code), sc->last_inst);
		emit_group(sc, &g, code, p, e);
		return e;
	}
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
		g.kw_from = 0;
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
	size_t x = parse_items(sc, k, &g, 0);
	if (!x)
		return 0;
	/* the pre-position subdivisions belong to the first article */
	struct item *it = &g.items[0];
	for (int i = 0; i < pre.np; i++)
		add_tok(it->paras, &it->np, pre.paras[i]);
	for (int i = 0; i < pre.nl; i++)
		add_tok(it->letters, &it->nl, pre.letters[i]);
	struct inst in;
	size_t t = cite_parse_trailing(sc, x, &in);
	char code[16];
	if (t) {
		copy_str(code, sizeof(code), in.code);
		x = t;
	} else if (!implicit_instrument(sc, q, islower((unsigned char)sc->s[q]), 1, 0, &g, code)) {
		copy_str(code, sizeof(code), "OTHER");
	}
	emit_group(sc, &g, code, p, x);
	return x;
}

/* A bare reference in brackets to an article cited just before: "the aims
 * of article 29 (1) ... the holistic development of the child (29 (1) (a))".
 * Only with a subdivision in brackets and the same article number among the
 * last citations; p is at "(".  Returns the end (after ")") or 0. */
size_t cite_scan_bare(struct scan *sc, size_t p)
{
	struct group g;
	g.n = 1;
	g.kw_from = 0;
	size_t e = parse_item(sc, p + 1, &g.items[0]);
	const struct item *it = &g.items[0];
	if (!e || it->odd || it->np == 0 || e >= sc->n || sc->s[e] != ')')
		return 0;
	size_t r = skip_space(sc, p + 1);
	while (r < sc->n && isdigit((unsigned char)sc->s[r]))
		r++;
	if (r + 1 >= sc->n || sc->s[r] != ' ' || sc->s[r + 1] != '(')
		return 0;       /* "(29.1)", "(29, 1)": not this form */
	for (unsigned i = 0; i < sc->n_recent && i < 8; i++) {
		unsigned k = (sc->n_recent - 1 - i) % 8;
		if (sc->recent[k].art == it->art && p >= sc->recent[k].end &&
		    p - sc->recent[k].end <= CITE_SAME_GAP && cite_is_crc_family(sc->recent[k].inst)) {
			char code[16];
			copy_str(code, sizeof(code), sc->recent[k].inst);
			emit_group(sc, &g, code, p + 1, e);
			return e + 1;
		}
	}
	return 0;
}

/* The list headers of the Committee's decisions: "Articles of the
 * Convention: 3, 8, 12, 18 (2)", "Articles of the Optional Protocol: 7 (c),
 * (e) and (f)".  p is at "Articles". */
size_t cite_scan_list_header(struct scan *sc, size_t p, struct group *g)
{
	size_t e, x;
	if (!(e = word_at(sc, p, "Articles of the ")) && !(e = word_at(sc, p, "Article of the ")) &&
	    !(e = word_at(sc, p, "Artikelen van het ")) && !(e = word_at(sc, p, "Artikel van het ")))
		return 0;
	struct inst in;
	if (!(x = cite_parse_name(sc, e, &in)))
		return 0;
	cite_resolve_backref(sc, &in);
	/* "Articles of the Convention:3, 8" in a text that lost the tab */
	size_t d = x + 1 < sc->n && sc->s[x + 1] == ' ' ? x + 2 : x + 1;
	if (d >= sc->n || sc->s[x] != ':' || !isdigit((unsigned char)sc->s[d]))
		return 0;
	size_t y = parse_items(sc, d, g, 0);
	if (!y)
		return 0;
	cite_note_mention(sc, &in, x);
	emit_group(sc, g, in.code, p, y);
	return y;
}

/* The Court's short code for an article of a protocol in its conclusions
 * and keywords: "Not necessary to examine P7-5", "Violation of P1-1" (ECtHR
 * judgments only).  p is at "P".  Returns the end or 0. */
size_t cite_scan_hudoc_protocol(struct scan *sc, size_t p)
{
	int k, a;
	size_t x, y;
	if (!sc->echr || p + 3 >= sc->n || sc->s[p] != 'P' || !(x = read_num(sc, p + 1, &k)) || x >= sc->n ||
	    sc->s[x] != '-' || !(y = read_num(sc, x + 1, &a)) || (y < sc->n && is_alnum_u((unsigned char)sc->s[y])) ||
	    k < 1 || k > 16)
		return 0;
	char code[16];
	snprintf(code, sizeof(code), "ECHR-P%d", k);
	struct group g;
	memset(&g.items[0], 0, sizeof(g.items[0]));
	g.n = 1;
	g.kw_from = 0;
	g.items[0].art = a;
	emit_group(sc, &g, code, p, y);
	return y;
}
