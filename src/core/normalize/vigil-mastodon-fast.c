/* vigil-mastodon-fast.c: a status's fields straight from its text
 *
 * Building a json-glib tree for a Mastodon status costs more than all the
 * rest of normalising it: some seventy nodes, hash tables and copies, most
 * of which are never read. This reader walks the record once, keeps the
 * members the normaliser uses and checks-and-skips the others. It reads
 * them exactly as vigil-mastodon-parser.c reads a json-glib tree (a member
 * of the wrong type reads as missing, the last of duplicate members wins,
 * integers too long for a gint64 read as their digits, lists stop at
 * _VIGIL_MASTODON_MAX_LIST_ITEMS), and gives up on anything that is not a
 * well-formed, bounded JSON object so that the json-glib road decides and
 * explains. test-mastodon-parser checks both roads agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-mastodon-fast"

#include "config.h"

#include <string.h>

#include "vigil-mastodon-private.h"

typedef _VigilJsonReader Reader;

static gboolean
account_member (Reader     *r,
                const char *key,
                guint       depth,
                gpointer    user_data)
{
  _VigilStatusFields *f = user_data;
  _VigilJsonValue v;

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (strcmp (key, "acct") == 0)
    _vigil_json_value_set_string (&f->acct, r, &v);
  else if (strcmp (key, "username") == 0)
    _vigil_json_value_set_string (&f->username, r, &v);
  else if (strcmp (key, "display_name") == 0)
    _vigil_json_value_set_string (&f->display_name, r, &v);
  else if (strcmp (key, "url") == 0)
    _vigil_json_value_set_string (&f->account_url, r, &v);
  else if (strcmp (key, "followers_count") == 0)
    f->followers = _vigil_json_value_int (r, &v);
  else if (strcmp (key, "following_count") == 0)
    f->following = _vigil_json_value_int (r, &v);
  else if (strcmp (key, "created_at") == 0)
    _vigil_json_value_set_string (&f->account_created_at, r, &v);
  else if (strcmp (key, "avatar") == 0)
    _vigil_json_value_set_string (&f->avatar, r, &v);
  else if (strcmp (key, "note") == 0)
    _vigil_json_value_set_string (&f->note, r, &v);
  return TRUE;
}

typedef struct
{
  char *a;  /* description, or name */
  char *b;  /* type */
  gboolean media;
} ListItem;

static gboolean
list_item_member (Reader     *r,
                  const char *key,
                  guint       depth,
                  gpointer    user_data)
{
  ListItem *item = user_data;
  _VigilJsonValue v;

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;
  if (item->media && strcmp (key, "description") == 0)
    _vigil_json_value_set_string (&item->a, r, &v);
  else if (item->media && strcmp (key, "type") == 0)
    _vigil_json_value_set_string (&item->b, r, &v);
  else if (!item->media && strcmp (key, "name") == 0)
    _vigil_json_value_set_string (&item->a, r, &v);
  return TRUE;
}

/* media_attachments or tags, at r->p == '[' */
static gboolean
read_list (Reader     *r,
           guint       depth,
           gboolean    media,
           GPtrArray **out)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  guint index = 0;

  if (depth > VIGIL_NORMALIZE_MAX_DEPTH)
    return FALSE;
  r->p++;
  _vigil_json_reader_skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      *out = g_steal_pointer (&list);
      return TRUE;
    }

  for (;; index++)
    {
      _vigil_json_reader_skip_space (r);
      if (index < _VIGIL_MASTODON_MAX_LIST_ITEMS && r->p < r->end && *r->p == '{')
        {
          ListItem item = { NULL, NULL, media };
          gboolean ok = _vigil_json_reader_object (r, depth + 1, list_item_member, &item);

          if (ok && media)
            g_ptr_array_add (list, _vigil_status_media_text (item.a, item.b));
          else if (ok && item.a && *item.a)
            g_ptr_array_add (list, g_strdup (item.a));
          g_free (item.a);
          g_free (item.b);
          if (!ok)
            return FALSE;
        }
      else if (!_vigil_json_reader_skip (r, depth + 1))
        return FALSE;

      _vigil_json_reader_skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          *out = g_steal_pointer (&list);
          return TRUE;
        }
      return FALSE;
    }
}

typedef struct
{
  _VigilStatusFields *fields;
  _VigilStatusFields *reblog;      /* NULL inside a reblog */
  gboolean            has_reblog;
} StatusState;

static gboolean
status_member (Reader     *r,
               const char *key,
               guint       depth,
               gpointer    user_data)
{
  StatusState *state = user_data;
  _VigilStatusFields *f = state->fields;
  _VigilJsonValue v;

  /* the members that hold containers */
  if (strcmp (key, "account") == 0)
    {
      _vigil_status_fields_reset_account (f);
      if (r->p < r->end && *r->p == '{')
        return _vigil_json_reader_object (r, depth, account_member, f);
      return _vigil_json_reader_value (r, depth, &v);
    }
  if (strcmp (key, "media_attachments") == 0 || strcmp (key, "tags") == 0)
    {
      GPtrArray **slot = key[0] == 'm' ? &f->media : &f->tags;

      g_clear_pointer (slot, g_ptr_array_unref);
      if (r->p < r->end && *r->p == '[')
        return read_list (r, depth, key[0] == 'm', slot);
      return _vigil_json_reader_value (r, depth, &v);
    }
  if (strcmp (key, "reblog") == 0 && state->reblog != NULL)
    {
      _vigil_status_fields_clear (state->reblog);
      state->has_reblog = r->p < r->end && *r->p == '{';
      if (state->has_reblog)
        {
          /* the reblogged status; its own "reblog" is not read */
          StatusState inner = { state->reblog, NULL, FALSE };

          return _vigil_json_reader_object (r, depth, status_member, &inner);
        }
      return _vigil_json_reader_value (r, depth, &v);
    }

  if (!_vigil_json_reader_value (r, depth, &v))
    return FALSE;

  switch (key[0])
    {
    case 'c':
      if (strcmp (key, "content") == 0)
        _vigil_json_value_set_string (&f->content, r, &v);
      else if (strcmp (key, "created_at") == 0)
        _vigil_json_value_set_string (&f->created_at, r, &v);
      break;
    case 'e':
      if (strcmp (key, "edited_at") == 0)
        f->edited = v.kind != _VIGIL_JSON_NULL;
      break;
    case 'f':
      if (strcmp (key, "favourites_count") == 0)
        f->favourites = _vigil_json_value_int (r, &v);
      break;
    case 'i':
      if (strcmp (key, "id") == 0)
        {
          _vigil_json_value_set_id (&f->id, r, &v);
          f->id_is_double = v.kind == _VIGIL_JSON_DOUBLE;
        }
      else if (strcmp (key, "in_reply_to_id") == 0)
        _vigil_json_value_set_id (&f->in_reply_to_id, r, &v);
      break;
    case 'l':
      if (strcmp (key, "language") == 0)
        _vigil_json_value_set_string (&f->language, r, &v);
      break;
    case 'r':
      if (strcmp (key, "replies_count") == 0)
        f->replies = _vigil_json_value_int (r, &v);
      else if (strcmp (key, "reblogs_count") == 0)
        f->reblogs = _vigil_json_value_int (r, &v);
      break;
    case 's':
      if (strcmp (key, "spoiler_text") == 0)
        _vigil_json_value_set_string (&f->spoiler_text, r, &v);
      break;
    case 'u':
      if (strcmp (key, "url") == 0)
        _vigil_json_value_set_string (&f->url, r, &v);
      else if (strcmp (key, "uri") == 0)
        _vigil_json_value_set_string (&f->uri, r, &v);
      break;
    case 'v':
      if (strcmp (key, "visibility") == 0)
        _vigil_json_value_set_string (&f->visibility, r, &v);
      break;
    default:
      break;
    }
  return TRUE;
}

gboolean
_vigil_mastodon_read_status_text (const char         *data,
                                  gsize               length,
                                  _VigilStatusFields *fields)
{
  Reader r = { data, data + length, NULL };
  _VigilStatusFields reblog;
  StatusState state = { fields, &reblog, FALSE };
  gboolean ok;

  _vigil_status_fields_init (&reblog);
  r.scratch = g_string_sized_new (1024);
  _vigil_json_reader_skip_space (&r);
  ok = _vigil_json_reader_object (&r, 1, status_member, &state);
  if (ok)
    {
      _vigil_json_reader_skip_space (&r);
      ok = r.p == r.end;
    }
  if (ok && state.has_reblog)
    {
      /* a reblog: the original status, as in status_from_node(); the
       * record's own id is the boost's */
      char *record_id = g_steal_pointer (&fields->id);

      _vigil_status_fields_clear (fields);
      *fields = reblog;
      g_free (fields->record_id);
      fields->record_id = record_id;
    }
  else
    {
      _vigil_status_fields_clear (&reblog);
      if (ok)
        fields->record_id = g_strdup (fields->id);
    }
  g_string_free (r.scratch, TRUE);
  return ok;
}
