"""The storing workers of a bulk run (`manage.py ingest`): each parses a file and stores it,
in a transaction of its own on a connection of its own, so that storing (and the database's
work on the index) runs on every core as parsing does. A worker that dies mid-document leaves
nothing of it: its transaction never commits.

Workers are forked from the main process (or, where fork is not used, from a forkserver's clean
interpreter) and connect through the stock PostgreSQL backend with the parameters of the main
process's own connection, test database included; they never start or stop the embedded
server, which the main process holds.
"""
import logging
import os

from ..outcome import Outcome
from . import files, processes
from .turns import Conflict

logger = logging.getLogger(__name__)
_turns = None  # the run's Turns (turns.py), set when the worker starts


def worker_database(connection) -> dict:
    """Django settings for the database `connection` is using, as a worker should reach it."""
    params = connection.get_connection_params()
    settings_dict = connection.settings_dict
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": settings_dict["NAME"],
        "USER": params.get("user") or settings_dict.get("USER", ""),
        "PASSWORD": settings_dict.get("PASSWORD", ""),
        "HOST": params.get("host") or settings_dict.get("HOST", ""),
        "PORT": params.get("port") or settings_dict.get("PORT", ""),
        "OPTIONS": dict(settings_dict.get("OPTIONS") or {}),
    }


def init_worker(main_pid: int, database: dict, settings_module: str, turns=None) -> None:
    global _turns
    _turns = turns
    processes.init_worker(main_pid)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django
    from django.db import connections

    django.setup()
    # Django may be set up already (a main module run again in this process sets it up, and
    # its apps look at the connections then), and a forked worker holds the main process's
    # open connections: those are forgotten, never closed (closing one would end the main
    # process's session; psycopg leaves a connection of another process alone when it is
    # collected). "default" then points at the main process's database.
    for opened in connections.all(initialized_only=True):
        opened.connection = None
        del connections[opened.alias]
    connections.settings = connections.configure_settings({"default": database})
    from ..loader import set_bulk_commits

    set_bulk_commits()  # (inherited already where forked from the command)


def ingest_file(path: str, overrides: dict | None, max_bytes: int, position: int | None = None) -> dict:
    """Parse and store one file; its line of the report (Outcome.as_json). A version of a
    report takes its turn (turns.py): it commits only once the earlier files allow. Whatever
    goes wrong ends this file only: it is reported as an error, and the run goes on."""
    from ..loader import report_identity, store_file

    try:
        if _turns is None or position is None:
            return store_file(files.parse_file(path, overrides, max_bytes), overrides).as_json(path)
        result = files.parse_file(path, overrides, max_bytes, on_metadata=report_marker(_turns, position))
        if result.parsed is None:
            return store_file(result, overrides).as_json(path)
        identity = report_identity(result.parsed.metadata)
        try:
            return store_file(result, overrides, before_commit=lambda: _turns.hold(position, identity)).as_json(path)
        except Conflict:
            # An earlier file is a version of the same report: stored again, after it.
            _turns.wait_for(position, identity)
            return store_file(result, overrides).as_json(path)
    except Exception as exc:  # noqa: BLE001 - reported as this file's error
        logger.exception("Ingesting %s failed", path)
        message = f"The file could not be stored: {type(exc).__name__}: {exc}"
        return Outcome("error", path=path, code="store_failed", message=message).as_json(path)
    finally:
        if _turns is not None and position is not None:
            _turns.settle(position)


def report_marker(turns, position: int):
    """What parse_file's `on_metadata` calls in a run that takes turns: the file at `position`
    marked parsed as a version of its report, once its metadata is read, before its later
    stages (a later file waiting to commit, turns.hold, waits that much less)."""
    from ..loader import report_identity

    return lambda meta: turns.parsed(position, report_identity(meta))


def merge_pending() -> None:
    """Merge the search index's pending entries (loader.merge_pending) in this worker, once it
    has no file left; the command merges once more after the run, should this fail."""
    from ..loader import merge_pending as merge

    try:
        merge()
    except Exception:  # noqa: BLE001
        logger.exception("Merging the search index's pending entries failed")
