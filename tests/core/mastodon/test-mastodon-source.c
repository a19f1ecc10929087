/* test-mastodon-source.c: the Mastodon source against the fixture server
 *
 * Never touches the network: every URL is the loopback fixture server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vigil-mastodon-source.h"
#include "vigil-source-spec.h"
#include "vigil-store.h"
#include "vigil-test-server.h"

#define TAG_PATH    "/api/v1/timelines/tag/vigil"
#define STREAM_PATH "/api/v1/streaming/hashtag"
#define WAIT_MS     15000

typedef struct
{
  VigilTestServer *server;
  VigilStore      *store;
  SoupSession     *session;
  char            *dir;
  char            *db_path;
} Fixture;

/* Ids past 2^53, so that a double would lose them. */
static char *
status_id (guint n)
{
  return g_strdup_printf ("1100000000%08u", n);
}

static char *
status_json (guint       n,
             const char *text,
             gboolean    edited)
{
  g_autofree char *id = status_id (n);

  return g_strdup_printf (
    "{\"id\":\"%s\",\"created_at\":\"2026-11-23T10:%02u:%02u.000Z\","
    "\"uri\":\"https://fixture.example/users/alice/statuses/%s\","
    "\"url\":\"https://fixture.example/@alice/%s\","
    "\"content\":\"<p>%s %u</p>\",\"visibility\":\"public\",\"language\":\"en\","
    "\"edited_at\":%s,"
    "\"account\":{\"id\":\"7\",\"acct\":\"alice\",\"username\":\"alice\","
    "\"display_name\":\"Alice\",\"followers_count\":12},"
    "\"tags\":[{\"name\":\"vigil\"}],\"media_attachments\":[],"
    "\"replies_count\":0,\"reblogs_count\":0,\"favourites_count\":1}",
    id, (n / 60) % 60, n % 60, id, id, text ? text : "post", n,
    edited ? "\"2026-11-23T11:00:00.000Z\"" : "null");
}

/* A JSON array of statuses first … last. */
static char *
statuses_json (guint first,
               guint last)
{
  GString *s = g_string_new ("[");

  for (guint n = first; n <= last; n++)
    {
      g_autofree char *one = status_json (n, NULL, FALSE);

      if (n > first)
        g_string_append_c (s, ',');
      g_string_append (s, one);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* The fixture's instance information, advertising this server's own
 * websocket origin as the streaming API (as mastodon.social does with
 * wss://streaming.mastodon.social). */
static void serve_instance_streaming (Fixture    *f,
                                      const char *streaming_api);

static void
serve_instance (Fixture *f)
{
  g_autofree char *ws = vigil_test_server_get_ws_url (f->server, "");

  serve_instance_streaming (f, ws);
}

static void
serve_instance_streaming (Fixture    *f,
                          const char *streaming_api)
{
  g_autofree char *path = g_build_filename (g_getenv ("VIGIL_TEST_FIXTURES"),
                                            "mastodon-server", "instance.json", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  char *joined;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  parts = g_strsplit (text, "@STREAMING_API@", -1);
  joined = g_strjoinv (streaming_api, parts);
  body = g_bytes_new_take (joined, strlen (joined));
  vigil_test_server_set_content (f->server, "/api/v1/instance", "application/json", body);
}

static void
fixture_open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = vigil_store_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_setup (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->server = vigil_test_server_new ();
  f->dir = g_dir_make_tmp ("vigil-mastodon-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "vigil.db", NULL);
  fixture_open_store (f);
  f->session = soup_session_new ();
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture *f)
{
  g_clear_object (&f->session);
  if (f->store != NULL)
    vigil_store_flush (f->store);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, vigil_test_server_free);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

static char *
spec_for (Fixture    *f,
          const char *path)
{
  return g_strconcat ("mastodon:", vigil_test_server_get_base_url (f->server), path, NULL);
}

static VigilSource *
new_source (Fixture    *f,
            const char *path,
            const char *token)
{
  g_autofree char *text = spec_for (f, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSourceSpec) spec = vigil_source_spec_parse (text, &error);
  VigilSource *source;

  g_assert_no_error (error);
  source = vigil_source_spec_create (spec, f->store, f->session, token, &error);
  g_assert_no_error (error);
  g_assert_true (VIGIL_IS_MASTODON_SOURCE (source));
  g_object_set (source,
                "request-timeout", 3000,
                "stream-idle-timeout", 5000,
                "page-size", 10,
                NULL);
  vigil_source_set_backoff (source, 10, 100);
  return source;
}

/* --- conditions --- */

typedef struct
{
  VigilSource      *source;
  VigilStore       *store;
  VigilSourceState  state;
  gint64            count;
  guint             connections;
  VigilTestServer  *server;
} Wait;

static gboolean
has_state (gpointer data)
{
  Wait *w = data;
  return vigil_source_get_state (w->source) == w->state;
}

static gboolean
has_count (gpointer data)
{
  Wait *w = data;
  vigil_store_flush (w->store);
  return vigil_store_count_posts (w->store, NULL) >= w->count;
}

static gboolean
is_streaming_on (gpointer data)
{
  Wait *w = data;
  return vigil_mastodon_source_get_is_streaming (VIGIL_MASTODON_SOURCE (w->source)) &&
         vigil_test_server_get_connections (w->server, STREAM_PATH) >= w->connections;
}

static gboolean
is_idle_live (gpointer data)
{
  Wait *w = data;
  return vigil_source_get_state (w->source) == VIGIL_SOURCE_STATE_LIVE &&
         !vigil_mastodon_source_get_is_streaming (VIGIL_MASTODON_SOURCE (w->source));
}

static void
wait_state (VigilSource      *source,
            VigilSourceState  state)
{
  Wait w = { .source = source, .state = state };

  if (!vigil_test_wait_until (has_state, &w, WAIT_MS))
    g_error ("waited for %s, still %s: %s", vigil_source_state_to_string (state),
             vigil_source_state_to_string (vigil_source_get_state (source)),
             vigil_source_get_message (source));
}

static void
wait_count (Fixture *f,
            gint64   count)
{
  Wait w = { .store = f->store, .count = count };

  if (!vigil_test_wait_until (has_count, &w, WAIT_MS))
    g_error ("waited for %" G_GINT64_FORMAT " posts, have %" G_GINT64_FORMAT, count,
             vigil_store_count_posts (f->store, NULL));
}

/* --- reading the archive back --- */

typedef struct
{
  GHashTable *ids;      /* remote id → VigilPost */
  guint       rows;
} Archive;

static void
collect_post_cb (VigilPost *post,
                 gpointer   user_data)
{
  Archive *a = user_data;

  a->rows++;
  g_hash_table_insert (a->ids, g_strdup (vigil_post_get_remote_id (post)), g_object_ref (post));
}

static void
read_archive (Fixture *f,
              Archive *a)
{
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GError) error = NULL;

  vigil_store_flush (f->store);
  a->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  a->rows = 0;
  g_assert_true (vigil_store_foreach (f->store, query, collect_post_cb, a, &error));
  g_assert_no_error (error);
}

/* Every status first … last is archived exactly once, and nothing else. */
static void
assert_archive_holds (Fixture *f,
                      guint    first,
                      guint    last)
{
  Archive a;

  read_archive (f, &a);
  g_assert_cmpuint (a.rows, ==, last - first + 1);
  g_assert_cmpuint (g_hash_table_size (a.ids), ==, last - first + 1);
  for (guint n = first; n <= last; n++)
    {
      g_autofree char *id = status_id (n);

      if (!g_hash_table_contains (a.ids, id))
        g_error ("status %u (%s) is missing from the archive", n, id);
    }
  g_hash_table_unref (a.ids);
}

/* Lets every queued archive write commit and report back (the base class
 * persists a batch's cursor from that report). */
static void
settle (Fixture *f)
{
  for (guint i = 0; i < 3; i++)
    {
      vigil_store_flush (f->store);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static char *
stored_cursor (Fixture     *f,
               VigilSource *source)
{
  settle (f);
  return vigil_store_get_cursor (f->store, vigil_source_get_id (source), NULL);
}

/* --- tests --- */

/* From a cursor, min_id paging over Link rel="prev" walks page by page to
 * the newest status, then stops. */
static void
test_backfill_paging (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *all = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *newest = status_id (100);
  g_autofree char *start = status_id (5);
  g_autofree char *auth = NULL;

  fixture_setup (&f);
  serve_instance (&f);
  all = statuses_json (1, 100);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "streaming", FALSE, NULL);
  g_assert_true (vigil_store_set_cursor (f.store, vigil_source_get_id (source), start, NULL));

  vigil_source_start (source);
  wait_state (source, VIGIL_SOURCE_STATE_LIVE);
  wait_count (&f, 95);

  /* 6…100 in pages of 10, then one empty page: 11 requests, no more. */
  g_assert_cmpuint (vigil_test_server_get_requests (f.server, TAG_PATH), ==, 11);
  g_assert_cmpuint (vigil_test_server_get_requests (f.server, "/api/v1/instance"), ==, 1);
  assert_archive_holds (&f, 6, 100);
  cursor = stored_cursor (&f, source);
  g_assert_cmpstr (cursor, ==, newest);
  g_assert_cmpstr (vigil_mastodon_source_get_newest_id (VIGIL_MASTODON_SOURCE (source)), ==, newest);
  g_assert_cmpuint (vigil_source_get_posts_archived (source), ==, 95);

  /* Anonymous by default. */
  auth = vigil_test_server_get_last_header (f.server, TAG_PATH, "Authorization");
  g_assert_null (auth);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* A status whose id is absurd (too long to be an id) never becomes the
 * cursor, so it can't blind the source to what comes next. */
static void
test_hostile_ids (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *good = statuses_json (1, 12);
  g_autofree char *huge_id = g_strnfill (200, '9');
  g_autofree char *bad = g_strdup_printf ("[{\"id\":\"%s\",\"content\":\"x\","
                                          "\"account\":{\"acct\":\"mallory\"}}]", huge_id);
  g_autofree char *start = status_id (0);
  g_autofree char *newest = status_id (12);
  g_autofree char *cursor = NULL;

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, good);
  vigil_test_server_mastodon_append (f.server, TAG_PATH, bad);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "streaming", FALSE, NULL);
  g_assert_true (vigil_store_set_cursor (f.store, vigil_source_get_id (source), start, NULL));
  vigil_source_start (source);
  wait_state (source, VIGIL_SOURCE_STATE_LIVE);
  /* The post itself is archived (the normaliser accepts it) … */
  wait_count (&f, 13);
  /* … but the cursor stays on the last sane id. */
  cursor = stored_cursor (&f, source);
  g_assert_cmpstr (cursor, ==, newest);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* Without a cursor: the newest page only; then each poll picks up what
 * is new. */
static void
test_first_start_and_poll (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *all = statuses_json (1, 30);
  g_autofree char *more = statuses_json (31, 55);

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "streaming", FALSE, "poll-interval", 20, NULL);
  vigil_source_start (source);
  wait_count (&f, 10);
  assert_archive_holds (&f, 21, 30);

  vigil_test_server_mastodon_append (f.server, TAG_PATH, more);
  wait_count (&f, 35);
  vigil_source_stop (source);
  assert_archive_holds (&f, 21, 55);
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_STOPPED);

  g_clear_object (&source);
  fixture_teardown (&f);
}

/* update → a post, status.update → an edit event, delete → a delete event;
 * the post stays in the archive, marked deleted. */
static void
test_stream_events (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *all = statuses_json (1, 3);
  g_autofree char *four = status_json (4, "streamed", FALSE);
  g_autofree char *edit = status_json (2, "edited", TRUE);
  g_autofree char *id3 = status_id (3);
  g_autofree char *id2 = status_id (2);
  g_autofree char *id4 = status_id (4);
  g_autofree char *cursor = NULL;
  Wait w = { 0 };
  Archive a;
  VigilPost *post;

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);
  vigil_test_server_add_sse (f.server, STREAM_PATH, ":)\n\n");

  source = new_source (&f, "/tag/vigil", NULL);
  vigil_source_start (source);
  w.source = source;
  w.server = f.server;
  w.connections = 1;
  g_assert_true (vigil_test_wait_until (is_streaming_on, &w, WAIT_MS));
  wait_count (&f, 3);
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_LIVE);

  vigil_test_server_sse_send (f.server, STREAM_PATH, "update", four);
  vigil_test_server_sse_send (f.server, STREAM_PATH, "notification", "{\"id\":\"1\"}");
  vigil_test_server_sse_send (f.server, STREAM_PATH, "status.update", edit);
  vigil_test_server_sse_send (f.server, STREAM_PATH, "delete", id3);
  wait_count (&f, 4);

  /* Wait for the two events too (posts-archived counts them). */
  for (guint i = 0; i < 200 && vigil_source_get_posts_archived (source) < 6; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (vigil_source_get_posts_archived (source), ==, 6);

  read_archive (&f, &a);
  g_assert_cmpuint (a.rows, ==, 4);
  post = g_hash_table_lookup (a.ids, id3);
  g_assert_nonnull (post);
  g_assert_true (vigil_post_get_deleted (post));
  post = g_hash_table_lookup (a.ids, id2);
  g_assert_nonnull (post);
  g_assert_true (vigil_post_get_edited (post));
  g_assert_nonnull (strstr (vigil_post_get_text (post), "edited 2"));
  post = g_hash_table_lookup (a.ids, id4);
  g_assert_nonnull (post);
  g_assert_false (vigil_post_get_deleted (post));
  g_assert_cmpstr (vigil_post_get_text (post), ==, "streamed 4");
  g_hash_table_unref (a.ids);

  /* The streamed update moved the cursor (the backfill had completed). */
  cursor = stored_cursor (&f, source);
  g_assert_cmpstr (cursor, ==, id4);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* The instance advertises its streaming API on another host (as
 * mastodon.social does): the stream goes there, REST stays put; an
 * advertised plain ws:// to a non-loopback host is never used. */
static void
test_streaming_host (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(VigilSource) insecure = NULL;
  g_autofree char *all = statuses_json (1, 3);
  g_autofree char *elsewhere = NULL;
  g_autofree char *host = NULL;
  Wait w = { 0 };

  fixture_setup (&f);
  elsewhere = g_strdup_printf ("ws://localhost:%u", vigil_test_server_get_port (f.server));
  serve_instance_streaming (&f, elsewhere);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);
  vigil_test_server_add_sse (f.server, STREAM_PATH, NULL);

  source = new_source (&f, "/tag/vigil", NULL);
  vigil_source_start (source);
  w.source = source;
  w.server = f.server;
  w.connections = 1;
  g_assert_true (vigil_test_wait_until (is_streaming_on, &w, WAIT_MS));
  host = vigil_test_server_get_last_header (f.server, STREAM_PATH, "Host");
  g_assert_true (g_str_has_prefix (host, "localhost:"));
  g_clear_pointer (&host, g_free);
  wait_count (&f, 3);
  host = vigil_test_server_get_last_header (f.server, TAG_PATH, "Host");
  g_assert_true (g_str_has_prefix (host, "127.0.0.1:"));
  vigil_source_stop (source);

  /* ws:// to a host that is not this computer: ignored, the instance's own
   * origin is used instead. */
  serve_instance_streaming (&f, "ws://streaming.invalid");
  insecure = new_source (&f, "/public/local", NULL);
  vigil_test_server_set_mastodon_timeline (f.server, "/api/v1/timelines/public", all);
  vigil_test_server_add_sse (f.server, "/api/v1/streaming/public/local", NULL);
  vigil_source_start (insecure);
  w.source = insecure;
  w.connections = 0;
  g_assert_true (vigil_test_wait_until (is_streaming_on, &w, WAIT_MS));
  g_assert_cmpuint (vigil_test_server_get_connections (f.server, "/api/v1/streaming/public/local"), ==, 1);
  vigil_source_stop (insecure);

  g_clear_object (&source);
  g_clear_object (&insecure);
  fixture_teardown (&f);
}

/* The server drops the stream 25 times; statuses arrive by stream, by the
 * backfill after each reconnect, or both. The archive ends with every one
 * exactly once. */
static void
test_disconnects (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *first = statuses_json (1, 5);
  const guint rounds = 25;
  guint next = 6;
  Wait w = { 0 };

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, first);
  vigil_test_server_add_sse (f.server, STREAM_PATH, NULL);

  source = new_source (&f, "/tag/vigil", NULL);
  vigil_source_start (source);
  w.source = source;
  w.server = f.server;
  /* The first page sets the cursor: from then on nothing may be lost. */
  wait_count (&f, 5);

  for (guint round = 0; round < rounds; round++)
    {
      w.connections = round + 1;
      if (!vigil_test_wait_until (is_streaming_on, &w, WAIT_MS))
        g_error ("round %u: not streaming again (%s: %s)", round,
                 vigil_source_state_to_string (vigil_source_get_state (source)),
                 vigil_source_get_message (source));

      /* Three statuses that the stream announces … */
      for (guint i = 0; i < 3; i++, next++)
        {
          g_autofree char *one = status_json (next, NULL, FALSE);
          g_autofree char *array = g_strdup_printf ("[%s]", one);

          vigil_test_server_mastodon_append (f.server, TAG_PATH, array);
          vigil_test_server_sse_send (f.server, STREAM_PATH, "update", one);
        }
      /* … the connection drops … */
      vigil_test_server_sse_drop_all (f.server, STREAM_PATH);
      /* … and four more appear while we are away (or reconnecting). */
      {
        g_autofree char *away = statuses_json (next, next + 3);

        vigil_test_server_mastodon_append (f.server, TAG_PATH, away);
        next += 4;
      }
    }

  w.connections = rounds + 1;
  g_assert_true (vigil_test_wait_until (is_streaming_on, &w, WAIT_MS));
  wait_count (&f, next - 1);
  /* Let whatever is in flight land, then check nothing came twice. */
  settle (&f);
  assert_archive_holds (&f, 1, next - 1);
  g_assert_cmpuint (vigil_test_server_get_connections (f.server, STREAM_PATH), >=, rounds + 1);
  g_assert_cmpuint (vigil_source_get_posts_archived (source), ==, next - 1);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* Stop, close the store, reopen it: the new source resumes from the
 * persisted cursor and fetches only what is new. */
static void
test_resume (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *all = statuses_json (1, 30);
  g_autofree char *more = statuses_json (31, 45);
  g_autofree char *cursor = NULL;
  g_autofree char *id30 = status_id (30);
  g_autofree char *id45 = status_id (45);
  guint before;

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "streaming", FALSE, NULL);
  vigil_source_start (source);
  wait_state (source, VIGIL_SOURCE_STATE_LIVE);
  wait_count (&f, 10);
  vigil_source_stop (source);
  g_clear_object (&source);

  /* Restart: a fresh store object on the same file. */
  vigil_store_flush (f.store);
  g_clear_object (&f.store);
  fixture_open_store (&f);
  vigil_test_server_mastodon_append (f.server, TAG_PATH, more);
  before = vigil_test_server_get_requests (f.server, TAG_PATH);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "streaming", FALSE, NULL);
  cursor = stored_cursor (&f, source);
  g_assert_cmpstr (cursor, ==, id30);
  vigil_source_start (source);
  wait_state (source, VIGIL_SOURCE_STATE_LIVE);
  wait_count (&f, 25);

  /* 31…40, 41…45, then an empty page. */
  g_assert_cmpuint (vigil_test_server_get_requests (f.server, TAG_PATH) - before, ==, 3);
  assert_archive_holds (&f, 21, 45);
  g_assert_cmpuint (vigil_source_get_posts_archived (source), ==, 15);
  g_clear_pointer (&cursor, g_free);
  cursor = stored_cursor (&f, source);
  g_assert_cmpstr (cursor, ==, id45);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* 429 with Retry-After: backing off, until then. */
static void
test_rate_limited (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *all = statuses_json (1, 3);
  gint64 before = g_get_real_time ();

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);
  vigil_test_server_set_fault (f.server, TAG_PATH, VIGIL_TEST_FAULT_STATUS, 429, 120, 1);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "streaming", FALSE, NULL);
  vigil_source_start (source);
  wait_state (source, VIGIL_SOURCE_STATE_BACKING_OFF);

  g_assert_nonnull (strstr (vigil_source_get_message (source), "429"));
  g_assert_nonnull (strstr (vigil_source_get_message (source), "120 s"));
  g_assert_cmpint (vigil_source_get_retry_at (source), >=, before + 119 * G_USEC_PER_SEC);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

static void
on_state_cb (VigilSource *source,
             GParamSpec  *pspec,
             gboolean    *backed_off)
{
  if (vigil_source_get_state (source) == VIGIL_SOURCE_STATE_BACKING_OFF)
    *backed_off = TRUE;
}

/* A tight X-RateLimit window: the source spreads its requests out instead
 * of running into 429. */
static void
test_rate_limit_pacing (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *all = statuses_json (1, 40);
  g_autofree char *start = status_id (0);
  gboolean backed_off = FALSE;

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);
  /* 5 pages (4 full + 1 empty) through a window of 3 requests per second. */
  vigil_test_server_set_rate_limit (f.server, TAG_PATH, 3, 1);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "streaming", FALSE, NULL);
  g_signal_connect (source, "notify::state", G_CALLBACK (on_state_cb), &backed_off);
  g_assert_true (vigil_store_set_cursor (f.store, vigil_source_get_id (source), start, NULL));
  vigil_source_start (source);
  wait_state (source, VIGIL_SOURCE_STATE_LIVE);
  wait_count (&f, 40);

  g_assert_false (backed_off);
  assert_archive_holds (&f, 1, 40);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* Streaming refused (401): poll instead, and stay live. */
static void
test_stream_refused (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *all = statuses_json (1, 5);
  g_autofree char *more = statuses_json (6, 8);
  Wait w = { 0 };

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);
  vigil_test_server_add_sse (f.server, STREAM_PATH, NULL);
  vigil_test_server_set_fault (f.server, STREAM_PATH, VIGIL_TEST_FAULT_STATUS, 401, 0, 0);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "poll-interval", 20, NULL);
  vigil_source_start (source);
  w.source = source;
  g_assert_true (vigil_test_wait_until (is_idle_live, &w, WAIT_MS));
  wait_count (&f, 5);
  vigil_test_server_mastodon_append (f.server, TAG_PATH, more);
  wait_count (&f, 8);
  assert_archive_holds (&f, 1, 8);
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_LIVE);
  g_assert_false (vigil_mastodon_source_get_is_streaming (VIGIL_MASTODON_SOURCE (source)));
  /* Refused once; not hammered on every poll. */
  g_assert_cmpuint (vigil_test_server_get_requests (f.server, STREAM_PATH), ==, 1);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* --- hostile servers --- */

static void
reply_partial_event_cb (VigilTestServer   *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  const char *text = "event: update\ndata: {\"id\":\"1100000000000";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));

  vigil_test_server_reply_bytes (msg, SOUP_STATUS_OK, "text/event-stream", body);
}

static void
reply_huge_event_cb (VigilTestServer   *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  gsize size = 2 * 1024 * 1024;
  GString *text = g_string_sized_new (size + 64);
  g_autoptr(GBytes) body = NULL;

  g_string_append (text, "event: update\ndata: ");
  while (text->len < size)
    g_string_append (text, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  g_string_append (text, "\n\n");
  body = g_string_free_to_bytes (text);
  vigil_test_server_reply_bytes (msg, SOUP_STATUS_OK, "text/event-stream", body);
}

static void
reply_json_stream_cb (VigilTestServer   *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  vigil_test_server_reply_json (msg, SOUP_STATUS_OK, "[]");
}

typedef enum
{
  SETUP_NONE,
  SETUP_TIMELINE,
  SETUP_JSON_CONTENT,  /* the timeline as static JSON (faults cut its body) */
} Setup;

typedef struct
{
  const char       *name;
  const char       *fault_path;    /* NULL: no fault */
  VigilTestFault    fault;
  guint64           param;
  gboolean          serve_instance;
  Setup             setup;
  const char       *html_path;     /* serve a web page there */
  const char       *bad_json_path; /* serve invalid JSON there */
  const char       *text_path;     /* serve text/plain there */
  gboolean          partial_sse;
  gboolean          huge_sse;
  VigilSourceState  expect;
  const char       *needle;
} Hostile;

static const Hostile hostile_cases[] = {
  { "no-api", NULL, 0, 0, FALSE, SETUP_TIMELINE, NULL, NULL, NULL, FALSE, FALSE,
    VIGIL_SOURCE_STATE_FAILED, "doesn't look like a Mastodon server" },
  { "web-page", NULL, 0, 0, FALSE, SETUP_TIMELINE, "/api/v1/instance", NULL, NULL, FALSE, FALSE,
    VIGIL_SOURCE_STATE_FAILED, "web page" },
  { "invalid-json", NULL, 0, 0, FALSE, SETUP_TIMELINE, NULL, "/api/v1/instance", NULL, FALSE, FALSE,
    VIGIL_SOURCE_STATE_FAILED, "valid JSON" },
  { "redirect-loop", "/api/v1/instance", VIGIL_TEST_FAULT_REDIRECT_LOOP, 0, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_FAILED, "redirect loop" },
  { "timeline-redirect-loop", TAG_PATH, VIGIL_TEST_FAULT_REDIRECT_LOOP, 0, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "redirect loop" },
  { "server-error", "/api/v1/instance", VIGIL_TEST_FAULT_STATUS, 503, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "HTTP 503" },
  { "sign-in", TAG_PATH, VIGIL_TEST_FAULT_STATUS, 401, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_FAILED, "requires signing in" },
  { "forbidden", TAG_PATH, VIGIL_TEST_FAULT_STATUS, 403, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_FAILED, "requires signing in" },
  { "timeline-5xx", TAG_PATH, VIGIL_TEST_FAULT_STATUS, 502, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "HTTP 502" },
  { "slow-loris", TAG_PATH, VIGIL_TEST_FAULT_SLOW_LORIS, 100, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "didn't answer" },
  { "stall", TAG_PATH, VIGIL_TEST_FAULT_STALL, 0, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "didn't answer" },
  { "huge-body", TAG_PATH, VIGIL_TEST_FAULT_HUGE_BODY, 0, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "larger than" },
  { "garbage", TAG_PATH, VIGIL_TEST_FAULT_GARBAGE, 0, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "isn't valid JSON|web page" },
  { "truncated-body", TAG_PATH, VIGIL_TEST_FAULT_DROP, 300, TRUE, SETUP_JSON_CONTENT,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "closed the connection after 300" },
  { "empty-body", TAG_PATH, VIGIL_TEST_FAULT_DROP, 0, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "127.0.0.1" },
  { "wrong-content-type", NULL, 0, 0, TRUE, SETUP_NONE,
    NULL, NULL, TAG_PATH, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "text/plain" },
  { "timeline-web-page", NULL, 0, 0, TRUE, SETUP_NONE,
    TAG_PATH, NULL, NULL, FALSE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "web page" },
  { "truncated-sse", NULL, 0, 0, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, TRUE, FALSE, VIGIL_SOURCE_STATE_BACKING_OFF, "middle of an event" },
  { "sse-event-too-large", NULL, 0, 0, TRUE, SETUP_TIMELINE,
    NULL, NULL, NULL, FALSE, TRUE, VIGIL_SOURCE_STATE_BACKING_OFF, "unusable event" },
};

static void
test_hostile (gconstpointer data)
{
  const Hostile *h = data;
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *all = statuses_json (1, 3);

  fixture_setup (&f);
  if (h->serve_instance)
    serve_instance (&f);
  if (h->setup == SETUP_TIMELINE)
    vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);
  if (h->setup == SETUP_JSON_CONTENT)
    {
      g_autoptr(GBytes) body = g_bytes_new_take (g_strdup (all), strlen (all));
      vigil_test_server_set_content (f.server, TAG_PATH, "application/json", body);
    }
  if (h->html_path)
    {
      const char *html = "<!DOCTYPE html>\n<html><body>Welcome to my blog</body></html>";
      g_autoptr(GBytes) body = g_bytes_new_static (html, strlen (html));
      vigil_test_server_set_content (f.server, h->html_path, "text/html; charset=utf-8", body);
    }
  if (h->bad_json_path)
    {
      const char *text = "{\"uri\": \"x\", \"version\": ";
      g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
      vigil_test_server_set_content (f.server, h->bad_json_path, "application/json", body);
    }
  if (h->text_path)
    {
      g_autoptr(GBytes) body = g_bytes_new_take (g_strdup (all), strlen (all));
      vigil_test_server_set_content (f.server, h->text_path, "text/plain", body);
    }
  if (h->partial_sse)
    vigil_test_server_add_handler (f.server, STREAM_PATH, reply_partial_event_cb, NULL, NULL);
  if (h->huge_sse)
    vigil_test_server_add_handler (f.server, STREAM_PATH, reply_huge_event_cb, NULL, NULL);
  if (h->fault_path)
    vigil_test_server_set_fault (f.server, h->fault_path, h->fault, h->param, 0, 0);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "request-timeout", 500,
                "streaming", h->partial_sse || h->huge_sse,
                NULL);
  vigil_source_start (source);
  wait_state (source, h->expect);

  g_test_message ("%s: %s", h->name, vigil_source_get_message (source));
  g_assert_nonnull (vigil_source_get_message (source));
  {
    /* needle: alternatives separated by '|' */
    g_auto(GStrv) needles = g_strsplit (h->needle, "|", -1);
    gboolean found = FALSE;

    for (guint i = 0; needles[i] != NULL; i++)
      found |= strstr (vigil_source_get_message (source), needles[i]) != NULL;
    if (!found)
      g_error ("“%s” does not say “%s”", vigil_source_get_message (source), h->needle);
  }
  if (h->expect == VIGIL_SOURCE_STATE_BACKING_OFF)
    g_assert_cmpint (vigil_source_get_retry_at (source), >, 0);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* The instance's streaming endpoint answers JSON, not SSE: poll instead. */
static void
test_stream_wrong_type (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *all = statuses_json (1, 4);
  Wait w = { 0 };

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, all);
  vigil_test_server_add_handler (f.server, STREAM_PATH, reply_json_stream_cb, NULL, NULL);

  source = new_source (&f, "/tag/vigil", NULL);
  vigil_source_start (source);
  w.source = source;
  g_assert_true (vigil_test_wait_until (is_idle_live, &w, WAIT_MS));
  wait_count (&f, 4);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

static gboolean
on_incoming_cb (GSocketService    *service,
                GSocketConnection *connection,
                GObject           *source_object,
                gpointer           user_data)
{
  const char *answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

/* TLS to a server that answers in plain HTTP: a clear, permanent error. */
static void
test_tls_error (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GSocketService) plain = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  fixture_setup (&f);
  g_socket_listener_add_address (G_SOCKET_LISTENER (plain), any_port, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (plain, "incoming", G_CALLBACK (on_incoming_cb), NULL);
  g_socket_service_start (plain);
  base = g_strdup_printf ("https://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  source = vigil_mastodon_source_new ("tls", f.store, f.session, base,
                                      VIGIL_MASTODON_TIMELINE_PUBLIC, NULL, NULL);
  g_object_set (source, "request-timeout", 2000, NULL);
  vigil_source_start (source);
  wait_state (source, VIGIL_SOURCE_STATE_FAILED);
  g_test_message ("%s", vigil_source_get_message (source));
  g_assert_nonnull (strstr (vigil_source_get_message (source), "secure connection"));

  vigil_source_stop (source);
  g_socket_service_stop (plain);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* --- other timelines --- */

static void
reply_lookup_cb (VigilTestServer   *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  const char *acct = query ? g_hash_table_lookup (query, "acct") : NULL;

  if (g_strcmp0 (acct, "alice@fixture.example") == 0)
    vigil_test_server_reply_json (msg, SOUP_STATUS_OK, "{\"id\":\"77\",\"acct\":\"alice@fixture.example\"}");
  else
    vigil_test_server_reply_json (msg, SOUP_STATUS_NOT_FOUND, "{\"error\":\"Record not found\"}");
}

static void
test_account (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(VigilSource) missing = NULL;
  g_autofree char *all = statuses_json (1, 6);

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_add_handler (f.server, "/api/v1/accounts/lookup", reply_lookup_cb, NULL, NULL);
  vigil_test_server_set_mastodon_timeline (f.server, "/api/v1/accounts/77/statuses", all);

  source = new_source (&f, "/@alice@fixture.example", NULL);
  g_object_set (source, "poll-interval", 20, NULL);
  vigil_source_start (source);
  wait_count (&f, 6);
  wait_state (source, VIGIL_SOURCE_STATE_LIVE);
  g_assert_false (vigil_mastodon_source_get_is_streaming (VIGIL_MASTODON_SOURCE (source)));
  assert_archive_holds (&f, 1, 6);
  /* Resolved once, however many polls. */
  g_assert_cmpuint (vigil_test_server_get_requests (f.server, "/api/v1/accounts/lookup"), ==, 1);

  missing = new_source (&f, "/@nobody", NULL);
  vigil_source_start (missing);
  wait_state (missing, VIGIL_SOURCE_STATE_FAILED);
  g_assert_nonnull (strstr (vigil_source_get_message (missing), "no account @nobody"));

  vigil_source_stop (source);
  vigil_source_stop (missing);
  g_clear_object (&source);
  g_clear_object (&missing);
  fixture_teardown (&f);
}

/* A search endpoint that ignores min_id and always answers the same
 * statuses: the backfill must still end. */
static void
reply_search_cb (VigilTestServer   *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  g_autofree char *statuses = statuses_json (1, 4);
  g_autofree char *json = NULL;

  if (g_strcmp0 (g_hash_table_lookup (query, "q"), "kettle fire") != 0 ||
      g_strcmp0 (g_hash_table_lookup (query, "type"), "statuses") != 0)
    {
      vigil_test_server_reply_json (msg, SOUP_STATUS_BAD_REQUEST, "{\"error\":\"bad query\"}");
      return;
    }
  json = g_strdup_printf ("{\"accounts\":[],\"hashtags\":[],\"statuses\":%s}", statuses);
  vigil_test_server_reply_json (msg, SOUP_STATUS_OK, json);
}

static void
test_search (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autofree char *start = status_id (0);

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_add_handler (f.server, "/api/v2/search", reply_search_cb, NULL, NULL);

  source = new_source (&f, "/search/kettle%20fire", NULL);
  g_assert_true (vigil_store_set_cursor (f.store, vigil_source_get_id (source), start, NULL));
  vigil_source_start (source);
  wait_state (source, VIGIL_SOURCE_STATE_LIVE);
  wait_count (&f, 4);
  assert_archive_holds (&f, 1, 4);
  /* One page with news, one without: then it stops until the next poll. */
  g_assert_cmpuint (vigil_test_server_get_requests (f.server, "/api/v2/search"), ==, 2);

  vigil_source_stop (source);
  g_clear_object (&source);
  fixture_teardown (&f);
}

/* A list needs a token; the token goes in the Authorization header and
 * nowhere else; a redirect is never followed with it. */
static void
test_token (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) anonymous = NULL;
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(VigilSource) redirected = NULL;
  g_autofree char *all = statuses_json (1, 3);
  g_autofree char *auth = NULL;
  g_autofree char *elsewhere = NULL;
  const char *token = "s3cr3t-t0ken";

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, "/api/v1/timelines/list/42", all);

  anonymous = new_source (&f, "/list/42", NULL);
  vigil_source_start (anonymous);
  wait_state (anonymous, VIGIL_SOURCE_STATE_FAILED);
  g_assert_nonnull (strstr (vigil_source_get_message (anonymous), "Link one"));

  source = new_source (&f, "/list/42", token);
  g_object_set (source, "streaming", FALSE, NULL);
  vigil_source_start (source);
  wait_state (source, VIGIL_SOURCE_STATE_LIVE);
  wait_count (&f, 3);
  auth = vigil_test_server_get_last_header (f.server, "/api/v1/timelines/list/42", "Authorization");
  g_assert_cmpstr (auth, ==, "Bearer s3cr3t-t0ken");

  /* The list moved to another origin: followed, but without the token. */
  elsewhere = g_strdup_printf ("http://localhost:%u/api/v1/timelines/list/42",
                               vigil_test_server_get_port (f.server));
  vigil_test_server_set_redirect (f.server, "/api/v1/timelines/list/43", 301, elsewhere);
  redirected = new_source (&f, "/list/43", token);
  g_object_set (redirected, "streaming", FALSE, NULL);
  vigil_source_start (redirected);
  wait_state (redirected, VIGIL_SOURCE_STATE_LIVE);
  g_free (auth);
  auth = vigil_test_server_get_last_header (f.server, "/api/v1/timelines/list/43", "Authorization");
  g_assert_cmpstr (auth, ==, "Bearer s3cr3t-t0ken");
  g_free (auth);
  auth = vigil_test_server_get_last_header (f.server, "/api/v1/timelines/list/42", "Authorization");
  g_assert_null (auth);
  g_assert_null (strstr (vigil_source_get_message (anonymous), token));

  vigil_source_stop (anonymous);
  vigil_source_stop (source);
  vigil_source_stop (redirected);
  g_clear_object (&anonymous);
  g_clear_object (&source);
  g_clear_object (&redirected);
  fixture_teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/mastodon-source/backfill-paging", test_backfill_paging);
  g_test_add_func ("/vigil/mastodon-source/first-start-and-poll", test_first_start_and_poll);
  g_test_add_func ("/vigil/mastodon-source/hostile-ids", test_hostile_ids);
  g_test_add_func ("/vigil/mastodon-source/stream-events", test_stream_events);
  g_test_add_func ("/vigil/mastodon-source/streaming-host", test_streaming_host);
  g_test_add_func ("/vigil/mastodon-source/disconnects", test_disconnects);
  g_test_add_func ("/vigil/mastodon-source/resume", test_resume);
  g_test_add_func ("/vigil/mastodon-source/rate-limited", test_rate_limited);
  g_test_add_func ("/vigil/mastodon-source/rate-limit-pacing", test_rate_limit_pacing);
  g_test_add_func ("/vigil/mastodon-source/stream-refused", test_stream_refused);
  g_test_add_func ("/vigil/mastodon-source/stream-wrong-type", test_stream_wrong_type);
  g_test_add_func ("/vigil/mastodon-source/tls-error", test_tls_error);
  g_test_add_func ("/vigil/mastodon-source/account", test_account);
  g_test_add_func ("/vigil/mastodon-source/search", test_search);
  g_test_add_func ("/vigil/mastodon-source/token", test_token);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vigil/mastodon-source/hostile/%s",
                                               hostile_cases[i].name);
      g_test_add_data_func (path, &hostile_cases[i], test_hostile);
    }

  return g_test_run ();
}
