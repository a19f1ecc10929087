/* gui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "vigil-memory-credential-store.h"

static char *tmp_dir;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

VigilApplication *
gui_test_init (int          *argc,
               char       ***argv,
               const char   *app_id)
{
  static const char * const folders[][2] = {
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
  };
  g_autoptr(GError) error = NULL;
  VigilApplication *app;

  if (g_getenv ("DISPLAY") == NULL || *g_getenv ("DISPLAY") == '\0')
    {
      printf ("1..0 # SKIP no display\n");
      return NULL;
    }

  /* before anything reads them */
  tmp_dir = g_dir_make_tmp ("vigil-gui-test-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, folders[i][1], NULL);

      g_setenv (folders[i][0], path, TRUE);
    }

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  app = g_object_new (VIGIL_TYPE_APPLICATION,
                      "application-id", app_id,
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/io/github/vigilapp/Vigil",
                      NULL);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

#define WAIT_SECONDS 10

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
wait_for (GuiTestCondition  condition,
          gpointer          data,
          const char       *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out after %d s waiting for %s", WAIT_SECONDS, what);
  g_source_remove (id);
}

void
drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

const char *
gui_test_get_tmp_dir (void)
{
  return tmp_dir;
}

void
gui_test_finish (VigilApplication *app)
{
  g_application_quit (G_APPLICATION (app));
  g_object_unref (app);
  remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

VigilWindow *
gui_test_window_new (VigilApplication               *app,
                     VigilStore                     *store,
                     VigilWatchList                 *watches,
                     const VigilAlertMonitorOptions *alerts)
{
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GError) error = NULL;
  VigilContextOptions options = { .credentials = credentials, .no_sources = TRUE,
                                  .watches = watches, .alerts = alerts };

  context = vigil_context_new_for_store (store, &options, &error);
  g_assert_no_error (error);
  return vigil_window_new (GTK_APPLICATION (app), context);
}
