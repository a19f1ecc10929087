/* vigil-case-card.c: one case on the triage board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-case-card"

#include "config.h"

#include <glib/gi18n.h>

#include "feed/vigil-annotation-labels.h"
#include "vigil-case-card.h"

struct _VigilCaseCard
{
  AdwBin          parent_instance;

  VigilCaseBoard *board;
  VigilCase      *kase;
  GSignalGroup   *signals;

  GtkLabel       *severity_label;
  GtkLabel       *author_label;
  GtkLabel       *sla_label;
  GtkLabel       *text_label;
  GtkLabel       *meta_label;
  GtkLabel       *suggestion_label;
  GtkLabel       *person_label;
  GtkLabel       *claim_label;
};

G_DEFINE_FINAL_TYPE (VigilCaseCard, vigil_case_card, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const sla_classes[] = { "none", "green", "amber", "red" };
static const char * const severity_classes[] = { "low", "medium", "high", "crisis" };

static void
set_class_from (GtkWidget          *widget,
                const char * const *classes,
                guint               n,
                guint               current)
{
  for (guint i = 0; i < n; i++)
    if (i == current)
      gtk_widget_add_css_class (widget, classes[i]);
    else
      gtk_widget_remove_css_class (widget, classes[i]);
}

static const char *
role_name (VigilCaseCard *self,
           const char    *id)
{
  VigilTriageRole *role = self->board ? vigil_case_board_find_role (self->board, id) : NULL;

  return role ? vigil_triage_role_get_name (role) : id;
}

const char *
vigil_case_card_platform_label (VigilPost *post)
{
  switch (vigil_post_get_platform (post))
    {
    case VIGIL_PLATFORM_MASTODON: return "Mastodon";
    case VIGIL_PLATFORM_BLUESKY: return "Bluesky";
    case VIGIL_PLATFORM_FEED: return _("Feed");
    case VIGIL_PLATFORM_DRILL: return _("Drill");
    case VIGIL_PLATFORM_UNKNOWN:
    default:
      return _("Unknown source");
    }
}

static char *
describe_post (VigilPost *post,
               VigilCase *kase)
{
  g_autoptr(GString) meta = g_string_new (NULL);
  const char * const *categories = vigil_post_get_categories (post);
  const char *sentiment = vigil_sentiment_get_label (vigil_post_get_sentiment (post));

  g_string_append (meta, vigil_case_card_platform_label (post));
  if (sentiment)
    g_string_append_printf (meta, " · %s", sentiment);
  for (guint i = 0; categories && categories[i] && i < 3; i++)
    {
      g_autofree char *label = vigil_category_get_label (categories[i]);
      g_string_append_printf (meta, i == 0 ? " · %s" : ", %s", label);
    }
  if (vigil_post_get_reach (post) >= 0)
    {
      g_autofree char *reach = vigil_format_compact_count (vigil_post_get_reach (post));
      g_string_append (meta, " · ");
      /* Translators: how many people a post can reach, "reach 12k" */
      g_string_append_printf (meta, _("reach %s"), reach);
    }
  if (vigil_post_get_duplicate_count (post) > 1)
    g_string_append_printf (meta, " · ×%u", vigil_post_get_duplicate_count (post));
  if (vigil_case_get_moderation (kase))
    g_string_append_printf (meta, " · %s", _("moderation"));
  if (vigil_post_get_impersonation_score (post) > 0)
    g_string_append_printf (meta, " · %s", _("impersonation?"));
  return g_string_free (g_steal_pointer (&meta), FALSE);
}

static void
refresh (VigilCaseCard *self)
{
  VigilCase *kase = self->kase;
  VigilPost *post;
  const char *suggested, *person, *claimed;
  VigilCaseState state;

  if (kase == NULL)
    return;

  post = vigil_case_get_post (kase);
  state = vigil_case_get_state (kase);
  gtk_label_set_label (self->severity_label, vigil_severity_get_label (vigil_case_get_severity (kase)));
  set_class_from (GTK_WIDGET (self->severity_label), severity_classes, G_N_ELEMENTS (severity_classes),
                  vigil_case_get_severity (kase));

  if (post)
    {
      g_autofree char *meta = describe_post (post, kase);
      const char *name = vigil_post_get_author_name (post);

      gtk_label_set_label (self->author_label, name && *name ? name : vigil_post_get_author (post));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->author_label), vigil_post_get_author (post));
      gtk_label_set_label (self->text_label, vigil_post_get_text (post) ? vigil_post_get_text (post) : "");
      gtk_label_set_label (self->meta_label, meta);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("Case %s"), vigil_case_get_id (kase));

      gtk_label_set_label (self->author_label, title);
      gtk_label_set_label (self->text_label, _("The post is not in this archive."));
      gtk_label_set_label (self->meta_label, "");
    }

  gtk_label_set_label (self->sla_label, vigil_case_get_sla_text (kase) ? vigil_case_get_sla_text (kase)
                                                                       : vigil_case_state_get_label (state));
  set_class_from (GTK_WIDGET (self->sla_label), sla_classes, G_N_ELEMENTS (sla_classes),
                  vigil_case_get_sla_level (kase));

  suggested = vigil_case_get_suggested_role (kase);
  gtk_widget_set_visible (GTK_WIDGET (self->suggestion_label), suggested && state == VIGIL_CASE_STATE_NEW);
  if (suggested)
    {
      /* Translators: a case card's suggested role, "→ Legal (A)"; A is the key that accepts it */
      g_autofree char *text = g_strdup_printf (_("→ %s (A)"), role_name (self, suggested));
      gtk_label_set_label (self->suggestion_label, text);
    }

  person = vigil_case_get_person (kase);
  claimed = vigil_case_get_claimed_by (kase);
  gtk_widget_set_visible (GTK_WIDGET (self->person_label), person && g_strcmp0 (person, claimed) != 0);
  gtk_label_set_label (self->person_label, person ? person : "");
  gtk_widget_set_visible (GTK_WIDGET (self->claim_label),
                          claimed || state == VIGIL_CASE_STATE_AWAITING_APPROVAL ||
                          state == VIGIL_CASE_STATE_RESPONDED || vigil_case_state_is_closed (state));
  if (claimed)
    {
      /* Translators: who works on a case */
      g_autofree char *text = g_strdup_printf (_("● %s"), claimed);
      gtk_label_set_label (self->claim_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->claim_label), _("Being worked on; others need to take it over"));
    }
  else
    {
      gtk_label_set_label (self->claim_label, vigil_case_state_get_label (state));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->claim_label), NULL);
    }
  if (state == VIGIL_CASE_STATE_AWAITING_APPROVAL)
    gtk_label_set_label (self->claim_label, vigil_case_get_approved_by (kase) ? _("Approved") : _("Awaiting approval"));
}

static void
on_case_notify_cb (VigilCaseCard *self)
{
  refresh (self);
}

VigilCase *
vigil_case_card_get_case (VigilCaseCard *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_CARD (self), NULL);
  return self->kase;
}

void
vigil_case_card_set_case (VigilCaseCard *self,
                          VigilCase     *kase)
{
  g_return_if_fail (VIGIL_IS_CASE_CARD (self));
  g_return_if_fail (!kase || VIGIL_IS_CASE (kase));

  if (!g_set_object (&self->kase, kase))
    return;
  g_signal_group_set_target (self->signals, kase);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
}

GtkWidget *
vigil_case_card_new (VigilCaseBoard *board)
{
  VigilCaseCard *self = g_object_new (VIGIL_TYPE_CASE_CARD, NULL);

  g_set_object (&self->board, board);
  return GTK_WIDGET (self);
}

static void
vigil_case_card_dispose (GObject *object)
{
  VigilCaseCard *self = (VigilCaseCard *) object;

  if (self->signals)
    g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->kase);
  g_clear_object (&self->board);
  gtk_widget_dispose_template (GTK_WIDGET (self), VIGIL_TYPE_CASE_CARD);

  G_OBJECT_CLASS (vigil_case_card_parent_class)->dispose (object);
}

static void
vigil_case_card_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VigilCaseCard *self = VIGIL_CASE_CARD (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->kase);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_case_card_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VigilCaseCard *self = VIGIL_CASE_CARD (object);

  switch (prop_id)
    {
    case PROP_CASE:
      vigil_case_card_set_case (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_case_card_class_init (VigilCaseCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vigil_case_card_dispose;
  object_class->get_property = vigil_case_card_get_property;
  object_class->set_property = vigil_case_card_set_property;

  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, VIGIL_TYPE_CASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/vigilapp/Vigil/triage/vigil-case-card.ui");
  gtk_widget_class_bind_template_child (widget_class, VigilCaseCard, severity_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseCard, author_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseCard, sla_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseCard, text_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseCard, meta_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseCard, suggestion_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseCard, person_label);
  gtk_widget_class_bind_template_child (widget_class, VigilCaseCard, claim_label);
}

static void
vigil_case_card_init (VigilCaseCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->signals = g_signal_group_new (VIGIL_TYPE_CASE);
  g_signal_group_connect_object (self->signals, "notify", G_CALLBACK (on_case_notify_cb), self, G_CONNECT_SWAPPED);
}
