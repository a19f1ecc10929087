/* vigil-store-bench-archive.h: the LIKE baseline for `vigil-cli bench archive-search`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The newest limit posts whose text contains term (LIKE '%term%', a full
 * scan: what a search without an index costs), on a connection of its own
 * to path. Returns the number of ids found, or -1 with error set. */
gint64 vigil_store_bench_like_search (const char  *path,
                                      const char  *term,
                                      guint        limit,
                                      GError     **error);

/* Checkpoints the WAL of the archive at path into the file (TRUNCATE) on a
 * connection of its own; returns the bytes the archive then takes on disk
 * (the file and what is left of its WAL), or -1 with error set. */
gint64 vigil_store_bench_checkpoint (const char  *path,
                                     GError     **error);

G_END_DECLS
