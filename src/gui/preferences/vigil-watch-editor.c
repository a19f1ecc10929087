/* vigil-watch-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-watch-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vigil-watch-editor.h"

struct _VigilWatchEditor
{
  GtkBox          parent_instance;

  VigilWatchList *watches;
  char           *path;
  VigilWatch     *watch;    /* being edited, or NULL */
  char           *colour;
  GPtrArray      *swatches; /* GtkToggleButton, in palette order */

  AdwWindowTitle *window_title;
  AdwEntryRow    *name_row;
  AdwEntryRow    *query_row;
  GtkBox         *palette;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (VigilWatchEditor, vigil_watch_editor, GTK_TYPE_BOX)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *colour;
  const char *name;
} palette[] = {
  { "#3584e4", N_("Blue") },
  { "#2ec27e", N_("Green") },
  { "#f5c211", N_("Yellow") },
  { "#ff7800", N_("Orange") },
  { "#e01b24", N_("Red") },
  { "#9141ac", N_("Purple") },
  { "#986a44", N_("Brown") },
  { "#5e5c64", N_("Grey") },
};

static void
set_error (VigilWatchEditor *self,
           const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Builds the watch the fields describe, or NULL with the reason shown. */
static VigilWatch *
build_watch (VigilWatchEditor *self,
             gboolean          show_empty)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->query_row));
  g_autoptr(VigilQuery) compiled = NULL;
  g_autoptr(GError) error = NULL;
  VigilWatch *existing;
  VigilWatch *watch;
  guint position = 0;

  gtk_widget_remove_css_class (GTK_WIDGET (self->query_row), "error");
  if (*query != '\0')
    {
      compiled = vigil_query_new_full (query, VIGIL_QUERY_FLAGS_NONE, &position, &error);
      if (compiled == NULL)
        {
          g_autofree char *message = NULL;
          const char *text = error->message;
          const char *colon = strstr (text, ": ");

          /* the message starts with the position: say it in words */
          if (position > 0 && colon != NULL)
            text = colon + 2;
          message = position > 0
                    ? g_strdup_printf (_("The query has an error at character %u: %s"), position, text)
                    : g_strdup_printf (_("The query has an error: %s"), text);
          gtk_widget_add_css_class (GTK_WIDGET (self->query_row), "error");
          set_error (self, message);
          return NULL;
        }
    }
  if (*name == '\0' || *query == '\0')
    {
      set_error (self, show_empty ? _("Give the watch a name and a query.") : NULL);
      return NULL;
    }
  existing = vigil_watch_list_lookup (self->watches, name);
  if (existing != NULL && existing != self->watch)
    {
      set_error (self, _("There is already a watch of that name."));
      return NULL;
    }
  watch = vigil_watch_new (name, query, self->colour,
                           self->watch != NULL && vigil_watch_get_stem (self->watch), &error);
  if (watch == NULL)
    {
      set_error (self, error->message);
      return NULL;
    }
  set_error (self, NULL);
  return watch;
}

static void
update (VigilWatchEditor *self)
{
  g_autoptr(VigilWatch) watch = build_watch (self, FALSE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "watch-editor.save", watch != NULL);
}

static void
on_changed_cb (VigilWatchEditor *self)
{
  update (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  VigilWatchEditor *self = VIGIL_WATCH_EDITOR (widget);
  g_autoptr(VigilWatch) watch = build_watch (self, TRUE);
  g_autoptr(GError) error = NULL;

  if (watch == NULL)
    return;
  if (self->watch != NULL
      && g_strcmp0 (vigil_watch_get_name (self->watch), vigil_watch_get_name (watch)) != 0)
    vigil_watch_list_remove (self->watches, vigil_watch_get_name (self->watch));
  vigil_watch_list_replace (self->watches, watch);
  if (!vigil_watch_list_save (self->watches, self->path, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The watch could not be saved: %s"), error->message);

      set_error (self, message);
      return;
    }
  g_set_object (&self->watch, watch);
  g_signal_emit (self, signals[DONE], 0);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[DONE], 0);
}

static void
on_swatch_toggled_cb (GtkToggleButton  *button,
                      VigilWatchEditor *self)
{
  const char *colour = g_object_get_data (G_OBJECT (button), "colour");

  if (!gtk_toggle_button_get_active (button))
    return;
  g_free (self->colour);
  self->colour = g_strdup (colour);
  update (self);
}

void
vigil_watch_editor_set_colour (VigilWatchEditor *self,
                               const char       *colour)
{
  g_return_if_fail (VIGIL_IS_WATCH_EDITOR (self));

  for (guint i = 0; i < self->swatches->len; i++)
    {
      GtkToggleButton *button = g_ptr_array_index (self->swatches, i);

      if (g_ascii_strcasecmp (g_object_get_data (G_OBJECT (button), "colour"), colour) == 0)
        {
          gtk_toggle_button_set_active (button, TRUE);
          return;
        }
    }
  /* a colour from the file that is not in the palette is kept */
  g_free (self->colour);
  self->colour = g_strdup (colour);
  for (guint i = 0; i < self->swatches->len; i++)
    gtk_toggle_button_set_active (g_ptr_array_index (self->swatches, i), FALSE);
}

const char *
vigil_watch_editor_get_colour (VigilWatchEditor *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_EDITOR (self), NULL);
  return self->colour;
}

static void
build_palette (VigilWatchEditor *self)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autoptr(GString) css = g_string_new (NULL);
  GtkToggleButton *group = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    g_string_append_printf (css,
                            "button.vigil-swatch-%u { background: %s; min-width: 24px; min-height: 24px;"
                            " padding: 0; border-radius: 9999px; }\n"
                            "button.vigil-swatch-%u:checked { box-shadow: 0 0 0 3px alpha(currentColor, 0.5); }\n",
                            i, palette[i].colour, i);
  gtk_css_provider_load_from_data (provider, css->str, -1);

  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      g_autofree char *klass = g_strdup_printf ("vigil-swatch-%u", i);

      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      gtk_style_context_add_provider (gtk_widget_get_style_context (button),
                                      GTK_STYLE_PROVIDER (provider),
                                      GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      G_GNUC_END_IGNORE_DEPRECATIONS
      gtk_widget_add_css_class (button, klass);
      gtk_widget_set_tooltip_text (button, _(palette[i].name));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(palette[i].name), -1);
      g_object_set_data (G_OBJECT (button), "colour", (gpointer) palette[i].colour);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (on_swatch_toggled_cb), self);
      gtk_box_append (self->palette, button);
      g_ptr_array_add (self->swatches, button);
    }
}

static void
vigil_watch_editor_dispose (GObject *object)
{
  VigilWatchEditor *self = (VigilWatchEditor *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_WATCH_EDITOR);
  g_clear_pointer (&self->swatches, g_ptr_array_unref);
  g_clear_object (&self->watch);
  g_clear_object (&self->watches);
  G_OBJECT_CLASS (vigil_watch_editor_parent_class)->dispose (object);
}

static void
vigil_watch_editor_finalize (GObject *object)
{
  VigilWatchEditor *self = (VigilWatchEditor *) object;

  g_free (self->path);
  g_free (self->colour);
  G_OBJECT_CLASS (vigil_watch_editor_parent_class)->finalize (object);
}

static void
vigil_watch_editor_class_init (VigilWatchEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vigil_watch_editor_dispose;
  G_OBJECT_CLASS (klass)->finalize = vigil_watch_editor_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/preferences/vigil-watch-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilWatchEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchEditor, query_row);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchEditor, palette);
  gtk_widget_class_bind_template_child (widget_class, VigilWatchEditor, error_label);

  gtk_widget_class_install_action (widget_class, "watch-editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "watch-editor.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "watch-editor.cancel", NULL);

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
on_entry_activated_cb (VigilWatchEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "watch-editor.save", NULL);
}

static void
vigil_watch_editor_init (VigilWatchEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->swatches = g_ptr_array_new ();
  build_palette (self);

  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->query_row, "changed", G_CALLBACK (on_changed_cb), self);
  g_signal_connect_swapped (self->query_row, "entry-activated", G_CALLBACK (on_entry_activated_cb), self);
}

GtkWidget *
vigil_watch_editor_new (VigilWatchList *watches,
                        const char     *path,
                        VigilWatch     *watch)
{
  VigilWatchEditor *self;

  g_return_val_if_fail (VIGIL_IS_WATCH_LIST (watches), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (!watch || VIGIL_IS_WATCH (watch), NULL);

  self = g_object_new (VIGIL_TYPE_WATCH_EDITOR, NULL);
  self->watches = g_object_ref (watches);
  self->path = g_strdup (path);
  if (watch != NULL)
    {
      self->watch = g_object_ref (watch);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), vigil_watch_get_name (watch));
      gtk_editable_set_text (GTK_EDITABLE (self->query_row), vigil_watch_get_query_text (watch));
      vigil_watch_editor_set_colour (self, vigil_watch_get_colour (watch));
      adw_window_title_set_title (self->window_title, _("Edit Watch"));
    }
  else
    vigil_watch_editor_set_colour (self, VIGIL_WATCH_DEFAULT_COLOUR);
  update (self);
  return GTK_WIDGET (self);
}

GtkEditable *
vigil_watch_editor_get_name (VigilWatchEditor *self)
{
  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
vigil_watch_editor_get_query (VigilWatchEditor *self)
{
  return GTK_EDITABLE (self->query_row);
}

const char *
vigil_watch_editor_get_error (VigilWatchEditor *self)
{
  g_return_val_if_fail (VIGIL_IS_WATCH_EDITOR (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}
