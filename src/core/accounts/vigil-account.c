/* vigil-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-account"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vigil-account.h"

struct _VigilAccount
{
  GObject                parent_instance;

  char                  *id;
  char                  *platform;
  char                  *handle;
  char                  *instance;
  VigilAccountOwnership  ownership;
  char                  *owner;
  char                  *admin_email;
  GStrv                  access;
  gboolean               two_factor;
  gint64                 rotated_us;
  char                  *notes;
  int                    password_score;
  gboolean               has_password;
  char                  *token_method;
  gboolean               compromised;
  gint64                 compromised_us;
  GStrv                  checklist_done;
  char                  *playbook_run;
  GStrv                  paused_sources;
  VigilAccountWarning    warnings;
  gint64                 version;
  gboolean               removed;
};

G_DEFINE_QUARK (vigil-account-error-quark, vigil_account_error)
G_DEFINE_FINAL_TYPE (VigilAccount, vigil_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PLATFORM,
  PROP_HANDLE,
  PROP_INSTANCE,
  PROP_TITLE,
  PROP_OWNERSHIP,
  PROP_OWNER,
  PROP_ADMIN_EMAIL,
  PROP_TWO_FACTOR,
  PROP_ROTATED_US,
  PROP_NOTES,
  PROP_PASSWORD_SCORE,
  PROP_HAS_PASSWORD,
  PROP_TOKEN_METHOD,
  PROP_COMPROMISED,
  PROP_WARNINGS,
  PROP_WARNING_SUMMARY,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const platforms[] = {
  "mastodon", "bluesky", "x", "facebook", "instagram", "linkedin", "tiktok", "youtube", "other", NULL
};

/* --- helpers --- */

static void
set_string (VigilAccount  *self,
            char         **field,
            const char    *value,
            int            prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  if (prop == PROP_PLATFORM || prop == PROP_HANDLE || prop == PROP_INSTANCE)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
set_bool (VigilAccount *self,
          gboolean     *field,
          gboolean      value,
          int           prop)
{
  if (*field == !!value)
    return;
  *field = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int64 (VigilAccount *self,
           gint64       *field,
           gint64        value,
           int           prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* A bounded, valid, trimmed string member ("" when absent); FALSE with an
 * error for a member of the wrong type or size. */
static gboolean
read_string (JsonObject  *object,
             const char  *member,
             gsize        max_bytes,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_strdup ("");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                   _("The account field “%s” must be text."), member);
      return FALSE;
    }
  value = json_node_get_string (node);
  if (strlen (value) > max_bytes || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                   _("The account field “%s” is longer than %u bytes or not valid text."),
                   member, (guint) max_bytes);
      return FALSE;
    }
  *out = g_strstrip (g_strdup (value));
  return TRUE;
}

/* A string element, or NULL for anything else (hostile input: no critical). */
static const char *
array_string (JsonArray *array,
              guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
read_time (JsonObject *object,
           const char *member)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt != NULL ? g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt) : 0;
}

static char *
format_time (gint64 us)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/* --- GObject --- */

static void
vigil_account_finalize (GObject *object)
{
  VigilAccount *self = (VigilAccount *) object;

  g_free (self->id);
  g_free (self->platform);
  g_free (self->handle);
  g_free (self->instance);
  g_free (self->owner);
  g_free (self->admin_email);
  g_strfreev (self->access);
  g_free (self->notes);
  g_free (self->token_method);
  g_strfreev (self->checklist_done);
  g_free (self->playbook_run);
  g_strfreev (self->paused_sources);
  G_OBJECT_CLASS (vigil_account_parent_class)->finalize (object);
}

static void
vigil_account_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VigilAccount *self = VIGIL_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_PLATFORM:
      g_value_set_string (value, self->platform);
      break;
    case PROP_HANDLE:
      g_value_set_string (value, self->handle);
      break;
    case PROP_INSTANCE:
      g_value_set_string (value, self->instance);
      break;
    case PROP_TITLE:
      g_value_take_string (value, vigil_account_dup_title (self));
      break;
    case PROP_OWNERSHIP:
      g_value_set_int (value, self->ownership);
      break;
    case PROP_OWNER:
      g_value_set_string (value, self->owner);
      break;
    case PROP_ADMIN_EMAIL:
      g_value_set_string (value, self->admin_email);
      break;
    case PROP_TWO_FACTOR:
      g_value_set_boolean (value, self->two_factor);
      break;
    case PROP_ROTATED_US:
      g_value_set_int64 (value, self->rotated_us);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_PASSWORD_SCORE:
      g_value_set_int (value, self->password_score);
      break;
    case PROP_HAS_PASSWORD:
      g_value_set_boolean (value, self->has_password);
      break;
    case PROP_TOKEN_METHOD:
      g_value_set_string (value, self->token_method);
      break;
    case PROP_COMPROMISED:
      g_value_set_boolean (value, self->compromised);
      break;
    case PROP_WARNINGS:
      g_value_set_uint (value, self->warnings);
      break;
    case PROP_WARNING_SUMMARY:
      g_value_take_string (value, vigil_account_dup_warning_summary (self));
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_account_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  VigilAccount *self = VIGIL_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_account_class_init (VigilAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_account_finalize;
  object_class->get_property = vigil_account_get_property;
  object_class->set_property = vigil_account_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLATFORM] = g_param_spec_string ("platform", NULL, NULL, "", ro);
  properties[PROP_HANDLE] = g_param_spec_string ("handle", NULL, NULL, "", ro);
  properties[PROP_INSTANCE] = g_param_spec_string ("instance", NULL, NULL, "", ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, "", ro);
  properties[PROP_OWNERSHIP] = g_param_spec_int ("ownership", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_OWNER] = g_param_spec_string ("owner", NULL, NULL, "", ro);
  properties[PROP_ADMIN_EMAIL] = g_param_spec_string ("admin-email", NULL, NULL, "", ro);
  properties[PROP_TWO_FACTOR] = g_param_spec_boolean ("two-factor", NULL, NULL, FALSE, ro);
  properties[PROP_ROTATED_US] = g_param_spec_int64 ("rotated-us", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, "", ro);
  properties[PROP_PASSWORD_SCORE] = g_param_spec_int ("password-score", NULL, NULL, -1, 4, -1, ro);
  properties[PROP_HAS_PASSWORD] = g_param_spec_boolean ("has-password", NULL, NULL, FALSE, ro);
  properties[PROP_TOKEN_METHOD] = g_param_spec_string ("token-method", NULL, NULL, "", ro);
  properties[PROP_COMPROMISED] = g_param_spec_boolean ("compromised", NULL, NULL, FALSE, ro);
  properties[PROP_WARNINGS] = g_param_spec_uint ("warnings", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_WARNING_SUMMARY] = g_param_spec_string ("warning-summary", NULL, NULL, "", ro);
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_account_init (VigilAccount *self)
{
  self->platform = g_strdup ("");
  self->handle = g_strdup ("");
  self->instance = g_strdup ("");
  self->owner = g_strdup ("");
  self->admin_email = g_strdup ("");
  self->access = g_new0 (char *, 1);
  self->notes = g_strdup ("");
  self->token_method = g_strdup ("");
  self->checklist_done = g_new0 (char *, 1);
  self->playbook_run = g_strdup ("");
  self->paused_sources = g_new0 (char *, 1);
  self->password_score = -1;
}

/* --- public --- */

VigilAccount *
vigil_account_new (const char *id)
{
  g_return_val_if_fail (id != NULL && *id != '\0', NULL);
  return g_object_new (VIGIL_TYPE_ACCOUNT, "id", id, NULL);
}

#define GETTER(type, name, field) \
  type vigil_account_get_##name (VigilAccount *self) \
  { \
    g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), 0); \
    return self->field; \
  }

GETTER (const char *, id, id)
GETTER (const char *, platform, platform)
GETTER (const char *, handle, handle)
GETTER (const char *, instance, instance)
GETTER (VigilAccountOwnership, ownership, ownership)
GETTER (const char *, owner, owner)
GETTER (const char *, admin_email, admin_email)
GETTER (gboolean, two_factor, two_factor)
GETTER (gint64, rotated_us, rotated_us)
GETTER (const char *, notes, notes)
GETTER (int, password_score, password_score)
GETTER (gboolean, has_password, has_password)
GETTER (const char *, token_method, token_method)
GETTER (gboolean, compromised, compromised)
GETTER (gint64, compromised_us, compromised_us)
GETTER (VigilAccountWarning, warnings, warnings)
GETTER (gint64, version, version)
GETTER (gboolean, removed, removed)

const char * const *
vigil_account_get_access (VigilAccount *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), NULL);
  return (const char * const *) self->access;
}

const char *
vigil_account_get_playbook_run (VigilAccount *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), NULL);
  return self->playbook_run;
}

const char * const *
vigil_account_get_paused_sources (VigilAccount *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), NULL);
  return (const char * const *) self->paused_sources;
}

void
vigil_account_notify_checklist (VigilAccount *self)
{
  g_return_if_fail (VIGIL_IS_ACCOUNT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPROMISED]);
}

const char * const *
vigil_account_get_checklist_done (VigilAccount *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), NULL);
  return (const char * const *) self->checklist_done;
}

gboolean
vigil_account_is_checklist_done (VigilAccount *self,
                                 const char   *item)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), FALSE);
  return item != NULL && g_strv_contains ((const char * const *) self->checklist_done, item);
}

char *
vigil_account_dup_address (VigilAccount *self)
{
  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), NULL);
  if (*self->instance == '\0')
    return g_strdup (self->handle);
  return g_strconcat (self->handle, "@", self->instance, NULL);
}

char *
vigil_account_dup_title (VigilAccount *self)
{
  g_autofree char *address = NULL;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), NULL);
  address = vigil_account_dup_address (self);
  /* Translators: platform name, then the account's @handle */
  return g_strdup_printf (_("%s @%s"), vigil_account_platform_name (self->platform), address);
}

char *
vigil_account_dup_warning_summary (VigilAccount *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), NULL);
  for (guint i = 0; i < VIGIL_ACCOUNT_N_WARNINGS; i++)
    if (self->warnings & (1u << i))
      {
        if (text->len > 0)
          g_string_append (text, " · ");
        g_string_append (text, vigil_account_warning_describe (1u << i));
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
vigil_account_set_warnings (VigilAccount        *self,
                            VigilAccountWarning  warnings)
{
  g_return_if_fail (VIGIL_IS_ACCOUNT (self));
  if (self->warnings == warnings)
    return;
  self->warnings = warnings;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNINGS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING_SUMMARY]);
}

void
vigil_account_write_fields (VigilAccount *self,
                            JsonBuilder  *builder)
{
  g_autofree char *rotated = NULL;

  g_return_if_fail (VIGIL_IS_ACCOUNT (self));
  json_builder_set_member_name (builder, "platform");
  json_builder_add_string_value (builder, self->platform);
  json_builder_set_member_name (builder, "handle");
  json_builder_add_string_value (builder, self->handle);
  json_builder_set_member_name (builder, "instance");
  json_builder_add_string_value (builder, self->instance);
  json_builder_set_member_name (builder, "ownership");
  json_builder_add_string_value (builder, self->ownership == VIGIL_ACCOUNT_OWNER_PERSONAL ? "personal" : "company");
  json_builder_set_member_name (builder, "owner");
  json_builder_add_string_value (builder, self->owner);
  json_builder_set_member_name (builder, "admin_email");
  json_builder_add_string_value (builder, self->admin_email);
  json_builder_set_member_name (builder, "access");
  json_builder_begin_array (builder);
  for (guint i = 0; self->access[i] != NULL; i++)
    json_builder_add_string_value (builder, self->access[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "two_factor");
  json_builder_add_boolean_value (builder, self->two_factor);
  json_builder_set_member_name (builder, "rotated_at");
  rotated = self->rotated_us > 0 ? format_time (self->rotated_us) : NULL;
  if (rotated != NULL)
    json_builder_add_string_value (builder, rotated);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "notes");
  json_builder_add_string_value (builder, self->notes);
}

static char *
normalise_handle (const char *handle)
{
  const char *h = handle;

  while (*h == '@')
    h++;
  return g_strdup (h);
}

static char *
normalise_instance (const char *instance)
{
  g_autofree char *lower = g_ascii_strdown (instance, -1);
  const char *h = lower;
  const char *end;

  if (g_str_has_prefix (h, "https://"))
    h += 8;
  else if (g_str_has_prefix (h, "http://"))
    h += 7;
  end = strchr (h, '/');
  return end != NULL ? g_strndup (h, end - h) : g_strdup (h);
}

gboolean
vigil_account_set_fields (VigilAccount  *self,
                          JsonObject    *fields,
                          GError       **error)
{
  g_autofree char *platform = NULL, *handle = NULL, *instance = NULL, *ownership = NULL;
  g_autofree char *owner = NULL, *email = NULL, *notes = NULL, *raw_handle = NULL, *raw_instance = NULL;
  g_autoptr(GStrvBuilder) access = g_strv_builder_new ();
  g_auto(GStrv) access_v = NULL;
  JsonNode *node;
  gboolean two_factor;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), FALSE);

  if (!read_string (fields, "platform", 32, &platform, error)
      || !read_string (fields, "handle", VIGIL_ACCOUNT_MAX_FIELD_BYTES, &raw_handle, error)
      || !read_string (fields, "instance", VIGIL_ACCOUNT_MAX_FIELD_BYTES, &raw_instance, error)
      || !read_string (fields, "ownership", 16, &ownership, error)
      || !read_string (fields, "owner", VIGIL_ACCOUNT_MAX_FIELD_BYTES, &owner, error)
      || !read_string (fields, "admin_email", VIGIL_ACCOUNT_MAX_FIELD_BYTES, &email, error)
      || !read_string (fields, "notes", VIGIL_ACCOUNT_MAX_NOTES_BYTES, &notes, error))
    return FALSE;
  handle = normalise_handle (raw_handle);
  instance = normalise_instance (raw_instance);

  if (!g_strv_contains (platforms, platform))
    {
      g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                   _("Unknown platform “%s”. Use one of: mastodon, bluesky, x, facebook, "
                     "instagram, linkedin, tiktok, youtube, other."), platform);
      return FALSE;
    }
  if (*handle == '\0' || strpbrk (handle, " \t\n/") != NULL)
    {
      g_set_error_literal (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                           _("An account needs a handle, without spaces or slashes."));
      return FALSE;
    }
  if (g_str_equal (platform, "mastodon") && (*instance == '\0' || strchr (handle, '@') != NULL))
    {
      g_set_error_literal (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                           _("A Mastodon account needs its handle (“press”) and its instance "
                             "(“social.example”) separately."));
      return FALSE;
    }
  if (*ownership != '\0' && !g_str_equal (ownership, "company") && !g_str_equal (ownership, "personal"))
    {
      g_set_error_literal (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                           _("Ownership is “company” or “personal”."));
      return FALSE;
    }
  if (*email != '\0' && (strchr (email, '@') == NULL || strpbrk (email, " \t\n") != NULL))
    {
      g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                   _("“%s” is not an e-mail address."), email);
      return FALSE;
    }
  node = json_object_get_member (fields, "access");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      if (json_array_get_length (array) > VIGIL_ACCOUNT_MAX_ACCESS)
        {
          g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                       _("At most %d people or roles can be listed with access."), VIGIL_ACCOUNT_MAX_ACCESS);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *who = array_string (array, i);

          if (who == NULL || strlen (who) > VIGIL_ACCOUNT_MAX_FIELD_BYTES || !g_utf8_validate (who, -1, NULL))
            {
              g_set_error_literal (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                                   _("Each person or role with access must be a short text."));
              return FALSE;
            }
          if (*who != '\0')
            g_strv_builder_add (access, who);
        }
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error_literal (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                           _("“access” must be a list of people or roles."));
      return FALSE;
    }
  two_factor = json_object_get_boolean_member_with_default (fields, "two_factor", FALSE);
  access_v = g_strv_builder_end (access);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->platform, platform, PROP_PLATFORM);
  set_string (self, &self->handle, handle, PROP_HANDLE);
  set_string (self, &self->instance, instance, PROP_INSTANCE);
  if (self->ownership != (g_str_equal (ownership, "personal") ? VIGIL_ACCOUNT_OWNER_PERSONAL : VIGIL_ACCOUNT_OWNER_COMPANY))
    {
      self->ownership = g_str_equal (ownership, "personal") ? VIGIL_ACCOUNT_OWNER_PERSONAL : VIGIL_ACCOUNT_OWNER_COMPANY;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNERSHIP]);
    }
  set_string (self, &self->owner, owner, PROP_OWNER);
  set_string (self, &self->admin_email, email, PROP_ADMIN_EMAIL);
  set_string (self, &self->notes, notes, PROP_NOTES);
  set_bool (self, &self->two_factor, two_factor, PROP_TWO_FACTOR);
  if (json_object_has_member (fields, "rotated_at"))
    set_int64 (self, &self->rotated_us, read_time (fields, "rotated_at"), PROP_ROTATED_US);
  g_strfreev (self->access);
  self->access = g_steal_pointer (&access_v);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

gboolean
vigil_account_apply_record (VigilAccount  *self,
                            JsonObject    *body,
                            gint64         version,
                            gint64         at_us,
                            GError       **error)
{
  const char *op;

  g_return_val_if_fail (VIGIL_IS_ACCOUNT (self), FALSE);

  op = json_object_get_string_member_with_default (body, "op", "");
  g_object_freeze_notify (G_OBJECT (self));
  if (g_str_equal (op, "save"))
    {
      if (!vigil_account_set_fields (self, body, error))
        {
          g_object_thaw_notify (G_OBJECT (self));
          return FALSE;
        }
    }
  else if (g_str_equal (op, "password"))
    {
      gint64 score = json_object_get_int_member_with_default (body, "score", -1);
      gint64 rotated = read_time (body, "rotated_at");

      set_bool (self, &self->has_password, TRUE, PROP_HAS_PASSWORD);
      if (self->password_score != (int) CLAMP (score, -1, 4))
        {
          self->password_score = CLAMP (score, -1, 4);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD_SCORE]);
        }
      set_int64 (self, &self->rotated_us, rotated > 0 ? rotated : at_us, PROP_ROTATED_US);
    }
  else if (g_str_equal (op, "password-removed"))
    {
      set_bool (self, &self->has_password, FALSE, PROP_HAS_PASSWORD);
      if (self->password_score != -1)
        {
          self->password_score = -1;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD_SCORE]);
        }
    }
  else if (g_str_equal (op, "token"))
    {
      const char *method = json_object_get_string_member_with_default (body, "method", "pasted");

      set_string (self, &self->token_method, g_str_equal (method, "oauth") ? "oauth" : "pasted",
                  PROP_TOKEN_METHOD);
    }
  else if (g_str_equal (op, "token-removed"))
    set_string (self, &self->token_method, "", PROP_TOKEN_METHOD);
  else if (g_str_equal (op, "compromised"))
    {
      const char *run = json_object_get_string_member_with_default (body, "playbook_run", "");

      JsonNode *paused_node = json_object_get_member (body, "paused_sources");
      JsonArray *paused = paused_node != NULL && JSON_NODE_HOLDS_ARRAY (paused_node)
                          ? json_node_get_array (paused_node) : NULL;
      g_autoptr(GStrvBuilder) specs = g_strv_builder_new ();

      for (guint i = 0; paused != NULL && i < json_array_get_length (paused) && i < 500; i++)
        {
          const char *spec = array_string (paused, i);

          if (spec != NULL && strlen (spec) < 2048)
            g_strv_builder_add (specs, spec);
        }
      g_strfreev (self->paused_sources);
      self->paused_sources = g_strv_builder_end (specs);
      g_free (self->playbook_run);
      self->playbook_run = g_strdup (strlen (run) <= 64 ? run : "");
      set_bool (self, &self->compromised, TRUE, PROP_COMPROMISED);
      self->compromised_us = at_us;
      g_strfreev (self->checklist_done);
      self->checklist_done = g_new0 (char *, 1);
    }
  else if (g_str_equal (op, "checklist"))
    {
      const char *item = json_object_get_string_member_with_default (body, "item", "");
      gboolean done = json_object_get_boolean_member_with_default (body, "done", TRUE);
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

      if (*item == '\0' || strlen (item) > 64)
        {
          g_set_error_literal (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                               _("A checklist record names no item."));
          g_object_thaw_notify (G_OBJECT (self));
          return FALSE;
        }
      for (guint i = 0; self->checklist_done[i] != NULL; i++)
        if (!g_str_equal (self->checklist_done[i], item))
          g_strv_builder_add (b, self->checklist_done[i]);
      if (done)
        g_strv_builder_add (b, item);
      g_strfreev (self->checklist_done);
      self->checklist_done = g_strv_builder_end (b);
      /* the list is read through compromised's notify */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPROMISED]);
    }
  else if (g_str_equal (op, "cleared"))
    set_bool (self, &self->compromised, FALSE, PROP_COMPROMISED);
  else if (g_str_equal (op, "removed"))
    self->removed = TRUE;
  else
    {
      g_set_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID,
                   _("Unknown account record “%s”: this archive was written by a newer Vigil."), op);
      g_object_thaw_notify (G_OBJECT (self));
      return FALSE;
    }
  set_int64 (self, &self->version, version, PROP_VERSION);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

const char *
vigil_account_warning_describe (VigilAccountWarning warning)
{
  switch (warning)
    {
    case VIGIL_ACCOUNT_WARNING_COMPROMISED:
      return _("Reported hacked");
    case VIGIL_ACCOUNT_WARNING_NO_2FA:
      return _("No two-factor authentication");
    case VIGIL_ACCOUNT_WARNING_ROTATION_OVERDUE:
      return _("Password rotation overdue");
    case VIGIL_ACCOUNT_WARNING_PERSONAL_OWNER:
      return _("Hangs off a personal profile");
    case VIGIL_ACCOUNT_WARNING_WEAK_PASSWORD:
      return _("Weak password");
    case VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD:
      return _("Password reused on another account");
    case VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL:
      return _("Admin e-mail shared by many accounts");
    case VIGIL_ACCOUNT_WARNING_NONE:
    default:
      return "";
    }
}

const char *
vigil_account_warning_nick (VigilAccountWarning warning)
{
  switch (warning)
    {
    case VIGIL_ACCOUNT_WARNING_COMPROMISED:
      return "compromised";
    case VIGIL_ACCOUNT_WARNING_NO_2FA:
      return "no-2fa";
    case VIGIL_ACCOUNT_WARNING_ROTATION_OVERDUE:
      return "rotation-overdue";
    case VIGIL_ACCOUNT_WARNING_PERSONAL_OWNER:
      return "personal-owner";
    case VIGIL_ACCOUNT_WARNING_WEAK_PASSWORD:
      return "weak-password";
    case VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD:
      return "reused-password";
    case VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL:
      return "shared-admin-email";
    case VIGIL_ACCOUNT_WARNING_NONE:
    default:
      return "";
    }
}

const char * const *
vigil_account_platforms (void)
{
  return platforms;
}

const char *
vigil_account_platform_name (const char *platform)
{
  static const struct { const char *id; const char *name; } names[] = {
    { "mastodon", N_("Mastodon") }, { "bluesky", N_("Bluesky") }, { "x", N_("X") },
    { "facebook", N_("Facebook") }, { "instagram", N_("Instagram") }, { "linkedin", N_("LinkedIn") },
    { "tiktok", N_("TikTok") }, { "youtube", N_("YouTube") }, { "other", N_("Other") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (platform, names[i].id) == 0)
      return _(names[i].name);
  return platform != NULL ? platform : "";
}
