/* test-archive-page.c: the Archive page under a display: the filters (in
 * the bar and the "More Filters" popover), a post's history and thread,
 * the access log for the compliance role only, the context's actor, and a
 * width that fits 800 px
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-archive-page"

#include "config.h"

#include "gui-test-util.h"

#include <string.h>

#include "vigil-access-log-window.h"
#include "vigil-archive.h"
#include "vigil-archive-page.h"
#include "vigil-retention-group.h"

static VigilApplication *app;

typedef struct
{
  VigilStore       *store;
  VigilWindow      *window;
  VigilContext     *context;
  VigilArchivePage *page;
  gint64            ids[6];
} Fixture;

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->page), VIGIL_TYPE_ARCHIVE_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static VigilPost *
make_post (const char    *remote_id,
           VigilPlatform  platform,
           const char    *text,
           guint          hour,
           const char    *tags,
           const char    *watches,
           const char    *categories)
{
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 20, hour, 0, 0);
  g_auto(GStrv) t = tags ? g_strsplit (tags, ",", -1) : NULL;
  g_auto(GStrv) w = watches ? g_strsplit (watches, ",", -1) : NULL;
  g_auto(GStrv) c = categories ? g_strsplit (categories, ",", -1) : NULL;
  VigilPost *post = vigil_post_new (platform, remote_id);

  vigil_post_set_author (post, "mira@social.example");
  vigil_post_set_author_name (post, "Mira Okafor");
  vigil_post_set_text (post, text);
  vigil_post_set_created_at (post, created);
  vigil_post_set_tags (post, (const char * const *) t);
  vigil_post_set_sentiment (post, 0, VIGIL_SENTIMENT_NEUTRAL);
  vigil_post_set_watches (post, (const char * const *) w);
  vigil_post_set_categories (post, (const char * const *) c);
  return post;
}

static void
fixture_init (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VigilWatchList) watches = vigil_watch_list_new ();
  g_autoptr(VigilWatch) kettles = vigil_watch_new ("Kettles", "kettle", NULL, FALSE, &error);
  g_autoptr(VigilWatch) refunds = vigil_watch_new ("Refunds", "refund", NULL, FALSE, &error);
  VigilPost *post;

  g_assert_true (vigil_watch_list_add (watches, kettles, &error));
  g_assert_true (vigil_watch_list_add (watches, refunds, &error));
  f->store = vigil_store_open (":memory:", &error);
  g_assert_no_error (error);

  g_ptr_array_add (posts, make_post ("1", VIGIL_PLATFORM_MASTODON, "The kettle lid burned me. @northwind see "
                                     "https://photos.example/lid", 8, "kettle", "Kettles",
                                     "customer-service.complaint"));
  post = make_post ("2", VIGIL_PLATFORM_MASTODON, "@mira so sorry, please DM us your serial number", 9, NULL,
                    NULL, NULL);
  vigil_post_set_parent_id (post, "1");
  g_ptr_array_add (posts, post);
  g_ptr_array_add (posts, make_post ("3", VIGIL_PLATFORM_BLUESKY, "Refund please, the Aurora leaks", 10,
                                     "refund", "Refunds", "customer-service.refund"));
  g_ptr_array_add (posts, make_post ("4", VIGIL_PLATFORM_BLUESKY, "Our statement on the recall", 11, "recall",
                                     "Kettles", "pr"));
  g_assert_true (vigil_store_insert (f->store, posts, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < posts->len; i++)
    f->ids[i] = vigil_post_get_id (g_ptr_array_index (posts, i));

  /* post 4 is edited, post 3 deleted */
  post = vigil_post_new (VIGIL_PLATFORM_BLUESKY, "4");
  vigil_post_set_event (post, VIGIL_POST_EVENT_EDIT);
  vigil_post_set_text (post, "Our statement on the recall. UPDATE: stop using the kettle");
  g_ptr_array_add (events, post);
  post = vigil_post_new (VIGIL_PLATFORM_BLUESKY, "3");
  vigil_post_set_event (post, VIGIL_POST_EVENT_DELETE);
  g_ptr_array_add (events, post);
  g_assert_true (vigil_store_insert (f->store, events, NULL, &error));

  f->window = gui_test_window_new (app, f->store, watches, NULL);
  f->context = vigil_window_get_context (f->window);
  vigil_context_set_actor (f->context, "ana");
  f->page = VIGIL_ARCHIVE_PAGE (find_descendant (GTK_WIDGET (f->window), VIGIL_TYPE_ARCHIVE_PAGE));
  g_assert_nonnull (f->page);
  g_assert_true (vigil_archive_page_get_context (f->page) == f->context);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_clear (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  drain_main_loop ();
  g_clear_object (&f->store);
}

typedef struct
{
  Fixture    *f;
  const char *count;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *wait = data;
  GtkLabel *label = child (wait->f, "count_label");

  return g_strcmp0 (gtk_label_get_label (label), wait->count) == 0;
}

static void
wait_count (Fixture    *f,
            const char *count)
{
  CountWait wait = { f, count };
  g_autofree char *what = g_strdup_printf ("the page to count “%s”", count);

  wait_for (count_is, &wait, what);
}

static guint
count_access (Fixture    *f,
              const char *action,
              const char *actor)
{
  g_autoptr(GPtrArray) all = vigil_store_list_access (f->store, 0, 0, 0, NULL);
  guint n = 0;

  for (guint i = 0; i < all->len; i++)
    {
      VigilAccessEntry *e = g_ptr_array_index (all, i);
      n += g_str_equal (e->action, action) && g_str_equal (e->actor, actor);
    }
  return n;
}

static void
test_filters (void)
{
  Fixture f = { 0 };

  fixture_init (&f);
  wait_count (&f, "4 posts");

  /* the popover's filters, each, then together; the button counts them */
  gtk_editable_set_text (GTK_EDITABLE (child (&f, "tag_entry")), "#refund");
  wait_count (&f, "1 post");
  g_assert_cmpstr (gtk_menu_button_get_label (child (&f, "filters_button")), ==, "More Filters (1)");
  gtk_editable_set_text (GTK_EDITABLE (child (&f, "tag_entry")), "");
  gtk_editable_set_text (GTK_EDITABLE (child (&f, "mention_entry")), "@northwind");
  wait_count (&f, "1 post");
  gtk_editable_set_text (GTK_EDITABLE (child (&f, "mention_entry")), "");
  gtk_editable_set_text (GTK_EDITABLE (child (&f, "link_entry")), "photos.example");
  wait_count (&f, "1 post");
  gtk_editable_set_text (GTK_EDITABLE (child (&f, "link_entry")), "");
  wait_count (&f, "4 posts");

  /* the watch dropdown lists the context's watches */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (child (&f, "watch_dropdown"))), ==, 3);
  gtk_drop_down_set_selected (child (&f, "watch_dropdown"), 1);   /* Kettles */
  wait_count (&f, "2 posts");
  gtk_drop_down_set_selected (child (&f, "platform_dropdown"), 2);  /* Bluesky */
  wait_count (&f, "1 post");
  gtk_drop_down_set_selected (child (&f, "platform_dropdown"), 0);
  wait_count (&f, "2 posts");
  gtk_check_button_set_active (child (&f, "edited_toggle"), TRUE);
  wait_count (&f, "1 post");
  g_assert_cmpstr (gtk_menu_button_get_label (child (&f, "filters_button")), ==, "More Filters (2)");
  g_signal_emit_by_name (child (&f, "clear_button"), "clicked");
  wait_count (&f, "4 posts");
  g_assert_cmpstr (gtk_menu_button_get_label (child (&f, "filters_button")), ==, "More Filters");

  /* category: a role's, then deleted only */
  {
    GtkDropDown *categories = child (&f, "category_dropdown");
    GListModel *labels = gtk_drop_down_get_model (categories);
    guint customer_service = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "Customer service"))
        customer_service = i;
    g_assert_cmpuint (customer_service, !=, GTK_INVALID_LIST_POSITION);
    gtk_drop_down_set_selected (categories, customer_service);
    wait_count (&f, "2 posts");
    gtk_check_button_set_active (child (&f, "deleted_toggle"), TRUE);
    wait_count (&f, "1 post");
  }
  /* every search was logged as the context's actor */
  g_assert_cmpuint (count_access (&f, "search", "ana"), >, 5);
  fixture_clear (&f);
}

static gboolean
history_shown (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_first_child (GTK_WIDGET (child (f, "history_box"))) != NULL;
}

/* the labels of a box, joined by " | " */
static char *
box_text (GtkWidget *box)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (GtkWidget *w = gtk_widget_get_first_child (box); w; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w))
      g_string_append_printf (out, "%s%s", out->len ? " | " : "", gtk_label_get_text (GTK_LABEL (w)));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
select_post (Fixture *f,
             gint64   id)
{
  GtkColumnView *view = child (f, "column_view");
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VigilPost) post = g_list_model_get_item (model, i);

      if (vigil_post_get_id (post) == id)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), i, TRUE);
          wait_for (history_shown, f, "the history pane");
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_history_and_thread (void)
{
  Fixture f = { 0 };
  g_autofree char *history = NULL;
  g_autofree char *thread = NULL;

  fixture_init (&f);
  wait_count (&f, "4 posts");

  /* the edited post: both versions' text */
  select_post (&f, f.ids[3]);
  history = box_text (child (&f, "history_box"));
  g_test_message ("history: %s", history);
  g_assert_nonnull (strstr (history, "Posted "));
  g_assert_nonnull (strstr (history, "| Our statement on the recall |"));
  g_assert_nonnull (strstr (history, "Edited · seen"));
  g_assert_nonnull (strstr (history, "UPDATE: stop using the kettle"));
  g_clear_pointer (&history, g_free);

  /* the deleted post: its deletion, marked */
  select_post (&f, f.ids[2]);
  history = box_text (child (&f, "history_box"));
  g_assert_nonnull (strstr (history, "Deleted by its author"));
  g_assert_true (gtk_widget_has_css_class (child (&f, "detail_flags"), "error"));

  /* the reply: its parent in the thread, the view logged with it */
  select_post (&f, f.ids[1]);
  thread = box_text (child (&f, "thread_box"));
  g_test_message ("thread: %s", thread);
  g_assert_nonnull (strstr (thread, "In reply to mira@social.example"));
  g_assert_nonnull (strstr (thread, "The kettle lid burned me"));
  g_assert_cmpuint (count_access (&f, "view", "ana"), ==, 3);
  fixture_clear (&f);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* borrowed */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
    }
  return NULL;
}

static void
append_role (VigilStore *store,
             const char *id,
             const char *body)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_store_append_record (store, "role", id, VIGIL_RECORD_ANY_VERSION, "admin", 0, body,
                                            NULL, &error));
}

static void
test_access_log_gate (void)
{
  Fixture f = { 0 };
  GtkWindow *w;

  fixture_init (&f);
  wait_count (&f, "4 posts");

  /* no team yet: the owner reads it */
  g_signal_emit_by_name (child (&f, "access_log_button"), "clicked");
  w = find_toplevel (VIGIL_TYPE_ACCESS_LOG_WINDOW);
  g_assert_nonnull (w);
  gtk_window_destroy (w);
  g_assert_cmpuint (count_access (&f, "access-log", "ana"), ==, 1);

  /* a team in which ana is not in Compliance: refused, explained, logged */
  append_role (f.store, "triage", "{\"members\":[\"bo\"]}");
  g_signal_emit_by_name (child (&f, "access_log_button"), "clicked");
  g_assert_null (find_toplevel (VIGIL_TYPE_ACCESS_LOG_WINDOW));
  w = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (w);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)), "Compliance"));
  gtk_window_destroy (w);
  g_assert_cmpuint (count_access (&f, "access-log-refused", "ana"), ==, 1);

  /* ana joins Compliance: she reads it */
  append_role (f.store, "compliance", "{\"members\":[\"ana\"]}");
  g_signal_emit_by_name (child (&f, "access_log_button"), "clicked");
  w = find_toplevel (VIGIL_TYPE_ACCESS_LOG_WINDOW);
  g_assert_nonnull (w);
  gtk_window_destroy (w);
  g_assert_cmpuint (count_access (&f, "access-log", "ana"), ==, 2);
  fixture_clear (&f);
}

/* The page, popover closed, fits a window 800 px wide. */
static void
test_narrow (void)
{
  Fixture f = { 0 };
  int page_min = 0, window_min = 0;

  fixture_init (&f);
  wait_count (&f, "4 posts");
  gtk_widget_measure (GTK_WIDGET (f.page), GTK_ORIENTATION_HORIZONTAL, -1, &page_min, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (f.window), GTK_ORIENTATION_HORIZONTAL, -1, &window_min, NULL, NULL, NULL);
  g_test_message ("minimum width: the Archive page %d px, the window %d px", page_min, window_min);
  /* what else sets the window's minimum (the view stack is homogeneous) */
  {
    GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (f.page), ADW_TYPE_VIEW_STACK);

    for (GtkWidget *w = stack ? gtk_widget_get_first_child (stack) : NULL; w; w = gtk_widget_get_next_sibling (w))
      {
        int min = 0;

        gtk_widget_measure (w, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
        g_test_message ("  %s: %d px", G_OBJECT_TYPE_NAME (gtk_widget_get_first_child (w) ? gtk_widget_get_first_child (w) : w), min);
      }
  }
  g_assert_cmpint (page_min, <=, 800);
  fixture_clear (&f);
}

/* The Preferences' retention group writes retention-days. */
static void
test_retention_group (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.vigilapp.Vigil");
  GtkWidget *group = g_object_ref_sink (vigil_retention_group_new ());
  GtkSpinButton *mastodon = GTK_SPIN_BUTTON (gtk_widget_get_template_child (group, VIGIL_TYPE_RETENTION_GROUP,
                                                                            "mastodon_spin"));
  g_autoptr(GVariant) value = NULL;
  g_autofree char *printed = NULL;

  g_assert_cmpfloat (gtk_spin_button_get_value (mastodon), ==, 0);   /* off by default */
  gtk_spin_button_set_value (mastodon, 365);
  value = g_settings_get_value (settings, "retention-days");
  printed = g_variant_print (value, FALSE);
  g_assert_cmpstr (printed, ==, "{'mastodon': 365}");
  g_settings_reset (settings, "retention-days");
  g_assert_cmpfloat (gtk_spin_button_get_value (mastodon), ==, 0);
  g_object_unref (group);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestArchivePage");
  if (app == NULL)
    return 0;

  g_test_add_func ("/vigil/archive-page/filters", test_filters);
  g_test_add_func ("/vigil/archive-page/history-and-thread", test_history_and_thread);
  g_test_add_func ("/vigil/archive-page/access-log-gate", test_access_log_gate);
  g_test_add_func ("/vigil/archive-page/narrow", test_narrow);
  g_test_add_func ("/vigil/archive-page/retention-group", test_retention_group);

  ret = g_test_run ();
  gui_test_finish (g_steal_pointer (&app));
  return ret;
}
