"""The data-quality view: every publisher's annual report of every year with its checks passed
and failed (its own and against the years around it), the statutory parts it lacks, and the
table cells left unplaced or ambiguous; each figure links to the evidence on the report's page."""
from django.shortcuts import render

from .. import page_data, quality
from .common import paginate


def _year(request):
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


def index(request, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    region = (request.GET.get("region") or "").strip()
    publisher = (request.GET.get("publisher") or "").strip()
    year = _year(request)
    sort = request.GET.get("sort") if request.GET.get("sort") in quality.SORTS else quality.DEFAULT_SORT
    problems = request.GET.get("problems", "").lower() in ("1", "true", "yes")
    ocr = request.GET.get("ocr", "").lower() in ("1", "true", "yes")
    base = page_data.absolute(request, "/").rstrip("/")
    rows = quality.rows(base, region=region, year=year, publisher=publisher, sort=sort, problems_only=problems, ocr_only=ocr)
    if fmt:
        return page_data.respond(
            fmt, data={"sort": sort, "count": len(rows), "reports": rows},
            columns=quality.COLUMNS, rows=rows, filename="quality",
        )
    return render(request, "documents/quality.html", {
        "page": paginate(request, rows), "count": len(rows), "region": region, "publisher": publisher,
        "year": year, "years": quality.years(), "sort": sort, "problems": problems, "ocr": ocr,
        "sorts": [("region", "按地区"), ("publisher", "按发布机关"), ("-year", "年份从新到旧"),
                  ("year", "年份从旧到新"), ("problems", "问题多的在前")],
    })
