/* normalize-test-util.h: helpers shared by the normaliser tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "vigil-normalize.h"

static inline GBytes *
load_fixture (const char *subdir,
              const char *name)
{
  const char *dir = g_getenv ("VIGIL_TEST_FIXTURES");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, subdir, name, NULL);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* 1-based line of a byte offset */
static inline guint
line_of_offset (GBytes  *bytes,
                goffset  offset)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  guint line = 1;

  g_assert_cmpint (offset, <=, (goffset) length);
  for (goffset i = 0; i < offset; i++)
    if (data[i] == '\n')
      line++;
  return line;
}

static inline gboolean
bytes_at_offset_start_with (GBytes     *bytes,
                            goffset     offset,
                            const char *prefix)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return offset >= 0 && (gsize) offset + strlen (prefix) <= length
         && memcmp (data + offset, prefix, strlen (prefix)) == 0;
}

static inline char *
format_time (GDateTime *dt)
{
  return vigil_format_iso8601 (dt);
}

static inline void
assert_strv (const char * const *strv,
             const char * const *expected)
{
  guint n = strv ? g_strv_length ((char **) strv) : 0;
  guint m = expected ? g_strv_length ((char **) expected) : 0;

  g_assert_cmpuint (n, ==, m);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (strv[i], ==, expected[i]);
}

static inline void
assert_post_utf8 (VigilPost *post)
{
  const char *fields[] = {
    vigil_post_get_remote_id (post), vigil_post_get_author (post),
    vigil_post_get_author_name (post), vigil_post_get_text (post),
    vigil_post_get_title (post), vigil_post_get_url (post), vigil_post_get_lang (post),
    vigil_post_get_spoiler (post), vigil_post_get_raw (post),
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i])
      g_assert_true (g_utf8_validate (fields[i], -1, NULL));
}

static inline VigilParseReject *
get_reject (VigilParseResult *result,
            guint             i)
{
  g_assert_cmpuint (i, <, result->rejects->len);
  return g_ptr_array_index (result->rejects, i);
}

static inline VigilPost *
get_post (VigilParseResult *result,
          guint             i)
{
  g_assert_cmpuint (i, <, result->posts->len);
  return g_ptr_array_index (result->posts, i);
}
