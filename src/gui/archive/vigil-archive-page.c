/* vigil-archive-page.c: search the archive, read a post's history, verify,
 * export what was found
 *
 * Searching reads only the matching ids (on a worker thread); the column
 * view's model (VigilArchiveResults) reads posts a page at a time as rows
 * are bound, so a million results scroll. Verify and export read the whole
 * archive on a worker thread with a progress bar and Cancel. Every search,
 * every post opened and every export is written to the access log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-archive-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "vigil-archive.h"
#include "vigil-archive-export.h"
#include "vigil-archive-page.h"
#include "vigil-archive-results.h"
#include "vigil-access-log-window.h"
#include "vigil-annotation-labels.h"
#include "vigil-settings.h"

#define SEARCH_DELAY_MS 250
#define MAX_PARENTS 5
#define RETENTION_ACTOR "retention-policy"

struct _VigilArchivePage
{
  AdwBin               parent_instance;

  VigilContext        *context;
  VigilStore          *store;
  VigilArchiveResults *results;
  GtkSingleSelection  *selection;
  GCancellable        *search_cancellable;
  GCancellable        *job_cancellable;
  guint                search_id;
  guint                backup_timer_id;
  guint                retention_timer_id;
  gboolean             backup_running;
  gboolean             retention_running;
  GSettings           *settings;
  gint64               shown_post;
  char                *last_text;
  gboolean             narrow;          /* Platform and Reach columns taken out */
  GtkColumnViewColumn *optional_columns[2]; /* Platform, Reach */
  guint                narrow_idle_id;
  GtkStringList       *watch_names;     /* "Any Watch", then the context's watches */
  GPtrArray           *category_ids;    /* the category dropdown's ids; [0] = NULL (any) */

  /* template children */
  GtkSearchEntry      *search_entry;
  GtkMenuButton       *filters_button;
  GtkEntry            *author_entry;
  GtkEntry            *since_entry;
  GtkEntry            *until_entry;
  GtkEntry            *tag_entry;
  GtkEntry            *mention_entry;
  GtkEntry            *link_entry;
  GtkDropDown         *platform_dropdown;
  GtkDropDown         *type_dropdown;
  GtkDropDown         *sentiment_dropdown;
  GtkDropDown         *watch_dropdown;
  GtkDropDown         *category_dropdown;
  GtkDropDown         *sort_dropdown;
  GtkCheckButton      *deleted_toggle;
  GtkCheckButton      *edited_toggle;
  GtkLabel            *count_label;
  GtkProgressBar      *progress_bar;
  GtkWidget           *cancel_button;
  GtkWidget           *verify_button;
  GtkWidget           *export_button;
  GtkLabel            *verdict_label;
  GtkStack            *results_stack;
  GtkColumnView       *column_view;
  GtkStack            *detail_stack;
  GtkLabel            *detail_flags;
  GtkLabel            *detail_author;
  GtkLabel            *detail_meta;
  GtkLabel            *detail_text;
  GtkBox              *thread_box;
  GtkBox              *history_box;
  GtkLabel            *detail_extra;
};

G_DEFINE_FINAL_TYPE (VigilArchivePage, vigil_archive_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* who goes into the access log: the context's person */
static const char *
actor (VigilArchivePage *self)
{
  const char *who = self->context ? vigil_context_get_actor (self->context) : NULL;

  return who && *who ? who : g_get_user_name ();
}

static void
add_toast (VigilArchivePage *self,
           const char       *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static char *
format_local (gint64      us,
              const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, format) : g_strdup ("—");
}

static GDateTime *
parse_day (GtkEntry *entry,
           gboolean  end_of_day)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GDateTime) day = NULL;
  int y, m, d;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;
  day = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (day == NULL)
    return NULL;
  return end_of_day ? g_date_time_add_days (day, 1) : g_steal_pointer (&day);
}

static char *
entry_text (GtkEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  return *text ? g_steal_pointer (&text) : NULL;
}

static VigilSearchQuery *
build_query (VigilArchivePage *self)
{
  static const VigilPlatform platforms[] = {
    VIGIL_PLATFORM_UNKNOWN, VIGIL_PLATFORM_MASTODON, VIGIL_PLATFORM_BLUESKY, VIGIL_PLATFORM_FEED,
  };
  static const VigilSentiment sentiments[] = {
    VIGIL_SENTIMENT_NONE, VIGIL_SENTIMENT_NEGATIVE, VIGIL_SENTIMENT_NEUTRAL, VIGIL_SENTIMENT_POSITIVE,
  };
  static const VigilSearchOrder orders[] = {
    VIGIL_SEARCH_ORDER_NEWEST, VIGIL_SEARCH_ORDER_AUTHOR, VIGIL_SEARCH_ORDER_REACH,
  };
  VigilSearchQuery *query = vigil_search_query_new ();
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint platform = gtk_drop_down_get_selected (self->platform_dropdown);
  guint sentiment = gtk_drop_down_get_selected (self->sentiment_dropdown);
  guint order = gtk_drop_down_get_selected (self->sort_dropdown);
  guint type = gtk_drop_down_get_selected (self->type_dropdown);
  guint watch = gtk_drop_down_get_selected (self->watch_dropdown);
  guint category = gtk_drop_down_get_selected (self->category_dropdown);

  query->text = text && *text ? g_strdup (text) : NULL;
  query->author = entry_text (self->author_entry);
  query->tag = entry_text (self->tag_entry);
  query->mention = entry_text (self->mention_entry);
  query->link = entry_text (self->link_entry);
  query->since = parse_day (self->since_entry, FALSE);
  query->until = parse_day (self->until_entry, TRUE);
  query->platform = platform < G_N_ELEMENTS (platforms) ? platforms[platform] : VIGIL_PLATFORM_UNKNOWN;
  query->sentiment = sentiment < G_N_ELEMENTS (sentiments) ? sentiments[sentiment] : VIGIL_SENTIMENT_NONE;
  query->order = order < G_N_ELEMENTS (orders) ? orders[order] : VIGIL_SEARCH_ORDER_NEWEST;
  query->type = type <= VIGIL_SEARCH_TYPE_DIRECT ? (VigilSearchType) type : VIGIL_SEARCH_TYPE_ANY;
  if (watch > 0 && watch < g_list_model_get_n_items (G_LIST_MODEL (self->watch_names)))
    query->watch = g_strdup (gtk_string_list_get_string (self->watch_names, watch));
  if (category > 0 && category < self->category_ids->len)
    query->category = g_strdup (g_ptr_array_index (self->category_ids, category));
  query->deleted_only = gtk_check_button_get_active (self->deleted_toggle);
  query->edited_only = gtk_check_button_get_active (self->edited_toggle);
  return query;
}

/* "More Filters (3)": how many of the popover's filters are set */
static void
update_filters_label (VigilArchivePage *self,
                      VigilSearchQuery *query)
{
  guint n = (query->author != NULL) + (query->since != NULL) + (query->until != NULL) + (query->tag != NULL)
            + (query->mention != NULL) + (query->link != NULL) + (query->watch != NULL)
            + (query->category != NULL) + (query->sentiment != VIGIL_SENTIMENT_NONE)
            + query->deleted_only + query->edited_only;
  g_autofree char *label = NULL;

  if (n == 0)
    label = g_strdup (_("More Filters"));
  else
    /* Translators: the filter button; %u is how many filters are set */
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "More Filters (%u)", "More Filters (%u)", n), n);
  gtk_menu_button_set_label (self->filters_button, label);
}

static void
on_clear_clicked_cb (VigilArchivePage *self)
{
  GtkEntry *entries[] = { self->author_entry, self->since_entry, self->until_entry, self->tag_entry,
                          self->mention_entry, self->link_entry };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    gtk_editable_set_text (GTK_EDITABLE (entries[i]), "");
  gtk_drop_down_set_selected (self->watch_dropdown, 0);
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_drop_down_set_selected (self->sentiment_dropdown, 0);
  gtk_check_button_set_active (self->deleted_toggle, FALSE);
  gtk_check_button_set_active (self->edited_toggle, FALSE);
}

/* The watch dropdown follows the context's watches. */
static void
rebuild_watches (VigilArchivePage *self)
{
  VigilWatchList *watches = self->context ? vigil_context_get_watches (self->context) : NULL;
  g_autofree char *selected = NULL;
  guint n = watches ? vigil_watch_list_get_n_watches (watches) : 0;
  guint position = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (gtk_drop_down_get_selected (self->watch_dropdown) > 0)
    selected = g_strdup (gtk_string_list_get_string (self->watch_names,
                                                     gtk_drop_down_get_selected (self->watch_dropdown)));
  g_ptr_array_add (names, (gpointer) _("Any Watch"));
  for (guint i = 0; i < n; i++)
    {
      const char *name = vigil_watch_get_name (vigil_watch_list_get_watch (watches, i));

      if (g_strcmp0 (name, selected) == 0)
        position = names->len;
      g_ptr_array_add (names, (gpointer) name);
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->watch_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->watch_names)),
                          (const char * const *) names->pdata);
  gtk_drop_down_set_selected (self->watch_dropdown, position);
}

/* "Any Category", each role ("Customer service"), then each category
 * under its role ("Customer service: Refund"). */
static void
build_categories (VigilArchivePage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  VigilRiskClassifier *risk = vigil_annotation_get_risk ();
  g_auto(GStrv) categories = risk ? vigil_risk_classifier_list_categories (risk) : NULL;
  const char * const *roles = vigil_annotation_get_roles ();

  self->category_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (labels, _("Any Category"));
  g_ptr_array_add (self->category_ids, NULL);
  for (guint r = 0; roles[r]; r++)
    {
      gtk_string_list_append (labels, vigil_role_get_label (roles[r]));
      g_ptr_array_add (self->category_ids, g_strdup (roles[r]));
      for (guint i = 0; categories && categories[i]; i++)
        {
          g_autofree char *role = vigil_category_get_role (categories[i]);
          g_autofree char *label = NULL;
          g_autofree char *name = NULL;

          if (g_strcmp0 (role, roles[r]) != 0 || g_str_equal (categories[i], roles[r]))
            continue;
          name = vigil_category_get_label (categories[i]);
          /* Translators: a category under its role, "Customer service: Refund" */
          label = g_strdup_printf (_("%s: %s"), vigil_role_get_label (roles[r]), name);
          gtk_string_list_append (labels, label);
          g_ptr_array_add (self->category_ids, g_strdup (categories[i]));
        }
    }
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (labels));
}

/* --- searching ---------------------------------------------------------- */

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  VigilArchivePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = vigil_archive_search_finish (result, &error);
  g_autoptr(VigilSearchQuery) query = NULL;
  g_autofree char *count = NULL;
  g_autofree char *description = NULL;

  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->count_label, error->message);
      g_object_unref (self);
      return;
    }
  vigil_archive_results_set_ids (self->results, ids);
  gtk_stack_set_visible_child_name (self->results_stack, ids->len > 0 ? "results" : "empty");
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u post", "%'u posts", ids->len), ids->len);
  gtk_label_set_label (self->count_label, count);

  query = build_query (self);
  description = vigil_archive_export_describe (query);
  vigil_archive_log_access (self->store, actor (self), "search", ids->len, NULL, "query", description, NULL);
  g_object_unref (self);
}

static gboolean
run_search_cb (gpointer user_data)
{
  VigilArchivePage *self = user_data;
  g_autoptr(VigilSearchQuery) query = NULL;

  self->search_id = 0;
  if (self->store == NULL)
    return G_SOURCE_REMOVE;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  query = build_query (self);
  update_filters_label (self, query);
  g_free (self->last_text);
  self->last_text = g_strdup (query->text);
  vigil_archive_search_async (self->store, query, self->search_cancellable, search_done_cb,
                              g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
on_filter_changed_cb (VigilArchivePage *self)
{
  g_clear_handle_id (&self->search_id, g_source_remove);
  self->search_id = g_timeout_add (SEARCH_DELAY_MS, run_search_cb, self);
}

/* --- the columns -------------------------------------------------------- */

typedef enum
{
  COLUMN_DATE,
  COLUMN_PLATFORM,
  COLUMN_AUTHOR,
  COLUMN_TEXT,
  COLUMN_REACH,
  COLUMN_STATE,
} Column;

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (user_data) == COLUMN_REACH)
    gtk_widget_add_css_class (label, "numeric");
  if (GPOINTER_TO_INT (user_data) == COLUMN_STATE)
    gtk_widget_add_css_class (label, "heading");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  VigilArchivePage *self = g_object_get_data (G_OBJECT (factory), "page");
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  VigilPost *post = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;

  switch (GPOINTER_TO_INT (user_data))
    {
    case COLUMN_DATE:
      {
        GDateTime *created = vigil_post_get_created_at (post);
        g_autoptr(GDateTime) local = created ? g_date_time_to_local (created) : NULL;
        text = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("—");
      }
      gtk_label_set_text (label, text);
      break;
    case COLUMN_PLATFORM:
      gtk_label_set_text (label, vigil_post_get_platform_name (post));
      break;
    case COLUMN_AUTHOR:
      gtk_label_set_text (label, vigil_post_get_author (post) ? vigil_post_get_author (post) : "");
      break;
    case COLUMN_TEXT:
      text = vigil_archive_highlight (vigil_post_get_text (post), self->last_text, 140);
      gtk_label_set_markup (label, text);
      break;
    case COLUMN_REACH:
      if (vigil_post_get_reach (post) >= 0)
        text = g_strdup_printf ("%'" G_GINT64_FORMAT, vigil_post_get_reach (post));
      gtk_label_set_text (label, text ? text : "—");
      break;
    case COLUMN_STATE:
      /* the theme's error colour: readable in light and dark */
      if (vigil_post_get_deleted (post))
        gtk_label_set_text (label, _("Deleted"));
      else if (vigil_post_get_edited (post))
        gtk_label_set_text (label, _("Edited"));
      else
        gtk_label_set_text (label, "");
      if (vigil_post_get_deleted (post))
        gtk_widget_add_css_class (GTK_WIDGET (label), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      break;
    default:
      break;
    }
}

static void
add_column (VigilArchivePage *self,
            const char       *title,
            Column            column,
            gboolean          expand,
            int               width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_object_set_data (G_OBJECT (factory), "page", self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (col, expand);
  gtk_column_view_column_set_resizable (col, TRUE);
  if (width > 0)
    gtk_column_view_column_set_fixed_width (col, width);
  gtk_column_view_append_column (self->column_view, col);
  g_object_unref (col);
}

/* When the results are narrower than NARROW_WIDTH (a window about 800 px
 * wide), the Platform and Reach columns give their room to the text (the
 * detail pane shows both). Followed through the horizontal adjustment's
 * page size, the width the results get. */
#define NARROW_WIDTH 650

static gboolean
apply_narrow_cb (gpointer user_data)
{
  VigilArchivePage *self = user_data;

  self->narrow_idle_id = 0;
  /* removed and put back, not hidden: GTK 4.8 still gives hidden columns
   * their share of the width */
  for (guint i = 0; i < G_N_ELEMENTS (self->optional_columns); i++)
    {
      GtkColumnViewColumn *col = self->optional_columns[i];
      gboolean shown = gtk_column_view_column_get_column_view (col) != NULL;

      if (self->narrow && shown)
        gtk_column_view_remove_column (self->column_view, col);
      else if (!self->narrow && !shown)
        gtk_column_view_insert_column (self->column_view, i == 0 ? COLUMN_PLATFORM : COLUMN_REACH, col);
    }
  return G_SOURCE_REMOVE;
}

static void
on_results_width_cb (GtkAdjustment    *adjustment,
                     GParamSpec       *pspec,
                     VigilArchivePage *self)
{
  double width = gtk_adjustment_get_page_size (adjustment);
  gboolean narrow = width > 0 && width < NARROW_WIDTH;

  /* not during allocation: on the next idle */
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      if (self->narrow_idle_id == 0)
        self->narrow_idle_id = g_idle_add (apply_narrow_cb, self);
    }
}

/* --- the detail pane ---------------------------------------------------- */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* a small heading (caption), when set, and the text under it, when set */
static void
add_entry (GtkBox     *box,
           const char *heading,
           const char *body,
           gboolean    dim_body,
           const char *css_class)
{
  if (heading != NULL)
    {
      GtkWidget *title = gtk_label_new (heading);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_add_css_class (title, "caption-heading");
      if (css_class)
        gtk_widget_add_css_class (title, css_class);
      gtk_box_append (box, title);
    }
  if (body != NULL)
    {
      GtkWidget *text = gtk_label_new (body);

      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      if (dim_body)
        gtk_widget_add_css_class (text, "dim-label");
      gtk_widget_set_margin_bottom (text, 6);
      gtk_box_append (box, text);
    }
}

/* Each version the chain holds, oldest first: its text and time, and the
 * deletion. */
static void
show_history (VigilArchivePage *self,
              VigilPost        *post)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = vigil_store_get_post_history (self->store, vigil_post_get_id (post), &error);

  clear_box (self->history_box);
  if (history == NULL)
    {
      add_entry (self->history_box, _("The history could not be read"), error->message, TRUE, "error");
      return;
    }
  for (guint i = 0; i < history->len; i++)
    {
      VigilPostVersion *v = g_ptr_array_index (history, i);
      g_autofree char *when = format_local (v->at_us, "%Y-%m-%d %H:%M");
      g_autofree char *archived = format_local (v->archived_us, "%Y-%m-%d %H:%M");
      g_autofree char *heading = NULL;
      const char *body = v->text;
      const char *css = NULL;

      switch (v->kind)
        {
        case VIGIL_POST_VERSION_CREATED:
          /* Translators: the first version of a post; posted, then archived, times */
          heading = g_strdup_printf (_("Posted %s · archived %s"), when, archived);
          break;
        case VIGIL_POST_VERSION_EDITED:
          /* Translators: an edit of a post, and when it was seen */
          heading = g_strdup_printf (_("Edited · seen %s"), when);
          if (body == NULL)
            body = _("(the text is unchanged: the title, tags or media changed)");
          break;
        case VIGIL_POST_VERSION_DELETED:
        default:
          /* Translators: when the deletion of a post was seen */
          heading = g_strdup_printf (_("Deleted by its author · seen %s"), when);
          body = NULL;
          css = "error";
          break;
        }
      if (v->purged)
        body = _("Content purged under the retention policy; its hash is kept in the chain.");
      add_entry (self->history_box, heading, body, v->purged, css);
    }
}

/* The posts this one replies to, as far as the archive holds them; returns
 * their archive ids ("12,9") for the access log. */
static char *
show_thread (VigilArchivePage *self,
             VigilPost        *post)
{
  g_autoptr(GString) viewed = g_string_new (NULL);
  g_autoptr(VigilPost) current = g_object_ref (post);

  clear_box (self->thread_box);
  if (vigil_post_get_parent_id (post) == NULL)
    {
      add_entry (self->thread_box, NULL, _("Not a reply"), TRUE, NULL);
      return NULL;
    }
  for (guint depth = 0; depth < MAX_PARENTS && vigil_post_get_parent_id (current); depth++)
    {
      const char *parent_id = vigil_post_get_parent_id (current);
      g_autoptr(VigilPost) parent = vigil_store_find_post (self->store, vigil_post_get_platform (current),
                                                           parent_id, NULL);
      g_autofree char *heading = NULL;
      g_autofree char *when = NULL;

      if (parent == NULL)
        {
          /* Translators: %s is the platform's id of a post Vigil did not archive */
          heading = g_strdup_printf (_("In reply to a post not in the archive (%s)"), parent_id);
          add_entry (self->thread_box, heading, NULL, FALSE, NULL);
          break;
        }
      when = vigil_post_get_created_at (parent)
             ? format_local (g_date_time_to_unix (vigil_post_get_created_at (parent)) * G_USEC_PER_SEC,
                             "%Y-%m-%d %H:%M")
             : g_strdup ("—");
      /* Translators: a post this one replies to: its author and date */
      heading = g_strdup_printf (_("In reply to %s · %s%s"),
                                 vigil_post_get_author (parent) ? vigil_post_get_author (parent) : "?", when,
                                 vigil_post_get_deleted (parent) ? _(" · deleted") : "");
      add_entry (self->thread_box, heading, vigil_post_get_text (parent) ? vigil_post_get_text (parent) : "",
                 TRUE, NULL);
      g_string_append_printf (viewed, "%s%" G_GINT64_FORMAT, viewed->len ? "," : "", vigil_post_get_id (parent));
      g_set_object (&current, parent);
    }
  return viewed->len ? g_string_free (g_steal_pointer (&viewed), FALSE) : NULL;
}

static char *
format_count (gint64 n)
{
  return n >= 0 ? g_strdup_printf ("%'" G_GINT64_FORMAT, n) : g_strdup ("—");
}

static void
show_post (VigilArchivePage *self,
           VigilPost        *post)
{
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autoptr(GString) extra = g_string_new (NULL);
  g_autoptr(GString) flags = g_string_new (NULL);
  g_autofree char *author = NULL;
  g_autofree char *parents = NULL;
  g_autofree char *replies = format_count (vigil_post_get_replies (post));
  g_autofree char *reposts = format_count (vigil_post_get_reposts (post));
  g_autofree char *likes = format_count (vigil_post_get_likes (post));
  GDateTime *created = vigil_post_get_created_at (post);
  const char * const *tags = vigil_post_get_tags (post);
  const char * const *media = vigil_post_get_media (post);

  gtk_stack_set_visible_child_name (self->detail_stack, "post");

  if (vigil_post_get_deleted (post))
    g_string_append (flags, _("Deleted by its author: the archived text is kept below as evidence."));
  else if (vigil_post_get_edited (post))
    g_string_append (flags, _("Edited by its author: the latest text is shown; every version is under History."));
  gtk_label_set_text (self->detail_flags, flags->str);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_flags), flags->len > 0);
  if (vigil_post_get_deleted (post))
    gtk_widget_add_css_class (GTK_WIDGET (self->detail_flags), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_flags), "error");

  author = g_strdup_printf ("%s  %s", vigil_post_get_author_name (post) ? vigil_post_get_author_name (post) : "",
                            vigil_post_get_author (post) ? vigil_post_get_author (post) : "");
  gtk_label_set_text (self->detail_author, g_strstrip (author));

  g_string_append (meta, vigil_post_get_platform_name (post));
  if (created)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (created);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M:%S %Z");
      g_string_append_printf (meta, " · %s", when);
    }
  g_string_append_printf (meta, " · %s", vigil_post_get_visibility (post) == VIGIL_VISIBILITY_DIRECT
                                         ? _("direct message") : _("public"));
  if (vigil_post_get_url (post))
    g_string_append_printf (meta, "\n%s", vigil_post_get_url (post));
  gtk_label_set_text (self->detail_meta, meta->str);
  gtk_label_set_text (self->detail_text, vigil_post_get_text (post) ? vigil_post_get_text (post) : "");

  parents = show_thread (self, post);
  show_history (self, post);

  /* Translators: a post's metrics; each %s is a number or "—" */
  g_string_append_printf (extra, _("<b>Metrics</b>\n%s replies · %s reposts · %s likes\n"), replies, reposts, likes);
  if (tags && tags[0])
    {
      g_autofree char *joined = g_strjoinv (" #", (char **) tags);
      g_autofree char *escaped = g_markup_escape_text (joined, -1);
      g_string_append_printf (extra, _("\n<b>Tags</b>\n#%s\n"), escaped);
    }
  for (guint i = 0; media && media[i]; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (media[i], -1);
      g_string_append_printf (extra, _("\n<b>Media</b> %s\n"), escaped);
    }
  {
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, vigil_post_get_id (post));
    /* Translators: %s is the post's archive id (a number) */
    g_string_append_printf (extra, _("\nArchive id %s"), id);
  }
  gtk_label_set_markup (self->detail_extra, extra->str);

  if (vigil_post_get_id (post) != self->shown_post)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, vigil_post_get_id (post));

      self->shown_post = vigil_post_get_id (post);
      vigil_archive_log_access (self->store, actor (self), "view", -1, NULL, "post", id,
                                "remote_id", vigil_post_get_remote_id (post), "parents", parents, NULL);
    }
}

static void
on_selection_changed_cb (VigilArchivePage *self)
{
  VigilPost *post = gtk_single_selection_get_selected_item (self->selection);

  if (post == NULL || self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  show_post (self, post);
}

/* --- jobs: verify, export ----------------------------------------------- */

static void
job_started (VigilArchivePage *self,
             const char       *text)
{
  g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  self->job_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_visible (self->cancel_button, TRUE);
  gtk_widget_set_sensitive (self->verify_button, FALSE);
  gtk_widget_set_sensitive (self->export_button, FALSE);
}

static void
job_finished (VigilArchivePage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_widget_set_sensitive (self->verify_button, self->store != NULL);
  gtk_widget_set_sensitive (self->export_button, self->store != NULL);
}

static void
on_cancel_clicked_cb (VigilArchivePage *self)
{
  g_cancellable_cancel (self->job_cancellable);
}

static void
on_progress_cb (double   fraction,
                gpointer user_data)
{
  VigilArchivePage *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
verify_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilArchivePage) self = user_data;
  g_autoptr(GError) error = NULL;
  VigilArchiveReport *report = vigil_archive_verify_finish (result, &error);
  g_autofree char *text = NULL;

  job_finished (self);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        add_toast (self, error->message);
      return;
    }
  if (report->ok)
    {
      g_autofree char *posts = g_strdup_printf ("%'" G_GUINT64_FORMAT, report->store.posts);
      g_autofree char *events = g_strdup_printf ("%'" G_GUINT64_FORMAT, report->store.events);
      g_autofree char *audit = g_strdup_printf ("%'" G_GUINT64_FORMAT, report->store.audit);
      g_autofree char *head = g_strdup_printf ("%s@%" G_GUINT64_FORMAT, report->store.head_hash,
                                               report->store.posts + report->store.events);

      text = g_strdup_printf (_("<b>Archive intact</b> — %s posts, %s edits or deletions, "
                                "%s audit entries and the search index checked; "
                                "%u of %u checkpoints verified. Head %s"),
                              posts, events, audit, report->checkpoints_checked, report->checkpoints, head);
    }
  else
    {
      g_autofree char *verdict = g_markup_escape_text (report->verdict, -1);
      text = g_strdup_printf (_("<span foreground=\"#e01b24\" weight=\"bold\">Archive tampered with</span> — %s"),
                              verdict);
    }
  gtk_label_set_markup (self->verdict_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), TRUE);
  vigil_archive_report_clear (report);
  g_free (report);
}

static void
on_verify_clicked_cb (VigilArchivePage *self)
{
  if (self->store == NULL)
    return;
  job_started (self, _("Verifying…"));
  vigil_archive_log_access (self->store, actor (self), "verify", -1, NULL, NULL, NULL);
  vigil_archive_verify_async (self->store, on_progress_cb, self, self->job_cancellable,
                              verify_done_cb, g_object_ref (self));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilArchivePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 count = vigil_archive_export_finish (result, &error);

  job_finished (self);
  if (count < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        message = g_strdup (_("Export cancelled: no file was written"));
      else
        message = g_strdup_printf (_("Could not export: %s"), error->message);
    }
  else
    {
      g_autofree char *n = g_strdup_printf ("%'" G_GINT64_FORMAT, count);

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %s post, with a manifest",
                                              "Exported %s posts, with a manifest", count), n);
    }
  add_toast (self, message);
}

static void
on_export_response_cb (GtkNativeDialog  *dialog,
                       int               response,
                       VigilArchivePage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(VigilSearchQuery) query = NULL;
  g_autofree char *name = NULL;
  VigilExportFormat format = VIGIL_EXPORT_FORMAT_CSV;

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      const char *by_filter = filter ? g_object_get_data (G_OBJECT (filter), "format") : NULL;

      name = g_file_get_basename (file);
      if (g_str_has_suffix (name, ".json"))
        format = VIGIL_EXPORT_FORMAT_JSON;
      else if (g_str_has_suffix (name, ".xml"))
        format = VIGIL_EXPORT_FORMAT_XML;
      else if (!g_str_has_suffix (name, ".csv") && by_filter)
        vigil_export_format_from_string (by_filter, &format);
      query = build_query (self);
      job_started (self, _("Exporting…"));
      vigil_archive_export_async (self->store, query, file, format, actor (self),
                                  vigil_archive_results_get_ids (self->results)->len,
                                  on_progress_cb, self, self->job_cancellable, export_done_cb,
                                  g_object_ref (self));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *title,
            const char     *pattern,
            const char     *format)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, title);
  gtk_file_filter_add_pattern (filter, pattern);
  g_object_set_data (G_OBJECT (filter), "format", (gpointer) format);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static void
on_export_clicked_cb (VigilArchivePage *self)
{
  GtkFileChooserNative *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (self->store == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Export Results"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  add_filter (GTK_FILE_CHOOSER (dialog), _("CSV (spreadsheets)"), "*.csv", "csv");
  add_filter (GTK_FILE_CHOOSER (dialog), _("JSON"), "*.json", "json");
  add_filter (GTK_FILE_CHOOSER (dialog), _("XML (sortable, for review tools)"), "*.xml", "xml");
  /* Translators: the suggested file name of an export; %s is today's date */
  name = g_strdup_printf (_("vigil-archive-%s.csv"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_access_log_clicked_cb (VigilArchivePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  window = vigil_access_log_window_new (self->store, actor (self), parent, &error);
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  dialog = adw_message_dialog_new (parent, g_error_matches (error, VIGIL_ARCHIVE_ERROR,
                                                            VIGIL_ARCHIVE_ERROR_NOT_PERMITTED)
                                           ? _("The Access Log Is for the Compliance Role")
                                           : _("The Access Log Could Not Be Read"),
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- scheduled backups (GSettings backup-folder, -interval-hours, -keep) -- */

typedef struct
{
  char  *folder;
  guint  keep;
} BackupJob;

static void
backup_job_free (BackupJob *job)
{
  g_free (job->folder);
  g_free (job);
}

static void
backup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BackupJob *job = task_data;
  GError *error = NULL;
  char *path = NULL;

  if (vigil_archive_backup_rotate (VIGIL_STORE (source), job->folder, job->keep, &path, &error))
    g_task_return_pointer (task, path, g_free);
  else
    g_task_return_error (task, error);
}

static void
backup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(VigilArchivePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);

  self->backup_running = FALSE;
  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Scheduled backup failed: %s"), error->message);
      add_toast (self, message);
      return;
    }
  if (self->store)
    vigil_archive_log_access (self->store, "vigil", "backup", -1, NULL, "to", path, "scheduled", "yes", NULL);
}

static gboolean
backup_timer_cb (gpointer user_data)
{
  VigilArchivePage *self = user_data;
  g_autofree char *folder = NULL;
  guint interval;
  g_autoptr(GTask) task = NULL;
  BackupJob *job;

  if (self->settings == NULL || self->store == NULL || self->backup_running)
    return G_SOURCE_CONTINUE;
  folder = g_settings_get_string (self->settings, "backup-folder");
  interval = g_settings_get_uint (self->settings, "backup-interval-hours");
  if (!vigil_archive_backup_due (folder, interval, g_get_real_time ()))
    return G_SOURCE_CONTINUE;
  job = g_new0 (BackupJob, 1);
  job->folder = g_steal_pointer (&folder);
  job->keep = g_settings_get_uint (self->settings, "backup-keep");
  self->backup_running = TRUE;
  task = g_task_new (self->store, NULL, backup_done_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) backup_job_free);
  g_task_run_in_thread (task, backup_thread);
  return G_SOURCE_CONTINUE;
}

/* --- retention (GSettings retention-days), at startup and daily -------- */

typedef struct
{
  VigilCredentialStore *credentials;
  VigilRetentionRule    rules[VIGIL_RETENTION_N_PLATFORMS];
} RetentionJob;

static void
retention_job_free (RetentionJob *job)
{
  g_clear_object (&job->credentials);
  g_free (job);
}

static void
retention_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  RetentionJob *job = task_data;
  g_autoptr(GBytes) key = NULL;
  GError *error = NULL;
  guint64 purged = 0;

  /* the purge record is MACed with the checkpoint key (made on first use) */
  if ((key = vigil_archive_lookup_key (job->credentials, TRUE, &error)) == NULL
      || !vigil_archive_apply_retention (VIGIL_STORE (source), key, RETENTION_ACTOR, job->rules,
                                         VIGIL_RETENTION_N_PLATFORMS, g_get_real_time (), &purged, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, (gssize) MIN (purged, G_MAXSSIZE));
}

static void
retention_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VigilArchivePage) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize purged = g_task_propagate_int (G_TASK (result), &error);
  g_autofree char *message = NULL;

  self->retention_running = FALSE;
  if (error != NULL)
    message = g_strdup_printf (_("Retention purge failed: %s"), error->message);
  else if (purged > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GSSIZE_FORMAT, purged);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Purged %s post past its retention period",
                                              "Purged %s posts past their retention period", purged), count);
    }
  if (message)
    add_toast (self, message);
}

static gboolean
retention_timer_cb (gpointer user_data)
{
  VigilArchivePage *self = user_data;
  g_autoptr(GVariant) days = NULL;
  g_autoptr(GTask) task = NULL;
  RetentionJob *job;
  gboolean any = FALSE;

  if (self->settings == NULL || self->context == NULL || self->store == NULL || self->retention_running)
    return G_SOURCE_CONTINUE;
  job = g_new0 (RetentionJob, 1);
  days = g_settings_get_value (self->settings, "retention-days");
  vigil_archive_retention_from_variant (days, job->rules);
  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    any = any || job->rules[i].days > 0;
  if (!any)
    {
      retention_job_free (job);
      return G_SOURCE_CONTINUE;   /* off (the default) */
    }
  job->credentials = g_object_ref (vigil_context_get_credentials (self->context));
  self->retention_running = TRUE;
  task = g_task_new (self->store, NULL, retention_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, retention_timer_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) retention_job_free);
  g_task_run_in_thread (task, retention_thread);
  return G_SOURCE_CONTINUE;
}

static gboolean
retention_first_run_cb (gpointer user_data)
{
  VigilArchivePage *self = user_data;

  retention_timer_cb (self);
  self->retention_timer_id = g_timeout_add_seconds (24 * 3600, retention_timer_cb, self);
  return G_SOURCE_REMOVE;
}

/* --- the page ---------------------------------------------------------- */

static void
on_store_changed_cb (VigilArchivePage *self)
{
  /* new posts: refresh the count and results, unless a search is pending */
  if (self->search_id == 0)
    self->search_id = g_timeout_add (2000, run_search_cb, self);
}

VigilStore *
vigil_archive_page_get_store (VigilArchivePage *self)
{
  g_return_val_if_fail (VIGIL_IS_ARCHIVE_PAGE (self), NULL);
  return self->store;
}

void
vigil_archive_page_set_store (VigilArchivePage *self,
                              VigilStore       *store)
{
  g_return_if_fail (VIGIL_IS_ARCHIVE_PAGE (self));
  g_return_if_fail (store == NULL || VIGIL_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);
  g_set_object (&self->store, store);
  g_clear_object (&self->results);
  if (store != NULL)
    {
      g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self, G_CONNECT_SWAPPED);
      self->results = vigil_archive_results_new (store);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->results));
      run_search_cb (self);
    }
  else
    gtk_single_selection_set_model (self->selection, NULL);
  gtk_widget_set_sensitive (self->verify_button, store != NULL);
  gtk_widget_set_sensitive (self->export_button, store != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

VigilContext *
vigil_archive_page_get_context (VigilArchivePage *self)
{
  g_return_val_if_fail (VIGIL_IS_ARCHIVE_PAGE (self), NULL);
  return self->context;
}

void
vigil_archive_page_set_context (VigilArchivePage *self,
                                VigilContext     *context)
{
  g_return_if_fail (VIGIL_IS_ARCHIVE_PAGE (self));
  g_return_if_fail (context == NULL || VIGIL_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (vigil_context_get_watches (self->context), rebuild_watches, self);
  g_clear_handle_id (&self->retention_timer_id, g_source_remove);
  g_set_object (&self->context, context);
  if (context != NULL)
    {
      g_signal_connect_object (vigil_context_get_watches (context), "items-changed",
                               G_CALLBACK (rebuild_watches), self, G_CONNECT_SWAPPED);
      /* retention: shortly after startup, then daily */
      self->retention_timer_id = g_timeout_add_seconds (30, retention_first_run_cb, self);
    }
  rebuild_watches (self);
  vigil_archive_page_set_store (self, context ? vigil_context_get_store (context) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
vigil_archive_page_dispose (GObject *object)
{
  VigilArchivePage *self = (VigilArchivePage *) object;

  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->job_cancellable);
  g_clear_handle_id (&self->search_id, g_source_remove);
  g_clear_handle_id (&self->backup_timer_id, g_source_remove);
  g_clear_handle_id (&self->retention_timer_id, g_source_remove);
  g_clear_handle_id (&self->narrow_idle_id, g_source_remove);
  g_clear_object (&self->optional_columns[0]);
  g_clear_object (&self->optional_columns[1]);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (vigil_context_get_watches (self->context), rebuild_watches, self);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed_cb, self);
  if (self->column_view)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->store);
  g_clear_pointer (&self->last_text, g_free);
  g_clear_pointer (&self->category_ids, g_ptr_array_unref);
  g_clear_object (&self->watch_names);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_ARCHIVE_PAGE);
  G_OBJECT_CLASS (vigil_archive_page_parent_class)->dispose (object);
}

static void
vigil_archive_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, VIGIL_ARCHIVE_PAGE (object)->store);
      break;
    case PROP_CONTEXT:
      g_value_set_object (value, VIGIL_ARCHIVE_PAGE (object)->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_archive_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      vigil_archive_page_set_store (VIGIL_ARCHIVE_PAGE (object), g_value_get_object (value));
      break;
    case PROP_CONTEXT:
      vigil_archive_page_set_context (VIGIL_ARCHIVE_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (VIGIL_ARCHIVE_PAGE (widget)->search_entry));
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  on_export_clicked_cb (VIGIL_ARCHIVE_PAGE (widget));
}

static void
verify_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  on_verify_clicked_cb (VIGIL_ARCHIVE_PAGE (widget));
}

static void
vigil_archive_page_class_init (VigilArchivePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_archive_page_dispose;
  object_class->get_property = vigil_archive_page_get_property;
  object_class->set_property = vigil_archive_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, VIGIL_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* the person acting (the access log), the watches, the credentials (retention) */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, VIGIL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/archive/vigil-archive-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, VigilArchivePage, name)
  CHILD (search_entry);
  CHILD (filters_button);
  CHILD (tag_entry);
  CHILD (mention_entry);
  CHILD (link_entry);
  CHILD (watch_dropdown);
  CHILD (category_dropdown);
  CHILD (thread_box);
  CHILD (history_box);
  CHILD (author_entry);
  CHILD (since_entry);
  CHILD (until_entry);
  CHILD (platform_dropdown);
  CHILD (type_dropdown);
  CHILD (sentiment_dropdown);
  CHILD (sort_dropdown);
  CHILD (deleted_toggle);
  CHILD (edited_toggle);
  CHILD (count_label);
  CHILD (progress_bar);
  CHILD (cancel_button);
  CHILD (verify_button);
  CHILD (export_button);
  CHILD (verdict_label);
  CHILD (results_stack);
  CHILD (column_view);
  CHILD (detail_stack);
  CHILD (detail_flags);
  CHILD (detail_author);
  CHILD (detail_meta);
  CHILD (detail_text);
  CHILD (detail_extra);
#undef CHILD
  /* not kept, but reachable with gtk_widget_get_template_child (tests) */
  gtk_widget_class_bind_template_child_full (widget_class, "clear_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "access_log_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_verify_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_access_log_clicked_cb);

  gtk_widget_class_install_action (widget_class, "archive.search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "archive.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "archive.verify", NULL, verify_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "archive.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "archive.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_V, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "archive.verify", NULL);
}

static void
vigil_archive_page_init (VigilArchivePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->watch_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->watch_dropdown, G_LIST_MODEL (self->watch_names));
  rebuild_watches (self);
  build_categories (self);
  gtk_drop_down_set_expression (self->category_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (g_object_ref (self->selection)));
  g_signal_connect_object (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->column_view)), "notify::page-size",
                           G_CALLBACK (on_results_width_cb), self, 0);
  add_column (self, _("Date"), COLUMN_DATE, FALSE, 136);
  add_column (self, _("Platform"), COLUMN_PLATFORM, FALSE, 88);
  add_column (self, _("Author"), COLUMN_AUTHOR, FALSE, 130);
  add_column (self, _("Text"), COLUMN_TEXT, TRUE, -1);
  add_column (self, _("Reach"), COLUMN_REACH, FALSE, 64);
  add_column (self, _("State"), COLUMN_STATE, FALSE, 84);
  self->optional_columns[0] = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), COLUMN_PLATFORM);
  self->optional_columns[1] = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), COLUMN_REACH);
  gtk_stack_set_visible_child_name (self->detail_stack, "none");
  gtk_widget_set_sensitive (self->verify_button, FALSE);
  gtk_widget_set_sensitive (self->export_button, FALSE);
  self->settings = vigil_settings_new ("scheduled backups");
  /* checked every ten minutes; the newest backup's time says whether one is due */
  self->backup_timer_id = g_timeout_add_seconds (600, backup_timer_cb, self);
}
