"""Counts of the public pages that read the whole collection (facets over every document),
kept in the cache until the collection changes.

The key holds the collection's generation (a sequence the database advances on every write to
documents or publishers, migration 0017), so a write makes every kept count unreachable at once,
on every server; PAGE_COUNTS_SECONDS bounds how long any is kept all the same.
"""
import hashlib
import json
import random
import re
import threading
import time
import zlib
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
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
# The public pages show the collection, and the collection changes only when documents,
# publishers, sections, figures, checks or commitments are written (which advances the
# generation). So a page rendered for an
# anonymous reader is the same for the next one until the collection changes: it is kept under
# its URL (scheme, host, path and query) and language, with the generation it was rendered at,
# and served again while that generation holds. It is kept in the process and in a table every
# worker and server shares (portal.KeptPage), read in the same round trip as the generation.
# While the collection is being written (a bulk ingest advances the generation every second or
# so), a page rendered less than GONGKAI_PAGE_LAG seconds ago is served although the generation
# moved on: a page is never more than that behind the collection, plus at most RENDERING_GRACE
# (while a thread renders a page again, the process's other readers of it get the copy it
# replaces if that is so recent). docs/performance.md says more.

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
# While a thread renders a page again, the others serve the copy it replaces only if that copy
# is less than this many seconds past GONGKAI_PAGE_LAG (a page read rarely renders for each).
RENDERING_GRACE = 5.0
# One shared page in this many stores also drops the oldest beyond GONGKAI_PAGE_CACHE_SHARED.
_CULL_EVERY = 50

_LOOK_UP = (
    "SELECT g.number, p.generation, p.rendered, p.exact, p.status, p.headers,"
    " CASE WHEN p.rendered = %s THEN NULL ELSE p.content END"
    " FROM (SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS number FROM documents_generation) g"
    " LEFT JOIN portal_keptpage p ON p.key = %s"
)
# A page lost in a crash costs one rendering: its commit need not wait for the disk.
_STORE = (
    "INSERT INTO portal_keptpage (key, generation, rendered, exact, status, headers, content)"
    " SELECT %s, %s::bigint, %s::double precision, %s::boolean, %s::smallint, %s::jsonb, %s::bytea FROM (SELECT set_config('synchronous_commit', 'off', true)) AS unsynced"
    " ON CONFLICT (key) DO UPDATE SET generation = EXCLUDED.generation, rendered = EXCLUDED.rendered,"
    " exact = EXCLUDED.exact, status = EXCLUDED.status, headers = EXCLUDED.headers, content = EXCLUDED.content"
    " WHERE portal_keptpage.rendered < EXCLUDED.rendered"
)
_CULL = (
    "DELETE FROM portal_keptpage WHERE rendered < %s OR key IN"
    " (SELECT key FROM portal_keptpage ORDER BY rendered DESC OFFSET %s)"
)


class _Kept:
    __slots__ = ("generation", "rendered", "exact", "status", "headers", "content")

    def __init__(self, generation, rendered, exact, status, headers, content):
        self.generation, self.rendered, self.exact, self.status, self.headers, self.content = (
            generation, rendered, exact, status, headers, content)


class PageCacheMiddleware:
    """Keeps the answers of KEPT_VIEWS for anonymous GET requests (see above). Last in the
    middleware list, so that every other middleware (rate limits, language, security headers,
    the CSRF cookie) still runs for a kept page as for a rendered one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.kept = OrderedDict()
        self.first_seen = {}  # generation -> when this process first read it
        self.rendering = set()  # keys of the pages a thread of this process is rendering again
        self.lock = threading.Lock()

    def __call__(self, request):
        try:
            response = self.get_response(request)
            pending = getattr(request, "_page_cache", None)
            if pending is not None and self._keepable(request, response):
                self._keep(*pending, response)
            return response
        finally:
            rendering = getattr(request, "_page_rendering", None)
            if rendering is not None:
                with self.lock:
                    self.rendering.discard(rendering)

    def process_view(self, request, view_func, args, kwargs):
        if not self._asked_for(request):
            return None
        url = request.build_absolute_uri()
        key = hashlib.sha256(f"{translation.get_language()} {url}".encode()).hexdigest()
        with self.lock:
            local = self.kept.get(key)
        number, shared = self._look_up(key, local)
        now = time.time()
        with self.lock:
            if shared is not None and (local is None or shared.rendered > local.rendered):
                self._put(key, shared)
                local = shared
            elif local is not None:
                self.kept.move_to_end(key)
            usable = local is not None and now - local.rendered < settings.GONGKAI_PAGE_MAX_SECONDS
            current = usable and (
                (local.exact and local.generation == number) or now - local.rendered < settings.GONGKAI_PAGE_LAG)
            # One thread of the process renders a page again; its other readers meanwhile get
            # the copy that rendering replaces, rather than each rendering it too, while that
            # copy is less than RENDERING_GRACE seconds past the lag.
            if usable and not current and key in self.rendering and (
                    now - local.rendered < settings.GONGKAI_PAGE_LAG + RENDERING_GRACE):
                current = True
            elif not current and key not in self.rendering:
                self.rendering.add(key)
                request._page_rendering = key
        if current:
            return self._answer(request, local)
        request._page_cache = (key, number, now, self._surely_visible(number, now))
        return None

    def _surely_visible(self, number, now):
        """Whether every write of generation `number` is visible to a page rendered now. A
        writer's generation is taken just before its commit shows, so a page rendered in between
        would show the state before the commit under the generation after it: only once the
        generation is older than GONGKAI_PAGE_LAG (since this process first read it, which is
        after it was taken) is a page rendered at it kept as exact; before, as at most that
        many seconds behind."""
        with self.lock:
            seen = self.first_seen.setdefault(number, now)
            if len(self.first_seen) > 64:
                for old in sorted(self.first_seen)[:-32]:
                    del self.first_seen[old]
        return now >= seen + settings.GONGKAI_PAGE_LAG

    @staticmethod
    def _look_up(key, local):
        """(the collection's generation, the shared copy of the page or None): one round trip,
        the shared copy's body left in the database when it is the one this process holds."""
        with connection.cursor() as cursor:
            cursor.execute(_LOOK_UP, [local.rendered if local else -1.0, key])
            number, generation, rendered, exact, status, headers, content = cursor.fetchone()
        if generation is None:
            return number, None
        if content is None:
            return number, local
        # Django reads jsonb as text (its JSONField decodes it).
        headers = json.loads(headers) if isinstance(headers, str) else headers
        return number, _Kept(generation, rendered, exact, status, headers, zlib.decompress(bytes(content)))

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

    def _put(self, key, kept):
        self.kept[key] = kept
        self.kept.move_to_end(key)
        while len(self.kept) > settings.GONGKAI_PAGE_CACHE_ENTRIES:
            self.kept.popitem(last=False)

    def _keep(self, key, number, rendered, exact, response):
        content = _TOKEN.sub(rb"\1" + _TOKEN_MARK + rb"\2", response.content)
        kept = _Kept(number, rendered, exact, response.status_code, dict(response.items()), content)
        with self.lock:
            self._put(key, kept)
        statement = _STORE
        params = [key, number, rendered, exact, kept.status, json.dumps(kept.headers), zlib.compress(content, 1)]
        if random.randrange(_CULL_EVERY) == 0:
            # In the same round trip: a page costs the same statements whether or not it culls.
            statement = f"{_STORE}; {_CULL}"
            params += [time.time() - settings.GONGKAI_PAGE_MAX_SECONDS, settings.GONGKAI_PAGE_CACHE_SHARED]
        with connection.cursor() as cursor:
            cursor.execute(statement, params)

    @staticmethod
    def _answer(request, kept):
        content = kept.content
        if _TOKEN_MARK in content:
            # This reader's own token (and cookie, set by the CSRF middleware as for any page).
            content = content.replace(_TOKEN_MARK, get_token(request).encode())
        response = HttpResponse(content, status=kept.status)
        for name, value in kept.headers.items():
            response[name] = value
        return response


def not_kept(request):
    """Says that this request's answer must not be kept (a search cut short by its time limit)."""
    getattr(request, "_request", request).page_not_kept = True
