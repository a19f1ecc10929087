/* test-account-register.c: the register over a real (in-memory) store and
 * the in-memory credential store: records, replay, conflicts, warnings,
 * reuse detection, usage log, hacked accounts and their sources
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "accounts-test-util.h"
#include "vigil-account-register.h"
#include "vigil-context.h"
#include "vigil-memory-credential-store.h"
#include "vigil-playbook-service.h"

#define DAY G_TIME_SPAN_DAY

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

typedef struct
{
  VigilStore           *store;
  VigilCredentialStore *credentials;
  VigilContext         *context;
  VigilAccountRegister *reg;
  char                 *config_dir;
} Fixture;

static VigilContext *
make_context (Fixture    *f,
              const char *actor)
{
  g_autoptr(GError) error = NULL;
  VigilContextOptions options = {
    .actor = actor,
    .credentials = f->credentials,
    .no_sources = TRUE,
    .no_classify = TRUE,
  };
  VigilContext *context = vigil_context_new_for_store (f->store, &options, &error);

  g_assert_no_error (error);
  vigil_context_set_clock (context, fake_clock, NULL);
  return context;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fake_now = G_GINT64_CONSTANT (1764000000) * G_USEC_PER_SEC;
  f->store = vigil_store_open (":memory:", &error);
  g_assert_no_error (error);
  f->credentials = vigil_memory_credential_store_new ();
  f->context = make_context (f, "alice");
  f->reg = vigil_context_ensure_service (f->context, VIGIL_TYPE_ACCOUNT_REGISTER);
  g_assert_true (VIGIL_IS_ACCOUNT_REGISTER (f->reg));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vigil_context_shutdown (f->context);
  g_clear_object (&f->context);
  g_clear_object (&f->credentials);
  g_clear_object (&f->store);
}

static JsonObject *
fields (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static VigilAccount *
add (Fixture    *f,
     const char *json)
{
  g_autoptr(JsonObject) o = fields (json);
  g_autoptr(GError) error = NULL;
  VigilAccount *account = vigil_account_register_add (f->reg, o, &error);

  g_assert_no_error (error);
  g_assert_nonnull (account);
  return account;
}

static VigilPasswordStrength *
set_password (Fixture      *f,
              VigilAccount *account,
              const char   *password,
              GError      **error)
{
  Wait wait = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  vigil_account_register_set_password_async (f->reg, account, password, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  return vigil_account_register_set_password_finish (f->reg, result, error);
}

static gboolean
has (VigilAccount        *account,
     VigilAccountWarning  warning)
{
  return (vigil_account_get_warnings (account) & warning) != 0;
}

/* Every record body of the journal, joined: what must never hold a secret. */
static char *
dump_journal (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = vigil_store_list_records (f->store, NULL, NULL, 0, 0, &error);
  GString *all = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      VigilRecord *r = g_ptr_array_index (records, i);

      g_string_append_printf (all, "%s %s %s %s\n", r->kind, r->key, r->actor, r->body);
    }
  return g_string_free (all, FALSE);
}

static void
test_add_replay (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilContext) other = NULL;
  VigilAccountRegister *reg2;
  VigilAccount *account, *copy;

  account = add (f, "{\"platform\":\"mastodon\",\"handle\":\"@press\",\"instance\":\"https://Social.Example/\","
                    "\"ownership\":\"company\",\"owner\":\"Acme Kettles\",\"admin_email\":\"it@acme.example\","
                    "\"access\":[\"PR\",\"bob\"],\"two_factor\":true,\"notes\":\"Main account\"}");
  /* normalised: no leading @, a lower-case host */
  g_assert_cmpstr (vigil_account_get_handle (account), ==, "press");
  g_assert_cmpstr (vigil_account_get_instance (account), ==, "social.example");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->reg)), ==, 1);
  g_assert_true (vigil_account_register_find (f->reg, "mastodon:press@social.example") == account);
  g_assert_true (vigil_account_register_find (f->reg, "@press") == account);

  /* a second context over the same store replays the same state */
  other = make_context (f, "bob");
  reg2 = vigil_context_ensure_service (other, VIGIL_TYPE_ACCOUNT_REGISTER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reg2)), ==, 1);
  copy = vigil_account_register_lookup (reg2, vigil_account_get_id (account));
  g_assert_nonnull (copy);
  g_assert_cmpstr (vigil_account_get_admin_email (copy), ==, "it@acme.example");
  g_assert_cmpstr (vigil_account_get_access (copy)[1], ==, "bob");
  g_assert_true (vigil_account_get_two_factor (copy));
  g_assert_cmpint (vigil_account_get_version (copy), ==, 1);

  /* bob saves first; alice's edit from version 1 conflicts and writes nothing */
  {
    g_autoptr(JsonObject) bob = fields ("{\"platform\":\"mastodon\",\"handle\":\"press\",\"instance\":\"social.example\","
                                        "\"two_factor\":false,\"notes\":\"bob was here\"}");
    g_autoptr(JsonObject) alice = fields ("{\"platform\":\"mastodon\",\"handle\":\"press\",\"instance\":\"social.example\","
                                          "\"two_factor\":true,\"notes\":\"alice\"}");

    g_assert_true (vigil_account_register_update (reg2, copy, bob, &error));
    g_assert_no_error (error);
    /* alice's register hears bob's record ("record-appended", on the main context) */
    for (guint spins = 0; spins < 1000 && vigil_account_get_version (account) < 2; spins++)
      g_main_context_iteration (NULL, spins > 10);
    g_assert_cmpint (vigil_account_get_version (account), ==, 2);
    g_assert_cmpstr (vigil_account_get_notes (account), ==, "bob was here");
    /* a stale copy: version 1 */
    {
      g_autoptr(VigilAccount) stale = vigil_account_new (vigil_account_get_id (account));
      g_autoptr(JsonObject) b = json_object_new ();

      json_object_set_string_member (b, "op", "save");
      json_object_set_string_member (b, "platform", "mastodon");
      json_object_set_string_member (b, "handle", "press");
      json_object_set_string_member (b, "instance", "social.example");
      g_assert_true (vigil_account_apply_record (stale, b, 1, fake_now, NULL));
      g_assert_false (vigil_account_register_update (f->reg, stale, alice, &error));
      g_assert_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_CONFLICT);
      g_clear_error (&error);
    }
    g_assert_cmpstr (vigil_account_get_notes (account), ==, "bob was here");
  }

  /* hostile or wrong input is refused with a message */
  {
    const char *bad[] = {
      "{\"platform\":\"myspace\",\"handle\":\"x\"}",
      "{\"platform\":\"x\",\"handle\":\"\"}",
      "{\"platform\":\"mastodon\",\"handle\":\"press@social.example\"}",
      "{\"platform\":\"x\",\"handle\":\"ok\",\"admin_email\":\"not an email\"}",
      "{\"platform\":\"x\",\"handle\":\"ok\",\"access\":\"everyone\"}",
      "{\"platform\":\"x\",\"handle\":42}",
      "{\"platform\":\"mastodon\",\"handle\":\"PRESS\",\"instance\":\"social.example\"}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(JsonObject) o = fields (bad[i]);

        g_assert_null (vigil_account_register_add (f->reg, o, &error));
        g_assert_nonnull (error);
        g_assert_true (error->domain == VIGIL_ACCOUNT_ERROR);
        g_assert_cmpuint (strlen (error->message), >, 15);
        g_clear_error (&error);
      }
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->reg)), ==, 1);
  }
}

static void
test_warnings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPasswordStrength) s1 = NULL, s2 = NULL, s3 = NULL, s4 = NULL;
  g_autofree char *journal = NULL;
  VigilAccount *a, *b, *c, *d;

  a = add (f, "{\"platform\":\"x\",\"handle\":\"acme\",\"two_factor\":true,\"admin_email\":\"social@acme.example\"}");
  b = add (f, "{\"platform\":\"instagram\",\"handle\":\"acme\",\"two_factor\":false,\"admin_email\":\"Social@acme.example\","
              "\"ownership\":\"personal\",\"owner\":\"Dana (intern)\"}");
  c = add (f, "{\"platform\":\"facebook\",\"handle\":\"acmekettles\",\"two_factor\":true,\"admin_email\":\"social@acme.example\"}");
  d = add (f, "{\"platform\":\"linkedin\",\"handle\":\"acme-kettles\",\"two_factor\":true,\"admin_email\":\"hr@acme.example\"}");

  /* no password ever set: rotation can't be shown, so it is overdue */
  g_assert_true (has (a, VIGIL_ACCOUNT_WARNING_ROTATION_OVERDUE));
  g_assert_false (has (a, VIGIL_ACCOUNT_WARNING_NO_2FA));
  g_assert_true (has (b, VIGIL_ACCOUNT_WARNING_NO_2FA));
  g_assert_true (has (b, VIGIL_ACCOUNT_WARNING_PERSONAL_OWNER));
  g_assert_false (has (a, VIGIL_ACCOUNT_WARNING_PERSONAL_OWNER));
  /* three accounts share social@ (ignoring case); hr@ is alone */
  g_assert_true (has (a, VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL));
  g_assert_true (has (b, VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL));
  g_assert_false (has (d, VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL));
  vigil_account_register_set_shared_email_threshold (f->reg, 4);
  g_assert_false (has (a, VIGIL_ACCOUNT_WARNING_SHARED_ADMIN_EMAIL));
  vigil_account_register_set_shared_email_threshold (f->reg, 3);

  /* passwords: a and c share one, b is weak, d is strong and unique */
  s1 = set_password (f, a, "Kettle-Storm-Orbit-Lichen-42", &error);
  g_assert_no_error (error);
  s2 = set_password (f, b, "password", &error);
  g_assert_no_error (error);
  g_assert_cmpint (s2->score, ==, 0);
  s3 = set_password (f, c, "Kettle-Storm-Orbit-Lichen-42", &error);
  g_assert_no_error (error);
  s4 = set_password (f, d, "q7#Lm2$vR9!xZ4pW-unique", &error);
  g_assert_no_error (error);

  g_assert_true (has (a, VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD));
  g_assert_true (has (c, VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD));
  g_assert_false (has (b, VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD));
  g_assert_false (has (d, VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD));
  g_assert_true (has (b, VIGIL_ACCOUNT_WARNING_WEAK_PASSWORD));
  g_assert_false (has (a, VIGIL_ACCOUNT_WARNING_WEAK_PASSWORD));
  /* just set: rotation is fresh */
  g_assert_false (has (a, VIGIL_ACCOUNT_WARNING_ROTATION_OVERDUE));
  g_assert_cmpint (vigil_account_get_rotated_us (a), ==, fake_now);

  /* 91 days later (the context's clock), rotation is overdue; at 120 days it isn't */
  fake_now += 91 * DAY;
  vigil_account_register_refresh_warnings (f->reg);
  g_assert_true (has (a, VIGIL_ACCOUNT_WARNING_ROTATION_OVERDUE));
  vigil_account_register_set_rotation_days (f->reg, 120);
  g_assert_false (has (a, VIGIL_ACCOUNT_WARNING_ROTATION_OVERDUE));

  /* changing c's password ends the reuse */
  g_clear_pointer (&s3, vigil_password_strength_free);
  s3 = set_password (f, c, "another-Unique-passphrase-of-words", &error);
  g_assert_no_error (error);
  g_assert_false (has (a, VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD));
  g_assert_false (has (c, VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD));

  /* the secrets are in the credential store only: never in a record */
  journal = dump_journal (f);
  g_assert_null (strstr (journal, "Kettle-Storm"));
  g_assert_null (strstr (journal, "\"password\"\n"));
  g_assert_null (strstr (journal, "q7#Lm2"));
  g_assert_null (strstr (journal, "another-Unique"));
  g_assert_nonnull (strstr (journal, "\"score\":0"));
  g_assert_cmpuint (vigil_memory_credential_store_get_n_items (VIGIL_MEMORY_CREDENTIAL_STORE (f->credentials)), ==, 4);

  /* a fresh register knows the scores (weak survives) but not reuse until it checks */
  {
    g_autoptr(VigilContext) other = make_context (f, "bob");
    VigilAccountRegister *reg2 = vigil_context_ensure_service (other, VIGIL_TYPE_ACCOUNT_REGISTER);
    VigilAccount *b2 = vigil_account_register_lookup (reg2, vigil_account_get_id (b));
    VigilAccount *a2 = vigil_account_register_lookup (reg2, vigil_account_get_id (a));
    Wait wait = { NULL };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(VigilPasswordStrength) again = NULL;

    g_assert_true (has (b2, VIGIL_ACCOUNT_WARNING_WEAK_PASSWORD));
    again = set_password (f, c, "Kettle-Storm-Orbit-Lichen-42", &error);
    g_assert_no_error (error);
    g_assert_false (has (a2, VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD));
    vigil_account_register_check_passwords_async (reg2, NULL, on_done_cb, &wait);
    result = wait_for (&wait);
    g_assert_true (vigil_account_register_check_passwords_finish (reg2, result, &error));
    g_assert_no_error (error);
    g_assert_true (has (a2, VIGIL_ACCOUNT_WARNING_REUSED_PASSWORD));
    g_assert_cmpstr (vigil_account_register_get_secrets_problem (reg2), ==, "");
    vigil_context_shutdown (other);
  }
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPasswordStrength) s = NULL;
  g_autoptr(GPtrArray) usage = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { NULL };
  VigilAccount *a, *b;
  char *secret;

  a = add (f, "{\"platform\":\"x\",\"handle\":\"acme\"}");
  b = add (f, "{\"platform\":\"x\",\"handle\":\"acme_support\"}");
  s = set_password (f, a, "correct horse battery staple", &error);
  g_assert_no_error (error);

  fake_now += 60 * G_USEC_PER_SEC;
  vigil_context_set_actor (f->context, "carol");
  vigil_account_register_reveal_password_async (f->reg, a, "password", NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  secret = vigil_account_register_reveal_password_finish (f->reg, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "correct horse battery staple");
  vigil_credential_free_secret (secret);

  /* nothing stored for b: an error, and no usage logged */
  g_clear_object (&result);
  wait.result = NULL;
  vigil_account_register_reveal_password_async (f->reg, b, "password", NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  g_assert_null (vigil_account_register_reveal_password_finish (f->reg, result, &error));
  g_assert_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  usage = vigil_account_register_list_usage (f->reg, a, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (usage->len, ==, 2);
  /* newest first: carol copied it after alice set it */
  g_assert_cmpstr (((VigilAccountUsage *) usage->pdata[0])->action, ==, "copy");
  g_assert_cmpstr (((VigilAccountUsage *) usage->pdata[0])->actor, ==, "carol");
  g_assert_cmpint (((VigilAccountUsage *) usage->pdata[0])->at_us, ==, fake_now);
  g_assert_cmpstr (((VigilAccountUsage *) usage->pdata[1])->action, ==, "set-password");
  g_assert_cmpstr (((VigilAccountUsage *) usage->pdata[1])->actor, ==, "alice");
  g_clear_pointer (&usage, g_ptr_array_unref);
  usage = vigil_account_register_list_usage (f->reg, b, 0, &error);
  g_assert_cmpuint (usage->len, ==, 0);
}

static void
test_hacked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VigilSourceManager *manager = vigil_context_get_source_manager (f->context);
  VigilSource *source;
  VigilAccount *a;
  g_autoptr(GPtrArray) steps = NULL;

  a = add (f, "{\"platform\":\"mastodon\",\"handle\":\"press\",\"instance\":\"social.example\",\"two_factor\":true}");
  source = vigil_source_manager_add (manager, "mastodon:http://127.0.0.1:9/tag/acme", "Acme tag",
                                     "press@social.example", &error);
  g_assert_no_error (error);
  g_assert_false (vigil_source_manager_get_paused (manager, source));
  /* a second source a person paused on purpose stays paused after recovery */
  {
    VigilSource *other = vigil_source_manager_add (manager, "mastodon:http://127.0.0.1:9/tag/kettles", "Kettles",
                                                   "press@social.example", &error);

    g_assert_no_error (error);
    g_assert_true (vigil_source_manager_set_paused (manager, other, TRUE, &error));
  }

  g_assert_true (vigil_account_register_report_hacked (f->reg, a, "Posted crypto spam at 03:12", &error));
  g_assert_no_error (error);
  g_assert_true (vigil_account_get_compromised (a));
  g_assert_true (has (a, VIGIL_ACCOUNT_WARNING_COMPROMISED));
  /* its source is paused, and can't be resumed while hacked */
  g_assert_true (vigil_source_manager_is_account_blocked (manager, "press@social.example"));
  g_assert_true (vigil_source_manager_get_paused (manager, source));
  /* saved as paused too (sources.json), for wherever the register is not running */
  {
    g_autofree char *json = NULL;

    g_assert_true (g_file_get_contents (vigil_source_manager_get_path (manager), &json, NULL, NULL));
    g_assert_null (strstr (json, "\"paused\": false"));
    g_assert_null (strstr (json, "\"paused\":false"));
  }
  g_assert_cmpuint (g_strv_length ((char **) vigil_account_get_paused_sources (a)), ==, 1);
  g_assert_false (vigil_source_manager_set_paused (manager, source, FALSE, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "hacked"));
  g_clear_error (&error);

  /* a second context (the next start) blocks it again from the journal */
  {
    g_autoptr(VigilContext) other = make_context (f, "bob");
    VigilSourceManager *m2 = vigil_context_get_source_manager (other);
    VigilAccountRegister *reg2 = vigil_context_ensure_service (other, VIGIL_TYPE_ACCOUNT_REGISTER);

    g_assert_nonnull (reg2);
    g_assert_true (vigil_source_manager_is_account_blocked (m2, "press@social.example"));
    vigil_context_shutdown (other);
  }

  /* clearing needs the checklist, unless forced */
  g_assert_false (vigil_account_register_clear_compromised (f->reg, a, FALSE, &error));
  g_assert_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_COMPROMISED);
  g_clear_error (&error);
  g_assert_false (vigil_account_register_set_step_done (f->reg, a, "not-a-step", TRUE, &error));
  g_assert_error (error, VIGIL_ACCOUNT_ERROR, VIGIL_ACCOUNT_ERROR_INVALID);
  g_clear_error (&error);

  /* the checklist is a run of the shipped hacked-account playbook */
  g_assert_cmpstr (vigil_account_get_playbook_run (a), !=, "");
  {
    VigilPlaybookService *playbooks = vigil_context_ensure_service (f->context, VIGIL_TYPE_PLAYBOOK_SERVICE);
    VigilPlaybookRun *run = vigil_playbook_service_get_run (playbooks, vigil_account_get_playbook_run (a));

    g_assert_nonnull (run);
    g_assert_cmpstr (vigil_playbook_run_get_playbook (run), ==, "hacked-account");
    g_assert_cmpstr (vigil_playbook_run_get_subject (run), ==, "Mastodon @press@social.example");
  }
  steps = vigil_account_register_list_steps (f->reg, a);
  g_assert_cmpuint (steps->len, >=, 3);
  for (guint i = 0; i < steps->len; i++)
    {
      VigilHackedStepState *step = g_ptr_array_index (steps, i);

      g_assert_false (step->done);
      g_assert_true (vigil_account_register_set_step_done (f->reg, a, step->id, TRUE, &error));
      g_assert_no_error (error);
    }
  /* one step undone: clearing is refused again */
  {
    const char *first = ((VigilHackedStepState *) steps->pdata[0])->id;
    g_autoptr(GPtrArray) now = NULL;

    g_assert_true (vigil_account_register_set_step_done (f->reg, a, first, FALSE, &error));
    now = vigil_account_register_list_steps (f->reg, a);
    g_assert_false (((VigilHackedStepState *) now->pdata[0])->done);
    g_assert_true (((VigilHackedStepState *) now->pdata[1])->done);
    g_assert_false (vigil_account_register_clear_compromised (f->reg, a, FALSE, &error));
    g_clear_error (&error);
    g_assert_true (vigil_account_register_set_step_done (f->reg, a, first, TRUE, &error));
  }
  g_assert_true (vigil_account_register_clear_compromised (f->reg, a, FALSE, &error));
  g_assert_no_error (error);

  g_assert_false (vigil_account_get_compromised (a));
  g_assert_false (has (a, VIGIL_ACCOUNT_WARNING_COMPROMISED));
  g_assert_false (vigil_source_manager_is_account_blocked (manager, "press@social.example"));
  g_assert_false (vigil_source_manager_get_paused (manager, source));
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (manager));
    guint still_paused = 0;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(VigilSource) s = g_list_model_get_item (G_LIST_MODEL (manager), i);

        if (vigil_source_manager_get_paused (manager, s))
          {
            still_paused++;
            g_assert_cmpstr (vigil_source_manager_get_label (manager, s), ==, "Kettles");
          }
      }
    g_assert_cmpuint (still_paused, ==, 1);
  }
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilPasswordStrength) s = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Wait wait = { NULL };
  VigilAccount *a;
  g_autofree char *id = NULL;

  a = add (f, "{\"platform\":\"x\",\"handle\":\"acme\"}");
  id = g_strdup (vigil_account_get_id (a));
  s = set_password (f, a, "correct horse battery staple", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_memory_credential_store_get_n_items (VIGIL_MEMORY_CREDENTIAL_STORE (f->credentials)), ==, 1);

  vigil_account_register_remove_async (f->reg, a, FALSE, NULL, on_done_cb, &wait);
  result = wait_for (&wait);
  g_assert_true (vigil_account_register_remove_finish (f->reg, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->reg)), ==, 0);
  g_assert_null (vigil_account_register_lookup (f->reg, id));
  /* its secrets left the keyring with it */
  g_assert_cmpuint (vigil_memory_credential_store_get_n_items (VIGIL_MEMORY_CREDENTIAL_STORE (f->credentials)), ==, 0);
  /* the same handle can be added again */
  add (f, "{\"platform\":\"x\",\"handle\":\"acme\"}");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = g_dir_make_tmp ("vigil-accounts-XXXXXX", NULL);
  int status;

  /* the source manager must never touch the developer's sources.json */
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vigil/account-register/add-replay", Fixture, NULL, fixture_set_up, test_add_replay, fixture_tear_down);
  g_test_add ("/vigil/account-register/warnings", Fixture, NULL, fixture_set_up, test_warnings, fixture_tear_down);
  g_test_add ("/vigil/account-register/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);
  g_test_add ("/vigil/account-register/hacked", Fixture, NULL, fixture_set_up, test_hacked, fixture_tear_down);
  g_test_add ("/vigil/account-register/remove", Fixture, NULL, fixture_set_up, test_remove, fixture_tear_down);
  status = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", config);
    (void) !system (cmd);
  }
  return status;
}
