from comparisons.synonyms import normalize, parse_groups


def test_a_plans_wording_and_a_reports_wording_of_one_act_read_the_same():
    assert normalize("制定出台实施办法") == normalize("印发实施办法")
    assert normalize("公布重大行政决策事项目录") == normalize("发布重大行政决策事项目录")


def test_a_longer_variant_is_read_whole_not_as_its_parts():
    table = parse_groups("印发 制定出台\n制定 制订\n")
    assert table == {"制定出台": "印发", "制订": "制定"}
    assert normalize("制定出台") == "印发"


def test_comments_and_single_words_in_the_list_are_ignored():
    assert parse_groups("# 发布 公布\n孤词\n发布 公布 # 同义\n") == {"公布": "发布"}


def test_text_without_listed_words_is_left_as_it_is():
    assert normalize("平潭综合实验区") == "平潭综合实验区"
