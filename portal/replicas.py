"""Read replicas for the public pages: `DATABASE_REPLICA_URLS` (comma-separated) names them.

Each request that only reads (GET, HEAD, OPTIONS) is given one replica that answers, chosen
at random, at its start; every query of the request reads from it (ReplicaRouter). Writes
always go to the primary, and so do all reads of a request that may write (POST and the
rest) and of the requests that follow one within GONGKAI_REPLICA_STICKY_SECONDS (a short-lived
cookie set on the answer to any such request): a staff member who has just uploaded or
corrected a document sees it at once, whatever the replicas' lag. A replica that does not
answer is left out for RETRY_SECONDS and the primary serves in its place. Code outside a request
(commands, workers) reads from the primary.
"""
import contextvars
import random
import time

from django.conf import settings
from django.db import connections
from django.db.utils import DatabaseError

PRIMARY = "default"
PRIMARY_COOKIE = "gongkai_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
RETRY_SECONDS = 30

_read_from = contextvars.ContextVar("read_from", default=PRIMARY)
_down_until = {}


def replica_aliases():
    return [alias for alias in connections.settings if alias.startswith("replica")]


def pick_replica():
    """A replica that answers now (a new connection, or the kept one still alive), else the primary."""
    now = time.monotonic()
    aliases = [alias for alias in replica_aliases() if _down_until.get(alias, 0) <= now]
    random.shuffle(aliases)
    for alias in aliases:
        connection = connections[alias]
        try:
            if connection.connection is not None and not connection.is_usable():
                connection.close()
            if connection.connection is None:
                with connection.wrap_database_errors:
                    connection.connect()
            return alias
        except DatabaseError:
            connection.close()
            _down_until[alias] = now + RETRY_SECONDS
    return PRIMARY


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _read_from.get()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads_only = request.method in SAFE_METHODS and not request.COOKIES.get(PRIMARY_COOKIE)
        token = _read_from.set(pick_replica() if reads_only else PRIMARY)
        try:
            response = self.get_response(request)
        finally:
            _read_from.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PRIMARY_COOKIE, "1", max_age=settings.GONGKAI_REPLICA_STICKY_SECONDS, httponly=True,
                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
