/* vigil-template-service.c: what the templates, playbooks and drills take from the context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-template-service"

#include "config.h"

#include "vigil-context.h"
#include "vigil-template-service-private.h"

gint64
_vigil_template_service_now (GObject *context)
{
  if (context)
    return vigil_context_now_us (VIGIL_CONTEXT (context));
  return g_get_real_time ();
}

const char *
_vigil_template_service_actor (GObject *context)
{
  const char *actor;

  if (context)
    return vigil_context_get_actor (VIGIL_CONTEXT (context));
  actor = g_getenv ("VIGIL_ACTOR");
  return actor && *actor ? actor : g_get_user_name ();
}

VigilStore *
_vigil_template_service_store (GObject *context)
{
  return context ? vigil_context_get_store (VIGIL_CONTEXT (context)) : NULL;
}

gulong
_vigil_template_service_watch_store (GObject     *context,
                                     VigilStore **store,
                                     GCallback    appended_cb,
                                     gpointer     user_data)
{
  if (!*store && context)
    *store = g_object_ref (_vigil_template_service_store (context));
  g_return_val_if_fail (VIGIL_IS_STORE (*store), 0);
  return g_signal_connect (*store, "record-appended", appended_cb, user_data);
}

void
_vigil_template_service_unwatch_store (VigilStore **store,
                                       gulong      *appended_id)
{
  if (*store)
    g_clear_signal_handler (appended_id, *store);
  g_clear_object (store);
}

const char *
_vigil_template_service_actor_or (GObject    *context,
                                  const char *actor)
{
  return actor && *actor ? actor : _vigil_template_service_actor (context);
}

char *
_vigil_template_service_builder_to_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

JsonObject *
_vigil_template_service_parse_record (const VigilRecord *record,
                                      JsonParser        *parser)
{
  JsonNode *root;

  if (!json_parser_load_from_data (parser, record->body, -1, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_node_get_object (root);
}
