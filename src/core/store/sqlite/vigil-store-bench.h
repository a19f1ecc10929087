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

/* The baselines `vigil-cli bench ingest` reports beside the archive: the
 * same rows as posts (platform, remote_id, author, author_name, url, text,
 * lang, created_us, raw), one transaction per batch posts, the archive's
 * pragmas (8 KiB pages, WAL, synchronous=NORMAL, cache), one prepared
 * statement; with fts also a contentless FTS5 index of text, author,
 * author_name and tags with the archive's tokenizer (unicode61
 * remove_diacritics 2). No dedupe, no hash chain, no classification.
 * Returns rows per second (negative and error set on failure); path must
 * not exist yet, the caller removes it. */
double vigil_store_bench_bare_insert_posts (const char  *path,
                                            GPtrArray   *posts,
                                            guint        batch,
                                            gboolean     fts,
                                            GError     **error);

G_END_DECLS
