"""Script: tell 繁體 from 简体 and bring traditional text to mainland simplified usage.

Conversion is phrase-level (OpenCC tw2sp: 檔案 -> 文件, 最佳化 -> 优化), then the project's
own phrase list for disclosure vocabulary OpenCC misses. Simplified text is never passed
through a converter: a round trip would only risk damage.
"""
import difflib
import functools
import operator
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import opencc

_DATA = Path(__file__).parent / "data"


@functools.cache
def _converter(config):
    return opencc.OpenCC(config)


@functools.cache
def _char_table(name):
    """OpenCC's one-character table (first candidate), e.g. TSCharacters: 據 -> 据."""
    table = {}
    path = Path(os.path.dirname(opencc.__file__)) / "dictionary" / f"{name}.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0] if values else ""
        if len(key) == 1 and len(first) == 1 and key != first:
            table[ord(key)] = first
    return table


@functools.cache
def _project_phrases():
    pairs = []
    for line in (_DATA / "phrases_tw2s.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            src, dst = line.split("\t")
            pairs.append((src, dst))
    pairs.sort(key=lambda p: -len(p[0]))
    pattern = re.compile("|".join(re.escape(src) for src, _ in pairs))
    return pattern, dict(pairs)


@functools.lru_cache(maxsize=64)  # the stages ask again for the view of the same line or text
def simplified_chars(text: str) -> str:
    """Character-by-character simplified view of `text`, the same length, for matching only."""
    codes = _bmp_codes(text)
    if not _has_traditional(text, codes):
        return text  # (what translating it would give, at less than half the cost)
    if codes is not None:
        return _bmp_arrays()[1][codes].tobytes().decode("utf-32-le", "surrogatepass")
    return text.translate(_char_table("TSCharacters"))


def _has_traditional(text: str, codes) -> bool:
    """Does `text` hold a character that exists only in traditional script? `codes`: its
    _bmp_codes."""
    if codes is not None:
        return bool(_bmp_arrays()[0][codes].any())
    return not _traditional_only().isdisjoint(text)


# From this length on, a text is looked up as an array of code points: the stages ask for the
# view of whole texts several times, and per character an array costs a tenth of str.translate.
_ARRAY_FROM = 256


def _bmp_codes(text: str):
    """The code points of a long text as an array, or None for a short one or one holding a
    character beyond the Basic Multilingual Plane (a UTF-16 unit is then not a character)."""
    if len(text) < _ARRAY_FROM:
        return None
    data = text.encode("utf-16-le", "surrogatepass")
    if len(data) != 2 * len(text):
        return None
    return np.frombuffer(data, dtype="<u2")  # (little-endian, as encoded, on any machine)


@functools.cache
def _bmp_arrays():
    """TSCharacters over the Basic Multilingual Plane, by code point: whether the character is
    traditional only, and its first candidate (a code point of any plane)."""
    traditional = np.zeros(0x10000, dtype=bool)
    first = np.arange(0x10000, dtype="<u4")  # (little-endian, as decoded)
    for code, char in _char_table("TSCharacters").items():
        if code < 0x10000:
            traditional[code] = True
            first[code] = ord(char)
    return traditional, first


@functools.cache
def _deleting(name):
    return dict.fromkeys(_char_table(name))


@functools.cache
def _traditional_only():
    return frozenset(map(chr, _char_table("TSCharacters")))


def detect_script(text: str) -> str:
    """'traditional' when more characters exist only in traditional than only in simplified."""
    # Most text has none of them, which is settled faster than counting.
    if not _has_traditional(text, _bmp_codes(text)):
        return "simplified"
    # Counted by what deleting them takes away: str.translate runs in C.
    trad = len(text) - len(text.translate(_deleting("TSCharacters")))
    simp = len(text) - len(text.translate(_deleting("STCharacters")))
    return "traditional" if trad > simp else "simplified"


@dataclass
class Conversion:
    text: str
    script: str
    changed_chars: int = 0
    phrases: dict = field(default_factory=dict)  # "檔案→文件" -> count, for the report


def to_simplified(text: str, script: str | None = None) -> Conversion:
    script = script or detect_script(text)
    if script != "traditional":
        return Conversion(text, script)
    converted = convert_traditional(text)
    conversion = Conversion(converted, script)
    _count_changes(text, converted, conversion)
    return conversion


def convert_traditional(text):
    """OpenCC tw2sp between the project's phrases, which are put in as they are listed."""
    pattern, table = _project_phrases()
    convert = _converter("tw2sp").convert
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(convert(text[pos : m.start()]))
        out.append(table[m.group(0)])
        pos = m.end()
    out.append(convert(text[pos:]))
    return "".join(out)


def _sentences(olds, char_levels, news):
    """The lines side by side; a long line (a collapsed page) sentence by sentence when all
    three have the same sentences, since difflib's time grows with the square of a line."""
    for old, char_level, new in zip(olds, char_levels, news):
        if len(char_level) > 1000 and char_level != new:
            parts = [s.split("。") for s in (old, char_level, new)]
            if len(parts[0]) == len(parts[1]) == len(parts[2]):
                yield from zip(*parts)
                continue
        yield old, char_level, new


def _count_changes(before, after, conversion):
    """Count changed characters, and list the changes a character table alone would not make
    (檔案→文件, 最佳化→优化): those are the ones a reader may want to check."""
    by_char = simplified_chars(before)
    conversion.changed_chars = sum(map(operator.ne, before, by_char))
    # Line by line: conversion keeps line breaks, and short sequences keep difflib fast.
    for old, char_level, new in _sentences(before.split("\n"), by_char.split("\n"), after.split("\n")):
        if char_level == new:
            continue
        matcher = difflib.SequenceMatcher(None, char_level, new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                key = f"{old[i1:i2]}→{new[j1:j2]}"
                conversion.phrases[key] = conversion.phrases.get(key, 0) + 1
