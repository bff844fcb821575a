"""Provenance: the source address, publication date and date retrieved, each with where it came from."""
import datetime

import pytest

from documents.ingest import provenance
from documents.ingest.formats import extract
from documents.ingest.pipeline import parse_bytes
from tests.conftest import sample_bytes, sample_text

from .format_fixtures import pdf_of

PLAN = "shanghai-yangpu-2021-work-plan"


@pytest.mark.parametrize("written, day", [
    ("2012-09-04 14:41", datetime.date(2012, 9, 4)),
    ("2021/3/5", datetime.date(2021, 3, 5)),
    ("2021年3月5日", datetime.date(2021, 3, 5)),
    ("2021-01-29-17:30:34", datetime.date(2021, 1, 29)),
    ("D:20210305085800+08'00'", datetime.date(2021, 3, 5)),
    ("2021-03-05T08:58:00+08:00", datetime.date(2021, 3, 5)),
    ("Sun Dec 06 2026 22:14:59 GMT+0800 (China Standard Time)", datetime.date(2026, 12, 6)),
])
def test_it_reads_a_date_as_sites_crawlers_and_pdf_writers_write_it(written, day):
    assert provenance.parse_date(written) == day


def test_it_reads_no_date_where_none_is_real():
    assert provenance.parse_date("2021-02-30") is None
    assert provenance.parse_date("管理员") is None


def test_an_origin_reads_in_a_readers_words_with_the_name_it_was_read_under():
    assert provenance.describe({"from": "html_meta", "key": "PubDate"}) == "网页元数据 PubDate"
    assert provenance.describe({"from": "signature"}) == "正文落款"


def crawled(header_lines):
    return ("\n".join(header_lines) + "\n==================== 正文 ====================\n").encode() + sample_bytes(PLAN)


def test_a_crawlers_retrieval_time_is_the_date_retrieved_and_its_header_names_are_the_origins():
    parsed = parse_bytes(crawled([
        "标题: 2021年杨浦区政务公开工作要点",
        "发布时间: 2021-04-12 09:30",
        "原文链接: https://www.shyp.gov.cn/zwgk/2021/yaodian.html",
        "抓取时间: 2026-11-02 03:14:15",
    ]))
    meta = parsed.metadata
    assert meta.retrieved_on == datetime.date(2026, 11, 2)
    assert meta.source_url == "https://www.shyp.gov.cn/zwgk/2021/yaodian.html"
    assert meta.provenance["retrieved_on"] == {"from": "crawl_header", "key": "抓取时间"}
    assert meta.provenance["source_url"] == {"from": "crawl_header", "key": "原文链接"}
    # The plan is signed with its own date: that beats the site's.
    assert meta.published_on == datetime.date(2021, 4, 9)
    assert meta.provenance["published_on"] == {"from": "signature"}


def test_parse_json_adds_the_date_retrieved_and_the_provenance_and_keeps_every_key_it_had():
    data = parse_bytes(crawled(["标题: 2021年杨浦区政务公开工作要点", "采集时间: 2026/11/2"])).as_json()
    assert data["retrieved_on"] == "2026-11-02"
    assert data["provenance"]["retrieved_on"]["from"] == "crawl_header"
    for key in ("title", "publisher", "region", "year", "kind", "script", "encoding", "doc_number",
                "published_on", "source_url", "sections", "cleanup", "clean_text"):
        assert key in data


def page(head, body_text):
    body = "".join(f"<p>{line}</p>" for line in body_text.splitlines() if line.strip())
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body><div>{body}</div></body></html>".encode()


def undated_plan():
    """The plan without the date of its issuing notice: a text that dates nothing."""
    return "\n".join(line for line in sample_text(PLAN).splitlines() if line.strip() != "2021年4月9日")


def test_an_html_pages_canonical_link_is_its_source_and_its_pubdate_a_fallback_date():
    head = (
        '<meta name="ArticleTitle" content="2021年杨浦区政务公开工作要点">'
        '<meta name="PubDate" content="2021-04-12 09:30">'
        '<meta name="Url" content="https://www.shyp.gov.cn/old/address.html">'
        '<link rel="canonical" href="https://www.shyp.gov.cn/zwgk/2021/yaodian.html">'
    )
    meta = parse_bytes(page(head, undated_plan())).metadata
    assert meta.source_url == "https://www.shyp.gov.cn/zwgk/2021/yaodian.html"
    assert meta.provenance["source_url"] == {"from": "html_canonical"}
    assert meta.published_on == datetime.date(2021, 4, 12)
    assert meta.provenance["published_on"] == {"from": "html_meta", "key": "PubDate"}


def test_an_html_pages_date_in_its_text_beats_its_pubdate_tag():
    meta = parse_bytes(page('<meta name="PubDate" content="2021-04-12 09:30">', sample_text(PLAN))).metadata
    assert meta.published_on == datetime.date(2021, 4, 9)
    assert meta.provenance["published_on"]["from"] != "html_meta"


def test_a_relative_canonical_link_names_no_source():
    meta = parse_bytes(page('<link rel="canonical" href="/zwgk/2021/yaodian.html">', sample_text(PLAN))).metadata
    assert meta.source_url is None and "source_url" not in meta.provenance


def test_a_page_saved_by_a_browser_gives_the_address_and_the_day_it_was_saved():
    saved = (
        "<!--\n Page saved with SingleFile \n url: https://www.shyp.gov.cn/zwgk/2021/yaodian.html \n"
        " saved date: Sun Dec 06 2026 22:14:59 GMT+0800 (China Standard Time)\n-->\n"
    ).encode() + page("", sample_text(PLAN))
    meta = parse_bytes(saved).metadata
    assert meta.source_url == "https://www.shyp.gov.cn/zwgk/2021/yaodian.html"
    assert meta.retrieved_on == datetime.date(2026, 12, 6)
    assert meta.provenance["retrieved_on"] == {"from": "html_saved"}


def test_a_pdfs_document_information_is_read_title_author_and_creation_date():
    data = pdf_of([["2021年杨浦区政务公开工作要点", "一、总体要求", "做好公开工作。"]])
    hints = extract(data).hints
    assert hints["meta_date_from"] == {"from": "pdf_info", "key": "CreationDate"}
    assert isinstance(hints["meta_date"], datetime.date)


def test_a_pdfs_creation_date_dates_it_only_where_its_text_dates_nothing():
    lines = undated_plan().splitlines()
    meta = parse_bytes(pdf_of([lines[i:i + 40] for i in range(0, len(lines), 40)])).metadata
    assert meta.provenance["published_on"] == {"from": "pdf_info", "key": "CreationDate"}
    dated = parse_bytes(pdf_of([sample_text(PLAN).splitlines()[:40]])).metadata
    assert dated.published_on == datetime.date(2021, 4, 9)
    assert dated.provenance["published_on"]["from"] != "pdf_info"


def test_an_override_is_the_origin_of_what_it_gives():
    meta = parse_bytes(sample_bytes(PLAN), overrides={
        "source_url": "https://www.shyp.gov.cn/x.html", "retrieved_on": "2026-10-01", "published_on": "2021-04-10",
    }).metadata
    assert meta.retrieved_on == datetime.date(2026, 10, 1)
    assert meta.published_on == datetime.date(2021, 4, 10)
    assert {meta.provenance[k]["from"] for k in ("source_url", "retrieved_on", "published_on")} == {"override"}


def test_a_text_file_says_nothing_of_when_it_was_retrieved():
    meta = parse_bytes(sample_bytes(PLAN)).metadata
    assert meta.retrieved_on is None and "retrieved_on" not in meta.provenance
