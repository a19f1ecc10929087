/* vigil-archive-retention.c: per-platform retention, planned and applied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A policy is a list of (platform, days). Applying it runs one
 * vigil_archive_purge per platform with days > 0: a MACed "archive.purge"
 * record, then tombstones that keep each row's hash (verify stays green).
 * Planning counts what applying would clear, without writing anything.
 */
#define G_LOG_DOMAIN "vigil-archive-retention"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vigil-archive.h"

#define DAY_US ((gint64) 24 * 3600 * G_USEC_PER_SEC)
#define PLAN_PAGE 500

gboolean
vigil_archive_retention_check (const VigilRetentionRule *rule,
                               GError                  **error)
{
  VigilPlatform platform;

  g_return_val_if_fail (rule != NULL, FALSE);

  platform = rule->platform ? vigil_platform_from_string (rule->platform) : VIGIL_PLATFORM_UNKNOWN;
  if (platform == VIGIL_PLATFORM_UNKNOWN || platform == VIGIL_PLATFORM_DRILL)
    {
      g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_INVALID,
                   _("“%s” is not a platform with a retention setting (use mastodon, bluesky or feed)"),
                   rule->platform ? rule->platform : "");
      return FALSE;
    }
  if (rule->days > VIGIL_RETENTION_MAX_DAYS)
    {
      g_autofree char *max = g_strdup_printf ("%u", VIGIL_RETENTION_MAX_DAYS);

      g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_INVALID,
                   _("A retention is at most %s days (0 keeps posts for ever)"), max);
      return FALSE;
    }
  return TRUE;
}

gint64
vigil_archive_retention_cutoff (const VigilRetentionRule *rule,
                                gint64                    now_us)
{
  g_return_val_if_fail (rule != NULL, 0);
  return rule->days > 0 ? now_us - (gint64) rule->days * DAY_US : 0;
}

/* A purged post keeps only its identity, times and place in the chain:
 * no author, text, link or payload (vigil_store_purge). */
static gboolean
is_purged (VigilPost *post)
{
  return vigil_post_get_author (post) == NULL && vigil_post_get_text (post) == NULL
         && vigil_post_get_url (post) == NULL && vigil_post_get_raw (post) == NULL;
}

gboolean
vigil_archive_retention_plan (VigilStore               *store,
                              const VigilRetentionRule *rule,
                              gint64                    now_us,
                              guint64                  *out_posts,
                              GError                  **error)
{
  g_autoptr(VigilSearchQuery) query = vigil_search_query_new ();
  g_autoptr(GArray) ids = NULL;
  guint64 n = 0;

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_posts != NULL, FALSE);

  *out_posts = 0;
  if (!vigil_archive_retention_check (rule, error))
    return FALSE;
  if (rule->days == 0)
    return TRUE;
  query->platform = vigil_platform_from_string (rule->platform);
  query->until = g_date_time_new_from_unix_utc (vigil_archive_retention_cutoff (rule, now_us) / G_USEC_PER_SEC);
  query->order = VIGIL_SEARCH_ORDER_ARRIVAL;
  if ((ids = vigil_store_search_ids (store, query, error)) == NULL)
    return FALSE;
  for (guint first = 0; first < ids->len; first += PLAN_PAGE)
    {
      g_autoptr(GPtrArray) posts = vigil_store_get_posts (store, &g_array_index (ids, gint64, first),
                                                          MIN (PLAN_PAGE, ids->len - first), error);

      if (posts == NULL)
        return FALSE;
      for (guint i = 0; i < posts->len; i++)
        n += !is_purged (g_ptr_array_index (posts, i));
    }
  *out_posts = n;
  return TRUE;
}

gboolean
vigil_archive_apply_retention (VigilStore               *store,
                               GBytes                   *key,
                               const char               *actor,
                               const VigilRetentionRule *rules,
                               guint                     n_rules,
                               gint64                    now_us,
                               guint64                  *out_posts,
                               GError                  **error)
{
  guint64 total = 0;

  g_return_val_if_fail (VIGIL_IS_STORE (store), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (rules != NULL || n_rules == 0, FALSE);

  /* every rule is checked before anything is purged */
  for (guint i = 0; i < n_rules; i++)
    if (!vigil_archive_retention_check (&rules[i], error))
      return FALSE;
  for (guint i = 0; i < n_rules; i++)
    {
      guint64 purged = 0;

      if (rules[i].days == 0)
        continue;
      if (!vigil_archive_purge (store, key, actor, rules[i].platform,
                                vigil_archive_retention_cutoff (&rules[i], now_us), &purged, error))
        return FALSE;
      total += purged;
    }
  if (out_posts)
    *out_posts = total;
  return TRUE;
}

static const char * const retention_platforms[VIGIL_RETENTION_N_PLATFORMS] = { "mastodon", "bluesky", "feed" };

void
vigil_archive_retention_from_variant (GVariant           *days,
                                      VigilRetentionRule  rules[VIGIL_RETENTION_N_PLATFORMS])
{
  g_return_if_fail (days == NULL || g_variant_is_of_type (days, G_VARIANT_TYPE ("a{su}")));

  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    {
      guint32 value = 0;

      rules[i].platform = retention_platforms[i];
      rules[i].days = days && g_variant_lookup (days, retention_platforms[i], "u", &value)
                      ? MIN (value, VIGIL_RETENTION_MAX_DAYS) : 0;
    }
}

GVariant *
vigil_archive_retention_to_variant (const VigilRetentionRule rules[VIGIL_RETENTION_N_PLATFORMS])
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{su}"));
  for (guint i = 0; i < VIGIL_RETENTION_N_PLATFORMS; i++)
    if (rules[i].days > 0)
      g_variant_builder_add (&builder, "{su}", rules[i].platform, (guint32) rules[i].days);
  return g_variant_builder_end (&builder);
}
