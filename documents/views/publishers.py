"""Publishers: the list of them, and one publisher's documents and key figures over the years."""
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import charts, page_data
from ..explorer import explore, format_changes
from ..ingest.metric_keys import KEYS
from ..models import Document, Publisher
from .common import document_row, page_links, paginate

# The figures a publisher page follows, from the standard tables of its annual reports.
# Applications and their outcomes share one scale; review corrections are a few a year and
# get a chart of their own so that they do not lie flat along the axis. Each figure has its
# label as the JSON has always given it, and its name on the page in the reader's language.
KEY_FIGURES = [
    ("requests.new.total", "本年新收申请 applications received", _("本年新收申请")),
    ("outcome.disclosed.total", "予以公开 disclosed", _("予以公开")),
    ("outcome.partially_disclosed.total", "部分公开 partly disclosed", _("部分公开")),
    ("review.corrected", "行政复议纠正 review corrections", _("行政复议纠正")),
]
FIGURE_NAMES = {key: name for key, _label, name in KEY_FIGURES}
CHARTS = [
    (_("申请与答复"), ["requests.new.total", "outcome.disclosed.total", "outcome.partially_disclosed.total"]),
    (_("行政复议纠正"), ["review.corrected"]),
]


def index(request, fmt=None):
    """Every publisher with current documents, searched by name or region, narrowed to a region
    and level, a page at a time (the CSV is the whole list)."""
    fmt = page_data.requested_format(request, fmt)
    found = (request.GET.get("q") or "").strip()
    region = (request.GET.get("region") or "").strip()
    level = request.GET.get("level") or ""
    publishers = Publisher.objects.with_current_documents().matching(found)
    if region:
        publishers = publishers.in_region(region)
    if level in Publisher.Level.values:
        publishers = publishers.filter(level=level)
    publishers = publishers.order_by("region", "name", "pk")
    if fmt == "csv":
        return page_data.csv_response(PUBLISHER_COLUMNS, [_row(request, p) for p in _counted(publishers)], "publishers.csv")
    page = paginate(request, publishers)
    # Counted for the page's publishers only: a page of 50 need not count every document.
    page.object_list = _counted(page.object_list)
    if fmt:
        return page_data.json_response({
            "count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
            **page_links(request, page),
            "filters": {k: v for k, v in {"q": found, "region": region, "level": level}.items() if v},
            "publishers": [_row(request, p) for p in page.object_list],
        })
    return render(request, "documents/publishers.html", {
        "page": page, "publishers": page.object_list, "found": found, "region": region, "level": level,
        "levels": Publisher.Level.choices,
    })


PUBLISHER_COLUMNS = ["slug", "name", "region", "level", "documents", "first_year", "last_year", "url"]


def _counted(publishers):
    """The publishers, in their order, with their current documents counted."""
    publishers = list(publishers)
    counted = Publisher.objects.filter(pk__in=[p.pk for p in publishers]).with_published_counts().in_bulk()
    return [counted[p.pk] for p in publishers]


def _row(request, p):
    return {
        "slug": p.slug, "name": p.name, "region": p.region, "level": p.level,
        "documents": p.document_count, "first_year": p.first_year, "last_year": p.last_year,
        "url": page_data.absolute(request, p.get_absolute_url()),
    }


def figure_table(figures, years):
    """[(year, [value or None for each key figure])] for the years with any figure, newest first."""
    rows = []
    for year in sorted(years, reverse=True):
        values = [figures[key].get(year) for key, *_ in KEY_FIGURES]
        if any(v is not None for v in values):
            rows.append((year, values))
    return rows


def detail(request, slug, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    publisher = get_object_or_404(Publisher, slug=slug)
    documents = list(
        Document.objects.current().summaries().with_check_counts()
        .filter(publisher=publisher).order_by("-year", "kind", "-version")
    )
    figures = publisher.figures_by_year([key for key, *_ in KEY_FIGURES])
    years = sorted({y for values in figures.values() for y in values})
    if fmt:
        rows = []
        for d in documents:
            row = document_row(request, d)
            if d.kind == Document.Kind.ANNUAL_REPORT:
                row.update({key: figures[key].get(d.year) for key, *_ in KEY_FIGURES})
            rows.append(row)
        return page_data.respond(
            fmt,
            data={
                "publisher": {"slug": publisher.slug, "name": publisher.name, "region": publisher.region, "level": publisher.level},
                "documents": rows,
                "figures": [
                    {
                        "key": key, "label": label,
                        "values": [{"year": y, "value": figures[key][y]} for y in sorted(figures[key])],
                    }
                    for key, label, _name in KEY_FIGURES
                ],
            },
            columns=["year", "kind", "slug", "title", "doc_number", "published_on", "failing_checks", "url"]
            + [key for key, *_ in KEY_FIGURES],
            rows=rows,
            filename=publisher.slug,
        )
    reports = Document.objects.current().filter(publisher=publisher, kind=Document.Kind.ANNUAL_REPORT)
    rows, row_years = explore(reports, key=KEY_FIGURES[0][0])
    chart_svgs = [_chart(figures, title, keys, rows[0] if rows else None, row_years) for title, keys in CHARTS]
    return render(request, "documents/publisher.html", {
        "publisher": publisher,
        "by_year": _by_year(documents),
        "document_count": len(documents),
        "charts": [svg for svg in chart_svgs if svg],
        "figure_labels": [FIGURE_NAMES[key] for key, *_ in KEY_FIGURES],
        "figure_rows": figure_table(figures, years),
    })


def _chart(figures, title, keys, row, years):
    """A chart of key figures: the values as the table shows them, each linked to its value's
    page, with the explorer's marks (documents failing their checks, changes of template).
    The marks are the documents': one explorer row (`row`, of any key) holds them for all."""
    series, changes = [], set()
    for key in keys:
        values = figures[key]
        points = {y: row.points[y] for y in values if row and y in row.points and row.points[y].document}
        breaks = format_changes(row.points, years) if row else []
        series.append(charts.Series(
            str(FIGURE_NAMES[key]), values,
            links={y: reverse("documents:metric-value", args=[p.document.slug, key]) for y, p in points.items()},
            failing={y for y, p in points.items() if p.checks_failed},
            breaks=() if KEYS[key].same_across_formats else tuple(breaks),
        ))
        changes.update(breaks)
    return charts.line_chart(series, title=str(title), breaks=sorted(changes))


def _by_year(documents):
    """[(year, [documents])], newest year first; documents without a year last."""
    groups = {}
    for d in documents:
        groups.setdefault(d.year, []).append(d)
    return sorted(groups.items(), key=lambda item: (item[0] is None, -(item[0] or 0)))
