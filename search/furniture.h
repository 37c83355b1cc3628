/* furniture.h - a page's body without its furniture: the page number in
 * the footer ("3", "- 3 -", "3 / 12", "Page 3 of 12", "pagina 3 van 12")
 * and the running header at its top (a UN document's symbol such as
 * "CRC/C/79/D/12/2017", "GE.19-12345", a wetten.overheid.nl identifier
 * "BWBR0019574").  Page texts keep them (they are what the PDF shows); a
 * passage must not: "artikel 3, eerste 3" was the page number 3 between
 * the last words of one page and "lid" on the next.
 *
 * Only whole lines at the very top or bottom of the page count, and only
 * lines that carry nothing else; a line "4.3" or "45." is a paragraph
 * number and stays.  Plain C, no allocation.
 */
#ifndef KINDEX_FURNITURE_H
#define KINDEX_FURNITURE_H

#include <stddef.h>

/* Sets [*start, *end) to the byte range of text[0..len) without the
 * furniture lines at its top and bottom (and the blank lines around them).
 * A page that is nothing but furniture keeps its whole text. */
void page_body(const char *text, size_t len, size_t *start, size_t *end);

/* Nonzero when line[0..n) is a page-number line ("3", "- 3 -", "3/12",
 * "3 / 12", "Page 3 of 12", "pagina 3 van 12", "p. 3"). */
int furniture_page_number(const char *line, size_t n);

/* Nonzero when line[0..n) is a running header a page starts with: a
 * document symbol with slashes and capitals ("CRC/C/GC/14",
 * "CRC/C/79/D/12/2017", "A/HRC/40/50"), a UN job number ("GE.19-12345"),
 * a wetten.overheid.nl identifier ("BWBR0019574", "BWBV0002003"). */
int furniture_header(const char *line, size_t n);

#endif
