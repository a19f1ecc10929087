/* vigil-watch.h: a named monitoring query with a colour
 *
 * Immutable once built (construct-only properties), so it may be shared
 * between threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vigil-query.h"

G_BEGIN_DECLS

#define VIGIL_WATCH_DEFAULT_COLOUR "#3584e4"
#define VIGIL_WATCH_MAX_NAME_BYTES 200

#define VIGIL_TYPE_WATCH (vigil_watch_get_type ())
G_DECLARE_FINAL_TYPE (VigilWatch, vigil_watch, VIGIL, WATCH, GObject)

/* Compiles query; colour NULL = VIGIL_WATCH_DEFAULT_COLOUR, else "#rgb" or
 * "#rrggbb". Returns NULL with a VIGIL_QUERY_ERROR for a bad query, or
 * G_IO_ERROR_INVALID_ARGUMENT for a bad name or colour. */
VigilWatch  *vigil_watch_new            (const char  *name,
                                         const char  *query,
                                         const char  *colour,
                                         gboolean     stem,
                                         GError     **error);
const char  *vigil_watch_get_name       (VigilWatch  *self);
const char  *vigil_watch_get_query_text (VigilWatch  *self);
const char  *vigil_watch_get_colour     (VigilWatch  *self);
gboolean     vigil_watch_get_stem       (VigilWatch  *self);
VigilQuery  *vigil_watch_get_query      (VigilWatch  *self);

gboolean     vigil_colour_is_valid      (const char  *colour);

G_END_DECLS
