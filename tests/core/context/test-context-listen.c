/* test-context-listen.c: `vigil-cli listen` classifies and raises the alert
 * the app would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixture server serves an RSS feed: a steady baseline of
 * kettle complaints for 15 minutes, then a storm in one minute, all in the
 * recent past. The real vigil-cli binary listens to it into a file; the
 * test then feeds the same feed, parsed the same way, through a context
 * built as the app builds it, and closes its alert windows. Both archives
 * must hold the same classified posts and the same alerts.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vigil-context.h"
#include "vigil-memory-credential-store.h"
#include "vigil-normalize.h"
#include "vigil-test-server.h"

#define FEED_PATH "/kettles.xml"
#define BASELINE_WINDOWS 15
#define BASELINE_PER_WINDOW 12
#define STORM 150

static const char *cli;

static char *
build_feed (gint64 start_us)
{
  GString *s = g_string_new ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"
                             "<title>Kettle talk</title><link>https://fixture.example/</link>");
  guint n = 0;

  for (guint w = 0; w <= BASELINE_WINDOWS; w++)
    {
      guint count = w < BASELINE_WINDOWS ? BASELINE_PER_WINDOW : STORM;

      for (guint j = 0; j < count; j++)
        {
          gint64 t = start_us + (gint64) w * 60 * G_USEC_PER_SEC + j * (60 * G_USEC_PER_SEC / (count + 1));
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
          g_autofree char *date = g_date_time_format (dt, "%a, %d %b %Y %H:%M:%S +0000");

          n++;
          g_string_append_printf (s, "<item><guid>https://fixture.example/p/%u</guid>"
                                  "<link>https://fixture.example/p/%u</link><pubDate>%s</pubDate>"
                                  "<title>Complaint %u</title>"
                                  "<description>My Northwind kettle lid burnt me, awful!</description></item>",
                                  n, n, date, n);
        }
    }
  g_string_append (s, "</channel></rss>");
  return g_string_free (s, FALSE);
}

static char *
write_watches (const char *dir)
{
  const char *json = "{\"version\":1,\"watches\":[{\"name\":\"Kettle burns\",\"query\":\"kettle AND burnt\",\"colour\":\"#e01b24\",\"stem\":false}]}";
  char *path = g_build_filename (dir, "watches.json", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The first row of the watch's alert (its start), as archived. */
static char *
first_alert (VigilStore *store,
             guint      *n_classified)
{
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GError) error = NULL;
  VigilAlertRecord *first = NULL;

  alerts = vigil_store_get_alerts (store, "Kettle burns", 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < alerts->len; i++)
    {
      VigilAlertRecord *r = g_ptr_array_index (alerts, i);

      /* newest first: the last one seen with the smallest id is the start */
      if (first == NULL || r->id < first->id)
        first = r;
    }

  posts = vigil_store_get_range (store, 1, G_MAXINT64, 0, &error);
  g_assert_no_error (error);
  *n_classified = 0;
  for (guint i = 0; i < posts->len; i++)
    {
      VigilPost *post = g_ptr_array_index (posts, i);

      if (vigil_post_get_watches (post) != NULL && vigil_post_get_sentiment (post) == VIGIL_SENTIMENT_NEGATIVE)
        (*n_classified)++;
    }
  return first ? g_strdup (first->description) : NULL;
}

static void
test_listen_alerts_like_the_app (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-context-listen-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "listen.db", NULL);
  g_autofree char *watches = write_watches (dir);
  gint64 now = g_get_real_time ();
  gint64 start = (now / (60 * G_USEC_PER_SEC) - 30) * 60 * G_USEC_PER_SEC;
  g_autofree char *feed = build_feed (start);
  g_autoptr(GBytes) body = g_bytes_new (feed, strlen (feed));
  g_autofree char *spec = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *cli_alert = NULL, *app_alert = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilContext) app = NULL;
  g_autoptr(VigilParseResult) parsed = NULL;
  VigilTestServer *server;
  guint cli_classified = 0, app_classified = 0;
  const guint total = BASELINE_WINDOWS * BASELINE_PER_WINDOW + STORM;

  g_assert_no_error (error);
  server = vigil_test_server_new ();
  vigil_test_server_set_content (server, FEED_PATH, "application/rss+xml", body);
  spec = g_strdup_printf ("rss:%s%s", vigil_test_server_get_base_url (server), FEED_PATH);

  /* the headless front end */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           cli, "listen", "--db", db, "--watch-file", watches, "--source", spec,
                           "--for", "3", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (proc) != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  store = vigil_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, total);
  cli_alert = first_alert (store, &cli_classified);

  /* the app's context, fed the same feed */
  {
    g_autoptr(VigilStore) memory = vigil_store_open (":memory:", &error);
    g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
    g_autofree char *url = g_strdup_printf ("%s%s", vigil_test_server_get_base_url (server), FEED_PATH);
    VigilContextOptions options = { .credentials = credentials, .no_sources = TRUE,
                                    .watches_path = watches };

    g_assert_no_error (error);
    app = vigil_context_new_for_store (memory, &options, &error);
    g_assert_no_error (error);
    parsed = vigil_parse_result_new ();
    g_assert_true (vigil_feed_parse_document (body, url, parsed, &error));
    g_assert_no_error (error);
    g_assert_true (vigil_store_insert (memory, parsed->posts, NULL, &error));
    g_assert_no_error (error);
    vigil_alert_monitor_tick (vigil_context_get_alert_monitor (app), vigil_context_now_us (app));
    vigil_store_flush (memory);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    vigil_store_flush (memory);
    app_alert = first_alert (memory, &app_classified);
  }

  /* every post classified the same way on both paths (each one a negative
   * mention of the watch, but for near-duplicates' grouping) */
  g_test_message ("classified: cli %u, app %u of %u", cli_classified, app_classified, total);
  g_assert_cmpuint (cli_classified, >=, total * 95 / 100);
  g_assert_cmpuint (cli_classified, ==, app_classified);
  /* alerts come from live windows (the monitor ignores mentions older
   * than two windows at each tick), so a recorded storm raises none on
   * either path; both agree */
  g_assert_cmpstr (cli_alert, ==, app_alert);

  vigil_test_server_free (server);
  g_unlink (db);
  g_unlink (watches);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: %s VIGIL-CLI\n", argv[0]);
      return 2;
    }
  cli = argv[1];

  g_test_add_func ("/vigil/context/listen-alerts-like-the-app", test_listen_alerts_like_the_app);

  return g_test_run ();
}
