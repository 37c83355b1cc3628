/* cite_crc.c - the structure of the Convention on the Rights of the Child:
 * which article, paragraph, letter and sub-item references can exist (see
 * cite.h).  The table is generated from the treaty text by
 * search/cite_crc_gen.py. */
#include "search/cite_int.h"
#include "search/cite_crc_table.h"

/* Finds paragraph `para` (0: the items directly under the article) in the
 * structure string s; returns a pointer to its entry or NULL. */
static const char *find_para(const char *s, int para)
{
	while (*s != '\0') {
		char *end;
		long v = strtol(s, &end, 10);
		if (end == s)
			return NULL;
		if (v == para)
			return s;
		s = strchr(end, ' ');
		if (s == NULL)
			return NULL;
		s++;
	}
	return NULL;
}

/* Does the entry at e (a paragraph, "2:a,b7") have letter `letter`, and, when
 * sub is not empty, that roman sub-item? */
static int has_letter(const char *e, const char *letter, const char *sub)
{
	const char *c = e;
	while (*c != '\0' && *c != ' ' && *c != ':')
		c++;
	if (*c != ':')
		return 0;
	c++;
	while (*c != '\0' && *c != ' ') {
		char l = *c++;
		long n = 0;
		if (isdigit((unsigned char)*c))
			n = strtol(c, (char **)&c, 10);
		if (l == letter[0] && letter[1] == '\0') {
			if (sub[0] == '\0')
				return 1;
			static const char *const r[] = { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x" };
			for (long k = 0; k < n && k < 10; k++)
				if (strcmp(sub, r[k]) == 0)
					return 1;
			return 0;
		}
		if (*c == ',')
			c++;
	}
	return 0;
}

int cite_crc_possible(int article, const char *paragraph, const char *letter, const char *sub)
{
	if (article < 1 || article > 54)
		return 0;
	const char *s = cite_crc_structure[article - 1];
	paragraph = paragraph != NULL ? paragraph : "";
	letter = letter != NULL ? letter : "";
	sub = sub != NULL ? sub : "";
	if (paragraph[0] == '\0' && letter[0] == '\0')
		return sub[0] == '\0';
	if (paragraph[0] != '\0') {
		char *end;
		long p = strtol(paragraph, &end, 10);
		if (*end != '\0' || p < 1)
			return 0;
		const char *e = find_para(s, (int)p);
		if (e == NULL)
			return 0;
		if (letter[0] == '\0')
			return sub[0] == '\0';
		return has_letter(e, letter, sub);
	}
	/* a letter without paragraph: only where the items stand directly
	 * under the article (37 (b)); "13 (b)" is not a CRC reference */
	const char *e = find_para(s, 0);
	return e != NULL && has_letter(e, letter, sub);
}
