from django.db import migrations

# A document's raw bytes and its two texts are stored without compression (out of line, as a
# whole report is long): pglz took about a tenth of PostgreSQL's work in storing a document,
# to halve these three columns, which are a small part of what a document stores (its
# sections' texts and search index are several times larger, and stored uncompressed too:
# migrations 0004 and 0009). Reading them back is quicker uncompressed.
COLUMNS = ("raw", "original_text", "clean_text")


def storage(mode):
    return "ALTER TABLE documents_document " + ", ".join(
        f"ALTER COLUMN {column} SET STORAGE {mode}" for column in COLUMNS
    )


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0010_numbers_without_redundant_indexes'),
    ]

    operations = [
        migrations.RunSQL(storage("EXTERNAL"), reverse_sql=storage("EXTENDED")),
    ]
