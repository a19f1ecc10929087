/* vigil-dossier-view.c: one dossier: review, releases, audit
 *
 * Review shows one item's original (the researcher may read it; the
 * selectors never do) with the suggestions highlighted: pending ones in
 * yellow, removed ones struck through, kept ones plain. The current
 * suggestion is underlined and named in the action bar; A removes it, R
 * keeps it, N and P move between suggestions, M removes the selected
 * text. "Release to Selection" is possible only when nothing is pending.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-dossier-view"

#include "config.h"

#include <glib/gi18n.h>

#include "vigil-dossier-view-private.h"

G_DEFINE_FINAL_TYPE (VigilDossierView, vigil_dossier_view, ADW_TYPE_BIN)

enum { PROP_0, PROP_SERVICE, PROP_DOSSIER, N_PROPS };
static GParamSpec *properties[N_PROPS];

void
vigil_dossier_view_toast (VigilDossierView *self,
                          const char       *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
_vigil_dossier_view_show_error (VigilDossierView *self,
                                const GError     *error)
{
  vigil_dossier_view_toast (self, error->message);
}

static const VigilDossierItem *
current_item (VigilDossierView *self)
{
  return self->dossier ? vigil_dossier_get_item (self->dossier, self->item) : NULL;
}

static const VigilDossierSpan *
find_span (const VigilDossierItem *item,
           guint                   id)
{
  for (guint i = 0; item && i < item->spans->len; i++)
    if (g_array_index (item->spans, VigilDossierSpan, i).id == id)
      return &g_array_index (item->spans, VigilDossierSpan, i);
  return NULL;
}

/* The next pending suggestion at or after position (wrapping), in item. */
static guint
next_pending (const VigilDossierItem *item,
              guint                   after_start,
              gboolean                inclusive)
{
  guint first = 0;

  for (guint i = 0; item && i < item->spans->len; i++)
    {
      const VigilDossierSpan *sp = &g_array_index (item->spans, VigilDossierSpan, i);

      if (sp->state != VIGIL_SUGGESTION_PENDING)
        continue;
      if (!first)
        first = sp->id;
      if (inclusive ? sp->start >= after_start : sp->start > after_start)
        return sp->id;
    }
  return first;
}

static void
update_actions (VigilDossierView *self)
{
  const VigilDossierItem *item = current_item (self);
  gboolean have = self->dossier != NULL;
  gboolean open = have && self->unlocked && !vigil_dossier_get_originals_deleted (self->dossier);
  const VigilDossierSpan *cur = find_span (item, self->current);
  gboolean pending_here = cur && cur->state == VIGIL_SUGGESTION_PENDING;
  guint pending = have ? vigil_dossier_get_n_pending (self->dossier) : 0;
  gboolean has_release = have && vigil_dossier_get_n_releases (self->dossier) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.accept", open && cur && cur->category != VIGIL_REDACTION_MANUAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.reject", open && cur && cur->category != VIGIL_REDACTION_MANUAL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.next", open && item && item->spans->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.previous", open && item && item->spans->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.mark-selection", open && item && item->has_text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.accept-all", open && pending > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.release",
                                 open && pending == 0 && vigil_dossier_get_n_items (self->dossier) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.add-text", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.add-image", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.import-file", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.add-archived", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.describe-image",
                                 open && item && g_str_equal (item->kind, "image"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.export-pdf", has_release);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.export-text", has_release);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.export-audit", have);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "research.unlock",
                                 have && !self->unlocked && !vigil_dossier_get_originals_deleted (self->dossier));
  (void) pending_here;

  if (!have)
    gtk_widget_set_tooltip_text (self->release_button, NULL);
  else if (pending > 0)
    {
      g_autofree char *tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u suggestion is still pending",
                                                           "%u suggestions are still pending", pending),
                                              pending);
      gtk_widget_set_tooltip_text (self->release_button, tip);
    }
  else
    gtk_widget_set_tooltip_text (self->release_button, _("Release the redacted text to the selection team (Ctrl+Return)"));
}

static void
show_suggestion_label (VigilDossierView *self)
{
  const VigilDossierItem *item = current_item (self);
  const VigilDossierSpan *cur = find_span (item, self->current);
  guint pending = self->dossier ? vigil_dossier_get_n_pending (self->dossier) : 0;
  g_autofree char *text = NULL;

  if (self->dossier && !self->unlocked)
    text = g_strdup (_("Releases and the audit remain available on their tabs."));
  else if (cur)
    {
      const char *state = cur->state == VIGIL_SUGGESTION_PENDING ? _("pending")
                        : cur->state == VIGIL_SUGGESTION_ACCEPTED ? _("removed") : _("kept");
      g_autofree char *left = pending ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pending", "%u pending", pending), pending)
                                      : g_strdup (_("nothing pending"));
      text = g_strdup_printf ("%s — %s (%s) · %s",
                              vigil_redaction_category_to_label (cur->category), cur->reason, state, left);
    }
  else if (self->dossier && vigil_dossier_get_n_items (self->dossier) > 0)
    text = pending ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u suggestion pending", "%u suggestions pending", pending), pending)
                   : g_strdup (_("Nothing pending: ready to release"));
  gtk_label_set_label (self->suggestion_label, text ? text : "");
}

static void
ensure_tags (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

  if (gtk_text_tag_table_lookup (table, "pending"))
    return;
  gtk_text_buffer_create_tag (buffer, "pending", "background", "rgba(246,211,45,0.45)", NULL);
  gtk_text_buffer_create_tag (buffer, "accepted", "background", "rgba(224,27,36,0.25)",
                              "strikethrough", TRUE, NULL);
  gtk_text_buffer_create_tag (buffer, "rejected", "underline", PANGO_UNDERLINE_SINGLE,
                              "underline-rgba", &(GdkRGBA) { 0.5, 0.5, 0.5, 0.8 }, NULL);
  gtk_text_buffer_create_tag (buffer, "current", "underline", PANGO_UNDERLINE_DOUBLE,
                              "weight", PANGO_WEIGHT_BOLD, NULL);
}

static void
show_text (VigilDossierView *self)
{
  const VigilDossierItem *item = current_item (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  guint offset = 0;

  if (!self->dossier || vigil_dossier_get_n_items (self->dossier) == 0)
    {
      gtk_stack_set_visible_child_name (self->text_stack, "empty");
      return;
    }
  if (!self->unlocked || vigil_dossier_get_originals_deleted (self->dossier))
    {
      gtk_stack_set_visible_child_name (self->text_stack, "locked");
      return;
    }
  if (!item)
    return;
  if (!(text = vigil_dossier_service_get_item_text (self->service, self->dossier, self->item, &url, &error)))
    {
      adw_status_page_set_description (self->locked_status, error->message);
      gtk_stack_set_visible_child_name (self->text_stack, "locked");
      return;
    }
  ensure_tags (buffer);
  if (!item->has_text)
    {
      gtk_text_buffer_set_text (buffer, _("Image withheld from the selection team. Describe what is relevant "
                                          "for the role with Describe Image; the description goes through "
                                          "the same checks."), -1);
      gtk_stack_set_visible_child_name (self->text_stack, "text");
      return;
    }
  gtk_text_buffer_set_text (buffer, text, -1);
  if (url && *url)
    {
      GtkTextIter end;
      g_autofree char *source = g_strdup_printf ("\n\n%s %s", _("Source:"), url);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, source, -1, "rejected", NULL);
    }
  for (guint i = 0; i < item->spans->len; i++)
    {
      const VigilDossierSpan *sp = &g_array_index (item->spans, VigilDossierSpan, i);
      GtkTextIter a, b;
      const char *tag = sp->state == VIGIL_SUGGESTION_PENDING ? "pending"
                      : sp->state == VIGIL_SUGGESTION_ACCEPTED ? "accepted" : "rejected";

      gtk_text_buffer_get_iter_at_offset (buffer, &a, sp->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &b, sp->end);
      gtk_text_buffer_apply_tag_by_name (buffer, tag, &a, &b);
      if (sp->id == self->current)
        {
          gtk_text_buffer_apply_tag_by_name (buffer, "current", &a, &b);
          offset = sp->start;
        }
    }
  gtk_stack_set_visible_child_name (self->text_stack, "text");
  if (self->current)
    {
      GtkTextIter at;
      gtk_text_buffer_get_iter_at_offset (buffer, &at, offset);
      gtk_text_view_scroll_to_iter (self->text_view, &at, 0.2, FALSE, 0, 0);
    }
}

static GtkWidget *
make_row (const char *title,
          const char *subtitle)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *t = gtk_label_new (title);
  GtkWidget *s = gtk_label_new (subtitle);

  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_label_set_ellipsize (GTK_LABEL (t), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (s), 0);
  gtk_label_set_ellipsize (GTK_LABEL (s), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (s, "dim-label");
  gtk_widget_add_css_class (s, "caption");
  gtk_box_append (GTK_BOX (box), t);
  gtk_box_append (GTK_BOX (box), s);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

static void
fill_items (VigilDossierView *self)
{
  GtkWidget *child;
  guint n = self->dossier ? vigil_dossier_get_n_items (self->dossier) : 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->items_list))))
    gtk_list_box_remove (self->items_list, child);
  for (guint i = 1; i <= n; i++)
    {
      const VigilDossierItem *item = vigil_dossier_get_item (self->dossier, i);
      g_autofree char *title = *item->platform ? g_strdup_printf (_("Item %u · %s"), i, item->platform)
                                              : g_strdup_printf (_("Item %u · %s"), i, item->kind);
      guint pending = 0;
      g_autofree char *subtitle = NULL;

      for (guint k = 0; k < item->spans->len; k++)
        pending += g_array_index (item->spans, VigilDossierSpan, k).state == VIGIL_SUGGESTION_PENDING;
      if (!item->has_text)
        subtitle = g_strdup (_("Image withheld — describe relevant content in text"));
      else if (pending)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pending", "%u pending", pending), pending);
      else
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u span removed or kept", "%u spans removed or kept",
                                                 item->spans->len), item->spans->len);
      gtk_list_box_append (self->items_list, make_row (title, subtitle));
    }
  if (self->item > n)
    self->item = n;
  if (self->item == 0 && n > 0)
    self->item = 1;
  if (self->item)
    gtk_list_box_select_row (self->items_list, gtk_list_box_get_row_at_index (self->items_list, self->item - 1));
}

static void
fill_releases (VigilDossierView *self)
{
  GtkWidget *child;
  guint n = self->dossier ? vigil_dossier_get_n_releases (self->dossier) : 0;
  const VigilDossierRelease *shown;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->releases_list))))
    gtk_list_box_remove (self->releases_list, child);
  for (guint i = n; i >= 1; i--)
    {
      const VigilDossierRelease *r = vigil_dossier_get_release (self->dossier, i);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (r->at_us / G_USEC_PER_SEC);
      g_autofree char *when = g_date_time_format (dt, "%x %H:%M");
      g_autofree char *title = g_strdup_printf (_("Release %u"), i);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", when, r->actor);

      gtk_list_box_append (self->releases_list, make_row (title, subtitle));
    }
  if (self->release == 0 || self->release > n)
    self->release = n;
  shown = self->release ? vigil_dossier_get_release (self->dossier, self->release) : NULL;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->release_view),
                            shown ? shown->text : "", -1);
  if (self->release)
    gtk_list_box_select_row (self->releases_list, gtk_list_box_get_row_at_index (self->releases_list, n - self->release));
}

static void
fill_audit (VigilDossierView *self)
{
  g_autofree char *text = self->dossier ? vigil_dossier_service_format_audit (self->service, self->dossier) : NULL;
  g_autoptr(GError) error = NULL;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->audit_view), text ? text : "", -1);
  if (!self->dossier)
    gtk_label_set_label (self->chain_label, "");
  else if (vigil_dossier_verify_audit (vigil_dossier_get_audit (self->dossier), NULL, &error))
    {
      g_autofree char *ok = g_strdup_printf (_("Hash chain intact · %u entries"),
                                             vigil_dossier_get_audit (self->dossier)->len);
      gtk_label_set_label (self->chain_label, ok);
    }
  else
    gtk_label_set_label (self->chain_label, error->message);
}

static void
fill_header (VigilDossierView *self)
{
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  gint64 retention;

  if (!self->dossier)
    return;
  retention = vigil_dossier_get_retention_us (self->dossier);
  until = g_date_time_new_from_unix_local (retention / G_USEC_PER_SEC);
  date = g_date_time_format (until, "%x");
  title = g_strdup_printf (_("Candidate %s"), vigil_dossier_get_candidate (self->dossier));
  if (vigil_dossier_get_originals_deleted (self->dossier))
    subtitle = g_strdup_printf (_("%s · originals deleted on %s"), vigil_dossier_get_purpose (self->dossier), date);
  else
    subtitle = g_strdup_printf (_("%s · originals kept until %s"), vigil_dossier_get_purpose (self->dossier), date);
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle);

  {
    gint64 now = vigil_context_now_us (vigil_dossier_service_get_context (self->service));
    gboolean due = !vigil_dossier_get_originals_deleted (self->dossier) &&
                   now >= retention - VIGIL_DOSSIER_REMINDER_US;
    if (due)
      {
        g_autofree char *msg = g_strdup_printf (_("The originals of this dossier will be deleted on %s (retention). "
                                                  "Release what the selection team needs before then."), date);
        gtk_label_set_label (self->retention_label, msg);
      }
    gtk_revealer_set_reveal_child (self->retention_revealer, due);
  }
}

void
_vigil_dossier_view_refresh (VigilDossierView *self)
{
  const VigilDossierItem *item;
  const VigilDossierSpan *cur;

  fill_header (self);
  fill_items (self);
  item = current_item (self);
  cur = find_span (item, self->current);
  if (!cur || cur->state != VIGIL_SUGGESTION_PENDING)
    {
      guint next = next_pending (item, cur ? cur->start : 0, cur == NULL);
      if (next || !cur)
        self->current = next;
    }
  show_text (self);
  show_suggestion_label (self);
  fill_releases (self);
  fill_audit (self);
  update_actions (self);
}

static void
unlocked_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VigilDossierView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vigil_dossier_service_unlock_finish (VIGIL_DOSSIER_SERVICE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->unlocked = FALSE;
      gtk_label_set_label (self->key_label, error->message);
      adw_status_page_set_description (self->locked_status, error->message);
      gtk_revealer_set_reveal_child (self->key_revealer, TRUE);
    }
  else
    {
      self->unlocked = TRUE;
      gtk_revealer_set_reveal_child (self->key_revealer, FALSE);
    }
  _vigil_dossier_view_refresh (self);
}

void
_vigil_dossier_view_unlock (VigilDossierView *self)
{
  if (!self->dossier)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  vigil_dossier_service_unlock_async (self->service, self->dossier, self->cancellable,
                                      unlocked_cb, g_object_ref (self));
}

void
vigil_dossier_view_set_dossier (VigilDossierView *self,
                                VigilDossier     *dossier)
{
  g_return_if_fail (VIGIL_IS_DOSSIER_VIEW (self));

  if (!g_set_object (&self->dossier, dossier))
    return;
  g_signal_group_set_target (self->dossier_signals, dossier);
  self->item = dossier && vigil_dossier_get_n_items (dossier) ? 1 : 0;
  self->current = 0;
  self->release = 0;
  self->unlocked = dossier && self->service && vigil_dossier_service_is_unlocked (self->service, dossier);
  gtk_revealer_set_reveal_child (self->key_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->view_stack,
                                    dossier && vigil_dossier_get_originals_deleted (dossier) ? "releases" : "review");
  _vigil_dossier_view_refresh (self);
  if (dossier && !self->unlocked)
    {
      if (vigil_dossier_get_originals_deleted (dossier))
        {
          g_autoptr(GError) error = g_error_new_literal (VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_DELETED,
                                                         _("The originals of this dossier were deleted on its retention date; "
                                                           "only the releases and the audit remain."));
          gtk_label_set_label (self->key_label, error->message);
          adw_status_page_set_description (self->locked_status, error->message);
          gtk_revealer_set_reveal_child (self->key_revealer, TRUE);
        }
      else
        _vigil_dossier_view_unlock (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOSSIER]);
}

VigilDossier *
vigil_dossier_view_get_dossier (VigilDossierView *self)
{
  return self->dossier;
}

void
vigil_dossier_view_set_service (VigilDossierView    *self,
                                VigilDossierService *service)
{
  if (!g_set_object (&self->service, service))
    return;
  {
    VigilContext *owner = service ? vigil_dossier_service_get_context (service) : NULL;
    g_set_object (&self->context, owner);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);
}

guint vigil_dossier_view_get_item (VigilDossierView *self) { return self->item; }
guint vigil_dossier_view_get_current (VigilDossierView *self) { return self->current; }
gboolean vigil_dossier_view_get_unlocked (VigilDossierView *self) { return self->unlocked; }

void
vigil_dossier_view_select_item (VigilDossierView *self,
                                guint             item)
{
  if (!self->dossier || item < 1 || item > vigil_dossier_get_n_items (self->dossier) || item == self->item)
    return;
  self->item = item;
  self->current = 0;
  _vigil_dossier_view_refresh (self);
}

char *
vigil_dossier_view_get_release_text (VigilDossierView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->release_view);
  GtkTextIter a, b;

  gtk_text_buffer_get_bounds (buffer, &a, &b);
  return gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
}

static void
on_item_selected (GtkListBox       *list,
                  GtkListBoxRow    *row,
                  VigilDossierView *self)
{
  if (row)
    vigil_dossier_view_select_item (self, gtk_list_box_row_get_index (row) + 1);
}

static void
on_release_selected (GtkListBox       *list,
                     GtkListBoxRow    *row,
                     VigilDossierView *self)
{
  guint n = self->dossier ? vigil_dossier_get_n_releases (self->dossier) : 0;
  const VigilDossierRelease *r;

  if (!row || !n)
    return;
  self->release = n - gtk_list_box_row_get_index (row);
  r = vigil_dossier_get_release (self->dossier, self->release);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->release_view), r ? r->text : "", -1);
}

static void
vigil_dossier_view_dispose (GObject *object)
{
  VigilDossierView *self = VIGIL_DOSSIER_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->dossier_signals)
    g_signal_group_set_target (self->dossier_signals, NULL);
  g_clear_object (&self->dossier_signals);
  g_clear_object (&self->dossier);
  g_clear_object (&self->service);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (vigil_dossier_view_parent_class)->dispose (object);
}

static void
vigil_dossier_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  VigilDossierView *self = VIGIL_DOSSIER_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVICE: g_value_set_object (value, self->service); break;
    case PROP_DOSSIER: g_value_set_object (value, self->dossier); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_dossier_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  VigilDossierView *self = VIGIL_DOSSIER_VIEW (object);

  switch (prop_id)
    {
    case PROP_SERVICE: vigil_dossier_view_set_service (self, g_value_get_object (value)); break;
    case PROP_DOSSIER: vigil_dossier_view_set_dossier (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_dossier_view_class_init (VigilDossierViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_dossier_view_dispose;
  object_class->get_property = vigil_dossier_view_get_property;
  object_class->set_property = vigil_dossier_view_set_property;

  properties[PROP_SERVICE] = g_param_spec_object ("service", NULL, NULL, VIGIL_TYPE_DOSSIER_SERVICE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOSSIER] = g_param_spec_object ("dossier", NULL, NULL, VIGIL_TYPE_DOSSIER,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/vigilapp/Vigil/redaction/vigil-dossier-view.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, key_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, key_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, retention_revealer);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, retention_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, title_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, items_list);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, text_stack);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, text_view);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, locked_status);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, suggestion_label);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, release_button);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, releases_list);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, release_view);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, audit_view);
  gtk_widget_class_bind_template_child (widget_class, VigilDossierView, chain_label);
  gtk_widget_class_bind_template_callback (widget_class, on_item_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_release_selected);
  _vigil_dossier_view_class_init_actions (widget_class);
}

static void
vigil_dossier_view_init (VigilDossierView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->dossier_signals = g_signal_group_new (VIGIL_TYPE_DOSSIER);
  g_signal_group_connect_swapped (self->dossier_signals, "notify::n-pending",
                                  G_CALLBACK (_vigil_dossier_view_refresh), self);
  g_signal_group_connect_swapped (self->dossier_signals, "notify::n-items",
                                  G_CALLBACK (_vigil_dossier_view_refresh), self);
  g_signal_group_connect_swapped (self->dossier_signals, "notify::n-releases",
                                  G_CALLBACK (_vigil_dossier_view_refresh), self);
  g_signal_group_connect_swapped (self->dossier_signals, "notify::originals-deleted",
                                  G_CALLBACK (_vigil_dossier_view_refresh), self);
  update_actions (self);
}
