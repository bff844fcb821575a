"""Write the whole dataset (every current metric × publisher × year as CSV and JSON Lines, the
sections' metadata, the data dictionary and a manifest) into DIR; /data/ links the files of
settings.GONGKAI_DATASET_DIR. Rows stream from the database: memory stays flat."""
from django.conf import settings
from django.core.management.base import BaseCommand

from documents.dataset import export
from documents.rebuild import build_when_stale


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="where to write (default: GONGKAI_DATASET_DIR)")
        parser.add_argument("--when-stale", action="store_true",
                            help="only if documents were stored since the last build, and not while another "
                                 "build runs (what runs after an ingest, or from cron)")
        parser.add_argument("--debounce", type=float, default=None,
                            help="with --when-stale: seconds to wait first (default: GONGKAI_DATASET_DEBOUNCE)")

    def handle(self, *args, **options):
        directory = options["directory"] or settings.GONGKAI_DATASET_DIR
        if options["when_stale"]:
            builds = build_when_stale(directory, options["debounce"])
            self.stdout.write(f"{builds} build(s) in {directory}")
            return
        manifest = export(directory)
        for name, part in manifest["files"].items():
            self.stdout.write(f"{name}: {part['rows']} rows, {part['bytes']} bytes")
        self.stdout.write(f"built {manifest['built_at']} (parser {manifest['parser_version']}) in {directory}")
