/* meta_facts.c - the facts lawyers filter by (see meta.h): for UN views and
 * ECtHR judgments the State, the outcome with the articles found violated,
 * the formation and the parties; for Dutch rulings the rechtsgebied, the
 * procedure and the seat.
 *
 * How it works: the whole text is flattened (meta_flatten()).  The outcome
 * comes from the operative part only: the last "operative" phrase of the
 * body (e.g. "acting under article 10 (5)", "FOR THESE REASONS"), and in the
 * window after it the first "outcome" rule (in file order) whose phrase
 * occurs; the "violated" phrases there are followed by the list of articles.
 * The State of a judgment follows " v. " in the case name ("respondent"
 * rules); otherwise each State of the vocabulary that can be a party
 * before the document's court (a party to its complaints procedure,
 * data/states.txt) scores its mentions, more where a "statecue" frames it
 * ("the * authorities").  Dutch rulings are
 * read line by line for the header labels ("Rechtsgebied", "Procedure",
 * "Zittingsplaats"), with "procedure" and "area" cues in the text when a
 * label is missing.  All phrases come from the rules file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "indexer/meta_rules.h"

#define OPERATIVE_WINDOW 900 /* characters after an operative phrase */
#define OPERATIVE_BEFORE 500 /* characters before it, when nothing follows */
#define MAX_STATES 4
#define STATE_DECISIVE 10 /* a statecue this heavy names the State party */

/* ---- rules --------------------------------------------------------------- */

static char *fact_word(char **s)
{
	char *p = *s + strspn(*s, " \t");
	if (*p == '\0')
		return NULL;
	char *w = p;
	p += strcspn(p, " \t");
	if (*p != '\0')
		*p++ = '\0';
	*s = p;
	return w;
}

/* VALUE words write spaces as '_': "no_violation". */
static char *fact_value(const char *w)
{
	char *v = strdup(w);
	for (char *p = v; p && *p; p++)
		if (*p == '_')
			*p = ' ';
	return v;
}

int meta_parse_fact_rule(struct meta_rules *r, const char *kw, char *s, const char **why)
{
	static const struct {
		const char *kw;
		enum fact_kind kind;
		int scope, value, weight; /* which words come before the phrase */
	} kws[] = {
		{ "operative", FACT_OPERATIVE, 1, 0, 0 },   { "outcome", FACT_OUTCOME, 1, 1, 0 },
		{ "violated", FACT_VIOLATED, 1, 0, 0 },     { "formation", FACT_FORMATION, 1, 1, 0 },
		{ "factlabel", FACT_LABEL, 1, 0, 0 },       { "procedure", FACT_PROCEDURE, 0, 1, 0 },
		{ "area", FACT_AREA, 0, 1, 1 },             { "parties", FACT_PARTIES, 1, 0, 0 },
		{ "respondent", FACT_RESPONDENT, 1, 0, 0 }, { "statecue", FACT_STATECUE, 1, 0, 1 },
		{ "areaname", FACT_AREANAME, 0, 0, 0 },
	};
	size_t k;
	for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++)
		if (strcmp(kws[k].kw, kw) == 0)
			break;
	if (k == sizeof(kws) / sizeof(kws[0]))
		return 0;
	char *scope = kws[k].scope ? fact_word(&s) : NULL;
	char *value = kws[k].value ? fact_word(&s) : NULL;
	char *weight = kws[k].weight ? fact_word(&s) : NULL;
	char *phrase = s + strspn(s, " \t");
	if ((kws[k].scope && scope == NULL) || (kws[k].value && value == NULL) ||
	    (kws[k].weight && weight == NULL) || *phrase == '\0')
		return *why = "fact rule lacks a field or its PHRASE (see the top of the file)", -1;
	int w = 0;
	if (weight != NULL) {
		char *end;
		w = (int)strtol(weight, &end, 10);
		if (*end != '\0' || w == 0 || w < -1000 || w > 1000 ||
		    (w < 0 && kws[k].kind != FACT_STATECUE))
			return *why = "WEIGHT must be a number 1-1000 (-1000-1000 for statecue)", -1;
	}
	if (kws[k].kind == FACT_LABEL) {
		if (strcmp(scope, "area") && strcmp(scope, "procedure") && strcmp(scope, "seat"))
			return *why = "factlabel FIELD is area, procedure or seat", -1;
	} else if (scope != NULL && meta_court_index(r, scope) < 0) {
		return *why = "unknown court code (define it with 'court' first)", -1;
	}
	if (kws[k].kind == FACT_STATECUE && strchr(phrase, '*') == NULL)
		return *why = "statecue PATTERN needs a '*' where the State's name stands", -1;
	*why = "out of memory";
	struct fact_rule *f = PUSH(r->facts);
	if (f == NULL)
		return -1;
	f->kind = kws[k].kind;
	f->weight = w;
	if ((scope && (f->scope = strdup(scope)) == NULL) ||
	    (value && (f->value = fact_value(value)) == NULL) ||
	    (f->phrase = meta_flatten(phrase, strlen(phrase))) == NULL)
		return -1;
	return 1;
}

/* ---- text ---------------------------------------------------------------- */

/* Whole-word, ASCII-case-insensitive search of phrase in hay[from..len). */
static long find_word_phrase(const char *hay, size_t len, size_t from, const char *phrase)
{
	size_t pl = strlen(phrase);
	for (size_t i = from; pl > 0 && i + pl <= len; i++) {
		if (strncasecmp(hay + i, phrase, pl) != 0)
			continue;
		if (meta_is_word_byte((unsigned char)phrase[0]) && i > 0 &&
		    meta_is_word_byte((unsigned char)hay[i - 1]))
			continue;
		if (meta_is_word_byte((unsigned char)phrase[pl - 1]) && i + pl < len &&
		    meta_is_word_byte((unsigned char)hay[i + pl]))
			continue;
		return (long)i;
	}
	return -1;
}

static int starts_with_ci(const char *s, const char *w)
{
	return strncasecmp(s, w, strlen(w)) == 0;
}

/* The footnote mark on the line at p: a line that is a bare number of one
 * to three digits ("4", as pdftotext lays a footnote's mark out; a
 * paragraph number has its dot) with a line of text after it.  Returns the
 * number, or -1. */
static int footnote_mark(const char *p)
{
	const char *nl = strchr(p, '\n');
	const char *q = p + strspn(p, " \t");
	size_t d = strspn(q, "0123456789");
	const char *after = q + d + strspn(q + d, " \t\r");
	if (nl == NULL || d < 1 || d > 3 || after != nl)
		return -1;
	const char *next = nl + 1 + strspn(nl + 1, " \t");
	if (*next == '\n' || *next == '\0')
		return -1;
	return atoi(q);
}

#define FOOTNOTE_MARK '\x01' /* stands in the flattened text for a footnote's mark */

/* A copy of page in which every footnote mark line becomes FOOTNOTE_MARK,
 * so that an operative window can end where the footnotes begin (pdftotext
 * sets them at the foot of the page, poppler at times before the last
 * paragraph of the page: only the mark itself is sure). */
static char *mark_footnotes(const char *page)
{
	struct buf b = BUF_INIT;
	for (const char *p = page; *p;) {
		const char *nl = strchr(p, '\n');
		const char *e = nl ? nl + 1 : p + strlen(p);
		if (footnote_mark(p) >= 0) {
			buf_addc(&b, FOOTNOTE_MARK);
			buf_addc(&b, '\n');
		} else {
			buf_add(&b, p, (size_t)(e - p));
		}
		p = e;
	}
	return b.len ? buf_detach(&b) : strdup("");
}

/* The flattened text of all pages, joined by spaces; with footnote marks
 * as FOOTNOTE_MARK when marks is set. */
static char *flatten_all(const struct pdf_text *t, int marks, size_t *len)
{
	struct buf b = BUF_INIT;
	for (int i = 0; t != NULL && i < t->n_pages; i++) {
		char *m = marks ? mark_footnotes(t->pages[i]) : NULL;
		const char *pg = m ? m : t->pages[i];
		char *f = meta_flatten(pg, strlen(pg));
		free(m);
		if (f == NULL) {
			buf_free(&b);
			return NULL;
		}
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, f);
		free(f);
	}
	*len = b.len;
	if (b.len == 0) {
		buf_free(&b);
		return strdup("");
	}
	return buf_detach(&b);
}

/* ---- States -------------------------------------------------------------- */

/* The names a State is known by: its aliases (the English name first),
 * then its Dutch name (a View in Dutch translation, a Dutch ruling citing
 * "EHRM ... t. Spanje").  Index a runs from 0 to the number of aliases
 * inclusive; NULL past the end. */
static const char *state_name_at(const struct vocab_state *st, size_t a)
{
	size_t n = 0;
	while (st->aliases[n])
		n++;
	return a < n ? st->aliases[a] : a == n ? st->name_nl : NULL;
}

/* The State whose name or alias starts at s (longest match), or -1.  Only
 * States that can be a party before court count (the parties to its
 * complaints procedure, data/states.txt). */
static long state_at(const struct vocab *v, const char *court, const char *s, size_t *mlen)
{
	long best = -1;
	size_t bl = 0;
	for (size_t i = 0; i < vocab_n_states(v); i++) {
		const struct vocab_state *st = vocab_state_at(v, i);
		if (!vocab_state_party_before(v, i, court))
			continue;
		for (size_t a = 0; a == 0 || st->aliases[a - 1]; a++) {
			const char *name = state_name_at(st, a);
			size_t al = name ? strlen(name) : 0;
			if (al > bl && strncasecmp(s, name, al) == 0 &&
			    !meta_is_word_byte((unsigned char)s[al])) {
				best = (long)i;
				bl = al;
			}
		}
	}
	*mlen = bl;
	return best;
}

/* Upper-case letters of the French names: poppler keeps the accents that
 * ASCII case folding does not fold.  Writes an ASCII, accent-free copy. */
static char *fold_accents(const char *s, size_t n)
{
	char *o = malloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; o && i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xc3 && i + 1 < n) {
			unsigned char d = (unsigned char)s[++i];
			/* À-Å, Ç, È-Ë, Ì-Ï, Ò-Ö, Ù-Ü and their small letters */
			unsigned char lo = d >= 0xa0 ? (unsigned char)(d - 0x20) : d;
			char r = lo <= 0x85 ? 'a' : lo == 0x87 ? 'c' : lo <= 0x8b ? 'e' : lo <= 0x8f ? 'i'
				: lo >= 0x92 && lo <= 0x96 ? 'o' : lo >= 0x99 && lo <= 0x9c ? 'u' : '?';
			o[k++] = r;
		} else {
			o[k++] = (char)c;
		}
	}
	if (o)
		o[k] = '\0';
	return o;
}

/* States named at s, as in "the Republic of Moldova and Russia": appends
 * their names to out (separated by "; ").  Returns how many. */
static int states_listed(const struct vocab *v, const char *court, const char *s,
			 struct buf *out)
{
	int n = 0;
	char *f = fold_accents(s, strnlen(s, 160));
	if (f == NULL)
		return 0;
	const char *p = f;
	for (;;) {
		if (starts_with_ci(p, "the "))
			p += 4;
		size_t ml;
		long si = state_at(v, court, p, &ml);
		if (si < 0) {
			/* French names written without accents match their folded form */
			for (size_t i = 0; si < 0 && i < vocab_n_states(v); i++)
				for (size_t a = 0; vocab_state_party_before(v, i, court) &&
						   vocab_state_at(v, i)->aliases[a]; a++) {
					char *fa = fold_accents(vocab_state_at(v, i)->aliases[a],
								strlen(vocab_state_at(v, i)->aliases[a]));
					size_t al = fa ? strlen(fa) : 0;
					if (fa && al && strncasecmp(p, fa, al) == 0 &&
					    !meta_is_word_byte((unsigned char)p[al])) {
						si = (long)i;
						ml = al;
					}
					free(fa);
					if (si >= 0)
						break;
				}
		}
		if (si < 0 || n >= MAX_STATES)
			break;
		if (n++)
			buf_adds(out, "; ");
		buf_adds(out, vocab_state_at(v, (size_t)si)->name);
		p += ml;
		if (starts_with_ci(p, " and "))
			p += 5;
		else if (starts_with_ci(p, " et "))
			p += 4;
		else if (starts_with_ci(p, ", "))
			p += 2;
		else
			break;
	}
	free(f);
	return n;
}

/* Does the frame's part before '*' (pre bytes of frame) end at s[p]? */
static int frame_before(const char *s, size_t p, const char *frame, size_t pre)
{
	return p >= pre && strncasecmp(s + p - pre, frame, pre) == 0;
}

/* The State a document is about: the one whose names score most, a name
 * counting 1 and a name framed by a statecue counting the cue's weight.  A
 * frame of weight STATE_DECISIVE or more names the State party itself (the
 * cover block "State party: Spain", "a violation by Switzerland"): the
 * State such frames name most wins whatever the other mentions say.
 * Returns the index or -1. */
static long state_by_score(const struct meta_rules *r, const char *scope, const char *court,
			   const char *s, size_t len, int *score)
{
	const struct vocab *v = r->courts;
	long best = -1;
	int bs = 0, bd = 0;
	for (size_t i = 0; i < vocab_n_states(v); i++) {
		const struct vocab_state *st = vocab_state_at(v, i);
		if (!vocab_state_party_before(v, i, court))
			continue;
		int sc = 0, dsc = 0;
		for (size_t a = 0; state_name_at(st, a); a++) {
			const char *name = state_name_at(st, a);
			size_t al = strlen(name);
			for (long p = find_word_phrase(s, len, 0, name); p >= 0;
			     p = find_word_phrase(s, len, (size_t)p + al, name)) {
				/* "A.A.A. v. Spain (CRC/C/73/D/2/2015)", "Casanovas v France"
				 * cite another case */
				if ((p >= 3 && strncmp(s + p - 3, "v. ", 3) == 0) ||
				    (p >= 3 && strncmp(s + p - 3, " v ", 3) == 0) ||
				    (p >= 7 && strncasecmp(s + p - 7, "v. the ", 7) == 0))
					continue;
				sc++;
				for (size_t k = 0; k < r->facts.n; k++) {
					const struct fact_rule *f = &r->facts.v[k];
					if (f->kind != FACT_STATECUE || strcmp(f->scope, scope))
						continue;
					const char *star = strchr(f->phrase, '*');
					size_t pre = (size_t)(star - f->phrase);
					const char *post = star + 1;
					if (strncasecmp(s + p + al, post, strlen(post)) == 0 &&
					    (frame_before(s, (size_t)p, f->phrase, pre) ||
					     ((size_t)p >= 4 && strncasecmp(s + p - 4, "the ", 4) == 0 &&
					      frame_before(s, (size_t)p - 4, f->phrase, pre)))) {
						sc += f->weight;
						if (f->weight >= STATE_DECISIVE)
							dsc += f->weight;
					}
				}
			}
		}
		if (dsc > bd || (dsc == bd && sc > bs)) {
			bd = dsc;
			bs = sc;
			best = (long)i;
		}
	}
	*score = bs;
	return best;
}

/* ---- outcome and articles ------------------------------------------------ */

/* Reads an article list at p: "articles 3 (1), 12 and 37 (a)", "Article 2
 * of Protocol No. 1", "l'article 14".  Appends "3(1); 12; 37(a)" to out. */
static void read_articles(const char *p, const char *end, struct buf *out)
{
	int any = 0;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == ','))
			p++;
		if (starts_with_ci(p, "and ") || starts_with_ci(p, "et "))
			p += *p == 'a' || *p == 'A' ? 4 : 3;
		else if (starts_with_ci(p, "read ") || starts_with_ci(p, "taken ") ||
			 starts_with_ci(p, "in conjunction ") || starts_with_ci(p, "combiné ")) {
			/* "read (alone and) in conjunction with", "combiné avec" */
			const char *w = strstr(p, " with ");
			const char *av = strstr(p, " avec ");
			if (w == NULL || w - p > 40)
				w = av;
			if (w == NULL || w - p > 40)
				return;
			p = w + 6;
		}
		if (starts_with_ci(p, "articles "))
			p += 9;
		else if (starts_with_ci(p, "article "))
			p += 8;
		else if (starts_with_ci(p, "l'article "))
			p += 10;
		else if (starts_with_ci(p, "art. "))
			p += 5;
		else if (!any)
			return;
		if (!isdigit((unsigned char)*p))
			return;
		const char *num = p;
		while (p < end && isdigit((unsigned char)*p))
			p++;
		struct buf a = BUF_INIT;
		buf_add(&a, num, (size_t)(p - num));
		/* paragraphs: " (1)", "(a)", " (1) and (2)" keeps the first */
		const char *q = p;
		if (*q == ' ')
			q++;
		if (*q == '(' && q + 2 < end && strchr(q, ')') && strchr(q, ')') - q <= 4) {
			const char *c = strchr(q, ')');
			buf_add(&a, q, (size_t)(c - q + 1));
			p = c + 1;
		}
		/* "of Protocol No. 1", "du Protocole n° 1" */
		const char *t = p;
		if (starts_with_ci(t, " of Protocol No. ") || starts_with_ci(t, " to Protocol No. ")) {
			t += 17;
		} else if (starts_with_ci(t, " du Protocole no ") || starts_with_ci(t, " du Protocole n o ")) {
			t += starts_with_ci(t, " du Protocole no ") ? 17 : 18;
		} else {
			t = NULL;
		}
		if (t && isdigit((unsigned char)*t)) {
			struct buf pa = BUF_INIT;
			buf_addf(&pa, "P%c-%s", *t, buf_str(&a));
			buf_free(&a);
			a = pa;
			p = t + 1;
		}
		if (out->len)
			buf_adds(out, "; ");
		buf_adds(out, buf_str(&a));
		buf_free(&a);
		any = 1;
		if (starts_with_ci(p, " of the Convention") || starts_with_ci(p, " de la Convention"))
			p += 18;
		if (p < end && *p == ',' && !(starts_with_ci(p, ", ") && (isdigit((unsigned char)p[2]) ||
									 starts_with_ci(p + 2, "and ") ||
									 starts_with_ci(p + 2, "read ") ||
									 starts_with_ci(p + 2, "in conjunction ") ||
									 starts_with_ci(p + 2, "taken "))))
			return;
		if (!(starts_with_ci(p, ", ") || starts_with_ci(p, " and ") || starts_with_ci(p, " et ") ||
		      starts_with_ci(p, " read ") || starts_with_ci(p, " taken ") ||
		      starts_with_ci(p, " in conjunction ") ||
		      starts_with_ci(p, " combiné ")))
			return;
		p++;
	}
}

/* Does out (a "; " list) hold a? */
static int list_has(const char *list, const char *a)
{
	size_t al = strlen(a);
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ";");
		if (n == al && strncmp(p, a, al) == 0)
			return 1;
		p += n;
		p += strspn(p, "; ");
	}
	return 0;
}

static int outcome_facts(const struct meta_rules *r, const char *scope, int first_wins,
			 const char *s, size_t len, struct meta *m, struct error **err)
{
	long op = -1;
	const char *op_phrase = NULL;
	for (size_t k = 0; k < r->facts.n; k++) {
		const struct fact_rule *f = &r->facts.v[k];
		if (f->kind != FACT_OPERATIVE || strcmp(f->scope, scope))
			continue;
		size_t pl = strlen(f->phrase);
		for (long p = find_word_phrase(s, len, 0, f->phrase); p >= 0;
		     p = find_word_phrase(s, len, (size_t)p + pl, f->phrase))
			if (p > op) {
				op = p;
				op_phrase = f->phrase;
			}
	}
	if (op < 0)
		return 0;
	size_t wend = (size_t)op + OPERATIVE_WINDOW < len ? (size_t)op + OPERATIVE_WINDOW : len;
	/* ECtHR operative parts run longer: up to "Done in English" */
	if (strcmp(scope, "ECTHR") == 0) {
		long done = find_word_phrase(s, len, (size_t)op, "Done in");
		long fait = find_word_phrase(s, len, (size_t)op, "Fait en");
		long e = done >= 0 ? done : fait >= 0 ? fait : (long)len;
		if (fait >= 0 && fait < e)
			e = fait;
		wend = (size_t)e < (size_t)op + 8000 ? (size_t)e : (size_t)op + 8000;
		if (wend > len)
			wend = len;
	}
	/* A judgment's holdings are many: the first rule in file order wins
	 * (a violation found anywhere).  A View has one conclusion, followed
	 * at times by individual opinions that argue for another: there the
	 * conclusion that comes first wins (the longer phrase at one place),
	 * unless the decision is on admissibility only. */
	const struct fact_rule *win = NULL;
	long wp = -1;
	/* a View's operative paragraph ends where the footnotes begin */
	const char *fn = first_wins ? memchr(s + op, FOOTNOTE_MARK, wend - (size_t)op) : NULL;
	if (fn != NULL)
		wend = (size_t)(fn - s);
	for (size_t k = 0; k < r->facts.n; k++) {
		const struct fact_rule *f = &r->facts.v[k];
		if (f->kind != FACT_OUTCOME || strcmp(f->scope, scope))
			continue;
		long p = find_word_phrase(s, wend, (size_t)op, f->phrase);
		if (p < 0)
			continue;
		if (strcmp(f->value, "-") == 0)
			return 0; /* a decision on admissibility only: no outcome */
		if (win == NULL || (first_wins && (p < wp || (p == wp && strlen(f->phrase) >
								    strlen(win->phrase))))) {
			win = f;
			wp = p;
		}
	}
	if (win != NULL && meta_field_set(&m->outcome, err, win->value, "text:operative:'%s':'%s'",
					  op_phrase, win->phrase) < 0)
		return -1;
	/* An operative phrase with nothing readable after it ("The Committee
	 * decides:" and then a footnote): the last conclusion before it. */
	size_t from = op > OPERATIVE_BEFORE ? (size_t)op - OPERATIVE_BEFORE : 0;
	const struct fact_rule *last = NULL;
	long lp = -1;
	for (size_t k = 0; m->outcome.value == NULL && k < r->facts.n; k++) {
		const struct fact_rule *f = &r->facts.v[k];
		if (f->kind != FACT_OUTCOME || strcmp(f->scope, scope))
			continue;
		size_t pl = strlen(f->phrase);
		for (long p = find_word_phrase(s, (size_t)op, from, f->phrase); p >= 0;
		     p = find_word_phrase(s, (size_t)op, (size_t)p + pl, f->phrase))
			if (p > lp) {
				lp = p;
				last = f;
			}
	}
	if (last != NULL && strcmp(last->value, "-") != 0 &&
	    meta_field_set(&m->outcome, err, last->value, "text:before-operative:'%s':'%s'",
			   op_phrase, last->phrase) < 0)
		return -1;
	if (m->outcome.value == NULL || strcmp(m->outcome.value, "violation") != 0)
		return 0;
	struct buf arts = BUF_INIT;
	for (size_t k = 0; k < r->facts.n; k++) {
		const struct fact_rule *f = &r->facts.v[k];
		if (f->kind != FACT_VIOLATED || strcmp(f->scope, scope))
			continue;
		size_t pl = strlen(f->phrase);
		for (long p = find_word_phrase(s, wend, (size_t)op, f->phrase); p >= 0;
		     p = find_word_phrase(s, wend, (size_t)p + pl, f->phrase)) {
			struct buf one = BUF_INIT;
			read_articles(s + p + pl + (s[p + pl] == ' '), s + wend, &one);
			/* merge without repeats */
			for (const char *q = buf_str(&one); *q;) {
				size_t n = strcspn(q, ";");
				char a[32];
				snprintf(a, sizeof(a), "%.*s", (int)(n < 31 ? n : 31), q);
				if (!list_has(buf_str(&arts), a)) {
					if (arts.len)
						buf_adds(&arts, "; ");
					buf_adds(&arts, a);
				}
				q += n;
				q += strspn(q, "; ");
			}
			buf_free(&one);
		}
	}
	int rc = 0;
	if (arts.len)
		rc = meta_field_set(&m->violated, err, buf_str(&arts), "text:operative:'%s'",
				    op_phrase);
	buf_free(&arts);
	return rc;
}

/* ---- parties ------------------------------------------------------------- */

/* Initials as UN documents name authors: "D.D.", "J.A.B.S.", "C.O.-J.". */
static size_t initials_at(const char *p)
{
	size_t n = 0, letters = 0;
	while (isupper((unsigned char)p[n]) && p[n + 1] == '.') {
		n += 2;
		letters++;
		if (p[n] == '-' && isupper((unsigned char)p[n + 1]))
			n++;
	}
	return letters >= 1 && !meta_is_word_byte((unsigned char)p[n]) ? n : 0;
}

static int un_parties(const struct meta_rules *r, const char *s, size_t len, struct meta *m,
		      struct error **err)
{
	for (size_t k = 0; k < r->facts.n; k++) {
		const struct fact_rule *f = &r->facts.v[k];
		if (f->kind != FACT_PARTIES || strcmp(f->scope, "CRC"))
			continue;
		long p = find_word_phrase(s, len < 20000 ? len : 20000, 0, f->phrase);
		if (p < 0)
			continue;
		const char *q = s + p + strlen(f->phrase);
		q += strspn(q, " ");
		struct buf b = BUF_INIT;
		int n = 0;
		for (;;) {
			size_t il = initials_at(q);
			if (il == 0)
				break;
			if (n++)
				buf_adds(&b, " and ");
			buf_add(&b, q, il);
			q += il;
			if (starts_with_ci(q, " and "))
				q += 5;
			else if (starts_with_ci(q, ", ") && initials_at(q + 2))
				q += 2;
			else
				break;
		}
		int rc = 0;
		if (n > 0)
			rc = meta_field_set(&m->parties, err, buf_str(&b), "text:'%s'", f->phrase);
		buf_free(&b);
		if (n > 0 || rc < 0)
			return rc;
	}
	return 0;
}

/* "CASE OF LAVIDA AND OTHERS v. GREECE": parties "Lavida and Others", and
 * the respondent State(s). */
static int echr_case(const struct meta_rules *r, const char *s, size_t len, struct meta *m,
		     struct error **err)
{
	size_t lim = len < 3000 ? len : 3000;
	for (size_t k = 0; k < r->facts.n; k++) {
		const struct fact_rule *f = &r->facts.v[k];
		if (f->kind != FACT_RESPONDENT || strcmp(f->scope, "ECTHR"))
			continue;
		long p = find_word_phrase(s, lim, 0, f->phrase);
		if (p < 0)
			continue;
		const char *a = s + p + strlen(f->phrase) + 1;
		const char *v = strstr(a, " v. ");
		const char *c = strstr(a, " c. ");
		if (v == NULL || (c != NULL && c < v))
			v = c;
		if (v == NULL || v - a > 120)
			continue;
		struct buf st = BUF_INIT, pa = BUF_INIT;
		int rc = 0;
		if (states_listed(r->courts, "ECTHR", v + 4, &st) > 0)
			rc = meta_field_set(&m->state, err, buf_str(&st), "text:'%s ... v.'", f->phrase);
		/* Title case: "LAVIDA AND OTHERS" -> "Lavida and Others" */
		int start = 1;
		for (const char *q = a; q < v; q++) {
			unsigned char ch = (unsigned char)*q;
			if (start && (starts_with_ci(q, "and ") || starts_with_ci(q, "et "))) {
				buf_add(&pa, q, *q == 'a' || *q == 'A' ? 3 : 2);
				for (size_t i = pa.len - (*q == 'a' || *q == 'A' ? 3 : 2); i < pa.len; i++)
					pa.s[i] = (char)tolower((unsigned char)pa.s[i]);
				q += (*q == 'a' || *q == 'A' ? 2 : 1);
				start = 0;
				continue;
			}
			if (!start && ch == 0xc3 && q + 1 < v && (unsigned char)q[1] >= 0x80 &&
			    (unsigned char)q[1] <= 0x9e && (unsigned char)q[1] != 0x97) {
				/* À..Þ -> à..þ */
				buf_addc(&pa, (char)ch);
				buf_addc(&pa, (char)((unsigned char)*++q + 0x20));
				continue;
			}
			buf_addc(&pa, start ? (char)ch : (char)tolower(ch));
			start = !(isalpha(ch) || ch >= 0x80);
		}
		if (rc == 0 && pa.len)
			rc = meta_field_set(&m->parties, err, buf_str(&pa), "text:'%s ... v.'", f->phrase);
		buf_free(&st);
		buf_free(&pa);
		if (rc < 0 || m->state.value)
			return rc;
	}
	return 0;
}

/* Appends "; " and v[0..vl) to the list out (n bytes) unless the list
 * already holds it or it does not fit. */
static void list_add(char *out, size_t n, const char *v, size_t vl)
{
	for (const char *o = out; *o;) {
		size_t ol = strcspn(o, ";");
		if (ol == vl && strncmp(o, v, vl) == 0)
			return;
		o += ol;
		o += strspn(o, "; ");
	}
	size_t ol = strlen(out);
	if (ol + vl + 3 < n)
		snprintf(out + ol, n - ol, "; %.*s", (int)vl, v);
}


/* ---- Dutch rulings: header lines ----------------------------------------- */

/* A header value that runs on over the next lines, each indented to the
 * value's column (rechtspraak.nl's "Rechtsgebied  Civiel recht" over
 * "              Civiel recht; Personen- en familierecht"): appends the
 * parts of those lines that out does not hold yet, separated by "; ".
 * nl is the end of the label's line, col the value's column. */
static void label_continued(const char *nl, const char *end, size_t col, char *out, size_t n)
{
	while (nl < end && *nl == '\n') {
		const char *p = nl + 1;
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		size_t ind = 0;
		while (p + ind < e && p[ind] == ' ')
			ind++;
		if (ind != col || p + ind >= e)
			return;
		const char *q = p + ind;
		while (q < e) {
			const char *semi = memchr(q, ';', (size_t)(e - q));
			const char *pe = semi ? semi : e;
			while (pe > q && (pe[-1] == ' ' || pe[-1] == '\r'))
				pe--;
			size_t pl = (size_t)(pe - q);
			if (pl)
				list_add(out, n, q, pl);
			q = semi ? semi + 1 : e;
			q += strspn(q, " ");
		}
		nl = e;
	}
}

/* The value of header label `label` on a line of page 1: the line starts
 * with it and a ':' or two spaces follow, or the value glued to it with a
 * capital (poppler's table cells), or the line is short, as in a centred
 * "Zittingsplaats Zwolle".  Writes the trimmed value into out. */
static int label_line(const char *page, size_t plen, const char *label, char *out, size_t n)
{
	size_t ll = strlen(label);
	for (const char *p = page, *end = page + plen; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *q = p;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(e - q) > ll && strncasecmp(q, label, ll) == 0) {
			const char *v = q + ll;
			int colon = *v == ':';
			if (colon)
				v++;
			size_t sp = strspn(v, " \t");
			const char *ve = e;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t' || ve[-1] == '\r'))
				ve--;
			int words = 0;
			for (const char *w = v + sp; w < ve; w++)
				words += *w == ' ' && w[1] != ' ';
			/* poppler glues a table's cells: "RechtsgebiedStrafrecht" */
			int glued = sp == 0 && !colon && isupper((unsigned char)*v);
			if ((sp >= 1 || glued) && v + sp < ve && (colon || glued || sp >= 2 || words <= 2)) {
				snprintf(out, n, "%.*s", (int)(ve - v - sp), v + sp);
				label_continued(e, end, (size_t)(v + sp - p), out, n);
				return 1;
			}
		}
		p = e + 1;
	}
	return 0;
}

/* Reads the names of rechtsgebieden ("areaname" rules) at p, separated by
 * ';' or ',', up to the end of the line (a table's '|' ends it too, and so
 * does a label glued to the last name: "familierechtVindplaatsen").  On
 * success writes them to out as "A; B" and returns how many; 0 when the
 * line holds anything else. */
static int area_names_at(const struct meta_rules *r, const char *p, char *out, size_t n)
{
	int k = 0;
	out[0] = '\0';
	for (;;) {
		p += strspn(p, " \t");
		size_t best = 0;
		for (size_t j = 0; j < r->facts.n; j++) {
			const struct fact_rule *g = &r->facts.v[j];
			size_t gl = strlen(g->phrase);
			if (g->kind == FACT_AREANAME && gl > best && strncasecmp(p, g->phrase, gl) == 0 &&
			    (!meta_is_word_byte((unsigned char)p[gl]) || isupper((unsigned char)p[gl])))
				best = gl;
		}
		if (best == 0)
			return 0;
		size_t ol = strlen(out);
		if (ol + best + 3 >= n)
			return 0;
		snprintf(out + ol, n - ol, "%s%.*s", k ? "; " : "", (int)best, p);
		k++;
		p += best;
		if (isupper((unsigned char)*p))
			return k; /* a label glued to the value */
		p += strspn(p, " \t\r");
		if (*p == ';' || *p == ',') {
			p++;
			continue;
		}
		return *p == '\n' || *p == '\0' || *p == '|' ? k : 0;
	}
}

/* The lines after the area label's line that hold nothing but rechtsgebied
 * names continue its value, however they are indented (poppler glues the
 * label to the value and sets the next line at the margin:
 * "RechtsgebiedCiviel recht" over "Civiel recht; Personen- en
 * familierecht").  Appends the names out does not hold yet. */
static void area_lines_after(const struct meta_rules *r, const char *page, const char *label,
			     char *out, size_t n)
{
	size_t ll = strlen(label);
	const char *p = page;
	for (; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
		const char *q = p + strspn(p, " \t");
		if (strncasecmp(q, label, ll) == 0)
			break;
	}
	while (*p && (p = strchr(p, '\n')) != NULL) {
		p++;
		char names[300];
		if (area_names_at(r, p + strspn(p, " \t"), names, sizeof(names)) == 0)
			return;
		for (const char *q = names; *q;) {
			size_t nl = strcspn(q, ";");
			list_add(out, n, q, nl);
			q += nl;
			q += strspn(q, "; ");
		}
	}
}

#define HEADER_LINES 20 /* unlabelled header values: the first lines of page 1 */

/* The rechtsgebied of a header the label rules do not read: a label
 * followed by the names on its line (one space, a table's '|') or alone on
 * its line with the names on the next; else, in the first HEADER_LINES
 * lines, a line of nothing but names (a header printed without its
 * labels).  Writes the names to out; returns 1 when found. */
static int area_in_header(const struct meta_rules *r, const char *page, char *out, size_t n)
{
	int line = 0;
	for (const char *p = page; *p; line++) {
		const char *nl = strchr(p, '\n');
		const char *q = p + strspn(p, " \t");
		for (size_t k = 0; k < r->facts.n; k++) {
			const struct fact_rule *f = &r->facts.v[k];
			size_t ll = strlen(f->phrase);
			if (f->kind != FACT_LABEL || strcmp(f->scope, "area") ||
			    strncasecmp(q, f->phrase, ll) != 0 || meta_is_word_byte((unsigned char)q[ll]))
				continue;
			const char *v = q + ll;
			v += strspn(v, " \t:|");
			if (*v != '\n' && *v != '\r' && *v != '\0')
				return area_names_at(r, v, out, n) > 0;
			if (nl == NULL)
				return 0;
			v = nl + 1;
			v += strspn(v, " \t");
			return area_names_at(r, v, out, n) > 0;
		}
		if (line < HEADER_LINES && q != nl && area_names_at(r, q, out, n) > 0)
			return 1;
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return 0;
}

static int dutch_facts(const struct meta_rules *r, const struct pdf_text *t, const char *s,
		       size_t len, struct meta *m, struct error **err)
{
	const char *p1 = t->n_pages > 0 ? t->pages[0] : "";
	size_t p1len = strlen(p1);
	char val[300];
	for (size_t k = 0; k < r->facts.n; k++) {
		const struct fact_rule *f = &r->facts.v[k];
		if (f->kind != FACT_LABEL || !label_line(p1, p1len, f->phrase, val, sizeof(val)))
			continue;
		if (strcmp(f->scope, "area") == 0 && m->area.value == NULL) {
			area_lines_after(r, p1, f->phrase, val, sizeof(val));
			if (meta_field_set(&m->area, err, val, "text:page1:label '%s'", f->phrase) < 0)
				return -1;
		} else if (strcmp(f->scope, "seat") == 0 && m->seat.value == NULL &&
			   m->court.value && strncmp(m->court.value, "RB", 2) == 0) {
			/* only a district court sits in several places (see
			 * search/citeas.c); a court of appeal's "locatie" is not
			 * a zittingsplaats */
			if (meta_field_set(&m->seat, err, val, "text:page1:label '%s'", f->phrase) < 0)
				return -1;
		} else if (strcmp(f->scope, "procedure") == 0 && m->procedure.value == NULL) {
			for (size_t j = 0; j < r->facts.n; j++) {
				const struct fact_rule *g = &r->facts.v[j];
				if (g->kind == FACT_PROCEDURE &&
				    find_word_phrase(val, strlen(val), 0, g->phrase) >= 0) {
					if (meta_field_set(&m->procedure, err, g->value,
							   "text:page1:label '%s':'%s'", f->phrase,
							   g->phrase) < 0)
						return -1;
					break;
				}
			}
		}
	}
	/* Procedure from the opening of the ruling: the earliest cue. */
	size_t head = len < 3000 ? len : 3000;
	if (m->procedure.value == NULL) {
		long best = -1;
		const struct fact_rule *bf = NULL;
		for (size_t j = 0; j < r->facts.n; j++) {
			const struct fact_rule *g = &r->facts.v[j];
			if (g->kind != FACT_PROCEDURE)
				continue;
			long p = find_word_phrase(s, head, 0, g->phrase);
			if (p >= 0 && (best < 0 || p < best)) {
				best = p;
				bf = g;
			}
		}
		if (bf && meta_field_set(&m->procedure, err, bf->value, "text:head:'%s'", bf->phrase) < 0)
			return -1;
	}
	if (m->area.value == NULL && area_in_header(r, p1, val, sizeof(val)) &&
	    meta_field_set(&m->area, err, val, "text:page1:area-names") < 0)
		return -1;
	/* Area from the content when the header has none: the strongest cues. */
	if (m->area.value == NULL) {
		const char *best = NULL;
		int bw = 0;
		for (size_t j = 0; j < r->facts.n; j++) {
			const struct fact_rule *g = &r->facts.v[j];
			if (g->kind != FACT_AREA)
				continue;
			int w = 0;
			for (size_t i = j; i < r->facts.n; i++) {
				const struct fact_rule *h = &r->facts.v[i];
				if (h->kind != FACT_AREA || strcmp(h->value, g->value))
					continue;
				if (find_word_phrase(s, len, 0, h->phrase) >= 0)
					w += h->weight;
			}
			int seen = 0;
			for (size_t i = 0; i < j; i++)
				seen |= r->facts.v[i].kind == FACT_AREA && !strcmp(r->facts.v[i].value, g->value);
			if (!seen && w > bw) {
				bw = w;
				best = g->value;
			}
		}
		if (best && bw >= 3 && meta_field_set(&m->area, err, best, "text:area-cues:%d", bw) < 0)
			return -1;
	}
	return 0;
}

/* ---- entry --------------------------------------------------------------- */

int meta_detect_facts(const struct meta_rules *r, const struct pdf_text *t, struct meta *m,
		      struct error **err)
{
	if (t == NULL || t->n_pages == 0)
		return 0;
	const char *court = m->court.value ? m->court.value : "";
	const char *type = m->type.value ? m->type.value : "";
	/* the Views of every UN committee follow the rules of SCOPE CRC */
	int un = strcmp(type, "un_views") == 0;
	int echr = strcmp(court, "ECTHR") == 0 && strcmp(type, "ruling") == 0;
	int dutch = m->ident.value && strncasecmp(m->ident.value, "ECLI:NL:", 8) == 0;
	if (!un && !echr && !dutch)
		return 0;
	size_t len = 0;
	char *s = flatten_all(t, un, &len);
	if (s == NULL)
		return error_set(err, ERR_NOMEM, "out of memory");
	int rc = 0;
	if (un || echr) {
		const char *scope = un ? "CRC" : "ECTHR";
		rc = outcome_facts(r, scope, un, s, len, m, err);
		if (rc == 0 && echr) {
			size_t front = t->n_pages > 1 ? strlen(t->pages[0]) + strlen(t->pages[1]) : len;
			for (size_t k = 0; rc == 0 && k < r->facts.n; k++) {
				const struct fact_rule *f = &r->facts.v[k];
				if (f->kind != FACT_FORMATION || strcmp(f->scope, scope) ||
				    find_word_phrase(s, front < len ? front : len, 0, f->phrase) < 0)
					continue;
				rc = meta_field_set(&m->formation, err, f->value, "text:front:'%s'",
						    f->phrase);
				break;
			}
			if (rc == 0)
				rc = echr_case(r, s, len, m, err);
		}
		if (rc == 0 && un)
			rc = un_parties(r, s, len, m, err);
		if (rc == 0 && m->state.value == NULL) {
			int score;
			long si = state_by_score(r, scope, m->court.value, s, len, &score);
			if (si >= 0 && score >= 2)
				rc = meta_field_set(&m->state, err,
						    vocab_state_at(r->courts, (size_t)si)->name,
						    "text:state-score:%d", score);
		}
	} else {
		rc = dutch_facts(r, t, s, len, m, err);
	}
	free(s);
	return rc;
}
