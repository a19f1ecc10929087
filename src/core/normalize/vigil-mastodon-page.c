/* vigil-mastodon-page.c: a Mastodon REST page, each status read once from
 * its own bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is never parsed as a whole: the array's elements are found by a
 * scan that only tracks strings and brackets, and each element is handed,
 * as the bytes the server sent, to the status reader, so that what is
 * archived as raw is exactly what was received.
 */
#define G_LOG_DOMAIN "vigil-mastodon-page"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-normalize-private.h"

typedef struct
{
  const char *base;
  gssize      statuses;   /* offset of the "statuses" array, or -1 */
} FindStatuses;

static gboolean
find_statuses_member (_VigilJsonReader *r,
                      const char       *key,
                      guint             depth,
                      gpointer          user_data)
{
  FindStatuses *find = user_data;

  if (strcmp (key, "statuses") == 0 && r->p < r->end && *r->p == '[')
    find->statuses = r->p - find->base;
  return _vigil_json_reader_skip (r, depth);
}

/* SYNTAX: not JSON at all, or cut short; INVALID: JSON, but no list */
static gboolean
page_error (GError     **error,
            int          code,
            const char  *message)
{
  g_set_error_literal (error, VIGIL_NORMALIZE_ERROR, code, message);
  return FALSE;
}

gboolean
vigil_mastodon_parse_page (GBytes            *body,
                           gboolean           search,
                           VigilParseResult  *result,
                           GPtrArray         *record_ids,
                           GError           **error)
{
  const char *data;
  gsize length;
  gsize pos = 0;
  guint line = 1;
  gboolean closed = FALSE;

  g_return_val_if_fail (body != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (body, &length);
  if (length > VIGIL_NORMALIZE_MAX_DOCUMENT)
    {
      g_set_error (error, VIGIL_NORMALIZE_ERROR, VIGIL_NORMALIZE_ERROR_TOO_LARGE,
                   _("the page is over the %d MiB limit"), VIGIL_NORMALIZE_MAX_DOCUMENT >> 20);
      return FALSE;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    pos = 3;
  while (pos < length && g_ascii_isspace (data[pos]))
    pos++;

  if (search && pos < length && data[pos] == '{')
    {
      /* /api/v2/search: { "accounts": […], "statuses": […], "hashtags": […] } */
      g_autoptr(GString) scratch = g_string_new (NULL);
      _VigilJsonReader r = { data + pos, data + length, scratch };
      FindStatuses find = { data, -1 };

      if (!_vigil_json_reader_object (&r, 1, find_statuses_member, &find))
        return page_error (error, VIGIL_NORMALIZE_ERROR_SYNTAX,
                           _("the answer is not well-formed JSON; it may be truncated"));
      if (find.statuses < 0)
        return page_error (error, VIGIL_NORMALIZE_ERROR_INVALID,
                           _("the answer has no list of statuses"));
      for (gsize i = pos; i < (gsize) find.statuses; i++)
        if (data[i] == '\n')
          line++;
      pos = find.statuses;
    }
  if (pos < length && (data[pos] == '{' || data[pos] == '"' || data[pos] == '-'
                      || g_ascii_isdigit (data[pos]) || data[pos] == 't' || data[pos] == 'f'
                      || data[pos] == 'n'))
    {
      /* "not a list" only for real JSON: bytes that merely start like a
       * value (a stray '{', random junk) are not JSON at all */
      g_autoptr(JsonNode) node = vigil_json_parse_bounded (data + pos, length - pos, NULL);

      if (node == NULL)
        return page_error (error, VIGIL_NORMALIZE_ERROR_SYNTAX, _("the answer is not JSON"));
      return page_error (error, VIGIL_NORMALIZE_ERROR_INVALID, _("the answer is not a list of statuses"));
    }
  if (pos >= length || data[pos] != '[')
    return page_error (error, VIGIL_NORMALIZE_ERROR_SYNTAX, _("the answer is not JSON"));
  pos++;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *record_id = NULL;
      gsize start, end;
      guint start_line;
      VigilPost *post;

      while (pos < length && g_ascii_isspace (data[pos]))
        {
          if (data[pos] == '\n')
            line++;
          pos++;
        }
      if (pos >= length)
        break;
      if (data[pos] == ']')
        {
          closed = TRUE;
          break;
        }

      start = pos;
      start_line = line;
      end = _vigil_json_scan_element (data, length, &pos, &line);
      if (end == start)
        vigil_parse_result_reject (result, start_line, start, _("empty array element"));
      else
        {
          post = vigil_mastodon_parse_status_text (data + start, end - start, &record_id,
                                                   &local_error);
          if (record_id != NULL && record_ids != NULL)
            g_ptr_array_add (record_ids, g_steal_pointer (&record_id));
          if (post != NULL)
            g_ptr_array_add (result->posts, post);
          else
            vigil_parse_result_reject (result, start_line, start, "%s",
                                       local_error ? local_error->message : _("not a status"));
        }

      if (pos >= length)
        break;
      if (data[pos] != ',')
        {
          closed = data[pos] == ']';
          break;
        }
      pos++;
    }

  if (!closed)
    return page_error (error, VIGIL_NORMALIZE_ERROR_SYNTAX,
                       _("the list of statuses ends early; the answer may be truncated"));
  return TRUE;
}
