"""The storing workers of a bulk run (`manage.py ingest`): each parses a file and stores it,
in a transaction of its own on a connection of its own, so that storing (and the database's
work on the index) runs on every core as parsing does. A worker that dies mid-document leaves
nothing of it: its transaction never commits.

Workers are forked from the main process (or, where fork is not used, from a forkserver's clean
interpreter) and connect through the stock PostgreSQL backend with the parameters of the main
process's own connection, test database included; they never start or stop the embedded
server, which the main process holds.
"""
import os

from . import files, processes


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


def init_worker(main_pid: int, database: dict, settings_module: str) -> None:
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


def ingest_file(path: str, overrides: dict | None, max_bytes: int) -> dict:
    """Parse and store one file; its line of the report (Outcome.as_json)."""
    from ..loader import store_file

    return store_file(files.parse_file(path, overrides, max_bytes), overrides).as_json(path)
