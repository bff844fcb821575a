"""No query string and no path makes the portal answer 5xx: hostile values (NUL, huge integers,
wrong types, non-slugs, 10,000 characters) in every parameter of every page and API endpoint.

Every named route is requested with real arguments and with each argument replaced by each
hostile value. Each of its URLs gets every hostile value in all parameters at once; each view
then gets each value in each parameter it reads on its own (so that one refused parameter
cannot hide another): the names its module reads from the query string, the filters it
applies, and paging and format."""
import inspect
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.urls import resolve

from documents.api import MetricFilter, SectionFilter
from documents.filters import DocumentFilter
from documents.search.sql import DOCUMENT_FILTERS, SECTION_FILTERS
from tests.documents.corpus import yangpu_and_changning
from tests.portal.routes import HOSTILE, urls

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# One parameter at a time: a huge integer, a fraction, a non-slug, 10,000 characters (NUL is
# dropped before any view runs, whatever the parameter).
ONE_AT_A_TIME = ["9" * 25, "1.5", "x/y z", "公" * 10000]

READ = re.compile(r"""(?:GET|query_params)\.(?:get|getlist)\(\s*["']([a-z_]+)["']""")
ALWAYS = {"page", "size", "format", "q", "sort"}
FILTERS = {
    "DocumentFilter": set(DocumentFilter.base_filters),
    "searching": set(DOCUMENT_FILTERS) | set(SECTION_FILTERS) | {"exact"},
}


def every_parameter_name():
    names = set(ALWAYS) | set(SectionFilter.base_filters) | set(MetricFilter.base_filters)
    for package in ("documents", "comparisons", "portal"):
        for path in (ROOT / package).rglob("*.py"):
            if "ingest" not in path.parts:
                names.update(READ.findall(path.read_text(encoding="utf-8")))
    for more in FILTERS.values():
        names.update(more)
    return sorted(names)


def parameters_of(view):
    """The query parameters a view reads: its module's, its filters', paging and format."""
    cls = getattr(view, "cls", None)
    source = inspect.getsource(inspect.getmodule(cls or view))
    names = set(ALWAYS) | set(READ.findall(source))
    for marker, more in FILTERS.items():
        if marker in source:
            names |= more
    filterset = getattr(cls, "filterset_class", None)
    if filterset:
        names |= set(filterset.base_filters)
    return sorted(names)


def test_no_hostile_value_in_any_parameter_of_any_page_or_api_endpoint_gives_a_server_error(client, settings):
    settings.GONGKAI_RATE_LIMITS = {}
    corpus = yangpu_and_changning()
    everything = every_parameter_name()
    failures, requests, views_done = [], 0, set()

    def get(url, params=None):
        nonlocal requests
        requests += 1
        target = f"{url}?{urlencode(params, doseq=True)}" if params else url
        try:
            status = client.get(target).status_code
        except Exception as exc:  # the test client raises what the server would answer 500 to
            status = f"{type(exc).__name__}: {str(exc)[:120]}"
        if not isinstance(status, int) or status >= 500:
            failures.append(f"{status} {target[:200]!r}")

    for url, real in urls(corpus):
        get(url)
        if not real:
            continue
        for value in HOSTILE:
            get(url, {name: value for name in everything})
        view = resolve(url).func
        if view in views_done:
            continue
        views_done.add(view)
        for name in parameters_of(view):
            for value in ONE_AT_A_TIME:
                get(url, {name: value, "q": "公开"} if name != "q" else {name: value})
    assert requests > 1000
    assert not failures, f"{len(failures)} of {requests} requests failed:\n" + "\n".join(failures[:60])
