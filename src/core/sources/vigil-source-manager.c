/* vigil-source-manager.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-source-manager"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vigil-source-manager.h"
#include "vigil-source-spec.h"

typedef struct
{
  char         *spec;      /* NULL for a "watches" entry */
  char         *instance;  /* "watches" entries only */
  char         *label;
  char         *account;
  gboolean      paused;
  GPtrArray    *sources;   /* VigilSource: one, or the derived ones */
  char         *token;     /* in memory only; wiped when freed */
  gboolean      token_ready;
  GCancellable *lookup;
} Entry;

struct _VigilSourceManager
{
  GObject               parent_instance;

  VigilStore           *store;
  SoupSession          *session;
  VigilCredentialStore *credentials;
  VigilWatchList       *watches;
  char                 *path;
  GPtrArray            *entries;  /* Entry */
  GPtrArray            *broken;   /* JsonNode: entries that did not load, kept as they were */
  GHashTable           *blocked;  /* accounts reported hacked (lower-case): their sources stay stopped */
  gboolean              running;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilSourceManager, vigil_source_manager, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  SOURCE_PROBLEM,
  TOKEN_USED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char problem_key[] = "vigil-source-manager-reported";

/* --- entries --- */

static void
entry_free (Entry *entry)
{
  if (entry->lookup != NULL)
    g_cancellable_cancel (entry->lookup);
  g_clear_object (&entry->lookup);
  g_clear_pointer (&entry->sources, g_ptr_array_unref);
  g_free (entry->spec);
  g_free (entry->instance);
  g_free (entry->label);
  g_free (entry->account);
  vigil_credential_free_secret (entry->token);
  g_free (entry);
}

static guint
entry_offset (VigilSourceManager *self,
              guint               index)
{
  guint offset = 0;

  for (guint i = 0; i < index; i++)
    offset += ((Entry *) g_ptr_array_index (self->entries, i))->sources->len;
  return offset;
}

static Entry *
find_entry (VigilSourceManager *self,
            VigilSource        *source,
            guint              *index)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      for (guint j = 0; j < entry->sources->len; j++)
        if (g_ptr_array_index (entry->sources, j) == source)
          {
            if (index != NULL)
              *index = i;
            return entry;
          }
    }
  return NULL;
}

static gboolean
entry_needs_token (VigilSourceManager *self,
                   Entry              *entry)
{
  return entry->account != NULL && self->credentials != NULL && !entry->token_ready;
}

static gboolean
entry_blocked (VigilSourceManager *self,
               Entry              *entry)
{
  g_autofree char *lower = NULL;

  if (entry->account == NULL || g_hash_table_size (self->blocked) == 0)
    return FALSE;
  lower = g_ascii_strdown (entry->account, -1);
  return g_hash_table_contains (self->blocked, lower);
}

/* --- problems --- */

static void
on_source_state_cb (VigilSource        *source,
                    GParamSpec         *pspec,
                    VigilSourceManager *self)
{
  VigilSourceState state = vigil_source_get_state (source);
  const char *message = vigil_source_get_message (source);

  if (state == VIGIL_SOURCE_STATE_LIVE || state == VIGIL_SOURCE_STATE_STOPPED)
    {
      g_object_set_data (G_OBJECT (source), problem_key, NULL);
      return;
    }
  if ((state == VIGIL_SOURCE_STATE_FAILED || state == VIGIL_SOURCE_STATE_BACKING_OFF)
      && message != NULL && *message != '\0'
      && g_object_get_data (G_OBJECT (source), problem_key) == NULL)
    {
      g_object_set_data (G_OBJECT (source), problem_key, GINT_TO_POINTER (1));
      g_signal_emit (self, signals[SOURCE_PROBLEM], 0, source, message);
    }
}

static void
release_source (VigilSourceManager *self,
                VigilSource        *source)
{
  g_signal_handlers_disconnect_by_data (source, self);
  vigil_source_stop (source);
}

/* --- building sources --- */

static VigilSource *
create_source (VigilSourceManager  *self,
               const char          *spec_text,
               const char          *token,
               GError             **error)
{
  g_autoptr(VigilSourceSpec) spec = vigil_source_spec_parse (spec_text, error);
  VigilSource *source;

  if (spec == NULL)
    return NULL;
  source = vigil_source_spec_create (spec, self->store, self->session,
                                     spec->kind == VIGIL_SOURCE_KIND_MASTODON ? token : NULL,
                                     error);
  if (source != NULL)
    g_signal_connect (source, "notify::state", G_CALLBACK (on_source_state_cb), self);
  return source;
}

static GPtrArray *
build_sources (VigilSourceManager *self,
               Entry              *entry)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func (g_object_unref);

  if (entry->spec != NULL)
    {
      g_autoptr(GError) error = NULL;
      VigilSource *source = create_source (self, entry->spec, entry->token, &error);

      if (source != NULL)
        g_ptr_array_add (sources, source);
      else
        g_debug ("Could not create the source %s: %s", entry->spec, error->message);
    }
  else if (entry->instance != NULL && self->watches != NULL)
    {
      g_auto(GStrv) specs = vigil_source_manager_derive_specs (self->watches, entry->instance,
                                                               entry->token != NULL);

      for (guint i = 0; specs[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          VigilSource *source = create_source (self, specs[i], entry->token, &error);

          if (source != NULL)
            g_ptr_array_add (sources, source);
          else
            g_debug ("Could not create the derived source %s: %s", specs[i], error->message);
        }
    }
  return sources;
}

static void
start_entry (VigilSourceManager *self,
             Entry              *entry)
{
  if (!self->running || entry->paused || entry_needs_token (self, entry) || entry_blocked (self, entry))
    return;
  for (guint j = 0; j < entry->sources->len; j++)
    {
      VigilSource *source = g_ptr_array_index (entry->sources, j);

      if (vigil_source_get_state (source) == VIGIL_SOURCE_STATE_STOPPED
          || vigil_source_get_state (source) == VIGIL_SOURCE_STATE_FAILED)
        vigil_source_start (source);
    }
}

static void
stop_entry (VigilSourceManager *self,
            Entry              *entry)
{
  for (guint j = 0; j < entry->sources->len; j++)
    vigil_source_stop (g_ptr_array_index (entry->sources, j));
}

/* Replaces the entry's sources by fresh ones, and starts them if due. */
static void
rebuild_entry (VigilSourceManager *self,
               guint               index)
{
  Entry *entry = g_ptr_array_index (self->entries, index);
  g_autoptr(GPtrArray) old = entry->sources;
  guint offset = entry_offset (self, index);

  for (guint j = 0; j < old->len; j++)
    release_source (self, g_ptr_array_index (old, j));
  entry->sources = build_sources (self, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), offset, old->len, entry->sources->len);
  start_entry (self, entry);
}

typedef struct
{
  VigilSourceManager *self;
  GCancellable       *lookup;  /* identifies the entry that asked */
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_clear_object (&lookup->self);
  g_clear_object (&lookup->lookup);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_free)

static void
on_token_looked_up_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  VigilSourceManager *self = lookup->self;
  g_autoptr(GError) error = NULL;
  char *token;

  token = vigil_credential_store_lookup_finish (VIGIL_CREDENTIAL_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->entries == NULL)
    {
      vigil_credential_free_secret (token);
      return;
    }

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->lookup == NULL || entry->lookup != lookup->lookup)
        continue;

      g_clear_object (&entry->lookup);
      entry->token_ready = TRUE;
      vigil_credential_free_secret (entry->token);
      entry->token = g_steal_pointer (&token);
      if (error != NULL)
        {
          /* start anonymously, and say why the account is not used */
          g_autofree char *message = g_strdup_printf (_("The token of %s could not be read, so "
                                                        "this source reads anonymously. %s"),
                                                      entry->account, error->message);
          rebuild_entry (self, i);
          if (entry->sources->len > 0)
            g_signal_emit (self, signals[SOURCE_PROBLEM], 0,
                           g_ptr_array_index (entry->sources, 0), message);
        }
      else
        {
          if (entry->token != NULL)
            g_signal_emit (self, signals[TOKEN_USED], 0, entry->account,
                           entry->label != NULL ? entry->label : entry->spec);
          rebuild_entry (self, i);
        }
      break;
    }
  vigil_credential_free_secret (token);
}

static void
look_up_token (VigilSourceManager *self,
               Entry              *entry)
{
  Lookup *lookup;

  if (!entry_needs_token (self, entry) || entry->lookup != NULL || entry_blocked (self, entry))
    return;

  entry->lookup = g_cancellable_new ();
  lookup = g_new0 (Lookup, 1);
  lookup->self = g_object_ref (self);
  lookup->lookup = g_object_ref (entry->lookup);
  vigil_credential_store_lookup_async (self->credentials, VIGIL_SOURCE_MANAGER_MASTODON_SERVICE,
                                       entry->account, entry->lookup,
                                       on_token_looked_up_cb, lookup);
}

static void
append_entry (VigilSourceManager *self,
              Entry              *entry)
{
  guint offset = entry_offset (self, self->entries->len);

  entry->sources = build_sources (self, entry);
  g_ptr_array_add (self->entries, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), offset, 0, entry->sources->len);
  if (self->running && !entry->paused)
    {
      look_up_token (self, entry);
      start_entry (self, entry);
    }
}

/* --- checks --- */

static gboolean
check_label (const char  *label,
             GError     **error)
{
  if (label != NULL && (strlen (label) > 200 || !g_utf8_validate (label, -1, NULL)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The name is too long (at most 200 bytes) or not valid text."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_account (const char  *account,
               GError     **error)
{
  if (account == NULL)
    return TRUE;
  if (*account == '\0' || strlen (account) > 300 || !g_utf8_validate (account, -1, NULL)
      || strchr (account, '\n') != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The account name is not valid. Write it as user@instance."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_spec (const char       *spec_text,
            const char       *account,
            GError          **error)
{
  g_autoptr(VigilSourceSpec) spec = vigil_source_spec_parse (spec_text, error);

  if (spec == NULL)
    return FALSE;
  if (account != NULL && spec->kind != VIGIL_SOURCE_KIND_MASTODON)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Only Mastodon sources can be linked to an account."));
      return FALSE;
    }
  return check_account (account, error);
}

static char *
check_instance (const char  *instance,
                GError     **error)
{
  g_autofree char *spec = NULL;
  g_autoptr(VigilSourceSpec) parsed = NULL;

  if (instance == NULL || *instance == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Enter the address of a Mastodon instance, like https://mastodon.social."));
      return NULL;
    }
  spec = g_strdup_printf ("mastodon:%s/public", instance);
  parsed = vigil_source_spec_parse (spec, error);
  if (parsed == NULL)
    return NULL;
  return g_strdup (parsed->url);
}

static gboolean
has_spec (VigilSourceManager *self,
          const char         *spec,
          Entry              *except)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry != except && g_strcmp0 (entry->spec, spec) == 0)
        return TRUE;
    }
  return FALSE;
}

/* --- GListModel --- */

static GType
list_get_item_type (GListModel *model)
{
  return VIGIL_TYPE_SOURCE;
}

static guint
list_get_n_items (GListModel *model)
{
  VigilSourceManager *self = VIGIL_SOURCE_MANAGER (model);

  return entry_offset (self, self->entries->len);
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  VigilSourceManager *self = VIGIL_SOURCE_MANAGER (model);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (position < entry->sources->len)
        return g_object_ref (g_ptr_array_index (entry->sources, position));
      position -= entry->sources->len;
    }
  return NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* --- watches --- */

static void
on_watches_changed_cb (GListModel         *model,
                       guint               position,
                       guint               removed,
                       guint               added,
                       VigilSourceManager *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (((Entry *) g_ptr_array_index (self->entries, i))->spec == NULL)
      rebuild_entry (self, i);
}

static gboolean
is_keyword_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '-' || c == '.' || c == '\'';
}

static void
add_derived (GPtrArray  *specs,
             GHashTable *seen,
             const char *instance,
             const char *path,
             const char *argument)
{
  g_autofree char *folded = g_utf8_strdown (argument, -1);
  g_autofree char *escaped = NULL;
  char *spec;

  if (specs->len >= VIGIL_SOURCE_MANAGER_MAX_DERIVED || *folded == '\0')
    return;
  escaped = g_uri_escape_string (folded, "@", FALSE);
  spec = g_strconcat ("mastodon:", instance, path, escaped, NULL);
  if (!g_hash_table_add (seen, g_strdup (spec)))
    {
      g_free (spec);
      return;
    }
  g_ptr_array_add (specs, spec);
}

/* A simple scan of the query text, not a parse: operators, field:value
 * terms, negated terms and wildcards are left out. */
static void
derive_from_query (const char *query,
                   const char *instance,
                   gboolean    with_search,
                   GPtrArray  *specs,
                   GHashTable *seen)
{
  const char *p = query;
  gboolean negated = FALSE;

  while (*p != '\0' && specs->len < VIGIL_SOURCE_MANAGER_MAX_DERIVED)
    {
      gunichar c = g_utf8_get_char (p);
      const char *start;
      g_autofree char *word = NULL;

      if (c == '"')
        {
          const char *end = strchr (p + 1, '"');

          if (end == NULL)
            break;
          word = g_strndup (p + 1, end - p - 1);
          if (with_search && !negated && *word != '\0')
            add_derived (specs, seen, instance, "/search/", word);
          negated = FALSE;
          p = end + 1;
          continue;
        }
      if (c == '-' || c == '!')
        {
          negated = TRUE;
          p = g_utf8_next_char (p);
          continue;
        }
      if (c != '#' && c != '@' && !is_keyword_char (c))
        {
          if (!g_unichar_isspace (c))
            negated = FALSE;
          p = g_utf8_next_char (p);
          continue;
        }

      start = p;
      p = g_utf8_next_char (p);
      while (*p != '\0')
        {
          gunichar d = g_utf8_get_char (p);

          if (!is_keyword_char (d) && d != '@' && d != ':' && d != '*')
            break;
          p = g_utf8_next_char (p);
        }
      word = g_strndup (start, p - start);
      if (*p == '~' || strchr (word, ':') != NULL || strchr (word, '*') != NULL)
        {
          negated = FALSE;
          continue;
        }
      if (g_str_equal (word, "NOT"))
        {
          negated = TRUE;
          continue;
        }
      if (g_str_equal (word, "AND") || g_str_equal (word, "OR")
          || g_str_has_prefix (word, "NEAR"))
        continue;

      if (!negated)
        {
          if (word[0] == '#' && word[1] != '\0')
            add_derived (specs, seen, instance, "/tag/", word + 1);
          else if (word[0] == '@' && word[1] != '\0')
            add_derived (specs, seen, instance, "/@", word + 1);
          else if (word[0] != '#' && word[0] != '@' && with_search && strlen (word) >= 3)
            add_derived (specs, seen, instance, "/search/", word);
        }
      negated = FALSE;
    }
}

GStrv
vigil_source_manager_derive_specs (VigilWatchList *watches,
                                   const char     *instance,
                                   gboolean        with_search)
{
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (watches), NULL);
  g_return_val_if_fail (instance != NULL, NULL);

  for (guint i = 0; i < vigil_watch_list_get_n_watches (watches); i++)
    {
      VigilWatch *watch = vigil_watch_list_get_watch (watches, i);

      derive_from_query (vigil_watch_get_query_text (watch), instance, with_search, specs, seen);
    }
  g_ptr_array_add (specs, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&specs), FALSE);
}

/* --- persistence --- */

char *
vigil_source_manager_get_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "vigil", "sources.json", NULL);
}

gboolean
vigil_source_manager_save (VigilSourceManager  *self,
                           GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  gsize length;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "sources");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      json_builder_begin_object (builder);
      if (entry->spec != NULL)
        {
          json_builder_set_member_name (builder, "spec");
          json_builder_add_string_value (builder, entry->spec);
        }
      else
        {
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, "watches");
          json_builder_set_member_name (builder, "instance");
          json_builder_add_string_value (builder, entry->instance);
        }
      if (entry->label != NULL)
        {
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, entry->label);
        }
      json_builder_set_member_name (builder, "paused");
      json_builder_add_boolean_value (builder, entry->paused);
      if (entry->account != NULL)
        {
          /* the account's name only: its token stays in the keyring */
          json_builder_set_member_name (builder, "account");
          json_builder_add_string_value (builder, entry->account);
        }
      json_builder_end_object (builder);
    }
  /* what could not be read is written back untouched, for the user to fix */
  for (guint i = 0; i < self->broken->len; i++)
    json_builder_add_value (builder, json_node_copy (g_ptr_array_index (self->broken, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, &length);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static Entry *
parse_entry (VigilSourceManager  *self,
             JsonNode            *node,
             guint                index,
             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *spec, *kind, *label, *account;
  JsonNode *paused;
  Entry *entry;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Source %u in %s is not a JSON object"), index + 1, self->path);
      return NULL;
    }
  object = json_node_get_object (node);
  spec = get_string_member (object, "spec");
  kind = get_string_member (object, "kind");
  label = get_string_member (object, "label");
  account = get_string_member (object, "account");
  paused = json_object_get_member (object, "paused");

  if (!check_label (label, &local_error) || !check_account (account, &local_error))
    goto fail;

  entry = g_new0 (Entry, 1);
  if (g_strcmp0 (kind, "watches") == 0)
    {
      entry->instance = check_instance (get_string_member (object, "instance"), &local_error);
      if (entry->instance == NULL)
        {
          entry_free (entry);
          goto fail;
        }
    }
  else if (spec != NULL && check_spec (spec, account, &local_error))
    entry->spec = g_strdup (spec);
  else
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("no \"spec\""));
      entry_free (entry);
      goto fail;
    }
  entry->label = g_strdup (label);
  entry->account = g_strdup (account);
  entry->paused = paused != NULL && JSON_NODE_HOLDS_VALUE (paused)
                  && json_node_get_value_type (paused) == G_TYPE_BOOLEAN
                  && json_node_get_boolean (paused);
  return entry;

fail:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Source %u in %s: %s"), index + 1, self->path, local_error->message);
  return NULL;
}

gboolean
vigil_source_manager_load (VigilSourceManager  *self,
                           GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  JsonNode *root;
  JsonNode *sources;
  JsonArray *array;
  guint n;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), FALSE);

  if (!g_file_get_contents (self->path, &data, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (length > VIGIL_SOURCE_MANAGER_MAX_FILE_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is too large (over %u bytes); fix or remove it."),
                   self->path, VIGIL_SOURCE_MANAGER_MAX_FILE_BYTES);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not valid JSON: %s"), self->path, local_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  sources = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
            ? json_object_get_member (json_node_get_object (root), "sources") : NULL;
  if (sources == NULL || !JSON_NODE_HOLDS_ARRAY (sources))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s has no \"sources\" list"), self->path);
      return FALSE;
    }
  array = json_node_get_array (sources);
  n = MIN (json_array_get_length (array), VIGIL_SOURCE_MANAGER_MAX_SOURCES);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) entry_error = NULL;
      Entry *entry = parse_entry (self, json_array_get_element (array, i), i, &entry_error);

      /* one broken entry does not keep the others from running */
      if (entry == NULL)
        {
          g_message ("Skipped: %s", entry_error->message);
          g_ptr_array_add (self->broken, json_node_copy (json_array_get_element (array, i)));
        }
      else if (entry->spec != NULL && has_spec (self, entry->spec, NULL))
        entry_free (entry);
      else
        append_entry (self, entry);
    }
  return TRUE;
}

/* --- running --- */

void
vigil_source_manager_start (VigilSourceManager *self)
{
  g_return_if_fail (VIGIL_IS_SOURCE_MANAGER (self));

  self->running = TRUE;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->paused)
        continue;
      look_up_token (self, entry);
      start_entry (self, entry);
    }
}

void
vigil_source_manager_stop (VigilSourceManager *self)
{
  g_return_if_fail (VIGIL_IS_SOURCE_MANAGER (self));

  self->running = FALSE;
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->lookup != NULL)
        g_cancellable_cancel (entry->lookup);
      g_clear_object (&entry->lookup);
      stop_entry (self, entry);
    }
}

void
vigil_source_manager_set_watch_list (VigilSourceManager *self,
                                     VigilWatchList     *watches)
{
  g_return_if_fail (VIGIL_IS_SOURCE_MANAGER (self));
  g_return_if_fail (!watches || VIGIL_IS_WATCH_LIST (watches));

  if (self->watches == watches)
    return;
  if (self->watches != NULL)
    g_signal_handlers_disconnect_by_data (self->watches, self);
  g_set_object (&self->watches, watches);
  if (watches != NULL)
    g_signal_connect (watches, "items-changed", G_CALLBACK (on_watches_changed_cb), self);
  on_watches_changed_cb (NULL, 0, 0, 0, self);
}

/* --- editing --- */

VigilSource *
vigil_source_manager_add (VigilSourceManager  *self,
                          const char          *spec,
                          const char          *label,
                          const char          *account,
                          GError             **error)
{
  Entry *entry;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  if (label != NULL && *label == '\0')
    label = NULL;
  if (account != NULL && *account == '\0')
    account = NULL;
  if (!check_spec (spec, account, error) || !check_label (label, error))
    return NULL;
  if (has_spec (self, spec, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("This source is already in the list."));
      return NULL;
    }
  if (self->entries->len >= VIGIL_SOURCE_MANAGER_MAX_SOURCES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("There are already %u sources; remove one first."),
                   VIGIL_SOURCE_MANAGER_MAX_SOURCES);
      return NULL;
    }

  entry = g_new0 (Entry, 1);
  entry->spec = g_strdup (spec);
  entry->label = g_strdup (label);
  entry->account = g_strdup (account);
  append_entry (self, entry);
  if (!vigil_source_manager_save (self, error))
    return NULL;
  if (entry->sources->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The source could not be created."));
      return NULL;
    }
  return g_ptr_array_index (entry->sources, 0);
}

gboolean
vigil_source_manager_add_watches (VigilSourceManager  *self,
                                  const char          *instance,
                                  const char          *label,
                                  const char          *account,
                                  GError             **error)
{
  g_autofree char *url = NULL;
  Entry *entry;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), FALSE);

  if (label != NULL && *label == '\0')
    label = NULL;
  if (account != NULL && *account == '\0')
    account = NULL;
  url = check_instance (instance, error);
  if (url == NULL || !check_label (label, error) || !check_account (account, error))
    return FALSE;

  entry = g_new0 (Entry, 1);
  entry->instance = g_steal_pointer (&url);
  entry->label = g_strdup (label);
  entry->account = g_strdup (account);
  append_entry (self, entry);
  return vigil_source_manager_save (self, error);
}

VigilSource *
vigil_source_manager_edit (VigilSourceManager  *self,
                           VigilSource         *source,
                           const char          *spec,
                           const char          *label,
                           const char          *account,
                           GError             **error)
{
  guint index;
  Entry *entry;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SOURCE (source), NULL);

  entry = find_entry (self, source, &index);
  g_return_val_if_fail (entry != NULL && entry->spec != NULL, NULL);

  if (label != NULL && *label == '\0')
    label = NULL;
  if (account != NULL && *account == '\0')
    account = NULL;
  if (!check_spec (spec, account, error) || !check_label (label, error))
    return NULL;
  if (has_spec (self, spec, entry))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("This source is already in the list."));
      return NULL;
    }

  g_free (entry->label);
  entry->label = g_strdup (label);
  if (g_strcmp0 (entry->spec, spec) != 0 || g_strcmp0 (entry->account, account) != 0)
    {
      g_free (entry->spec);
      entry->spec = g_strdup (spec);
      if (g_strcmp0 (entry->account, account) != 0)
        {
          g_free (entry->account);
          entry->account = g_strdup (account);
          vigil_credential_free_secret (g_steal_pointer (&entry->token));
          entry->token_ready = FALSE;
          if (entry->lookup != NULL)
            g_cancellable_cancel (entry->lookup);
          g_clear_object (&entry->lookup);
        }
      rebuild_entry (self, index);
      if (self->running && !entry->paused)
        look_up_token (self, entry);
    }
  else
    /* only the label changed: let views redraw the row */
    g_list_model_items_changed (G_LIST_MODEL (self), entry_offset (self, index), 1, 1);

  if (!vigil_source_manager_save (self, error))
    return NULL;
  return entry->sources->len > 0 ? g_ptr_array_index (entry->sources, 0) : NULL;
}

gboolean
vigil_source_manager_set_paused (VigilSourceManager  *self,
                                 VigilSource         *source,
                                 gboolean             paused,
                                 GError             **error)
{
  Entry *entry;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SOURCE (source), FALSE);

  entry = find_entry (self, source, NULL);
  g_return_val_if_fail (entry != NULL, FALSE);

  paused = !!paused;
  if (!paused && entry_blocked (self, entry))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The account %s was reported hacked: its sources stay paused until "
                     "someone clears it on the Accounts page."), entry->account);
      return FALSE;
    }
  if (entry->paused == paused)
    return TRUE;
  entry->paused = paused;
  if (paused)
    stop_entry (self, entry);
  else if (self->running)
    {
      look_up_token (self, entry);
      start_entry (self, entry);
    }
  return vigil_source_manager_save (self, error);
}

gboolean
vigil_source_manager_remove (VigilSourceManager  *self,
                             VigilSource         *source,
                             GError             **error)
{
  guint index, offset;
  Entry *entry;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_SOURCE (source), FALSE);

  entry = find_entry (self, source, &index);
  g_return_val_if_fail (entry != NULL, FALSE);

  offset = entry_offset (self, index);
  for (guint j = 0; j < entry->sources->len; j++)
    release_source (self, g_ptr_array_index (entry->sources, j));
  g_ptr_array_steal_index (self->entries, index);
  g_list_model_items_changed (G_LIST_MODEL (self), offset, entry->sources->len, 0);
  entry_free (entry);
  return vigil_source_manager_save (self, error);
}

static Entry *
lookup_entry (VigilSourceManager *self,
              VigilSource        *source)
{
  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), NULL);
  g_return_val_if_fail (VIGIL_IS_SOURCE (source), NULL);
  return find_entry (self, source, NULL);
}

gboolean
vigil_source_manager_get_paused (VigilSourceManager *self,
                                 VigilSource        *source)
{
  Entry *entry = lookup_entry (self, source);

  return entry != NULL && (entry->paused || entry_blocked (self, entry));
}

const char *
vigil_source_manager_get_label (VigilSourceManager *self,
                                VigilSource        *source)
{
  Entry *entry = lookup_entry (self, source);

  if (entry == NULL)
    return NULL;
  if (entry->spec == NULL)
    return vigil_source_get_id (source);
  return entry->label != NULL ? entry->label : entry->spec;
}

const char *
vigil_source_manager_get_spec (VigilSourceManager *self,
                               VigilSource        *source)
{
  Entry *entry = lookup_entry (self, source);

  if (entry == NULL)
    return NULL;
  return entry->spec != NULL ? entry->spec : vigil_source_get_id (source);
}

const char *
vigil_source_manager_get_account (VigilSourceManager *self,
                                  VigilSource        *source)
{
  Entry *entry = lookup_entry (self, source);

  return entry != NULL ? entry->account : NULL;
}

gboolean
vigil_source_manager_is_derived (VigilSourceManager *self,
                                 VigilSource        *source)
{
  Entry *entry = lookup_entry (self, source);

  return entry != NULL && entry->spec == NULL;
}

guint
vigil_source_manager_get_n_configured (VigilSourceManager *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), 0);
  return self->entries->len;
}

void
vigil_source_manager_refresh_account (VigilSourceManager *self,
                                      const char         *account)
{
  g_return_if_fail (VIGIL_IS_SOURCE_MANAGER (self));
  g_return_if_fail (account != NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->account, account) != 0)
        continue;
      if (entry->lookup != NULL)
        g_cancellable_cancel (entry->lookup);
      g_clear_object (&entry->lookup);
      vigil_credential_free_secret (g_steal_pointer (&entry->token));
      entry->token_ready = FALSE;
      stop_entry (self, entry);
      if (self->running && !entry->paused)
        {
          look_up_token (self, entry);
          start_entry (self, entry);
        }
    }
}

const char *
vigil_source_manager_get_path (VigilSourceManager *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), NULL);
  return self->path;
}

VigilCredentialStore *
vigil_source_manager_get_credentials (VigilSourceManager *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), NULL);
  return self->credentials;
}

/* --- object --- */

static void
vigil_source_manager_dispose (GObject *object)
{
  VigilSourceManager *self = (VigilSourceManager *) object;

  if (self->entries != NULL)
    {
      vigil_source_manager_stop (self);
      for (guint i = 0; i < self->entries->len; i++)
        {
          Entry *entry = g_ptr_array_index (self->entries, i);

          for (guint j = 0; j < entry->sources->len; j++)
            g_signal_handlers_disconnect_by_data (g_ptr_array_index (entry->sources, j), self);
        }
      g_clear_pointer (&self->entries, g_ptr_array_unref);
    }
  if (self->watches != NULL)
    g_signal_handlers_disconnect_by_data (self->watches, self);
  g_clear_object (&self->watches);
  g_clear_object (&self->credentials);
  g_clear_object (&self->session);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vigil_source_manager_parent_class)->dispose (object);
}

static void
vigil_source_manager_finalize (GObject *object)
{
  VigilSourceManager *self = (VigilSourceManager *) object;

  g_free (self->path);
  g_clear_pointer (&self->broken, g_ptr_array_unref);
  g_clear_pointer (&self->blocked, g_hash_table_unref);
  G_OBJECT_CLASS (vigil_source_manager_parent_class)->finalize (object);
}

static void
vigil_source_manager_class_init (VigilSourceManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vigil_source_manager_dispose;
  object_class->finalize = vigil_source_manager_finalize;

  signals[SOURCE_PROBLEM] =
    g_signal_new ("source-problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, VIGIL_TYPE_SOURCE, G_TYPE_STRING);
  signals[TOKEN_USED] =
    g_signal_new ("token-used", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
vigil_source_manager_init (VigilSourceManager *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  self->broken = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->blocked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

VigilSourceManager *
vigil_source_manager_new (VigilStore           *store,
                          SoupSession          *session,
                          VigilCredentialStore *credentials,
                          const char           *path)
{
  VigilSourceManager *self;

  g_return_val_if_fail (store != NULL, NULL);
  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (!credentials || VIGIL_IS_CREDENTIAL_STORE (credentials), NULL);

  self = g_object_new (VIGIL_TYPE_SOURCE_MANAGER, NULL);
  self->store = g_object_ref (store);
  self->session = g_object_ref (session);
  self->credentials = credentials != NULL ? g_object_ref (credentials) : NULL;
  self->path = path != NULL ? g_strdup (path) : vigil_source_manager_get_default_path ();
  return self;
}

void
vigil_source_manager_set_account_blocked (VigilSourceManager *self,
                                          const char         *account,
                                          gboolean            blocked)
{
  g_autofree char *lower = NULL;

  g_return_if_fail (VIGIL_IS_SOURCE_MANAGER (self));
  g_return_if_fail (account != NULL);

  lower = g_ascii_strdown (account, -1);
  if (blocked == g_hash_table_contains (self->blocked, lower))
    return;
  if (blocked)
    g_hash_table_add (self->blocked, g_steal_pointer (&lower));
  else
    g_hash_table_remove (self->blocked, lower);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->account == NULL || g_ascii_strcasecmp (entry->account, account) != 0)
        continue;
      if (blocked)
        stop_entry (self, entry);
      else if (self->running && !entry->paused)
        {
          look_up_token (self, entry);
          start_entry (self, entry);
        }
      /* the rows show get_paused(): tell them */
      g_list_model_items_changed (G_LIST_MODEL (self), entry_offset (self, i),
                                  entry->sources->len, entry->sources->len);
    }
}

gboolean
vigil_source_manager_is_account_blocked (VigilSourceManager *self,
                                         const char         *account)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (self), FALSE);
  if (account == NULL)
    return FALSE;
  lower = g_ascii_strdown (account, -1);
  return g_hash_table_contains (self->blocked, lower);
}
