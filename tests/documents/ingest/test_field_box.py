"""field_box.py: the box of fields a government site sets above a document (索引号, 发布机构,
发文日期…), in the shapes crawlers and converters leave it. The pages are made up and short."""
import datetime

from documents.ingest.clean import clean
from documents.ingest.pipeline import parse_bytes

TITLE = "某某区2023年度政府信息公开工作年度报告"
BODY = (
    "本报告根据《中华人民共和国政府信息公开条例》编制。如对本报告有疑问，请与某某区人民政府办公室联系。\n"
    "一、总体情况\n2023年，某某区持续推进政务公开。\n"
    "二、主动公开政府信息情况\n全年主动公开政府信息100条。\n"
)


def read(head):
    return parse_bytes((head + BODY).encode()).as_json()


def test_a_box_as_a_markdown_table_is_the_pages_metadata_and_is_removed_as_a_recorded_edit():
    head = ("| 索引号 | 11350100-2024-00012 | 发布机构 | 某某区政务公开办公室 |\n| --- | --- | --- | --- |\n"
            f"| 公开目录 | 政府信息公开年报 | 发布日期 | 2024-03-08 |\n| 文号 | | 名称 | {TITLE} |\n\n# {TITLE}\n\n")
    cleaned = clean(head + BODY)
    assert "索引号" not in cleaned.text and "| 文号 |" not in cleaned.text
    assert cleaned.hints["issuer"] == "某某区政务公开办公室"
    assert cleaned.hints["page_date"] == datetime.date(2024, 3, 8)
    assert cleaned.hints["page_date_from"] == {"from": "page_fields", "key": "发布日期"}
    assert "doc_number" not in cleaned.hints  # an empty 文号 cell says nothing
    report = next(r for r in cleaned.report if r["action"] == "read_field_box")
    assert report["count"] == 4 and report["examples"][0].startswith("| 索引号 | 11350100-2024-00012")


def test_a_box_in_tab_separated_cells_reads_the_same():
    doc = read("索引号\t11350100-2024-00012\t发布机构\t某某区政务公开办公室\n"
               f"发文日期\t2024-03-08\t文号\t某政办〔2024〕3号\n浏览量\t123\t有效性\t有效\n{TITLE}\n")
    assert "浏览量" not in doc["clean_text"]  # a field of the site's own goes with the box
    assert (doc["title"], doc["published_on"], doc["doc_number"]) == (TITLE, "2024-03-08", "某政办〔2024〕3号")
    assert doc["provenance"]["published_on"] == {"from": "page_fields", "key": "发文日期"}


def test_a_box_on_one_line_of_names_and_values_reads_each_value_up_to_the_next_name():
    cleaned = clean(f"索引号： 11350100-2024-00012 分类： 年报 发布机构： 某某区 政务公开办公室 发文日期： 2024-03-08 文号： 名称： {TITLE}\n"
                    f"{TITLE}\n" + BODY)
    assert cleaned.hints["issuer"] == "某某区 政务公开办公室"  # a short line: a value may hold a space
    assert cleaned.hints["title"] == TITLE and cleaned.hints["page_date"] == datetime.date(2024, 3, 8)
    assert cleaned.text.startswith(TITLE + "\n")


def test_a_collapsed_page_opening_with_a_breadcrumb_and_a_box_keeps_its_body():
    page = (f"当前位置：首页 > 政务公开 > 政府信息公开年报 索引号： 11350100-2024-00012 发布机构： 某某区政务公开办公室 "
            f"发文日期： 2024-03-08 {TITLE} " + BODY.replace("\n", " ") * 3)
    doc = parse_bytes(page.encode()).as_json()
    # The breadcrumb line runs on into the whole page: it is no chrome line to drop whole.
    assert "全年主动公开政府信息100条" in doc["clean_text"]
    assert "当前位置" not in doc["clean_text"] and "索引号" not in doc["clean_text"]
    assert (doc["title"], doc["year"], doc["kind"]) == (TITLE, 2023, "annual_report")
    assert doc["published_on"] == "2024-03-08"
    assert [c["action"] for c in doc["cleanup"]][:2] == ["remove_inline_chrome", "read_field_box"]


def test_a_box_names_the_publisher_where_the_title_names_only_a_place():
    doc = read(f"| 索引号 | 11350100-2024-00012 | 发布机构 | 某某区政务公开办公室 |\n| 发文日期 | 2024-03-08 | 文号 | |\n{TITLE}\n")
    assert doc["publisher"] == "某某区政务公开办公室"


def test_a_table_whose_cells_are_not_names_and_values_is_no_box():
    head = ("| 索引号 | 名称 | 发布机构 | 发布日期 |\n| --- | --- | --- | --- |\n"
            "| 1 | 政府信息公开指南 | 区政府办公室 | 2024-01-05 |\n\n")
    cleaned = clean(head + BODY)
    assert "政府信息公开指南" in cleaned.text and "read_field_box" not in [r["action"] for r in cleaned.report]


def test_one_field_alone_or_names_a_sentence_uses_are_no_box():
    for head in ("发布日期：2024-03-08\n", "时间：2024年 地点：区政府 名称：座谈会\n",
                 f"文号：某政办〔2024〕3号 名称：{TITLE}\n"):
        cleaned = clean(head + BODY)
        assert "read_field_box" not in [r["action"] for r in cleaned.report], head


def test_a_box_further_down_than_the_head_is_left_to_the_text():
    head = "".join(f"第{i}段说明文字。\n" for i in range(8)) + "索引号：11350100-2024-00012 发布机构：某某区政务公开办公室\n"
    cleaned = clean(head + BODY)
    assert "索引号" in cleaned.text


def test_a_township_its_sentences_name_is_placed_by_the_body_its_box_names():
    doc = parse_bytes(("| 索引号 | 115330250152645191/20260116-00001 | 发布机构 | 昌宁县田园镇 |\n"
                       "| 公开目录 | 政府信息公开年报 | 发布日期 | 2026-01-16 |\n"
                       "2025年，田园镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》，持续健全公开机制。\n"
                       "一、总体情况\n全年主动公开政府信息120条。\n二、主动公开政府信息情况\n规章0件。\n"
                       "三、收到和处理政府信息公开申请情况\n本年新收申请0件。\n").encode()).as_json()
    assert (doc["kind"], doc["year"], doc["publisher"]) == ("annual_report", 2025, "昌宁县田园镇人民政府")


def test_a_page_whose_text_names_no_maker_is_published_by_the_body_its_box_names():
    doc = parse_bytes(("| 索引号 | 11350100-2024-00012 | 发布机构 | 某某市人民政府办公室 |\n"
                       "| 主题分类 | 政务公开 | 发布日期 | 2024-05-06 |\n"
                       "各区县人民政府，市政府各部门：\n为做好政务公开工作，现就有关事项通知如下：\n"
                       "一、加强组织领导。\n二、按时报送材料。\n").encode()).as_json()
    assert doc["publisher"] == "某某市人民政府办公室"


def test_a_box_written_one_cell_a_line_pairs_each_name_with_the_line_below_it():
    cleaned = clean(f"索引号：\n11350100-2024-00012\n发布机构：\n某某区政务公开办公室\n发文日期：\n2024-03-08\n文号：\n\n{TITLE}\n" + BODY)
    assert cleaned.hints["issuer"] == "某某区政务公开办公室" and cleaned.hints["page_date"] == datetime.date(2024, 3, 8)
    assert "doc_number" not in cleaned.hints  # the title below an empty 文号： is no 文号
    assert cleaned.text.startswith(TITLE + "\n")


def test_names_inside_longer_labels_and_a_table_header_are_no_box_fields():
    cleaned = clean("索引号：11350100-2024-00012 发布机构：某某区卫生健康局 废止日期：2029-01-02\n" + BODY)
    assert cleaned.hints["issuer"] == "某某区卫生健康局" and "page_date" not in cleaned.hints
    header = ("| 发布机构 | 信息名称 | 发布日期 | 公开形式 |\n| --- | --- | --- | --- |\n"
              "| 区政府办公室 | 政府信息公开指南 | 2024-01-05 | 主动公开 |\n\n")
    cleaned = clean(header + BODY)
    assert cleaned.text.startswith("| 发布机构 | 信息名称 |") and "issuer" not in cleaned.hints


def test_a_line_that_goes_on_as_the_page_ends_each_value_at_its_shape():
    line = "索引号：11350100-2024-00012 发布机构：某某区人民政府办公室 发文日期：2024-03-08关于召开政务公开工作会议的通知 各单位：定于3月10日召开会议。"
    cleaned = clean(line + "\n")
    assert cleaned.hints["page_date"] == datetime.date(2024, 3, 8)
    assert cleaned.text.startswith("关于召开政务公开工作会议的通知") and "索引号" not in cleaned.text


def test_a_name_on_its_own_line_takes_no_title_or_salutation_below_it():
    for head in ("索引号：\n11350100-2024-00012\n发布机构：\n某某县人民政府公告\n为加强管理，现公告如下。\n",
                 "索引号：\n11350100-2024-00012\n主题分类：\n各区县人民政府，市政府各部门：\n现就有关事项通知如下。\n"):
        cleaned = clean(head)
        assert "issuer" not in cleaned.hints
        assert cleaned.text.split("\n")[0] in ("某某县人民政府公告", "各区县人民政府，市政府各部门：")


def test_a_boxs_address_is_the_source_with_the_box_as_its_origin():
    doc = read(f"| 索引号 | 11350100-2024-00012 | 发布机构 | 某某区政务公开办公室 |\n"
               f"| 网址 | https://www.example.gov.cn/zwgk/2024/1.htm | 发布日期 | 2024-03-08 |\n{TITLE}\n")
    assert doc["source_url"] == "https://www.example.gov.cn/zwgk/2024/1.htm"
    assert doc["provenance"]["source_url"] == {"from": "page_fields", "key": "网址"}
