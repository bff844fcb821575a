from django.urls import path

from .page_data import page_routes
from .views import home, lists, publishers, reader
from .views import dataset, metrics, quality, search, topics

app_name = "documents"

# A page with a `.json` / `.csv` twin is one page_routes() (see page_data.py).
urlpatterns = [
    *page_routes("", home.home, name="home"),
    *page_routes("documents", lists.documents, name="list"),
    path("documents/cite.json", lists.cite, name="list-cite"),
    *page_routes("p", publishers.index, name="publishers"),
    *page_routes("p/<slug:slug>", publishers.detail, name="publisher"),
    *page_routes("d/<slug:slug>", reader.detail, name="detail"),
    *page_routes("d/<slug:slug>/original", reader.original_text, name="original"),
    path("d/<slug:slug>/raw", reader.raw, name="raw"),
    path("d/<slug:slug>/pages/<int:page>.png", reader.page_image, name="page-image"),
    path("d/<slug:slug>/cite.json", reader.cite, name="cite"),
    path("d/<slug:slug>/s/<int:order>/", metrics.section, name="section"),
    path("d/<slug:slug>/metrics/<str:key>/", metrics.metric_value, name="metric-value"),
    *page_routes("metrics", metrics.explorer, name="metrics"),
    path("indicators/", metrics.indicators, name="indicators"),
    path("indicators/<str:slug>/", metrics.indicator, name="indicator"),
    *page_routes("search", search.search, name="search"),
    *page_routes("search/kwic", search.kwic, name="kwic"),
    *page_routes("topics", topics.index, name="topics"),
    *page_routes("topics/<slug:slug>", topics.detail, name="topic"),
    *page_routes("quality", quality.index, name="quality"),
    *page_routes("data", dataset.index, name="data"),
    path("data/files/<str:name>", dataset.download, name="data-file"),
]
