/* test-moderation-list.c: moderation words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "vigil-moderation-list.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/moderation-list/custom", test_custom);
  g_test_add_func ("/vigil/moderation-list/default", test_default);
  g_test_add_func ("/vigil/moderation-list/from-text", test_from_text);
  return g_test_run ();
}
