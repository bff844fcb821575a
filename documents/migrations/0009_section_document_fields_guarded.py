from django.db import migrations

_BEFORE = """
CREATE TRIGGER documents_section_published
BEFORE INSERT OR UPDATE OF {columns} ON documents_section
FOR EACH ROW EXECUTE FUNCTION documents_section_take_published()
"""


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0008_section_document_index'),
    ]

    # A section's copies of its document's fields are taken from the document whatever writes
    # them: an update of the copies themselves (a queryset update, bulk_update) is undone too.
    operations = [
        migrations.RunSQL(
            [
                "DROP TRIGGER documents_section_published ON documents_section",
                _BEFORE.format(
                    columns="document_id, published, document_publisher_id, document_year, document_kind"
                ),
            ],
            [
                "DROP TRIGGER documents_section_published ON documents_section",
                _BEFORE.format(columns="document_id"),
            ],
        ),
    ]
