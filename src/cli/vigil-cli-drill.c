/* vigil-cli-drill.c: vigil-cli drill run|report|list|scenarios
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "vigil-cli-common.h"
#include "vigil-cli-template.h"
#include "vigil-drill-service.h"
#include "vigil-json-writer.h"
#include "vigil-template-library.h"

static VigilDrillScenario *
load_scenario (const char  *arg,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (arg);

  if (!g_file_query_exists (file, NULL))
    {
      g_auto(GStrv) shipped = vigil_drill_scenario_list_shipped ();
      g_autofree char *name = g_str_has_suffix (arg, ".json") ? g_strdup (arg) : g_strconcat (arg, ".json", NULL);

      if (g_strv_contains ((const char * const *) shipped, name))
        return vigil_drill_scenario_new_shipped (name, error);
    }
  return vigil_drill_scenario_new_from_file (file, error);
}

static void
on_finished_cb (VigilDrillRunner *runner,
                gpointer          user_data)
{
  g_main_loop_quit (user_data);
}

static gboolean
write_html (VigilDrillReport *report,
            const char       *path)
{
  g_autofree char *html = vigil_drill_report_to_html (report);
  g_autoptr(GError) error = NULL;

  /* temporary file + rename: never a half-written report */
  if (!g_file_set_contents (path, html, -1, &error))
    {
      vigil_cli_error (_("%s: %s"), path, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_summary (VigilDrillReport *report)
{
  g_printerr (_("drill %s: score %d/100, %.0f of %.0f posts triaged, %.0f SLA breaches\n"),
              vigil_drill_report_get_run_id (report), vigil_drill_report_get_score (report),
              vigil_drill_report_get_summary (report, "n_triaged"),
              vigil_drill_report_get_summary (report, "n_posts"),
              vigil_drill_report_get_summary (report, "sla_breaches"));
}

static int
cmd_run (int argc, char **argv)
{
  g_autofree char *db = NULL, *script_path = NULL, *html = NULL;
  double speed = 1.0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The store the report goes to (default: the user's)"), N_("PATH") },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed, N_("1 = real time, 10 = ten times faster, 0 = as fast as possible"), N_("X") },
    { "script", 0, 0, G_OPTION_ARG_FILENAME, &script_path, N_("What a simulated team does (JSON, see data/drills/README.md)"), N_("FILE") },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html, N_("Also write the report as HTML"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — run a drill scenario headless and report"));
  g_autoptr(VigilContext) ctx = NULL;
  g_autoptr(VigilDrillScenario) scenario = NULL;
  g_autoptr(VigilDrillReport) report = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  VigilDrillService *service;
  VigilDrillRunner *runner;
  int status = VIGIL_CLI_EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      vigil_cli_error (_("drill run takes one scenario FILE (or a shipped name: kettle-recall, hacked-account)"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!(scenario = load_scenario (argv[1], &error)))
    {
      vigil_cli_error ("%s", error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  if (!(ctx = vigil_cli_open_context (db, NULL, NULL)))
    return VIGIL_CLI_EXIT_FAILED;
  service = vigil_drill_service_get (ctx);
  if (!(runner = vigil_drill_service_start (service, scenario, speed, &error)))
    {
      vigil_cli_error ("%s", error->message);
      vigil_context_shutdown (ctx);
      return VIGIL_CLI_EXIT_FAILED;
    }
  /* the script must be set before the first post plays: start() queued
   * the first tick on the main loop, which has not run yet */
  if (script_path)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      VigilTemplateLibrary *library = vigil_context_ensure_service (ctx, VIGIL_TYPE_TEMPLATE_LIBRARY);

      vigil_template_library_load (library, NULL);
      if (!json_parser_load_from_file (parser, script_path, &error) ||
          !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
        {
          vigil_cli_error (_("%s: %s"), script_path, error ? error->message : _("expected a JSON array of actions"));
          status = VIGIL_CLI_EXIT_FAILED;
        }
      else if (!vigil_drill_runner_set_script (runner, json_node_get_array (json_parser_get_root (parser)),
                                               G_OBJECT (library), &error))
        {
          vigil_cli_error (_("%s: %s"), script_path, error->message);
          status = VIGIL_CLI_EXIT_FAILED;
        }
    }
  if (status == VIGIL_CLI_EXIT_OK)
    {
      g_printerr (_("drill %s: playing “%s”, %u posts over %.0f s at ×%g\n"),
                  vigil_drill_runner_get_run_id (runner), vigil_drill_scenario_get_title (scenario),
                  vigil_drill_scenario_get_n_posts (scenario), vigil_drill_scenario_get_duration (scenario), speed);
      loop = g_main_loop_new (NULL, FALSE);
      g_signal_connect (runner, "finished", G_CALLBACK (on_finished_cb), loop);
      g_main_loop_run (loop);
    }
  if (!(report = vigil_drill_service_finish (service, &error)))
    {
      vigil_cli_error (_("could not write the drill report: %s"), error->message);
      vigil_context_shutdown (ctx);
      return VIGIL_CLI_EXIT_FAILED;
    }
  json = vigil_drill_report_to_json (report);
  printf ("%s\n", json);
  print_summary (report);
  if (html && !write_html (report, html))
    status = VIGIL_CLI_EXIT_FAILED;
  vigil_context_shutdown (ctx);
  return status;
}

static int
cmd_report (int argc, char **argv)
{
  g_autofree char *db = NULL, *html = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The store (default: the user's)"), N_("PATH") },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &html, N_("Also write the report as HTML"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — print a drill's report as JSON"));
  g_autoptr(VigilContext) ctx = NULL;
  g_autoptr(VigilDrillReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  int status = VIGIL_CLI_EXIT_OK;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      vigil_cli_error (_("drill report takes one drill run ID (see “vigil-cli drill list”)"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!(ctx = vigil_cli_open_context (db, NULL, NULL)))
    return VIGIL_CLI_EXIT_FAILED;
  if (!(report = vigil_drill_service_load_report (vigil_drill_service_get (ctx), argv[1], &error)))
    {
      vigil_cli_error ("%s", error->message);
      vigil_context_shutdown (ctx);
      return VIGIL_CLI_EXIT_FAILED;
    }
  json = vigil_drill_report_to_json (report);
  printf ("%s\n", json);
  if (html && !write_html (report, html))
    status = VIGIL_CLI_EXIT_FAILED;
  vigil_context_shutdown (ctx);
  return status;
}

static int
cmd_list (int argc, char **argv)
{
  g_autofree char *db = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The store (default: the user's)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the drills run on this archive"));
  g_autoptr(VigilContext) ctx = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (!(ctx = vigil_cli_open_context (db, NULL, NULL)))
    return VIGIL_CLI_EXIT_FAILED;
  if (!(runs = vigil_drill_service_list_runs (vigil_drill_service_get (ctx), &error)))
    {
      vigil_cli_error ("%s", error->message);
      vigil_context_shutdown (ctx);
      return VIGIL_CLI_EXIT_FAILED;
    }
  for (guint i = 0; i < runs->len; i++)
    {
      VigilDrillRunInfo *info = g_ptr_array_index (runs, i);
      g_autoptr(GString) line = g_string_new ("{");
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (info->started_us / G_USEC_PER_SEC);
      g_autofree char *when = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

      vigil_json_writer_member (line, "run", info->run_id, FALSE);
      vigil_json_writer_member (line, "scenario", info->scenario, TRUE);
      vigil_json_writer_member (line, "title", info->title, TRUE);
      vigil_json_writer_member (line, "started_by", info->started_by, TRUE);
      vigil_json_writer_member (line, "started_at", when, TRUE);
      if (info->score >= 0)
        g_string_append_printf (line, ",\"score\":%d", info->score);
      else
        g_string_append (line, ",\"score\":null");
      g_string_append_c (line, '}');
      vigil_cli_print_line (line);
    }
  vigil_context_shutdown (ctx);
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_scenarios (int argc, char **argv)
{
  g_auto(GStrv) names = vigil_drill_scenario_list_shipped ();

  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(VigilDrillScenario) s = vigil_drill_scenario_new_shipped (names[i], NULL);
      g_autoptr(GString) line = g_string_new ("{");

      if (!s)
        continue;
      vigil_json_writer_member (line, "name", names[i], FALSE);
      vigil_json_writer_member (line, "id", vigil_drill_scenario_get_id (s), TRUE);
      vigil_json_writer_member (line, "title", vigil_drill_scenario_get_title (s), TRUE);
      g_string_append_printf (line, ",\"posts\":%u,\"duration_seconds\":%.0f}",
                              vigil_drill_scenario_get_n_posts (s), vigil_drill_scenario_get_duration (s));
      vigil_cli_print_line (line);
    }
  return VIGIL_CLI_EXIT_OK;
}

static const VigilCliSubcommand subcommands[] = {
  { "run", cmd_run, N_("Run a drill scenario headless (--db --speed --script --html)") },
  { "report", cmd_report, N_("Print a drill's report as JSON (--html FILE for HTML)") },
  { "list", cmd_list, N_("List the drills run on an archive") },
  { "scenarios", cmd_scenarios, N_("List the drill scenarios shipped with Vigil") },
};

int
vigil_cli_drill (int    argc,
                 char **argv)
{
  return vigil_cli_template_dispatch (subcommands, G_N_ELEMENTS (subcommands),
                                      _("Usage: vigil-cli drill COMMAND [OPTIONS…]"),
                                      _("unknown drill command “%s”"), argc, argv);
}
