/* vigil-triage-page-actions.c: keyboard triage
 *
 * The page keeps the keyboard; the cards' selection is the cursor. Every
 * action works on the selected cases of the current column, then selects
 * the case that took the first one's place, so a triage nurse can go
 * through the inbox without touching the mouse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-triage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-case-view.h"
#include "vigil-triage-page-private.h"

static guint
first_selected (VigilTriageColumn *column)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (vigil_triage_column_get_selection (column));

  return gtk_bitset_is_empty (set) ? GTK_INVALID_LIST_POSITION : gtk_bitset_get_minimum (set);
}

static guint
last_selected (VigilTriageColumn *column)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (vigil_triage_column_get_selection (column));

  return gtk_bitset_is_empty (set) ? GTK_INVALID_LIST_POSITION : gtk_bitset_get_maximum (set);
}

void
_vigil_triage_page_select (VigilTriagePage   *self,
                           VigilTriageColumn *column,
                           guint              position,
                           gboolean           extend)
{
  GtkSelectionModel *selection = vigil_triage_column_get_selection (column);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (selection));

  self->current = column;
  vigil_triage_column_reveal (column, position);
  n = g_list_model_get_n_items (G_LIST_MODEL (selection));
  if (n == 0)
    return;
  position = MIN (position, n - 1);
  gtk_selection_model_select_item (selection, position, !extend);
  gtk_widget_activate_action (GTK_WIDGET (vigil_triage_column_get_list_view (column)),
                              "list.scroll-to-item", "u", position);
  /* keep the keyboard on the page, whatever widget the click or the
   * recycled row left it on */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

VigilCase *
vigil_triage_page_get_cursor_case (VigilTriagePage *self)
{
  guint pos;

  g_return_val_if_fail (VIGIL_IS_TRIAGE_PAGE (self), NULL);

  if (self->current == NULL || (pos = first_selected (self->current)) == GTK_INVALID_LIST_POSITION)
    return NULL;
  {
    g_autoptr(VigilCase) kase = g_list_model_get_item (G_LIST_MODEL (vigil_triage_column_get_selection (self->current)), pos);
    return kase;   /* the model keeps it alive */
  }
}

void
_vigil_triage_page_open_case (VigilTriagePage *self,
                              VigilCase       *kase)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *view;

  if (self->board == NULL || kase == NULL)
    return;
  view = vigil_case_view_new (self->board, kase);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (view), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (view));
}

/* --- moving -------------------------------------------------------------- */

static void
move (VigilTriagePage *self,
      int              delta,
      gboolean         extend)
{
  guint pos;

  if (self->current == NULL)
    return;
  pos = delta > 0 ? last_selected (self->current) : first_selected (self->current);
  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else if (delta < 0 && pos == 0)
    pos = 0;
  else
    pos += delta;
  _vigil_triage_page_select (self, self->current, pos, extend);
}

static void
next_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move (VIGIL_TRIAGE_PAGE (widget), 1, FALSE);
}

static void
previous_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move (VIGIL_TRIAGE_PAGE (widget), -1, FALSE);
}

static void
extend_next_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move (VIGIL_TRIAGE_PAGE (widget), 1, TRUE);
}

static void
extend_previous_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move (VIGIL_TRIAGE_PAGE (widget), -1, TRUE);
}

static void
move_column (VigilTriagePage *self,
             int              delta)
{
  guint index = 0;
  guint pos;

  if (self->columns->len == 0)
    return;
  if (self->current && !g_ptr_array_find (self->columns, self->current, &index))
    index = 0;
  pos = self->current ? first_selected (self->current) : 0;
  /* skip empty columns */
  for (int i = (int) index + delta; i >= 0 && i < (int) self->columns->len; i += delta)
    {
      VigilTriageColumn *column = g_ptr_array_index (self->columns, i);

      if (g_list_model_get_n_items (G_LIST_MODEL (vigil_triage_column_get_selection (column))) > 0)
        {
          gtk_selection_model_unselect_all (vigil_triage_column_get_selection (self->current));
          _vigil_triage_page_select (self, column, pos == GTK_INVALID_LIST_POSITION ? 0 : pos, FALSE);
          gtk_widget_grab_focus (GTK_WIDGET (self));
          {
            /* bring the column into view */
            GtkAdjustment *adj = gtk_scrolled_window_get_hadjustment (self->scroller);
            graphene_rect_t bounds;

            if (gtk_widget_compute_bounds (GTK_WIDGET (column), GTK_WIDGET (self->columns_box), &bounds))
              {
                double page = gtk_adjustment_get_page_size (adj);
                double value = gtk_adjustment_get_value (adj);

                if (bounds.origin.x < value)
                  gtk_adjustment_set_value (adj, bounds.origin.x);
                else if (bounds.origin.x + bounds.size.width > value + page)
                  gtk_adjustment_set_value (adj, bounds.origin.x + bounds.size.width - page);
              }
          }
          return;
        }
    }
}

static void
column_left_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move_column (VIGIL_TRIAGE_PAGE (widget), -1);
}

static void
column_right_action (GtkWidget *widget, const char *name, GVariant *param)
{
  move_column (VIGIL_TRIAGE_PAGE (widget), 1);
}

/* --- acting on the selection --------------------------------------------- */

/* The selection's cases outlive their leaving the column's model. */
static void
hold (GPtrArray *cases)
{
  for (guint i = 0; i < cases->len; i++)
    g_object_ref (g_ptr_array_index (cases, i));
  g_ptr_array_set_free_func (cases, g_object_unref);
}

/* The selected cases of column, held, and where the first one is; NULL
 * (with a toast saying so) when nothing is selected. */
static GPtrArray *
take_selection (VigilTriagePage   *self,
                VigilTriageColumn *column,
                guint             *pos)
{
  g_autoptr(GPtrArray) cases = vigil_triage_column_get_selected (column);

  if (cases->len == 0)
    {
      vigil_triage_page_show_toast (self, _("Select a case first (J and K move)"));
      return NULL;
    }
  hold (cases);
  *pos = first_selected (column);
  return g_steal_pointer (&cases);
}

/* After acting on the selection: the cursor goes back where it was. */
static void
reselect (VigilTriagePage   *self,
          VigilTriageColumn *column,
          guint              pos)
{
  gtk_selection_model_unselect_all (vigil_triage_column_get_selection (column));
  _vigil_triage_page_select (self, column, pos, FALSE);
}

typedef gboolean (*CaseFunc) (VigilTriagePage *self,
                              VigilCase       *kase,
                              gpointer         data,
                              GError         **error);

/* Runs func on each selected case, then puts the cursor back where the
 * first one was. */
static void
act_on_selection (VigilTriagePage *self,
                  CaseFunc         func,
                  gpointer         data)
{
  g_autoptr(GPtrArray) cases = NULL;
  VigilTriageColumn *column = self->current;
  guint pos;

  if (self->board == NULL || column == NULL)
    return;
  cases = take_selection (self, column, &pos);
  if (cases == NULL)
    return;
  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!func (self, g_ptr_array_index (cases, i), data, &error))
        {
          vigil_triage_page_show_toast (self, error->message);
          break;
        }
    }
  reselect (self, column, pos);
}

static void
assign_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  VigilTriagePage *self = VIGIL_TRIAGE_PAGE (widget);
  guint digit = g_variant_get_uint32 (param);
  g_autofree char *ref = g_strdup_printf ("%u", digit);
  g_autoptr(GPtrArray) cases = NULL;
  VigilTriageRole *role;
  guint pos;
  g_autoptr(GError) error = NULL;

  if (self->board == NULL || self->current == NULL)
    return;
  role = vigil_case_board_find_role (self->board, ref);
  if (role == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No role has the key %u"), digit);
      vigil_triage_page_show_toast (self, message);
      return;
    }
  /* several cases are one undo step */
  cases = take_selection (self, self->current, &pos);
  if (cases == NULL)
    return;
  if (!vigil_case_board_assign_many (self->board, cases, vigil_triage_role_get_id (role), NULL, &error))
    vigil_triage_page_show_toast (self, error->message);
  reselect (self, self->current, pos);
}

static gboolean
accept_one (VigilTriagePage  *self,
            VigilCase        *kase,
            gpointer          data,
            GError          **error)
{
  const char *role = vigil_case_get_suggested_role (kase);

  if (role == NULL)
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_UNKNOWN_ROLE,
                   _("Case %s has no suggested role: press a role's digit"), vigil_case_get_id (kase));
      return FALSE;
    }
  return vigil_case_board_assign (self->board, kase, role, NULL, _("suggested role accepted"), error);
}

static void
accept_action (GtkWidget *widget, const char *name, GVariant *param)
{
  act_on_selection (VIGIL_TRIAGE_PAGE (widget), accept_one, NULL);
}

static gboolean
escalate_one (VigilTriagePage  *self,
              VigilCase        *kase,
              gpointer          data,
              GError          **error)
{
  return vigil_case_board_escalate (self->board, kase, NULL, error);
}

static void
escalate_action (GtkWidget *widget, const char *name, GVariant *param)
{
  act_on_selection (VIGIL_TRIAGE_PAGE (widget), escalate_one, NULL);
}

static gboolean
leave_one (VigilTriagePage  *self,
           VigilCase        *kase,
           gpointer          data,
           GError          **error)
{
  return vigil_case_board_leave (self->board, kase, NULL, error);
}

static void
leave_action (GtkWidget *widget, const char *name, GVariant *param)
{
  act_on_selection (VIGIL_TRIAGE_PAGE (widget), leave_one, NULL);
}

static gboolean
claim_one (VigilTriagePage  *self,
           VigilCase        *kase,
           gpointer          data,
           GError          **error)
{
  return vigil_case_board_claim (self->board, kase, FALSE, error);
}

static void
claim_action (GtkWidget *widget, const char *name, GVariant *param)
{
  act_on_selection (VIGIL_TRIAGE_PAGE (widget), claim_one, NULL);
}

static void
open_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilTriagePage *self = VIGIL_TRIAGE_PAGE (widget);

  _vigil_triage_page_open_case (self, vigil_triage_page_get_cursor_case (self));
}

static void
undo_action (GtkWidget *widget, const char *name, GVariant *param)
{
  VigilTriagePage *self = VIGIL_TRIAGE_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->board && !vigil_case_board_undo (self->board, &error))
    vigil_triage_page_show_toast (self, error->message);
}

void
_vigil_triage_page_install_actions (GtkWidgetClass *widget_class)
{
  static const guint digits[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4, GDK_KEY_5,
                                  GDK_KEY_6, GDK_KEY_7, GDK_KEY_8, GDK_KEY_9 };
  static const guint keypad[] = { GDK_KEY_KP_1, GDK_KEY_KP_2, GDK_KEY_KP_3, GDK_KEY_KP_4, GDK_KEY_KP_5,
                                  GDK_KEY_KP_6, GDK_KEY_KP_7, GDK_KEY_KP_8, GDK_KEY_KP_9 };

  gtk_widget_class_install_action (widget_class, "triage.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "triage.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "triage.extend-next", NULL, extend_next_action);
  gtk_widget_class_install_action (widget_class, "triage.extend-previous", NULL, extend_previous_action);
  gtk_widget_class_install_action (widget_class, "triage.column-left", NULL, column_left_action);
  gtk_widget_class_install_action (widget_class, "triage.column-right", NULL, column_right_action);
  gtk_widget_class_install_action (widget_class, "triage.assign", "u", assign_action);
  gtk_widget_class_install_action (widget_class, "triage.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "triage.escalate", NULL, escalate_action);
  gtk_widget_class_install_action (widget_class, "triage.leave", NULL, leave_action);
  gtk_widget_class_install_action (widget_class, "triage.claim", NULL, claim_action);
  gtk_widget_class_install_action (widget_class, "triage.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "triage.undo", NULL, undo_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, 0, "triage.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "triage.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, 0, "triage.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "triage.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_J, GDK_SHIFT_MASK, "triage.extend-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_SHIFT_MASK, "triage.extend-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_K, GDK_SHIFT_MASK, "triage.extend-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_SHIFT_MASK, "triage.extend-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "triage.column-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "triage.column-right", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, digits[i], 0, "triage.assign", "u", i + 1);
      gtk_widget_class_add_binding_action (widget_class, keypad[i], 0, "triage.assign", "u", i + 1);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "triage.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "triage.escalate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "triage.leave", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "triage.claim", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "triage.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "triage.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "triage.undo", NULL);
}
