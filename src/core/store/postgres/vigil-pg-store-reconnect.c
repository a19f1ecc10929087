/* vigil-pg-store-reconnect.c: what a workstation does while the team
 * database is away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * It says so plainly: the store's "online" property turns FALSE (the
 * listener, vigil-pg-store-notify.c, notices first: its socket closes), and
 * an action a person asks for (a journal append, a blob, an override, a log
 * entry) is refused at once with VIGIL_STORE_ERROR_UNAVAILABLE and the
 * message below rather than queued: the person sees it did not happen, and
 * nothing they did is replayed later behind their back, or twice. The
 * listener reconnects with exponential backoff (0.5 s, 1 s, 2 s … 30 s, with
 * a little jitter so that a whole team doesn't knock at once) and catches up.
 */
#define G_LOG_DOMAIN "vigil-pg-store-reconnect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-live.h"

#define BACKOFF_FIRST_MS 500
#define BACKOFF_MAX_MS   30000

void
_vigil_pg_store_set_unavailable (GError     **error,
                                 const char  *detail)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNAVAILABLE,
               _("The team database is unreachable: %s. Vigil keeps showing what it has and "
                 "will reconnect."),
               detail && *detail ? detail : _("the connection was lost"));
}

gboolean
_vigil_pg_store_check_online (VigilPgStore  *self,
                              GError       **error,
                              GTask         *task)
{
  GError *local_error = NULL;

  if (_vigil_pg_store_is_online (self))
    return TRUE;
  _vigil_pg_store_set_unavailable (&local_error, _("the connection was lost"));
  return _vigil_pg_fail (task, error, local_error);
}

gboolean
_vigil_pg_fail (GTask   *task,
                GError **error,
                GError  *local_error)
{
  if (task != NULL)
    {
      g_task_return_error (task, local_error);
      g_object_unref (task);
    }
  else
    g_propagate_error (error, local_error);
  return FALSE;
}

guint
_vigil_pg_backoff_ms (guint attempt)
{
  guint64 delay = BACKOFF_FIRST_MS;

  for (guint i = 0; i < attempt && delay < BACKOFF_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_MAX_MS);
  /* up to +10 % */
  return (guint) (delay + g_random_int_range (0, (gint32) (delay / 10) + 1));
}

/* --- Posts arriving while the server is away ------------------------------
 *
 * Ingest is not a person's action: the sources keep fetching. An async
 * insert made while the store is offline, or that fails because the server
 * went away, is kept (in order, up to MAX_QUEUED batches) and handed to the
 * writer again once the store has reconnected; its task completes then.
 * Replaying is safe: the insert deduplicates on (platform, remote_id), so a
 * batch whose commit did land before the connection broke is archived
 * once. Beyond the bound the insert fails with UNAVAILABLE, and the source
 * resumes from its cursor, which never moved past an unarchived batch.
 */

typedef struct
{
  VigilPgStore     *self;
  VigilPgWriteFunc  func;
  gpointer          data;
  GDestroyNotify    data_destroy;
  GDestroyNotify    result_destroy;
  GTask            *task;     /* the caller's */
} Queued;

static void
queued_free (Queued *q)
{
  if (q->data_destroy)
    q->data_destroy (q->data);
  g_clear_object (&q->task);
  g_free (q);
}

static void write_queued (Queued *q);

static void
queued_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Queued *q = user_data;
  GError *error = NULL;
  gpointer value;

  value = q->result_destroy ? g_task_propagate_pointer (G_TASK (result), &error)
                            : GINT_TO_POINTER (g_task_propagate_boolean (G_TASK (result), &error));
  /* the server went away: said plainly, or as a failed statement while the
   * listener saw the connection drop */
  if (error != NULL
      && (g_error_matches (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNAVAILABLE)
          || !_vigil_pg_store_check_listener (q->self))
      && _vigil_pg_store_queue_push (q->self, q))
    {
      g_debug ("kept a batch of posts for when the team database is back");
      g_error_free (error);
      /* the listener may not know yet: it looks, and replays once back */
      _vigil_pg_store_connection_lost (q->self);
      return;
    }
  if (error != NULL)
    g_task_return_error (q->task, error);
  else if (q->result_destroy)
    g_task_return_pointer (q->task, value, q->result_destroy);
  else
    g_task_return_boolean (q->task, TRUE);
  queued_free (q);
}

static void
write_queued (Queued *q)
{
  GTask *inner;

  g_main_context_push_thread_default (q->self->owner_context);
  inner = g_task_new (q->self, NULL, queued_done_cb, q);
  g_main_context_pop_thread_default (q->self->owner_context);
  /* the data stays ours until the caller's task completes */
  _vigil_pg_store_write (q->self, q->func, q->data, NULL, q->result_destroy, inner, NULL, NULL);
}

void
_vigil_pg_store_write_queued (VigilPgStore     *self,
                              VigilPgWriteFunc  func,
                              gpointer          data,
                              GDestroyNotify    data_destroy,
                              GDestroyNotify    result_destroy,
                              GTask            *task)
{
  Queued *q = g_new0 (Queued, 1);

  q->self = self;
  q->func = func;
  q->data = data;
  q->data_destroy = data_destroy;
  q->result_destroy = result_destroy;
  q->task = task;
  /* behind what is already waiting, to keep the order */
  if ((!_vigil_pg_store_is_online (self) || _vigil_pg_store_queue_length (self) > 0)
      && _vigil_pg_store_queue_push (self, q))
    return;
  write_queued (q);
}

/* The owner context, once reconnected: the kept batches, in order. */
void
_vigil_pg_store_replay_queued (VigilPgStore *self)
{
  Queued *q;

  while ((q = _vigil_pg_store_queue_pop (self)) != NULL)
    write_queued (q);
}

/* At dispose: what never reached the server fails plainly. */
void
_vigil_pg_store_fail_queued (VigilPgStore *self)
{
  Queued *q;

  while ((q = _vigil_pg_store_queue_pop (self)) != NULL)
    {
      GError *error = NULL;

      _vigil_pg_store_set_unavailable (&error, _("the store was closed before the server came back"));
      g_task_return_error (q->task, error);
      queued_free (q);
    }
}
