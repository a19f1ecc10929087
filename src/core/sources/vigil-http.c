/* vigil-http.c: what every HTTP-speaking source shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-http"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-http.h"

#define READ_CHUNK (64 * 1024)

G_DEFINE_QUARK (vigil-http-error-quark, vigil_http_error)

gboolean
vigil_http_is_loopback_host (const char *host)
{
  g_autofree char *bare = NULL;
  g_autoptr(GInetAddress) address = NULL;
  gsize len;

  if (!host || !*host)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0 ||
      g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  len = strlen (host);
  if (host[0] == '[' && len > 2 && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);

  return address && g_inet_address_get_is_loopback (address);
}

GUri *
vigil_http_check_url (const char  *url,
                      gboolean     websocket,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;
  const char *secure = websocket ? "wss" : "https";
  const char *plain = websocket ? "ws" : "http";

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (!uri)
    {
      g_set_error (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_URL,
                   _("“%s” is not a valid address: %s"), url, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (!host || !*host)
    {
      g_set_error (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_URL,
                   _("“%s” has no host name."), url);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, secure) == 0)
    return g_steal_pointer (&uri);

  if (g_ascii_strcasecmp (scheme, plain) == 0)
    {
      if (vigil_http_is_loopback_host (host))
        return g_steal_pointer (&uri);

      g_set_error (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_URL,
                   _("“%s” is not encrypted. Use %s:// instead: plain %s:// is allowed only for this computer (localhost)."),
                   url, secure, plain);
      return NULL;
    }

  g_set_error (error, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_URL,
               _("“%s” is not a %s:// address."), url, secure);
  return NULL;
}

/* ---- capped reads ---- */

typedef struct
{
  GByteArray *buffer;
  gsize       max_size;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_clear_pointer (&data->buffer, g_byte_array_unref);
  g_free (data);
}

static char *
format_size (gsize size)
{
  return g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
}

static void read_next (GTask *task);

static void
read_bytes_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (!bytes)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  len = g_bytes_get_size (bytes);
  if (len == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (data->buffer->len + len > data->max_size)
    {
      g_autofree char *cap = format_size (data->max_size);

      /* Stop reading here; dropping the stream closes the connection. */
      g_task_return_new_error (task, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_TOO_LARGE,
                               _("The response is larger than %s, the most Vigil accepts; it was not read to the end."),
                               cap);
      return;
    }

  g_byte_array_append (data->buffer, g_bytes_get_data (bytes, NULL), len);
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  GInputStream *stream = g_task_get_source_object (task);

  g_input_stream_read_bytes_async (stream, READ_CHUNK, g_task_get_priority (task),
                                   g_task_get_cancellable (task), read_bytes_cb, task);
}

void
vigil_http_read_body_async (GInputStream        *stream,
                            gsize                max_size,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  ReadData *data;

  g_return_if_fail (G_IS_INPUT_STREAM (stream));

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_http_read_body_async);
  data = g_new0 (ReadData, 1);
  data->buffer = g_byte_array_new ();
  data->max_size = max_size ? max_size : VIGIL_HTTP_DEFAULT_MAX_BODY;
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  read_next (task);
}

GBytes *
vigil_http_read_body_finish (GInputStream  *stream,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- fetch ---- */

typedef struct
{
  SoupSession      *session;
  SoupMessage      *msg;          /* current hop */
  VigilHttpOptions  options;
  GCancellable     *cancellable;  /* ours: cancelled by the caller's or the deadline */
  GCancellable     *outer;
  gulong            outer_id;
  GSource          *deadline;
  gboolean          timed_out;
  GHashTable       *visited;
  guint             hops;
  goffset           announced;    /* Content-Length of the final hop, or -1 */
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  if (data->deadline)
    {
      g_source_destroy (data->deadline);
      g_source_unref (data->deadline);
    }
  if (data->outer_id)
    g_cancellable_disconnect (data->outer, data->outer_id);
  g_clear_object (&data->outer);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->msg);
  g_clear_object (&data->session);
  g_clear_pointer (&data->visited, g_hash_table_unref);
  g_free (data);
}

static void
fetch_return_error (GTask  *task,
                    GError *error)
{
  FetchData *data = g_task_get_task_data (task);

  if (data->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *url = g_uri_to_string (soup_message_get_uri (data->msg));

      g_error_free (error);
      g_task_return_new_error (task, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_TIMEOUT,
                               _("%s timed out: no complete answer within %.1f seconds."),
                               url, data->options.timeout_ms / 1000.0);
      return;
    }

  g_task_return_error (task, error);
}

static void fetch_send (GTask *task);

static void
fetch_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GBytes *bytes;

  FetchData *data = g_task_get_task_data (task);

  bytes = vigil_http_read_body_finish (G_INPUT_STREAM (object), result, &error);
  if (!bytes)
    {
      fetch_return_error (task, error);
      return;
    }

  /* libsoup ends a body at EOF even when it is shorter than announced. */
  if (data->announced >= 0 && (goffset) g_bytes_get_size (bytes) < data->announced)
    {
      g_autofree char *host = g_strdup (g_uri_get_host (soup_message_get_uri (data->msg)));

      g_task_return_new_error (task, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_TRUNCATED,
                               _("%s closed the connection after %" G_GSIZE_FORMAT " of %" G_GOFFSET_FORMAT " bytes."),
                               host, g_bytes_get_size (bytes), data->announced);
      g_bytes_unref (bytes);
      return;
    }

  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

static void
copy_header (SoupMessage *from,
             SoupMessage *to,
             const char  *name)
{
  const char *value = soup_message_headers_get_one (soup_message_get_request_headers (from), name);

  if (value)
    soup_message_headers_replace (soup_message_get_request_headers (to), name, value);
}

/* Returns FALSE (and returns an error on task) when the redirect can't be
 * followed. */
static gboolean
follow_redirect (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);
  GUri *from = soup_message_get_uri (data->msg);
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (data->msg),
                                                       "Location");
  g_autofree char *from_text = g_uri_to_string (from);
  g_autoptr(GUri) target = NULL;
  g_autoptr(GUri) checked = NULL;
  g_autofree char *target_text = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *next;

  if (!location || !(target = g_uri_parse_relative (from, location, SOUP_HTTP_URI_FLAGS, NULL)))
    {
      g_task_return_new_error (task, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_REDIRECT,
                               _("%s redirects to an invalid address."), from_text);
      return FALSE;
    }

  target_text = g_uri_to_string (target);

  if (g_hash_table_contains (data->visited, target_text))
    {
      g_task_return_new_error (task, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_REDIRECT,
                               _("Redirect loop: %s redirects back to %s. The server is misconfigured; check the address."),
                               from_text, target_text);
      return FALSE;
    }

  if (data->hops >= data->options.max_redirects)
    {
      g_task_return_new_error (task, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_REDIRECT,
                               _("Too many redirects (more than %u) starting at %s. Check the address."),
                               data->options.max_redirects, from_text);
      return FALSE;
    }

  /* A redirect must not lead somewhere we would refuse to go directly, for
   * example from https:// down to plain http://. */
  checked = vigil_http_check_url (target_text, FALSE, &error);
  if (!checked)
    {
      g_task_return_new_error (task, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_REDIRECT,
                               _("%s redirects to an address Vigil refuses: %s"),
                               from_text, error->message);
      return FALSE;
    }

  next = soup_message_new_from_uri (g_str_equal (soup_message_get_method (data->msg), "HEAD") ? "HEAD" : "GET",
                                    target);
  copy_header (data->msg, next, "Accept");
  copy_header (data->msg, next, "User-Agent");
  copy_header (data->msg, next, "If-None-Match");
  copy_header (data->msg, next, "If-Modified-Since");
  if (same_origin (from, target))
    copy_header (data->msg, next, "Authorization");
  soup_message_add_flags (next, SOUP_MESSAGE_NO_REDIRECT);

  g_debug ("redirect %u: %s → %s", data->hops + 1, from_text, target_text);
  g_hash_table_add (data->visited, g_steal_pointer (&target_text));
  data->hops++;
  g_set_object (&data->msg, next);
  g_object_unref (next);

  return TRUE;
}

static void
fetch_send_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FetchData *data = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  GError *error = NULL;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (!stream)
    {
      fetch_return_error (task, error);
      return;
    }

  status = soup_message_get_status (data->msg);
  if (is_redirect (status))
    {
      /* The redirect's own body is not needed. */
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      if (follow_redirect (task))
        fetch_send (g_steal_pointer (&task));
      return;
    }

  {
    goffset length = soup_message_headers_get_content_length (soup_message_get_response_headers (data->msg));
    gsize cap = data->options.max_body ? data->options.max_body : VIGIL_HTTP_DEFAULT_MAX_BODY;

    if (soup_message_headers_get_encoding (soup_message_get_response_headers (data->msg)) == SOUP_ENCODING_CONTENT_LENGTH &&
        length > 0 && (guint64) length > cap)
      {
        g_autofree char *announced = format_size ((gsize) length);
        g_autofree char *max = format_size (cap);

        g_task_return_new_error (task, VIGIL_HTTP_ERROR, VIGIL_HTTP_ERROR_TOO_LARGE,
                                 _("The response would be %s, more than the %s Vigil accepts; it was not downloaded."),
                                 announced, max);
        return;
      }

    data->announced =
      soup_message_headers_get_encoding (soup_message_get_response_headers (data->msg)) == SOUP_ENCODING_CONTENT_LENGTH &&
      !g_str_equal (soup_message_get_method (data->msg), "HEAD") &&
      status != SOUP_STATUS_NOT_MODIFIED && status != SOUP_STATUS_NO_CONTENT ? length : -1;
    vigil_http_read_body_async (stream, cap, data->cancellable, fetch_read_cb, g_steal_pointer (&task));
  }
}

static void
fetch_send (GTask *task)
{
  FetchData *data = g_task_get_task_data (task);

  soup_session_send_async (data->session, data->msg, g_task_get_priority (task),
                           data->cancellable, fetch_send_cb, task);
}

static gboolean
deadline_cb (gpointer user_data)
{
  FetchData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->cancellable);
  g_clear_pointer (&data->deadline, g_source_unref);

  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

void
vigil_http_fetch_async (SoupSession            *session,
                        SoupMessage            *msg,
                        const VigilHttpOptions *options,
                        GCancellable           *cancellable,
                        GAsyncReadyCallback     callback,
                        gpointer                user_data)
{
  GTask *task;
  FetchData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (SOUP_IS_MESSAGE (msg));

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_http_fetch_async);

  data = g_new0 (FetchData, 1);
  data->session = g_object_ref (session);
  data->msg = g_object_ref (msg);
  if (options)
    data->options = *options;
  else
    data->options.max_redirects = VIGIL_HTTP_DEFAULT_MAX_REDIRECTS;
  data->cancellable = g_cancellable_new ();
  data->announced = -1;
  data->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (data->visited, g_uri_to_string (soup_message_get_uri (msg)));
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);

  if (cancellable)
    {
      data->outer = g_object_ref (cancellable);
      data->outer_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                              data->cancellable, NULL);
    }

  if (data->options.timeout_ms > 0)
    {
      data->deadline = g_timeout_source_new (data->options.timeout_ms);
      g_source_set_callback (data->deadline, deadline_cb, data, NULL);
      g_source_attach (data->deadline, g_main_context_get_thread_default ());
    }

  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  fetch_send (task);
}

GBytes *
vigil_http_fetch_finish (GAsyncResult  *result,
                         SoupMessage  **out_msg,
                         GError       **error)
{
  FetchData *data;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_http_fetch_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (out_msg)
    *out_msg = g_object_ref (data->msg);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- messages ---- */

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;

  return g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : (url ? url : "?"));
}

char *
vigil_http_describe_error (const GError *error,
                           const char   *url)
{
  g_autofree char *host = host_of (url);

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == G_TLS_ERROR)
    return g_strdup_printf (_("The server's certificate is not valid (%s). Check the URL or your network's proxy."),
                            error->message);

  if (error->domain == G_RESOLVER_ERROR)
    return g_strdup_printf (_("Host not found: %s. Check the address and your network connection."), host);

  if (error->domain == VIGIL_HTTP_ERROR)
    return g_strdup (error->message);

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
          return g_strdup_printf (_("Connection refused by %s. The server may be down, or the port is wrong."), host);
        case G_IO_ERROR_TIMED_OUT:
          return g_strdup_printf (_("%s timed out. The server or your network is too slow; Vigil will try again."), host);
        case G_IO_ERROR_HOST_NOT_FOUND:
          return g_strdup_printf (_("Host not found: %s. Check the address and your network connection."), host);
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_HOST_UNREACHABLE:
          return g_strdup_printf (_("%s cannot be reached. Check your network connection."), host);
        case G_IO_ERROR_CONNECTION_CLOSED:
        case G_IO_ERROR_PARTIAL_INPUT:
          return g_strdup_printf (_("%s closed the connection before answering completely (%s)."), host, error->message);
        case G_IO_ERROR_PROXY_FAILED:
        case G_IO_ERROR_PROXY_AUTH_FAILED:
        case G_IO_ERROR_PROXY_NEED_AUTH:
        case G_IO_ERROR_PROXY_NOT_ALLOWED:
          return g_strdup_printf (_("The network proxy refused the connection to %s (%s). Check your proxy settings."),
                                  host, error->message);
        default:
          break;
        }
    }

  if (error->domain == SOUP_SESSION_ERROR)
    {
      switch (error->code)
        {
        case SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS:
        case SOUP_SESSION_ERROR_REDIRECT_BAD_URI:
          return g_strdup_printf (_("%s redirects too often or to a bad address. Check the address."), host);
        case SOUP_SESSION_ERROR_MESSAGE_ALREADY_IN_QUEUE:
          break;
        default:
          return g_strdup_printf (_("%s sent an answer Vigil cannot read (%s)."), host, error->message);
        }
    }

  if (error->domain == SOUP_WEBSOCKET_ERROR)
    return g_strdup_printf (_("The websocket connection to %s failed (%s). Check that the address is a websocket endpoint."),
                            host, error->message);

  return g_strdup_printf (_("%s: %s"), host, error->message);
}

char *
vigil_http_describe_status (guint       status,
                            const char *reason,
                            const char *url)
{
  g_autofree char *host = host_of (url);

  if (!reason || !*reason)
    reason = soup_status_get_phrase (status);
  if (!reason)
    reason = "";

  switch (status)
    {
    case 401:
    case 403:
      return g_strdup_printf (_("%s refused access (%u %s). The instance may not allow anonymous access: link an account, or check the token."),
                              host, status, reason);
    case 404:
    case 410:
      return g_strdup_printf (_("%s has nothing at this address (%u %s). Check the URL."), host, status, reason);
    case 429:
      return g_strdup_printf (_("%s says we are asking too often (%u %s). Vigil will wait and try again."),
                              host, status, reason);
    default:
      break;
    }

  if (status >= 500)
    return g_strdup_printf (_("%s has a problem (%u %s). Vigil will try again later."), host, status, reason);

  return g_strdup_printf (_("%s answered %u %s."), host, status, reason);
}

guint
vigil_http_parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;
  char *end = NULL;
  guint64 seconds;

  if (!value || !*value)
    return 0;

  seconds = g_ascii_strtoull (value, &end, 10);
  if (end && end != value && *end == '\0')
    return (guint) MIN (seconds, G_MAXUINT);

  when = soup_date_time_new_from_http_string (value);
  if (when)
    {
      gint64 delta = g_date_time_to_unix (when) - g_get_real_time () / G_USEC_PER_SEC;
      return delta > 0 ? (guint) MIN (delta, G_MAXUINT) : 0;
    }

  return 0;
}
