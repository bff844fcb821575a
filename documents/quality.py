"""The data-quality view's rows: every current annual report (one publisher, one year) with what
is known about how well it was read: its own 勾稽 checks, its checks against the years before and
after, the statutory parts it lacks, and the table cells left unplaced or ambiguous.

The warnings are the parser's sentences stored on the document (documents/ingest/statutory.py,
documents/ingest/tables.py); they are counted here by the words those stages end them with.
"""
import re

from django.core.cache import cache
from django.db.models import Count, Max, Q

from . import bodies, crossyear
from .models import Check, Document, Metric

# documents/ingest/statutory.py's warning, and the parts it lists after the colon.
MISSING_PARTS = re.compile(r"^The annual report lacks parts the 2019 format requires: (.*?)\.?$")
# tables.py ends every figure it did not place with these words.
UNPLACED = re.compile(r"not placed|could not be placed")
# ...and says so when a run of digits or a row allowed more than one reading.
AMBIGUOUS = re.compile(r"in \d+ ways|more than one split")

COLUMNS = [
    "region", "publisher", "publisher_slug", "year", "document", "title",
    "checks", "checks_failed", "cross_year", "cross_year_failed", "missing_parts", "unplaced", "ambiguous",
    "url", "checks_url", "cross_year_url", "warnings_url",
    # Added later, so at the end: the names one reporting body's reports are stored under
    # (documents/bodies.py), when more than one.
    "joined_names",
    # Pages read by OCR (0: the file had text of its own) and figure cells OCR was unsure of,
    # from the document's cleaning report (documents/ingest/formats/scanned.py).
    "ocr_pages", "ocr_doubtful_cells",
]
SORTS = {
    "region": lambda r: (r["region"], r["publisher"], -r["year"]),
    "publisher": lambda r: (r["publisher"], -r["year"]),
    "year": lambda r: (r["year"], r["region"], r["publisher"]),
    "-year": lambda r: (-r["year"], r["region"], r["publisher"]),
    # The most problems first.
    "problems": lambda r: (-(r["checks_failed"] + r["cross_year_failed"] + len(r["missing_parts"]) + r["unplaced"]),
                           r["region"], r["publisher"], -r["year"]),
}
DEFAULT_SORT = "region"


def read_warnings(warnings):
    """(missing statutory parts, cells not placed, of which ambiguous) from a document's warnings."""
    missing, unplaced, ambiguous = [], 0, 0
    for warning in warnings or []:
        text = warning if isinstance(warning, str) else str(warning.get("message", warning))
        found = MISSING_PARTS.match(text)
        if found:
            missing += [part for part in found.group(1).split("；") if part]
        elif UNPLACED.search(text):
            unplaced += 1
            ambiguous += bool(AMBIGUOUS.search(text))
    return missing, unplaced, ambiguous


def read_ocr(cleanup):
    """(pages read by OCR, figure cells left unplaced as doubtful) from a cleaning report."""
    counts = {step.get("action"): step.get("count") or 0 for step in cleanup or [] if isinstance(step, dict)}
    return counts.get("ocr", 0), counts.get("ocr_doubtful_cells", 0)


def reports():
    """The current annual reports: every row of the view."""
    return crossyear.annual_reports()


def all_rows():
    """One dict per current annual report (COLUMNS, with paths rather than full URLs), unsorted.

    Reused while nothing changed: a new, corrected, re-parsed or unpublished document changes the
    stamp (documents, checks and numbers only ever get new ids when rewritten), and a row is at
    most CACHE_SECONDS old whatever happens."""
    key = f"quality-rows:{_stamp()}"
    found = cache.get(key)
    if found is None:
        found = _compute(reports())
        cache.set(key, found, CACHE_SECONDS)
    return found


CACHE_SECONDS = 300


def _stamp():
    documents = Document.objects.aggregate(n=Count("id"), last=Max("id"), changed=Max("updated_at"),
                                           current=Count("id", filter=Q(is_current=True)))
    checks = Check.objects.aggregate(last=Max("id"))["last"]
    metrics = Metric.objects.aggregate(last=Max("id"))["last"]
    changed = documents["changed"].timestamp() if documents["changed"] else 0
    return f"{documents['n']}-{documents['current']}-{documents['last']}-{changed}-{checks}-{metrics}"


def _compute(documents):
    cross, _ = crossyear.checks_for(documents)
    joined = {name: group for group in bodies.joined_names() for name in group}
    # Counted in one pass over the checks, not by a join per document row.
    counts = {
        pk: (total, failed) for pk, total, failed in
        Check.objects.filter(document__in=documents).values("document_id")
        .annotate(total=Count("id"), failed=Count("id", filter=Q(passed=False)))
        .values_list("document_id", "total", "failed").order_by()
    }
    # Of the bulky fields only the warnings are read.
    documents = documents.select_related("publisher").only(
        "slug", "title", "year", "warnings", "cleanup", "publisher__name", "publisher__region", "publisher__slug")
    out = []
    for document in documents:
        missing, unplaced, ambiguous = read_warnings(document.warnings)
        ocr_pages, ocr_doubtful = read_ocr(document.cleanup)
        theirs = cross.get(document.pk, [])
        url = document.get_absolute_url()
        checks, failed = counts.get(document.pk, (0, 0))
        out.append({
            "region": document.publisher.region,
            "publisher": document.publisher.name,
            "publisher_slug": document.publisher.slug,
            "year": document.year,
            "document": document.slug,
            "title": document.title,
            "checks": checks,
            "checks_failed": failed,
            "cross_year": len(theirs),
            "cross_year_failed": sum(1 for c in theirs if not c.passed),
            "missing_parts": missing,
            "unplaced": unplaced,
            "ambiguous": ambiguous,
            "url": url,
            "checks_url": f"{url}#checks",
            "cross_year_url": f"{url}#cross-year",
            "warnings_url": f"{url}#cleanup",
            "joined_names": joined.get(document.publisher.name, []),
            "ocr_pages": ocr_pages,
            "ocr_doubtful_cells": ocr_doubtful,
        })
    return out


URL_COLUMNS = ("url", "checks_url", "cross_year_url", "warnings_url")


def rows(base, region=None, year=None, publisher=None, sort=DEFAULT_SORT, problems_only=False, ocr_only=False):
    """The rows chosen, sorted by `sort` (a key of SORTS), their links made full with `base`
    (scheme and host). `ocr_only`: only reports read (in part) by OCR."""
    chosen = [
        r for r in all_rows()
        if (not region or r["region"].startswith(region)) and (not year or r["year"] == year)
        and (not publisher or r["publisher_slug"] == publisher)
        and (not problems_only or r["checks_failed"] or r["cross_year_failed"] or r["missing_parts"] or r["unplaced"])
        and (not ocr_only or r["ocr_pages"])
    ]
    chosen.sort(key=SORTS.get(sort, SORTS[DEFAULT_SORT]))
    return [{**r, **{name: base + r[name] for name in URL_COLUMNS}} for r in chosen]


def years():
    """The years of current annual reports, newest first: the year filter's choices."""
    return list(crossyear.annual_reports().order_by("-year").values_list("year", flat=True).distinct())

