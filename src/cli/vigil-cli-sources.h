/* vigil-cli-sources.h: vigil-cli subcommands of the live sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* vigil-cli bench jetstream [--count N] [--batch N] [--mixed]
 *
 * Starts the fixture server in-process, replays N synthetic Jetstream
 * events through its websocket into a store in a temporary directory with
 * the real VigilJetstreamSource, and prints one JSON line with events/s.
 * Needs tests/fixture-server/vigil-test-server.c linked in. */
int vigil_cli_bench_jetstream (int    argc,
                               char **argv);

G_END_DECLS
