"""Every hand-labelled fact of the real corpus (tests/corpus/real) as a test of the pipeline.

A fact is read when the parse gives the label: the year, kind, script and 文号 exactly, the
publisher and each top-level heading in a close spelling (the labels' rule: punctuation and
spaces aside, a similarity of 0.85 for names, 0.8 for headings), and each labelled number as
the only value of its key. A key's table figure counts where the tables give one, a figure
read from the prose only where they don't.

Facts the parser does not read yet are expected failures (KNOWN_MISSES); a labelled number
read with another value is never expected: a researcher would cite it.
"""
import difflib
import json
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from documents.ingest.pipeline import parse_bytes

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "real"
LABELS = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))

# (file, fact) pairs not read yet. A pair that starts passing fails as XPASS: remove it here.
KNOWN_MISSES: set[tuple[str, str]] = set()


def _norm(s):
    s = unicodedata.normalize("NFKC", str(s or ""))
    return re.sub(r"[\s“”\"'‘’。，,、:：]", "", s)


def _close(a, b, at=0.85):
    a, b = _norm(a), _norm(b)
    return bool(a) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= at)


def _dec(value):
    return Decimal(str(value)).normalize()


@lru_cache(maxsize=None)
def _parsed(name):
    return parse_bytes((CORPUS / name).read_bytes()).as_json()


def _numbers(doc):
    """Each key's values: from the tables where they give it, else from the prose."""
    table, prose = {}, {}
    for m in doc["metrics"]:
        into = prose if (m.get("source") or "").startswith("narrative") else table
        into.setdefault(m["key"], set()).add(_dec(m["value"]))
    return {key: table.get(key) or prose.get(key) for key in table.keys() | prose.keys()}


def _facts():
    for label in LABELS:
        name = label["file"]
        yield name, "parses"
        for field in ("year", "kind", "script"):
            if field in label:
                yield name, field
        if label.get("publisher"):
            yield name, "publisher"
        if label.get("doc_number"):
            yield name, "doc_number"
        if "top_sections" in label:
            yield name, "top_sections"
        for key in label.get("metrics") or {}:
            yield name, f"number {key}"


def _label(name):
    return next(label for label in LABELS if label["file"] == name)


@pytest.mark.parametrize("name,fact", list(_facts()), ids=lambda v: v)
def test_it_reads_the_labelled_fact(name, fact):
    if (name, fact) in KNOWN_MISSES:
        pytest.xfail(f"{fact} of {name} is not read yet")
    label, doc = _label(name), _parsed(name)
    if fact == "parses":
        assert doc["clean_text"]
    elif fact in ("year", "kind", "script"):
        assert doc[fact] == label[fact]
    elif fact == "publisher":
        assert _close(doc["publisher"], label["publisher"]), (doc["publisher"], label["publisher"])
    elif fact == "doc_number":
        assert _norm(doc["doc_number"]) == _norm(label["doc_number"])
    elif fact == "top_sections":
        top = [s["heading"] for s in doc["sections"] if s["level"] == 1 and s["number"]]
        want = label["top_sections"] or []
        assert len(top) == len(want) and all(_close(a, b, 0.8) for a, b in zip(top, want)), (top, want)
    else:
        key = fact.removeprefix("number ")
        assert _numbers(doc).get(key) == {_dec(label["metrics"][key])}


@pytest.mark.parametrize("name", [label["file"] for label in LABELS])
def test_no_labelled_number_is_read_with_another_value(name):
    label, numbers = _label(name), _numbers(_parsed(name))
    wrong = {
        key: sorted(map(str, numbers[key]))
        for key, value in (label.get("metrics") or {}).items()
        if numbers.get(key) and numbers[key] != {_dec(value)}
    }
    assert not wrong, f"labelled {label.get('metrics')}, read {wrong}"


def test_the_corpus_is_the_one_its_sources_describe():
    """The copies are the documents as found: each file's sha256 prefix is the one recorded."""
    import hashlib

    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for label in LABELS:
        digest = hashlib.sha256((CORPUS / label["file"]).read_bytes()).hexdigest()[:16]
        assert f"| {digest} |" in sources, label["file"]
