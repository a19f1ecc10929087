/* vigil-pg-store-posts.c: the posts' write vfuncs on PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inserts go through the ordered writer (vigil-pg-store.c); the insert
 * itself is vigil-pg-store-writer.c's; reads are vigil-pg-store-reads.c's.
 */
#define G_LOG_DOMAIN "vigil-pg-store-posts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-pg-store-live.h"

void
_vigil_pg_store_writer_free (gpointer post_writer)
{
  /* the writer keeps no state between transactions */
}

static gboolean
insert_write (VigilPgStore  *self,
              PGconn        *conn,
              gpointer       data,
              gpointer      *out_result,
              GError       **error)
{
  GPtrArray *posts = data;
  VigilStoreInsertResult *result = g_new0 (VigilStoreInsertResult, 1);
  gint64 last_event_id = 0;

  if (!_vigil_pg_store_insert_posts (self, conn, posts, result, &last_event_id, error))
    {
      g_free (result);
      return FALSE;
    }
  if (result->added + result->edits + result->deletes + result->orphans > 0)
    _vigil_pg_store_emit_insert (self, result->last_id, last_event_id, result->added,
                                 result->edits + result->deletes + result->orphans);
  *out_result = result;
  return TRUE;
}

static gboolean
pg_store_insert (VigilStore              *store,
                 GPtrArray               *posts,
                 VigilStoreInsertResult  *out_result,
                 GError                 **error)
{
  VigilStoreInsertResult *result = NULL;

  if (!_vigil_pg_store_write (VIGIL_PG_STORE (store), insert_write, g_ptr_array_ref (posts),
                              (GDestroyNotify) g_ptr_array_unref, g_free, NULL,
                              (gpointer *) &result, error))
    return FALSE;
  if (out_result != NULL)
    *out_result = *result;
  g_free (result);
  return TRUE;
}

static void
pg_store_insert_async (VigilStore *store,
                       GPtrArray  *posts,
                       GTask      *task)
{
  GError *error = NULL;

  /* cancelled before it started: skipped (once started, a write runs) */
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* kept and written again in order if the server is away (pglive's) */
  _vigil_pg_store_write_queued (VIGIL_PG_STORE (store), insert_write, g_ptr_array_ref (posts),
                                (GDestroyNotify) g_ptr_array_unref, g_free, task);
}

static gboolean
pg_store_purge (VigilStore   *store,
                const char   *platform,
                gint64        before_us,
                gint64        record_seq,
                guint64      *out_posts,
                GError      **error)
{
  g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_UNSUPPORTED,
               _("Retention is not supported on team databases yet: nothing was purged"));
  return FALSE;
}

void
_vigil_pg_store_class_init_posts (VigilStoreClass *store_class)
{
  store_class->insert = pg_store_insert;
  store_class->insert_async = pg_store_insert_async;
  store_class->purge = pg_store_purge;
  _vigil_pg_store_class_init_reads (store_class);
  _vigil_pg_store_class_init_verify (store_class);
}
