/* pages.c - the login, bad-parameter and error pages (see pages.h).  The
 * search pages are in page_search.c, the document page in page_doc.c, the
 * frame and shared pieces in html.c.
 *
 * Layout of every page: a header bar with the navigation, a main column
 * and, on wide screens, an aside (facets, or a document's citations).  No
 * JavaScript: every state is a URL, every action a link or a form.  Text in
 * both languages sits side by side through T(p, dutch, english). */
#include <stdio.h>
#include <string.h>

#include "web/html.h"

/* ---- login and errors ---- */

int page_login(struct page *p, const char *token, const char *next, const char *msg,
	       int status)
{
	html_begin(p, T(p, "Inloggen", "Log in"));
	A(p, "<div class=\"login box\"><h1>");
	A(p, T(p, "Inloggen", "Log in"));
	A(p, "</h1><p>");
	A(p, T(p, "kindex is alleen toegankelijk voor medewerkers van Defence for Children – "
		  "ECPAT Nederland.",
	       "kindex is for staff of Defence for Children – ECPAT Nederland only."));
	A(p, "</p>");
	if (msg != NULL) {
		A(p, "<p class=\"msg error\" role=\"alert\">");
		H(p, msg);
		A(p, "</p>");
	}
	A(p, "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"");
	H(p, token);
	A(p, "\"><input type=\"hidden\" name=\"next\" value=\"");
	H(p, next ? next : "/");
	A(p, "\"><label for=\"user\">");
	A(p, T(p, "Gebruikersnaam", "User name"));
	A(p, "</label><input id=\"user\" name=\"user\" autocomplete=\"username\" required "
	     "maxlength=\"64\" autofocus><label for=\"password\">");
	A(p, T(p, "Wachtwoord", "Password"));
	A(p, "</label><input id=\"password\" name=\"password\" type=\"password\" "
	     "autocomplete=\"current-password\" required maxlength=\"1024\"><button type=\"submit\">");
	A(p, T(p, "Inloggen", "Log in"));
	A(p, "</button></form></div>");
	html_end(p);
	return status;
}

int page_bad_params(struct page *p, const struct web_params *wp, const char *detail)
{
	const char *k = wp->bad, *msg;
	char buf[160];
	if (wp->bad_text)
		msg = T(p, "De aanvraag bevat ongeldige tekens. Typ de zoekvraag opnieuw in.",
			"The request contains invalid characters. Please retype the query.");
	else if (strcmp(k, "q") == 0)
		msg = T(p, "De zoekvraag is te lang. Gebruik minder woorden.",
			"The query is too long. Use fewer words.");
	else if (strcmp(k, "article") == 0)
		msg = T(p, "Dit artikel is onbekend. Schrijf bijvoorbeeld 3, 3.1, 37(b) of OPSC:2 "
			   "(IVRK-artikelen 1 tot en met 54).",
			"Unknown article. Write for example 3, 3.1, 37(b) or OPSC:2 (CRC articles 1 "
			"to 54).");
	else if (strcmp(k, "page") == 0) {
		snprintf(buf, sizeof(buf),
			 p->en ? "The page number must be a number from 1 to %d."
			       : "Het paginanummer moet een getal van 1 tot en met %d zijn.",
			 WEB_MAX_PAGE);
		msg = buf;
	} else if (strcmp(k, "sort") == 0)
		msg = T(p, "Sorteren kan alleen op relevantie of op datum.",
			"Results can only be sorted by relevance or by date.");
	else if (strcmp(k, "from") == 0 || strcmp(k, "to") == 0)
		msg = T(p, "Een jaartal bestaat uit vier cijfers, bijvoorbeeld 2019.",
			"A year has four digits, for example 2019.");
	else
		msg = T(p, "Een van de filters in het adres is ongeldig.",
			"One of the filters in the address is not valid.");
	html_begin(p, T(p, "Ongeldige aanvraag", "Bad request"));
	A(p, "<div class=\"empty error\"><h1>");
	A(p, T(p, "Ongeldige aanvraag", "Bad request"));
	A(p, "</h1><p class=\"msg\">");
	H(p, msg);
	A(p, "</p><p class=\"hint\">");
	A(p, T(p, "Technische melding: ", "Technical message: "));
	A(p, "<code>");
	H(p, detail);
	A(p, "</code></p><p><a href=\"/\">");
	A(p, T(p, "Opnieuw zoeken", "Search again"));
	A(p, "</a></p></div>");
	html_end(p);
	return 400;
}

int page_error(struct page *p, int status, const char *msg)
{
	const char *title;
	switch (status) {
	case 400: title = T(p, "Ongeldige aanvraag", "Bad request"); break;
	case 403: title = T(p, "Geen toegang", "Forbidden"); break;
	case 404: title = T(p, "Niet gevonden", "Not found"); break;
	case 405: title = T(p, "Methode niet toegestaan", "Method not allowed"); break;
	case 413: title = T(p, "Aanvraag te groot", "Request too large"); break;
	case 429: title = T(p, "Te veel pogingen", "Too many attempts"); break;
	case 503: title = T(p, "Tijdelijk niet beschikbaar", "Temporarily unavailable"); break;
	default: title = T(p, "Er ging iets mis", "Something went wrong"); break;
	}
	html_begin(p, title);
	A(p, "<div class=\"empty error\"><h1>");
	H(p, title);
	A(p, "</h1><p class=\"msg\">");
	H(p, msg);
	A(p, "</p><p><a href=\"/\">");
	A(p, T(p, "Naar de zoekpagina", "Go to the search page"));
	A(p, "</a></p></div>");
	html_end(p);
	return status;
}

/* The page frame for pages written in other files (web/page_article.c). */
void page_frame_begin(struct page *p, const char *title)
{
	html_begin(p, title);
}

void page_frame_end(struct page *p)
{
	html_end(p);
}
