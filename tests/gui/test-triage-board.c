/* test-triage-board.c: the Triage page under a display: drops onto role
 * columns and people, keyboard triage of 20 posts, SLA badges that change
 * colour as the (injected) clock runs, and the empty state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-triage-board"

#include "config.h"

#include "gui-test-util.h"

#include "vigil-case-card.h"
#include "vigil-memory-credential-store.h"
#include "vigil-triage-column.h"
#include "vigil-triage-page.h"
#include "vigil-triage-roles.h"
#include "vigil-case-view.h"

static VigilApplication *app;
static gint64 fake_now = G_GINT64_CONSTANT (1764000000) * G_USEC_PER_SEC;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

typedef struct
{
  VigilStore      *store;
  VigilContext    *context;
  VigilCaseBoard  *board;
  GtkWindow       *window;
  VigilTriagePage *page;
} Fixture;

static const char * const categories[] = {
  "customer-service.refund", "hr.harassment", "legal.defamation", "security.phishing", "pr.boycott", NULL,
};

static void
insert_posts (VigilStore *store,
              guint       first,
              guint       n)
{
  g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("post-%02u", i);
      g_autofree char *text = g_strdup_printf ("Complaint number %u: the kettle lid opened and scalded me. "
                                               "Refund refused, support ignores me.", i);
      const char *cats[] = { categories[i % 5], NULL };
      VigilPost *post = vigil_post_new (VIGIL_PLATFORM_MASTODON, id);

      vigil_post_set_author (post, "angry@social.example");
      vigil_post_set_author_name (post, "Angry Customer");
      vigil_post_set_text (post, text);
      vigil_post_set_created_at (post, now);
      vigil_post_set_sentiment (post, -0.8, VIGIL_SENTIMENT_NEGATIVE);
      vigil_post_set_categories (post, cats);
      vigil_post_set_reach (post, 1200, 120);
      g_ptr_array_add (posts, post);
    }
  g_assert_true (vigil_store_insert (store, posts, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.vigilapp.Vigil");
  g_autoptr(GError) error = NULL;
  VigilContextOptions options = { .actor = "nurse", .credentials = credentials,
                                  .no_sources = TRUE, .no_classify = TRUE };
  guint n_posts = GPOINTER_TO_UINT (data);

  /* the person already said who they are: no first-use dialog */
  g_settings_set_string (settings, "triage-identity", "nurse");
  fake_now = G_GINT64_CONSTANT (1764000000) * G_USEC_PER_SEC;
  f->store = vigil_store_open (":memory:", &error);
  g_assert_no_error (error);
  if (n_posts > 0)
    insert_posts (f->store, 0, n_posts);
  f->context = vigil_context_new_for_store (f->store, &options, &error);
  g_assert_no_error (error);
  vigil_context_set_clock (f->context, fake_clock, NULL);
  f->board = vigil_case_board_get (f->context);

  f->window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
  gtk_window_set_default_size (f->window, 1280, 800);
  f->page = g_object_new (VIGIL_TYPE_TRIAGE_PAGE, "board", f->board, NULL);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  drain_main_loop ();
  vigil_context_shutdown (f->context);
  g_clear_object (&f->context);
  g_clear_object (&f->store);
}

static VigilTriageColumn *
column_for (Fixture               *f,
            VigilTriageColumnKind  kind,
            const char            *role_id)
{
  GPtrArray *columns = vigil_triage_page_get_columns (f->page);

  for (guint i = 0; i < columns->len; i++)
    {
      VigilTriageColumn *column = g_ptr_array_index (columns, i);
      VigilTriageRole *role = vigil_triage_column_get_role (column);

      if (vigil_triage_column_get_kind (column) == kind &&
          (role_id == NULL || (role && g_str_equal (vigil_triage_role_get_id (role), role_id))))
        return column;
    }
  g_assert_not_reached ();
}

static GtkDropTarget *
drop_target_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static gboolean
emit_drop (GtkWidget    *widget,
           const GValue *value)
{
  GtkDropTarget *target = drop_target_of (widget);
  gboolean handled = FALSE;

  g_assert_nonnull (target);
  g_signal_emit_by_name (target, "drop", value, 10.0, 10.0, &handled);
  return handled;
}

static VigilCase *
inbox_case (Fixture *f,
            guint    position)
{
  g_autoptr(VigilCase) kase = g_list_model_get_item (vigil_case_board_get_inbox (f->board), position);
  return kase;
}

/* --- drops --------------------------------------------------------------- */

static void
test_drop_on_role (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_auto(GValue) many = G_VALUE_INIT;
  g_autoptr(GListStore) store = g_list_store_new (VIGIL_TYPE_CASE);
  g_autoptr(GPtrArray) pair = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  VigilTriageColumn *hr = column_for (f, VIGIL_TRIAGE_COLUMN_ROLE, "hr");
  VigilTriageColumn *legal = column_for (f, VIGIL_TRIAGE_COLUMN_ROLE, "legal");
  VigilTriageColumn *inbox = column_for (f, VIGIL_TRIAGE_COLUMN_INBOX, NULL);
  VigilCase *first = inbox_case (f, 0);
  VigilCase *second = inbox_case (f, 1);
  VigilCase *third = inbox_case (f, 2);
  GListModel *hr_model = G_LIST_MODEL (vigil_triage_column_get_selection (hr));

  g_assert_cmpuint (g_list_model_get_n_items (vigil_case_board_get_inbox (f->board)), ==, 6);

  /* one card, dragged as the case object itself */
  g_value_init (&value, VIGIL_TYPE_CASE);
  g_value_set_object (&value, first);
  g_assert_true (emit_drop (GTK_WIDGET (hr), &value));
  g_assert_cmpint (vigil_case_get_state (first), ==, VIGIL_CASE_STATE_ASSIGNED);
  g_assert_cmpstr (vigil_case_get_role (first), ==, "hr");
  g_assert_cmpuint (g_list_model_get_n_items (hr_model), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (vigil_case_board_get_inbox (f->board)), ==, 5);

  /* several selected cards at once (a GListModel of cases); one undo step */
  g_list_store_append (store, second);
  g_list_store_append (store, third);
  g_value_init (&many, G_TYPE_LIST_MODEL);
  g_value_set_object (&many, store);
  g_assert_true (emit_drop (GTK_WIDGET (legal), &many));
  g_assert_cmpstr (vigil_case_get_role (second), ==, "legal");
  g_assert_cmpstr (vigil_case_get_role (third), ==, "legal");
  g_assert_true (vigil_case_board_undo (f->board, &error));
  g_assert_cmpint (vigil_case_get_state (second), ==, VIGIL_CASE_STATE_NEW);
  g_assert_cmpint (vigil_case_get_state (third), ==, VIGIL_CASE_STATE_NEW);

  /* the inbox refuses cards: triage is undone with Ctrl+Z, not dragged back */
  g_ptr_array_add (pair, first);
  g_assert_false (vigil_triage_column_accepts (inbox, pair));
  g_assert_false (emit_drop (GTK_WIDGET (inbox), &value));
  g_assert_cmpstr (vigil_case_get_role (first), ==, "hr");

  /* a closed case can't be assigned: refused, and nothing logged */
  g_assert_true (vigil_case_board_resolve (f->board, first, NULL, &error));
  g_assert_false (vigil_triage_column_accepts (legal, pair));
  g_assert_false (emit_drop (GTK_WIDGET (legal), &value));
  g_assert_cmpint (vigil_case_get_state (first), ==, VIGIL_CASE_STATE_RESOLVED);
  g_assert_cmpint (vigil_case_get_version (first), ==, 3);
}

static void
test_drop_on_person (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  VigilTriageColumn *cs = column_for (f, VIGIL_TRIAGE_COLUMN_ROLE, "customer-service");
  VigilCase *kase = inbox_case (f, 0);
  GtkWidget *chip = NULL;

  g_assert_true (vigil_case_board_join_role (f->board, "customer-service", "carol", &error));
  g_assert_no_error (error);
  drain_main_loop ();
  /* the column shows its people as drop targets */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (cs)); w && !chip; w = gtk_widget_get_first_child (w))
    for (GtkWidget *c = w; c && !chip; c = gtk_widget_get_next_sibling (c))
      if (gtk_widget_has_css_class (c, "vigil-column-people"))
        chip = gtk_widget_get_first_child (c);
  g_assert_nonnull (chip);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (chip)), ==, "carol");

  g_value_init (&value, VIGIL_TYPE_CASE);
  g_value_set_object (&value, kase);
  g_assert_true (emit_drop (chip, &value));
  g_assert_cmpstr (vigil_case_get_role (kase), ==, "customer-service");
  g_assert_cmpstr (vigil_case_get_person (kase), ==, "carol");
}

/* --- keyboard triage ----------------------------------------------------- */

static const char *
action_for_key (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  mods,
                GVariant       **args)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) && GTK_IS_NAMED_ACTION (action) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            {
              *args = gtk_shortcut_get_arguments (shortcut);
              return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
            }
        }
    }
  return NULL;
}

/* Presses a key: runs the action the page binds to it. GTK 4 has no
 * synthetic key events; this goes through the same shortcut table. */
static void
press (Fixture         *f,
       guint            keyval,
       GdkModifierType  mods)
{
  GVariant *args = NULL;
  const char *action = action_for_key (GTK_WIDGET (f->page), keyval, mods, &args);

  g_assert_nonnull (action);
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (f->page), action, args));
  drain_main_loop ();
}

static void
test_keyboard_triage (Fixture       *f,
                      gconstpointer  data)
{
  /* what the nurse types for each of the 20 posts, top to bottom */
  static const struct { guint keyval; const char *role; VigilCaseState state; } plan[] = {
    { GDK_KEY_3, "hr", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_5, "legal", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_a, NULL, VIGIL_CASE_STATE_ASSIGNED },        /* accept the suggestion */
    { GDK_KEY_e, "crisis-manager", VIGIL_CASE_STATE_ESCALATED },
    { GDK_KEY_l, NULL, VIGIL_CASE_STATE_LEFT_LYING },
    { GDK_KEY_8, "customer-service", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_6, "security", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_7, "pr", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_KP_4, "compliance", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_9, "sales", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_1, "triage", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_2, "crisis-manager", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_a, NULL, VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_a, NULL, VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_l, NULL, VIGIL_CASE_STATE_LEFT_LYING },
    { GDK_KEY_3, "hr", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_e, "crisis-manager", VIGIL_CASE_STATE_ESCALATED },
    { GDK_KEY_5, "legal", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_8, "customer-service", VIGIL_CASE_STATE_ASSIGNED },
    { GDK_KEY_a, NULL, VIGIL_CASE_STATE_ASSIGNED },
  };
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *inbox = vigil_case_board_get_inbox (f->board);
  VigilCase *undone;

  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 20);
  for (guint i = 0; i < 20; i++)
    g_ptr_array_add (order, g_list_model_get_item (inbox, i));

  /* j selects the first card; each action moves on to the next */
  press (f, GDK_KEY_j, 0);
  g_assert_true (vigil_triage_page_get_cursor_case (f->page) == g_ptr_array_index (order, 0));
  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      g_assert_true (vigil_triage_page_get_cursor_case (f->page) == g_ptr_array_index (order, i));
      press (f, plan[i].keyval, 0);
    }
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      VigilCase *kase = g_ptr_array_index (order, i);

      g_test_message ("post %u: %s %s", i, vigil_case_state_to_string (vigil_case_get_state (kase)),
                      vigil_case_get_role (kase));
      g_assert_cmpint (vigil_case_get_state (kase), ==, plan[i].state);
      if (plan[i].keyval == GDK_KEY_a)
        g_assert_cmpstr (vigil_case_get_role (kase), ==, vigil_case_get_suggested_role (kase));
      else if (plan[i].role)
        g_assert_cmpstr (vigil_case_get_role (kase), ==, plan[i].role);
    }

  /* every step is in its case's log, by the nurse */
  for (guint i = 0; i < G_N_ELEMENTS (plan); i++)
    {
      g_autoptr(GPtrArray) log = vigil_case_board_list_log (f->board, g_ptr_array_index (order, i), NULL);

      g_assert_cmpuint (log->len, ==, 2);
      g_assert_cmpstr (((VigilRecord *) g_ptr_array_index (log, 1))->actor, ==, "nurse");
    }

  /* Ctrl+Z takes the last one back to the inbox, and says so in the log */
  press (f, GDK_KEY_z, GDK_CONTROL_MASK);
  undone = g_ptr_array_index (order, 19);
  g_assert_cmpint (vigil_case_get_state (undone), ==, VIGIL_CASE_STATE_NEW);
  g_assert_cmpuint (g_list_model_get_n_items (inbox), ==, 1);
  {
    g_autoptr(GPtrArray) log = vigil_case_board_list_log (f->board, undone, NULL);

    g_assert_cmpuint (log->len, ==, 3);
    g_assert_nonnull (strstr (((VigilRecord *) g_ptr_array_index (log, 2))->body, "\"op\":\"undo\""));
  }

  /* the keys are the ones the shortcuts window lists */
  {
    GVariant *args = NULL;

    g_assert_cmpstr (action_for_key (GTK_WIDGET (f->page), GDK_KEY_k, 0, &args), ==, "triage.previous");
    g_assert_cmpstr (action_for_key (GTK_WIDGET (f->page), GDK_KEY_Return, 0, &args), ==, "triage.open");
    g_assert_cmpstr (action_for_key (GTK_WIDGET (f->page), GDK_KEY_Right, 0, &args), ==, "triage.column-right");
  }
}

/* --- SLA badges ---------------------------------------------------------- */

static VigilCaseCard *
find_card (GtkWidget *widget,
           VigilCase *kase)
{
  if (VIGIL_IS_CASE_CARD (widget) && vigil_case_card_get_case (VIGIL_CASE_CARD (widget)) == kase)
    return VIGIL_CASE_CARD (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      VigilCaseCard *card = find_card (child, kase);
      if (card)
        return card;
    }
  return NULL;
}

static GtkWidget *
find_by_class (GtkWidget  *widget,
               const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_class (child, css_class);
      if (found)
        return found;
    }
  return NULL;
}

static void
test_sla_badge (Fixture       *f,
                gconstpointer  data)
{
  VigilCase *kase = inbox_case (f, 0);
  VigilCaseCard *card;
  GtkWidget *badge;
  gint64 opened = vigil_case_get_opened_us (kase);
  gint64 sla = vigil_case_get_sla_us (kase);

  card = find_card (GTK_WIDGET (f->page), kase);
  g_assert_nonnull (card);
  badge = find_by_class (GTK_WIDGET (card), "vigil-sla");
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_has_css_class (badge, "green"));

  /* 80 % of the allowance gone: amber */
  fake_now = opened + sla * 4 / 5;
  vigil_case_board_refresh_sla (f->board);
  drain_main_loop ();
  g_assert_true (gtk_widget_has_css_class (badge, "amber"));
  g_assert_false (gtk_widget_has_css_class (badge, "green"));

  /* past due: red, and the label says by how much */
  fake_now = opened + sla + 5 * G_TIME_SPAN_MINUTE;
  vigil_case_board_refresh_sla (f->board);
  drain_main_loop ();
  g_assert_true (gtk_widget_has_css_class (badge, "red"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (badge)), ==, "overdue 5 min");
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}

static void
test_roles_editor (Fixture       *f,
                   gconstpointer  data)
{
  GtkWidget *window = vigil_triage_roles_new (f->board);
  GtkWidget *row, *name, *save;
  VigilTriageRole *triage = vigil_case_board_find_role (f->board, "triage");
  VigilTriageColumn *column = column_for (f, VIGIL_TRIAGE_COLUMN_ROLE, "triage");
  g_autoptr(GPtrArray) records = NULL;

  gtk_window_present (GTK_WINDOW (window));
  /* the first role's editors: rename it, add two people */
  row = find_type (window, ADW_TYPE_EXPANDER_ROW);
  g_assert_nonnull (row);
  name = find_type (row, ADW_TYPE_ENTRY_ROW);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "Triage");
  gtk_editable_set_text (GTK_EDITABLE (name), "First Line");
  gtk_editable_set_text (GTK_EDITABLE (find_type (gtk_widget_get_next_sibling (name), ADW_TYPE_ENTRY_ROW)),
                         "ada, ben");
  save = find_button (row, "_Save");
  g_assert_nonnull (save);
  g_signal_emit_by_name (save, "clicked");
  drain_main_loop ();

  g_assert_cmpstr (vigil_triage_role_get_name (triage), ==, "First Line");
  g_assert_true (vigil_triage_role_has_member (triage, "ben"));
  g_assert_cmpuint (vigil_triage_role_get_digit (triage), ==, 1);
  records = vigil_store_list_records (f->store, "role", "triage", 0, 0, NULL);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpstr (((VigilRecord *) g_ptr_array_index (records, 0))->actor, ==, "nurse");
  /* the column shows the new name and its people as drop targets */
  g_assert_nonnull (find_by_class (GTK_WIDGET (column), "vigil-person"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_case_view (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VigilCase *kase = inbox_case (f, 0);
  GtkWidget *view;
  GtkTextView *draft;
  g_autoptr(GPtrArray) log = NULL;
  guint rows = 0;

  g_assert_true (vigil_case_board_assign (f->board, kase, "customer-service", NULL, NULL, &error));
  g_assert_true (vigil_case_board_set_severity (f->board, kase, VIGIL_SEVERITY_HIGH, &error));
  view = vigil_case_view_new (f->board, kase);
  gtk_window_present (GTK_WINDOW (view));
  g_assert_nonnull (vigil_case_view_get_actions_box (VIGIL_CASE_VIEW (view)));

  /* a high-severity reply waits for a senior */
  draft = GTK_TEXT_VIEW (find_type (view, GTK_TYPE_TEXT_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (draft), "We're looking into it and will call you today.", -1);
  g_signal_emit_by_name (find_button (view, "Save _Draft"), "clicked");
  g_assert_cmpint (vigil_case_get_state (kase), ==, VIGIL_CASE_STATE_AWAITING_APPROVAL);
  g_assert_cmpstr (vigil_case_get_draft (kase), ==, "We're looking into it and will call you today.");
  g_assert_false (gtk_widget_get_sensitive (find_button (view, "Mark _Responded")));

  /* the nurse isn't a crisis manager: the approval is refused */
  g_signal_emit_by_name (find_button (view, "_Approve"), "clicked");
  g_assert_null (vigil_case_get_approved_by (kase));
  g_assert_true (vigil_case_board_join_role (f->board, "crisis-manager", "nurse", &error));
  g_signal_emit_by_name (find_button (view, "_Approve"), "clicked");
  g_assert_cmpstr (vigil_case_get_approved_by (kase), ==, "nurse");
  g_assert_true (gtk_widget_get_sensitive (find_button (view, "Mark _Responded")));
  g_signal_emit_by_name (find_button (view, "Mark _Responded"), "clicked");
  g_assert_cmpint (vigil_case_get_state (kase), ==, VIGIL_CASE_STATE_RESPONDED);

  /* the log shows every entry */
  log = vigil_case_board_list_log (f->board, kase, NULL);
  for (GtkWidget *row = gtk_widget_get_first_child (find_by_class (view, "vigil-case-log")); row;
       row = gtk_widget_get_next_sibling (row))
    rows++;
  g_assert_cmpuint (rows, ==, log->len);
  g_assert_cmpuint (log->len, ==, 6);   /* open, assign, severity, draft, approve, respond */
  gtk_window_destroy (GTK_WINDOW (view));
}

static void
test_empty_state (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *status = find_by_class (GTK_WIDGET (f->page), "vigil-triage-page");
  GtkStack *stack = NULL;

  g_assert_nonnull (status);
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (f->page)); w; w = gtk_widget_get_first_child (w))
    {
      for (GtkWidget *c = w; c; c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_STACK (c))
          stack = GTK_STACK (c);
      if (stack)
        break;
    }
  g_assert_nonnull (stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  insert_posts (f->store, 0, 1);
  drain_main_loop ();
  vigil_case_board_scan_inbox (f->board);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "board");
}

int
main (int   argc,
      char *argv[])
{
  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestTriage");
  if (app == NULL)
    return 0;

#define ADD(path, n, func) \
  g_test_add ("/vigil/triage-page/" path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)
  ADD ("drop-on-role", 6, test_drop_on_role);
  ADD ("drop-on-person", 3, test_drop_on_person);
  ADD ("keyboard-triage-20", 20, test_keyboard_triage);
  ADD ("sla-badge", 1, test_sla_badge);
  ADD ("empty-state", 0, test_empty_state);
  ADD ("roles-editor", 0, test_roles_editor);
  ADD ("case-view", 1, test_case_view);

  {
    int status = g_test_run ();
    gui_test_finish (app);
    return status;
  }
}
