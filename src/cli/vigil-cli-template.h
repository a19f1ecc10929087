/* vigil-cli-template.h: vigil-cli template and vigil-cli drill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int vigil_cli_template (int argc, char **argv);
int vigil_cli_drill    (int argc, char **argv);

typedef struct
{
  const char *name;
  int (*run) (int, char **);
  const char *summary;   /* N_() */
} VigilCliSubcommand;

/* Runs argv[1]'s subcommand; else prints usage and the subcommands (to
 * stdout for --help/-h, which exits 0; to stderr, exit 2, otherwise).
 * usage and unknown_format ("… “%s”") are translated by the caller. */
int vigil_cli_template_dispatch (const VigilCliSubcommand *subcommands,
                                 guint                     n_subcommands,
                                 const char               *usage,
                                 const char               *unknown_format,
                                 int                       argc,
                                 char                    **argv);

G_END_DECLS
