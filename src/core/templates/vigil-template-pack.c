/* vigil-template-pack.c: template packs as JSON (import, export, the default pack)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-template-pack"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-template-pack.h"
#include "vigil-data-resources.h"

/* json-glib has no depth limit: refuse deep nesting before parsing. */
static gboolean
check_depth (const char *text,
             gsize       len,
             guint       max)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max)
            return FALSE;
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

GPtrArray *
vigil_template_pack_parse (GBytes      *data,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local = NULL;
  const char *text;
  gsize len;
  JsonNode *root, *node;
  JsonObject *object;
  JsonArray *array;

  if (!name)
    name = _("the pack");
  text = g_bytes_get_data (data, &len);
  if (len > VIGIL_TEMPLATE_PACK_MAX_BYTES)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_TOO_LARGE,
                   _("%s is larger than %d MB; split it into smaller packs"),
                   name, VIGIL_TEMPLATE_PACK_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!text || len == 0)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_SYNTAX,
                   _("%s is empty; a template pack is a JSON object"), name);
      return NULL;
    }
  if (!check_depth (text, len, VIGIL_TEMPLATE_PACK_MAX_DEPTH))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_TOO_LARGE,
                   _("%s nests deeper than %d levels; it is not a template pack"),
                   name, VIGIL_TEMPLATE_PACK_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, len, &local))
    {
      /* json-glib's message carries <data>:line:column */
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_SYNTAX,
                   _("%s is not valid JSON (%s); nothing was imported"), name, local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("%s is not a template pack: expected a JSON object with “templates”"), name);
      return NULL;
    }
  object = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "format", ""),
                 VIGIL_TEMPLATE_PACK_FORMAT) != 0)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("%s is not a template pack: “format” must be “%s”"), name, VIGIL_TEMPLATE_PACK_FORMAT);
      return NULL;
    }
  if (json_object_get_int_member_with_default (object, "version", 0) != 1)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("%s has a pack version this Vigil does not read (expected 1)"), name);
      return NULL;
    }
  node = json_object_get_member (object, "templates");
  if (!node || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                   _("%s: “templates” must be a list"), name);
      return NULL;
    }
  array = json_node_get_array (node);
  if (json_array_get_length (array) > VIGIL_TEMPLATE_PACK_MAX_ITEMS)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_TOO_LARGE,
                   _("%s has more than %d templates"), name, VIGIL_TEMPLATE_PACK_MAX_ITEMS);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      VigilTemplate *template;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                       _("%s: template %u is not a JSON object; nothing was imported"), name, i + 1);
          return NULL;
        }
      if (!(template = vigil_template_new_from_json (json_node_get_object (item), &local)))
        {
          g_set_error (error, VIGIL_TEMPLATE_ERROR, local->code,
                       _("%s: template %u: %s; nothing was imported"), name, i + 1, local->message);
          return NULL;
        }
      g_ptr_array_add (templates, template);
      if (!g_hash_table_add (ids, (gpointer) vigil_template_get_id (template)))
        {
          g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_INVALID,
                       _("%s: template %u repeats the id “%s”; nothing was imported"),
                       name, i + 1, vigil_template_get_id (template));
          return NULL;
        }
    }
  return g_steal_pointer (&templates);
}

char *
vigil_template_pack_serialize (GPtrArray  *templates,
                               const char *pack_name,
                               gboolean    with_history)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, VIGIL_TEMPLATE_PACK_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  if (pack_name)
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, pack_name);
    }
  json_builder_set_member_name (builder, "templates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < templates->len; i++)
    vigil_template_to_json (g_ptr_array_index (templates, i), builder, with_history);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
vigil_template_pack_load_default (GError **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) children = NULL;

  /* links the data resource in (a static library's constructor alone is dropped) */
  (void) vigil_data_get_resource ();
  children = g_resources_enumerate_children (VIGIL_TEMPLATE_DEFAULT_PACKS, 0, error);
  if (!children)
    return NULL;
  /* a stable order: the resource lists them as they were compiled */
  g_qsort_with_data (children, g_strv_length (children), sizeof (char *), compare_names, NULL);
  for (guint i = 0; children[i]; i++)
    {
      g_autofree char *path = g_build_path ("/", VIGIL_TEMPLATE_DEFAULT_PACKS, children[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GPtrArray) pack = NULL;

      if (!g_str_has_suffix (children[i], ".json"))
        continue;
      if (!(bytes = g_resources_lookup_data (path, 0, error)) ||
          !(pack = vigil_template_pack_parse (bytes, children[i], error)))
        return NULL;
      for (guint j = 0; j < pack->len; j++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (pack, j)));
    }
  return g_steal_pointer (&all);
}
