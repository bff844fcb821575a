"""A database of the benchmarks' own, on the server the project is configured for."""
import atexit
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection


def use_database(name):
    """Point Django at `name` on the same server, creating it when missing, and migrate it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    # Its documents are not the portal's: no dataset export is built from them in the background
    # (it would also take the cores being measured), and the portal's export is not marked stale.
    settings.GONGKAI_DATASET_REBUILD = "off"
    settings.GONGKAI_DATASET_DIR = Path(tempfile.mkdtemp(prefix="bench-dataset-"))
    atexit.register(shutil.rmtree, settings.GONGKAI_DATASET_DIR, ignore_errors=True)
    call_command("migrate", verbosity=0)


def empty():
    """Every document and publisher gone, with nothing left for VACUUM to clean up in the middle
    of the next measurement (as a DELETE would leave)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE documents_document, documents_publisher CASCADE")
