/* vigil-account-register-secrets.c: what the register keeps in the
 * credential store (passwords, tokens, OAuth clients), signing in, and
 * removing an account
 *
 * Every secret stays in memory only as long as one operation needs it,
 * and is wiped when freed (vigil_credential_free_secret).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-account-register"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-account-register-private.h"

typedef struct
{
  VigilAccount          *account;
  VigilCredentialStore  *credentials;
  GCancellable          *cancellable;
  char                  *secret;     /* the password or token being stored */
  char                  *method;
  char                  *purpose;
  char                  *client;     /* OAuth client JSON (a secret) */
  char                  *acct;
  VigilMastodonOAuth    *oauth;
  VigilPasswordStrength *strength;
  GPtrArray             *pending;    /* VigilAccount still to check */
  guint                  step;
  gboolean               force;
  gboolean               probing;
  char                  *revoke_problem;
} Op;

static void
op_free (Op *op)
{
  g_clear_object (&op->account);
  g_clear_object (&op->credentials);
  g_clear_object (&op->cancellable);
  vigil_credential_free_secret (op->secret);
  vigil_credential_free_secret (op->client);
  g_free (op->method);
  g_free (op->purpose);
  g_free (op->acct);
  g_clear_object (&op->oauth);
  g_clear_pointer (&op->strength, vigil_password_strength_free);
  g_clear_pointer (&op->pending, g_ptr_array_unref);
  g_free (op->revoke_problem);
  g_free (op);
}

static GTask *
op_task (VigilAccountRegister *self,
         VigilAccount         *account,
         gpointer              tag,
         GCancellable         *cancellable,
         GAsyncReadyCallback   callback,
         gpointer              user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, tag);
  op->account = account != NULL ? g_object_ref (account) : NULL;
  op->credentials = g_object_ref (vigil_context_get_credentials (_vigil_account_register_get_context (self)));
  op->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  return task;
}

/* Returns the error through task, noting a keyring problem. */
static void
return_credential_error (GTask  *task,
                         GError *error)
{
  _vigil_account_register_note_credential_error (g_task_get_source_object (task), error);
  g_task_return_error (task, error);
}

/* Finishes storing a secret; on failure completes @task with the keyring error. */
static gboolean
finish_store (GObject      *object,
              GAsyncResult *result,
              GTask        *task)
{
  GError *error = NULL;

  if (!vigil_credential_store_store_finish (VIGIL_CREDENTIAL_STORE (object), result, &error))
    {
      return_credential_error (task, error);
      return FALSE;
    }
  return TRUE;
}

static void
log_usage (VigilAccountRegister *self,
           VigilAccount         *account,
           const char           *action,
           const char           *detail)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_account_register_log_usage (self, account, action, detail, &error))
    g_debug ("Could not log %s: %s", action, error->message);
}

static void
refresh_sources (VigilAccountRegister *self,
                 VigilAccount         *account)
{
  VigilSourceManager *manager = vigil_context_get_source_manager (_vigil_account_register_get_context (self));
  g_autofree char *address = vigil_account_dup_address (account);

  if (manager != NULL && g_str_equal (vigil_account_get_platform (account), "mastodon"))
    vigil_source_manager_refresh_account (manager, address);
}

/* Starts an operation on @account; returns NULL, having completed the
 * task with an error, when the account was removed from the register. */
static GTask *
account_op_task (VigilAccountRegister *self,
                 VigilAccount         *account,
                 gpointer              tag,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data)
{
  GTask *task = op_task (self, account, tag, cancellable, callback, user_data);

  if (vigil_account_get_removed (account))
    {
      g_task_return_new_error (task, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_NOT_FOUND,
                               "%s", _("This account was removed from the register."));
      g_object_unref (task);
      return NULL;
    }
  return task;
}

/* --- set_password --- */

static void
on_password_stored_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigilAccountRegister *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = NULL;
  VigilPasswordStrength *strength;
  GError *error = NULL;

  if (!finish_store (object, result, task))
    return;
  _vigil_account_register_note_credential_error (self, NULL);
  strength = _vigil_account_register_remember_password (self, op->account, op->secret);
  g_assert (strength != NULL);  /* checked before storing */

  builder = _vigil_account_register_begin ("password");
  json_builder_set_member_name (builder, "score");
  json_builder_add_int_value (builder, strength->score);
  json_builder_set_member_name (builder, "guesses_log10");
  json_builder_add_double_value (builder, (gint64) (strength->guesses_log10 * 10) / 10.0);
  if (!_vigil_account_register_append_op (self, op->account, builder, &error))
    {
      vigil_password_strength_free (strength);
      g_task_return_error (task, error);
      return;
    }
  log_usage (self, op->account, "set-password", NULL);
  g_task_return_pointer (task, strength, (GDestroyNotify) vigil_password_strength_free);
}

void
vigil_account_register_set_password_async (VigilAccountRegister *self,
                                           VigilAccount         *account,
                                           const char           *password,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(VigilPasswordStrength) check = NULL;
  VigilCredentialKey key;
  Op *op;

  g_return_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self));
  g_return_if_fail (VIGIL_IS_ACCOUNT (account));

  task = account_op_task (self, account, vigil_account_register_set_password_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  op = g_task_get_task_data (task);
  check = vigil_password_strength_check (password, NULL);
  if (check == NULL)
    {
      g_task_return_new_error (task, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID, "%s",
                               _("The password is empty, longer than 1024 bytes or not valid text."));
      return;
    }
  op->secret = g_strdup (password);
  _vigil_account_register_fill_key (account, VIGIL_CREDENTIAL_PURPOSE_PASSWORD, &key);
  vigil_credential_store_store_key_async (op->credentials, &key, password, cancellable,
                                          on_password_stored_cb, g_steal_pointer (&task));
}

VigilPasswordStrength *
vigil_account_register_set_password_finish (VigilAccountRegister  *self,
                                            GAsyncResult          *result,
                                            GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- set_token --- */

static void
record_token (GTask *task)
{
  VigilAccountRegister *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = _vigil_account_register_begin ("token");
  GError *error = NULL;

  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, op->method);
  if (op->acct != NULL)
    {
      json_builder_set_member_name (builder, "acct");
      json_builder_add_string_value (builder, op->acct);
    }
  if (!_vigil_account_register_append_op (self, op->account, builder, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  log_usage (self, op->account, g_str_equal (op->method, "oauth") ? "sign-in" : "set-token", op->method);
  refresh_sources (self, op->account);
  g_task_return_boolean (task, TRUE);
}

static void
on_token_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  if (!finish_store (object, result, task))
    return;
  _vigil_account_register_note_credential_error (g_task_get_source_object (task), NULL);
  record_token (task);
}

void
vigil_account_register_set_token_async (VigilAccountRegister *self,
                                        VigilAccount         *account,
                                        const char           *token,
                                        const char           *method,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  VigilCredentialKey key;
  Op *op;

  g_return_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self));
  g_return_if_fail (VIGIL_IS_ACCOUNT (account));

  task = account_op_task (self, account, vigil_account_register_set_token_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  op = g_task_get_task_data (task);
  op->method = g_strdup (g_strcmp0 (method, "oauth") == 0 ? "oauth" : "pasted");
  _vigil_account_register_fill_key (account, VIGIL_CREDENTIAL_PURPOSE_TOKEN, &key);
  vigil_credential_store_store_key_async (op->credentials, &key, token, cancellable,
                                          on_token_stored_cb, g_steal_pointer (&task));
}

gboolean
vigil_account_register_set_token_finish (VigilAccountRegister  *self,
                                         GAsyncResult          *result,
                                         GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- sign in --- */

static void
on_client_stored_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  if (!finish_store (object, result, task))
    return;
  record_token (task);
}

static void
on_signed_in_token_stored_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  VigilCredentialKey key;

  if (!finish_store (object, result, task))
    return;
  /* the client is needed to revoke the token later */
  op->client = vigil_mastodon_oauth_dup_client_secret_json (op->oauth);
  _vigil_account_register_fill_key (op->account, VIGIL_CREDENTIAL_PURPOSE_OAUTH_CLIENT, &key);
  vigil_credential_store_store_key_async (VIGIL_CREDENTIAL_STORE (object), &key, op->client,
                                          op->cancellable, on_client_stored_cb,
                                          g_steal_pointer (&task));
}

static void
on_wrong_token_revoked_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);

  vigil_mastodon_oauth_revoke_finish (VIGIL_MASTODON_OAUTH (object), result, NULL);
  g_task_return_new_error (task, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                           _("The browser was signed in as @%s, not @%s. Sign out there, sign in as "
                             "@%s, then try again."),
                           op->acct, vigil_account_get_handle (op->account),
                           vigil_account_get_handle (op->account));
}

static void
on_sign_in_verified_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autofree char *local = NULL;
  VigilCredentialKey key;
  GError *error = NULL;
  char *at;

  op->acct = vigil_mastodon_oauth_verify_finish (op->oauth, result, &error);
  if (op->acct == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  local = g_strdup (op->acct);
  at = strchr (local, '@');
  if (at != NULL)
    *at = '\0';
  if (g_ascii_strcasecmp (local, vigil_account_get_handle (op->account)) != 0)
    {
      vigil_mastodon_oauth_revoke_async (op->oauth, op->secret, NULL, on_wrong_token_revoked_cb,
                                         g_steal_pointer (&task));
      return;
    }
  op->method = g_strdup ("oauth");
  _vigil_account_register_fill_key (op->account, VIGIL_CREDENTIAL_PURPOSE_TOKEN, &key);
  vigil_credential_store_store_key_async (op->credentials, &key, op->secret,
                                          op->cancellable, on_signed_in_token_stored_cb,
                                          g_steal_pointer (&task));
}

static void
on_code_exchanged_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->secret = vigil_mastodon_oauth_exchange_code_finish (op->oauth, result, &error);
  if (op->secret == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  vigil_mastodon_oauth_verify_async (op->oauth, op->secret, op->cancellable,
                                     on_sign_in_verified_cb, g_steal_pointer (&task));
}

void
vigil_account_register_sign_in_async (VigilAccountRegister *self,
                                      VigilAccount         *account,
                                      VigilMastodonOAuth   *oauth,
                                      const char           *code,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  g_return_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self));
  g_return_if_fail (VIGIL_IS_ACCOUNT (account));
  g_return_if_fail (VIGIL_IS_MASTODON_OAUTH (oauth));

  task = account_op_task (self, account, vigil_account_register_sign_in_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  op = g_task_get_task_data (task);
  if (!g_str_equal (vigil_account_get_platform (account), "mastodon"))
    {
      g_task_return_new_error (task, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID, "%s",
                               _("Signing in from Vigil works for Mastodon accounts only."));
      return;
    }
  op->oauth = g_object_ref (oauth);
  vigil_mastodon_oauth_exchange_code_async (oauth, code, cancellable, on_code_exchanged_cb,
                                            g_steal_pointer (&task));
}

gboolean
vigil_account_register_sign_in_finish (VigilAccountRegister  *self,
                                       GAsyncResult          *result,
                                       GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- reveal --- */

static void
on_revealed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigilAccountRegister *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  char *secret;

  secret = vigil_credential_store_lookup_finish (VIGIL_CREDENTIAL_STORE (object), result, &error);
  if (error != NULL)
    {
      return_credential_error (task, error);
      return;
    }
  _vigil_account_register_note_credential_error (self, NULL);
  if (secret == NULL)
    {
      g_task_return_new_error (task, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_NOT_FOUND, "%s",
                               _("No such secret is stored for this account in the keyring."));
      return;
    }
  log_usage (self, op->account, "copy", op->purpose);
  g_task_return_pointer (task, secret, (GDestroyNotify) vigil_credential_free_secret);
}

void
vigil_account_register_reveal_password_async (VigilAccountRegister *self,
                                              VigilAccount         *account,
                                              const char           *purpose,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  VigilCredentialKey key;
  Op *op;

  g_return_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self));
  g_return_if_fail (VIGIL_IS_ACCOUNT (account));

  task = account_op_task (self, account, vigil_account_register_reveal_password_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  op = g_task_get_task_data (task);
  op->purpose = g_strdup (purpose != NULL ? purpose : VIGIL_CREDENTIAL_PURPOSE_PASSWORD);
  if (!g_str_equal (op->purpose, VIGIL_CREDENTIAL_PURPOSE_PASSWORD)
      && !g_str_equal (op->purpose, VIGIL_CREDENTIAL_PURPOSE_TOKEN))
    {
      g_task_return_new_error (task, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID, "%s",
                               _("Only a password or a token can be copied."));
      return;
    }
  _vigil_account_register_fill_key (account, op->purpose, &key);
  vigil_credential_store_lookup_key_async (op->credentials, &key, cancellable,
                                           on_revealed_cb, g_steal_pointer (&task));
}

char *
vigil_account_register_reveal_password_finish (VigilAccountRegister  *self,
                                               GAsyncResult          *result,
                                               GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- check passwords --- */

static void check_next (GTask *task);

static void
on_checked_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigilAccountRegister *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  VigilAccount *account = op->probing ? NULL : g_ptr_array_index (op->pending, op->step);
  GError *error = NULL;
  char *secret;

  secret = vigil_credential_store_lookup_finish (VIGIL_CREDENTIAL_STORE (object), result, &error);
  if (error != NULL)
    {
      vigil_account_register_refresh_warnings (self);
      return_credential_error (task, error);
      return;
    }
  if (account == NULL)
    ;  /* the probe */
  else if (secret != NULL)
    vigil_password_strength_free (_vigil_account_register_remember_password (self, account, secret));
  else
    _vigil_account_register_forget_password (self, account);
  vigil_credential_free_secret (secret);
  if (!op->probing)
    op->step++;
  check_next (g_steal_pointer (&task));
}

static void
check_next (GTask *task)
{
  VigilAccountRegister *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  VigilCredentialKey key;

  if (op->pending->len == 0 && !op->probing)
    {
      /* nothing to look up: still ask the keyring, so that a banner can
       * say it is unusable before anyone tries to store a secret */
      VigilCredentialKey probe = { "vigil", "keyring-check", "", "probe" };

      op->probing = TRUE;
      vigil_credential_store_lookup_key_async (op->credentials, &probe, op->cancellable,
                                               on_checked_cb, task);
      return;
    }
  if (op->step >= op->pending->len)
    {
      _vigil_account_register_note_credential_error (self, NULL);
      vigil_account_register_refresh_warnings (self);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  _vigil_account_register_fill_key (g_ptr_array_index (op->pending, op->step),
                                    VIGIL_CREDENTIAL_PURPOSE_PASSWORD, &key);
  vigil_credential_store_lookup_key_async (op->credentials, &key, op->cancellable,
                                           on_checked_cb, task);
}

void
vigil_account_register_check_passwords_async (VigilAccountRegister *self,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data)
{
  GTask *task;
  GPtrArray *accounts;
  Op *op;

  g_return_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self));

  task = op_task (self, NULL, vigil_account_register_check_passwords_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->pending = g_ptr_array_new_with_free_func (g_object_unref);
  accounts = _vigil_account_register_get_accounts (self);
  for (guint i = 0; i < accounts->len; i++)
    if (vigil_account_get_has_password (g_ptr_array_index (accounts, i)))
      g_ptr_array_add (op->pending, g_object_ref (g_ptr_array_index (accounts, i)));
  check_next (task);
}

gboolean
vigil_account_register_check_passwords_finish (VigilAccountRegister  *self,
                                               GAsyncResult          *result,
                                               GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- remove --- */

static const char * const remove_purposes[] = {
  VIGIL_CREDENTIAL_PURPOSE_PASSWORD, VIGIL_CREDENTIAL_PURPOSE_TOKEN, VIGIL_CREDENTIAL_PURPOSE_OAUTH_CLIENT,
};

static void remove_clear_next (GTask *task);

static void
on_remove_cleared_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vigil_credential_store_clear_finish (VIGIL_CREDENTIAL_STORE (object), result, &error))
    {
      return_credential_error (task, error);
      return;
    }
  op->step++;
  remove_clear_next (g_steal_pointer (&task));
}

static void
remove_clear_next (GTask *task)
{
  VigilAccountRegister *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(JsonBuilder) builder = NULL;
  VigilCredentialKey key;
  GError *error = NULL;

  if (op->step < G_N_ELEMENTS (remove_purposes))
    {
      _vigil_account_register_fill_key (op->account, remove_purposes[op->step], &key);
      vigil_credential_store_clear_key_async (op->credentials, &key, op->cancellable,
                                              on_remove_cleared_cb, task);
      return;
    }

  if (op->revoke_problem != NULL)
    log_usage (self, op->account, "revoke", op->revoke_problem);
  builder = _vigil_account_register_begin ("removed");
  _vigil_account_register_forget_password (self, op->account);
  if (!_vigil_account_register_append_op (self, op->account, builder, &error))
    g_task_return_error (task, error);
  else
    {
      refresh_sources (self, op->account);
      g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

static void
on_remove_revoked_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vigil_mastodon_oauth_revoke_finish (VIGIL_MASTODON_OAUTH (object), result, &error))
    {
      if (!op->force)
        {
          g_task_return_new_error (task, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_FAILED,
                                   _("The account was not removed, because its token could not be "
                                     "revoked: %s Try again, or remove it anyway and revoke “Vigil” in "
                                     "the instance’s settings (Account → Authorized apps)."),
                                   error->message);
          g_error_free (error);
          return;
        }
      op->revoke_problem = g_strdup_printf ("not revoked: %s", error->message);
      g_error_free (error);
    }
  else
    op->revoke_problem = g_strdup ("revoked");
  op->step = 0;
  remove_clear_next (g_steal_pointer (&task));
}

static void
on_remove_token_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VigilAccountRegister *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->secret = vigil_credential_store_lookup_finish (VIGIL_CREDENTIAL_STORE (object), result, &error);
  if (error != NULL)
    {
      return_credential_error (task, error);
      return;
    }
  if (op->secret == NULL || op->client == NULL)
    {
      op->revoke_problem = g_strdup ("not revoked: the token or its client was not in the keyring");
      if (!op->force && op->secret != NULL)
        {
          g_task_return_new_error (task, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_FAILED, "%s",
                                   _("The token can’t be revoked: its sign-in client is missing from "
                                     "the keyring. Remove the account anyway, then revoke “Vigil” in the "
                                     "instance’s settings (Account → Authorized apps)."));
          return;
        }
      op->step = 0;
      remove_clear_next (g_steal_pointer (&task));
      return;
    }
  op->oauth = vigil_mastodon_oauth_new_from_client_json (vigil_context_get_session (_vigil_account_register_get_context (self)),
                                                         vigil_account_get_instance (op->account),
                                                         op->client, &error);
  if (op->oauth == NULL)
    {
      if (!op->force)
        {
          g_task_return_error (task, error);
          return;
        }
      op->revoke_problem = g_strdup_printf ("not revoked: %s", error->message);
      g_error_free (error);
      op->step = 0;
      remove_clear_next (g_steal_pointer (&task));
      return;
    }
  vigil_mastodon_oauth_revoke_async (op->oauth, op->secret, op->cancellable,
                                     on_remove_revoked_cb, g_steal_pointer (&task));
}

static void
on_remove_client_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  VigilCredentialKey key;
  GError *error = NULL;

  op->client = vigil_credential_store_lookup_finish (VIGIL_CREDENTIAL_STORE (object), result, &error);
  if (error != NULL)
    {
      return_credential_error (task, error);
      return;
    }
  _vigil_account_register_fill_key (op->account, VIGIL_CREDENTIAL_PURPOSE_TOKEN, &key);
  vigil_credential_store_lookup_key_async (VIGIL_CREDENTIAL_STORE (object), &key,
                                           op->cancellable, on_remove_token_cb,
                                           g_steal_pointer (&task));
}

void
vigil_account_register_remove_async (VigilAccountRegister *self,
                                     VigilAccount         *account,
                                     gboolean              force,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  VigilCredentialKey key;
  Op *op;

  g_return_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self));
  g_return_if_fail (VIGIL_IS_ACCOUNT (account));

  task = account_op_task (self, account, vigil_account_register_remove_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  op = g_task_get_task_data (task);
  op->force = force;
  if (g_str_equal (vigil_account_get_token_method (account), "oauth"))
    {
      _vigil_account_register_fill_key (account, VIGIL_CREDENTIAL_PURPOSE_OAUTH_CLIENT, &key);
      vigil_credential_store_lookup_key_async (op->credentials, &key, cancellable,
                                               on_remove_client_cb, g_steal_pointer (&task));
      return;
    }
  /* nothing stored: no need for the keyring */
  op->step = vigil_account_get_has_password (account) || *vigil_account_get_token_method (account) != '\0'
    ? 0 : G_N_ELEMENTS (remove_purposes);
  remove_clear_next (g_steal_pointer (&task));
}

gboolean
vigil_account_register_remove_finish (VigilAccountRegister  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
