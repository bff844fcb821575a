"""Imported by the forkserver that `manage.py ingest` starts its workers from, after
documents.bulk.preload_stages: Django set up and the loader imported, once, rather than in
each worker before its first file. No connection is opened here: each worker opens its own
(documents.bulk.workers.init_worker), which also sets Django up where this could not."""
import os

if os.environ.get("DJANGO_SETTINGS_MODULE"):
    import django

    try:
        django.setup()
        from .. import loader  # noqa: F401
    except Exception:  # noqa: BLE001
        # The forkserver would die of it (it only passes over ImportError) and every worker
        # with it, unexplained; each worker's own setup raises the same error, reported.
        pass
