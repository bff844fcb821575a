from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("文件")

    def ready(self):
        from django.urls import register_converter

        from .page_data import FormatConverter
        from .search import index  # noqa: F401  (connects the signal that re-indexes a saved section)

        # `.json` / `.csv` after a page's path, in every app's routes (page_data.page_routes).
        register_converter(FormatConverter, "fmt")
