#!/bin/sh
# A real pointer drag on the triage board (xdotool under Xvfb): two
# selected inbox cards dragged onto the HR column are assigned to HR.
# Usage: test-triage-drag.sh TEST-TRIAGE-BENCH VIGIL-CLI. TAP output.
set -u
bench=$1
cli=$2
if [ -z "${DISPLAY:-}" ] || ! command -v xdotool >/dev/null 2>&1; then
  echo "1..0 # SKIP needs a display and xdotool"
  exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME="$T/config"
echo "1..3"

# 40 cases; the window (no window manager: at 0,0) selects the first two
# inbox cards and stays open 8 s
"$bench" --cases 40 --db "$T/board.db" --hold 8 >"$T/out" 2>/dev/null &
pid=$!
i=0
while ! grep -q '"cases"' "$T/out" 2>/dev/null && [ $i -lt 60 ]; do sleep 1; i=$((i + 1)); done
sleep 1
# The pointer has to move in steps for GTK to start a drag (shared/TESTING.md).
# First inbox card at (160, 140); the HR column (4th) around x = 1100.
xdotool mousemove 160 140 mousedown 1 sleep 0.2 mousemove 200 160 sleep 0.2 \
  mousemove 600 300 sleep 0.2 mousemove 1000 400 sleep 0.2 mousemove 1100 420 sleep 0.3 mouseup 1
wait $pid

out=$("$cli" case list --db "$T/board.db" --role hr 2>/dev/null)
n=$(printf '%s\n' "$out" | grep -c '"id"')
if [ "$n" = 2 ]; then echo "ok 1 - both selected cards landed in HR"; else echo "not ok 1 - HR has $n cases"; fi
if printf '%s\n' "$out" | grep -q '"remote_id":"bench-2"'; then echo "ok 2 - the first card is one of them"; else echo "not ok 2 - bench-2 is not in HR"; fi
log=$("$cli" case log --db "$T/board.db" bench-2 2>/dev/null | tail -1)
if printf '%s\n' "$log" | grep -q '"actor":"bench"' && printf '%s\n' "$log" | grep -q '"op":"assign"'; then
  echo "ok 3 - the drop is in the case log, by the person at the board"
else
  echo "not ok 3 - last log entry: $log"
fi
