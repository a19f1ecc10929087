/* vigil-case-board.c: the triage board: replay, models, roles, inbox rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vigil-case-board"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-case-board-private.h"
#include "vigil-json-writer.h"

G_DEFINE_FINAL_TYPE (VigilCaseBoard, vigil_case_board, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define INBOX_CURSOR     "triage-inbox"
#define SCAN_PAGE        500
#define SCAN_MAX         5000
#define TICK_SECONDS     15

typedef struct
{
  const char *id;
  const char *name;
  const char *colour;
  const char *senior;
} DefaultRole;

/* The default roles; digits 1–9 in this order. */
static const DefaultRole default_roles[] = {
  { "triage", N_("Triage"), "#3584e4", "crisis-manager" },
  { "crisis-manager", N_("Crisis Manager"), "#e01b24", NULL },
  { "hr", N_("HR"), "#9141ac", "crisis-manager" },
  { "compliance", N_("Compliance"), "#986a44", "crisis-manager" },
  { "legal", N_("Legal"), "#5e5c64", "crisis-manager" },
  { "security", N_("Security/IT"), "#1c71d8", "crisis-manager" },
  { "pr", N_("PR/Marketing"), "#c64600", "crisis-manager" },
  { "customer-service", N_("Customer Service"), "#26a269", "crisis-manager" },
  { "sales", N_("Sales"), "#c88800", "crisis-manager" },
};

/* --- helpers ------------------------------------------------------------ */

const char *
_vigil_case_board_actor (VigilCaseBoard *self)
{
  const char *actor = vigil_context_get_actor (self->context);

  return actor && *actor ? actor : "unknown";
}

static int
compare_urgency (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  VigilCase *ca = (VigilCase *) a, *cb = (VigilCase *) b;
  gint64 da = vigil_case_get_due_us (ca), db = vigil_case_get_due_us (cb);

  if (da != db)
    return da < db ? -1 : 1;
  return vigil_case_get_post_id (ca) < vigil_case_get_post_id (cb) ? -1 :
         vigil_case_get_post_id (ca) > vigil_case_get_post_id (cb);
}

static int
compare_latest (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  gint64 ua = vigil_case_get_updated_us ((VigilCase *) a);
  gint64 ub = vigil_case_get_updated_us ((VigilCase *) b);

  if (ua != ub)
    return ua > ub ? -1 : 1;
  return compare_urgency (a, b, user_data);
}

static GListStore *
ensure_column (VigilCaseBoard *self,
               const char     *role_id)
{
  GListStore *store = g_hash_table_lookup (self->columns, role_id);

  if (store == NULL)
    {
      store = g_list_store_new (VIGIL_TYPE_CASE);
      g_hash_table_insert (self->columns, g_strdup (role_id), store);
    }
  return store;
}

static GListStore *
bucket_for (VigilCaseBoard *self,
            VigilCase      *kase)
{
  VigilCaseState state = vigil_case_get_state (kase);
  const char *role = vigil_case_get_role (kase);

  if (vigil_case_state_is_closed (state))
    return self->done;
  if (state == VIGIL_CASE_STATE_ESCALATED)
    return self->escalated;
  if (state == VIGIL_CASE_STATE_NEW || role == NULL || vigil_case_board_find_role (self, role) == NULL)
    return self->inbox;
  return ensure_column (self, role);
}

static GCompareDataFunc
order_of (VigilCaseBoard *self,
          GListStore     *store)
{
  return store == self->done ? compare_latest : compare_urgency;
}

/* Puts a case in the model it belongs to now (or back in place, when its
 * sort key changed). */
static void
place_case (VigilCaseBoard *self,
            VigilCase      *kase)
{
  GListStore *old = g_hash_table_lookup (self->buckets, kase);
  GListStore *now = bucket_for (self, kase);
  guint pos;

  if (old && g_list_store_find (old, kase, &pos))
    {
      GCompareDataFunc cmp = order_of (self, old);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (old));
      gboolean in_order = TRUE;

      if (old == now)
        {
          g_autoptr(VigilCase) prev = pos > 0 ? g_list_model_get_item (G_LIST_MODEL (old), pos - 1) : NULL;
          g_autoptr(VigilCase) next = pos + 1 < n ? g_list_model_get_item (G_LIST_MODEL (old), pos + 1) : NULL;

          in_order = (!prev || cmp (prev, kase, NULL) <= 0) && (!next || cmp (kase, next, NULL) <= 0);
          if (in_order)
            return;
        }
      g_list_store_remove (old, pos);
    }
  g_list_store_insert_sorted (now, kase, order_of (self, now), NULL);
  g_hash_table_insert (self->buckets, kase, now);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static JsonObject *
parse_body (JsonParser        *parser,
            const VigilRecord *record)
{
  JsonNode *root;

  if (!json_parser_load_from_data (parser, record->body, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

/* --- replay ------------------------------------------------------------- */

static void
apply_role_record (VigilCaseBoard    *self,
                   const VigilRecord *record)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body = parse_body (parser, record);
  VigilTriageRole *role;
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  JsonArray *array;

  if (body == NULL)
    return;
  role = vigil_case_board_find_role (self, record->key);
  if (role == NULL || g_strcmp0 (vigil_triage_role_get_id (role), record->key) != 0)
    {
      g_autoptr(VigilTriageRole) added = vigil_triage_role_new (record->key);

      g_list_store_append (self->roles, added);
      role = added;
      ensure_column (self, record->key);
    }
  if (member_string (body, "name"))
    vigil_triage_role_set_name (role, member_string (body, "name"));
  if (member_string (body, "colour"))
    vigil_triage_role_set_colour (role, member_string (body, "colour"));
  if (json_object_has_member (body, "digit"))
    vigil_triage_role_set_digit (role, CLAMP (json_object_get_int_member (body, "digit"), 0, 9));
  if (json_object_has_member (body, "senior"))
    vigil_triage_role_set_senior (role, member_string (body, "senior"));
  array = json_object_has_member (body, "members") ? json_object_get_array_member (body, "members") : NULL;
  if (array)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *m = json_array_get_string_element (array, i);
          if (m && *m)
            g_ptr_array_add (members, (gpointer) m);
        }
      g_ptr_array_add (members, NULL);
      vigil_triage_role_set_members (role, (const char * const *) members->pdata);
    }
}

static void
apply_case_record (VigilCaseBoard    *self,
                   const VigilRecord *record)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body = parse_body (parser, record);
  VigilCase *kase = g_hash_table_lookup (self->cases, record->key);
  VigilCaseSnapshot snap = { 0, };
  VigilCaseOp op;

  if (body == NULL || !vigil_case_op_from_string (member_string (body, "op"), &op))
    {
      g_debug ("case %s: skipping unreadable record %" G_GINT64_FORMAT, record->key, record->seq);
      return;
    }
  if (kase == NULL)
    {
      if (op != VIGIL_CASE_OP_OPEN)
        return;
      kase = _vigil_case_new (record->key, json_object_get_int_member_with_default (body, "post_id", 0));
      g_hash_table_insert (self->cases, g_strdup (record->key), kase);
    }
  else if (record->version <= vigil_case_get_version (kase))
    return;   /* applied already (our own append, or a replay) */

  if (!vigil_case_state_from_string (member_string (body, "to"), &snap.state) ||
      !vigil_severity_from_string (member_string (body, "severity"), &snap.severity))
    {
      g_debug ("case %s: record %" G_GINT64_FORMAT " lacks state or severity", record->key, record->seq);
      return;
    }
  snap.role = (char *) member_string (body, "role");
  snap.person = (char *) member_string (body, "person");
  snap.claimed_by = (char *) member_string (body, "claimed_by");

  g_object_freeze_notify (G_OBJECT (kase));
  if (op == VIGIL_CASE_OP_OPEN)
    _vigil_case_set_opened (kase, record->at_us, record->actor,
                            json_object_get_boolean_member_with_default (body, "moderation", FALSE),
                            member_string (body, "suggested_role"));
  _vigil_case_set_snapshot (kase, &snap);
  switch (op)
    {
    case VIGIL_CASE_OP_DRAFT:
      {
        const char *tid = member_string (body, "template_id");
        g_autofree char *label = tid ? g_strdup_printf ("%s v%" G_GINT64_FORMAT, tid,
                                                        json_object_get_int_member_with_default (body, "template_version", 0))
                                     : NULL;
        _vigil_case_set_draft (kase, member_string (body, "draft"), label);
        _vigil_case_set_approved_by (kase, NULL);
      }
      break;
    case VIGIL_CASE_OP_APPROVE:
      _vigil_case_set_approved_by (kase, record->actor);
      break;
    case VIGIL_CASE_OP_REJECT:
    case VIGIL_CASE_OP_REOPEN:
      _vigil_case_set_approved_by (kase, NULL);
      break;
    case VIGIL_CASE_OP_NOTE:
      _vigil_case_add_note (kase);
      break;
    case VIGIL_CASE_OP_LINK:
      if (member_string (body, "related"))
        _vigil_case_add_related (kase, member_string (body, "related"));
      break;
    case VIGIL_CASE_OP_OPEN:
    case VIGIL_CASE_OP_ASSIGN:
    case VIGIL_CASE_OP_CLAIM:
    case VIGIL_CASE_OP_TAKE_OVER:
    case VIGIL_CASE_OP_RELEASE:
    case VIGIL_CASE_OP_ESCALATE:
    case VIGIL_CASE_OP_LEAVE:
    case VIGIL_CASE_OP_RESPOND:
    case VIGIL_CASE_OP_RESOLVE:
    case VIGIL_CASE_OP_SEVERITY:
    case VIGIL_CASE_OP_UNDO:
    case VIGIL_CASE_N_OPS:
    default:
      break;
    }
  _vigil_case_set_version (kase, record->version, record->at_us);
  _vigil_case_set_sla (kase, self->sla_us[vigil_case_get_severity (kase)]);
  _vigil_case_refresh_sla (kase, vigil_context_now_us (self->context));
  g_object_thaw_notify (G_OBJECT (kase));

  if (!self->loading)
    {
      if (op == VIGIL_CASE_OP_OPEN)
        _vigil_case_board_load_post (self, kase);
      place_case (self, kase);
    }
}

static void
apply_rule_record (VigilCaseBoard    *self,
                   const VigilRecord *record)
{
  VigilInboxRule rule;

  if (vigil_inbox_rule_from_json (&rule, record->body, NULL))
    self->rule = rule;
}

void
_vigil_case_board_apply_record (VigilCaseBoard    *self,
                                const VigilRecord *record)
{
  if (g_strcmp0 (record->kind, "case") == 0)
    apply_case_record (self, record);
  else if (g_strcmp0 (record->kind, "role") == 0)
    apply_role_record (self, record);
  else if (g_strcmp0 (record->kind, "inbox-rule") == 0)
    apply_rule_record (self, record);
}

void
_vigil_case_board_catch_up (VigilCaseBoard *self,
                            const char     *case_id)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = vigil_store_list_records (self->store, "case", case_id, 0, 0, &error);
  if (records == NULL)
    {
      g_debug ("can't reload case %s: %s", case_id, error->message);
      return;
    }
  for (guint i = 0; i < records->len; i++)
    _vigil_case_board_apply_record (self, g_ptr_array_index (records, i));
}

static void
on_record_appended_cb (VigilStore     *store,
                       VigilRecord    *record,
                       VigilCaseBoard *self)
{
  VigilCase *kase;

  if (g_strcmp0 (record->kind, "case") != 0)
    {
      _vigil_case_board_apply_record (self, record);
      return;
    }
  kase = g_hash_table_lookup (self->cases, record->key);
  /* A gap (records we never saw): read the case again. */
  if (kase && record->version > vigil_case_get_version (kase) + 1)
    _vigil_case_board_catch_up (self, record->key);
  else
    _vigil_case_board_apply_record (self, record);
}

void
_vigil_case_board_load_post (VigilCaseBoard *self,
                             VigilCase      *kase)
{
  gint64 id = vigil_case_get_post_id (kase);
  g_autoptr(GPtrArray) posts = NULL;

  if (id <= 0 || vigil_case_get_post (kase))
    return;
  posts = vigil_store_get_posts (self->store, &id, 1, NULL);
  if (posts && posts->len == 1)
    {
      VigilPost *post = g_ptr_array_index (posts, 0);

      vigil_post_set_raw (post, NULL);
      _vigil_case_set_post (kase, post);
      g_hash_table_insert (self->by_remote, g_strdup (vigil_post_get_remote_id (post)), kase);
    }
}

/* The posts of every case, a page at a time; the raw payload is dropped
 * (the case view reads it again when it needs it). */
static void
load_all_posts (VigilCaseBoard *self)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->cases);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      gint64 id = vigil_case_get_post_id (value);
      g_array_append_val (ids, id);
    }
  for (guint start = 0; start < ids->len; start += SCAN_PAGE)
    {
      guint n = MIN (SCAN_PAGE, ids->len - start);
      g_autoptr(GPtrArray) posts = vigil_store_get_posts (self->store, &g_array_index (ids, gint64, start), n, NULL);

      for (guint i = 0; posts && i < posts->len; i++)
        {
          VigilPost *post = g_ptr_array_index (posts, i);
          g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, vigil_post_get_id (post));
          VigilCase *kase = g_hash_table_lookup (self->cases, key);

          if (kase == NULL)
            continue;
          vigil_post_set_raw (post, NULL);
          _vigil_case_set_post (kase, post);
          g_hash_table_insert (self->by_remote, g_strdup (vigil_post_get_remote_id (post)), kase);
        }
    }
}

/* Fills the models in one splice each, sorted. */
static int
compare_pointers_urgency (gconstpointer a,
                          gconstpointer b,
                          gpointer      user_data)
{
  return compare_urgency (*(VigilCase **) a, *(VigilCase **) b, user_data);
}

static int
compare_pointers_latest (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  return compare_latest (*(VigilCase **) a, *(VigilCase **) b, user_data);
}

static void
place_all_sorted (VigilCaseBoard *self)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->cases);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GListStore *bucket = bucket_for (self, value);
      GPtrArray *group = g_hash_table_lookup (groups, bucket);

      if (group == NULL)
        g_hash_table_insert (groups, bucket, group = g_ptr_array_new ());
      g_ptr_array_add (group, value);
      g_hash_table_insert (self->buckets, value, bucket);
    }
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GListStore *bucket = key;
      GPtrArray *group = value;

      g_ptr_array_sort_with_data (group, bucket == self->done ? compare_pointers_latest
                                                              : compare_pointers_urgency, NULL);
      g_list_store_splice (bucket, 0, 0, group->pdata, group->len);
    }
}

static void
load_defaults (VigilCaseBoard *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (default_roles); i++)
    {
      g_autoptr(VigilTriageRole) role = vigil_triage_role_new (default_roles[i].id);

      vigil_triage_role_set_name (role, _(default_roles[i].name));
      vigil_triage_role_set_colour (role, default_roles[i].colour);
      vigil_triage_role_set_digit (role, i + 1);
      vigil_triage_role_set_senior (role, default_roles[i].senior);
      g_list_store_append (self->roles, role);
      ensure_column (self, default_roles[i].id);
    }
  vigil_inbox_rule_init_default (&self->rule);
  for (guint s = 0; s < VIGIL_N_SEVERITIES; s++)
    self->sla_us[s] = vigil_severity_default_sla_us (s);
}

static void
replay (VigilCaseBoard *self)
{
  g_autoptr(GError) error = NULL;
  gint64 after = 0;

  self->loading = TRUE;
  for (const char * const *kind = (const char * const[]) { "role", "inbox-rule", "case", NULL }; *kind; kind++)
    {
      after = 0;
      for (;;)
        {
          g_autoptr(GPtrArray) records = vigil_store_list_records (self->store, *kind, NULL, after, 5000, &error);

          if (records == NULL)
            {
              g_warning ("can't read the triage journal: %s", error->message);
              g_clear_error (&error);
              break;
            }
          for (guint i = 0; i < records->len; i++)
            {
              VigilRecord *record = g_ptr_array_index (records, i);

              _vigil_case_board_apply_record (self, record);
              after = record->seq;
            }
          if (records->len < 5000)
            break;
        }
    }
  self->loading = FALSE;
  load_all_posts (self);
  place_all_sorted (self);
}

/* --- the inbox rule ----------------------------------------------------- */

guint
vigil_case_board_scan_inbox (VigilCaseBoard *self)
{
  gint64 last = vigil_store_get_last_id (self->store);
  gint64 first;
  guint opened = 0;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), 0);

  if (last <= self->inbox_cursor)
    return 0;
  /* After a long time away, only the latest SCAN_MAX posts. */
  first = MAX (self->inbox_cursor + 1, last - SCAN_MAX + 1);
  while (first <= last)
    {
      gint64 upto = MIN (last, first + SCAN_PAGE - 1);
      g_autoptr(GPtrArray) posts = vigil_store_get_range (self->store, first, upto, SCAN_PAGE, NULL);

      /* get_range is newest first: open the oldest first */
      for (guint i = posts ? posts->len : 0; i > 0; i--)
        {
          VigilPost *post = g_ptr_array_index (posts, i - 1);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, vigil_post_get_id (post));
          g_autoptr(GError) error = NULL;

          if (g_hash_table_contains (self->cases, id) || !vigil_inbox_rule_matches (&self->rule, post))
            continue;
          if (_vigil_case_board_open (self, post, VIGIL_CASE_BOARD_RULE_ACTOR, NULL, &error))
            opened++;
          else
            g_debug ("inbox rule: %s", error->message);
        }
      first = upto + 1;
    }
  self->inbox_cursor = last;
  {
    g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, last);
    g_autoptr(GError) error = NULL;

    if (!vigil_store_set_cursor (self->store, INBOX_CURSOR, cursor, &error))
      g_debug ("can't save the inbox cursor: %s", error->message);
  }
  return opened;
}

static void
on_store_changed_cb (VigilStore     *store,
                     gint64          last_id,
                     guint           n_added,
                     guint           n_events,
                     VigilCaseBoard *self)
{
  if (n_added > 0)
    vigil_case_board_scan_inbox (self);
}

void
vigil_case_board_get_inbox_rule (VigilCaseBoard *self,
                                 VigilInboxRule *out)
{
  g_return_if_fail (VIGIL_IS_CASE_BOARD (self));
  *out = self->rule;
}

gboolean
vigil_case_board_set_inbox_rule (VigilCaseBoard       *self,
                                 const VigilInboxRule *rule,
                                 GError              **error)
{
  g_autofree char *body = NULL;
  g_autoptr(VigilRecord) record = NULL;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (rule, FALSE);

  body = vigil_inbox_rule_to_json (rule);
  if (!vigil_store_append_record (self->store, "inbox-rule", "default", VIGIL_RECORD_ANY_VERSION,
                                  _vigil_case_board_actor (self), vigil_context_now_us (self->context),
                                  body, &record, error))
    return FALSE;
  self->rule = *rule;
  return TRUE;
}

/* --- SLA ---------------------------------------------------------------- */

gint64
vigil_case_board_get_sla (VigilCaseBoard *self,
                          VigilSeverity   severity)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), 0);
  g_return_val_if_fail (severity < VIGIL_N_SEVERITIES, 0);
  return self->sla_us[severity];
}

void
vigil_case_board_refresh_sla (VigilCaseBoard *self)
{
  gint64 now;
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (VIGIL_IS_CASE_BOARD (self));

  now = vigil_context_now_us (self->context);
  g_hash_table_iter_init (&iter, self->cases);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    _vigil_case_refresh_sla (value, now);
}

static gboolean
tick_cb (gpointer user_data)
{
  vigil_case_board_refresh_sla (user_data);
  return G_SOURCE_CONTINUE;
}

/* --- roles -------------------------------------------------------------- */

VigilTriageRole *
vigil_case_board_find_role (VigilCaseBoard *self,
                            const char     *ref)
{
  guint n;
  guint64 digit = 0;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);

  if (ref == NULL || *ref == '\0')
    return NULL;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->roles));
  if (!g_ascii_string_to_unsigned (ref, 10, 1, 9, &digit, NULL))
    digit = 0;
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(VigilTriageRole) role = g_list_model_get_item (G_LIST_MODEL (self->roles), i);

        if (pass == 0 && (g_str_equal (vigil_triage_role_get_id (role), ref) ||
                          (digit && vigil_triage_role_get_digit (role) == digit)))
          return role;
        if (pass == 1 && g_utf8_collate (vigil_triage_role_get_name (role), ref) == 0)
          return role;
        if (pass == 1)
          {
            g_autofree char *a = g_utf8_casefold (vigil_triage_role_get_name (role), -1);
            g_autofree char *b = g_utf8_casefold (ref, -1);
            if (g_str_equal (a, b))
              return role;
          }
      }
  return NULL;
}

static char *
role_body (const char         *name,
           const char         *colour,
           guint               digit,
           const char * const *members,
           const char         *senior)
{
  GString *out = g_string_new ("{");

  vigil_json_writer_member (out, "name", name, FALSE);
  vigil_json_writer_member (out, "colour", colour, TRUE);
  g_string_append_printf (out, ",\"digit\":%u", digit);
  if (senior)
    vigil_json_writer_member (out, "senior", senior, TRUE);
  else
    g_string_append (out, ",\"senior\":null");
  g_string_append (out, ",\"members\":[");
  for (guint i = 0; members && members[i]; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      vigil_json_writer_string (out, members[i]);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

gboolean
vigil_case_board_save_role (VigilCaseBoard     *self,
                            const char         *id,
                            const char         *name,
                            const char         *colour,
                            guint               digit,
                            const char * const *members,
                            const char         *senior,
                            GError            **error)
{
  g_autofree char *body = NULL;
  g_autoptr(VigilRecord) record = NULL;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);
  g_return_val_if_fail (id, FALSE);

  if (*id == '\0' || strlen (id) > 64 || !name || !*name || strlen (name) > 200 || digit > 9 ||
      (colour && (colour[0] != '#' || strlen (colour) != 7)))
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_INVALID,
                   _("A role needs an id (at most 64 characters), a name, a digit from 0 to 9 "
                     "and a colour like #3584e4"));
      return FALSE;
    }
  if (senior && (g_str_equal (senior, id) || vigil_case_board_find_role (self, senior) == NULL))
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_UNKNOWN_ROLE,
                   _("Role “%s” can't have “%s” as its senior: choose another existing role"), id, senior);
      return FALSE;
    }
  if (digit > 0)
    {
      g_autofree char *key = g_strdup_printf ("%u", digit);
      VigilTriageRole *holder = vigil_case_board_find_role (self, key);

      if (holder && g_strcmp0 (vigil_triage_role_get_id (holder), id) != 0)
        {
          g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_INVALID,
                       _("Key %u already belongs to %s: give that role another key first"),
                       digit, vigil_triage_role_get_name (holder));
          return FALSE;
        }
    }
  body = role_body (name, colour ? colour : "#77767b", digit, members, senior);
  if (!vigil_store_append_record (self->store, "role", id, VIGIL_RECORD_ANY_VERSION,
                                  _vigil_case_board_actor (self), vigil_context_now_us (self->context),
                                  body, &record, error))
    return FALSE;
  _vigil_case_board_apply_record (self, record);
  return TRUE;
}

gboolean
vigil_case_board_join_role (VigilCaseBoard *self,
                            const char     *role_id,
                            const char     *person,
                            GError        **error)
{
  VigilTriageRole *role;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) members = NULL;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), FALSE);

  role = vigil_case_board_find_role (self, role_id);
  if (role == NULL)
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_UNKNOWN_ROLE,
                   _("No role “%s”: use a role's name, id or digit"), role_id);
      return FALSE;
    }
  if (person == NULL || *person == '\0' || vigil_triage_role_has_member (role, person))
    return TRUE;
  g_strv_builder_addv (builder, (const char **) vigil_triage_role_get_members (role));
  g_strv_builder_add (builder, person);
  members = g_strv_builder_end (builder);
  return vigil_case_board_save_role (self, vigil_triage_role_get_id (role),
                                     vigil_triage_role_get_name (role),
                                     vigil_triage_role_get_colour (role),
                                     vigil_triage_role_get_digit (role),
                                     (const char * const *) members,
                                     vigil_triage_role_get_senior (role), error);
}

/* --- lookups and models ------------------------------------------------- */

VigilCaseBoard *
vigil_case_board_get (VigilContext *context)
{
  g_return_val_if_fail (VIGIL_IS_CONTEXT (context), NULL);
  return vigil_context_ensure_service (context, VIGIL_TYPE_CASE_BOARD);
}

VigilContext *
vigil_case_board_get_context (VigilCaseBoard *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);
  return self->context;
}

GListModel *
vigil_case_board_get_inbox (VigilCaseBoard *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);
  return G_LIST_MODEL (self->inbox);
}

GListModel *
vigil_case_board_get_column (VigilCaseBoard *self,
                             const char     *role_id)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);
  g_return_val_if_fail (role_id, NULL);
  return G_LIST_MODEL (ensure_column (self, role_id));
}

GListModel *
vigil_case_board_get_escalated (VigilCaseBoard *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);
  return G_LIST_MODEL (self->escalated);
}

GListModel *
vigil_case_board_get_done (VigilCaseBoard *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);
  return G_LIST_MODEL (self->done);
}

GListModel *
vigil_case_board_get_roles (VigilCaseBoard *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);
  return G_LIST_MODEL (self->roles);
}

guint
vigil_case_board_get_n_cases (VigilCaseBoard *self)
{
  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), 0);
  return g_hash_table_size (self->cases);
}

static int
compare_case_ids (gconstpointer a,
                  gconstpointer b)
{
  gint64 ia = vigil_case_get_post_id (*(VigilCase **) a);
  gint64 ib = vigil_case_get_post_id (*(VigilCase **) b);

  return ia < ib ? -1 : ia > ib;
}

GPtrArray *
vigil_case_board_list_cases (VigilCaseBoard *self)
{
  GPtrArray *cases;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);

  cases = g_ptr_array_sized_new (g_hash_table_size (self->cases));
  g_hash_table_iter_init (&iter, self->cases);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (cases, value);
  g_ptr_array_sort (cases, compare_case_ids);
  return cases;
}

VigilCase *
vigil_case_board_lookup (VigilCaseBoard *self,
                         const char     *ref)
{
  VigilCase *kase;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);

  if (ref == NULL || *ref == '\0')
    return NULL;
  kase = g_hash_table_lookup (self->cases, ref[0] == '#' ? ref + 1 : ref);
  if (kase == NULL)
    kase = g_hash_table_lookup (self->by_remote, ref);
  return kase;
}

/* The archived post whose archive id or remote id is ref (a remote id is
 * looked up on each platform, through the store's unique index). */
static VigilPost *
find_post (VigilCaseBoard *self,
           const char     *ref)
{
  guint64 id;

  if (g_ascii_string_to_unsigned (ref[0] == '#' ? ref + 1 : ref, 10, 1, G_MAXINT64, &id, NULL))
    {
      gint64 want = (gint64) id;
      g_autoptr(GPtrArray) posts = vigil_store_get_posts (self->store, &want, 1, NULL);

      if (posts && posts->len == 1)
        return g_object_ref (g_ptr_array_index (posts, 0));
    }
  for (VigilPlatform p = VIGIL_PLATFORM_MASTODON; p <= VIGIL_PLATFORM_DRILL; p++)
    {
      VigilPost *post = vigil_store_find_post (self->store, p, ref, NULL);

      if (post != NULL)
        return post;
    }
  return NULL;
}

VigilCase *
vigil_case_board_ensure_case (VigilCaseBoard *self,
                              const char     *ref,
                              GError        **error)
{
  VigilCase *kase;
  g_autoptr(VigilPost) post = NULL;

  g_return_val_if_fail (VIGIL_IS_CASE_BOARD (self), NULL);

  kase = vigil_case_board_lookup (self, ref);
  if (kase)
    return kase;
  if (ref && *ref)
    post = find_post (self, ref);
  if (post == NULL)
    {
      g_set_error (error, VIGIL_CASE_ERROR, VIGIL_CASE_ERROR_UNKNOWN_CASE,
                   _("No case or archived post “%s”: use a case id or a post's remote_id "
                     "(vigil-cli case list, vigil-cli search)"), ref ? ref : "");
      return NULL;
    }
  return vigil_case_board_open_post (self, post, NULL, error);
}

/* --- GObject ------------------------------------------------------------ */

static void
vigil_case_board_constructed (GObject *object)
{
  VigilCaseBoard *self = (VigilCaseBoard *) object;
  g_autofree char *cursor = NULL;

  G_OBJECT_CLASS (vigil_case_board_parent_class)->constructed (object);

  g_assert (self->context);
  self->store = g_object_ref (vigil_context_get_store (self->context));
  load_defaults (self);
  replay (self);

  cursor = vigil_store_get_cursor (self->store, INBOX_CURSOR, NULL);
  self->inbox_cursor = cursor ? g_ascii_strtoll (cursor, NULL, 10) : 0;

  g_signal_connect_object (self->store, "record-appended", G_CALLBACK (on_record_appended_cb), self, 0);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self, 0);
  vigil_case_board_scan_inbox (self);
  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
}

static void
vigil_case_board_dispose (GObject *object)
{
  VigilCaseBoard *self = (VigilCaseBoard *) object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->store)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->buckets, g_hash_table_unref);
  g_clear_pointer (&self->by_remote, g_hash_table_unref);
  g_clear_object (&self->inbox);
  g_clear_object (&self->escalated);
  g_clear_object (&self->done);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  g_clear_object (&self->roles);
  g_clear_pointer (&self->cases, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vigil_case_board_parent_class)->dispose (object);
}

static void
vigil_case_board_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VigilCaseBoard *self = VIGIL_CASE_BOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_case_board_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VigilCaseBoard *self = VIGIL_CASE_BOARD (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_get_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vigil_case_board_class_init (VigilCaseBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vigil_case_board_constructed;
  object_class->dispose = vigil_case_board_dispose;
  object_class->get_property = vigil_case_board_get_property;
  object_class->set_property = vigil_case_board_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, VIGIL_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vigil_case_board_init (VigilCaseBoard *self)
{
  self->cases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->by_remote = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->buckets = g_hash_table_new (NULL, NULL);
  self->roles = g_list_store_new (VIGIL_TYPE_TRIAGE_ROLE);
  self->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->inbox = g_list_store_new (VIGIL_TYPE_CASE);
  self->escalated = g_list_store_new (VIGIL_TYPE_CASE);
  self->done = g_list_store_new (VIGIL_TYPE_CASE);
  self->undo = g_ptr_array_new_with_free_func (_vigil_undo_entry_free);
}
