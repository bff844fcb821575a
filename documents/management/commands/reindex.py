"""Rebuild the search index of every section (search_text, search_grams, search_vector, topic bits), in batches.
With --topics, also assign topics again from documents/ingest/data/topics.tsv."""
import time

from django.core.management.base import BaseCommand

from documents.search.index import reindex
from documents.models import Section


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--topics", action="store_true", help="also reassign every section's topics")
        parser.add_argument("--missing", action="store_true", help="only sections that are not indexed")
        parser.add_argument("--batch", type=int, default=500, help="sections per transaction (default 500)")

    def handle(self, *args, **options):
        sections = Section.objects.all()
        if options["missing"]:
            sections = sections.filter(search_grams__isnull=True)
        total = sections.count()
        started = time.monotonic()

        def progress(done):
            if options["verbosity"] > 1:
                self.stderr.write(f"{done}/{total}")

        done = reindex(
            sections, batch=max(options["batch"], 1), with_topics=options["topics"], progress=progress
        )
        what = "search index and topics" if options["topics"] else "search index"
        self.stdout.write(f"{done} sections: {what} rebuilt in {time.monotonic() - started:.1f}s")
