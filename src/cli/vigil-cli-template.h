/* vigil-cli-template.h: vigil-cli template and vigil-cli drill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int vigil_cli_template (int argc, char **argv);
int vigil_cli_drill    (int argc, char **argv);

G_END_DECLS
