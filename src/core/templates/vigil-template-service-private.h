/* vigil-template-service-private.h: what the templates, playbooks and drills take from the context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vigil-store.h"

G_BEGIN_DECLS

/* context may be NULL (a service built on a bare store): then the store's
 * clock (0 = now when appending) and the login name are used. */
gint64      _vigil_template_service_now   (GObject *context);
const char *_vigil_template_service_actor (GObject *context);
VigilStore *_vigil_template_service_store (GObject *context);

G_END_DECLS
