/* vigil-cli-classify.h: vigil-cli classify and vigil-cli bench classify
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads JSON lines on stdin, writes one annotated JSON line per input.
 * Exit 0: every line was classified; 1: some lines were rejected (one
 * "line N: reason" on stderr each); 2: usage error (bad option or --watch). */
int vigil_cli_classify       (int    argc,
                              char **argv);
/* argv[0] is "classify": prints posts/s per stage as JSON lines. */
int vigil_cli_bench_classify (int    argc,
                              char **argv);

G_END_DECLS
