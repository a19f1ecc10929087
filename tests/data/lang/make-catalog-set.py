#!/usr/bin/python3
# make-catalog-set.py: build tests/data/lang/catalog.tsv, the labelled
# language test set taken from translations.
#
# 80 sentences per language from the gettext catalogs of packages that the
# language model (data/lang/make-trigrams.py) does not train on
# (catalogs.TEST_PACKAGES: GTK 3, GLib, coreutils, APT, tar, grep and sed,
# all GPL or LGPL), chosen by a stable hash so the file is reproducible:
#   python3 tests/data/lang/make-catalog-set.py > tests/data/lang/catalog.tsv
#
# SPDX-License-Identifier: GPL-3.0-or-later
import hashlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../data/lang"))
import catalogs  # noqa: E402

PER_LANGUAGE = 80

print("# Labelled short texts for Vigil's language tests: lang<TAB>package<TAB>text.")
print("# Translations from Debian's gettext catalogs (GPL/LGPL); see make-catalog-set.py.")
for lang in catalogs.LANGS:
    found = {}
    for package in catalogs.TEST_PACKAGES:
        for text in catalogs.messages(package, lang).values():
            found.setdefault(text, package)
    ranked = sorted(found.items(), key=lambda kv: hashlib.sha1((lang + kv[0]).encode()).hexdigest())
    for text, package in ranked[:PER_LANGUAGE]:
        print(f"{lang}\t{package}\t{text}")
