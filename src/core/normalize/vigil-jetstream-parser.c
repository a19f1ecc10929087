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

#include "vigil-normalize-private.h"

#define POST_COLLECTION "app.bsky.feed.post"
#define MAX_LIST_ITEMS  64

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

static void
add_images (GPtrArray  *media,
            JsonObject *embed)
{
  JsonArray *images = _vigil_json_get_array (embed, "images");
  guint n;

  if (images == NULL)
    return;
  n = MIN (json_array_get_length (images), MAX_LIST_ITEMS);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (images, i);
      const char *alt;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      alt = _vigil_json_get_string (json_node_get_object (node), "alt");
      g_ptr_array_add (media, g_strdup (alt && *alt ? alt : "[image]"));
    }
}

static void
add_embed (GPtrArray  *media,
           JsonObject *embed)
{
  const char *type = _vigil_json_get_string (embed, "$type");

  if (type == NULL)
    return;
  if (g_str_equal (type, "app.bsky.embed.images"))
    add_images (media, embed);
  else if (g_str_equal (type, "app.bsky.embed.video"))
    {
      const char *alt = _vigil_json_get_string (embed, "alt");

      g_ptr_array_add (media, g_strdup (alt && *alt ? alt : "[video]"));
    }
  else if (g_str_equal (type, "app.bsky.embed.recordWithMedia"))
    {
      JsonObject *inner = _vigil_json_get_object (embed, "media");

      /* not recursive: the inner media is images or a video */
      if (g_strcmp0 (_vigil_json_get_string (inner, "$type"), "app.bsky.embed.recordWithMedia") != 0)
        add_embed (media, inner);
    }
}

static void
set_tags (VigilPost  *post,
          JsonObject *record)
{
  JsonArray *facets = _vigil_json_get_array (record, "facets");
  g_autoptr(GPtrArray) tags = NULL;
  guint n;

  if (facets == NULL)
    return;
  tags = g_ptr_array_new ();
  n = MIN (json_array_get_length (facets), MAX_LIST_ITEMS);
  for (guint i = 0; i < n && tags->len < MAX_LIST_ITEMS; i++)
    {
      JsonNode *node = json_array_get_element (facets, i);
      JsonArray *features;
      guint m;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      features = _vigil_json_get_array (json_node_get_object (node), "features");
      m = features ? MIN (json_array_get_length (features), MAX_LIST_ITEMS) : 0;
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
            g_ptr_array_add (tags, (gpointer) tag);
        }
    }
  g_ptr_array_add (tags, NULL);
  vigil_post_set_tags (post, (const char * const *) tags->pdata);
}

static void
set_record (VigilPost  *post,
            JsonObject *record)
{
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GPtrArray) media = g_ptr_array_new_with_free_func (g_free);
  JsonArray *langs;
  JsonObject *reply;
  JsonObject *embed;
  const char *str;

  /* Bluesky text is plain text already; repair it, don't interpret it */
  str = _vigil_json_get_string (record, "text");
  vigil_post_set_text (post, str ? str : "");

  created = vigil_parse_iso8601 (_vigil_json_get_string (record, "createdAt"));
  vigil_post_set_created_at (post, created);

  langs = _vigil_json_get_array (record, "langs");
  if (langs && json_array_get_length (langs) > 0)
    {
      JsonNode *node = json_array_get_element (langs, 0);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        vigil_post_set_lang (post, json_node_get_string (node));
    }

  reply = _vigil_json_get_object (record, "reply");
  if (reply)
    {
      str = _vigil_json_get_string (_vigil_json_get_object (reply, "parent"), "uri");
      vigil_post_set_parent_id (post, str && *str ? str : NULL);
      str = _vigil_json_get_string (_vigil_json_get_object (reply, "root"), "uri");
      vigil_post_set_thread_id (post, str && *str ? str : NULL);
    }

  embed = _vigil_json_get_object (record, "embed");
  if (embed)
    add_embed (media, embed);
  g_ptr_array_add (media, NULL);
  vigil_post_set_media (post, (const char * const *) media->pdata);

  set_tags (post, record);
}

static VigilPost *
parse_event_with (JsonParser  *parser,
                  const char  *line,
                  gsize        length,
                  GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(VigilPost) post = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *url = NULL;
  JsonObject *event;
  JsonObject *commit;
  JsonObject *record;
  const char *did;
  const char *kind;
  const char *operation;
  const char *rkey;

  node = _vigil_json_parse_bounded_with (parser, line, length, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("a Jetstream event must be a JSON object"));
      return NULL;
    }
  event = json_node_get_object (node);

  kind = _vigil_json_get_string (event, "kind");
  if (kind == NULL)
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("Jetstream event has no “kind”"));
      return NULL;
    }
  if (!g_str_equal (kind, "commit"))
    return NULL;  /* identity, account: not posts */

  commit = _vigil_json_get_object (event, "commit");
  if (commit == NULL)
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("Jetstream commit event has no “commit” object"));
      return NULL;
    }
  if (g_strcmp0 (_vigil_json_get_string (commit, "collection"), POST_COLLECTION) != 0)
    return NULL;  /* likes, follows, profiles… */

  did = _vigil_json_get_string (event, "did");
  if (!is_valid_did (did))
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("Jetstream event has no valid “did”"));
      return NULL;
    }
  rkey = _vigil_json_get_string (commit, "rkey");
  if (!is_valid_rkey (rkey))
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("Jetstream commit has no valid record key (“rkey”)"));
      return NULL;
    }
  operation = _vigil_json_get_string (commit, "operation");

  remote_id = g_strconcat ("at://", did, "/" POST_COLLECTION "/", rkey, NULL);
  url = g_strconcat ("https://bsky.app/profile/", did, "/post/", rkey, NULL);
  post = vigil_post_new (VIGIL_PLATFORM_BLUESKY, remote_id);
  vigil_post_set_author (post, did);
  vigil_post_set_url (post, url);

  if (g_strcmp0 (operation, "delete") == 0)
    {
      vigil_post_set_event (post, VIGIL_POST_EVENT_DELETE);
      vigil_post_set_deleted (post, TRUE);
    }
  else if (g_strcmp0 (operation, "create") == 0 || g_strcmp0 (operation, "update") == 0)
    {
      record = _vigil_json_get_object (commit, "record");
      if (record == NULL)
        {
          g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                               _("Jetstream commit has no “record”"));
          return NULL;
        }
      set_record (post, record);
      if (g_str_equal (operation, "update"))
        {
          vigil_post_set_event (post, VIGIL_POST_EVENT_EDIT);
          vigil_post_set_edited (post, TRUE);
        }
    }
  else
    {
      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                   _("Jetstream commit has an unknown operation “%s”"),
                   operation ? operation : "");
      return NULL;
    }

  vigil_post_take_raw (post, g_strndup (line, length));
  now = g_date_time_new_now_utc ();
  vigil_post_set_fetched_at (post, now);
  return g_steal_pointer (&post);
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
  return parse_event_with (parser, line, length, error);
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

      post = parse_event_with (parser, data + start, stop - start, &local_error);
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
