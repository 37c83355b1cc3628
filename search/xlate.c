/* xlate.c - the Dutch -> English dictionary of the query side (see
 * xlate.h).
 *
 * dictd format: NAME.index has one line per headword, "headword TAB offset
 * TAB length", offset and length in base 64 (A-Z a-z 0-9 + /, most
 * significant digit first), into NAME.dict.dz, a gzip file (dictzip) of
 * the entries.  A FreeDict entry is the headword with its pronunciation on
 * the first line, then the senses, one a line, optionally numbered ("1.
 * child, offspring"), translations separated by commas, remarks in
 * parentheses.  Everything is read into one hash table on first use. */
#include <ctype.h>
#include <glib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "search/lang.h"
#include "search/xlate.h"

#define DEFAULT_DICT "/usr/share/dictd/freedict-nld-eng"
#define MAX_DICT_BYTES (64u << 20)  /* a larger file is not a dictionary we know */

struct xentry {
	size_t n;
	char *t[XLATE_MAX];
};

static GHashTable *table;  /* headword -> struct xentry; NULL: none loaded */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* The value of a dictd base-64 number; -1 when s is not one. */
static long b64(const char *s, size_t n)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	long v = 0;
	if (n == 0 || n > 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *d = s[i] ? strchr(digits, s[i]) : NULL;
		if (d == NULL)
			return -1;
		v = v * 64 + (d - digits);
	}
	return v;
}

/* The whole of a gzip (or plain) file, NUL-terminated; NULL when it cannot
 * be read or is too large. */
static char *read_gz(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 20, n = 0;
	char *buf = malloc(cap + 1);
	for (;;) {
		if (buf == NULL)
			break;
		if (n == cap) {
			if (cap >= MAX_DICT_BYTES) {
				free(buf);
				buf = NULL;
				break;
			}
			cap *= 2;
			char *nb = realloc(buf, cap + 1);
			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
		int got = gzread(f, buf + n, (unsigned)(cap - n));
		if (got < 0) {
			free(buf);
			buf = NULL;
			break;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	gzclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

/* Adds translation t[0..n) to e when it is a plain word or phrase of at
 * most three words of letters (after trimming and folding to lower case),
 * not a stopword, and not there yet. */
static void add_translation(struct xentry *e, const char *t, size_t n)
{
	while (n > 0 && isspace((unsigned char)*t))
		t++, n--;
	while (n > 0 && strchr(" \t.;:!?", t[n - 1]))
		n--;
	if (n == 0 || n > 40 || e->n >= XLATE_MAX)
		return;
	char w[48];
	int words = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c == ' ')
			words++;
		else if (!(isalpha(c) || c == '\'' || c == '-') || c >= 0x80)
			return;
		w[i] = (char)tolower(c);
	}
	w[n] = '\0';
	if (words > 3 || strstr(w, "  ") || lang_is_stopword(w, n))
		return;
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->t[i], w) == 0)
			return;
	e->t[e->n++] = g_strdup(w);
}

/* The translations of one entry's text (after its first line). */
static void parse_entry(struct xentry *e, const char *text, size_t len)
{
	const char *end = text + len;
	const char *p = memchr(text, '\n', len);
	while (p && p < end && e->n < XLATE_MAX) {
		p++;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		/* "2. bairn, infant": the sense's number goes. */
		const char *s = p;
		while (s < eol && isspace((unsigned char)*s))
			s++;
		const char *d = s;
		while (d < eol && isdigit((unsigned char)*d))
			d++;
		if (d > s && d < eol && *d == '.')
			s = d + 1;
		/* Remarks in parentheses go; commas and semicolons separate. */
		char line[512];
		size_t n = 0;
		int depth = 0;
		for (; s < eol && n < sizeof(line) - 1; s++) {
			if (*s == '(')
				depth++;
			else if (*s == ')')
				depth = depth > 0 ? depth - 1 : 0;
			else if (depth == 0)
				line[n++] = *s;
		}
		line[n] = '\0';
		for (char *t = line; *t;) {
			size_t k = strcspn(t, ",;");
			add_translation(e, t, k);
			t += k;
			if (*t)
				t++;
		}
		p = eol < end ? eol : NULL;
	}
}

static void load(void)
{
	const char *base = getenv("KINDEX_DICT");
	if (base == NULL || *base == '\0')
		base = DEFAULT_DICT;
	char *ipath = g_strdup_printf("%s.index", base);
	char *dpath = g_strdup_printf("%s.dict.dz", base);
	char *index = NULL, *dict = NULL;
	size_t ilen = 0, dlen = 0;
	index = read_gz(ipath, &ilen);
	dict = index ? read_gz(dpath, &dlen) : NULL;
	if (dict == NULL) {  /* also a plain .dict */
		g_free(dpath);
		dpath = g_strdup_printf("%s.dict", base);
		dict = index ? read_gz(dpath, &dlen) : NULL;
	}
	if (index && dict) {
		GHashTable *t = g_hash_table_new(g_str_hash, g_str_equal);
		for (char *line = index; *line;) {
			char *eol = strchr(line, '\n');
			if (eol)
				*eol = '\0';
			char *t1 = strchr(line, '\t');
			char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
			long off = t2 ? b64(t1 + 1, (size_t)(t2 - t1 - 1)) : -1;
			long len = t2 ? b64(t2 + 1, strlen(t2 + 1)) : -1;
			/* Headwords of one word only: a query is looked up word by word. */
			if (off >= 0 && len > 0 && (size_t)off + (size_t)len <= dlen && t1 > line &&
			    memchr(line, ' ', (size_t)(t1 - line)) == NULL && strncmp(line, "00-database", 11) != 0) {
				*t1 = '\0';
				char *hw = g_ascii_strdown(line, -1);
				struct xentry *e = g_hash_table_lookup(t, hw);
				int fresh = e == NULL;
				if (fresh)
					e = g_malloc0(sizeof(*e));
				parse_entry(e, dict + off, (size_t)len);
				if (fresh && e->n > 0) {
					g_hash_table_insert(t, hw, e);
				} else {
					if (fresh)
						g_free(e);
					g_free(hw);
				}
			}
			line = eol ? eol + 1 : line + strlen(line);
		}
		if (g_hash_table_size(t) > 0)
			table = t;
		else
			g_hash_table_destroy(t);
	}
	free(index);
	free(dict);
	g_free(ipath);
	g_free(dpath);
}

size_t xlate_size(void)
{
	pthread_once(&once, load);
	return table ? g_hash_table_size(table) : 0;
}

size_t xlate_nl_en(const char *w, const char *out[], size_t max)
{
	pthread_once(&once, load);
	if (table == NULL || w == NULL)
		return 0;
	size_t wl = strlen(w);
	/* The word, then without a plural ending. */
	static const char *const ends[] = { "", "'s", "s", "en", NULL };
	for (int i = 0; ends[i]; i++) {
		size_t el = strlen(ends[i]);
		if (wl < el + 3 || (el && strcmp(w + wl - el, ends[i]) != 0))
			continue;
		char key[96];
		if (wl - el >= sizeof(key))
			return 0;
		memcpy(key, w, wl - el);
		key[wl - el] = '\0';
		const struct xentry *e = g_hash_table_lookup(table, key);
		if (e == NULL)
			continue;
		size_t n = 0;
		for (; n < e->n && n < max; n++)
			out[n] = e->t[n];
		return n;
	}
	return 0;
}
