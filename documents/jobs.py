"""Work over the whole collection (re-parsing every document, re-indexing every section) as a
job that can be stopped and resumed, and that the public pages never see half done.

* The job's checkpoint is a row (models.CorpusJob): its kind and parameters, the last document
  id done, counts done / failed / total, its times and the last error.
* Documents are taken in id order. Each one's work commits in one transaction with the
  checkpoint's advance: a re-parsed document's old sections, numbers and index are swapped for
  the new ones at its commit, so a reader sees the document either as it was or as it is now,
  never without sections or index; and a stop of any kind (SIGINT, SIGTERM, a killed process,
  a lost server) loses at most the document in hand, which the next run does again.
* SIGINT and SIGTERM let the document in hand finish, then the job is marked interrupted.
* One process at a time runs a kind of job: it holds a PostgreSQL advisory lock for as long as
  it runs (the server lets it go when the process or its connection dies).
* A failure on one document (it no longer parses, the database refused it) is counted, kept
  in the job (the first FAILURES_KEPT, and the last error) and the job goes on.
* Commits of a job's transactions do not wait for the write-ahead log to reach the disk
  (synchronous_commit off, for that transaction only): a crash of the server can lose the last
  few of them, but each together with its checkpoint, so the job redoes exactly those.
"""
from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from .loader import BULK_SETTINGS
from .models import CorpusJob, Document

FAILURES_KEPT = 100
IDS_AT_ONCE = 1000  # document ids read ahead, by key: documents stored meanwhile are taken too
UNFINISHED = (CorpusJob.State.RUNNING, CorpusJob.State.INTERRUPTED)


class JobError(Exception):
    """The job cannot start as asked (another process runs it; an unfinished one differs)."""


@dataclass
class Failure(Exception):
    """One document's work failed: recorded, and the job goes on."""

    code: str
    message: str


def unfinished(kind) -> CorpusJob | None:
    return CorpusJob.objects.filter(kind=kind, state__in=UNFINISHED).order_by("-pk").first()


def prepare(kind, parameters: dict | None, *, resume=False, restart=False) -> tuple[CorpusJob, bool]:
    """The job to run: an unfinished one of this kind to resume, or a new one. Returns (job,
    resumed). `parameters` None (with `resume`): the unfinished job's own. An unfinished job
    with other parameters is resumed only with `resume` and never silently replaced: `restart`
    abandons it and starts anew."""
    if is_running(kind):
        raise JobError(f"a {kind} job is already running (pid {getattr(unfinished(kind), 'pid', '?')})")
    previous = unfinished(kind)
    if previous and restart:
        CorpusJob.objects.filter(pk=previous.pk).update(state=CorpusJob.State.ABANDONED, updated_at=timezone.now())
        previous = None
    if previous and (parameters is None or previous.parameters == parameters):
        return previous, True
    if previous:
        raise JobError(
            f"an unfinished {kind} job (#{previous.pk}, {previous.processed}/{previous.total}) has other "
            f"parameters ({_describe(previous.parameters)}, not {_describe(parameters)}): "
            "--resume continues it, --restart starts over"
        )
    if resume:
        raise JobError(f"no unfinished {kind} job to resume")
    now = timezone.now()
    job = CorpusJob.objects.create(kind=kind, parameters=parameters or {}, started_at=now, updated_at=now)
    return job, False


def _describe(parameters):
    return ", ".join(f"{k}={v}" for k, v in sorted((parameters or {}).items())) or "none"


def _lock_key(kind):
    return f"gongkai-corpus-job:{kind}"


def is_running(kind) -> bool:
    """Does a process (another session) hold this kind's lock? (Advisory locks are the
    database's: a job in another database of the same server is another portal's.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND pid <> pg_backend_pid()"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(%s, 0))",
            [_lock_key(kind)],
        )
        return cursor.fetchone()[0]


@contextmanager
def holding(kind):
    """This kind's lock, for as long as the job runs in this process."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))", [_lock_key(kind)])
        if not cursor.fetchone()[0]:
            raise JobError(f"a {kind} job is already running")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", [_lock_key(kind)])


class Stop:
    """Set by SIGINT or SIGTERM while installed: the job stops after the document in hand."""

    def __init__(self):
        self.signal = None

    def __bool__(self):
        return self.signal is not None

    @contextmanager
    def installed(self):
        if not _main_thread():
            yield self
            return
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

        def handler(signum, frame):
            self.signal = signum

        for sig in previous:
            signal.signal(sig, handler)
        try:
            yield self
        finally:
            for sig, old in previous.items():
                signal.signal(sig, old)


def _main_thread():
    import threading

    return threading.current_thread() is threading.main_thread()


class Progress:
    """A line on `write` every `every` seconds (and at the end): done/total, documents a second
    over this run, and the time left at that rate."""

    def __init__(self, write, every=10.0):
        self.write, self.every = write, every
        self.last = time.monotonic()

    def __call__(self, job, force=False):
        if self.write is None or (not force and time.monotonic() - self.last < self.every):
            return
        self.last = time.monotonic()
        self.write(describe(job))


def describe(job: CorpusJob) -> str:
    share = f" ({job.processed / job.total:.1%})" if job.total else ""
    parts = [f"{job.kind} #{job.pk} {job.state}: {job.processed}/{job.total}{share}"]
    if job.failed:
        parts.append(f"{job.failed} failed")
    if job.rate is not None:
        parts.append(f"{job.rate:.1f} documents/s")
    if job.eta_seconds is not None:
        parts.append(f"ETA {duration(job.eta_seconds)}")
    return ", ".join(parts)


def duration(seconds):
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def run(job: CorpusJob, documents, step, *, stop: Stop | None = None, progress=None, on_result=None) -> CorpusJob:
    """Run `step(document_id, checkpoint)` over `documents` (a queryset) after the job's last
    id, in id order. `step` does one document's work in one transaction and calls
    `checkpoint()` inside it; it raises Failure (or a DatabaseError) when the document fails.
    `on_result(document_id, result or Failure)` hears of each. Returns the job as it ended."""
    stop = stop if stop is not None else Stop()
    own_transactions = connection.get_autocommit()
    now = timezone.now()
    remaining = documents.filter(pk__gt=job.last_id).count()
    job.total = job.processed + remaining
    job.pid, job.state, job.finished_at = os.getpid(), CorpusJob.State.RUNNING, None
    job.run_started_at, job.run_from, job.updated_at = now, job.processed, now
    job.save()
    last = job.last_id
    while not stop:
        ids = list(documents.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:IDS_AT_ONCE])
        if not ids:
            break
        for pk in ids:
            if stop:
                break
            last = pk
            advance = _advance(job, pk, own_transactions)
            try:
                result = step(pk, advance)
            except (Failure, DatabaseError) as exc:
                failure = exc if isinstance(exc, Failure) else Failure("store_failed", _first_line(exc))
                _record_failure(job, pk, failure)
                result = failure
            else:
                if not advance.called:
                    # A step with nothing to do (the document went meanwhile) still moves on.
                    with transaction.atomic():
                        advance()
                advance.commit()
            if on_result:
                on_result(pk, result)
            if progress:
                progress(job)
    job.state = CorpusJob.State.INTERRUPTED if stop else CorpusJob.State.FINISHED
    job.updated_at = timezone.now()
    if not stop:
        job.finished_at = job.updated_at
        job.total = job.processed  # documents removed meanwhile are no longer owed
    job.pid = None
    job.save(update_fields=["state", "updated_at", "finished_at", "total", "pid"])
    if progress:
        progress(job, force=True)
    return job


class _advance:
    """The checkpoint's advance past one document, written in the caller's transaction; the
    job in memory follows once that transaction committed (commit())."""

    def __init__(self, job, pk, own_transactions):
        self.job, self.pk, self.own = job, pk, own_transactions
        self.called = False
        self.at = None

    def __call__(self):
        self.at = timezone.now()
        with connection.cursor() as cursor:
            if self.own:
                cursor.execute(BULK_SETTINGS)  # as a bulk ingest commits
        CorpusJob.objects.filter(pk=self.job.pk).update(last_id=self.pk, done=self.job.done + 1, updated_at=self.at)
        self.called = True

    def commit(self):
        self.job.last_id, self.job.done, self.job.updated_at = self.pk, self.job.done + 1, self.at


def _record_failure(job, pk, failure):
    slug = Document.objects.filter(pk=pk).values_list("slug", flat=True).first() or str(pk)
    job.failed += 1
    job.last_id = pk
    job.last_error = f"{slug}: {failure.message}"[:2000]
    if len(job.failures) < FAILURES_KEPT:
        job.failures = job.failures + [{"id": pk, "slug": slug, "error": failure.code, "message": failure.message[:500]}]
    job.updated_at = timezone.now()
    job.save(update_fields=["failed", "last_id", "last_error", "failures", "updated_at"])


def _first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def mark_interrupted_if_dead(job: CorpusJob) -> CorpusJob:
    """A job left `running` by a process that is gone (killed) reads as interrupted."""
    if job.state == CorpusJob.State.RUNNING and not is_running(job.kind):
        job.state = CorpusJob.State.INTERRUPTED
    return job


def spawn(command: list[str], log: Path) -> int:
    """Start `manage.py <command>` detached from this terminal and session (it outlives the
    shell that started it, as nohup would), its output appended to `log`; returns its pid."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *command],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True, env=os.environ.copy(),
        )
    return process.pid


def default_log(kind, job) -> Path:
    return Path.cwd() / f"gongkai-{kind}-{job.pk}-{datetime.date.today():%Y%m%d}.log"
