/* vigil-template-service-private.h: what the templates, playbooks and drills take from the context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vigil-store.h"

G_BEGIN_DECLS

/* context may be NULL (a service built on a bare store): then the store's
 * clock (0 = now when appending) and the login name are used. */
gint64      _vigil_template_service_now   (GObject *context);
const char *_vigil_template_service_actor (GObject *context);
VigilStore *_vigil_template_service_store (GObject *context);
/* actor when given and not empty, else _vigil_template_service_actor () */
const char *_vigil_template_service_actor_or (GObject    *context,
                                              const char *actor);

/* For a service's constructed () and dispose (): the store given as
 * *store, else the context's, watched for "record-appended" (returns the
 * handler id, 0 without a store); then disconnected and released. */
gulong      _vigil_template_service_watch_store   (GObject     *context,
                                                   VigilStore **store,
                                                   GCallback    appended_cb,
                                                   gpointer     user_data);
void        _vigil_template_service_unwatch_store (VigilStore **store,
                                                   gulong      *appended_id);

/* Journal bodies: builder's root as compact JSON; a record's body as an
 * object owned by parser (NULL, silently, when it is not one). */
char       *_vigil_template_service_builder_to_json (JsonBuilder       *builder);
JsonObject *_vigil_template_service_parse_record    (const VigilRecord *record,
                                                     JsonParser        *parser);

G_END_DECLS
