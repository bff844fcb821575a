from django.urls import path

from documents.formats import page_routes

from .views import compare

app_name = "comparisons"

urlpatterns = [
    *page_routes("compare", compare.many, name="many"),
    path("compare/go", compare.pick, name="pick"),
    *page_routes("compare/<slug:a>/<slug:b>", compare.two, name="two"),
]
