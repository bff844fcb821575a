"""No planner statistics for the sections' ranking vector.

`search_vector` is read only to rank hits already found (ts_rank_cd); no query filters on it, so
its statistics (the most common lexemes of every sampled section) serve no plan. Gathering them
was about 70% of the time ANALYZE of the sections takes, in every autovacuum run as a collection
grows and in every bulk ingest into a new one.
"""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0019_document_count_indexes")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE documents_section ALTER COLUMN search_vector SET STATISTICS 0",
            "ALTER TABLE documents_section ALTER COLUMN search_vector SET STATISTICS -1",
        ),
    ]
