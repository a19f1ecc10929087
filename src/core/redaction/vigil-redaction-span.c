/* vigil-redaction-span.c: categories and building the redacted text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-redaction"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "vigil-redaction-span.h"

static const char *const ids[VIGIL_REDACTION_N_CATEGORIES] = {
  "age", "sex", "race", "religion", "disability", "orientation",
  "pregnancy", "marriage", "reassignment", "contact", "manual",
};

static const char *const labels[VIGIL_REDACTION_N_CATEGORIES] = {
  N_("Age"), N_("Sex or gender"), N_("Race, ethnicity or nationality"),
  N_("Religion or belief"), N_("Disability or health"), N_("Sexual orientation"),
  N_("Pregnancy or maternity"), N_("Marriage or civil partnership"),
  N_("Gender reassignment"), N_("Contact details"), N_("Marked by hand"),
};

const char *
vigil_redaction_category_to_id (VigilRedactionCategory category)
{
  if ((guint) category >= VIGIL_REDACTION_N_CATEGORIES)
    return NULL;
  return ids[category];
}

const char *
vigil_redaction_category_to_label (VigilRedactionCategory category)
{
  if ((guint) category >= VIGIL_REDACTION_N_CATEGORIES)
    return NULL;
  return _(labels[category]);
}

gboolean
vigil_redaction_category_from_id (const char             *id,
                                  VigilRedactionCategory *out)
{
  for (guint i = 0; id && i < VIGIL_REDACTION_N_CATEGORIES; i++)
    if (g_ascii_strcasecmp (id, ids[i]) == 0)
      {
        if (out)
          *out = i;
        return TRUE;
      }
  return FALSE;
}

guint
vigil_redaction_parse_categories (const char  *list,
                                  GError     **error)
{
  g_auto(GStrv) words = NULL;
  guint mask = 0;

  g_return_val_if_fail (list, 0);

  words = g_strsplit_set (list, ", ", -1);
  for (guint i = 0; words[i]; i++)
    {
      VigilRedactionCategory c;
      const char *w = words[i];

      if (*w == '\0')
        continue;
      if (g_ascii_strcasecmp (w, "all") == 0)
        mask |= VIGIL_REDACTION_MASK_ALL;
      else if (g_ascii_strcasecmp (w, "protected") == 0)
        mask |= VIGIL_REDACTION_MASK_PROTECTED;
      else if (vigil_redaction_category_from_id (w, &c) && c != VIGIL_REDACTION_MANUAL)
        mask |= VIGIL_REDACTION_MASK (c);
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a category (use age, sex, race, religion, disability, "
                         "orientation, pregnancy, marriage, reassignment, contact, protected or all)"),
                       w);
          return 0;
        }
    }
  if (mask == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("the category list is empty"));
  return mask;
}

char *
vigil_redaction_apply (const char               *text,
                       const VigilRedactionSpan *spans,
                       guint                     n_spans)
{
  GString *out;
  gsize len, at = 0;

  g_return_val_if_fail (text, NULL);

  len = strlen (text);
  out = g_string_sized_new (len);
  for (guint i = 0; i < n_spans; i++)
    {
      gsize s = MIN (spans[i].byte_start, len);
      gsize e = MIN (spans[i].byte_end, len);

      if (e <= at)
        continue;               /* inside or before what was already removed */
      if (s < at)
        {
          at = e;               /* overlaps the previous span: one marker for both */
          continue;
        }
      if (s > at)
        g_string_append_len (out, text + at, s - at);
      g_string_append (out, VIGIL_REDACTION_MARKER);
      at = e;
    }
  if (at < len)
    g_string_append (out, text + at);
  return g_string_free (out, FALSE);
}
