/* test-mastodon-hostile.c: the Mastodon source against hostile servers
 *
 * Each case ends in a clear state with a message a person can act on —
 * never a crash or a hang.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mastodon-fixture.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/mastodon-source/stream-wrong-type", test_stream_wrong_type);
  g_test_add_func ("/vigil/mastodon-source/tls-error", test_tls_error);
  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/vigil/mastodon-source/hostile/%s",
                                               hostile_cases[i].name);
      g_test_add_data_func (path, &hostile_cases[i], test_hostile);
    }

  return g_test_run ();
}
