/* vigil-drill-scenario.h: a scripted crisis, as a timeline of posts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_DRILL_ERROR (vigil_drill_error_quark ())

typedef enum
{
  VIGIL_DRILL_ERROR_SYNTAX,     /* not JSON */
  VIGIL_DRILL_ERROR_INVALID,    /* a member is missing or wrong */
  VIGIL_DRILL_ERROR_TOO_LARGE,  /* over the limits */
  VIGIL_DRILL_ERROR_NOT_FOUND,  /* no such drill run or scenario */
  VIGIL_DRILL_ERROR_RUNNING,    /* a drill is already running */
} VigilDrillError;

GQuark vigil_drill_error_quark (void);

#define VIGIL_DRILL_MAX_BYTES     (2 * 1024 * 1024)
#define VIGIL_DRILL_MAX_POSTS     5000
#define VIGIL_DRILL_MAX_SECONDS   (24 * 3600)
#define VIGIL_DRILL_SCENARIOS     "/io/github/vigilapp/Vigil/data/drills"

/* One post of the timeline. */
typedef struct
{
  char   *id;             /* unique in the scenario: "p3", "angry-12" */
  double  at;             /* seconds after the start, at speed 1 */
  char   *author;         /* handle */
  char   *author_name;
  char   *text;
  char   *lang;
  char   *persona;        /* angry-customer, journalist, impersonator, leak, … */
  char   *expected_role;  /* the triage role that should get it; "leave" = leave it lying */
  gboolean expects_response; /* does it need an answer (default: yes unless "leave") */
} VigilDrillPost;

#define VIGIL_TYPE_DRILL_SCENARIO (vigil_drill_scenario_get_type ())
G_DECLARE_FINAL_TYPE (VigilDrillScenario, vigil_drill_scenario, VIGIL, DRILL_SCENARIO, GObject)

/* Parses and validates a scenario (see data/drills/README.md): all or
 * nothing; the message names the file and the post or wave at fault. */
VigilDrillScenario   *vigil_drill_scenario_new_from_bytes (GBytes      *data,
                                                           const char  *name,
                                                           GError     **error);
VigilDrillScenario   *vigil_drill_scenario_new_from_file  (GFile       *file,
                                                           GError     **error);
/* The shipped scenarios: resource names ("kettle-recall.json"…), sorted. */
GStrv                 vigil_drill_scenario_list_shipped   (void);
VigilDrillScenario   *vigil_drill_scenario_new_shipped    (const char  *name,
                                                           GError     **error);

const char           *vigil_drill_scenario_get_id          (VigilDrillScenario *self);
const char           *vigil_drill_scenario_get_title       (VigilDrillScenario *self);
const char           *vigil_drill_scenario_get_description (VigilDrillScenario *self);
const char           *vigil_drill_scenario_get_brand       (VigilDrillScenario *self);
/* SLA in seconds at speed 1: time to triage, time to first response. */
double                vigil_drill_scenario_get_triage_sla  (VigilDrillScenario *self);
double                vigil_drill_scenario_get_response_sla (VigilDrillScenario *self);
/* The expanded timeline, by time (waves included), borrowed. */
guint                 vigil_drill_scenario_get_n_posts     (VigilDrillScenario *self);
const VigilDrillPost *vigil_drill_scenario_get_post        (VigilDrillScenario *self,
                                                            guint               index);
const VigilDrillPost *vigil_drill_scenario_find_post       (VigilDrillScenario *self,
                                                            const char         *id);
/* Seconds from the start to the last post, at speed 1. */
double                vigil_drill_scenario_get_duration    (VigilDrillScenario *self);
/* SHA-256 of the file, so a report says exactly what was played. */
const char           *vigil_drill_scenario_get_checksum    (VigilDrillScenario *self);

G_END_DECLS
