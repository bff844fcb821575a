"""The real corpus's crawled pages re-shaped as other sources deliver the same documents.

Every corpus file is a crawl of one site: a `标题:`-style header, a separator, and the page
body on one line. Documents from other sites, extractors and converters carry the same words
in other shapes. Each function here takes a crawl's text and returns another shape of it,
made at test time (the corpus files are not copied):

* paragraph_lines: the body with its paragraphs on separate lines, as an HTML-to-text
  extractor gives it (a break after each sentence that ends a paragraph and before each
  numbered heading);
* body_only: no crawler header, the title as the first line;
* collapsed_body_only: the body still on one line, under its title line alone;
* other_keys: the header written with another crawler's keys (`title:`/`date:`/`url:`,
  `来源:`/`发布日期:`/`信息来源:`);
* space_joined: the paragraphs joined by one space instead of nothing;
* html_page: a simple HTML page (`<h1>` title, one `<p>` a paragraph);
* markdown: a converter's markdown (`#` title, `##` parts, blank lines between paragraphs);
* wrapped: pdftotext's lines, cut at the margin (not in SHAPES: a cut through a flattened
  table splits its figures, which no extractor of a real table does);
* traditional: the page converted to 繁體;
* elsewhere: the publisher's place name replaced by another place's.
"""
import html
import re

_SEPARATOR = re.compile(r"^=+\s*正文\s*=+\s*$", re.M)
_TITLE = re.compile(r"^标题[:：]\s*(.*)$", re.M)
_DATE = re.compile(r"^发布时间[:：]\s*(.*)$", re.M)
_URL = re.compile(r"^原文链接[:：]\s*(.*)$", re.M)

# Where a paragraph of the page ended: a top-level or second-level heading that follows the
# end of a sentence (or the title's space), never inside a table's run of cells.
_BREAK = re.compile(
    r"(?<=[。；：:！？])\s*(?=(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])\s*[^\s\d])"
    # The crawler joined some paragraphs with a space: after a sentence, before a part's
    # number (the part after a table: …0 0 四、…), before a signing date (…办公室 2019年11月23日).
    r"|(?<=[。！？])\s+(?=\S)|\s+(?=[一二三四五六七八九十]+、[^\s\d])|(?<=[\u4e00-\u9fff])\s+(?=(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)")


def split(text):
    """(header lines, body) of a crawl."""
    m = _SEPARATOR.search(text)
    if not m:
        return "", text
    return text[: m.start()], text[m.end():].lstrip("\n")


def title(text):
    m = _TITLE.search(text)
    return m.group(1).strip() if m else ""


def paragraphs(body):
    """The body's paragraphs, cut where the page's paragraphs were (see _BREAK)."""
    parts = []
    for line in body.splitlines():
        # The title is followed by one space on the crawled line.
        line = re.sub(r"^(\S{6,80}?(?:报告|要点|通知|意见|方案|公告))\s+", r"\1\n", line.strip(), count=1)
        parts.extend(p.strip() for p in _BREAK.sub("\n", line).split("\n"))
    return [p for p in parts if p]


def paragraph_lines(text):
    header, body = split(text)
    return header + "==================== 正文 ====================\n" + "\n".join(paragraphs(body)) + "\n"


def space_joined(text):
    header, body = split(text)
    return header + "==================== 正文 ====================\n" + " ".join(paragraphs(body)) + "\n"


def body_only(text):
    _, body = split(text)
    paras = paragraphs(body)
    head = title(text)
    if paras and head and paras[0].replace(" ", "") != head.replace(" ", ""):
        paras.insert(0, head)
    return "\n".join(paras) + "\n"


def collapsed_body_only(text):
    """The crawled body as it is (one line), the header replaced by the title line alone."""
    _, body = split(text)
    return title(text) + "\n" + body


def markdown(text):
    """A converter's markdown: `#` title, `##` before each part's number, blank lines between."""
    _, body = split(text)
    paras = paragraphs(body)
    head = title(text)
    if paras and paras[0].replace(" ", "") == head.replace(" ", ""):
        paras = paras[1:]
    out = ["# " + head]
    for p in paras:
        out.append(("## " if re.match(r"[一二三四五六七八九十]+、", p) else "") + p)
    return "\n\n".join(out) + "\n"


def wrapped(text, width=38):
    """pdftotext without -layout: lines cut at the margin (38 characters), no blank lines."""
    _, body = split(text)
    out = [title(text)]
    for p in paragraphs(body):
        out += [p[i:i + width] for i in range(0, len(p), width)]
    return "\n".join(out) + "\n"


def traditional(text):
    """The page in 繁體, as sites in Hong Kong, Macao and Taiwan style publish."""
    from opencc import OpenCC

    return OpenCC("s2t").convert(text)


def other_keys(text, style="en"):
    header, body = split(text)
    date = (_DATE.search(header) or [None, ""])[1].strip() if _DATE.search(header) else ""
    url = _URL.search(header).group(1).strip() if _URL.search(header) else ""
    if style == "en":
        lines = [f"title: {title(text)}", f"date: {date}", f"url: {url}", ""]
    else:
        lines = [f"标题：{title(text)}", f"发布日期：{date}", "来源：本站", f"信息来源：{url}", ""]
    return "\n".join(lines) + "\n".join(paragraphs(body)) + "\n"


def html_page(text):
    _, body = split(text)
    paras = paragraphs(body)
    head = title(text)
    if paras and paras[0].replace(" ", "") == head.replace(" ", ""):
        paras = paras[1:]
    return (
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html.escape(head)
        + "</title></head>\n<body>\n<h1>" + html.escape(head) + "</h1>\n"
        + "".join(f"<p>{html.escape(p)}</p>\n" for p in paras)
        + "</body></html>\n"
    )


def elsewhere(text, old, new):
    return text.replace(old, new)


SHAPES = {
    "paragraph_lines": paragraph_lines,
    "body_only": body_only,
    "other_keys_en": lambda t: other_keys(t, "en"),
    "other_keys_cn": lambda t: other_keys(t, "cn"),
    "space_joined": space_joined,
    "collapsed_body_only": collapsed_body_only,
    "markdown": markdown,
    "traditional": traditional,
    "html_page": html_page,
}
