"""Follow a number: one canonical metric (or a derived indicator) across publishers and years.

Values come straight from stored metrics; a year without a document or without the figure is
missing (None), never 0. Each value carries its document, the template format its tables were
read in, and whether that document fails any of its own checks.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .indicators import BY_SLUG
from .ingest.metric_keys import KEYS
from .models import Check, Document, Metric
from .querysets import DocumentQuerySet


@dataclass
class Point:
    value: object  # Decimal, or None when missing / not computable
    document: Document | None = None
    checks_failed: bool = False
    format: str = ""
    note: str = ""


@dataclass
class Row:
    publisher: object
    points: dict = field(default_factory=dict)  # year -> Point
    breaks: list = field(default_factory=list)  # years where the template format changes


def _format(document):
    formats = sorted({t.get("format") for t in document.tables or [] if t.get("format")})
    return "/".join(formats)


def explore(documents, key=None, indicator=None):
    """Rows (one per publisher) × years for `key` or `indicator` over `documents`."""
    measure = BY_SLUG[indicator] if indicator else None
    keys = measure.inputs if measure else [key]
    # The newest version of each publisher's report for a year; superseded ones stay out.
    # Only what a row needs: the texts and the raw file stay in the database.
    documents = list(
        documents.filter(superseded_by__isnull=True).select_related("publisher")
        .defer(*(name for name in DocumentQuerySet.HEAVY_FIELDS if name != "tables"))
    )
    by_doc = {}
    for m in Metric.objects.filter(document__in=documents, key__in=keys, source__in=["table", "derived"]).order_by("id"):
        by_doc.setdefault(m.document_id, {}).setdefault(m.key, m.value)
    failing = set(Check.objects.filter(document__in=documents, passed=False).values_list("document_id", flat=True))

    rows, years = {}, set()
    for d in sorted(documents, key=lambda d: (d.publisher.region, d.publisher.name, d.year or 0, -d.version)):
        if d.year is None:
            continue
        if d.year in rows.get(d.publisher_id, Row(None)).points:
            continue  # one value per publisher and year: the newest version came first
        values = by_doc.get(d.pk, {})
        fmt = _format(d)
        if not values and not fmt:
            continue  # no standard tables at all: nothing to say for this year
        if measure:
            value, note = measure.compute(values)
        else:
            value, note = values.get(key), ""
            if value is None:
                note = gettext("文件未写明这一数字（其统计表为 %(year)s 年格式）") % {"year": fmt}
        row = rows.setdefault(d.publisher_id, Row(d.publisher))
        row.points[d.year] = Point(value, d, d.pk in failing, fmt, note or "")
        years.add(d.year)
    year_list = list(range(min(years), max(years) + 1)) if years else []
    same = all(KEYS[k].same_across_formats for k in keys if k in KEYS)
    for row in rows.values():
        for year in year_list:
            row.points.setdefault(year, Point(None))
        if not same:
            previous = None
            for year in year_list:
                fmt = row.points[year].format
                if fmt and previous and fmt != previous:
                    row.breaks.append(year)
                previous = fmt or previous
    return list(rows.values()), year_list

