/* test-templates.c: the Templates page, and a template used from a case
 * that ends as the case's draft reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-templates"

#include "config.h"

#include "gui-test-util.h"

#include "templates/vigil-playbook-button.h"
#include "templates/vigil-template-responder.h"
#include "templates/vigil-templates-page.h"
#include "vigil-case-view.h"

static VigilApplication *app;

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *name)
{
  if ((!type || G_TYPE_CHECK_INSTANCE_TYPE (root, type)) &&
      (!name || g_strcmp0 (gtk_widget_get_name (root), name) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name);
      if (found)
        return found;
    }
  return NULL;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("VIGIL_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  GdkPaintable *paintable;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  if (!dir)
    return;
  for (guint i = 0; i < 20; i++)
    {
      drain_main_loop ();
      g_usleep (10000);
    }
  gtk_test_widget_wait_for_draw (widget);
  drain_main_loop ();
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_object_unref (paintable);
  g_printerr ("# saved %s\n", path);
}

static VigilWindow *
new_window (VigilStore *store)
{
  VigilWindow *window = gui_test_window_new (app, store, NULL, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "templates");
  drain_main_loop ();
  return window;
}

static void
test_library (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  VigilWindow *window = new_window (store);
  VigilTemplatesPage *page = VIGIL_TEMPLATES_PAGE (find_widget (GTK_WIDGET (window), VIGIL_TYPE_TEMPLATES_PAGE, NULL));
  VigilTemplateEditor *editor = vigil_templates_page_get_editor (page);
  VigilTemplateLibrary *library = vigil_context_ensure_service (vigil_window_get_context (window),
                                                                VIGIL_TYPE_TEMPLATE_LIBRARY);
  VigilTemplate *t;
  GtkWidget *unfilled;

  g_assert_nonnull (page);
  g_assert_cmpuint (vigil_templates_page_get_n_shown (page), >=, 30);
  save_png (GTK_WIDGET (window), "templates-library.png");

  /* filters: scenario, locale, state */
  vigil_templates_page_set_filters (page, NULL, "data-breach", NULL, NULL, "fr", NULL);
  g_assert_cmpuint (vigil_templates_page_get_n_shown (page), ==, 5);
  vigil_templates_page_set_filters (page, NULL, NULL, NULL, NULL, NULL, "approved");
  g_assert_cmpuint (vigil_templates_page_get_n_shown (page), ==, 0);
  vigil_templates_page_set_filters (page, "serial number", NULL, NULL, NULL, NULL, NULL);
  g_assert_cmpuint (vigil_templates_page_get_n_shown (page), >=, 1);
  vigil_templates_page_set_filters (page, NULL, NULL, NULL, NULL, NULL, NULL);

  /* the editor: a live preview from sample values, unfilled variables flagged */
  g_assert_true (vigil_templates_page_select (page, "product-fault-holding"));
  g_assert_nonnull (strstr (vigil_template_editor_get_preview (editor), "Acme Kettle Pro"));
  vigil_template_editor_set_body (editor, "{brand} is sorry 🇫🇷👩‍👩‍👧 {typo_here} — details: {contact_url}");
  g_assert_cmpstr (vigil_template_editor_get_preview (editor), ==,
                   "Acme is sorry 🇫🇷👩‍👩‍👧 {typo_here} — details: https://acme.example/help");
  unfilled = find_widget (GTK_WIDGET (editor), GTK_TYPE_LABEL, NULL);
  (void) unfilled;
  save_png (GTK_WIDGET (window), "templates-editor.png");

  /* save a version, approve it: the first version stays as it was */
  g_assert_true (vigil_template_editor_save (editor));
  t = vigil_template_library_lookup (library, "product-fault-holding");
  g_assert_cmpint (vigil_template_get_revision (t), ==, 2);
  g_assert_true (vigil_template_editor_approve (editor));
  t = vigil_template_library_lookup (library, "product-fault-holding");
  g_assert_true (vigil_template_get_approved (t));
  g_assert_cmpstr (vigil_template_get_approved_by (t), ==, vigil_context_get_actor (vigil_window_get_context (window)));
  g_assert_nonnull (strstr (vigil_template_pick_variant (vigil_template_library_get_revision (library, "product-fault-holding", 1),
                                                         "en", NULL)->body, "urgently looking"));
  vigil_templates_page_set_filters (page, NULL, NULL, NULL, NULL, NULL, "approved");
  g_assert_cmpuint (vigil_templates_page_get_n_shown (page), ==, 1);
  save_png (GTK_WIDGET (window), "templates-approved.png");

  /* a pack that is not JSON: nothing imported, a dialog says why */
  {
    g_autofree char *path = g_build_filename (gui_test_get_tmp_dir (), "bad-pack.json", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    guint before = g_list_model_get_n_items (G_LIST_MODEL (library));

    g_assert_true (g_file_set_contents (path, "{\"format\": \"vigil-template-pack\", \"templates\": [", -1, NULL));
    g_assert_false (vigil_templates_page_import_file (page, file));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, before);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

static VigilTemplateResponder *
find_responder (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (VIGIL_IS_TEMPLATE_RESPONDER (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
responder_shown (gpointer data)
{
  return find_responder () != NULL;
}

static void
test_case_draft (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, "109-kettle");
  VigilWindow *window;
  VigilContext *context;
  VigilCaseBoard *board;
  VigilTemplateLibrary *library;
  VigilCase *kase;
  GtkWidget *view, *button;
  VigilTemplateResponder *responder;
  VigilPlaybookButton *playbook;
  g_autofree char *text = NULL;
  gboolean logged = FALSE;

  vigil_post_set_author (post, "sam@social.example");
  vigil_post_set_author_name (post, "Sam");
  vigil_post_set_text (post, "Is my kettle one of the faulty ones? It smells of burning.");
  vigil_post_set_url (post, "https://social.example/@sam/109");
  vigil_post_set_lang (post, "en");
  vigil_post_set_created_at (post, now);
  g_ptr_array_add (posts, post);
  g_assert_true (vigil_store_insert (store, posts, NULL, &error));

  window = new_window (store);
  context = vigil_window_get_context (window);
  board = vigil_case_board_get (context);
  library = vigil_context_ensure_service (context, VIGIL_TYPE_TEMPLATE_LIBRARY);
  vigil_template_library_load (library, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_template_library_set_default (library, "contact_url", "https://acme.example/help", NULL, &error));
  g_assert_true (vigil_template_library_approve (library, "product-fault-faq", 0, "chief", &error));
  g_assert_no_error (error);

  kase = vigil_case_board_open_post (board, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_case_board_assign (board, kase, "customer-service", NULL, NULL, &error));
  g_assert_no_error (error);

  view = vigil_case_view_new (board, kase);
  gtk_window_set_transient_for (GTK_WINDOW (view), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (view));
  button = find_widget (GTK_WIDGET (vigil_case_view_get_actions_box (VIGIL_CASE_VIEW (view))), GTK_TYPE_BUTTON,
                        "respond-with-template");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_for (responder_shown, NULL, "the template picker");
  responder = find_responder ();

  /* pick, fill from the case, edit, save as the draft reply */
  g_assert_true (vigil_template_responder_select (responder, "product-fault-faq"));
  text = vigil_template_responder_get_text (responder);
  g_assert_nonnull (strstr (text, "Hi Sam,"));
  g_assert_nonnull (strstr (text, "https://acme.example/help"));
  g_assert_null (strstr (text, "{"));
  save_png (GTK_WIDGET (responder), "templates-respond-from-case.png");
  g_free (text);
  text = g_strconcat (vigil_template_responder_get_text (responder), " — Acme support", NULL);
  vigil_template_responder_set_text (responder, text);
  gtk_widget_activate_action (GTK_WIDGET (responder), "responder.save", NULL);
  drain_main_loop ();

  g_assert_cmpstr (vigil_case_get_draft (kase), ==, text);
  g_assert_cmpstr (vigil_case_get_draft_template (kase), !=, NULL);
  g_assert_nonnull (strstr (vigil_case_get_draft_template (kase), "product-fault-faq"));
  /* the case log names the template and its version */
  log = vigil_case_board_list_log (board, kase, &error);
  for (guint i = 0; i < log->len; i++)
    {
      VigilRecord *r = g_ptr_array_index (log, i);
      if (strstr (r->body, "\"template_id\":\"product-fault-faq\"") && strstr (r->body, "\"template_version\":1"))
        logged = TRUE;
    }
  g_assert_true (logged);

  /* the playbook checklist of the case: who ticked a step */
  playbook = VIGIL_PLAYBOOK_BUTTON (find_widget (view, VIGIL_TYPE_PLAYBOOK_BUTTON, NULL));
  g_assert_nonnull (playbook);
  g_assert_null (vigil_playbook_button_get_run (playbook));
  g_assert_nonnull (vigil_playbook_button_start (playbook, "hacked-account", &error));
  g_assert_true (vigil_playbook_button_tick (playbook, 0, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_playbook_run_get_n_done (vigil_playbook_button_get_run (playbook)), ==, 1);
  g_assert_cmpstr (vigil_playbook_run_get_step (vigil_playbook_button_get_run (playbook), 0)->done_by, ==,
                   vigil_context_get_actor (context));

  gtk_window_destroy (GTK_WINDOW (view));
  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

int
main (int argc, char *argv[])
{
  int status;

  if (!(app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestTemplates")))
    return 0;
  g_test_add_func ("/vigil/templates/library", test_library);
  g_test_add_func ("/vigil/templates/case-draft", test_case_draft);
  status = g_test_run ();
  gui_test_finish (app);
  return status;
}
