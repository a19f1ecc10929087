/* vigil-settings.h: the app's GSettings, when its schema is installed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIGIL_SETTINGS_SCHEMA_ID "io.github.vigilapp.Vigil"

/* Run from a build tree without GSETTINGS_SCHEMA_DIR, the schema is not
 * installed and g_settings_new() would abort: this returns NULL instead
 * (what_is_lost names what the caller does without, for the debug log). */
GSettings *vigil_settings_new (const char *what_is_lost);

G_END_DECLS
