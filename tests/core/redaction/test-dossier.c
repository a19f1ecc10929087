/* test-dossier.c: dossiers in the journal, encrypted originals, releases,
 * exports, the audit chain and retention
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "vigil-context.h"
#include "vigil-dossier-cipher.h"
#include "vigil-dossier-private.h"
#include "vigil-dossier-service.h"
#include "vigil-memory-credential-store.h"

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
  VigilDossierService  *service;
  char                 *dir;
} Fixture;

/* Texts with what the detector must find; the removed words must never
 * reach a release, an export, the journal or the blobs in clear. */
static const char *const post_1 =
  "Proud mum of two and a practising Catholic. Back from maternity leave in May, "
  "happy to be leading the payments team again.";
static const char *const post_2 =
  "Graduated from Leeds in 1987. I use a wheelchair and I review venues for accessibility.";
static const char *const removed_words[] = {
  "mum of two", "Catholic", "maternity", "1987", "wheelchair", NULL
};

static VigilContext *
new_context (VigilStore           *store,
             VigilCredentialStore *credentials,
             const char           *actor)
{
  g_autoptr(GError) error = NULL;
  VigilContextOptions options = {
    .actor = actor,
    .credentials = credentials,
    .no_sources = TRUE,
    .no_classify = TRUE,
  };
  VigilContext *context = vigil_context_new_for_store (store, &options, &error);

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
  f->context = new_context (f->store, f->credentials, "rita");
  f->service = vigil_dossier_service_get (f->context);
  f->dir = g_dir_make_tmp ("vigil-dossier-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  vigil_context_shutdown (f->context);
  g_clear_object (&f->context);
  g_clear_object (&f->credentials);
  g_clear_object (&f->store);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (!*slot)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static VigilDossier *
create (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  VigilDossier *dossier;

  vigil_dossier_service_create_async (f->service, "2026-014", "Senior payments engineer",
                                      "en", 0, NULL, got_result, &result);
  dossier = vigil_dossier_service_create_finish (f->service, wait_result (&result), &error);
  g_object_unref (result);
  g_assert_no_error (error);
  g_assert_nonnull (dossier);
  return dossier;
}

static void
fill (Fixture      *f,
      VigilDossier *dossier)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) image = g_bytes_new_static ("\x89PNG fake image bytes", 21);

  g_assert_true (vigil_dossier_service_add_text (f->service, dossier, "text", "linkedin",
                                                 "https://example.social/p/1", post_1, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_dossier_service_add_text (f->service, dossier, "archive", "mastodon",
                                                 "https://example.social/@c/2", post_2, &error));
  g_assert_no_error (error);
  g_assert_true (vigil_dossier_service_add_image (f->service, dossier, image, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_clean (const char *what,
              const char *text)
{
  for (guint i = 0; removed_words[i]; i++)
    if (strstr (text, removed_words[i]))
      g_error ("%s still contains “%s”", what, removed_words[i]);
}

static void
test_release (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(VigilDossier) dossier = create (f);
  g_autoptr(GError) error = NULL;
  const VigilDossierRelease *release;
  g_autofree char *pdf = g_build_filename (f->dir, "release.pdf", NULL);
  g_autofree char *txt = g_build_filename (f->dir, "release.txt", NULL);
  g_autofree char *text_out = NULL;
  g_autofree char *pdf_text = NULL;
  g_autofree char *stderr_out = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *url = NULL;
  g_autofree char *original = NULL;
  GPtrArray *audit;
  int status = 0;

  fill (f, dossier);
  g_assert_cmpuint (vigil_dossier_get_n_items (dossier), ==, 3);
  g_assert_cmpuint (vigil_dossier_get_n_pending (dossier), >=, 5);

  /* The researcher sees the original. */
  original = vigil_dossier_service_get_item_text (f->service, dossier, 1, &url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (original, ==, post_1);
  g_assert_cmpstr (url, ==, "https://example.social/p/1");

  /* Nothing is released while a suggestion is pending. */
  g_assert_null (vigil_dossier_service_release (f->service, dossier, &error));
  g_assert_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_PENDING);
  g_clear_error (&error);

  /* Reject one (kept), accept the rest, and mark "payments" by hand. */
  {
    const VigilDossierItem *item = vigil_dossier_get_item (dossier, 2);
    guint year = 0;
    for (guint i = 0; i < item->spans->len; i++)
      if (g_array_index (item->spans, VigilDossierSpan, i).category == VIGIL_REDACTION_AGE)
        year = g_array_index (item->spans, VigilDossierSpan, i).id;
    g_assert_cmpuint (year, >, 0);
    g_assert_true (vigil_dossier_service_decide (f->service, dossier, 2, year, TRUE, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (vigil_dossier_service_accept_all (f->service, dossier, &error), >=, 4);
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_dossier_get_n_pending (dossier), ==, 0);
  {
    const char *p = strstr (post_1, "payments");
    guint start = g_utf8_pointer_to_offset (post_1, p);
    g_assert_true (vigil_dossier_service_add_manual_span (f->service, dossier, 1, start, start + 8, &error));
    g_assert_no_error (error);
  }

  release = vigil_dossier_service_release (f->service, dossier, &error);
  g_assert_no_error (error);
  g_assert_nonnull (release);
  g_assert_cmpuint (release->number, ==, 1);
  g_assert_cmpstr (release->actor, ==, "rita");
  assert_clean ("the release", release->text);
  g_assert_null (strstr (release->text, "payments"));
  g_assert_nonnull (strstr (release->text, "[removed]"));
  g_assert_nonnull (strstr (release->text, "Image withheld — describe relevant content in text"));
  g_assert_nonnull (strstr (release->text, "happy to be leading the [removed] team again."));
  g_assert_null (strstr (release->text, "example.social"));
  first_text = g_strdup (release->text);

  /* A second release is numbered 2; the first is unchanged. */
  g_assert_true (vigil_dossier_service_describe_image (f->service, dossier, 3,
                                                       "Team photo at the Eid party", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (vigil_dossier_service_accept_all (f->service, dossier, &error), ==, 1);
  release = vigil_dossier_service_release (f->service, dossier, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (release->number, ==, 2);
  g_assert_null (strstr (release->text, "Eid"));
  g_assert_nonnull (strstr (release->text, "Team photo at the [removed]"));
  g_assert_cmpstr (vigil_dossier_get_release (dossier, 1)->text, ==, first_text);

  /* Exports: text and PDF, extracted and searched. */
  g_assert_true (vigil_dossier_service_export_release (f->service, dossier, 1, "text", txt, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (txt, &text_out, NULL, &error));
  assert_clean ("the text export", text_out);
  g_assert_nonnull (strstr (text_out, "Candidate reference: 2026-014"));
  g_assert_nonnull (strstr (text_out, "Redacted for fair selection"));

  g_assert_true (vigil_dossier_service_export_release (f->service, dossier, 1, "pdf", pdf, &error));
  g_assert_no_error (error);
  {
    g_autofree char *raw = NULL;
    gsize len;
    g_assert_true (g_file_get_contents (pdf, &raw, &len, NULL));
    g_assert_true (len > 4 && memcmp (raw, "%PDF", 4) == 0);
  }
  if (!g_find_program_in_path ("pdftotext"))
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &pdf_text, &stderr_out, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
  }
  assert_clean ("the PDF", pdf_text);
  g_assert_nonnull (strstr (pdf_text, "2026-014"));
  g_assert_nonnull (strstr (pdf_text, "Senior payments engineer"));
  g_assert_nonnull (strstr (pdf_text, "release 1"));
  g_assert_nonnull (strstr (pdf_text, "Redacted for fair selection"));
  g_assert_nonnull (strstr (pdf_text, "[removed]"));
  {
    const char *argv[] = { "pdfinfo", pdf, NULL };
    g_autofree char *info = NULL;
    if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &info, NULL, &status, NULL) && status == 0)
      assert_clean ("the PDF's metadata", info);
  }

  /* The journal (the audit) holds no removed text and no source URL. */
  audit = vigil_dossier_get_audit (dossier);
  for (guint i = 0; i < audit->len; i++)
    {
      const VigilRecord *r = audit->pdata[i];
      if (strstr (r->body, "\"event\":\"released\""))
        continue;   /* the release itself: checked above */
      assert_clean ("an audit entry", r->body);
      g_assert_null (strstr (r->body, "example.social"));
    }
  /* Exports were audited. */
  g_assert_nonnull (strstr (((VigilRecord *) audit->pdata[audit->len - 1])->body, "\"format\":\"pdf\""));
}

static void
test_audit_chain (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(VigilDossier) dossier = create (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) copy = g_ptr_array_new_with_free_func ((GDestroyNotify) vigil_record_free);
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *audit;
  VigilRecord *r;
  char *at;
  guint broken = 0;

  fill (f, dossier);
  vigil_dossier_service_accept_all (f->service, dossier, &error);
  g_assert_no_error (error);
  audit = vigil_dossier_get_audit (dossier);
  g_assert_cmpuint (audit->len, >=, 6);
  g_assert_true (vigil_dossier_verify_audit (audit, &broken, &error));
  g_assert_no_error (error);

  /* What the store replays is what was written: same chain. */
  records = vigil_store_list_records (f->store, "dossier", vigil_dossier_get_id (dossier), 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (vigil_dossier_verify_audit (records, NULL, &error));
  g_assert_no_error (error);

  /* Every entry names its actor, time and (for decisions) category. */
  for (guint i = 0; i < audit->len; i++)
    {
      r = audit->pdata[i];
      g_assert_cmpstr (r->actor, ==, "rita");
      g_assert_cmpint (r->at_us, ==, fake_now);
      if (strstr (r->body, "suggestion-accepted"))
        g_assert_nonnull (strstr (r->body, "\"category\":"));
    }

  /* Change one accepted suggestion into a rejection: detected at the next entry. */
  for (guint i = 0; i < audit->len; i++)
    g_ptr_array_add (copy, vigil_record_copy (audit->pdata[i]));
  {
    guint k = 0;
    while (!strstr (((VigilRecord *) copy->pdata[k])->body, "suggestion-accepted"))
      k++;
    g_assert_cmpuint (k + 1, <, copy->len);
    r = copy->pdata[k];
    at = strstr (r->body, "suggestion-accepted");
    memcpy (at + strlen ("suggestion-"), "rejected", 8);
    g_assert_false (vigil_dossier_verify_audit (copy, &broken, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_assert_cmpuint (broken, ==, k + 1);
    g_clear_error (&error);

    /* Removing an entry is detected too. */
    g_ptr_array_remove_index (copy, k);
    g_assert_false (vigil_dossier_verify_audit (copy, &broken, &error));
    g_assert_cmpuint (broken, ==, k);
  }
  g_clear_error (&error);

  /* A changed actor too. */
  g_ptr_array_set_size (copy, 0);
  for (guint i = 0; i < audit->len; i++)
    g_ptr_array_add (copy, vigil_record_copy (audit->pdata[i]));
  r = copy->pdata[1];
  g_free (r->actor);
  r->actor = g_strdup ("mallory");
  g_assert_false (vigil_dossier_verify_audit (copy, &broken, &error));
  g_assert_cmpuint (broken, ==, 2);
}

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(VigilDossier) dossier = create (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *blob_name = NULL;
  g_autoptr(GBytes) blob = NULL;
  gint64 created = fake_now;
  GPtrArray *audit;

  fill (f, dossier);
  vigil_dossier_service_accept_all (f->service, dossier, &error);
  g_assert_nonnull (vigil_dossier_service_release (f->service, dossier, &error));
  g_assert_no_error (error);
  g_assert_cmpint (vigil_dossier_get_retention_us (dossier), ==, created + VIGIL_DOSSIER_RETENTION_US);
  g_assert_cmpuint (vigil_memory_credential_store_get_n_items (VIGIL_MEMORY_CREDENTIAL_STORE (f->credentials)), ==, 1);

  /* A month before: nothing. */
  fake_now = created + VIGIL_DOSSIER_RETENTION_US - G_GINT64_CONSTANT (30) * 24 * 3600 * G_USEC_PER_SEC;
  g_assert_cmpuint (vigil_dossier_service_apply_retention (f->service, &error), ==, 0);
  audit = vigil_dossier_get_audit (dossier);
  g_assert_null (strstr (((VigilRecord *) audit->pdata[audit->len - 1])->body, "retention"));

  /* A week before: a reminder (once), originals still there. */
  fake_now = created + VIGIL_DOSSIER_RETENTION_US - G_GINT64_CONSTANT (7) * 24 * 3600 * G_USEC_PER_SEC;
  g_assert_cmpuint (vigil_dossier_service_apply_retention (f->service, &error), ==, 0);
  g_assert_cmpuint (vigil_dossier_service_apply_retention (f->service, &error), ==, 0);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) due = vigil_dossier_service_list_due (f->service);
    guint reminders = 0;
    g_assert_cmpuint (due->len, ==, 1);
    for (guint i = 0; i < audit->len; i++)
      reminders += strstr (((VigilRecord *) audit->pdata[i])->body, "retention-reminder") != NULL;
    g_assert_cmpuint (reminders, ==, 1);
  }
  text = vigil_dossier_service_get_item_text (f->service, dossier, 1, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);

  /* One second past the date: deleted. */
  fake_now = created + VIGIL_DOSSIER_RETENTION_US + G_USEC_PER_SEC;
  g_assert_cmpuint (vigil_dossier_service_apply_retention (f->service, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (vigil_dossier_get_originals_deleted (dossier));
  blob_name = g_strdup_printf ("%s/1/text", vigil_dossier_get_id (dossier));
  blob = vigil_store_get_blob (f->store, VIGIL_DOSSIER_BLOB_KIND, blob_name, &error);
  g_assert_no_error (error);
  g_assert_null (blob);
  text = vigil_dossier_service_get_item_text (f->service, dossier, 1, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_DELETED);
  g_clear_error (&error);
  /* The key leaves the keyring too. */
  while (vigil_memory_credential_store_get_n_items (VIGIL_MEMORY_CREDENTIAL_STORE (f->credentials)) > 0)
    g_main_context_iteration (NULL, TRUE);
  /* Releases and the audit stay, and the chain holds. */
  g_assert_nonnull (vigil_dossier_get_release (dossier, 1));
  audit = vigil_dossier_get_audit (dossier);
  g_assert_nonnull (strstr (((VigilRecord *) audit->pdata[audit->len - 1])->body, "retention-deleted"));
  g_assert_true (vigil_dossier_verify_audit (audit, NULL, &error));
  /* Nothing more to do. */
  g_assert_cmpuint (vigil_dossier_service_apply_retention (f->service, &error), ==, 0);
}

static void
test_no_key (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VigilDossier) dossier = create (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilCredentialStore) other_keyring = vigil_memory_credential_store_new ();
  g_autoptr(VigilContext) other = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autofree char *wrong_key = NULL;
  g_autoptr(GBytes) opened = NULL;
  VigilDossierService *other_service;
  VigilDossier *seen;
  GAsyncResult *result = NULL;
  char *text;

  fill (f, dossier);
  vigil_dossier_service_accept_all (f->service, dossier, &error);
  g_assert_nonnull (vigil_dossier_service_release (f->service, dossier, &error));

  /* The stored bytes are not the text. */
  name = g_strdup_printf ("%s/1/text", vigil_dossier_get_id (dossier));
  sealed = vigil_store_get_blob (f->store, VIGIL_DOSSIER_BLOB_KIND, name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sealed);
  g_assert_null (g_strstr_len (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed), "Catholic"));
  g_assert_null (g_strstr_len (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed), "example.social"));
  /* Another key does not open them. */
  wrong_key = vigil_dossier_cipher_new_key (NULL);
  opened = vigil_dossier_cipher_open (wrong_key, name, sealed, &error);
  g_assert_null (opened);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* Someone else's Vigil on the same store, with their own keyring. */
  other = new_context (f->store, other_keyring, "sam");
  other_service = vigil_dossier_service_get (other);
  seen = vigil_dossier_service_lookup (other_service, vigil_dossier_get_id (dossier));
  g_assert_nonnull (seen);
  vigil_dossier_service_unlock_async (other_service, seen, NULL, got_result, &result);
  g_assert_false (vigil_dossier_service_unlock_finish (other_service, wait_result (&result), &error));
  g_object_unref (result);
  result = NULL;
  g_assert_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_NO_KEY);
  g_assert_nonnull (strstr (error->message, "releases and the audit are still available"));
  g_clear_error (&error);
  text = vigil_dossier_service_get_item_text (other_service, seen, 1, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, VIGIL_DOSSIER_ERROR, VIGIL_DOSSIER_ERROR_NO_KEY);
  g_clear_error (&error);
  /* … but sees the releases and the audit. */
  g_assert_cmpuint (vigil_dossier_get_n_releases (seen), ==, 1);
  g_assert_cmpstr (vigil_dossier_get_release (seen, 1)->text, ==, vigil_dossier_get_release (dossier, 1)->text);
  g_assert_cmpuint (vigil_dossier_get_audit (seen)->len, ==, vigil_dossier_get_audit (dossier)->len);
  vigil_context_shutdown (other);

  /* The creator, after locking, unlocks from the keyring again. */
  vigil_dossier_service_lock (f->service, dossier);
  g_assert_false (vigil_dossier_service_is_unlocked (f->service, dossier));
  vigil_dossier_service_unlock_async (f->service, dossier, NULL, got_result, &result);
  g_assert_true (vigil_dossier_service_unlock_finish (f->service, wait_result (&result), &error));
  g_object_unref (result);
  g_assert_no_error (error);
  text = vigil_dossier_service_get_item_text (f->service, dossier, 1, NULL, &error);
  g_assert_cmpstr (text, ==, post_1);
  g_free (text);
}

static void
test_replay (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(VigilDossier) dossier = create (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilContext) again = NULL;
  VigilDossierService *service;
  VigilDossier *seen;

  fill (f, dossier);
  g_assert_true (vigil_dossier_service_decide (f->service, dossier, 1, 1, FALSE, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->service)), ==, 1);

  again = new_context (f->store, f->credentials, "rita");
  service = vigil_dossier_service_get (again);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (service)), ==, 1);
  seen = vigil_dossier_service_lookup (service, vigil_dossier_get_id (dossier));
  g_assert_cmpstr (vigil_dossier_get_candidate (seen), ==, "2026-014");
  g_assert_cmpstr (vigil_dossier_get_purpose (seen), ==, "Senior payments engineer");
  g_assert_cmpuint (vigil_dossier_get_n_items (seen), ==, 3);
  g_assert_cmpuint (vigil_dossier_get_n_pending (seen), ==, vigil_dossier_get_n_pending (dossier));
  g_assert_cmpint (g_array_index (vigil_dossier_get_item (seen, 1)->spans, VigilDossierSpan, 0).state,
                   ==, VIGIL_SUGGESTION_REJECTED);
  vigil_context_shutdown (again);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/vigil/redaction/dossier/release-and-export", Fixture, NULL, fixture_set_up, test_release, fixture_tear_down);
  g_test_add ("/vigil/redaction/dossier/audit-chain", Fixture, NULL, fixture_set_up, test_audit_chain, fixture_tear_down);
  g_test_add ("/vigil/redaction/dossier/retention", Fixture, NULL, fixture_set_up, test_retention, fixture_tear_down);
  g_test_add ("/vigil/redaction/dossier/no-key", Fixture, NULL, fixture_set_up, test_no_key, fixture_tear_down);
  g_test_add ("/vigil/redaction/dossier/replay", Fixture, NULL, fixture_set_up, test_replay, fixture_tear_down);
  return g_test_run ();
}
