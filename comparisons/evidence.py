"""Plan against report: for each commitment of a work plan, the report passage that best
shows it done, with a status a reader can trust at a glance."""
import math
import re
from collections import Counter
from dataclasses import dataclass

from .textnorm import words

FOUND = 0.5
WEAK = 0.3
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


@dataclass(frozen=True)
class Passage:
    anchor: str  # where it is in the report, e.g. s-3
    text: str


@dataclass(frozen=True)
class Evidence:
    status: str  # "found" | "weak" | "none"
    score: float
    passage: Passage | None


def passages_from_sections(sections) -> list[Passage]:
    """Sentences of the report's sections (objects with order and text), in reading order."""
    out = []
    for s in sections:
        for m in _SENTENCE.finditer(s.text or ""):
            sentence = m.group(0).strip()
            if len(sentence) >= 8:
                out.append(Passage(f"s-{s.order}", sentence))
    return out


def _idf(passages):
    """How telling a word is, judged on the report itself: words in many of its sentences
    (公开, 信息, 工作) weigh little; words it never uses weigh most."""
    df = Counter(w for bag in passages for w in bag)
    n = len(passages)
    return lambda w: math.log((n + 1) / (df.get(w, 0) + 1))


def coverage(commitment: set, passage: set, idf: dict) -> float:
    """Share of the commitment's words (weighted by how telling they are) the passage has.
    Asymmetric on purpose: a report sentence says more than the commitment it fulfils."""
    total = sum(idf(w) for w in commitment) or 1.0
    return sum(idf(w) for w in commitment & passage) / total


def evidence(commitments: list[str], passages: list[Passage]) -> list[Evidence]:
    if not passages:
        return [Evidence("none", 0.0, None) for _ in commitments]
    plan = [set(words(t)) for t in commitments]
    report = [set(words(p.text)) for p in passages]
    idf = _idf(report)
    results = []
    for bag in plan:
        scores = [coverage(bag, r, idf) for r in report]
        best = max(range(len(scores)), key=lambda k: (scores[k], -k))
        score = round(scores[best], 4)
        status = "found" if score >= FOUND else "weak" if score >= WEAK else "none"
        results.append(Evidence(status, score, passages[best] if status != "none" else None))
    return results
