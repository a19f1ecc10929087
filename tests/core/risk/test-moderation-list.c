/* test-moderation-list.c: moderation words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "vigil-moderation-list.h"
#include "vigil-moderation-list-private.h"

static char *
joined (char **found)
{
  char *s = found ? g_strjoinv ("|", found) : g_strdup ("");

  g_strfreev (found);
  return s;
}

static void
test_custom (void)
{
  const char *words[] = { "darn*", "heck", "kill you", "  ", "🔥", "sh*t", NULL };
  g_autoptr (VigilModerationList) list = vigil_moderation_list_new (words);
  static const struct { const char *text, *found; } table[] = {
    { "Well, DARN it", "darn*" },
    { "darnation and heck!", "darn*|heck" },
    { "heckle the speaker", "" },              /* whole words only */
    { "Hèck no", "heck" },                     /* accents ignored */
    { "h3ck no", "heck" },                     /* digit disguise */
    { "h*ck no", "heck" },                     /* star disguise */
    { "heeeeck", "heck" },                     /* stretched letters */
    { "I will kill you", "kill you" },
    { "I will kill your plant", "" },
    { "nothing here", "" },
  };

  g_assert_cmpuint (vigil_moderation_list_get_n_entries (list), ==, 4);  /* blank and emoji dropped */
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *got = joined (vigil_moderation_list_match (list, table[i].text));
      if (g_strcmp0 (got, table[i].found) != 0)
        g_error ("“%s”: expected “%s”, got “%s”", table[i].text, table[i].found, got);
    }
  g_assert_null (vigil_moderation_list_match (list, "all fine"));
  g_assert_null (vigil_moderation_list_match (list, NULL));
}

static void
test_default (void)
{
  g_autoptr (VigilModerationList) list = vigil_moderation_list_new_default ();
  static const struct { const char *text; gboolean flagged; } table[] = {
    { "What the f*ck is this kettle", TRUE },
    { "f**k northwind", TRUE },
    { "FUUUUCK", TRUE },
    { "this is sh1t", TRUE },
    { "you absolute a$$hole", TRUE },
    { "Fucking useless", TRUE },
    { "I know where you live", TRUE },
    { "I want to kill myself", TRUE },
    { "putain de bouilloire", TRUE },
    { "Das ist Scheiße", TRUE },
    { "Je vais te tuer", TRUE },
    { "Greetings from Scunthorpe", FALSE },
    { "A classic assassin film", FALSE },
    { "Penistone and Cockermouth are towns", FALSE },
    { "The shuttle leaves at 5", FALSE },
    { "My therapist is great", FALSE },
    { "Class of 2024, pass the assessment", FALSE },
    { "I killed it at the gym", FALSE },
    { "Le cul-de-sac est calme", FALSE },
  };

  g_assert_cmpuint (vigil_moderation_list_get_n_entries (list), >, 50);
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_auto (GStrv) found = vigil_moderation_list_match (list, table[i].text);
      if ((found != NULL) != table[i].flagged)
        g_error ("“%s”: expected %s, got %s", table[i].text,
                 table[i].flagged ? "a flag" : "no flag", found ? found[0] : "nothing");
    }
}

static void
test_from_text (void)
{
  g_autoptr (VigilModerationList) list = vigil_moderation_list_new_from_text ("# comment\n\nfoo bar\r\nbaz\n");
  g_auto (GStrv) found = vigil_moderation_list_match (list, "Foo  BAR and baz");

  g_assert_cmpuint (vigil_moderation_list_get_n_entries (list), ==, 2);
  g_assert_nonnull (found);
  g_assert_cmpstr (found[0], ==, "foo bar");
  g_assert_cmpstr (found[1], ==, "baz");
  g_assert_null (found[2]);
}

/* The first-byte index of prefix entries gives the answers of the plain
 * scan, on many generated posts mixing list words, disguises, longer words
 * that start like prefix entries, and ordinary words. */
static void
test_differential (void)
{
  static const char * const pieces[] = {
    "fuck", "fucking", "f*ck", "f**k", "FUUUCK", "motherfucker", "shit", "sh1t", "shitty",
    "bullshit", "cunt", "cuntish", "a$$", "a$$hole", "asshole", "ass", "assassin", "bitch",
    "b|tch", "bastard", "kill", "you", "yourself", "myself", "I", "know", "where", "live",
    "putain", "merde", "scheiße", "Scheisse", "tuer", "te", "vais", "je", "idiot", "idiots",
    "Scunthorpe", "class", "pass", "hello", "the", "kettle", "refund", "@acme", "#fail",
    "https://example.com/x", "!!!", "?", "*", "**", "$$$", "w00t", "l33t", "😡", "n1gg", "h3ll",
    "dumb", "dumbass", "retard*", "r3tard", "crap", "cr@p", "p1ss", "piss", "pissed",
  };
  g_autoptr (VigilModerationList) list = vigil_moderation_list_new_default ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint flagged = 0;

  for (guint n = 0; n < 20000; n++)
    {
      g_autoptr (GString) post = g_string_new (NULL);
      guint words = g_rand_int_range (rand, 1, 16);
      g_autofree char *fast = NULL, *reference = NULL;

      for (guint w = 0; w < words; w++)
        {
          const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];

          if (w)
            g_string_append_c (post, g_rand_int_range (rand, 0, 8) ? ' ' : ',');
          g_string_append (post, piece);
          /* a suffix makes longer words out of prefixes */
          if (g_rand_int_range (rand, 0, 6) == 0)
            g_string_append (post, g_rand_boolean (rand) ? "ing" : "s");
        }
      fast = joined (vigil_moderation_list_match (list, post->str));
      reference = joined (_vigil_moderation_list_match_reference (list, post->str));
      if (g_strcmp0 (fast, reference) != 0)
        g_error ("“%s”: indexed “%s”, plain scan “%s”", post->str, fast, reference);
      flagged += *fast != '\0';
    }
  /* the generator does exercise both answers */
  g_assert_cmpuint (flagged, >, 1000);
  g_assert_cmpuint (flagged, <, 19000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/moderation-list/custom", test_custom);
  g_test_add_func ("/vigil/moderation-list/default", test_default);
  g_test_add_func ("/vigil/moderation-list/from-text", test_from_text);
  g_test_add_func ("/vigil/moderation-list/differential", test_differential);
  return g_test_run ();
}
