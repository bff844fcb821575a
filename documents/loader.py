"""The one place the ingest pipeline's results are written to the database."""
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from .ingest.errors import IngestError
from .ingest.pipeline import ParsedDocument, parse_bytes
from .models import Check, Commitment, Document, Metric, Publisher, Section


@dataclass
class Outcome:
    status: str  # "created" | "duplicate" | "error"
    document: Document | None = None
    message: str = ""
    code: str = ""

    def as_json(self, name=None):
        doc = self.document
        data = {"file": name, "status": self.status}
        if doc is not None:
            data.update(slug=doc.slug, title=doc.title, sha256=doc.sha256, id=doc.pk)
        if self.status == "error":
            data.update(error=self.code, message=self.message)
        return data


def ingest_bytes(data: bytes, filename: str = "", overrides: dict | None = None) -> Outcome:
    """Parse and store one file. Nothing is stored unless everything is."""
    existing = Document.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    if existing:
        return Outcome("duplicate", existing, "The same file is already stored.")
    try:
        parsed = parse_bytes(data, overrides=overrides, max_bytes=settings.GONGKAI_MAX_UPLOAD_BYTES)
    except IngestError as exc:
        return Outcome("error", message=exc.message, code=exc.code)
    if not parsed.metadata.publisher:
        return Outcome(
            "error",
            message="The publisher could not be inferred from the text; give it explicitly.",
            code="no_publisher",
        )
    try:
        with transaction.atomic():
            document = store(parsed, filename=filename, overrides=overrides or {})
    except IntegrityError:
        # Another process stored the same bytes between our check and our insert.
        existing = Document.objects.filter(sha256=parsed.sha256).first()
        if existing:
            return Outcome("duplicate", existing, "The same file is already stored.")
        raise
    return Outcome("created", document)


def store(parsed: ParsedDocument, filename="", overrides=None) -> Document:
    meta = parsed.metadata
    publisher, _ = Publisher.objects.get_or_create(
        name=meta.publisher,
        defaults={
            "region": meta.region,
            "level": meta.level,
            "slug": _unique_slug(Publisher, _publisher_slug(meta)),
        },
    )
    document = Document.objects.create(
        publisher=publisher,
        year=meta.year,
        kind=meta.kind,
        title=meta.title,
        doc_number=meta.doc_number or "",
        published_on=meta.published_on,
        issuer=meta.issuer or "",
        slug=_unique_slug(Document, meta.slug),
        raw=parsed.raw,
        sha256=parsed.sha256,
        filename=filename[:255],
        encoding=parsed.decoded.encoding,
        had_bom=parsed.decoded.bom,
        script=parsed.script,
        original_text=parsed.decoded.text,
        clean_text=parsed.clean_text,
        cleanup=parsed.report,
        edits=[
            {"action": e.action, "start": e.start, "end": e.end, "removed": e.removed, "inserted": e.inserted}
            for e in parsed.cleaned.edited.edits
        ],
        warnings=parsed.warnings,
        tables=parsed.tables_json(),
        overrides=overrides or {},
        parser_version=parsed.parser_version,
    )
    rows = store_sections(document, parsed)
    store_numbers(document, parsed, rows)
    return document


def store_sections(document, parsed):
    rows = []
    for order, s in enumerate(parsed.structure.sections):
        rows.append(
            Section(
                document=document, order=order, level=s.level, number=s.number,
                heading=s.heading[:500], text=s.text, kind=s.kind, start=s.start, end=s.end,
            )
        )
    Section.objects.bulk_create(rows)
    # Parents point at rows that now have ids.
    changed = []
    for row, s in zip(rows, parsed.structure.sections):
        if s.parent is not None:
            row.parent = rows[s.parent]
            changed.append(row)
    Section.objects.bulk_update(changed, ["parent"])
    return rows


def store_numbers(document, parsed, sections):
    def section(index):
        return sections[index] if index is not None and index < len(sections) else None

    metrics = [
        Metric(
            document=document, section=section(m.section), key=m.key or "", label=m.label[:300],
            value=m.value, unit=m.unit or "", source=m.source,
            table=getattr(m, "table", None) or "", row=getattr(m, "row", None) or "",
            column=getattr(m, "column", None) or "", raw=(getattr(m, "raw", "") or "")[:300],
            qualifier=getattr(m, "qualifier", None) or "", sentence=getattr(m, "sentence", ""),
            start=getattr(m, "start", None), end=getattr(m, "end", None),
        )
        for m in parsed.metrics
    ]
    Metric.objects.bulk_create(metrics)
    commitments = [
        Commitment(
            document=document, section=section(t.section), kind=Commitment.Kind.TASK,
            number=t.number, text=t.text, lead_units=t.lead_units, deadline=t.deadline or "",
            due=t.due, period=t.period or "",
        )
        for t in parsed.tasks
    ] + [
        Commitment(
            document=document, section=section(t.section), kind=Commitment.Kind.TARGET,
            text=t.text, subject=t.subject[:300], comparator=t.comparator, value=t.value,
            unit=t.unit or "", due=t.due, sentence=t.sentence,
        )
        for t in parsed.targets
    ]
    Commitment.objects.bulk_create(commitments)
    Check.objects.bulk_create(
        Check(document=document, name=c.name, passed=c.passed, detail=c.detail, left=c.left, right=c.right, keys=c.keys)
        for c in parsed.checks
    )


def _publisher_slug(meta):
    """The document slug without its year and kind: shanghai-yangpu-2021-work-plan -> shanghai-yangpu."""
    suffix = "-".join(str(p) for p in (meta.year, meta.kind.replace("_", "-")) if p)
    return meta.slug.removesuffix("-" + suffix) if suffix else meta.slug


def _unique_slug(model, base):
    base = base or "document"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
