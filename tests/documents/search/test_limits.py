"""The time limit a search's statements share (documents/search/limits.py)."""
import pytest
from django.db import connection

from documents.search import limits


@pytest.mark.django_db
def test_a_slow_search_is_cancelled_by_the_statement_timeout_and_the_timeout_restored():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()[0]
    with pytest.raises(limits.SearchTimeout):
        limits.run_bounded("SELECT pg_sleep(2)", [], timeout_ms=50)
    assert limits.run_bounded("SELECT current_setting('statement_timeout')", [], timeout_ms=1234) == [("1234ms",)]
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == before


@pytest.mark.django_db
def test_the_statements_of_one_search_share_its_time_limit():
    with pytest.raises(limits.SearchTimeout):
        with limits.bounded(timeout_ms=600):
            limits.run_bounded("SELECT pg_sleep(0.4)", [])  # each under the limit...
            limits.run_bounded("SELECT pg_sleep(0.4)", [])  # ...but not both


@pytest.mark.django_db
def test_a_quick_search_sets_its_time_limit_once_not_before_each_statement():
    from django.test.utils import CaptureQueriesContext

    with limits.bounded(timeout_ms=60_000), CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            limits.run_bounded("SELECT 1", [])
    assert [q["sql"] for q in queries.captured_queries] == ["SELECT 1"] * 3
