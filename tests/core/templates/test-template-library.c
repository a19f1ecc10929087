/* test-template-library.c: the library over the journal: versions, approval, packs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-context.h"
#include "vigil-memory-credential-store.h"
#include "vigil-template-library.h"
#include "vigil-template-pack.h"

typedef struct
{
  VigilContext         *context;
  VigilTemplateLibrary *library;
} Fixture;

static gint64
fixed_clock (gpointer user_data)
{
  return 1765000000000000;   /* 2025-12-06 05:46:40 UTC */
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilStore) store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilCredentialStore) credentials = vigil_memory_credential_store_new ();
  VigilContextOptions options = { .credentials = credentials, .actor = "editor", .no_sources = TRUE };

  g_assert_no_error (error);
  f->context = vigil_context_new_for_store (store, &options, &error);
  g_assert_no_error (error);
  vigil_context_set_clock (f->context, fixed_clock, NULL);
  f->library = vigil_context_ensure_service (f->context, VIGIL_TYPE_TEMPLATE_LIBRARY);
  g_assert_true (VIGIL_IS_TEMPLATE_LIBRARY (f->library));
  g_assert_true (vigil_context_ensure_service (f->context, VIGIL_TYPE_TEMPLATE_LIBRARY) == f->library);
  vigil_template_library_load (f->library, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vigil_context_shutdown (f->context);
  g_assert_finalize_object (f->context);
}

static void
test_default_pack (Fixture       *f,
                   gconstpointer  data)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->library));
  g_autoptr(GHashTable) scenarios = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) locales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;

  g_assert_cmpuint (n, >=, 30);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VigilTemplate) t = g_list_model_get_item (G_LIST_MODEL (f->library), i);
      g_auto(GStrv) ls = vigil_template_dup_locales (t);

      /* shipped as drafts an organisation must approve */
      g_assert_false (vigil_template_get_approved (t));
      g_assert_cmpint (vigil_template_get_revision (t), ==, 1);
      g_assert_cmpstr (vigil_template_get_saved_by (t), ==, "vigil");
      g_hash_table_add (scenarios, (gpointer) vigil_template_get_scenario (t));
      g_hash_table_add (kinds, (gpointer) vigil_template_get_kind (t));
      for (guint j = 0; ls[j]; j++)
        g_hash_table_add (locales, g_strdup (ls[j]));
    }
  g_assert_cmpuint (g_hash_table_size (scenarios), ==, 7);
  g_assert_cmpuint (g_hash_table_size (kinds), ==, 6);
  g_assert_true (g_hash_table_contains (locales, "en"));
  g_assert_true (g_hash_table_contains (locales, "fr"));

  /* loading again (another window, another process) does not seed twice */
  vigil_template_library_load (f->library, &error);
  g_assert_no_error (error);
  records = vigil_store_list_records (vigil_context_get_store (f->context), "template-import", NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->library)), ==, n);
}

static void
test_immutable_after_approval (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VigilTemplate *v1, *v2;
  g_autoptr(VigilTemplate) draft = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *body_v1 = NULL;

  v1 = vigil_template_library_lookup (f->library, "product-fault-holding");
  g_assert_nonnull (v1);
  body_v1 = g_strdup (vigil_template_pick_variant (v1, "en", NULL)->body);

  g_assert_true (vigil_template_library_approve (f->library, "product-fault-holding", 0, "chief", &error));
  g_assert_no_error (error);
  v1 = vigil_template_library_lookup (f->library, "product-fault-holding");
  g_assert_true (vigil_template_get_approved (v1));
  g_assert_cmpstr (vigil_template_get_approved_by (v1), ==, "chief");
  g_assert_cmpint (vigil_template_get_approved_at (v1), ==, fixed_clock (NULL));

  /* approving twice is refused */
  g_assert_false (vigil_template_library_approve (f->library, "product-fault-holding", 1, "chief", &error));
  g_assert_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_ALREADY);
  g_clear_error (&error);

  /* a saved revision can't be edited in place */
  g_assert_false (vigil_template_set_variant_body (v1, "en", NULL, "changed"));
  g_assert_cmpstr (vigil_template_pick_variant (v1, "en", NULL)->body, ==, body_v1);

  /* editing makes a new draft revision; v1 stays approved and unchanged */
  draft = vigil_template_copy_as_draft (v1);
  g_assert_true (vigil_template_set_variant_body (draft, "en", NULL, "We are on it, {author_name}."));
  v2 = vigil_template_library_save (f->library, draft, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vigil_template_get_revision (v2), ==, 2);
  g_assert_false (vigil_template_get_approved (v2));
  g_assert_cmpstr (vigil_template_get_saved_by (v2), ==, "editor");
  g_assert_true (vigil_template_library_lookup (f->library, "product-fault-holding") == v2);
  g_assert_true (vigil_template_library_lookup_approved (f->library, "product-fault-holding") ==
                 vigil_template_library_get_revision (f->library, "product-fault-holding", 1));

  history = vigil_template_library_get_history (f->library, "product-fault-holding");
  g_assert_cmpuint (history->len, ==, 2);
  v1 = g_ptr_array_index (history, 0);
  g_assert_cmpstr (vigil_template_get_approved_by (v1), ==, "chief");
  g_assert_cmpstr (vigil_template_pick_variant (v1, "en", NULL)->body, ==, body_v1);
  g_assert_cmpstr (vigil_template_pick_variant (g_ptr_array_index (history, 1), "en", NULL)->body, ==,
                   "We are on it, {author_name}.");

  /* saving from a stale base is a conflict, and writes nothing */
  g_assert_null (vigil_template_library_save (f->library, draft, 1, NULL, &error));
  g_assert_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (vigil_template_get_revision (vigil_template_library_lookup (f->library, "product-fault-holding")), ==, 2);

  /* only the latest revision can be approved */
  g_assert_false (vigil_template_library_approve (f->library, "product-fault-holding", 1, "chief", &error));
  g_assert_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* a fresh library replaying the same journal sees the same history */
  {
    g_autoptr(VigilTemplateLibrary) again =
      vigil_template_library_new_for_store (vigil_context_get_store (f->context));
    vigil_template_library_load (again, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vigil_template_get_approved_by (vigil_template_library_get_revision (again, "product-fault-holding", 1)), ==, "chief");
    g_assert_false (vigil_template_get_approved (vigil_template_library_lookup (again, "product-fault-holding")));
  }
}

static void
test_approvers (Fixture       *f,
                gconstpointer  data)
{
  const char *people[] = { "alice", "bob", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (vigil_template_library_set_approvers (f->library, people, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (vigil_template_library_approve (f->library, "data-breach-holding", 0, "mallory", &error));
  g_assert_error (error, VIGIL_TEMPLATE_ERROR, VIGIL_TEMPLATE_ERROR_NOT_PERMITTED);
  g_assert_false (vigil_template_get_approved (vigil_template_library_lookup (f->library, "data-breach-holding")));
  g_assert_true (vigil_template_library_approve (f->library, "data-breach-holding", 0, "bob", NULL));
}

static void
test_import_malformed (Fixture       *f,
                       gconstpointer  data)
{
  const char *bad[] = {
    "",
    "{\"format\": \"vigil-template-pack\", \"version\": 1, \"templates\": [",
    "[1, 2, 3]",
    "{\"format\": \"something-else\", \"version\": 1, \"templates\": []}",
    /* the second template is broken: the first must not be imported either */
    "{\"format\": \"vigil-template-pack\", \"version\": 1, \"templates\": ["
    " {\"id\": \"fresh-one\", \"scenario\": \"product-fault\", \"kind\": \"holding\", \"title\": \"T\","
    "  \"variants\": [{\"locale\": \"en\", \"body\": \"Hello\"}]},"
    " {\"id\": \"fresh-two\", \"scenario\": \"product-fault\", \"kind\": \"shouting\", \"title\": \"T\","
    "  \"variants\": [{\"locale\": \"en\", \"body\": \"Hello\"}]}]}",
    "{\"format\": \"vigil-template-pack\", \"version\": 1, \"templates\": ["
    " {\"id\": \"fresh-one\", \"scenario\": \"product-fault\", \"kind\": \"holding\", \"title\": \"T\","
    "  \"variants\": [{\"locale\": \"en\", \"platforms\": [\"myspace\"], \"body\": \"Hello\"}]}]}",
    "{\"format\": \"vigil-template-pack\", \"version\": 1, \"templates\": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}",
  };
  g_autoptr(GError) error = NULL;
  guint n_records = 0;

  {
    g_autoptr(GPtrArray) before = vigil_store_list_records (vigil_context_get_store (f->context), NULL, NULL, 0, 0, NULL);
    n_records = before->len;
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GPtrArray) after = NULL;

      g_assert_false (vigil_template_library_import (f->library, bytes, "bad.json", NULL, NULL, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("%u: %s", i, error->message);
      g_assert_true (strstr (error->message, "bad.json") != NULL);
      g_clear_error (&error);
      after = vigil_store_list_records (vigil_context_get_store (f->context), NULL, NULL, 0, 0, NULL);
      g_assert_cmpuint (after->len, ==, n_records);
      g_assert_null (vigil_template_library_lookup (f->library, "fresh-one"));
    }
}

static void
test_export_import_roundtrip (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(VigilStore) other_store = vigil_store_open (":memory:", &error);
  g_autoptr(VigilTemplateLibrary) other = vigil_template_library_new_for_store (other_store);
  g_autoptr(VigilTemplate) draft = NULL;
  guint n_new = 99, n_updated = 99;

  vigil_template_library_approve (f->library, "hacked-account-holding", 0, "chief", &error);
  g_assert_no_error (error);
  draft = vigil_template_copy_as_draft (vigil_template_library_lookup (f->library, "hacked-account-faq"));
  vigil_template_set_variant_body (draft, "de", NULL, "Danke, {author_name}. Ändern Sie bitte Ihr Passwort: {contact_url}");
  vigil_template_library_save (f->library, draft, 1, NULL, &error);
  g_assert_no_error (error);

  text = vigil_template_library_export (f->library, "approved");
  g_assert_true (strstr (text, "hacked-account-holding"));
  g_assert_false (strstr (text, "data-breach-holding"));
  g_free (text);
  text = vigil_template_library_export (f->library, NULL);
  bytes = g_bytes_new (text, strlen (text));

  vigil_template_library_load (other, &error);
  g_assert_no_error (error);
  /* the other library has the default pack: only the edited one is new content */
  g_assert_true (vigil_template_library_import (other, bytes, "head-office.json", "market", &n_new, &n_updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_new, ==, 0);
  g_assert_cmpuint (n_updated, ==, 1);
  /* imported templates are drafts for the receiving organisation */
  g_assert_false (vigil_template_get_approved (vigil_template_library_lookup (other, "hacked-account-faq")));
  g_assert_cmpstr (vigil_template_pick_variant (vigil_template_library_lookup (other, "hacked-account-faq"), "de", NULL)->locale, ==, "de");
  /* importing the same again changes nothing */
  g_assert_true (vigil_template_library_import (other, bytes, "head-office.json", "market", &n_new, &n_updated, &error));
  g_assert_cmpuint (n_new + n_updated, ==, 0);
}

static void
test_filter_and_pick (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) fr = vigil_template_library_filter (f->library, NULL, "data-breach", NULL, NULL, "fr", "draft");
  g_autoptr(GPtrArray) search = vigil_template_library_filter (f->library, "serial number", NULL, NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) none = vigil_template_library_filter (f->library, NULL, NULL, NULL, NULL, NULL, "approved");
  VigilTemplate *t = vigil_template_library_lookup (f->library, "data-breach-explanation");
  const VigilTemplateVariant *v;

  g_assert_cmpuint (fr->len, ==, 5);
  g_assert_cmpuint (search->len, >=, 1);
  g_assert_cmpuint (none->len, ==, 0);

  v = vigil_template_pick_variant (t, "fr", "x");
  g_assert_cmpstr (v->locale, ==, "fr");
  g_assert_true (g_strv_contains ((const char * const *) v->platforms, "x"));
  v = vigil_template_pick_variant (t, "fr-CA", "mastodon");
  g_assert_cmpstr (v->locale, ==, "fr");
  g_assert_null (v->platforms[0]);
  v = vigil_template_pick_variant (t, "ja", NULL);
  g_assert_cmpstr (v->locale, ==, "en");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/vigil/template-library/default-pack", test_default_pack);
  ADD ("/vigil/template-library/immutable-after-approval", test_immutable_after_approval);
  ADD ("/vigil/template-library/approvers", test_approvers);
  ADD ("/vigil/template-library/import-malformed", test_import_malformed);
  ADD ("/vigil/template-library/export-import", test_export_import_roundtrip);
  ADD ("/vigil/template-library/filter-and-pick", test_filter_and_pick);
  return g_test_run ();
}
