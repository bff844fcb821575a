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


CRAWLED = (
    "标题: 平潭综合实验区2023年度政府信息公开工作年度报告\n"
    "发布时间: 2024-03-08 15:34\n"
    "原文链接: https://www.pingtan.gov.cn/zwgk/t20240308_87885.htm\n"
    "==================== 正文 ====================\n"
).encode() + sample_bytes("shanghai-yangpu-2020-annual-report")


def test_a_document_whose_file_names_its_address_is_cited_there_with_the_permalink_beside():
    document = ingest_bytes(CRAWLED).document
    assert document.source_url == "https://www.pingtan.gov.cn/zwgk/t20240308_87885.htm"
    cited = gbt7714(document, "https://gongkai.example/d/x/s/1/", ACCESSED, "一 总体情况")
    assert cited.endswith("[2026-11-22]. https://www.pingtan.gov.cn/zwgk/t20240308_87885.htm.")
    entry = bibtex(document, "https://gongkai.example/d/x/s/1/", ACCESSED, "一 总体情况")
    assert "url = {https://www.pingtan.gov.cn/zwgk/t20240308_87885.htm}" in entry
    assert "note = {Gongkai: https://gongkai.example/d/x/s/1/}" in entry


def test_each_cited_item_of_a_document_has_its_own_bibtex_key():
    document = ingest_bytes(sample_bytes("shanghai-yangpu-2021-work-plan")).document
    keys = {bibtex(document, "u", ACCESSED, part).split(",")[0] for part in ["", "一 总体要求", "二 重点任务", "requests.new.total"]}
    assert len(keys) == 4


def test_the_section_page_shows_the_government_address_and_the_permalink(client):
    document = ingest_bytes(CRAWLED).document
    page = client.get(f"/d/{document.slug}/s/0/").content.decode()
    assert "https://www.pingtan.gov.cn/zwgk/t20240308_87885.htm" in page and "本站链接" in page
    reader = client.get(f"/d/{document.slug}/").content.decode()
    assert 'href="https://www.pingtan.gov.cn/zwgk/t20240308_87885.htm" rel="noopener noreferrer nofollow"' in reader


def test_the_reader_carries_what_reference_managers_read_and_a_plain_title(client):
    document = ingest_bytes(CRAWLED).document
    page = client.get(f"/d/{document.slug}/").content.decode()
    head = page.split("</head>")[0]
    title = head.split("<title>")[1].split("</title>")[0]
    assert "<script" not in title and document.title in title
    assert f'<meta name="citation_title" content="{document.title}">' in head
    assert f'<meta name="citation_author" content="{document.publisher.name}">' in head
    assert '<meta name="citation_publication_date" content="2024/03/08">' in head
    assert '<meta name="citation_public_url" content="https://www.pingtan.gov.cn/zwgk/t20240308_87885.htm">' in head
    listing = client.get("/documents/").content.decode()
    assert "<script" not in listing.split("<title>")[1].split("</title>")[0]
