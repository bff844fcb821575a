from django.urls import path

# The `fmt` converter (json|csv) is registered by documents.urls.
import documents.urls  # noqa: F401

from .views import compare

app_name = "comparisons"

urlpatterns = [
    path("compare/", compare.many, name="many"),
    path("compare.<fmt:fmt>", compare.many, name="many-data"),
    path("compare/go", compare.pick, name="pick"),
    path("compare/<slug:a>/<slug:b>/", compare.two, name="two"),
    path("compare/<slug:a>/<slug:b>.<fmt:fmt>", compare.two, name="two-data"),
]
