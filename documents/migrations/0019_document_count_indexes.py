"""Indexes for the public counts, and a generation number of the collection that the cached
counts of the pages are keyed by (documents/pagecache.py).

The generation is a sequence, not a row: nextval never waits for another transaction, so
parallel ingest workers do not queue on it. It is taken on every statement that writes
documents or publishers (so that a writer's own next page sees its change) and again as each
writing transaction commits (a deferred trigger), so that counts read from a snapshot before
the commit are never filed under the generation that follows it."""
from django.db import migrations, models

GENERATION = """
CREATE SEQUENCE IF NOT EXISTS documents_generation;
CREATE OR REPLACE FUNCTION documents_next_generation() RETURNS trigger AS $$
BEGIN
    PERFORM nextval('documents_generation');
    RETURN NULL;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER documents_document_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON documents_document FOR EACH STATEMENT EXECUTE FUNCTION documents_next_generation();
CREATE TRIGGER documents_publisher_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON documents_publisher FOR EACH STATEMENT EXECUTE FUNCTION documents_next_generation();
CREATE CONSTRAINT TRIGGER documents_document_generation_commit AFTER INSERT OR UPDATE OR DELETE
    ON documents_document DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION documents_next_generation();
"""
NO_GENERATION = """
DROP TRIGGER IF EXISTS documents_document_generation_commit ON documents_document;
DROP TRIGGER IF EXISTS documents_publisher_generation ON documents_publisher;
DROP TRIGGER IF EXISTS documents_document_generation ON documents_document;
DROP FUNCTION IF EXISTS documents_next_generation();
DROP SEQUENCE IF EXISTS documents_generation;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0018_document_ocr'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='document',
            index=models.Index(condition=models.Q(('is_current', True)), fields=['publisher', 'year', 'kind'], include=('id',), name='document_current_cover'),
        ),
        migrations.AddIndex(
            model_name='document',
            index=models.Index(fields=['created_at', 'id'], name='document_added'),
        ),
        migrations.RunSQL(GENERATION, NO_GENERATION),
    ]
