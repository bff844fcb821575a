import numpy as np
import opencc

from comparisons import reading
from documents.ingest.pipeline import parse_bytes
from tests.conftest import sample_bytes


def sections_of(data):
    parsed = parse_bytes(data)
    return [
        {"order": k, "level": s.level, "number": s.number, "heading": s.heading, "text": s.text}
        for k, s in enumerate(parsed.structure.sections)
    ]


def test_a_line_of_enumerated_items_is_cut_into_one_paragraph_per_item_that_join_back_exactly():
    line = "存在的问题主要有以下几个方面：一是意见征集形式单一；二是解读形式单一。2024年，我区将采取以下措施：一是丰富形式。"
    pieces = reading.split_items(line)
    assert "".join(pieces) == line
    assert pieces == ["存在的问题主要有以下几个方面：", "一是意见征集形式单一；", "二是解读形式单一。", "2024年，我区将采取以下措施：", "一是丰富形式。"]


def test_paragraphs_carry_the_headings_above_them_and_tables_stay_whole():
    sections = [
        {"order": 0, "level": 1, "number": "一", "heading": "总体情况", "text": "概述。"},
        {"order": 1, "level": 2, "number": "(一)", "heading": "主动公开方面", "text": "一是甲。二是乙。\n第二段。"},
        {"order": 2, "level": 1, "number": "二", "heading": "主动公开政府信息情况", "text": "第二十条 12 3"},
    ]
    paras = reading.paragraphs(sections, table_sections={2})
    assert [(p.kind, p.text) for p in paras] == [
        ("heading", "一、总体情况"), ("text", "概述。"), ("heading", "(一)主动公开方面"),
        ("text", "一是甲。"), ("text", "二是乙。"), ("text", "第二段。"),
        ("heading", "二、主动公开政府信息情况"), ("table", "第二十条 12 3"),
    ]
    assert paras[4].path == ("一、总体情况", "(一)主动公开方面") and paras[4].anchor == "s-1"


def test_the_alignment_never_crosses_so_both_texts_keep_their_reading_order():
    rng = np.random.default_rng(0)
    sim = rng.random((12, 15))
    pairs = reading.monotone(sim, threshold=0.5)
    assert pairs and all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    assert all(sim[i, j] > 0.5 for i, j in pairs)


def test_a_document_against_itself_is_every_paragraph_unchanged_and_facing_itself():
    paras = reading.paragraphs(sections_of(sample_bytes("shanghai-yangpu-2021-work-plan")))
    data = reading.compare(paras, reading.paragraphs(sections_of(sample_bytes("shanghai-yangpu-2021-work-plan"))))
    assert all(r["a"] == r["b"] and r["status"] == "same" for r in data["rows"])
    assert data["counts"]["changed"] == data["counts"]["only_a"] == data["counts"]["only_b"] == 0


def test_a_document_against_its_traditional_twin_has_no_change():
    text = sample_bytes("shanghai-changning-2019-work-plan").decode()
    a = reading.paragraphs(sections_of(text.encode()))
    b = reading.paragraphs(sections_of(opencc.OpenCC("s2twp").convert(text).encode()))
    data = reading.compare(a, b)
    assert data["counts"]["same"] == data["counts"]["paragraphs_a"] and data["counts"]["changed"] == 0


def test_every_paragraph_of_both_texts_appears_once_in_the_rows_in_its_order():
    a = reading.paragraphs(sections_of(sample_bytes("shanghai-yangpu-2020-annual-report")))
    b = reading.paragraphs(sections_of(sample_bytes("shanghai-yangpu-2021-work-plan")))
    rows = reading.compare(a, b)["rows"]
    assert [r["a"] for r in rows if r["a"] is not None] == list(range(len(a)))
    assert [r["b"] for r in rows if r["b"] is not None] == list(range(len(b)))
    for r in rows:
        if r["a"] is not None:
            assert "".join(p["text"] for p in r["a_pieces"]) == a[r["a"]].text


def test_the_counts_are_said_in_words():
    counts = {"same": 20, "changed": 12, "changes": 31, "only_a": 3, "only_b": 5, "moved": 0}
    assert reading.in_words(counts) == "相同 20 段，改动 12 段（共 31 处），删去 3 段，新增 5 段。"
