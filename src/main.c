/* main.c: the vigil GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vigil-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(VigilApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* VIGIL_LOCALEDIR: the build tree's translations, before installing */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("VIGIL_LOCALEDIR") ? g_getenv ("VIGIL_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Vigil"));

  app = vigil_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
