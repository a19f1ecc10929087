/* vigil-account-register.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-account-register"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

#include "vigil-account-register-private.h"
#include "vigil-context.h"
#include "vigil-mastodon-oauth.h"

#define HMAC_KEY_BYTES 32

struct _VigilAccountRegister
{
  GObject       parent_instance;

  VigilContext *context;       /* not owned: the context owns the service */
  GPtrArray    *accounts;      /* VigilAccount, sorted by title, not removed */
  GHashTable   *by_id;         /* id → VigilAccount (removed ones too) */
  GHashTable   *applied;       /* seq set of records applied */
  GHashTable   *digests;       /* id → hex HMAC of the password (memory only) */
  GHashTable   *scores;        /* id → GINT_TO_POINTER (score + 1) measured this run */
  guchar        hmac_key[HMAC_KEY_BYTES];
  guint         rotation_days;
  guint         shared_email;
  char         *secrets_problem;
  gulong        appended_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (VigilAccountRegister, vigil_account_register, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_ROTATION_DAYS,
  PROP_SHARED_EMAIL_THRESHOLD,
  PROP_SECRETS_PROBLEM,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const VigilHackedStep hacked_steps[] = {
  { "secure-email", N_("Secure the admin e-mail"),
    N_("Change the password of the admin e-mail, and check its forwarding rules and recovery options: whoever holds it can reset the account.") },
  { "reset-password", N_("Set a new, unique password"),
    N_("Reset the account’s password to one never used anywhere else, and store it in Vigil.") },
  { "end-sessions", N_("End other sessions and revoke apps"),
    N_("Sign out every other session and revoke connected apps and tokens you do not recognise.") },
  { "enable-2fa", N_("Turn on two-factor authentication"),
    N_("Use an authenticator app or a security key rather than text messages.") },
  { "check-recovery", N_("Check recovery details and admins"),
    N_("Remove any recovery e-mail, phone number, admin or role the attacker added.") },
  { "review-activity", N_("Review what was posted and changed"),
    N_("Delete posts and messages the attacker sent, and undo changes to the profile.") },
  { "report-platform", N_("Report it to the platform"),
    N_("Follow the platform’s recovery process for hacked accounts.") },
  { "inform", N_("Tell the people who need to know"),
    N_("Security/IT, communications and everyone with access; prepare a public statement if posts went out.") },
};

const VigilHackedStep *
vigil_account_register_hacked_steps (guint *n_steps)
{
  if (n_steps != NULL)
    *n_steps = G_N_ELEMENTS (hacked_steps);
  return hacked_steps;
}

void
vigil_account_usage_free (VigilAccountUsage *usage)
{
  if (usage == NULL)
    return;
  g_free (usage->account_id);
  g_free (usage->actor);
  g_free (usage->action);
  g_free (usage->detail);
  g_free (usage);
}

/* --- GListModel --- */

static GType
list_get_item_type (GListModel *model)
{
  return VIGIL_TYPE_ACCOUNT;
}

static guint
list_get_n_items (GListModel *model)
{
  return VIGIL_ACCOUNT_REGISTER (model)->accounts->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  VigilAccountRegister *self = VIGIL_ACCOUNT_REGISTER (model);

  if (position >= self->accounts->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* --- helpers --- */

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  VigilAccount *x = *(VigilAccount **) a;
  VigilAccount *y = *(VigilAccount **) b;
  g_autofree char *tx = vigil_account_dup_title (x);
  g_autofree char *ty = vigil_account_dup_title (y);
  int cmp = g_utf8_collate (tx, ty);

  return cmp != 0 ? cmp : strcmp (vigil_account_get_id (x), vigil_account_get_id (y));
}

static void
resort (VigilAccountRegister *self)
{
  guint n = self->accounts->len;

  g_ptr_array_sort (self->accounts, compare_accounts);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
}

static VigilStore *
get_store (VigilAccountRegister *self)
{
  return vigil_context_get_store (self->context);
}

static void
set_secrets_problem (VigilAccountRegister *self,
                     const char           *problem)
{
  if (problem == NULL)
    problem = "";
  if (g_strcmp0 (self->secrets_problem, problem) == 0)
    return;
  g_free (self->secrets_problem);
  self->secrets_problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRETS_PROBLEM]);
}

/* Credential-store errors that mean "the keyring is unusable" rather than
 * "this request was wrong". */
static void
note_credential_error (VigilAccountRegister *self,
                       const GError         *error)
{
  if (error == NULL)
    set_secrets_problem (self, NULL);
  else if (error->domain == VIGIL_CREDENTIAL_ERROR && error->code != VIGIL_CREDENTIAL_ERROR_INVALID)
    set_secrets_problem (self, error->message);
}

void
_vigil_account_register_fill_key (VigilAccount       *account,
                                  const char         *purpose,
                                  VigilCredentialKey *key)
{
  key->platform = vigil_account_get_platform (account);
  key->account = vigil_account_get_handle (account);
  key->instance = vigil_account_get_instance (account);
  key->purpose = purpose;
}

static char *
digest_password (VigilAccountRegister *self,
                 const char           *password)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, self->hmac_key, sizeof self->hmac_key);

  g_hmac_update (hmac, (const guchar *) password, strlen (password));
  return g_strdup (g_hmac_get_string (hmac));
}

static const char **
user_inputs_for (VigilAccount *account,
                 const char   *inputs[5])
{
  inputs[0] = vigil_account_get_handle (account);
  inputs[1] = vigil_account_get_admin_email (account);
  inputs[2] = vigil_account_get_owner (account);
  inputs[3] = vigil_account_get_instance (account);
  inputs[4] = NULL;
  return inputs;
}

static void
forget_digest (VigilAccountRegister *self,
               const char           *id)
{
  g_hash_table_remove (self->digests, id);
  g_hash_table_remove (self->scores, id);
}

static void
wipe_digest (gpointer data)
{
  char *digest = data;

  explicit_bzero (digest, strlen (digest));
  g_free (digest);
}

/* --- warnings --- */

void
vigil_account_register_refresh_warnings (VigilAccountRegister *self)
{
  g_autoptr(GHashTable) emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) digest_count = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 now;

  g_return_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self));

  /* a keyring answer can arrive after the context (and our dispose) went */
  if (self->context == NULL)
    return;
  now = vigil_context_now_us (self->context);
  for (guint i = 0; i < self->accounts->len; i++)
    {
      VigilAccount *account = g_ptr_array_index (self->accounts, i);
      const char *email = vigil_account_get_admin_email (account);
      const char *digest = g_hash_table_lookup (self->digests, vigil_account_get_id (account));

      if (*email != '\0')
        {
          char *lower = g_utf8_casefold (email, -1);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (emails, lower));

          g_hash_table_replace (emails, lower, GUINT_TO_POINTER (n + 1));
        }
      if (digest != NULL)
        g_hash_table_replace (digest_count, (gpointer) digest,
                              GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (digest_count, digest)) + 1));
    }

  for (guint i = 0; i < self->accounts->len; i++)
    {
      VigilAccount *account = g_ptr_array_index (self->accounts, i);
      const char *id = vigil_account_get_id (account);
      VigilAccountWarning w = VIGIL_ACCOUNT_WARNING_NONE;
      const char *digest = g_hash_table_lookup (self->digests, id);
      gpointer measured = g_hash_table_lookup (self->scores, id);
      int score = measured != NULL ? GPOINTER_TO_INT (measured) - 1 : vigil_account_get_password_score (account);
      gint64 rotated = vigil_account_get_rotated_us (account);

      if (vigil_account_get_compromised (account))
        w |= VIGIL_ACCOUNT_WARNING_COMPROMISED;
      if (!vigil_account_get_two_factor (account))
        w |= VIGIL_ACCOUNT_WARNING_NO_2FA;
      if (self->rotation_days > 0
          && (rotated <= 0 || now - rotated > (gint64) self->rotation_days * G_TIME_SPAN_DAY))
        w |= VIGIL_ACCOUNT_WARNING_ROTATION_OVERDUE;
      if (vigil_account_get_ownership (account) == VIGIL_ACCOUNT_OWNER_PERSONAL)
        w |= VIGIL_ACCOUNT_WARNING_PERSONAL_OWNER;
      if (score >= 0 && score <= VIGIL_PASSWORD_WEAK_SCORE)
        w |= VIGIL_ACCOUNT_WARNING_WEAK_PASSWORD;
      if (digest != NULL && GPOINTER_TO_UINT (g_hash_table_lookup (digest_count, digest)) > 1)
        w |= VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD;
      if (*vigil_account_get_admin_email (account) != '\0' && self->shared_email > 1)
        {
          g_autofree char *lower = g_utf8_casefold (vigil_account_get_admin_email (account), -1);

          if (GPOINTER_TO_UINT (g_hash_table_lookup (emails, lower)) >= self->shared_email)
            w |= VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL;
        }
      vigil_account_set_warnings (account, w);
    }
}

/* --- the journal --- */

static void
apply_record (VigilAccountRegister *self,
              const VigilRecord    *record)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  VigilAccount *account;
  JsonNode *root;
  gboolean was_listed;
  g_autofree char *old_title = NULL;
  g_autofree char *new_title = NULL;

  if (g_hash_table_contains (self->applied, &record->seq))
    return;
  g_hash_table_add (self->applied, g_memdup2 (&record->seq, sizeof record->seq));

  parser = json_parser_new ();
  if (record->body == NULL || !json_parser_load_from_data (parser, record->body, -1, &error)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Skipping account record %" G_GINT64_FORMAT ": not a JSON object", record->seq);
      return;
    }

  account = g_hash_table_lookup (self->by_id, record->key);
  if (account == NULL)
    {
      if (g_hash_table_size (self->by_id) >= VIGIL_ACCOUNT_REGISTER_MAX_ACCOUNTS)
        {
          g_debug ("Skipping account record %" G_GINT64_FORMAT ": too many accounts", record->seq);
          return;
        }
      account = vigil_account_new (record->key);
      g_hash_table_insert (self->by_id, g_strdup (record->key), account);
    }
  if (vigil_account_get_removed (account))
    return;
  was_listed = g_ptr_array_find (self->accounts, account, NULL);
  old_title = vigil_account_dup_title (account);

  if (!vigil_account_apply_record (account, json_node_get_object (root), record->version,
                                   record->at_us, &error))
    {
      g_debug ("Skipping account record %" G_GINT64_FORMAT ": %s", record->seq, error->message);
      return;
    }
  new_title = vigil_account_dup_title (account);

  if (vigil_account_get_removed (account))
    {
      guint index;

      forget_digest (self, record->key);
      if (g_ptr_array_find (self->accounts, account, &index))
        {
          g_ptr_array_remove_index (self->accounts, index);
          g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
        }
    }
  else if (!was_listed && *vigil_account_get_handle (account) != '\0')
    {
      guint index;

      g_ptr_array_add (self->accounts, g_object_ref (account));
      g_ptr_array_sort (self->accounts, compare_accounts);
      g_ptr_array_find (self->accounts, account, &index);
      g_list_model_items_changed (G_LIST_MODEL (self), index, 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  else if (was_listed && g_strcmp0 (old_title, new_title) != 0)
    resort (self);

  _vigil_account_register_sync_sources (self, account);
}

static void
on_record_appended_cb (VigilStore           *store,
                       VigilRecord          *record,
                       VigilAccountRegister *self)
{
  if (g_strcmp0 (record->kind, "account") != 0)
    return;
  apply_record (self, record);
  vigil_account_register_refresh_warnings (self);
}

gboolean
vigil_account_register_load (VigilAccountRegister  *self,
                             GError               **error)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), FALSE);

  records = vigil_store_list_records (get_store (self), "account", NULL, 0, 0, error);
  if (records == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    apply_record (self, g_ptr_array_index (records, i));
  vigil_account_register_refresh_warnings (self);
  return TRUE;
}

gboolean
_vigil_account_register_append (VigilAccountRegister  *self,
                                const char            *kind,
                                const char            *key,
                                gint64                 expected_version,
                                JsonBuilder           *builder,
                                GError               **error)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *body = json_to_string (root, FALSE);
  g_autoptr(VigilRecord) record = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!vigil_store_append_record (get_store (self), kind, key, expected_version,
                                  vigil_context_get_actor (self->context),
                                  vigil_context_now_us (self->context), body, &record, &local_error))
    {
      if (g_error_matches (local_error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_CONFLICT))
        g_set_error_literal (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_CONFLICT,
                             _("Someone else changed this account meanwhile. Look at their "
                               "changes, then make yours again."));
      else
        g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_FAILED,
                     _("The account could not be saved in the archive: %s"), local_error->message);
      return FALSE;
    }
  if (g_str_equal (kind, "account"))
    {
      apply_record (self, record);
      vigil_account_register_refresh_warnings (self);
    }
  return TRUE;
}

JsonBuilder *
_vigil_account_register_begin (const char *op)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (op != NULL)
    {
      json_builder_set_member_name (builder, "op");
      json_builder_add_string_value (builder, op);
    }
  return builder;
}

static gboolean
append_op (VigilAccountRegister  *self,
           VigilAccount          *account,
           JsonBuilder           *builder,
           GError               **error)
{
  json_builder_end_object (builder);
  return _vigil_account_register_append (self, "account", vigil_account_get_id (account),
                                         VIGIL_RECORD_ANY_VERSION, builder, error);
}

/* --- GObject --- */

static void
vigil_account_register_constructed (GObject *object)
{
  VigilAccountRegister *self = VIGIL_ACCOUNT_REGISTER (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (vigil_account_register_parent_class)->constructed (object);
  g_assert (VIGIL_IS_CONTEXT (self->context));

  self->appended_id = g_signal_connect (get_store (self), "record-appended",
                                        G_CALLBACK (on_record_appended_cb), self);
  _vigil_account_register_watch_sources (self);
  if (!vigil_account_register_load (self, &error))
    g_debug ("Could not read the account register: %s", error->message);
}

static void
vigil_account_register_dispose (GObject *object)
{
  VigilAccountRegister *self = VIGIL_ACCOUNT_REGISTER (object);

  if (self->context != NULL)
    {
      g_clear_signal_handler (&self->appended_id, get_store (self));
      _vigil_account_register_unwatch_sources (self);
    }
  self->context = NULL;
  g_ptr_array_set_size (self->accounts, 0);
  g_hash_table_remove_all (self->by_id);
  G_OBJECT_CLASS (vigil_account_register_parent_class)->dispose (object);
}

static void
vigil_account_register_finalize (GObject *object)
{
  VigilAccountRegister *self = VIGIL_ACCOUNT_REGISTER (object);

  explicit_bzero (self->hmac_key, sizeof self->hmac_key);
  g_ptr_array_unref (self->accounts);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->applied);
  g_hash_table_unref (self->digests);
  g_hash_table_unref (self->scores);
  g_free (self->secrets_problem);
  G_OBJECT_CLASS (vigil_account_register_parent_class)->finalize (object);
}

static void
vigil_account_register_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  VigilAccountRegister *self = VIGIL_ACCOUNT_REGISTER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_ROTATION_DAYS:
      g_value_set_uint (value, self->rotation_days);
      break;
    case PROP_SHARED_EMAIL_THRESHOLD:
      g_value_set_uint (value, self->shared_email);
      break;
    case PROP_SECRETS_PROBLEM:
      g_value_set_string (value, self->secrets_problem);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->accounts->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_account_register_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  VigilAccountRegister *self = VIGIL_ACCOUNT_REGISTER (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_get_object (value);  /* no ref: the context owns us */
      break;
    case PROP_ROTATION_DAYS:
      vigil_account_register_set_rotation_days (self, g_value_get_uint (value));
      break;
    case PROP_SHARED_EMAIL_THRESHOLD:
      vigil_account_register_set_shared_email_threshold (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_account_register_class_init (VigilAccountRegisterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_account_register_constructed;
  object_class->dispose = vigil_account_register_dispose;
  object_class->finalize = vigil_account_register_finalize;
  object_class->get_property = vigil_account_register_get_property;
  object_class->set_property = vigil_account_register_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, VIGIL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROTATION_DAYS] =
    g_param_spec_uint ("rotation-days", NULL, NULL, 0, 3650, VIGIL_ACCOUNT_REGISTER_DEFAULT_ROTATION_DAYS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARED_EMAIL_THRESHOLD] =
    g_param_spec_uint ("shared-email-threshold", NULL, NULL, 0, 1000, VIGIL_ACCOUNT_REGISTER_DEFAULT_SHARED_EMAIL,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRETS_PROBLEM] =
    g_param_spec_string ("secrets-problem", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_account_register_init (VigilAccountRegister *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->applied = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->digests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_digest);
  self->scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rotation_days = VIGIL_ACCOUNT_REGISTER_DEFAULT_ROTATION_DAYS;
  self->shared_email = VIGIL_ACCOUNT_REGISTER_DEFAULT_SHARED_EMAIL;
  self->secrets_problem = g_strdup ("");
  if (getrandom (self->hmac_key, sizeof self->hmac_key, 0) != sizeof self->hmac_key)
    {
      /* getrandom() on Linux ≥ 3.17 does not fail for 32 bytes; belt and braces */
      for (guint i = 0; i < sizeof self->hmac_key; i++)
        self->hmac_key[i] = g_random_int_range (0, 256);
    }
}

/* --- public: lookups, edits --- */

VigilAccount *
vigil_account_register_lookup (VigilAccountRegister *self,
                               const char           *id)
{
  VigilAccount *account;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), NULL);
  if (id == NULL)
    return NULL;
  account = g_hash_table_lookup (self->by_id, id);
  return account != NULL && !vigil_account_get_removed (account) ? account : NULL;
}

VigilAccount *
vigil_account_register_find (VigilAccountRegister *self,
                             const char           *reference)
{
  g_autofree char *platform = NULL;
  const char *rest;
  const char *colon;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), NULL);
  if (reference == NULL || *reference == '\0')
    return NULL;
  if (vigil_account_register_lookup (self, reference) != NULL)
    return vigil_account_register_lookup (self, reference);

  colon = strchr (reference, ':');
  platform = colon != NULL ? g_strndup (reference, colon - reference) : NULL;
  rest = colon != NULL ? colon + 1 : reference;
  while (*rest == '@')
    rest++;
  for (guint i = 0; i < self->accounts->len; i++)
    {
      VigilAccount *account = g_ptr_array_index (self->accounts, i);
      g_autofree char *address = vigil_account_dup_address (account);

      if (platform != NULL && g_strcmp0 (platform, vigil_account_get_platform (account)) != 0)
        continue;
      if (g_ascii_strcasecmp (address, rest) == 0
          || g_ascii_strcasecmp (vigil_account_get_handle (account), rest) == 0)
        return account;
    }
  return NULL;
}

static gboolean
check_duplicate (VigilAccountRegister  *self,
                 VigilAccount          *candidate,
                 VigilAccount          *except,
                 GError               **error)
{
  g_autofree char *address = vigil_account_dup_address (candidate);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      VigilAccount *account = g_ptr_array_index (self->accounts, i);
      g_autofree char *other = vigil_account_dup_address (account);

      if ((except == NULL || !g_str_equal (vigil_account_get_id (account), vigil_account_get_id (except)))
          && g_str_equal (vigil_account_get_platform (account), vigil_account_get_platform (candidate))
          && g_ascii_strcasecmp (address, other) == 0)
        {
          g_autofree char *title = vigil_account_dup_title (account);

          g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_DUPLICATE,
                       _("%s is already in the register."), title);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
save_fields (VigilAccountRegister  *self,
             const char            *id,
             gint64                 expected_version,
             VigilAccount          *except,
             JsonObject            *fields,
             GError               **error)
{
  g_autoptr(VigilAccount) scratch = vigil_account_new (id);
  g_autoptr(JsonBuilder) builder = NULL;

  if (!vigil_account_set_fields (scratch, fields, error)
      || !check_duplicate (self, scratch, except, error))
    return FALSE;

  builder = _vigil_account_register_begin ("save");
  vigil_account_write_fields (scratch, builder);
  json_builder_end_object (builder);
  return _vigil_account_register_append (self, "account", id, expected_version, builder, error);
}

VigilAccount *
vigil_account_register_add (VigilAccountRegister  *self,
                            JsonObject            *fields,
                            GError               **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  if (self->accounts->len >= VIGIL_ACCOUNT_REGISTER_MAX_ACCOUNTS)
    {
      g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                   _("The register holds at most %d accounts."), VIGIL_ACCOUNT_REGISTER_MAX_ACCOUNTS);
      return NULL;
    }
  id = g_uuid_string_random ();
  if (!save_fields (self, id, 0, NULL, fields, error))
    return NULL;
  return vigil_account_register_lookup (self, id);
}

gboolean
vigil_account_register_update (VigilAccountRegister  *self,
                               VigilAccount          *account,
                               JsonObject            *fields,
                               GError               **error)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  return save_fields (self, vigil_account_get_id (account), vigil_account_get_version (account),
                      account, fields, error);
}

gboolean
vigil_account_register_log_usage (VigilAccountRegister  *self,
                                  VigilAccount          *account,
                                  const char            *action,
                                  const char            *detail,
                                  GError               **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), FALSE);
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (account), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  builder = _vigil_account_register_begin (NULL);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, action);
  if (detail != NULL)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, detail);
    }
  json_builder_end_object (builder);
  return _vigil_account_register_append (self, "account-usage", vigil_account_get_id (account),
                                         VIGIL_RECORD_ANY_VERSION, builder, error);
}

GPtrArray *
vigil_account_register_list_usage (VigilAccountRegister  *self,
                                   VigilAccount          *account,
                                   guint                  limit,
                                   GError               **error)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *usage;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), NULL);

  records = vigil_store_list_records (get_store (self), "account-usage",
                                      account != NULL ? vigil_account_get_id (account) : NULL,
                                      0, 0, error);
  if (records == NULL)
    return NULL;
  usage = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_account_usage_free);
  for (guint i = records->len; i > 0 && (limit == 0 || usage->len < limit); i--)
    {
      VigilRecord *record = g_ptr_array_index (records, i - 1);
      g_autoptr(JsonParser) parser = json_parser_new ();
      VigilAccountUsage *u;
      JsonObject *body;

      if (!json_parser_load_from_data (parser, record->body, -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      body = json_node_get_object (json_parser_get_root (parser));
      u = g_new0 (VigilAccountUsage, 1);
      u->account_id = g_strdup (record->key);
      u->actor = g_strdup (record->actor);
      u->at_us = record->at_us;
      u->action = g_strdup (json_object_get_string_member_with_default (body, "action", ""));
      u->detail = g_strdup (json_object_get_string_member_with_default (body, "detail", ""));
      g_ptr_array_add (usage, u);
    }
  return usage;
}

/* --- settings --- */

guint
vigil_account_register_get_rotation_days (VigilAccountRegister *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), 0);
  return self->rotation_days;
}

void
vigil_account_register_set_rotation_days (VigilAccountRegister *self,
                                          guint                 days)
{
  g_return_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self));
  if (self->rotation_days == days)
    return;
  self->rotation_days = days;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROTATION_DAYS]);
  if (self->context != NULL)
    vigil_account_register_refresh_warnings (self);
}

guint
vigil_account_register_get_shared_email_threshold (VigilAccountRegister *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), 0);
  return self->shared_email;
}

void
vigil_account_register_set_shared_email_threshold (VigilAccountRegister *self,
                                                   guint                 n)
{
  g_return_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self));
  if (self->shared_email == n)
    return;
  self->shared_email = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHARED_EMAIL_THRESHOLD]);
  if (self->context != NULL)
    vigil_account_register_refresh_warnings (self);
}

const char *
vigil_account_register_get_secrets_problem (VigilAccountRegister *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT_REGISTER (self), "");
  return self->secrets_problem;
}

/* --- private accessors for the other files --- */

VigilContext *
_vigil_account_register_get_context (VigilAccountRegister *self)
{
  return self->context;
}

void
_vigil_account_register_note_credential_error (VigilAccountRegister *self,
                                               const GError         *error)
{
  note_credential_error (self, error);
}

VigilPasswordStrength *
_vigil_account_register_remember_password (VigilAccountRegister *self,
                                           VigilAccount         *account,
                                           const char           *password)
{
  const char *inputs[5];
  VigilPasswordStrength *strength;

  strength = vigil_password_strength_check (password, user_inputs_for (account, inputs));
  if (strength == NULL)
    return NULL;
  g_hash_table_replace (self->digests, g_strdup (vigil_account_get_id (account)),
                        digest_password (self, password));
  g_hash_table_replace (self->scores, g_strdup (vigil_account_get_id (account)),
                        GINT_TO_POINTER (strength->score + 1));
  return strength;
}

void
_vigil_account_register_forget_password (VigilAccountRegister *self,
                                         VigilAccount         *account)
{
  forget_digest (self, vigil_account_get_id (account));
}

gboolean
_vigil_account_register_append_op (VigilAccountRegister  *self,
                                   VigilAccount          *account,
                                   JsonBuilder           *builder,
                                   GError               **error)
{
  return append_op (self, account, builder, error);
}

GPtrArray *
_vigil_account_register_get_accounts (VigilAccountRegister *self)
{
  return self->accounts;
}
