"""jieba's dictionary loaded from its cache in one read (documents/ingest/words.py)."""
import shutil

import jieba
import pytest

from documents.ingest import words

SENTENCE = "杨浦区人民政府办公室推进政务公开标准化规范化"


@pytest.fixture
def default_cache(tmp_path):
    """A folder holding jieba's cache of its default dictionary."""
    words.load_dictionary()
    shutil.copy(words.cache_path(jieba.dt), tmp_path / "jieba.cache")
    return tmp_path


def fresh_tokenizer(folder):
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(folder)
    return tokenizer


def test_it_loads_the_default_dictionary_from_jiebas_cache_without_jieba(default_cache, monkeypatch):
    tokenizer = fresh_tokenizer(default_cache)
    monkeypatch.setattr(tokenizer, "initialize", lambda *args: pytest.fail("jieba loaded it itself"))
    words.load_dictionary(tokenizer)
    assert tokenizer.initialized and tokenizer.total == jieba.dt.total
    assert tokenizer.lcut(SENTENCE) == jieba.lcut(SENTENCE)


def test_a_damaged_cache_is_left_to_jieba_which_builds_the_dictionary_again(tmp_path):
    (tmp_path / "jieba.cache").write_bytes(b"\x00not a marshal dump")
    tokenizer = fresh_tokenizer(tmp_path)
    words.load_dictionary(tokenizer)
    assert tokenizer.initialized and tokenizer.lcut(SENTENCE) == jieba.lcut(SENTENCE)


def test_a_cache_of_something_else_is_not_taken_for_the_dictionary(tmp_path):
    import marshal

    (tmp_path / "jieba.cache").write_bytes(marshal.dumps(({"一": 1}, "total")))
    assert words._read_cache(fresh_tokenizer(tmp_path)) is None  # (jieba itself would take it)


def test_a_dictionary_of_ones_own_is_left_to_jieba(tmp_path):
    own = tmp_path / "own.txt"
    own.write_text("政务公开 100 n\n", encoding="utf-8")
    tokenizer = jieba.Tokenizer(str(own))
    assert words.cache_path(tokenizer) is None
    words.load_dictionary(tokenizer)
    assert tokenizer.initialized and "政务公开" in tokenizer.FREQ
