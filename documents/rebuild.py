"""The dataset export regenerated after each ingest, in the background: storing a document never
waits for it, and /data/ keeps serving the last complete build meanwhile.

* `mark_stale()` (the loader calls `schedule()` when a stored document commits) touches a
  marker file in the dataset folder: the export is older than the data.
* `schedule()` then starts a builder unless one is alive: by default a detached
  `manage.py export_dataset --when-stale` process (it outlives a command-line ingest, and the
  web server's workers do not run it); `GONGKAI_DATASET_REBUILD=thread` runs it in a thread of
  this process instead, `off` leaves it to cron (`export_dataset --when-stale`).
* The builder waits `GONGKAI_DATASET_DEBOUNCE` seconds (a bulk ingest marks the export stale
  hundreds of times; one build follows it), then builds while the marker is newer than the
  last build's start. One builder at a time, across processes: an exclusive lock on a file.
  After letting the lock go it looks at the marker once more, so a document stored while it
  was finishing is never left out.

The export itself writes under temporary names and renames them (documents/dataset.py): a
download never gets a half-written file.
"""
from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

STALE = ".stale"        # touched when data changed after the last build started
BUILDING = ".building"  # exists while a build runs; holds the time it started
LOCK = ".build.lock"


def _dir(directory=None) -> Path:
    path = Path(directory or settings.GONGKAI_DATASET_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def mark_stale(directory=None) -> None:
    marker = _dir(directory) / STALE
    marker.write_text(str(time.time()), encoding="ascii")


def _stamp(path: Path) -> float | None:
    try:
        return float(path.read_text(encoding="ascii") or 0)
    except (OSError, ValueError):
        return None


def state(directory=None) -> dict:
    """What /data/ says beside the last build: {"stale": since when data changed after it (or
    None), "building": since when a newer build runs (or None)}. Reads two small files."""
    path = Path(directory or settings.GONGKAI_DATASET_DIR)
    return {"stale": _stamp(path / STALE), "building": _stamp(path / BUILDING)}


def is_stale(directory=None) -> bool:
    return _stamp(_dir(directory) / STALE) is not None


class _Lock:
    """An exclusive, non-blocking lock on the folder's lock file (held by one builder process
    or thread; the kernel lets it go if the process dies)."""

    def __init__(self, directory):
        self.path = _dir(directory) / LOCK
        self.handle = None

    def acquire(self) -> bool:
        handle = open(self.path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self.handle = handle
        return True

    def release(self):
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


SPAWN_GRACE = 60.0  # seconds
_spawned_at = -SPAWN_GRACE

# In-process builders (thread mode) lock out each other too: flock locks are per open file.
_thread_guard = threading.Lock()


def build_when_stale(directory=None, debounce: float | None = None) -> int:
    """Build the export while it is stale; return how many builds ran. Returns at once (0) when
    another builder holds the lock: it will see the marker."""
    from .dataset import export

    debounce = settings.GONGKAI_DATASET_DEBOUNCE if debounce is None else debounce
    builds = 0
    while True:
        lock = _Lock(directory)
        if not _thread_guard.acquire(blocking=False):
            return builds
        try:
            if not lock.acquire():
                return builds
            try:
                if debounce:
                    time.sleep(debounce)
                while is_stale(directory):
                    path = _dir(directory)
                    started = time.time()
                    (path / BUILDING).write_text(str(started), encoding="ascii")
                    # Anything marked from now on is newer than this build: take the marker
                    # away first, so a mark made during the build stays and is built next.
                    (path / STALE).unlink(missing_ok=True)
                    try:
                        export(path)
                        builds += 1
                    except Exception:
                        logger.exception("Building the dataset export failed")
                        mark_stale(path)
                        return builds
                    finally:
                        (path / BUILDING).unlink(missing_ok=True)
            finally:
                lock.release()
        finally:
            _thread_guard.release()
        # Marked between the last look and letting the lock go: that marker's schedule() saw
        # the lock held and left it to us.
        if not is_stale(directory):
            return builds
        debounce = 0


def schedule(directory=None) -> None:
    """Mark the export stale and make sure a builder will see it; never waits for a build."""
    try:
        mark_stale(directory)
        mode = settings.GONGKAI_DATASET_REBUILD
        if mode == "off" or _builder_alive(directory):
            return
        if mode == "thread":
            threading.Thread(target=_in_thread, args=(directory,), name="dataset-export", daemon=True).start()
        else:
            global _spawned_at
            # A process takes a moment to start and take the lock: a bulk run's next files
            # must not each start one (a second one would find the lock taken and end).
            if time.monotonic() - _spawned_at < SPAWN_GRACE:
                return
            _spawned_at = time.monotonic()
            _spawn(directory)
    except OSError:
        # A read-only or missing folder must not fail an ingest: the export stays as it was.
        logger.exception("Could not schedule the dataset export")


def _builder_alive(directory) -> bool:
    lock = _Lock(directory)
    if lock.acquire():
        lock.release()
        return False
    return True


def _in_thread(directory):
    from django.db import connection

    try:
        build_when_stale(directory)
    finally:
        connection.close()  # the thread's own connection


def _spawn(directory):
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "export_dataset", "--when-stale"]
    if directory:
        command.append(str(directory))
    subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, close_fds=True, env=os.environ.copy())
