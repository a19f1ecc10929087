/* vigil-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-settings"

#include "config.h"

#include "vigil-settings.h"

GSettings *
vigil_settings_new (const char *what_is_lost)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, VIGIL_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s not installed: %s", VIGIL_SETTINGS_SCHEMA_ID, what_is_lost);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}
