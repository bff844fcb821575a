import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.loader import Outcome, ingest_bytes

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


class Command(BaseCommand):
    help = (
        "Store files (folders are walked). One line per file: created, duplicate or error. "
        "Exit status 0 when every file parsed, 1 when any failed, 2 for bad arguments."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        add_override_arguments(parser)

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["paths"]]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}", returncode=2)
        overrides = overrides_from(options)
        counts = {"created": 0, "duplicate": 0, "error": 0}
        for path in walk(paths):
            outcome = self.ingest_file(path, overrides)
            counts[outcome.status] += 1
            self.report(path, outcome, options["json"])
        if not options["json"]:
            self.stderr.write(
                f"{counts['created']} created, {counts['duplicate']} duplicate, {counts['error']} failed"
            )
        if counts["error"]:
            raise CommandError(f"{counts['error']} file(s) failed", returncode=1)

    def ingest_file(self, path, overrides):
        limit = settings.GONGKAI_MAX_UPLOAD_BYTES
        size = path.stat().st_size
        if size > limit:
            # Refused before reading: a huge file never enters memory.
            return Outcome("error", message=f"The file is {size:,} bytes; the limit is {limit:,} bytes.", code="too_large")
        return ingest_bytes(path.read_bytes(), filename=path.name, overrides=overrides)

    def report(self, path, outcome, as_json):
        if as_json:
            self.stdout.write(json.dumps(outcome.as_json(str(path)), ensure_ascii=False))
        elif outcome.status == "error":
            self.stdout.write(f"error      {path}: {outcome.message}")
        else:
            self.stdout.write(f"{outcome.status:<10} {path} -> {outcome.document.slug}")
