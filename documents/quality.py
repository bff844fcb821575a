"""The data-quality view's rows: every current annual report (one publisher, one year) with what
is known about how well it was read: its own 勾稽 checks, its checks against the years before and
after, the statutory parts it lacks, and the table cells left unplaced or ambiguous.

The warnings are the parser's sentences stored on the document (documents/ingest/statutory.py,
documents/ingest/tables.py); they are counted here by the words those stages end them with.
"""
import re

from . import crossyear

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


def reports(region=None, year=None, publisher=None):
    """The current annual reports chosen."""
    documents = crossyear.annual_reports()
    if region:
        documents = documents.for_region(region)
    if year:
        documents = documents.filter(year=year)
    if publisher:
        documents = documents.filter(publisher__slug=publisher)
    return documents


def rows(documents, absolute, sort=DEFAULT_SORT, problems_only=False):
    """One dict per document (COLUMNS), sorted by `sort` (a key of SORTS)."""
    cross, _ = crossyear.checks_for(documents)
    # Of the bulky fields only the warnings are read.
    documents = (
        documents.select_related("publisher").with_check_counts()
        .defer(*(name for name in documents.HEAVY_FIELDS if name != "warnings"))
    )
    out = []
    for document in documents:
        missing, unplaced, ambiguous = read_warnings(document.warnings)
        theirs = cross.get(document.pk, [])
        url = document.get_absolute_url()
        out.append({
            "region": document.publisher.region,
            "publisher": document.publisher.name,
            "publisher_slug": document.publisher.slug,
            "year": document.year,
            "document": document.slug,
            "title": document.title,
            "checks": document.check_count,
            "checks_failed": document.failing_checks,
            "cross_year": len(theirs),
            "cross_year_failed": sum(1 for c in theirs if not c.passed),
            "missing_parts": missing,
            "unplaced": unplaced,
            "ambiguous": ambiguous,
            "url": absolute(url),
            "checks_url": absolute(f"{url}#checks"),
            "cross_year_url": absolute(f"{url}#cross-year"),
            "warnings_url": absolute(f"{url}#cleanup"),
        })
    if problems_only:
        out = [r for r in out if r["checks_failed"] or r["cross_year_failed"] or r["missing_parts"] or r["unplaced"]]
    out.sort(key=SORTS.get(sort, SORTS[DEFAULT_SORT]))
    return out


def years():
    """The years of current annual reports, newest first: the year filter's choices."""
    return list(crossyear.annual_reports().order_by("-year").values_list("year", flat=True).distinct())

