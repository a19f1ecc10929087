/* gui-test-util.h: what the GUI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-application.h"
#include "vigil-window.h"

G_BEGIN_DECLS

/* Without a display prints the TAP skip line and returns NULL. Otherwise
 * points XDG_CACHE_HOME, XDG_DATA_HOME and XDG_CONFIG_HOME into a new
 * temporary folder (so no test touches the user's stores or settings),
 * initialises GTK and libadwaita, and returns a registered, non-unique
 * VigilApplication with app_id. */
VigilApplication *gui_test_init   (int          *argc,
                                   char       ***argv,
                                   const char   *app_id);
typedef gboolean (*GuiTestCondition) (gpointer data);

/* Spins the main loop until condition holds; fails the test after 10 s
 * (a bound against hanging, not a timing assertion). */
void              wait_for        (GuiTestCondition  condition,
                                   gpointer          data,
                                   const char       *what);
/* Runs whatever is ready in the main loop, without blocking. */
void              drain_main_loop (void);

/* The temporary folder gui_test_init() made. */
const char       *gui_test_get_tmp_dir (void);
/* Quits and drops app, removes the temporary folder. */
void              gui_test_finish (VigilApplication *app);

/* A window of app on a context built as the app builds it around store
 * (in-memory credentials, no sources); watches and alerts may be NULL. */
VigilWindow      *gui_test_window_new (VigilApplication               *app,
                                       VigilStore                     *store,
                                       VigilWatchList                 *watches,
                                       const VigilAlertMonitorOptions *alerts);

G_END_DECLS
