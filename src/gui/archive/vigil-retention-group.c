/* vigil-retention-group.c: the retention settings, for the Preferences
 *
 * One spin button per platform (days, 0 = for ever), written to and
 * following the GSettings key retention-days (a{su}). The Archive page
 * applies the policy; vigil-cli retention shows and applies the same one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-retention-group"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-archive.h"
#include "vigil-retention-group.h"
#include "vigil-settings.h"

#define KEY "retention-days"

struct _VigilRetentionGroup
{
  AdwPreferencesGroup  parent_instance;

  GSettings           *settings;
  gboolean             loading;

  GtkSpinButton       *mastodon_spin;
  GtkSpinButton       *bluesky_spin;
  GtkSpinButton       *feed_spin;
};

G_DEFINE_FINAL_TYPE (VigilRetentionGroup, vigil_retention_group, ADW_TYPE_PREFERENCES_GROUP)

/* in the order of vigil_archive_retention_from_variant's rules */
static GtkSpinButton **
spins (VigilRetentionGroup *self,
       guint                i)
{
  GtkSpinButton **all[VIGIL_RETENTION_N_PLATFORMS] = { &self->mastodon_spin, &self->bluesky_spin, &self->feed_spin };

  return all[i];
}

static void
load (VigilRetentionGroup *self)
{
  g_autoptr(GVariant) value = g_settings_get_value (self->settings, KEY);
  VigilRetentionRule rules[VIGIL_RETENTION_N_PLATFORMS];

  vigil_archive_retention_from_variant (value, rules);
  self->loading = TRUE;
  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    gtk_spin_button_set_value (*spins (self, i), rules[i].days);
  self->loading = FALSE;
}

static void
on_days_changed_cb (VigilRetentionGroup *self)
{
  VigilRetentionRule rules[VIGIL_RETENTION_N_PLATFORMS];

  if (self->loading || self->settings == NULL)
    return;
  vigil_archive_retention_from_variant (NULL, rules);
  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    rules[i].days = (guint) gtk_spin_button_get_value_as_int (*spins (self, i));
  g_settings_set_value (self->settings, KEY, vigil_archive_retention_to_variant (rules));
}

static void
vigil_retention_group_dispose (GObject *object)
{
  VigilRetentionGroup *self = VIGIL_RETENTION_GROUP (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_RETENTION_GROUP);
  G_OBJECT_CLASS (vigil_retention_group_parent_class)->dispose (object);
}

static void
vigil_retention_group_class_init (VigilRetentionGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_retention_group_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/archive/vigil-retention-group.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilRetentionGroup, mastodon_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilRetentionGroup, bluesky_spin);
  gtk_widget_class_bind_template_child (widget_class, VigilRetentionGroup, feed_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_days_changed_cb);
}

static void
vigil_retention_group_init (VigilRetentionGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = vigil_settings_new ("retention settings");
  if (self->settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return;
    }
  load (self);
  g_signal_connect_object (self->settings, "changed::" KEY, G_CALLBACK (load), self, G_CONNECT_SWAPPED);
}

GtkWidget *
vigil_retention_group_new (void)
{
  return g_object_new (VIGIL_TYPE_RETENTION_GROUP, NULL);
}

void
vigil_retention_group_add_page (AdwPreferencesWindow *window)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

  g_return_if_fail (ADW_IS_PREFERENCES_WINDOW (window));

  adw_preferences_page_set_name (page, "archive");
  adw_preferences_page_set_title (page, _("Archive"));
  adw_preferences_page_set_icon_name (page, "document-open-recent-symbolic");
  adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (vigil_retention_group_new ()));
  adw_preferences_window_add (window, page);
}
