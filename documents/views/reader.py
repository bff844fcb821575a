"""The document reader: the cleaned text by section, the original with every edit, the raw file."""
import datetime
from urllib.parse import quote, urlencode

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .. import citation, crossyear, document_fields, levels, original, page_data
from ..ingest import topics as topic_list
from ..models import Document
from ..outline import flatten, outline
from ..versions import Versions
from .common import document_row


def _document(slug, *deferred):
    return get_object_or_404(Document.objects.published().select_related("publisher").defer(*deferred), slug=slug)


# What the reader's page and its data never show: the texts before and after cleaning (the
# sections carry the text) and the raw file, often the largest part of a document's row.
READER_DEFERRED = ("raw", "original_text", "clean_text", "edits")


def detail(request, slug, fmt=None):
    if request.GET.get("view") == "original":
        return redirect(reverse("documents:original", args=[slug]))
    fmt = page_data.requested_format(request, fmt)
    document = _document(slug, *READER_DEFERRED)
    sections = list(document.sections.all())
    toc = outline(sections)
    entries = list(flatten(toc))
    if fmt:
        return _detail_data(request, fmt, document, entries)
    tables = document.tables_by_section()
    commitments = list(document.commitments.all())
    query = mark_query(request, sections)
    return render(request, "documents/detail.html", {
        "document": document,
        "highlighted": query,
        "toc": toc,
        "sections": [
            (entry, tables.get(entry.section.order, []), topic_links(entry.section.topics)) for entry in entries
        ],
        "versions": Versions(document),
        "checks": document.checks.all(),
        "cross_year": crossyear.for_document(document),
        "levels": [(c, c.sentence_zh(document.year)) for c in levels.for_document(document)],
        "tasks": [c for c in commitments if c.kind == "task"],
        "targets": [c for c in commitments if c.kind == "target"],
        "compare_links": [
            (relation, other, document.compare_url(other))
            for relation, other in _comparisons(document.comparison_candidates())
        ],
    })


def mark_query(request, sections):
    """With `?q=` (a search hit's link), each section's text with the query's terms marked, as
    on the search page (escaped, whole terms), in `section.marked_text` (the heading in `marked_heading`); the parsed query, or None."""
    from ..search.query import parse_query
    from ..search.snippets import highlight, term_needles

    query = parse_query(request.GET.get("q", ""))
    if query.is_empty:
        return None
    for section in sections:
        needles = term_needles(query.terms, f"{section.heading}\n{section.text}")
        section.marked_text = highlight(section.text, needles)
        section.marked_heading = highlight(section.heading, needles)
    return query


def topic_links(names):
    """[(name, url)]: a topic's page lists its sections across documents; a name not in the
    topic list (the list changed since tagging) links to the documents filtered by it."""
    links = []
    for name in names:
        topic = topic_list.find(name)
        url = reverse("documents:topic", args=[topic.slug]) if topic else f"{reverse('documents:list')}?{urlencode({'topic': name})}"
        links.append((name, url))
    return links


SECTION_COLUMNS = ["order", "anchor", "alias", "level", "number", "heading", "kind", "parent", "topics", "text", "url"]


def _detail_data(request, fmt, document, entries):
    orders = {entry.section.pk: entry.section.order for entry in entries}
    url = page_data.absolute(request, document.get_absolute_url())
    sections = [
        {
            "order": e.section.order,
            "anchor": e.anchor,
            "alias": e.alias or None,
            "level": e.section.level,
            "number": e.section.number,
            "heading": e.section.heading,
            "kind": e.section.kind,
            "parent": orders.get(e.section.parent_id),
            "topics": e.section.topics,
            "text": e.section.text,
            "url": f"{url}#{e.anchor}",
        }
        for e in entries
    ]
    if fmt == "csv":
        return page_data.csv_response(SECTION_COLUMNS, sections, f"{document.slug}.csv")
    compare = document.comparison_candidates()
    data = {
        **document_row(request, document),
        **document_fields.values(document, ["issuer"]),
        "provenance": {
            name: {**found, "label": label} for (name, found), label in
            zip((document.provenance or {}).items(), document.origins.values())
        },
        **document_fields.values(document, ["encoding", "filename", "sha256", "parser_version"]),
        "raw": page_data.absolute(request, reverse("documents:raw", args=[document.slug])),
        "original": page_data.absolute(request, reverse("documents:original", args=[document.slug])),
        **Versions(document).as_json(request),
        "sections": sections,
        "tables": document.tables,
        "checks": [
            {"name": c.name, "passed": c.passed, "detail": c.detail, "left": c.left, "right": c.right, "keys": c.keys}
            for c in document.checks.all()
        ],
        "cross_year_checks": crossyear.as_json(document, lambda path: page_data.absolute(request, path)),
        "level_comparisons": levels.as_json(document, lambda path: page_data.absolute(request, path)),
        "commitments": [
            {
                "kind": c.kind, "number": c.number, "text": c.text, "lead_units": c.lead_units,
                "deadline": c.deadline, "due": c.due, "subject": c.subject, "comparator": c.comparator,
                "value": c.value, "unit": c.unit, "section": orders.get(c.section_id),
            }
            for c in document.commitments.all()
        ],
        "metrics": [
            {
                "key": m.key or None, "label": m.label, "value": m.value, "unit": m.unit, "source": m.source,
                "table": m.table, "row": m.row, "column": m.column, "raw": m.raw, "qualifier": m.qualifier,
                "section": orders.get(m.section_id),
            }
            for m in document.metrics.all()
        ],
        "cleanup": document.cleanup,
        "warnings": document.warnings,
        "ocr": _ocr_json(request, document),
        "compare_with": [
            {"relation": relation, "slug": other.slug, "title": other.title,
             "compare": page_data.absolute(request, document.compare_url(other))}
            for relation, other in _comparisons(compare)
        ],
    }
    return page_data.json_response(data)


def _comparisons(compare):
    """(relation, document) pairs from Document.comparison_candidates()."""
    for relation in ("previous", "next"):
        if compare[relation]:
            yield relation, compare[relation]
    for other in compare["same_publisher"]:
        yield "same_publisher", other
    for other in compare["same_year"]:
        yield "same_year", other


def cite(request, slug):
    """The document's citation as CSL-JSON (a list of one item), for reference managers."""
    document = _document(slug)
    url = page_data.absolute(request, document.get_absolute_url())
    return csl_response([citation.csl_json(document, url, datetime.date.today())], f"{document.slug}.json")


def csl_response(items, filename):
    response = page_data.json_response(items)
    response["Content-Type"] = "application/vnd.citationstyles.csl+json; charset=utf-8"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(filename, safe='')}"
    return response


EDIT_COLUMNS = ["index", "action", "start", "end", "removed", "inserted"]


def original_text(request, slug, fmt=None):
    """The decoded text before cleaning, every edit marked where it was made."""
    fmt = page_data.requested_format(request, fmt)
    document = _document(slug)
    edits = [{"index": i, **edit} for i, edit in enumerate(document.edits)]
    if fmt == "csv":
        return page_data.csv_response(EDIT_COLUMNS, edits, f"{document.slug}-edits.csv")
    if fmt == "json":
        return page_data.json_response({
            "slug": document.slug,
            "title": document.title,
            "encoding": document.encoding,
            "original_text": document.original_text,
            "edits": edits,
        })
    return render(request, "documents/original.html", {
        "document": document,
        "versions": Versions(document),
        "marked": original.render(document.original_text, document.edits),
        "actions": original.action_counts(document.edits),
    })


def raw(request, slug):
    """The file exactly as it was ingested, as a download: never rendered by the browser."""
    document = _document(slug)
    response = HttpResponse(bytes(document.raw), content_type="application/octet-stream")
    filename = document.filename or f"{document.slug}.txt"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Content-SHA256"] = document.sha256
    return response


def _ocr_json(request, document):
    """The pages read by OCR, each with the address of its image; None for a file with text."""
    if not document.ocr:
        return None
    return {
        **document.ocr,
        "pages": [
            {**page, "image": page_data.absolute(request, reverse("documents:page-image", args=[document.slug, page["page"]]))}
            for page in document.ocr.get("pages", [])
        ],
    }


# A page image is drawn this many pixels on its long side: enough to read a table's figures
# beside the text, small enough (a few hundred kB) to cache and send.
PAGE_IMAGE_LONG_SIDE = 1400
PAGE_IMAGE_CACHE_SECONDS = 7 * 24 * 3600


def page_image(request, slug, page):
    """Page `page` of a document read by OCR as a PNG, to check its text against: drawn from
    the stored file on first request, then cached (by the file's hash, so a new file is never
    served an old image). Only the pages OCR read have one; any other is a 404."""
    document = _document(slug)
    pages = {entry.get("page"): entry for entry in (document.ocr or {}).get("pages", [])}
    if page not in pages:
        raise Http404("This page was not read by OCR.")
    # shown as OCR read it: a page scanned sideways, upside down or askew comes upright
    turned = float(pages[page].get("turned") or 0)
    key = f"page-image:{document.sha256}:{page}:{turned}:{PAGE_IMAGE_LONG_SIDE}"
    png = cache.get(key)
    if png is None:
        from ..ingest.formats.scanned import page_png

        png = page_png(bytes(document.raw), document.source_format, page, PAGE_IMAGE_LONG_SIDE, turned=turned)
        if png is None:
            raise Http404("The page cannot be drawn from the stored file.")
        cache.set(key, png, PAGE_IMAGE_CACHE_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response
