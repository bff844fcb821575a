"""The embedded server's memory is sized from the machine's."""
import os
from pathlib import Path

import psutil
import pytest
from django.db import connection

from portal.pgserver import memory_settings

GB = 1024 ** 3


def test_a_small_machine_gets_the_floors_and_a_large_one_the_caps():
    assert memory_settings(1 * GB) == {
        "shared_buffers": 128, "effective_cache_size": 512, "work_mem": 4, "maintenance_work_mem": 64,
    }
    assert memory_settings(512 * GB) == {
        "shared_buffers": 8192, "effective_cache_size": 262144, "work_mem": 64, "maintenance_work_mem": 1024,
    }


def test_a_machine_in_between_gets_an_eighth_for_buffers_and_half_for_the_planners_cache():
    sized = memory_settings(16 * GB)
    assert sized["shared_buffers"] == 2048 and sized["effective_cache_size"] == 8192
    assert 4 < sized["work_mem"] < 64


@pytest.mark.django_db
@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="DATABASE_URL is set: the suite runs on that server, not the embedded one")
@pytest.mark.skipif(os.environ.get("GONGKAI_PG_MEMORY", "").lower() in ("off", "0", "no"), reason="GONGKAI_PG_MEMORY is off")
def test_the_running_embedded_server_uses_the_settings_sized_from_this_machine():
    wanted = memory_settings(psutil.virtual_memory().total)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem'), current_setting('effective_cache_size')")
        work_mem, cache_size = cursor.fetchone()
    assert work_mem == f"{wanted['work_mem']}MB"
    assert cache_size in (f"{wanted['effective_cache_size']}MB", f"{wanted['effective_cache_size'] // 1024}GB")


@pytest.mark.skipif(os.environ.get("GONGKAI_PG_MEMORY", "").lower() in ("off", "0", "no"), reason="GONGKAI_PG_MEMORY is off")
def test_a_server_started_on_a_fresh_data_folder_runs_with_the_shared_buffers_sized_for_this_machine():
    # PostgreSQL starts with its 128 MB; nothing else uses the new server yet, so it is
    # restarted at once rather than left so until its next start.
    import shutil
    import tempfile

    import psycopg

    from portal import pgserver

    wanted = memory_settings(psutil.virtual_memory().total)["shared_buffers"]
    # A folder the server's own user can reach when the tests run as root (pytest's are private).
    folder = Path(tempfile.mkdtemp(prefix="gongkai-pgdata-"))
    folder.chmod(0o755)
    server = pgserver.ensure_running(folder / "pgdata")
    try:
        with psycopg.connect(server.uri("postgres")) as conn:
            setting = conn.execute("SELECT current_setting('shared_buffers')").fetchone()[0]
        assert setting in (f"{wanted}MB", f"{wanted // 1024}GB")
    finally:
        pgserver._servers.pop(str((folder / "pgdata").resolve()), None)
        server.handle.cleanup()  # stopped now, not when the test session ends
        shutil.rmtree(folder, ignore_errors=True)
