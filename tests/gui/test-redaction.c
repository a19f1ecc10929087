/* test-redaction.c: the Candidate research page under a display: open a
 * dossier, decide on the suggestions, release, read the release
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-redaction"

#include "config.h"

#include "gui-test-util.h"

#include <string.h>

#include "redaction/vigil-dossier-view.h"
#include "redaction/vigil-research-page.h"
#include "vigil-dossier-service.h"

static VigilApplication *app;

static GtkWidget *
find_widget (GtkWidget   *root,
             GType        type,
             const char  *action_name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (!action_name || (GTK_IS_ACTIONABLE (root) &&
                        g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action_name) == 0)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, action_name);
      if (found)
        return found;
    }
  return NULL;
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
view_unlocked (gpointer data)
{
  return vigil_dossier_view_get_unlocked (data);
}

/* Destroys the window, keeping its context until the main loop has run
 * what is pending (other services finish async work on it). */
static void
close_window (VigilWindow *window)
{
  g_autoptr(VigilContext) context = g_object_ref (vigil_window_get_context (window));

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
  vigil_context_shutdown (context);
}

static void
test_accept_all_and_release (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  VigilWindow *window;
  VigilDossierService *service;
  g_autoptr(VigilDossier) dossier = NULL;
  GAsyncResult *result = NULL;
  VigilResearchPage *page;
  VigilDossierView *view;
  GtkWidget *release_button;
  const VigilDossierRelease *release;
  g_autofree char *shown = NULL;
  const VigilDossierItem *item;
  guint first;

  g_assert_no_error (error);
  window = gui_test_window_new (app, store, NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "research");
  g_assert_cmpstr (vigil_window_get_page_name (window), ==, "research");
  page = VIGIL_RESEARCH_PAGE (find_widget (GTK_WIDGET (window), VIGIL_TYPE_RESEARCH_PAGE, NULL));
  g_assert_nonnull (page);
  view = vigil_research_page_get_view (page);

  /* A dossier the researcher prepared. */
  service = vigil_dossier_service_get (vigil_window_get_context (window));
  vigil_dossier_service_create_async (service, "2026-031", "Data engineer", "en", 0, NULL, got_result, &result);
  wait_for (has_result, &result, "the dossier to be created");
  dossier = vigil_dossier_service_create_finish (service, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (vigil_dossier_service_add_text (service, dossier, "text", "linkedin", NULL,
                                                 "Data engineer in Leeds. Happy Diwali to everyone celebrating!", &error));
  g_assert_true (vigil_dossier_service_add_text (service, dossier, "text", "mastodon", NULL,
                                                 "I graduated in 2009 and have loved SQL ever since.", &error));
  g_assert_no_error (error);

  /* Open it. */
  vigil_research_page_select (page, dossier);
  g_assert_true (vigil_dossier_view_get_dossier (view) == dossier);
  wait_for (view_unlocked, view, "the dossier's originals to open");
  g_assert_cmpuint (vigil_dossier_view_get_item (view), ==, 1);
  release_button = find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, "research.release");
  g_assert_nonnull (release_button);
  g_assert_false (gtk_widget_get_sensitive (release_button));

  /* The first suggestion is current; the keyboard's R keeps it, then
   * accept all removes the rest. */
  item = vigil_dossier_get_item (dossier, 1);
  first = vigil_dossier_view_get_current (view);
  g_assert_cmpuint (first, ==, g_array_index (item->spans, VigilDossierSpan, 0).id);
  gtk_widget_activate_action (GTK_WIDGET (view), "research.reject", NULL);
  g_assert_cmpint (g_array_index (vigil_dossier_get_item (dossier, 1)->spans, VigilDossierSpan, 0).state,
                   ==, VIGIL_SUGGESTION_REJECTED);
  gtk_widget_activate_action (GTK_WIDGET (view), "research.accept-all", NULL);
  g_assert_cmpuint (vigil_dossier_get_n_pending (dossier), ==, 0);
  g_assert_true (gtk_widget_get_sensitive (release_button));

  gtk_widget_activate_action (GTK_WIDGET (view), "research.release", NULL);
  g_assert_cmpuint (vigil_dossier_get_n_releases (dossier), ==, 1);
  release = vigil_dossier_get_release (dossier, 1);
  g_assert_cmpstr (release->text, ==,
                   "Item 1 · linkedin\n"
                   "Data engineer in Leeds. Happy Diwali to everyone celebrating!\n\n"
                   "Item 2 · mastodon\n"
                   "I graduated in [removed] and have loved SQL ever since.");
  shown = vigil_dossier_view_get_release_text (view);
  g_assert_cmpstr (shown, ==, release->text);
  /* Released: nothing to release again until something changes. */
  g_assert_true (gtk_widget_get_sensitive (release_button));

  close_window (window);
}

static void
test_empty_state (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  VigilWindow *window = gui_test_window_new (app, store, NULL, NULL);
  VigilResearchPage *page;
  GtkWidget *status;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "research");
  page = VIGIL_RESEARCH_PAGE (find_widget (GTK_WIDGET (window), VIGIL_TYPE_RESEARCH_PAGE, NULL));
  status = find_widget (GTK_WIDGET (page), ADW_TYPE_STATUS_PAGE, NULL);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Candidate Research Yet");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestRedaction");
  if (!app)
    return 0;
  g_test_add_func ("/vigil/redaction/gui/empty-state", test_empty_state);
  g_test_add_func ("/vigil/redaction/gui/accept-all-and-release", test_accept_all_and_release);
  status = g_test_run ();
  gui_test_finish (app);
  return status;
}
