/* vigil-drill-runner.c: plays a drill scenario into its own throw-away context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-drill-runner"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "vigil-case-board.h"
#include "vigil-drill-runner.h"
#include "vigil-memory-credential-store.h"
#include "vigil-template-library.h"
#include "vigil-template-output.h"

typedef struct
{
  double  at;         /* scenario seconds */
  char   *post_id;
  char   *op;
  char   *role;
  char   *template;
  char   *text;
} Action;

struct _VigilDrillRunner
{
  GObject             parent_instance;

  VigilDrillScenario *scenario;
  char               *run_id;
  double              speed;
  VigilContext       *context;
  GHashTable         *observations;  /* post id → VigilDrillObservation */
  GPtrArray          *actions;       /* Action, by time */
  GObject            *templates;     /* VigilTemplateLibrary, may be NULL */

  gint64              started_us;    /* wall clock at start */
  gint64              mono_start;
  guint               next_post;
  guint               next_action;
  guint               timeout_id;
  gboolean            running;
  gboolean            instant;       /* speed 0: jump from event to event */
  double              sim_at;        /* instant: scenario seconds now */
};

G_DEFINE_FINAL_TYPE (VigilDrillRunner, vigil_drill_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_PLAYED,
  PROP_RUNNING,
  N_PROPS
};

enum {
  POST_PLAYED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
action_free (gpointer data)
{
  Action *a = data;

  g_free (a->post_id);
  g_free (a->op);
  g_free (a->role);
  g_free (a->template);
  g_free (a->text);
  g_free (a);
}

gint64
vigil_drill_runner_now_us (VigilDrillRunner *self)
{
  if (!self->mono_start)
    return g_get_real_time ();
  if (self->instant)
    return self->started_us + (gint64) (self->sim_at * G_USEC_PER_SEC);
  return self->started_us + (gint64) ((g_get_monotonic_time () - self->mono_start) * self->speed);
}

static gint64
drill_clock (gpointer user_data)
{
  return vigil_drill_runner_now_us (user_data);
}

static char *
remote_prefix (VigilDrillRunner *self)
{
  return g_strdup_printf ("drill-%s-", self->run_id);
}

static void
play_post (VigilDrillRunner     *self,
           const VigilDrillPost *p)
{
  g_autofree char *prefix = remote_prefix (self);
  g_autofree char *remote = g_strconcat (prefix, p->id, NULL);
  g_autofree char *url = g_strdup_printf ("drill://%s/%s", self->run_id, p->id);
  g_autoptr(VigilPost) post = vigil_post_new (VIGIL_PLATFORM_DRILL, remote);
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();
  gint64 now = vigil_drill_runner_now_us (self);
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GError) error = NULL;

  /* handles are stored without the "@" the scenario may write */
  vigil_post_set_author (post, p->author[0] == '@' && p->author[1] ? p->author + 1 : p->author);
  vigil_post_set_author_name (post, p->author_name);
  vigil_post_set_text (post, p->text);
  vigil_post_set_lang (post, p->lang);
  vigil_post_set_url (post, url);
  vigil_post_set_created_at (post, created);
  g_ptr_array_add (batch, post);
  if (!vigil_store_insert (vigil_context_get_store (self->context), batch, NULL, &error))
    g_warning ("drill post %s not played: %s", p->id, error->message);
  g_hash_table_insert (self->observations, g_strdup (p->id), vigil_drill_observation_new (p->id, now));
}

static void
run_action (VigilDrillRunner *self,
            Action           *a)
{
  VigilCaseBoard *board = vigil_case_board_get (self->context);
  g_autofree char *prefix = remote_prefix (self);
  g_autofree char *remote = g_strconcat (prefix, a->post_id, NULL);
  g_autoptr(GError) error = NULL;
  VigilCase *kase = vigil_case_board_ensure_case (board, remote, &error);
  gboolean ok = FALSE;

  if (!kase)
    {
      g_debug ("drill script: %s %s: %s", a->op, a->post_id, error->message);
      return;
    }
  if (g_str_equal (a->op, "assign"))
    ok = vigil_case_board_assign (board, kase, a->role, NULL, NULL, &error);
  else if (g_str_equal (a->op, "leave"))
    ok = vigil_case_board_leave (board, kase, NULL, &error);
  else if (g_str_equal (a->op, "draft"))
    {
      g_autofree char *text = g_strdup (a->text);
      const char *template_id = NULL;
      gint64 version = 0;

      if (a->template && self->templates)
        {
          VigilTemplateLibrary *library = VIGIL_TEMPLATE_LIBRARY (self->templates);
          VigilTemplate *t = vigil_template_library_lookup (library, a->template);

          if (t)
            {
              g_autoptr(GHashTable) values = vigil_template_values_for_case (library, kase,
                                                                             vigil_drill_runner_now_us (self));
              g_autoptr(VigilTemplateOutput) out = NULL;
              const char *brand = vigil_drill_scenario_get_brand (self->scenario);

              if (brand && !g_hash_table_contains (values, "brand"))
                g_hash_table_insert (values, g_strdup ("brand"), g_strdup (brand));
              out = vigil_template_output_new (t, NULL, NULL, values);
              g_free (text);
              text = g_strdup (out->text);
              template_id = vigil_template_get_id (t);
              version = vigil_template_get_revision (t);
            }
        }
      ok = vigil_case_board_save_draft (board, kase, text ? text : "", template_id, version, NULL, &error);
    }
  else if (g_str_equal (a->op, "respond"))
    ok = vigil_case_board_respond (board, kase, NULL, &error);
  if (!ok)
    g_debug ("drill script: %s %s: %s", a->op, a->post_id, error ? error->message : "?");
}

static gboolean tick_cb (gpointer user_data);

static void
schedule (VigilDrillRunner *self)
{
  double next = INFINITY, elapsed;
  guint n_posts = vigil_drill_scenario_get_n_posts (self->scenario);

  if (self->next_post < n_posts)
    next = vigil_drill_scenario_get_post (self->scenario, self->next_post)->at;
  if (self->actions && self->next_action < self->actions->len)
    next = MIN (next, ((Action *) g_ptr_array_index (self->actions, self->next_action))->at);

  if (isinf (next))
    {
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      g_signal_emit (self, signals[FINISHED], 0);
      return;
    }
  if (self->instant)
    {
      self->timeout_id = g_idle_add (tick_cb, self);
      return;
    }
  elapsed = (vigil_drill_runner_now_us (self) - self->started_us) / (double) G_USEC_PER_SEC;
  self->timeout_id = g_timeout_add ((guint) MAX (0.0, ceil ((next - elapsed) * 1000 / self->speed)),
                                    tick_cb, self);
}

static gboolean
tick_cb (gpointer user_data)
{
  VigilDrillRunner *self = user_data;
  double elapsed;
  guint n_posts = vigil_drill_scenario_get_n_posts (self->scenario);
  guint played = 0;

  self->timeout_id = 0;
  if (self->instant)
    {
      /* the clock jumps to the next event */
      double post_at = self->next_post < n_posts
                       ? vigil_drill_scenario_get_post (self->scenario, self->next_post)->at : INFINITY;
      double action_at = self->actions && self->next_action < self->actions->len
                         ? ((Action *) g_ptr_array_index (self->actions, self->next_action))->at : INFINITY;
      self->sim_at = MAX (self->sim_at, MIN (post_at, action_at));
    }
  elapsed = (vigil_drill_runner_now_us (self) - self->started_us) / (double) G_USEC_PER_SEC;
  /* in scenario order: a post, then the actions on it that are due */
  for (;;)
    {
      double post_at = self->next_post < n_posts
                       ? vigil_drill_scenario_get_post (self->scenario, self->next_post)->at : INFINITY;
      double action_at = self->actions && self->next_action < self->actions->len
                         ? ((Action *) g_ptr_array_index (self->actions, self->next_action))->at : INFINITY;

      if (post_at <= elapsed && post_at <= action_at)
        {
          play_post (self, vigil_drill_scenario_get_post (self->scenario, self->next_post));
          g_signal_emit (self, signals[POST_PLAYED], 0, self->next_post);
          self->next_post++;
          played++;
        }
      else if (action_at <= elapsed)
        run_action (self, g_ptr_array_index (self->actions, self->next_action++));
      else
        break;
    }
  if (played)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PLAYED]);
  schedule (self);
  return G_SOURCE_REMOVE;
}

void
vigil_drill_runner_start (VigilDrillRunner *self)
{
  g_return_if_fail (!self->running && !self->mono_start);

  self->started_us = g_get_real_time ();
  self->mono_start = g_get_monotonic_time ();
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  schedule (self);
}

void
vigil_drill_runner_stop (VigilDrillRunner *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->running)
    {
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  const Action *x = *(Action **) a, *y = *(Action **) b;

  return x->at < y->at ? -1 : x->at > y->at;
}

gboolean
vigil_drill_runner_set_script (VigilDrillRunner  *self,
                               JsonArray         *script,
                               GObject           *templates,
                               GError           **error)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (action_free);
  static const char *ops[] = { "assign", "leave", "draft", "respond", NULL };

  if (self->next_post > 0)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_RUNNING,
                   _("The drill has started playing; set the script before the first post"));
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (script); i++)
    {
      JsonNode *node = json_array_get_element (script, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *op = o ? json_object_get_string_member_with_default (o, "do", NULL) : NULL;
      const char *post = o ? json_object_get_string_member_with_default (o, "post", NULL) : NULL;
      const char *persona = o ? json_object_get_string_member_with_default (o, "persona", NULL) : NULL;
      double after = o ? json_object_get_double_member_with_default (o, "after", -1) : -1;
      guint matched = 0;

      if (!op || !g_strv_contains (ops, op) || (!post == !persona) || after < 0 ||
          (g_str_equal (op, "assign") && !json_object_get_string_member_with_default (o, "role", NULL)))
        {
          g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                       _("script action %u: needs “do” (assign, leave, draft, respond), “after” ≥ 0, "
                         "one of “post” or “persona”, and “role” to assign"), i + 1);
          return FALSE;
        }
      for (guint p = 0; p < vigil_drill_scenario_get_n_posts (self->scenario); p++)
        {
          const VigilDrillPost *dp = vigil_drill_scenario_get_post (self->scenario, p);
          Action *a;

          if (post ? !g_str_equal (post, dp->id) : !g_str_equal (persona, dp->persona))
            continue;
          a = g_new0 (Action, 1);
          a->at = dp->at + after;
          a->post_id = g_strdup (dp->id);
          a->op = g_strdup (op);
          a->role = g_strdup (json_object_get_string_member_with_default (o, "role", NULL));
          a->template = g_strdup (json_object_get_string_member_with_default (o, "template", NULL));
          a->text = g_strdup (json_object_get_string_member_with_default (o, "text", NULL));
          g_ptr_array_add (actions, a);
          matched++;
        }
      if (!matched)
        {
          g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                       _("script action %u: no post “%s” in the scenario"), i + 1, post ? post : persona);
          return FALSE;
        }
    }
  g_ptr_array_sort (actions, compare_actions);
  if (templates && !vigil_template_library_get_store (VIGIL_TEMPLATE_LIBRARY (templates)))
    templates = NULL;
  if (templates && g_list_model_get_n_items (G_LIST_MODEL (templates)) == 0 &&
      !vigil_template_library_load (VIGIL_TEMPLATE_LIBRARY (templates), error))
    return FALSE;
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  self->actions = g_steal_pointer (&actions);
  g_set_object (&self->templates, templates);
  return TRUE;
}

VigilDrillReport *
vigil_drill_runner_build_report (VigilDrillRunner  *self,
                                 GError           **error)
{
  g_autofree char *prefix = remote_prefix (self);

  /* start from what was played only: reset what earlier reads filled in */
  GHashTableIter iter;
  VigilDrillObservation *o;

  g_hash_table_iter_init (&iter, self->observations);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &o))
    {
      o->triaged_us = o->responded_us = 0;
      g_clear_pointer (&o->role, g_free);
      g_strfreev (o->templates);
      o->templates = g_new0 (char *, 1);
    }
  vigil_store_flush (vigil_context_get_store (self->context));
  if (!vigil_drill_observe_store (vigil_context_get_store (self->context), prefix, self->observations, error))
    return NULL;
  return vigil_drill_report_compute (self->scenario, self->observations, self->run_id, self->speed,
                                     self->started_us, vigil_drill_runner_now_us (self));
}

VigilContext *vigil_drill_runner_get_context (VigilDrillRunner *self) { return self->context; }
VigilDrillScenario *vigil_drill_runner_get_scenario (VigilDrillRunner *self) { return self->scenario; }
const char *vigil_drill_runner_get_run_id (VigilDrillRunner *self) { return self->run_id; }
double vigil_drill_runner_get_speed (VigilDrillRunner *self) { return self->speed; }
guint vigil_drill_runner_get_n_played (VigilDrillRunner *self) { return self->next_post; }
gboolean vigil_drill_runner_get_running (VigilDrillRunner *self) { return self->running; }
gint64 vigil_drill_runner_get_started_us (VigilDrillRunner *self) { return self->started_us; }

VigilDrillRunner *
vigil_drill_runner_new (VigilDrillScenario  *scenario,
                        const char          *run_id,
                        double               speed,
                        const char          *actor,
                        GError             **error)
{
  g_autoptr(VigilDrillRunner) self = g_object_new (VIGIL_TYPE_DRILL_RUNNER, NULL);
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  VigilContextOptions options = { .credentials = credentials, .actor = actor, .no_sources = TRUE };

  g_return_val_if_fail (VIGIL_IS_DRILL_SCENARIO (scenario), NULL);

  if (!(speed >= 0 && speed <= 10000))
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("The speed must be between 0 (as fast as possible) and 10000 (got %g)"), speed);
      return NULL;
    }
  if (!(store = vigil_store_open (":memory:", error)) ||
      !(self->context = vigil_context_new_for_store (store, &options, error)))
    return NULL;
  self->scenario = g_object_ref (scenario);
  self->run_id = g_strdup (run_id);
  self->speed = speed;
  self->instant = speed == 0;
  vigil_context_set_clock (self->context, drill_clock, self);
  return g_steal_pointer (&self);
}

static void
vigil_drill_runner_dispose (GObject *object)
{
  VigilDrillRunner *self = VIGIL_DRILL_RUNNER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->context)
    {
      vigil_context_set_clock (self->context, NULL, NULL);
      vigil_context_shutdown (self->context);
    }
  g_clear_object (&self->context);
  g_clear_object (&self->templates);
  G_OBJECT_CLASS (vigil_drill_runner_parent_class)->dispose (object);
}

static void
vigil_drill_runner_finalize (GObject *object)
{
  VigilDrillRunner *self = VIGIL_DRILL_RUNNER (object);

  g_clear_object (&self->scenario);
  g_free (self->run_id);
  g_hash_table_unref (self->observations);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  G_OBJECT_CLASS (vigil_drill_runner_parent_class)->finalize (object);
}

static void
vigil_drill_runner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilDrillRunner *self = VIGIL_DRILL_RUNNER (object);

  switch (prop_id)
    {
    case PROP_N_PLAYED:
      g_value_set_uint (value, self->next_post);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_drill_runner_class_init (VigilDrillRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_drill_runner_dispose;
  object_class->finalize = vigil_drill_runner_finalize;
  object_class->get_property = vigil_drill_runner_get_property;

  properties[PROP_N_PLAYED] = g_param_spec_uint ("n-played", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[POST_PLAYED] = g_signal_new ("post-played", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_drill_runner_init (VigilDrillRunner *self)
{
  self->observations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) vigil_drill_observation_free);
}
