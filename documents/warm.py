"""Imported by the forkserver that `manage.py ingest` starts its workers from, after
documents.ingest.warm: Django set up and the loader imported, once, rather than in each worker
before its first file. No connection is opened here: each worker opens its own
(documents.workers.init_worker), which also sets Django up where this could not."""
import os

if os.environ.get("DJANGO_SETTINGS_MODULE"):
    import django

    django.setup()

    from . import loader  # noqa: F401
