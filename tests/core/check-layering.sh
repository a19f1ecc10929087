#!/bin/sh
# Fails if anything under src/core includes a GTK, GDK or libadwaita header,
# or if a meson.build there names the GTK or libadwaita dependencies.
set -u
core=$1
echo "1..2"
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
