"""Highlighted headings and passages of the hits: the query's words marked where they occur,
as the index finds them.

A term is marked as a whole: 信息公开 (which the query language cuts into 信息 and 公开, each
required) is one mark where the text holds it, and a lone 信息 or 公开 elsewhere stays unmarked.
Only when a section holds the term nowhere whole (it matched with the words apart) are its
words marked one by one. Matches that touch or overlap are one mark, so a phrase found as two
adjacent terms is never split in two."""
import functools
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..ingest.searchindex import HAN, MAX_INDEXED_CHARS, UNIT, fold, is_han as _is_han

SNIPPET_CHARS = 160

_LETTER_OR_DIGIT = f"(?![{HAN}])[^\\W_]"  # one character of a non-Han unit


@functools.lru_cache(maxsize=256)
def _needle_pattern(needles: tuple):
    """One regex for all needles, longest first; a needle edged with a letter or digit must not
    continue a longer run of them (es does not light up inside test), as in the index."""
    parts = []
    for needle in sorted(set(needles), key=len, reverse=True):
        body = re.escape(needle)
        if UNIT.match(needle[0]) and not _is_han(needle[0]):
            body = f"(?<!{_LETTER_OR_DIGIT})" + body
        if UNIT.match(needle[-1]) and not _is_han(needle[-1]):
            body += f"(?!{_LETTER_OR_DIGIT})"
        parts.append(body)
    return re.compile("|".join(parts)) if parts else None


def term_needles(terms, text) -> list:
    """The strings to mark in `text` (a section's heading and body) for the query's terms
    (query.Term): each term whole, or its words one by one where the text holds it nowhere whole."""
    folded = fold(text)
    needles = []
    for term in terms:
        wholes = ["".join(variant) for variant in term.variants]
        found = [w for w in wholes if _needle_pattern((w,)) and _needle_pattern((w,)).search(folded)]
        needles += found or term.needles
    return list(dict.fromkeys(needles))


def spans(text, needles):
    """(start, end, matched) of every match, those touching or overlapping merged into one."""
    pattern = _needle_pattern(tuple(needles))
    if pattern is None:
        return []
    spans = []
    for m in pattern.finditer(fold(text)):
        if spans and m.start() <= spans[-1][1]:
            start, end, word = spans[-1]
            spans[-1] = (start, max(end, m.end()), word + m.group()[end - m.start() :])
        else:
            spans.append((m.start(), m.end(), m.group()))
    return spans


def _marked(text, spans):
    out, at = [], 0
    for start, end, _ in spans:
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def highlight(text: str, needles) -> str:
    """The whole text, escaped, with every match in <mark>."""
    return mark_safe(_marked(text, spans(text, needles)))


def snippet(text: str, needles, width=SNIPPET_CHARS) -> str:
    """The passage of `width` characters holding the most different needles (the earliest of
    those), escaped, with matches in <mark>; the start of the text when nothing matches."""
    text = " ".join(text[:MAX_INDEXED_CHARS].split())
    found = spans(text, needles)
    start = _best_window(found, width) if found else 0
    end = min(len(text), start + width)
    inside = [(a - start, b - start, w) for a, b, w in found if a >= start and b <= end]
    html = _marked(text[start:end], inside)
    return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))


def _best_window(spans, width):
    """Where the window of `width` characters holding the most different needles starts: a
    little before the first match it holds (one pass, the window's end moving forward)."""
    lead = width // 6
    best, start = -1, 0
    inside, last = {}, 0  # needle -> how many of its matches are in the window
    for i, (first, _, _) in enumerate(spans):
        begin = max(0, first - lead)
        while last < len(spans) and spans[last][1] <= begin + width:
            inside[spans[last][2]] = inside.get(spans[last][2], 0) + 1
            last += 1
        if len(inside) > best:
            best, start = len(inside), begin
        if i < last:  # the next window starts after this match
            word = spans[i][2]
            inside[word] -= 1
            if not inside[word]:
                del inside[word]
        else:  # a match longer than the window: never inside one
            last = i + 1
    return start
