/* mastodon-fixture.h: shared helpers for the Mastodon source tests
 *
 * A fixture server speaking Mastodon, a store in a temporary directory,
 * statuses with ids past 2^53, and ways to wait for and read back what
 * the source archived.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-mastodon-source.h"
#include "vigil-source-spec.h"
#include "vigil-store.h"
#include "vigil-test-server.h"

#define TAG_PATH    "/api/v1/timelines/tag/vigil"
#define STREAM_PATH "/api/v1/streaming/hashtag"
#define WAIT_MS     15000

typedef struct
{
  VigilTestServer *server;
  VigilStore      *store;
  SoupSession     *session;
  char            *dir;
  char            *db_path;
} Fixture;

typedef struct
{
  VigilSource      *source;
  VigilStore       *store;
  VigilSourceState  state;
  gint64            count;
  guint             connections;
  VigilTestServer  *server;
} Wait;

typedef struct
{
  GHashTable *ids;      /* remote id → VigilPost */
  guint       rows;
} Archive;

/* Ids past 2^53, so that a double would lose them. */
char        *status_id (guint n);
char        *status_json (guint n, const char *text, gboolean edited);
char        *statuses_json (guint first, guint last);
void         serve_instance (Fixture *f);
void         serve_instance_streaming (Fixture *f, const char *streaming_api);
void         fixture_open_store (Fixture *f);
void         fixture_setup (Fixture *f);
void         fixture_teardown (Fixture *f);
char        *spec_for (Fixture *f, const char *path);
VigilSource *new_source (Fixture *f, const char *path, const char *token);
gboolean     has_state (gpointer data);
gboolean     has_count (gpointer data);
gboolean     is_streaming_on (gpointer data);
gboolean     is_idle_live (gpointer data);
void         wait_state (VigilSource *source, VigilSourceState state);
void         wait_count (Fixture *f, gint64 count);
void         read_archive (Fixture *f, Archive *a);
void         assert_archive_holds (Fixture *f, guint first, guint last);
void         settle (Fixture *f);
char        *stored_cursor (Fixture *f, VigilSource *source);
