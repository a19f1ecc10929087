#!/bin/sh
# Fails if anything under src/core includes a GTK, GDK or libadwaita header,
# or if a meson.build there names the GTK or libadwaita dependencies, or if
# SQL reaches past the store's backends: no sqlite3 call or header (and no
# libpq one) outside src/core/store/<backend>/.
set -u
core=$1
echo "1..3"
bad=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](gtk/|gdk/|gsk/|adwaita\.h|adw-)' "$core" --include='*.c' --include='*.h')
if [ -n "$bad" ]; then
  printf '%s\n' "$bad" | sed 's/^/# /'
  echo "not ok 1 - src/core includes GTK/libadwaita headers"
else
  echo "ok 1 - src/core includes no GTK/libadwaita header"
fi
bad=$(grep -rnE '(gtk_dep|adw_dep|gtk4|libadwaita)' "$core" --include='meson.build' | grep -v '^[^:]*:[0-9]*:[[:space:]]*#')
if [ -n "$bad" ]; then
  printf '%s\n' "$bad" | sed 's/^/# /'
  echo "not ok 2 - src/core's build links GTK/libadwaita"
else
  echo "ok 2 - src/core's build does not link GTK/libadwaita"
fi
bad=$(grep -rnE '(sqlite3_[a-z_]+[[:space:]]*\(|#[[:space:]]*include[[:space:]]*[<"]sqlite3\.h|\bPQ[a-z]+[[:space:]]*\(|libpq-fe\.h)' "$core" --include='*.c' --include='*.h' \
      | grep -vE "^$core/store/(sqlite|postgres)/")
if [ -n "$bad" ]; then
  printf '%s\n' "$bad" | sed 's/^/# /'
  echo "not ok 3 - SQL calls outside the store's backend folders"
else
  echo "ok 3 - SQL calls only inside the store's backend folders"
fi
