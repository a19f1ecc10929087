/* test-test-server.c: the fixture server itself (other tests rely on it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "vigil-test-server.h"

static GBytes *
get (SoupSession  *session,
     const char   *url,
     const char   *header,
     const char   *value,
     SoupMessage **out_msg)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  if (header)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, value);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_msg)
    *out_msg = g_steal_pointer (&msg);

  return body;
}

static const char *
response_header (SoupMessage *msg,
                 const char  *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (msg), name);
}

static void
test_server_content (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) feed = g_bytes_new_static ("<rss/>", 6);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) again = NULL;
  g_autoptr(SoupMessage) since = NULL;
  g_autofree char *url = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *modified = NULL;

  g_assert_true (g_str_has_prefix (vigil_test_server_get_base_url (server), "http://127.0.0.1:"));
  vigil_test_server_set_content (server, "/feed", "application/rss+xml", feed);
  url = vigil_test_server_get_url (server, "/feed");

  body = get (session, url, NULL, NULL, &msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "<rss/>", 6);
  etag = g_strdup (response_header (msg, "ETag"));
  modified = g_strdup (response_header (msg, "Last-Modified"));
  g_assert_nonnull (etag);
  g_assert_nonnull (modified);
  g_clear_pointer (&body, g_bytes_unref);

  body = get (session, url, "If-None-Match", etag, &again);
  g_assert_cmpuint (soup_message_get_status (again), ==, 304);
  g_clear_pointer (&body, g_bytes_unref);
  body = get (session, url, "If-Modified-Since", modified, &since);
  g_assert_cmpuint (soup_message_get_status (since), ==, 304);
  g_assert_cmpuint (vigil_test_server_get_not_modified (server, "/feed"), ==, 2);
  g_assert_cmpuint (vigil_test_server_get_requests (server, "/feed"), ==, 3);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_object (&msg);

  /* a new body is newer, even within the same second */
  vigil_test_server_set_content (server, "/feed", "application/rss+xml", feed);
  body = get (session, url, "If-Modified-Since", modified, &msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_object (&msg);

  /* unknown paths are 404 */
  g_free (url);
  url = vigil_test_server_get_url (server, "/nothing");
  body = get (session, url, NULL, NULL, &msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 404);
}

static char *
statuses_json (guint first,
               guint n)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s{\"id\":\"%u\",\"content\":\"<p>status %u</p>\"}",
                            i ? "," : "", first + i, first + i);
  g_string_append_c (s, ']');

  return g_string_free (s, FALSE);
}

static guint
page_ids (GBytes *body,
          guint  *ids,
          guint   max)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;
  guint n;

  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  n = MIN (json_array_get_length (array), max);
  for (guint i = 0; i < n; i++)
    ids[i] = (guint) g_ascii_strtoull (json_object_get_string_member (json_array_get_object_element (array, i), "id"), NULL, 10);

  return n;
}

static void
test_server_mastodon (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *json = statuses_json (100, 50);   /* ids 100..149 */
  g_autofree char *more = statuses_json (1000, 2);
  g_autofree char *url = NULL;
  guint ids[40];
  guint n;

  vigil_test_server_set_mastodon_timeline (server, "/api/v1/timelines/public", json);
  vigil_test_server_set_rate_limit (server, "/api/v1/timelines/public", 5, 60);

  /* newest first, default limit 20, Link next/prev, rate-limit headers */
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = NULL;
    const char *link;

    url = vigil_test_server_get_url (server, "/api/v1/timelines/public");
    body = get (session, url, NULL, NULL, &msg);
    n = page_ids (body, ids, 40);
    g_assert_cmpuint (n, ==, 20);
    g_assert_cmpuint (ids[0], ==, 149);
    g_assert_cmpuint (ids[19], ==, 130);
    link = response_header (msg, "Link");
    g_assert_nonnull (strstr (link, "max_id=130"));
    g_assert_nonnull (strstr (link, "rel=\"next\""));
    g_assert_nonnull (strstr (link, "min_id=149"));
    g_assert_cmpstr (response_header (msg, "X-RateLimit-Limit"), ==, "5");
    g_assert_cmpstr (response_header (msg, "X-RateLimit-Remaining"), ==, "4");
    g_assert_nonnull (response_header (msg, "X-RateLimit-Reset"));
  }

  /* max_id pages back; since_id stops at what we have; min_id pages forward */
  {
    g_autoptr(GBytes) body = NULL;
    g_autofree char *page = g_strconcat (url, "?max_id=110&limit=40", NULL);

    body = get (session, page, NULL, NULL, NULL);
    n = page_ids (body, ids, 40);
    g_assert_cmpuint (n, ==, 10);
    g_assert_cmpuint (ids[0], ==, 109);
    g_assert_cmpuint (ids[9], ==, 100);
  }
  {
    g_autoptr(GBytes) body = NULL;
    g_autofree char *page = g_strconcat (url, "?since_id=140", NULL);

    body = get (session, page, NULL, NULL, NULL);
    n = page_ids (body, ids, 40);
    g_assert_cmpuint (n, ==, 9);
    g_assert_cmpuint (ids[0], ==, 149);
  }
  {
    g_autoptr(GBytes) body = NULL;
    g_autofree char *page = g_strconcat (url, "?min_id=100&limit=5", NULL);

    body = get (session, page, NULL, NULL, NULL);
    n = page_ids (body, ids, 40);
    g_assert_cmpuint (n, ==, 5);
    g_assert_cmpuint (ids[0], ==, 105);
    g_assert_cmpuint (ids[4], ==, 101);
  }

  /* appended statuses appear at the top */
  vigil_test_server_mastodon_append (server, "/api/v1/timelines/public", more);
  {
    g_autoptr(GBytes) body = get (session, url, NULL, NULL, NULL);

    n = page_ids (body, ids, 40);
    g_assert_cmpuint (ids[0], ==, 1001);
  }

  /* the sixth request in the window is refused with Retry-After */
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = get (session, url, NULL, NULL, &msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
    g_assert_cmpuint ((guint) g_ascii_strtoull (response_header (msg, "Retry-After"), NULL, 10), >=, 1);
  }
}

static void
test_server_faults (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) feed = g_bytes_new_static ("<feed/>", 7);
  g_autofree char *url = NULL;

  vigil_test_server_set_content (server, "/x", "application/atom+xml", feed);
  url = vigil_test_server_get_url (server, "/x");

  /* 503 with Retry-After, for one request only */
  vigil_test_server_set_fault (server, "/x", VIGIL_TEST_FAULT_STATUS, 503, 7, 1);
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = get (session, url, NULL, NULL, &msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 503);
    g_assert_cmpstr (response_header (msg, "Retry-After"), ==, "7");
  }
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = get (session, url, NULL, NULL, &msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }

  /* wrong content type: the same body as octet-stream */
  vigil_test_server_set_fault (server, "/x", VIGIL_TEST_FAULT_WRONG_CONTENT_TYPE, 0, 0, 1);
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = get (session, url, NULL, NULL, &msg);

    g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                     ==, "application/octet-stream");
    g_assert_cmpuint (g_bytes_get_size (body), ==, 7);
  }

  /* garbage: param bytes of noise with a 200 */
  vigil_test_server_set_fault (server, "/x", VIGIL_TEST_FAULT_GARBAGE, 1000, 0, 1);
  {
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = get (session, url, NULL, NULL, &msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpuint (g_bytes_get_size (body), ==, 1000);
  }
}

typedef struct
{
  GString *text;
  gboolean closed;
} SseRead;

static void
sse_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SseRead *read = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  if (!bytes || g_bytes_get_size (bytes) == 0)
    {
      read->closed = TRUE;
      return;
    }
  g_string_append_len (read->text, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (G_INPUT_STREAM (object), 4096, G_PRIORITY_DEFAULT, NULL, sse_read_cb, read);
}

static gboolean
sse_has_two (gpointer data)
{
  SseRead *read = data;

  return strstr (read->text->str, "data: second") != NULL;
}

static gboolean
sse_closed (gpointer data)
{
  return ((SseRead *) data)->closed;
}

static void
test_server_sse (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SseRead read = { g_string_new (NULL), FALSE };

  vigil_test_server_add_sse (server, "/api/v1/streaming/public", "event: update\ndata: first\n\n");
  url = vigil_test_server_get_url (server, "/api/v1/streaming/public");
  msg = soup_message_new ("GET", url);
  stream = soup_session_send (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "text/event-stream");
  g_assert_cmpuint (vigil_test_server_get_connections (server, "/api/v1/streaming/public"), ==, 1);

  g_input_stream_read_bytes_async (stream, 4096, G_PRIORITY_DEFAULT, NULL, sse_read_cb, &read);
  vigil_test_server_sse_send (server, "/api/v1/streaming/public", "delete", "second");
  g_assert_true (vigil_test_wait_until (sse_has_two, &read, 5000));
  g_assert_nonnull (strstr (read.text->str, "event: update\ndata: first\n\n"));
  g_assert_nonnull (strstr (read.text->str, "event: delete\ndata: second\n\n"));

  vigil_test_server_sse_drop_all (server, "/api/v1/streaming/public");
  g_assert_true (vigil_test_wait_until (sse_closed, &read, 5000));
  g_string_free (read.text, TRUE);
}

static void
test_server_jetstream_log (void)
{
  g_autofree char *create = vigil_test_jetstream_event (0, 1000, VIGIL_TEST_JETSTREAM_MIXED);
  g_autofree char *identity = vigil_test_jetstream_event (5, 1000, VIGIL_TEST_JETSTREAM_MIXED);
  g_autofree char *deletion = vigil_test_jetstream_event (29, 1000, VIGIL_TEST_JETSTREAM_MIXED);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, create, -1, NULL));
  g_assert_nonnull (strstr (create, "\"operation\":\"create\""));
  g_assert_nonnull (strstr (identity, "\"kind\":\"identity\""));
  g_assert_nonnull (strstr (deletion, "\"operation\":\"delete\""));
  g_assert_nonnull (strstr (deletion, "\"rkey\":\"r21\""));
  g_assert_cmpuint (vigil_test_jetstream_count_creates (100, VIGIL_TEST_JETSTREAM_CREATES), ==, 100);
  g_assert_cmpuint (vigil_test_jetstream_count_creates (100, VIGIL_TEST_JETSTREAM_MIXED), <, 100);
  g_assert_cmpuint (vigil_test_jetstream_count_post_events (100, VIGIL_TEST_JETSTREAM_MIXED), >,
                    vigil_test_jetstream_count_creates (100, VIGIL_TEST_JETSTREAM_MIXED));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/test-server/content", test_server_content);
  g_test_add_func ("/vigil/test-server/mastodon", test_server_mastodon);
  g_test_add_func ("/vigil/test-server/faults", test_server_faults);
  g_test_add_func ("/vigil/test-server/sse", test_server_sse);
  g_test_add_func ("/vigil/test-server/jetstream-log", test_server_jetstream_log);

  return g_test_run ();
}
