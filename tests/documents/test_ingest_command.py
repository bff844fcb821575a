import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from documents.ingest.pipeline import parse_bytes
from documents.models import Document, Section
from tests.conftest import SAMPLE_NAMES, SAMPLES, sample_bytes

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def ingest(*args):
    """Run the command; return (exit status, JSON lines)."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("ingest", *args, "--json", stdout=out, stderr=StringIO())
        status = 0
    except CommandError as exc:
        status = exc.returncode
    return status, [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_it_stores_the_five_samples_and_reports_each_as_created():
    status, lines = ingest(str(SAMPLES))
    assert status == 0
    assert sorted(line["slug"] for line in lines) == [
        "shanghai-2023-annual-report",
        "shanghai-changning-2019-work-plan",
        "shanghai-jingxinwei-2020-work-plan",
        "shanghai-yangpu-2020-annual-report",
        "shanghai-yangpu-2021-work-plan",
    ]
    assert {line["status"] for line in lines} == {"created"}
    assert Document.objects.count() == 5


def test_it_is_idempotent_by_content_hash():
    ingest(str(SAMPLES))
    status, lines = ingest(str(SAMPLES))
    assert status == 0
    assert {line["status"] for line in lines} == {"duplicate"}
    assert Document.objects.count() == 5


def test_it_keeps_the_raw_bytes_exactly(tmp_path):
    data = sample_bytes("shanghai-yangpu-2020-annual-report").decode().encode("big5")
    path = tmp_path / "yangpu-big5.txt"
    path.write_bytes(data)
    ingest(str(path))
    document = Document.objects.get()
    assert bytes(document.raw) == data
    assert document.encoding == "big5"


@pytest.mark.parametrize(
    "content, code",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
        ("政务公开".encode() + b"\xff\xfe\xfa\x80\x81" * 40, "undecodable"),
    ],
)
def test_it_refuses_bad_input_with_a_reason_and_stores_nothing(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    status, lines = ingest(str(path))
    assert status == 1
    assert lines[0]["status"] == "error"
    assert lines[0]["error"] in {code, "binary", "undecodable"}
    assert lines[0]["message"]
    assert Document.objects.count() == 0


def test_it_refuses_a_file_over_the_size_limit(tmp_path, settings):
    settings.GONGKAI_MAX_UPLOAD_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_bytes(sample_bytes("shanghai-changning-2019-work-plan"))
    status, lines = ingest(str(path))
    assert status == 1
    assert lines[0]["error"] == "too_large"
    assert Document.objects.count() == 0


def test_it_reports_good_and_bad_files_in_one_run_and_exits_1(tmp_path):
    (tmp_path / "good.txt").write_bytes(sample_bytes("shanghai-sheitc-2020-work-plan"))
    (tmp_path / "empty.txt").write_bytes(b"")
    status, lines = ingest(str(tmp_path))
    assert status == 1
    assert {line["file"].rsplit("/", 1)[-1]: line["status"] for line in lines} == {
        "empty.txt": "error",
        "good.txt": "created",
    }
    assert Document.objects.count() == 1


def test_it_exits_2_for_a_path_that_does_not_exist():
    status, _ = ingest("/nonexistent/folder")
    assert status == 2


def test_it_stores_sections_with_their_tree():
    ingest(str(SAMPLES / "shanghai-yangpu-2021-work-plan.txt"))
    document = Document.objects.get()
    top = document.sections.filter(parent=None, level=1)
    assert top.count() == 7
    first = top.first()
    assert first.heading == "进一步夯实政务公开工作基础"
    assert [c.number for c in first.children.order_by("order")] == ["(一)", "(二)", "(三)"]
    # Offsets point into the cleaned text.
    assert document.clean_text[first.start :].startswith("一、进一步夯实政务公开工作基础")


@pytest.mark.django_db(transaction=True)
def test_a_kill_during_ingest_leaves_no_partial_document_and_a_rerun_completes(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    # Distinct files (different bytes) so each is a new document.
    for i in range(30):
        name = SAMPLE_NAMES[i % 5]
        encoding = ["utf-8", "gb18030", "utf-16"][i // 5 % 3]
        text = sample_bytes(name).decode() + "\n" * (i // 15)
        (folder / f"{i:02d}-{name}.txt").write_bytes(text.encode(encoding))

    params = connection.get_connection_params()
    from urllib.parse import quote

    url = f"postgresql://{params.get('user', 'postgres')}@{quote(params.get('host') or '', safe='')}"
    if params.get("port"):
        url += f":{params['port']}"
    url += f"/{connection.settings_dict['NAME']}"
    env = dict(os.environ, DATABASE_URL=url)
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(folder)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    # Kill it once it is under way, mid-folder.
    created = 0
    for line in proc.stdout:
        if line.startswith("created") or line.startswith("duplicate"):
            created += 1
        if created >= 3:
            break
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    stored = Document.objects.count()
    assert 3 <= stored < 30
    for document in Document.objects.all():
        # Whole documents only: every stored document has all of its sections.
        expected = len(parse_bytes(bytes(document.raw)).structure.sections)
        assert Section.objects.filter(document=document).count() == expected > 0

    rerun = subprocess.run([sys.executable, "manage.py", "ingest", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert Document.objects.count() == 30
