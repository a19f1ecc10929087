/* vigil-cli-archive.c: what the archive's subcommands share
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
#include "vigil-secret-credential-store.h"

static gboolean progress_shown;

const char *
vigil_cli_actor (void)
{
  const char *actor = g_getenv ("VIGIL_ACTOR");

  return actor && *actor ? actor : g_get_user_name ();
}

GBytes *
vigil_cli_archive_key (gboolean create)
{
  g_autoptr(VigilCredentialStore) credentials = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *key;

  /* tests and scripted runs without a Secret Service */
  if (g_getenv ("VIGIL_NO_KEYRING") != NULL)
    {
      if (create)
        vigil_cli_error (_("no keyring (VIGIL_NO_KEYRING is set): checkpoints and purges need the archive key"));
      return NULL;
    }
  credentials = vigil_secret_credential_store_new ();
  key = vigil_archive_lookup_key (credentials, create, &error);
  if (key == NULL && create)
    vigil_cli_error ("%s", error->message);
  else if (key == NULL && !g_error_matches (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_NO_KEY))
    g_printerr ("%s\n", error->message);
  return key;
}

void
vigil_cli_archive_progress (double   fraction,
                            gpointer user_data)
{
  if (!isatty (fileno (stderr)))
    return;
  g_printerr ("\r%s… %3d%%", (const char *) user_data, (int) (fraction * 100));
  progress_shown = TRUE;
}

void
vigil_cli_archive_progress_done (void)
{
  if (progress_shown)
    g_printerr ("\r\033[K");
  progress_shown = FALSE;
}

gboolean
vigil_cli_parse_time (const char *text,
                      gint64     *out_us)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *full = NULL;

  if (text == NULL)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL && strlen (text) == 10)
    {
      full = g_strconcat (text, "T00:00:00Z", NULL);
      dt = g_date_time_new_from_iso8601 (full, utc);
    }
  if (dt == NULL)
    return FALSE;
  *out_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}
