"""The home page: counts, who published what in which year, and what was added lately."""
from django.db.models import Count, Max, Min
from django.shortcuts import render

from .. import page_data
from ..models import Document, Publisher, Section
from .common import document_row

RECENT = 10


def coverage_grid(publishers, documents):
    """Publishers × years: (years, [(publisher, [[documents of that year] for each year]), ...]).

    Years run from the earliest to the latest document without holes, so an unpublished year
    shows as an empty cell; documents without a year are left out of the grid."""
    dated = [d for d in documents if d.year is not None]
    if not dated:
        return [], []
    years = list(range(min(d.year for d in dated), max(d.year for d in dated) + 1))
    cells = {}
    for d in dated:
        cells.setdefault((d.publisher_id, d.year), []).append(d)
    rows = []
    for publisher in publishers:
        row = [sorted(cells.get((publisher.pk, year), []), key=lambda d: d.kind) for year in years]
        if any(row):
            rows.append((publisher, row))
    return years, rows


def home(request, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    documents = Document.objects.current()
    grid_documents = list(documents.only("pk", "slug", "title", "year", "kind", "publisher_id").order_by("year", "kind"))
    publishers = list(Publisher.objects.filter(documents__in=documents).distinct())
    years, grid = coverage_grid(publishers, grid_documents)
    recent = list(documents.summaries().recent()[:RECENT])
    stats = documents.aggregate(documents=Count("pk"), first_year=Min("year"), last_year=Max("year"))
    stats["publishers"] = len(publishers)
    stats["sections"] = Section.objects.current().count()
    kinds = {k: n for k, n in documents.order_by().values_list("kind").annotate(n=Count("pk"))}
    kind_counts = [(value, label, kinds.get(value, 0)) for value, label in Document.Kind.choices]
    if fmt:
        by_publisher = {p.pk: p for p in publishers}
        coverage_rows = [
            {
                "publisher": by_publisher[d.publisher_id].name,
                "publisher_slug": by_publisher[d.publisher_id].slug,
                "region": by_publisher[d.publisher_id].region,
                "year": d.year,
                "kind": d.kind,
                "slug": d.slug,
                "title": d.title,
                "url": page_data.absolute(request, d.get_absolute_url()),
            }
            for d in grid_documents
            if d.publisher_id in by_publisher and d.year is not None
        ]
        return page_data.respond(
            fmt,
            data={
                "counts": {**stats, "kinds": {value: n for value, _, n in kind_counts}},
                "years": years,
                "coverage": coverage_rows,
                "recent": [document_row(request, d) for d in recent],
            },
            columns=["publisher", "publisher_slug", "region", "year", "kind", "slug", "title", "url"],
            rows=coverage_rows,
            filename="coverage",
        )
    return render(request, "documents/home.html", {
        "stats": stats,
        "kind_counts": kind_counts,
        "years": years,
        "grid": grid,
        "recent": recent,
    })
