/* test-locale.c: Vigil speaks German when asked to (LANGUAGE=de)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is built, as the app builds it, in a German session with the
 * build tree's translations (as build-aux/run uses them): its views and
 * its header must read in German.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gui-test-util.h"

static VigilApplication *app;

static AdwViewStack *
find_stack (GtkWidget *widget)
{
  if (ADW_IS_VIEW_STACK (widget))
    return ADW_VIEW_STACK (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwViewStack *found = find_stack (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
page_title (AdwViewStack *stack,
            const char   *name)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (stack, name);

  g_assert_nonnull (child);
  return adw_view_stack_page_get_title (adw_view_stack_get_page (stack, child));
}

static void
test_german_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  VigilWindow *window;
  AdwViewStack *stack;

  g_assert_no_error (error);
  /* the catalogue itself, then the widgets built from it */
  g_assert_cmpstr (_("_Archive"), ==, "_Archiv");

  window = gui_test_window_new (app, store, NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  stack = find_stack (GTK_WIDGET (window));
  g_assert_nonnull (stack);
  g_assert_cmpstr (page_title (stack, "archive"), ==, "_Archiv");
  g_assert_cmpstr (page_title (stack, "watches"), ==, "_Beobachtungen");
  g_assert_cmpstr (page_title (stack, "templates"), ==, "_Vorlagen");

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

int
main (int   argc,
      char *argv[])
{
  /* a German session: LANGUAGE needs a locale other than plain C */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, VIGIL_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestLocale");
  if (app == NULL)
    return 0;

  g_test_add_func ("/vigil/locale/german-window", test_german_window);

  return g_test_run ();
}
