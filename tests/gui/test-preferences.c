/* test-preferences.c: the preferences window, driven through its widgets
 *
 * Sources are added through the Add Source page against the local fixture
 * server, paused, and removed after confirmation; watches are checked as
 * they are typed and saved to their file; official accounts go to
 * GSettings. With VIGIL_SCREENSHOT_DIR set, the pages are also saved as
 * PNG files (light and dark) for a person to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "vigil-memory-credential-store.h"
#include "vigil-preferences-window.h"
#include "vigil-source-editor.h"
#include "vigil-source-row.h"
#include "vigil-sources-indicator.h"
#include "vigil-test-server.h"
#include "vigil-ui-resources.h"
#include "vigil-watch-editor.h"

#define FEED "/feed.xml"
#define TAG_PATH "/api/v1/timelines/tag/vigil"
#define STREAM_PATH "/api/v1/streaming/hashtag"

static char *tmp_dir;
static char *sources_path;
static char *watches_path;
static VigilTestServer *server;
static VigilStore *store;
static SoupSession *session;
static VigilCredentialStore *credentials;
static VigilSourceManager *manager;
static VigilWatchList *watches;
static VigilPreferencesWindow *window;

static void
drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_n_sources (guint n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (g_list_model_get_n_items (G_LIST_MODEL (manager)) != n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
wait_for_state (VigilSource      *source,
                VigilSourceState  state)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (vigil_source_get_state (source) != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static GBytes *
make_rss (void)
{
  const char *rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Kettle news</title>"
                    "<link>https://news.example.org/</link><description>d</description>"
                    "<item><title>One</title><link>https://news.example.org/1</link><guid>urn:k:1</guid>"
                    "<description>Story one</description></item>"
                    "<item><title>Two</title><link>https://news.example.org/2</link><guid>urn:k:2</guid>"
                    "<description>Story two</description></item></channel></rss>";

  return g_bytes_new_static (rss, strlen (rss));
}

static void
test_add_source (void)
{
  VigilSourcesPage *page = vigil_preferences_window_get_sources_page (window);
  GtkListBox *list = vigil_sources_page_get_list (page);
  VigilSourceEditor *editor;
  g_autofree char *feed_url = vigil_test_server_get_url (server, FEED);
  g_autofree char *contents = NULL;
  g_autoptr(VigilSource) source = NULL;

  g_assert_cmpuint (count_rows (list), ==, 0);

  editor = VIGIL_SOURCE_EDITOR (vigil_sources_page_open_editor (page, NULL));
  drain_main_loop ();
  vigil_source_editor_set_type (editor, VIGIL_SOURCE_EDITOR_FEED);

  /* nothing typed: no error yet, and Add does nothing */
  g_assert_null (vigil_source_editor_get_error (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);

  /* plain http to a remote host: the reason shows, Add stays disabled */
  gtk_editable_set_text (vigil_source_editor_get_address (editor), "http://news.example.org/feed.xml");
  g_assert_nonnull (vigil_source_editor_get_error (editor));
  g_assert_nonnull (strstr (vigil_source_editor_get_error (editor), "https"));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add", NULL);
  drain_main_loop ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
  g_assert_true (vigil_sources_page_get_editor (page) == GTK_WIDGET (editor));

  /* a valid address: the error goes, Add adds */
  gtk_editable_set_text (vigil_source_editor_get_address (editor), feed_url);
  gtk_editable_set_text (vigil_source_editor_get_label (editor), "Kettle news");
  g_assert_null (vigil_source_editor_get_error (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add", NULL);
  drain_main_loop ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
  g_assert_null (vigil_sources_page_get_editor (page));  /* the page closed */
  g_assert_cmpuint (count_rows (list), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, 0))),
                   ==, "Kettle news");

  contents = read_file (sources_path);
  g_assert_nonnull (strstr (contents, feed_url));
  g_assert_nonnull (strstr (contents, "Kettle news"));
  g_clear_pointer (&contents, g_free);

  source = g_list_model_get_item (G_LIST_MODEL (manager), 0);
  wait_for_state (source, VIGIL_SOURCE_STATE_LIVE);
  {
    g_autofree char *state = vigil_source_row_describe (VIGIL_SOURCE_ROW (gtk_list_box_get_row_at_index (list, 0)));

    g_assert_cmpstr (state, ==, "Live");
  }

  /* a Mastodon hashtag with an account: the token goes to the credential
   * store, never to the file */
  editor = VIGIL_SOURCE_EDITOR (vigil_sources_page_open_editor (page, NULL));
  vigil_source_editor_set_type (editor, VIGIL_SOURCE_EDITOR_MASTODON_HASHTAG);
  gtk_editable_set_text (vigil_source_editor_get_address (editor), vigil_test_server_get_base_url (server));
  g_assert_null (vigil_source_editor_get_error (editor));
  gtk_editable_set_text (vigil_source_editor_get_argument (editor), "#vigil");
  gtk_editable_set_text (vigil_source_editor_get_token (editor), "pasted-s3cret");
  g_assert_nonnull (vigil_source_editor_get_error (editor));  /* whose token? */
  gtk_editable_set_text (vigil_source_editor_get_account (editor), "me@fixture.example");
  g_assert_null (vigil_source_editor_get_error (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.add", NULL);
  wait_for_n_sources (2);
  g_assert_cmpuint (vigil_memory_credential_store_get_n_items (VIGIL_MEMORY_CREDENTIAL_STORE (credentials)), ==, 1);
  contents = read_file (sources_path);
  g_assert_nonnull (strstr (contents, "/tag/vigil"));
  g_assert_nonnull (strstr (contents, "me@fixture.example"));
  g_assert_null (strstr (contents, "s3cret"));
  g_assert_cmpuint (count_rows (list), ==, 2);
}

static void
test_pause_source (void)
{
  GtkListBox *list = vigil_sources_page_get_list (vigil_preferences_window_get_sources_page (window));
  VigilSourceRow *row = VIGIL_SOURCE_ROW (gtk_list_box_get_row_at_index (list, 0));
  VigilSource *source = vigil_source_row_get_source (row);
  g_autofree char *state = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (gtk_switch_get_active (vigil_source_row_get_switch (row)));
  gtk_switch_set_active (vigil_source_row_get_switch (row), FALSE);
  g_assert_true (vigil_source_manager_get_paused (manager, source));
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_STOPPED);
  state = vigil_source_row_describe (row);
  g_assert_cmpstr (state, ==, "Paused");
  contents = read_file (sources_path);
  g_assert_nonnull (strstr (contents, "\"paused\" : true"));

  gtk_switch_set_active (vigil_source_row_get_switch (row), TRUE);
  g_assert_false (vigil_source_manager_get_paused (manager, source));
  g_assert_cmpint (vigil_source_get_state (source), !=, VIGIL_SOURCE_STATE_STOPPED);
  wait_for_state (source, VIGIL_SOURCE_STATE_LIVE);
}

static void
test_remove_source (void)
{
  VigilSourcesPage *page = vigil_preferences_window_get_sources_page (window);
  GtkListBox *list = vigil_sources_page_get_list (page);
  g_autoptr(VigilSource) source = g_list_model_get_item (G_LIST_MODEL (manager), 0);
  g_autofree char *spec = g_strdup (vigil_source_manager_get_spec (manager, source));
  g_autofree char *contents = NULL;
  AdwMessageDialog *dialog;

  /* cancelled: nothing happens */
  dialog = vigil_sources_page_confirm_remove (page, source);
  adw_message_dialog_response (dialog, "cancel");
  drain_main_loop ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 2);

  dialog = vigil_sources_page_confirm_remove (page, source);
  adw_message_dialog_response (dialog, "remove");
  drain_main_loop ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
  g_assert_cmpuint (count_rows (list), ==, 1);
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_STOPPED);
  contents = read_file (sources_path);
  g_assert_null (strstr (contents, spec));
}

static void
test_indicator (void)
{
  GtkWidget *indicator = g_object_ref_sink (g_object_new (VIGIL_TYPE_SOURCES_INDICATOR, NULL));
  g_autoptr(VigilSource) source = g_list_model_get_item (G_LIST_MODEL (manager), 0);
  g_autoptr(GError) error = NULL;

  g_assert_false (gtk_widget_get_visible (indicator));  /* no manager yet */
  vigil_sources_indicator_set_manager (VIGIL_SOURCES_INDICATOR (indicator), manager);
  g_assert_true (gtk_widget_get_visible (indicator));
  wait_for_state (source, VIGIL_SOURCE_STATE_LIVE);
  g_assert_cmpstr (vigil_sources_indicator_get_text (VIGIL_SOURCES_INDICATOR (indicator)), ==, "1 live");

  g_assert_true (vigil_source_manager_set_paused (manager, source, TRUE, &error));
  g_assert_cmpstr (vigil_sources_indicator_get_text (VIGIL_SOURCES_INDICATOR (indicator)), ==, "Paused");
  g_assert_true (vigil_source_manager_set_paused (manager, source, FALSE, &error));
  wait_for_state (source, VIGIL_SOURCE_STATE_LIVE);
  g_assert_cmpstr (vigil_sources_indicator_get_text (VIGIL_SOURCES_INDICATOR (indicator)), ==, "1 live");
  g_object_unref (indicator);
}

static void
test_opml (void)
{
  VigilSourcesPage *page = vigil_preferences_window_get_sources_page (window);
  g_autofree char *feed_url = vigil_test_server_get_url (server, "/other.xml");
  g_autofree char *opml = g_strdup_printf ("<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>t</title></head><body>"
                                           "<outline text=\"Other news\" type=\"rss\" xmlUrl=\"%s\"/>"
                                           "<outline text=\"Insecure\" type=\"rss\" xmlUrl=\"http://remote.example/feed\"/>"
                                           "</body></opml>", feed_url);
  g_autofree char *in_path = g_build_filename (tmp_dir, "in.opml", NULL);
  g_autofree char *out_path = g_build_filename (tmp_dir, "out.opml", NULL);
  g_autoptr(GFile) in = g_file_new_for_path (in_path);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autofree char *written = NULL;
  guint before = g_list_model_get_n_items (G_LIST_MODEL (manager));
  g_autoptr(GError) error = NULL;

  g_file_set_contents (in_path, opml, -1, &error);
  g_assert_no_error (error);

  /* the insecure one is skipped; importing twice adds nothing */
  g_assert_cmpuint (vigil_sources_page_import_opml (page, in), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, before + 1);
  g_assert_cmpuint (vigil_sources_page_import_opml (page, in), ==, 0);

  /* exported: feeds only, with their names */
  g_assert_true (vigil_sources_page_export_opml (page, out));
  written = read_file (out_path);
  g_assert_nonnull (strstr (written, feed_url));
  g_assert_nonnull (strstr (written, "Other news"));
  g_assert_null (strstr (written, "/tag/vigil"));
  g_assert_null (strstr (written, "remote.example"));

  /* clean up for the tests that follow */
  {
    g_autoptr(VigilSource) added = g_list_model_get_item (G_LIST_MODEL (manager), before);

    g_assert_true (vigil_source_manager_remove (manager, added, &error));
  }
  g_unlink (in_path);
  g_unlink (out_path);
}

static void
test_add_watch (void)
{
  GtkListBox *list = vigil_preferences_window_get_watches_list (window);
  VigilWatchEditor *editor;
  g_autofree char *contents = NULL;

  g_assert_cmpuint (count_rows (list), ==, 0);
  editor = VIGIL_WATCH_EDITOR (vigil_preferences_window_open_watch_editor (window, NULL));
  gtk_editable_set_text (vigil_watch_editor_get_name (editor), "Acme");
  gtk_editable_set_text (vigil_watch_editor_get_query (editor), "(acme OR #acme");

  /* the syntax error shows with its position, and nothing is saved */
  g_assert_nonnull (vigil_watch_editor_get_error (editor));
  g_assert_nonnull (strstr (vigil_watch_editor_get_error (editor), "character"));
  gtk_widget_activate_action (GTK_WIDGET (editor), "watch-editor.save", NULL);
  drain_main_loop ();
  g_assert_cmpuint (vigil_watch_list_get_n_watches (watches), ==, 0);
  g_assert_false (g_file_test (watches_path, G_FILE_TEST_EXISTS));

  /* fixed: saved, with the chosen colour */
  gtk_editable_set_text (vigil_watch_editor_get_query (editor), "(acme OR #acme) refund*");
  g_assert_null (vigil_watch_editor_get_error (editor));
  vigil_watch_editor_set_colour (editor, "#e01b24");
  g_assert_cmpstr (vigil_watch_editor_get_colour (editor), ==, "#e01b24");
  gtk_widget_activate_action (GTK_WIDGET (editor), "watch-editor.save", NULL);
  drain_main_loop ();
  g_assert_cmpuint (vigil_watch_list_get_n_watches (watches), ==, 1);
  g_assert_cmpuint (count_rows (list), ==, 1);
  contents = read_file (watches_path);
  g_assert_nonnull (strstr (contents, "\"Acme\""));
  g_assert_nonnull (strstr (contents, "#e01b24"));

  /* a second watch of the same name is refused */
  editor = VIGIL_WATCH_EDITOR (vigil_preferences_window_open_watch_editor (window, NULL));
  gtk_editable_set_text (vigil_watch_editor_get_name (editor), "Acme");
  gtk_editable_set_text (vigil_watch_editor_get_query (editor), "other");
  g_assert_nonnull (vigil_watch_editor_get_error (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "watch-editor.cancel", NULL);
  drain_main_loop ();
}

static void
test_official_accounts (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.vigilapp.Vigil");
  g_auto(GStrv) accounts = NULL;
  GtkListBox *list = vigil_preferences_window_get_official_list (window);

  g_assert_cmpuint (count_rows (list), ==, 0);
  gtk_editable_set_text (vigil_preferences_window_get_official_entry (window, "handle"), "@support@acme.example");
  gtk_editable_set_text (vigil_preferences_window_get_official_entry (window, "name"), "Acme Support");
  gtk_widget_activate_action (GTK_WIDGET (window), "prefs.add-official", NULL);
  accounts = g_settings_get_strv (settings, "official-accounts");
  g_assert_cmpuint (g_strv_length (accounts), ==, 1);
  g_assert_cmpstr (accounts[0], ==, "@support@acme.example=Acme Support");
  g_assert_cmpuint (count_rows (list), ==, 1);

  g_settings_set_double (settings, "ots-divisor", 25);
  drain_main_loop ();
  g_assert_cmpfloat (g_settings_get_double (settings, "ots-divisor"), ==, 25);
}

/* --- screenshots, for a person to look at --- */

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_object_unref (paintable);
  g_printerr ("# saved %s\n", path);
}

static void
settle (void)
{
  for (guint i = 0; i < 20; i++)
    {
      drain_main_loop ();
      g_usleep (10000);
    }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  drain_main_loop ();
}

static void
test_screenshots (void)
{
  const char *dir = g_getenv ("VIGIL_SCREENSHOT_DIR");
  static const char * const pages[] = { "sources", "watches", "classification" };
  static const char * const schemes[] = { "light", "dark" };

  if (dir == NULL)
    {
      g_test_skip ("set VIGIL_SCREENSHOT_DIR to save screenshots");
      return;
    }
  g_mkdir_with_parents (dir, 0755);

  for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          s == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT : ADW_COLOR_SCHEME_FORCE_DARK);
      for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
        {
          g_autofree char *name = g_strdup_printf ("prefs-%s-%s.png", pages[p], schemes[s]);
          g_autofree char *path = g_build_filename (dir, name, NULL);

          adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), pages[p]);
          settle ();
          save_png (GTK_WIDGET (window), path);
        }
      {
        g_autofree char *path = g_strdup_printf ("%s/prefs-add-source-%s.png", dir, schemes[s]);
        VigilSourceEditor *editor;

        adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "sources");
        editor = VIGIL_SOURCE_EDITOR (vigil_sources_page_open_editor (vigil_preferences_window_get_sources_page (window), NULL));
        vigil_source_editor_set_type (editor, VIGIL_SOURCE_EDITOR_MASTODON_HASHTAG);
        gtk_editable_set_text (vigil_source_editor_get_address (editor), "http://mastodon.example");
        gtk_editable_set_text (vigil_source_editor_get_argument (editor), "acme");
        settle ();
        save_png (GTK_WIDGET (window), path);
        gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel", NULL);
      }
      {
        g_autofree char *path = g_strdup_printf ("%s/prefs-watch-editor-%s.png", dir, schemes[s]);
        VigilWatchEditor *editor = VIGIL_WATCH_EDITOR (vigil_preferences_window_open_watch_editor (window, NULL));

        gtk_editable_set_text (vigil_watch_editor_get_name (editor), "Recall");
        gtk_editable_set_text (vigil_watch_editor_get_query (editor), "recall AND (kettle OR");
        settle ();
        save_png (GTK_WIDGET (window), path);
        gtk_widget_activate_action (GTK_WIDGET (editor), "watch-editor.cancel", NULL);
      }
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

/* The empty states, before anything is added. */
static void
test_empty_screenshots (void)
{
  const char *dir = g_getenv ("VIGIL_SCREENSHOT_DIR");
  static const char * const pages[] = { "sources", "watches", "classification" };

  if (dir == NULL)
    {
      g_test_skip ("set VIGIL_SCREENSHOT_DIR to save screenshots");
      return;
    }
  g_mkdir_with_parents (dir, 0755);
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      g_autofree char *name = g_strdup_printf ("prefs-%s-empty.png", pages[p]);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), pages[p]);
      settle ();
      save_png (GTK_WIDGET (window), path);
    }
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "sources");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *statuses = NULL;
  const char *instance = "{\"uri\":\"fixture.example\",\"version\":\"4.2.0\"}";
  g_autoptr(GBytes) instance_body = g_bytes_new_static (instance, strlen (instance));
  g_autoptr(GBytes) rss = make_rss ();
  int ret;

  if (g_getenv ("DISPLAY") == NULL || *g_getenv ("DISPLAY") == '\0')
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }

  tmp_dir = g_dir_make_tmp ("vigil-test-preferences-XXXXXX", &error);
  g_assert_no_error (error);
  sources_path = g_build_filename (tmp_dir, "config", "sources.json", NULL);
  watches_path = g_build_filename (tmp_dir, "config", "watches.json", NULL);
  db = g_build_filename (tmp_dir, "store.db", NULL);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  (void) vigil_ui_get_resource ();
  /* subpages open and close at once, as the tests go faster than a person */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  server = vigil_test_server_new ();
  vigil_test_server_set_content (server, FEED, "application/rss+xml", rss);
  statuses = g_strdup ("[{\"id\":\"110000000000000001\",\"created_at\":\"2026-11-23T10:00:00Z\","
                       "\"url\":\"https://fixture.example/@alice/1\",\"content\":\"<p>post</p>\","
                       "\"visibility\":\"public\",\"account\":{\"acct\":\"alice\"}}]");
  vigil_test_server_set_content (server, "/api/v1/instance", "application/json", instance_body);
  vigil_test_server_set_mastodon_timeline (server, TAG_PATH, statuses);
  vigil_test_server_add_sse (server, STREAM_PATH, NULL);

  store = vigil_store_open (db, &error);
  g_assert_no_error (error);
  session = soup_session_new ();
  credentials = vigil_memory_credential_store_new ();
  manager = vigil_source_manager_new (store, session, credentials, sources_path);
  vigil_source_manager_start (manager);
  watches = vigil_watch_list_new ();
  vigil_source_manager_set_watch_list (manager, watches);

  window = vigil_preferences_window_new (NULL, manager, watches, watches_path);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 640);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_test_add_func ("/vigil/preferences/empty-screenshots", test_empty_screenshots);
  g_test_add_func ("/vigil/preferences/add-source", test_add_source);
  g_test_add_func ("/vigil/preferences/pause-source", test_pause_source);
  g_test_add_func ("/vigil/preferences/remove-source", test_remove_source);
  g_test_add_func ("/vigil/preferences/indicator", test_indicator);
  g_test_add_func ("/vigil/preferences/opml", test_opml);
  g_test_add_func ("/vigil/preferences/add-watch", test_add_watch);
  g_test_add_func ("/vigil/preferences/official-accounts", test_official_accounts);
  g_test_add_func ("/vigil/preferences/screenshots", test_screenshots);

  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  vigil_source_manager_stop (manager);
  drain_main_loop ();
  g_clear_object (&manager);
  g_clear_object (&watches);
  g_clear_object (&credentials);
  g_clear_object (&session);
  vigil_store_flush (store);
  g_clear_object (&store);
  vigil_test_server_free (server);
  remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (sources_path);
  g_free (watches_path);

  return ret;
}
