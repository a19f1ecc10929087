/* vigil-cli-retention.c: vigil-cli retention — per-platform retention
 *
 *   retention show                   one JSON line per platform: days, cut-off
 *   retention set PLATFORM DAYS      DAYS 0 keeps the platform's posts for ever
 *   retention purge [--dry-run]      apply it now (the app does at startup and daily)
 *
 * The policy is the app's (GSettings key retention-days), off by default.
 * A purge writes a MACed purge record (the key is in the Secret Service),
 * then leaves tombstones that keep each row's hash: verify stays green.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "vigil-archive.h"
#include "vigil-cli-archive.h"
#include "vigil-cli-common.h"
#include "vigil-json-writer.h"

#define SCHEMA_ID "io.github.vigilapp.Vigil"
#define RETENTION_KEY "retention-days"

static GSettings *
open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE) : NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, RETENTION_KEY))
    {
      vigil_cli_error (_("the settings schema %s is not installed: install Vigil, or set GSETTINGS_SCHEMA_DIR"),
                       SCHEMA_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
print_rule (const VigilRetentionRule *rule,
            gint64                    now_us,
            gint64                    posts)
{
  g_autoptr(GString) line = g_string_new ("{");

  vigil_json_writer_member (line, "platform", rule->platform, FALSE);
  g_string_append_printf (line, ",\"days\":%u", rule->days);
  if (rule->days > 0)
    {
      g_autoptr(GDateTime) cut = g_date_time_new_from_unix_utc (vigil_archive_retention_cutoff (rule, now_us)
                                                                / G_USEC_PER_SEC);
      g_autofree char *iso = g_date_time_format_iso8601 (cut);

      vigil_json_writer_member (line, "cutoff", iso, TRUE);
    }
  else
    g_string_append (line, ",\"cutoff\":null");
  if (posts >= 0)
    g_string_append_printf (line, ",\"posts\":%" G_GINT64_FORMAT, posts);
  g_string_append_c (line, '}');
  vigil_cli_print_line (line);
}

static int
set_rule (GSettings  *settings,
          const char *platform,
          const char *days_text)
{
  g_autoptr(GVariant) value = g_settings_get_value (settings, RETENTION_KEY);
  VigilRetentionRule rules[VIGIL_RETENTION_N_PLATFORMS];
  VigilRetentionRule wanted = { platform, 0 };
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  guint64 days;

  days = g_ascii_strtoull (days_text, &end, 10);
  if (end == days_text || *end != '\0' || days_text[0] == '-' || days > G_MAXUINT)
    {
      vigil_cli_error (_("“%s” is not a number of days (0 keeps posts for ever)"), days_text);
      return VIGIL_CLI_EXIT_USAGE;
    }
  wanted.days = (guint) days;
  if (!vigil_archive_retention_check (&wanted, &error))
    {
      vigil_cli_error ("%s", error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  vigil_archive_retention_from_variant (value, rules);
  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    if (g_str_equal (rules[i].platform, platform))
      rules[i].days = wanted.days;
  g_settings_set_value (settings, RETENTION_KEY, vigil_archive_retention_to_variant (rules));
  g_settings_sync ();
  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    if (g_str_equal (rules[i].platform, platform))
      print_rule (&rules[i], g_get_real_time (), -1);
  return VIGIL_CLI_EXIT_OK;
}

static int
purge (const VigilRetentionRule *rules,
       const char               *db_path,
       gboolean                  dry_run)
{
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(GBytes) key = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  gboolean any = FALSE;

  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    any = any || rules[i].days > 0;
  if (!any)
    {
      vigil_cli_error (_("retention is off for every platform: nothing to purge "
                         "(vigil-cli retention set PLATFORM DAYS)"));
      return VIGIL_CLI_EXIT_OK;
    }
  if (!(store = vigil_cli_open_store (db_path)))
    return VIGIL_CLI_EXIT_FAILED;
  if (!dry_run && !(key = vigil_cli_archive_key (TRUE)))
    return VIGIL_CLI_EXIT_FAILED;

  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    {
      guint64 posts = 0;
      gboolean ok;

      if (rules[i].days == 0)
        continue;
      if (dry_run)
        ok = vigil_archive_retention_plan (store, &rules[i], now, &posts, &error);
      else
        ok = vigil_archive_apply_retention (store, key, vigil_cli_actor (), &rules[i], 1, now, &posts, &error);
      if (!ok)
        {
          vigil_cli_error (_("could not purge %s: %s"), rules[i].platform, error->message);
          return VIGIL_CLI_EXIT_FAILED;
        }
      print_rule (&rules[i], now, (gint64) posts);
    }
  return VIGIL_CLI_EXIT_OK;
}

int
vigil_cli_retention (int    argc,
                     char **argv)
{
  g_autofree char *db_path = NULL;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("purge: count what would be purged, change nothing"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("show | set PLATFORM DAYS | purge [--dry-run]"));
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GVariant) value = NULL;
  VigilRetentionRule rules[VIGIL_RETENTION_N_PLATFORMS];
  const char *sub;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("How long archived posts are kept, per platform (off by default)."));
  g_option_context_set_description (context,
                                    _("PLATFORM is mastodon, bluesky or feed; DAYS 0 keeps its posts for ever.\n"
                                      "A purge clears the content of posts created before the cut-off and keeps\n"
                                      "each row's hash (a tombstone), so verify stays green; the purge itself is\n"
                                      "archived, MACed with the checkpoint key from the keyring. Vigil applies\n"
                                      "the policy at startup and daily."));
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  sub = argc > 1 ? argv[1] : "show";
  if (!((g_str_equal (sub, "show") && argc <= 2) || (g_str_equal (sub, "set") && argc == 4)
        || (g_str_equal (sub, "purge") && argc == 2)) || (dry_run && !g_str_equal (sub, "purge")))
    {
      vigil_cli_error (_("usage: vigil-cli retention show | set PLATFORM DAYS | purge [--dry-run]"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (!(settings = open_settings ()))
    return VIGIL_CLI_EXIT_FAILED;
  if (g_str_equal (sub, "set"))
    return set_rule (settings, argv[2], argv[3]);

  value = g_settings_get_value (settings, RETENTION_KEY);
  vigil_archive_retention_from_variant (value, rules);
  if (g_str_equal (sub, "purge"))
    return purge (rules, db_path, dry_run);
  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    print_rule (&rules[i], g_get_real_time (), -1);
  return VIGIL_CLI_EXIT_OK;
}
