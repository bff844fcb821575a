"""Full-text search over sections, inside PostgreSQL: the index, the query language, the SQL.

The index
---------
Each section is indexed as one string, its heading, a line break, then its body: simplified
(script.to_simplified; stored text already is, queries may be 繁體), then `fold`ed (full-width
ASCII to ASCII, upper to lower case, control characters and other white space to a space),
which keeps every character where it was, so offsets into it are offsets into the section.
That string is stored as `search_text`; `search_vector` holds these tokens:

* every pair of adjacent Han characters (a bigram), and the last character of each run of Han
  characters on its own, so that any Han substring of two or more characters is a chain of
  bigrams and a single character is a prefix (`'区':*`) of a token starting at it;
* jieba's search-mode words of three or more characters (中华人民共和国, 共和国; the shorter
  ones are bigrams already): a section where a query word stands as a word of its own (区政府)
  ranks above one where it only straddles two words (杨浦区|政府);
* each run of letters and digits of other scripts (ESG, 2023) as one lowercased token.

Every token's position is its character offset (plus one, modulo PostgreSQL's 16383), not its
rank among tokens. jieba's search mode emits overlapping sub-words (中华 华人 人民 共和 共和国
中华人民共和国); counted as a sequence their positions would say nothing about adjacency, but
as offsets they say exactly where each one starts, so the distance between two tokens is their
distance in characters and a phrase is a chain of `<N>` operators: 信息公开 is
`'信息' <2> '公开'` (bigrams that tile the string), 2023年报告 is `'2023' <4> '年报' <1> '报告'`.
Heading tokens have weight A and body tokens weight D, so ts_rank_cd ranks a heading match
higher. Limits: PostgreSQL keeps 256 positions per token and positions up to 16383, so past
16383 characters positions wrap around (a chain that straddles a multiple of 16383 is not
found there) and a token's 257th occurrence is unindexed; only the first MAX_INDEXED_CHARS of
a section are indexed (a tsvector is at most 1 MB).

The query language
------------------
* words, all of which must occur: `信息公开 杨浦`. A run of Han characters is cut into words
  by jieba (single characters stay with their neighbour), each a substring that must occur;
* `"exact phrase"` (also “…” and 「…」): the chain of the whole phrase, checked with strpos
  on `search_text` wherever the chain alone could be wrong (spaces or punctuation inside the
  phrase, a section long enough for positions to wrap), so only sections containing the
  phrase itself are returned;
* `OR` (or `|`) between two terms: either; it binds tighter than the implicit AND;
* `-word`, `-"phrase"`: sections containing it are left out;
* a term with 繁體 characters also matches as typed (顯著 finds 显著, and 显著 still 显著).
Anything else is text: unbalanced quotes run to the end, a lone OR or - is ignored with a
note, control characters are spaces, and a query longer than MAX_QUERY_CHARS is cut with a
note. Every search runs under `SET LOCAL statement_timeout`.

Ranking, counting, facets
-------------------------
One statement finds the matches once and derives from them the page, the total and the facet
counts (publisher, year, kind, topic). ts_rank_cd reads each ranked row's tsvector, which
costs microseconds a row, so at most RANK_LIMIT matches are ranked: all of them when there are
fewer, else those with the most query words in their heading, newest first (build_sql).
Highlighted snippets are made in Python for the shown hits only.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from functools import partial

import jieba
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import OperationalError, connection, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .ingest import script
from .ingest import topics as topic_list

jieba.setLogLevel(60)  # its dictionary-loading chatter is not ours to print

MAX_QUERY_CHARS = 200
MAX_TERMS = 24
MAX_INDEXED_CHARS = 100_000
MAX_TOKEN_CHARS = 100  # a letters-and-digits token is cut to this many characters
POSITIONS = 16383  # PostgreSQL's largest tsvector position
PER_PAGE = 20
MAX_PER_PAGE = 1000  # the CSV's page
RANK_LIMIT = 200  # see build_sql
MAX_PAGE = 500  # deeper pages are refused: an OFFSET that large reads every row before it
SNIPPET_CHARS = 160

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_CHAR = re.compile(f"[{HAN}]")
# A unit is a run of Han characters or a run of letters and digits of any other script.
UNIT = re.compile(f"[{HAN}]+|(?:(?![{HAN}])[^\\W_])+")
_LETTER_OR_DIGIT = f"(?![{HAN}])[^\\W_]"  # one character of a non-Han unit
_SPACE_BETWEEN_HAN = re.compile(f"(?<=[{HAN}]) +(?=[{HAN}])")


# ---------------------------------------------------------------------------- normalizing

@functools.cache
def _fold_table():
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
    folded = text.translate(_fold_table())
    if folded.isascii():
        return folded
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # A few characters lower to two (İ): keep those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)


def simplified(text: str) -> str:
    """The text in simplified characters: phrase-level conversion when any character is 繁體
    only (a query like 杨浦區 mixes scripts, so the document-level majority test is not used)."""
    if script.simplified_chars(text) == text:
        return text
    return script.to_simplified(text, script="traditional").text


def index_text(heading: str, text: str) -> str:
    """What is indexed and what phrases are checked against: heading, line break, body."""
    body = script.to_simplified(text[:MAX_INDEXED_CHARS]).text
    return fold(script.to_simplified(heading).text) + "\n" + fold(body)


def _is_han(unit: str) -> bool:
    return bool(_HAN_CHAR.match(unit))


# ---------------------------------------------------------------------------- the index

def index_tokens(text: str):
    """(token, offset) for every token of an already folded text; see the module docstring."""
    for match in UNIT.finditer(text):
        run, start = match.group(), match.start()
        if not _is_han(run):
            yield run[:MAX_TOKEN_CHARS], start
            continue
        for i in range(len(run) - 1):
            yield run[i : i + 2], start + i
        yield run[-1], start + len(run) - 1
        for word, begin in _long_words(run):
            yield word, start + begin


@functools.lru_cache(maxsize=50_000)
def _long_words(run: str) -> tuple:
    """jieba's search-mode words of three or more characters in a Han run, with their offsets
    (cached: runs between punctuation recur across documents, and jieba is the slow part)."""
    if len(run) < 3:
        return ()
    return tuple((word, begin) for word, begin, end in jieba.tokenize(run, mode="search") if end - begin >= 3)


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(text: str, heading_length: int) -> str:
    """The tsvector of an `index_text`, as PostgreSQL's input syntax: tokens before
    `heading_length` get weight A, the rest D (written without a letter)."""
    positions: dict[str, dict[int, str]] = {}
    for token, offset in index_tokens(text):
        weight = "A" if offset < heading_length else ""
        at = positions.setdefault(token, {})
        position = offset % POSITIONS + 1
        if at.get(position) != "A":  # a wrapped heading position outranks a body one
            at[position] = weight
    return " ".join(
        _quote(token) + ":" + ",".join(f"{p}{w}" for p, w in sorted(at.items()))
        for token, at in positions.items()
    )


def index_row(heading: str, text: str) -> tuple[str, str]:
    """(search_text, tsvector literal) of one section."""
    indexed = index_text(heading, text)
    return indexed, tsvector_literal(indexed, indexed.index("\n"))


_UPDATE = """
UPDATE documents_section AS s
   SET search_text = v.search_text, search_vector = v.vector::tsvector{topics_set}
  FROM (VALUES {rows}) AS v(id, search_text, vector{topics_col})
 WHERE s.id = v.id
"""


def index_sections(sections, *, with_topics=False) -> int:
    """Write the search columns (and, with_topics, the topics) of these sections: model
    instances with id, heading and text. One UPDATE for all of them."""
    sections = list(sections)
    if not sections:
        return 0
    rows, params = [], []
    for section in sections:
        search_text, vector = index_row(section.heading, section.text)
        params += [section.pk, search_text, vector]
        if with_topics:
            params.append(topic_list.assign(section.heading, section.text))
            rows.append("(%s::bigint, %s, %s, %s::varchar[])")
        else:
            rows.append("(%s::bigint, %s, %s)")
    sql = _UPDATE.format(
        rows=", ".join(rows),
        topics_set=", topics = v.topics" if with_topics else "",
        topics_col=", topics" if with_topics else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return len(sections)


def index_document(document_id: int) -> int:
    """Index every section of a document (the loader calls this after its transaction)."""
    from .models import Section

    return index_sections(Section.objects.filter(document_id=document_id).only("id", "heading", "text"))


@receiver(post_save, sender="documents.Section")
def _index_saved_section(sender, instance, raw=False, update_fields=None, **kwargs):
    """A section saved one at a time (the admin) is indexed again once that is committed; the
    loader's bulk inserts send no signal and index the whole document instead."""
    if raw or (update_fields is not None and not {"heading", "text"} & set(update_fields)):
        return
    transaction.on_commit(partial(index_sections, [instance]))


def reindex(queryset=None, *, batch=500, with_topics=False, progress=None) -> int:
    """Rebuild the search columns (with_topics: and the topics) of these sections, or of all,
    in batches of one transaction each."""
    from .models import Section

    queryset = (queryset if queryset is not None else Section.objects.all()).order_by("pk")
    done, last = 0, 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).only("id", "heading", "text")[:batch])
        if not chunk:
            return done
        with transaction.atomic():
            done += index_sections(chunk, with_topics=with_topics)
        last = chunk[-1].pk
        if progress:
            progress(done)


# ---------------------------------------------------------------------------- the query

@dataclass(frozen=True)
class Term:
    """One thing the query asks for. `variants` are alternatives (the simplified form, and the
    form as typed when it differs); each is a tuple of folded strings that must all occur."""

    text: str
    phrase: bool
    variants: tuple

    @property
    def needles(self):
        return [part for variant in self.variants for part in variant]


@dataclass
class Query:
    text: str  # the query as searched (after cutting)
    groups: list = field(default_factory=list)  # AND of groups; a group is an OR of Terms
    excluded: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not self.groups

    @property
    def terms(self):
        return [term for group in self.groups for term in group]

    def tsquery(self) -> str:
        return " & ".join(_group_tsquery(group) for group in self.groups)

    def rank_tsquery(self) -> str:
        """The tsquery ranked by: the match's, or a query word of three or more characters
        standing as one of jieba's words (an extra cover for ts_rank_cd to count)."""
        words = {p for t in self.terms if not t.phrase for v in t.variants for p in v}
        whole = sorted(w for w in words if UNIT.fullmatch(w) and _is_han(w) and len(w) >= 3)
        return " | ".join([f"({self.tsquery()})", *(_quote(w) for w in whole)])


_OPEN_QUOTES = '"“「『'
_CLOSE_QUOTES = '"”」』'
_TOKEN = re.compile(
    rf"""(?P<pneg>-*)[{_OPEN_QUOTES}](?P<phrase>[^{_CLOSE_QUOTES}]*)(?P<closed>[{_CLOSE_QUOTES}]?)
       |(?P<wneg>-*)(?P<word>[^\s{_OPEN_QUOTES}{_CLOSE_QUOTES}-][^\s{_OPEN_QUOTES}{_CLOSE_QUOTES}]*)
       |(?P<dash>-+)""",
    re.X,
)
_OR = {"OR", "|", "｜"}


def clean_query(raw: str) -> str:
    """Control characters and odd spaces to spaces, full-width ASCII to ASCII (case kept, so
    that OR stays an operator), spaces squeezed."""
    table = {k: v for k, v in _fold_table().items() if not ("a" <= v <= "z")}
    for c in range(0xFF21, 0xFF3B):
        table[c] = chr(c - 0xFEE0)  # full-width capitals stay capitals
    return " ".join(raw.translate(table).split())


def parse_query(raw: str | None) -> Query:
    """The query language of the module docstring; never raises."""
    raw = raw or ""
    notes = []
    if len(raw) > MAX_QUERY_CHARS:
        notes.append(f"查询过长，只搜索了前 {MAX_QUERY_CHARS} 个字符。 The query was cut to its first {MAX_QUERY_CHARS} characters.")
        raw = raw[:MAX_QUERY_CHARS]
    text = clean_query(raw)
    query = Query(text=text, notes=notes)
    groups: list[list[Term]] = []
    join_next = False
    dropped = set()
    unsearchable = []
    for m in _TOKEN.finditer(text):
        if m.group("dash") is not None:
            dropped.add("-")
            continue
        if m.group("word") in _OR:
            if groups and not join_next:
                join_next = True
            else:
                dropped.add("OR")
            continue
        if m.group("phrase") is not None:
            negated, phrase, body = bool(m.group("pneg")), True, m.group("phrase")
            if not m.group("closed"):
                notes.append("引号未闭合，已搜索到结尾。 An unclosed quote runs to the end of the query.")
        else:
            negated, phrase, body = bool(m.group("wneg")), False, m.group("word")
        # An excluded word is left out as a whole, like a phrase, not word by word.
        term = make_term(body, phrase=phrase or negated)
        if term is None:
            if body.strip():
                unsearchable.append(body)
            continue
        if negated:
            query.excluded.append(term)
            if join_next:
                dropped.add("OR")
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if join_next:
        dropped.add("OR")
    if dropped:
        notes.append(
            "忽略了两侧没有词的 " + " 和 ".join(sorted(dropped)) + "。 "
            + " and ".join(sorted(dropped)) + " without a term beside it was ignored."
        )
    if unsearchable:
        notes.append(
            "没有可搜索的字：" + " ".join(unsearchable[:5]) + "。 "
            + "Nothing searchable (no letters, digits or characters) in: " + " ".join(unsearchable[:5])
        )
    if sum(len(g) for g in groups) + len(query.excluded) > MAX_TERMS:
        notes.append(f"词太多，只用了前 {MAX_TERMS} 个。 Only the first {MAX_TERMS} terms were used.")
        groups, query.excluded = _first_terms(groups, query.excluded)
    query.groups = groups
    if not groups and query.excluded:
        notes.append("只有排除词时无法搜索，请加一个要找的词。 Add a word to look for: exclusions alone match nothing.")
    return query


def _first_terms(groups, excluded):
    kept, budget = [], MAX_TERMS
    for group in groups:
        if budget <= 0:
            break
        kept.append(group[:budget])
        budget -= len(kept[-1])
    return kept, excluded[: max(budget, 0)]


def make_term(text: str, *, phrase: bool) -> Term | None:
    """A term from its text as typed; None when it holds nothing searchable (punctuation)."""
    forms = [simplified(text), text]
    variants = []
    for form in forms:
        folded = fold(form)
        if phrase:
            folded = _SPACE_BETWEEN_HAN.sub("", " ".join(folded.split()))
            parts = (folded,)
        else:
            parts = tuple(split_words(folded))
        parts = tuple(p for p in parts if UNIT.search(p))
        if parts and parts not in variants:
            variants.append(parts)
    if not variants:
        return None
    return Term(text=text, phrase=phrase, variants=tuple(variants))


def split_words(text: str) -> list[str]:
    """A word term cut into the words that must all occur: jieba's precise mode, with single
    Han characters and punctuation kept on their neighbour (2023年报告 -> 2023年, 报告), since
    a lone character matches nearly everything."""
    words: list[str] = []
    glue_next = False
    for piece in jieba.cut(text):
        units = UNIT.findall(piece)
        lone = not units or (len(piece) == 1 and _is_han(piece))
        if glue_next and words:
            words[-1] += piece
            glue_next = False
        elif lone and words:
            words[-1] += piece
        elif lone:
            words.append(piece)
            glue_next = True
        else:
            words.append(piece)
    return [w for w in words if w.strip()]


def chain(text: str) -> str:
    """The tsquery finding `text` (folded) as a substring: tokens at their character distances.
    Bigrams tile a Han run (with an overlap at an odd end); a lone Han character is a prefix."""
    items = []
    for match in UNIT.finditer(text):
        run, start = match.group(), match.start()
        if not _is_han(run):
            items.append((_quote(run[:MAX_TOKEN_CHARS]), start))
        elif len(run) == 1:
            items.append((_quote(run) + ":*", start))
        else:
            offsets = list(range(0, len(run) - 1, 2))
            if offsets[-1] != len(run) - 2:
                offsets.append(len(run) - 2)
            items += [(_quote(run[i : i + 2]), start + i) for i in offsets]
    out, previous = items[0][0], items[0][1]
    for operand, offset in items[1:]:
        out += f" <{offset - previous}> {operand}"
        previous = offset
    return f"({out})"


def _term_tsquery(term: Term) -> str:
    return "(" + " | ".join("(" + " & ".join(chain(p) for p in variant) + ")" for variant in term.variants) + ")"


def _group_tsquery(group) -> str:
    return "(" + " | ".join(_term_tsquery(t) for t in group) + ")"


# ---------------------------------------------------------------------------- searching

class SearchTimeout(Exception):
    """The search ran past its statement timeout."""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Hit:
    section: object  # models.Section, with document and publisher loaded
    rank: float
    heading_html: str
    snippet_html: str

    @property
    def snippet_text(self):
        return re.sub(r"</?mark>", "", _unescape(self.snippet_html))


@dataclass
class Results:
    query: Query
    filters: dict
    page: int = 1
    per_page: int = PER_PAGE
    total: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    timed_out: bool = False

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def messages(self):
        notes = list(self.query.notes)
        if self.timed_out:
            notes.append("搜索超时，请缩小范围（加词或筛选）。 The search took too long: add words or filters.")
        return notes


SECTION_FILTERS = ("topic",)
DOCUMENT_FILTERS = ("publisher", "region", "level", "year", "year_from", "year_to", "kind")


def search(q, filters=None, page=1, per_page=PER_PAGE) -> Results:
    """One page of sections matching the query `q` under the list's filters, best first, with
    the total and the facet counts of all matches."""
    query = parse_query(q)
    filters = {k: v for k, v in (filters or {}).items() if k in DOCUMENT_FILTERS + SECTION_FILTERS and v}
    page = min(max(_int(page, 1), 1), MAX_PAGE)
    per_page = min(max(_int(per_page, PER_PAGE), 1), MAX_PER_PAGE)
    results = Results(query=query, filters=filters, page=page, per_page=per_page)
    if query.is_empty:
        return results
    sql, params = build_sql(query, filters, limit=per_page, offset=(page - 1) * per_page)
    try:
        rows = run_bounded(sql, params)
        total = next((count for kind, *_, count in rows if kind == "total"), 0)
        if page > 1 and total and (page - 1) * per_page >= total:
            # Past the last page: show the last one (a stale link, a page number typed by hand).
            results.page = page = math.ceil(total / per_page)
            sql, params = build_sql(query, filters, limit=per_page, offset=(page - 1) * per_page)
            rows = run_bounded(sql, params)
    except SearchTimeout:
        results.timed_out = True
        return results
    ranked = []
    for kind, value, label, rank, count in rows:
        if kind == "hit":
            ranked.append((count, int(value), rank))
        elif kind == "total":
            results.total = count
        else:
            results.facets.setdefault(kind, []).append((value, label, count))
    results.hits = _hits(query, [(pk, rank) for _, pk, rank in sorted(ranked)])
    results.facets = _facets(results.facets)
    return results


def run_bounded(sql, params, timeout_ms=None):
    """Run one statement under `SET LOCAL statement_timeout`; SearchTimeout when it runs over."""
    timeout_ms = timeout_ms or settings.GONGKAI_SEARCH_TIMEOUT_MS
    # SET LOCAL lasts until the transaction ends: our own one when the request has none, but
    # inside an enclosing transaction (a test, a command) the old value is put back by hand.
    enclosed = connection.in_atomic_block
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if enclosed:
                cursor.execute("SELECT current_setting('statement_timeout')")
                previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(timeout_ms)}ms"])
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            if enclosed:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
            return rows
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise SearchTimeout() from exc
        raise


def build_sql(query: Query, filters: dict, *, limit: int, offset: int):
    """The one statement a search runs: the matches (materialized once), then their page, their
    total and their facet counts, as rows (kind, value, rank, count).

    Ranking reads each match's tsvector, a few microseconds apiece: over RANK_LIMIT matches
    (a word in most sections) only the RANK_LIMIT likeliest are ranked by ts_rank_cd, those
    with the most query words in their heading (a heading match outweighs any body match),
    newest first; the rest follow in that order. Counting and facets need no tsvector."""
    where = ["s.search_vector @@ %(q)s::tsquery", "d.is_published"]
    params = {
        "q": query.tsquery(), "rank_q": query.rank_tsquery(),
        "limit": limit, "offset": offset, "rank_limit": RANK_LIMIT,
    }
    n = 0

    def param(value):
        nonlocal n
        n += 1
        params[f"p{n}"] = value
        return f"%(p{n})s"

    for group in query.groups:
        if not any(t.phrase for t in group):
            continue  # a chain is exact for words; only phrases need their text checked
        alternatives = []
        for term in group:
            if term.phrase:
                alternatives += [_contains(v[0], param) for v in term.variants]
            else:
                alternatives.append(f"s.search_vector @@ {param(_term_tsquery(term))}::tsquery")
        where.append("(" + " OR ".join(alternatives) + ")")
    for term in query.excluded:
        where.append("NOT (" + " OR ".join(_contains(v[0], param) for v in term.variants) + ")")
    document_filters = {k: v for k, v in filters.items() if k in DOCUMENT_FILTERS}
    if document_filters:
        try:
            ids_sql, ids_params = _document_ids(document_filters)
            where.append(f"s.document_id IN ({ids_sql % tuple(param(p) for p in ids_params)})")
        except EmptyResultSet:  # a filter no document can meet
            where.append("false")
    if filters.get("topic"):
        topic = topic_list.find(filters["topic"])
        where.append(f"s.topics @> ARRAY[{param(topic.name if topic else filters['topic'])}]::varchar[]")
    needles = list(dict.fromkeys(n for term in query.terms for n in term.needles))[:8]
    # The prior only orders candidates for ranking, so it reads the heading as stored (lower()
    # costs microseconds a row; the needles are folded, headings hardly ever hold capitals).
    prior = " + ".join(f"(strpos(s.heading, {param(n)}) > 0)::int" for n in needles) or "0"
    # Rows past the ranked ones are read only for a page that reaches beyond them.
    rest = max(0, offset + limit - RANK_LIMIT)
    unranked = (
        "UNION ALL (SELECT id, 0::real, 1, prior, year FROM hits"
        " ORDER BY prior DESC, year DESC NULLS LAST, id LIMIT %(rest)s OFFSET %(rank_limit)s)"
        if rest else ""
    )
    params["rest"] = rest
    sql = f"""
WITH hits AS MATERIALIZED (
    SELECT s.id, s.topics, d.publisher_id, d.year, d.kind, {prior} AS prior
      FROM documents_section s
      JOIN documents_document d ON d.id = s.document_id
     WHERE {' AND '.join(where)}
), likeliest AS MATERIALIZED (
    SELECT id, prior, year FROM hits ORDER BY prior DESC, year DESC NULLS LAST, id LIMIT %(rank_limit)s
), ranked AS MATERIALIZED (
    -- A subquery per row: one index lookup each, never a scan of the whole table.
    SELECT l.id, (SELECT ts_rank_cd(s.search_vector, %(rank_q)s::tsquery, 1) FROM documents_section s WHERE s.id = l.id) AS rank,
           0 AS tier, l.prior, l.year
      FROM likeliest l
), page AS (
    SELECT id, rank FROM (SELECT * FROM ranked {unranked}) AS candidates
     ORDER BY tier, rank DESC, prior DESC, year DESC NULLS LAST, id
     LIMIT %(limit)s OFFSET %(offset)s
)
SELECT 'hit', id::text, '', rank, row_number() OVER () FROM page  -- numbered in the page's order
UNION ALL SELECT 'total', '', '', 0, count(*) FROM hits
UNION ALL SELECT 'publisher', p.slug, p.name, 0, f.n
      FROM (SELECT publisher_id, count(*) AS n FROM hits GROUP BY publisher_id) f
      JOIN documents_publisher p ON p.id = f.publisher_id
UNION ALL SELECT 'year', year::text, '', 0, count(*) FROM hits WHERE year IS NOT NULL GROUP BY year
UNION ALL SELECT 'kind', kind, '', 0, count(*) FROM hits GROUP BY kind
UNION ALL SELECT 'topic', topic, '', 0, count(*) FROM hits, unnest(topics) AS topic GROUP BY topic
"""
    return sql, params


def _contains(phrase, param) -> str:
    """SQL that is true when a section holds `phrase` (folded) exactly. Its chain suffices when
    the phrase is letters, digits and Han characters only and the section is too short for its
    positions to wrap; otherwise the text itself is read (stored out of the row, so it costs a
    fetch: done only for rows the chain already matched)."""
    chained = f"s.search_vector @@ {param(chain(phrase))}::tsquery"
    in_text = f"strpos(s.search_text, {param(phrase)}) > 0"
    if "".join(UNIT.findall(phrase)) != phrase:
        return f"({chained} AND {in_text})"
    return f"({chained} AND (octet_length(s.search_text) < {POSITIONS} OR {in_text}))"


def _document_ids(filters):
    """The ids of the published documents the list's filters keep, as SQL and parameters: the
    same FilterSet as the documents list, so a filter means the same on both pages."""
    from .filters import DocumentFilter
    from .models import Document

    filterset = DocumentFilter(filters, queryset=Document.objects.published())
    return filterset.qs.order_by().values("pk").query.sql_with_params()


def _hits(query, ranked):
    from .models import Section

    if not ranked:
        return []
    sections = Section.objects.filter(pk__in=[pk for pk, _ in ranked]).listing()
    by_id = {s.pk: s for s in sections}
    needles = [n for term in query.terms for n in term.needles]
    return [
        Hit(by_id[pk], rank, highlight(by_id[pk].heading, needles), snippet(by_id[pk].text, needles))
        for pk, rank in ranked
        if pk in by_id
    ]


def _facets(raw):
    """{facet: [FacetValue]} from the statement's (value, label, count) rows, most first."""
    from .models import Document

    by_count = lambda name: sorted(raw.get(name, []), key=lambda row: (-row[2], row[0]))
    kinds = dict(Document.Kind.choices)
    slugs = {t.name: t.slug for t in topic_list.all_topics()}
    return {
        "publisher": [FacetValue(slug, name, n) for slug, name, n in by_count("publisher")],
        "year": [FacetValue(y, y, n) for y, _, n in sorted(raw.get("year", []), key=lambda row: -int(row[0]))],
        "kind": [FacetValue(k, kinds.get(k, k), n) for k, _, n in by_count("kind")],
        "topic": [FacetValue(slugs.get(t, t), t, n) for t, _, n in by_count("topic")],
    }


def _int(value, default):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# ---------------------------------------------------------------------------- snippets

@functools.lru_cache(maxsize=256)
def _needle_pattern(needles: tuple):
    """One regex for all needles, longest first; a needle edged with a letter or digit must not
    continue a longer run of them (es does not light up inside test), as in the index."""
    parts = []
    for needle in sorted(set(needles), key=len, reverse=True):
        body = re.escape(needle)
        if UNIT.match(needle[0]) and not _is_han(needle[0]):
            body = f"(?<!{_LETTER_OR_DIGIT})" + body
        if UNIT.match(needle[-1]) and not _is_han(needle[-1]):
            body += f"(?!{_LETTER_OR_DIGIT})"
        parts.append(body)
    return re.compile("|".join(parts)) if parts else None


def _spans(text, needles):
    pattern = _needle_pattern(tuple(needles))
    if pattern is None:
        return []
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(fold(text))]


def _marked(text, spans):
    out, at = [], 0
    for start, end, _ in spans:
        if start < at:
            continue
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


def highlight(text: str, needles) -> str:
    """The whole text, escaped, with every match in <mark>."""
    return mark_safe(_marked(text, _spans(text, needles)))


def snippet(text: str, needles, width=SNIPPET_CHARS) -> str:
    """The passage of `width` characters holding the most different needles (the earliest of
    those), escaped, with matches in <mark>; the start of the text when nothing matches."""
    text = " ".join(text[:MAX_INDEXED_CHARS].split())
    spans = _spans(text, needles)
    start = _best_window(spans, width) if spans else 0
    end = min(len(text), start + width)
    inside = [(a - start, b - start, w) for a, b, w in spans if a >= start and b <= end]
    html = _marked(text[start:end], inside)
    return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))


def _best_window(spans, width):
    """Where the window of `width` characters holding the most different needles starts: a
    little before the first match it holds (one pass, the window's end moving forward)."""
    lead = width // 6
    best, start = -1, 0
    inside, last = {}, 0  # needle -> how many of its matches are in the window
    for i, (first, _, _) in enumerate(spans):
        begin = max(0, first - lead)
        while last < len(spans) and spans[last][1] <= begin + width:
            inside[spans[last][2]] = inside.get(spans[last][2], 0) + 1
            last += 1
        if len(inside) > best:
            best, start = len(inside), begin
        if i < last:  # the next window starts after this match
            word = spans[i][2]
            inside[word] -= 1
            if not inside[word]:
                del inside[word]
        else:  # a match longer than the window: never inside one
            last = i + 1
    return start


def _unescape(html):
    import html as html_lib

    return html_lib.unescape(html)
