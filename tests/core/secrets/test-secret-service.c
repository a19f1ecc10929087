/* test-secret-service.c: the credential store against a real Secret
 * Service (gnome-keyring-daemon): keys with attributes, the old schema,
 * and each way the keyring fails, each in its own private D-Bus session:
 * a locked collection, a keyring never unlocked, no Secret Service at all
 *
 * The first tests need build-aux/with-keyring (skipped without it); the
 * failure modes start their own dbus-run-session + gnome-keyring-daemon
 * (skipped when those programs are missing).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsecret/secret.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vigil-secret-credential-store.h"

static const char *self_path;

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

static gboolean
store_key (VigilCredentialStore      *store,
           const VigilCredentialKey  *key,
           const char                *secret,
           GError                   **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  vigil_credential_store_store_key_async (store, key, secret, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  return vigil_credential_store_store_finish (store, result, error);
}

static char *
lookup_key (VigilCredentialStore      *store,
            const VigilCredentialKey  *key,
            GError                   **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  vigil_credential_store_lookup_key_async (store, key, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  return vigil_credential_store_lookup_finish (store, result, error);
}

static gboolean
clear_key (VigilCredentialStore      *store,
           const VigilCredentialKey  *key,
           GError                   **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  vigil_credential_store_clear_key_async (store, key, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  return vigil_credential_store_clear_finish (store, result, error);
}

static const SecretSchema account_schema = {
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

static const SecretSchema legacy_schema = {
  .name = "io.github.vigilapp.Vigil.Credential",
  .flags = SECRET_SCHEMA_NONE,
  .attributes = {
    { .name = "service", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = "account", .type = SECRET_SCHEMA_ATTRIBUTE_STRING },
    { .name = NULL, .type = 0 },
  },
};

static gboolean
have_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL || g_getenv ("GNOME_KEYRING_CONTROL") == NULL)
    {
      g_test_skip ("no test keyring (run inside dbus-run-session -- build-aux/with-keyring)");
      return FALSE;
    }
  return TRUE;
}

static void
test_attributes (void)
{
  g_autoptr(VigilCredentialStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *handle = g_strdup_printf ("press%d", (int) getpid ());
  VigilCredentialKey key = { "mastodon", handle, "social.example", VIGIL_CREDENTIAL_PURPOSE_PASSWORD };
  VigilCredentialKey token = { "mastodon", handle, "social.example", VIGIL_CREDENTIAL_PURPOSE_TOKEN };
  g_autofree char *address = g_strconcat (handle, "@social.example", NULL);
  char *secret;

  if (!have_keyring ())
    return;
  store = vigil_secret_credential_store_new ();
  g_assert_true (store_key (store, &key, "pass-ünïcode", &error));
  g_assert_no_error (error);
  g_assert_true (store_key (store, &token, "tok-abc", &error));
  g_assert_no_error (error);

  /* the item carries the attributes: anyone (Seahorse) can find it by them */
  secret = secret_password_lookup_sync (&account_schema, NULL, &error,
                                        "platform", "mastodon", "account", handle,
                                        "instance", "social.example", "purpose", "password", NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "pass-ünïcode");
  secret_password_free (secret);

  /* a source linked to handle@social.example finds the token */
  {
    Wait wait = { NULL };
    g_autoptr(GAsyncResult) result = NULL;

    vigil_credential_store_lookup_async (store, "mastodon", address, NULL, on_done_cb, &wait);
    result = wait_for (&wait);
    secret = vigil_credential_store_lookup_finish (store, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (secret, ==, "tok-abc");
    vigil_credential_free_secret (secret);
  }

  g_assert_true (clear_key (store, &key, &error));
  g_assert_true (clear_key (store, &token, &error));
  g_assert_no_error (error);
  secret = lookup_key (store, &key, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
}

static void
test_legacy (void)
{
  g_autoptr(VigilCredentialStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = g_strdup_printf ("old%d@host.example", (int) getpid ());
  g_autofree char *local = g_strdup_printf ("old%d", (int) getpid ());
  VigilCredentialKey key = { "mastodon", local, "host.example", NULL };
  char *secret;

  if (!have_keyring ())
    return;
  /* what an earlier Vigil stored */
  g_assert_true (secret_password_store_sync (&legacy_schema, SECRET_COLLECTION_DEFAULT, "old", "old-token",
                                             NULL, &error, "service", "mastodon", "account", account, NULL));
  g_assert_no_error (error);
  store = vigil_secret_credential_store_new ();
  secret = lookup_key (store, &key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "old-token");
  vigil_credential_free_secret (secret);
  /* a clear removes the old item too */
  g_assert_true (clear_key (store, &key, &error));
  secret = secret_password_lookup_sync (&legacy_schema, NULL, &error, "service", "mastodon", "account", account, NULL);
  g_assert_no_error (error);
  g_assert_null (secret);
}

/* --- the failure modes, each in a private session --- */

/* Runs this binary with --child MODE in a fresh dbus-run-session whose
 * keyring is set up by setup (shell), XDG_* in a new folder, no display.
 * Returns the child's stdout (its verdict). */
static char *
run_child (const char *mode,
           const char *setup,
           const char *dbus_config)
{
  g_autofree char *tmp = g_dir_make_tmp ("vigil-keyring-XXXXXX", NULL);
  g_autofree char *runtime = g_build_filename (tmp, "run", NULL);
  g_autofree char *data = g_build_filename (tmp, "data", NULL);
  g_autofree char *script = NULL;
  g_autofree char *config_arg = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[8];
  guint n = 0;

  g_mkdir_with_parents (runtime, 0700);
  g_mkdir_with_parents (data, 0700);
  env = g_environ_setenv (env, "XDG_RUNTIME_DIR", runtime, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_unsetenv (env, "DBUS_SESSION_BUS_ADDRESS");
  env = g_environ_unsetenv (env, "GNOME_KEYRING_CONTROL");
  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  /* libsecret 0.20.5 itself logs a critical (g_task_return_error with no
   * error) when the unlock prompter can't start, now and then: the child
   * checks our answer, so its warnings are not fatal */
  env = g_environ_setenv (env, "G_DEBUG", "gc-friendly", TRUE);
  script = g_strdup_printf ("%s; exec '%s' --child %s", setup, self_path, mode);
  argv[n++] = "dbus-run-session";
  if (dbus_config != NULL)
    {
      g_autofree char *path = g_build_filename (tmp, "session.conf", NULL);

      g_assert_true (g_file_set_contents (path, dbus_config, -1, NULL));
      config_arg = g_strconcat ("--config-file=", path, NULL);
      argv[n++] = config_arg;
    }
  argv[n++] = "--";
  argv[n++] = "sh";
  argv[n++] = "-c";
  argv[n++] = script;
  argv[n] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("child %s: %s", mode, err);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);

    (void) !system (cmd);
  }
  /* the verdict is the last line (a keyring daemon may print before it) */
  {
    g_auto(GStrv) lines = g_strsplit (g_strstrip (out), "\n", -1);
    guint n = g_strv_length (lines);

    return g_strdup (n > 0 ? lines[n - 1] : "");
  }
}

static gboolean
have_programs (void)
{
  g_autofree char *a = g_find_program_in_path ("dbus-run-session");
  g_autofree char *b = g_find_program_in_path ("gnome-keyring-daemon");

  if (a == NULL || b == NULL)
    {
      g_test_skip ("dbus-run-session or gnome-keyring-daemon is not installed");
      return FALSE;
    }
  return TRUE;
}

#define UNLOCKED "eval \"$(printf %s vigil-test | gnome-keyring-daemon --replace --unlock --components=secrets 2>/dev/null)\"; export GNOME_KEYRING_CONTROL"
#define NEVER_UNLOCKED "eval \"$(gnome-keyring-daemon --start --components=secrets 2>/dev/null)\"; export GNOME_KEYRING_CONTROL"

static void
test_locked (void)
{
  g_autofree char *verdict = NULL;

  if (!have_programs ())
    return;
  verdict = run_child ("locked", UNLOCKED, NULL);
  g_assert_cmpstr (verdict, ==, "locked-ok");
}

static void
test_never_unlocked (void)
{
  g_autofree char *verdict = NULL;

  if (!have_programs ())
    return;
  verdict = run_child ("never-unlocked", NEVER_UNLOCKED, NULL);
  g_assert_cmpstr (verdict, ==, "never-unlocked-ok");
}

static void
test_no_service (void)
{
  /* a session bus that can't start anything: no Secret Service */
  static const char config[] =
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" "
    "\"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">"
    "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>"
    "<policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>"
    "<allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>";
  g_autofree char *verdict = NULL;

  if (!have_programs ())
    return;
  verdict = run_child ("no-service", "true", config);
  g_assert_cmpstr (verdict, ==, "no-service-ok");
}

/* --- children (print a verdict on stdout) --- */

static int
child (const char *mode)
{
  g_autoptr(VigilCredentialStore) store = vigil_secret_credential_store_new ();
  VigilCredentialKey key = { "x", "acme", "", "password" };
  g_autoptr(GError) error = NULL;
  char *secret;

  if (g_str_equal (mode, "locked"))
    {
      g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_LOAD_COLLECTIONS, NULL, &error);
      g_autoptr(SecretCollection) collection = NULL;
      GList *objects;

      if (service == NULL)
        return g_printerr ("no service: %s\n", error->message), 1;
      collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                     SECRET_COLLECTION_NONE, NULL, &error);
      if (collection == NULL)
        return g_printerr ("no collection\n"), 1;
      objects = g_list_append (NULL, collection);
      secret_service_lock_sync (service, objects, NULL, NULL, &error);
      g_list_free (objects);
      if (error != NULL)
        return g_printerr ("lock: %s\n", error->message), 1;
      if (store_key (store, &key, "s3cret", &error))
        return g_printerr ("stored into a locked keyring?\n"), 1;
      if (!g_error_matches (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_LOCKED)
          && !g_error_matches (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_TIMEOUT))
        return g_printerr ("locked: %s %d %s\n", g_quark_to_string (error->domain), error->code, error->message), 1;
      g_printerr ("locked says: %s\n", error->message);
      printf ("locked-ok\n");
      return 0;
    }
  if (g_str_equal (mode, "never-unlocked"))
    {
      if (store_key (store, &key, "s3cret", &error))
        return g_printerr ("stored into a keyring never unlocked?\n"), 1;
      if (!g_error_matches (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_LOCKED)
          || strstr (error->message, "unlocked") == NULL)
        return g_printerr ("never-unlocked: %d %s\n", error->code, error->message), 1;
      g_clear_error (&error);
      /* lookup: nothing, and no error (as libsecret answers) */
      secret = lookup_key (store, &key, &error);
      if (secret != NULL || error != NULL)
        return g_printerr ("lookup in a keyring never unlocked\n"), 1;
      printf ("never-unlocked-ok\n");
      return 0;
    }
  if (g_str_equal (mode, "no-service"))
    {
      gint64 start = g_get_monotonic_time ();

      if (store_key (store, &key, "s3cret", &error))
        return g_printerr ("stored without a service?\n"), 1;
      if (!g_error_matches (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_NO_SERVICE)
          || strstr (error->message, "Install") == NULL)
        return g_printerr ("no-service: %d %s\n", error->code, error->message), 1;
      /* bounded: far below the 3 s timeout */
      g_printerr ("no service after %" G_GINT64_FORMAT " ms\n", (g_get_monotonic_time () - start) / 1000);
      printf ("no-service-ok\n");
      return 0;
    }
  return 2;
}

int
main (int   argc,
      char *argv[])
{
  self_path = argv[0];
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return child (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/secret-service/attributes", test_attributes);
  g_test_add_func ("/vigil/secret-service/legacy-schema", test_legacy);
  g_test_add_func ("/vigil/secret-service/locked", test_locked);
  g_test_add_func ("/vigil/secret-service/never-unlocked", test_never_unlocked);
  g_test_add_func ("/vigil/secret-service/no-service", test_no_service);
  return g_test_run ();
}
