/* test-annotations.c: annotations in the feed, sort and filters, overrides,
 * the spike chart and the Watches page, under a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-annotations"

#include "config.h"

#include "gui-test-util.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "vigil-application.h"
#include "vigil-feed-page.h"
#include "vigil-post-row.h"
#include "vigil-window.h"
#include "watches/vigil-monitoring.h"
#include "watches/vigil-watches-page.h"
#include "widgets/vigil-spike-chart.h"

#define WINDOW_US    ((gint64) 60 * G_USEC_PER_SEC)

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
  vigil_post_set_author_followers (post, 1200);
  vigil_post_set_text (post, text);
  vigil_post_set_created_at (post, created);
  vigil_post_set_fetched_at (post, now);
  return post;
}

/* A post as the classifier would leave it. */
static VigilPost *
make_classified (const char         *remote_id,
                 const char         *text,
                 int                 minutes_ago,
                 double              compound,
                 VigilSentiment      label,
                 const char         *lang,
                 const char * const *categories,
                 const char * const *watches,
                 gint64              reach)
{
  VigilPost *post = make_post (remote_id, text, minutes_ago);

  vigil_post_set_lang (post, lang);
  vigil_post_set_sentiment (post, compound, label);
  vigil_post_set_categories (post, categories);
  vigil_post_set_watches (post, watches);
  vigil_post_set_reach (post, reach, reach / 10.0);
  vigil_post_set_duplicates (post, 0, 1);
  return post;
}

static gboolean
strv_has (char       **strv,
          const char  *str)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, str);
}

/* --- the row --------------------------------------------------------------- */

static void
test_row_badges (void)
{
  static const char * const categories[] = { "customer-service.refund", NULL };
  static const char * const reasons[] = { "handle looks like @northwind", "account created today", NULL };
  static const char * const words[] = { "lawyer", NULL };
  g_autoptr(VigilPost) post = make_post ("row-1", "I want my money back, my lawyer says so", 3);
  g_autoptr(VigilPost) plain = make_post ("row-2", "Nice kettle", 3);
  VigilPostRow *row = VIGIL_POST_ROW (g_object_ref_sink (vigil_post_row_new ()));
  g_autofree char *copies = g_strdup_printf ("×%'u", 5000u);
  g_auto(GStrv) badges = NULL;
  const char *tooltip;

  vigil_post_set_lang (post, "en");
  vigil_post_set_sentiment (post, -0.67, VIGIL_SENTIMENT_NEGATIVE);
  vigil_post_set_categories (post, categories);
  vigil_post_set_reach (post, 56200, 5620);
  vigil_post_set_duplicates (post, 1, 5000);
  vigil_post_set_impersonation (post, 0.8, reasons);
  vigil_post_set_moderation (post, words);

  vigil_post_row_set_item (row, post);
  g_assert_cmpstr (vigil_post_row_get_sentiment_text (row), ==, "Negative (−0.67)");
  g_assert_cmpstr (vigil_post_row_get_sentiment_class (row), ==, "negative");
  g_assert_cmpstr (vigil_post_row_get_counts_text (row), ==, "Reach 56k · OTS 5.6k");

  badges = vigil_post_row_dup_badges (row);
  g_assert_true (strv_has (badges, "Refund · Customer service"));
  g_assert_true (strv_has (badges, copies));
  g_assert_true (strv_has (badges, "Possible impersonation"));
  g_assert_true (strv_has (badges, "Needs senior approval"));
  g_assert_false (strv_has (badges, "Marked negative"));
  tooltip = vigil_post_row_get_badge_tooltip (row, "Possible impersonation");
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, "account created today"));
  g_assert_nonnull (strstr (tooltip, "handle looks like @northwind"));
  tooltip = vigil_post_row_get_badge_tooltip (row, "Needs senior approval");
  g_assert_nonnull (strstr (tooltip, "lawyer"));
  g_clear_pointer (&badges, g_strfreev);

  /* a person's override wins, and says so */
  vigil_post_set_sentiment_override (post, VIGIL_SENTIMENT_POSITIVE);
  vigil_post_row_set_item (row, NULL);
  vigil_post_row_set_item (row, post);
  g_assert_cmpstr (vigil_post_row_get_sentiment_text (row), ==, "Positive (set by a person)");
  g_assert_cmpstr (vigil_post_row_get_sentiment_class (row), ==, "positive");
  badges = vigil_post_row_dup_badges (row);
  g_assert_true (strv_has (badges, "Marked positive"));
  g_clear_pointer (&badges, g_strfreev);

  /* calm: an unclassified post shows only what it has */
  vigil_post_row_set_item (row, plain);
  g_assert_null (vigil_post_row_get_sentiment_text (row));
  g_assert_null (vigil_post_row_get_sentiment_class (row));
  g_assert_cmpstr (vigil_post_row_get_counts_text (row), ==, "1200 followers");
  badges = vigil_post_row_dup_badges (row);
  g_assert_cmpuint (g_strv_length (badges), ==, 1);   /* the platform */
  g_assert_cmpstr (badges[0], ==, "Mastodon");

  g_object_unref (row);
}

/* --- the feed: sort, filters, overrides ------------------------------------ */

static VigilStore *
open_classified_store (const char *name)
{
  static const char * const refund[] = { "customer-service.refund", NULL };
  static const char * const phishing[] = { "security.phishing", NULL };
  static const char * const none[] = { NULL };
  static const char * const refunds_watch[] = { "Refunds", NULL };
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  VigilStoreInsertResult result = { 0 };
  VigilStore *store = vigil_store_open (path, &error);

  g_assert_no_error (error);
  /* oldest first; reach 500 / 90000 / 3000 / 12000 */
  g_ptr_array_add (posts, make_classified ("a", "Refund refused, furious", 40, -0.8,
                                           VIGIL_SENTIMENT_NEGATIVE, "en", refund, refunds_watch, 500));
  g_ptr_array_add (posts, make_classified ("b", "Send your card details", 30, -0.1,
                                           VIGIL_SENTIMENT_NEGATIVE, "en", phishing, none, 90000));
  g_ptr_array_add (posts, make_classified ("c", "Super bouilloire", 20, 0.6,
                                           VIGIL_SENTIMENT_POSITIVE, "fr", none, none, 3000));
  g_ptr_array_add (posts, make_classified ("d", "Where is my refund", 10, 0.0,
                                           VIGIL_SENTIMENT_NEUTRAL, "en", refund, refunds_watch, 12000));
  g_assert_true (vigil_store_insert (store, posts, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.added, ==, 4);
  return store;
}

static const char *
remote_id_at (GListModel *model,
              guint       position)
{
  g_autoptr(VigilPost) post = g_list_model_get_item (model, position);

  g_assert_nonnull (post);
  /* the post lives on in the model's pages */
  return g_intern_string (vigil_post_get_remote_id (post));
}

static void
test_sort_and_filter (void)
{
  g_autoptr(VigilStore) store = open_classified_store ("sort.db");
  VigilWindow *window = gui_test_window_new (app, store, NULL, NULL);
  VigilFeedPage *page = vigil_window_get_feed_page (window);
  GListModel *model = vigil_feed_page_get_model (page);

  gtk_window_present (GTK_WINDOW (window));
  drain_main_loop ();
  wait_for_n_items (model, 4);
  g_assert_cmpstr (remote_id_at (model, 0), ==, "d");

  /* sort through the menu's action */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feed.sort", "s", "reach"));
  g_assert_cmpstr (vigil_feed_page_get_sort (page), ==, "reach");
  wait_for_n_items (model, 4);
  g_assert_cmpstr (remote_id_at (model, 0), ==, "b");
  g_assert_cmpstr (remote_id_at (model, 1), ==, "d");
  g_assert_cmpstr (remote_id_at (model, 3), ==, "a");

  gtk_widget_activate_action (GTK_WIDGET (page), "feed.sort", "s", "negative");
  g_assert_cmpstr (remote_id_at (model, 0), ==, "a");
  g_assert_cmpstr (remote_id_at (model, 3), ==, "c");

  /* filters: each narrows the archive in SQL */
  gtk_widget_activate_action (GTK_WIDGET (page), "feed.sentiment", "s", "negative");
  wait_for_n_items (model, 2);
  g_assert_cmpuint (vigil_feed_page_get_n_filters (page), ==, 1);
  g_assert_nonnull (strstr (vigil_feed_page_get_counter_text (page), "2 results"));

  gtk_widget_activate_action (GTK_WIDGET (page), "feed.category", "s", "customer-service");
  wait_for_n_items (model, 1);
  g_assert_cmpstr (remote_id_at (model, 0), ==, "a");

  gtk_widget_activate_action (GTK_WIDGET (page), "feed.clear-filters", NULL);
  wait_for_n_items (model, 4);
  g_assert_cmpuint (vigil_feed_page_get_n_filters (page), ==, 0);

  g_object_set (page, "language-filter", "fr", NULL);
  wait_for_n_items (model, 1);
  g_assert_cmpstr (remote_id_at (model, 0), ==, "c");
  g_object_set (page, "language-filter", "", "watch-filter", "Refunds", NULL);
  wait_for_n_items (model, 2);
  g_object_set (page, "watch-filter", "Nothing", NULL);
  wait_for_n_items (model, 0);
  g_assert_cmpstr (vigil_feed_page_get_state (page), ==, "no-results");
  gtk_widget_activate_action (GTK_WIDGET (page), "feed.clear-filters", NULL);
  wait_for_n_items (model, 4);
  g_assert_cmpstr (vigil_feed_page_get_state (page), ==, "feed");

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

typedef struct
{
  GListModel     *model;
  guint           position;
  VigilSentiment  override;
} OverrideWait;

static gboolean
has_override (gpointer data)
{
  OverrideWait *wait = data;
  g_autoptr(VigilPost) post = g_list_model_get_item (wait->model, wait->position);

  return post != NULL && vigil_post_get_sentiment_override (post) == wait->override;
}

static void
find_rows (GtkWidget *widget,
           GPtrArray *rows)
{
  if (VIGIL_IS_POST_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_rows (child, rows);
}

static VigilPostRow *
find_row_showing (GtkWidget  *root,
                  const char *remote_id)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  find_rows (root, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      VigilPost *post = vigil_post_row_get_item (g_ptr_array_index (rows, i));

      if (post != NULL && g_strcmp0 (vigil_post_get_remote_id (post), remote_id) == 0)
        return g_ptr_array_index (rows, i);
    }
  return NULL;
}

static void
test_override (void)
{
  g_autoptr(VigilStore) store = open_classified_store ("override.db");
  VigilWindow *window = gui_test_window_new (app, store, NULL, NULL);
  VigilFeedPage *page = vigil_window_get_feed_page (window);
  GListModel *model = vigil_feed_page_get_model (page);
  OverrideWait wait = { model, 0, VIGIL_SENTIMENT_NEGATIVE };
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPost) post = NULL;
  VigilPostRow *row;

  gtk_window_present (GTK_WINDOW (window));
  wait_for_n_items (model, 4);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* nothing selected: nothing to mark */
  g_assert_false (vigil_feed_page_mark_selection (page, VIGIL_SENTIMENT_NEGATIVE));

  /* "d" is neutral; select it and press 1 (the action the key runs) */
  g_assert_cmpstr (remote_id_at (model, 0), ==, "d");
  row = find_row_showing (GTK_WIDGET (window), "d");
  g_assert_nonnull (row);
  g_assert_cmpstr (vigil_post_row_get_sentiment_class (row), ==, "neutral");
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "feed.mark-sentiment", "s", "negative"));
  wait_for (has_override, &wait, "the override to reach the feed");

  /* the row shows it, and the selection survived the refresh */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  row = find_row_showing (GTK_WIDGET (window), "d");
  g_assert_nonnull (row);
  g_assert_cmpstr (vigil_post_row_get_sentiment_text (row), ==, "Negative (set by a person)");
  g_assert_cmpstr (vigil_post_row_get_sentiment_class (row), ==, "negative");
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (model), 0));

  /* archived with the person's name */
  post = g_list_model_get_item (model, 0);
  history = vigil_store_get_sentiment_overrides (store, vigil_post_get_id (post), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);

  /* 0 clears it */
  wait.override = VIGIL_SENTIMENT_NONE;
  gtk_widget_activate_action (GTK_WIDGET (page), "feed.mark-sentiment", "s", "none");
  wait_for (has_override, &wait, "the override to be cleared");

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

/* --- the chart ------------------------------------------------------------- */

static void
snapshot_chart (VigilSpikeChart *chart)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  GTK_WIDGET_GET_CLASS (chart)->snapshot (GTK_WIDGET (chart), snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* the axes are drawn even when there is no data */
  g_assert_nonnull (node);
}

static void
test_spike_chart (void)
{
  GtkWidget *window = gtk_window_new ();
  VigilSpikeChart *chart = VIGIL_SPIKE_CHART (vigil_spike_chart_new ());
  g_autofree VigilSpikeWindow *many = g_new0 (VigilSpikeWindow, 200);
  VigilSpikeWindow one = { 0 };
  gint64 start = g_get_real_time () - 200 * WINDOW_US;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (chart));
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 160);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  /* empty */
  vigil_spike_chart_set_series (chart, NULL, 0, WINDOW_US);
  g_assert_cmpuint (vigil_spike_chart_get_n_bars (chart), ==, 0);
  g_assert_nonnull (strstr (vigil_spike_chart_get_summary (chart), "no window"));
  snapshot_chart (chart);

  /* one window, no threshold yet */
  one.window_start_us = start;
  one.count = 7;
  one.negative = 2;
  one.negative_share = 2 / 7.0;
  vigil_spike_chart_set_series (chart, &one, 1, WINDOW_US);
  g_assert_cmpuint (vigil_spike_chart_get_n_bars (chart), ==, 1);
  g_assert_cmpfloat (vigil_spike_chart_get_y_max (chart), >=, 7);
  g_assert_nonnull (strstr (vigil_spike_chart_get_summary (chart), "latest 7 (29 % negative)"));
  snapshot_chart (chart);

  /* many: only the latest fit, the scale covers the spike and threshold */
  for (guint i = 0; i < 200; i++)
    {
      many[i].window_start_us = start + i * WINDOW_US;
      many[i].count = i == 190 ? 312 : 40 + i % 7;
      many[i].negative = many[i].count / 3;
      many[i].negative_share = (double) many[i].negative / many[i].count;
      many[i].mean = 40;
      many[i].stddev = 12;
      many[i].threshold = i == 50 ? 1.0 / 0.0 : 76;   /* a hostile value is skipped */
      many[i].spike = i == 190;
    }
  vigil_spike_chart_set_series (chart, many, 200, WINDOW_US);
  vigil_spike_chart_set_threshold (chart, 80);
  g_assert_cmpuint (vigil_spike_chart_get_n_bars (chart), ==, VIGIL_SPIKE_CHART_MAX_BARS);
  g_assert_cmpfloat (vigil_spike_chart_get_y_max (chart), >=, 312);
  g_assert_nonnull (strstr (vigil_spike_chart_get_summary (chart), "highest 312, 1 spike windows"));
  snapshot_chart (chart);
  gtk_widget_queue_draw (GTK_WIDGET (chart));
  gtk_test_widget_wait_for_draw (window);

  /* too small to draw is not an error */
  gtk_widget_set_size_request (GTK_WIDGET (chart), 1, 1);
  gtk_window_set_default_size (GTK_WINDOW (window), 1, 1);
  gtk_test_widget_wait_for_draw (window);

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
}

/* --- watches and alerts ---------------------------------------------------- */

static VigilWindow *
create_window (VigilStore     *store,
               VigilWatchList *list)
{
  VigilAlertMonitorOptions options;

  vigil_alert_monitor_options_init (&options);
  options.window_us = WINDOW_US;
  options.tick_us = -1;   /* the test ticks */
  options.min_count = 5;
  return gui_test_window_new (app, store, list, &options);
}

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_watches_page (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "watches.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, &error);
  g_autoptr(VigilWatchList) list = vigil_watch_list_new ();
  g_autoptr(VigilMonitoring) monitoring = NULL;
  g_autoptr(VigilWatch) watch = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  const char * const refunds[] = { "Refunds", NULL };
  VigilAlertMonitor *monitor;
  VigilWatchesPage *page;
  VigilWatchCard *card;
  VigilAlert *alert;
  VigilWindow *window;
  gint64 t0 = g_get_real_time () - 30 * WINDOW_US;
  guint w;

  /* windows start on multiples of their length: start on one */
  t0 -= t0 % WINDOW_US;

  g_assert_no_error (error);
  window = create_window (store, list);
  monitoring = g_object_ref (vigil_window_get_monitoring (window));
  monitor = vigil_monitoring_get_monitor (monitoring);
  page = vigil_window_get_watches_page (window);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "watches");
  g_assert_cmpstr (vigil_window_get_page_name (window), ==, "watches");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* no watch yet: the page says how to add one; all mentions are charted */
  g_assert_cmpstr (vigil_watches_page_get_state (page), ==, "empty");
  g_assert_cmpuint (vigil_watches_page_get_n_cards (page), ==, 0);
  g_assert_nonnull (vigil_watches_page_get_card (page, NULL));
  g_assert_true (find_label (GTK_WIDGET (page), "No Watches Yet"));

  watch = vigil_watch_new ("Refunds", "refund*", "#e01b24", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_watch_list_add (list, watch, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_watches_page_get_state (page), ==, "watches");
  g_assert_cmpuint (vigil_watches_page_get_n_cards (page), ==, 1);
  card = vigil_watches_page_get_card (page, "Refunds");
  g_assert_nonnull (card);
  g_assert_cmpstr (vigil_watch_card_get_state (card), ==, "warming-up");

  /* steady mentions, then a step: one alert, with a toast */
  for (w = 0; w < 10; w++)
    {
      vigil_alert_monitor_push (monitor, t0 + w * WINDOW_US + G_USEC_PER_SEC, refunds, FALSE);
      vigil_alert_monitor_push (monitor, t0 + w * WINDOW_US + 2 * G_USEC_PER_SEC, refunds, TRUE);
      g_assert_cmpuint (vigil_alert_monitor_tick (monitor, t0 + (w + 1) * WINDOW_US + 1), ==, 0);
    }
  vigil_watches_page_refresh (page);
  g_assert_cmpstr (vigil_watch_card_get_state (card), ==, "normal");
  g_assert_cmpuint (vigil_spike_chart_get_n_bars (vigil_watch_card_get_chart (card)), ==, 10);

  for (guint i = 0; i < 40; i++)
    vigil_alert_monitor_push (monitor, t0 + w * WINDOW_US + i * G_USEC_PER_SEC, refunds, TRUE);
  g_assert_cmpuint (vigil_alert_monitor_tick (monitor, t0 + (w + 1) * WINDOW_US + 1), >=, 1);

  alert = vigil_alert_monitor_get_alert (monitor, "Refunds");
  g_assert_nonnull (alert);
  g_assert_true (vigil_alert_get_ongoing (alert));
  /* the card says the maths exactly as the monitor does */
  g_assert_cmpstr (vigil_watch_card_get_state (card), ==, "spike");
  g_assert_cmpstr (vigil_watch_card_get_status_text (card), ==, vigil_alert_get_description (alert));
  /* the toast */
  g_assert_true (find_label (GTK_WIDGET (window), "Spike: Refunds"));
  /* a minute-scale step: the minute series alerted, the hour one did not */
  g_assert_cmpuint (vigil_alert_get_window (alert), ==, VIGIL_ALERT_WINDOW_MINUTE);
  g_assert_null (vigil_alert_monitor_get_alert_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_HOUR));

  /* the card's Minutes/Hours toggle switches the chart, not the alert line */
  g_assert_cmpuint (vigil_watch_card_get_window (card), ==, VIGIL_ALERT_WINDOW_MINUTE);
  g_assert_true (find_label (GTK_WIDGET (card), "Mentions per 1 min"));
  {
    GtkWidget *hours = find_button (GTK_WIDGET (card), "Hours");
    GtkWidget *minutes = find_button (GTK_WIDGET (card), "Minutes");
    g_autofree VigilSpikeWindow *series = NULL;
    guint n = 0;

    g_assert_true (GTK_IS_TOGGLE_BUTTON (hours));
    g_assert_true (GTK_IS_TOGGLE_BUTTON (minutes));
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (minutes)));
    g_signal_emit_by_name (hours, "clicked");
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (hours)));
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (minutes)));
    g_assert_cmpuint (vigil_watch_card_get_window (card), ==, VIGIL_ALERT_WINDOW_HOUR);
    g_assert_true (find_label (GTK_WIDGET (card), "Mentions per 1 h"));
    series = vigil_alert_monitor_get_series_for (monitor, "Refunds", VIGIL_ALERT_WINDOW_HOUR, &n);
    g_assert_cmpuint (n, <=, 1);
    g_assert_cmpuint (vigil_spike_chart_get_n_bars (vigil_watch_card_get_chart (card)), ==, n);
    g_assert_cmpstr (vigil_watch_card_get_state (card), ==, "spike");
    g_assert_cmpstr (vigil_watch_card_get_status_text (card), ==, vigil_alert_get_description (alert));

    g_signal_emit_by_name (minutes, "clicked");
    g_assert_cmpuint (vigil_watch_card_get_window (card), ==, VIGIL_ALERT_WINDOW_MINUTE);
    g_assert_cmpuint (vigil_spike_chart_get_n_bars (vigil_watch_card_get_chart (card)), ==, 11);
  }

  /* the notification, one id per watch */
  notification = vigil_monitoring_create_notification (monitoring, alert);
  g_assert_nonnull (notification);
  {
    g_autofree char *id = vigil_monitoring_dup_notification_id ("Refunds");
    g_autofree char *all_id = vigil_monitoring_dup_notification_id (NULL);

    g_assert_cmpstr (id, !=, all_id);
  }

  /* archived, and listed */
  vigil_store_flush (store);
  alerts = vigil_store_get_alerts (store, "Refunds", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (alerts->len, >=, 1);
  vigil_watches_page_refresh (page);
  g_assert_cmpuint (vigil_watches_page_get_n_alerts (page), >=, 1);

  /* the spike ends: the card keeps showing it, as ended */
  g_object_ref (alert);
  for (guint i = 0; i < 10 && vigil_alert_get_ongoing (alert); i++)
    {
      w++;
      vigil_alert_monitor_push (monitor, t0 + w * WINDOW_US + G_USEC_PER_SEC, refunds, FALSE);
      vigil_alert_monitor_tick (monitor, t0 + (w + 1) * WINDOW_US + 1);
    }
  g_assert_false (vigil_alert_get_ongoing (alert));
  g_assert_cmpstr (vigil_watch_card_get_state (card), ==, "ended");
  g_assert_true (g_str_has_prefix (vigil_watch_card_get_status_text (card), "Last spike "));
  g_object_unref (alert);

  /* removing the watch removes its card */
  g_assert_true (vigil_watch_list_remove (list, "Refunds"));
  g_assert_cmpstr (vigil_watches_page_get_state (page), ==, "empty");
  g_assert_null (vigil_watches_page_get_card (page, "Refunds"));

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
  vigil_monitoring_shutdown (monitoring);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestAnnotations");
  if (app == NULL)
    return 0;
  tmp_dir = gui_test_get_tmp_dir ();

  g_test_add_func ("/vigil/annotations/row-badges", test_row_badges);
  g_test_add_func ("/vigil/annotations/sort-and-filter", test_sort_and_filter);
  g_test_add_func ("/vigil/annotations/override", test_override);
  g_test_add_func ("/vigil/annotations/spike-chart", test_spike_chart);
  g_test_add_func ("/vigil/annotations/watches-and-alerts", test_watches_page);

  ret = g_test_run ();
  gui_test_finish (g_steal_pointer (&app));
  return ret;
}
