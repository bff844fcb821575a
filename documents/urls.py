from django.urls import path

from .views import reader

app_name = "documents"

urlpatterns = [
    path("", reader.home, name="home"),
    path("d/<slug:slug>/", reader.detail, name="detail"),
    path("d/<slug:slug>/raw", reader.raw, name="raw"),
]
