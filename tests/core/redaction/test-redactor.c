/* test-redactor.c: the detector on realistic passages, and its units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "vigil-redactor.h"

typedef struct
{
  guint start, end;           /* characters into the plain text */
  VigilRedactionCategory category;
} Gold;

typedef struct
{
  char   *id;
  char   *locale;
  char   *text;               /* markup removed */
  GArray *gold;               /* of Gold */
} Passage;

static void
passage_free (gpointer data)
{
  Passage *p = data;
  g_free (p->id);
  g_free (p->locale);
  g_free (p->text);
  g_array_unref (p->gold);
  g_free (p);
}

/* Strips [[category:text]] marks, recording them as gold spans. */
static Passage *
parse_passage (const char *id,
               const char *locale,
               const char *marked)
{
  Passage *p = g_new0 (Passage, 1);
  GString *plain = g_string_new (NULL);
  const char *s = marked;

  p->id = g_strdup (id);
  p->locale = g_strdup (locale);
  p->gold = g_array_new (FALSE, FALSE, sizeof (Gold));
  while (*s)
    {
      if (g_str_has_prefix (s, "[["))
        {
          const char *colon = strchr (s, ':');
          const char *close = strstr (s, "]]");
          g_autofree char *cat = NULL;
          Gold g;

          g_assert_nonnull (colon);
          g_assert_nonnull (close);
          cat = g_strndup (s + 2, colon - s - 2);
          g_assert_true (vigil_redaction_category_from_id (cat, &g.category));
          g.start = g_utf8_strlen (plain->str, plain->len);
          g_string_append_len (plain, colon + 1, close - colon - 1);
          g.end = g_utf8_strlen (plain->str, plain->len);
          g_array_append_val (p->gold, g);
          s = close + 2;
        }
      else
        g_string_append_c (plain, *s++);
    }
  p->text = g_strstrip (g_string_free (plain, FALSE));
  /* g_strstrip moved nothing at the front (passages start with text). */
  return p;
}

static GPtrArray *
load_passages (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "redaction", file, NULL);
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (passage_free);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *locale = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; ; i++)
    {
      const char *line = lines[i];

      if (!line || g_str_has_prefix (line, "=== "))
        {
          if (id)
            g_ptr_array_add (out, parse_passage (id, locale, g_strstrip (body->str)));
          if (!line)
            break;
          {
            g_auto(GStrv) parts = g_strsplit (line + 4, " ", 2);
            g_free (id);
            g_free (locale);
            id = g_strdup (parts[0]);
            locale = g_strdup (parts[1] ? parts[1] : "en");
          }
          g_string_truncate (body, 0);
          continue;
        }
      if (!id || line[0] == '#')
        continue;
      g_string_append (body, line);
      g_string_append_c (body, '\n');
    }
  return out;
}

typedef struct
{
  guint gold, found;          /* recall: gold spans of the category overlapped by a detected span */
  guint detected, correct;    /* precision: detected spans of the category that overlap a gold span */
} Score;

static gboolean
overlaps (guint a0, guint a1, guint b0, guint b1)
{
  return a0 < b1 && b0 < a1;
}

/* Scores the detector on a file of passages; returns overall recall and
 * precision, and the per-category figures in score. */
static void
score_file (const char *file,
            Score      *score,
            double     *out_recall,
            double     *out_precision,
            guint      *out_clean,
            guint      *out_clean_ok,
            guint      *out_n)
{
  g_autoptr(GPtrArray) passages = load_passages (file);
  g_autoptr(GHashTable) redactors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  Score total = { 0 };
  guint clean = 0, clean_ok = 0;

  for (guint i = 0; i < passages->len; i++)
    {
      Passage *p = passages->pdata[i];
      VigilRedactor *r = g_hash_table_lookup (redactors, p->locale);
      g_autoptr(GArray) spans = NULL;
      g_autoptr(GError) error = NULL;

      if (!r)
        {
          r = vigil_redactor_new_for_locale (p->locale, &error);
          g_assert_no_error (error);
          g_hash_table_insert (redactors, g_strdup (p->locale), r);
        }
      spans = vigil_redactor_detect (r, p->text, VIGIL_REDACTION_MASK_ALL, &error);
      g_assert_no_error (error);

      for (guint g = 0; g < p->gold->len; g++)
        {
          Gold *gd = &g_array_index (p->gold, Gold, g);
          gboolean hit = FALSE;

          for (guint k = 0; k < spans->len && !hit; k++)
            {
              VigilRedactionSpan *s = &g_array_index (spans, VigilRedactionSpan, k);
              hit = overlaps (s->start, s->end, gd->start, gd->end);
            }
          score[gd->category].gold++;
          score[gd->category].found += hit;
          if (!hit)
            g_test_message ("missed %s in %s: chars %u–%u", vigil_redaction_category_to_id (gd->category),
                            p->id, gd->start, gd->end);
        }
      for (guint k = 0; k < spans->len; k++)
        {
          VigilRedactionSpan *s = &g_array_index (spans, VigilRedactionSpan, k);
          gboolean hit = FALSE;

          for (guint g = 0; g < p->gold->len && !hit; g++)
            {
              Gold *gd = &g_array_index (p->gold, Gold, g);
              hit = overlaps (s->start, s->end, gd->start, gd->end);
            }
          score[s->category].detected++;
          score[s->category].correct += hit;
          if (!hit)
            {
              g_autofree char *what = g_utf8_substring (p->text, s->start, s->end);
              g_test_message ("extra %s in %s: “%s” (%s)", vigil_redaction_category_to_id (s->category),
                              p->id, what, s->reason);
            }
        }
      if (p->gold->len == 0)
        {
          clean++;
          clean_ok += spans->len == 0;
        }
    }

  for (guint c = 0; c < VIGIL_REDACTION_MANUAL; c++)
    {
      Score *s = &score[c];

      g_test_message ("%s %-13s gold %2u  recall %.2f  detected %2u  precision %.2f", file,
                      vigil_redaction_category_to_id (c), s->gold,
                      s->gold ? (double) s->found / s->gold : 1.0, s->detected,
                      s->detected ? (double) s->correct / s->detected : 1.0);
      total.gold += s->gold;
      total.found += s->found;
      total.detected += s->detected;
      total.correct += s->correct;
    }
  *out_recall = (double) total.found / MAX (total.gold, 1);
  *out_precision = (double) total.correct / MAX (total.detected, 1);
  *out_clean = clean;
  *out_clean_ok = clean_ok;
  *out_n = passages->len;
  g_test_message ("%s all           gold %2u  recall %.2f  detected %2u  precision %.2f; "
                  "passages with nothing to remove left untouched: %u/%u",
                  file, total.gold, *out_recall, total.detected, *out_precision, clean_ok, clean);
}

static void
test_passages (void)
{
  Score score[VIGIL_REDACTION_N_CATEGORIES] = { { 0 } };
  double recall, precision;
  guint clean, clean_ok, n;

  score_file ("passages.txt", score, &recall, &precision, &clean, &clean_ok, &n);
  g_assert_cmpuint (n, >=, 60);
  for (guint c = 0; c < VIGIL_REDACTION_MANUAL; c++)
    {
      Score *s = &score[c];

      /* Every protected category is covered by the fixture. */
      if (c < VIGIL_REDACTION_CONTACT)
        g_assert_cmpuint (s->gold, >=, 2);
      g_assert_cmpfloat (s->gold ? (double) s->found / s->gold : 1.0, >=, 0.75);
      g_assert_cmpfloat (s->detected ? (double) s->correct / s->detected : 1.0, >=, 0.6);
    }
  g_assert_cmpfloat (recall, >=, 0.9);
  g_assert_cmpfloat (precision, >=, 0.8);
  g_assert_cmpuint (clean_ok * 10, >=, clean * 7);
}

/* Passages written after the rules: lower floors, an honest estimate. */
static void
test_holdout (void)
{
  Score score[VIGIL_REDACTION_N_CATEGORIES] = { { 0 } };
  double recall, precision;
  guint clean, clean_ok, n;

  score_file ("holdout.txt", score, &recall, &precision, &clean, &clean_ok, &n);
  g_assert_cmpuint (n, >=, 20);
  g_assert_cmpfloat (recall, >=, 0.7);
  g_assert_cmpfloat (precision, >=, 0.7);
}

static VigilRedactor *
english (void)
{
  g_autoptr(GError) error = NULL;
  VigilRedactor *r = vigil_redactor_new_for_locale ("en", &error);

  g_assert_no_error (error);
  return r;
}

static void
test_character_offsets (void)
{
  g_autoptr(VigilRedactor) r = english ();
  /* "Zoë" and the curly apostrophe are multi-byte: offsets are characters. */
  const char *text = "Zoë’s update — I’m autistic and proud.";
  g_autoptr(GArray) spans = vigil_redactor_detect (r, text, VIGIL_REDACTION_MASK_ALL, NULL);
  VigilRedactionSpan *s;
  g_autofree char *what = NULL;

  g_assert_cmpuint (spans->len, ==, 1);
  s = &g_array_index (spans, VigilRedactionSpan, 0);
  g_assert_cmpint (s->category, ==, VIGIL_REDACTION_DISABILITY);
  what = g_utf8_substring (text, s->start, s->end);
  g_assert_cmpstr (what, ==, "autistic");
  g_assert_cmpuint (s->start, ==, 19);
  g_assert_cmpuint (s->byte_start, ==, 26);
}

static void
test_apply_neutral_marker (void)
{
  g_autoptr(VigilRedactor) r = english ();
  const char *text = "I'm 52, a proud Catholic, and back from maternity leave since March.";
  g_autoptr(GArray) spans = vigil_redactor_detect (r, text, VIGIL_REDACTION_MASK_ALL, NULL);
  g_autofree char *out = vigil_redaction_apply (text, (VigilRedactionSpan *) spans->data, spans->len);

  g_assert_cmpuint (spans->len, ==, 3);
  g_assert_cmpstr (out, ==, "I'm [removed], a proud [removed], and [removed] since March.");
  g_assert_null (strstr (out, "52"));
  g_assert_null (strstr (out, "Catholic"));
  g_assert_null (strstr (out, "maternity"));
}

static void
test_categories_mask (void)
{
  g_autoptr(VigilRedactor) r = english ();
  const char *text = "Happy Diwali! Write to me at priya@example.com.";
  g_autoptr(GArray) protected_only = vigil_redactor_detect (r, text, VIGIL_REDACTION_MASK_PROTECTED, NULL);
  g_autoptr(GArray) with_contact = vigil_redactor_detect (r, text, VIGIL_REDACTION_MASK_ALL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (protected_only->len, ==, 1);
  g_assert_cmpuint (with_contact->len, ==, 2);
  g_assert_cmpint (g_array_index (with_contact, VigilRedactionSpan, 1).category, ==, VIGIL_REDACTION_CONTACT);

  g_assert_cmpuint (vigil_redaction_parse_categories ("age, contact", NULL), ==,
                    VIGIL_REDACTION_MASK (VIGIL_REDACTION_AGE) | VIGIL_REDACTION_MASK (VIGIL_REDACTION_CONTACT));
  g_assert_cmpuint (vigil_redaction_parse_categories ("age,colour", &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "colour"));
}

static void
test_invalid_input (void)
{
  g_autoptr(VigilRedactor) r = english ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) spans = vigil_redactor_detect (r, "caf\xe9 au lait", VIGIL_REDACTION_MASK_ALL, &error);

  g_assert_null (spans);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "byte 3"));
}

static void
test_user_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilRedactionLexicon) lex = vigil_redaction_lexicon_new ("en");
  g_autoptr(VigilRedactor) r = NULL;
  g_autoptr(GArray) spans = NULL;
  const char *rules =
    "category = religion\n"
    "[quaker-meeting]\n"
    "reason = Names a Quaker meeting\n"
    "terms = meeting for worship; friends meeting house*\n"
    "not-after = car park\n";
  const char *bad = "[x]\ncategory = religion\nterms = ok\npattern = (unclosed\n";

  g_assert_true (vigil_redaction_lexicon_add_data (lex, "user.rules", rules, strlen (rules), &error));
  g_assert_no_error (error);
  r = vigil_redactor_new (lex);
  spans = vigil_redactor_detect (r, "See you at Meeting for Worship; parking at the Friends Meeting Houses car park.",
                                 VIGIL_REDACTION_MASK_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (spans->len, ==, 1);
  g_assert_cmpstr (g_array_index (spans, VigilRedactionSpan, 0).reason, ==, "Names a Quaker meeting");

  g_assert_false (vigil_redaction_lexicon_add_data (lex, "bad.rules", bad, strlen (bad), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "bad.rules:4"));
}

static void
test_about_someone_else (void)
{
  g_autoptr(VigilRedactor) r = english ();
  struct { const char *text; guint n; } cases[] = {
    { "My sister is pregnant with twins!", 0 },
    { "I'm pregnant with twins!", 1 },
    { "My dad has Parkinson's and I help out at weekends.", 0 },
    { "Like my dad, I have Parkinson's.", 1 },
    { "Jane's husband runs the bakery.", 0 },
    { "My partner and I love hiking. She is faster uphill.", 1 },
    { "My partner and I love hiking and board games.", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) spans = vigil_redactor_detect (r, cases[i].text, VIGIL_REDACTION_MASK_PROTECTED, NULL);
      if (spans->len != cases[i].n)
        g_error ("“%s”: %u spans, expected %u", cases[i].text, spans->len, cases[i].n);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/redaction/detector/passages", test_passages);
  g_test_add_func ("/vigil/redaction/detector/holdout", test_holdout);
  g_test_add_func ("/vigil/redaction/detector/character-offsets", test_character_offsets);
  g_test_add_func ("/vigil/redaction/detector/categories", test_categories_mask);
  g_test_add_func ("/vigil/redaction/detector/invalid-utf8", test_invalid_input);
  g_test_add_func ("/vigil/redaction/detector/about-someone-else", test_about_someone_else);
  g_test_add_func ("/vigil/redaction/lexicon/user-rules", test_user_rules);
  g_test_add_func ("/vigil/redaction/apply/neutral-marker", test_apply_neutral_marker);
  return g_test_run ();
}
