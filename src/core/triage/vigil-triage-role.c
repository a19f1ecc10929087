/* vigil-triage-role.c: a role cases are assigned to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-triage-role"

#include "config.h"

#include "vigil-triage-role.h"

struct _VigilTriageRole
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *colour;
  guint    digit;
  GStrv    members;
  char    *senior;
};

G_DEFINE_FINAL_TYPE (VigilTriageRole, vigil_triage_role, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COLOUR,
  PROP_DIGIT,
  PROP_MEMBERS,
  PROP_SENIOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (VigilTriageRole *self,
            char           **field,
            const char      *value,
            guint            prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
vigil_triage_role_finalize (GObject *object)
{
  VigilTriageRole *self = (VigilTriageRole *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->colour);
  g_strfreev (self->members);
  g_free (self->senior);

  G_OBJECT_CLASS (vigil_triage_role_parent_class)->finalize (object);
}

static void
vigil_triage_role_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilTriageRole *self = VIGIL_TRIAGE_ROLE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_COLOUR: g_value_set_string (value, self->colour); break;
    case PROP_DIGIT: g_value_set_uint (value, self->digit); break;
    case PROP_MEMBERS: g_value_set_boxed (value, self->members); break;
    case PROP_SENIOR: g_value_set_string (value, self->senior); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_triage_role_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilTriageRole *self = VIGIL_TRIAGE_ROLE (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_NAME: vigil_triage_role_set_name (self, g_value_get_string (value)); break;
    case PROP_COLOUR: vigil_triage_role_set_colour (self, g_value_get_string (value)); break;
    case PROP_DIGIT: vigil_triage_role_set_digit (self, g_value_get_uint (value)); break;
    case PROP_MEMBERS: vigil_triage_role_set_members (self, g_value_get_boxed (value)); break;
    case PROP_SENIOR: vigil_triage_role_set_senior (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_triage_role_class_init (VigilTriageRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vigil_triage_role_finalize;
  object_class->get_property = vigil_triage_role_get_property;
  object_class->set_property = vigil_triage_role_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_COLOUR] = g_param_spec_string ("colour", NULL, NULL, NULL, rw);
  properties[PROP_DIGIT] = g_param_spec_uint ("digit", NULL, NULL, 0, 9, 0, rw);
  properties[PROP_MEMBERS] = g_param_spec_boxed ("members", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_SENIOR] = g_param_spec_string ("senior", NULL, NULL, NULL, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_triage_role_init (VigilTriageRole *self)
{
  self->members = g_new0 (char *, 1);
}

VigilTriageRole *
vigil_triage_role_new (const char *id)
{
  g_return_val_if_fail (id && *id, NULL);
  return g_object_new (VIGIL_TYPE_TRIAGE_ROLE, "id", id, NULL);
}

const char *
vigil_triage_role_get_id (VigilTriageRole *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_ROLE (self), NULL);
  return self->id;
}

const char *
vigil_triage_role_get_name (VigilTriageRole *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_ROLE (self), NULL);
  return self->name ? self->name : self->id;
}

void
vigil_triage_role_set_name (VigilTriageRole *self,
                            const char      *name)
{
  g_return_if_fail (VIGIL_IS_TRIAGE_ROLE (self));
  set_string (self, &self->name, name, PROP_NAME);
}

const char *
vigil_triage_role_get_colour (VigilTriageRole *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_ROLE (self), NULL);
  return self->colour ? self->colour : "#77767b";
}

void
vigil_triage_role_set_colour (VigilTriageRole *self,
                              const char      *colour)
{
  g_return_if_fail (VIGIL_IS_TRIAGE_ROLE (self));
  set_string (self, &self->colour, colour, PROP_COLOUR);
}

guint
vigil_triage_role_get_digit (VigilTriageRole *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_ROLE (self), 0);
  return self->digit;
}

void
vigil_triage_role_set_digit (VigilTriageRole *self,
                             guint            digit)
{
  g_return_if_fail (VIGIL_IS_TRIAGE_ROLE (self));
  g_return_if_fail (digit <= 9);

  if (self->digit == digit)
    return;
  self->digit = digit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIGIT]);
}

const char * const *
vigil_triage_role_get_members (VigilTriageRole *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_ROLE (self), NULL);
  return (const char * const *) self->members;
}

void
vigil_triage_role_set_members (VigilTriageRole    *self,
                               const char * const *members)
{
  g_return_if_fail (VIGIL_IS_TRIAGE_ROLE (self));

  if (members == NULL)
    {
      static const char * const none[] = { NULL };
      members = none;
    }
  if (g_strv_equal ((const char * const *) self->members, members))
    return;
  g_strfreev (self->members);
  self->members = g_strdupv ((char **) members);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMBERS]);
}

gboolean
vigil_triage_role_has_member (VigilTriageRole *self,
                              const char      *person)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_ROLE (self), FALSE);
  return person && g_strv_contains ((const char * const *) self->members, person);
}

const char *
vigil_triage_role_get_senior (VigilTriageRole *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_ROLE (self), NULL);
  return self->senior;
}

void
vigil_triage_role_set_senior (VigilTriageRole *self,
                              const char      *senior)
{
  g_return_if_fail (VIGIL_IS_TRIAGE_ROLE (self));
  set_string (self, &self->senior, senior && *senior ? senior : NULL, PROP_SENIOR);
}
