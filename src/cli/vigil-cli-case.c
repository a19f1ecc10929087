/* vigil-cli-case.c: vigil-cli case — the triage board, headless
 *
 *   case list [--state S] [--role R]      one JSON line per case
 *   case assign ID ROLE [--person P]      ROLE: name, id or digit
 *   case escalate ID
 *   case resolve ID
 *   case leave ID [--reason R]
 *   case log ID                           one JSON line per log entry
 *
 * ID is a case id or a post's remote_id (assigning or leaving an untriaged
 * post opens its case). --as PERSON says who is acting, --note a note for
 * the log. An action prints the case as it is afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "vigil-case-board.h"
#include "vigil-cli-case.h"
#include "vigil-cli-common.h"

typedef enum
{
  SUB_LIST,
  SUB_ASSIGN,
  SUB_ESCALATE,
  SUB_RESOLVE,
  SUB_LEAVE,
  SUB_LOG,
} Sub;

static const struct
{
  const char *name;
  Sub         sub;
  guint       n_args;
  const char *usage;
} subs[] = {
  { "list", SUB_LIST, 0, "list [--state S] [--role R]" },
  { "assign", SUB_ASSIGN, 2, "assign ID ROLE [--person P]" },
  { "escalate", SUB_ESCALATE, 1, "escalate ID" },
  { "resolve", SUB_RESOLVE, 1, "resolve ID" },
  { "leave", SUB_LEAVE, 1, "leave ID [--reason R]" },
  { "log", SUB_LOG, 1, "log ID" },
};

static void
print_case (VigilCase *kase)
{
  g_autoptr(GString) line = g_string_new (NULL);

  vigil_case_write_json (kase, line);
  vigil_cli_print_line (line);
}

static int
list_cases (VigilCaseBoard *board,
            const char     *state_name,
            const char     *role_ref)
{
  g_autoptr(GPtrArray) cases = vigil_case_board_list_cases (board);
  VigilCaseState state = VIGIL_CASE_STATE_NEW;
  VigilTriageRole *role = NULL;

  if (state_name && !vigil_case_state_from_string (state_name, &state))
    {
      vigil_cli_error (_("unknown state “%s” (use new, assigned, in-progress, awaiting-approval, "
                         "responded, resolved, left-lying or escalated)"), state_name);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (role_ref && !(role = vigil_case_board_find_role (board, role_ref)))
    {
      vigil_cli_error (_("unknown role “%s”: use a role's name, id or digit"), role_ref);
      return VIGIL_CLI_EXIT_FAILED;
    }
  for (guint i = 0; i < cases->len; i++)
    {
      VigilCase *kase = g_ptr_array_index (cases, i);

      if (state_name && vigil_case_get_state (kase) != state)
        continue;
      if (role && g_strcmp0 (vigil_case_get_role (kase), vigil_triage_role_get_id (role)) != 0)
        continue;
      print_case (kase);
    }
  return VIGIL_CLI_EXIT_OK;
}

static int
print_log (VigilCaseBoard *board,
           VigilCase      *kase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = vigil_case_board_list_log (board, kase, &error);

  if (records == NULL)
    {
      vigil_cli_error (_("could not read the log of case %s: %s"), vigil_case_get_id (kase), error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      vigil_case_board_write_log_json (g_ptr_array_index (records, i), line);
      vigil_cli_print_line (line);
    }
  return VIGIL_CLI_EXIT_OK;
}

int
vigil_cli_case (int    argc,
                char **argv)
{
  g_autofree char *db_path = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *state = NULL;
  g_autofree char *role = NULL;
  g_autofree char *person = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *note = NULL;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("The store (default: the user's)"), N_("PATH") },
    { "as", 0, 0, G_OPTION_ARG_STRING, &actor, N_("Who is acting (default: $VIGIL_ACTOR, else the login name)"), N_("PERSON") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("list: only cases in this state"), N_("STATE") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("list: only cases of this role"), N_("ROLE") },
    { "person", 0, 0, G_OPTION_ARG_STRING, &person, N_("assign: to this person of the role"), N_("PERSON") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("leave: why the post is left lying"), N_("TEXT") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note for the case log"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (_("list|assign|escalate|resolve|leave|log [ID] [ROLE] — the triage board"));
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GError) error = NULL;
  VigilCaseBoard *board;
  VigilCase *kase = NULL;
  gboolean ok = TRUE;
  int sub = -1;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (options,
                                    _("ID is a case id or a post's remote_id; ROLE is a role's name, id or digit.\n"
                                      "Results are JSON lines on stdout; an unknown ID or role, or a transition\n"
                                      "the case's state doesn't allow, exits 1 with the reason on stderr."));
  if (!vigil_cli_parse (options, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc < 2)
    {
      vigil_cli_error (_("case needs a subcommand: list, assign, escalate, resolve, leave or log"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subs); i++)
    if (g_str_equal (argv[1], subs[i].name))
      sub = i;
  if (sub < 0)
    {
      vigil_cli_error (_("unknown case subcommand “%s” (use list, assign, escalate, resolve, leave or log)"), argv[1]);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if ((guint) argc - 2 != subs[sub].n_args)
    {
      vigil_cli_error (_("usage: vigil-cli case %s"), subs[sub].usage);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (actor && *actor == '\0')
    {
      vigil_cli_error (_("--as needs a person's name"));
      return VIGIL_CLI_EXIT_USAGE;
    }

  if (!(context = vigil_cli_open_context (db_path, actor, NULL)))
    return VIGIL_CLI_EXIT_FAILED;
  board = vigil_case_board_get (context);

  if (subs[sub].sub == SUB_LIST)
    {
      int status = list_cases (board, state, role);
      vigil_context_shutdown (context);
      return status;
    }

  /* assign and leave open the case of an untriaged post */
  if (subs[sub].sub == SUB_ASSIGN || subs[sub].sub == SUB_LEAVE)
    kase = vigil_case_board_ensure_case (board, argv[2], &error);
  else if (!(kase = vigil_case_board_lookup (board, argv[2])))
    g_set_error (&error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_UNKNOWN_CASE,
                 _("no case “%s” (vigil-cli case list shows them)"), argv[2]);

  if (kase)
    switch (subs[sub].sub)
      {
      case SUB_ASSIGN:
        ok = vigil_case_board_assign (board, kase, argv[3], person, note, &error);
        break;
      case SUB_ESCALATE:
        ok = vigil_case_board_escalate (board, kase, note, &error);
        break;
      case SUB_RESOLVE:
        ok = vigil_case_board_resolve (board, kase, note, &error);
        break;
      case SUB_LEAVE:
        ok = vigil_case_board_leave (board, kase, reason ? reason : note, &error);
        break;
      case SUB_LOG:
        {
          int status = print_log (board, kase);
          vigil_context_shutdown (context);
          return status;
        }
      case SUB_LIST:
      default:
        g_assert_not_reached ();
      }

  if (kase == NULL || !ok)
    {
      vigil_cli_error ("%s", error->message);
      vigil_context_shutdown (context);
      return VIGIL_CLI_EXIT_FAILED;
    }
  print_case (kase);
  vigil_context_shutdown (context);
  return VIGIL_CLI_EXIT_OK;
}
