/* vigil-archive-results.c: a search's results as a lazy GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A million results must scroll: the model holds the ids only (8 bytes
 * each) and reads posts by the page when the list view binds a row. Posts
 * are the store's read connection's, on the calling (GTK) thread: one page
 * is 100 primary-key lookups, well under a frame.
 */
#define G_LOG_DOMAIN "vigil-archive-results"

#include "config.h"

#include <string.h>

#include "vigil-archive-results.h"

#define PAGE_SIZE 100
#define MAX_PAGES 64

struct _VigilArchiveResults
{
  GObject     parent_instance;

  VigilStore *store;
  GArray     *ids;
  GHashTable *pages;   /* page number → GPtrArray of VigilPost */
  GQueue      order;   /* page numbers, oldest first, for eviction */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilArchiveResults, vigil_archive_results, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return VIGIL_TYPE_POST;
}

static guint
get_n_items (GListModel *model)
{
  return VIGIL_ARCHIVE_RESULTS (model)->ids->len;
}

static GPtrArray *
load_page (VigilArchiveResults *self,
           guint                page)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *posts = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  guint first = page * PAGE_SIZE;
  guint n = MIN (PAGE_SIZE, self->ids->len - first);

  if (posts != NULL)
    return posts;
  posts = vigil_store_get_posts (self->store, &g_array_index (self->ids, gint64, first), n, &error);
  if (posts == NULL)
    {
      g_debug ("Could not read results %u–%u: %s", first, first + n, error->message);
      return NULL;
    }
  if (g_queue_get_length (&self->order) >= MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_head (&self->order));
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), posts);
  g_queue_push_tail (&self->order, GUINT_TO_POINTER (page));
  return posts;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VigilArchiveResults *self = VIGIL_ARCHIVE_RESULTS (model);
  GPtrArray *posts;
  gint64 id;

  if (position >= self->ids->len)
    return NULL;
  posts = load_page (self, position / PAGE_SIZE);
  id = g_array_index (self->ids, gint64, position);
  /* a post missing from the page (it can't be, the archive is append-only)
   * becomes an empty placeholder rather than a hole in the list */
  for (guint i = 0; posts != NULL && i < posts->len; i++)
    if (vigil_post_get_id (g_ptr_array_index (posts, i)) == id)
      return g_object_ref (g_ptr_array_index (posts, i));
  return vigil_post_new (VIGIL_PLATFORM_UNKNOWN, "");
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
vigil_archive_results_finalize (GObject *object)
{
  VigilArchiveResults *self = (VigilArchiveResults *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear (&self->order);
  G_OBJECT_CLASS (vigil_archive_results_parent_class)->finalize (object);
}

static void
vigil_archive_results_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VigilArchiveResults *self = VIGIL_ARCHIVE_RESULTS (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_archive_results_class_init (VigilArchiveResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_archive_results_finalize;
  object_class->get_property = vigil_archive_results_get_property;
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_archive_results_init (VigilArchiveResults *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->order);
}

VigilArchiveResults *
vigil_archive_results_new (VigilStore *store)
{
  VigilArchiveResults *self;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);
  self = g_object_new (VIGIL_TYPE_ARCHIVE_RESULTS, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
vigil_archive_results_set_ids (VigilArchiveResults *self,
                               GArray              *ids)
{
  guint removed;

  g_return_if_fail (VIGIL_IS_ARCHIVE_RESULTS (self));
  g_return_if_fail (ids != NULL);

  removed = self->ids->len;
  g_array_unref (self->ids);
  self->ids = g_array_ref (ids);
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->order);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, ids->len);
  if (removed != ids->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

GArray *
vigil_archive_results_get_ids (VigilArchiveResults *self)
{
  g_return_val_if_fail (VIGIL_IS_ARCHIVE_RESULTS (self), NULL);
  return self->ids;
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GArray *ids = vigil_store_search_ids (VIGIL_STORE (source), task_data, &error);

  if (ids == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ids, (GDestroyNotify) g_array_unref);
}

void
vigil_archive_search_async (VigilStore          *store,
                            VigilSearchQuery    *query,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, vigil_archive_search_async);
  g_task_set_task_data (task, vigil_search_query_copy (query), (GDestroyNotify) vigil_search_query_free);
  g_task_run_in_thread (task, search_thread);
}

GArray *
vigil_archive_search_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vigil_archive_search_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- highlighting ------------------------------------------------------ */

static void
append_escaped (GString    *out,
                const char *s,
                gssize      len)
{
  g_autofree char *escaped = g_markup_escape_text (s, len);

  g_string_append (out, escaped);
}

char *
vigil_archive_highlight (const char *text,
                         const char *query,
                         guint       max_chars)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *flat = NULL;
  g_autofree char *lower = NULL;
  const char *start;
  const char *p;
  glong first = -1;

  if (text == NULL)
    return g_strdup ("");
  flat = g_strdup (text);
  g_strdelimit (flat, "\n\r\t", ' ');
  lower = g_utf8_strdown (flat, -1);
  /* strdown can change byte lengths: fall back to plain text then */
  if (strlen (lower) != strlen (flat))
    g_clear_pointer (&lower, g_free);

  words = query ? g_strsplit_set (query, " \t\"*()", -1) : g_new0 (char *, 1);
  for (guint i = 0; lower && words[i]; i++)
    {
      g_autofree char *w = g_utf8_strdown (words[i], -1);
      const char *hit;

      if (g_utf8_strlen (w, -1) < 2 || g_str_equal (words[i], "OR") || g_str_equal (words[i], "NOT"))
        continue;
      hit = strstr (lower, w);
      if (hit && (first < 0 || hit - lower < first))
        first = hit - lower;
    }

  start = flat;
  if (first > 0 && g_utf8_strlen (flat, first) > 24)
    {
      start = g_utf8_offset_to_pointer (flat + first, -(glong) MIN (12, (guint) g_utf8_strlen (flat, first)));
      g_string_append (out, "…");
    }

  for (p = start; *p && g_utf8_pointer_to_offset (start, p) < (glong) max_chars; )
    {
      gsize best_len = 0;

      for (guint i = 0; lower && words[i]; i++)
        {
          g_autofree char *w = g_utf8_strdown (words[i], -1);
          gsize len = strlen (w);

          if (g_utf8_strlen (w, -1) >= 2 && !g_str_equal (words[i], "OR") && !g_str_equal (words[i], "NOT")
              && strncmp (lower + (p - flat), w, len) == 0 && len > best_len)
            best_len = len;
        }
      if (best_len > 0)
        {
          g_string_append (out, "<b>");
          append_escaped (out, p, best_len);
          g_string_append (out, "</b>");
          p += best_len;
        }
      else
        {
          const char *next = g_utf8_next_char (p);
          append_escaped (out, p, next - p);
          p = next;
        }
    }
  if (*p)
    g_string_append (out, "…");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
