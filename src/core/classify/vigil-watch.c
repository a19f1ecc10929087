/* vigil-watch.c: a named monitoring query with a colour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-watch"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "vigil-watch.h"

struct _VigilWatch
{
  GObject     parent_instance;

  char       *name;
  char       *colour;
  gboolean    stem;
  VigilQuery *query;
};

G_DEFINE_FINAL_TYPE (VigilWatch, vigil_watch, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_QUERY,
  PROP_COLOUR,
  PROP_STEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vigil_watch_finalize (GObject *object)
{
  VigilWatch *self = VIGIL_WATCH (object);

  g_free (self->name);
  g_free (self->colour);
  g_clear_pointer (&self->query, vigil_query_unref);
  G_OBJECT_CLASS (vigil_watch_parent_class)->finalize (object);
}

static void
vigil_watch_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VigilWatch *self = VIGIL_WATCH (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query ? vigil_query_get_text (self->query) : NULL);
      break;
    case PROP_COLOUR:
      g_value_set_string (value, self->colour);
      break;
    case PROP_STEM:
      g_value_set_boolean (value, self->stem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_watch_class_init (VigilWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vigil_watch_finalize;
  object_class->get_property = vigil_watch_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOUR] =
    g_param_spec_string ("colour", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STEM] =
    g_param_spec_boolean ("stem", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_watch_init (VigilWatch *self)
{
}

gboolean
vigil_colour_is_valid (const char *colour)
{
  gsize n;

  if (!colour || colour[0] != '#')
    return FALSE;
  n = strlen (colour + 1);
  if (n != 3 && n != 6)
    return FALSE;
  for (gsize i = 1; i <= n; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return FALSE;
  return TRUE;
}

VigilWatch *
vigil_watch_new (const char  *name,
                 const char  *query,
                 const char  *colour,
                 gboolean     stem,
                 GError     **error)
{
  VigilWatch *self;
  VigilQuery *compiled;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (query, NULL);
  g_return_val_if_fail (!error || !*error, NULL);

  trimmed = g_strstrip (g_strdup (name ? name : ""));
  if (!trimmed[0] || strlen (trimmed) > VIGIL_WATCH_MAX_NAME_BYTES
      || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A watch needs a name of 1 to %d bytes of text"), VIGIL_WATCH_MAX_NAME_BYTES);
      return NULL;
    }
  if (colour && !vigil_colour_is_valid (colour))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("'%s' is not a colour: write it as #rrggbb, for example #e01b24"), colour);
      return NULL;
    }
  compiled = vigil_query_new (query, stem ? VIGIL_QUERY_STEM : VIGIL_QUERY_FLAGS_NONE, error);
  if (!compiled)
    return NULL;

  self = g_object_new (VIGIL_TYPE_WATCH, NULL);
  self->name = g_steal_pointer (&trimmed);
  self->colour = g_ascii_strdown (colour ? colour : VIGIL_WATCH_DEFAULT_COLOUR, -1);
  self->stem = stem;
  self->query = compiled;
  return self;
}

const char *
vigil_watch_get_name (VigilWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH (self), NULL);
  return self->name;
}

const char *
vigil_watch_get_query_text (VigilWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH (self), NULL);
  return vigil_query_get_text (self->query);
}

const char *
vigil_watch_get_colour (VigilWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH (self), NULL);
  return self->colour;
}

gboolean
vigil_watch_get_stem (VigilWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH (self), FALSE);
  return self->stem;
}

VigilQuery *
vigil_watch_get_query (VigilWatch *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH (self), NULL);
  return self->query;
}
