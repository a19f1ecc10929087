/* test-context.c: VigilContext owns the core, hosts services, keeps time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "vigil-context.h"
#include "vigil-memory-credential-store.h"

/* A feature service, as triage or templates register one. */
#define TEST_TYPE_SERVICE (test_service_get_type ())
G_DECLARE_FINAL_TYPE (TestService, test_service, TEST, SERVICE, GObject)

struct _TestService
{
  GObject       parent_instance;
  VigilContext *context;   /* not owned */
};

G_DEFINE_FINAL_TYPE (TestService, test_service, G_TYPE_OBJECT)

static void
test_service_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TEST_SERVICE (object)->context = g_value_get_object (value);
}

static void
test_service_class_init (TestServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->set_property = test_service_set_property;
  g_object_class_install_property (G_OBJECT_CLASS (klass), 1,
                                   g_param_spec_object ("context", NULL, NULL, VIGIL_TYPE_CONTEXT,
                                                        G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                        G_PARAM_STATIC_STRINGS));
}

static void
test_service_init (TestService *self)
{
}

static VigilContext *
new_context (VigilContextOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  VigilContextOptions defaults = { 0 };
  VigilContext *context;

  g_assert_no_error (error);
  if (options == NULL)
    options = &defaults;
  options->credentials = credentials;
  options->no_sources = TRUE;
  context = vigil_context_new_for_store (store, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (context);
  return context;
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_owns (void)
{
  g_autoptr(VigilContext) context = NULL;
  guint notified = 0;

  g_setenv ("VIGIL_ACTOR", "Ada Lovelace", TRUE);
  context = new_context (NULL);
  g_assert_true (VIGIL_IS_STORE (vigil_context_get_store (context)));
  g_assert_true (SOUP_IS_SESSION (vigil_context_get_session (context)));
  g_assert_true (VIGIL_IS_SOURCE_MANAGER (vigil_context_get_source_manager (context)));
  g_assert_true (VIGIL_IS_WATCH_LIST (vigil_context_get_watches (context)));
  g_assert_true (VIGIL_IS_ANNOTATOR (vigil_context_get_annotator (context)));
  g_assert_true (VIGIL_IS_ALERT_MONITOR (vigil_context_get_alert_monitor (context)));
  g_assert_true (VIGIL_IS_MEMORY_CREDENTIAL_STORE (vigil_context_get_credentials (context)));
  g_assert_false (vigil_context_get_demo (context));

  /* who acts: from the environment, then set; notified on real change only */
  g_assert_cmpstr (vigil_context_get_actor (context), ==, "Ada Lovelace");
  g_signal_connect (context, "notify::actor", G_CALLBACK (on_notify_cb), &notified);
  vigil_context_set_actor (context, "Grace Hopper");
  vigil_context_set_actor (context, "Grace Hopper");
  g_assert_cmpstr (vigil_context_get_actor (context), ==, "Grace Hopper");
  g_assert_cmpuint (notified, ==, 1);
  g_unsetenv ("VIGIL_ACTOR");

  /* shutting down twice is fine, and so is disposing after it */
  vigil_context_shutdown (context);
  vigil_context_shutdown (context);
}

static gint64
fixed_clock (gpointer user_data)
{
  return *(gint64 *) user_data;
}

static void
test_clock (void)
{
  g_autoptr(VigilContext) context = new_context (NULL);
  gint64 now = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC;
  gint64 before = g_get_real_time ();

  g_assert_cmpint (vigil_context_now_us (context), >=, before);
  vigil_context_set_clock (context, fixed_clock, &now);
  g_assert_cmpint (vigil_context_now_us (context), ==, now);
  now += G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  g_assert_cmpint (vigil_context_now_us (context), ==, G_GINT64_CONSTANT (1700003600) * G_USEC_PER_SEC);
  vigil_context_set_clock (context, NULL, NULL);
  g_assert_cmpint (vigil_context_now_us (context), >=, before);
}

static void
test_services (void)
{
  VigilContext *context = new_context (NULL);
  TestService *service;

  g_assert_null (vigil_context_peek_service (context, TEST_TYPE_SERVICE));
  service = vigil_context_ensure_service (context, TEST_TYPE_SERVICE);
  g_assert_true (TEST_IS_SERVICE (service));
  g_assert_true (service->context == context);
  g_assert_true (vigil_context_ensure_service (context, TEST_TYPE_SERVICE) == service);
  g_assert_true (vigil_context_peek_service (context, TEST_TYPE_SERVICE) == service);

  /* the context owns it: both go together */
  g_object_add_weak_pointer (G_OBJECT (service), (gpointer *) &service);
  g_assert_finalize_object (context);
  g_assert_null (service);
}

static void
test_classifies (void)
{
  g_autoptr(VigilContext) context = new_context (NULL);
  g_autoptr(VigilWatch) watch = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  VigilStore *store = vigil_context_get_store (context);
  VigilPost *post;
  gint64 id;

  /* the annotator follows the context's watch list */
  watch = vigil_watch_new ("Kettles", "kettle*", "#e01b24", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_watch_list_add (vigil_context_get_watches (context), watch, &error));
  g_assert_no_error (error);

  post = vigil_post_new (VIGIL_PLATFORM_MASTODON, "1");
  vigil_post_set_text (post, "My kettle is broken and I want a refund. Terrible service!");
  g_ptr_array_add (posts, post);
  g_assert_true (vigil_store_insert (store, posts, NULL, &error));
  g_assert_no_error (error);

  id = vigil_post_get_id (post);
  read = vigil_store_get_posts (store, &id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 1);
  post = g_ptr_array_index (read, 0);
  g_assert_nonnull (vigil_post_get_watches (post));
  g_assert_cmpstr (vigil_post_get_watches (post)[0], ==, "Kettles");
  g_assert_cmpint (vigil_post_get_sentiment (post), ==, VIGIL_SENTIMENT_NEGATIVE);
}

static void
test_no_classify (void)
{
  VigilContextOptions options = { .no_classify = TRUE };
  g_autoptr(VigilContext) context = new_context (&options);

  g_assert_null (vigil_context_get_annotator (context));
  g_assert_true (VIGIL_IS_ALERT_MONITOR (vigil_context_get_alert_monitor (context)));
}

static void
test_demo (void)
{
  VigilContextOptions options = { .demo = TRUE };
  g_autoptr(VigilContext) context = new_context (&options);
  VigilWatchList *watches = vigil_context_get_watches (context);

  g_assert_true (vigil_context_get_demo (context));
  g_assert_cmpuint (vigil_watch_list_get_n_watches (watches), ==, 3);
}

static void
test_watch_file_must_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(VigilContext) context = NULL;
  VigilContextOptions options = { .no_sources = TRUE, .db = ":memory:" };
  int fd;

  fd = g_file_open_tmp ("vigil-watches-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (fd, "{not json", 9), ==, 9);
  close (fd);

  options.watches_path = path;
  context = vigil_context_new (&options, &error);
  g_assert_null (context);
  g_assert_nonnull (error);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/context/owns", test_owns);
  g_test_add_func ("/vigil/context/clock", test_clock);
  g_test_add_func ("/vigil/context/services", test_services);
  g_test_add_func ("/vigil/context/classifies", test_classifies);
  g_test_add_func ("/vigil/context/no-classify", test_no_classify);
  g_test_add_func ("/vigil/context/demo", test_demo);
  g_test_add_func ("/vigil/context/watch-file-must-load", test_watch_file_must_load);

  return g_test_run ();
}
