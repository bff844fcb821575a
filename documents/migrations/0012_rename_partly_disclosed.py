from django.db import migrations

# The 部分公开 row's keys are named outcome.partially_disclosed.* (they were
# outcome.partly_disclosed.*): the numbers and checks already stored take the new name.
OLD, NEW = "outcome.partly_disclosed", "outcome.partially_disclosed"


def rename(old, new):
    return [
        f"UPDATE documents_metric SET key = '{new}' || substr(key, {len(old) + 1}) WHERE key LIKE '{old}.%'",
        f"UPDATE documents_check SET name = replace(name, '{old}', '{new}'), "
        f"keys = replace(keys::text, '{old}.', '{new}.')::jsonb WHERE name LIKE '%{old}%' OR keys::text LIKE '%{old}.%'",
    ]


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0011_document_texts_uncompressed"),
    ]

    operations = [
        migrations.RunSQL(rename(OLD, NEW), reverse_sql=rename(NEW, OLD)),
    ]
