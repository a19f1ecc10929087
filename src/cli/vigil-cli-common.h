/* vigil-cli-common.h: what every vigil-cli subcommand shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-context.h"
#include "vigil-search-query.h"
#include "vigil-store.h"

G_BEGIN_DECLS

/* Exit codes (documented in the README). */
enum {
  VIGIL_CLI_EXIT_OK = 0,
  VIGIL_CLI_EXIT_FAILED = 1,   /* bad input or a failed operation */
  VIGIL_CLI_EXIT_USAGE = 2,    /* the command line is wrong */
};

/* Prints "vigil-cli: <message>" on stderr, one line. */
void        vigil_cli_error           (const char   *format,
                                       ...) G_GNUC_PRINTF (1, 2);
/* Parses options; on failure prints the reason and returns FALSE. */
gboolean    vigil_cli_parse           (GOptionContext *context,
                                       int            *argc,
                                       char         ***argv);
VigilStore *vigil_cli_open_store      (const char   *db_path);
/* Builds the same VigilContext as the app on the store at db_path (NULL =
 * the user's): options (may be NULL) say what else; options->db is
 * ignored, and sources.json is never loaded (commands name their sources).
 * The actor is actor, else $VIGIL_ACTOR, else the login name. On failure
 * prints the reason and returns NULL. */
VigilContext *vigil_cli_open_context  (const char                *db_path,
                                       const char                *actor,
                                       const VigilContextOptions *options);
/* Writes one line to stdout (adds the newline) and flushes when asked. */
void        vigil_cli_print_line      (GString      *line);

/* Options shared by search and export. */
typedef struct
{
  char *platform;
  char *author;
  char *since;
  char *until;
  int   limit;
} VigilCliFilter;

GOptionGroup     *vigil_cli_filter_group (VigilCliFilter *filter);
/* Builds the query from the filter options and the remaining words; NULL
 * (with the reason printed) when an option value is invalid. */
VigilSearchQuery *vigil_cli_filter_query (VigilCliFilter *filter,
                                          char          **words);
void              vigil_cli_filter_clear (VigilCliFilter *filter);

int vigil_cli_ingest (int argc, char **argv);
int vigil_cli_search (int argc, char **argv);
int vigil_cli_export (int argc, char **argv);
int vigil_cli_verify (int argc, char **argv);
int vigil_cli_bench  (int argc, char **argv);
int vigil_cli_bench_ingest (int argc, char **argv);

G_END_DECLS
