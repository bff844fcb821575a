"""Public pages kept for anonymous readers (documents/pagecache.py), in a table every worker and
server shares; and the collection's generation advanced by writes to sections, figures, checks
and commitments too (topics or search columns assigned again change what readers and searches
show, with no write to their document)."""
from django.db import migrations, models

# What the pages show of a document beyond its own row: written with it by ingest and re-parse,
# but also on their own (topics assigned again, a correction by hand). One nextval a statement.
SHOWN_WITH_DOCUMENTS = ["documents_section", "documents_metric", "documents_check", "documents_commitment"]
SECTION_GENERATION = "".join(
    f"CREATE TRIGGER {table}_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
    f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION documents_next_generation();\n"
    for table in SHOWN_WITH_DOCUMENTS
)
NO_SECTION_GENERATION = "".join(f"DROP TRIGGER IF EXISTS {table}_generation ON {table};\n" for table in SHOWN_WITH_DOCUMENTS)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0002_cache_table'),
        # documents_next_generation()
        ('documents', '0019_document_count_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='KeptPage',
            fields=[
                ('key', models.CharField(help_text='sha256 of the URL and language', max_length=64, primary_key=True, serialize=False)),
                ('generation', models.BigIntegerField()),
                ('rendered', models.FloatField(help_text='when it was rendered, seconds since the epoch')),
                ('exact', models.BooleanField(help_text="rendered once the generation's writes were surely visible")),
                ('status', models.PositiveSmallIntegerField()),
                ('headers', models.JSONField()),
                ('content', models.BinaryField(help_text='the body, zlib-compressed')),
            ],
            options={
                'indexes': [models.Index(fields=['rendered'], name='keptpage_rendered')],
            },
        ),
        # A cache: no write-ahead log to write, nothing to replay after a crash.
        migrations.RunSQL("ALTER TABLE portal_keptpage SET UNLOGGED", "ALTER TABLE portal_keptpage SET LOGGED"),
        migrations.RunSQL(SECTION_GENERATION, NO_SECTION_GENERATION),
    ]
