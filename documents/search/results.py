"""search(): one page of hits, with the total and the facet counts of all matches.

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
So a search first counts a sample: partial GIN indexes hold one published section in 4096, 512,
64 and SAMPLE_EVERY (SAMPLE_LEVELS), chosen by a hash of the id, each inside the next. The
sparsest sample that holds SAMPLE_ENOUGH of the search's matches is taken (a denser one is read
only while a sparser one holds fewer, and one smaller than SAMPLE_ENOUGH sections is skipped),
so the estimate reads a bounded number of rows at any size of collection. A query needing its
text read (a long phrase) is counted there by the index alone, scaled by the share of about
CHECKED of those sections that pass when read (checks_sql). When the densest sample says the
search matches more than GONGKAI_SEARCH_EXACT_LIMIT sections, the total and the facet counts
are the sample's, scaled up and rounded to two significant figures, and shown as estimates
(Results.estimated; the page says 约 and links to `exact=1`, which counts every match). The
hits are then read from the current documents, newest year first and the last added first, a
run of them at a time (_chunk: enough for about twice RANK_LIMIT matches by the estimate),
the likeliest first within each run, until the page is full (and one match more, which says
whether another page follows; when every match has been read, their number is exact after
all); the first RANK_LIMIT ranked with ts_rank_cd. A search matching READ_TEXT_FROM of all
sections or more reads those documents' texts rather than the index, whose posting lists cost
in proportion to all its matches. With `exact`, or under the limit, every match is counted. A
facet recounted without its own filter is sampled the same way, and marked as estimated on its
own (Results.estimated_facets, FacetValue.estimated); the chosen value then shows the search's
own exact total. A value too rare to have a sampled match is not listed. All the statements of
a search share one time limit (`bounded`).
"""
from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field

from django.conf import settings

from ..ingest import topics as topic_list
from ..ingest.searchindex import SAMPLE_EVERY, SAMPLE_LEVELS, mask_topics
from .limits import SearchTimeout, bounded, run_bounded
from .query import Query, parse_query
from .snippets import highlight, snippet, term_needles
from .sql import DOCUMENT_FILTERS, SECTION_FILTERS, Matches

PER_PAGE = 20
MAX_PER_PAGE = 1000  # the CSV's page
RANK_LIMIT = 200  # see search()
# A sample's count is taken as the estimate once it holds this many matches (its error then
# about 3 %); below, a denser sample is counted (documents/ingest/searchindex.SAMPLE_LEVELS).
SAMPLE_ENOUGH = 1000
CHECKED = 256  # about how many sampled sections a long phrase is read in, to scale its count
CHUNK_DOCUMENTS = 16  # the fewest documents an estimated search reads its hits from at a time
READ_TEXT_FROM = 0.2  # the share of all sections from which an estimated search reads texts for its hits
MAX_PAGE = 500  # deeper pages are refused: an OFFSET that large reads every row before it


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
    needles: list = field(default_factory=list)  # what is marked in this section (term_needles)
    q: str = ""  # the query, for the reader's own highlighting
    document_matches: int | None = None  # how many sections of its document match (count_documents)

    @property
    def reader_url(self):
        """The reader at this section, the query's terms highlighted there."""
        from urllib.parse import urlencode

        url = self.section.document.get_absolute_url()
        return f"{url}?{urlencode({'q': self.q})}#{self.section.anchor}" if self.q else f"{url}#{self.section.anchor}"

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


# The filters each facet leaves out of its own counts, so that a chosen value's alternatives
# stay in view with their counts (choosing one replaces the other).
FACET_FILTERS = {"publisher": ("publisher",), "year": ("year", "year_from", "year_to"), "kind": ("kind",), "topic": ("topic",)}


def search(q, filters=None, page=1, per_page=PER_PAGE, exact=False) -> Results:
    """One page of sections matching the query `q` under the list's filters, best first, with
    the total and the facet counts of all matches.

    First a sample of the sections is counted (the module docstring says which). Where it says
    the search matches at most GONGKAI_SEARCH_EXACT_LIMIT sections, or `exact` is asked for,
    every match is counted: one statement for the counts (which also says which documents hold
    the likeliest hits), one for the ranked page from those documents. Above the limit the
    counts are the sample's, scaled up and marked as estimates, and the page is read from the
    newest documents a run at a time until it is full. Each facet whose own filter is set is
    counted once more without it."""
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
    counts are estimates, and the page shown. Facet rows counted on a sample come scaled up
    (not yet rounded)."""
    query, filters, page, per_page = results.query, results.filters, results.page, results.per_page
    matches = Matches(query, filters)
    counts, every = _counts(matches, exact, need=max(RANK_LIMIT, page * per_page))
    if every:
        results.estimated, results.estimated_facets = True, set(FACET_FILTERS)
        # One match more than the page needs says whether any follow it: the estimate may be
        # under the real number (the next page stays reachable) or over it (the pages past the
        # last match are not offered).
        need = max(RANK_LIMIT, page * per_page)
        total = estimate(_total(counts), every)
        # A search matching a good share of all sections finds its hits in the newest
        # documents by reading their text (page_sql's by_text).
        by_text = total >= READ_TEXT_FROM * max(_reltuples("documents_section"), 1)
        rows = _newest_first(matches, need + 1, _chunk(total), by_text)
        if len(rows) > need:
            results.total = max(total, need + 1)
        else:  # every match was read: their number is known
            results.total, results.estimated = len(rows), False
    else:
        results.total = _total(counts)
    if page > 1 and results.total and (page - 1) * per_page >= results.total:
        # Past the last page: show the last one (a stale link, a page number typed by hand).
        results.page = page = math.ceil(results.total / per_page)
    need = max(RANK_LIMIT, page * per_page)
    if not every:
        candidates = [int(pk) for kind, pk, _, _ in counts if kind == "candidate"]
        rows = run_bounded(*matches.page_sql(candidates, need, RANK_LIMIT)) if candidates else []
    facet_rows = [row for row in _scaled(counts, every) if row[0] not in ("total", "candidate")]
    known = {}
    for name, own in FACET_FILTERS.items():
        if any(f in filters for f in own):
            kind = "topics" if name == "topic" else name
            wider, wider_every = _counts(Matches(query, {k: v for k, v in filters.items() if k not in own}), exact)
            facet_rows = [r for r in facet_rows if r[0] != kind] + [r for r in _scaled(wider, wider_every) if r[0] == kind]
            results.estimated_facets.discard(name)
            if wider_every:
                results.estimated_facets.add(name)
                chosen = _chosen(name, filters, counts)
                if chosen and not results.estimated:
                    # The sample may miss or misjudge the value chosen: the search's own total is its count.
                    known[name] = (*chosen, results.total)
    return rows, facet_rows, known


def _scaled(counts, every):
    """Count rows with each count multiplied by the sample's `every` (kept as they are when
    every match was counted)."""
    return [(kind, value, label, count * every) for kind, value, label, count in counts] if every else counts


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
    """(counts_sql's rows, the sample they were counted on: one section in how many, 0 when
    every match was counted). Samples are counted first, the sparsest that can hold
    SAMPLE_ENOUGH matches first, then denser ones while they hold fewer; every match only when
    the densest (SAMPLE_EVERY) says there are at most GONGKAI_SEARCH_EXACT_LIMIT, or when `exact`.
    Each level read holds fewer than SAMPLE_ENOUGH matches times the step to it, so an estimate
    reads about as many rows whatever the size of the collection."""
    limit = settings.GONGKAI_SEARCH_EXACT_LIMIT
    if limit and not exact:
        levels = _levels()
        i = 0
        while True:
            every = levels[i]
            sampled = Matches(matches.query, matches.filters, sample=every, checked=False)
            counts = run_bounded(*sampled.counts_sql(need=0))
            n = _total(counts)
            if n * every > limit and (n >= SAMPLE_ENOUGH or every == SAMPLE_EVERY):
                counts = _checked(sampled, counts)
                if _total(counts) * every > limit:
                    return counts, every
            if every == SAMPLE_EVERY:
                break
            # The next: the sparsest denser level where this count foretells enough matches.
            i += 1
            while levels[i] != SAMPLE_EVERY and max(n, 1) * every < SAMPLE_ENOUGH * levels[i]:
                i += 1
    return run_bounded(*matches.counts_sql(need=need)), 0


def _levels():
    """SAMPLE_LEVELS, sparsest first, leaving out those too small to hold SAMPLE_ENOUGH
    sections in this collection (the planner's count of sections)."""
    sections = _reltuples("documents_section")
    return sorted((e for e in SAMPLE_LEVELS if e == SAMPLE_EVERY or sections / e >= SAMPLE_ENOUGH), reverse=True)


_sizes = {}  # database name -> (when read, {table: the planner's count of its rows})
SIZES_SECONDS = 60


def _reltuples(table):
    """The planner's count of the table's rows (-1 before its first ANALYZE), read at most once
    a minute: it says which samples are worth reading and how many documents to read at a
    time, for which a minute-old count is as good."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    when, sizes = _sizes.get(name, (0, {}))
    if time.monotonic() - when > SIZES_SECONDS or table not in sizes:
        sizes = dict(run_bounded(
            "SELECT relname, reltuples FROM pg_class WHERE oid IN ('documents_section'::regclass, 'documents_document'::regclass)", []
        ))
        _sizes[name] = (time.monotonic(), sizes)
    return sizes[table]


def _checked(sampled, counts):
    """counts_sql's rows of a sample counted by the index alone (Matches with checked=False):
    for a query needing its text read (a long phrase), scaled by the share of about CHECKED of
    those sections that pass when read (checks_sql), rather than reading every one's text."""
    n = _total(counts)
    if not sampled.checks or not n:
        return counts
    further = 1 << max(0, math.ceil(math.log2(n / CHECKED)))
    passing, read = run_bounded(*sampled.checks_sql(further))[0]
    share = passing / read if read else 1.0
    return [(kind, value, label, count * share) for kind, value, label, count in counts]


def estimate(sampled, every=SAMPLE_EVERY) -> int:
    """How many sections `sampled` matches among the sampled ones (one in `every`) stand for,
    to two significant figures (the sample cannot tell more)."""
    return two_figures(sampled * every)


def two_figures(number) -> int:
    n = round(number)
    if n < 100:
        return n
    unit = 10 ** (len(str(n)) - 2)
    return (n + unit // 2) // unit * unit  # halves rounded up


def _total(counts):
    return next((count for kind, _, _, count in counts if kind == "total"), 0)


def _chunk(total):
    """How many documents _newest_first reads at a time: enough to hold about twice RANK_LIMIT
    matches, going by the estimate `total` (a power of two, so that nearby estimates read the
    same runs), between CHUNK_DOCUMENTS and 64 times that."""
    documents = _reltuples("documents_document")
    wanted = 2 * RANK_LIMIT * max(documents, 1) / max(total, 1)
    return min(max(CHUNK_DOCUMENTS, 1 << max(0, math.ceil(math.log2(max(wanted, 1))))), 64 * CHUNK_DOCUMENTS)


def _newest_first(matches, need, chunk, by_text=False):
    """Rows (id, rank, position) of the `need` first matches when they are too many to order
    all of them: the current documents newest year first, the last added first, `chunk` at a
    time, and within each run newest year first, the likeliest matches first, until there are
    enough; ts_rank_cd for the first RANK_LIMIT. Each statement reads the matches of at most
    `chunk` documents, however many the search matches."""
    rows, offset = [], 0
    while len(rows) < need:
        documents = [pk for (pk,) in run_bounded(*matches.newest_documents_sql(offset, chunk), index_scans=True)]
        offset += len(documents)
        if documents:
            got = run_bounded(*matches.page_sql(
                documents, need - len(rows), rank_limit=max(RANK_LIMIT - len(rows), 0), by_text=by_text, year_first=True,
            ))
            rows += [(pk, rank, position + len(rows)) for pk, rank, position in got]
        if len(documents) < chunk:
            break
    return rows


def count_documents(results):
    """Set each hit's `document_matches`: how many sections of its document the search matches
    (one statement, for the documents of the page only)."""
    ids = sorted({hit.section.document_id for hit in results.hits})
    if not ids or results.query.is_empty:
        return
    try:
        counts = dict(run_bounded(*Matches(results.query, results.filters).document_counts_sql(ids)))
    except SearchTimeout:
        return
    for hit in results.hits:
        hit.document_matches = counts.get(hit.section.document_id)


def by_document(hits):
    """The hits grouped by document, in the order each document's best hit comes:
    [(document, its matching section count, [hits])]."""
    groups = {}
    for hit in hits:
        groups.setdefault(hit.section.document_id, []).append(hit)
    return [(g[0].section.document, g[0].document_matches, g) for g in groups.values()]


def _hits(query, ranked):
    from ..models import Section

    if not ranked:
        return []
    sections = Section.objects.filter(pk__in=[pk for pk, _ in ranked]).listing()
    by_id = {s.pk: s for s in sections}
    hits = []
    for pk, rank in ranked:
        if pk in by_id:
            section = by_id[pk]
            needles = term_needles(query.terms, f"{section.heading}\n{section.text}")
            hits.append(Hit(
                section, rank, highlight(section.heading, needles), snippet(section.text, needles), needles, query.text,
            ))
    return hits


def _facets(rows, estimated=(), known=None):
    """{facet: [FacetValue]} from the count statement's (kind, value, label, count) rows, most
    first; topic counts come as counts of topic bit masks. The facets named in `estimated`
    were counted on a sample, their counts already scaled up: they are rounded to two
    significant figures, but for the values in `known`, {facet: (value, label, exact count)}."""
    from ..models import Document

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
        kind: [(value, label, two_figures(n) if sampled(kind, value) else n) for value, label, n in values]
        for kind, values in raw.items()
    }
    raw = {kind: [row for row in values if row[2]] for kind, values in raw.items()}  # a scaled share under one
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


def _unescape(html):
    import html as html_lib

    return html_lib.unescape(html)
