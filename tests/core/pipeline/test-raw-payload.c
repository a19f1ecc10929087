/* test-raw-payload.c: the archived raw payload is, byte for byte, what the
 * source received — Mastodon REST and streaming, Jetstream, RSS
 *
 * Each source runs against the loopback fixture server and archives through
 * the ingest pipeline into a real store; the payloads are formatted the way
 * a re-serialiser would change (spaces, line breaks, \u escapes, member
 * order, CDATA, entities), so only the received bytes compare equal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "../mastodon/mastodon-fixture.h"
#include "vigil-feed-source.h"
#include "vigil-ingest-pipeline.h"
#include "vigil-jetstream-source.h"

static VigilIngestPipeline *
install_pipeline (Fixture *f)
{
  VigilIngestPipeline *pipeline = vigil_ingest_pipeline_new (f->store, NULL, 0);

  vigil_ingest_pipeline_install (pipeline);
  return pipeline;
}

/* The archived raw of the post with remote_id. */
static char *
archived_raw (Fixture    *f,
              const char *remote_id)
{
  Archive a;
  VigilPost *post;
  char *raw;

  read_archive (f, &a);
  post = g_hash_table_lookup (a.ids, remote_id);
  g_assert_nonnull (post);
  raw = g_strdup (vigil_post_get_raw (post));
  g_hash_table_unref (a.ids);
  return raw;
}

/* --- Mastodon REST --- */

static const char *rest_statuses[] = {
  /* spaces, a line break and a \u escape inside, members in another order */
  "{ \"content\" : \"<p>caf\\u00e9 &amp; kettle</p>\",\n"
  "    \"id\": \"109999999999999101\", \"created_at\": \"2026-11-01T10:00:00.000Z\",\n"
  "    \"account\": {\"acct\": \"ann@example.org\", \"display_name\": \"Ann\", \"id\": \"1\"},\n"
  "    \"url\": \"https://example.org/@ann/109999999999999101\", \"visibility\": \"public\" }",
  /* a boost: the post is the boosted status, the raw the whole record */
  "{\"id\":\"109999999999999102\",\"created_at\":\"2026-11-01T10:01:00.000Z\",\"content\":\"\","
  "\"account\":{\"acct\":\"bob@example.org\",\"id\":\"2\"},\"visibility\":\"public\","
  "\"reblog\":{\"id\":\"109999999999999050\",\"created_at\":\"2026-11-01T09:00:00.000Z\","
  "\"content\":\"<p>boosted \\ud83d\\ude00</p>\",\"account\":{\"acct\":\"cy@example.org\",\"id\":\"3\"},"
  "\"url\":\"https://example.org/@cy/109999999999999050\",\"visibility\":\"public\"}}",
  "{\"id\":\"109999999999999103\",  \"created_at\":\"2026-11-01T10:02:00.000Z\","
  "\"content\":\"<p>third</p>\",\"account\":{\"acct\":\"dee@example.org\",\"id\":\"4\"},"
  "\"language\":null,\"visibility\":\"public\",\"url\":\"https://example.org/@dee/109999999999999103\"}",
};

static void
rest_handler (VigilTestServer   *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  int *served = user_data;
  g_autoptr(GString) body = g_string_new ("[\n  ");

  /* the page once, then nothing newer */
  if (g_atomic_int_add (served, 1) == 0)
    for (guint i = 0; i < G_N_ELEMENTS (rest_statuses); i++)
      g_string_append_printf (body, "%s%s", i ? " ,\n  " : "", rest_statuses[i]);
  g_string_append (body, "\n]\n");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body->str, body->len);
}

static void
test_mastodon_rest (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  const char *ids[] = { "109999999999999101", "109999999999999050", "109999999999999103" };
  int served = 0;

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_add_handler (f.server, TAG_PATH, rest_handler, &served, NULL);
  pipeline = install_pipeline (&f);

  source = new_source (&f, "/tag/vigil", NULL);
  g_object_set (source, "streaming", FALSE, NULL);
  vigil_source_start (source);
  wait_count (&f, 3);
  vigil_source_stop (source);
  g_assert_true (vigil_ingest_pipeline_flush (pipeline, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *raw = archived_raw (&f, ids[i]);

      g_assert_cmpstr (raw, ==, rest_statuses[i]);
    }
  /* paging went by the boost's own id, the newest record of the page */
  {
    g_autofree char *cursor = stored_cursor (&f, source);

    g_assert_cmpstr (cursor, ==, "109999999999999103");
  }

  g_clear_object (&source);
  g_clear_object (&pipeline);
  fixture_teardown (&f);
}

/* --- Mastodon streaming (SSE) --- */

#define SSE_STATUS                                                                     \
  "{\"id\": \"109999999999999201\", \"created_at\": \"2026-11-01T11:00:00.000Z\", "      \
  "\"content\": \"<p>streamed \\u00fcber</p>\", \"visibility\": \"public\", "           \
  "\"account\": {\"id\": \"9\", \"acct\": \"eve@example.org\"}, "                      \
  "\"url\": \"https://example.org/@eve/109999999999999201\"}"

static gboolean
has_stream (gpointer data)
{
  return is_streaming_on (data);
}

static void
test_mastodon_sse (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  g_autofree char *raw = NULL;
  Wait w = { 0 };

  fixture_setup (&f);
  serve_instance (&f);
  vigil_test_server_set_mastodon_timeline (f.server, TAG_PATH, "[]");
  vigil_test_server_add_sse (f.server, STREAM_PATH, ":)\n\n");
  pipeline = install_pipeline (&f);

  source = new_source (&f, "/tag/vigil", NULL);
  vigil_source_start (source);
  w.source = source;
  w.server = f.server;
  w.connections = 1;
  g_assert_true (vigil_test_wait_until (has_stream, &w, WAIT_MS));
  vigil_test_server_sse_send (f.server, STREAM_PATH, "update", SSE_STATUS);
  wait_count (&f, 1);
  vigil_source_stop (source);
  g_assert_true (vigil_ingest_pipeline_flush (pipeline, NULL));

  raw = archived_raw (&f, "109999999999999201");
  g_assert_cmpstr (raw, ==, SSE_STATUS);

  g_clear_object (&source);
  g_clear_object (&pipeline);
  fixture_teardown (&f);
}

/* --- Bluesky Jetstream --- */

#define JS_PATH   "/subscribe"
#define JS_EVENTS 40
#define JS_FIRST  1795000000000000
#define JS_STEP   1000

static void
test_jetstream (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  g_autofree char *url = NULL;
  Archive a;
  GHashTableIter iter;
  gpointer key, value;
  guint checked = 0;

  fixture_setup (&f);
  vigil_test_server_add_jetstream (f.server, JS_PATH, JS_EVENTS, JS_FIRST, JS_STEP,
                                   VIGIL_TEST_JETSTREAM_CREATES);
  pipeline = install_pipeline (&f);
  url = vigil_test_server_get_ws_url (f.server, JS_PATH);
  source = vigil_jetstream_source_new (f.store, f.session, url, NULL);
  g_object_set (source, "batch-size", 8, "batch-interval-ms", 20, NULL);
  vigil_source_start (source);
  wait_count (&f, (gint64) vigil_test_jetstream_count_creates (JS_EVENTS, VIGIL_TEST_JETSTREAM_CREATES));
  vigil_source_stop (source);
  g_assert_true (vigil_ingest_pipeline_flush (pipeline, NULL));

  read_archive (&f, &a);
  g_hash_table_iter_init (&iter, a.ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *rkey = strrchr (key, '/');
      guint64 i;
      g_autofree char *sent = NULL;

      g_assert_nonnull (rkey);
      g_assert_true (rkey[1] == 'r');
      i = g_ascii_strtoull (rkey + 2, NULL, 10);
      sent = vigil_test_jetstream_event (i, JS_FIRST + (gint64) i * JS_STEP,
                                         VIGIL_TEST_JETSTREAM_CREATES);
      g_assert_cmpstr (vigil_post_get_raw (value), ==, sent);
      checked++;
    }
  g_assert_cmpuint (checked, ==, vigil_test_jetstream_count_creates (JS_EVENTS,
                                                                    VIGIL_TEST_JETSTREAM_CREATES));
  g_hash_table_unref (a.ids);

  g_clear_object (&source);
  g_clear_object (&pipeline);
  fixture_teardown (&f);
}

/* --- RSS --- */

static const char *rss_items[] = {
  "<item>\n      <title>Kettle  recall</title>\n      <link>https://news.example/1</link>\n"
  "      <guid isPermaLink='false'>urn:news:1</guid>\n"
  "      <description><![CDATA[<p>The <b>kettle</b> &amp; the lid</p>]]></description>\n"
  "    </item>",
  "<item><title>Caf&#233; &amp; tea</title><link>https://news.example/2</link>"
  "<guid>urn:news:2</guid><!-- a comment with <item> in it --><description>second</description></item>",
};

static void
test_rss (void)
{
  Fixture f = { 0 };
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(VigilIngestPipeline) pipeline = NULL;
  g_autoptr(GString) doc = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  const char *ids[] = { "urn:news:1", "urn:news:2" };

  g_string_append (doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<rss version=\"2.0\">\n  <channel>\n    <title>News</title>\n"
                        "    <link>https://news.example/</link>\n    ");
  for (guint i = 0; i < G_N_ELEMENTS (rss_items); i++)
    g_string_append_printf (doc, "%s\n    ", rss_items[i]);
  g_string_append (doc, "</channel>\n</rss>\n");
  body = g_string_free_to_bytes (g_steal_pointer (&doc));

  fixture_setup (&f);
  vigil_test_server_set_content (f.server, "/feed.xml", "application/rss+xml", body);
  pipeline = install_pipeline (&f);
  url = vigil_test_server_get_url (f.server, "/feed.xml");
  source = vigil_feed_source_new (f.store, f.session, url);
  vigil_source_start (source);
  wait_count (&f, 2);
  vigil_source_stop (source);
  g_assert_true (vigil_ingest_pipeline_flush (pipeline, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *raw = archived_raw (&f, ids[i]);

      g_assert_cmpstr (raw, ==, rss_items[i]);
    }

  g_clear_object (&source);
  g_clear_object (&pipeline);
  fixture_teardown (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/pipeline/raw/mastodon-rest", test_mastodon_rest);
  g_test_add_func ("/vigil/pipeline/raw/mastodon-sse", test_mastodon_sse);
  g_test_add_func ("/vigil/pipeline/raw/jetstream", test_jetstream);
  g_test_add_func ("/vigil/pipeline/raw/rss", test_rss);

  return g_test_run ();
}
