"""The original text with every cleaning edit marked, as HTML.

`Document.edits` lists the edits in the order cleaning made them, each `{action, start, end,
removed, inserted}` in offsets of the original text. A later edit can cover earlier ones (a
duplicated block that itself held page chrome), so the edits form a tree: each is drawn
around the edits it covers. The original's characters all appear, once and in order; what
was removed is inside `<del>`, what was put in its place (when visible) inside `<ins>`.
"""
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import cleanup_words

# How each action is drawn; the legend names it in the cleaning report's words.
ACTIONS = {
    "remove_noise": "noise",
    "remove_page_chrome": "chrome",
    "remove_duplicate_block": "duplicate",
    "remove_pinyin": "pinyin",
    "rejoin_breaks": "rejoin",
    "remove_blank_lines": "blank",
    "normalize_whitespace": "space",
    "normalize_width": "width",
    "normalize_line_endings": "eol",
}


def action_class(action):
    return ACTIONS.get(action, "other")


def action_label(action):
    return cleanup_words.words(action)


@dataclass
class Node:
    start: int
    end: int
    action: str = ""
    inserted: str = ""
    index: int = -1
    children: list = field(default_factory=list)


def edit_tree(length, edits) -> Node:
    """The edits as a tree under a root spanning the whole text.

    Containment decides nesting; of two edits with the same span the later one is outside.
    An edit that crosses another (cleaning never makes one, but stored data is not trusted) is
    clipped to start where the one it crosses ends, so no character is drawn twice."""
    root = Node(0, length)
    ordered = sorted(
        (
            (max(0, min(e["start"], length)), max(0, min(e["end"], length)), i, e)
            for i, e in enumerate(edits)
        ),
        key=lambda t: (t[0], -t[1], -t[2]),
    )
    stack = [root]
    for start, end, index, edit in ordered:
        end = max(start, end)
        while len(stack) > 1 and not _inside(start, end, stack[-1]):
            if start < stack[-1].end < end:
                start = stack[-1].end  # crossing: clip
            stack.pop()
        node = Node(start, end, edit.get("action", ""), edit.get("inserted", ""), index)
        stack[-1].children.append(node)
        stack.append(node)
    return root


def _inside(start, end, node):
    if node.start == node.end:  # an insertion holds nothing
        return False
    return node.start <= start and end <= node.end and not (start == end == node.end)


def render(original: str, edits) -> str:
    """HTML of the original text with the edits marked (escaped; safe to put in a page)."""
    out = []
    _render_children(original, edit_tree(len(original), edits), out)
    return mark_safe("".join(out))


def _render_children(original, node, out):
    pos = node.start
    for child in node.children:
        if child.start < pos:
            continue  # inside text already drawn (only crossing edits can get here)
        if child.start > pos:
            out.append(escape(original[pos : child.start]))
        _render_edit(original, child, out)
        pos = max(pos, child.end)
    if node.end > pos:
        out.append(escape(original[pos : node.end]))


def _render_edit(original, node, out):
    css = action_class(node.action)
    removed = original[node.start : node.end]
    title = escape(action_label(node.action))
    attrs = f'class="edit {css}" data-action="{escape(node.action)}" data-edit="{node.index}" title="{title}"'
    if node.end > node.start:
        kind = " ws" if not removed.strip() else ""
        out.append(f'<del {attrs.replace("edit ", "edit" + kind + " ", 1)}>')
        _render_children(original, node, out)
        out.append("</del>")
    # Whitespace put in place of whitespace changes nothing a reader sees in the original.
    if node.inserted.strip():
        out.append(f'<ins class="edit {css}" title="{title}">{escape(node.inserted)}</ins>')
    elif node.end == node.start and node.inserted:
        out.append(f'<ins class="edit ws {css}" title="{title}">{escape(node.inserted)}</ins>')


def action_counts(edits):
    """[(action, css class, label, count)] in the order the actions first appear."""
    counts = {}
    for edit in edits:
        counts[edit.get("action", "")] = counts.get(edit.get("action", ""), 0) + 1
    return [(a, action_class(a), action_label(a), n) for a, n in counts.items()]
