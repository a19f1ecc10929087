/* test-triage-bench.c: the triage board with many cases (benchmark, and
 * the screenshots of the closing note)
 *
 *   test-triage-bench [--cases N] [--dark] [--hold SECONDS] [--db PATH]
 *
 * Archives N classified posts in a file store and opens a case for each
 * (the inbox rule), assigns about half of them across the roles, escalates
 * and closes some, then measures, in a fresh context on the same file:
 * replaying the journal (the board), building the Triage page and drawing
 * it the first time, and the process's resident memory before and after.
 * --hold keeps the window open that long (for `import -window root`).
 * Figures go to stdout as one JSON line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-triage-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "vigil-memory-credential-store.h"
#include "vigil-case-card.h"
#include "vigil-triage-page.h"

static const char * const categories[] = {
  "customer-service.refund", "hr.harassment", "legal.defamation", "security.phishing", "pr.boycott",
  "customer-service.delivery", "compliance.privacy", NULL,
};

static const char * const texts[] = {
  "The Aurora lid popped open mid-boil and splashed boiling water on my hand. Not OK.",
  "Third week waiting for a refund. Support keeps closing my ticket without an answer.",
  "Someone in their warehouse deserves a raise, my parcel came a day early.",
  "Got a DM from 'Northwind Support' asking for my card number. Is that really you?",
  "Boycott Northwind until they recall the Aurora. #NorthwindScald",
  "Their manager shouted at a colleague in front of customers. Unacceptable.",
  "Does anyone know if they keep my address after I cancel the order?",
};

static double
rss_mb (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* CPU time of the calling (main) thread, µs: what a person waits for on a
 * loaded machine is the wall clock, but this doesn't depend on the load. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static VigilContext *
open_context (VigilStore *store)
{
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  g_autoptr(GError) error = NULL;
  VigilContextOptions options = { .actor = "bench", .credentials = credentials,
                                  .no_sources = TRUE, .no_classify = TRUE };
  VigilContext *context = vigil_context_new_for_store (store, &options, &error);

  g_assert_no_error (error);
  return context;
}

static void
fill (VigilStore *store,
      guint       n)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint first = 0; first < n; first += 1000)
    {
      g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GError) error = NULL;

      for (guint i = first; i < MIN (n, first + 1000); i++)
        {
          g_autofree char *id = g_strdup_printf ("bench-%u", i);
          g_autofree char *author = g_strdup_printf ("person%u@social.example", i % 997);
          g_autofree char *name = g_strdup_printf ("Person %u", i % 997);
          const char *cats[] = { categories[i % 7], NULL };
          VigilPost *post = vigil_post_new (i % 3 ? VIGIL_PLATFORM_MASTODON : VIGIL_PLATFORM_BLUESKY, id);

          vigil_post_set_author (post, author);
          vigil_post_set_author_name (post, name);
          vigil_post_set_text (post, texts[i % G_N_ELEMENTS (texts)]);
          vigil_post_set_created_at (post, now);
          vigil_post_set_sentiment (post, -0.3 - (i % 7) * 0.1, VIGIL_SENTIMENT_NEGATIVE);
          vigil_post_set_categories (post, cats);
          vigil_post_set_reach (post, (i * 7919) % 60000, ((i * 7919) % 60000) / 10.0);
          g_ptr_array_add (posts, post);
        }
      g_assert_true (vigil_store_insert (store, posts, NULL, &error));
      g_assert_no_error (error);
    }
}

/* Spreads cases over the board like a working day would. */
static void
triage_some (VigilCaseBoard *board)
{
  g_autoptr(GPtrArray) cases = vigil_case_board_list_cases (board);

  for (guint i = 0; i < cases->len; i++)
    {
      VigilCase *kase = g_ptr_array_index (cases, i);
      g_autofree char *digit = g_strdup_printf ("%u", 1 + i % 9);
      g_autoptr(GError) error = NULL;

      switch (i % 10)
        {
        case 0: case 1: case 2: case 3: case 4:
          break;   /* stays in the inbox */
        case 5: case 6:
          vigil_case_board_assign (board, kase, digit, NULL, NULL, &error);
          break;
        case 7:
          vigil_case_board_assign (board, kase, digit, NULL, NULL, &error);
          vigil_case_board_claim (board, kase, FALSE, &error);
          break;
        case 8:
          vigil_case_board_escalate (board, kase, NULL, &error);
          break;
        case 9:
        default:
          vigil_case_board_leave (board, kase, NULL, &error);
          break;
        }
      g_assert_no_error (error);
    }
}

/* Cards that exist as widgets: the list views create only what they show. */
static guint
count_cards (GtkWidget *widget)
{
  guint n = VIGIL_IS_CASE_CARD (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_cards (child);
  return n;
}

static gboolean
hold_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  int n_cases = 10000;
  int hold = 0;
  gboolean dark = FALSE;
  gboolean open_case = FALSE;
  g_autofree char *db = NULL;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "How many cases", "N" },
    { "hold", 0, 0, G_OPTION_ARG_INT, &hold, "Keep the window open that long", "SECONDS" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark style", NULL },
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_case, "Open the first case (with --hold)", NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "Reuse this store (made when missing)", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GSettings) settings = NULL;
  VigilApplication *app;
  VigilCaseBoard *board;
  GtkWindow *window;
  GtkWidget *page;
  gint64 t0, t_replay, t_page, t_draw, t_fill = 0;
  gint64 c0, c_replay, c_page, c_draw;
  double rss_before, rss_after;
  gboolean fresh;
  g_autofree char *loadavg = NULL;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TriageBench");
  if (app == NULL)
    return 0;
  settings = g_settings_new ("io.github.vigilapp.Vigil");
  g_settings_set_string (settings, "triage-identity", "bench");
  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  if (db == NULL)
    db = g_build_filename (gui_test_get_tmp_dir (), "bench.db", NULL);
  fresh = !g_file_test (db, G_FILE_TEST_EXISTS);
  store = vigil_store_open (db, &error);
  g_assert_no_error (error);
  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  if (loadavg && strchr (loadavg, ' '))
    *strchr (loadavg, ' ') = '\0';   /* the 1-minute load: the figures' context */
  if (fresh)
    {
      t0 = g_get_monotonic_time ();
      fill (store, n_cases);
      context = open_context (store);
      /* the rule opened a case for each of the latest 5,000 posts; the
       * older ones as if sent from the feed */
      {
        VigilCaseBoard *b = vigil_case_board_get (context);
        gint64 last = vigil_store_get_last_id (store);

        for (gint64 first = 1; first <= last; first += 500)
          {
            g_autoptr(GPtrArray) posts = vigil_store_get_range (store, first, MIN (last, first + 499), 500, &error);

            g_assert_no_error (error);
            for (guint i = 0; i < posts->len; i++)
              g_assert_nonnull (vigil_case_board_open_post (b, g_ptr_array_index (posts, i), NULL, &error));
          }
        triage_some (b);
      }
      vigil_store_flush (store);
      vigil_context_shutdown (context);
      g_clear_object (&context);
      t_fill = g_get_monotonic_time () - t0;
    }

  /* What the measure covers: a window is up; the Triage page is built
   * over a board replayed from the journal, and drawn once. */
  window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
  gtk_window_set_default_size (window, 1600, 1000);
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  drain_main_loop ();
  rss_before = rss_mb ();

  t0 = g_get_monotonic_time ();
  c0 = thread_cpu_us ();
  context = open_context (store);
  board = vigil_case_board_get (context);
  t_replay = g_get_monotonic_time ();
  c_replay = thread_cpu_us ();
  page = g_object_new (VIGIL_TYPE_TRIAGE_PAGE, "board", board, NULL);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), page);
  t_page = g_get_monotonic_time ();
  c_page = thread_cpu_us ();
  gtk_test_widget_wait_for_draw (page);
  t_draw = g_get_monotonic_time ();
  c_draw = thread_cpu_us ();
  drain_main_loop ();
  rss_after = rss_mb ();

  printf ("{\"cases\":%u,\"fill_s\":%.1f,\"replay_ms\":%.0f,\"page_ms\":%.0f,\"first_draw_ms\":%.0f,"
          "\"switch_total_ms\":%.0f,\"cpu_replay_ms\":%.0f,\"cpu_page_ms\":%.0f,\"cpu_draw_ms\":%.0f,"
          "\"cpu_total_ms\":%.0f,\"rss_before_mb\":%.0f,\"rss_after_mb\":%.0f,\"inbox\":%u,\"card_widgets\":%u,\"load\":\"%s\"}\n",
          vigil_case_board_get_n_cases (board), t_fill / 1e6, (t_replay - t0) / 1e3, (t_page - t_replay) / 1e3,
          (t_draw - t_page) / 1e3, (t_draw - t0) / 1e3, (c_replay - c0) / 1e3, (c_page - c_replay) / 1e3,
          (c_draw - c_page) / 1e3, (c_draw - c0) / 1e3, rss_before, rss_after,
          g_list_model_get_n_items (vigil_case_board_get_inbox (board)), count_cards (page), g_strstrip (loadavg));
  fflush (stdout);

  if (hold > 0)
    {
      gboolean done = FALSE;

      /* select a few cards so the screenshot shows the cursor */
      gtk_widget_activate_action (page, "triage.next", NULL);
      if (open_case)
        gtk_widget_activate_action (page, "triage.open", NULL);
      else
        gtk_widget_activate_action (page, "triage.extend-next", NULL);
      g_timeout_add_seconds (hold, hold_done_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }

  gtk_window_destroy (window);
  drain_main_loop ();
  vigil_context_shutdown (context);
  g_clear_object (&context);
  g_clear_object (&store);
  gui_test_finish (app);
  return 0;
}
