"""The document list's filters (django-filter), and the counts shown beside each choice.

The same FilterSet serves the HTML list, its `.json`/`.csv` and the API, so a filter in one
URL means the same in all of them.
"""
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .ingest import topics as topic_list
from .models import Check, Document, Publisher


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number within bounds: anything else is a filter error shown to the user (400 in
    the API), never a number the database's integer column cannot compare against."""

    def __init__(self, *args, min_value=0, max_value=9999, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, decimal_places=0, **kwargs)
        # The API's schema says the same bounds (drf-spectacular reads this override).
        self._spectacular_annotation = {"field": {"type": "integer", "minimum": min_value, "maximum": max_value}}


class _StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0); anything else is an error rather than no filter at all."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise forms.ValidationError("应为 true 或 false", code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = _StrictBooleanField


class DocumentFilter(django_filters.FilterSet):
    publisher = django_filters.CharFilter(field_name="publisher__slug", label=_("发布机关（代码）"))
    region = django_filters.CharFilter(method="filter_region", label=_("地区（含其下各级）"))
    level = django_filters.ChoiceFilter(field_name="publisher__level", choices=Publisher.Level.choices, label=_("级别"))
    year = WholeNumberFilter(field_name="year", label=_("年份"))
    year_from = WholeNumberFilter(field_name="year", lookup_expr="gte", label=_("起始年份"))
    year_to = WholeNumberFilter(field_name="year", lookup_expr="lte", label=_("截止年份"))
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices, label=_("类型"))
    topic = django_filters.CharFilter(method="filter_topic", label=_("主题（任一章节的主题代码或名称）"))
    failing = StrictBooleanFilter(
        method="filter_failing",
        label=_("有未通过的勾稽检查（true/false）"),
    )
    sort = django_filters.OrderingFilter(
        fields=(("year", "year"), ("publisher__name", "publisher"), ("title", "title"), ("created_at", "added")),
        label=_("排序"),
    )

    class Meta:
        model = Document
        fields = []

    def filter_region(self, queryset, name, value):
        return queryset.for_region(value)

    def filter_topic(self, queryset, name, value):
        # A topic is named by its slug in URLs (as in search), or by its name.
        topic = topic_list.find(value)
        return queryset.with_topic(topic.name if topic else value)

    def filter_failing(self, queryset, name, value):
        return queryset.having_failing_checks(value)


# The filters that are facets, with what narrows each one's counts. A year facet ignores the
# year range too: choosing a year replaces the range.
FACETS = {
    "kind": (_("类型"), ("kind",)),
    "publisher": (_("发布机关"), ("publisher",)),
    "region": (_("地区"), ("region",)),
    "level": (_("级别"), ("level",)),
    "year": (_("年份"), ("year", "year_from", "year_to")),
    "topic": (_("主题"), ("topic",)),
    "failing": (_("勾稽检查"), ("failing",)),
}


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    query: str = ""  # the list's query string with this option chosen (or, if chosen, dropped)


# A facet with more values than this shows the most frequent ones (and any chosen) and a box
# to find the rest by name: thousands of publishers or regions are no list to read.
FACET_TOP = 12
# At most this many values found by the box.
FACET_FOUND = 50


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)
    more: int = 0  # values left out of `options`
    find: str = ""  # the words typed to find values, when the box was used
    searchable: bool = False  # more values than FACET_TOP: the box is shown
    keep: list = field(default_factory=list)  # the list's other parameters, for the box's form

    @property
    def selected(self):
        return any(o.selected for o in self.options)


def facet_counts(data, queryset):
    """Each facet's choices with how many documents each would give, under the other filters.

    A facet of more than FACET_TOP values keeps its most frequent ones, in the facet's own
    order, and any chosen; `<facet>_find` in the query keeps, instead, those whose name holds
    every word typed."""
    facets = []
    finds = {f"{name}_find" for name in FACETS}
    for name, (label, ignored) in FACETS.items():
        rest = data.copy()
        for key in (*ignored, "sort", "page", *finds):
            rest.pop(key, None)
        qs = DocumentFilter(rest, queryset=queryset).qs.order_by()
        chosen = data.get(name, "")
        if name == "topic" and topic_list.find(chosen):
            chosen = topic_list.find(chosen).slug
        options = []
        for value, text, n in _COUNTERS[name](qs):
            selected = str(value) == chosen
            query = data.copy()
            for key in (*ignored, "page", *finds):
                query.pop(key, None)
            if not selected:
                query[name] = str(value)
            options.append(Option(str(value), text, n, selected, "?" + query.urlencode()))
        find = (data.get(f"{name}_find") or "").strip()
        facet = Facet(name, label, options, find=find, searchable=len(options) > FACET_TOP or bool(find))
        if facet.searchable:
            facet.options = _shortened(options, find)
            facet.more = len(options) - len(facet.options)
            facet.keep = [(k, v) for k, values in data.lists() if k not in (f"{name}_find", "page") for v in values]
        facets.append(facet)
    return facets


def _shortened(options, find):
    """The options a long facet shows: those matching every word of `find` (at most
    FACET_FOUND, most frequent first), else the FACET_TOP most frequent; chosen ones always."""
    if find:
        words = find.split()
        kept = [o for o in options if all(w.lower() in o.label.lower() or w in o.value for w in words)]
        kept = sorted(kept, key=lambda o: -o.count)[:FACET_FOUND]
    else:
        kept = sorted(options, key=lambda o: -o.count)[:FACET_TOP]
    kept = {id(o) for o in kept} | {id(o) for o in options if o.selected}
    return [o for o in options if id(o) in kept]


def _by_field(field, label=None, order=None):
    def count(qs):
        fields = [field] + ([label] if label else [])
        rows = qs.exclude(**{f"{field}__isnull": True}).values(*fields).annotate(n=models.Count("pk"))
        rows = rows.order_by(*(order or [field]))
        return [(r[field], r[label] if label else r[field], r["n"]) for r in rows]

    return count


def _choices(field, choices):
    names = dict(choices)

    def count(qs):
        rows = qs.values(field).annotate(n=models.Count("pk")).order_by(field)
        return [(r[field], names.get(r[field], r[field] or "—"), r["n"]) for r in rows if r[field]]

    return count


def _regions(qs):
    """Each region counts the documents of its publishers and of all regions inside it (a
    stored region that begins another: 上海市 holds 上海市杨浦区). Each count goes to the
    region's own prefixes that are stored regions: a pass over the regions, not one per pair."""
    exact = dict(qs.values_list("publisher__region").annotate(n=models.Count("pk")).order_by())
    totals = dict.fromkeys((r for r in exact if r), 0)
    for region, n in exact.items():
        for end in range(1, len(region) + 1):
            if region[:end] in totals:
                totals[region[:end]] += n
    return [(region, region, totals[region]) for region in sorted(totals)]


def _topics(qs):
    out = []
    for name, n in qs.topic_counts().items():
        topic = topic_list.find(name)
        out.append((topic.slug if topic else name, name, n))
    return out


def _failing(qs):
    failing = models.Exists(Check.objects.filter(document=models.OuterRef("pk"), passed=False))
    counts = qs.aggregate(yes=models.Count("pk", filter=models.Q(failing)), all=models.Count("pk"))
    options = [("true", _("有未通过"), counts["yes"]), ("false", _("全部通过或无"), counts["all"] - counts["yes"])]
    return [o for o in options if o[2]]


_COUNTERS = {
    "kind": _choices("kind", Document.Kind.choices),
    "publisher": _by_field("publisher__slug", "publisher__name", ["publisher__region", "publisher__name"]),
    "region": _regions,
    "level": _choices("publisher__level", Publisher.Level.choices),
    "year": _by_field("year", order=["-year"]),
    "topic": _topics,
    "failing": _failing,
}
