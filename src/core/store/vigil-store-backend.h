/* vigil-store-backend.h: what a store backend implements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-store.h"
#include "vigil-store-migrate.h"

G_BEGIN_DECLS

/* Each public vigil_store_*() call checks its arguments and dispatches to
 * one of these. Writes keep their order: a backend runs the writes (sync or
 * async) in the order they were called. Reads may run on any thread. */
struct _VigilStoreClass
{
  GObjectClass parent_class;

  const char *(*get_path)             (VigilStore              *self);

  void        (*insert_async)         (VigilStore              *self,
                                       GPtrArray               *posts,
                                       GTask                   *task);
  gboolean    (*insert)               (VigilStore              *self,
                                       GPtrArray               *posts,
                                       VigilStoreInsertResult  *out_result,
                                       GError                 **error);
  void        (*flush)                (VigilStore              *self);

  gint64      (*count_posts)          (VigilStore              *self,
                                       GError                 **error);
  gint64      (*get_last_id)          (VigilStore              *self);
  GPtrArray  *(*get_range)            (VigilStore              *self,
                                       gint64                   first_id,
                                       gint64                   last_id,
                                       guint                    limit,
                                       GError                 **error);
  GPtrArray  *(*get_posts)            (VigilStore              *self,
                                       const gint64            *ids,
                                       guint                    n_ids,
                                       GError                 **error);
  VigilPost  *(*find_post)            (VigilStore              *self,
                                       VigilPlatform            platform,
                                       const char              *remote_id,
                                       GError                 **error);
  GArray     *(*search_ids)           (VigilStore              *self,
                                       VigilSearchQuery        *query,
                                       GError                 **error);
  gboolean    (*foreach)              (VigilStore              *self,
                                       VigilSearchQuery        *query,
                                       VigilStorePostFunc       func,
                                       gpointer                 user_data,
                                       GError                 **error);
  gboolean    (*verify)               (VigilStore              *self,
                                       VigilStoreVerifyResult  *out_result,
                                       GError                 **error);

  /* a write: sync when task is NULL, else completes task (boolean) */
  gboolean    (*log_access)           (VigilStore              *self,
                                       const char              *actor,
                                       const char              *action,
                                       const char              *detail,
                                       GTask                   *task,
                                       GError                 **error);
  gboolean    (*set_cursor)           (VigilStore              *self,
                                       const char              *source,
                                       const char              *cursor,
                                       GError                 **error);
  char       *(*get_cursor)           (VigilStore              *self,
                                       const char              *source,
                                       GError                 **error);

  void        (*set_annotator)        (VigilStore              *self,
                                       VigilStoreAnnotateFunc   func,
                                       gpointer                 user_data,
                                       GDestroyNotify           destroy);
  /* writes: sync when task is NULL, else complete task (boolean) */
  gboolean    (*override_sentiment)   (VigilStore              *self,
                                       const gint64            *ids,
                                       guint                    n_ids,
                                       VigilSentiment           label,
                                       const char              *actor,
                                       GTask                   *task,
                                       GError                 **error);
  GPtrArray  *(*get_sentiment_overrides) (VigilStore           *self,
                                       gint64                   post_id,
                                       GError                 **error);
  gboolean    (*archive_alert)        (VigilStore              *self,
                                       const VigilAlertRecord  *record,
                                       GTask                   *task,
                                       GError                 **error);
  GPtrArray  *(*get_alerts)           (VigilStore              *self,
                                       const char              *watch,
                                       gint64                   since_us,
                                       guint                    limit,
                                       GError                 **error);

  /* the journal: a write, sync when task is NULL (then *out_record is
   * set), else completes task with a VigilRecord pointer */
  gboolean    (*append_record)        (VigilStore              *self,
                                       VigilRecord             *record,
                                       gint64                   expected_version,
                                       GTask                   *task,
                                       VigilRecord            **out_record,
                                       GError                 **error);
  GPtrArray  *(*list_records)         (VigilStore              *self,
                                       const char              *kind,
                                       const char              *key,
                                       gint64                   after_seq,
                                       guint                    limit,
                                       GError                 **error);

  gboolean    (*put_blob)             (VigilStore              *self,
                                       const char              *kind,
                                       const char              *key,
                                       GBytes                  *data,
                                       GError                 **error);
  GBytes     *(*get_blob)             (VigilStore              *self,
                                       const char              *kind,
                                       const char              *key,
                                       GError                 **error);
  gboolean    (*delete_blob)          (VigilStore              *self,
                                       const char              *kind,
                                       const char              *key,
                                       GError                 **error);

  void        (*watch_external)       (VigilStore              *self,
                                       guint                    interval_ms);

  /* the archive (issue 12): verify_full replaces verify when set */
  gboolean    (*verify_full)          (VigilStore                    *self,
                                       const VigilStoreVerifyOptions *options,
                                       VigilStoreVerifyResult        *out_result,
                                       GError                       **error);
  gboolean    (*backup)               (VigilStore              *self,
                                       const char              *dest_path,
                                       VigilStoreProgressFunc   progress,
                                       gpointer                 progress_data,
                                       GCancellable            *cancellable,
                                       GError                 **error);
  GPtrArray  *(*list_access)          (VigilStore              *self,
                                       gint64                   since_us,
                                       gint64                   until_us,
                                       guint                    limit,
                                       GError                 **error);

  /* retention: a write on a connection of its own (see vigil-store.h) */
  gboolean    (*purge)                (VigilStore              *self,
                                       const char              *platform,
                                       gint64                   before_us,
                                       gint64                   record_seq,
                                       guint64                 *out_posts,
                                       GError                 **error);

  /* a post's versions, oldest first (vigil_store_get_post_history) */
  GPtrArray  *(*get_post_history)     (VigilStore              *self,
                                       gint64                   post_id,
                                       GError                 **error);

  /* min (matches, cap), bounded by cap (vigil_store_count_matches) */
  gint64      (*count_matches)        (VigilStore              *self,
                                       VigilSearchQuery        *query,
                                       gint64                   cap,
                                       gboolean                *out_exact,
                                       GError                 **error);

  /* copying between backends (vigil-store-migrate.h): export on any
   * thread; import is one transaction (a write) */
  GPtrArray  *(*export_rows)          (VigilStore                  *self,
                                       const VigilStoreExportQuery *query,
                                       GError                     **error);
  gboolean    (*import_rows)          (VigilStore                  *self,
                                       GPtrArray                   *rows,
                                       GError                     **error);

  gpointer padding[5];
};

/* For backends: emit the signals, on the calling thread (a backend queues
 * an idle to the opener's context first). */
void _vigil_store_emit_changed         (VigilStore        *self,
                                        gint64             last_id,
                                        guint              n_added,
                                        guint              n_events);
void _vigil_store_emit_record_appended (VigilStore        *self,
                                        const VigilRecord *record);
/* Sets the "online" property (notifies on change), in the opener's context. */
void _vigil_store_set_online           (VigilStore        *self,
                                        gboolean           online);

#define VIGIL_RECORD_MAX_BODY_BYTES (4 * 1024 * 1024)
#define VIGIL_RECORD_MAX_NAME_BYTES 512
gboolean _vigil_record_check_sizes    (const VigilRecord *record,
                                        GError           **error);

/* Backends' constructors, for vigil_store_open(). */
VigilStore *_vigil_sqlite_store_open   (const char        *path,
                                        GError           **error);
VigilStore *_vigil_pg_store_open       (const char        *uri,
                                        const char        *password,
                                        GError           **error);

G_END_DECLS
