/* test-scenario-player.c: the demo scenario player, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-scenario-player"

#include "config.h"

#include <glib/gstdio.h>

#include "vigil-scenario-player.h"

typedef struct
{
  char       *dir;
  char       *path;
  VigilStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vigil-test-player-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "demo.db", NULL);
  f->store = vigil_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vigil_store_flush (f->store);
  g_assert_finalize_object (f->store);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_load_bundled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilScenarioPlayer) player = NULL;
  gboolean ok;

  g_assert_no_error (error);
  player = vigil_scenario_player_new (store);
  g_assert_cmpuint (vigil_scenario_player_get_n_posts (player), ==, 0);

  ok = vigil_scenario_player_load_resource (player, VIGIL_SCENARIO_DEFAULT_RESOURCE, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* The brief for the scenario: 150–250 posts over three to four minutes. */
  g_assert_cmpuint (vigil_scenario_player_get_n_posts (player), >=, 150);
  g_assert_cmpuint (vigil_scenario_player_get_n_posts (player), <=, 250);
  g_assert_cmpfloat (vigil_scenario_player_get_duration (player), >=, 180);
  g_assert_cmpfloat (vigil_scenario_player_get_duration (player), <=, 300);
  g_assert_false (vigil_scenario_player_get_running (player));

  ok = vigil_scenario_player_load_resource (player, "/io/github/vigilapp/Vigil/data/demo/nope.jsonl",
                                            &error);
  g_assert_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_NOT_FOUND);
  g_assert_false (ok);
  /* A failed load keeps what was loaded before. */
  g_assert_cmpuint (vigil_scenario_player_get_n_posts (player), >=, 150);
}

static void
test_invalid (void)
{
  static const struct {
    const char *input;
    int         code;
    const char *needle;  /* must appear in the message */
  } cases[] = {
    { "", VIGIL_SCENARIO_ERROR_EMPTY, "t.jsonl holds no posts" },
    { "\n  \n", VIGIL_SCENARIO_ERROR_EMPTY, "holds no posts" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\nnot json\n",
      VIGIL_SCENARIO_ERROR_SYNTAX, "t.jsonl line 2: not JSON" },
    { "[1,2]\n", VIGIL_SCENARIO_ERROR_SYNTAX, "line 1: each line must be one JSON object" },
    { "{\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 1: “at” is missing" },
    { "{\"at\":\"soon\",\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 1: “at” must be a number" },
    { "{\"at\":-1,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "“at” must be between" },
    { "{\"at\":5,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n"
      "\n"
      "{\"at\":4,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 3: “at” goes back in time" },
    { "{\"at\":0,\"platform\":\"myspace\",\"author\":\"a\",\"text\":\"x\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "“platform” must be" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "“text” is missing" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"\",\"text\":\"x\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "“author” must not be empty" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":7,\"text\":\"x\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "“author” must be a string" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\",\"followers\":1.5}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "“followers” must be a whole number" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\",\"tags\":\"a\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "“tags” must be an array" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\",\"tags\":[1]}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "“tags” must be an array of short strings" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\",\"reply_to\":0}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "“reply_to” must be the index of an earlier post" },
    { "{\"at\":0,\"event\":\"undo\",\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 1: “event” must be" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n"
      "{\"at\":1,\"event\":\"delete\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 2: “target” is missing" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n"
      "{\"at\":1,\"event\":\"delete\",\"target\":1}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 2: “target” must be the index of an earlier post" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n"
      "{\"at\":1,\"event\":\"delete\",\"target\":0}\n"
      "{\"at\":2,\"event\":\"delete\",\"target\":1}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 3: “target” must be the index of an earlier post" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n"
      "{\"at\":1,\"event\":\"edit\",\"target\":0}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 2: “text” is missing" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\"}\n"
      "{\"at\":1,\"event\":\"edit\",\"target\":0,\"platform\":\"bluesky\",\"text\":\"y\"}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 2: “platform” differs" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\",\"target\":0}\n",
      VIGIL_SCENARIO_ERROR_INVALID, "line 1: “target” is only for an edit or a delete" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"x\",\"z\":[[[[[[[[[[1]]]]]]]]]]}\n",
      VIGIL_SCENARIO_ERROR_TOO_LARGE, "line 1: JSON nested deeper than" },
    { "{\"at\":0,\"platform\":\"mastodon\",\"author\":\"a\",\"text\":\"\xff\"}\n",
      VIGIL_SCENARIO_ERROR_SYNTAX, "line 1: not valid UTF-8" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilScenarioPlayer) player = NULL;

  g_assert_no_error (error);
  player = vigil_scenario_player_new (store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].input, strlen (cases[i].input));
      gboolean ok;

      ok = vigil_scenario_player_load_bytes (player, bytes, "t.jsonl", &error);
      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(no error)");
      g_assert_false (ok);
      g_assert_error (error, VIGIL_SCENARIO_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_clear_error (&error);
      g_assert_cmpuint (vigil_scenario_player_get_n_posts (player), ==, 0);
    }
}

static void
test_too_long_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilScenarioPlayer) player = vigil_scenario_player_new (store);
  g_autoptr(GString) input = g_string_new ("{\"at\":0,\"platform\":\"feed\",\"author\":\"a\",\"text\":\"");
  g_autoptr(GBytes) bytes = NULL;

  while (input->len <= VIGIL_SCENARIO_MAX_LINE)
    g_string_append (input, "aaaaaaaaaaaaaaaa");
  g_string_append (input, "\"}\n");
  bytes = g_string_free_to_bytes (g_steal_pointer (&input));

  g_assert_false (vigil_scenario_player_load_bytes (player, bytes, "big.jsonl", &error));
  g_assert_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "big.jsonl line 1"));
}

static void
on_finished_cb (VigilScenarioPlayer *player,
                gpointer             user_data)
{
  guint *n_finished = user_data;

  (*n_finished)++;
}

static void
on_changed_cb (VigilStore *store,
               gint64      last_id,
               guint       n_added,
               guint       n_events,
               gpointer    user_data)
{
  guint *n_added_total = user_data;

  *n_added_total += n_added;
}

static gboolean
guard_timeout_cb (gpointer user_data)
{
  g_error ("the replay did not finish within 60 s");
  return G_SOURCE_REMOVE;
}

static void
test_replay (Fixture       *f,
             gconstpointer  data)
{
  static const char scenario[] =
    "{\"at\":10,\"platform\":\"mastodon\",\"author\":\"a@x.example\",\"author_name\":\"A\","
    " \"followers\":12,\"lang\":\"en\",\"text\":\"first kettle post\",\"tags\":[\"kettles\"]}\n"
    "{\"at\":12.5,\"platform\":\"bluesky\",\"author\":\"b.example\",\"text\":\"second\","
    " \"reply_to\":0}\n"
    "{\"at\":70,\"platform\":\"feed\",\"author\":\"news.example\",\"lang\":\"fr\","
    " \"text\":\"troisième\"}\n"
    "{\"at\":70,\"event\":\"edit\",\"target\":0,\"text\":\"first kettle post, edited\"}\n"
    "{\"at\":70,\"event\":\"delete\",\"target\":1}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScenarioPlayer) player = vigil_scenario_player_new (f->store);
  g_autoptr(GBytes) bytes = g_bytes_new_static (scenario, sizeof scenario - 1);
  g_autoptr(GPtrArray) posts = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  guint n_finished = 0, n_added = 0;
  guint guard;
  VigilPost *post;

  g_assert_true (vigil_scenario_player_load_bytes (player, bytes, "t.jsonl", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_scenario_player_get_n_posts (player), ==, 5);
  g_assert_cmpuint (vigil_scenario_player_get_n_new_posts (player), ==, 3);
  g_assert_cmpfloat (vigil_scenario_player_get_duration (player), ==, 60);

  g_signal_connect (player, "finished", G_CALLBACK (on_finished_cb), &n_finished);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed_cb), &n_added);

  /* 60 s of scenario in 0.1 s */
  vigil_scenario_player_set_speed (player, 600);
  vigil_scenario_player_start (player);
  g_assert_true (vigil_scenario_player_get_running (player));
  /* The first post (at its scenario's start) is handed over at once. */
  g_assert_cmpuint (vigil_scenario_player_get_n_played (player), >=, 1);

  guard = g_timeout_add_seconds (60, guard_timeout_cb, NULL);
  while (n_finished == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  g_assert_cmpuint (n_finished, ==, 1);
  g_assert_false (vigil_scenario_player_get_running (player));
  g_assert_null (vigil_scenario_player_get_error (player));
  g_assert_cmpuint (vigil_scenario_player_get_n_played (player), ==, 5);
  g_assert_cmpint (vigil_store_count_posts (f->store, &error), ==, 3);
  g_assert_no_error (error);

  /* "changed" is emitted in this context; let it be delivered. */
  while (n_added < 3 && g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (n_added, ==, 3);

  posts = vigil_store_get_range (f->store, 1, vigil_store_get_last_id (f->store), 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (posts->len, ==, 3);

  /* newest first */
  post = g_ptr_array_index (posts, 0);
  g_assert_cmpstr (vigil_post_get_remote_id (post), ==, "demo-3");
  g_assert_cmpint (vigil_post_get_platform (post), ==, VIGIL_PLATFORM_FEED);
  g_assert_cmpstr (vigil_post_get_text (post), ==, "troisième");
  g_assert_cmpstr (vigil_post_get_lang (post), ==, "fr");

  post = g_ptr_array_index (posts, 1);
  g_assert_cmpstr (vigil_post_get_remote_id (post), ==, "demo-2");
  g_assert_cmpint (vigil_post_get_platform (post), ==, VIGIL_PLATFORM_BLUESKY);
  g_assert_cmpstr (vigil_post_get_parent_id (post), ==, "demo-1");
  /* the scenario deleted it: the archive keeps it, marked deleted */
  g_assert_true (vigil_post_get_deleted (post));
  g_assert_cmpstr (vigil_post_get_text (post), ==, "second");

  post = g_ptr_array_index (posts, 2);
  g_assert_cmpstr (vigil_post_get_remote_id (post), ==, "demo-1");
  g_assert_cmpstr (vigil_post_get_author (post), ==, "a@x.example");
  g_assert_cmpstr (vigil_post_get_author_name (post), ==, "A");
  g_assert_cmpint (vigil_post_get_author_followers (post), ==, 12);
  /* the scenario edited it */
  g_assert_true (vigil_post_get_edited (post));
  g_assert_false (vigil_post_get_deleted (post));
  g_assert_cmpstr (vigil_post_get_text (post), ==, "first kettle post, edited");
  /* replayed posts are dated at replay time, not in the past */
  g_assert_nonnull (vigil_post_get_created_at (post));
  g_assert_cmpint (g_date_time_compare (vigil_post_get_created_at (post), before), >=, 0);
}

static void
test_replay_bundled (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScenarioPlayer) player = vigil_scenario_player_new (f->store);
  guint n_finished = 0;
  guint guard;

  g_assert_true (vigil_scenario_player_load_resource (player, VIGIL_SCENARIO_DEFAULT_RESOURCE,
                                                      &error));
  g_signal_connect (player, "finished", G_CALLBACK (on_finished_cb), &n_finished);
  g_object_set (player, "speed", 2000.0, NULL);
  vigil_scenario_player_start (player);

  guard = g_timeout_add_seconds (60, guard_timeout_cb, NULL);
  while (n_finished == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  g_assert_null (vigil_scenario_player_get_error (player));
  g_assert_cmpint (vigil_store_count_posts (f->store, &error), ==,
                   vigil_scenario_player_get_n_new_posts (player));
  g_assert_no_error (error);
}

static void
test_stop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilScenarioPlayer) player = vigil_scenario_player_new (f->store);
  guint n_finished = 0;
  guint n_played;

  g_assert_true (vigil_scenario_player_load_resource (player, VIGIL_SCENARIO_DEFAULT_RESOURCE,
                                                      &error));
  g_signal_connect (player, "finished", G_CALLBACK (on_finished_cb), &n_finished);

  /* At real-time speed, only the first post is due when it starts. */
  vigil_scenario_player_start (player);
  n_played = vigil_scenario_player_get_n_played (player);
  g_assert_cmpuint (n_played, >=, 1);
  g_assert_cmpuint (n_played, <, vigil_scenario_player_get_n_posts (player));

  vigil_scenario_player_stop (player);
  g_assert_false (vigil_scenario_player_get_running (player));
  vigil_store_flush (f->store);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* Stopped: no more posts are replayed, and it never "finished". */
  g_assert_cmpuint (vigil_scenario_player_get_n_played (player), ==, n_played);
  g_assert_cmpuint (n_finished, ==, 0);
  g_assert_cmpint (vigil_store_count_posts (f->store, &error), <=, n_played);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/scenario-player/load-bundled", test_load_bundled);
  g_test_add_func ("/vigil/scenario-player/invalid", test_invalid);
  g_test_add_func ("/vigil/scenario-player/too-long-line", test_too_long_line);
  g_test_add ("/vigil/scenario-player/replay", Fixture, NULL,
              fixture_set_up, test_replay, fixture_tear_down);
  g_test_add ("/vigil/scenario-player/replay-bundled", Fixture, NULL,
              fixture_set_up, test_replay_bundled, fixture_tear_down);
  g_test_add ("/vigil/scenario-player/stop", Fixture, NULL,
              fixture_set_up, test_stop, fixture_tear_down);

  return g_test_run ();
}
