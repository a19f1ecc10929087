/* vigil-post-row.c: one post in the feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-post-row"

#include "config.h"

#include <glib/gi18n.h>

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
};

G_DEFINE_FINAL_TYPE (VigilPostRow, vigil_post_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ITEM,
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
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->time_label), absolute);
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

static void
update (VigilPostRow *self)
{
  VigilPost *post = self->item;
  const char *author, *name, *lang;
  g_autofree char *handle = NULL;
  g_autofree char *upper_lang = NULL;
  gint64 followers;

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
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->handle_label), handle);

  gtk_label_set_label (self->text_label,
                       vigil_post_get_text (post) != NULL ? vigil_post_get_text (post) : "");

  gtk_label_set_label (self->platform_label, platform_label (vigil_post_get_platform (post)));
  set_platform_class (self, vigil_post_get_platform_name (post));

  lang = vigil_post_get_lang (post);
  if (lang != NULL && *lang != '\0')
    upper_lang = g_ascii_strup (lang, -1);
  gtk_label_set_label (self->lang_label, upper_lang != NULL ? upper_lang : "");
  gtk_widget_set_visible (GTK_WIDGET (self->lang_label), upper_lang != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->lang_label), _("Language of the post"));

  gtk_widget_set_visible (GTK_WIDGET (self->edited_label), vigil_post_get_edited (post));
  gtk_widget_set_visible (GTK_WIDGET (self->deleted_label), vigil_post_get_deleted (post));
  if (vigil_post_get_deleted (post))
    gtk_widget_add_css_class (GTK_WIDGET (self), "deleted");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "deleted");

  followers = vigil_post_get_author_followers (post);
  if (followers > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GINT64_FORMAT, followers);
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s follower",
                                                            "%s followers", followers),
                                               count);
      gtk_label_set_label (self->followers_label, text);
    }
  else
    gtk_label_set_label (self->followers_label, "");

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
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
vigil_post_row_init (VigilPostRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
