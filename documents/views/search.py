"""Search: `/search/?q=...` and the same as `/search.json` and `/search.csv`; its keyword in
context at `/search/kwic/` (also `?view=kwic`), `.json` and `.csv`."""
from types import SimpleNamespace

from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .. import filters, page_data, pagecache
from ..search import kwic as concordance
from ..search import results as searching
from ..search.query import MAX_QUERY_CHARS
from ..ingest import topics as topic_list
from ..models import Document
from . import common
from .common import page_links

CSV_SIZE = 1000  # the CSV is the first thousand hits, best first, unless `size` says otherwise

FACET_LABELS = {
    "publisher": _("发布机关"),
    "year": _("年份"),
    "kind": _("类型"),
    "topic": _("主题"),
}

HIT_COLUMNS = [
    "rank", "title", "publisher", "publisher_slug", "region", "year", "kind", "document",
    "number", "heading", "topics", "snippet", "url", "section_id",
    "reader_url", "document_matches",  # added later: new keys go at the end
]

GROUPS = ("document", "section")  # `?group=`: hits under their document (the default), or flat

KWIC_COLUMNS = [
    "left", "match", "right", "title", "publisher", "year", "document", "number", "heading",
    "section_id", "reader_url",
]


def _search(request, fmt):
    size = request.GET.get("size") or (CSV_SIZE if fmt == "csv" else searching.PER_PAGE)
    results = searching.search(
        request.GET.get("q", ""), request.GET, page=request.GET.get("page"), per_page=size,
        exact=request.GET.get("exact") == "1",
    )
    searching.count_documents(results)
    if results.timed_out:
        pagecache.not_kept(request)
    return results


def search(request, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    if request.GET.get("view") == "kwic":
        return kwic(request, fmt)
    group = request.GET.get("group") if request.GET.get("group") in GROUPS else GROUPS[0]
    results = _search(request, fmt)
    page = as_page(results)
    if fmt == "csv":
        rows = [hit_row(request, hit) for hit in results.hits]
        return page_data.csv_response(HIT_COLUMNS, rows, "search.csv")
    if fmt == "json":
        data = results_json(request, results, request.GET.get("q", ""))
        data["group"] = group
        if group == "document":
            data["documents"] = [
                {
                    **_document_head(request, document),
                    "document_matches": count,
                    "section_ids": [hit.section.pk for hit in hits],
                }
                for document, count, hits in searching.by_document(results.hits)
            ]
        return page_data.json_response({**data, "filters": results.filters})
    return render(request, "documents/search.html", {
        "group": group,
        "groups": searching.by_document(results.hits) if group == "document" else None,
        "group_urls": {name: _link(request, group=name) for name in GROUPS},
        "kwic_url": _link(request, view="kwic", group=None),
        "q": request.GET.get("q", "")[: MAX_QUERY_CHARS],
        "results": results,
        "page": page,
        "facets": facet_links(request, results),
        "chosen": chosen_filters(request, results),
        "max_chars": MAX_QUERY_CHARS,
        "kinds": Document.Kind.choices,
        "topics": topic_list.all_topics(),
        "chosen_topic": getattr(topic_list.find(request.GET.get("topic", "")), "slug", ""),
        "exact_url": _link(request, exact="1") if results.estimated or results.estimated_facets else None,
    })


def kwic(request, fmt=None):
    """Keyword in context: each occurrence of the query's terms in a page of hits (the CSV: in
    its first thousand), with 20 characters either side, its document, year and section."""
    fmt = page_data.requested_format(request, fmt)
    results = _search(request, fmt)
    rows = [kwic_row(request, line) for line in concordance.lines(results.hits)]
    if fmt == "csv":
        return page_data.csv_response(KWIC_COLUMNS, rows, "kwic.csv")
    if fmt == "json":
        head = _results_head(request, results, request.GET.get("q", ""))
        del head["searched_as"]  # the concordance's JSON has never carried it
        return page_data.json_response({**head, "lines": rows})
    query = request.GET.copy()
    query.pop("view", None)
    return render(request, "documents/search_kwic.html", {
        "q": request.GET.get("q", "")[: MAX_QUERY_CHARS],
        "results": results,
        "page": as_page(results),
        "lines": rows,
        "max_chars": MAX_QUERY_CHARS,
        "search_url": "?" + query.urlencode(),
        "context_chars": concordance.CONTEXT_CHARS,
    })


def kwic_row(request, line):
    section = line.hit.section
    document = section.document
    return {
        "left": line.left,
        "match": line.match,
        "right": line.right,
        "title": document.title,
        "publisher": document.publisher.name,
        "year": document.year,
        "document": document.slug,
        "number": section.number,
        "heading": section.heading,
        "section_id": section.pk,
        "reader_url": page_data.absolute(request, line.hit.reader_url),
    }


def _document_head(request, document):
    return {
        "document": document.slug,
        "title": document.title,
        "publisher": document.publisher.name,
        "year": document.year,
        "url": page_data.absolute(request, document.get_absolute_url()),
    }


def _results_head(request, results, q):
    """What every answer to a search opens with: the query as given and as searched, its
    notes, the counts and the page links."""
    return {
        "q": q,
        "searched": results.query.text,
        "searched_as": results.query.searched_as,
        "notes": results.messages,
        "timed_out": results.timed_out,
        "count": results.total,
        "count_is_estimate": results.estimated,
        "page": results.page,
        "pages": results.pages,
        **page_links(request, as_page(results)),
    }


def results_json(request, results, q):
    """A search's JSON, for the page's .json and /api/search/ alike."""
    return {
        **_results_head(request, results, q),
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count, "estimated": v.estimated} for v in values]
            for name, values in results.facets.items()
        },
        "results": [hit_row(request, hit, html=True) for hit in results.hits],
    }


class _Counted:
    """A sequence of known length with nothing in it: lets Paginator do the page arithmetic
    for results the database already cut to one page."""

    def __init__(self, count):
        self.count = count

    def __len__(self):
        return self.count


def as_page(results):
    paginator = Paginator(_Counted(results.total), results.per_page)
    return Page(results.hits, min(results.page, paginator.num_pages), paginator)


def hit_row(request, hit, html=False):
    """A hit as one flat row: the same keys in the JSON and the CSV."""
    row = {
        **common.section_row(request, hit.section),
        "rank": round(hit.rank, 6),
        "snippet": hit.snippet_text,
        "reader_url": page_data.absolute(request, hit.reader_url),
        "document_matches": hit.document_matches,
    }
    if html:
        row["snippet_html"] = str(hit.snippet_html)
    return row


def _link(request, **changes):
    """This page's query string with `changes` (None removes a key), back on page one."""
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value is not None:
            query[key] = value
    return "?" + query.urlencode()


def _selected(request, name, value):
    chosen = request.GET.get(name, "")
    if name == "topic":
        topic = topic_list.find(chosen)
        return bool(topic) and topic.slug == value
    return chosen == value


def facet_links(request, results):
    """Each facet's values with their counts among all matches, and a link that narrows the
    search to the value (or, when it is chosen, widens it again). A facet of more than
    filters.FACET_TOP values (thousands of publishers) shows its most frequent ones and any chosen,
    with a box to find the rest by name (`<facet>_find`), as the documents list does."""
    facets = []
    finds = {f"{name}_find": None for name in results.facets}
    for name, values in results.facets.items():
        options = []
        for v in values:
            selected = _selected(request, name, v.value)
            options.append(SimpleNamespace(
                value=v.value,
                label=v.label,
                count=v.count,
                estimated=v.estimated,
                selected=selected,
                # Choosing a value found by the box drops the words typed.
                url=_link(request, **{**finds, name: None if selected else v.value}),
            ))
        if not options:
            continue
        find = (request.GET.get(f"{name}_find") or "").strip()
        facet = {"name": name, "label": FACET_LABELS[name], "options": options, "searchable": False}
        if len(options) > filters.FACET_TOP or find:
            shown = filters._shortened(options, find)
            facet.update(
                options=shown, searchable=True, find=find, more=len(options) - len(shown),
                keep=[(k, v) for k, vs in request.GET.lists() if k not in (f"{name}_find", "page") for v in vs],
            )
        facets.append(facet)
    return facets


def chosen_filters(request, results):
    """The filters in effect, each with the link that drops it."""
    return [
        {"name": name, "value": value, "url": _link(request, **{name: None})}
        for name, value in results.filters.items()
    ]
