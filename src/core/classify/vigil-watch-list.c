/* vigil-watch-list.c: the user's watches, saved as JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-watch-list"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "vigil-json-writer.h"
#include "vigil-watch-list.h"

struct _VigilWatchList
{
  GObject    parent_instance;

  GPtrArray *watches;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilWatchList, vigil_watch_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return VIGIL_TYPE_WATCH;
}

static guint
get_n_items (GListModel *model)
{
  return VIGIL_WATCH_LIST (model)->watches->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  VigilWatchList *self = VIGIL_WATCH_LIST (model);

  if (position >= self->watches->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->watches, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
vigil_watch_list_finalize (GObject *object)
{
  g_ptr_array_unref (VIGIL_WATCH_LIST (object)->watches);
  G_OBJECT_CLASS (vigil_watch_list_parent_class)->finalize (object);
}

static void
vigil_watch_list_class_init (VigilWatchListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_watch_list_finalize;
}

static void
vigil_watch_list_init (VigilWatchList *self)
{
  self->watches = g_ptr_array_new_with_free_func (g_object_unref);
}

VigilWatchList *
vigil_watch_list_new (void)
{
  return g_object_new (VIGIL_TYPE_WATCH_LIST, NULL);
}

static int
find (VigilWatchList *self,
      const char     *name)
{
  for (guint i = 0; i < self->watches->len; i++)
    if (g_strcmp0 (vigil_watch_get_name (g_ptr_array_index (self->watches, i)), name) == 0)
      return i;
  return -1;
}

gboolean
vigil_watch_list_add (VigilWatchList  *self,
                      VigilWatch      *watch,
                      GError         **error)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_WATCH (watch), FALSE);

  if (find (self, vigil_watch_get_name (watch)) >= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("There is already a watch called “%s”"), vigil_watch_get_name (watch));
      return FALSE;
    }
  if (self->watches->len >= VIGIL_WATCH_LIST_MAX_WATCHES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("At most %d watches can be kept"), VIGIL_WATCH_LIST_MAX_WATCHES);
      return FALSE;
    }
  g_ptr_array_add (self->watches, g_object_ref (watch));
  g_list_model_items_changed (G_LIST_MODEL (self), self->watches->len - 1, 0, 1);
  return TRUE;
}

void
vigil_watch_list_replace (VigilWatchList *self,
                          VigilWatch     *watch)
{
  int i;

  g_return_if_fail (VIGIL_IS_WATCH_LIST (self));
  g_return_if_fail (VIGIL_IS_WATCH (watch));

  i = find (self, vigil_watch_get_name (watch));
  if (i < 0)
    {
      g_ptr_array_add (self->watches, g_object_ref (watch));
      g_list_model_items_changed (G_LIST_MODEL (self), self->watches->len - 1, 0, 1);
      return;
    }
  g_object_unref (g_ptr_array_index (self->watches, i));
  g_ptr_array_index (self->watches, i) = g_object_ref (watch);
  g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
}

gboolean
vigil_watch_list_remove (VigilWatchList *self,
                         const char     *name)
{
  int i;

  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (self), FALSE);

  i = find (self, name);
  if (i < 0)
    return FALSE;
  g_ptr_array_remove_index (self->watches, i);
  g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
  return TRUE;
}

VigilWatch *
vigil_watch_list_lookup (VigilWatchList *self,
                         const char     *name)
{
  int i;

  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (self), NULL);
  i = find (self, name);
  return i < 0 ? NULL : g_ptr_array_index (self->watches, i);
}

guint
vigil_watch_list_get_n_watches (VigilWatchList *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (self), 0);
  return self->watches->len;
}

VigilWatch *
vigil_watch_list_get_watch (VigilWatchList *self,
                            guint           position)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (self), NULL);
  g_return_val_if_fail (position < self->watches->len, NULL);
  return g_ptr_array_index (self->watches, position);
}

char *
vigil_watch_list_get_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "vigil", "watches.json", NULL);
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

VigilWatchList *
vigil_watch_list_load (const char  *path,
                       GError     **error)
{
  g_autoptr(VigilWatchList) self = vigil_watch_list_new ();
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonNode *root;
  JsonNode *watches_node;
  JsonArray *watches;

  g_return_val_if_fail (path, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot read the watches from %s: %s"), path, local_error->message);
      return NULL;
    }
  if (length > VIGIL_WATCH_LIST_MAX_FILE_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: the file is too large for a watch list (at most %d MiB)"),
                   path, VIGIL_WATCH_LIST_MAX_FILE_BYTES / (1024 * 1024));
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: not valid JSON: %s"), path, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root)
      || !(watches_node = json_object_get_member (json_node_get_object (root), "watches"))
      || !JSON_NODE_HOLDS_ARRAY (watches_node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: expected an object with a \"watches\" array"), path);
      return NULL;
    }
  watches = json_node_get_array (watches_node);
  for (guint i = 0; i < json_array_get_length (watches); i++)
    {
      JsonNode *node = json_array_get_element (watches, i);
      JsonObject *obj;
      JsonNode *stem_node;
      const char *name, *query;
      gboolean stem = FALSE;
      g_autoptr(VigilWatch) watch = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: watch %u is not an object"), path, i + 1);
          return NULL;
        }
      obj = json_node_get_object (node);
      name = member_string (obj, "name");
      query = member_string (obj, "query");
      if (!name || !query)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: watch %u needs a \"name\" and a \"query\" string"), path, i + 1);
          return NULL;
        }
      stem_node = json_object_get_member (obj, "stem");
      if (stem_node && JSON_NODE_HOLDS_VALUE (stem_node)
          && json_node_get_value_type (stem_node) == G_TYPE_BOOLEAN)
        stem = json_node_get_boolean (stem_node);
      watch = vigil_watch_new (name, query, member_string (obj, "colour"), stem, &local_error);
      if (!watch || !vigil_watch_list_add (self, watch, &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code,
                       _("%s: watch %u (“%s”): %s"), path, i + 1, name, local_error->message);
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

gboolean
vigil_watch_list_save (VigilWatchList  *self,
                       const char      *path,
                       GError         **error)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"version\": 1,\n  \"watches\": [");
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (self), FALSE);
  g_return_val_if_fail (path, FALSE);

  for (guint i = 0; i < self->watches->len; i++)
    {
      VigilWatch *w = g_ptr_array_index (self->watches, i);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      vigil_json_writer_member (out, "name", vigil_watch_get_name (w), FALSE);
      vigil_json_writer_member (out, "query", vigil_watch_get_query_text (w), TRUE);
      vigil_json_writer_member (out, "colour", vigil_watch_get_colour (w), TRUE);
      g_string_append (out, ",");
      vigil_json_writer_key (out, "stem");
      g_string_append (out, vigil_watch_get_stem (w) ? "true}" : "false}");
    }
  g_string_append (out, self->watches->len ? "\n  ]\n}\n" : "]\n}\n");

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (!g_file_set_contents_full (path, out->str, out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot save the watches to %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
