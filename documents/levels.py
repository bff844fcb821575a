"""Between levels: a figure a government's report states for its whole region (全市共收到政府信息
公开申请34290件) next to the sum of the same figure in the reports of the governments one level
below it that the portal holds for that year, with the coverage stated.

Never a verdict: a region-wide total also counts the upper level's own departments, and the
portal seldom holds every lower government's report; the two are only put side by side, with how
many of the lower governments (as the gazetteer knows them) are covered.

A region-wide figure is a narrative figure with a key whose clause names the region as a whole
(全 + the region's last character: 全市, 全区, 全县, 全省) before the figure; a lower government's
figure is the one its own tables give (a table cell or a derived sum), of the same key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .ingest.metadata import gazetteer
from .ingest.metric_keys import KEYS
from .models import Document, Metric, Publisher

GOVERNMENT_LEVELS = (Publisher.Level.PROVINCE, Publisher.Level.CITY, Publisher.Level.DISTRICT)
CLAUSE_END = re.compile(r"[，,；;。：:！!？?]")


@lru_cache(maxsize=1)
def _regions():
    """{region as stored (the path's names joined): (code, the codes of the divisions under it)}."""
    places = gazetteer()
    by_path, children = {}, {}
    for division in places.by_code.values():
        by_path["".join(d.name for d in places.path(division))] = division.code
        if division.parent:
            children.setdefault(division.parent, set()).add(division.code)
    return by_path, children


def lower_regions(region):
    """The stored region names of the divisions directly under `region`; None when the
    gazetteer does not know it."""
    by_path, children = _regions()
    code = by_path.get(region)
    if code is None:
        return None
    names = {c: p for p, c in by_path.items()}
    return {names[c] for c in children.get(code, ())}


def scope_word(region):
    """全市 for 上海市 or 广东省广州市, 全区 for 上海市杨浦区, 全县, 全省."""
    return f"全{region[-1]}" if region else None


def figure_at(sentence, raw, value):
    """Where the figure stands in its sentence: as written (`raw`), else its digits when they
    occur there once and not as part of another number; None when unsure."""
    if raw:
        at = sentence.find(raw)
        return at if at >= 0 else None
    if value is None:
        return None
    from .crossyear import _n

    found = list(re.finditer(rf"(?<![\d.,]){re.escape(_n(value))}(?![\d.,]\d)", sentence))
    return found[0].start() if len(found) == 1 else None


def is_region_wide(sentence, raw, scope, value=None):
    """Whether the clause holding the figure names the whole region before it."""
    if not (sentence and scope):
        return False
    at = figure_at(sentence, raw, value)
    if at is None:
        return False
    clause = CLAUSE_END.split(sentence[:at])[-1]
    return scope in clause


@dataclass
class LevelComparison:
    key: str
    label: str
    stated: object                        # the region-wide figure (Decimal)
    sentence: str
    children: list = field(default_factory=list)   # [(Document, value)]
    expected: int | None = None           # governments directly under the region (gazetteer)

    @property
    def total(self):
        return sum((value for _, value in self.children), start=Decimal(0))

    @property
    def complete(self):
        return self.expected is not None and len(self.children) >= self.expected

    def coverage(self):
        if self.expected is None:
            return f"已收录 {len(self.children)} 个下级政府的报告（下级总数不详）"
        return f"已收录 {len(self.children)}/{self.expected} 个下级政府的报告"

    def sentence_zh(self, year):
        from .crossyear import _n

        note = ("下级报告齐全，但全域数字还包括本级部门，差额仅供参考" if self.complete
                else "覆盖不全，不作比较判断")
        return (f"{year}年报告所述全域“{self.label}”{_n(self.stated)}，"
                f"{self.coverage()}，合计 {_n(self.total)}（{note}）。")


def region_wide_figures(document):
    """{key: Metric} of the figures a government's annual report states for its whole region."""
    publisher = document.publisher
    if (document.kind != Document.Kind.ANNUAL_REPORT or not document.year
            or publisher.level not in GOVERNMENT_LEVELS or not publisher.region):
        return {}
    scope = scope_word(publisher.region)
    stated = {}
    for metric in (Metric.objects.filter(document=document, source=Metric.Source.NARRATIVE, key__in=list(KEYS))
                   .order_by("id").only("key", "value", "raw", "sentence")):
        if metric.key not in stated and is_region_wide(metric.sentence, metric.raw, scope, metric.value):
            stated[metric.key] = metric
    return stated


def for_document(document):
    """[LevelComparison] for a government's current annual report that states region-wide
    figures, where the portal holds at least one lower government's report of that year."""
    publisher = document.publisher
    stated = region_wide_figures(document)
    if not stated:
        return []
    lower = lower_regions(publisher.region)
    children = (
        Document.objects.current().summaries()
        .filter(kind=Document.Kind.ANNUAL_REPORT, year=document.year, publisher__level__in=GOVERNMENT_LEVELS)
        .exclude(publisher=publisher)
    )
    if lower is not None:
        children = children.filter(publisher__region__in=lower)
    else:
        children = children.filter(publisher__region__startswith=publisher.region).exclude(publisher__region=publisher.region)
    children = {d.pk: d for d in children}
    values = {}
    for document_id, key, value in (
        Metric.objects.filter(document_id__in=list(children), key__in=list(stated),
                              source__in=(Metric.Source.TABLE, Metric.Source.DERIVED))
        .order_by("id").values_list("document_id", "key", "value")
    ):
        values.setdefault((document_id, key), value)
    # One report per lower government: two current reports of one of them would be counted twice.
    per_publisher = {}
    for child in children.values():
        per_publisher.setdefault(child.publisher_id, []).append(child)
    single = [docs[0] for docs in per_publisher.values() if len(docs) == 1]
    out = []
    for key, metric in stated.items():
        found = [(child, values[(child.pk, key)]) for child in single if (child.pk, key) in values]
        if found:
            out.append(LevelComparison(key, KEYS[key].label, metric.value, metric.sentence, found,
                                       len(lower) if lower else None))
    return out


def as_json(document, absolute):
    return [
        {
            "key": c.key, "label": c.label, "stated": c.stated, "sentence": c.sentence,
            "children_total": c.total, "children": len(c.children), "expected_children": c.expected,
            "complete": c.complete,
            "reports": [{"document": d.slug, "publisher": d.publisher.name, "value": v,
                         "url": absolute(d.get_absolute_url())} for d, v in c.children],
            "detail": c.sentence_zh(document.year),
        }
        for c in for_document(document)
    ]
