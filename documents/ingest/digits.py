"""Splitting a run of digits into the cells of a table row, by the row's shape.

Crawled pages often lose a table's cell borders: `一、本年新收政府信息公开申请数量15130000154`
is the seven cells 151|3|0|0|0|0|154. The template says how many cells a row has and which
relations hold between them (a row's 总计 is the sum of its columns; 结果维持 + 结果纠正 +
其他结果 + 尚未审结 = 总计), so the run is split into every sequence of cells that

* has the row's number of cells,
* writes each cell as a number is written: no leading zero unless the cell is 0, a sign only at a
  cell's start, a decimal point only inside a cell of a column that holds amounts,
* keeps every whitespace of the run as a cell boundary (stray spaces are still boundaries; cells
  not separated by one are the run's problem),
* and satisfies each group's relation,

and a caller places a row only when exactly one split survives (possibly after relations
across rows, see `solve`). Nothing here knows a template: shapes are given by the caller.

Pure: no Django, no I/O.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable, Sequence

# A run as found in text: numbers, optionally signed or with decimals, separated by blanks or nothing.
_NUMBER = r"[-−－]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?"
RUN = re.compile(rf"{_NUMBER}(?:[ \t\u3000\u00a0]*{_NUMBER})*")
_SIGN = "-−－"
_CELL = re.compile(r"-?(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)(?:\.\d+)?")
_INT_CELL = re.compile(r"-?(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)")

# A run long enough to need more steps than this is no table row (a stray run of digits): it
# gets no split rather than a slow one.
MAX_STEPS = 50_000

Relation = Callable[[Sequence[Decimal]], bool]


class _Exhausted(Exception):
    """The search took MAX_STEPS states without finishing."""


class _Budget:
    """The steps one search may take (MAX_STEPS) before it gives up."""

    def __init__(self):
        self.steps = 0

    def spend(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _Exhausted


def total_last(cells: Sequence[Decimal]) -> bool:
    """The last cell is the sum of the others (a row's 总计)."""
    return sum(cells[:-1], Decimal(0)) == cells[-1]


@dataclass(frozen=True)
class Group:
    """`size` consecutive cells, `relation` over their values (None: anything goes), and which of
    them may hold decimals / a sign (by position; default none)."""
    size: int
    relation: Relation | None = None
    decimals: frozenset[int] = frozenset()
    signed: frozenset[int] = frozenset()


@dataclass
class Split:
    cells: tuple[str, ...]          # as written (sign normalised to "-")

    @functools.cached_property  # read for every combination `solve` tries
    def values(self) -> tuple[Decimal, ...]:
        return tuple(_value(c) for c in self.cells)

    def __str__(self) -> str:
        return "|".join(self.cells)


def _value(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


def _pieces(run: str) -> list[str]:
    """The run's chunks between blanks, signs normalised; a sign inside a chunk starts a cell,
    so it is kept as the start of a chunk of its own marked by a leading '-'."""
    out = []
    for chunk in run.split():
        chunk = re.sub(f"[{_SIGN}]", "-", chunk).replace("，", ",")
        parts = re.split(r"(?=-)", chunk)
        out.extend(p for p in parts if p)
    return out


def _cell_ok(text: str, decimal: bool, signed: bool) -> bool:
    if text.isdigit():  # the common case, without a pattern: 0, or no leading zero
        return text == "0" or text[0] != "0"
    if text.startswith("-") and not signed:
        return False
    return bool((_CELL if decimal else _INT_CELL).fullmatch(text))


# Splits listed at most; a run with that many is ambiguous whatever they are.
SPLIT_LIMIT = 10_000


def splits(run: str, groups: Sequence[Group], limit: int = SPLIT_LIMIT) -> list[Split]:
    """Every split of `run` into the cells of `groups`, in order, that keeps the rules above.
    Stops after `limit` splits (the caller treats that many as ambiguous anyway)."""
    pieces = _pieces(run)
    shape: list[tuple[int, int, bool, bool]] = []   # (group index, position, decimal, signed)
    for g, group in enumerate(groups):
        for k in range(group.size):
            shape.append((g, k, k in group.decimals, k in group.signed))
    n = len(shape)
    if not pieces or n == 0:
        return []
    if all(group.relation is total_last for group in groups) and all(piece.isdigit() for piece in pieces):
        # the rows of the standard tables: whole numbers, every group ending in its 总计
        try:
            return [Split(cells) for cells in _summed_splits(pieces, [group.size for group in groups], limit)]
        except _Exhausted:
            return []
    # A piece boundary must be a cell boundary; inside a piece any position may be one.
    # characters from each piece on: the search tests this at every step
    after = list(itertools.accumulate(reversed([len(x) for x in pieces]), initial=0))[::-1]
    # The cells after a point depend only on where it is, which cell comes next and what the
    # current group's relation needs of the cells before (the sum so far for a 总计, all of them
    # for another relation): the tails found from one such state serve every way of reaching it.
    memo: dict[tuple, list[tuple[str, ...]]] = {}
    last_digits = pieces[-1]  # the run's last 总计 is written at its end
    all_digits = all(piece.isdigit() for piece in pieces)
    budget = _Budget()

    def tails(p: int, off: int, i: int, state) -> list[tuple[str, ...]]:
        if i == n:
            return [()] if p == len(pieces) else []
        if p == len(pieces):
            return []
        key = (p, off, i, state)
        if key in memo:
            return memo[key]
        budget.spend()
        found: list[tuple[str, ...]] = []
        piece = pieces[p]
        g, k, decimal, signed = shape[i]
        group = groups[g]
        last_of_group = k == group.size - 1
        remaining_cells = n - i - 1
        summed = group.relation is total_last and not group.signed
        fixed = summed and g == len(groups) - 1 and last_digits.isdigit()
        if fixed and k == 0 and not isinstance(state, tuple):
            # The run's last 总计 ends the run: each length it may have fixes its value, and
            # the group's other cells are then searched for that sum exactly.
            others = group.size - 1
            for t in range(1, len(last_digits) + 1):
                total = last_digits[-t:]
                if all_digits and others:
                    # With digits only, no other cell is longer than the 总计, and the sum of a
                    # few cells is at most one digit longer than the longest of them.
                    room = after[p] - off - t
                    if room > others * t or (others <= 10 and t > room - others + 2):
                        continue
                if _cell_ok(total, False, False):
                    found += tails(p, off, i, (Decimal(0), Decimal(total), t))
            memo[key] = found
            return found
        target = state[1:] if fixed else None
        partial = (state[0] if fixed else state) if summed else None
        # a number grouped by thousands (10,690) is one cell, whole
        if "," in piece and off:
            memo[key] = found
            return found
        ends = [len(piece)] if "," in piece else range(off + 1, len(piece) + 1)
        if summed and last_of_group and "," not in piece:
            # a group's 总计 is the sum of its cells: only one text can be it
            want = format(partial, "f")
            ends = [off + len(want)] if piece.startswith(want, off) and (not target or partial == target[0]) else []
        if target and not last_of_group and all_digits:
            # a whole number before the 总计 is no longer than what is left of the sum
            ends = range(off + 1, min(len(piece), off + len(str(int(target[0] - partial)))) + 1)
        for end in ends:
            text = piece[off:end]
            if end < len(piece) and piece[end] == ".":
                continue  # a decimal point never starts a cell
            if not _cell_ok(text, decimal, signed):
                if text.lstrip("-").startswith("0") and len(text.lstrip("-")) > 1 and "." not in text:
                    break  # a longer cell only adds digits after a leading zero
                continue
            np, noff = (p + 1, 0) if end == len(piece) else (p, end)
            # cells still to come need a character each, and each piece left holds a cell at least
            chars_left = after[np] - noff
            if chars_left < remaining_cells:
                break
            if len(pieces) - np > remaining_cells:
                continue
            value = _value(text)
            if summed and not last_of_group:
                # the 总计 still to come is written with what is left after the group's other cells
                room = chars_left - (group.size - 2 - k)
                if len(str(int(partial + value))) > room:
                    break
                if target:
                    total, t = target
                    if partial + value > total or chars_left < t + (group.size - 2 - k):
                        break  # a longer cell only adds to the sum and takes the 总计's digits
                    if k == group.size - 2 and chars_left != t:
                        continue  # the last cell before the 总计 ends where it starts
                    # the cells still before the 总计 can add at most what their digits write
                    rest, digits_left = group.size - 2 - k, chars_left - t
                    # (one cell takes every digit the others leave, each of them one digit)
                    if rest and partial + value + 10 ** (digits_left - rest + 1) - 1 + 9 * (rest - 1) < total:
                        continue
                    # and at least what their longest must write: a number of two digits or more
                    # starts with a digit other than 0
                    longest = -(-digits_left // rest) if rest else 0
                    if all_digits and longest >= 2 and partial + value + 10 ** (longest - 1) > total:
                        continue
            if last_of_group:
                if group.relation is not None and not summed and not group.relation((*state, value)):
                    continue
                following = groups[g + 1] if g + 1 < len(groups) else None
                next_state = _start(following)
            elif summed:
                next_state = (partial + value, *target) if target else partial + value
            elif group.relation is not None:
                next_state = (*state, value)
            else:
                next_state = None
            for tail in tails(np, noff, i + 1, next_state):
                found.append((text, *tail))
                if len(found) >= limit:
                    break
            if len(found) >= limit:
                break
        memo[key] = found
        return found

    try:
        found = tails(0, 0, 0, _start(groups[0]))
        # in the order of a search cell by cell, shortest first (as the totals were tried apart)
        found.sort(key=lambda cells: tuple(len(c) for c in cells))
        return [Split(cells) for cells in found[:limit]]
    except _Exhausted:
        return []   # not searched through: never one split for certain


def _summed_splits(pieces: list[str], sizes: list[int], limit: int) -> list[tuple[str, ...]]:
    """`splits` for a run of whole numbers (digits, blanks between some) into groups of `sizes`
    cells, each group's last cell the sum of its others; in the same order (shortest cells first).

    A group is found by its 总计 first: each length the 总计 may have fixes its value, and the
    group's other cells are then searched for that sum exactly. Two facts of whole numbers cut the
    search: no cell is longer than the sum it is part of, and a number and the sum of its digits
    leave the same remainder by 9, so the cells of a stretch of digits, however it is cut, add up
    to the stretch's digit sum modulo 9 (a 总计 that does not cannot be theirs). Five cells or
    more before a 总计 are searched half against half. Groups before the last are searched for
    each place they may end, the groups after a place once for all the ways of reaching it."""
    s = "".join(pieces)
    size = len(s)
    # stop[x]: the first blank after position x (or the end): no cell runs past it
    stop = [size] * (size + 1)
    blanks = [0] * (size + 1)   # blanks[i]: the blanks at positions 1..i (a blank at i: before s[i])
    at = set(itertools.accumulate(len(piece) for piece in pieces[:-1]))
    for i in range(1, size + 1):
        blanks[i] = blanks[i - 1] + (i in at)
    nxt = size
    for x in range(size - 1, -1, -1):
        if x + 1 in at:
            nxt = x + 1
        stop[x] = nxt
    digit_sum = list(itertools.accumulate((int(ch) for ch in s), initial=0))
    budget = _Budget()

    def summing(x: int, e: int, r: int, total: int) -> list[tuple[str, ...]]:
        """The splits of s[x:e] into r cells adding up to `total`."""
        budget.spend()
        width = e - x
        if r == 1:
            if (width == 1 or s[x] != "0") and stop[x] >= e and int(s[x:e]) == total:
                return [(s[x:e],)]
            return []
        if width < r or blanks[e - 1] - blanks[x] > r - 1:
            return []
        if total == 0:
            return [("0",) * r] if width == r and s[x:e] == "0" * r else []
        digits = len(str(total))
        if width > r * digits:
            return []   # a cell longer than the sum would be more than it
        short, longer = divmod(width, r)
        if short and total < (longer * 10 ** short + (r - longer) * 10 ** (short - 1) if short >= 2 else
                              longer * 10 if short == 1 else 0):
            # a cell of two digits or more starts with a digit other than 0, and the least the
            # cells can write is with their lengths as even as can be
            return []
        if total > 10 ** (width - r + 1) - 1 + 9 * (r - 1):
            return []   # one cell taking every digit the others leave, each of them a 9
        out = []
        if r >= 5:
            # the first half of the cells and the second, apart: each half's splits by what
            # they add up to, kept for every search that asks for the same stretch again
            half = r // 2
            for m in range(max(x + half, e - (r - half) * digits), min(e - (r - half), x + half * digits) + 1):
                left = by_sum(x, m, half, digits)
                if not left:
                    continue
                right = by_sum(m, e, r - half, digits)
                for value, heads in left.items():
                    tails = right.get(total - value)
                    if tails:
                        out += [(*head, *tail) for head in heads for tail in tails]
            return out
        if s[x] == "0":
            ends = (x + 1,)
        else:
            last = e - r + 1
            if stop[x] < last:
                last = stop[x]
            if x + digits < last:
                last = x + digits
            ends = range(x + 1, last + 1)
        for z in ends:
            value = int(s[x:z])
            if value > total:
                break
            cell = s[x:z]
            for tail in summing(z, e, r - 1, total - value):
                out.append((cell, *tail))
        return out

    sums_memo: dict[tuple[int, int, int, int], dict[int, list[tuple[str, ...]]]] = {}

    def by_sum(x: int, e: int, r: int, digits: int) -> dict[int, list[tuple[str, ...]]]:
        """The splits of s[x:e] into r cells of at most `digits` digits, by what they add up to."""
        key = (x, e, r, digits)
        if key in sums_memo:
            return sums_memo[key]
        budget.spend()
        out: dict[int, list[tuple[str, ...]]] = {}
        width = e - x
        if r == 1:
            if width <= digits and (width == 1 or s[x] != "0") and stop[x] >= e:
                out[int(s[x:e])] = [(s[x:e],)]
        elif r <= width <= r * digits and blanks[e - 1] - blanks[x] <= r - 1:
            last = x + 1 if s[x] == "0" else min(stop[x], e - r + 1, x + digits)
            for z in range(x + 1, last + 1):
                cell = s[x:z]
                value = int(cell)
                for total, tails in by_sum(z, e, r - 1, digits).items():
                    out.setdefault(value + total, []).extend((cell, *tail) for tail in tails)
        sums_memo[key] = out
        return out

    group_memo: dict[tuple[int, int, int], list[tuple[str, ...]]] = {}

    def group(x: int, y: int, k: int) -> list[tuple[str, ...]]:
        """The splits of s[x:y] into k cells, the last the sum of the others."""
        key = (x, y, k)
        if key in group_memo:
            return group_memo[key]
        budget.spend()
        out = []
        for t in range(1, y - x - (k - 1) + 1):
            tx = y - t
            if stop[tx] < y:
                break   # the 总计 would run over a blank, and a longer one too
            if t > 1 and s[tx] == "0":
                continue
            total = int(s[tx:y])
            width = tx - x
            if k == 1:
                if width == 0 and total == 0:
                    out.append((s[tx:y],))
                continue
            if width > (k - 1) * t or (digit_sum[tx] - digit_sum[x] - total) % 9:
                continue
            for cells in summing(x, tx, k - 1, total):
                out.append((*cells, s[tx:y]))
        group_memo[key] = out
        return out

    after = list(itertools.accumulate(reversed(sizes), initial=0))[::-1]  # cells from group g on
    tails_memo: dict[tuple[int, int], list[tuple[str, ...]]] = {}

    def tails(x: int, g: int) -> list[tuple[str, ...]]:
        """The splits of s[x:] into groups g on, at most `limit`, shortest cells first."""
        if g == len(sizes):
            return [()] if x == size else []
        key = (x, g)
        if key in tails_memo:
            return tails_memo[key]
        k = sizes[g]
        ends = (size,) if g == len(sizes) - 1 else range(x + k, size - after[g + 1] + 1)
        options = []
        for y in ends:
            if y - x < k:
                continue
            rest = tails(y, g + 1)
            if rest:
                options.extend((cells, rest) for cells in group(x, y, k))
        options.sort(key=lambda option: tuple(len(c) for c in option[0]))
        out = list(itertools.islice(((*cells, *tail) for cells, rest in options for tail in rest), limit))
        tails_memo[key] = out
        return out

    return tails(0, 0)


def _start(group: "Group | None"):
    """What a group's relation needs before its first cell: a sum, the cells so far, or nothing."""
    if group is None or group.relation is None:
        return None
    return Decimal(0) if group.relation is total_last and not group.signed else ()


def split_cells(run: str, groups: Sequence[Group], layout: bool = True) -> list[Split]:
    """The splits keeping the groups' relations; when none does, the one split the layout alone
    allows (as many digits or blank-separated numbers as cells), if there is exactly one: what
    the document writes is read, and the relation it breaks is the checks stage's to report.
    `layout` False: the table leaves cells blank (a run of its has fewer digits than cells), so
    a run with as many digits as cells may as well be fewer, longer numbers; only the relations
    decide."""
    found = splits(run, groups)
    if found or not layout:
        return found
    bare = [Group(g.size, None, g.decimals, g.signed) for g in groups]
    by_layout = splits(run, bare, limit=2)
    return by_layout if len(by_layout) == 1 else []


def agreed_groups(cands: Sequence[Split], sizes: Sequence[int]) -> list[tuple[str, ...] | None]:
    """For each group of consecutive cells (`sizes`), the cells every split writes there when
    all write the same, else None. Relations that leave a run several splits may still fix some
    of its groups: a cell is in doubt only where the splits differ. A list cut at SPLIT_LIMIT
    is not every split, so it fixes nothing."""
    if len(cands) >= SPLIT_LIMIT:
        return [None] * len(sizes)
    out, at = [], 0
    for size in sizes:
        written = {c.cells[at:at + size] for c in cands}
        out.append(written.pop() if len(written) == 1 else None)
        at += size
    return out


def compact(run: str) -> str:
    """The run without blanks: for messages and for reading it as one number."""
    return "".join(run.split())


# -- relations across rows --------------------------------------------------------------------
@dataclass
class Row:
    """One row to solve: its candidate splits (already satisfying the row's own relations)."""
    name: str
    candidates: list[Split]


@dataclass
class Solution:
    chosen: dict[str, Split]                 # rows placed
    ambiguous: dict[str, list[Split]] = field(default_factory=dict)  # rows with several candidates left
    impossible: list[str] = field(default_factory=list)              # rows with no candidate at all
    joint: bool = False                      # whether relations across rows decided any row
    # ambiguous rows whose candidates some combination keeping every relation includes (or that
    # no relation touches): the table does not contradict them
    consistent: set[str] = field(default_factory=set)


# A relation across rows: a function of {row name: values}, over the rows it names; when it is a
# sum, its terms too (row, column, +1 or -1: the terms add up to 0), so that `solve` can tell
# early that a combination cannot keep it.
@dataclass(frozen=True)
class CrossRelation:
    rows: tuple[str, ...]
    holds: Callable[[dict[str, tuple[Decimal, ...]]], bool]
    name: str = ""
    terms: tuple[tuple[str, int, int], ...] = ()


def adds_up(parts: Sequence[str], totals: Sequence[str], column: int, name: str = "") -> CrossRelation:
    """In `column`, the rows `parts` add up to the rows `totals` (a group's rows to the group;
    本年新收 + 上年结转 to 总计 + 结转下年度)."""
    parts, totals = tuple(parts), tuple(totals)

    def holds(v):
        return sum((v[r][column] for r in parts), Decimal(0)) == sum((v[r][column] for r in totals), Decimal(0))
    terms = tuple((r, column, 1) for r in parts) + tuple((r, column, -1) for r in totals)
    return CrossRelation(parts + totals, holds, name, terms)


def solve(rows: Iterable[Row], relations: Sequence[CrossRelation], limit: int = 200_000) -> Solution:
    """Rows with one candidate are placed. The others are decided jointly: every combination of
    their candidates is tried against the relations across rows (only those whose rows all have
    candidates), and a row is placed only when all surviving combinations agree on it, and at
    least one survives. When a relation already fails among the rows with one candidate, the
    table contradicts itself and no relation is trusted to choose: the undecided rows stay
    undecided (the checks stage reports the failure)."""
    rows = list(rows)
    chosen = {r.name: r.candidates[0] for r in rows if len(r.candidates) == 1}
    impossible = [r.name for r in rows if not r.candidates]
    open_rows = [r for r in rows if len(r.candidates) > 1]
    sol = Solution(chosen=dict(chosen), impossible=impossible)
    if not open_rows:
        return sol
    known = {r.name for r in rows if r.candidates}
    usable = [rel for rel in relations if all(n in known for n in rel.rows)]
    fixed = {name: split.values for name, split in chosen.items()}
    for rel in usable:
        if all(n in fixed for n in rel.rows) and not rel.holds(fixed):
            sol.ambiguous = {r.name: r.candidates for r in open_rows}
            return sol
    # only the relations that touch an open row can choose; rows no relation touches stay open
    open_names = {r.name for r in open_rows}
    deciding = [rel for rel in usable if open_names & set(rel.rows)]
    touched = {n for rel in deciding for n in rel.rows} & open_names
    undecidable = [r for r in open_rows if r.name not in touched]
    decidable = [r for r in open_rows if r.name in touched]
    sol.ambiguous = {r.name: r.candidates for r in undecidable}
    sol.consistent = {r.name for r in undecidable}
    size = 1
    for r in decidable:
        size *= len(r.candidates)
    if not decidable:
        return sol
    if size > limit:
        sol.ambiguous.update({r.name: r.candidates for r in decidable})
        return sol
    survivors = _survivors(decidable, deciding, fixed)
    for i, r in enumerate(decidable):
        options = {c[i].cells: c[i] for c in survivors}
        if len(options) == 1:
            sol.chosen[r.name] = next(iter(options.values()))
            sol.joint = True
        else:
            sol.ambiguous[r.name] = list(options.values()) if options else r.candidates
            if options:
                sol.consistent.add(r.name)
    return sol


def _survivors(rows: list[Row], relations: Sequence[CrossRelation],
               fixed: dict[str, tuple[Decimal, ...]]) -> list[tuple[Split, ...]]:
    """The combinations of the rows' candidates (in the order of itertools.product) that keep
    every relation, until more than one survives and every row has more than one split among
    them (all are then undecided whatever follows). A relation is tried once its last row has a
    candidate; a sum earlier too: what the rows still open can add at least and at most must be
    able to make it come out even, or no combination that starts so keeps it."""
    position = {r.name: i for i, r in enumerate(rows)}
    due: list[list[CrossRelation]] = [[] for _ in rows]
    sums = [rel for rel in relations if rel.terms]
    # per sum: what the fixed rows give, and per depth the terms of its row there
    partial = [sum((sign * fixed[r][c] for r, c, sign in rel.terms if r not in position), Decimal(0))
               for rel in sums]
    terms_at: list[list[tuple[int, int, int]]] = [[] for _ in rows]
    low = [[Decimal(0)] * len(rows) for _ in sums]   # what the rows after a depth add at least
    high = [[Decimal(0)] * len(rows) for _ in sums]  # and at most
    for k, rel in enumerate(sums):
        for r, c, sign in rel.terms:
            if r in position:
                terms_at[position[r]].append((k, c, sign))
                options = [sign * s.values[c] for s in rows[position[r]].candidates]
                for d in range(position[r]):
                    low[k][d] += min(options)
                    high[k][d] += max(options)
    for rel in relations:
        if not rel.terms:
            due[max(position[n] for n in rel.rows if n in position)].append(rel)
    values = dict(fixed)
    combo: list[Split] = []
    survivors: list[tuple[Split, ...]] = []
    seen: list[set] = [set() for _ in rows]  # per row, the splits among the survivors

    def extend(depth: int) -> bool:
        """False once the search may stop."""
        row = rows[depth]
        terms = terms_at[depth]
        for split in row.candidates:
            for k, c, sign in terms:
                partial[k] += sign * split.values[c]
            fits = all(low[k][depth] <= -partial[k] <= high[k][depth] for k, _, _ in terms)
            if fits:
                values[row.name] = split.values
                fits = all(rel.holds(values) for rel in due[depth])
            going = True
            if fits:
                combo.append(split)
                if depth + 1 < len(rows):
                    going = extend(depth + 1)
                else:
                    survivors.append(tuple(combo))
                    for i, s in enumerate(combo):
                        seen[i].add(s.cells)
                    going = not (len(survivors) > 1 and all(len(cells) > 1 for cells in seen))
                combo.pop()
            for k, c, sign in terms:
                partial[k] -= sign * split.values[c]
            if not going:
                return False
        return True

    extend(0)
    return survivors
