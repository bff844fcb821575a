"""Rebuild the search index of every section (search_text, search_grams, search_vector, topic bits),
a document at a time, as a job that can be interrupted and resumed. With --topics, also assign
topics again from documents/ingest/data/topics.tsv."""
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Exists, OuterRef

from documents.loader import merge_pending
from documents.models import CorpusJob, Document, Section
from documents.search.index import index_sections

from ._jobs import add_job_arguments, detach, prepare, run


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--topics", action="store_true", help="also reassign every section's topics")
        parser.add_argument("--missing", action="store_true", help="only sections that are not indexed")
        add_job_arguments(parser)

    def handle(self, *args, **options):
        parameters = {"topics": options["topics"], "missing": options["missing"]}
        asked = options["topics"] or options["missing"]
        # `reindex --resume` alone continues the unfinished job whatever its options.
        job = prepare(self, CorpusJob.Kind.REINDEX, parameters if asked or not options["resume"] else None, options)
        if options["background"]:
            detach(self, "reindex", job, options, [])
            return
        with_topics, missing = job.parameters.get("topics", False), job.parameters.get("missing", False)
        documents = Document.objects.all()
        if missing:
            documents = documents.filter(Exists(Section.objects.filter(document=OuterRef("pk"), search_grams__isnull=True)))
        started, sections, documents_done = time.monotonic(), 0, 0

        def step(pk, checkpoint):
            chosen = Section.objects.filter(document_id=pk)
            if missing:
                chosen = chosen.filter(search_grams__isnull=True)
            # The document's sections in one UPDATE: a reader sees its old index or its new one.
            with transaction.atomic():
                n = index_sections(chosen.order_by("pk").only("id", "heading", "text", "topics"), with_topics=with_topics)
                checkpoint()
            return n

        def on_result(pk, result):
            nonlocal sections, documents_done
            if isinstance(result, int):
                sections, documents_done = sections + result, documents_done + 1

        try:
            job = run(self, job, documents, step, on_result, options)
        finally:
            merge_pending()
        what = "search index and topics" if with_topics else "search index"
        self.stdout.write(
            f"{sections} sections of {documents_done} documents: {what} rebuilt in {time.monotonic() - started:.1f}s"
        )
