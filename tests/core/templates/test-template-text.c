/* test-template-text.c: {variables}, missing, unknown and escaped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-template-text.h"

static GHashTable *
values_new (const char *first, ...)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first);
  for (const char *name = first; name; name = va_arg (args, const char *))
    g_hash_table_insert (values, g_strdup (name), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return values;
}

static void
test_fill (void)
{
  g_autoptr(GHashTable) values = values_new ("brand", "Acme", "product", "Kettle", NULL);
  g_autoptr(VigilTemplateRender) r = vigil_template_render_text ("{brand} recalls {product}; {brand} is sorry.", values);

  g_assert_cmpstr (r->text, ==, "Acme recalls Kettle; Acme is sorry.");
  g_assert_cmpuint (r->unfilled->len, ==, 0);
  g_assert_cmpuint (r->unknown->len, ==, 0);
}

static void
test_missing_and_unknown (void)
{
  g_autoptr(GHashTable) values = values_new ("brand", "Acme", NULL);
  g_autoptr(VigilTemplateRender) r =
    vigil_template_render_text ("{brand}: see {contact_url} or {contcat_url}; {contact_url} again", values);

  /* unfilled stay as written, reported once each, in order */
  g_assert_cmpstr (r->text, ==, "Acme: see {contact_url} or {contcat_url}; {contact_url} again");
  g_assert_cmpuint (r->unfilled->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (r->unfilled, 0), ==, "contact_url");
  g_assert_cmpstr (g_ptr_array_index (r->unfilled, 1), ==, "contcat_url");
  /* only the typo is unknown */
  g_assert_cmpuint (r->unknown->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (r->unknown, 0), ==, "contcat_url");
}

static void
test_escaped (void)
{
  g_autoptr(GHashTable) values = values_new ("brand", "Acme", NULL);
  g_autoptr(VigilTemplateRender) r =
    vigil_template_render_text ("{{brand}} is literal, {brand} is not; }} and {{{brand}}}", values);

  g_assert_cmpstr (r->text, ==, "{brand} is literal, Acme is not; } and {Acme}");
  g_assert_cmpuint (r->unfilled->len, ==, 0);
}

static void
test_not_variables (void)
{
  g_autoptr(GHashTable) values = values_new ("brand", "{product}", NULL);
  g_autoptr(VigilTemplateRender) r =
    vigil_template_render_text ("{ brand } {Brand} {} {brand {1x} json: {\"a\":1} {brand}", values);
  g_autoptr(GPtrArray) used = vigil_template_text_variables ("{a_1} {{b}} {a_1} {c}");

  /* not variable syntax: kept; a value is never expanded again */
  g_assert_cmpstr (r->text, ==, "{ brand } {Brand} {} {brand {1x} json: {\"a\":1} {product}");
  g_assert_cmpuint (r->unfilled->len, ==, 0);
  g_assert_cmpuint (used->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (used, 0), ==, "a_1");
  g_assert_cmpstr (g_ptr_array_index (used, 1), ==, "c");
}

static void
test_known (void)
{
  g_autoptr(GHashTable) samples = vigil_template_sample_values ();

  g_assert_true (vigil_template_variable_is_known ("case_ref"));
  g_assert_false (vigil_template_variable_is_known ("nope"));
  g_assert_nonnull (vigil_template_variable_describe ("brand"));
  for (const char * const *n = vigil_template_known_variables (); *n; n++)
    g_assert_nonnull (g_hash_table_lookup (samples, *n));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vigil/template-text/fill", test_fill);
  g_test_add_func ("/vigil/template-text/missing-and-unknown", test_missing_and_unknown);
  g_test_add_func ("/vigil/template-text/escaped", test_escaped);
  g_test_add_func ("/vigil/template-text/not-variables", test_not_variables);
  g_test_add_func ("/vigil/template-text/known", test_known);
  return g_test_run ();
}
