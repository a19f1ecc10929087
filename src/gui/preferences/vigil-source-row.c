/* vigil-source-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-source-row"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-source-row.h"
#include "vigil-source-spec.h"

struct _VigilSourceRow
{
  AdwActionRow        parent_instance;

  VigilSourceManager *manager;
  VigilSource        *source;

  GtkImage           *icon;
  GtkSwitch          *listen_switch;
  GtkButton          *edit_button;
  GtkButton          *remove_button;
};

G_DEFINE_FINAL_TYPE (VigilSourceRow, vigil_source_row, ADW_TYPE_ACTION_ROW)

enum {
  EDIT_REQUESTED,
  REMOVE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%H:%M:%S") : g_strdup ("?");
}

const char *
vigil_source_state_icon_name (VigilSourceState state,
                              gboolean         paused)
{
  if (paused)
    return "media-playback-pause-symbolic";
  switch (state)
    {
    case VIGIL_SOURCE_STATE_CONNECTING:
      return "network-wireless-acquiring-symbolic";
    case VIGIL_SOURCE_STATE_LIVE:
      return "network-wireless-signal-excellent-symbolic";
    case VIGIL_SOURCE_STATE_BACKING_OFF:
      return "dialog-warning-symbolic";
    case VIGIL_SOURCE_STATE_FAILED:
      return "dialog-error-symbolic";
    case VIGIL_SOURCE_STATE_STOPPED:
    default:
      return "network-offline-symbolic";
    }
}

char *
vigil_source_describe_state (VigilSource *source,
                             gboolean     paused)
{
  const char *message = vigil_source_get_message (source);

  if (paused)
    return g_strdup (_("Paused"));

  switch (vigil_source_get_state (source))
    {
    case VIGIL_SOURCE_STATE_CONNECTING:
      return g_strdup (_("Connecting…"));
    case VIGIL_SOURCE_STATE_LIVE:
      return g_strdup (_("Live"));
    case VIGIL_SOURCE_STATE_BACKING_OFF:
      {
        gint64 retry_at = vigil_source_get_retry_at (source);
        g_autofree char *when = retry_at > 0 ? format_time (retry_at) : NULL;

        if (when != NULL && message != NULL && *message != '\0')
          /* Translators: %s is a time (12:03:04), then why */
          return g_strdup_printf (_("Backing off until %s: %s"), when, message);
        if (when != NULL)
          return g_strdup_printf (_("Backing off until %s"), when);
        return g_strdup (_("Backing off"));
      }
    case VIGIL_SOURCE_STATE_FAILED:
      if (message != NULL && *message != '\0')
        return g_strdup_printf (_("Failed: %s"), message);
      return g_strdup (_("Failed"));
    case VIGIL_SOURCE_STATE_STOPPED:
    default:
      return g_strdup (_("Stopped"));
    }
}

/* "#acme on mastodon.social", "Bluesky via jetstream2.us-east.bsky.network"… */
char *
vigil_source_describe_spec (const char *spec_text)
{
  g_autoptr(VigilSourceSpec) spec = vigil_source_spec_parse (spec_text, NULL);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;

  if (spec == NULL)
    return g_strdup (spec_text);
  uri = g_uri_parse (spec->url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (spec_text);
  host = g_uri_get_port (uri) > 0 ? g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri))
                                  : g_strdup (g_uri_get_host (uri));

  switch (spec->kind)
    {
    case VIGIL_SOURCE_KIND_JETSTREAM:
      /* Translators: %s is a host name */
      return g_strdup_printf (_("Bluesky via %s"), host);
    case VIGIL_SOURCE_KIND_FEED:
      /* Translators: %s is a host name */
      return g_strdup_printf (_("Feed from %s"), host);
    case VIGIL_SOURCE_KIND_MASTODON:
    default:
      switch (spec->timeline)
        {
        case VIGIL_MASTODON_TIMELINE_TAG:
          /* Translators: #%s is a hashtag, the second %s a host name */
          return g_strdup_printf (_("#%s on %s"), spec->argument, host);
        case VIGIL_MASTODON_TIMELINE_SEARCH:
          return g_strdup_printf (_("“%s” on %s"), spec->argument, host);
        case VIGIL_MASTODON_TIMELINE_ACCOUNT:
          return g_strdup_printf (_("@%s on %s"), spec->argument, host);
        case VIGIL_MASTODON_TIMELINE_LOCAL:
          return g_strdup_printf (_("Local timeline of %s"), host);
        case VIGIL_MASTODON_TIMELINE_HOME:
          return g_strdup_printf (_("Home timeline on %s"), host);
        case VIGIL_MASTODON_TIMELINE_LIST:
          return g_strdup_printf (_("List %s on %s"), spec->argument, host);
        case VIGIL_MASTODON_TIMELINE_PUBLIC:
        default:
          return g_strdup_printf (_("Federated timeline of %s"), host);
        }
    }
}

char *
vigil_source_row_describe (VigilSourceRow *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCE_ROW (self), NULL);
  return vigil_source_describe_state (self->source,
                                      vigil_source_manager_get_paused (self->manager, self->source));
}

static void
update (VigilSourceRow *self)
{
  gboolean paused = vigil_source_manager_get_paused (self->manager, self->source);
  VigilSourceState state = vigil_source_get_state (self->source);
  g_autofree char *status = vigil_source_describe_state (self->source, paused);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *escaped = NULL;
  gint64 last = vigil_source_get_last_event_at (self->source);
  guint64 archived = vigil_source_get_posts_archived (self->source);

  g_string_append (subtitle, status);
  if (last > 0)
    {
      g_autofree char *when = format_time (last);

      g_string_append (subtitle, " · ");
      /* Translators: the time of the last event */
      g_string_append_printf (subtitle, _("last event %s"), when);
    }
  if (state == VIGIL_SOURCE_STATE_LIVE)
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle, _("%.1f events/min"),
                              vigil_source_get_events_per_minute (self->source));
    }
  if (archived > 0)
    {
      g_string_append (subtitle, " · ");
      g_string_append_printf (subtitle,
                              g_dngettext (GETTEXT_PACKAGE, "%" G_GUINT64_FORMAT " post archived",
                                           "%" G_GUINT64_FORMAT " posts archived", archived),
                              archived);
    }

  escaped = g_markup_escape_text (subtitle->str, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), escaped);
  gtk_image_set_from_icon_name (self->icon, vigil_source_state_icon_name (state, paused));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->icon), status);

  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->icon), "success");
  if (!paused && state == VIGIL_SOURCE_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), "error");
  else if (!paused && state == VIGIL_SOURCE_STATE_BACKING_OFF)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), "warning");
  else if (!paused && state == VIGIL_SOURCE_STATE_LIVE)
    gtk_widget_add_css_class (GTK_WIDGET (self->icon), "success");

  g_signal_handlers_block_matched (self->listen_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
  gtk_switch_set_active (self->listen_switch, !paused);
  g_signal_handlers_unblock_matched (self->listen_switch, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
on_source_notify_cb (VigilSourceRow *self)
{
  update (self);
}

static void
on_switch_active_cb (GtkSwitch      *sw,
                     GParamSpec     *pspec,
                     VigilSourceRow *self)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_source_manager_set_paused (self->manager, self->source,
                                        !gtk_switch_get_active (sw), &error))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      if (ADW_IS_PREFERENCES_WINDOW (root))
        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root),
                                          adw_toast_new (error->message));
    }
  update (self);
}

static void
on_edit_clicked_cb (VigilSourceRow *self)
{
  g_signal_emit (self, signals[EDIT_REQUESTED], 0);
}

static void
on_remove_clicked_cb (VigilSourceRow *self)
{
  g_signal_emit (self, signals[REMOVE_REQUESTED], 0);
}

static void
vigil_source_row_dispose (GObject *object)
{
  VigilSourceRow *self = (VigilSourceRow *) object;

  g_clear_object (&self->source);
  g_clear_object (&self->manager);
  G_OBJECT_CLASS (vigil_source_row_parent_class)->dispose (object);
}

static void
vigil_source_row_class_init (VigilSourceRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vigil_source_row_dispose;

  signals[EDIT_REQUESTED] =
    g_signal_new ("edit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE_REQUESTED] =
    g_signal_new ("remove-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vigil_source_row_init (VigilSourceRow *self)
{
  self->icon = GTK_IMAGE (gtk_image_new ());
  adw_action_row_add_prefix (ADW_ACTION_ROW (self), GTK_WIDGET (self->icon));

  self->listen_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->listen_switch), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->listen_switch), _("Listen to this source"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->listen_switch));

  self->edit_button = GTK_BUTTON (gtk_button_new_from_icon_name ("document-edit-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (self->edit_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->edit_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->edit_button), _("Edit"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->edit_button));

  self->remove_button = GTK_BUTTON (gtk_button_new_from_icon_name ("user-trash-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (self->remove_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->remove_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), _("Remove"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->remove_button));

  g_signal_connect_swapped (self->edit_button, "clicked", G_CALLBACK (on_edit_clicked_cb), self);
  g_signal_connect_swapped (self->remove_button, "clicked", G_CALLBACK (on_remove_clicked_cb), self);
}

GtkWidget *
vigil_source_row_new (VigilSourceManager *manager,
                      VigilSource        *source)
{
  VigilSourceRow *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (manager), NULL);
  g_return_val_if_fail (VIGIL_IS_SOURCE (source), NULL);

  self = g_object_new (VIGIL_TYPE_SOURCE_ROW, NULL);
  self->manager = g_object_ref (manager);
  self->source = g_object_ref (source);

  if (g_strcmp0 (vigil_source_manager_get_label (manager, source),
                 vigil_source_manager_get_spec (manager, source)) == 0)
    {
      g_autofree char *described = vigil_source_describe_spec (vigil_source_manager_get_spec (manager, source));

      title = g_markup_escape_text (described, -1);
    }
  else
    title = g_markup_escape_text (vigil_source_manager_get_label (manager, source), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), vigil_source_manager_get_spec (manager, source));
  if (vigil_source_manager_is_derived (manager, source))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->edit_button), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button),
                                   _("Stop following the watches on this instance"));
    }

  g_signal_connect_object (source, "notify", G_CALLBACK (on_source_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self->listen_switch, "notify::active", G_CALLBACK (on_switch_active_cb), self);
  update (self);

  return GTK_WIDGET (self);
}

VigilSource *
vigil_source_row_get_source (VigilSourceRow *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCE_ROW (self), NULL);
  return self->source;
}

GtkSwitch *
vigil_source_row_get_switch (VigilSourceRow *self)
{
  g_return_val_if_fail (VIGIL_IS_SOURCE_ROW (self), NULL);
  return self->listen_switch;
}
