/* vigil-sse-parser.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-sse-parser"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-sse-parser.h"

struct _VigilSseParser
{
  VigilSseEventFunc func;
  gpointer          user_data;
  gsize             max_event;

  GString          *line;        /* the line being assembled */
  GString          *data;        /* the event's data buffer */
  char             *event_type;  /* NULL = "message" */
  char             *last_event_id;
  gint64            retry;
  guint64           n_comments;
  guint64           n_events;

  guint             skip_lf : 1;     /* the last chunk ended in CR */
  guint             first_line : 1;  /* strip a UTF-8 BOM */
  guint             failed : 1;
  guint             have_fields : 1; /* a field line since the last dispatch */
};

G_DEFINE_QUARK (vigil-sse-parser-error-quark, vigil_sse_parser_error)

VigilSseParser *
vigil_sse_parser_new (gsize             max_event,
                      VigilSseEventFunc func,
                      gpointer          user_data)
{
  VigilSseParser *self;

  g_return_val_if_fail (max_event > 0, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (VigilSseParser, 1);
  self->func = func;
  self->user_data = user_data;
  self->max_event = max_event;
  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->retry = -1;
  self->first_line = TRUE;

  return self;
}

void
vigil_sse_parser_free (VigilSseParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_free (self->event_type);
  g_free (self->last_event_id);
  g_free (self);
}

void
vigil_sse_parser_reset (VigilSseParser *self)
{
  g_return_if_fail (self != NULL);

  g_string_truncate (self->line, 0);
  g_string_truncate (self->data, 0);
  g_clear_pointer (&self->event_type, g_free);
  self->skip_lf = FALSE;
  self->first_line = TRUE;
  self->failed = FALSE;
  self->have_fields = FALSE;
}

static gboolean
set_too_large (VigilSseParser  *self,
               GError         **error)
{
  self->failed = TRUE;
  g_set_error (error, VIGIL_SSE_PARSER_ERROR, VIGIL_SSE_PARSER_ERROR_TOO_LARGE,
               _("An event in the stream is larger than %" G_GSIZE_FORMAT " bytes"),
               self->max_event);
  return FALSE;
}

static void
dispatch (VigilSseParser *self)
{
  g_autofree char *event_type = g_steal_pointer (&self->event_type);

  self->have_fields = FALSE;

  /* No data field: nothing to dispatch, and the type is forgotten. */
  if (self->data->len == 0)
    return;

  /* Every data line appended a "\n"; the last one is not part of the data. */
  g_string_truncate (self->data, self->data->len - 1);
  self->n_events++;
  self->func (event_type != NULL && *event_type != '\0' ? event_type : "message",
              self->data->str, self->data->len, self->user_data);
  g_string_truncate (self->data, 0);
}

static gboolean
process_line (VigilSseParser  *self,
              const char      *line,
              gsize            length,
              GError         **error)
{
  const char *colon;
  g_autofree char *field = NULL;
  const char *value;
  gsize value_len;

  if (self->first_line)
    {
      self->first_line = FALSE;
      if (length >= 3 && memcmp (line, "\xEF\xBB\xBF", 3) == 0)
        {
          line += 3;
          length -= 3;
        }
    }

  if (length == 0)
    {
      dispatch (self);
      return TRUE;
    }

  if (line[0] == ':')
    {
      self->n_comments++;
      return TRUE;
    }

  self->have_fields = TRUE;
  colon = memchr (line, ':', length);
  if (colon != NULL)
    {
      field = g_strndup (line, colon - line);
      value = colon + 1;
      value_len = length - (colon - line) - 1;
      if (value_len > 0 && *value == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      field = g_strndup (line, length);
      value = "";
      value_len = 0;
    }

  if (strcmp (field, "data") == 0)
    {
      if (self->data->len + value_len + 1 > self->max_event)
        return set_too_large (self, error);
      g_string_append_len (self->data, value, value_len);
      g_string_append_c (self->data, '\n');
    }
  else if (strcmp (field, "event") == 0)
    {
      g_free (self->event_type);
      self->event_type = g_strndup (value, value_len);
    }
  else if (strcmp (field, "id") == 0)
    {
      if (memchr (value, '\0', value_len) == NULL)
        {
          g_free (self->last_event_id);
          self->last_event_id = g_strndup (value, value_len);
        }
    }
  else if (strcmp (field, "retry") == 0)
    {
      gint64 retry = 0;
      gsize i;

      for (i = 0; i < value_len; i++)
        {
          if (!g_ascii_isdigit (value[i]) || retry > G_MAXINT64 / 10 - 10)
            break;
          retry = retry * 10 + (value[i] - '0');
        }
      if (value_len > 0 && i == value_len)
        self->retry = retry;
    }
  /* Any other field is ignored, as the standard says. */

  return TRUE;
}

gboolean
vigil_sse_parser_feed (VigilSseParser  *self,
                       const char      *chunk,
                       gsize            length,
                       GError         **error)
{
  const char *p = chunk;
  const char *end = chunk + length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (chunk != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->failed)
    return set_too_large (self, error);

  if (self->skip_lf && p < end)
    {
      if (*p == '\n')
        p++;
      self->skip_lf = FALSE;
    }

  while (p < end)
    {
      const char *eol = p;
      const char *line;
      gsize line_len;

      while (eol < end && *eol != '\n' && *eol != '\r')
        eol++;

      if (self->line->len + (eol - p) > self->max_event)
        return set_too_large (self, error);

      if (eol == end)
        {
          g_string_append_len (self->line, p, eol - p);
          break;
        }

      /* A complete line: avoid copying when nothing was buffered. */
      if (self->line->len > 0)
        {
          g_string_append_len (self->line, p, eol - p);
          line = self->line->str;
          line_len = self->line->len;
        }
      else
        {
          line = p;
          line_len = eol - p;
        }

      if (!process_line (self, line, line_len, error))
        return FALSE;
      g_string_truncate (self->line, 0);

      if (*eol == '\r')
        {
          if (eol + 1 < end)
            {
              if (eol[1] == '\n')
                eol++;
            }
          else
            self->skip_lf = TRUE;
        }
      p = eol + 1;
    }

  return TRUE;
}

gboolean
vigil_sse_parser_finish (VigilSseParser  *self,
                         GError         **error)
{
  gboolean truncated;

  g_return_val_if_fail (self != NULL, FALSE);

  truncated = self->line->len > 0 || self->data->len > 0 || self->have_fields;
  vigil_sse_parser_reset (self);

  if (truncated)
    {
      g_set_error (error, VIGIL_SSE_PARSER_ERROR, VIGIL_SSE_PARSER_ERROR_TRUNCATED,
                   _("The stream ended in the middle of an event"));
      return FALSE;
    }

  return TRUE;
}

const char *
vigil_sse_parser_get_last_event_id (VigilSseParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->last_event_id;
}

gint64
vigil_sse_parser_get_retry (VigilSseParser *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->retry;
}

guint64
vigil_sse_parser_get_n_comments (VigilSseParser *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_comments;
}

guint64
vigil_sse_parser_get_n_events (VigilSseParser *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_events;
}
