import opencc

from comparisons.textnorm import canonical, tokens, words
from documents.ingest.script import to_simplified


def test_script_and_taiwan_phrasing_have_one_canonical_form():
    assert canonical("行政规范性文件") == canonical("行政規範性檔案")
    assert canonical("三年行动计划") == canonical("三年行動計畫")
    assert canonical("优化服务") == canonical("最佳化服務")


def test_a_simplified_text_and_its_s2twp_twin_as_ingested_have_the_same_words():
    text = "推进行政规范性文件统一公开，优化完善依申请办理工作，提高政务公开信息化水平和智能化水平。"
    twin = opencc.OpenCC("s2twp").convert(text)
    ingested = to_simplified(twin).text
    assert twin != text
    # Compared as characters of canonical words: 智能化 and 智慧化 (cut 智慧 + 化) agree.
    assert "".join(words(ingested)) == "".join(words(text))


def test_traditional_text_is_cut_into_the_same_words_and_shown_as_written():
    pairs = tokens("推進行政規範性文件統一公開")
    assert "".join(written for written, _ in pairs) == "推進行政規範性文件統一公開"
    assert [c for _, c in pairs] == words("推进行政规范性文件统一公开")


def test_punctuation_and_spaces_are_not_words():
    assert words("公开， 解读。") == words("公开,解读.") == [canonical("公开"), canonical("解读")]
