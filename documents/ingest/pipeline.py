"""Run the stages in order on one file's bytes. Pure: no database, no Django."""
import dataclasses
import hashlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from . import (
    checks, clean, commitments, decode, figures, formats, metadata, ocr_fixes, script, searchindex, sections, statutory,
    tables, topics, words,
)
from .errors import IngestError
from .report import EXAMPLES

logger = logging.getLogger(__name__)

# Bump when a change to any stage would change what is stored for a document, so that
# `reparse --outdated` knows which documents to redo.
PARSER_VERSION = "12"


@dataclass
class ParsedDocument:
    sha256: str
    raw: bytes
    decoded: decode.Decoded
    cleaned: clean.Cleaned
    script: str
    clean_text: str
    report: list
    metadata: metadata.Metadata
    structure: sections.Structure
    tables: list = field(default_factory=list)  # tables.ParsedTable
    figures: list = field(default_factory=list)  # figures.Figure, the numbers in the prose
    checks: list = field(default_factory=list)  # checks.Check
    tasks: list = field(default_factory=list)  # commitments.Task
    targets: list = field(default_factory=list)  # commitments.Target
    parser_version: str = PARSER_VERSION
    warnings: list = field(default_factory=list)
    source_format: str = "text"  # formats.FORMATS: what the file was
    topics: list = field(default_factory=list)  # topic names per section, aligned with structure.sections
    # Per section, what the search index stores: searchindex.index_row's (search_text, ranking
    # vector, grams). Built here, in the worker, so that storing a document includes its index.
    index: list = field(default_factory=list)
    # Pages read by OCR (a scan, an image): the engine, each page's status and the
    # recognizer's mean confidence; None when the file had text of its own.
    ocr: dict | None = None

    def tables_json(self):
        return [_plain(t, skip={"metrics"}) for t in self.tables]

    @property
    def metrics(self):
        """Table metrics, then narrative figures, in one list as BRIEF.md's `metrics`."""
        return [m for t in self.tables for m in t.metrics] + list(self.figures)

    def as_json(self):
        """The shape `manage.py parse --json` prints (BRIEF.md)."""
        meta = self.metadata
        return {
            **{name: getattr(meta, name) for name in ("title", "publisher", "region", "level", "year", "kind")},
            "script": self.script,
            "source_format": self.source_format,
            "encoding": self.decoded.encoding,
            "bom": self.decoded.bom,
            "doc_number": meta.doc_number,
            "published_on": meta.published_on.isoformat() if meta.published_on else None,
            "issuer": meta.issuer,
            "source_url": meta.source_url,
            "retrieved_on": meta.retrieved_on.isoformat() if meta.retrieved_on else None,
            # Where source_url, published_on and retrieved_on were read: {field: {from, key}}.
            "provenance": meta.provenance,
            "slug": meta.slug,
            "sha256": self.sha256,
            "parser_version": self.parser_version,
            "sections": [
                {
                    "number": s.number,
                    "heading": s.heading,
                    "level": s.level,
                    "text": s.text,
                    "kind": s.kind,
                    "parent": s.parent,
                    "start": s.start,
                    "end": s.end,
                    "topics": self.topics[i] if i < len(self.topics) else [],
                }
                for i, s in enumerate(self.structure.sections)
            ],
            "cleanup": self.report,
            "metrics": [_plain(m) for m in self.metrics],
            "tables": self.tables_json(),
            "checks": [_plain(c) for c in self.checks],
            "tasks": [_plain(t) for t in self.tasks],
            "targets": [_plain(t) for t in self.targets],
            "warnings": self.warnings,
            "ocr": self.ocr,
            "clean_text": self.clean_text,
        }


def _plain(obj, skip=()):
    """A stage's dataclass as JSON-ready values: numbers stay numbers, dates become ISO."""
    out = {}
    for f in dataclasses.fields(obj):
        if f.name in skip:
            continue
        out[f.name] = _value(getattr(obj, f.name))
    return out


def _value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    return value


def parse_bytes(
    data: bytes, overrides: dict | None = None, max_bytes: int = decode.DEFAULT_MAX_BYTES, on_metadata=None
) -> ParsedDocument:
    """The stages over one file's bytes. A refusal is an IngestError; so is a stage's own
    failure on this file (code parse_failed, its traceback logged), so that whoever parses
    many files (a bulk run, an upload of several, a reparse) reports it for this file and goes
    on, and a clerk reads words rather than a server error. `on_metadata`, when given, is
    called with the document's Metadata as soon as it is final, before the later stages (a
    bulk run's worker tells the others which report the file is a version of)."""
    try:
        return _parse(data, overrides, max_bytes, on_metadata)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001
        logger.exception("The parser failed on a file of %s bytes (sha256 %s)", len(data), hashlib.sha256(data).hexdigest())
        detail = " ".join(str(exc).split())
        raise IngestError(
            "parse_failed", f"The parser failed on this file: {type(exc).__name__}" + (f": {detail}" if detail else "")
        ) from exc


def _cleanup_report(source, cleaned, conversion) -> list[dict]:
    """What reading the file, cleaning and converting the script did (BRIEF.md's `cleanup`),
    in that order."""
    report = list(source.report) + list(cleaned.report)
    if conversion.changed_chars:
        report.append(
            {
                "action": "convert_script",
                "count": conversion.changed_chars,
                "examples": [
                    f"{change} ×{n}"
                    for change, n in sorted(conversion.phrases.items(), key=lambda kv: -kv[1])
                ][:EXAMPLES]
                or ["traditional → simplified, character by character"],
            }
        )
    return report


def _parse(data: bytes, overrides: dict | None, max_bytes: int, on_metadata=None) -> ParsedDocument:
    words.load_dictionary()  # before jieba's first use would load it, more slowly
    # What the file is decides how its text is read (text is decoded; HTML, PDF, DOCX extracted).
    source = formats.extract(data, max_bytes=max_bytes)
    decoded = source.decoded
    # a text read by OCR first has the recognizer's common slips corrected, as edits like any other
    # the table rows of an HTML page, a Word file or a PDF keep every cell the file has, empty
    # ones too (a PDF's rows are its grid's cells or words on one baseline, never padding)
    exact = {"exact_rows": True} if source.exact_rows or source.format == "pdf" else {}
    cleaned = (clean.clean(decoded.text, first=ocr_fixes.STEPS, **exact) if source.ocr
               else clean.clean(decoded.text, **exact))
    conversion = script.to_simplified(cleaned.text)
    text = conversion.text
    structure = sections.parse_sections(text)
    meta = metadata.extract_metadata(
        # What the text says (a crawler's header, page chrome) before the file's own tags.
        text, front=structure.front, hints={**source.hints, **cleaned.hints}, overrides=overrides or {}
    )
    if on_metadata is not None:
        on_metadata(meta)
    parsed_tables = tables.parse_tables(text, structure, exact_rows=source.exact_rows)
    found = figures.find_figures(text, structure)
    # Only exact figures linked to a key take part in checks: 近1900, 增加15件 and shares do not.
    linked = [f for f in found if f.key and not f.qualifier and not f.key.endswith(".share")]
    table_metrics = [m for t in parsed_tables for m in t.metrics]
    warnings = list(source.warnings)
    warnings += [f"{flag.text}: not a government domain" for flag in cleaned.flags]
    warnings += [problem for t in parsed_tables for problem in t.problems]
    if not structure.sections:
        warnings.append("No numbered sections were found.")
    if overrides and any(overrides.get(key) not in (None, "") for key in ("year", "kind", "publisher")):
        # Metadata given by hand is kept, but where the document says otherwise it is a warning.
        own = metadata.extract_metadata(text, front=structure.front, hints={**source.hints, **cleaned.hints})
        warnings += metadata.override_conflicts(own, overrides, text)
    warnings += statutory.warnings_for(meta.kind, meta.year, structure.sections)
    for field_name in ("publisher", "year"):
        if not getattr(meta, field_name):
            warnings.append(f"The {field_name} could not be inferred; set it by hand.")
    run_checks = checks.run_checks(table_metrics, linked)
    if source.ocr:
        # a figure misread by OCR breaks a sum as surely as a wrong report does
        warnings += [
            f"The check {c.name} failed on text read by OCR: a misread figure may be the cause; "
            "compare the table with the page image." for c in run_checks if not c.passed
        ]
    return ParsedDocument(
        sha256=hashlib.sha256(data).hexdigest(),
        raw=data,
        decoded=decoded,
        cleaned=cleaned,
        script=conversion.script,
        clean_text=text,
        report=_cleanup_report(source, cleaned, conversion),
        metadata=meta,
        structure=structure,
        tables=parsed_tables,
        figures=found,
        checks=run_checks,
        tasks=commitments.find_tasks(text, structure, meta.year),
        targets=commitments.find_targets(text, structure, meta.year),
        warnings=warnings,
        source_format=source.format,
        ocr=source.ocr,
        topics=[topics.assign(s.heading, s.text) for s in structure.sections],
        index=[searchindex.index_row(s.heading[: searchindex.HEADING_CHARS], s.text) for s in structure.sections],
    )
