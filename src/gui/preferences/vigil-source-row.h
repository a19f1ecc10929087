/* vigil-source-row.h: one configured source, with its live status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-source-manager.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SOURCE_ROW (vigil_source_row_get_type ())
G_DECLARE_FINAL_TYPE (VigilSourceRow, vigil_source_row, VIGIL, SOURCE_ROW, AdwActionRow)

/* Signals: "edit-requested", "remove-requested" (no arguments). */
GtkWidget   *vigil_source_row_new         (VigilSourceManager *manager,
                                           VigilSource        *source);
VigilSource *vigil_source_row_get_source  (VigilSourceRow     *self);
/* What the row says about the state ("Live", "Failed: …"), for tests. */
char        *vigil_source_row_describe    (VigilSourceRow     *self);
GtkSwitch   *vigil_source_row_get_switch  (VigilSourceRow     *self);

/* "Live", "Backing off until 12:03:04", "Failed: reason"… */
char        *vigil_source_describe_state  (VigilSource        *source,
                                           gboolean            paused);
/* A title for a SPEC: "#acme on mastodon.social", "Feed from example.org"… */
char        *vigil_source_describe_spec   (const char         *spec);
const char  *vigil_source_state_icon_name (VigilSourceState    state,
                                           gboolean            paused);

G_END_DECLS
