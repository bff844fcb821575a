"""The documents list: filters with counts, sorting, pages; also as `.json` and `.csv`."""
import datetime

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .. import citation, page_data, pagecache
from ..filters import DocumentFilter, facet_counts
from ..models import Document
from .common import DOCUMENT_COLUMNS, document_row, page_links, paginate
from .reader import csl_response


def documents(request, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    base = Document.objects.current().summaries()
    filterset = DocumentFilter(request.GET, queryset=base)
    matching = filterset.qs.with_check_counts()
    # pk last: ties would otherwise fall in any order and pages could repeat a document.
    chosen = matching.query.order_by if request.GET.get("sort") else ()
    matching = matching.order_by(*(chosen or DEFAULT_ORDER), "pk")
    errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
    if fmt == "csv":
        # The CSV is the whole list, for a spreadsheet; the JSON pages like the HTML.
        rows = [document_row(request, d) for d in matching]
        return page_data.csv_response(DOCUMENT_COLUMNS, rows, "documents.csv")
    page = paginate(request, matching)
    # Counting every facet reads the whole collection: kept until the collection changes.
    facets = pagecache.remembered(
        "document-facets", [(k, v) for k, values in request.GET.lists() if k != "page" for v in values],
        lambda: facet_counts(request.GET, base),
    )
    if fmt == "json":
        return page_data.json_response({
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            **page_links(request, page),
            "filters": applied_filters(filterset),
            "errors": errors,
            "facets": {
                f.name: [{"value": o.value, "label": o.label, "count": o.count} for o in f.options]
                for f in facets
            },
            # Values a long facet left out (its most frequent are listed; `<facet>_find=` finds others).
            "facets_more": {f.name: f.more for f in facets if f.more},
            "documents": [document_row(request, d) for d in page],
        })
    return render(request, "documents/list.html", {
        "page": page,
        "facets": facets,
        "filterset": filterset,
        "errors": errors,
        "sorts": SORTS,
    })


# At most this many documents in one citation list (a page's worth of a large corpus).
CITE_LIMIT = 1000


def cite(request):
    """The listed documents (the same filters as the list) as CSL-JSON, for a reference manager."""
    filterset = DocumentFilter(request.GET, queryset=Document.objects.current().summaries())
    matching = filterset.qs.order_by(*DEFAULT_ORDER, "pk")[:CITE_LIMIT]
    today = datetime.date.today()
    items = [
        citation.csl_json(d, page_data.absolute(request, d.get_absolute_url()), today) for d in matching
    ]
    return csl_response(items, "documents.json")


def applied_filters(filterset):
    """The filters that took effect (invalid ones are reported in `errors` and ignored)."""
    filterset.form.is_valid()
    return {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "", [])}


# Newest first: what a researcher opening the list most often wants.
DEFAULT_ORDER = ("-year", "publisher__region", "publisher__name", "kind", "-version")

SORTS = [
    ("", _("年份 新→旧")),
    ("year", _("年份 旧→新")),
    ("publisher", _("发布机关")),
    ("title", _("标题")),
    ("-added", _("最近添加")),
]
