"""The SQL of a search: which sections match, their counts, their ranked page."""
import re

from django.core.exceptions import EmptyResultSet

from ..ingest import topics as topic_list
from ..ingest.searchindex import UNIT, is_han as _is_han
from .query import Query, grams_query, needs_check, term_tsquery

SECTION_FILTERS = ("topic",)
DOCUMENT_FILTERS = ("publisher", "region", "level", "year", "year_from", "year_to", "kind")

# Letters and digits of scripts other than Han, for PostgreSQL's regular expressions (whose
# classes depend on the server's locale): Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic,
# kana, Hangul; the text is folded, so ASCII letters are lower case and full-width ones ASCII.
_OTHER_LETTERS = "0-9a-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u06ff\u3041-\u30ff\uac00-\ud7a3"


def _is_other_unit(char: str) -> bool:
    return bool(UNIT.match(char)) and not _is_han(char)


def _regex_literal(text: str) -> str:
    return re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\1", text)


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

    def __init__(self, query: Query, filters: dict, sample: int = 0, checked: bool = True):
        self.query = query
        self.filters = filters
        # 0, or SAMPLE_EVERY or a sparser level of SAMPLE_LEVELS: only the sections of that
        # sample (a partial index's condition).
        self.sample = int(sample)
        # Without `checked`, the sections are those the index finds (grams and sample): a word
        # or phrase that needs its text read is not checked (checks_sql measures how many pass).
        self.checked = checked
        self.params = {"q": self._index_tsquery(), "rank_q": query.rank_tsquery()}
        self.checks = self._checks()
        self.where = self._where()
        needles = list(dict.fromkeys(n for term in query.terms for n in term.needles))[:8]
        # The prior reads the heading as stored (lower() costs microseconds a row; the needles
        # are folded, headings hardly ever hold capitals).
        self.prior = " + ".join(f"(strpos(s.heading, {self.param(n)}) > 0)::int" for n in needles) or "0"

    def _index_tsquery(self):
        """The query's tsquery, and `!` each excluded term the index answers exactly: the GIN
        index then leaves those sections out itself, which costs no more than finding them."""
        tsquery = self.query.tsquery()
        for term in self.query.excluded:
            if not needs_check([term]):
                tsquery = f"({tsquery}) & !{term_tsquery(term, grams_query)}"
        return tsquery

    def _checks(self):
        """SQL conditions the index cannot answer: the text of each group whose terms need it,
        and each excluded term that needs its text read."""
        # Each a subquery, which the planner prices above the other conditions and so tests
        # last: a text is read only for a row that met every other one (its documents, above all).
        checks = [f"(SELECT {self._holds(group, 's')})" for group in self.query.groups if needs_check(group)]
        for term in self.query.excluded:
            if needs_check([term]):
                # The excluded sections are found once through the index, then set aside by id
                # (a hashed subplan); NOT EXISTS would let the planner test `@@` row by row.
                sample = f" AND {_sampled('x', self.sample)}" if self.sample else ""  # as s is
                checks.append(
                    "s.id NOT IN (SELECT x.id FROM documents_section x"
                    f" WHERE x.search_grams @@ {self.param(term_tsquery(term, grams_query))}::tsquery"
                    f"{sample} AND {self._holds([term], 'x')})"
                )
        return checks

    def param(self, value):
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"%({name})s"

    def _where(self, planned_blind=False):
        """The matches' conditions. `planned_blind`: the tsquery hidden from the planner (a
        subquery), which then takes it to match a fixed share of the sections (0.5 %) rather
        than what the grams' statistics say: those know only the commonest tokens and take the
        rest, and their ANDs, to be rare, so that the planner reads every match's row to test
        its document instead of intersecting the index with the documents' sections."""
        where = ["s.search_grams @@ (SELECT %(q)s::tsquery)" if planned_blind else "s.search_grams @@ %(q)s::tsquery"]
        if self.checked:
            where += self.checks
        if self.sample:
            where.append(_sampled("s", self.sample))
        return " AND ".join(where + self._where_filters())

    def _where_filters(self):
        where = ["s.published"]
        documents = self._documents()
        if documents:
            where.append(f"s.document_id IN ({documents})")
        if self.filters.get("topic"):
            topic = topic_list.find(self.filters["topic"])
            where.append(f"s.topics @> ARRAY[{self.param(topic.name if topic else self.filters['topic'])}]::varchar[]")
        return where

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

    def document_counts_sql(self, ids):
        """Rows (document id, number of matching sections) for these documents."""
        sql = f"""
SELECT s.document_id, count(*)
  FROM documents_section s
 WHERE {self._where(planned_blind=True)} AND s.document_id = ANY(%(documents)s::bigint[])
 GROUP BY s.document_id
"""
        return sql, {**self.params, "documents": list(ids)}

    def checks_sql(self, every):
        """Rows (passing, read): of the sections this search finds through the index alone
        (built with checked=False), one in `every` more, chosen by other bits of the same hash
        as the samples, read and checked: the share that passes the checks the index cannot
        make."""
        sql = f"""
SELECT count(*) FILTER (WHERE {" AND ".join(self._row_checks()) or "true"}), count(*)
  FROM documents_section s
 WHERE {self.where} AND ((hashint8(s.id) >> 32) & {int(every) - 1}) = 0
"""
        return sql, self.params

    def _text_where(self):
        """The same matches as `where` (without a sample), decided on each row's text alone:
        each group's terms as the index means them (_holds), no excluded term."""
        where = [self._holds(group, "s") for group in self.query.groups]
        where += [f"NOT {self._holds([term], 's')}" for term in self.query.excluded]
        return " AND ".join([*where, *self._where_filters()])

    def _row_checks(self):
        """The checks as conditions on the row alone: for the few rows checks_sql reads, an
        excluded phrase is looked for in each row's text rather than gathered from every
        section holding it."""
        checks = [self._holds(group, "s") for group in self.query.groups if needs_check(group)]
        return checks + [f"NOT {self._holds([term], 's')}" for term in self.query.excluded if needs_check([term])]

    def newest_documents_sql(self, offset, limit):
        """Rows (document id,): `limit` current documents the filters keep, from the
        `offset`-th, newest year first (those without a year last), then the last added first;
        read in that order from the index models.Document.document_current_newest (run it with
        index scans allowed: limits.run_bounded's index_scans)."""
        documents = self._documents()
        sql = f"""
SELECT d.id
  FROM documents_document d
 WHERE d.is_current{f" AND d.id IN ({documents})" if documents else ""}
 ORDER BY d.year DESC NULLS LAST, d.id DESC
 LIMIT %(limit)s OFFSET %(offset)s
"""
        return sql, {**self.params, "limit": limit, "offset": offset}

    def page_sql(self, candidates, need, rank_limit, by_text=False, year_first=False):
        """Rows (id, rank, position) of the `need` likeliest matches in the candidate
        documents (ids), in order; rank (ts_rank_cd) for the first `rank_limit` (RANK_LIMIT) of
        them, else None. `by_text`: the candidates' sections are read one by one and their
        text searched, not found through the grams index, whose posting lists cost in
        proportion to every match in the collection: for a few documents of a search matching
        a good share of all sections, reading them is the lesser work."""
        where = self._text_where() if by_text else self._where(planned_blind=True)
        order = f"{self.prior} DESC, s.document_year DESC NULLS LAST, s.id"
        if year_first:
            order = f"s.document_year DESC NULLS LAST, {self.prior} DESC, s.id"
        sql = f"""
WITH likeliest AS MATERIALIZED (
    SELECT s.id, row_number() OVER (ORDER BY {order}) AS position
      FROM documents_section s
     WHERE {where} AND s.document_id = ANY(%(candidates)s::bigint[])
     ORDER BY position
     LIMIT %(need)s
)
SELECT l.id,
       CASE WHEN l.position <= %(rank_limit)s THEN ts_rank_cd(x.search_vector, %(rank_q)s::tsquery, 1) END,
       l.position
  FROM likeliest l JOIN documents_section x ON x.id = l.id
 ORDER BY l.position
"""
        return sql, {**self.params, "candidates": candidates, "need": need, "rank_limit": rank_limit}


def _sampled(alias, every):
    """SQL true for the sections of the sample of one in `every`, written as the condition of
    its partial index (models.Section), so that the planner reads that index."""
    return f"{alias}.published AND (hashint8({alias}.id) & {every - 1}) = 0"


def _document_ids(filters):
    """The ids of the current documents the list's filters keep, as SQL and parameters: the
    same FilterSet and queryset as the documents list, so a filter means the same on both pages."""
    from ..filters import DocumentFilter
    from ..models import Document

    filterset = DocumentFilter(filters, queryset=Document.objects.current())
    return filterset.qs.order_by().values("pk").query.sql_with_params()
