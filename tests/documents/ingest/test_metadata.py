"""metadata.extract_metadata on the five samples (through approx_pipeline.py) and on made-up
titles from other places. Expected values were read off the documents themselves."""
import datetime

import pytest

from documents.ingest.metadata import extract_metadata, find_title, gazetteer, parse_date
from documents.ingest.sections import parse_sections
from tests.conftest import SAMPLE_NAMES, sample_bytes
from tests.documents.ingest.approx_pipeline import sample


def meta(name, **kw):
    text = sample(name)
    return extract_metadata(text, front=parse_sections(text).front, **kw)


def about(title, body="一、总体情况\n正文。\n", **kw):
    return extract_metadata(f"{title}\n{body}", **kw)


def test_it_reads_the_yangpu_2020_report():
    m = meta("shanghai-yangpu-2020-annual-report")
    assert m.title == "2020年上海市杨浦区人民政府信息公开工作年度报告"
    assert (m.publisher, m.region, m.level) == ("上海市杨浦区人民政府", "上海市杨浦区", "district")
    assert (m.year, m.kind) == (2020, "annual_report")
    assert (m.doc_number, m.issuer, m.published_on) == (None, None, None)
    assert m.slug == "shanghai-yangpu-2020-annual-report"


def test_it_places_changning_under_shanghai():
    m = meta("shanghai-changning-2019-work-plan")
    assert m.title == "2019年长宁区政务公开工作要点"
    assert (m.publisher, m.region, m.level) == ("上海市长宁区人民政府", "上海市长宁区", "district")
    assert (m.year, m.kind) == (2019, "work_plan")
    assert m.slug == "shanghai-changning-2019-work-plan"


def test_it_reads_the_yangpu_2021_plan_and_its_issuing_notice():
    m = meta("shanghai-yangpu-2021-work-plan")
    assert m.title == "2021年杨浦区政务公开工作要点"  # the plan's title, not the notice's
    assert (m.publisher, m.region, m.level) == ("上海市杨浦区人民政府", "上海市杨浦区", "district")
    assert m.issuer == "上海市杨浦区人民政府办公室"
    assert m.doc_number == "杨府办〔2021〕10号"
    assert m.published_on == datetime.date(2021, 4, 9)
    assert (m.year, m.kind) == (2021, "work_plan")
    assert m.slug == "shanghai-yangpu-2021-work-plan"


def test_it_reads_the_shanghai_2023_report():
    m = meta("shanghai-2023-annual-report")
    assert m.title == "2023年上海市政府信息公开工作年度报告"
    assert (m.publisher, m.region, m.level) == ("上海市人民政府", "上海市", "city")
    assert (m.year, m.kind) == (2023, "annual_report")
    assert m.published_on is None  # 统计期限为2023年1月1日至12月31日 is no publication date
    assert m.slug == "shanghai-2023-annual-report"


def test_it_reads_the_sheitc_plan_as_a_department_and_finds_the_date_in_left_over_chrome():
    m = meta("shanghai-sheitc-2020-work-plan")
    assert m.title == "2020年上海市经济和信息化委员会政务公开工作要点"
    assert (m.publisher, m.region, m.level) == ("上海市经济和信息化委员会", "上海市", "department")
    assert (m.year, m.kind) == (2020, "work_plan")
    assert m.published_on == datetime.date(2020, 4, 21)  # 来源:市经信委发布日期:2020-04-21
    assert m.slug == "shanghai-jingxinwei-2020-work-plan"


def test_it_takes_the_publication_date_from_hints_once_the_chrome_is_gone():
    text = "\n".join(line for line in sample("shanghai-sheitc-2020-work-plan").splitlines()
                     if "发布日期" not in line) + "\n"
    assert extract_metadata(text).published_on is None
    m = extract_metadata(text, hints={"published_on": datetime.date(2020, 4, 21)})
    assert m.published_on == datetime.date(2020, 4, 21)
    assert extract_metadata(text, hints={"published_on": "2020-04-21"}).published_on == datetime.date(2020, 4, 21)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_it_gives_the_same_answer_without_a_front_argument(name):
    assert extract_metadata(sample(name)) == meta(name)


@pytest.mark.parametrize("title, publisher, region, level, year, kind, slug", [
    ("北京市海淀区人民政府2022年政府信息公开工作年度报告",
     "北京市海淀区人民政府", "北京市海淀区", "district", 2022, "annual_report", "beijing-haidian-2022-annual-report"),
    ("广州市财政局2021年政务公开工作要点",
     "广州市财政局", "广东省广州市", "department", 2021, "work_plan", "guangdong-guangzhou-caizhengju-2021-work-plan"),
    ("2022年浙江省人民政府信息公开年报",
     "浙江省人民政府", "浙江省", "province", 2022, "annual_report", "zhejiang-2022-annual-report"),
    ("2021年杭州市西湖区人民政府信息公开工作年度报告",
     "杭州市西湖区人民政府", "浙江省杭州市西湖区", "district", 2021, "annual_report",
     "zhejiang-hangzhou-xihu-2021-annual-report"),
    ("2021年桐庐县政务公开工作要点",
     "桐庐县人民政府", "浙江省杭州市桐庐县", "district", 2021, "work_plan", "zhejiang-hangzhou-tonglu-2021-work-plan"),
    ("2019年度闵行区政府信息公开工作年度报告",
     "上海市闵行区人民政府", "上海市闵行区", "district", 2019, "annual_report", "shanghai-minhang-2019-annual-report"),
    ("2021年上海市浦东新区人民政府信息公开工作年度报告",
     "上海市浦东新区人民政府", "上海市浦东新区", "district", 2021, "annual_report", "shanghai-pudong-2021-annual-report"),
    ("2020年上海市人民政府办公厅政府信息公开工作年度报告",
     "上海市人民政府办公厅", "上海市", "department", 2020, "annual_report", "shanghai-bangongting-2020-annual-report"),
    ("2020年重庆市长寿区政务公开工作实施方案",
     "重庆市长寿区人民政府", "重庆市长寿区", "district", 2020, "work_plan", "chongqing-changshou-2020-work-plan"),
    ("2020年内蒙古自治区人民政府信息公开工作年度报告",
     "内蒙古自治区人民政府", "内蒙古自治区", "province", 2020, "annual_report", "neimenggu-2020-annual-report"),
    ("深圳市南山区卫生健康局2023年政府信息公开工作年度报告",
     "深圳市南山区卫生健康局", "广东省深圳市南山区", "department", 2023, "annual_report",
     "guangdong-shenzhen-nanshan-weijianju-2023-annual-report"),
])
def test_it_generalizes_to_titles_from_other_places(title, publisher, region, level, year, kind, slug):
    m = about(title)
    assert m.title == title
    assert (m.publisher, m.region, m.level, m.year, m.kind, m.slug) == (publisher, region, level, year, kind, slug)


def test_it_settles_a_district_name_shared_by_two_cities_from_context():
    beijing = about("2021年朝阳区政务公开工作要点", body="一、总体要求\n北京市朝阳区坚持……。\n")
    changchun = about("2021年朝阳区政务公开工作要点", body="一、总体要求\n长春市朝阳区坚持……。\n")
    assert (beijing.region, beijing.publisher) == ("北京市朝阳区", "北京市朝阳区人民政府")
    assert (changchun.region, changchun.publisher) == ("吉林省长春市朝阳区", "长春市朝阳区人民政府")
    assert about("2021年朝阳区政务公开工作要点", hints={"province": "吉林省"}).region == "吉林省长春市朝阳区"


@pytest.mark.parametrize("title, kind", [
    ("2020年上海市杨浦区人民政府信息公开工作年度报告", "annual_report"),
    ("2022年浙江省人民政府信息公开年报", "annual_report"),
    ("2021年上海市政府信息公开年度报告", "annual_report"),
    ("2021年某区政务公开工作年度报告", "annual_report"),
    ("关于2022年度政府信息公开情况的报告", "annual_report"),
    ("关于某市政府信息公开专项检查情况的报告", "other"),
    ("2021年杨浦区政务公开工作要点", "work_plan"),
    ("2021年某区政务公开工作实施方案", "work_plan"),
    ("2021年某区政务公开工作计划", "work_plan"),
    ("上海市人民政府关于印发某某办法的通知", "other"),
    ("2021年某区国民经济和社会发展统计公报", "other"),
])
def test_it_tells_the_kinds_apart(title, kind):
    assert about(title).kind == kind


@pytest.mark.parametrize("line, number", [
    ("杨府办〔2021〕10号", "杨府办〔2021〕10号"),
    ("沪府办发〔2020〕3号", "沪府办发〔2020〕3号"),
    ("沪府办发[2020]3号", "沪府办发[2020]3号"),
    ("沪府办发(2020)3号", "沪府办发(2020)3号"),
    ("(沪府办发〔2020〕3号)", "沪府办发〔2020〕3号"),
    ("沪府办发 〔2020〕 3 号", "沪府办发〔2020〕3号"),
])
def test_it_reads_document_numbers_in_any_brackets(line, number):
    text = f"上海市人民政府办公厅\n{line}\n上海市人民政府办公厅关于印发《2020年上海市政务公开工作要点》的通知\n各区人民政府：\n现印发给你们。\n一、总体要求\n正文。\n"
    m = extract_metadata(text)
    assert m.doc_number == number
    assert m.issuer == "上海市人民政府办公厅"
    assert m.title == "2020年上海市政务公开工作要点"  # from the notice's 《》
    assert (m.publisher, m.kind, m.year) == ("上海市人民政府", "work_plan", 2020)


def test_it_ignores_document_numbers_cited_in_the_body():
    m = about("2021年杨浦区政务公开工作要点", body="一、总体要求\n根据《通知》(沪府办发〔2021〕5号)要求，做好工作。\n")
    assert m.doc_number is None


def test_it_takes_the_year_from_the_title_not_from_dates_in_the_body():
    m = about("杨浦区政务公开工作要点", body="一、总体要求\n2021年4月9日起，2020年的工作继续。\n")
    assert m.year is None
    assert about("二〇二一年杨浦区政务公开工作要点").year == 2021


def test_it_reads_dates_in_several_spellings():
    assert parse_date("2020-04-21") == parse_date("2020/4/21") == parse_date("2020.4.21") == datetime.date(2020, 4, 21)
    assert parse_date("2021年4月9日") == parse_date("二〇二一年四月九日") == datetime.date(2021, 4, 9)
    assert parse_date("二〇二一年十二月三十一日") == datetime.date(2021, 12, 31)
    assert parse_date("2021年2月30日") is None
    assert parse_date(None) is None


def test_it_takes_a_signature_date_at_the_end():
    m = about("2021年杨浦区政府信息公开工作年度报告", body="一、总体情况\n正文。\n上海市杨浦区人民政府\n2022年1月20日\n")
    assert m.published_on == datetime.date(2022, 1, 20)


def test_overrides_win_and_the_slug_follows_them():
    m = meta("shanghai-changning-2019-work-plan", overrides={"year": "2020", "kind": "other"})
    assert (m.year, m.kind, m.slug) == (2020, "other", "shanghai-changning-2020-other")
    m = meta("shanghai-changning-2019-work-plan", overrides={"title": "2019年静安区政务公开工作要点"})
    assert (m.publisher, m.slug) == ("上海市静安区人民政府", "shanghai-jingan-2019-work-plan")
    m = meta("shanghai-changning-2019-work-plan", overrides={"publisher": "上海市长宁区财政局"})
    assert (m.publisher, m.level, m.slug) == ("上海市长宁区财政局", "department", "shanghai-changning-caizhengju-2019-work-plan")
    m = meta("shanghai-changning-2019-work-plan", overrides={"slug": "x", "published_on": "2019-03-01"})
    assert (m.slug, m.published_on) == ("x", datetime.date(2019, 3, 1))
    with pytest.raises(ValueError):
        meta("shanghai-changning-2019-work-plan", overrides={"colour": "red"})


def test_an_unplaced_title_leaves_region_and_level_unknown():
    m = about("某某单位2021年政务公开工作要点")
    assert (m.region, m.level, m.year, m.kind) == ("", "", 2021, "work_plan")
    assert m.slug.endswith("2021-work-plan")


def test_the_gazetteer_knows_shanghais_sixteen_districts_and_their_pinyin():
    g = gazetteer()
    shanghai = g.by_name["上海市"][0]
    districts = {d.short: d.pinyin for d in g.by_code.values() if d.parent == shanghai.code}
    assert districts == {
        "黄浦": "huangpu", "徐汇": "xuhui", "长宁": "changning", "静安": "jingan", "普陀": "putuo",
        "虹口": "hongkou", "杨浦": "yangpu", "闵行": "minhang", "宝山": "baoshan", "嘉定": "jiading",
        "浦东": "pudong", "金山": "jinshan", "松江": "songjiang", "青浦": "qingpu", "奉贤": "fengxian",
        "崇明": "chongming",
    }
    provinces = [d for d in g.by_code.values() if not d.parent]
    assert len(provinces) == 34
    assert sum(1 for d in g.by_code.values() if d.type in ("地级市", "自治州", "地区", "盟")) > 320


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_the_real_pipeline_text_gives_the_same_metadata(name):
    from documents.ingest.pipeline import parse_bytes

    assert parse_bytes(sample_bytes(name)).metadata == meta(name)


def test_a_title_given_by_hand_that_names_no_organ_leaves_the_publisher_to_the_documents_own_title():
    text = "2019年长宁区政务公开工作要点\n一、全面落实推进“五公开”\n(一)推进决策公开。严格落实。"
    meta = extract_metadata(text, overrides={"title": "繁體版"})
    assert meta.title == "繁體版"
    assert (meta.publisher, meta.year, meta.kind) == ("上海市长宁区人民政府", 2019, "work_plan")


# -- crawled pages and notices -----------------------------------------------------------------

@pytest.mark.parametrize("title, kind", [
    ("某省人民政府办公厅关于印发2017年政务公开工作主要任务分解表的通知", "work_plan"),
    ("某区管委会办公室关于2012年政府信息公开重点工作安排的通知", "work_plan"),
    ("某县公安局关于转发2010年全省公安机关警务公开工作意见", "work_plan"),
    ("某局关于印发《开展重点领域政务公开清单编制工作方案》的通知", "work_plan"),
    ("国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知", "other"),
    ("国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知", "other"),
    ("某区管委会办公室关于进一步做好政府信息公开相关工作的通知", "other"),
    ("某区人民政府办公室关于报送2023年度政府信息公开工作年度报告的通知", "other"),
    ("某市人民政府关于印发某市安全生产工作方案的通知", "other"),
])
def test_it_tells_notices_apart_by_what_they_issue(title, kind):
    assert about(title).kind == kind


def test_a_notice_without_a_year_in_its_title_is_of_the_year_it_was_issued():
    m = about("某局关于印发《开展重点领域政务公开清单编制工作方案》的通知", hints={"published_on": datetime.date(2018, 2, 5)})
    assert m.year == 2018
    m = about("某区政府信息公开工作年度报告", hints={"published_on": datetime.date(2018, 2, 5)})
    assert m.year is None  # a report's year is the year it reports on, not the year it came out
    m = about("某区政府信息公开工作年度报告", body="本报告所列数据的统计期限自2017年1月1日起至2017年12月31日止。\n一、总体情况\n正文。\n")
    assert m.year == 2017


def test_an_unplaced_title_naming_an_organ_gives_that_organ_as_written():
    m = about("平潭综合实验区管委会办公室关于2012年政府信息公开重点工作安排的通知")
    assert (m.publisher, m.region) == ("平潭综合实验区管委会办公室", "平潭综合实验区")
    m = about("国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知")
    assert (m.publisher, m.region) == ("国务院办公厅政府信息与政务公开办公室", "全国")


def test_an_unplaced_place_publishes_through_the_organ_its_report_names():
    title = "某某实验区2016年度政府信息公开工作年度报告"
    compiled = "根据《条例》要求，我区管委会办公室编制完成了本报告。\n一、概述\n正文。\n"
    assert about(title, body=compiled).publisher == "某某实验区管委会办公室"
    byline = "某某实验区管委会办公室二〇一三年一月\n本报告主要根据《条例》编制。\n一、概述\n正文。\n"
    assert about(title, body=byline).publisher == "某某实验区管委会办公室"
    header = about(title, hints={"issuer": "某某实验区管委会办公室"})
    assert header.publisher == header.issuer == "某某实验区管委会办公室"
    assert about(title, body="根据《条例》要求，我区编制完成了本报告。\n一、总体情况\n正文。\n").publisher == "某某实验区"
    assert about(title, hints={"issuer": "中国某某"}).publisher == "某某实验区"  # a site's name is no organ


def test_the_crawler_header_gives_title_number_and_address():
    hints = {"title": "某某区2021年度政府信息公开工作年度报告", "doc_number": "某府办〔2021〕3号",
             "source_url": "https://www.example.gov.cn/a.htm"}
    m = extract_metadata("某某区2021年政府信息公开年报\n一、总体情况\n正文。\n", hints=hints)
    assert (m.title, m.doc_number, m.source_url) == (hints["title"], "某府办〔2021〕3号", "https://www.example.gov.cn/a.htm")
    assert extract_metadata("2021年杨浦区政务公开工作要点\n一、总体要求\n正文。\n").source_url is None


def test_a_notice_that_is_the_plan_itself_is_the_title_and_a_cited_notice_is_no_issuer():
    text = ("某某区管委会办公室关于2012年政府信息公开重点工作安排的通知\n某某区管委会办公室\n关于2012年政府信息公开重点工作\n"
            "安排的通知\n《国务院办公厅关于印发2012年政府信息公开重点工作安排的通知》已转发。\n一、加强领导。\n正文。\n")
    m = extract_metadata(text)
    assert m.title == "某某区管委会办公室关于2012年政府信息公开重点工作安排的通知"
    assert (m.kind, m.year) == ("work_plan", 2012)
    assert m.issuer is None


def test_a_signature_date_is_a_date_standing_as_a_signature_not_one_opening_a_sentence():
    from documents.ingest.metadata import signature_date

    assert signature_date("标题\n2021年3月5日区政府召开会议。\n") is None
    assert signature_date("标题\n正文。\n某区人民政府\n2021年3月5日附件：某某表\n") == datetime.date(2021, 3, 5)
    assert signature_date("标题\n正文完。某区人民政府办公室2012年7月20日\n") == datetime.date(2012, 7, 20)
    assert signature_date("标题\n正文。\n二○一三年一月二十日\n") == datetime.date(2013, 1, 20)


def test_a_publisher_the_gazetteer_cannot_place_still_gives_the_region_it_names():
    from documents.ingest.metadata import unplaced_region

    assert unplaced_region("平潭综合实验区管委会办公室") == "平潭综合实验区"
    assert unplaced_region("平潭综合实验区市场监督管理局") == "平潭综合实验区"
    assert unplaced_region("苏州工业园区管理委员会") == "苏州工业园区"
    assert unplaced_region("国务院办公厅政府信息与政务公开办公室") == "全国"
    assert unplaced_region("国家税务总局福建省税务局") == ""  # a local branch: not the whole country
    assert unplaced_region("新区建设指挥部") == ""


# -- pages without a site's header, and publishers of other shapes -------------------------------

def test_a_notice_issuing_a_plan_gives_the_title_before_the_plans_own_line():
    text = ("南京市鼓楼区市场监督管理局关于印发《开展重点领域政务公开清单编制工作方案》的通知\n"
            "各科室：\n现将方案印发给你们，请认真贯彻落实。\n南京市鼓楼区市场监督管理局\n2018年2月5日\n"
            "市场监管局开展重点领域政务公开清单编制工作实施方案\n一、工作目标\n做好清单编制。\n")
    meta = extract_metadata(text)
    assert (meta.title, meta.publisher, meta.kind) == (
        "开展重点领域政务公开清单编制工作方案", "南京市鼓楼区市场监督管理局", "work_plan")


def test_a_pages_signing_date_dates_it_when_no_header_does():
    text = ("某某办公室关于年度报告有关事项的通知\n各单位：\n现将有关事项通知如下。\n一、抓紧部署\n按时发布。\n"
            "特此通知。\n国务院办公厅政府信息与政务公开办公室\n2019年11月23日\n附件\n报告格式\n一、总体情况\n（文字描述）\n")
    meta = extract_metadata(text)
    assert (meta.published_on, meta.year) == (datetime.date(2019, 11, 23), 2019)


def test_words_of_a_title_that_name_no_place_are_no_publisher():
    text = "开展重点领域政务公开清单编制工作方案\n一、工作目标\n做好清单编制。\n"
    assert extract_metadata(text).publisher == ""


def test_an_organ_managed_from_above_keeps_its_head_offices_name():
    meta = extract_metadata("国家税务总局福建省税务局2020年政府信息公开工作年度报告\n一、总体情况\n做好公开。\n")
    assert (meta.publisher, meta.region, meta.level) == ("国家税务总局福建省税务局", "福建省", "department")


def test_a_management_committees_office_is_read_whole():
    meta = extract_metadata("南京市鼓楼区管委会办公室关于2012年政府信息公开重点工作安排的通知\n一、加强领导\n做好。\n")
    assert meta.publisher == "南京市鼓楼区管委会办公室"


def test_a_title_naming_only_its_place_gives_way_to_the_pages_office_of_that_place():
    text = "南京市鼓楼区2012年政府信息公开工作年度报告\n一、概述\n做好公开。\n"
    meta = extract_metadata(text, hints={"issuer": "南京市鼓楼区人民政府办公室"})
    assert (meta.publisher, meta.level) == ("南京市鼓楼区人民政府办公室", "department")
    other = extract_metadata(text, hints={"issuer": "杭州市人民政府办公厅"})
    assert other.publisher == "南京市鼓楼区人民政府"


def test_a_place_name_of_several_places_is_not_guessed_without_a_word_that_tells_them_apart():
    alone = extract_metadata("鼓楼区人民政府2020年政府信息公开工作年度报告\n一、总体情况\n做好公开。\n")
    assert (alone.publisher, alone.region) == ("鼓楼区人民政府", "")
    told = extract_metadata("鼓楼区人民政府2020年政府信息公开工作年度报告\n一、总体情况\n福州市鼓楼区做好公开。\n")
    assert (told.publisher, told.region) == ("福州市鼓楼区人民政府", "福建省福州市鼓楼区")


def test_a_notice_publishing_a_report_is_that_report():
    from documents.ingest.metadata import kind_of

    assert kind_of("某区人民政府关于2020年度政府信息公开工作年度报告的公告") == "annual_report"
    assert kind_of("关于发布2020年政府信息公开工作年度报告的公告") == "annual_report"
    assert kind_of("关于政府信息公开工作年度报告格式的公告") == "other"


def test_a_place_named_inside_a_sentence_or_a_book_title_publishes_nothing():
    text = ("2020年政府信息公开工作年度报告\n根据《福建省政府信息公开办法》要求，编制本报告。\n"
            "一、总体情况\n做好公开。\n")
    assert extract_metadata(text).publisher == ""


# -- pages that lost their title line, or broke it ----------------------------------------------
PREAMBLE_ONLY = (
    "根据《中华人民共和国政府信息公开条例》规定，现公布绍兴市柯桥区人民政府办公室（以下简称区政府办）"
    "2021年政府信息公开工作年度报告。本报告所列数据的统计期限自2021年1月1日起至12月31日止。\n"
    "一、总体情况\n2021年，区政府办扎实推进政务公开。\n"
)


def test_a_report_without_a_title_line_is_named_by_its_own_preamble():
    m = extract_metadata(PREAMBLE_ONLY)
    assert m.title == "绍兴市柯桥区人民政府办公室2021年政府信息公开工作年度报告"
    assert (m.kind, m.year) == ("annual_report", 2021)
    assert (m.publisher, m.region) == ("绍兴市柯桥区人民政府办公室", "浙江省绍兴市柯桥区")


@pytest.mark.parametrize("sentence, publisher, year", [
    ("特向社会公布2021年德清县自然资源局政府信息公开工作年度报告。", "德清县自然资源局", 2021),
    ("现将审计局2020年度政府信息公开工作报告如下：", "审计局", 2020),
    ("现公布南漳县人民政府2019年度政府信息公开工作年度报告。", "南漳县人民政府", 2019),
])
def test_the_preamble_names_the_report_in_the_ways_sites_write_it(sentence, publisher, year):
    m = extract_metadata(f"根据《中华人民共和国政府信息公开条例》规定，{sentence}\n一、总体情况\n正文。\n")
    assert (m.kind, m.year, m.publisher) == ("annual_report", year, publisher)


def test_a_report_preamble_with_its_statistics_period_makes_an_annual_report_of_the_year():
    m = extract_metadata(
        "本年度报告由国家知识产权局根据《中华人民共和国政府信息公开条例》要求编制而成。"
        "本年度报告中所列数据统计期限从2022年1月1日起至2022年12月31日止。\n一、总体情况\n正文。\n")
    assert (m.kind, m.year) == ("annual_report", 2022)
    assert (m.publisher, m.region) == ("国家知识产权局", "全国")


def test_a_preamble_that_makes_this_report_by_the_regulation_names_the_kind_and_its_period_the_year():
    # the statutory opening of the 2021 format, a PDF's line broken inside the period's last day
    m = extract_metadata(
        "依据《中华人民共和国政府信息公开条例》第五十条之规定,制作本报告。\n报告中所列数据统计期限为自2024年1月1日"
        "至2024年12月31\n日。\n一、总体情况\n2024年,教育部坚持依法公开。\n")
    assert (m.kind, m.year) == ("annual_report", 2024)


def test_a_notice_about_the_report_format_stays_other_whatever_its_template_text_says():
    m = extract_metadata(
        "关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知\n"
        "本年度报告中所列数据的统计期限自X年1月1日起至X年12月31日止。\n一、总体情况\n")
    assert m.kind == "other"


def test_a_title_broken_after_its_year_is_read_as_one_title():
    m = about("六安市人民政府2017年\n政府信息公开工作年度报告")
    assert m.title == "六安市人民政府2017年政府信息公开工作年度报告"
    assert (m.year, m.publisher) == (2017, "六安市人民政府")


def test_a_sites_catalogue_box_is_no_title_though_its_title_field_is():
    box = ("索 引 号 | 11320000/2019-00012 | 分 类 | 政府信息公开年报 其他 |\n"
           "发布机构 | 市政府办 | 发文日期 | 2019-02-25 |\n文 号 | 有 效 性 |\n")
    m = extract_metadata(box + PREAMBLE_ONLY)
    assert m.title == "绍兴市柯桥区人民政府办公室2021年政府信息公开工作年度报告"
    assert find_title(["索引号: 1234/2020-01 组配分类: 通知",
                       "名称: 丽水市人民政府2019年政府信息公开工作年度报告  信息来源: 市政府办"]) \
        == "丽水市人民政府2019年政府信息公开工作年度报告"


def test_a_numbered_heading_is_never_taken_for_the_title():
    m = extract_metadata("一、总体情况\n正文。\n六、其他需要报告的事项\n无。\n")
    assert m.title != "六、其他需要报告的事项" and m.kind == "other"


def test_a_township_publishes_as_its_own_government_under_its_county():
    m = about("武宁县罗坪镇2020年政府信息公开工作年度报告")
    assert (m.publisher, m.region) == ("武宁县罗坪镇人民政府", "江西省九江市武宁县罗坪镇")
    m = about("罗坪镇2020年政府信息公开工作年度报告")
    assert m.publisher == "罗坪镇人民政府"


def test_a_department_named_without_its_place_takes_the_place_the_text_gives_it():
    m = about("市场监督管理局2020年度政府信息公开工作年度报告",
              body="如对本报告有任何疑问，请与崇义县市场监督管理局联系。\n一、总体情况\n正文。\n")
    assert (m.publisher, m.region) == ("崇义县市场监督管理局", "江西省赣州市崇义县")


def test_a_plan_for_the_whole_county_is_published_by_the_office_that_issues_it():
    m = extract_metadata(
        "平政办〔2023〕12号\n平昌县人民政府办公室\n关于印发《2023年全县政务公开工作要点》的通知\n"
        "各乡镇人民政府：\n现将《2023年全县政务公开工作要点》印发你们。\n平昌县人民政府办公室\n2023年5月10日\n"
        "2023年全县政务公开工作要点\n一、加大主动公开力度\n正文。\n")
    assert (m.kind, m.year) == ("work_plan", 2023)
    assert m.publisher == "平昌县人民政府办公室"
    assert m.issuer == "平昌县人民政府办公室"


# -- titles and reports as pages and PDFs deliver them ----------------------------------------
def test_a_title_broken_inside_its_kind_words_is_read_as_one_line():
    m = extract_metadata("某县文广新局2013年度信息公开工作\n年度报告\n一、主动公开政府信息的情况\n2013年度主动公开信息5条。\n"
                         "二、依申请公开信息的情况\n没有依申请公开信息。\n2014年3月25日\n")
    assert m.title == "某县文广新局2013年度信息公开工作年度报告"
    assert (m.kind, m.year) == ("annual_report", 2013)


def test_an_untitled_older_report_is_known_by_its_parts_and_the_year_it_opens_with():
    m = extract_metadata("一、概述\n根据《条例》要求，2010年，我局继续开展政府信息公开工作。\n"
                         "二、政府信息主动公开情况\n我局2010年共主动公开政府信息175条。\n"
                         "三、政府信息依申请公开情况\n我局2010年度未收到政府信息公开申请。\n")
    assert (m.kind, m.year) == ("annual_report", 2010)


def test_a_preamble_that_calls_the_report_its_annual_report_names_the_kind():
    m = extract_metadata("本年报根据新修订的《中华人民共和国政府信息公开条例》，结合2019年本区政府信息公开工作实际编制而成。"
                         "本年报由总体情况、行政机关主动公开政府信息情况等六个部分组成。本年报中所列数据统计时间截至2019年12月31日。\n"
                         "一、总体情况\n2019年，本区政务公开工作取得新成效。\n")
    assert (m.kind, m.year) == ("annual_report", 2019)


def test_a_menu_item_above_the_text_is_no_title_and_the_statistics_period_gives_the_year():
    m = extract_metadata("- 政策解读\n- 发展报告\n本年度报告根据《条例》的要求，由市政府办公厅编制而成。"
                         "本年度报告中所列数据的统计期限从2010年1月1日到12月31日止。\n一、概述\n2010年，本市继续推进公开。\n")
    assert m.title != "-发展报告"
    assert (m.kind, m.year) == ("annual_report", 2010)


def test_a_title_the_first_sentence_runs_on_from_is_cut_where_the_sentence_opens():
    m = extract_metadata("某县2018年政务公开工作要点实施方案为深入贯彻落实省政府办公厅通知精神，结合本县实际，制定本方案。"
                         "一、工作目标进一步加大全县政务公开力度。二、工作任务（一）全面推进政务公开。\n")
    assert m.title == "某县2018年政务公开工作要点实施方案"
    assert (m.kind, m.year) == ("work_plan", 2018)


def test_an_office_named_by_its_level_alone_takes_the_place_its_notice_issues_the_plan_for():
    m = extract_metadata("市人民政府办公室关于印发荆州市2023年政务公开工作要点的通知\n各县市区人民政府，市政府各部门：\n"
                         "《2023年荆州市政务公开工作要点》已经市人民政府同意，现印发给你们，请认真贯彻落实。\n"
                         "荆州市人民政府办公室\n2023年4月17日\n一、强化重点领域信息公开\n（一）围绕优化营商环境强化公开。\n")
    assert m.publisher == "荆州市人民政府办公室"
    assert (m.kind, m.year) == ("work_plan", 2023)
