"""Request bodies refused from their declared size, and rate limits counted in the database,
which every worker of every server shares."""
import pytest
from django.db import connection

from portal.models import RateCount
from portal.limits import parse_limits

pytestmark = pytest.mark.django_db


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_an_upload_larger_than_the_limit_is_refused_from_its_content_length_before_any_of_it_is_read(client, settings):
    settings.GONGKAI_MAX_REQUEST_BYTES = 1024 * 1024
    response = client.generic(
        "POST", "/admin/documents/document/upload/", b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(120 * 1024 * 1024), **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "120.0 MB" in response.content.decode()
    assert response["Content-Security-Policy"]


def test_a_request_within_the_limit_goes_through(client, settings):
    settings.GONGKAI_MAX_REQUEST_BYTES = 1024 * 1024
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 200


@pytest.fixture
def limits(settings):
    settings.GONGKAI_RATE_LIMITS = parse_limits("search=3/60,api=4/60,compare=2/60,login=3/600")
    return settings


def test_searches_over_the_limit_get_429_with_the_time_to_wait(client, limits):
    statuses = [client.get("/search/", {"q": "公开"}).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = client.get("/search.json", {"q": "公开"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 61
    assert "过于频繁" in refused.content.decode()


def test_each_kind_of_request_and_each_address_has_its_own_count(client, limits):
    for _ in range(3):
        client.get("/search/", {"q": "公开"})
    assert client.get("/api/documents/").status_code == 200
    assert client.get("/search/", {"q": "公开"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/documents/").status_code == 200  # pages that cost little are not limited


def test_the_api_over_its_limit_answers_json_429(client, limits):
    statuses = [client.get("/api/documents/").status_code for _ in range(5)]
    assert statuses[-1] == 429
    assert client.get("/api/publishers/").json()["detail"]


def test_the_count_is_kept_in_the_database_where_every_worker_reads_it(client, limits):
    client.get("/compare/", {"d": ["a", "b"]})
    row = RateCount.objects.get(key="compare:127.0.0.1")
    assert row.count == 1
    # Another worker's request is one more row update, not a count of its own.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE portal_ratecount SET count = count + 1 WHERE key = 'compare:127.0.0.1'")
    assert client.get("/compare/", {"d": ["a", "b"]}).status_code == 429


def test_login_attempts_are_throttled_even_with_the_right_password(client, limits, django_user_model):
    django_user_model.objects.create_superuser("clerk", "clerk@example.org", "right-password")
    for _ in range(3):
        response = client.post("/admin/login/", {"username": "clerk", "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/admin/login/", {"username": "clerk", "password": "right-password"})
    assert response.status_code == 429
    assert client.get("/admin/login/").status_code == 200  # the form itself stays readable


def test_behind_a_proxy_the_client_is_the_address_the_proxy_added(client, limits):
    limits.GONGKAI_BEHIND_PROXY = True
    for _ in range(3):
        client.get("/search/", {"q": "公开"}, HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.7")
    # A forged left-hand address changes nothing; a different client does.
    assert client.get("/search/", {"q": "公开"}, HTTP_X_FORWARDED_FOR="9.9.9.9, 10.0.0.7").status_code == 429
    assert client.get("/search/", {"q": "公开"}, HTTP_X_FORWARDED_FOR="10.0.0.8").status_code == 200


def test_the_limits_setting_reads_requests_per_seconds_or_off():
    assert parse_limits("search=120/60, login=10/600") == {"search": (120, 60), "login": (10, 600)}
    assert parse_limits("off") == {}
