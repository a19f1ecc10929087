/* vigil-feed-page.c: the live feed: every post as it arrives, and search
 *
 * The list shows a VigilPostListModel, which pages from the store and puts
 * new posts at position 0. If the reader is at the top, the view follows the
 * new posts; if they scrolled down to read, the view stays where it is and a
 * "N new posts" button offers the way back up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-feed-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-feed-page.h"
#include "vigil-post-list-model.h"
#include "vigil-post-row.h"

/* The reader counts as "at the top" within this many pixels of it. */
#define AT_TOP_THRESHOLD 24.0

struct _VigilFeedPage
{
  AdwBin              parent_instance;

  VigilStore         *store;
  VigilPostListModel *model;
  char               *query_text;
  char               *query_error;
  guint               n_new;
  gboolean            at_top;

  /* template children */
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *state_stack;
  GtkScrolledWindow  *scrolled_window;
  GtkListView        *list_view;
  GtkNoSelection     *selection;
  GtkLabel           *counter_label;
  GtkWidget          *live_label;
  GtkRevealer        *new_posts_revealer;
  GtkLabel           *new_posts_label;
  AdwStatusPage      *no_results_page;
};

G_DEFINE_FINAL_TYPE (VigilFeedPage, vigil_feed_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
get_n_posts (VigilFeedPage *self)
{
  return self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

static void
update_state (VigilFeedPage *self)
{
  guint n = get_n_posts (self);
  gboolean searching = self->query_text != NULL;
  g_autofree char *count = g_strdup_printf ("%'u", n);
  g_autofree char *counter = NULL;

  if (self->query_error != NULL)
    {
      g_autofree char *description = NULL;

      description = g_markup_printf_escaped (_("This search can’t be run: %s"), self->query_error);
      adw_status_page_set_description (self->no_results_page, description);
      gtk_stack_set_visible_child_name (self->state_stack, "no-results");
      gtk_label_set_label (self->counter_label, "");
      return;
    }

  if (searching)
    counter = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s result", "%s results", n), count);
  else
    counter = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s post", "%s posts", n), count);
  gtk_label_set_label (self->counter_label, counter);
  gtk_widget_set_visible (self->live_label, !searching);

  if (n > 0)
    gtk_stack_set_visible_child_name (self->state_stack, "feed");
  else if (searching)
    {
      g_autofree char *description = NULL;

      description = g_markup_printf_escaped (_("No archived post matches “%s”. Try fewer or other "
                                               "words, or a word’s beginning followed by *."),
                                             self->query_text);
      adw_status_page_set_description (self->no_results_page, description);
      gtk_stack_set_visible_child_name (self->state_stack, "no-results");
    }
  else
    gtk_stack_set_visible_child_name (self->state_stack, "empty");
}

static void
scroll_to_top (VigilFeedPage *self)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  if (get_n_posts (self) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));
}

static void
hide_new_posts (VigilFeedPage *self)
{
  self->n_new = 0;
  gtk_revealer_set_reveal_child (self->new_posts_revealer, FALSE);
}

static void
on_model_items_changed_cb (VigilFeedPage *self,
                           guint          position,
                           guint          removed,
                           guint          added,
                           GListModel    *model)
{
  update_state (self);

  if (position != 0 || added <= removed)
    return;

  if (self->at_top)
    {
      /* Follow the feed: show the newest post. */
      scroll_to_top (self);
      return;
    }

  /* The reader scrolled down: keep their place, and say what arrived. */
  self->n_new += added - removed;
  {
    g_autofree char *count = g_strdup_printf ("%'u", self->n_new);
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s new post",
                                                          "%s new posts", self->n_new),
                                             count);
    gtk_label_set_label (self->new_posts_label, text);
  }
  gtk_revealer_set_reveal_child (self->new_posts_revealer, TRUE);
}

static void
on_vadjustment_value_changed_cb (VigilFeedPage *self,
                                 GtkAdjustment *adjustment)
{
  self->at_top = gtk_adjustment_get_value (adjustment) - gtk_adjustment_get_lower (adjustment)
                 <= AT_TOP_THRESHOLD;
  if (self->at_top)
    hide_new_posts (self);
}

static void
on_new_posts_clicked_cb (VigilFeedPage *self)
{
  hide_new_posts (self);
  self->at_top = TRUE;
  scroll_to_top (self);
}

static void
apply_query (VigilFeedPage *self)
{
  g_autoptr(VigilSearchQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->query_error, g_free);

  if (self->model == NULL)
    {
      update_state (self);
      return;
    }

  if (self->query_text != NULL)
    {
      query = vigil_search_query_new ();
      query->text = g_strdup (self->query_text);
    }

  if (!vigil_post_list_model_set_query (self->model, query, &error))
    {
      g_debug ("Search “%s” failed: %s", self->query_text, error->message);
      self->query_error = g_strdup (error->message);
    }

  hide_new_posts (self);
  self->at_top = TRUE;
  scroll_to_top (self);
  update_state (self);
}

static void
on_search_changed_cb (VigilFeedPage  *self,
                      GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    g_clear_pointer (&stripped, g_free);

  if (g_strcmp0 (stripped, self->query_text) == 0)
    return;

  g_free (self->query_text);
  self->query_text = g_steal_pointer (&stripped);
  apply_query (self);
}

VigilStore *
vigil_feed_page_get_store (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return self->store;
}

void
vigil_feed_page_set_store (VigilFeedPage *self,
                           VigilStore    *store)
{
  g_return_if_fail (VIGIL_IS_FEED_PAGE (self));
  g_return_if_fail (store == NULL || VIGIL_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_model_items_changed_cb, self);
  g_clear_object (&self->model);

  if (store != NULL)
    self->model = vigil_post_list_model_new (store);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->model));

  /* Connected after the selection model, so the list view has taken each
   * change in before this page reacts to it. */
  if (self->model != NULL)
    g_signal_connect_object (self->model, "items-changed",
                             G_CALLBACK (on_model_items_changed_cb), self, G_CONNECT_SWAPPED);

  apply_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
vigil_feed_page_get_search_mode (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), FALSE);
  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
vigil_feed_page_set_search_mode (VigilFeedPage *self,
                                 gboolean       search_mode)
{
  g_return_if_fail (VIGIL_IS_FEED_PAGE (self));
  gtk_search_bar_set_search_mode (self->search_bar, search_mode);
}

void
vigil_feed_page_start_search (VigilFeedPage *self)
{
  g_return_if_fail (VIGIL_IS_FEED_PAGE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GListModel *
vigil_feed_page_get_model (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return G_LIST_MODEL (self->selection);
}

GtkEditable *
vigil_feed_page_get_search_entry (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

const char *
vigil_feed_page_get_state (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->state_stack);
}

const char *
vigil_feed_page_get_counter_text (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return gtk_label_get_label (self->counter_label);
}

GtkAdjustment *
vigil_feed_page_get_vadjustment (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return gtk_scrolled_window_get_vadjustment (self->scrolled_window);
}

guint
vigil_feed_page_get_n_new (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), 0);
  return self->n_new;
}

static void
on_search_mode_changed_cb (VigilFeedPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

static void
vigil_feed_page_dispose (GObject *object)
{
  VigilFeedPage *self = (VigilFeedPage *) object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_model_items_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_FEED_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vigil_feed_page_parent_class)->dispose (object);
}

static void
vigil_feed_page_finalize (GObject *object)
{
  VigilFeedPage *self = (VigilFeedPage *) object;

  g_free (self->query_text);
  g_free (self->query_error);

  G_OBJECT_CLASS (vigil_feed_page_parent_class)->finalize (object);
}

static void
vigil_feed_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilFeedPage *self = VIGIL_FEED_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, vigil_feed_page_get_search_mode (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_feed_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VigilFeedPage *self = VIGIL_FEED_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      vigil_feed_page_set_store (self, g_value_get_object (value));
      break;
    case PROP_SEARCH_MODE:
      vigil_feed_page_set_search_mode (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_feed_page_class_init (VigilFeedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_feed_page_dispose;
  object_class->finalize = vigil_feed_page_finalize;
  object_class->get_property = vigil_feed_page_get_property;
  object_class->set_property = vigil_feed_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (VIGIL_TYPE_POST_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/feed/vigil-feed-page.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, state_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, selection);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, counter_label);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, live_label);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, new_posts_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, new_posts_label);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_new_posts_clicked_cb);
}

static void
vigil_feed_page_init (VigilFeedPage *self)
{
  self->at_top = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                           "value-changed", G_CALLBACK (on_vadjustment_value_changed_cb),
                           self, G_CONNECT_SWAPPED);

  update_state (self);
}
