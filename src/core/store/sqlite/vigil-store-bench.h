/* vigil-store-bench.h: a bare SQLite baseline for `vigil-cli bench ingest`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Inserts count synthetic rows into one plain table (roughly the columns of
 * an archived post, no index, no FTS, no hash chain) of a new SQLite file at
 * path, with the archive's pragmas (WAL, synchronous=NORMAL), one prepared
 * statement and one transaction, and returns the rows per second. The file
 * must not exist yet; the caller removes it (and its -wal/-shm) afterwards.
 * Returns a negative value and sets error on failure. */
double vigil_store_bench_bare_insert (const char  *path,
                                      guint        count,
                                      GError     **error);

G_END_DECLS
