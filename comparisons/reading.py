"""Two documents as a reader compares them: both full texts, paragraph by paragraph, in
reading order, each paragraph facing its counterpart.

Paragraphs are the sections' headings and lines, and within a line the items a Chinese report
enumerates (一是……二是……), so that a one-line section of five items is compared item by item.
Two paragraphs of one kind are as similar as the cosine of TF-IDF vectors of their character
bigrams and words, read through the domain synonym list (公布 = 发布), plus a share of the
cosine of their topics (first clause; section heading for a section's first paragraph), plus a
little when they stand under headings that pair up.

Alignment is monotone (dynamic programming over the similarity matrix: the largest total
similarity above the threshold with pairs that never cross), so both texts keep their order.
Paragraphs left over are paired when each is the other's clearly closest, or (an optimal
one-to-one assignment, scipy's linear_sum_assignment) clearly similar: such a pair joins the
reading order when it crosses none of its pairs, else it is "moved", each paragraph staying in
its own place, linked to its counterpart. docs/comparisons.md gives the figures.
"""
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from . import diff as worddiff
from .synonyms import normalize
from .textnorm import canonical, tokens, words

# Part of the key of what is kept of a comparison and of a document's features: raised when a
# change here makes what was kept differ from what would be computed now.
VERSION = 2
THRESHOLD = 0.35  # a pair in reading order
MOVED = 0.40  # a pair out of order must be clearer
HEADING_THRESHOLD = 0.3
FLOOR = 0.1  # a pair each side of which has no closer counterpart, by MARGIN
MARGIN = 1.2
SECTION_BONUS = 0.05
OPENING_WEIGHT = 0.45
KEY_LENGTH = 12
# An enumerated item opens a new paragraph: 一是, 二是, ... after a sentence's end or a colon.
_ITEM = re.compile(r"(?<=[。；;：:！？])\s*(?=[一二三四五六七八九十]{1,3}是)")
_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_NUMBER_STYLE = {1: "{}、", 2: "（{}）", 3: "{}."}


@dataclass
class Paragraph:
    index: int  # position in the document's paragraph list
    kind: str  # "heading" | "text" | "table"
    text: str  # as written (simplified clean text)
    path: tuple  # the headings above it, outermost first, each as numbered
    anchor: str  # the reader's anchor of its section
    parent: int | None = None  # index of the heading it stands under

    @property
    def key(self) -> str:
        """The first characters of its canonical text: a name for it that survives a re-parse
        which splits sections differently."""
        return key_of(self.text)


def key_of(text: str) -> str:
    return _plain(text)[:KEY_LENGTH]


def _get(section, name, default=None):
    return section.get(name, default) if isinstance(section, dict) else getattr(section, name, default)


def numbered(section) -> str:
    number, heading = _get(section, "number") or "", _get(section, "heading") or ""
    if not number:
        return heading
    if number[0] in "(（":
        return number + heading
    style = _NUMBER_STYLE.get(_get(section, "level") or 1, "{} ")
    return style.format(number) + heading


def split_items(line: str) -> list[str]:
    """A line cut before each enumerated item, and before the sentence that leads into a list
    (…采取以下措施：一是…), which is a paragraph of its own; the pieces join back into the
    line exactly."""
    cuts = []
    for m in _ITEM.finditer(line):
        if m.start() == 0:
            continue
        before = line[: m.start()].rstrip()
        if before.endswith(("：", ":")):
            lead = max(before.rfind(c, 0, len(before) - 1) for c in "。；;！？")
            if lead > 0:
                cuts.append(lead + 1)
        cuts.append(m.start())
    cuts = sorted(set(cuts))
    bounds = [0, *cuts, len(line)]
    return [line[s:e] for s, e in zip(bounds, bounds[1:]) if line[s:e].strip()]


def paragraphs(sections, table_sections=()) -> list[Paragraph]:
    """Sections (objects or dicts with order, level, number, heading, text) as paragraphs in
    reading order: each section's heading, then its lines cut into items. A section holding a
    standard table is one "table" paragraph: its numbers are compared as a table elsewhere."""
    out, stack = [], []
    for position, s in enumerate(sections):
        order = _get(s, "order", position)
        level = _get(s, "level") or 1
        anchor = f"s-{order}"
        title = numbered(s)
        stack = [(lv, t, k) for lv, t, k in stack if lv < level]
        path = tuple(t for _, t, _ in stack)
        parent = stack[-1][2] if stack else None
        if title:
            out.append(Paragraph(len(out), "heading", title, path, anchor, parent))
            parent = len(out) - 1
            stack.append((level, title, parent))
            path = path + (title,)
        text = _get(s, "text") or ""
        if order in table_sections:
            if text.strip():
                out.append(Paragraph(len(out), "table", text.strip(), path, anchor, parent))
            continue
        for line in text.split("\n"):
            for piece in split_items(line.strip()):
                out.append(Paragraph(len(out), "text", piece, path, anchor, parent))
    return out


def _canonical(text: str) -> str:
    """The text with each word in its canonical form, punctuation kept (each word is converted
    once and remembered; converting whole paragraphs would cost the most)."""
    return "".join(canon or written for written, canon in tokens(text))


def _plain(text: str) -> str:
    """The text's canonical letters and digits."""
    return "".join(_KEEP.findall(_canonical(text))) or text.strip()


def _grams(text: str) -> Counter:
    """Character bigrams of the text read through the synonym list, and its words."""
    normalized = normalize(_canonical(text))
    plain = "".join(_KEEP.findall(normalized))
    bag = Counter(plain[k : k + 2] for k in range(len(plain) - 1))
    bag.update("w:" + w for w in words(normalized) if len(w) > 1)
    return bag


def _matrix(bags) -> sparse.csr_matrix:
    """Unit-length TF-IDF rows of these bags of grams (Counters, or sets: each gram once), the
    IDF taken over the bags themselves."""
    n, keys, counts, lengths = len(bags), [], [], []
    for bag in bags:
        keys.extend(bag)
        counts.extend(bag.values() if isinstance(bag, Counter) else [1] * len(bag))
        lengths.append(len(bag))
    # Columns numbered in order of first appearance; a bag holds each gram once, so the
    # number of bags holding a gram is the count of its column.
    # (dict.fromkeys and map keep the per-gram work in C: a pair of reports has some 15,000.)
    vocabulary = {g: k for k, g in enumerate(dict.fromkeys(keys))}
    cols = np.fromiter(map(vocabulary.__getitem__, keys), dtype=np.int64, count=len(keys))
    rows = np.repeat(np.arange(n), lengths)
    df = np.bincount(cols, minlength=len(vocabulary))
    values = (1 + np.log(np.asarray(counts, dtype=float))) * np.log((n + 1) / (df[cols] + 0.5))
    m = sparse.csr_matrix((values, (rows, cols)), shape=(n, max(len(vocabulary), 1)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1 / norms) @ m


def _cosines(bags_a, bags_b) -> np.ndarray:
    m = _matrix(list(bags_a) + list(bags_b))
    return (m[: len(bags_a)] @ m[len(bags_a) :].T).toarray()


_LEAD = re.compile(r"^(?:[一二三四五六七八九十]{1,3}是|20\d\d年(?:度)?|进一步|同时)[，,、]?")


def _opening(p: Paragraph, paras) -> set:
    """Bigrams of what a reader takes a paragraph to be about: its first clause without item
    marker or year (二是规范信息发布全流程 and 进一步规范信息发布全流程), and the heading of
    its section when it opens that section (a plan's heading often names the subject its text
    never repeats: 抓好日常回应关切 over a paragraph on 政民互动)."""
    clause = re.split(r"[。，,；;：:]", _LEAD.sub("", p.text.strip()), maxsplit=1)[0]
    if p.parent is not None and p.index == p.parent + 1:
        clause += "\n" + re.sub(r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]?", "", paras[p.parent].text)
    plain = "".join(_KEEP.findall(normalize(canonical(clause))) or "")
    return {plain[k : k + 2] for k in range(len(plain) - 1)}


@dataclass
class Features:
    """What comparing needs of one paragraph, computed once per document (a document compared
    with many others is cut into words once): its words as written with their canonical forms,
    its bag of grams, the grams of its topic and its canonical letters."""

    tokens: tuple
    grams: Counter
    opening: set
    plain: str


def features(paras) -> list[Features]:
    """Features of a document's paragraphs, in their order."""
    return [Features(tokens(p.text), _grams(p.text), _opening(p, paras), _plain(p.text)) for p in paras]


def similarity_matrix(paras_a, paras_b, feats_a=None, feats_b=None) -> np.ndarray:
    """Cosine similarity of paragraphs of one kind, plus OPENING_WEIGHT times that of their
    topics (_opening); text under headings that pair up (the same section in both) gains
    SECTION_BONUS, as a reader expects a section's paragraphs to answer each other before
    looking elsewhere."""
    feats_a = feats_a if feats_a is not None else features(paras_a)
    feats_b = feats_b if feats_b is not None else features(paras_b)
    kinds_a = np.array([p.kind for p in paras_a])
    kinds_b = np.array([p.kind for p in paras_b])
    same_kind = kinds_a[:, None] == kinds_b[None, :]
    sim = _cosines([f.grams for f in feats_a], [f.grams for f in feats_b]) * same_kind
    # The same text is the same paragraph, even one too short to have features (a cell "1 |").
    same_b = {}
    for j, b in enumerate(paras_b):
        same_b.setdefault((b.kind, feats_b[j].plain), []).append(j)
    for i, a in enumerate(paras_a):
        for j in same_b.get((a.kind, feats_a[i].plain), ()):
            sim[i, j] = max(sim[i, j], 1.0)
    texts = (kinds_a == "text")[:, None] & (kinds_b == "text")[None, :]
    topics = _cosines([f.opening for f in feats_a], [f.opening for f in feats_b])
    sim = sim + OPENING_WEIGHT * topics * (texts & (sim > 0))
    heads_a = [p.index for p in paras_a if p.kind == "heading"]
    heads_b = [p.index for p in paras_b if p.kind == "heading"]
    if heads_a and heads_b:
        parents_a = np.array([-1 if p.parent is None else p.parent for p in paras_a])
        parents_b = np.array([-1 if p.parent is None else p.parent for p in paras_b])
        bonus = np.zeros_like(sim, dtype=bool)
        for i, j in monotone(sim[np.ix_(heads_a, heads_b)], HEADING_THRESHOLD):
            bonus |= (parents_a == heads_a[i])[:, None] & (parents_b == heads_b[j])[None, :]
        sim = sim + SECTION_BONUS * (bonus & texts & (sim > 0))
    return sim


def monotone(sim: np.ndarray, threshold=THRESHOLD) -> list[tuple[int, int]]:
    """Pairs (i, j), increasing in both, maximizing the total of similarity above the
    threshold (Needleman-Wunsch with free gaps)."""
    n, m = sim.shape
    gain = sim - threshold
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        row, prev, g = best[i], best[i - 1], gain[i - 1]
        for j in range(1, m + 1):
            diag = prev[j - 1] + g[j - 1] if g[j - 1] > 0 else -1.0
            row[j] = max(prev[j], row[j - 1], diag)
    pairs, i, j = [], n, m
    while i > 0 and j > 0:
        if gain[i - 1, j - 1] > 0 and best[i, j] == best[i - 1, j - 1] + gain[i - 1, j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i, j] == best[i - 1, j]:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def moved(sim: np.ndarray, in_order, threshold=MOVED) -> list[tuple[int, int]]:
    """Pairs among the paragraphs left over, wherever they stand."""
    left_a = sorted(set(range(sim.shape[0])) - {i for i, _ in in_order})
    left_b = sorted(set(range(sim.shape[1])) - {j for _, j in in_order})
    if not left_a or not left_b:
        return []
    sub = sim[np.ix_(left_a, left_b)]
    rows, cols = linear_sum_assignment(-sub)
    return sorted((left_a[r], left_b[c]) for r, c in zip(rows, cols) if sub[r, c] >= threshold)


def mutual_best(sim: np.ndarray, taken, floor=FLOOR) -> list[tuple[int, int]]:
    """Among paragraphs left over, pairs each of which is the other's most similar, above a low
    floor: a report and a plan rarely share wording, but a report's paragraph on 财政信息 has
    no closer counterpart than the plan's section on 财政资金, nor the other way round."""
    left_a = sorted(set(range(sim.shape[0])) - {i for i, _ in taken})
    left_b = sorted(set(range(sim.shape[1])) - {j for _, j in taken})
    if not left_a or not left_b:
        return []
    sub = sim[np.ix_(left_a, left_b)]
    pairs = []
    for r in range(len(left_a)):
        c = int(sub[r].argmax())
        if sub[r, c] < floor or int(sub[:, c].argmax()) != r:
            continue
        runner_up = max(np.partition(sub[r], -2)[-2] if sub.shape[1] > 1 else 0, np.partition(sub[:, c], -2)[-2] if sub.shape[0] > 1 else 0)
        if sub[r, c] >= MARGIN * runner_up:
            pairs.append((left_a[r], left_b[c]))
    return pairs


def align(paras_a, paras_b, feats_a=None, feats_b=None):
    """(in-order pairs, moved pairs, similarity matrix). Pairs found after the monotone pass
    join the reading order when they cross none of its pairs, else they are "moved"."""
    if not paras_a or not paras_b:
        return [], [], np.zeros((len(paras_a), len(paras_b)))
    sim = similarity_matrix(paras_a, paras_b, feats_a, feats_b)
    in_order = monotone(sim)
    extra = mutual_best(sim, in_order)
    extra += moved(sim, in_order + extra)
    out_of_order = []
    for i, j in sorted(extra, key=lambda p: -sim[p]):
        if all((i - k) * (j - l) > 0 for k, l in in_order):
            in_order.append((i, j))
        else:
            out_of_order.append((i, j))
    return sorted(in_order), sorted(out_of_order), sim


def rows(paras_a, paras_b, in_order, moved_pairs):
    """The rows of the two-column view in reading order of both documents. Between two
    in-order pairs, A's paragraphs come first, then B's."""
    partner_a = {i: j for i, j in moved_pairs}
    partner_b = {j: i for i, j in moved_pairs}
    out, i, j = [], 0, 0
    for pi, pj in [*in_order, (len(paras_a), len(paras_b))]:
        while i < pi:
            out.append({"a": i, "b": None, "status": "moved" if i in partner_a else "only_a", "partner": partner_a.get(i)})
            i += 1
        while j < pj:
            out.append({"a": None, "b": j, "status": "moved" if j in partner_b else "only_b", "partner": partner_b.get(j)})
            j += 1
        if pi < len(paras_a):
            out.append({"a": pi, "b": pj, "status": "pair", "partner": None})
            i, j = pi + 1, pj + 1
    return out


def _pieces(pieces):
    return [{"op": p.op, "text": p.text} for p in pieces]


def _changes(pieces_a, pieces_b) -> int:
    """Places changed: runs of deleted or inserted text, a replacement counted once."""
    return max(sum(p.op == "delete" for p in pieces_a), sum(p.op == "insert" for p in pieces_b))


def compare(paras_a, paras_b, feats_a=None, feats_b=None) -> dict:
    """The two-column view as plain data, with counts a reader can say in words. Features
    (features()) may be given, as kept from an earlier comparison of either document."""
    feats_a = feats_a if feats_a is not None else features(paras_a)
    feats_b = feats_b if feats_b is not None else features(paras_b)
    in_order, moved_pairs, sim = align(paras_a, paras_b, feats_a, feats_b)
    out_rows = rows(paras_a, paras_b, in_order, moved_pairs)
    pair_pieces = {}
    for i, j in [*in_order, *moved_pairs]:
        a, b = paras_a[i], paras_b[j]
        if a.kind == "table":
            same = canonical(a.text) == canonical(b.text)
            pa, pb = [worddiff.Piece("equal", a.text)], [worddiff.Piece("equal", b.text)]
        else:
            pa, pb = worddiff.sides(a.text, b.text, feats_a[i].tokens, feats_b[j].tokens)
            same = all(p.op == "equal" for p in pa + pb)
        pair_pieces[(i, j)] = (pa, pb, same)
    counts = Counter()
    for row in out_rows:
        i, j = row["a"], row["b"]
        if row["status"] == "pair":
            pa, pb, same = pair_pieces[(i, j)]
            row["status"] = "same" if same else "changed"
            row["changes"] = 0 if same else _changes(pa, pb)
            row["a_pieces"], row["b_pieces"] = _pieces(pa), _pieces(pb)
        elif row["status"] == "moved":
            key = (i, row["partner"]) if i is not None else (row["partner"], j)
            pa, pb, same = pair_pieces[key]
            row["changes"] = 0 if same else _changes(pa, pb)
            if i is not None:
                row["a_pieces"] = _pieces(pa)
            else:
                row["b_pieces"] = _pieces(pb)
        else:
            p = paras_a[i] if i is not None else paras_b[j]
            row["a_pieces" if i is not None else "b_pieces"] = [{"op": "delete" if i is not None else "insert", "text": p.text}]
        row["kind"] = (paras_a[i] if i is not None else paras_b[j]).kind
        if row["kind"] != "heading" and not (row["status"] == "moved" and i is None):
            # Paragraphs of text are counted, headings not; a moved pair once, on A's side.
            counts[row["status"]] += 1
            counts["changes"] += row.get("changes", 0)
    body = lambda ps: [p for p in ps if p.kind != "heading"]
    return {
        "rows": out_rows,
        "paragraphs_a": [_para(p, f) for p, f in zip(paras_a, feats_a)],
        "paragraphs_b": [_para(p, f) for p, f in zip(paras_b, feats_b)],
        "pairs": [[i, j] for i, j in in_order],
        "moved": [[i, j] for i, j in moved_pairs],
        "counts": {
            "paragraphs_a": len(body(paras_a)),
            "paragraphs_b": len(body(paras_b)),
            "same": counts["same"],
            "changed": counts["changed"],
            "changes": counts["changes"],
            "only_a": counts["only_a"],
            "only_b": counts["only_b"],
            "moved": counts["moved"],
        },
    }


def _para(p: Paragraph, features: Features) -> dict:
    # The key from the canonical letters the features hold already (Paragraph.key's value).
    return {"kind": p.kind, "path": list(p.path), "anchor": p.anchor, "key": features.plain[:KEY_LENGTH]}


def in_words(counts: dict) -> str:
    """The counts as a sentence: 相同 20 段，改动 12 段（共 31 处），删去 3 段，新增 5 段，移动 2 段。"""
    parts = []
    if counts["same"]:
        parts.append(f"相同 {counts['same']} 段")
    if counts["changed"]:
        parts.append(f"改动 {counts['changed']} 段（共 {counts['changes']} 处）")
    if counts["only_a"]:
        parts.append(f"删去 {counts['only_a']} 段")
    if counts["only_b"]:
        parts.append(f"新增 {counts['only_b']} 段")
    if counts["moved"]:
        parts.append(f"移动 {counts['moved']} 段")
    return "，".join(parts) + "。" if parts else "两份文件都没有正文。"
