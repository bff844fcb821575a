"""What counts as the same text when two documents are compared.

Script (繁/简), Taiwan phrasing, punctuation width and whitespace are not changes. Each word
gets a canonical form that is equal for all of those variants: OpenCC's s2twp takes both
mainland and Taiwan phrasing to Taiwan phrasing (文件 and 檔案 both become 檔案), and the
project's own traditional-to-simplified conversion brings that back to one mainland form.
Words are cut on a character-simplified view, so 繁體 text is segmented like its 简体 twin,
and each word is shown as written.
"""
import functools
import re

import jieba
import opencc

from documents.ingest.script import convert_traditional, simplified_chars

_PUNCT_OR_SPACE = re.compile(r"^[\s\W_]+$")
# Full-width ASCII to half-width, one character for one, so offsets stay put.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20


@functools.cache
def _s2twp():
    return opencc.OpenCC("s2twp")


@functools.lru_cache(maxsize=200_000)
def canonical(text: str) -> str:
    return convert_traditional(_s2twp().convert(simplified_chars(text.translate(_WIDTH))))


@functools.lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[tuple[str, str | None], ...]:
    """(word as written, canonical form or None for punctuation and space). Cached: aligning
    and diffing the same sections cut the same texts."""
    view = simplified_chars(text.translate(_WIDTH))
    out, pos = [], 0
    for piece in jieba.lcut(view):
        written = text[pos : pos + len(piece)]
        pos += len(piece)
        out.append((written, None if _PUNCT_OR_SPACE.match(piece) else canonical(piece)))
    return tuple(out)


def words(text: str) -> list[str]:
    """Canonical words only: what similarity and evidence are computed on."""
    return [c for _, c in tokens(text) if c]
