/* vigil-redaction-span.h: what the detector suggests removing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The nine protected characteristics of the UK Equality Act 2010, and
 * contact details (optional: not in the default set). */
typedef enum
{
  VIGIL_REDACTION_AGE,
  VIGIL_REDACTION_SEX,
  VIGIL_REDACTION_RACE,
  VIGIL_REDACTION_RELIGION,
  VIGIL_REDACTION_DISABILITY,
  VIGIL_REDACTION_ORIENTATION,
  VIGIL_REDACTION_PREGNANCY,
  VIGIL_REDACTION_MARRIAGE,
  VIGIL_REDACTION_REASSIGNMENT,
  VIGIL_REDACTION_CONTACT,
  VIGIL_REDACTION_MANUAL,       /* marked by a person; never detected */
  VIGIL_REDACTION_N_CATEGORIES
} VigilRedactionCategory;

#define VIGIL_REDACTION_MASK(c)        (1u << (c))
/* The nine protected characteristics. */
#define VIGIL_REDACTION_MASK_PROTECTED ((1u << VIGIL_REDACTION_CONTACT) - 1)
#define VIGIL_REDACTION_MASK_ALL       ((1u << VIGIL_REDACTION_MANUAL) - 1)

/* The neutral marker: the same for every category, so the category of
 * what was removed does not leak. */
#define VIGIL_REDACTION_MARKER "[removed]"

typedef struct
{
  guint                  start;       /* characters (code points) into the text */
  guint                  end;         /* exclusive */
  guint                  byte_start;  /* the same span in bytes */
  guint                  byte_end;
  VigilRedactionCategory category;
  const char            *reason;      /* interned; never contains the matched text */
} VigilRedactionSpan;

/* "age", "sex", … "contact", "manual"; NULL when out of range. */
const char *vigil_redaction_category_to_id    (VigilRedactionCategory category);
/* A person's name for it ("Age", "Sex or gender", …), translated. */
const char *vigil_redaction_category_to_label (VigilRedactionCategory category);
/* FALSE when id is not a category id. */
gboolean    vigil_redaction_category_from_id  (const char             *id,
                                               VigilRedactionCategory *out);
/* "age,sex,contact", "all" (with contact) or "protected" → a mask; 0 and
 * an error naming the bad word otherwise. */
guint       vigil_redaction_parse_categories  (const char             *list,
                                               GError                **error);

/* The redacted text: the text between spans, kept; each span replaced by
 * one VIGIL_REDACTION_MARKER. spans are sorted by start and don't overlap
 * (as vigil_redactor_detect returns them); byte offsets are used. */
char       *vigil_redaction_apply             (const char               *text,
                                               const VigilRedactionSpan *spans,
                                               guint                     n_spans);

G_END_DECLS
