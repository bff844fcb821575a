"""Citations held to GB/T 7714-2015's form for an electronic resource, and the CSL-JSON export."""
import datetime
import json
import re

import pytest

from documents.citation import csl_json, gbt7714
from documents.loader import ingest_bytes
from tests.conftest import SAMPLE_NAMES, sample_bytes

pytestmark = pytest.mark.django_db

ACCESSED = datetime.date(2026, 11, 22)
GOVERNMENT = "https://www.gov.example.cn/zwgk/2021/t20210409_1.html"
# 主要责任者. 题名[: 其他题名信息][EB/OL]. [(发布日期)][引用日期]. 获取和访问路径.
ELECTRONIC = re.compile(
    r"^(?P<who>[^.\[]+)\. (?P<title>[^\[]+)\[EB/OL\]\. (?:\((?P<published>\d{4}-\d{2}-\d{2})\))?"
    r"\[(?P<accessed>\d{4}-\d{2}-\d{2})\]\. (?P<url>https?://\S+)\.$"
)
# The standard's own examples of electronic resources (GB/T 7714-2015, 8.8 and appendix A),
# with and without a date of publication: the pattern the portal is held to reads them all.
STANDARD_EXAMPLES = [
    "萧钰. 出版业信息化迈入快车道[EB/OL]. (2001-12-19)[2002-04-15]. http://www.creader.com/news/20011219/200112190019.html.",
    "Online Computer Library Center, Inc. About OCLC: history of cooperation[EB/OL]. [2012-03-27]. "
    "http://www.oclc.org/about/cooperation.en.html.",
    "HOPKINSON A. UNIMARC and metadata: Dublin Core[EB/OL]. (2009-04-22)[2013-03-27]. "
    "http://archive.ifla.org/IV/ifla64/138-161e.htm.",
]


@pytest.mark.parametrize("example", STANDARD_EXAMPLES)
def test_the_pattern_reads_the_standards_own_examples(example):
    assert ELECTRONIC.match(example)


def stored(name, **overrides):
    return ingest_bytes(sample_bytes(name), overrides=overrides or None).document


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_each_sample_cited_at_its_government_address_has_the_standards_form(name):
    document = stored(name, source_url=GOVERNMENT)
    cited = gbt7714(document, "https://gongkai.example/d/x/", ACCESSED)
    m = ELECTRONIC.match(cited)
    assert m, cited
    assert m["who"] == document.publisher.name
    assert m["title"] == document.title + (f": {document.doc_number}" if document.doc_number else "")
    assert m["published"] == (document.published_on.isoformat() if document.published_on else None)
    assert m["accessed"] == "2026-11-22"
    assert m["url"] == GOVERNMENT


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_each_sample_without_a_publication_date_keeps_only_the_date_cited(name):
    document = stored(name)
    document.published_on = None
    cited = gbt7714(document, "https://gongkai.example/d/x/", ACCESSED)
    assert "[EB/OL]. [2026-11-22]. https://gongkai.example/d/x/." in cited
    assert ELECTRONIC.match(cited)["published"] is None


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_each_samples_csl_json_names_what_a_reference_manager_needs(name):
    document = stored(name, source_url=GOVERNMENT)
    item = csl_json(document, "https://gongkai.example/d/x/", ACCESSED)
    assert item["type"] in ("report", "webpage")
    assert item["title"] == document.title
    assert item["author"] == [{"literal": document.publisher.name}]
    if document.published_on:
        day = document.published_on
        assert item["issued"] == {"date-parts": [[day.year, day.month, day.day]]}
    else:
        assert item["issued"] == {"date-parts": [[document.year]]}
    assert item["accessed"] == {"date-parts": [[2026, 11, 22]]}
    assert item["URL"] == GOVERNMENT and item["note"] == "Gongkai: https://gongkai.example/d/x/"
    json.dumps(item)  # plain data


def test_a_document_without_a_government_address_is_cited_at_its_permalink(client):
    document = stored("shanghai-yangpu-2021-work-plan")
    response = client.get(f"/d/{document.slug}/cite.json")
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    [item] = json.loads(response.content)
    assert item["URL"] == f"http://testserver/d/{document.slug}/" and "note" not in item
    assert item["number"] == "杨府办〔2021〕10号"
    assert item["issued"] == {"date-parts": [[2021, 4, 9]]}
    today = datetime.date.today()
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}


def test_the_documents_list_exports_its_documents_as_csl_json_with_its_filters(client):
    for name in SAMPLE_NAMES:
        stored(name)
    items = json.loads(client.get("/documents/cite.json?kind=work_plan").content)
    assert items and {i["genre"] for i in items} == {"政务公开工作要点"}
    assert len({i["id"] for i in items}) == len(items)
    everything = json.loads(client.get("/documents/cite.json").content)
    assert len(everything) == len(SAMPLE_NAMES)


def test_the_reader_links_the_csl_json(client):
    document = stored("shanghai-yangpu-2021-work-plan")
    assert f'href="/d/{document.slug}/cite.json"' in client.get(f"/d/{document.slug}/").content.decode()
