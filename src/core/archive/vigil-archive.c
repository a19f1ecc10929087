/* vigil-archive.c: verify with anchors and checkpoints, backups, restore,
 * the access log as a person reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No SQL here: everything goes through VigilStore (a PostgreSQL backend
 * gets the same behaviour by implementing verify_full, backup and
 * list_access).
 */
#define G_LOG_DOMAIN "vigil-archive"

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-archive.h"
#include "vigil-json-writer.h"

void
vigil_archive_report_clear (VigilArchiveReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->verdict, g_free);
  vigil_store_verify_result_clear (&report->store);
  memset (report, 0, sizeof *report);
}

static char *
format_us (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return dt ? g_date_time_format_iso8601 (dt) : g_strdup ("?");
}

static char *check_purges (VigilStore *store,
                           GBytes     *key);

gboolean
vigil_archive_verify (VigilStore                      *store,
                      const VigilArchiveVerifyOptions *options,
                      VigilArchiveReport              *report,
                      GError                         **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_archive_checkpoint_free);
  g_autoptr(GArray) anchors = g_array_new (FALSE, TRUE, sizeof (VigilStoreAnchor));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  VigilStoreVerifyOptions store_options = { 0 };
  VigilArchiveVerifyOptions none = { 0 };
  char *forged = NULL;

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);
  if (options == NULL)
    options = &none;
  memset (report, 0, sizeof *report);

  records = vigil_store_list_records (store, VIGIL_ARCHIVE_CHECKPOINT_KIND, NULL, 0, 0, error);
  if (records == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      VigilRecord *record = g_ptr_array_index (records, i);
      g_autoptr(GError) local = NULL;
      VigilArchiveCheckpoint *cp = vigil_archive_checkpoint_from_json (record->body, &local);

      report->checkpoints++;
      if (cp == NULL || (options->key != NULL && !vigil_archive_checkpoint_check (cp, options->key)))
        {
          g_autofree char *when = format_us (record->at_us);

          if (forged == NULL)
            {
              g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, record->seq);

              forged = g_strdup_printf (_("checkpoint of %s (journal record %s): its MAC "
                                          "does not match the key in the keyring: it was forged or altered"),
                                        when, seq);
            }
          vigil_archive_checkpoint_free (cp);
          continue;
        }
      report->last_checkpoint_us = MAX (report->last_checkpoint_us, cp->at_us);
      g_ptr_array_add (checkpoints, cp);
    }
  report->key_missing = options->key == NULL && report->checkpoints > 0;

  /* unverifiable checkpoints (no key) are still anchors: a rewrite that
   * kept them would have had to keep their heads too */
  for (guint i = 0; i < checkpoints->len; i++)
    {
      VigilArchiveCheckpoint *cp = g_ptr_array_index (checkpoints, i);
      g_autofree char *when = format_us (cp->at_us);
      VigilStoreAnchor anchor = { 0 };

      anchor.rows = cp->rows;
      anchor.head_hash = cp->head_hash;
      anchor.audit_rows = cp->audit_rows;
      anchor.audit_hash = cp->audit_hash && *cp->audit_hash ? cp->audit_hash : NULL;
      anchor.records = cp->records;
      anchor.records_hash = cp->records_hash && *cp->records_hash ? cp->records_hash : NULL;
      anchor.label = g_strdup_printf (_("checkpoint of %s"), when);
      g_ptr_array_add (labels, (char *) anchor.label);
      g_array_append_val (anchors, anchor);
    }
  if (options->expect_head != NULL)
    {
      VigilStoreAnchor anchor = { 0 };

      anchor.rows = options->expect_rows;
      anchor.head_hash = options->expect_head;
      anchor.label = _("the expected head");
      g_array_append_val (anchors, anchor);
    }

  store_options.anchors = (const VigilStoreAnchor *) anchors->data;
  store_options.n_anchors = anchors->len;
  store_options.progress = options->progress;
  store_options.progress_data = options->progress_data;
  store_options.cancellable = options->cancellable;
  store_options.chain_only = options->chain_only;
  if (!vigil_store_verify_full (store, &store_options, &report->store, error))
    {
      g_free (forged);
      return FALSE;
    }

  if (!report->store.ok)
    report->verdict = g_strdup (report->store.first_broken);
  else if (forged != NULL)
    report->verdict = g_steal_pointer (&forged);
  else
    report->verdict = check_purges (store, options->key);
  report->ok = report->verdict == NULL;
  if (report->ok && options->key != NULL)
    report->checkpoints_checked = checkpoints->len;
  g_free (forged);
  return TRUE;
}

gboolean
vigil_archive_checkpoint (VigilStore              *store,
                          GBytes                  *key,
                          const char              *actor,
                          const char              *external_path,
                          VigilArchiveCheckpoint **out_checkpoint,
                          GError                 **error)
{
  g_autoptr(VigilArchiveCheckpoint) cp = g_new0 (VigilArchiveCheckpoint, 1);
  g_autofree char *body = NULL;
  VigilArchiveVerifyOptions options = { 0 };
  VigilArchiveReport report = { 0 };

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  options.key = key;
  options.chain_only = TRUE;
  if (!vigil_archive_verify (store, &options, &report, error))
    return FALSE;
  if (!report.ok)
    {
      g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_TAMPERED,
                   _("No checkpoint was written: the archive does not verify (%s)"), report.verdict);
      vigil_archive_report_clear (&report);
      return FALSE;
    }
  cp->at_us = g_get_real_time ();
  cp->rows = report.store.posts + report.store.events;
  cp->head_hash = g_strdup (report.store.head_hash);
  cp->audit_rows = report.store.audit;
  cp->audit_hash = g_strdup (report.store.audit_hash);
  cp->records = report.store.records;
  cp->records_hash = g_strdup (report.store.records_hash);
  vigil_archive_report_clear (&report);
  if (cp->rows == 0)
    {
      g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_INVALID,
                   _("No checkpoint was written: the archive is empty"));
      return FALSE;
    }
  vigil_archive_checkpoint_sign (cp, key);
  body = vigil_archive_checkpoint_to_json (cp);

  if (external_path != NULL)
    {
      g_autofree char *line = vigil_archive_checkpoint_to_line (cp);
      g_autoptr(GFile) file = g_file_new_for_path (external_path);
      g_autoptr(GFileOutputStream) out = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, error);
      g_autoptr(GString) text = g_string_new (line);

      g_string_append_c (text, '\n');
      if (out == NULL
          || !g_output_stream_write_all (G_OUTPUT_STREAM (out), text->str, text->len, NULL, NULL, error)
          || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
        return FALSE;
    }
  if (!vigil_store_append_record (store, VIGIL_ARCHIVE_CHECKPOINT_KIND, "head", VIGIL_RECORD_ANY_VERSION,
                                  actor && *actor ? actor : "vigil", cp->at_us, body, NULL, error))
    return FALSE;
  if (out_checkpoint)
    *out_checkpoint = g_steal_pointer (&cp);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
vigil_archive_backup_rotate (VigilStore  *store,
                             const char  *folder,
                             guint        keep,
                             char       **out_path,
                             GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S-%f");
  g_autofree char *name = g_strdup_printf ("vigil-backup-%s.db", stamp);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the backup folder %s: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  if (!vigil_store_backup (store, path, NULL, NULL, NULL, error))
    return FALSE;

  if (keep > 0 && (dir = g_dir_open (folder, 0, NULL)) != NULL)
    {
      while ((entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_prefix (entry, "vigil-backup-") && g_str_has_suffix (entry, ".db"))
          g_ptr_array_add (names, g_strdup (entry));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; names->len > keep && i < names->len - keep; i++)
        {
          g_autofree char *old = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
          g_unlink (old);
        }
    }
  if (out_path)
    *out_path = g_steal_pointer (&path);
  return TRUE;
}

static char *
purge_mac (const char *platform,
           gint64      before_us,
           gint64      at_us,
           GBytes     *key)
{
  g_autofree char *text = g_strdup_printf ("vigil.purge.v1\n%s\n%" G_GINT64_FORMAT "\n%" G_GINT64_FORMAT "\n",
                                           platform ? platform : "", before_us, at_us);
  gsize len;
  const guint8 *k = g_bytes_get_data (key, &len);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, k, len, text, -1);
}

gboolean
vigil_archive_purge (VigilStore  *store,
                     GBytes      *key,
                     const char  *actor,
                     const char  *platform,
                     gint64       before_us,
                     guint64     *out_posts,
                     GError     **error)
{
  g_autoptr(VigilRecord) record = NULL;
  g_autoptr(GString) body = g_string_new ("{");
  g_autofree char *mac = NULL;
  gint64 at_us = g_get_real_time ();

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  mac = purge_mac (platform, before_us, at_us, key);
  vigil_json_writer_member (body, "platform", platform, FALSE);
  g_string_append_printf (body, ",\"before_us\":%" G_GINT64_FORMAT ",\"at_us\":%" G_GINT64_FORMAT,
                          before_us, at_us);
  vigil_json_writer_member (body, "mac", mac, TRUE);
  g_string_append_c (body, '}');
  if (!vigil_store_append_record (store, VIGIL_ARCHIVE_PURGE_KIND, platform ? platform : "all",
                                  VIGIL_RECORD_ANY_VERSION, actor && *actor ? actor : "vigil", at_us,
                                  body->str, &record, error))
    return FALSE;
  return vigil_store_purge (store, platform, before_us, record->seq, out_posts, error);
}

/* The first purge record whose MAC does not match, described; NULL if none. */
static char *
check_purges (VigilStore  *store,
              GBytes      *key)
{
  g_autoptr(GPtrArray) records = vigil_store_list_records (store, VIGIL_ARCHIVE_PURGE_KIND, NULL, 0, 0, NULL);

  for (guint i = 0; records && key && i < records->len; i++)
    {
      VigilRecord *record = g_ptr_array_index (records, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *mac = NULL;
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, record->seq);
      JsonObject *o;

      if (!json_parser_load_from_data (parser, record->body, -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return g_strdup_printf (_("purge record %s: not a purge (it was altered)"), seq);
      o = json_node_get_object (json_parser_get_root (parser));
      mac = purge_mac (json_object_get_string_member_with_default (o, "platform", NULL),
                       json_object_get_int_member_with_default (o, "before_us", 0),
                       json_object_get_int_member_with_default (o, "at_us", 0), key);
      if (g_strcmp0 (mac, json_object_get_string_member_with_default (o, "mac", "")) != 0)
        return g_strdup_printf (_("purge record %s (by %s): its MAC does not match the key "
                                  "in the keyring: the purge was forged, the content it cleared was "
                                  "removed outside Vigil"), seq, record->actor);
    }
  return NULL;
}

gboolean
vigil_archive_backup_due (const char *folder,
                          guint       interval_hours,
                          gint64      now_us)
{
  g_autoptr(GDir) dir = NULL;
  const char *entry;
  gint64 newest = 0;

  if (folder == NULL || folder[0] == '\0' || interval_hours == 0)
    return FALSE;
  if ((dir = g_dir_open (folder, 0, NULL)) == NULL)
    return TRUE;
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (entry, "vigil-backup-") || !g_str_has_suffix (entry, ".db"))
        continue;
      path = g_build_filename (folder, entry, NULL);
      if (g_stat (path, &st) == 0)
        newest = MAX (newest, (gint64) st.st_mtime * G_USEC_PER_SEC);
    }
  return now_us - newest >= (gint64) interval_hours * 3600 * G_USEC_PER_SEC;
}

gboolean
vigil_archive_restore (const char          *backup_path,
                       const char          *db_path,
                       GBytes              *key,
                       VigilArchiveReport  *report,
                       GError             **error)
{
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *base = g_path_get_basename (db_path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.restore-%08x", dir, base, g_random_int ());
  g_autofree char *tmp_wal = g_strconcat (tmp, "-wal", NULL);
  g_autofree char *tmp_shm = g_strconcat (tmp, "-shm", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (backup_path);
  g_autoptr(GFile) to = g_file_new_for_path (tmp);
  g_autoptr(GError) local = NULL;
  g_autoptr(VigilStore) store = NULL;
  VigilArchiveVerifyOptions options = { 0 };
  VigilArchiveReport none = { 0 };
  GStatBuf st;
  gboolean ok = FALSE;

  if (report == NULL)
    report = &none;
  memset (report, 0, sizeof *report);

  if (g_stat (wal, &st) == 0 && st.st_size > 0)
    {
      g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_IN_USE,
                   _("%s is open in Vigil (or was not closed cleanly): close it, then restore"), db_path);
      return FALSE;
    }
  if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &local))
    {
      g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_FAILED,
                   _("Could not read the backup %s: %s"), backup_path, local->message);
      return FALSE;
    }

  /* open (and, for an older backup, migrate) and verify the copy */
  store = vigil_store_open (tmp, &local);
  if (store != NULL)
    {
      options.key = key;
      if (vigil_archive_verify (store, &options, report, &local))
        ok = report->ok;
      g_clear_object (&store);
    }
  if (!ok)
    {
      if (local != NULL)
        g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_TAMPERED,
                     _("Refused to restore %s: it is not a readable archive (%s). %s was left untouched."),
                     backup_path, local->message, db_path);
      else
        g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_TAMPERED,
                     _("Refused to restore %s: it does not verify (%s). %s was left untouched."),
                     backup_path, report->verdict, db_path);
      g_unlink (tmp);
      g_unlink (tmp_wal);
      g_unlink (tmp_shm);
      if (report == &none)
        vigil_archive_report_clear (&none);
      return FALSE;
    }
  g_unlink (tmp_wal);
  g_unlink (tmp_shm);
  if (g_rename (tmp, db_path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not put the restored archive in place at %s: %s"), db_path, g_strerror (saved));
      return FALSE;
    }
  {
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
    g_unlink (shm);
  }
  if (report == &none)
    vigil_archive_report_clear (&none);
  return TRUE;
}

static void
append_detail_member (GString    *out,
                      const char *key,
                      const char *value)
{
  vigil_json_writer_member (out, key, value, out->len > 1);
}

gboolean
vigil_archive_log_access (VigilStore  *store,
                          const char  *actor,
                          const char  *action,
                          gint64       results,
                          GError     **error,
                          const char  *first_key,
                          ...)
{
  g_autoptr(GString) detail = g_string_new ("{");
  va_list args;
  const char *key;

  va_start (args, first_key);
  for (key = first_key; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        append_detail_member (detail, key, value);
    }
  va_end (args);
  if (results >= 0)
    g_string_append_printf (detail, "%s\"results\":%" G_GINT64_FORMAT, detail->len > 1 ? "," : "", results);
  g_string_append_c (detail, '}');
  return vigil_store_log_access (store, actor, action, detail->str, error);
}

GPtrArray *
vigil_archive_read_access_log (VigilStore  *store,
                               const char  *actor,
                               gint64       since_us,
                               gint64       until_us,
                               guint        limit,
                               GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *since = since_us ? format_us (since_us) : NULL;
  g_autofree char *until = until_us ? format_us (until_us) : NULL;
  g_autofree char *lim = limit ? g_strdup_printf ("%u", limit) : NULL;

  if (!vigil_archive_may_read_access_log (store, actor, error))
    return NULL;
  if ((entries = vigil_store_list_access (store, since_us, until_us, limit, error)) == NULL)
    return NULL;
  if (!vigil_archive_log_access (store, actor, "access-log", entries->len, error,
                                 "since", since, "until", until, "limit", lim, NULL))
    return NULL;
  return g_steal_pointer (&entries);
}

char *
vigil_archive_access_entry_to_json (const VigilAccessEntry *entry)
{
  g_autofree char *at = format_us (entry->at_us);
  GString *out = g_string_new (NULL);
  g_autofree char *compact = NULL;

  g_string_append_printf (out, "{\"id\":%" G_GINT64_FORMAT, entry->id);
  vigil_json_writer_member (out, "at", at, TRUE);
  vigil_json_writer_member (out, "actor", entry->actor, TRUE);
  vigil_json_writer_member (out, "action", entry->action, TRUE);
  if (entry->detail != NULL && entry->detail[0] == '{')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, entry->detail, -1, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_autoptr(JsonGenerator) gen = json_generator_new ();

          /* re-serialised: one line, whatever the row holds */
          json_generator_set_root (gen, json_parser_get_root (parser));
          compact = json_generator_to_data (gen, NULL);
        }
    }
  if (compact)
    g_string_append_printf (out, ",\"detail\":%s", compact);
  else
    vigil_json_writer_member (out, "detail", entry->detail, TRUE);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}
