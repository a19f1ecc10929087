/* test-accounts.c: the Accounts page and the account editor, in a real
 * window: empty state, warning badges, add and edit, the strength meter,
 * storing a password, the usage log, "Report hacked" and its checklist,
 * and the banner when the keyring is unusable
 *
 * VIGIL_TEST_HOLD=SECONDS keeps the window with warnings on screen that
 * long (for `import -window root` screenshots).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "accounts/vigil-account-editor.h"
#include "accounts/vigil-account-row.h"
#include "accounts/vigil-accounts-page.h"
#include "gui-test-util.h"
#include "vigil-account-register.h"

static VigilApplication *app;

/* --- a credential store whose keyring is missing (the banner's case) --- */

#define TEST_TYPE_BROKEN_STORE (test_broken_store_get_type ())
G_DECLARE_FINAL_TYPE (TestBrokenStore, test_broken_store, TEST, BROKEN_STORE, GObject)
struct _TestBrokenStore { GObject parent_instance; };
static void broken_iface_init (VigilCredentialStoreInterface *iface);
G_DEFINE_FINAL_TYPE_WITH_CODE (TestBrokenStore, test_broken_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (VIGIL_TYPE_CREDENTIAL_STORE, broken_iface_init))

static void
broken_fail (gpointer            self,
             GAsyncReadyCallback callback,
             gpointer            user_data)
{
  g_task_report_new_error (self, callback, user_data, NULL, VIGIL_CREDENTIAL_ERROR,
                           VIGIL_CREDENTIAL_ERROR_NO_SERVICE, "No keyring is running (test).");
}

static void
broken_store (VigilCredentialStore *s, const char *a, const char *b, const char *c,
              GCancellable *k, GAsyncReadyCallback cb, gpointer d)
{
  broken_fail (s, cb, d);
}

static void
broken_lookup (VigilCredentialStore *s, const char *a, const char *b,
               GCancellable *k, GAsyncReadyCallback cb, gpointer d)
{
  broken_fail (s, cb, d);
}

static gboolean
broken_finish (VigilCredentialStore *s, GAsyncResult *r, GError **e)
{
  return g_task_propagate_boolean (G_TASK (r), e);
}

static char *
broken_lookup_finish (VigilCredentialStore *s, GAsyncResult *r, GError **e)
{
  return g_task_propagate_pointer (G_TASK (r), e);
}

static void
broken_iface_init (VigilCredentialStoreInterface *iface)
{
  iface->store_async = broken_store;
  iface->lookup_async = broken_lookup;
  iface->clear_async = broken_lookup;
  iface->store_finish = broken_finish;
  iface->lookup_finish = broken_lookup_finish;
  iface->clear_finish = broken_finish;
}

static void test_broken_store_class_init (TestBrokenStoreClass *k) {}
static void test_broken_store_init (TestBrokenStore *s) {}

/* --- helpers --- */

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_dialog (gpointer data)
{
  return find_dialog () != NULL;
}

typedef struct
{
  VigilStore           *store;
  VigilWindow          *window;
  VigilContext         *context;
  VigilAccountRegister *reg;
  VigilAccountsPage    *page;
} Fixture;

static void
fixture_open (Fixture              *f,
              VigilCredentialStore *credentials)
{
  g_autoptr(GError) error = NULL;

  f->store = vigil_store_open (":memory:", &error);
  g_assert_no_error (error);
  if (credentials == NULL)
    f->window = gui_test_window_new (app, f->store, NULL, NULL);
  else
    {
      g_autoptr(VigilContext) context = NULL;
      VigilContextOptions options = { .credentials = credentials, .no_sources = TRUE };

      context = vigil_context_new_for_store (f->store, &options, &error);
      g_assert_no_error (error);
      f->window = vigil_window_new (GTK_APPLICATION (app), context);
    }
  f->context = vigil_window_get_context (f->window);
  f->reg = vigil_context_ensure_service (f->context, VIGIL_TYPE_ACCOUNT_REGISTER);
  f->page = VIGIL_ACCOUNTS_PAGE (find_widget (GTK_WIDGET (f->window), VIGIL_TYPE_ACCOUNTS_PAGE));
  g_assert_nonnull (f->page);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s", "accounts"));
  drain_main_loop ();
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  drain_main_loop ();
  g_clear_object (&f->store);
}

static VigilAccount *
add (Fixture    *f,
     const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  VigilAccount *account;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  account = vigil_account_register_add (f->reg, json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  return account;
}

static VigilAccountRow *
row_for (Fixture      *f,
         VigilAccount *account)
{
  GtkListBox *list = vigil_accounts_page_get_list (f->page);

  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (row == NULL)
        return NULL;
      if (vigil_account_row_get_account (VIGIL_ACCOUNT_ROW (row)) == account)
        return VIGIL_ACCOUNT_ROW (row);
    }
}

static gboolean
has_password (gpointer data)
{
  return vigil_account_get_has_password (data);
}

static gboolean
page_has_usage (gpointer data)
{
  return vigil_accounts_page_get_n_usage (data) > 0;
}

static gboolean
clipboard_has_copy (gpointer data)
{
  GdkContentFormats *formats = gdk_clipboard_get_formats (GDK_CLIPBOARD (data));

  return gdk_content_formats_contain_mime_type (formats, "x-kde-passwordManagerHint");
}

typedef struct
{
  char    *text;
  gboolean done;
} ReadText;

static void
on_text_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ReadText *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
text_was_read (gpointer data)
{
  return ((ReadText *) data)->done;
}

static gboolean
clipboard_is_cleared (gpointer data)
{
  return !clipboard_has_copy (data);
}

static gboolean
page_has_banner (gpointer data)
{
  return vigil_accounts_page_get_banner (data) != NULL;
}

/* VIGIL_TEST_HOLD=SECONDS: leave what is shown on screen that long. */
static void
hold (void)
{
  const char *hold = g_getenv ("VIGIL_TEST_HOLD");
  gint64 until;

  if (hold == NULL)
    return;
  until = g_get_monotonic_time () + g_ascii_strtoll (hold, NULL, 10) * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* --- tests --- */

static void
test_list (void)
{
  Fixture f = { 0 };
  VigilAccount *a, *b, *c;

  fixture_open (&f, NULL);
  g_assert_cmpstr (vigil_accounts_page_get_state (f.page), ==, "empty");

  a = add (&f, "{\"platform\":\"mastodon\",\"handle\":\"press\",\"instance\":\"social.example\",\"two_factor\":true,"
               "\"admin_email\":\"social@acme.example\",\"owner\":\"Acme Kettles\",\"rotated_at\":\"2026-11-20T00:00:00Z\"}");
  b = add (&f, "{\"platform\":\"instagram\",\"handle\":\"acmekettles\",\"admin_email\":\"social@acme.example\","
               "\"ownership\":\"personal\",\"owner\":\"Dana (intern)\"}");
  c = add (&f, "{\"platform\":\"x\",\"handle\":\"acme_support\",\"two_factor\":true,\"admin_email\":\"social@acme.example\"}");
  add (&f, "{\"platform\":\"linkedin\",\"handle\":\"acme-kettles\",\"two_factor\":true,\"admin_email\":\"hr@acme.example\","
           "\"rotated_at\":\"2026-11-30T00:00:00Z\"}");
  g_assert_true (vigil_account_register_report_hacked (f.reg, c, "Spam at 03:12", NULL));
  drain_main_loop ();

  g_assert_cmpstr (vigil_accounts_page_get_state (f.page), ==, "list");
  /* one badge per warning */
  g_assert_cmpuint (vigil_account_row_get_n_badges (row_for (&f, b)), ==, 4);  /* no 2FA, rotation, personal, shared */
  g_assert_cmpuint (vigil_account_row_get_n_badges (row_for (&f, c)), ==, 3);  /* hacked, rotation, shared */
  g_assert_true (vigil_account_get_warnings (a) & VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL);
  g_assert_null (vigil_accounts_page_get_banner (f.page));

  hold ();
  fixture_close (&f);
}

static void
test_editor (void)
{
  Fixture f = { 0 };
  VigilAccountEditor *editor;
  VigilAccount *account;
  AdwEntryRow *password_row;

  fixture_open (&f, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "accounts.add", NULL));
  editor = VIGIL_ACCOUNT_EDITOR (vigil_accounts_page_get_editor (f.page));
  g_assert_nonnull (editor);
  g_assert_null (vigil_account_editor_get_account (editor));

  vigil_account_editor_fill (editor, "{\"platform\":\"mastodon\",\"handle\":\"press\",\"instance\":\"social.example\","
                                     "\"two_factor\":true,\"admin_email\":\"it@acme.example\",\"access\":[\"PR\",\"bob\"]}");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  account = vigil_account_editor_get_account (editor);
  g_assert_nonnull (account);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.reg)), ==, 1);
  g_assert_cmpstr (vigil_account_get_access (account)[1], ==, "bob");
  g_assert_cmpstr (vigil_accounts_page_get_state (f.page), ==, "list");

  /* the meter follows what is typed */
  vigil_account_editor_type_password (editor, "password");
  g_assert_cmpint (vigil_account_editor_get_meter_score (editor), ==, 0);
  vigil_account_editor_type_password (editor, "Tr0ub4dour&3");
  g_assert_cmpint (vigil_account_editor_get_meter_score (editor), <=, 2);
  hold ();
  vigil_account_editor_type_password (editor, "vapid-Gravel-orbit-Sunday-lichen-7");
  g_assert_cmpint (vigil_account_editor_get_meter_score (editor), ==, 4);

  /* Enter stores it (in the in-memory keyring), and the use is logged */
  password_row = ADW_ENTRY_ROW (find_widget (GTK_WIDGET (editor), ADW_TYPE_PASSWORD_ENTRY_ROW));
  g_signal_emit_by_name (password_row, "apply");
  wait_for (has_password, account, "the password to be stored");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  g_assert_cmpint (vigil_account_get_password_score (account), ==, 4);
  wait_for (page_has_usage, f.page, "the usage log to show the change");

  /* copying: the text, marked as a secret for clipboard managers, and logged */
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (editor));
    ReadText read = { NULL, FALSE };
    g_autoptr(GPtrArray) usage = NULL;

    vigil_account_editor_set_clipboard_seconds (editor, 1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.copy-password", NULL));
    wait_for (clipboard_has_copy, clipboard, "the copied password");
    gdk_clipboard_read_text_async (clipboard, NULL, on_text_read_cb, &read);
    wait_for (text_was_read, &read, "the clipboard's text");
    g_assert_cmpstr (read.text, ==, "vapid-Gravel-orbit-Sunday-lichen-7");
    g_free (read.text);
    usage = vigil_account_register_list_usage (f.reg, account, 0, NULL);
    g_assert_cmpstr (((VigilAccountUsage *) usage->pdata[0])->action, ==, "copy");
    /* and it leaves the clipboard by itself */
    wait_for (clipboard_is_cleared, clipboard, "the clipboard to be cleared");
  }

  gtk_window_destroy (GTK_WINDOW (editor));
  fixture_close (&f);
}

static void
test_hacked (void)
{
  Fixture f = { 0 };
  VigilAccountEditor *editor;
  VigilAccount *account;
  AdwMessageDialog *dialog;
  g_autofree char *id = NULL;
  guint n;

  fixture_open (&f, NULL);
  account = add (&f, "{\"platform\":\"mastodon\",\"handle\":\"press\",\"instance\":\"social.example\"}");
  id = g_strdup (vigil_account_get_id (account));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "accounts.open", "s", id));
  editor = VIGIL_ACCOUNT_EDITOR (vigil_accounts_page_get_editor (f.page));
  g_assert_true (vigil_account_editor_get_account (editor) == account);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.report-hacked", NULL));
  wait_for (has_dialog, NULL, "the confirmation");
  dialog = find_dialog ();
  adw_message_dialog_response (dialog, "report");
  drain_main_loop ();
  g_assert_true (vigil_account_get_compromised (account));
  {
    g_autoptr(GPtrArray) steps = vigil_account_register_list_steps (f.reg, account);

    n = steps->len;  /* the hacked-account playbook's steps */
    g_assert_cmpuint (n, >=, 3);
  }
  hold ();
  g_assert_true (vigil_source_manager_is_account_blocked (vigil_context_get_source_manager (f.context),
                                                          "press@social.example"));

  /* the checklist: ticking every step, then "recovered" clears it */
  {
    GtkWidget *group = find_widget (GTK_WIDGET (editor), ADW_TYPE_PREFERENCES_GROUP);
    g_autoptr(GPtrArray) checks = g_ptr_array_new ();
    GtkWidget *w = group;

    g_assert_true (gtk_widget_get_visible (group));  /* the hacked group comes first */
    /* collect the check buttons inside the hacked group */
    {
      GPtrArray *stack = g_ptr_array_new ();

      g_ptr_array_add (stack, w);
      while (stack->len > 0)
        {
          GtkWidget *x = g_ptr_array_steal_index (stack, stack->len - 1);

          if (GTK_IS_CHECK_BUTTON (x))
            g_ptr_array_add (checks, x);
          for (GtkWidget *c = gtk_widget_get_first_child (x); c != NULL; c = gtk_widget_get_next_sibling (c))
            g_ptr_array_add (stack, c);
        }
      g_ptr_array_unref (stack);
    }
    g_assert_cmpuint (checks->len, ==, n);
    for (guint i = 0; i < checks->len; i++)
      gtk_check_button_set_active (g_ptr_array_index (checks, i), TRUE);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.recovered", NULL));
  drain_main_loop ();
  g_assert_false (vigil_account_get_compromised (account));
  g_assert_false (vigil_source_manager_is_account_blocked (vigil_context_get_source_manager (f.context),
                                                           "press@social.example"));
  gtk_window_destroy (GTK_WINDOW (editor));
  fixture_close (&f);
}

static void
test_no_keyring (void)
{
  g_autoptr(VigilCredentialStore) broken = g_object_new (TEST_TYPE_BROKEN_STORE, NULL);
  Fixture f = { 0 };

  fixture_open (&f, broken);
  wait_for (page_has_banner, f.page, "the keyring banner");
  g_assert_nonnull (strstr (vigil_accounts_page_get_banner (f.page), "No keyring"));
  /* what needs no secret keeps working */
  add (&f, "{\"platform\":\"x\",\"handle\":\"acme\"}");
  drain_main_loop ();
  g_assert_cmpstr (vigil_accounts_page_get_state (f.page), ==, "list");
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = gui_test_init (&argc, &argv, "io.github.vigilapp.Vigil.TestAccounts");
  if (app == NULL)
    return 0;
  g_test_add_func ("/vigil/accounts-page/list", test_list);
  g_test_add_func ("/vigil/accounts-page/editor", test_editor);
  g_test_add_func ("/vigil/accounts-page/hacked", test_hacked);
  g_test_add_func ("/vigil/accounts-page/no-keyring", test_no_keyring);
  status = g_test_run ();
  gui_test_finish (app);
  return status;
}
