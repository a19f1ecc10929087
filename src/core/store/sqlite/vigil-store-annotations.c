/* vigil-store-annotations.c: the classifier's annotations, sentiment
 * overrides and the alerts archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The `annotations` table is derived: each row is what the classifier said
 * about a post when it was archived or last edited (recomputable by
 * classifying again), plus the post's current sentiment override, which is
 * the latest row of the append-only `sentiment_overrides` table. Writes run
 * on the worker thread, inside the caller's transaction.
 */
#define G_LOG_DOMAIN "vigil-store-annotations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-store-private.h"

#define MAX_ACTOR        256
#define MAX_DESCRIPTION  1024
#define MAX_OVERRIDE_IDS 100000

struct _VigilStoreAnnotations
{
  sqlite3      *db;
  sqlite3_stmt *upsert;
  sqlite3_stmt *post_exists;
  sqlite3_stmt *insert_override;
  sqlite3_stmt *set_override;
  sqlite3_stmt *insert_alert;
  GString      *lists[4];
  VigilStoreAudit *audit;       /* chains overrides and alerts (format 5) */
};

void
_vigil_store_annotations_free (VigilStoreAnnotations *anno)
{
  if (anno == NULL)
    return;
  sqlite3_finalize (anno->upsert);
  sqlite3_finalize (anno->post_exists);
  sqlite3_finalize (anno->insert_override);
  sqlite3_finalize (anno->set_override);
  sqlite3_finalize (anno->insert_alert);
  _vigil_store_audit_free (anno->audit);
  for (guint i = 0; i < G_N_ELEMENTS (anno->lists); i++)
    g_string_free (anno->lists[i], TRUE);
  g_free (anno);
}

VigilStoreAnnotations *
_vigil_store_annotations_new (sqlite3  *db,
                              GError  **error)
{
  VigilStoreAnnotations *anno = g_new0 (VigilStoreAnnotations, 1);

  anno->db = db;
  for (guint i = 0; i < G_N_ELEMENTS (anno->lists); i++)
    anno->lists[i] = g_string_new (NULL);

#define PREPARE(field, sql) \
  if ((anno->field = _vigil_store_prepare (db, sql, error)) == NULL) \
    goto fail;

  /* an edit reclassifies the post but keeps its duplicate group (NULL) and
   * never touches the override */
  PREPARE (upsert,
           "INSERT INTO annotations (post_id, label, compound, lang, categories, watches, "
           "reach, ots, imp_score, imp_reasons, moderation, dup_group, dup_count, updated_us) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
           "ON CONFLICT (post_id) DO UPDATE SET label = excluded.label, "
           "compound = excluded.compound, lang = excluded.lang, "
           "categories = excluded.categories, watches = excluded.watches, "
           "reach = excluded.reach, ots = excluded.ots, imp_score = excluded.imp_score, "
           "imp_reasons = excluded.imp_reasons, moderation = excluded.moderation, "
           "dup_group = coalesce (excluded.dup_group, dup_group), "
           "dup_count = coalesce (excluded.dup_count, dup_count), "
           "updated_us = excluded.updated_us");
  PREPARE (post_exists, "SELECT 1 FROM posts WHERE id = ?");
  PREPARE (insert_override,
           "INSERT INTO sentiment_overrides (post_id, label, actor, at_us) VALUES (?, ?, ?, ?)");
  PREPARE (set_override,
           "INSERT INTO annotations (post_id, override, updated_us) VALUES (?, ?, ?) "
           "ON CONFLICT (post_id) DO UPDATE SET override = excluded.override, "
           "updated_us = excluded.updated_us");
  PREPARE (insert_alert,
           "INSERT INTO alerts (watch, started_us, updated_us, window_start_us, window_us, "
           "count, negative_share, mean, stddev, z, severity, ongoing, description, archived_us) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
#undef PREPARE

  /* rows written before format 5 join the audit chain now, once */
  if (!_vigil_store_audit_seal (db, error))
    goto fail;
  if ((anno->audit = _vigil_store_audit_new (db, error)) == NULL)
    goto fail;

  return anno;

fail:
  _vigil_store_annotations_free (anno);
  return NULL;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
step_done (VigilStoreAnnotations  *anno,
           sqlite3_stmt           *stmt,
           const char             *what,
           GError                **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _vigil_store_set_error (error, anno->db, what);
      return FALSE;
    }
  return TRUE;
}

gboolean
_vigil_store_annotations_save (VigilStoreAnnotations  *anno,
                               GPtrArray              *posts,
                               gint64                  now_us,
                               GError                **error)
{
  for (guint i = 0; posts != NULL && i < posts->len; i++)
    {
      VigilPost *post = g_ptr_array_index (posts, i);
      sqlite3_stmt *stmt = anno->upsert;
      VigilSentiment label;
      gint64 id = vigil_post_get_id (post);
      gint64 reach;
      double ots;
      double imp;

      if (id <= 0 || !vigil_post_get_classified (post))
        continue;

      label = vigil_post_get_computed_sentiment (post);
      reach = vigil_post_get_reach (post);
      ots = vigil_post_get_ots (post);
      imp = vigil_post_get_impersonation_score (post);

      sqlite3_bind_int64 (stmt, 1, id);
      if (label != VIGIL_SENTIMENT_NONE)
        sqlite3_bind_int (stmt, 2, label);
      else
        sqlite3_bind_null (stmt, 2);
      sqlite3_bind_double (stmt, 3, vigil_post_get_sentiment_compound (post));
      bind_text (stmt, 4, vigil_post_get_lang (post));
      bind_text (stmt, 5, _vigil_store_join_list (anno->lists[0], vigil_post_get_categories (post)));
      bind_text (stmt, 6, _vigil_store_join_list (anno->lists[1], vigil_post_get_watches (post)));
      if (reach >= 0)
        sqlite3_bind_int64 (stmt, 7, reach);
      if (ots >= 0)
        sqlite3_bind_double (stmt, 8, ots);
      if (imp > 0)
        {
          sqlite3_bind_double (stmt, 9, imp);
          bind_text (stmt, 10, _vigil_store_join_list (anno->lists[2], vigil_post_get_impersonation_reasons (post)));
        }
      bind_text (stmt, 11, _vigil_store_join_list (anno->lists[3], vigil_post_get_moderation (post)));
      if (vigil_post_get_duplicate_group (post) > 0)
        {
          sqlite3_bind_int64 (stmt, 12, vigil_post_get_duplicate_group (post));
          sqlite3_bind_int64 (stmt, 13, MAX (1, vigil_post_get_duplicate_count (post)));
        }
      sqlite3_bind_int64 (stmt, 14, now_us);
      if (!step_done (anno, stmt, _("Could not save a post's annotations"), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_vigil_store_annotations_override (VigilStoreAnnotations  *anno,
                                   const gint64           *ids,
                                   guint                   n_ids,
                                   VigilSentiment          label,
                                   const char             *actor,
                                   gint64                  now_us,
                                   GError                **error)
{
  g_autofree char *valid_actor = NULL;

  if (actor == NULL || actor[0] == '\0')
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("A sentiment override needs the name of the person who made it."));
      return FALSE;
    }
  if (label < VIGIL_SENTIMENT_NONE || label > VIGIL_SENTIMENT_POSITIVE)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("Unknown sentiment label %d in an override."), (int) label);
      return FALSE;
    }
  if (n_ids > MAX_OVERRIDE_IDS)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("Too many posts in one sentiment override (%u, at most %u): "
                     "override them in smaller selections."),
                   n_ids, (guint) MAX_OVERRIDE_IDS);
      return FALSE;
    }
  valid_actor = g_utf8_make_valid (actor, MIN (strlen (actor), MAX_ACTOR));

  for (guint i = 0; i < n_ids; i++)
    {
      int rc;

      sqlite3_bind_int64 (anno->post_exists, 1, ids[i]);
      rc = sqlite3_step (anno->post_exists);
      sqlite3_reset (anno->post_exists);
      if (rc == SQLITE_DONE)
        {
          g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                       _("Post %" G_GINT64_FORMAT " is not in the archive: "
                         "no sentiment override was saved."), ids[i]);
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        {
          _vigil_store_set_error (error, anno->db, _("Could not look up a post"));
          return FALSE;
        }

      sqlite3_bind_int64 (anno->insert_override, 1, ids[i]);
      sqlite3_bind_int (anno->insert_override, 2, label);
      sqlite3_bind_text (anno->insert_override, 3, valid_actor, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (anno->insert_override, 4, now_us);
      if (!step_done (anno, anno->insert_override, _("Could not archive a sentiment override"), error)
          || !_vigil_store_audit_append (anno->audit, "sentiment_overrides",
                                         sqlite3_last_insert_rowid (anno->db), error))
        return FALSE;

      sqlite3_bind_int64 (anno->set_override, 1, ids[i]);
      if (label != VIGIL_SENTIMENT_NONE)
        sqlite3_bind_int (anno->set_override, 2, label);
      sqlite3_bind_int64 (anno->set_override, 3, now_us);
      if (!step_done (anno, anno->set_override, _("Could not save a sentiment override"), error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_vigil_store_annotations_alert (VigilStoreAnnotations   *anno,
                                const VigilAlertRecord  *r,
                                gint64                   now_us,
                                GError                 **error)
{
  sqlite3_stmt *stmt = anno->insert_alert;
  g_autofree char *description = NULL;

  if (r->description != NULL)
    description = g_utf8_make_valid (r->description, MIN (strlen (r->description), MAX_DESCRIPTION));

  bind_text (stmt, 1, r->watch);
  sqlite3_bind_int64 (stmt, 2, r->started_us);
  sqlite3_bind_int64 (stmt, 3, r->updated_us);
  sqlite3_bind_int64 (stmt, 4, r->window_start_us);
  sqlite3_bind_int64 (stmt, 5, r->window_us);
  sqlite3_bind_int64 (stmt, 6, r->count);
  sqlite3_bind_double (stmt, 7, r->negative_share);
  sqlite3_bind_double (stmt, 8, r->mean);
  sqlite3_bind_double (stmt, 9, r->stddev);
  sqlite3_bind_double (stmt, 10, r->z);
  sqlite3_bind_int (stmt, 11, r->severity);
  sqlite3_bind_int (stmt, 12, r->ongoing ? 1 : 0);
  bind_text (stmt, 13, description);
  sqlite3_bind_int64 (stmt, 14, now_us);
  return step_done (anno, stmt, _("Could not archive an alert"), error)
         && _vigil_store_audit_append (anno->audit, "alerts", sqlite3_last_insert_rowid (anno->db), error);
}

/* Reads */

void
vigil_sentiment_override_free (VigilSentimentOverride *record)
{
  if (record == NULL)
    return;
  g_free (record->actor);
  g_free (record);
}

VigilAlertRecord *
vigil_alert_record_copy (const VigilAlertRecord *record)
{
  VigilAlertRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);
  copy = g_memdup2 (record, sizeof *record);
  copy->watch = g_strdup (record->watch);
  copy->description = g_strdup (record->description);
  return copy;
}

void
vigil_alert_record_free (VigilAlertRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->watch);
  g_free (record->description);
  g_free (record);
}

GPtrArray *
_vigil_store_read_overrides (sqlite3  *db,
                             gint64    post_id,
                             GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_sentiment_override_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT post_id, label, actor, at_us FROM sentiment_overrides "
                          "WHERE post_id = ? ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigil_store_set_error (error, db, _("Could not read sentiment overrides"));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, post_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigilSentimentOverride *o = g_new0 (VigilSentimentOverride, 1);
      int label = sqlite3_column_int (stmt, 1);

      o->post_id = sqlite3_column_int64 (stmt, 0);
      o->label = (label >= VIGIL_SENTIMENT_NONE && label <= VIGIL_SENTIMENT_POSITIVE)
                 ? (VigilSentiment) label : VIGIL_SENTIMENT_NONE;
      o->actor = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      o->at_us = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (out, o);
    }
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read sentiment overrides"));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&out);
}

GPtrArray *
_vigil_store_read_alerts (sqlite3     *db,
                          const char  *watch,
                          gint64       since_us,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_alert_record_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT id, watch, started_us, updated_us, window_start_us, window_us, "
                          "count, negative_share, mean, stddev, z, severity, ongoing, description "
                          "FROM alerts WHERE updated_us >= ?1 AND (?2 IS NULL OR watch = ?2) "
                          "ORDER BY updated_us DESC, id DESC LIMIT ?3",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      _vigil_store_set_error (error, db, _("Could not read the alerts archive"));
      return NULL;
    }
  sqlite3_bind_int64 (stmt, 1, since_us);
  bind_text (stmt, 2, watch);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      VigilAlertRecord *r = g_new0 (VigilAlertRecord, 1);

      r->id = sqlite3_column_int64 (stmt, 0);
      r->watch = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      r->started_us = sqlite3_column_int64 (stmt, 2);
      r->updated_us = sqlite3_column_int64 (stmt, 3);
      r->window_start_us = sqlite3_column_int64 (stmt, 4);
      r->window_us = sqlite3_column_int64 (stmt, 5);
      r->count = (guint) CLAMP (sqlite3_column_int64 (stmt, 6), 0, G_MAXUINT);
      r->negative_share = sqlite3_column_double (stmt, 7);
      r->mean = sqlite3_column_double (stmt, 8);
      r->stddev = sqlite3_column_double (stmt, 9);
      r->z = sqlite3_column_double (stmt, 10);
      r->severity = sqlite3_column_int (stmt, 11);
      r->ongoing = sqlite3_column_int (stmt, 12) != 0;
      r->description = g_strdup ((const char *) sqlite3_column_text (stmt, 13));
      g_ptr_array_add (out, r);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _vigil_store_set_error (error, db, _("Could not read the alerts archive"));
      return NULL;
    }
  return g_steal_pointer (&out);
}
