/* vigil-post-row.c: one post in the feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-post-row"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vigil-annotation-labels.h"
#include "vigil-post-row.h"

/* Relative times ("3 min ago") go stale: every mapped row is refreshed by
 * one shared timer, which runs only while some row is on screen. */
#define TIME_REFRESH_SECONDS 30

struct _VigilPostRow
{
  AdwBin     parent_instance;

  VigilPost *item;

  AdwAvatar *avatar;
  GtkLabel  *name_label;
  GtkLabel  *handle_label;
  GtkLabel  *time_label;
  GtkLabel  *text_label;
  GtkLabel  *platform_label;
  GtkLabel  *lang_label;
  GtkLabel  *edited_label;
  GtkLabel  *deleted_label;
  GtkLabel  *followers_label;
  GtkWidget *sentiment_edge;
  GtkLabel  *duplicates_label;
  GtkLabel  *override_label;
  GtkFlowBox *risk_box;

  guint      position;
  char      *sentiment_text;
};

G_DEFINE_FINAL_TYPE (VigilPostRow, vigil_post_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_POSITION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GPtrArray *mapped_rows;
static guint time_refresh_id;

char *
vigil_format_relative_time (GDateTime *time,
                            GDateTime *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) local = NULL;
  GTimeSpan span;
  gint64 n;

  if (time == NULL)
    return g_strdup ("");

  if (now == NULL)
    now = local_now = g_date_time_new_now_utc ();

  span = g_date_time_difference (now, time);
  if (span < 45 * G_TIME_SPAN_SECOND)
    return g_strdup (C_("time", "now"));
  if (span < G_TIME_SPAN_HOUR)
    {
      n = MAX (1, (span + 30 * G_TIME_SPAN_SECOND) / G_TIME_SPAN_MINUTE);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d min ago", "%d min ago", n), (int) n);
    }
  if (span < G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_HOUR;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", n), (int) n);
    }
  if (span < 7 * G_TIME_SPAN_DAY)
    {
      n = span / G_TIME_SPAN_DAY;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n), (int) n);
    }

  local = g_date_time_to_local (time);
  /* Translators: a date, see the strftime(3) manual */
  return g_date_time_format (local, _("%e %b %Y"));
}

/* Tooltips through "query-tooltip": gtk_widget_set_tooltip_text() asks
 * the display server where the pointer is (a round trip) each time, and a
 * row sets several on every bind while the feed scrolls. */
static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard_mode,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "vigil-tooltip");

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  if (g_object_get_data (G_OBJECT (widget), "vigil-tooltip-connected") == NULL)
    {
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);
      g_object_set_data (G_OBJECT (widget), "vigil-tooltip-connected", GINT_TO_POINTER (TRUE));
    }
  g_object_set_data_full (G_OBJECT (widget), "vigil-tooltip", g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static const char *
get_tooltip (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "vigil-tooltip");
}

static void
update_time (VigilPostRow *self)
{
  GDateTime *created = self->item != NULL ? vigil_post_get_created_at (self->item) : NULL;
  g_autofree char *relative = vigil_format_relative_time (created, NULL);
  g_autofree char *absolute = NULL;

  gtk_label_set_label (self->time_label, relative);

  if (created != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (created);

      /* Translators: a date and time, see the strftime(3) manual */
      absolute = g_date_time_format (local, _("%A %e %B %Y, %H:%M:%S"));
    }
  set_tooltip (GTK_WIDGET (self->time_label), absolute);
}

static gboolean
refresh_times_cb (gpointer user_data)
{
  for (guint i = 0; i < mapped_rows->len; i++)
    update_time (g_ptr_array_index (mapped_rows, i));
  return G_SOURCE_CONTINUE;
}

static const char *
platform_label (VigilPlatform platform)
{
  switch (platform)
    {
    case VIGIL_PLATFORM_MASTODON:
      return _("Mastodon");
    case VIGIL_PLATFORM_BLUESKY:
      return _("Bluesky");
    case VIGIL_PLATFORM_FEED:
      return C_("platform", "Feed");
    case VIGIL_PLATFORM_DRILL:
      return C_("platform", "Drill");
    case VIGIL_PLATFORM_UNKNOWN:
    default:
      return _("Unknown");
    }
}

static void
set_platform_class (VigilPostRow *self,
                    const char   *name)
{
  static const char * const classes[] = { "mastodon", "bluesky", "feed", "drill" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->platform_label), classes[i]);
  if (name != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->platform_label), name);
}

/* "−0.67": a signed score with a real minus sign. */
static char *
format_score (double score)
{
  if (score < 0)
    return g_strdup_printf ("−%.2f", -score);
  return g_strdup_printf ("%.2f", score);
}

static void
set_exclusive_class (GtkWidget          *widget,
                     const char * const *classes,
                     const char         *name)
{
  for (guint i = 0; classes[i] != NULL; i++)
    if (g_strcmp0 (classes[i], name) != 0)
      gtk_widget_remove_css_class (widget, classes[i]);
  if (name != NULL)
    gtk_widget_add_css_class (widget, name);
}

static void
update_sentiment (VigilPostRow *self,
                  GString      *description)
{
  static const char * const classes[] = { "negative", "neutral", "positive", NULL };
  VigilPost *post = self->item;
  VigilSentiment shown = VIGIL_SENTIMENT_NONE;
  VigilSentiment override = VIGIL_SENTIMENT_NONE;
  const char *name = NULL;
  g_autofree char *tooltip = NULL;

  g_clear_pointer (&self->sentiment_text, g_free);

  if (post != NULL && (vigil_post_get_classified (post) ||
                       vigil_post_get_sentiment_override (post) != VIGIL_SENTIMENT_NONE))
    {
      shown = vigil_post_get_sentiment (post);
      override = vigil_post_get_sentiment_override (post);
    }

  switch (shown)
    {
    case VIGIL_SENTIMENT_NEGATIVE:
      name = "negative";
      break;
    case VIGIL_SENTIMENT_NEUTRAL:
      name = "neutral";
      break;
    case VIGIL_SENTIMENT_POSITIVE:
      name = "positive";
      break;
    case VIGIL_SENTIMENT_NONE:
    default:
      break;
    }
  set_exclusive_class (self->sentiment_edge, classes, name);

  if (shown != VIGIL_SENTIMENT_NONE && override != VIGIL_SENTIMENT_NONE)
    {
      /* Translators: a post's sentiment that a person chose, e.g. "Negative (set by a person)" */
      self->sentiment_text = g_strdup_printf (_("%s (set by a person)"), vigil_sentiment_get_label (shown));
      if (vigil_post_get_classified (post) &&
          vigil_post_get_computed_sentiment (post) != VIGIL_SENTIMENT_NONE)
        {
          g_autofree char *score = format_score (vigil_post_get_sentiment_compound (post));

          /* Translators: the second line of the sentiment tooltip, e.g.
           * "The classifier said Neutral (−0.02)" */
          tooltip = g_strdup_printf (_("%s\nThe classifier said %s (%s)"), self->sentiment_text,
                                     vigil_sentiment_get_label (vigil_post_get_computed_sentiment (post)),
                                     score);
        }
    }
  else if (shown != VIGIL_SENTIMENT_NONE)
    {
      g_autofree char *score = format_score (vigil_post_get_sentiment_compound (post));

      /* Translators: a post's sentiment and its score, e.g. "Negative (−0.67)" */
      self->sentiment_text = g_strdup_printf (_("%s (%s)"), vigil_sentiment_get_label (shown), score);
    }

  set_tooltip (self->sentiment_edge,
                               tooltip != NULL ? tooltip : self->sentiment_text);
  if (self->sentiment_text != NULL)
    g_string_append_printf (description, "%s. ", self->sentiment_text);

  gtk_widget_set_visible (GTK_WIDGET (self->override_label), override != VIGIL_SENTIMENT_NONE);
  if (override != VIGIL_SENTIMENT_NONE)
    {
      static const char * const override_classes[] = { "negative", "neutral", "positive", NULL };
      const char *text = override == VIGIL_SENTIMENT_NEGATIVE ? C_("post badge", "Marked negative")
                       : override == VIGIL_SENTIMENT_POSITIVE ? C_("post badge", "Marked positive")
                       : C_("post badge", "Marked neutral");

      gtk_label_set_label (self->override_label, text);
      set_tooltip (GTK_WIDGET (self->override_label),
                                   _("A person set this post’s sentiment; press 0 to clear it"));
      set_exclusive_class (GTK_WIDGET (self->override_label), override_classes, name);
    }
}

static GtkWidget *
add_risk_badge (VigilPostRow *self,
                const char   *label,
                const char   *tooltip,
                const char   *css_class)
{
  GtkWidget *badge = gtk_label_new (label);
  GtkWidget *child;

  gtk_widget_add_css_class (badge, "vigil-badge");
  if (css_class != NULL)
    gtk_widget_add_css_class (badge, css_class);
  gtk_label_set_ellipsize (GTK_LABEL (badge), PANGO_ELLIPSIZE_END);
  set_tooltip (badge, tooltip);
  gtk_flow_box_append (self->risk_box, badge);

  child = gtk_widget_get_parent (badge);
  gtk_widget_set_focusable (child, FALSE);
  gtk_widget_set_halign (child, GTK_ALIGN_START);
  return badge;
}

static char *
join_bullets (const char * const *items)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    g_string_append_printf (text, "\n• %s", items[i]);
  return g_string_free (text, FALSE);
}

static void
update_risk (VigilPostRow *self,
             GString      *description)
{
  VigilPost *post = self->item;
  const char * const *categories;
  const char * const *reasons;
  const char * const *words;
  GtkWidget *child;
  gboolean any = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->risk_box))) != NULL)
    gtk_flow_box_remove (self->risk_box, child);

  if (post == NULL || !vigil_post_get_classified (post))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->risk_box), FALSE);
      return;
    }

  reasons = vigil_post_get_impersonation_reasons (post);
  if (vigil_post_get_impersonation_score (post) > 0)
    {
      g_autofree char *bullets = join_bullets (reasons);
      g_autofree char *tooltip = NULL;

      /* Translators: the impersonation badge's tooltip; the reasons follow, one a line */
      tooltip = g_strdup_printf (_("The author may be impersonating one of your official accounts "
                                   "(score %.2f):%s"),
                                 vigil_post_get_impersonation_score (post), bullets);
      add_risk_badge (self, C_("post badge", "Possible impersonation"), tooltip, "impersonation");
      g_string_append_printf (description, "%s. ", C_("post badge", "Possible impersonation"));
      any = TRUE;
    }

  words = vigil_post_get_moderation (post);
  if (words != NULL && words[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) words);
      g_autofree char *tooltip = NULL;

      /* Translators: the moderation badge's tooltip; %s lists the words found */
      tooltip = g_strdup_printf (_("A senior must approve any reply: the post contains %s"), list);
      add_risk_badge (self, C_("post badge", "Needs senior approval"), tooltip, "moderation");
      g_string_append_printf (description, "%s. ", C_("post badge", "Needs senior approval"));
      any = TRUE;
    }

  categories = vigil_post_get_categories (post);
  for (guint i = 0; categories != NULL && categories[i] != NULL; i++)
    {
      g_autofree char *label = vigil_category_get_label (categories[i]);
      g_autofree char *role = vigil_category_get_role (categories[i]);
      g_autofree char *text = NULL;
      g_autofree char *tooltip = NULL;
      g_autofree char *role_class = NULL;
      GtkWidget *badge;

      if (role != NULL)
        {
          /* Translators: a risk category and the role it suggests, "Refund · Customer service" */
          text = g_strdup_printf (_("%s · %s"), label, vigil_role_get_label (role));
          /* Translators: a category badge's tooltip */
          tooltip = g_strdup_printf (_("Risk category “%s”: suggested for %s"), label,
                                     vigil_role_get_label (role));
          role_class = g_strconcat ("role-", role, NULL);
        }
      else
        text = g_strdup (label);
      badge = add_risk_badge (self, text, tooltip != NULL ? tooltip : text, "category");
      if (role_class != NULL)
        gtk_widget_add_css_class (badge, role_class);
      g_string_append_printf (description, "%s. ", text);
      any = TRUE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->risk_box), any);
}

static void
update_counts (VigilPostRow *self)
{
  VigilPost *post = self->item;
  guint copies = post != NULL ? vigil_post_get_duplicate_count (post) : 0;
  gint64 reach = post != NULL ? vigil_post_get_reach (post) : -1;
  gint64 followers = post != NULL ? vigil_post_get_author_followers (post) : -1;

  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_label), copies > 1);
  if (copies > 1)
    {
      g_autofree char *count = g_strdup_printf ("%'u", copies);
      g_autofree char *text = g_strdup_printf (C_("duplicates badge", "×%s"), count);
      g_autofree char *tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%s copy of this text (reposts, quotes "
                                                               "and copies) has been archived",
                                                               "%s copies of this text (reposts, quotes "
                                                               "and copies) have been archived",
                                                               copies),
                                                  count);

      gtk_label_set_label (self->duplicates_label, text);
      set_tooltip (GTK_WIDGET (self->duplicates_label), tooltip);
    }

  if (post != NULL && vigil_post_get_classified (post) && reach > 0)
    {
      double ots = vigil_post_get_ots (post);
      g_autofree char *reach_text = vigil_format_compact_count (reach);
      g_autofree char *full_reach = g_strdup_printf ("%'" G_GINT64_FORMAT, reach);
      g_autofree char *text = NULL;
      g_autofree char *tooltip = NULL;

      if (ots >= 0)
        {
          g_autofree char *ots_text = vigil_format_compact_count (ots);
          g_autofree char *full_ots = g_strdup_printf ("%'.0f", floor (ots));

          /* Translators: "Reach 56k · OTS 5.6k"; OTS = opportunities to see */
          text = g_strdup_printf (_("Reach %s · OTS %s"), reach_text, ots_text);
          tooltip = g_strdup_printf (_("Reach: %s people (the author’s followers and the reposters’, "
                                       "where known)\nReal opportunities to see (OTS): %s"),
                                     full_reach, full_ots);
        }
      else
        {
          text = g_strdup_printf (_("Reach %s"), reach_text);
          tooltip = g_strdup_printf (_("Reach: %s people (the author’s followers and the reposters’, "
                                       "where known)"),
                                     full_reach);
        }
      gtk_label_set_label (self->followers_label, text);
      set_tooltip (GTK_WIDGET (self->followers_label), tooltip);
    }
  else if (followers > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, followers);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s follower",
                                                            "%s followers", followers),
                                               count);
      gtk_label_set_label (self->followers_label, text);
      set_tooltip (GTK_WIDGET (self->followers_label), NULL);
    }
  else
    {
      gtk_label_set_label (self->followers_label, "");
      set_tooltip (GTK_WIDGET (self->followers_label), NULL);
    }
}

static void
update_annotations (VigilPostRow *self)
{
  g_autoptr(GString) description = g_string_new (NULL);

  update_sentiment (self, description);
  update_risk (self, description);
  update_counts (self);
  if (gtk_widget_get_visible (GTK_WIDGET (self->duplicates_label)))
    g_string_append_printf (description, "%s. ",
                            get_tooltip (GTK_WIDGET (self->duplicates_label)));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str,
                                  -1);
}

static void
update (VigilPostRow *self)
{
  VigilPost *post = self->item;
  const char *author, *name, *lang;
  g_autofree char *handle = NULL;
  g_autofree char *upper_lang = NULL;

  if (post == NULL)
    {
      gtk_label_set_label (self->name_label, "");
      gtk_label_set_label (self->handle_label, "");
      gtk_label_set_label (self->text_label, "");
      gtk_label_set_label (self->followers_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->lang_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->edited_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->deleted_label), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "deleted");
      update_annotations (self);
      update_time (self);
      return;
    }

  author = vigil_post_get_author (post);
  name = vigil_post_get_author_name (post);
  if (name == NULL || *name == '\0')
    name = author != NULL ? author : _("Unknown author");

  gtk_label_set_label (self->name_label, name);
  adw_avatar_set_text (self->avatar, name);

  if (author != NULL && *author != '\0' && vigil_post_get_platform (post) != VIGIL_PLATFORM_FEED)
    handle = g_strconcat ("@", author, NULL);
  else if (author != NULL)
    handle = g_strdup (author);
  gtk_label_set_label (self->handle_label, handle != NULL ? handle : "");
  set_tooltip (GTK_WIDGET (self->handle_label), handle);

  gtk_label_set_label (self->text_label,
                       vigil_post_get_text (post) != NULL ? vigil_post_get_text (post) : "");

  gtk_label_set_label (self->platform_label, platform_label (vigil_post_get_platform (post)));
  set_platform_class (self, vigil_post_get_platform_name (post));

  lang = vigil_post_get_lang (post);
  if (lang != NULL && *lang != '\0')
    upper_lang = g_ascii_strup (lang, -1);
  gtk_label_set_label (self->lang_label, upper_lang != NULL ? upper_lang : "");
  gtk_widget_set_visible (GTK_WIDGET (self->lang_label), upper_lang != NULL);
  if (upper_lang != NULL)
    {
      g_autofree char *language = vigil_language_get_name (lang);

      set_tooltip (GTK_WIDGET (self->lang_label), language);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->edited_label), vigil_post_get_edited (post));
  gtk_widget_set_visible (GTK_WIDGET (self->deleted_label), vigil_post_get_deleted (post));
  if (vigil_post_get_deleted (post))
    gtk_widget_add_css_class (GTK_WIDGET (self), "deleted");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "deleted");

  update_annotations (self);
  update_time (self);
}

GtkWidget *
vigil_post_row_new (void)
{
  return g_object_new (VIGIL_TYPE_POST_ROW, NULL);
}

VigilPost *
vigil_post_row_get_item (VigilPostRow *self)
{
  g_return_val_if_fail (VIGIL_IS_POST_ROW (self), NULL);
  return self->item;
}

void
vigil_post_row_set_item (VigilPostRow *self,
                         VigilPost    *item)
{
  g_return_if_fail (VIGIL_IS_POST_ROW (self));
  g_return_if_fail (item == NULL || VIGIL_IS_POST (item));

  /* Posts are snapshots of the archive: an edit or deletion arrives as
   * a new post object from the model, so there is nothing to follow. */
  if (!g_set_object (&self->item, item))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

guint
vigil_post_row_get_position (VigilPostRow *self)
{
  g_return_val_if_fail (VIGIL_IS_POST_ROW (self), GTK_INVALID_LIST_POSITION);
  return self->position;
}

void
vigil_post_row_set_position (VigilPostRow *self,
                             guint         position)
{
  g_return_if_fail (VIGIL_IS_POST_ROW (self));

  if (self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

const char *
vigil_post_row_get_sentiment_text (VigilPostRow *self)
{
  g_return_val_if_fail (VIGIL_IS_POST_ROW (self), NULL);
  return self->sentiment_text;
}

const char *
vigil_post_row_get_sentiment_class (VigilPostRow *self)
{
  static const char * const classes[] = { "negative", "neutral", "positive" };

  g_return_val_if_fail (VIGIL_IS_POST_ROW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (gtk_widget_has_css_class (self->sentiment_edge, classes[i]))
      return classes[i];
  return NULL;
}

static void
collect_badge (GPtrArray *badges,
               GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      gtk_widget_has_css_class (widget, "vigil-badge"))
    g_ptr_array_add (badges, g_strdup (gtk_label_get_label (GTK_LABEL (widget))));
}

char **
vigil_post_row_dup_badges (VigilPostRow *self)
{
  GPtrArray *badges = g_ptr_array_new ();
  GtkWidget *meta;

  g_return_val_if_fail (VIGIL_IS_POST_ROW (self), NULL);

  meta = gtk_widget_get_parent (GTK_WIDGET (self->platform_label));
  for (GtkWidget *child = gtk_widget_get_first_child (meta); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_badge (badges, child);
  if (gtk_widget_get_visible (GTK_WIDGET (self->risk_box)))
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->risk_box)); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      collect_badge (badges, gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)));
  g_ptr_array_add (badges, NULL);
  return (char **) g_ptr_array_free (badges, FALSE);
}

static const char *
find_badge_tooltip (GtkWidget  *widget,
                    const char *label)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), label) == 0)
    return get_tooltip (widget);
  return NULL;
}

const char *
vigil_post_row_get_badge_tooltip (VigilPostRow *self,
                                  const char   *label)
{
  const char *tooltip = NULL;
  GtkWidget *meta;

  g_return_val_if_fail (VIGIL_IS_POST_ROW (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);

  meta = gtk_widget_get_parent (GTK_WIDGET (self->platform_label));
  for (GtkWidget *child = gtk_widget_get_first_child (meta); child != NULL && tooltip == NULL;
       child = gtk_widget_get_next_sibling (child))
    tooltip = find_badge_tooltip (child, label);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->risk_box));
       child != NULL && tooltip == NULL; child = gtk_widget_get_next_sibling (child))
    tooltip = find_badge_tooltip (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child)), label);
  return tooltip;
}

const char *
vigil_post_row_get_counts_text (VigilPostRow *self)
{
  g_return_val_if_fail (VIGIL_IS_POST_ROW (self), NULL);
  return gtk_label_get_label (self->followers_label);
}

static void
vigil_post_row_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vigil_post_row_parent_class)->map (widget);

  update_time (VIGIL_POST_ROW (widget));
  g_ptr_array_add (mapped_rows, widget);
  if (time_refresh_id == 0)
    {
      time_refresh_id = g_timeout_add_seconds (TIME_REFRESH_SECONDS, refresh_times_cb, NULL);
      g_source_set_name_by_id (time_refresh_id, "[vigil] post row times");
    }
}

static void
vigil_post_row_unmap (GtkWidget *widget)
{
  g_ptr_array_remove_fast (mapped_rows, widget);
  if (mapped_rows->len == 0)
    g_clear_handle_id (&time_refresh_id, g_source_remove);

  GTK_WIDGET_CLASS (vigil_post_row_parent_class)->unmap (widget);
}

static void
vigil_post_row_dispose (GObject *object)
{
  VigilPostRow *self = (VigilPostRow *) object;

  vigil_post_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_POST_ROW);
  g_clear_pointer (&self->sentiment_text, g_free);

  G_OBJECT_CLASS (vigil_post_row_parent_class)->dispose (object);
}

static void
vigil_post_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VigilPostRow *self = VIGIL_POST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_post_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  VigilPostRow *self = VIGIL_POST_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      vigil_post_row_set_item (self, g_value_get_object (value));
      break;
    case PROP_POSITION:
      vigil_post_row_set_position (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_post_row_class_init (VigilPostRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_post_row_dispose;
  object_class->get_property = vigil_post_row_get_property;
  object_class->set_property = vigil_post_row_set_property;
  widget_class->map = vigil_post_row_map;
  widget_class->unmap = vigil_post_row_unmap;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, VIGIL_TYPE_POST,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The item's position in the list (bound from GtkListItem:position), so
   * that a context menu knows which item to select. */
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  mapped_rows = g_ptr_array_new ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/feed/vigil-post-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, handle_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, platform_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, lang_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, edited_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, deleted_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, followers_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, sentiment_edge);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, duplicates_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, override_label);
  gtk_widget_class_bind_template_child (widget_class, VigilPostRow, risk_box);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vigil_post_row_init (VigilPostRow *self)
{
  self->position = GTK_INVALID_LIST_POSITION;
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
