import argparse
import hashlib
import json
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from documents import workers
from documents.ingest import parallel
from documents.ingest.pipeline import PARSER_VERSION
from documents.loader import (
    DUPLICATE, Outcome, in_callers_transaction, merge_pending, order_versions, store_file, version_message,
)
from documents.models import Document

from ._options import add_override_arguments, overrides_from


def walk(paths):
    """Files named, and the files inside folders named, in a stable order; hidden ones skipped."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts):
                    yield child
        else:
            yield path


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class Command(BaseCommand):
    help = (
        "Store files (folders are walked), parsing them in parallel. One line per file: created, "
        "duplicate or error. Exit status 0 when every file parsed, 1 when any failed, 2 for bad arguments."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        parser.add_argument("--report", metavar="FILE", help="write a JSON report of the run to FILE")
        parser.add_argument(
            "--jobs", type=int, default=0, metavar="N",
            help="worker processes that parse and store (default: one per core; 1: all in this process)",
        )
        parser.add_argument(
            "--progress", action=_Toggle, nargs=0, default=None,
            help="a progress bar with counts on stderr (--no-progress: none; default: when stderr is a terminal)",
        )
        parser.add_argument("--no-progress", dest="progress", action=_Toggle, nargs=0)
        add_override_arguments(parser)

    def handle(self, *args, **options):
        started = time.time()
        paths = [Path(p) for p in options["paths"]]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}", returncode=2)
        if options["jobs"] < 0:
            raise CommandError("--jobs must be 0 (one per core) or more", returncode=2)
        self.as_json = options["json"]
        self.overrides = overrides_from(options)
        self.counts = {"created": 0, "duplicate": 0, "error": 0}
        self.entries = []
        files = list(walk(paths))
        err = getattr(self.stderr, "_out", sys.stderr)
        show = options["progress"] if options["progress"] is not None else err.isatty()
        self.bar = _bar(len(files), err) if show else None
        interrupted = False
        try:
            with parallel.bulk_collection():
                self.ingest(files, options["jobs"] or os.cpu_count() or 1)
            merge_pending()
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            if self.bar is not None:
                self.bar.close()
            if options["report"]:
                self.write_report(options["report"], started, len(files), interrupted)
        if not self.as_json:
            self.stderr.write(
                f"{self.counts['created']} created, {self.counts['duplicate']} duplicate, {self.counts['error']} failed"
            )
        if self.counts["error"]:
            raise CommandError(f"{self.counts['error']} file(s) failed", returncode=1)

    def ingest(self, files, jobs):
        limit = settings.GONGKAI_MAX_UPLOAD_BYTES
        # Known bytes are reported at once and never parsed again: a re-run is cheap.
        todo, hashes = [], {}
        for path in files:
            try:
                if path.stat().st_size <= limit:
                    hashes[path] = sha256_of(path)
            except OSError:
                pass  # parse_file says why
        known = {
            doc.sha256: doc
            for doc in Document.objects.filter(sha256__in=set(hashes.values())).only("pk", "slug", "title", "sha256")
        }
        for path in files:
            if hashes.get(path) in known:
                self.record(Outcome("duplicate", known[hashes[path]], DUPLICATE).as_json(str(path)))
            else:
                todo.append(path)
        self.workers_store = False
        for entry in self.ingest_all(todo, jobs, limit):
            self.record(entry)
        if self.workers_store:
            self.order_versions()

    def order_versions(self):
        """Versions of one report stored by parallel workers (in the order they finished) are
        numbered in file order."""
        created = [entry for entry in self.entries if entry["status"] == "created"]
        documents = Document.objects.in_bulk([entry["id"] for entry in created])
        stored = [documents[entry["id"]] for entry in created if entry["id"] in documents]
        changed = {document.pk: document for document in order_versions(stored)}
        for entry in created:
            document = changed.get(entry["id"])
            if document is None:
                continue
            entry.update(slug=document.slug, message=version_message(document))
            if not entry["message"]:
                del entry["message"]
            if self.as_json:
                self.stdout.write(json.dumps({**entry, "status": "renumbered"}, ensure_ascii=False))
            else:
                self.stdout.write(
                    f"renumbered {entry['file']} -> {document.slug} (version {document.version}, in file order)"
                )

    def ingest_all(self, paths, jobs, limit):
        """The report entries of `paths`, in their order. With one job, parsed and stored
        here. Else a pool of workers, kept a few files ahead of the reporting, parses and
        stores each file (documents.workers), but for the first ones where the workers take
        a while to start, which this process takes meanwhile. Inside a transaction of the
        caller's (a test, a script wrapping the command), whose work other connections cannot
        join, the workers only parse and the storing stays in that transaction."""
        if jobs == 1 or len(paths) < 2:
            yield from self.ingest_here(paths, limit)
            return
        if in_callers_transaction():
            initializer, initargs, task, done = parallel.init_worker, (os.getpid(),), parallel.parse_file, self.store
        else:
            self.workers_store = True
            initializer, task, done = workers.init_worker, workers.ingest_file, None
            initargs = (os.getpid(), workers.worker_database(connection), os.environ["DJANGO_SETTINGS_MODULE"])
        if self.workers_store and sys.platform.startswith("linux"):
            # fork: workers start at once, with this process's models loaded and Django set
            # up. Each opens a connection of its own; the ones of this process it inherits
            # are left alone (documents.workers.init_worker).
            parallel.warm_up()
            context, forked = multiprocessing.get_context("fork"), True
        else:
            # forkserver: workers start from a clean interpreter (no open database connection
            # inherited), which has the stages' models loaded (documents.ingest.warm) and
            # Django set up (documents.warm); they connect themselves if they store.
            context, forked = multiprocessing.get_context("forkserver"), False
            context.set_forkserver_preload(["documents.ingest.warm", "documents.warm"])
        jobs = min(jobs, len(paths))
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer, initargs=initargs) as pool:
            pending = iter(paths)
            up = threading.Event()
            if forked:
                _start_workers(pool, jobs, up)  # (all of them fork at the first submit)
            else:
                # Starting the workers takes a second or so (the forkserver loads the stages
                # and Django before it forks them, and submitting waits for that): they are
                # started from a thread while this process ingests the first files itself, in
                # order as ever.
                starter = threading.Thread(target=_start_workers, args=(pool, jobs, up), name="start-workers")
                starter.start()
                try:
                    while not up.is_set():
                        path = next(pending, None)
                        if path is None:
                            return
                        yield self.store(parallel.parse_file(str(path), self.overrides, limit))
                finally:
                    starter.join()  # before the pool is shut down
            window = deque()

            def submit():
                path = next(pending, None)
                if path is not None:
                    window.append(pool.submit(task, str(path), self.overrides, limit))

            for _ in range(jobs * 3):
                submit()
            try:
                while window:
                    result = window.popleft().result()
                    submit()
                    yield done(result) if done else result
            except BaseException:
                for future in window:
                    future.cancel()
                raise

    def ingest_here(self, paths, limit):
        """The report entries of `paths`, in their order, each parsed and stored in this
        process. Storing runs in a thread on a connection of its own, so that PostgreSQL
        stores one document (most of the time storing takes is the database's) while this
        thread parses the next. Inside a transaction of the caller's, storing stays in it,
        one file after the other."""
        if in_callers_transaction() or len(paths) < 2:
            for path in paths:
                yield self.store(parallel.parse_file(str(path), self.overrides, limit))
            return
        with ThreadPoolExecutor(1, thread_name_prefix="store") as storer:
            storing = None
            try:
                for path in paths:
                    result = parallel.parse_file(str(path), self.overrides, limit)
                    if storing is not None:
                        entry, storing = storing.result(), None
                        yield entry
                    storing = storer.submit(self.store, result)
                if storing is not None:
                    entry, storing = storing.result(), None
                    yield entry
            finally:
                # Interrupted (Ctrl-C) while a document was being stored: it is stored all the
                # same, and reported.
                if storing is not None and storing.exception() is None:
                    self.record(storing.result())
                storer.submit(connections.close_all)  # the thread's own connection

    def store(self, result):
        """The report entry of a parse_file result, stored here when it parsed."""
        return store_file(result, self.overrides).as_json(result.path)

    def record(self, entry):
        """Count, report and print one file's entry (Outcome.as_json)."""
        status, path = entry["status"], entry["file"]
        self.counts[status] += 1
        self.entries.append(entry)
        if self.as_json:
            line = json.dumps(entry, ensure_ascii=False)
        elif status == "error":
            line = f"error      {path}: {entry['message']}"
        else:
            line = f"{status:<10} {path} -> {entry['slug']}"
            if entry.get("message"):
                line += f" ({entry['message']})"
        if self.bar is not None:
            with self.bar.external_write_mode():
                self.stdout.write(line)
            self.bar.set_postfix(
                created=self.counts["created"], duplicate=self.counts["duplicate"], failed=self.counts["error"],
                refresh=False,
            )
            self.bar.update(1)
        else:
            self.stdout.write(line)
        self.stdout.flush()

    def write_report(self, filename, started, total, interrupted):
        report = {
            "parser_version": PARSER_VERSION,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
            "seconds": round(time.time() - started, 3),
            "files": total,
            "counts": self.counts,
            "interrupted": interrupted,
            "results": self.entries,
        }
        Path(filename).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _start_workers(pool, jobs, up):
    """Start the pool's workers; `up` is set once one of them answers (or the pool failed: its
    error is then raised in the main thread, by its next submit)."""
    try:
        wait([pool.submit(os.getpid) for _ in range(jobs)], return_when=FIRST_COMPLETED)
    except Exception:  # noqa: BLE001
        pass
    finally:
        up.set()


class _Toggle(argparse.Action):
    """--progress sets True, --no-progress False."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, not option_string.startswith("--no-"))


def _bar(total, stream):
    from tqdm import tqdm

    # No monitor thread: workers are forked from this process, best with no other thread.
    tqdm.monitor_interval = 0
    return tqdm(total=total, file=stream, unit="file", dynamic_ncols=True, mininterval=0.2)
