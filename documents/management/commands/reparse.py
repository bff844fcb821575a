import json

from django.core.management.base import BaseCommand, CommandError

from documents.ingest.pipeline import PARSER_VERSION
from documents.loader import merge_pending, reparse_each
from documents.models import Document


class Command(BaseCommand):
    help = (
        "Re-run the current parser over the stored raw files, keeping metadata given by hand. "
        "One line per document. Exit status 0 when every document parsed, 1 when any failed."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every document")
        which.add_argument(
            "--outdated", action="store_true",
            help=f"documents made by another parser version than the current one ({PARSER_VERSION})",
        )
        parser.add_argument("--json", action="store_true", help="one JSON object per line")

    def handle(self, *args, **options):
        documents = Document.objects.all() if options["all"] else Document.objects.outdated(PARSER_VERSION)
        done = failed = 0
        for document, before, error in reparse_each(documents.order_by("pk")):
            if error is not None:
                failed += 1
                self.emit(options["json"], {"slug": document.slug, "status": "error", "error": error.code, "message": error.message})
                continue
            done += 1
            self.emit(options["json"], {"slug": document.slug, "status": "reparsed", "from": before, "to": document.parser_version})
        merge_pending()
        if not options["json"]:
            self.stderr.write(f"{done} re-parsed with parser {PARSER_VERSION}, {failed} failed")
        if failed:
            raise CommandError(f"{failed} document(s) failed", returncode=1)

    def emit(self, as_json, data):
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        elif data["status"] == "error":
            self.stdout.write(f"error      {data['slug']}: {data['message']}")
        else:
            self.stdout.write(f"reparsed   {data['slug']} (parser {data['from']} -> {data['to']})")
