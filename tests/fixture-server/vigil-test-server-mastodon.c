/* vigil-test-server-mastodon.c: Mastodon timelines with Link paging
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-test-server"

#include "config.h"

#include <string.h>

#include "vigil-test-server-private.h"

static int
compare_ids (const char *a,
             const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  /* Mastodon ids are decimal strings: longer is larger. */
  if (la != lb)
    return la < lb ? -1 : 1;

  return strcmp (a, b);
}

static const char *
status_id (JsonObject *status)
{
  JsonNode *node = json_object_get_member (status, "id");

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return "";
}

static int
compare_statuses_desc (gconstpointer a,
                       gconstpointer b)
{
  JsonObject *sa = *(JsonObject **) a;
  JsonObject *sb = *(JsonObject **) b;

  return compare_ids (status_id (sb), status_id (sa));
}


static char *
page_link (const char *base_url,
           const char *path,
           const char *param,
           const char *id,
           guint       limit)
{
  return g_strdup_printf ("%s%s?%s=%s&limit=%u", base_url, path, param, id, limit);
}

void
_vigil_test_server_serve_mastodon (VigilTestServer   *server,
                PathEntry         *entry,
                SoupServerMessage *msg,
                GHashTable        *query)
{
  const char *max_id = query ? g_hash_table_lookup (query, "max_id") : NULL;
  const char *since_id = query ? g_hash_table_lookup (query, "since_id") : NULL;
  const char *min_id = query ? g_hash_table_lookup (query, "min_id") : NULL;
  const char *limit_s = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint limit = limit_s ? (guint) g_ascii_strtoull (limit_s, NULL, 10) : 20;
  g_autoptr(JsonArray) page = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *json = NULL;
  g_autofree char *next = NULL;
  g_autofree char *prev = NULL;
  GPtrArray *all = entry->statuses;
  guint first_index = 0;
  guint taken = 0;

  if (limit == 0)
    limit = 20;
  limit = MIN (limit, 40);

  if (min_id)
    {
      /* The `limit` statuses right after min_id (oldest side), newest first. */
      guint end = 0;

      while (end < all->len && compare_ids (status_id (g_ptr_array_index (all, end)), min_id) > 0)
        end++;
      first_index = end > limit ? end - limit : 0;
      while (first_index < end && max_id &&
             compare_ids (status_id (g_ptr_array_index (all, first_index)), max_id) >= 0)
        first_index++;
      for (guint i = first_index; i < end && taken < limit; i++, taken++)
        json_array_add_object_element (page, json_object_ref (g_ptr_array_index (all, i)));
    }
  else
    {
      for (guint i = 0; i < all->len && taken < limit; i++)
        {
          const char *id = status_id (g_ptr_array_index (all, i));

          if (max_id && compare_ids (id, max_id) >= 0)
            continue;
          if (since_id && compare_ids (id, since_id) <= 0)
            break;
          json_array_add_object_element (page, json_object_ref (g_ptr_array_index (all, i)));
          taken++;
        }
    }

  if (json_array_get_length (page) > 0)
    {
      JsonObject *newest = json_array_get_object_element (page, 0);
      JsonObject *oldest = json_array_get_object_element (page, json_array_get_length (page) - 1);

      next = page_link (server->base_url, entry->path, "max_id", status_id (oldest), limit);
      prev = page_link (server->base_url, entry->path, "min_id", status_id (newest), limit);
    }

  json_node_set_array (root, page);
  json = json_to_string (root, FALSE);
  vigil_test_server_reply_link (msg, next, prev);
  vigil_test_server_reply_json (msg, SOUP_STATUS_OK, json);
}


static void
add_statuses (PathEntry  *entry,
              const char *json_array)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, json_array, -1, &error))
    g_error ("mastodon timeline: %s", error->message);
  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    g_error ("mastodon timeline: not a JSON array");

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (entry->statuses, json_object_ref (json_node_get_object (node)));
    }
  g_ptr_array_sort (entry->statuses, compare_statuses_desc);
}

void
vigil_test_server_set_mastodon_timeline (VigilTestServer *server,
                                         const char      *path,
                                         const char      *json_array)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = _vigil_test_server_ensure_entry (server, path);
  entry->kind = KIND_MASTODON;
  g_clear_pointer (&entry->statuses, g_ptr_array_unref);
  entry->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  add_statuses (entry, json_array);
  g_mutex_unlock (&server->lock);
}

void
vigil_test_server_mastodon_append (VigilTestServer *server,
                                   const char      *path,
                                   const char      *json_array)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = _vigil_test_server_ensure_entry (server, path);
  if (!entry->statuses)
    {
      entry->kind = KIND_MASTODON;
      entry->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    }
  add_statuses (entry, json_array);
  g_mutex_unlock (&server->lock);
}

void
vigil_test_server_set_rate_limit (VigilTestServer *server,
                                  const char      *path,
                                  guint            limit,
                                  guint            reset_seconds)
{
  PathEntry *entry;

  g_mutex_lock (&server->lock);
  entry = _vigil_test_server_ensure_entry (server, path);
  entry->rl_limit = limit;
  entry->rl_remaining = limit;
  entry->rl_reset_s = MAX (reset_seconds, 1);
  entry->rl_window_end = 0;
  g_mutex_unlock (&server->lock);
}
