"""The dataset export follows each ingest in the background: an ingest leads to a new build,
and neither the ingest nor a page waits for one (/data/ serves the last complete build and says
a newer one is being built)."""
import json
import threading
import time

import pytest

from documents import dataset, rebuild
from documents.loader import ingest_bytes
from tests.conftest import sample_bytes

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def background(settings, tmp_path):
    settings.GONGKAI_DATASET_DIR = tmp_path
    settings.GONGKAI_DATASET_REBUILD = "thread"
    settings.GONGKAI_DATASET_DEBOUNCE = 0
    yield tmp_path
    # The builder's thread ends before the database is emptied under it.
    for thread in threading.enumerate():
        if thread.name == "dataset-export":
            thread.join(120)


def wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_an_ingest_leads_to_a_new_build_of_the_export(background):
    outcome = ingest_bytes(sample_bytes("shanghai-2023-annual-report"), filename="shanghai-2023-annual-report.txt")
    assert outcome.status == "created"
    assert wait_for(lambda: (dataset.read_manifest(background) or {}).get("files"))
    manifest = dataset.read_manifest(background)
    assert manifest["files"]["metrics.csv"]["rows"] > 0
    assert "34290" in (background / "metrics.csv").read_text(encoding="utf-8")
    assert wait_for(lambda: rebuild.state(background) == {"stale": None, "building": None})


def test_neither_the_ingest_nor_the_data_page_waits_for_a_build(background, client, monkeypatch):
    (background / "manifest.json").write_text(json.dumps(
        {"built_at": "2020-01-02T03:04:05+00:00", "parser_version": "1", "files": {}}), encoding="utf-8")
    started, release = threading.Event(), threading.Event()

    def slow_export(directory):
        started.set()
        release.wait(120)

    monkeypatch.setattr(dataset, "export", slow_export)
    try:
        outcome = ingest_bytes(sample_bytes("shanghai-2023-annual-report"), filename="a.txt")
        assert outcome.status == "created"
        assert started.wait(60)
        # The build is held up: the page still answers, from the last complete build.
        page = client.get("/data/").content.decode()
        assert "2020-01-02T03:04:05+00:00" in page and "正在生成更新的数据文件" in page
        data = json.loads(client.get("/data.json").content)
        assert data["rebuild"]["building_since"] and data["manifest"]["built_at"] == "2020-01-02T03:04:05+00:00"
        assert not release.is_set()
    finally:
        release.set()


def test_a_build_running_elsewhere_is_left_to_see_the_new_mark(background):
    # Another process holds the lock: scheduling only marks the export stale.
    other = rebuild._Lock(background)
    assert other.acquire()
    try:
        rebuild.schedule(background)
        assert rebuild.state(background)["stale"] is not None
        assert not [t for t in threading.enumerate() if t.name == "dataset-export"]
        assert rebuild.build_when_stale(background, debounce=0) == 0
    finally:
        other.release()


def test_the_command_for_cron_builds_only_when_documents_were_stored_since(background):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("export_dataset", str(background), "--when-stale", "--debounce", "0", stdout=out)
    assert out.getvalue().startswith("0 build(s)") and dataset.read_manifest(background) is None
    rebuild.mark_stale(background)
    call_command("export_dataset", str(background), "--when-stale", "--debounce", "0", stdout=out)
    assert "1 build(s)" in out.getvalue() and dataset.read_manifest(background)["files"]
