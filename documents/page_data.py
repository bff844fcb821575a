"""Every page as data, Datasette style: the same path with `.json` or `.csv`.

`/documents/?kind=work_plan` is also `/documents.json?kind=work_plan` and
`/documents.csv?kind=work_plan`; the site root `/` is `/index.json`. A `format=json|csv`
query parameter does the same on the HTML path. Views build their rows once and hand them
here; these helpers decide nothing about what a page contains.

CSV is UTF-8 with a byte order mark, which is how Excel (a Chinese Windows' above all) knows the
file is UTF-8 rather than GBK; `?bom=0` on any CSV address gives plain UTF-8 for tools that want
it. Every page route is made by `page_routes`, which applies that choice, so no view handles it.
"""
import csv
import io
import json
from decimal import Decimal
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.urls import path
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.functional import Promise

FORMATS = ("json", "csv")

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FormatConverter:
    """The URL part after the dot: `documents.<fmt:fmt>`."""

    regex = "json|csv"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


BOM = "\ufeff"
# `?bom=0` (or false, no): CSV without the byte order mark.
BOM_PARAM = "bom"
_NO = ("0", "false", "no")


def page_routes(route, view, name):
    """A page's routes: `route/` and `route.<fmt>` (`index.<fmt>` for the site root), both
    answered by `view`, which gets the format (None for HTML). The data route is `name`-data."""
    view = _csv_encoding(view)
    return [
        path(f"{route}/" if route else "", view, name=name),
        path(f"{route or 'index'}.<fmt:fmt>", view, name=f"{name}-data"),
    ]


def wants_bom(request) -> bool:
    return request.GET.get(BOM_PARAM, "").strip().lower() not in _NO


def _csv_encoding(view):
    """`view` whose CSV answers drop the byte order mark when the request asks for plain UTF-8."""
    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(response, "csv_bom", False) and not wants_bom(request):
            response.content = response.content[len(BOM.encode()):]
            response.csv_bom = False
        return response
    return answer


def requested_format(request, fmt=None):
    """The format a view should answer in: from the path suffix, else `?format=`; None is HTML."""
    if fmt:
        return fmt
    asked = request.GET.get("format")
    return asked if asked in FORMATS else None


def data_path(path, fmt):
    """The path of a page's data: `/documents/` -> `/documents.json`, `/` -> `/index.json`."""
    base = path.rstrip("/") or "/index"
    return f"{base}.{fmt}"


def data_url(request, fmt):
    """This page's data URL, keeping its query string (filters, sorting, page) but not `format`."""
    query = request.GET.copy()
    query.pop("format", None)
    path = data_path(request.path, fmt)
    return f"{path}?{query.urlencode()}" if query else path


def csv_cell(value):
    """A value as a CSV cell: numbers stay numbers, text that a spreadsheet would run is quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        # A leading apostrophe is what spreadsheets themselves use to mark a cell as text.
        return "'" + text
    return text


def number(value: Decimal):
    """Decimal as int when whole (11337464.0000 -> 11337464), else float; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


class DataEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return number(o)
        if hasattr(o, "isoformat"):
            return o.isoformat()
        if isinstance(o, (set, frozenset)):
            return sorted(o)
        if isinstance(o, Promise):
            # A label marked for translation: the data reads the same whatever the reader's
            # interface language, in the source language.
            with translation.override(settings.LANGUAGE_CODE):
                return str(o)
        return super().default(o)


def dumps(data):
    """JSON text with `<`, `>` and `&` escaped, so that no reading of it as HTML runs anything.
    On one line: with an indent the standard library encodes in Python, several times slower
    on a big page (the data-quality view's whole JSON), and browsers indent it for reading."""
    text = json.dumps(data, cls=DataEncoder, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def json_response(data, status=200):
    response = HttpResponse(dumps(data), content_type="application/json; charset=utf-8", status=status)
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def csv_response(columns, rows, filename):
    """`rows` are dicts; `columns` names and orders the keys written (the header row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(c) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    response = HttpResponse(BOM + out.getvalue(), content_type="text/csv; charset=utf-8")
    response.csv_bom = True  # page_routes takes it off for `?bom=0`
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def respond(fmt, *, data, columns, rows, filename):
    """The page as `fmt`: `data` is the JSON body, `columns`/`rows` the CSV table."""
    if fmt == "json":
        return json_response(data)
    return csv_response(columns, rows, f"{filename}.csv")


def absolute(request, path):
    return iri_to_uri(request.build_absolute_uri(path))
