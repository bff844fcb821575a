"""The REST framework classes that settings name (kept apart from api.py, which imports
views that read those settings: naming api.py in settings would be a circular import)."""
from rest_framework import pagination, renderers
from rest_framework.exceptions import ValidationError


class SafeJSONRenderer(renderers.JSONRenderer):
    """JSON with `<`, `>` and `&` written as \\u escapes: inert even if read as HTML."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        return body.replace(b"&", b"\\u0026").replace(b"<", b"\\u003c").replace(b">", b"\\u003e")


def whole_numbers(params, *names):
    """Refuse (400) a paging parameter that is given but not a whole number: `size=null`
    silently meaning the default would hide the caller's mistake."""
    wrong = {}
    for name in names:
        value = params.get(name)
        if value and not value.strip().lstrip("-").isdigit():
            wrong[name] = [f"应为整数 (a whole number), got {value[:50]!r}"]
    if wrong:
        raise ValidationError(wrong)


class Pages(pagination.PageNumberPagination):
    """`?page=` and `?size=` (at most 1000), as on the HTML pages."""

    page_size = 50
    page_size_query_param = "size"
    max_page_size = 1000

    def paginate_queryset(self, queryset, request, view=None):
        whole_numbers(request.query_params, self.page_size_query_param)
        return super().paginate_queryset(queryset, request, view)


# What the API answers besides 200, as every operation's schema says: a refused parameter
# (400: the parameter's name and what was wrong, or `detail`), an unknown object or page (404),
# too many requests (429).
_ERRORS = {
    "400": ("请求参数有误 Invalid parameters", {
        "type": "object",
        "additionalProperties": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    }),
    "404": ("不存在 Not found", {
        "type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"],
    }),
    "429": ("请求过于频繁 Too many requests", {
        "type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"],
    }),
}


def _empty_allowed(schema):
    """An empty query parameter means the parameter is not given (as an HTML form sends an
    empty field), whatever its type: the schema says so."""
    if schema.get("type") == "string" and "enum" in schema:
        return {**schema, "enum": [*schema["enum"], ""] if "" not in schema["enum"] else schema["enum"]}
    if schema.get("type") in ("integer", "number", "boolean"):
        return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
    return schema


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error answers on every operation, and the
    empty value every query parameter may have."""
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["schema"] = _empty_allowed(parameter.get("schema", {}))
            responses = operation.setdefault("responses", {})
            for code, (description, body) in _ERRORS.items():
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": body}},
                })
    return result
