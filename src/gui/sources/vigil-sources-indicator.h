/* vigil-sources-indicator.h: the sources' state at a glance, in the header bar
 *
 * Shows how many sources are live, and whether any is failing or backing
 * off; a click opens the preferences. Hidden while no source is
 * configured. It follows the application's VigilSourceManager once the
 * window is shown (or the manager given with _set_manager).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-source-manager.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_SOURCES_INDICATOR (vigil_sources_indicator_get_type ())
G_DECLARE_FINAL_TYPE (VigilSourcesIndicator, vigil_sources_indicator, VIGIL, SOURCES_INDICATOR, GtkButton)

void        vigil_sources_indicator_set_manager (VigilSourcesIndicator *self,
                                                 VigilSourceManager    *manager);
/* What it shows ("2 live", "1 failing"…), for tests. */
const char *vigil_sources_indicator_get_text    (VigilSourcesIndicator *self);

G_END_DECLS
