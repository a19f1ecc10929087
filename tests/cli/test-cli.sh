#!/bin/sh
# End-to-end tests of vigil-cli: ingest, dedupe, search, export, verify and
# tamper detection, against a temporary store. TAP output.
set -u
cli=$1
data=$(cd "$(dirname "$0")" && pwd)/data
py=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# the user's own watches and rule packs must not change the results
export XDG_CONFIG_HOME="$T/config"
db="$T/vigil.db"
n=0
fail=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check () { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }
json_field () { $py -c "import json,sys; print(json.loads(sys.stdin.readline())$1)"; }

# 1. ingest a Mastodon array with one malformed record
out=$("$cli" ingest --db "$db" --format mastodon "$data/statuses.json" 2>"$T/err"); rc=$?
check "ingest exits 1 when a record is rejected" [ "$rc" -eq 1 ]
check "ingest reports 2 added" [ "$(echo "$out" | json_field "['added']")" = 2 ]
check "ingest reports 1 rejected" [ "$(echo "$out" | json_field "['rejected']")" = 1 ]
check "the reject names file and position" grep -q "statuses.json.*byte [0-9]*" "$T/err"

# 2. the same file again: all duplicates
out=$("$cli" ingest --db "$db" --format mastodon "$data/statuses.json" 2>/dev/null)
check "re-ingest dedupes" [ "$(echo "$out" | json_field "['duplicates']")" = 2 ]
check "re-ingest adds nothing" [ "$(echo "$out" | json_field "['added']")" = 0 ]

# 3. an SSE capture with an edit and a delete, read from stdin
out=$("$cli" ingest --db "$db" --format mastodon - <"$data/stream.sse" 2>"$T/err"); rc=$?
check "SSE ingest succeeds" [ "$rc" -eq 0 ]
check "SSE ingest archives one edit" [ "$(echo "$out" | json_field "['edits']")" = 1 ]
check "SSE ingest archives one delete" [ "$(echo "$out" | json_field "['deletes']")" = 1 ]

# 4. Jetstream lines: one post, one identity event (skipped), one truncated line
out=$("$cli" ingest --db "$db" --format jetstream "$data/jetstream.jsonl" 2>"$T/err")
check "jetstream adds the post" [ "$(echo "$out" | json_field "['added']")" = 1 ]
check "jetstream skips the identity event" [ "$(echo "$out" | json_field "['skipped']")" = 1 ]
check "jetstream rejects the truncated line with its line number" grep -q "jetstream.jsonl:3" "$T/err"

# 5. search: accent-insensitive, filters, newest first, deleted posts kept
out=$("$cli" search --db "$db" cafe)
check "search ignores accents (cafe finds Café)" [ "$(echo "$out" | grep -c remote_id)" = 1 ]
check "a deleted post stays in the archive, marked deleted" \
  [ "$(echo "$out" | json_field "['deleted']")" = True ]
out=$("$cli" search --db "$db" refund)
check "search sees the edited text" [ "$(echo "$out" | json_field "['text']" | grep -c 'they replied')" = 1 ]
check "an edited post is marked edited" [ "$(echo "$out" | json_field "['edited']")" = True ]
check "remote ids stay exact strings" [ "$(echo "$out" | json_field "['remote_id']")" = 113456789012345678902 ]
out=$("$cli" search --db "$db" --platform bluesky)
check "platform filter" [ "$(echo "$out" | wc -l)" = 1 ]
out=$("$cli" search --db "$db")
check "newest first" [ "$(echo "$out" | head -1 | json_field "['remote_id']")" = 113456789012345678902 ]
out=$("$cli" search --db "$db" --since 2026-11-21)
check "since filter" [ "$(echo "$out" | wc -l)" = 2 ]
"$cli" search --db "$db" '"unbalanced (' 'NEAR(' ')' >/dev/null 2>&1
check "hostile search text is not an error" [ $? -eq 0 ]
"$cli" search --db "$db" --since yesterday >/dev/null 2>"$T/err"; rc=$?
check "a bad --since is a usage error" [ "$rc" -eq 2 ]
check "the error is one line" [ "$(wc -l <"$T/err")" = 1 ]

# 6. export: CSV, JSON and XML parse back
"$cli" export --db "$db" --format csv --out "$T/a.csv" 2>/dev/null
check "CSV export has a header and 3 rows" \
  $py -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[1],newline=''))); sys.exit(len(r)!=3 or r[0]['platform']=='' )" "$T/a.csv"
"$cli" export --db "$db" --format json --out "$T/a.json" 2>/dev/null
check "JSON export parses and counts 3 posts" \
  $py -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(not(d['count']==3 and len(d['posts'])==3))" "$T/a.json"
"$cli" export --db "$db" --format xml --platform mastodon >"$T/a.xml" 2>/dev/null
check "XML export is well-formed with 2 mastodon posts" \
  $py -c "import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot(); sys.exit(len(r)!=2)" "$T/a.xml"
"$cli" export --db "$db" --format yaml >/dev/null 2>&1
check "an unknown export format is a usage error" [ $? -eq 2 ]

# 7. verify, then tamper with the file as an attacker would
out=$("$cli" verify --db "$db" 2>"$T/err"); rc=$?
check "verify passes on an intact archive" [ "$rc" -eq 0 ]
check "verify says ok N posts" grep -q "^ok 3 posts" "$T/err"
cp "$db" "$T/edited.db"
sqlite3 "$T/edited.db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type='trigger'" >"$T/drop.sql"
sqlite3 "$T/edited.db" ".read $T/drop.sql" "UPDATE posts SET text = 'nothing to see' WHERE remote_id = '113456789012345678902'" 2>/dev/null
"$cli" verify --db "$T/edited.db" >/dev/null 2>"$T/err"; rc=$?
check "verify fails after a row was edited" [ "$rc" -eq 1 ]
check "verify names the broken row" grep -q "113456789012345678902" "$T/err"

# 8. classification on ingest: annotations stored and searchable
adb="$T/annotate.db"
out=$("$cli" ingest --db "$adb" --format mastodon --watch-file "$data/watches.json" "$data/annotate.json" 2>"$T/err"); rc=$?
check "classifying ingest succeeds" [ "$rc" -eq 0 ]
check "classifying ingest adds 6" [ "$(echo "$out" | json_field "['added']")" = 6 ]
out=$("$cli" search --db "$adb" --sentiment negative --watch Refunds)
check "search --sentiment negative --watch Refunds finds the refund complaint" \
  [ "$(echo "$out" | json_field "['remote_id']")" = 2001 ]
check "search prints the sentiment" [ "$(echo "$out" | json_field "['sentiment']['label']")" = negative ]
check "search prints the watches" [ "$(echo "$out" | json_field "['watches']")" = "['Refunds']" ]
check "search prints reach and OTS" \
  [ "$(echo "$out" | $py -c "import json,sys; d=json.loads(sys.stdin.readline()); print(d['reach'], d['ots'])")" = "5000 500.0" ]
out=$("$cli" search --db "$adb" --sentiment positive)
check "search --sentiment positive" [ "$(echo "$out" | json_field "['remote_id']")" = 2002 ]
out=$("$cli" search --db "$adb" --lang fr)
check "search --lang fr" [ "$(echo "$out" | json_field "['remote_id']")" = 2003 ]
out=$("$cli" search --db "$adb" --category customer-service)
check "search --category matches subcategories" [ "$(echo "$out" | wc -l)" = 2 ]
out=$("$cli" search --db "$adb" --category customer)
check "search --category matches whole parts only" [ -z "$out" ]
out=$("$cli" search --db "$adb" --sort reach)
check "search --sort reach" [ "$(echo "$out" | head -1 | json_field "['remote_id']")" = 2001 ]
out=$("$cli" search --db "$adb" --sort negative)
check "search --sort negative" [ "$(echo "$out" | head -1 | json_field "['sentiment']['label']")" = negative ]
out=$("$cli" search --db "$adb" --sort arrival)
check "search --sort arrival" [ "$(echo "$out" | head -1 | json_field "['remote_id']")" = 2006 ]
out=$("$cli" search --db "$adb" --watch Boycott)
check "three copies without collapsing" [ "$(echo "$out" | wc -l)" = 3 ]
out=$("$cli" search --db "$adb" --watch Boycott --collapse-duplicates)
check "--collapse-duplicates: one row" [ "$(echo "$out" | wc -l)" = 1 ]
check "--collapse-duplicates: the newest, counting 3" \
  [ "$(echo "$out" | json_field "['duplicates']['count']")" = 3 ]
"$cli" search --db "$adb" --sort loudest >/dev/null 2>"$T/err"; rc=$?
check "an unknown --sort is a usage error" [ "$rc" -eq 2 ]
"$cli" search --db "$adb" --sentiment grumpy >/dev/null 2>"$T/err"; rc=$?
check "an unknown --sentiment is a usage error" [ "$rc" -eq 2 ]
"$cli" ingest --db "$adb" --format mastodon --watch-file "$T/nope.json" "$data/annotate.json" >/dev/null 2>"$T/err"; rc=$?
check "a missing --watch-file is a usage error" [ "$rc" -eq 2 ]
out=$("$cli" ingest --db "$T/plain.db" --format mastodon --no-classify "$data/annotate.json" 2>/dev/null)
out=$("$cli" search --db "$T/plain.db" --sort arrival)
check "--no-classify stores no annotations" [ "$(echo "$out" | grep -c sentiment)" = 0 ]
"$cli" verify --db "$adb" >/dev/null 2>&1; rc=$?
check "the archive with annotations verifies" [ "$rc" -eq 0 ]

# the global --db goes before the command as well as after it
"$cli" --db "$adb" verify >/dev/null 2>&1; rc=$?
check "vigil-cli --db PATH verify works" [ "$rc" -eq 0 ]
"$cli" --db="$adb" verify >/dev/null 2>&1; rc=$?
check "vigil-cli --db=PATH verify works" [ "$rc" -eq 0 ]
"$cli" --db >/dev/null 2>"$T/err"; rc=$?
check "vigil-cli --db without a command is a usage error" [ "$rc" -eq 2 ]

printf '1..%d\n' "$n"
exit $fail
