/* vigil-application.h: the GUI application: opens the store, or plays the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "vigil-context.h"
#include "vigil-scenario-player.h"
#include "vigil-source-manager.h"
#include "vigil-store.h"
#include "vigil-watch-list.h"

G_BEGIN_DECLS

#define VIGIL_TYPE_APPLICATION (vigil_application_get_type ())
G_DECLARE_FINAL_TYPE (VigilApplication, vigil_application, VIGIL, APPLICATION, AdwApplication)

VigilApplication    *vigil_application_new             (void);

/* What the command line sets (--db PATH, --demo); tests set them directly,
 * before the first activation. */
void                 vigil_application_set_db_path     (VigilApplication *self,
                                                        const char       *path);
const char          *vigil_application_get_db_path     (VigilApplication *self);
void                 vigil_application_set_force_demo  (VigilApplication *self,
                                                        gboolean          force_demo);
void                 vigil_application_set_demo_speed  (VigilApplication *self,
                                                        double            speed);

/* The user's store (NULL until the first activation, or if it failed). */
VigilContext        *vigil_application_get_context (VigilApplication *self);
VigilStore          *vigil_application_get_store       (VigilApplication *self);
/* The user's watches (monitoring queries), loaded from watches.json on first
 * use; shared by every window and by the sources and the classifier. */
VigilWatchList      *vigil_application_get_watch_list  (VigilApplication *self);
/* The user's sources (NULL until the first activation). */
VigilSourceManager  *vigil_application_get_source_manager (VigilApplication *self);
/* The demo's player while a demo runs, else NULL. */
VigilScenarioPlayer *vigil_application_get_player      (VigilApplication *self);
/* Stops the demo, and shows the user's own store in every window. */
void                 vigil_application_stop_demo       (VigilApplication *self);

G_END_DECLS
