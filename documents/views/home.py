"""The home page: counts, who published what in which year (region by region, documents/coverage.py),
and what was added lately."""
from django.db.models import Count, Max, Min, Q
from django.shortcuts import render
from django.urls import reverse

from .. import coverage, page_data, pagecache
from ..models import Document, Publisher, Section
from .common import document_row

RECENT = 10


def coverage_grid(publishers, documents, years=None):
    """Publishers × years: (years, [(publisher, [[documents of that year] for each year]), ...]).

    Years run from the earliest to the latest document without holes (or are given, when the
    grid sits under rows of regions), so an unpublished year shows as an empty cell; documents
    without a year are left out of the grid."""
    dated = [d for d in documents if d.year is not None]
    if years is None:
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


def _regions_under(region):
    """The regions publishers are stored with, under `region` (all for "")."""
    publishers = Publisher.objects.filter(region__startswith=region) if region else Publisher.objects.all()
    return publishers.order_by().values_list("region", flat=True).distinct()


def home(request, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    documents = Document.objects.current()
    asked = (request.GET.get("region") or "").strip()
    # The rolled-up counts read every document: kept until the collection changes.
    region, regions, own = pagecache.remembered(
        "home-regions", [("region", asked)], lambda: coverage.opened_region(asked, documents, _regions_under)
    )
    total = sum(r.publishers for r in regions) + own[1]
    under = documents.for_region(region) if region else documents
    # Few publishers under the region: each one, no rows of regions to drill through.
    if total <= coverage.FLAT_LIMIT:
        regions, shown = [], under.values("publisher_id")
    else:
        shown = under.filter(publisher__region=region).values("publisher_id")
    grid_documents = list(
        documents.filter(publisher_id__in=shown).only("pk", "slug", "title", "year", "kind", "publisher_id").order_by("year", "kind")
    )
    publishers = list(Publisher.objects.filter(pk__in={d.publisher_id for d in grid_documents}))
    dated = [y for r in regions for y in r.by_year] + [d.year for d in grid_documents if d.year is not None]
    years = list(range(min(dated), max(dated) + 1)) if dated else []
    years, grid = coverage_grid(publishers, grid_documents, years)
    recent = list(documents.summaries().recent()[:RECENT])
    # Every count in one pass over the documents.
    stats = pagecache.remembered("home-counts", [], lambda: documents.aggregate(
        documents=Count("pk"), first_year=Min("year"), last_year=Max("year"),
        publishers=Count("publisher_id", distinct=True),
        **{f"kind_{value}": Count("pk", filter=Q(kind=value)) for value in Document.Kind.values},
    ))
    kind_counts = [(value, label, stats.pop(f"kind_{value}")) for value, label in Document.Kind.choices]
    stats["sections"], stats["sections_exact"] = Section.objects.current().count_or_estimate()
    path = coverage.path_of(region) if region else []
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
                "region": region,
                "path": [{"name": name, "region": stored} for name, stored in path],
                "years": years,
                "regions": [
                    {
                        "region": r.region, "name": r.name, "publishers": r.publishers, "documents": r.documents,
                        "years": {str(y): n for y, n in sorted(r.by_year.items())},
                        "url": page_data.absolute(request, f"{reverse('documents:home')}?{r.query}"),
                    }
                    for r in regions
                ],
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
        "region": region,
        "asked": asked,
        "path": path,
        "regions": [(r, r.cells(years, reverse("documents:list"))) for r in regions],
        "recent": recent,
    })
