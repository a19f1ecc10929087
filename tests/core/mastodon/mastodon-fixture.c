/* mastodon-fixture.c: shared helpers for the Mastodon source tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mastodon-fixture.h"

/* Ids past 2^53, so that a double would lose them. */
char *
status_id (guint n)
{
  return g_strdup_printf ("1100000000%08u", n);
}

char *
status_json (guint       n,
             const char *text,
             gboolean    edited)
{
  g_autofree char *id = status_id (n);

  return g_strdup_printf (
    "{\"id\":\"%s\",\"created_at\":\"2026-11-23T10:%02u:%02u.000Z\","
    "\"uri\":\"https://fixture.example/users/alice/statuses/%s\","
    "\"url\":\"https://fixture.example/@alice/%s\","
    "\"content\":\"<p>%s %u</p>\",\"visibility\":\"public\",\"language\":\"en\","
    "\"edited_at\":%s,"
    "\"account\":{\"id\":\"7\",\"acct\":\"alice\",\"username\":\"alice\","
    "\"display_name\":\"Alice\",\"followers_count\":12},"
    "\"tags\":[{\"name\":\"vigil\"}],\"media_attachments\":[],"
    "\"replies_count\":0,\"reblogs_count\":0,\"favourites_count\":1}",
    id, (n / 60) % 60, n % 60, id, id, text ? text : "post", n,
    edited ? "\"2026-11-23T11:00:00.000Z\"" : "null");
}

/* A JSON array of statuses first … last. */
char *
statuses_json (guint first,
               guint last)
{
  GString *s = g_string_new ("[");

  for (guint n = first; n <= last; n++)
    {
      g_autofree char *one = status_json (n, NULL, FALSE);

      if (n > first)
        g_string_append_c (s, ',');
      g_string_append (s, one);
    }
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* The fixture's instance information, advertising this server's own
 * websocket origin as the streaming API (as mastodon.social does with
 * wss://streaming.mastodon.social). */
void
serve_instance (Fixture *f)
{
  g_autofree char *ws = vigil_test_server_get_ws_url (f->server, "");

  serve_instance_streaming (f, ws);
}

void
serve_instance_streaming (Fixture    *f,
                          const char *streaming_api)
{
  g_autofree char *path = g_build_filename (g_getenv ("VIGIL_TEST_FIXTURES"),
                                            "mastodon-server", "instance.json", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  char *joined;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  parts = g_strsplit (text, "@STREAMING_API@", -1);
  joined = g_strjoinv (streaming_api, parts);
  body = g_bytes_new_take (joined, strlen (joined));
  vigil_test_server_set_content (f->server, "/api/v1/instance", "application/json", body);
}

void
fixture_open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = vigil_store_open (f->db_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

void
fixture_setup (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->server = vigil_test_server_new ();
  f->dir = g_dir_make_tmp ("vigil-mastodon-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "vigil.db", NULL);
  fixture_open_store (f);
  f->session = soup_session_new ();
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

void
fixture_teardown (Fixture *f)
{
  g_clear_object (&f->session);
  if (f->store != NULL)
    vigil_store_flush (f->store);
  g_clear_object (&f->store);
  g_clear_pointer (&f->server, vigil_test_server_free);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
}

char *
spec_for (Fixture    *f,
          const char *path)
{
  return g_strconcat ("mastodon:", vigil_test_server_get_base_url (f->server), path, NULL);
}

VigilSource *
new_source (Fixture    *f,
            const char *path,
            const char *token)
{
  g_autofree char *text = spec_for (f, path);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilSourceSpec) spec = vigil_source_spec_parse (text, &error);
  VigilSource *source;

  g_assert_no_error (error);
  source = vigil_source_spec_create (spec, f->store, f->session, token, &error);
  g_assert_no_error (error);
  g_assert_true (VIGIL_IS_MASTODON_SOURCE (source));
  g_object_set (source,
                "request-timeout", 3000,
                "stream-idle-timeout", 5000,
                "page-size", 10,
                NULL);
  vigil_source_set_backoff (source, 10, 100);
  return source;
}

/* --- conditions --- */


gboolean
has_state (gpointer data)
{
  Wait *w = data;
  return vigil_source_get_state (w->source) == w->state;
}

gboolean
has_count (gpointer data)
{
  Wait *w = data;
  vigil_store_flush (w->store);
  return vigil_store_count_posts (w->store, NULL) >= w->count;
}

gboolean
is_streaming_on (gpointer data)
{
  Wait *w = data;
  return vigil_mastodon_source_get_is_streaming (VIGIL_MASTODON_SOURCE (w->source)) &&
         vigil_test_server_get_connections (w->server, STREAM_PATH) >= w->connections;
}

gboolean
is_idle_live (gpointer data)
{
  Wait *w = data;
  return vigil_source_get_state (w->source) == VIGIL_SOURCE_STATE_LIVE &&
         !vigil_mastodon_source_get_is_streaming (VIGIL_MASTODON_SOURCE (w->source));
}

void
wait_state (VigilSource      *source,
            VigilSourceState  state)
{
  Wait w = { .source = source, .state = state };

  if (!vigil_test_wait_until (has_state, &w, WAIT_MS))
    g_error ("waited for %s, still %s: %s", vigil_source_state_to_string (state),
             vigil_source_state_to_string (vigil_source_get_state (source)),
             vigil_source_get_message (source));
}

void
wait_count (Fixture *f,
            gint64   count)
{
  Wait w = { .store = f->store, .count = count };

  if (!vigil_test_wait_until (has_count, &w, WAIT_MS))
    g_error ("waited for %" G_GINT64_FORMAT " posts, have %" G_GINT64_FORMAT, count,
             vigil_store_count_posts (f->store, NULL));
}

/* --- reading the archive back --- */


static void
collect_post_cb (VigilPost *post,
                 gpointer   user_data)
{
  Archive *a = user_data;

  a->rows++;
  g_hash_table_insert (a->ids, g_strdup (vigil_post_get_remote_id (post)), g_object_ref (post));
}

void
read_archive (Fixture *f,
              Archive *a)
{
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GError) error = NULL;

  vigil_store_flush (f->store);
  a->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  a->rows = 0;
  g_assert_true (vigil_store_foreach (f->store, query, collect_post_cb, a, &error));
  g_assert_no_error (error);
}

/* Every status first … last is archived exactly once, and nothing else. */
void
assert_archive_holds (Fixture *f,
                      guint    first,
                      guint    last)
{
  Archive a;

  read_archive (f, &a);
  g_assert_cmpuint (a.rows, ==, last - first + 1);
  g_assert_cmpuint (g_hash_table_size (a.ids), ==, last - first + 1);
  for (guint n = first; n <= last; n++)
    {
      g_autofree char *id = status_id (n);

      if (!g_hash_table_contains (a.ids, id))
        g_error ("status %u (%s) is missing from the archive", n, id);
    }
  g_hash_table_unref (a.ids);
}

/* Lets every queued archive write commit and report back (the base class
 * persists a batch's cursor from that report). */
void
settle (Fixture *f)
{
  for (guint i = 0; i < 3; i++)
    {
      vigil_store_flush (f->store);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

char *
stored_cursor (Fixture     *f,
               VigilSource *source)
{
  settle (f);
  return vigil_store_get_cursor (f->store, vigil_source_get_id (source), NULL);
}
