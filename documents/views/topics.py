"""Topics: `/topics/` (the controlled list with counts) and `/topics/<slug>/` (its sections
across documents); each also as `.json` and `.csv`."""
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from .. import page_data
from ..filters import DocumentFilter
from ..ingest import topics as topic_list
from ..models import Document, Section
from . import common
from .common import page_links, paginate

TOPIC_COLUMNS = ["slug", "name", "sections", "documents", "keywords", "url"]
SECTION_COLUMNS = [
    "title", "publisher", "publisher_slug", "region", "year", "kind", "document", "number",
    "heading", "topics", "excerpt", "url", "section_id",
]
EXCERPT_CHARS = 120
# The documents list's filters that make sense for a topic's sections.
DOCUMENT_FILTERS = ("publisher", "region", "level", "year", "year_from", "year_to", "kind")


def index(request, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    counts = Section.objects.current().topic_counts()
    rows = [topic_row(request, topic, *counts.get(topic.name, (0, 0))) for topic in topic_list.all_topics()]
    if fmt == "csv":
        return page_data.csv_response(TOPIC_COLUMNS, rows, "topics.csv")
    if fmt == "json":
        return page_data.json_response({"count": len(rows), "topics": rows})
    return render(request, "documents/topics.html", {"topics": rows})


def detail(request, slug, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    topic = topic_list.find(slug)
    if topic is None or topic.slug != slug:
        raise Http404("No such topic")
    filters = {k: v for k, v in request.GET.items() if k in DOCUMENT_FILTERS and v}
    documents = DocumentFilter(filters, queryset=Document.objects.current()).qs.order_by().values("pk")
    sections = Section.objects.with_topic(topic.name).in_documents(documents).listing().in_reading_order()
    if fmt == "csv":
        rows = [section_row(request, s) for s in sections]
        return page_data.csv_response(SECTION_COLUMNS, rows, f"topic-{topic.slug}.csv")
    page = paginate(request, sections)
    if fmt == "json":
        return page_data.json_response({
            "topic": {"slug": topic.slug, "name": topic.name, "keywords": list(topic.keywords)},
            "filters": filters,
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            **page_links(request, page),
            "sections": [section_row(request, s) for s in page],
        })
    return render(request, "documents/topic.html", {
        "topic": topic,
        "page": page,
        "filters": filters,
        "list_url": reverse("documents:list") + "?topic=" + topic.name,
    })


def topic_row(request, topic, sections, documents):
    url = reverse("documents:topic", args=[topic.slug])
    return {
        "slug": topic.slug,
        "name": topic.name,
        "sections": sections,
        "documents": documents,
        "keywords": list(topic.keywords),
        "url": page_data.absolute(request, url),
        "path": url,
    }


def excerpt(text, length=EXCERPT_CHARS):
    """The start of a section's text on one line, cut at `length` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[:length] + "…"


def section_row(request, section):
    return {**common.section_row(request, section), "excerpt": excerpt(section.text)}
