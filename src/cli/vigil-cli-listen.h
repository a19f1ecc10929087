/* vigil-cli-listen.h: vigil-cli listen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* vigil-cli listen [--db PATH] --source SPEC [--source SPEC…] [--for SECONDS]
 *
 * Runs the sources headless: one JSON line per state change on stdout,
 * a summary line at the end. Stops after --for seconds, or on SIGINT /
 * SIGTERM. Exit 0; 2 for a bad SPEC or usage; 1 when the store can't be
 * opened or every source failed for good. */
int vigil_cli_listen (int    argc,
                      char **argv);

G_END_DECLS
