"""BulkIngest: many files parsed and stored, by a pool of worker processes or by this one, and
every file's report entry handed on in file order. `manage.py ingest` is its command line."""
import logging
import multiprocessing
import os
import sys
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait

from django.conf import settings
from django.db import connection, connections

from ..loader import (
    DUPLICATE, in_callers_transaction, order_versions, store_file, version_message,
)
from ..models import Document
from ..outcome import Outcome
from . import files, processes, turns, workers

logger = logging.getLogger(__name__)


class BulkIngest:
    """One run over many files: `record` is called with each file's report entry
    (Outcome.as_json), in file order; `overrides` win over what is read from each file."""

    def __init__(self, overrides, record):
        self.overrides = overrides
        self.record = record
        self.workers_store = False

    def ingest(self, paths, jobs):
        """Every file of `paths` recorded, in order: known bytes as duplicates at once, the
        others parsed and stored by `jobs` processes."""
        limit = settings.GONGKAI_MAX_UPLOAD_BYTES
        # Known bytes are reported at once and never parsed again: a re-run is cheap.
        todo, hashes = [], {}
        for path in paths:
            try:
                if path.stat().st_size <= limit:
                    hashes[path] = files.sha256_of(path)
            except OSError:
                pass  # files.parse_file says why
        known = {
            doc.sha256: doc
            for doc in Document.objects.filter(sha256__in=set(hashes.values())).only("pk", "slug", "title", "sha256")
        }
        for path in paths:
            if hashes.get(path) in known:
                self.record(Outcome("duplicate", known[hashes[path]], DUPLICATE).as_json(str(path)))
            else:
                todo.append(path)
        self.workers_store = False
        for entry in self.ingest_all(todo, jobs, limit):
            self.record(entry)

    def renumbered(self, entries):
        """(entry, document) of each created entry whose document was numbered again: versions
        of one report stored by parallel workers are numbered in file order. The workers take
        turns (turns.py), so they store them in that order already and this finds nothing; it
        stays as a check that costs one query. The entries are updated in place."""
        if not self.workers_store:
            return
        created = [entry for entry in entries if entry["status"] == "created"]
        # What numbering needs, not the documents' texts and files (megabytes for a run).
        fields = ("pk", "publisher_id", "year", "kind", "version", "slug", "supersedes_id")
        documents = Document.objects.only(*fields).in_bulk([entry["id"] for entry in created])
        stored = [documents[entry["id"]] for entry in created if entry["id"] in documents]
        changed = {document.pk: document for document in order_versions(stored)}
        for entry in created:
            document = changed.get(entry["id"])
            if document is None:
                continue
            entry.update(slug=document.slug, message=version_message(document))
            if not entry["message"]:
                del entry["message"]
            yield entry, document

    def ingest_all(self, paths, jobs, limit):
        """The report entries of `paths`, in their order. With one job, parsed and stored
        here. Else a pool of workers, kept a few files ahead of the reporting, parses and
        stores each file (workers.py), but for the first ones where the workers take a while
        to start, which this process takes meanwhile. Inside a transaction of the
        caller's (a test, a script wrapping the command), whose work other connections cannot
        join, the workers only parse and the storing stays in that transaction."""
        if jobs == 1 or len(paths) < 2:
            yield from self.ingest_here(paths, limit)
            return
        stores_here = in_callers_transaction()
        if not stores_here and sys.platform.startswith("linux"):
            # fork: workers start at once, with this process's models loaded and Django set
            # up. Each opens a connection of its own; the ones of this process it inherits
            # are left alone (documents.bulk.workers.init_worker).
            processes.warm_up()
            context, forked = multiprocessing.get_context("fork"), True
        else:
            # forkserver: workers start from a clean interpreter (no open database connection
            # inherited), which has the stages' models loaded (preload_stages.py) and
            # Django set up (preload_django.py); they connect themselves if they store.
            context, forked = multiprocessing.get_context("forkserver"), False
            context.set_forkserver_preload(["documents.bulk.preload_stages", "documents.bulk.preload_django"])
        turn = None
        if stores_here:
            initializer, initargs, task, done = processes.init_worker, (os.getpid(),), files.parse_file, self.store
        else:
            self.workers_store = True
            initializer, task, done = workers.init_worker, workers.ingest_file, None
            # Versions of one report are stored in file order, whichever worker is faster.
            turn = turns.Turns(len(paths), context)
            initargs = (os.getpid(), workers.worker_database(connection), os.environ["DJANGO_SETTINGS_MODULE"], turn)
        jobs = min(jobs, len(paths))
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer, initargs=initargs) as pool:
            pending = iter(enumerate(paths))
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
                        position, path = next(pending, (None, None))
                        if path is None:
                            return
                        try:
                            mark = None if turn is None else workers.report_marker(turn, position)
                            result = files.parse_file(str(path), self.overrides, limit, on_metadata=mark)
                            yield self.store(result)
                        finally:
                            if turn is not None:
                                turn.settle(position)
                finally:
                    starter.join()  # before the pool is shut down
            window = deque()
            merging = None

            def submit():
                nonlocal merging
                position, path = next(pending, (None, None))
                if path is not None:
                    if turn is None:
                        window.append(pool.submit(task, str(path), self.overrides, limit))
                    else:
                        window.append(pool.submit(task, str(path), self.overrides, limit, position))
                elif merging is None and not stores_here:
                    # Every file is handed out: the index's pending entries are merged by the
                    # first worker left without a file, beside the last files, rather than on
                    # one core after them.
                    merging = pool.submit(workers.merge_pending)

            for _ in range(jobs * 3):
                submit()
            try:
                while window:
                    result = window.popleft().result()
                    submit()
                    yield done(result) if done else result
                if merging is not None:
                    try:
                        merging.result()
                    except Exception:  # noqa: BLE001 - every file is stored; the command merges once more
                        logger.exception("Merging the search index's pending entries failed")
            except BaseException:
                for future in [*window, merging]:
                    if future is not None:
                        future.cancel()
                raise
            finally:
                if turn is not None:
                    turn.release()  # a file cancelled above is never settled: nothing waits for it

    def ingest_here(self, paths, limit):
        """The report entries of `paths`, in their order, each parsed and stored in this
        process. Storing runs in a thread on a connection of its own, so that PostgreSQL
        stores one document (most of the time storing takes is the database's) while this
        thread parses the next. Inside a transaction of the caller's, storing stays in it,
        one file after the other."""
        if in_callers_transaction() or len(paths) < 2:
            for path in paths:
                yield self.store(files.parse_file(str(path), self.overrides, limit))
            return
        with ThreadPoolExecutor(1, thread_name_prefix="store") as storer:
            storing = None
            try:
                for path in paths:
                    result = files.parse_file(str(path), self.overrides, limit)
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
        """The report entry of a parse_file result, stored here when it parsed. Whatever goes
        wrong ends this file only: it is reported as an error, and the run goes on."""
        try:
            return store_file(result, self.overrides).as_json(result.path)
        except Exception as exc:  # noqa: BLE001 - reported as this file's error
            logger.exception("Storing %s failed", result.path)
            message = f"The file could not be stored: {type(exc).__name__}: {exc}"
            return Outcome("error", path=result.path, code="store_failed", message=message).as_json(result.path)


def _start_workers(pool, jobs, up):
    """Start the pool's workers; `up` is set once one of them answers (or the pool failed: its
    error is then raised in the main thread, by its next submit)."""
    try:
        wait([pool.submit(os.getpid) for _ in range(jobs)], return_when=FIRST_COMPLETED)
    except Exception:  # noqa: BLE001
        pass
    finally:
        up.set()
