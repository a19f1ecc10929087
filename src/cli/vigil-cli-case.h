/* vigil-cli-case.h: vigil-cli case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int vigil_cli_case (int argc, char **argv);

G_END_DECLS
