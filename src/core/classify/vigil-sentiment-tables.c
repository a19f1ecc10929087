/* vigil-sentiment-tables.c: the words the sentiment rules know by name
 *
 * The reference lists are vaderSentiment-js 1.1.3's (NEGATE, BOOSTER_DICT,
 * SPECIAL_CASE_IDIOMS); the Vigil lists add vaderSentiment 3.3's boosters
 * and idioms and the complaint-domain words and phrases written for Vigil
 * (valences on VADER's scale, -4 … 4, set by hand; see docs/classify.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "vigil-sentiment-private.h"

const char * const sentiment_negate_words[] = {
  "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
  "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
  "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
  "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
  "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
  "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
  "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
  "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
};
const guint sentiment_n_negate_words = G_N_ELEMENTS (sentiment_negate_words);

/* Vigil negates with these too */
const char * const sentiment_vigil_negate_words[] = {
  "no", "nobody", "noone", "hardly", "scarcely", "neednt", "nah",
};
const guint sentiment_n_vigil_negate_words = G_N_ELEMENTS (sentiment_vigil_negate_words);

const SentimentBooster sentiment_boosters[] = {
  { "absolutely", B_INCR, TRUE }, { "amazingly", B_INCR, TRUE }, { "awfully", B_INCR, TRUE },
  { "completely", B_INCR, TRUE }, { "considerable", B_INCR, FALSE },
  { "considerably", B_INCR, TRUE }, { "decidedly", B_INCR, TRUE }, { "deeply", B_INCR, TRUE },
  { "effing", B_INCR, TRUE }, { "enormous", B_INCR, FALSE }, { "enormously", B_INCR, TRUE },
  { "entirely", B_INCR, TRUE }, { "especially", B_INCR, TRUE }, { "exceptional", B_INCR, FALSE },
  { "exceptionally", B_INCR, TRUE }, { "extreme", B_INCR, FALSE }, { "extremely", B_INCR, TRUE },
  { "fabulously", B_INCR, TRUE }, { "flipping", B_INCR, TRUE }, { "flippin", B_INCR, TRUE },
  { "frackin", B_INCR, FALSE }, { "fracking", B_INCR, FALSE }, { "fricking", B_INCR, TRUE },
  { "frickin", B_INCR, TRUE }, { "frigging", B_INCR, TRUE }, { "friggin", B_INCR, TRUE },
  { "fully", B_INCR, TRUE }, { "fuckin", B_INCR, FALSE }, { "fucking", B_INCR, TRUE },
  { "fuggin", B_INCR, FALSE }, { "fugging", B_INCR, FALSE }, { "greatly", B_INCR, TRUE },
  { "hella", B_INCR, TRUE }, { "highly", B_INCR, TRUE }, { "hugely", B_INCR, TRUE },
  { "incredible", B_INCR, FALSE }, { "incredibly", B_INCR, TRUE }, { "intensely", B_INCR, TRUE },
  { "major", B_INCR, FALSE }, { "majorly", B_INCR, TRUE }, { "more", B_INCR, TRUE },
  { "most", B_INCR, TRUE }, { "particularly", B_INCR, TRUE }, { "purely", B_INCR, TRUE },
  { "quite", B_INCR, TRUE }, { "really", B_INCR, TRUE }, { "remarkably", B_INCR, TRUE },
  { "so", B_INCR, TRUE }, { "substantially", B_INCR, TRUE }, { "thoroughly", B_INCR, TRUE },
  { "total", B_INCR, FALSE }, { "totally", B_INCR, TRUE }, { "tremendous", B_INCR, FALSE },
  { "tremendously", B_INCR, TRUE }, { "uber", B_INCR, TRUE }, { "unbelievably", B_INCR, TRUE },
  { "unusually", B_INCR, TRUE }, { "utter", B_INCR, FALSE }, { "utterly", B_INCR, TRUE },
  { "very", B_INCR, TRUE },
  { "almost", B_DECR, TRUE }, { "barely", B_DECR, TRUE }, { "hardly", B_DECR, TRUE },
  { "kinda", B_DECR, TRUE }, { "kindof", B_DECR, TRUE }, { "kind-of", B_DECR, TRUE },
  { "less", B_DECR, TRUE }, { "little", B_DECR, TRUE }, { "marginal", B_DECR, FALSE },
  { "marginally", B_DECR, TRUE }, { "occasional", B_DECR, FALSE },
  { "occasionally", B_DECR, TRUE }, { "partly", B_DECR, TRUE }, { "scarce", B_DECR, FALSE },
  { "scarcely", B_DECR, TRUE }, { "slight", B_DECR, FALSE }, { "slightly", B_DECR, TRUE },
  { "somewhat", B_DECR, TRUE }, { "sorta", B_DECR, TRUE }, { "sortof", B_DECR, TRUE },
  { "sort-of", B_DECR, TRUE },
};
const guint sentiment_n_boosters = G_N_ELEMENTS (sentiment_boosters);

/* vaderSentiment-js's SPECIAL_CASE_IDIOMS, matched case for case */
const SentimentPhrase sentiment_ref_idioms[] = {
  { "the shit", 3 }, { "the bomb", 3 }, { "bad ass", 1.5 }, { "yeah right", -2 },
  { "cut the mustard", 2 }, { "kiss of death", -1.5 }, { "hand to mouth", -2 },
};
const guint sentiment_n_ref_idioms = G_N_ELEMENTS (sentiment_ref_idioms);

/* Vigil: idioms (both implementations') and phrases of complaints and
 * praise, matched anywhere, in any case; the phrase's valence replaces its
 * words' and the rules (negation, boosters, "but") apply to it as to a
 * word. */
const SentimentPhrase sentiment_phrases[] = {
  { "the shit", 3 }, { "the bomb", 3 }, { "bad ass", 1.5 }, { "yeah right", -2 },
  { "cut the mustard", 2 }, { "kiss of death", -1.5 }, { "hand to mouth", -2 },
  { "to die for", 3 }, { "beating heart", 3.1 }, { "broken heart", -2.9 }, { "bus stop", 0 },
  { "still waiting", -1.8 }, { "on hold", -1.2 }, { "rip off", -2.5 }, { "ripped off", -2.5 },
  { "fell apart", -2 }, { "falls apart", -2 }, { "falling apart", -2 }, { "came apart", -1.8 },
  { "stopped working", -2 }, { "stopped charging", -1.8 }, { "stopped responding", -1.8 },
  { "broke down", -2 }, { "waste of money", -2.5 }, { "waste of time", -2.5 },
  { "worth every penny", 2.5 }, { "worth the wait", 1.8 }, { "above and beyond", 2.5 },
  { "five stars", 2 }, { "5 stars", 2 }, { "one star", -2 }, { "1 star", -2 },
  { "zero stars", -2.5 }, { "0 stars", -2.5 }, { "do not buy", -2 }, { "don't buy", -2 },
  { "never again", -2 }, { "on time", 1 }, { "thanks for nothing", -2 }, { "a joke", -1.5 },
  { "like a charm", 2 }, { "fed up", -2 }, { "let down", -1.8 }, { "lets me down", -1.8 },
  { "let me down", -1.8 }, { "no questions asked", 1.5 }, { "top notch", 2 },
  { "safe and sound", 1.8 }, { "value for money", 1.5 }, { "said nobody ever", -2 },
  { "said no one ever", -2 }, { "thumbs up", 1.5 }, { "thumbs down", -1.5 },
  { "pouting face", -2 }, { "symbols on mouth", -2.8 }, { "rolling eyes", -1 },
  { "steam from nose", -1.2 }, { "nothing beats", 2.5 }, { "do not order", -2 },
  { "don't order", -2 }, { "not what i ordered", -2 }, { "want my money back", -2 },
  { "hangs up", -1.5 }, { "hung up", -1.5 }, { "caught fire", -2.5 },
  { "exceeded my expectations", 2.5 }, { "exceeded all my expectations", 2.5 },
  { "exceeded expectations", 2.5 }, { "without doubt", 0 }, { "without a doubt", 0 },
  { "no doubt", 0 },
};
const guint sentiment_n_phrases = G_N_ELEMENTS (sentiment_phrases);

/* The npm package's lexicon differs from the shipped one (vaderSentiment
 * 3.3's) in four words; NAN: not in the package's lexicon. */
const SentimentWordValue sentiment_ref_lexicon_changes[] = {
  { "badass", -0.6 }, { "flawed", NAN }, { "heart", NAN }, { "hearts", NAN },
};
const guint sentiment_n_ref_lexicon_changes = G_N_ELEMENTS (sentiment_ref_lexicon_changes);

/* Vigil: words of complaints and praise that VADER's lexicon lacks */
const SentimentWordValue sentiment_domain_words[] = {
  { "recall", -1.5 }, { "recalls", -1.5 }, { "recalled", -1.8 }, { "scald", -2 },
  { "scalds", -2 }, { "scalded", -2.2 }, { "scalding", -1.8 }, { "leaking", -1.5 },
  { "leaks", -1.3 }, { "leaky", -1.5 }, { "overcharged", -2 }, { "overcharging", -2 },
  { "malfunction", -1.8 }, { "malfunctions", -1.8 }, { "malfunctioning", -1.8 },
  { "malfunctioned", -1.8 }, { "cracked", -1.3 }, { "overheating", -1.8 },
  { "overheats", -1.8 }, { "overheated", -1.6 }, { "burnt", -1.2 }, { "moldy", -2 },
  { "mouldy", -2 }, { "mould", -1.5 }, { "mold", -1.5 }, { "expired", -1 },
  { "spoiled", -1.5 }, { "spoilt", -1.5 }, { "stale", -1.3 }, { "chargeback", -1.5 },
  { "outage", -1.8 }, { "outages", -1.8 }, { "unresponsive", -1.8 }, { "crashing", -1.8 },
  { "crashes", -1.6 }, { "crashed", -1.6 }, { "glitch", -1.3 }, { "glitches", -1.3 },
  { "glitchy", -1.6 }, { "buggy", -1.6 }, { "dented", -1.2 }, { "overpriced", -1.8 },
  { "ripoff", -2.5 }, { "rip-off", -2.5 }, { "unsafe", -2 }, { "hazard", -1.8 },
  { "hazardous", -2 }, { "counterfeit", -2 }, { "unhelpful", -1.8 }, { "nightmare", -2.3 },
  { "late", -0.8 }, { "canceled", -1 }, { "delays", -1.3 }, { "snapped", -1.3 },
  { "frayed", -1.2 }, { "shrank", -1 }, { "peeling", -1 }, { "wobbles", -0.8 },
  { "squeaks", -0.8 }, { "rattles", -0.8 }, { "letdown", -1.8 }, { "shambles", -2 },
  { "unusable", -2 }, { "disconnects", -1.2 }, { "filthy", -2.2 }, { "smashed", -1.5 },
  { "hassle", -1.5 }, { "fuss", -1 }, { "issue", -1 }, { "issues", -1 }, { "faulty", -1.8 },
  { "defective", -2 }, { "reliable", 1.5 }, { "sturdy", 1.3 }, { "durable", 1.3 },
  { "seamless", 1.5 }, { "hassle-free", 1.8 }, { "prompt", 1.2 }, { "promptly", 1.2 },
  { "speedy", 1.4 }, { "spotless", 1.8 }, { "painless", 1.5 }, { "comfy", 1.5 },
  { "attentive", 1.5 }, { "professional", 1.2 }, { "badass", 1.5 }, { "breaks", -1.3 },
  { "burns", -1.2 }, { "bent", -1 }, { "sags", -1 }, { "swollen", -1.2 }, { "swelled", -1.2 },
  { "smooth", 1.2 }, { "smoother", 1.2 }, { "slow", -1 },
  /* VADER rates "hand" 2.2 (applause?): in complaints it is a body part */
  { "hand", 0 },
};
const guint sentiment_n_domain_words = G_N_ELEMENTS (sentiment_domain_words);

/* Vigil: what a customer expects to happen; negated ("never arrived",
 * "no response", "doesn't work"), a complaint. The value is the word's own
 * valence when not negated (0: none; a lexicon value is kept). */
const SentimentWordValue sentiment_expect_words[] = {
  { "work", 0 }, { "works", 0 }, { "worked", 0 }, { "working", 0 }, { "arrive", 0 },
  { "arrived", 0 }, { "arrives", 0 }, { "delivered", 0 }, { "received", 0 }, { "receive", 0 },
  { "respond", 0 }, { "responded", 0 }, { "response", 0 }, { "reply", 0 }, { "replied", 0 },
  { "replies", 0 }, { "answer", 0 }, { "answered", 0 }, { "answers", 0 }, { "refund", -1 },
  { "refunds", -1 }, { "refunded", 0 }, { "fixed", 0 }, { "fix", 0 }, { "resolved", 0 },
  { "solved", 0 }, { "call", 0 }, { "called", 0 }, { "callback", 0 }, { "came", 0 },
  { "showed", 0 }, { "turn", 0 }, { "fit", 0 }, { "fits", 0 }, { "last", 0 },
  { "lasted", 0 }, { "cover", 0 }, { "covered", 0 }, { "charge", 0 }, { "charging", 0 },
  { "connect", 0 }, { "connects", 0 }, { "load", 0 }, { "loads", 0 }, { "open", 0 },
  { "opens", 0 }, { "start", 0 }, { "starts", 0 }, { "heard", 0 }, { "processed", 0 },
  { "help", 0 }, { "helped", 0 }, { "compensation", 0 }, { "update", 0 },
};
const guint sentiment_n_expect_words = G_N_ELEMENTS (sentiment_expect_words);

const char * const sentiment_comparatives[] = {
  "better", "worse", "happier", "nicer", "easier", "safer", "greater", "sadder",
};
const guint sentiment_n_comparatives = G_N_ELEMENTS (sentiment_comparatives);

/* before a comparative these make a superlative, not a negation */
const char * const sentiment_super_negations[] = {
  "never", "nothing", "nobody", "noone", "none", "couldn't", "couldnt", "can't",
  "cant", "cannot",
};
const guint sentiment_n_super_negations = G_N_ELEMENTS (sentiment_super_negations);

/* after "better than" these are what is being rated */
const char * const sentiment_deictics[] = {
  "this", "that", "these", "it", "yours", "you", "your", "them",
};
const guint sentiment_n_deictics = G_N_ELEMENTS (sentiment_deictics);

const char * const sentiment_contrasts[] = {
  "but", "however", "until", "till", "although", "though", "whereas",
};
const guint sentiment_n_contrasts = G_N_ELEMENTS (sentiment_contrasts);

/* before or right after a negative word, these undo it ("fixed the
 * leak", "problem solved") */
const char * const sentiment_remedies[] = {
  "fixed", "fix", "fixes", "solved", "solves", "resolved", "resolves", "sorted",
  "repaired", "cured", "eliminated", "removed", "addressed", "gone",
};
const guint sentiment_n_remedies = G_N_ELEMENTS (sentiment_remedies);

/* "like" after these compares, it does not like */
const char * const sentiment_like_preps[] = {
  "smells", "smell", "smelled", "smelt", "looks", "look", "looked", "sounds", "sound",
  "sounded", "feels", "feel", "felt", "tastes", "taste", "tasted", "seems", "seem",
  "seemed", "just", "more", "nothing", "something", "anything", "exactly", "works",
  "worked", "treated", "treat", "acts", "acted",
};
const guint sentiment_n_like_preps = G_N_ELEMENTS (sentiment_like_preps);

const SentimentIdentity sentiment_identity_words[] = {
  { "no", W_NO }, { "kind", W_KIND }, { "of", W_OF }, { "least", W_LEAST }, { "at", W_AT },
  { "very", W_VERY }, { "never", W_NEVER }, { "so", W_SO }, { "this", W_THIS },
  { "without", W_WITHOUT }, { "doubt", W_DOUBT }, { "but", W_BUT }, { "or", W_OR },
  { "nor", W_NOR }, { "than", W_THAN }, { "however", W_HOWEVER }, { "although", W_ALTHOUGH },
  { "though", W_THOUGH }, { "whereas", W_WHEREAS }, { "only", W_ONLY },
  { "anything", W_ANYTHING }, { "far", W_FAR }, { "from", W_FROM }, { "less", W_LESS },
  { "used", W_USED }, { "to", W_TO }, { "expected", W_EXPECTED }, { "expect", W_EXPECTED },
  { "deserve", W_EXPECTED }, { "deserved", W_EXPECTED }, { "hoped", W_EXPECTED },
  { "before", W_BEFORE }, { "could", W_COULD }, { "can", W_CAN }, { "nothing", W_NOTHING },
  { "even", W_EVEN }, { "such", W_SUCH }, { "enough", W_ENOUGH }, { "until", W_UNTIL },
  { "till", W_UNTIL }, { "like", W_LIKE }, { "believe", W_BELIEVE },
};
const guint sentiment_n_identity_words = G_N_ELEMENTS (sentiment_identity_words);
