"""Canonical metric keys for the three standard tables of an annual report, as data.

Two national templates are covered:

* "2019": 国办公开办函〔2019〕60号, 《中华人民共和国政府信息公开工作年度报告格式(试行)》,
  used for the 2019 and 2020 reports;
* "2021": 国办公开办函〔2021〕30号, the revised format, used from the 2021 reports on.

A key means one figure, whichever format it was read from. Where the two templates ask for the
same figure under different words (2019 本年新制作数量, 2021 本年制发件数) they share a key and
`same_across_formats` is True; a figure only one template asks for (2021 本年废止件数, 2019
上一年项目数量) has a key of its own with the other format's source None.

Keys (the full list is in docs/metrics.md, generated from this module:
`python -m documents.ingest.metric_keys > docs/metrics.md`):

* ``proactive.<row>.<column>``, from table 二 (主动公开), e.g. ``proactive.regulations.issued``;
* ``<row>.<applicant>``, from table 三 (依申请): every row of the template by every applicant
  column (natural_person, commercial, research, public_interest, legal_services, other_org,
  total), e.g. ``requests.new.total``, ``outcome.withheld.state_secret.natural_person``;
* ``review.<result>`` and ``litigation.{direct,after_review}.<result>`` from table 四, with
  result one of upheld, corrected, other, pending, total.

Some keys have no cell of their own in a template: the (三)不予公开, (四)无法提供, (五)不予处理
totals (and (六)其他处理 in 2021) and the litigation totals over both kinds of suit. Their
`sum_of` names the keys they add up; tables.py emits them with source "derived" when every
part was read.

NARRATIVE_SUMS names figures the report's prose gives that are sums of table keys (予以公开及
部分公开 10538 = 10099 + 439); NARRATIVE_LABELS maps the words of the prose to a key, for
narrative figures that come without one. checks.py uses both.

Pure data, no Django.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass

FORMATS = ("2019", "2021")
TEMPLATE_DOCS = {
    "2019": "国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式(试行)》",
    "2021": "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》",
}
TABLE_TITLES = {
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class MetricKey:
    key: str
    label: str                 # Chinese, as in the template
    unit: str                  # 件 | 项 | 万元
    definition: str
    source_2021: str | None    # where the 2021 template has it (None: not in that format)
    source_2019: str | None
    same_across_formats: bool  # read from both formats with the same meaning
    table: str                 # proactive | requests | review_litigation
    row: str                   # the template's row label (2021 wording where both have it)
    column: str | None         # the template's column label
    sum_of: tuple[str, ...] = ()  # no cell of its own: the sum of these keys

    def source(self, fmt: str) -> str | None:
        return self.source_2021 if fmt == "2021" else self.source_2019


# -- table 三: applicants ---------------------------------------------------------------------
# (suffix, label, group label or None)
APPLICANT_COLUMNS: list[tuple[str, str, str | None]] = [
    ("natural_person", "自然人", None),
    ("commercial", "商业企业", "法人或其他组织"),
    ("research", "科研机构", "法人或其他组织"),
    ("public_interest", "社会公益组织", "法人或其他组织"),
    ("legal_services", "法律服务机构", "法人或其他组织"),
    ("other_org", "其他", "法人或其他组织"),
    ("total", "总计", None),
]
COLUMN_SUFFIXES = [c[0] for c in APPLICANT_COLUMNS]
COLUMN_LABELS = {c[0]: c[1] for c in APPLICANT_COLUMNS}


@dataclass(frozen=True)
class RequestRow:
    id: str                   # key prefix, e.g. "outcome.withheld.state_secret"
    label_2021: str | None    # None: not in that format
    label_2019: str | None
    kind: str                 # "data": a row of cells; "group": a heading whose total is the sum of its sub-rows
    parent: str | None        # the group a sub-row belongs to
    definition: str
    kind_2019: str | None = None  # where the kind differs in 2019

    def label(self, fmt: str) -> str | None:
        return self.label_2021 if fmt == "2021" else self.label_2019

    def kind_in(self, fmt: str) -> str:
        return self.kind_2019 if (fmt == "2019" and self.kind_2019) else self.kind


# Table 三's rows in the template's order: (id, label, kind, definition). A row whose id
# extends a group's is one of that group's reasons. Both templates word the rows alike, but for
# those below.
_REQUEST_TABLE: list[tuple[str, str, str, str]] = [
    ("requests.new", "一、本年新收政府信息公开申请数量", "data", "Applications received in the year."),
    ("requests.carried_over", "二、上年结转政府信息公开申请数量", "data", "Applications received in an earlier year and still open at the start of this one."),
    ("outcome.disclosed", "(一)予以公开", "data", "Answered by disclosing the information in full."),
    ("outcome.partially_disclosed", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "data", "Answered by disclosing part of the information; an application handled in parts counts here only."),
    ("outcome.withheld", "(三)不予公开", "group", "Refused, for one of the eight reasons below (no cell of its own: the sum of its reasons)."),
    ("outcome.withheld.state_secret", "1.属于国家秘密", "data", "Refused: the information is a state secret."),
    ("outcome.withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", "data", "Refused: another law or administrative regulation forbids disclosure."),
    ("outcome.withheld.security_stability", "3.危及“三安全一稳定”", "data", "Refused: disclosure would endanger national, public or economic security or social stability."),
    ("outcome.withheld.third_party", "4.保护第三方合法权益", "data", "Refused to protect a third party's lawful rights (trade secrets, privacy)."),
    ("outcome.withheld.internal_affairs", "5.属于三类内部事务信息", "data", "Refused: internal affairs information (personnel, logistics, internal workflow)."),
    ("outcome.withheld.process_info", "6.属于四类过程性信息", "data", "Refused: process information (discussion records, drafts, consultation letters, requests for instructions)."),
    ("outcome.withheld.enforcement_file", "7.属于行政执法案卷", "data", "Refused: administrative enforcement case files."),
    ("outcome.withheld.administrative_query", "8.属于行政查询事项", "data", "Refused: a matter of administrative query (to be sought through the query channel instead)."),
    ("outcome.unavailable", "(四)无法提供", "group", "Could not be provided, for one of the three reasons below (no cell of its own: the sum of its reasons)."),
    ("outcome.unavailable.not_held", "1.本机关不掌握相关政府信息", "data", "Not provided: the agency does not hold the information."),
    ("outcome.unavailable.needs_creation", "2.没有现成信息需要另行制作", "data", "Not provided: the information does not exist and would have to be created."),
    ("outcome.unavailable.unclear", "3.补正后申请内容仍不明确", "data", "Not provided: the request was still unclear after the applicant was asked to amend it."),
    ("outcome.not_processed", "(五)不予处理", "group", "Not processed, for one of the five reasons below (no cell of its own: the sum of its reasons)."),
    ("outcome.not_processed.petition", "1.信访举报投诉类申请", "data", "Not processed: a petition, report or complaint rather than an information request."),
    ("outcome.not_processed.repeated", "2.重复申请", "data", "Not processed: a repeated application."),
    ("outcome.not_processed.publication", "3.要求提供公开出版物", "data", "Not processed: the applicant asked for a public publication."),
    ("outcome.not_processed.vexatious", "4.无正当理由大量反复申请", "data", "Not processed: many repeated applications without good reason."),
    ("outcome.not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息", "data", "Not processed: the applicant asked the agency to confirm or reissue information already obtained."),
    ("outcome.other", "(六)其他处理", "group", "Handled otherwise. 2021: the sum of its three reasons (no cell of its own); 2019: one row of cells, no reasons."),
    ("outcome.other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "data", "Closed: the applicant did not amend the application in time without good reason."),
    ("outcome.other.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "data", "Closed: the applicant did not pay the processing fee in time."),
    ("outcome.other.other", "3.其他", "data", "Handled otherwise for any other reason (withdrawn applications, for example)."),
    ("outcome.total", "(七)总计", "data", "All applications answered in the year: the sum of (一) to (六)."),
    ("requests.carried_forward", "四、结转下年度继续办理", "data", "Applications still open at the end of the year, carried into the next."),
]
# The 2019 template has (六)其他处理 as one row of cells, without its reasons.
_ONLY_2021 = {"outcome.other.no_correction", "outcome.other.fee_unpaid", "outcome.other.other"}
_KIND_2019 = {"outcome.other": "data"}
_GROUPS = {row_id for row_id, _, kind, _ in _REQUEST_TABLE if kind == "group"}

REQUEST_ROWS: list[RequestRow] = [
    RequestRow(
        row_id, label, None if row_id in _ONLY_2021 else label, kind,
        next((g for g in _GROUPS if row_id.startswith(g + ".")), None), definition, _KIND_2019.get(row_id),
    )
    for row_id, label, kind, definition in _REQUEST_TABLE
]
REQUEST_ROW = {r.id: r for r in REQUEST_ROWS}
# Table 三's header and the 办理结果 heading row, as the templates write them.
REQUESTS_NOTE = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
RESULTS_ROW = "三、本年度办理结果"

# -- table 四: review and litigation ----------------------------------------------------------
RESULT_COLUMNS: list[tuple[str, str, str]] = [
    ("upheld", "结果维持", "The decision under challenge was upheld."),
    ("corrected", "结果纠正", "The decision under challenge was corrected (revoked, changed, or declared unlawful)."),
    ("other", "其他结果", "Ended otherwise (withdrawn, dismissed without ruling on the merits, settled...)."),
    ("pending", "尚未审结", "Not yet concluded at the end of the year."),
    ("total", "总计", "All cases of this kind in the year."),
]
REVIEW_PARTS: list[tuple[str, str, str]] = [
    ("review", "行政复议", "administrative reconsideration (行政复议) cases about this agency's disclosure work"),
    ("litigation.direct", "行政诉讼 › 未经复议直接起诉", "lawsuits filed directly, without reconsideration first"),
    ("litigation.after_review", "行政诉讼 › 复议后起诉", "lawsuits filed after reconsideration"),
]

# -- table 二: proactive disclosure ------------------------------------------------------------
# (row id, 2021 label, 2019 label, 第二十条 item, definition)
PROACTIVE_ROWS: list[tuple[str, str | None, str | None, str, str]] = [
    ("regulations", "规章", "规章", "(一)", "rules (规章) issued by the government"),
    ("normative_documents", "行政规范性文件", "规范性文件", "(一)", "normative documents (行政规范性文件)"),
    ("licensing", "行政许可", "行政许可", "(五)", "administrative licensing (行政许可)"),
    ("other_services", None, "其他对外管理服务事项", "(五)", "other external management and service matters"),
    ("penalty", "行政处罚", "行政处罚", "(六)", "administrative penalties (行政处罚)"),
    ("coercion", "行政强制", "行政强制", "(六)", "administrative coercive measures (行政强制)"),
    ("fees", "行政事业性收费", "行政事业性收费", "(八)", "administrative fees (行政事业性收费)"),
    ("procurement", None, "政府集中采购", "(九)", "centralized government procurement (政府集中采购)"),
]
PROACTIVE_ROW = {r[0]: r for r in PROACTIVE_ROWS}
# (column id, 2021 header, 2019 header, unit, definition)
PROACTIVE_COLUMNS: dict[str, tuple[str | None, str | None, str, str]] = {
    "issued": ("本年制发件数", "本年新制作数量", "件", "made (2019: 新制作) or made and issued (2021: 制发) in the year"),
    "repealed": ("本年废止件数", None, "件", "repealed in the year (including those lapsing)"),
    "in_force": ("现行有效件数", None, "件", "in force at the end of the year"),
    "published": (None, "本年新公开数量", "件", "newly published in the year"),
    "published_total": (None, "对外公开总数量", "件", "published in all, to date (not the same as in force)"),
    "decisions": ("本年处理决定数量", "处理决定数量", "件", "decisions made in the year"),
    "items_last_year": (None, "上一年项目数量", "项", "number of items (事项) at the end of the previous year"),
    "items_change": (None, "本年增/减", "项", "change in the number of items during the year (signed)"),
    "fee_amount": ("本年收费金额(单位:万元)", None, "万元", "amount collected in the year, in 万元"),
    "count": (None, "采购项目数量", "项", "number of procurement projects"),
    "procurement_amount": (None, "采购总金额", "万元", "total procurement amount, in 万元"),
}
# The columns each row has, by format, in the template's order. Column ids map onto key
# suffixes (fee_amount and procurement_amount both become `.amount`).
PROACTIVE_ROW_COLUMNS: dict[str, dict[str, list[str]]] = {
    "regulations": {"2021": ["issued", "repealed", "in_force"], "2019": ["issued", "published", "published_total"]},
    "normative_documents": {"2021": ["issued", "repealed", "in_force"], "2019": ["issued", "published", "published_total"]},
    "licensing": {"2021": ["decisions"], "2019": ["items_last_year", "items_change", "decisions"]},
    "other_services": {"2019": ["items_last_year", "items_change", "decisions"]},
    "penalty": {"2021": ["decisions"], "2019": ["items_last_year", "items_change", "decisions"]},
    "coercion": {"2021": ["decisions"], "2019": ["items_last_year", "items_change", "decisions"]},
    "fees": {"2021": ["fee_amount"], "2019": ["items_last_year", "items_change"]},
    "procurement": {"2019": ["count", "procurement_amount"]},
}
COLUMN_SUFFIX = {"fee_amount": "amount", "procurement_amount": "amount"}


def proactive_key(row: str, column: str) -> str:
    return f"proactive.{row}.{COLUMN_SUFFIX.get(column, column)}"


# -- building the list -----------------------------------------------------------------------
def _key(table, key, label, unit, definition, sources, row, column, sum_of=()) -> MetricKey:
    """A key with its source in each template (None where a template lacks it): the same
    across formats where both have it."""
    return MetricKey(
        key=key, label=label, unit=unit, definition=definition,
        source_2021=sources["2021"], source_2019=sources["2019"],
        same_across_formats=sources["2021"] is not None and sources["2019"] is not None,
        table=table, row=row, column=column, sum_of=sum_of,
    )


def _request_keys() -> list[MetricKey]:
    out = []
    title = TABLE_TITLES["requests"]
    for row in REQUEST_ROWS:
        subs = [r for r in REQUEST_ROWS if r.parent == row.id]
        for suffix, col_label, col_group in APPLICANT_COLUMNS:
            where = f"{col_group} › {col_label}" if col_group else col_label
            sources = {}
            for fmt in FORMATS:
                label = row.label(fmt)
                if label is None:
                    sources[fmt] = None
                    continue
                parts = [r.label(fmt) for r in subs if r.label(fmt)]
                if row.kind_in(fmt) == "group":
                    label = f"{label} ({'、'.join(p.split('.', 1)[0] for p in parts)} 之和)"
                parent = REQUEST_ROW[row.parent].label(fmt) + " › " if row.parent else ""
                head = RESULTS_ROW + " › " if row.id.startswith("outcome.") else ""
                sources[fmt] = f"{title} › {head}{parent}{label} × 申请人情况 › {where}"
            sum_of = tuple(f"{r.id}.{suffix}" for r in subs) if row.kind == "group" else ()
            short = row.label_2021 or row.label_2019
            name = "办理结果总计" if row.id == "outcome.total" else _bare(short)
            if row.parent:
                name = f"{_bare(REQUEST_ROW[row.parent].label_2021)}·{name}"
            definition = f"{row.definition} Applicants: {_applicant_words(suffix)}."
            out.append(_key("requests", f"{row.id}.{suffix}", f"{name}({col_label})", "件", definition, sources,
                            short, col_label, sum_of))
    return out


def _applicant_words(suffix: str) -> str:
    return {
        "natural_person": "natural persons",
        "commercial": "commercial enterprises",
        "research": "research institutions",
        "public_interest": "public-interest organisations",
        "legal_services": "legal service providers",
        "other_org": "other legal persons or organisations",
        "total": "all",
    }[suffix]


def _bare(label: str) -> str:
    """The row label without its numbering: (一)予以公开 -> 予以公开, 1.属于国家秘密 -> 属于国家秘密."""
    label = re.sub(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])", "", label)
    return re.sub(r"[(（]区分处理.*$", "", label)


def _review_keys() -> list[MetricKey]:
    out = []
    title = TABLE_TITLES["review_litigation"]
    for part, part_label, part_words in REVIEW_PARTS:
        for suffix, col_label, col_words in RESULT_COLUMNS:
            source = f"{title} › {part_label} › {col_label}"
            out.append(_key("review_litigation", f"{part}.{suffix}", f"{part_label.replace(' › ', '·')}{col_label}", "件",
                            f"{col_words} Counts {part_words}.", {"2021": source, "2019": source},
                            part_label, col_label))
    for suffix, col_label, col_words in RESULT_COLUMNS:
        source = f"{title} › 行政诉讼 › (未经复议直接起诉 + 复议后起诉) › {col_label}"
        definition = (f"{col_words} Counts all lawsuits, direct and after reconsideration "
                      "(no cell of its own: the sum of the two).")
        out.append(_key("review_litigation", f"litigation.{suffix}", f"行政诉讼{col_label}", "件", definition,
                        {"2021": source, "2019": source}, "行政诉讼", col_label,
                        (f"litigation.direct.{suffix}", f"litigation.after_review.{suffix}")))
    return out


def _proactive_keys() -> list[MetricKey]:
    out = []
    title = TABLE_TITLES["proactive"]
    for row, label_2021, label_2019, item, row_words in PROACTIVE_ROWS:
        seen = set()
        for fmt_cols in (PROACTIVE_ROW_COLUMNS[row].get("2021", []), PROACTIVE_ROW_COLUMNS[row].get("2019", [])):
            for col in fmt_cols:
                if col in seen:
                    continue
                seen.add(col)
                head_2021, head_2019, unit, col_words = PROACTIVE_COLUMNS[col]
                sources = {}
                for fmt, label, head in (("2021", label_2021, head_2021), ("2019", label_2019, head_2019)):
                    ok = label is not None and head is not None and col in PROACTIVE_ROW_COLUMNS[row].get(fmt, [])
                    sources[fmt] = f"{title} › 第二十条第{item}项 › {label} × {head}" if ok else None
                header = head_2021 if sources["2021"] else head_2019
                header = header.replace("(单位:万元)", "")
                out.append(_key("proactive", proactive_key(row, col), f"{label_2021 or label_2019}{header}", unit,
                                f"{row_words.capitalize()}: {col_words}.", sources, label_2021 or label_2019, header))
    return out


KEYS: dict[str, MetricKey] = {k.key: k for k in _proactive_keys() + _request_keys() + _review_keys()}

# Keys renamed since they were first published (old row id -> new): links and stored numbers
# under an old name keep working (views redirect; migration 0012 renamed what was stored).
RENAMED = {"outcome.partly_disclosed": "outcome.partially_disclosed"}


def current_key(key: str) -> str:
    """The key's name today: `outcome.partly_disclosed.total` -> `outcome.partially_disclosed.total`."""
    for old, new in RENAMED.items():
        if key == old or key.startswith(old + "."):
            return new + key[len(old):]
    return key

# -- narrative figures --------------------------------------------------------------------------
# Figures the prose gives as sums of table keys: key -> (label, the keys it must equal the sum of).
NARRATIVE_SUMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "narrative.disclosed_and_partly": ("予以公开及部分公开", ("outcome.disclosed.total", "outcome.partially_disclosed.total")),
    "narrative.litigation_total": ("行政诉讼", ("litigation.direct.total", "litigation.after_review.total")),
    "narrative.litigation_corrected": ("行政诉讼结果纠正", ("litigation.direct.corrected", "litigation.after_review.corrected")),
    "narrative.requests_to_handle": ("本年新收及上年结转", ("requests.new.total", "requests.carried_over.total")),
}
# Words of the prose (as a narrative stage labels a figure) -> key, for figures that come
# without a key. Only unambiguous words: 结果纠正 alone could be review or litigation.
NARRATIVE_LABELS: dict[str, str] = {
    "收到政府信息公开申请": "requests.new.total",
    "新收政府信息公开申请": "requests.new.total",
    "本年新收政府信息公开申请": "requests.new.total",
    "上年结转": "requests.carried_over.total",
    "答复政府信息公开申请": "outcome.total.total",
    "办理政府信息公开申请": "outcome.total.total",
    "予以公开": "outcome.disclosed.total",
    "部分公开": "outcome.partially_disclosed.total",
    "予以公开及部分公开": "narrative.disclosed_and_partly",
    "予以公开和部分公开": "narrative.disclosed_and_partly",
    "不予公开": "outcome.withheld.total",
    "无法提供": "outcome.unavailable.total",
    "不予处理": "outcome.not_processed.total",
    "其他处理": "outcome.other.total",
    "结转下年度继续办理": "requests.carried_forward.total",
    "行政复议": "review.total",
    "信息公开行政复议": "review.total",
    "行政复议结果纠正": "review.corrected",
    "行政诉讼": "litigation.total",
    "信息公开行政诉讼": "litigation.total",
    "行政诉讼结果纠正": "litigation.corrected",
}


# -- docs/metrics.md ---------------------------------------------------------------------------
def _cell(s) -> str:
    if s is None:
        return "—"
    return str(s).replace("|", "\\|")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _sum_cell(k: MetricKey) -> str:
    return _cell(" + ".join(f"`{s}`" for s in k.sum_of) or None)


def _table(header: list[str], rows) -> list[str]:
    """A markdown table: the header, the rule under it and a line per row of cells."""
    return [f"| {' | '.join(header)} |", "|" + "---|" * len(header), *(f"| {' | '.join(cells)} |" for cells in rows)]


def render_markdown() -> str:
    """docs/metrics.md, generated from the data above (`python -m documents.ingest.metric_keys`)."""
    out = [
        "# Metrics: the standard tables of an annual report",
        "",
        "Generated from `documents/ingest/metric_keys.py` by `python -m documents.ingest.metric_keys > docs/metrics.md`;",
        "do not edit by hand (a test compares the two).",
        "",
        "Annual reports on government information disclosure follow a national template with three",
        "statistics tables. Two versions of the template are read:",
        "",
    ]
    for fmt in FORMATS:
        out.append(f"- **{fmt}**: {TEMPLATE_DOCS[fmt]}")
    out += [
        "",
        "Every number of those tables becomes a metric under one of the keys below. A key means the",
        "same figure whichever format it was read from; *same* says whether both formats have it",
        "with the same meaning, and a dash in a source column means that format does not have it.",
        "A metric's `source` is `table` when it was read from a cell, `derived` when the template",
        "has no cell for it and it is the sum of the keys given (only emitted when every part was",
        "read), `narrative` when another stage read it from the prose.",
        "",
        "Renamed keys (a link under the former name leads to the current one): "
        + ", ".join(f"`{old}.*` → `{new}.*`" for old, new in RENAMED.items()) + ".",
        "",
        f"## Table 二: proactive disclosure (`proactive.*`, {sum(1 for k in KEYS.values() if k.table == 'proactive')} keys)",
        "",
        *_table(["key", "label", "unit", "same", "2021 source", "2019 source", "definition"], (
            [f"`{k.key}`", _cell(k.label), k.unit, _yes(k.same_across_formats), _cell(k.source_2021),
             _cell(k.source_2019), _cell(k.definition)]
            for k in KEYS.values() if k.table == "proactive")),
    ]
    n_req = sum(1 for k in KEYS.values() if k.table == "requests")
    out += [
        "",
        f"## Table 三: applications (`requests.*`, `outcome.*`, {n_req} keys)",
        "",
        f"Every row below times every applicant column gives a key `<row>.<column>`: "
        f"{len(REQUEST_ROWS)} rows × {len(APPLICANT_COLUMNS)} columns. The unit is 件.",
        "",
        *_table(["column suffix", "template column"], (
            [f"`{suffix}`", f"{group + ' › ' if group else ''}{label}"] for suffix, label, group in APPLICANT_COLUMNS)),
        "",
        *_table(["row", "2021 template row", "2019 template row", "same", "kind", "definition"], (
            [f"`{row.id}`", _cell(row.label_2021), _cell(row.label_2019),
             _yes(row.label_2021 is not None and row.label_2019 is not None),
             row.kind if not row.kind_2019 else f"{row.kind} (2019: {row.kind_2019})", _cell(row.definition)]
            for row in REQUEST_ROWS)),
        "",
        "A *group* row is a heading in the template with no cells of its own; its key is the sum of",
        "its sub-rows (`derived`). Where a report does write a figure on the group row, that figure",
        "is read (`table`) and checked against the sum.",
        "",
        f"## Table 四: review and litigation (`review.*`, `litigation.*`, "
        f"{sum(1 for k in KEYS.values() if k.table == 'review_litigation')} keys)",
        "",
        "The same in both formats: 15 cells in a fixed order, then the litigation sums.",
        "",
        *_table(["key", "label", "source", "sum of", "definition"], (
            [f"`{k.key}`", k.label, _cell(k.source_2021), _sum_cell(k), _cell(k.definition)]
            for k in KEYS.values() if k.table == "review_litigation")),
        "",
        "## Narrative figures",
        "",
        "Figures the prose states as a sum of table keys, checked by `documents/ingest/checks.py`:",
        "",
        *_table(["key", "prose", "must equal"], (
            [f"`{key}`", label, " + ".join(f"`{p}`" for p in parts)] for key, (label, parts) in NARRATIVE_SUMS.items())),
        "",
        "Prose labels understood when a narrative figure comes without a key:",
        "",
        *_table(["prose label", "key"], ([label, f"`{key}`"] for label, key in NARRATIVE_LABELS.items())),
        "",
        f"## All keys ({len(KEYS)})",
        "",
        *_table(["key", "label", "unit", "same", "sum of"], (
            [f"`{k.key}`", _cell(k.label), k.unit, _yes(k.same_across_formats), _sum_cell(k)] for k in KEYS.values())),
    ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(render_markdown())
