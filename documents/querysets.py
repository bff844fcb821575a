"""The query API for documents: views and commands ask these, not raw filters."""
from django.db import models


class PublisherQuerySet(models.QuerySet):
    def with_document_counts(self):
        return self.annotate(document_count=models.Count("documents"))


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

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

    def outdated(self, parser_version):
        return self.exclude(parser_version=parser_version)
