/* test-templates.c: the Templates page, and a template used from a case
 * that ends as the case's draft reply
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-templates"

#include "config.h"

#include "gui-test-util.h"

#include "drills/vigil-drill-report-pdf.h"
#include "drills/vigil-drills-page.h"
#include "templates/vigil-playbook-button.h"
#include "templates/vigil-template-responder.h"
#include "templates/vigil-templates-page.h"
#include "vigil-case-view.h"
#include "vigil-memory-credential-store.h"

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

static VigilContext *
new_context (VigilStore *store)
{
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  g_autoptr(GError) error = NULL;
  VigilContextOptions options = { .actor = "ada", .credentials = credentials, .no_sources = TRUE };
  VigilContext *context = vigil_context_new_for_store (store, &options, &error);

  g_assert_no_error (error);
  return context;
}

/* The page alone in a window (the main window's other pages play no part). */
static GtkWindow *
host (GtkWidget *page)
{
  GtkWidget *window = adw_window_new ();

  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 860);
  gtk_window_present (GTK_WINDOW (window));
  drain_main_loop ();
  return GTK_WINDOW (window);
}

static void
test_library (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilContext) context = new_context (store);
  VigilTemplatesPage *page = g_object_new (VIGIL_TYPE_TEMPLATES_PAGE, NULL);
  GtkWindow *window = host (GTK_WIDGET (page));
  VigilTemplateEditor *editor = vigil_templates_page_get_editor (page);
  VigilTemplateLibrary *library;
  VigilTemplate *t;
  GtkWidget *unfilled;

  vigil_templates_page_set_context (page, context);
  library = vigil_context_ensure_service (context, VIGIL_TYPE_TEMPLATE_LIBRARY);
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
  g_assert_cmpstr (vigil_template_get_approved_by (t), ==, "ada");
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
  gtk_window_destroy (window);
  drain_main_loop ();
  vigil_context_shutdown (context);
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
  g_autoptr(VigilContext) context = NULL;
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

  context = new_context (store);
  board = vigil_case_board_get (context);
  library = vigil_context_ensure_service (context, VIGIL_TYPE_TEMPLATE_LIBRARY);
  vigil_template_library_load (library, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_template_library_set_default (library, "contact_url", "https://acme.example/help", NULL, &error));
  g_assert_true (vigil_template_library_set_default (library, "product", "Acme Kettle Pro", NULL, &error));
  g_assert_true (vigil_template_library_approve (library, "product-fault-faq", 0, "chief", &error));
  g_assert_no_error (error);

  kase = vigil_case_board_open_post (board, post, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_case_board_assign (board, kase, "customer-service", NULL, NULL, &error));
  g_assert_no_error (error);

  view = vigil_case_view_new (board, kase);
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
  g_assert_null (find_responder ());   /* saved: the picker closed */

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
  drain_main_loop ();
  vigil_context_shutdown (context);
}

static gboolean
drill_played (gpointer data)
{
  return !vigil_drill_runner_get_running (data);
}

static void
test_drill_report (void)
{
  static const char *scenario_text =
    "{\"format\":\"vigil-drill\",\"version\":1,\"id\":\"gui\",\"title\":\"Overheating kettles (short)\","
    " \"sla\":{\"triage_seconds\":60,\"response_seconds\":300},"
    " \"posts\":["
    "  {\"id\":\"video\",\"at\":0,\"author\":\"@lena\",\"text\":\"My Acme kettle scorched the worktop!\",\"expected_role\":\"customer-service\",\"persona\":\"angry-customer\"},"
    "  {\"id\":\"press\",\"at\":20,\"author\":\"@sam_reports\",\"text\":\"Is a recall being considered? DMs open.\",\"expected_role\":\"pr\",\"persona\":\"journalist\"},"
    "  {\"id\":\"fake\",\"at\":40,\"author\":\"@acme_refunds\",\"text\":\"Send us your card number for a refund!\",\"expected_role\":\"security\",\"persona\":\"impersonator\"},"
    "  {\"id\":\"memo\",\"at\":60,\"author\":\"@insider\",\"text\":\"Leaked QA memo: ship anyway.\",\"expected_role\":\"legal\",\"persona\":\"leak\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(GBytes) bytes = g_bytes_new_static (scenario_text, strlen (scenario_text));
  g_autoptr(VigilDrillScenario) scenario = vigil_drill_scenario_new_from_bytes (bytes, "gui.json", &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(VigilDrillReport) report = NULL;
  g_autoptr(VigilContext) context = new_context (store);
  VigilDrillsPage *page = g_object_new (VIGIL_TYPE_DRILLS_PAGE, NULL);
  GtkWindow *window = host (GTK_WIDGET (page));
  VigilDrillRunner *runner;

  g_assert_no_error (error);
  vigil_drills_page_set_context (page, context);
  save_png (GTK_WIDGET (window), "drills-page.png");

  runner = vigil_drills_page_start (page, scenario, 0, &error);
  g_assert_no_error (error);
  /* the drill plays on its own context and store */
  g_assert_true (vigil_drill_runner_get_context (runner) != context);
  g_assert_true (json_parser_load_from_data (parser,
    "[{\"post\":\"video\",\"after\":40,\"do\":\"assign\",\"role\":\"customer-service\"},"
    " {\"post\":\"video\",\"after\":90,\"do\":\"draft\",\"template\":\"product-fault-holding\"},"
    " {\"post\":\"video\",\"after\":200,\"do\":\"respond\"},"
    " {\"post\":\"press\",\"after\":75,\"do\":\"assign\",\"role\":\"pr\"},"
    " {\"post\":\"fake\",\"after\":30,\"do\":\"assign\",\"role\":\"pr\"}]", -1, NULL));
  vigil_drill_runner_set_script (runner, json_node_get_array (json_parser_get_root (parser)),
                                 vigil_context_ensure_service (context, VIGIL_TYPE_TEMPLATE_LIBRARY), &error);
  g_assert_no_error (error);
  wait_for (drill_played, runner, "the drill to play");

  report = vigil_drills_page_finish (page, &error);
  g_assert_no_error (error);
  g_object_ref (report);
  g_assert_null (vigil_drills_page_get_drill_window (page));
  g_assert_true (vigil_drill_report_view_get_report (vigil_drills_page_get_report_view (page)) == report);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "n_posts"), ==, 4);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "n_triaged"), ==, 3);
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "role_correct"), ==, 2);
  /* the report as a PDF */
  {
    g_autofree char *pdf = g_build_filename (gui_test_get_tmp_dir (), "drill.pdf", NULL);
    g_autofree char *data = NULL;
    gsize len = 0;

    g_assert_true (vigil_drill_report_write_pdf (report, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
    g_assert_true (len > 1000 && g_str_has_prefix (data, "%PDF-"));
    if (g_getenv ("VIGIL_SCREENSHOT_DIR"))
      {
        g_autofree char *copy = g_build_filename (g_getenv ("VIGIL_SCREENSHOT_DIR"), "drill-report.pdf", NULL);
        g_file_set_contents (copy, data, len, NULL);
      }
  }
  /* no drill post reached the real archive */
  g_assert_cmpint (vigil_store_get_last_id (store), ==, 0);
  save_png (GTK_WIDGET (window), "drill-report.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  save_png (GTK_WIDGET (window), "drill-report-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  g_object_unref (report);
  gtk_window_destroy (window);
  drain_main_loop ();
  vigil_context_shutdown (context);
}

/* In the main window: the Templates page, and a drill in its own window. */
static void
test_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilDrillScenario) scenario = vigil_drill_scenario_new_shipped ("kettle-recall.json", &error);
  g_autoptr(VigilDrillReport) report = NULL;
  VigilWindow *window = gui_test_window_new (app, store, NULL, NULL);
  VigilTemplatesPage *templates;
  VigilDrillsPage *drills;
  VigilDrillRunner *runner;
  GtkWindow *drill_window;

  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "templates");
  templates = VIGIL_TEMPLATES_PAGE (find_widget (GTK_WIDGET (window), VIGIL_TYPE_TEMPLATES_PAGE, NULL));
  g_assert_nonnull (templates);
  g_assert_cmpuint (vigil_templates_page_get_n_shown (templates), >=, 30);
  vigil_templates_page_select (templates, "data-breach-explanation");
  vigil_template_editor_set_variant (vigil_templates_page_get_editor (templates), "fr", "x");
  save_png (GTK_WIDGET (window), "window-templates.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "drills");
  drills = VIGIL_DRILLS_PAGE (find_widget (GTK_WIDGET (window), VIGIL_TYPE_DRILLS_PAGE, NULL));
  g_assert_nonnull (drills);
  runner = vigil_drills_page_start (drills, scenario, 0, &error);
  g_assert_no_error (error);
  drill_window = vigil_drills_page_get_drill_window (drills);
  g_assert_nonnull (drill_window);
  g_assert_true (vigil_window_get_context (VIGIL_WINDOW (drill_window)) == vigil_drill_runner_get_context (runner));
  g_assert_nonnull (strstr (gtk_window_get_title (drill_window), "DRILL"));
  wait_for (drill_played, runner, "the drill to play");
  gtk_window_set_default_size (drill_window, 1280, 860);
  gtk_widget_activate_action (GTK_WIDGET (drill_window), "win.show-page", "s", "feed");
  save_png (GTK_WIDGET (drill_window), "drill-window-feed.png");
  save_png (GTK_WIDGET (window), "window-drill-running.png");
  /* the real archive holds none of it */
  g_assert_cmpint (vigil_store_get_last_id (store), ==, 0);

  report = vigil_drills_page_finish (drills, &error);
  g_assert_no_error (error);
  g_object_ref (report);
  g_assert_null (vigil_drills_page_get_drill_window (drills));
  g_assert_cmpfloat (vigil_drill_report_get_summary (report, "n_posts"), ==, vigil_drill_scenario_get_n_posts (scenario));
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
  g_test_add_func ("/vigil/templates/drill-report", test_drill_report);
  g_test_add_func ("/vigil/templates/window", test_window);
  status = g_test_run ();
  gui_test_finish (app);
  return status;
}
