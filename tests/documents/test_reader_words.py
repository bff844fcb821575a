"""What a reader sees of a document's checks and cleaning: sentences in Chinese with the
document's own figures, never the codes the data formats carry."""
import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from documents.ingest.report import sentence
from documents.loader import ingest_bytes
from tests.conftest import sample_text
from tests.documents.corpus import ingest

pytestmark = pytest.mark.django_db

REVIEW_ROW = "\n716\n\n77\n\n207\n\n202\n\n1202\n"


def visible_text(html):
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style"):
        node.decompose()
    return tree.body.text()


def reader(client, document):
    response = client.get(f"/d/{document.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_each_check_reads_as_its_relation_in_the_templates_words_with_the_documents_figures(client):
    report = ingest("shanghai-2023-annual-report")
    text = visible_text(reader(client, report))
    assert "本年新收 + 上年结转 = 办理结果总计 + 结转下年度：34290 + 2235 = 34430 + 2095 = 36525 √" in text
    assert "结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计（行政复议）：716 + 77 + 207 + 202 = 1202 √" in text


def test_the_passing_checks_of_a_report_fold_into_one_line_that_opens(client):
    report = ingest("shanghai-2023-annual-report")
    assert report.checks.count() == 53 and not report.checks.filter(passed=False).exists()
    section = LexborHTMLParser(reader(client, report)).css_first("section#checks")
    folded = section.css_first("details.checks-passing")
    assert folded is not None and "open" not in folded.attributes
    assert folded.css_first("summary").text() == "53 项核对全部通过"
    assert len(folded.css("li.pass")) == 53
    assert section.css("li.fail") == []


def test_failing_checks_stay_open_and_come_first_with_the_rest_folded(client):
    text = sample_text("shanghai-2023-annual-report")
    assert REVIEW_ROW in text
    # the review table all zeros while the prose still says 1202 cases, 77 corrected
    report = ingest_bytes(text.replace(REVIEW_ROW, "\n0\n\n0\n\n0\n\n0\n\n0\n").encode()).document
    failing = report.checks.filter(passed=False).count()
    assert failing >= 2
    html = reader(client, report)
    section = LexborHTMLParser(html).css_first("section#checks")
    shown = section.css("ul.failing > li.fail")
    assert len(shown) == failing
    assert all(li.parent.parent.tag == "section" for li in shown)   # not inside the fold
    assert any("正文中的信息公开行政复议 = 表格中的行政复议总计：1202 ≠ 0" in li.text() and li.text().endswith("×")
               for li in shown)
    assert section.html.index('class="fail"') < section.html.index("<details")
    summary = section.css_first("details.checks-passing > summary").text()
    assert summary == f"其余 {report.checks.count() - failing} 项核对通过"
    assert f"{report.checks.count()} 项核对，{failing} 项未通过" in section.text()


def test_the_cleaning_report_says_each_action_in_words_with_its_count(client):
    report = ingest("shanghai-2023-annual-report")
    text = visible_text(reader(client, report))
    assert "去除网页导航 2 处" in text
    for step in report.cleanup:
        assert sentence(step) in text


def test_no_check_name_action_code_or_metric_key_is_visible_on_the_reader_or_the_original(client):
    report = ingest("shanghai-2023-annual-report")
    codes = ({c.name for c in report.checks.all()} | {step["action"] for step in report.cleanup}
             | {k for c in report.checks.all() for k in c.keys})
    for path in (f"/d/{report.slug}/", f"/d/{report.slug}/original/"):
        text = visible_text(client.get(path).content.decode())
        assert [code for code in codes if code in text] == []
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)


def test_the_original_texts_legend_names_each_action_in_words(client):
    report = ingest("shanghai-2023-annual-report")
    legend = LexborHTMLParser(client.get(f"/d/{report.slug}/original/").content.decode()).css_first(".edit-legend")
    items = [li.text() for li in legend.css("li")]
    assert "去除夹注的拼音" in " ".join(items) and all(re.search(r"\d+ 处$", item) for item in items)


@pytest.mark.parametrize("path", ["/documents/", "/d/{slug}/", "/d/{slug}/original/"])
def test_the_page_title_is_the_documents_words_not_markup(client, path):
    report = ingest("shanghai-2023-annual-report")
    html = client.get(path.format(slug=report.slug)).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "script" not in title and "portal.js" not in title
    assert title.endswith("公开")
