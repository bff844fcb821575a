"""Find short runs of junk characters injected into Chinese text.

Some documents reach us with a few unrelated characters spliced into their sentences, often
inside a word: 全力保說酷嬸轎障企業 is 全力保障企業 with 說酷嬸轎 injected. This stage only
*finds* such runs (`find_noise`); the clean stage decides what to do with them.

How
---
Every run of 1-5 CJK characters is a candidate. For each we compare two explanations:

* real: the run is text, and the whole line is scored by a character language model;
* injected: the run was spliced in, the text around it is what the author wrote (so its
  left and right neighbours are scored as adjacent, 保 -> 障), and each of its characters is
  a random draw costing JUNK_CHAR_COST.

The score of a run is the log-likelihood ratio of the two (nats); runs scoring THRESHOLD or
more are reported, best first, without overlaps.

The language model is a character trigram model interpolating

1. a background model read off jieba's dictionary (about 350,000 words with corpus
   frequencies). Treating text as a sequence of words drawn by frequency gives every
   character pair a probability: inside words (保障) from the words containing the pair,
   across word boundaries from how often words end in the first character and start with the
   second. Nothing is learned from our documents.
2. a cache model of the document itself: how often each character, pair and triple occurs
   elsewhere in the same text (Witten-Bell interpolation). Government documents repeat their
   vocabulary, so terms the dictionary lacks (惠企, 卫健委, 科创) keep their support; a
   duplicated passage vouches for the clean copy of itself. Counts are leave-one-out: a
   position never supports itself.

On top of that, document novelty is evidence: an injected character rarely occurs anywhere
else in the document, while real characters mostly recur. P(novel | real) is the document's
own rate of characters seen once; P(novel | injected) is the chance that a random common
character is missing from the document's vocabulary.

Two passes: runs that look even mildly suspicious in the first (score >= SUSPECT) are
withheld from the cache in the second, because injected characters must not vouch for one
another (the same junk character is sometimes injected twice).

The constants below were calibrated on the five sample documents (see the tests): they
balance "no flags on four clean documents" against "find the runs in the Yangpu 2020 report",
and were checked on random runs injected into the clean documents.

Pure functions, no Django. Offsets are those of the input string: each character is mapped
one-to-one to simplified script (first candidate of OpenCC's TSCharacters table) and every
non-CJK character to a one-character class symbol, so nothing moves.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jieba
import opencc

__all__ = ["NoiseSpan", "find_noise", "load_model"]


@dataclass(frozen=True)
class NoiseSpan:
    start: int  # offset in the input string
    end: int  # exclusive
    text: str  # input[start:end]
    score: float  # how strongly the language model prefers the text without it


# --- tuning (natural-log units) ---------------------------------------------------------

MAX_RUN = 5  # longest run considered, in characters

# Reporting threshold: prior log-odds against "this run was injected".
THRESHOLD = 18.5
# Runs scoring this much are kept out of the cache in the second pass.
SUSPECT = 6.0

# Cost of one injected character under the junk hypothesis (a draw from a few thousand
# characters). Text the language model finds cheaper than this per character is not junk.
JUNK_CHAR_COST = 7.5
# How many characters injected junk is drawn from; sets P(novel | injected).
JUNK_VOCABULARY = 3000

# Cache model. Share of the document's own character frequencies in predicting which word
# comes next, and Witten-Bell weights for the document's pair and triple counts (smaller
# trusts the document more).
CACHE_UNIGRAM = 0.6
CACHE_PAIRS = 0.2
CACHE_TRIPLES = 2.0

# A run may only extend over characters that form a word with a neighbour if that makes it
# score at least this much better than the shorter run (see _select).
EDGE_MARGIN = 3.0

_EPS = 1e-7  # floor for probabilities the dictionary gives no mass (unknown characters)
_START = "\x02"  # sentinel before the first character
_STOP = "\x03"  # sentinel after the last character


def find_noise(text: str) -> list[NoiseSpan]:
    """Runs of injected characters in `text`, sorted and non-overlapping."""
    if not any(map(_is_cjk, text)):
        return []
    seq = [_START, *_symbols(text), _STOP]
    bg = _background()

    def bonded(p: int, q: int) -> bool:
        # Are input[p] and input[q], side by side, more likely one word than two?
        a, b = seq[p + 1], seq[q + 1]
        return _is_cjk(a) and _is_cjk(b) and bg.bonded(a, b)

    suspects = _select(_DocumentModel(seq, set()).score_runs(), SUSPECT, bonded)
    if not suspects:
        return []
    withheld = {k for _, i, j in suspects for k in range(i, j)}
    found = _select(_DocumentModel(seq, withheld).score_runs(), THRESHOLD, bonded)
    return [NoiseSpan(i, j, text[i:j], round(score, 2)) for score, i, j in found]


def load_model() -> None:
    """Load the dictionary model now rather than on the first call (about a second)."""
    _background()


# --- characters -------------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF  # unified ideographs
        or 0x3400 <= o <= 0x4DBF  # extension A
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0x20000 <= o <= 0x3134F  # extensions B-G
    )


@functools.lru_cache(maxsize=1)
def _to_simplified() -> dict[str, str]:
    """Traditional -> simplified, one character for one (first candidate only)."""
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            trad, _, cands = line.rstrip("\n").partition("\t")
            simp = cands.split(" ")[0]
            if len(trad) == 1 and len(simp) == 1 and trad != simp:
                table[trad] = simp
    return table


def _symbols(text: str) -> list[str]:
    """One symbol per input character: CJK in simplified script; anything else reduced to
    its class (digit, letter, space, newline) or its normalised punctuation mark."""
    simp = _to_simplified()
    out = []
    for ch in text:
        if _is_cjk(ch):
            out.append(simp.get(ch, ch))
        elif ch == "\n":
            out.append("\n")
        elif ch.isdigit():
            out.append("0")
        elif ch.isalpha():
            out.append("A")
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(unicodedata.normalize("NFKC", ch)[:1] or ch)
    return out


# --- background model (jieba's dictionary) -----------------------------------------------


@dataclass(frozen=True)
class _Background:
    """Character statistics of a word-unigram process over jieba's dictionary.

    Masses are expected counts per word token: `chars[c]` occurrences of c, `pairs[ab]`
    occurrences of ab inside a word, `starts[c]` / `ends[c]` words beginning / ending with c.
    After an a, either a's word goes on with b, or it ends and the next word starts with b:
    P(b | a) = (pairs[ab] + ends[a] * P(next word starts with b)) / chars[a].
    """

    chars: dict[str, float]
    pairs: dict[str, float]
    starts: dict[str, float]
    ends: dict[str, float]

    def start(self, b: str) -> float:
        return self.starts.get(b, 0.0) + _EPS

    def end(self, a: str) -> float:
        """P(a's word ends here and something that is not a character follows)."""
        ca = self.chars.get(a)
        return self.ends.get(a, 0.0) / ca + _EPS if ca else 1.0

    def bonded(self, a: str, b: str) -> bool:
        """Is "ab" more likely inside one word than across a word boundary?"""
        return self.pairs.get(a + b, 0.0) > self.ends.get(a, 0.0) * self.start(b)

    def next(self, a: str, b: str, start_b: float) -> float:
        """P(b | a), given the probability `start_b` that the next word starts with b."""
        ca = self.chars.get(a)
        if not ca:
            return start_b
        return (self.pairs.get(a + b, 0.0) + self.ends.get(a, 0.0) * start_b) / ca + _EPS


_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


@functools.lru_cache(maxsize=1)
def _background() -> _Background:
    table = str.maketrans(_to_simplified())
    counts: dict[str, int] = {}
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, freq, *_ = line.split(" ")
            if _CJK_RUN.fullmatch(word):
                # The dictionary mixes scripts; fold everything into simplified.
                word = word.translate(table)
                counts[word] = counts.get(word, 0) + int(freq)
    total = sum(counts.values())
    chars: dict[str, float] = {}
    pairs: dict[str, float] = {}
    starts: dict[str, float] = {}
    ends: dict[str, float] = {}
    for word, freq in counts.items():
        if freq <= 0:
            continue
        p = freq / total
        for ch in word:
            chars[ch] = chars.get(ch, 0.0) + p
        for k in range(len(word) - 1):
            pair = word[k : k + 2]
            pairs[pair] = pairs.get(pair, 0.0) + p
        starts[word[0]] = starts.get(word[0], 0.0) + p
        ends[word[-1]] = ends.get(word[-1], 0.0) + p
    return _Background(chars, pairs, starts, ends)


# --- the document -----------------------------------------------------------------------


def _witten_bell(n_ab: int, n_a: int, types: int, p: float, weight: float) -> float:
    """Interpolate a document count with the lower-order estimate `p`, trusting the count
    less after contexts followed by many different things (Witten-Bell)."""
    if n_a <= 0:
        return p
    t = weight * max(types, 1)
    return (n_ab + t * p) / (n_a + t)


class _DocumentModel:
    """The adapted language model over one document.

    `seq` is the symbol sequence framed by sentinels: seq[k] is input character k - 1.
    Input offsets in `withheld` do not feed the cache.
    """

    def __init__(self, seq: list[str], withheld: set[int]):
        self.bg = _background()
        self.seq = seq
        self.ok = ok = [k - 1 not in withheld for k in range(len(seq))]
        self.uni: Counter[str] = Counter()
        self.bi: Counter[tuple[str, str]] = Counter()
        self.bi_ctx: Counter[str] = Counter()
        self.tri: Counter[tuple[str, str, str]] = Counter()
        self.tri_ctx: Counter[tuple[str, str]] = Counter()
        for k, ch in enumerate(seq):
            if ok[k] and _is_cjk(ch):
                self.uni[ch] += 1
            if k + 1 < len(seq) and ok[k] and ok[k + 1]:
                self.bi[ch, seq[k + 1]] += 1
                self.bi_ctx[ch] += 1
                if k + 2 < len(seq) and ok[k + 2]:
                    self.tri[ch, seq[k + 1], seq[k + 2]] += 1
                    self.tri_ctx[ch, seq[k + 1]] += 1
        self.bi_types = Counter(a for a, _ in self.bi)
        self.tri_types = Counter((h, a) for h, a, _ in self.tri)
        self.n_cjk = max(sum(self.uni.values()), 1)

    def cost(self, h: str | None, a: str, b: str, own: tuple[int, int, int, int, int]) -> float:
        """-log P(b | h a).

        `own` says which counts this very position put in the cache, to be left out:
        (b's unigram, the pair ab, a's continuation, the triple hab, h a's continuation).
        """
        own_b, own_ab, own_a, own_hab, own_ha = own
        if _is_cjk(b):
            # Which word comes next is where the document's vocabulary helps; how a word
            # goes on (恢 -> 复) stays the dictionary's business.
            seen = (self.uni[b] - own_b) / self.n_cjk
            start = (1 - CACHE_UNIGRAM) * self.bg.start(b) + CACHE_UNIGRAM * seen
            p = self.bg.next(a, b, start) if _is_cjk(a) else start
        elif _is_cjk(a):
            p = self.bg.end(a)
        else:
            p = 1.0
        p = _witten_bell(self.bi[a, b] - own_ab, self.bi_ctx[a] - own_a, self.bi_types[a], p, CACHE_PAIRS)
        if h is not None:
            n_hab, n_ha = self.tri[h, a, b] - own_hab, self.tri_ctx[h, a] - own_ha
            p = _witten_bell(n_hab, n_ha, self.tri_types[h, a], p, CACHE_TRIPLES)
        return -math.log(p)

    def score_runs(self) -> list[tuple[float, int, int]]:
        """(score, start, end), input offsets, for every CJK run of 1..MAX_RUN characters."""
        seq, ok = self.seq, self.ok
        size = len(seq)

        # Cost of each symbol where it stands, as prefix sums: prefix[y + 1] - prefix[x] is
        # the cost of seq[x..y].
        prefix = [0.0, 0.0]
        for y in range(1, size):
            x = y - 1
            pair = int(ok[x] and ok[y])
            triple = int(pair and x >= 1 and ok[x - 1])
            h = seq[x - 1] if x >= 1 else None
            prefix.append(prefix[-1] + self.cost(h, seq[x], seq[y], (int(ok[y]), pair, pair, triple, triple)))

        # Per character of a run, the log-likelihood ratio injected : real of the character
        # itself: drawn at random (-JUNK_CHAR_COST), and novel or recurring in the document.
        once = sum(1 for n in self.uni.values() if n == 1)
        p_real = min(max(once / self.n_cjk, 0.005), 0.5)  # P(novel | real)
        p_junk = max(1 - len(self.uni) / JUNK_VOCABULARY, 0.5)  # P(novel | injected)
        novel = math.log(p_junk / p_real)
        recurring = math.log((1 - p_junk) / (1 - p_real))
        as_junk = [0.0] * size
        for k, ch in enumerate(seq):
            if _is_cjk(ch):
                as_junk[k] = (novel if self.uni[ch] - ok[k] <= 0 else recurring) - JUNK_CHAR_COST

        out = []
        for x in range(1, size - 1):  # the run is seq[x:y]
            if not _is_cjk(seq[x]):
                continue
            a = seq[x - 1]
            h = seq[x - 2] if x >= 2 else None
            a_own = int(ok[x - 1] and ok[x])  # a is followed by the run here
            ha_own = int(a_own and x >= 2 and ok[x - 2])
            junk = 0.0
            for y in range(x + 1, min(size - 1, x + MAX_RUN) + 1):
                if not _is_cjk(seq[y - 1]):
                    break
                junk += as_junk[y - 1]
                b = seq[y]
                # With the run: its characters, b, and the symbol after b (whose history
                # includes the run's last character).
                last = min(y + 1, size - 1)
                with_run = prefix[last + 1] - prefix[x]
                # Without it: b follows h a, then the symbol after b follows a b.
                without = self.cost(h, a, b, (int(ok[y]), 0, a_own, 0, ha_own))
                if last > y:
                    b_own = int(ok[y] and ok[y + 1])
                    without += self.cost(a, b, seq[y + 1], (int(ok[y + 1]), b_own, b_own, 0, 0))
                # -log P(with) + log P(without): what the model gains by deleting the run.
                out.append((with_run - without + junk, x - 1, y - 1))
        return out


def _select(cands, threshold: float, bonded) -> list[tuple[float, int, int]]:
    """Best-first, non-overlapping runs scoring at least `threshold`.

    A run is not allowed to eat into real words at its edges. When a plausible run inside it
    leaves the trimmed characters bonded to a neighbour (forming a word with it) in the text
    that remains, the inner run wins: always if the bond is the one the inner run's removal
    restores (企業[恢束辨拘復]生產 against 企業恢[束辨拘]復生產), otherwise if the outer run
    scored less than EDGE_MARGIN better (政务[玕棭狁舆情]回应 against 政务[玕棭狁]舆情回应).
    The inner run keeps its own score, even when that is below the threshold.
    """
    plausible = {(i, j): score for score, i, j in cands if score >= min(threshold, SUSPECT)}
    good = {span: score for span, score in plausible.items() if score >= threshold}
    taken = []
    used: set[int] = set()
    for (i, j), score in sorted(good.items(), key=lambda kv: (-kv[1], kv[0])):
        if any(k in used for k in range(i, j)):
            continue
        best = (score, i, j)
        options = []
        for i2 in range(i, j):
            for j2 in range(i2 + 1, j + 1):
                inner = plausible.get((i2, j2))
                if inner is None or (i2, j2) == (i, j):
                    continue
                # Both halves of a word around the inner run were swallowed.
                restores = i < i2 and j2 < j and bonded(i2 - 1, j2)
                eats_word = any(bonded(p, q) for p, q in _neighbours(i, j, i2, j2))
                if restores or (eats_word and score - inner < EDGE_MARGIN):
                    options.append((inner, i2, j2))
        if options:
            best = max(options)
        taken.append(best)
        used.update(range(i, j))
    return sorted(taken, key=lambda c: c[1])


def _neighbours(i: int, j: int, i2: int, j2: int):
    """Adjacent input positions, in the text left once input[i2:j2] is removed, that involve a
    character of input[i:j] trimmed off by keeping only input[i2:j2]."""
    kept = [*range(i - 1, i2), *range(j2, j + 1)]
    for p, q in zip(kept, kept[1:]):
        if i <= p < j or i <= q < j:
            yield p, q
