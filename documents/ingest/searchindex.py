"""What a section contributes to the search index: pure, so that ingest workers build it and
the loader stores it in the document's own transaction. documents/search/ explains the
design and holds the query side.

Per section (heading and body) it makes
* `search_text`: heading, line break, body, simplified and folded (one character for one
  character, so offsets into it are offsets into the section); phrases are checked against it;
* `grams`: the set of tokens the GIN index holds, without positions: at every position of a
  Han run, the next two and the next four characters of the run (fewer at its end), and each
  run of letters and digits of another script (lowercased). A Han string of two or four
  characters is then one token, and one of one or three characters the prefix of the tokens
  starting where it occurs, answered by the index alone;
* `vector`: a tsvector with positions and weights for ts_rank_cd on the shown hits: bigrams and
  the run's last character at their character offsets, jieba's search-mode words of three or
  more characters, heading tokens weighted A.
"""
from __future__ import annotations

import functools
import itertools
import operator
import re

import jieba

from . import script, topics

jieba.setLogLevel(60)  # its dictionary-loading chatter is not ours to print

MAX_INDEXED_CHARS = 100_000
MAX_TOKEN_CHARS = 100  # a letters-and-digits token is cut to this many characters
MAX_GRAM = 4
HEADING_CHARS = 500  # a heading is stored, and indexed, up to this many characters
# PostgreSQL refuses a tsvector whose lexemes (with their positions) take over 1 MB.
MAX_VECTOR_BYTES = 1_048_575
POSITIONS = 16383  # PostgreSQL's largest tsvector position
# A second, partial GIN index holds the grams of one published section in SAMPLE_EVERY (a power
# of two; chosen by a hash of the id): a search matching very many sections counts those and
# scales up (documents/search/).
SAMPLE_EVERY = 8
# Sparser samples, each inside the one before (one section in 64, 512, 4096, by the same hash):
# a search matching very many sections counts the sparsest that still holds enough of its
# matches, so that estimating costs about as much at any size of collection.
SAMPLE_LEVELS = (SAMPLE_EVERY, 64, 512, 4096)

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_CHAR = re.compile(f"[{HAN}]")
# A unit is a run of Han characters or a run of letters and digits of any other script.
UNIT = re.compile(f"[{HAN}]+|(?:(?![{HAN}])[^\\W_])+")


@functools.cache
def fold_table():
    table = {c: " " for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]}
    for c in [0x1680, *range(0x2000, 0x200E), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF]:
        table[c] = " "
    for c in range(0xFF01, 0xFF5F):  # full-width ASCII
        table[c] = chr(c - 0xFEE0).lower()
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = chr(c).lower()
    return table


def fold(text: str) -> str:
    """Case, width and white space folded, one character for one character (offsets stay)."""
    folded = text.translate(fold_table())
    if folded.isascii():
        return folded
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # A few characters lower to two (İ): keep those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)


def is_han(unit: str) -> bool:
    return bool(HAN_CHAR.match(unit))


def quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def index_text(heading: str, text: str) -> str:
    """What is indexed and what phrases are checked against: heading, line break, body."""
    body = script.to_simplified(text[:MAX_INDEXED_CHARS]).text
    return fold(script.to_simplified(heading).text) + "\n" + fold(body)


def grams(text: str) -> set[str]:
    """The index's tokens of an already folded text (see the module docstring)."""
    return _tokens(text, 0)[3]


def _literal(tokens) -> str:
    """Tokens in tsvector input syntax (PostgreSQL sorts them itself). Tokens are runs of word
    characters (UNIT), never holding a quote or a backslash, so none needs quoting."""
    return "'" + "' '".join(tokens) + "'" if tokens else ""


def index_tokens(text: str) -> list[tuple[str, int]]:
    """(token, offset) of the ranking vector for an already folded text."""
    tokens, offsets, _, _ = _tokens(text, 0)
    return list(zip(tokens, offsets))


def _tokens(text: str, heading_length: int) -> tuple[list[str], list[int], int, set[str]]:
    """In one pass over the runs: the ranking vector's tokens and their offsets, run by run;
    how many of them come first from the runs before `heading_length` (runs never cross the
    heading's line break); and the grams. Lists are made a run at a time, by C-level maps: at
    one token per character, a call per token would cost more than the work itself."""
    tokens, offsets, in_heading, found = [], [], None, set()
    for match in UNIT.finditer(text):
        run, start = match.group(), match.start()
        if in_heading is None and start >= heading_length:
            in_heading = len(tokens)
        if not is_han(run):
            token = run[:MAX_TOKEN_CHARS]
            tokens.append(token)
            offsets.append(start)
            found.add(token)
            continue
        # Ranked: the bigram at each character but the last, then the last character alone.
        # Grams: the same bigrams, and the next MAX_GRAM (four; the queries count on it, and
        # a test holds it) characters at each character: a bigram and the one two further on,
        # then the run's last three, two and one.
        bigrams = list(map(operator.add, run, run[1:]))
        found.update(bigrams)
        found.update(map(operator.add, bigrams, bigrams[2:]))
        found.add(run[-3:])
        found.add(run[-1])
        tokens += bigrams
        tokens.append(run[-1])
        offsets += range(start, start + len(run))
        for word, begin in _long_words(run):
            tokens.append(word)
            offsets.append(start + begin)
    return tokens, offsets, len(tokens) if in_heading is None else in_heading, found


@functools.lru_cache(maxsize=50_000)
def _long_words(run: str) -> tuple:
    """jieba's search-mode words of three or more characters in a Han run, with their offsets
    (cached: runs between punctuation recur across documents, and jieba is the slow part)."""
    if len(run) < 3:
        return ()
    return tuple((word, begin) for word, begin, end in jieba.tokenize(run, mode="search") if end - begin >= 3)


def tsvector_literal(text: str, heading_length: int) -> str:
    """The ranking tsvector of an `index_text`, as PostgreSQL's input syntax: tokens before
    `heading_length` get weight A, the rest D (written without a letter). Positions are
    character offsets plus one, modulo PostgreSQL's largest. Each occurrence is an entry of
    its own ('区政':3 '区政':9), which is quicker to write than gathering a lexeme's
    positions: PostgreSQL merges a lexeme's entries, sorting their positions and, of two
    equal ones (wrapped around), keeping the higher weight."""
    tokens, offsets, in_heading, _ = _tokens(text, heading_length)
    return _vector_literal(tokens, offsets, in_heading, "".join(tokens))


@functools.cache
def _entry_ends() -> tuple[list[str], list[str]]:
    """By offset, the end of an entry and the start of the next one, for a body token and for
    a heading one: ':1 ' and ':1A ' for offset 0, and so on to the largest position."""
    return [f"':{n} '" for n in range(1, POSITIONS + 1)], [f"':{n}A '" for n in range(1, POSITIONS + 1)]


def _vector_literal(tokens, offsets, in_heading, joined) -> str:
    """`joined`: the tokens joined, which tells how long they are written. Tokens need no
    quoting (see _literal)."""
    if not tokens:
        return ""
    if max(offsets) >= POSITIONS:
        offsets = [offset % POSITIONS for offset in offsets]
    if len(joined.encode()) <= MAX_VECTOR_BYTES:
        body, heading = _entry_ends()
        ends = list(map(heading.__getitem__, offsets[:in_heading]))
        ends += map(body.__getitem__, offsets[in_heading:])
        return "'" + "".join(itertools.chain.from_iterable(zip(tokens, ends)))[:-2]
    # PostgreSQL also adds up the lexemes as written, before merging them, against the same
    # limit: a long text of few, long words repeated passes it unless each is written once.
    positions = [str(offset + 1) for offset in offsets]
    positions[:in_heading] = [p + "A" for p in positions[:in_heading]]
    merged = {}
    for token, position in zip(tokens, positions):
        merged.setdefault(token, []).append(position)
    return " ".join(f"'{token}':{','.join(places)}" for token, places in merged.items())


def _vector_bytes(tokens) -> int:
    """At least the size PostgreSQL gives the lexemes of a ranking vector with these
    entries: each distinct lexeme, aligned to two bytes, a count of its positions, and two
    bytes per position."""
    distinct = set(tokens)
    return len("".join(distinct).encode()) + 3 * len(distinct) + 2 * len(tokens)


def _fits(tokens, joined: str, found) -> bool:
    """Do both vectors stay within PostgreSQL's limit? The tokens as written, with five bytes
    each, bound their vector's size from above: only beyond that are the distinct ones counted."""
    if len("".join(found).encode()) > MAX_VECTOR_BYTES:
        return False
    return len(joined.encode()) + 5 * len(tokens) <= MAX_VECTOR_BYTES or _vector_bytes(tokens) <= MAX_VECTOR_BYTES


def index_row(heading: str, text: str) -> tuple[str, str, str]:
    """(search_text, ranking tsvector, grams tsvector) of one section, as stored. A section
    whose vectors would pass PostgreSQL's limit for a tsvector has its tokens taken from a
    shorter start of its text (search_text stays whole), so that storing never fails."""
    indexed = index_text(heading, text)
    heading_length = indexed.index("\n")
    tokens_from = indexed
    while True:
        tokens, offsets, in_heading, found = _tokens(tokens_from, heading_length)
        joined = "".join(tokens)
        # A short text always stays: asked first, most sections skip the byte counts.
        if len(tokens_from) < 1000 or _fits(tokens, joined, found):
            return indexed, _vector_literal(tokens, offsets, in_heading, joined), _literal(found)
        tokens_from = tokens_from[: len(tokens_from) // 2]


def topic_mask(names) -> int:
    """The section's topics as bits, in the order of the topic list: one integer the search
    counts its topic facet by."""
    bits = {topic.name: i for i, topic in enumerate(topics.all_topics())}
    return sum(1 << bits[name] for name in set(names) if name in bits)


def mask_topics(mask: int) -> list[str]:
    return [topic.name for i, topic in enumerate(topics.all_topics()) if mask >> i & 1]
