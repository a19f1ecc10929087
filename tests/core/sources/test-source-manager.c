/* test-source-manager.c: configured sources, against the fixture server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vigil-memory-credential-store.h"
#include "vigil-source-manager.h"
#include "vigil-source-spec.h"
#include "vigil-test-server.h"

#define TAG_PATH    "/api/v1/timelines/tag/vigil"
#define STREAM_PATH "/api/v1/streaming/hashtag"
#define FEED        "/feed.xml"

typedef struct
{
  VigilTestServer      *server;
  char                 *dir;
  char                 *config;
  VigilStore           *store;
  SoupSession          *session;
  VigilCredentialStore *credentials;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  f->server = vigil_test_server_new ();
  f->dir = g_dir_make_tmp ("vigil-source-manager-XXXXXX", &error);
  g_assert_no_error (error);
  f->config = g_build_filename (f->dir, "config", "sources.json", NULL);
  db = g_build_filename (f->dir, "store.db", NULL);
  f->store = vigil_store_open (db, &error);
  g_assert_no_error (error);
  f->session = soup_session_new ();
  f->credentials = vigil_memory_credential_store_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "store.db", NULL);
  g_autofree char *wal = g_build_filename (f->dir, "store.db-wal", NULL);
  g_autofree char *shm = g_build_filename (f->dir, "store.db-shm", NULL);
  g_autofree char *config_dir = g_path_get_dirname (f->config);

  vigil_store_flush (f->store);
  g_clear_object (&f->store);
  g_clear_object (&f->session);
  g_clear_object (&f->credentials);
  vigil_test_server_free (f->server);
  g_unlink (f->config);
  g_rmdir (config_dir);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->config);
  g_free (f->dir);
}

static GBytes *
make_rss (guint n_items)
{
  GString *s = g_string_new ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
                             "<link>https://news.example.org/</link><description>d</description>");

  for (guint i = 0; i < n_items; i++)
    g_string_append_printf (s, "<item><title>Item %u</title><link>https://news.example.org/%u</link>"
                            "<guid>urn:kettle:%u</guid><description>Story %u</description></item>",
                            i, i, i, i);
  g_string_append (s, "</channel></rss>");
  return g_string_free_to_bytes (s);
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

static char *
feed_spec (Fixture    *f,
           const char *path)
{
  g_autofree char *url = vigil_test_server_get_url (f->server, path);

  return g_strconcat ("rss:", url, NULL);
}

typedef struct
{
  VigilStore  *store;
  VigilSource *source;
  gint64       want;
} Wait;

static gboolean
store_has (gpointer data)
{
  Wait *wait = data;

  return vigil_store_count_posts (wait->store, NULL) >= wait->want;
}

static gboolean
is_state (gpointer data)
{
  Wait *wait = data;

  return (gint64) vigil_source_get_state (wait->source) == wait->want;
}

static char *
read_config (Fixture *f)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (f->config, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

static void
test_add_persist_reload (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(VigilSourceManager) manager = NULL;
  g_autoptr(VigilSourceManager) again = NULL;
  g_autoptr(GBytes) rss = make_rss (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = feed_spec (f, FEED);
  g_autofree char *contents = NULL;
  g_autoptr(VigilSource) item = NULL;
  VigilSource *source;
  Wait wait;

  vigil_test_server_set_content (f->server, FEED, "application/rss+xml", rss);
  manager = vigil_source_manager_new (f->store, f->session, f->credentials, f->config);
  g_assert_true (vigil_source_manager_load (manager, &error));  /* no file yet */
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
  vigil_source_manager_start (manager);

  source = vigil_source_manager_add (manager, spec, "Kettle news", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (source);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (manager), 0);
  g_assert_true (item == source);
  g_assert_cmpstr (vigil_source_manager_get_label (manager, source), ==, "Kettle news");
  g_assert_cmpstr (vigil_source_manager_get_spec (manager, source), ==, spec);

  /* added while running: it starts, and archives */
  wait = (Wait) { f->store, source, 3 };
  g_assert_true (vigil_test_wait_until (store_has, &wait, 10000));

  /* the same SPEC twice is refused; a bad one too */
  g_assert_null (vigil_source_manager_add (manager, spec, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (vigil_source_manager_add (manager, "rss:http://example.com/feed", NULL, NULL, &error));
  g_assert_error (error, VIGIL_SOURCE_SPEC_ERROR, VIGIL_SOURCE_SPEC_ERROR_INSECURE);
  g_clear_error (&error);
  g_assert_null (vigil_source_manager_add (manager, spec, NULL, "me@host", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);

  contents = read_config (f);
  g_assert_nonnull (strstr (contents, spec));
  g_assert_nonnull (strstr (contents, "Kettle news"));

  /* a second manager reads the same configuration */
  again = vigil_source_manager_new (f->store, f->session, f->credentials, f->config);
  g_assert_true (vigil_source_manager_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  {
    g_autoptr(VigilSource) loaded = g_list_model_get_item (G_LIST_MODEL (again), 0);

    g_assert_cmpstr (vigil_source_manager_get_label (again, loaded), ==, "Kettle news");
    g_assert_false (vigil_source_manager_get_paused (again, loaded));
    /* loaded, not started until asked */
    g_assert_cmpint (vigil_source_get_state (loaded), ==, VIGIL_SOURCE_STATE_STOPPED);
  }
  vigil_source_manager_stop (manager);
}

static void
test_pause_remove (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(VigilSourceManager) manager = NULL;
  g_autoptr(VigilSourceManager) again = NULL;
  g_autoptr(GBytes) rss = make_rss (2);
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = feed_spec (f, FEED);
  g_autofree char *contents = NULL;
  VigilSource *source;

  vigil_test_server_set_content (f->server, FEED, "application/rss+xml", rss);
  manager = vigil_source_manager_new (f->store, f->session, f->credentials, f->config);
  vigil_source_manager_start (manager);
  source = vigil_source_manager_add (manager, spec, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_source_get_state (source), !=, VIGIL_SOURCE_STATE_STOPPED);
  g_assert_cmpstr (vigil_source_manager_get_label (manager, source), ==, spec);

  g_assert_true (vigil_source_manager_set_paused (manager, source, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_source_get_state (source), ==, VIGIL_SOURCE_STATE_STOPPED);
  g_assert_true (vigil_source_manager_get_paused (manager, source));
  contents = read_config (f);
  g_assert_nonnull (strstr (contents, "\"paused\" : true"));
  g_clear_pointer (&contents, g_free);

  /* a paused source stays stopped when the app starts again */
  again = vigil_source_manager_new (f->store, f->session, f->credentials, f->config);
  g_assert_true (vigil_source_manager_load (again, &error));
  vigil_source_manager_start (again);
  {
    g_autoptr(VigilSource) loaded = g_list_model_get_item (G_LIST_MODEL (again), 0);

    g_assert_true (vigil_source_manager_get_paused (again, loaded));
    g_assert_cmpint (vigil_source_get_state (loaded), ==, VIGIL_SOURCE_STATE_STOPPED);
  }
  g_clear_object (&again);

  g_assert_true (vigil_source_manager_set_paused (manager, source, FALSE, &error));
  g_assert_cmpint (vigil_source_get_state (source), !=, VIGIL_SOURCE_STATE_STOPPED);

  g_assert_true (vigil_source_manager_remove (manager, source, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
  contents = read_config (f);
  g_assert_null (strstr (contents, spec));
}

static void
on_problem_cb (VigilSourceManager *manager,
               VigilSource        *source,
               const char         *message,
               GPtrArray          *problems)
{
  g_ptr_array_add (problems, g_strdup (message));
}

static void
test_failure_isolation (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(VigilSourceManager) manager = NULL;
  g_autoptr(GBytes) rss = make_rss (4);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *good_spec = feed_spec (f, FEED);
  g_autofree char *bad_spec = feed_spec (f, "/missing.xml");
  g_autofree char *contents = NULL;
  VigilSource *good, *bad;
  Wait wait;

  vigil_test_server_set_content (f->server, FEED, "application/rss+xml", rss);

  /* a broken entry in the file is skipped; the good ones load */
  contents = g_strdup_printf ("{\"version\":1,\"sources\":[{\"spec\":\"%s\"},{\"spec\":\"nonsense\"},"
                              "42,{\"spec\":\"%s\",\"label\":\"Good\"}]}", bad_spec, good_spec);
  {
    g_autofree char *dir = g_path_get_dirname (f->config);

    g_mkdir_with_parents (dir, 0700);
  }
  g_file_set_contents (f->config, contents, -1, &error);
  g_assert_no_error (error);

  manager = vigil_source_manager_new (f->store, f->session, f->credentials, f->config);
  g_signal_connect (manager, "source-problem", G_CALLBACK (on_problem_cb), problems);
  g_assert_true (vigil_source_manager_load (manager, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 2);
  bad = g_list_model_get_item (G_LIST_MODEL (manager), 0);
  good = g_list_model_get_item (G_LIST_MODEL (manager), 1);
  g_object_unref (bad);
  g_object_unref (good);
  vigil_source_set_backoff (bad, 20, 50);

  vigil_source_manager_start (manager);
  wait = (Wait) { f->store, good, 4 };
  g_assert_true (vigil_test_wait_until (store_has, &wait, 10000));

  /* the 404 feed fails (or backs off), and says so once */
  wait = (Wait) { f->store, bad, VIGIL_SOURCE_STATE_FAILED };
  if (!vigil_test_wait_until (is_state, &wait, 3000))
    g_assert_cmpint (vigil_source_get_state (bad), ==, VIGIL_SOURCE_STATE_BACKING_OFF);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (strlen (g_ptr_array_index (problems, 0)), >, 0);
  g_assert_cmpint (vigil_source_get_state (good), !=, VIGIL_SOURCE_STATE_FAILED);

  /* saving keeps the broken entries as they were, for the user to fix */
  g_assert_true (vigil_source_manager_set_paused (manager, good, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  contents = read_config (f);
  g_assert_nonnull (strstr (contents, "nonsense"));
  g_assert_nonnull (strstr (contents, "42"));
  g_assert_nonnull (strstr (contents, "\"paused\" : true"));

  /* a file that is not JSON is an error that names it */
  vigil_source_manager_stop (manager);
  g_clear_object (&manager);
  g_file_set_contents (f->config, "{not json", -1, &error);
  manager = vigil_source_manager_new (f->store, f->session, f->credentials, f->config);
  g_assert_false (vigil_source_manager_load (manager, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "sources.json"));
}

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_credential_store_store_finish (VIGIL_CREDENTIAL_STORE (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_token_from_credentials (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(VigilSourceManager) manager = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *statuses = statuses_json (1, 5);
  g_autofree char *url = vigil_test_server_get_url (f->server, "/tag/vigil");
  g_autofree char *spec = g_strconcat ("mastodon:", url, NULL);
  g_autofree char *auth = NULL;
  g_autofree char *contents = NULL;
  gboolean stored = FALSE;
  const char *instance = "{\"uri\":\"fixture.example\",\"version\":\"4.2.0\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (instance, strlen (instance));
  Wait wait = { f->store, NULL, 5 };

  vigil_test_server_set_content (f->server, "/api/v1/instance", "application/json", body);
  vigil_test_server_set_mastodon_timeline (f->server, TAG_PATH, statuses);
  vigil_test_server_add_sse (f->server, STREAM_PATH, NULL);

  vigil_credential_store_store_async (f->credentials, VIGIL_SOURCE_MANAGER_MASTODON_SERVICE,
                                      "me@fixture.example", "s3cret-token", NULL,
                                      on_stored_cb, &stored);
  while (!stored)
    g_main_context_iteration (NULL, TRUE);

  manager = vigil_source_manager_new (f->store, f->session, f->credentials, f->config);
  vigil_source_manager_start (manager);
  g_assert_nonnull (vigil_source_manager_add (manager, spec, NULL, "me@fixture.example", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_test_wait_until (store_has, &wait, 10000));

  auth = vigil_test_server_get_last_header (f->server, TAG_PATH, "Authorization");
  g_assert_cmpstr (auth, ==, "Bearer s3cret-token");

  /* the account is written down, never its token */
  contents = read_config (f);
  g_assert_nonnull (strstr (contents, "me@fixture.example"));
  g_assert_null (strstr (contents, "s3cret"));
  vigil_source_manager_stop (manager);
}

static void
test_derive (void)
{
  g_autoptr(VigilWatchList) watches = vigil_watch_list_new ();
  g_autoptr(VigilWatch) a = vigil_watch_new ("Acme", "#Acme OR @support@acme.example OR \"late delivery\"",
                                             NULL, FALSE, NULL);
  g_autoptr(VigilWatch) b = vigil_watch_new ("Refunds", "refund* chargeback NOT spam lang:fr #acme",
                                             NULL, FALSE, NULL);
  g_auto(GStrv) anonymous = NULL;
  g_auto(GStrv) signed_in = NULL;

  g_assert_true (vigil_watch_list_add (watches, a, NULL));
  g_assert_true (vigil_watch_list_add (watches, b, NULL));

  anonymous = vigil_source_manager_derive_specs (watches, "https://m.example", FALSE);
  g_assert_cmpuint (g_strv_length (anonymous), ==, 2);
  g_assert_cmpstr (anonymous[0], ==, "mastodon:https://m.example/tag/acme");
  g_assert_cmpstr (anonymous[1], ==, "mastodon:https://m.example/@support@acme.example");

  signed_in = vigil_source_manager_derive_specs (watches, "https://m.example", TRUE);
  g_assert_cmpuint (g_strv_length (signed_in), ==, 4);
  g_assert_cmpstr (signed_in[2], ==, "mastodon:https://m.example/search/late%20delivery");
  g_assert_cmpstr (signed_in[3], ==, "mastodon:https://m.example/search/chargeback");
}

static void
test_watches_entry (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(VigilSourceManager) manager = NULL;
  g_autoptr(VigilWatchList) watches = vigil_watch_list_new ();
  g_autoptr(VigilWatch) w = vigil_watch_new ("Vigil", "#vigil", NULL, FALSE, NULL);
  g_autoptr(VigilWatch) w2 = vigil_watch_new ("More", "#kettle OR #tea", NULL, FALSE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSource) derived = NULL;

  manager = vigil_source_manager_new (f->store, f->session, f->credentials, f->config);
  vigil_source_manager_set_watch_list (manager, watches);
  g_assert_true (vigil_source_manager_add_watches (manager, vigil_test_server_get_base_url (f->server),
                                                   "From my watches", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);

  g_assert_true (vigil_watch_list_add (watches, w, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 1);
  derived = g_list_model_get_item (G_LIST_MODEL (manager), 0);
  g_assert_true (vigil_source_manager_is_derived (manager, derived));
  g_assert_true (g_str_has_suffix (vigil_source_manager_get_spec (manager, derived), "/tag/vigil"));

  g_assert_true (vigil_watch_list_add (watches, w2, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 3);
  g_clear_object (&derived);

  /* removing one derived source removes the whole entry */
  derived = g_list_model_get_item (G_LIST_MODEL (manager), 1);
  g_assert_true (vigil_source_manager_remove (manager, derived, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (manager)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/source-manager/add-persist-reload", Fixture, NULL,
              fixture_setup, test_add_persist_reload, fixture_teardown);
  g_test_add ("/vigil/source-manager/pause-remove", Fixture, NULL,
              fixture_setup, test_pause_remove, fixture_teardown);
  g_test_add ("/vigil/source-manager/failure-isolation", Fixture, NULL,
              fixture_setup, test_failure_isolation, fixture_teardown);
  g_test_add ("/vigil/source-manager/token", Fixture, NULL,
              fixture_setup, test_token_from_credentials, fixture_teardown);
  g_test_add_func ("/vigil/source-manager/derive", test_derive);
  g_test_add ("/vigil/source-manager/watches-entry", Fixture, NULL,
              fixture_setup, test_watches_entry, fixture_teardown);

  return g_test_run ();
}
