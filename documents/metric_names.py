"""The metrics as a reader names them: the template's row × column labels, and a search over them.

A researcher picks a metric by the words of the statistics tables (本年新收政府信息公开申请数量 ·
自然人, 行政复议 · 结果纠正), never by its key; the key stays in URLs and data. `find()` takes
whatever was typed in the explorer's box: a name from the list, a few words of one in any order
(新收 自然人), 繁體 as well as 简体, or a key itself.
"""
import re
from functools import lru_cache

from .ingest import metric_keys as mk
from .ingest.script import to_simplified

# Between a row and its column, and between a group row and its sub-row.
COLUMN_SEP = " · "
PARENT_SEP = " › "

# 其他 is both a column (法人或其他组织 › 其他) and a row (其他处理 › 其他): the column says whose.
_COLUMN_NAMES = {suffix: (f"{group}{PARENT_SEP}{label}" if suffix == "other_org" else label)
                 for suffix, label, group in mk.APPLICANT_COLUMNS}


def _request_row_name(row_id: str) -> str:
    row = mk.REQUEST_ROW[row_id]
    name = "办理结果总计" if row_id == "outcome.total" else mk._bare(row.label_2021 or row.label_2019)
    if row.parent:
        name = f"{_request_row_name(row.parent)}{PARENT_SEP}{name}"
    return name


def _name(key: mk.MetricKey) -> str:
    if key.table == "requests":
        row_id, suffix = key.key.rsplit(".", 1)
        return f"{_request_row_name(row_id)}{COLUMN_SEP}{_COLUMN_NAMES[suffix]}"
    if key.table == "review_litigation":
        row = key.row if not key.sum_of else f"{key.row}（两类合计）"
        return f"{row}{COLUMN_SEP}{key.column}"
    return f"{key.row}{COLUMN_SEP}{key.column}"


@lru_cache(maxsize=None)
def names() -> dict[str, str]:
    """key -> name, in the order of the keys (table 二, 三, 四)."""
    return {key: _name(k) for key, k in mk.KEYS.items()}


def name(key: str) -> str:
    return names().get(key, key)


def _squash(text: str) -> str:
    """Only the characters that carry meaning: no spaces, separators or brackets."""
    return re.sub(r"[\s·›>()（）、，,.:：;；/|“”\"']+", "", text)


def find(text: str) -> list[str]:
    """The keys whose name holds every word typed (words split at spaces and separators), in
    list order; an exact name or a key alone gives just that key."""
    text = (text or "").strip()
    if not text:
        return []
    if text in mk.KEYS:
        return [text]
    text = to_simplified(text).text
    exact = [key for key, n in names().items() if _squash(n) == _squash(text)]
    if exact:
        return exact
    words = [w for w in (_squash(part) for part in re.split(r"[\s·›>/|,，、;；]+", text)) if w]
    return [key for key, n in names().items() if all(w in _squash(n) for w in words)] if words else []
