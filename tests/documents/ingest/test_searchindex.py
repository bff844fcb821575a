"""The index rows a parse builds for each section (documents/ingest/searchindex.py)."""
import random

import pytest
from django.db import connection

from documents.ingest import searchindex
from documents.ingest import topics as topic_list


def varied_han_text(length, seed=7):
    rng = random.Random(seed)
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(length))


def test_a_section_too_varied_for_a_tsvector_is_indexed_from_a_shorter_start_but_kept_whole():
    text = varied_han_text(searchindex.MAX_INDEXED_CHARS)
    search_text, vector, grams = searchindex.index_row("标题", text)
    assert search_text.startswith("标题\n") and len(search_text) >= len(text)  # whole (converted to simplified)
    assert f"'{text[-4:]}'" not in grams  # the end is not
    assert f"'{text[:4]}'" in grams  # the start is still indexed


def test_an_ordinary_section_is_indexed_whole():
    text = "推进政务公开标准化规范化。" * 200
    _, _, grams = searchindex.index_row("标题", text)
    assert "'规范化。'" not in grams and "'标准化规'" in grams and "'化。'" not in grams
    assert "'规范化'" in grams  # the run's last characters


def test_a_parse_indexes_each_section_as_indexing_it_again_from_its_stored_text_would():
    from documents.ingest.pipeline import parse_bytes
    from tests.conftest import SAMPLE_NAMES, sample_bytes

    # A simplified document with one section in 繁體 (the document as a whole is not converted).
    mixed = sample_bytes("shanghai-yangpu-2021-work-plan") + "\n八、附錄\n關於臺灣地區資訊公開與檔案管理的說明。\n".encode()
    for data in [*(sample_bytes(name) for name in SAMPLE_NAMES), mixed]:
        parsed = parse_bytes(data)
        for section, row in zip(parsed.structure.sections, parsed.index, strict=True):
            # What `manage.py reindex` computes from the stored heading and text.
            again = searchindex.index_row(section.heading[: searchindex.HEADING_CHARS], section.text)
            assert row[:2] == again[:2] and set(row[2].split()) == set(again[2].split()), section.heading
    assert parsed.script == "simplified" and parsed.index[-1][0].startswith("附录\n关于台湾地区")


@pytest.mark.django_db
def test_the_vectors_of_a_section_too_varied_for_one_tsvector_are_accepted_by_postgresql():
    from django.db import connection

    # A varied text of 56,000 characters still fits whole: its last character alone is a gram.
    indexed = searchindex.index_text("标题", varied_han_text(56_000))
    assert f"'{indexed[-1]}'" in searchindex.index_row("标题", varied_han_text(56_000))[2]
    for length in (searchindex.MAX_INDEXED_CHARS, 60_000):  # 60,000: once refused as too long
        _, vector, grams = searchindex.index_row("标题", varied_han_text(length))
        with connection.cursor() as cursor:
            cursor.execute("SELECT length(%s::tsvector), length(%s::tsvector)", [vector, grams])
            tokens, gram_count = cursor.fetchone()
        assert tokens > 10_000 and gram_count > 20_000


@pytest.mark.django_db
def test_a_lexeme_at_many_places_and_past_the_last_position_is_stored_as_postgresql_merges_it():
    from django.db import connection

    text = "公开" * 9000  # 18,000 characters: past position 16,383, and far more than 256 places
    indexed = searchindex.index_text("公开", text)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::tsvector::text", [searchindex.tsvector_literal(indexed, indexed.index("\n"))]
        )
        vector = cursor.fetchone()[0]
    # Two lexemes, each with PostgreSQL's most positions (256), the heading's weighted A.
    assert vector.startswith("'公开':1A,") and "'开公':" in vector and "'开':" in vector
    assert all(len(entry.split(":")[1].split(",")) <= 256 for entry in vector.split(" "))


@pytest.mark.django_db
def test_a_long_text_of_few_long_words_repeated_is_stored_whole():
    from django.db import connection

    # Written one entry per occurrence, its lexemes would add up past PostgreSQL's limit
    # before it merges them: each is written once, with all its positions.
    text = "中华人民共和国国务院办公厅" * 7700
    _, vector, grams = searchindex.index_row("标题", text)
    assert vector.count("'中华':") == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT length(%s::tsvector), length(%s::tsvector)", [vector, grams])
        assert cursor.fetchone() == (22, 30)


@pytest.mark.django_db
def test_a_section_with_quotes_and_backslashes_is_indexed_around_them():
    from django.db import connection

    _, vector, grams = searchindex.index_row("O'Brien的报告", "见 C:\\公开\\目录 与 '信息' 一节。")
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector::text, %s::tsvector::text", [vector, grams])
        vector, grams = cursor.fetchone()
    assert "'brien':3A" in vector and "'公开':" in vector and "'信息':" in vector
    assert {"'o'", "'c'", "'目录'", "'信息'"} <= set(grams.split())


def test_tokens_are_runs_of_word_characters_so_none_is_ever_quoted():
    text = "O'Brien\\的 'x' \\\\ a_b \"q\" ，。"
    assert all("'" not in unit and "\\" not in unit for unit in searchindex.UNIT.findall(text))
    assert searchindex.UNIT.findall(text) == ["O", "Brien", "的", "x", "a", "b", "q"]


def test_the_grams_hold_every_string_of_max_gram_characters_of_a_run_as_the_queries_expect():
    run = "推进政务公开标准化规范化建设"
    found = set(searchindex.grams(run))
    size = searchindex.MAX_GRAM
    assert {run[i : i + size] for i in range(len(run) - size + 1)} <= found
    assert not any(len(gram) > size for gram in found)


def test_folding_keeps_every_character_in_place():
    text = "ＥＳＧ报告\t2023\u3000年ABC\x00"
    assert searchindex.fold(text) == "esg报告 2023 年abc "
    assert len(searchindex.fold("İstanbul 信息")) == len("İstanbul 信息")


def test_index_tokens_are_bigrams_the_last_character_and_long_words_at_their_offsets():
    tokens = list(searchindex.index_tokens("中华人民共和国 esg"))
    assert ("中华", 0) in tokens and ("华人", 1) in tokens and ("和国", 5) in tokens
    assert ("国", 6) in tokens
    assert ("中华人民共和国", 0) in tokens and ("共和国", 4) in tokens
    assert ("esg", 8) in tokens
    assert not any(len(t) == 1 and o != 6 for t, o in tokens if t != "esg")


def test_the_grams_are_the_next_two_and_four_han_characters_at_every_position_and_other_units():
    assert searchindex.grams("中华人民共和 esg2023、区") == {
        "中华", "华人", "人民", "民共", "共和",
        "中华人民", "华人民共", "人民共和", "民共和", "和", "esg2023", "区",
    }


def test_topics_round_trip_through_their_bits():
    names = ["财政信息", "教育", "没有这个主题"]
    assert searchindex.mask_topics(searchindex.topic_mask(names)) == ["财政信息", "教育"]
    assert len(topic_list.all_topics()) <= 63  # the bits fit a bigint


@pytest.mark.django_db
def test_heading_tokens_weigh_a_and_body_tokens_d():
    indexed = searchindex.index_text("碳普惠", "推进碳普惠")
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector::text", [searchindex.tsvector_literal(indexed, indexed.index("\n"))])
        vector = cursor.fetchone()[0]
    assert "'碳普':1A,7 " in vector and "'惠':3A,9 " in vector
