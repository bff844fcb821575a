"""Plan against report: for each commitment of a work plan, the report passage that best
shows it done, with a status a reader can trust at a glance."""
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from .synonyms import normalize
from .textnorm import canonical, words

FOUND = 0.45
WEAK = 0.3
SUBJECT_WEIGHT = 0.6
_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z]")  # figures and dates differ between plan and report


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
    """Sentences of the report's sections (objects with order, heading and text), in reading
    order; a heading counts as a sentence, since a report often names what it did there
    (1.推进财政预算决算和公共资金公开) and says how in its text."""
    out = []
    for s in sections:
        heading = (getattr(s, "heading", "") or "").strip()
        if len(heading) >= 4:
            out.append(Passage(f"s-{s.order}", heading + "。"))
        for m in _SENTENCE.finditer(s.text or ""):
            sentence = m.group(0).strip()
            if len(sentence) >= 8:
                out.append(Passage(f"s-{s.order}", sentence))
    return out


# A report is checked against every plan compared with it: its sentences' features are read
# once per process (a few thousand sentences' worth), not once per comparison.
@functools.lru_cache(maxsize=4096)
def _features(text: str) -> frozenset:
    """Character bigrams and words of the text read through the synonym list (公布 = 发布):
    a report says 制订发布…事项目录 where the plan said 确定并发布本单位…事项目录."""
    read = normalize(canonical(text))
    plain = "".join(_KEEP.findall(read))
    grams = {plain[k : k + 2] for k in range(len(plain) - 1)}
    return frozenset(grams | {"w:" + w for w in words(read) if len(w) > 1})


def _idf(bags):
    """How telling a feature is, judged on the plan's and the report's sentences together:
    what either document says everywhere (公开, 信息, 区政府各部门、街道要) weighs little, so a
    plan's boilerplate no report repeats does not outweigh the subject of the commitment."""
    df = Counter(f for bag in bags for f in bag)
    n = len(bags)
    return lambda f: math.log((n + 1) / (df.get(f, 0) + 0.5))


def _windows(passages):
    """Each sentence, and each sentence with the next one of its section: a report often
    names the act in one sentence and its object in the next."""
    out = list(passages)
    for first, second in zip(passages, passages[1:]):
        if first.anchor == second.anchor:
            out.append(Passage(first.anchor, first.text + second.text))
    return out


def evidence(commitments: list, passages: list[Passage]) -> list[Evidence]:
    """Each commitment (its text, or (subject, sentence): what is promised and the sentence
    promising it) with the report passage that best shows it done. The score weighs the
    subject's coverage most; a commitment given as text alone is its own subject."""
    if not passages:
        return [Evidence("none", 0.0, None) for _ in commitments]
    pairs = [(c, c) if isinstance(c, str) else (c[0] or c[1], c[1] or c[0]) for c in commitments]
    candidates = _windows(passages)
    report = [_features(p.text) for p in candidates]  # the passages first, then their pairs
    cores = [_features(core) for core, _ in pairs]
    contexts = [_features(context) for _, context in pairs]
    idf = _idf(report[: len(passages)] + contexts)
    # A passage's coverage of a commitment: the share of the commitment's features (weighted by
    # how telling they are) the passage has. Asymmetric on purpose: a report sentence says more
    # than the commitment it fulfils. Each feature's weight and each commitment's total are
    # computed once, not once per passage.
    weight = {f: idf(f) for bag in (*cores, *contexts) for f in bag}.__getitem__
    results = []
    for core, context in zip(cores, contexts):
        core_total = sum(weight(w) for w in core) or 1.0
        context_total = sum(weight(w) for w in context) or 1.0
        scores = [
            SUBJECT_WEIGHT * (sum(weight(w) for w in core & r) / core_total)
            + (1 - SUBJECT_WEIGHT) * (sum(weight(w) for w in context & r) / context_total)
            for r in report
        ]
        # The best score; among near-equals, the shortest passage (one sentence over two).
        top = max(scores)
        best = min((k for k, v in enumerate(scores) if v >= top - 0.01), key=lambda k: (len(candidates[k].text), k))
        score = round(scores[best], 4)
        status = "found" if score >= FOUND else "weak" if score >= WEAK else "none"
        results.append(Evidence(status, score, candidates[best] if status != "none" else None))
    return results
