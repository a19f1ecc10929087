/* vigil-parse-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-parse-result"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-parse-result.h"

/* A 64 MB document of one-byte garbage lines would otherwise hold tens of
 * millions of rejects; past this many, one last reject says the rest are
 * not listed. */
#define MAX_REJECTS 10000

static void
reject_free (gpointer data)
{
  VigilParseReject *reject = data;

  g_free (reject->message);
  g_free (reject);
}

VigilParseResult *
vigil_parse_result_new (void)
{
  VigilParseResult *result = g_new0 (VigilParseResult, 1);

  result->posts = g_ptr_array_new_with_free_func (g_object_unref);
  result->rejects = g_ptr_array_new_with_free_func (reject_free);
  return result;
}

void
vigil_parse_result_free (VigilParseResult *result)
{
  if (result == NULL)
    return;
  g_ptr_array_unref (result->posts);
  g_ptr_array_unref (result->rejects);
  g_free (result);
}

void
vigil_parse_result_reject (VigilParseResult *result,
                           guint             line,
                           goffset           offset,
                           const char       *format,
                           ...)
{
  VigilParseReject *reject;
  va_list args;

  g_return_if_fail (result != NULL);
  g_return_if_fail (format != NULL);

  if (result->rejects->len > MAX_REJECTS)
    return;

  reject = g_new0 (VigilParseReject, 1);
  reject->line = line;
  reject->offset = offset;
  va_start (args, format);
  if (result->rejects->len == MAX_REJECTS)
    reject->message = g_strdup_printf (_("more than %d records were rejected; "
                                         "this one and the rest are not listed"), MAX_REJECTS);
  else
    reject->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (result->rejects, reject);
}
