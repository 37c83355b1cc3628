/* export.c - collections as Word, PDF, RIS and CSV (see export.h). */
#include <cairo-pdf.h>
#include <libxml/xmlwriter.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/xalloc.h"
#include "web/export.h"

static const char *const names[] = { "docx", "pdf", "ris", "csv" };

int export_format_parse(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (name != NULL && strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *export_extension(enum export_format f)
{
	return names[f];
}

const char *export_content_type(enum export_format f)
{
	switch (f) {
	case EXPORT_DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	case EXPORT_PDF:
		return "application/pdf";
	case EXPORT_RIS:
		return "application/x-research-info-systems; charset=utf-8";
	case EXPORT_CSV:
		break;
	}
	return "text/csv; charset=utf-8";
}

static const char *cite_of(const struct store_item *it, int nl)
{
	return nl ? it->cite_nl : it->cite_en;
}

/* s without the characters XML 1.0 forbids (controls other than tab, line
 * feed and carriage return; PDF text has form feeds and worse).  malloc()ed. */
static char *xml_clean(const char *s)
{
	struct buf b = BUF_INIT;
	for (const char *p = s ? s : ""; *p; p++)
		if ((unsigned char)*p >= 0x20 || *p == '\t' || *p == '\n' || *p == '\r')
			buf_addc(&b, *p);
		else
			buf_addc(&b, ' ');
	return buf_detach(&b);
}

/* ---- Word ---- */

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* <w:rPr><w:rStyle w:val="style"/></w:rPr> (props "w:rPr", name
 * "w:rStyle"), or its paragraph twin; nothing when style is NULL. */
static void w_style(xmlTextWriterPtr w, const char *props, const char *name, const char *style)
{
	if (style == NULL)
		return;
	xmlTextWriterStartElement(w, BAD_CAST props);
	xmlTextWriterStartElement(w, BAD_CAST name);
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:val", BAD_CAST style);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
}

static void w_run(xmlTextWriterPtr w, const char *text, const char *rstyle)
{
	char *clean = xml_clean(text);
	xmlTextWriterStartElement(w, BAD_CAST "w:r");
	w_style(w, "w:rPr", "w:rStyle", rstyle);
	xmlTextWriterStartElement(w, BAD_CAST "w:t");
	xmlTextWriterWriteAttribute(w, BAD_CAST "xml:space", BAD_CAST "preserve");
	xmlTextWriterWriteString(w, BAD_CAST clean);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	free(clean);
}

static void w_para_start(xmlTextWriterPtr w, const char *pstyle)
{
	xmlTextWriterStartElement(w, BAD_CAST "w:p");
	w_style(w, "w:pPr", "w:pStyle", pstyle);
}

static void w_para(xmlTextWriterPtr w, const char *pstyle, const char *text)
{
	w_para_start(w, pstyle);
	w_run(w, text, NULL);
	xmlTextWriterEndElement(w);
}

static void w_footnote_ref(xmlTextWriterPtr w, size_t id)
{
	char ids[24];
	snprintf(ids, sizeof(ids), "%zu", id);
	xmlTextWriterStartElement(w, BAD_CAST "w:r");
	w_style(w, "w:rPr", "w:rStyle", "FootnoteReference");
	xmlTextWriterStartElement(w, BAD_CAST "w:footnoteReference");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:id", BAD_CAST ids);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
}

typedef void (*xml_body_fn)(xmlTextWriterPtr w, const void *ctx);

/* Writes one XML part: the root element root (with the w: and r:
 * namespaces) holding what body writes.  Returns malloc()ed text. */
static char *xml_part(const char *root, xml_body_fn body, const void *ctx)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	if (w == NULL)
		xalloc_die(); /* libxml2 returns NULL only when out of memory */
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
	xmlTextWriterStartElement(w, BAD_CAST root);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:w", BAD_CAST W_NS);
	xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:r", BAD_CAST R_NS);
	body(w, ctx);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	char *s = xstrdup((const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
	return s;
}

struct docx_ctx {
	const char *title;
	const struct store_item *items;
	size_t n;
	int nl;
};

static void document_body(xmlTextWriterPtr w, const void *p)
{
	const struct docx_ctx *c = p;
	xmlTextWriterStartElement(w, BAD_CAST "w:body");
	w_para(w, "Title", c->title);
	for (size_t i = 0; i < c->n; i++) {
		const struct store_item *it = &c->items[i];
		struct buf q = BUF_INIT;
		buf_adds(&q, c->nl ? "„" : "“");
		buf_adds(&q, it->text);
		buf_adds(&q, "”");
		w_para_start(w, "Quote");
		w_run(w, buf_str(&q), NULL);
		w_footnote_ref(w, i + 1);
		xmlTextWriterEndElement(w);
		buf_free(&q);
		w_para(w, "Source", cite_of(it, c->nl));
		if (it->note && *it->note) {
			struct buf nb = BUF_INIT;
			buf_adds(&nb, c->nl ? "Notitie: " : "Note: ");
			buf_adds(&nb, it->note);
			w_para(w, "Note", buf_str(&nb));
			buf_free(&nb);
		}
	}
	/* A4 with 2.5 cm margins. */
	xmlTextWriterStartElement(w, BAD_CAST "w:sectPr");
	xmlTextWriterStartElement(w, BAD_CAST "w:pgSz");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:w", BAD_CAST "11906");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:h", BAD_CAST "16838");
	xmlTextWriterEndElement(w);
	xmlTextWriterStartElement(w, BAD_CAST "w:pgMar");
	static const char *const sides[] = { "w:top", "w:right", "w:bottom", "w:left" };
	for (int i = 0; i < 4; i++)
		xmlTextWriterWriteAttribute(w, BAD_CAST sides[i], BAD_CAST "1417");
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w); /* body */
}

static void footnotes_body(xmlTextWriterPtr w, const void *p)
{
	const struct docx_ctx *c = p;
	/* Word expects the separator notes -1 and 0. */
	static const char *const sep[2][2] = { { "-1", "separator" },
					       { "0", "continuationSeparator" } };
	for (int i = 0; i < 2; i++) {
		xmlTextWriterStartElement(w, BAD_CAST "w:footnote");
		xmlTextWriterWriteAttribute(w, BAD_CAST "w:type", BAD_CAST sep[i][1]);
		xmlTextWriterWriteAttribute(w, BAD_CAST "w:id", BAD_CAST sep[i][0]);
		xmlTextWriterStartElement(w, BAD_CAST "w:p");
		xmlTextWriterStartElement(w, BAD_CAST "w:r");
		xmlTextWriterStartElement(w, BAD_CAST(i == 0 ? "w:separator" : "w:continuationSeparator"));
		xmlTextWriterEndElement(w);
		xmlTextWriterEndElement(w);
		xmlTextWriterEndElement(w);
		xmlTextWriterEndElement(w);
	}
	for (size_t i = 0; i < c->n; i++) {
		char ids[24];
		snprintf(ids, sizeof(ids), "%zu", i + 1);
		xmlTextWriterStartElement(w, BAD_CAST "w:footnote");
		xmlTextWriterWriteAttribute(w, BAD_CAST "w:id", BAD_CAST ids);
		w_para_start(w, "FootnoteText");
		xmlTextWriterStartElement(w, BAD_CAST "w:r");
		w_style(w, "w:rPr", "w:rStyle", "FootnoteReference");
		xmlTextWriterStartElement(w, BAD_CAST "w:footnoteRef");
		xmlTextWriterEndElement(w);
		xmlTextWriterEndElement(w);
		w_run(w, " ", NULL);
		w_run(w, cite_of(&c->items[i], c->nl), NULL);
		xmlTextWriterEndElement(w); /* p */
		xmlTextWriterEndElement(w); /* footnote */
	}
}

/* A paragraph or character style: id, kind, then w:rPr / w:pPr children as
 * (element, attribute value) pairs. */
static void style(xmlTextWriterPtr w, const char *type, const char *id, const char *name,
		  const char *ppr_ind, int italic, int size_half_pt, int superscript)
{
	xmlTextWriterStartElement(w, BAD_CAST "w:style");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:type", BAD_CAST type);
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:styleId", BAD_CAST id);
	xmlTextWriterStartElement(w, BAD_CAST "w:name");
	xmlTextWriterWriteAttribute(w, BAD_CAST "w:val", BAD_CAST name);
	xmlTextWriterEndElement(w);
	if (ppr_ind != NULL) {
		xmlTextWriterStartElement(w, BAD_CAST "w:pPr");
		xmlTextWriterStartElement(w, BAD_CAST "w:spacing");
		xmlTextWriterWriteAttribute(w, BAD_CAST "w:after", BAD_CAST "120");
		xmlTextWriterEndElement(w);
		if (*ppr_ind) {
			xmlTextWriterStartElement(w, BAD_CAST "w:ind");
			xmlTextWriterWriteAttribute(w, BAD_CAST "w:left", BAD_CAST ppr_ind);
			xmlTextWriterWriteAttribute(w, BAD_CAST "w:right", BAD_CAST ppr_ind);
			xmlTextWriterEndElement(w);
		}
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterStartElement(w, BAD_CAST "w:rPr");
	if (italic) {
		xmlTextWriterStartElement(w, BAD_CAST "w:i");
		xmlTextWriterEndElement(w);
	}
	if (superscript) {
		xmlTextWriterStartElement(w, BAD_CAST "w:vertAlign");
		xmlTextWriterWriteAttribute(w, BAD_CAST "w:val", BAD_CAST "superscript");
		xmlTextWriterEndElement(w);
	}
	if (size_half_pt) {
		char sz[16];
		snprintf(sz, sizeof(sz), "%d", size_half_pt);
		xmlTextWriterStartElement(w, BAD_CAST "w:sz");
		xmlTextWriterWriteAttribute(w, BAD_CAST "w:val", BAD_CAST sz);
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndElement(w);
	xmlTextWriterEndElement(w);
}

static void styles_body(xmlTextWriterPtr w, const void *p)
{
	(void)p;
	style(w, "paragraph", "Title", "Title", "", 0, 36, 0);
	style(w, "paragraph", "Quote", "Quote", "567", 1, 22, 0);
	style(w, "paragraph", "Source", "Source", "567", 0, 18, 0);
	style(w, "paragraph", "Note", "Note", "567", 0, 20, 0);
	style(w, "paragraph", "FootnoteText", "footnote text", "", 0, 18, 0);
	style(w, "character", "FootnoteReference", "footnote reference", NULL, 0, 0, 1);
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" "
	"ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/footnotes.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
	"vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"</Types>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" R_NS "/officeDocument\" Target=\"word/document.xml\"/>"
	"</Relationships>";

static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" R_NS "/footnotes\" Target=\"footnotes.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" R_NS "/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

static int zip_fail(zip_error_t *ze, struct error **err)
{
	error_set(err, ERR_INTERNAL, "building the Word file: %s", zip_error_strerror(ze));
	zip_error_fini(ze);
	return -1;
}

static int export_docx(const char *title, const struct store_item *items, size_t n, int nl,
		       struct buf *out, struct error **err)
{
	struct docx_ctx c = { title, items, n, nl };
	struct {
		const char *name;
		char *data;
		const char *fixed;
	} parts[] = {
		{ "[Content_Types].xml", NULL, content_types },
		{ "_rels/.rels", NULL, package_rels },
		{ "word/_rels/document.xml.rels", NULL, document_rels },
		{ "word/document.xml", xml_part("w:document", document_body, &c), NULL },
		{ "word/footnotes.xml", xml_part("w:footnotes", footnotes_body, &c), NULL },
		{ "word/styles.xml", xml_part("w:styles", styles_body, &c), NULL },
	};
	const size_t n_parts = sizeof(parts) / sizeof(parts[0]);
	int ret = -1;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	if (za == NULL) {
		if (src)
			zip_source_free(src);
		zip_fail(&ze, err);
		goto out;
	}
	zip_source_keep(src); /* read back after zip_close */
	for (size_t i = 0; i < n_parts; i++) {
		const char *d = parts[i].data ? parts[i].data : parts[i].fixed;
		zip_source_t *ps = zip_source_buffer(za, d, strlen(d), 0);
		if (ps == NULL || zip_file_add(za, parts[i].name, ps, ZIP_FL_ENC_UTF_8) < 0) {
			if (ps)
				zip_source_free(ps);
			error_set(err, ERR_INTERNAL, "building the Word file: %s", zip_strerror(za));
			zip_discard(za);
			zip_source_free(src);
			goto out;
		}
	}
	if (zip_close(za) < 0) {
		error_set(err, ERR_INTERNAL, "building the Word file: %s", zip_strerror(za));
		zip_discard(za);
		zip_source_free(src);
		goto out;
	}
	zip_stat_t st;
	if (zip_source_open(src) < 0 || zip_source_stat(src, &st) < 0) {
		error_set(err, ERR_INTERNAL, "reading the Word file back");
		zip_source_free(src);
		goto out;
	}
	buf_reserve(out, (size_t)st.size);
	zip_int64_t got = zip_source_read(src, out->s + out->len, st.size);
	zip_source_close(src);
	zip_source_free(src);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		error_set(err, ERR_INTERNAL, "reading the Word file back");
		goto out;
	}
	out->len += (size_t)got;
	out->s[out->len] = '\0';
	ret = 0;
out:
	zip_error_fini(&ze);
	for (size_t i = 0; i < n_parts; i++)
		free(parts[i].data);
	return ret;
}

/* ---- PDF ---- */

#define PT_W 595.28 /* A4 in points */
#define PT_H 841.89
#define MARGIN 64.0

struct pdf {
	cairo_t *cr;
	double y;
};

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* Lays out text in font at indent, line by line, starting a new page when
 * the next line does not fit. */
static void pdf_block(struct pdf *p, const char *text, const char *font, double indent,
		      double after)
{
	char *clean = xml_clean(text);
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)((PT_W - 2 * MARGIN - 2 * indent) * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, clean, -1);
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double line_top0 = -1;
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double top = (double)logical.y / PANGO_SCALE, h = (double)logical.height / PANGO_SCALE;
		double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		if (line_top0 < 0)
			line_top0 = top;
		if (p->y + h > PT_H - MARGIN) {
			cairo_show_page(p->cr);
			p->y = MARGIN;
		}
		cairo_move_to(p->cr, MARGIN + indent, p->y + (base - top));
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	free(clean);
	p->y += after;
}

static int export_pdf(const char *title, const struct store_item *items, size_t n, int nl,
		      struct buf *out, struct error **err)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, out, PT_W, PT_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return error_set(err, ERR_INTERNAL, "cannot make a PDF");
	}
	char *ct = xml_clean(title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, ct);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "kindex");
	free(ct);
	struct pdf p = { cairo_create(s), MARGIN };
	pdf_block(&p, title, "DejaVu Serif Bold 16", 0, 14);
	for (size_t i = 0; i < n; i++) {
		const struct store_item *it = &items[i];
		struct buf q = BUF_INIT;
		buf_addf(&q, "%zu. %s", i + 1, nl ? "„" : "“");
		buf_adds(&q, it->text);
		buf_adds(&q, "”");
		pdf_block(&p, buf_str(&q), "DejaVu Serif Italic 10.5", 0, 4);
		buf_free(&q);
		pdf_block(&p, cite_of(it, nl), "DejaVu Sans 8.5", 14, it->note && *it->note ? 4 : 14);
		if (it->note && *it->note) {
			struct buf nb = BUF_INIT;
			buf_adds(&nb, nl ? "Notitie: " : "Note: ");
			buf_adds(&nb, it->note);
			pdf_block(&p, buf_str(&nb), "DejaVu Sans 9", 14, 14);
			buf_free(&nb);
		}
	}
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return error_set(err, ERR_INTERNAL, "cannot make a PDF: %s",
				 cairo_status_to_string(st));
	return 0;
}

/* ---- RIS and CSV ---- */

/* One RIS field: a tag and a value on one line (line breaks become spaces). */
static void ris_field(struct buf *b, const char *tag, const char *v)
{
	if (v == NULL || *v == '\0')
		return;
	buf_addf(b, "%s  - ", tag);
	for (const char *p = v; *p; p++)
		buf_addc(b, *p == '\n' || *p == '\r' || *p == '\f' ? ' ' : *p);
	buf_adds(b, "\r\n");
}

static void export_ris(const struct store_item *items, size_t n, int nl, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct store_item *it = &items[i];
		const char *ty = strcmp(it->doc_type, "ruling") == 0   ? "CASE"
				 : strcmp(it->doc_type, "report") == 0 ? "RPRT"
								       : "GEN";
		ris_field(out, "TY", ty);
		ris_field(out, "TI", it->doc_title);
		ris_field(out, "AU", it->doc_court);
		if (strlen(it->doc_date) >= 4) {
			char y[5];
			memcpy(y, it->doc_date, 4);
			y[4] = '\0';
			ris_field(out, "PY", y);
			struct buf d = BUF_INIT;
			for (const char *p = it->doc_date; *p; p++)
				buf_addc(&d, *p == '-' ? '/' : *p);
			ris_field(out, "DA", buf_str(&d));
			buf_free(&d);
		}
		ris_field(out, "M1", it->doc_ident);
		if (strncmp(it->doc_ident, "ECLI:NL:", 8) == 0) {
			struct buf u = BUF_INIT;
			buf_adds(&u, "https://uitspraken.rechtspraak.nl/details?id=");
			buf_adds(&u, it->doc_ident);
			ris_field(out, "UR", buf_str(&u));
			buf_free(&u);
		}
		if (it->page > 0) {
			char pg[16];
			snprintf(pg, sizeof(pg), "%d", it->page);
			ris_field(out, "SP", pg);
		}
		ris_field(out, "AB", it->text);
		ris_field(out, "N1", cite_of(it, nl));
		ris_field(out, "N1", it->note);
		buf_adds(out, "ER  - \r\n\r\n");
	}
}

static void csv_cell(struct buf *b, const char *v, int last)
{
	buf_addc(b, '"');
	/* A leading = + - @ makes spreadsheets evaluate the cell. */
	if (v && (*v == '=' || *v == '+' || *v == '-' || *v == '@'))
		buf_addc(b, '\'');
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
	buf_adds(b, last ? "\r\n" : ",");
}

static void export_csv(const struct store_item *items, size_t n, int nl, struct buf *out)
{
	static const char *const head[] = { "n",    "citation", "title", "identifier", "court",
					     "date", "page",     "paragraph", "text",    "note" };
	for (size_t i = 0; i < 10; i++)
		csv_cell(out, head[i], i == 9);
	for (size_t i = 0; i < n; i++) {
		const struct store_item *it = &items[i];
		char num[24], pg[16];
		snprintf(num, sizeof(num), "%zu", i + 1);
		snprintf(pg, sizeof(pg), "%d", it->page);
		const char *row[] = { num,	     cite_of(it, nl), it->doc_title, it->doc_ident,
				      it->doc_court, it->doc_date,    it->page ? pg : "", it->para,
				      it->text,	     it->note };
		for (size_t k = 0; k < 10; k++)
			csv_cell(out, row[k], k == 9);
	}
}

int export_collection(enum export_format f, const char *title, const struct store_item *items,
		      size_t n, int nl, struct buf *out, struct error **err)
{
	switch (f) {
	case EXPORT_DOCX:
		return export_docx(title, items, n, nl, out, err);
	case EXPORT_PDF:
		return export_pdf(title, items, n, nl, out, err);
	case EXPORT_RIS:
		export_ris(items, n, nl, out);
		return 0;
	case EXPORT_CSV:
		export_csv(items, n, nl, out);
		return 0;
	}
	return error_set(err, ERR_INPUT, "unknown export format");
}
