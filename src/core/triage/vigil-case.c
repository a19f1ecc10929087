/* vigil-case.c: one triage case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-case"

#include "config.h"

#include "vigil-case-private.h"
#include "vigil-json-writer.h"

struct _VigilCase
{
  GObject         parent_instance;

  char           *id;
  gint64          post_id;
  VigilPost      *post;
  VigilCaseState  state;
  char           *role;
  char           *person;
  VigilSeverity   severity;
  gint64          opened_us;
  char           *opened_by;
  gint64          sla_us;
  VigilSlaLevel   sla_level;
  char           *sla_text;
  char           *claimed_by;
  char           *draft;
  char           *draft_template;
  char           *approved_by;
  gboolean        moderation;
  char           *suggested_role;
  GStrv           related;
  guint           n_notes;
  gint64          version;
  gint64          updated_us;
};

G_DEFINE_FINAL_TYPE (VigilCase, vigil_case, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_POST_ID,
  PROP_POST,
  PROP_STATE,
  PROP_ROLE,
  PROP_PERSON,
  PROP_SEVERITY,
  PROP_OPENED_US,
  PROP_OPENED_BY,
  PROP_DUE_US,
  PROP_SLA_US,
  PROP_SLA_LEVEL,
  PROP_SLA_TEXT,
  PROP_CLAIMED_BY,
  PROP_DRAFT,
  PROP_DRAFT_TEMPLATE,
  PROP_APPROVED_BY,
  PROP_NEEDS_APPROVAL,
  PROP_MODERATION,
  PROP_SUGGESTED_ROLE,
  PROP_RELATED,
  PROP_N_NOTES,
  PROP_VERSION,
  PROP_UPDATED_US,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
replace_string (VigilCase  *self,
                char      **field,
                const char *value,
                guint       prop)
{
  if (value && !*value)
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  return TRUE;
}

static void
vigil_case_finalize (GObject *object)
{
  VigilCase *self = (VigilCase *) object;

  g_free (self->id);
  g_clear_object (&self->post);
  g_free (self->role);
  g_free (self->person);
  g_free (self->opened_by);
  g_free (self->sla_text);
  g_free (self->claimed_by);
  g_free (self->draft);
  g_free (self->draft_template);
  g_free (self->approved_by);
  g_free (self->suggested_role);
  g_strfreev (self->related);

  G_OBJECT_CLASS (vigil_case_parent_class)->finalize (object);
}

static void
vigil_case_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  VigilCase *self = VIGIL_CASE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_POST_ID: g_value_set_int64 (value, self->post_id); break;
    case PROP_POST: g_value_set_object (value, self->post); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_ROLE: g_value_set_string (value, self->role); break;
    case PROP_PERSON: g_value_set_string (value, self->person); break;
    case PROP_SEVERITY: g_value_set_enum (value, self->severity); break;
    case PROP_OPENED_US: g_value_set_int64 (value, self->opened_us); break;
    case PROP_OPENED_BY: g_value_set_string (value, self->opened_by); break;
    case PROP_DUE_US: g_value_set_int64 (value, vigil_case_get_due_us (self)); break;
    case PROP_SLA_US: g_value_set_int64 (value, self->sla_us); break;
    case PROP_SLA_LEVEL: g_value_set_enum (value, self->sla_level); break;
    case PROP_SLA_TEXT: g_value_set_string (value, self->sla_text); break;
    case PROP_CLAIMED_BY: g_value_set_string (value, self->claimed_by); break;
    case PROP_DRAFT: g_value_set_string (value, self->draft); break;
    case PROP_DRAFT_TEMPLATE: g_value_set_string (value, self->draft_template); break;
    case PROP_APPROVED_BY: g_value_set_string (value, self->approved_by); break;
    case PROP_NEEDS_APPROVAL: g_value_set_boolean (value, vigil_case_get_needs_approval (self)); break;
    case PROP_MODERATION: g_value_set_boolean (value, self->moderation); break;
    case PROP_SUGGESTED_ROLE: g_value_set_string (value, self->suggested_role); break;
    case PROP_RELATED: g_value_set_boxed (value, self->related); break;
    case PROP_N_NOTES: g_value_set_uint (value, self->n_notes); break;
    case PROP_VERSION: g_value_set_int64 (value, self->version); break;
    case PROP_UPDATED_US: g_value_set_int64 (value, self->updated_us); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_case_class_init (VigilCaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_case_finalize;
  object_class->get_property = vigil_case_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_POST_ID] = g_param_spec_int64 ("post-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_POST] = g_param_spec_object ("post", NULL, NULL, VIGIL_TYPE_POST, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, VIGIL_TYPE_CASE_STATE,
                                              VIGIL_CASE_STATE_NEW, ro);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, ro);
  properties[PROP_PERSON] = g_param_spec_string ("person", NULL, NULL, NULL, ro);
  properties[PROP_SEVERITY] = g_param_spec_enum ("severity", NULL, NULL, VIGIL_TYPE_SEVERITY,
                                                 VIGIL_SEVERITY_LOW, ro);
  properties[PROP_OPENED_US] = g_param_spec_int64 ("opened-us", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_OPENED_BY] = g_param_spec_string ("opened-by", NULL, NULL, NULL, ro);
  properties[PROP_DUE_US] = g_param_spec_int64 ("due-us", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SLA_US] = g_param_spec_int64 ("sla-us", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_SLA_LEVEL] = g_param_spec_enum ("sla-level", NULL, NULL, VIGIL_TYPE_SLA_LEVEL,
                                                  VIGIL_SLA_NONE, ro);
  properties[PROP_SLA_TEXT] = g_param_spec_string ("sla-text", NULL, NULL, NULL, ro);
  properties[PROP_CLAIMED_BY] = g_param_spec_string ("claimed-by", NULL, NULL, NULL, ro);
  properties[PROP_DRAFT] = g_param_spec_string ("draft", NULL, NULL, NULL, ro);
  properties[PROP_DRAFT_TEMPLATE] = g_param_spec_string ("draft-template", NULL, NULL, NULL, ro);
  properties[PROP_APPROVED_BY] = g_param_spec_string ("approved-by", NULL, NULL, NULL, ro);
  properties[PROP_NEEDS_APPROVAL] = g_param_spec_boolean ("needs-approval", NULL, NULL, FALSE, ro);
  properties[PROP_MODERATION] = g_param_spec_boolean ("moderation", NULL, NULL, FALSE, ro);
  properties[PROP_SUGGESTED_ROLE] = g_param_spec_string ("suggested-role", NULL, NULL, NULL, ro);
  properties[PROP_RELATED] = g_param_spec_boxed ("related", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_N_NOTES] = g_param_spec_uint ("n-notes", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_UPDATED_US] = g_param_spec_int64 ("updated-us", NULL, NULL, 0, G_MAXINT64, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_case_init (VigilCase *self)
{
  self->related = g_new0 (char *, 1);
}

/* --- public getters ----------------------------------------------------- */

#define GETTER(type, name, field, fallback) \
  type vigil_case_get_##name (VigilCase *self) \
  { \
    g_return_val_if_fail (VIGIL_IS_CASE (self), fallback); \
    return self->field; \
  }

GETTER (const char *, id, id, NULL)
GETTER (gint64, post_id, post_id, 0)
GETTER (VigilPost *, post, post, NULL)
GETTER (VigilCaseState, state, state, VIGIL_CASE_STATE_NEW)
GETTER (const char *, role, role, NULL)
GETTER (const char *, person, person, NULL)
GETTER (VigilSeverity, severity, severity, VIGIL_SEVERITY_LOW)
GETTER (gint64, opened_us, opened_us, 0)
GETTER (const char *, opened_by, opened_by, NULL)
GETTER (gint64, sla_us, sla_us, 0)
GETTER (VigilSlaLevel, sla_level, sla_level, VIGIL_SLA_NONE)
GETTER (const char *, sla_text, sla_text, NULL)
GETTER (const char *, claimed_by, claimed_by, NULL)
GETTER (const char *, draft, draft, NULL)
GETTER (const char *, draft_template, draft_template, NULL)
GETTER (const char *, approved_by, approved_by, NULL)
GETTER (gboolean, moderation, moderation, FALSE)
GETTER (const char *, suggested_role, suggested_role, NULL)
GETTER (guint, n_notes, n_notes, 0)
GETTER (gint64, version, version, 0)
GETTER (gint64, updated_us, updated_us, 0)

const char * const *
vigil_case_get_related (VigilCase *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE (self), NULL);
  return (const char * const *) self->related;
}

gint64
vigil_case_get_due_us (VigilCase *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE (self), 0);
  return self->opened_us + self->sla_us;
}

gboolean
vigil_case_get_needs_approval (VigilCase *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE (self), FALSE);
  return self->moderation || self->severity >= VIGIL_SEVERITY_HIGH;
}

static void
write_member_string (GString    *out,
                     const char *name,
                     const char *value)
{
  g_string_append_printf (out, ",\"%s\":", name);
  if (value)
    vigil_json_writer_string (out, value);
  else
    g_string_append (out, "null");
}

void
vigil_case_write_json (VigilCase *self,
                       GString   *out)
{
  g_autoptr(GDateTime) opened = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *opened_iso = NULL;
  g_autofree char *due_iso = NULL;

  g_return_if_fail (VIGIL_IS_CASE (self));

  opened = g_date_time_new_from_unix_utc (self->opened_us / G_USEC_PER_SEC);
  due = g_date_time_new_from_unix_utc (vigil_case_get_due_us (self) / G_USEC_PER_SEC);
  opened_iso = vigil_format_iso8601 (opened);
  due_iso = vigil_format_iso8601 (due);

  g_string_append (out, "{\"id\":");
  vigil_json_writer_string (out, self->id);
  g_string_append_printf (out, ",\"post_id\":%" G_GINT64_FORMAT, self->post_id);
  write_member_string (out, "platform", self->post ? vigil_post_get_platform_name (self->post) : NULL);
  write_member_string (out, "remote_id", self->post ? vigil_post_get_remote_id (self->post) : NULL);
  write_member_string (out, "state", vigil_case_state_to_string (self->state));
  write_member_string (out, "role", self->role);
  write_member_string (out, "person", self->person);
  write_member_string (out, "severity", vigil_severity_to_string (self->severity));
  write_member_string (out, "opened_at", opened_iso);
  write_member_string (out, "opened_by", self->opened_by);
  write_member_string (out, "due_at", due_iso);
  write_member_string (out, "sla", vigil_sla_level_to_string (self->sla_level));
  write_member_string (out, "claimed_by", self->claimed_by);
  write_member_string (out, "suggested_role", self->suggested_role);
  g_string_append_printf (out, ",\"needs_approval\":%s,\"approved\":%s",
                          vigil_case_get_needs_approval (self) ? "true" : "false",
                          self->approved_by ? "true" : "false");
  g_string_append (out, ",\"related\":[");
  for (guint i = 0; self->related[i]; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      vigil_json_writer_string (out, self->related[i]);
    }
  g_string_append_printf (out, "],\"version\":%" G_GINT64_FORMAT "}", self->version);
}

/* --- private: the board's setters --------------------------------------- */

void
_vigil_case_snapshot_clear (VigilCaseSnapshot *snap)
{
  g_clear_pointer (&snap->role, g_free);
  g_clear_pointer (&snap->person, g_free);
  g_clear_pointer (&snap->claimed_by, g_free);
}

VigilCase *
_vigil_case_new (const char *id,
                 gint64      post_id)
{
  VigilCase *self = g_object_new (VIGIL_TYPE_CASE, NULL);

  self->id = g_strdup (id);
  self->post_id = post_id;
  return self;
}

void
_vigil_case_get_snapshot (VigilCase         *self,
                          VigilCaseSnapshot *out)
{
  out->state = self->state;
  out->role = g_strdup (self->role);
  out->person = g_strdup (self->person);
  out->severity = self->severity;
  out->claimed_by = g_strdup (self->claimed_by);
}

void
_vigil_case_set_snapshot (VigilCase               *self,
                          const VigilCaseSnapshot *snap)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != snap->state)
    {
      self->state = snap->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  replace_string (self, &self->role, snap->role, PROP_ROLE);
  replace_string (self, &self->person, snap->person, PROP_PERSON);
  replace_string (self, &self->claimed_by, snap->claimed_by, PROP_CLAIMED_BY);
  if (self->severity != snap->severity)
    {
      self->severity = snap->severity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEVERITY]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_APPROVAL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_vigil_case_set_opened (VigilCase  *self,
                        gint64      opened_us,
                        const char *opened_by,
                        gboolean    moderation,
                        const char *suggested_role)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->opened_us != opened_us)
    {
      self->opened_us = opened_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPENED_US]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE_US]);
    }
  replace_string (self, &self->opened_by, opened_by, PROP_OPENED_BY);
  if (self->moderation != !!moderation)
    {
      self->moderation = !!moderation;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODERATION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_APPROVAL]);
    }
  replace_string (self, &self->suggested_role, suggested_role, PROP_SUGGESTED_ROLE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_vigil_case_set_post (VigilCase *self,
                      VigilPost *post)
{
  if (g_set_object (&self->post, post))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POST]);
}

void
_vigil_case_set_draft (VigilCase  *self,
                       const char *draft,
                       const char *template_label)
{
  replace_string (self, &self->draft, draft, PROP_DRAFT);
  replace_string (self, &self->draft_template, template_label, PROP_DRAFT_TEMPLATE);
}

void
_vigil_case_set_approved_by (VigilCase  *self,
                             const char *approved_by)
{
  replace_string (self, &self->approved_by, approved_by, PROP_APPROVED_BY);
}

void
_vigil_case_add_related (VigilCase  *self,
                         const char *other_id)
{
  guint n;

  if (g_strv_contains ((const char * const *) self->related, other_id))
    return;
  n = g_strv_length (self->related);
  self->related = g_renew (char *, self->related, n + 2);
  self->related[n] = g_strdup (other_id);
  self->related[n + 1] = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELATED]);
}

void
_vigil_case_add_note (VigilCase *self)
{
  self->n_notes++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NOTES]);
}

void
_vigil_case_set_version (VigilCase *self,
                         gint64     version,
                         gint64     updated_us)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->version != version)
    {
      self->version = version;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
    }
  if (self->updated_us != updated_us)
    {
      self->updated_us = updated_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_US]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_vigil_case_set_sla (VigilCase *self,
                     gint64     sla_us)
{
  if (self->sla_us == sla_us)
    return;
  self->sla_us = sla_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLA_US]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE_US]);
}

void
_vigil_case_refresh_sla (VigilCase *self,
                         gint64     now_us)
{
  VigilSlaLevel level = VIGIL_SLA_NONE;
  g_autofree char *text = NULL;

  /* The clock stops once a reply went out or the case was closed. */
  if (!vigil_case_state_is_closed (self->state) && self->state != VIGIL_CASE_STATE_RESPONDED)
    {
      level = vigil_sla_level_at (vigil_case_get_due_us (self), self->sla_us, now_us);
      text = vigil_sla_format_remaining (vigil_case_get_due_us (self), now_us);
    }
  g_object_freeze_notify (G_OBJECT (self));
  if (self->sla_level != level)
    {
      self->sla_level = level;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLA_LEVEL]);
    }
  replace_string (self, &self->sla_text, text, PROP_SLA_TEXT);
  g_object_thaw_notify (G_OBJECT (self));
}
