#!/bin/sh
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when POTFILES.in lists a file that does not exist.
# A .c file counts when it calls _(, N_(, C_(, NC_( or g_dngettext(; a .ui
# file when it has translatable="yes". Usage: check-potfiles.sh SOURCE_ROOT
set -u
root=${1:-.}
potfiles="$root/po/POTFILES.in"
echo "1..3"

listed=$(grep -v '^[[:space:]]*#' "$potfiles" | grep -v '^[[:space:]]*$' | sort)

found=$(cd "$root" && {
  grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|ngettext)[[:space:]]*\(' src --include='*.c'
  grep -rl 'translatable="yes"' ui src --include='*.ui' 2>/dev/null
} | sort -u)

missing=$(printf '%s\n' "$found" | grep -v '^$' | while read -r f; do
  printf '%s\n' "$listed" | grep -qxF "$f" || echo "$f"
done)
if [ -n "$missing" ]; then
  printf '%s\n' "$missing" | sed 's/^/# not in po\/POTFILES.in: /'
  echo "not ok 1 - every file with translatable strings is in po/POTFILES.in"
else
  echo "ok 1 - every file with translatable strings is in po/POTFILES.in"
fi

stale=$(printf '%s\n' "$listed" | grep -v '^$' | while read -r f; do
  [ -e "$root/$f" ] || echo "$f"
done)
if [ -n "$stale" ]; then
  printf '%s\n' "$stale" | sed 's/^/# listed but missing: /'
  echo "not ok 2 - po/POTFILES.in lists only existing files"
else
  echo "ok 2 - po/POTFILES.in lists only existing files"
fi

sorted=$(grep -v '^[[:space:]]*#' "$potfiles" | grep -v '^[[:space:]]*$')
if [ "$sorted" != "$(printf '%s\n' "$sorted" | LC_ALL=C sort)" ]; then
  echo "not ok 3 - po/POTFILES.in is sorted"
else
  echo "ok 3 - po/POTFILES.in is sorted"
fi
