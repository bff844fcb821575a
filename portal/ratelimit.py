"""Rate limits, counted in the database (every worker of every server shares the count).

Each limit is a number of requests per window of seconds, per client address, for a kind of
request: searches, comparisons, the API, and login attempts. A request over the limit gets
429 with Retry-After. One statement counts a request: an upsert whose row lock makes
concurrent increments exact.
"""
import random
import time

from django.conf import settings
from django.db import connection

from .errors import too_many_requests


def bucket(request):
    """Which limit a request falls under, if any."""
    path = request.path
    if path.startswith("/admin/login/") and request.method == "POST":
        return "login"
    if path.startswith(("/search/", "/search.", "/api/search/")):
        return "search"
    if path.startswith("/compare"):
        return "compare"
    if path.startswith("/api/"):
        return "api"
    return None


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind a reverse proxy the address the proxy
    appended to X-Forwarded-For (the rightmost: anything left of it the client could forge)."""
    if settings.GONGKAI_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()[:100]
    return request.META.get("REMOTE_ADDR", "")[:100]


def hit(key, period):
    """Count one request under `key` in the current window; return (count, seconds left)."""
    now = time.time()
    window = int(now // period * period)
    # A count lost in a crash costs nothing: its commit need not wait for the disk (a third of
    # the time of a plain commit). One statement, so one round trip to the database on every
    # limited request: the setting is made local to the statement's own transaction by
    # set_config (SET LOCAL would need a transaction of several statements), or to the caller's
    # transaction when there is one.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO portal_ratecount (key, window_start, count)"
            " SELECT %s, %s, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS unsynced"
            " ON CONFLICT (key, window_start) DO UPDATE SET count = portal_ratecount.count + 1 RETURNING count",
            [key, window],
        )
        count = cursor.fetchone()[0]
    # Old windows are dropped now and then, by whichever request comes along.
    if random.random() < 0.01:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM portal_ratecount WHERE window_start < %s", [window - 86400])
    return count, int(window + period - now) + 1


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = bucket(request)
        limit = settings.GONGKAI_RATE_LIMITS.get(name) if name else None
        if limit:
            allowed, period = limit
            count, retry_after = hit(f"{name}:{client_address(request)}", period)
            if count > allowed:
                return too_many_requests(request, name, allowed, period, retry_after)
        return self.get_response(request)
