/* test-team-offline.c: the window says so when its team database is away
 *
 * The store's "online" property goes off (as a team database's store does
 * when the server goes away) and on again: the window's offline bar shows
 * and hides, and the window keeps what it shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-team-offline"

#include "config.h"

#include "gui-test-util.h"

#include "vigil-store-backend.h"
#include "widgets/vigil-offline-bar.h"

static VigilApplication *app;

static VigilOfflineBar *
find_offline_bar (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      VigilOfflineBar *found;

      if (VIGIL_IS_OFFLINE_BAR (child))
        return VIGIL_OFFLINE_BAR (child);
      if ((found = find_offline_bar (child)))
        return found;
    }
  return NULL;
}

static void
test_bar_follows_online (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  VigilWindow *window;
  VigilOfflineBar *bar;

  g_assert_no_error (error);
  window = gui_test_window_new (app, store, NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  bar = find_offline_bar (GTK_WIDGET (window));
  g_assert_nonnull (bar);
  g_assert_true (vigil_offline_bar_get_store (bar) == store);
  g_assert_false (vigil_offline_bar_get_shown (bar));

  _vigil_store_set_online (store, FALSE);
  g_assert_true (vigil_offline_bar_get_shown (bar));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  _vigil_store_set_online (store, TRUE);
  g_assert_false (vigil_offline_bar_get_shown (bar));

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

int
main (int   argc,
      char *argv[])
{
  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestTeamOffline");
  if (app == NULL)
    return 0;

  g_test_add_func ("/vigil/team/offline-bar", test_bar_follows_online);
  {
    int status = g_test_run ();
    gui_test_finish (app);
    return status;
  }
}
