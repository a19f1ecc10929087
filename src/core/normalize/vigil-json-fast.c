/* vigil-json-fast.c: a strict JSON reader that builds json-glib nodes
 *
 * json-glib's JsonParser reads through its GScanner fork, one character at
 * a time; on Mastodon statuses it manages about 55 MB/s here, half of what
 * this reader does. This reader takes UTF-8-validated input (the caller
 * checks), bounds nesting to VIGIL_NORMALIZE_MAX_DEPTH itself, and builds
 * the same JsonNode tree in one pass. Whenever it meets anything it isn't
 * sure of (any syntax error, lone surrogates, control characters,
 * integer literals over 18 digits, nesting past the bound) it gives up and
 * returns NULL, and the caller lets json-glib decide and word the error.
 * So it accepts nothing json-glib refuses, and reports no errors of its
 * own. A \u0000 escape becomes U+2400 (␀), here and before json-glib reads
 * (vigil-json-bounded.c), so no text is ever cut at an embedded NUL; test-mastodon-parser compares the two on mutated input.
 *
 * The reader's pieces are shared with vigil-mastodon-fast.c, which reads a
 * status without building a tree at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-json-fast"

#include "config.h"

#include <string.h>

#include "vigil-normalize-private.h"

typedef _VigilJsonReader Reader;

static JsonNode *read_value (Reader *r,
                             guint   depth);




void
_vigil_json_reader_skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static inline int
hex4 (const char *p)
{
  int value = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      value = value * 16 + d;
    }
  return value;
}

/* Reads the string at r->p == '"' into r->scratch. */
gboolean
_vigil_json_reader_string (Reader *r)
{
  const char *p = r->p + 1;

  g_string_truncate (r->scratch, 0);
  for (;;)
    {
      const char *run = p;

      while (p < r->end && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
        p++;
      g_string_append_len (r->scratch, run, p - run);
      if (p >= r->end || (guchar) *p < 0x20)
        return FALSE;
      if (*p == '"')
        break;

      /* an escape */
      if (p + 1 >= r->end)
        return FALSE;
      switch (p[1])
        {
        case '"': g_string_append_c (r->scratch, '"'); p += 2; break;
        case '\\': g_string_append_c (r->scratch, '\\'); p += 2; break;
        case '/': g_string_append_c (r->scratch, '/'); p += 2; break;
        case 'b': g_string_append_c (r->scratch, '\b'); p += 2; break;
        case 'f': g_string_append_c (r->scratch, '\f'); p += 2; break;
        case 'n': g_string_append_c (r->scratch, '\n'); p += 2; break;
        case 'r': g_string_append_c (r->scratch, '\r'); p += 2; break;
        case 't': g_string_append_c (r->scratch, '\t'); p += 2; break;
        case 'u':
          {
            int cp;

            if (r->end - p < 6 || (cp = hex4 (p + 2)) < 0)
              return FALSE;
            p += 6;
            if (cp >= 0xD800 && cp <= 0xDBFF)
              {
                int low;

                if (r->end - p < 6 || p[0] != '\\' || p[1] != 'u'
                    || (low = hex4 (p + 2)) < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (cp >= 0xDC00 && cp <= 0xDFFF)
              return FALSE;
            /* a NUL would cut the text wherever it is used as a C string:
             * keep the text whole with a visible U+2400 SYMBOL FOR NULL
             * (the raw payload keeps the original escape) */
            g_string_append_unichar (r->scratch, cp == 0 ? 0x2400 : cp);
          }
          break;
        default:
          return FALSE;
        }
    }
  r->p = p + 1;
  return TRUE;
}

/* Checks the number at r->p against the JSON grammar, copies it into buf
 * and moves past it. */
gboolean
_vigil_json_reader_number (Reader   *r,
                           char      buf[64],
                           gboolean *is_double,
                           gsize    *int_digits)
{
  const char *start = r->p;
  const char *p = r->p;

  *is_double = FALSE;
  if (p < r->end && *p == '-')
    p++;
  if (p >= r->end || !g_ascii_isdigit (*p))
    return FALSE;
  if (*p == '0')
    p++;
  else
    while (p < r->end && g_ascii_isdigit (*p))
      p++;
  *int_digits = p - start - (*start == '-');
  if (p < r->end && *p == '.')
    {
      *is_double = TRUE;
      p++;
      if (p >= r->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < r->end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < r->end && (*p == 'e' || *p == 'E'))
    {
      *is_double = TRUE;
      p++;
      if (p < r->end && (*p == '+' || *p == '-'))
        p++;
      if (p >= r->end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < r->end && g_ascii_isdigit (*p))
        p++;
    }
  if ((gsize) (p - start) >= 64)
    return FALSE;
  memcpy (buf, start, p - start);
  buf[p - start] = '\0';
  r->p = p;
  return TRUE;
}

static JsonNode *
read_number (Reader *r)
{
  gboolean is_double;
  gsize int_digits;
  char buf[64];
  JsonNode *node;

  if (!_vigil_json_reader_number (r, buf, &is_double, &int_digits))
    return NULL;

  /* long integers are quoted by vigil_json_parse_bounded(), so that an
   * id's digits survive: leave them to it */
  if (!is_double && int_digits > 18)
    return NULL;

  node = json_node_new (JSON_NODE_VALUE);
  if (is_double)
    json_node_set_double (node, g_ascii_strtod (buf, NULL));
  else
    {
      gint64 value;

      if (!g_ascii_string_to_signed (buf, 10, G_MININT64, G_MAXINT64, &value, NULL))
        {
          json_node_unref (node);
          return NULL;
        }
      json_node_set_int (node, value);
    }
  return node;
}

static JsonNode *
read_object (Reader *r,
             guint   depth)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_node_take_object (node, object);
  r->p++;  /* { */
  _vigil_json_reader_skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return node;
    }

  for (;;)
    {
      char key_buf[64];
      g_autofree char *key_heap = NULL;
      const char *key;
      JsonNode *value;

      _vigil_json_reader_skip_space (r);
      if (r->p >= r->end || *r->p != '"' || !_vigil_json_reader_string (r))
        goto fail;
      /* the value will reuse scratch; json-glib copies the key itself */
      if (r->scratch->len < sizeof key_buf)
        key = memcpy (key_buf, r->scratch->str, r->scratch->len + 1);
      else
        key = key_heap = g_strndup (r->scratch->str, r->scratch->len);
      _vigil_json_reader_skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        goto fail;
      r->p++;
      value = read_value (r, depth + 1);
      if (value == NULL)
        goto fail;
      json_node_set_parent (value, node);
      json_object_set_member (object, key, value);

      _vigil_json_reader_skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == '}')
        {
          r->p++;
          return node;
        }
      goto fail;
    }

fail:
  json_node_unref (node);
  return NULL;
}

static JsonNode *
read_array (Reader *r,
            guint   depth)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  json_node_take_array (node, array);
  r->p++;  /* [ */
  _vigil_json_reader_skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      return node;
    }

  for (;;)
    {
      JsonNode *value = read_value (r, depth + 1);

      if (value == NULL)
        goto fail;
      json_node_set_parent (value, node);
      json_array_add_element (array, value);

      _vigil_json_reader_skip_space (r);
      if (r->p < r->end && *r->p == ',')
        {
          r->p++;
          continue;
        }
      if (r->p < r->end && *r->p == ']')
        {
          r->p++;
          return node;
        }
      goto fail;
    }

fail:
  json_node_unref (node);
  return NULL;
}

gboolean
_vigil_json_reader_literal (Reader     *r,
                            const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return FALSE;
  r->p += n;
  return TRUE;
}

static JsonNode *
read_value (Reader *r,
            guint   depth)
{
  JsonNode *node;

  _vigil_json_reader_skip_space (r);
  if (r->p >= r->end)
    return NULL;

  switch (*r->p)
    {
    case '{':
      return depth <= VIGIL_NORMALIZE_MAX_DEPTH ? read_object (r, depth) : NULL;
    case '[':
      return depth <= VIGIL_NORMALIZE_MAX_DEPTH ? read_array (r, depth) : NULL;
    case '"':
      if (!_vigil_json_reader_string (r))
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, r->scratch->str);
      return node;
    case 't':
      if (!_vigil_json_reader_literal (r, "true"))
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, TRUE);
      return node;
    case 'f':
      if (!_vigil_json_reader_literal (r, "false"))
        return NULL;
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, FALSE);
      return node;
    case 'n':
      if (!_vigil_json_reader_literal (r, "null"))
        return NULL;
      return json_node_new (JSON_NODE_NULL);
    default:
      return read_number (r);
    }
}

/* Checks and skips any value; depth as for read_value(). */
gboolean
_vigil_json_reader_skip (Reader *r,
                         guint   depth)
{
  _vigil_json_reader_skip_space (r);
  if (r->p >= r->end)
    return FALSE;

  switch (*r->p)
    {
    case '{':
    case '[':
      {
        char close = *r->p == '{' ? '}' : ']';
        gboolean object = close == '}';

        if (depth > VIGIL_NORMALIZE_MAX_DEPTH)
          return FALSE;
        r->p++;
        _vigil_json_reader_skip_space (r);
        if (r->p < r->end && *r->p == close)
          {
            r->p++;
            return TRUE;
          }
        for (;;)
          {
            if (object)
              {
                _vigil_json_reader_skip_space (r);
                if (r->p >= r->end || *r->p != '"' || !_vigil_json_reader_string (r))
                  return FALSE;
                _vigil_json_reader_skip_space (r);
                if (r->p >= r->end || *r->p != ':')
                  return FALSE;
                r->p++;
              }
            if (!_vigil_json_reader_skip (r, depth + 1))
              return FALSE;
            _vigil_json_reader_skip_space (r);
            if (r->p < r->end && *r->p == ',')
              {
                r->p++;
                continue;
              }
            if (r->p < r->end && *r->p == close)
              {
                r->p++;
                return TRUE;
              }
            return FALSE;
          }
      }
    case '"':
      return _vigil_json_reader_string (r);
    case 't':
      return _vigil_json_reader_literal (r, "true");
    case 'f':
      return _vigil_json_reader_literal (r, "false");
    case 'n':
      return _vigil_json_reader_literal (r, "null");
    default:
      {
        gboolean is_double;
        gsize int_digits;
        char buf[64];

        return _vigil_json_reader_number (r, buf, &is_double, &int_digits);
      }
    }
}

JsonNode *
_vigil_json_fast_parse (const char *data,
                        gsize       length)
{
  Reader r = { data, data + length, NULL };
  JsonNode *node;

  r.scratch = g_string_sized_new (256);
  node = read_value (&r, 1);
  if (node != NULL)
    {
      _vigil_json_reader_skip_space (&r);
      if (r.p != r.end)
        g_clear_pointer (&node, json_node_unref);
    }
  g_string_free (r.scratch, TRUE);
  return node;
}
