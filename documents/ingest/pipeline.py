"""Run the stages in order on one file's bytes. Pure: no database, no Django."""
import hashlib
from dataclasses import dataclass, field

from . import clean, decode, metadata, script, sections

# Bump when a change to any stage would change what is stored for a document, so that
# `reparse --outdated` knows which documents to redo.
PARSER_VERSION = "1"


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
    parser_version: str = PARSER_VERSION
    warnings: list = field(default_factory=list)

    def as_json(self):
        """The shape `manage.py parse --json` prints (BRIEF.md)."""
        meta = self.metadata
        return {
            "title": meta.title,
            "publisher": meta.publisher,
            "region": meta.region,
            "level": meta.level,
            "year": meta.year,
            "kind": meta.kind,
            "script": self.script,
            "encoding": self.decoded.encoding,
            "bom": self.decoded.bom,
            "doc_number": meta.doc_number,
            "published_on": meta.published_on.isoformat() if meta.published_on else None,
            "issuer": meta.issuer,
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
                }
                for s in self.structure.sections
            ],
            "cleanup": self.report,
            "warnings": self.warnings,
            "clean_text": self.clean_text,
        }


def parse_bytes(
    data: bytes, overrides: dict | None = None, max_bytes: int = decode.DEFAULT_MAX_BYTES
) -> ParsedDocument:
    decoded = decode.decode(data, max_bytes=max_bytes)
    cleaned = clean.clean(decoded.text)
    conversion = script.to_simplified(cleaned.text)
    report = list(cleaned.report)
    if conversion.changed_chars:
        report.append(
            {
                "action": "convert_script",
                "count": conversion.changed_chars,
                "examples": [
                    f"{change} ×{n}"
                    for change, n in sorted(conversion.phrases.items(), key=lambda kv: -kv[1])
                ][: clean.EXAMPLES]
                or ["traditional → simplified, character by character"],
            }
        )
    text = conversion.text
    structure = sections.parse_sections(text)
    meta = metadata.extract_metadata(
        text, front=structure.front, hints=cleaned.hints, overrides=overrides or {}
    )
    warnings = [flag.detail and f"{flag.text}: not a government domain" for flag in cleaned.flags]
    if not structure.sections:
        warnings.append("No numbered sections were found.")
    for field_name in ("publisher", "year"):
        if not getattr(meta, field_name):
            warnings.append(f"The {field_name} could not be inferred; set it by hand.")
    return ParsedDocument(
        sha256=hashlib.sha256(data).hexdigest(),
        raw=data,
        decoded=decoded,
        cleaned=cleaned,
        script=conversion.script,
        clean_text=text,
        report=report,
        metadata=meta,
        structure=structure,
        warnings=warnings,
    )
