/* paras.h - pinpoints: the numbers of the paragraphs a document numbers
 * ("45." in a General Comment, "4.3" in a Dutch ruling, "206." in an ECtHR
 * judgment), so that a passage can name the paragraph it starts in and the
 * document page can carry anchors such as #para-45.
 *
 * A paragraph number stands at the start of a line: one to three digits
 * and a full stop ("45."), or numbers joined by full stops ("4.3", "4.3.",
 * "3.1.2"), followed by the end of the line or the paragraph's first word
 * (capitalised, or an opening bracket or quote).  Only numbers that keep
 * step with the ones before them count (the first at most 2, each next one
 * at most 3 further on), so a stray "12." in a list or a date does not.
 * Plain C; the marks are owned by the caller.
 */
#ifndef KINDEX_PARAS_H
#define KINDEX_PARAS_H

#include <stddef.h>

struct para_mark {
	int page;       /* 1-based */
	size_t off;     /* byte offset of the number within the page text */
	char num[16];   /* "45", "4.3" (without a final full stop) */
};

struct para_marks {
	struct para_mark *m;
	size_t n, cap;
};

/* Finds the paragraph numbers of a document's n_pages page texts (pages[i]
 * of lens[i] bytes) and appends them to out in text order.  Allocation
 * failure aborts. */
void paras_scan(const char *const *pages, const size_t *lens, int n_pages,
		struct para_marks *out);
void paras_free(struct para_marks *pm);

/* The number of the paragraph that byte off of page lies in, when that
 * number stands on the same page before off; else NULL. */
const char *paras_at(const struct para_marks *pm, int page, size_t off);

/* Where a passage's plain text (maybe opening with "…") starts in the
 * page text: its first words matched with any run of blanks for a blank.
 * Returns the byte offset, or -1 when not found. */
long paras_locate(const char *text, size_t len, const char *passage);

/* A copy of html (the escaped text of page, maybe with <mark> tags) with
 * <span class="para" id="para-N"></span> put before each paragraph number
 * of that page.  malloc()ed. */
char *paras_anchor_html(const struct para_marks *pm, int page, const char *html);

#endif
