/* synth.h - helpers shared by the unit tests that need real files: small
 * synthetic PDFs written from text, .meta sidecars, a scratch folder, and an
 * index built by running `kindex index` (cmd_index) in a child process.
 *
 * Included by tests/unit/test_*.c (it is not a test of its own: the
 * Makefile builds only test_*.c).  Everything is static; a test uses what
 * it needs.  The PDFs use the standard Helvetica font, so poppler extracts
 * their text exactly as written (ASCII only; one line per '\n').
 */
#ifndef KINDEX_TESTS_SYNTH_H
#define KINDEX_TESTS_SYNTH_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"
#include "cli/commands.h"

/* Writes a PDF with n pages holding pages[i] (ASCII, lines split at '\n')
 * and, when title is not NULL, that Info Title.  Returns 0 or -1. */
static __attribute__((unused)) int synth_pdf(const char *path, const char *const *pages, int n,
					     const char *title)
{
	struct buf b = BUF_INIT;
	/* objects 1..3, a page and its content per page, the info; [0] unused */
	size_t *off = calloc((size_t)(3 + 2 * n + 2), sizeof(size_t));
	int obj = 0;
	if (off == NULL)
		return -1;
	buf_adds(&b, "%PDF-1.4\n");
	/* 1: catalog, 2: pages, 3: font, then page/content pairs, then info */
	off[++obj] = b.len;
	buf_adds(&b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[++obj] = b.len;
	buf_addf(&b, "2 0 obj\n<< /Type /Pages /Count %d /Kids [", n);
	for (int i = 0; i < n; i++)
		buf_addf(&b, " %d 0 R", 4 + 2 * i);
	buf_adds(&b, " ] >>\nendobj\n");
	off[++obj] = b.len;
	buf_adds(&b, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
		     "/Encoding /WinAnsiEncoding >>\nendobj\n");
	for (int i = 0; i < n; i++) {
		struct buf s = BUF_INIT;
		buf_adds(&s, "BT /F1 11 Tf 14 TL 50 790 Td\n");
		const char *p = pages[i];
		while (*p) {
			buf_addc(&s, '(');
			for (; *p && *p != '\n'; p++) {
				if (*p == '(' || *p == ')' || *p == '\\')
					buf_addc(&s, '\\');
				buf_addc(&s, *p);
			}
			buf_adds(&s, ") Tj T*\n");
			if (*p == '\n')
				p++;
		}
		buf_adds(&s, "ET\n");
		off[++obj] = b.len;
		buf_addf(&b, "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
			     "/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>\nendobj\n",
			 obj, obj + 1);
		off[++obj] = b.len;
		buf_addf(&b, "%d 0 obj\n<< /Length %zu >>\nstream\n", obj, s.len);
		buf_add(&b, buf_str(&s), s.len);
		buf_adds(&b, "endstream\nendobj\n");
		buf_free(&s);
	}
	int info = 0;
	if (title != NULL) {
		off[++obj] = b.len;
		info = obj;
		buf_addf(&b, "%d 0 obj\n<< /Title (%s) >>\nendobj\n", obj, title);
	}
	size_t xref = b.len;
	buf_addf(&b, "xref\n0 %d\n0000000000 65535 f \n", obj + 1);
	for (int i = 1; i <= obj; i++)
		buf_addf(&b, "%010zu 00000 n \n", off[i]);
	buf_addf(&b, "trailer\n<< /Size %d /Root 1 0 R", obj + 1);
	if (info)
		buf_addf(&b, " /Info %d 0 R", info);
	buf_addf(&b, " >>\nstartxref\n%zu\n%%%%EOF\n", xref);
	free(off);
	FILE *f = fopen(path, "wb");
	int rc = -1;
	if (f != NULL) {
		rc = fwrite(b.s, 1, b.len, f) == b.len ? 0 : -1;
		if (fclose(f) != 0)
			rc = -1;
	}
	buf_free(&b);
	return rc;
}

/* Writes text into path. Returns 0 or -1. */
static __attribute__((unused)) int synth_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* A fresh scratch folder under $TMPDIR (malloc()ed path). */
static __attribute__((unused)) char *synth_tmpdir(const char *tag)
{
	const char *t = getenv("TMPDIR");
	char *p = NULL;
	if (asprintf(&p, "%s/kindex-%s-XXXXXX", t && *t ? t : "/tmp", tag) < 0)
		return NULL;
	if (mkdtemp(p) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

static __attribute__((unused)) void synth_rmrf(const char *dir)
{
	/* Only what synth_tmpdir made. */
	if (dir == NULL || dir[0] != '/' || strstr(dir, "/kindex-") == NULL)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", "--", dir, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/* Runs cmd_index with argv (NULL-terminated, argv[0] "index") in a child
 * whose stdout and stderr go to log (or /dev/null).  Returns its exit
 * status, or -1 when it did not exit. */
static __attribute__((unused)) int synth_run_index(char **argv, const char *log)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(log ? log : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		int argc = 0;
		while (argv[argc])
			argc++;
		int rc = cmd_index(argc, argv);
		fflush(NULL);
		_exit(rc);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* ---- the small corpus shared by test_search, test_pages, test_server ----
 *
 * Four documents, with metadata set by .meta sidecars so that the facets
 * are known in advance:
 *   rvs.pdf    nl, ruling, RVS,  2019-05-01, 3 pages; "zebrapad" on page 1,
 *              "olifantspaadje" on page 2, "kangoeroebrug" on page 3
 *   crvb.pdf   nl, ruling, CRVB, 2021-03-02, 1 page with "zebrapad"
 *   echr.pdf   en, ruling, ECHR, 2015-07-07, 1 page with "zebrapad"
 *   hostile.pdf en, report, no court, 2010, 1 page with "walrusrapport" and
 *              markup in its text, title, court name and file name
 * SYNTH_* name what the tests look for. */
#define SYNTH_HOSTILE "<script>alert(1)</script>\"'&amp;"
#define SYNTH_HOSTILE_FILE "hostile<b>&'x.pdf"

static const char *const synth_rvs_pages[] = {
	"Uitspraak van de Afdeling bestuursrechtspraak van de Raad van State\n"
	"De Afdeling overweegt dat het kind bij het zebrapad werd aangehouden.\n"
	"Het belang van het kind moet een eerste overweging zijn bij de beslissing.",
	"Tweede bladzijde van de uitspraak over het verblijf van de minderjarige.\n"
	"De vreemdeling stelt dat het olifantspaadje naar school onveilig is voor het kind.\n"
	"De staatssecretaris heeft dat belang niet voldoende gewogen in het besluit.",
	"Derde bladzijde: de beslissing van de rechter over de kinderen en het gezin.\n"
	"Over de kangoeroebrug heeft de rechtbank niets overwogen in de uitspraak.\n"
	"De Afdeling verklaart het hoger beroep gegrond en vernietigt de uitspraak.",
};

static const char *const synth_crvb_page[] = {
	"Uitspraak van de Centrale Raad van Beroep over de kinderbijslag van het gezin.\n"
	"De moeder stelt dat het kind dagelijks het zebrapad bij de school oversteekt.\n"
	"De Raad oordeelt dat het belang van het kind bij de beslissing is meegewogen.",
};

static const char *const synth_echr_page[] = {
	"Judgment of the European Court of Human Rights in the case of the applicant.\n"
	"The applicant complains that the child crossed the zebrapad near the school.\n"
	"The Court considers that the best interests of the child were not weighed.",
};

static const char *const synth_hostile_page[] = {
	"Report of the special rapporteur on the rights of children in detention.\n"
	"The walrusrapport describes <script>alert(1)</script> and \"quotes\" & 'apostrophes'.\n"
	"The rapporteur recommends that children should never be detained for migration.",
};

/* Writes the corpus into dir/docs and indexes it into dir/db.  Returns 0
 * or -1. */
static __attribute__((unused)) int synth_corpus(const char *dir)
{
	char docs[4096], db[4096], p[4200], log[4200];
	snprintf(docs, sizeof(docs), "%s/docs", dir);
	snprintf(db, sizeof(db), "%s/db", dir);
	snprintf(log, sizeof(log), "%s/index.log", dir);
	if (mkdir(docs, 0700) < 0)
		return -1;
	struct {
		const char *name;
		const char *const *pages;
		int n;
		const char *meta;
	} d[] = {
		{ "rvs.pdf", synth_rvs_pages, 3,
		  "type: ruling\ncourt: RVS\ndate: 2019-05-01\ntitle: Uitspraak zebrapad RVS\n" },
		{ "crvb.pdf", synth_crvb_page, 1,
		  "type: ruling\ncourt: CRVB\ndate: 2021-03-02\ntitle: Uitspraak CRVB kinderbijslag\n" },
		{ "echr.pdf", synth_echr_page, 1,
		  "type: ruling\ncourt: ECHR\ndate: 2015-07-07\ntitle: Judgment ECHR applicant\n" },
		{ SYNTH_HOSTILE_FILE, synth_hostile_page, 1,
		  "type: report\ndate: 2010\nlang: en\ncourt: ZZWALRUS\ntitle: Walrus " SYNTH_HOSTILE "\n"
		  "court_name: Court " SYNTH_HOSTILE "\n" },
	};
	for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", docs, d[i].name);
		if (synth_pdf(p, d[i].pages, d[i].n, NULL) < 0)
			return -1;
		snprintf(p, sizeof(p), "%s/%s.meta", docs, d[i].name);
		if (synth_write(p, d[i].meta) < 0)
			return -1;
	}
	char *argv[] = { "index", "--db", db, "--jobs", "1", "--quiet", docs, NULL };
	return synth_run_index(argv, log) == 0 ? 0 : -1;
}

#endif
