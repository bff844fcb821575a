from django.contrib import admin
from django.urls import include, path

from portal.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("documents.api")),
    # set_language: the header's language switcher posts here and comes back to the same page.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("comparisons.urls")),
    path("", include("documents.urls")),
]

handler400 = "portal.errors.bad_request"
handler404 = "portal.errors.not_found"
handler500 = "portal.errors.server_error"
