/* vigil-account.h: one of the organisation's social accounts
 *
 * What the register knows about an account; never a secret. Built by
 * replaying the account's journal records (see VigilAccountRegister), so
 * a front end only reads it and binds to its properties. Every property
 * notifies on change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define VIGIL_ACCOUNT_ERROR (vigil_account_error_quark ())
GQuark vigil_account_error_quark (void);

typedef enum
{
  VIGIL_ACCOUNT_ERROR_INVALID,      /* a field is missing, too long or not text */
  VIGIL_ACCOUNT_ERROR_NOT_FOUND,    /* no such account (or it was removed) */
  VIGIL_ACCOUNT_ERROR_CONFLICT,     /* someone else changed it meanwhile */
  VIGIL_ACCOUNT_ERROR_DUPLICATE,    /* the same platform, handle and instance exists */
  VIGIL_ACCOUNT_ERROR_COMPROMISED,  /* refused while the account is reported hacked */
  VIGIL_ACCOUNT_ERROR_FAILED,
} VigilAccountError;

typedef enum
{
  VIGIL_ACCOUNT_OWNER_COMPANY = 0,  /* the organisation owns it */
  VIGIL_ACCOUNT_OWNER_PERSONAL,     /* it hangs off someone's personal profile */
} VigilAccountOwnership;

/* What is wrong with an account (flags). */
typedef enum
{
  VIGIL_ACCOUNT_WARNING_NONE               = 0,
  VIGIL_ACCOUNT_WARNING_COMPROMISED        = 1 << 0,
  VIGIL_ACCOUNT_WARNING_NO_2FA             = 1 << 1,
  VIGIL_ACCOUNT_WARNING_ROTATION_OVERDUE   = 1 << 2,
  VIGIL_ACCOUNT_WARNING_PERSONAL_OWNER     = 1 << 3,
  VIGIL_ACCOUNT_WARNING_WEAK_PASSWORD      = 1 << 4,
  VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD    = 1 << 5,
  VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL = 1 << 6,
} VigilAccountWarning;

#define VIGIL_ACCOUNT_N_WARNINGS 7

/* Bounds on what a record may hold (hostile input). */
#define VIGIL_ACCOUNT_MAX_FIELD_BYTES 256
#define VIGIL_ACCOUNT_MAX_NOTES_BYTES 8192
#define VIGIL_ACCOUNT_MAX_ACCESS      64

#define VIGIL_TYPE_ACCOUNT (vigil_account_get_type ())
G_DECLARE_FINAL_TYPE (VigilAccount, vigil_account, VIGIL, ACCOUNT, GObject)

VigilAccount         *vigil_account_new                (const char *id);

const char           *vigil_account_get_id             (VigilAccount *self);
const char           *vigil_account_get_platform       (VigilAccount *self);
const char           *vigil_account_get_handle         (VigilAccount *self);
const char           *vigil_account_get_instance       (VigilAccount *self);
VigilAccountOwnership vigil_account_get_ownership      (VigilAccount *self);
const char           *vigil_account_get_owner          (VigilAccount *self);
const char           *vigil_account_get_admin_email    (VigilAccount *self);
/* The people and roles with access, one per entry. */
const char * const   *vigil_account_get_access         (VigilAccount *self);
gboolean              vigil_account_get_two_factor     (VigilAccount *self);
/* The last password rotation, µs since the epoch (0 = not known). */
gint64                vigil_account_get_rotated_us     (VigilAccount *self);
const char           *vigil_account_get_notes          (VigilAccount *self);
/* -1 when no password was rated; else the zxcvbn score when it was set. */
int                   vigil_account_get_password_score (VigilAccount *self);
gboolean              vigil_account_get_has_password   (VigilAccount *self);
/* "" (none), "oauth" or "pasted". */
const char           *vigil_account_get_token_method   (VigilAccount *self);
gboolean              vigil_account_get_compromised    (VigilAccount *self);
gint64                vigil_account_get_compromised_us (VigilAccount *self);
/* The run of the hacked-account playbook started when it was reported
 * hacked, or "" (then the register's own checklist is used). */
const char           *vigil_account_get_playbook_run   (VigilAccount *self);
/* The specs of the sources "Report hacked" paused (saved as paused in
 * sources.json), resumed when the account is cleared. */
const char * const   *vigil_account_get_paused_sources (VigilAccount *self);
/* Tells watchers that the checklist (or its playbook run) changed. */
void                  vigil_account_notify_checklist   (VigilAccount *self);
/* The hacked-account checklist items done (ids), while compromised. */
const char * const   *vigil_account_get_checklist_done (VigilAccount *self);
gboolean              vigil_account_is_checklist_done  (VigilAccount *self,
                                                        const char   *item);
VigilAccountWarning   vigil_account_get_warnings       (VigilAccount *self);
/* The version of the account's journal key this state reflects. */
gint64                vigil_account_get_version        (VigilAccount *self);
gboolean              vigil_account_get_removed        (VigilAccount *self);

/* "handle@instance" (or "handle" with no instance): the account name a
 * Mastodon source links to, and the credential key's account + instance. */
char                 *vigil_account_dup_address        (VigilAccount *self);
/* e.g. "Mastodon @press@social.example". */
char                 *vigil_account_dup_title          (VigilAccount *self);
/* The warnings as one translated line ("No 2FA · Password reused"), "" if none. */
char                 *vigil_account_dup_warning_summary (VigilAccount *self);

/* Applies one journal record body (JSON object) of this account: what the
 * register replays. version: the record's version. FALSE with an error
 * for a body that breaks the format (the account is left unchanged). */
gboolean              vigil_account_apply_record       (VigilAccount *self,
                                                        JsonObject   *body,
                                                        gint64        version,
                                                        gint64        at_us,
                                                        GError      **error);
/* Writes the editable fields as a "save" record body. */
void                  vigil_account_write_fields       (VigilAccount *self,
                                                        JsonBuilder  *builder);
/* Sets the editable fields from a "save"-like object (validated). */
gboolean              vigil_account_set_fields         (VigilAccount *self,
                                                        JsonObject   *fields,
                                                        GError      **error);
void                  vigil_account_set_warnings       (VigilAccount        *self,
                                                        VigilAccountWarning  warnings);

/* A translated one-line description of one warning flag, and a stable
 * machine name ("no-2fa", "rotation-overdue", …) for vigil-cli. */
const char           *vigil_account_warning_describe   (VigilAccountWarning warning);
const char           *vigil_account_warning_nick       (VigilAccountWarning warning);
/* Known platforms (ids) and their display names. */
const char * const   *vigil_account_platforms          (void);
const char           *vigil_account_platform_name      (const char *platform);

G_END_DECLS
