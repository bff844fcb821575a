"""The whole dataset as files: every current metric with its publisher and year, the sections'
metadata, and a data dictionary of the keys, written by `manage.py export_dataset DIR` and linked
from /data/.

Rows are read with a server-side cursor (`iterator()`) and written as they come, so memory
stays flat however large the corpus. Column names are stable: a column is added at the end,
never renamed. CSV is plain UTF-8 without a byte order mark, so that `pandas.read_csv(url)` and
R's `read.csv(url)` read it in one line; manifest.json tells when and by which parser version
the files were made. The files are written under temporary names and renamed when complete,
so a download never gets a half-written file.
"""
import csv
import datetime
import hashlib
import json
import os
from pathlib import Path

from .ingest.metric_keys import KEYS
from .ingest.pipeline import PARSER_VERSION
from .models import Metric, Section
from .page_data import DataEncoder, number

METRIC_COLUMNS = [
    "key", "value", "unit", "publisher", "publisher_slug", "region", "level", "year", "kind",
    "document", "version", "source", "label", "table", "row", "column", "raw", "qualifier",
    "section", "parser_version",
]
SECTION_COLUMNS = [
    "document", "publisher", "publisher_slug", "region", "year", "kind", "order", "level", "number",
    "heading", "section_kind", "topics", "characters",
]
DICTIONARY_COLUMNS = [
    "key", "label", "unit", "table", "row", "column", "same_across_formats", "source_2021", "source_2019",
    "sum_of", "definition",
]
FILES = {
    "metrics.csv": "每个指标一行：当前版本年度报告中读出的全部带代码的数字",
    "metrics.jsonl": "同上，JSON Lines 格式（每行一个 JSON 对象）",
    "sections.csv": "每个章节一行：章节的编号、标题、层级和主题（不含正文）",
    "dictionary.csv": "数据字典：每个指标代码的名称、单位和在两版模板中的位置",
    "manifest.json": "生成时间、解析器版本、各文件的行数和校验值",
}
BATCH = 2000


def metric_rows():
    """Every keyed number of every current document, in a stable order, as dicts of METRIC_COLUMNS."""
    rows = (
        Metric.objects.current().exclude(key="")
        .order_by("document__publisher__region", "document__publisher__name", "document__year", "document_id", "id")
        .values_list(
            "key", "value", "unit", "document__publisher__name", "document__publisher__slug",
            "document__publisher__region", "document__publisher__level", "document__year", "document__kind",
            "document__slug", "document__version", "source", "label", "table", "row", "column", "raw",
            "qualifier", "section__order", "document__parser_version",
        )
    )
    for values in rows.iterator(chunk_size=BATCH):
        row = dict(zip(METRIC_COLUMNS, values))
        row["value"] = number(row["value"])
        yield row


def section_rows():
    rows = (
        Section.objects.current()
        .order_by("document__publisher__region", "document__publisher__name", "document__year", "document_id", "order")
        .values_list(
            "document__slug", "document__publisher__name", "document__publisher__slug", "document__publisher__region",
            "document__year", "document__kind", "order", "level", "number", "heading", "kind", "topics",
            "start", "end",
        )
    )
    for *values, start, end in rows.iterator(chunk_size=BATCH):
        row = dict(zip(SECTION_COLUMNS, values))
        row["topics"] = ";".join(row["topics"] or [])
        row["characters"] = end - start
        yield row


def dictionary_rows():
    for k in KEYS.values():
        yield {
            "key": k.key, "label": k.label, "unit": k.unit, "table": k.table, "row": k.row, "column": k.column,
            "same_across_formats": k.same_across_formats, "source_2021": k.source_2021,
            "source_2019": k.source_2019, "sum_of": ";".join(k.sum_of), "definition": k.definition,
        }


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write_csv(path, columns, rows):
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
            count += 1
    return count


def _write_jsonl(path, rows):
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, cls=DataEncoder, ensure_ascii=False) + "\n")
            count += 1
    return count


def _digest(path):
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def export(directory, now=None):
    """Write the dataset's files into `directory` (created if needed); return the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    built = (now or datetime.datetime.now(datetime.timezone.utc)).replace(microsecond=0)
    parts = {}
    writers = {
        "metrics.csv": lambda p: _write_csv(p, METRIC_COLUMNS, metric_rows()),
        "metrics.jsonl": lambda p: _write_jsonl(p, metric_rows()),
        "sections.csv": lambda p: _write_csv(p, SECTION_COLUMNS, section_rows()),
        "dictionary.csv": lambda p: _write_csv(p, DICTIONARY_COLUMNS, dictionary_rows()),
    }
    columns = {"metrics.csv": METRIC_COLUMNS, "metrics.jsonl": METRIC_COLUMNS,
               "sections.csv": SECTION_COLUMNS, "dictionary.csv": DICTIONARY_COLUMNS}
    temporary = []
    for name, write in writers.items():
        path = directory / f".{name}.tmp"
        temporary.append((path, directory / name))
        rows = write(path)
        parts[name] = {"rows": rows, "bytes": path.stat().st_size, "sha256": _digest(path),
                       "columns": columns[name], "description": FILES[name]}
    manifest = {
        "built_at": built.isoformat(),
        "parser_version": PARSER_VERSION,
        "keys": len(KEYS),
        "files": parts,
        "notes": "metrics: numbers with a canonical key from current versions of published documents; "
                 "value is a number, unit as in dictionary.csv; section is the section's order in its document.",
    }
    for path, final in temporary:
        os.replace(path, final)
    manifest_tmp = directory / ".manifest.json.tmp"
    manifest_tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(manifest_tmp, directory / "manifest.json")
    return manifest


def read_manifest(directory):
    """The manifest of the last export in `directory`, or None when there is none."""
    try:
        return json.loads((Path(directory) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
