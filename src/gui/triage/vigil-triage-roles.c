/* vigil-triage-roles.c: editing the roles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-triage-roles"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-triage-roles.h"

struct _VigilTriageRoles
{
  AdwPreferencesWindow  parent_instance;

  VigilCaseBoard       *board;
  GPtrArray            *rows;        /* AdwExpanderRow, one per role */

  AdwPreferencesGroup  *roles_group;
  AdwEntryRow          *new_role_row;
};

G_DEFINE_FINAL_TYPE (VigilTriageRoles, vigil_triage_roles, ADW_TYPE_PREFERENCES_WINDOW)

/* The editors of one role, kept on its expander row. */
typedef struct
{
  char           *id;
  AdwEntryRow    *name;
  AdwEntryRow    *members;
  AdwComboRow    *digit;
  AdwComboRow    *senior;
  GtkColorButton *colour;
  GPtrArray      *senior_ids;   /* position in the senior combo → role id (NULL = none) */
} RoleEditor;

static void
role_editor_free (gpointer data)
{
  RoleEditor *editor = data;

  g_free (editor->id);
  g_ptr_array_unref (editor->senior_ids);
  g_free (editor);
}

static void
toast (VigilTriageRoles *self,
       const char       *message)
{
  g_debug ("%s", message);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static char *
describe (VigilCaseBoard  *board,
          VigilTriageRole *role)
{
  VigilTriageRole *senior = vigil_case_board_find_role (board, vigil_triage_role_get_senior (role));
  guint n = g_strv_length ((char **) vigil_triage_role_get_members (role));
  g_autofree char *key = vigil_triage_role_get_digit (role)
    ? g_strdup_printf (_("key %u"), vigil_triage_role_get_digit (role)) : g_strdup (_("no key"));
  g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", n), n);

  return g_strdup_printf ("%s · %s · %s", key, members,
                          senior ? vigil_triage_role_get_name (senior) : _("top of the escalation chain"));
}

static void
on_save_clicked_cb (GtkButton        *button,
                    VigilTriageRoles *self)
{
  RoleEditor *editor = g_object_get_data (G_OBJECT (button), "vigil-editor");
  g_auto(GStrv) parts = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (editor->members)), ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) members = NULL;
  g_autofree char *colour = NULL;
  g_autoptr(GError) error = NULL;
  GdkRGBA rgba;
  guint senior = adw_combo_row_get_selected (editor->senior);

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i])
        g_strv_builder_add (builder, parts[i]);
    }
  members = g_strv_builder_end (builder);
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (editor->colour), &rgba);
  colour = g_strdup_printf ("#%02x%02x%02x", (int) (rgba.red * 255 + 0.5), (int) (rgba.green * 255 + 0.5),
                            (int) (rgba.blue * 255 + 0.5));
  if (!vigil_case_board_save_role (self->board, editor->id, gtk_editable_get_text (GTK_EDITABLE (editor->name)),
                                   colour, adw_combo_row_get_selected (editor->digit),
                                   (const char * const *) members,
                                   senior < editor->senior_ids->len ? g_ptr_array_index (editor->senior_ids, senior) : NULL,
                                   &error))
    toast (self, error->message);
  else
    toast (self, _("Role saved"));
}

static void
on_role_notify_cb (VigilTriageRole *role,
                   GParamSpec      *pspec,
                   GtkWidget       *row)
{
  VigilTriageRoles *self = g_object_get_data (G_OBJECT (row), "vigil-roles");
  g_autofree char *subtitle = NULL;

  if (self == NULL || self->board == NULL)
    return;
  subtitle = describe (self->board, role);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vigil_triage_role_get_name (role));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
}

static GtkWidget *
build_row (VigilTriageRoles *self,
           VigilTriageRole  *role)
{
  GtkWidget *row = adw_expander_row_new ();
  RoleEditor *editor = g_new0 (RoleEditor, 1);
  g_autoptr(GtkStringList) digits = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) seniors = gtk_string_list_new (NULL);
  g_autofree char *members = g_strjoinv (", ", (char **) vigil_triage_role_get_members (role));
  g_autofree char *subtitle = describe (self->board, role);
  GListModel *roles = vigil_case_board_get_roles (self->board);
  GtkWidget *colour_row = adw_action_row_new ();
  GtkWidget *save_row = adw_action_row_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GdkRGBA rgba;

  editor->id = g_strdup (vigil_triage_role_get_id (role));
  editor->senior_ids = g_ptr_array_new_with_free_func (g_free);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vigil_triage_role_get_name (role));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  editor->name = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->name), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (editor->name), vigil_triage_role_get_name (role));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (editor->name));

  editor->members = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->members), _("Members, separated by commas"));
  gtk_editable_set_text (GTK_EDITABLE (editor->members), members);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (editor->members));

  gtk_string_list_append (digits, _("None"));
  for (guint d = 1; d <= 9; d++)
    {
      char key[2] = { (char) ('0' + d), '\0' };
      gtk_string_list_append (digits, key);
    }
  editor->digit = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->digit), _("Key"));
  adw_combo_row_set_model (editor->digit, G_LIST_MODEL (digits));
  adw_combo_row_set_selected (editor->digit, vigil_triage_role_get_digit (role));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (editor->digit));

  gtk_string_list_append (seniors, _("None (top of the chain)"));
  g_ptr_array_add (editor->senior_ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(VigilTriageRole) other = g_list_model_get_item (roles, i);

      if (other == role)
        continue;
      gtk_string_list_append (seniors, vigil_triage_role_get_name (other));
      g_ptr_array_add (editor->senior_ids, g_strdup (vigil_triage_role_get_id (other)));
    }
  editor->senior = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->senior), _("Senior (escalation, approvals)"));
  adw_combo_row_set_model (editor->senior, G_LIST_MODEL (seniors));
  for (guint i = 1; i < editor->senior_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (editor->senior_ids, i), vigil_triage_role_get_senior (role)) == 0)
      adw_combo_row_set_selected (editor->senior, i);
  if (vigil_triage_role_get_senior (role) == NULL)
    adw_combo_row_set_selected (editor->senior, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), GTK_WIDGET (editor->senior));

  editor->colour = GTK_COLOR_BUTTON (gtk_color_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (editor->colour), GTK_ALIGN_CENTER);
  if (gdk_rgba_parse (&rgba, vigil_triage_role_get_colour (role)))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (editor->colour), &rgba);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (colour_row), _("Colour"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (colour_row), GTK_WIDGET (editor->colour));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), colour_row);

  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (save, "suggested-action");
  g_object_set_data (G_OBJECT (save), "vigil-editor", editor);
  g_signal_connect_object (save, "clicked", G_CALLBACK (on_save_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (save_row), save);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), save_row);

  g_object_set_data_full (G_OBJECT (row), "vigil-editor", editor, role_editor_free);
  g_object_set_data (G_OBJECT (row), "vigil-roles", self);
  g_signal_connect_object (role, "notify", G_CALLBACK (on_role_notify_cb), row, 0);
  return row;
}

static void
rebuild (VigilTriageRoles *self)
{
  GListModel *roles = vigil_case_board_get_roles (self->board);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->roles_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(VigilTriageRole) role = g_list_model_get_item (roles, i);
      GtkWidget *row = build_row (self, role);

      adw_preferences_group_add (self->roles_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
on_new_role_apply_cb (VigilTriageRoles *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->new_role_row));
  g_autoptr(GString) id = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *folded = g_utf8_strdown (name, -1);

  /* "Investor Relations" → "investor-relations" */
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c) && c < 128)
        g_string_append_c (id, (char) c);
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  if (id->len == 0 || vigil_case_board_find_role (self->board, id->str))
    {
      toast (self, _("Give the new role a name no other role has, in Latin letters or digits"));
      return;
    }
  if (!vigil_case_board_save_role (self->board, id->str, name, "#77767b", 0, NULL, "crisis-manager", &error))
    toast (self, error->message);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->new_role_row), "");
}

GtkWidget *
vigil_triage_roles_new (VigilCaseBoard *board)
{
  VigilTriageRoles *self;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (board), NULL);

  self = g_object_new (VIGIL_TYPE_TRIAGE_ROLES, NULL);
  self->board = g_object_ref (board);
  g_signal_connect_object (vigil_case_board_get_roles (board), "items-changed",
                           G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
  return GTK_WIDGET (self);
}

static void
vigil_triage_roles_dispose (GObject *object)
{
  VigilTriageRoles *self = (VigilTriageRoles *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_TRIAGE_ROLES);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->board);

  G_OBJECT_CLASS (vigil_triage_roles_parent_class)->dispose (object);
}

static void
vigil_triage_roles_class_init (VigilTriageRolesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_triage_roles_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/triage/vigil-triage-roles.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilTriageRoles, roles_group);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageRoles, new_role_row);
  gtk_widget_class_bind_template_callback (widget_class, on_new_role_apply_cb);
}

static void
vigil_triage_roles_init (VigilTriageRoles *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}
