import datetime
import re

import pytest

from documents.citation import bibtex, gbt7714
from documents.loader import ingest_bytes
from tests.conftest import SAMPLE_NAMES, sample_bytes

pytestmark = pytest.mark.django_db

ACCESSED = datetime.date(2026, 11, 22)
# 责任者. 题名[: 其他题名信息][EB/OL]. [(发布日期)][引用日期]. URL.
GBT7714_ELECTRONIC = re.compile(
    r"^(?P<who>[^.]+)\. (?P<title>[^\[]+)\[EB/OL\]\. (?:\((?P<published>\d{4}-\d{2}-\d{2})\))?"
    r"\[(?P<accessed>\d{4}-\d{2}-\d{2})\]\. (?P<url>https?://\S+)\.$"
)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_each_samples_citation_has_the_gbt7714_form_for_electronic_resources(name):
    document = ingest_bytes(sample_bytes(name)).document
    url = f"https://gongkai.example/d/{document.slug}/"
    m = GBT7714_ELECTRONIC.match(gbt7714(document, url, ACCESSED))
    assert m, gbt7714(document, url, ACCESSED)
    assert m["who"] == document.publisher.name
    assert m["title"].startswith(document.title)
    assert m["accessed"] == "2026-11-22" and m["url"] == url


def test_the_yangpu_2021_plan_is_cited_with_its_number_and_date():
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    assert gbt7714(document, "https://gongkai.example/d/x/", ACCESSED) == (
        "上海市杨浦区人民政府. 2021年杨浦区政务公开工作要点: 杨府办〔2021〕10号[EB/OL]. "
        "(2021-04-09)[2026-11-22]. https://gongkai.example/d/x/."
    )


def test_its_bibtex_keeps_the_organisation_whole_and_names_the_access_date():
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    entry = bibtex(document, "https://gongkai.example/d/x/", ACCESSED)
    assert entry.startswith("@misc{shanghaiyangpu2021workplan,")
    assert "author = {{上海市杨浦区人民政府}}" in entry
    assert "number = {杨府办〔2021〕10号}" in entry
    assert "urldate = {2026-11-22}" in entry and "year = {2021}" in entry
