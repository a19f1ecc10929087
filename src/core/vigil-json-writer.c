/* vigil-json-writer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-json-writer.h"

void
vigil_json_writer_string (GString    *out,
                          const char *value)
{
  const char *p;

  if (value == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (p = value; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

void
vigil_json_writer_key (GString    *out,
                       const char *key)
{
  vigil_json_writer_string (out, key);
  g_string_append_c (out, ':');
}

void
vigil_json_writer_member (GString    *out,
                          const char *key,
                          const char *value,
                          gboolean    leading_comma)
{
  if (leading_comma)
    g_string_append_c (out, ',');
  vigil_json_writer_key (out, key);
  vigil_json_writer_string (out, value);
}
