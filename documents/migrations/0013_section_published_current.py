from django.db import migrations

# A section's `published` copy means "shown in public lists": its document is published AND is
# the current version of its report. A superseded version stays at its URL, but search hits,
# counts and facets (which read the copy, not the document) leave it out. The database keeps
# the copy whatever writes the documents: a new version supersedes the previous one (insert),
# a renumbering moves the chain (update of supersedes_id), a deletion makes the one before
# current again.

CURRENT = "NOT EXISTS (SELECT FROM documents_document later WHERE later.supersedes_id = {id})"

FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION documents_section_take_published() RETURNS trigger AS $$
    BEGIN
        SELECT d.is_published AND {CURRENT.format(id="d.id")}, d.publisher_id, d.year, d.kind
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
    f"""
    CREATE OR REPLACE FUNCTION documents_document_give_published() RETURNS trigger AS $$
    BEGIN
        UPDATE documents_section
           SET published = NEW.is_published AND {CURRENT.format(id="NEW.id")},
               document_publisher_id = NEW.publisher_id,
               document_year = NEW.year, document_kind = NEW.kind
         WHERE document_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    f"""
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
        UPDATE documents_section s
           SET published = d.is_published AND {CURRENT.format(id="d.id")}
          FROM documents_document d
         WHERE d.id = ANY(touched) AND s.document_id = d.id
           AND s.published IS DISTINCT FROM (d.is_published AND {CURRENT.format(id="d.id")});
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER documents_document_chain_new
    AFTER INSERT ON documents_document
    FOR EACH ROW WHEN (NEW.supersedes_id IS NOT NULL)
    EXECUTE FUNCTION documents_document_chain_published()
    """,
    """
    CREATE TRIGGER documents_document_chain_moved
    AFTER UPDATE OF supersedes_id ON documents_document
    FOR EACH ROW WHEN (OLD.supersedes_id IS DISTINCT FROM NEW.supersedes_id)
    EXECUTE FUNCTION documents_document_chain_published()
    """,
    """
    CREATE TRIGGER documents_document_chain_gone
    AFTER DELETE ON documents_document
    FOR EACH ROW WHEN (OLD.supersedes_id IS NOT NULL)
    EXECUTE FUNCTION documents_document_chain_published()
    """,
    f"""
    UPDATE documents_section s SET published = d.is_published AND {CURRENT.format(id="d.id")}
      FROM documents_document d
     WHERE d.id = s.document_id AND s.published IS DISTINCT FROM (d.is_published AND {CURRENT.format(id="d.id")})
    """,
]

BACKWARD = [
    "DROP TRIGGER documents_document_chain_gone ON documents_document",
    "DROP TRIGGER documents_document_chain_moved ON documents_document",
    "DROP TRIGGER documents_document_chain_new ON documents_document",
    "DROP FUNCTION documents_document_chain_published()",
    """
    CREATE OR REPLACE FUNCTION documents_section_take_published() RETURNS trigger AS $$
    BEGIN
        SELECT d.is_published, d.publisher_id, d.year, d.kind
          INTO NEW.published, NEW.document_publisher_id, NEW.document_year, NEW.document_kind
          FROM documents_document d WHERE d.id = NEW.document_id;
        IF NOT FOUND THEN
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
           SET published = NEW.is_published, document_publisher_id = NEW.publisher_id,
               document_year = NEW.year, document_kind = NEW.kind
         WHERE document_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    UPDATE documents_section s SET published = d.is_published
      FROM documents_document d WHERE d.id = s.document_id AND s.published IS DISTINCT FROM d.is_published
    """,
]


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0012_rename_partly_disclosed"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
