import importlib

from django.db import migrations, models

# The definitions this migration replaces, to put back when it is reversed.
_BEFORE = importlib.import_module("documents.migrations.0013_section_published_current").FORWARD

# A document is current when it is published and no PUBLISHED later version of its report
# exists. Before this, any later version hid it, so unpublishing a bad correction took the
# report off every public list with it. The database keeps the flag (and the sections' copy,
# `published`) whatever writes the documents: a BEFORE trigger computes a row's own flag on
# every write, so a save from a stale instance cannot undo it; an AFTER trigger recomputes the
# versions before a document when its publication or its place in the chain changes.

LATER_PUBLISHED = """EXISTS (
    WITH RECURSIVE later(id, is_published) AS (
        SELECT l.id, l.is_published FROM documents_document l WHERE l.supersedes_id = {id}
        UNION ALL
        SELECT l.id, l.is_published FROM documents_document l JOIN later ON l.supersedes_id = later.id
    )
    SELECT FROM later WHERE later.is_published
)"""

FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION documents_document_take_current() RETURNS trigger AS $$
    BEGIN
        NEW.is_current := NEW.is_published AND NOT {LATER_PUBLISHED.format(id="NEW.id")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER documents_document_current
    BEFORE INSERT OR UPDATE ON documents_document
    FOR EACH ROW EXECUTE FUNCTION documents_document_take_current()
    """,
    # The versions before the ones touched: their flag depends on what comes after them.
    """
    CREATE OR REPLACE FUNCTION documents_document_chain_published() RETURNS trigger AS $$
    DECLARE
        touched bigint[];
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            touched := touched || OLD.supersedes_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            touched := touched || NEW.supersedes_id;
        END IF;
        WITH RECURSIVE earlier(id, supersedes_id) AS (
            SELECT d.id, d.supersedes_id FROM documents_document d WHERE d.id = ANY(touched)
            UNION ALL
            SELECT d.id, d.supersedes_id FROM documents_document d JOIN earlier ON d.id = earlier.supersedes_id
        )
        UPDATE documents_document d SET is_current = (d.is_published AND NOT """
    + LATER_PUBLISHED.format(id="d.id")
    + """)
          FROM earlier WHERE d.id = earlier.id
           AND d.is_current IS DISTINCT FROM (d.is_published AND NOT """
    + LATER_PUBLISHED.format(id="d.id")
    + """);
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER documents_document_chain_publication
    AFTER UPDATE OF is_published ON documents_document
    FOR EACH ROW WHEN (OLD.is_published IS DISTINCT FROM NEW.is_published AND NEW.supersedes_id IS NOT NULL)
    EXECUTE FUNCTION documents_document_chain_published()
    """,
    # Sections copy the document's flag.
    """
    CREATE OR REPLACE FUNCTION documents_section_take_published() RETURNS trigger AS $$
    BEGIN
        SELECT d.is_current, d.publisher_id, d.year, d.kind
          INTO NEW.published, NEW.document_publisher_id, NEW.document_year, NEW.document_kind
          FROM documents_document d WHERE d.id = NEW.document_id;
        IF NOT FOUND THEN
            -- A section written before its document (foreign keys checked at commit,
            -- as loaddata does): the document's insert trigger fills these in.
            NEW.published := true;
            NEW.document_kind := '';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE OR REPLACE FUNCTION documents_document_give_published() RETURNS trigger AS $$
    BEGIN
        UPDATE documents_section
           SET published = NEW.is_current,
               document_publisher_id = NEW.publisher_id,
               document_year = NEW.year, document_kind = NEW.kind
         WHERE document_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "DROP TRIGGER IF EXISTS documents_document_published ON documents_document",
    """
    CREATE TRIGGER documents_document_published
    AFTER UPDATE ON documents_document
    FOR EACH ROW WHEN (
        OLD.is_current IS DISTINCT FROM NEW.is_current
        OR OLD.publisher_id IS DISTINCT FROM NEW.publisher_id
        OR OLD.year IS DISTINCT FROM NEW.year
        OR OLD.kind IS DISTINCT FROM NEW.kind
    )
    EXECUTE FUNCTION documents_document_give_published()
    """,
    f"""
    UPDATE documents_document d SET is_current = (d.is_published AND NOT {LATER_PUBLISHED.format(id="d.id")})
     WHERE d.is_current IS DISTINCT FROM (d.is_published AND NOT {LATER_PUBLISHED.format(id="d.id")})
    """,
    """
    UPDATE documents_section s SET published = d.is_current
      FROM documents_document d WHERE d.id = s.document_id AND s.published IS DISTINCT FROM d.is_current
    """,
]

BACKWARD = [
    "DROP TRIGGER documents_document_chain_publication ON documents_document",
    "DROP TRIGGER documents_document_current ON documents_document",
    "DROP FUNCTION documents_document_take_current()",
    *_BEFORE[:3],
    "DROP TRIGGER documents_document_published ON documents_document",
    """
    CREATE TRIGGER documents_document_published
    AFTER UPDATE OF is_published, publisher_id, year, kind ON documents_document
    FOR EACH ROW WHEN (
        OLD.is_published IS DISTINCT FROM NEW.is_published
        OR OLD.publisher_id IS DISTINCT FROM NEW.publisher_id
        OR OLD.year IS DISTINCT FROM NEW.year
        OR OLD.kind IS DISTINCT FROM NEW.kind
    )
    EXECUTE FUNCTION documents_document_give_published()
    """,
    _BEFORE[-1],
]


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0016_labels_in_chinese_for_translation"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="is_current",
            field=models.BooleanField(
                default=True, editable=False,
                help_text="Published, and no published later version: what public lists show. Kept by the database.",
            ),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
