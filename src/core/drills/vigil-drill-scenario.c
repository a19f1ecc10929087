/* vigil-drill-scenario.c: a scripted crisis, as a timeline of posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-drill-scenario"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vigil-data-resources.h"
#include "vigil-drill-scenario.h"

G_DEFINE_QUARK (vigil-drill-error-quark, vigil_drill_error)

struct _VigilDrillScenario
{
  GObject    parent_instance;

  char      *id;
  char      *title;
  char      *description;
  char      *brand;
  char      *checksum;
  double     triage_sla;
  double     response_sla;
  GPtrArray *posts;        /* VigilDrillPost, by time */
  GHashTable *by_id;       /* id → VigilDrillPost */
};

G_DEFINE_FINAL_TYPE (VigilDrillScenario, vigil_drill_scenario, G_TYPE_OBJECT)

static void
post_free (gpointer data)
{
  VigilDrillPost *p = data;

  g_free (p->id);
  g_free (p->author);
  g_free (p->author_name);
  g_free (p->text);
  g_free (p->lang);
  g_free (p->persona);
  g_free (p->expected_role);
  g_free (p);
}

static void
vigil_drill_scenario_finalize (GObject *object)
{
  VigilDrillScenario *self = VIGIL_DRILL_SCENARIO (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->description);
  g_free (self->brand);
  g_free (self->checksum);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->posts);
  G_OBJECT_CLASS (vigil_drill_scenario_parent_class)->finalize (object);
}

static void
vigil_drill_scenario_class_init (VigilDrillScenarioClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vigil_drill_scenario_finalize;
}

static void
vigil_drill_scenario_init (VigilDrillScenario *self)
{
  self->posts = g_ptr_array_new_with_free_func (post_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->triage_sla = 300;
  self->response_sla = 1800;
}

/* A string member: NULL when absent (required: error); wrong type, empty
 * when required, too long or invalid UTF-8: error. */
static gboolean
get_str (JsonObject  *o,
         const char  *member,
         gboolean     required,
         gsize        max,
         const char  *where,
         const char **out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);

  *out = NULL;
  if (!node || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                       _("%s: “%s” is missing"), where, member);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      (required && !*json_node_get_string (node)) || strlen (json_node_get_string (node)) > max ||
      !g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("%s: “%s” must be a non-empty text of at most %zu bytes"), where, member, max);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_number (JsonObject  *o,
            const char  *member,
            double       min,
            double       max,
            double      *out,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  GType type;

  if (!node)
    return TRUE;   /* keep the default */
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("%s: “%s” must be a number"), where, member);
      return FALSE;
    }
  *out = json_node_get_double (node);
  if (!(*out >= min && *out <= max))
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("%s: “%s” must be between %g and %g"), where, member, min, max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_post (VigilDrillScenario  *self,
          VigilDrillPost      *post,
          const char          *where,
          GError             **error)
{
  if (self->posts->len >= VIGIL_DRILL_MAX_POSTS)
    {
      post_free (post);
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_TOO_LARGE,
                   _("%s: more than %d posts in all"), where, VIGIL_DRILL_MAX_POSTS);
      return FALSE;
    }
  if (!g_hash_table_insert (self->by_id, post->id, post))
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("%s: the id “%s” is used twice"), where, post->id);
      g_hash_table_steal (self->by_id, post->id);
      post_free (post);
      return FALSE;
    }
  g_ptr_array_add (self->posts, post);
  return TRUE;
}

static gboolean
parse_post (VigilDrillScenario  *self,
            JsonObject          *o,
            guint                index,
            GError             **error)
{
  g_autofree char *where = g_strdup_printf (_("post %u"), index + 1);
  const char *id, *author, *name, *text, *lang, *persona, *role;
  VigilDrillPost *post;
  double at = 0;
  gboolean respond;

  if (!get_str (o, "id", TRUE, 64, where, &id, error) ||
      !get_number (o, "at", 0, VIGIL_DRILL_MAX_SECONDS, &at, where, error) ||
      !get_str (o, "author", TRUE, 128, where, &author, error) ||
      !get_str (o, "author_name", FALSE, 128, where, &name, error) ||
      !get_str (o, "text", TRUE, 4096, where, &text, error) ||
      !get_str (o, "lang", FALSE, 16, where, &lang, error) ||
      !get_str (o, "persona", FALSE, 64, where, &persona, error) ||
      !get_str (o, "expected_role", TRUE, 64, where, &role, error))
    return FALSE;
  respond = json_object_get_boolean_member_with_default (o, "expects_response", !g_str_equal (role, "leave"));

  post = g_new0 (VigilDrillPost, 1);
  post->id = g_strdup (id);
  post->at = at;
  post->author = g_strdup (author);
  post->author_name = g_strdup (name ? name : author);
  post->text = g_strdup (text);
  post->lang = g_strdup (lang ? lang : "en");
  post->persona = g_strdup (persona ? persona : "public");
  post->expected_role = g_strdup (role);
  post->expects_response = respond;
  return add_post (self, post, where, error);
}

static GStrv
get_texts (JsonObject  *o,
           const char  *member,
           const char  *where,
           GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *a;

  if (!node || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0 ||
      json_array_get_length (json_node_get_array (node)) > 500)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("%s: “%s” must be a list of 1 to 500 texts"), where, member);
      return NULL;
    }
  a = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonNode *item = json_array_get_element (a, i);
      const char *s = JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING
                      ? json_node_get_string (item) : NULL;

      if (!s || !*s || strlen (s) > 4096 || !g_utf8_validate (s, -1, NULL))
        {
          g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                       _("%s: entry %u of “%s” is not a text of at most 4096 bytes"), where, i + 1, member);
          return NULL;
        }
      g_strv_builder_add (builder, s);
    }
  return g_strv_builder_end (builder);
}

/* A wave: posts whose rate ramps linearly from start_per_minute at "from"
 * to end_per_minute at "to". Post k is placed when the integral of the
 * rate reaches k + 1: deterministic, so a report can be compared run to run. */
static gboolean
parse_wave (VigilDrillScenario  *self,
            JsonObject          *o,
            guint                index,
            GError             **error)
{
  g_autofree char *where = g_strdup_printf (_("wave %u"), index + 1);
  const char *id, *persona, *role, *lang;
  g_auto(GStrv) texts = NULL, authors = NULL;
  double from = 0, to = 0, r0 = 0, r1 = 0, count = 0;
  guint emitted = 0;
  gboolean respond;

  if (!get_str (o, "id", TRUE, 48, where, &id, error) ||
      !get_number (o, "from", 0, VIGIL_DRILL_MAX_SECONDS, &from, where, error) ||
      !get_number (o, "to", 0, VIGIL_DRILL_MAX_SECONDS, &to, where, error) ||
      !get_number (o, "start_per_minute", 0, 600, &r0, where, error) ||
      !get_number (o, "end_per_minute", 0, 600, &r1, where, error) ||
      !get_str (o, "persona", FALSE, 64, where, &persona, error) ||
      !get_str (o, "expected_role", TRUE, 64, where, &role, error) ||
      !get_str (o, "lang", FALSE, 16, where, &lang, error) ||
      !(texts = get_texts (o, "texts", where, error)) ||
      !(authors = get_texts (o, "authors", where, error)))
    return FALSE;
  if (to <= from)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("%s: “to” must be after “from”"), where);
      return FALSE;
    }
  respond = json_object_get_boolean_member_with_default (o, "expects_response", !g_str_equal (role, "leave"));

  for (double t = from; t < to; t += 1.0)
    {
      double rate = r0 + (r1 - r0) * (t - from) / (to - from);

      count += rate / 60.0;
      while (count >= emitted + 1)
        {
          VigilDrillPost *post = g_new0 (VigilDrillPost, 1);
          guint na = g_strv_length (authors);
          const char *handle = authors[emitted % na];

          post->id = g_strdup_printf ("%s-%u", id, emitted + 1);
          post->at = t;
          /* the same few people, then new ones: handle, handle2, … */
          post->author = emitted < na ? g_strdup (handle) : g_strdup_printf ("%s%u", handle, emitted / na + 1);
          post->author_name = g_strdup (post->author);
          post->text = g_strdup (texts[emitted % g_strv_length (texts)]);
          post->lang = g_strdup (lang ? lang : "en");
          post->persona = g_strdup (persona ? persona : "public");
          post->expected_role = g_strdup (role);
          post->expects_response = respond;
          emitted++;
          if (!add_post (self, post, where, error))
            return FALSE;
        }
    }
  return TRUE;
}

static int
compare_posts (gconstpointer a,
               gconstpointer b)
{
  const VigilDrillPost *x = *(VigilDrillPost **) a, *y = *(VigilDrillPost **) b;

  return x->at < y->at ? -1 : x->at > y->at;
}

VigilDrillScenario *
vigil_drill_scenario_new_from_bytes (GBytes      *data,
                                     const char  *name,
                                     GError     **error)
{
  g_autoptr(VigilDrillScenario) self = g_object_new (VIGIL_TYPE_DRILL_SCENARIO, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
  JsonObject *root;
  JsonNode *node;
  const char *s;
  gsize len;
  const char *text = g_bytes_get_data (data, &len);
  guint depth = 0, max_depth = 0;

  if (!name)
    name = _("the scenario");
  if (len > VIGIL_DRILL_MAX_BYTES)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_TOO_LARGE,
                   _("%s is larger than %d MB"), name, VIGIL_DRILL_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  /* json-glib has no depth limit: a scenario never nests deeper than 6 */
  for (gsize i = 0, in_str = 0; text && i < len; i++)
    {
      if (in_str)
        {
          if (text[i] == '\\') i++;
          else if (text[i] == '"') in_str = 0;
        }
      else if (text[i] == '"') in_str = 1;
      else if (text[i] == '{' || text[i] == '[') { depth++; max_depth = MAX (max_depth, depth); }
      else if ((text[i] == '}' || text[i] == ']') && depth) depth--;
    }
  if (max_depth > 8)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_TOO_LARGE,
                   _("%s nests too deeply to be a drill scenario"), name);
      return NULL;
    }
  if (!text || !json_parser_load_from_data (parser, text, len, &local))
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_SYNTAX,
                   _("%s is not valid JSON: %s"), name, local ? local->message : _("empty"));
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (!node || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("%s is not a drill scenario: expected a JSON object"), name);
      return NULL;
    }
  root = json_node_get_object (node);
  if (g_strcmp0 (json_object_get_string_member_with_default (root, "format", ""), "vigil-drill") != 0 ||
      json_object_get_int_member_with_default (root, "version", 0) != 1)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("%s is not a drill scenario: “format” must be “vigil-drill” and “version” 1"), name);
      return NULL;
    }
  if (!get_str (root, "id", TRUE, 64, name, &s, error))
    return NULL;
  self->id = g_strdup (s);
  if (!get_str (root, "title", TRUE, 200, name, &s, error))
    return NULL;
  self->title = g_strdup (s);
  if (!get_str (root, "description", FALSE, 4000, name, &s, error))
    return NULL;
  self->description = g_strdup (s ? s : "");
  if (!get_str (root, "brand", FALSE, 100, name, &s, error))
    return NULL;
  self->brand = g_strdup (s);
  if (json_object_has_member (root, "sla"))
    {
      JsonNode *sla = json_object_get_member (root, "sla");

      if (!JSON_NODE_HOLDS_OBJECT (sla) ||
          !get_number (json_node_get_object (sla), "triage_seconds", 1, 86400, &self->triage_sla, name, error) ||
          !get_number (json_node_get_object (sla), "response_seconds", 1, 86400, &self->response_sla, name, error))
        {
          if (error && !*error)
            g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID, _("%s: “sla” must be an object"), name);
          return NULL;
        }
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      const char *member = pass == 0 ? "posts" : "waves";
      JsonArray *array;

      node = json_object_get_member (root, member);
      if (!node)
        continue;
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                       _("%s: “%s” must be a list"), name, member);
          return NULL;
        }
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          gboolean ok;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            {
              g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                           _("%s: entry %u of “%s” is not an object"), name, i + 1, member);
              return NULL;
            }
          ok = pass == 0 ? parse_post (self, json_node_get_object (item), i, &local)
                         : parse_wave (self, json_node_get_object (item), i, &local);
          if (!ok)
            {
              g_set_error (error, VIGIL_DRILL_ERROR, local->code, "%s: %s", name, local->message);
              return NULL;
            }
        }
    }
  if (self->posts->len == 0)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_INVALID,
                   _("%s has no posts: add “posts” or “waves”"), name);
      return NULL;
    }
  /* stable: posts at the same second keep the file's order */
  g_ptr_array_sort (self->posts, compare_posts);
  self->checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  return g_steal_pointer (&self);
}

VigilDrillScenario *
vigil_drill_scenario_new_from_file (GFile   *file,
                                    GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

  if (info && g_file_info_get_size (info) > VIGIL_DRILL_MAX_BYTES)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_TOO_LARGE,
                   _("%s is larger than %d MB"), name, VIGIL_DRILL_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!(bytes = g_file_load_bytes (file, NULL, NULL, error)))
    return NULL;
  return vigil_drill_scenario_new_from_bytes (bytes, name, error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GStrv
vigil_drill_scenario_list_shipped (void)
{
  GStrv names;

  /* links the data resource in (a static library's constructor alone is dropped) */
  (void) vigil_data_get_resource ();
  names = g_resources_enumerate_children (VIGIL_DRILL_SCENARIOS, 0, NULL);

  if (!names)
    return g_new0 (char *, 1);
  g_qsort_with_data (names, g_strv_length (names), sizeof (char *), compare_names, NULL);
  return names;
}

VigilDrillScenario *
vigil_drill_scenario_new_shipped (const char  *name,
                                  GError     **error)
{
  g_autofree char *path = g_build_path ("/", VIGIL_DRILL_SCENARIOS, name, NULL);
  g_autoptr(GBytes) bytes = ((void) vigil_data_get_resource (), g_resources_lookup_data (path, 0, NULL));

  if (!bytes)
    {
      g_set_error (error, VIGIL_DRILL_ERROR, VIGIL_DRILL_ERROR_NOT_FOUND,
                   _("No shipped drill scenario “%s”"), name);
      return NULL;
    }
  return vigil_drill_scenario_new_from_bytes (bytes, name, error);
}

const char *vigil_drill_scenario_get_id (VigilDrillScenario *self) { return self->id; }
const char *vigil_drill_scenario_get_title (VigilDrillScenario *self) { return self->title; }
const char *vigil_drill_scenario_get_description (VigilDrillScenario *self) { return self->description; }
const char *vigil_drill_scenario_get_brand (VigilDrillScenario *self) { return self->brand; }
double vigil_drill_scenario_get_triage_sla (VigilDrillScenario *self) { return self->triage_sla; }
double vigil_drill_scenario_get_response_sla (VigilDrillScenario *self) { return self->response_sla; }
guint vigil_drill_scenario_get_n_posts (VigilDrillScenario *self) { return self->posts->len; }
const char *vigil_drill_scenario_get_checksum (VigilDrillScenario *self) { return self->checksum; }

const VigilDrillPost *
vigil_drill_scenario_get_post (VigilDrillScenario *self,
                               guint               index)
{
  g_return_val_if_fail (index < self->posts->len, NULL);
  return g_ptr_array_index (self->posts, index);
}

const VigilDrillPost *
vigil_drill_scenario_find_post (VigilDrillScenario *self,
                                const char         *id)
{
  return id ? g_hash_table_lookup (self->by_id, id) : NULL;
}

double
vigil_drill_scenario_get_duration (VigilDrillScenario *self)
{
  return self->posts->len ? ((VigilDrillPost *) g_ptr_array_index (self->posts, self->posts->len - 1))->at : 0;
}
