"""The main content of an HTML page as text: see the package's docstring."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import decode, provenance
from ..errors import IngestError
from .extracted import SPACES, Extracted, join_lines

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# Declarations honoured, as the codec that reads all of what they name (GB2312 pages are GBK
# in practice). Any other (iso-8859-1 on a Chinese page is common, and decodes anything) is
# ignored and the encoding detected as for text.
_CHARSETS = {
    "utf-8": "utf-8", "utf8": "utf-8", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "gb18030": "gb18030", "big5": "big5", "big5-hkscs": "big5hkscs",
}

_DROP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "nav", "aside", "footer", "form", "button", "select", "textarea", "input", "label", "head",
    "map", "audio", "video", "dialog", "menu",
}
# Class or id words of page chrome, matched as whole words (`foot` but not `footnote`).
_CHROME_WORDS = {
    "nav", "navbar", "menu", "breadcrumb", "breadcrumbs", "crumb", "crumbs", "sidebar",
    "share", "toolbar", "copyright", "footer", "foot", "banner", "qrcode", "ewm", "pagination",
    "pager", "login", "search", "topbar", "related", "comment", "comments", "print",
    "position", "weizhi", "dqwz", "header", "logo", "topnav",
}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure",
    "figcaption", "hr", "table", "caption", "body", "html", "tbody", "thead", "tfoot", "tr",
}
_CELL_TAGS = {"td", "th"}
_INVISIBLE = {"script", "style", "head", "noscript", "template"}
_WORD = re.compile(r"[A-Za-z]+")


@dataclass
class _El:
    tag: str
    attrs: dict
    children: list  # _El or str
    chars: int = 0       # visible characters below, spaces excluded
    link_chars: int = 0  # of which inside <a>
    links: int = 0


def html_text(data: bytes, max_bytes: int = decode.DEFAULT_MAX_BYTES) -> Extracted:
    from selectolax.lexbor import LexborHTMLParser

    decoded = _decode_html(data, max_bytes)
    tree = LexborHTMLParser(decoded.text)
    hints = page_hints(tree, decoded.text)
    root = _convert(tree.root) if tree.root is not None else None
    if root is None:
        raise IngestError("empty", "The HTML page has no content.")
    dropped: list[str] = []
    _prune(root, dropped)
    if root.chars == 0:
        raise IngestError("empty", "The HTML page has no text in it.")
    main = _main_block(root)
    title = _title_before(root, main)
    lines: list[str] = []
    if title:
        lines.append(title)
    lines.extend(_block_lines(main))
    text = "\n".join(_tidy_blocks(lines))
    report = []
    if dropped:
        report.append({"action": "extract_html", "count": len(dropped), "examples": dropped[:5]})
    return Extracted("html", decode.Decoded(text, decoded.encoding, decoded.bom), report=report, hints=hints,
                     exact_rows=True)


# What a page's <meta> tags say of it, by hints key, strongest first: the tags of Chinese
# government CMSs (TRS: ArticleTitle, PubDate, ContentSource, Url; gov.cn: firstpublishedtime),
# then Highwire/Dublin Core/Open Graph ones. Names are compared in lower case.
_META = {
    "meta_title": ("articletitle", "citation_title", "dc.title", "og:title"),
    "meta_date": ("pubdate", "firstpublishedtime", "publishdate", "citation_publication_date", "citation_date",
                  "article:published_time", "dc.date.issued", "dc.date", "dcterms.issued"),
    "meta_source_url": ("url", "og:url", "citation_public_url"),
    "meta_issuer": ("contentsource", "citation_publisher", "dc.publisher"),
}
# Saved by a browser: `<!-- saved from url=(0071)https://… -->` (Chrome, IE), SingleFile's
# `url: https://…` and `saved date: Sun Dec 06 2026 …` in its opening comment.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_SINGLEFILE = re.compile(r"<!--\s*Page saved with SingleFile(.*?)-->", re.I | re.S)


def page_hints(tree, source: str) -> dict:
    """What the page says of itself beside its text (see Extracted.hints): its <meta> tags, its
    canonical link and what a browser noted when saving it. An address must be absolute."""
    found: dict = {}
    tags = {}
    for node in tree.css("meta"):
        attrs = node.attributes or {}
        name = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").strip()
        content = (attrs.get("content") or "").strip()
        if name and content:
            tags.setdefault(name.lower(), (name, content))
    for hint, names in _META.items():
        for lower in names:
            if lower not in tags:
                continue
            name, content = tags[lower]
            value = {"meta_date": provenance.parse_date, "meta_source_url": provenance.http_url}.get(hint, str)(content)
            if value:
                found[hint] = value
                found[f"{hint}_from"] = provenance.origin("html_meta", name)
                break
    for node in tree.css("link"):
        attrs = node.attributes or {}
        if "canonical" in (attrs.get("rel") or "").lower().split() and (url := provenance.http_url(attrs.get("href"))):
            # The page's own address for itself beats a <meta> tag naming one.
            found["meta_source_url"], found["meta_source_url_from"] = url, provenance.origin("html_canonical")
            break
    head = source[:4000]
    saved_url = saved_on = None
    if m := _SINGLEFILE.search(head):
        if u := re.search(r"\burl:\s*(\S+)", m.group(1)):
            saved_url = provenance.http_url(u.group(1))
        if d := re.search(r"saved date:\s*([^\n]+)", m.group(1)):
            saved_on = provenance.parse_date(d.group(1))
    elif m := _SAVED_FROM.search(head):
        saved_url = provenance.http_url(m.group(1))
    if saved_url and "meta_source_url" not in found:
        found["meta_source_url"], found["meta_source_url_from"] = saved_url, provenance.origin("html_saved")
    if saved_on:
        found["retrieved_on"], found["retrieved_on_from"] = saved_on, provenance.origin("html_saved")
    return found


def _decode_html(data: bytes, max_bytes: int) -> decode.Decoded:
    declared = _CHARSET.search(data[:4096])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        codec = _CHARSETS.get(declared.group(1).decode("ascii", "replace").lower())
        if codec:
            try:
                return decode.Decoded(data.decode(codec), codec, False)
            except UnicodeDecodeError:
                pass  # a wrong declaration is common; detect instead
    return decode.decode(data, max_bytes=max_bytes)


def _convert(node) -> _El | None:
    """selectolax's tree as plain objects, built once, iteratively (deep pages are common)."""
    top = _El(node.tag or "", dict(node.attributes or {}), [])
    stack = [(node, top)]
    while stack:
        src, dst = stack.pop()
        for child in src.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                text = child.text(deep=False)
                if text:
                    dst.children.append(text)
            elif tag and not tag.startswith(("-", "!")):
                el = _El(tag.lower(), dict(child.attributes or {}), [])
                dst.children.append(el)
                stack.append((child, el))
    return top


def _chrome(el: _El, page_chars: int) -> bool:
    """Page chrome by tag, attribute or class/id word. A header holding the document's title
    (an <h1> of some length, not a logo link) is kept, and no chrome word ever drops the block
    holding most of the page's text."""
    if el.tag in _DROP_TAGS:
        return True
    if el.tag == "header" and not _holds_title(el):
        return True
    attrs = el.attrs
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = (attrs.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    if attrs.get("role") in ("navigation", "banner", "contentinfo", "search"):
        return True
    words = {w.lower() for w in _WORD.findall(f"{attrs.get('class') or ''} {attrs.get('id') or ''}")}
    return bool(words & _CHROME_WORDS) and not _holds_title(el) and el.chars < 0.5 * page_chars


def _holds_title(el: _El) -> bool:
    h1 = _first(el, "h1")
    return h1 is not None and _first(h1, "a") is None and len(_inline_text(h1)) >= 6


def _title_before(root: _El, main: _El) -> str:
    """The document's title when the main block leaves it out: the last <h1> with text before
    the main block (an article's title sits above its body; a site's name comes first)."""
    title, stack = "", [root]
    while stack:
        node = stack.pop()
        if node is main:
            return title
        if node.tag == "h1":
            text = _inline_text(node)
            title = text if len(text) >= 4 else title
            continue
        stack.extend(reversed([c for c in node.children if isinstance(c, _El)]))
    return ""


def _prune(root: _El, dropped: list) -> None:
    """Drop chrome elements, then link lists (menus, "related articles": the outermost block
    whose text is mostly links), and measure the text of every element that is left."""
    _measure_all(root)
    page_chars = root.chars
    _drop(root, lambda el: _chrome(el, page_chars), dropped)
    _drop(root, lambda el: el.tag != "a" and el.links >= 3 and el.link_chars >= 0.6 * el.chars, dropped)


def _drop(root: _El, unwanted, dropped: list) -> None:
    """Remove the outermost elements `unwanted` says yes to, noting what they said; measure again."""
    stack = [root]
    while stack:
        el = stack.pop()
        kept = []
        for child in el.children:
            if isinstance(child, _El) and unwanted(child):
                sample = _inline_text(child)
                if sample and child.tag not in _INVISIBLE:
                    dropped.append(f"<{child.tag}> {sample[:40]}")
                continue
            kept.append(child)
        el.children = kept
        stack.extend(c for c in kept if isinstance(c, _El))
    _measure_all(root)


def _measure_all(root: _El) -> None:
    order, stack = [], [root]
    while stack:
        el = stack.pop()
        order.append(el)
        stack.extend(c for c in el.children if isinstance(c, _El))
    for el in reversed(order):
        _measure(el)


def _measure(el: _El) -> None:
    """Visible characters below an element whose children are measured already."""
    chars = link_chars = links = 0
    for child in el.children:
        if isinstance(child, str):
            chars += len(SPACES.sub("", child).replace("\u00a0", "").replace("\u3000", ""))
        else:
            chars += child.chars
            link_chars += child.link_chars
            links += child.links + (child.tag == "a")
    if el.tag in _INVISIBLE:
        chars = link_chars = links = 0
    el.chars, el.links = chars, links
    el.link_chars = chars if el.tag == "a" else link_chars


def _main_block(root: _El) -> _El:
    """The deepest block holding most of the page's text, widened while its parent adds little
    (the title and date line above an article body)."""
    body = _first(root, "body") or root
    total = body.chars - body.link_chars
    path = [body]
    node = body
    while True:
        best = max(
            (c for c in node.children if isinstance(c, _El)), key=lambda c: c.chars - c.link_chars, default=None
        )
        if best is None or (best.chars - best.link_chars) < 0.75 * total or (best.tag == "table" and _data_table(best)):
            break
        node = best
        path.append(node)
    while len(path) > 1:
        parent = path[-2]
        own = path[-1].chars - path[-1].link_chars
        if (parent.chars - parent.link_chars) - own > max(200, own // 4):
            break
        path.pop()
    return path[-1]


def _first(el: _El, tag: str) -> _El | None:
    """The first element of a tag in document order."""
    stack = [el]
    while stack:
        node = stack.pop()
        if node.tag == tag:
            return node
        stack.extend(reversed([c for c in node.children if isinstance(c, _El)]))
    return None


def _inline_text(el: _El, breaks: str = " ") -> str:
    """All the text below, HTML whitespace collapsed; <br> and blocks become `breaks`."""
    parts = []
    stack = [el]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(SPACES.sub(" ", node))
            continue
        if node.tag == "br" or node.tag in _BLOCK_TAGS | _CELL_TAGS:
            parts.append(breaks)
        stack.extend(reversed(node.children))
    return re.sub(" {2,}", " ", "".join(parts)).strip(" ")


def _data_table(el: _El) -> bool:
    """A table of data, not layout: no table inside it, and some row with two cells or more."""
    rows = _rows(el)
    if any(_first(cell, "table") for row in rows for cell in row):
        return False
    return any(len(row) >= 2 for row in rows)


def _rows(table: _El) -> list[list[_El]]:
    rows, stack = [], list(reversed(table.children))
    while stack:
        node = stack.pop()
        if isinstance(node, str) or node.tag == "table":
            continue
        if node.tag == "tr":
            rows.append([c for c in node.children if isinstance(c, _El) and c.tag in _CELL_TAGS])
        else:
            stack.extend(reversed(node.children))
    return rows


def _cell(el: _El) -> str:
    # A `|` in a cell would split it; tabs are column separators too.
    return join_lines(_inline_text(el, "\n").split("\n")).replace("|", "¦").replace("｜", "¦").replace("\t", " ")


_BLANK = "\x00"  # a paragraph break, until the lines are joined


def _block_lines(el: _El) -> list[str]:
    """The text of a block as lines: blocks end paragraphs (a blank line, as in the text files
    the cleaning stage was made for), <br> ends a line, data tables give one `|` row a line."""
    out: list[str] = []
    line: list[str] = []

    def flush(blank=True):
        text = SPACES.sub(" ", "".join(line)).strip(" ")
        line.clear()
        if text:
            out.append(text)
        if blank:
            out.append(_BLANK)

    stack: list = [el]
    while stack:
        node = stack.pop()
        if node is None:
            flush()
            continue
        if isinstance(node, str):
            line.append(node)
            continue
        if node.tag == "br":
            flush(blank=False)
        elif node.tag == "pre":
            flush()
            out.extend(_inline_pre(node).splitlines())
            out.append(_BLANK)
        elif node.tag == "table" and _data_table(node):
            flush()
            for row in _rows(node):
                cells = [_cell(c) for c in row]
                if any(cells):
                    out.append("| " + " | ".join(cells) + " |")
            out.append(_BLANK)
        elif node.tag in _BLOCK_TAGS or node.tag in _CELL_TAGS:
            flush()
            stack.append(None)  # close the block after its children
            stack.extend(reversed(node.children))
        else:
            stack.extend(reversed(node.children))
    flush()
    return out


def _inline_pre(el: _El) -> str:
    parts, stack = [], [el]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        else:
            if node.tag == "br":
                parts.append("\n")
            stack.extend(reversed(node.children))
    return "".join(parts)


def _tidy_blocks(lines: list[str]) -> list[str]:
    """Blank-line markers to single blank lines, none at the ends; table rows stay together."""
    out: list[str] = []
    for line in lines:
        if line == _BLANK:
            if out and out[-1] != "":
                out.append("")
        else:
            out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out
