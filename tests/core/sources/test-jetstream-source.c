/* test-jetstream-source.c: the Jetstream source against the fixture server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vigil-jetstream-source.h"
#include "vigil-test-server.h"

#define PATH       "/subscribe"
#define FIRST_US   G_GINT64_CONSTANT (1732000000000000)
#define STEP_US    10000

typedef struct
{
  VigilStore  *store;
  VigilSource *source;
  gint64       want;
} Wait;

static gboolean
store_has (gpointer data)
{
  Wait *wait = data;

  return vigil_store_count_posts (wait->store, NULL) >= wait->want;
}

static gboolean
cursor_reached (gpointer data)
{
  Wait *wait = data;
  g_autofree char *cursor = vigil_store_get_cursor (wait->store, vigil_source_get_id (wait->source), NULL);

  return cursor && g_ascii_strtoll (cursor, NULL, 10) >= wait->want;
}

static gboolean
is_state (gpointer data)
{
  Wait *wait = data;

  return (gint64) vigil_source_get_state (wait->source) == wait->want;
}

static VigilSource *
new_source (VigilTestServer *server,
            VigilStore      *store,
            gint64           rewind_us)
{
  g_autofree char *url = vigil_test_server_get_ws_url (server, PATH);
  VigilSource *source = vigil_jetstream_source_new (store, NULL, url, NULL);

  vigil_jetstream_source_set_rewind_us (VIGIL_JETSTREAM_SOURCE (source), rewind_us);
  g_object_set (source, "batch-size", 64, "batch-interval-ms", 20, NULL);
  vigil_source_set_backoff (source, 5, 20);

  return source;
}

static char *
remote_id_of (guint64 i)
{
  return g_strdup_printf ("at://did:plc:fixture%" G_GUINT64_FORMAT "/app.bsky.feed.post/r%" G_GUINT64_FORMAT,
                          i % 97, i);
}

/* Every post of the archive by remote id; asserts there are no duplicates. */
static GHashTable *
archive_by_remote_id (VigilStore *store)
{
  GHashTable *by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  gint64 last = vigil_store_get_last_id (store);
  g_autoptr(GPtrArray) posts = vigil_store_get_range (store, 1, last, G_MAXUINT, NULL);

  g_assert_nonnull (posts);
  for (guint i = 0; i < posts->len; i++)
    {
      VigilPost *post = g_ptr_array_index (posts, i);
      const char *id = vigil_post_get_remote_id (post);

      if (g_hash_table_contains (by_id, id))
        g_error ("%s is archived twice", id);
      g_hash_table_insert (by_id, g_strdup (id), g_object_ref (post));
    }

  return by_id;
}

static gboolean
is_create (guint64 i)
{
  return !(i % 10 == 3 || i % 10 == 5 || i % 50 == 7 ||
           (i % 10 == 8 && i >= 10) || (i % 20 == 9 && i >= 20));
}

static void
test_jetstream_disconnects (void)
{
  const guint64 n = 6000;
  const guint64 creates = vigil_test_jetstream_count_creates (n, VIGIL_TEST_JETSTREAM_MIXED);
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(GHashTable) archive = NULL;
  Wait wait;

  vigil_test_server_add_jetstream (server, PATH, n, FIRST_US, STEP_US, VIGIL_TEST_JETSTREAM_MIXED);
  /* every connection is cut after 300 events */
  vigil_test_server_set_fault (server, PATH, VIGIL_TEST_FAULT_DROP, 300, 0, 0);

  source = new_source (server, store, G_USEC_PER_SEC);
  vigil_source_start (source);

  wait = (Wait) { store, source, (gint64) creates };
  g_assert_true (vigil_test_wait_until (store_has, &wait, 60000));
  /* and the cursor reaches the last event */
  wait.want = FIRST_US + (gint64) (n - 1) * STEP_US;
  g_assert_true (vigil_test_wait_until (cursor_reached, &wait, 20000));
  vigil_source_stop (source);
  vigil_store_flush (store);

  g_test_message ("%u connections", vigil_test_server_get_connections (server, PATH));
  g_assert_cmpuint (vigil_test_server_get_connections (server, PATH), >=, 20);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, (gint64) creates);

  archive = archive_by_remote_id (store);
  g_assert_cmpuint (g_hash_table_size (archive), ==, creates);
  for (guint64 i = 0; i < n; i++)
    {
      g_autofree char *id = remote_id_of (i);

      if (is_create (i))
        g_assert_true (g_hash_table_contains (archive, id));
    }

  /* edits and deletes arrived as events on their posts */
  for (guint64 i = 20; i < n; i++)
    {
      if (i % 10 == 8)
        {
          g_autofree char *id = remote_id_of (i - 4);
          VigilPost *post = g_hash_table_lookup (archive, id);
          g_assert_nonnull (post);
          g_assert_true (vigil_post_get_edited (post));
        }
      if (i % 20 == 9)
        {
          g_autofree char *id = remote_id_of (i - 8);
          VigilPost *post = g_hash_table_lookup (archive, id);
          g_assert_nonnull (post);
          g_assert_true (vigil_post_get_deleted (post));
        }
    }

  /* identity and account events were seen and skipped (likes were never
   * sent: wantedCollections asks for posts only) */
  g_assert_cmpuint (vigil_jetstream_source_get_events_skipped (VIGIL_JETSTREAM_SOURCE (source)), >, 0);
  g_assert_cmpuint (vigil_jetstream_source_get_events_rejected (VIGIL_JETSTREAM_SOURCE (source)), ==, 0);
}

static void
test_jetstream_resume (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autofree char *dir = g_dir_make_tmp ("vigil-jetstream-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *persisted = NULL;
  g_autofree char *asked = NULL;
  const gint64 rewind = 2 * G_USEC_PER_SEC;
  Wait wait;

  vigil_test_server_add_jetstream (server, PATH, 1000, FIRST_US, STEP_US, VIGIL_TEST_JETSTREAM_CREATES);

  /* First run: everything, then the app "quits". */
  {
    g_autoptr(VigilStore) store = vigil_store_open (path, NULL);
    g_autoptr(VigilSource) source = new_source (server, store, rewind);

    g_assert_nonnull (store);
    vigil_source_start (source);
    wait = (Wait) { store, source, FIRST_US + 999 * STEP_US };
    g_assert_true (vigil_test_wait_until (cursor_reached, &wait, 20000));
    /* nothing persisted yet, so the first connection asked for everything */
    g_assert_null (vigil_test_server_get_last_cursor (server, PATH));
    vigil_source_stop (source);
    vigil_store_flush (store);
    g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 1000);
    persisted = vigil_store_get_cursor (store, vigil_source_get_id (source), NULL);
  }
  g_assert_cmpint (g_ascii_strtoll (persisted, NULL, 10), ==, FIRST_US + 999 * STEP_US);

  /* Meanwhile the network moved on. */
  vigil_test_server_add_jetstream (server, PATH, 1500, FIRST_US, STEP_US, VIGIL_TEST_JETSTREAM_CREATES);

  /* Second run: a new store object on the same file, a new source. */
  {
    g_autoptr(VigilStore) store = vigil_store_open (path, NULL);
    g_autoptr(VigilSource) source = new_source (server, store, rewind);

    vigil_source_start (source);
    wait = (Wait) { store, source, 1500 };
    g_assert_true (vigil_test_wait_until (store_has, &wait, 20000));
    wait.want = FIRST_US + 1499 * STEP_US;
    g_assert_true (vigil_test_wait_until (cursor_reached, &wait, 20000));
    vigil_source_stop (source);
    vigil_store_flush (store);

    /* it asked for persisted − rewind, not for everything */
    asked = vigil_test_server_get_last_cursor (server, PATH);
    g_assert_cmpint (g_ascii_strtoll (asked, NULL, 10), ==, FIRST_US + 999 * STEP_US - rewind);
    g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 1500);
    /* the rewind's 200 duplicates were dropped: only the 500 new ones count */
    g_assert_cmpuint (vigil_source_get_posts_archived (source), ==, 500);
  }

  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

static void
test_jetstream_garbage (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  Wait wait;

  vigil_test_server_add_jetstream (server, PATH, 300, FIRST_US, STEP_US, VIGIL_TEST_JETSTREAM_CREATES);
  vigil_test_server_set_fault (server, PATH, VIGIL_TEST_FAULT_GARBAGE, 0, 0, 1);

  source = new_source (server, store, 0);
  vigil_source_start (source);
  wait = (Wait) { store, source, 300 };
  g_assert_true (vigil_test_wait_until (store_has, &wait, 20000));
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_LIVE);
  g_assert_cmpuint (vigil_jetstream_source_get_events_rejected (VIGIL_JETSTREAM_SOURCE (source)), ==, 2);
  vigil_source_stop (source);
}

static void
test_jetstream_stall (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  Wait wait;

  vigil_test_server_add_jetstream (server, PATH, 50, FIRST_US, STEP_US, VIGIL_TEST_JETSTREAM_CREATES);
  /* the first connection is accepted and then sends nothing */
  vigil_test_server_set_fault (server, PATH, VIGIL_TEST_FAULT_STALL, 0, 0, 1);

  source = new_source (server, store, 0);
  g_object_set (source, "idle-timeout-ms", 300, NULL);
  vigil_source_set_backoff (source, 200, 400);
  vigil_source_start (source);

  wait = (Wait) { store, source, VIGIL_SOURCE_STATE_BACKING_OFF };
  g_assert_true (vigil_test_wait_until (is_state, &wait, 10000));
  g_assert_nonnull (strstr (vigil_source_get_message (source), "sent nothing"));

  /* then it reconnects and gets everything */
  wait = (Wait) { store, source, 50 };
  g_assert_true (vigil_test_wait_until (store_has, &wait, 10000));
  g_assert_cmpuint (vigil_test_server_get_connections (server, PATH), >=, 2);
  vigil_source_stop (source);
}

static void
test_jetstream_refused_url (void)
{
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = vigil_jetstream_source_new (store, NULL, "ws://jetstream.example.com/subscribe", NULL);

  /* refused before any connection is attempted */
  vigil_source_start (source);
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_FAILED);
  g_assert_nonnull (strstr (vigil_source_get_message (source), "wss://"));
}

static void
test_jetstream_not_found (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autofree char *url = vigil_test_server_get_ws_url (server, "/no-such-endpoint");
  g_autoptr(VigilSource) source = vigil_jetstream_source_new (store, NULL, url, NULL);
  Wait wait = { store, source, VIGIL_SOURCE_STATE_FAILED };

  /* a handshake answered with 404 will not get better by retrying */
  vigil_source_set_backoff (source, 5, 20);
  vigil_source_start (source);
  g_assert_true (vigil_test_wait_until (is_state, &wait, 10000));
  g_test_message ("%s", vigil_source_get_message (source));
  g_assert_nonnull (strstr (vigil_source_get_message (source), "404"));
  g_assert_nonnull (strstr (vigil_source_get_message (source), "Check the URL"));
}

static void
test_jetstream_rate_limited (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  gint64 before = g_get_real_time ();
  Wait wait;

  vigil_test_server_add_jetstream (server, PATH, 10, FIRST_US, STEP_US, VIGIL_TEST_JETSTREAM_CREATES);
  vigil_test_server_set_fault (server, PATH, VIGIL_TEST_FAULT_STATUS, 429, 40, 1);
  source = new_source (server, store, 0);
  vigil_source_start (source);

  wait = (Wait) { store, source, VIGIL_SOURCE_STATE_BACKING_OFF };
  g_assert_true (vigil_test_wait_until (is_state, &wait, 10000));
  g_assert_nonnull (strstr (vigil_source_get_message (source), "429"));
  /* Retry-After: 40 wins over the 5 ms backoff */
  g_assert_cmpint (vigil_source_get_retry_at (source), >=, before + 40 * G_USEC_PER_SEC);
  g_assert_cmpuint (vigil_test_server_get_connections (server, PATH), ==, 0);
  vigil_source_stop (source);
}

static void
test_jetstream_url (void)
{
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  const char *dids[] = { "did:plc:abc", "did:web:example.com", NULL };
  g_autoptr(VigilSource) source = vigil_jetstream_source_new (store, NULL, "wss://js.example.org/subscribe?compress=false", dids);
  g_autofree char *url = NULL;
  g_autofree char *with_cursor = NULL;

  vigil_jetstream_source_set_rewind_us (VIGIL_JETSTREAM_SOURCE (source), 5000000);
  url = vigil_jetstream_source_build_url (VIGIL_JETSTREAM_SOURCE (source), NULL);
  g_assert_cmpstr (url, ==, "wss://js.example.org/subscribe?compress=false&wantedCollections=app.bsky.feed.post"
                            "&wantedDids=did%3Aplc%3Aabc&wantedDids=did%3Aweb%3Aexample.com");

  g_assert_true (vigil_store_set_cursor (store, "jetstream:wss://js.example.org/subscribe?compress=false",
                                         "1732000000000000", NULL));
  with_cursor = vigil_jetstream_source_build_url (VIGIL_JETSTREAM_SOURCE (source), NULL);
  g_assert_true (g_str_has_suffix (with_cursor, "&cursor=1731999995000000"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/jetstream-source/url", test_jetstream_url);
  g_test_add_func ("/vigil/jetstream-source/refused-url", test_jetstream_refused_url);
  g_test_add_func ("/vigil/jetstream-source/not-found", test_jetstream_not_found);
  g_test_add_func ("/vigil/jetstream-source/rate-limited", test_jetstream_rate_limited);
  g_test_add_func ("/vigil/jetstream-source/disconnects", test_jetstream_disconnects);
  g_test_add_func ("/vigil/jetstream-source/resume", test_jetstream_resume);
  g_test_add_func ("/vigil/jetstream-source/garbage", test_jetstream_garbage);
  g_test_add_func ("/vigil/jetstream-source/stall", test_jetstream_stall);

  return g_test_run ();
}
