"""Tables whose row labels come after their figures.

Pure: the segments tables.py cut a flattened table into (label cells, then the figures after
them) in; the same segments, or the segments re-paired, out.

A PDF extractor reading a table one cell a line can print a row's label after its figures: a
label cell whose text sits lower than the figures beside it (a long label, centred) comes
later in the reading order. Read as written, every row's figures then go to the row above:
each figure a wrong number. The signature is at both ends of the table: figures come before
any row label (right after the header cells), and a row label is left over after the last
figures. When a table shows both, it is read both ways (labels before, labels after their
figures) with the template, and the labels-after reading is taken only when it places more
cells with fewer problems; otherwise the table is read as written.
"""
from __future__ import annotations

import dataclasses
import re

from .patterns import SENTENCE as _SENTENCE

TRAILING_LABELS = 3   # lines after a table that may hold its last row's label
LABEL_MAX = 40
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,2}\s*(?:[、．]|\.(?!\d)))"
)


def trailing_labels(text: str, end: int) -> list[tuple[int, str]]:
    """The label lines right after a table block (ending at `end`): short lines without a
    sentence, the first possibly numbered, then only its wrapped rest (unnumbered)."""
    out = []
    for m in re.finditer(r"[^\n\r]+", text[end:]):
        line = m.group().strip()
        if not line:
            continue
        if len(out) >= TRAILING_LABELS or len(line) > LABEL_MAX or _SENTENCE.search(line) or "|" in line or "\t" in line:
            break
        if out and _NUMBERED.match(line):
            break
        out.append((end + m.start(), m.group()))
    return out


def orient(segments: list, trailing: list, read) -> tuple[list, bool]:
    """(segments, True) re-paired when the table's labels come after their figures, else
    (segments, False). `trailing` are the segments of the lines after the block (label cells
    only); `read(segments)` gives (cells placed, problems) for a list of segments."""
    if not segments or any(s.positional for s in segments):
        return segments, False
    with_values = [i for i, s in enumerate(segments) if s.values]
    if not with_values or not trailing or any(s.values for s in trailing):
        return segments, False
    leftover = [c for s in trailing for c in s.labels]
    if segments[-1].values and not leftover:
        return segments, False
    first = next(i for i, s in enumerate(segments) if s.values)
    if read(segments[:first + 1])[0]:
        return segments, False  # the first figures have a row label before them: read as written
    flipped = _best_flip(segments, leftover, read)
    if flipped is None:
        return segments, False
    placed, problems = read(segments)
    placed_flipped, problems_flipped = read(flipped)
    if placed_flipped > placed and problems_flipped < problems:
        return flipped, True
    return segments, False


def _best_flip(segments: list, leftover: list, read) -> list | None:
    """The labels-after reading that the template likes best. After a row's figures come its
    label (one to three cells: a wrapped label, a group's label and the row's) and then maybe
    the header cells of the next block (第二十条第(五)项 / 信息内容 / …): how many cells are the
    row's is chosen row by row, each choice the one that places most with fewest problems."""
    cells = [(s.labels, s.values) for s in segments]
    if cells[-1][1]:
        cells.append((leftover, []))
    elif leftover:
        cells[-1] = (cells[-1][0] + leftover, [])
    if any(not values for _, values in cells[:-1]):
        return None  # labels with no figures between two label runs: not this shape
    splits = [None] * (len(cells) - 1)  # cells of the following labels that are this row's (None: all)

    def build(splits):
        out, carry = [], []
        for i, (labels, values) in enumerate(cells[:-1]):
            following = cells[i + 1][0]
            n = len(following) if splits[i] is None else min(splits[i], len(following))
            head = labels if i == 0 else carry
            out.append(dataclasses.replace(segments[min(i, len(segments) - 1)], labels=head + following[:n], values=values))
            carry = following[n:]
        return out

    def score(splits):
        placed, problems = read(build(splits))
        return placed - problems

    best = score(splits)
    for i in range(len(splits)):
        for n in (1, 2, 3):
            trial = splits[:i] + [n] + splits[i + 1:]
            value = score(trial)
            if value > best:
                best, splits = value, trial
    return build(splits)


def reorder(segments: list, trailing: list, read) -> list:
    """tables.py's hook: the segments of a table block, re-paired when its labels come after
    their figures (see `orient`); `trailing` the segments of the labels after the block,
    `read` how the template reads segments: (cells placed, problems)."""
    segments, _ = orient(segments, trailing, read)
    return segments


def join_fragments(segments: list, read) -> list:
    """tables.py's hook for rows of separated cells (`-layout` rows made tab rows): a line of
    label text alone between two rows is the rest of a label its cell wrapped, of the row
    above or of the row below. It is joined where the template then places more with fewer
    problems (`read`: (cells placed, problems) of segments), and left alone where neither side
    does better."""
    # A numbered line is a label's start, never the rest of one: it may only join a row below
    # that holds the rest (`(二)部分公开(…不计其他情` ⏎ `形) | 2120 | 39 …`).
    fragments = [i for i, s in enumerate(segments) if not s.positional and not s.values and s.labels]
    if not fragments:
        return segments
    current = list(segments)

    def score(segs):
        placed, problems = read(segs)
        return placed - problems

    best = score(current)
    for i in fragments:
        fragment = segments[i]
        k = current.index(fragment)
        trials = []
        numbered = any(_NUMBERED.match(c.text) for c in fragment.labels)
        if k > 0 and current[k - 1].positional and current[k - 1].values and not numbered:
            before = dataclasses.replace(current[k - 1], labels=current[k - 1].labels + fragment.labels)
            trials.append(current[:k - 1] + [before] + current[k + 1:])
        below = current[k + 1] if k + 1 < len(current) else None
        # (a numbered line joins only a row that has the rest of a label, unnumbered: never the
        # bare figures of a table whose labels follow them)
        if below is not None and below.positional and below.values and (
                not numbered or (below.labels and not any(_NUMBERED.match(c.text) for c in below.labels))):
            after = dataclasses.replace(current[k + 1], labels=fragment.labels + current[k + 1].labels)
            trials.append(current[:k] + [after] + current[k + 2:])
        for trial in trials:
            value = score(trial)
            if value > best:
                best, current = value, trial
    return current
