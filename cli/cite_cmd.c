/* cite_cmd.c - `kindex cite`: what the citation recogniser sees in PDFs.
 *
 * One line per citation, tab-separated: file, page, instrument, article,
 * paragraph, letter, matched text, and a sub-item ("iii") as an eighth
 * column when there is one.  A document citation (instrument UNDOC, GC,
 * ECLI or APPNO) has its normalised identifier in the article column and
 * empty paragraph and letter.  With --json one JSON object per file. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "indexer/meta.h"
#include "indexer/pdf_text.h"
#include "search/cite.h"
#include "base/util.h"

static void print_tsv_field(const char *s)
{
	for (; *s; s++)
		putchar(*s == '\t' || *s == '\n' ? ' ' : *s);
}

int cmd_cite(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int json = 0, c, status = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'J') {
			json = 1;
			continue;
		}
		fprintf(stderr, "usage: kindex cite [--json] FILE...\n");
		return c == 'h' ? 0 : 2;
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: kindex cite [--json] FILE...\n");
		return 2;
	}
	struct error *err = NULL;
	char *rules_path = util_data_path("meta-rules.txt");
	struct meta_rules *rules = meta_rules_load(rules_path, &err);
	free(rules_path);
	if (rules == NULL) {
		fprintf(stderr, "kindex cite: %s\n", err->msg);
		error_free(err);
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		struct pdf_text *t = pdf_text_extract(path, &err);
		if (t == NULL) {
			fprintf(stderr, "kindex cite: %s: %s\n", path, err->msg);
			error_free(err);
			err = NULL;
			status = 1;
			continue;
		}
		struct meta m = { 0 };
		struct cite_opts copts = { 0 };
		if (meta_detect(rules, t, path, &m, NULL) == 0) {
			if ((m.court.value && strcmp(m.court.value, "CRC") == 0) ||
			    (m.type.value && strncmp(m.type.value, "un_", 3) == 0))
				copts.un_crc_context = 1;
			if (m.court.value && strcmp(m.court.value, "ECTHR") == 0)
				copts.echr_context = 1;
		}
		meta_clear(&m);
		struct cite_list l = { 0 };
		cite_scan_pages((const char *const *)t->pages, t->page_lens, t->n_pages, &copts, &l);
		struct json_object *arr = json ? json_object_new_array() : NULL;
		for (size_t k = 0; k < l.n; k++) {
			const struct cite *ct = &l.items[k];
			if (json) {
				struct json_object *o = json_object_new_object();
				char label[64];
				cite_format(ct, label, sizeof(label));
				json_object_object_add(o, "page", json_object_new_int(ct->page));
				json_object_object_add(o, "kind", json_object_new_string(
						ct->kind == CITE_DOC ? "doc" : "article"));
				json_object_object_add(o, "instrument",
						       json_object_new_string(ct->instrument));
				if (ct->kind == CITE_ARTICLE) {
					json_object_object_add(o, "article",
							       json_object_new_int(ct->article));
					json_object_object_add(o, "paragraph",
							       json_object_new_string(ct->paragraph));
					json_object_object_add(o, "letter",
							       json_object_new_string(ct->letter));
					json_object_object_add(o, "sub", json_object_new_string(ct->sub));
				}
				json_object_object_add(o, "label", json_object_new_string(label));
				json_object_object_add(o, "ident", json_object_new_string(ct->ident));
				json_object_object_add(o, "text", json_object_new_string(ct->text));
				json_object_array_add(arr, o);
				continue;
			}
			print_tsv_field(path);
			printf("\t%d\t%s\t", ct->page, ct->instrument);
			if (ct->kind == CITE_ARTICLE)
				printf("%d\t%s\t%s\t", ct->article, ct->paragraph, ct->letter);
			else {
				print_tsv_field(ct->ident);
				printf("\t\t\t");
			}
			print_tsv_field(ct->text);
			if (ct->kind == CITE_ARTICLE && ct->sub[0])
				printf("\t%s", ct->sub);
			putchar('\n');
		}
		if (json) {
			struct json_object *o = json_object_new_object();
			json_object_object_add(o, "file", json_object_new_string(path));
			json_object_object_add(o, "pages", json_object_new_int(t->n_pages));
			json_object_object_add(o, "citations", arr);
			puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
								       JSON_C_TO_STRING_NOSLASHESCAPE));
			json_object_put(o);
		}
		cite_list_clear(&l);
		pdf_text_free(t);
	}
	meta_rules_free(rules);
	return status;
}
