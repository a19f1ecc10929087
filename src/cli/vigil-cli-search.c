/* vigil-cli-search.c: vigil-cli search and vigil-cli export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "vigil-archive.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-common.h"
#include "vigil-exporter.h"

/* Describes a query for the access log and the export header. */
static char *
describe_query (const VigilSearchQuery *query)
{
  GString *s = g_string_new (NULL);
  g_autofree char *since = vigil_format_iso8601 (query->since);
  g_autofree char *until = vigil_format_iso8601 (query->until);

  if (query->text)
    g_string_append_printf (s, "text=%s ", query->text);
  if (query->platform != VIGIL_PLATFORM_UNKNOWN)
    g_string_append_printf (s, "platform=%s ", vigil_platform_to_string (query->platform));
  if (query->author)
    g_string_append_printf (s, "author=%s ", query->author);
  if (since)
    g_string_append_printf (s, "since=%s ", since);
  if (until)
    g_string_append_printf (s, "until=%s ", until);
  if (query->sentiment != VIGIL_SENTIMENT_NONE)
    g_string_append_printf (s, "sentiment=%s ", vigil_sentiment_to_string (query->sentiment));
  if (query->lang)
    g_string_append_printf (s, "lang=%s ", query->lang);
  if (query->category)
    g_string_append_printf (s, "category=%s ", query->category);
  if (query->watch)
    g_string_append_printf (s, "watch=%s ", query->watch);
  if (query->order != VIGIL_SEARCH_ORDER_NEWEST)
    g_string_append_printf (s, "sort=%s ", vigil_search_order_to_string (query->order));
  if (query->collapse_duplicates)
    g_string_append (s, "collapse-duplicates ");
  if (query->limit)
    g_string_append_printf (s, "limit=%u ", query->limit);
  if (s->len == 0)
    g_string_append (s, "all posts");
  else
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

/* Who read what and how many results: written to the (chained) access
 * log once the reading is done; a failure to log is an error. */
static gboolean
log_access (VigilStore             *store,
            const char             *action,
            const VigilSearchQuery *query,
            const char             *format,
            gint64                  results)
{
  g_autofree char *detail = describe_query (query);
  g_autoptr(GError) error = NULL;

  if (!vigil_archive_log_access (store, vigil_cli_actor (), action, results, &error,
                                 "query", detail, "format", format, NULL))
    {
      vigil_cli_error (_("could not write the access log: %s"), error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GString *line;
  gint64   count;
} PrintState;

static void
print_post (VigilPost *post,
            gpointer   user_data)
{
  PrintState *state = user_data;

  g_string_truncate (state->line, 0);
  vigil_post_write_json (post, state->line);
  vigil_cli_print_line (state->line);
  state->count++;
}

/* The annotation filters and order of vigil-cli search. */
typedef struct
{
  char     *sentiment;
  char     *lang;
  char     *category;
  char     *watch;
  char     *sort;
  gboolean  collapse;
} AnnotationOptions;

static gboolean
apply_annotation_options (const AnnotationOptions *o,
                          VigilSearchQuery        *query)
{
  if (o->sentiment != NULL)
    {
      query->sentiment = vigil_sentiment_from_string (o->sentiment);
      if (query->sentiment == VIGIL_SENTIMENT_NONE)
        {
          vigil_cli_error (_("--sentiment: unknown label “%s” (use positive, neutral or negative)"),
                           o->sentiment);
          return FALSE;
        }
    }
  if (o->sort != NULL && !vigil_search_order_from_string (o->sort, &query->order))
    {
      vigil_cli_error (_("--sort: unknown order “%s” (use newest, arrival, reach, ots or negative)"),
                       o->sort);
      return FALSE;
    }
  query->lang = g_strdup (o->lang);
  query->category = g_strdup (o->category);
  query->watch = g_strdup (o->watch);
  query->collapse_duplicates = o->collapse;
  return TRUE;
}

static void
annotation_options_clear (AnnotationOptions *o)
{
  g_free (o->sentiment);
  g_free (o->lang);
  g_free (o->category);
  g_free (o->watch);
  g_free (o->sort);
}

int
vigil_cli_search (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  g_auto(GStrv) words = NULL;
  VigilCliFilter filter = { 0 };
  AnnotationOptions annotations = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { "sentiment", 0, 0, G_OPTION_ARG_STRING, &annotations.sentiment,
      N_("Only posts with this sentiment (a person's override counts): positive, neutral, negative"),
      N_("LABEL") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &annotations.lang,
      N_("Only posts in this language (en also matches en-GB)"), N_("CODE") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &annotations.category,
      N_("Only posts in this risk category or its subcategories (customer-service, hr.bullying…)"),
      N_("ID") },
    { "watch", 0, 0, G_OPTION_ARG_STRING, &annotations.watch,
      N_("Only posts matching this watch (its name)"), N_("NAME") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &annotations.sort,
      N_("Order: newest (by post date, the default), arrival (last archived first), reach, ots or negative"),
      N_("ORDER") },
    { "collapse-duplicates", 0, 0, G_OPTION_ARG_NONE, &annotations.collapse,
      N_("One post per group of near-duplicates (the newest, with the group's count)"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &words, NULL, N_("[QUERY…]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[QUERY…] — search the archive"));
  g_autoptr(VigilSearchQuery) query = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  int status = VIGIL_CLI_EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, vigil_cli_filter_group (&filter));
  g_option_context_set_description (context,
    _("QUERY words are matched in text, author and tags, ignoring case and accents.\n"
      "A trailing * matches a prefix (refund*); OR and NOT combine words."));

  if (!vigil_cli_parse (context, &argc, &argv))
    status = VIGIL_CLI_EXIT_USAGE;
  else if (!(query = vigil_cli_filter_query (&filter, words)))
    status = VIGIL_CLI_EXIT_USAGE;
  else if (!apply_annotation_options (&annotations, query))
    status = VIGIL_CLI_EXIT_USAGE;
  else if (!(store = vigil_cli_open_store (db_path)))
    status = VIGIL_CLI_EXIT_FAILED;
  else
    {
      PrintState state = { line, 0 };

      if (!vigil_store_foreach (store, query, print_post, &state, &error))
        {
          vigil_cli_error (_("search failed: %s"), error->message);
          status = VIGIL_CLI_EXIT_FAILED;
        }
      fflush (stdout);
      if (!log_access (store, "search", query, NULL, status == VIGIL_CLI_EXIT_OK ? state.count : -1))
        status = VIGIL_CLI_EXIT_FAILED;
    }

  vigil_cli_filter_clear (&filter);
  annotation_options_clear (&annotations);
  fflush (stdout);
  return status;
}

typedef struct
{
  VigilExporter *exporter;
  GError        *error;
} ExportState;

static void
export_post (VigilPost *post,
             gpointer   user_data)
{
  ExportState *state = user_data;

  if (state->error == NULL)
    vigil_exporter_add (state->exporter, post, &state->error);
}

static gboolean
run_export (VigilStore              *store,
            const VigilSearchQuery  *query,
            VigilExportFormat        format,
            GOutputStream           *stream,
            guint64                 *count,
            GError                 **error)
{
  g_autofree char *description = describe_query (query);
  g_autoptr(VigilExporter) exporter = vigil_exporter_new (stream, format, description);
  ExportState state = { exporter, NULL };

  if (!vigil_store_foreach (store, (VigilSearchQuery *) query, export_post, &state, error))
    {
      g_clear_error (&state.error);
      return FALSE;
    }
  if (state.error)
    {
      g_propagate_error (error, state.error);
      return FALSE;
    }
  if (!vigil_exporter_finish (exporter, error))
    return FALSE;
  *count = vigil_exporter_get_count (exporter);
  return TRUE;
}

int
vigil_cli_export (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *out_path = NULL;
  g_auto(GStrv) words = NULL;
  VigilCliFilter filter = { 0 };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("csv, json or xml"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
      N_("Write to FILE (replaced only when the export completes); default: stdout"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &words, NULL, N_("[QUERY…]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[QUERY…] — export the archive or a search"));
  g_autoptr(VigilSearchQuery) query = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GCancellable) abandon = g_cancellable_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  VigilExportFormat format = VIGIL_EXPORT_FORMAT_JSON;
  guint64 count = 0;
  int status = VIGIL_CLI_EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, vigil_cli_filter_group (&filter));

  if (!vigil_cli_parse (context, &argc, &argv))
    status = VIGIL_CLI_EXIT_USAGE;
  else if (format_name == NULL || !vigil_export_format_from_string (format_name, &format))
    {
      vigil_cli_error (_("export needs --format csv, json or xml"));
      status = VIGIL_CLI_EXIT_USAGE;
    }
  else if (!(query = vigil_cli_filter_query (&filter, words)))
    status = VIGIL_CLI_EXIT_USAGE;
  else if (!(store = vigil_cli_open_store (db_path)))
    status = VIGIL_CLI_EXIT_FAILED;

  vigil_cli_filter_clear (&filter);
  if (status != VIGIL_CLI_EXIT_OK)
    return status;

  if (out_path)
    {
      /* g_file_replace writes a temporary file and renames it over the
       * target on close, so a failed export never leaves half a file. */
      file = g_file_new_for_commandline_arg (out_path);
      stream = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                                NULL, &error));
      if (stream == NULL)
        {
          vigil_cli_error ("%s: %s", out_path, error->message);
          return VIGIL_CLI_EXIT_FAILED;
        }
    }
  else
    stream = g_unix_output_stream_new (fileno (stdout), FALSE);

  if (!run_export (store, query, format, stream, &count, &error))
    {
      vigil_cli_error (_("export failed: %s"), error->message);
      g_clear_error (&error);
      log_access (store, "export-failed", query, format_name, -1);
      /* closing with a cancelled cancellable drops the temporary file */
      g_cancellable_cancel (abandon);
      g_output_stream_close (stream, abandon, NULL);
      return VIGIL_CLI_EXIT_FAILED;
    }
  if (!g_output_stream_close (stream, NULL, &error))
    {
      vigil_cli_error ("%s: %s", out_path ? out_path : "stdout", error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }

  if (!log_access (store, "export", query, format_name, (gint64) count))
    return VIGIL_CLI_EXIT_FAILED;
  g_printerr (_("Exported %" G_GUINT64_FORMAT " posts.\n"), count);
  return VIGIL_CLI_EXIT_OK;
}
