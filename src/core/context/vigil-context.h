/* vigil-context.h: one owner for everything a running Vigil has
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "vigil-alert-monitor.h"
#include "vigil-annotator.h"
#include "vigil-credential-store.h"
#include "vigil-ingest-pipeline.h"
#include "vigil-source-manager.h"
#include "vigil-store.h"
#include "vigil-watch-list.h"

G_BEGIN_DECLS

/* What a front end tells the context; plain values, never GSettings. */
typedef struct
{
  const char           *db;              /* path, ":memory:", or NULL/"" = the default archive */
  VigilCredentialStore *credentials;     /* NULL = the Secret Service (libsecret) */
  const char           *actor;           /* who is acting; NULL = $VIGIL_ACTOR, else the login name */
  const char * const   *official_accounts; /* "handle" or "handle=Display Name" each (impersonation checks) */
  double                ots_divisor;     /* 0 = the default (10) */
  gboolean              demo;            /* the demo's throw-away archive and fictional watches */
  gboolean              no_sources;      /* don't load sources.json (tests, one-shot CLI commands) */
  gboolean              no_classify;     /* archive without classifying (raw ingest benchmarks) */
  const char           *watches_path;    /* NULL = $XDG_CONFIG_HOME/vigil/watches.json */
  VigilWatchList       *watches;         /* a list to follow instead of loading one (tests) */
  const char           *sources_path;    /* NULL = $XDG_CONFIG_HOME/vigil/sources.json */
  const VigilAlertMonitorOptions *alerts; /* NULL = the defaults (the demo has its own) */
} VigilContextOptions;

/* A clock, so that SLAs, retention and drills can be tested: µs since the epoch, UTC. */
typedef gint64 (*VigilClockFunc) (gpointer user_data);

#define VIGIL_TYPE_CONTEXT (vigil_context_get_type ())
G_DECLARE_FINAL_TYPE (VigilContext, vigil_context, VIGIL, CONTEXT, GObject)

/* Opens the store (creating it), builds the HTTP session, the watches, the
 * classifier/annotator on the store's ingest path, the alert monitor and
 * the source manager (loaded from sources.json, not started). */
VigilContext         *vigil_context_new               (const VigilContextOptions *options,
                                                       GError                   **error);
/* Opens the store at db (as vigil_store_open); for a team database
 * (postgresql://…) without a password in it, with the password the keyring
 * holds for it (vigil-team-credentials.h), else libpq's own ways.
 * credentials NULL = the Secret Service. */
VigilStore           *vigil_context_open_store        (const char                *db,
                                                       VigilCredentialStore      *credentials,
                                                       GError                   **error);
/* A context around an already open store (tests); options may be NULL. */
VigilContext         *vigil_context_new_for_store     (VigilStore                *store,
                                                       const VigilContextOptions *options,
                                                       GError                   **error);

VigilStore           *vigil_context_get_store         (VigilContext *self);
SoupSession          *vigil_context_get_session       (VigilContext *self);
VigilSourceManager   *vigil_context_get_source_manager (VigilContext *self);
VigilWatchList       *vigil_context_get_watches       (VigilContext *self);
VigilAnnotator       *vigil_context_get_annotator     (VigilContext *self);
VigilAlertMonitor    *vigil_context_get_alert_monitor (VigilContext *self);
/* The ingest path the sources push through (installed on the store). */
VigilIngestPipeline  *vigil_context_get_pipeline      (VigilContext *self);
VigilCredentialStore *vigil_context_get_credentials   (VigilContext *self);
gboolean              vigil_context_get_demo          (VigilContext *self);

/* The alert windows in force (defaults filled in). */
const VigilAlertMonitorOptions *vigil_context_get_alert_options (VigilContext *self);

/* The person acting (property "actor", notifies): goes into every log entry. */
const char           *vigil_context_get_actor         (VigilContext *self);
void                  vigil_context_set_actor         (VigilContext *self,
                                                       const char   *actor);

/* Classification settings that can change while running. */
gboolean              vigil_context_set_official_accounts (VigilContext       *self,
                                                           const char * const *entries,
                                                           GError            **error);
gboolean              vigil_context_set_ots_divisor   (VigilContext  *self,
                                                       double         divisor,
                                                       GError       **error);
/* The demo's fictional watches (for the demo context, and for tests). */
VigilWatchList       *vigil_context_create_demo_watches (void);

/* Now, from the context's clock (g_get_real_time by default). */
gint64                vigil_context_now_us            (VigilContext  *self);
void                  vigil_context_set_clock         (VigilContext  *self,
                                                       VigilClockFunc func,
                                                       gpointer       user_data);

/* Feature services (cases, templates, drills, dossiers, accounts…).
 * ensure_service returns the context's one instance of type, creating it
 * on first use with g_object_new (type, "context", self, NULL): a service
 * type has a construct-only "context" property that it holds WITHOUT a
 * reference (the context owns the service). Returns a borrowed pointer.
 * When the context goes it disposes its services (g_object_run_dispose),
 * newest first, even those something else still holds: a service drops
 * its context pointer in dispose and does nothing with it afterwards. */
gpointer              vigil_context_ensure_service    (VigilContext *self,
                                                       GType         type);
/* NULL when no instance of type exists yet. */
gpointer              vigil_context_peek_service      (VigilContext *self,
                                                       GType         type);

/* Starts the configured sources (the app and `vigil-cli listen`). */
void                  vigil_context_start_sources     (VigilContext *self);
/* Stops sources, flushes the store, detaches the annotator. Idempotent. */
void                  vigil_context_shutdown          (VigilContext *self);

G_END_DECLS
