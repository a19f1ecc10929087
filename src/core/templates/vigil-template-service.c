/* vigil-template-service.c: what the templates, playbooks and drills take from the context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-template-service"

#include "config.h"

#include "vigil-context.h"
#include "vigil-template-service-private.h"

gint64
_vigil_template_service_now (GObject *context)
{
  if (context)
    return vigil_context_now_us (VIGIL_CONTEXT (context));
  return g_get_real_time ();
}

const char *
_vigil_template_service_actor (GObject *context)
{
  const char *actor;

  if (context)
    return vigil_context_get_actor (VIGIL_CONTEXT (context));
  actor = g_getenv ("VIGIL_ACTOR");
  return actor && *actor ? actor : g_get_user_name ();
}

VigilStore *
_vigil_template_service_store (GObject *context)
{
  return context ? vigil_context_get_store (VIGIL_CONTEXT (context)) : NULL;
}
