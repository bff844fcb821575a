from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("documents.api")),
    path("", include("comparisons.urls")),
    path("", include("documents.urls")),
]
