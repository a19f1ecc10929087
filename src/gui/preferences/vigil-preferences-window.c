/* vigil-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-preferences-window.h"
#include "vigil-retention-group.h"
#include "vigil-settings.h"
#include "vigil-team-database-group.h"
#include "vigil-watch-editor.h"

#define MAX_OFFICIAL_ACCOUNTS 200

struct _VigilPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  VigilSourceManager  *manager;
  VigilWatchList      *watches;
  char                *watches_path;
  GSettings           *settings;  /* NULL when the schema is not installed */

  VigilSourcesPage    *sources_page;
  AdwPreferencesPage  *classification_page;
  GtkListBox          *watches_list;
  GtkListBox          *official_list;
  AdwEntryRow         *official_handle_row;
  AdwEntryRow         *official_name_row;
  GtkSpinButton       *ots_spin;
};

G_DEFINE_FINAL_TYPE (VigilPreferencesWindow, vigil_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (VigilPreferencesWindow *self,
       const char             *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static GtkWidget *
make_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static GtkWidget *
make_icon_button (const char *icon_name,
                  const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* --- watches --- */

static void
on_watch_editor_done_cb (GtkWidget              *editor,
                         VigilPreferencesWindow *self)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (self));
}

GtkWidget *
vigil_preferences_window_open_watch_editor (VigilPreferencesWindow *self,
                                            VigilWatch             *watch)
{
  GtkWidget *editor;

  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), NULL);

  editor = vigil_watch_editor_new (self->watches, self->watches_path, watch);
  g_signal_connect_object (editor, "done", G_CALLBACK (on_watch_editor_done_cb), self, 0);
  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self), editor);
  return editor;
}

static void
draw_swatch_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  const char *colour = user_data;
  GdkRGBA rgba;

  if (!gdk_rgba_parse (&rgba, colour))
    return;
  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
on_watch_edit_clicked_cb (GtkWidget              *button,
                          VigilPreferencesWindow *self)
{
  VigilWatch *watch = g_object_get_data (G_OBJECT (button), "watch");

  vigil_preferences_window_open_watch_editor (self, watch);
}

static void
on_watch_remove_response_cb (AdwMessageDialog       *dialog,
                             const char             *response,
                             VigilPreferencesWindow *self)
{
  VigilWatch *watch = g_object_get_data (G_OBJECT (dialog), "watch");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  vigil_watch_list_remove (self->watches, vigil_watch_get_name (watch));
  if (!vigil_watch_list_save (self->watches, self->watches_path, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The watches could not be saved: %s"), error->message);

      toast (self, message);
    }
}

static void
on_watch_remove_clicked_cb (GtkWidget              *button,
                            VigilPreferencesWindow *self)
{
  VigilWatch *watch = g_object_get_data (G_OBJECT (button), "watch");
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Remove Watch?"), NULL));
  adw_message_dialog_format_body (dialog, _("Posts will no longer be matched against “%s”. "
                                            "What is already archived stays."),
                                  vigil_watch_get_name (watch));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "watch", g_object_ref (watch), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_watch_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_watch_row_cb (gpointer item,
                     gpointer user_data)
{
  VigilPreferencesWindow *self = user_data;
  VigilWatch *watch = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *edit = make_icon_button ("document-edit-symbolic", _("Edit"));
  GtkWidget *remove = make_icon_button ("user-trash-symbolic", _("Remove"));
  g_autofree char *title = g_markup_escape_text (vigil_watch_get_name (watch), -1);
  g_autofree char *subtitle = g_markup_escape_text (vigil_watch_get_query_text (watch), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 14);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch_cb,
                                  g_strdup (vigil_watch_get_colour (watch)), g_free);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);

  g_object_set_data_full (G_OBJECT (edit), "watch", g_object_ref (watch), g_object_unref);
  g_object_set_data_full (G_OBJECT (remove), "watch", g_object_ref (watch), g_object_unref);
  g_signal_connect_object (edit, "clicked", G_CALLBACK (on_watch_edit_clicked_cb), self, 0);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_watch_remove_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), edit);
  return row;
}

static void
add_watch_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  vigil_preferences_window_open_watch_editor (VIGIL_PREFERENCES_WINDOW (widget), NULL);
}

/* --- official accounts ("handle=Display Name") --- */

static void
on_official_remove_clicked_cb (GtkWidget              *button,
                               VigilPreferencesWindow *self)
{
  const char *entry = g_object_get_data (G_OBJECT (button), "entry");
  g_auto(GStrv) accounts = g_settings_get_strv (self->settings, "official-accounts");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;

  for (guint i = 0; accounts[i] != NULL; i++)
    if (g_strcmp0 (accounts[i], entry) != 0)
      g_strv_builder_add (builder, accounts[i]);
  kept = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "official-accounts", (const char * const *) kept);
}

static void
rebuild_official_list (VigilPreferencesWindow *self)
{
  g_auto(GStrv) accounts = NULL;
  GtkListBoxRow *old;

  while ((old = gtk_list_box_get_row_at_index (self->official_list, 0)) != NULL)
    gtk_list_box_remove (self->official_list, GTK_WIDGET (old));
  if (self->settings == NULL)
    return;

  accounts = g_settings_get_strv (self->settings, "official-accounts");
  for (guint i = 0; accounts[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (accounts[i], "=", 2);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = make_icon_button ("user-trash-symbolic", _("Remove"));
      g_autofree char *title = g_markup_escape_text (parts[0] != NULL ? parts[0] : "", -1);
      g_autofree char *subtitle = g_markup_escape_text (parts[0] != NULL && parts[1] != NULL
                                                        ? parts[1] : "", -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (remove), "entry", g_strdup (accounts[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_official_remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->official_list, row);
    }
}

static void
on_official_changed_cb (VigilPreferencesWindow *self)
{
  rebuild_official_list (self);
}

static void
add_official_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  VigilPreferencesWindow *self = VIGIL_PREFERENCES_WINDOW (widget);
  g_autofree char *handle = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->official_handle_row))));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->official_name_row))));
  g_auto(GStrv) accounts = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *prefix = NULL;
  guint n = 0;

  if (self->settings == NULL)
    return;
  if (*handle == '\0' || strpbrk (handle, " \t\n=") != NULL || strlen (handle) > 300
      || strchr (name, '\n') != NULL || strlen (name) > 300)
    {
      toast (self, _("Enter a handle without spaces, like @support@acme.example."));
      return;
    }

  entry = g_strconcat (handle, "=", name, NULL);
  prefix = g_strconcat (handle, "=", NULL);
  accounts = g_settings_get_strv (self->settings, "official-accounts");
  builder = g_strv_builder_new ();
  for (guint i = 0; accounts[i] != NULL; i++)
    {
      /* the same handle again replaces its display name */
      if (g_ascii_strncasecmp (accounts[i], prefix, strlen (prefix)) == 0)
        continue;
      g_strv_builder_add (builder, accounts[i]);
      n++;
    }
  if (n >= MAX_OFFICIAL_ACCOUNTS)
    {
      toast (self, _("There are too many official accounts; remove one first."));
      return;
    }
  g_strv_builder_add (builder, entry);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "official-accounts", (const char * const *) updated);
  gtk_editable_set_text (GTK_EDITABLE (self->official_handle_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->official_name_row), "");
}

static void
on_official_activated_cb (VigilPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.add-official", NULL);
}

static void
setup_settings (VigilPreferencesWindow *self)
{
  self->settings = vigil_settings_new ("classification settings disabled");
  if (self->settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->classification_page), FALSE);
      return;
    }
  g_settings_bind (self->settings, "ots-divisor",
                   gtk_spin_button_get_adjustment (self->ots_spin), "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::official-accounts",
                           G_CALLBACK (on_official_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild_official_list (self);
}

/* --- object --- */

static void
vigil_preferences_window_dispose (GObject *object)
{
  VigilPreferencesWindow *self = (VigilPreferencesWindow *) object;

  if (self->watches_list != NULL)
    gtk_list_box_bind_model (self->watches_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->manager);
  g_clear_object (&self->watches);
  G_OBJECT_CLASS (vigil_preferences_window_parent_class)->dispose (object);
}

static void
vigil_preferences_window_finalize (GObject *object)
{
  VigilPreferencesWindow *self = (VigilPreferencesWindow *) object;

  g_free (self->watches_path);
  G_OBJECT_CLASS (vigil_preferences_window_parent_class)->finalize (object);
}

static void
vigil_preferences_window_class_init (VigilPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_preferences_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = vigil_preferences_window_finalize;

  g_type_ensure (VIGIL_TYPE_SOURCES_PAGE);
  g_type_ensure (VIGIL_TYPE_TEAM_DATABASE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/preferences/vigil-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, sources_page);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, classification_page);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, watches_list);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, official_list);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, official_handle_row);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, official_name_row);
  gtk_widget_class_bind_template_child (widget_class, VigilPreferencesWindow, ots_spin);

  gtk_widget_class_install_action (widget_class, "prefs.add-watch", NULL, add_watch_action);
  gtk_widget_class_install_action (widget_class, "prefs.add-official", NULL, add_official_action);
}

static void
vigil_preferences_window_init (VigilPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  vigil_retention_group_add_page (ADW_PREFERENCES_WINDOW (self));

  gtk_list_box_set_placeholder (self->watches_list,
                                make_placeholder (_("No watches yet. Add one for each thing to keep "
                                                    "an eye on: a brand, a product, a campaign "
                                                    "hashtag, an executive’s name.")));
  gtk_list_box_set_placeholder (self->official_list,
                                make_placeholder (_("No official accounts yet. Add your organisation’s "
                                                    "own accounts below, so look-alikes are flagged.")));
  g_signal_connect_swapped (self->official_name_row, "entry-activated",
                            G_CALLBACK (on_official_activated_cb), self);
}

VigilPreferencesWindow *
vigil_preferences_window_new (GtkWindow          *parent,
                              VigilSourceManager *manager,
                              VigilWatchList     *watches,
                              const char         *watches_path)
{
  VigilPreferencesWindow *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (VIGIL_IS_SOURCE_MANAGER (manager), NULL);
  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (watches), NULL);
  g_return_val_if_fail (watches_path != NULL, NULL);

  self = g_object_new (VIGIL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
  self->manager = g_object_ref (manager);
  self->watches = g_object_ref (watches);
  self->watches_path = g_strdup (watches_path);
  vigil_sources_page_set_manager (self->sources_page, manager);
  gtk_list_box_bind_model (self->watches_list, G_LIST_MODEL (watches), create_watch_row_cb, self, NULL);
  setup_settings (self);
  return self;
}

VigilSourcesPage *
vigil_preferences_window_get_sources_page (VigilPreferencesWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), NULL);
  return self->sources_page;
}

GtkListBox *
vigil_preferences_window_get_watches_list (VigilPreferencesWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), NULL);
  return self->watches_list;
}

GtkListBox *
vigil_preferences_window_get_official_list (VigilPreferencesWindow *self)
{
  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), NULL);
  return self->official_list;
}

GtkEditable *
vigil_preferences_window_get_official_entry (VigilPreferencesWindow *self,
                                             const char             *which)
{
  g_return_val_if_fail (VIGIL_IS_PREFERENCES_WINDOW (self), NULL);
  return GTK_EDITABLE (g_strcmp0 (which, "name") == 0 ? self->official_name_row
                                                      : self->official_handle_row);
}
