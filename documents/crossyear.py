"""Checks between years of one publisher: what one year's report carries into the next must be
what the next year's report says it brought in.

* 上年结转 this year = 结转下年度继续办理 last year, in every applicant column both reports read;
* 现行有效件数 this year = last year's 现行有效件数 + 本年制发件数 − 本年废止件数 (table 二's 规章 and
  行政规范性文件 rows; only the 2021 format has these columns, so only two reports of that format
  are held against each other);
* a change the prose states against the year before (同比增长12.5%, 较上年减少3件) = the change
  the two years' tables give for that figure (documents/ingest/changes.py).

"One publisher" is one reporting body, whatever names its reports were stored under
(documents/bodies.py: a government, its general office, a zone's committee).

Computed when asked from the stored numbers of current versions, never stored: a report of the
year before may arrive later, or be corrected, and the check then follows. Only where the
publisher's report of the year just before exists (a year gap is no check). A failed check is a
finding about the two documents, never a correction of either: no number is changed.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from . import bodies
from .ingest.changes import stated_change
from .ingest.metric_keys import APPLICANT_COLUMNS, COLUMN_LABELS, KEYS, PROACTIVE_ROW
from .models import Document, Metric

CARRIED_OVER = "requests.carried_over"
CARRIED_FORWARD = "requests.carried_forward"
STOCK_ROWS = ("regulations", "normative_documents")  # table 二 rows with 现行有效件数
STOCK_COLUMNS = ("in_force", "issued", "repealed")


def keys_read():
    """Every metric key a cross-year check reads."""
    keys = []
    for suffix, _, _ in APPLICANT_COLUMNS:
        keys += [f"{CARRIED_OVER}.{suffix}", f"{CARRIED_FORWARD}.{suffix}"]
    for row in STOCK_ROWS:
        keys += [f"proactive.{row}.{column}" for column in STOCK_COLUMNS]
    return keys


@dataclass(frozen=True)
class CrossYearCheck:
    """One relation between a report (`document`) and its publisher's report of the year before
    (`previous`)."""

    name: str            # stable code: carried_over.<applicant column> | in_force.<row>
    label: str           # the figure, in the template's words
    document_id: int
    previous_id: int
    year: int
    previous_year: int
    value: object        # this year's figure (Decimal)
    expected: object     # what the year before implies (Decimal)
    parts: dict          # the figures `expected` is made of, by key
    passed: bool
    stated: str = ""     # a stated change: the prose's words (同比增长12.5%)
    keys_this: tuple = ()      # the metric keys read from this year's report
    keys_previous: tuple = ()  # ... and from the year before's

    def pair_years(self, key):
        """The years whose value of `key` this check holds: where a chart marks it."""
        return [y for y, keys in ((self.year, self.keys_this), (self.previous_year, self.keys_previous)) if key in keys]

    def sentence(self) -> str:
        """The check in a reader's words: both figures and whether they agree."""
        this, before = self.year, self.previous_year
        verdict = "一致" if self.passed else "不一致"
        if self.name.startswith("stated_change."):
            p = self.parts
            text = (f"{this}年报告正文称{self.label}“{self.stated}”；两年报告的表格：{before}年 {_n(p['previous_year'])}，"
                    f"{this}年 {_n(p['this_year'])}，{_change(self.expected, p['unit'])}：{verdict}。")
        elif self.name.startswith("carried_over."):
            text = (f"{this}年报告“上年结转”（{self.label}）{_n(self.value)} 件，"
                    f"{before}年报告“结转下年度继续办理”{_n(self.expected)} 件：{verdict}。")
        else:
            p = self.parts
            text = (f"{this}年报告{self.label}现行有效件数 {_n(self.value)} 件，"
                    f"{before}年报告现行有效 {_n(p['previous_in_force'])} 件 + 本年制发 {_n(p['issued'])} 件"
                    f" − 本年废止 {_n(p['repealed'])} 件 = {_n(self.expected)} 件：{verdict}。")
        return text

    def other_id(self, own_id):
        return self.previous_id if own_id == self.document_id else self.document_id

    def as_data(self):
        return {
            "name": self.name, "label": self.label, "passed": self.passed,
            "year": self.year, "previous_year": self.previous_year,
            "value": self.value, "expected": self.expected, "parts": self.parts,
            "stated": self.stated,
        }


def _change(amount, unit):
    """A change in words: 按表格计算增加 12.47% / 减少 3 件."""
    if amount is None:
        return "按表格无法计算（上年为 0）"
    word = "增加" if amount >= 0 else "减少"
    if unit == "%":
        return f"按表格计算{word} {abs(amount).quantize(Decimal('0.01'))}%"
    return f"按表格计算{word} {_n(abs(amount))} {unit}"


def _n(value):
    """A count as written: 12, not 12.0000."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def annual_reports():
    """Current annual reports with a year: the documents cross-year checks look at."""
    return Document.objects.current().filter(kind=Document.Kind.ANNUAL_REPORT, year__isnull=False)


def checks_for(documents_queryset=None, publishers=None):
    """{document id: [CrossYearCheck]} for every check touching a document of the queryset
    (as this year's or as the year before's report), and the ids of every document named.
    `publishers` ({publisher id: region}), when the caller knows them, are the queryset's
    documents' publishers, not asked of the database again.

    A publisher with two current reports for one year (two documents stored as separate) has no
    check for that year: which of them carries on is not known."""
    reports = annual_reports()
    if documents_queryset is not None and publishers is None:
        publishers = dict(documents_queryset.order_by().values_list("publisher_id", "publisher__region").distinct())
    # One reporting body may be stored under several publisher names (documents/bodies.py).
    regions = None if documents_queryset is None else set(publishers.values())
    body = bodies.body_map(regions)
    if documents_queryset is not None:
        # The queryset's documents and their bodies' reports of the years around them.
        wanted = {body.get(pk, pk) for pk in publishers}
        reports = reports.filter(publisher_id__in=[pk for pk, b in body.items() if b in wanted])
    by_year = defaultdict(list)
    for pk, publisher_id, year in reports.values_list("pk", "publisher_id", "year"):
        by_year[(body.get(publisher_id, publisher_id), year)].append(pk)
    pairs = [
        (same[0], before[0], year) for (publisher_id, year), same in by_year.items()
        if len(same) == 1 and len(before := by_year.get((publisher_id, year - 1), ())) == 1
    ]
    paired = {pk for this, previous, _ in pairs for pk in (this, previous)}
    statements = stated_changes({this: year for this, _, year in pairs})
    figures = defaultdict(dict)
    if paired:
        wanted = set(keys_read()) | {s.key for found in statements.values() for s in found}
        rows = (
            Metric.objects.filter(document_id__in=sorted(paired), key__in=sorted(wanted),
                                  source__in=(Metric.Source.TABLE, Metric.Source.DERIVED))
            .order_by("id").values_list("document_id", "key", "value")
        )
        for document_id, key, value in rows.iterator(chunk_size=5000):
            figures[document_id].setdefault(key, value)
    found = defaultdict(list)
    for this, previous, year in pairs:
        checks = between(this, previous, year, figures[this], figures[previous])
        checks += held_against_tables(this, previous, year, statements.get(this, ()), figures[this], figures[previous])
        for check in checks:
            found[this].append(check)
            found[previous].append(check)
    if documents_queryset is not None:
        keep = set(documents_queryset.values_list("pk", flat=True))
        found = {pk: checks for pk, checks in found.items() if pk in keep}
    return dict(found), paired


def all_checks():
    """checks_for() over every report, {document id: [CrossYearCheck]}, kept in the cache under
    the data-quality view's stamp of the data (anything stored or changed makes a new one)."""
    from django.core.cache import cache

    from .quality import CACHE_SECONDS, _stamp

    key = f"cross-year-checks:{_stamp()}"
    found = cache.get(key)
    if found is None:
        found = checks_for()[0]
        cache.set(key, found, CACHE_SECONDS)
    return found


def between(document_id, previous_id, year, this, before):
    """The checks two reports' figures allow ({key: value} each): only where both sides were read."""
    out = []
    for suffix, column, _ in APPLICANT_COLUMNS:
        value = this.get(f"{CARRIED_OVER}.{suffix}")
        expected = before.get(f"{CARRIED_FORWARD}.{suffix}")
        if value is None or expected is None:
            continue
        out.append(CrossYearCheck(
            f"carried_over.{suffix}", COLUMN_LABELS[suffix] if suffix != "total" else "总计",
            document_id, previous_id, year, year - 1, value, expected,
            {"carried_forward": expected}, value == expected,
            keys_this=(f"{CARRIED_OVER}.{suffix}",), keys_previous=(f"{CARRIED_FORWARD}.{suffix}",),
        ))
    for row in STOCK_ROWS:
        value = this.get(f"proactive.{row}.in_force")
        issued = this.get(f"proactive.{row}.issued")
        repealed = this.get(f"proactive.{row}.repealed")
        previous_in_force = before.get(f"proactive.{row}.in_force")
        # 本年废止 is a 2021-format column: without it `issued` may be the 2019 format's
        # 新制作数量, which does not add to a stock.
        if None in (value, issued, repealed, previous_in_force):
            continue
        expected = previous_in_force + issued - repealed
        out.append(CrossYearCheck(
            f"in_force.{row}", PROACTIVE_ROW[row][1], document_id, previous_id, year, year - 1, value, expected,
            {"previous_in_force": previous_in_force, "issued": issued, "repealed": repealed}, value == expected,
            keys_this=tuple(f"proactive.{row}.{column}" for column in STOCK_COLUMNS),
            keys_previous=(f"proactive.{row}.in_force",),
        ))
    return out


@dataclass(frozen=True)
class Statement:
    """A change a report's prose states for one of its keyed figures (documents/ingest/changes.py)."""

    key: str
    unit: str
    change: object  # StatedChange


def stated_changes(years):
    """{document id: [Statement]} for the reports of `years` ({document id: its year}): the
    changes their prose states, against the year before, for a figure with a canonical key."""
    from .levels import figure_at

    out = defaultdict(list)
    if not years:
        return out
    rows = (
        Metric.objects.filter(document_id__in=sorted(years), source=Metric.Source.NARRATIVE, qualifier="")
        .exclude(key="").exclude(sentence="").order_by("id")
        .values_list("document_id", "key", "unit", "raw", "value", "sentence")
    )
    seen = set()
    for document_id, key, unit, raw, value, sentence in rows.iterator(chunk_size=5000):
        if key not in KEYS or (document_id, key) in seen:
            continue
        at = figure_at(sentence, raw, value)
        if at is None:
            continue
        rest = sentence[at:]
        # Past the figure as written and its unit: the statement follows.
        rest = rest[len(raw):] if raw and rest.startswith(raw) else rest[len(_n(value)):]
        rest = rest.lstrip()
        if unit and rest.startswith(unit):
            rest = rest[len(unit):]
        change = stated_change(rest, years[document_id], unit)
        if change is not None:
            seen.add((document_id, key))
            out[document_id].append(Statement(key, unit, change))
    return out


def held_against_tables(document_id, previous_id, year, statements, this, before):
    """The stated changes of a report held against its and the year before's table figures
    ({key: value} each): only where both years' tables give the figure."""
    out = []
    for statement in statements:
        now, then = this.get(statement.key), before.get(statement.key)
        if now is None or then is None:
            continue
        change = statement.change
        agrees = change.agrees(now, then)
        if agrees is None:
            continue
        unit = "%" if change.relative else statement.unit
        found = change.expected(now, then)
        if change.relative:
            found = found.quantize(Decimal("0.01"))  # shown; `agrees` compared it unrounded
        out.append(CrossYearCheck(
            f"stated_change.{statement.key}", KEYS[statement.key].label, document_id, previous_id, year, year - 1,
            change.amount, found, {"this_year": now, "previous_year": then, "unit": unit},
            agrees, stated=change.words, keys_this=(statement.key,), keys_previous=(statement.key,),
        ))
    return out


def for_document(document):
    """[(check, other document, sentence)] for one document's page: its checks against the year
    before and the year after, the earlier pair first."""
    # Only a current annual report with a year is checked against the years around it.
    if document.kind != Document.Kind.ANNUAL_REPORT or document.year is None or not document.is_current:
        return []
    found, _ = checks_for(Document.objects.filter(pk=document.pk), {document.publisher_id: document.publisher.region})
    checks = sorted(found.get(document.pk, []), key=lambda c: (c.year, not c.passed, c.name))
    docs = Document.objects.summaries().in_bulk({c.other_id(document.pk) for c in checks})
    out = []
    for check in checks:
        other = docs[check.other_id(document.pk)]
        sentence = check.sentence()
        if other.publisher_id != document.publisher_id:
            # Joined by name (documents/bodies.py): say so, so a reader can judge the joining.
            sentence += gettext("（%(year)s年报告署名“%(name)s”，视为同一发布机关。）") % {
                "year": other.year, "name": other.publisher.name}
        out.append((check, other, sentence))
    return out


def as_json(document, absolute):
    """The checks of for_document() as data; `absolute(path)` makes a full URL."""
    return [
        {
            **check.as_data(),
            "other": other.slug,
            "other_url": absolute(other.get_absolute_url()),
            "relation": "previous" if other.pk == check.previous_id else "next",
            "other_publisher": other.publisher.name,
            "detail": sentence,
        }
        for check, other, sentence in for_document(document)
    ]
