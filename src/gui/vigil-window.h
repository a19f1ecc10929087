/* vigil-window.h: the main window: the live feed and the archive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-context.h"
#include "vigil-store.h"

G_BEGIN_DECLS

typedef struct _VigilFeedPage VigilFeedPage;
typedef struct _VigilMonitoring VigilMonitoring;
typedef struct _VigilWatchesPage VigilWatchesPage;

#define VIGIL_TYPE_WINDOW (vigil_window_get_type ())
G_DECLARE_FINAL_TYPE (VigilWindow, vigil_window, VIGIL, WINDOW, AdwApplicationWindow)

/* Properties: "store" (the archive shown), "demo" (TRUE shows the demo bar). */
VigilWindow   *vigil_window_new           (GtkApplication *application,
                                           VigilContext   *context);
VigilContext  *vigil_window_get_context   (VigilWindow    *self);
VigilStore    *vigil_window_get_store     (VigilWindow    *self);
gboolean       vigil_window_get_demo      (VigilWindow    *self);
/* The demo scenario has played to its end (the bar says so). */
void           vigil_window_demo_ended    (VigilWindow    *self);
void           vigil_window_add_toast     (VigilWindow    *self,
                                           const char     *title);
/* Shows toast (takes ownership), e.g. one with a button. */
void           vigil_window_show_toast    (VigilWindow    *self,
                                           AdwToast       *toast);

/* The spike alerts of the context shown (the Watches page, the feed's
 * Watch filter, and a toast for each new or growing spike). */
VigilMonitoring *vigil_window_get_monitoring (VigilWindow     *self);

/* For tests. */
VigilFeedPage *vigil_window_get_feed_page (VigilWindow    *self);
VigilWatchesPage *vigil_window_get_watches_page (VigilWindow *self);
GtkWidget     *vigil_window_get_demo_bar  (VigilWindow    *self);
const char    *vigil_window_get_page_name (VigilWindow    *self);

G_END_DECLS
