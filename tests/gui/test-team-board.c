/* test-team-board.c: two desks on one team database, under a display
 *
 * Two windows, each on a context and store of its own (their own
 * connections, as two workstations have), on one PostgreSQL database: a
 * card dropped onto the Legal column in one window appears in the other
 * window's Legal column, through LISTEN/NOTIFY (no polling). The other
 * window's offline bar stays hidden while the database is there.
 *
 * Needs VIGIL_TEST_PG_URI (build-aux/test starts a server); skipped without.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-team-board"

#include "config.h"

#include "gui-test-util.h"

#include "vigil-memory-credential-store.h"
#include "vigil-test-pg.h"
#include "vigil-triage-column.h"
#include "vigil-triage-page.h"
#include "widgets/vigil-offline-bar.h"

static VigilApplication *app;

typedef struct
{
  VigilStore      *store;
  VigilContext    *context;
  VigilCaseBoard  *board;
  GtkWindow       *window;
  VigilTriagePage *page;
  VigilOfflineBar *offline_bar;
} Desk;

static void
desk_init (Desk       *desk,
           const char *uri,
           const char *actor)
{
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  g_autoptr(GError) error = NULL;
  VigilContextOptions options = { .actor = actor, .credentials = credentials,
                                  .no_sources = TRUE, .no_classify = TRUE };
  GtkWidget *box;

  desk->store = vigil_context_open_store (uri, credentials, &error);
  g_assert_no_error (error);
  /* as the app does: follow what the other desks write */
  vigil_store_watch_external (desk->store, 1000);
  desk->context = vigil_context_new_for_store (desk->store, &options, &error);
  g_assert_no_error (error);
  desk->board = vigil_case_board_get (desk->context);

  desk->window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
  gtk_window_set_default_size (desk->window, 1280, 800);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  desk->offline_bar = g_object_new (VIGIL_TYPE_OFFLINE_BAR, "store", desk->store, NULL);
  desk->page = g_object_new (VIGIL_TYPE_TRIAGE_PAGE, "board", desk->board, "vexpand", TRUE, NULL);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (desk->offline_bar));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (desk->page));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (desk->window), box);
  gtk_window_present (desk->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (desk->window));
}

static void
desk_clear (Desk *desk)
{
  gtk_window_destroy (desk->window);
  drain_main_loop ();
  vigil_context_shutdown (desk->context);
  g_clear_object (&desk->context);
  g_clear_object (&desk->store);
}

static VigilTriageColumn *
role_column (Desk       *desk,
             const char *role_id)
{
  GPtrArray *columns = vigil_triage_page_get_columns (desk->page);

  for (guint i = 0; i < columns->len; i++)
    {
      VigilTriageColumn *column = g_ptr_array_index (columns, i);
      VigilTriageRole *role = vigil_triage_column_get_role (column);

      if (vigil_triage_column_get_kind (column) == VIGIL_TRIAGE_COLUMN_ROLE
          && role && g_str_equal (vigil_triage_role_get_id (role), role_id))
        return column;
    }
  g_assert_not_reached ();
}

static gboolean
emit_drop (GtkWidget    *widget,
           const GValue *value)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", value, 10.0, 10.0, &handled);
          return handled;
        }
    }
  g_assert_not_reached ();
}

typedef struct
{
  GListModel *model;
  const char *case_id;
} InModel;

static gboolean
case_in_model (gpointer data)
{
  InModel *in = data;

  for (guint i = 0; i < g_list_model_get_n_items (in->model); i++)
    {
      g_autoptr(VigilCase) kase = g_list_model_get_item (in->model, i);

      if (g_strcmp0 (vigil_case_get_id (kase), in->case_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_drop_reaches_other_desk (void)
{
  g_autofree char *uri = vigil_test_pg_create_db ();
  g_autoptr(VigilPost) post = vigil_post_new (VIGIL_PLATFORM_MASTODON, "team-gui-1");
  g_autoptr(GError) error = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  Desk nurse = { 0 };
  Desk legal = { 0 };
  VigilCase *kase;
  VigilTriageColumn *legal_column_a;
  VigilTriageColumn *legal_column_b;
  InModel in_inbox;
  InModel in_legal;

  g_autoptr(GSettings) settings = g_settings_new ("io.github.vigilapp.Vigil");

  /* the person already said who they are: no first-use dialog */
  g_settings_set_string (settings, "triage-identity", "nurse");
  desk_init (&nurse, uri, "nurse");
  desk_init (&legal, uri, "legal-counsel");
  g_assert_false (vigil_offline_bar_get_shown (legal.offline_bar));

  /* the nurse opens a case; the other desk's inbox shows it */
  vigil_post_set_id (post, 1);
  vigil_post_set_text (post, "The kettle lid opened and scalded me");
  kase = vigil_case_board_open_post (nurse.board, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kase);
  in_inbox = (InModel) { vigil_case_board_get_inbox (legal.board), vigil_case_get_id (kase) };
  wait_for (case_in_model, &in_inbox, "the case in the other desk's inbox");

  /* a drag onto Legal in one window… */
  legal_column_a = role_column (&nurse, "legal");
  g_value_init (&value, VIGIL_TYPE_CASE);
  g_value_set_object (&value, kase);
  g_assert_true (emit_drop (GTK_WIDGET (legal_column_a), &value));
  g_assert_cmpstr (vigil_case_get_role (kase), ==, "legal");

  /* …appears in the other window's Legal column */
  legal_column_b = role_column (&legal, "legal");
  in_legal = (InModel) { G_LIST_MODEL (vigil_triage_column_get_selection (legal_column_b)),
                         vigil_case_get_id (kase) };
  wait_for (case_in_model, &in_legal, "the case in the other window's Legal column");
  g_assert_false (case_in_model (&in_inbox));
  g_assert_false (vigil_offline_bar_get_shown (legal.offline_bar));

  desk_clear (&nurse);
  desk_clear (&legal);
  vigil_test_pg_drop_db (uri);
}

int
main (int   argc,
      char *argv[])
{
  vigil_test_pg_require ();
  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestTeamBoard");
  if (app == NULL)
    return 0;

  g_test_add_func ("/vigil/team/drop-reaches-other-desk", test_drop_reaches_other_desk);
  {
    int status = g_test_run ();
    gui_test_finish (app);
    return status;
  }
}
