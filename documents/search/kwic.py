"""Keyword in context: every occurrence of the query's terms in the hits, with the characters
either side, one row each (the concordance view researchers read a word's uses in)."""
from dataclasses import dataclass

from .snippets import spans

CONTEXT_CHARS = 20


@dataclass
class Line:
    hit: object  # results.Hit
    left: str
    match: str
    right: str
    start: int  # the occurrence's offset in the section's text


def lines(hits, width=CONTEXT_CHARS):
    """One Line per occurrence of each hit's marked terms (hit.needles) in its section's text, in
    the hits' order then the text's; line breaks and runs of space read as one space."""
    out = []
    for hit in hits:
        text = hit.section.text
        for start, end, _ in spans(text, hit.needles):
            out.append(Line(
                hit,
                _flat(text[max(0, start - width) : start]),
                _flat(text[start:end]),
                _flat(text[end : end + width]),
                start,
            ))
    return out


def _flat(text):
    return " ".join(text.split())
