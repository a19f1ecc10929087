/* vigil-cli-account.h: vigil-cli account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* vigil-cli account list|add|set-secret|check|strength|usage|report-hacked|clear|remove
 *
 * The account register, headless. Never prints a secret: set-secret and
 * strength read secrets from stdin only (never argv), one per line. Exit 0;
 * 1 for a failed operation (the keyring unusable, an unknown account…);
 * 2 for usage. */
int vigil_cli_account (int    argc,
                       char **argv);

G_END_DECLS
