/* vigil-templates-page.c: the crisis template library: search, filters, editor, packs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-templates-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-grapheme.h"
#include "vigil-template-pack.h"
#include "vigil-templates-page.h"

enum { F_SCENARIO, F_KIND, F_PLATFORM, F_LOCALE, F_STATE, N_FILTERS };

struct _VigilTemplatesPage
{
  GtkWidget             parent_instance;

  VigilContext         *context;
  VigilTemplateLibrary *library;
  GtkFilterListModel   *filtered;
  GtkCustomFilter      *filter;
  GtkDropDown          *dropdowns[N_FILTERS];
  GStrv                 values[N_FILTERS];   /* what each dropdown item means ("" = any) */
  char                 *text;

  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkSearchEntry       *search_entry;
  GtkFlowBox           *filters_box;
  GtkLabel             *count_label;
  GtkStack             *list_stack;
  GtkListBox           *list_box;
  VigilTemplateEditor  *editor;
};

G_DEFINE_FINAL_TYPE (VigilTemplatesPage, vigil_templates_page, GTK_TYPE_WIDGET)

static const char *
filter_value (VigilTemplatesPage *self,
              guint               f)
{
  guint i = gtk_drop_down_get_selected (self->dropdowns[f]);

  return self->values[f] && i < g_strv_length (self->values[f]) ? self->values[f][i] : "";
}

static gboolean
match_cb (gpointer item,
          gpointer user_data)
{
  VigilTemplatesPage *self = user_data;

  return vigil_template_matches (item, self->text, filter_value (self, F_SCENARIO), filter_value (self, F_KIND),
                                 filter_value (self, F_PLATFORM), filter_value (self, F_LOCALE),
                                 filter_value (self, F_STATE));
}

static void
update_count (VigilTemplatesPage *self)
{
  guint n = self->filtered ? g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) : 0;
  guint total = self->library ? g_list_model_get_n_items (G_LIST_MODEL (self->library)) : 0;
  g_autofree char *text = g_strdup_printf (ngettext ("%u of %u template", "%u of %u templates", total), n, total);

  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n ? "list" : "empty");
}

static void
on_filter_changed_cb (VigilTemplatesPage *self)
{
  g_free (self->text);
  self->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (self->filter)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  VigilTemplate *t = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state = gtk_label_new (vigil_template_get_approved (t) ? _("Approved") : _("Draft"));
  g_autofree char *locales = NULL;
  g_autofree char *subtitle = NULL;

  g_object_get (t, "locales", &locales, NULL);
  subtitle = g_strdup_printf ("%s · %s · %s", vigil_template_scenario_label (vigil_template_get_scenario (t)),
                              vigil_template_kind_label (vigil_template_get_kind (t)), locales);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vigil_template_get_title (t));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_add_css_class (state, vigil_template_get_approved (t) ? "success" : "dim-label");
  gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  g_object_set_data_full (G_OBJECT (row), "vigil-template", g_object_ref (t), g_object_unref);
  return row;
}

static void
on_row_selected_cb (VigilTemplatesPage *self,
                    GtkListBoxRow      *row)
{
  VigilTemplate *t = row ? g_object_get_data (G_OBJECT (row), "vigil-template") : NULL;
  VigilTemplate *shown = vigil_template_editor_get_template (self->editor);

  if (!t)
    return;
  /* the same template after a reload: keep the editor as it is */
  if (shown && g_strcmp0 (vigil_template_get_id (shown), vigil_template_get_id (t)) == 0 &&
      vigil_template_get_revision (shown) == vigil_template_get_revision (t) &&
      vigil_template_get_approved (shown) == vigil_template_get_approved (t))
    return;
  vigil_template_editor_show (self->editor, t);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static gboolean
select_row (VigilTemplatesPage *self,
            const char         *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      VigilTemplate *t = g_object_get_data (G_OBJECT (child), "vigil-template");

      if (t && g_strcmp0 (vigil_template_get_id (t), id) == 0)
        {
          gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (child));
          return TRUE;
        }
    }
  return FALSE;
}

static void
on_items_changed_cb (VigilTemplatesPage *self)
{
  VigilTemplate *shown = vigil_template_editor_get_template (self->editor);

  update_count (self);
  /* the library reloads after each change: keep the selection */
  if (shown && vigil_template_get_revision (shown) > 0)
    select_row (self, vigil_template_get_id (shown));
}

gboolean
vigil_templates_page_select (VigilTemplatesPage *self,
                             const char         *id)
{
  VigilTemplate *t = self->library ? vigil_template_library_lookup (self->library, id) : NULL;

  if (!t)
    return FALSE;
  if (!select_row (self, id))
    {
      vigil_templates_page_set_filters (self, NULL, NULL, NULL, NULL, NULL, NULL);
      select_row (self, id);
    }
  vigil_template_editor_show (self->editor, t);
  return TRUE;
}

static void
set_dropdown (VigilTemplatesPage *self,
              guint               f,
              const char         *value)
{
  guint index = 0;

  for (guint i = 0; value && self->values[f][i]; i++)
    if (g_str_equal (self->values[f][i], value))
      index = i;
  gtk_drop_down_set_selected (self->dropdowns[f], index);
}

void
vigil_templates_page_set_filters (VigilTemplatesPage *self,
                                  const char         *text,
                                  const char         *scenario,
                                  const char         *kind,
                                  const char         *platform,
                                  const char         *locale,
                                  const char         *state)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  set_dropdown (self, F_SCENARIO, scenario);
  set_dropdown (self, F_KIND, kind);
  set_dropdown (self, F_PLATFORM, platform);
  set_dropdown (self, F_LOCALE, locale);
  set_dropdown (self, F_STATE, state);
  on_filter_changed_cb (self);
}

guint
vigil_templates_page_get_n_shown (VigilTemplatesPage *self)
{
  return self->filtered ? g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) : 0;
}

static void
toast (VigilTemplatesPage *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
on_editor_message_cb (VigilTemplatesPage *self,
                      const char         *text)
{
  toast (self, text);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  VigilTemplatesPage *self = VIGIL_TEMPLATES_PAGE (widget);
  g_autoptr(VigilTemplate) draft = NULL;
  g_autofree char *id = NULL;
  const char *scenario = filter_value (self, F_SCENARIO);
  const char *kind = filter_value (self, F_KIND);

  if (!self->library)
    return;
  for (guint n = 1; !id || vigil_template_library_lookup (self->library, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("custom-%u", n);
    }
  draft = vigil_template_new_draft (id, *scenario ? scenario : "product-fault", *kind ? kind : "holding",
                                    _("New template"));
  gtk_list_box_unselect_all (self->list_box);
  vigil_template_editor_show (self->editor, draft);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

gboolean
vigil_templates_page_import_file (VigilTemplatesPage *self,
                                  GFile              *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);
  guint n_new = 0, n_updated = 0;

  if (info && g_file_info_get_size (info) > VIGIL_TEMPLATE_PACK_MAX_BYTES)
    g_set_error (&error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_TOO_LARGE,
                 _("%s is too large to be a template pack"), name);
  else if ((bytes = g_file_load_bytes (file, NULL, NULL, &error)))
    vigil_template_library_import (self->library, bytes, name, NULL, &n_new, &n_updated, &error);

  if (error)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                  _("Could Not Import the Pack"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }
  {
    g_autofree char *text = g_strdup_printf (_("Imported %u new templates and %u new versions, as drafts"),
                                             n_new, n_updated);
    toast (self, text);
  }
  return TRUE;
}

static void
on_import_response_cb (GtkNativeDialog    *dialog,
                       int                 response,
                       VigilTemplatesPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))))
    vigil_templates_page_import_file (self, file);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Template packs (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  return filter;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilTemplatesPage *self = VIGIL_TEMPLATES_PAGE (widget);
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Import Template Pack"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = json_filter ();

  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_export_response_cb (GtkNativeDialog    *dialog,
                       int                 response,
                       VigilTemplatesPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  const char *state = g_object_get_data (G_OBJECT (dialog), "vigil-state");

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))))
    {
      g_autofree char *text = vigil_template_library_export (self->library, state);
      g_autofree char *path = g_file_get_path (file);

      /* g_file_set_contents: a temporary file renamed into place */
      if (!path || !g_file_set_contents (path, text, -1, &error))
        toast (self, error ? error->message : _("Could not export: choose a local folder"));
      else
        toast (self, _("Templates exported"));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  VigilTemplatesPage *self = VIGIL_TEMPLATES_PAGE (widget);
  gboolean approved = g_str_equal (action_name, "templates.export-approved");
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (approved ? _("Export Approved Templates") : _("Export Templates"),
                                 GTK_WINDOW (gtk_widget_get_root (widget)),
                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = json_filter ();

  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                     approved ? "approved-templates.json" : "templates.json");
  g_object_set_data (G_OBJECT (chooser), "vigil-state", approved ? (gpointer) "approved" : NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

VigilTemplateEditor *
vigil_templates_page_get_editor (VigilTemplatesPage *self)
{
  return self->editor;
}

void
vigil_templates_page_set_context (VigilTemplatesPage *self,
                                  VigilContext       *context)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (VIGIL_IS_TEMPLATES_PAGE (self));

  if (!g_set_object (&self->context, context))
    return;
  self->library = context ? vigil_context_ensure_service (context, VIGIL_TYPE_TEMPLATE_LIBRARY) : NULL;
  if (self->library && !vigil_template_library_load (self->library, &error))
    g_warning ("Could not load the templates: %s", error->message);
  vigil_template_editor_set_library (self->editor, self->library);
  vigil_template_editor_show (self->editor, NULL);
  if (self->filtered)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->filtered);
  if (self->library)
    {
      self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->library)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
      g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (on_items_changed_cb), self);
    }
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered), create_row, self, NULL);
  update_count (self);
}

static GtkDropDown *
add_filter (VigilTemplatesPage *self,
            guint               f,
            const char         *any_label,
            const char * const *ids,
            const char *      (*label) (const char *))
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  GtkDropDown *dropdown;

  gtk_string_list_append (labels, any_label);
  g_strv_builder_add (values, "");
  for (guint i = 0; ids[i]; i++)
    {
      gtk_string_list_append (labels, label ? label (ids[i]) : ids[i]);
      g_strv_builder_add (values, ids[i]);
    }
  self->values[f] = g_strv_builder_end (values);
  dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (dropdown), any_label);
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (on_filter_changed_cb), self);
  gtk_flow_box_append (self->filters_box, GTK_WIDGET (dropdown));
  return dropdown;
}

static void
vigil_templates_page_dispose (GObject *object)
{
  VigilTemplatesPage *self = VIGIL_TEMPLATES_PAGE (object);

  if (self->list_box)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  if (self->filtered)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  g_clear_object (&self->filtered);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_TEMPLATES_PAGE);
  g_clear_object (&self->filter);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (vigil_templates_page_parent_class)->dispose (object);
}

static void
vigil_templates_page_finalize (GObject *object)
{
  VigilTemplatesPage *self = VIGIL_TEMPLATES_PAGE (object);

  for (guint f = 0; f < N_FILTERS; f++)
    g_strfreev (self->values[f]);
  g_free (self->text);
  G_OBJECT_CLASS (vigil_templates_page_parent_class)->finalize (object);
}

static void
vigil_templates_page_class_init (VigilTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_templates_page_dispose;
  object_class->finalize = vigil_templates_page_finalize;

  g_type_ensure (VIGIL_TYPE_TEMPLATE_EDITOR);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/templates/vigil-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilTemplatesPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplatesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplatesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplatesPage, filters_box);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplatesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplatesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplatesPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, VigilTemplatesPage, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_message_cb);

  gtk_widget_class_install_action (widget_class, "templates.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "templates.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "templates.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "templates.export-approved", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "templates.new", NULL);
}

static const char *
state_label (const char *state)
{
  return g_str_equal (state, "approved") ? _("Approved") : _("Draft");
}

static void
vigil_templates_page_init (VigilTemplatesPage *self)
{
  const char *states[] = { "approved", "draft", NULL };
  const char *locales[] = { "en", "fr", "de", NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter = gtk_custom_filter_new (match_cb, self, NULL);
  self->dropdowns[F_SCENARIO] = add_filter (self, F_SCENARIO, _("Any scenario"), vigil_template_scenarios (),
                                            vigil_template_scenario_label);
  self->dropdowns[F_KIND] = add_filter (self, F_KIND, _("Any kind"), vigil_template_kinds (), vigil_template_kind_label);
  self->dropdowns[F_PLATFORM] = add_filter (self, F_PLATFORM, _("Any platform"), vigil_platform_names (),
                                            vigil_platform_display_name);
  self->dropdowns[F_LOCALE] = add_filter (self, F_LOCALE, _("Any language"), locales, NULL);
  self->dropdowns[F_STATE] = add_filter (self, F_STATE, _("Any state"), states, state_label);
  update_count (self);
}
