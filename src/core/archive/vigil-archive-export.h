/* vigil-archive-export.h: exporting a search, verifying, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-archive.h"
#include "vigil-exporter.h"

G_BEGIN_DECLS

/* "text=kettle platform=mastodon …" or "all posts" */
char               *vigil_archive_export_describe (const VigilSearchQuery *query);

/* Exports the posts matching query to file in format, atomically (a
 * temporary file renamed into place when complete; cancelled or failed,
 * nothing is left), then writes FILE.manifest.json beside it: the file's
 * SHA-256, the post count, the query, who and when, and the archive's
 * chain head (HASH@ROWS) at the time, so a recipient can check the set
 * against the archive. Logged as "export". progress (0..1 of total) runs
 * on the caller's main context. finish: the number of posts, or -1. */
void                vigil_archive_export_async    (VigilStore             *store,
                                                   const VigilSearchQuery *query,
                                                   GFile                  *file,
                                                   VigilExportFormat       format,
                                                   const char             *actor,
                                                   guint                   total,
                                                   VigilStoreProgressFunc  progress,
                                                   gpointer                progress_data,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
gint64              vigil_archive_export_finish   (GAsyncResult           *result,
                                                   GError                **error);
/* The same, blocking (for vigil-cli and tests). */
gint64              vigil_archive_export          (VigilStore             *store,
                                                   const VigilSearchQuery *query,
                                                   GFile                  *file,
                                                   VigilExportFormat       format,
                                                   const char             *actor,
                                                   GCancellable           *cancellable,
                                                   GError                **error);

/* vigil_archive_verify with the key from the Secret Service (when there is
 * one) on a worker thread; progress on the caller's main context. finish:
 * a report to clear with vigil_archive_report_clear() and g_free(). */
void                vigil_archive_verify_async    (VigilStore             *store,
                                                   VigilStoreProgressFunc  progress,
                                                   gpointer                progress_data,
                                                   GCancellable           *cancellable,
                                                   GAsyncReadyCallback     callback,
                                                   gpointer                user_data);
VigilArchiveReport *vigil_archive_verify_finish   (GAsyncResult           *result,
                                                   GError                **error);

G_END_DECLS
