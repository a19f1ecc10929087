/* vigil-cli-account.c: vigil-cli account …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "vigil-account-register.h"
#include "vigil-cli-account.h"
#include "vigil-cli-common.h"

/* One secret per line; longer lines are refused, not cut. */
#define MAX_LINE (VIGIL_PASSWORD_MAX_BYTES + 2)

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ((Wait *) user_data)->result = g_object_ref (result);
}

static GAsyncResult *
wait_for (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static void
print_node (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, FALSE);
  g_autoptr(GString) line = g_string_new (text);

  vigil_cli_print_line (line);
}

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = us > 0 ? g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
add_warnings (JsonBuilder  *b,
              VigilAccount *account)
{
  VigilAccountWarning w = vigil_account_get_warnings (account);

  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < VIGIL_ACCOUNT_N_WARNINGS; i++)
    if (w & (1u << i))
      {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "code");
        json_builder_add_string_value (b, vigil_account_warning_nick (1u << i));
        json_builder_set_member_name (b, "message");
        json_builder_add_string_value (b, vigil_account_warning_describe (1u << i));
        json_builder_end_object (b);
      }
  json_builder_end_array (b);
}

static void
print_account (VigilAccount *account)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *rotated = format_time (vigil_account_get_rotated_us (account));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, vigil_account_get_id (account));
  vigil_account_write_fields (account, b);
  json_builder_set_member_name (b, "rotated_at");
  if (rotated != NULL)
    json_builder_add_string_value (b, rotated);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "has_password");
  json_builder_add_boolean_value (b, vigil_account_get_has_password (account));
  json_builder_set_member_name (b, "password_score");
  if (vigil_account_get_password_score (account) >= 0)
    json_builder_add_int_value (b, vigil_account_get_password_score (account));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, vigil_account_get_token_method (account));
  json_builder_set_member_name (b, "compromised");
  json_builder_add_boolean_value (b, vigil_account_get_compromised (account));
  add_warnings (b, account);
  json_builder_end_object (b);
  print_node (b);
}

static void
add_strength (JsonBuilder                 *b,
              const VigilPasswordStrength *s)
{
  json_builder_set_member_name (b, "score");
  json_builder_add_int_value (b, s->score);
  json_builder_set_member_name (b, "rating");
  json_builder_add_string_value (b, vigil_password_strength_describe_score (s->score));
  json_builder_set_member_name (b, "guesses_log10");
  json_builder_add_double_value (b, (gint64) (s->guesses_log10 * 10) / 10.0);
  json_builder_set_member_name (b, "warning");
  if (s->warning != NULL)
    json_builder_add_string_value (b, s->warning);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "suggestions");
  json_builder_begin_array (b);
  for (guint i = 0; s->suggestions[i] != NULL; i++)
    json_builder_add_string_value (b, s->suggestions[i]);
  json_builder_end_array (b);
}

/* Reads one line from stdin into buf (without the newline); wipes what
 * it read past. FALSE at the end of input. *too_long when it was cut. */
static gboolean
read_secret_line (char     *buf,
                  gsize     size,
                  gboolean *too_long)
{
  gsize len;

  *too_long = FALSE;
  if (fgets (buf, size, stdin) == NULL)
    return FALSE;
  len = strlen (buf);
  if (len > 0 && buf[len - 1] == '\n')
    buf[--len] = '\0';
  else if (!feof (stdin))
    {
      int c;

      *too_long = TRUE;
      while ((c = getchar ()) != EOF && c != '\n')
        ;
    }
  if (len > 0 && buf[len - 1] == '\r')
    buf[--len] = '\0';
  return TRUE;
}

static VigilAccountRegister *
open_register (const char    *db,
               VigilContext **context)
{
  *context = vigil_cli_open_context (db, NULL, NULL);
  if (*context == NULL)
    return NULL;
  return vigil_context_ensure_service (*context, VIGIL_TYPE_ACCOUNT_REGISTER);
}

static VigilAccount *
find_account (VigilAccountRegister *reg,
              const char           *reference)
{
  VigilAccount *account = vigil_account_register_find (reg, reference);

  if (account == NULL)
    vigil_cli_error (_("no account “%s” in the register (see vigil-cli account list)"), reference);
  return account;
}

/* Parses @options, then opens the register and finds the one ACCOUNT the
 * arguments name; returns VIGIL_CLI_EXIT_OK, or the exit code to give up with. */
static int
open_one_account (const char             *db,
                  GOptionContext         *options,
                  int                    *argc,
                  char                 ***argv,
                  const char             *usage,
                  VigilContext          **context,
                  VigilAccountRegister  **reg,
                  VigilAccount          **account)
{
  if (!vigil_cli_parse (options, argc, argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (*argc != 2)
    {
      vigil_cli_error ("%s", usage);
      return VIGIL_CLI_EXIT_USAGE;
    }
  if ((*reg = open_register (db, context)) == NULL)
    return VIGIL_CLI_EXIT_FAILED;
  if ((*account = find_account (*reg, (*argv)[1])) == NULL)
    return VIGIL_CLI_EXIT_FAILED;
  return VIGIL_CLI_EXIT_OK;
}

/* Prints @account as a JSON line, or @error when there is no account, and
 * shuts @context down; returns the exit code. */
static int
finish_with_account (VigilContext *context,
                     VigilAccount *account,
                     const GError *error)
{
  if (account == NULL)
    {
      vigil_cli_error ("%s", error->message);
      vigil_context_shutdown (context);
      return VIGIL_CLI_EXIT_FAILED;
    }
  print_account (account);
  vigil_context_shutdown (context);
  return VIGIL_CLI_EXIT_OK;
}

/* --- subcommands --- */

static int
cmd_list (const char *db,
          int         argc,
          char      **argv)
{
  g_autoptr(VigilContext) context = NULL;
  VigilAccountRegister *reg = open_register (db, &context);
  guint n;

  if (reg == NULL)
    return VIGIL_CLI_EXIT_FAILED;
  n = g_list_model_get_n_items (G_LIST_MODEL (reg));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilAccount) account = g_list_model_get_item (G_LIST_MODEL (reg), i);

      print_account (account);
    }
  vigil_context_shutdown (context);
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_add (const char *db,
         int         argc,
         char      **argv)
{
  g_autofree char *platform = NULL, *handle = NULL, *instance = NULL, *ownership = NULL;
  g_autofree char *owner = NULL, *email = NULL, *notes = NULL, *rotated = NULL;
  g_auto(GStrv) access = NULL;
  gboolean two_factor = FALSE;
  GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, N_("mastodon, bluesky, x, facebook, instagram, linkedin, tiktok, youtube or other"), N_("P") },
    { "handle", 0, 0, G_OPTION_ARG_STRING, &handle, N_("The account's handle"), N_("H") },
    { "instance", 0, 0, G_OPTION_ARG_STRING, &instance, N_("Its instance or site (Mastodon: required)"), N_("HOST") },
    { "ownership", 0, 0, G_OPTION_ARG_STRING, &ownership, N_("company (default) or personal"), N_("O") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("Who owns it (the organisation, or the person whose profile it hangs off)"), N_("NAME") },
    { "admin-email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The admin e-mail"), N_("E") },
    { "access", 0, 0, G_OPTION_ARG_STRING_ARRAY, &access, N_("A person or role with access (repeat)"), N_("WHO") },
    { "2fa", 0, 0, G_OPTION_ARG_NONE, &two_factor, N_("Two-factor authentication is on"), NULL },
    { "rotated", 0, 0, G_OPTION_ARG_STRING, &rotated, N_("Date of the last password rotation (YYYY-MM-DD)"), N_("DATE") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Notes"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (_("— add an account to the register"));
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonArray) who = json_array_new ();
  g_autoptr(GError) error = NULL;
  VigilAccountRegister *reg;
  VigilAccount *account;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (options, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (platform == NULL || handle == NULL || argc > 1)
    {
      vigil_cli_error (_("account add needs --platform and --handle, and no other arguments"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if (rotated != NULL)
    {
      g_autofree char *iso = strlen (rotated) == 10 ? g_strconcat (rotated, "T00:00:00Z", NULL) : g_strdup (rotated);
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

      if (dt == NULL)
        {
          vigil_cli_error (_("--rotated: “%s” is not a date (YYYY-MM-DD)"), rotated);
          return VIGIL_CLI_EXIT_USAGE;
        }
      json_object_set_string_member (fields, "rotated_at", iso);
    }
  json_object_set_string_member (fields, "platform", platform);
  json_object_set_string_member (fields, "handle", handle);
  json_object_set_string_member (fields, "instance", instance ? instance : "");
  json_object_set_string_member (fields, "ownership", ownership ? ownership : "company");
  json_object_set_string_member (fields, "owner", owner ? owner : "");
  json_object_set_string_member (fields, "admin_email", email ? email : "");
  json_object_set_string_member (fields, "notes", notes ? notes : "");
  json_object_set_boolean_member (fields, "two_factor", two_factor);
  for (guint i = 0; access != NULL && access[i] != NULL; i++)
    json_array_add_string_element (who, access[i]);
  json_object_set_array_member (fields, "access", json_array_ref (who));

  if ((reg = open_register (db, &context)) == NULL)
    return VIGIL_CLI_EXIT_FAILED;
  account = vigil_account_register_add (reg, fields, &error);
  return finish_with_account (context, account, error);
}

static int
cmd_set_secret (const char *db,
                int         argc,
                char      **argv)
{
  gboolean token = FALSE;
  GOptionEntry entries[] = {
    { "token", 0, 0, G_OPTION_ARG_NONE, &token, N_("Store an access token (pasted from the platform) instead of the password"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (_("ACCOUNT — store its password (or token), read from stdin"));
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  VigilAccountRegister *reg;
  VigilAccount *account;
  char *buf;
  gboolean too_long, ok;
  int exit_code;
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  Wait wait = { NULL };

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  exit_code = open_one_account (db, options, &argc, &argv,
                                _("account set-secret takes one ACCOUNT; the secret comes on stdin, never as an argument"),
                                &context, &reg, &account);
  if (exit_code != VIGIL_CLI_EXIT_OK)
    return exit_code;

  if (tty)
    {
      g_printerr (token ? _("Token (not shown): ") : _("Password (not shown): "));
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  buf = g_malloc0 (MAX_LINE);
  ok = read_secret_line (buf, MAX_LINE, &too_long);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &saved);
      g_printerr ("\n");
    }
  if (!ok || *buf == '\0' || too_long)
    {
      vigil_cli_error (too_long ? _("the secret on stdin is longer than %d bytes") : _("no secret on stdin (give it on one line)"),
                       VIGIL_PASSWORD_MAX_BYTES);
      vigil_credential_free_secret (buf);
      vigil_context_shutdown (context);
      return VIGIL_CLI_EXIT_FAILED;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "account");
  json_builder_add_string_value (b, vigil_account_get_id (account));
  if (token)
    {
      vigil_account_register_set_token_async (reg, account, buf, "pasted", NULL, on_done_cb, &wait);
      vigil_credential_free_secret (buf);
      result = wait_for (&wait);
      ok = vigil_account_register_set_token_finish (reg, result, &error);
      json_builder_set_member_name (b, "stored");
      json_builder_add_string_value (b, "token");
    }
  else
    {
      g_autoptr(VigilPasswordStrength) strength = NULL;

      vigil_account_register_set_password_async (reg, account, buf, NULL, on_done_cb, &wait);
      vigil_credential_free_secret (buf);
      result = wait_for (&wait);
      strength = vigil_account_register_set_password_finish (reg, result, &error);
      ok = strength != NULL;
      json_builder_set_member_name (b, "stored");
      json_builder_add_string_value (b, "password");
      if (strength != NULL)
        add_strength (b, strength);
    }
  json_builder_end_object (b);
  if (!ok)
    {
      vigil_cli_error (_("the secret was not stored: %s"), error->message);
      vigil_context_shutdown (context);
      return VIGIL_CLI_EXIT_FAILED;
    }
  print_node (b);
  vigil_context_shutdown (context);
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_check (const char *db,
           int         argc,
           char      **argv)
{
  int rotation_days = -1, shared = -1;
  GOptionEntry entries[] = {
    { "rotation-days", 0, 0, G_OPTION_ARG_INT, &rotation_days, N_("Rotation is overdue after this many days (default 90)"), N_("N") },
    { "shared-email", 0, 0, G_OPTION_ARG_INT, &shared, N_("Flag an admin e-mail used by this many accounts (default 3)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (_("[ACCOUNT…] — print each account's warnings"));
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VigilAccountRegister *reg;
  Wait wait = { NULL };
  guint n;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (options, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (rotation_days > 3650 || shared > 1000)
    {
      vigil_cli_error (_("--rotation-days is at most 3650 and --shared-email at most 1000"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  if ((reg = open_register (db, &context)) == NULL)
    return VIGIL_CLI_EXIT_FAILED;
  if (rotation_days >= 0)
    vigil_account_register_set_rotation_days (reg, rotation_days);
  if (shared >= 0)
    vigil_account_register_set_shared_email_threshold (reg, shared);

  /* reuse needs the passwords: compared in memory, never shown */
  vigil_account_register_check_passwords_async (reg, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  if (!vigil_account_register_check_passwords_finish (reg, result, &error))
    vigil_cli_error (_("reused passwords were not checked: %s"), error->message);

  n = g_list_model_get_n_items (G_LIST_MODEL (reg));
  for (int i = 1; i < argc; i++)
    if (find_account (reg, argv[i]) == NULL)
      return VIGIL_CLI_EXIT_FAILED;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilAccount) account = g_list_model_get_item (G_LIST_MODEL (reg), i);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *title = vigil_account_dup_title (account);
      gboolean wanted = argc < 2;

      for (int j = 1; j < argc && !wanted; j++)
        wanted = vigil_account_register_find (reg, argv[j]) == account;
      if (!wanted)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "account");
      json_builder_add_string_value (b, vigil_account_get_id (account));
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, title);
      add_warnings (b, account);
      json_builder_end_object (b);
      print_node (b);
    }
  vigil_context_shutdown (context);
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_strength (int    argc,
              char **argv)
{
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { "user-input", 0, 0, G_OPTION_ARG_STRING_ARRAY, &inputs, N_("A word that makes a password guessable here (a handle, the company name); repeat"), N_("WORD") },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (_("— rate passwords read from stdin, one per line"));
  char *buf;
  gboolean too_long;
  guint line = 0;
  int status = VIGIL_CLI_EXIT_OK;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  if (!vigil_cli_parse (options, &argc, &argv))
    return VIGIL_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      vigil_cli_error (_("account strength reads passwords from stdin, never from arguments"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  buf = g_malloc0 (MAX_LINE);
  while (read_secret_line (buf, MAX_LINE, &too_long))
    {
      g_autoptr(VigilPasswordStrength) s = NULL;
      g_autoptr(JsonBuilder) b = NULL;

      line++;
      s = too_long ? NULL : vigil_password_strength_check (buf, (const char * const *) inputs);
      explicit_bzero (buf, MAX_LINE);
      if (s == NULL)
        {
          vigil_cli_error (_("stdin:%u: empty, longer than %d bytes or not UTF-8; skipped"),
                           line, VIGIL_PASSWORD_MAX_BYTES);
          status = VIGIL_CLI_EXIT_FAILED;
          continue;
        }
      /* never the password itself: results are matched by line */
      b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, line);
      add_strength (b, s);
      json_builder_end_object (b);
      print_node (b);
    }
  g_free (buf);
  return status;
}

static int
cmd_usage (const char *db,
           int         argc,
           char      **argv)
{
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GPtrArray) usage = NULL;
  g_autoptr(GError) error = NULL;
  VigilAccountRegister *reg;
  VigilAccount *account = NULL;

  if ((reg = open_register (db, &context)) == NULL)
    return VIGIL_CLI_EXIT_FAILED;
  if (argc > 1 && (account = find_account (reg, argv[1])) == NULL)
    return VIGIL_CLI_EXIT_FAILED;
  usage = vigil_account_register_list_usage (reg, account, 0, &error);
  if (usage == NULL)
    {
      vigil_cli_error (_("could not read the usage log: %s"), error->message);
      return VIGIL_CLI_EXIT_FAILED;
    }
  for (guint i = 0; i < usage->len; i++)
    {
      VigilAccountUsage *u = g_ptr_array_index (usage, i);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autofree char *at = format_time (u->at_us);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "account");
      json_builder_add_string_value (b, u->account_id);
      json_builder_set_member_name (b, "person");
      json_builder_add_string_value (b, u->actor);
      json_builder_set_member_name (b, "at");
      json_builder_add_string_value (b, at);
      json_builder_set_member_name (b, "action");
      json_builder_add_string_value (b, u->action);
      json_builder_set_member_name (b, "detail");
      json_builder_add_string_value (b, u->detail);
      json_builder_end_object (b);
      print_node (b);
    }
  vigil_context_shutdown (context);
  return VIGIL_CLI_EXIT_OK;
}

static int
cmd_hacked (const char *db,
            int         argc,
            char      **argv,
            gboolean    clear)
{
  g_autofree char *reason = NULL;
  gboolean force = FALSE;
  GOptionEntry report_entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("What happened"), N_("TEXT") },
    { NULL }
  };
  GOptionEntry clear_entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Clear it even if checklist steps are open"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (clear ? _("ACCOUNT — clear a hacked account")
                                                                   : _("ACCOUNT — report an account hacked; its sources pause"));
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GError) error = NULL;
  VigilAccountRegister *reg;
  VigilAccount *account;
  gboolean ok;
  int exit_code;

  g_option_context_add_main_entries (options, clear ? clear_entries : report_entries, GETTEXT_PACKAGE);
  exit_code = open_one_account (db, options, &argc, &argv, _("give exactly one ACCOUNT"),
                                &context, &reg, &account);
  if (exit_code != VIGIL_CLI_EXIT_OK)
    return exit_code;
  ok = clear ? vigil_account_register_clear_compromised (reg, account, force, &error)
             : vigil_account_register_report_hacked (reg, account, reason, &error);
  return finish_with_account (context, ok ? account : NULL, error);
}

static int
cmd_remove (const char *db,
            int         argc,
            char      **argv)
{
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Remove it even when its token can't be revoked"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new (_("ACCOUNT — revoke its token, forget its secrets, remove it"));
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VigilAccountRegister *reg;
  VigilAccount *account;
  Wait wait = { NULL };
  int exit_code;

  g_option_context_add_main_entries (options, entries, GETTEXT_PACKAGE);
  exit_code = open_one_account (db, options, &argc, &argv, _("give exactly one ACCOUNT"),
                                &context, &reg, &account);
  if (exit_code != VIGIL_CLI_EXIT_OK)
    return exit_code;
  vigil_account_register_remove_async (reg, account, force, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  if (!vigil_account_register_remove_finish (reg, result, &error))
    {
      vigil_cli_error ("%s", error->message);
      vigil_context_shutdown (context);
      return VIGIL_CLI_EXIT_FAILED;
    }
  g_printerr (_("Removed %s\n"), argv[1]);
  vigil_context_shutdown (context);
  return VIGIL_CLI_EXIT_OK;
}

int
vigil_cli_account (int    argc,
                   char **argv)
{
  g_autofree char *db = NULL;
  const char *sub;
  int i, j;

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      fprintf (argc < 2 ? stderr : stdout, "%s\n",
               _("Usage: vigil-cli account [--db PATH] list|add|set-secret|check|strength|usage|report-hacked|clear|remove …"));
      return argc < 2 ? VIGIL_CLI_EXIT_USAGE : VIGIL_CLI_EXIT_OK;
    }
  /* --db may come before or after the subcommand; take it out here */
  for (i = 1, j = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < argc)
        {
          g_free (db);
          db = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        {
          g_free (db);
          db = g_strdup (argv[i] + 5);
        }
      else
        argv[j++] = argv[i];
    }
  argc = j;
  argv[argc] = NULL;
  if (argc < 2)
    {
      vigil_cli_error (_("account: which subcommand? (list, add, set-secret, check, strength, usage, report-hacked, clear, remove)"));
      return VIGIL_CLI_EXIT_USAGE;
    }
  sub = argv[1];
  argc--;
  argv++;
  if (g_str_equal (sub, "list"))
    return cmd_list (db, argc, argv);
  if (g_str_equal (sub, "add"))
    return cmd_add (db, argc, argv);
  if (g_str_equal (sub, "set-secret"))
    return cmd_set_secret (db, argc, argv);
  if (g_str_equal (sub, "check"))
    return cmd_check (db, argc, argv);
  if (g_str_equal (sub, "strength"))
    return cmd_strength (argc, argv);
  if (g_str_equal (sub, "usage"))
    return cmd_usage (db, argc, argv);
  if (g_str_equal (sub, "report-hacked"))
    return cmd_hacked (db, argc, argv, FALSE);
  if (g_str_equal (sub, "clear"))
    return cmd_hacked (db, argc, argv, TRUE);
  if (g_str_equal (sub, "remove"))
    return cmd_remove (db, argc, argv);
  vigil_cli_error (_("account: unknown subcommand “%s”"), sub);
  return VIGIL_CLI_EXIT_USAGE;
}
