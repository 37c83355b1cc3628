/* vocab.c - codes and their Dutch and English labels (see vocab.h). */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "search/vocab.h"

/* ---- fixed tables ------------------------------------------------------ */

const char *const vocab_types[] = {
	"ruling", "un_general_comment", "un_concluding_observations", "un_views",
	"report", "legislation", "treaty", "other", NULL,
};

/* Dutch and English labels, in the order of vocab_types. */
static const char *const type_labels[][2] = {
	{ "Uitspraak", "Ruling" },
	{ "Algemeen commentaar (VN)", "UN General Comment" },
	{ "Slotbeschouwingen (VN)", "UN Concluding Observations" },
	{ "Views / beslissing (VN)", "UN Views / decision" },
	{ "Rapport", "Report" },
	{ "Wet- en regelgeving", "Legislation" },
	{ "Verdrag", "Treaty" },
	{ "Overig", "Other" },
};

struct label { const char *code, *nl, *en; };

static const struct label langs[] = {
	{ "nl", "Nederlands", "Dutch" },
	{ "en", "Engels", "English" },
	{ "fr", "Frans", "French" },
};

/* Names of instruments as lawyers write them. */
static const struct label instruments[] = {
	{ "CRC", "IVRK", "CRC" },
	{ "ECHR", "EVRM", "ECHR" },
	{ "AWB", "Awb", "GALA (Awb)" },
	{ "VW2000", "Vw 2000", "Aliens Act 2000" },
	{ "VB2000", "Vb 2000", "Aliens Decree 2000" },
	{ "SR", "Sr", "Criminal Code (Sr)" },
	{ "SV", "Sv", "Code of Criminal Procedure (Sv)" },
	{ "JW", "Jeugdwet", "Youth Act" },
	{ "GW", "Grondwet", "Constitution (Gw)" },
	{ "BW", "BW", "Civil Code (BW)" },
	{ "CHARTER", "Handvest EU", "EU Charter" },
	{ "EU", "VWEU", "TFEU" },
	{ "ICCPR", "IVBPR", "ICCPR" },
	{ "ICESCR", "IVESCR", "ICESCR" },
	{ "CRPD", "VN-Verdrag Handicap", "CRPD" },
	{ "CAT", "VN-Antifolterverdrag", "CAT" },
	{ "CEDAW", "VN-Vrouwenverdrag", "CEDAW" },
	{ "REFUGEE", "Vluchtelingenverdrag", "Refugee Convention" },
	{ "HAGUE1980", "HKOV 1980", "Hague Convention 1980" },
	{ "HAGUE1993", "Haags Adoptieverdrag 1993", "Hague Convention 1993" },
	{ "HAGUE1996", "HKBV 1996", "Hague Convention 1996" },
	{ "ACRWC", "ACRWC", "ACRWC" },
	{ "OTHER", "(ander instrument)", "(other instrument)" },
};

/* Full titles, where the pages spell an instrument out. */
static const struct label titles[] = {
	{ "OPSC", "Facultatief Protocol inzake verkoop van kinderen, kinderprostitutie en "
		  "kinderpornografie",
	  "Optional Protocol on the sale of children, child prostitution and child pornography" },
	{ "OPAC", "Facultatief Protocol inzake de betrokkenheid van kinderen bij gewapende "
		  "conflicten",
	  "Optional Protocol on the involvement of children in armed conflict" },
	{ "OPIC", "Facultatief Protocol inzake een communicatieprocedure",
	  "Optional Protocol on a communications procedure" },
};

static const char *const months[][2] = {
	{ "januari", "January" }, { "februari", "February" }, { "maart", "March" },
	{ "april", "April" }, { "mei", "May" }, { "juni", "June" }, { "juli", "July" },
	{ "augustus", "August" }, { "september", "September" }, { "oktober", "October" },
	{ "november", "November" }, { "december", "December" },
};

static int is_nl(const char *lang)
{
	return lang != NULL && strncasecmp(lang, "nl", 2) == 0;
}

static const char *find_label(const struct label *t, size_t n, const char *code, const char *lang)
{
	for (size_t i = 0; code != NULL && i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return is_nl(lang) ? t[i].nl : t[i].en;
	return NULL;
}

int vocab_is_type(const char *s)
{
	for (size_t i = 0; s != NULL && vocab_types[i] != NULL; i++)
		if (strcmp(vocab_types[i], s) == 0)
			return 1;
	return 0;
}

const char *vocab_type_label(const char *type, const char *lang)
{
	size_t other = sizeof(type_labels) / sizeof(type_labels[0]) - 1;
	for (size_t i = 0; type != NULL && vocab_types[i] != NULL; i++)
		if (strcmp(vocab_types[i], type) == 0)
			return type_labels[i][is_nl(lang) ? 0 : 1];
	return type_labels[other][is_nl(lang) ? 0 : 1];
}

const char *vocab_lang_label(const char *code, const char *lang)
{
	const char *l = find_label(langs, sizeof(langs) / sizeof(langs[0]), code, lang);
	return l ? l : is_nl(lang) ? "Overig" : "Other";
}

const char *vocab_instrument_label(const char *code, const char *lang)
{
	return find_label(instruments, sizeof(instruments) / sizeof(instruments[0]), code, lang);
}

const char *vocab_instrument_title(const char *code, const char *lang)
{
	return find_label(titles, sizeof(titles) / sizeof(titles[0]), code, lang);
}

const char *vocab_month_name(int month, const char *lang)
{
	if (month < 1 || month > 12)
		return NULL;
	return months[month - 1][is_nl(lang) ? 0 : 1];
}

/* ---- courts ------------------------------------------------------------ */

struct vocab {
	struct vocab_court *courts;
	size_t n, cap;
	struct vocab_state *states;
	size_t n_states, cap_states;
	char *proc_tag[VOCAB_MAX_PROCS];   /* "opic" */
	char *proc_court[VOCAB_MAX_PROCS]; /* "CRC" */
	size_t n_procs;
};

struct vocab *vocab_new(struct error **err)
{
	struct vocab *v = calloc(1, sizeof(*v));
	if (v == NULL)
		error_set(err, ERR_NOMEM, "out of memory");
	return v;
}

void vocab_free(struct vocab *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->courts[i].code);
		free(v->courts[i].type);
		free(v->courts[i].name);
		free(v->courts[i].name_nl);
	}
	free(v->courts);
	for (size_t i = 0; i < v->n_states; i++) {
		free(v->states[i].name);
		free(v->states[i].name_nl);
		for (size_t j = 0; v->states[i].aliases && v->states[i].aliases[j]; j++)
			free(v->states[i].aliases[j]);
		free(v->states[i].aliases);
	}
	free(v->states);
	for (size_t i = 0; i < v->n_procs; i++) {
		free(v->proc_tag[i]);
		free(v->proc_court[i]);
	}
	free(v);
}

size_t vocab_n_courts(const struct vocab *v)
{
	return v ? v->n : 0;
}

const struct vocab_court *vocab_court_at(const struct vocab *v, size_t i)
{
	assert(v != NULL && i < v->n);
	return &v->courts[i];
}

long vocab_court_index(const struct vocab *v, const char *code)
{
	for (size_t i = 0; v != NULL && code != NULL && i < v->n; i++)
		if (strcmp(v->courts[i].code, code) == 0)
			return (long)i;
	return -1;
}

const char *vocab_court_label(const struct vocab *v, const char *code, const char *lang)
{
	long ci = vocab_court_index(v, code);
	if (ci < 0)
		return NULL;
	const struct vocab_court *c = &v->courts[ci];
	return is_nl(lang) && c->name_nl != NULL ? c->name_nl : c->name;
}

int vocab_parse_court(struct vocab *v, char *args, const char **why)
{
	char *s = args;
	char *code = util_word(&s), *type = util_word(&s), *disp = util_trim(s);
	*why = "out of memory";
	if (code == NULL || type == NULL || *disp == '\0')
		return *why = "court needs CODE TYPE DISPLAY", -1;
	if (strcmp(type, "-") != 0 && !vocab_is_type(type))
		return *why = "unknown document type", -1;
	if (vocab_court_index(v, code) >= 0)
		return *why = "court code defined twice", -1;
	/* "English name | Nederlandse naam" */
	char *bar = strstr(disp, " | "), *nl = NULL;
	if (bar != NULL) {
		nl = util_trim(bar + 3);
		*bar = '\0';
		disp = util_trim(disp);
		if (*disp == '\0' || *nl == '\0' || strstr(nl, " | ") != NULL)
			return *why = "court DISPLAY is 'name' or 'name | Dutch name'", -1;
	}
	if (v->n == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 64;
		struct vocab_court *nc = realloc(v->courts, ncap * sizeof(*nc));
		if (nc == NULL)
			return -1;
		v->courts = nc;
		v->cap = ncap;
	}
	struct vocab_court c = {
		.code = strdup(code),
		.type = strcmp(type, "-") ? strdup(type) : NULL,
		.name = strdup(disp),
		.name_nl = nl != NULL ? strdup(nl) : NULL,
	};
	if (c.code == NULL || c.name == NULL || (strcmp(type, "-") && c.type == NULL) ||
	    (nl != NULL && c.name_nl == NULL)) {
		free(c.code);
		free(c.type);
		free(c.name);
		free(c.name_nl);
		return -1;
	}
	v->courts[v->n++] = c;
	return 0;
}

static int read_include(struct vocab *v, const char *path, const char *name, int lineno,
			struct error **err)
{
	if (*name == '\0' || strchr(name, '/') != NULL)
		return error_set(err, ERR_INPUT, "%s:%d: include needs a file name in the same folder",
				 path, lineno);
	const char *slash = strrchr(path, '/');
	int dir = slash ? (int)(slash - path + 1) : 0;
	char *full = NULL;
	if (asprintf(&full, "%.*s%s", dir, path, name) < 0)
		return error_set(err, ERR_NOMEM, "out of memory");
	int rc = vocab_read(v, full, err);
	free(full);
	return rc;
}

int vocab_read(struct vocab *v, const char *path, struct error **err)
{
	assert(v != NULL && path != NULL);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	char *line = NULL;   /* getline buffer */
	size_t cap = 0;
	int lineno = 0, rc = 0;
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		char *p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		const char *why = "unknown keyword (only 'court', 'state', 'procedure' and 'include' lines belong here)";
		char *kw = util_word(&p);
		if (strcmp(kw, "include") == 0) {
			rc = read_include(v, path, util_trim(p), lineno, err);
			continue;
		}
		int prc = -1;
		if (strcmp(kw, "court") == 0)
			prc = vocab_parse_court(v, p, &why);
		else if (strcmp(kw, "state") == 0)
			prc = vocab_parse_state(v, p, &why);
		else if (strcmp(kw, "procedure") == 0)
			prc = vocab_parse_procedure(v, p, &why);
		if (prc < 0)
			rc = error_set(err, strcmp(why, "out of memory") ? ERR_INPUT : ERR_NOMEM,
				       "%s:%d: %s", path, lineno, why);
	}
	if (rc == 0 && ferror(f))
		rc = error_set(err, ERR_IO, "%s: read error", path);
	free(line);
	fclose(f);
	return rc;
}

struct vocab *vocab_load(const char *path, struct error **err)
{
	struct vocab *v = vocab_new(err);
	if (v != NULL && vocab_read(v, path, err) < 0) {
		vocab_free(v);
		return NULL;
	}
	return v;
}

/* ---- States -------------------------------------------------------------- */

int vocab_parse_procedure(struct vocab *v, char *args, const char **why)
{
	/* "TAG COURT" */
	char *tag = util_word(&args);
	char *court = util_word(&args);
	*why = "procedure needs 'TAG COURT' (e.g. 'procedure opic CRC')";
	if (tag == NULL || court == NULL || *tag == '\0' || *court == '\0' ||
	    *util_trim(args) != '\0')
		return -1;
	*why = "procedure defined twice";
	if (vocab_procedure_bit(v, tag) != 0)
		return -1;
	*why = "too many procedures";
	if (v->n_procs == VOCAB_MAX_PROCS)
		return -1;
	*why = "out of memory";
	char *t = strdup(tag), *c = strdup(court);
	if (t == NULL || c == NULL) {
		free(t);
		free(c);
		return -1;
	}
	v->proc_tag[v->n_procs] = t;
	v->proc_court[v->n_procs++] = c;
	return 0;
}

unsigned vocab_procedure_bit(const struct vocab *v, const char *tag)
{
	for (size_t i = 0; v != NULL && tag != NULL && i < v->n_procs; i++)
		if (strcasecmp(v->proc_tag[i], tag) == 0)
			return 1u << i;
	return 0;
}

int vocab_state_party_before(const struct vocab *v, size_t i, const char *court)
{
	assert(v != NULL && i < v->n_states);
	if (court == NULL || v->states[i].procs == 0)
		return 1;
	unsigned want = 0;
	for (size_t k = 0; k < v->n_procs; k++)
		if (strcmp(v->proc_court[k], court) == 0)
			want |= 1u << k;
	return want == 0 || (v->states[i].procs & want) != 0;
}

/* Procedure tags separated by spaces or commas -> bits; -1 for an unknown tag. */
static long parse_proc_tags(const struct vocab *v, char *s)
{
	unsigned bits = 0;
	char *save = NULL;
	for (char *t = strtok_r(s, " \t,", &save); t != NULL; t = strtok_r(NULL, " \t,", &save)) {
		unsigned b = vocab_procedure_bit(v, t);
		if (b == 0)
			return -1;
		bits |= b;
	}
	return (long)bits;
}

int vocab_parse_state(struct vocab *v, char *args, const char **why)
{
	/* "English name | Dutch name | alias; alias | tag tag" */
	char *f[4] = { NULL, NULL, NULL, NULL };
	char *s = args;
	for (int i = 0; i < 4 && s != NULL; i++) {
		char *bar = strchr(s, '|');
		if (bar != NULL)
			*bar = '\0';
		f[i] = util_trim(s);
		s = bar ? bar + 1 : NULL;
	}
	long procs = 0;
	if (f[3] != NULL && (procs = parse_proc_tags(v, f[3])) < 0)
		return *why = "unknown procedure tag (declare it first: 'procedure TAG COURT')", -1;
	*why = "out of memory";
	if (f[0] == NULL || f[1] == NULL || *f[0] == '\0' || *f[1] == '\0' || s != NULL)
		return *why = "state needs 'English name | Dutch name [| alias; alias [| procedure tags]]'", -1;
	if (vocab_state_index(v, f[0]) >= 0)
		return *why = "state defined twice", -1;
	if (v->n_states == v->cap_states) {
		size_t ncap = v->cap_states ? v->cap_states * 2 : 64;
		struct vocab_state *ns = realloc(v->states, ncap * sizeof(*ns));
		if (ns == NULL)
			return -1;
		v->states = ns;
		v->cap_states = ncap;
	}
	size_t na = 2; /* the name, and the terminating NULL */
	for (const char *p = f[2]; p != NULL && *p; p++)
		na += *p == ';';
	if (f[2] != NULL && *f[2])
		na++;
	struct vocab_state st = { .name = strdup(f[0]), .name_nl = strdup(f[1]),
				  .aliases = calloc(na, sizeof(char *)), .procs = (unsigned)procs };
	int bad = st.name == NULL || st.name_nl == NULL || st.aliases == NULL;
	size_t k = 0;
	if (!bad && (st.aliases[k++] = strdup(f[0])) == NULL)
		bad = 1;
	for (char *a = f[2], *next; !bad && a != NULL && *a; a = next) {
		next = strchr(a, ';');
		if (next != NULL)
			*next++ = '\0';
		a = util_trim(a);
		if (*a && (st.aliases[k++] = strdup(a)) == NULL)
			bad = 1;
	}
	if (bad) {
		for (size_t j = 0; st.aliases && j < na; j++)
			free(st.aliases[j]);
		free(st.aliases);
		free(st.name);
		free(st.name_nl);
		return -1;
	}
	v->states[v->n_states++] = st;
	return 0;
}

size_t vocab_n_states(const struct vocab *v)
{
	return v ? v->n_states : 0;
}

const struct vocab_state *vocab_state_at(const struct vocab *v, size_t i)
{
	assert(v != NULL && i < v->n_states);
	return &v->states[i];
}

long vocab_state_index(const struct vocab *v, const char *name)
{
	for (size_t i = 0; v != NULL && name != NULL && i < v->n_states; i++)
		if (strcasecmp(v->states[i].name, name) == 0)
			return (long)i;
	return -1;
}

const char *vocab_state_label(const struct vocab *v, const char *name, const char *lang)
{
	long i = vocab_state_index(v, name);
	if (i < 0)
		return name;
	return is_nl(lang) ? v->states[i].name_nl : v->states[i].name;
}

/* ---- outcomes and formations --------------------------------------------- */

static const struct { const char *code, *nl, *en; } outcome_labels[] = {
	{ "violation", "schending", "violation" },
	{ "no violation", "geen schending", "no violation" },
	{ "inadmissible", "niet-ontvankelijk", "inadmissible" },
	{ "discontinued", "beëindigd (doorgehaald)", "discontinued" },
	{ NULL, NULL, NULL },
}, formation_labels[] = {
	{ "Grand Chamber", "Grote Kamer", "Grand Chamber" },
	{ "Chamber", "Kamer", "Chamber" },
	{ "Committee", "Comité", "Committee" },
	{ NULL, NULL, NULL },
};

const char *const vocab_outcomes[] = { "violation", "no violation", "inadmissible", "discontinued",
				       NULL };

const char *vocab_outcome_label(const char *code, const char *lang)
{
	for (int i = 0; code != NULL && outcome_labels[i].code; i++)
		if (strcmp(outcome_labels[i].code, code) == 0)
			return is_nl(lang) ? outcome_labels[i].nl : outcome_labels[i].en;
	return code ? code : "";
}

const char *vocab_formation_label(const char *code, const char *lang)
{
	for (int i = 0; code != NULL && formation_labels[i].code; i++)
		if (strcmp(formation_labels[i].code, code) == 0)
			return is_nl(lang) ? formation_labels[i].nl : formation_labels[i].en;
	return code ? code : "";
}
