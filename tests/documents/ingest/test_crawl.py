"""crawl.py: pages as a site crawler stores them (a header of fields, the body on one line).
The fixtures are made up, short, in the shapes real crawled pages take."""
import datetime

import pytest

from documents.ingest import crawl
from documents.ingest.clean import clean
from documents.ingest.pipeline import parse_bytes
from tests.conftest import sample_bytes

HEADER = (
    "标题: 某某区2021年度政府信息公开工作年度报告\n"
    "发布时间: 2022-01-20 09:30\n"
    "文号: \n"
    "发布机构: 某某区人民政府办公室\n"
    "栏目: 政府信息公开年报\n"
    "原文链接: https://www.example.gov.cn/zwgk/ndbg/202201/t20220120_1.htm\n"
    "本地目录: zwgk/ndbg/202201/1_某某区2021年度政府信息公开工作年度报告\n"
    "页面链接与图片详见 links.tsv(同目录)\n"
    "==================== 正文 ====================\n"
)
BODY = (
    "当前位置： 首页政务公开年度报告 某某区2021年度政府信息公开工作年度报告 来源：某某区 时间：2022-01-20 09:30 "
    "微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： --> "
    "某某区2021年度政府信息公开工作年度报告 本报告根据《中华人民共和国政府信息公开条例》编制。如有疑问，请与区政府办公室联系。"
    "一、总体情况2021年，我区坚持统一、规范、高效，依据第二十条第（一）项做好公开。一是加强主动公开。二是规范依申请公开。"
    "（一）主动公开方面全年公开信息100条。（二）依申请公开方面全年收到申请5件。"
    "二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
    "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    "申请人情况自然人总计一、本年新收政府信息公开申请数量5000005二、上年结转政府信息公开申请数量0000000"
    "三、本年度办理结果（一）予以公开3000003（七）总计5000005四、结转下年度继续办理0000000"
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正000000000000000 "
    "五、存在的主要问题及改进情况存在的问题主要是公开不够及时。"
    "六、其他需要报告的事项本年度未收取信息处理费。 附件下载"
)
PAGE = HEADER + BODY


def test_it_keeps_the_crawler_header_as_metadata_and_removes_it_as_a_recorded_edit():
    cleaned = clean(PAGE)
    assert "标题:" not in cleaned.text and "正文 ====" not in cleaned.text
    assert cleaned.hints["title"] == "某某区2021年度政府信息公开工作年度报告"
    assert cleaned.hints["page_date"] == datetime.date(2022, 1, 20)
    assert cleaned.hints["issuer"] == "某某区人民政府办公室"
    assert cleaned.hints["source_url"] == "https://www.example.gov.cn/zwgk/ndbg/202201/t20220120_1.htm"
    assert "doc_number" not in cleaned.hints  # an empty 文号 line says nothing
    header = [e for e in cleaned.edited.edits if e.action == "remove_crawler_header"]
    assert header and header[0].removed == HEADER
    assert next(r for r in cleaned.report if r["action"] == "remove_crawler_header")["count"] == 9


def test_a_header_written_in_full_width_digits_gives_the_same_metadata():
    header = HEADER.replace("文号: ", "文号: 某政办〔2022〕3号")
    narrow = parse_bytes((header + BODY).encode()).as_json()
    wide = parse_bytes((header.translate(str.maketrans("0123456789", "０１２３４５６７８９")) + BODY).encode()).as_json()
    fields = ("title", "year", "kind", "publisher", "doc_number", "published_on", "source_url")
    assert {k: wide[k] for k in fields} == {k: narrow[k] for k in fields}
    assert (wide["year"], wide["doc_number"], wide["published_on"]) == (2021, "某政办〔2022〕3号", "2022-01-20")


def test_a_lone_source_line_at_the_top_is_no_crawler_header():
    cleaned = clean("来源：某某区人民政府\n2021年某某区政务公开工作要点\n一、总体要求\n正文。\n")
    assert not any(e.action == "remove_crawler_header" for e in cleaned.edited.edits)


def test_it_removes_the_breadcrumb_and_share_buttons_inside_the_line_and_keeps_the_date():
    cleaned = clean(PAGE)
    for chrome in ("当前位置", "QQ空间", "相关链接", "-->", "附件下载"):
        assert chrome not in cleaned.text
    assert cleaned.text.startswith("某某区2021年度政府信息公开工作年度报告\n本报告根据")


def test_it_removes_leaked_html_comments():
    line = "（一）加强领导。<!--[if !supportLists]-->1、<!--[endif]-->明确责任。" * 20
    cleaned = clean("标题: 某文件\n发布时间: 2020-01-01\n==== 正文 ====\n" + line)
    assert "<!--" not in cleaned.text and "supportLists" not in cleaned.text


def test_it_breaks_before_inline_headings_and_after_a_heading_run_into_its_text():
    lines = clean(PAGE).text.split("\n")
    assert "一、总体情况" in lines
    assert any(line.startswith("2021年，我区坚持") for line in lines)
    assert "二、主动公开政府信息情况" in lines
    assert "(一)主动公开方面" in lines and any(line.startswith("全年公开信息100条") for line in lines)
    assert "五、存在的主要问题及改进情况" in lines
    assert any(line.startswith("六、其他需要报告的事项") for line in lines)


def test_it_does_not_split_enumerations_article_numbers_or_words_ending_in_a_numeral():
    text = clean(PAGE).text
    assert "一是加强主动公开。二是规范依申请公开。" in text
    assert "依据第二十条第(一)项做好公开" in text
    assert "统一、规范、高效" in text


def test_table_row_labels_are_not_headings_and_the_table_keeps_its_digits():
    parsed = parse_bytes(PAGE.encode()).as_json()
    top = [(s["number"], s["heading"]) for s in parsed["sections"] if s["level"] == 1 and s["number"]]
    assert top == [
        ("一", "总体情况"), ("二", "主动公开政府信息情况"), ("三", "收到和处理政府信息公开申请情况"),
        ("四", "政府信息公开行政复议、行政诉讼情况"), ("五", "存在的主要问题及改进情况"), ("六", "其他需要报告的事项"),
    ]
    text = parsed["clean_text"]
    assert "一、本年新收政府信息公开申请数量5000005二、上年结转政府信息公开申请数量0000000" in text
    assert "四、结转下年度继续办理0000000\n四、政府信息公开行政复议" in text


def test_every_break_is_a_recorded_edit_listed_in_the_report():
    cleaned = clean(PAGE)
    breaks = [e for e in cleaned.edited.edits if e.action == "break_paragraphs"]
    assert breaks and all(e.inserted == "\n" and not e.removed.strip() for e in breaks)
    entry = next(r for r in cleaned.report if r["action"] == "break_paragraphs")
    assert entry["count"] == len(breaks) and entry["examples"]


def test_a_quoted_list_is_not_broken():
    line = "本报告由“一、概述；二、主动公开情况；三、依申请公开情况”组成，" + "内容详见下文。" * 40
    assert crawl.paragraph_breaks(line) == []


def test_numbers_must_follow_on_to_break():
    # One number missed after a sentence end is a slip of the writer's; three are no sequence.
    line = "现就有关事项通知如下：一、抓紧部署。做好工作。三、加强指导。要求落实。七、附则。" + "全文到此。" * 40
    starts = [line[b:b + 2] for a, b, r in crawl.paragraph_breaks(line)]
    assert starts == ["一、", "三、"]


def test_a_restarted_numbering_belongs_to_the_attachment_not_to_the_notice():
    notice = "通知如下：一、甲事项。正文。二、乙事项。正文。附件格式如下：一、总体情况。正文。二、主动公开。正文。三、其他事项。正文。"
    starts = [notice[b:b + 2] for a, b, r in crawl.paragraph_breaks(notice + "说明。" * 300)]
    assert starts.count("一、") == 1 and "三、" not in starts


def test_a_task_table_header_may_run_into_its_first_row():
    line = ("序号工作任务牵头单位责任单位工作要求一、围绕改革推进公开（一）推进清单公开1.公开权力清单省编办各市按要求公开。"
            "二、围绕民生推进公开（二）推进扶贫公开2.公开扶贫信息省扶贫办各市按要求公开。") + "附注。" * 300
    starts = [line[b:b + 4] for a, b, r in crawl.paragraph_breaks(line)]
    assert starts == ["一、围绕", "（一）推", "1.公开", "二、围绕", "（二）推", "2.公开"]


def test_a_numeral_ending_a_word_does_not_open_a_heading():
    assert crawl.paragraph_breaks("统一、规范的做法很多，" + "我们统一、规范。" * 200) == []


def test_an_ordinary_document_is_left_as_it_is():
    text = "2021年某区政务公开工作要点\n一、总体要求\n做好公开。二是加强解读。\n"
    cleaned = clean(text)
    assert cleaned.text == text.rstrip("\n")
    assert not any(e.action == "break_paragraphs" for e in cleaned.edited.edits)


def test_parse_json_gives_the_source_url_or_null():
    assert parse_bytes(PAGE.encode()).as_json()["source_url"] == (
        "https://www.example.gov.cn/zwgk/ndbg/202201/t20220120_1.htm")
    assert parse_bytes("2021年某区政务公开工作要点\n一、总体要求\n正文。\n".encode()).as_json()["source_url"] is None


def test_a_crawled_notice_gets_its_title_number_and_addressees_on_lines_of_their_own():
    page = ("标题: 某省人民政府办公厅关于印发2017年政务公开工作主要任务分解表的通知\n发布时间: 2017-05-05 09:43\n"
            "文号: \n==================== 正文 ====================\n"
            "某省人民政府办公厅关于印发2017年政务公开工作主要任务分解表的通知某政办〔2017〕45号各市、县（区）人民政府，"
            "省人民政府各部门：现将《2017年政务公开工作主要任务分解表》印发给你们，请认真组织实施。" + "请抓好落实。" * 40)
    lines = clean(page).text.split("\n")
    assert lines[:3] == ["某省人民政府办公厅关于印发2017年政务公开工作主要任务分解表的通知", "某政办〔2017〕45号",
                         "各市、县(区)人民政府，省人民政府各部门："]
    meta = parse_bytes(page.encode()).metadata
    assert (meta.doc_number, meta.kind, meta.year) == ("某政办〔2017〕45号", "work_plan", 2017)


@pytest.mark.parametrize("spaced", [
    "某省人民政府办公厅关于印发2017年政务公开工作主要任务分解表的通知",
    "某省人民政府办公厅 关于印发2017年政务公开工作主要任务分解表的通知",
    "某 省 人 民 政 府 办 公 厅 关于印发2017年政务公开工作主要任务分解表的通知",
])
def test_a_crawled_title_is_set_apart_however_its_characters_are_spaced(spaced):
    title = "某省人民政府办公厅关于印发2017年政务公开工作主要任务分解表的通知"
    page = (f"标题: {title}\n发布时间: 2017-05-05 09:43\n==================== 正文 ====================\n"
            f"首页 > 政务公开 {spaced}某政办〔2017〕45号各市、县（区）人民政府：现将任务分解表印发给你们。" + "请抓好落实。" * 40)
    assert clean(page).text.split("\n")[:4] == ["首页 > 政务公开", title, "某政办〔2017〕45号", "各市、县(区)人民政府："]


def test_a_crawled_page_in_traditional_script_reads_the_same():
    import opencc

    parsed = parse_bytes(opencc.OpenCC("s2t").convert(PAGE).encode())
    assert (parsed.metadata.title, parsed.metadata.kind, parsed.metadata.year) == (
        "某某区2021年度政府信息公开工作年度报告", "annual_report", 2021)
    top = [s.heading for s in parsed.structure.sections if s.level == 1 and s.number]
    assert top[0] == "总体情况" and top[-1] == "其他需要报告的事项" and len(top) == 6


def test_a_crawled_document_is_dated_by_its_signature_before_the_sites_date():
    signed = PAGE.replace("本年度未收取信息处理费。", "本年度未收取信息处理费。 某某区人民政府 2022年1月15日")
    assert parse_bytes(signed.encode()).metadata.published_on == datetime.date(2022, 1, 15)
    assert parse_bytes(PAGE.encode()).metadata.published_on == datetime.date(2022, 1, 20)


@pytest.mark.parametrize("name", ["shanghai-2023-annual-report", "shanghai-yangpu-2021-work-plan",
                                  "shanghai-yangpu-2020-annual-report"])
@pytest.mark.parametrize("joint", [" ", ""])
def test_a_sample_collapsed_onto_one_line_as_a_crawler_stores_it_keeps_its_top_level_sections(name, joint):
    original = parse_bytes(sample_bytes(name))
    body = joint.join(line.strip() for line in original.clean_text.split("\n") if line.strip())
    page = f"标题: {original.metadata.title}\n发布时间: 2021-01-01 00:00\n==================== 正文 ====================\n{body}"
    crawled = parse_bytes(page.encode())
    top = lambda parsed: [(s.number, s.heading) for s in parsed.structure.sections if s.level == 1 and s.number]
    assert top(crawled) == top(original)
    assert (crawled.metadata.publisher, crawled.metadata.year, crawled.metadata.kind) == (
        original.metadata.publisher, original.metadata.year, original.metadata.kind)


def test_a_traditional_page_with_readings_collapsed_as_found_keeps_its_parts_and_numbers():
    # The 2023 sample as published: 繁體 with pinyin after characters (結(jié)轉). Collapsed raw,
    # its row 四、結(jié)轉下年度繼續辦理 must still read as a table row, not as part 四.
    original = parse_bytes(sample_bytes("shanghai-2023-annual-report"))
    raw = sample_bytes("shanghai-2023-annual-report").decode("utf-8")
    body = "".join(line.strip() for line in raw.split("\n") if line.strip())
    crawled = parse_bytes(f"标题: {original.metadata.title}\n==================== 正文 ====================\n{body}".encode())
    top = lambda parsed: [(s.number, s.heading) for s in parsed.structure.sections if s.level == 1 and s.number]
    assert top(crawled) == top(original)
    numbers = lambda parsed: {m.key: m.value for m in parsed.metrics if m.source != "narrative"}
    read, want = numbers(crawled), numbers(original)
    assert len(read) > 200 and all(want[key] == value for key, value in read.items())


def test_the_numbering_goes_on_across_the_lines_of_a_body_collapsed_in_pieces():
    body = ("一、总体情况\n" + "我区做好公开工作。" * 30 + "二、主动公开政府信息情况" + "全年公开信息100条。" * 20
            + "\n" + "依申请公开工作规范。" * 25 + "三、收到和处理政府信息公开申请情况 全年收到申请5件。")
    page = "标题: 某区2021年度政府信息公开工作年度报告\n发布时间: 2022-01-20\n==== 正文 ====\n" + body
    lines = clean(page).text.split("\n")
    assert "二、主动公开政府信息情况" in lines and "三、收到和处理政府信息公开申请情况" in lines


def test_a_breadcrumb_on_a_line_of_its_own_does_not_take_the_lines_after_it():
    text = "当前位置：首页 > 信息公开\n2021年某区政务公开工作要点\n发布日期：2021-03-01 【打印】【关闭】\n一、总体要求\n正文。\n"
    assert "2021年某区政务公开工作要点" in clean(text).text


def test_the_first_part_of_a_report_is_found_after_an_address_in_brackets():
    line = "如有疑问请联系(地址：某路1号)一、总体情况2021年，我区做好公开。" + "工作有序。" * 60
    assert [line[b:b + 4] for a, b, r in crawl.paragraph_breaks(line)][:2] == ["一、总体", "2021"]


def test_an_inline_list_restarting_at_one_does_not_hide_the_next_part():
    line = ("一、总体情况 全年做好公开。二、主动公开政府信息情况 主要做法如下：一、加强领导。二、完善制度。"
            "三、收到和处理政府信息公开申请情况 全年收到申请5件。") + "依法办理。" * 60
    starts = [line[b:b + 3] for a, b, r in crawl.paragraph_breaks(line)]
    assert "三、收" in starts


# -- a heading run into its paragraph, in any text ---------------------------------------------

def test_a_top_level_heading_run_into_its_text_is_cut_from_it_outside_a_crawl_too():
    text = ("一、总体情况2020年，我区做好公开工作，全年公开信息100条。\n"
            "二、主动公开政府信息情况 全年主动公开信息。\n"
            "三、收到和处理政府信息公开申请情况\n全年收到申请5件。\n")
    lines = clean(text).text.split("\n")
    assert lines[:4] == ["一、总体情况", "2020年，我区做好公开工作，全年公开信息100条。",
                         "二、主动公开政府信息情况", "全年主动公开信息。"]


def test_a_heading_line_of_words_alone_is_not_cut_at_a_closing_word():
    text = "一、加强组织领导夯实工作基础\n各单位要认真落实。\n二、工作要求各单位要按时报送，接受监督。\n"
    lines = clean(text).text.split("\n")
    assert "一、加强组织领导夯实工作基础" in lines and lines[-2:] == ["二、工作要求", "各单位要按时报送，接受监督。"]


def test_a_numbered_sentence_is_not_cut_at_a_year_in_it():
    text = "一、要在2020年底前完成清单编制，按时公开。\n二、要加强督查。\n"
    assert clean(text).text.split("\n")[0] == "一、要在2020年底前完成清单编制，按时公开。"


def test_a_pages_source_line_names_its_issuing_office_where_it_names_an_organ():
    body = "南京市鼓楼区2020年政府信息公开工作年度报告\n一、总体情况\n做好公开。\n"
    office = parse_bytes(("来源：南京市鼓楼区人民政府办公室\n发布日期：2021-01-20\n" + body).encode()).as_json()
    site = parse_bytes(("信息来源：本站\n发布日期：2021-01-20\n" + body).encode()).as_json()
    assert office["publisher"] == "南京市鼓楼区人民政府办公室"
    assert site["publisher"] == "南京市鼓楼区人民政府"


def test_a_title_closed_by_its_year_in_brackets_is_set_apart_from_the_body_it_heads():
    body = ("平潭综合实验区政府信息公开工作年度报告（2020年度） 根据《条例》要求，编制本报告。"
            + "本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。" * 20
            + "一、总体情况 全年公开信息100条。二、主动公开政府信息情况 全年主动公开。")
    page = "发布时间: 2021-03-05\n栏目: 年报\n==== 正文 ====\n" + body
    doc = parse_bytes(page.encode()).as_json()
    assert (doc["title"], doc["year"], doc["kind"]) == ("平潭综合实验区政府信息公开工作年度报告(2020年度)", 2020, "annual_report")


def test_a_heading_that_stops_at_its_own_colon_or_goes_on_with_a_phrase_is_not_cut():
    assert clean("一、基本情况介绍如下：\n全年公开。\n").text.split("\n")[0] == "一、基本情况介绍如下："
    line = "一、主动公开情况方面，全年公开信息100条，较上年增加。"
    assert clean(line + "\n").text.split("\n")[0] == line


SHORT_ONE_LINE = (
    "2022年青山湖区政务公开工作要点\n"
    "根据上级文件精神，结合我区实际，制定本工作要点。 一、总体要求 2022年全区政务公开工作要以公开促发展，"
    "持续抓好政务公开各项工作，以公开促落实、促规范、促服务，不断提升政府透明度和公信力。（一）坚持问题导向。聚焦群众关切。 二、主要任务 （一）强化重点领域信息公开 "
    "1、数字经济领域。开设专题集中公开政策。（责任单位：区政府办公室） 2、营商环境领域。及时公开惠企政策。 "
    "三、保障措施 加强组织领导，确保各项任务落到实处。\n"
)


def test_a_short_body_on_one_line_without_a_header_gets_its_top_level_headings():
    parsed = parse_bytes(SHORT_ONE_LINE.encode()).as_json()
    top = [s["heading"] for s in parsed["sections"] if s["level"] == 1 and s["number"]]
    assert top == ["总体要求", "主要任务", "保障措施"]
    # Inside a line this short only the top level is broken out: the (一) of a paragraph stays in it.
    assert "(一)坚持问题导向" in next(s["text"] for s in parsed["sections"] if s["heading"] == "总体要求")


def test_a_long_paragraph_that_counts_its_points_is_not_cut_into_headings():
    paragraph = ("2021年，我区全面推进政务公开工作，主动公开各类信息。" * 6 + "一是加强组织领导。二是完善制度。"
                 "（一）加强培训，提升能力。（二）强化考核，压实责任。")
    text = f"2021年某区政府信息公开工作年度报告\n一、总体情况\n{paragraph}\n二、主动公开政府信息情况\n正文。\n"
    parsed = parse_bytes(text.encode()).as_json()
    assert [s["heading"] for s in parsed["sections"] if s["level"] == 1] == ["总体情况", "主动公开政府信息情况"]
    assert len(parsed["sections"]) == 2


def test_a_page_without_a_header_takes_its_title_from_its_breadcrumb_line():
    page = ("当前位置： 首页政务公开部门文件 某某区市场监督管理局关于印发《开展重点领域政务公开清单编制工作方案》的通知 "
            "时间：2018-02-05 10:26 微信 微博 QQ空间 各科室、分局：为持续推进政务公开工作，结合我局实际，制定本方案，"
            "现印发给你们，请认真贯彻执行。一、工作目标全面梳理重点领域公开事项。二、工作步骤分三个阶段推进。")
    parsed = parse_bytes(page.encode()).as_json()
    assert parsed["title"] == "某某区市场监督管理局关于印发《开展重点领域政务公开清单编制工作方案》的通知"
    assert parsed["kind"] == "work_plan"
    assert parsed["published_on"] == "2018-02-05"


def test_a_breadcrumb_ending_in_a_column_name_gives_no_title():
    page = ("当前位置： 首页 政务公开 工作报告 时间：2018-02-05 微信 微博 "
            "2017年，我区政务公开工作在区委、区政府领导下有序开展。一、总体情况全年公开信息100条。")
    assert "crumb_title" not in clean(page).hints


def test_a_page_saved_without_a_header_is_broken_after_the_title_its_breadcrumb_carries():
    notice = "某某区管委会办公室关于进一步做好政府信息公开相关工作的通知"
    page = (f"当前位置： 首页政务公开最新文件 {notice} 时间：2012-09-04 14:43 微信 微博 QQ空间 "
            f"{notice}某某县人民政府，区直各单位，各乡镇人民政府：为进一步加强我区政府信息公开工作，现将有关事项通知如下："
            "一、认真做好网站运行维护工作。各级各部门要明确专人负责。二、及时公开政府信息。凡属于主动公开范围的政府信息，均应及时公开。"
            * 4)
    doc = parse_bytes(page.encode()).as_json()
    assert doc["clean_text"].startswith(notice + "\n某某县人民政府，")
    assert (doc["title"], doc["publisher"]) == (notice, "某某区管委会办公室")


def test_a_breadcrumb_line_that_runs_on_into_the_page_loses_only_its_path():
    page = "当前位置：首页 > 政务公开 > 工作要点 " + "2021年某某区政务公开工作要点 一、总体要求 全面推进政务公开。" * 20
    cleaned = clean(page)
    assert cleaned.text.startswith("2021年某某区政务公开工作要点")
    assert [r["examples"][0].strip() for r in cleaned.report if r["action"] == "remove_inline_chrome"] == ["当前位置：首页 > 政务公开 > 工作要点"]


def test_a_breadcrumb_without_arrows_opening_a_collapsed_page_never_takes_the_page_with_it():
    page = "当前位置：首页政务公开工作要点 2021年某某区政务公开工作要点 一、总体要求 全面推进政务公开。" * 20
    cleaned = clean(page)
    assert "全面推进政务公开" in cleaned.text and "remove_page_chrome" not in [r["action"] for r in cleaned.report]
