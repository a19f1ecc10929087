# catalogs.py: read translated messages from the gettext catalogs Debian
# installs (/usr/share/locale/<lang>/LC_MESSAGES/*.mo), as clean sentences.
#
# Shared by make-trigrams.py (the language model) and
# tests/data/lang/make-catalog-set.py (the labelled test set), which use
# different packages, so the test set is text the model never saw.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import gettext
import glob
import os
import re

LANGS = "en fr de es it nl pt sv da nb fi pl ru tr".split()

# Catalogs held out for the test set; never used for training.
TEST_PACKAGES = ["gtk30", "glib20", "coreutils", "apt", "tar", "grep", "sed"]

FORMAT = re.compile(r"%(\d+\$)?[-+ #0']*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|L|q|j|z|Z|t|I)*[a-zA-Z%]"
                    r"|%<PRI\w+>|\$\{?\w+\}?|\{\w*\}|<[^>]+>|&\w+;")


def clean(s):
    s = s.replace("_", "").replace("&", "")
    return re.sub(r"\s+", " ", s).strip()


def usable(s):
    """A sentence-like message: 4+ words, 25+ letters, mostly letters."""
    letters = sum(c.isalpha() for c in s)
    if len(s.split()) < 4 or letters < 25 or len(s) > 280:
        return False
    if letters < 0.7 * len(s.replace(" ", "")):
        return False
    if re.search(r"[*()\[\]{}|\\=<>:;]|--|/\w|\w\.\w\w", s):
        return False
    return True


def _catalog(lang, package):
    path = f"/usr/share/locale/{lang}/LC_MESSAGES/{package}.mo"
    try:
        with open(path, "rb") as f:
            return gettext.GNUTranslations(f)._catalog
    except Exception:  # missing or malformed catalog
        return {}


def messages(package, lang):
    """{English source: text in lang}; for "en", the English sources."""
    out = {}
    for src_lang in (["fr", "de", "es"] if lang == "en" else [lang]):
        for k, v in _catalog(src_lang, package).items():
            if isinstance(k, tuple):
                k = k[0]
            if not k or not v:
                continue
            k = k.split("\x04")[-1]          # drop a msgctxt
            if lang == "en":
                v = k
            elif v == k:
                continue                      # untranslated
            if FORMAT.search(v) or FORMAT.search(k):
                continue                      # placeholders leave holes
            v = clean(v)
            if usable(v):
                out[clean(k)] = v
    return out


def packages(lang):
    found = set()
    for src_lang in (["fr", "de", "es"] if lang == "en" else [lang]):
        for path in glob.glob(f"/usr/share/locale/{src_lang}/LC_MESSAGES/*.mo"):
            found.add(os.path.basename(path)[:-3])
    return sorted(found)
