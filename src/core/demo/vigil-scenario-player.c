/* vigil-scenario-player.c: replays a bundled, fictional scenario into a store
 *
 * A scenario is JSON lines (see data/demo/README.md). It is parsed and
 * validated in full before anything is replayed; then a timer hands the posts
 * that are due to the store in small batches, each one transaction on the
 * store's worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-scenario-player"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-data-resources.h"
#include "vigil-scenario-player.h"

#define MAX_DEPTH       8
#define MAX_BATCH       40
#define MIN_TICK_MS     50
#define MAX_TICK_MS     1000
#define MAX_HANDLE      256
#define MAX_NAME        256
#define MAX_LANG        16
#define MAX_TEXT        (16 * 1024)
#define MAX_TAGS        32
#define MAX_TAG         128
#define MAX_AT          (7 * 24 * 3600.0)

typedef struct
{
  double         at;
  VigilPlatform  platform;
  char          *author;
  char          *author_name;
  char          *lang;
  char          *text;
  gint64         followers;
  char         **tags;
  int            reply_to;  /* index of an earlier line, or -1 */
  VigilPostEvent event;
  int            target;    /* for an edit or delete: the post's line, else -1 */
} ScenarioLine;

struct _VigilScenarioPlayer
{
  GObject       parent_instance;

  VigilStore   *store;
  GArray       *lines;       /* of ScenarioLine */
  double        speed;

  /* replay state */
  GMainContext *context;
  GSource      *timer;
  GCancellable *cancellable;
  GError       *error;
  gint64        last_tick_us;
  double        clock;       /* scenario seconds elapsed since start */
  guint         next;        /* index of the next line to replay */
  guint         pending;     /* inserts not yet completed */
  guint         run_id;
  guint         running : 1;
};

G_DEFINE_TYPE (VigilScenarioPlayer, vigil_scenario_player, G_TYPE_OBJECT)

G_DEFINE_QUARK (vigil-scenario-error-quark, vigil_scenario_error)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SPEED,
  PROP_RUNNING,
  PROP_N_POSTS,
  PROP_N_PLAYED,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_tick (VigilScenarioPlayer *self);

static void
scenario_line_clear (gpointer data)
{
  ScenarioLine *line = data;

  g_clear_pointer (&line->author, g_free);
  g_clear_pointer (&line->author_name, g_free);
  g_clear_pointer (&line->lang, g_free);
  g_clear_pointer (&line->text, g_free);
  g_clear_pointer (&line->tags, g_strfreev);
}

static GArray *
scenario_lines_new (void)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (ScenarioLine));

  g_array_set_clear_func (lines, scenario_line_clear);
  return lines;
}

/* JSON nesting depth of a line, counted outside strings. json-glib has no
 * depth limit of its own, so this runs before it. */
static guint
json_depth (const char *line,
            gsize       length)
{
  guint depth = 0, max = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = line[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        max = MAX (max, ++depth);
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  return max;
}

static gboolean
invalid (GError     **error,
         const char  *name,
         guint        lineno,
         const char  *member,
         const char  *what)
{
  /* Translators: e.g. "acme-storm.jsonl line 12: “text” must be a non-empty string" */
  g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_INVALID,
               _("%s line %u: “%s” %s"), name, lineno, member, what);
  return FALSE;
}

/* Reads an optional (required = FALSE) or required string member. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            gsize        max_length,
            char       **out,
            const char  *name,
            guint        lineno,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *str;

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return invalid (error, name, lineno, member, _("is missing"));
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, name, lineno, member, _("must be a string"));

  str = json_node_get_string (node);
  if (required && *str == '\0')
    return invalid (error, name, lineno, member, _("must not be empty"));
  if (strlen (str) > max_length)
    return invalid (error, name, lineno, member, _("is too long"));

  *out = g_strdup (str);
  return TRUE;
}

static gboolean
get_number (JsonObject  *object,
            const char  *member,
            gboolean     integer,
            double      *out,
            gboolean    *present,
            const char  *name,
            guint        lineno,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return invalid (error, name, lineno, member, _("must be a number"));

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && !integer)
    *out = json_node_get_double (node);
  else if (integer)
    return invalid (error, name, lineno, member, _("must be a whole number"));
  else
    return invalid (error, name, lineno, member, _("must be a number"));

  *present = TRUE;
  return TRUE;
}

static gboolean
parse_line (JsonObject    *object,
            GArray        *lines,
            ScenarioLine  *out,
            const char    *name,
            guint          lineno,
            GError       **error)
{
  g_autofree char *platform = NULL;
  g_autofree char *event = NULL;
  const ScenarioLine *target = NULL;
  guint index = lines->len;
  gboolean present;
  double number = 0;
  JsonNode *node;

  if (!get_number (object, "at", FALSE, &number, &present, name, lineno, error))
    return FALSE;
  if (!present)
    return invalid (error, name, lineno, "at", _("is missing (seconds from the start)"));
  if (!(number >= 0 && number <= MAX_AT))
    return invalid (error, name, lineno, "at", _("must be between 0 and 604800 seconds"));
  if (index > 0 && number < g_array_index (lines, ScenarioLine, index - 1).at)
    return invalid (error, name, lineno, "at", _("goes back in time: lines must be in order"));
  out->at = number;

  /* An edit or a deletion is about an earlier post of the scenario. */
  if (!get_string (object, "event", FALSE, 16, &event, name, lineno, error))
    return FALSE;
  if (event == NULL || g_str_equal (event, "create"))
    out->event = VIGIL_POST_EVENT_CREATE;
  else if (g_str_equal (event, "edit"))
    out->event = VIGIL_POST_EVENT_EDIT;
  else if (g_str_equal (event, "delete"))
    out->event = VIGIL_POST_EVENT_DELETE;
  else
    return invalid (error, name, lineno, "event", _("must be “create”, “edit” or “delete”"));

  out->target = -1;
  if (!get_number (object, "target", TRUE, &number, &present, name, lineno, error))
    return FALSE;
  if (out->event != VIGIL_POST_EVENT_CREATE)
    {
      if (!present)
        return invalid (error, name, lineno, "target",
                        _("is missing: an edit or delete names the post it is about"));
      if (number < 0 || number >= index ||
          g_array_index (lines, ScenarioLine, (guint) number).event != VIGIL_POST_EVENT_CREATE)
        return invalid (error, name, lineno, "target",
                        _("must be the index of an earlier post (counting from 0)"));
      out->target = (int) number;
      target = &g_array_index (lines, ScenarioLine, out->target);
    }
  else if (present)
    return invalid (error, name, lineno, "target", _("is only for an edit or a delete"));

  if (!get_string (object, "platform", target == NULL, 32, &platform, name, lineno, error))
    return FALSE;
  if (platform == NULL && target != NULL)
    out->platform = target->platform;
  else
    out->platform = vigil_platform_from_string (platform);
  if (out->platform == VIGIL_PLATFORM_UNKNOWN)
    return invalid (error, name, lineno, "platform",
                    _("must be “mastodon”, “bluesky”, “feed” or “drill”"));
  if (target != NULL && out->platform != target->platform)
    return invalid (error, name, lineno, "platform", _("differs from the target post’s"));

  if (!get_string (object, "author", target == NULL, MAX_HANDLE, &out->author, name, lineno, error) ||
      !get_string (object, "author_name", FALSE, MAX_NAME, &out->author_name, name, lineno, error) ||
      !get_string (object, "lang", FALSE, MAX_LANG, &out->lang, name, lineno, error) ||
      !get_string (object, "text", out->event != VIGIL_POST_EVENT_DELETE, MAX_TEXT, &out->text,
                   name, lineno, error))
    return FALSE;

  if (!get_number (object, "followers", TRUE, &number, &present, name, lineno, error))
    return FALSE;
  if (present && (number < 0 || number > 1e12))
    return invalid (error, name, lineno, "followers", _("must be between 0 and 10¹²"));
  out->followers = present ? (gint64) number : -1;

  out->reply_to = -1;
  if (!get_number (object, "reply_to", TRUE, &number, &present, name, lineno, error))
    return FALSE;
  if (present)
    {
      if (number < 0 || number >= index ||
          g_array_index (lines, ScenarioLine, (guint) number).event != VIGIL_POST_EVENT_CREATE)
        return invalid (error, name, lineno, "reply_to",
                        _("must be the index of an earlier post (counting from 0)"));
      out->reply_to = (int) number;
    }

  node = json_object_get_member (object, "tags");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
      JsonArray *array;
      guint n;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, name, lineno, "tags", _("must be an array of strings"));
      array = json_node_get_array (node);
      n = json_array_get_length (array);
      if (n > MAX_TAGS)
        return invalid (error, name, lineno, "tags", _("has too many entries"));

      for (guint i = 0; i < n; i++)
        {
          JsonNode *tag = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (tag) ||
              json_node_get_value_type (tag) != G_TYPE_STRING ||
              strlen (json_node_get_string (tag)) > MAX_TAG)
            return invalid (error, name, lineno, "tags", _("must be an array of short strings"));
          g_ptr_array_add (tags, g_strdup (json_node_get_string (tag)));
        }
      g_ptr_array_add (tags, NULL);
      out->tags = (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
    }

  return TRUE;
}

gboolean
vigil_scenario_player_load_bytes (VigilScenarioPlayer  *self,
                                  GBytes               *data,
                                  const char           *name,
                                  GError              **error)
{
  g_autoptr(GArray) lines = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *p, *end;
  gsize size;
  guint lineno = 0;

  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  if (name == NULL)
    name = _("scenario");

  p = g_bytes_get_data (data, &size);
  if (size > VIGIL_SCENARIO_MAX_BYTES)
    {
      g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_TOO_LARGE,
                   _("%s is %" G_GSIZE_FORMAT " bytes; a scenario may be at most %d"),
                   name, size, VIGIL_SCENARIO_MAX_BYTES);
      return FALSE;
    }

  lines = scenario_lines_new ();
  parser = json_parser_new_immutable ();
  end = p + size;

  while (p != NULL && p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      gsize length = line_end - p;
      ScenarioLine line = { 0 };
      g_autoptr(GError) local_error = NULL;
      JsonNode *root;
      const char *q;

      lineno++;

      if (length > 0 && p[length - 1] == '\r')
        length--;

      for (q = p; q < p + length && g_ascii_isspace (*q); q++)
        ;
      if (q == p + length)
        goto next;

      if (length > VIGIL_SCENARIO_MAX_LINE)
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_TOO_LARGE,
                       _("%s line %u: over %d bytes long"), name, lineno, VIGIL_SCENARIO_MAX_LINE);
          return FALSE;
        }
      if (lines->len >= VIGIL_SCENARIO_MAX_POSTS)
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_TOO_LARGE,
                       _("%s line %u: a scenario may hold at most %d posts"),
                       name, lineno, VIGIL_SCENARIO_MAX_POSTS);
          return FALSE;
        }
      if (!g_utf8_validate (p, length, NULL))
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_SYNTAX,
                       _("%s line %u: not valid UTF-8"), name, lineno);
          return FALSE;
        }
      if (json_depth (p, length) > MAX_DEPTH)
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_TOO_LARGE,
                       _("%s line %u: JSON nested deeper than %d levels"), name, lineno, MAX_DEPTH);
          return FALSE;
        }
      if (!json_parser_load_from_data (parser, p, length, &local_error))
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_SYNTAX,
                       _("%s line %u: not JSON: %s"), name, lineno, local_error->message);
          return FALSE;
        }

      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_SYNTAX,
                       _("%s line %u: each line must be one JSON object"), name, lineno);
          return FALSE;
        }

      if (!parse_line (json_node_get_object (root), lines, &line, name, lineno, error))
        {
          scenario_line_clear (&line);
          return FALSE;
        }
      g_array_append_val (lines, line);

    next:
      p = nl != NULL ? nl + 1 : NULL;
    }

  if (lines->len == 0)
    {
      g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_EMPTY,
                   _("%s holds no posts"), name);
      return FALSE;
    }

  g_clear_pointer (&self->lines, g_array_unref);
  self->lines = g_steal_pointer (&lines);
  self->next = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POSTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PLAYED]);

  return TRUE;
}

gboolean
vigil_scenario_player_load_resource (VigilScenarioPlayer  *self,
                                     const char           *resource_path,
                                     GError              **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), FALSE);
  g_return_val_if_fail (resource_path != NULL, FALSE);

  bytes = g_resources_lookup_data (resource_path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, VIGIL_SCENARIO_ERROR, VIGIL_SCENARIO_ERROR_NOT_FOUND,
                   _("The scenario %s is not bundled with this build of Vigil"), resource_path);
      return FALSE;
    }

  name = g_path_get_basename (resource_path);
  return vigil_scenario_player_load_bytes (self, bytes, name, error);
}

static VigilPost *
line_to_post (const ScenarioLine *line,
              guint               index,
              GDateTime          *now)
{
  guint post_index = line->event == VIGIL_POST_EVENT_CREATE ? index : (guint) line->target;
  g_autofree char *remote_id = g_strdup_printf ("demo-%u", post_index + 1);
  VigilPost *post = vigil_post_new (line->platform, remote_id);

  vigil_post_set_event (post, line->event);
  vigil_post_set_author (post, line->author);
  vigil_post_set_author_name (post, line->author_name);
  if (line->followers >= 0)
    vigil_post_set_author_followers (post, line->followers);
  vigil_post_set_text (post, line->text);
  vigil_post_set_lang (post, line->lang);
  vigil_post_set_tags (post, (const char * const *) line->tags);
  vigil_post_set_fetched_at (post, now);

  if (line->event == VIGIL_POST_EVENT_CREATE)
    vigil_post_set_created_at (post, now);
  if (line->event == VIGIL_POST_EVENT_DELETE)
    vigil_post_set_deleted (post, TRUE);
  if (line->event == VIGIL_POST_EVENT_EDIT)
    vigil_post_set_edited (post, TRUE);

  if (line->reply_to >= 0)
    {
      g_autofree char *parent = g_strdup_printf ("demo-%d", line->reply_to + 1);
      vigil_post_set_parent_id (post, parent);
    }

  return post;
}

typedef struct
{
  VigilScenarioPlayer *self;
  guint                run_id;
} InsertData;

static void
clear_timer (VigilScenarioPlayer *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

static void
finish_run (VigilScenarioPlayer *self)
{
  clear_timer (self);
  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
insert_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  InsertData *data = user_data;
  g_autoptr(VigilScenarioPlayer) self = data->self;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = vigil_store_insert_finish (VIGIL_STORE (source), result, NULL, &error);

  if (data->run_id != self->run_id || !self->running)
    {
      g_free (data);
      return;
    }
  g_free (data);

  g_assert (self->pending > 0);
  self->pending--;

  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Replay stopped: %s", error->message);
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_cancellable_cancel (self->cancellable);
      finish_run (self);
      return;
    }

  if (self->pending == 0 && self->next >= self->lines->len)
    finish_run (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  VigilScenarioPlayer *self = user_data;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 now_us = g_get_monotonic_time ();
  double first_at;
  InsertData *data;

  g_clear_pointer (&self->timer, g_source_unref);

  self->clock += (now_us - self->last_tick_us) / (double) G_USEC_PER_SEC * self->speed;
  self->last_tick_us = now_us;

  first_at = g_array_index (self->lines, ScenarioLine, 0).at;
  now = g_date_time_new_now_utc ();
  batch = g_ptr_array_new_with_free_func (g_object_unref);

  while (self->next < self->lines->len && batch->len < MAX_BATCH)
    {
      const ScenarioLine *line = &g_array_index (self->lines, ScenarioLine, self->next);

      if (line->at - first_at > self->clock)
        break;
      g_ptr_array_add (batch, line_to_post (line, self->next, now));
      self->next++;
    }

  if (batch->len > 0)
    {
      data = g_new0 (InsertData, 1);
      data->self = g_object_ref (self);
      data->run_id = self->run_id;
      self->pending++;
      vigil_store_insert_async (self->store, batch, self->cancellable, insert_cb, data);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PLAYED]);
    }

  if (self->next < self->lines->len)
    schedule_tick (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_tick (VigilScenarioPlayer *self)
{
  const ScenarioLine *next = &g_array_index (self->lines, ScenarioLine, self->next);
  double first_at = g_array_index (self->lines, ScenarioLine, 0).at;
  double wait_s = (next->at - first_at - self->clock) / self->speed;
  guint wait_ms = (guint) CLAMP (wait_s * 1000.0, MIN_TICK_MS, MAX_TICK_MS);

  g_assert (self->timer == NULL);
  self->timer = g_timeout_source_new (wait_ms);
  g_source_set_static_name (self->timer, "[vigil] scenario tick");
  g_source_set_callback (self->timer, tick_cb, self, NULL);
  g_source_attach (self->timer, self->context);
}

void
vigil_scenario_player_start (VigilScenarioPlayer *self)
{
  g_return_if_fail (VIGIL_IS_SCENARIO_PLAYER (self));
  g_return_if_fail (self->lines != NULL);

  vigil_scenario_player_stop (self);

  g_clear_error (&self->error);
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->run_id++;
  self->next = 0;
  self->pending = 0;
  self->clock = 0;
  self->last_tick_us = g_get_monotonic_time ();
  self->running = TRUE;

  /* The first post is due at once. */
  tick_cb (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

void
vigil_scenario_player_stop (VigilScenarioPlayer *self)
{
  g_return_if_fail (VIGIL_IS_SCENARIO_PLAYER (self));

  clear_timer (self);
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  self->pending = 0;

  if (self->running)
    {
      self->running = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
}

VigilScenarioPlayer *
vigil_scenario_player_new (VigilStore *store)
{
  g_return_val_if_fail (VIGIL_IS_STORE (store), NULL);

  return g_object_new (VIGIL_TYPE_SCENARIO_PLAYER, "store", store, NULL);
}

VigilStore *
vigil_scenario_player_get_store (VigilScenarioPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), NULL);
  return self->store;
}

guint
vigil_scenario_player_get_n_posts (VigilScenarioPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), 0);
  return self->lines != NULL ? self->lines->len : 0;
}

guint
vigil_scenario_player_get_n_played (VigilScenarioPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), 0);
  return self->next;
}

guint
vigil_scenario_player_get_n_new_posts (VigilScenarioPlayer *self)
{
  guint n = 0;

  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), 0);

  for (guint i = 0; self->lines != NULL && i < self->lines->len; i++)
    if (g_array_index (self->lines, ScenarioLine, i).event == VIGIL_POST_EVENT_CREATE)
      n++;
  return n;
}

double
vigil_scenario_player_get_duration (VigilScenarioPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), 0);

  if (self->lines == NULL || self->lines->len == 0)
    return 0;
  return g_array_index (self->lines, ScenarioLine, self->lines->len - 1).at -
         g_array_index (self->lines, ScenarioLine, 0).at;
}

double
vigil_scenario_player_get_speed (VigilScenarioPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), 1.0);
  return self->speed;
}

void
vigil_scenario_player_set_speed (VigilScenarioPlayer *self,
                                 double               speed)
{
  g_return_if_fail (VIGIL_IS_SCENARIO_PLAYER (self));
  g_return_if_fail (speed > 0);

  if (self->speed == speed)
    return;

  self->speed = speed;
  if (self->timer != NULL)
    {
      /* Re-plan the next tick with the new speed. */
      clear_timer (self);
      tick_cb (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

gboolean
vigil_scenario_player_get_running (VigilScenarioPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), FALSE);
  return self->running;
}

const GError *
vigil_scenario_player_get_error (VigilScenarioPlayer *self)
{
  g_return_val_if_fail (VIGIL_IS_SCENARIO_PLAYER (self), NULL);
  return self->error;
}

static void
vigil_scenario_player_dispose (GObject *object)
{
  VigilScenarioPlayer *self = (VigilScenarioPlayer *) object;

  vigil_scenario_player_stop (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vigil_scenario_player_parent_class)->dispose (object);
}

static void
vigil_scenario_player_finalize (GObject *object)
{
  VigilScenarioPlayer *self = (VigilScenarioPlayer *) object;

  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (vigil_scenario_player_parent_class)->finalize (object);
}

static void
vigil_scenario_player_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  VigilScenarioPlayer *self = VIGIL_SCENARIO_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_N_POSTS:
      g_value_set_uint (value, vigil_scenario_player_get_n_posts (self));
      break;
    case PROP_N_PLAYED:
      g_value_set_uint (value, self->next);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_scenario_player_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  VigilScenarioPlayer *self = VIGIL_SCENARIO_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SPEED:
      vigil_scenario_player_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_scenario_player_class_init (VigilScenarioPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* The scenario lives in the core's data resource, in a static library:
   * referencing it keeps the linker from dropping it (it registers itself). */
  (void) vigil_data_get_resource ();

  object_class->dispose = vigil_scenario_player_dispose;
  object_class->finalize = vigil_scenario_player_finalize;
  object_class->get_property = vigil_scenario_player_get_property;
  object_class->set_property = vigil_scenario_player_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.01, 1e6, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_POSTS] =
    g_param_spec_uint ("n-posts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PLAYED] =
    g_param_spec_uint ("n-played", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vigil_scenario_player_init (VigilScenarioPlayer *self)
{
  self->speed = 1.0;
}
