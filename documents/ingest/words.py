"""jieba's dictionary, loaded once per process and quickly.

jieba keeps its prefix dictionary in a cache file (marshal) and reads it with marshal.load on
the open file, which fetches the half a million entries one small read at a time: about three
times slower than decoding the same bytes read in one go. Every process that parses (each
ingest worker, a web process on its first upload) pays that before its first document, so the
cache is read here in one go when it is jieba's own, complete cache of its default dictionary;
anything else is left to jieba, which builds or reads the cache as it always does.
"""
import marshal
import os
import tempfile

import jieba

jieba.setLogLevel(60)  # its dictionary-loading chatter is not ours to print


def load_dictionary(tokenizer: jieba.Tokenizer = jieba.dt) -> None:
    """Make `tokenizer` ready (jieba would otherwise load its dictionary on first use)."""
    if tokenizer.initialized:
        return
    entries = _read_cache(tokenizer)
    if entries is None:
        tokenizer.initialize()
        return
    with tokenizer.lock:
        if not tokenizer.initialized:
            tokenizer.FREQ, tokenizer.total = entries
            tokenizer.initialized = True


def cache_path(tokenizer: jieba.Tokenizer) -> str | None:
    """Where jieba keeps the cache of `tokenizer`'s dictionary; None for a dictionary of one's
    own (its cache is named after it, and trusted only if newer: jieba's business)."""
    if tokenizer.dictionary != jieba.DEFAULT_DICT:
        return None
    return os.path.join(tokenizer.tmp_dir or tempfile.gettempdir(), tokenizer.cache_file or "jieba.cache")


def _read_cache(tokenizer):
    """(FREQ, total) from jieba's cache file, or None when there is none or it is not one."""
    path = cache_path(tokenizer)
    if path is None or not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as handle:
            entries = marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (
        isinstance(entries, tuple) and len(entries) == 2
        and isinstance(entries[0], dict) and entries[0] and isinstance(entries[1], int)
    ):
        return entries
    return None
