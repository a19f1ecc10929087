/* test-team-credentials.c: a team database's address and its keyring key
 *
 * The password never stays in an address Vigil keeps: it is found, and
 * stripped; the keyring key is the same for every way of writing one
 * database's address; the blocking lookup finds what was stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-memory-credential-store.h"
#include "vigil-team-credentials.h"

static void
test_password_found_and_stripped (void)
{
  static const struct { const char *uri; gboolean has; const char *stripped; } cases[] = {
    { "postgresql://ada@db.example.org/vigil", FALSE, "postgresql://ada@db.example.org/vigil" },
    { "postgresql://ada:s3cret@db.example.org:5433/vigil", TRUE, "postgresql://ada@db.example.org:5433/vigil" },
    { "postgres://ada:p%40ss@db/vigil?sslmode=require", TRUE, "postgres://ada@db/vigil?sslmode=require" },
    { "postgresql://ada@db/vigil?password=x&sslmode=require", TRUE,
      "postgresql://ada@db/vigil?sslmode=require" },
    { "postgresql:///vigil?host=/run/postgresql&user=ada", FALSE,
      "postgresql:///vigil?host=/run/postgresql&user=ada" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *stripped = vigil_team_uri_strip_password (cases[i].uri, &error);

      g_assert_no_error (error);
      g_assert_true (vigil_team_uri_is_team (cases[i].uri));
      g_assert_cmpint (vigil_team_uri_has_password (cases[i].uri), ==, cases[i].has);
      g_assert_cmpstr (stripped, ==, cases[i].stripped);
      g_assert_false (vigil_team_uri_has_password (stripped));
    }
  g_assert_false (vigil_team_uri_is_team ("/home/ada/vigil.db"));
  g_assert_false (vigil_team_uri_is_team (":memory:"));
  g_assert_false (vigil_team_uri_has_password ("/home/ada/vigil.db"));
}

static void
test_bad_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = vigil_team_uri_strip_password ("postgresql://ada:pw@[bad/vigil", &error);

  g_assert_null (stripped);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  /* the message never quotes the address, which may hold a password */
  g_assert_null (strstr (error->message, "pw"));
}

static void
test_key (void)
{
  static const struct { const char *uri; const char *account; const char *instance; } cases[] = {
    { "postgresql://ada@db.example.org/vigil", "ada", "db.example.org:5432/vigil" },
    { "postgresql://ada:pw@db.example.org:5432/vigil", "ada", "db.example.org:5432/vigil" },
    { "postgresql://db.example.org/vigil?user=ada&port=5433", "ada", "db.example.org:5433/vigil" },
    { "postgresql:///vigil?host=%2Frun%2Fpostgresql&user=ada", "ada", "/run/postgresql:5432/vigil" },
    { "postgresql://ada@%2Frun%2Fpostgresql/vigil", "ada", "/run/postgresql:5432/vigil" },
  };

  g_unsetenv ("PGHOST");
  g_unsetenv ("PGPORT");
  g_unsetenv ("PGUSER");
  g_unsetenv ("PGDATABASE");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) storage = NULL;
      VigilCredentialKey key = { 0 };

      g_assert_true (vigil_team_uri_key (cases[i].uri, &key, &storage, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (key.platform, ==, "postgresql");
      g_assert_cmpstr (key.purpose, ==, "password");
      g_assert_cmpstr (key.account, ==, cases[i].account);
      g_assert_cmpstr (key.instance, ==, cases[i].instance);
    }
}

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_credential_store_store_finish (VIGIL_CREDENTIAL_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_lookup (void)
{
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) storage = NULL;
  VigilCredentialKey key = { 0 };
  gboolean done = FALSE;
  char *password;

  password = vigil_team_lookup_password_sync (credentials, "postgresql://ada@db/vigil", &error);
  g_assert_no_error (error);
  g_assert_null (password);

  g_assert_true (vigil_team_uri_key ("postgresql://ada@db:5432/vigil", &key, &storage, NULL));
  vigil_credential_store_store_key_async (credentials, &key, "s3cret", NULL, on_stored_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* the same database written another way finds the same password */
  password = vigil_team_lookup_password_sync (credentials, "postgresql://ada@db/vigil?sslmode=require",
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "s3cret");
  vigil_credential_free_secret (password);

  /* another user, another database: nothing */
  password = vigil_team_lookup_password_sync (credentials, "postgresql://bob@db/vigil", &error);
  g_assert_no_error (error);
  g_assert_null (password);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/team/credentials/password-found-and-stripped", test_password_found_and_stripped);
  g_test_add_func ("/team/credentials/bad-address", test_bad_address);
  g_test_add_func ("/team/credentials/key", test_key);
  g_test_add_func ("/team/credentials/lookup", test_lookup);
  return g_test_run ();
}
