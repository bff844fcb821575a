from django.urls import path

from documents.page_data import page_routes

from .views import pages

app_name = "comparisons"

urlpatterns = [
    *page_routes("compare", pages.many, name="many"),
    path("compare/go", pages.pick, name="pick"),
    *page_routes("compare/<slug:a>/<slug:b>", pages.two, name="two"),
]
