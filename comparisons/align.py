"""Match the sections of two documents by content and topic.

Each unit (a section, or an implicit sub-section: a paragraph opening with its own short topic
sentence, as in 积极推进决策公开。...) becomes a TF-IDF vector over canonical words; similarity is
cosine, blended with the overlap of the units' topics; an optimal one-to-one assignment
(scipy's linear_sum_assignment) pairs them, and a pair below the threshold is split into
"only in A" and "only in B".
"""
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from pathlib import Path

import jieba
import numpy as np
from scipy.optimize import linear_sum_assignment

from documents.ingest import topics as topic_list

from .textnorm import words

THRESHOLD = 0.18
TOPIC_WEIGHT = 0.25
# A paragraph opening with a short sentence that names its topic: 积极推进决策公开。
_TOPIC_SENTENCE = re.compile(r"^([^。，,；;：:\n]{4,30})[。．.]")


@dataclass
class Unit:
    key: str  # stable within its document: the section order, or order.paragraph
    number: str
    heading: str
    text: str
    topics: tuple = ()
    anchor: str = ""  # the reader's anchor of the section it belongs to
    vector: dict = field(default_factory=dict, repr=False)


@dataclass(frozen=True)
class Pair:
    a: int | None  # index into the A units, None when only in B
    b: int | None
    similarity: float


def units_from_sections(sections) -> list[Unit]:
    """Sections (objects with order, number, heading, text) to comparison units, each with the
    topics of its own heading and text (a paragraph-unit has its own, not its section's)."""
    units = []
    for s in sections:
        anchor = f"s-{s.order}"
        paragraphs = [p for p in (s.text or "").split("\n") if p.strip()]
        openers = [_TOPIC_SENTENCE.match(p) for p in paragraphs]
        if len(paragraphs) >= 3 and all(openers):
            for k, (p, m) in enumerate(zip(paragraphs, openers), 1):
                body = p[m.end():]
                units.append(Unit(f"{s.order}.{k}", s.number, m.group(1), body, anchor=anchor))
        elif (s.text or "").strip():
            units.append(Unit(str(s.order), s.number, s.heading, s.text, anchor=anchor))
    for unit in units:
        unit.topics = tuple(topic_list.assign(unit.heading, unit.text))
    return units


@functools.cache
def _general_idf():
    """IDF of words over a large general Chinese corpus: the table jieba ships for keyword
    extraction. Unknown words get the median, as jieba itself does."""
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, value = line.partition(" ")
        if value:
            table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2]


def vectorize(units_a, units_b, document_frequency=None, documents=None):
    """TF-IDF vectors. A word's weight is its IDF over a general corpus (how telling it is in
    Chinese at large) times its IDF over the units compared, or over the corpus of stored
    sections when `document_frequency` is given (word -> units containing it), so that words
    every disclosure section uses (公开, 信息, 工作) weigh little."""
    bags = [Counter(words(u.heading) * 2 + words(u.text)) for u in units_a + units_b]
    if document_frequency is None:
        document_frequency = Counter(w for bag in bags for w in bag)
        documents = len(bags)
    general, median = _general_idf()
    for unit, bag in zip(units_a + units_b, bags):
        vec = {
            w: (1 + math.log(n))
            * general.get(w, median)
            * (math.log((documents + 1) / (document_frequency.get(w, 0) + 1)) + 1)
            for w, n in bag.items()
        }
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        unit.vector = {w: v / norm for w, v in vec.items()}


def similarity(a: Unit, b: Unit) -> float:
    small, large = (a.vector, b.vector) if len(a.vector) <= len(b.vector) else (b.vector, a.vector)
    cosine = sum(v * large.get(w, 0.0) for w, v in small.items())
    if a.topics and b.topics:
        overlap = len(set(a.topics) & set(b.topics)) / len(set(a.topics) | set(b.topics))
        return round((1 - TOPIC_WEIGHT) * cosine + TOPIC_WEIGHT * overlap, 6)
    return round(cosine, 6)


def align(units_a, units_b, threshold=THRESHOLD, document_frequency=None, documents=None) -> list[Pair]:
    """Pairs in reading order of A, with B's unmatched units placed after the A unit their
    predecessor in B was matched to."""
    if not units_a or not units_b:
        return [Pair(i, None, 0.0) for i in range(len(units_a))] + [Pair(None, j, 0.0) for j in range(len(units_b))]
    vectorize(units_a, units_b, document_frequency, documents)
    sim = np.array([[similarity(a, b) for b in units_b] for a in units_a])
    rows, cols = linear_sum_assignment(-sim)
    match_a = {}
    for i, j in zip(rows, cols):
        if sim[i, j] >= threshold:
            match_a[int(i)] = int(j)
    matched_b = {j: i for i, j in match_a.items()}

    pairs = []
    placed_b = set()
    for i in range(len(units_a)):
        j = match_a.get(i)
        pairs.append(Pair(i, j, float(sim[i, j]) if j is not None else 0.0))
        if j is not None:
            placed_b.add(j)
            # B's unmatched units that follow j directly come next.
            k = j + 1
            while k < len(units_b) and k not in matched_b:
                pairs.append(Pair(None, k, 0.0))
                placed_b.add(k)
                k += 1
    leading = [Pair(None, k, 0.0) for k in range(len(units_b)) if k not in placed_b]
    return leading + pairs
