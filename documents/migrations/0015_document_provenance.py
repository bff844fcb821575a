from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0014_document_source_url'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='retrieved_on',
            field=models.DateField(blank=True, null=True, verbose_name='取得日期'),
        ),
        migrations.AddField(
            model_name='document',
            name='provenance',
            field=models.JSONField(blank=True, default=dict, verbose_name='来源依据'),
        ),
        # Documents stored before: nothing said when they were retrieved, so the day they were
        # stored stands for it, as it does for new ones.
        migrations.RunSQL(
            """
            UPDATE documents_document
               SET retrieved_on = (created_at AT TIME ZONE 'UTC')::date,
                   provenance = '{"retrieved_on": {"from": "stored"}}'::jsonb
             WHERE retrieved_on IS NULL
            """,
            migrations.RunSQL.noop,
        ),
    ]
