"""勾稽 checks: the standard tables' numbers against each other, and the prose against the tables.

Pure: metrics (tables.Metric, or anything with .key/.value/.source) and narrative figures in,
`Check`s out; no Django. A check is made only when every number it needs is there; a
document whose own numbers disagree shows a failing check, and no number is ever changed.

Structural checks use the figures read from cells (source "table"), never the derived sums:

* ``requests.balance.<column>``: 本年新收 + 上年结转 = (七)总计 + 结转下年度, for each applicant
  column and 总计;
* ``outcome.<group>.sum.<column>``: where a report writes a figure on a group row ((三)不予公开,
  (四)无法提供, (五)不予处理, (六)其他处理), the row's reasons add up to it;
* ``outcome.total.sum.<column>``: (一) to (六) add up to (七)总计 (each group counted by its
  reasons where they were read, else by its own figure);
* ``columns.sum.<row>``: the six applicant columns add up to the row's 总计, for every row of
  table 三 with all seven cells;
* ``review.sum``, ``litigation.direct.sum``, ``litigation.after_review.sum``: 结果维持 +
  结果纠正 + 其他结果 + 尚未审结 = 总计.

Narrative checks: each narrative figure (any object, or dict, with ``key`` (or None),
``value``, ``label`` and optionally ``sentence``) whose key is a metric key, or one of
metric_keys.NARRATIVE_SUMS (``narrative.disclosed_and_partly`` = 予以公开 + 部分公开), or
whose label metric_keys.NARRATIVE_LABELS knows, is compared with the tables (derived sums
included). The check is named ``narrative.<key>`` (a ``narrative.*`` key keeps its name).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from . import metric_keys as mk


@dataclass
class Check:
    name: str          # stable, e.g. "requests.balance.total"
    passed: bool
    detail: str        # the relation in the template's words, then its figures (✔ / ✘ is the page's)
    left: Decimal
    right: Decimal
    keys: list[str] = field(default_factory=list)   # the metric keys taking part


def _fmt(d: Decimal) -> str:
    return format(d, "f")


def _get(obj, name, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return None


class _Values:
    """The first metric read under each key, split by source."""

    def __init__(self, metrics):
        self.table: dict[str, Decimal] = {}
        self.any: dict[str, Decimal] = {}
        for m in metrics:
            source = _get(m, "source", "table")
            if source == "narrative":
                continue
            value = _decimal(_get(m, "value"))
            if value is None:
                continue
            key = _get(m, "key")
            self.any.setdefault(key, value)
            if source == "table":
                self.table.setdefault(key, value)


def _label(key: str) -> str:
    return _short(mk.KEYS[key].label) if key in mk.KEYS else key


def _short(label: str) -> str:
    """不予公开·属于国家秘密(自然人) -> 属于国家秘密."""
    name = label.split("(")[0]
    return name.split("·")[-1]


def _sum(parts) -> Decimal:
    return sum((v for _, v, _ in parts), Decimal(0))


def _figures(parts) -> str:
    """34290 + 2235 = 36525; one part is just its figure."""
    figures = " + ".join(_fmt(v) for _, v, _ in parts)
    return f"{figures} = {_fmt(_sum(parts))}" if len(parts) > 1 else figures


def _equation(left, right, passed: bool) -> str:
    """The figures of both sides: `859 + 18 = 870 + 7 = 877` when they agree, and
    `859 + 18 = 877 ≠ 870 + 8 = 878` when they do not."""
    lf = " + ".join(_fmt(v) for _, v, _ in left)
    rf = " + ".join(_fmt(v) for _, v, _ in right)
    if passed:
        both = len(left) > 1 and len(right) > 1
        return f"{lf} = {rf}" + (f" = {_fmt(_sum(left))}" if both else "")
    return f"{_figures(left)} ≠ {_figures(right)}"


def _sentence(left, right, passed: bool, scope: str = "") -> str:
    """The relation in the template's words, then its figures:
    本年新收 + 上年结转 = 办理结果总计 + 结转下年度（自然人）：859 + 18 = 870 + 7 = 877."""
    words = f"{' + '.join(lab for _, _, lab in left)} = {' + '.join(lab for _, _, lab in right)}"
    return f"{words}{f'（{scope}）' if scope else ''}：{_equation(left, right, passed)}"


def _compare(name: str, left: list[tuple[str, Decimal, str]], right: list[tuple[str, Decimal, str]],
             scope: str = "", keys: list[str] | None = None) -> Check:
    lv, rv = _sum(left), _sum(right)
    return Check(name, lv == rv, _sentence(left, right, lv == rv, scope), lv, rv,
                 keys if keys is not None else [k for k, _, _ in left + right])


def _parts(values: dict[str, Decimal], keys: list[str], labels: list[str] | None = None):
    if not all(k in values for k in keys):
        return None
    labels = labels or [_label(k) for k in keys]
    return [(k, values[k], lab) for k, lab in zip(keys, labels)]


def _column_scope(suffix: str) -> str:
    return "" if suffix == "total" else mk.COLUMN_LABELS[suffix]


def _balance(v: _Values) -> list[Check]:
    out = []
    for suffix in mk.COLUMN_SUFFIXES:
        left = _parts(v.table, [f"requests.new.{suffix}", f"requests.carried_over.{suffix}"], ["本年新收", "上年结转"])
        right = _parts(v.table, [f"outcome.total.{suffix}", f"requests.carried_forward.{suffix}"], ["办理结果总计", "结转下年度"])
        if left and right:
            out.append(_compare(f"requests.balance.{suffix}", left, right, _column_scope(suffix)))
    return out


def _groups() -> list[tuple[mk.RequestRow, list[mk.RequestRow]]]:
    return [(row, [r for r in mk.REQUEST_ROWS if r.parent == row.id]) for row in mk.REQUEST_ROWS
            if any(r.parent == row.id for r in mk.REQUEST_ROWS)]


def _group_sums(v: _Values) -> list[Check]:
    out = []
    for group, subs in _groups():
        for suffix in mk.COLUMN_SUFFIXES:
            whole = f"{group.id}.{suffix}"
            left = _parts(v.table, [f"{s.id}.{suffix}" for s in subs])
            if whole in v.table and left:
                right = [(whole, v.table[whole], _label(whole))]
                out.append(_compare(f"{group.id}.sum.{suffix}", left, right, _column_scope(suffix)))
    return out


def _outcome_total(v: _Values) -> list[Check]:
    out = []
    top = [r for r in mk.REQUEST_ROWS if r.id.startswith("outcome.") and r.parent is None and r.id != "outcome.total"]
    for suffix in mk.COLUMN_SUFFIXES:
        total = f"outcome.total.{suffix}"
        if total not in v.table:
            continue
        shown, keys, ok = [], [], True
        for row in top:
            subs = [f"{r.id}.{suffix}" for r in mk.REQUEST_ROWS if r.parent == row.id]
            own = f"{row.id}.{suffix}"
            if subs and all(k in v.table for k in subs):
                used = subs
            elif own in v.table:
                used = [own]
            else:
                ok = False
                break
            keys += used
            shown.append((own, sum((v.table[k] for k in used), Decimal(0)), _short(mk.KEYS[own].label)))
        if not ok:
            continue
        check = _compare(f"outcome.total.sum.{suffix}", shown, [(total, v.table[total], "办理结果总计")],
                         _column_scope(suffix), keys + [total])
        out.append(check)
    return out


def _column_sums(v: _Values) -> list[Check]:
    out = []
    for row in mk.REQUEST_ROWS:
        keys = [f"{row.id}.{s}" for s in mk.COLUMN_SUFFIXES]
        if not all(k in v.table for k in keys):
            continue
        left = [(k, v.table[k], mk.COLUMN_LABELS[s]) for k, s in zip(keys[:-1], mk.COLUMN_SUFFIXES[:-1])]
        right = [(keys[-1], v.table[keys[-1]], "总计")]
        # the row's whole name: 其他处理·其他, not 其他, which is also a column
        out.append(_compare(f"columns.sum.{row.id}", left, right, mk.KEYS[keys[0]].label.split("(")[0]))
    return out


def _review(v: _Values) -> list[Check]:
    out = []
    for part, part_label, _ in mk.REVIEW_PARTS:
        names = [s for s, _, _ in mk.RESULT_COLUMNS]
        left = _parts(v.table, [f"{part}.{s}" for s in names[:-1]], [lab for _, lab, _ in mk.RESULT_COLUMNS[:-1]])
        right = _parts(v.table, [f"{part}.total"], ["总计"])
        if left and right:
            out.append(_compare(f"{part}.sum", left, right, part_label.replace(" › ", "·")))
    return out


def narrative_target(key: str | None, label: str | None) -> str | None:
    """The key a narrative figure is checked under: its own, or the one its label names."""
    if key:
        return key
    if label:
        return mk.NARRATIVE_LABELS.get("".join(str(label).split()))
    return None


def _narrative(v: _Values, narrative) -> list[Check]:
    out = []
    for item in narrative or ():
        key = narrative_target(_get(item, "key"), _get(item, "label"))
        value = _decimal(_get(item, "value"))
        if key is None or value is None:
            continue
        if key in mk.NARRATIVE_SUMS:
            parts_keys = list(mk.NARRATIVE_SUMS[key][1])
        elif key in v.any:
            parts_keys = [key]
        else:
            continue
        parts = _parts(v.any, parts_keys)
        if not parts:
            continue
        label = _get(item, "label") or (mk.NARRATIVE_SUMS[key][0] if key in mk.NARRATIVE_SUMS else _label(key))
        sentence = _get(item, "sentence")
        rv = _sum(parts)
        said = [(key, value, f"正文中的{label}")]
        tables = [(k, figure, f"表格中的{lab}" if i == 0 else lab) for i, (k, figure, lab) in enumerate(parts)]
        detail = _sentence(said, tables, value == rv)
        if sentence:
            detail += f"（原句：「{sentence}」）"
        name = key if key.startswith("narrative.") else f"narrative.{key}"
        if value != rv and key == "requests.new.total":
            # prose often says 收到 for 本年新收 + 上年结转: say so when that is the sum it gives
            both = _parts(v.any, list(mk.NARRATIVE_SUMS["narrative.requests_to_handle"][1]))
            if both and _sum(both) == value:
                detail += f"；正文之数等于本年新收加上年结转（{_figures(both)}）"
        out.append(Check(name, value == rv, detail, value, rv, parts_keys))
    return out


def run_checks(metrics, narrative=()) -> list[Check]:
    """Every check the figures allow, in a stable order."""
    v = _Values(metrics)
    return (_balance(v) + _group_sums(v) + _outcome_total(v) + _column_sums(v) + _review(v)
            + _narrative(v, narrative))
