/* test_store.c - unit tests for web/store.c: owners see only their own
 * collections and searches, items keep their order through moves and
 * deletes, limits are errors, and an unsafe file is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "web/store.h"

struct fx {
	char dir[64], path[96];
	struct store *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/kindex-test-store-XXXXXX");
	if (f == NULL || mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/wb.sqlite", f->dir);
	f->s = store_open(f->path, NULL);
	*state = f;
	return f->s ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];
	store_close(f->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static struct store_item item(const char *text)
{
	struct store_item it = { 0 };
	it.doc_path = (char *)"/x.pdf";
	it.doc_uid = (char *)"u";
	it.doc_ident = (char *)"ECLI:NL:HR:1995:AA3911";
	it.doc_title = (char *)"t";
	it.doc_type = (char *)"ruling";
	it.doc_court = (char *)"HR";
	it.doc_date = (char *)"1995-06-23";
	it.page = 1;
	it.para = (char *)"";
	it.text = (char *)text;
	it.note = (char *)"";
	it.cite_nl = (char *)"HR 23 juni 1995, ECLI:NL:HR:1995:AA3911, p. 1";
	it.cite_en = (char *)"HR 23 June 1995, ECLI:NL:HR:1995:AA3911, p. 1";
	return it;
}

/* The texts of collection id in order, joined by '|'. */
static void order(struct store *s, int64_t id, char *out, size_t n)
{
	struct store_collection c;
	struct store_item *items;
	size_t k;
	assert_int_equal(store_coll_get(s, "anna", id, &c, &items, &k, NULL), 0);
	out[0] = '\0';
	for (size_t i = 0; i < k; i++) {
		assert_int_equal(items[i].pos, i + 1);
		if (i)
			strncat(out, "|", n - strlen(out) - 1);
		strncat(out, items[i].text, n - strlen(out) - 1);
	}
	store_items_free(items, k);
	store_coll_clear(&c);
}

static void test_owners(void **state)
{
	struct fx *f = *state;
	int64_t a, b, it;
	struct error *err = NULL;
	assert_int_equal(store_coll_create(f->s, "anna", "Jeugd", &a, NULL), 0);
	assert_int_equal(store_coll_create(f->s, "bert", "Migratie", &b, NULL), 0);
	struct store_item x = item("een");
	assert_int_equal(store_item_add(f->s, "anna", a, &x, &it, NULL), 0);
	/* bert can neither read, change nor delete anna's collection. */
	struct store_collection c;
	struct store_item *items;
	size_t n;
	assert_int_equal(store_coll_get(f->s, "bert", a, &c, &items, &n, &err), -1);
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	err = NULL;
	assert_int_equal(store_item_add(f->s, "bert", a, &x, NULL, &err), -1);
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	err = NULL;
	assert_int_equal(store_item_delete(f->s, "bert", a, it, &err), -1);
	error_free(err);
	err = NULL;
	assert_int_equal(store_coll_delete(f->s, "bert", a, &err), -1);
	error_free(err);
	err = NULL;
	assert_int_equal(store_coll_rename(f->s, "bert", a, "mine", &err), -1);
	error_free(err);
	struct store_collection *v;
	assert_int_equal(store_coll_list(f->s, "bert", &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, "Migratie");
	store_coll_clear(&v[0]);
	free(v);
	assert_int_equal(store_coll_list(f->s, "anna", &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].n_items, 1);
	store_coll_clear(&v[0]);
	free(v);
	/* Deleting a collection deletes its items. */
	assert_int_equal(store_coll_delete(f->s, "anna", a, NULL), 0);
	err = NULL;
	assert_int_equal(store_item_delete(f->s, "anna", a, it, &err), -1);
	error_free(err);
}

static void test_order(void **state)
{
	struct fx *f = *state;
	int64_t c, ids[4];
	char buf[128];
	const char *texts[] = { "a", "b", "c", "d" };
	assert_int_equal(store_coll_create(f->s, "anna", "Orde", &c, NULL), 0);
	for (int i = 0; i < 4; i++) {
		struct store_item x = item(texts[i]);
		assert_int_equal(store_item_add(f->s, "anna", c, &x, &ids[i], NULL), 0);
	}
	order(f->s, c, buf, sizeof(buf));
	assert_string_equal(buf, "a|b|c|d");
	assert_int_equal(store_item_move(f->s, "anna", c, ids[3], 1, NULL), 0);
	order(f->s, c, buf, sizeof(buf));
	assert_string_equal(buf, "d|a|b|c");
	assert_int_equal(store_item_move(f->s, "anna", c, ids[3], 99, NULL), 0); /* clamped */
	order(f->s, c, buf, sizeof(buf));
	assert_string_equal(buf, "a|b|c|d");
	assert_int_equal(store_item_move(f->s, "anna", c, ids[0], 2, NULL), 0);
	order(f->s, c, buf, sizeof(buf));
	assert_string_equal(buf, "b|a|c|d");
	assert_int_equal(store_item_delete(f->s, "anna", c, ids[2], NULL), 0);
	order(f->s, c, buf, sizeof(buf));
	assert_string_equal(buf, "b|a|d");
	struct store_item e = item("e");
	assert_int_equal(store_item_add(f->s, "anna", c, &e, NULL, NULL), 0);
	order(f->s, c, buf, sizeof(buf));
	assert_string_equal(buf, "b|a|d|e");
	assert_int_equal(store_item_note(f->s, "anna", c, ids[1], "zie r.o. 4.3", NULL), 0);
}

static void test_limits(void **state)
{
	struct fx *f = *state;
	int64_t c;
	struct error *err = NULL;
	assert_int_equal(store_coll_create(f->s, "anna", "", &c, &err), -1);
	assert_int_equal(err->code, ERR_INPUT);
	error_free(err);
	err = NULL;
	assert_int_equal(store_coll_create(f->s, "anna", "a\nb", &c, &err), -1);
	error_free(err);
	err = NULL;
	char big[STORE_MAX_NAME + 2];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(store_coll_create(f->s, "anna", big, &c, &err), -1);
	error_free(err);
	err = NULL;
	assert_int_equal(store_coll_create(f->s, "anna", "ok", &c, NULL), 0);
	char *note = malloc(STORE_MAX_NOTE + 2);
	memset(note, 'n', STORE_MAX_NOTE + 1);
	note[STORE_MAX_NOTE + 1] = '\0';
	struct store_item x = item("p");
	x.note = note;
	assert_int_equal(store_item_add(f->s, "anna", c, &x, NULL, &err), -1);
	assert_int_equal(err->code, ERR_INPUT);
	error_free(err);
	free(note);
	err = NULL;
	x = item("\xff\xfe not UTF-8");
	assert_int_equal(store_item_add(f->s, "anna", c, &x, NULL, &err), -1);
	error_free(err);
}

/* An owner may keep STORE_MAX_COLLECTIONS collections and STORE_MAX_SAVED
 * saved searches; the next is refused (ERR_INPUT), another owner's is not. */
static void test_quota(void **state)
{
	struct fx *f = *state;
	struct error *err = NULL;
	int64_t c;
	char name[32];
	for (int i = 0; i < STORE_MAX_COLLECTIONS; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		assert_int_equal(store_coll_create(f->s, "anna", name, &c, NULL), 0);
	}
	assert_int_equal(store_coll_create(f->s, "anna", "one more", &c, &err), -1);
	assert_int_equal(err->code, ERR_INPUT);
	error_free(err);
	err = NULL;
	assert_int_equal(store_coll_create(f->s, "bert", "his first", &c, NULL), 0);
	struct store_saved sv;
	for (int i = 0; i < STORE_MAX_SAVED; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		assert_int_equal(store_saved_create(f->s, "anna", name, "kind", &sv, NULL), 0);
		store_saved_clear(&sv);
	}
	assert_int_equal(store_saved_create(f->s, "anna", "one more", "kind", &sv, &err), -1);
	assert_int_equal(err->code, ERR_INPUT);
	error_free(err);
	assert_int_equal(store_saved_create(f->s, "bert", "his first", "kind", &sv, NULL), 0);
	store_saved_clear(&sv);
}

static void test_saved_and_seen(void **state)
{
	struct fx *f = *state;
	struct store_saved sv, other;
	struct error *err = NULL;
	assert_int_equal(store_saved_create(f->s, "anna", "art 3.1", "art:3.1", &sv, NULL), 0);
	assert_int_equal(strlen(sv.token), STORE_TOKEN_LEN);
	assert_int_equal(store_saved_get(f->s, "bert", sv.id, &other, &err), -1);
	assert_int_equal(err->code, ERR_NOTFOUND);
	error_free(err);
	err = NULL;
	assert_int_equal(store_saved_by_token(f->s, sv.token, &other, NULL), 0);
	assert_string_equal(other.owner, "anna");
	store_saved_clear(&other);
	const char *keys[] = { "/a.pdf", "/b.pdf", "/c.pdf" };
	unsigned char unseen[3];
	assert_int_equal(store_seen_mark(f->s, sv.id, "web", keys, 2, NULL), 0);
	assert_int_equal(store_seen_unseen(f->s, sv.id, "web", keys, 3, unseen, NULL), 0);
	assert_int_equal(unseen[0] + unseen[1] * 2 + unseen[2] * 4, 4);
	/* Seen on the page is not reported by alerts, and the other way round. */
	assert_int_equal(store_seen_unseen(f->s, sv.id, "alerts", keys, 3, unseen, NULL), 0);
	assert_int_equal(unseen[0] + unseen[1] + unseen[2], 3);
	/* A new token revokes the old one. */
	char old[STORE_TOKEN_LEN + 1];
	strcpy(old, sv.token);
	assert_int_equal(store_saved_new_token(f->s, "anna", sv.id, NULL), 0);
	assert_int_equal(store_saved_by_token(f->s, old, &other, &err), -1);
	error_free(err);
	err = NULL;
	assert_int_equal(store_saved_new_token(f->s, "bert", sv.id, &err), -1);
	error_free(err);
	assert_int_equal(store_saved_delete(f->s, "anna", sv.id, NULL), 0);
	store_saved_clear(&sv);
}

static void test_unsafe_file(void **state)
{
	struct fx *f = *state;
	struct error *err = NULL;
	assert_int_equal(chmod(f->path, 0666), 0);
	assert_null(store_open(f->path, &err));
	assert_non_null(strstr(err->msg, "others may write"));
	error_free(err);
	assert_int_equal(chmod(f->path, 0600), 0);
	struct store *s = store_open(f->path, NULL);
	assert_non_null(s);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_owners, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quota, setup, teardown),
		cmocka_unit_test_setup_teardown(test_saved_and_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsafe_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
