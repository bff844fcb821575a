"""Build a comparison of stored documents as plain data: the page, its JSON and its CSV all
come from here, so they always agree. Deterministic: the same documents give the same output."""
import re
import threading
from collections import Counter, OrderedDict
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext

from documents.ingest.metric_keys import KEYS, TABLE_TITLES
from documents.ingest.pipeline import PARSER_VERSION
from documents.models import Document

from . import evidence, reading

MAX_DOCUMENTS = 12


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _doc(document):
    return {
        "slug": document.slug,
        "title": document.title,
        "publisher": document.publisher.name,
        "region": document.publisher.region,
        "year": document.year,
        "kind": document.kind,
        "script": document.script,
        "url": document.get_absolute_url(),
    }


def compare_two(a: Document, b: Document) -> dict:
    sections_a, sections_b = list(a.sections.all()), list(b.sections.all())
    result = {
        "documents": [_doc(a), _doc(b)],
        "summary": {"topics_a": _topics(sections_a), "topics_b": _topics(sections_b)},
        "reading": reading_side_by_side(sections_a, sections_b, a, b),
        "metrics": (metrics := metrics_side_by_side(a, b)),
        "tables": tables_side_by_side(metrics),
        "figures": figures_side_by_side(a, b),
        "checks": {d.slug: _checks(d) for d in (a, b)},
    }
    result.update(plan_section(a, b))
    return result


class Recent:
    """The most recently used values of a process, at most `size` of them (threads share it)."""

    def __init__(self, size):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self):
        with self.lock:
            self.items.clear()


# What comparing needs of one document (its paragraphs and their words, grams and topics) is
# the same whatever it is compared with: kept in the shared cache, keyed by its content, the
# parser and when it was last saved, and the most recent in the process too.
DOCUMENT_FEATURES = Recent(32)
_FEATURES_TIMEOUT = 30 * 24 * 3600


@contextmanager
def unsynced():
    """A transaction whose commit does not wait for the disk: what it writes (a cache entry, a
    stored comparison) is computed again if a crash loses it."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def document_key(document) -> str:
    saved = int(document.updated_at.timestamp()) if document.updated_at else ""
    return f"{document.sha256}:{PARSER_VERSION}:{reading.VERSION}:{saved}"


def document_reading(document, sections):
    """(paragraphs, features) of a document, from the process, the shared cache, or cut now."""
    key = "compare-doc:" + document_key(document)
    found = DOCUMENT_FEATURES.get(key)
    if found is None:
        found = cache.get(key)
        if found is None:
            paras = reading.paragraphs(sections, {t.get("section") for t in document.tables or []})
            found = (paras, reading.features(paras))
            with unsynced():
                cache.set(key, found, _FEATURES_TIMEOUT)
        DOCUMENT_FEATURES.put(key, found)
    return found


FOLD_AT = 2  # a run of this many unchanged paragraphs folds


def reading_side_by_side(sections_a, sections_b, a, b) -> dict:
    """Both full texts paragraph by paragraph (comparisons/reading.py), with what the page
    needs: where each side's heading path changes, and runs of unchanged paragraphs folded."""
    paras_a, feats_a = document_reading(a, sections_a)
    paras_b, feats_b = document_reading(b, sections_b)
    data = reading.compare(paras_a, paras_b, feats_a, feats_b)
    last = {"a": None, "b": None}
    for row in data["rows"]:
        for side, paras in (("a", paras_a), ("b", paras_b)):
            k = row[side]
            if k is None:
                continue
            p = paras[k]
            row[f"{side}_anchor"] = p.anchor
            # A paragraph shows the headings above it when they are not those of the row
            # before on its side; a heading is itself the path of what follows it.
            if list(p.path) != last[side] and p.path:
                row[f"{side}_path"] = list(p.path)
            last[side] = list(p.path) + ([p.text] if p.kind == "heading" else [])
            row[f"{side}_trail"] = " › ".join(p.path + ((p.text,) if p.kind == "heading" else ()))
    blocks, run = [], []

    def flush():
        if len(run) >= FOLD_AT:
            blocks.append({"fold": True, "rows": list(run)})
        else:
            blocks.extend({"fold": False, "row": r} for r in run)
        run.clear()

    for row in data["rows"]:
        if row["status"] == "same" and row["kind"] != "heading":
            run.append(row)
            continue
        flush()
        blocks.append({"fold": False, "row": row})
    flush()
    data["blocks"] = blocks
    data["summary"] = reading.in_words(data["counts"])
    return data


def _topics(sections):
    counter = Counter(t for s in sections for t in (s.topics or []))
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def _checks(document):
    return [
        {"name": c.name, "passed": c.passed, "detail": c.detail}
        for c in document.checks.order_by("passed", "name")
    ]


def _table_values(document):
    """Canonical key -> (label, unit, value) of the document's standard tables."""
    values = {}
    for m in document.metrics.filter(source__in=["table", "derived"]).exclude(key="").order_by("id"):
        values.setdefault(m.key, (m.label, m.unit, m.value))
    return values


def _value(values, key):
    return values[key][2] if key in values else None


def _change(va, vb):
    if va is None or vb is None:
        return None, None
    change = vb - va
    percent = round(float(change) / float(va) * 100, 2) if va else None
    return _number(change), percent


def metrics_side_by_side(a, b):
    """The same canonical metric in both documents, with its change and percent change, in
    the order of the national template (table 二, 三, 四, row by row), then keys the template
    does not list. A row is "empty" when neither document gives it a figure other than 0."""
    values_a, values_b = _table_values(a), _table_values(b)
    present = set(values_a) | set(values_b)
    ordered = [k for k in KEYS if k in present] + sorted(present - set(KEYS))
    rows = []
    for key in ordered:
        label, unit, _ = values_a.get(key) or values_b[key]
        va, vb = _value(values_a, key), _value(values_b, key)
        change, percent = _change(va, vb)
        known = KEYS.get(key)
        table = known.table if known else ""
        rows.append({
            "key": key, "label": label, "unit": unit, "a": _number(va), "b": _number(vb),
            "change": change, "percent": percent, "table": table,
            "table_title": TABLE_TITLES.get(table, "其他数字"),
            "empty": not any(v for v in (va, vb)),
        })
    return rows


def tables_side_by_side(metrics):
    """The metric rows grouped by standard table, in template order, each table saying how
    many of its rows hold a figure in either document."""
    tables = []
    for row in metrics:
        if not tables or tables[-1]["title"] != row["table_title"]:
            tables.append({"title": row["table_title"], "rows": [], "filled": 0})
        tables[-1]["rows"].append(row)
        tables[-1]["filled"] += not row["empty"]
    return tables


def figures_side_by_side(a, b):
    """Narrative figures whose label and unit both documents share."""

    def figures(document):
        out = {}
        for m in document.metrics.filter(source="narrative", qualifier="").order_by("id"):
            out.setdefault((m.label, m.unit), m.value)
        return out

    fa, fb = figures(a), figures(b)
    rows = []
    for label, unit in sorted(set(fa) & set(fb)):
        change, percent = _change(fa[(label, unit)], fb[(label, unit)])
        rows.append({"label": label, "unit": unit, "a": _number(fa[(label, unit)]), "b": _number(fb[(label, unit)]), "change": change, "percent": percent})
    return rows


def plan_section(a, b) -> dict:
    """Plan against report when the two documents are a plan and a report, with a note saying
    what the pairing can show; otherwise only the note, saying why there is none."""
    kinds = {a.kind: a, b.kind: b}
    plan, report = kinds.get("work_plan"), kinds.get("annual_report")
    out = {}
    if plan and report and plan.publisher_id == report.publisher_id:
        out["plan_against_report"] = plan_against_report(plan, report)
        if plan.year is not None and report.year is not None and plan.year == report.year + 1:
            out["problems_against_plan"] = problems_against_plan(report, plan)
    # Stored with the comparison in the source language; pages say them again in the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        plan_note, problems_note = plan_notes(a, b, bool(out.get("problems_against_plan")))
    if plan_note:
        out["plan_note"] = plan_note
    if problems_note:
        out["problems_note"] = problems_note
    return out


def plan_notes(a, b, problems_found: bool) -> tuple[str, str]:
    """What pairing a plan with a report can show, and why the report's problems could not be
    followed into the next plan, in the active language ("" when there is nothing to say)."""
    kinds = {a.kind: a, b.kind: b}
    plan, report = kinds.get("work_plan"), kinds.get("annual_report")
    if not (plan and report):
        return gettext("计划对照报告需要一份政务公开工作要点和一份政府信息公开工作年度报告；这两份文件不是这样的一对。"), ""
    if plan.publisher_id != report.publisher_id:
        return gettext("工作要点和年度报告出自不同的发布机关（%(plan)s、%(report)s），一方的承诺不能用另一方的报告来印证。") % {
            "plan": plan.publisher.name, "report": report.publisher.name}, ""
    if plan.year is None or report.year is None or plan.year == report.year:
        return "", ""
    if plan.year == report.year + 1:
        note = gettext("工作要点是%(plan)s年的，年度报告是%(report)s年的：报告写的是上一年的工作，下表只说明这些承诺此前是否已在做，不能说明%(plan)s年是否做到。") % {
            "plan": plan.year, "report": report.year}
        problems = "" if problems_found else gettext("%(report)s年报告中没有找到“存在的主要问题及改进情况”一节，无法对照下一年的工作要点是否安排了改进。") % {"report": report.year}
        return note, problems
    return gettext("工作要点是%(plan)s年的，年度报告是%(report)s年的：年份不同，对照只作参考。") % {"plan": plan.year, "report": report.year}, ""


def commitments_of(plan):
    """Everything the plan promises, each as (kind, number, subject, sentence, anchor): the
    rows of its task table, its quantitative targets, and its own numbered items (a heading
    with the text under it) where it has no task table."""
    out = []
    for c in plan.commitments.order_by("kind", "id"):
        if c.kind == "task":
            out.append(("task", c.number, c.text, c.text))
        else:
            out.append(("target", c.number, c.subject or c.text, c.sentence or c.text))
    if not any(kind == "task" for kind, *_ in out):
        sections = [s for s in plan.sections.all() if s.number and (s.heading.strip() or s.text.strip())]
        deepest = max((s.level for s in sections), default=None)
        for s in sections:
            if s.level != deepest:
                continue
            first = evidence._SENTENCE.search(s.text or "")
            first = first.group(0).strip() if first else ""
            subject = s.heading.strip() or first.rstrip("；;。")
            out.append(("item", s.number, subject, (f"{s.heading}。{first}" if s.heading and first else subject)[:300]))
    return out


def plan_against_report(plan, report):
    items = commitments_of(plan)
    passages = evidence.passages_from_sections(report.sections.all())
    results = evidence.evidence([(subject, sentence) for _, _, subject, sentence in items], passages)
    return [
        {
            "kind": kind,
            "number": number,
            "subject": subject,
            "text": sentence,
            "status": r.status,
            "score": r.score,
            "passage": r.passage.text if r.passage else None,
            "anchor": r.passage.anchor if r.passage else None,
        }
        for (kind, number, subject, sentence), r in zip(items, results)
    ]


_PROBLEMS = ("存在的主要问题", "存在问题", "主要问题", "改进情况")
_SHORTFALL = re.compile(
    r"^[一二三四五六七八九十]+是|(?:还|仍|较为|比较|相对|不够)?(?:单一|偏少|偏弱|不足|不够|滞后|薄弱|欠缺|较少|较弱|不高|"
    r"不及时|不到位|不完善|不规范|不平衡|不充分)|(?:还)?(?:有待|需要?|仍需)(?:进一步)?(?:加强|提高|提升|完善|改进|优化)?"
)


def problems_against_plan(report, plan):
    """The problems a report names (its 存在的主要问题及改进情况 section), each with the passage
    of the next year's plan that best addresses it."""
    sections = [s for s in report.sections.all() if any(w in (s.heading or "") for w in _PROBLEMS)]
    # The section's text only: its heading names the section, not a problem.
    problems = [p for s in sections for p in evidence.passages_from_sections([SimpleNamespace(order=s.order, text=s.text)])]
    if not problems:
        return []
    passages = evidence.passages_from_sections(plan.sections.all())
    # What is matched is the subject of the problem: its words of shortfall (较为单一, 有待加强,
    # 不及时) are what a plan's fix never repeats.
    results = evidence.evidence([_SHORTFALL.sub("", p.text) or p.text for p in problems], passages)
    return [
        {
            "problem": p.text,
            "problem_anchor": p.anchor,
            "status": r.status,
            "score": r.score,
            "passage": r.passage.text if r.passage else None,
            "anchor": r.passage.anchor if r.passage else None,
        }
        for p, r in zip(problems, results)
    ]


def compare_many(documents: list[Document]) -> dict:
    """A metric matrix (keys × documents), a topic coverage matrix, and, when one publisher
    published them all, the series over its years."""
    slugs = [d.slug for d in documents]
    values = {d.slug: _table_values(d) for d in documents}
    keys = sorted({k for v in values.values() for k in v})
    metric_rows = []
    for key in keys:
        label, unit, _ = next(v[key] for v in values.values() if key in v)
        metric_rows.append(
            {"key": key, "label": label, "unit": unit, "values": {s: _number(_value(values[s], key)) for s in slugs}}
        )
    topic_counts = {d.slug: _topics(d.sections.all()) for d in documents}
    topic_names = sorted({t for c in topic_counts.values() for t in c})
    topic_rows = [{"topic": t, "counts": {s: topic_counts[s].get(t, 0) for s in slugs}} for t in topic_names]
    one_publisher = len({d.publisher_id for d in documents}) == 1
    return {
        "documents": [_doc(d) for d in documents],
        "metrics": metric_rows,
        "topics": topic_rows,
        "one_publisher": one_publisher,
    }


def year_over_year(documents) -> list[dict]:
    """Comparisons worth offering among one publisher's documents: each kind's consecutive
    years (a year with nothing is skipped over: 2020 then 2022), and each year's work plan
    against that year's report."""
    by_kind = {}
    for d in sorted((d for d in documents if d.year), key=lambda d: (d.year, -getattr(d, "version", 1))):
        by_kind.setdefault(d.kind, {}).setdefault(d.year, d)
    out = []
    for kind, years in sorted(by_kind.items()):
        ordered = [years[y] for y in sorted(years)]
        for earlier, later in zip(ordered, ordered[1:]):
            out.append({"label": f"{earlier.year} ↔ {later.year}", "kind": kind, "a": earlier, "b": later, "url": earlier.compare_url(later)})
    plans, reports = by_kind.get("work_plan", {}), by_kind.get("annual_report", {})
    for year in sorted(set(plans) & set(reports)):
        out.append({"label": f"{year} 要点 ↔ 报告", "kind": "plan_report", "a": plans[year], "b": reports[year], "url": plans[year].compare_url(reports[year])})
    return out
