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

import dataclasses
import functools
import hashlib
import math
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import jieba
import numpy as np
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
    doc = _Document.read(text)
    if doc is None:
        return []
    # _select only ever looks at runs scoring at least this much.
    floor = min(THRESHOLD, SUSPECT)
    suspects = _select(doc.score_runs(set(), floor), SUSPECT, doc.bonded)
    if not suspects:
        return []
    withheld = {k for _, i, j in suspects for k in range(i, j)}
    found = _select(doc.score_runs(withheld, floor), THRESHOLD, doc.bonded)
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


def _is_cjk_code(codes: np.ndarray) -> np.ndarray:
    """_is_cjk over an array of code points."""
    return (
        ((codes >= 0x4E00) & (codes <= 0x9FFF))
        | ((codes >= 0x3400) & (codes <= 0x4DBF))
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
        | ((codes >= 0x20000) & (codes <= 0x3134F))
    )


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


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


def _symbol(ch: str, simp: dict[str, str]) -> str:
    """The symbol standing for one input character: CJK in simplified script; anything else
    reduced to its class (digit, letter, space, newline) or its normalised punctuation mark."""
    if _is_cjk(ch):
        return simp.get(ch, ch)
    if ch == "\n":
        return "\n"
    if ch.isdigit():
        return "0"
    if ch.isalpha():
        return "A"
    if ch.isspace():
        return " "
    return unicodedata.normalize("NFKC", ch)[:1] or ch


_symbol_codes: dict[int, int] = {}


def _symbol_code(code: int) -> int:
    """_symbol by code point, remembered."""
    symbol = _symbol_codes.get(code)
    if symbol is None:
        symbol = _symbol_codes[code] = ord(_symbol(chr(code), _to_simplified()))
    return symbol


# The symbols of the Basic Multilingual Plane's code points met so far (_UNSEEN for the
# others), so that a text's are looked up at once rather than character by character.
_UNSEEN = 0xFFFFFFFF
_bmp_symbols = np.full(0x10000, _UNSEEN, dtype=np.uint32)


def _symbol_codes_of(codes: np.ndarray) -> np.ndarray:
    """_symbol_code of each of `codes` (code points)."""
    if len(codes) and codes.max() >= len(_bmp_symbols):
        alphabet, where = _unique(codes)
        return np.array([_symbol_code(c) for c in alphabet.tolist()], dtype=np.uint32)[where]
    symbols = _bmp_symbols[codes]
    unseen = symbols == _UNSEEN
    if unseen.any():
        for code in np.unique(codes[unseen]).tolist():
            _bmp_symbols[code] = _symbol_code(code)
        symbols = _bmp_symbols[codes]
    return symbols


def _unique(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True) for non-negative integers; by a table of every
    value up to the largest when that is small enough, which is several times faster than
    np.unique's sorting."""
    top = int(values.max()) + 1 if len(values) else 0
    if top > 1 << 18:
        return np.unique(values, return_inverse=True)
    present = np.zeros(top, dtype=bool)
    present[values] = True
    distinct = np.flatnonzero(present)
    number = np.empty(top, dtype=np.intp)
    number[distinct] = np.arange(len(distinct))
    return distinct.astype(values.dtype), number[values]


def _unique_keys(keys: np.ndarray, high: np.ndarray, low: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(keys, return_inverse=True) for keys that sort as the pairs (high, low) of
    non-negative integers do: two stable sorts of 16-bit digits (numpy sorts those by radix)
    take a fraction of the time of sorting the keys themselves."""
    if not len(keys) or max(int(high.max()), int(low.max())) > 0xFFFF:
        return np.unique(keys, return_inverse=True)
    order = np.argsort(low.astype(np.uint16), kind="stable")
    order = order[np.argsort(high.astype(np.uint16)[order], kind="stable")]
    ordered = keys[order]
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(keys), dtype=np.intp)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


# --- background model (jieba's dictionary) -----------------------------------------------


@dataclass(frozen=True, eq=False)
class _Background:
    """Character statistics of a word-unigram process over jieba's dictionary.

    Characters are numbered by their position in `codes` (their code points, ascending).
    Masses are expected counts per word token, in arrays indexed by that number: `chars` the
    occurrences of c, `starts` / `ends` words beginning / ending with c, and `pair_mass` the
    occurrences of ab inside a word, at the position of the key a * len(codes) + b in the
    sorted `pair_keys`.
    After an a, either a's word goes on with b, or it ends and the next word starts with b:
    P(b | a) = (pairs[ab] + ends[a] * P(next word starts with b)) / chars[a].
    """

    # Each array's dtype is in its field's metadata: a cached model is checked against it.
    codes: np.ndarray = field(metadata={"dtype": np.int64})
    chars: np.ndarray = field(metadata={"dtype": np.float64})
    starts: np.ndarray = field(metadata={"dtype": np.float64})
    ends: np.ndarray = field(metadata={"dtype": np.float64})
    pair_keys: np.ndarray = field(metadata={"dtype": np.int64})
    pair_mass: np.ndarray = field(metadata={"dtype": np.float64})

    def pairs(self, a: np.ndarray, b: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
        """pairs[ab] for arrays of character ids (-1: not in the dictionary); 0 if none.
        `order` as for _find."""
        keys = a * len(self.codes) + b
        found = _find(self.pair_keys, keys, order)
        found[(a < 0) | (b < 0)] = -1
        return np.where(found >= 0, self.pair_mass[found], 0.0)

    def bonded(self, a: str, b: str) -> bool:
        """Is "ab" more likely inside one word than across a word boundary?"""
        ia, ib = self.id(a), self.id(b)
        pair = 0.0
        if ia >= 0 and ib >= 0:
            key = ia * len(self.codes) + ib
            at = int(self.pair_keys.searchsorted(key))
            if at < len(self.pair_keys) and self.pair_keys[at] == key:
                pair = float(self.pair_mass[at])
        end_a = float(self.ends[ia]) if ia >= 0 else 0.0
        start_b = (float(self.starts[ib]) if ib >= 0 else 0.0) + _EPS
        return pair > end_a * start_b

    def id(self, ch: str) -> int:
        """The number of a character, -1 if the dictionary lacks it."""
        code = ord(ch)
        at = int(self.codes.searchsorted(code))
        return at if at < len(self.codes) and self.codes[at] == code else -1


def _find(sorted_keys: np.ndarray, keys: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """Index of each of `keys` in `sorted_keys` (unique, ascending), -1 where absent.

    Binary search is several times faster on keys in ascending order: `order` puts them in
    (about) that order; without it they are sorted here."""
    if not len(sorted_keys) or not len(keys):
        return np.full(len(keys), -1, dtype=np.intp)
    if order is None:
        order = np.argsort(keys)
    ordered = keys[order]
    at = np.searchsorted(sorted_keys, ordered)
    at[at == len(sorted_keys)] = 0
    found = np.empty(len(keys), dtype=np.intp)
    found[order] = np.where(sorted_keys[at] == ordered, at, -1)
    return found


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A dictionary line is "word frequency [tag]"; only all-CJK words count.
_ENTRY = re.compile(f"^([{_CJK}]+) ([^ \\n]*)", re.MULTILINE)


def cache_folder() -> Path | None:
    """The user's own cache folder for the model (XDG_CACHE_HOME, else ~/.cache; None without
    a home): not the shared temporary folder, where another user could leave a file under the
    expected name."""
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gongkai"
    except RuntimeError:
        return None


_DTYPES = {f.name: f.metadata["dtype"] for f in dataclasses.fields(_Background)}


@functools.lru_cache(maxsize=1)
def _background() -> _Background:
    """The dictionary model, from a cache file when one was made from the same dictionary,
    tables and code (building it takes a second or more, and every ingest worker needs it)."""
    dictionary = (Path(jieba.__file__).parent / "dict.txt").read_bytes()
    tables = (Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt").read_bytes()
    code = Path(__file__).read_bytes()  # any change here may change the model
    key = hashlib.sha256(b"\0".join((dictionary, tables, code))).hexdigest()[:24]
    folder = cache_folder()
    cache = folder / f"noise-{key}.npz" if folder else None
    cached = _read_cached(cache) if cache else None
    if cached is not None:
        return cached
    background = _build_background(dictionary.decode("utf-8"))
    if cache:
        _write_cached(cache, background)
    return background


def _read_cached(path: Path) -> _Background | None:
    """The model stored at `path`, or None when there is none or it is not a whole model of
    the expected kinds of arrays (a damaged or foreign file is then built over)."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in _DTYPES}
    except Exception:  # noqa: BLE001  (missing, empty, cut short, not an .npz: all mean "build it")
        return None
    if any(array.ndim != 1 for array in arrays.values()):
        return None
    size, pairs = len(arrays["codes"]), len(arrays["pair_keys"])
    expected = {"codes": size, "chars": size, "starts": size, "ends": size, "pair_keys": pairs, "pair_mass": pairs}
    for name, array in arrays.items():
        if array.dtype != _DTYPES[name] or array.shape != (expected[name],):
            return None
    return _Background(**arrays)


def _write_cached(path: Path, background: _Background) -> None:
    """Written whole under another name, then renamed, so a reader never sees half a file; a
    cache that cannot be written only costs the next process the build."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.stem, suffix=".tmp", delete=False) as handle:
            try:
                np.savez(handle, **dataclasses.asdict(background))
            except BaseException:
                os.unlink(handle.name)
                raise
        os.replace(handle.name, path)
        for older in path.parent.glob("noise-*.npz"):  # made from another dictionary or code
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        pass


def _build_background(dictionary: str) -> _Background:
    table = str.maketrans(_to_simplified())
    entries = _ENTRY.findall(dictionary)
    # The dictionary mixes scripts; fold everything into simplified (one character for one).
    words = "\n".join(word for word, _ in entries).translate(table).split("\n")
    counts: dict[str, int] = {}
    for word, (_, freq) in zip(words, entries):
        counts[word] = counts.get(word, 0) + int(freq)
    total = sum(counts.values())
    kept = [(word, freq / total) for word, freq in counts.items() if freq > 0]

    # Every mass is a sum over words in dictionary order, as np.bincount adds them up.
    codes = _code_points("".join(word for word, _ in kept))
    lengths = np.fromiter((len(word) for word, _ in kept), dtype=np.intp, count=len(kept))
    p = np.fromiter((p for _, p in kept), dtype=np.float64, count=len(kept))
    alphabet, char = np.unique(codes, return_inverse=True)
    size = len(alphabet)
    weight = np.repeat(p, lengths)
    last = np.cumsum(lengths) - 1
    first = last - lengths + 1
    inside = np.ones(len(codes), dtype=bool)
    inside[last] = False
    k = np.flatnonzero(inside)
    pair_keys, pair = np.unique(char[k] * size + char[k + 1], return_inverse=True)
    return _Background(
        codes=alphabet.astype(np.int64),
        chars=np.bincount(char, weights=weight, minlength=size),
        starts=np.bincount(char[first], weights=p, minlength=size),
        ends=np.bincount(char[last], weights=p, minlength=size),
        pair_keys=pair_keys,
        pair_mass=np.bincount(pair, weights=weight[k], minlength=len(pair_keys)),
    )


# --- the document -----------------------------------------------------------------------


# The most the adapted model can make a probability, for pruning: the dictionary's are at
# most 1 (+ _EPS), and a Witten-Bell step, (n_ab + t p) / (n_a + t), exceeds max(p, 1) by at
# most d / (n_a + t) when the position's own count is left out of the context but not of the
# pair (d <= 1, n_a >= 1, t >= CACHE_PAIRS, or CACHE_TRIPLES for triples). That happens only
# to b after a deleted run: P(b | h a) < 1 + 1 / 1.2 + 1 / 3 < 2.2, and P(z | a b) <= 1.
_MOST = 2.2
_SLACK = math.log(_MOST) + 1e-6  # + rounding


def _witten_bell(n_ab, n_a, types, p, weight: float):
    """Interpolate a document count with the lower-order estimate `p`, trusting the count
    less after contexts followed by many different things (Witten-Bell). Elementwise over
    arrays; where n_a <= 0 it is `p`."""
    t = weight * np.maximum(types, 1)
    return np.where(n_a > 0, (n_ab + t * p) / (n_a + t), p)


class _Document:
    """One document, ready to be scored with any set of withheld positions.

    This is the adapted language model of the module docstring, computed with arrays:
    symbols are small integers (numbered in code point order), `s[k]` is the symbol of input
    character k - 1, framed by the sentinels. What does not depend on the withheld positions
    is worked out once: the symbols' dictionary statistics, every adjacent pair and triple of
    the text as a class (`pair[k]` of s[k] s[k+1], `triple[k]` of s[k] s[k+1] s[k+2]), and the
    candidate runs s[X:Y]. The pairs and triples a run's removal creates are looked up only
    for runs that might score enough, and remembered for the next pass.
    """

    @classmethod
    def read(cls, text: str) -> _Document | None:
        codes = _code_points(text)
        if not _is_cjk_code(codes).any():
            return None
        return cls(codes)

    def __init__(self, codes: np.ndarray):
        self.bg = bg = _background()
        # Numbered in code point order, as the dictionary's characters are, so that sorting
        # pairs of symbols sorts the dictionary's keys for them too.
        framed = np.empty(len(codes) + 2, dtype=np.int64)
        framed[0], framed[-1] = ord(_START), ord(_STOP)
        framed[1:-1] = _symbol_codes_of(codes)
        self.codes, s = _unique(framed)  # the symbols' code points, and each position's symbol
        self.s = s
        self.V = V = len(self.codes)
        self.n = n = len(framed)

        # Per symbol.
        self.cjk = cjk = _is_cjk_code(self.codes)
        self.gid = gid = np.where(cjk, _find(bg.codes, self.codes), -1)  # in the dictionary
        known = gid >= 0
        self.chars = chars = np.where(known, bg.chars[gid], 0.0)
        self.ends = ends = np.where(known, bg.ends[gid], 0.0)
        self.starts = np.where(known, bg.starts[gid], 0.0) + _EPS
        with np.errstate(divide="ignore", invalid="ignore"):
            self.end = np.where(chars != 0, ends / chars + _EPS, 1.0)

        # Adjacent pairs and triples of the text.
        self.c = c = cjk[s]
        self.pair_key = pair_key = s[:-1] * V + s[1:]
        self.pair_keys, self.pair = _unique_keys(pair_key, s[:-1], s[1:])
        self.P = len(self.pair_keys)
        self.pair_first = self.pair_keys // V
        # Known characters' dictionary ids ascend with their symbols, so the keys of pairs of
        # known characters come in order (the others, of id -1, are found absent either way).
        self.pair_bg = bg.pairs(gid[self.pair_first], gid[self.pair_keys % V], np.arange(self.P))
        # (Pairs are numbered in the order of their keys, so a pair's number sorts as its key.)
        self.triple_keys, self.triple = _unique_keys(pair_key[:-1] * V + s[2:], self.pair[:-1], s[2:])
        self.T = len(self.triple_keys)
        self.triple_prefix = np.searchsorted(self.pair_keys, self.triple_keys // V)

        # Candidate runs s[X:Y], all CJK, 1..MAX_RUN long; longest first, so that the runs
        # longer than l are the first self.longer[l].
        xs, lengths = [], []
        run = c.copy()
        for length in range(1, MAX_RUN + 1):
            if length > 1:  # run[x]: s[x..x+length-1] are all CJK
                stop = max(n - length + 1, 0)
                run[:stop] &= c[length - 1 :]
                run[stop:] = False
            at = np.flatnonzero(run)
            xs.append(at)
            lengths.append(len(at))
        self.X = X = np.concatenate(xs[::-1])
        self.longer = [sum(lengths[l:]) for l in range(MAX_RUN + 1)]
        self.Y = Y = X + np.repeat(np.arange(MAX_RUN, 0, -1), lengths[::-1])
        self.last = np.minimum(Y + 1, n - 1)
        # Looked up on demand (-2: not yet; -1: occurs nowhere), for a the symbol before the
        # run, b the one after it, h the one before a and z the one after b: the pair class
        # of a b, its mass in the dictionary, the triple class of h a b and of a b z.
        self.skip = np.full(len(X), -2, dtype=np.intp)
        self.skip_bg = np.zeros(len(X))
        self.hab = np.full(len(X), -1, dtype=np.intp)
        self.abz = np.full(len(X), -1, dtype=np.intp)
        self._bonded: dict[tuple[int, int], bool] = {}

    def _look_up(self, runs: np.ndarray) -> None:
        """Fill in skip, skip_bg, hab and abz for these runs (indices into X)."""
        runs = runs[self.skip[runs] == -2]
        if not len(runs):
            return
        s, n, V = self.s, self.n, self.V
        X, Y = self.X[runs], self.Y[runs]
        a, b = s[X - 1], s[Y]
        key = a * V + b
        order = np.argsort(key)  # searching in ascending order is several times faster
        self.skip[runs] = _find(self.pair_keys, key, order)
        self.skip_bg[runs] = self.bg.pairs(self.gid[a], self.gid[b], order)
        has_h = X >= 2
        hab = _find(self.triple_keys, self.pair_key[np.where(has_h, X - 2, 0)] * V + b)
        self.hab[runs] = np.where(has_h, hab, -1)
        abz = _find(self.triple_keys, key * V + s[np.minimum(Y + 1, n - 1)], order)
        self.abz[runs] = np.where(Y < n - 1, abz, -1)

    def bonded(self, p: int, q: int) -> bool:
        # Are input[p] and input[q], side by side, more likely one word than two?
        pair = int(self.s[p + 1]), int(self.s[q + 1])
        known = self._bonded.get(pair)
        if known is None:
            a, b = chr(self.codes[pair[0]]), chr(self.codes[pair[1]])
            known = self._bonded[pair] = _is_cjk(a) and _is_cjk(b) and self.bg.bonded(a, b)
        return known

    def score_runs(self, withheld: set[int], floor: float) -> list[tuple[float, int, int]]:
        """(score, start, end), input offsets, for every CJK run of 1..MAX_RUN characters
        scoring at least `floor`, with input offsets in `withheld` kept out of the cache."""
        s, n, V, P, T = self.s, self.n, self.V, self.P, self.T
        ok = np.ones(n, dtype=bool)
        if withheld:
            ok[np.fromiter(withheld, dtype=np.intp, count=len(withheld)) + 1] = False
        oki = ok.astype(np.int64)

        # The cache: what the positions that are not withheld hold. Counts over pair and
        # triple classes have a trailing 0, for class -1 (occurs nowhere).
        uni = np.bincount(s[ok & self.c], minlength=V)
        n_cjk = max(int(uni.sum()), 1)
        vp = ok[:-1] & ok[1:]  # the pair at k counts
        vt = vp[:-1] & ok[2:]  # the triple at k counts
        bi = np.bincount(self.pair[vp], minlength=P + 1)
        bi_ctx = np.bincount(s[:-1][vp], minlength=V)
        bi_types = np.bincount(self.pair_first[bi[:P] > 0], minlength=V)
        tri = np.bincount(self.triple[vt], minlength=T + 1)
        tri_ctx = np.bincount(self.pair[:-1][vt], minlength=P + 1)  # by the pair h a
        tri_types = np.bincount(self.triple_prefix[tri[:T] > 0], minlength=P + 1)

        def prob(a, b, pair_bg, own_b, n_ab, n_a, types, has_h, n_hab, n_ha, types_ha):
            """P(b | h a) elementwise, the counts already leaving out what this position put
            in the cache. The same operations as a scalar would take, in the same order."""
            seen = (uni[b] - own_b) / n_cjk
            # Which word comes next is where the document's vocabulary helps; how a word goes
            # on (恢 -> 复) stays the dictionary's business.
            start = (1 - CACHE_UNIGRAM) * self.starts[b] + CACHE_UNIGRAM * seen
            chars_a = self.chars[a]
            with np.errstate(divide="ignore", invalid="ignore"):
                after = np.where(chars_a != 0, (pair_bg + self.ends[a] * start) / chars_a + _EPS, start)
            cjk_a = self.cjk[a]
            p = np.where(self.cjk[b], np.where(cjk_a, after, start), np.where(cjk_a, self.end[a], 1.0))
            p = _witten_bell(n_ab, n_a, types, p, CACHE_PAIRS)
            return np.where(has_h, _witten_bell(n_hab, n_ha, types_ha, p, CACHE_TRIPLES), p)

        # Cost of each symbol where it stands (from s[1] on), as prefix sums: prefix[y + 1] -
        # prefix[x] is the cost of s[x..y]. np.log (whose routine numpy picks by CPU) may differ
        # from math.log in the last bit: a score moves by far less than 1e-9, so only a score
        # that close to a threshold could be decided otherwise on another machine.
        pair_own = vp.astype(np.int64)
        triple_own = np.concatenate(([0], vt.astype(np.int64)))
        ha = np.concatenate(([P], self.pair[:-1]))  # the pair before the one at k (P: none)
        here = prob(
            s[:-1],
            s[1:],
            self.pair_bg[self.pair],
            oki[1:],
            bi[self.pair] - pair_own,
            bi_ctx[s[:-1]] - pair_own,
            bi_types[s[:-1]],
            np.arange(n - 1) >= 1,
            np.concatenate(([0], tri[self.triple])) - triple_own,
            tri_ctx[ha] - triple_own,
            tri_types[ha],
        )
        prefix = np.empty(n + 1)
        prefix[:2] = 0.0
        np.cumsum(-np.log(here), out=prefix[2:])

        # Per character of a run, the log-likelihood ratio injected : real of the character
        # itself: drawn at random (-JUNK_CHAR_COST), and novel or recurring in the document.
        once = int((uni == 1).sum())
        p_real = min(max(once / n_cjk, 0.005), 0.5)  # P(novel | real)
        # P(novel | injected); below 1 so that a text whose every character was withheld
        # (a few characters, all suspicious) still has a finite score.
        p_junk = min(max(1 - int((uni > 0).sum()) / JUNK_VOCABULARY, 0.5), 1 - 1e-9)
        novel = math.log(p_junk / p_real)
        recurring = math.log((1 - p_junk) / (1 - p_real))
        as_junk = np.where(
            self.c,
            np.where(uni[s] - oki <= 0, novel - JUNK_CHAR_COST, recurring - JUNK_CHAR_COST),
            0.0,
        )
        X = self.X
        junk = 0.0 + as_junk[X]  # added up character by character, as a loop would
        for l in range(1, MAX_RUN):
            m = self.longer[l]
            junk[:m] += as_junk[X[:m] + l]

        # With the run: its characters, b, and the symbol after b (whose history includes the
        # run's last character).
        with_run = prefix[self.last + 1] - prefix[X]
        # Without it, b follows h a and the symbol z after b follows a b, costing at least
        # -log(_MOST), so runs below floor - _SLACK can be passed over.
        runs = np.flatnonzero(with_run + junk >= floor - _SLACK)
        self._look_up(runs)
        X, Y, with_run, junk = X[runs], self.Y[runs], with_run[runs], junk[runs]
        skip, hab, abz = self.skip[runs], self.hab[runs], self.abz[runs]
        a, b = s[X - 1], s[Y]
        has_h, has_z = X >= 2, Y < n - 1
        ha = np.where(has_h, self.pair[np.maximum(X - 2, 0)], P)
        z = np.minimum(Y + 1, n - 1)
        bz = np.where(has_z, self.pair[np.minimum(Y, n - 2)], P)
        a_own = oki[X - 1] & oki[X]  # a is followed by the run here
        ha_own = a_own & has_h & oki[np.maximum(X - 2, 0)]
        b_own = oki[Y] & oki[z] & has_z
        p_b = prob(
            a,
            b,
            self.skip_bg[runs],
            oki[Y],
            bi[skip],
            bi_ctx[a] - a_own,
            bi_types[a],
            has_h,
            tri[hab],
            tri_ctx[ha] - ha_own,
            tri_types[ha],
        )
        p_z = prob(
            b,
            s[z],
            self.pair_bg[np.minimum(bz, P - 1)],  # (no z: p_z is set to 1 below)
            oki[z],
            bi[bz] - b_own,
            bi_ctx[b] - b_own,
            bi_types[b],
            True,
            tri[abz],
            tri_ctx[skip],
            tri_types[skip],
        )
        p_z[~has_z] = 1.0
        # -log P(with) + log P(without): what the model gains by deleting the run. Screen with
        # np.log, then score the few left with math.log.
        rough = with_run + np.log(p_b) + np.log(p_z) + junk
        keep = np.flatnonzero(rough >= floor - 1e-6)
        without = -np.array([math.log(v) for v in p_b[keep].tolist()])
        z_keep = has_z[keep]
        without[z_keep] += -np.array([math.log(v) for v in p_z[keep][z_keep].tolist()])
        score = with_run[keep] - without + junk[keep]
        return list(zip(score.tolist(), (X[keep] - 1).tolist(), (Y[keep] - 1).tolist()))


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
