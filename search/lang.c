/* lang.c - language detection and per-language analysis settings.
 *
 * Detection counts how many words of the text are among the most common
 * function words of each language.  Legal texts are long and function
 * words dense, so a few kilobytes decide reliably; documents that mix
 * languages (a treaty in English and Dutch) get the majority language. */
#include <glib.h>
#include <pthread.h>
#include <string.h>

#include "search/lang.h"

static const char *const nl_stop[] = {
	"de", "het", "een", "en", "van", "in", "is", "dat", "op", "te", "voor", "met", "zijn",
	"niet", "aan", "er", "die", "door", "om", "ook", "als", "bij", "of", "naar", "wordt",
	"worden", "dan", "tot", "uit", "heeft", "hij", "zij", "ze", "deze", "dit", "nog", "over",
	"kan", "maar", "geen", "wel", "was", "werd", "hebben", "haar", "hun", "zich", "onder",
	"daar", "waar", "wat", "wie", "welke", "tegen", "na", "zo", "al", "nu", "meer", "reeds",
	NULL
};

static const char *const en_stop[] = {
	"the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by",
	"be", "are", "this", "it", "or", "an", "from", "at", "which", "not", "has", "have",
	"was", "were", "its", "their", "they", "he", "she", "his", "her", "been", "shall",
	"should", "would", "such", "these", "those", "any", "all", "also", "into", "than",
	"other", "there", "who", "whom", NULL
};

static const char *const fr_stop[] = {
	"le", "la", "les", "des", "du", "et", "un", "une", "est", "que", "qui", "dans", "pour",
	"par", "sur", "au", "aux", "pas", "ne", "se", "ce", "il", "elle", "ils", "sont", "avec",
	"son", "sa", "ses", "été", "être", "cette", "leur", "mais", "ou", NULL
};

/* Every stopword with a bit per language (0 nl, 1 en, 2 fr), built once and
 * only read afterwards: detection looks each word of the text up in it. */
static GHashTable *stop_table;
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

static void stop_build(void)
{
	const char *const *lists[] = { nl_stop, en_stop, fr_stop };
	stop_table = g_hash_table_new(g_str_hash, g_str_equal);
	for (unsigned l = 0; l < 3; l++) {
		for (const char *const *p = lists[l]; *p; p++) {
			unsigned bits = GPOINTER_TO_UINT(g_hash_table_lookup(stop_table, *p));
			g_hash_table_insert(stop_table, (gpointer)*p, GUINT_TO_POINTER(bits | 1u << l));
		}
	}
}

/* Bit l set when w[0..n) is a stopword of language l. */
static unsigned stop_langs(const char *w, size_t n)
{
	char key[12];
	if (n == 0 || n >= sizeof(key))
		return 0;
	pthread_once(&stop_once, stop_build);
	memcpy(key, w, n);
	key[n] = '\0';
	return GPOINTER_TO_UINT(g_hash_table_lookup(stop_table, key));
}

const char *lang_detect(const char *text, size_t len)
{
	enum { MAX_SCAN = 64 * 1024 };
	size_t counts[3] = { 0, 0, 0 };
	char w[16];
	size_t wl = 0;
	if (len > MAX_SCAN)
		len = MAX_SCAN;
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)text[i] : ' ';
		int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
		if (letter) {
			if (wl < sizeof(w))
				w[wl] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
			wl++;
			continue;
		}
		if (wl > 0 && wl <= sizeof(w)) {
			unsigned bits = stop_langs(w, wl);
			counts[0] += bits & 1;
			counts[1] += (bits >> 1) & 1;
			counts[2] += (bits >> 2) & 1;
		}
		wl = 0;
	}
	static const char *const names[] = { "nl", "en", "fr" };
	size_t best = 0;
	for (size_t i = 1; i < 3; i++)
		if (counts[i] > counts[best])
			best = i;
	if (counts[best] < 3)
		return "other";
	return names[best];
}

const char *lang_stemmer(const char *lang)
{
	if (lang == NULL)
		return NULL;
	if (strcmp(lang, "nl") == 0)
		return "dutch";
	if (strcmp(lang, "en") == 0)
		return "english";
	if (strcmp(lang, "fr") == 0)
		return "french";
	return NULL;
}

const char *const *lang_stopwords(const char *lang)
{
	if (lang == NULL)
		return NULL;
	if (strcmp(lang, "nl") == 0)
		return nl_stop;
	if (strcmp(lang, "en") == 0)
		return en_stop;
	if (strcmp(lang, "fr") == 0)
		return fr_stop;
	return NULL;
}

int lang_is_known(const char *lang)
{
	return lang_stemmer(lang) != NULL;
}

const char *const *lang_stopwords_all(void)
{
	static const char *all[sizeof(nl_stop) / sizeof(nl_stop[0]) +
			       sizeof(en_stop) / sizeof(en_stop[0]) +
			       sizeof(fr_stop) / sizeof(fr_stop[0])];
	/* Filled once; the lists are constant, so a race writes equal values. */
	if (all[0] == NULL) {
		size_t n = 0;
		const char *const *lists[] = { nl_stop, en_stop, fr_stop };
		for (size_t l = 0; l < 3; l++)
			for (const char *const *w = lists[l]; *w; w++)
				all[n++] = *w;
		all[n] = NULL;
	}
	return all;
}

int lang_is_stopword(const char *word, size_t len)
{
	return stop_langs(word, len) != 0;
}
