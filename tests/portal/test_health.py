"""/healthz says whether the server can answer: database reachable, migrations applied."""
import pytest
from django.db import OperationalError, connection, connections

from portal import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def unchecked(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)


def test_a_migrated_database_that_answers_is_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied"}
    assert "no-cache" in response["Cache-Control"]


def test_a_migration_not_applied_is_a_503_naming_it(client):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'portal' AND name = '0001_initial'")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["pending"] == ["portal.0001_initial"]


def test_a_database_that_does_not_answer_is_a_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("unreachable")


def test_health_checks_over_plain_http_are_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/documents/").status_code == 301
