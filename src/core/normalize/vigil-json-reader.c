/* vigil-json-reader.c: reading JSON members without building a tree
 *
 * The helpers the tree-less readers (vigil-mastodon-fast.c,
 * vigil-jetstream-fast.c) share. A value reads as json-glib would give it
 * to the _vigil_json_get_*() getters after vigil_json_parse_bounded():
 * integer literals over 18 digits read as strings of their digits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-json-reader"

#include "config.h"

#include <string.h>

#include "vigil-normalize-private.h"

gboolean
_vigil_json_reader_value (_VigilJsonReader *r,
                          guint             depth,
                          _VigilJsonValue  *v)
{
  _vigil_json_reader_skip_space (r);
  if (r->p >= r->end)
    return FALSE;

  switch (*r->p)
    {
    case '"':
      v->kind = _VIGIL_JSON_STRING;
      return _vigil_json_reader_string (r);
    case '{':
    case '[':
    case 't':
    case 'f':
      v->kind = _VIGIL_JSON_OTHER;
      return _vigil_json_reader_skip (r, depth);
    case 'n':
      v->kind = _VIGIL_JSON_NULL;
      return _vigil_json_reader_literal (r, "null");
    default:
      {
        gboolean is_double;
        gsize int_digits;
        char buf[64];

        if (!_vigil_json_reader_number (r, buf, &is_double, &int_digits))
          return FALSE;
        if (is_double)
          {
            v->kind = _VIGIL_JSON_DOUBLE;
            v->d = g_ascii_strtod (buf, NULL);
            return TRUE;
          }
        if (int_digits > 18)
          {
            /* as vigil_json_parse_bounded() quotes it; a negative one it
             * leaves to json-glib, and so do we */
            if (buf[0] == '-')
              return FALSE;
            v->kind = _VIGIL_JSON_STRING;
            g_string_assign (r->scratch, buf);
            return TRUE;
          }
        v->kind = _VIGIL_JSON_INT;
        return g_ascii_string_to_signed (buf, 10, G_MININT64, G_MAXINT64, &v->i, NULL);
      }
    }
}

/* _vigil_json_get_string() */
void
_vigil_json_value_set_string (char                 **slot,
                              _VigilJsonReader      *r,
                              const _VigilJsonValue *v)
{
  g_free (*slot);
  *slot = v->kind == _VIGIL_JSON_STRING ? g_strndup (r->scratch->str, r->scratch->len) : NULL;
}

/* _vigil_json_dup_id() */
void
_vigil_json_value_set_id (char                 **slot,
                          _VigilJsonReader      *r,
                          const _VigilJsonValue *v)
{
  g_free (*slot);
  if (v->kind == _VIGIL_JSON_STRING && r->scratch->len > 0)
    *slot = g_strndup (r->scratch->str, r->scratch->len);
  else if (v->kind == _VIGIL_JSON_INT)
    *slot = g_strdup_printf ("%" G_GINT64_FORMAT, v->i);
  else
    *slot = NULL;
}

/* _vigil_json_get_int() with -1 as fallback */
gint64
_vigil_json_value_int (_VigilJsonReader      *r,
                       const _VigilJsonValue *v)
{
  gint64 value;

  switch (v->kind)
    {
    case _VIGIL_JSON_INT:
      return v->i;
    case _VIGIL_JSON_DOUBLE:
      return v->d >= (double) G_MININT64 && v->d < (double) G_MAXINT64 ? (gint64) v->d : -1;
    case _VIGIL_JSON_STRING:
      return g_ascii_string_to_signed (r->scratch->str, 10, G_MININT64, G_MAXINT64, &value, NULL)
             ? value : -1;
    case _VIGIL_JSON_OTHER:
    case _VIGIL_JSON_NULL:
    default:
      return -1;
    }
}

/* Calls member() for each member of the object at r->p == '{', with the
 * key (empty when 32 bytes or longer) and r->p at the value; member() must
 * consume the value. */
gboolean
_vigil_json_reader_object (_VigilJsonReader     *r,
                           guint                 depth,
                           _VigilJsonMemberFunc  member,
                           gpointer              user_data)
{
  if (depth > VIGIL_NORMALIZE_MAX_DEPTH || r->p >= r->end || *r->p != '{')
    return FALSE;
  r->p++;
  _vigil_json_reader_skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return TRUE;
    }

  for (;;)
    {
      char key[32];

      _vigil_json_reader_skip_space (r);
      if (r->p >= r->end || *r->p != '"' || !_vigil_json_reader_string (r))
        return FALSE;
      /* none of the members we read has a long name */
      if (r->scratch->len < sizeof key)
        memcpy (key, r->scratch->str, r->scratch->len + 1);
      else
        key[0] = '\0';
      _vigil_json_reader_skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        return FALSE;
      r->p++;
      _vigil_json_reader_skip_space (r);
      if (!member (r, key, depth + 1, user_data))
        return FALSE;

      _vigil_json_reader_skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '}')
        {
          r->p++;
          return TRUE;
        }
      return FALSE;
    }
}

