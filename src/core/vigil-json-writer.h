/* vigil-json-writer.h: small helpers to write JSON into a GString
 *
 * json-glib's generator is thorough but slow for millions of lines; these
 * write the exact, escaped text directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void vigil_json_writer_string (GString    *out,
                               const char *value);
void vigil_json_writer_key    (GString    *out,
                               const char *key);
void vigil_json_writer_member (GString    *out,
                               const char *key,
                               const char *value,
                               gboolean    leading_comma);

G_END_DECLS
