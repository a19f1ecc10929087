/* test-feed-window.c: the main window over a real store, under a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-feed-window"

#include "config.h"

#include "gui-test-util.h"

#include <sqlite3.h>

#include <glib/gstdio.h>
#include <stdio.h>

#include "vigil-application.h"
#include "vigil-feed-page.h"
#include "vigil-post-row.h"
#include "vigil-window.h"

static VigilApplication *app;
static const char *tmp_dir;

typedef struct
{
  GListModel *model;
  guint       n_items;
} CountWait;

static gboolean
has_n_items (gpointer data)
{
  CountWait *wait = data;

  return g_list_model_get_n_items (wait->model) == wait->n_items;
}

static void
wait_for_n_items (GListModel *model,
                  guint       n_items)
{
  CountWait wait = { model, n_items };
  g_autofree char *what = g_strdup_printf ("the feed to show %u posts (it shows %u)", n_items,
                                           g_list_model_get_n_items (model));

  wait_for (has_n_items, &wait, what);
}

static VigilPost *
make_post (const char *remote_id,
           const char *text,
           int         minutes_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) created = g_date_time_add_minutes (now, -minutes_ago);
  VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, remote_id);

  vigil_post_set_author (post, "tester@social.example");
  vigil_post_set_author_name (post, "Test Person");
  vigil_post_set_text (post, text);
  vigil_post_set_lang (post, "en");
  vigil_post_set_created_at (post, created);
  vigil_post_set_fetched_at (post, now);
  return post;
}

static void
insert (VigilStore *store,
        GPtrArray  *posts)
{
  g_autoptr(GError) error = NULL;
  VigilStoreInsertResult result = { 0 };

  g_assert_true (vigil_store_insert (store, posts, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.added, ==, posts->len);
}

static const char *
first_text (GListModel *model)
{
  g_autoptr(VigilPost) post = g_list_model_get_item (model, 0);
  static char *text;

  g_assert_nonnull (post);
  g_free (text);
  text = g_strdup (vigil_post_get_text (post));
  return text;
}

static gboolean
shows_edit (gpointer data)
{
  GListModel *model = data;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VigilPost) post = g_list_model_get_item (model, i);

      if (g_strcmp0 (vigil_post_get_remote_id (post), "burst-10") == 0)
        return vigil_post_get_edited (post) &&
               g_strcmp0 (vigil_post_get_text (post), "Burst post 10, edited") == 0;
    }
  return FALSE;
}

static int
count_access_log (const char *path,
                  const char *detail)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int count = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM access_log WHERE action = 'search' AND detail = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, detail, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
test_live_feed_and_search (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "feed.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, &error);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func (g_object_unref);
  VigilWindow *window;
  VigilFeedPage *page;
  GListModel *model;
  GtkEditable *entry;

  g_assert_no_error (error);

  window = gui_test_window_new (app, store, NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  page = vigil_window_get_feed_page (window);
  model = vigil_feed_page_get_model (page);
  entry = vigil_feed_page_get_search_entry (page);
  drain_main_loop ();

  /* An empty archive says what to do. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (vigil_feed_page_get_state (page), ==, "empty");
  /* A store of one's own: no demo bar. */
  g_assert_false (vigil_window_get_demo (window));
  g_assert_false (gtk_widget_get_visible (vigil_window_get_demo_bar (window)));

  g_ptr_array_add (posts, make_post ("1", "The kettle lid opened while boiling", 30));
  g_ptr_array_add (posts, make_post ("2", "Delivery came two days early", 20));
  g_ptr_array_add (posts, make_post ("3", "Newest: kettle recall announced", 1));
  insert (store, posts);

  /* The feed follows the store. */
  wait_for_n_items (model, 3);
  g_assert_cmpstr (first_text (model), ==, "Newest: kettle recall announced");
  g_assert_cmpstr (vigil_feed_page_get_state (page), ==, "feed");
  g_assert_nonnull (strstr (vigil_feed_page_get_counter_text (page), "3 posts"));

  /* Search through the entry (search-changed fires after its delay). */
  vigil_feed_page_start_search (page);
  g_assert_true (vigil_feed_page_get_search_mode (page));
  gtk_editable_set_text (entry, "kettle");
  wait_for_n_items (model, 2);
  g_assert_cmpstr (first_text (model), ==, "Newest: kettle recall announced");
  g_assert_nonnull (strstr (vigil_feed_page_get_counter_text (page), "2 results"));

  gtk_editable_set_text (entry, "saucepan");
  wait_for_n_items (model, 0);
  g_assert_cmpstr (vigil_feed_page_get_state (page), ==, "no-results");

  /* Each search a person ran is in the archive's access log. */
  vigil_store_flush (store);
  g_assert_cmpint (count_access_log (path, "text=kettle"), ==, 1);
  g_assert_cmpint (count_access_log (path, "text=saucepan"), ==, 1);

  /* Hostile input shows nothing, or something, but never crashes. */
  gtk_editable_set_text (entry, "\"((NEAR* OR NOT ^ \"");
  g_usleep (300 * 1000);
  drain_main_loop ();
  g_assert_nonnull (vigil_feed_page_get_state (page));

  /* Closing the search (Escape, or the button) clears it: everything shows again. */
  gtk_editable_set_text (entry, "kettle");
  wait_for_n_items (model, 2);
  /* Escape in the entry is its "stop-search" key binding. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (vigil_feed_page_get_search_mode (page));
  wait_for_n_items (model, 3);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_cmpstr (vigil_feed_page_get_state (page), ==, "feed");

  /* A burst of posts arrives live, newest on top. */
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("burst-%u", i);
      g_autofree char *text = g_strdup_printf ("Burst post %u", i);

      g_ptr_array_add (more, make_post (id, text, 0));
    }
  insert (store, more);
  wait_for_n_items (model, 53);
  g_assert_cmpstr (first_text (model), ==, "Burst post 49");
  g_assert_nonnull (strstr (vigil_feed_page_get_counter_text (page), "53 posts"));

  /* Scrolled down to read: new posts don't yank the reader to the top,
   * a button counts them instead. */
  {
    GtkAdjustment *vadjustment = vigil_feed_page_get_vadjustment (page);
    g_autoptr(GPtrArray) late = g_ptr_array_new_with_free_func (g_object_unref);
    double value;

    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), >,
                       gtk_adjustment_get_page_size (vadjustment) + 200);
    gtk_adjustment_set_value (vadjustment, 200);
    drain_main_loop ();
    value = gtk_adjustment_get_value (vadjustment);
    g_assert_cmpfloat (value, >=, 100);

    for (guint i = 0; i < 5; i++)
      {
        g_autofree char *id = g_strdup_printf ("late-%u", i);
        g_ptr_array_add (late, make_post (id, "A late post", 0));
      }
    insert (store, late);
    wait_for_n_items (model, 58);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    drain_main_loop ();

    g_assert_cmpuint (vigil_feed_page_get_n_new (page), ==, 5);
    g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >=, value);

    /* An edit arrives for a post: the rows are rebound, the reader stays. */
    {
      g_autoptr(GPtrArray) edits = g_ptr_array_new_with_free_func (g_object_unref);
      VigilPost *edit = make_post ("burst-10", "Burst post 10, edited", 0);

      vigil_post_set_event (edit, VIGIL_POST_EVENT_EDIT);
      g_ptr_array_add (edits, edit);
      value = gtk_adjustment_get_value (vadjustment);
      g_assert_true (vigil_store_insert (store, edits, NULL, &error));
      g_assert_no_error (error);
      wait_for (shows_edit, model, "the feed to show the edit");
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      drain_main_loop ();
      g_test_message ("scroll before the edit %g, after %g", value,
                      gtk_adjustment_get_value (vadjustment));
      g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >=, value - 50);
      g_assert_cmpuint (vigil_feed_page_get_n_new (page), ==, 5);
    }

    /* At the top, the feed follows: nothing counted, still at the top. */
    gtk_adjustment_set_value (vadjustment, 0);
    drain_main_loop ();
    g_assert_cmpuint (vigil_feed_page_get_n_new (page), ==, 0);
    g_ptr_array_set_size (late, 0);
    g_ptr_array_add (late, make_post ("late-top", "At the top", 0));
    insert (store, late);
    wait_for_n_items (model, 59);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    drain_main_loop ();
    g_assert_cmpuint (vigil_feed_page_get_n_new (page), ==, 0);
    g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), <=, 24);
    g_assert_cmpstr (first_text (model), ==, "At the top");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
  vigil_store_flush (store);
}

static void
test_db_shows_no_demo (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "user.db", NULL);
  GtkWindow *window;
  VigilWindow *vigil_window;

  /* --db with an empty archive: the archive is shown as it is, no demo. */
  vigil_application_set_db_path (app, path);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (VIGIL_IS_WINDOW (window));
  vigil_window = VIGIL_WINDOW (window);

  g_assert_null (vigil_application_get_player (app));
  g_assert_false (vigil_window_get_demo (vigil_window));
  g_assert_false (gtk_widget_get_visible (vigil_window_get_demo_bar (vigil_window)));
  g_assert_true (vigil_window_get_store (vigil_window) == vigil_application_get_store (app));
  g_assert_cmpstr (vigil_store_get_path (vigil_application_get_store (app)), ==, path);
  drain_main_loop ();
  g_assert_cmpstr (vigil_feed_page_get_state (vigil_window_get_feed_page (vigil_window)), ==, "empty");

  /* Keyboard: Alt+2 / Alt+1 switch pages, Ctrl+F searches from anywhere. */
  {
    static const char *accels[][2] = {
      { "win.show-page::archive", "<Alt>2" },
      { "win.show-page::feed", "<Alt>1" },
      { "win.search", "<Control>f" },
      { "app.quit", "<Control>q" },
      { "win.show-help-overlay", "<Control>question" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
      {
        g_auto(GStrv) set = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    accels[i][0]);
        g_assert_true (g_strv_contains ((const char * const *) set, accels[i][1]));
      }

    g_assert_cmpstr (vigil_window_get_page_name (vigil_window), ==, "feed");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "archive");
    g_assert_cmpstr (vigil_window_get_page_name (vigil_window), ==, "archive");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "no-such-page");
    g_assert_cmpstr (vigil_window_get_page_name (vigil_window), ==, "archive");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
    g_assert_cmpstr (vigil_window_get_page_name (vigil_window), ==, "feed");
    g_assert_true (vigil_feed_page_get_search_mode (vigil_window_get_feed_page (vigil_window)));
  }

  /* The window's size is remembered (tests run with the schema compiled
   * into the build tree and the memory backend). */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vigilapp.Vigil");

    gtk_window_set_default_size (window, 700, 500);
    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 700);
    g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);
  }

  gtk_window_destroy (window);
  drain_main_loop ();
}

static guint
count_deleted (GListModel *model)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VigilPost) post = g_list_model_get_item (model, i);

      n += vigil_post_get_deleted (post);
    }
  return n;
}

static gboolean
has_four_deleted (gpointer data)
{
  return count_deleted (data) == 4;
}

static gboolean
player_finished (gpointer data)
{
  return !vigil_scenario_player_get_running (data);
}

static void
test_demo (void)
{
  VigilScenarioPlayer *player;
  VigilWindow *window;
  GListModel *model;
  g_autoptr(VigilPost) newest = NULL;
  g_autofree char *newest_id = NULL;
  g_autofree char *demo_db = g_build_filename (tmp_dir, "cache", "vigil", "demo.db", NULL);
  guint n_posts;

  vigil_application_set_force_demo (app, TRUE);
  vigil_application_set_demo_speed (app, 400);
  g_application_activate (G_APPLICATION (app));

  window = VIGIL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (VIGIL_IS_WINDOW (window));
  player = vigil_application_get_player (app);
  g_assert_nonnull (player);

  /* The demo is unmistakable, and plays into its own store. */
  g_assert_true (vigil_window_get_demo (window));
  g_assert_true (gtk_widget_get_visible (vigil_window_get_demo_bar (window)));
  g_assert_true (vigil_window_get_store (window) != vigil_application_get_store (app));
  g_assert_cmpstr (vigil_store_get_path (vigil_window_get_store (window)), ==, demo_db);

  n_posts = vigil_scenario_player_get_n_new_posts (player);
  g_assert_cmpuint (n_posts, >=, 150);
  model = vigil_feed_page_get_model (vigil_window_get_feed_page (window));
  wait_for_n_items (model, n_posts);

  /* At the end, the bar says the scenario ended. */
  wait_for (player_finished, player, "the demo to finish");
  g_assert_false (vigil_scenario_player_get_running (player));
  drain_main_loop ();

  /* The scenario deletes the impostor's and a threatening post: the feed
   * keeps them, marked deleted. */
  wait_for (has_four_deleted, model, "the feed to show 4 deleted posts");

  newest = g_list_model_get_item (model, 0);
  newest_id = g_strdup_printf ("demo-%u", vigil_scenario_player_get_n_posts (player));
  g_assert_cmpstr (vigil_post_get_remote_id (newest), ==, newest_id);

  /* Stopping the demo brings the user's own (empty) archive back, in a
   * window of its own: a window shows one context for its whole life. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "stop-demo", NULL);
  g_assert_null (vigil_application_get_player (app));
  drain_main_loop ();
  window = VIGIL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (VIGIL_IS_WINDOW (window));
  g_assert_true (vigil_window_get_context (window) == vigil_application_get_context (app));
  g_assert_false (vigil_window_get_demo (window));
  g_assert_false (gtk_widget_get_visible (vigil_window_get_demo_bar (window)));
  g_assert_true (vigil_window_get_store (window) == vigil_application_get_store (app));
  model = vigil_feed_page_get_model (vigil_window_get_feed_page (window));
  wait_for_n_items (model, 0);
  g_assert_cmpstr (vigil_feed_page_get_state (vigil_window_get_feed_page (window)), ==, "empty");

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

static void
test_relative_time (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  static const struct {
    GTimeSpan   ago;
    const char *expected;
  } cases[] = {
    { 10 * G_TIME_SPAN_SECOND, "now" },
    { -5 * G_TIME_SPAN_MINUTE, "now" },  /* a clock a little ahead */
    { 50 * G_TIME_SPAN_SECOND, "1 min ago" },
    { 5 * G_TIME_SPAN_MINUTE, "5 min ago" },
    { 3 * G_TIME_SPAN_HOUR + 5 * G_TIME_SPAN_MINUTE, "3 hours ago" },
    { G_TIME_SPAN_HOUR, "1 hour ago" },
    { 2 * G_TIME_SPAN_DAY, "2 days ago" },
  };
  g_autofree char *empty = vigil_format_relative_time (NULL, now);
  g_autoptr(GDateTime) long_ago = g_date_time_add (now, -30 * G_TIME_SPAN_DAY);
  g_autofree char *date = vigil_format_relative_time (long_ago, now);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) time = g_date_time_add (now, -cases[i].ago);
      g_autofree char *text = vigil_format_relative_time (time, now);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
  g_assert_cmpstr (empty, ==, "");
  /* a month ago: the date itself (local time, so only the year is sure) */
  g_assert_nonnull (strstr (date, "2026"));
}

static void
test_post_row (void)
{
  g_autoptr(VigilPost) post = make_post ("row-1", "Deleted, but archived", 3);
  g_autoptr(VigilPost) other = make_post ("row-2", "Still here", 3);
  GtkWidget *row = g_object_ref_sink (vigil_post_row_new ());

  vigil_post_set_deleted (post, TRUE);
  vigil_post_row_set_item (VIGIL_POST_ROW (row), post);
  g_assert_true (vigil_post_row_get_item (VIGIL_POST_ROW (row)) == post);
  g_assert_true (gtk_widget_has_css_class (row, "deleted"));

  vigil_post_row_set_item (VIGIL_POST_ROW (row), other);
  g_assert_false (gtk_widget_has_css_class (row, "deleted"));

  vigil_post_row_set_item (VIGIL_POST_ROW (row), post);
  g_assert_true (gtk_widget_has_css_class (row, "deleted"));

  vigil_post_row_set_item (VIGIL_POST_ROW (row), NULL);
  g_assert_false (gtk_widget_has_css_class (row, "deleted"));
  g_assert_finalize_object (row);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.Test");
  if (app == NULL)
    return 0;
  tmp_dir = gui_test_get_tmp_dir ();

  g_test_add_func ("/vigil/post-row/relative-time", test_relative_time);
  g_test_add_func ("/vigil/post-row/deleted", test_post_row);
  g_test_add_func ("/vigil/feed-window/live-feed-and-search", test_live_feed_and_search);
  g_test_add_func ("/vigil/feed-window/db-shows-no-demo", test_db_shows_no_demo);
  g_test_add_func ("/vigil/feed-window/demo", test_demo);

  ret = g_test_run ();
  gui_test_finish (g_steal_pointer (&app));
  return ret;
}
