/* test-cli-account.c: vigil-cli account, as a script drives it
 *
 * strength (stdin, one per line, a score 0–4 each, never the password in
 * the output), the usage errors (a secret as an argument is refused), and
 * add / list / check on a store; set-secret needs the keyring and is
 * covered by test-canary.
 *
 * argv[1]: the vigil-cli to run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char *cli_path;

/* Runs vigil-cli account ARGS with stdin; returns its exit status. */
static int
run (const char  *stdin_text,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, "account");
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                            | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, stdin_text, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static JsonObject *
parse_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, line, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_strength (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *input = "123456\npassword\nTr0ub4dour&3\nvapid-Gravel-orbit-Sunday-lichen-7\n";
  const int max_score[] = { 2, 2, 2, 4 };
  const int min_score[] = { 0, 0, 0, 4 };

  g_assert_cmpint (run (input, &out, &err, "strength", NULL), ==, 0);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonObject) o = parse_line (lines[i]);
      gint64 score = json_object_get_int_member (o, "score");

      g_assert_cmpint (json_object_get_int_member (o, "line"), ==, i + 1);
      g_assert_cmpint (score, >=, min_score[i]);
      g_assert_cmpint (score, <=, max_score[i]);
    }
  /* the passwords themselves never come back */
  g_assert_null (strstr (out, "Tr0ub4dour"));
  g_assert_null (strstr (out, "vapid"));
  g_assert_null (strstr (err, "Tr0ub4dour"));
}

static void
test_usage_errors (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  g_autofree char *out3 = NULL, *err3 = NULL;

  /* a secret on the command line is refused, before anything is opened */
  g_assert_cmpint (run ("", &out, &err, "set-secret", "x:acme", "hunter2", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "stdin"));
  g_assert_cmpint (run ("", &out2, &err2, "strength", "hunter2", NULL), ==, 2);
  g_assert_cmpint (run ("", &out3, &err3, "frobnicate", NULL), ==, 2);
  g_assert_null (strstr (err2, "hunter2"));
}

static void
test_add_list_check (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vigil-cli-account-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "v.db", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *list = NULL, *lerr = NULL;
  g_autofree char *check = NULL, *cerr = NULL;
  g_autofree char *dup = NULL, *derr = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run ("", &out, &err, "add", "--db", db, "--platform", "instagram", "--handle", "acme",
                        "--ownership", "personal", "--owner", "Dana", "--admin-email", "social@acme.example",
                        "--access", "PR", "--access", "Dana", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ("", &out, &err, "add", "--db", db, "--platform", "x", "--handle", "acme", "--2fa",
                        "--rotated", "2026-01-01", NULL), ==, 0);
  /* the same account twice is refused, with a message */
  g_assert_cmpint (run ("", &dup, &derr, "add", "--db", db, "--platform", "x", "--handle", "@ACME", NULL), ==, 1);
  g_assert_nonnull (strstr (derr, "already"));

  g_assert_cmpint (run ("", &list, &lerr, "list", "--db", db, NULL), ==, 0);
  lines = g_strsplit (g_strstrip (list), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  {
    g_autoptr(JsonObject) o = parse_line (lines[0]);   /* Instagram sorts first */
    JsonArray *warnings = json_object_get_array_member (o, "warnings");
    g_autoptr(GString) codes = g_string_new (NULL);

    g_assert_cmpstr (json_object_get_string_member (o, "platform"), ==, "instagram");
    g_assert_cmpstr (json_object_get_string_member (o, "ownership"), ==, "personal");
    for (guint i = 0; i < json_array_get_length (warnings); i++)
      g_string_append_printf (codes, "%s ", json_object_get_string_member (json_array_get_object_element (warnings, i), "code"));
    g_assert_nonnull (strstr (codes->str, "no-2fa"));
    g_assert_nonnull (strstr (codes->str, "personal-owner"));
    g_assert_nonnull (strstr (codes->str, "rotation-overdue"));
  }
  /* check: the rotation of 2026-01-01 is overdue at 90 days, not at 3650 */
  g_assert_cmpint (run ("", &check, &cerr, "check", "--db", db, "x:acme", "--rotation-days", "3650", NULL), ==, 0);
  g_assert_null (strstr (check, "rotation-overdue"));
  g_assert_nonnull (strstr (check, "\"title\""));
  {
    g_autofree char *c2 = NULL, *e2 = NULL;

    g_assert_cmpint (run ("", &c2, &e2, "check", "--db", db, "x:acme", NULL), ==, 0);
    /* the test clock is the real one: 2026-01-01 is long enough ago by now */
    if (g_get_real_time () > G_GINT64_CONSTANT (1775000000) * G_USEC_PER_SEC)
      g_assert_nonnull (strstr (c2, "rotation-overdue"));
  }
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    (void) !system (cmd);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && argv[1][0] != '-')
    {
      cli_path = argv[1];
      argv[1] = argv[0];
      argv++;
      argc--;
    }
  g_test_init (&argc, &argv, NULL);
  if (cli_path == NULL)
    {
      g_printerr ("usage: test-cli-account VIGIL-CLI\n");
      return 2;
    }
  g_test_add_func ("/vigil/cli-account/strength", test_strength);
  g_test_add_func ("/vigil/cli-account/usage-errors", test_usage_errors);
  g_test_add_func ("/vigil/cli-account/add-list-check", test_add_list_check);
  return g_test_run ();
}
