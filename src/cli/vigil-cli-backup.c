/* vigil-cli-backup.c: vigil-cli backup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-archive.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-common.h"
#include "vigil-json-writer.h"

int
vigil_cli_backup (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *to = NULL;
  g_autofree char *folder = NULL;
  int keep = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Write the backup to FILE (replaced only when complete)"),
      N_("FILE") },
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder,
      N_("Or write vigil-backup-DATE.db into FOLDER…"), N_("FOLDER") },
    { "keep", 0, 0, G_OPTION_ARG_INT, &keep, N_("…keeping the N newest copies there (0 = all)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— a consistent copy of the archive, while it runs"));
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GString) line = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  GStatBuf st;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if ((to == NULL) == (folder == NULL) || argc > 1 || keep < 0)
    {
      vigil_cli_error (_("backup needs --to FILE or --folder FOLDER [--keep N]"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!(store = vigil_cli_open_store (db_path)))
    return VIGIL_CLI_EXIT_FAILED;

  if (to)
    {
      ok = vigil_store_backup (store, to, vigil_cli_archive_progress, (gpointer) _("Backing up"), NULL, &error);
      written = g_strdup (to);
    }
  else
    ok = vigil_archive_backup_rotate (store, folder, (guint) keep, &written, &error);
  vigil_cli_archive_progress_done ();
  if (!ok)
    {
      vigil_cli_error (_("backup failed: %s"), error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  vigil_archive_log_access (store, vigil_cli_actor (), "backup", -1, NULL, "to", written, NULL);

  vigil_json_writer_member (line, "backup", written, FALSE);
  g_string_append_printf (line, ",\"posts\":%" G_GINT64_FORMAT, vigil_store_count_posts (store, NULL));
  if (g_stat (written, &st) == 0)
    g_string_append_printf (line, ",\"bytes\":%" G_GINT64_FORMAT, (gint64) st.st_size);
  g_string_append_c (line, '}');
  vigil_cli_print_line (line);
  return VIGIL_CLI_EXIT_OK;
}
