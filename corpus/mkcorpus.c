/* mkcorpus.c - make a synthetic scale corpus of children's-rights PDFs.
 *
 * Usage: mkcorpus [--seed S] [--passages FILE] [-j JOBS] N OUTDIR
 *
 * Writes N PDFs (A4, cairo's PDF surface, toy text API) under OUTDIR: Dutch
 * court rulings, Dutch and English research reports and UN-style documents
 * (general comments, concluding observations, Views).  The running text is
 * recombined from real paragraphs (corpus/passages.tsv.gz, built by
 * corpus/make-passages.sh); title blocks, section headings and every
 * citation of the Convention on the Rights of the Child are made here, so
 * the labels are exact.  Next to the PDFs it writes
 *   OUTDIR/MANIFEST.tsv   one row per document (type, language, identifier,
 *                         body, date, pages, cited CRC articles, ECLIs, UN
 *                         symbols), in the column order of the real corpus;
 *   OUTDIR/CITATIONS.tsv  one row per citation made here, with its page, in
 *                         the format of shared/corpus/citations-constructed.tsv.
 *
 * Conventions:
 * (1) Nobody may mistake a document for a real one.  Its first line says it
 *     is synthetic, and its own identifier has a form no real document has:
 *     ECLI:NL:<COURT>:<YEAR>:SYN.<NNNNNN>, CRC/C/SYN/..., SYN-RR-....  ECLIs
 *     cited in the text are those of other documents of the same corpus.
 * (2) Every document is a pure function of (seed, index): its metadata comes
 *     from PRNG stream 2*index, its text from stream 2*index+1 (splitmix64
 *     seeding xoshiro256**).  The output does not depend on -j.
 * (3) Work is split over JOBS forked processes (default: online CPUs);
 *     worker w makes the documents with index % JOBS == w and writes its own
 *     rows to OUTDIR/.manifest.w and .citations.w, which the parent merges
 *     in index order and removes.
 * (4) Memory: the passage table is loaded once before the fork and shared
 *     copy-on-write; everything made per document is freed per document.
 *     Running out of memory ends the program (this is a tool, not a
 *     library).  Functions that can fail for other reasons return -1 and
 *     write a one-line message into a caller-supplied buffer; only main()
 *     and the worker loop print.
 * (5) Text is UTF-8 throughout.  Word widths come from a per-font advance
 *     table filled lazily from cairo (unhinted metrics, size 1000), so the
 *     font is asked once per code point, not once per word.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>

#define MK_MAX_JOBS 256
#define MK_ERRLEN 512

/* ------------------------------------------------------------------ */
/* Small utilities                                                      */
/* ------------------------------------------------------------------ */

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Ends the program on allocation failure; see convention (4). */
static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL) {
		fprintf(stderr, "mkcorpus: out of memory\n");
		exit(2);
	}
	return q;
}

/* A growable NUL-terminated string.  SBUF_INIT is a valid empty buffer;
 * sbuf_release() frees it and leaves it as SBUF_INIT. */
struct sbuf {
	char *buf;              /* NULL until the first append */
	size_t len;             /* strlen(buf) */
	size_t cap;             /* allocated bytes */
};
#define SBUF_INIT { NULL, 0, 0 }

static void sbuf_grow(struct sbuf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->buf = xrealloc(b->buf, cap);
	b->cap = cap;
}

static void sbuf_addn(struct sbuf *b, const char *s, size_t n)
{
	sbuf_grow(b, n);
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

static void sbuf_add(struct sbuf *b, const char *s)
{
	sbuf_addn(b, s, strlen(s));
}

static void sbuf_addc(struct sbuf *b, char c)
{
	sbuf_addn(b, &c, 1);
}

static void sbuf_addf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char tmp[512];
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof tmp) {
		sbuf_addn(b, tmp, (size_t)n);
		return;
	}
	sbuf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

static const char *sbuf_str(const struct sbuf *b)
{
	return b->buf ? b->buf : "";
}

static void sbuf_release(struct sbuf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->cap = 0;
}

/* A small set of strings kept in insertion order (a document cites a
 * handful of ECLIs and symbols; linear search is fine).  Strings are
 * copied. */
struct strset {
	char **v;
	size_t n, cap;
};

static void strset_add(struct strset *s, const char *str, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == len && memcmp(s->v[i], str, len) == 0)
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	char *copy = xrealloc(NULL, len + 1);
	memcpy(copy, str, len);
	copy[len] = '\0';
	s->v[s->n++] = copy;
}

/* Adds every item of a ';'-separated list. */
static void strset_add_list(struct strset *s, const char *list)
{
	while (*list) {
		const char *end = strchr(list, ';');
		size_t len = end ? (size_t)(end - list) : strlen(list);
		if (len)
			strset_add(s, list, len);
		list += len + (end ? 1 : 0);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the set, sorted, joined by "; ". */
static void strset_join(struct strset *s, struct sbuf *out)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, cmp_str);
	for (size_t i = 0; i < s->n; i++) {
		if (i)
			sbuf_add(out, "; ");
		sbuf_add(out, s->v[i]);
	}
}

static void strset_release(struct strset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* Decodes one UTF-8 code point at *p and advances *p.  Invalid bytes
 * decode as U+FFFD, one byte at a time.  Can't fail. */
static uint32_t utf8_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c = s[0];
	int n;

	if (c < 0x80) {
		*p += 1;
		return c;
	}
	if ((c & 0xE0) == 0xC0) { c &= 0x1F; n = 1; }
	else if ((c & 0xF0) == 0xE0) { c &= 0x0F; n = 2; }
	else if ((c & 0xF8) == 0xF0) { c &= 0x07; n = 3; }
	else { *p += 1; return 0xFFFD; }
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p += 1;
			return 0xFFFD;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*p += n + 1;
	return c;
}

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64 seeds xoshiro256** (convention 2)                   */
/* ------------------------------------------------------------------ */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed;
	uint64_t mix = splitmix64(&x) ^ (stream * 0xd1342543de82ef95ULL);

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&mix);
}

static uint64_t rotl64(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl64(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl64(s[3], 45);
	return result;
}

/* Uniform in [0, n); n must be > 0. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	assert(n > 0);
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static int rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

static double rng_normal(struct rng *r)
{
	double u = rng_unit(r), v = rng_unit(r);
	return sqrt(-2.0 * log(u > 0 ? u : 1e-300)) * cos(2 * M_PI * v);
}

#define PICK(r, a) ((a)[rng_below((r), (uint32_t)N_ELEMS(a))])

/* ------------------------------------------------------------------ */
/* Passages (corpus/passages.tsv.gz)                                    */
/* ------------------------------------------------------------------ */

enum lang { LANG_NL, LANG_EN, N_LANG };
enum pool { POOL_UN_GC, POOL_UN_VIEWS, POOL_REPORT, POOL_ECHR, POOL_RULING, POOL_LEGISLATION,
	N_POOL };

static const char *const lang_names[N_LANG] = { "nl", "en" };
static const char *const pool_names[N_POOL] = {
	"un_gc", "un_views", "report", "echr", "ruling", "legislation",
};

struct passage {
	const char *text;       /* one paragraph, UTF-8 */
	const char *eclis;      /* ';'-separated ECLIs it cites, maybe "" */
	const char *uns;        /* ';'-separated UN symbols it cites, maybe "" */
};

/* All passages; every pointer points into data. */
struct passages {
	char *data;                             /* the whole file, owned */
	struct passage *items;                  /* owned */
	size_t n;
	uint32_t *idx[N_LANG][N_POOL];          /* indexes into items, owned */
	uint32_t count[N_LANG][N_POOL];
	uint32_t lang_total[N_LANG];
};

static int name_index(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* Reads the whole of path (through `gzip -dc` when it ends in .gz) into a
 * malloc()ed NUL-terminated buffer.  Returns NULL and fills err on
 * failure. */
static char *read_all(const char *path, size_t *len_out, char *err, size_t errlen)
{
	size_t plen = strlen(path);
	int gz = plen > 3 && strcmp(path + plen - 3, ".gz") == 0;
	FILE *f;
	struct sbuf cmd = SBUF_INIT;

	if (gz) {
		/* Quote the path for the shell: ' becomes '\''. */
		sbuf_add(&cmd, "gzip -dc -- '");
		for (const char *p = path; *p; p++) {
			if (*p == '\'')
				sbuf_add(&cmd, "'\\''");
			else
				sbuf_addc(&cmd, *p);
		}
		sbuf_addc(&cmd, '\'');
		f = popen(sbuf_str(&cmd), "r");
	} else {
		f = fopen(path, "rb");
	}
	if (f == NULL) {
		snprintf(err, errlen, "%.200s: %s", path, strerror(errno));
		sbuf_release(&cmd);
		return NULL;
	}
	size_t cap = 1 << 20, len = 0;
	char *buf = xrealloc(NULL, cap);
	for (;;) {
		if (len + 1 >= cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t got = fread(buf + len, 1, cap - len - 1, f);
		if (got == 0)
			break;
		len += got;
	}
	int bad = ferror(f);
	int rc = gz ? pclose(f) : fclose(f);
	sbuf_release(&cmd);
	if (bad || rc != 0 || len == 0) {
		snprintf(err, errlen, "%s: cannot read%s", path,
			 gz ? " (is gzip installed and the file intact?)" : "");
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	*len_out = len;
	return buf;
}

/* Loads and indexes the passages file.  Returns 0, or -1 with err filled
 * (nothing to release then).  On success release with passages_free(). */
static int passages_load(struct passages *ps, const char *path, char *err, size_t errlen)
{
	size_t len;

	memset(ps, 0, sizeof *ps);
	ps->data = read_all(path, &len, err, errlen);
	if (ps->data == NULL)
		return -1;

	size_t cap = 4096;
	ps->items = xrealloc(NULL, cap * sizeof *ps->items);
	uint8_t *tags = xrealloc(NULL, cap);
	char *line = ps->data;
	while (*line) {
		char *nl = strchr(line, '\n');
		char *next = nl ? nl + 1 : line + strlen(line);
		char *f[5];
		int nf = 0;

		if (nl)
			*nl = '\0';
		f[nf++] = line;
		for (char *p = line; *p && nf < 5; p++)
			if (*p == '\t') {
				*p = '\0';
				f[nf++] = p + 1;
			}
		int lg = nf == 5 ? name_index(lang_names, N_LANG, f[0]) : -1;
		int pl = nf == 5 ? name_index(pool_names, N_POOL, f[1]) : -1;
		if (lg >= 0 && pl >= 0 && strlen(f[4]) > 0) {
			if (ps->n == cap) {
				cap *= 2;
				ps->items = xrealloc(ps->items, cap * sizeof *ps->items);
				tags = xrealloc(tags, cap);
			}
			ps->items[ps->n] = (struct passage){ f[4], f[2], f[3] };
			tags[ps->n] = (uint8_t)(lg * N_POOL + pl);
			ps->count[lg][pl]++;
			ps->lang_total[lg]++;
			ps->n++;
		}
		line = next;
	}
	for (int l = 0; l < N_LANG; l++)
		for (int p = 0; p < N_POOL; p++) {
			ps->idx[l][p] = xrealloc(NULL, (ps->count[l][p] + 1) * sizeof(uint32_t));
			ps->count[l][p] = 0;
		}
	for (size_t i = 0; i < ps->n; i++) {
		int l = tags[i] / N_POOL, p = tags[i] % N_POOL;
		ps->idx[l][p][ps->count[l][p]++] = (uint32_t)i;
	}
	free(tags);
	if (ps->lang_total[LANG_NL] == 0 || ps->lang_total[LANG_EN] == 0) {
		snprintf(err, errlen, "%s: needs passages in both nl and en (has %u nl, %u en)",
			 path, ps->lang_total[LANG_NL], ps->lang_total[LANG_EN]);
		return -1;
	}
	return 0;
}

/* Releases what passages_load() made; accepts a zeroed struct. */
static void passages_free(struct passages *ps)
{
	for (int l = 0; l < N_LANG; l++)
		for (int p = 0; p < N_POOL; p++)
			free(ps->idx[l][p]);
	free(ps->items);
	free(ps->data);
	memset(ps, 0, sizeof *ps);
}

/* Picks a passage from (lang, pool); an empty pool falls back to the other
 * pools of the same language.  The result is borrowed from ps. */
static const struct passage *passage_pick(const struct passages *ps, struct rng *r,
					  enum lang lang, enum pool pool)
{
	if (ps->count[lang][pool] == 0) {
		uint32_t k = rng_below(r, ps->lang_total[lang]);
		for (int p = 0; p < N_POOL; p++) {
			if (k < ps->count[lang][p])
				return &ps->items[ps->idx[lang][p][k]];
			k -= ps->count[lang][p];
		}
	}
	return &ps->items[ps->idx[lang][pool][rng_below(r, ps->count[lang][pool])]];
}

/* ------------------------------------------------------------------ */
/* Fixed tables: courts, topics, CRC structure, general comments        */
/* ------------------------------------------------------------------ */

enum domain { DOM_MIGRATION, DOM_FAMILY, DOM_YOUTHCARE, DOM_CRIMINAL, DOM_SOCIAL, N_DOM };

struct court {
	const char *code;       /* ECLI court code */
	const char *name;       /* "Rechtbank Den Haag" */
	const char *noun;       /* how the ruling calls itself: "de rechtbank" */
	unsigned domains;       /* bit set of enum domain it hears */
};

#define D(x) (1u << (x))
static const struct court courts[] = {
	{ "RVS", "Raad van State", "de Afdeling", D(DOM_MIGRATION) | D(DOM_SOCIAL) },
	{ "HR", "Hoge Raad", "de Hoge Raad", D(DOM_FAMILY) | D(DOM_CRIMINAL) },
	{ "CRVB", "Centrale Raad van Beroep", "de Raad", D(DOM_YOUTHCARE) | D(DOM_SOCIAL) },
	{ "GHAMS", "Gerechtshof Amsterdam", "het hof", D(DOM_FAMILY) | D(DOM_CRIMINAL) },
	{ "GHDHA", "Gerechtshof Den Haag", "het hof", D(DOM_FAMILY) | D(DOM_CRIMINAL) },
	{ "GHARL", "Gerechtshof Arnhem-Leeuwarden", "het hof", D(DOM_FAMILY) | D(DOM_CRIMINAL) },
	{ "GHSHE", "Gerechtshof ’s-Hertogenbosch", "het hof", D(DOM_FAMILY) | D(DOM_CRIMINAL) },
	{ "RBAMS", "Rechtbank Amsterdam", "de rechtbank", D(DOM_FAMILY) | D(DOM_CRIMINAL) | D(DOM_MIGRATION) },
	{ "RBDHA", "Rechtbank Den Haag", "de rechtbank", D(DOM_FAMILY) | D(DOM_MIGRATION) | D(DOM_CRIMINAL) },
	{ "RBROT", "Rechtbank Rotterdam", "de rechtbank", D(DOM_FAMILY) | D(DOM_CRIMINAL) | D(DOM_YOUTHCARE) },
	{ "RBMNE", "Rechtbank Midden-Nederland", "de rechtbank", D(DOM_FAMILY) | D(DOM_CRIMINAL) | D(DOM_YOUTHCARE) },
	{ "RBGEL", "Rechtbank Gelderland", "de rechtbank", D(DOM_FAMILY) | D(DOM_YOUTHCARE) },
	{ "RBOBR", "Rechtbank Oost-Brabant", "de rechtbank", D(DOM_FAMILY) | D(DOM_CRIMINAL) },
	{ "RBNHO", "Rechtbank Noord-Holland", "de rechtbank", D(DOM_FAMILY) | D(DOM_YOUTHCARE) },
	{ "RBLIM", "Rechtbank Limburg", "de rechtbank", D(DOM_FAMILY) | D(DOM_CRIMINAL) },
	{ "RBOVE", "Rechtbank Overijssel", "de rechtbank", D(DOM_FAMILY) | D(DOM_YOUTHCARE) },
	{ "RBNNE", "Rechtbank Noord-Nederland", "de rechtbank", D(DOM_FAMILY) | D(DOM_CRIMINAL) },
	{ "RBZWB", "Rechtbank Zeeland-West-Brabant", "de rechtbank", D(DOM_FAMILY) | D(DOM_MIGRATION) },
};
#undef D

static const char *const domain_area_nl[N_DOM] = {
	"Vreemdelingenrecht", "Personen- en familierecht", "Socialezekerheidsrecht; Jeugdwet",
	"Strafrecht; Jeugdstrafrecht", "Bestuursrecht",
};

struct topic {
	enum domain domain;
	const char *nl;         /* "de ondertoezichtstelling van een minderjarige" */
	const char *en;         /* "placement of a child under supervision" */
	int arts[4];            /* the CRC articles the topic is about, 0-terminated */
};

static const struct topic topics[] = {
	{ DOM_MIGRATION, "een verblijfsvergunning en het belang van het kind", "the best interests of the child in migration proceedings", { 3, 10, 22, 0 } },
	{ DOM_MIGRATION, "gezinshereniging met een minderjarige", "family reunification", { 10, 9, 3, 0 } },
	{ DOM_MIGRATION, "de bewaring van een gezin met minderjarige kinderen", "immigration detention of children", { 37, 3, 22, 0 } },
	{ DOM_MIGRATION, "de leeftijdsbepaling van een alleenstaande minderjarige vreemdeling", "age assessment of unaccompanied children", { 8, 3, 20, 22 } },
	{ DOM_FAMILY, "het horen van een minderjarige in een gezagsprocedure", "the right of the child to be heard", { 12, 3, 9, 0 } },
	{ DOM_FAMILY, "een verzoek tot uithuisplaatsing", "alternative care and placement outside the family", { 9, 3, 20, 25 } },
	{ DOM_FAMILY, "een ondertoezichtstelling", "child protection orders and family supervision", { 3, 9, 18, 19 } },
	{ DOM_FAMILY, "een omgangsregeling tussen ouder en kind", "contact between the child and a separated parent", { 9, 18, 3, 12 } },
	{ DOM_FAMILY, "de erkenning van een kind geboren uit draagmoederschap", "identity, surrogacy and birth registration", { 7, 8, 3, 21 } },
	{ DOM_FAMILY, "een verzoek tot adoptie", "adoption", { 21, 3, 12, 0 } },
	{ DOM_CRIMINAL, "de toepassing van het jeugdstrafrecht", "child justice", { 40, 37, 3, 0 } },
	{ DOM_CRIMINAL, "seksueel misbruik van een minderjarige", "sexual exploitation and abuse of children", { 34, 19, 39, 0 } },
	{ DOM_CRIMINAL, "kindermishandeling en huiselijk geweld", "freedom of the child from all forms of violence", { 19, 39, 3, 0 } },
	{ DOM_YOUTHCARE, "de toekenning van jeugdhulp", "children with disabilities and access to care", { 23, 24, 3, 0 } },
	{ DOM_YOUTHCARE, "een persoonsgebonden budget voor jeugdhulp", "social security and an adequate standard of living", { 26, 27, 23, 0 } },
	{ DOM_SOCIAL, "leerlingenvervoer en passend onderwijs", "the right to education", { 28, 29, 23, 0 } },
	{ DOM_SOCIAL, "de toegang tot gezondheidszorg voor kinderen", "the right of the child to health", { 24, 6, 3, 0 } },
	{ DOM_SOCIAL, "privacy van kinderen in de digitale omgeving", "children's rights in the digital environment", { 16, 17, 13, 0 } },
};

/* How the Convention's articles are built, so citations name real
 * paragraphs and letters: npara numbered paragraphs (1 = unnumbered), and
 * letters (a)... in paragraph letter_para (0 = the unnumbered article). */
struct crc_art {
	unsigned char npara, letter_para, nletters, weight;
};

static const struct crc_art crc[55] = {
	[1] = { 1, 0, 0, 1 }, [2] = { 2, 0, 0, 8 }, [3] = { 3, 0, 0, 30 }, [4] = { 1, 0, 0, 3 },
	[5] = { 1, 0, 0, 2 }, [6] = { 2, 0, 0, 3 }, [7] = { 2, 0, 0, 3 }, [8] = { 2, 0, 0, 4 },
	[9] = { 4, 0, 0, 8 }, [10] = { 2, 0, 0, 5 }, [11] = { 2, 0, 0, 1 }, [12] = { 2, 0, 0, 14 },
	[13] = { 2, 0, 0, 1 }, [14] = { 3, 0, 0, 1 }, [15] = { 2, 0, 0, 1 }, [16] = { 2, 0, 0, 3 },
	[17] = { 1, 0, 5, 1 }, [18] = { 3, 0, 0, 3 }, [19] = { 2, 0, 0, 7 }, [20] = { 3, 0, 0, 4 },
	[21] = { 1, 0, 5, 1 }, [22] = { 2, 0, 0, 5 }, [23] = { 4, 0, 0, 2 }, [24] = { 4, 2, 6, 5 },
	[25] = { 1, 0, 0, 1 }, [26] = { 2, 0, 0, 2 }, [27] = { 4, 0, 0, 4 }, [28] = { 3, 1, 5, 4 },
	[29] = { 2, 1, 5, 2 }, [30] = { 1, 0, 0, 1 }, [31] = { 2, 0, 0, 1 }, [32] = { 2, 2, 3, 1 },
	[33] = { 1, 0, 0, 1 }, [34] = { 1, 0, 3, 3 }, [35] = { 1, 0, 0, 1 }, [36] = { 1, 0, 0, 1 },
	[37] = { 1, 0, 4, 6 }, [38] = { 4, 0, 0, 1 }, [39] = { 1, 0, 0, 2 }, [40] = { 4, 2, 2, 6 },
	[41] = { 1, 0, 0, 0 }, [42] = { 1, 0, 0, 1 }, [43] = { 12, 0, 0, 0 }, [44] = { 6, 0, 0, 1 },
	[45] = { 1, 0, 5, 0 }, [46] = { 1, 0, 0, 0 }, [47] = { 1, 0, 0, 0 }, [48] = { 1, 0, 0, 0 },
	[49] = { 2, 0, 0, 0 }, [50] = { 3, 0, 0, 0 }, [51] = { 3, 0, 0, 0 }, [52] = { 1, 0, 0, 0 },
	[53] = { 1, 0, 0, 0 }, [54] = { 1, 0, 0, 0 },
};

struct gc {
	int num, year;
	const char *symbol;
	const char *subject;
};

static const struct gc gcs[] = {
	{ 1, 2001, "CRC/GC/2001/1", "the aims of education" },
	{ 5, 2003, "CRC/GC/2003/5", "general measures of implementation of the Convention on the Rights of the Child" },
	{ 6, 2005, "CRC/GC/2005/6", "treatment of unaccompanied and separated children outside their country of origin" },
	{ 7, 2005, "CRC/C/GC/7/Rev.1", "implementing child rights in early childhood" },
	{ 8, 2006, "CRC/C/GC/8", "the right of the child to protection from corporal punishment and other cruel or degrading forms of punishment" },
	{ 9, 2006, "CRC/C/GC/9", "the rights of children with disabilities" },
	{ 12, 2009, "CRC/C/GC/12", "the right of the child to be heard" },
	{ 13, 2011, "CRC/C/GC/13", "the right of the child to freedom from all forms of violence" },
	{ 14, 2013, "CRC/C/GC/14", "the right of the child to have his or her best interests taken as a primary consideration" },
	{ 15, 2013, "CRC/C/GC/15", "the right of the child to the enjoyment of the highest attainable standard of health" },
	{ 16, 2013, "CRC/C/GC/16", "State obligations regarding the impact of the business sector on children’s rights" },
	{ 20, 2016, "CRC/C/GC/20", "the implementation of the rights of the child during adolescence" },
	{ 21, 2017, "CRC/C/GC/21", "children in street situations" },
	{ 24, 2019, "CRC/C/GC/24", "children’s rights in the child justice system" },
	{ 25, 2021, "CRC/C/GC/25", "children’s rights in relation to the digital environment" },
};

static const char *const months_nl[12] = {
	"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december",
};
static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};
static const char *const lid_nl[13] = {
	"", "eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste",
	"negende", "tiende", "elfde", "twaalfde",
};
static const char *const ordinal_en[] = {
	"second", "third", "fourth", "fifth", "sixth", "seventh",
};
static const char *const roman[] = {
	"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
	"XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX",
};
static const char *const roman_lower[] = { "i", "ii", "iii", "iv", "v", "vi", "vii" };

struct state {
	const char *iso3, *name;
};
static const struct state states[] = {
	{ "NLD", "the Kingdom of the Netherlands" }, { "BEL", "Belgium" }, { "DEU", "Germany" },
	{ "FRA", "France" }, { "ESP", "Spain" }, { "ITA", "Italy" }, { "DNK", "Denmark" },
	{ "FIN", "Finland" }, { "CHE", "Switzerland" }, { "NOR", "Norway" }, { "PRT", "Portugal" },
	{ "CZE", "Czechia" }, { "CHL", "Chile" }, { "ARG", "Argentina" }, { "GEO", "Georgia" },
	{ "MNG", "Mongolia" }, { "PER", "Peru" }, { "URY", "Uruguay" }, { "TUN", "Tunisia" },
};

static const char *const report_bodies_en[] = {
	"Institute for Child Law Studies", "Children’s Rights Observatory",
	"European Network for Youth Justice Research", "Centre for Migration and Childhood",
	"Child Welfare Policy Unit, University of Amstelland",
};
static const char *const report_bodies_nl[] = {
	"Kenniscentrum Jeugdrecht", "Onderzoeksbureau Kind & Recht",
	"Landelijk Platform Jeugdbescherming", "Vakgroep Jeugdrecht, Universiteit van Amstelland",
	"Stichting Onderzoek Kinderrechten",
};

/* ------------------------------------------------------------------ */
/* Document metadata: a pure function of (seed, index)                  */
/* ------------------------------------------------------------------ */

enum doc_type { DT_RULING, DT_REPORT, DT_GC, DT_CO, DT_VIEWS, N_DT };

static const char *const doc_type_names[N_DT] = {
	"ruling", "report", "un_general_comment", "un_concluding_observations", "un_views",
};

struct doc_meta {
	size_t index;
	enum doc_type type;
	enum lang lang;
	const struct topic *topic;
	const struct court *court;      /* rulings only */
	const struct state *state;      /* CO and Views only */
	const char *body;               /* court or body name, static */
	int year, month, day;
	int target_pages;
	char id[64];                    /* the document's own identifier */
	char file[64];                  /* path below OUTDIR */
	char title[320];
};

/* Median pages and spread of the page-count log-normal per type: most
 * documents have 2-20 pages, reports and general comments run long. */
static const double pages_median[N_DT] = { 5.0, 24.0, 14.0, 9.0, 8.0 };
static const double pages_sigma[N_DT] = { 0.75, 0.95, 0.6, 0.45, 0.6 };

/* Fills *m for document `index`.  Can't fail. */
static void doc_meta_make(uint64_t seed, size_t index, struct doc_meta *m)
{
	struct rng r;
	double u;

	memset(m, 0, sizeof *m);
	rng_seed(&r, seed, 2 * (uint64_t)index);
	m->index = index;
	u = rng_unit(&r);
	m->type = u < 0.45 ? DT_RULING : u < 0.60 ? DT_REPORT : u < 0.68 ? DT_GC
		: u < 0.82 ? DT_CO : DT_VIEWS;
	m->lang = m->type == DT_RULING ? LANG_NL : m->type == DT_REPORT
		? (rng_chance(&r, 0.5) ? LANG_NL : LANG_EN) : LANG_EN;
	m->topic = &PICK(&r, topics);
	m->year = m->type == DT_RULING ? rng_range(&r, 2008, 2024) : rng_range(&r, 2005, 2024);
	m->month = rng_range(&r, 1, 12);
	m->day = rng_range(&r, 1, 28);
	double p = pages_median[m->type] * exp(pages_sigma[m->type] * rng_normal(&r));
	/* The closing section may add a page; 196 keeps the maximum at 200. */
	m->target_pages = p < 1 ? 1 : p > 196 ? 196 : (int)lround(p);

	switch (m->type) {
	case DT_RULING: {
		const struct court *c;
		do
			c = &PICK(&r, courts);
		while (!(c->domains & (1u << m->topic->domain)));
		m->court = c;
		m->body = c->name;
		snprintf(m->id, sizeof m->id, "ECLI:NL:%s:%d:SYN.%06zu", c->code, m->year, index);
		snprintf(m->file, sizeof m->file, "%03zu/ECLI_NL_%s_%d_SYN_%06zu.pdf",
			 index / 1000, c->code, m->year, index);
		static const char *const kinds[] = {
			"Uitspraak", "Beschikking", "Uitspraak in hoger beroep", "Tussenuitspraak",
		};
		snprintf(m->title, sizeof m->title, "%s over %s", PICK(&r, kinds), m->topic->nl);
		break;
	}
	case DT_REPORT:
		m->body = m->lang == LANG_NL ? PICK(&r, report_bodies_nl) : PICK(&r, report_bodies_en);
		snprintf(m->id, sizeof m->id, "SYN-RR-%d-%06zu", m->year, index);
		snprintf(m->file, sizeof m->file, "%03zu/report-%s-%06zu.pdf", index / 1000,
			 lang_names[m->lang], index);
		if (m->lang == LANG_NL) {
			static const char *const forms[] = {
				"Onderzoek naar %s", "Kinderrechten in de praktijk: %s",
				"Evaluatie van de rechtspraktijk rond %s", "Knelpunten bij %s",
			};
			const char *f = PICK(&r, forms);
			/* Only %s in f; the table above is the whole set of formats. */
			const char *s = strstr(f, "%s");
			snprintf(m->title, sizeof m->title, "%.*s%s", (int)(s - f), f, m->topic->nl);
		} else {
			static const char *const pre[] = {
				"Research report on ", "Children’s rights in practice: ",
				"A national study of ", "Mapping the law and practice of ",
			};
			snprintf(m->title, sizeof m->title, "%s%s", PICK(&r, pre), m->topic->en);
		}
		break;
	case DT_GC:
		m->body = "Committee on the Rights of the Child";
		snprintf(m->id, sizeof m->id, "CRC/C/SYN/GC/%06zu", index);
		snprintf(m->file, sizeof m->file, "%03zu/CRC-C-SYN-GC-%06zu.pdf", index / 1000, index);
		snprintf(m->title, sizeof m->title,
			 "Synthetic general comment SYN-%06zu (%d) on %s", index, m->year, m->topic->en);
		break;
	case DT_CO:
		m->body = "Committee on the Rights of the Child";
		m->state = &PICK(&r, states);
		snprintf(m->id, sizeof m->id, "CRC/C/SYN/CO/%s/%06zu", m->state->iso3, index);
		snprintf(m->file, sizeof m->file, "%03zu/CRC-C-SYN-CO-%s-%06zu.pdf", index / 1000,
			 m->state->iso3, index);
		{
			unsigned k = rng_below(&r, 5);
			snprintf(m->title, sizeof m->title,
				 "Concluding observations on the combined %s and %s periodic reports of %s",
				 ordinal_en[k], ordinal_en[k + 1], m->state->name);
		}
		break;
	case DT_VIEWS:
		m->body = "Committee on the Rights of the Child";
		m->state = &PICK(&r, states);
		snprintf(m->id, sizeof m->id, "CRC/C/SYN/D/%06zu/%d", index, m->year);
		snprintf(m->file, sizeof m->file, "%03zu/CRC-C-SYN-D-%06zu-%d.pdf", index / 1000,
			 index, m->year);
		snprintf(m->title, sizeof m->title,
			 "Views adopted by the Committee under the Optional Protocol to the Convention "
			 "on the Rights of the Child on a communications procedure, concerning "
			 "communication No. SYN-%06zu/%d", index, m->year);
		break;
	case N_DT:
		assert(0);
	}
}

/* ------------------------------------------------------------------ */
/* Fonts and width measurement (convention 5)                           */
/* ------------------------------------------------------------------ */

#define ADV_TABLE 0x2200        /* code points with a cached advance */

struct font {
	cairo_font_face_t *face;
	cairo_scaled_font_t *measure;   /* size 1000, unhinted metrics */
	float *adv;                     /* ADV_TABLE advances at size 1000, <0 = unknown */
};

enum font_id { F_SERIF, F_SERIF_BOLD, F_SANS, N_FONT };

struct fonts {
	struct font f[N_FONT];
};

/* Creates the three faces.  Returns 0, or -1 with err filled; release with
 * fonts_free() in both cases. */
static int fonts_init(struct fonts *fs, char *err, size_t errlen)
{
	static const struct { const char *family; cairo_font_weight_t weight; } spec[N_FONT] = {
		{ "Liberation Serif", CAIRO_FONT_WEIGHT_NORMAL },
		{ "Liberation Serif", CAIRO_FONT_WEIGHT_BOLD },
		{ "DejaVu Sans", CAIRO_FONT_WEIGHT_NORMAL },
	};
	cairo_font_options_t *opt = cairo_font_options_create();
	cairo_matrix_t fm, ctm;

	cairo_font_options_set_hint_metrics(opt, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opt, CAIRO_HINT_STYLE_NONE);
	cairo_matrix_init_scale(&fm, 1000, 1000);
	cairo_matrix_init_identity(&ctm);
	memset(fs, 0, sizeof *fs);
	for (int i = 0; i < N_FONT; i++) {
		struct font *f = &fs->f[i];
		f->face = cairo_toy_font_face_create(spec[i].family, CAIRO_FONT_SLANT_NORMAL,
						     spec[i].weight);
		f->measure = cairo_scaled_font_create(f->face, &fm, &ctm, opt);
		if (cairo_scaled_font_status(f->measure) != CAIRO_STATUS_SUCCESS) {
			snprintf(err, errlen, "font %s: %s", spec[i].family,
				 cairo_status_to_string(cairo_scaled_font_status(f->measure)));
			cairo_font_options_destroy(opt);
			return -1;
		}
		f->adv = xrealloc(NULL, ADV_TABLE * sizeof *f->adv);
		for (int c = 0; c < ADV_TABLE; c++)
			f->adv[c] = -1.0f;
	}
	cairo_font_options_destroy(opt);
	return 0;
}

static void fonts_free(struct fonts *fs)
{
	for (int i = 0; i < N_FONT; i++) {
		struct font *f = &fs->f[i];
		if (f->measure)
			cairo_scaled_font_destroy(f->measure);
		if (f->face)
			cairo_font_face_destroy(f->face);
		free(f->adv);
	}
	memset(fs, 0, sizeof *fs);
}

/* Advance of code point c at size 1000; asks cairo once per code point. */
static double font_advance(struct font *f, uint32_t c)
{
	if (c < ADV_TABLE && f->adv[c] >= 0)
		return f->adv[c];
	char u[5] = { 0 };
	if (c < 0x80) {
		u[0] = (char)c;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
	} else {
		u[0] = (char)(0xF0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
	}
	cairo_text_extents_t ext;
	cairo_scaled_font_text_extents(f->measure, u, &ext);
	if (c < ADV_TABLE)
		f->adv[c] = (float)ext.x_advance;
	return ext.x_advance;
}

/* Width at size 1000 of s[0..n), skipping the citation markers. */
static double text_width(struct font *f, const char *s, size_t n)
{
	const char *end = s + n;
	double w = 0;

	while (s < end) {
		uint32_t c = utf8_next(&s);
		if (c > 2)
			w += font_advance(f, c);
	}
	return w;
}

/* ------------------------------------------------------------------ */
/* Citation log                                                         */
/* ------------------------------------------------------------------ */

/* In generated text a citation is bracketed by MARK_OPEN ... MARK_CLOSE;
 * the layout strips them and records the page.  One pair per record; pairs
 * may nest ("articles 3 and 12" is two records over one phrase). */
#define MARK_OPEN '\x01'
#define MARK_CLOSE '\x02'

#define CITE_LINEBREAK 1u
#define CITE_PAGEBREAK 2u

struct cite {
	const char *instrument;         /* "CRC", "ECHR", "OPIC"; static */
	int art, para, sub;             /* para, sub 0 when absent */
	char letter;                    /* 0 when absent */
	int page;                       /* filled by the layout */
	long line0;                     /* layout line of the opening mark */
	unsigned flags;                 /* CITE_* */
	char *passage;                  /* the phrase as written, owned */
};

struct cite_log {
	struct cite *v;
	size_t n, cap;
};

static struct cite *cite_push(struct cite_log *log, const char *instrument, int art,
			      int para, char letter, int sub)
{
	if (log->n == log->cap) {
		log->cap = log->cap ? 2 * log->cap : 32;
		log->v = xrealloc(log->v, log->cap * sizeof *log->v);
	}
	struct cite *c = &log->v[log->n++];
	memset(c, 0, sizeof *c);
	c->instrument = instrument;
	c->art = art;
	c->para = para;
	c->letter = letter;
	c->sub = sub;
	return c;
}

static void cite_log_free(struct cite_log *log)
{
	for (size_t i = 0; i < log->n; i++)
		free(log->v[i].passage);
	free(log->v);
	memset(log, 0, sizeof *log);
}

/* ------------------------------------------------------------------ */
/* Layout: A4 pages, word wrap, headers and footers                     */
/* ------------------------------------------------------------------ */

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_L 72.0
#define MARGIN_R 72.0
#define TOP 78.0
#define BOTTOM 780.0
#define TEXT_W (PAGE_W - MARGIN_L - MARGIN_R)
#define MAX_OPEN 32

struct layout {
	cairo_surface_t *surface;
	cairo_t *cr;
	struct fonts *fonts;            /* borrowed */
	const struct doc_meta *meta;    /* borrowed */
	struct cite_log *cites;         /* borrowed; marks are matched in order */
	size_t next_cite;
	size_t open[MAX_OPEN];          /* open marks, oldest first */
	int n_open;
	int page;                       /* current page, 0 before the first */
	double y;                       /* baseline of the next line */
	long line_no;
	const struct font *cur_font;
	double cur_size;
	struct sbuf line;               /* the line being filled, with marks */
	struct sbuf clean;              /* the line as drawn */
	double line_w;                  /* width of `line` at size 1000 */
};

static void lay_set_font(struct layout *L, enum font_id id, double size)
{
	const struct font *f = &L->fonts->f[id];

	if (f == L->cur_font && size == L->cur_size)
		return;
	cairo_set_font_face(L->cr, f->face);
	cairo_set_font_size(L->cr, size);
	L->cur_font = f;
	L->cur_size = size;
}

static void lay_show(struct layout *L, enum font_id id, double size, double x, double y,
		     const char *s)
{
	lay_set_font(L, id, size);
	cairo_move_to(L->cr, x, y);
	cairo_show_text(L->cr, s);
}

/* Ends the current page (footer) and starts the next (running header). */
static void lay_new_page(struct layout *L)
{
	char num[32];

	if (L->page > 0) {
		snprintf(num, sizeof num, "– %d –", L->page);
		double w = text_width(&L->fonts->f[F_SANS], num, strlen(num)) * 8 / 1000;
		lay_show(L, F_SANS, 8, (PAGE_W - w) / 2, PAGE_H - 36, num);
		cairo_show_page(L->cr);
	}
	L->page++;
	L->y = TOP;
	if (L->page > 1) {
		lay_show(L, F_SANS, 7.5, MARGIN_L, 44, L->meta->id);
		cairo_set_line_width(L->cr, 0.4);
		cairo_move_to(L->cr, MARGIN_L, 50);
		cairo_line_to(L->cr, PAGE_W - MARGIN_R, 50);
		cairo_stroke(L->cr);
	}
}

/* Draws the pending line at x and moves down by lead, breaking the page
 * first when it does not fit.  Records the page of citation marks. */
static void lay_flush(struct layout *L, enum font_id id, double size, double lead, double x)
{
	if (L->line.len == 0)
		return;
	if (L->page == 0 || L->y > BOTTOM)
		lay_new_page(L);
	sbuf_reset(&L->clean);
	for (const char *p = L->line.buf; *p; p++) {
		if (*p == MARK_OPEN) {
			assert(L->next_cite < L->cites->n);
			struct cite *c = &L->cites->v[L->next_cite];
			c->page = L->page;
			c->line0 = L->line_no;
			if (L->n_open < MAX_OPEN)
				L->open[L->n_open++] = L->next_cite;
			L->next_cite++;
		} else if (*p == MARK_CLOSE) {
			if (L->n_open > 0) {
				struct cite *c = &L->cites->v[L->open[0]];
				if (c->line0 != L->line_no)
					c->flags |= CITE_LINEBREAK;
				if (c->page != L->page)
					c->flags |= CITE_PAGEBREAK;
				memmove(L->open, L->open + 1, (size_t)--L->n_open * sizeof L->open[0]);
			}
		} else {
			sbuf_addc(&L->clean, *p);
		}
	}
	/* A trailing space would only make the text object longer. */
	while (L->clean.len && L->clean.buf[L->clean.len - 1] == ' ')
		L->clean.buf[--L->clean.len] = '\0';
	lay_show(L, id, size, x, L->y, sbuf_str(&L->clean));
	L->y += lead;
	L->line_no++;
	sbuf_reset(&L->line);
	L->line_w = 0;
}

/* Lays out one wrapped block of text.  label, when not NULL, is drawn at
 * the left margin of the first line (paragraph numbers) and the text is
 * indented by `indent` points on every line. */
static void lay_block(struct layout *L, enum font_id id, double size, double lead,
		      const char *label, double indent, const char *text)
{
	struct font *f = &L->fonts->f[id];
	double max_w = (TEXT_W - indent) * 1000.0 / size;
	double space_w = font_advance(f, ' ');
	const char *p = text;

	if (L->page == 0 || L->y > BOTTOM)
		lay_new_page(L);
	if (label) {
		lay_show(L, id, size, MARGIN_L, L->y, label);
	}
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t n = (size_t)(p - w);
		double ww = text_width(f, w, n);
		if (L->line.len > 0 && L->line_w + space_w + ww > max_w)
			lay_flush(L, id, size, lead, MARGIN_L + indent);
		if (L->line.len > 0) {
			sbuf_addc(&L->line, ' ');
			L->line_w += space_w;
		}
		sbuf_addn(&L->line, w, n);
		L->line_w += ww;
	}
	lay_flush(L, id, size, lead, MARGIN_L + indent);
}

/* Body paragraph, optionally numbered ("2.3", "14."). */
static void lay_para(struct layout *L, const char *label, const char *text)
{
	lay_block(L, F_SERIF, 11, 14, label, label ? 36 : 0, text);
	L->y += 6;
}

/* Section heading; starts a new page when fewer than four lines remain. */
static void lay_heading(struct layout *L, const char *text, double size)
{
	if (L->page > 0 && L->y > BOTTOM - 4 * 14)
		lay_new_page(L);
	else
		L->y += 8;
	lay_block(L, F_SERIF_BOLD, size, size + 4, NULL, 0, text);
	L->y += 4;
}

/* Opens the PDF at path.  Returns 0, or -1 with err filled; call
 * lay_close() in both cases. */
static int lay_open(struct layout *L, const char *path, struct fonts *fonts,
		    const struct doc_meta *m, struct cite_log *cites, char *err, size_t errlen)
{
	memset(L, 0, sizeof *L);
	L->fonts = fonts;
	L->meta = m;
	L->cites = cites;
	L->surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(L->surface) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "%.200s: %s", path,
			 cairo_status_to_string(cairo_surface_status(L->surface)));
		return -1;
	}
	cairo_pdf_surface_set_metadata(L->surface, CAIRO_PDF_METADATA_TITLE, m->title);
	cairo_pdf_surface_set_metadata(L->surface, CAIRO_PDF_METADATA_AUTHOR, m->body);
	cairo_pdf_surface_set_metadata(L->surface, CAIRO_PDF_METADATA_SUBJECT,
				       m->lang == LANG_NL
				       ? "SYNTHETISCH DOCUMENT – gegenereerd voor benchmarks"
				       : "SYNTHETIC DOCUMENT – generated for benchmarks");
	cairo_pdf_surface_set_metadata(L->surface, CAIRO_PDF_METADATA_KEYWORDS, m->id);
	cairo_pdf_surface_set_metadata(L->surface, CAIRO_PDF_METADATA_CREATOR, "kindex mkcorpus");
	/* Fixed dates keep the bytes a function of (seed, index). */
	char when[32];
	snprintf(when, sizeof when, "%04d-%02d-%02dT12:00:00Z", m->year, m->month, m->day);
	cairo_pdf_surface_set_metadata(L->surface, CAIRO_PDF_METADATA_CREATE_DATE, when);
	cairo_pdf_surface_set_metadata(L->surface, CAIRO_PDF_METADATA_MOD_DATE, when);
	L->cr = cairo_create(L->surface);
	cairo_set_source_rgb(L->cr, 0, 0, 0);
	return 0;
}

/* Finishes the last page and writes the file.  Returns the page count, or
 * -1 with err filled.  Releases everything; safe after a failed open. */
static int lay_close(struct layout *L, const char *path, char *err, size_t errlen)
{
	int pages = -1;

	if (L->cr) {
		if (L->page == 0)
			lay_new_page(L);
		char num[32];
		snprintf(num, sizeof num, "– %d –", L->page);
		double w = text_width(&L->fonts->f[F_SANS], num, strlen(num)) * 8 / 1000;
		lay_show(L, F_SANS, 8, (PAGE_W - w) / 2, PAGE_H - 36, num);
		cairo_show_page(L->cr);
		cairo_destroy(L->cr);
		cairo_surface_finish(L->surface);
		if (cairo_surface_status(L->surface) != CAIRO_STATUS_SUCCESS)
			snprintf(err, errlen, "%.200s: %s", path,
				 cairo_status_to_string(cairo_surface_status(L->surface)));
		else
			pages = L->page;
	}
	if (L->surface)
		cairo_surface_destroy(L->surface);
	sbuf_release(&L->line);
	sbuf_release(&L->clean);
	L->cr = NULL;
	L->surface = NULL;
	return pages;
}

/* How far the document is, as a fraction of its target page count. */
static double lay_progress(const struct layout *L, int target)
{
	if (L->page == 0)
		return 0;
	return ((L->page - 1) + (L->y - TOP) / (BOTTOM - TOP)) / target;
}

/* ------------------------------------------------------------------ */
/* Text generation                                                      */
/* ------------------------------------------------------------------ */

struct gen {
	struct rng r;
	const struct doc_meta *m;
	const struct passages *ps;
	uint64_t seed;
	size_t n_docs;
	struct layout *L;
	struct cite_log *cites;
	struct strset eclis, uns;       /* what the text cites, for the manifest */
	unsigned n_ecli;                /* ECLIs chosen so far (sub-stream key) */
	double cite_rate;               /* chance that a body paragraph cites the CRC */
	int focus[4];                   /* the topic's articles */
	int n_focus;
	struct sbuf para;               /* scratch for one paragraph */
	struct sbuf phrase;             /* scratch for one citation */
};

/* Picks an article: mostly the topic's, otherwise by overall frequency. */
static int pick_article(struct gen *g)
{
	if (g->n_focus && rng_chance(&g->r, 0.7))
		return g->focus[rng_below(&g->r, (uint32_t)g->n_focus)];
	int total = 0;
	for (int a = 1; a <= 54; a++)
		total += crc[a].weight;
	int k = (int)rng_below(&g->r, (uint32_t)total);
	for (int a = 1; a <= 54; a++) {
		k -= crc[a].weight;
		if (k < 0)
			return a;
	}
	return 3;
}

/* Appends one marked CRC citation of one or two articles to out and logs
 * it.  The forms are the ones Dutch courts and the UN Committee use. */
static void add_crc_cite(struct gen *g, struct sbuf *out)
{
	struct sbuf *ph = &g->phrase;
	int a = pick_article(g), b = 0, para = 0, sub = 0;
	char letter = 0;
	const struct crc_art *ca = &crc[a];

	if (rng_chance(&g->r, 0.12)) {
		b = pick_article(g);
		if (b == a)
			b = 0;
	}
	if (!b && ca->npara > 1 && rng_chance(&g->r, 0.45))
		para = rng_range(&g->r, 1, ca->npara);
	if (!b && ca->nletters && (para == ca->letter_para || (ca->letter_para == 0 && ca->npara == 1))
	    && rng_chance(&g->r, 0.5)) {
		if (ca->letter_para && !para)
			para = ca->letter_para;
		letter = (char)('a' + rng_below(&g->r, ca->nletters));
		if (a == 40 && letter == 'b' && rng_chance(&g->r, 0.4))
			sub = rng_range(&g->r, 1, 7);
	}
	if (b && b < a) {
		int t = a;
		a = b;
		b = t;
	}

	sbuf_reset(ph);
	if (g->m->lang == LANG_NL) {
		static const char *const names[] = {
			"van het IVRK", "IVRK", "van het Internationaal Verdrag inzake de rechten van het kind",
			"van het Verdrag inzake de rechten van het kind", "van het VN-Kinderrechtenverdrag",
			"van het Kinderrechtenverdrag",
		};
		const char *name = PICK(&g->r, names);
		int short_form = rng_chance(&g->r, 0.3);
		if (b) {
			sbuf_addf(ph, "de artikelen %d en %d %s", a, b, name);
		} else if (short_form) {
			sbuf_addf(ph, "art. %d", a);
			if (para)
				sbuf_addf(ph, " lid %d", para);
			if (letter)
				sbuf_addf(ph, ", onder %c,", letter);
			sbuf_add(ph, " IVRK");
		} else {
			sbuf_addf(ph, "artikel %d", a);
			if (para)
				sbuf_addf(ph, ", %s lid", lid_nl[para]);
			if (letter) {
				sbuf_addf(ph, ", aanhef en onder %c", letter);
				if (sub)
					sbuf_addf(ph, ", sub %s", roman_lower[sub - 1]);
			}
			sbuf_addf(ph, "%s %s", (para || letter) && name[0] == 'v' ? "," : "", name);
		}
	} else {
		int form = (int)rng_below(&g->r, 10);
		if (b) {
			sbuf_addf(ph, "articles %d and %d of the Convention", a, b);
		} else if (form == 0) {
			sbuf_addf(ph, "CRC art. %d", a);
			if (para)
				sbuf_addf(ph, "(%d)", para);
			if (letter)
				sbuf_addf(ph, "(%c)", letter);
			if (sub)
				sbuf_addf(ph, "(%s)", roman_lower[sub - 1]);
		} else if (form == 1) {
			sbuf_addf(ph, "art. %d", a);
			if (para)
				sbuf_addf(ph, "(%d)", para);
			if (letter)
				sbuf_addf(ph, "(%c)", letter);
			sbuf_add(ph, " CRC");
		} else {
			sbuf_addf(ph, "article %d", a);
			if (para)
				sbuf_addf(ph, " (%d)", para);
			if (letter)
				sbuf_addf(ph, " (%c)", letter);
			if (sub)
				sbuf_addf(ph, " (%s)", roman_lower[sub - 1]);
			sbuf_add(ph, form == 2 ? " of the Convention on the Rights of the Child"
				 : " of the Convention");
		}
	}
	struct cite *c = cite_push(g->cites, "CRC", a, para, letter, sub);
	c->passage = strdup(sbuf_str(ph));
	sbuf_addc(out, MARK_OPEN);
	if (b) {
		c = cite_push(g->cites, "CRC", b, 0, 0, 0);
		c->passage = strdup(sbuf_str(ph));
		sbuf_addc(out, MARK_OPEN);
	}
	sbuf_add(out, sbuf_str(ph));
	sbuf_addc(out, MARK_CLOSE);
	if (b)
		sbuf_addc(out, MARK_CLOSE);
}

/* Appends a citation of another ruling of this corpus. */
static void add_ecli(struct gen *g, struct sbuf *out)
{
	struct doc_meta other;
	struct rng er;

	/* A stream of its own, so that what the choice costs (it depends on
	 * the corpus size) does not shift the rest of the document. */
	rng_seed(&er, g->seed ^ 0x5eed0ec11ULL,
		 ((uint64_t)g->m->index << 16) | (g->n_ecli++ & 0xFFFF));
	for (int tries = 0; tries < 24; tries++) {
		size_t j = rng_below(&er, (uint32_t)g->n_docs);
		if (j == g->m->index)
			continue;
		doc_meta_make(g->seed, j, &other);
		if (other.type == DT_RULING) {
			sbuf_add(out, other.id);
			strset_add(&g->eclis, other.id, strlen(other.id));
			return;
		}
	}
	/* A tiny corpus without other rulings: an ECLI no document here has. */
	char id[64];
	snprintf(id, sizeof id, "ECLI:NL:RVS:%d:SYN.%06u", g->m->year - 1,
		 (unsigned)(g->n_docs + rng_below(&er, 1000)));
	sbuf_add(out, id);
	strset_add(&g->eclis, id, strlen(id));
}

/* Appends a reference to a real CRC general comment. */
static void add_gc(struct gen *g, struct sbuf *out)
{
	const struct gc *c = &PICK(&g->r, gcs);

	if (g->m->lang == LANG_NL)
		sbuf_addf(out, "algemeen commentaar nr. %d (%d) van het VN-Kinderrechtencomité (%s)",
			  c->num, c->year, c->symbol);
	else if (rng_chance(&g->r, 0.5))
		sbuf_addf(out, "general comment No. %d (%d) on %s", c->num, c->year, c->subject);
	else
		sbuf_addf(out, "general comment No. %d (%s)", c->num, c->symbol);
	strset_add(&g->uns, c->symbol, strlen(c->symbol));
}

/* Law citations that are not the CRC: distractors for the citation
 * extractor.  ECHR and OPIC ones are labelled in CITATIONS.tsv. */
struct distractor {
	const char *text, *instrument;
	int art, para;
	char letter;
};

static const struct distractor distractors_nl[] = {
	{ "artikel 8 EVRM", "ECHR", 8, 0, 0 },
	{ "artikel 8 van het EVRM", "ECHR", 8, 0, 0 },
	{ "artikel 3 EVRM", "ECHR", 3, 0, 0 },
	{ "artikel 6, eerste lid, EVRM", "ECHR", 6, 1, 0 },
	{ "artikel 1:255 BW", NULL, 0, 0, 0 },
	{ "artikel 1:263 BW", NULL, 0, 0, 0 },
	{ "artikel 1:377a BW", NULL, 0, 0, 0 },
	{ "artikel 8:69 van de Algemene wet bestuursrecht (Awb)", NULL, 0, 0, 0 },
	{ "artikel 2.3, eerste lid, van de Jeugdwet", NULL, 0, 0, 0 },
	{ "artikel 29, eerste lid, aanhef en onder a, van de Vreemdelingenwet 2000", NULL, 0, 0, 0 },
	{ "artikel 24 van het Handvest van de grondrechten van de Europese Unie", NULL, 0, 0, 0 },
	{ "artikel 77a van het Wetboek van Strafrecht", NULL, 0, 0, 0 },
};

static const struct distractor distractors_en[] = {
	{ "article 8 of the European Convention on Human Rights", "ECHR", 8, 0, 0 },
	{ "article 3 of the European Convention on Human Rights", "ECHR", 3, 0, 0 },
	{ "article 24 of the International Covenant on Civil and Political Rights", NULL, 0, 0, 0 },
	{ "article 10 of the International Covenant on Economic, Social and Cultural Rights", NULL, 0, 0, 0 },
	{ "article 3 of the Convention against Torture", NULL, 0, 0, 0 },
	{ "rule 18 (1) of the Committee’s rules of procedure", NULL, 0, 0, 0 },
	{ "article 7 (e) of the Optional Protocol", "OPIC", 7, 0, 'e' },
	{ "article 6 of the Optional Protocol", "OPIC", 6, 0, 0 },
};

static void add_distractor(struct gen *g, struct sbuf *out)
{
	const struct distractor *d;

	if (g->m->lang == LANG_NL)
		d = &PICK(&g->r, distractors_nl);
	else if (g->m->type == DT_VIEWS)
		d = &distractors_en[N_ELEMS(distractors_en) - 1 - rng_below(&g->r, 3)];
	else    /* the other treaties; not the communications procedure */
		d = &distractors_en[rng_below(&g->r, 5)];

	if (d->instrument) {
		struct cite *c = cite_push(g->cites, d->instrument, d->art, d->para, d->letter, 0);
		c->passage = strdup(d->text);
		sbuf_addc(out, MARK_OPEN);
		sbuf_add(out, d->text);
		sbuf_addc(out, MARK_CLOSE);
	} else {
		sbuf_add(out, d->text);
	}
}

/* Expands a sentence template into out.  Placeholders: {C} and {C2} a CRC
 * citation, {E} an ECLI, {G} a general comment, {D} a distractor, {R} and
 * {Rc} the court's noun (lower case, capitalised), {S} the State party.
 * Anything else is copied. */
static void expand(struct gen *g, struct sbuf *out, const char *t)
{
	while (*t) {
		if (*t != '{') {
			const char *brace = strchr(t, '{');
			size_t n = brace ? (size_t)(brace - t) : strlen(t);
			sbuf_addn(out, t, n);
			t += n;
			continue;
		}
		const char *end = strchr(t, '}');
		if (end == NULL) {
			sbuf_add(out, t);
			return;
		}
		size_t n = (size_t)(end - t - 1);
		const char *key = t + 1;
		if ((n == 1 && key[0] == 'C') || (n == 2 && key[0] == 'C' && key[1] == '2')) {
			add_crc_cite(g, out);
		} else if (n == 1 && key[0] == 'E') {
			add_ecli(g, out);
		} else if (n == 1 && key[0] == 'G') {
			add_gc(g, out);
		} else if (n == 1 && key[0] == 'D') {
			add_distractor(g, out);
		} else if (n >= 1 && key[0] == 'R') {
			const char *noun = g->m->court ? g->m->court->noun : "de rechtbank";
			if (n == 2) {
				sbuf_addc(out, (char)(noun[0] - 'a' + 'A'));
				sbuf_add(out, noun + 1);
			} else {
				sbuf_add(out, noun);
			}
		} else if (n == 1 && key[0] == 'S') {
			sbuf_add(out, g->m->state ? g->m->state->name : "the State party");
		} else {
			sbuf_addn(out, t, n + 2);
		}
		t = end + 1;
	}
}

static const char *const cite_nl[] = {
	"{Rc} stelt voorop dat {C} in deze zaak van belang is.",
	"Appellant betoogt dat onvoldoende rekening is gehouden met {C}.",
	"Naar het oordeel van {R} is niet gebleken dat in strijd met {C} is gehandeld.",
	"De moeder heeft aangevoerd dat de beslissing in strijd is met {C}.",
	"{Rc} overweegt dat {C} geen rechtstreekse werking heeft voor zover daarin een inspanningsverplichting is neergelegd, maar dat de daarin vervatte waarborgen wel bij de belangenafweging moeten worden betrokken.",
	"Gelet op {C} moet de minderjarige in de gelegenheid worden gesteld zijn of haar mening kenbaar te maken.",
	"Het beroep op {C} slaagt niet.",
	"Het beroep op {C} slaagt.",
	"Anders dan de staatssecretaris betoogt, volgt uit {C} dat het belang van het kind zwaar moet wegen.",
	"{Rc} heeft bij de beoordeling {C} en {C2} in aanmerking genomen.",
	"Voor zover de vader een beroep doet op {C}, overweegt {R} als volgt.",
	"De raad voor de kinderbescherming heeft ter zitting toegelicht dat de maatregel in overeenstemming is met {C}.",
	"Bij de belangenafweging moet het belang van het kind, zoals neergelegd in {C}, een eerste overweging vormen.",
	"De gecertificeerde instelling heeft onvoldoende gemotiveerd waarom de beslissing verenigbaar is met {C}.",
	"Dat het college bij de beslissing op bezwaar niet is ingegaan op {C}, maakt het besluit niet onrechtmatig.",
};

static const char *const cite_committee_en[] = {
	"The Committee recalls that {C} requires States parties to respect and ensure the rights set forth in the Convention to each child within their jurisdiction.",
	"States parties should ensure that their legislation and practice are in full conformity with {C}.",
	"The Committee recommends that the State party take all necessary measures to implement {C} and {C2}.",
	"This obligation derives from {C}, read in conjunction with {C2}.",
	"The Committee is concerned that the principle enshrined in {C} is not consistently applied in administrative and judicial proceedings.",
	"States parties are reminded that {C} applies to all children within their jurisdiction without discrimination.",
};

static const char *const cite_views_en[] = {
	"The author claims that the State party has violated the rights of her son under {C}.",
	"The Committee considers that the State party has failed to give due consideration to {C}.",
	"In the light of {C}, the Committee is of the view that the State party should have assessed the best interests of the child.",
	"The State party submits that the claims under {C} are insufficiently substantiated.",
	"The Committee notes the author’s argument that {C} was violated.",
	"The authors claim a violation of {C}, read alone and in conjunction with {C2}.",
};

static const char *const cite_report_en[] = {
	"Respondents frequently referred to {C} when describing their practice.",
	"The legal framework is set out in {C}.",
	"Domestic courts apply {C} with increasing frequency.",
	"Several interviewees considered that the procedure does not meet the requirements of {C}.",
	"The case files rarely showed how {C} had been taken into account.",
};

static const char *const report_cite_nl[] = {
	"Uit het onderzoek blijkt dat {C} in de praktijk onvoldoende wordt toegepast.",
	"De wetgever heeft bij de totstandkoming van de Jeugdwet uitdrukkelijk verwezen naar {C}.",
	"Respondenten noemden {C} als belangrijkste toetsingskader.",
	"In de onderzochte uitspraken wordt {C} vaak genoemd, maar zelden uitgewerkt.",
	"Professionals gaven aan dat {C} hun handelen richting geeft.",
};

static const char *const gc_nl[] = {
	"Zie ook {G}.",
	"{Rc} betrekt daarbij {G}.",
	"Het VN-Kinderrechtencomité heeft dit uitgewerkt in {G}.",
};

static const char *const gc_en[] = {
	"In this regard, the Committee refers to its {G}.",
	"As the Committee has stated in its {G}, the assessment must be carried out case by case.",
	"See {G}, paras. 20–24.",
};

static const char *const ecli_nl[] = {
	"Dit volgt ook uit vaste rechtspraak (zie onder meer {E}).",
	"Vergelijk de uitspraak van {E}.",
	"{Rc} verwijst in dit verband naar {E}, r.o. 4.3.",
};

static const char *const distract_nl[] = {
	"Op grond van {D} is het verzoek toewijsbaar.",
	"Het beroep op {D} faalt.",
	"{Rc} toetst de beslissing aan {D}.",
};

static const char *const distract_en[] = {
	"A similar guarantee is contained in {D}.",
	"Reference may also be made to {D}.",
};

static const char *const distract_views_en[] = {
	"The author also invokes {D}.",
	"The State party refers to {D}.",
};

/* One body paragraph into g->para: a passage from `pool`, sometimes with
 * a citation sentence before or after it. */
static void body_para(struct gen *g, enum pool pool)
{
	const struct passage *p = passage_pick(g->ps, &g->r, g->m->lang, pool);
	int nl = g->m->lang == LANG_NL;
	int before = rng_chance(&g->r, 0.4);
	struct sbuf extra = SBUF_INIT;

	sbuf_reset(&g->para);
	if (rng_chance(&g->r, g->cite_rate)) {
		const char *t = nl ? (g->m->type == DT_REPORT ? PICK(&g->r, report_cite_nl)
				      : PICK(&g->r, cite_nl))
			: g->m->type == DT_REPORT ? PICK(&g->r, cite_report_en)
			: g->m->type == DT_VIEWS ? PICK(&g->r, cite_views_en)
			: PICK(&g->r, cite_committee_en);
		expand(g, &extra, t);
	}
	if (rng_chance(&g->r, g->cite_rate * 0.25)) {
		if (extra.len)
			sbuf_addc(&extra, ' ');
		expand(g, &extra, nl ? PICK(&g->r, gc_nl) : PICK(&g->r, gc_en));
	}
	if (g->m->type == DT_RULING && rng_chance(&g->r, 0.06)) {
		if (extra.len)
			sbuf_addc(&extra, ' ');
		expand(g, &extra, PICK(&g->r, ecli_nl));
	}
	if (rng_chance(&g->r, 0.07)) {
		if (extra.len)
			sbuf_addc(&extra, ' ');
		expand(g, &extra, nl ? PICK(&g->r, distract_nl)
		       : g->m->type == DT_VIEWS ? PICK(&g->r, distract_views_en)
		       : PICK(&g->r, distract_en));
	}
	if (extra.len && before) {
		sbuf_add(&g->para, sbuf_str(&extra));
		sbuf_addc(&g->para, ' ');
	}
	if (g->m->target_pages == 1) {
		/* One-page documents keep only the passage's opening sentences. */
		const char *cut = strstr(p->text + (strlen(p->text) > 250 ? 250 : 0), ". ");
		if (cut)
			sbuf_addn(&g->para, p->text, (size_t)(cut - p->text) + 1);
		else
			sbuf_add(&g->para, p->text);
	} else {
		sbuf_add(&g->para, p->text);
	}
	if (extra.len && !before) {
		sbuf_addc(&g->para, ' ');
		sbuf_add(&g->para, sbuf_str(&extra));
	}
	strset_add_list(&g->eclis, p->eclis);
	strset_add_list(&g->uns, p->uns);
	sbuf_release(&extra);
}

/* Picks a pool by weights (same order as enum pool). */
static enum pool pick_pool(struct gen *g, const int w[N_POOL])
{
	int total = 0;
	for (int i = 0; i < N_POOL; i++)
		total += w[i];
	int k = (int)rng_below(&g->r, (uint32_t)total);
	for (int i = 0; i < N_POOL; i++) {
		k -= w[i];
		if (k < 0)
			return (enum pool)i;
	}
	return POOL_UN_GC;
}

static void banner(struct gen *g)
{
	struct layout *L = g->L;
	const char *s = g->m->lang == LANG_NL
		? "SYNTHETISCH DOCUMENT – gegenereerd voor benchmarks"
		: "SYNTHETIC DOCUMENT – generated for benchmarks";

	lay_new_page(L);
	L->y = 48;
	lay_block(L, F_SANS, 8.5, 12, NULL, 0, s);
	L->y = TOP + 6;
}

static void date_nl(const struct doc_meta *m, char *buf, size_t n, int numeric)
{
	if (numeric)
		snprintf(buf, n, "%02d-%02d-%04d", m->day, m->month, m->year);
	else
		snprintf(buf, n, "%d %s %d", m->day, months_nl[m->month - 1], m->year);
}

static void gen_ruling(struct gen *g)
{
	const struct doc_meta *m = g->m;
	struct layout *L = g->L;
	struct sbuf t = SBUF_INIT;
	char d1[32], d2[32], label[16];
	static const int w_body[N_POOL] = { 0, 0, 0, 0, 80, 20 };

	banner(g);
	lay_block(L, F_SERIF_BOLD, 14, 18, NULL, 0, m->court->name);
	date_nl(m, d1, sizeof d1, 1);
	sbuf_addf(&t, "Datum uitspraak: %s", d1);
	lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
	sbuf_reset(&t);
	sbuf_addf(&t, "Identificatie: %s", m->id);
	lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
	sbuf_reset(&t);
	sbuf_addf(&t, "Zaaknummer: %s/%02d/%06u", m->court->code, m->year % 100,
		  (unsigned)rng_below(&g->r, 1000000));
	lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
	sbuf_reset(&t);
	sbuf_addf(&t, "Rechtsgebied: %s", domain_area_nl[m->topic->domain]);
	lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
	L->y += 8;
	lay_block(L, F_SERIF_BOLD, 15, 19, NULL, 0, m->title);
	L->y += 6;

	lay_heading(L, "Inhoudsindicatie", 11.5);
	sbuf_reset(&t);
	sbuf_addf(&t, "Geschil over %s. ", m->topic->nl);
	if (rng_chance(&g->r, g->cite_rate > 0 ? 0.8 : 0)) {
		sbuf_add(&t, "Toetsing aan ");
		add_crc_cite(g, &t);
		sbuf_add(&t, ". ");
	}
	sbuf_add(&t, PICK(&g->r, ((const char *const[]){
		"Verzoek toegewezen.", "Beroep ongegrond.", "Hoger beroep gegrond; beschikking vernietigd.",
		"Beroep gegrond; besluit vernietigd.", "Verzoek afgewezen." })));
	lay_para(L, NULL, t.buf);

	lay_heading(L, "1. Het procesverloop", 12);
	date_nl(m, d2, sizeof d2, 0);
	if (m->target_pages > 1) {
		sbuf_reset(&t);
		expand(g, &t, "{Rc} heeft kennisgenomen van het verzoekschrift met bijlagen, het verweerschrift en de overige stukken van het dossier.");
		lay_para(L, "1.1", t.buf);
	}
	sbuf_reset(&t);
	sbuf_addf(&t, "De zaak is behandeld op een zitting van %s. Daarbij zijn verschenen de moeder, bijgestaan door haar advocaat mr. %c. %s, de vader en een vertegenwoordiger van de raad voor de kinderbescherming.",
		  d2, 'A' + rng_below(&g->r, 26),
		  PICK(&g->r, ((const char *const[]){ "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "El Amrani", "Öztürk", "van Dijk" })));
	lay_para(L, m->target_pages > 1 ? "1.2" : "1.1", t.buf);

	/* Facts up to a third of the target, then the assessment, leaving
	 * about ten lines for the decision.  One-page rulings skip the facts. */
	static const char *const sec_names[] = { "De feiten", "De beoordeling", "De beslissing" };
	double sec_until[2] = { 0.35, 1.0 - 0.22 / m->target_pages };
	int sec_no = 2;
	for (int s = m->target_pages == 1 ? 1 : 0; s < 2; s++, sec_no++) {
		sbuf_reset(&t);
		sbuf_addf(&t, "%d. %s", sec_no, sec_names[s]);
		lay_heading(L, t.buf, 12);
		int k = 0;
		while (k == 0 || lay_progress(L, m->target_pages) < sec_until[s]) {
			body_para(g, pick_pool(g, w_body));
			snprintf(label, sizeof label, "%d.%d", sec_no, ++k);
			lay_para(L, label, g->para.buf);
		}
	}

	sbuf_reset(&t);
	sbuf_addf(&t, "%d. %s", sec_no, sec_names[2]);
	lay_heading(L, t.buf, 12);
	sbuf_reset(&t);
	expand(g, &t, PICK(&g->r, ((const char *const[]){
		"{Rc} verklaart het beroep gegrond en vernietigt het bestreden besluit.",
		"{Rc} wijst het verzoek af.",
		"{Rc} stelt de minderjarige onder toezicht van de gecertificeerde instelling voor de duur van een jaar.",
		"{Rc} bevestigt de bestreden beschikking.",
		"{Rc} verklaart het hoger beroep ongegrond." })));
	lay_para(L, NULL, t.buf);
	sbuf_reset(&t);
	sbuf_addf(&t, "Deze uitspraak is gedaan door mr. %c.%c. %s, in aanwezigheid van de griffier, en in het openbaar uitgesproken op %s.",
		  'A' + rng_below(&g->r, 26), 'A' + rng_below(&g->r, 26),
		  PICK(&g->r, ((const char *const[]){ "Hendriks", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Dekker", "Koç" })),
		  d2);
	lay_para(L, NULL, t.buf);
	sbuf_release(&t);
}

static void gen_report(struct gen *g)
{
	const struct doc_meta *m = g->m;
	struct layout *L = g->L;
	int nl = m->lang == LANG_NL;
	struct sbuf t = SBUF_INIT;
	static const int w_en[N_POOL] = { 25, 10, 50, 15, 0, 0 };
	static const int w_nl[N_POOL] = { 0, 0, 0, 0, 60, 40 };
	static const char *const ch_en[] = {
		"Introduction", "Legal framework", "Methodology", "Findings", "Practice in the courts",
		"The views of children", "Professional practice", "Comparative perspective",
		"Discussion", "Conclusions", "Recommendations",
	};
	static const char *const ch_nl[] = {
		"Inleiding", "Juridisch kader", "Methode van onderzoek", "Bevindingen",
		"De rechtspraktijk", "Het perspectief van kinderen", "De praktijk van professionals",
		"Rechtsvergelijking", "Analyse", "Conclusies", "Aanbevelingen",
	};

	banner(g);
	lay_block(L, F_SERIF_BOLD, 13, 17, NULL, 0, m->body);
	lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, nl ? "Onderzoeksrapport" : "Research report");
	sbuf_addf(&t, "%s %d", nl ? months_nl[m->month - 1] : months_en[m->month - 1], m->year);
	lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
	lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, m->id);
	L->y += 24;
	lay_block(L, F_SERIF_BOLD, 18, 23, NULL, 0, m->title);
	L->y += 12;

	lay_heading(L, nl ? "Samenvatting" : "Executive summary", 13);
	for (int i = 0; i < 2; i++) {
		body_para(g, pick_pool(g, nl ? w_nl : w_en));
		lay_para(L, NULL, g->para.buf);
	}
	int n_ch = 3 + m->target_pages / 6;
	if (n_ch > (int)N_ELEMS(ch_en))
		n_ch = (int)N_ELEMS(ch_en);
	for (int c = 0; c < n_ch; c++) {
		/* Chapters keep their order; the middle ones are sampled. */
		int which = c == 0 ? 0 : c == n_ch - 1 ? (int)N_ELEMS(ch_en) - 1
			: 1 + (int)((size_t)c * (N_ELEMS(ch_en) - 2) / (size_t)n_ch);
		sbuf_reset(&t);
		sbuf_addf(&t, "%d %s", c + 1, nl ? ch_nl[which] : ch_en[which]);
		if (c > 0 && m->target_pages > 30)
			lay_new_page(L);
		lay_heading(L, t.buf, 14);
		int sub = 0, k = 0;
		double until = (double)(c + 1) / n_ch;
		do {
			if (k > 0 && k % rng_range(&g->r, 5, 9) == 0) {
				sbuf_reset(&t);
				static const char *const sub_en[] = {
					"Background", "Data and sources", "Case law", "Interviews",
					"Policy and practice", "Bottlenecks", "Good practices", "Summary",
				};
				static const char *const sub_nl[] = {
					"Achtergrond", "Bronnen en gegevens", "Rechtspraak", "Interviews",
					"Beleid en praktijk", "Knelpunten", "Goede voorbeelden", "Deelconclusie",
				};
				sbuf_addf(&t, "%d.%d %s", c + 1, ++sub,
					  nl ? PICK(&g->r, sub_nl) : PICK(&g->r, sub_en));
				lay_heading(L, t.buf, 11.5);
			}
			body_para(g, pick_pool(g, nl ? w_nl : w_en));
			lay_para(L, NULL, g->para.buf);
			k++;
		} while (lay_progress(L, m->target_pages) < until);
	}
	sbuf_release(&t);
}

/* Concluding-observation clusters with the articles their headings cite. */
struct cluster {
	const char *name;
	const char *arts_text;  /* as printed */
	const char *refs;       /* the labels: "art[(para)][(letter)]" separated by ' ' */
};

static const struct cluster clusters[] = {
	{ "General measures of implementation", "arts. 4, 42 and 44 (6)", "4 42 44(6)" },
	{ "Definition of the child", "art. 1", "1" },
	{ "General principles", "arts. 2, 3, 6 and 12", "2 3 6 12" },
	{ "Civil rights and freedoms", "arts. 7, 8 and 13–17", "7 8 13 14 15 16 17" },
	{ "Violence against children", "arts. 19, 24 (3), 28 (2), 34, 37 (a) and 39", "19 24(3) 28(2) 34 37(a) 39" },
	{ "Family environment and alternative care", "arts. 5, 9–11, 18 (1) and (2), 20, 21, 25 and 27 (4)", "5 9 10 11 18(1) 18(2) 20 21 25 27(4)" },
	{ "Children with disabilities, basic health and welfare", "arts. 6, 18 (3), 23, 24, 26, 27 (1)–(3) and 33", "6 18(3) 23 24 26 27(1) 27(2) 27(3) 33" },
	{ "Education, leisure and cultural activities", "arts. 28–31", "28 29 30 31" },
	{ "Special protection measures", "arts. 22, 30, 32, 33, 35, 36, 37 (b)–(d) and 38–40", "22 30 32 33 35 36 37(b) 37(c) 37(d) 38 39 40" },
};

/* Appends "(arts. ...)" with one mark pair per article it names. */
static void add_cluster_refs(struct gen *g, const struct cluster *c, struct sbuf *out)
{
	int n = 0;
	const char *p = c->refs;

	while (*p) {
		char *end;
		int art = (int)strtol(p, &end, 10);
		int para = 0;
		char letter = 0;
		p = end;
		if (*p == '(') {
			if (p[1] >= '0' && p[1] <= '9')
				para = (int)strtol(p + 1, &end, 10);
			else
				letter = p[1], end = (char *)p + 2;
			p = end + 1;
		}
		struct cite *ct = cite_push(g->cites, "CRC", art, para, letter, 0);
		ct->passage = strdup(c->arts_text);
		n++;
		while (*p == ' ')
			p++;
	}
	sbuf_addc(out, '(');
	for (int i = 0; i < n; i++)
		sbuf_addc(out, MARK_OPEN);
	sbuf_add(out, c->arts_text);
	for (int i = 0; i < n; i++)
		sbuf_addc(out, MARK_CLOSE);
	sbuf_addc(out, ')');
}

static void un_title_block(struct gen *g)
{
	const struct doc_meta *m = g->m;
	struct layout *L = g->L;
	char d[48];

	banner(g);
	lay_block(L, F_SANS, 9, 12, NULL, 0, m->id);
	lay_block(L, F_SERIF_BOLD, 13, 17, NULL, 0, "United Nations");
	lay_block(L, F_SERIF, 11, 14, NULL, 0, "Convention on the Rights of the Child");
	lay_block(L, F_SERIF, 10, 13, NULL, 0, "Distr.: General");
	snprintf(d, sizeof d, "%d %s %d", m->day, months_en[m->month - 1], m->year);
	lay_block(L, F_SERIF, 10, 13, NULL, 0, d);
	L->y += 8;
	lay_block(L, F_SERIF_BOLD, 12, 16, NULL, 0, m->body);
	L->y += 6;
	lay_block(L, F_SERIF_BOLD, 15, 19, NULL, 0, m->title);
	L->y += 10;
}

static void gen_un(struct gen *g)
{
	const struct doc_meta *m = g->m;
	struct layout *L = g->L;
	struct sbuf t = SBUF_INIT;
	char label[16];
	int n = 0;
	static const int w_gc[N_POOL] = { 85, 0, 15, 0, 0, 0 };
	static const int w_views[N_POOL] = { 0, 80, 5, 15, 0, 0 };

	if (m->type == DT_GC) {
		static const char *const heads[] = {
			"Introduction", "Objectives and scope", "Legal analysis",
			"Relationship with other provisions of the Convention",
			"Obligations of States parties", "Implementation", "Dissemination",
		};
		un_title_block(g);
		for (size_t h = 0; h < N_ELEMS(heads); h++) {
			sbuf_reset(&t);
			sbuf_addf(&t, "%s. %s", roman[h], heads[h]);
			lay_heading(L, t.buf, 12.5);
			double until = (double)(h + 1) / N_ELEMS(heads);
			do {
				body_para(g, pick_pool(g, w_gc));
				snprintf(label, sizeof label, "%d.", ++n);
				lay_para(L, label, g->para.buf);
			} while (lay_progress(L, m->target_pages) < until);
		}
	} else if (m->type == DT_CO) {
		un_title_block(g);
		lay_heading(L, "I. Introduction", 12.5);
		sbuf_addf(&t, "The Committee considered the combined periodic reports of %s at its meetings held in %s %d, and adopted the present concluding observations at its subsequent meeting.",
			  m->state->name, months_en[m->month - 1], m->year);
		snprintf(label, sizeof label, "%d.", ++n);
		lay_para(L, label, t.buf);
		lay_heading(L, "II. Follow-up measures taken and progress achieved by the State party", 12.5);
		body_para(g, pick_pool(g, w_gc));
		snprintf(label, sizeof label, "%d.", ++n);
		lay_para(L, label, g->para.buf);
		lay_heading(L, "III. Main areas of concern and recommendations", 12.5);
		size_t n_cl = N_ELEMS(clusters);
		for (size_t c = 0; c < n_cl; c++) {
			sbuf_reset(&t);
			sbuf_addf(&t, "%c. %s ", 'A' + (int)c, clusters[c].name);
			add_cluster_refs(g, &clusters[c], &t);
			lay_heading(L, t.buf, 11.5);
			double until = (double)(c + 1) / n_cl;
			do {
				if (rng_chance(&g->r, 0.35)) {
					sbuf_reset(&t);
					expand(g, &t, "The Committee recommends that the State party: (a) Ensure that its legislation is in full conformity with {C}; (b) Strengthen the capacity of professionals working with and for children; (c) Allocate sufficient human, technical and financial resources.");
					snprintf(label, sizeof label, "%d.", ++n);
					lay_para(L, label, t.buf);
				}
				body_para(g, pick_pool(g, w_gc));
				snprintf(label, sizeof label, "%d.", ++n);
				lay_para(L, label, g->para.buf);
			} while (lay_progress(L, m->target_pages) < until);
		}
	} else {
		static const char *const heads[] = {
			"Facts as submitted by the author", "Complaint",
			"State party’s observations on admissibility and the merits",
			"Author’s comments on the State party’s observations",
			"Issues and proceedings before the Committee",
		};
		un_title_block(g);
		char d[48];
		snprintf(d, sizeof d, "%d %s %d", m->day, months_en[m->month - 1], m->year);
		sbuf_addf(&t, "Communication submitted by: %c.%c. (represented by counsel)",
			  'A' + rng_below(&g->r, 26), 'A' + rng_below(&g->r, 26));
		lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
		sbuf_reset(&t);
		sbuf_addf(&t, "State party: %s", m->state->name);
		lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
		sbuf_reset(&t);
		sbuf_addf(&t, "Date of adoption of Views: %s", d);
		lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
		sbuf_reset(&t);
		sbuf_addf(&t, "Subject matter: %s", m->topic->en);
		lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
		/* "Articles of the Convention: 3, 12 and 22" - labelled. */
		sbuf_reset(&t);
		sbuf_add(&t, "Articles of the Convention: ");
		int k = 0;
		for (int i = 0; i < 4 && m->topic->arts[i]; i++)
			k++;
		for (int i = 0; i < k; i++) {
			struct cite *c = cite_push(g->cites, "CRC", m->topic->arts[i], 0, 0, 0);
			char num[8];
			snprintf(num, sizeof num, "%d", m->topic->arts[i]);
			c->passage = strdup(num);
			if (i)
				sbuf_add(&t, i == k - 1 ? " and " : ", ");
			sbuf_addc(&t, MARK_OPEN);
			sbuf_add(&t, num);
			sbuf_addc(&t, MARK_CLOSE);
		}
		lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
		sbuf_reset(&t);
		sbuf_add(&t, "Articles of the Optional Protocol: ");
		{
			static const char *const op[] = { "6", "7 (e)", "7 (f)", "5" };
			const char *o = PICK(&g->r, op);
			struct cite *c = cite_push(g->cites, "OPIC", o[0] - '0', 0,
						   o[1] ? o[4] : 0, 0);
			c->passage = strdup(o);
			sbuf_addc(&t, MARK_OPEN);
			sbuf_add(&t, o);
			sbuf_addc(&t, MARK_CLOSE);
		}
		lay_block(L, F_SERIF, 10.5, 13.5, NULL, 0, t.buf);
		L->y += 6;
		for (size_t h = 0; h < N_ELEMS(heads); h++) {
			lay_heading(L, heads[h], 12);
			double until = (double)(h + 1) / (N_ELEMS(heads) + 0.3);
			do {
				body_para(g, pick_pool(g, w_views));
				snprintf(label, sizeof label, "%zu.%d", h + 2, ++n);
				lay_para(L, label, g->para.buf);
			} while (lay_progress(L, m->target_pages) < until);
			n = 0;
		}
		lay_heading(L, "Consideration of the merits", 12);
		sbuf_reset(&t);
		sbuf_add(&t, "The Committee, acting under article 10 (5) of the Optional Protocol, is of the view that the facts before it amount to a violation of ");
		add_crc_cite(g, &t);
		sbuf_add(&t, ".");
		lay_para(L, "8.1", t.buf);
	}
	sbuf_release(&t);
}

/* ------------------------------------------------------------------ */
/* One document and the manifest rows                                   */
/* ------------------------------------------------------------------ */

struct options {
	uint64_t seed;
	size_t n_docs;
	const char *outdir;
	const char *passages;
	int jobs;
};

/* Writes a TSV field: tabs and newlines become spaces. */
static void tsv_field(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
}

static int cmp_ref(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	long ax = strtol(x, NULL, 10), ay = strtol(y, NULL, 10);

	if (ax != ay)
		return ax < ay ? -1 : 1;
	return strcmp(x, y);
}

/* Makes document `index`: writes the PDF and appends its manifest row and
 * citation rows.  Returns the page count, or -1 with err filled. */
static int make_doc(const struct options *o, const struct passages *ps, struct fonts *fonts,
		    size_t index, FILE *manifest, FILE *citations, long *bytes_out,
		    char *err, size_t errlen)
{
	struct doc_meta m;
	struct gen g;
	struct layout L;
	struct cite_log cites = { 0 };
	char path[4096];
	int pages;

	doc_meta_make(o->seed, index, &m);
	snprintf(path, sizeof path, "%s/%03zu", o->outdir, index / 1000);
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "%.200s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s", o->outdir, m.file);

	memset(&g, 0, sizeof g);
	rng_seed(&g.r, o->seed, 2 * (uint64_t)index + 1);
	g.m = &m;
	g.ps = ps;
	g.seed = o->seed;
	g.n_docs = o->n_docs;
	g.L = &L;
	g.cites = &cites;
	double none = m.type == DT_RULING ? 0.35 : m.type == DT_REPORT ? 0.2 : m.type == DT_GC ? 0.0 : 0.05;
	g.cite_rate = rng_chance(&g.r, none) ? 0.0 : 0.05 + 0.3 * rng_unit(&g.r);
	for (int i = 0; i < 4 && m.topic->arts[i]; i++)
		g.focus[g.n_focus++] = m.topic->arts[i];

	if (lay_open(&L, path, fonts, &m, &cites, err, errlen) != 0) {
		lay_close(&L, path, err, errlen);
		return -1;
	}
	switch (m.type) {
	case DT_RULING: gen_ruling(&g); break;
	case DT_REPORT: gen_report(&g); break;
	default: gen_un(&g); break;
	}
	assert(L.next_cite == cites.n);
	pages = lay_close(&L, path, err, errlen);
	if (pages < 0)
		goto out;

	struct stat st;
	*bytes_out = stat(path, &st) == 0 ? (long)st.st_size : 0;

	/* crc_articles: the distinct references, "3(1); 12; 40(2)(b)". */
	struct strset refs = { 0 };
	char ref[48];
	for (size_t i = 0; i < cites.n; i++) {
		const struct cite *c = &cites.v[i];
		if (strcmp(c->instrument, "CRC") != 0)
			continue;
		int n = snprintf(ref, sizeof ref, "%d", c->art);
		if (c->para)
			n += snprintf(ref + n, sizeof ref - (size_t)n, "(%d)", c->para);
		if (c->letter)
			n += snprintf(ref + n, sizeof ref - (size_t)n, "(%c)", c->letter);
		if (c->sub)
			snprintf(ref + n, sizeof ref - (size_t)n, "(%s)", roman_lower[c->sub - 1]);
		strset_add(&refs, ref, strlen(ref));
	}
	if (refs.n > 1)
		qsort(refs.v, refs.n, sizeof *refs.v, cmp_ref);
	size_t n_crc = 0;
	for (size_t i = 0; i < cites.n; i++)
		n_crc += strcmp(cites.v[i].instrument, "CRC") == 0;

	char date[16];
	snprintf(date, sizeof date, "%04d-%02d-%02d", m.year, m.month, m.day);
	struct sbuf row = SBUF_INIT;
	sbuf_addf(&row, "%s\t%s\t%s\t%s\t", m.file, doc_type_names[m.type], lang_names[m.lang], m.id);
	fputs(row.buf, manifest);
	tsv_field(manifest, m.body);
	fprintf(manifest, "\t%s\t", date);
	tsv_field(manifest, m.title);
	fprintf(manifest, "\t%d\t%ld\t", pages, *bytes_out);
	for (size_t i = 0; i < refs.n; i++)
		fprintf(manifest, "%s%s", i ? "; " : "", refs.v[i]);
	fprintf(manifest, "\t%zu\t", n_crc);
	sbuf_reset(&row);
	strset_join(&g.eclis, &row);
	sbuf_addc(&row, '\t');
	strset_join(&g.uns, &row);
	fprintf(manifest, "%s\n", sbuf_str(&row));
	sbuf_release(&row);
	strset_release(&refs);

	for (size_t i = 0; i < cites.n; i++) {
		const struct cite *c = &cites.v[i];
		fprintf(citations, "%s\t%d\t%s\t%d\t", m.file, c->page, c->instrument, c->art);
		if (c->para)
			fprintf(citations, "%d", c->para);
		fputc('\t', citations);
		if (c->letter)
			fputc(c->letter, citations);
		fprintf(citations, "\t%s\t", c->sub ? roman_lower[c->sub - 1] : "");
		tsv_field(citations, c->passage ? c->passage : "");
		fprintf(citations, "\t%s%s%s\n", c->flags & CITE_LINEBREAK ? "linebreak" : "",
			(c->flags & CITE_LINEBREAK) && (c->flags & CITE_PAGEBREAK) ? "," : "",
			c->flags & CITE_PAGEBREAK ? "pagebreak" : "");
	}
out:
	cite_log_free(&cites);
	strset_release(&g.eclis);
	strset_release(&g.uns);
	sbuf_release(&g.para);
	sbuf_release(&g.phrase);
	return pages;
}

/* ------------------------------------------------------------------ */
/* Workers and main                                                     */
/* ------------------------------------------------------------------ */

/* Runs in a forked child: makes every document with index % jobs == w.
 * Exits 0 on success, 1 on the first failure (after printing it). */
static void worker(const struct options *o, const struct passages *ps, int w)
{
	char path[4096], err[MK_ERRLEN] = "";
	struct fonts fonts;
	FILE *man, *cit;
	int rc = 0;

	if (fonts_init(&fonts, err, sizeof err) != 0) {
		fprintf(stderr, "mkcorpus: %s\n", err);
		fonts_free(&fonts);
		_exit(1);
	}
	snprintf(path, sizeof path, "%s/.manifest.%d", o->outdir, w);
	man = fopen(path, "w");
	snprintf(path, sizeof path, "%s/.citations.%d", o->outdir, w);
	cit = fopen(path, "w");
	if (man == NULL || cit == NULL) {
		fprintf(stderr, "mkcorpus: %s: %s\n", path, strerror(errno));
		_exit(1);
	}
	for (size_t i = (size_t)w; i < o->n_docs; i += (size_t)o->jobs) {
		long bytes;
		if (make_doc(o, ps, &fonts, i, man, cit, &bytes, err, sizeof err) < 0) {
			fprintf(stderr, "mkcorpus: document %zu: %s\n", i, err);
			rc = 1;
			break;
		}
		/* Marks the end of a document's citation rows for the merge. */
		fprintf(cit, "#%zu\n", i);
	}
	if (fclose(man) != 0 || fclose(cit) != 0) {
		fprintf(stderr, "mkcorpus: writing worker files: %s\n", strerror(errno));
		rc = 1;
	}
	fonts_free(&fonts);
	_exit(rc);
}

/* Merges the worker files into MANIFEST.tsv and CITATIONS.tsv in index
 * order and removes them.  Sums pages and bytes from the manifest rows.
 * Returns 0, or -1 with err filled. */
static int merge(const struct options *o, long *pages_out, long *bytes_out, char *err, size_t errlen)
{
	FILE *man[MK_MAX_JOBS], *cit[MK_MAX_JOBS];
	char path[4096];
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	FILE *om, *oc;

	snprintf(path, sizeof path, "%s/MANIFEST.tsv", o->outdir);
	om = fopen(path, "w");
	snprintf(path, sizeof path, "%s/CITATIONS.tsv", o->outdir);
	oc = fopen(path, "w");
	if (om == NULL || oc == NULL) {
		snprintf(err, errlen, "%.200s: %s", path, strerror(errno));
		if (om)
			fclose(om);
		if (oc)
			fclose(oc);
		return -1;
	}
	fputs("file\tdoc_type\tlanguage\tidentifier\tcourt_or_body\tdate\ttitle\tpages\tbytes"
	      "\tcrc_articles\tn_crc_citations\tcited_ecli\tcited_un_symbols\n", om);
	fputs("file\tpage\tinstrument\tarticle\tparagraph\tletter\tsub\tpassage\tflags\n", oc);
	for (int w = 0; w < o->jobs; w++) {
		snprintf(path, sizeof path, "%s/.manifest.%d", o->outdir, w);
		man[w] = fopen(path, "r");
		snprintf(path, sizeof path, "%s/.citations.%d", o->outdir, w);
		cit[w] = fopen(path, "r");
		if (man[w] == NULL || cit[w] == NULL) {
			snprintf(err, errlen, "%.200s: %s", path, strerror(errno));
			for (int k = 0; k <= w; k++) {
				if (man[k])
					fclose(man[k]);
				if (cit[k])
					fclose(cit[k]);
			}
			fclose(om);
			fclose(oc);
			return -1;
		}
	}
	*pages_out = *bytes_out = 0;
	for (size_t i = 0; i < o->n_docs && rc == 0; i++) {
		int w = (int)(i % (size_t)o->jobs);
		if (getline(&line, &cap, man[w]) < 0) {
			snprintf(err, errlen, "worker %d: manifest row for document %zu missing", w, i);
			rc = -1;
			break;
		}
		fputs(line, om);
		/* pages and bytes are fields 8 and 9. */
		char *p = line;
		for (int f = 0; f < 7 && p; f++) {
			p = strchr(p, '\t');
			if (p)
				p++;
		}
		if (p) {
			char *q;
			*pages_out += strtol(p, &q, 10);
			*bytes_out += strtol(q + 1, NULL, 10);
		}
		while (getline(&line, &cap, cit[w]) >= 0 && line[0] != '#')
			fputs(line, oc);
	}
	for (int w = 0; w < o->jobs; w++) {
		fclose(man[w]);
		fclose(cit[w]);
		snprintf(path, sizeof path, "%s/.manifest.%d", o->outdir, w);
		unlink(path);
		snprintf(path, sizeof path, "%s/.citations.%d", o->outdir, w);
		unlink(path);
	}
	free(line);
	if (fclose(om) != 0 || fclose(oc) != 0) {
		snprintf(err, errlen, "writing manifests: %s", strerror(errno));
		rc = -1;
	}
	return rc;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mkcorpus [--seed S] [--passages FILE] [-j JOBS] N OUTDIR\n"
		"  N         number of documents (1 .. 1000000)\n"
		"  --seed    PRNG seed (default 1); same seed, same corpus\n"
		"  --passages  passages file (default corpus/passages.tsv.gz)\n"
		"  -j        parallel worker processes (default: online CPUs)\n");
	exit(2);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct options o = { 1, 0, NULL, "corpus/passages.tsv.gz", 0 };
	struct passages ps;
	char err[MK_ERRLEN] = "";
	const char *pos[2];
	int n_pos = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char *end;
		if ((strcmp(a, "--seed") == 0 || strcmp(a, "-s") == 0) && i + 1 < argc) {
			o.seed = strtoull(argv[++i], &end, 0);
			if (*end)
				usage();
		} else if (strcmp(a, "--passages") == 0 && i + 1 < argc) {
			o.passages = argv[++i];
		} else if (strncmp(a, "-j", 2) == 0) {
			const char *v = a[2] ? a + 2 : i + 1 < argc ? argv[++i] : "";
			long j = strtol(v, &end, 10);
			if (*end || j < 1 || j > MK_MAX_JOBS) {
				fprintf(stderr, "mkcorpus: -j must be between 1 and %d\n", MK_MAX_JOBS);
				exit(2);
			}
			o.jobs = (int)j;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage();
		} else if (a[0] == '-' && a[1]) {
			usage();
		} else if (n_pos < 2) {
			pos[n_pos++] = a;
		} else {
			usage();
		}
	}
	if (n_pos != 2)
		usage();
	char *end;
	unsigned long long n = strtoull(pos[0], &end, 10);
	if (*end || n < 1 || n > 1000000) {
		fprintf(stderr, "mkcorpus: N must be a number between 1 and 1000000\n");
		exit(2);
	}
	o.n_docs = (size_t)n;
	o.outdir = pos[1];
	if (o.jobs == 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		o.jobs = c < 1 ? 1 : c > MK_MAX_JOBS ? MK_MAX_JOBS : (int)c;
	}
	if ((size_t)o.jobs > o.n_docs)
		o.jobs = (int)o.n_docs;
	if (mkdir(o.outdir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "mkcorpus: %s: %s\n", o.outdir, strerror(errno));
		exit(1);
	}
	if (passages_load(&ps, o.passages, err, sizeof err) != 0) {
		fprintf(stderr, "mkcorpus: %s\n", err);
		passages_free(&ps);
		exit(1);
	}

	double t0 = now_s();
	pid_t pids[MK_MAX_JOBS];
	fflush(NULL);
	for (int w = 0; w < o.jobs; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			fprintf(stderr, "mkcorpus: fork: %s\n", strerror(errno));
			exit(1);
		}
		if (pids[w] == 0)
			worker(&o, &ps, w);
	}
	int failed = 0;
	for (int w = 0; w < o.jobs; w++) {
		int st;
		if (waitpid(pids[w], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed = 1;
	}
	passages_free(&ps);
	if (failed) {
		fprintf(stderr, "mkcorpus: a worker failed; %s is incomplete\n", o.outdir);
		exit(1);
	}
	long pages, bytes;
	if (merge(&o, &pages, &bytes, err, sizeof err) != 0) {
		fprintf(stderr, "mkcorpus: %s\n", err);
		exit(1);
	}
	double dt = now_s() - t0;
	fprintf(stderr,
		"mkcorpus: %zu documents, %ld pages, %.1f MB in %.1f s with %d jobs: "
		"%.1f docs/s, %.0f pages/s, %.2f MB/s\n",
		o.n_docs, pages, bytes / 1e6, dt, o.jobs, o.n_docs / dt, pages / dt,
		bytes / 1e6 / dt);
	return 0;
}
