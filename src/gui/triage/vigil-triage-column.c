/* vigil-triage-column.c: one column of the triage board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-triage-column"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-case-card.h"
#include "vigil-triage-column.h"

struct _VigilTriageColumn
{
  GtkWidget              parent_instance;

  VigilCaseBoard        *board;
  VigilTriageColumnKind  kind;
  VigilTriageRole       *role;
  GListModel            *model;
  GtkSliceListModel     *slice;      /* the first cases: grows as the list is scrolled */
  GtkMultiSelection     *selection;
  gboolean               active;

  GtkWidget             *box;
  GtkLabel              *dot_label;
  GtkLabel              *title_label;
  GtkLabel              *count_label;
  GtkLabel              *digit_label;
  GtkBox                *people_box;
  GtkStack              *stack;
  GtkLabel              *empty_label;
  GtkListView           *list_view;
  GtkScrolledWindow     *list_scroller;
};

/* GTK 4.8's list view keeps up to 200 rows alive; showing the cases a page
 * at a time keeps a column to a few dozen cards until someone scrolls. */
#define SLICE_PAGE 25

G_DEFINE_FINAL_TYPE (VigilTriageColumn, vigil_triage_column, GTK_TYPE_WIDGET)

enum {
  SIGNAL_FAILED,
  SIGNAL_ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_scrolled_cb (VigilTriageColumn *self);

/* --- header -------------------------------------------------------------- */

static void
update_count (VigilTriageColumn *self)
{
  guint n = g_list_model_get_n_items (self->model);
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_label (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
update_header (VigilTriageColumn *self)
{
  const char *colour = "#77767b";
  g_autofree char *dot = NULL;

  switch (self->kind)
    {
    case VIGIL_TRIAGE_COLUMN_INBOX:
      gtk_label_set_label (self->title_label, _("Inbox"));
      gtk_label_set_label (self->empty_label, _("Nothing to triage. Posts that match the inbox rule land "
                                                "here; send others from the Feed with T."));
      colour = "#3584e4";
      break;
    case VIGIL_TRIAGE_COLUMN_ESCALATED:
      gtk_label_set_label (self->title_label, _("Escalated"));
      gtk_label_set_label (self->empty_label, _("Nothing escalated. Press E to escalate the selected cases."));
      colour = "#e01b24";
      break;
    case VIGIL_TRIAGE_COLUMN_DONE:
      gtk_label_set_label (self->title_label, _("Done and Left Lying"));
      gtk_label_set_label (self->empty_label, _("Resolved cases and posts left lying (L) show here."));
      colour = "#2ec27e";
      break;
    case VIGIL_TRIAGE_COLUMN_ROLE:
    default:
      {
        guint digit = vigil_triage_role_get_digit (self->role);
        g_autofree char *key = g_strdup_printf ("%u", digit);
        g_autofree char *empty = digit
          ? g_strdup_printf (_("No cases. Drag cards here or press %u."), digit)
          : g_strdup (_("No cases. Drag cards here."));

        gtk_label_set_label (self->title_label, vigil_triage_role_get_name (self->role));
        gtk_label_set_label (self->digit_label, key);
        gtk_widget_set_visible (GTK_WIDGET (self->digit_label), digit > 0);
        gtk_label_set_label (self->empty_label, empty);
        colour = vigil_triage_role_get_colour (self->role);
      }
      break;
    }
  dot = g_markup_printf_escaped ("<span foreground=\"%s\">●</span>", colour);
  gtk_label_set_markup (self->dot_label, dot);
}

/* --- cases from drops, and what a drop does ----------------------------- */

GPtrArray *
vigil_triage_column_cases_from_value (const GValue *value)
{
  GPtrArray *cases = g_ptr_array_new_with_free_func (g_object_unref);

  if (G_VALUE_HOLDS (value, VIGIL_TYPE_CASE) && g_value_get_object (value))
    g_ptr_array_add (cases, g_value_dup_object (value));
  else if (G_VALUE_HOLDS (value, G_TYPE_LIST_MODEL) && g_value_get_object (value))
    {
      GListModel *model = g_value_get_object (value);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          GObject *item = g_list_model_get_item (model, i);

          if (VIGIL_IS_CASE (item))
            g_ptr_array_add (cases, item);
          else
            g_clear_object (&item);
        }
    }
  return cases;
}

static VigilCaseOp
drop_op (VigilTriageColumn *self)
{
  switch (self->kind)
    {
    case VIGIL_TRIAGE_COLUMN_ROLE: return VIGIL_CASE_OP_ASSIGN;
    case VIGIL_TRIAGE_COLUMN_ESCALATED: return VIGIL_CASE_OP_ESCALATE;
    case VIGIL_TRIAGE_COLUMN_DONE: return VIGIL_CASE_OP_RESOLVE;
    case VIGIL_TRIAGE_COLUMN_INBOX:
    default:
      return VIGIL_CASE_OP_OPEN;   /* never legal: cases don't go back to the inbox */
    }
}

gboolean
vigil_triage_column_accepts (VigilTriageColumn *self,
                             GPtrArray         *cases)
{
  const char *actor;

  g_return_val_if_fail (VIGIL_IS_TRIAGE_COLUMN (self), FALSE);

  if (cases == NULL || cases->len == 0)
    return FALSE;
  actor = vigil_context_get_actor (vigil_case_board_get_context (self->board));
  for (guint i = 0; i < cases->len; i++)
    {
      VigilCase *kase = g_ptr_array_index (cases, i);
      const char *claimed = vigil_case_get_claimed_by (kase);

      if (!vigil_case_transition (vigil_case_get_state (kase), drop_op (self), vigil_case_get_needs_approval (kase),
                                  vigil_case_get_approved_by (kase) != NULL, vigil_case_get_id (kase), NULL, NULL))
        return FALSE;
      if (drop_op (self) != VIGIL_CASE_OP_ESCALATE && claimed && g_strcmp0 (claimed, actor) != 0)
        return FALSE;
      /* already here */
      if (self->kind == VIGIL_TRIAGE_COLUMN_ROLE && cases->len == 1 &&
          vigil_case_get_state (kase) == VIGIL_CASE_STATE_ASSIGNED &&
          g_strcmp0 (vigil_case_get_role (kase), vigil_triage_role_get_id (self->role)) == 0 &&
          vigil_case_get_person (kase) == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
vigil_triage_column_drop_cases (VigilTriageColumn *self,
                                GPtrArray         *cases,
                                const char        *person,
                                GError           **error)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_COLUMN (self), FALSE);
  g_return_val_if_fail (cases, FALSE);

  switch (self->kind)
    {
    case VIGIL_TRIAGE_COLUMN_ROLE:
      return vigil_case_board_assign_many (self->board, cases, vigil_triage_role_get_id (self->role),
                                           person, error);
    case VIGIL_TRIAGE_COLUMN_ESCALATED:
      for (guint i = 0; i < cases->len; i++)
        if (!vigil_case_board_escalate (self->board, g_ptr_array_index (cases, i), NULL, error))
          return FALSE;
      return TRUE;
    case VIGIL_TRIAGE_COLUMN_DONE:
      for (guint i = 0; i < cases->len; i++)
        if (!vigil_case_board_resolve (self->board, g_ptr_array_index (cases, i), NULL, error))
          return FALSE;
      return TRUE;
    case VIGIL_TRIAGE_COLUMN_INBOX:
    default:
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_ILLEGAL,
                   _("Cases don't go back to the inbox: press Ctrl+Z to undo a triage action"));
      return FALSE;
    }
}

/* --- drop target --------------------------------------------------------- */

static GPtrArray *
cases_of_drop (GtkDropTarget *target)
{
  const GValue *value = gtk_drop_target_get_value (target);

  return value ? vigil_triage_column_cases_from_value (value) : NULL;
}

static GdkDragAction
on_drop_enter_cb (GtkDropTarget     *target,
                  double             x,
                  double             y,
                  VigilTriageColumn *self)
{
  g_autoptr(GPtrArray) cases = cases_of_drop (target);
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));

  /* The value may not have arrived yet: accept until we know better. */
  if (cases && !vigil_triage_column_accepts (self, cases))
    {
      gtk_widget_add_css_class (widget, "drop-refused");
      return 0;
    }
  gtk_widget_remove_css_class (widget, "drop-refused");
  return GDK_ACTION_MOVE;
}

static void
on_drop_leave_cb (GtkDropTarget     *target,
                  VigilTriageColumn *self)
{
  gtk_widget_remove_css_class (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), "drop-refused");
}

static gboolean
on_drop_cb (GtkDropTarget     *target,
            const GValue      *value,
            double             x,
            double             y,
            VigilTriageColumn *self)
{
  g_autoptr(GPtrArray) cases = vigil_triage_column_cases_from_value (value);
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  const char *person = g_object_get_data (G_OBJECT (widget), "vigil-person");
  g_autoptr(GError) error = NULL;

  gtk_widget_remove_css_class (widget, "drop-refused");
  if (cases->len == 0)
    return FALSE;
  if (!vigil_triage_column_drop_cases (self, cases, person, &error))
    {
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
      return FALSE;
    }
  return TRUE;
}

static GtkDropTarget *
add_drop_target (VigilTriageColumn *self,
                 GtkWidget         *widget)
{
  GType types[] = { VIGIL_TYPE_CASE, G_TYPE_LIST_MODEL };
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_MOVE | GDK_ACTION_COPY);

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  gtk_drop_target_set_preload (target, TRUE);
  g_signal_connect_object (target, "enter", G_CALLBACK (on_drop_enter_cb), self, 0);
  g_signal_connect_object (target, "motion", G_CALLBACK (on_drop_enter_cb), self, 0);
  g_signal_connect_object (target, "leave", G_CALLBACK (on_drop_leave_cb), self, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop_cb), self, 0);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
  return target;
}

/* --- people (drop on a person) ------------------------------------------ */

static void
rebuild_people (VigilTriageColumn *self)
{
  const char * const *members;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->people_box))))
    gtk_box_remove (self->people_box, child);
  if (self->role == NULL)
    return;
  members = vigil_triage_role_get_members (self->role);
  for (guint i = 0; members && members[i]; i++)
    {
      GtkWidget *chip = gtk_label_new (members[i]);
      /* Translators: tooltip of a person in a role's column */
      g_autofree char *tip = g_strdup_printf (_("Drop cards here to assign them to %s"), members[i]);

      gtk_widget_add_css_class (chip, "vigil-person");
      gtk_widget_set_tooltip_text (chip, tip);
      g_object_set_data_full (G_OBJECT (chip), "vigil-person", g_strdup (members[i]), g_free);
      add_drop_target (self, chip);
      gtk_box_append (self->people_box, chip);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->people_box), members && members[0]);
}

/* --- cards --------------------------------------------------------------- */

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource     *source,
                    double             x,
                    double             y,
                    VigilTriageColumn *self)
{
  VigilCaseCard *card = VIGIL_CASE_CARD (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source)));
  VigilCase *kase = vigil_case_card_get_case (card);
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GdkPaintable) icon = NULL;

  if (kase == NULL)
    return NULL;
  icon = gtk_widget_paintable_new (GTK_WIDGET (card));
  gtk_drag_source_set_icon (source, icon, (int) x, (int) y);

  /* A card among several selected ones drags them all. */
  selected = vigil_triage_column_get_selected (self);
  if (selected->len > 1 && g_ptr_array_find (selected, kase, NULL))
    {
      g_autoptr(GListStore) store = g_list_store_new (VIGIL_TYPE_CASE);

      g_list_store_splice (store, 0, 0, selected->pdata, selected->len);
      return gdk_content_provider_new_typed (G_TYPE_LIST_MODEL, store);
    }
  return gdk_content_provider_new_typed (VIGIL_TYPE_CASE, kase);
}

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             VigilTriageColumn        *self)
{
  GtkWidget *card = vigil_case_card_new (self->board);
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (on_drag_prepare_cb), self, 0);
  gtk_widget_add_controller (card, GTK_EVENT_CONTROLLER (source));
  gtk_list_item_set_child (item, card);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            VigilTriageColumn        *self)
{
  vigil_case_card_set_case (VIGIL_CASE_CARD (gtk_list_item_get_child (item)),
                            gtk_list_item_get_item (item));
}

static void
on_unbind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              VigilTriageColumn        *self)
{
  vigil_case_card_set_case (VIGIL_CASE_CARD (gtk_list_item_get_child (item)), NULL);
}

static void
on_activate_cb (GtkListView       *list,
                guint              position,
                VigilTriageColumn *self)
{
  g_autoptr(VigilCase) kase = g_list_model_get_item (self->model, position);

  if (kase)
    g_signal_emit (self, signals[SIGNAL_ACTIVATE], 0, kase);
}

void
vigil_triage_column_reveal (VigilTriageColumn *self,
                            guint              position)
{
  g_return_if_fail (VIGIL_IS_TRIAGE_COLUMN (self));

  if (position + 1 >= gtk_slice_list_model_get_size (self->slice))
    gtk_slice_list_model_set_size (self->slice, position + SLICE_PAGE);
}

/* Near the end of what the list shows: show another page. */
static void
on_scrolled_cb (VigilTriageColumn *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->slice));

  if (shown < g_list_model_get_n_items (self->model) &&
      gtk_adjustment_get_value (adj) + 2 * gtk_adjustment_get_page_size (adj) >= gtk_adjustment_get_upper (adj))
    gtk_slice_list_model_set_size (self->slice, shown + SLICE_PAGE);
}

/* --- public -------------------------------------------------------------- */

GtkWidget *
vigil_triage_column_new (VigilCaseBoard        *board,
                         VigilTriageColumnKind  kind,
                         VigilTriageRole       *role)
{
  VigilTriageColumn *self;
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (board), NULL);
  g_return_val_if_fail ((kind == VIGIL_TRIAGE_COLUMN_ROLE) == (role != NULL), NULL);

  self = g_object_new (VIGIL_TYPE_TRIAGE_COLUMN, NULL);
  self->board = g_object_ref (board);
  self->kind = kind;
  self->role = role ? g_object_ref (role) : NULL;
  switch (kind)
    {
    case VIGIL_TRIAGE_COLUMN_INBOX: self->model = g_object_ref (vigil_case_board_get_inbox (board)); break;
    case VIGIL_TRIAGE_COLUMN_ESCALATED: self->model = g_object_ref (vigil_case_board_get_escalated (board)); break;
    case VIGIL_TRIAGE_COLUMN_DONE: self->model = g_object_ref (vigil_case_board_get_done (board)); break;
    case VIGIL_TRIAGE_COLUMN_ROLE:
    default:
      self->model = g_object_ref (vigil_case_board_get_column (board, vigil_triage_role_get_id (role)));
      gtk_widget_add_css_class (GTK_WIDGET (self), "role");
      break;
    }

  self->slice = gtk_slice_list_model_new (g_object_ref (self->model), 0, SLICE_PAGE);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->slice)));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (on_setup_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (on_bind_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (on_unbind_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate_cb), self, 0);

  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->list_scroller), "value-changed",
                           G_CALLBACK (on_scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->list_scroller), "changed",
                           G_CALLBACK (on_scrolled_cb), self, G_CONNECT_SWAPPED);
  if (role)
    {
      g_signal_connect_object (role, "notify", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (role, "notify::members", G_CALLBACK (rebuild_people), self, G_CONNECT_SWAPPED);
      rebuild_people (self);
    }
  add_drop_target (self, GTK_WIDGET (self));
  update_header (self);
  update_count (self);
  return GTK_WIDGET (self);
}

void
vigil_triage_column_set_active (VigilTriageColumn *self,
                                gboolean           active)
{
  g_autoptr(GtkBitset) selected = NULL;

  g_return_if_fail (VIGIL_IS_TRIAGE_COLUMN (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  gtk_list_view_set_model (self->list_view, active ? GTK_SELECTION_MODEL (self->selection) : NULL);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (active && !gtk_bitset_is_empty (selected))
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                gtk_bitset_get_minimum (selected));
}

gboolean
vigil_triage_column_get_active (VigilTriageColumn *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_COLUMN (self), FALSE);
  return self->active;
}

VigilTriageColumnKind
vigil_triage_column_get_kind (VigilTriageColumn *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_COLUMN (self), 0);
  return self->kind;
}

VigilTriageRole *
vigil_triage_column_get_role (VigilTriageColumn *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_COLUMN (self), NULL);
  return self->role;
}

GtkListView *
vigil_triage_column_get_list_view (VigilTriageColumn *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_COLUMN (self), NULL);
  return self->list_view;
}

GtkSelectionModel *
vigil_triage_column_get_selection (VigilTriageColumn *self)
{
  g_return_val_if_fail (VIGIL_IS_TRIAGE_COLUMN (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

GPtrArray *
vigil_triage_column_get_selected (VigilTriageColumn *self)
{
  GPtrArray *cases = g_ptr_array_new ();
  g_autoptr(GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint pos;

  g_return_val_if_fail (VIGIL_IS_TRIAGE_COLUMN (self), cases);

  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &pos); ok; ok = gtk_bitset_iter_next (&iter, &pos))
    {
      g_autoptr(VigilCase) kase = g_list_model_get_item (self->model, pos);

      /* the model holds its own reference */
      if (kase)
        g_ptr_array_add (cases, kase);
    }
  return cases;
}

/* --- GObject ------------------------------------------------------------- */

static void
vigil_triage_column_dispose (GObject *object)
{
  VigilTriageColumn *self = (VigilTriageColumn *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_TRIAGE_COLUMN);
  g_clear_object (&self->selection);
  g_clear_object (&self->slice);
  g_clear_object (&self->model);
  g_clear_object (&self->role);
  g_clear_object (&self->board);

  G_OBJECT_CLASS (vigil_triage_column_parent_class)->dispose (object);
}

static void
vigil_triage_column_class_init (VigilTriageColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_triage_column_dispose;

  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, VIGIL_TYPE_CASE);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "triagecolumn");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/triage/vigil-triage-column.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, box);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, dot_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, title_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, count_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, digit_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, people_box);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, stack);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, empty_label);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, list_view);
  gtk_widget_class_bind_template_child (widget_class, VigilTriageColumn, list_scroller);
}

static void
vigil_triage_column_init (VigilTriageColumn *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
