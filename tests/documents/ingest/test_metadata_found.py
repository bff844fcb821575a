"""metadata.extract_metadata on documents as they are found: titles broken by a page or a pdf,
reports without a title line that name their year and maker only in their sentences, notices
whose 文号 sits in a site's catalogue box. The excerpts are written here in the shapes seen in
crawled pages, pdftotext output and converter text; the values are what a careful reader says."""
import datetime

from documents.ingest.metadata import extract_metadata, kind_of
from documents.ingest.pipeline import parse_bytes
from documents.ingest.sections import parse_sections


def read(text, **kw):
    return extract_metadata(text, front=parse_sections(text).front, **kw)


def test_a_title_broken_inside_its_kind_words_is_joined():
    m = read("泾河新区崇文街道办事处2022年度政府\n信息公开工作年度报告\n"
             "根据《条例》要求，编制本报告。\n一、总体情况\n全年主动公开政府信息80条。\n")
    assert m.title == "泾河新区崇文街道办事处2022年度政府信息公开工作年度报告"
    assert (m.publisher, m.year, m.kind) == ("泾河新区崇文街道办事处", 2022, "annual_report")


def test_a_year_inside_the_kind_phrase_still_names_an_annual_report():
    m = read("象山经济开发区滨海新区管委会\n\n政府信息公开工作2014年度报告\n\n"
             "2014年，管委会认真开展政府信息公开工作。现将一年工作汇报如下：\n\n一、加强制度建设\n\n正文。\n")
    assert (m.year, m.kind) == (2014, "annual_report")
    # 滨海新区 inside the zone's own name is not Tianjin's district.
    assert m.publisher == "象山经济开发区滨海新区管委会"


def test_a_report_without_a_title_is_known_by_its_parts_its_opening_year_and_its_subject():
    m = read("一、总体情况\n2022年，在区委、区政府的领导下，南岸街道办事处认真贯彻落实《条例》，主动公开政府信息63条。\n"
             "二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 | 本年处理决定数量 |\n行政许可 | 0 |\n"
             "三、收到和处理政府信息公开申请情况\n正文。\n")
    assert (m.kind, m.year, m.publisher) == ("annual_report", 2022, "南岸街道办事处")
    assert "|" not in m.title


def test_a_streets_name_ends_at_its_first_street_word():
    m = read("依据《条例》规定，编制本报告。\n一、总体情况\n2025年中仓街道积极推动街道政府信息公开工作工作，努力保障公众知情权。\n"
             "二、主动公开政府信息情况\n正文。\n三、收到和处理政府信息公开申请情况\n正文。\n")
    assert m.publisher == ""  # rather than 中仓街道积极推动街道办事处
    assert read("一、总体情况\n2025年，中仓街道认真推进政务公开。\n二、主动公开政府信息情况\n正文。\n").publisher == "中仓街道办事处"


def test_a_preamble_that_reports_on_its_towns_year_names_the_year():
    m = read("一、总体情况\n本报告是根据《中华人民共和国政府信息公开条例》要求,现结合我镇实际,从总体情况、主动公开政府信息情况"
             "等六个方面汇报我镇2023年政府信息公开工作。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n正文。\n")
    assert (m.kind, m.year) == ("annual_report", 2023)


def test_a_cited_year_or_a_days_date_is_not_the_year_reported_on():
    m = read("一、总体情况\n根据2019年5月15日修订的《条例》和《关于做好2021年度政府信息公开工作年度报告的通知》要求，"
             "2020年度，我局紧紧围绕教育热点公开信息。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n正文。\n")
    assert (m.kind, m.year) == ("annual_report", 2020)


def test_a_leading_groups_office_compiles_the_report_of_its_government():
    m = read("本报告由三明市人民政府信息公开工作领导小组办公室根据《条例》编制。本报告中所列数据的统计期限自"
             "2011年1月1日起至2011年12月31日止。\n一、概述\n2011年，全市政府信息公开工作有序推进。\n")
    assert (m.publisher, m.year, m.kind) == ("三明市人民政府", 2011, "annual_report")


def test_a_report_names_its_maker_in_a_compiled_by_clause():
    m = read("本年度报告根据《条例》要求，由上海市静安区曹家渡街道办事处编制，全文包括总体情况、主动公开政府信息情况等六部分。"
             "本年度报告中所列数据的统计期限自2022年1月1日至12月31日止。\n一、总体情况\n正文。\n")
    assert (m.publisher, m.year, m.kind) == ("上海市静安区曹家渡街道办事处", 2022, "annual_report")


def test_a_report_names_its_maker_as_the_one_who_made_it():
    m = read("本报告根据《中华人民共和国政府信息公开条例》要求，由广州市生态环境局制作本报告。本报告中所列数据的统计期限自"
             "2021年1月1日起至2021年12月31日止。\n一、总体情况\n正文。\n")
    assert (m.publisher, m.year, m.kind) == ("广州市生态环境局", 2021, "annual_report")


def test_the_organ_to_contact_names_a_report_that_names_no_other_maker():
    m = read("本报告根据《条例》规定编制，主要包括主动公开政府信息情况等内容，本报告中所列数据统计期限自2021年1月1日至"
             "2021年12月31日。如对本年度报告有任何疑问，请与嵊泗县卫生健康局联系。\n一、总体情况\n1.2021年，我局认真落实要求。\n")
    assert (m.publisher, m.year) == ("嵊泗县卫生健康局", 2021)


def test_the_office_of_a_staffing_committee_is_the_organ_itself_and_a_school_is_not_cut_at_its_centre():
    m = read("本报告根据《条例》规定编制，本报告中所列数据统计期限自2021年1月1日至2021年12月31日。"
             "如对本年度报告有任何疑问，请与随州市编委办公室联系。\n一、总体情况\n1.2021年，我办认真落实要求。\n")
    assert m.publisher == "随州市编委办公室"
    m = read("本报告根据《条例》规定编制，本报告中所列数据统计期限自2021年1月1日至2021年12月31日。"
             "如对本年度报告有任何疑问，请与随县城关镇中心小学联系。\n一、总体情况\n1.2021年，我校认真落实要求。\n")
    assert m.publisher == "随县城关镇中心小学"


def test_a_byline_with_a_second_name_in_brackets_is_the_publisher():
    m = read("政府信息公开工作年度报告\n东湖开发区管委会（光谷商务区管委会）\n2024年1月10日\n一、总体情况\n"
             "2023年，东湖开发区管委会深入贯彻《条例》。\n")
    assert (m.publisher, m.year, m.published_on) == ("东湖开发区管委会（光谷商务区管委会）", 2023, datetime.date(2024, 1, 10))


def test_a_pdf_line_cut_after_a_comma_is_no_title_and_the_preamble_names_the_report():
    m = read("根据《中华人民共和国政府信息公开条例》的规定，现公布镇江\n市2016年政府信息公开工作年度报告。本年报所列数据的统计\n"
             "期限自2016年1月1日起至2016年12月31日止。\n一、概述\n正文。\n-1-\n")
    assert m.title == "镇江市2016年政府信息公开工作年度报告"
    assert (m.publisher, m.year, m.kind) == ("镇江市人民政府", 2016, "annual_report")


def test_a_catalogue_box_glued_by_cleaning_still_gives_its_title():
    m = read("索引号0142581323/2024-00001分类教育\n发布机构教育局发文日期2024-01-15\n"
             "标题赣榆区教育局政府信息公开工作2023年度报告\n文号无\n赣榆区教育局政府信息公开工作2023年度报告\n"
             "一、总体情况\n正文。\n")
    assert m.title == "赣榆区教育局政府信息公开工作2023年度报告"
    assert (m.publisher, m.year, m.kind) == ("连云港市赣榆区教育局", 2023, "annual_report")


def test_the_wen_hao_field_of_a_catalogue_box_is_the_notices_number():
    m = read("• 备注/文号:泉鲤教〔2025〕3号\n• 发布机构:鲤城区教育局\n鲤城区教育局关于印发2024年政府信息公开工作年度报告的通知\n"
             "本局各股室：\n现将报告印发给你们。\n一、总体情况\n正文。\n")
    assert m.doc_number == "泉鲤教〔2025〕3号"


def test_page_chrome_above_an_unnumbered_report_is_no_title():
    m = read("登录 注册\n无障碍浏览\n红星乡2010年政府信息公开报告\n乡政府信息公开工作始终坚持以服务人民群众为宗旨。\n"
             "全乡累计主动公开政府信息65条。\n")
    assert m.title == "红星乡2010年政府信息公开报告"
    assert (m.year, m.kind, m.publisher) == (2010, "annual_report", "红星乡人民政府")


def test_a_year_opening_a_title_without_its_character_nian_is_the_year():
    assert read("2010杭州市政府信息公开工作年度报告\n一、概述\n正文。\n").year == 2010


def test_a_pages_fabiao_riqi_line_is_its_date():
    m = read("东街街道2023年度政府信息公开工作年度报告\n发表日期:2024-01-26 15:35:23 发布机构:政务服务管理局\n一、总体情况\n正文。\n")
    assert m.published_on == datetime.date(2024, 1, 26)


def test_a_townships_government_named_with_an_aside_takes_its_county_from_the_text():
    m = read("特向社会公布2020年度龙街镇政府(机关)信息公开年度报告。如有疑问请联系（地址:石屏县龙街镇人民政府）。\n"
             "一、总体情况\n正文。\n")
    assert (m.publisher, m.year) == ("石屏县龙街镇人民政府", 2020)


def test_a_wen_hao_in_brackets_closing_a_pages_title_is_its_number_not_its_title():
    m = read("标题正文见下。\n", hints={"title": "朝阳县人民政府办公室关于印发朝阳县2021年政务公开工作要点的通知 [朝县政办发〔2021〕8号]"})
    assert m.title == "朝阳县人民政府办公室关于印发朝阳县2021年政务公开工作要点的通知"
    assert (m.kind, m.doc_number) == ("work_plan", "朝县政办发〔2021〕8号")


def test_a_sites_top_bar_run_into_a_crawled_title_is_left_out():
    m = read("登录 注册 无障碍浏览 红星乡2010年政府信息公开报告\n乡政府信息公开工作始终坚持以服务人民群众为宗旨。\n")
    assert m.title == "红星乡2010年政府信息公开报告"
    assert m.publisher == "红星乡人民政府"


def test_a_notice_issuing_the_report_format_is_no_report_for_holding_its_parts():
    m = read("国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告\n"
             "格式》的通知\n各省、自治区、直辖市人民政府办公厅：\n现将格式印发给你们。\n"
             "一、总体情况\n二、主动公开政府信息情况\n第二十条第（一）项\n三、收到和处理政府信息公开申请情况\n")
    assert m.kind == "other"


def test_a_title_cited_inside_a_preamble_a_pdf_wrapped_is_not_the_documents_title():
    m = read("本报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和\n"
             "《国务院办公厅政府信息与政务公开办公室关于印发中华人民共和国政府信息公开工作年度报告格式的通知》(国办公开办函〔2021〕30号)制\n"
             "作。本报告中所列数据统计期限为2023年1月1日至2023年12月\n31日。如对本年度报告有疑问,请与阿巴嘎旗自然资源局办公室联系。\n"
             "一、总体情况\n(一)主动公开情况。2023年公开政府信息105条。\n")
    assert (m.kind, m.year) == ("annual_report", 2023)
    assert "通知" not in m.title and m.publisher != "国务院办公厅政府信息与政务公开办公室"


def test_a_pages_breadcrumbs_above_the_title_are_not_the_title():
    m = read("首页>政务公开>政府信息公开年报>乡镇(街道)>新政镇人民政府\n\n仪陇县新政镇2023年政府信息公开工作年度报告\n\n"
             "发布时间:2024-01-30 16:36:19\n一、总体情况\n(一)主动公开情况。2023年主动公开信息33条。\n")
    assert m.title == "仪陇县新政镇2023年政府信息公开工作年度报告"
    assert m.publisher.endswith("新政镇人民政府") and "2023" not in m.publisher


def test_a_preamble_that_publishes_the_report_to_the_public_names_it():
    m = read("根据《中华人民共和国政府信息公开条例》规定，现向社会公布2020年度鞍山市公安局政府信息公开工作年度报告。"
             "报告中所列数据的统计期限自2020年1月1日起至2020年12月31日止。\n一、总体情况\n(一)主动公开\n正文。\n")
    assert (m.kind, m.year, m.publisher) == ("annual_report", 2020, "鞍山市公安局")


def test_a_report_without_a_title_takes_its_maker_from_its_sentences():
    parts = "\n二、主动公开政府信息情况\n正文。\n三、收到和处理政府信息公开申请情况\n正文。\n"
    m = read("一、总体情况\n2022年以来，丰收乡在县委县政府的正确领导下，扎实推进政务公开工作。" + parts)
    assert m.publisher == "丰收乡人民政府"
    m = read("## 一、总体情况\n本报告依据《条例》要求编制。\n(一)主动公开情况。2022年宜城市教育局全面贯彻落实《条例》精神。" + parts)
    assert m.publisher == "宜城市教育局"


def test_an_organ_calling_itself_by_its_kind_alone_is_named_by_its_contact_line_without_the_office():
    m = read("一、总体情况\n本报告依据《条例》要求编制。\n2020年，分局认真贯彻《条例》。\n"
             "二、主动公开政府信息情况\n正文。\n三、收到和处理政府信息公开申请情况\n正文。\n"
             "如对本报告有疑问，请与池州市公安贵池分局办公室联系（电话：0566-0000000）。\n")
    assert m.publisher == "池州市公安贵池分局"
    m = read("本报告依据《条例》编制。报告数据统计期限为2025年1月1日至2025年12月31日。"
             "如对报告内容有疑问，请与青岛西海岸新区自然资源局综合一科联系（地址：某路1号）。\n"
             "一、总体情况\n正文。\n二、主动公开政府信息情况\n正文。\n")
    assert m.publisher == "青岛西海岸新区自然资源局"


def test_a_zone_a_county_names_in_its_title_publishes_as_itself():
    m = read("随县经济开发区2019年政府信息公开工作年度报告\n一、总体情况\n2019年，县开发区认真贯彻落实《条例》。\n")
    assert (m.publisher, m.year) == ("随县经济开发区", 2019)


def test_a_notice_title_wrapped_over_three_lines_above_its_number_is_one_title():
    m = read("广东省人民政府办公厅关于印发广东省\n贯彻落实国务院办公厅2022年政务公开\n工作要点分工方案的通知\n"
             "粤府办〔2022〕17号\n各地级以上市人民政府，省政府各部门、各直属机构：\n"
             "《广东省贯彻落实国务院办公厅2022年政务公开工作要点分工方案》已经省人民政府同意，现印发给你们。\n"
             "广东省人民政府办公厅\n2022年5月20日\n")
    assert m.title == "广东省人民政府办公厅关于印发广东省贯彻落实国务院办公厅2022年政务公开工作要点分工方案的通知"
    assert (m.kind, m.year, m.doc_number) == ("work_plan", 2022, "粤府办〔2022〕17号")


def test_a_statistics_period_closed_before_the_last_day_still_names_the_year():
    m = read("本报告根据《中华人民共和国政府信息公开条例》要求，由淮北市人民医院编制。"
             "本报告中所列数据的统计期限自2022年1月1日起至2022年12月20日止。\n一、总体情况\n正文。\n")
    assert (m.kind, m.year) == ("annual_report", 2022)


def test_an_office_of_a_zone_committee_is_the_publisher_not_the_committee():
    m = read("武汉市东湖生态旅游风景区管理委员会 卫生健康办公室2023年政府信息公开工作年度报告\n一、总体情况\n正文。\n")
    assert (m.publisher, m.year) == ("武汉市东湖生态旅游风景区管理委员会卫生健康办公室", 2023)


PARTS = "\n二、主动公开政府信息情况\n正文。\n三、收到和处理政府信息公开申请情况\n正文。\n"


def test_a_report_speaking_as_its_place_is_not_published_by_the_office_it_names_for_contact():
    for office in ("区政府办公室", "随县人民政府办公室", "随州市政务服务和大数据管理局政务公开科"):
        m = read(f"2022年政府信息公开工作年度报告\n一、总体情况\n2022年，我县认真贯彻《条例》。\n如有疑问，请与{office}联系。" + PARTS)
        assert m.publisher == "", office
    m = read("2022年政府信息公开工作年度报告\n一、总体情况\n本报告依据《条例》编制。我县积极推进。\n"
             "(一)主动公开情况。2022年，随县融媒体中心严格落实《条例》。" + PARTS)
    assert m.publisher == ""


def test_a_branch_bureau_or_an_office_is_named_whole_from_its_contact_line_without_its_section():
    for contact, branch in (("随州市公安局曾都区分局办公室", "随州市公安局曾都区分局"),
                            ("随州市生态环境局随县分局综合股", "随州市生态环境局随县分局"),
                            ("钦州市人民政府办公室文电科", "钦州市人民政府办公室")):
        m = read(f"2022年政府信息公开工作年度报告\n一、总体情况\n2022年，分局认真贯彻《条例》。\n如有疑问，请与{contact}联系。" + PARTS)
        assert m.publisher == branch


def test_a_notice_asking_others_to_publish_their_reports_is_no_report():
    m = read("各乡镇人民政府，县直各单位：\n根据规定，请各单位于2023年1月31日前向社会公布本单位2022年度政府信息公开工作年度报告。\n")
    assert m.kind == "other"


def test_a_preamble_naming_its_report_in_book_marks_or_as_a_report_on_the_work_names_it():
    m = read("根据《条例》要求，现发布《泾源县大湾乡2021年政府信息公开工作年度报告》，本报告统计数据从2021年1月1日至12月31日。\n"
             "一、总体情况\n正文。\n")
    assert (m.kind, m.year, m.publisher) == ("annual_report", 2021, "泾源县大湾乡人民政府")
    m = read("根据《中华人民共和国政府信息公开条例》的要求，现将2019年度海秀街道办事处政府信息公开工作情况报告如下：\n"
             "## 一、总体情况\n正文。\n")
    assert (m.kind, m.year, m.publisher) == ("annual_report", 2019, "海秀街道办事处")


def test_a_preamble_made_by_the_report_format_notice_makes_an_annual_report():
    m = read("依据《中华人民共和国政府信息公开条例》和《关于印发中华人民共和国政府信息公开工作年度报告格式的通知》"
             "(国办公开办函〔2021〕30号)要求,编制本报告。\n一、总体情况\n2023年,某区人民政府办公室坚持依法公开。\n")
    assert (m.kind, m.year) == ("annual_report", 2023)


def test_lines_a_pdf_wrapped_inside_a_sentence_are_no_title():
    m = read("根据《中华人民共和国政府信息公开条例》(国务院令第711号,以下简\n"
             "称《条例》)、《省政务公开领导小组办公室关于做好2021年度政府信\n"
             "息公开工作年度报告编制及发布工作的通知》(黔公开办发〔2021〕1\n"
             "5号)以及区人民政府政务公开科通知要求,现公布西秀区黄腊乡2021\n年政府信息公开工作年度报告。\n"
             "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申\n请情况等六个部分。\n"
             "一、总体情况\n正文。\n")
    assert m.title == "西秀区黄腊乡2021年政府信息公开工作年度报告"
    assert (m.kind, m.year) == ("annual_report", 2021)


def test_a_report_of_the_work_carried_out_and_parts_of_the_administrative_organs_are_a_report():
    m = read("西藏自治区审计厅2025年政务信息公开工作开展年度报告\n一、总体情况\n正文。\n")
    assert (m.kind, m.year) == ("annual_report", 2025)
    m = read("一、总体情况\n2020年,在管委会的统一部署下,我局认真贯彻《条例》。\n二、行政机关主动公开政府信息情况\n"
             "第二十条第(一)项 | |||\n信息内容 |\n三、收到和处理政府信息公开申请情况\n正文。\n")
    assert (m.kind, m.year) == ("annual_report", 2020)


def test_a_commission_of_the_government_named_short_is_the_commission_not_the_government():
    m = read("西藏自治区政府国资委2020政府信息公开工作年度报告\n一、总体情况\n正文。\n")
    assert (m.publisher, m.year, m.kind) == ("西藏自治区政府国资委", 2020, "annual_report")


def test_notices_about_reports_and_reports_on_part_of_a_year_are_no_annual_reports():
    for text in ("各县市区人民政府：\n现将《中华人民共和国政府信息公开工作年度报告格式》印发给你们，请遵照执行。\n",
                 "各单位：\n请各单位认真编制《2022年度政府信息公开工作年度报告》，按时报送。\n",
                 "某县2023年上半年政务公开工作情况报告\n一、总体情况\n正文。\n"):
        assert read(text).kind == "other", text


def test_a_preamble_citing_the_format_notice_names_no_publisher_and_a_span_of_years_no_year():
    m = read("本年度报告依据国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》"
             "的通知（国办公开办函〔2021〕30号）要求编制。\n一、总体情况\n2022年，随县认真贯彻《条例》。" + PARTS)
    assert (m.kind, m.year, m.publisher) == ("annual_report", 2022, "随县人民政府")
    assert read("某区2020—2022政务公开三年行动计划\n一、总体要求\n正文。\n").year is None


def test_lines_of_a_task_table_under_a_title_are_not_its_front_or_its_publisher():
    m = read("2022年政务公开工作任务分工\n序号 工作任务 责任单位 完成时限\n1 推进财政预决算公开 县财政局 2022年12月\n")
    assert m.publisher == ""


def test_a_town_or_a_department_named_under_a_part_of_a_report_that_speaks_of_its_county_is_not_its_maker():
    for text in ("（二）平台建设情况。2022年，城关镇认真探索政务公开新形式。",
                 "（一）主动公开。2022年，县财政局认真做好预决算公开。",
                 "如有疑问，请与随县行政审批局联系。"):
        m = read("2022年政府信息公开工作年度报告\n一、总体情况\n2022年，我县认真贯彻《条例》。\n" + text + PARTS)
        assert m.publisher == "", text


def test_a_school_is_its_own_publisher_never_its_place_or_the_addressee():
    m = read("莆二中 [2015] 3号 签发人:曾加华 2014年莆田第二中学 政府信息公开工作年度报告\n"
             "莆田市人民政府: 本报告是根据《中华人民共和国政府信息公开条例》编制。\n一、概述\n正文。\n")
    assert (m.title, m.publisher, m.year) == ("2014年莆田第二中学政府信息公开工作年度报告", "莆田第二中学", 2014)
    assert read("莆田市第二中学2014年政府信息公开工作年度报告\n一、概述\n正文。\n").publisher == "莆田市第二中学"


def test_a_street_named_as_the_subject_of_a_first_sentence_publishes_as_its_office():
    m = read("依据《中华人民共和国政府信息公开条例》第五十条规定,编制本报告。\n一、总体情况\n"
             "2025年中仓街道认真推动街道政府信息公开工作,努力保障公民获取信息。" + PARTS)
    assert m.publisher == "中仓街道办事处"


def test_a_university_is_named_as_its_title_writes_it():
    assert read("福建师范大学2022年信息公开工作年度报告\n一、概述\n正文。\n").publisher == "福建师范大学"


def test_a_signer_run_into_the_title_is_left_with_it_and_a_report_of_may_to_december_is_annual():
    m = read("随政办〔2023〕3号 签发人：陈勇 随县2022年政府信息公开工作年度报告\n一、总体情况\n正文。\n")
    assert (m.publisher, m.year) == ("随县人民政府", 2022)
    assert read("随县2008年5月至12月政府信息公开工作年度报告\n一、概述\n正文。\n").kind == "annual_report"


def test_a_report_published_in_book_marks_by_xianjiang_names_it():
    m = read("根据《条例》规定，现将《随县2022年政府信息公开工作年度报告》公布如下。\n一、总体情况\n正文。\n")
    assert (m.kind, m.year, m.publisher) == ("annual_report", 2022, "随县人民政府")


def test_a_wrapped_notice_title_keeps_its_last_line_its_date_and_its_number_in_front():
    for text in ("湖北省人民政府办公厅关于印发湖北省\n2022年政务公开工作要点\n的通知\n鄂政办发〔2022〕10号\n"
                 "各市、州人民政府：\n现印发给你们。\n",
                 "湖北省人民政府办公厅关于印发湖北省2022年政务公开工作要点的通知\n2022年5月6日\n（鄂政办发〔2022〕10号）\n"
                 "各市、州人民政府：\n现印发给你们。\n"):
        m = read(text)
        assert m.title == "湖北省人民政府办公厅关于印发湖北省2022年政务公开工作要点的通知"
        assert (m.kind, m.doc_number) == ("work_plan", "鄂政办发〔2022〕10号")


def test_an_organ_is_never_cut_inside_its_brackets():
    m = read("吉政公组〔2019〕1号\n各市(州)人民政府，省直各部门：\n《2019年全省政务公开工作重点任务分工方案》已经省政府同意，现印发给你们。\n"
             "吉林省政务公开(政府信息公开)领导小组\n2019年5月21日\n一、总体要求\n正文。\n")
    assert m.publisher == ""  # not 吉林省政务公开(政府


def test_an_organ_named_with_its_level_alone_takes_the_place_of_that_level():
    m = read("2021年区集体经济发展服务署政府信息公开工作年度报告\n一、总体情况\n我署严格按照区政府的统一部署推进政府信息公开工作。\n"
             "请与深圳市福田区集体经济发展服务署综合协调部联系。\n二、主动公开政府信息情况\n正文。\n")
    assert m.publisher == "深圳市福田区集体经济发展服务署"
    # a name that begins with 市 as a word of its own keeps it
    m = read("市场监督管理局2020年度政府信息公开工作年度报告\n一、总体情况\n请与福州市市场监督管理局办公室联系。\n正文。\n")
    assert m.publisher == "福州市市场监督管理局"


def test_a_street_whose_office_compiled_the_report_publishes_it():
    m = read("政府信息公开工作年度报告\n本报告由东亭街道综合办公室编制，全文包括总体情况、主动公开政府信息情况等六部分。\n"
             "一、总体情况\n2024年，东亭街道主动公开政府信息58条。\n二、主动公开政府信息情况\n正文。\n")
    assert (m.publisher, m.level) == ("东亭街道办事处", "")
    m = read("一、总体情况\n2022年，某镇认真推进政务公开。如有疑问请与某镇党政办公室联系。\n二、主动公开政府信息情况\n正文。\n")
    assert m.publisher == "某镇人民政府"


def test_an_organ_named_without_its_place_stays_so_when_the_text_names_it_under_two_places():
    m = read("区教育局2021年政府信息公开工作年度报告\n一、总体情况\n我局学习借鉴福田区教育局经验，推进政务公开。\n"
             "请与深圳市罗湖区教育局办公室联系。\n二、主动公开政府信息情况\n正文。\n")
    assert m.publisher == "区教育局"  # not 深圳市福田区教育局, a neighbour named first


def test_a_township_government_written_short_is_named_in_full():
    m = read("政府信息公开工作年度报告\n本报告由城关镇政府办公室编制。\n一、总体情况\n2022年，城关镇主动公开政府信息58条。\n"
             "二、主动公开政府信息情况\n正文。\n")
    assert m.publisher == "城关镇人民政府"


def test_a_page_without_a_title_line_is_named_by_the_report_its_preamble_says_was_compiled():
    m = read("广州市某区教育局\n2018年3月\n本报告是根据《中华人民共和国政府信息公开条例》的规定，由广州市某区教育局编制的"
             "2017年度政府信息公开年度报告。全文包括概述、主动公开政府信息情况等。\n一 概 述\n2017年，我局认真贯彻执行条例。\n")
    assert (m.kind, m.year, m.publisher) == ("annual_report", 2017, "广州市某区教育局")


def test_a_preamble_listing_the_parts_of_a_report_makes_one():
    m = read("2015年，如皋市公安局认真贯彻落实市政府关于做好政府信息公开工作的总体要求，现特向社会公布年度报告。"
             "本报告由情况概述、政府信息主动公开情况、依申请公开情况、政府信息公开的收费及减免情况等部分组成。\n"
             "一、概述\n如皋市公安局高度重视。\n")
    assert (m.kind, m.year, m.publisher) == ("annual_report", 2015, "如皋市公安局")
    # the same words without a preamble of the report's own are no report
    assert read("2015年，某局主动公开信息100条，办理依申请公开申请5件，工作正常开展。\n其他工作按计划推进。\n").kind == "other"


def test_a_breadcrumb_is_no_title():
    m = read("政府信息公开专栏\n某某新区管理委员会政府信息公开专栏  >>  年度报告\n根据《条例》，特向社会公布2015年度某某新区信息公开"
             "年度报告。本报告中所列数据的统计期限自2015年1月1日起至2015年12月31日止。\n一、概述\n正文。\n")
    assert (m.title, m.kind, m.year) == ("2015年度某某新区信息公开年度报告", "annual_report", 2015)


def test_a_township_named_alone_above_a_title_that_names_no_one_publishes_it():
    m = read("五常市民意乡\n2021年政府信息公开工作年度报告\n依据《条例》编制此报告。报告所列数据统计期限为2021年1月1日起至"
             "2021年12月31日止。\n一、总体情况\n正文。\n")
    assert (m.title, m.publisher, m.year) == ("五常市民意乡2021年政府信息公开工作年度报告", "五常市民意乡人民政府", 2021)


def test_a_reports_word_for_its_own_maker_names_no_one():
    m = read("根据《中华人民共和国政府信息公开条例》的规定，编制2019年度我乡信息公开工作年度报告。本报告主要包括：总体情况；"
             "主动公开政府信息情况。\n一、总体情况\n2019年我乡高度重视政府信息公开工作。\n")
    assert (m.kind, m.year) == ("annual_report", 2019)
    assert not m.publisher.startswith(("我", "本"))


def test_the_source_line_above_a_page_names_its_publisher_where_nothing_else_does():
    text = ("信息来源:沙塘镇人民政府\n根据《中华人民共和国政府信息公开条例》第三十二条规定，沙塘镇政府结合实际工作，认真编制了"
            "2016年度政府信息公开年度报告。报告由政府信息主动公开情况；政府依申请公开政府信息情况组成。\n"
            "一、政府信息主动公开情况\n正文。\n")
    doc = parse_bytes(text.encode("utf-8"))
    assert (doc.metadata.publisher, doc.metadata.year, doc.metadata.kind) == ("沙塘镇人民政府", 2016, "annual_report")


def test_a_pages_own_title_line_wrapping_the_documents_in_its_sites_names_gives_way_to_the_documents():
    m = read("长沙市政府门户网站-2022年长沙市卫生健康委员会政府信息公开工作年度报告_某某网\n首页 > 政府信息公开 > 年报\n"
             "2022年长沙市卫生健康委员会政府信息公开工作年度报告\n本年度报告根据《条例》编制。\n一、总体情况\n正文。\n")
    assert (m.title, m.publisher) == ("2022年长沙市卫生健康委员会政府信息公开工作年度报告", "长沙市卫生健康委员会")
    # a notice's title holding the name of the plan it issues keeps its own
    m = read("国务院办公厅关于印发当前政府信息公开重点工作安排的通知\n《当前政府信息公开重点工作安排》已经国务院同意。\n"
             "当前政府信息公开重点工作安排\n一、推进行政权力清单公开\n正文。\n")
    assert m.title == "国务院办公厅关于印发当前政府信息公开重点工作安排的通知"


def test_a_doc_number_is_read_without_its_field_label_or_from_the_brackets_closing_a_title():
    m = read("国务院办公厅关于印发当前政府信息公开重点工作安排的通知\n发布文号 国办发〔2013〕73号\n一、推进公开\n正文。\n")
    assert m.doc_number == "国办发〔2013〕73号"
    m = read("某市人民政府办公室关于印发《某市政务公开工作实施意见》的通知(某办发〔2017〕2号)\n各县市区人民政府：\n一、总体要求\n正文。\n")
    assert m.doc_number == "某办发〔2017〕2号"


def test_a_notice_that_lost_its_title_line_is_named_by_the_plan_it_issues():
    m = read("各区人民政府，市直各委、办、局：\n为进一步加强全市政务公开工作，现将《2021年全市政务公开工作主要任务分解表》印发给你们，"
             "请认真贯彻落实。\n某市人民政府办公厅\n2021年4月2日\n")
    assert (m.title, m.kind, m.year) == ("2021年全市政务公开工作主要任务分解表", "work_plan", 2021)
    # what such a notice issues decides: a plan of another kind makes no plan
    assert read("各区人民政府：\n现将《某市公共资源交易管理办法》印发给你们，请认真贯彻执行。\n").kind == "other"


def test_a_division_of_tasks_is_a_plan_and_who_carries_out_anothers_plan_publishes_it():
    assert kind_of("关于印发2019年全市政务公开重点工作任务分工的通知") == "work_plan"
    m = read("广东省贯彻落实国务院办公厅2022年政务公开工作要点分工方案\n一、持续推进政策公开\n正文。\n")
    assert (m.publisher, m.year, m.kind) == ("广东省人民政府", 2022, "work_plan")


def test_a_plan_that_lost_its_title_line_is_named_by_its_preamble():
    m = read("根据《某区2020年政务公开工作要点》，结合本系统工作实际，现提出2020年政务公开工作要点。\n"
             "一、高质量做好主动公开工作\n1.做好重点信息公开。\n")
    assert (m.title, m.kind, m.year) == ("2020年政务公开工作要点", "work_plan", 2020)


def test_a_report_that_names_no_maker_but_signs_its_last_lines_is_the_signers():
    text = ("根据《条例》要求，2012年，我街道政府信息得到了全面、及时、准确的公开，现公布2012年度我街道信息公开工作年度报告。\n"
            "一、概述\n正文。\n二、主动公开政府信息情况\n正文。\n三、存在的主要问题及改进情况\n加大宣传力度。\n"
            "桦甸市人民政府新华街道办事处\n2013年3月7日\n")
    m = read(text)
    assert (m.publisher, m.year, m.kind) == ("桦甸市人民政府新华街道办事处", 2012, "annual_report")
    # a signature that is no organ's names no one
    assert read(text.replace("桦甸市人民政府新华街道办事处\n", "特此报告\n")).publisher == ""
