#!/bin/sh
# vigil-cli redact: the contract of issue 10 (plain text, --json with
# character offsets, --categories, --locale, exit codes).
# Usage: test-cli-redact.sh PATH/TO/vigil-cli
set -u
cli=$1
n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
no () { n=$((n + 1)); echo "not ok $n - $1"; }
echo "1..8"

out=$(printf 'I am 52 and a proud Catholic.' | "$cli" redact)
[ "$out" = "I am [removed] and a proud [removed]." ] && ok "plain text" || no "plain text: $out"

json=$(printf 'Zoë: I’m autistic.' | "$cli" redact --json)
echo "$json" | python3 -c '
import json, sys
d = json.load(sys.stdin)
s = d["spans"][0]
text = "Zoë: I’m autistic."
assert text[s["start"]:s["end"]] == "autistic", s
assert s["category"] == "disability" and s["reason"]
assert d["redacted"] == "Zoë: I’m [removed]."
' && ok "--json: character offsets, category, reason" || no "--json: $json"

out=$(printf 'Mail jo@example.org, happy Diwali' | "$cli" redact --categories contact)
[ "$out" = "Mail [removed], happy Diwali" ] && ok "--categories contact" || no "--categories: $out"

out=$(printf 'Ich bin schwanger.' | "$cli" redact --locale de)
[ "$out" = "Ich bin [removed]." ] && ok "--locale de" || no "--locale de: $out"

printf 'caf\351' | "$cli" redact > /dev/null 2> err.txt; rc=$?
[ $rc -eq 1 ] && grep -q "not valid UTF-8 at byte 3" err.txt && ok "invalid UTF-8: exit 1 with the reason" || no "invalid UTF-8: rc=$rc $(cat err.txt)"

printf 'x' | "$cli" redact --categories colour > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "bad category: exit 2" || no "bad category: rc=$rc"

printf 'x' | "$cli" redact --locale xx > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "unknown locale: exit 2" || no "unknown locale: rc=$rc"

out=$(printf 'Loved brunch at her wheelchair-accessible café. My partner and I go weekly.' | "$cli" redact)
[ "$out" = "Loved brunch at her wheelchair-accessible café. My partner and I go weekly." ] && ok "nothing to remove: unchanged" || no "unchanged: $out"
rm -f err.txt
