/* vigil-jetstream-fast.c: a Jetstream event's fields straight from its text
 *
 * The tree-less twin of fields_from_object() in vigil-jetstream-parser.c:
 * it reads members exactly as that function reads a json-glib tree (wrong
 * types read as missing, the last of duplicate members wins, lists stop at
 * _VIGIL_JETSTREAM_MAX_LIST_ITEMS) and declines anything that is not a
 * well-formed, bounded JSON object. test-jetstream-parser checks that both
 * agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-jetstream-fast"

#include "config.h"

#include <string.h>

#include "vigil-jetstream-private.h"

typedef _VigilJsonReader Reader;

static inline gboolean
at (Reader *r,
    char    c)
{
  _vigil_json_reader_skip_space (r);
  return r->p < r->end && *r->p == c;
}

/* Calls element() for each element of the array at r->p == '[', with its
 * index; element() must consume the element. */
typedef gboolean (*ElementFunc) (Reader   *r,
                                 guint     index,
                                 guint     depth,
                                 gpointer  user_data);

static gboolean
read_array (Reader      *r,
            guint        depth,
            ElementFunc  element,
            gpointer     user_data)
{
  if (depth > VIGIL_NORMALIZE_MAX_DEPTH || !at (r, '['))
    return FALSE;
  r->p++;
  if (at (r, ']'))
    {
      r->p++;
      return TRUE;
    }
  for (guint index = 0;; index++)
    {
      _vigil_json_reader_skip_space (r);
      if (!element (r, index, depth + 1, user_data))
        return FALSE;
      if (at (r, ','))
        {
          r->p++;
          continue;
        }
      if (at (r, ']'))
        {
          r->p++;
          return TRUE;
        }
      return FALSE;
    }
}

static gboolean
skip_value (Reader *r,
            guint   depth)
{
  _VigilJsonValue v;

  return _vigil_json_reader_value (r, depth, &v);
}

/* --- embeds --- */

static gboolean
image_member (Reader     *r,
              const char *key,
              guint       depth,
              gpointer    user_data)
{
  char **alt = user_data;
  _VigilJsonValue v;

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (strcmp (key, "alt") == 0)
    _vigil_json_value_set_string (alt, r, &v);
  return TRUE;
}

static gboolean
image_element (Reader   *r,
               guint     index,
               guint     depth,
               gpointer  user_data)
{
  GPtrArray *images = user_data;
  g_autofree char *alt = NULL;

  if (index >= _VIGIL_JETSTREAM_MAX_LIST_ITEMS || !at (r, '{'))
    return skip_value (r, depth);
  if (!_vigil_json_reader_object (r, depth, image_member, &alt))
    return FALSE;
  g_ptr_array_add (images, _vigil_jet_image_alt (alt));
  return TRUE;
}

typedef struct
{
  _VigilJetEmbed *embed;
  gboolean        top;
} EmbedState;

static gboolean
embed_member (Reader     *r,
              const char *key,
              guint       depth,
              gpointer    user_data)
{
  EmbedState *state = user_data;
  _VigilJetEmbed *embed = state->embed;
  _VigilJsonValue v;

  if (strcmp (key, "images") == 0)
    {
      g_clear_pointer (&embed->images, g_ptr_array_unref);
      if (!at (r, '['))
        return skip_value (r, depth);
      embed->images = g_ptr_array_new_with_free_func (g_free);
      return read_array (r, depth, image_element, embed->images);
    }
  if (state->top && strcmp (key, "media") == 0)
    {
      EmbedState inner = { NULL, FALSE };

      g_clear_pointer (&embed->media, _vigil_jet_embed_free);
      if (!at (r, '{'))
        return skip_value (r, depth);
      inner.embed = embed->media = g_new0 (_VigilJetEmbed, 1);
      return _vigil_json_reader_object (r, depth, embed_member, &inner);
    }

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (strcmp (key, "$type") == 0)
    _vigil_json_value_set_string (&embed->type, r, &v);
  else if (strcmp (key, "alt") == 0)
    _vigil_json_value_set_string (&embed->alt, r, &v);
  return TRUE;
}

/* --- facets --- */

typedef struct
{
  char *type;
  char *tag;
} Feature;

static gboolean
feature_member (Reader     *r,
                const char *key,
                guint       depth,
                gpointer    user_data)
{
  Feature *feature = user_data;
  _VigilJsonValue v;

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (strcmp (key, "$type") == 0)
    _vigil_json_value_set_string (&feature->type, r, &v);
  else if (strcmp (key, "tag") == 0)
    _vigil_json_value_set_string (&feature->tag, r, &v);
  return TRUE;
}

static gboolean
feature_element (Reader   *r,
                 guint     index,
                 guint     depth,
                 gpointer  user_data)
{
  GPtrArray *tags = user_data;
  Feature feature = { NULL, NULL };
  gboolean ok;

  if (index >= _VIGIL_JETSTREAM_MAX_LIST_ITEMS || !at (r, '{'))
    return skip_value (r, depth);
  ok = _vigil_json_reader_object (r, depth, feature_member, &feature);
  if (ok && g_strcmp0 (feature.type, "app.bsky.richtext.facet#tag") == 0
      && feature.tag && *feature.tag)
    g_ptr_array_add (tags, g_steal_pointer (&feature.tag));
  g_free (feature.type);
  g_free (feature.tag);
  return ok;
}

static gboolean
facet_member (Reader     *r,
              const char *key,
              guint       depth,
              gpointer    user_data)
{
  GPtrArray **facet_tags = user_data;

  if (strcmp (key, "features") != 0)
    return skip_value (r, depth);
  /* the last "features" wins */
  g_clear_pointer (facet_tags, g_ptr_array_unref);
  if (!at (r, '['))
    return skip_value (r, depth);
  *facet_tags = g_ptr_array_new_with_free_func (g_free);
  return read_array (r, depth, feature_element, *facet_tags);
}

static gboolean
facet_element (Reader   *r,
               guint     index,
               guint     depth,
               gpointer  user_data)
{
  GPtrArray *tags = user_data;
  g_autoptr(GPtrArray) facet_tags = NULL;

  if (index >= _VIGIL_JETSTREAM_MAX_LIST_ITEMS || tags->len >= _VIGIL_JETSTREAM_MAX_LIST_ITEMS
      || !at (r, '{'))
    return skip_value (r, depth);
  if (!_vigil_json_reader_object (r, depth, facet_member, &facet_tags))
    return FALSE;
  for (guint i = 0; facet_tags && i < facet_tags->len; i++)
    g_ptr_array_add (tags, g_strdup (g_ptr_array_index (facet_tags, i)));
  return TRUE;
}

/* --- the record --- */

static gboolean
uri_member (Reader     *r,
            const char *key,
            guint       depth,
            gpointer    user_data)
{
  char **uri = user_data;
  _VigilJsonValue v;

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (strcmp (key, "uri") == 0)
    _vigil_json_value_set_string (uri, r, &v);
  return TRUE;
}

static gboolean
reply_member (Reader     *r,
              const char *key,
              guint       depth,
              gpointer    user_data)
{
  _VigilJetFields *f = user_data;
  char **slot;

  if (strcmp (key, "parent") == 0)
    slot = &f->parent_uri;
  else if (strcmp (key, "root") == 0)
    slot = &f->root_uri;
  else
    return skip_value (r, depth);

  g_clear_pointer (slot, g_free);
  if (!at (r, '{'))
    return skip_value (r, depth);
  return _vigil_json_reader_object (r, depth, uri_member, slot);
}

static gboolean
first_lang (Reader   *r,
            guint     index,
            guint     depth,
            gpointer  user_data)
{
  _VigilJetFields *f = user_data;
  _VigilJsonValue v;

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (index == 0)
    _vigil_json_value_set_string (&f->lang, r, &v);
  return TRUE;
}

static gboolean
record_member (Reader     *r,
               const char *key,
               guint       depth,
               gpointer    user_data)
{
  _VigilJetFields *f = user_data;
  _VigilJsonValue v;

  if (strcmp (key, "langs") == 0)
    {
      g_clear_pointer (&f->lang, g_free);
      return at (r, '[') ? read_array (r, depth, first_lang, f) : skip_value (r, depth);
    }
  if (strcmp (key, "reply") == 0)
    {
      g_clear_pointer (&f->parent_uri, g_free);
      g_clear_pointer (&f->root_uri, g_free);
      return at (r, '{') ? _vigil_json_reader_object (r, depth, reply_member, f)
                         : skip_value (r, depth);
    }
  if (strcmp (key, "embed") == 0)
    {
      EmbedState state = { NULL, TRUE };

      g_clear_pointer (&f->embed, _vigil_jet_embed_free);
      if (!at (r, '{'))
        return skip_value (r, depth);
      state.embed = f->embed = g_new0 (_VigilJetEmbed, 1);
      return _vigil_json_reader_object (r, depth, embed_member, &state);
    }
  if (strcmp (key, "facets") == 0)
    {
      g_clear_pointer (&f->tags, g_ptr_array_unref);
      if (!at (r, '['))
        return skip_value (r, depth);
      f->tags = g_ptr_array_new_with_free_func (g_free);
      return read_array (r, depth, facet_element, f->tags);
    }

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (strcmp (key, "text") == 0)
    _vigil_json_value_set_string (&f->text, r, &v);
  else if (strcmp (key, "createdAt") == 0)
    _vigil_json_value_set_string (&f->created_at, r, &v);
  return TRUE;
}

/* --- the event --- */

static gboolean
commit_member (Reader     *r,
               const char *key,
               guint       depth,
               gpointer    user_data)
{
  _VigilJetFields *f = user_data;
  _VigilJsonValue v;

  if (strcmp (key, "record") == 0)
    {
      _vigil_jet_fields_reset_record (f);
      if (!at (r, '{'))
        return skip_value (r, depth);
      f->has_record = TRUE;
      return _vigil_json_reader_object (r, depth, record_member, f);
    }

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (strcmp (key, "collection") == 0)
    _vigil_json_value_set_string (&f->collection, r, &v);
  else if (strcmp (key, "rkey") == 0)
    _vigil_json_value_set_string (&f->rkey, r, &v);
  else if (strcmp (key, "operation") == 0)
    _vigil_json_value_set_string (&f->operation, r, &v);
  return TRUE;
}

static gboolean
event_member (Reader     *r,
              const char *key,
              guint       depth,
              gpointer    user_data)
{
  _VigilJetFields *f = user_data;
  _VigilJsonValue v;

  if (strcmp (key, "commit") == 0)
    {
      _vigil_jet_fields_reset_commit (f);
      if (!at (r, '{'))
        return skip_value (r, depth);
      f->has_commit = TRUE;
      return _vigil_json_reader_object (r, depth, commit_member, f);
    }

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (strcmp (key, "kind") == 0)
    _vigil_json_value_set_string (&f->kind, r, &v);
  else if (strcmp (key, "time_us") == 0)
    {
      f->has_time_us = v.kind == _VIGIL_JSON_INT && v.i >= 0;
      f->time_us = f->has_time_us ? v.i : 0;
    }
  else if (strcmp (key, "did") == 0)
    _vigil_json_value_set_string (&f->did, r, &v);
  return TRUE;
}

gboolean
_vigil_jetstream_read_event_text (const char      *data,
                                  gsize            length,
                                  _VigilJetFields *fields)
{
  Reader r = { data, data + length, NULL };
  gboolean ok;

  r.scratch = g_string_sized_new (512);
  ok = at (&r, '{') && _vigil_json_reader_object (&r, 1, event_member, fields);
  if (ok)
    {
      _vigil_json_reader_skip_space (&r);
      ok = r.p == r.end;
    }
  g_string_free (r.scratch, TRUE);
  return ok;
}
