"""Corrections of what OCR commonly misreads, made only where the context leaves one reading.

Pure: cleaning steps (edits.EditedText in, report entries out), run first on a text read by
OCR (pipeline.py passes them to clean.clean), so every correction is an edit against the text
as the recognizer gave it: the original page shows what was read and what it became.

* A letter among digits: `2O22年`, `l5件`. A run of digits and lookalike letters (O, o for 0;
  l, I for 1) that touches no other letter is a number when it holds more digits than letters,
  or when a counter follows (年, 件, 个, %) and it holds as many digits or starts with one
  (`l5件`, `1OO%`). `O2O`, `COVID-19`, `IPv6`, `ISO9001`, `第lO届` stay.
* A place name one character off: `上海市杨捕区` is 上海市杨浦区 when 上海市 has exactly one
  district one character away from 杨捕区 with the same ending, and none spelled so; `上海巿
  杨浦区` is 上海市杨浦区 when 杨浦区's parent is one character away from what stands before it.
  The ending (省, 市, 区, 县) must be read right, or as its one known lookalike (巿 for 市).
  The gazetteer is metadata's (data/divisions.tsv).
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import metadata
from .report import record

_LOOKALIKE = {"O": "0", "o": "0", "l": "1", "I": "1"}
_DIGITS = "0-9０-９"
_RUN = re.compile(rf"(?<![A-Za-z{_DIGITS}.])[{_DIGITS}OolI]+(?:\.[{_DIGITS}OolI]+)?(?![A-Za-z{_DIGITS}])")
# What follows a count or a date in these reports: a figure read with letters before one of
# these is a figure.
_COUNTERS = set("年月日号件个条次项人家户元万亿%％余多")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def letters_in_numbers(edited, result):
    """`2O22年` -> `2022年`: lookalike letters inside a number turned into its digits."""
    text = edited.text
    changes, examples = [], []
    for m in _RUN.finditer(text):
        run = m.group(0)
        letters = sum(ch in _LOOKALIKE for ch in run)
        digits = sum(ch.isdigit() for ch in run)
        if not letters or not digits:
            continue
        counted = text[m.end():m.end() + 1] in _COUNTERS
        if not (digits > letters or counted and (digits == letters or run[0].isdigit())):
            continue
        fixed = "".join(_LOOKALIKE.get(ch, ch) for ch in run)
        changes.append((m.start(), m.end(), fixed))
        examples.append(f"{run}→{fixed}")
    record(result, "ocr_letters_in_numbers", edited.apply("ocr_letters_in_numbers", changes), examples)


@lru_cache(maxsize=1)
def _children() -> dict[str, list]:
    """The divisions under each division, by the parent's code."""
    out: dict[str, list] = {}
    for division in metadata.gazetteer().by_code.values():
        if division.parent:
            out.setdefault(division.parent, []).append(division)
    return out


# A division's last character read as a lookalike: 巿 (fú, a knee-cover) for 市 is the
# recognizer's commonest slip in a place name. Any other last character must be read right:
# 上海的长宁区 is no misread 上海市.
_ENDING_LOOKALIKES = {"巿": "市"}


def _one_off(name: str, read: str) -> bool:
    """`read` is `name` with one character misread; its last character (省, 市, 区, 县: what
    says it is a place) is right or its lookalike."""
    if len(name) != len(read) or sum(x != y for x, y in zip(name, read)) != 1:
        return False
    return read[-1] == name[-1] or _ENDING_LOOKALIKES.get(read[-1]) == name[-1]


def _child_misread(text: str, at: int, parent) -> tuple[int, str] | None:
    """(length, name) of the one child of `parent` that the text at `at` misreads by one
    character (same length, same last character); None when the text spells a child, or
    when no child, or more than one, is one character away."""
    children = _children().get(parent.code, [])
    for length in sorted({len(c.name) for c in children}, reverse=True):
        span = text[at:at + length]
        if len(span) < length or not all(_CJK.match(ch) for ch in span):
            continue
        if any(c.name == span for c in children):
            return None  # spelled right
        near = [c.name for c in children if _one_off(c.name, span)]
        if len(near) == 1:
            return length, near[0]
    return None


def place_names(edited, result):
    """A division's name misread by one character, next to its parent's or its child's name
    (see the module's docstring)."""
    text = edited.text
    gazetteer = metadata.gazetteer()
    changes, examples, taken = [], [], 0
    pos = 0
    while pos < len(text):
        if not _CJK.match(text[pos]):
            pos += 1
            continue
        step = 1
        for length, hits in gazetteer.names_at(text, pos):
            full = [d for d in hits if d.name == text[pos:pos + length]]
            if not full:
                continue
            # a parent spelled right, its child misread after it
            found = {_child_misread(text, pos + length, d) for d in full} - {None}
            if len(found) == 1:
                (n, name), = found
                start = pos + length
                changes.append((start, start + n, name))
                examples.append(f"{text[pos:start + n]}→{text[pos:start]}{name}")
                taken, step = start + n, length + n
                break
            # a child spelled right, its parent misread before it
            parents = {gazetteer.by_code[d.parent].name for d in full if d.parent}
            near = [p for p in parents if pos - len(p) >= taken and _one_off(p, text[pos - len(p):pos])]
            if len(near) == 1 and text[pos - len(near[0]):pos] not in gazetteer.by_name:
                start = pos - len(near[0])
                changes.append((start, pos, near[0]))
                examples.append(f"{text[start:pos + length]}→{near[0]}{text[pos:pos + length]}")
                taken, step = pos + length, length
                break
            step = length  # a name spelled right, and right beside what it belongs to
            break
        pos += step
    record(result, "ocr_place_names", edited.apply("ocr_place_names", changes), examples)


STEPS = [letters_in_numbers, place_names]
