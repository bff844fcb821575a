"""Counts of the public pages that read the whole collection (facets over every document),
kept in the cache until the collection changes.

The key holds the collection's generation (a sequence the database advances on every write to
documents or publishers, migration 0017), so a write makes every kept count unreachable at once,
on every server; PAGE_COUNTS_SECONDS bounds how long any is kept all the same.
"""
import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils import translation

PAGE_COUNTS_SECONDS = 600
# Below this many documents (the planner's estimate) counting is cheaper than the cache's own
# round trips: counted every time.
CACHE_FROM_DOCUMENTS = 20_000


def generation():
    """(the collection's generation, which changes with every write to documents or publishers;
    the planner's estimate of the number of documents)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN is_called THEN last_value ELSE 0 END, reltuples"
            " FROM documents_generation, pg_class WHERE pg_class.oid = 'documents_document'::regclass"
        )
        return cursor.fetchone()


def advance():
    """A new generation, for a write that changes what pages show without writing documents or
    publishers (sections' topics or search columns assigned again)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('documents_generation')")


def remembered(name, params, compute):
    """compute(), or what it gave for the same `name` and `params` (pairs) in this generation."""
    number, documents = generation()
    if documents < CACHE_FROM_DOCUMENTS:  # -1 before the first ANALYZE
        return compute()
    words = repr((name, sorted(params), number)).encode()
    key = f"pagecounts:{name}:{hashlib.sha256(words).hexdigest()}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, PAGE_COUNTS_SECONDS)
    return found


# Whole pages for anonymous readers ---------------------------------------------------------
#
# The public pages show the collection, and the collection changes only when documents or
# publishers are written (which advances the generation). So a page rendered for an anonymous
# reader is the same for the next one until the collection changes: it is kept, in the process,
# under its URL (scheme, host, path and query) and language, with the generation it was
# rendered at, and served again while that generation holds. While the collection is being
# written (a bulk ingest advances the generation every few hundred milliseconds), a page
# rendered less than PAGE_LAG seconds ago is served although the generation moved on: a page
# is never more than PAGE_LAG seconds behind the collection. docs/performance.md says more.

import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import get_token

# The views whose answers are kept (URL names): pages of the collection, the same for every
# anonymous reader (a comparison of two documents too: a comparison still being prepared
# answers 202, never kept). The dataset page reads files, not the collection; the admin and
# forms are never kept.
KEPT_VIEWS = {
    f"documents:{name}{suffix}"
    for name in ("home", "list", "publishers", "publisher", "detail", "metrics", "search", "topics", "topic")
    for suffix in ("", "-data")
} | {"api:document-list", "api:document-detail", "api:publisher-list", "api:publisher-detail",
     "api:metric-list", "api:search", "comparisons:two", "comparisons:two-data"}
# The language switcher's token is each reader's own: kept pages hold a mark in its place.
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
_TOKEN_MARK = b"\x00csrf\x00"


class _Kept:
    __slots__ = ("generation", "rendered", "exact", "status", "headers", "content")


class PageCacheMiddleware:
    """Keeps the answers of KEPT_VIEWS for anonymous GET requests (see above). Last in the
    middleware list, so that every other middleware (rate limits, language, security headers,
    the CSRF cookie) still runs for a kept page as for a rendered one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.kept = OrderedDict()
        self.first_seen = {}  # generation -> when this process first read it
        self.lock = threading.Lock()

    def __call__(self, request):
        response = self.get_response(request)
        pending = getattr(request, "_page_cache", None)
        if pending is not None and self._keepable(request, response):
            self._keep(*pending, response)
        return response

    def process_view(self, request, view_func, args, kwargs):
        if not self._asked_for(request):
            return None
        key = (request.build_absolute_uri(), translation.get_language())
        number, _ = generation()
        now = time.time()
        with self.lock:
            seen = self.first_seen.setdefault(number, now)
            if len(self.first_seen) > 64:
                for old in sorted(self.first_seen)[:-32]:
                    del self.first_seen[old]
            kept = self.kept.get(key)
            if kept is not None:
                self.kept.move_to_end(key)
        if kept is not None and now - kept.rendered < settings.GONGKAI_PAGE_MAX_SECONDS:
            # The same generation, rendered once its writes were surely visible (a writer's
            # generation is taken just before its commit shows: a page rendered in between
            # would show the state before the commit under the generation after it).
            exact = kept.generation == number and kept.rendered >= seen + settings.GONGKAI_PAGE_LAG
            if exact or now - kept.rendered < settings.GONGKAI_PAGE_LAG:
                return self._answer(request, kept)
        request._page_cache = (key, number, now)
        return None

    @staticmethod
    def _asked_for(request):
        if request.method != "GET" or settings.GONGKAI_PAGE_CACHE_ENTRIES <= 0:
            return False
        match = request.resolver_match
        if match is None or match.view_name not in KEPT_VIEWS:
            return False
        # A reader with a session (signed in, or with messages waiting) gets pages of their own.
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    @staticmethod
    def _keepable(request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(request, "page_not_kept", False)
            and "no-store" not in response.get("Cache-Control", "")
            and "private" not in response.get("Cache-Control", "")
        )

    def _keep(self, key, number, rendered, response):
        kept = _Kept()
        kept.generation, kept.rendered, kept.status = number, rendered, response.status_code
        kept.headers = dict(response.items())
        kept.content = _TOKEN.sub(rb"\1" + _TOKEN_MARK + rb"\2", response.content)
        with self.lock:
            self.kept[key] = kept
            self.kept.move_to_end(key)
            while len(self.kept) > settings.GONGKAI_PAGE_CACHE_ENTRIES:
                self.kept.popitem(last=False)

    @staticmethod
    def _answer(request, kept):
        content = kept.content
        if _TOKEN_MARK in content:
            # This reader's own token (and cookie, set by the CSRF middleware as for any page).
            content = content.replace(_TOKEN_MARK, get_token(request).encode())
        response = HttpResponse(content, status=kept.status)
        for name, value in kept.headers.items():
            response[name] = value
        response["Content-Length"] = str(len(content))
        return response


def not_kept(request):
    """Says that this request's answer must not be kept (a search cut short by its time limit)."""
    getattr(request, "_request", request).page_not_kept = True
