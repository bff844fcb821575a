"""The one place the ingest pipeline's results are written to the database."""
import hashlib
import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.db.models import JSONField
from django.utils import timezone

from . import rebuild
from .ingest import searchindex
from .ingest.errors import IngestError
from .ingest.pipeline import ParsedDocument, parse_bytes
from .models import Check, Commitment, Document, Metric, Publisher, Section
from .outcome import Outcome


# A corrected re-upload of one of these (same publisher, year and kind, other bytes) is a new
# version of it; other documents of a publisher and year are distinct documents.
VERSIONED_KINDS = {Document.Kind.ANNUAL_REPORT, Document.Kind.WORK_PLAN}
DUPLICATE = "The same file is already stored."
NO_PUBLISHER = "The publisher could not be inferred from the text; give it explicitly."
STORE_FAILED = "The file parsed but could not be stored: {error}."

logger = logging.getLogger(__name__)


# The transaction that stores a document plans no sequential scans and gives GIN more memory:
# * PostgreSQL plans a session's foreign-key checks once, with the table sizes of that moment:
#   planned while the portal was empty, each check would read the whole sections table, so
#   every document of a bulk run into a new portal cost more than the one before.
# * GIN takes the sections' grams into its pending list and merges the list into the index
#   when it is full; work_mem is what the merge sorts in. (A larger pending list made a run of
#   a thousand documents no faster, and every search during it slower.)
# SET LOCAL: the settings end with the transaction. Inside a transaction of the caller's (a
# test, a script) they would last until the caller's ends, so they are left out there.
#   The pending list is PostgreSQL's default, 4 MB: storing the same 100 documents one after
#   the other cost the database 14 ms a document with it, 18 with 1 MB (the fewer entries a
#   merge takes in, the more often it walks the index for the same keys). What a bulk run
#   leaves in it is merged after the run (merge_pending), and where workers store, already as
#   their last files are stored (bulk/run.py).
STORE_SETTINGS = "SET LOCAL enable_seqscan = off; SET LOCAL work_mem = '64MB'; SET LOCAL gin_pending_list_limit = '4MB'"
# A bulk run's documents commit without waiting for the disk to confirm (a few milliseconds
# each, a core idle meanwhile). The database stays consistent; a crash of the database server
# may lose what was committed in its last second, which running the same command again stores
# (the files stored before are recognized by their bytes). Uploads and single files wait.
BULK_SETTINGS = "SET LOCAL synchronous_commit = off"
_bulk = False
SECTION_GIN_INDEXES = (
    "section_grams_gin", "section_grams_sample_gin", "section_grams_sample64_gin", "section_grams_sample512_gin",
    "section_grams_sample4096_gin", "section_topics_gin",
)


def in_callers_transaction() -> bool:
    """Is this connection in a transaction of the caller's (inside atomic(), or autocommit
    turned off)? Storing then joins it: no setting of ours outlasts a document, and no other
    connection stores beside it."""
    return not connection.get_autocommit()


@contextmanager
def bulk_commits():
    """Storing inside this (in this process, and in worker processes forked from it) commits as
    a bulk run does: BULK_SETTINGS."""
    global _bulk
    before, _bulk = _bulk, True
    try:
        yield
    finally:
        _bulk = before


def set_bulk_commits() -> None:
    """bulk_commits() for the rest of this process's life: a bulk run's worker process."""
    global _bulk
    _bulk = True


@contextmanager
def storing_transaction():
    """One transaction for storing a document, with STORE_SETTINGS (and BULK_SETTINGS in a bulk
    run) when it is a transaction of its own."""
    own = not in_callers_transaction()
    with transaction.atomic():
        if own:
            with connection.cursor() as cursor:
                cursor.execute(f"{STORE_SETTINGS}; {BULK_SETTINGS}" if _bulk else STORE_SETTINGS)
        yield


def merge_pending():
    """Merge what is left in the sections' GIN pending lists into their indexes, at the end of
    a bulk run, so that searches after it read the indexes alone. Only an index's owner may:
    a session under another role leaves the merging to autovacuum, as any other writer does."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT gin_clean_pending_list(c.oid) FROM pg_class c
             WHERE c.oid IN (SELECT to_regclass(name) FROM unnest(%s::text[]) AS name)
               AND pg_has_role(c.relowner, 'USAGE')
            """,
            [list(SECTION_GIN_INDEXES)],
        )


def ingest_bytes(data: bytes, filename: str = "", overrides: dict | None = None) -> Outcome:
    """Parse and store one file. Nothing is stored unless everything is."""
    existing = Document.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    if existing:
        return Outcome("duplicate", existing, DUPLICATE)
    try:
        parsed = parse_bytes(data, overrides=overrides, max_bytes=settings.GONGKAI_MAX_UPLOAD_BYTES)
    except IngestError as exc:
        return Outcome("error", message=exc.message, code=exc.code)
    return store_parsed(parsed, filename=filename, overrides=overrides)


def current_version_of(meta) -> Document | None:
    """The stored current version of the report `meta` is a version of (same publisher, year
    and kind), which storing it would replace; None when it would be the first."""
    if report_identity(meta) is None:
        return None
    return (
        Document.objects.filter(publisher__name=meta.publisher, year=meta.year, kind=meta.kind, superseded_by__isnull=True)
        .order_by("-version", "-id")
        .first()
    )


def report_identity(meta) -> str | None:
    """What makes documents versions of one report (publisher, year and kind), as one
    string; None for a document that is no version of anything."""
    if not (meta.publisher and meta.year and meta.kind in VERSIONED_KINDS):
        return None
    return f"{meta.publisher}|{meta.year}|{meta.kind}"


def lock_report(identity: str | None) -> None:
    """Hold the report's lock until the transaction ends: versions of one report are then
    placed one at a time, whichever process or thread stores them (two clerks uploading
    corrections at once, the workers of a bulk run), each seeing the one before committed."""
    if identity is None:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [identity])


def store_parsed(
    parsed: ParsedDocument, filename: str = "", overrides: dict | None = None, separate: bool = False, before_commit=None
) -> Outcome:
    """Store a file parsed elsewhere (a worker process) in one transaction of its own. A
    database error ends this file only: it is reported as an error and nothing of it stays.
    `separate`: a document of its own, even where it would be a new version of a stored report
    (the clerk said so: two documents of one publisher, year and kind that are not versions).
    `before_commit()` is called with everything written, before the commit: what it raises
    rolls the transaction back and is raised again (a bulk run's turns, bulk/turns.py)."""
    if not parsed.metadata.publisher:
        return Outcome("error", message=NO_PUBLISHER, code="no_publisher")
    attempts = 3
    for attempt in range(1, attempts + 1):
        try:
            with storing_transaction():
                lock_report(report_identity(parsed.metadata))
                document = store(parsed, filename=filename, overrides=overrides or {}, separate=separate)
                if before_commit is not None:
                    before_commit()
            return Outcome("created", document, version_message(document))
        except IntegrityError as exc:
            # Another process stored the same bytes between our check and our insert...
            existing = Document.objects.filter(sha256=parsed.sha256).first()
            if existing:
                return Outcome("duplicate", existing, DUPLICATE)
            # ...or a document of another report with the same slug: the next attempt sees
            # it and takes another.
            if attempt == attempts:
                return _store_failed(parsed, exc)
        except DatabaseError as exc:
            return _store_failed(parsed, exc)


def _store_failed(parsed, exc) -> Outcome:
    logger.exception("Storing a parsed file failed (sha256 %s)", parsed.sha256)
    error = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return Outcome("error", message=STORE_FAILED.format(error=error), code="store_failed")


def store_file(result: Outcome, overrides: dict | None = None, before_commit=None) -> Outcome:
    """The outcome of one file read by bulk.files.parse_file: stored when it parsed."""
    if result.parsed is None:
        return result
    return store_parsed(
        result.parsed, filename=os.path.basename(result.path), overrides=overrides, before_commit=before_commit
    )


def version_message(document) -> str:
    """What storing a new version did, in the words of the ingest line and the upload result."""
    if not document.supersedes_id:
        return ""
    # The version it replaced, as stored (not inferred from its own number).
    replaced = Document.objects.filter(pk=document.supersedes_id).values_list("version", "slug").first()
    old, slug = replaced or (document.version - 1, "")
    return (
        f"replaces v{old}: stored as version {document.version};"
        f" version {old}{f' ({slug})' if slug else ''} stays available at its address"
    )


def order_versions(documents) -> list[Document]:
    """Documents one run stored, in the order of their files: where several are versions of
    one report, number them in that order, as storing them one by one would have (workers
    storing in parallel store them in the order they finish). Versions stored by others in
    between are left as they are. Returns the documents whose version changed."""
    groups = {}
    for document in documents:
        if document.year and document.kind in VERSIONED_KINDS:
            groups.setdefault((document.publisher_id, document.year, document.kind), []).append(document)
    changed = []
    for group in groups.values():
        by_version = sorted(group, key=lambda d: d.version)
        versions = [d.version for d in by_version]
        if by_version == group or versions != list(range(versions[0], versions[0] + len(group))):
            continue
        ids = [d.pk for d in group]
        slots = [(d.version, d.slug) for d in by_version]
        previous = by_version[0].supersedes_id
        with transaction.atomic():
            later = Document.objects.filter(supersedes_id=by_version[-1].pk).exclude(pk__in=ids).first()
            # Free the unique slugs and one-to-one links before they are handed out again.
            if later:
                Document.objects.filter(pk=later.pk).update(supersedes=None)
            for document in group:
                Document.objects.filter(pk=document.pk).update(
                    supersedes=None, slug=f"{document.slug[:100]}-renumbering-{document.pk}"
                )
            for document, (version, slug) in zip(group, slots):
                if document.version != version:
                    changed.append(document)
                Document.objects.filter(pk=document.pk).update(version=version, slug=slug, supersedes_id=previous)
                document.version, document.slug, document.supersedes_id = version, slug, previous
                previous = document.pk
            if later:
                Document.objects.filter(pk=later.pk).update(supersedes_id=previous)
    return changed


def store(parsed: ParsedDocument, filename="", overrides=None, separate=False) -> Document:
    meta = parsed.metadata
    place = _placement(meta, len(parsed.structure.sections))
    if separate:
        place.previous_id = place.previous_version = None
    publisher_id = place.publisher_id or _publisher(meta).pk
    version = place.previous_version + 1 if place.previous_id else 1
    root = meta.slug or "document"
    base_slug = root if version == 1 else f"{root}-v{version}"
    now = timezone.now()
    values = _parsed_fields(parsed)
    if values["retrieved_on"] is None:
        # Nothing says when the file was taken from the site: the day it was stored.
        values["retrieved_on"] = timezone.localdate(now)
        values["provenance"] = {**values["provenance"], "retrieved_on": {"from": "stored"}}
    document = Document(
        id=place.document_id,
        publisher_id=publisher_id,
        slug=_first_free(base_slug, place.slugs),
        raw=parsed.raw,
        sha256=parsed.sha256,
        filename=filename[:255],
        overrides=overrides or {},
        version=version,
        supersedes_id=place.previous_id,
        created_at=now,
        updated_at=now,
        **values,
    )
    # Written by COPY, as its sections are: an INSERT would carry the file and both its texts
    # as literals in the statement, for Python to quote and PostgreSQL to read through.
    fields = Document._meta.concrete_fields
    copy_values(Document, [{field.attname: getattr(document, field.attname) for field in fields}], with_id=True)
    document._state.adding, document._state.db = False, connection.alias
    store_numbers(document, parsed, store_sections(document, parsed, place.section_ids))
    # The dataset export follows in the background once this is committed (documents/rebuild.py).
    transaction.on_commit(rebuild.schedule)
    return document


def reparse(document: Document, then=None, export=True) -> Document:
    """Run the current parser over the stored bytes, keeping the metadata given by hand
    (`overrides`), the slug, the version chain and publication. One transaction: a failure
    leaves the document as it was. Raises IngestError when the bytes no longer parse.
    `then()` runs last in that transaction (a job's checkpoint commits with the document).
    `export=False`: the dataset export is left for the caller to schedule (a job re-parsing
    the whole collection schedules it once, at its end, not a rebuild after every document)."""
    parsed = parse_bytes(bytes(document.raw), overrides=document.overrides or None)
    if not parsed.metadata.publisher:
        raise IngestError("no_publisher", NO_PUBLISHER)
    with storing_transaction():
        remove_parsed(document)
        document.publisher = _publisher(parsed.metadata)
        retrieved = document.retrieved_on, (document.provenance or {}).get("retrieved_on")
        for name, value in _parsed_fields(parsed).items():
            setattr(document, name, value)
        if document.retrieved_on is None:
            # The file says nothing of it: the date it had stays (the day it was stored).
            document.retrieved_on = retrieved[0] or timezone.localdate(document.created_at)
            document.provenance = {**document.provenance, "retrieved_on": retrieved[1] or {"from": "stored"}}
        document.save()
        store_numbers(document, parsed, store_sections(document, parsed))
        if export:
            transaction.on_commit(rebuild.schedule)
        if then is not None:
            then()
    return document


def remove_parsed(document) -> None:
    """What parsing made of a document (its figures, commitments, checks and sections), by
    four statements. Nothing else refers to these rows, and the sections' links to their
    parents go with them all at once, so there is nothing for Django's collector to look up
    first (it read every section of the document, and every row pointing at one, to cascade)."""
    with connection.cursor() as cursor:
        for model in (Metric, Commitment, Check, Section):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} WHERE document_id = %s", [document.pk])


def reparse_each(documents):
    """Re-parse these documents one at a time, in the queryset's order, each read afresh and
    in its own transaction (reparse): a failure or an interruption leaves every document either
    as it was or fully re-parsed. Yields (document, its parser version before, the IngestError
    it failed with or None)."""
    for pk in documents.values_list("pk", flat=True):
        document = Document.objects.get(pk=pk)
        before = document.parser_version
        try:
            reparse(document)
        except IngestError as exc:
            yield document, before, exc
        else:
            yield document, before, None


def source_url(url: str | None) -> str:
    """An http(s) address that fits the field, else nothing (never a javascript: link)."""
    url = (url or "").strip()
    return url if re.match(r"https?://[^\s\"'<>]+$", url, re.I) and len(url) <= 500 else ""


def _parsed_fields(parsed: ParsedDocument) -> dict:
    """The document's fields that come from parsing (what a re-parse replaces)."""
    meta = parsed.metadata
    return dict(
        year=meta.year,
        kind=meta.kind,
        title=meta.title,
        doc_number=meta.doc_number or "",
        published_on=meta.published_on,
        issuer=meta.issuer or "",
        source_url=source_url(meta.source_url),
        retrieved_on=meta.retrieved_on,
        provenance={name: found for name, found in meta.provenance.items() if name != "source_url" or source_url(meta.source_url)},
        source_format=parsed.source_format,
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
        ocr=parsed.ocr,
        parser_version=parsed.parser_version,
    )


def _publisher(meta) -> Publisher:
    publisher = Publisher.objects.filter(name=meta.publisher).first()
    if publisher is None:
        base = _publisher_slug(meta) or "document"
        taken = set(Publisher.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        # get_or_create all the same: another process may have stored it since.
        publisher, _ = Publisher.objects.get_or_create(
            name=meta.publisher,
            defaults={"region": meta.region, "level": meta.level, "slug": _first_free(base, taken)},
        )
    # A publisher stored by an older parser that could not place it gets what this one found;
    # a region or level already stored is never overwritten (other documents share it).
    found = {name: getattr(meta, name) for name in ("region", "level") if getattr(meta, name) and not getattr(publisher, name)}
    if found:
        Publisher.objects.filter(pk=publisher.pk).update(**found)
        for name, value in found.items():
            setattr(publisher, name, value)
    return publisher


@dataclass
class _Placement:
    publisher_id: int | None
    previous_id: int | None  # the latest version of the same report, if one is stored
    previous_version: int | None
    slugs: set  # the stored slugs that start with the document's own
    document_id: int
    section_ids: list


def _placement(meta, sections: int) -> _Placement:
    """Where a new document goes, in one statement (each statement is a round trip, and a
    bulk ingest makes one document after another): its publisher if stored, the current
    version of the same report (publisher, year and kind) if stored, the taken slugs its
    own could clash with, and ids for it and its sections."""
    versioned = bool(meta.year) and meta.kind in VERSIONED_KINDS
    prefix = (meta.slug or "document").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT (SELECT id FROM documents_publisher WHERE name = %(name)s),
                   (SELECT ARRAY[d.id, d.version]
                      FROM documents_document d JOIN documents_publisher p ON p.id = d.publisher_id
                     WHERE %(versioned)s AND p.name = %(name)s AND d.year = %(year)s AND d.kind = %(kind)s
                       AND NOT EXISTS (SELECT FROM documents_document later WHERE later.supersedes_id = d.id)
                     ORDER BY d.version DESC, d.id DESC LIMIT 1),
                   ARRAY(SELECT slug FROM documents_document WHERE slug LIKE %(prefix)s),
                   nextval(pg_get_serial_sequence('documents_document', 'id')),
                   {NEXT_SECTION_IDS}
            """,
            {"name": meta.publisher, "versioned": versioned, "year": meta.year, "kind": meta.kind,
             "prefix": prefix, "sections": sections},
        )
        publisher_id, previous, slugs, document_id, section_ids = cursor.fetchone()
    previous_id, previous_version = previous or (None, None)
    return _Placement(publisher_id, previous_id, previous_version, set(slugs), document_id, section_ids)


# Written by COPY: no SQL statement holding every section's text and tokens for PostgreSQL to
# read through, and no model instances. The document's fields copied onto each section
# (published and the document_ ones) are filled in by the database's trigger.
SECTION_COLUMNS = (
    "id", "document_id", "order", "level", "number", "parent_id", "heading", "text", "kind", "start", "end",
    "topics", "topic_mask", "search_text", "search_vector", "search_grams",
)


def store_sections(document, parsed, ids=None) -> list[int]:
    """The document's sections with their search index (built by the parse, in the worker),
    in the caller's transaction: a stored document is always a searchable one. `ids`, taken
    from the sequence beforehand, let each row go in with its parent's id: one COPY, no
    UPDATE after. Returns the ids, in order."""
    parsed_sections = parsed.structure.sections
    if ids is None:
        ids = _section_ids(len(parsed_sections))
    rows = []
    for order, s in enumerate(parsed_sections):
        topics = parsed.topics[order]
        search_text, vector, grams = parsed.index[order]
        rows.append((
            ids[order], document.pk, order, s.level, s.number, ids[s.parent] if s.parent is not None else None,
            s.heading[: searchindex.HEADING_CHARS], s.text, s.kind, s.start, s.end,
            topics, searchindex.topic_mask(topics), search_text, vector, grams,
        ))
    copy_rows(Section._meta.db_table, SECTION_COLUMNS, rows)
    return ids


# Ids for a document's sections, taken from their sequence (here and in _placement's statement).
NEXT_SECTION_IDS = (
    "ARRAY(SELECT nextval(pg_get_serial_sequence('documents_section', 'id')) FROM generate_series(1, %(sections)s))"
)


def _section_ids(count):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {NEXT_SECTION_IDS}", {"sections": count})
        return cursor.fetchone()[0]


def store_numbers(document, parsed, section_ids):
    def section(index):
        return section_ids[index] if index is not None and index < len(section_ids) else None

    copy_values(Metric, [
        dict(
            document_id=document.pk, section_id=section(m.section), key=m.key or "", label=m.label[:300],
            value=m.value, unit=m.unit or "", source=m.source,
            table=getattr(m, "table", None) or "", row=getattr(m, "row", None) or "",
            column=getattr(m, "column", None) or "", raw=(getattr(m, "raw", "") or "")[:300],
            qualifier=getattr(m, "qualifier", None) or "", sentence=getattr(m, "sentence", ""),
            start=getattr(m, "start", None), end=getattr(m, "end", None),
        )
        for m in parsed.metrics
    ])
    copy_values(Commitment, [
        dict(
            document_id=document.pk, section_id=section(t.section), kind=Commitment.Kind.TASK,
            number=t.number, text=t.text, lead_units=t.lead_units, deadline=t.deadline or "",
            due=t.due, period=t.period or "",
        )
        for t in parsed.tasks
    ] + [
        dict(
            document_id=document.pk, section_id=section(t.section), kind=Commitment.Kind.TARGET,
            text=t.text, subject=t.subject[:300], comparator=t.comparator, value=t.value,
            unit=t.unit or "", due=t.due, sentence=t.sentence,
        )
        for t in parsed.targets
    ])
    copy_values(Check, [
        dict(document_id=document.pk, name=c.name, passed=c.passed, detail=c.detail, left=c.left, right=c.right, keys=c.keys)
        for c in parsed.checks
    ])


def copy_values(model, rows, with_id=False):
    """Rows of `model`, each a dict of field values by attname (a field left out takes its
    default; the primary key only `with_id`, else the database gives it), written by COPY: a
    document's numbers are many rows, and one INSERT of them all is a long statement to read.
    No model instances are made (they cost more than the writing): JSON values go through
    their field, as bulk_create would send them; the others go as they are, so they must
    already be of their fields' types (str, bytes, int, Decimal, date, datetime, bool or
    None, as the pipeline makes them), which are sent as bulk_create sends them."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if with_id or not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    adapted = [(i, field.get_db_prep_save) for i, field in enumerate(fields) if isinstance(field, JSONField)]
    db = connections[connection.alias]  # (not the proxy, which looks the connection up on every use)

    def values(row):
        values = tuple(map((defaults | row).__getitem__, defaults))  # in field order, at C speed
        if not adapted:
            return values
        values = list(values)
        for i, adapt in adapted:
            values[i] = adapt(values[i], db)
        return values

    copy_rows(model._meta.db_table, [field.column for field in fields], map(values, rows))


def copy_rows(table, columns, rows):
    """Rows (values in the order of `columns`) written into `table` by COPY, in the caller's
    transaction; database errors are raised as Django's, as from any other statement."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(
        f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row(row)


def _publisher_slug(meta):
    """The document slug without its year and kind: shanghai-yangpu-2021-work-plan -> shanghai-yangpu."""
    suffix = "-".join(str(p) for p in (meta.year, meta.kind.replace("_", "-")) if p)
    return meta.slug.removesuffix("-" + suffix) if suffix else meta.slug


def _first_free(base, taken):
    """`base`, or base-2, base-3... whichever is not in `taken`."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
