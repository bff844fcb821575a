"""Follow a number: one canonical metric (or a derived indicator) across publishers and years.

Values come straight from stored metrics; a year without a document or without the figure is
missing (None), never 0. Each value carries its document, the template format its tables were
read in, and whether that document fails any of its own checks.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext

from . import bodies, crossyear
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
    # Failed checks between this value's report and the year before's or after's that hold this
    # figure (documents/crossyear.py): [{name, detail, url}], the url the finding on the page.
    cross_year: list = field(default_factory=list)


@dataclass
class Row:
    publisher: object
    points: dict = field(default_factory=dict)  # year -> Point
    breaks: list = field(default_factory=list)  # years where the template format changes
    names: list = field(default_factory=list)  # every publisher name its reports were stored under


def _format(document):
    formats = sorted({t.get("format") for t in document.tables or [] if t.get("format")})
    return "/".join(formats)


def _mark_cross_year(rows, keys):
    """Mark both values of a pair whose cross-year check fails, where the check reads the figure
    shown (or, for an indicator, one of its inputs)."""
    shown = {point.document.pk: point for row in rows.values() for point in row.points.values() if point.document}
    if not shown:
        return
    found = crossyear.all_checks()
    seen = set()
    for pk in shown:
        for check in found.get(pk, ()):
            if check.passed or (check.name, check.document_id) in seen:
                continue
            seen.add((check.name, check.document_id))
            for key in keys:
                for year in check.pair_years(key):
                    document_id = check.document_id if year == check.year else check.previous_id
                    point = shown.get(document_id)
                    if point is not None and not any(c["name"] == check.name and c["year"] == check.year for c in point.cross_year):
                        point.cross_year.append({
                            "name": check.name, "year": check.year, "previous_year": check.previous_year,
                            "detail": check.sentence(), "url": f"{point.document.get_absolute_url()}#cross-year",
                        })


def explore(documents, key=None, indicator=None):
    """Rows (one per publisher) × years for `key` or `indicator` over `documents`."""
    measure = BY_SLUG[indicator] if indicator else None
    keys = measure.inputs if measure else [key]
    # `documents` are current versions (Document.objects.current()): superseded ones stay out.
    # Only what a row needs: the texts and the raw file stay in the database.
    documents = list(
        documents.select_related("publisher").defer(*(name for name in DocumentQuerySet.HEAVY_FIELDS if name != "tables"))
    )
    by_doc = {}
    for m in Metric.objects.filter(document__in=documents, key__in=keys, source__in=["table", "derived"]).order_by("id"):
        by_doc.setdefault(m.document_id, {}).setdefault(m.key, m.value)
    failing = set(Check.objects.filter(document__in=documents, passed=False).values_list("document_id", flat=True))

    # One reporting body stored under several publisher names is one row (documents/bodies.py).
    body = bodies.body_map({d.publisher.region for d in documents})
    rows, years = {}, set()
    for d in sorted(documents, key=lambda d: (d.publisher.region, body.get(d.publisher_id, d.publisher_id), d.year or 0, -d.version)):
        if d.year is None:
            continue
        own = body.get(d.publisher_id, d.publisher_id)
        if d.year in rows.get(own, Row(None)).points:
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
        row = rows.setdefault(own, Row(d.publisher))
        row.publisher = d.publisher  # the name of its latest report (years come in order)
        if d.publisher.name not in row.names:
            row.names.append(d.publisher.name)
        row.points[d.year] = Point(value, d, d.pk in failing, fmt, note or "")
        years.add(d.year)
    _mark_cross_year(rows, keys)
    year_list = list(range(min(years), max(years) + 1)) if years else []
    same = all(KEYS[k].same_across_formats for k in keys if k in KEYS)
    for row in rows.values():
        for year in year_list:
            row.points.setdefault(year, Point(None))
        if not same:
            row.breaks = format_changes(row.points, year_list)
    return list(rows.values()), year_list


def format_changes(points, years):
    """The years whose report's tables are in another template than the last report before."""
    changes, previous = [], None
    for year in years:
        fmt = points[year].format if year in points else ""
        if fmt and previous and fmt != previous:
            changes.append(year)
        previous = fmt or previous
    return changes

