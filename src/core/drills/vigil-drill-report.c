/* vigil-drill-report.c: how the team did in a drill, post by post, and a score
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-drill-report"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "vigil-drill-report.h"
#include "vigil-template-service-private.h"

struct _VigilDrillReport
{
  GObject   parent_instance;

  JsonNode *root;   /* object */
};

G_DEFINE_FINAL_TYPE (VigilDrillReport, vigil_drill_report, G_TYPE_OBJECT)

static void
vigil_drill_report_finalize (GObject *object)
{
  g_clear_pointer (&VIGIL_DRILL_REPORT (object)->root, json_node_unref);
  G_OBJECT_CLASS (vigil_drill_report_parent_class)->finalize (object);
}

static void
vigil_drill_report_class_init (VigilDrillReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_drill_report_finalize;
}

static void
vigil_drill_report_init (VigilDrillReport *self)
{
}

VigilDrillObservation *
vigil_drill_observation_new (const char *post_id,
                             gint64      played_us)
{
  VigilDrillObservation *o = g_new0 (VigilDrillObservation, 1);

  o->post_id = g_strdup (post_id);
  o->played_us = played_us;
  o->templates = g_new0 (char *, 1);
  return o;
}

void
vigil_drill_observation_free (VigilDrillObservation *o)
{
  if (!o)
    return;
  g_free (o->post_id);
  g_free (o->role);
  g_strfreev (o->templates);
  g_free (o);
}

/* --- Reading the drill store's case records ----------------------------- */

gboolean
vigil_drill_observe_store (VigilStore  *drill_store,
                           const char  *remote_prefix,
                           GHashTable  *observations,
                           GError     **error)
{
  g_autoptr(GPtrArray) records = vigil_store_list_records (drill_store, "case", NULL, 0, 0, error);
  g_autoptr(GHashTable) case_post = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize prefix_len = strlen (remote_prefix);

  if (!records)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      VigilRecord *r = g_ptr_array_index (records, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *body;
      const char *op, *post_id;
      VigilDrillObservation *o;

      if (!(body = _vigil_template_service_parse_record (r, parser)))
        continue;
      op = json_object_get_string_member_with_default (body, "op", "");
      if (g_str_equal (op, "open"))
        {
          const char *remote = json_object_get_string_member_with_default (body, "remote_id", "");

          if (g_str_has_prefix (remote, remote_prefix))
            g_hash_table_insert (case_post, g_strdup (r->key), g_strdup (remote + prefix_len));
          continue;
        }
      post_id = g_hash_table_lookup (case_post, r->key);
      if (!post_id || !(o = g_hash_table_lookup (observations, post_id)))
        continue;
      if (g_str_equal (r->actor, "inbox-rule"))
        continue;
      if (!o->triaged_us && (g_str_equal (op, "assign") || g_str_equal (op, "escalate") ||
                             g_str_equal (op, "leave")))
        {
          const char *role = json_object_get_string_member_with_default (body, "role", NULL);

          o->triaged_us = r->at_us;
          g_free (o->role);
          o->role = g_strdup (g_str_equal (op, "leave") ? "leave" : role);
        }
      else if (g_str_equal (op, "draft") && json_object_has_member (body, "template_id"))
        {
          g_autofree char *used = g_strdup_printf ("%s@%" G_GINT64_FORMAT,
                                                   json_object_get_string_member_with_default (body, "template_id", "?"),
                                                   json_object_get_int_member_with_default (body, "template_version", 0));
          if (!g_strv_contains ((const char * const *) o->templates, used))
            {
              guint n = g_strv_length (o->templates);
              o->templates = g_renew (char *, o->templates, n + 2);
              o->templates[n] = g_steal_pointer (&used);
              o->templates[n + 1] = NULL;
            }
        }
      else if (g_str_equal (op, "respond") && !o->responded_us)
        o->responded_us = r->at_us;
    }
  return TRUE;
}

/* --- Computing ------------------------------------------------------------ */

static char *
iso (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : g_strdup ("");
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return -1;
  g_array_sort (values, compare_doubles);
  if (values->len % 2)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

static double
mean (GArray *values)
{
  double sum = 0;

  if (values->len == 0)
    return -1;
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  return sum / values->len;
}

/* rounded to 0.1 s, -1 stays -1 */
static double
tenth (double seconds)
{
  return seconds < 0 ? -1 : round (seconds * 10) / 10;
}

VigilDrillReport *
vigil_drill_report_compute (VigilDrillScenario *scenario,
                            GHashTable         *observations,
                            const char         *run_id,
                            double              speed,
                            gint64              started_us,
                            gint64              finished_us)
{
  VigilDrillReport *self = g_object_new (VIGIL_TYPE_DRILL_REPORT, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GArray) triage_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) response_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) templates = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *started = iso (started_us), *finished = iso (finished_us);
  double triage_sla = vigil_drill_scenario_get_triage_sla (scenario);
  double response_sla = vigil_drill_scenario_get_response_sla (scenario);
  guint n_posts = 0, n_triaged = 0, n_responded = 0, n_expected = 0, role_ok = 0;
  guint triage_breaches = 0, response_breaches = 0, points = 0, possible = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "run");
  json_builder_add_string_value (b, run_id);
  json_builder_set_member_name (b, "scenario");
  json_builder_add_string_value (b, vigil_drill_scenario_get_id (scenario));
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, vigil_drill_scenario_get_title (scenario));
  json_builder_set_member_name (b, "checksum");
  json_builder_add_string_value (b, vigil_drill_scenario_get_checksum (scenario));
  json_builder_set_member_name (b, "speed");
  json_builder_add_double_value (b, speed);
  json_builder_set_member_name (b, "started_at");
  json_builder_add_string_value (b, started);
  json_builder_set_member_name (b, "finished_at");
  json_builder_add_string_value (b, finished);
  json_builder_set_member_name (b, "sla");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "triage_seconds");
  json_builder_add_double_value (b, triage_sla);
  json_builder_set_member_name (b, "response_seconds");
  json_builder_add_double_value (b, response_sla);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "posts");
  json_builder_begin_array (b);
  for (guint i = 0; i < vigil_drill_scenario_get_n_posts (scenario); i++)
    {
      const VigilDrillPost *p = vigil_drill_scenario_get_post (scenario, i);
      VigilDrillObservation *o = g_hash_table_lookup (observations, p->id);
      double triage = -1, response = -1;
      gboolean triage_breach, response_breach = FALSE, right_role;

      if (!o)
        continue;   /* not played (the drill was stopped early) */
      n_posts++;
      if (o->triaged_us)
        {
          triage = (o->triaged_us - o->played_us) / (double) G_USEC_PER_SEC;
          g_array_append_val (triage_times, triage);
          n_triaged++;
        }
      if (o->responded_us)
        {
          response = (o->responded_us - o->played_us) / (double) G_USEC_PER_SEC;
          g_array_append_val (response_times, response);
          n_responded++;
        }
      triage_breach = triage < 0 || triage > triage_sla;
      right_role = o->role && g_ascii_strcasecmp (o->role, p->expected_role) == 0;
      if (p->expects_response)
        {
          n_expected++;
          response_breach = response < 0 || response > response_sla;
          possible++;
          points += !response_breach;
        }
      possible += 2;
      points += !triage_breach + right_role;
      role_ok += right_role;
      triage_breaches += triage_breach;
      response_breaches += response_breach;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "post");
      json_builder_add_string_value (b, p->id);
      json_builder_set_member_name (b, "at");
      json_builder_add_double_value (b, p->at);
      json_builder_set_member_name (b, "author");
      json_builder_add_string_value (b, p->author);
      json_builder_set_member_name (b, "persona");
      json_builder_add_string_value (b, p->persona);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, p->text);
      json_builder_set_member_name (b, "expected_role");
      json_builder_add_string_value (b, p->expected_role);
      json_builder_set_member_name (b, "role");
      if (o->role)
        json_builder_add_string_value (b, o->role);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "role_ok");
      json_builder_add_boolean_value (b, right_role);
      json_builder_set_member_name (b, "time_to_triage");
      json_builder_add_double_value (b, tenth (triage));
      json_builder_set_member_name (b, "time_to_response");
      json_builder_add_double_value (b, tenth (response));
      json_builder_set_member_name (b, "expects_response");
      json_builder_add_boolean_value (b, p->expects_response);
      json_builder_set_member_name (b, "triage_breach");
      json_builder_add_boolean_value (b, triage_breach);
      json_builder_set_member_name (b, "response_breach");
      json_builder_add_boolean_value (b, response_breach);
      json_builder_set_member_name (b, "templates");
      json_builder_begin_array (b);
      for (guint t = 0; o->templates && o->templates[t]; t++)
        {
          json_builder_add_string_value (b, o->templates[t]);
          g_hash_table_add (templates, o->templates[t]);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "summary");
  json_builder_begin_object (b);
#define INT(name, value) json_builder_set_member_name (b, name); json_builder_add_int_value (b, value)
#define DBL(name, value) json_builder_set_member_name (b, name); json_builder_add_double_value (b, value)
  INT ("n_posts", n_posts);
  INT ("n_triaged", n_triaged);
  INT ("n_expected_responses", n_expected);
  INT ("n_responded", n_responded);
  INT ("role_correct", role_ok);
  INT ("triage_breaches", triage_breaches);
  INT ("response_breaches", response_breaches);
  INT ("sla_breaches", triage_breaches + response_breaches);
  INT ("templates_used", g_hash_table_size (templates));
  DBL ("mean_time_to_triage", tenth (mean (triage_times)));
  DBL ("median_time_to_triage", tenth (median (triage_times)));
  DBL ("mean_time_to_response", tenth (mean (response_times)));
  DBL ("median_time_to_response", tenth (median (response_times)));
  INT ("points", points);
  INT ("possible", possible);
  INT ("score", possible ? (gint64) floor (100.0 * points / possible + 0.5) : 0);
#undef INT
#undef DBL
  json_builder_end_object (b);
  json_builder_end_object (b);

  self->root = json_builder_get_root (b);
  return self;
}

VigilDrillReport *
vigil_drill_report_new_from_json (JsonObject  *object,
                                  GError     **error)
{
  VigilDrillReport *self;
  JsonNode *posts = json_object_get_member (object, "posts");
  JsonNode *summary = json_object_get_member (object, "summary");

  if (!posts || !JSON_NODE_HOLDS_ARRAY (posts) || !summary || !JSON_NODE_HOLDS_OBJECT (summary) ||
      !json_object_get_string_member_with_default (object, "run", NULL))
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("The drill report is damaged (no posts or summary)"));
      return NULL;
    }
  self = g_object_new (VIGIL_TYPE_DRILL_REPORT, NULL);
  self->root = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (self->root, object);
  return self;
}

JsonObject *
vigil_drill_report_get_object (VigilDrillReport *self)
{
  return json_node_get_object (self->root);
}

char *
vigil_drill_report_to_json (VigilDrillReport *self)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, self->root);
  return json_generator_to_data (generator, NULL);
}

const char *
vigil_drill_report_get_run_id (VigilDrillReport *self)
{
  return json_object_get_string_member_with_default (json_node_get_object (self->root), "run", NULL);
}

const char *
vigil_drill_report_get_title (VigilDrillReport *self)
{
  return json_object_get_string_member_with_default (json_node_get_object (self->root), "title", NULL);
}

double
vigil_drill_report_get_summary (VigilDrillReport *self,
                                const char       *member)
{
  JsonObject *summary = json_object_get_object_member (json_node_get_object (self->root), "summary");
  JsonNode *node = summary ? json_object_get_member (summary, member) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : -1;
}

int
vigil_drill_report_get_score (VigilDrillReport *self)
{
  return (int) vigil_drill_report_get_summary (self, "score");
}

guint
vigil_drill_report_get_n_rows (VigilDrillReport *self)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (self->root), "posts"));
}

JsonObject *
vigil_drill_report_get_row (VigilDrillReport *self,
                            guint             index)
{
  JsonArray *posts = json_object_get_array_member (json_node_get_object (self->root), "posts");

  g_return_val_if_fail (index < json_array_get_length (posts), NULL);
  return json_array_get_object_element (posts, index);
}

/* --- HTML ----------------------------------------------------------------- */

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static void
append_seconds (GString *out,
                double   seconds)
{
  if (seconds < 0)
    g_string_append (out, "—");
  else if (seconds < 120)
    g_string_append_printf (out, _("%.0f s"), seconds);
  else
    g_string_append_printf (out, _("%.1f min"), seconds / 60);
}

char *
vigil_drill_report_to_html (VigilDrillReport *self)
{
  JsonObject *root = json_node_get_object (self->root);
  GString *out = g_string_new (NULL);
  guint n = vigil_drill_report_get_n_rows (self);

  g_string_append (out, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>");
  append_escaped (out, _("Drill report"));
  g_string_append (out, "</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                        "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}"
                        ".bad{color:#c01c28;font-weight:bold}.ok{color:#26a269}.score{font-size:3em;font-weight:bold}"
                        ".drill{background:#e5a50a;color:#000;padding:2px 8px;border-radius:4px;font-weight:bold}</style>\n</head><body>\n");
  g_string_append (out, "<p><span class=\"drill\">");
  append_escaped (out, _("DRILL"));
  g_string_append (out, "</span></p>\n<h1>");
  append_escaped (out, json_object_get_string_member_with_default (root, "title", ""));
  g_string_append (out, "</h1>\n<p>");
  append_escaped (out, _("Run"));
  g_string_append (out, " ");
  append_escaped (out, json_object_get_string_member_with_default (root, "run", ""));
  g_string_append (out, " · ");
  append_escaped (out, json_object_get_string_member_with_default (root, "started_at", ""));
  g_string_append_printf (out, " · ×%g</p>\n<p class=\"score\">%d/100</p>\n<ul>\n",
                          json_object_get_double_member_with_default (root, "speed", 1),
                          vigil_drill_report_get_score (self));
  g_string_append_printf (out, "<li>%s: %.0f / %.0f</li>\n", _("Posts triaged"),
                          vigil_drill_report_get_summary (self, "n_triaged"), vigil_drill_report_get_summary (self, "n_posts"));
  g_string_append_printf (out, "<li>%s: %.0f / %.0f</li>\n", _("Right role"),
                          vigil_drill_report_get_summary (self, "role_correct"), vigil_drill_report_get_summary (self, "n_posts"));
  g_string_append_printf (out, "<li>%s: %.0f / %.0f</li>\n", _("Responses sent"),
                          vigil_drill_report_get_summary (self, "n_responded"), vigil_drill_report_get_summary (self, "n_expected_responses"));
  g_string_append_printf (out, "<li>%s: %.0f</li>\n", _("SLA breaches"), vigil_drill_report_get_summary (self, "sla_breaches"));
  g_string_append_printf (out, "<li>%s: ", _("Median time to triage"));
  append_seconds (out, vigil_drill_report_get_summary (self, "median_time_to_triage"));
  g_string_append_printf (out, "</li>\n<li>%s: ", _("Median time to first response"));
  append_seconds (out, vigil_drill_report_get_summary (self, "median_time_to_response"));
  g_string_append_printf (out, "</li>\n<li>%s: %.0f</li>\n</ul>\n<table>\n<tr>", _("Templates used"),
                          vigil_drill_report_get_summary (self, "templates_used"));
  {
    const char *headers[] = { N_("Post"), N_("Persona"), N_("Text"), N_("Expected role"), N_("Role chosen"),
                              N_("Time to triage"), N_("Time to first response"), N_("Templates") };
    for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
      {
        g_string_append (out, "<th>");
        append_escaped (out, _(headers[i]));
        g_string_append (out, "</th>");
      }
  }
  g_string_append (out, "</tr>\n");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *row = vigil_drill_report_get_row (self, i);
      JsonArray *templates = json_object_get_array_member (row, "templates");
      const char *role = json_object_get_string_member_with_default (row, "role", NULL);

      g_string_append (out, "<tr><td>");
      append_escaped (out, json_object_get_string_member_with_default (row, "post", ""));
      g_string_append (out, "</td><td>");
      append_escaped (out, json_object_get_string_member_with_default (row, "persona", ""));
      g_string_append (out, "</td><td>");
      append_escaped (out, json_object_get_string_member_with_default (row, "text", ""));
      g_string_append (out, "</td><td>");
      append_escaped (out, json_object_get_string_member_with_default (row, "expected_role", ""));
      g_string_append_printf (out, "</td><td class=\"%s\">",
                              json_object_get_boolean_member_with_default (row, "role_ok", FALSE) ? "ok" : "bad");
      append_escaped (out, role ? role : "—");
      g_string_append_printf (out, "</td><td class=\"%s\">",
                              json_object_get_boolean_member_with_default (row, "triage_breach", FALSE) ? "bad" : "ok");
      append_seconds (out, json_object_get_double_member_with_default (row, "time_to_triage", -1));
      g_string_append_printf (out, "</td><td class=\"%s\">",
                              json_object_get_boolean_member_with_default (row, "response_breach", FALSE) ? "bad" : "ok");
      if (json_object_get_boolean_member_with_default (row, "expects_response", TRUE))
        append_seconds (out, json_object_get_double_member_with_default (row, "time_to_response", -1));
      else
        append_escaped (out, _("not needed"));
      g_string_append (out, "</td><td>");
      for (guint t = 0; templates && t < json_array_get_length (templates); t++)
        {
          if (t)
            g_string_append (out, ", ");
          append_escaped (out, json_array_get_string_element (templates, t));
        }
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</table>\n</body></html>\n");
  return g_string_free (out, FALSE);
}
