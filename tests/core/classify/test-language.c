/* test-language.c: language detection with libexttextcat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "vigil-language-detector.h"
#include "vigil-trigram-model.h"

static VigilLanguageDetector *detector;

static void
test_sentences (void)
{
  static const struct { const char *text; const char *lang; } rows[] = {
    { "My parcel was supposed to arrive on Monday and it still has not been delivered.", "en" },
    { "The customer service team never answered my emails about the broken kettle.", "en" },
    { "Mon colis devait arriver lundi et il n'a toujours pas été livré, c'est inadmissible.", "fr" },
    { "Le service client ne répond jamais à mes messages, je suis très déçu.", "fr" },
    { "Mein Paket sollte am Montag ankommen und ist immer noch nicht geliefert worden.", "de" },
    { "Der Kundendienst hat auf keine meiner E-Mails geantwortet, das ist eine Frechheit.", "de" },
    { "Mi paquete debía llegar el lunes y todavía no ha sido entregado, es increíble.", "es" },
    { "El servicio de atención al cliente nunca contesta a mis correos electrónicos.", "es" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *lang = vigil_language_detector_detect (detector, rows[i].text, -1);

      if (g_strcmp0 (lang, rows[i].lang) != 0)
        g_error ("\"%s\": detected %s, expected %s", rows[i].text, lang ? lang : "(none)", rows[i].lang);
    }
}

static void
test_short_text (void)
{
  /* too little to tell: no guess rather than a wrong one */
  g_assert_null (vigil_language_detector_detect (detector, "ok", -1));
  g_assert_null (vigil_language_detector_detect (detector, "lol 😂😂😂", -1));
  g_assert_null (vigil_language_detector_detect (detector, "", -1));
  /* URLs, mentions and hashtags are not language */
  g_assert_null (vigil_language_detector_detect (detector,
                 "@acme_support @someone https://example.com/a/very/long/path/indeed #refundnow", -1));
}

static void
test_platform_lang (void)
{
  const char *text = "Mon colis devait arriver lundi et il n'a toujours pas été livré.";

  /* the platform's own tag wins, reduced to its primary subtag */
  g_assert_cmpstr (vigil_language_detector_detect_post (detector, "en-US", text), ==, "en");
  g_assert_cmpstr (vigil_language_detector_detect_post (detector, "pt_BR", "x"), ==, "pt");
  /* no tag, an "und" tag or a malformed one: detect */
  g_assert_cmpstr (vigil_language_detector_detect_post (detector, NULL, text), ==, "fr");
  g_assert_cmpstr (vigil_language_detector_detect_post (detector, "und", text), ==, "fr");
  g_assert_cmpstr (vigil_language_detector_detect_post (detector, "12", text), ==, "fr");
  g_assert_null (vigil_language_detector_detect_post (detector, "", "ok"));
}

static void
test_bad_config (void)
{
  const char *bad[] = { "EN", NULL };
  const char *missing[] = { "xx", NULL };
  const char *only_en[] = { "en", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(VigilLanguageDetector) d = vigil_language_detector_new (bad, &error);

  g_assert_null (d);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  d = vigil_language_detector_new (missing, &error);
  g_assert_null (d);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* with one language, everything long enough is that language */
  d = vigil_language_detector_new (only_en, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vigil_language_detector_detect (d, "Mi paquete debía llegar el lunes y todavía no", -1), ==, "en");
}

static void
test_repeats (void)
{
  static const char * const texts[] = {
    "Mein Paket sollte am Montag ankommen und ist immer noch nicht geliefert worden.",
    "My parcel was supposed to arrive on Monday and it still has not been delivered.",
  };

  /* a storm of copies: answered from the cache, with the same answer */
  for (guint i = 0; i < 2000; i++)
    g_assert_cmpstr (vigil_language_detector_detect (detector, texts[i % 2], -1), ==, i % 2 ? "en" : "de");
  /* text that differs only after a NUL is not taken for a copy */
  {
    static const char en[] = "Hi\0 my parcel was supposed to arrive on Monday and it never did";
    static const char fr[] = "Hi\0 mon colis devait arriver lundi et il n'est jamais arrivé";

    g_assert_cmpstr (vigil_language_detector_detect (detector, en, sizeof en - 1), ==, "en");
    g_assert_cmpstr (vigil_language_detector_detect (detector, fr, sizeof fr - 1), ==, "fr");
  }
}

static gpointer
thread_func (gpointer data)
{
  guint bad = 0;

  for (guint i = 0; i < 50; i++)
    bad += g_strcmp0 (vigil_language_detector_detect (detector,
                      "Der Kundendienst hat auf keine meiner E-Mails geantwortet.", -1), "de") != 0;
  return GUINT_TO_POINTER (bad);
}

static void
test_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("detect", thread_func, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 0);
}

/* The trigram scan keeps recent words' scores per thread: with or without
 * it, a text scores the same, cold or warm, in any order. */
static void
test_word_cache (void)
{
  static const char * const words[] = {
    "the", "parcel", "Paket", "colis", "été", "livré", "ÉTÉ", "straße", "İstanbul", "пакет",
    "заказ", "düzgün", "ça", "l'appli", "don't", "x", "@acme", "#tag", "https://example.com/a",
    "www.example.org", "wwwx", "http", "日本語", "😀", "\xff\xfe", "a\xc3", "123", "e-mail",
    "supercalifragilisticexpialidocious", "Kundendienstmitarbeiterinnen", "ÅÄÖåäö", "ąęłńóśźż",
  };
  const VigilTrigramModel *model = _vigil_trigram_model_get_default ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);

  g_assert_nonnull (model);
  for (guint n = 0; n < 20000; n++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint len = g_rand_int_range (rand, 0, 30);
      VigilTrigramScan cached, plain;

      for (guint i = 0; i < len; i++)
        {
          if (i)
            g_string_append_c (text, " \t\n,"[g_rand_int_range (rand, 0, 4)]);
          g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      /* a small limit sometimes, so the cut-off is exercised too */
      {
        gsize limit = n % 5 == 0 ? 40 : 1024;

        _vigil_trigram_model_scan (model, text->str, text->len, limit, &cached);
        _vigil_trigram_model_scan_uncached (model, text->str, text->len, limit, &plain);
      }
      g_assert_cmpmem (cached.scores, sizeof cached.scores, plain.scores, sizeof plain.scores);
      g_assert_cmpuint (cached.letters, ==, plain.letters);
      g_assert_cmpuint (cached.trigrams, ==, plain.trigrams);
      g_assert_cmpuint (cached.known, ==, plain.known);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  detector = vigil_language_detector_new (NULL, &error);
  g_assert_no_error (error);
  g_test_add_func ("/vigil/language/sentences", test_sentences);
  g_test_add_func ("/vigil/language/short-text", test_short_text);
  g_test_add_func ("/vigil/language/platform-lang", test_platform_lang);
  g_test_add_func ("/vigil/language/bad-config", test_bad_config);
  g_test_add_func ("/vigil/language/repeats", test_repeats);
  g_test_add_func ("/vigil/language/threads", test_threads);
  g_test_add_func ("/vigil/language/word-cache", test_word_cache);
  ret = g_test_run ();
  g_object_unref (detector);
  return ret;
}
