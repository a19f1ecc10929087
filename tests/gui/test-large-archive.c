/* test-large-archive.c: the window over an archive of many posts
 *
 *   test-large-archive [--posts N] [--db PATH] [--scroll-all [--scroll-step ROWS]]
 *
 * Archives N posts (200,000 by default) in a file store, through the
 * store's own insert in batches, with post dates that do not follow the
 * arrival order. Then, as the app does, opens the file afresh, builds the
 * window and waits until the feed's first page is drawn: asserts that it
 * is shown, newest post date first, and prints how long it took (no timing
 * assertion: the figure is in the log so a regression shows).
 *
 * --db PATH opens an existing archive instead (nothing is written to it);
 * --scroll-all then walks the feed from top to bottom a hundred rows at a
 * time, so every post is fetched once, and prints the process's peak
 * resident memory (VmHWM). Both are for the figures of issue #13, not for
 * `meson test`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-large-archive"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "vigil-feed-page.h"
#include "vigil-memory-credential-store.h"
#include "vigil-post-row.h"

static guint n_posts = 200000;
static char *db_path;
static gboolean scroll_all;
static int scroll_step = 100;

static const char * const words[] = {
  "refund", "delivery", "kettle", "support", "warranty", "order", "parcel", "broken", "thanks",
  "recall", "manager", "store", "price", "lid", "boil", "late", "great", "awful", "again", "why",
};

/* A deterministic spread of post dates over three years, unrelated to the
 * order of arrival. */
static gint64
created_us_for (guint i)
{
  const gint64 start = G_GINT64_CONSTANT (1640995200) * G_USEC_PER_SEC;   /* 2022-01-01 */
  const gint64 span = G_GINT64_CONSTANT (3) * 365 * 24 * 3600 * G_USEC_PER_SEC;

  return start + (gint64) ((((guint64) i * 2654435761u) % 1000003u) * (guint64) (span / 1000003));
}

static void
fill (const char *path,
      guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (path, &error);
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  for (guint first = 0; first < n; first += 5000)
    {
      g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = first; i < MIN (n, first + 5000); i++)
        {
          g_autofree char *id = g_strdup_printf ("large-%u", i);
          g_autofree char *author = g_strdup_printf ("person%u@social.example", i % 6007);
          g_autofree char *text = g_strdup_printf ("Post %u: %s %s %s", i, words[i % 20],
                                                   words[(i / 20) % 20], words[(i * 7) % 20]);
          g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (0);
          g_autoptr(GDateTime) at = g_date_time_add (created, created_us_for (i));
          VigilPost *post = vigil_post_new (i % 3 ? VIGIL_PLATFORM_MASTODON : VIGIL_PLATFORM_BLUESKY, id);

          vigil_post_set_author (post, author);
          vigil_post_set_text (post, text);
          vigil_post_set_created_at (post, at);
          g_ptr_array_add (posts, post);
        }
      g_assert_true (vigil_store_insert (store, posts, NULL, &error));
      g_assert_no_error (error);
    }
  g_test_message ("archived %u posts in %.1f s", n, (g_get_monotonic_time () - start) / 1e6);
}

static void
find_rows (GtkWidget *widget,
           GPtrArray *rows)
{
  if (VIGIL_IS_POST_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_rows (child, rows);
}

/* The first page is shown: the feed, with a mapped row bound to a post. */
static gboolean
first_page_shown (gpointer data)
{
  VigilFeedPage *page = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  if (g_strcmp0 (vigil_feed_page_get_state (page), "feed") != 0)
    return FALSE;
  find_rows (GTK_WIDGET (page), rows);
  for (guint i = 0; i < rows->len; i++)
    if (gtk_widget_get_mapped (rows->pdata[i]) && vigil_post_row_get_item (rows->pdata[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gint64
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen ("VmHWM:"), NULL, 10);
}

static gint64
created_of (GListModel *model,
            guint       position)
{
  g_autoptr(VigilPost) post = g_list_model_get_item (model, position);
  GDateTime *at;

  g_assert_nonnull (post);
  at = vigil_post_get_created_at (post);
  return g_date_time_to_unix (at) * G_USEC_PER_SEC + g_date_time_get_microsecond (at);
}

/* Every post is listed: the list holds as many rows as the counter says. */
static gboolean
all_listed (gpointer data)
{
  const char *text = vigil_feed_page_get_counter_text (data);
  guint64 n = 0;

  if (strchr (text, '+') != NULL)
    return FALSE;
  for (const char *p = text; *p != '\0' && *p != ' '; p++)
    if (g_ascii_isdigit (*p))
      n = n * 10 + (*p - '0');
  return g_list_model_get_n_items (vigil_feed_page_get_model (data)) >= n;
}

/* Walks the feed to its end, scroll_step rows per step (100 by default:
 * one model page, so every post is read once). */
static void
scroll_to_end (VigilWindow   *window,
               VigilFeedPage *page)
{
  GListModel *model = vigil_feed_page_get_model (page);
  GtkAdjustment *vadjustment = vigil_feed_page_get_vadjustment (page);
  gint64 start;
  guint steps = 0;

  wait_for (all_listed, page, "every post listed");
  g_test_message ("every post listed: %s", vigil_feed_page_get_counter_text (page));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  start = g_get_monotonic_time ();
  for (;;)
    {
      double upper = gtk_adjustment_get_upper (vadjustment);
      double size = gtk_adjustment_get_page_size (vadjustment);
      guint n = g_list_model_get_n_items (model);
      double step = n > 0 ? upper / n * scroll_step : size;
      double value = gtk_adjustment_get_value (vadjustment);

      if (value + size >= upper - 1 && steps > 0)
        break;
      gtk_adjustment_set_value (vadjustment, MIN (value + step, upper - size));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      steps++;
      if (steps % 100 == 0)
        g_test_message ("scrolled %u steps, %.0f of %.0f px, peak RSS %" G_GINT64_FORMAT " kB",
                        steps, value, upper, peak_rss_kb ());
    }
  g_test_message ("scrolled the whole feed (%u items) in %u steps, %.1f s",
                  g_list_model_get_n_items (model), steps, (g_get_monotonic_time () - start) / 1e6);
  printf ("# peak RSS after scrolling: %" G_GINT64_FORMAT " kB\n", peak_rss_kb ());
}

/* CPU time of the calling (main) thread, µs: on a loaded machine the
 * wall clock says more about the load than about Vigil. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint64 start_cpu;

static void
phase (const char *what,
       gint64      start)
{
  g_test_message ("%s after %.0f ms (main thread CPU %.0f ms)", what,
                  (g_get_monotonic_time () - start) / 1000.0, (thread_cpu_us () - start_cpu) / 1000.0);
}

static void
test_first_page (void)
{
  VigilApplication *app = g_application_get_default () ? VIGIL_APPLICATION (g_application_get_default ()) : NULL;
  g_autofree char *path = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GError) error = NULL;
  VigilContextOptions options = { .credentials = credentials, .no_sources = TRUE };
  VigilFeedPage *page;
  GListModel *model;
  VigilWindow *window;
  gint64 start, shown;

  g_assert_nonnull (app);
  if (db_path != NULL)
    path = g_strdup (db_path);
  else
    {
      path = g_build_filename (gui_test_get_tmp_dir (), "large.db", NULL);
      fill (path, n_posts);
    }

  /* what `vigil --db PATH` does, timed up to the first page on screen */
  start = g_get_monotonic_time ();
  start_cpu = thread_cpu_us ();
  store = vigil_store_open (path, &error);
  g_assert_no_error (error);
  phase ("store opened", start);
  context = vigil_context_new_for_store (store, &options, &error);
  g_assert_no_error (error);
  phase ("context made", start);
  window = vigil_window_new (GTK_APPLICATION (app), context);
  phase ("window built", start);
  gtk_window_present (GTK_WINDOW (window));
  page = vigil_window_get_feed_page (window);
  wait_for (first_page_shown, page, "the feed's first page");
  shown = g_get_monotonic_time ();
  phase ("first page shown", start);
  printf ("# time to first page: %.0f ms (main thread CPU %.0f ms)\n", (shown - start) / 1000.0,
          (thread_cpu_us () - start_cpu) / 1000.0);

  /* the newest post date first ("Newest" sorts by when it was posted) */
  model = vigil_feed_page_get_model (page);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 50);
  for (guint i = 1; i < 50; i++)
    g_assert_cmpint (created_of (model, i - 1), >=, created_of (model, i));
  if (db_path == NULL)
    {
      gint64 newest = 0;

      for (guint i = 0; i < n_posts; i++)
        newest = MAX (newest, created_us_for (i));
      g_assert_cmpint (created_of (model, 0), ==, newest);
      g_assert_nonnull (strstr (vigil_feed_page_get_counter_text (page), "posts"));
    }
  g_test_message ("counter: %s", vigil_feed_page_get_counter_text (page));

  if (scroll_all)
    scroll_to_end (window, page);

  gtk_window_destroy (GTK_WINDOW (window));
  drain_main_loop ();
  vigil_context_shutdown (context);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  VigilApplication *app;
  GOptionEntry entries[] = {
    { "posts", 0, 0, G_OPTION_ARG_INT, &n_posts, "Posts to archive (200000)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Open this archive instead", "PATH" },
    { "scroll-all", 0, 0, G_OPTION_ARG_NONE, &scroll_all, "Scroll the whole feed, print peak RSS", NULL },
    { "scroll-step", 0, 0, G_OPTION_ARG_INT, &scroll_step, "Rows per scroll step (100)", "N" },
    { NULL }
  };
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestLargeArchive");
  if (app == NULL)
    return 0;
  options = g_option_context_new (NULL);
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  g_application_set_default (G_APPLICATION (app));

  g_test_add_func ("/large-archive/first-page", test_first_page);
  status = g_test_run ();
  gui_test_finish (app);
  return status;
}
