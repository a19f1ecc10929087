/* vigil-cli-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "vigil-cli-common.h"
#include "vigil-team-credentials.h"

void
vigil_cli_error (const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* one line, whatever the message holds */
  g_strdelimit (message, "\r\n", ' ');
  fprintf (stderr, "vigil-cli: %s\n", message);
}

gboolean
vigil_cli_parse (GOptionContext   *context,
                 int              *argc,
                 char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      vigil_cli_error ("%s (see --help)", error->message);
      return FALSE;
    }
  return TRUE;
}

VigilStore *
vigil_cli_open_store (const char *db_path)
{
  g_autofree char *path = db_path ? g_strdup (db_path) : vigil_store_default_path ();
  g_autoptr(GError) error = NULL;
  VigilStore *store;

  /* a team database's password: from the keyring, else libpq's own ways */
  store = vigil_context_open_store (path, NULL, &error);
  if (store == NULL)
    vigil_cli_error (_("%s: %s"), vigil_team_uri_is_team (path) ? _("the team database") : path,
                     error->message);
  return store;
}

VigilContext *
vigil_cli_open_context (const char                *db_path,
                        const char                *actor,
                        const VigilContextOptions *options)
{
  g_autofree char *path = db_path ? g_strdup (db_path) : vigil_store_default_path ();
  g_autoptr(GError) error = NULL;
  VigilContextOptions opts = { 0 };
  VigilContext *context;

  if (options != NULL)
    opts = *options;
  opts.db = path;
  opts.no_sources = TRUE;
  if (actor != NULL)
    opts.actor = actor;
  context = vigil_context_new (&opts, &error);
  if (context == NULL)
    vigil_cli_error (_("%s: %s"), vigil_team_uri_is_team (path) ? _("the team database") : path,
                     error->message);
  return context;
}

void
vigil_cli_print_line (GString *line)
{
  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, stdout);
}

GOptionGroup *
vigil_cli_filter_group (VigilCliFilter *filter)
{
  GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &filter->platform,
      N_("Only posts from PLATFORM (mastodon, bluesky, feed, drill)"), N_("PLATFORM") },
    { "author", 0, 0, G_OPTION_ARG_STRING, &filter->author,
      N_("Only posts by this author handle"), N_("HANDLE") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &filter->since,
      N_("Only posts created at or after this ISO 8601 time"), N_("ISO") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &filter->until,
      N_("Only posts created before this ISO 8601 time"), N_("ISO") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &filter->limit,
      N_("At most N posts"), N_("N") },
    { NULL }
  };
  GOptionGroup *group;

  group = g_option_group_new ("filter", _("Filters:"), _("Show filter options"), NULL, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

VigilSearchQuery *
vigil_cli_filter_query (VigilCliFilter  *filter,
                        char           **words)
{
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();

  if (filter->platform)
    {
      query->platform = vigil_platform_from_string (filter->platform);
      if (query->platform == VIGIL_PLATFORM_UNKNOWN)
        {
          vigil_cli_error (_("--platform: unknown platform “%s” (use mastodon, bluesky, feed or drill)"),
                           filter->platform);
          return NULL;
        }
    }
  if (filter->since && !(query->since = vigil_parse_iso8601 (filter->since)))
    {
      vigil_cli_error (_("--since: “%s” is not an ISO 8601 date or time (e.g. 2026-11-23T10:00:00Z)"),
                       filter->since);
      return NULL;
    }
  if (filter->until && !(query->until = vigil_parse_iso8601 (filter->until)))
    {
      vigil_cli_error (_("--until: “%s” is not an ISO 8601 date or time (e.g. 2026-11-23T10:00:00Z)"),
                       filter->until);
      return NULL;
    }
  if (filter->limit < 0)
    {
      vigil_cli_error (_("--limit must be zero (no limit) or more"));
      return NULL;
    }
  query->limit = (guint) filter->limit;
  query->author = g_strdup (filter->author);
  if (words && words[0])
    query->text = g_strjoinv (" ", words);

  return g_steal_pointer (&query);
}

void
vigil_cli_filter_clear (VigilCliFilter *filter)
{
  g_clear_pointer (&filter->platform, g_free);
  g_clear_pointer (&filter->author, g_free);
  g_clear_pointer (&filter->since, g_free);
  g_clear_pointer (&filter->until, g_free);
}
