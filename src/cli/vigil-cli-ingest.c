/* vigil-cli-ingest.c: vigil-cli ingest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-cli-common.h"
#include "vigil-json-writer.h"
#include "vigil-normalize.h"

#define BATCH_SIZE 2000

typedef enum
{
  FORMAT_MASTODON,
  FORMAT_JETSTREAM,
  FORMAT_FEED,
} Format;

typedef struct
{
  guint64 added;
  guint64 duplicates;
  guint64 edits;
  guint64 deletes;
  guint64 rejected;
  guint64 skipped;
} Totals;

static GBytes *
read_stdin (GError **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 chunk[65536];
  size_t n;

  while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
    {
      if (data->len + n > VIGIL_NORMALIZE_MAX_DOCUMENT)
        {
          g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE,
                       _("standard input is over the %d MiB limit; split it into smaller files"),
                       VIGIL_NORMALIZE_MAX_DOCUMENT / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (data, chunk, n);
    }
  if (ferror (stdin))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("could not read standard input"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static GBytes *
read_file (const char  *path,
           GError     **error)
{
  GStatBuf st;
  char *contents = NULL;
  gsize length = 0;

  if (g_str_equal (path, "-"))
    return read_stdin (error);

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) &&
      st.st_size > VIGIL_NORMALIZE_MAX_DOCUMENT)
    {
      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE,
                   _("the file is %.1f MiB, over the %d MiB limit; split it into smaller files"),
                   st.st_size / (1024.0 * 1024.0), VIGIL_NORMALIZE_MAX_DOCUMENT / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return g_bytes_new_take (contents, length);
}

static gboolean
parse_document (Format             format,
                GBytes            *data,
                const char        *feed_url,
                VigilParseResult  *result,
                GError           **error)
{
  switch (format)
    {
    case FORMAT_MASTODON:
      return vigil_mastodon_parse_document (data, result, error);
    case FORMAT_JETSTREAM:
      return vigil_jetstream_parse_document (data, result, error);
    case FORMAT_FEED:
      return vigil_feed_parse_document (data, feed_url, result, error);
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  Totals  *totals;
  guint    pending;
  GError  *error;
} Pushed;

static void
pushed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Pushed *p = user_data;
  VigilStoreInsertResult r = { 0 };
  g_autoptr(GError) error = NULL;

  p->pending--;
  if (!vigil_ingest_pipeline_push_finish (VIGIL_INGEST_PIPELINE (object), result, &r, &error))
    {
      if (p->error == NULL)
        p->error = g_steal_pointer (&error);
      return;
    }
  p->totals->added += r.added;
  p->totals->duplicates += r.duplicates;
  p->totals->edits += r.edits;
  p->totals->deletes += r.deletes;
}

/* Through the context's ingest pipeline, as the sources do: batches are
 * classified on its worker while earlier ones are written, in order; the
 * next batch waits while the pipeline is full. */
static gboolean
store_posts (VigilIngestPipeline  *pipeline,
             GPtrArray            *posts,
             Totals               *totals,
             GError              **error)
{
  Pushed p = { totals, 0, NULL };

  for (guint i = 0; i < posts->len && p.error == NULL; i += BATCH_SIZE)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint j = i; j < posts->len && j < i + BATCH_SIZE; j++)
        g_ptr_array_add (batch, g_object_ref (g_ptr_array_index (posts, j)));

      p.pending++;
      vigil_ingest_pipeline_push_async (pipeline, batch, pushed_cb, &p);
      while (!vigil_ingest_pipeline_get_accepting (pipeline) && p.pending > 0)
        g_main_context_iteration (NULL, TRUE);
    }
  while (p.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  if (p.error != NULL)
    {
      g_propagate_error (error, p.error);
      return FALSE;
    }
  return TRUE;
}

static void
print_summary (const char   *file,
               const Totals *t)
{
  g_autoptr(GString) line = g_string_new ("{");

  if (file)
    vigil_json_writer_member (line, "file", file, FALSE);
  else
    g_string_append (line, "\"total\":true");
  g_string_append_printf (line,
                          ",\"added\":%" G_GUINT64_FORMAT ",\"duplicates\":%" G_GUINT64_FORMAT
                          ",\"edits\":%" G_GUINT64_FORMAT ",\"deletes\":%" G_GUINT64_FORMAT
                          ",\"rejected\":%" G_GUINT64_FORMAT ",\"skipped\":%" G_GUINT64_FORMAT "}",
                          t->added, t->duplicates, t->edits, t->deletes, t->rejected, t->skipped);
  vigil_cli_print_line (line);
}

static void
add_totals (Totals       *sum,
            const Totals *t)
{
  sum->added += t->added;
  sum->duplicates += t->duplicates;
  sum->edits += t->edits;
  sum->deletes += t->deletes;
  sum->rejected += t->rejected;
  sum->skipped += t->skipped;
}

int
vigil_cli_ingest (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *feed_url = NULL;
  g_autofree char *watch_file = NULL;
  gboolean no_classify = FALSE;
  g_auto(GStrv) files = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("Payload format: mastodon, jetstream, rss or atom"), N_("FORMAT") },
    { "feed-url", 0, 0, G_OPTION_ARG_STRING, &feed_url,
      N_("For rss/atom: the feed's address, to resolve relative links"), N_("URL") },
    { "watch-file", 0, 0, G_OPTION_ARG_FILENAME, &watch_file,
      N_("Watches to classify with (default: the user's watches.json, if any)"), N_("FILE") },
    { "no-classify", 0, 0, G_OPTION_ARG_NONE, &no_classify,
      N_("Archive without classifying (no sentiment, categories, watches…)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE… — archive recorded payloads (“-” reads stdin)"));
  g_autoptr(VigilContext) app = NULL;
  VigilContextOptions options = { 0 };
  Totals sum = { 0 };
  Format format;
  gboolean failed = FALSE;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;

  if (format_name == NULL)
    {
      vigil_cli_error (_("ingest needs --format mastodon, jetstream, rss or atom"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (g_str_equal (format_name, "mastodon"))
    format = FORMAT_MASTODON;
  else if (g_str_equal (format_name, "jetstream"))
    format = FORMAT_JETSTREAM;
  else if (g_str_equal (format_name, "rss") || g_str_equal (format_name, "atom") ||
           g_str_equal (format_name, "feed"))
    format = FORMAT_FEED;  /* the feed parser detects the dialect itself */
  else
    {
      vigil_cli_error (_("--format: unknown format “%s” (use mastodon, jetstream, rss or atom)"),
                       format_name);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (files == NULL || files[0] == NULL)
    {
      vigil_cli_error (_("ingest needs at least one FILE (or “-” for standard input)"));
      return VIGIL_CLI_EXIT_USAGE;
    }

  if (no_classify && watch_file != NULL)
    {
      vigil_cli_error (_("--watch-file and --no-classify can't be used together"));
      return VIGIL_CLI_EXIT_USAGE;
    }

  if (watch_file != NULL && !g_file_test (watch_file, G_FILE_TEST_EXISTS))
    {
      vigil_cli_error (_("--watch-file: %s does not exist"), watch_file);
      return VIGIL_CLI_EXIT_USAGE;
    }
  /* the same context as the app: classified (with the user's watches, or
   * --watch-file) unless --no-classify */
  options.watches_path = watch_file;
  options.no_classify = no_classify;
  if (!(app = vigil_cli_open_context (db_path, NULL, &options)))
    return VIGIL_CLI_EXIT_FAILED;

  for (guint f = 0; files[f]; f++)
    {
      const char *name = g_str_equal (files[f], "-") ? "<stdin>" : files[f];
      g_autoptr(VigilParseResult) result = vigil_parse_result_new ();
      g_autoptr(GBytes) data = NULL;
      g_autoptr(GError) error = NULL;
      Totals t = { 0 };

      if (!(data = read_file (files[f], &error)) ||
          !parse_document (format, data, feed_url, result, &error))
        {
          vigil_cli_error ("%s: %s", name, error->message);
          failed = TRUE;
          continue;
        }

      for (guint i = 0; i < result->rejects->len; i++)
        {
          VigilParseReject *reject = g_ptr_array_index (result->rejects, i);

          if (reject->line > 0)
            vigil_cli_error (_("%s:%u (byte %" G_GOFFSET_FORMAT "): rejected: %s"),
                             name, reject->line, reject->offset, reject->message);
          else
            vigil_cli_error (_("%s (byte %" G_GOFFSET_FORMAT "): rejected: %s"),
                             name, reject->offset, reject->message);
        }
      t.rejected = result->rejects->len;
      t.skipped = result->skipped;

      if (!store_posts (vigil_context_get_pipeline (app), result->posts, &t, &error))
        {
          vigil_cli_error (_("%s: could not archive: %s"), name, error->message);
          return VIGIL_CLI_EXIT_FAILED;
        }

      print_summary (name, &t);
      add_totals (&sum, &t);
      if (t.rejected > 0)
        failed = TRUE;
    }

  if (g_strv_length (files) > 1)
    print_summary (NULL, &sum);

  fflush (stdout);
  return failed ? VIGIL_CLI_EXIT_FAILED : VIGIL_CLI_EXIT_OK;
}
