"""Write the whole dataset (every current metric × publisher × year as CSV and JSON Lines, the
sections' metadata, the data dictionary and a manifest) into DIR; /data/ links the files of
settings.GONGKAI_DATASET_DIR. Rows stream from the database: memory stays flat."""
from django.conf import settings
from django.core.management.base import BaseCommand

from documents.dataset import export


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="where to write (default: GONGKAI_DATASET_DIR)")

    def handle(self, *args, **options):
        directory = options["directory"] or settings.GONGKAI_DATASET_DIR
        manifest = export(directory)
        for name, part in manifest["files"].items():
            self.stdout.write(f"{name}: {part['rows']} rows, {part['bytes']} bytes")
        self.stdout.write(f"built {manifest['built_at']} (parser {manifest['parser_version']}) in {directory}")
