/* vigil-store-raw.c: the source payload, kept compressed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The raw payload (the JSON or XML a source sent) was half of each post's
 * bytes on disk, and it repeats what the row already holds (the text, the
 * author, the URL). From format 6 the writer keeps it as a BLOB: one
 * format byte, then a zstd frame whose dictionary is a built-in one of what
 * source payloads share (Mastodon, Bluesky and feed field names) followed
 * by the row's own archived columns (its context: remote id, author, URL,
 * text), so the frame holds only what the row lacks. A TEXT value is
 * a payload kept as received (archives before format 6, short payloads,
 * payloads that don't shrink). The hash chain covers the payload as
 * received, never its compressed form: verify unpacks the BLOB and hashes
 * the text, so a BLOB that does not unpack to the archived bytes breaks
 * the chain like any other change.
 *
 * The dictionary is part of the format: never change it; a new one gets a
 * new format byte, and this file keeps reading the old ones.
 */
#define G_LOG_DOMAIN "vigil-store-raw"

#include "config.h"

#include <zstd.h>

#include "vigil-store-private.h"

#define FORMAT_ZSTD_DICT_1 0x01
#define MIN_PACKED         96
#define LEVEL              3

/* What payloads repeat, most frequent last (zstd reaches the end first). */
static const char dictionary_1[] =
  "<item><title></title><link></link><guid isPermaLink=\"true\"></guid><pubDate></pubDate>"
  "<dc:creator></dc:creator><category></category><description><![CDATA[<p></p>]]></description></item>"
  "<entry><id></id><updated></updated><author><name></name></author><content type=\"html\"></content></entry>"
  "{\"$type\":\"app.bsky.feed.repost\",\"subject\":{\"uri\":\"at://did:plc:\",\"cid\":\"bafyrei\"}}"
  "\"facets\":[{\"index\":{\"byteStart\":,\"byteEnd\":},\"features\":[{\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":\"https://\"}]}]"
  "\"embed\":{\"$type\":\"app.bsky.embed.external\",\"external\":{\"uri\":\"https://\",\"title\":\"\",\"description\":\"\"}}"
  ",\"reply\":{\"parent\":{\"uri\":\"at://did:plc:\",\"cid\":\"bafyrei\"},\"root\":{\"uri\":\"at://did:plc:\",\"cid\":\"bafyrei\"}}"
  "{\"did\":\"did:plc:\",\"time_us\":,\"kind\":\"commit\",\"commit\":{\"rev\":\"3k\",\"operation\":\"create\","
  "\"collection\":\"app.bsky.feed.post\",\"rkey\":\"3k\",\"record\":{\"$type\":\"app.bsky.feed.post\","
  "\"createdAt\":\"Z\",\"langs\":[\"en\"],\"text\":\"\"},\"cid\":\"bafyrei\"}}"
  "\"media_attachments\":[{\"id\":\"\",\"type\":\"image\",\"url\":\"https://\",\"preview_url\":\"https://\","
  "\"remote_url\":null,\"description\":\"\",\"blurhash\":\"\"}]"
  "\"mentions\":[{\"id\":\"\",\"username\":\"\",\"url\":\"https://\",\"acct\":\"\"}],"
  "\"tags\":[{\"name\":\"\",\"url\":\"https:///tags/\"}],"
  "\"card\":{\"url\":\"https://\",\"title\":\"\",\"description\":\"\",\"type\":\"link\",\"author_name\":\"\","
  "\"provider_name\":\"\",\"html\":\"\",\"width\":,\"height\":,\"image\":null,\"embed_url\":\"\"},"
  "{\"id\":\"\",\"created_at\":\"Z\",\"in_reply_to_id\":null,\"in_reply_to_account_id\":null,"
  "\"sensitive\":false,\"spoiler_text\":\"\",\"visibility\":\"public\",\"language\":\"en\","
  "\"uri\":\"https:///users//statuses/\",\"url\":\"https:///@/\",\"replies_count\":0,"
  "\"reblogs_count\":0,\"favourites_count\":0,\"edited_at\":null,\"content\":\"<p></p>\","
  "\"reblog\":null,\"application\":{\"name\":\"Web\",\"website\":null},\"account\":{\"id\":\"\","
  "\"username\":\"\",\"acct\":\"\",\"display_name\":\"\",\"locked\":false,\"bot\":false,"
  "\"discoverable\":true,\"group\":false,\"created_at\":\"T00:00:00.000Z\",\"note\":\"<p></p>\","
  "\"url\":\"https:///@\",\"avatar\":\"https:///accounts/avatars/\",\"avatar_static\":\"https://\","
  "\"header\":\"https://\",\"header_static\":\"https://\",\"followers_count\":,\"following_count\":,"
  "\"statuses_count\":,\"last_status_at\":\"\",\"emojis\":[],\"fields\":[]},\"media_attachments\":[],"
  "\"mentions\":[],\"tags\":[],\"emojis\":[],\"card\":null,\"poll\":null}";

#define DICTIONARY_LEN (sizeof dictionary_1 - 1)

static void
free_cctx (gpointer data)
{
  ZSTD_freeCCtx (data);
}

static void
free_dctx (gpointer data)
{
  ZSTD_freeDCtx (data);
}

static GPrivate cctx_key = G_PRIVATE_INIT (free_cctx);
static GPrivate dctx_key = G_PRIVATE_INIT (free_dctx);

/* The dictionary of one row: the built-in one, then each context string
 * and a newline (NULL counts as empty). */
static GString *
row_dictionary (const char * const *context)
{
  GString *dict = g_string_sized_new (DICTIONARY_LEN + 1024);

  g_string_append_len (dict, dictionary_1, DICTIONARY_LEN);
  for (guint i = 0; i < VIGIL_STORE_RAW_CONTEXT; i++)
    {
      if (context && context[i])
        g_string_append (dict, context[i]);
      g_string_append_c (dict, '\n');
    }
  return dict;
}

guint8 *
_vigil_store_raw_pack (const char         *raw,
                       gsize               len,
                       const char * const *context,
                       gsize              *out_len)
{
  g_autoptr(GString) dict = NULL;
  ZSTD_CCtx *cctx;
  guint8 *out;
  size_t n;

  *out_len = 0;
  if (raw == NULL || len < MIN_PACKED)
    return NULL;
  if ((cctx = g_private_get (&cctx_key)) == NULL)
    {
      cctx = ZSTD_createCCtx ();
      /* the frame holds only what unpacking needs */
      ZSTD_CCtx_setParameter (cctx, ZSTD_c_compressionLevel, LEVEL);
      ZSTD_CCtx_setParameter (cctx, ZSTD_c_checksumFlag, 0);
      ZSTD_CCtx_setParameter (cctx, ZSTD_c_dictIDFlag, 0);
      ZSTD_CCtx_setParameter (cctx, ZSTD_c_contentSizeFlag, 1);
      g_private_set (&cctx_key, cctx);
    }
  out = g_malloc (1 + ZSTD_compressBound (len));
  out[0] = FORMAT_ZSTD_DICT_1;
  dict = row_dictionary (context);
  n = ZSTD_CCtx_refPrefix (cctx, dict->str, dict->len);
  if (!ZSTD_isError (n))
    n = ZSTD_compress2 (cctx, out + 1, ZSTD_compressBound (len), raw, len);
  if (ZSTD_isError (n) || 1 + n >= len)
    {
      g_free (out);
      return NULL;
    }
  *out_len = 1 + n;
  return out;
}

char *
_vigil_store_raw_unpack (const void         *blob,
                         gsize               len,
                         const char * const *context,
                         gsize              *out_len)
{
  g_autoptr(GString) dict = NULL;
  const guint8 *in = blob;
  unsigned long long size;
  ZSTD_DCtx *dctx;
  char *out;
  size_t n;

  if (out_len)
    *out_len = 0;
  if (blob == NULL || len < 2 || in[0] != FORMAT_ZSTD_DICT_1)
    return NULL;
  size = ZSTD_getFrameContentSize (in + 1, len - 1);
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR || size > 64 * 1024 * 1024)
    return NULL;
  if ((dctx = g_private_get (&dctx_key)) == NULL)
    {
      dctx = ZSTD_createDCtx ();
      g_private_set (&dctx_key, dctx);
    }
  out = g_malloc (size + 1);
  dict = row_dictionary (context);
  n = ZSTD_DCtx_refPrefix (dctx, dict->str, dict->len);
  if (!ZSTD_isError (n))
    n = ZSTD_decompressDCtx (dctx, out, size, in + 1, len - 1);
  if (ZSTD_isError (n) || n != size || memchr (out, '\0', n) != NULL)
    {
      g_free (out);
      return NULL;
    }
  out[n] = '\0';
  if (out_len)
    *out_len = n;
  return out;
}
