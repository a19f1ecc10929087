/* test-canary.c: no secret outside the keyring
 *
 * A child process stores canary secrets through every path a secret takes
 * (a password set and copied, a pasted token, a token from an OAuth
 * sign-in against the fixture server, vigil-cli set-secret and strength on
 * stdin, a Mastodon source connecting with the token), on an on-disk
 * store, with GSettings in a keyfile, sources.json, every debug message
 * on, and its stdout and stderr in files. The parent checks the canaries
 * did reach the real keyring, then searches every file the run produced
 * (the database, its WAL, the config, the GSettings keyfile, the logs,
 * vigil-cli's output) for any of them.
 *
 * argv[1]: the vigil-cli to run. Needs build-aux/with-keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <stdio.h>
#include <string.h>

#include "accounts-test-util.h"
#include "vigil-account-register.h"
#include "vigil-context.h"
#include "vigil-test-server-oauth.h"

#define MAX_SCAN_BYTES (256 * 1024 * 1024)

static const char *cli_path;
static const char *self_path;

/* --- the child: every path a secret takes --- */

static void
run_cli (const char *dir,
         const char *name,
         const char *stdin_text,
         const char *argv_tail[])
{
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *out_path = g_strdup_printf ("%s/cli-%s.out", dir, name);
  g_autofree char *err_path = g_strdup_printf ("%s/cli-%s.err", dir, name);
  g_autofree char *in_path = g_strdup_printf ("%s/cli-%s.in", dir, name);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *argv = g_ptr_array_new ();

  /* stdin from a pipe, never a file: write it through a subprocess pipe */
  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, "account");
  for (guint i = 0; argv_tail[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) argv_tail[i]);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, db);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, stdin_text, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_error ("vigil-cli account %s failed", name);
  g_ptr_array_unref (argv);
}

static int
child (const char *dir,
       const char *pw,
       const char *pasted,
       const char *oauth_token,
       const char *cli_pw)
{
  g_autoptr(VigilTestServer) server = vigil_test_server_new ();
  g_autofree char *db = g_build_filename (dir, "vigil.db", NULL);
  g_autofree char *instance = NULL;
  g_autofree char *b_ref = NULL;
  g_autoptr(VigilStore) store = NULL;
  g_autoptr(VigilContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  VigilContextOptions options = { .actor = "canary-tester", .no_sources = TRUE, .no_classify = TRUE };
  VigilAccountRegister *reg;
  VigilAccount *a, *b;
  g_autoptr(JsonObject) fa = json_object_new ();
  g_autoptr(JsonObject) fb = json_object_new ();

  vigil_test_server_add_mastodon_oauth (server, "press");
  vigil_test_server_set_mastodon_timeline (server, "/api/v1/timelines/public", "[]");
  instance = g_strdup_printf ("127.0.0.1:%u", vigil_test_server_get_port (server));

  store = vigil_store_open (db, &error);
  g_assert_no_error (error);
  context = vigil_context_new_for_store (store, &options, &error);  /* the Secret Service */
  g_assert_no_error (error);
  reg = vigil_context_ensure_service (context, VIGIL_TYPE_ACCOUNT_REGISTER);

  /* GSettings (keyfile backend): the app's own keys are written */
  settings = g_settings_new ("io.github.vigilapp.Vigil");
  g_settings_set_uint (settings, "account-rotation-days", 60);
  g_settings_sync ();

  json_object_set_string_member (fa, "platform", "x");
  json_object_set_string_member (fa, "handle", "acme");
  json_object_set_string_member (fa, "admin_email", "social@acme.example");
  a = vigil_account_register_add (reg, fa, &error);
  g_assert_no_error (error);
  json_object_set_string_member (fb, "platform", "mastodon");
  json_object_set_string_member (fb, "handle", "press");
  json_object_set_string_member (fb, "instance", instance);
  b = vigil_account_register_add (reg, fb, &error);
  g_assert_no_error (error);

  /* 1. a password set, then copied */
  {
    Wait wait = { NULL };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(VigilPasswordStrength) s = NULL;
    char *copy;

    vigil_account_register_set_password_async (reg, a, pw, NULL, on_done_cb, &wait);
    result = wait_for (&wait);
    s = vigil_account_register_set_password_finish (reg, result, &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    wait.result = NULL;
    vigil_account_register_reveal_password_async (reg, a, "password", NULL, on_done_cb, &wait);
    result = wait_for (&wait);
    copy = vigil_account_register_reveal_password_finish (reg, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (copy, ==, pw);
    vigil_credential_free_secret (copy);
  }
  /* 2. a pasted token */
  {
    Wait wait = { NULL };
    g_autoptr(GAsyncResult) result = NULL;

    vigil_account_register_set_token_async (reg, b, pasted, "pasted", NULL, on_done_cb, &wait);
    result = wait_for (&wait);
    g_assert_true (vigil_account_register_set_token_finish (reg, result, &error));
    g_assert_no_error (error);
  }
  /* 3. an OAuth sign-in whose token is a canary */
  {
    g_autoptr(VigilMastodonOAuth) oauth = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(SoupSession) browser = soup_session_new ();
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) page = NULL;
    g_autofree char *url = NULL;
    g_autofree char *code = NULL;
    const char *start;
    Wait wait = { NULL };

    vigil_test_server_oauth_set_next_token (server, oauth_token);
    oauth = vigil_mastodon_oauth_new (vigil_context_get_session (context), vigil_test_server_get_base_url (server), &error);
    vigil_mastodon_oauth_register_app_async (oauth, NULL, NULL, on_done_cb, &wait);
    result = wait_for (&wait);
    g_assert_true (vigil_mastodon_oauth_register_app_finish (oauth, result, &error));
    url = vigil_mastodon_oauth_dup_authorize_url (oauth);
    msg = soup_message_new ("GET", url);
    page = soup_session_send_and_read (browser, msg, NULL, &error);
    g_assert_no_error (error);
    start = strstr (g_bytes_get_data (page, NULL), "<code id=\"code\">") + 16;
    code = g_strndup (start, strstr (start, "</code>") - start);
    g_clear_object (&result);
    wait.result = NULL;
    vigil_account_register_sign_in_async (reg, b, oauth, code, NULL, on_done_cb, &wait);
    result = wait_for (&wait);
    g_assert_true (vigil_account_register_sign_in_finish (reg, result, &error));
    g_assert_no_error (error);
  }
  /* 4. a source connecting with the account's token (sources.json written) */
  {
    VigilSourceManager *manager = vigil_context_get_source_manager (context);
    g_autofree char *spec = g_strdup_printf ("mastodon:%s/public", vigil_test_server_get_base_url (server));
    g_autofree char *address = g_strconcat ("press@", instance, NULL);
    g_autoptr(GPtrArray) usage = NULL;

    vigil_source_manager_add (manager, spec, "Canary source", address, &error);
    g_assert_no_error (error);
    vigil_source_manager_start (manager);
    for (guint i = 0; i < 400; i++)
      {
        g_clear_pointer (&usage, g_ptr_array_unref);
        usage = vigil_account_register_list_usage (reg, b, 0, NULL);
        if (usage->len > 0 && g_str_equal (((VigilAccountUsage *) usage->pdata[0])->action, "connect"))
          break;
        g_main_context_iteration (NULL, FALSE);
        g_usleep (5000);
      }
    g_assert_cmpstr (((VigilAccountUsage *) usage->pdata[0])->action, ==, "connect");
    vigil_source_manager_stop (manager);
  }
  /* 5. the reuse check reads every password back */
  {
    Wait wait = { NULL };
    g_autoptr(GAsyncResult) result = NULL;

    vigil_account_register_check_passwords_async (reg, NULL, on_done_cb, &wait);
    result = wait_for (&wait);
    g_assert_true (vigil_account_register_check_passwords_finish (reg, result, &error));
  }
  vigil_store_flush (store);

  /* 6. vigil-cli: set-secret and strength read stdin; list, check, usage print */
  b_ref = g_strconcat ("mastodon:press@", instance, NULL);
  {
    g_autofree char *line = g_strconcat (cli_pw, "\n", NULL);
    g_autofree char *lines = g_strconcat (pw, "\n", cli_pw, "\n", NULL);
    const char *set_secret[] = { "set-secret", "x:acme", NULL };
    const char *strength[] = { "strength", NULL };
    const char *list[] = { "list", NULL };
    const char *check[] = { "check", NULL };
    const char *usage[] = { "usage", NULL };

    run_cli (dir, "set-secret", line, set_secret);
    run_cli (dir, "strength", lines, strength);
    run_cli (dir, "list", "", list);
    run_cli (dir, "check", "", check);
    run_cli (dir, "usage", "", usage);
  }

  /* keep the WAL as it was at its fullest (closing checkpoints it away) */
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *contents = NULL;
    gsize len;

    if (g_file_get_contents (wal, &contents, &len, NULL))
      {
        g_autofree char *snap = g_strconcat (db, "-wal.snapshot", NULL);

        g_assert_true (g_file_set_contents (snap, contents, len, NULL));
      }
  }
  vigil_context_shutdown (context);
  printf ("child-done\n");
  return 0;
}

/* --- the parent --- */

static void
collect_files (const char *dir,
               GPtrArray  *files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          collect_files (path, files);
          g_free (path);
        }
      else
        g_ptr_array_add (files, path);
    }
}

/* The files holding any needle (by bytes). */
static GPtrArray *
scan (GPtrArray          *files,
      const char * const *needles)
{
  GPtrArray *hits = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (files->pdata[i], &contents, &len, NULL) || len > MAX_SCAN_BYTES)
        continue;
      for (guint j = 0; needles[j] != NULL; j++)
        if (memmem (contents, len, needles[j], strlen (needles[j])) != NULL)
          g_ptr_array_add (hits, g_strdup_printf ("%s (canary %u)", (char *) files->pdata[i], j));
    }
  return hits;
}

static char *
keyring_lookup (const char *platform,
                const char *account,
                const char *instance,
                const char *purpose)
{
  static const SecretSchema schema = {
    .name = "io.github.vigilapp.Vigil.Account",
    .flags = SECRET_SCHEMA_NONE,
    .attributes = {
      { .name = "platform", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "account", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "instance", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = "purpose", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
      { .name = NULL, .type = 0 },
    },
  };

  return secret_password_lookup_sync (&schema, NULL, NULL, "platform", platform, "account", account,
                                      "instance", instance, "purpose", purpose, NULL);
}

static void
test_canary (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *tag = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  g_autofree char *pw = g_strconcat ("CanaryPassword-", tag, NULL);
  g_autofree char *pasted = g_strconcat ("CanaryPasted-", tag, NULL);
  g_autofree char *oauth = g_strconcat ("CanaryOAuth-", tag, NULL);
  g_autofree char *cli_pw = g_strconcat ("CanaryCli-", tag, NULL);
  const char *needles[] = { pw, pasted, oauth, cli_pw, NULL };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *config = NULL;
  g_autofree char *schema_dir = NULL;
  gboolean have_db = FALSE, have_wal = FALSE, have_keyfile = FALSE, have_sources = FALSE, have_log = FALSE;
  char *secret;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL || g_getenv ("GNOME_KEYRING_CONTROL") == NULL)
    {
      g_test_skip ("no test keyring (run inside dbus-run-session -- build-aux/with-keyring)");
      return;
    }
  if (cli_path == NULL || g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_test_skip ("needs the vigil-cli path (argv[1]) and GSETTINGS_SCHEMA_DIR");
      return;
    }
  dir = g_dir_make_tmp ("vigil-canary-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (dir, "config", NULL);

  /* the child: its own config and data folders, GSettings in a keyfile,
   * every debug message on, stdout and stderr into files */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_setenv (launcher, "G_DEBUG", "", TRUE);
  {
    g_autofree char *o = g_build_filename (dir, "child.stdout", NULL);
    g_autofree char *e = g_build_filename (dir, "child.stderr", NULL);

    g_subprocess_launcher_set_stdout_file_path (launcher, o);
    g_subprocess_launcher_set_stderr_file_path (launcher, e);
  }
  proc = g_subprocess_launcher_spawn (launcher, &error, self_path, "--child", dir, pw, pasted, oauth, cli_pw,
                                      cli_path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  {
    g_autofree char *e = g_build_filename (dir, "child.stderr", NULL);

    g_file_get_contents (e, &err, NULL, NULL);
  }
  if (!g_subprocess_get_successful (proc))
    {
      /* its stderr can't hold a canary unless the scan below fails too; print the tail */
      g_test_message ("child failed: %s", err != NULL && strlen (err) > 2000 ? err + strlen (err) - 2000 : err);
      g_assert_true (g_subprocess_get_successful (proc));
    }

  /* the canaries did reach the keyring (else the search proves nothing) */
  secret = keyring_lookup ("x", "acme", "", "password");
  g_assert_cmpstr (secret, ==, cli_pw);  /* vigil-cli set-secret replaced the first one */
  secret_password_free (secret);
  {
    g_autofree char *o = NULL;
    g_autofree char *p = g_build_filename (dir, "child.stdout", NULL);

    g_assert_true (g_file_get_contents (p, &o, NULL, NULL));
    g_assert_nonnull (strstr (o, "child-done"));
  }

  /* the scanner finds a canary where there is one */
  {
    g_autoptr(GPtrArray) control = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *path = g_build_filename (dir, "control", NULL);
    g_autoptr(GPtrArray) found = NULL;

    g_assert_true (g_file_set_contents (path, oauth, -1, NULL));
    g_ptr_array_add (control, g_strdup (path));
    found = scan (control, needles);
    g_assert_cmpuint (found->len, ==, 1);
    g_unlink (path);
  }

  collect_files (dir, files);
  for (guint i = 0; i < files->len; i++)
    {
      const char *f = files->pdata[i];

      g_test_message ("scanned %s", f);
      have_db |= g_str_has_suffix (f, "vigil.db");
      have_wal |= g_str_has_suffix (f, "vigil.db-wal.snapshot");
      have_keyfile |= g_str_has_suffix (f, "glib-2.0/settings/keyfile");
      have_sources |= g_str_has_suffix (f, "vigil/sources.json");
      have_log |= g_str_has_suffix (f, "child.stderr");
    }
  /* every kind of file was there to search */
  g_assert_true (have_db);
  g_assert_true (have_wal);
  g_assert_true (have_keyfile);
  g_assert_true (have_sources);
  g_assert_true (have_log);
  {
    /* debug logging was on (GLib prints debug messages on stdout) */
    g_autofree char *o = NULL;
    g_autofree char *p = g_build_filename (dir, "child.stdout", NULL);

    g_assert_true (g_file_get_contents (p, &o, NULL, NULL));
    g_assert_true (strstr (o, "-DEBUG") != NULL || strstr (err, "-DEBUG") != NULL);
  }

  hits = scan (files, needles);
  for (guint i = 0; i < hits->len; i++)
    g_test_message ("SECRET FOUND in %s", (char *) hits->pdata[i]);
  g_assert_cmpuint (hits->len, ==, 0);

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    (void) !system (cmd);
  }
}

int
main (int   argc,
      char *argv[])
{
  self_path = argv[0];
  if (argc == 8 && g_str_equal (argv[1], "--child"))
    {
      cli_path = argv[7];
      return child (argv[2], argv[3], argv[4], argv[5], argv[6]);
    }
  if (argc > 1 && argv[1][0] != '-')
    {
      cli_path = argv[1];
      argv[1] = argv[0];
      argv++;
      argc--;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/accounts/canary", test_canary);
  return g_test_run ();
}
