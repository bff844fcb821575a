"""Follow a number: the metrics explorer, indicator pages, and permalinks with citations."""
import datetime

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from .. import bodies, charts, citation, coverage, metric_names, page_data
from ..explorer import explore, format_changes
from ..filters import DocumentFilter
from ..indicators import BY_SLUG, INDICATORS
from ..ingest.metric_keys import KEYS, current_key
from ..models import Document, Publisher
from ..querysets import SectionManager
from .notfound import not_found

DEFAULT_KEY = "requests.new.total"


def _selection(request):
    """The annual reports the explorer's filters select: the documents list's filters (region,
    level, years, ...), with any number of publishers."""
    chosen = [s for s in request.GET.getlist("publisher") if s]
    params = request.GET.copy()
    params.pop("publisher", None)
    documents = DocumentFilter(params, queryset=Document.objects.current().select_related("publisher")).qs
    if chosen:
        # A publisher chosen brings the other names of its reporting body (documents/bodies.py).
        picked = list(Publisher.objects.filter(slug__in=chosen).values_list("pk", "region"))
        ids = [pk for pk, _ in picked]
        body = bodies.body_map({region for _, region in picked})
        documents = documents.filter(publisher_id__in={m for pk in ids for m in bodies.members(body, pk)})
    return documents.filter(kind="annual_report"), chosen


def explorer(request, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    back = reverse("documents:metrics")
    indicator = request.GET.get("indicator") or None
    if indicator and indicator not in BY_SLUG:
        return not_found(request, gettext("没有名为“%(name)s”的派生指标。") % {"name": indicator}, reverse("documents:indicators"),
                         gettext("查看全部派生指标"), fmt)
    typed = (request.GET.get("metric") or "").strip()
    if typed and not indicator:
        # What was typed in the picker: one metric found goes to its key's URL.
        found = metric_names.find(typed)
        if len(found) == 1:
            params = request.GET.copy()
            params.pop("metric", None)
            params["key"] = found[0]
            return redirect(f"{request.path}?{params.urlencode()}")
        if not found:
            return not_found(request, gettext("没有找到与“%(typed)s”相符的指标。") % {"typed": typed}, back, gettext("回到追踪数字，从列表中选择指标"), fmt,
                             detail=gettext("可以输入统计表中的行名和列名，例如“本年新收 自然人”或“行政复议 结果纠正”。"))
        return _choices(request, typed, found, fmt)
    key = None if indicator else (request.GET.get("key") or DEFAULT_KEY)
    if key and current_key(key) != key:
        params = request.GET.copy()
        params["key"] = current_key(key)
        return redirect(f"{request.path}?{params.urlencode()}", permanent=True)
    if key and key not in KEYS:
        return not_found(request, gettext("没有代码为“%(key)s”的指标。") % {"key": key}, back, gettext("回到追踪数字，从列表中选择指标"), fmt)
    chosen = [s for s in request.GET.getlist("publisher") if s]
    unknown = sorted(set(chosen) - set(Publisher.objects.filter(slug__in=chosen).values_list("slug", flat=True)))
    if unknown:
        return not_found(request, gettext("没有代码为“%(slugs)s”的发布机关。") % {"slugs": "”、“".join(unknown)}, back, gettext("回到追踪数字，重新选择发布机关"), fmt)
    documents, chosen = _selection(request)
    region = (request.GET.get("region") or "").strip()
    # A national collection in one table is thousands of rows nobody reads and a long wait:
    # a selection of too many publishers asks to be narrowed to a region first.
    publisher_count = documents.order_by().values("publisher_id").distinct().count()
    too_many = not chosen and publisher_count > EXPLORER_PUBLISHERS
    rows, years = ([], []) if too_many else explore(documents, key=key, indicator=indicator)
    measure = BY_SLUG[indicator] if indicator else KEYS[key]
    unit = "%" if indicator else measure.unit
    if fmt:
        records = [
            {
                "publisher": row.publisher.name, "publisher_slug": row.publisher.slug, "region": row.publisher.region,
                "year": year, "measure": indicator or key, "value": point.value, "unit": unit,
                "document": point.document.slug if point.document else None,
                "format": point.format, "format_break": year in row.breaks,
                "checks_failed": point.checks_failed, "note": point.note,
                # A cross-year check that fails on this value (and its pair's): the finding's page.
                "cross_year_failed": [c["name"] for c in point.cross_year],
                "cross_year_url": page_data.absolute(request, point.cross_year[0]["url"]) if point.cross_year else None,
                # The names one reporting body's reports were stored under (documents/bodies.py).
                "joined_names": row.names if len(row.names) > 1 else [],
            }
            for row in rows
            for year, point in sorted(row.points.items())
        ]
        data = {
            "measure": indicator or key, "unit": unit,
            "definition": measure.description if indicator else measure.definition,
            "formula": measure.formula if indicator else None,
            "version": measure.version if indicator else None,
            "years": years, "values": records,
            "publishers": publisher_count,
            # Too many publishers selected: no values until a region (or publishers) narrows it.
            "narrow": too_many,
        }
        columns = ["publisher", "publisher_slug", "region", "year", "measure", "value", "unit", "document", "format", "format_break", "checks_failed", "note", "cross_year_failed", "cross_year_url", "joined_names"]
        return page_data.respond(fmt, data=data, columns=columns, rows=records, filename=f"metrics-{indicator or key}")
    series = [chart_series(row.publisher.name, row, key) for row in rows]
    changes = sorted({year for row in rows for year in format_changes(row.points, years)})
    title = f"{measure.local_name if indicator else measure.label} ({unit})"
    chart = charts.line_chart(series, title=title, breaks=changes) if series else ""
    return render(
        request,
        "documents/metrics.html",
        {
            "key": key, "indicator": indicator, "measure": measure, "unit": unit,
            "rows": rows, "years": years, "chart": chart,
            "metric_name": metric_names.name(key) if key else "", "names": metric_names.names().items(),
            "indicators": INDICATORS,
            **_pickers(region, chosen), "chosen": chosen, "region": region,
            "too_many": too_many, "publisher_count": publisher_count, "limit": EXPLORER_PUBLISHERS,
            "json_url": page_data.data_url(request, "json"), "csv_url": page_data.data_url(request, "csv"),
        },
    )


def chart_series(label, row, key=None):
    """A row of the explorer as a chart's line: each value linked to its page (a metric's value
    page; for a derived indicator, its document), values of documents failing their checks
    marked, and the line not joined where the figure means something else in the new template."""
    points = {y: p for y, p in row.points.items() if p.value is not None}
    return charts.Series(
        label,
        {y: p.value for y, p in points.items()},
        links={
            y: reverse("documents:metric-value", args=[p.document.slug, key]) if key else p.document.get_absolute_url()
            for y, p in points.items() if p.document
        },
        failing={y for y, p in points.items() if p.checks_failed},
        breaks=tuple(row.breaks),
    )
# The most publishers one table and chart show; the most checkboxes a region lists.
EXPLORER_PUBLISHERS = 60


def _pickers(region, chosen):
    """The region picker (provinces and the cities under them, of the publishers stored) and
    the publishers to tick: those of the chosen region, or all while they are few; the chosen
    ones always."""
    regions = {}
    for stored in Publisher.objects.order_by().values_list("region", flat=True).distinct():
        steps = coverage.path_of(stored) if stored else []
        for depth in range(min(2, len(steps))):
            regions[steps[depth][1]] = " › ".join(name for name, _ in steps[: depth + 1])
    publishers = Publisher.objects.with_current_documents().order_by("region", "name")
    if region:
        publishers = publishers.in_region(region)
    listed = list(publishers[: EXPLORER_PUBLISHERS + 1])
    if len(listed) > EXPLORER_PUBLISHERS:
        listed = list(Publisher.objects.filter(slug__in=chosen).order_by("region", "name"))
        more = True
    else:
        more = False
    return {"publishers": listed, "regions": sorted(regions.items()), "more_publishers": more}


def _choices(request, typed, found, fmt):
    """More than one metric holds the words typed: each, to pick from, in the template's order."""
    choices = []
    for key in found:
        params = request.GET.copy()
        params.pop("metric", None)
        params["key"] = key
        choices.append({"key": key, "name": metric_names.name(key), "url": f"{request.path}?{params.urlencode()}"})
    if fmt:
        return page_data.json_response({"query": typed, "choices": choices}, status=300)
    return render(request, "documents/metric_choices.html", {"typed": typed, "choices": choices})


def indicators(request):
    return render(request, "documents/indicators.html", {"indicators": INDICATORS})


def indicator(request, slug):
    measure = BY_SLUG.get(slug)
    if measure is None:
        return not_found(request, gettext("没有名为“%(name)s”的派生指标。") % {"name": slug}, reverse("documents:indicators"), gettext("查看全部派生指标"))
    documents, _ = _selection(request)
    rows, years = explore(documents, indicator=slug)
    return render(request, "documents/indicator.html", {"measure": measure, "rows": rows, "years": years, "keys": [KEYS[k] for k in measure.inputs]})


def _cite(request, document, part=""):
    url = request.build_absolute_uri()
    today = datetime.date.today()
    return {
        "gbt7714": citation.gbt7714(document, url, today, part),
        "bibtex": citation.bibtex(document, url, today, part),
        # Cited at the government's address, the portal's own link stands beside it.
        "permalink": url if document.source_url else "",
    }


def metric_value(request, slug, key):
    if current_key(key) != key:
        return redirect(reverse("documents:metric-value", kwargs={"slug": slug, "key": current_key(key)}), permanent=True)
    document = get_object_or_404(Document.objects.published().select_related("publisher"), slug=slug)
    metrics = list(
        document.metrics.filter(key=key).select_related("section").defer(*SectionManager.search_fields("section")).order_by("id")
    )
    if not metrics:
        what = metric_names.name(key) if key in KEYS else gettext("代码为“%(key)s”的指标") % {"key": key}
        return not_found(
            request, gettext("《%(title)s》没有写明%(what)s的数字。") % {"title": document.title, "what": what},
            document.get_absolute_url(), gettext("回到这份文件"),
        )
    definition = KEYS.get(key)
    label = definition.label if definition else metrics[0].label
    return render(
        request,
        "documents/metric_value.html",
        {"document": document, "key": key, "definition": definition, "metrics": metrics, "citation": _cite(request, document, label)},
    )


def section(request, slug, order):
    document = get_object_or_404(Document.objects.published().select_related("publisher"), slug=slug)
    item = get_object_or_404(document.sections, order=order)
    part = f"{item.number} {item.heading}".strip()
    return render(request, "documents/section.html", {"document": document, "section": item, "citation": _cite(request, document, part)})
