from dataclasses import dataclass

import opencc

from comparisons.align import align, units_from_sections
from documents.ingest.pipeline import parse_bytes
from tests.conftest import sample_bytes


@dataclass
class S:
    order: int
    number: str
    heading: str
    text: str
    topics: tuple = ()


def sections_of(data):
    parsed = parse_bytes(data)
    return [S(i, s.number, s.heading, s.text) for i, s in enumerate(parsed.structure.sections)]


def test_a_document_aligned_with_itself_matches_every_section_with_similarity_1():
    sections = sections_of(sample_bytes("shanghai-yangpu-2021-work-plan"))
    a, b = units_from_sections(sections), units_from_sections(sections)
    pairs = align(a, b)
    assert all(p.a == p.b and p.a is not None for p in pairs)
    assert all(abs(p.similarity - 1) < 1e-6 for p in pairs)


def test_a_document_aligned_with_its_traditional_twin_matches_every_section():
    text = sample_bytes("shanghai-changning-2019-work-plan").decode()
    twin = opencc.OpenCC("s2twp").convert(text).encode()
    a = units_from_sections(sections_of(text.encode()))
    b = units_from_sections(sections_of(twin))
    pairs = align(a, b)
    assert len(a) == len(b)
    assert all(p.a == p.b for p in pairs)


def test_implicit_sub_sections_are_split_at_their_topic_sentences():
    units = units_from_sections([S(3, "4", "深化重点领域信息公开工作", "积极推进决策公开。甲乙丙丁。\n加强政策解读力度。戊己庚。\n广泛开展公众参与。辛壬癸。")])
    assert [u.heading for u in units] == ["积极推进决策公开", "加强政策解读力度", "广泛开展公众参与"]
    assert {u.anchor for u in units} == {"s-3"}


def test_unrelated_sections_stay_unmatched():
    a = units_from_sections([S(0, "一", "财政预决算公开", "推进部门预算决算公开，细化财政专项资金信息。")])
    b = units_from_sections([S(0, "一", "疫情防控", "做好新冠肺炎疫情防控信息发布和舆情回应。")])
    pairs = align(a, b)
    assert {(p.a, p.b) for p in pairs} == {(0, None), (None, 0)}
