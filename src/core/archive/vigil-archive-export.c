/* vigil-archive-export.c: exporting a search, verifying, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-archive-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-archive-export.h"
#include "vigil-json-writer.h"
#include "vigil-secret-credential-store.h"

char *
vigil_archive_export_describe (const VigilSearchQuery *query)
{
  GString *s = g_string_new (NULL);
  g_autofree char *since = query ? vigil_format_iso8601 (query->since) : NULL;
  g_autofree char *until = query ? vigil_format_iso8601 (query->until) : NULL;
  static const char * const types[] = { NULL, "post", "reply", "direct" };

  if (query == NULL)
    return g_string_free (g_string_append (s, "all posts"), FALSE);
  if (query->text)
    g_string_append_printf (s, "text=%s ", query->text);
  if (query->platform != VIGIL_PLATFORM_UNKNOWN)
    g_string_append_printf (s, "platform=%s ", vigil_platform_to_string (query->platform));
  if (query->author)
    g_string_append_printf (s, "author=%s ", query->author);
  {
    const char * const named[][2] = {
      { "tag", query->tag }, { "mention", query->mention }, { "link", query->link },
      { "watch", query->watch }, { "category", query->category }, { "lang", query->lang },
    };

    for (guint i = 0; i < G_N_ELEMENTS (named); i++)
      if (named[i][1] && named[i][1][0])
        g_string_append_printf (s, "%s=%s ", named[i][0], named[i][1]);
  }
  if (since)
    g_string_append_printf (s, "since=%s ", since);
  if (until)
    g_string_append_printf (s, "until=%s ", until);
  if (query->sentiment != VIGIL_SENTIMENT_NONE)
    g_string_append_printf (s, "sentiment=%s ", vigil_sentiment_to_string (query->sentiment));
  if (query->type > 0 && (guint) query->type < G_N_ELEMENTS (types))
    g_string_append_printf (s, "type=%s ", types[query->type]);
  if (query->deleted_only)
    g_string_append (s, "deleted ");
  if (query->edited_only)
    g_string_append (s, "edited ");
  if (query->order != VIGIL_SEARCH_ORDER_NEWEST)
    g_string_append_printf (s, "sort=%s ", vigil_search_order_to_string (query->order));
  if (s->len == 0)
    g_string_append (s, "all posts");
  else
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

/* --- progress to the caller's main context ------------------------------ */

typedef struct
{
  GMainContext           *context;
  VigilStoreProgressFunc  func;
  gpointer                data;
  GDestroyNotify          destroy;
  guint                   total;
  guint                   done;
  int                     last_percent;
} Progress;

typedef struct
{
  VigilStoreProgressFunc func;
  gpointer               data;
  double                 fraction;
} ProgressCall;

static gboolean
progress_call_cb (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->func (call->fraction, call->data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer user_data)
{
  g_free (user_data);
}

static void
progress_report (double   fraction,
                 gpointer user_data)
{
  Progress *p = user_data;
  ProgressCall *call;
  int percent = (int) (fraction * 100);

  if (p->func == NULL || percent == p->last_percent)
    return;
  p->last_percent = percent;
  call = g_new0 (ProgressCall, 1);
  call->func = p->func;
  call->data = p->data;
  call->fraction = fraction;
  g_main_context_invoke_full (p->context, G_PRIORITY_DEFAULT, progress_call_cb, call, progress_call_free);
}

static void
progress_free (Progress *p)
{
  g_main_context_unref (p->context);
  g_free (p);
}

/* --- export -------------------------------------------------------------- */

typedef struct
{
  VigilStore        *store;
  VigilSearchQuery  *query;
  GFile             *file;
  VigilExportFormat  format;
  char              *actor;
  Progress          *progress;
  GObject           *keep_alive;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->query, vigil_search_query_free);
  g_clear_object (&job->file);
  g_free (job->actor);
  g_clear_pointer (&job->progress, progress_free);
  g_clear_object (&job->keep_alive);
  g_free (job);
}

typedef struct
{
  VigilExporter *exporter;
  GError        *error;
  GCancellable  *cancellable;
  Progress      *progress;
} ExportState;

static void
export_post_cb (VigilPost *post,
                gpointer   user_data)
{
  ExportState *state = user_data;

  if (state->error != NULL || g_cancellable_set_error_if_cancelled (state->cancellable, &state->error))
    return;
  vigil_exporter_add (state->exporter, post, &state->error);
  if (state->progress && state->progress->total > 0 && (++state->progress->done & 255) == 0)
    progress_report ((double) state->progress->done / state->progress->total, state->progress);
}

static gboolean
write_manifest (VigilStore              *store,
                GFile                   *file,
                const VigilSearchQuery  *query,
                const char              *actor,
                guint64                  count,
                GError                 **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *manifest = g_strconcat (path, ".manifest.json", NULL);
  g_autofree char *data = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *description = vigil_archive_export_describe (query);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = vigil_format_iso8601 (now);
  g_autoptr(GString) out = g_string_new ("{\"format\":\"vigil-export-manifest\",\"version\":1");
  VigilStoreVerifyOptions options = { 0 };
  VigilStoreVerifyResult head = { 0 };
  gsize len = 0;

  if (path == NULL)
    return TRUE;   /* not a local file: no manifest beside it */
  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  options.chain_only = TRUE;
  if (!vigil_store_verify_full (store, &options, &head, error))
    return FALSE;

  vigil_json_writer_member (out, "file", base, TRUE);
  vigil_json_writer_member (out, "sha256", sha, TRUE);
  g_string_append_printf (out, ",\"posts\":%" G_GUINT64_FORMAT, count);
  vigil_json_writer_member (out, "query", description, TRUE);
  vigil_json_writer_member (out, "exported_by", actor, TRUE);
  vigil_json_writer_member (out, "exported_at", at, TRUE);
  g_string_append_printf (out, ",\"chain_ok\":%s", head.ok ? "true" : "false");
  vigil_json_writer_member (out, "chain_head", head.head_hash, TRUE);
  g_string_append_printf (out, ",\"chain_rows\":%" G_GUINT64_FORMAT, head.posts + head.events);
  vigil_json_writer_member (out, "chain_problem", head.first_broken, TRUE);
  g_string_append (out, ",\"check\":\"vigil-cli verify --expect-head HEAD@ROWS on the archive; "
                        "sha256sum the file\"}\n");
  vigil_store_verify_result_clear (&head);
  return g_file_set_contents (manifest, out->str, out->len, error);
}

gint64
vigil_archive_export (VigilStore             *store,
                      const VigilSearchQuery *query,
                      GFile                  *file,
                      VigilExportFormat       format,
                      const char             *actor,
                      GCancellable           *cancellable,
                      GError                **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(VigilExporter) exporter = NULL;
  g_autofree char *description = vigil_archive_export_describe (query);
  g_autofree char *target = g_file_get_parse_name (file);
  g_autofree char *count_text = NULL;
  ExportState state = { NULL, NULL, cancellable, NULL };
  gboolean ok;
  guint64 count;

  /* exports hold archived posts: only the user may read them */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, error);
  if (stream == NULL)
    return -1;
  exporter = vigil_exporter_new (G_OUTPUT_STREAM (stream), format, description);
  state.exporter = exporter;
  state.progress = g_object_get_data (G_OBJECT (file), "vigil-progress");

  ok = vigil_store_foreach (store, (VigilSearchQuery *) query, export_post_cb, &state, error);
  if (ok && state.error != NULL)
    {
      ok = FALSE;
      g_propagate_error (error, g_steal_pointer (&state.error));
    }
  g_clear_error (&state.error);
  ok = ok && vigil_exporter_finish (exporter, error)
       && !g_cancellable_set_error_if_cancelled (cancellable, error)
       && g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
  if (!ok)
    {
      g_autoptr(GCancellable) discard = g_cancellable_new ();

      /* closing with a cancelled cancellable leaves the destination as it was */
      g_cancellable_cancel (discard);
      g_output_stream_close (G_OUTPUT_STREAM (stream), discard, NULL);
      return -1;
    }
  count = vigil_exporter_get_count (exporter);
  if (!write_manifest (store, file, query, actor, count, error))
    return -1;
  count_text = g_strdup_printf ("%s", vigil_export_format_extension (format));
  vigil_archive_log_access (store, actor, "export", (gint64) count, NULL,
                            "query", description, "format", count_text, "file", target, NULL);
  return (gint64) count;
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  gint64 count;

  g_object_set_data (G_OBJECT (job->file), "vigil-progress", job->progress);
  count = vigil_archive_export (job->store, job->query, job->file, job->format, job->actor, cancellable, &error);
  g_object_set_data (G_OBJECT (job->file), "vigil-progress", NULL);
  if (count < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, count);
}

static Progress *
progress_new (VigilStoreProgressFunc progress,
              gpointer               data,
              guint                  total)
{
  Progress *p = g_new0 (Progress, 1);

  p->context = g_main_context_ref_thread_default ();
  p->func = progress;
  p->data = data;
  p->total = total;
  p->last_percent = -1;
  return p;
}

void
vigil_archive_export_async (VigilStore             *store,
                            const VigilSearchQuery *query,
                            GFile                  *file,
                            VigilExportFormat       format,
                            const char             *actor,
                            guint                   total,
                            VigilStoreProgressFunc  progress,
                            gpointer                progress_data,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ExportJob *job = g_new0 (ExportJob, 1);

  job->store = g_object_ref (store);
  job->query = query ? vigil_search_query_copy (query) : NULL;
  job->file = g_object_ref (file);
  job->format = format;
  job->actor = g_strdup (actor);
  job->progress = progress_new (progress, progress_data, total);
  if (G_IS_OBJECT (progress_data))
    job->keep_alive = g_object_ref (progress_data);
  g_task_set_source_tag (task, vigil_archive_export_async);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gint64
vigil_archive_export_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/* --- verify -------------------------------------------------------------- */

typedef struct
{
  VigilStore *store;
  Progress   *progress;
  GObject    *keep_alive;
} VerifyJob;

static void
verify_job_free (VerifyJob *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->progress, progress_free);
  g_clear_object (&job->keep_alive);
  g_free (job);
}

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyJob *job = task_data;
  g_autoptr(VigilCredentialStore) credentials = vigil_secret_credential_store_new ();
  g_autoptr(GBytes) key = vigil_archive_lookup_key (credentials, FALSE, NULL);
  VigilArchiveVerifyOptions options = { 0 };
  VigilArchiveReport *report = g_new0 (VigilArchiveReport, 1);
  GError *error = NULL;

  options.key = key;
  options.progress = progress_report;
  options.progress_data = job->progress;
  options.cancellable = cancellable;
  if (!vigil_archive_verify (job->store, &options, report, &error))
    {
      g_free (report);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, report, NULL);
}

void
vigil_archive_verify_async (VigilStore             *store,
                            VigilStoreProgressFunc  progress,
                            gpointer                progress_data,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  VerifyJob *job = g_new0 (VerifyJob, 1);

  job->store = g_object_ref (store);
  job->progress = progress_new (progress, progress_data, 0);
  if (G_IS_OBJECT (progress_data))
    job->keep_alive = g_object_ref (progress_data);
  g_task_set_source_tag (task, vigil_archive_verify_async);
  g_task_set_task_data (task, job, (GDestroyNotify) verify_job_free);
  g_task_run_in_thread (task, verify_thread);
}

VigilArchiveReport *
vigil_archive_verify_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
