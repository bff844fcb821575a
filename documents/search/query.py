"""The query language, and the tsqueries a query becomes.

The query language
------------------
* words, all of which must occur: `信息公开 杨浦`. A run of Han characters is cut into words
  by jieba (single characters stay with their neighbour), each a substring that must occur;
* `"exact phrase"` (also “…” and 「…」): the phrase itself as a substring, spaces and
  punctuation included, so only sections containing the phrase are returned;
* `OR` (also `或`, `|`) between two terms: either; it binds tighter than AND;
* `AND` (also `与`) between two terms: both, as two words side by side already mean;
* `-word`, `-"phrase"`, `NOT word` (also `非 word`): sections containing it are left out;
* operators are words of their own, and only the upper-case Latin ones: `and`, `or` and `not`
  are terms (an English phrase may hold them), and 与 inside a word is text;
* there are no parentheses: `(` and `)` are text like other punctuation;
* a term with 繁體 characters also matches as typed (顯著 finds 显著, and 显著 still 显著).
Anything else is text: unbalanced quotes run to the end, a lone operator or - is ignored with
a note, control characters are spaces, and a query longer than MAX_QUERY_CHARS is cut with a
note. Every search runs under `SET LOCAL statement_timeout`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import jieba

from ..ingest import script
from ..ingest.searchindex import (
    HAN,
    MAX_GRAM,
    MAX_TOKEN_CHARS,
    UNIT,
    fold,
    fold_table as _fold_table,
    is_han as _is_han,
    quote as _quote,
)

MAX_QUERY_CHARS = 200
MAX_TERMS = 24

_SPACE_BETWEEN_HAN = re.compile(f"(?<=[{HAN}]) +(?=[{HAN}])")


def simplified(text: str) -> str:
    """The text in simplified characters: phrase-level conversion when any character is 繁體
    only (a query like 杨浦區 mixes scripts, so the document-level majority test is not used)."""
    if script.simplified_chars(text) == text:
        return text
    return script.to_simplified(text, script="traditional").text


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
    # Set by parse_query: a 繁體 term was searched as 简体, or an operator was given in another
    # form (与, 或, 非, |); `searched_as` then says what was searched.
    script_normalized: bool = False
    operators_normalized: bool = False

    @property
    def searched_as(self) -> str:
        """The query as it was searched, in one canonical form: 简体 terms, explicit Latin
        operators (`公开 AND 疫情 OR 卫生 NOT 杨浦`)."""
        groups = [" OR ".join(_shown(t) for t in group) for group in self.groups]
        return " ".join([" AND ".join(groups), *(f"NOT {_shown(t, quoted=' ' in t.text)}" for t in self.excluded)]).strip()

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
_OR = {"OR", "|", "｜", "或"}
_AND = {"AND", "与"}
_NOT = {"NOT", "非"}
_CANONICAL = {"OR", "AND", "NOT"}  # what the other forms are shown as


def _shown(term: Term, quoted=None) -> str:
    text = simplified(term.text)
    return f'"{text}"' if (term.phrase if quoted is None else quoted) else text


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
    negate_next = False
    dropped = set()
    unsearchable = []
    for m in _TOKEN.finditer(text):
        if m.group("dash") is not None:
            dropped.add("-")
            continue
        word = m.group("word")
        if word in _OR | _AND | _NOT:
            if word not in _CANONICAL:
                query.operators_normalized = True
            if word in _NOT:
                if negate_next:
                    dropped.add("NOT")
                negate_next = True
            elif word in _OR and groups and not join_next and not negate_next:
                join_next = True
            elif word in _AND and groups and not join_next and not negate_next:
                pass  # side by side, terms are already all required
            else:
                dropped.add("OR" if word in _OR else "AND")
            continue
        if m.group("phrase") is not None:
            negated, phrase, body = bool(m.group("pneg")), True, m.group("phrase")
            if not m.group("closed"):
                notes.append("引号未闭合，已搜索到结尾。 An unclosed quote runs to the end of the query.")
        else:
            negated, phrase, body = bool(m.group("wneg")), False, word
        negated = negated or negate_next
        negate_next = False
        # An excluded word is left out as a whole, like a phrase, not word by word.
        term = make_term(body, phrase=phrase or negated)
        if term is None:
            if body.strip():
                unsearchable.append(body)
            continue
        if term.text != simplified(term.text):
            query.script_normalized = True
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
    if negate_next:
        dropped.add("NOT")
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
    if groups and query.script_normalized:
        notes.append(f"已按简体检索：{query.searched_as}")
    elif groups and query.operators_normalized:
        notes.append(f"已按以下查询检索：{query.searched_as}")
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


def needs_check(group) -> bool:
    return not all(is_exact(part) for term in group for part in term.needles)


def term_tsquery(term: Term, make) -> str:
    return "(" + " | ".join("(" + " & ".join(make(p) for p in variant) + ")" for variant in term.variants) + ")"


def _group_tsquery(group, make) -> str:
    return "(" + " | ".join(term_tsquery(t, make) for t in group) + ")"
