"""The query language and the tsqueries a query becomes (documents/search/query.py)."""
import pytest

from documents.search import query as query_language


def test_a_traditional_term_becomes_simplified_and_a_simplified_one_stays():
    assert query_language.simplified("資訊公開") == "信息公开"
    assert query_language.simplified("杨浦區") == "杨浦区"
    # 著 is also a simplified character: a simplified term is never converted.
    assert query_language.simplified("成效显著") == "成效显著"


def test_two_or_four_han_characters_are_a_gram_one_or_three_a_prefix_and_longer_ones_are_tiled():
    assert query_language.grams_query("信息公开") == "('信息公开')"
    assert query_language.grams_query("信息") == "('信息')"
    assert query_language.grams_query("区政府") == "('区政府':*)"
    assert query_language.grams_query("区") == "('区':*)"
    assert query_language.grams_query("重大行政决策") == "('重大行政' & '行政决策')"
    assert query_language.grams_query("政府信息公开工作") == "('政府信息' & '公开工作')"
    assert query_language.grams_query("2023年报告") == "('2023' & '年报告':*)"
    assert [query_language.is_exact(t) for t in ("信息公开", "esg", "区", "重大行政决策", "2023年", "xqz 鲸落")] == [
        True, True, True, False, False, False,
    ]


def test_a_phrase_is_a_chain_of_tiling_bigrams_at_their_character_distances():
    assert query_language.chain("信息公开") == "('信息' <2> '公开')"
    assert query_language.chain("区政府") == "('区政' <1> '政府')"
    assert query_language.chain("esg 2023") == "('esg' <4> '2023')"
    assert query_language.chain("区") == "('区':*)"


def test_an_odd_han_run_ends_with_an_overlapping_bigram():
    assert query_language.chain("2023年报告") == "('2023' <4> '年报' <1> '报告')"


def test_a_run_of_han_characters_is_cut_into_words_and_single_characters_stay_attached():
    assert query_language.split_words("杨浦区的信息公开") == ["杨浦区的", "信息", "公开"]
    assert query_language.split_words("区") == ["区"]


def test_words_all_must_match_and_or_binds_tighter():
    query = query_language.parse_query("疫情 教育 OR 卫生")
    assert [[t.text for t in group] for group in query.groups] == [["疫情"], ["教育", "卫生"]]


def test_quotes_of_either_script_make_a_phrase():
    for raw in ['"信息公开"', "“信息公开”", "「信息公开」"]:
        (term,) = query_language.parse_query(raw).terms
        assert term.phrase and term.variants == (("信息公开",),)


def test_a_leading_dash_excludes_a_word_or_a_phrase():
    query = query_language.parse_query('疫情 -杨浦 -"长宁区"')
    assert [t.text for t in query.excluded] == ["杨浦", "长宁区"]
    assert [t.text for t in query.terms] == ["疫情"]


def test_an_unclosed_quote_runs_to_the_end_with_a_note():
    query = query_language.parse_query('疫情 "信息公开')
    assert query.terms[-1].phrase and query.terms[-1].variants == (("信息公开",),)
    assert any("unclosed quote" in n for n in query.notes)


@pytest.mark.parametrize("raw", ["OR", "OR 疫情", "疫情 OR", "- 疫情", "疫情 OR OR 教育", "|", "疫情 OR -教育"])
def test_a_lone_operator_is_ignored_with_a_note(raw):
    query = query_language.parse_query(raw)
    assert all(t.text != "OR" for t in query.terms)
    assert any("ignored" in n for n in query.notes)


def test_only_exclusions_search_nothing_and_say_so():
    query = query_language.parse_query("-疫情")
    assert query.is_empty and any("exclusions alone" in n for n in query.notes)


def test_control_characters_and_nul_bytes_are_spaces():
    query = query_language.parse_query("疫情\x00防控\x07教育\r\n")
    assert [t.text for t in query.terms] == ["疫情", "防控", "教育"]


def test_a_long_query_is_cut_with_a_clear_message():
    query = query_language.parse_query("疫情" * 5000)
    assert len(query.text) <= query_language.MAX_QUERY_CHARS
    assert any(f"first {query_language.MAX_QUERY_CHARS} characters" in n for n in query.notes)


def test_a_traditional_word_searches_its_simplified_form_and_itself():
    (term,) = query_language.parse_query("顯著").terms
    assert term.variants == (("显著",), ("顯著",))


def test_the_rank_query_adds_the_long_words_of_the_query():
    query = query_language.parse_query('区政府 "信息公开" 公开')
    assert query.rank_tsquery() == f"({query.chain_tsquery()}) | '区政府'"


def _shape(query):
    return [[t.text for t in group] for group in query.groups], [t.text for t in query.excluded]


def test_and_or_not_and_their_chinese_forms_are_operators():
    assert _shape(query_language.parse_query("公开 AND 疫情")) == ([["公开"], ["疫情"]], [])
    assert _shape(query_language.parse_query("公开 与 疫情")) == ([["公开"], ["疫情"]], [])
    assert _shape(query_language.parse_query("教育 或 卫生")) == ([["教育", "卫生"]], [])
    assert _shape(query_language.parse_query("疫情 NOT 杨浦")) == ([["疫情"]], ["杨浦"])
    assert _shape(query_language.parse_query('疫情 非 "长宁区"')) == ([["疫情"]], ["长宁区"])


def test_lower_case_and_or_not_are_words_and_a_chinese_operator_inside_a_word_is_text():
    assert _shape(query_language.parse_query("health and safety")) == ([["health"], ["and"], ["safety"]], [])
    assert _shape(query_language.parse_query("公开与透明")) == ([["公开与透明"]], [])


def test_an_operator_without_a_term_beside_it_is_ignored_with_a_note():
    query = query_language.parse_query("AND 公开 NOT")
    assert _shape(query) == ([["公开"]], [])
    assert any("AND" in note and "NOT" in note for note in query.notes)


def test_a_note_shows_the_query_as_searched_after_the_script_or_an_operator_was_normalized():
    assert "已按简体检索：信息公开" in query_language.parse_query("資訊公開").notes
    assert "已按以下查询检索：公开 AND 疫情 NOT 杨浦" in query_language.parse_query("公开 与 疫情 非 杨浦").notes
    assert not query_language.parse_query("公开 AND 疫情").notes
