"""Full-text search over sections, inside PostgreSQL: the index, the query language, the SQL.

The index (built by documents/ingest/searchindex.py, stored with each section)
-----------------------------------------------------------------------------
Each section is indexed as one string, its heading, a line break, then its body: simplified
(script.to_simplified; stored text already is, queries may be 繁體), then `fold`ed (full-width
ASCII to ASCII, upper to lower case, control characters and other white space to a space),
which keeps every character where it was, so offsets into it are offsets into the section.
That string is stored as `search_text`, and two tsvectors are made of it:

* `search_grams`, which the GIN index holds, without positions: at every position of a run of
  Han characters the next two and the next four characters of the run (fewer at its end), and
  each run of letters and digits of other scripts (ESG, 2023) as one lowercased token. So a Han
  string of two or four characters is one token ('信息', '信息公开') and one of one or three
  characters begins the tokens starting where it occurs ('区':*, '区政府':*): either way the
  index alone finds exactly the sections holding it, with about two tokens per character. A
  longer string is looked up by the four-character tokens that tile it, and the sections
  holding all of them are checked with strpos on `search_text`.
* `search_vector`, for ranking the shown hits with ts_rank_cd: every bigram and the last
  character of each Han run at its character offset (plus one, modulo PostgreSQL's 16383),
  jieba's search-mode words of three or more characters (a section where a query word stands
  as a word of its own, 区政府, ranks above one where it straddles two words, 杨浦区|政府), and
  heading tokens weighted A above body ones. Offsets rather than ranks among tokens, so a
  query string is a chain of `<N>` operators over it: 信息公开 is `'信息' <2> '公开'`.

Both columns, and the texts, are stored out of the row (migration 0004): a row holds what
counting needs (document, heading, topics as bits, the document's publication, publisher, year
and kind), so reading thousands of matching rows reads few pages. Only the first MAX_INDEXED_CHARS of a section are indexed.

The query language
------------------
* words, all of which must occur: `信息公开 杨浦`. A run of Han characters is cut into words
  by jieba (single characters stay with their neighbour), each a substring that must occur;
* `"exact phrase"` (also “…” and 「…」): the phrase itself as a substring, spaces and
  punctuation included, so only sections containing the phrase are returned;
* `OR` (or `|`) between two terms: either; it binds tighter than the implicit AND;
* `-word`, `-"phrase"`: sections containing it are left out;
* a term with 繁體 characters also matches as typed (顯著 finds 显著, and 显著 still 显著).
Anything else is text: unbalanced quotes run to the end, a lone OR or - is ignored with a
note, control characters are spaces, and a query longer than MAX_QUERY_CHARS is cut with a
note. Every search runs under `SET LOCAL statement_timeout`.

Ranking, counting, facets
-------------------------
Under the limit below, two statements (Matches): one pass over the matches groups them by each
facet (publisher, year, kind: each section carries its document's, kept by triggers; topics as
bits) and by document, which gives the total and the facet counts and tells which documents
hold the likeliest hits; the second reads those documents' matches and ranks at most
RANK_LIMIT of them with ts_rank_cd: all when there are fewer, else those with the most query
words in their heading, newest first; the rest follow in that order. A facet whose own filter
is set is counted once more without it (FACET_FILTERS). Highlighted snippets are made in
Python for the shown hits only.

Searches matching very many sections
------------------------------------
Counting every match costs time in proportion to the matches (信息公开 matches most sections).
So a search first counts the sampled sections: a partial GIN index holds one published section
in SAMPLE_EVERY, chosen by a hash of its id. When the sample says the search matches more than
GONGKAI_SEARCH_EXACT_LIMIT sections, the total and the facet counts are the sample's, scaled up
and rounded to two significant figures, and shown as estimates (Results.estimated; the page
says 约 and links to `exact=1`, which counts every match). The hits are then read a year at a
time, newest first, and within a year the likeliest first, until the page is full (and one match
more, which says whether another page follows; when every match has been read, their number is
exact after all): the same order as above except that the year comes before the heading, the
first RANK_LIMIT of it ranked with ts_rank_cd. With `exact`, or under the limit, every match is
counted. A facet recounted without its own filter is sampled the same way, and marked as
estimated on its own (Results.estimated_facets, FacetValue.estimated); the chosen value then
shows the search's own exact total. A value too rare to have a sampled match is not listed.
All the statements of a search share one time limit (`bounded`).
"""
from __future__ import annotations

import contextlib
import contextvars
import functools
import math
import re
import time
from dataclasses import dataclass, field

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
from .ingest.searchindex import (  # noqa: F401  (the index's helpers are part of this module's API)
    HAN,
    MAX_GRAM,
    MAX_INDEXED_CHARS,
    MAX_TOKEN_CHARS,
    POSITIONS,
    SAMPLE_EVERY,
    UNIT,
    fold,
    fold_table as _fold_table,
    grams,
    index_row,
    index_text,
    index_tokens,
    is_han as _is_han,
    mask_topics,
    quote as _quote,
    topic_mask,
    tsvector_literal,
)

MAX_QUERY_CHARS = 200
MAX_TERMS = 24
PER_PAGE = 20
MAX_PER_PAGE = 1000  # the CSV's page
RANK_LIMIT = 200  # see search()
MAX_PAGE = 500  # deeper pages are refused: an OFFSET that large reads every row before it
SNIPPET_CHARS = 160

_LETTER_OR_DIGIT = f"(?![{HAN}])[^\\W_]"  # one character of a non-Han unit
_SPACE_BETWEEN_HAN = re.compile(f"(?<=[{HAN}]) +(?=[{HAN}])")


# ---------------------------------------------------------------------------- normalizing

def simplified(text: str) -> str:
    """The text in simplified characters: phrase-level conversion when any character is 繁體
    only (a query like 杨浦區 mixes scripts, so the document-level majority test is not used)."""
    if script.simplified_chars(text) == text:
        return text
    return script.to_simplified(text, script="traditional").text


# ---------------------------------------------------------------------------- the index

_UPDATE = """
UPDATE documents_section AS s
   SET search_text = v.search_text, search_vector = v.vector::tsvector, search_grams = v.grams::tsvector,
       topic_mask = v.topic_mask{topics_set}
  FROM (VALUES {rows}) AS v(id, search_text, vector, grams, topic_mask{topics_col})
 WHERE s.id = v.id
"""


def index_sections(sections, *, with_topics=False) -> int:
    """Write the search columns (and, with_topics, the topics) of these sections: model
    instances with id, heading, text and topics. One UPDATE for all of them."""
    sections = list(sections)
    if not sections:
        return 0
    rows, params = [], []
    for section in sections:
        topics = topic_list.assign(section.heading, section.text) if with_topics else section.topics
        params += [section.pk, *index_row(section.heading, section.text), topic_mask(topics or [])]
        if with_topics:
            params.append(topics)
            rows.append("(%s::bigint, %s, %s, %s, %s::bigint, %s::varchar[])")
        else:
            rows.append("(%s::bigint, %s, %s, %s, %s::bigint)")
    sql = _UPDATE.format(
        rows=", ".join(rows),
        topics_set=", topics = v.topics" if with_topics else "",
        topics_col=", topics" if with_topics else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return len(sections)


@receiver(post_save, sender="documents.Section")
def _index_saved_section(sender, instance, raw=False, update_fields=None, **kwargs):
    """A section saved one at a time (the admin) is indexed again in the same transaction; the
    loader's bulk inserts send no signal and write the index with the rows."""
    if raw or (update_fields is not None and not {"heading", "text", "topics"} & set(update_fields)):
        return
    index_sections([instance])


def reindex(queryset=None, *, batch=500, with_topics=False, progress=None) -> int:
    """Rebuild the search columns (with_topics: and the topics) of these sections, or of all,
    in batches of one transaction each."""
    from .models import Section

    queryset = (queryset if queryset is not None else Section.objects.all()).order_by("pk")
    done, last = 0, 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).only("id", "heading", "text", "topics")[:batch])
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
        """The tsquery over the grams that finds every match (and, where `needs_check` says
        so, a few sections more, which the text check leaves out)."""
        return " & ".join(_group_tsquery(group, grams_query) for group in self.groups)

    def chain_tsquery(self) -> str:
        """The same query over the ranking vector, as chains of positioned bigrams."""
        return " & ".join(_group_tsquery(group, chain) for group in self.groups)

    def rank_tsquery(self) -> str:
        """The tsquery ranked by: the match's chains, or a query word of three or more
        characters standing as one of jieba's words (an extra cover for ts_rank_cd to count)."""
        words = {p for t in self.terms if not t.phrase for v in t.variants for p in v}
        whole = sorted(w for w in words if UNIT.fullmatch(w) and _is_han(w) and len(w) >= 3)
        return " | ".join([f"({self.chain_tsquery()})", *(_quote(w) for w in whole)])


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


def grams_query(text: str) -> str:
    """The tsquery over the grams that finds every section holding `text` (folded): a run of
    two or MAX_GRAM Han characters is its token, one of one or three the prefix of the tokens
    starting where it occurs, a longer run the MAX_GRAM-character tokens that tile it (the last
    overlapping), and a run of letters and digits its token."""
    items = []
    for run in UNIT.findall(text):
        if not _is_han(run):
            items.append(_quote(run[:MAX_TOKEN_CHARS]))
        elif len(run) in (2, MAX_GRAM):
            items.append(_quote(run))
        elif len(run) < MAX_GRAM:
            items.append(_quote(run) + ":*")
        else:
            starts = list(range(0, max(len(run) - MAX_GRAM, 0) + 1, MAX_GRAM))
            if starts[-1] + MAX_GRAM < len(run):
                starts.append(len(run) - MAX_GRAM)
            items += [_quote(run[i : i + MAX_GRAM]) for i in starts]
    return "(" + " & ".join(items) + ")"


def is_exact(text: str) -> bool:
    """Whether grams_query(text) finds exactly the sections holding `text`: one unit, and a Han
    run no longer than a token. Anything else (a longer run, several units, punctuation or
    spaces in a phrase) is checked against the indexed text."""
    match = UNIT.fullmatch(text)
    return bool(match) and len(text) <= (MAX_GRAM if _is_han(text) else MAX_TOKEN_CHARS)


# Letters and digits of scripts other than Han, for PostgreSQL's regular expressions (whose
# classes depend on the server's locale): Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic,
# kana, Hangul; the text is folded, so ASCII letters are lower case and full-width ones ASCII.
_OTHER_LETTERS = "0-9a-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u06ff\u3041-\u30ff\uac00-\ud7a3"


def _is_other_unit(char: str) -> bool:
    return bool(UNIT.match(char)) and not _is_han(char)


def _regex_literal(text: str) -> str:
    return re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\1", text)


def needs_check(group) -> bool:
    return not all(is_exact(part) for term in group for part in term.needles)


def _term_tsquery(term: Term, make) -> str:
    return "(" + " | ".join("(" + " & ".join(make(p) for p in variant) + ")" for variant in term.variants) + ")"


def _group_tsquery(group, make) -> str:
    return "(" + " | ".join(_term_tsquery(t, make) for t in group) + ")"


# ---------------------------------------------------------------------------- searching

class SearchTimeout(Exception):
    """The search ran past its statement timeout."""


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    estimated: bool = False  # counted on the sampled sections and scaled up


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
    estimated: bool = False  # the total scaled up from the sampled sections
    estimated_facets: set = field(default_factory=set)  # facets counted on the sampled sections

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
# The filters each facet leaves out of its own counts, so that a chosen value's alternatives
# stay in view with their counts (choosing one replaces the other).
FACET_FILTERS = {"publisher": ("publisher",), "year": ("year", "year_from", "year_to"), "kind": ("kind",), "topic": ("topic",)}


def search(q, filters=None, page=1, per_page=PER_PAGE, exact=False) -> Results:
    """One page of sections matching the query `q` under the list's filters, best first, with
    the total and the facet counts of all matches.

    First the sampled sections are counted (the partial index of every SAMPLE_EVERY-th one).
    Where they say the search matches at most GONGKAI_SEARCH_EXACT_LIMIT sections, or `exact`
    is asked for, every match is counted: one statement for the counts (which also says which
    documents hold the likeliest hits), one for the ranked page from those documents. Above
    the limit the counts are the sample's, scaled up and marked as estimates, and the page is
    read a year at a time, newest first, until it is full. Each facet whose own filter is set
    is counted once more without it."""
    query = parse_query(q)
    filters = {k: v for k, v in (filters or {}).items() if k in DOCUMENT_FILTERS + SECTION_FILTERS and v}
    page = min(max(_int(page, 1), 1), MAX_PAGE)
    per_page = min(max(_int(per_page, PER_PAGE), 1), MAX_PER_PAGE)
    results = Results(query=query, filters=filters, page=page, per_page=per_page)
    if query.is_empty:
        return results
    try:
        with bounded():
            rows, facet_rows, known = _matches(results, exact)
    except SearchTimeout:
        return Results(query=query, filters=filters, page=page, per_page=per_page, timed_out=True)
    offset = (results.page - 1) * per_page
    # The RANK_LIMIT likeliest by ts_rank_cd, then the rest in the order they came.
    ranked = sorted((row for row in rows if row[1] is not None), key=lambda r: (-r[1], r[2]))
    ordered = ranked + [row for row in rows if row[1] is None]
    results.hits = _hits(query, [(pk, rank or 0.0) for pk, rank, _ in ordered[offset : offset + per_page]])
    results.facets = _facets(facet_rows, estimated=results.estimated_facets, known=known)
    return results


def _matches(results, exact):
    """(rows (id, rank, position) of the page and what comes before it, facet count rows, the
    counts known exactly in facets otherwise estimated) of a search; sets its total, which
    counts are estimates, and the page shown."""
    query, filters, page, per_page = results.query, results.filters, results.page, results.per_page
    matches = Matches(query, filters)
    counts, sampled = _counts(matches, exact, need=max(RANK_LIMIT, page * per_page))
    if sampled:
        results.estimated, results.estimated_facets = True, set(FACET_FILTERS)
        # One match more than the page needs says whether any follow it: the estimate may be
        # under the real number (the next page stays reachable) or over it (the pages past the
        # last match are not offered).
        need = max(RANK_LIMIT, page * per_page)
        rows = _newest_first(matches, need + 1)
        if len(rows) > need:
            results.total = max(estimate(_total(counts)), need + 1)
        else:  # every match was read: their number is known
            results.total, results.estimated = len(rows), False
    else:
        results.total = _total(counts)
    if page > 1 and results.total and (page - 1) * per_page >= results.total:
        # Past the last page: show the last one (a stale link, a page number typed by hand).
        results.page = page = math.ceil(results.total / per_page)
    need = max(RANK_LIMIT, page * per_page)
    if not sampled:
        candidates = [int(pk) for kind, pk, _, _ in counts if kind == "candidate"]
        rows = run_bounded(*matches.page_sql(candidates, need)) if candidates else []
    facet_rows = [row for row in counts if row[0] not in ("total", "candidate")]
    known = {}
    for name, own in FACET_FILTERS.items():
        if any(f in filters for f in own):
            kind = "topics" if name == "topic" else name
            wider, estimated = _counts(Matches(query, {k: v for k, v in filters.items() if k not in own}), exact)
            facet_rows = [r for r in facet_rows if r[0] != kind] + [r for r in wider if r[0] == kind]
            results.estimated_facets.discard(name)
            if estimated:
                results.estimated_facets.add(name)
                chosen = _chosen(name, filters, counts)
                if chosen and not results.estimated:
                    # The sample may miss or misjudge the value chosen: the search's own total is its count.
                    known[name] = (*chosen, results.total)
    return rows, facet_rows, known


def _chosen(name, filters, counts):
    """(value, label) of the one value the filter of facet `name` chooses, as the facet lists it;
    None for a range of years or an unknown topic."""
    chosen = filters.get(name)
    if not chosen or (name == "year" and {"year_from", "year_to"} & set(filters)):
        return None
    if name == "topic":
        topic = topic_list.find(chosen)
        return (topic.name, topic.name) if topic else None
    return next(((value, label) for kind, value, label, _ in counts if kind == name and value == chosen), None)


def _counts(matches, exact, need=0):
    """(counts_sql's rows, whether they are the sample's): the sampled sections are counted
    first, and every match only when they say there are at most GONGKAI_SEARCH_EXACT_LIMIT,
    or when `exact`."""
    limit = settings.GONGKAI_SEARCH_EXACT_LIMIT
    if limit and not exact:
        sampled = Matches(matches.query, matches.filters, sample=True)
        counts = run_bounded(*sampled.counts_sql(need=0))
        if _total(counts) * SAMPLE_EVERY > limit:
            return counts, True
    return run_bounded(*matches.counts_sql(need=need)), False


def estimate(sampled: int) -> int:
    """How many sections `sampled` matches among the sampled ones stand for, to two significant
    figures (the sample cannot tell more)."""
    n = sampled * SAMPLE_EVERY
    if n < 100:
        return n
    unit = 10 ** (len(str(n)) - 2)
    return (n + unit // 2) // unit * unit  # halves rounded up


def _total(counts):
    return next((count for kind, _, _, count in counts if kind == "total"), 0)


def _newest_first(matches, need):
    """Rows (id, rank, position) of the `need` first matches when they are too many to order
    all of them: the newest year's documents first, the likeliest first within a year, read a
    year at a time until there are enough; ts_rank_cd for the first RANK_LIMIT."""
    rows = []
    for (ids,) in run_bounded(*matches.documents_by_year_sql()):
        got = run_bounded(
            *matches.page_sql(ids, need - len(rows), rank_limit=max(RANK_LIMIT - len(rows), 0))
        )
        rows += [(pk, rank, position + len(rows)) for pk, rank, position in got]
        if len(rows) >= need:
            break
    return rows


# Set locally for every search statement: no sequential scans, no plain index scans, operators
# priced twenty times PostgreSQL's default. The planner prices `@@` as a cheap operator, but on a
# table whose token columns are stored out of the row each evaluation fetches one; the GIN index
# answers it without them, in a bitmap scan (ANDed with a bitmap of the candidate documents'
# sections), while a sequential scan, or any scan of a document's sections filtered by `@@`,
# evaluates it row by row.
PLANNER = {"enable_seqscan": "off", "enable_indexscan": "off", "cpu_operator_cost": "0.05"}
_bounded = contextvars.ContextVar("bounded", default=None)


@contextlib.contextmanager
def bounded(timeout_ms=None):
    """A transaction whose statements run under the PLANNER settings and share one time limit:
    each runs under `SET LOCAL statement_timeout` set to the time left (run_bounded);
    SearchTimeout when the time is up. Within another one, the other's limit holds."""
    if _bounded.get() is not None:
        yield _bounded.get()
        return
    timeout_ms = int(timeout_ms or settings.GONGKAI_SEARCH_TIMEOUT_MS)
    wanted = {"statement_timeout": f"{timeout_ms}ms", **PLANNER}
    # SET LOCAL lasts until the transaction ends: our own one when the request has none, but
    # inside an enclosing transaction (a test, a command) the old values are put back by hand
    # (after an error, rolling back to the savepoint puts them back).
    enclosed = connection.in_atomic_block
    settings_sql = "SELECT " + ", ".join(f"set_config('{name}', %s, true)" for name in wanted)
    state = {"deadline": time.monotonic() + timeout_ms / 1000, "statements": 0}
    token = _bounded.set(state)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if enclosed:
                cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in wanted))
                previous = cursor.fetchone()
            cursor.execute(settings_sql, list(wanted.values()))
            yield state
            if enclosed:
                cursor.execute(settings_sql, list(previous))
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "57014":  # query_canceled
            raise SearchTimeout() from exc
        raise
    finally:
        _bounded.reset(token)


def run_bounded(sql, params, timeout_ms=None):
    """The rows of one statement run in `bounded()`: its own, or the search's it is part of
    (whose time limit then holds, not `timeout_ms`)."""
    with bounded(timeout_ms) as state, connection.cursor() as cursor:
        if state["statements"]:  # a later statement of a search: only the time left
            left_ms = int((state["deadline"] - time.monotonic()) * 1000)
            if left_ms < 1:
                raise SearchTimeout()
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{left_ms}ms"])
        state["statements"] += 1
        cursor.execute(sql, params)
        return cursor.fetchall()


class Matches:
    """The SQL of a search: which sections match, their counts, their ranked page.

    Each match is found through the GIN index over the grams, which answers a word of up to
    four Han characters (or one run of letters and digits) exactly; the text of a section is
    read only for a longer word, a phrase with spaces or punctuation, or several units in one
    word, and only in sections holding all of its grams.

    Counting reads no token column: one pass groups the matches by each facet (publisher, year,
    kind, topic bits) and by document. Ranking reads the ranking vector of at most RANK_LIMIT
    sections: the likeliest, those with the most query words in their heading (a heading match
    outweighs any body match), newest first. The count pass already knows how many sections of
    each document are likeliest, so the page pass reads only the documents that hold them."""

    def __init__(self, query: Query, filters: dict, sample: bool = False):
        self.query = query
        self.filters = filters
        self.sample = sample  # only the sampled sections: the partial index's condition
        self.params = {"q": query.tsquery(), "rank_q": query.rank_tsquery()}
        self.where = self._where()
        needles = list(dict.fromkeys(n for term in query.terms for n in term.needles))[:8]
        # The prior reads the heading as stored (lower() costs microseconds a row; the needles
        # are folded, headings hardly ever hold capitals).
        self.prior = " + ".join(f"(strpos(s.heading, {self.param(n)}) > 0)::int" for n in needles) or "0"

    def param(self, value):
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"

    def _where(self):
        where = ["s.search_grams @@ %(q)s::tsquery"]
        for group in self.query.groups:
            if needs_check(group):
                where.append(self._holds(group, "s"))
        for term in self.query.excluded:
            # The excluded sections are found once through the index, then set aside by id (a
            # hashed subplan); NOT EXISTS would let the planner test `@@` row by row instead.
            check = f" AND {self._holds([term], 'x')}" if needs_check([term]) else ""
            where.append(
                "s.id NOT IN (SELECT x.id FROM documents_section x"
                f" WHERE x.search_grams @@ {self.param(_term_tsquery(term, grams_query))}::tsquery{check})"
            )
        where.append("s.published")
        if self.sample:
            # As section_grams_sample_gin's condition is written, so that the planner uses it.
            where.append(f"(hashint8(s.id) & {SAMPLE_EVERY - 1}) = 0")
        documents = self._documents()
        if documents:
            where.append(f"s.document_id IN ({documents})")
        if self.filters.get("topic"):
            topic = topic_list.find(self.filters["topic"])
            where.append(f"s.topics @> ARRAY[{self.param(topic.name if topic else self.filters['topic'])}]::varchar[]")
        return " AND ".join(where)

    def _documents(self):
        """SQL for the ids of the documents the list's filters keep; None without filters."""
        document_filters = {k: v for k, v in self.filters.items() if k in DOCUMENT_FILTERS}
        if not document_filters:
            return None
        try:
            ids_sql, ids_params = _document_ids(document_filters)
        except EmptyResultSet:  # a filter no document can meet
            return "SELECT NULL::bigint WHERE false"
        return ids_sql % tuple(self.param(p) for p in ids_params)

    def _holds(self, group, alias):
        """SQL true when the section's indexed text holds one of the group's terms: each of its
        words, or its phrase, as a substring."""
        alternatives = [
            " AND ".join(self._contains(part, alias) for part in variant)
            for term in group
            for variant in term.variants
        ]
        return "(" + " OR ".join(f"({a})" for a in alternatives) + ")"

    def _contains(self, part, alias):
        """SQL true when the indexed text holds `part` as the index means it: a run of letters
        and digits at either edge is a whole run there (es is not found in test), so those
        edges are checked with a regular expression; anything else with strpos."""
        left, right = _is_other_unit(part[0]), _is_other_unit(part[-1])
        if not (left or right):
            return f"strpos({alias}.search_text, {self.param(part)}) > 0"
        pattern = (f"(?<![{_OTHER_LETTERS}])" if left else "") + _regex_literal(part)
        pattern += f"(?![{_OTHER_LETTERS}])" if right else ""
        return f"{alias}.search_text ~ {self.param(pattern)}"

    def counts_sql(self, need):
        """Rows (kind, value, label, count): the total, the facet values, and (when `need`) the
        documents holding the `need` likeliest matches ('candidate'). One pass over
        the matches groups them by each facet (sections carry their document's publisher, year
        and kind) and, when `need`, by document and number of query words in the heading."""
        by_document = f"(s.document_id, {self.prior}, s.document_year), " if need else ""
        sql = f"""
WITH groups AS (
    SELECT {"s.document_id" if need else "NULL::bigint"} AS document_id, {self.prior if need else "0"} AS prior,
           s.document_year AS year, s.document_publisher_id AS publisher_id, s.document_kind AS kind,
           s.topic_mask, count(*) AS n,
           CASE {"WHEN GROUPING(s.document_id) = 0 THEN 'document'" if need else ""}
                WHEN GROUPING(s.document_publisher_id) = 0 THEN 'publisher'
                WHEN GROUPING(s.document_year) = 0 THEN 'year'
                WHEN GROUPING(s.document_kind) = 0 THEN 'kind'
                ELSE 'topics' END AS facet
      FROM documents_section s
     WHERE {self.where}
     GROUP BY GROUPING SETS ({by_document}(s.document_publisher_id), (s.document_year), (s.document_kind), (s.topic_mask))
)"""
        if need:
            sql += """, docs AS (
    SELECT document_id, prior, year, n,
           -- summed as bigint (a sum of bigint is numeric, slower)
           sum(n::int) OVER (ORDER BY prior DESC, year DESC NULLS LAST, document_id ROWS UNBOUNDED PRECEDING) - n AS before
      FROM groups WHERE facet = 'document'
), last_needed AS (
    -- Documents tied with the last one needed hold sections that may come before its own.
    SELECT prior, year FROM docs WHERE before < %(need)s ORDER BY before DESC LIMIT 1
)
SELECT DISTINCT 'candidate', d.document_id::text, '', 0::bigint
  FROM docs d, last_needed l
 WHERE d.before < %(need)s OR (d.prior = l.prior AND d.year IS NOT DISTINCT FROM l.year)
UNION ALL"""
        sql += """
SELECT 'total', '', '', coalesce(sum(n), 0)::bigint FROM groups WHERE facet = 'kind'
UNION ALL SELECT 'publisher', p.slug, p.name, g.n
      FROM groups g JOIN documents_publisher p ON p.id = g.publisher_id WHERE g.facet = 'publisher'
UNION ALL SELECT 'year', year::text, '', n FROM groups WHERE facet = 'year' AND year IS NOT NULL
UNION ALL SELECT 'kind', kind, '', n FROM groups WHERE facet = 'kind'
UNION ALL SELECT 'topics', topic_mask::text, '', n FROM groups WHERE facet = 'topics' AND topic_mask <> 0
"""
        return sql, {**self.params, "need": need}

    def documents_by_year_sql(self):
        """Rows ([document id, ...],): the published documents the filters keep, one row per
        year, newest first, those without a year last."""
        documents = self._documents()
        sql = f"""
SELECT array_agg(d.id ORDER BY d.id)
  FROM documents_document d
 WHERE d.is_published{f" AND d.id IN ({documents})" if documents else ""}
 GROUP BY d.year
 ORDER BY d.year DESC NULLS LAST
"""
        return sql, self.params

    def page_sql(self, candidates, need, rank_limit=None):
        """Rows (id, rank, position) of the `need` likeliest matches in the candidate
        documents (ids), in order; rank (ts_rank_cd) for the first `rank_limit` (RANK_LIMIT) of
        them, else None."""
        sql = f"""
WITH likeliest AS MATERIALIZED (
    SELECT s.id, row_number() OVER (ORDER BY {self.prior} DESC, s.document_year DESC NULLS LAST, s.id) AS position
      FROM documents_section s
     WHERE {self.where} AND s.document_id = ANY(%(candidates)s::bigint[])
     ORDER BY position
     LIMIT %(need)s
)
SELECT l.id,
       CASE WHEN l.position <= %(rank_limit)s THEN ts_rank_cd(x.search_vector, %(rank_q)s::tsquery, 1) END,
       l.position
  FROM likeliest l JOIN documents_section x ON x.id = l.id
 ORDER BY l.position
"""
        rank_limit = RANK_LIMIT if rank_limit is None else rank_limit
        return sql, {**self.params, "candidates": candidates, "need": need, "rank_limit": rank_limit}


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


def _facets(rows, estimated=(), known=None):
    """{facet: [FacetValue]} from the count statement's (kind, value, label, count) rows, most
    first; topic counts come as counts of topic bit masks. The facets named in `estimated`
    were counted on the sampled sections: their counts are scaled up (`estimate`), but for the
    values in `known`, {facet: (value, label, exact count)}."""
    from .models import Document

    raw, topic_counts = {}, {}
    for kind, value, label, count in rows:
        if kind == "topics":
            for name in mask_topics(int(value)):
                topic_counts[name] = topic_counts.get(name, 0) + count
        else:
            raw.setdefault(kind, []).append((value, label, count))
    raw["topic"] = [(name, name, n) for name, n in topic_counts.items()]
    known = known or {}
    for name, (value, label, n) in known.items():
        raw[name] = [row for row in raw.get(name, []) if row[0] != value] + [(value, label, n)]
    sampled = lambda name, value: name in estimated and known.get(name, (None,))[0] != value
    raw = {
        kind: [(value, label, estimate(n) if sampled(kind, value) else n) for value, label, n in values]
        for kind, values in raw.items()
    }
    by_count = lambda name: sorted(raw.get(name, []), key=lambda row: (-row[2], row[0]))
    kinds = dict(Document.Kind.choices)
    slugs = {t.name: t.slug for t in topic_list.all_topics()}
    return {
        "publisher": [FacetValue(slug, name, n, sampled("publisher", slug)) for slug, name, n in by_count("publisher")],
        "year": [
            FacetValue(y, y, n, sampled("year", y)) for y, _, n in sorted(raw.get("year", []), key=lambda row: -int(row[0]))
        ],
        "kind": [FacetValue(k, kinds.get(k, k), n, sampled("kind", k)) for k, _, n in by_count("kind")],
        "topic": [FacetValue(slugs.get(t, t), t, n, sampled("topic", t)) for t, _, n in by_count("topic")],
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
