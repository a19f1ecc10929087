/* test-archive-filters.c: the Archive page's filters, alone and combined
 *
 * Hashtag, mention, link, watch and category (the filters the page added),
 * each alone, and combined with text, platform, type, deleted-only and
 * each other; the export of a filtered search holds exactly its results.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "vigil-archive.h"
#include "vigil-archive-export.h"

typedef struct
{
  const char    *id;
  VigilPlatform  platform;
  const char    *text;
  const char    *tags;       /* comma-separated */
  const char    *watches;
  const char    *categories;
  const char    *parent;
} Fixture;

/* newest last (created one hour apart) */
static const Fixture fixtures[] = {
  { "1", VIGIL_PLATFORM_MASTODON, "The kettle leaks. @support please help https://shop.example/kettle/k2",
    "kettle,refund", "Kettles", "customer-service.refund", NULL },
  { "2", VIGIL_PLATFORM_MASTODON, "Replying: climate talk with @alice about the kettle", "climate", NULL, NULL, "1" },
  { "3", VIGIL_PLATFORM_BLUESKY, "Refund now! see shop.example/terms for the support rules",
    "refund", "Refunds", "customer-service", NULL },
  { "4", VIGIL_PLATFORM_BLUESKY, "alice wrote about support, no mention here", "climatechange", "Kettles",
    "legal.defamation", NULL },
  { "5", VIGIL_PLATFORM_FEED, "Press: the kettle recall https://news.example/recall", "kettle", "Kettles,Refunds",
    "pr", NULL },
};

static gint64 ids[G_N_ELEMENTS (fixtures)];

static GStrv
split (const char *list)
{
  return list ? g_strsplit (list, ",", -1) : NULL;
}

static VigilStore *
make_store (void)
{
  g_autoptr(GError) error = NULL;
  VigilStore *store = vigil_store_open (":memory:", &error);
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) deletion = g_ptr_array_new_with_free_func (g_object_unref);
  VigilPost *gone;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      const Fixture *f = &fixtures[i];
      VigilPost *post = vigil_post_new (f->platform, f->id);
      g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 20, 8 + i, 0, 0);
      g_auto(GStrv) tags = split (f->tags);
      g_auto(GStrv) watches = split (f->watches);
      g_auto(GStrv) categories = split (f->categories);

      vigil_post_set_author (post, "someone@social.example");
      vigil_post_set_text (post, f->text);
      vigil_post_set_created_at (post, created);
      vigil_post_set_tags (post, (const char * const *) tags);
      vigil_post_set_parent_id (post, f->parent);
      /* classified: the store saves the annotations as they are */
      vigil_post_set_sentiment (post, 0, VIGIL_SENTIMENT_NEUTRAL);
      vigil_post_set_watches (post, (const char * const *) watches);
      vigil_post_set_categories (post, (const char * const *) categories);
      g_ptr_array_add (posts, post);
    }
  g_assert_true (vigil_store_insert (store, posts, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    ids[i] = vigil_post_get_id (g_ptr_array_index (posts, i));

  /* post 3 is deleted by its author */
  gone = vigil_post_new (VIGIL_PLATFORM_BLUESKY, "3");
  vigil_post_set_event (gone, VIGIL_POST_EVENT_DELETE);
  g_ptr_array_add (deletion, gone);
  g_assert_true (vigil_store_insert (store, deletion, NULL, &error));
  return store;
}

/* the fixture ids ("1", "3") of the matches, newest first, as "5 3 1" */
static char *
search (VigilStore       *store,
        VigilSearchQuery *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = vigil_store_search_ids (store, query, &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    for (guint j = 0; j < G_N_ELEMENTS (fixtures); j++)
      if (ids[j] == g_array_index (found, gint64, i))
        g_string_append_printf (out, "%s%s", out->len ? " " : "", fixtures[j].id);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ASSERT_FINDS(store, query, expected) \
  G_STMT_START { g_autofree char *got_ = search (store, query); g_assert_cmpstr (got_, ==, expected); } G_STMT_END

static void
test_each_alone (void)
{
  g_autoptr(VigilStore) store = make_store ();
  g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();

  ASSERT_FINDS (store, q, "5 4 3 2 1");

  /* hashtag: the tag, not the word in the text, not a longer tag */
  q->tag = g_strdup ("#climate");
  ASSERT_FINDS (store, q, "2");
  g_free (q->tag);
  q->tag = g_strdup ("KETTLE");
  ASSERT_FINDS (store, q, "5 1");
  g_clear_pointer (&q->tag, g_free);

  /* mention: "@alice", not the name alone */
  q->mention = g_strdup ("@alice");
  ASSERT_FINDS (store, q, "2");
  g_free (q->mention);
  q->mention = g_strdup ("support");
  ASSERT_FINDS (store, q, "1");
  g_clear_pointer (&q->mention, g_free);

  /* link: a part of a URL, ignoring case */
  q->link = g_strdup ("shop.example");
  ASSERT_FINDS (store, q, "3 1");
  g_free (q->link);
  q->link = g_strdup ("Shop.Example/kettle");
  ASSERT_FINDS (store, q, "1");
  g_free (q->link);
  q->link = g_strdup ("shop.example/kettle/k");   /* ends inside a word of the URL */
  ASSERT_FINDS (store, q, "1");
  g_free (q->link);
  q->link = g_strdup ("https://news.example/recall");
  ASSERT_FINDS (store, q, "5");
  g_clear_pointer (&q->link, g_free);

  /* watch: the exact name */
  q->watch = g_strdup ("Kettles");
  ASSERT_FINDS (store, q, "5 4 1");
  g_free (q->watch);
  q->watch = g_strdup ("Kettle");
  ASSERT_FINDS (store, q, "");
  g_clear_pointer (&q->watch, g_free);

  /* category: the role's, or one category */
  q->category = g_strdup ("customer-service");
  ASSERT_FINDS (store, q, "3 1");
  g_free (q->category);
  q->category = g_strdup ("customer-service.refund");
  ASSERT_FINDS (store, q, "1");
  g_clear_pointer (&q->category, g_free);
  g_assert_true (vigil_search_query_is_empty (q));
}

static void
test_combined (void)
{
  g_autoptr(VigilStore) store = make_store ();
  g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
  g_autoptr(VigilSearchQuery) copy = NULL;

  /* watch + platform */
  q->watch = g_strdup ("Kettles");
  q->platform = VIGIL_PLATFORM_BLUESKY;
  ASSERT_FINDS (store, q, "4");
  q->platform = VIGIL_PLATFORM_UNKNOWN;

  /* watch + text + hashtag */
  q->text = g_strdup ("kettle");
  ASSERT_FINDS (store, q, "5 1");
  q->tag = g_strdup ("refund");
  ASSERT_FINDS (store, q, "1");
  g_clear_pointer (&q->watch, g_free);
  g_clear_pointer (&q->text, g_free);

  /* hashtag + category + deleted only */
  q->category = g_strdup ("customer-service");
  ASSERT_FINDS (store, q, "3 1");
  q->deleted_only = TRUE;
  ASSERT_FINDS (store, q, "3");
  q->deleted_only = FALSE;
  g_clear_pointer (&q->tag, g_free);
  g_clear_pointer (&q->category, g_free);

  /* mention + type */
  q->mention = g_strdup ("alice");
  q->type = VIGIL_SEARCH_TYPE_REPLY;
  ASSERT_FINDS (store, q, "2");
  q->type = VIGIL_SEARCH_TYPE_POST;
  ASSERT_FINDS (store, q, "");
  q->type = VIGIL_SEARCH_TYPE_ANY;

  /* mention + link + author: nothing has all three… */
  q->link = g_strdup ("shop.example");
  ASSERT_FINDS (store, q, "");
  g_clear_pointer (&q->mention, g_free);
  /* …link + author + sort by author */
  q->author = g_strdup ("@someone@social.example");
  q->order = VIGIL_SEARCH_ORDER_AUTHOR;
  ASSERT_FINDS (store, q, "3 1");

  /* a copy filters the same */
  q->tag = g_strdup ("refund");
  copy = vigil_search_query_copy (q);
  ASSERT_FINDS (store, copy, "3 1");
}

/* The export of a filtered search holds exactly the search's posts, and
 * its description names the filters. */
static void
test_export_filtered (void)
{
  g_autoptr(VigilStore) store = make_store ();
  g_autoptr(VigilSearchQuery) q = vigil_search_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("vigil-filters-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.json", NULL);
  g_autofree char *manifest = g_strconcat (path, ".manifest.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_autofree char *description = NULL;

  q->watch = g_strdup ("Kettles");
  q->tag = g_strdup ("kettle");
  q->mention = NULL;
  q->link = g_strdup ("example");
  q->category = g_strdup ("pr");
  description = vigil_archive_export_describe (q);
  g_assert_nonnull (strstr (description, "watch=Kettles"));
  g_assert_nonnull (strstr (description, "tag=kettle"));
  g_assert_nonnull (strstr (description, "link=example"));
  g_assert_nonnull (strstr (description, "category=pr"));
  g_assert_cmpint (vigil_archive_export (store, q, file, VIGIL_EXPORT_FORMAT_JSON, "ana", NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "kettle recall"));
  g_assert_null (strstr (contents, "The kettle leaks"));
  g_unlink (path);
  g_unlink (manifest);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/archive/filters/each-alone", test_each_alone);
  g_test_add_func ("/vigil/archive/filters/combined", test_combined);
  g_test_add_func ("/vigil/archive/filters/export-filtered", test_export_filtered);

  return g_test_run ();
}
