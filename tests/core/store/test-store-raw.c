/* test-store-raw.c: raw payloads are kept packed and still proven
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "store-test-util.h"
#include "vigil-store-private.h"

static char *
payload (guint i)
{
  GString *raw = g_string_new (NULL);

  g_string_append_printf (raw, "{\"id\":\"%u\",\"created_at\":\"2025-03-01T10:00:00.000Z\",\"visibility\":\"public\","
                          "\"language\":\"en\",\"content\":\"<p>kettle refund number %u \\u00e9t\\u00e9 "
                          "\xf0\x9f\x94\xa5 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d</p>\",\"account\":{\"id\":\"1090%u\","
                          "\"username\":\"ana\",\"acct\":\"ana\",\"display_name\":\"Ana\",\"followers_count\":%u},"
                          "\"media_attachments\":[],\"mentions\":[],\"tags\":[],\"emojis\":[],\"card\":null,\"poll\":null}",
                          i, i, i, i * 7);
  return g_string_free (raw, FALSE);
}

static void
fill (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, &error);
  g_autoptr(GPtrArray) posts = posts_new ();

  g_assert_no_error (error);
  for (guint i = 1; i <= 20; i++)
    {
      g_autofree char *rid = g_strdup_printf ("r-%u", i);
      g_autofree char *raw = payload (i);
      VigilPost *post = make_post (VIGIL_PLATFORM_MASTODON, rid, "ana", "kettle refund", i);

      vigil_post_set_raw (post, i == 20 ? "{\"short\":1}" : raw);
      g_ptr_array_add (posts, post);
    }
  {
    VigilPost *edit = make_event (VIGIL_PLATFORM_MASTODON, "r-3", VIGIL_POST_EVENT_EDIT, "kettle fixed");
    g_autofree char *raw = payload (333);

    vigil_post_set_raw (edit, raw);
    g_ptr_array_add (posts, edit);
  }
  insert_ok (store, posts, NULL);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static char *
verify_verdict (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, &error);
  VigilStoreVerifyResult verify = { 0 };
  char *broken;

  g_assert_no_error (error);
  g_assert_true (vigil_store_verify_full (store, NULL, &verify, &error));
  g_assert_no_error (error);
  broken = verify.ok ? NULL : g_strdup (verify.first_broken);
  vigil_store_verify_result_clear (&verify);
  return broken;
}

static void
test_round_trip (void)
{
  g_auto(TmpStore) tmp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autofree char *broken = NULL;
  sqlite3 *db;

  tmp_store_init (&tmp);
  fill (tmp.path);
  db = raw_open (tmp.path);
  /* long payloads are packed, short ones kept as text; both are smaller or equal */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM posts WHERE typeof (raw) = 'blob'"), ==, 19);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM events WHERE typeof (raw) = 'blob'"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT typeof (raw) = 'text' FROM posts WHERE id = 20"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT max (length (raw)) FROM posts WHERE typeof (raw) = 'blob'"), <, 300);
  sqlite3_close (db);

  store = vigil_store_open (tmp.path, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= 20; i++)
    {
      g_autoptr(VigilPost) post = get_post (store, i);
      g_autofree char *want = i == 20 ? g_strdup ("{\"short\":1}") : payload (i);

      g_assert_cmpstr (vigil_post_get_raw (post), ==, want);
    }
  g_clear_object (&store);
  broken = verify_verdict (tmp.path);
  g_assert_null (broken);
}

/* A packed payload replaced by another packed payload, or by bytes that
 * do not unpack, breaks the chain at that row. */
static void
test_tampered (void)
{
  static const char * const forgeries[] = {
    "UPDATE posts SET raw = (SELECT raw FROM posts WHERE id = 5) WHERE id = 4",
    "UPDATE posts SET raw = x'01deadbeef' WHERE id = 4",
    "UPDATE posts SET raw = substr (raw, 1, length (raw) - 1) WHERE id = 4",
    "UPDATE events SET raw = (SELECT raw FROM posts WHERE id = 5) WHERE id = 1",
  };

  for (guint f = 0; f < G_N_ELEMENTS (forgeries); f++)
    {
      g_auto(TmpStore) tmp = { 0 };
      g_autofree char *broken = NULL;
      g_autofree char *sql = g_strdup_printf ("DROP TRIGGER posts_no_update; DROP TRIGGER events_no_update; %s",
                                              forgeries[f]);
      sqlite3 *db;

      tmp_store_init (&tmp);
      fill (tmp.path);
      db = raw_open (tmp.path);
      raw_exec (db, sql);
      sqlite3_close (db);
      broken = verify_verdict (tmp.path);
      g_assert_nonnull (broken);
      g_assert_nonnull (strstr (broken, "does not match its hash"));
      g_assert_nonnull (strstr (broken, f == 3 ? "events row 1" : "posts row 4"));
    }
}

/* The payload as received is what the chain proves: a packed value that
 * unpacks to the same text is the same archived fact. */
static void
test_pack_unpack (void)
{
  g_autofree char *raw = payload (7);
  gsize packed_len = 0, len = 0;
  const char *context[] = { "7", "ana", NULL, "kettle refund number 7" };
  const char *other[] = { "7", "ana", NULL, "kettle refund number 8" };
  g_autofree guint8 *packed = _vigil_store_raw_pack (raw, strlen (raw), context, &packed_len);
  g_autofree char *back = NULL;

  g_assert_nonnull (packed);
  g_assert_cmpuint (packed_len, <, strlen (raw) / 2);
  back = _vigil_store_raw_unpack (packed, packed_len, context, &len);
  g_assert_cmpstr (back, ==, raw);
  g_assert_cmpuint (len, ==, strlen (raw));
  g_clear_pointer (&back, g_free);
  /* the row's context is part of the dictionary: another row's does not
   * give the same bytes back */
  back = _vigil_store_raw_unpack (packed, packed_len, other, NULL);
  g_assert_true (back == NULL || strcmp (back, raw) != 0);
  g_assert_null (_vigil_store_raw_unpack (packed, packed_len - 1, context, NULL));
  g_assert_null (_vigil_store_raw_unpack ("\x02garbage", 8, context, NULL));
  g_assert_null (_vigil_store_raw_pack ("{\"a\":1}", 7, context, &packed_len));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/store/raw/round-trip", test_round_trip);
  g_test_add_func ("/vigil/store/raw/tampered", test_tampered);
  g_test_add_func ("/vigil/store/raw/pack-unpack", test_pack_unpack);
  return g_test_run ();
}
