/* vigil-cli-restore.c: vigil-cli restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "vigil-archive.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-common.h"
#include "vigil-json-writer.h"

int
vigil_cli_restore (int    argc,
                   char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *from = NULL;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from, N_("The backup to restore"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store to replace (default: the user's)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— replace the archive with a backup, verified first"));
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) line = g_string_new ("{");
  g_autofree char *path = NULL;
  VigilArchiveReport report = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("The backup is copied beside the archive, opened and verified (chains, derived tables,\n"
      "checkpoints when the key is in the keyring) and only then renamed over it. A backup that\n"
      "does not verify is refused with the reason, and the archive is left untouched."));
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (from == NULL || argc > 1)
    {
      vigil_cli_error (_("restore needs --from FILE (and --db PATH for the archive to replace)"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  path = db_path ? g_strdup (db_path) : vigil_store_default_path ();
  key = vigil_cli_archive_key (FALSE);

  if (!vigil_archive_restore (from, path, key, &report, &error))
    {
      vigil_cli_error ("%s", error->message);
      vigil_archive_report_clear (&report);
      return VIGIL_CLI_EXIT_FAILED;
    }
  vigil_json_writer_member (line, "restored", path, FALSE);
  vigil_json_writer_member (line, "from", from, TRUE);
  g_string_append_printf (line, ",\"posts\":%" G_GUINT64_FORMAT ",\"checkpoints_checked\":%u",
                          report.store.posts, report.checkpoints_checked);
  vigil_json_writer_member (line, "head_hash", report.store.head_hash, TRUE);
  g_string_append_c (line, '}');
  vigil_cli_print_line (line);
  vigil_archive_report_clear (&report);

  {
    g_autoptr(VigilStore) store = vigil_cli_open_store (path);

    if (store)
      vigil_archive_log_access (store, vigil_cli_actor (), "restore", -1, NULL, "from", from, NULL);
  }
  return VIGIL_CLI_EXIT_OK;
}
