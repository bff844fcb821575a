"""The injected-noise finder (documents.ingest.noise). Pure functions: no database, no Django.

Ground truth for the Yangpu 2020 report is data/yangpu-2020-noise.json: offsets into the raw
sample text, annotated by reading the document (and checked against its twice-pasted
sub-section, below).
"""

import dataclasses
import functools
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import jieba
import opencc
import pytest

from documents.ingest.noise import NoiseSpan, find_noise

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[2] / "samples"
ANNOTATION = HERE / "data" / "yangpu-2020-noise.json"

YANGPU_2020 = "shanghai-yangpu-2020-annual-report"
CLEAN_SAMPLES = [
    "shanghai-2023-annual-report",
    "shanghai-changning-2019-work-plan",
    "shanghai-sheitc-2020-work-plan",
    "shanghai-yangpu-2021-work-plan",
]

# Pinyin after characters (根據(jù)); the pipeline removes it before this stage.
PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]+\)")
CJK = re.compile(r"[\u4e00-\u9fff]")


def sample(name):
    """The raw sample text; the 2023 report without its pinyin, as this stage gets it."""
    text = (SAMPLES / f"{name}.txt").read_bytes().decode("utf-8")
    return PINYIN.sub("", text) if name == "shanghai-2023-annual-report" else text


def annotation():
    return json.loads(ANNOTATION.read_text(encoding="utf-8"))


def chars(spans):
    return {k for start, end in spans for k in range(start, end)}


def show(spans):
    return [(s.text, s.score) for s in spans]


# --- the Yangpu 2020 report --------------------------------------------------------------


def test_the_annotation_points_at_runs_of_chinese_characters_in_the_raw_sample():
    text = sample(YANGPU_2020)
    gold = annotation()
    assert gold == sorted(gold, key=lambda g: g["start"])
    for g, h in zip(gold, gold[1:]):
        assert g["end"] <= h["start"]
    for g in gold:
        assert text[g["start"] : g["end"]] == g["text"]
        assert 1 <= len(g["text"]) <= 5 and all(CJK.match(c) for c in g["text"])


def test_the_twice_pasted_sub_section_differs_only_by_annotated_junk():
    text = sample(YANGPU_2020)
    heading = "4、深化重點領域信息公開工作。"
    first = text.index(heading)
    second = text.index(heading, first + 1)
    junk = [(g["start"], g["end"]) for g in annotation() if first <= g["start"] < second]
    assert junk, "the first copy carries junk the second lacks"
    kept, pos = [], first
    for start, end in junk:
        kept.append(text[pos:start])
        pos = end
    kept.append(text[pos:second])
    first_copy_clean = "".join(kept)
    assert text[second : second + len(first_copy_clean)] == first_copy_clean


def test_it_finds_the_junk_in_the_yangpu_2020_report_with_high_precision_and_recall():
    text = sample(YANGPU_2020)
    gold = [(g["start"], g["end"]) for g in annotation()]
    found = find_noise(text)
    found_spans = [(s.start, s.end) for s in found]

    hit = chars(gold) & chars(found_spans)
    precision = len(hit) / len(chars(found_spans)) if found else 0.0
    recall = len(hit) / len(chars(gold))
    exact = set(gold) & set(found_spans)
    message = (
        f"characters: precision {precision:.2f}, recall {recall:.2f}; "
        f"spans: {len(exact)} of {len(found)} reported are exact, "
        f"{len(exact)} of {len(gold)} annotated are found exactly; "
        f"reported {show(found)}; missed {[text[s:e] for s, e in gold if (s, e) not in exact]}"
    )
    assert precision >= 0.9 and recall >= 0.85, message


def test_it_gives_the_same_offsets_for_the_simplified_version_of_the_report():
    text = sample(YANGPU_2020)
    simplified = opencc.OpenCC("t2s").convert(text)
    assert len(simplified) == len(text)
    assert [(s.start, s.end) for s in find_noise(simplified)] == [(s.start, s.end) for s in find_noise(text)]


# --- clean text --------------------------------------------------------------------------


@pytest.mark.parametrize("name", CLEAN_SAMPLES)
def test_it_flags_nothing_in_the_clean_samples(name):
    found = find_noise(sample(name))
    assert found == [], show(found)


ORDINARY_SENTENCES = [
    # changning 2019, simplified, ASCII punctuation
    "2019年本区政务公开工作的总体要求是,以习近平新时代中国特色社会主义思想为指导,深入贯彻习近平总书记视察上海重要讲话精神。",
    "严格落实执行《长宁区人民政府关于进一步规范重大行政决策的实施办法》,有序推进重大行政决策目录管理试点工作。",
    # sheitc 2020
    "坚持需求导向、问题导向、效果导向,加强政策解读和政务舆情回应,完善政务公开制度规范。",
    "把人民群众满意度作为衡量工作效果的重要标准,以主动服务、便民快捷为要求,让群众看得到、听得懂、能监督。",
    # yangpu 2021, full-width punctuation
    "政府网站引用或登载行政法规的，要对照中国政府法制信息网行政法规库的国家正式版本，及时更新完善。",
    "依托“上海杨浦”门户网站建立全区统一的政府公文库，实现主动公开的政府公文“一站通查”。",
    # 2023 report, traditional
    "本年度報告中所列數據統計期限為2023年1月1日至12月31日。",
    "2023年,全市共收到政府信息公開申請34290件,申請數量較2022年上升29.3%。",
    # yangpu 2020, traditional with Taiwan phrasing (套用, 最佳化, 檔案, 計畫, 國中, 螢幕, 依託)
    "涵蓋產業生態構建、企業集聚引領、套用場景拓展、人才招引培養和政企投資聯動等5個方面、20條措施。",
    "以“一網通辦”為切入點,持續推進“放管服”改革,著力簡政放權、最佳化服務。",
    "嚴格落實政策解讀“三同步”制度,對行政規範性檔案、重要政策檔案以及有關工作年度報告等“應解讀盡解讀”。",
    "上海市國中學業水平考試實施辦法,上海市國中學生綜合素質評價實施辦法。",
    "制定本區貫徹落實本市若干意見的實施方案,出台加強公共衛生體系建設三年行動計畫。",
    "通過房屋徵收基地通過專門的公示欄、電子觸控螢幕等,做好各類徵收信息公示工作。",
    "不斷升級“一網通辦”惠企利民服務,依託企業專屬網頁,上線“企業防控看板”。",
]


@pytest.mark.parametrize("sentence", ORDINARY_SENTENCES)
def test_it_leaves_ordinary_sentences_alone(sentence):
    found = find_noise(sentence)
    assert found == [], show(found)


def test_it_returns_nothing_for_text_without_chinese_characters():
    assert find_noise("") == []
    assert find_noise("GOVERNMENT INFORMATION\n") == []
    assert find_noise("www.example.com 2023-01-01 (ESG)") == []


# --- injected runs anywhere --------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def rare_characters():
    """Simplified characters that jieba's dictionary knows as rare one-character words."""
    to_simplified = opencc.OpenCC("t2s")
    out = []
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, freq = line.split(" ")[:2]
            rare = len(word) == 1 and CJK.match(word) and 20 <= int(freq) <= 300
            if rare and to_simplified.convert(word) == word:
                out.append(word)
    return out


def splice(text, rng, pool, length=3):
    """Insert `length` random characters from `pool` between two Chinese characters of
    `text`; return the new text and the offset of the insertion."""
    spots = [i for i in range(1, len(text)) if CJK.match(text[i - 1]) and CJK.match(text[i])]
    at = rng.choice(spots)
    junk = "".join(rng.sample([c for c in pool if c not in text], length))
    return text[:at] + junk + text[at:], at


SIMPLIFIED_SENTENCES = ORDINARY_SENTENCES[:6]


@pytest.mark.parametrize("seed", range(12))
def test_it_finds_a_random_run_of_three_rare_characters_spliced_into_a_clean_sentence(seed):
    rng = random.Random(seed)
    sentence = rng.choice(SIMPLIFIED_SENTENCES)
    text, at = splice(sentence, rng, rare_characters())
    found = find_noise(text)
    # The run itself, give or take a neighbouring character it may pull along.
    assert len(found) == 1, (text, show(found))
    span = found[0]
    assert span.start <= at and span.end >= at + 3, (text, show(found))
    assert at - span.start <= 1 and span.end - (at + 3) <= 1, (text, show(found))


@pytest.mark.parametrize("seed", range(4))
def test_it_finds_a_random_run_of_three_rare_characters_spliced_into_a_whole_clean_document(seed):
    rng = random.Random(seed)
    text, at = splice(sample("shanghai-changning-2019-work-plan"), rng, rare_characters())
    found = find_noise(text)
    assert [(s.start, s.end) for s in found] == [(at, at + 3)], (text[at - 8 : at + 11], show(found))


def test_it_finds_junk_in_a_traditional_sentence_at_the_offsets_of_the_input():
    sentence = "著力減輕企業負擔,全力保說酷嬸轎障企業恢束辨拘復生產經營。"
    found = find_noise(sentence)
    assert [(s.start, s.end, s.text) for s in found] == [
        (sentence.index("說酷嬸轎"), sentence.index("說酷嬸轎") + 4, "說酷嬸轎"),
        (sentence.index("束辨拘"), sentence.index("束辨拘") + 3, "束辨拘"),
    ]


# --- the API -----------------------------------------------------------------------------


def test_spans_are_sorted_non_overlapping_frozen_and_carry_the_input_text():
    text = sample(YANGPU_2020)
    found = find_noise(text)
    assert found
    for span in found:
        assert isinstance(span, NoiseSpan)
        assert text[span.start : span.end] == span.text
        assert isinstance(span.score, float) and span.score > 0
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    with pytest.raises(dataclasses.FrozenInstanceError):
        found[0].start = 0


def test_the_model_loads_in_seconds_and_a_document_takes_well_under_that():
    # In a fresh interpreter, so that the load is really measured.
    script = (
        "import time; t0 = time.perf_counter();"
        "from documents.ingest.noise import find_noise, load_model; load_model();"
        "t1 = time.perf_counter();"
        f"text = open({str(SAMPLES / 'shanghai-2023-annual-report.txt')!r}, encoding='utf-8').read();"
        "find_noise(text); t2 = time.perf_counter();"
        "print(t1 - t0, t2 - t1)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    load, document = map(float, out.stdout.split())
    # Generous bounds for a busy machine; typically about 1.2 s and 0.5 s (31 KB, the
    # largest sample).
    assert load < 6, f"loading the model took {load:.1f} s"
    assert document < 3, f"one document took {document:.1f} s"


@pytest.mark.parametrize("text", ["", "a", "中", "龘靐齉爩", "。。。", "鬱" * 50, "Hello 2023"])
def test_it_never_fails_on_tiny_or_odd_input(text):
    assert isinstance(find_noise(text), list)


def test_the_model_read_back_from_its_cache_file_is_the_model_built_and_a_damaged_or_foreign_file_is_built_over(
    tmp_path, monkeypatch
):
    import numpy as np

    from documents.ingest import noise

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "gongkai").mkdir()
    (tmp_path / "gongkai" / "noise-0123456789abcdef01234567.npz").write_bytes(b"an older model")
    noise._background.cache_clear()
    try:
        built = noise._background()
        (cache,) = (tmp_path / "gongkai").glob("noise-*.npz")
        noise._background.cache_clear()
        with monkeypatch.context() as patched:
            patched.setattr(noise, "_build_background", lambda _: pytest.fail("built again, not read"))
            read = noise._background()
        for field in dataclasses.fields(built):
            a, b = getattr(built, field.name), getattr(read, field.name)
            assert a.dtype == b.dtype and np.array_equal(a, b), field.name
        whole = cache.read_bytes()
        arrays = {f.name: getattr(built, f.name) for f in dataclasses.fields(built)}
        damaged = {
            "cut short": whole[:1000],
            "empty": b"",
            "one array, not an archive": None,
            "codes of another kind": None,
        }
        for how in damaged:
            if how == "one array, not an archive":
                with cache.open("wb") as handle:
                    np.save(handle, built.codes)
            elif how == "codes of another kind":
                with cache.open("wb") as handle:
                    np.savez(handle, **{**arrays, "codes": arrays["codes"].astype(np.float32)})
            else:
                cache.write_bytes(damaged[how])
            noise._background.cache_clear()
            rebuilt = noise._background()
            assert rebuilt.codes.dtype == np.int64 and np.array_equal(rebuilt.pair_mass, built.pair_mass), how
            again = noise._read_cached(cache)  # written whole again
            assert again is not None and np.array_equal(again.pair_keys, built.pair_keys), how
        # No temporary file left, and the older model gone.
        assert [p.name for p in (tmp_path / "gongkai").iterdir()] == [cache.name]
    finally:
        noise._background.cache_clear()


def test_its_numbering_of_values_and_of_pairs_is_numpy_s_unique_however_large_they_are():
    import numpy as np

    from documents.ingest import noise

    rng = np.random.default_rng(3)
    for top in (1, 50, 0x9FFF, 0x3134F, 1 << 40):  # the last past both the table and the 16-bit digits
        values = rng.integers(0, top, size=5000, dtype=np.int64)
        expected = np.unique(values, return_inverse=True)
        for got in (noise._unique(values), noise._unique_keys(values, values >> 16, values & 0xFFFF)):
            assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])
    empty = np.array([], dtype=np.int64)
    assert all(len(part) == 0 for part in (*noise._unique(empty), *noise._unique_keys(empty, empty, empty)))


def test_it_gives_each_character_its_symbol_whether_looked_up_at_once_or_one_by_one():
    import numpy as np

    from documents.ingest import noise

    text = "政務公開\x00\n 12３ab，。𠀋𪚲😀é"
    codes = noise._code_points(text)
    expected = [ord(noise._symbol(ch, noise._to_simplified())) for ch in text]
    assert noise._symbol_codes_of(codes).tolist() == expected  # with characters past the plane's table
    assert noise._symbol_codes_of(codes[codes < 0x10000]).tolist() == [e for e, c in zip(expected, codes) if c < 0x10000]
    assert noise._symbol_codes_of(np.array([], dtype=np.uint32)).tolist() == []
