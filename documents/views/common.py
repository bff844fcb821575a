"""What the page views share: a document as a row of data, and pagination."""
from django.core.paginator import Paginator

from .. import document_fields, page_data

PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000


# A document's summary in the lists: the publisher by its name; the issuer only on its own page.
ROW_FIELDS = [key for key in document_fields.summary("name") if key != "issuer"]
PROVENANCE = ("source_url", "published_on", "retrieved_on")


def document_row(request, document):
    """A document as one flat row: the same keys in every list's JSON and CSV."""
    url = document.get_absolute_url()
    row = {
        **document_fields.values(document, ROW_FIELDS),
        # Where each of the three was read (documents/ingest/provenance.py): a code, for data.
        **{f"{name}_from": _origin(document, name) for name in PROVENANCE},
        "url": page_data.absolute(request, url),
        "json": page_data.absolute(request, page_data.data_path(url, "json")),
    }
    if hasattr(document, "failing_checks"):
        row["failing_checks"] = document.failing_checks
        row["checks"] = document.check_count
    return row


def _origin(document, name):
    """Where a provenance field came from, as `from` or `from:key` (html_meta:PubDate); None if unknown."""
    found = (document.provenance or {}).get(name)
    if not found:
        return None
    return f"{found['from']}:{found['key']}" if found.get("key") else found["from"]


DOCUMENT_COLUMNS = [*ROW_FIELDS, *(f"{name}_from" for name in PROVENANCE), "failing_checks", "checks", "url"]


def section_row(request, section):
    """A section as one flat row, for the pages that list sections across documents."""
    document = section.document
    return {
        "section_id": section.pk,
        "document": document.slug,
        "title": document.title,
        "publisher": document.publisher.name,
        "publisher_slug": document.publisher.slug,
        "region": document.publisher.region,
        "year": document.year,
        "kind": document.kind,
        "number": section.number,
        "heading": section.heading,
        "topics": section.topics,
        "url": page_data.absolute(request, section.get_absolute_url()),
    }


def page_size(request):
    try:
        size = int(request.GET.get("size", PAGE_SIZE))
    except ValueError:
        return PAGE_SIZE
    return min(max(size, 1), MAX_PAGE_SIZE)


def paginate(request, queryset):
    """The requested page (out-of-range and malformed numbers give the nearest real page)."""
    return Paginator(queryset, page_size(request)).get_page(request.GET.get("page"))


def page_links(request, page, path=None):
    """Absolute URLs of the next and previous pages, keeping every other parameter."""

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return page_data.absolute(request, f"{path or request.path}?{query.urlencode()}")

    return {
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }
