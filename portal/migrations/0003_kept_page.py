"""Public pages kept for anonymous readers (documents/pagecache.py), in a table every worker and
server shares; and the collection's generation advanced by writes to sections too (their topics
or search columns assigned again change what readers and searches show, with no write to their
document)."""
from django.db import migrations, models

SECTION_GENERATION = """
CREATE TRIGGER documents_section_generation AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON documents_section FOR EACH STATEMENT EXECUTE FUNCTION documents_next_generation();
"""
NO_SECTION_GENERATION = "DROP TRIGGER IF EXISTS documents_section_generation ON documents_section;"


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
