"""The JSON API's shapes (Django REST framework). Numbers are JSON numbers, not strings."""
from django.db import models
from rest_framework import serializers

from . import document_fields
from .page_data import number
from .models import Check, Commitment, Document, Metric, Publisher, Section
from .versions import Versions


class NumberField(serializers.DecimalField):
    """A stored decimal as a JSON number: an integer when whole (34290, not 34290.0 or "34290")."""

    def to_representation(self, value):
        return number(value)


class ModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping, models.DecimalField: NumberField}


class PublisherSerializer(ModelSerializer):
    url = serializers.SerializerMethodField()
    document_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Publisher
        fields = ["slug", "name", "region", "level", "document_count", "url"]

    def get_url(self, obj) -> str:
        return _absolute(self, obj.get_absolute_url())


# A document's summary as documents/document_fields.py defines it, the publisher by its slug.
class DocumentSerializer(ModelSerializer):
    publisher = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    failing_checks = serializers.IntegerField(read_only=True, required=False)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [*document_fields.summary("slug"), "provenance", "failing_checks", "url"]

    def build_field(self, field_name, info, model_class, nested_depth):
        # The publisher's fields (publisher_name, region, level) read through the publisher.
        if field_name in document_fields.SOURCES:
            return serializers.CharField, {"source": document_fields.source(field_name, "slug"), "read_only": True}
        return super().build_field(field_name, info, model_class, nested_depth)

    def get_url(self, obj) -> str:
        return _absolute(self, obj.get_absolute_url())


class SectionSerializer(ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    anchor = serializers.CharField(read_only=True)
    parent = serializers.IntegerField(source="parent.order", read_only=True, allow_null=True, default=None)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ["id", "document", "order", "anchor", "level", "number", "heading", "kind", "parent", "topics", "text", "url"]

    def get_url(self, obj) -> str:
        return _absolute(self, obj.get_absolute_url())


class CheckSerializer(ModelSerializer):
    class Meta:
        model = Check
        fields = ["name", "passed", "detail", "left", "right", "keys"]


class CommitmentSerializer(ModelSerializer):
    section = serializers.IntegerField(source="section.order", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Commitment
        fields = ["kind", "number", "text", "lead_units", "deadline", "due", "period", "subject", "comparator", "value", "unit", "section"]


class DocumentDetailSerializer(DocumentSerializer):
    """One document whole: its sections, numbers and cleaning report."""

    sections = serializers.SerializerMethodField()
    supersedes = serializers.SerializerMethodField()
    superseded_by = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    checks = CheckSerializer(many=True, read_only=True)
    failing_checks = serializers.SerializerMethodField()
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = DocumentSerializer.Meta.fields + [
            "encoding", "filename", "sha256", "source_format", "parser_version",
            "supersedes", "superseded_by", "versions", "sections", "tables", "checks", "commitments", "cleanup", "warnings",
        ]

    def _versions(self, obj) -> dict:
        """The document's versions (documents/versions.py), worked out once per document."""
        cache = self.context.setdefault("_versions", {})
        if obj.pk not in cache:
            cache[obj.pk] = Versions(obj).as_json(self.context.get("request"))
        return cache[obj.pk]

    def get_supersedes(self, obj) -> dict | None:
        """The version this one replaces, null for a first version."""
        return self._versions(obj)["supersedes"]

    def get_superseded_by(self, obj) -> dict | None:
        """The version that replaces this one (with the day it was stored), null for the current one."""
        return self._versions(obj)["superseded_by"]

    def get_versions(self, obj) -> list[dict]:
        """Every published version of this report, oldest first."""
        return self._versions(obj)["versions"]

    def get_failing_checks(self, obj) -> int:
        """How many of the document's 勾稽 checks fail (counted from the checks shown)."""
        return sum(1 for check in obj.checks.all() if not check.passed)

    def get_sections(self, obj) -> list[dict]:
        sections = list(obj.sections.all())
        orders = {s.pk: s.order for s in sections}
        return [
            {
                "order": s.order, "anchor": s.anchor, "level": s.level, "number": s.number,
                "heading": s.heading, "kind": s.kind, "parent": orders.get(s.parent_id),
                "topics": s.topics, "text": s.text,
            }
            for s in sections
        ]


class MetricSerializer(ModelSerializer):
    document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    publisher = serializers.CharField(source="document.publisher.slug", read_only=True)
    year = serializers.IntegerField(source="document.year", read_only=True, allow_null=True)
    section = serializers.IntegerField(source="section.order", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Metric
        fields = [
            "id", "document", "publisher", "year", "key", "label", "value", "unit", "source",
            "table", "row", "column", "raw", "qualifier", "sentence", "section",
        ]


def _absolute(serializer, path):
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path
