"""A page that was asked for and is not there: said in words, with the way back, status 404.

Views answer this themselves rather than raising Http404, so a reader meets the same plain page
whether the site runs with DEBUG or not; a data request gets the same words as JSON."""
from django.shortcuts import render

from .. import page_data


def not_found(request, message, back_url, back_text, fmt=None, detail=""):
    if fmt:
        return page_data.json_response({"error": message, "detail": detail or None}, status=404)
    return render(request, "documents/not_found.html", {
        "message": message, "detail": detail, "back_url": back_url, "back_text": back_text,
    }, status=404)
