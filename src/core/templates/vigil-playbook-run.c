/* vigil-playbook-run.c: one run of a playbook (an ordered checklist), usually for a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-playbook-run"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-json-writer.h"
#include "vigil-playbook-run.h"

struct _VigilPlaybookRun
{
  GObject    parent_instance;

  char      *id;
  char      *playbook;
  char      *title;
  char      *case_id;
  char      *subject;
  char      *started_by;
  gint64     started_at;
  gint64     version;
  GPtrArray *steps;
};

G_DEFINE_FINAL_TYPE (VigilPlaybookRun, vigil_playbook_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PLAYBOOK,
  PROP_TITLE,
  PROP_CASE_ID,
  PROP_SUBJECT,
  PROP_STARTED_BY,
  PROP_STARTED_AT,
  PROP_N_STEPS,
  PROP_N_DONE,
  PROP_PROGRESS_LABEL,
  N_PROPS
};

enum {
  STEP_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
step_free (gpointer data)
{
  VigilPlaybookStep *step = data;

  g_free (step->id);
  g_free (step->title);
  g_free (step->detail);
  g_free (step->template);
  g_free (step->done_by);
  g_free (step);
}

static void
vigil_playbook_run_finalize (GObject *object)
{
  VigilPlaybookRun *self = VIGIL_PLAYBOOK_RUN (object);

  g_free (self->id);
  g_free (self->playbook);
  g_free (self->title);
  g_free (self->case_id);
  g_free (self->subject);
  g_free (self->started_by);
  g_ptr_array_unref (self->steps);
  G_OBJECT_CLASS (vigil_playbook_run_parent_class)->finalize (object);
}

static void
vigil_playbook_run_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilPlaybookRun *self = VIGIL_PLAYBOOK_RUN (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_PLAYBOOK: g_value_set_string (value, self->playbook); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_CASE_ID: g_value_set_string (value, self->case_id); break;
    case PROP_SUBJECT: g_value_set_string (value, self->subject); break;
    case PROP_STARTED_BY: g_value_set_string (value, self->started_by); break;
    case PROP_STARTED_AT: g_value_set_int64 (value, self->started_at); break;
    case PROP_N_STEPS: g_value_set_uint (value, self->steps->len); break;
    case PROP_N_DONE: g_value_set_uint (value, vigil_playbook_run_get_n_done (self)); break;
    case PROP_PROGRESS_LABEL:
      /* Translators: steps done of all steps, e.g. "2 of 5 done" */
      g_value_take_string (value, g_strdup_printf (_("%u of %u done"),
                                                   vigil_playbook_run_get_n_done (self), self->steps->len));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_playbook_run_class_init (VigilPlaybookRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_playbook_run_finalize;
  object_class->get_property = vigil_playbook_run_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_PLAYBOOK] = g_param_spec_string ("playbook", NULL, NULL, NULL, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, ro);
  properties[PROP_CASE_ID] = g_param_spec_string ("case-id", NULL, NULL, NULL, ro);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, ro);
  properties[PROP_STARTED_BY] = g_param_spec_string ("started-by", NULL, NULL, NULL, ro);
  properties[PROP_STARTED_AT] = g_param_spec_int64 ("started-at", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_N_STEPS] = g_param_spec_uint ("n-steps", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DONE] = g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PROGRESS_LABEL] = g_param_spec_string ("progress-label", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STEP_CHANGED] = g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
vigil_playbook_run_init (VigilPlaybookRun *self)
{
  self->steps = g_ptr_array_new_with_free_func (step_free);
}

const char *vigil_playbook_run_get_id (VigilPlaybookRun *self) { return self->id; }
const char *vigil_playbook_run_get_playbook (VigilPlaybookRun *self) { return self->playbook; }
const char *vigil_playbook_run_get_title (VigilPlaybookRun *self) { return self->title; }
const char *vigil_playbook_run_get_case_id (VigilPlaybookRun *self) { return self->case_id; }
const char *vigil_playbook_run_get_subject (VigilPlaybookRun *self) { return self->subject; }
const char *vigil_playbook_run_get_started_by (VigilPlaybookRun *self) { return self->started_by; }
gint64 vigil_playbook_run_get_started_at (VigilPlaybookRun *self) { return self->started_at; }
gint64 vigil_playbook_run_get_version (VigilPlaybookRun *self) { return self->version; }
guint vigil_playbook_run_get_n_steps (VigilPlaybookRun *self) { return self->steps->len; }

guint
vigil_playbook_run_get_n_done (VigilPlaybookRun *self)
{
  guint n = 0;

  for (guint i = 0; i < self->steps->len; i++)
    n += ((VigilPlaybookStep *) g_ptr_array_index (self->steps, i))->done;
  return n;
}

const VigilPlaybookStep *
vigil_playbook_run_get_step (VigilPlaybookRun *self,
                             guint             index)
{
  g_return_val_if_fail (index < self->steps->len, NULL);
  return g_ptr_array_index (self->steps, index);
}

int
vigil_playbook_run_find_step (VigilPlaybookRun *self,
                              const char       *step_id)
{
  for (guint i = 0; step_id && i < self->steps->len; i++)
    if (g_str_equal (((VigilPlaybookStep *) g_ptr_array_index (self->steps, i))->id, step_id))
      return i;
  return -1;
}

static char *
dup_member (JsonObject *o,
            const char *name)
{
  const char *s = json_object_get_string_member_with_default (o, name, NULL);

  return s && *s ? g_strdup (s) : NULL;
}

VigilPlaybookRun *
_vigil_playbook_run_new (const char *id,
                         JsonObject *start,
                         const char *actor,
                         gint64      at_us)
{
  VigilPlaybookRun *self = g_object_new (VIGIL_TYPE_PLAYBOOK_RUN, NULL);
  JsonArray *steps = json_object_has_member (start, "steps") &&
                     JSON_NODE_HOLDS_ARRAY (json_object_get_member (start, "steps"))
                     ? json_object_get_array_member (start, "steps") : NULL;

  self->id = g_strdup (id);
  self->playbook = dup_member (start, "playbook");
  self->title = dup_member (start, "title");
  self->case_id = dup_member (start, "case");
  self->subject = dup_member (start, "subject");
  self->started_by = g_strdup (actor);
  self->started_at = at_us;
  self->version = 1;
  for (guint i = 0; steps && i < json_array_get_length (steps); i++)
    {
      JsonNode *node = json_array_get_element (steps, i);
      VigilPlaybookStep *step;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      step = g_new0 (VigilPlaybookStep, 1);
      step->id = dup_member (json_node_get_object (node), "id");
      step->title = dup_member (json_node_get_object (node), "title");
      step->detail = dup_member (json_node_get_object (node), "detail");
      step->template = dup_member (json_node_get_object (node), "template");
      if (!step->id || !step->title)
        {
          step_free (step);
          continue;
        }
      g_ptr_array_add (self->steps, step);
    }
  return self;
}

void
_vigil_playbook_run_apply_tick (VigilPlaybookRun *self,
                                const char       *step_id,
                                gboolean          done,
                                const char       *actor,
                                gint64            at_us,
                                gint64            version)
{
  int index = vigil_playbook_run_find_step (self, step_id);
  VigilPlaybookStep *step;

  self->version = version;
  if (index < 0)
    return;
  step = g_ptr_array_index (self->steps, index);
  step->done = done;
  g_free (step->done_by);
  step->done_by = g_strdup (actor);
  step->done_at = at_us;
  g_signal_emit (self, signals[STEP_CHANGED], 0, (guint) index);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_LABEL]);
}

void
vigil_playbook_run_write_json (VigilPlaybookRun *self,
                               GString          *out)
{
  g_string_append_c (out, '{');
  vigil_json_writer_member (out, "id", self->id, FALSE);
  vigil_json_writer_member (out, "playbook", self->playbook, TRUE);
  vigil_json_writer_member (out, "title", self->title, TRUE);
  if (self->case_id)
    vigil_json_writer_member (out, "case", self->case_id, TRUE);
  if (self->subject)
    vigil_json_writer_member (out, "subject", self->subject, TRUE);
  vigil_json_writer_member (out, "started_by", self->started_by, TRUE);
  g_string_append_printf (out, ",\"started_at_us\":%" G_GINT64_FORMAT ",\"done\":%u,\"steps\":[",
                          self->started_at, vigil_playbook_run_get_n_done (self));
  for (guint i = 0; i < self->steps->len; i++)
    {
      VigilPlaybookStep *step = g_ptr_array_index (self->steps, i);

      g_string_append (out, i ? ",{" : "{");
      vigil_json_writer_member (out, "id", step->id, FALSE);
      vigil_json_writer_member (out, "title", step->title, TRUE);
      if (step->template)
        vigil_json_writer_member (out, "template", step->template, TRUE);
      g_string_append_printf (out, ",\"done\":%s", step->done ? "true" : "false");
      if (step->done_by)
        {
          vigil_json_writer_member (out, "by", step->done_by, TRUE);
          g_string_append_printf (out, ",\"at_us\":%" G_GINT64_FORMAT, step->done_at);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}
