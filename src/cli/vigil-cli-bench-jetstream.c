/* vigil-cli-bench-jetstream.c: vigil-cli bench jetstream
 *
 * The whole live path, end to end, on loopback: fixture server → websocket
 * → VigilJetstreamSource (parse, batch) → VigilStore (dedupe, hash chain,
 * FTS) → cursor. Never run as a test; prints one JSON line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-cli-common.h"
#include "vigil-cli-sources.h"
#include "vigil-jetstream-source.h"
#include "vigil-test-server.h"

#define PATH     "/subscribe"
#define FIRST_US G_GINT64_CONSTANT (1732000000000000)
#define STEP_US  1000

typedef struct
{
  VigilSource *source;
  guint64      want;
  gboolean     failed;
} Run;

static gboolean
run_done (gpointer user_data)
{
  Run *run = user_data;

  if (vigil_source_get_state (run->source) == VIGIL_SOURCE_STATE_FAILED)
    run->failed = TRUE;

  return run->failed || vigil_source_get_posts_archived (run->source) >= run->want;
}

static void
remove_store_files (const char *dir,
                    const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

int
vigil_cli_bench_jetstream (int    argc,
                           char **argv)
{
  gint64 count = 1000000;
  int batch = 500;
  gboolean mixed = FALSE;
  GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT64, &count, N_("Events to replay (default 1000000)"), "N" },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Posts per store transaction (default 500)"), "N" },
    { "mixed", 0, 0, G_OPTION_ARG_NONE, &mixed, N_("Mix in edits, deletes, identity and account events"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(VigilTestServer) server = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GString) line = NULL;
  VigilTestJetstreamMix mix;
  gint64 started, elapsed;
  gint64 posts;
  double seconds;
  Run run;

  g_option_context_set_summary (context, _("Replay synthetic Jetstream events through a local websocket into a temporary store."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (context, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (count <= 0 || batch <= 0 || batch > 100000)
    {
      vigil_cli_error (_("--count must be positive and --batch between 1 and 100000"));
      return VIGIL_CLI_EXIT_USAGE;
    }

  mix = mixed ? VIGIL_TEST_JETSTREAM_MIXED : VIGIL_TEST_JETSTREAM_CREATES;

  dir = g_dir_make_tmp ("vigil-bench-jetstream-XXXXXX", &error);
  if (!dir)
    {
      vigil_cli_error (_("Cannot create a temporary directory: %s"), error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  db = g_build_filename (dir, "bench.db", NULL);
  store = vigil_store_open (db, &error);
  if (!store)
    {
      vigil_cli_error (_("Cannot open the store %s: %s"), db, error->message);
      remove_store_files (dir, db);
      return VIGIL_CLI_EXIT_FAILED;
    }

  server = vigil_test_server_new ();
  vigil_test_server_add_jetstream (server, PATH, (guint64) count, FIRST_US, STEP_US, mix);
  url = vigil_test_server_get_ws_url (server, PATH);

  source = vigil_jetstream_source_new (store, NULL, url, NULL);
  g_object_set (source, "batch-size", (guint) batch, "idle-timeout-ms", 0, NULL);

  run.source = source;
  /* creates, edits and deletes each count once in posts-archived */
  run.want = vigil_test_jetstream_count_post_events ((guint64) count, mix);
  run.failed = FALSE;

  g_printerr (_("Replaying %" G_GINT64_FORMAT " events through %s into %s…\n"), count, url, db);
  started = g_get_monotonic_time ();
  vigil_source_start (source);
  while (!run_done (&run))
    g_main_context_iteration (NULL, TRUE);
  vigil_source_stop (source);
  vigil_store_flush (store);
  elapsed = g_get_monotonic_time () - started;

  if (run.failed)
    {
      vigil_cli_error (_("The Jetstream source failed: %s"), vigil_source_get_message (source));
      g_clear_object (&source);
      g_clear_object (&store);
      remove_store_files (dir, db);
      return VIGIL_CLI_EXIT_FAILED;
    }

  posts = vigil_store_count_posts (store, NULL);
  seconds = MAX (elapsed, 1) / (double) G_USEC_PER_SEC;

  line = g_string_new (NULL);
  g_string_append_printf (line, "{\"bench\":\"jetstream\",\"events\":%" G_GINT64_FORMAT
                          ",\"posts\":%" G_GINT64_FORMAT ",\"batch\":%d,\"connections\":%u,"
                          "\"seconds\":%.3f,\"events_per_second\":%.0f}",
                          count, posts, batch, vigil_test_server_get_connections (server, PATH),
                          seconds, count / seconds);
  vigil_cli_print_line (line);

  g_clear_object (&source);
  g_clear_object (&store);
  remove_store_files (dir, db);

  return posts == (gint64) vigil_test_jetstream_count_creates ((guint64) count, mix)
    ? VIGIL_CLI_EXIT_OK : VIGIL_CLI_EXIT_FAILED;
}
