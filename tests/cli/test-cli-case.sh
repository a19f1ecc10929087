#!/bin/sh
# End-to-end tests of vigil-cli case: the inbox rule, assign/escalate/
# resolve/leave by case id and by remote_id, refusals, and the log.
set -u
cli=$1
py=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_CONFIG_HOME="$T/config"
db="$T/vigil.db"
n=0
fail=0

ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check () { desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }
field () { $py -c "import json,sys; print(json.loads(sys.stdin.readline())$1)"; }

status () {
  id=$1 text=$2
  printf '{"id":"%s","created_at":"2026-11-21T18:40:00.000Z","visibility":"public","language":"en",' "$id"
  printf '"url":"https://social.example/@x/%s","content":"<p>%s</p>",' "$id" "$text"
  printf '"account":{"id":"%s","username":"u%s","acct":"u%s@social.example","display_name":"U","followers_count":10},' "$id" "$id" "$id"
  printf '"media_attachments":[],"mentions":[],"tags":[],"emojis":[]}'
}
{
  echo "["
  status 9001 "Still no refund after three weeks. Terrible, awful service, I am furious."; echo ","
  status 9002 "What a lovely sunny day for a walk."; echo ","
  status 9003 "Does the blue model come in a larger size?"
  echo "]"
} >"$T/statuses.json"

"$cli" ingest --db "$db" --format mastodon "$T/statuses.json" >/dev/null 2>"$T/err"
check "ingest the fixture" [ $? -eq 0 ]

# 1. the inbox rule opened a case for the angry post only
out=$("$cli" case list --db "$db" 2>"$T/err")
check "list: one case from the inbox rule" [ "$(echo "$out" | grep -c '"id"')" = 1 ]
check "list: it is the angry post" [ "$(echo "$out" | field "['remote_id']")" = 9001 ]
check "list: opened by the rule" [ "$(echo "$out" | field "['opened_by']")" = inbox-rule ]
check "list: state new" [ "$(echo "$out" | field "['state']")" = new ]
angry=$(echo "$out" | field "['id']")

# 2. assign by digit with a person, as someone
out=$("$cli" case assign --db "$db" --as ada "$angry" 8 --person carol 2>"$T/err"); rc=$?
check "assign by digit exits 0" [ "$rc" -eq 0 ]
check "assign: role from the digit (8 = customer service)" [ "$(echo "$out" | field "['role']")" = customer-service ]
check "assign: person" [ "$(echo "$out" | field "['person']")" = carol ]

# 3. an untriaged post by remote_id opens its case; roles by name
out=$("$cli" case assign --db "$db" --as ada 9002 "PR/Marketing" 2>"$T/err"); rc=$?
check "assign an untriaged post by remote_id" [ "$rc" -eq 0 ]
check "its case is assigned to PR" [ "$(echo "$out" | field "['role']")" = pr ]

# 4. refusals: unknown id, unknown role, illegal transition
"$cli" case assign --db "$db" nosuchpost hr >/dev/null 2>"$T/err"; rc=$?
check "unknown id exits 1" [ "$rc" -eq 1 ]
check "unknown id says so" grep -q "nosuchpost" "$T/err"
"$cli" case assign --db "$db" "$angry" astrology >/dev/null 2>"$T/err"; rc=$?
check "unknown role exits 1" [ "$rc" -eq 1 ]
check "unknown role names it" grep -q "astrology" "$T/err"
"$cli" case escalate --db "$db" 9003 >/dev/null 2>"$T/err"; rc=$?
check "escalating an untriaged post that is not a case exits 1" [ "$rc" -eq 1 ]

# 5. escalate, resolve, then leaving a resolved case is refused
out=$("$cli" case escalate --db "$db" --as bob "$angry" 2>"$T/err")
check "escalate goes to the crisis manager" [ "$(echo "$out" | field "['role']")" = crisis-manager ]
check "escalate: state" [ "$(echo "$out" | field "['state']")" = escalated ]
out=$("$cli" case resolve --db "$db" --as bob "$angry" 2>"$T/err")
check "resolve" [ "$(echo "$out" | field "['state']")" = resolved ]
"$cli" case leave --db "$db" "$angry" >/dev/null 2>"$T/err"; rc=$?
check "leaving a resolved case exits 1" [ "$rc" -eq 1 ]
check "the refusal says what to do" grep -q "reopen" "$T/err"

# 6. leave an untriaged post with a reason
out=$("$cli" case leave --db "$db" --as ada 9003 --reason "just a question" 2>"$T/err"); rc=$?
check "leave an untriaged post" [ "$rc" -eq 0 ]
check "left lying" [ "$(echo "$out" | field "['state']")" = left-lying ]

# 7. the log: one line per entry, who, from, to, note
out=$("$cli" case log --db "$db" "$angry" 2>"$T/err")
check "log has open, assign, escalate, resolve" [ "$(echo "$out" | wc -l)" = 4 ]
check "log: second entry by ada" [ "$(echo "$out" | sed -n 2p | field "['actor']")" = ada ]
check "log: second entry from new" [ "$(echo "$out" | sed -n 2p | field "['from']")" = new ]
check "log: second entry to assigned" [ "$(echo "$out" | sed -n 2p | field "['to']")" = assigned ]
check "log: escalation by bob" [ "$(echo "$out" | sed -n 3p | field "['actor']")" = bob ]
out=$("$cli" case log --db "$db" 9003 2>"$T/err")
check "log by remote_id carries the reason" [ "$(echo "$out" | sed -n 2p | field "['note']")" = "just a question" ]

# 8. filters and usage
out=$("$cli" case list --db "$db" --state resolved 2>"$T/err")
check "list --state" [ "$(echo "$out" | wc -l)" = 1 ]
out=$("$cli" case list --db "$db" --role pr 2>"$T/err")
check "list --role" [ "$(echo "$out" | field "['remote_id']")" = 9002 ]
"$cli" case list --db "$db" --state sleeping >/dev/null 2>&1; rc=$?
check "an unknown state is a usage error" [ "$rc" -eq 2 ]
"$cli" case frobnicate >/dev/null 2>&1; rc=$?
check "an unknown subcommand is a usage error" [ "$rc" -eq 2 ]

# 9. the journal is chained with the archive
"$cli" verify --db "$db" >/dev/null 2>&1
check "verify still passes" [ $? -eq 0 ]

echo "1..$n"
exit $fail
