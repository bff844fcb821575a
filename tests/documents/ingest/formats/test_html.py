"""The main content of an HTML page as text (documents/ingest/formats/html.py)."""
import pytest

from documents.ingest import formats
from documents.ingest.errors import IngestError
from documents.ingest.formats.extracted import join_lines


PAGE = """<html><head><title>站点</title><script>var nav = "首页";</script><style>p{}</style></head>
<body>
<div id="top-nav"><a href="/">首页</a><a href="/a">政务公开</a><a href="/b">互动交流</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/a">政务公开</a></div>
<div class="wrap">
  <div class="list"><a href="/1">相关文章一</a><br><a href="/2">相关文章二</a><br><a href="/3">相关文章三</a></div>
  <div class="article">
    <h1>2021年某区政务公开工作要点</h1>
    <div class="content">
      <p>一、总体要求</p><p style="display:none">隐藏的文字</p>
      <p>2021年，本区&nbsp;认真贯彻<b>《条例》</b>，<br>依法做好政府信息公开工作。</p>
      <table><tr><th>事项</th><th>数量</th></tr><tr><td>主动公开<br>信息</td><td>1,200</td></tr><tr><td>a|b</td><td></td></tr></table>
      <p>二、保障措施</p>
    </div>
  </div>
</div>
<footer>版权所有 某区人民政府 沪ICP备123号</footer>
</body></html>"""


def test_html_keeps_the_main_content_and_drops_the_page_chrome():
    text = formats.extract(PAGE.encode()).decoded.text
    assert text.startswith("2021年某区政务公开工作要点")
    for chrome in ("首页", "当前位置", "相关文章", "版权所有", "var nav", "隐藏的文字", "站点"):
        assert chrome not in text
    assert "2021年，本区\u00a0认真贯彻《条例》，\n依法做好政府信息公开工作。" in text
    assert text.index("一、总体要求") < text.index("| 事项") < text.index("二、保障措施")


def test_html_tables_become_rows_of_bar_separated_cells():
    lines = formats.extract(PAGE.encode()).decoded.text.splitlines()
    rows = [line for line in lines if line.startswith("|")]
    # A line break inside a cell is joined as Chinese is; a | in a cell would split it.
    assert rows == ["| 事项 | 数量 |", "| 主动公开信息 | 1,200 |", "| a¦b |  |"]


def test_a_layout_table_is_read_as_blocks_not_as_a_data_table():
    page = "<html><body><table><tr><td><table><tr><td>一、总体情况</td><td>5</td></tr></table></td></tr>" \
           "<tr><td><p>本区认真贯彻《条例》。</p></td></tr></table></body></html>"
    text = formats.extract(page.encode()).decoded.text
    assert "| 一、总体情况 | 5 |" in text
    assert "本区认真贯彻《条例》。" in text and "| 本区" not in text


def test_html_in_its_declared_charset_is_read_in_it():
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>' \
           "<body><p>政务公开工作要点，本区认真贯彻落实。</p></body></html>"
    extracted = formats.extract(page.encode("gb18030"))
    assert extracted.decoded.encoding == "gb18030"
    assert "政务公开工作要点" in extracted.decoded.text


def test_a_wrong_charset_declaration_is_ignored_and_the_encoding_detected():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>政务公开工作要点，本区认真贯彻落实。</p></body></html>'
    extracted = formats.extract(page.encode("gb18030"))
    assert "政务公开工作要点" in extracted.decoded.text


def test_the_sites_name_in_a_logo_heading_is_not_taken_for_the_title():
    page = """<html><body><div class="header"><h1><a href="/"><img alt="logo">上海市杨浦区人民政府</a></h1>
    <ul class="nav"><li><a href="/">首页</a></li></ul></div>
    <div class="article"><h1>2021年杨浦区政务公开工作要点</h1><div class="content"><p>一、总体要求</p>
    <p>2021年，本区认真贯彻《条例》，依法做好政府信息公开工作，进一步提高政务公开质量。</p></div></div></body></html>"""
    text = formats.extract(page.encode()).decoded.text
    assert text.startswith("2021年杨浦区政务公开工作要点")
    assert "上海市杨浦区人民政府" not in text


def test_a_chrome_word_never_drops_the_block_holding_most_of_the_text():
    body = "".join(f"<p>第{i}条，本区认真贯彻《条例》，依法做好政府信息公开工作。</p>" for i in range(20))
    page = f'<html><body><div class="nav-content">{body}</div><div class="foot">版权所有</div></body></html>'
    text = formats.extract(page.encode()).decoded.text
    assert "第19条" in text and "版权所有" not in text


def test_what_html_extraction_dropped_is_reported():
    report = formats.extract(PAGE.encode()).report
    assert report[0]["action"] == "extract_html"
    assert any("当前位置" in e for e in report[0]["examples"])


def test_an_html_page_without_text_is_refused_as_empty():
    with pytest.raises(IngestError) as refused:
        formats.extract(b"<html><body><nav><a href='/'>x</a></nav><script>1</script></body></html>")
    assert refused.value.code == "empty"


@pytest.mark.parametrize(
    "lines, joined",
    [(["结果", "纠正"], "结果纠正"), (["605", "(包括自然失效)"], "605(包括自然失效)"), (["Open", "Data"], "Open Data"), (["", " a "], "a")],
)
def test_the_lines_of_a_cell_are_joined_as_chinese_is_written(lines, joined):
    assert join_lines(lines) == joined
