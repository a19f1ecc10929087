#!/usr/bin/env python3
# make-sentences.py: writes sentences.txt, the inputs of the sentiment
# differential test (test-sentiment-reference.c).
#
# Every sentence is put together from the phrase parts below (written for
# this test, no outside text), with a fixed seed, so a rerun gives the same
# file. The parts aim at the rules where two VADER implementations can
# differ: negation at distances 1-4, "but" in every case, boosters and
# dampeners (ALL CAPS too), "kind of", "least", "never so/this", "without
# doubt", the idioms, "!" and "?" counts, emoticons, emoji, punctuation
# glued to words, curly apostrophes, single letters, comparatives,
# contrastive words and complaint vocabulary.
#
# Usage: python3 make-sentences.py > sentences.txt
#
# SPDX-License-Identifier: GPL-3.0-or-later
import random

rng = random.Random(20261206)

SUBJ = ["The app", "This phone", "My order", "The support team", "Their delivery",
        "The new update", "Customer service", "The kettle", "Your airline", "The hotel",
        "The charger", "This blender", "The refund process", "Our room", "The driver",
        "It", "This", "The food", "The battery", "The checkout page", "The replacement",
        "My parcel", "The courier", "The firmware", "The staff", "Your website"]
BE = ["is", "was", "has been", "seems", "looks", "feels", "'s", "will be", "is really", "was just"]
POS = ["good", "great", "amazing", "excellent", "helpful", "lovely", "nice", "fine", "decent",
       "happy", "fantastic", "perfect", "awesome", "brilliant", "friendly", "reliable", "fast",
       "impressive", "wonderful", "ok", "okay", "useful", "smart", "funny", "best", "better",
       "superb", "flawless", "sturdy", "cool", "fun", "glad", "pleased"]
NEG = ["bad", "terrible", "awful", "horrible", "useless", "slow", "rude", "disappointing",
       "broken", "faulty", "defective", "poor", "worse", "worst", "annoying", "unacceptable",
       "pathetic", "dangerous", "sad", "angry", "lame", "stupid", "a joke", "a scam",
       "damaged", "delayed", "frustrating", "leaking", "late", "cheap", "flawed", "ugly"]
NEU = ["blue", "here", "on the table", "from Leeds", "in the box", "available", "new",
       "on Tuesday", "a phone", "the same", "open"]
NEGATORS = ["not", "isn't", "never", "don't", "didn't", "wasn't", "hardly", "without",
            "cannot", "can't", "won't", "isn\u2019t", "doesn’t", "Not", "NOT", "Never",
            "ain't", "aint", "nor", "neither", "nothing", "none", "no", "No", "rarely",
            "seldom", "despite", "nope", "uh-uh", "Isn't", "DON'T", "dont", "wouldnt"]
FILLERS = ["", "really", "that", "at all", "very", "so", "this", "quite", "even", "a",
           "the", "exactly", "at all that", "in any way", "really all that", "I think",
           "kind of", "sort of", "least", "at least", "very least", "doubt", "so very"]
BOOST = ["very", "really", "extremely", "so", "absolutely", "totally", "completely",
         "incredibly", "most", "more", "less", "little", "barely", "slightly", "somewhat",
         "kinda", "sorta", "kind of", "sort of", "just enough", "hella", "quite", "fucking",
         "VERY", "REALLY", "Extremely", "super", "considerable", "enormous", "exceptional",
         "extreme", "incredible", "major", "total", "tremendous", "utter", "marginal",
         "occasional", "scarce", "slight", "frackin", "fuckin", "effing", "fully", "hugely",
         "deeply", "especially", "almost", "hardly", "partly", "scarcely", "kind-of", "sortof",
         "pretty", "too", "such a", "truly", "a bit", "a little"]
END = ["", ".", "!", "!!", "!!!", "!!!!!!", "?", "??", "???", "?????", "?!?", "!?!", "...",
       " :)", " :(", " :-)", " :D", " ;)", " <3", " :/", " :'(", " XD", " =)", " 😀", " 😢",
       " 😂", " 😡", " 👍", " 👎", " 🙄", " 😠", " ❤️", " 🔥", "!!! 😡", " lol", " smh",
       " :-(", " ^_^", " -_-", ",", " !!", " ?!", "!?", " ..."]
CONTRAST = ["but", "But", "BUT", "however", "although", "though", "yet", "except",
            "while", "even though", "but still", "and", "although,", "but,", "however,"]
IDIOM_FRAMES = [
    "I think {s} the shit", "Honestly this burger is the shit", "That concert was the bomb",
    "My new bike is bad ass", "Yeah right, they will call back", "oh yeah right as if",
    "Sadly this phone does not cut the mustard", "That recall was the kiss of death for them",
    "We are living hand to mouth since the layoffs", "The cake at that place is to die for",
    "I waited at the bus stop for ages", "She has a broken heart", "My beating heart loves it",
    "The Shit in that film was great", "this product really is the bomb", "He said the bomb went off",
    "honestly the food here is to die for", "That badass truck broke down", "Yeah Right, sure",
]
COMPLAINT = ["I want a refund", "still waiting for my refund", "they refused my refund",
             "the screen arrived broken", "the kettle is leaking everywhere",
             "the charger is faulty", "this model was recalled", "the tap water scalded my hand",
             "I was overcharged twice", "my flight got cancelled again", "the parcel is missing",
             "the box was damaged", "the app keeps crashing", "it stopped working after a week",
             "the package never arrived", "nobody answered my emails", "no response from support",
             "the heater is defective", "the lid cracked", "the recall notice came too late",
             "the battery swelled up", "the zip broke on day one", "it smells burnt",
             "refund still not processed", "the shower scalds you without warning",
             "the fridge is leaking water", "the product was faulty and dangerous"]
PRAISE = ["the refund came in two days", "they replaced it for free", "delivery was quick",
          "support sorted it out in minutes", "works perfectly", "I would buy it again",
          "five stars", "the staff went above and beyond", "it arrived on time",
          "great value for money", "the fix worked", "I love the new design",
          "best purchase this year", "no complaints at all", "no problems so far",
          "nothing to complain about", "couldn't be happier", "never been better",
          "can't fault it", "not bad at all", "could not recommend it more"]
COMPARE = ["{a} is better than {b}", "{a} is worse than {b}", "{a} was much better than {b}",
           "nothing is better than {a}", "nothing is worse than {a}", "{a} is not as good as {b}",
           "{a} could not be better", "{a} couldn't be worse", "{a} has never been better",
           "I have never been happier with {a}", "{a} is less than impressive",
           "{a} is anything but reliable", "{a} beats {b} easily", "{b} is way better than {a}",
           "{a} is no better than {b}", "{a} is the best and {b} is the worst",
           "my old one was better than {a}", "{a} is better than ever", "{a} is worse than ever"]
THINGS = ["this one", "the old model", "the competition", "Brand X", "their app", "the last version",
          "it", "yours", "the original", "the cheap one"]


def pick(xs):
    return rng.choice(xs)


def caps(w):
    r = rng.random()
    if r < 0.12:
        return w.upper()
    if r < 0.18:
        return w.capitalize()
    return w


def lower_first(s):
    return s[0].lower() + s[1:] if s and not s.startswith("I ") else s


def adj():
    r = rng.random()
    if r < 0.45:
        return pick(POS)
    if r < 0.9:
        return pick(NEG)
    return pick(NEU)


def clause():
    k = rng.randrange(10)
    s, b = pick(SUBJ), pick(BE)
    if b == "'s":
        s, b = s + "'s", ""
    if k < 3:
        return " ".join(x for x in [s, b, caps(adj())] if x)
    if k < 5:
        return " ".join(x for x in [s, b, caps(pick(BOOST)), caps(adj())] if x)
    if k < 8:
        return " ".join(x for x in [s, b, caps(pick(NEGATORS)), pick(FILLERS), caps(adj())] if x)
    if k < 9:
        return " ".join(x for x in [s, b, pick(NEGATORS), pick(BOOST), adj()] if x)
    return lower_first(pick(COMPLAINT + PRAISE))


def sentence():
    k = rng.randrange(20)
    if k < 6:
        return clause() + pick(END)
    if k < 10:
        c = pick(CONTRAST)
        if c in ("although", "although,", "even though", "while") and rng.random() < 0.5:
            return c.capitalize().rstrip(",") + " " + lower_first(clause()) + ", " + lower_first(clause()) + pick(END)
        return clause() + pick(["", ","]) + " " + c + " " + lower_first(clause()) + pick(END)
    if k < 11:
        return pick(IDIOM_FRAMES).format(s=lower_first(pick(SUBJ)) + " is") + pick(END)
    if k < 13:
        return pick(COMPARE).format(a=pick(THINGS), b=pick(THINGS)).capitalize() + pick(END)
    if k < 15:
        return (pick(COMPLAINT) if rng.random() < 0.6 else pick(PRAISE)).capitalize() + pick(END)
    if k < 16:
        # punctuation glued to words, single letters, odd spacing
        w = caps(adj())
        return pick(["(", "\"", "'", "-", "*", "", "...", "#"]) + w + pick([")", "\"", "'", "-", "*", "", "...", "!!!!", "?!", ",", "!!!", ":", ";"]) + " " + pick(["I", "a", "u", "it", "x"]) + " " + clause() + pick(END)
    if k < 17:
        # "least", "never so/this", "without doubt", "kind of"
        return pick(["At least {a} was {p}", "It is the least {p} thing", "Not the least bit {p}",
                     "Never so {p} in my life", "never this {p} before", "I was never so {p}",
                     "Without doubt {a} is {p}", "without a doubt {p}", "{a} is kind of {p}",
                     "{a} was sort of {p} I guess", "The very least {a} could be is {p}",
                     "least {p}", "it was never this {p}", "Kind of {p} really",
                     "this {p} thing is so {p}", "so {p}", "This is {p}", "I am never this {p}"]).format(
            a=pick(THINGS), p=caps(adj())) + pick(END)
    if k < 18:
        # ALL-CAPS sentences and mixed shouting
        c = clause()
        return (c.upper() if rng.random() < 0.5 else " ".join(caps(w) for w in c.split())) + pick(END)
    if k < 19:
        # several sentences
        return " ".join(clause() + pick([".", "!", "?", "..."]) for _ in range(rng.randrange(2, 4)))
    # emoji glued, emoji alone, emoticons alone
    return pick(["", "ok ", "thanks", "Service "]) + pick(["😀", "😢", "😂", "😡", "👍", "❤️", "🔥",
                                                          ":)", ":(", "<3", "😀😀", "😭", "🤬", "🙂"]) + pick(["", " " + clause()])


seen = set()
out = []
while len(out) < 3000:
    s = " ".join(sentence().split(" "))
    s = s.replace("\t", " ").replace("\n", " ").strip()
    if s and s not in seen:
        seen.add(s)
        out.append(s)
for s in out:
    print(s)
