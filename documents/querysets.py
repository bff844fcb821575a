"""The query API for documents: views and commands ask these, not raw filters."""
from django.db import connection, models
from django.db.models.functions import Coalesce


class PublisherQuerySet(models.QuerySet):
    def with_document_counts(self):
        return self.annotate(document_count=models.Count("documents"))

    def with_current_documents(self):
        """Publishers with at least one current document (what the public lists show)."""
        from .models import Document

        return self.filter(models.Exists(Document.objects.current().filter(publisher=models.OuterRef("pk"))))

    def matching(self, words):
        """Publishers whose name or region holds every word of `words` (any script the names are
        stored in; all when blank)."""
        qs = self
        for word in words.split():
            qs = qs.filter(models.Q(name__icontains=word) | models.Q(region__icontains=word))
        return qs

    def in_region(self, region):
        """Publishers of a region and of every region inside it."""
        return self.filter(region__startswith=region)

    def with_published_counts(self):
        """Published documents (current versions only: a superseded one is not counted again),
        and the first and last year they cover."""
        published = models.Q(documents__is_current=True)
        return self.annotate(
            document_count=models.Count("documents", filter=published),
            first_year=models.Min("documents__year", filter=published),
            last_year=models.Max("documents__year", filter=published),
        )


class MetricQuerySet(models.QuerySet):
    def current(self):
        """Numbers of current versions only (a superseded version's are not counted again)."""
        return self.filter(document__is_current=True)


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def current(self):
        """Published and not replaced by a published corrected version (which stays reachable
        by URL): what every public list, count and facet shows. An unpublished correction
        leaves the version before it current."""
        return self.filter(is_current=True)

    def for_publisher(self, publisher):
        return self.filter(publisher=publisher)

    def for_region(self, region):
        """Documents of a region and of everything inside it (上海市 includes 上海市杨浦区)."""
        return self.filter(publisher__region__startswith=region)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_year(self, year):
        return self.filter(year=year)

    def in_years(self, first=None, last=None):
        qs = self
        if first is not None:
            qs = qs.filter(year__gte=first)
        if last is not None:
            qs = qs.filter(year__lte=last)
        return qs

    def counts_by_row(self, rows):
        """These documents counted by the rows of a table, {row: {year: documents, None:
        (documents, publishers)}}, a publisher's documents going to `rows[its region]` (publishers
        of a region not in `rows` are left out). Rolled up in the database, so that the answer
        has a row per region and year whatever the number of documents or publishers."""
        if not rows:
            return {}
        regions, names = zip(*rows.items())
        docs_sql, params = self.order_by().values("publisher_id", "year").query.sql_with_params()
        # Counted per publisher and year first (in the order of the publisher/year index, no
        # sort), then summed by row: a few thousand rows to join, not every document.
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH mapped AS (SELECT p.id, m.row FROM documents_publisher p"
                "  JOIN unnest(%s::text[], %s::text[]) AS m(region, row) ON m.region = p.region),"
                f" per AS (SELECT publisher_id, year, count(*) AS n FROM ({docs_sql}) d"
                "  WHERE publisher_id IN (SELECT id FROM mapped) GROUP BY 1, 2)"
                " SELECT r.row, per.year, sum(per.n)::bigint, NULL FROM per JOIN mapped r ON r.id = per.publisher_id"
                "  WHERE per.year IS NOT NULL GROUP BY 1, 2"
                " UNION ALL"
                " SELECT r.row, NULL, sum(t.n)::bigint, count(*) FROM"
                "  (SELECT publisher_id, sum(n) AS n FROM per GROUP BY 1) t JOIN mapped r ON r.id = t.publisher_id"
                "  GROUP BY 1",
                [list(regions), list(names), *params],
            )
            counted = {}
            for row, year, documents, publishers in cursor.fetchall():
                by_year = counted.setdefault(row, {})
                if publishers is not None:
                    by_year[None] = (documents, publishers)
                else:
                    by_year[year] = documents
            return counted

    def outdated(self, parser_version):
        return self.exclude(parser_version=parser_version)

    # Lists show many documents: the texts, the raw file and the JSON fields stay in the
    # database until a single document is opened.
    HEAVY_FIELDS = ("raw", "original_text", "clean_text", "cleanup", "edits", "warnings", "tables", "overrides")

    def summaries(self):
        return self.select_related("publisher").defer(*self.HEAVY_FIELDS)

    def with_check_counts(self):
        """Each document's checks and failing checks, counted for the rows fetched (a page),
        not by grouping every matching document before the page is cut."""
        from .models import Check

        def counted(**where):
            checks = Check.objects.filter(document=models.OuterRef("pk"), **where).order_by()
            return models.Subquery(checks.values("document").annotate(n=models.Count("pk")).values("n")[:1])

        return self.annotate(
            failing_checks=Coalesce(counted(passed=False), 0),
            check_count=Coalesce(counted(), 0),
        )

    def having_failing_checks(self, failing=True):
        """Documents with (or without) at least one failing 勾稽 check."""
        from .models import Check

        exists = models.Exists(Check.objects.filter(document=models.OuterRef("pk"), passed=False))
        return self.filter(exists if failing else ~exists)

    def with_topic(self, topic):
        """Documents with at least one section tagged with the topic."""
        from .models import Section

        return self.filter(
            models.Exists(Section.objects.filter(document=models.OuterRef("pk"), topics__contains=[topic]))
        )

    def recent(self):
        return self.order_by("-created_at", "-pk")

    def topic_counts(self):
        """{topic: number of these documents with a section tagged with it}, most common first."""
        return dict(_per_topic(self, "count(DISTINCT s.document_id) AS n", "document_id", " ORDER BY n DESC, topic"))


class SectionManager(models.Manager):
    """Sections without their search columns unless asked for: long, stored out of the row,
    and read only by the search's own SQL."""

    SEARCH_FIELDS = ("search_text", "search_vector", "search_grams")

    def get_queryset(self):
        return super().get_queryset().defer(*self.SEARCH_FIELDS)

    @classmethod
    def search_fields(cls, relation):
        """The search columns under a relation's name, to defer a section joined in
        (select_related) as well."""
        return [f"{relation}__{name}" for name in cls.SEARCH_FIELDS]


class SectionQuerySet(models.QuerySet):
    # Below this many sections (the planner's estimate of the table) a count is exact; above it
    # counting them would read the whole table on every view of the home page.
    EXACT_BELOW = 200_000

    def count_or_estimate(self):
        """(number of these sections, exact?): counted while the table is small, else the
        planner's estimate of the whole table (kept by ANALYZE), to the nearest thousand."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'documents_section'::regclass")
            estimate = cursor.fetchone()[0]
        if estimate < self.EXACT_BELOW:  # -1 before the first ANALYZE
            return self.count(), True
        return int(round(estimate, -3)), False

    def published(self):
        return self.filter(document__is_published=True)

    def current(self):
        """Sections of current versions only, as every public list and count shows them: the
        copy the database keeps on each section (migration 0013), no join."""
        return self.filter(published=True)

    def with_topic(self, name):
        """Sections tagged with the topic (its name, as stored)."""
        return self.filter(topics__contains=[name])

    def in_documents(self, documents):
        return self.filter(document__in=documents)

    def in_reading_order(self):
        """Grouped by document as the documents list orders them, then in document order."""
        return self.order_by(
            "document__publisher__region", "document__publisher__name", "-document__year", "document__kind",
            "document_id", "order",
        )

    def listing(self):
        """What a list of sections shows: the section, its document and publisher, and none of
        the document's bulky fields or the search columns."""
        heavy = DocumentQuerySet.HEAVY_FIELDS
        return self.select_related("document__publisher").defer(*(f"document__{name}" for name in heavy))

    def topic_counts(self):
        """{topic name: (sections, documents)} over these sections."""
        rows = _per_topic(self, "count(*), count(DISTINCT s.document_id)", "id")
        return {topic: (sections, documents) for topic, sections, documents in rows}


def _per_topic(queryset, counts, column, order=""):
    """Rows of (topic, *counts) over the sections whose `column` is among the queryset's keys,
    one per topic: a section's topics unnested in the database, the queryset its subquery."""
    ids_sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT topic, {counts}"
            " FROM documents_section s CROSS JOIN LATERAL unnest(s.topics) AS topic"
            f" WHERE s.{column} IN ({ids_sql}) GROUP BY topic{order}",
            params,
        )
        return cursor.fetchall()
