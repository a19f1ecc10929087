/* vigil-mastodon-stream.c: the Mastodon streaming API (SSE)
 *
 * The stream opens; once its headers are in, the source is live and a
 * catch-up backfill runs alongside. Events are parsed incrementally and
 * archived per chunk. Anything wrong with the stream (closed, cut off mid-
 * event, silent for too long, an oversized event) is a transient failure:
 * the base class reconnects with backoff and the backfill closes the gap.
 * A stream that is refused (401, 404, a redirect, the wrong content type)
 * means polling instead, and trying the stream again later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-mastodon-source"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-mastodon-source-private.h"

char *
_vigil_mastodon_stream_url (VigilMastodonSource *self)
{
  const char *base = self->stream_base != NULL ? self->stream_base : self->base_url;
  g_autofree char *escaped = NULL;

  if (self->argument != NULL)
    escaped = g_uri_escape_string (self->argument, NULL, FALSE);

  switch (self->timeline)
    {
    case VIGIL_MASTODON_TIMELINE_PUBLIC:
      return g_strconcat (base, "/api/v1/streaming/public", NULL);
    case VIGIL_MASTODON_TIMELINE_LOCAL:
      return g_strconcat (base, "/api/v1/streaming/public/local", NULL);
    case VIGIL_MASTODON_TIMELINE_TAG:
      return g_strconcat (base, "/api/v1/streaming/hashtag?tag=", escaped, NULL);
    case VIGIL_MASTODON_TIMELINE_LIST:
      return g_strconcat (base, "/api/v1/streaming/list?list=", escaped, NULL);
    case VIGIL_MASTODON_TIMELINE_HOME:
      return g_strconcat (base, "/api/v1/streaming/user", NULL);
    case VIGIL_MASTODON_TIMELINE_ACCOUNT:
    case VIGIL_MASTODON_TIMELINE_SEARCH:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* --- the stream --- */

static void read_stream (VigilMastodonSource *self);

void
_vigil_mastodon_on_sse_event (const char *event,
                              const char *data,
                              gsize       length,
                              gpointer    user_data)
{
  VigilMastodonSource *self = user_data;
  g_autoptr(GError) error = NULL;
  VigilPost *post = NULL;

  if (g_str_equal (event, "update"))
    {
      /* read once, from the event's data, which is archived as raw */
      g_autofree char *id = NULL;

      post = vigil_mastodon_parse_status_text (data, length, &id, &error);
      if (post != NULL && _vigil_mastodon_id_is_valid (id) &&
          vigil_mastodon_compare_ids (id, self->batch_max) > 0)
        {
          g_free (self->batch_max);
          self->batch_max = g_strdup (id);
        }
    }
  else if (g_str_equal (event, "status.update") || g_str_equal (event, "delete"))
    post = vigil_mastodon_parse_event (event, data, length, &error);
  else
    return;  /* notification, filters_changed, announcement, … */

  if (post == NULL)
    {
      self->rejected++;
      g_debug ("%s: skipping a “%s” event: %s", vigil_source_get_id (VIGIL_SOURCE (self)),
               event, error != NULL ? error->message : "not a status");
      return;
    }

  g_ptr_array_add (self->batch, post);
}

static void
flush_batch (VigilMastodonSource *self)
{
  g_autoptr(GPtrArray) batch = NULL;
  const char *cursor = NULL;

  if (self->batch->len == 0 && self->batch_max == NULL)
    return;

  batch = g_steal_pointer (&self->batch);
  self->batch = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->batch_max != NULL)
    {
      if (self->contiguous)
        {
          if (vigil_mastodon_compare_ids (self->batch_max, self->newest) > 0)
            {
              g_free (self->newest);
              self->newest = g_strdup (self->batch_max);
              cursor = self->newest;
            }
        }
      else if (vigil_mastodon_compare_ids (self->batch_max, self->pending_max) > 0)
        {
          g_free (self->pending_max);
          self->pending_max = g_strdup (self->batch_max);
        }
      g_clear_pointer (&self->batch_max, g_free);
    }

  if (batch->len > 0 || cursor != NULL)
    vigil_source_archive (VIGIL_SOURCE (self), batch, cursor);
}

static gboolean
on_stream_idle_cb (gpointer user_data)
{
  VigilMastodonSource *self = user_data;
  g_autofree char *message = NULL;

  self->idle_id = 0;
  message = g_strdup_printf (_("The live stream from %s went silent for %u s; reconnecting."),
                             self->host, MAX (1, self->stream_idle_timeout_ms / 1000));
  _vigil_mastodon_fail (self, FALSE, message);
  return G_SOURCE_REMOVE;
}

static void
touch_stream (VigilMastodonSource *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  self->idle_id = g_timeout_add (self->stream_idle_timeout_ms, on_stream_idle_cb, self);
}

typedef struct
{
  VigilMastodonSource *self;
  guint                attempt;
} StreamOp;

static StreamOp *
stream_op_new (VigilMastodonSource *self)
{
  StreamOp *op = g_new0 (StreamOp, 1);

  op->self = g_object_ref (self);
  op->attempt = self->attempt;
  return op;
}

static void
stream_op_free (StreamOp *op)
{
  g_object_unref (op->self);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StreamOp, stream_op_free)

static void
on_stream_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(StreamOp) op = user_data;
  VigilMastodonSource *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  g_autofree char *message = NULL;
  gsize length;
  const char *data;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (!_vigil_mastodon_is_current (self, op->attempt) || G_INPUT_STREAM (object) != self->stream)
    return;

  if (chunk == NULL)
    {
      message = g_strdup_printf (_("The live stream from %s broke off (%s); reconnecting."),
                                 self->host, error->message);
      _vigil_mastodon_fail (self, FALSE, message);
      return;
    }

  data = g_bytes_get_data (chunk, &length);
  if (length == 0)
    {
      g_autoptr(GError) end_error = NULL;

      if (!vigil_sse_parser_finish (self->sse, &end_error))
        message = g_strdup_printf (_("The live stream from %s was cut off in the middle of an "
                                     "event; reconnecting."), self->host);
      else
        message = g_strdup_printf (_("%s closed the live stream; reconnecting."), self->host);
      _vigil_mastodon_fail (self, FALSE, message);
      return;
    }

  touch_stream (self);
  if (!vigil_sse_parser_feed (self->sse, data, length, &error))
    {
      g_ptr_array_set_size (self->batch, 0);
      message = g_strdup_printf (_("The live stream from %s sent an unusable event (%s); "
                                   "reconnecting."), self->host, error->message);
      _vigil_mastodon_fail (self, FALSE, message);
      return;
    }
  flush_batch (self);

  read_stream (self);
}

static void
read_stream (VigilMastodonSource *self)
{
  g_input_stream_read_bytes_async (self->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   self->cancellable, on_stream_read_cb, stream_op_new (self));
}

/* Streaming is unavailable: poll instead, and try streaming again later. */
static void
stream_refused (VigilMastodonSource *self,
                const char          *why)
{
  g_debug ("%s: no streaming (%s); polling every %u ms",
           vigil_source_get_id (VIGIL_SOURCE (self)), why, self->poll_interval_ms);
  self->stream_retry_at = g_get_real_time () + STREAM_RETRY_US;
  g_clear_object (&self->stream);
  if (!self->polling)
    _vigil_mastodon_start_polling (self);
}

typedef struct
{
  StreamOp *op;
  guint     timeout_id;
  gboolean  timed_out;
  GCancellable *cancellable;
  SoupMessage *msg;
} StreamOpen;

static gboolean
on_stream_open_timeout_cb (gpointer user_data)
{
  StreamOpen *open = user_data;

  open->timeout_id = 0;
  open->timed_out = TRUE;
  g_cancellable_cancel (open->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_stream_sent_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  StreamOpen *open = user_data;
  VigilMastodonSource *self = open->op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(SoupMessage) msg = g_steal_pointer (&open->msg);
  g_autoptr(StreamOp) op = g_steal_pointer (&open->op);
  gboolean timed_out = open->timed_out;
  const char *content_type;
  guint status;

  g_clear_handle_id (&open->timeout_id, g_source_remove);
  g_clear_object (&open->cancellable);
  g_free (open);

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (!_vigil_mastodon_is_current (self, op->attempt))
    return;

  if (stream == NULL)
    {
      /* While polling, a failed retry of the stream leaves polling alone. */
      if (timed_out)
        stream_refused (self, "no answer in time");
      else if (self->polling || error->domain == G_TLS_ERROR ||
               g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS))
        stream_refused (self, error->message);
      else
        _vigil_mastodon_fail_transport (self, error, FALSE);
      return;
    }

  status = soup_message_get_status (msg);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);

  if (status == 429 /* Too Many Requests */)
    {
      _vigil_mastodon_fail_status (self, msg, PURPOSE_PAGE);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *why = g_strdup_printf ("HTTP %u", status);

      g_input_stream_close (stream, NULL, NULL);
      stream_refused (self, why);
      return;
    }
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "text/event-stream") != 0)
    {
      g_autofree char *why = g_strdup_printf ("content type %s", content_type ? content_type : "none");

      g_input_stream_close (stream, NULL, NULL);
      stream_refused (self, why);
      return;
    }

  /* Live. Whatever came in before the stream opened is fetched by a
   * catch-up backfill, which runs alongside. */
  g_debug ("%s: streaming", vigil_source_get_id (VIGIL_SOURCE (self)));
  self->stream = g_steal_pointer (&stream);
  vigil_sse_parser_reset (self->sse);
  _vigil_mastodon_set_is_streaming (self, TRUE);
  self->polling = FALSE;
  g_clear_handle_id (&self->poll_id, g_source_remove);
  _vigil_mastodon_go_live (self);
  touch_stream (self);
  read_stream (self);

  if (!self->backfilling)
    _vigil_mastodon_start_backfill (self);
  else
    self->contiguous = FALSE;
}

void
_vigil_mastodon_open_stream (VigilMastodonSource *self)
{
  g_autofree char *url = _vigil_mastodon_stream_url (self);
  StreamOpen *open;
  SoupMessage *msg;

  msg = _vigil_mastodon_new_message (self, url, "text/event-stream");
  if (msg == NULL)
    {
      stream_refused (self, "bad streaming URL");
      return;
    }
  /* A stream that redirects is refused (polling goes through vigil-http,
   * which checks every hop). */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);

  open = g_new0 (StreamOpen, 1);
  open->op = stream_op_new (self);
  open->msg = msg;
  open->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled",
                           G_CALLBACK (g_cancellable_cancel), open->cancellable,
                           G_CONNECT_SWAPPED);
  open->timeout_id = g_timeout_add (self->request_timeout_ms, on_stream_open_timeout_cb, open);

  g_debug ("%s: opening stream %s", vigil_source_get_id (VIGIL_SOURCE (self)), url);
  soup_session_send_async (vigil_source_get_session (VIGIL_SOURCE (self)), msg,
                           G_PRIORITY_DEFAULT, open->cancellable, on_stream_sent_cb, open);
}
