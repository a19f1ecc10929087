/* vigil-feed-date.c: the dates feeds really carry
 *
 * RSS uses RFC 822 dates ("Mon, 23 Nov 2026 10:00:00 GMT"), often bent:
 * numeric or obsolete named zones, no weekday, no seconds, two-digit years,
 * a trailing "(CET)" comment. Atom and Dublin Core use ISO 8601 / RFC 3339,
 * sometimes with a space instead of the "T" or without a zone. Everything
 * comes back in UTC; a date without a zone is taken as UTC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-feed-date"

#include "config.h"

#include <string.h>

#include "vigil-normalize.h"

#define MAX_DATE_LENGTH 80

static const char * const months[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
};

static const char * const weekdays[] = {
  "mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

typedef struct
{
  const char *name;
  int         hours;
} Zone;

/* RFC 822's names, plus a few that real feeds use */
static const Zone zones[] = {
  { "gmt", 0 }, { "ut", 0 }, { "utc", 0 }, { "z", 0 },
  { "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
  { "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 },
  { "wet", 0 }, { "west", 1 }, { "bst", 1 }, { "cet", 1 }, { "cest", 2 },
  { "eet", 2 }, { "eest", 3 }, { "msk", 3 }, { "jst", 9 },
};

static GDateTime *
utc_or_null (GDateTime *dt)
{
  GDateTime *utc;

  if (dt == NULL)
    return NULL;
  utc = g_date_time_to_utc (dt);
  g_date_time_unref (dt);
  return utc;
}

static int
lookup_prefix (const char         *word,
               gsize               length,
               const char * const *names,
               guint               n_names)
{
  if (length < 3)
    return -1;
  for (guint i = 0; i < n_names; i++)
    if (g_ascii_strncasecmp (word, names[i], 3) == 0)
      return i;
  return -1;
}

static GDateTime *
parse_iso (const char *text,
           gsize       length)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  char buf[MAX_DATE_LENGTH + 16];
  gsize n = length;

  memcpy (buf, text, n);
  buf[n] = '\0';
  for (gsize i = 0; i < n; i++)
    buf[i] = g_ascii_toupper (buf[i]);
  if (n == 10)
    {
      /* a bare date */
      memcpy (buf + n, "T00:00:00", 10);
      n += 9;
    }
  else if (n > 10 && buf[10] == ' ')
    buf[10] = 'T';

  /* "2026-11-23T10:00Z": GLib wants seconds */
  if (n >= 16 && buf[10] == 'T' && buf[13] == ':'
      && (n == 16 || buf[16] == 'Z' || buf[16] == '+' || buf[16] == '-'))
    {
      memmove (buf + 19, buf + 16, n - 16 + 1);
      memcpy (buf + 16, ":00", 3);
      n += 3;
    }

  return utc_or_null (g_date_time_new_from_iso8601 (buf, utc));
}

static gboolean
parse_time (const char *token,
            gsize       length,
            int        *hour,
            int        *minute,
            double     *seconds)
{
  guint values[3] = { 0, 0, 0 };
  guint n = 0;
  gsize i = 0;

  while (n < 3)
    {
      gsize digits = 0;

      values[n] = 0;
      for (; i < length && g_ascii_isdigit (token[i]) && digits < 2; i++, digits++)
        values[n] = values[n] * 10 + (token[i] - '0');
      if (digits == 0)
        return FALSE;
      n++;
      if (i < length && token[i] == ':')
        i++;
      else
        break;
    }
  /* ignore fractions of a second */
  if (n < 2 || (i < length && token[i] != '.'))
    return FALSE;
  if (values[0] > 23 || values[1] > 59 || values[2] > 60)
    return FALSE;
  *hour = values[0];
  *minute = values[1];
  *seconds = MIN (values[2], 59);
  return TRUE;
}

static gboolean
parse_numeric_zone (const char *token,
                    gsize       length,
                    int        *offset)
{
  int sign = token[0] == '-' ? -1 : 1;
  int digits[4];
  guint n = 0;

  for (gsize i = 1; i < length; i++)
    {
      if (token[i] == ':' && n == 2)
        continue;
      if (!g_ascii_isdigit (token[i]) || n >= 4)
        return FALSE;
      digits[n++] = token[i] - '0';
    }
  if (n == 2)
    digits[2] = digits[3] = 0;
  else if (n != 4)
    return FALSE;
  {
    int hours = digits[0] * 10 + digits[1];
    int minutes = digits[2] * 10 + digits[3];

    if (hours > 14 || minutes > 59)
      return FALSE;
    *offset = sign * (hours * 3600 + minutes * 60);
  }
  return TRUE;
}

static GDateTime *
parse_rfc822 (const char *text,
              gsize       length)
{
  g_autoptr(GTimeZone) tz = NULL;
  int day = -1, month = -1, year = -1;
  int hour = 0, minute = 0;
  double seconds = 0;
  gboolean have_time = FALSE;
  gboolean have_zone = FALSE;
  int offset = 0;
  gsize i = 0;

  while (i < length)
    {
      const char *token;
      gsize n = 0;

      while (i < length && (text[i] == ' ' || text[i] == ',' || text[i] == '\t'))
        i++;
      if (i >= length)
        break;
      token = text + i;
      while (i < length && text[i] != ' ' && text[i] != ',' && text[i] != '\t')
        i++, n++;

      if (token[0] == '(')
        break;  /* a comment: "+0100 (CET)" */
      if (memchr (token, ':', n) && !have_time && token[0] != '+' && token[0] != '-')
        {
          if (!parse_time (token, n, &hour, &minute, &seconds))
            return NULL;
          have_time = TRUE;
        }
      else if ((token[0] == '+' || token[0] == '-') && n > 1)
        {
          if (have_zone || !parse_numeric_zone (token, n, &offset))
            return NULL;
          have_zone = TRUE;
        }
      else if (g_ascii_isdigit (token[0]))
        {
          gint64 value;
          char buf[8];

          if (n > 4)
            return NULL;
          memcpy (buf, token, n);
          buf[n] = '\0';
          if (!g_ascii_string_to_signed (buf, 10, 0, 9999, &value, NULL))
            return NULL;
          if (day < 0 && n <= 2 && (month < 0 || year < 0))
            day = value;
          else if (year < 0)
            {
              if (n == 2)
                year = value < 50 ? 2000 + value : 1900 + value;
              else if (n == 3)
                year = 1900 + value;
              else
                year = value;
            }
          else
            return NULL;
        }
      else if (g_ascii_isalpha (token[0]))
        {
          int m;

          if (month < 0 && n >= 3 && (m = lookup_prefix (token, n, months, G_N_ELEMENTS (months))) >= 0)
            month = m + 1;
          else if (!have_time && lookup_prefix (token, n, weekdays, G_N_ELEMENTS (weekdays)) >= 0)
            ;  /* the weekday adds nothing */
          else if (have_time && !have_zone)
            {
              have_zone = TRUE;
              offset = 0;  /* unknown and military zones read as UTC (RFC 2822 §4.3) */
              for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
                if (strlen (zones[z].name) == n && g_ascii_strncasecmp (token, zones[z].name, n) == 0)
                  {
                    offset = zones[z].hours * 3600;
                    break;
                  }
            }
          else if (!have_zone)
            return NULL;
        }
      else
        return NULL;
    }

  if (day < 1 || month < 1 || year < 1)
    return NULL;

  tz = g_time_zone_new_offset (offset);
  return utc_or_null (g_date_time_new (tz, year, month, day, hour, minute, seconds));
}

GDateTime *
vigil_parse_feed_date (const char *text)
{
  gsize length;

  if (text == NULL)
    return NULL;
  while (g_ascii_isspace (*text))
    text++;
  length = strnlen (text, MAX_DATE_LENGTH + 1);
  if (length > MAX_DATE_LENGTH)
    return NULL;
  while (length > 0 && g_ascii_isspace (text[length - 1]))
    length--;
  if (length < 6)
    return NULL;

  if (length >= 10 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[3])
      && text[4] == '-' && text[7] == '-')
    return parse_iso (text, length);
  return parse_rfc822 (text, length);
}
