"""`manage.py backup FILE` and `manage.py restore FILE`: a backup restored into a fresh database
holds every table, row for row."""
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.db import connection

from tests.documents.corpus import yangpu_and_changning

ROOT = Path(__file__).resolve().parents[2]


def url(params, dbname):
    user = quote(params.get("user") or "postgres", safe="")
    password = f":{quote(str(params['password']), safe='')}" if params.get("password") else ""
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{user}{password}@{quote(str(params['host']), safe='')}{port}/{dbname}"


def manage(database_url, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True, text=True, timeout=300,
    )


def tables_and_contents(conninfo):
    """Every table of the public schema: its row count and a digest of its rows in a fixed order."""
    with psycopg.connect(conninfo) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )]
        out = {}
        for name in names:
            out[name] = conn.execute(
                f'SELECT count(*), md5(coalesce(string_agg(md5(t::text), \'\' ORDER BY md5(t::text)), \'\')) FROM "{name}" t'
            ).fetchone()
        return out


@pytest.fixture
def fresh_database():
    params = connection.get_connection_params()
    name = f"gongkai_restore_check_{os.getpid()}"
    admin = {**params, "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_holds_every_table_row_for_row(tmp_path, fresh_database):
    yangpu_and_changning()
    params = connection.get_connection_params()
    source = url(params, connection.settings_dict["NAME"])
    backup = tmp_path / "gongkai.dump"

    made = manage(source, "backup", str(backup))
    assert made.returncode == 0, made.stderr
    assert backup.stat().st_size > 10_000
    assert not (tmp_path / "gongkai.dump.partial").exists()

    restored = manage(url(params, fresh_database), "restore", str(backup), "--noinput")
    assert restored.returncode == 0, restored.stderr

    before = tables_and_contents(source)
    after = tables_and_contents(url(params, fresh_database))
    assert set(after) == set(before)
    assert before["documents_document"][0] == 3 and before["documents_section"][0] > 50
    assert after == before


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a backup")
    params = connection.get_connection_params()
    result = manage(url(params, connection.settings_dict["NAME"]), "restore", str(not_a_backup), "--noinput")
    assert result.returncode != 0
    assert "not a backup" in result.stderr
