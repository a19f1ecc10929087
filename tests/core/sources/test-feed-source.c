/* test-feed-source.c: RSS/Atom polling against the fixture server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-feed-list.h"
#include "vigil-feed-source.h"
#include "vigil-opml.h"
#include "vigil-test-server.h"

#define FEED "/feed.xml"

typedef struct
{
  VigilStore  *store;
  VigilSource *source;
  gint64       want;
} Wait;

static GBytes *
make_rss (guint n_items)
{
  GString *s = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<rss version=\"2.0\"><channel><title>Kettle news</title>"
                             "<link>https://news.example.org/</link><description>d</description>\n");

  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (s, "<item><title>Item %u</title><link>https://news.example.org/%u</link>"
                            "<guid>urn:kettle:%u</guid><pubDate>Mon, 18 Nov 2024 10:%02u:00 GMT</pubDate>"
                            "<description>Story %u about kettles.</description></item>\n",
                            i, i, i, i % 60, i);
  g_string_append (s, "</channel></rss>\n");

  return g_string_free_to_bytes (s);
}

static VigilSource *
new_feed (VigilTestServer *server,
          VigilStore      *store,
          const char      *path)
{
  g_autofree char *url = vigil_test_server_get_url (server, path);
  VigilSource *source = vigil_feed_source_new (store, NULL, url);

  g_object_set (source,
                "base-interval-ms", 40,
                "max-interval-ms", 200,
                "timeout-ms", 2000,
                NULL);
  vigil_source_set_backoff (source, 50, 100);

  return source;
}

static gboolean
polled (gpointer data)
{
  Wait *wait = data;

  return vigil_feed_source_get_polls (VIGIL_FEED_SOURCE (wait->source)) >= wait->want;
}

static gboolean
store_has (gpointer data)
{
  Wait *wait = data;

  return vigil_store_count_posts (wait->store, NULL) >= wait->want;
}

static gboolean
is_state (gpointer data)
{
  Wait *wait = data;

  return (gint64) vigil_source_get_state (wait->source) == wait->want;
}

static void
test_feed_etag (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(GBytes) three = make_rss (3);
  g_autoptr(GBytes) four = make_rss (4);
  g_autofree char *inm = NULL;
  g_autofree char *cursor = NULL;
  guint previous;
  Wait wait;

  vigil_test_server_set_content (server, FEED, "application/rss+xml", three);
  source = new_feed (server, store, FEED);
  vigil_source_start (source);

  wait = (Wait) { store, source, 3 };
  g_assert_true (vigil_test_wait_until (store_has, &wait, 5000));
  g_assert_cmpuint (vigil_feed_source_get_interval_ms (VIGIL_FEED_SOURCE (source)), ==, 40);

  /* the next polls are conditional and transfer nothing */
  wait.want = 4;
  g_assert_true (vigil_test_wait_until (polled, &wait, 5000));
  g_assert_cmpuint (vigil_feed_source_get_not_modified (VIGIL_FEED_SOURCE (source)), >=, 2);
  g_assert_cmpuint (vigil_test_server_get_not_modified (server, FEED), >=, 2);
  inm = vigil_test_server_get_last_header (server, FEED, "If-None-Match");
  g_assert_nonnull (inm);
  g_assert_true (inm[0] == '"');
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 3);
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_LIVE);

  /* a feed that does not change is polled less often, up to the cap */
  previous = vigil_feed_source_get_interval_ms (VIGIL_FEED_SOURCE (source));
  g_assert_cmpuint (previous, >, 40);
  wait.want = 8;
  g_assert_true (vigil_test_wait_until (polled, &wait, 10000));
  g_assert_cmpuint (vigil_feed_source_get_interval_ms (VIGIL_FEED_SOURCE (source)), >, previous);
  g_assert_cmpuint (vigil_feed_source_get_interval_ms (VIGIL_FEED_SOURCE (source)), <=, 200);

  /* the validators are the cursor */
  cursor = vigil_store_get_cursor (store, vigil_source_get_id (source), NULL);
  g_assert_nonnull (cursor);
  g_assert_nonnull (strstr (cursor, "\"etag\""));
  g_assert_nonnull (strstr (cursor, "\"last_modified\""));

  /* new items: fetched, and back to the base interval */
  vigil_test_server_set_content (server, FEED, "application/rss+xml", four);
  wait.want = 4;
  g_assert_true (vigil_test_wait_until (store_has, &wait, 5000));
  g_assert_cmpuint (vigil_feed_source_get_interval_ms (VIGIL_FEED_SOURCE (source)), ==, 40);

  vigil_source_stop (source);
}

static void
expect_error (VigilTestFault  fault,
              guint64         param,
              const char     *content_type,
              VigilSourceState state,
              const char     *needle)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(GBytes) body = make_rss (2);
  Wait wait;

  vigil_test_server_set_content (server, FEED, content_type, body);
  vigil_test_server_set_fault (server, FEED, fault, param, 0, 0);
  source = new_feed (server, store, FEED);
  g_object_set (source, "timeout-ms", 700, NULL);
  vigil_source_start (source);

  wait = (Wait) { store, source, state };
  g_assert_true (vigil_test_wait_until (is_state, &wait, 10000));
  g_test_message ("%s", vigil_source_get_message (source));
  g_assert_nonnull (strstr (vigil_source_get_message (source), needle));
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 0);

  vigil_source_stop (source);
}

static void
test_feed_redirect_loop (void)
{
  expect_error (VIGIL_TEST_FAULT_REDIRECT_LOOP, 0, "application/rss+xml",
                VIGIL_SOURCE_STATE_BACKING_OFF, "Redirect loop");
}

static void
test_feed_huge_body (void)
{
  expect_error (VIGIL_TEST_FAULT_HUGE_BODY, 0, "application/rss+xml",
                VIGIL_SOURCE_STATE_BACKING_OFF, "larger than 16.0");
}

static void
test_feed_garbage (void)
{
  expect_error (VIGIL_TEST_FAULT_GARBAGE, 0, "application/rss+xml",
                VIGIL_SOURCE_STATE_BACKING_OFF, "is not a valid RSS or Atom feed");
}

static void
test_feed_slow_loris (void)
{
  expect_error (VIGIL_TEST_FAULT_SLOW_LORIS, 100, "application/rss+xml",
                VIGIL_SOURCE_STATE_BACKING_OFF, "timed out");
}

static void
test_feed_stall (void)
{
  expect_error (VIGIL_TEST_FAULT_STALL, 0, "application/rss+xml",
                VIGIL_SOURCE_STATE_BACKING_OFF, "timed out");
}

static void
test_feed_truncated (void)
{
  expect_error (VIGIL_TEST_FAULT_DROP, 100, "application/rss+xml",
                VIGIL_SOURCE_STATE_BACKING_OFF, "closed the connection");
}

static void
test_feed_not_found (void)
{
  expect_error (VIGIL_TEST_FAULT_STATUS, 404, "application/rss+xml",
                VIGIL_SOURCE_STATE_FAILED, "Check the URL");
}

static void
test_feed_html_instead (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(GBytes) page = g_bytes_new_static ("<!DOCTYPE html><html><body><p>Welcome</p></body></html>", 56);
  Wait wait;

  vigil_test_server_set_content (server, FEED, "text/html", page);
  source = new_feed (server, store, FEED);
  vigil_source_start (source);
  wait = (Wait) { store, source, VIGIL_SOURCE_STATE_BACKING_OFF };
  g_assert_true (vigil_test_wait_until (is_state, &wait, 5000));
  g_assert_nonnull (strstr (vigil_source_get_message (source), "answered with text/html"));
  vigil_source_stop (source);
}

static void
test_feed_wrong_content_type (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(GBytes) body = make_rss (5);
  Wait wait;

  /* served as octet-stream, but it is a feed: tolerated */
  vigil_test_server_set_content (server, FEED, "application/rss+xml", body);
  vigil_test_server_set_fault (server, FEED, VIGIL_TEST_FAULT_WRONG_CONTENT_TYPE, 0, 0, 0);
  source = new_feed (server, store, FEED);
  vigil_source_start (source);
  wait = (Wait) { store, source, 5 };
  g_assert_true (vigil_test_wait_until (store_has, &wait, 5000));
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_LIVE);
  vigil_source_stop (source);
}

static void
test_feed_rate_limited (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(GBytes) body = make_rss (1);
  gint64 before = g_get_real_time ();
  Wait wait;

  vigil_test_server_set_content (server, FEED, "application/rss+xml", body);
  vigil_test_server_set_fault (server, FEED, VIGIL_TEST_FAULT_STATUS, 429, 30, 1);
  source = new_feed (server, store, FEED);
  vigil_source_start (source);
  wait = (Wait) { store, source, VIGIL_SOURCE_STATE_BACKING_OFF };
  g_assert_true (vigil_test_wait_until (is_state, &wait, 5000));
  g_assert_nonnull (strstr (vigil_source_get_message (source), "429"));
  /* Retry-After: 30 is honoured, not the 50 ms backoff */
  g_assert_cmpint (vigil_source_get_retry_at (source), >=, before + 30 * G_USEC_PER_SEC);
  vigil_source_stop (source);
}

static void
test_feed_redirect_followed (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(GBytes) body = make_rss (2);
  Wait wait;

  vigil_test_server_set_content (server, "/new.xml", "application/atom+xml", body);
  vigil_test_server_set_redirect (server, "/old.xml", 301, "/middle.xml");
  vigil_test_server_set_redirect (server, "/middle.xml", 302, "/new.xml");
  source = new_feed (server, store, "/old.xml");
  vigil_source_start (source);
  wait = (Wait) { store, source, 2 };
  g_assert_true (vigil_test_wait_until (store_has, &wait, 5000));
  g_assert_cmpuint (vigil_test_server_get_requests (server, "/new.xml"), >=, 1);
  vigil_source_stop (source);
}

static void
test_feed_list_opml (void)
{
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(VigilFeedList) list = vigil_feed_list_new (store, NULL);
  g_autoptr(GBytes) opml = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GPtrArray) outlines = NULL;
  g_autoptr(GError) error = NULL;
  const char *text =
    "<?xml version=\"1.0\"?><opml version=\"1.0\"><head><title>t</title></head><body>"
    "<outline text=\"News\">"
    "  <outline type=\"rss\" text=\"Kettles &amp; Co\" xmlUrl=\"https://a.example.org/feed\"/>"
    "  <outline type=\"rss\" title=\"Plain\" xmlUrl=\"http://insecure.example.org/rss\"/>"
    "</outline>"
    "<outline type=\"rss\" text=\"Local\" xmlUrl=\"http://127.0.0.1:9/atom.xml\"/>"
    "<outline type=\"rss\" text=\"Again\" xmlUrl=\"https://a.example.org/feed\"/>"
    "</body></opml>";
  guint added = 0, refused = 0;

  opml = g_bytes_new_static (text, strlen (text));
  g_assert_true (vigil_feed_list_import_opml (list, opml, &added, &refused, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (refused, ==, 1);   /* plain http:// to a remote host */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpstr (vigil_feed_source_get_title (vigil_feed_list_lookup (list, "https://a.example.org/feed")),
                   ==, "Kettles & Co");

  exported = vigil_feed_list_export_opml (list);
  outlines = vigil_opml_parse (exported, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outlines->len, ==, 2);
  g_assert_cmpstr (((VigilOpmlOutline *) outlines->pdata[0])->xml_url, ==, "https://a.example.org/feed");
  g_assert_cmpstr (((VigilOpmlOutline *) outlines->pdata[0])->title, ==, "Kettles & Co");
  g_assert_cmpstr (((VigilOpmlOutline *) outlines->pdata[1])->xml_url, ==, "http://127.0.0.1:9/atom.xml");

  g_assert_null (vigil_feed_list_add (list, "https://a.example.org/feed", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (vigil_feed_list_remove (list, "https://a.example.org/feed"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/feed-source/etag-and-interval", test_feed_etag);
  g_test_add_func ("/vigil/feed-source/redirect-followed", test_feed_redirect_followed);
  g_test_add_func ("/vigil/feed-source/redirect-loop", test_feed_redirect_loop);
  g_test_add_func ("/vigil/feed-source/huge-body", test_feed_huge_body);
  g_test_add_func ("/vigil/feed-source/garbage", test_feed_garbage);
  g_test_add_func ("/vigil/feed-source/slow-loris", test_feed_slow_loris);
  g_test_add_func ("/vigil/feed-source/stall", test_feed_stall);
  g_test_add_func ("/vigil/feed-source/truncated", test_feed_truncated);
  g_test_add_func ("/vigil/feed-source/not-found", test_feed_not_found);
  g_test_add_func ("/vigil/feed-source/html-instead", test_feed_html_instead);
  g_test_add_func ("/vigil/feed-source/wrong-content-type", test_feed_wrong_content_type);
  g_test_add_func ("/vigil/feed-source/rate-limited", test_feed_rate_limited);
  g_test_add_func ("/vigil/feed-list/opml", test_feed_list_opml);

  return g_test_run ();
}
