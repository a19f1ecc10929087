/* test-mastodon-source.c: the Mastodon source against the fixture server
 *
 * Paging, streaming, disconnects, resume, rate limits and the other
 * timelines. Never touches the network: every URL is the loopback fixture
 * server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mastodon-fixture.h"

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
typedef struct
{
  VigilSource     *source;
  VigilTestServer *server;
  guint64          archived;
  guint            requests;
} ResumeWait;

/* The store's count is visible when the writer commits; the source counts
 * a batch, and asks for the next page, once the insert's completion ran. */
static gboolean
resume_done (gpointer data)
{
  ResumeWait *w = data;

  return vigil_source_get_posts_archived (w->source) >= w->archived
         && vigil_test_server_get_requests (w->server, TAG_PATH) >= w->requests;
}

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
  {
    ResumeWait w = { source, f.server, 15, before + 3 };

    g_assert_true (vigil_test_wait_until (resume_done, &w, WAIT_MS));
  }

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
  g_test_add_func ("/vigil/mastodon-source/account", test_account);
  g_test_add_func ("/vigil/mastodon-source/search", test_search);
  g_test_add_func ("/vigil/mastodon-source/token", test_token);

  return g_test_run ();
}
