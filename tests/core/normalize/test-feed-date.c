/* test-feed-date.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vigil-normalize.h"

static void
check (const char *text,
       const char *expected)
{
  g_autoptr(GDateTime) dt = vigil_parse_feed_date (text);
  g_autofree char *iso = dt ? vigil_format_iso8601 (dt) : NULL;

  if (dt)
    g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, 0);
  g_assert_cmpstr (iso, ==, expected);
}

static void
test_rfc822 (void)
{
  check ("Mon, 23 Nov 2026 10:00:00 GMT", "2026-11-23T10:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 UT", "2026-11-23T10:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 UTC", "2026-11-23T10:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 Z", "2026-11-23T10:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 +0100", "2026-11-23T09:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 -0530", "2026-11-23T15:30:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 +01:00", "2026-11-23T09:00:00Z");
  check ("Mon, 23 Nov 2026 23:30:00 -0100", "2026-11-24T00:30:00Z");
  check ("  Mon, 23 Nov 2026 10:00:00 GMT  \n", "2026-11-23T10:00:00Z");
}

static void
test_rfc822_zones (void)
{
  check ("Mon, 23 Nov 2026 10:00:00 EST", "2026-11-23T15:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 EDT", "2026-11-23T14:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 CST", "2026-11-23T16:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 CDT", "2026-11-23T15:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 MST", "2026-11-23T17:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 MDT", "2026-11-23T16:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 PST", "2026-11-23T18:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 pdt", "2026-11-23T17:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 CET", "2026-11-23T09:00:00Z");
  /* military zones are unreliable: RFC 2822 reads them as UTC */
  check ("Mon, 23 Nov 2026 10:00:00 A", "2026-11-23T10:00:00Z");
  /* no zone at all: UTC */
  check ("Mon, 23 Nov 2026 10:00:00", "2026-11-23T10:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:00 +0100 (CET)", "2026-11-23T09:00:00Z");
}

static void
test_rfc822_variants (void)
{
  check ("23 Nov 2026 10:00:00 GMT", "2026-11-23T10:00:00Z");
  check ("Mon, 23 Nov 2026 10:00 GMT", "2026-11-23T10:00:00Z");
  check ("Mon, 23 Nov 26 10:00:00 GMT", "2026-11-23T10:00:00Z");
  check ("Sun, 23 Nov 97 10:00:00 GMT", "1997-11-23T10:00:00Z");
  check ("Thu, 01 Jan 49 00:00:00 GMT", "2049-01-01T00:00:00Z");
  check ("Fri, 01 Jan 50 00:00:00 GMT", "1950-01-01T00:00:00Z");
  check ("Monday, 23 November 2026 10:00:00 GMT", "2026-11-23T10:00:00Z");
  check ("Mon,23 Nov 2026 10:00:00 GMT", "2026-11-23T10:00:00Z");
  check ("Mon, 3 Nov 2026 1:02:03 GMT", "2026-11-03T01:02:03Z");
  check ("23 nov 2026", "2026-11-23T00:00:00Z");
  check ("Mon, 23 Nov 2026 10:00:60 GMT", "2026-11-23T10:00:59Z");
}

static void
test_iso8601 (void)
{
  check ("2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z");
  check ("2026-11-23T10:00:00+01:00", "2026-11-23T09:00:00Z");
  check ("2026-11-23T10:00:00-05:00", "2026-11-23T15:00:00Z");
  check ("2026-11-23T10:00:00.123456Z", "2026-11-23T10:00:00.123456Z");
  check ("2026-11-23 10:00:00Z", "2026-11-23T10:00:00Z");
  check ("2026-11-23T10:00:00", "2026-11-23T10:00:00Z");
  check ("2026-11-23", "2026-11-23T00:00:00Z");
  check ("2026-11-23T10:00Z", "2026-11-23T10:00:00Z");
  check ("2026-11-23T10:00+02:00", "2026-11-23T08:00:00Z");
  check ("2026-11-23t10:00:00z", "2026-11-23T10:00:00Z");
}

static void
test_invalid (void)
{
  g_autoptr(GString) longer = g_string_new ("Mon, 23 Nov 2026 10:00:00 GMT");

  check (NULL, NULL);
  check ("", NULL);
  check ("   ", NULL);
  check ("yesterday", NULL);
  check ("Mon, 30 Feb 2026 10:00:00 GMT", NULL);
  check ("2026-13-01T00:00:00Z", NULL);
  check ("2026-02-30", NULL);
  check ("Mon, 23 Foo 2026 10:00:00 GMT", NULL);
  check ("Mon, 23 Nov 2026 25:00:00 GMT", NULL);
  check ("Mon, 23 Nov 2026 10:61:00 GMT", NULL);
  check ("Mon, 23 Nov 2026 10:00:00 +9999", NULL);
  check ("Mon, 23 Nov 2026 10:00:00 +01", "2026-11-23T09:00:00Z");
  check ("32 Nov 2026", NULL);
  check ("12345678901234567890", NULL);
  check ("Mon, 23 Nov", NULL);
  check ("Mon, 23 Nov 2026 10:00:00 GMT 2027", NULL);

  /* an absurdly long string is refused, not scanned forever */
  for (guint i = 0; i < 100; i++)
    g_string_append (longer, " GMT");
  check (longer->str, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vigil/feed-date/rfc822", test_rfc822);
  g_test_add_func ("/vigil/feed-date/rfc822-zones", test_rfc822_zones);
  g_test_add_func ("/vigil/feed-date/rfc822-variants", test_rfc822_variants);
  g_test_add_func ("/vigil/feed-date/iso8601", test_iso8601);
  g_test_add_func ("/vigil/feed-date/invalid", test_invalid);

  return g_test_run ();
}
