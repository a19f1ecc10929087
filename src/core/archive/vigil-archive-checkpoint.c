/* vigil-archive-checkpoint.c: MACed checkpoints of the archive's heads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A checkpoint says "at this time the three chains had these heads", with
 * an HMAC-SHA256 over a canonical text of it under a key that lives in the
 * Secret Service, never in the file. Someone who has the file but not the
 * key can rewrite every hash of a chain, but not a checkpoint's MAC; the
 * rewritten heads then no longer match the checkpoints, and forging or
 * altering a checkpoint breaks its MAC.
 */
#define G_LOG_DOMAIN "vigil-archive-checkpoint"

#include "config.h"

#include <string.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "vigil-archive.h"
#include "vigil-json-writer.h"

#define MAC_LABEL "vigil.checkpoint.v1"

G_DEFINE_QUARK (vigil-archive-error-quark, vigil_archive_error)

void
vigil_archive_checkpoint_free (VigilArchiveCheckpoint *cp)
{
  if (cp == NULL)
    return;
  g_free (cp->head_hash);
  g_free (cp->audit_hash);
  g_free (cp->records_hash);
  g_free (cp->mac);
  g_free (cp);
}

static char *
canonical (const VigilArchiveCheckpoint *cp)
{
  return g_strdup_printf (MAC_LABEL "\n%" G_GINT64_FORMAT "\n%" G_GUINT64_FORMAT "\n%s\n%"
                          G_GUINT64_FORMAT "\n%s\n%" G_GUINT64_FORMAT "\n%s\n",
                          cp->at_us, cp->rows, cp->head_hash ? cp->head_hash : "",
                          cp->audit_rows, cp->audit_hash ? cp->audit_hash : "",
                          cp->records, cp->records_hash ? cp->records_hash : "");
}

static char *
compute_mac (const VigilArchiveCheckpoint *cp,
             GBytes                       *key)
{
  g_autofree char *text = canonical (cp);
  gsize len;
  const guint8 *k = g_bytes_get_data (key, &len);

  return g_compute_hmac_for_string (G_CHECKSUM_SHA256, k, len, text, -1);
}

void
vigil_archive_checkpoint_sign (VigilArchiveCheckpoint *cp,
                               GBytes                 *key)
{
  g_return_if_fail (cp != NULL && key != NULL);
  g_free (cp->mac);
  cp->mac = compute_mac (cp, key);
}

gboolean
vigil_archive_checkpoint_check (const VigilArchiveCheckpoint *cp,
                                GBytes                       *key)
{
  g_autofree char *mac = NULL;
  guint8 diff = 0;

  g_return_val_if_fail (cp != NULL && key != NULL, FALSE);
  if (cp->mac == NULL || strlen (cp->mac) != 64)
    return FALSE;
  mac = compute_mac (cp, key);
  /* constant time */
  for (guint i = 0; i < 64; i++)
    diff |= (guint8) (mac[i] ^ g_ascii_tolower (cp->mac[i]));
  return diff == 0;
}

char *
vigil_archive_checkpoint_to_json (const VigilArchiveCheckpoint *cp)
{
  GString *out = g_string_new ("{");

  g_string_append_printf (out, "\"at_us\":%" G_GINT64_FORMAT ",\"rows\":%" G_GUINT64_FORMAT,
                          cp->at_us, cp->rows);
  vigil_json_writer_member (out, "head", cp->head_hash, TRUE);
  g_string_append_printf (out, ",\"audit_rows\":%" G_GUINT64_FORMAT, cp->audit_rows);
  vigil_json_writer_member (out, "audit_head", cp->audit_hash, TRUE);
  g_string_append_printf (out, ",\"records\":%" G_GUINT64_FORMAT, cp->records);
  vigil_json_writer_member (out, "records_head", cp->records_hash, TRUE);
  vigil_json_writer_member (out, "mac", cp->mac, TRUE);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
is_hex (const char *s,
        gboolean    may_be_empty)
{
  if (s == NULL)
    return FALSE;
  if (*s == '\0')
    return may_be_empty;
  if (strlen (s) != 64)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

VigilArchiveCheckpoint *
vigil_archive_checkpoint_from_json (const char  *json,
                                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(VigilArchiveCheckpoint) cp = g_new0 (VigilArchiveCheckpoint, 1);
  JsonObject *o;

  if (json == NULL || strlen (json) > 4096 || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_INVALID,
                   _("A checkpoint record is not a JSON object"));
      return NULL;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  cp->at_us = json_object_get_int_member_with_default (o, "at_us", 0);
  cp->rows = (guint64) json_object_get_int_member_with_default (o, "rows", 0);
  cp->head_hash = g_strdup (json_object_get_string_member_with_default (o, "head", NULL));
  cp->audit_rows = (guint64) json_object_get_int_member_with_default (o, "audit_rows", 0);
  cp->audit_hash = g_strdup (json_object_get_string_member_with_default (o, "audit_head", NULL));
  cp->records = (guint64) json_object_get_int_member_with_default (o, "records", 0);
  cp->records_hash = g_strdup (json_object_get_string_member_with_default (o, "records_head", NULL));
  cp->mac = g_strdup (json_object_get_string_member_with_default (o, "mac", NULL));
  if (!is_hex (cp->head_hash, FALSE) || !is_hex (cp->audit_hash, TRUE)
      || !is_hex (cp->records_hash, TRUE) || !is_hex (cp->mac, FALSE) || cp->rows == 0)
    {
      g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_INVALID,
                   _("A checkpoint record lacks a head, a count or its MAC"));
      return NULL;
    }
  return g_steal_pointer (&cp);
}

char *
vigil_archive_checkpoint_to_line (const VigilArchiveCheckpoint *cp)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (cp->at_us / G_USEC_PER_SEC);
  g_autofree char *at = dt ? g_date_time_format_iso8601 (dt) : g_strdup ("?");

  return g_strdup_printf ("vigil-checkpoint v1 at=%s at_us=%" G_GINT64_FORMAT " rows=%" G_GUINT64_FORMAT
                          " head=%s audit=%" G_GUINT64_FORMAT ":%s journal=%" G_GUINT64_FORMAT ":%s mac=%s",
                          at, cp->at_us, cp->rows, cp->head_hash,
                          cp->audit_rows, cp->audit_hash && *cp->audit_hash ? cp->audit_hash : "-",
                          cp->records, cp->records_hash && *cp->records_hash ? cp->records_hash : "-",
                          cp->mac ? cp->mac : "-");
}

gboolean
vigil_archive_parse_expect_head (const char  *text,
                                 char       **out_hash,
                                 guint64     *out_rows,
                                 GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 rows = 0;

  if (text == NULL)
    goto bad;
  parts = g_strsplit (text, "@", 2);
  if (!is_hex (parts[0], FALSE))
    goto bad;
  if (parts[1] != NULL && (!g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64, &rows, NULL)))
    goto bad;
  *out_hash = g_ascii_strdown (parts[0], -1);
  *out_rows = rows;
  return TRUE;

bad:
  g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_INVALID,
               _("“%s” is not a head: give the 64 hex digits verify printed, "
                 "optionally followed by @ROWS (e.g. 3fa4…@5000)"), text ? text : "");
  return FALSE;
}

/* --- the key ------------------------------------------------------------ */

typedef struct
{
  GMainLoop *loop;
  char      *secret;
  gboolean   stored;
  GError    *error;
} Wait;

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *w = user_data;

  w->secret = vigil_credential_store_lookup_finish (VIGIL_CREDENTIAL_STORE (source), result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *w = user_data;

  w->stored = vigil_credential_store_store_finish (VIGIL_CREDENTIAL_STORE (source), result, &w->error);
  g_main_loop_quit (w->loop);
}

static GBytes *
key_from_hex (const char *hex)
{
  guint8 key[32];

  if (!is_hex (hex, FALSE))
    return NULL;
  for (guint i = 0; i < 32; i++)
    key[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
  return g_bytes_new (key, sizeof key);
}

GBytes *
vigil_archive_lookup_key (VigilCredentialStore  *credentials,
                          gboolean               create,
                          GError               **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  Wait w = { loop };
  GBytes *key = NULL;

  g_return_val_if_fail (VIGIL_IS_CREDENTIAL_STORE (credentials), NULL);

  g_main_context_push_thread_default (context);
  vigil_credential_store_lookup_async (credentials, VIGIL_ARCHIVE_KEY_SERVICE, VIGIL_ARCHIVE_KEY_ACCOUNT,
                                       NULL, lookup_cb, &w);
  g_main_loop_run (loop);

  if (w.error == NULL && w.secret == NULL && create)
    {
      GString *hex = g_string_new (NULL);
      guint8 raw[32];

      /* the kernel's CSPRNG, not GLib's Mersenne twister */
      if (getrandom (raw, sizeof raw, 0) != sizeof raw)
        g_error ("getrandom failed");
      for (guint i = 0; i < sizeof raw; i++)
        g_string_append_printf (hex, "%02x", raw[i]);
      memset (raw, 0, sizeof raw);
      w.secret = g_string_free (hex, FALSE);
      vigil_credential_store_store_async (credentials, VIGIL_ARCHIVE_KEY_SERVICE, VIGIL_ARCHIVE_KEY_ACCOUNT,
                                          w.secret, NULL, store_cb, &w);
      g_main_loop_run (loop);
    }
  g_main_context_pop_thread_default (context);

  if (w.error != NULL)
    {
      g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_NO_KEY,
                   _("Could not reach the checkpoint key in the keyring: %s"), w.error->message);
      g_clear_error (&w.error);
    }
  else if (w.secret == NULL)
    g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_NO_KEY,
                 _("There is no checkpoint key in the keyring yet (the first checkpoint creates it)"));
  else if ((key = key_from_hex (w.secret)) == NULL)
    g_set_error (error, VIGIL_ARCHIVE_ERROR, VIGIL_ARCHIVE_ERROR_NO_KEY,
                 _("The checkpoint key in the keyring is not 64 hex digits: it was replaced"));
  vigil_credential_free_secret (w.secret);
  return key;
}
