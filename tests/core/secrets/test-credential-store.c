/* test-credential-store.c: the memory and Secret Service credential stores
 *
 * The libsecret tests talk to the real Secret Service of the test session
 * (build-aux/test runs them inside dbus-run-session + with-keyring); with
 * no session bus they are skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "vigil-memory-credential-store.h"
#include "vigil-secret-credential-store.h"

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Wait *wait)
{
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return wait->result;
}

static gboolean
do_store (VigilCredentialStore  *store,
          const char            *service,
          const char            *account,
          const char            *secret,
          GError               **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  vigil_credential_store_store_async (store, service, account, secret, NULL, on_done_cb, &wait);
  result = wait_result (&wait);
  return vigil_credential_store_store_finish (store, result, error);
}

static char *
do_lookup (VigilCredentialStore  *store,
           const char            *service,
           const char            *account,
           GError               **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  vigil_credential_store_lookup_async (store, service, account, NULL, on_done_cb, &wait);
  result = wait_result (&wait);
  return vigil_credential_store_lookup_finish (store, result, error);
}

static gboolean
do_clear (VigilCredentialStore  *store,
          const char            *service,
          const char            *account,
          GError               **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  vigil_credential_store_clear_async (store, service, account, NULL, on_done_cb, &wait);
  result = wait_result (&wait);
  return vigil_credential_store_clear_finish (store, result, error);
}

/* The same behaviour, whatever the implementation. account is unique per
 * run so a reused keyring cannot hide a failure. */
static void
exercise_store (VigilCredentialStore *store,
                const char           *account)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other = g_strconcat ("other-", account, NULL);
  char *secret;

  /* missing → NULL, no error */
  secret = do_lookup (store, "mastodon", account, &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  /* round trip */
  g_assert_true (do_store (store, "mastodon", account, "tok-1 ünïcode", &error));
  g_assert_no_error (error);
  secret = do_lookup (store, "mastodon", account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "tok-1 ünïcode");
  vigil_credential_free_secret (secret);

  /* keyed by service and account: neighbours are separate */
  secret = do_lookup (store, "other-service", account, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  g_assert_true (do_store (store, "mastodon", other, "tok-other", &error));
  g_assert_no_error (error);

  /* overwrite */
  g_assert_true (do_store (store, "mastodon", account, "tok-2", &error));
  g_assert_no_error (error);
  secret = do_lookup (store, "mastodon", account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "tok-2");
  vigil_credential_free_secret (secret);

  /* clear: gone, the neighbour stays; clearing again is fine */
  g_assert_true (do_clear (store, "mastodon", account, &error));
  g_assert_no_error (error);
  secret = do_lookup (store, "mastodon", account, &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  g_assert_true (do_clear (store, "mastodon", account, &error));
  g_assert_no_error (error);
  secret = do_lookup (store, "mastodon", other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "tok-other");
  vigil_credential_free_secret (secret);
  g_assert_true (do_clear (store, "mastodon", other, &error));
  g_assert_no_error (error);

  /* bad input is refused with a message, never stored */
  g_assert_false (do_store (store, "mastodon", "", "x", &error));
  g_assert_error (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (do_store (store, "mastodon", account, "", &error));
  g_assert_error (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (do_lookup (store, "", account, &error));
  g_assert_error (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_memory (void)
{
  g_autoptr(VigilCredentialStore) store = vigil_memory_credential_store_new ();

  exercise_store (store, "me@social.example");
  g_assert_cmpuint (vigil_memory_credential_store_get_n_items (VIGIL_MEMORY_CREDENTIAL_STORE (store)), ==, 0);
}

static gboolean
have_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("no session bus (run inside dbus-run-session -- build-aux/with-keyring)");
      return FALSE;
    }
  if (g_getenv ("GNOME_KEYRING_CONTROL") == NULL)
    {
      g_test_skip ("no test keyring (run inside build-aux/with-keyring)");
      return FALSE;
    }
  return TRUE;
}

static void
test_secret_service (void)
{
  g_autoptr(VigilCredentialStore) store = NULL;
  g_autofree char *account = NULL;

  if (!have_keyring ())
    return;
  store = vigil_secret_credential_store_new ();
  account = g_strdup_printf ("test-%d-%" G_GINT64_FORMAT "@social.example",
                             (int) getpid (), g_get_real_time ());
  exercise_store (store, account);
}

static void
test_secret_cancelled (void)
{
  g_autoptr(VigilCredentialStore) store = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { NULL };

  if (!have_keyring ())
    return;
  store = vigil_secret_credential_store_new ();
  g_cancellable_cancel (cancellable);
  vigil_credential_store_lookup_async (store, "mastodon", "x@y", cancellable, on_done_cb, &wait);
  result = wait_result (&wait);
  g_assert_null (vigil_credential_store_lookup_finish (store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* With a session bus address that leads nowhere, every call fails with
 * NO_BUS and a message that says what to do (in a subprocess: the bus
 * connection is a per-process singleton). */
static void
test_secret_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(VigilCredentialStore) store = NULL;
      g_autoptr(GError) error = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vigil-test-bus", TRUE);
      store = vigil_secret_credential_store_new ();
      g_assert_false (do_store (store, "mastodon", "me@host", "secret", &error));
      g_assert_error (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_NO_BUS);
      g_assert_nonnull (strstr (error->message, "D-Bus"));
      g_clear_error (&error);
      g_assert_null (do_lookup (store, "mastodon", "me@host", &error));
      g_assert_error (error, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_NO_BUS);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_translate_error (void)
{
  static const struct {
    GQuark domain_dummy;
    int    code;
    int    want;
  } dbus_cases[] = {
    { 0, G_DBUS_ERROR_SERVICE_UNKNOWN, VIGIL_CREDENTIAL_ERROR_NO_SERVICE },
    { 0, G_DBUS_ERROR_NAME_HAS_NO_OWNER, VIGIL_CREDENTIAL_ERROR_NO_SERVICE },
    { 0, G_DBUS_ERROR_UNKNOWN_OBJECT, VIGIL_CREDENTIAL_ERROR_LOCKED },
    { 0, G_DBUS_ERROR_NO_REPLY, VIGIL_CREDENTIAL_ERROR_TIMEOUT },
    { 0, G_DBUS_ERROR_ACCESS_DENIED, VIGIL_CREDENTIAL_ERROR_FAILED },
  };
  g_autoptr(GError) in = NULL;
  g_autoptr(GError) out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (dbus_cases); i++)
    {
      g_autoptr(GError) e = g_error_new_literal (G_DBUS_ERROR, dbus_cases[i].code, "x");
      g_autoptr(GError) t = vigil_secret_credential_store_translate_error (e, FALSE);

      g_assert_error (t, VIGIL_CREDENTIAL_ERROR, dbus_cases[i].want);
      g_assert_cmpuint (strlen (t->message), >, 20);
    }

  in = g_error_new_literal (SECRET_ERROR, SECRET_ERROR_IS_LOCKED, "Cannot store: collection is locked");
  out = vigil_secret_credential_store_translate_error (in, FALSE);
  g_assert_error (out, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_LOCKED);
  g_assert_nonnull (strstr (out->message, "Unlock"));
  g_clear_error (&in);
  g_clear_error (&out);

  /* what an unlocked-never gnome-keyring answers to a store */
  in = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_FAILED,
                            "Object does not exist at path “/org/freedesktop/secrets/collection/login”");
  out = vigil_secret_credential_store_translate_error (in, FALSE);
  g_assert_error (out, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_LOCKED);
  g_clear_error (&in);
  g_clear_error (&out);

  /* our own timeout vs. the caller's cancel */
  in = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  out = vigil_secret_credential_store_translate_error (in, TRUE);
  g_assert_error (out, VIGIL_CREDENTIAL_ERROR, VIGIL_CREDENTIAL_ERROR_TIMEOUT);
  g_clear_error (&out);
  out = vigil_secret_credential_store_translate_error (in, FALSE);
  g_assert_error (out, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/credential-store/memory", test_memory);
  g_test_add_func ("/vigil/credential-store/secret-service", test_secret_service);
  g_test_add_func ("/vigil/credential-store/secret-cancelled", test_secret_cancelled);
  g_test_add_func ("/vigil/credential-store/secret-no-bus", test_secret_no_bus);
  g_test_add_func ("/vigil/credential-store/translate-error", test_translate_error);

  return g_test_run ();
}
