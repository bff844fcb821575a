from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("d/<slug:slug>/", views.detail, name="detail"),
    path("d/<slug:slug>/raw", views.raw, name="raw"),
]
