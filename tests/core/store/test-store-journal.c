/* test-store-journal.c: the journal features keep their state in, and blobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "store-test-util.h"

static VigilRecord *
append_ok (VigilStore *store,
           const char *kind,
           const char *key,
           gint64      expected,
           const char *body)
{
  g_autoptr(GError) error = NULL;
  VigilRecord *record = NULL;

  g_assert_true (vigil_store_append_record (store, kind, key, expected, "ada", 0, body, &record, &error));
  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static void
test_append_and_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(VigilRecord) a = NULL, b = NULL, c = NULL;
  g_autoptr(GPtrArray) all = NULL, cases = NULL, one = NULL, later = NULL;
  VigilRecord *r;

  g_assert_no_error (error);
  a = append_ok (store, "case", "c1", 0, "{\"state\":\"new\"}");
  b = append_ok (store, "case", "c1", 1, "{\"state\":\"assigned\",\"role\":\"legal\"}");
  c = append_ok (store, "template", "t1", VIGIL_RECORD_ANY_VERSION, "{\"body\":\"Hello {brand} ✓\"}");

  g_assert_cmpint (a->seq, ==, 1);
  g_assert_cmpint (a->version, ==, 1);
  g_assert_cmpint (b->seq, ==, 2);
  g_assert_cmpint (b->version, ==, 2);
  g_assert_cmpint (c->seq, ==, 3);
  g_assert_cmpint (c->version, ==, 1);
  g_assert_cmpint (a->at_us, >, 0);

  all = vigil_store_list_records (store, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  cases = vigil_store_list_records (store, "case", NULL, 0, 0, &error);
  g_assert_cmpuint (cases->len, ==, 2);
  r = g_ptr_array_index (cases, 1);
  g_assert_cmpstr (r->kind, ==, "case");
  g_assert_cmpstr (r->key, ==, "c1");
  g_assert_cmpstr (r->actor, ==, "ada");
  g_assert_cmpstr (r->body, ==, "{\"state\":\"assigned\",\"role\":\"legal\"}");
  one = vigil_store_list_records (store, "template", "t1", 0, 0, &error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (((VigilRecord *) g_ptr_array_index (one, 0))->body, ==, "{\"body\":\"Hello {brand} ✓\"}");
  later = vigil_store_list_records (store, NULL, NULL, 1, 1, &error);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_cmpint (((VigilRecord *) g_ptr_array_index (later, 0))->seq, ==, 2);
}

static void
test_conflict (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(VigilRecord) first = NULL;
  g_autoptr(GPtrArray) records = NULL;
  VigilRecord *record = NULL;

  first = append_ok (store, "case", "c1", 0, "{\"claim\":\"ada\"}");

  /* someone else claimed it since version 0: refused, nothing written */
  g_assert_false (vigil_store_append_record (store, "case", "c1", 0, "bob", 0, "{\"claim\":\"bob\"}",
                                             &record, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_assert_null (record);
  g_clear_error (&error);
  g_assert_false (vigil_store_append_record (store, "case", "c1", 5, "bob", 0, "{}", NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  records = vigil_store_list_records (store, "case", "c1", 0, 0, &error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((VigilRecord *) g_ptr_array_index (records, 0))->actor, ==, "ada");
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autofree char *huge = NULL;
  g_autoptr(GPtrArray) records = NULL;
  static const char * const bodies[] = { "", "[1,2]", "{\"a\":", "\"text\"", "{\"a\":1} trailing" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_assert_false (vigil_store_append_record (store, "case", "c1", VIGIL_RECORD_ANY_VERSION, "ada", 0,
                                                 bodies[i], NULL, &error));
      g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_false (vigil_store_append_record (store, "", "c1", VIGIL_RECORD_ANY_VERSION, "ada", 0, "{}", NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigil_store_append_record (store, "case", "c1", VIGIL_RECORD_ANY_VERSION, "", 0, "{}", NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (vigil_store_append_record (store, "case", "c1", VIGIL_RECORD_ANY_VERSION, "ada", 0,
                                             "{\"a\":\"\xff\"}", NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* bounded: a body over 4 MiB is refused with a reason */
  huge = g_strnfill (5 * 1024 * 1024, 'x');
  memcpy (huge, "{\"a\":\"", 6);
  huge[5 * 1024 * 1024 - 2] = '"';
  huge[5 * 1024 * 1024 - 1] = '}';
  g_assert_false (vigil_store_append_record (store, "case", "c1", VIGIL_RECORD_ANY_VERSION, "ada", 0, huge, NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
  g_clear_error (&error);

  records = vigil_store_list_records (store, NULL, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
}

static void
on_appended_cb (VigilStore  *store,
                VigilRecord *record,
                GPtrArray   *seen)
{
  g_ptr_array_add (seen, vigil_record_copy (record));
}

static void
on_appended_async_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  VigilRecord **out = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_append_record_finish (VIGIL_STORE (object), result, out, &error));
  g_assert_no_error (error);
}

static void
test_async_and_signal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_record_free);
  g_autoptr(VigilRecord) r1 = NULL, r2 = NULL;

  g_signal_connect (store, "record-appended", G_CALLBACK (on_appended_cb), seen);
  /* queued in order: the second expects the first's version */
  vigil_store_append_record_async (store, "case", "c9", 0, "ada", 0, "{\"n\":1}", NULL, on_appended_async_cb, &r1);
  vigil_store_append_record_async (store, "case", "c9", 1, "ada", 0, "{\"n\":2}", NULL, on_appended_async_cb, &r2);
  while (r1 == NULL || r2 == NULL || seen->len < 2)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (r1->version, ==, 1);
  g_assert_cmpint (r2->version, ==, 2);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpint (((VigilRecord *) g_ptr_array_index (seen, 0))->seq, ==, 1);
  g_assert_cmpint (((VigilRecord *) g_ptr_array_index (seen, 1))->seq, ==, 2);
}

static void
test_other_process (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) app = NULL;
  g_autoptr(VigilStore) cli = NULL;
  g_autoptr(VigilRecord) mine = NULL, theirs = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_record_free);
  gint64 deadline;

  tmp_store_init (&tmp);
  app = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  cli = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_signal_connect (app, "record-appended", G_CALLBACK (on_appended_cb), seen);
  vigil_store_watch_external (app, 20);

  /* two writers on one file keep one chain; the version check holds across them */
  mine = append_ok (app, "case", "c1", 0, "{\"by\":\"app\"}");
  theirs = append_ok (cli, "case", "c1", 1, "{\"by\":\"cli\"}");
  g_assert_cmpint (theirs->seq, ==, 2);
  g_assert_false (vigil_store_append_record (app, "case", "c1", 1, "ada", 0, "{}", NULL, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (seen->len < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (((VigilRecord *) g_ptr_array_index (seen, 1))->body, ==, "{\"by\":\"cli\"}");

  {
    VigilStoreVerifyResult v = { 0 };

    g_assert_true (vigil_store_verify (app, &v, &error));
    g_assert_true (v.ok);
    g_assert_cmpuint (v.records, ==, 2);
    vigil_store_verify_result_clear (&v);
  }
}

/* Each tampering of the journal is caught by verify, named as the journal's. */
static void
check_tamper (const char *sql,
              const char *expect)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  VigilStoreVerifyResult v = { 0 };

  tmp_store_init (&tmp);
  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  insert_many (store, "p", 3);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *key = g_strdup_printf ("c%u", i);
      g_autoptr(VigilRecord) r = append_ok (store, "case", key, 0, "{\"state\":\"new\"}");
    }
  g_assert_true (vigil_store_verify (store, &v, &error));
  g_assert_true (v.ok);
  g_assert_cmpuint (v.records, ==, 5);
  vigil_store_verify_result_clear (&v);
  g_clear_object (&store);

  raw_tamper (tmp.path, "DROP TRIGGER records_no_update; DROP TRIGGER records_no_delete;", sql);

  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_store_verify (store, &v, &error));
  g_assert_no_error (error);
  g_assert_false (v.ok);
  g_assert_nonnull (v.first_broken);
  g_test_message ("%s → %s", sql, v.first_broken);
  g_assert_nonnull (strstr (v.first_broken, expect));
  vigil_store_verify_result_clear (&v);
}

static void
test_tamper (void)
{
  check_tamper ("UPDATE records SET body = '{\"state\":\"resolved\"}' WHERE seq = 3", "record 3");
  check_tamper ("UPDATE records SET actor = 'mallory' WHERE seq = 2", "record 2");
  check_tamper ("DELETE FROM records WHERE seq = 2", "record 3");
  check_tamper ("DELETE FROM records WHERE seq = 5", "head");
  check_tamper ("UPDATE records SET seq = 6 WHERE seq = 5; UPDATE journal_head SET count = 6", "record");
}

static void
test_blobs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GBytes) data = g_bytes_new ("\0secret\xff", 8);
  g_autoptr(GBytes) read = NULL;
  g_autoptr(GBytes) gone = NULL;

  g_assert_null (vigil_store_get_blob (store, "dossier", "d1", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_store_put_blob (store, "dossier", "d1", data, &error));
  g_assert_no_error (error);
  read = vigil_store_get_blob (store, "dossier", "d1", &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (read, data));
  g_assert_true (vigil_store_delete_blob (store, "dossier", "d1", &error));
  gone = vigil_store_get_blob (store, "dossier", "d1", &error);
  g_assert_no_error (error);
  g_assert_null (gone);
  g_assert_false (vigil_store_put_blob (store, "", "d1", data, &error));
  g_assert_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID);
}

static void
test_find_post (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (store_test_new_uri (), &error);
  g_autoptr(GPtrArray) posts = posts_new ();
  g_autoptr(VigilPost) found = NULL;
  g_autoptr(VigilPost) other = NULL;
  g_autoptr(VigilPost) none = NULL;

  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_MASTODON, "109", "@a", "a kettle", 1));
  g_ptr_array_add (posts, make_post (VIGIL_PLATFORM_BLUESKY, "109", "@b", "the other one", 2));
  insert_ok (store, posts, NULL);

  found = vigil_store_find_post (store, VIGIL_PLATFORM_MASTODON, "109", &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (vigil_post_get_text (found), ==, "a kettle");
  other = vigil_store_find_post (store, VIGIL_PLATFORM_BLUESKY, "109", &error);
  g_assert_cmpstr (vigil_post_get_text (other), ==, "the other one");
  none = vigil_store_find_post (store, VIGIL_PLATFORM_MASTODON, "110", &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  store_test_init (&argc, &argv, FALSE);

  store_test_add ("/vigil/store-journal/append-and-list", test_append_and_list);
  store_test_add ("/vigil/store-journal/conflict", test_conflict);
  store_test_add ("/vigil/store-journal/invalid", test_invalid);
  store_test_add ("/vigil/store-journal/async-and-signal", test_async_and_signal);
  store_test_add ("/vigil/store-journal/other-process", test_other_process);
  store_test_add ("/vigil/store-journal/tamper", test_tamper);
  store_test_add ("/vigil/store-journal/blobs", test_blobs);
  store_test_add ("/vigil/store/find-post", test_find_post);

  return g_test_run ();
}
