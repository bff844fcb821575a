import json

from django.core.management.base import BaseCommand, CommandError

from documents import jobs, rebuild
from documents.ingest.errors import IngestError
from documents.ingest.pipeline import PARSER_VERSION
from documents.loader import merge_pending, reparse
from documents.models import CorpusJob, Document

from ._jobs import add_job_arguments, detach, prepare, run


class Command(BaseCommand):
    help = (
        "Re-run the current parser over the stored raw files, keeping metadata given by hand, as a "
        "job that can be interrupted and resumed (each document swapped in one transaction with the "
        "job's checkpoint). One line per document; progress on stderr. Exit status 0 when every "
        "document parsed, 1 when any failed, 2 for bad arguments, 130/143 when interrupted."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="every document")
        which.add_argument(
            "--outdated", action="store_true",
            help=f"documents made by another parser version than the current one ({PARSER_VERSION})",
        )
        parser.add_argument("--json", action="store_true", help="one JSON object per line")
        add_job_arguments(parser)

    def handle(self, *args, **options):
        which = "all" if options["all"] else "outdated" if options["outdated"] else None
        if which is None and not options["resume"]:
            raise CommandError("give --all, --outdated or --resume", returncode=2)
        parameters = {"which": which, "parser_version": PARSER_VERSION} if which else None
        job = prepare(self, CorpusJob.Kind.REPARSE, parameters, options)
        if job.parameters.get("parser_version") != PARSER_VERSION:
            raise CommandError(
                f"the unfinished job #{job.pk} re-parses with parser {job.parameters.get('parser_version')}, "
                f"this is {PARSER_VERSION}: --restart starts it over", returncode=2,
            )
        if options["background"]:
            detach(self, "reparse", job, options, ["--json"] if options["json"] else [])
            return
        documents = Document.objects.all()
        if job.parameters["which"] == "outdated":
            documents = Document.objects.outdated(PARSER_VERSION)

        def step(pk, checkpoint):
            document = Document.objects.filter(pk=pk).first()
            if document is None:
                return None  # deleted since it was listed
            before = document.parser_version
            try:
                reparse(document, then=checkpoint, export=False)
            except IngestError as exc:
                raise jobs.Failure(exc.code, exc.message) from None
            return document, before

        def on_result(pk, result):
            if isinstance(result, jobs.Failure):
                slug = Document.objects.filter(pk=pk).values_list("slug", flat=True).first() or str(pk)
                self.emit(options["json"], {"slug": slug, "status": "error", "error": result.code, "message": result.message})
            elif result is not None:
                document, before = result
                self.emit(options["json"], {"slug": document.slug, "status": "reparsed", "from": before, "to": document.parser_version})

        try:
            job = run(self, job, documents, step, on_result, options)
        finally:
            merge_pending()
            # One rebuild of the dataset export for the whole run, even a stopped one.
            rebuild.schedule()
        if not options["json"]:
            self.stderr.write(f"{job.done} re-parsed with parser {PARSER_VERSION}, {job.failed} failed")
        if job.failed:
            raise CommandError(f"{job.failed} document(s) failed", returncode=1)

    def emit(self, as_json, data):
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        elif data["status"] == "error":
            self.stdout.write(f"error      {data['slug']}: {data['message']}")
        else:
            self.stdout.write(f"reparsed   {data['slug']} (parser {data['from']} -> {data['to']})")
