/* vigil-scenario-player.h: replays a bundled, fictional scenario into a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-store.h"

G_BEGIN_DECLS

#define VIGIL_SCENARIO_ERROR (vigil_scenario_error_quark ())

typedef enum
{
  VIGIL_SCENARIO_ERROR_NOT_FOUND,  /* no such resource */
  VIGIL_SCENARIO_ERROR_TOO_LARGE,  /* a line, or the whole scenario, is over the limits */
  VIGIL_SCENARIO_ERROR_SYNTAX,     /* a line is not a JSON object */
  VIGIL_SCENARIO_ERROR_INVALID,    /* a line is JSON, but a member is missing or wrong */
  VIGIL_SCENARIO_ERROR_EMPTY,      /* no posts at all */
} VigilScenarioError;

GQuark vigil_scenario_error_quark (void);

/* The scenario the app replays when it has nothing else to show. */
#define VIGIL_SCENARIO_DEFAULT_RESOURCE "/io/github/vigilapp/Vigil/data/demo/acme-storm.jsonl"

#define VIGIL_SCENARIO_MAX_BYTES   (4 * 1024 * 1024)
#define VIGIL_SCENARIO_MAX_LINE    (64 * 1024)
#define VIGIL_SCENARIO_MAX_POSTS   10000

#define VIGIL_TYPE_SCENARIO_PLAYER (vigil_scenario_player_get_type ())
G_DECLARE_FINAL_TYPE (VigilScenarioPlayer, vigil_scenario_player, VIGIL, SCENARIO_PLAYER, GObject)

/* Properties: "store" (construct-only), "speed" (double, 1.0 = real time),
 * "running" (read-only), "n-posts" (read-only: lines), "n-played"
 * (read-only: lines handed to the store so far).
 * Signal "finished": every post was archived, or an insert failed (see
 * vigil_scenario_player_get_error), after start(). Not emitted by stop(). */
VigilScenarioPlayer *vigil_scenario_player_new           (VigilStore          *store);

/* Loading parses and validates the whole scenario: on error nothing is
 * loaded, and the message names the line and the member at fault. */
gboolean             vigil_scenario_player_load_bytes    (VigilScenarioPlayer *self,
                                                          GBytes              *data,
                                                          const char          *name,
                                                          GError             **error);
gboolean             vigil_scenario_player_load_resource (VigilScenarioPlayer *self,
                                                          const char          *resource_path,
                                                          GError             **error);

VigilStore          *vigil_scenario_player_get_store     (VigilScenarioPlayer *self);
/* Lines in the scenario: new posts, edits and deletions. */
guint                vigil_scenario_player_get_n_posts   (VigilScenarioPlayer *self);
/* Lines that archive a new post (not an edit or a deletion). */
guint                vigil_scenario_player_get_n_new_posts (VigilScenarioPlayer *self);
guint                vigil_scenario_player_get_n_played  (VigilScenarioPlayer *self);
/* Seconds from the first to the last post, at speed 1.0. */
double               vigil_scenario_player_get_duration  (VigilScenarioPlayer *self);
double               vigil_scenario_player_get_speed     (VigilScenarioPlayer *self);
void                 vigil_scenario_player_set_speed     (VigilScenarioPlayer *self,
                                                          double               speed);
gboolean             vigil_scenario_player_get_running   (VigilScenarioPlayer *self);
/* The error that ended the last replay, or NULL. */
const GError        *vigil_scenario_player_get_error     (VigilScenarioPlayer *self);

/* Replays from the first post, in the thread-default main context. Posts
 * get created_at = fetched_at = the moment they are replayed. */
void                 vigil_scenario_player_start         (VigilScenarioPlayer *self);
/* Stops the timer and cancels inserts not yet written. */
void                 vigil_scenario_player_stop          (VigilScenarioPlayer *self);

G_END_DECLS
