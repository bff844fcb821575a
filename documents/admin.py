from django.contrib import admin

from .models import Check, Commitment, Document, Metric, Publisher, Section


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "level", "slug"]
    list_filter = ["level", "region"]
    search_fields = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}


class SectionInline(admin.TabularInline):
    model = Section
    fields = ["order", "level", "number", "heading", "kind"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "year", "kind", "script", "encoding", "is_published"]
    list_filter = ["kind", "year", "script", "encoding", "is_published", "publisher__level", "publisher"]
    search_fields = ["title", "doc_number", "publisher__name", "sha256"]
    readonly_fields = [
        "sha256", "filename", "encoding", "had_bom", "script", "parser_version",
        "cleanup", "warnings", "created_at", "updated_at",
    ]
    exclude = ["raw", "original_text", "clean_text", "edits"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "document", "level", "kind"]
    list_filter = ["level", "kind", "document__publisher"]
    search_fields = ["heading", "text"]
    raw_id_fields = ["document", "parent"]


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["key", "label", "value", "unit", "source", "document"]
    list_filter = ["source", "unit", "document__year", "document__publisher"]
    search_fields = ["key", "label", "sentence"]
    raw_id_fields = ["document", "section"]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "deadline", "due", "document"]
    list_filter = ["kind", "period", "document__publisher"]
    search_fields = ["text", "subject"]
    raw_id_fields = ["document", "section"]


@admin.register(Check)
class CheckAdmin(admin.ModelAdmin):
    list_display = ["name", "passed", "document"]
    list_filter = ["passed", "document__publisher"]
    search_fields = ["name", "detail"]
    raw_id_fields = ["document"]
