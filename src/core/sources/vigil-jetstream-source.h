/* vigil-jetstream-source.h: Bluesky posts from a Jetstream websocket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-source.h"

G_BEGIN_DECLS

#define VIGIL_JETSTREAM_DEFAULT_REWIND_US (5 * G_USEC_PER_SEC)

#define VIGIL_TYPE_JETSTREAM_SOURCE (vigil_jetstream_source_get_type ())
G_DECLARE_FINAL_TYPE (VigilJetstreamSource, vigil_jetstream_source, VIGIL, JETSTREAM_SOURCE, VigilSource)

/* endpoint: e.g. "wss://jetstream2.us-east.bsky.network/subscribe" (ws://
 * only for loopback). wanted_dids may be NULL (every account). The source
 * id, and so the cursor key, is "jetstream:" + endpoint.
 *
 * Each connection is read on its own thread with its own SoupSession (a
 * replay must not freeze the main loop; see vigil-jetstream-connection.h),
 * so the "session" property is not used for the websocket.
 *
 * Properties: "endpoint", "wanted-dids" (construct-only); "rewind-us"
 * (resume this far before the persisted cursor), "batch-size",
 * "batch-interval-ms", "connect-timeout-ms", "idle-timeout-ms" (reconnect
 * after this long without a message; 0 = never); read-only "events-skipped"
 * (identity/account events and other collections) and "events-rejected"
 * (lines that are no valid event). */
VigilSource *vigil_jetstream_source_new                (VigilStore          *store,
                                                        SoupSession         *session,
                                                        const char          *endpoint,
                                                        const char * const  *wanted_dids);
const char  *vigil_jetstream_source_get_endpoint       (VigilJetstreamSource *self);
guint64      vigil_jetstream_source_get_events_skipped (VigilJetstreamSource *self);
guint64      vigil_jetstream_source_get_events_rejected (VigilJetstreamSource *self);
void         vigil_jetstream_source_set_rewind_us      (VigilJetstreamSource *self,
                                                        gint64                rewind_us);
/* The URL the next connection will use (with wantedCollections, wantedDids
 * and cursor), or NULL with error when the endpoint is not acceptable. */
char        *vigil_jetstream_source_build_url          (VigilJetstreamSource *self,
                                                        GError              **error);

G_END_DECLS
