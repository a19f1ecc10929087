/* vigil-feed-list.c: the user's feeds, one VigilFeedSource each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-feed-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-feed-list.h"
#include "vigil-http.h"
#include "vigil-opml.h"

struct _VigilFeedList
{
  GObject      parent_instance;

  VigilStore  *store;
  SoupSession *session;
  GPtrArray   *feeds;    /* VigilFeedSource */
  gboolean     running;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilFeedList, vigil_feed_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
vigil_feed_list_get_item_type (GListModel *model)
{
  return VIGIL_TYPE_FEED_SOURCE;
}

static guint
vigil_feed_list_get_n_items (GListModel *model)
{
  return VIGIL_FEED_LIST (model)->feeds->len;
}

static gpointer
vigil_feed_list_get_item (GListModel *model,
                          guint       position)
{
  VigilFeedList *self = VIGIL_FEED_LIST (model);

  if (position >= self->feeds->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->feeds, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = vigil_feed_list_get_item_type;
  iface->get_n_items = vigil_feed_list_get_n_items;
  iface->get_item = vigil_feed_list_get_item;
}

static void
stop_feed (gpointer data)
{
  vigil_source_stop (VIGIL_SOURCE (data));
  g_object_unref (data);
}

static void
vigil_feed_list_dispose (GObject *object)
{
  VigilFeedList *self = VIGIL_FEED_LIST (object);

  g_clear_pointer (&self->feeds, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (vigil_feed_list_parent_class)->dispose (object);
}

static void
vigil_feed_list_class_init (VigilFeedListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_feed_list_dispose;
}

static void
vigil_feed_list_init (VigilFeedList *self)
{
  self->feeds = g_ptr_array_new_with_free_func (stop_feed);
}

VigilFeedList *
vigil_feed_list_new (VigilStore  *store,
                     SoupSession *session)
{
  VigilFeedList *self;

  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);

  self = g_object_new (VIGIL_TYPE_FEED_LIST, NULL);
  self->store = g_object_ref (store);
  self->session = session ? g_object_ref (session) : soup_session_new ();

  return self;
}

static gint
find_feed (VigilFeedList *self,
           const char    *url)
{
  for (guint i = 0; i < self->feeds->len; i++)
    if (g_str_equal (vigil_feed_source_get_url (g_ptr_array_index (self->feeds, i)), url))
      return (gint) i;

  return -1;
}

VigilFeedSource *
vigil_feed_list_lookup (VigilFeedList *self,
                        const char    *url)
{
  gint i;

  g_return_val_if_fail (VIGIL_IS_FEED_LIST (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  i = find_feed (self, url);

  return i < 0 ? NULL : g_ptr_array_index (self->feeds, i);
}

VigilFeedSource *
vigil_feed_list_add (VigilFeedList  *self,
                     const char     *url,
                     const char     *title,
                     GError        **error)
{
  g_autoptr(GUri) uri = NULL;
  VigilSource *source;

  g_return_val_if_fail (VIGIL_IS_FEED_LIST (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  uri = vigil_http_check_url (url, FALSE, error);
  if (!uri)
    return NULL;

  if (find_feed (self, url) >= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("The feed %s is already in the list."), url);
      return NULL;
    }

  source = vigil_feed_source_new (self->store, self->session, url);
  if (title)
    vigil_feed_source_set_title (VIGIL_FEED_SOURCE (source), title);
  g_ptr_array_add (self->feeds, source);
  g_list_model_items_changed (G_LIST_MODEL (self), self->feeds->len - 1, 0, 1);

  if (self->running)
    vigil_source_start (source);

  return VIGIL_FEED_SOURCE (source);
}

gboolean
vigil_feed_list_remove (VigilFeedList *self,
                        const char    *url)
{
  gint i;

  g_return_val_if_fail (VIGIL_IS_FEED_LIST (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  i = find_feed (self, url);
  if (i < 0)
    return FALSE;

  g_ptr_array_remove_index (self->feeds, (guint) i);
  g_list_model_items_changed (G_LIST_MODEL (self), (guint) i, 1, 0);

  return TRUE;
}

void
vigil_feed_list_start (VigilFeedList *self)
{
  g_return_if_fail (VIGIL_IS_FEED_LIST (self));

  self->running = TRUE;
  for (guint i = 0; i < self->feeds->len; i++)
    vigil_source_start (g_ptr_array_index (self->feeds, i));
}

void
vigil_feed_list_stop (VigilFeedList *self)
{
  g_return_if_fail (VIGIL_IS_FEED_LIST (self));

  self->running = FALSE;
  for (guint i = 0; i < self->feeds->len; i++)
    vigil_source_stop (g_ptr_array_index (self->feeds, i));
}

gboolean
vigil_feed_list_import_opml (VigilFeedList  *self,
                             GBytes         *opml,
                             guint          *n_added,
                             guint          *n_refused,
                             GError        **error)
{
  g_autoptr(GPtrArray) outlines = NULL;
  guint added = 0, refused = 0;

  g_return_val_if_fail (VIGIL_IS_FEED_LIST (self), FALSE);
  g_return_val_if_fail (opml != NULL, FALSE);

  outlines = vigil_opml_parse (opml, error);
  if (!outlines)
    return FALSE;

  for (guint i = 0; i < outlines->len; i++)
    {
      VigilOpmlOutline *outline = g_ptr_array_index (outlines, i);
      g_autoptr(GError) local_error = NULL;

      if (find_feed (self, outline->xml_url) >= 0)
        continue;
      if (vigil_feed_list_add (self, outline->xml_url, outline->title, &local_error))
        added++;
      else
        {
          g_debug ("OPML: skipping %s: %s", outline->xml_url, local_error->message);
          refused++;
        }
    }

  if (n_added)
    *n_added = added;
  if (n_refused)
    *n_refused = refused;

  return TRUE;
}

GBytes *
vigil_feed_list_export_opml (VigilFeedList *self)
{
  g_autoptr(GPtrArray) outlines = NULL;

  g_return_val_if_fail (VIGIL_IS_FEED_LIST (self), NULL);

  outlines = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_opml_outline_free);
  for (guint i = 0; i < self->feeds->len; i++)
    {
      VigilFeedSource *feed = g_ptr_array_index (self->feeds, i);

      g_ptr_array_add (outlines, vigil_opml_outline_new (vigil_feed_source_get_url (feed),
                                                         vigil_feed_source_get_title (feed),
                                                         NULL));
    }

  return vigil_opml_write (outlines, _("Vigil feeds"));
}
