/* vigil-feed-page-selection.c: selecting posts, and a person's sentiment
 * override of them (keys 1/2/3/0, the context menu)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-feed-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-feed-page-private.h"
#include "vigil-post-row.h"

/* A person's sentiment override applies to at most this many selected
 * posts at once (each is fetched from the archive first). */
#define MAX_OVERRIDE_POSTS 1000

void
_vigil_feed_page_update_selection_actions (VigilFeedPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean any = !gtk_bitset_is_empty (selected);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feed.mark-sentiment", any && self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feed.context-menu", any && self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feed.send-to-triage", any && self->store != NULL);
}

static void
on_selection_changed_cb (VigilFeedPage *self)
{
  _vigil_feed_page_update_selection_actions (self);
}

/* After an override the model rebuilds every row with new post objects, so
 * the selection is lost: select the same posts again. */
void
_vigil_feed_page_restore_selection (VigilFeedPage *self)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);
  guint n = _vigil_feed_page_get_n_posts (self);
  gboolean first = TRUE;

  for (guint i = 0; i < self->reselect->len; i++)
    {
      Reselect *r = &g_array_index (self->reselect, Reselect, i);
      g_autoptr(VigilPost) post = NULL;

      if (r->position >= n)
        continue;
      post = g_list_model_get_item (G_LIST_MODEL (self->model), r->position);
      if (post == NULL || vigil_post_get_id (post) != r->id)
        continue;
      gtk_selection_model_select_item (model, r->position, first);
      first = FALSE;
    }
  g_array_set_size (self->reselect, 0);
}

static void
override_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_store_override_sentiment_finish (VIGIL_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("Could not set the posts’ sentiment: %s", error->message);
}

static const char *
get_actor (void)
{
  const char *name = g_get_real_name ();

  /* GLib says "Unknown" when the passwd entry has no name */
  if (name == NULL || *name == '\0' || g_strcmp0 (name, "Unknown") == 0)
    name = g_get_user_name ();
  return name;
}

gboolean
vigil_feed_page_mark_selection (VigilFeedPage  *self,
                                VigilSentiment  label)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GArray) ids = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), FALSE);

  if (self->store == NULL || self->model == NULL)
    return FALSE;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_get_size (selected) > MAX_OVERRIDE_POSTS)
    {
      g_message ("Not setting the sentiment of %" G_GUINT64_FORMAT " posts at once (at most %d)",
                 gtk_bitset_get_size (selected), MAX_OVERRIDE_POSTS);
      return FALSE;
    }

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_set_size (self->reselect, 0);
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(VigilPost) post = g_list_model_get_item (G_LIST_MODEL (self->model), position);
      Reselect r;

      if (post == NULL || vigil_post_get_id (post) <= 0)
        continue;
      r.position = position;
      r.id = vigil_post_get_id (post);
      g_array_append_val (ids, r.id);
      g_array_append_val (self->reselect, r);
    }
  if (ids->len == 0)
    return FALSE;

  vigil_store_override_sentiment_async (self->store, (const gint64 *) ids->data, ids->len, label,
                                        get_actor (), self->cancellable, override_done_cb, NULL);
  return TRUE;
}

void
_vigil_feed_page_mark_sentiment_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  const char *name = g_variant_get_string (parameter, NULL);

  /* "none" (or anything unknown) clears the override */
  vigil_feed_page_mark_selection (VIGIL_FEED_PAGE (widget), vigil_sentiment_from_string (name));
}

/* Hands the selected posts' archive ids to the window's Triage page. */
void
_vigil_feed_page_send_to_triage_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  VigilFeedPage *self = VIGIL_FEED_PAGE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok && ids->len < MAX_OVERRIDE_POSTS; ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(VigilPost) post = g_list_model_get_item (G_LIST_MODEL (self->model), position);

      if (post && vigil_post_get_id (post) > 0)
        {
          gint64 id = vigil_post_get_id (post);
          g_array_append_val (ids, id);
        }
    }
  if (ids->len > 0)
    gtk_widget_activate_action_variant (widget, "win.send-to-triage",
                                        g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, ids->data,
                                                                   ids->len, sizeof (gint64)));
}

static GMenuModel *
create_context_menu_model (void)
{
  static const struct {
    const char *label;
    const char *target;
    const char *accel;
  } items[] = {
    { N_("Mark as _Negative"), "negative", "1" },
    { N_("Mark as N_eutral"), "neutral", "2" },
    { N_("Mark as _Positive"), "positive", "3" },
  };
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) marks = g_menu_new ();
  g_autoptr(GMenu) clear = g_menu_new ();
  g_autoptr(GMenu) triage = g_menu_new ();
  g_autoptr(GMenuItem) triage_item = g_menu_item_new (_("Send to _Triage"), "feed.send-to-triage");
  g_autoptr(GMenuItem) clear_item = g_menu_item_new (_("_Clear Override"), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target (item, "feed.mark-sentiment", "s", items[i].target);
      g_menu_item_set_attribute (item, "accel", "s", items[i].accel);
      g_menu_append_item (marks, item);
    }
  g_menu_item_set_action_and_target (clear_item, "feed.mark-sentiment", "s", "none");
  g_menu_item_set_attribute (clear_item, "accel", "s", "0");
  g_menu_append_item (clear, clear_item);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (marks));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (clear));
  g_menu_item_set_attribute (triage_item, "accel", "s", "t");
  g_menu_append_item (triage, triage_item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (triage));
  return G_MENU_MODEL (menu);
}

static void
popup_context_menu (VigilFeedPage         *self,
                    const graphene_rect_t *rect)
{
  GdkRectangle pointing = {
    (int) rect->origin.x, (int) rect->origin.y,
    MAX (1, (int) rect->size.width), MAX (1, (int) rect->size.height)
  };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &pointing);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static VigilPostRow *
find_row (GtkWidget *widget)
{
  GtkWidget *child;

  if (widget == NULL)
    return NULL;
  if (VIGIL_IS_POST_ROW (widget))
    return VIGIL_POST_ROW (widget);
  child = gtk_widget_get_first_child (widget);
  if (child != NULL && VIGIL_IS_POST_ROW (child))
    return VIGIL_POST_ROW (child);
  return (VigilPostRow *) gtk_widget_get_ancestor (widget, VIGIL_TYPE_POST_ROW);
}

static void
on_list_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    VigilFeedPage   *self)
{
  GtkWidget *list = GTK_WIDGET (self->list_view);
  VigilPostRow *row = find_row (gtk_widget_pick (list, x, y, GTK_PICK_DEFAULT));
  GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);
  guint position;
  graphene_rect_t rect;
  double px, py;

  if (row == NULL)
    return;
  position = vigil_post_row_get_position (row);
  if (position == GTK_INVALID_LIST_POSITION || position >= _vigil_feed_page_get_n_posts (self))
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (!gtk_selection_model_is_selected (model, position))
    gtk_selection_model_select_item (model, position, TRUE);

  if (!gtk_widget_translate_coordinates (list, GTK_WIDGET (self), x, y, &px, &py))
    return;
  graphene_rect_init (&rect, (float) px, (float) py, 1, 1);
  popup_context_menu (self, &rect);
}

void
_vigil_feed_page_context_menu_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  VigilFeedPage *self = VIGIL_FEED_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  VigilPostRow *row = root != NULL ? find_row (gtk_root_get_focus (root)) : NULL;
  graphene_rect_t rect;

  if (row == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (row), widget, &rect))
    {
      if (!gtk_widget_compute_bounds (GTK_WIDGET (self->list_view), widget, &rect))
        return;
      rect.size.width = rect.size.height = 1;
    }
  popup_context_menu (self, &rect);
}

static void
add_list_shortcuts (VigilFeedPage *self)
{
  static const struct {
    guint       keyval;
    GdkModifierType modifiers;
    const char *action;
    const char *target;
  } shortcuts[] = {
    { GDK_KEY_1, 0, "feed.mark-sentiment", "negative" },
    { GDK_KEY_KP_1, 0, "feed.mark-sentiment", "negative" },
    { GDK_KEY_2, 0, "feed.mark-sentiment", "neutral" },
    { GDK_KEY_KP_2, 0, "feed.mark-sentiment", "neutral" },
    { GDK_KEY_3, 0, "feed.mark-sentiment", "positive" },
    { GDK_KEY_KP_3, 0, "feed.mark-sentiment", "positive" },
    { GDK_KEY_0, 0, "feed.mark-sentiment", "none" },
    { GDK_KEY_KP_0, 0, "feed.mark-sentiment", "none" },
    { GDK_KEY_t, 0, "feed.send-to-triage", NULL },
    { GDK_KEY_Menu, 0, "feed.context-menu", NULL },
    { GDK_KEY_F10, GDK_SHIFT_MASK, "feed.context-menu", NULL },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  /* On the list, not the page: the page passes typed keys to the search
   * bar, and a list item has the focus when these apply. A disabled action
   * (nothing selected) lets the key through. */
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].keyval,
                                                                        shortcuts[i].modifiers),
                                                gtk_named_action_new (shortcuts[i].action));

      if (shortcuts[i].target != NULL)
        gtk_shortcut_set_arguments (shortcut, g_variant_new_string (shortcuts[i].target));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_list_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (click));
}

void
_vigil_feed_page_init_selection (VigilFeedPage *self)
{
  g_autoptr(GMenuModel) context_model = create_context_menu_model ();

  self->context_menu = gtk_popover_menu_new_from_model (context_model);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  add_list_shortcuts (self);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
  _vigil_feed_page_update_selection_actions (self);
}
