"""Word-level diff of two passages, blind to script, phrasing, punctuation width and spaces.

Matching runs on the canonical characters of the words (so 智能化 and 智慧 + 化 agree however
jieba cut them); what is shown is whole words, as written."""
import bisect
import difflib
from dataclasses import dataclass

from .textnorm import tokens

LONG = 4_000_000  # characters of A times characters of B


@dataclass(frozen=True)
class Piece:
    op: str  # "equal" | "insert" | "delete"
    text: str


def _layout(toks):
    """Canonical characters of the words, and for each token the index of its last canonical
    character (punctuation takes that of the word before it)."""
    chars, last, length = [], [], 0
    for _, canon in toks:
        if canon:
            chars.append(canon)
            length += len(canon)
        last.append(length - 1)
    return "".join(chars), last


def diff(a: str, b: str) -> list[Piece]:
    """Pieces that turn `a` into `b`: equal and inserted text as written in `b`, deleted text
    as written in `a`. Punctuation and spaces never make a difference."""
    ta, tb = tokens(a), tokens(b)
    ca, last_a = _layout(ta)
    cb, last_b = _layout(tb)
    opcodes = difflib.SequenceMatcher(None, ca, cb, autojunk=False).get_opcodes()

    changed_a, changed_b = [False] * len(ta), [False] * len(tb)
    for op, i1, i2, j1, j2 in opcodes:
        if op != "equal":
            _mark(changed_a, ta, last_a, i1, i2)
            _mark(changed_b, tb, last_b, j1, j2)

    pieces: list[Piece] = []

    def emit(op, text):
        if text:
            if pieces and pieces[-1].op == op:
                pieces[-1] = Piece(op, pieces[-1].text + text)
            else:
                pieces.append(Piece(op, text))

    ia = ib = 0
    for _, _, i2, _, j2 in opcodes + [("end", 0, len(ca), 0, len(cb))]:
        while ia < len(ta) and last_a[ia] < i2:
            if ta[ia][1] and changed_a[ia]:
                emit("delete", ta[ia][0])
            ia += 1
        while ib < len(tb) and last_b[ib] < j2:
            emit("insert" if tb[ib][1] and changed_b[ib] else "equal", tb[ib][0])
            ib += 1
    while ib < len(tb):  # trailing punctuation
        emit("equal", tb[ib][0])
        ib += 1
    return pieces


def _mark(changed, toks, last, lo, hi):
    """Flag the words having a canonical character in [lo, hi)."""
    # `last` never decreases: the first token that can reach lo is found by bisection, and
    # the scan stops past hi, so marking costs the tokens of the range, not of the text.
    k = bisect.bisect_left(last, lo)
    while k < len(toks):
        canon = toks[k][1]
        if canon:
            end = last[k] + 1
            if end - len(canon) >= hi:
                break
            if end > lo:
                changed[k] = True
        k += 1
    # An insertion at a point (lo == hi) touches no character of this side.


def is_unchanged(pieces: list[Piece]) -> bool:
    return all(p.op == "equal" for p in pieces)


def change_ratio(pieces: list[Piece]) -> float:
    changed = sum(len(p.text) for p in pieces if p.op != "equal")
    total = sum(len(p.text) for p in pieces) or 1
    return changed / total


def sides(a: str, b: str, tokens_a=None, tokens_b=None) -> tuple[list[Piece], list[Piece]]:
    """Each side's own pieces, for two columns: A as "equal" and "delete" runs that join back
    into `a` exactly, B as "equal" and "insert" runs that join back into `b` exactly, so either
    side can be quoted from the page as written, punctuation included. A run of punctuation
    belongs to a change when the words on both sides of it do (a deleted clause keeps its
    commas); otherwise it is unchanged text. The texts' tokens may be given, as already cut."""
    ta = tokens_a if tokens_a is not None else tokens(a)
    tb = tokens_b if tokens_b is not None else tokens(b)
    ca, last_a = _layout(ta)
    cb, last_b = _layout(tb)
    changed_a, changed_b = [False] * len(ta), [False] * len(tb)
    # Exact matching costs the product of the lengths; two very long paragraphs (a crawl
    # without line breaks) use difflib's faster heuristic, which may mark a little more.
    autojunk = len(ca) * len(cb) > LONG
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ca, cb, autojunk=autojunk).get_opcodes():
        if op != "equal":
            _mark(changed_a, ta, last_a, i1, i2)
            _mark(changed_b, tb, last_b, j1, j2)
    return _side(ta, changed_a, "delete"), _side(tb, changed_b, "insert")


def _side(toks, changed, op) -> list[Piece]:
    n = len(toks)
    before, after, last = [None] * n, [None] * n, None
    for k in range(n):  # the nearest word on each side of every token
        before[k] = last
        if toks[k][1]:
            last = k
    last = None
    for k in range(n - 1, -1, -1):
        after[k] = last
        if toks[k][1]:
            last = k
    flags = [
        changed[k] if toks[k][1] else (before[k] is not None and after[k] is not None and changed[before[k]] and changed[after[k]])
        for k in range(n)
    ]
    pieces: list[Piece] = []
    for (written, _), flag in zip(toks, flags):
        kind = op if flag else "equal"
        if pieces and pieces[-1].op == kind:
            pieces[-1] = Piece(kind, pieces[-1].text + written)
        else:
            pieces.append(Piece(kind, written))
    return pieces
