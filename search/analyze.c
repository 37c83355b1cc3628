/* analyze.c - Dutch compounds, synonyms and the bilingual glossary (see
 * analyze.h).
 *
 * Everything is loaded once into sorted arrays and searched by bsearch: the
 * files are small (tens of thousands of words), and sorted arrays need no
 * hashing code and free with a handful of calls.  Synonym groups and
 * glossary lines become "keys": one per distinct phrase, with the phrase's
 * equivalents and translations merged from every line it appears on, so a
 * lookup is one search. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "search/analyze.h"
#include "base/util.h"
#include "base/xalloc.h"

/* Linking morphemes between the parts of a Dutch compound, longest first. */
static const char *const links[] = { "en", "er", "s", "e", "", NULL };
#define MIN_PART 4

struct key {
	const char *phrase;          /* normalised, points into a group */
	const char **same, **other;  /* merged lists (malloc()ed arrays) */
	size_t n_same, n_other;
};

/* One line of synonyms.txt (side 0 only) or glossary.tsv (0 nl, 1 en). */
struct group {
	char **forms[2];
	size_t n[2];
	int bilingual;
};

struct analyze {
	char *parts_text;            /* the word list file, split in place */
	const char **parts;          /* sorted pointers into parts_text */
	size_t n_parts;
	GHashTable *part_set;        /* the same words, for compound
	                              * splitting, which asks for many
	                              * substrings; NULL when none loaded */
	char *parts_path;            /* the word list, read on first need
	                              * (need_parts()); NULL: none */
	gsize parts_once;            /* g_once_init_*() guard of the above */
	struct group *groups;
	size_t n_groups;
	struct key *keys;            /* sorted by phrase */
	size_t n_keys;
	/* Loaded from a compiled copy (analyze_open_cached()): the strings are
	 * in blob, the keys' lists in refs, and groups is NULL. */
	char *blob;
	const char **refs;
};

size_t analyze_words(const char *text, char words[][ANALYZE_MAX_WORD], size_t max)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)text;
	while (*p && n < max) {
		while (*p && !(*p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' &&
									  (*p | 0x20) <= 'z')))
			p++;
		if (!*p)
			break;
		size_t len = 0;
		/* An apostrophe inside a word stays, as Xapian keeps it
		 * ("children's"). */
		for (; *p >= 0x80 || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
		       (*p == '\'' && len > 0 && ((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z'));
		     p++) {
			if (len < ANALYZE_MAX_WORD - 1)
				words[n][len++] = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
		}
		/* Never end inside a UTF-8 sequence when the word was cut. */
		while (len > 0 && ((unsigned char)words[n][len - 1] & 0xC0) == 0xC0)
			len--;
		while (len > 1 && ((unsigned char)words[n][len - 1] & 0xC0) == 0x80) {
			size_t s = len - 1;
			while (s > 0 && ((unsigned char)words[n][s] & 0xC0) == 0x80)
				s--;
			unsigned char lead = (unsigned char)words[n][s];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			if (len - s >= need)
				break;
			len = s;
		}
		words[n][len] = '\0';
		if (len > 0)
			n++;
	}
	return n;
}

/* ---- loading ---- */

/* Fills a->part_set from a->parts. */
static void build_part_set(struct analyze *a)
{
	a->part_set = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < a->n_parts; i++)
		g_hash_table_add(a->part_set, (gpointer)a->parts[i]);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct key *)a)->phrase, ((const struct key *)b)->phrase);
}

/* Loads the compound parts: one word a line, '#' comments. */
static int load_parts(struct analyze *a, const char *path, struct error **err)
{
	size_t len;
	struct error *e = NULL;
	a->parts_text = util_read_file(path, 64u << 20, &len, &e);
	if (a->parts_text == NULL) {
		int missing = e && e->code == ERR_IO;
		error_free(e);
		return missing ? 0 : error_set(err, ERR_INPUT, "cannot read %s", path);
	}
	size_t cap = 1024;
	a->parts = xreallocarray(NULL, cap, sizeof(*a->parts));
	int sorted = 1;
	for (char *line = a->parts_text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t n = strlen(line);
		while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (n < MIN_PART || line[0] == '#' || n >= ANALYZE_MAX_WORD)
			continue;
		if (a->n_parts == cap) {
			cap *= 2;
			a->parts = xreallocarray(a->parts, cap, sizeof(*a->parts));
		}
		if (a->n_parts > 0 && strcmp(a->parts[a->n_parts - 1], line) >= 0)
			sorted = 0;
		a->parts[a->n_parts++] = line;
	}
	if (!sorted)
		qsort(a->parts, a->n_parts, sizeof(*a->parts), cmp_str);
	build_part_set(a);
	return 0;
}

/* The word list is read when a word first needs splitting, not here:
 * reading and hashing its 30,000 words took a `kindex search` process
 * longer than the search, and most queries split nothing.  Here only what
 * would fail later: a file too large.  Takes *path when there is a file. */
static int check_parts(struct analyze *a, char **path, struct error **err)
{
	struct stat st;
	if (stat(*path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if (st.st_size > (64 << 20))
		return error_set(err, ERR_INPUT, "cannot read %s", *path);
	a->parts_path = *path;
	*path = NULL;
	return 0;
}

/* Reads the word list on first use; thread-safe. */
static void need_parts(const struct analyze *ca)
{
	struct analyze *a = (struct analyze *)ca; /* the load is invisible to callers */
	if (g_once_init_enter(&a->parts_once)) {
		if (a->parts_path)
			load_parts(a, a->parts_path, NULL);
		g_once_init_leave(&a->parts_once, 1);
	}
}

/* Normalises a form as the user's words are ("Roma-kinderen" -> "roma
 * kinderen") into a new string; NULL when it has no words or too many. */
static char *normalise(const char *form)
{
	char w[ANALYZE_MAX_PHRASE + 1][ANALYZE_MAX_WORD];
	size_t n = analyze_words(form, w, ANALYZE_MAX_PHRASE + 1);
	if (n == 0 || n > ANALYZE_MAX_PHRASE)
		return NULL;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, w[i]);
	}
	return buf_detach(&b);
}

/* Adds the forms in text (separated by sep) to side of g. */
static int add_forms(struct group *g, int side, char *text, const char *sep)
{
	for (char *tok = text, *next; tok; tok = next) {
		next = strstr(tok, sep);
		if (next) {
			*next = '\0';
			next += strlen(sep);
		}
		char *f = normalise(tok);
		if (f == NULL) {
			/* An empty form (e.g. "a == b") is a typo worth reporting
			 * unless the whole side is blank. */
			for (const char *p = tok; *p; p++)
				if (*p != ' ' && *p != '\t')
					return -1;
			continue;
		}
		char **p = g->forms[side] = xreallocarray(g->forms[side], g->n[side] + 1, sizeof(*p));
		p[g->n[side]++] = f;
	}
	return 0;
}

/* Reads a synonym (bilingual 0) or glossary (1) file into groups. */
static int load_groups(struct analyze *a, const char *path, int bilingual, struct error **err)
{
	size_t len;
	struct error *e = NULL;
	char *text = util_read_file(path, 16u << 20, &len, &e);
	if (text == NULL) {
		int missing = e && e->code == ERR_IO;
		error_free(e);
		return missing ? 0 : error_set(err, ERR_INPUT, "cannot read %s", path);
	}
	int lineno = 0, rc = 0;
	for (char *line = text, *next; line && *line && rc == 0; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *hash = line[0] == '#' ? line : strstr(line, " #");
		if (hash)
			*hash = '\0';
		size_t n = strlen(line);
		while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		struct group g = { { NULL, NULL }, { 0, 0 }, bilingual };
		int bad;
		if (bilingual) {
			char *tab = strchr(line, '\t');
			bad = tab == NULL;
			if (!bad) {
				*tab = '\0';
				bad = add_forms(&g, 0, line, "|") < 0 ||
				      add_forms(&g, 1, tab + 1, "|") < 0 || g.n[0] == 0 ||
				      g.n[1] == 0;
			}
		} else {
			bad = add_forms(&g, 0, line, "=") < 0 || g.n[0] < 2;
		}
		if (!bad) {
			struct group *p = a->groups =
				xreallocarray(a->groups, a->n_groups + 1, sizeof(*p));
			p[a->n_groups++] = g;
			continue;
		}
		for (int s = 0; s < 2; s++) {
			for (size_t i = 0; i < g.n[s]; i++)
				free(g.forms[s][i]);
			free(g.forms[s]);
		}
		rc = error_set(err, ERR_INPUT,
			       bilingual ? "%s:%d: expected \"dutch|variant<TAB>english|variant\""
					 : "%s:%d: expected \"term = term [= term ...]\"",
			       path, lineno);
	}
	free(text);
	return rc;
}

static void push(const char ***list, size_t *n, const char *s)
{
	const char **p = *list = xreallocarray(*list, *n + 1, sizeof(*p));
	p[(*n)++] = s;
}

/* Builds the sorted keys with merged lists from the groups. */
static void build_keys(struct analyze *a)
{
	size_t total = 0;
	for (size_t g = 0; g < a->n_groups; g++)
		total += a->groups[g].n[0] + a->groups[g].n[1];
	struct key *all = xcalloc(total ? total : 1, sizeof(*all));
	/* Which group and side each raw key came from. */
	size_t *gid = xcalloc(total ? total : 1, sizeof(*gid));
	size_t k = 0;
	for (size_t g = 0; g < a->n_groups; g++)
		for (int s = 0; s < 2; s++)
			for (size_t i = 0; i < a->groups[g].n[s]; i++) {
				all[k].phrase = a->groups[g].forms[s][i];
				gid[k] = g * 2 + (size_t)s;
				/* Temporarily remember the raw index in n_same. */
				all[k].n_same = k;
				k++;
			}
	qsort(all, total, sizeof(*all), cmp_key);
	a->keys = xcalloc(total ? total : 1, sizeof(*a->keys));
	for (size_t i = 0; i < total;) {
		struct key *out = &a->keys[a->n_keys++];
		out->phrase = all[i].phrase;
		size_t j = i;
		for (; j < total && strcmp(all[j].phrase, out->phrase) == 0; j++) {
			size_t raw = all[j].n_same;
			const struct group *g = &a->groups[gid[raw] / 2];
			int side = (int)(gid[raw] % 2);
			for (size_t f = 0; f < g->n[side]; f++)
				if (strcmp(g->forms[side][f], out->phrase) != 0)
					push(&out->same, &out->n_same, g->forms[side][f]);
			for (size_t f = 0; f < g->n[!side]; f++)
				push(&out->other, &out->n_other, g->forms[!side][f]);
		}
		i = j;
	}
	free(all);
	free(gid);
}

/* The path of data file name: in dir, or kindex's data folder when dir is
 * NULL.  malloc()ed. */
static char *data_file(const char *dir, const char *name)
{
	if (dir == NULL)
		return util_data_path(name);
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/%s", dir, name);
	return buf_detach(&b);
}

struct analyze *analyze_open(const char *dir, struct error **err)
{
	struct analyze *a = xcalloc(1, sizeof(*a));
	static const char *const names[] = { "dutch-parts.txt", "synonyms.txt", "glossary.tsv" };
	for (int i = 0; i < 3; i++) {
		char *path = data_file(dir, names[i]);
		int rc = i == 0 ? check_parts(a, &path, err) : load_groups(a, path, i == 2, err);
		free(path);
		if (rc < 0) {
			analyze_free(a);
			return NULL;
		}
	}
	build_keys(a);
	return a;
}

/* ---- the compiled copy ----
 *
 * Parsing the synonym list and the glossary (normalising every form,
 * sorting and merging the keys) was an eighth of a `kindex search`
 * process's work; a compiled copy kept beside the index is read instead:
 * the keys' strings and lists as offsets, relocated in one pass.  It is
 * used only when it was compiled from files of exactly the same bytes (a
 * checksum of both files is in it) by the same format; any other copy, a
 * damaged or short one, or one that cannot be written, means the files are
 * parsed as always (and a new copy is written).  Layout (native byte order,
 * u32 unless said): "KANA1\n\0\0", u64 length and u64 checksum of the rest;
 * u64 checksum of the data files' bytes, n_groups, n_keys, n_refs,
 * strings_len, then per key: phrase offset, n_same, n_other; the refs (a
 * string offset each: each key's same, then other); the strings, each
 * ending in a NUL. */
static const char ANA_MAGIC[8] = { 'K', 'A', 'N', 'A', '1', '\n', '\0', '\0' };

static uint64_t ana_sum(const char *p, size_t n, uint64_t h)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x100000001B3ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 0x100000001B3ull;
	return h;
}

/* The checksum of the bytes of the files the keys come from (a missing
 * file counts as empty, like in analyze_open()). */
static uint64_t source_sum(const char *dir)
{
	static const char *const names[] = { "synonyms.txt", "glossary.tsv" };
	uint64_t h = 0x9E3779B97F4A7C15ull;
	for (int i = 0; i < 2; i++) {
		char *path = data_file(dir, names[i]);
		size_t len = 0;
		char *text = util_read_file(path, 16u << 20, &len, NULL);
		h = ana_sum(text ? text : "", text ? len : 0, h);
		h = ana_sum((const char *)&len, sizeof(len), h);
		free(text);
		free(path);
	}
	return h;
}

static void put32(struct buf *b, uint32_t v)
{
	buf_add(b, (const char *)&v, 4);
}

/* The offset of s in strs, appending it the first time (at: pointers
 * placed already, to offset + 1). */
static uint32_t str_off(GHashTable *at, struct buf *strs, const char *s)
{
	gpointer v = g_hash_table_lookup(at, s);
	if (v == NULL) {
		v = GSIZE_TO_POINTER(strs->len + 1);
		g_hash_table_insert(at, (gpointer)s, v);
		buf_add(strs, s, strlen(s) + 1);
	}
	return (uint32_t)(GPOINTER_TO_SIZE(v) - 1);
}

static void save_compiled(const struct analyze *a, uint64_t src, const char *path)
{
	/* Every string once: the offset of each pointer already placed. */
	GHashTable *at = g_hash_table_new(g_direct_hash, g_direct_equal);
	struct buf strs = BUF_INIT, keys = BUF_INIT, refs = BUF_INIT;
	size_t n_refs = 0;
	for (size_t i = 0; i < a->n_keys; i++) {
		const struct key *k = &a->keys[i];
		put32(&keys, str_off(at, &strs, k->phrase));
		put32(&keys, (uint32_t)k->n_same);
		put32(&keys, (uint32_t)k->n_other);
		for (size_t j = 0; j < k->n_same; j++)
			put32(&refs, str_off(at, &strs, k->same[j]));
		for (size_t j = 0; j < k->n_other; j++)
			put32(&refs, str_off(at, &strs, k->other[j]));
		n_refs += k->n_same + k->n_other;
	}
	g_hash_table_destroy(at);
	struct buf out = BUF_INIT;
	buf_add(&out, ANA_MAGIC, 8);
	buf_add(&out, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	buf_add(&out, (const char *)&src, 8);
	put32(&out, (uint32_t)a->n_groups);
	put32(&out, (uint32_t)a->n_keys);
	put32(&out, (uint32_t)n_refs);
	put32(&out, (uint32_t)strs.len);
	buf_add(&out, buf_str(&keys), keys.len);
	buf_add(&out, buf_str(&refs), refs.len);
	buf_add(&out, buf_str(&strs), strs.len);
	uint64_t len = out.len - 24, sum = ana_sum(out.s + 24, out.len - 24, 0);
	memcpy(out.s + 8, &len, 8);
	memcpy(out.s + 16, &sum, 8);
	util_write_file_atomic(path, out.s, out.len, NULL);
	buf_free(&out);
	buf_free(&strs);
	buf_free(&keys);
	buf_free(&refs);
}

static uint32_t get32(const char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* The analyzer compiled in path from files whose checksum is src, or NULL
 * when path holds no such copy (or a damaged one). */
static struct analyze *load_compiled(const char *path, uint64_t src)
{
	size_t n = 0;
	char *b = util_read_file(path, 64u << 20, &n, NULL);
	if (b == NULL)
		return NULL;
	uint64_t len, sum, was;
	if (n < 48 || memcmp(b, ANA_MAGIC, 8) != 0 || (memcpy(&len, b + 8, 8), len != n - 24) ||
	    (memcpy(&sum, b + 16, 8), sum != ana_sum(b + 24, n - 24, 0)) ||
	    (memcpy(&was, b + 24, 8), was != src)) {
		free(b);
		return NULL;
	}
	uint32_t n_groups = get32(b + 32), n_keys = get32(b + 36), n_refs = get32(b + 40),
		 strs_len = get32(b + 44);
	size_t head = 48, keys_at = head, refs_at = keys_at + 12 * (size_t)n_keys,
	       strs_at = refs_at + 4 * (size_t)n_refs;
	if (strs_at > n || n - strs_at != strs_len || (strs_len > 0 && b[n - 1] != '\0')) {
		free(b);
		return NULL;
	}
	struct analyze *a = xcalloc(1, sizeof(*a));
	a->blob = b;
	a->n_groups = n_groups;
	a->keys = xcalloc(n_keys ? n_keys : 1, sizeof(*a->keys));
	a->refs = xcalloc(n_refs ? n_refs : 1, sizeof(*a->refs));
	const char *strs = b + strs_at;
	size_t r = 0;
	int ok = 1;
	for (uint32_t i = 0; i < n_keys && ok; i++) {
		const char *k = b + keys_at + 12 * (size_t)i;
		uint32_t off = get32(k), ns = get32(k + 4), no = get32(k + 8);
		if (off >= strs_len || ns > n_refs - r || no > n_refs - r - ns) {
			ok = 0;
			break;
		}
		struct key *out = &a->keys[a->n_keys++];
		out->phrase = strs + off;
		out->same = a->refs + r;
		out->n_same = ns;
		out->other = a->refs + r + ns;
		out->n_other = no;
		for (uint32_t j = 0; j < ns + no && ok; j++, r++) {
			uint32_t o = get32(b + refs_at + 4 * r);
			ok = o < strs_len;
			a->refs[r] = strs + (ok ? o : 0);
		}
		/* Sorted and distinct, or lookups would miss. */
		if (ok && i > 0 && strcmp(a->keys[i - 1].phrase, out->phrase) >= 0)
			ok = 0;
	}
	if (!ok || r != n_refs) {
		analyze_free(a);
		return NULL;
	}
	return a;
}

struct analyze *analyze_open_cached(const char *dir, const char *cache_path, struct error **err)
{
	if (cache_path == NULL)
		return analyze_open(dir, err);
	uint64_t src = source_sum(dir);
	struct analyze *a = load_compiled(cache_path, src);
	if (a != NULL) {
		/* The word list is read on need, as analyze_open() does. */
		char *path;
		if (dir) {
			struct buf b = BUF_INIT;
			buf_addf(&b, "%s/%s", dir, "dutch-parts.txt");
			path = buf_detach(&b);
		} else {
			path = util_data_path("dutch-parts.txt");
		}
		int rc = check_parts(a, &path, err);
		free(path);
		if (rc < 0) {
			analyze_free(a);
			return NULL;
		}
		return a;
	}
	a = analyze_open(dir, err);
	if (a != NULL)
		save_compiled(a, src, cache_path);
	return a;
}

void analyze_free(struct analyze *a)
{
	if (a == NULL)
		return;
	if (a->part_set)
		g_hash_table_destroy(a->part_set);
	for (size_t i = 0; i < a->n_keys && a->blob == NULL; i++) {
		free(a->keys[i].same);
		free(a->keys[i].other);
	}
	free(a->keys);
	for (size_t g = 0; a->groups && g < a->n_groups; g++)
		for (int s = 0; s < 2; s++) {
			for (size_t i = 0; i < a->groups[g].n[s]; i++)
				free(a->groups[g].forms[s][i]);
			free(a->groups[g].forms[s]);
		}
	free(a->groups);
	free(a->blob);
	free(a->refs);
	free(a->parts);
	free(a->parts_text);
	free(a->parts_path);
	free(a);
}

size_t analyze_n_groups(const struct analyze *a)
{
	return a ? a->n_groups : 0;
}

size_t analyze_n_parts(const struct analyze *a)
{
	if (a == NULL)
		return 0;
	need_parts(a);
	return a->n_parts;
}

/* ---- compounds ---- */

static int is_part(const struct analyze *a, const char *s, size_t len)
{
	char w[ANALYZE_MAX_WORD];
	if (a->part_set == NULL || len >= sizeof(w))
		return 0;
	memcpy(w, s, len);
	w[len] = '\0';
	return g_hash_table_contains(a->part_set, w);
}

/* Best split of word into parts; start[i], end[i] delimit part i.  Returns
 * the number of parts (>= 2) or 0. */
static int split_pos(const struct analyze *a, const char *word, size_t start[], size_t end[],
		     int max_parts)
{
	size_t len = strlen(word);
	if (a == NULL || len < ANALYZE_MIN_COMPOUND || len >= ANALYZE_MAX_WORD)
		return 0;
	need_parts(a);
	if (a->n_parts == 0)
		return 0;
	/* At each position where a part may start: the best way there. */
	struct {
		int parts;           /* parts before this position, -1: unreachable */
		long score;          /* sum of squared part lengths */
		size_t prev, pend;   /* start and end of the part before */
	} st[ANALYZE_MAX_WORD];
	for (size_t i = 0; i <= len; i++)
		st[i].parts = -1;
	st[0].parts = 0;
	st[0].score = 0;
	int best_parts = -1;
	long best_score = 0;
	size_t best_prev = 0, best_pend = 0;
	for (size_t s = 0; s + MIN_PART <= len; s++) {
		if (st[s].parts < 0 || st[s].parts >= max_parts)
			continue;
		for (size_t e = s + MIN_PART; e <= len; e++) {
			if (!is_part(a, word + s, e - s))
				continue;
			int np = st[s].parts + 1;
			long sc = st[s].score + (long)((e - s) * (e - s));
			if (e == len) {
				if (np >= 2 && (best_parts < 0 || np < best_parts ||
						(np == best_parts && sc > best_score))) {
					best_parts = np;
					best_score = sc;
					best_prev = s;
					best_pend = e;
				}
				continue;
			}
			for (int l = 0; links[l]; l++) {
				size_t ll = strlen(links[l]);
				size_t ns = e + ll;
				if (ns + MIN_PART > len || strncmp(word + e, links[l], ll) != 0)
					continue;
				if (st[ns].parts < 0 || np < st[ns].parts ||
				    (np == st[ns].parts && sc > st[ns].score)) {
					st[ns].parts = np;
					st[ns].score = sc;
					st[ns].prev = s;
					st[ns].pend = e;
				}
			}
		}
	}
	if (best_parts < 2)
		return 0;
	/* Walk back from the end. */
	int i = best_parts - 1;
	start[i] = best_prev;
	end[i] = best_pend;
	size_t pos = best_prev;
	while (i > 0) {
		i--;
		start[i] = st[pos].prev;
		end[i] = st[pos].pend;
		pos = st[pos].prev;
	}
	return best_parts;
}

int analyze_split(const struct analyze *a, const char *word, char parts[][ANALYZE_MAX_WORD],
		  int max_parts)
{
	size_t start[ANALYZE_MAX_PARTS], end[ANALYZE_MAX_PARTS];
	if (max_parts > ANALYZE_MAX_PARTS)
		max_parts = ANALYZE_MAX_PARTS;
	int n = split_pos(a, word, start, end, max_parts);
	for (int i = 0; i < n; i++) {
		memcpy(parts[i], word + start[i], end[i] - start[i]);
		parts[i][end[i] - start[i]] = '\0';
	}
	return n;
}

int analyze_compound_words(const struct analyze *a, const char *word,
			   char out[][ANALYZE_MAX_WORD], int max)
{
	size_t start[ANALYZE_MAX_PARTS], end[ANALYZE_MAX_PARTS];
	int n = split_pos(a, word, start, end, ANALYZE_MAX_PARTS);
	int k = 0;
	/* Single parts first (they matter most), then longer runs. */
	for (int span = 1; span < n; span++)
		for (int i = 0; i + span <= n && k < max; i++) {
			size_t s = start[i], e = end[i + span - 1];
			int dup = 0;
			for (int j = 0; j < k && !dup; j++)
				dup = strlen(out[j]) == e - s && memcmp(out[j], word + s, e - s) == 0;
			if (dup)
				continue;
			memcpy(out[k], word + s, e - s);
			out[k][e - s] = '\0';
			k++;
		}
	return k;
}

/* ---- synonyms and glossary ---- */

size_t analyze_lookup(const struct analyze *a, const char *const *words, size_t n,
		      struct analyze_entry *e)
{
	memset(e, 0, sizeof(*e));
	if (a == NULL || a->n_keys == 0)
		return 0;
	if (n > ANALYZE_MAX_PHRASE)
		n = ANALYZE_MAX_PHRASE;
	for (size_t len = n; len > 0; len--) {
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < len; i++) {
			if (i)
				buf_addc(&b, ' ');
			buf_adds(&b, words[i]);
		}
		struct key probe = { .phrase = buf_str(&b) };
		const struct key *k = bsearch(&probe, a->keys, a->n_keys, sizeof(*a->keys), cmp_key);
		buf_free(&b);
		if (k) {
			e->same = k->same;
			e->n_same = k->n_same;
			e->other = k->other;
			e->n_other = k->n_other;
			return len;
		}
	}
	return 0;
}

void analyze_each_phrase(const struct analyze *a, int (*fn)(void *ctx, const char *phrase),
			 void *ctx)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n_keys; i++)
		if (strchr(a->keys[i].phrase, ' ') && fn(ctx, a->keys[i].phrase))
			return;
}
