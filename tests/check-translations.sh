#!/bin/sh
# Every language in po/LINGUAS translates every string of po/POTFILES.in:
# the template is made afresh from the sources (as `meson compile vigil-pot`
# would), each catalogue is merged with it, and any untranslated or fuzzy
# entry, or anything `msgfmt --check` refuses, fails the language.
# Usage: check-translations.sh SOURCE_ROOT
set -u
top=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

langs=$(grep -v '^#' "$top/po/LINGUAS" | tr -s ' \n' '  ')
n=$(echo $langs | wc -w)
echo "1..$((n + 1))"

if (cd "$top" && xgettext --from-code=UTF-8 --add-comments=Translators \
      --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
      --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 --keyword=g_dpgettext2:2c,3 \
      --files-from=po/POTFILES.in -D . -o "$T/vigil.pot") 2>"$T/xgettext.err"; then
  echo "ok 1 - the template can be made from po/POTFILES.in"
else
  sed 's/^/# /' "$T/xgettext.err"
  echo "not ok 1 - the template can be made from po/POTFILES.in"
fi

i=1
for lang in $langs; do
  i=$((i + 1))
  po="$top/po/$lang.po"
  if [ ! -f "$po" ]; then
    echo "not ok $i - $lang: po/$lang.po is missing"
    continue
  fi
  msgmerge --quiet --no-fuzzy-matching -o "$T/$lang.po" "$po" "$T/vigil.pot" 2>"$T/merge.err" || {
    sed 's/^/# /' "$T/merge.err"; echo "not ok $i - $lang: msgmerge failed"; continue; }
  if ! msgfmt --check --statistics -o /dev/null "$T/$lang.po" 2>"$T/fmt.err"; then
    sed 's/^/# /' "$T/fmt.err" | head -20
    echo "not ok $i - $lang: msgfmt --check refuses the catalogue"
    continue
  fi
  missing=$(msgattrib --untranslated --no-obsolete "$T/$lang.po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$T/$lang.po" | grep -c '^msgid ' || true)
  # the header entry counts as one msgid in each listing when anything is listed
  [ "$missing" -gt 0 ] && missing=$((missing - 1))
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  if [ "$missing" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    echo "# $lang: $missing untranslated, $fuzzy fuzzy; the first of them:"
    msgattrib --untranslated --only-fuzzy --no-obsolete "$T/$lang.po" >/dev/null 2>&1
    { msgattrib --untranslated --no-obsolete "$T/$lang.po"; msgattrib --only-fuzzy --no-obsolete "$T/$lang.po"; } \
      | grep -A1 '^#:' | grep '^#:' | head -10 | sed 's/^/# /'
    echo "not ok $i - $lang: every string is translated"
  else
    sed 's/^/# /' "$T/fmt.err"
    echo "ok $i - $lang: every string is translated, and msgfmt --check accepts it"
  fi
done
