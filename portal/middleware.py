"""Guards every request passes before any view sees it."""
from urllib.parse import unquote_to_bytes, urlencode

from django.http import QueryDict

from .errors import bad_request


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
