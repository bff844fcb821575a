"""Guards every request passes before any view sees it."""
from urllib.parse import unquote_to_bytes, urlencode

from django.conf import settings
from django.http import QueryDict

from .errors import bad_request, too_large


class NulMiddleware:
    """No NUL character reaches a view: PostgreSQL cannot store or compare text holding one, so
    wherever a view handed such a parameter to the database the answer would be a server error.

    In the query string NUL is dropped (a form field or a search holds no meaningful NUL, and a
    search with stray control characters still gets its page); in the path, where it would be
    part of a document's or a metric's name, the request is refused with 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("PATH_INFO", ""):
            return bad_request(request, message="地址中含有空字符 (NUL)。")
        query = request.META.get("QUERY_STRING", "")
        if b"\x00" in unquote_to_bytes(query.replace("+", " ")):
            cleaned = [
                (key.replace("\x00", ""), value.replace("\x00", ""))
                for key, values in request.GET.lists()
                for value in values
            ]
            request.META["QUERY_STRING"] = urlencode(cleaned)
            request.GET = QueryDict(request.META["QUERY_STRING"])
        return self.get_response(request)


class BodySizeMiddleware:
    """A request whose Content-Length says its body is larger than GONGKAI_MAX_REQUEST_BYTES is
    refused with 413 before any of it is read: Django's own limits apply to form fields, while
    uploaded files would be streamed to disk in full before a view could look at their size."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request, message="Content-Length 不是数字。")
        limit = settings.GONGKAI_MAX_REQUEST_BYTES
        if length > limit:
            return too_large(request, length, limit)
        return self.get_response(request)
