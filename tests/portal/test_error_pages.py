"""The portal's own 404 and 500 pages, in Chinese, with no technical detail."""
import pytest
from django.test import Client
from django.urls import path

pytestmark = pytest.mark.django_db


def fails(request):
    raise RuntimeError("secret detail of the failure")


urlpatterns = [path("fails/", fails)]


def test_an_unknown_address_gets_the_portals_own_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "找不到这个页面" in page
    assert "/no/such/page/" in page
    assert 'href="/documents/"' in page


def test_a_server_error_gets_the_portals_own_500_page_without_the_traceback(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器出错了" in page
    assert "secret detail" not in page and "Traceback" not in page
