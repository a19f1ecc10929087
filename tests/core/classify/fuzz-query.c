/* fuzz-query.c: fuzz target for the query parser and matcher
 *
 * libFuzzer entry point. The input is "QUERY\nPOST TEXT"; the first byte
 * picks the flags. Invariants checked: no crash, no hang, no leak; a
 * rejected query always has an error whose message starts with its 1-based
 * position, which lies within the query; an accepted query can be matched.
 *
 * Build for libFuzzer (clang):
 *   clang -g -O1 -fsanitize=fuzzer,address -DVIGIL_FUZZ_STANDALONE \
 *     tests/core/classify/fuzz-query.c src/core/classify/vigil-{query,query-doc,text-fold,stemmer}.c \
 *     -Isrc/core/classify -Ibuild $(pkg-config --cflags --libs glib-2.0 gobject-2.0) -lstemmer
 * test-fuzz-query.c runs it deterministically over a few thousand inputs in CI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vigil-query.h"
#include "fuzz-query.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *query_text = NULL;
  const char *post_text = "";
  g_autofree char *post_copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilQuery) query = NULL;
  VigilQueryFlags flags = 0;
  const uint8_t *nl;
  guint pos = 0;

  if (size == 0 || size > 64 * 1024)
    return 0;
  if (data[0] & 1)
    flags |= VIGIL_QUERY_STEM;
  data++;
  size--;

  nl = memchr (data, '\n', size);
  query_text = g_strndup ((const char *) data, nl ? (gsize) (nl - data) : size);
  if (nl)
    post_text = post_copy = g_strndup ((const char *) nl + 1, size - (nl + 1 - data));

  query = vigil_query_new_full (query_text, flags, &pos, &error);
  if (!query)
    {
      g_autofree char *prefix = NULL;
      glong n_chars;

      if (!error || error->domain != VIGIL_QUERY_ERROR)
        abort ();
      prefix = g_strdup_printf ("%u: ", pos);
      if (!g_str_has_prefix (error->message, prefix))
        abort ();
      n_chars = g_utf8_validate (query_text, -1, NULL) ? g_utf8_strlen (query_text, -1)
                                                       : (glong) strlen (query_text);
      if (pos < 1 || pos > (guint) n_chars + 1)
        abort ();
      return 0;
    }
  if (error)
    abort ();

  {
    const char *tags[] = { post_text, NULL };
    VigilQueryPost post = {
      .text = post_text,
      .author = post_text,
      .author_name = post_text,
      .lang = strlen (post_text) < 8 ? post_text : "fr",
      .platform = "mastodon",
      .tags = tags,
      .followers = (gint64) strlen (post_text) * 100 - 1,
    };
    gboolean m1 = vigil_query_match (query, &post);
    gboolean m2 = vigil_query_match (query, &post);

    /* matching is deterministic */
    if (m1 != m2)
      abort ();
  }
  return 0;
}
