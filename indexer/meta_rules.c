/* meta_rules.c - reads the recognition rules file (see meta.h; the file's
 * top comment, data/meta-rules.txt, documents its format) into a struct
 * meta_rules (meta_rules.h).  Courts come from the court list the "courts"
 * line names, read by the vocabulary (search/vocab.h). */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/meta_rules.h"

/* ---- rules file -------------------------------------------------------- */

/* Splits the next space-separated word off *s; returns it (in place) or NULL
 * at end of line. */
static char *next_word(char **s)
{
	char *p = *s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return NULL;
	char *w = p;
	while (*p != '\0' && *p != ' ' && *p != '\t')
		p++;
	if (*p != '\0')
		*p++ = '\0';
	*s = p;
	return w;
}

/* The rest of the line, trimmed; NULL when empty. */
static char *rest_of_line(char **s)
{
	char *p = *s;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		p[--n] = '\0';
	*s = p + n;
	return n ? p : NULL;
}

static int parse_where(const char *w, enum where *out)
{
	static const char *const names[] = { "top", "head", "front", "end" };
	for (int i = 0; i < 4; i++)
		if (w != NULL && strcmp(w, names[i]) == 0) {
			*out = (enum where)i;
			return 0;
		}
	return -1;
}

static int parse_int(const char *w, int *out)
{
	if (w == NULL || *w == '\0')
		return -1;
	char *end;
	errno = 0;
	long v = strtol(w, &end, 10);
	if (*end != '\0' || errno != 0 || v < INT_MIN || v > INT_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

/* Parses one non-comment line into r.  Returns 0, or -1 with a reason in
 * *why (static) or ERR_NOMEM in *err. */
static int parse_rule_line(struct meta_rules *r, char *line, const char **why)
{
	char *s = line;
	char *kw = next_word(&s);
	assert(kw != NULL);
	*why = "out of memory";

	if (strcmp(kw, "court") == 0) {
		if (vocab_parse_court(r->courts, s, why) < 0)
			return -1;
	} else if (strcmp(kw, "name") == 0) {
		char *code = next_word(&s), *phrase = rest_of_line(&s);
		if (code == NULL || phrase == NULL)
			return *why = "name needs CODE PHRASE", -1;
		long ci = meta_court_index(r, code);
		if (ci < 0)
			return *why = "unknown court code (define it with 'court' first)", -1;
		struct name_rule *nr = PUSH(r->names);
		if (nr == NULL)
			return -1;
		nr->court = (size_t)ci;
		nr->phrase = meta_flatten(phrase, strlen(phrase));
		if (nr->phrase == NULL)
			return -1;
	} else if (strcmp(kw, "ecli") == 0) {
		char *cc = next_word(&s), *code = next_word(&s);
		if (cc == NULL || code == NULL || rest_of_line(&s) != NULL || strchr(cc, ':') == NULL)
			return *why = "ecli needs CC:COURT CODE", -1;
		long ci = meta_court_index(r, code);
		if (ci < 0)
			return *why = "unknown court code (define it with 'court' first)", -1;
		struct ecli_rule *e = PUSH(r->eclis);
		if (e == NULL)
			return -1;
		e->court = (size_t)ci;
		if ((e->cc_court = strdup(cc)) == NULL)
			return -1;
	} else if (strcmp(kw, "ident") == 0) {
		char *kind = next_word(&s), *type = next_word(&s), *body = next_word(&s);
		char *re = rest_of_line(&s);
		if (kind == NULL || type == NULL || body == NULL || re == NULL)
			return *why = "ident needs KIND TYPE BODY REGEX", -1;
		if (strcmp(type, "-") != 0 && !vocab_is_type(type))
			return *why = "unknown document type", -1;
		long ci = -1;
		if (strcmp(body, "-") != 0 && (ci = meta_court_index(r, body)) < 0)
			return *why = "unknown court code (define it with 'court' first)", -1;
		char *tmpl = strstr(re, " => ");
		if (tmpl != NULL) {
			*tmpl = '\0';
			tmpl += 4;
			while (*tmpl == ' ')
				tmpl++;
		}
		struct ident_rule *ir = PUSH(r->idents);
		if (ir == NULL)
			return -1;
		if (regcomp(&ir->re, re, REG_EXTENDED | REG_ICASE) != 0) {
			r->idents.n--;
			return *why = "bad regular expression", -1;
		}
		ir->compiled = 1;
		ir->court = ci;
		ir->kind = strdup(kind);
		ir->type = strcmp(type, "-") ? strdup(type) : NULL;
		ir->tmpl = tmpl && *tmpl ? strdup(tmpl) : NULL;
		if (ir->kind == NULL || (strcmp(type, "-") && ir->type == NULL) ||
		    (tmpl && *tmpl && ir->tmpl == NULL))
			return -1;
	} else if (strcmp(kw, "instrument") == 0) {
		char *id = next_word(&s), *type = next_word(&s), *body = next_word(&s);
		char *date = next_word(&s);
		if (id == NULL || type == NULL || body == NULL || date == NULL || rest_of_line(&s))
			return *why = "instrument needs ID TYPE BODY DATE", -1;
		if (!vocab_is_type(type))
			return *why = "unknown document type", -1;
		long ci = meta_court_index(r, body);
		if (ci < 0)
			return *why = "unknown court code (define it with 'court' first)", -1;
		if (strcmp(date, "-") != 0 && !meta_is_iso_date(date))
			return *why = "date must be YYYY, YYYY-MM or YYYY-MM-DD", -1;
		struct instrument_rule *in = PUSH(r->instruments);
		if (in == NULL)
			return -1;
		in->court = (size_t)ci;
		in->id = strdup(id);
		in->type = strdup(type);
		in->date = strcmp(date, "-") ? strdup(date) : NULL;
		if (in->id == NULL || in->type == NULL || (strcmp(date, "-") && in->date == NULL))
			return -1;
	} else if (strcmp(kw, "type") == 0) {
		char *type = next_word(&s), *weight = next_word(&s), *where = next_word(&s);
		char *phrase = rest_of_line(&s);
		struct cue_rule tmp;
		if (type == NULL || phrase == NULL)
			return *why = "type needs TYPE WEIGHT WHERE PHRASE", -1;
		if (!vocab_is_type(type))
			return *why = "unknown document type", -1;
		if (parse_int(weight, &tmp.weight) < 0 || tmp.weight < 0)
			return *why = "WEIGHT must be a number", -1;
		if (parse_where(where, &tmp.where) < 0)
			return *why = "WHERE must be top, head, front or end", -1;
		struct cue_rule *cr = PUSH(r->cues);
		if (cr == NULL)
			return -1;
		cr->weight = tmp.weight;
		cr->where = tmp.where;
		cr->type = strdup(type);
		cr->phrase = meta_flatten(phrase, strlen(phrase));
		if (cr->type == NULL || cr->phrase == NULL)
			return -1;
	} else if (strcmp(kw, "label") == 0) {
		char *field = next_word(&s), *where = next_word(&s), *phrase = rest_of_line(&s);
		enum where w;
		if (field == NULL || phrase == NULL)
			return *why = "label needs FIELD WHERE PHRASE", -1;
		if (strcmp(field, "date") != 0 && strcmp(field, "court") != 0)
			return *why = "label FIELD must be date or court", -1;
		if (parse_where(where, &w) < 0)
			return *why = "WHERE must be top, head, front or end", -1;
		struct label_rule *lr = PUSH(r->labels);
		if (lr == NULL)
			return -1;
		lr->is_date = strcmp(field, "date") == 0;
		lr->where = w;
		if ((lr->phrase = meta_flatten(phrase, strlen(phrase))) == NULL)
			return -1;
	} else if (strcmp(kw, "session") == 0 || strcmp(kw, "symbolyear") == 0) {
		int sess = strcmp(kw, "session") == 0;
		struct session_rule tmp = { 0 };
		char *prefix = next_word(&s);
		if (prefix == NULL)
			return *why = "missing PREFIX", -1;
		if (sess && (parse_int(next_word(&s), &tmp.first) < 0 ||
			     parse_int(next_word(&s), &tmp.year) < 0 ||
			     parse_int(next_word(&s), &tmp.per) < 0 || tmp.per < 1))
			return *why = "session needs PREFIX FIRST YEAR PER", -1;
		if (rest_of_line(&s) != NULL)
			return *why = "too many fields", -1;
		struct session_rule *sr = PUSH(r->sessions);
		if (sr == NULL)
			return -1;
		*sr = tmp;
		if ((sr->prefix = strdup(prefix)) == NULL)
			return -1;
	} else if (strcmp(kw, "month") == 0) {
		int m;
		char *w;
		if (parse_int(next_word(&s), &m) < 0 || m < 1 || m > 12)
			return *why = "month needs N (1-12) and words", -1;
		int any = 0;
		while ((w = next_word(&s)) != NULL) {
			struct month_rule *mr = PUSH(r->months);
			if (mr == NULL)
				return -1;
			mr->month = m;
			if ((mr->word = strdup(w)) == NULL)
				return -1;
			any = 1;
		}
		if (!any)
			return *why = "month needs N (1-12) and words", -1;
	} else {
		int frc = meta_parse_fact_rule(r, kw, s, why);
		if (frc < 0)
			return -1;
		if (frc == 0)
			return *why = "unknown keyword", -1;
	}
	return 0;
}

/* The line "courts FILE" at path:lineno (arg is what follows the keyword):
 * reads the court list FILE, named relative to the folder of path, into r.
 * Returns 0, or -1 with *err. */
static int read_courts(struct meta_rules *r, const char *path, int lineno, char *arg,
		       struct error **err)
{
	char *name = next_word(&arg);
	if (name == NULL || next_word(&arg) != NULL)
		return error_set(err, ERR_INPUT, "%s:%d: courts needs one FILE", path, lineno);
	const char *slash = strrchr(path, '/');
	int dir = name[0] == '/' || slash == NULL ? 0 : (int)(slash - path + 1);
	char *file = NULL;
	if (asprintf(&file, "%.*s%s", dir, path, name) < 0)
		return error_set(err, ERR_NOMEM, "out of memory loading %s", path);
	int rc = vocab_read(r->courts, file, err);
	free(file);
	return rc;
}

struct meta_rules *meta_rules_load(const char *path, struct error **err)
{
	assert(path != NULL);
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct meta_rules *r = calloc(1, sizeof(*r));
	char *line = NULL;   /* getline buffer */
	size_t cap = 0;
	int lineno = 0;
	if (r == NULL || (r->courts = vocab_new(NULL)) == NULL) {
		error_set(err, ERR_NOMEM, "out of memory loading %s", path);
		goto fail;
	}
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		if (strncmp(p, "courts", 6) == 0 && (p[6] == ' ' || p[6] == '\t' || p[6] == '\0')) {
			if (read_courts(r, path, lineno, p + 6, err) < 0)
				goto fail;
			continue;
		}
		const char *why;
		if (parse_rule_line(r, p, &why) < 0) {
			error_set(err, strcmp(why, "out of memory") ? ERR_INPUT : ERR_NOMEM,
				  "%s:%d: %s", path, lineno, why);
			goto fail;
		}
	}
	if (ferror(f)) {
		error_set(err, ERR_IO, "%s: read error", path);
		goto fail;
	}
	free(line);
	fclose(f);
	return r;
fail:
	free(line);
	fclose(f);
	meta_rules_free(r);
	return NULL;
}

void meta_rules_free(struct meta_rules *r)
{
	if (r == NULL)
		return;
	vocab_free(r->courts);
	for (size_t i = 0; i < r->names.n; i++)
		free(r->names.v[i].phrase);
	for (size_t i = 0; i < r->eclis.n; i++)
		free(r->eclis.v[i].cc_court);
	for (size_t i = 0; i < r->idents.n; i++) {
		if (r->idents.v[i].compiled)
			regfree(&r->idents.v[i].re);
		free(r->idents.v[i].kind);
		free(r->idents.v[i].type);
		free(r->idents.v[i].tmpl);
	}
	for (size_t i = 0; i < r->instruments.n; i++) {
		free(r->instruments.v[i].id);
		free(r->instruments.v[i].type);
		free(r->instruments.v[i].date);
	}
	for (size_t i = 0; i < r->cues.n; i++) {
		free(r->cues.v[i].type);
		free(r->cues.v[i].phrase);
	}
	for (size_t i = 0; i < r->labels.n; i++)
		free(r->labels.v[i].phrase);
	for (size_t i = 0; i < r->sessions.n; i++)
		free(r->sessions.v[i].prefix);
	for (size_t i = 0; i < r->months.n; i++)
		free(r->months.v[i].word);
	free(r->names.v);
	free(r->eclis.v);
	free(r->idents.v);
	free(r->instruments.v);
	free(r->cues.v);
	free(r->labels.v);
	free(r->sessions.v);
	free(r->months.v);
	for (size_t i = 0; i < r->facts.n; i++) {
		free(r->facts.v[i].scope);
		free(r->facts.v[i].value);
		free(r->facts.v[i].phrase);
	}
	free(r->facts.v);
	free(r);
}

const char *meta_court_label(const struct meta_rules *r, const char *code, const char *lang)
{
	return vocab_court_label(r != NULL ? r->courts : NULL, code, lang);
}
