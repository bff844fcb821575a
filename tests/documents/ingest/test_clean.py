import datetime

from documents.ingest.clean import clean
from tests.conftest import sample_text


def actions(cleaned):
    return {step["action"]: step for step in cleaned.report}


def test_it_removes_pinyin_without_touching_real_parentheses():
    cleaned = clean("本報告根據(jù)《條例》(以下簡稱)編制,含(ESG)指標,行動計畫(2020-2022)(試行)。")
    assert cleaned.text == "本報告根據《條例》(以下簡稱)編制,含(ESG)指標,行動計畫(2020-2022)(試行)。"
    assert actions(cleaned)["remove_pinyin"]["count"] == 1


def test_it_removes_all_the_pinyin_of_the_2023_report():
    cleaned = clean(sample_text("shanghai-2023-annual-report"))
    assert "(jù)" not in cleaned.text and "(wù)" not in cleaned.text
    assert "根據《中華人民共和國政府信息公開條例》" in cleaned.text
    assert actions(cleaned)["remove_pinyin"]["count"] == 788


def test_it_reads_radical_signs_a_pdf_font_gave_as_the_characters_they_draw():
    # ⼀ ⼯ ⼈ ⼾ ⽹ are Kangxi Radicals (U+2F00...), ⺠ and ⻔ of the CJK Radicals Supplement
    cleaned = clean("⼀、总体情况\n本⼯作依据《中华⼈⺠共和国政府信息公开条例》,由办公室⻔⼾⽹站发布。\n")
    assert cleaned.text == "一、总体情况\n本工作依据《中华人民共和国政府信息公开条例》,由办公室门户网站发布。"
    entry = actions(cleaned)["normalize_radicals"]
    assert entry["count"] == 7 and "⺠ → 民" in entry["examples"]
    assert cleaned.edited.original.startswith("⼀、总体情况")  # the original stays as it came
    # each character an edit of its own: 民 points back at ⺠
    民 = cleaned.text.index("民")
    assert cleaned.edited.original[cleaned.edited.origin(民)] == "⺠"


def test_it_drops_page_chrome_and_keeps_the_date_as_metadata():
    cleaned = clean(sample_text("shanghai-sheitc-2020-work-plan"))
    assert cleaned.hints["published_on"] == datetime.date(2020, 4, 21)
    assert cleaned.text.startswith("2020年上海市经济和信息化委员会政务公开工作要点\n")
    assert "栏目导航" not in cleaned.text and "字号" not in cleaned.text
    assert "GOVERNMENT INFORMATION" not in cleaned.text


def test_it_drops_footers_in_traditional_script():
    cleaned = clean(sample_text("shanghai-yangpu-2020-annual-report"))
    for footer in ["相關詞條", "熱門詞條", "聯絡我們"]:
        assert footer not in cleaned.text
    assert set(actions(cleaned)["remove_page_chrome"]["examples"]) == {"相關詞條", "熱門詞條", "聯絡我們"}


def test_it_rejoins_paragraphs_and_words_broken_at_page_ends():
    cleaned = clean(sample_text("shanghai-yangpu-2021-work-plan"))
    assert "明确相关公开要求" in cleaned.text
    assert "“扫码知卫生”项目" in cleaned.text
    assert "符合主动公开条件" in cleaned.text
    # Headings are not glued to what follows them.
    assert "\n一、进一步夯实政务公开工作基础\n(一)规范政务信息管理。" in cleaned.text


def test_it_does_not_join_table_cells_or_closed_sentences():
    cleaned = clean(sample_text("shanghai-2023-annual-report"))
    assert "rejoin_breaks" not in actions(cleaned)


def test_it_normalizes_indentation_width_and_spaces_inside_chinese_text():
    cleaned = clean("\u3000\u3000（一）２０２１ 年，全年共 54 场。\n\u00a0\u00a0第二段")
    assert cleaned.text == "(一)2021年，全年共54场。\n第二段"


def test_it_keeps_one_space_between_two_numbers_as_the_border_of_their_cells():
    # A flattened statistics table: 本年度 739 and 历年累计 4359 must not become 7394359.
    assert clean("主动公开信息数 条 739   4359 件").text == "主动公开信息数条739 4359件"


def test_it_removes_spaces_between_chinese_and_latin_only_where_they_are_layout():
    cases = {
        "国务 院": "国务院",
        "ESG 报告": "ESG报告",  # a word, then Chinese
        "报告 (2021)": "报告(2021)",  # Chinese, then a parenthesis
        "完成。  “十四五”": "完成。“十四五”",
        "Open Data": "Open Data",  # between two words: a real space
        "公开 ，": "公开 ，",  # before a comma: no rule takes it
        " 首 ": "首",  # at the line's edges
    }
    for text, expected in cases.items():
        assert clean(text).text == expected, text
    cleaned = clean("甲 乙\n丙\u3000丁\n  戊")
    assert cleaned.text == "甲乙\n丙丁\n戊"
    assert actions(cleaned)["normalize_whitespace"]["examples"] == ["'  '", "' '", "'\\u3000'"]


def test_it_keeps_a_block_pasted_twice_once_and_removes_the_junk_that_tells_the_copies_apart():
    cleaned = clean(sample_text("shanghai-yangpu-2020-annual-report"))
    assert cleaned.text.count("4、深化重點領域信息公開工作。") == 1
    assert cleaned.text.count("細化財政信息公開。") == 1
    assert "熱鍵乘" not in cleaned.text
    assert "生態保護、社會救助" in cleaned.text
    step = actions(cleaned)["remove_duplicate_block"]
    assert step["count"] == 1 and step["spans"][0]["paragraphs"] == 12


def test_it_finds_a_pasted_paragraph_after_one_that_shares_only_the_sub_heading_before_it():
    pasted = (
        "推进政务公开标准化规范化建设。完善主动公开目录。提高政策解读质量和回应关切水平。做好依申请公开工作。"
        "加强政府信息管理。动态更新政策文件库。做好政府公报的编辑发布和数字化工作。方便公众查阅使用政府信息。"
    )
    other = "本年度共收到政府信息公开申请一百二十件。均在法定期限内予以答复。未发生行政复议和行政诉讼案件。"
    cleaned = clean("\n".join(["(一)主动公开", pasted, "(一)主动公开", other, pasted, "完。"]))
    # The paragraph between follows the same sub-heading, which is not a block of its own:
    # the pasted copy after it is still found.
    assert cleaned.text.count(pasted) == 1 and other in cleaned.text
    assert actions(cleaned)["remove_duplicate_block"]["count"] == 1


def test_it_removes_the_junk_of_a_later_pasted_block_where_it_is_after_an_earlier_block_is_removed():
    first = (
        "推进政务公开标准化规范化建设。完善主动公开目录。提高政策解读质量和回应关切水平。做好依申请公开工作。"
        "加强政府信息管理。动态更新政策文件库。做好政府公报的编辑发布和数字化工作。方便公众查阅使用政府信息。"
    )
    second = (
        "本年度共收到政府信息公开申请一百二十件。均在法定期限内予以答复。未发生行政复议和行政诉讼案件。"
        "全年办理情况良好。群众满意度较高。继续做好相关工作。进一步提升依申请公开办理质量和效率。切实保障人民群众知情权。"
    )
    junk = second[:20] + "的" + second[20:]
    text = "\n".join(["第一部分", first, "中间一段说明。", first, "第二部分", junk, "另一段说明。", second, "完。"])
    cleaned = clean(text)
    assert cleaned.text == "\n".join(["第一部分", first, "中间一段说明。", "第二部分", second, "另一段说明。", "完。"])
    assert actions(cleaned)["remove_duplicate_block"]["count"] == 2
    assert actions(cleaned)["remove_noise"]["spans"] == [{"start": 240, "end": 241, "text": "的"}]
    assert text[240] == "的"


def test_a_paragraph_kept_from_two_pasted_blocks_has_its_junk_removed_once():
    lead = "推进政务公开标准化规范化建设,完善主动公开目录。"
    kept = "加强政府信息管理,动态更新政策文件库,做好政府公报的编辑发布和数字化工作,方便公众查阅使用政府信息。" * 2
    cleaned = clean("\n".join([lead, kept[:10] + "的" + kept[10:], lead, kept, kept]))
    assert cleaned.text.count(kept) == 1 and "的加强" not in cleaned.text and "信息管理的" not in cleaned.text


def test_it_finds_a_pasted_run_of_sub_headings_before_paragraphs_of_other_lengths():
    headings = [f"第{n}项工作要点的说明和具体安排如下所示"[:18] for n in "一二三四五六七"]
    text = "\n".join([
        "标题", *headings, "推进政务公开标准化规范化建设,完善主动公开目录,提高政策解读质量。", *headings,
        "本年度共收到政府信息公开申请一百二十件,均在法定期限内予以答复,未发生行政复议和行政诉讼案件,全年办理情况良好,群众满意度较高。",
    ])
    cleaned = clean(text)
    assert all(cleaned.text.count(heading) == 1 for heading in headings)
    assert actions(cleaned)["remove_duplicate_block"]["spans"][0]["paragraphs"] == 7


def test_it_flags_a_download_address_that_is_not_a_government_site():
    cleaned = clean(sample_text("shanghai-2023-annual-report"))
    flagged = actions(cleaned)["flag_suspicious_link"]
    assert [s["text"] for s in flagged["spans"]] == ["www.meditationbooking.com"]
    # Flagged, not removed: the reader decides.
    assert "www.meditationbooking.com" in cleaned.text


def test_it_does_not_flag_government_sites():
    cleaned = clean("报告可从上海市人民政府网站(www.shanghai.gov.cn)和 https://www.gov.cn/zhengce/ 下载。")
    assert "flag_suspicious_link" not in actions(cleaned)


def test_every_recorded_edit_points_at_what_it_removed_in_the_original():
    for name in ["shanghai-2023-annual-report", "shanghai-yangpu-2020-annual-report", "shanghai-yangpu-2021-work-plan"]:
        original = sample_text(name)
        cleaned = clean(original)
        assert cleaned.edited.edits
        for edit in cleaned.edited.edits:
            assert original[edit.start : edit.end] == edit.removed


def test_a_numbered_heading_is_not_joined_to_the_paragraph_after_it():
    text = "五、政府信息公开工作存在的主要问题及改进情况\n\n一是新《条例》实施后，专业领域的理论学习仍需加强。\n"
    assert "改进情况\n一是" in clean(text).text


def test_a_numbered_heading_listing_its_items_is_not_joined_to_the_paragraph_after_it():
    text = "四、因政府信息公开申请行政复议、提起行政诉讼情况\n\n我办2010年度未发生行政复议案件和行政诉讼案件。\n"
    assert "行政诉讼情况\n我办" in clean(text).text
    # a numbered sentence cut at a page end still joins
    cut = "四、本年度我办受理申请12件，其中涉及复议、诉讼的\n\n案件已全部办结。\n"
    assert "诉讼的案件" in clean(cut).text
    cut = "1.进一步加强政府网站、政务新媒体和政务公开专区等平台\n\n建设，提升公开实效。\n"
    assert "等平台建设" in clean(cut).text
    cut = "（一）全面公开市场监管、生态环境、交通运输等领域行政执法事项\n\n清单及办理结果，主动接受社会监督。\n"
    assert "执法事项清单" in clean(cut).text


def test_a_sentence_cut_at_a_page_end_is_still_joined():
    text = "我局进一步规范办理程序，依法依规妥善处理政府信息公开申请，明确\n\n相关公开要求。\n"
    assert "明确相关公开要求" in clean(text).text


def test_a_numbered_heading_in_traditional_script_is_not_joined_either():
    text = "四、因政府信息公開申請行政複議、提起行政訴訟情況\n\n我辦2010年度未發生行政複議案件和行政訴訟案件。\n"
    assert "行政訴訟情況\n我辦" in clean(text).text


def test_punctuation_set_for_vertical_text_reads_as_it_does_across():
    # A PDF's group label set top to bottom: ︵五︶不予处理, its comma ︑.
    result = clean("︵五︶不予处理\n公开︑解读\n")
    assert result.text.splitlines() == ["(五)不予处理", "公开、解读"]
    step = next(r for r in result.report if r["action"] == "normalize_width")
    assert step["count"] == 3  # ︵, ︶ and ︑


def test_a_vertical_comma_stays_a_chinese_comma_and_joins_no_digits():
    assert clean("申请12︐345件︓其中\n").text.splitlines() == ["申请12，345件：其中"]
