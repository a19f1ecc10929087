/* test-listen-cli.c: vigil-cli listen, end to end against the fixture server
 *
 * argv[1] (after the GTest options) is the vigil-cli binary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "vigil-store.h"
#include "vigil-test-server.h"

#define TAG_PATH    "/api/v1/timelines/tag/vigil"
#define STREAM_PATH "/api/v1/streaming/hashtag"

static const char *cli;

typedef struct
{
  int    status;
  char  *out;
  char  *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

static gboolean
listen_is_wired (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                           NULL, cli, "listen", "--help", NULL);
  g_assert_nonnull (proc);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, NULL);
  return g_subprocess_get_successful (proc);
}

static void
run_cli (Run              *run,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "listen");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  /* The fixture server answers from its own thread meanwhile. */
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (proc);
}

static JsonObject *
parse_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
statuses_json (guint first,
               guint last)
{
  GString *s = g_string_new ("[");

  for (guint n = first; n <= last; n++)
    g_string_append_printf (s, "%s{\"id\":\"1100000000%08u\",\"created_at\":\"2026-11-23T10:00:00Z\","
                            "\"url\":\"https://fixture.example/@alice/%u\",\"content\":\"<p>post %u</p>\","
                            "\"visibility\":\"public\",\"account\":{\"acct\":\"alice\"}}",
                            n > first ? "," : "", n, n, n);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static void
serve_mastodon (VigilTestServer *server)
{
  const char *instance = "{\"uri\":\"fixture.example\",\"version\":\"4.2.0\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (instance, strlen (instance));
  g_autofree char *statuses = statuses_json (1, 12);

  vigil_test_server_set_content (server, "/api/v1/instance", "application/json", body);
  vigil_test_server_set_mastodon_timeline (server, TAG_PATH, statuses);
  vigil_test_server_add_sse (server, STREAM_PATH, NULL);
}

static void
test_usage (void)
{
  const char *insecure[] = { "--source", "mastodon:http://mastodon.example/public", NULL };
  const char *none[] = { NULL };
  const char *twice[] = { "--source", "rss:https://h.example/f", "--source", "rss:https://h.example/f", NULL };
  const char *negative[] = { "--source", "rss:https://h.example/f", "--for", "-1", NULL };
  Run run = { 0 };

  if (!listen_is_wired ())
    {
      g_test_skip ("vigil-cli has no listen command yet");
      return;
    }

  run_cli (&run, insecure);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "https://"));
  g_assert_cmpuint (strlen (run.err), ==, (gsize) (strchr (run.err, '\n') - run.err) + 1);
  run_clear (&run);

  run_cli (&run, none);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--source"));
  run_clear (&run);

  run_cli (&run, twice);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "twice"));
  run_clear (&run);

  run_cli (&run, negative);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
}

/* Runs for a second: connecting → live lines, then a summary; the posts
 * are in the store afterwards. */
static void
test_listen_for (void)
{
  g_autoptr(VigilTestServer) server = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *spec = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(VigilStore) store = NULL;
  JsonObject *source;
  gboolean saw_live = FALSE;
  guint n;
  Run run = { 0 };

  if (!listen_is_wired ())
    {
      g_test_skip ("vigil-cli has no listen command yet");
      return;
    }

  server = vigil_test_server_new ();
  serve_mastodon (server);
  dir = g_dir_make_tmp ("vigil-listen-XXXXXX", NULL);
  db = g_build_filename (dir, "vigil.db", NULL);
  spec = g_strconcat ("mastodon:", vigil_test_server_get_base_url (server), "/tag/vigil", NULL);

  {
    const char *args[] = { "--db", db, "--source", spec, "--for", "1", NULL };
    run_cli (&run, args);
  }
  g_test_message ("stdout: %s\nstderr: %s", run.out, run.err);
  g_assert_cmpint (run.status, ==, 0);

  lines = g_strsplit (g_strstrip (run.out), "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >=, 3);

  first = parse_line (lines[0]);
  g_assert_cmpstr (json_object_get_string_member (first, "source"), ==, spec);
  g_assert_cmpstr (json_object_get_string_member (first, "state"), ==, "connecting");
  g_assert_true (json_object_has_member (first, "at"));
  g_assert_true (json_object_has_member (first, "retry_at"));
  for (guint i = 1; i + 1 < n; i++)
    {
      g_autoptr(JsonObject) line = parse_line (lines[i]);
      saw_live |= g_strcmp0 (json_object_get_string_member (line, "state"), "live") == 0;
    }
  g_assert_true (saw_live);

  summary = parse_line (lines[n - 1]);
  g_assert_true (json_object_get_boolean_member (summary, "summary"));
  g_assert_cmpint (json_object_get_int_member (summary, "posts"), ==, 12);
  source = json_array_get_object_element (json_object_get_array_member (summary, "sources"), 0);
  g_assert_cmpstr (json_object_get_string_member (source, "source"), ==, spec);
  g_assert_cmpstr (json_object_get_string_member (source, "state"), ==, "live");
  g_assert_cmpint (json_object_get_int_member (source, "archived"), ==, 12);

  store = vigil_store_open (db, NULL);
  g_assert_nonnull (store);
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 12);
  g_clear_object (&store);

  run_clear (&run);
  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

/* A list without an account fails for good: exit 1 with a reason. */
static void
test_listen_all_failed (void)
{
  g_autoptr(VigilTestServer) server = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *spec = NULL;
  Run run = { 0 };

  if (!listen_is_wired ())
    {
      g_test_skip ("vigil-cli has no listen command yet");
      return;
    }

  server = vigil_test_server_new ();
  serve_mastodon (server);
  dir = g_dir_make_tmp ("vigil-listen-XXXXXX", NULL);
  db = g_build_filename (dir, "vigil.db", NULL);
  spec = g_strconcat ("mastodon:", vigil_test_server_get_base_url (server), "/list/42", NULL);

  {
    const char *args[] = { "--db", db, "--source", spec, NULL };
    run_cli (&run, args);
  }
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "\"state\":\"failed\""));
  g_assert_nonnull (strstr (run.out, "\"summary\":true"));
  g_assert_nonnull (strstr (run.err, "failed"));
  run_clear (&run);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

/* No --for: runs until SIGTERM, then flushes and summarises, exit 0. */
typedef struct
{
  GString  *out;
  gboolean  live;
  gboolean  eof;
} Reader;

static void
on_line_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Reader *reader = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  if (line == NULL)
    {
      reader->eof = TRUE;
      return;
    }
  g_string_append_printf (reader->out, "%s\n", line);
  if (strstr (line, "\"state\":\"live\"") != NULL)
    reader->live = TRUE;
  g_data_input_stream_read_line_async (G_DATA_INPUT_STREAM (object), G_PRIORITY_DEFAULT, NULL,
                                       on_line_cb, reader);
}

static gboolean
is_live (gpointer data)
{
  return ((Reader *) data)->live;
}

static gboolean
is_eof (gpointer data)
{
  return ((Reader *) data)->eof;
}

static void
test_listen_sigterm (void)
{
  g_autoptr(VigilTestServer) server = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *spec = NULL;
  Reader reader = { g_string_new (NULL), FALSE, FALSE };

  if (!listen_is_wired ())
    {
      g_test_skip ("vigil-cli has no listen command yet");
      g_string_free (reader.out, TRUE);
      return;
    }

  server = vigil_test_server_new ();
  serve_mastodon (server);
  dir = g_dir_make_tmp ("vigil-listen-XXXXXX", NULL);
  db = g_build_filename (dir, "vigil.db", NULL);
  spec = g_strconcat ("mastodon:", vigil_test_server_get_base_url (server), "/tag/vigil", NULL);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           cli, "listen", "--db", db, "--source", spec, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_line_cb, &reader);

  g_assert_true (vigil_test_wait_until (is_live, &reader, 15000));
  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (vigil_test_wait_until (is_eof, &reader, 15000));
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_nonnull (strstr (reader.out->str, "\"summary\":true"));

  g_string_free (reader.out, TRUE);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
  }
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

  g_test_add_func ("/vigil/cli-listen/usage", test_usage);
  g_test_add_func ("/vigil/cli-listen/for", test_listen_for);
  g_test_add_func ("/vigil/cli-listen/all-failed", test_listen_all_failed);
  g_test_add_func ("/vigil/cli-listen/sigterm", test_listen_sigterm);

  return g_test_run ();
}
