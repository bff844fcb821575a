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
from tests.conftest import SAMPLE_NAMES, SAMPLES, run_json, sample_bytes

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def ingest(*args):
    return run_json("ingest", *args)


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
        (b"GIF89a" + bytes(200), "unsupported_type"),
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


# -- formats, parallel parsing, progress and report ----------------------------------------------

def test_it_stores_html_pdf_and_docx_files_whatever_their_names(tmp_path):
    from tests.documents.ingest.format_fixtures import docx_file, html_page, pdf_file

    name = "shanghai-yangpu-2020-annual-report"
    # Misleading names on purpose: the type is read from the bytes.
    (tmp_path / "a.txt").write_bytes(html_page(name))
    (tmp_path / "b.html").write_bytes(pdf_file(name))
    (tmp_path / "c.pdf").write_bytes(docx_file(name))
    status, lines = ingest(str(tmp_path))
    assert status == 0 and {line["status"] for line in lines} == {"created"}
    assert sorted(Document.objects.values_list("source_format", flat=True)) == ["docx", "html", "pdf"]
    # One report, three files: the later ones are versions of the first.
    assert sorted(Document.objects.values_list("version", flat=True)) == [1, 2, 3]


@pytest.mark.django_db(transaction=True)  # workers commit on connections of their own
@pytest.mark.parametrize("platform", ["linux", "darwin"])  # workers forked; from a forkserver
def test_workers_store_what_this_process_stores(tmp_path, monkeypatch, platform):
    monkeypatch.setattr(sys, "platform", platform)
    # Enough files that the workers, once started, store most of them.
    for i in range(40):
        text = sample_bytes(SAMPLE_NAMES[i % 5]).decode() + f"\n附件{i}\n"
        (tmp_path / f"{i:02d}.txt").write_bytes(text.encode())

    def stored():
        return {
            d.slug: (d.version, d.sections.count(), d.metrics.count(), d.clean_text)
            for d in Document.objects.all()
        }

    from documents.bulk.run import BulkIngest

    here = []  # the files this process stored itself (the workers store the others)
    store = BulkIngest.store
    monkeypatch.setattr(BulkIngest, "store", lambda self, result: here.append(result.path) or store(self, result))
    ingest(str(tmp_path), "--jobs", "2")
    parallel = stored()
    if platform == "linux":
        assert here == []  # forked workers start at once
    else:
        assert 1 <= len(here) < 40  # the first files, while the forkserver started the workers
    Document.objects.all().delete()
    ingest(str(tmp_path), "--jobs", "1")
    assert parallel == stored() and len(parallel) == 40


@pytest.mark.django_db(transaction=True)
def test_a_run_done_before_its_workers_are_up_ends_cleanly(tmp_path, capfd):
    for name in SAMPLE_NAMES[:2]:
        (tmp_path / f"{name}.txt").write_bytes(sample_bytes(name))
    status, lines = ingest(str(tmp_path), "--jobs", "2")
    assert status == 0 and [line["status"] for line in lines] == ["created", "created"]
    assert "Traceback" not in capfd.readouterr().err


def test_it_shows_a_progress_bar_with_counts_on_stderr(tmp_path):
    from io import StringIO

    (tmp_path / "good.txt").write_bytes(sample_bytes("shanghai-sheitc-2020-work-plan"))
    (tmp_path / "empty.txt").write_bytes(b"")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), "--progress", stdout=StringIO(), stderr=err)
    bar = err.getvalue()
    assert "2/2" in bar and "created=1" in bar and "failed=1" in bar and "duplicate=0" in bar


def test_the_report_file_lists_every_file_with_its_outcome(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(sample_bytes("shanghai-sheitc-2020-work-plan"))
    (folder / "scan.txt").write_bytes(b"GIF89a" + bytes(100))
    report = tmp_path / "report.json"
    ingest(str(folder), "--report", str(report))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["counts"] == {"created": 1, "duplicate": 0, "error": 1}
    assert data["files"] == 2 and data["interrupted"] is False and data["seconds"] >= 0
    by_file = {Path(r["file"]).name: r for r in data["results"]}
    assert by_file["good.txt"]["slug"] == "shanghai-jingxinwei-2020-work-plan"
    assert by_file["scan.txt"]["error"] == "unsupported_type"
    ingest(str(folder), "--report", str(report))
    again = json.loads(report.read_text(encoding="utf-8"))
    assert again["counts"] == {"created": 0, "duplicate": 1, "error": 1}


def test_it_refuses_a_zip_bomb_docx_and_stores_nothing(tmp_path):
    import io
    import zipfile

    from tests.documents.ingest.format_fixtures import docx_file

    out = io.BytesIO(docx_file("shanghai-sheitc-2020-work-plan"))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("word/media/image1.bin", "w") as member:
            for _ in range(48):
                member.write(bytes(1024 * 1024))
    (tmp_path / "plan.docx").write_bytes(out.getvalue())
    status, lines = ingest(str(tmp_path))
    assert status == 1 and lines[0]["error"] == "docx_bounds"
    assert Document.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_killed_ingest_leaves_no_worker_process_behind(tmp_path):
    import psutil

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        text = sample_bytes(SAMPLE_NAMES[i % 5]).decode() + "\n" * (i // 5 + 1)
        (folder / f"{i:02d}.txt").write_bytes(text.encode())
    params = connection.get_connection_params()
    from urllib.parse import quote

    url = f"postgresql://{params.get('user', 'postgres')}@{quote(params.get('host') or '', safe='')}"
    if params.get("port"):
        url += f":{params['port']}"
    url += f"/{connection.settings_dict['NAME']}"
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "ingest", str(folder), "--jobs", "2"],
        cwd=ROOT, env=dict(os.environ, DATABASE_URL=url), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    # Read on until the two workers, forked from the command's process, run.
    main = psutil.Process(proc.pid)

    def workers_running():
        return len(main.children()) >= 2

    while not workers_running() and proc.stdout.readline():
        pass
    assert workers_running()
    workers = main.children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []


def test_a_run_leaves_the_search_index_merged_and_the_sessions_settings_as_they_were():
    from documents.loader import SECTION_GIN_INDEXES

    def setting(name):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s)", [name])
            return cursor.fetchone()[0]

    before = {name: setting(name) for name in ("work_mem", "enable_seqscan")}
    status, _ = ingest("--jobs", "1", str(SAMPLES))
    assert status == 0
    assert {name: setting(name) for name in before} == before
    with connection.cursor() as cursor:
        for index in SECTION_GIN_INDEXES:
            # Pages still in an index's pending list would be merged (and counted) now.
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            assert cursor.fetchone()[0] == 0, index


def test_a_file_the_parser_fails_on_is_reported_and_the_run_goes_on(tmp_path, cleaning_fails_on_work_plans):
    (tmp_path / "a-plan.txt").write_bytes(sample_bytes("shanghai-yangpu-2021-work-plan"))
    (tmp_path / "b-report.txt").write_bytes(sample_bytes("shanghai-2023-annual-report"))
    status, lines = ingest(str(tmp_path), "--jobs", "1")
    assert status == 1
    failed, created = lines
    assert failed["status"] == "error" and failed["error"] == "parse_failed"
    assert failed["message"] == "The parser failed on this file: ValueError: overlapping changes"
    assert created["status"] == "created" and Document.objects.count() == 1


def _store_threads(monkeypatch):
    """The names of the threads BulkIngest.store runs on, in order."""
    import threading

    from documents.bulk.run import BulkIngest

    threads, store = [], BulkIngest.store
    monkeypatch.setattr(
        BulkIngest, "store", lambda self, result: threads.append(threading.current_thread().name) or store(self, result)
    )
    return threads


@pytest.mark.django_db(transaction=True)  # the storing thread commits on a connection of its own
def test_one_job_stores_each_file_on_a_thread_while_it_parses_the_next_and_reports_in_file_order(tmp_path, monkeypatch):
    for i, name in enumerate(SAMPLE_NAMES):
        (tmp_path / f"{i}-{name}.txt").write_bytes(sample_bytes(name))
    threads = _store_threads(monkeypatch)
    status, lines = ingest(str(tmp_path), "--jobs", "1")
    assert status == 0 and [line["file"] for line in lines] == sorted(str(path) for path in tmp_path.iterdir())
    assert len(threads) == 5 and all(name.startswith("store") for name in threads)
    for document in Document.objects.all():
        assert document.sections.count() == len(parse_bytes(bytes(document.raw)).structure.sections) > 0


def test_inside_a_transaction_of_the_caller_s_one_job_stores_in_it_on_this_thread(tmp_path, monkeypatch):
    for name in SAMPLE_NAMES[:2]:
        (tmp_path / f"{name}.txt").write_bytes(sample_bytes(name))
    threads = _store_threads(monkeypatch)
    assert ingest(str(tmp_path), "--jobs", "1")[0] == 0
    assert threads == ["MainThread", "MainThread"] and Document.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_run_with_storing_workers_leaves_the_caller_s_own_session_as_it_was(tmp_path):
    for i in range(6):
        (tmp_path / f"{i}.txt").write_bytes(sample_bytes(SAMPLE_NAMES[i % 5]) + f"\n附件{i}\n".encode())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), pg_advisory_lock(4242)")
        backend = cursor.fetchone()[0]
        cursor.execute("CREATE TEMP TABLE caller_state AS SELECT 1 AS kept")
    try:
        assert ingest(str(tmp_path), "--jobs", "2")[0] == 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid(), (SELECT kept FROM caller_state)")
            assert cursor.fetchone() == (backend, 1)
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
            assert cursor.fetchone()[0] == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock_all()")
    assert Document.objects.count() == 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_with_autocommit_turned_off_by_the_caller_the_documents_are_in_the_caller_s_transaction(tmp_path, jobs):
    from django.db import transaction

    for name in SAMPLE_NAMES[:3]:
        (tmp_path / f"{name}.txt").write_bytes(sample_bytes(name))
    transaction.set_autocommit(False)
    try:
        assert ingest(str(tmp_path), "--jobs", jobs)[0] == 0
        assert Document.objects.count() == 3
        transaction.rollback()
    finally:
        transaction.set_autocommit(True)
    assert Document.objects.count() == 0


@pytest.mark.django_db(transaction=True)  # the storing thread commits on a connection of its own
def test_an_interrupted_one_job_run_reports_every_document_it_stored(tmp_path, monkeypatch):
    from documents.bulk import files

    for i in range(4):
        (tmp_path / f"{i}.txt").write_bytes(sample_bytes(SAMPLE_NAMES[i]))
    parse_file, parsed = files.parse_file, []

    def interrupted_at_the_third(*args):
        if len(parsed) == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second file is being stored
        parsed.append(args[0])
        return parse_file(*args)

    monkeypatch.setattr(files, "parse_file", interrupted_at_the_third)
    report = tmp_path / "report.json"
    with pytest.raises(KeyboardInterrupt):
        call_command("ingest", str(tmp_path), "--jobs", "1", "--report", str(report), stdout=open(os.devnull, "w"))
    written = json.loads(report.read_text())
    assert written["interrupted"] and written["counts"]["created"] == Document.objects.count() == 2


def test_the_uploader_can_give_the_government_address_and_only_an_http_one():
    path = str(SAMPLES / "shanghai-yangpu-2021-work-plan.txt")
    refused = subprocess.run(
        [sys.executable, "manage.py", "ingest", path, "--source-url", "javascript:alert(1)"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert refused.returncode == 2 and "not an http(s) address" in refused.stderr
    assert not Document.objects.exists()
    status, lines = ingest(path, "--source-url", "https://www.shyp.gov.cn/yp-zwgk/2021/plan.html")
    assert status == 0
    assert Document.objects.get(slug=lines[0]["slug"]).source_url == "https://www.shyp.gov.cn/yp-zwgk/2021/plan.html"
