from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext, gettext_lazy

from . import jobs, loader, uploads
from .ingest.metadata import OVERRIDE_WARNING, extract_metadata, override_conflicts
from .ingest.pipeline import PARSER_VERSION
from .ingest.provenance import FIELDS
from .models import Check, Commitment, CorpusJob, Document, Metric, Publisher, Section
from .querysets import SectionManager

# Fields a clerk may correct by hand; a correction is kept as an override, so a re-parse
# with a newer parser keeps it.
OVERRIDABLE = ["title", "publisher", "year", "kind", "doc_number", "published_on", "issuer", "source_url", "retrieved_on"]
RESULTS_KEY = "gongkai_upload_results"
HELD_KEY = "gongkai_upload_held"  # files that would replace a current version, waiting for the clerk


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
    list_display = [
        "title", "publisher", "year", "kind", "version", "source_format", "script", "encoding",
        "parser_version", "is_published",
    ]
    list_filter = [
        "kind", "year", "source_format", "script", "encoding", "is_published", "parser_version",
        "publisher__level", "publisher",
    ]
    search_fields = ["title", "doc_number", "publisher__name", "sha256"]
    readonly_fields = [
        "sha256", "filename", "source_format", "encoding", "had_bom", "script", "parser_version",
        "version", "supersedes", "overrides", "provenance", "cleanup", "warnings", "ocr", "created_at", "updated_at",
    ]
    exclude = ["raw", "original_text", "clean_text", "edits", "tables"]
    inlines = [SectionInline]
    actions = ["reparse_selected", "publish", "unpublish"]
    change_list_template = "admin/documents/document/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="documents_document_upload"),
            path("upload/results/", view(self.upload_results_view), name="documents_document_upload_results"),
            path("upload/confirm/", view(self.upload_confirm_view), name="documents_document_upload_confirm"),
            path("<int:pk>/understood/", view(self.understood_view), name="documents_document_understood"),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        # A document is made from a file, never typed in.
        return redirect("admin:documents_document_upload")

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = uploads.UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            files = request.FILES.getlist("files")
            if not files:
                form.add_error("files", gettext("请选择至少一个文件。"))
            elif len(files) > uploads.max_files():
                form.add_error(
                    "files",
                    gettext("一次最多上传 %(most)s 个文件，您选择了 %(chosen)s 个；没有处理任何文件。") % {
                        "most": uploads.max_files(), "chosen": len(files)},
                )
            else:
                results, held = uploads.receive(files, form.overrides())
                request.session[RESULTS_KEY] = results
                if held:
                    # Nothing replaces a current version before the clerk says so.
                    request.session[HELD_KEY] = {"overrides": form.overrides(), "files": held}
                    return redirect("admin:documents_document_upload_confirm")
                return redirect("admin:documents_document_upload_results")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("上传文件"),
            "form": form,
            "max_files": uploads.max_files(),
            "max_bytes": settings.GONGKAI_MAX_UPLOAD_BYTES,
        }
        return TemplateResponse(request, "admin/documents/document/upload.html", context)

    def upload_results_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        results = request.session.get(RESULTS_KEY, [])
        documents = Document.objects.select_related("publisher", "supersedes").in_bulk(
            [r["id"] for r in results if "id" in r]
        )
        rows = [{**r, "doc": documents.get(r.get("id"))} for r in results]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("上传结果"),
            "results": rows,
        }
        return TemplateResponse(request, "admin/documents/document/upload_results.html", context)

    def upload_confirm_view(self, request):
        """Files that would replace the current version of a stored report: for each, replace
        it (a new version), store it as a document of its own, or store nothing."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        held = request.session.get(HELD_KEY)
        if not held:
            return redirect("admin:documents_document_upload_results")
        if request.method == "POST":
            choices = {entry["sha256"]: request.POST.get(f"choice-{entry['sha256']}", "skip") for entry in held["files"]}
            done = uploads.decide(held["files"], choices, held["overrides"])
            request.session[RESULTS_KEY] = request.session.get(RESULTS_KEY, []) + done
            del request.session[HELD_KEY]
            return redirect("admin:documents_document_upload_results")
        current = Document.objects.select_related("publisher").in_bulk([entry["replaces"] for entry in held["files"]])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("确认替换"),
            "held": [{**entry, "current": current.get(entry["replaces"])} for entry in held["files"]],
        }
        return TemplateResponse(request, "admin/documents/document/upload_confirm.html", context)

    def understood_view(self, request, pk):
        document = get_object_or_404(Document.objects.select_related("publisher", "supersedes"), pk=pk)
        if not self.has_view_permission(request, document):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": document.title,
            "document": document,
            "sections": document.sections.all(),
            "metrics": document.metrics.select_related("section").defer(*SectionManager.search_fields("section")),
            "checks": document.checks.all(),
            "failed_checks": document.checks.filter(passed=False).count(),
            "tasks": document.commitments.filter(kind="task").count(),
            "targets": document.commitments.filter(kind="target").count(),
            "versions": document.versions(),
            "current_parser": PARSER_VERSION,
        }
        return TemplateResponse(request, "admin/documents/document/understood.html", context)

    def save_model(self, request, obj, form, change):
        if change:
            corrected = [name for name in OVERRIDABLE if name in form.changed_data]
            if corrected:
                given = correction_overrides(obj, corrected)
                obj.overrides = {**(obj.overrides or {}), **given}
                obj.provenance = corrected_provenance(obj.provenance, given)
                conflicts = metadata_conflicts(obj, given)
                # Kept as the clerk gave it, but shown: here and in the document's warnings.
                obj.warnings = [w for w in obj.warnings or [] if not w.startswith(OVERRIDE_WARNING)] + conflicts
                for warning in conflicts:
                    self.message_user(request, warning, level=messages.WARNING)
        super().save_model(request, obj, form, change)

    @admin.action(description=gettext_lazy("用当前解析器重新解析"), permissions=["change"])
    def reparse_selected(self, request, queryset):
        done, failed = 0, []
        for document, _, error in loader.reparse_each(queryset):
            if error is None:
                done += 1
            else:
                failed.append(f"{document}: {error.message}")
        self.message_user(request, gettext("已用解析器 %(parser)s 重新解析 %(n)s 份文件。") % {"n": done, "parser": PARSER_VERSION})
        for failure in failed:
            self.message_user(request, failure, level=messages.ERROR)

    @admin.action(description=gettext_lazy("发布"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(is_published=True)
        self.message_user(request, gettext("已发布 %(n)s 份文件。") % {"n": count})

    @admin.action(description=gettext_lazy("撤回发布（公开页面和 API 中不再显示）"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(is_published=False)
        self.message_user(request, gettext("已撤回 %(n)s 份文件。") % {"n": count})


def correction_overrides(document, fields) -> dict:
    """The overrides a hand correction of these fields means, as the parser takes them."""
    out = {}
    for name in fields:
        value = getattr(document, name)
        if name == "publisher":
            out["publisher"] = value.name
            out["region"] = value.region
        elif name in ("published_on", "retrieved_on"):
            out[name] = value.isoformat() if value else None
        else:
            out[name] = value
    return out


def corrected_provenance(provenance, given) -> dict:
    """A document's provenance after a hand correction: what the clerk gave is its own origin."""
    out = dict(provenance or {})
    for name in FIELDS:
        if name in given:
            if given[name]:
                out[name] = {"from": "override"}
            else:
                out.pop(name, None)
    return out


def metadata_conflicts(document, given) -> list[str]:
    """Warnings where the year, kind or publisher given by hand contradict the document's text
    (read again without any override: its own title and its own words)."""
    if not any(key in given for key in ("year", "kind", "publisher")):
        return []
    own = extract_metadata(document.clean_text)
    overrides = {**(document.overrides or {}), **given}
    return override_conflicts(own, {k: overrides.get(k) for k in ("year", "kind", "publisher")}, document.clean_text)


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


@admin.register(CorpusJob)
class CorpusJobAdmin(admin.ModelAdmin):
    """Whole-collection jobs (manage.py reparse / reindex) and their progress, to read only: they
    are started, stopped and resumed from the command line."""

    list_display = ["__str__", "shown_state", "progress", "failed", "speed", "time_left", "updated_at", "last_error"]
    list_filter = ["kind", "state"]
    readonly_fields = [
        "kind", "parameters", "shown_state", "progress", "failed", "speed", "time_left", "last_id", "pid",
        "started_at", "updated_at", "finished_at", "last_error", "failures",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("状态"))
    def shown_state(self, job):
        return jobs.mark_interrupted_if_dead(job).get_state_display()

    @admin.display(description=gettext_lazy("进度"))
    def progress(self, job):
        share = f" ({job.processed / job.total:.0%})" if job.total else ""
        return f"{job.processed} / {job.total}{share}"

    @admin.display(description=gettext_lazy("每秒文件数"))
    def speed(self, job):
        return f"{job.rate:.1f}" if job.rate is not None else "—"

    @admin.display(description=gettext_lazy("预计剩余"))
    def time_left(self, job):
        eta = jobs.mark_interrupted_if_dead(job).eta_seconds
        return jobs.duration(eta) if eta is not None else "—"
