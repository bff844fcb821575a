from django.db import migrations

# The two tsvectors of a section are stored without compression (out of line when the row is
# too long, as most are): PostgreSQL tried pglz on every one of them, and it never shortened a
# ranking vector and seldom the grams, so the attempt was most of the cost of writing them.
COLUMNS = ("search_vector", "search_grams")


def storage(mode):
    return "; ".join(f"ALTER TABLE documents_section ALTER COLUMN {column} SET STORAGE {mode}" for column in COLUMNS)


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0008_section_document_index'),
    ]

    operations = [
        migrations.RunSQL(storage("EXTERNAL"), reverse_sql=storage("EXTENDED")),
    ]
