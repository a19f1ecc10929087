/* vigil-jetstream-parser.c: Bluesky Jetstream events → VigilPost
 *
 * Jetstream (github.com/bluesky-social/jetstream) sends one JSON object per
 * websocket message:
 *   {"did":"did:plc:…","time_us":…,"kind":"commit",
 *    "commit":{"rev":…,"operation":"create","collection":"app.bsky.feed.post",
 *              "rkey":"3l3qo2vutsw2b","record":{…},"cid":…}}
 * plus "identity" and "account" events. Only posts become VigilPosts.
 * Jetstream carries no handle, so the author is the DID.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-jetstream-parser"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-jetstream-private.h"

#define POST_COLLECTION "app.bsky.feed.post"

/* did:method:identifier — letters, digits and ._:%- only, so it is safe
 * to put in a URL path */
static gboolean
is_valid_did (const char *did)
{
  gsize n = 0;
  const char *p;

  if (did == NULL || !g_str_has_prefix (did, "did:"))
    return FALSE;
  for (p = did + 4; g_ascii_islower (*p); p++)
    ;
  if (p == did + 4 || *p != ':' || p[1] == '\0')
    return FALSE;
  for (p++; *p; p++, n++)
    if (!(g_ascii_isalnum (*p) || strchr ("._:%-", *p)) || n > 2048)
      return FALSE;
  return TRUE;
}

/* record keys: 1–512 of A-Za-z0-9 . - _ : ~, not "." or ".." */
static gboolean
is_valid_rkey (const char *rkey)
{
  gsize n = 0;

  if (rkey == NULL || g_str_equal (rkey, ".") || g_str_equal (rkey, ".."))
    return FALSE;
  for (const char *p = rkey; *p; p++, n++)
    if (!(g_ascii_isalnum (*p) || strchr (".-_:~", *p)) || n >= 512)
      return FALSE;
  return n > 0;
}

void
_vigil_jet_embed_free (_VigilJetEmbed *embed)
{
  if (embed == NULL)
    return;
  g_free (embed->type);
  g_clear_pointer (&embed->images, g_ptr_array_unref);
  g_free (embed->alt);
  _vigil_jet_embed_free (embed->media);
  g_free (embed);
}

void
_vigil_jet_fields_reset_record (_VigilJetFields *fields)
{
  fields->has_record = FALSE;
  g_clear_pointer (&fields->text, g_free);
  g_clear_pointer (&fields->created_at, g_free);
  g_clear_pointer (&fields->lang, g_free);
  g_clear_pointer (&fields->parent_uri, g_free);
  g_clear_pointer (&fields->root_uri, g_free);
  g_clear_pointer (&fields->embed, _vigil_jet_embed_free);
  g_clear_pointer (&fields->tags, g_ptr_array_unref);
}

void
_vigil_jet_fields_reset_commit (_VigilJetFields *fields)
{
  fields->has_commit = FALSE;
  g_clear_pointer (&fields->collection, g_free);
  g_clear_pointer (&fields->rkey, g_free);
  g_clear_pointer (&fields->operation, g_free);
  _vigil_jet_fields_reset_record (fields);
}

void
_vigil_jet_fields_clear (_VigilJetFields *fields)
{
  g_clear_pointer (&fields->kind, g_free);
  g_clear_pointer (&fields->did, g_free);
  _vigil_jet_fields_reset_commit (fields);
}

char *
_vigil_jet_image_alt (const char *alt)
{
  return g_strdup (alt && *alt ? alt : "[image]");
}

static void
add_embed (GPtrArray      *media,
           _VigilJetEmbed *embed)
{
  if (embed == NULL || embed->type == NULL)
    return;
  if (g_str_equal (embed->type, "app.bsky.embed.images"))
    {
      for (guint i = 0; embed->images && i < embed->images->len; i++)
        g_ptr_array_add (media, g_strdup (g_ptr_array_index (embed->images, i)));
    }
  else if (g_str_equal (embed->type, "app.bsky.embed.video"))
    g_ptr_array_add (media, g_strdup (embed->alt && *embed->alt ? embed->alt : "[video]"));
  else if (g_str_equal (embed->type, "app.bsky.embed.recordWithMedia")
           && embed->media != NULL
           && g_strcmp0 (embed->media->type, "app.bsky.embed.recordWithMedia") != 0)
    add_embed (media, embed->media);  /* one level: the media is images or a video */
}

/* --- the json-glib road --- */

static char *
dup_string (JsonObject *object,
            const char *member)
{
  return g_strdup (_vigil_json_get_string (object, member));
}

static _VigilJetEmbed *
embed_from_object (JsonObject *object,
                   gboolean    top)
{
  _VigilJetEmbed *embed = g_new0 (_VigilJetEmbed, 1);
  JsonArray *images = _vigil_json_get_array (object, "images");
  JsonObject *media = top ? _vigil_json_get_object (object, "media") : NULL;

  embed->type = dup_string (object, "$type");
  embed->alt = dup_string (object, "alt");
  if (images != NULL)
    {
      guint n = MIN (json_array_get_length (images), _VIGIL_JETSTREAM_MAX_LIST_ITEMS);

      embed->images = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (images, i);

          if (JSON_NODE_HOLDS_OBJECT (node))
            g_ptr_array_add (embed->images,
                             _vigil_jet_image_alt (_vigil_json_get_string (json_node_get_object (node),
                                                                           "alt")));
        }
    }
  if (media != NULL)
    embed->media = embed_from_object (media, FALSE);
  return embed;
}

static GPtrArray *
tags_from_facets (JsonArray *facets)
{
  GPtrArray *tags = g_ptr_array_new_with_free_func (g_free);
  guint n = MIN (json_array_get_length (facets), _VIGIL_JETSTREAM_MAX_LIST_ITEMS);

  for (guint i = 0; i < n && tags->len < _VIGIL_JETSTREAM_MAX_LIST_ITEMS; i++)
    {
      JsonNode *node = json_array_get_element (facets, i);
      JsonArray *features;
      guint m;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      features = _vigil_json_get_array (json_node_get_object (node), "features");
      m = features ? MIN (json_array_get_length (features), _VIGIL_JETSTREAM_MAX_LIST_ITEMS) : 0;
      for (guint j = 0; j < m; j++)
        {
          JsonNode *fnode = json_array_get_element (features, j);
          JsonObject *feature;
          const char *tag;

          if (!JSON_NODE_HOLDS_OBJECT (fnode))
            continue;
          feature = json_node_get_object (fnode);
          if (g_strcmp0 (_vigil_json_get_string (feature, "$type"),
                         "app.bsky.richtext.facet#tag") != 0)
            continue;
          tag = _vigil_json_get_string (feature, "tag");
          if (tag && *tag)
            g_ptr_array_add (tags, g_strdup (tag));
        }
    }
  return tags;
}

static void
fields_from_object (JsonObject      *event,
                    _VigilJetFields *fields)
{
  JsonObject *commit = _vigil_json_get_object (event, "commit");
  JsonObject *record = _vigil_json_get_object (commit, "record");
  JsonObject *reply;
  JsonObject *embed;
  JsonArray *langs;
  JsonArray *facets;

  fields->kind = dup_string (event, "kind");
  fields->did = dup_string (event, "did");
  {
    JsonNode *time = json_object_get_member (event, "time_us");

    fields->has_time_us = time != NULL && JSON_NODE_HOLDS_VALUE (time)
                          && json_node_get_value_type (time) == G_TYPE_INT64
                          && json_node_get_int (time) >= 0;
    fields->time_us = fields->has_time_us ? json_node_get_int (time) : 0;
  }
  if (commit == NULL)
    return;
  fields->has_commit = TRUE;
  fields->collection = dup_string (commit, "collection");
  fields->rkey = dup_string (commit, "rkey");
  fields->operation = dup_string (commit, "operation");
  if (record == NULL)
    return;
  fields->has_record = TRUE;
  fields->text = dup_string (record, "text");
  fields->created_at = dup_string (record, "createdAt");

  langs = _vigil_json_get_array (record, "langs");
  if (langs && json_array_get_length (langs) > 0)
    {
      JsonNode *node = json_array_get_element (langs, 0);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        fields->lang = g_strdup (json_node_get_string (node));
    }

  reply = _vigil_json_get_object (record, "reply");
  fields->parent_uri = dup_string (_vigil_json_get_object (reply, "parent"), "uri");
  fields->root_uri = dup_string (_vigil_json_get_object (reply, "root"), "uri");

  embed = _vigil_json_get_object (record, "embed");
  if (embed)
    fields->embed = embed_from_object (embed, TRUE);

  facets = _vigil_json_get_array (record, "facets");
  if (facets)
    fields->tags = tags_from_facets (facets);
}

/* --- one builder --- */

/* raw: the line, taken */
static VigilPost *
post_from_fields (_VigilJetFields  *f,
                  char             *raw,
                  GError          **error)
{
  g_autofree char *owned_raw = raw;
  g_autoptr(VigilPost) post = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *url = NULL;

  if (f->kind == NULL)
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("Jetstream event has no “kind”"));
      return NULL;
    }
  if (!g_str_equal (f->kind, "commit"))
    return NULL;  /* identity, account: not posts */

  if (!f->has_commit)
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("Jetstream commit event has no “commit” object"));
      return NULL;
    }
  if (g_strcmp0 (f->collection, POST_COLLECTION) != 0)
    return NULL;  /* likes, follows, profiles… */

  if (!is_valid_did (f->did))
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("Jetstream event has no valid “did”"));
      return NULL;
    }
  if (!is_valid_rkey (f->rkey))
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("Jetstream commit has no valid record key (“rkey”)"));
      return NULL;
    }

  remote_id = g_strconcat ("at://", f->did, "/" POST_COLLECTION "/", f->rkey, NULL);
  url = g_strconcat ("https://bsky.app/profile/", f->did, "/post/", f->rkey, NULL);
  post = vigil_post_new (VIGIL_PLATFORM_BLUESKY, remote_id);
  vigil_post_set_author (post, f->did);
  vigil_post_set_url (post, url);

  if (g_strcmp0 (f->operation, "delete") == 0)
    {
      vigil_post_set_event (post, VIGIL_POST_EVENT_DELETE);
      vigil_post_set_deleted (post, TRUE);
    }
  else if (g_strcmp0 (f->operation, "create") == 0 || g_strcmp0 (f->operation, "update") == 0)
    {
      g_autoptr(GDateTime) created = NULL;
      g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func (g_free);

      if (!f->has_record)
        {
          g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                               _("Jetstream commit has no “record”"));
          return NULL;
        }
      /* Bluesky text is plain text already */
      vigil_post_set_text (post, f->text ? f->text : "");
      created = vigil_parse_iso8601 (f->created_at);
      vigil_post_set_created_at (post, created);
      vigil_post_set_lang (post, f->lang);
      vigil_post_set_parent_id (post, f->parent_uri && *f->parent_uri ? f->parent_uri : NULL);
      vigil_post_set_thread_id (post, f->root_uri && *f->root_uri ? f->root_uri : NULL);

      add_embed (media, f->embed);
      g_ptr_array_add (media, NULL);
      vigil_post_set_media (post, (const char * const *) media->pdata);
      if (f->tags)
        {
          g_ptr_array_add (f->tags, NULL);
          vigil_post_set_tags (post, (const char * const *) f->tags->pdata);
          g_ptr_array_remove_index (f->tags, f->tags->len - 1);
        }

      if (g_str_equal (f->operation, "update"))
        {
          vigil_post_set_event (post, VIGIL_POST_EVENT_EDIT);
          vigil_post_set_edited (post, TRUE);
        }
    }
  else
    {
      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                   _("Jetstream commit has an unknown operation “%s”"),
                   f->operation ? f->operation : "");
      return NULL;
    }

  vigil_post_take_raw (post, g_steal_pointer (&owned_raw));
  now = g_date_time_new_now_utc ();
  vigil_post_set_fetched_at (post, now);
  return g_steal_pointer (&post);
}

static VigilPost *
event_from_text (const char  *line,
                 gsize        length,
                 gboolean    *declined,
                 gint64      *out_time_us,
                 GError     **error)
{
  _VigilJetFields fields = { 0 };
  VigilPost *post = NULL;

  *declined = TRUE;
  if (length > VIGIL_NORMALIZE_MAX_RECORD || !g_utf8_validate_len (line, length, NULL))
    return NULL;
  if (_vigil_jetstream_read_event_text (line, length, &fields))
    {
      *declined = FALSE;
      if (out_time_us != NULL)
        *out_time_us = fields.has_time_us ? fields.time_us : -1;
      post = post_from_fields (&fields, g_strndup (line, length), error);
    }
  _vigil_jet_fields_clear (&fields);
  return post;
}

VigilPost *
_vigil_jetstream_fast_event (const char  *line,
                             gsize        length,
                             gboolean    *declined,
                             GError     **error)
{
  return event_from_text (line, length, declined, NULL, error);
}

static VigilPost *
event_from_node (JsonParser  *parser,
                 const char  *line,
                 gsize        length,
                 gint64      *out_time_us,
                 GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  _VigilJetFields fields = { 0 };
  VigilPost *post;

  node = _vigil_json_parse_bounded_with (parser, line, length, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("a Jetstream event must be a JSON object"));
      return NULL;
    }
  fields_from_object (json_node_get_object (node), &fields);
  if (out_time_us != NULL)
    *out_time_us = fields.has_time_us ? fields.time_us : -1;
  post = post_from_fields (&fields, g_strndup (line, length), error);
  _vigil_jet_fields_clear (&fields);
  return post;
}

VigilPost *
_vigil_jetstream_slow_event (const char  *line,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return event_from_node (parser, line, length, NULL, error);
}

static VigilPost *
parse_event_with (JsonParser  *parser,
                  const char  *line,
                  gsize        length,
                  gint64      *out_time_us,
                  GError     **error)
{
  g_autoptr(JsonParser) own_parser = NULL;
  gboolean declined;
  VigilPost *post;

  if (out_time_us != NULL)
    *out_time_us = -1;
  post = event_from_text (line, length, &declined, out_time_us, error);
  if (!declined)
    return post;
  if (parser == NULL)
    parser = own_parser = json_parser_new ();
  return event_from_node (parser, line, length, out_time_us, error);
}

VigilPost *
vigil_jetstream_parse_event (const char  *line,
                             gsize        length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;

  g_return_val_if_fail (line != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new ();
  return parse_event_with (parser, line, length, NULL, error);
}

VigilPost *
vigil_jetstream_parse_event_full (const char  *line,
                                  gsize        length,
                                  gint64      *out_time_us,
                                  GError     **error)
{
  g_return_val_if_fail (line != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* the json-glib road (and its parser) only for lines the reader declines */
  return parse_event_with (NULL, line, length, out_time_us, error);
}

/* Finds "time_us" among the top-level members without building a tree. */
gint64
vigil_jetstream_event_time_us (const char *line,
                               gsize       length)
{
  static const char key[] = "\"time_us\"";
  guint depth = 0;
  gsize i = 0;

  g_return_val_if_fail (line != NULL || length == 0, -1);

  while (i < length)
    {
      char c = line[i];

      if (c == '"')
        {
          if (depth == 1 && length - i >= sizeof key - 1
              && memcmp (line + i, key, sizeof key - 1) == 0)
            {
              gint64 value = 0;
              gsize digits = 0;

              i += sizeof key - 1;
              while (i < length && g_ascii_isspace (line[i]))
                i++;
              if (i >= length || line[i] != ':')
                continue;  /* a value that reads "time_us" */
              i++;
              while (i < length && g_ascii_isspace (line[i]))
                i++;
              for (; i < length && g_ascii_isdigit (line[i]); i++, digits++)
                {
                  if (value > (G_MAXINT64 - 9) / 10)
                    return -1;
                  value = value * 10 + (line[i] - '0');
                }
              /* a number cut off by the end of the input isn't trusted */
              if (digits == 0 || i >= length
                  || !(line[i] == ',' || line[i] == '}' || g_ascii_isspace (line[i])))
                return -1;
              return value;
            }
          for (i++; i < length && line[i] != '"'; i++)
            if (line[i] == '\\')
              i++;
          i++;
          continue;
        }
      if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
      i++;
    }
  return -1;
}

gboolean
vigil_jetstream_parse_document (GBytes            *bytes,
                                VigilParseResult  *result,
                                GError           **error)
{
  const char *data;
  gsize length;
  gsize pos = 0;
  guint line = 0;
  gboolean any = FALSE;
  gboolean nonblank = FALSE;
  g_autoptr(JsonParser) parser = NULL;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (bytes, &length);
  if (length > VIGIL_NORMALIZE_MAX_DOCUMENT)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (VIGIL_NORMALIZE_MAX_DOCUMENT);

      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE,
                   _("the document is %s, over the %s limit; split it into smaller files"),
                   size, limit);
      return FALSE;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    pos = 3;

  parser = json_parser_new ();
  while (pos < length)
    {
      g_autoptr(GError) local_error = NULL;
      const char *nl = memchr (data + pos, '\n', length - pos);
      gsize end = nl ? (gsize) (nl - data) : length;
      gsize start = pos;
      gsize stop = end;
      VigilPost *post;

      line++;
      pos = nl ? end + 1 : length;

      while (start < stop && g_ascii_isspace (data[start]))
        start++;
      while (stop > start && g_ascii_isspace (data[stop - 1]))
        stop--;
      if (start == stop)
        continue;

      nonblank = TRUE;
      if (data[start] != '{')
        {
          vigil_parse_result_reject (result, line, start,
                                     _("expected a Jetstream event (a JSON object) on this line"));
          continue;
        }
      any = TRUE;

      post = parse_event_with (parser, data + start, stop - start, NULL, &local_error);
      if (post != NULL)
        g_ptr_array_add (result->posts, post);
      else if (local_error != NULL)
        vigil_parse_result_reject (result, line, start, "%s", local_error->message);
      else
        result->skipped++;
    }

  if (nonblank && !any)
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX,
                           _("this is not a Jetstream recording: expected one JSON "
                             "object per line"));
      return FALSE;
    }
  return TRUE;
}
