"""Comparison pages: two documents side by side, or up to twelve as matrices."""
import re

from django.core.cache import cache
from django.http import HttpResponseBadRequest, HttpResponseNotFound, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape

from documents import charts, page_data
from documents.ingest.pipeline import PARSER_VERSION
from documents.models import Document

from ..build import MAX_DOCUMENTS, compare_many, compare_two

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")
CSV_TABLES = ("sections", "metrics", "figures", "plan")


def _documents(slugs):
    """The published documents for these slugs, in the order given, or an error response."""
    bad = [s for s in slugs if not _SLUG.match(s)]
    if bad:
        return None, HttpResponseBadRequest(f"Not a document name: {escape(', '.join(bad))}")
    found = {d.slug: d for d in Document.objects.published().select_related("publisher").filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        return None, HttpResponseNotFound(f"No such document: {escape(', '.join(missing))}")
    return [found[s] for s in slugs], None


def two(request, a, b, fmt=None):
    docs, error = _documents([a, b])
    if error:
        return error
    doc_a, doc_b = docs
    with_diff = request.GET.get("diff", "1") != "0"
    key = f"compare:{doc_a.sha256}:{doc_b.sha256}:{PARSER_VERSION}:{int(with_diff)}"
    data = cache.get(key)
    if data is None:
        data = compare_two(doc_a, doc_b, with_diff=with_diff)
        cache.set(key, data, 3600)
    fmt = page_data.requested_format(request, fmt)
    if fmt:
        table = request.GET.get("table", "sections")
        if table not in CSV_TABLES:
            return HttpResponseBadRequest(f"table must be one of {', '.join(CSV_TABLES)}")
        columns, rows = _csv_table(data, table)
        return page_data.respond(fmt, data=data, columns=columns, rows=rows, filename=f"{a}--{b}-{table}")
    only = request.GET.get("only")
    rows = [r for r in data["sections"] if not only or r["status"] == only]
    return render(
        request,
        "comparisons/two.html",
        {
            "data": data,
            "a": doc_a,
            "b": doc_b,
            "rows": rows,
            "only": only,
            "with_diff": with_diff,
            "choices": Document.objects.current().select_related("publisher").order_by("publisher__name", "year", "kind"),
            "json_url": page_data.data_url(request, "json"),
            "csv_url": page_data.data_url(request, "csv"),
        },
    )


def _csv_table(data, table):
    a, b = (d["slug"] for d in data["documents"])
    if table == "sections":
        columns = ["status", "similarity", "a_number", "a_heading", "a_anchor", "b_number", "b_heading", "b_anchor", "change_ratio"]
        rows = [
            {
                "status": r["status"], "similarity": r["similarity"], "change_ratio": r.get("change_ratio"),
                **{f"{side}_{k}": (r[side] or {}).get(k) for side in ("a", "b") for k in ("number", "heading", "anchor")},
            }
            for r in data["sections"]
        ]
    elif table == "metrics":
        columns = ["key", "label", "unit", "a", "b", "change", "percent"]
        rows = data["metrics"]
    elif table == "figures":
        columns = ["label", "unit", "a", "b", "change", "percent"]
        rows = data["figures"]
    else:
        columns = ["kind", "number", "text", "status", "score", "passage", "anchor"]
        rows = data.get("plan_against_report", [])
    return columns, rows


def pick(request):
    """The picker's form lands here and goes on to the comparison's own, shareable URL."""
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if not (a and b):
        return HttpResponseBadRequest("Choose two documents to compare.")
    if not (_SLUG.match(a) and _SLUG.match(b)):
        return HttpResponseBadRequest(f"Not a document name: {escape(a if not _SLUG.match(a) else b)}")
    return HttpResponseRedirect(reverse("comparisons:two", args=[a, b]))


def many(request, fmt=None):
    slugs = request.GET.getlist("d")
    if len(slugs) < 2:
        return HttpResponseBadRequest("Give at least two documents: ?d=<slug>&d=<slug>")
    if len(slugs) > MAX_DOCUMENTS:
        return HttpResponseBadRequest(f"At most {MAX_DOCUMENTS} documents can be compared at once; {len(slugs)} were given.")
    docs, error = _documents(slugs)
    if error:
        return error
    data = compare_many(docs)
    fmt = page_data.requested_format(request, fmt)
    if fmt:
        if request.GET.get("table") == "topics":
            columns = ["topic"] + slugs
            rows = [{"topic": r["topic"], **r["counts"]} for r in data["topics"]]
        else:
            columns = ["key", "label", "unit"] + slugs
            rows = [{"key": r["key"], "label": r["label"], "unit": r["unit"], **r["values"]} for r in data["metrics"]]
        return page_data.respond(fmt, data=data, columns=columns, rows=rows, filename="comparison")
    chart = ""
    if data["one_publisher"]:
        chart = _series_chart(docs, data)
    return render(
        request,
        "comparisons/many.html",
        {"data": data, "documents": docs, "chart": chart, "json_url": page_data.data_url(request, "json"), "csv_url": page_data.data_url(request, "csv")},
    )


SERIES_KEYS = ["requests.new.total", "outcome.total.total", "review.total", "review.corrected"]


def _series_chart(docs, data):
    years = {d.slug: d.year for d in docs}
    rows = {r["key"]: r for r in data["metrics"]}
    series = []
    for key in SERIES_KEYS:
        if key in rows:
            points = {years[s]: v for s, v in rows[key]["values"].items() if v is not None and years[s]}
            series.append(charts.Series(f"{rows[key]['label']} ({key})", points))
    return charts.line_chart(series, title=f"{docs[0].publisher.name}: key figures by year")
