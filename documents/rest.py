"""The REST framework classes that settings name (kept apart from api.py, which imports
views that read those settings: naming api.py in settings would be a circular import)."""
from rest_framework import pagination, renderers


class SafeJSONRenderer(renderers.JSONRenderer):
    """JSON with `<`, `>` and `&` written as \\u escapes: inert even if read as HTML."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return body.replace(b"&", b"\\u0026").replace(b"<", b"\\u003c").replace(b">", b"\\u003e")


class Pages(pagination.PageNumberPagination):
    """`?page=` and `?size=` (at most 1000), as on the HTML pages."""

    page_size = 50
    page_size_query_param = "size"
    max_page_size = 1000
