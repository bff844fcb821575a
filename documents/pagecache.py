"""Counts of the public pages that read the whole collection (facets over every document),
kept in the cache until the collection changes.

The key holds the collection's generation (a sequence the database advances on every write to
documents or publishers, migration 0017), so a write makes every kept count unreachable at once,
on every server; PAGE_COUNTS_SECONDS bounds how long any is kept all the same.
"""
import hashlib

from django.core.cache import cache
from django.db import connection

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
