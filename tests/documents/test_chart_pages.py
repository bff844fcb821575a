"""The charts of the metrics explorer and of a publisher's key figures, as the pages draw them:
every point a link to its value's page, a failing document's value marked."""
import re

import pytest

from documents.models import Check
from tests.documents.corpus import ingest, variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years():
    later = ingest("shanghai-2023-annual-report")
    earlier = variant("shanghai-2023-annual-report", 1, year=2022)
    Check.objects.create(document=earlier, name="made-up", passed=False, detail="1 ≠ 2", left=1, right=2, keys=[])
    return earlier, later


def point_links(page):
    return re.findall(r'<a href="([^"]+)"[^>]*><circle class="(point[^"]*)"', page)


def test_the_explorers_chart_links_each_point_to_its_value_and_marks_the_failing_document(client, two_years):
    earlier, later = two_years
    page = client.get("/metrics/?key=requests.new.total").content.decode()
    assert point_links(page) == [
        (f"/d/{earlier.slug}/metrics/requests.new.total/", "point failing"),
        (f"/d/{later.slug}/metrics/requests.new.total/", "point"),
    ]
    assert "文件有未通过的勾稽检查</li>" in page


def test_a_publishers_key_figures_link_each_point_to_its_value(client, two_years):
    earlier, later = two_years
    page = client.get(later.publisher.get_absolute_url()).content.decode()
    links = [href for href, _ in point_links(page)]
    assert f"/d/{earlier.slug}/metrics/review.corrected/" in links
    assert f"/d/{later.slug}/metrics/requests.new.total/" in links
    assert len(links) == 8  # four figures, two years each
    assert page.count('class="point failing"') == 4
