/* vigil-cli-migrate.c: vigil-cli migrate --from PATH.db --to postgresql://…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Copies an archive file into a team database, every row with its chain
 * hash (vigil-store-migrate.h), then verifies the team database and prints
 * one JSON line: what this run copied and the heads to anchor. Run again,
 * it copies only what is new, and refuses a database with another history.
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "vigil-archive.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-common.h"
#include "vigil-json-writer.h"
#include "vigil-store-migrate.h"
#include "vigil-team-credentials.h"

static void
on_progress_cb (guint64  done,
                guint64  total,
                gpointer user_data)
{
  vigil_cli_archive_progress (total ? (double) done / (double) total : 1.0, user_data);
}

static void
print_result (const VigilStoreMigrateResult *r)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "{\"ok\":true,\"verified\":%s", r->verified ? "true" : "false");
  g_string_append_printf (line, ",\"posts\":%" G_GUINT64_FORMAT ",\"events\":%" G_GUINT64_FORMAT
                          ",\"records\":%" G_GUINT64_FORMAT ",\"audit\":%" G_GUINT64_FORMAT
                          ",\"access_log\":%" G_GUINT64_FORMAT ",\"overrides\":%" G_GUINT64_FORMAT
                          ",\"alerts\":%" G_GUINT64_FORMAT ",\"blobs\":%" G_GUINT64_FORMAT
                          ",\"annotations\":%" G_GUINT64_FORMAT ",\"author_profiles\":%" G_GUINT64_FORMAT
                          ",\"tombstones\":%" G_GUINT64_FORMAT,
                          r->posts, r->events, r->records, r->audit, r->access, r->overrides,
                          r->alerts, r->blobs, r->annotations, r->profiles, r->tombstones);
  vigil_json_writer_member (line, "head_hash", r->head_hash, TRUE);
  vigil_json_writer_member (line, "records_head", r->records_hash, TRUE);
  vigil_json_writer_member (line, "audit_head", r->audit_hash, TRUE);
  g_string_append_c (line, '}');
  vigil_cli_print_line (line);
  fflush (stdout);
}

int
vigil_cli_migrate (int    argc,
                   char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int batch = 0;
  gboolean no_verify = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("The archive file to copy"), N_("PATH") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("The team database (a libpq URI; the password comes from the keyring, a service file "
         "or ~/.pgpass)"), N_("URI") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Rows per transaction (default 2000)"), N_("N") },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify,
      N_("Don't verify the archive before and the team database after the copy"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— copy an archive into a team database, chain kept"));
  g_autoptr(VigilStore) source = NULL;
  g_autoptr(VigilStore) target = NULL;
  g_autoptr(GError) error = NULL;
  VigilStoreMigrateOptions options = { 0 };
  VigilStoreMigrateResult result = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Every post, event and journal record keeps its hash, so the team database ends on the\n"
      "archive's head hash. Run it again to copy what is new: it continues from the team\n"
      "database's head and refuses a database that holds another history. Run it as the\n"
      "database's owner, so that the copied rows keep who wrote them. Exit 0 when the copy\n"
      "verifies, 1 with the reason otherwise."));
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      vigil_cli_error (_("migrate takes no arguments (got “%s”)"), argv[1]);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (from == NULL || to == NULL)
    {
      vigil_cli_error (_("migrate needs --from PATH.db and --to postgresql://…"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (vigil_team_uri_is_team (from))
    {
      vigil_cli_error (_("--from must be an archive file; copying out of a team database is not supported yet"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!vigil_team_uri_is_team (to))
    {
      vigil_cli_error (_("--to must be a team database (postgresql://…)"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (batch < 0 || batch > 100000)
    {
      vigil_cli_error (_("--batch must be between 1 and 100000"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
    {
      vigil_cli_error (_("%s: no such archive file"), from);
      return VIGIL_CLI_EXIT_FAILED;
    }
  if (!(source = vigil_cli_open_store (from)) || !(target = vigil_cli_open_store (to)))
    return VIGIL_CLI_EXIT_FAILED;

  /* a person reads the whole archive: the access log says so (in the
   * archive, so the copy carries it too) */
  {
    g_autofree char *where = vigil_team_uri_describe (to);

    vigil_archive_log_access (source, vigil_cli_actor (), "migrate", -1, NULL, "to", where, NULL);
  }
  options.batch = batch;
  options.no_verify = no_verify;
  options.progress = on_progress_cb;
  options.progress_data = (gpointer) _("Copying");
  if (!vigil_store_migrate (source, target, &options, &result, &error))
    {
      vigil_cli_archive_progress_done ();
      vigil_cli_error (_("migrate: %s"), error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  vigil_cli_archive_progress_done ();
  print_result (&result);
  vigil_store_migrate_result_clear (&result);
  return VIGIL_CLI_EXIT_OK;
}
