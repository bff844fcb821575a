"""The JSON API under /api/: documents, sections, metrics, publishers and search, read-only.

Django REST framework with drf-spectacular: /api/schema/ is the OpenAPI description and
/api/docs/ shows it (Swagger UI from drf-spectacular-sidecar, served from our own static
files). The documents endpoint takes exactly the filters of the /documents/ page.
"""
import django_filters
from django.urls import include, path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from . import pagecache
from .search import results as searching
from .search.sql import DOCUMENT_FILTERS
from .ingest import topics as topic_list

from .filters import DocumentFilter, WholeNumberFilter
from .models import Document, Metric, Publisher, Section
from .querysets import SectionManager
from .rest import whole_numbers
from .serializers import (
    DocumentDetailSerializer,
    DocumentSerializer,
    MetricSerializer,
    PublisherSerializer,
    SectionSerializer,
)


class SectionFilter(django_filters.FilterSet):
    document = django_filters.CharFilter(field_name="document__slug", label="document slug")
    publisher = django_filters.CharFilter(field_name="document__publisher__slug", label="publisher slug")
    year = WholeNumberFilter(field_name="document__year")
    kind = django_filters.ChoiceFilter(field_name="document__kind", choices=Document.Kind.choices, label="document kind")
    topic = django_filters.CharFilter(method="filter_topic", label="topic (slug or name)")
    level = WholeNumberFilter(max_value=99)

    class Meta:
        model = Section
        fields = []

    def filter_topic(self, queryset, name, value):
        topic = topic_list.find(value)  # a slug, as in the page URLs, or a name
        return queryset.filter(topics__contains=[topic.name if topic else value])


class MetricFilter(django_filters.FilterSet):
    key = django_filters.CharFilter(help_text="canonical key, e.g. requests.new.total")
    key_prefix = django_filters.CharFilter(field_name="key", lookup_expr="startswith", help_text="e.g. outcome.withheld.")
    source = django_filters.ChoiceFilter(choices=Metric.Source.choices)
    document = django_filters.CharFilter(field_name="document__slug", label="document slug")
    publisher = django_filters.CharFilter(field_name="document__publisher__slug", label="publisher slug")
    region = django_filters.CharFilter(field_name="document__publisher__region", lookup_expr="startswith")
    year = WholeNumberFilter(field_name="document__year")
    year_from = WholeNumberFilter(field_name="document__year", lookup_expr="gte")
    year_to = WholeNumberFilter(field_name="document__year", lookup_expr="lte")

    class Meta:
        model = Metric
        fields = []


class PublisherViewSet(viewsets.ReadOnlyModelViewSet):
    """Publishers with the number of their published documents."""

    serializer_class = PublisherSerializer
    lookup_field = "slug"
    queryset = Publisher.objects.with_published_counts().order_by("region", "name")


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Published documents: the list holds current versions only (as the /documents/ page), a
    superseded version stays at its address; the list takes the same filters as that page."""

    lookup_field = "slug"
    filterset_class = DocumentFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return (
                Document.objects.published()
                .select_related("publisher", "supersedes", "superseded_by")
                .prefetch_related("sections", "checks", "commitments__section")
            )
        return Document.objects.current().summaries().with_check_counts().order_by("-year", "publisher__region", "publisher__name", "kind", "pk")

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer


def _current(model, related, section, order):
    """The rows of current documents with the relations they show joined, the joined section's
    search columns left unread (`section`: its relation's name), in a stable order."""
    return (
        model.objects.current()
        .select_related(*related)
        .defer(*SectionManager.search_fields(section))
        .order_by(*order)
    )


class SectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Sections of current documents, in document order."""

    serializer_class = SectionSerializer
    filterset_class = SectionFilter
    queryset = _current(Section, ["document", "parent"], "parent", ["document_id", "order"])


class MetricViewSet(viewsets.ReadOnlyModelViewSet):
    """Numbers the current documents state: standard-table cells, their sums and figures in the prose."""

    serializer_class = MetricSerializer
    filterset_class = MetricFilter
    queryset = _current(
        Metric, ["document__publisher", "section"], "section",
        ["document__publisher__region", "document__publisher__name", "document__year", "document_id", "id"],
    )


SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description='words (all must occur), "exact phrase", AND, OR, NOT, -exclude (also 与, 或, 非); 简体 or 繁體'),
    OpenApiParameter("page", int),
    OpenApiParameter("size", int, description=f"hits per page, at most {searching.MAX_PER_PAGE}"),
    *(OpenApiParameter(name, str, description="as on the /documents/ page") for name in DOCUMENT_FILTERS),
    OpenApiParameter("topic", str, description="topic slug or name"),
    OpenApiParameter("exact", int, description="1: count every match even when a sample would estimate the counts"),
]


@extend_schema(
    parameters=SEARCH_PARAMETERS,
    responses=inline_serializer("SearchResults", {
        "q": serializers.CharField(),
        "searched": serializers.CharField(help_text="the query as searched, after cutting and cleaning"),
        "searched_as": serializers.CharField(help_text="the query in canonical form: 简体 terms, AND / OR / NOT"),
        "notes": serializers.ListField(child=serializers.CharField()),
        "timed_out": serializers.BooleanField(),
        "count": serializers.IntegerField(),
        "count_is_estimate": serializers.BooleanField(
            help_text="true when count is estimated from a sample of the sections (see `exact`); each facet value"
            " says the same of its count in `estimated`"
        ),
        "page": serializers.IntegerField(),
        "pages": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "facets": serializers.DictField(child=serializers.ListField(child=serializers.DictField())),
        "results": serializers.ListField(child=serializers.DictField()),
    }),
)
@api_view(["GET"])
def search(request):
    """Sections matching a query, best first, with highlighted snippets and facet counts
    (documents/search.py does the searching; this is its JSON)."""
    from .views.search import results_json  # the search page's JSON, so both say the same

    whole_numbers(request.query_params, "page", "size", "exact")
    q = request.query_params.get("q", "")
    results = searching.search(
        q, request.query_params, page=request.query_params.get("page"),
        per_page=request.query_params.get("size") or searching.PER_PAGE,
        exact=request.query_params.get("exact") == "1",
    )
    searching.count_documents(results)
    if results.timed_out:
        pagecache.not_kept(request)
    return Response(results_json(request, results, q))


router = routers.DefaultRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("sections", SectionViewSet, basename="section")
router.register("metrics", MetricViewSet, basename="metric")
router.register("publishers", PublisherViewSet, basename="publisher")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start script from its own URL: no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("search/", search, name="search"),
    path("", include(router.urls)),
]
