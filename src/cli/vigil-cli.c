/* vigil-cli.c: the headless front end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "vigil-cli-account.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-case.h"
#include "vigil-cli-classify.h"
#include "vigil-cli-common.h"
#include "vigil-cli-listen.h"
#include "vigil-cli-redact.h"
#include "vigil-cli-template.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "ingest", vigil_cli_ingest, N_("Archive recorded payloads (Mastodon, Jetstream, RSS, Atom)") },
  { "search", vigil_cli_search, N_("Search the archive; posts as JSON lines, newest first") },
  { "export", vigil_cli_export, N_("Export the archive or a search as CSV, JSON or XML") },
  { "verify", vigil_cli_verify, N_("Check the archive: chains, derived tables, checkpoints") },
  { "backup", vigil_cli_backup, N_("Copy the archive consistently while it runs") },
  { "restore", vigil_cli_restore, N_("Replace the archive with a backup, verified first") },
  { "migrate", vigil_cli_migrate, N_("Copy an archive into a team database, chain kept (resumable)") },
  { "access-log", vigil_cli_access_log, N_("Who searched, viewed and exported what (JSON lines)") },
  { "retention", vigil_cli_retention, N_("How long posts are kept per platform: show, set, purge") },
  { "classify", vigil_cli_classify, N_("Annotate JSON lines: sentiment, language, risk, watches") },
  { "listen", vigil_cli_listen, N_("Archive live sources (listen --source SPEC …)") },
  { "bench",  vigil_cli_bench,  N_("Measure throughput (bench ingest …)") },
  { "case",   vigil_cli_case,   N_("The triage board: list, assign, escalate, resolve, leave, log") },
  { "redact", vigil_cli_redact, N_("Remove protected characteristics from text on stdin") },
  { "dossier", vigil_cli_dossier, N_("Candidate research dossiers: create, add, decide, release, export, audit") },
  { "template", vigil_cli_template, N_("Crisis templates: list, show, render, approve, import, export") },
  { "drill", vigil_cli_drill, N_("Crisis drills: run a scenario headless, print its report") },
  { "account", vigil_cli_account, N_("The account register: list, add, set-secret, check, strength") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n",
           _("Usage: vigil-cli COMMAND [OPTIONS…]"),
           _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n",
           _("Run “vigil-cli COMMAND --help” for a command's options. Results are JSON lines on\n"
             "stdout; messages go to stderr. Exit status: 0 success, 1 bad input or failure,\n"
             "2 wrong usage."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* VIGIL_LOCALEDIR: the build tree's translations, before installing */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VIGIL_LOCALEDIR") ? g_getenv ("VIGIL_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("vigil-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return VIGIL_CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("vigil-cli %s\n", PACKAGE_VERSION);
      return VIGIL_CLI_EXIT_OK;
    }

  /* vigil-cli --db PATH COMMAND … = vigil-cli COMMAND --db PATH … */
  if (g_str_equal (argv[1], "--db") || g_str_has_prefix (argv[1], "--db="))
    {
      gboolean joined = argv[1][4] == '=';
      int command = joined ? 2 : 3;   /* where the command stands */
      g_autoptr(GPtrArray) moved = g_ptr_array_new ();

      if (argc <= command)
        {
          vigil_cli_error (_("--db needs a PATH and a command (vigil-cli --db PATH COMMAND …)"));
          return VIGIL_CLI_EXIT_USAGE;
        }
      g_ptr_array_add (moved, argv[0]);
      g_ptr_array_add (moved, argv[command]);
      g_ptr_array_add (moved, argv[1]);
      if (!joined)
        g_ptr_array_add (moved, argv[2]);
      for (int i = command + 1; i < argc; i++)
        g_ptr_array_add (moved, argv[i]);
      g_ptr_array_add (moved, NULL);
      return main (argc, (char **) moved->pdata);
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  vigil_cli_error (_("unknown command “%s” (run vigil-cli --help)"), argv[1]);
  return VIGIL_CLI_EXIT_USAGE;
}
