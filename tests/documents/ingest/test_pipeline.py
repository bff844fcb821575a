"""Hostile input to the whole pipeline (documents/ingest/pipeline.py): whatever bytes come in,
parse_bytes returns a document or refuses the file with an IngestError of its own, never a
stage's failure (code parse_failed) and never another exception."""
import random
from pathlib import Path

import pytest

from documents.ingest import clean, commitments, crawl, figures
from documents.ingest.errors import IngestError
from documents.ingest.pipeline import parse_bytes

ROOT = Path(__file__).resolve().parents[3]
SOURCES = sorted((ROOT / "samples").glob("*.txt")) + sorted(
    p for p in (ROOT / "tests" / "corpus" / "real").iterdir() if p.suffix in (".txt", ".html"))

# Pieces a mutation inserts: numbering in every form, brackets and quotes, markdown and
# pdftotext marks, control characters, other scripts, words of the field.
ATOMS = [
    "一、", "(一)", "（一）", "1.", "1、", "（1）", "第一章", "十、", "附件", "\x00", "\x07", "\x1b", "\ufeff",
    "\u200b", "\r", "\t", "\f", "【", "】", "《", "“", "(", "（", "）", "|", "---", "# ", "**", "　", "。",
    "0", "1234567890", "本年新收政府信息公开申请数量", "合计", "件", "%", "2023年", "人民政府", "<p>",
    "</td>", "&nbsp;", "𠀀", "ا", "й", "—", "比上年增加", "http://", ".com", "来源：",
]


def _mutate(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(9)
        i = rng.randrange(len(text) + 1)
        if op == 0:
            text = text[:i] + text[i + rng.randint(1, 300):]
        elif op == 1:
            text = text[:i] + rng.choice(ATOMS) * rng.randint(1, 40) + text[i:]
        elif op == 2:
            j = min(len(text), i + rng.randint(1, 1500))
            text = text[:j] + text[i:j] * rng.randint(1, 3) + text[j:]
        elif op == 3:
            lines = text.split("\n")
            k = rng.randrange(len(lines))
            lines.insert(k, lines[rng.randrange(len(lines))]) if rng.random() < 0.5 else lines.pop(k)
            text = "\n".join(lines)
        elif op == 4:  # a run of digits, as a table that lost its cell borders
            text = text[:i] + "".join(rng.choice("0123456789") for _ in range(rng.randint(10, 2000))) + text[i:]
        elif op == 5:  # a collapsed page: lines joined
            text = text.replace("\n", " ") if rng.random() < 0.5 else text.replace("\n", "", rng.randint(1, 40))
        elif op == 6:
            text = text[:i] + "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(rng.randint(1, 30))) + text[i:]
        elif op == 7:  # headers only
            text = "\n".join(text.split("\n")[:rng.randint(0, 12)])
        else:  # numbering markers one after another
            text = text[:i] + "".join(rng.choice(["一、", "(一)", "1.", "（一）", "二、"])
                                      for _ in range(rng.randint(1, 200))) + text[i:]
    return text


def _inputs(count: int, seed: int):
    rng = random.Random(seed)
    texts = [p.read_bytes().decode("utf-8", "replace") for p in SOURCES]
    for _ in range(count):
        text = rng.choice(texts)
        start = rng.randrange(max(1, len(text) - 4000))
        window = text if rng.random() < 0.2 else text[start:start + rng.randint(200, 4000)]
        encoding = rng.choice(["utf-8", "utf-8", "utf-8", "gb18030", "utf-16", "utf-8-sig"])
        yield _mutate(rng, window).encode(encoding, errors="replace")


def _outcome(data: bytes) -> str:
    try:
        parse_bytes(data)
    except IngestError as refused:
        assert refused.code != "parse_failed", refused.message
        return refused.code
    return "parsed"


def test_mutated_documents_are_parsed_or_refused_in_words_never_by_a_stage_failing():
    outcomes = [_outcome(data) for data in _inputs(250, seed=20261206)]
    # most mutations still leave a document to read
    assert outcomes.count("parsed") > len(outcomes) // 2


@pytest.mark.parametrize("text", [
    "",
    " \n\t\u3000\n",
    "一、总体情况",
    "上海市杨浦区人民政府2020年政府信息公开工作年度报告\n",
    "1" * 20_000,
    "一、" * 5_000,
    "(一)" * 3_000 + "（一）\n" * 2_000,
    "“《（【" * 5_000,
    "|---" * 2_000 + "|\n" + "#" * 3_000 + " x\n" + "**" * 2_000,
    "\x00\x01\x07\x1b\x7f" * 2_000,
    " " * 50_000 + "\n" + "\t" * 50_000,
    "1." * 20_000,
    "a." * 20_000 + "com",
    "一二三四五六七八九十百千" * 2_000,
    "\n".join("0123456789" * 30 for _ in range(200)),
], ids=["empty", "blanks", "a heading alone", "a title alone", "a run of digits", "markers", "bracketed markers",
        "unclosed brackets", "markdown marks", "control characters", "long blank lines", "dotted numbers",
        "a long host name", "numerals", "lines of digits"])
def test_degenerate_texts_are_parsed_or_refused_in_words(text):
    assert _outcome(text.encode()) in ("parsed", "empty", "undecodable", "binary")


def test_random_bytes_and_truncated_encodings_are_refused_or_read_never_failing_a_stage():
    rng = random.Random(7)
    sample = SOURCES[0].read_bytes().decode("utf-8")
    cases = [bytes(rng.randrange(256) for _ in range(5_000)), b"\x00" * 5_000,
             sample.encode("gb18030")[:-1], sample.encode("utf-16")[:-1], b"%PDF-1.4\n" + b"x" * 500,
             b"PK\x03\x04" + b"x" * 500, b"<html><body>" + b"<div>" * 500 + sample.encode()]
    for data in cases:
        _outcome(data)


# -- the patterns that were quadratic on long runs read what they read before -------------------
def test_a_figure_is_read_from_the_start_of_its_run_of_digits():
    found = [(m.group("num"), m.group("unit")) for m in figures.FIGURE.finditer("共受理1234件，另有5,678.5万元")]
    assert found == [("1234", "件"), ("5,678.5", "万元")]
    assert not list(figures.FIGURE.finditer("1" * 5_000 + "x"))


def test_a_figure_in_chinese_numerals_is_read_from_the_start_of_its_numerals():
    assert [m.group("num") for m in figures.CN_FIGURE.finditer("收到三十余件")] == ["三十"]


@pytest.mark.parametrize("clause,change", [
    ("申请数量比上年增加", ("申请数量", "上年", "增加")),
    ("较2019年同期下降了", ("", "2019年同期", "下降")),
    ("新增", None),
    ("增加", (None, None, "增加")),
    ("申请数量增加", (None, None, "增加")),
    ("比上年增加的申请", None),
])
def test_a_change_word_at_the_end_of_a_clause_is_found_as_the_pattern_finds_it(clause, change):
    m = figures.change_at_end(clause)
    assert (m and (m.group("pre"), m.group("base"), m.group("dir"))) == change
    assert (m and m.span()) == ((s := figures.CHANGE.search(clause)) and s.span())


def test_a_time_limit_is_read_after_digits_or_numerals_but_not_from_inside_a_run():
    found = [(m.group("num"), m.group("unit")) for m in commitments.WITHIN.finditer("二8天内办结，十五个工作日内答复")]
    assert found == [("8", "天"), ("十五", "个工作日")]


def test_a_suspicious_link_is_still_flagged_after_a_long_run_of_digits():
    links = [m.group(0) for m in clean._LINK.finditer("1" * 5_000 + " 见 www.example.com/a 与 " + "1." * 3_000)]
    assert links == ["www.example.com/a"]


def test_a_collapsed_body_breaks_before_its_headings_however_many_numbers_it_holds():
    body = "前言。一、总体情况 本年度" + "（一）" * 2_000 + "工作。二、主动公开情况 内容。"
    breaks = crawl.paragraph_breaks(body)
    opened = {body[end:end + 2] for _, end, text in breaks if text == "\n"}
    assert {"一、", "二、"} <= opened



def test_a_report_whose_pdf_font_gave_radical_signs_gets_its_sections_kind_and_title():
    text = ("测试区2024年政府信息公开⼯作年度报告\n⼀、总体情况\n2024年,本区依据《中华⼈⺠共和国政府信息公开条例》开展⼯作。\n"
            "⼆、主动公开政府信息情况\n本年主动公开信息100条。\n")
    doc = parse_bytes(text.encode("utf-8"))
    assert doc.metadata.title == "测试区2024年政府信息公开工作年度报告"
    assert doc.metadata.kind == "annual_report"
    assert [s.heading for s in doc.structure.sections if s.level == 1][:2] == ["总体情况", "主动公开政府信息情况"]
