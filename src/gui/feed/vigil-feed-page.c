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

#include "vigil-annotation-labels.h"
#include "vigil-feed-page-private.h"
#include "vigil-post-list-model.h"
#include "vigil-post-row.h"

/* The reader counts as "at the top" within this many pixels of it. */
#define AT_TOP_THRESHOLD 24.0

/* A new query's first page is awaited this long; a slower one is shown
 * when read, and the page says "Searching…" meanwhile. */
#define QUERY_WAIT_MS 250

G_DEFINE_FINAL_TYPE (VigilFeedPage, vigil_feed_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH_MODE,
  PROP_WATCH_LIST,
  PROP_SORT,
  PROP_SENTIMENT_FILTER,
  PROP_LANGUAGE_FILTER,
  PROP_CATEGORY_FILTER,
  PROP_WATCH_FILTER,
  PROP_COLLAPSE_DUPLICATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vigil_feed_page_size_allocate (GtkWidget     *widget,
                                           int            width,
                                           int            height,
                                           int            baseline);

guint
_vigil_feed_page_get_n_posts (VigilFeedPage *self)
{
  return self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

static guint
count_filters (VigilFeedPage *self)
{
  return (self->sentiment_filter[0] != '\0') + (self->language_filter[0] != '\0') +
         (self->category_filter[0] != '\0') + (self->watch_filter[0] != '\0') +
         (self->collapse_duplicates ? 1 : 0);
}

static void
update_state (VigilFeedPage *self)
{
  guint n = _vigil_feed_page_get_n_posts (self);
  gboolean filtering = count_filters (self) > 0;
  gboolean searching = self->query_text != NULL || filtering;
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

  if (self->model != NULL && vigil_post_list_model_get_loading (self->model))
    {
      /* a slow query: its first page is still being read */
      gtk_label_set_label (self->counter_label, _("Searching…"));
      gtk_widget_set_visible (self->live_label, FALSE);
      gtk_stack_set_visible_child_name (self->state_stack, "feed");
      return;
    }
  if (self->model != NULL && !vigil_post_list_model_get_complete (self->model))
    {
      /* the first page is shown, the rest is still being listed: the
       * count bounded by 10,000, exact below it */
      gboolean exact = FALSE;
      gint64 bound = MAX (vigil_post_list_model_get_bounded_count (self->model, &exact), (gint64) n);

      g_free (count);
      count = g_strdup_printf ("%'" G_GINT64_FORMAT, bound);
      if (exact)
        counter = searching
                  ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s result", "%s results", bound), count)
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s post", "%s posts", bound), count);
      else if (searching)
        /* Translators: a search with more matches than counted so far, "10,000+ results" */
        counter = g_strdup_printf (_("%s+ results"), count);
      else
        /* Translators: an archive with more posts than counted so far, "10,000+ posts" */
        counter = g_strdup_printf (_("%s+ posts"), count);
    }
  else if (searching)
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

      if (self->query_text == NULL)
        description = g_strdup (_("No archived post matches these filters. Choose others, or "
                                  "clear them from the Filter menu."));
      else if (filtering)
        description = g_markup_printf_escaped (_("No archived post matches “%s” with these filters. "
                                                 "Try other words, or clear the filters."),
                                               self->query_text);
      else
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

  /* the list's own count: the model may not be shown yet */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
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

  if (self->reselect->len > 0 && removed > 0 && added > 0)
    _vigil_feed_page_restore_selection (self);

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
access_logged_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!vigil_store_log_access_finish (VIGIL_STORE (source), result, &error))
    g_message ("Could not write the archive's access log: %s", error->message);
}

/* Every search a person runs through the archive goes into its access log
 * (the same search typed on is logged once). */
static void
log_search (VigilFeedPage *self)
{
  g_autofree char *detail = NULL;

  if (self->store == NULL || self->query_text == NULL ||
      g_strcmp0 (self->query_text, self->logged_query) == 0)
    return;
  g_free (self->logged_query);
  self->logged_query = g_strdup (self->query_text);
  detail = g_strdup_printf ("text=%s", self->query_text);
  vigil_store_log_access_async (self->store, g_get_user_name (), "search", detail,
                                NULL, access_logged_cb, NULL);
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

  /* always a query: even without a filter, the order is one ("Newest" is
   * by post date; only "Arrived" is the archive's own order) */
  query = vigil_search_query_new ();
  query->text = g_strdup (self->query_text);
  if (!vigil_search_order_from_string (self->sort, &query->order))
    query->order = VIGIL_SEARCH_ORDER_NEWEST;
  if (self->sentiment_filter[0] != '\0')
    query->sentiment = vigil_sentiment_from_string (self->sentiment_filter);
  if (self->language_filter[0] != '\0')
    query->lang = g_strdup (self->language_filter);
  if (self->category_filter[0] != '\0')
    query->category = g_strdup (self->category_filter);
  if (self->watch_filter[0] != '\0')
    query->watch = g_strdup (self->watch_filter);
  query->collapse_duplicates = self->collapse_duplicates;

  if (!vigil_post_list_model_set_query_within (self->model, query, QUERY_WAIT_MS, &error))
    {
      g_debug ("Search “%s” failed: %s", self->query_text ? self->query_text : "", error->message);
      self->query_error = g_strdup (error->message);
    }
  log_search (self);

  hide_new_posts (self);
  self->at_top = TRUE;
  scroll_to_top (self);
  update_state (self);
}

/* A slow query's first page arrived, or it failed. */
static void
on_model_loading_cb (VigilFeedPage *self)
{
  const GError *error = vigil_post_list_model_get_query_error (self->model);

  if (vigil_post_list_model_get_loading (self->model))
    return;
  g_clear_pointer (&self->query_error, g_free);
  if (error != NULL)
    self->query_error = g_strdup (error->message);
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

/* --- sort and filters ---------------------------------------------------- */

static const struct {
  const char *id;
  const char *label;
} sort_orders[] = {
  /* "newest" is by the date a post was written, "arrival" by when Vigil
   * archived it (the CLI's --sort newest and arrival) */
  { "newest", N_("Newest Posted") },
  { "arrival", N_("Newest Arrived") },
  { "reach", N_("Reach") },
  { "ots", N_("Real OTS") },
  { "negative", N_("Most Negative") },
};

/* Menu labels take mnemonics: a name's own underscores must stay. */
static char *
escape_mnemonic (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static void
append_radio (GMenu      *menu,
              const char *label,
              const char *action,
              const char *target)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, action, "s", target);
  g_menu_append_item (menu, item);
}

static char *
submenu_label (const char *name,
               const char *value)
{
  if (value == NULL)
    return g_strdup (name);
  /* Translators: a filter submenu showing its current choice, "Sentiment: Negative" */
  return g_strdup_printf (_("%s: %s"), name, value);
}

static GMenu *
build_category_menu (VigilFeedPage *self)
{
  VigilRiskClassifier *risk = vigil_annotation_get_risk ();
  const char * const *roles = vigil_annotation_get_roles ();
  g_auto(GStrv) categories = risk != NULL ? vigil_risk_classifier_list_categories (risk) : NULL;
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) any = g_menu_new ();

  append_radio (any, _("Any Category"), "feed.category", "");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (any));

  for (guint r = 0; roles[r] != NULL; r++)
    {
      g_autoptr(GMenu) section = g_menu_new ();
      g_autofree char *all = NULL;

      /* Translators: a filter on every category of one role, "All Customer service" */
      all = g_strdup_printf (_("All %s"), vigil_role_get_label (roles[r]));
      append_radio (section, all, "feed.category", roles[r]);
      for (guint i = 0; categories != NULL && categories[i] != NULL; i++)
        {
          g_autofree char *role = vigil_category_get_role (categories[i]);
          g_autofree char *label = NULL;
          g_autofree char *escaped = NULL;

          if (g_strcmp0 (role, roles[r]) != 0)
            continue;
          label = vigil_category_get_label (categories[i]);
          escaped = escape_mnemonic (label);
          append_radio (section, escaped, "feed.category", categories[i]);
        }
      g_menu_append_section (menu, vigil_role_get_label (roles[r]), G_MENU_MODEL (section));
    }
  return menu;
}

static void
update_menus (VigilFeedPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) filters = g_menu_new ();
  g_autoptr(GMenu) sentiment = g_menu_new ();
  g_autoptr(GMenu) language = g_menu_new ();
  g_autoptr(GMenu) category = NULL;
  g_autoptr(GMenu) watch = g_menu_new ();
  g_autoptr(GMenu) options = g_menu_new ();
  g_autoptr(GMenu) clear = g_menu_new ();
  const char * const *langs = vigil_annotation_get_languages ();
  g_autofree char *label = NULL;
  g_autofree char *value = NULL;
  guint n_filters = count_filters (self);

  /* the sort button says the order */
  for (guint i = 0; i < G_N_ELEMENTS (sort_orders); i++)
    if (g_strcmp0 (self->sort, sort_orders[i].id) == 0)
      gtk_menu_button_set_label (self->sort_button, _(sort_orders[i].label));

  append_radio (sentiment, _("Any Sentiment"), "feed.sentiment", "");
  append_radio (sentiment, C_("sentiment", "_Negative"), "feed.sentiment", "negative");
  append_radio (sentiment, C_("sentiment", "N_eutral"), "feed.sentiment", "neutral");
  append_radio (sentiment, C_("sentiment", "_Positive"), "feed.sentiment", "positive");
  label = submenu_label (_("_Sentiment"),
                         vigil_sentiment_get_label (vigil_sentiment_from_string (self->sentiment_filter)));
  g_menu_append_submenu (filters, label, G_MENU_MODEL (sentiment));
  g_clear_pointer (&label, g_free);

  append_radio (language, _("Any Language"), "feed.language", "");
  for (guint i = 0; langs[i] != NULL; i++)
    {
      g_autofree char *name = vigil_language_get_name (langs[i]);

      append_radio (language, name, "feed.language", langs[i]);
    }
  if (self->language_filter[0] != '\0')
    value = vigil_language_get_name (self->language_filter);
  label = submenu_label (_("_Language"), value);
  g_menu_append_submenu (filters, label, G_MENU_MODEL (language));
  g_clear_pointer (&label, g_free);
  g_clear_pointer (&value, g_free);

  category = build_category_menu (self);
  if (self->category_filter[0] != '\0')
    value = strchr (self->category_filter, '.') != NULL
            ? vigil_category_get_label (self->category_filter)
            : g_strdup (vigil_role_get_label (self->category_filter));
  label = submenu_label (_("_Category"), value);
  g_menu_append_submenu (filters, label, G_MENU_MODEL (category));
  g_clear_pointer (&label, g_free);
  g_clear_pointer (&value, g_free);

  append_radio (watch, _("Any Watch"), "feed.watch", "");
  if (self->watch_list == NULL || vigil_watch_list_get_n_watches (self->watch_list) == 0)
    /* no action: shown insensitive */
    g_menu_append (watch, _("No Watches Yet"), NULL);
  for (guint i = 0; self->watch_list != NULL && i < vigil_watch_list_get_n_watches (self->watch_list); i++)
    {
      const char *name = vigil_watch_get_name (vigil_watch_list_get_watch (self->watch_list, i));
      g_autofree char *escaped = escape_mnemonic (name);

      append_radio (watch, escaped, "feed.watch", name);
    }
  label = submenu_label (_("_Watch"), self->watch_filter[0] != '\0' ? self->watch_filter : NULL);
  g_menu_append_submenu (filters, label, G_MENU_MODEL (watch));
  g_clear_pointer (&label, g_free);

  g_menu_append_section (menu, NULL, G_MENU_MODEL (filters));
  g_menu_append (options, _("Collapse _Duplicates"), "feed.collapse-duplicates");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (options));
  g_menu_append (clear, _("C_lear Filters"), "feed.clear-filters");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (clear));

  gtk_menu_button_set_menu_model (self->filter_button, G_MENU_MODEL (menu));

  if (n_filters == 0)
    gtk_menu_button_set_label (self->filter_button, _("Filter"));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Filter",
                                                            "%u Filters", n_filters),
                                               n_filters);

      gtk_menu_button_set_label (self->filter_button, text);
    }
  if (n_filters > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "vigil-filtering");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "vigil-filtering");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feed.clear-filters", n_filters > 0);
}

static void
filters_changed (VigilFeedPage *self,
                 GParamSpec    *pspec)
{
  update_menus (self);
  apply_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* Sets one of the string filters: NULL means "" (any). */
static void
set_filter (VigilFeedPage *self,
            char         **field,
            const char    *value,
            guint          prop_id)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  filters_changed (self, properties[prop_id]);
}

static void
on_watch_list_changed_cb (VigilFeedPage *self)
{
  /* a watch filtered on was removed: stop filtering on it */
  if (self->watch_filter[0] != '\0' &&
      (self->watch_list == NULL || vigil_watch_list_lookup (self->watch_list, self->watch_filter) == NULL))
    set_filter (self, &self->watch_filter, "", PROP_WATCH_FILTER);
  update_menus (self);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  VigilFeedPage *self = VIGIL_FEED_PAGE (widget);

  char **fields[] = { &self->sentiment_filter, &self->language_filter, &self->category_filter,
                      &self->watch_filter };
  guint props[] = { PROP_SENTIMENT_FILTER, PROP_LANGUAGE_FILTER, PROP_CATEGORY_FILTER,
                    PROP_WATCH_FILTER };

  if (count_filters (self) == 0)
    return;

  /* one search for all of them */
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*fields[i][0] != '\0')
      {
        g_free (*fields[i]);
        *fields[i] = g_strdup ("");
        g_object_notify_by_pspec (G_OBJECT (self), properties[props[i]]);
      }
  if (self->collapse_duplicates)
    {
      self->collapse_duplicates = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLLAPSE_DUPLICATES]);
    }
  update_menus (self);
  apply_query (self);
  g_object_thaw_notify (G_OBJECT (self));
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
  g_clear_pointer (&self->logged_query, g_free);

  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->model, on_model_items_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->model, update_state, self);
      g_signal_handlers_disconnect_by_func (self->model, on_model_loading_cb, self);
    }
  g_clear_object (&self->model);

  if (store != NULL)
    self->model = vigil_post_list_model_new (store);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_array_set_size (self->reselect, 0);

  /* The query first: the model then reads only its first page, and the
   * list view starts from it (nothing reads the whole archive). */
  apply_query (self);
  gtk_multi_selection_set_model (self->selection, G_LIST_MODEL (self->model));

  /* Connected after the selection model, so the list view has taken each
   * change in before this page reacts to it. */
  if (self->model != NULL)
    {
      g_signal_connect_object (self->model, "items-changed",
                               G_CALLBACK (on_model_items_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify::complete",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify::loading",
                               G_CALLBACK (on_model_loading_cb), self, G_CONNECT_SWAPPED);
    }
  update_state (self);
  _vigil_feed_page_update_selection_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

VigilWatchList *
vigil_feed_page_get_watch_list (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return self->watch_list;
}

void
vigil_feed_page_set_watch_list (VigilFeedPage  *self,
                                VigilWatchList *watch_list)
{
  g_return_if_fail (VIGIL_IS_FEED_PAGE (self));
  g_return_if_fail (watch_list == NULL || VIGIL_IS_WATCH_LIST (watch_list));

  if (self->watch_list == watch_list)
    return;
  if (self->watch_list != NULL)
    g_signal_handlers_disconnect_by_func (self->watch_list, on_watch_list_changed_cb, self);
  g_set_object (&self->watch_list, watch_list);
  if (watch_list != NULL)
    g_signal_connect_object (watch_list, "items-changed",
                             G_CALLBACK (on_watch_list_changed_cb), self, G_CONNECT_SWAPPED);
  on_watch_list_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH_LIST]);
}

const char *
vigil_feed_page_get_sort (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return self->sort;
}

void
vigil_feed_page_set_sort (VigilFeedPage *self,
                          const char    *sort)
{
  VigilSearchOrder order;

  g_return_if_fail (VIGIL_IS_FEED_PAGE (self));
  g_return_if_fail (sort != NULL && vigil_search_order_from_string (sort, &order));

  set_filter (self, &self->sort, sort, PROP_SORT);
}

guint
vigil_feed_page_get_n_filters (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), 0);
  return count_filters (self);
}

GMenuModel *
vigil_feed_page_get_filter_menu (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return gtk_menu_button_get_menu_model (self->filter_button);
}

GtkWidget *
vigil_feed_page_get_context_menu (VigilFeedPage *self)
{
  g_return_val_if_fail (VIGIL_IS_FEED_PAGE (self), NULL);
  return self->context_menu;
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
  if (self->watch_list != NULL)
    g_signal_handlers_disconnect_by_func (self->watch_list, on_watch_list_changed_cb, self);
  g_cancellable_cancel (self->cancellable);

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_FEED_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->watch_list);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (vigil_feed_page_parent_class)->dispose (object);
}

static void
vigil_feed_page_finalize (GObject *object)
{
  VigilFeedPage *self = (VigilFeedPage *) object;

  g_free (self->query_text);
  g_free (self->query_error);
  g_free (self->logged_query);
  g_free (self->sort);
  g_free (self->sentiment_filter);
  g_free (self->language_filter);
  g_free (self->category_filter);
  g_free (self->watch_filter);
  g_array_unref (self->reselect);

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
    case PROP_WATCH_LIST:
      g_value_set_object (value, self->watch_list);
      break;
    case PROP_SORT:
      g_value_set_string (value, self->sort);
      break;
    case PROP_SENTIMENT_FILTER:
      g_value_set_string (value, self->sentiment_filter);
      break;
    case PROP_LANGUAGE_FILTER:
      g_value_set_string (value, self->language_filter);
      break;
    case PROP_CATEGORY_FILTER:
      g_value_set_string (value, self->category_filter);
      break;
    case PROP_WATCH_FILTER:
      g_value_set_string (value, self->watch_filter);
      break;
    case PROP_COLLAPSE_DUPLICATES:
      g_value_set_boolean (value, self->collapse_duplicates);
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
    case PROP_WATCH_LIST:
      vigil_feed_page_set_watch_list (self, g_value_get_object (value));
      break;
    case PROP_SORT:
      vigil_feed_page_set_sort (self, g_value_get_string (value));
      break;
    case PROP_SENTIMENT_FILTER:
      {
        const char *v = g_value_get_string (value);

        /* anything but a label is "any" */
        if (vigil_sentiment_from_string (v) == VIGIL_SENTIMENT_NONE)
          v = "";
        set_filter (self, &self->sentiment_filter, v, prop_id);
      }
      break;
    case PROP_LANGUAGE_FILTER:
      set_filter (self, &self->language_filter, g_value_get_string (value), prop_id);
      break;
    case PROP_CATEGORY_FILTER:
      set_filter (self, &self->category_filter, g_value_get_string (value), prop_id);
      break;
    case PROP_WATCH_FILTER:
      set_filter (self, &self->watch_filter, g_value_get_string (value), prop_id);
      break;
    case PROP_COLLAPSE_DUPLICATES:
      if (self->collapse_duplicates != g_value_get_boolean (value))
        {
          self->collapse_duplicates = g_value_get_boolean (value);
          filters_changed (self, pspec);
        }
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
  widget_class->size_allocate = vigil_feed_page_size_allocate;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WATCH_LIST] =
    g_param_spec_object ("watch-list", NULL, NULL, VIGIL_TYPE_WATCH_LIST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT] =
    g_param_spec_string ("sort", NULL, NULL, "newest",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SENTIMENT_FILTER] =
    g_param_spec_string ("sentiment-filter", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE_FILTER] =
    g_param_spec_string ("language-filter", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY_FILTER] =
    g_param_spec_string ("category-filter", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WATCH_FILTER] =
    g_param_spec_string ("watch-filter", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLLAPSE_DUPLICATES] =
    g_param_spec_boolean ("collapse-duplicates", NULL, NULL, FALSE,
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
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, sort_button);
  gtk_widget_class_bind_template_child (widget_class, VigilFeedPage, filter_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_new_posts_clicked_cb);

  /* the menus' radio items and check box are these properties */
  gtk_widget_class_install_property_action (widget_class, "feed.sort", "sort");
  gtk_widget_class_install_property_action (widget_class, "feed.sentiment", "sentiment-filter");
  gtk_widget_class_install_property_action (widget_class, "feed.language", "language-filter");
  gtk_widget_class_install_property_action (widget_class, "feed.category", "category-filter");
  gtk_widget_class_install_property_action (widget_class, "feed.watch", "watch-filter");
  gtk_widget_class_install_property_action (widget_class, "feed.collapse-duplicates", "collapse-duplicates");
  gtk_widget_class_install_action (widget_class, "feed.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "feed.mark-sentiment", "s",
                                   _vigil_feed_page_mark_sentiment_action);
  gtk_widget_class_install_action (widget_class, "feed.send-to-triage", NULL,
                                   _vigil_feed_page_send_to_triage_action);
  gtk_widget_class_install_action (widget_class, "feed.context-menu", NULL,
                                   _vigil_feed_page_context_menu_action);
}

static void
vigil_feed_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  VigilFeedPage *self = VIGIL_FEED_PAGE (widget);

  GTK_WIDGET_CLASS (vigil_feed_page_parent_class)->size_allocate (widget, width, height, baseline);
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
vigil_feed_page_init (VigilFeedPage *self)
{
  self->at_top = TRUE;
  self->sort = g_strdup ("newest");
  self->sentiment_filter = g_strdup ("");
  self->language_filter = g_strdup ("");
  self->category_filter = g_strdup ("");
  self->watch_filter = g_strdup ("");
  self->reselect = g_array_new (FALSE, FALSE, sizeof (Reselect));
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  _vigil_feed_page_init_selection (self);
  update_menus (self);

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window),
                           "value-changed", G_CALLBACK (on_vadjustment_value_changed_cb),
                           self, G_CONNECT_SWAPPED);

  update_state (self);
}
