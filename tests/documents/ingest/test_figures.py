"""figures.find_figures on the samples (through the real pipeline) and on made-up sentences.
Expected figures were read off the documents themselves; no database."""
from decimal import Decimal
from functools import lru_cache

import pytest

from documents.ingest.figures import find_figures
from documents.ingest.pipeline import parse_bytes
from documents.ingest.sections import parse_sections
from tests.conftest import SAMPLE_NAMES, sample_bytes

YANGPU_2020 = "shanghai-yangpu-2020-annual-report"
REPORT_2023 = "shanghai-2023-annual-report"


@lru_cache(maxsize=None)
def parsed(name):
    return parse_bytes(sample_bytes(name))


@lru_cache(maxsize=None)
def figures(name):
    doc = parsed(name)
    return find_figures(doc.clean_text, doc.structure)


def on(text):
    return find_figures(text, parse_sections(text))


def triples(figs):
    return [(f.label, f.value, f.unit) for f in figs]


def one(figs, value, unit):
    found = [f for f in figs if f.value == Decimal(value) and f.unit == unit]
    assert len(found) == 1, (value, unit, [(f.label, f.value, f.unit) for f in found])
    return found[0]


# -- the Yangpu 2020 report --------------------------------------------------------------
def test_it_reads_the_yangpu_2020_figures_with_their_labels_and_units():
    got = triples(figures(YANGPU_2020))
    for expected in [
        ("行政事业性收费项目", Decimal("26"), "项"),
        ("政府集中采购项目数量", Decimal("37"), "项"),
        ("采购总金额", Decimal("143780.54"), "万元"),
        ("行政许可", Decimal("884"), "项"),
        ("行政处罚", Decimal("2199"), "项"),
        ("行政强制", Decimal("208"), "项"),
        ("其他行政权力及公共服务事项", Decimal("1918"), "项"),
        ("区人大代表建议办理结果", Decimal("94"), "件"),
        ("区政协提案办理结果", Decimal("139"), "件"),
        ("依申请行政权力事项", Decimal("1872"), "项"),
        ("行政许可事项", Decimal("653"), "项"),
        ("事项", Decimal("88"), "个"),
        ("项目绩效评价结果", Decimal("11"), "个"),
    ]:
        assert expected in got


def test_the_yangpu_2020_procurement_and_fee_figures_are_linked_and_the_list_counts_are_not():
    figs = figures(YANGPU_2020)
    # no canonical key counts fee items now (the 2019 template has 上一年项目数量 and 本年增/减)
    assert one(figs, "26", "项").key is None
    assert one(figs, "37", "项").key == "proactive.procurement.count"
    amount = one(figs, "143780.54", "万元")
    assert amount.key == "proactive.procurement.amount"
    assert amount.sentence.startswith("共主动公开行政事业性收费项目26项")
    # 行政许可884项 counts items of a 权责清单, not licensing decisions
    assert one(figs, "884", "项").key is None
    assert all(f.key is None for f in figs if f.label.startswith(("行政许可", "行政处罚", "区人大", "区政协")))


def test_a_change_figure_keeps_its_base_and_the_label_of_what_it_compares():
    figs = figures(YANGPU_2020)
    change = one(figs, "689", "项")
    assert (change.label, change.qualifier, change.base, change.key) == ("行政许可", "增加", "2020年", None)
    assert (one(figs, "2061", "项").label, one(figs, "2061", "项").base) == ("行政处罚", "2020年")
    # 比2020年增加204 has no unit of its own: it is 行政强制's
    bare = one(figs, "204", "项")
    assert (bare.label, bare.qualifier) == ("行政强制", "增加")


def test_figures_carry_their_offsets_sentence_and_section():
    doc = parsed(YANGPU_2020)
    fig = one(figures(YANGPU_2020), "884", "项")
    assert doc.clean_text[fig.start:fig.end] == "884项"
    assert fig.sentence.startswith("通过“一网通办”集中公开权责清单") and fig.sentence.endswith("比2020年增加689项;")
    assert doc.structure.sections[fig.section].heading == "聚焦深化行政改革做好信息公开"
    assert all(f.source == "narrative" for f in figures(YANGPU_2020))


# -- the 2023 report ------------------------------------------------------------------------
LINKED_2023 = {
    "requests.new.total": ("34290", "件"),
    "outcome.total.total": ("34430", "件"),
    "narrative.disclosed_and_partly": ("10538", "件"),
    "outcome.withheld.total": ("1615", "件"),
    "outcome.unavailable.total": ("14342", "件"),
    "outcome.not_processed.total": ("822", "件"),
    "outcome.other.total": ("7113", "件"),
    "review.total": ("1202", "件"),
    "review.corrected": ("77", "件"),
    "litigation.total": ("927", "件"),
    "litigation.corrected": ("32", "件"),
}


def test_the_2023_prose_figures_are_linked_to_their_canonical_keys():
    counts = {f.key: (str(f.value), f.unit) for f in figures(REPORT_2023) if f.key and f.unit != "%"}
    assert counts == LINKED_2023


def test_a_share_takes_the_label_of_the_count_before_it_and_a_share_key():
    figs = figures(REPORT_2023)
    shares = {(f.label, str(f.value), f.key) for f in figs if f.unit == "%" and f.key}
    assert shares == {
        ("予以公开及部分公开", "30.61", "narrative.disclosed_and_partly.share"),
        ("不予公开", "4.70", "outcome.withheld.total.share"),
        ("无法提供", "41.66", "outcome.unavailable.total.share"),
        ("不予处理", "2.39", "outcome.not_processed.total.share"),
        # after the bracket (其中申请人主动撤销5330件) the share is still 其他处理's
        ("其他处理", "20.66", "outcome.other.total.share"),
    }
    withdrawn = one(figs, "5330", "件")
    assert (withdrawn.label, withdrawn.key) == ("申请人主动撤销", None)


def test_the_2023_labels_are_the_noun_phrases_counted():
    figs = figures(REPORT_2023)
    assert one(figs, "34290", "件").label == "政府信息公开申请"
    assert one(figs, "1202", "件").label == "信息公开行政复议"
    assert [f.label for f in figs if f.key in ("review.corrected", "litigation.corrected")] == ["结果纠正"] * 2
    assert one(figs, "707", "件").label == "行政规范性文件"
    assert one(figs, "54", "场").label == "市政府新闻发布会"
    rise = one(figs, "29.3", "%")
    assert (rise.label, rise.qualifier, rise.base, rise.key) == ("申请数量", "增加", "2022年", None)


def test_approximations_are_kept_as_qualifiers():
    figs = figures(REPORT_2023)
    media = one(figs, "1900", "家次")
    assert (media.label, media.qualifier) == ("境内外媒体", "近")
    reporters = one(figs, "2500", "人次")
    assert (reporters.label, reporters.qualifier) == ("记者", "余")
    assert one(figs, "2800", "万").qualifier == "以上"          # 粉丝总量超过2800万
    assert one(figs, "10", "场").qualifier == "余"               # 产业培训十余场
    assert one(figs, "100", "万人").qualifier == "近"            # 参与人数近100万人


def test_no_figure_comes_from_a_statistics_table():
    doc = parsed(REPORT_2023)
    tables = [(t.start, t.end) for t in doc.structure.tables]
    assert tables
    assert not [f for f in figures(REPORT_2023) if any(a <= f.start < b for a, b in tables)]
    values = {f.value for f in figures(REPORT_2023)}
    assert Decimal("32419") not in values and Decimal("11337464") not in values


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_figure_of_every_sample_is_a_number_and_unit_outside_titles_and_tables(name):
    doc = parsed(name)
    for f in figures(name):
        written = doc.clean_text[f.start:f.end]
        assert written[0].isdigit() or written[0] in "一二两三四五六七八九十", written
        assert f.sentence in doc.clean_text
        assert f.label or f.qualifier in ("增加", "减少")


# -- what is never a figure ----------------------------------------------------------------
@pytest.mark.parametrize("sentence", [
    "2021年4月9日印发杨府办〔2021〕10号。",
    "市发展改革委公开《上海市2023年碳达峰碳中和及节能减排重点工作安排》。",
    "发布《杨浦区推进创新创业高质量发展三年行动计划(2020-2022)》和健康上海行动(2019-2030年)。",
    "本年度报告中所列数据统计期限为2023年1月1日至12月31日。",
    "经区政府第130次常务会议审议通过,连续第5年邀请公众代表,举办第22届上海国际艺术节。",
    "根据财政统一安排做好以下公开:1、预决算公开2、专项资金管理办法3、绩效目标。",
    "第二十条第(一)项;稳步推进部署互联网协议第六版(IPv6);拨打12345热线。",
    "主动公开和解读促消费“15条”、投资促进“24条”,推进“15分钟社区生活圈”建设。",
    "见沪府办发[2020]3号文件,于2020-04-21发布,发布6.0版改革举措。",
])
def test_years_dates_document_numbers_list_numbers_and_titles_give_no_figure(sentence):
    assert on("一、总体情况\n" + sentence + "\n") == []


def test_a_limit_in_a_plan_is_a_target_not_a_figure():
    assert on("一、要求\n多元化解读率不得低于60%,答复期限不得超过5个工作日,简单问题要在1个工作日内完成答复。\n") == []


def test_ranges_and_approximations_in_made_up_prose():
    figs = on("一、总体情况\n共受理申请约200件,办理时限3-5个工作日,开展活动10多场,培训300人左右。\n")
    assert [(f.label, f.value, f.upper, f.unit, f.qualifier) for f in figs] == [
        ("申请", Decimal("200"), None, "件", "约"),
        ("办理时限", Decimal("3"), Decimal("5"), "个工作日", None),
        ("活动", Decimal("10"), None, "场", "余"),
        ("培训", Decimal("300"), None, "人", "约"),
    ]


def test_a_decrease_against_last_year():
    figs = on("一、总体情况\n本年收到政府信息公开申请120件,较上年减少15件。\n")
    assert [(f.label, f.value, f.qualifier, f.base) for f in figs] == [
        ("政府信息公开申请", Decimal("120"), None, None),
        ("政府信息公开申请", Decimal("15"), "减少", "上年"),
    ]


def test_keys_need_a_sentence_about_applications():
    linked = on("一、依申请公开情况\n全年共收到政府信息公开申请120件,答复政府信息公开申请118件。\n")
    assert [f.key for f in linked] == ["requests.new.total", "outcome.total.total"]
    # the same numbers in an unrelated sentence about proposals are not linked
    unlinked = on("一、回应关切\n全年共收到人大代表建议120件,办理政协提案118件。\n")
    assert [f.key for f in unlinked] == [None, None]


def test_an_offset_is_within_spans_that_overlap_touch_or_come_unsorted_as_it_is_within_one_of_them():
    from documents.ingest.figures import _within

    spans = [(30, 40), (5, 10), (8, 12), (12, 15), (20, 20), (50, 49)]
    inside = _within(spans)
    for pos in range(-1, 60):
        assert inside(pos) == any(a <= pos < b for a, b in spans), pos
    assert not _within([])(0)


# -- the older reports' prose ------------------------------------------------------------------
def keyed(text):
    return {(f.key, f.value) for f in on(text) if f.key}


def test_a_nil_statement_is_a_zero_under_its_key():
    assert keyed("三、依申请公开情况\n本年度未收到有关政府信息公开的申请。") == {("requests.new.total", 0)}
    assert keyed("三、依申请公开情况\n本年度未收到有关政府信息公开行政复议申请。") == {("review.total", 0)}
    assert keyed("五、复议诉讼情况\n本年度未发生因政府信息公开引起的行政诉讼。") == {("litigation.total", 0)}


def test_one_nil_statement_about_review_and_litigation_gives_both_and_no_application_count():
    got = keyed("五、复议诉讼情况\n本年度未收到有关政府信息公开行政复议、提起行政诉讼的申请。")
    assert got == {("review.total", 0), ("litigation.total", 0)}


def test_a_nil_statement_about_something_else_is_no_figure():
    assert keyed("二、主动公开情况\n本年度未收到群众对网站的投诉。") == set()
    assert keyed("三、依申请公开情况\n本年度未收到因政府信息公开申请提起的行政复议。") == {("review.total", 0)}


def test_application_counts_in_tiao_and_the_older_answer_words_are_linked():
    got = keyed("三、政府信息依申请公开工作情况\n本年度共收到有关政府信息公开的申请13条，其中当面申请数9条；"
                "对依申请公开的答复总数13条，其中同意公开答复数11条，同意部分公开答复数2条。")
    assert got == {("requests.new.total", 13), ("outcome.disclosed.total", 11),
                   ("outcome.partially_disclosed.total", 2)}


def test_applications_carried_over_and_carried_forward_in_the_prose_are_linked_to_their_rows():
    got = keyed("一、总体情况\n(二)依申请公开情况\n2024年共办理政府信息公开申请80件；上年结转2件，结转下年办理8件。")
    assert {("requests.carried_over.total", 2), ("requests.carried_forward.total", 8)} <= got
    got = keyed("一、总体情况\n(二)依申请公开情况\n2023年共收到依申请公开12件,均已按时答复。")
    assert ("requests.new.total", 12) in got
    # nothing of the kind outside the applications' context
    assert keyed("二、主动公开情况\n上年结转项目2件，结转下年3件。") == set()


def test_applications_taken_in_hand_that_equal_those_handled_plus_those_carried_forward_are_not_the_new_ones():
    # 749 = 718 + 31: every application of the year, the ones carried over from the year before
    # included; the new ones were 713 (table 三 of the report)
    text = ("一、总体情况\n(二)依申请公开\n全县全年共受理政府信息公开申请749件，其中自然人申请741件，"
            "法人或其他组织申请8件；共办理718件，结转下一年31件。")
    got = keyed(text)
    assert ("requests.carried_forward.total", 31) in got
    assert not any(key == "requests.new.total" for key, _ in got)
    # nothing carried over, as the text says: they are the new ones
    got = keyed(text.replace("全县全年", "上年结转0件，全县全年"))
    assert ("requests.new.total", 749) in got
    # a count that is not handled plus carried forward is the new ones
    assert ("requests.new.total", 749) in keyed(text.replace("共办理718件", "共办理700件"))
    # received (收到) says new, whatever the sums
    assert ("requests.new.total", 749) in keyed(text.replace("受理", "收到"))


def test_applications_counted_in_xiang_are_linked_but_items_of_a_list_are_not():
    got = keyed("一、总体情况\n(二)依申请公开政府信息情况。\n2021年,某省交通运输厅共收到依申请公开16项,办理15项,"
                "结转下年度继续办理1项。")
    assert {("requests.new.total", 16), ("requests.carried_forward.total", 1)} <= got
    assert keyed("一、总体情况\n(二)依申请公开情况\n梳理依申请公开事项16项。") == set()


def test_a_clause_about_an_application_not_accepted_or_an_answer_not_received_is_no_nil_figure():
    assert keyed("三、依申请公开情况\n对未受理的政府信息公开申请逐一说明理由。") == set()
    assert keyed("三、依申请公开情况\n申请人称未收到政府信息公开申请的答复。") == set()


def test_applications_named_as_reports_name_them_are_linked_to_the_new_applications():
    for sentence, value in [("2024年新受理依申请政府信息公开8件,全部依规及时完成回复。", 8),
                            ("2020年,市公安局共收到1件依申请公开。", 1),
                            ("本年度受理依申请政府信息公开事项25件。", 25)]:
        assert ("requests.new.total", value) in keyed("一、总体情况\n(二)依申请公开\n" + sentence), sentence


def test_reviews_the_disclosure_work_gave_rise_to_are_linked_to_the_review_total():
    assert ("review.total", 1) in keyed("一、总体情况\n(二)依申请公开\n全年因政府信息公开工作被申请行政复议1件。")
    assert ("review.total", 0) in keyed("一、总体情况\n(二)依申请公开\n因政府信息依申请公开引起行政复议0件。")
    # a review about something else is no disclosure figure
    assert keyed("一、总体情况\n(一)主动公开\n全年因征地拆迁被申请行政复议3件。") == set()


def test_reviews_of_every_matter_and_items_asked_for_in_xiang_are_not_disclosure_figures():
    # all the reviews the organ faced, of which 3 were about disclosure
    assert keyed("一、总体情况\n(二)依申请公开\n全年共被申请行政复议25件，其中涉及政府信息公开的3件。") == set()
    assert keyed("一、总体情况\n(二)依申请公开\n被申请行政复议25件，均为征收补偿类。") == set()
    assert keyed("一、总体情况\n(二)依申请公开\n全年引起行政复议25件，因政府信息公开引起0件。") == set()
    # 项 counts the pieces of information asked for, 件 the applications
    assert keyed("一、总体情况\n(二)依申请公开\n全年收到申请12件，共申请公开信息45项，其中予以公开30项、部分公开5项、"
                 "不予公开4项、无法提供6项。") == {("requests.new.total", 12)}
    assert keyed("一、总体情况\n(二)依申请公开\n收到申请7件，申请事项共9项，处理依申请公开9项。") == {("requests.new.total", 7)}


def test_applications_with_the_verb_in_their_label_are_linked_and_outcomes_only_in_the_answer_words():
    assert ("requests.new.total", 13) in keyed("一、总体情况\n(二)依申请公开\n接收政府信息公开申请13件,产生行政复议及行政诉讼0件。")
    assert ("requests.new.total", 29) in keyed("一、总体情况\n(二)依申请公开\n截止2023年12月31日,我办收到依法处理依申请公开29件。")
    got = keyed("一、总体情况\n(二)依申请公开\n受理政府信息公开申请49件。其中,依申请同意公开14件,不予处理1件。")
    assert {("outcome.disclosed.total", 14), ("outcome.not_processed.total", 1)} <= got
    # 予以公开 and 部分公开 are said of much else: information, documents, other years
    for sentence in ("本年度共受理依申请公开事项15件，涉及政府信息45条，其中予以公开30条，部分公开5条。",
                     "对依申请公开中公众关注度高的信息，及时转为主动公开，全年予以公开56条。",
                     "自2008年以来，累计受理依申请公开1200件，其中予以公开980件，部分公开60件。"):
        got = keyed("一、总体情况\n(二)依申请公开\n" + sentence)
        assert not any(k.startswith(("outcome.disclosed", "outcome.partially")) for k, _ in got), sentence


def test_cases_counted_in_zong_are_no_disclosure_figures():
    # 宗 counts land parcels and enforcement cases as often as reviews
    assert keyed("五、因政府信息公开申请行政复议、提起行政诉讼情况\n我局办理行政复议案件12宗，均为土地征收补偿类。") == set()
    assert keyed("一、总体情况\n(二)依申请公开\n查处违法用地案件30宗，其中不予处理5宗。") == set()


def test_applications_counted_in_jianci_or_named_information_by_application_are_linked():
    assert ("requests.new.total", 34) in keyed("一、总体情况\n(二)依申请公开\n全年共受理政府信息依申请公开34件。")
    assert ("requests.new.total", 0) in keyed("一、总体情况\n(二)依申请公开\n本年度收到政府信息公开申请0件次。")
