/* vigil-store-backup.c: a consistent copy with SQLite's online backup API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The source connection holds one read transaction for the whole copy, so
 * the pages copied all belong to one snapshot even while the worker goes on
 * archiving (WAL: the writer appends to the log, our snapshot stays). The
 * copy goes to a temporary file beside the target, is switched to a
 * rollback journal (one self-contained file), synced, and renamed into
 * place: a failed or cancelled backup leaves nothing behind.
 */
#define G_LOG_DOMAIN "vigil-store-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vigil-store-private.h"

#define PAGES_PER_STEP 1024

static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDONLY, 0);
  int saved;

  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write the backup %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
_vigil_store_backup_db (sqlite3                 *src,
                        const char              *dest_path,
                        VigilStoreProgressFunc   progress,
                        gpointer                 progress_data,
                        GCancellable            *cancellable,
                        GError                 **error)
{
  g_autofree char *dir = g_path_get_dirname (dest_path);
  g_autofree char *base = g_path_get_basename (dest_path);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.partial-XXXXXX", dir, base);
  sqlite3 *dst = NULL;
  sqlite3_backup *backup = NULL;
  gboolean in_txn = FALSE;
  gboolean ok = FALSE;
  int fd, rc;

  fd = g_mkstemp_full (tmpl, O_RDWR, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the backup in %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (sqlite3_open_v2 (tmpl, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      _vigil_store_set_error (error, dst, _("Could not create the backup"));
      goto out;
    }

  /* one snapshot for the whole copy */
  if (!_vigil_store_exec (src, "BEGIN; SELECT count(*) FROM sqlite_master;", error))
    goto out;
  in_txn = TRUE;

  backup = sqlite3_backup_init (dst, "main", src, "main");
  if (backup == NULL)
    {
      _vigil_store_set_error (error, dst, _("Could not start the backup"));
      goto out;
    }
  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      rc = sqlite3_backup_step (backup, PAGES_PER_STEP);
      if (progress != NULL && sqlite3_backup_pagecount (backup) > 0)
        progress (1.0 - (double) sqlite3_backup_remaining (backup) / sqlite3_backup_pagecount (backup),
                  progress_data);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        g_usleep (10000);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (g_steal_pointer (&backup));
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_SQL,
                   _("The backup failed: %s"), sqlite3_errstr (rc));
      goto out;
    }
  sqlite3_exec (src, "COMMIT", NULL, NULL, NULL);
  in_txn = FALSE;

  /* one self-contained file */
  if (!_vigil_store_exec (dst, "PRAGMA journal_mode = DELETE;", error))
    goto out;
  if (sqlite3_close (dst) != SQLITE_OK)
    {
      _vigil_store_set_error (error, dst, _("Could not finish the backup"));
      goto out;
    }
  dst = NULL;
  if (!sync_file (tmpl, error))
    goto out;
  if (g_rename (tmpl, dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not put the backup in place at %s: %s"), dest_path, g_strerror (saved));
      goto out;
    }
  ok = TRUE;

out:
  if (backup != NULL)
    sqlite3_backup_finish (backup);
  if (in_txn)
    sqlite3_exec (src, "COMMIT", NULL, NULL, NULL);
  if (dst != NULL)
    sqlite3_close_v2 (dst);
  if (!ok)
    {
      g_autofree char *journal = g_strconcat (tmpl, "-journal", NULL);
      g_autofree char *wal = g_strconcat (tmpl, "-wal", NULL);
      g_autofree char *shm = g_strconcat (tmpl, "-shm", NULL);

      g_unlink (tmpl);
      g_unlink (journal);
      g_unlink (wal);
      g_unlink (shm);
    }
  return ok;
}

gboolean
_vigil_store_backup_file (const char              *path,
                          const char              *dest_path,
                          VigilStoreProgressFunc   progress,
                          gpointer                 progress_data,
                          GCancellable            *cancellable,
                          GError                 **error)
{
  sqlite3 *src = NULL;
  gboolean ok;

  if (sqlite3_open_v2 (path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, VIGIL_STORE_ERROR, VIGIL_STORE_ERROR_OPEN,
                   _("Could not open the archive %s to back it up: %s"), path,
                   src ? sqlite3_errmsg (src) : "out of memory");
      sqlite3_close (src);
      return FALSE;
    }
  sqlite3_busy_timeout (src, 10000);
  ok = _vigil_store_backup_db (src, dest_path, progress, progress_data, cancellable, error);
  sqlite3_close (src);
  return ok;
}
