from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0020_section_vector_no_statistics"),
    ]

    operations = [
        migrations.CreateModel(
            name="CorpusJob",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("reparse", "重新解析"), ("reindex", "重建搜索索引")], max_length=20, verbose_name="任务类型")),
                ("parameters", models.JSONField(blank=True, default=dict, verbose_name="参数")),
                ("state", models.CharField(choices=[("running", "运行中"), ("interrupted", "已中断"), ("finished", "已结束"), ("abandoned", "已放弃")], default="running", max_length=20, verbose_name="状态")),
                ("last_id", models.BigIntegerField(default=0, verbose_name="最后完成的文件编号")),
                ("done", models.IntegerField(default=0, verbose_name="已完成")),
                ("failed", models.IntegerField(default=0, verbose_name="失败")),
                ("total", models.IntegerField(default=0, verbose_name="总数")),
                ("failures", models.JSONField(blank=True, default=list, verbose_name="失败的文件")),
                ("last_error", models.TextField(blank=True, verbose_name="最近的错误")),
                ("pid", models.IntegerField(blank=True, null=True, verbose_name="进程号")),
                ("started_at", models.DateTimeField(verbose_name="开始时间")),
                ("updated_at", models.DateTimeField(verbose_name="更新时间")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                ("run_started_at", models.DateTimeField(blank=True, null=True)),
                ("run_from", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "全库任务",
                "verbose_name_plural": "全库任务",
                "ordering": ["-started_at", "-id"],
            },
        ),
    ]
