"""Whole-collection jobs (reparse, reindex): a checkpoint in the database, resumed where a run
stopped, and documents swapped so that a reader never sees one half done."""
import datetime
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from documents import loader
from documents.ingest.pipeline import PARSER_VERSION
from documents.loader import ingest_bytes
from documents.models import CorpusJob, Document, Section
from documents.management.commands import reparse as reparse_command
from documents.search.results import search
from portal.pgtools import database_url
from tests.conftest import SAMPLE_NAMES, sample_bytes

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def stored(copies=1):
    """The samples stored `copies` times (each copy other bytes: another encoding), made by an
    older parser so that a re-parse shows."""
    for copy in range(copies):
        for name in SAMPLE_NAMES:
            data = sample_bytes(name)
            ingest_bytes(data if copy == 0 else data.decode().encode(["gb18030", "utf-16"][copy - 1]))
    Document.objects.update(parser_version="0")
    return list(Document.objects.order_by("pk").values_list("pk", flat=True))


def command(name, *args):
    """(exit status, stdout lines, stderr with the error the command ended with) of a command run here."""
    out, err = StringIO(), StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
        status = 0
    except CommandError as exc:
        status = exc.returncode
        err.write(f"CommandError: {exc}\n")  # what manage.py would print last
    return status, out.getvalue().splitlines(), err.getvalue()


def counting_parses(monkeypatch):
    """Counts the parses of each stored document (by its bytes' hash) from now on."""
    counts, real = Counter(), loader.parse_bytes

    def counting(data, **kwargs):
        parsed = real(data, **kwargs)
        counts[parsed.sha256] += 1
        return parsed

    monkeypatch.setattr(loader, "parse_bytes", counting)
    return counts


def interrupt_after(monkeypatch, target, name, documents):
    """SIGINT to this process, as Ctrl-C, once `documents` calls of target.name have returned;
    returns the function it replaced."""
    real, calls = getattr(target, name), []

    def wrapper(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(1)
        if len(calls) == documents:
            os.kill(os.getpid(), signal.SIGINT)
        return result

    monkeypatch.setattr(target, name, wrapper)
    return real


def test_an_interrupted_reparse_resumes_where_it_stopped_and_reparses_every_document_exactly_once(monkeypatch):
    ids = stored()
    parses = counting_parses(monkeypatch)
    real = interrupt_after(monkeypatch, reparse_command, "reparse", 2)
    status, lines, err = command("reparse", "--all")
    assert status == 130 and "interrupted after document" in err
    job = CorpusJob.objects.get()
    assert (job.state, job.done, job.last_id, job.total) == ("interrupted", 2, ids[1], len(ids))
    assert list(Document.objects.order_by("pk").values_list("parser_version", flat=True)) == [PARSER_VERSION] * 2 + ["0"] * 3

    monkeypatch.setattr(reparse_command, "reparse", real)
    status, lines, err = command("reparse", "--all")
    assert status == 0 and f"resuming reparse job #{job.pk} after document {ids[1]}" in err
    assert len(lines) == 3  # only the documents the first run had not done
    assert set(Document.objects.values_list("parser_version", flat=True)) == {PARSER_VERSION}
    assert sorted(parses.values()) == [1] * len(ids)  # each parsed once over both runs
    job.refresh_from_db()
    assert (job.state, job.done, job.failed, job.total, job.last_id) == ("finished", 5, 0, 5, ids[-1])
    assert job.finished_at is not None and job.pid is None


def test_a_finished_job_is_not_resumed_the_next_run_starts_a_new_one():
    stored()
    assert command("reparse", "--all")[0] == 0
    status, lines, _ = command("reparse", "--all")
    assert status == 0 and len(lines) == 5
    assert list(CorpusJob.objects.order_by("pk").values_list("state", "done")) == [("finished", 5), ("finished", 5)]


def test_an_unfinished_job_with_other_parameters_is_never_silently_replaced(monkeypatch):
    stored()
    real = interrupt_after(monkeypatch, reparse_command, "reparse", 1)
    assert command("reparse", "--all")[0] == 130
    monkeypatch.setattr(reparse_command, "reparse", real)
    with pytest.raises(CommandError, match="other parameters .* --resume continues it, --restart starts over"):
        call_command("reparse", "--outdated", stdout=StringIO(), stderr=StringIO())
    # --resume continues it with its own parameters; --restart abandons it and starts over.
    status, lines, _ = command("reparse", "--resume")
    assert status == 0 and len(lines) == 4
    interrupt_after(monkeypatch, reparse_command, "reparse", 1)
    assert command("reparse", "--all")[0] == 130
    monkeypatch.setattr(reparse_command, "reparse", real)
    status, lines, _ = command("reparse", "--all", "--restart")
    assert status == 0 and len(lines) == 5
    assert list(CorpusJob.objects.order_by("pk").values_list("state", flat=True)) == ["finished", "abandoned", "finished"]


def test_a_document_that_fails_is_recorded_in_the_job_and_the_job_goes_on(request):
    stored()
    request.getfixturevalue("cleaning_fails_on_work_plans")  # from now on, once all are stored
    status, lines, _ = command("reparse", "--all")
    assert status == 1
    job = CorpusJob.objects.get()
    plans = Document.objects.filter(kind="work_plan").order_by("pk")
    assert (job.state, job.done, job.failed) == ("finished", 2, 3)
    assert [f["slug"] for f in job.failures] == [d.slug for d in plans]
    assert {f["error"] for f in job.failures} == {"parse_failed"}
    assert job.last_error.startswith(plans.last().slug + ": The parser failed")
    # The failed documents are as they were; the others re-parsed.
    assert set(plans.values_list("parser_version", flat=True)) == {"0"}
    assert set(Document.objects.filter(kind="annual_report").values_list("parser_version", flat=True)) == {PARSER_VERSION}


def test_an_interrupted_reindex_resumes_and_indexes_every_document_s_sections_once(monkeypatch):
    ids = stored()
    Section.objects.update(search_grams=None, search_vector=None, search_text="")
    from documents.management.commands import reindex

    real, indexed = reindex.index_sections, Counter()

    def counting(sections, **kwargs):
        sections = list(sections)
        indexed.update(s.document_id for s in sections)
        return real(sections, **kwargs)

    monkeypatch.setattr(reindex, "index_sections", counting)
    interrupt_after(monkeypatch, reindex, "index_sections", 3)
    status, lines, err = command("reindex")
    assert status == 130
    assert set(Section.objects.filter(search_grams__isnull=True).values_list("document", flat=True)) == set(ids[3:])
    monkeypatch.setattr(reindex, "index_sections", counting)
    status, lines, err = command("reindex")
    assert status == 0 and "resuming reindex job" in err
    rest = Section.objects.filter(document_id__in=ids[3:]).count()
    assert lines[0].startswith(f"{rest} sections of 2 documents: search index rebuilt in ")
    assert not Section.objects.filter(search_grams__isnull=True).exists()
    assert sorted(indexed) == ids and all(indexed[i] == Section.objects.filter(document_id=i).count() for i in ids)


def test_progress_lines_give_done_over_total_the_rate_and_the_time_left(monkeypatch):
    stored()
    from documents import jobs

    ticks = iter(range(0, 10_000, 2))
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    monkeypatch.setattr(jobs, "timezone", SimpleNamespace(now=lambda: start + datetime.timedelta(seconds=next(ticks))))
    status, _, err = command("reparse", "--all", "--progress-every", "0")
    progress = [line for line in err.splitlines() if line.startswith("reparse #")]
    assert status == 0 and len(progress) == 6  # one a document, and the last
    assert ": 2/5 (40.0%), " in progress[1] and "documents/s" in progress[1] and "ETA " in progress[1]
    assert "finished: 5/5 (100.0%)" in progress[-1] and "ETA" not in progress[-1]


def test_staff_see_each_job_s_progress_in_the_admin(admin_client):
    stored()
    command("reparse", "--all")
    page = admin_client.get("/admin/documents/corpusjob/").content.decode()
    assert "5 / 5 (100%)" in page
    job = CorpusJob.objects.get()
    assert admin_client.get(f"/admin/documents/corpusjob/{job.pk}/change/").status_code == 200
    assert admin_client.get("/admin/documents/corpusjob/add/").status_code == 403


def test_the_jobs_command_lists_the_latest_jobs():
    stored()
    command("reparse", "--all")
    status, lines, _ = command("jobs", "--json")
    data = json.loads(lines[0])
    assert status == 0 and (data["kind"], data["state"], data["done"], data["total"]) == ("reparse", "finished", 5, 5)


# -- what readers see while a job runs; a killed job; a detached one -------------------------------



LACKING = """
SELECT d.slug,
       NOT EXISTS (SELECT FROM documents_section s WHERE s.document_id = d.id) AS no_sections,
       EXISTS (SELECT FROM documents_section s WHERE s.document_id = d.id AND s.search_grams IS NULL) AS no_index
  FROM documents_document d
"""


@pytest.mark.django_db(transaction=True)
def test_a_reader_during_a_reparse_always_finds_every_document_with_its_sections_and_index(monkeypatch):
    stored()
    slugs = dict(Document.objects.values_list("pk", "publisher__slug"))
    look, looked, seen = threading.Event(), threading.Event(), []
    stop = threading.Event()

    def reader():
        # Another connection, as a page's: it looks while a swap is under way, between the
        # old sections' removal and the new ones' insertion in the re-parse's transaction.
        try:
            while look.wait(30) and not stop.is_set():
                look.clear()
                with connections["default"].cursor() as cursor:
                    cursor.execute(LACKING)  # one statement: one snapshot
                    rows = cursor.fetchall()
                found = {pk: search("公开", {"publisher": slug}).total for pk, slug in slugs.items()}
                seen.append((rows, found))
                looked.set()
        finally:
            connections["default"].close()

    real = loader.store_sections

    def store_sections_while_read(document, parsed, ids=None):
        look.set()
        assert looked.wait(30), "the reader did not look"
        looked.clear()
        return real(document, parsed, ids)

    monkeypatch.setattr(loader, "store_sections", store_sections_while_read)
    thread = threading.Thread(target=reader)
    thread.start()
    try:
        status, lines, _ = command("reparse", "--all")
    finally:
        stop.set()
        look.set()
        thread.join(30)
    assert status == 0 and len(seen) == 5  # the reader looked inside each document's swap
    for rows, found in seen:
        assert len(rows) == 5
        assert [slug for slug, no_sections, no_index in rows if no_sections or no_index] == []
        assert all(total > 0 for total in found.values())


@pytest.mark.django_db(transaction=True)
def test_the_checkpoint_survives_a_killed_process_and_the_next_run_does_only_the_rest():
    ids = stored(copies=2)
    env = dict(os.environ, DATABASE_URL=database_url(), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "reparse", "--all", "--json"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    first = []
    for line in process.stdout:
        first.append(json.loads(line)["slug"])
        if len(first) == 3:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    job = CorpusJob.objects.get()
    done = list(Document.objects.filter(parser_version=PARSER_VERSION).order_by("pk").values_list("pk", flat=True))
    # What committed is exactly what the checkpoint says: the first documents, up to its last id.
    assert 3 <= job.done == len(done) < len(ids)
    assert done == ids[: job.done] and job.last_id == done[-1]
    assert not Document.objects.filter(sections__isnull=True).exists()  # none left without sections

    status, lines, err = command("reparse", "--all")
    assert status == 0 and "resuming" in err
    again = [line.split()[1] for line in lines]
    redone = set(again) & set(Document.objects.filter(pk__in=done).values_list("slug", flat=True))
    assert not redone and len(again) == len(ids) - job.done
    assert set(Document.objects.values_list("parser_version", flat=True)) == {PARSER_VERSION}


@pytest.mark.django_db(transaction=True)
def test_a_job_started_in_the_background_runs_detached_and_logs_its_progress(tmp_path, monkeypatch):
    stored()
    monkeypatch.setenv("DATABASE_URL", database_url())
    log = tmp_path / "reparse.log"
    status, lines, _ = command("reparse", "--all", "--background", "--log", str(log))
    assert status == 0 and "runs in the background (pid" in lines[0] and str(log) in lines[0]
    pid = int(lines[0].split("(pid ")[1].split(")")[0])
    job = CorpusJob.objects.get()
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state == "finished":
            break
        time.sleep(0.5)
    assert (job.state, job.done) == ("finished", 5)
    _reap(pid)
    text = log.read_text()
    assert "reparsed" in text and f"reparse #{job.pk} finished: 5/5" in text


def _reap(pid):
    """Wait for the detached process to end (it writes the job's end just before it does)."""
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass  # already reaped by subprocess's own clean-up


def test_a_second_run_of_a_kind_is_refused_while_another_process_runs_one():
    from documents import jobs

    holding, done = threading.Event(), threading.Event()

    def other_process():
        try:
            with jobs.holding("reparse"):
                holding.set()
                done.wait(30)
        finally:
            connections["default"].close()

    thread = threading.Thread(target=other_process)
    thread.start()
    try:
        assert holding.wait(30)
        status, _, err = command("reparse", "--all")
        assert status == 2 and "a reparse job is already running" in err
        assert command("reindex")[0] == 0  # another kind runs beside it
    finally:
        done.set()
        thread.join(30)
    assert command("reparse", "--all")[0] == 0


def test_a_reparse_job_rebuilds_the_dataset_export_once_at_its_end_not_after_every_document(monkeypatch):
    from documents import rebuild

    stored()
    scheduled = []
    monkeypatch.setattr(rebuild, "schedule", lambda *args: scheduled.append(Document.objects.filter(parser_version="0").count()))
    assert command("reparse", "--all")[0] == 0
    assert scheduled == [0]  # once, with every document re-parsed
