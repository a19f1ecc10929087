/* test-source.c: backoff maths and the VigilSource state machine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-backoff.h"
#include "vigil-source.h"
#include "vigil-test-server.h"

/* ---- backoff ---- */

static void
test_backoff_jitter_bounds (void)
{
  for (guint trial = 0; trial < 200; trial++)
    {
      VigilBackoff backoff;
      double r = g_random_double ();

      vigil_backoff_init (&backoff, 1000, 300000);
      for (guint attempt = 0; attempt < 12; attempt++)
        {
          double base = MIN (1000.0 * (1u << attempt), 300000.0);
          guint delay = vigil_backoff_next (&backoff, r);

          g_assert_cmpuint (delay, >=, (guint) (base * 0.8) - 1);
          g_assert_cmpuint (delay, <=, MIN ((guint) (base * 1.2) + 1, 300000));
        }
    }
}

static void
test_backoff_extremes (void)
{
  VigilBackoff backoff;

  /* random = 0 and → 1 hit the two ends of the ±20 % band */
  vigil_backoff_init (&backoff, 1000, 300000);
  g_assert_cmpuint (vigil_backoff_next (&backoff, 0.0), ==, 800);
  vigil_backoff_init (&backoff, 1000, 300000);
  g_assert_cmpuint (vigil_backoff_next (&backoff, 0.999999), ==, 1199);
  g_assert_cmpuint (vigil_backoff_next (&backoff, 0.5), ==, 2000);
  g_assert_cmpuint (vigil_backoff_next (&backoff, 0.5), ==, 4000);
}

static void
test_backoff_cap_and_reset (void)
{
  VigilBackoff backoff;
  guint delay = 0;

  vigil_backoff_init (&backoff, 1000, 300000);
  for (guint i = 0; i < 200; i++)
    {
      delay = vigil_backoff_next (&backoff, g_random_double ());
      g_assert_cmpuint (delay, <=, 300000);
    }
  /* at the cap, jitter only goes down */
  g_assert_cmpuint (delay, >=, 240000);
  g_assert_cmpuint (vigil_backoff_next (&backoff, 0.999), ==, 300000);

  vigil_backoff_reset (&backoff);
  delay = vigil_backoff_next (&backoff, 0.5);
  g_assert_cmpuint (delay, ==, 1000);

  /* a cap below the initial delay is raised to it */
  vigil_backoff_init (&backoff, 500, 10);
  g_assert_cmpuint (vigil_backoff_next (&backoff, 0.999), <=, 500);
}

/* ---- a scripted source ---- */

typedef enum
{
  MODE_FAIL,       /* transient failure on connect */
  MODE_PERMANENT,  /* permanent failure on connect */
  MODE_LIVE,       /* go live, archive a batch with a cursor */
  MODE_RETRY,      /* 429 with Retry-After: 1 */
} TestMode;

#define TEST_TYPE_SOURCE (test_source_get_type ())
G_DECLARE_FINAL_TYPE (TestSource, test_source, TEST, SOURCE, VigilSource)

struct _TestSource
{
  VigilSource parent_instance;
  TestMode    mode;
  guint       connects;
  guint       disconnects;
};

G_DEFINE_FINAL_TYPE (TestSource, test_source, VIGIL_TYPE_SOURCE)

static void
test_source_connect (VigilSource *source)
{
  TestSource *self = TEST_SOURCE (source);

  self->connects++;
  switch (self->mode)
    {
    case MODE_FAIL:
      vigil_source_fail (source, FALSE, "nope");
      break;
    case MODE_PERMANENT:
      vigil_source_fail (source, TRUE, "wrong URL");
      break;
    case MODE_RETRY:
      vigil_source_retry_after (source, 1, "slow down");
      break;
    case MODE_LIVE:
      {
        g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);

        vigil_source_set_live (source);
        for (guint i = 0; i < 3; i++)
          {
            g_autofree char *id = g_strdup_printf ("test-%u-%u", self->connects, i);
            VigilPost *post = vigil_post_new (VIGIL_PLATFORM_DRILL, id);
            g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

            vigil_post_set_text (post, "hello");
            vigil_post_set_author (post, "tester");
            vigil_post_set_created_at (post, now);
            g_ptr_array_add (posts, post);
          }
        vigil_source_archive (source, posts, "cursor-1");
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_source_disconnect (VigilSource *source)
{
  TEST_SOURCE (source)->disconnects++;
}

static void
test_source_class_init (TestSourceClass *klass)
{
  VIGIL_SOURCE_CLASS (klass)->connect = test_source_connect;
  VIGIL_SOURCE_CLASS (klass)->disconnect = test_source_disconnect;
}

static void
test_source_init (TestSource *self)
{
}

static TestSource *
new_test_source (VigilStore *store,
                 TestMode    mode)
{
  TestSource *source = g_object_new (TEST_TYPE_SOURCE, "id", "test:one", "store", store, NULL);

  source->mode = mode;
  vigil_source_set_backoff (VIGIL_SOURCE (source), 10, 40);

  return source;
}

static gboolean
connected_three_times (gpointer data)
{
  return TEST_SOURCE (data)->connects >= 3;
}

static gboolean
archived_three (gpointer data)
{
  return vigil_source_get_posts_archived (data) >= 3;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GHashTable *seen)
{
  g_hash_table_add (seen, (gpointer) g_intern_string (pspec->name));
}

static void
test_source_transient (void)
{
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(TestSource) source = new_test_source (store, MODE_FAIL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 before = g_get_real_time ();

  g_signal_connect (source, "notify", G_CALLBACK (count_notify_cb), seen);
  vigil_source_start (VIGIL_SOURCE (source));

  g_assert_cmpint (vigil_source_get_state (VIGIL_SOURCE (source)), ==, VIGIL_SOURCE_STATE_BACKING_OFF);
  g_assert_cmpstr (vigil_source_get_message (VIGIL_SOURCE (source)), ==, "nope");
  g_assert_cmpint (vigil_source_get_retry_at (VIGIL_SOURCE (source)), >=, before + 8 * 1000);
  g_assert_cmpint (vigil_source_get_retry_at (VIGIL_SOURCE (source)), <=, g_get_real_time () + 12 * 1000);
  g_assert_true (g_hash_table_contains (seen, "state"));
  g_assert_true (g_hash_table_contains (seen, "message"));
  g_assert_true (g_hash_table_contains (seen, "retry-at"));

  /* it keeps trying, each attempt disconnecting the last */
  g_assert_true (vigil_test_wait_until (connected_three_times, source, 5000));
  g_assert_cmpuint (source->disconnects, >=, 2);

  vigil_source_stop (VIGIL_SOURCE (source));
  g_assert_cmpint (vigil_source_get_state (VIGIL_SOURCE (source)), ==, VIGIL_SOURCE_STATE_STOPPED);
  g_assert_null (vigil_source_get_message (VIGIL_SOURCE (source)));
  g_assert_cmpint (vigil_source_get_retry_at (VIGIL_SOURCE (source)), ==, 0);
}

static void
test_source_permanent (void)
{
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(TestSource) source = new_test_source (store, MODE_PERMANENT);

  vigil_source_start (VIGIL_SOURCE (source));
  g_assert_cmpint (vigil_source_get_state (VIGIL_SOURCE (source)), ==, VIGIL_SOURCE_STATE_FAILED);
  g_assert_cmpstr (vigil_source_get_message (VIGIL_SOURCE (source)), ==, "wrong URL");

  /* no retry is scheduled */
  g_usleep (50 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (source->connects, ==, 1);
  g_assert_cmpint (vigil_source_get_state (VIGIL_SOURCE (source)), ==, VIGIL_SOURCE_STATE_FAILED);

  /* starting again is allowed (the user fixed the URL) */
  source->mode = MODE_FAIL;
  vigil_source_start (VIGIL_SOURCE (source));
  g_assert_cmpuint (source->connects, ==, 2);
  g_assert_cmpint (vigil_source_get_state (VIGIL_SOURCE (source)), ==, VIGIL_SOURCE_STATE_BACKING_OFF);
  vigil_source_stop (VIGIL_SOURCE (source));
}

static void
test_source_retry_after (void)
{
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(TestSource) source = new_test_source (store, MODE_RETRY);
  gint64 before = g_get_real_time ();

  vigil_source_start (VIGIL_SOURCE (source));
  g_assert_cmpint (vigil_source_get_state (VIGIL_SOURCE (source)), ==, VIGIL_SOURCE_STATE_BACKING_OFF);
  g_assert_cmpstr (vigil_source_get_message (VIGIL_SOURCE (source)), ==, "slow down");
  /* the server's 1 s wins over the 10 ms backoff */
  g_assert_cmpint (vigil_source_get_retry_at (VIGIL_SOURCE (source)), >=, before + G_USEC_PER_SEC);
  vigil_source_stop (VIGIL_SOURCE (source));
}

static void
test_source_cursor_after_commit (void)
{
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", NULL);
  g_autoptr(TestSource) source = new_test_source (store, MODE_LIVE);
  g_autofree char *early = NULL;
  g_autofree char *late = NULL;

  vigil_source_start (VIGIL_SOURCE (source));
  g_assert_cmpint (vigil_source_get_state (VIGIL_SOURCE (source)), ==, VIGIL_SOURCE_STATE_LIVE);

  /* handed over, not yet committed: the cursor has not moved */
  early = vigil_store_get_cursor (store, "test:one", NULL);
  g_assert_null (early);
  g_assert_cmpint (vigil_source_get_last_event_at (VIGIL_SOURCE (source)), >, 0);
  g_assert_cmpfloat (vigil_source_get_events_per_minute (VIGIL_SOURCE (source)), ==, 3.0);

  g_assert_true (vigil_test_wait_until (archived_three, source, 5000));
  late = vigil_store_get_cursor (store, "test:one", NULL);
  g_assert_cmpstr (late, ==, "cursor-1");
  g_assert_cmpint (vigil_store_count_posts (store, NULL), ==, 3);

  vigil_source_stop (VIGIL_SOURCE (source));
  g_assert_cmpint (vigil_source_get_state (VIGIL_SOURCE (source)), ==, VIGIL_SOURCE_STATE_STOPPED);
}

static void
test_source_state_strings (void)
{
  g_assert_cmpstr (vigil_source_state_to_string (VIGIL_SOURCE_STATE_BACKING_OFF), ==, "backing-off");
  g_assert_cmpstr (vigil_source_state_to_string (VIGIL_SOURCE_STATE_FAILED), ==, "failed");
  g_assert_true (G_TYPE_IS_ENUM (VIGIL_TYPE_SOURCE_STATE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/backoff/jitter-bounds", test_backoff_jitter_bounds);
  g_test_add_func ("/vigil/backoff/extremes", test_backoff_extremes);
  g_test_add_func ("/vigil/backoff/cap-and-reset", test_backoff_cap_and_reset);
  g_test_add_func ("/vigil/source/transient", test_source_transient);
  g_test_add_func ("/vigil/source/permanent", test_source_permanent);
  g_test_add_func ("/vigil/source/retry-after", test_source_retry_after);
  g_test_add_func ("/vigil/source/cursor-after-commit", test_source_cursor_after_commit);
  g_test_add_func ("/vigil/source/state-strings", test_source_state_strings);

  return g_test_run ();
}
