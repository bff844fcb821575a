from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from ..models import Document


def home(request):
    documents = Document.objects.published().select_related("publisher")
    return render(request, "documents/home.html", {"documents": documents})


def detail(request, slug):
    document = get_object_or_404(Document.objects.published().select_related("publisher"), slug=slug)
    tables = document.tables_by_section()
    sections = [(section, tables.get(section.order, [])) for section in document.sections.all()]
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "sections": sections,
            "checks": document.checks.all(),
            "tasks": document.commitments.filter(kind="task"),
            "targets": document.commitments.filter(kind="target"),
        },
    )


def raw(request, slug):
    """The file exactly as it was ingested, as a download: never rendered by the browser."""
    document = get_object_or_404(Document.objects.published(), slug=slug)
    response = HttpResponse(bytes(document.raw), content_type="application/octet-stream")
    filename = document.filename or f"{document.slug}.txt"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Content-SHA256"] = document.sha256
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name, safe="")
