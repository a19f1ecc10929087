/* vigil-sources-indicator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-sources-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-application.h"
#include "vigil-sources-indicator.h"

struct _VigilSourcesIndicator
{
  GtkButton           parent_instance;

  VigilSourceManager *manager;
  GPtrArray          *sources;  /* the VigilSource we listen to */

  GtkImage           *icon;
  GtkLabel           *label;
};

G_DEFINE_FINAL_TYPE (VigilSourcesIndicator, vigil_sources_indicator, GTK_TYPE_BUTTON)

static void
update (VigilSourcesIndicator *self)
{
  guint live = 0, connecting = 0, backing_off = 0, failed = 0, paused = 0, n;
  g_autofree char *text = NULL;
  g_autoptr(GString) tooltip = g_string_new (NULL);
  const char *icon = "network-wireless-signal-excellent-symbolic";

  n = self->sources->len;
  for (guint i = 0; i < n; i++)
    {
      VigilSource *source = g_ptr_array_index (self->sources, i);

      if (vigil_source_manager_get_paused (self->manager, source))
        {
          paused++;
          continue;
        }
      switch (vigil_source_get_state (source))
        {
        case VIGIL_SOURCE_STATE_LIVE: live++; break;
        case VIGIL_SOURCE_STATE_CONNECTING: connecting++; break;
        case VIGIL_SOURCE_STATE_BACKING_OFF: backing_off++; break;
        case VIGIL_SOURCE_STATE_FAILED: failed++; break;
        case VIGIL_SOURCE_STATE_STOPPED:
        default: break;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self),
                          self->manager != NULL && vigil_source_manager_get_n_configured (self->manager) > 0);
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");

  if (failed > 0)
    {
      icon = "dialog-error-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "error");
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u failing", "%u failing", failed), failed);
    }
  else if (backing_off > 0)
    {
      icon = "dialog-warning-symbolic";
      gtk_widget_add_css_class (GTK_WIDGET (self->icon), "warning");
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u retrying", "%u retrying", backing_off),
                              backing_off);
    }
  else if (live == 0 && connecting > 0)
    {
      icon = "network-wireless-acquiring-symbolic";
      text = g_strdup (_("Connecting…"));
    }
  else if (live == 0)
    {
      icon = "network-offline-symbolic";
      text = g_strdup (paused > 0 ? _("Paused") : _("Offline"));
    }
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u live", "%u live", live), live);

  g_string_append_printf (tooltip, _("Sources: %u live"), live);
  if (connecting > 0)
    g_string_append_printf (tooltip, _(", %u connecting"), connecting);
  if (backing_off > 0)
    g_string_append_printf (tooltip, _(", %u retrying"), backing_off);
  if (failed > 0)
    g_string_append_printf (tooltip, _(", %u failed"), failed);
  if (paused > 0)
    g_string_append_printf (tooltip, _(", %u paused"), paused);
  g_string_append (tooltip, _(". Click to manage them."));

  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_label_set_text (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip->str);
}

static void
on_source_state_cb (VigilSourcesIndicator *self)
{
  update (self);
}

static void
release_sources (VigilSourcesIndicator *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->sources, i), self);
  g_ptr_array_set_size (self->sources, 0);
}

static void
on_items_changed_cb (VigilSourcesIndicator *self)
{
  guint n;

  release_sources (self);
  n = self->manager != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->manager)) : 0;
  for (guint i = 0; i < n; i++)
    {
      VigilSource *source = g_list_model_get_item (G_LIST_MODEL (self->manager), i);

      g_signal_connect_swapped (source, "notify::state", G_CALLBACK (on_source_state_cb), self);
      g_ptr_array_add (self->sources, source);
    }
  update (self);
}

void
vigil_sources_indicator_set_manager (VigilSourcesIndicator *self,
                                     VigilSourceManager    *manager)
{
  g_return_if_fail (VIGIL_IS_SOURCES_INDICATOR (self));
  g_return_if_fail (!manager || VIGIL_IS_SOURCE_MANAGER (manager));

  if (self->manager == manager)
    return;
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  release_sources (self);
  g_set_object (&self->manager, manager);
  if (manager != NULL)
    g_signal_connect_object (manager, "items-changed", G_CALLBACK (on_items_changed_cb), self,
                             G_CONNECT_SWAPPED);
  on_items_changed_cb (self);
}

const char *
vigil_sources_indicator_get_text (VigilSourcesIndicator *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCES_INDICATOR (self), NULL);
  return gtk_label_get_text (self->label);
}

/* The window gets its application after its template is built: follow
 * the window's "application" to find the manager. */
static void
find_manager (VigilSourcesIndicator *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (self->manager == NULL && VIGIL_IS_APPLICATION (app)
      && vigil_application_get_source_manager (VIGIL_APPLICATION (app)) != NULL)
    vigil_sources_indicator_set_manager (self, vigil_application_get_source_manager (VIGIL_APPLICATION (app)));
}

static void
vigil_sources_indicator_root (GtkWidget *widget)
{
  VigilSourcesIndicator *self = VIGIL_SOURCES_INDICATOR (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (vigil_sources_indicator_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    g_signal_connect_object (root, "notify::application", G_CALLBACK (find_manager), self,
                             G_CONNECT_SWAPPED);
  find_manager (self);
}

static void
vigil_sources_indicator_dispose (GObject *object)
{
  VigilSourcesIndicator *self = (VigilSourcesIndicator *) object;

  if (self->sources != NULL)
    release_sources (self);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_SOURCES_INDICATOR);
  G_OBJECT_CLASS (vigil_sources_indicator_parent_class)->dispose (object);
}

static void
vigil_sources_indicator_class_init (VigilSourcesIndicatorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_sources_indicator_dispose;
  widget_class->root = vigil_sources_indicator_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/sources/vigil-sources-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilSourcesIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, VigilSourcesIndicator, label);
}

static void
vigil_sources_indicator_init (VigilSourcesIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
}
