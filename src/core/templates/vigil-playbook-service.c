/* vigil-playbook-service.c: playbooks and their runs, kept in the store's journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-playbook-service"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-playbook-service.h"
#include "vigil-data-resources.h"
#include "vigil-template.h"
#include "vigil-template-service-private.h"

#define KIND_RUN "playbook-run"

struct _VigilPlaybookService
{
  GObject     parent_instance;

  GObject    *context;       /* not referenced */
  VigilStore *store;
  gulong      appended_id;

  GHashTable *playbooks;     /* id → JsonNode (object) */
  GStrv       playbook_ids;
  GHashTable *runs;          /* id → VigilPlaybookRun */
  GPtrArray  *order;         /* VigilPlaybookRun, oldest first */
  gint64      last_seq;
  gboolean    loaded;
};

G_DEFINE_FINAL_TYPE (VigilPlaybookService, vigil_playbook_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_STORE,
  N_PROPS
};

enum {
  RUN_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
load_playbooks (VigilPlaybookService *self)
{
  g_auto(GStrv) children = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  /* links the data resource in (a static library's constructor alone is dropped) */
  (void) vigil_data_get_resource ();
  children = g_resources_enumerate_children (VIGIL_PLAYBOOK_RESOURCES, 0, NULL);
  for (guint i = 0; children && children[i]; i++)
    {
      g_autofree char *path = g_build_path ("/", VIGIL_PLAYBOOK_RESOURCES, children[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *o;
      const char *id;

      if (!bytes || !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                                 g_bytes_get_size (bytes), NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_warning ("shipped playbook %s is not valid JSON", children[i]);
          continue;
        }
      o = json_node_get_object (json_parser_get_root (parser));
      id = json_object_get_string_member_with_default (o, "id", NULL);
      if (!id || !json_object_has_member (o, "steps"))
        continue;
      g_hash_table_insert (self->playbooks, g_strdup (id), json_node_copy (json_parser_get_root (parser)));
      g_strv_builder_add (ids, id);
    }
  self->playbook_ids = g_strv_builder_end (ids);
}

const char * const *
vigil_playbook_service_list_playbooks (VigilPlaybookService *self)
{
  return (const char * const *) self->playbook_ids;
}

const char *
vigil_playbook_service_get_playbook_title (VigilPlaybookService *self,
                                           const char           *playbook_id)
{
  JsonNode *node = playbook_id ? g_hash_table_lookup (self->playbooks, playbook_id) : NULL;

  return node ? json_object_get_string_member_with_default (json_node_get_object (node), "title", playbook_id)
              : NULL;
}

static void
apply_record (VigilPlaybookService *self,
              const VigilRecord    *record)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body;
  const char *op;
  VigilPlaybookRun *run;

  self->last_seq = MAX (self->last_seq, record->seq);
  if (!(body = _vigil_template_service_parse_record (record, parser)))
    return;
  op = json_object_get_string_member_with_default (body, "op", "");
  run = g_hash_table_lookup (self->runs, record->key);

  if (g_str_equal (op, "start") && !run)
    {
      run = _vigil_playbook_run_new (record->key, body, record->actor, record->at_us);
      g_hash_table_insert (self->runs, g_strdup (record->key), run);
      g_ptr_array_add (self->order, g_object_ref (run));
      if (self->loaded)
        g_signal_emit (self, signals[RUN_ADDED], 0, run);
    }
  else if (g_str_equal (op, "tick") && run)
    _vigil_playbook_run_apply_tick (run, json_object_get_string_member_with_default (body, "step", NULL),
                                    json_object_get_boolean_member_with_default (body, "done", TRUE),
                                    record->actor, record->at_us, record->version);
}

static gboolean
catch_up (VigilPlaybookService  *self,
          GError               **error)
{
  g_autoptr(GPtrArray) records = vigil_store_list_records (self->store, KIND_RUN, NULL, self->last_seq, 0, error);

  if (!records)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    apply_record (self, g_ptr_array_index (records, i));
  return TRUE;
}

gboolean
vigil_playbook_service_load (VigilPlaybookService  *self,
                             GError               **error)
{
  if (!catch_up (self, error))
    return FALSE;
  self->loaded = TRUE;
  return TRUE;
}

static void
on_record_appended_cb (VigilStore  *store,
                       VigilRecord *record,
                       gpointer     user_data)
{
  VigilPlaybookService *self = user_data;

  if (self->loaded && record && g_str_equal (record->kind, KIND_RUN) && record->seq > self->last_seq)
    catch_up (self, NULL);
}

static gboolean
ensure_loaded (VigilPlaybookService  *self,
               GError               **error)
{
  return self->loaded || vigil_playbook_service_load (self, error);
}

VigilPlaybookRun *
vigil_playbook_service_start_run (VigilPlaybookService  *self,
                                  const char            *playbook_id,
                                  const char            *case_id,
                                  const char            *subject,
                                  const char            *actor,
                                  GError               **error)
{
  JsonNode *playbook = playbook_id ? g_hash_table_lookup (self->playbooks, playbook_id) : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *body = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strndup (uuid, 8);
  JsonObject *o;

  if (!ensure_loaded (self, error))
    return NULL;
  if (!playbook)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_FOUND,
                   _("No playbook “%s”"), playbook_id ? playbook_id : "");
      return NULL;
    }
  o = json_node_get_object (playbook);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, "start");
  json_builder_set_member_name (builder, "playbook");
  json_builder_add_string_value (builder, playbook_id);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, json_object_get_string_member_with_default (o, "title", playbook_id));
  if (case_id && *case_id)
    {
      json_builder_set_member_name (builder, "case");
      json_builder_add_string_value (builder, case_id);
    }
  if (subject && *subject)
    {
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder, subject);
    }
  json_builder_set_member_name (builder, "steps");
  json_builder_add_value (builder, json_node_copy (json_object_get_member (o, "steps")));
  json_builder_end_object (builder);
  body = _vigil_template_service_builder_to_json (builder);

  if (!vigil_store_append_record (self->store, KIND_RUN, id, 0,
                                  _vigil_template_service_actor_or (self->context, actor),
                                  _vigil_template_service_now (self->context), body, NULL, error) ||
      !catch_up (self, error))
    return NULL;
  return g_hash_table_lookup (self->runs, id);
}

gboolean
vigil_playbook_service_tick (VigilPlaybookService  *self,
                             VigilPlaybookRun      *run,
                             const char            *step_id,
                             gboolean               done,
                             const char            *actor,
                             GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *body = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (VIGIL_IS_PLAYBOOK_RUN (run), FALSE);

  if (vigil_playbook_run_find_step (run, step_id) < 0)
    {
      g_set_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_FOUND,
                   _("The playbook “%s” has no step “%s”"), vigil_playbook_run_get_title (run),
                   step_id ? step_id : "");
      return FALSE;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, "tick");
  json_builder_set_member_name (builder, "step");
  json_builder_add_string_value (builder, step_id);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, done);
  json_builder_end_object (builder);
  body = _vigil_template_service_builder_to_json (builder);

  if (!vigil_store_append_record (self->store, KIND_RUN, vigil_playbook_run_get_id (run),
                                  vigil_playbook_run_get_version (run),
                                  _vigil_template_service_actor_or (self->context, actor),
                                  _vigil_template_service_now (self->context), body, NULL, &local))
    {
      catch_up (self, NULL);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return catch_up (self, error);
}

VigilPlaybookRun *
vigil_playbook_service_get_run (VigilPlaybookService *self,
                                const char           *run_id)
{
  ensure_loaded (self, NULL);
  return run_id ? g_hash_table_lookup (self->runs, run_id) : NULL;
}

GPtrArray *
vigil_playbook_service_list_runs (VigilPlaybookService *self,
                                  const char           *case_id)
{
  GPtrArray *out = g_ptr_array_new ();

  ensure_loaded (self, NULL);
  for (guint i = 0; i < self->order->len; i++)
    {
      VigilPlaybookRun *run = g_ptr_array_index (self->order, i);

      if (!case_id || g_strcmp0 (case_id, vigil_playbook_run_get_case_id (run)) == 0)
        g_ptr_array_add (out, run);
    }
  return out;
}

VigilPlaybookService *
vigil_playbook_service_new_for_store (VigilStore *store)
{
  return g_object_new (VIGIL_TYPE_PLAYBOOK_SERVICE, "store", store, NULL);
}

static void
vigil_playbook_service_constructed (GObject *object)
{
  VigilPlaybookService *self = VIGIL_PLAYBOOK_SERVICE (object);

  G_OBJECT_CLASS (vigil_playbook_service_parent_class)->constructed (object);
  self->appended_id = _vigil_template_service_watch_store (self->context, &self->store,
                                                           G_CALLBACK (on_record_appended_cb), self);
  if (!self->appended_id)
    return;
  load_playbooks (self);
}

static void
vigil_playbook_service_dispose (GObject *object)
{
  VigilPlaybookService *self = VIGIL_PLAYBOOK_SERVICE (object);

  _vigil_template_service_unwatch_store (&self->store, &self->appended_id);
  G_OBJECT_CLASS (vigil_playbook_service_parent_class)->dispose (object);
}

static void
vigil_playbook_service_finalize (GObject *object)
{
  VigilPlaybookService *self = VIGIL_PLAYBOOK_SERVICE (object);

  g_hash_table_unref (self->playbooks);
  g_strfreev (self->playbook_ids);
  g_hash_table_unref (self->runs);
  g_ptr_array_unref (self->order);
  G_OBJECT_CLASS (vigil_playbook_service_parent_class)->finalize (object);
}

static void
vigil_playbook_service_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VigilPlaybookService *self = VIGIL_PLAYBOOK_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_get_object (value);
      break;
    case PROP_STORE:
      if (g_value_get_object (value))
        self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_playbook_service_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VigilPlaybookService *self = VIGIL_PLAYBOOK_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_playbook_service_class_init (VigilPlaybookServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_playbook_service_constructed;
  object_class->dispose = vigil_playbook_service_dispose;
  object_class->finalize = vigil_playbook_service_finalize;
  object_class->set_property = vigil_playbook_service_set_property;
  object_class->get_property = vigil_playbook_service_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RUN_ADDED] = g_signal_new ("run-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, VIGIL_TYPE_PLAYBOOK_RUN);
}

static void
vigil_playbook_service_init (VigilPlaybookService *self)
{
  self->playbooks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->order = g_ptr_array_new_with_free_func (g_object_unref);
}
