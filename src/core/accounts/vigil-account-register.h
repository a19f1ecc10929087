/* vigil-account-register.h: the organisation's social accounts
 *
 * A feature service of VigilContext (vigil_context_ensure_service (ctx,
 * VIGIL_TYPE_ACCOUNT_REGISTER)) and a GListModel of VigilAccount, sorted
 * by title. Its state is the replay of the store's journal:
 *
 *   kind "account", key = the account id, body {"op": …}:
 *     "save"      the editable fields (platform, handle, instance,
 *                 ownership "company"|"personal", owner, admin_email,
 *                 access [..], two_factor, rotated_at ISO|null, notes)
 *     "password"  a password was stored in the Secret Service: its zxcvbn
 *                 score and log10(guesses), and rotated_at
 *     "password-removed", "token" {method "oauth"|"pasted", acct},
 *     "token-removed", "compromised" {reason}, "checklist" {item, done},
 *     "cleared", "removed"
 *   kind "account-usage", key = the account id, body {action, detail}:
 *     who (the record's actor) used the account's credentials, and when:
 *     "copy" (to the clipboard), "connect" (a source looked up its token),
 *     "set-password", "set-token", "sign-in", "revoke".
 *
 * Never a secret in a record: passwords and tokens live only in the
 * credential store (platform, account = handle, instance, purpose).
 * Reused passwords are found by comparing HMAC-SHA256 digests keyed with
 * a random key made per run; digests stay in memory, are never shown and
 * are wiped on finalize.
 *
 * Warnings (VigilAccountWarning) are recomputed whenever an account,
 * a setting or a password check changes; "now" is the context's clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vigil-account.h"
#include "vigil-mastodon-oauth.h"
#include "vigil-password-strength.h"

G_BEGIN_DECLS

#define VIGIL_ACCOUNT_REGISTER_DEFAULT_ROTATION_DAYS 90
/* An admin e-mail shared by this many accounts or more is flagged. */
#define VIGIL_ACCOUNT_REGISTER_DEFAULT_SHARED_EMAIL  3
#define VIGIL_ACCOUNT_REGISTER_MAX_ACCOUNTS          2000

typedef struct
{
  char  *account_id;
  char  *actor;
  gint64 at_us;
  char  *action;
  char  *detail;
} VigilAccountUsage;

void vigil_account_usage_free (VigilAccountUsage *usage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VigilAccountUsage, vigil_account_usage_free)

/* The hacked-account checklist (until a playbook can be started). */
typedef struct
{
  const char *id;
  const char *title;        /* untranslated; use _() */
  const char *description;  /* untranslated; use _() */
} VigilHackedStep;

const VigilHackedStep *vigil_account_register_hacked_steps (guint *n_steps);

/* The steps of an account reported hacked, as they stand: those of its
 * run of the "hacked-account" playbook (see VigilPlaybookService) when
 * one was started, else the register's own checklist. */
typedef struct
{
  char    *id;
  char    *title;       /* translated */
  char    *detail;      /* translated, may be "" */
  gboolean done;
} VigilHackedStepState;

void vigil_hacked_step_state_free (VigilHackedStepState *state);

#define VIGIL_TYPE_ACCOUNT_REGISTER (vigil_account_register_get_type ())
G_DECLARE_FINAL_TYPE (VigilAccountRegister, vigil_account_register, VIGIL, ACCOUNT_REGISTER, GObject)

/* Replays the journal (done once by the constructor too; call again to
 * surface an error). Records appended later, by this or another process,
 * are applied as they arrive. */
gboolean       vigil_account_register_load            (VigilAccountRegister *self,
                                                       GError              **error);

VigilAccount  *vigil_account_register_lookup          (VigilAccountRegister *self,
                                                       const char           *id);
/* By "platform:handle@instance", "handle@instance", "@handle" or an id. */
VigilAccount  *vigil_account_register_find            (VigilAccountRegister *self,
                                                       const char           *reference);

/* Adds an account from fields (see "save" above). Returns it (borrowed). */
VigilAccount  *vigil_account_register_add             (VigilAccountRegister *self,
                                                       JsonObject           *fields,
                                                       GError              **error);
/* Saves fields over account; fails with VIGIL_ACCOUNT_ERROR_CONFLICT when
 * someone else saved it since account's version. */
gboolean       vigil_account_register_update          (VigilAccountRegister *self,
                                                       VigilAccount         *account,
                                                       JsonObject           *fields,
                                                       GError              **error);

/* Rates password, stores it in the credential store, appends the
 * "password" and usage records, and recomputes warnings (reuse included).
 * The strength comes back from _finish (free it). */
void           vigil_account_register_set_password_async  (VigilAccountRegister *self,
                                                           VigilAccount         *account,
                                                           const char           *password,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
VigilPasswordStrength *vigil_account_register_set_password_finish (VigilAccountRegister *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);
/* Stores an access token (method "oauth" or "pasted"), appends "token"
 * and usage records, and restarts the sources linked to the account. */
void           vigil_account_register_set_token_async (VigilAccountRegister *self,
                                                       VigilAccount         *account,
                                                       const char           *token,
                                                       const char           *method,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean       vigil_account_register_set_token_finish (VigilAccountRegister *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* Completes a Mastodon sign-in started with oauth (registered, the
 * person approved in the browser): exchanges code for a token, checks
 * with verify_credentials that the token is the account's own (another
 * account's token is revoked and refused), stores the token and the
 * OAuth client in the credential store, appends "token" (method "oauth")
 * and a "sign-in" usage record, and restarts the linked sources. */
void           vigil_account_register_sign_in_async   (VigilAccountRegister *self,
                                                       VigilAccount         *account,
                                                       VigilMastodonOAuth   *oauth,
                                                       const char           *code,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean       vigil_account_register_sign_in_finish  (VigilAccountRegister *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* Looks the password up for a person who is about to paste it somewhere,
 * and logs a "copy" usage record. Free the result with
 * vigil_credential_free_secret(); NULL with an error when none is stored. */
void           vigil_account_register_reveal_password_async  (VigilAccountRegister *self,
                                                              VigilAccount         *account,
                                                              const char           *purpose,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
char          *vigil_account_register_reveal_password_finish (VigilAccountRegister *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* Looks every stored password up (bounded by the credential store's
 * timeout), rates it and digests it in memory, and recomputes warnings.
 * Fails with the credential store's error when the keyring is unusable
 * (property "secrets-problem" is set to its message, "" when fine). */
void           vigil_account_register_check_passwords_async  (VigilAccountRegister *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean       vigil_account_register_check_passwords_finish (VigilAccountRegister *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* Removes the account: revokes an OAuth token at its instance, clears
 * its password, token and OAuth client from the credential store, and
 * appends "removed". When the token can't be revoked (offline), fails
 * and says so, unless force (then the usage log says it was not). */
void           vigil_account_register_remove_async    (VigilAccountRegister *self,
                                                       VigilAccount         *account,
                                                       gboolean              force,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean       vigil_account_register_remove_finish   (VigilAccountRegister *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* A GPtrArray of VigilHackedStepState (empty unless compromised). */
GPtrArray     *vigil_account_register_list_steps      (VigilAccountRegister *self,
                                                       VigilAccount         *account);
/* Marks the account compromised, starts a run of the "hacked-account"
 * playbook about it (falls back to the register's own checklist when no
 * playbook can be started), and pauses every source that uses its token
 * until vigil_account_register_clear_compromised(). */
gboolean       vigil_account_register_report_hacked   (VigilAccountRegister *self,
                                                       VigilAccount         *account,
                                                       const char           *reason,
                                                       GError              **error);
gboolean       vigil_account_register_set_step_done   (VigilAccountRegister *self,
                                                       VigilAccount         *account,
                                                       const char           *step,
                                                       gboolean              done,
                                                       GError              **error);
/* Refused (VIGIL_ACCOUNT_ERROR_COMPROMISED) until every step is done,
 * unless force. Resumes the sources it paused. */
gboolean       vigil_account_register_clear_compromised (VigilAccountRegister *self,
                                                         VigilAccount         *account,
                                                         gboolean              force,
                                                         GError              **error);

/* Appends a usage record (action: see above; detail may be NULL). */
gboolean       vigil_account_register_log_usage       (VigilAccountRegister *self,
                                                       VigilAccount         *account,
                                                       const char           *action,
                                                       const char           *detail,
                                                       GError              **error);
/* Usage records of account (NULL = all), newest first, at most limit
 * (0 = all). A GPtrArray of VigilAccountUsage. */
GPtrArray     *vigil_account_register_list_usage      (VigilAccountRegister *self,
                                                       VigilAccount         *account,
                                                       guint                 limit,
                                                       GError              **error);

guint          vigil_account_register_get_rotation_days (VigilAccountRegister *self);
void           vigil_account_register_set_rotation_days (VigilAccountRegister *self,
                                                         guint                 days);
guint          vigil_account_register_get_shared_email_threshold (VigilAccountRegister *self);
void           vigil_account_register_set_shared_email_threshold (VigilAccountRegister *self,
                                                                  guint                 n);
/* "" when the credential store answered last time; else what is wrong. */
const char    *vigil_account_register_get_secrets_problem (VigilAccountRegister *self);
void           vigil_account_register_refresh_warnings (VigilAccountRegister *self);

G_END_DECLS
