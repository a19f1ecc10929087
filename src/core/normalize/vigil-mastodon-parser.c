/* vigil-mastodon-parser.c: Mastodon statuses and streaming events → VigilPost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-mastodon-parser"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "vigil-mastodon-private.h"

#define MAX_ID_LENGTH 256

static char *
dup_host (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (url == NULL || *url == '\0')
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return NULL;
  return g_ascii_strdown (host, -1);
}

static gboolean
is_web_url (const char *url)
{
  return url && (g_ascii_strncasecmp (url, "https://", 8) == 0
                 || g_ascii_strncasecmp (url, "http://", 7) == 0);
}

static gboolean
is_valid_id (const char *id)
{
  gsize n = 0;

  /* Mastodon uses digits, Pleroma/Akkoma base62 flakes, GoToSocial ULIDs */
  for (const char *p = id; *p; p++, n++)
    if (!(g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '.') || n >= MAX_ID_LENGTH)
      return FALSE;
  return n > 0;
}

void
_vigil_status_fields_init (_VigilStatusFields *fields)
{
  memset (fields, 0, sizeof *fields);
  fields->replies = fields->reblogs = fields->favourites = -1;
  fields->followers = -1;
  fields->following = -1;
}

void
_vigil_status_fields_reset_account (_VigilStatusFields *fields)
{
  g_clear_pointer (&fields->acct, g_free);
  g_clear_pointer (&fields->username, g_free);
  g_clear_pointer (&fields->display_name, g_free);
  g_clear_pointer (&fields->account_url, g_free);
  g_clear_pointer (&fields->account_created_at, g_free);
  g_clear_pointer (&fields->avatar, g_free);
  g_clear_pointer (&fields->note, g_free);
  fields->followers = -1;
  fields->following = -1;
}

void
_vigil_status_fields_clear (_VigilStatusFields *fields)
{
  g_free (fields->id);
  g_free (fields->record_id);
  g_free (fields->url);
  g_free (fields->uri);
  g_free (fields->content);
  g_free (fields->spoiler_text);
  g_free (fields->language);
  g_free (fields->created_at);
  g_free (fields->visibility);
  g_free (fields->in_reply_to_id);
  _vigil_status_fields_reset_account (fields);
  g_clear_pointer (&fields->media, g_ptr_array_unref);
  g_clear_pointer (&fields->tags, g_ptr_array_unref);
  _vigil_status_fields_init (fields);
}

char *
_vigil_status_media_text (const char *description,
                          const char *type)
{
  if (description && *description)
    return g_strdup (description);
  /* no alt text: say what kind of media it was */
  return g_strdup_printf ("[%s]", type && *type ? type : "media");
}

/* acct is "user@host" for remote accounts and "user" for local ones;
 * local ones get the host of the status so that handles are unique
 * across instances. */
static char *
make_author (_VigilStatusFields *fields)
{
  const char *acct = fields->acct;
  g_autofree char *host = NULL;

  if (acct == NULL || *acct == '\0')
    acct = fields->username;
  if (acct == NULL || *acct == '\0')
    return NULL;
  if (acct[0] == '@')
    acct++;
  if (strchr (acct, '@'))
    return g_strdup (acct);

  host = dup_host (fields->url);
  if (host == NULL)
    host = dup_host (fields->uri);
  if (host == NULL)
    host = dup_host (fields->account_url);
  if (host == NULL)
    return g_strdup (acct);
  return g_strconcat (acct, "@", host, NULL);
}

/* A Mastodon-compatible server serves a stock picture when the account has
 * none: Mastodon's is ".../avatars/original/missing.png", GoToSocial and
 * Pleroma/Akkoma use their own defaults. No avatar member at all: unknown. */
static VigilTristate
avatar_state (const char *avatar)
{
  static const char * const defaults[] = {
    "/missing.png", "/images/avi.png", "/assets/default_avatars/",
  };
  g_autofree char *path = NULL;
  const char *end;

  if (avatar == NULL)
    return VIGIL_TRISTATE_UNKNOWN;
  if (*avatar == '\0')
    return VIGIL_TRISTATE_NO;
  /* compare the path only: drop a query or fragment */
  end = avatar + strcspn (avatar, "?#");
  path = g_strndup (avatar, end - avatar);
  if (g_str_equal (path, "missing.png"))
    return VIGIL_TRISTATE_NO;
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (defaults[i][strlen (defaults[i]) - 1] == '/'
        ? strstr (path, defaults[i]) != NULL
        : g_str_has_suffix (path, defaults[i]))
      return VIGIL_TRISTATE_NO;
  return VIGIL_TRISTATE_YES;
}

/* note is the profile's bio as HTML; "" or "<p></p>" when there is none */
static VigilTristate
bio_state (const char *note)
{
  g_autofree char *text = NULL;

  if (note == NULL)
    return VIGIL_TRISTATE_UNKNOWN;
  text = vigil_html_to_text (note, -1);
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return VIGIL_TRISTATE_YES;
  return VIGIL_TRISTATE_NO;
}

static void
set_list (VigilPost  *post,
          GPtrArray  *list,
          void      (*setter) (VigilPost *, const char * const *))
{
  if (list == NULL)
    return;
  g_ptr_array_add (list, NULL);
  setter (post, (const char * const *) list->pdata);
  g_ptr_array_remove_index (list, list->len - 1);
}

VigilPost *
_vigil_status_fields_to_post (_VigilStatusFields  *fields,
                              char                *raw,
                              GError             **error)
{
  g_autofree char *owned_raw = raw;
  g_autoptr(VigilPost) post = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) account_created = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *author = NULL;
  g_autofree char *text = NULL;
  const char *str;

  if (fields->id == NULL)
    {
      if (fields->id_is_double)
        g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                             _("status “id” is a floating-point number, which cannot hold "
                               "an id’s digits exactly; ids must be strings or integers"));
      else
        g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                             _("status has no “id”"));
      return NULL;
    }
  if (!is_valid_id (fields->id))
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("status “id” is empty, too long, or has characters other than letters, digits, “_”, “-” and “.”"));
      return NULL;
    }

  post = vigil_post_new (VIGIL_PLATFORM_MASTODON, fields->id);

  author = make_author (fields);
  vigil_post_set_author (post, author);
  str = fields->display_name;
  vigil_post_set_author_name (post, str && *str ? str : NULL);
  vigil_post_set_author_followers (post, fields->followers);
  vigil_post_set_author_following (post, fields->following);
  account_created = vigil_parse_iso8601 (fields->account_created_at);
  vigil_post_set_author_created_at (post, account_created);
  vigil_post_set_author_has_avatar (post, avatar_state (fields->avatar));
  vigil_post_set_author_has_bio (post, bio_state (fields->note));

  /* only web links: a hostile server could send javascript: or file: */
  str = fields->url;
  if (!is_web_url (str))
    str = fields->uri;
  vigil_post_set_url (post, is_web_url (str) ? str : NULL);

  text = vigil_html_to_text (fields->content ? fields->content : "", -1);
  vigil_post_set_text (post, text);

  str = fields->spoiler_text;
  vigil_post_set_spoiler (post, str && *str ? str : NULL);
  str = fields->language;
  vigil_post_set_lang (post, str && *str ? str : NULL);

  created = vigil_parse_iso8601 (fields->created_at);
  vigil_post_set_created_at (post, created);
  vigil_post_set_edited (post, fields->edited);

  vigil_post_set_visibility (post, g_strcmp0 (fields->visibility, "direct") == 0
                                   ? VIGIL_VISIBILITY_DIRECT : VIGIL_VISIBILITY_PUBLIC);
  vigil_post_set_parent_id (post, fields->in_reply_to_id);

  set_list (post, fields->media, vigil_post_set_media);
  set_list (post, fields->tags, vigil_post_set_tags);
  vigil_post_set_metrics (post, fields->replies, fields->reblogs, fields->favourites);

  vigil_post_take_raw (post, g_steal_pointer (&owned_raw));
  now = g_date_time_new_now_utc ();
  vigil_post_set_fetched_at (post, now);

  return g_steal_pointer (&post);
}

static char *
dup_string (JsonObject *object,
            const char *member)
{
  return g_strdup (_vigil_json_get_string (object, member));
}

static GPtrArray *
read_list (JsonObject *status,
           const char *member,
           gboolean    media)
{
  JsonArray *array = _vigil_json_get_array (status, member);
  GPtrArray *list;
  guint n;

  if (array == NULL)
    return NULL;
  n = MIN (json_array_get_length (array), _VIGIL_MASTODON_MAX_LIST_ITEMS);
  list = g_ptr_array_new_full (n + 1, g_free);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      if (media)
        g_ptr_array_add (list, _vigil_status_media_text (_vigil_json_get_string (object, "description"),
                                                         _vigil_json_get_string (object, "type")));
      else
        {
          const char *name = _vigil_json_get_string (object, "name");

          if (name && *name)
            g_ptr_array_add (list, g_strdup (name));
        }
    }
  return list;
}

static void
fields_from_object (JsonObject         *status,
                    _VigilStatusFields *fields)
{
  JsonObject *account = _vigil_json_get_object (status, "account");
  JsonNode *id_node = json_object_get_member (status, "id");

  fields->id = _vigil_json_dup_id (status, "id");
  fields->id_is_double = fields->id == NULL && id_node && JSON_NODE_HOLDS_VALUE (id_node)
                         && json_node_get_value_type (id_node) == G_TYPE_DOUBLE;
  fields->url = dup_string (status, "url");
  fields->uri = dup_string (status, "uri");
  fields->content = dup_string (status, "content");
  fields->spoiler_text = dup_string (status, "spoiler_text");
  fields->language = dup_string (status, "language");
  fields->created_at = dup_string (status, "created_at");
  fields->visibility = dup_string (status, "visibility");
  fields->in_reply_to_id = _vigil_json_dup_id (status, "in_reply_to_id");
  fields->edited = !_vigil_json_member_is_null (status, "edited_at");
  fields->replies = _vigil_json_get_int (status, "replies_count", -1);
  fields->reblogs = _vigil_json_get_int (status, "reblogs_count", -1);
  fields->favourites = _vigil_json_get_int (status, "favourites_count", -1);

  fields->acct = dup_string (account, "acct");
  fields->username = dup_string (account, "username");
  fields->display_name = dup_string (account, "display_name");
  fields->account_url = dup_string (account, "url");
  fields->followers = _vigil_json_get_int (account, "followers_count", -1);
  fields->following = _vigil_json_get_int (account, "following_count", -1);
  fields->account_created_at = dup_string (account, "created_at");
  fields->avatar = dup_string (account, "avatar");
  fields->note = dup_string (account, "note");

  fields->media = read_list (status, "media_attachments", TRUE);
  fields->tags = read_list (status, "tags", FALSE);
}

/* raw: the record text, taken; NULL to serialise the node (a status
 * handed over as a tree, whose bytes are not known) */
static VigilPost *
status_from_node (JsonNode  *node,
                  char      *raw,
                  char     **out_record_id,
                  GError   **error)
{
  g_autofree char *owned_raw = raw;
  _VigilStatusFields fields;
  JsonObject *status;
  JsonObject *reblog;
  VigilPost *post;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("a Mastodon status must be a JSON object"));
      return NULL;
    }
  status = json_node_get_object (node);

  /* A reblog (boost) wraps the original status. We archive the original:
   * it is what was said, by whom, and it deduplicates with the same post
   * seen directly. Who boosted it is left in raw. */
  reblog = _vigil_json_get_object (status, "reblog");
  _vigil_status_fields_init (&fields);
  fields.record_id = _vigil_json_dup_id (status, "id");
  if (reblog != NULL)
    status = reblog;

  fields_from_object (status, &fields);
  if (owned_raw == NULL)
    owned_raw = json_to_string (node, FALSE);
  post = _vigil_status_fields_to_post (&fields, g_steal_pointer (&owned_raw), error);
  if (out_record_id != NULL)
    *out_record_id = g_steal_pointer (&fields.record_id);
  _vigil_status_fields_clear (&fields);
  return post;
}

/* The record's text straight to a post when it is a well-formed object;
 * NULL without error otherwise, for the json-glib road. */
static VigilPost *
status_from_text (const char  *data,
                  gsize        length,
                  gboolean    *handled,
                  char       **out_record_id,
                  GError     **error)
{
  _VigilStatusFields fields;
  VigilPost *post = NULL;

  *handled = FALSE;
  if (length > VIGIL_NORMALIZE_MAX_RECORD || !g_utf8_validate_len (data, length, NULL))
    return NULL;
  _vigil_status_fields_init (&fields);
  if (_vigil_mastodon_read_status_text (data, length, &fields))
    {
      *handled = TRUE;
      post = _vigil_status_fields_to_post (&fields, g_strndup (data, length), error);
      if (out_record_id != NULL)
        *out_record_id = g_steal_pointer (&fields.record_id);
    }
  _vigil_status_fields_clear (&fields);
  return post;
}

VigilPost *
_vigil_mastodon_fast_status (const char  *data,
                             gsize        length,
                             GError     **error)
{
  gboolean handled;

  return status_from_text (data, length, &handled, NULL, error);
}

VigilPost *
vigil_mastodon_parse_status (JsonNode  *node,
                             GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return status_from_node (node, NULL, NULL, error);
}

/* The data of a "delete" event: the id, as a bare word or a JSON string. */
static VigilPost *
delete_from_data (const char  *data,
                  gsize        length,
                  GError     **error)
{
  g_autofree char *id = NULL;
  g_autoptr(VigilPost) post = NULL;
  g_autoptr(GDateTime) now = NULL;

  while (length > 0 && g_ascii_isspace (data[0]))
    data++, length--;
  while (length > 0 && g_ascii_isspace (data[length - 1]))
    length--;

  if (length > 0 && length <= MAX_ID_LENGTH + 2 && g_utf8_validate_len (data, length, NULL))
    {
      if (data[0] == '"')
        {
          g_autoptr(JsonNode) node = vigil_json_parse_bounded (data, length, NULL);

          if (node && JSON_NODE_HOLDS_VALUE (node)
              && json_node_get_value_type (node) == G_TYPE_STRING)
            id = json_node_dup_string (node);
        }
      else
        id = g_strndup (data, length);
    }

  if (id == NULL || !is_valid_id (id))
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("“delete” event does not carry a status id"));
      return NULL;
    }

  post = vigil_post_new (VIGIL_PLATFORM_MASTODON, id);
  vigil_post_set_event (post, VIGIL_POST_EVENT_DELETE);
  vigil_post_set_deleted (post, TRUE);
  vigil_post_take_raw (post, g_strndup (data, length));
  now = g_date_time_new_now_utc ();
  vigil_post_set_fetched_at (post, now);
  return g_steal_pointer (&post);
}

/* parser: reused across a document's records, or NULL */
static VigilPost *
parse_event_with (JsonParser  *parser,
                  const char  *event,
                  const char  *data,
                  gsize        length,
                  char       **out_record_id,
                  GError     **error)
{
  g_autoptr(JsonParser) own_parser = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean handled;
  gboolean edit;
  VigilPost *post;

  if (g_str_equal (event, "delete"))
    return delete_from_data (data, length, error);

  edit = g_str_equal (event, "status.update");
  if (!edit && !g_str_equal (event, "update"))
    return NULL;

  post = status_from_text (data, length, &handled, out_record_id, error);
  if (!handled)
    {
      if (parser == NULL)
        parser = own_parser = json_parser_new ();
      node = _vigil_json_parse_bounded_with (parser, data, length, error);
      if (node == NULL)
        return NULL;
      post = status_from_node (node, g_strndup (data, length), out_record_id, error);
    }
  if (post != NULL && edit)
    {
      vigil_post_set_event (post, VIGIL_POST_EVENT_EDIT);
      vigil_post_set_edited (post, TRUE);
    }
  return post;
}

VigilPost *
vigil_mastodon_parse_event (const char  *event,
                            const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_return_val_if_fail (event != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_event_with (NULL, event, data, length, NULL, error);
}

VigilPost *
vigil_mastodon_parse_status_text (const char  *data,
                                  gsize        length,
                                  char       **out_record_id,
                                  GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_record_id != NULL)
    *out_record_id = NULL;
  return parse_event_with (NULL, "update", data, length, out_record_id, error);
}

/* --- documents --- */

static void
add_event (VigilParseResult *result,
           JsonParser       *parser,
           const char       *event,
           const char       *data,
           gsize             length,
           guint             line,
           goffset           offset)
{
  g_autoptr(GError) error = NULL;
  VigilPost *post = parse_event_with (parser, event, data, length, NULL, &error);

  if (post != NULL)
    g_ptr_array_add (result->posts, post);
  else if (error != NULL)
    vigil_parse_result_reject (result, line, offset, "%s", error->message);
  else
    result->skipped++;
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static void
skip_space (const char *data,
            gsize       length,
            gsize      *pos,
            guint      *line)
{
  while (*pos < length && is_space (data[*pos]))
    {
      if (data[*pos] == '\n')
        (*line)++;
      (*pos)++;
    }
}

/* [ status, status, … ]: each element is parsed on its own, so one bad
 * element costs only itself and reports its own line and offset. */
static void
parse_array (JsonParser       *parser,
             const char       *data,
             gsize             length,
             gsize             pos,
             guint             line,
             VigilParseResult *result)
{
  gboolean closed = FALSE;

  g_assert (data[pos] == '[');
  pos++;

  for (;;)
    {
      gsize start;
      guint start_line;
      gsize end;

      skip_space (data, length, &pos, &line);
      if (pos >= length)
        break;
      if (data[pos] == ']')
        {
          pos++;
          closed = TRUE;
          break;
        }

      start = pos;
      start_line = line;
      end = _vigil_json_scan_element (data, length, &pos, &line);
      if (end == start)
        vigil_parse_result_reject (result, start_line, start, _("empty array element"));
      else
        add_event (result, parser, "update", data + start, end - start, start_line, start);

      if (pos >= length)
        break;
      if (data[pos] == ',')
        pos++;
      else
        {
          pos++;
          closed = TRUE;
          break;
        }
    }

  if (!closed)
    {
      vigil_parse_result_reject (result, line, length,
                                 _("the document ends before the array’s closing “]”; "
                                   "it may be truncated"));
      return;
    }
  skip_space (data, length, &pos, &line);
  if (pos < length)
    vigil_parse_result_reject (result, line, pos,
                               _("unexpected text after the end of the array"));
}

/* Scans {…} from data[*pos] == '{' to its matching brace. */
static gboolean
scan_object (const char *data,
             gsize       length,
             gsize      *pos,
             guint      *line)
{
  guint depth = 0;
  gsize i = *pos;

  for (; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        {
          for (i++; i < length && data[i] != '"'; i++)
            {
              if (data[i] == '\\' && i + 1 < length)
                i++;
              if (data[i] == '\n')
                (*line)++;
            }
          continue;
        }
      if (c == '\n')
        (*line)++;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && depth > 0 && --depth == 0)
        {
          *pos = i + 1;
          return TRUE;
        }
    }
  *pos = length;
  return FALSE;
}

/* One object after another (JSON lines, or a pretty-printed status): each
 * is a status, or a websocket streaming message {"event":…, "payload":…}. */
static void
parse_objects (JsonParser       *parser,
               const char       *data,
               gsize             length,
               gsize             pos,
               guint             line,
               VigilParseResult *result)
{
  for (;;)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;
      gsize start;
      guint start_line;
      JsonObject *object;
      const char *event;
      const char *payload;

      skip_space (data, length, &pos, &line);
      if (pos >= length)
        return;

      start = pos;
      start_line = line;
      if (data[pos] != '{')
        {
          /* garbage: report it and resume on the next line */
          const char *nl = memchr (data + pos, '\n', length - pos);

          vigil_parse_result_reject (result, start_line, start,
                                     _("expected a JSON object (a status or a streaming message)"));
          pos = nl ? (gsize) (nl - data) : length;
          continue;
        }
      if (!scan_object (data, length, &pos, &line))
        {
          vigil_parse_result_reject (result, start_line, start,
                                     _("the document ends inside this JSON object; "
                                       "it may be truncated"));
          return;
        }

      node = _vigil_json_parse_bounded_with (parser, data + start, pos - start, &error);
      if (node == NULL)
        {
          vigil_parse_result_reject (result, start_line, start, "%s", error->message);
          continue;
        }
      object = json_node_get_object (node);
      event = _vigil_json_get_string (object, "event");
      payload = _vigil_json_get_string (object, "payload");
      if (event != NULL && payload != NULL && !json_object_has_member (object, "id"))
        add_event (result, parser, event, payload, strlen (payload), start_line, start);
      else if (event != NULL && !json_object_has_member (object, "id"))
        result->skipped++;
      else
        {
          VigilPost *post = status_from_node (node, g_strndup (data + start, pos - start), NULL, &error);

          if (post)
            g_ptr_array_add (result->posts, post);
          else
            vigil_parse_result_reject (result, start_line, start, "%s", error->message);
        }
    }
}

typedef struct
{
  JsonParser *parser;
  GString *data;
  char    *event;
  guint    line;      /* first line of the event */
  goffset  offset;
  gboolean started;
  gboolean too_large;
} SseEvent;

static void
sse_event_reset (SseEvent *ev)
{
  g_string_truncate (ev->data, 0);
  g_clear_pointer (&ev->event, g_free);
  ev->started = FALSE;
  ev->too_large = FALSE;
}

static void
sse_dispatch (SseEvent         *ev,
              VigilParseResult *result)
{
  if (ev->too_large)
    {
      g_autofree char *limit = g_format_size (VIGIL_NORMALIZE_MAX_RECORD);

      vigil_parse_result_reject (result, ev->line, ev->offset,
                                 _("event data is over the %s limit for one record; skipped"),
                                 limit);
    }
  else if (ev->data->len > 0)
    {
      /* the spec: drop the last data line's newline */
      g_string_truncate (ev->data, ev->data->len - 1);
      add_event (result, ev->parser, ev->event ? ev->event : "message",
                 ev->data->str, ev->data->len, ev->line, ev->offset);
    }
  sse_event_reset (ev);
}

/* Server-sent events, as in the HTML standard's "event stream
 * interpretation": lines end in CRLF, LF or CR; ":" starts a comment
 * (Mastodon's ":thump" heartbeat); "field: value" with one optional space;
 * a blank line dispatches; an event cut off at the end is not dispatched. */
static gboolean
parse_sse (const char        *data,
           gsize              length,
           gsize              pos,
           VigilParseResult  *result,
           GError           **error)
{
  SseEvent ev = { json_parser_new (), g_string_new (NULL), NULL, 0, 0, FALSE, FALSE };
  gboolean saw_field = FALSE;
  guint line = 1;

  while (pos < length)
    {
      gsize start = pos;
      gsize end;
      const char *colon;
      const char *value;
      gsize field_length;
      gsize value_length;

      while (pos < length && data[pos] != '\n' && data[pos] != '\r')
        pos++;
      end = pos;
      if (pos < length && data[pos] == '\r' && pos + 1 < length && data[pos + 1] == '\n')
        pos += 2;
      else if (pos < length)
        pos++;

      if (end == start)
        {
          sse_dispatch (&ev, result);
          line++;
          continue;
        }

      line++;
      if (data[start] == ':')
        {
          saw_field = TRUE;  /* a comment, e.g. the ":thump" heartbeat */
          continue;
        }
      if (!ev.started)
        {
          ev.started = TRUE;
          ev.line = line - 1;
          ev.offset = start;
        }
      colon = memchr (data + start, ':', end - start);
      if (colon)
        {
          field_length = colon - (data + start);
          value = colon + 1;
          if (value < data + end && *value == ' ')
            value++;
          value_length = (data + end) - value;
        }
      else
        {
          field_length = end - start;
          value = data + end;
          value_length = 0;
        }

      if (field_length == 4 && memcmp (data + start, "data", 4) == 0)
        {
          saw_field = TRUE;
          if (ev.too_large || ev.data->len + value_length + 1 > VIGIL_NORMALIZE_MAX_RECORD)
            ev.too_large = TRUE;
          else
            {
              g_string_append_len (ev.data, value, value_length);
              g_string_append_c (ev.data, '\n');
            }
        }
      else if (field_length == 5 && memcmp (data + start, "event", 5) == 0)
        {
          saw_field = TRUE;
          g_free (ev.event);
          ev.event = g_strndup (value, MIN (value_length, 64));
        }
      else if ((field_length == 2 && memcmp (data + start, "id", 2) == 0)
               || (field_length == 5 && memcmp (data + start, "retry", 5) == 0))
        saw_field = TRUE;
      /* other fields are ignored, as the spec says */
    }

  if (ev.data->len > 0 || ev.too_large)
    vigil_parse_result_reject (result, ev.line, ev.offset,
                               _("the stream ends in the middle of this event (no blank line "
                                 "after it), so it was not dispatched; it may be truncated"));

  g_string_free (ev.data, TRUE);
  g_free (ev.event);
  g_object_unref (ev.parser);

  if (!saw_field)
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX,
                           _("this is neither a JSON array of Mastodon statuses nor a "
                             "server-sent events stream (event:/data: lines)"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vigil_mastodon_parse_document (GBytes            *bytes,
                               VigilParseResult  *result,
                               GError           **error)
{
  const char *data;
  gsize length;
  gsize pos = 0;
  guint line = 1;

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

  /* a UTF-8 byte order mark */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    pos = 3;
  skip_space (data, length, &pos, &line);
  if (pos >= length)
    return TRUE;

  if (data[pos] == '[' || data[pos] == '{')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (data[pos] == '[')
        parse_array (parser, data, length, pos, line, result);
      else
        parse_objects (parser, data, length, pos, line, result);
    }
  else
    return parse_sse (data, length, length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0,
                      result, error);
  return TRUE;
}
