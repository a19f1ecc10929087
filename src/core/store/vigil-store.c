/* vigil-store.c: the archive's interface; the backends do the work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-store-backend.h"

typedef struct
{
  gboolean offline;
} VigilStorePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VigilStore, vigil_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-store-error-quark, vigil_store_error)

G_DEFINE_BOXED_TYPE (VigilRecord, vigil_record, vigil_record_copy, vigil_record_free)

enum {
  CHANGED,
  RECORD_APPENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define CLASS(self) (VIGIL_STORE_GET_CLASS (self))

static void
vigil_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, vigil_store_get_online (VIGIL_STORE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_store_class_init (VigilStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->get_property = vigil_store_get_property;

  /**
   * VigilStore:online:
   *
   * Whether the archive can be reached: always for an archive file; a team
   * database's store turns it off when its server goes away and on again
   * once it has reconnected. Notified in the opener's main context.
   */
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, TRUE,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                  | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (G_OBJECT_CLASS (klass), N_PROPS, properties);

  /**
   * VigilStore::changed:
   * @last_id: the highest post id after the write
   * @n_added: posts archived by the write
   * @n_events: edit/delete events archived by the write
   *
   * Emitted in the main context that was the thread default when the store
   * was opened, after a write transaction that archived something.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 3,
                                   G_TYPE_INT64, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * VigilStore::record-appended:
   * @record: the journal record, as archived
   *
   * Emitted in the opener's main context after a record was appended to the
   * journal, by this store or (once noticed) by another process.
   */
  signals[RECORD_APPENDED] = g_signal_new ("record-appended",
                                           G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1,
                                           VIGIL_TYPE_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
vigil_store_init (VigilStore *self)
{
}

void
_vigil_store_emit_changed (VigilStore *self,
                           gint64      last_id,
                           guint       n_added,
                           guint       n_events)
{
  g_signal_emit (self, signals[CHANGED], 0, last_id, n_added, n_events);
}

void
_vigil_store_emit_record_appended (VigilStore        *self,
                                   const VigilRecord *record)
{
  g_signal_emit (self, signals[RECORD_APPENDED], 0, record);
}

void
_vigil_store_set_online (VigilStore *self,
                         gboolean    online)
{
  VigilStorePrivate *priv = vigil_store_get_instance_private (self);

  if (priv->offline == !online)
    return;
  priv->offline = !online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

gboolean
vigil_store_get_online (VigilStore *self)
{
  VigilStorePrivate *priv;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  priv = vigil_store_get_instance_private (self);
  return !priv->offline;
}

/* Records */

VigilRecord *
vigil_record_new (const char *kind,
                  const char *key,
                  const char *actor,
                  gint64      at_us,
                  const char *body)
{
  VigilRecord *record = g_new0 (VigilRecord, 1);

  record->kind = g_strdup (kind);
  record->key = g_strdup (key);
  record->actor = g_strdup (actor);
  record->at_us = at_us;
  record->body = g_strdup (body);
  return record;
}

VigilRecord *
vigil_record_copy (const VigilRecord *record)
{
  VigilRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = vigil_record_new (record->kind, record->key, record->actor, record->at_us, record->body);
  copy->seq = record->seq;
  copy->version = record->version;
  return copy;
}

void
vigil_record_free (VigilRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->key);
  g_free (record->actor);
  g_free (record->body);
  g_free (record);
}

void
vigil_store_verify_result_clear (VigilStoreVerifyResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->first_broken, g_free);
  g_clear_pointer (&result->head_hash, g_free);
  g_clear_pointer (&result->audit_hash, g_free);
  g_clear_pointer (&result->records_hash, g_free);
  result->audit = 0;
  result->anchors_checked = 0;
  result->tampered_derived = FALSE;
  result->ok = FALSE;
  result->posts = 0;
  result->events = 0;
  result->records = 0;
}

char *
vigil_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "vigil", "vigil.db", NULL);
}

static gboolean
is_team_uri (const char *path)
{
  return path && (g_str_has_prefix (path, "postgresql://") || g_str_has_prefix (path, "postgres://"));
}

VigilStore *
vigil_store_open_with_password (const char  *path,
                                const char  *password,
                                GError     **error)
{
  if (is_team_uri (path))
    return _vigil_pg_store_open (path, password, error);
  return _vigil_sqlite_store_open (path, error);
}

VigilStore *
vigil_store_open (const char  *path,
                  GError     **error)
{
  return vigil_store_open_with_password (path, NULL, error);
}

const char *
vigil_store_get_path (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return CLASS (self)->get_path (self);
}

/* Posts */

void
vigil_store_insert_async (VigilStore          *self,
                          GPtrArray           *posts,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (posts != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_store_insert_async);
  /* writes always run once started; a cancelled write that already ran
   * reports what it did */
  g_task_set_check_cancellable (task, FALSE);
  CLASS (self)->insert_async (self, posts, task);
}

gboolean
vigil_store_insert_finish (VigilStore              *self,
                           GAsyncResult            *result,
                           VigilStoreInsertResult  *out_result,
                           GError                 **error)
{
  g_autofree VigilStoreInsertResult *res = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_insert_async, FALSE);

  res = g_task_propagate_pointer (G_TASK (result), error);
  if (res == NULL)
    return FALSE;
  if (out_result != NULL)
    *out_result = *res;
  return TRUE;
}

gboolean
vigil_store_insert (VigilStore              *self,
                    GPtrArray               *posts,
                    VigilStoreInsertResult  *out_result,
                    GError                 **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (posts != NULL, FALSE);
  return CLASS (self)->insert (self, posts, out_result, error);
}

void
vigil_store_flush (VigilStore *self)
{
  g_return_if_fail (VIGIL_IS_STORE (self));
  CLASS (self)->flush (self);
}

gint64
vigil_store_count_posts (VigilStore  *self,
                         GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);
  return CLASS (self)->count_posts (self, error);
}

gint64
vigil_store_count_matches (VigilStore        *self,
                           VigilSearchQuery  *query,
                           gint64             cap,
                           gboolean          *out_exact,
                           GError           **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), -1);
  g_return_val_if_fail (cap >= 0, -1);

  if (out_exact)
    *out_exact = TRUE;
  if (query == NULL || vigil_search_query_is_empty (query) || CLASS (self)->count_matches == NULL)
    {
      gint64 n = CLASS (self)->count_posts (self, error);

      if (n >= 0 && query != NULL && !vigil_search_query_is_empty (query))
        {
          /* a backend without bounded counts: an exact count, the slow way */
          g_autoptr(GArray) ids = CLASS (self)->search_ids (self, query, error);

          if (ids == NULL)
            return -1;
          n = ids->len;
        }
      if (n > cap && out_exact)
        *out_exact = FALSE;
      return n < 0 ? -1 : MIN (n, cap);
    }
  return CLASS (self)->count_matches (self, query, cap, out_exact, error);
}

gint64
vigil_store_get_last_id (VigilStore *self)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), 0);
  return CLASS (self)->get_last_id (self);
}

GPtrArray *
vigil_store_get_range (VigilStore  *self,
                       gint64       first_id,
                       gint64       last_id,
                       guint        limit,
                       GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return CLASS (self)->get_range (self, first_id, last_id, limit, error);
}

GPtrArray *
vigil_store_get_posts (VigilStore    *self,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  return CLASS (self)->get_posts (self, ids, n_ids, error);
}

VigilPost *
vigil_store_find_post (VigilStore     *self,
                       VigilPlatform   platform,
                       const char     *remote_id,
                       GError        **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (remote_id != NULL, NULL);
  return CLASS (self)->find_post (self, platform, remote_id, error);
}

GArray *
vigil_store_search_ids (VigilStore        *self,
                        VigilSearchQuery  *query,
                        GError           **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return CLASS (self)->search_ids (self, query, error);
}

gboolean
vigil_store_foreach (VigilStore          *self,
                     VigilSearchQuery    *query,
                     VigilStorePostFunc   func,
                     gpointer             user_data,
                     GError             **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  return CLASS (self)->foreach (self, query, func, user_data, error);
}

gboolean
vigil_store_verify (VigilStore              *self,
                    VigilStoreVerifyResult  *out_result,
                    GError                 **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  if (CLASS (self)->verify_full != NULL)
    return CLASS (self)->verify_full (self, NULL, out_result, error);
  return CLASS (self)->verify (self, out_result, error);
}

gboolean
vigil_store_verify_full (VigilStore                    *self,
                         const VigilStoreVerifyOptions *options,
                         VigilStoreVerifyResult        *out_result,
                         GError                       **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (options == NULL || options->n_anchors == 0 || options->anchors != NULL, FALSE);
  if (CLASS (self)->verify_full == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "This archive backend cannot verify derived tables");
      return FALSE;
    }
  return CLASS (self)->verify_full (self, options, out_result, error);
}

gboolean
vigil_store_backup (VigilStore              *self,
                    const char              *dest_path,
                    VigilStoreProgressFunc   progress,
                    gpointer                 progress_data,
                    GCancellable            *cancellable,
                    GError                 **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL && dest_path[0] != '\0', FALSE);
  if (CLASS (self)->backup == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "This archive backend cannot make backups");
      return FALSE;
    }
  return CLASS (self)->backup (self, dest_path, progress, progress_data, cancellable, error);
}

gboolean
vigil_store_purge (VigilStore  *self,
                   const char  *platform,
                   gint64       before_us,
                   gint64       record_seq,
                   guint64     *out_posts,
                   GError     **error)
{
  guint64 ignored = 0;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (record_seq > 0, FALSE);
  if (CLASS (self)->purge == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "This archive backend cannot purge");
      return FALSE;
    }
  return CLASS (self)->purge (self, platform, before_us, record_seq, out_posts ? out_posts : &ignored, error);
}

void
vigil_post_version_free (VigilPostVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->text);
  g_free (version->spoiler);
  g_free (version->title);
  g_strfreev (version->tags);
  g_strfreev (version->media);
  g_free (version);
}

GPtrArray *
vigil_store_get_post_history (VigilStore  *self,
                              gint64       post_id,
                              GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  if (CLASS (self)->get_post_history == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "This archive backend cannot read a post's history");
      return NULL;
    }
  return CLASS (self)->get_post_history (self, post_id, error);
}

void
vigil_access_entry_free (VigilAccessEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->actor);
  g_free (entry->action);
  g_free (entry->detail);
  g_free (entry);
}

GPtrArray *
vigil_store_list_access (VigilStore  *self,
                         gint64       since_us,
                         gint64       until_us,
                         guint        limit,
                         GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  if (CLASS (self)->list_access == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "This archive backend cannot read the access log");
      return NULL;
    }
  return CLASS (self)->list_access (self, since_us, until_us, limit, error);
}

/* The access log and cursors */

gboolean
vigil_store_log_access (VigilStore  *self,
                        const char  *actor,
                        const char  *action,
                        const char  *detail,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);
  g_return_val_if_fail (action != NULL, FALSE);
  return CLASS (self)->log_access (self, actor, action, detail, NULL, error);
}

/* The same without blocking the caller (the GUI logs every search a person
 * runs): the entry is queued behind any write in progress. */
void
vigil_store_log_access_async (VigilStore          *self,
                              const char          *actor,
                              const char          *action,
                              const char          *detail,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (actor != NULL);
  g_return_if_fail (action != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_store_log_access_async);
  CLASS (self)->log_access (self, actor, action, detail, task, NULL);
}

gboolean
vigil_store_log_access_finish (VigilStore    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_log_access_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
vigil_store_set_cursor (VigilStore  *self,
                        const char  *source,
                        const char  *cursor,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  return CLASS (self)->set_cursor (self, source, cursor, error);
}

char *
vigil_store_get_cursor (VigilStore  *self,
                        const char  *source,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);
  return CLASS (self)->get_cursor (self, source, error);
}

/* Annotations, overrides and alerts */

void
vigil_store_set_annotator (VigilStore             *self,
                           VigilStoreAnnotateFunc  func,
                           gpointer                user_data,
                           GDestroyNotify          destroy)
{
  g_return_if_fail (VIGIL_IS_STORE (self));
  CLASS (self)->set_annotator (self, func, user_data, func ? destroy : NULL);
}

gboolean
vigil_store_override_sentiment (VigilStore      *self,
                                const gint64    *ids,
                                guint            n_ids,
                                VigilSentiment   label,
                                const char      *actor,
                                GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);
  return CLASS (self)->override_sentiment (self, ids, n_ids, label, actor, NULL, error);
}

void
vigil_store_override_sentiment_async (VigilStore          *self,
                                      const gint64        *ids,
                                      guint                n_ids,
                                      VigilSentiment       label,
                                      const char          *actor,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_store_override_sentiment_async);
  CLASS (self)->override_sentiment (self, ids, n_ids, label, actor, task, NULL);
}

gboolean
vigil_store_override_sentiment_finish (VigilStore    *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_override_sentiment_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
vigil_store_get_sentiment_overrides (VigilStore  *self,
                                     gint64       post_id,
                                     GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return CLASS (self)->get_sentiment_overrides (self, post_id, error);
}

gboolean
vigil_store_archive_alert (VigilStore              *self,
                           const VigilAlertRecord  *record,
                           GError                 **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  return CLASS (self)->archive_alert (self, record, NULL, error);
}

void
vigil_store_archive_alert_async (VigilStore              *self,
                                 const VigilAlertRecord  *record,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  GTask *task;

  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (record != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_store_archive_alert_async);
  CLASS (self)->archive_alert (self, record, task, NULL);
}

gboolean
vigil_store_archive_alert_finish (VigilStore    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_archive_alert_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GPtrArray *
vigil_store_get_alerts (VigilStore  *self,
                        const char  *watch,
                        gint64       since_us,
                        guint        limit,
                        GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return CLASS (self)->get_alerts (self, watch, since_us, limit, error);
}

/* The journal */

static VigilRecord *
check_record (const char  *kind,
              const char  *key,
              const char  *actor,
              gint64       at_us,
              const char  *body,
              GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!kind || !*kind || !key || !*key || !actor || !*actor)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A journal record needs a kind, a key and who made it"));
      return NULL;
    }
  if (!body || !g_utf8_validate (body, -1, NULL))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A journal record’s body must be UTF-8 text"));
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, body, -1, &local_error)
      || !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A journal record’s body must be a JSON object (%s)"),
                   local_error ? local_error->message : _("not an object"));
      return NULL;
    }
  return vigil_record_new (kind, key, actor, at_us > 0 ? at_us : g_get_real_time (), body);
}

/* For backends: a record within the journal's bounds (4 MiB bodies; kind,
 * key and actor 512 bytes), else VIGIL_STORE_ERROR_INVALID. */
gboolean
_vigil_record_check_sizes (const VigilRecord  *record,
                           GError            **error)
{
  if (strlen (record->kind) > VIGIL_RECORD_MAX_NAME_BYTES || strlen (record->key) > VIGIL_RECORD_MAX_NAME_BYTES
      || strlen (record->actor) > VIGIL_RECORD_MAX_NAME_BYTES)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A journal record’s kind, key or actor is longer than %d bytes"), VIGIL_RECORD_MAX_NAME_BYTES);
      return FALSE;
    }
  if (strlen (record->body) > VIGIL_RECORD_MAX_BODY_BYTES)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A journal record of %zu bytes is larger than the %d MiB the archive takes"),
                   strlen (record->body), VIGIL_RECORD_MAX_BODY_BYTES / (1024 * 1024));
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_store_append_record (VigilStore   *self,
                           const char   *kind,
                           const char   *key,
                           gint64        expected_version,
                           const char   *actor,
                           gint64        at_us,
                           const char   *body,
                           VigilRecord **out_record,
                           GError      **error)
{
  g_autoptr(VigilRecord) record = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);

  if (!(record = check_record (kind, key, actor, at_us, body, error)))
    return FALSE;
  return CLASS (self)->append_record (self, record, expected_version, NULL, out_record, error);
}

void
vigil_store_append_record_async (VigilStore          *self,
                                 const char          *kind,
                                 const char          *key,
                                 gint64               expected_version,
                                 const char          *actor,
                                 gint64               at_us,
                                 const char          *body,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(VigilRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  GTask *task;

  g_return_if_fail (VIGIL_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_store_append_record_async);
  g_task_set_check_cancellable (task, FALSE);
  if (!(record = check_record (kind, key, actor, at_us, body, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  CLASS (self)->append_record (self, record, expected_version, task, NULL, NULL);
}

gboolean
vigil_store_append_record_finish (VigilStore    *self,
                                  GAsyncResult  *result,
                                  VigilRecord  **out_record,
                                  GError       **error)
{
  g_autoptr(VigilRecord) record = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_append_record_async,
                        FALSE);

  record = g_task_propagate_pointer (G_TASK (result), error);
  if (record == NULL)
    return FALSE;
  if (out_record != NULL)
    *out_record = g_steal_pointer (&record);
  return TRUE;
}

GPtrArray *
vigil_store_list_records (VigilStore  *self,
                          const char  *kind,
                          const char  *key,
                          gint64       after_seq,
                          guint        limit,
                          GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  return CLASS (self)->list_records (self, kind, key, after_seq, limit, error);
}

typedef struct
{
  char   *kind;
  char   *key;
  gint64  after_seq;
  guint   limit;
} ListRecords;

static void
list_records_free (gpointer data)
{
  ListRecords *l = data;

  g_free (l->kind);
  g_free (l->key);
  g_free (l);
}

static void
list_records_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ListRecords *l = task_data;
  GError *error = NULL;
  GPtrArray *records;

  records = vigil_store_list_records (source_object, l->kind, l->key, l->after_seq, l->limit,
                                      &error);
  if (records == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, records, (GDestroyNotify) g_ptr_array_unref);
}

void
vigil_store_list_records_async (VigilStore          *self,
                                const char          *kind,
                                const char          *key,
                                gint64               after_seq,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListRecords *l;

  g_return_if_fail (VIGIL_IS_STORE (self));

  l = g_new0 (ListRecords, 1);
  l->kind = g_strdup (kind);
  l->key = g_strdup (key);
  l->after_seq = after_seq;
  l->limit = limit;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, vigil_store_list_records_async);
  g_task_set_task_data (task, l, list_records_free);
  g_task_run_in_thread (task, list_records_thread);
}

GPtrArray *
vigil_store_list_records_finish (VigilStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_store_list_records_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Blobs */

static gboolean
check_blob_key (const char  *kind,
                const char  *key,
                GError     **error)
{
  if (!kind || !*kind || !key || !*key)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_INVALID,
                   _("A stored blob needs a kind and a key"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_store_put_blob (VigilStore  *self,
                      const char  *kind,
                      const char  *key,
                      GBytes      *data,
                      GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  return check_blob_key (kind, key, error) && CLASS (self)->put_blob (self, kind, key, data, error);
}

GBytes *
vigil_store_get_blob (VigilStore  *self,
                      const char  *kind,
                      const char  *key,
                      GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), NULL);
  if (!check_blob_key (kind, key, error))
    return NULL;
  return CLASS (self)->get_blob (self, kind, key, error);
}

gboolean
vigil_store_delete_blob (VigilStore  *self,
                         const char  *kind,
                         const char  *key,
                         GError     **error)
{
  g_return_val_if_fail (VIGIL_IS_STORE (self), FALSE);
  return check_blob_key (kind, key, error) && CLASS (self)->delete_blob (self, kind, key, error);
}

void
vigil_store_watch_external (VigilStore *self,
                            guint       interval_ms)
{
  g_return_if_fail (VIGIL_IS_STORE (self));
  g_return_if_fail (interval_ms > 0);
  CLASS (self)->watch_external (self, interval_ms);
}
