from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "文件 Documents"

    def ready(self):
        from .search import index  # noqa: F401  (connects the signal that re-indexes a saved section)
