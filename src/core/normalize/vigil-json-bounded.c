/* vigil-json-bounded.c: json-glib behind size and depth bounds
 *
 * json-glib parses recursively, so a record like "[[[[…" a million levels
 * deep would exhaust the stack. A cheap pre-scan counts brackets outside
 * strings first and refuses anything deeper than VIGIL_NORMALIZE_MAX_DEPTH.
 * The same scan finds integer literals too long for a gint64 (Mastodon ids
 * such as 113456789012345678901 overflow even doubles); those are quoted
 * before parsing so their digits survive as a string.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-json-bounded"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-normalize-private.h"

/* more digits than this can't be a gint64 */
#define MAX_INT_DIGITS 18

G_DEFINE_QUARK (vigil-normalize-error-quark, vigil_normalize_error)

const char *
_vigil_json_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
_vigil_json_get_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
_vigil_json_get_array (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

gboolean
_vigil_json_member_is_null (JsonObject *object,
                            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return TRUE;
  node = json_object_get_member (object, member);
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

gint64
_vigil_json_get_int (JsonObject *object,
                     const char *member,
                     gint64      fallback)
{
  JsonNode *node;
  GType type;

  if (object == NULL)
    return fallback;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d >= (double) G_MININT64 && d < (double) G_MAXINT64)
        return (gint64) d;
      return fallback;
    }
  if (type == G_TYPE_STRING)
    {
      gint64 value;

      if (g_ascii_string_to_signed (json_node_get_string (node), 10,
                                    G_MININT64, G_MAXINT64, &value, NULL))
        return value;
    }
  return fallback;
}

char *
_vigil_json_dup_id (JsonObject *object,
                    const char *member)
{
  JsonNode *node;
  GType type;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      const char *str = json_node_get_string (node);

      return (str && *str) ? g_strdup (str) : NULL;
    }
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  /* a double has already lost the digits: refuse rather than invent an id */
  return NULL;
}

char *
_vigil_utf8_dup (const char *data,
                 gsize       length)
{
  if (g_utf8_validate_len (data, length, NULL))
    return g_strndup (data, length);
  return g_utf8_make_valid (data, length);
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

gsize
_vigil_json_scan_element (const char *data,
                          gsize       length,
                          gsize      *pos,
                          guint      *line)
{
  gsize i = *pos;
  gsize end;
  guint depth = 0;
  guint lines = 0;

  while (i < length)
    {
      char c = data[i];

      if (c == '"')
        {
          for (i++; i < length && data[i] != '"'; i++)
            {
              if (data[i] == '\\' && i + 1 < length)
                i++;
              if (data[i] == '\n')
                lines++;
            }
          if (i < length)
            i++;
          continue;
        }
      if (c == '\n')
        lines++;
      else if (c == '[' || c == '{')
        depth++;
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
      else if ((c == ',' || c == ']') && depth == 0)
        break;
      i++;
    }

  end = i;
  while (end > *pos && is_space (data[end - 1]))
    end--;
  *pos = i;
  *line += lines;
  return end;
}

/* At a '-' or digit outside strings: the end of that number token, and
 * whether it is a non-negative integer literal too long for a gint64
 * (digits of a fraction or an exponent never are). */
static gsize
scan_number_token (const char *data,
                   gsize       length,
                   gsize       i,
                   gboolean   *is_long_int)
{
  gsize start = i;
  gsize digits_start;
  gboolean integer = TRUE;

  if (data[i] == '-')
    i++;
  digits_start = i;
  while (i < length && g_ascii_isdigit (data[i]))
    i++;
  *is_long_int = data[start] != '-' && i - digits_start > MAX_INT_DIGITS;
  while (i < length && (g_ascii_isdigit (data[i]) || data[i] == '.' || data[i] == 'e'
                        || data[i] == 'E' || data[i] == '+' || data[i] == '-'))
    {
      integer = FALSE;
      i++;
    }
  if (!integer)
    *is_long_int = FALSE;
  return i;
}

/* Checks depth and counts integer literals that need quoting. */
static gboolean
prescan (const char  *data,
         gsize        length,
         guint       *n_long_ints,
         GError     **error)
{
  guint depth = 0;
  guint n_long = 0;
  gsize i = 0;

  while (i < length)
    {
      char c = data[i];

      if (c == '"')
        {
          for (i++; i < length && data[i] != '"'; i++)
            if (data[i] == '\\' && i + 1 < length)
              i++;
          i++;
          continue;
        }
      if (c == '[' || c == '{')
        {
          if (++depth > VIGIL_NORMALIZE_MAX_DEPTH)
            {
              g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_DEEP,
                           _("JSON is nested deeper than %d levels (at byte %" G_GSIZE_FORMAT ")"),
                           VIGIL_NORMALIZE_MAX_DEPTH, i);
              return FALSE;
            }
        }
      else if (c == ']' || c == '}')
        {
          if (depth > 0)
            depth--;
        }
      else if (g_ascii_isdigit (c) || c == '-')
        {
          gboolean is_long;

          i = scan_number_token (data, length, i, &is_long);
          if (is_long)
            n_long++;
          continue;
        }
      i++;
    }

  *n_long_ints = n_long;
  return TRUE;
}

/* Copies data, turning integer literals longer than MAX_INT_DIGITS into
 * strings: 113456789012345678901 → "113456789012345678901". */
static char *
quote_long_ints (const char *data,
                 gsize       length,
                 guint       n_long,
                 gsize      *out_length)
{
  GString *out = g_string_sized_new (length + 2 * n_long + 1);
  gsize i = 0;

  while (i < length)
    {
      char c = data[i];

      if (c == '"')
        {
          gsize start = i;

          for (i++; i < length && data[i] != '"'; i++)
            if (data[i] == '\\' && i + 1 < length)
              i++;
          if (i < length)
            i++;
          g_string_append_len (out, data + start, i - start);
          continue;
        }
      if (g_ascii_isdigit (c) || c == '-')
        {
          gsize start = i;
          gboolean is_long;

          i = scan_number_token (data, length, i, &is_long);
          if (is_long)
            g_string_append_c (out, '"');
          g_string_append_len (out, data + start, i - start);
          if (is_long)
            g_string_append_c (out, '"');
          continue;
        }
      g_string_append_c (out, c);
      i++;
    }

  *out_length = out->len;
  return g_string_free (out, FALSE);
}

/* json-glib keeps strings as C strings: a \u0000 escape would cut the
 * text there. Returns a copy of data with each such escape replaced by
 * \u2400 (same length: ␀, SYMBOL FOR NULL), or NULL when there is none.
 * A backslash outside a string is a syntax error anyway. */
static char *
replace_nul_escapes (const char *data,
                     gsize       length)
{
  char *copy = NULL;

  for (gsize i = 0; i + 1 < length; i++)
    {
      if (data[i] != '\\')
        continue;
      if (data[i + 1] == 'u' && i + 5 < length && memcmp (data + i + 2, "0000", 4) == 0)
        {
          if (copy == NULL)
            copy = g_memdup2 (data, length);
          memcpy (copy + i + 2, "2400", 4);
        }
      i++;   /* skip the escaped character */
    }
  return copy;
}

JsonNode *
_vigil_json_parse_bounded_with (JsonParser  *parser,
                                const char  *data,
                                gsize        length,
                                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *no_nul = NULL;
  const char *end = NULL;
  JsonNode *root;
  guint n_long = 0;

  g_assert (data != NULL || length == 0);

  if (length > VIGIL_NORMALIZE_MAX_RECORD)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (VIGIL_NORMALIZE_MAX_RECORD);

      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE,
                   _("JSON record is %s, over the %s limit for one record"), size, limit);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, &end))
    {
      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX,
                   _("JSON record is not valid UTF-8 (at byte %" G_GSIZE_FORMAT ")"),
                   (gsize) (end - data));
      return NULL;
    }
  /* the fast path first: it bounds depth itself; anything it balks at
   * (including integers too long for a gint64) goes through the pre-scan */
  root = _vigil_json_fast_parse (data, length);
  if (root != NULL)
    return root;

  if (!prescan (data, length, &n_long, error))
    return NULL;
  if (n_long > 0)
    {
      gsize quoted_length;

      quoted = quote_long_ints (data, length, n_long, &quoted_length);
      data = quoted;
      length = quoted_length;
      root = _vigil_json_fast_parse (data, length);
      if (root != NULL)
        return root;
    }

  /* json-glib has the last word, and the error messages */
  if ((no_nul = replace_nul_escapes (data, length)) != NULL)
    data = no_nul;
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX,
                   _("not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_SYNTAX,
                           _("empty JSON record"));
      return NULL;
    }
  return root;
}

JsonNode *
vigil_json_parse_bounded (const char  *data,
                          gsize        length,
                          GError     **error)
{
  /* not json_parser_new_immutable(): sealing every node costs a third */
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _vigil_json_parse_bounded_with (parser, data, length, error);
}
