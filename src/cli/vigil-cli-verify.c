/* vigil-cli-verify.c: vigil-cli verify
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "vigil-cli-common.h"
#include "vigil-json-writer.h"

int
vigil_cli_verify (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check the archive's hash chain"));
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  VigilStoreVerifyResult result = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      vigil_cli_error (_("verify takes no arguments (got “%s”)"), argv[1]);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!(store = vigil_cli_open_store (db_path)))
    return VIGIL_CLI_EXIT_FAILED;

  vigil_store_log_access (store, g_get_user_name (), "verify", NULL, NULL);

  if (!vigil_store_verify (store, &result, &error))
    {
      vigil_cli_error (_("could not verify: %s"), error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }

  g_string_append_printf (line, "{\"ok\":%s,\"posts\":%" G_GUINT64_FORMAT ",\"events\":%" G_GUINT64_FORMAT,
                          result.ok ? "true" : "false", result.posts, result.events);
  vigil_json_writer_member (line, "first_broken", result.first_broken, TRUE);
  /* anchor this elsewhere (a ticket, an e-mail): only an outside copy of the
   * head proves the whole chain was not rewritten consistently */
  vigil_json_writer_member (line, "head_hash", result.head_hash, TRUE);
  if (result.ok)
    g_string_append_printf (line, ",\"message\":\"ok %" G_GUINT64_FORMAT " posts\"", result.posts);
  g_string_append_c (line, '}');
  vigil_cli_print_line (line);
  fflush (stdout);

  if (!result.ok)
    {
      vigil_cli_error (_("the archive has been altered: first broken row is %s"), result.first_broken);
      vigil_store_verify_result_clear (&result);
      return VIGIL_CLI_EXIT_FAILED;
    }

  g_printerr ("ok %" G_GUINT64_FORMAT " posts\n", result.posts);
  vigil_store_verify_result_clear (&result);
  return VIGIL_CLI_EXIT_OK;
}
