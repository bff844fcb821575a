from django.db import migrations, models


def index_existing(apps, schema_editor):
    """Sections stored before search existed get their topics now; 0004 writes every
    section's search columns (the samples a `make run` loaded earlier are not loaded again:
    they are duplicates)."""
    from documents.ingest import topics

    Section = apps.get_model("documents", "Section")
    for section in Section.objects.only("id", "heading", "text"):
        section.topics = topics.assign(section.heading, section.text)
        section.save(update_fields=["topics"])


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0002_search_topics_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        # Keep the tsvector in the row (no TOAST fetch when ranking) and the two texts out of
        # it (only the shown hits and phrase checks read them), so a search touching thousands
        # of rows reads few pages: see bench/search.py. New values only; the reindex below
        # rewrites the rows that exist.
        migrations.RunSQL(
            [
                "ALTER TABLE documents_section ALTER COLUMN search_vector SET STORAGE MAIN",
                "ALTER TABLE documents_section ALTER COLUMN text SET STORAGE EXTERNAL",
                "ALTER TABLE documents_section ALTER COLUMN search_text SET STORAGE EXTERNAL",
                "ALTER TABLE documents_section SET (toast_tuple_target = 8160)",
            ],
            [
                "ALTER TABLE documents_section ALTER COLUMN search_vector SET STORAGE EXTENDED",
                "ALTER TABLE documents_section ALTER COLUMN text SET STORAGE EXTENDED",
                "ALTER TABLE documents_section ALTER COLUMN search_text SET STORAGE EXTENDED",
                "ALTER TABLE documents_section RESET (toast_tuple_target)",
            ],
        ),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
