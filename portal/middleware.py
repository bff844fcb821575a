"""Guards every request passes before any view sees it."""
from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest


class RefuseNulMiddleware:
    """A NUL character in the path or the query string is refused with 400.

    PostgreSQL cannot store or compare text holding NUL, so a NUL that reached a query would
    be a server error wherever a view hands a parameter to the database; no document name,
    key or search ever holds one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw_path = request.META.get("PATH_INFO", "")
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in raw_path or b"\x00" in unquote_to_bytes(query.replace("+", " ")):
            return HttpResponseBadRequest("请求中含有空字符 (NUL)。", content_type="text/plain; charset=utf-8")
        return self.get_response(request)
