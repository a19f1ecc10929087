/* test-http.c: URL policy, capped reads, redirects and error messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-http.h"
#include "vigil-test-server.h"

static void
test_http_url_policy (void)
{
  const char *allowed[] = {
    "https://example.org/feed", "http://127.0.0.1:8080/x", "http://127.8.9.10/x",
    "http://localhost/feed", "http://[::1]:9000/feed", "HTTPS://EXAMPLE.ORG/",
  };
  const char *refused[] = {
    "http://example.org/feed", "ftp://example.org/", "file:///etc/passwd", "not a url",
    "http://128.0.0.1/", "http://localhost.example.org/", "https:///nohost", "wss://example.org/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = vigil_http_check_url (allowed[i], FALSE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (uri);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = vigil_http_check_url (refused[i], FALSE, &error);
      g_assert_null (uri);
      g_assert_error (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_URL);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GUri) ok = vigil_http_check_url ("ws://127.0.0.1:1234/subscribe", TRUE, NULL);
    g_autoptr(GUri) bad = vigil_http_check_url ("ws://jetstream.example.org/subscribe", TRUE, &error);

    g_assert_nonnull (ok);
    g_assert_null (bad);
    g_assert_nonnull (strstr (error->message, "wss://"));
  }

  g_assert_true (vigil_http_is_loopback_host ("127.0.0.1"));
  g_assert_true (vigil_http_is_loopback_host ("::1"));
  g_assert_true (vigil_http_is_loopback_host ("[::1]"));
  g_assert_true (vigil_http_is_loopback_host ("LocalHost"));
  g_assert_false (vigil_http_is_loopback_host ("10.0.0.1"));
  g_assert_false (vigil_http_is_loopback_host (""));
  g_assert_false (vigil_http_is_loopback_host (NULL));
}

static void
test_http_messages (void)
{
  struct { GQuark domain; int code; const char *needle; } cases[] = {
    { G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "certificate is not valid" },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "Host not found" },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "Connection refused" },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timed out" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain, cases[i].code, "details");
      g_autofree char *message = vigil_http_describe_error (error, "https://social.example.org/api");

      g_assert_nonnull (strstr (message, cases[i].needle));
    }

  {
    g_autoptr(GError) error = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "expired");
    g_autofree char *message = vigil_http_describe_error (error, "https://x.example.org/");
    g_assert_cmpstr (message, ==, "The server's certificate is not valid (expired). Check the URL or your network's proxy.");
  }
  {
    g_autoptr(GError) error = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "x");
    g_autofree char *message = vigil_http_describe_error (error, "https://nohost.example.org/feed");
    g_assert_nonnull (strstr (message, "nohost.example.org"));
  }
  {
    g_autofree char *m401 = vigil_http_describe_status (401, NULL, "https://m.example.org/api/v1/timelines/public");
    g_autofree char *m503 = vigil_http_describe_status (503, NULL, "https://m.example.org/");
    g_assert_nonnull (strstr (m401, "anonymous"));
    g_assert_nonnull (strstr (m503, "try again"));
  }

  g_assert_cmpuint (vigil_http_parse_retry_after ("120"), ==, 120);
  g_assert_cmpuint (vigil_http_parse_retry_after ("soon"), ==, 0);
  g_assert_cmpuint (vigil_http_parse_retry_after (NULL), ==, 0);
  g_assert_cmpuint (vigil_http_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT"), ==, 0);
  {
    g_autoptr(GDateTime) later = g_date_time_new_from_unix_utc (g_get_real_time () / G_USEC_PER_SEC + 100);
    g_autofree char *text = g_date_time_format (later, "%a, %d %b %Y %H:%M:%S GMT");
    guint seconds = vigil_http_parse_retry_after (text);
    g_assert_cmpuint (seconds, >=, 98);
    g_assert_cmpuint (seconds, <=, 100);
  }
}

typedef struct
{
  GBytes      *bytes;
  GError      *error;
  SoupMessage *msg;
  gboolean     done;
} Fetch;

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->bytes = vigil_http_fetch_finish (result, &fetch->msg, &fetch->error);
  fetch->done = TRUE;
}

static gboolean
fetch_done (gpointer data)
{
  return ((Fetch *) data)->done;
}

static void
fetch_clear (Fetch *fetch)
{
  g_clear_pointer (&fetch->bytes, g_bytes_unref);
  g_clear_error (&fetch->error);
  g_clear_object (&fetch->msg);
  fetch->done = FALSE;
}

static void
run_fetch (SoupSession      *session,
           const char       *url,
           VigilHttpOptions *options,
           Fetch            *fetch)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  fetch_clear (fetch);
  vigil_http_fetch_async (session, msg, options, NULL, fetch_cb, fetch);
  g_assert_true (vigil_test_wait_until (fetch_done, fetch, 20000));
}

static void
test_http_fetch (void)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GBytes) small = g_bytes_new_static ("hello", 5);
  g_autoptr(GBytes) two_mib = g_bytes_new_take (g_malloc0 (2 * 1024 * 1024), 2 * 1024 * 1024);
  VigilHttpOptions options = { .max_body = 1024 * 1024, .timeout_ms = 3000, .max_redirects = 3 };
  Fetch fetch = { 0 };
  g_autofree char *url = NULL;

  vigil_test_server_set_content (server, "/small", "text/plain", small);
  vigil_test_server_set_content (server, "/big", "text/plain", two_mib);
  vigil_test_server_set_redirect (server, "/r1", 302, "/r2");
  vigil_test_server_set_redirect (server, "/r2", 307, "/small");
  vigil_test_server_set_redirect (server, "/away", 302, "http://example.org/feed");
  vigil_test_server_set_content (server, "/huge", "text/plain", small);
  vigil_test_server_set_fault (server, "/huge", VIGIL_TEST_FAULT_HUGE_BODY, 0, 0, 0);
  vigil_test_server_set_content (server, "/loop", "text/plain", small);
  vigil_test_server_set_fault (server, "/loop", VIGIL_TEST_FAULT_REDIRECT_LOOP, 0, 0, 0);

  url = vigil_test_server_get_url (server, "/r1");
  run_fetch (session, url, &options, &fetch);
  g_assert_no_error (fetch.error);
  g_assert_cmpuint (soup_message_get_status (fetch.msg), ==, 200);
  g_assert_cmpmem (g_bytes_get_data (fetch.bytes, NULL), g_bytes_get_size (fetch.bytes), "hello", 5);
  g_clear_pointer (&url, g_free);

  /* announced too large: refused before downloading */
  url = vigil_test_server_get_url (server, "/big");
  run_fetch (session, url, &options, &fetch);
  g_assert_error (fetch.error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_TOO_LARGE);
  g_test_message ("%s", fetch.error->message);
  g_assert_nonnull (strstr (fetch.error->message, "would be 2.0"));
  g_clear_pointer (&url, g_free);

  /* 100 MiB with no length: read up to the cap, then stopped */
  url = vigil_test_server_get_url (server, "/huge");
  run_fetch (session, url, &options, &fetch);
  g_assert_error (fetch.error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (fetch.error->message, "larger than 1.0"));
  g_clear_pointer (&url, g_free);

  url = vigil_test_server_get_url (server, "/loop");
  run_fetch (session, url, &options, &fetch);
  g_assert_error (fetch.error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_REDIRECT);
  g_clear_pointer (&url, g_free);

  /* a redirect may not lead to plain http:// on another host */
  url = vigil_test_server_get_url (server, "/away");
  run_fetch (session, url, &options, &fetch);
  g_assert_error (fetch.error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_REDIRECT);
  g_assert_nonnull (strstr (fetch.error->message, "refuses"));
  g_clear_pointer (&url, g_free);

  /* redirects counted against the limit */
  options.max_redirects = 1;
  url = vigil_test_server_get_url (server, "/r1");
  run_fetch (session, url, &options, &fetch);
  g_assert_error (fetch.error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_REDIRECT);
  g_assert_nonnull (strstr (fetch.error->message, "Too many redirects"));
  g_clear_pointer (&url, g_free);

  fetch_clear (&fetch);
}

static void
test_http_refused (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  g_autofree char *message = NULL;
  Fetch fetch = { 0 };
  guint16 port;

  /* a port that was free a moment ago, with nobody listening */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  url = g_strdup_printf ("http://127.0.0.1:%u/feed", port);
  run_fetch (session, url, NULL, &fetch);
  g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  message = vigil_http_describe_error (fetch.error, url);
  g_assert_nonnull (strstr (message, "Connection refused by 127.0.0.1"));
  fetch_clear (&fetch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/http/url-policy", test_http_url_policy);
  g_test_add_func ("/vigil/http/messages", test_http_messages);
  g_test_add_func ("/vigil/http/fetch", test_http_fetch);
  g_test_add_func ("/vigil/http/refused", test_http_refused);

  return g_test_run ();
}
