/* vigil-triage-page.c: the Triage page: columns, identity, inbox rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-triage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-settings.h"
#include "vigil-triage-roles.h"
#include "vigil-triage-page-private.h"

G_DEFINE_FINAL_TYPE (VigilTriagePage, vigil_triage_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BOARD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define IDENTITY_KEY "triage-identity"

void
vigil_triage_page_show_toast (VigilTriagePage *self,
                              const char      *message)
{
  AdwToast *toast;

  g_return_if_fail (VIGIL_IS_TRIAGE_PAGE (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* --- identity ------------------------------------------------------------ */

static void
update_identity (VigilTriagePage *self)
{
  const char *actor = self->board ? vigil_context_get_actor (vigil_case_board_get_context (self->board)) : NULL;

  adw_button_content_set_label (self->identity_content, actor ? actor : _("Who Are You?"));
}

static void
on_identity_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         VigilTriagePage  *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "vigil-name");
  GtkDropDown *roles = g_object_get_data (G_OBJECT (dialog), "vigil-role");
  g_autofree char *name = NULL;
  guint role_index;

  if (g_strcmp0 (response, "save") != 0 || self->board == NULL)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  if (*name == '\0')
    return;
  if (self->settings)
    g_settings_set_string (self->settings, IDENTITY_KEY, name);
  vigil_context_set_actor (vigil_case_board_get_context (self->board), name);
  role_index = gtk_drop_down_get_selected (roles);
  if (role_index != GTK_INVALID_LIST_POSITION && role_index > 0)
    {
      g_autoptr(VigilTriageRole) role = g_list_model_get_item (vigil_case_board_get_roles (self->board),
                                                               role_index - 1);
      g_autoptr(GError) error = NULL;

      if (role && !vigil_case_board_join_role (self->board, vigil_triage_role_get_id (role), name, &error))
        vigil_triage_page_show_toast (self, error->message);
    }
}

static void
ask_identity (VigilTriagePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  GtkWidget *box, *entry, *roles;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GListModel *model;

  if (self->board == NULL)
    return;
  model = vigil_case_board_get_roles (self->board);
  gtk_string_list_append (names, _("No role"));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VigilTriageRole) role = g_list_model_get_item (model, i);
      gtk_string_list_append (names, vigil_triage_role_get_name (role));
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Who Are You?"),
                                                       _("Your name goes into the log of every case you "
                                                         "triage. Pick the role you work in: its members "
                                                         "can be assigned cases, and a senior role's "
                                                         "members approve gated replies.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry),
                         vigil_context_get_actor (vigil_case_board_get_context (self->board)));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  roles = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), roles);
  adw_message_dialog_set_extra_child (dialog, box);
  g_object_set_data (G_OBJECT (dialog), "vigil-name", entry);
  g_object_set_data (G_OBJECT (dialog), "vigil-role", roles);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Later"), "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_identity_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
identity_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ask_identity (VIGIL_TRIAGE_PAGE (widget));
}

static void
roles_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  VigilTriagePage *self = VIGIL_TRIAGE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *window;

  if (self->board == NULL)
    return;
  window = vigil_triage_roles_new (self->board);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_map_cb (VigilTriagePage *self)
{
  /* First use: the person says who they are (no login server yet). */
  if (self->settings && !self->asked_identity &&
      g_settings_get_string (self->settings, IDENTITY_KEY)[0] == '\0')
    {
      self->asked_identity = TRUE;
      ask_identity (self);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* --- inbox rule ---------------------------------------------------------- */

static void
sync_rule_buttons (VigilTriagePage *self)
{
  VigilInboxRule rule;

  if (self->board == NULL)
    return;
  vigil_case_board_get_inbox_rule (self->board, &rule);
  self->updating_rule = TRUE;
  gtk_check_button_set_active (self->rule_watches, rule.watches);
  gtk_check_button_set_active (self->rule_risk, rule.risk);
  gtk_check_button_set_active (self->rule_negative, rule.negative);
  gtk_check_button_set_active (self->rule_flags, rule.flags);
  self->updating_rule = FALSE;
}

static void
on_rule_toggled_cb (VigilTriagePage *self)
{
  VigilInboxRule rule;
  g_autoptr(GError) error = NULL;

  if (self->updating_rule || self->board == NULL)
    return;
  vigil_case_board_get_inbox_rule (self->board, &rule);
  rule.watches = gtk_check_button_get_active (self->rule_watches);
  rule.risk = gtk_check_button_get_active (self->rule_risk);
  rule.negative = gtk_check_button_get_active (self->rule_negative);
  rule.flags = gtk_check_button_get_active (self->rule_flags);
  if (!vigil_case_board_set_inbox_rule (self->board, &rule, &error))
    {
      vigil_triage_page_show_toast (self, error->message);
      sync_rule_buttons (self);
    }
}

/* --- columns ------------------------------------------------------------- */

static void
update_main_stack (VigilTriagePage *self)
{
  gboolean any = self->board && vigil_case_board_get_n_cases (self->board) > 0;

  gtk_stack_set_visible_child_name (self->main_stack, any ? "board" : "empty");
}

static void
on_column_failed_cb (VigilTriageColumn *column,
                     const char        *message,
                     VigilTriagePage   *self)
{
  vigil_triage_page_show_toast (self, message);
}

static void
on_column_activate_cb (VigilTriageColumn *column,
                       VigilCase         *kase,
                       VigilTriagePage   *self)
{
  _vigil_triage_page_open_case (self, kase);
}

static void
on_selection_changed_cb (GtkSelectionModel *selection,
                         guint              position,
                         guint              n_items,
                         VigilTriagePage   *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection);

  if (gtk_bitset_is_empty (set))
    return;
  /* One column at a time has the selection (and the keyboard). */
  for (guint i = 0; i < self->columns->len; i++)
    {
      VigilTriageColumn *column = g_ptr_array_index (self->columns, i);
      GtkSelectionModel *other = vigil_triage_column_get_selection (column);

      if (other == selection)
        self->current = column;
      else
        {
          g_autoptr(GtkBitset) theirs = gtk_selection_model_get_selection (other);
          if (!gtk_bitset_is_empty (theirs))
            gtk_selection_model_unselect_all (other);
        }
    }
}

/* Cards exist only in the columns in view (and one column either side). */
static gboolean
activate_visible_cb (gpointer user_data)
{
  VigilTriagePage *self = user_data;
  GtkAdjustment *adj = gtk_scrolled_window_get_hadjustment (self->scroller);
  double left = gtk_adjustment_get_value (adj);
  double right = left + gtk_adjustment_get_page_size (adj);
  gboolean laid_out = gtk_adjustment_get_page_size (adj) > 0;

  self->activate_id = 0;
  for (guint i = 0; i < self->columns->len; i++)
    {
      VigilTriageColumn *column = g_ptr_array_index (self->columns, i);
      graphene_rect_t bounds;
      gboolean visible;

      if (laid_out && gtk_widget_compute_bounds (GTK_WIDGET (column), GTK_WIDGET (self->columns_box), &bounds))
        visible = bounds.origin.x + 2 * bounds.size.width >= left &&
                  bounds.origin.x - bounds.size.width <= right;
      else
        visible = i < 4;   /* before the first layout */
      vigil_triage_column_set_active (column, visible);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_activate_visible (VigilTriagePage *self)
{
  if (self->activate_id == 0)
    self->activate_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, activate_visible_cb, self, NULL);
}

static void
add_column (VigilTriagePage       *self,
            VigilTriageColumnKind  kind,
            VigilTriageRole       *role)
{
  GtkWidget *column = vigil_triage_column_new (self->board, kind, role);

  g_signal_connect_object (column, "failed", G_CALLBACK (on_column_failed_cb), self, 0);
  g_signal_connect_object (column, "activate", G_CALLBACK (on_column_activate_cb), self, 0);
  g_signal_connect_object (vigil_triage_column_get_selection (VIGIL_TRIAGE_COLUMN (column)), "selection-changed",
                           G_CALLBACK (on_selection_changed_cb), self, 0);
  g_signal_connect_object (vigil_triage_column_get_selection (VIGIL_TRIAGE_COLUMN (column)), "items-changed",
                           G_CALLBACK (update_main_stack), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->columns_box, column);
  g_ptr_array_add (self->columns, column);
}

static void
rebuild_columns (VigilTriagePage *self)
{
  GtkWidget *child;
  GListModel *roles;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box))))
    gtk_box_remove (self->columns_box, child);
  g_ptr_array_set_size (self->columns, 0);
  self->current = NULL;
  if (self->board == NULL)
    return;

  add_column (self, VIGIL_TRIAGE_COLUMN_INBOX, NULL);
  roles = vigil_case_board_get_roles (self->board);
  for (guint i = 0; i < g_list_model_get_n_items (roles); i++)
    {
      g_autoptr(VigilTriageRole) role = g_list_model_get_item (roles, i);
      add_column (self, VIGIL_TRIAGE_COLUMN_ROLE, role);
    }
  add_column (self, VIGIL_TRIAGE_COLUMN_ESCALATED, NULL);
  add_column (self, VIGIL_TRIAGE_COLUMN_DONE, NULL);
  self->current = g_ptr_array_index (self->columns, 0);
  update_main_stack (self);
  activate_visible_cb (self);
  queue_activate_visible (self);
}

/* --- public -------------------------------------------------------------- */

VigilCaseBoard *
vigil_triage_page_get_board (VigilTriagePage *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_PAGE (self), NULL);
  return self->board;
}

void
vigil_triage_page_set_board (VigilTriagePage *self,
                             VigilCaseBoard  *board)
{
  g_return_if_fail (VIGIL_IS_TRIAGE_PAGE (self));
  g_return_if_fail (!board || VIGIL_IS_CASE_BOARD (board));

  if (self->board)
    {
      g_signal_handlers_disconnect_by_data (vigil_case_board_get_roles (self->board), self);
      g_signal_handlers_disconnect_by_data (vigil_case_board_get_context (self->board), self);
    }
  if (!g_set_object (&self->board, board))
    return;
  if (board)
    {
      VigilContext *context = vigil_case_board_get_context (board);
      g_autofree char *identity = self->settings ? g_settings_get_string (self->settings, IDENTITY_KEY) : NULL;

      if (identity && *identity)
        vigil_context_set_actor (context, identity);
      g_signal_connect_object (vigil_case_board_get_roles (board), "items-changed",
                               G_CALLBACK (rebuild_columns), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (context, "notify::actor", G_CALLBACK (update_identity), self, G_CONNECT_SWAPPED);
    }
  rebuild_columns (self);
  update_identity (self);
  sync_rule_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOARD]);
}

GPtrArray *
vigil_triage_page_get_columns (VigilTriagePage *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_PAGE (self), NULL);
  return self->columns;
}

GtkWidget *
vigil_triage_page_get_current_column (VigilTriagePage *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_PAGE (self), NULL);
  return GTK_WIDGET (self->current);
}

guint
vigil_triage_page_send_posts (VigilTriagePage *self,
                              GPtrArray       *posts)
{
  guint opened = 0;

  g_return_val_if_fail (VIGIL_IS_TRIAGE_PAGE (self), 0);
  g_return_val_if_fail (posts, 0);

  for (guint i = 0; self->board && i < posts->len; i++)
    {
      g_autoptr(GError) error = NULL;
      VigilPost *post = g_ptr_array_index (posts, i);
      gboolean existed = vigil_case_board_lookup (self->board, vigil_post_get_remote_id (post)) != NULL;

      if (!vigil_case_board_open_post (self->board, post, _("sent from the feed"), &error))
        vigil_triage_page_show_toast (self, error->message);
      else if (!existed)
        opened++;
    }
  return opened;
}

/* --- GObject ------------------------------------------------------------- */

static void
vigil_triage_page_dispose (GObject *object)
{
  VigilTriagePage *self = (VigilTriagePage *) object;

  vigil_triage_page_set_board (self, NULL);
  g_clear_handle_id (&self->activate_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_TRIAGE_PAGE);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (vigil_triage_page_parent_class)->dispose (object);
}

static void
vigil_triage_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VigilTriagePage *self = VIGIL_TRIAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_BOARD:
      g_value_set_object (value, self->board);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_triage_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  VigilTriagePage *self = VIGIL_TRIAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_BOARD:
      vigil_triage_page_set_board (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/vigilapp/Vigil/triage/vigil-triage.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
vigil_triage_page_class_init (VigilTriagePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_triage_page_dispose;
  object_class->get_property = vigil_triage_page_get_property;
  object_class->set_property = vigil_triage_page_set_property;

  properties[PROP_BOARD] =
    g_param_spec_object ("board", NULL, NULL, VIGIL_TYPE_CASE_BOARD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/triage/vigil-triage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilTriagePage, identity_button);
  gtk_widget_class_bind_template_child (widget_class, VigilTriagePage, identity_content);
  gtk_widget_class_bind_template_child (widget_class, VigilTriagePage, rule_watches);
  gtk_widget_class_bind_template_child (widget_class, VigilTriagePage, rule_risk);
  gtk_widget_class_bind_template_child (widget_class, VigilTriagePage, rule_negative);
  gtk_widget_class_bind_template_child (widget_class, VigilTriagePage, rule_flags);
  gtk_widget_class_bind_template_child (widget_class, VigilTriagePage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilTriagePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, VigilTriagePage, columns_box);

  gtk_widget_class_install_action (widget_class, "triage.identity", NULL, identity_action);
  gtk_widget_class_install_action (widget_class, "triage.roles", NULL, roles_action);
  _vigil_triage_page_install_actions (widget_class);
}

static void
vigil_triage_page_init (VigilTriagePage *self)
{
  load_css ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* not a bound template child: AdwBin unparents its own child */
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self)));

  self->columns = g_ptr_array_new ();
  self->settings = vigil_settings_new ("the triage identity won't be remembered");
  g_signal_connect (self, "map", G_CALLBACK (on_map_cb), NULL);
  for (GtkCheckButton **b = (GtkCheckButton *[]) { self->rule_watches, self->rule_risk, self->rule_negative,
                                                    self->rule_flags, NULL }; *b; b++)
    g_signal_connect_object (*b, "toggled", G_CALLBACK (on_rule_toggled_cb), self, G_CONNECT_SWAPPED);
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_hadjustment (self->scroller);

    g_signal_connect_object (adj, "value-changed", G_CALLBACK (queue_activate_visible), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (adj, "changed", G_CALLBACK (queue_activate_visible), self, G_CONNECT_SWAPPED);
  }
  update_main_stack (self);
}
