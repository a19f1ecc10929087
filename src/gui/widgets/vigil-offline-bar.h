/* vigil-offline-bar.h: a bar that says when the team database can't be reached
 *
 * Shown (revealed) while the window's store is not online (the "online"
 * property of VigilStore): the window keeps showing what it has, and the
 * store reconnects by itself. Hidden for an archive file, which is always
 * online.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_OFFLINE_BAR (vigil_offline_bar_get_type ())
G_DECLARE_FINAL_TYPE (VigilOfflineBar, vigil_offline_bar, VIGIL, OFFLINE_BAR, GtkWidget)

VigilStore *vigil_offline_bar_get_store (VigilOfflineBar *self);
void        vigil_offline_bar_set_store (VigilOfflineBar *self,
                                         VigilStore      *store);
/* Whether the bar is shown now (for tests). */
gboolean    vigil_offline_bar_get_shown (VigilOfflineBar *self);

G_END_DECLS
