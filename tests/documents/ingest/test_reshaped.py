"""The real corpus and the samples re-shaped as other sources deliver them keep their facts.

Every corpus file is a crawl of one site; the parser meets the same documents from other sites,
extractors and converters, and from other places. Each shape (corpus_shapes) is made at test
time from a corpus file; a shape must keep the labelled year, kind, publisher, top-level
headings and numbers (a number may never be read with another value).
"""
import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from documents.ingest.pipeline import parse_bytes
from tests.conftest import sample_text

from . import corpus_shapes
from .format_fixtures import blocks
from .test_real_corpus import _close, _dec, _norm, _numbers

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "real"
LABELS = [label for label in json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))
          if label["file"].endswith(".txt")]


def _text(name):
    return (CORPUS / name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _parsed(name, shape):
    return parse_bytes(corpus_shapes.SHAPES[shape](_text(name)).encode("utf-8")).as_json()


def _cases():
    for label in LABELS:
        for shape in corpus_shapes.SHAPES:
            yield pytest.param(label, shape, id=f"{label['file']}-{shape}")


def _lines_of(shaped):
    """The shape's paragraphs: its lines, or its runs apart by a space (space_joined)."""
    from opencc import OpenCC

    plain = OpenCC("t2s").convert(re.sub(r"<[^>]+>", "\n", shaped))
    return [_norm(p) for p in re.split(r"\n|(?<=\S)\s+(?=[一二三四五六七八九十]+、)", plain)]


@pytest.mark.parametrize("label,shape", list(_cases()))
def test_a_reshaped_page_keeps_its_year_kind_and_numbers(label, shape):
    doc = _parsed(label["file"], shape)
    assert (doc["year"], doc["kind"]) == (label["year"], label["kind"])
    numbers = _numbers(doc)
    for key, value in (label.get("metrics") or {}).items():
        assert numbers.get(key) == {_dec(value)}, (key, numbers.get(key), value)


@pytest.mark.parametrize("label,shape", list(_cases()))
def test_a_reshaped_page_keeps_its_publisher(label, shape):
    if not label.get("publisher"):
        pytest.skip("no publisher labelled")
    got, want = _parsed(label["file"], shape)["publisher"], label["publisher"]
    # Without the crawler's 发布机构 the text may name only the office's place (平潭综合实验区
    # for its 管委会办公室): that place, never another name.
    assert got and (_close(got, want) or want.startswith(got)), (got, want)


@pytest.mark.parametrize("label,shape", list(_cases()))
def test_a_reshaped_page_keeps_its_top_level_headings(label, shape):
    want = label.get("top_sections") or []
    if not want:
        pytest.skip("no top-level headings labelled")
    lines = _lines_of(corpus_shapes.SHAPES[shape](_text(label["file"])))
    # A shape keeps the page's paragraphs only where its rows were paragraphs: a task table
    # flattened by the crawler (…工作要求一、围绕…) is no paragraph of any page.
    # A shape that keeps the crawled body whole keeps what the crawl gives.
    whole = shape in ("traditional", "collapsed_body_only")
    if not whole and not all(any(line.startswith(_norm(f"{'一二三四五六七八九十'[i]}、{h}")[:5]) for line in lines) for i, h in enumerate(want)):
        pytest.skip("the shape cannot put these headings at a line's start")
    doc = _parsed(label["file"], shape)
    top = [s["heading"] for s in doc["sections"] if s["level"] == 1 and s["number"]]
    assert len(top) == len(want) and all(_close(a, b, 0.8) for a, b in zip(top, want)), (top, want)


@pytest.mark.parametrize("label", LABELS, ids=lambda label: label["file"])
def test_a_page_cut_at_the_margin_reads_no_number_with_another_value(label):
    doc = parse_bytes(corpus_shapes.wrapped(_text(label["file"])).encode("utf-8")).as_json()
    numbers = _numbers(doc)
    wrong = {key: numbers[key] for key, value in (label.get("metrics") or {}).items()
             if numbers.get(key) and numbers[key] != {_dec(value)}}
    assert not wrong
    assert doc["kind"] == label["kind"]


# -- other places ----------------------------------------------------------------------------

PLACE = "平潭综合实验区"
# (place written in the text, its government's name prefix, its region, its level)
ELSEWHERE = [
    ("江苏省南京市鼓楼区", "南京市鼓楼区", "江苏省南京市鼓楼区", "district"),
    ("浙江省杭州市", "杭州市", "浙江省杭州市", "city"),
    ("四川省成都市武侯区", "成都市武侯区", "四川省成都市武侯区", "district"),
    ("河北省", "河北省", "河北省", "province"),
]
PLACED = [label for label in LABELS if _text(label["file"]).count(PLACE) and PLACE in (label.get("publisher") or "")]


@lru_cache(maxsize=None)
def _original(name):
    return parse_bytes((CORPUS / name).read_bytes()).as_json()


@pytest.mark.parametrize("label", PLACED, ids=lambda label: label["file"])
@pytest.mark.parametrize("written,prefix,region,level", ELSEWHERE)
def test_a_page_from_another_place_is_published_there(label, written, prefix, region, level):
    office = _original(label["file"])["publisher"].removeprefix(PLACE)
    doc = parse_bytes(_text(label["file"]).replace(PLACE, written).encode("utf-8")).as_json()
    assert doc["region"] == region
    # The office named in the page (发布机构, 我区管委会办公室编制) or the place's government.
    assert doc["publisher"] in {prefix + "人民政府", prefix + (office or "人民政府"), prefix + office.removesuffix("办公室")}
    assert doc["level"] == (level if doc["publisher"] == prefix + "人民政府" else "department")
    assert (doc["year"], doc["kind"]) == (label["year"], label["kind"])


BARE = [label for label in PLACED if _original(label["file"])["publisher"] == PLACE]


@pytest.mark.parametrize("label", BARE, ids=lambda label: label["file"])
@pytest.mark.parametrize("written,publisher,region", [
    ("广东省深圳市南山区人民政府办公室", "深圳市南山区人民政府办公室", "广东省深圳市南山区"),
    ("国家税务总局福建省税务局", "国家税务总局福建省税务局", "福建省"),
])
def test_an_office_or_a_vertically_managed_organ_publishes_under_its_own_name(label, written, publisher, region):
    doc = parse_bytes(_text(label["file"]).replace(PLACE, written).encode("utf-8")).as_json()
    assert (doc["publisher"], doc["region"], doc["level"]) == (publisher, region, "department")


def test_the_places_are_tried_on_reports_and_on_plans():
    kinds = {label["kind"] for label in PLACED}
    assert {"annual_report", "work_plan"} <= kinds and BARE


# -- table cells apart in other ways ------------------------------------------------------------

SAMPLE = "shanghai-2023-annual-report"


def _table_numbers(doc):
    found = {}
    for m in doc["metrics"]:
        if not (m.get("source") or "").startswith("narrative"):
            found.setdefault(m["key"], set()).add(Decimal(str(m["value"])))
    return found


def _rows_apart(sep):
    out = []
    for kind, content in blocks(SAMPLE):
        if kind == "p":
            out.append(content.strip())
            continue
        for row in content:
            cells = [c.replace("\n", "") for c in row]
            if sep == "line":
                out.extend(cells)
            elif sep == "|":
                out.append("| " + " | ".join(cells) + " |")
            else:
                out.append(sep.join(cells))
    return ("\n".join(out) + "\n").encode("utf-8")


@pytest.mark.parametrize("sep,least", [("\t", 0.95), ("|", 0.95), ("  ", 0.95), (" ", 0.9), ("line", 1.0)],
                         ids=["tabs", "bars", "two-spaces", "one-space", "cell-per-line"])
def test_statistics_with_cells_apart_in_any_way_are_never_read_with_another_value(sep, least):
    base = _table_numbers(parse_bytes(sample_text(SAMPLE).encode("utf-8")).as_json())
    got = _table_numbers(parse_bytes(_rows_apart(sep)).as_json())
    assert {k: v for k, v in got.items() if base.get(k) != v} == {}
    assert len(got) >= least * len(base)


# -- one template's figures under the other template's words -------------------------------------

def test_the_2021_statistics_under_the_2019_column_names_are_read_by_the_names_they_carry():
    text = sample_text(SAMPLE)
    words = {"本年制發(fā)件數(shù)": "本年新制作數量", "本年廢止件數(shù)": "本年新公開數量",
             "現(xiàn)行有效件數(shù)": "對外公開總數量"}
    assert all(old in text for old in words)
    for old, new in words.items():
        text = text.replace(old, new)
    base = _table_numbers(parse_bytes(sample_text(SAMPLE).encode("utf-8")).as_json())
    got = _table_numbers(parse_bytes(text.encode("utf-8")).as_json())
    # The columns are the 2019 template's now: 新公开 where 废止 stood, none read as 废止.
    assert got["proactive.regulations.published"] == base["proactive.regulations.repealed"]
    assert "proactive.regulations.repealed" not in got
    shared = {k: v for k, v in got.items() if k in base and base[k] != v}
    assert shared == {}


def test_the_2019_statistics_under_the_2021_column_names_are_read_by_the_names_they_carry():
    name = "fujian-pingtan-2020-annual-report.txt"
    words = {"本年新制作数量": "本年制发件数", "本年新公开数量": "本年废止件数", "对外公开总数量": "现行有效件数"}
    text = _text(name)
    assert all(old in text for old in words)
    for old, new in words.items():
        text = text.replace(old, new)
    base = _table_numbers(_original(name))
    got = _table_numbers(parse_bytes(text.encode("utf-8")).as_json())
    assert got["proactive.regulations.in_force"] == base["proactive.regulations.published_total"]
    assert "proactive.regulations.published_total" not in got
    assert {k: v for k, v in got.items() if k in base and base[k] != v} == {}
