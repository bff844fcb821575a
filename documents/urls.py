from django.urls import path, register_converter

from .formats import FormatConverter
from .views import home, lists, publishers, reader
from .views import metrics, search, topics

# `.json` / `.csv` beside every page: `documents/` and `documents.<fmt>` (see formats.py).
register_converter(FormatConverter, "fmt")

app_name = "documents"

urlpatterns = [
    path("", home.home, name="home"),
    path("index.<fmt:fmt>", home.home, name="home-data"),
    path("documents/", lists.documents, name="list"),
    path("documents.<fmt:fmt>", lists.documents, name="list-data"),
    path("p/", publishers.index, name="publishers"),
    path("p.<fmt:fmt>", publishers.index, name="publishers-data"),
    path("p/<slug:slug>/", publishers.detail, name="publisher"),
    path("p/<slug:slug>.<fmt:fmt>", publishers.detail, name="publisher-data"),
    path("d/<slug:slug>/", reader.detail, name="detail"),
    path("d/<slug:slug>.<fmt:fmt>", reader.detail, name="detail-data"),
    path("d/<slug:slug>/original/", reader.original_text, name="original"),
    path("d/<slug:slug>/original.<fmt:fmt>", reader.original_text, name="original-data"),
    path("d/<slug:slug>/raw", reader.raw, name="raw"),
    path("d/<slug:slug>/s/<int:order>/", metrics.section, name="section"),
    path("d/<slug:slug>/metrics/<str:key>/", metrics.metric_value, name="metric-value"),
    path("metrics/", metrics.explorer, name="metrics"),
    path("metrics.<fmt:fmt>", metrics.explorer, name="metrics-data"),
    path("indicators/", metrics.indicators, name="indicators"),
    path("indicators/<str:slug>/", metrics.indicator, name="indicator"),
    path("search/", search.search, name="search"),
    path("search.<fmt:fmt>", search.search, name="search-data"),
    path("topics/", topics.index, name="topics"),
    path("topics.<fmt:fmt>", topics.index, name="topics-data"),
    path("topics/<slug:slug>/", topics.detail, name="topic"),
    path("topics/<slug:slug>.<fmt:fmt>", topics.detail, name="topic-data"),
]
