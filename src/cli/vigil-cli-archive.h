/* vigil-cli-archive.h: what the archive's subcommands share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* $VIGIL_ACTOR, else the login name: who goes into the access log */
const char *vigil_cli_actor                 (void);
/* The checkpoint key from the Secret Service; NULL (with the reason on
 * stderr when create, silently otherwise) when there is none or no keyring. */
GBytes     *vigil_cli_archive_key           (gboolean  create);
/* A progress line on stderr when it is a terminal (user_data: the label). */
void        vigil_cli_archive_progress      (double    fraction,
                                             gpointer  user_data);
void        vigil_cli_archive_progress_done (void);
/* ISO 8601 (a date alone = midnight UTC) to µs; FALSE when invalid */
gboolean    vigil_cli_parse_time            (const char *text,
                                             gint64     *out_us);

int vigil_cli_backup     (int argc, char **argv);
int vigil_cli_restore    (int argc, char **argv);
int vigil_cli_access_log (int argc, char **argv);
int vigil_cli_retention  (int argc, char **argv);
int vigil_cli_bench_archive (int argc, char **argv);
int vigil_cli_migrate    (int argc, char **argv);

G_END_DECLS
