/* vigil-drill-service.c: crisis drills of a context, and their reports in its journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-drill-service"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vigil-drill-service.h"
#include "vigil-json-writer.h"
#include "vigil-template-library.h"
#include "vigil-template-service-private.h"

#define KIND_DRILL "drill"

struct _VigilDrillService
{
  GObject           parent_instance;

  VigilContext     *context;   /* not referenced */
  VigilDrillRunner *runner;
};

G_DEFINE_FINAL_TYPE (VigilDrillService, vigil_drill_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_RUNNER,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

void
vigil_drill_run_info_free (VigilDrillRunInfo *info)
{
  if (!info)
    return;
  g_free (info->run_id);
  g_free (info->scenario);
  g_free (info->title);
  g_free (info->started_by);
  g_free (info);
}

VigilDrillService *
vigil_drill_service_get (VigilContext *context)
{
  return vigil_context_ensure_service (context, VIGIL_TYPE_DRILL_SERVICE);
}

VigilDrillRunner *
vigil_drill_service_get_runner (VigilDrillService *self)
{
  return self->runner;
}

/* The team drills with its own templates: the drill's context gets a copy
 * of the real library, approvals included (same approver, same version). */
static void
copy_templates (VigilDrillService *self,
                VigilDrillRunner  *runner)
{
  VigilTemplateLibrary *real = vigil_context_ensure_service (self->context, VIGIL_TYPE_TEMPLATE_LIBRARY);
  VigilTemplateLibrary *drill = vigil_context_ensure_service (vigil_drill_runner_get_context (runner),
                                                              VIGIL_TYPE_TEMPLATE_LIBRARY);
  g_autoptr(GHashTable) defaults = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer name, value;
  char *pack;

  if (!vigil_template_library_load (real, &error) || !vigil_template_library_load (drill, &error))
    {
      g_warning ("The drill uses the shipped templates: %s", error->message);
      return;
    }
  pack = vigil_template_library_export (real, NULL);
  bytes = g_bytes_new_take (pack, strlen (pack));
  if (!vigil_template_library_import (drill, bytes, "drill", "vigil", NULL, NULL, &error))
    {
      g_warning ("The drill uses the shipped templates: %s", error->message);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (real)); i++)
    {
      g_autoptr(VigilTemplate) t = g_list_model_get_item (G_LIST_MODEL (real), i);
      VigilTemplate *approved = vigil_template_library_lookup_approved (real, vigil_template_get_id (t));
      VigilTemplate *copy;

      /* approve the drill's copy when it holds the approved text */
      if (!approved || approved != t ||
          !(copy = vigil_template_library_lookup (drill, vigil_template_get_id (t))) ||
          vigil_template_get_approved (copy))
        continue;
      vigil_template_library_approve (drill, vigil_template_get_id (t), 0,
                                      vigil_template_get_approved_by (approved), NULL);
    }
  defaults = vigil_template_library_dup_defaults (real);
  g_hash_table_iter_init (&iter, defaults);
  while (g_hash_table_iter_next (&iter, &name, &value))
    vigil_template_library_set_default (drill, name, value, "vigil", NULL);
}

VigilDrillRunner *
vigil_drill_service_start (VigilDrillService   *self,
                           VigilDrillScenario  *scenario,
                           double               speed,
                           GError             **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *run_id = g_strndup (uuid, 8);
  g_autoptr(VigilDrillRunner) runner = NULL;
  g_autoptr(GString) body = g_string_new ("{");

  if (self->runner)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_RUNNING,
                   _("A drill is already running; finish it first"));
      return NULL;
    }
  if (!(runner = vigil_drill_runner_new (scenario, run_id, speed, vigil_context_get_actor (self->context), error)))
    return NULL;

  vigil_json_writer_member (body, "op", "start", FALSE);
  vigil_json_writer_member (body, "scenario", vigil_drill_scenario_get_id (scenario), TRUE);
  vigil_json_writer_member (body, "title", vigil_drill_scenario_get_title (scenario), TRUE);
  g_string_append_printf (body, ",\"speed\":%g,\"posts\":%u", speed, vigil_drill_scenario_get_n_posts (scenario));
  vigil_json_writer_member (body, "checksum", vigil_drill_scenario_get_checksum (scenario), TRUE);
  g_string_append_c (body, '}');
  if (!vigil_store_append_record (vigil_context_get_store (self->context), KIND_DRILL, run_id, 0,
                                  vigil_context_get_actor (self->context),
                                  vigil_context_now_us (self->context), body->str, NULL, error))
    return NULL;

  copy_templates (self, runner);
  self->runner = g_steal_pointer (&runner);
  vigil_drill_runner_start (self->runner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNER]);
  return self->runner;
}

VigilDrillReport *
vigil_drill_service_finish (VigilDrillService  *self,
                            GError            **error)
{
  g_autoptr(VigilDrillReport) report = NULL;
  g_autoptr(GString) body = g_string_new ("{\"op\":\"report\",\"report\":");
  g_autofree char *json = NULL;

  if (!self->runner)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_NOT_FOUND, _("No drill is running"));
      return NULL;
    }
  vigil_drill_runner_stop (self->runner);
  if (!(report = vigil_drill_runner_build_report (self->runner, error)))
    return NULL;
  json = vigil_drill_report_to_json (report);
  g_string_append (body, json);
  g_string_append_c (body, '}');
  if (!vigil_store_append_record (vigil_context_get_store (self->context), KIND_DRILL,
                                  vigil_drill_runner_get_run_id (self->runner), VIGIL_RECORD_ANY_VERSION,
                                  vigil_context_get_actor (self->context),
                                  vigil_context_now_us (self->context), body->str, NULL, error))
    return NULL;
  /* purge: the drill's context, posts and cases go with the runner */
  g_clear_object (&self->runner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNER]);
  g_signal_emit (self, signals[FINISHED], 0, report);
  return g_steal_pointer (&report);
}

GPtrArray *
vigil_drill_service_list_runs (VigilDrillService  *self,
                               GError            **error)
{
  g_autoptr(GPtrArray) records = vigil_store_list_records (vigil_context_get_store (self->context),
                                                           KIND_DRILL, NULL, 0, 0, error);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *runs;

  if (!records)
    return NULL;
  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_drill_run_info_free);
  for (guint i = 0; i < records->len; i++)
    {
      VigilRecord *r = g_ptr_array_index (records, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *body = _vigil_template_service_parse_record (r, parser);
      const char *op = body ? json_object_get_string_member_with_default (body, "op", "") : "";
      VigilDrillRunInfo *info = g_hash_table_lookup (by_id, r->key);

      if (g_str_equal (op, "start") && !info)
        {
          info = g_new0 (VigilDrillRunInfo, 1);
          info->run_id = g_strdup (r->key);
          info->scenario = g_strdup (json_object_get_string_member_with_default (body, "scenario", ""));
          info->title = g_strdup (json_object_get_string_member_with_default (body, "title", ""));
          info->started_by = g_strdup (r->actor);
          info->started_us = r->at_us;
          info->score = -1;
          g_hash_table_insert (by_id, info->run_id, info);
          g_ptr_array_insert (runs, 0, info);
        }
      else if (g_str_equal (op, "report") && info && json_object_has_member (body, "report"))
        {
          JsonObject *report = json_object_get_object_member (body, "report");
          JsonObject *summary = report ? json_object_get_object_member (report, "summary") : NULL;

          if (summary)
            info->score = json_object_get_int_member_with_default (summary, "score", -1);
        }
    }
  return runs;
}

VigilDrillReport *
vigil_drill_service_load_report (VigilDrillService  *self,
                                 const char         *run_id,
                                 GError            **error)
{
  g_autoptr(GPtrArray) records = NULL;

  if (!run_id || !*run_id)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_NOT_FOUND, _("No drill run id given"));
      return NULL;
    }
  if (!(records = vigil_store_list_records (vigil_context_get_store (self->context), KIND_DRILL, run_id, 0, 0, error)))
    return NULL;
  for (guint i = records->len; i > 0; i--)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *body = _vigil_template_service_parse_record (g_ptr_array_index (records, i - 1), parser);

      if (body && g_str_equal (json_object_get_string_member_with_default (body, "op", ""), "report") &&
          json_object_has_member (body, "report") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "report")))
        return vigil_drill_report_new_from_json (json_object_get_object_member (body, "report"), error);
    }
  g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_NOT_FOUND,
               records->len ? _("Drill %s has no report yet (it is running or was interrupted)")
                            : _("No drill %s in this archive (run “vigil-cli drill list”)"), run_id);
  return NULL;
}

static void
vigil_drill_service_dispose (GObject *object)
{
  VigilDrillService *self = VIGIL_DRILL_SERVICE (object);

  g_clear_object (&self->runner);
  G_OBJECT_CLASS (vigil_drill_service_parent_class)->dispose (object);
}

static void
vigil_drill_service_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  VigilDrillService *self = VIGIL_DRILL_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_get_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_drill_service_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  VigilDrillService *self = VIGIL_DRILL_SERVICE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_RUNNER:
      g_value_set_object (value, self->runner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_drill_service_class_init (VigilDrillServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_drill_service_dispose;
  object_class->set_property = vigil_drill_service_set_property;
  object_class->get_property = vigil_drill_service_get_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, VIGIL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNER] =
    g_param_spec_object ("runner", NULL, NULL, VIGIL_TYPE_DRILL_RUNNER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, VIGIL_TYPE_DRILL_REPORT);
}

static void
vigil_drill_service_init (VigilDrillService *self)
{
}
