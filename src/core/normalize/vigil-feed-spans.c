/* vigil-feed-spans.c: where each feed entry's bytes are in the document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libxml2 builds a tree and forgets the bytes; the archive keeps each
 * entry's bytes as received. This scan finds the elements named local_name
 * (any prefix) outside comments, CDATA sections, processing instructions
 * and declarations, in document order. The parser uses the spans only when
 * their number matches the entries it read, so an unusual document falls
 * back to serialising the entry (vigil-feed-parser.c).
 */
#define G_LOG_DOMAIN "vigil-feed-spans"

#include "config.h"

#include <string.h>

#include "vigil-normalize-private.h"

static gsize
skip_past (const char *data,
           gsize       length,
           gsize       pos,
           const char *end)
{
  gsize n = strlen (end);

  for (; pos + n <= length; pos++)
    if (memcmp (data + pos, end, n) == 0)
      return pos + n;
  return length;
}

/* the end of the tag that starts at data[pos] == '<' (past its '>'),
 * quotes honoured */
static gsize
tag_end (const char *data,
         gsize       length,
         gsize       pos,
         gboolean   *self_closing)
{
  char quote = 0;

  for (; pos < length; pos++)
    {
      char c = data[pos];

      if (quote)
        {
          if (c == quote)
            quote = 0;
        }
      else if (c == '"' || c == '\'')
        quote = c;
      else if (c == '>')
        {
          *self_closing = pos > 0 && data[pos - 1] == '/';
          return pos + 1;
        }
    }
  *self_closing = FALSE;
  return length;
}

/* does the name at data[pos] have local_name as its local part? */
static gboolean
name_is (const char *data,
         gsize       length,
         gsize       pos,
         const char *local_name)
{
  gsize start = pos;
  gsize colon = G_MAXSIZE;
  gsize n = strlen (local_name);

  for (; pos < length; pos++)
    {
      char c = data[pos];

      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' || c == '>')
        break;
      if (c == ':')
        colon = pos;
    }
  if (colon != G_MAXSIZE)
    start = colon + 1;
  return pos - start == n && memcmp (data + start, local_name, n) == 0;
}

GArray *
_vigil_feed_find_entry_spans (const char *data,
                              gsize       length,
                              const char *local_name)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (_VigilFeedSpan));
  gboolean open = FALSE;
  gsize open_at = 0;
  gsize pos = 0;

  while (pos < length)
    {
      const char *lt = memchr (data + pos, '<', length - pos);
      gboolean self_closing;
      gsize start, end;

      if (lt == NULL)
        break;
      start = lt - data;
      if (length - start >= 4 && memcmp (lt, "<!--", 4) == 0)
        pos = skip_past (data, length, start + 4, "-->");
      else if (length - start >= 9 && memcmp (lt, "<![CDATA[", 9) == 0)
        pos = skip_past (data, length, start + 9, "]]>");
      else if (length - start >= 2 && lt[1] == '?')
        pos = skip_past (data, length, start + 2, "?>");
      else if (length - start >= 2 && lt[1] == '!')
        {
          /* <!DOCTYPE …>, with an internal subset in [ … ] */
          const char *bracket = memchr (lt, '[', length - start);
          const char *gt = memchr (lt, '>', length - start);

          if (bracket != NULL && gt != NULL && bracket < gt)
            pos = skip_past (data, length, bracket - data, "]>");
          else
            pos = gt ? (gsize) (gt - data) + 1 : length;
        }
      else if (length - start >= 2 && lt[1] == '/')
        {
          end = tag_end (data, length, start, &self_closing);
          if (open && name_is (data, length, start + 2, local_name))
            {
              _VigilFeedSpan span = { open_at, end - open_at };

              g_array_append_val (spans, span);
              open = FALSE;
            }
          pos = end;
        }
      else
        {
          end = tag_end (data, length, start, &self_closing);
          if (!open && name_is (data, length, start + 1, local_name))
            {
              if (self_closing)
                {
                  _VigilFeedSpan span = { start, end - start };

                  g_array_append_val (spans, span);
                }
              else
                {
                  open = TRUE;
                  open_at = start;
                }
            }
          pos = end;
        }
    }
  return spans;
}
