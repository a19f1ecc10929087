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
