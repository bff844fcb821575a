"""Build a comparison of stored documents as plain data: the page, its JSON and its CSV all
come from here, so they always agree. Deterministic: the same documents give the same output."""
from collections import Counter
from decimal import Decimal

from documents.models import Document

from . import align, diff, evidence

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


def _unit(u):
    return {"key": u.key, "number": u.number, "heading": u.heading, "anchor": u.anchor, "topics": list(u.topics)}


def compare_two(a: Document, b: Document, with_diff=True) -> dict:
    sections_a, sections_b = list(a.sections.all()), list(b.sections.all())
    units_a = align.units_from_sections(sections_a)
    units_b = align.units_from_sections(sections_b)
    pairs = align.align(units_a, units_b)

    rows, counts, weighted, weight = [], Counter(), 0.0, 0
    for pair in pairs:
        ua = units_a[pair.a] if pair.a is not None else None
        ub = units_b[pair.b] if pair.b is not None else None
        row = {"a": _unit(ua) if ua else None, "b": _unit(ub) if ub else None, "similarity": round(pair.similarity, 4)}
        size = len((ua.text if ua else "")) + len((ub.text if ub else ""))
        if ua and ub:
            pieces = diff.diff(ua.text, ub.text)
            row["status"] = "unchanged" if diff.is_unchanged(pieces) else "changed"
            row["change_ratio"] = round(diff.change_ratio(pieces), 4)
            if with_diff:
                row["diff"] = [{"op": p.op, "text": p.text} for p in pieces]
            weighted += pair.similarity * size
        else:
            row["status"] = "only_a" if ua else "only_b"
        weight += size
        counts[row["status"]] += 1
        rows.append(row)

    result = {
        "documents": [_doc(a), _doc(b)],
        "summary": {
            "similarity": round(weighted / weight, 4) if weight else 0.0,
            "matched": counts["unchanged"] + counts["changed"],
            "unchanged": counts["unchanged"],
            "changed": counts["changed"],
            "only_a": counts["only_a"],
            "only_b": counts["only_b"],
            "topics_a": _topics(sections_a),
            "topics_b": _topics(sections_b),
        },
        "sections": rows,
        "metrics": metrics_side_by_side(a, b),
        "figures": figures_side_by_side(a, b),
        "checks": {d.slug: _checks(d) for d in (a, b)},
    }
    plan, report = _plan_and_report(a, b)
    if plan is not None:
        result["plan_against_report"] = plan_against_report(plan, report)
    return result


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
    """The same canonical metric in both documents, with its change and percent change."""
    values_a, values_b = _table_values(a), _table_values(b)
    rows = []
    for key in sorted(set(values_a) | set(values_b)):
        label, unit, _ = values_a.get(key) or values_b[key]
        va, vb = _value(values_a, key), _value(values_b, key)
        change, percent = _change(va, vb)
        rows.append({"key": key, "label": label, "unit": unit, "a": _number(va), "b": _number(vb), "change": change, "percent": percent})
    return rows


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


def _plan_and_report(a, b):
    """A work plan and an annual report of the same publisher, the plan's year no later."""
    kinds = {a.kind: a, b.kind: b}
    plan, report = kinds.get("work_plan"), kinds.get("annual_report")
    if plan and report and plan.publisher_id == report.publisher_id:
        if plan.year is None or report.year is None or plan.year <= report.year:
            return plan, report
    return None, None


def plan_against_report(plan, report):
    commitments = list(plan.commitments.order_by("kind", "id"))
    texts = [c.text if c.kind == "task" else (c.sentence or c.text) for c in commitments]
    passages = evidence.passages_from_sections(report.sections.all())
    results = evidence.evidence(texts, passages)
    return [
        {
            "kind": c.kind,
            "number": c.number,
            "text": text,
            "status": r.status,
            "score": r.score,
            "passage": r.passage.text if r.passage else None,
            "anchor": r.passage.anchor if r.passage else None,
        }
        for c, text, r in zip(commitments, texts, results)
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
