/* vigil-post-list-model.c: a GListModel of VigilPost that pages from the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Positions count from the newest arrival. Internally an item is known by
 * its ordinal, counted from the OLDEST (ordinal = n_items - 1 - position),
 * so that new posts arriving at the top leave the ordinals, and so the
 * cached pages, of everything already shown unchanged.
 *
 *  - no query, "dense" archive: the archive is append-only and ids are
 *    handed out one by one, so ordinal o is post id o + 1 and nothing but
 *    the count is held. This is checked (count == last id); if it ever does
 *    not hold, the model falls back to an id array.
 *  - a query (or a non-dense archive): the matching ids, oldest first.
 *    Only the first FIRST_PAGE of them are read when the query is set (the
 *    store answers that without reading every match); every match is read
 *    afterwards in a worker thread and appended below, so setting a query
 *    costs the same on a million posts as on a hundred. Until then the
 *    model is not "complete".
 *
 * Posts are fetched a page (PAGE_SIZE posts) at a time and at most
 * MAX_PAGES pages are kept, least recently used dropped first.
 *
 * What arrives is taken in off the GTK thread: the store's "changed" starts
 * a coalescing timeout, whose queries run in a GTask thread (the store's
 * reads are thread-safe); the result is applied on the main thread unless a
 * new query was set meanwhile (a generation number tells). Changes during a
 * refresh start another one when it ends.
 */
#define G_LOG_DOMAIN "vigil-post-list-model"

#include "config.h"

#include <string.h>

#include "vigil-post-list-model.h"

#define PAGE_SIZE   100
#define MAX_PAGES   8
#define COALESCE_MS 200
#define FIRST_PAGE  PAGE_SIZE
#define COUNT_CAP   10000

typedef struct
{
  guint      index;     /* ordinals [index * PAGE_SIZE, index * PAGE_SIZE + posts->len) */
  GPtrArray *posts;     /* a NULL entry: the post could not be read */
  guint64    stamp;     /* last use, for LRU */
} Page;

struct _VigilPostListModel
{
  GObject           parent_instance;

  VigilStore       *store;
  VigilSearchQuery *query;      /* NULL: everything */

  GArray           *ids;        /* gint64, oldest first; NULL when dense */
  guint             n_items;
  gint64            last_id;    /* highest archive id taken in */

  GPtrArray        *pages;      /* Page*, at most MAX_PAGES */
  guint64           clock;

  gulong            changed_id;
  GSource          *flush_source;   /* the coalescing timeout, while one runs */
  gboolean          pending_added;
  gboolean          pending_events;
  guint             generation;     /* bumped by set_query: older refreshes are dropped */
  GCancellable     *refreshing;     /* while a refresh runs */
  gboolean          complete;       /* every match is in ids (dense: always) */
  gboolean          stale;          /* no state read yet (read on first use) */
  guint             full_id;        /* the idle that starts reading every match */
  guint             ids_id;         /* the idle that starts listing the ids (not dense) */
  gint64            bound;          /* see vigil_post_list_model_get_bounded_count() */
  gboolean          bound_exact;
  gboolean          loading;        /* a new query's first page is read in a worker */
  GError           *query_error;    /* why the last query failed, once loaded */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilPostListModel, vigil_post_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_COMPLETE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (gpointer data)
{
  Page *page = data;

  g_ptr_array_unref (page->posts);
  g_free (page);
}

static void
drop_pages (VigilPostListModel *self)
{
  g_ptr_array_set_size (self->pages, 0);
}

/* The state the model shows: what a (re)load computes before it is swapped in. */
typedef struct
{
  GArray  *ids;
  guint    n_items;
  gint64   last_id;
  gboolean complete;
  gint64   bound;       /* not complete: matches counted up to COUNT_CAP (-1: unknown) */
  gboolean bound_exact;
} State;

static void
state_clear (State *state)
{
  g_clear_pointer (&state->ids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (State, state_clear)

static void
reverse_ids (GArray *ids)
{
  for (guint i = 0, j = ids->len; i + 1 < j; i++, j--)
    {
      gint64 tmp = g_array_index (ids, gint64, i);
      g_array_index (ids, gint64, i) = g_array_index (ids, gint64, j - 1);
      g_array_index (ids, gint64, j - 1) = tmp;
    }
}

static gint64
max_id (GArray *ids,
        gint64  floor)
{
  /* ids are oldest first */
  if (ids->len == 0)
    return floor;
  return MAX (floor, g_array_index (ids, gint64, ids->len - 1));
}

/* The query as the model runs it: in the query's order (no query: newest
 * arrival first), at most limit (0: all), and only ids above after_id. */
static VigilSearchQuery *
make_search (const VigilSearchQuery *query,
             gint64                  after_id,
             guint                   limit)
{
  VigilSearchQuery *search = query ? vigil_search_query_copy (query) : vigil_search_query_new ();

  if (query == NULL)
    search->order = VIGIL_SEARCH_ORDER_ARRIVAL;
  search->limit = limit;
  search->after_id = MAX (search->after_id, after_id);
  return search;
}

/* Reads the state for query: at most limit matches (0: all). Without a
 * query the archive counts as dense unless force_ids (it was found not
 * to be). */
static gboolean
compute_state (VigilStore              *store,
               const VigilSearchQuery  *query,
               guint                    limit,
               gboolean                 force_ids,
               State                   *state,
               GError                 **error)
{
  g_autoptr(VigilSearchQuery) search = NULL;
  gint64 last_id = vigil_store_get_last_id (store);

  if (query == NULL && !force_ids)
    {
      gint64 count = vigil_store_count_posts (store, error);

      if (count < 0)
        return FALSE;
      if (count == last_id && count <= G_MAXUINT)
        {
          state->ids = NULL;
          state->n_items = count;
          state->last_id = last_id;
          state->complete = TRUE;
          return TRUE;
        }
      g_debug ("Archive ids are not dense (%" G_GINT64_FORMAT " posts, last id %" G_GINT64_FORMAT
               "): keeping an id array", count, last_id);
    }

  search = make_search (query, 0, limit);
  state->ids = vigil_store_search_ids (store, search, error);
  if (state->ids == NULL)
    return FALSE;
  state->complete = limit == 0 || state->ids->len < limit;
  state->bound = -1;
  if (!state->complete)
    {
      g_autoptr(GError) count_error = NULL;

      /* no filter: every post, counted exactly in constant time */
      if (vigil_search_query_is_empty (search))
        {
          state->bound = vigil_store_count_posts (store, &count_error);
          state->bound_exact = TRUE;
        }
      else
        state->bound = vigil_store_count_matches (store, search, COUNT_CAP, &state->bound_exact,
                                                  &count_error);
      if (state->bound < 0)
        g_debug ("Could not count the matches: %s", count_error->message);
    }
  reverse_ids (state->ids);
  state->n_items = state->ids->len;
  /* a first page says nothing about the ids past it */
  state->last_id = state->complete ? max_id (state->ids, last_id) : last_id;
  return TRUE;
}

static void
set_complete (VigilPostListModel *self,
              gboolean            complete)
{
  if (self->complete == !!complete)
    return;
  self->complete = !!complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* Swaps in a new state and tells the views everything may have changed. */
static void
apply_state (VigilPostListModel *self,
             State              *state)
{
  guint old_n = self->n_items;

  drop_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = g_steal_pointer (&state->ids);
  self->n_items = state->n_items;
  self->last_id = state->last_id;
  self->stale = FALSE;
  self->bound = state->bound;
  self->bound_exact = state->bound_exact;

  if (old_n > 0 || self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
  set_complete (self, state->complete);
}

static gint64
ordinal_to_id (VigilPostListModel *self,
               guint               ordinal)
{
  if (self->ids == NULL)
    return (gint64) ordinal + 1;
  return g_array_index (self->ids, gint64, ordinal);
}

static void schedule_read_ids (VigilPostListModel *self);

/* a page's free func: a hole is NULL */
static void
unref_post (gpointer post)
{
  if (post)
    g_object_unref (post);
}

static Page *
load_page (VigilPostListModel *self,
           guint               index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fetched = NULL;
  guint first = index * PAGE_SIZE;
  guint len = MIN (PAGE_SIZE, self->n_items - first);
  Page *page;

  page = g_new0 (Page, 1);
  page->index = index;
  page->posts = g_ptr_array_new_full (len, unref_post);
  g_ptr_array_set_size (page->posts, len);

  if (self->ids == NULL)
    fetched = vigil_store_get_range (self->store, (gint64) first + 1, (gint64) first + len, len, &error);
  else
    fetched = vigil_store_get_posts (self->store, &g_array_index (self->ids, gint64, first), len, &error);

  if (fetched == NULL)
    g_debug ("Could not read posts %u–%u: %s", first, first + len, error->message);
  else if (self->ids == NULL && fetched->len < len)
    {
      /* ids have a hole (rows removed behind Vigil's back): list the ids */
      g_debug ("Archive ids are not dense around %u: keeping an id array", first + 1);
      schedule_read_ids (self);
    }
  if (fetched != NULL)
    {
      /* place each post at its ordinal; a missing one leaves a hole */
      guint j = 0;

      for (guint i = 0; i < fetched->len; i++)
        {
          VigilPost *post = g_ptr_array_index (fetched, i);
          gint64 id = vigil_post_get_id (post);

          if (self->ids == NULL)
            {
              if (id > (gint64) first && id <= (gint64) (first + len))
                g_ptr_array_index (page->posts, id - 1 - first) = g_object_ref (post);
              continue;
            }
          while (j < len && ordinal_to_id (self, first + j) != id)
            j++;
          if (j < len)
            g_ptr_array_index (page->posts, j++) = g_object_ref (post);
        }
    }

  return page;
}

static Page *
get_page (VigilPostListModel *self,
          guint               index,
          guint               offset)
{
  Page *page = NULL;
  guint slot = G_MAXUINT;

  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *p = g_ptr_array_index (self->pages, i);

      if (p->index == index)
        {
          page = p;
          slot = i;
          break;
        }
    }

  /* a page loaded before newer posts arrived may be short */
  if (page != NULL && offset >= page->posts->len)
    {
      g_ptr_array_remove_index_fast (self->pages, slot);
      page = NULL;
    }

  if (page == NULL)
    {
      if (self->pages->len >= MAX_PAGES)
        {
          guint oldest = 0;

          for (guint i = 1; i < self->pages->len; i++)
            if (((Page *) g_ptr_array_index (self->pages, i))->stamp
                < ((Page *) g_ptr_array_index (self->pages, oldest))->stamp)
              oldest = i;
          g_ptr_array_remove_index_fast (self->pages, oldest);
        }
      page = load_page (self, index);
      g_ptr_array_add (self->pages, page);
    }

  page->stamp = ++self->clock;
  return page;
}

static GType
vigil_post_list_model_get_item_type (GListModel *model)
{
  return VIGIL_TYPE_POST;
}

static void ensure_state (VigilPostListModel *self);

static guint
vigil_post_list_model_get_n_items (GListModel *model)
{
  VigilPostListModel *self = VIGIL_POST_LIST_MODEL (model);

  ensure_state (self);
  return self->n_items;
}

static gpointer
vigil_post_list_model_get_item (GListModel *model,
                                guint       position)
{
  VigilPostListModel *self = VIGIL_POST_LIST_MODEL (model);
  VigilPost *post;
  guint ordinal;
  Page *page;

  ensure_state (self);
  if (position >= self->n_items)
    return NULL;

  ordinal = self->n_items - 1 - position;
  page = get_page (self, ordinal / PAGE_SIZE, ordinal % PAGE_SIZE);
  post = g_ptr_array_index (page->posts, ordinal % PAGE_SIZE);
  return post ? g_object_ref (post) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vigil_post_list_model_get_item_type;
  iface->get_n_items = vigil_post_list_model_get_n_items;
  iface->get_item = vigil_post_list_model_get_item;
}

/* A refresh: what the worker reads, and what it found. */
typedef struct
{
  GWeakRef          model;      /* the task holds no reference: the model may go, */
  GWeakRef          store_ref;  /* and so may the store (the worker holds it while it reads) */
  VigilStore       *store;      /* the worker's reference, while it reads */
  GCancellable     *cancellable;/* the model's refreshing while this one runs */
  VigilSearchQuery *query;      /* a copy; NULL = everything */
  gboolean          first;      /* a new query's first page (set_query_within) */
  GMutex            lock;       /* first: the caller may wait for it */
  GCond             cond;
  gboolean          done;
  gboolean          applied;    /* first: the caller applied it already */
  GError           *error;      /* first: why it failed */
  gboolean          full;       /* read every match: the model holds a first page,
                                 * or (dense) the archive has a hole */
  gboolean          dense;      /* the model holds no id array */
  gboolean          events;     /* edits or deletions arrived */
  gint64            last_id;    /* what the model took in so far */
  guint             generation;

  gboolean          replace;    /* the result is a whole new state */
  State             state;      /* replace: the new state */
  GArray           *ids;        /* else: the new ids, oldest first */
  gint64            new_last_id;
} Refresh;

static void
refresh_free (gpointer data)
{
  Refresh *r = data;

  g_weak_ref_clear (&r->model);
  g_weak_ref_clear (&r->store_ref);
  g_clear_object (&r->store);
  g_clear_object (&r->cancellable);
  g_clear_pointer (&r->query, vigil_search_query_free);
  state_clear (&r->state);
  g_clear_pointer (&r->ids, g_array_unref);
  g_clear_error (&r->error);
  g_mutex_clear (&r->lock);
  g_cond_clear (&r->cond);
  g_free (r);
}

/* Worker thread: reads only. */
static gboolean
run_refresh (Refresh  *r,
             GError  **error)
{
  g_autoptr(VigilSearchQuery) search = NULL;

  if (r->first)
    {
      r->replace = TRUE;
      return compute_state (r->store, r->query, r->query ? FIRST_PAGE : 0, FALSE, &r->state, error);
    }

  if (r->full || (r->events && r->query != NULL))
    {
      /* every match; or an edit may change which posts match: search again */
      r->replace = TRUE;
      return compute_state (r->store, r->query, 0, r->dense && r->query == NULL, &r->state, error);
    }

  if (r->dense)
    {
      gint64 newest;

      search = make_search (NULL, r->last_id, 0);
      if (!(r->ids = vigil_store_search_ids (r->store, search, error)))
        return FALSE;
      /* still dense? the new ids (newest first) must be exactly
       * last_id + 1 … newest: O(new posts), no count of the archive */
      newest = r->ids->len > 0 ? g_array_index (r->ids, gint64, 0) : r->last_id;
      if (newest - r->last_id != (gint64) r->ids->len || newest > G_MAXUINT)
        {
          /* not dense any more: fall back to an id array */
          r->replace = TRUE;
          return compute_state (r->store, r->query, 0, TRUE, &r->state, error);
        }
      reverse_ids (r->ids);
      r->new_last_id = newest;
      return TRUE;
    }

  {
    gint64 store_last = vigil_store_get_last_id (r->store);

    search = make_search (r->query, r->last_id, 0);
    if (!(r->ids = vigil_store_search_ids (r->store, search, error)))
      return FALSE;
    reverse_ids (r->ids);
    r->new_last_id = max_id (r->ids, MAX (r->last_id, store_last));
  }
  return TRUE;
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Refresh *r = task_data;
  GError *error = NULL;
  gboolean ok;

  if (g_cancellable_is_cancelled (cancellable) || !(r->store = g_weak_ref_get (&r->store_ref)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The archive was closed");
      return;
    }
  ok = run_refresh (r, &error);
  g_clear_object (&r->store);
  if (r->first)
    {
      /* the caller may be waiting */
      g_mutex_lock (&r->lock);
      if (!ok)
        r->error = g_error_copy (error);
      r->done = TRUE;
      g_cond_signal (&r->cond);
      g_mutex_unlock (&r->lock);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Every match arrived after a first page: when the first page is the top
 * of the full list (the usual case), the rest goes below it and the rows
 * on screen stay; otherwise the whole list is replaced. */
static void
apply_full_state (VigilPostListModel *self,
                  State              *state)
{
  guint old_n = self->n_items;

  if (self->ids == NULL || state->ids == NULL || state->n_items < old_n
      || memcmp (self->ids->data,
                 &g_array_index (state->ids, gint64, state->n_items - old_n),
                 old_n * sizeof (gint64)) != 0)
    {
      apply_state (self, state);
      return;
    }

  /* ordinals count from the oldest: every one moved, so drop the pages */
  drop_pages (self);
  g_clear_pointer (&self->ids, g_array_unref);
  self->ids = g_steal_pointer (&state->ids);
  self->n_items = state->n_items;
  self->last_id = state->last_id;
  if (self->n_items > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_items - old_n);
  set_complete (self, TRUE);
}

static void schedule_flush (VigilPostListModel *self);
static void schedule_read_all (VigilPostListModel *self);

static void
set_loading (VigilPostListModel *self,
             gboolean            loading)
{
  if (self->loading == !!loading)
    return;
  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* A new query's first page: shown, and every match read next. */
static void
apply_first_page (VigilPostListModel *self,
                  State              *state)
{
  g_clear_error (&self->query_error);
  apply_state (self, state);
  schedule_read_all (self);
  set_loading (self, FALSE);
}

/* A new query failed: the list is emptied (what it showed was for
 * another query), and the error kept for the view. */
static void
query_failed (VigilPostListModel *self,
              const GError       *error)
{
  State empty = { .ids = g_array_new (FALSE, FALSE, sizeof (gint64)), .complete = TRUE, .bound = -1 };

  g_clear_error (&self->query_error);
  self->query_error = g_error_copy (error);
  apply_state (self, &empty);
  state_clear (&empty);
  set_loading (self, FALSE);
}

/* Main thread: applies what the worker found; one items-changed per burst. */
static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refresh *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(VigilPostListModel) self = g_weak_ref_get (&r->model);
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  guint old_n;
  guint added;

  if (self == NULL)
    return;
  old_n = self->n_items;
  /* a refresh for an older query may end after the new one started */
  if (self->refreshing == r->cancellable)
    g_clear_object (&self->refreshing);
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not refresh the post list: %s", error->message);
      if (r->first && !r->applied && r->generation == self->generation)
        query_failed (self, error);
    }
  else if (r->first && r->applied)
    ;   /* set_query_within applied it */
  else if (r->generation == self->generation)
    {
      if (r->first)
        apply_first_page (self, &r->state);
      else if (r->full)
        apply_full_state (self, &r->state);
      else if (r->replace)
        apply_state (self, &r->state);
      else
        {
          added = r->ids->len;
          if (self->ids != NULL)
            {
              g_array_append_vals (self->ids, r->ids->data, r->ids->len);
              self->n_items = self->ids->len;
            }
          else
            self->n_items += added;
          self->last_id = r->new_last_id;

          if (r->events)
            {
              /* edits and deletions: rebind every row */
              drop_pages (self);
              g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
            }
          else if (added > 0)
            g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
        }
    }

  /* what arrived meanwhile */
  if (self->refreshing == NULL && (self->pending_added || self->pending_events) && self->store != NULL)
    schedule_flush (self);
}

/* Starts a refresh in a worker thread: every match (full), or what
 * arrived since the last one. */
static GTask *
start_refresh_full (VigilPostListModel *self,
                    gboolean            full,
                    gboolean            first)
{
  g_autoptr(GTask) task = NULL;
  Refresh *r;

  r = g_new0 (Refresh, 1);
  g_mutex_init (&r->lock);
  g_cond_init (&r->cond);
  r->first = first;
  g_weak_ref_init (&r->model, self);
  g_weak_ref_init (&r->store_ref, self->store);
  r->query = self->query ? vigil_search_query_copy (self->query) : NULL;
  r->full = full;
  r->dense = self->ids == NULL;
  r->events = self->pending_events;
  r->last_id = self->last_id;
  r->generation = self->generation;
  self->pending_added = FALSE;
  self->pending_events = FALSE;

  if (self->refreshing != NULL)
    g_cancellable_cancel (self->refreshing);
  g_set_object (&self->refreshing, NULL);
  self->refreshing = g_cancellable_new ();
  r->cancellable = g_object_ref (self->refreshing);
  task = g_task_new (NULL, self->refreshing, on_refreshed_cb, NULL);
  g_task_set_source_tag (task, start_refresh_full);
  g_task_set_task_data (task, r, refresh_free);
  g_task_run_in_thread (task, refresh_thread);
  return g_steal_pointer (&task);
}

static void
start_refresh (VigilPostListModel *self,
               gboolean            full)
{
  g_autoptr(GTask) task = start_refresh_full (self, full, FALSE);
}

/* Takes in what arrived since the last flush, off the GTK thread. */
static gboolean
flush_changes_cb (gpointer user_data)
{
  VigilPostListModel *self = user_data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  if (self->refreshing != NULL || !self->complete)
    return G_SOURCE_REMOVE;   /* on_refreshed_cb schedules the next one */
  start_refresh (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* Reads every match, once the first page is on screen: the idle runs
 * after the frame that draws it. */
static gboolean
read_all_cb (gpointer user_data)
{
  VigilPostListModel *self = user_data;

  self->full_id = 0;
  if (!self->complete && self->store != NULL)
    start_refresh (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
schedule_read_all (VigilPostListModel *self)
{
  g_clear_handle_id (&self->full_id, g_source_remove);
  if (self->complete)
    return;
  self->full_id = g_idle_add_full (G_PRIORITY_LOW, read_all_cb, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->full_id),
                            "[vigil] post list read all");
}

static gboolean
read_ids_cb (gpointer user_data)
{
  VigilPostListModel *self = user_data;

  self->ids_id = 0;
  if (self->ids != NULL || self->store == NULL)
    return G_SOURCE_REMOVE;
  /* whatever a refresh under way finds, this one reads it too */
  self->generation++;
  start_refresh (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
schedule_read_ids (VigilPostListModel *self)
{
  if (self->ids_id != 0)
    return;
  self->ids_id = g_idle_add (read_ids_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->ids_id),
                            "[vigil] post list read ids");
}

static void
schedule_flush (VigilPostListModel *self)
{
  g_autoptr(GMainContext) context = NULL;

  if (self->flush_source != NULL)
    return;
  context = g_main_context_ref_thread_default ();
  /* the source holds no reference: dispose destroys it */
  self->flush_source = g_timeout_source_new (COALESCE_MS);
  g_source_set_callback (self->flush_source, flush_changes_cb, self, NULL);
  g_source_set_static_name (self->flush_source, "[vigil] post list coalesce");
  g_source_attach (self->flush_source, context);
}

static void
on_store_changed_cb (VigilStore         *store,
                     gint64              last_id,
                     guint               n_added,
                     guint               n_events,
                     VigilPostListModel *self)
{
  if (n_added > 0)
    self->pending_added = TRUE;
  if (n_events > 0)
    self->pending_events = TRUE;
  if (self->refreshing == NULL && self->complete)
    schedule_flush (self);
}

/* The state with no query, read when first asked for rather than when the
 * model is made: a view usually sets its query first. */
static void
ensure_state (VigilPostListModel *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(State) state = { 0 };

  if (!self->stale || self->store == NULL)
    return;
  self->stale = FALSE;
  if (compute_state (self->store, NULL, 0, FALSE, &state, &error))
    {
      self->ids = g_steal_pointer (&state.ids);
      self->n_items = state.n_items;
      self->last_id = state.last_id;
    }
  else
    g_debug ("Could not read the archive: %s", error->message);
}

static void
vigil_post_list_model_constructed (GObject *object)
{
  VigilPostListModel *self = (VigilPostListModel *) object;

  G_OBJECT_CLASS (vigil_post_list_model_parent_class)->constructed (object);

  g_return_if_fail (VIGIL_IS_STORE (self->store));

  self->changed_id = g_signal_connect (self->store, "changed",
                                       G_CALLBACK (on_store_changed_cb), self);
  self->stale = TRUE;
  self->complete = TRUE;
}

static void
vigil_post_list_model_dispose (GObject *object)
{
  VigilPostListModel *self = (VigilPostListModel *) object;

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  g_clear_handle_id (&self->full_id, g_source_remove);
  g_clear_handle_id (&self->ids_id, g_source_remove);
  if (self->refreshing != NULL)
    g_cancellable_cancel (self->refreshing);
  g_clear_object (&self->refreshing);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  drop_pages (self);

  G_OBJECT_CLASS (vigil_post_list_model_parent_class)->dispose (object);
}

static void
vigil_post_list_model_finalize (GObject *object)
{
  VigilPostListModel *self = (VigilPostListModel *) object;

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->query, vigil_search_query_free);
  g_clear_error (&self->query_error);

  G_OBJECT_CLASS (vigil_post_list_model_parent_class)->finalize (object);
}

static void
vigil_post_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VigilPostListModel *self = VIGIL_POST_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_post_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VigilPostListModel *self = VIGIL_POST_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_post_list_model_class_init (VigilPostListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_post_list_model_constructed;
  object_class->dispose = vigil_post_list_model_dispose;
  object_class->finalize = vigil_post_list_model_finalize;
  object_class->get_property = vigil_post_list_model_get_property;
  object_class->set_property = vigil_post_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_post_list_model_init (VigilPostListModel *self)
{
  self->bound = -1;
  self->pages = g_ptr_array_new_with_free_func (page_free);
}

VigilPostListModel *
vigil_post_list_model_new (VigilStore *store)
{
  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);

  return g_object_new (VIGIL_TYPE_POST_LIST_MODEL, "store", store, NULL);
}

VigilStore *
vigil_post_list_model_get_store (VigilPostListModel *self)
{
  g_return_val_if_fail (VIGIL_IS_POST_LIST_MODEL (self), NULL);
  return self->store;
}

gboolean
vigil_post_list_model_set_query (VigilPostListModel      *self,
                                 const VigilSearchQuery  *query,
                                 GError                 **error)
{
  g_autoptr(VigilSearchQuery) copy = NULL;
  g_auto(State) state = { 0 };

  g_return_val_if_fail (VIGIL_IS_POST_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  /* an order other than arrival is a query too, even without a filter */
  if (query != NULL &&
      (!vigil_search_query_is_empty (query) || query->order != VIGIL_SEARCH_ORDER_ARRIVAL))
    copy = vigil_search_query_copy (query);

  /* the first page now; every match once it is on screen */
  if (!compute_state (self->store, copy, copy ? FIRST_PAGE : 0, FALSE, &state, error))
    return FALSE;

  /* a refresh under way was for the old query */
  self->generation++;
  if (self->refreshing != NULL)
    g_cancellable_cancel (self->refreshing);
  g_clear_object (&self->refreshing);
  g_clear_pointer (&self->query, vigil_search_query_free);
  self->query = g_steal_pointer (&copy);
  /* the new state already holds everything archived so far */
  self->pending_added = FALSE;
  self->pending_events = FALSE;
  g_clear_error (&self->query_error);
  apply_state (self, &state);
  schedule_read_all (self);
  set_loading (self, FALSE);
  return TRUE;
}

gboolean
vigil_post_list_model_set_query_within (VigilPostListModel      *self,
                                        const VigilSearchQuery  *query,
                                        guint                    wait_ms,
                                        GError                 **error)
{
  g_autoptr(VigilSearchQuery) copy = NULL;
  g_autoptr(GTask) task = NULL;
  Refresh *r;
  gint64 deadline = g_get_monotonic_time () + (gint64) wait_ms * 1000;
  gboolean done;

  g_return_val_if_fail (VIGIL_IS_POST_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (query != NULL &&
      (!vigil_search_query_is_empty (query) || query->order != VIGIL_SEARCH_ORDER_ARRIVAL))
    copy = vigil_search_query_copy (query);

  /* the old query's refreshes and reads are dropped */
  self->generation++;
  g_clear_handle_id (&self->full_id, g_source_remove);
  g_clear_pointer (&self->query, vigil_search_query_free);
  self->query = g_steal_pointer (&copy);
  if (self->stale)
    {
      /* nothing shown yet: show nothing until the first page */
      self->stale = FALSE;
      self->n_items = 0;
    }
  task = start_refresh_full (self, FALSE, TRUE);
  r = g_task_get_task_data (task);

  g_mutex_lock (&r->lock);
  while (!r->done && g_cond_wait_until (&r->cond, &r->lock, deadline))
    ;
  done = r->done;
  g_mutex_unlock (&r->lock);

  if (!done)
    {
      /* a slow query: the view says so, and the page comes when read */
      set_loading (self, TRUE);
      return TRUE;
    }
  r->applied = TRUE;
  if (r->error != NULL)
    {
      query_failed (self, r->error);
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }
  apply_first_page (self, &r->state);
  return TRUE;
}

gboolean
vigil_post_list_model_get_loading (VigilPostListModel *self)
{
  g_return_val_if_fail (VIGIL_IS_POST_LIST_MODEL (self), FALSE);
  return self->loading;
}

const GError *
vigil_post_list_model_get_query_error (VigilPostListModel *self)
{
  g_return_val_if_fail (VIGIL_IS_POST_LIST_MODEL (self), NULL);
  return self->query_error;
}

gint64
vigil_post_list_model_get_bounded_count (VigilPostListModel *self,
                                         gboolean           *out_exact)
{
  g_return_val_if_fail (VIGIL_IS_POST_LIST_MODEL (self), -1);

  if (self->complete)
    {
      if (out_exact)
        *out_exact = TRUE;
      return self->n_items;
    }
  if (out_exact)
    *out_exact = self->bound_exact;
  return self->bound < 0 ? -1 : MAX (self->bound, (gint64) self->n_items);
}

gboolean
vigil_post_list_model_get_complete (VigilPostListModel *self)
{
  g_return_val_if_fail (VIGIL_IS_POST_LIST_MODEL (self), FALSE);
  return self->complete;
}

const VigilSearchQuery *
vigil_post_list_model_get_query (VigilPostListModel *self)
{
  g_return_val_if_fail (VIGIL_IS_POST_LIST_MODEL (self), NULL);
  return self->query;
}
