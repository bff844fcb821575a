"""The search page's facets with many values: the most frequent shown, a box to find the rest,
as on the documents list."""
import re

import pytest

from documents.models import Document, Section
from tests.documents.test_coverage import publish

pytestmark = pytest.mark.django_db

PUBLISHERS = 30


@pytest.fixture
def many_publishers():
    """Thirty publishers; the i-th has i + 1 sections that hold 信息公开."""
    for i in range(PUBLISHERS):
        publisher = publish(f"测试省第{i + 1:02d}市人民政府", f"测试省第{i + 1:02d}市", "city", [2021])
        document = Document.objects.get(publisher=publisher)
        for order in range(i + 1):
            text = f"本机关依法做好信息公开工作，第{order}项。"
            Section.objects.create(document=document, order=order, level=1, heading="概述", text=text, start=0, end=len(text))


def publisher_facet(html):
    block = html.split('data-facet="publisher"')[1].split("</section>")[0]
    return re.findall(r'<a href="[^"]*"[^>]*>(?:× )?([^<]+)</a>', block), block


def test_the_publisher_facet_shows_the_most_frequent_publishers_and_a_box_for_the_rest(client, many_publishers):
    html = client.get("/search/", {"q": "信息公开"}).content.decode()
    shown, block = publisher_facet(html)
    assert shown == [f"测试省第{n:02d}市人民政府" for n in range(PUBLISHERS, PUBLISHERS - 12, -1)]
    assert "另有 18 项，可查找" in block
    assert 'name="publisher_find"' in block and 'name="q" value="信息公开"' in block


def test_the_box_finds_a_rare_publisher_and_choosing_it_drops_the_words_typed(client, many_publishers):
    html = client.get("/search/", {"q": "信息公开", "publisher_find": "第03市"}).content.decode()
    shown, block = publisher_facet(html)
    assert shown == ["测试省第03市人民政府"]
    link = re.search(r'<a href="([^"]*)"', block).group(1).replace("&amp;", "&")
    assert "publisher_find" not in link
    chosen = client.get("/search/" + link).content.decode()
    assert "3 个段落" in chosen
    # The chosen publisher stays in view, however rare, with the most frequent ones.
    shown, _ = publisher_facet(chosen)
    assert "测试省第03市人民政府" in shown and len(shown) == 13


def test_a_short_facet_is_shown_whole_without_a_box(client, many_publishers):
    html = client.get("/search/", {"q": "信息公开"}).content.decode()
    kinds = html.split('data-facet="kind"')[1].split("</section>")[0]
    assert "facet-find" not in kinds
