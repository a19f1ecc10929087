/* vigil-access-log-window.h: the access log, for compliance review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_ACCESS_LOG_WINDOW (vigil_access_log_window_get_type ())
G_DECLARE_FINAL_TYPE (VigilAccessLogWindow, vigil_access_log_window, VIGIL, ACCESS_LOG_WINDOW, AdwWindow)

/* Reads the log as actor (the reading is logged too) and shows it, newest
 * first; NULL with the reason when actor may not read it (not in the
 * compliance role: VIGIL_ARCHIVE_ERROR_NOT_PERMITTED) or it can't be read. */
GtkWindow *vigil_access_log_window_new (VigilStore  *store,
                                        const char  *actor,
                                        GtkWindow   *parent,
                                        GError     **error);

G_END_DECLS
