/* vigil-cli-verify.c: vigil-cli verify
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "vigil-archive.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-common.h"
#include "vigil-json-writer.h"

static void
print_report (const VigilArchiveReport *report)
{
  const VigilStoreVerifyResult *r = &report->store;
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "{\"ok\":%s,\"posts\":%" G_GUINT64_FORMAT ",\"events\":%" G_GUINT64_FORMAT
                          ",\"records\":%" G_GUINT64_FORMAT ",\"audit\":%" G_GUINT64_FORMAT,
                          report->ok ? "true" : "false", r->posts, r->events, r->records, r->audit);
  vigil_json_writer_member (line, "first_broken", report->verdict, TRUE);
  vigil_json_writer_member (line, "tampered", report->ok ? NULL
                                              : r->tampered_derived ? "derived" : "chain", TRUE);
  /* anchor this elsewhere (a ticket, an e-mail) and give it back with
   * --expect-head: only an outside copy proves no consistent rewrite */
  vigil_json_writer_member (line, "head_hash", report->ok ? r->head_hash : NULL, TRUE);
  if (report->ok && r->head_hash)
    {
      g_autofree char *at = g_strdup_printf ("%s@%" G_GUINT64_FORMAT, r->head_hash, r->posts + r->events);
      vigil_json_writer_member (line, "expect_head", at, TRUE);
    }
  vigil_json_writer_member (line, "audit_head", report->ok ? r->audit_hash : NULL, TRUE);
  vigil_json_writer_member (line, "records_head", report->ok ? r->records_hash : NULL, TRUE);
  g_string_append_printf (line, ",\"anchors_checked\":%u,\"checkpoints\":%u,\"checkpoints_checked\":%u",
                          r->anchors_checked, report->checkpoints, report->checkpoints_checked);
  if (report->last_checkpoint_us > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (report->last_checkpoint_us / G_USEC_PER_SEC);
      g_autofree char *at = g_date_time_format_iso8601 (dt);
      vigil_json_writer_member (line, "last_checkpoint", at, TRUE);
    }
  g_string_append_printf (line, ",\"checkpoint_key_missing\":%s", report->key_missing ? "true" : "false");
  if (report->ok)
    g_string_append_printf (line, ",\"message\":\"ok %" G_GUINT64_FORMAT " posts\"", r->posts);
  g_string_append_c (line, '}');
  vigil_cli_print_line (line);
  fflush (stdout);
}

int
vigil_cli_verify (int    argc,
                  char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *expect = NULL;
  g_autofree char *checkpoint_file = NULL;
  gboolean checkpoint = FALSE;
  gboolean chain_only = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { "expect-head", 0, 0, G_OPTION_ARG_STRING, &expect,
      N_("Fail unless the chain's head (after ROWS rows) is HASH, as an earlier verify printed it"),
      N_("HASH[@ROWS]") },
    { "checkpoint", 0, 0, G_OPTION_ARG_NONE, &checkpoint,
      N_("After a successful verify, write a checkpoint MACed with the key in the keyring"), NULL },
    { "checkpoint-file", 0, 0, G_OPTION_ARG_FILENAME, &checkpoint_file,
      N_("Also append the checkpoint as a line to FILE (keep it elsewhere)"), N_("FILE") },
    { "chain-only", 0, 0, G_OPTION_ARG_NONE, &chain_only,
      N_("Check the chains and anchors only, not the derived tables (faster)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— check the archive: chains, derived tables, checkpoints"));
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expect_hash = NULL;
  VigilArchiveVerifyOptions options = { 0 };
  VigilArchiveReport report = { 0 };
  const char *actor = vigil_cli_actor ();

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Exit 0 when everything verifies, 1 naming the first problem. See docs/archive-integrity.md\n"
      "for what each check proves and does not prove."));
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      vigil_cli_error (_("verify takes no arguments (got “%s”)"), argv[1]);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (expect && !vigil_archive_parse_expect_head (expect, &expect_hash, &options.expect_rows, &error))
    {
      vigil_cli_error ("--expect-head: %s", error->message);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (checkpoint_file)
    checkpoint = TRUE;
  if (!(store = vigil_cli_open_store (db_path)))
    return VIGIL_CLI_EXIT_FAILED;

  vigil_archive_log_access (store, actor, "verify", -1, NULL, "expect_head", expect, NULL);

  key = vigil_cli_archive_key (checkpoint);
  if (checkpoint && key == NULL)
    return VIGIL_CLI_EXIT_FAILED;
  options.expect_head = expect_hash;
  options.key = key;
  options.chain_only = chain_only;
  options.progress = vigil_cli_archive_progress;
  options.progress_data = (gpointer) _("Verifying");
  if (!vigil_archive_verify (store, &options, &report, &error))
    {
      vigil_cli_archive_progress_done ();
      vigil_cli_error (_("could not verify: %s"), error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  vigil_cli_archive_progress_done ();
  print_report (&report);

  if (!report.ok)
    {
      vigil_cli_error (_("the archive has been altered: %s"), report.verdict);
      vigil_archive_report_clear (&report);
      return VIGIL_CLI_EXIT_FAILED;
    }
  if (report.key_missing)
    g_printerr (_("%u checkpoint(s) could not be checked: the checkpoint key is not in this keyring.\n"),
                report.checkpoints);
  g_printerr ("ok %" G_GUINT64_FORMAT " posts\n", report.store.posts);
  vigil_archive_report_clear (&report);

  if (checkpoint)
    {
      g_autoptr(VigilArchiveCheckpoint) cp = NULL;
      g_autofree char *json = NULL;
      g_autoptr(GString) line = g_string_new ("{\"checkpoint\":");

      if (!vigil_archive_checkpoint (store, key, actor, checkpoint_file, &cp, &error))
        {
          vigil_cli_error (_("could not write a checkpoint: %s"), error->message);
          return VIGIL_CLI_EXIT_FAILED;
        }
      json = vigil_archive_checkpoint_to_json (cp);
      g_string_append (line, json);
      g_string_append_c (line, '}');
      vigil_cli_print_line (line);
    }
  return VIGIL_CLI_EXIT_OK;
}
